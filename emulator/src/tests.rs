//! The emulator over HTTP, as gsudo and gcloud see it.

use std::error::Error;
use std::net::SocketAddr;

use reqwest::StatusCode;
use serde_json::{Value, json};

use super::*;

type TestResult = Result<(), Box<dyn Error>>;

const ALICE_REFRESH: &str = "sandbox-refresh-alice";
const MALLORY_REFRESH: &str = "sandbox-refresh-mallory";
const AUDITOR: &str = "auditor@sandbox-project.iam.gserviceaccount.com";
const RELAY: &str = "relay@sandbox-project.iam.gserviceaccount.com";
const CLOUD_PLATFORM: &str = "https://www.googleapis.com/auth/cloud-platform";

struct Sandbox {
    emulator: Emulator,
    http: reqwest::Client,
    _dir: tempfile::TempDir,
}

impl Sandbox {
    async fn start() -> Result<Sandbox, Box<dyn Error>> {
        Sandbox::with(World::demo()).await
    }

    async fn with(world: World) -> Result<Sandbox, Box<dyn Error>> {
        let dir = tempfile::tempdir()?;
        let listen: SocketAddr = "127.0.0.1:0".parse()?;
        let emulator = start(world, listen, dir.path().join("audit.jsonl")).await?;
        // No proxy: a developer's HTTPS_PROXY must not swallow loopback test traffic.
        let http = reqwest::Client::builder().no_proxy().build()?;
        Ok(Sandbox {
            emulator,
            http,
            _dir: dir,
        })
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.emulator.base_url())
    }

    async fn user_token(&self, refresh_token: &str) -> Result<String, Box<dyn Error>> {
        let response = self
            .http
            .post(self.url("token"))
            .form(&[
                ("grant_type", "refresh_token"),
                ("refresh_token", refresh_token),
                ("client_id", "test-client"),
                ("client_secret", "unused"),
            ])
            .send()
            .await?;
        assert_eq!(response.status(), StatusCode::OK);
        let body: Value = response.json().await?;
        Ok(body["access_token"]
            .as_str()
            .ok_or("no access_token")?
            .to_owned())
    }

    async fn call(
        &self,
        method: reqwest::Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> Result<(StatusCode, Value), Box<dyn Error>> {
        self.call_with(self.http.request(method, self.url(path)), token, body)
            .await
    }

    async fn call_with(
        &self,
        request: reqwest::RequestBuilder,
        token: Option<&str>,
        body: Option<Value>,
    ) -> Result<(StatusCode, Value), Box<dyn Error>> {
        let mut request = request
            .header("x-goog-request-reason", "ticket-42 rotate keys")
            .header("user-agent", "gsudo-test/1");
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await?;
        let status = response.status();
        Ok((status, response.json().await?))
    }

    async fn mint(
        &self,
        token: Option<&str>,
        account: &str,
        body: Value,
    ) -> Result<(StatusCode, Value), Box<dyn Error>> {
        let path = format!(
            "v1/projects/-/serviceAccounts/{account}:generateAccessToken?$alt=json;enum-encoding=int"
        );
        self.call(reqwest::Method::POST, &path, token, Some(body))
            .await
    }

    fn audit_lines(&self) -> Result<Vec<Value>, Box<dyn Error>> {
        let text = std::fs::read_to_string(self.emulator.audit_log())?;
        Ok(text
            .lines()
            .map(serde_json::from_str)
            .collect::<Result<_, _>>()?)
    }
}

#[tokio::test]
async fn token_endpoint_grants_world_users_only() -> TestResult {
    let sandbox = Sandbox::start().await?;
    assert!(
        sandbox
            .user_token(ALICE_REFRESH)
            .await?
            .starts_with("ya29.")
    );

    // google-cloud-auth sends the refresh request as JSON.
    let response = sandbox
        .http
        .post(sandbox.url("token"))
        .json(
            &json!({"grant_type": "refresh_token", "refresh_token": ALICE_REFRESH,
                      "client_id": "c", "client_secret": "s"}),
        )
        .send()
        .await?;
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await?;
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["expires_in"], 3599);
    assert!(
        body["scope"]
            .as_str()
            .is_some_and(|s| s.contains(CLOUD_PLATFORM))
    );

    for (grant, refresh, error) in [
        ("refresh_token", "not-a-token", "invalid_grant"),
        ("password", ALICE_REFRESH, "unsupported_grant_type"),
    ] {
        let response = sandbox
            .http
            .post(sandbox.url("token"))
            .form(&[("grant_type", grant), ("refresh_token", refresh)])
            .send()
            .await?;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST);
        let body: Value = response.json().await?;
        assert_eq!(body["error"], error);
    }
    sandbox.emulator.shutdown().await;
    Ok(())
}

#[tokio::test]
async fn mint_then_list_buckets_and_audit_both() -> TestResult {
    let sandbox = Sandbox::start().await?;
    let alice = sandbox.user_token(ALICE_REFRESH).await?;
    let (status, body) = sandbox
        .mint(
            Some(&alice),
            DEMO_SERVICE_ACCOUNT,
            json!({"scope": [CLOUD_PLATFORM], "lifetime": "600s"}),
        )
        .await?;
    assert_eq!(status, StatusCode::OK, "{body}");
    let sa_token = body["accessToken"].as_str().ok_or("no accessToken")?;
    assert!(sa_token.starts_with("ya29."));
    assert!(
        body["expireTime"]
            .as_str()
            .is_some_and(|t| t.ends_with('Z'))
    );

    // tokeninfo knows the minted token speaks for the service account: by its numeric id, and
    // by email only when the token carries the email scope, as on Google.
    let info: Value = sandbox
        .http
        .get(sandbox.url("tokeninfo"))
        .query(&[("access_token", sa_token)])
        .send()
        .await?
        .json()
        .await?;
    assert_eq!(info["azp"], crate::world::numeric_id(DEMO_SERVICE_ACCOUNT));
    assert!(info.get("email").is_none(), "{info}");
    assert!(
        info["expires_in"]
            .as_str()
            .is_some_and(|s| s.parse::<i64>().is_ok_and(|n| n <= 600))
    );

    let path = format!("storage/v1/b?project={DEMO_PROJECT}&alt=json&prettyPrint=false");
    let (status, body) = sandbox
        .call(reqwest::Method::GET, &path, Some(sa_token), None)
        .await?;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["kind"], "storage#buckets");
    assert_eq!(body["items"][0]["kind"], "storage#bucket");
    assert_eq!(body["items"][0]["projectNumber"], "123456789012");

    // mallory, who holds no role anywhere, may not list them: the refusal is Google's.
    let mallory = sandbox.user_token(MALLORY_REFRESH).await?;
    let (status, body) = sandbox
        .call(reqwest::Method::GET, &path, Some(&mallory), None)
        .await?;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(body["error"]["errors"][0]["reason"], "forbidden");
    assert!(body["error"]["message"].as_str().is_some_and(|m| {
        m.starts_with("mallory@example.com does not have storage.buckets.list access")
    }));

    let (status, body) = sandbox
        .call(
            reqwest::Method::GET,
            "storage/v1/b/sandbox-releases/o?delimiter=/",
            Some(sa_token),
            None,
        )
        .await?;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["prefixes"], json!(["releases/"]));
    assert_eq!(body["items"][0]["name"], "README.txt");

    let lines = sandbox.audit_lines()?;
    let methods: Vec<&str> = lines
        .iter()
        .filter_map(|l| l["protoPayload"]["methodName"].as_str())
        .collect();
    assert_eq!(
        methods,
        [
            "GenerateAccessToken",
            "storage.buckets.list",
            "storage.buckets.list",
            "storage.objects.list"
        ]
    );
    let mint = &lines[0]["protoPayload"];
    assert_eq!(mint["serviceName"], "iamcredentials.googleapis.com");
    assert_eq!(
        mint["authenticationInfo"]["principalEmail"],
        "alice@example.com"
    );
    assert_eq!(
        mint["requestMetadata"]["requestAttributes"]["reason"],
        "ticket-42 rotate keys"
    );
    assert_eq!(
        mint["requestMetadata"]["callerSuppliedUserAgent"],
        "gsudo-test/1"
    );
    assert_eq!(mint["status"]["code"], 0);
    let list = &lines[1]["protoPayload"];
    assert_eq!(
        list["authenticationInfo"]["principalEmail"],
        DEMO_SERVICE_ACCOUNT
    );
    assert_eq!(
        list["authenticationInfo"]["serviceAccountDelegationInfo"],
        json!([{"firstPartyPrincipal": {"principalEmail": "alice@example.com"}}])
    );
    assert_eq!(lines[2]["severity"], "ERROR");
    assert_eq!(lines[2]["protoPayload"]["status"]["code"], 7);

    let text = std::fs::read_to_string(sandbox.emulator.audit_log())?;
    for secret in [sa_token, alice.as_str(), ALICE_REFRESH, "ya29."] {
        assert!(!text.contains(secret), "the audit log holds a token");
    }
    sandbox.emulator.shutdown().await;
    Ok(())
}

#[tokio::test]
async fn mint_refusals_have_google_error_bodies() -> TestResult {
    let sandbox = Sandbox::start().await?;
    let alice = sandbox.user_token(ALICE_REFRESH).await?;
    let mallory = sandbox.user_token(MALLORY_REFRESH).await?;
    let scope = json!({"scope": [CLOUD_PLATFORM]});

    let (status, body) = sandbox
        .mint(Some(&mallory), DEMO_SERVICE_ACCOUNT, scope.clone())
        .await?;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(body["error"]["status"], "PERMISSION_DENIED");
    assert_eq!(
        body["error"]["details"][0]["reason"],
        "IAM_PERMISSION_DENIED"
    );
    assert_eq!(
        body["error"]["details"][0]["metadata"]["permission"],
        "iam.serviceAccounts.getAccessToken"
    );

    // Unknown accounts look exactly like forbidden ones.
    let (status, _) = sandbox
        .mint(Some(&alice), "ghost@example.com", scope.clone())
        .await?;
    assert_eq!(status, StatusCode::FORBIDDEN);

    for token in [None, Some("ya29.not-issued-here")] {
        let (status, body) = sandbox
            .mint(token, DEMO_SERVICE_ACCOUNT, scope.clone())
            .await?;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert_eq!(body["error"]["status"], "UNAUTHENTICATED");
    }

    let (status, body) = sandbox
        .mint(
            Some(&alice),
            DEMO_SERVICE_ACCOUNT,
            json!({"scope": [CLOUD_PLATFORM], "lifetime": "7200s"}),
        )
        .await?;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error"]["status"], "INVALID_ARGUMENT");

    let (status, _) = sandbox
        .mint(Some(&alice), DEMO_SERVICE_ACCOUNT, json!({"scope": []}))
        .await?;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    let path = format!(
        "v1/projects/sandbox-project/serviceAccounts/{DEMO_SERVICE_ACCOUNT}:generateAccessToken"
    );
    let (status, _) = sandbox
        .call(reqwest::Method::POST, &path, Some(&alice), Some(scope))
        .await?;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    let codes: Vec<i64> = sandbox
        .audit_lines()?
        .iter()
        .filter_map(|l| l["protoPayload"]["status"]["code"].as_i64())
        .collect();
    assert_eq!(codes, [7, 7, 16, 16, 3, 3, 3]);
    sandbox.emulator.shutdown().await;
    Ok(())
}

#[tokio::test]
async fn delegation_chain_reaches_the_auditor_and_is_recorded() -> TestResult {
    let sandbox = Sandbox::start().await?;
    let alice = sandbox.user_token(ALICE_REFRESH).await?;
    let scope = json!({"scope": [CLOUD_PLATFORM]});
    let (status, _) = sandbox.mint(Some(&alice), AUDITOR, scope).await?;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // gcloud sends `"delegates": null` when it has none.
    let (status, body) = sandbox
        .mint(
            Some(&alice),
            DEMO_SERVICE_ACCOUNT,
            json!({"scope": [CLOUD_PLATFORM], "delegates": null, "lifetime": "3600s"}),
        )
        .await?;
    assert_eq!(status, StatusCode::OK, "{body}");

    let (status, body) = sandbox
        .mint(
            Some(&alice),
            AUDITOR,
            json!({"scope": [CLOUD_PLATFORM], "delegates": [format!("projects/-/serviceAccounts/{RELAY}")]}),
        )
        .await?;
    assert_eq!(status, StatusCode::OK, "{body}");
    let auditor = body["accessToken"].as_str().ok_or("no accessToken")?;

    let (status, body) = sandbox
        .call(
            reqwest::Method::GET,
            "storage/v1/b/sandbox-audit-archive/o",
            Some(auditor),
            None,
        )
        .await?;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["items"].as_array().map(Vec::len), Some(2));

    let lines = sandbox.audit_lines()?;
    let chain: Vec<&str> =
        lines[3]["protoPayload"]["authenticationInfo"]["serviceAccountDelegationInfo"]
            .as_array()
            .ok_or("no delegation info")?
            .iter()
            .filter_map(|d| d["firstPartyPrincipal"]["principalEmail"].as_str())
            .collect();
    assert_eq!(chain, ["alice@example.com", RELAY]);
    sandbox.emulator.shutdown().await;
    Ok(())
}

#[tokio::test]
async fn id_tokens_and_signatures_verify_against_published_keys() -> TestResult {
    use aws_lc_rs::signature::{RSA_PKCS1_2048_8192_SHA256, RsaPublicKeyComponents};
    use base64::Engine as _;
    use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};

    let sandbox = Sandbox::start().await?;
    let alice = sandbox.user_token(ALICE_REFRESH).await?;
    let verify = |jwks: &Value, message: &[u8], signature: &[u8]| -> TestResult {
        let key = &jwks["keys"][0];
        let n = URL_SAFE_NO_PAD.decode(key["n"].as_str().ok_or("no n")?)?;
        let e = URL_SAFE_NO_PAD.decode(key["e"].as_str().ok_or("no e")?)?;
        RsaPublicKeyComponents { n, e }
            .verify(&RSA_PKCS1_2048_8192_SHA256, message, signature)
            .map_err(|_| "signature does not verify")?;
        Ok(())
    };

    let path = format!("v1/projects/-/serviceAccounts/{DEMO_SERVICE_ACCOUNT}:generateIdToken");
    let (status, body) = sandbox
        .call(
            reqwest::Method::POST,
            &path,
            Some(&alice),
            Some(json!({"audience": "https://app.example.com", "includeEmail": true})),
        )
        .await?;
    assert_eq!(status, StatusCode::OK, "{body}");
    let jwt = body["token"].as_str().ok_or("no token")?;
    let (signed, signature) = jwt.rsplit_once('.').ok_or("not a JWT")?;
    let claims: Value = serde_json::from_slice(
        &URL_SAFE_NO_PAD.decode(signed.split_once('.').ok_or("not a JWT")?.1)?,
    )?;
    assert_eq!(claims["iss"], "https://accounts.google.com");
    assert_eq!(claims["aud"], "https://app.example.com");
    assert_eq!(claims["email"], DEMO_SERVICE_ACCOUNT);
    let certs: Value = sandbox
        .http
        .get(sandbox.url("oauth2/v3/certs"))
        .send()
        .await?
        .json()
        .await?;
    verify(
        &certs,
        signed.as_bytes(),
        &URL_SAFE_NO_PAD.decode(signature)?,
    )?;

    // A user's ID token comes with the openid grant, for the OAuth client, cacheable keys.
    let certs_response = sandbox
        .http
        .get(sandbox.url("oauth2/v3/certs"))
        .send()
        .await?;
    let cache_control = certs_response.headers()["cache-control"]
        .to_str()?
        .to_owned();
    assert!(cache_control.contains("max-age="), "{cache_control}");
    let token: Value = sandbox
        .http
        .post(sandbox.url("token"))
        .form(&[
            ("grant_type", "refresh_token"),
            ("refresh_token", ALICE_REFRESH),
            ("client_id", "gcloud-like-client"),
            (
                "scope",
                "openid https://www.googleapis.com/auth/userinfo.email",
            ),
        ])
        .send()
        .await?
        .json()
        .await?;
    let jwt = token["id_token"].as_str().ok_or("no id_token")?;
    let (signed, signature) = jwt.rsplit_once('.').ok_or("not a JWT")?;
    let claims: Value = serde_json::from_slice(
        &URL_SAFE_NO_PAD.decode(signed.split_once('.').ok_or("not a JWT")?.1)?,
    )?;
    assert_eq!(claims["aud"], "gcloud-like-client");
    assert_eq!(claims["email"], "alice@example.com");
    assert_eq!(claims["email_verified"], true);
    verify(
        &certs,
        signed.as_bytes(),
        &URL_SAFE_NO_PAD.decode(signature)?,
    )?;
    let without_openid: Value = sandbox
        .http
        .post(sandbox.url("token"))
        .form(&[
            ("grant_type", "refresh_token"),
            ("refresh_token", ALICE_REFRESH),
            ("scope", CLOUD_PLATFORM),
        ])
        .send()
        .await?
        .json()
        .await?;
    assert!(without_openid.get("id_token").is_none());

    let path = format!("v1/projects/-/serviceAccounts/{DEMO_SERVICE_ACCOUNT}:signBlob");
    let (status, body) = sandbox
        .call(
            reqwest::Method::POST,
            &path,
            Some(&alice),
            Some(json!({"payload": STANDARD.encode(b"hello")})),
        )
        .await?;
    assert_eq!(status, StatusCode::OK, "{body}");
    let jwks: Value = sandbox
        .http
        .get(sandbox.url(&format!(
            "service_accounts/v1/metadata/jwk/{DEMO_SERVICE_ACCOUNT}"
        )))
        .send()
        .await?
        .json()
        .await?;
    assert_eq!(body["keyId"], jwks["keys"][0]["kid"]);
    let signature = STANDARD.decode(body["signedBlob"].as_str().ok_or("no signedBlob")?)?;
    verify(&jwks, b"hello", &signature)?;
    sandbox.emulator.shutdown().await;
    Ok(())
}

#[tokio::test]
async fn gke_clusters_point_at_the_https_listener_and_serve_pods_to_their_users() -> TestResult {
    let sandbox = Sandbox::start().await?;
    let alice = sandbox.user_token(ALICE_REFRESH).await?;
    let mallory = sandbox.user_token(MALLORY_REFRESH).await?;
    let (_, body) = sandbox
        .mint(
            Some(&alice),
            DEMO_SERVICE_ACCOUNT,
            // With the email scope, as gsudo asks: the Kubernetes API names the account by it.
            json!({"scope": [CLOUD_PLATFORM, "https://www.googleapis.com/auth/userinfo.email"]}),
        )
        .await?;
    let deployer = body["accessToken"].as_str().ok_or("no accessToken")?;
    let cluster = format!("v1/projects/{DEMO_PROJECT}/locations/europe-west1/clusters");
    let get = reqwest::Method::GET;

    // Before the HTTPS listener runs a cluster has no endpoint to give.
    let path = format!("{cluster}/sandbox-cluster");
    let (status, body) = sandbox
        .call(get.clone(), &path, Some(deployer), None)
        .await?;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["error"]["status"], "FAILED_PRECONDITION");
    assert!(
        body["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("--https-listen")),
        "{body}"
    );

    let dir = tempfile::tempdir()?;
    let https = sandbox
        .emulator
        .serve_https("127.0.0.1:0".parse()?, &dir.path().join("ca.pem"))
        .await?;
    let (status, body) = sandbox
        .call(get.clone(), &path, Some(deployer), None)
        .await?;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        format!("https://{}/", body["endpoint"].as_str().unwrap_or("")),
        https.base_url()
    );
    assert_eq!(
        (&body["status"], &body["zone"]),
        (&json!("RUNNING"), &json!("europe-west1"))
    );
    let ca = body["masterAuth"]["clusterCaCertificate"]
        .as_str()
        .unwrap_or("");
    use base64::Engine as _;
    let ca = base64::engine::general_purpose::STANDARD.decode(ca)?;
    assert_eq!(ca, std::fs::read(https.ca_file())?);

    let (status, body) = sandbox
        .call(
            get.clone(),
            &format!("{cluster}/nope"),
            Some(deployer),
            None,
        )
        .await?;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(
        body["error"]["message"],
        format!("Not found: projects/{DEMO_PROJECT}/locations/europe-west1/clusters/nope.")
    );
    let (status, body) = sandbox
        .call(get.clone(), &path, Some(&mallory), None)
        .await?;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(
        body["error"]["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("Required \"container.clusters.get\"")),
        "{body}"
    );
    let every = format!("v1/projects/{DEMO_PROJECT}/locations/-/clusters");
    let (_, body) = sandbox
        .call(get.clone(), &every, Some(deployer), None)
        .await?;
    assert_eq!(body["clusters"][0]["name"], "sandbox-cluster");
    let (_, body) = sandbox
        .call(get.clone(), &every, Some(&mallory), None)
        .await?;
    assert_eq!(body, json!({}));

    // The Kubernetes API: the same routes as over HTTPS.
    let pods = "api/v1/namespaces/default/pods";
    let (status, body) = sandbox
        .call(get.clone(), pods, Some(deployer), None)
        .await?;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["kind"], "PodList");
    let names: Vec<&str> = body["items"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|p| p["metadata"]["name"].as_str())
        .collect();
    assert_eq!(names, ["web-1", "web-2", "worker-1"]);
    let (status, body) = sandbox
        .call(get.clone(), pods, Some("ya29.nope"), None)
        .await?;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        body,
        json!({"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
               "message": "Unauthorized", "reason": "Unauthorized", "code": 401})
    );
    let (status, body) = sandbox
        .call(get.clone(), pods, Some(&mallory), None)
        .await?;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(
        body["message"],
        "pods is forbidden: User \"mallory@example.com\" cannot list resource \"pods\" in API group \"\" in the namespace \"default\""
    );
    assert_eq!(
        (&body["kind"], &body["code"]),
        (&json!("Status"), &json!(403))
    );
    // Discovery is open to anyone signed in, as on GKE.
    let (status, body) = sandbox
        .call(get.clone(), "api/v1", Some(&mallory), None)
        .await?;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["resources"][0]["name"], "pods");

    let lines = sandbox.audit_lines()?;
    let lists: Vec<&Value> = lines
        .iter()
        .map(|l| &l["protoPayload"])
        .filter(|p| p["methodName"] == "io.k8s.core.v1.pods.list")
        .collect();
    assert_eq!(lists.len(), 3);
    assert_eq!(lists[0]["serviceName"], "k8s.io");
    assert_eq!(lists[0]["resourceName"], "core/v1/namespaces/default/pods");
    assert_eq!(
        lists[0]["authenticationInfo"]["principalEmail"],
        DEMO_SERVICE_ACCOUNT
    );
    assert_eq!(
        lists[0]["authenticationInfo"]["serviceAccountDelegationInfo"],
        json!([{"firstPartyPrincipal": {"principalEmail": "alice@example.com"}}])
    );
    assert_eq!(lists[1]["status"]["code"], 16);
    assert_eq!(lists[2]["status"]["code"], 7);
    drop(https);
    sandbox.emulator.shutdown().await;
    Ok(())
}

#[tokio::test]
async fn projects_get_answers_those_who_may_see_the_project() -> TestResult {
    let sandbox = Sandbox::start().await?;
    let alice = sandbox.user_token(ALICE_REFRESH).await?;
    let mallory = sandbox.user_token(MALLORY_REFRESH).await?;
    let get = reqwest::Method::GET;
    let path = format!("v3/projects/{DEMO_PROJECT}");
    let (status, body) = sandbox.call(get.clone(), &path, Some(&alice), None).await?;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["name"], "projects/123456789012");
    assert_eq!(body["projectId"], DEMO_PROJECT);
    assert_eq!(body["state"], "ACTIVE");
    // By number too, and a project that does not exist is refused like one out of sight.
    let (status, _) = sandbox
        .call(get.clone(), "v3/projects/123456789012", Some(&alice), None)
        .await?;
    assert_eq!(status, StatusCode::OK);
    for (path, token) in [(path.as_str(), &mallory), ("v3/projects/nope", &alice)] {
        let (status, body) = sandbox.call(get.clone(), path, Some(token), None).await?;
        assert_eq!(status, StatusCode::FORBIDDEN, "{path}");
        assert_eq!(body["error"]["status"], "PERMISSION_DENIED");
    }
    let methods = sandbox.audit_lines()?;
    assert!(methods.iter().all(|l| l["protoPayload"]["methodName"]
        == "google.cloud.resourcemanager.v3.Projects.GetProject"));
    sandbox.emulator.shutdown().await;
    Ok(())
}

/// `gsudo can` asks testIamPermissions; the APIs enforce. Both must give one answer for every
/// caller, or `can --compare` tells a user they may do what the emulator then refuses.
#[tokio::test]
async fn storage_enforces_exactly_what_test_iam_permissions_answers() -> TestResult {
    let sandbox = Sandbox::start().await?;
    let alice = sandbox.user_token(ALICE_REFRESH).await?;
    let mallory = sandbox.user_token(MALLORY_REFRESH).await?;
    let (_, minted) = sandbox
        .mint(
            Some(&alice),
            DEMO_SERVICE_ACCOUNT,
            json!({"scope": [CLOUD_PLATFORM]}),
        )
        .await?;
    let deployer = minted["accessToken"].as_str().ok_or("no token")?.to_owned();
    let get = reqwest::Method::GET;
    let post = reqwest::Method::POST;
    let mut answers = Vec::new();
    for (who, token) in [
        ("alice", &alice),
        ("mallory", &mallory),
        ("deployer", &deployer),
    ] {
        // storage.buckets.list on the project.
        let (_, tested) = sandbox
            .call(
                post.clone(),
                &format!("v3/projects/{DEMO_PROJECT}:testIamPermissions"),
                Some(token),
                Some(json!({"permissions": ["storage.buckets.list"]})),
            )
            .await?;
        let may_list = tested["permissions"] == json!(["storage.buckets.list"]);
        let (listed, _) = sandbox
            .call(
                get.clone(),
                &format!("storage/v1/b?project={DEMO_PROJECT}"),
                Some(token),
                None,
            )
            .await?;
        assert_eq!(may_list, listed == StatusCode::OK, "{who}: buckets.list");
        // storage.objects.list on a bucket.
        let (_, tested) = sandbox
            .call(
                get.clone(),
                "storage/v1/b/sandbox-releases/iam/testPermissions?permissions=storage.objects.list",
                Some(token),
                None,
            )
            .await?;
        let may_read = tested["permissions"] == json!(["storage.objects.list"]);
        let (read, _) = sandbox
            .call(
                get.clone(),
                "storage/v1/b/sandbox-releases/o",
                Some(token),
                None,
            )
            .await?;
        assert_eq!(may_read, read == StatusCode::OK, "{who}: objects.list");
        answers.push((who, may_list, may_read));
    }
    // The comparison is not vacuous: someone may and someone may not, for each permission.
    assert!(
        answers.iter().any(|a| a.1) && answers.iter().any(|a| !a.1),
        "{answers:?}"
    );
    assert!(
        answers.iter().any(|a| a.2) && answers.iter().any(|a| !a.2),
        "{answers:?}"
    );
    Ok(())
}

/// What Google answers where an IAM Credentials call cannot go through, and who may make it:
/// each refusal with the `ErrorInfo` reason clients branch on (docs/google-cloud-facts.md §1).
mod refusals {
    use super::*;

    const ALICE: &str = "alice@example.com";
    const CALLER: &str = "caller@p1.iam.gserviceaccount.com";
    const TARGET: &str = "target@p2.iam.gserviceaccount.com";
    const ID_ONLY: &str = "idonly@p2.iam.gserviceaccount.com";
    const OFF: &str = "off@p2.iam.gserviceaccount.com";
    const HOP: &str = "hop@p2.iam.gserviceaccount.com";
    const GONE: &str = "gone@p2.iam.gserviceaccount.com";
    const ID_TOKEN_CREATOR: &str = "roles/iam.serviceAccountOpenIdTokenCreator";

    fn world() -> World {
        let toml = format!(
            r#"
[[projects]]
id = "p1"
number = "11"
disabled_services = ["iamcredentials.googleapis.com"]
[[projects]]
id = "p2"
number = "22"
[[users]]
email = "{ALICE}"
refresh_token = "rt-alice"
[[users]]
email = "stale@example.com"
refresh_token = "rt-stale"
reauth = "invalid_rapt"
[[service_accounts]]
email = "{CALLER}"
token_creators = ["user:{ALICE}"]
[[service_accounts]]
email = "{TARGET}"
token_creators = ["user:{ALICE}", "serviceAccount:{CALLER}", "serviceAccount:{HOP}", "serviceAccount:{GONE}"]
[[service_accounts]]
email = "{ID_ONLY}"
[[service_accounts]]
email = "{OFF}"
token_creators = ["user:{ALICE}"]
disabled = true
[[service_accounts]]
email = "{HOP}"
[[service_accounts]]
email = "{GONE}"
token_creators = ["user:{ALICE}"]
deleted = true
[[roles]]
name = "projects/p2/roles/minter"
permissions = ["iam.serviceAccounts.getAccessToken"]
[[bindings]]
resource = "//iam.googleapis.com/projects/p2/serviceAccounts/{ID_ONLY}"
role = "{ID_TOKEN_CREATOR}"
members = ["user:{ALICE}"]
[[bindings]]
resource = "//iam.googleapis.com/projects/p2/serviceAccounts/{HOP}"
role = "projects/p2/roles/minter"
members = ["user:{ALICE}"]
[[roles]]
name = "projects/p2/roles/policyReader"
permissions = ["iam.serviceAccounts.getIamPolicy"]
[[bindings]]
resource = "projects/p2"
role = "projects/p2/roles/policyReader"
members = ["user:{ALICE}"]
"#
        );
        World::parse(&toml, "refusals.toml").unwrap_or_else(|e| panic!("{e}"))
    }

    fn reason(body: &Value) -> &Value {
        &body["error"]["details"][0]["reason"]
    }

    async fn mint(
        sandbox: &Sandbox,
        token: &str,
        account: &str,
        verb: &str,
        body: Value,
    ) -> Result<(StatusCode, Value), Box<dyn Error>> {
        let path = format!("v1/projects/-/serviceAccounts/{account}:{verb}");
        sandbox
            .call(reqwest::Method::POST, &path, Some(token), Some(body))
            .await
    }

    #[tokio::test]
    async fn a_token_without_cloud_platform_scope_is_refused_with_its_reason() -> TestResult {
        // cloud-platform.read-only is no cloud-platform: below, it reaches neither IAM v1
        // (docs/google-cloud-facts.md §1, "Errors") nor GKE's APIs (§4).
        let sandbox = Sandbox::with(world()).await?;
        let alice = sandbox.user_token("rt-alice").await?;
        let read_only = json!({"scope": ["https://www.googleapis.com/auth/devstorage.read_only"]});
        let (status, body) =
            mint(&sandbox, &alice, TARGET, "generateAccessToken", read_only).await?;
        assert_eq!(status, StatusCode::OK, "{body}");
        let narrow = body["accessToken"].as_str().ok_or("no token")?;
        let scope = json!({"scope": [CLOUD_PLATFORM]});
        let (status, body) = mint(&sandbox, narrow, ID_ONLY, "generateAccessToken", scope).await?;
        assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
        assert_eq!(reason(&body), "ACCESS_TOKEN_SCOPE_INSUFFICIENT");
        let metadata = &body["error"]["details"][0]["metadata"];
        assert_eq!(metadata["service"], "iamcredentials.googleapis.com");
        assert_eq!(
            metadata["method"],
            "google.iam.credentials.v1.IAMCredentials.GenerateAccessToken"
        );

        // cloud-platform.read-only reads projects but does not reach IAM v1.
        let ro = json!({"scope": ["https://www.googleapis.com/auth/cloud-platform.read-only"]});
        let (_, body) = mint(&sandbox, &alice, TARGET, "generateAccessToken", ro).await?;
        let ro = body["accessToken"].as_str().ok_or("no token")?;
        let list = "v1/projects/p2/serviceAccounts";
        let (status, body) = sandbox
            .call(reqwest::Method::GET, list, Some(ro), None)
            .await?;
        assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
        assert_eq!(reason(&body), "ACCESS_TOKEN_SCOPE_INSUFFICIENT");
        // Nor GKE's API, whose methods take cloud-platform alone
        // (docs/google-cloud-facts.md §4)...
        let clusters = "v1/projects/p2/locations/-/clusters";
        let (status, body) = sandbox
            .call(reqwest::Method::GET, clusters, Some(ro), None)
            .await?;
        assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
        assert_eq!(reason(&body), "ACCESS_TOKEN_SCOPE_INSUFFICIENT");
        let metadata = &body["error"]["details"][0]["metadata"];
        assert_eq!(metadata["service"], "container.googleapis.com");
        // ...nor a cluster's Kubernetes API, which answers its bare 401.
        let (status, body) = sandbox
            .call(reqwest::Method::GET, "api/v1/pods", Some(ro), None)
            .await?;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
        assert_eq!(body["reason"], "Unauthorized");
        // The same token with cloud-platform gets past the scope check of both.
        let cp = json!({"scope": [CLOUD_PLATFORM]});
        let (_, body) = mint(&sandbox, &alice, TARGET, "generateAccessToken", cp).await?;
        let cp = body["accessToken"].as_str().ok_or("no token")?;
        let (status, body) = sandbox
            .call(reqwest::Method::GET, clusters, Some(cp), None)
            .await?;
        assert_eq!(status, StatusCode::OK, "{body}");
        let (status, body) = sandbox
            .call(reqwest::Method::GET, "api/v1/pods", Some(cp), None)
            .await?;
        assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
        Ok(())
    }

    #[tokio::test]
    async fn an_api_disabled_in_the_consumer_project_is_refused_as_service_disabled() -> TestResult
    {
        let sandbox = Sandbox::with(world()).await?;
        let alice = sandbox.user_token("rt-alice").await?;
        let scope = json!({"scope": [CLOUD_PLATFORM]});
        // A user's call is billed to its OAuth client's project: not refused.
        let (status, body) = mint(
            &sandbox,
            &alice,
            CALLER,
            "generateAccessToken",
            scope.clone(),
        )
        .await?;
        assert_eq!(status, StatusCode::OK, "{body}");
        let caller = body["accessToken"].as_str().ok_or("no token")?.to_owned();
        // The caller account's own project has the API disabled.
        let (status, body) = mint(
            &sandbox,
            &caller,
            TARGET,
            "generateAccessToken",
            scope.clone(),
        )
        .await?;
        assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
        let error = &body["error"];
        assert_eq!(error["status"], "PERMISSION_DENIED");
        assert_eq!(reason(&body), "SERVICE_DISABLED");
        assert_eq!(error["details"][0]["domain"], "googleapis.com");
        let metadata = &error["details"][0]["metadata"];
        assert_eq!(metadata["consumer"], "projects/p1");
        assert_eq!(metadata["service"], "iamcredentials.googleapis.com");
        let url = "https://console.developers.google.com/apis/api/iamcredentials.googleapis.com/overview?project=p1";
        assert_eq!(error["details"][2]["links"][0]["url"], url);
        assert_eq!(
            error["details"][1]["@type"],
            "type.googleapis.com/google.rpc.LocalizedMessage"
        );
        let message = error["message"].as_str().unwrap_or("");
        assert!(
            message.starts_with("IAM Service Account Credentials API has not been used in project p1 before or it is disabled. Enable it by visiting "),
            "{message}"
        );
        // A quota project named on the request is the consumer too.
        let (status, body) = sandbox
            .call_with(
                sandbox
                    .http
                    .post(sandbox.url(&format!(
                        "v1/projects/-/serviceAccounts/{TARGET}:generateAccessToken"
                    )))
                    .header("x-goog-user-project", "p1"),
                Some(&alice),
                Some(scope),
            )
            .await?;
        assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
        assert_eq!(reason(&body), "SERVICE_DISABLED");
        Ok(())
    }

    #[tokio::test]
    async fn a_user_who_must_sign_in_again_gets_googles_reauth_answer() -> TestResult {
        let sandbox = Sandbox::with(world()).await?;
        let response = sandbox
            .http
            .post(sandbox.url("token"))
            .form(&[
                ("grant_type", "refresh_token"),
                ("refresh_token", "rt-stale"),
            ])
            .send()
            .await?;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST);
        let body: Value = response.json().await?;
        assert_eq!(
            body,
            json!({
                "error": "invalid_grant",
                "error_description": "reauth related error (invalid_rapt)",
                "error_uri": "https://support.google.com/a/answer/9368756",
                "error_subtype": "invalid_rapt",
            })
        );
        Ok(())
    }

    #[tokio::test]
    async fn a_disabled_account_mints_nothing_and_its_tokens_stop_working() -> TestResult {
        let sandbox = Sandbox::with(world()).await?;
        let alice = sandbox.user_token("rt-alice").await?;
        let scope = json!({"scope": [CLOUD_PLATFORM]});
        let (status, body) = mint(&sandbox, &alice, OFF, "generateAccessToken", scope).await?;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(body["error"]["status"], "FAILED_PRECONDITION");
        Ok(())
    }

    #[tokio::test]
    async fn a_deleted_account_is_gone_from_every_api() -> TestResult {
        let sandbox = Sandbox::with(world()).await?;
        let alice = sandbox.user_token("rt-alice").await?;
        let scope = json!({"scope": [CLOUD_PLATFORM]});
        // Refused like an account that never existed: 403, "(or it may not exist)".
        let (status, body) = mint(&sandbox, &alice, GONE, "generateAccessToken", scope).await?;
        assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
        assert_eq!(reason(&body), "IAM_PERMISSION_DENIED");
        Ok(())
    }

    #[tokio::test]
    async fn each_method_checks_its_own_permission_on_each_hop() -> TestResult {
        let sandbox = Sandbox::with(world()).await?;
        let alice = sandbox.user_token("rt-alice").await?;
        // The OpenID Connect token creator role suffices for ID tokens, and only for them.
        let (status, body) = mint(
            &sandbox,
            &alice,
            ID_ONLY,
            "generateIdToken",
            json!({"audience": "https://a"}),
        )
        .await?;
        assert_eq!(status, StatusCode::OK, "{body}");
        let scope = json!({"scope": [CLOUD_PLATFORM]});
        let (status, body) = mint(
            &sandbox,
            &alice,
            ID_ONLY,
            "generateAccessToken",
            scope.clone(),
        )
        .await?;
        assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
        assert_eq!(reason(&body), "IAM_PERMISSION_DENIED");
        let permission = &body["error"]["details"][0]["metadata"]["permission"];
        assert_eq!(permission, "iam.serviceAccounts.getAccessToken");
        let (status, body) = mint(
            &sandbox,
            &alice,
            ID_ONLY,
            "signBlob",
            json!({"payload": "aGk="}),
        )
        .await?;
        assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
        assert_eq!(
            body["error"]["details"][0]["metadata"]["permission"],
            "iam.serviceAccounts.signBlob"
        );
        // Token Creator holds every method's permission.
        let (status, body) = mint(
            &sandbox,
            &alice,
            TARGET,
            "signBlob",
            json!({"payload": "aGk="}),
        )
        .await?;
        assert_eq!(status, StatusCode::OK, "{body}");

        // alice may mint HOP's tokens herself, but getAccessToken alone is not delegation: a
        // chain through HOP needs iam.serviceAccounts.implicitDelegation on it.
        let (status, _) = mint(&sandbox, &alice, HOP, "generateAccessToken", scope.clone()).await?;
        assert_eq!(status, StatusCode::OK);
        let through_hop = json!({"scope": [CLOUD_PLATFORM], "delegates": [format!("projects/-/serviceAccounts/{HOP}")]});
        let (status, body) =
            mint(&sandbox, &alice, TARGET, "generateAccessToken", through_hop).await?;
        assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
        Ok(())
    }

    #[tokio::test]
    async fn get_iam_policy_lists_the_bindings_set_on_the_account() -> TestResult {
        let sandbox = Sandbox::with(world()).await?;
        let alice = sandbox.user_token("rt-alice").await?;
        let (status, body) = mint(&sandbox, &alice, TARGET, "getIamPolicy", json!({})).await?;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["version"], 1);
        assert_eq!(
            body["bindings"],
            json!([{"role": "roles/iam.serviceAccountTokenCreator", "members": [
                format!("deleted:serviceAccount:{GONE}?uid={}", crate::world::numeric_id(GONE)),
                format!("serviceAccount:{CALLER}"),
                format!("serviceAccount:{HOP}"),
                format!("user:{ALICE}"),
            ]}])
        );
        // The inherited owner binding on p2 is not the account's own.
        let (_, body) = mint(&sandbox, &alice, ID_ONLY, "getIamPolicy", json!({})).await?;
        assert_eq!(body["bindings"][0]["role"], ID_TOKEN_CREATOR);
        let caller = sandbox.user_token("rt-alice").await?;
        let (status, body) = mint(&sandbox, &caller, CALLER, "getIamPolicy", json!({})).await?;
        // alice may read policies in p2, not in p1.
        assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
        Ok(())
    }

    #[tokio::test]
    async fn tokeninfo_shows_the_email_only_with_the_email_scope() -> TestResult {
        let sandbox = Sandbox::with(world()).await?;
        let alice = sandbox.user_token("rt-alice").await?;
        let info = |token: String| {
            let request = sandbox.http.get(sandbox.url("tokeninfo"));
            async move {
                let body: Value = request
                    .query(&[("access_token", token)])
                    .send()
                    .await?
                    .json()
                    .await?;
                Ok::<Value, Box<dyn Error>>(body)
            }
        };
        let email = "https://www.googleapis.com/auth/userinfo.email";
        for (scopes, shown) in [
            (vec![CLOUD_PLATFORM], false),
            (vec![CLOUD_PLATFORM, email], true),
        ] {
            let (_, body) = mint(
                &sandbox,
                &alice,
                TARGET,
                "generateAccessToken",
                json!({"scope": scopes}),
            )
            .await?;
            let token = body["accessToken"].as_str().ok_or("no token")?.to_owned();
            let info = info(token).await?;
            assert_eq!(info["azp"], crate::world::numeric_id(TARGET));
            assert_eq!(info.get("email").is_some(), shown, "{info}");
            if shown {
                assert_eq!(info["email"], TARGET);
                assert_eq!(info["email_verified"], "true");
            }
        }
        Ok(())
    }

    #[tokio::test]
    async fn audit_entries_carry_the_severity_cloud_audit_logs_gives_them() -> TestResult {
        let sandbox = Sandbox::with(world()).await?;
        let alice = sandbox.user_token("rt-alice").await?;
        let scope = json!({"scope": [CLOUD_PLATFORM]});
        mint(
            &sandbox,
            &alice,
            TARGET,
            "generateAccessToken",
            scope.clone(),
        )
        .await?;
        mint(&sandbox, &alice, ID_ONLY, "generateAccessToken", scope).await?;
        let severities: Vec<Value> = sandbox
            .audit_lines()?
            .iter()
            .map(|e| e["severity"].clone())
            .collect();
        assert_eq!(severities, [json!("INFO"), json!("ERROR")]);
        Ok(())
    }
}
