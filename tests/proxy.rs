//! The session's auth-rewriting proxy, with real clients (gcloud, curl, python requests) against
//! the emulator served over HTTPS with a CA of its own, standing in for `*.googleapis.com`.

mod common;

use std::process::Output;

use common::*;

/// The user's session flags that send Google API hosts to the HTTPS emulator and trust its CA.
fn to_emulator(emulator: &Emulator, hosts: &[&str]) -> Vec<String> {
    let (port, ca) = emulator.https.clone().expect("an HTTPS emulator");
    let mut args = Vec::new();
    for host in hosts {
        args.push("--proxy-resolve".to_owned());
        args.push(format!("{host}:443:127.0.0.1:{port}"));
    }
    args.push("--upstream-ca-file".to_owned());
    args.push(ca.display().to_string());
    args
}

/// Runs `script` with sh in a session as DEPLOYER, with `flags` before it.
fn session_sh(user: &User, flags: &[String], script: &str) -> Output {
    let mut args: Vec<&str> = flags.iter().map(String::as_str).collect();
    args.extend(["sh", "-c", script]);
    user.run_as(DEPLOYER, &args)
}

const BUCKETS: &str = "https://storage.googleapis.com/storage/v1/b?project=test-project";

#[test]
fn gcloud_without_endpoint_overrides_lists_buckets_as_the_service_account() {
    require("gcloud");
    let emulator = Emulator::start_https();
    let user = user_without_storage_override(&emulator);
    // The session's gcloud properties name the proxy, and gcloud follows them (not
    // HTTPS_PROXY, which points nowhere here), for the storage API over TLS and for its token
    // refreshes over plain http to the session's loopback endpoint alike. (gcloud also opens a
    // connection to Resource Manager, mapped too so that nothing leaves the machine.)
    let out = session_sh(
        &user,
        &to_emulator(
            &emulator,
            &[
                "storage.googleapis.com",
                "cloudresourcemanager.googleapis.com",
            ],
        ),
        "HTTPS_PROXY=http://127.0.0.1:9 https_proxy=http://127.0.0.1:9 \
         gcloud storage buckets list --format='value(name)'",
    );
    assert_ok(&out);
    assert_eq!(
        stdout(&out).lines().collect::<Vec<_>>(),
        ["test-releases", "test-secrets"]
    );
    let list = the_one_call_as(&emulator, "storage.buckets.list", DEPLOYER, ALICE);
    assert!(reason(&list).ends_with(": JIRA-123 test"), "{list}");
}

#[test]
fn curl_and_requests_with_foreign_tokens_reach_google_as_the_service_account() {
    require("curl");
    require("python3");
    let emulator = Emulator::start_https();
    let user = User::new(&emulator);
    let header = alice_header(&user, &emulator);
    let script = format!(
        "curl -sSf -H @'{header}' '{BUCKETS}' >/dev/null && echo curl ok; \
         python3 -c \"import requests; r = requests.get('{BUCKETS}', headers={{'Authorization': 'Bearer ya29.stale'}}); print('requests', r.status_code)\"",
        header = header.display()
    );
    let out = session_sh(
        &user,
        &to_emulator(&emulator, &["storage.googleapis.com"]),
        &script,
    );
    assert_ok(&out);
    assert_eq!(stdout(&out), "curl ok\nrequests 200\n");
    let lists = assert_every_call_ran_as(&emulator, "storage.buckets.list", DEPLOYER);
    assert_eq!(lists.len(), 2, "{lists:?}");
    for entry in &lists {
        assert!(reason(entry).ends_with(": JIRA-123 test"));
        assert!(
            entry["protoPayload"]["status"]["code"]
                .as_i64()
                .unwrap_or(0)
                == 0,
            "{entry}"
        );
    }
}

#[test]
fn other_hosts_are_tunnelled_untouched_with_the_origins_own_certificate() {
    require("curl");
    let emulator = Emulator::start_https();
    let user = User::new(&emulator);
    let (port, ca) = emulator.https.clone().unwrap();
    // The client's own token and the proxy's secret reach curl through a file and its
    // environment, never its argv.
    let header = alice_header(&user, &emulator);
    // localhost is no Google API host; the client is made to use the proxy for it anyway
    // (`--noproxy ''` empties the session's NO_PROXY), and trusts only the emulator's CA, so
    // the TLS it gets is the origin's own.
    let script = format!(
        "curl -sS --noproxy '' --cacert '{ca}' -o /dev/null -w '%{{http_connect}} %{{http_code}}' \
         -H @'{header}' 'https://localhost:{port}/storage/v1/b?project=test-project'",
        ca = ca.display(),
        header = header.display()
    );
    let out = session_sh(&user, &[], &script);
    assert_ok(&out);
    // 200: the proxy answered the CONNECT; 403: alice, not the service account, was refused.
    assert_eq!(stdout(&out), "200 403");
    let lists = assert_every_call_ran_as(&emulator, "storage.buckets.list", ALICE);
    assert_eq!(lists.len(), 1, "{lists:?}");
    assert_eq!(reason(&lists[0]), "");
}

#[test]
fn the_proxy_serves_the_sessions_processes_and_holders_of_its_secret_only() {
    require("curl");
    let emulator = Emulator::start_https();
    let user = User::new(&emulator);
    let flags = to_emulator(&emulator, &["storage.googleapis.com"]);
    // In the session, curl goes through without the secret (as gcloud's tools do, whose
    // proxy settings hold none): its process is the session's.
    let mut session = LiveSession::start(
        &user,
        &flags,
        &format!(
            "echo \"$HTTPS_PROXY\"; addr=${{HTTPS_PROXY##*@}}; \
             curl -s -o /dev/null -w '%{{http_connect}} %{{http_code}}\\n' --proxy \"http://$addr\" '{BUCKETS}'"
        ),
    );
    let url = session.line();
    assert_eq!(session.line(), "200 200");
    // This test's own processes are this user's but not the session's: without the secret, or
    // with a wrong one, they are refused; with it (from the child's environment) they are
    // served. curl reads the proxy from its environment, not its argv.
    let address = url.rsplit_once('@').unwrap().1;
    let outside = |proxy: &str| {
        let out = std::process::Command::new("curl")
            .args(["-s", "-o", "/dev/null", "-w", "%{http_connect}", BUCKETS])
            .env("HTTPS_PROXY", proxy)
            .output()
            .unwrap();
        stdout(&out)
    };
    assert_eq!(outside(&format!("http://{address}")), "407");
    assert_eq!(outside(&format!("http://gsudo:wrong@{address}")), "407");
    assert_eq!(outside(&url), "200");
    session.finish();
    assert_eq!(emulator.entries("storage.buckets.list").len(), 1);
}

#[test]
fn another_users_process_is_refused_even_with_the_secret() {
    require("curl");
    if !nix::unistd::getuid().is_root() {
        eprintln!("skipped: only root can run a client as another user here");
        return;
    }
    require("setpriv");
    let emulator = Emulator::start_https();
    let user = User::new(&emulator);
    let script = format!(
        "setpriv --reuid=65534 --regid=65534 --clear-groups env CURL_CA_BUNDLE=/dev/null \
         curl -s -o /dev/null -w '%{{http_connect}} %{{exitcode}}\\n' '{BUCKETS}'; \
         curl -s -o /dev/null -w '%{{http_connect}} %{{http_code}}\\n' '{BUCKETS}'"
    );
    let out = session_sh(
        &user,
        &to_emulator(&emulator, &["storage.googleapis.com"]),
        &script,
    );
    assert_ok(&out);
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    // The other user's connection is closed before any answer; the session's own goes through.
    assert_eq!(lines.len(), 2, "{text}");
    assert!(lines[0].starts_with("000 "), "{lines:?}");
    assert_eq!(lines[1], "200 200");
    assert_eq!(emulator.entries("storage.buckets.list").len(), 1);
}

#[test]
fn an_untrusted_upstream_gets_nothing_and_the_client_a_502() {
    require("curl");
    let emulator = Emulator::start_https();
    let user = User::new(&emulator);
    let (port, _) = emulator.https.clone().unwrap();
    // The mapping sends storage.googleapis.com to the emulator, whose CA is not trusted.
    let flags = vec![
        "--proxy-resolve".to_owned(),
        format!("storage.googleapis.com:443:127.0.0.1:{port}"),
    ];
    let script =
        format!("curl -s -w '\\n%{{http_code}}' -H 'Authorization: Bearer ya29.mine' '{BUCKETS}'");
    let out = session_sh(&user, &flags, &script);
    assert_ok(&out);
    let text = stdout(&out);
    assert!(text.ends_with("\n502"), "{text}");
    assert!(text.contains("not trusted"), "{text}");
    // Only gsudo's own mint reached the emulator: the request never left the proxy.
    let methods: Vec<_> = emulator
        .audit()
        .iter()
        .map(|e| {
            e["protoPayload"]["methodName"]
                .as_str()
                .unwrap_or("")
                .to_owned()
        })
        .collect();
    assert_eq!(methods, ["GenerateAccessToken"]);
}

#[test]
fn http2_reaches_google_over_http1_unless_it_needs_trailers_and_http1_stays_http1() {
    require("curl");
    let emulator = Emulator::start_https();
    let user = User::new(&emulator);
    let curl = "curl -sSf -D - -o /dev/null -w 'client %{http_version}\\n'";
    let script = format!(
        "{curl} --http2 '{BUCKETS}'; {curl} --http2 -H 'te: trailers' '{BUCKETS}'; \
         {curl} --http1.1 '{BUCKETS}'"
    );
    let out = session_sh(
        &user,
        &to_emulator(&emulator, &["storage.googleapis.com"]),
        &script,
    );
    assert_ok(&out);
    let text = stdout(&out).to_lowercase();
    // Each answer's headers, then the version curl spoke to the proxy.
    let answers: Vec<&str> = text.split("\nclient ").collect();
    assert_eq!(answers.len(), 4, "{text}");
    // curl spoke h2 to the proxy twice; the emulator says what it heard from the proxy:
    // HTTP/1.1, as nginx's proxy_pass would send it, unless the client reads trailers (gRPC
    // does: the google-cloud-iam test below checks that it reaches Google over HTTP/2).
    assert!(answers[0].contains("\nhttp/2 200"), "{text}");
    assert!(
        answers[0].contains("x-emulator-protocol: http/1.1"),
        "{text}"
    );
    assert!(answers[1].starts_with("2\n"), "{text}");
    assert!(answers[1].contains("\nhttp/2 200"), "{text}");
    assert!(
        answers[1].contains("x-emulator-protocol: http/2.0"),
        "{text}"
    );
    assert!(answers[2].starts_with("2\n"), "{text}");
    // An HTTP/1.1 request leaves as HTTP/1.1.
    assert!(answers[2].contains("\nhttp/1.1 200"), "{text}");
    assert!(
        answers[2].contains("x-emulator-protocol: http/1.1"),
        "{text}"
    );
    assert_eq!(answers[3], "1.1\n", "{text}");
    assert_every_call_ran_as(&emulator, "storage.buckets.list", DEPLOYER);
}

#[test]
fn many_http2_streams_on_one_connection_are_all_answered() {
    require("curl");
    let emulator = Emulator::start_https();
    let user = User::new(&emulator);
    // curl multiplexes the transfers over as few HTTP/2 connections as it can; the proxy runs a
    // connection's streams in the connection's task, and every one must be answered whole (a
    // stream whose wake was lost would hang: curl gives up after 30 s and the test fails).
    let urls = vec![format!("-o /dev/null '{BUCKETS}'"); 60].join(" ");
    let script = format!(
        "curl -sS --max-time 30 --http2 --parallel --parallel-max 30 \
         -w '%{{http_version}} %{{http_code}} %{{num_connects}} %{{size_download}}\\n' {urls}"
    );
    let out = session_sh(
        &user,
        &to_emulator(&emulator, &["storage.googleapis.com"]),
        &script,
    );
    assert_ok(&out);
    let text = stdout(&out);
    let lines: Vec<Vec<&str>> = text.lines().map(|l| l.split(' ').collect()).collect();
    assert_eq!(lines.len(), 60, "{text}");
    for line in &lines {
        assert_eq!(line[..2], ["2", "200"], "{text}");
        assert_ne!(line[3], "0", "{text}");
    }
    let connections: usize = lines.iter().map(|l| l[2].parse::<usize>().unwrap()).sum();
    assert!(
        connections < 10,
        "the transfers were not multiplexed: {text}"
    );
    assert_every_call_ran_as(&emulator, "storage.buckets.list", DEPLOYER);
}

const IAM_GRPC: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/clients/iam_grpc.py");

#[test]
fn google_cloud_iam_over_grpc_reaches_google_as_the_service_account() {
    require_python("google.cloud.iam_credentials_v1");
    let emulator = Emulator::start_https();
    let mut user = User::new(&emulator);
    // The library holds alice's own token, which may not mint for reader; the session's
    // account, deployer, may.
    user.env
        .insert("CALLER_TOKEN".into(), emulator.alice_token());
    let out = session_sh(
        &user,
        &to_emulator(&emulator, &["iamcredentials.googleapis.com"]),
        &format!("python3 '{IAM_GRPC}' {READER} {LOCKED}"),
    );
    assert_ok(&out);
    let results: Vec<serde_json::Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(results.len(), 2, "{}", stdout(&out));
    assert_eq!(results[0]["transport"], "grpc");
    assert_eq!(results[0]["token"], true, "{}", results[0]);
    let lifetime = results[0]["lifetime"].as_i64().unwrap();
    assert!((590..=600).contains(&lifetime), "{}", results[0]);
    // Refusals come back as gRPC status codes.
    assert_eq!(results[1]["status"], "PERMISSION_DENIED", "{}", results[1]);
    assert!(
        results[1]["message"]
            .as_str()
            .unwrap()
            .contains("iam.serviceAccounts.getAccessToken"),
        "{}",
        results[1]
    );
    // Both calls reached the emulator over HTTP/2 with the session's token and reason;
    // gsudo's own mint (alice's) came over REST before them.
    let calls: Vec<_> = emulator
        .entries("GenerateAccessToken")
        .into_iter()
        .filter(|e| e["protoPayload"]["requestMetadata"]["requestAttributes"]["protocol"] == "h2")
        .collect();
    assert_eq!(calls.len(), 2, "{}", emulator.audit_text());
    for (call, account, code) in [(&calls[0], READER, 0), (&calls[1], LOCKED, 7)] {
        let payload = &call["protoPayload"];
        assert!(
            payload["resourceName"].as_str().unwrap().ends_with(account),
            "{call}"
        );
        assert_eq!(principal(call), DEPLOYER);
        assert_eq!(delegation(call), [ALICE]);
        assert!(reason(call).ends_with(": JIRA-123 test"), "{call}");
        assert_eq!(payload["status"]["code"], code, "{call}");
        assert!(
            payload["requestMetadata"]["callerSuppliedUserAgent"]
                .as_str()
                .unwrap_or("")
                .starts_with("grpc-python/"),
            "{call}"
        );
    }
}

const WEBSOCKET_ECHO: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/clients/websocket_echo.py"
);

#[test]
fn a_websocket_upgrade_goes_through_with_the_sessions_credentials() {
    require_python("websocket");
    let emulator = Emulator::start_https();
    let mut user = User::new(&emulator);
    user.env
        .insert("CALLER_TOKEN".into(), emulator.alice_token());
    let host = "generativelanguage.googleapis.com";
    let out = session_sh(
        &user,
        &to_emulator(&emulator, &[host]),
        &format!("python3 '{WEBSOCKET_ECHO}' wss://{host}/ws/echo"),
    );
    let result = ok_json(&out);
    assert_eq!(result["status"], 101, "{result}");
    assert_eq!(result["protocol"], "HTTP/1.1", "{result}");
    // Text and binary, small and over 64 KiB (the 64-bit length form), each back whole.
    assert_eq!(
        result["echoes"],
        serde_json::json!([
            {"size": 5, "same": true},
            {"size": 102_400, "same": true},
            {"size": 100_000, "same": true},
            {"size": 3, "same": true},
        ])
    );
    assert_eq!(result["pong"], true, "{result}");
    // The upgrade reached the emulator with the session's token (alice's would make alice the
    // principal) and reason.
    let upgrades = assert_every_call_ran_as(&emulator, "websocket.echo", DEPLOYER);
    assert_eq!(upgrades.len(), 1, "{}", emulator.audit_text());
    assert_eq!(delegation(&upgrades[0]), [ALICE]);
    assert!(reason(&upgrades[0]).ends_with(": JIRA-123 test"));
    assert_eq!(
        upgrades[0]["protoPayload"]["requestMetadata"]["requestAttributes"]["protocol"],
        "http/1.1"
    );
}

const KEEPALIVE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/clients/keepalive.py");

/// Between requests an HTTP/1.1 connection rests without hyper's buffers and is served anew
/// when the client writes again: nothing the client sent may be lost or reordered on the way,
/// whether a body is sized or chunked, a head arrives in pieces, or requests come pipelined.
#[test]
fn a_kept_alive_connection_carries_every_request_whole_across_its_rests() {
    let emulator = Emulator::start_https();
    let user = User::new(&emulator);
    let host = "iam.googleapis.com";
    let body = r#"{"fullResourceName": "//cloudresourcemanager.googleapis.com/projects/test-project", "pageSize": 3}"#;
    let out = session_sh(
        &user,
        &to_emulator(&emulator, &[host]),
        &format!("python3 '{KEEPALIVE}' {host} '{body}'"),
    );
    let result = ok_json(&out);
    let answered = serde_json::json!({"status": 200, "answered": true});
    assert_eq!(
        result["responses"],
        serde_json::Value::Array(vec![answered; 9]),
        "{result}"
    );
    assert_eq!(result["closed"], true, "{result}");
    let calls = assert_every_call_ran_as(
        &emulator,
        "google.iam.admin.v1.QueryTestablePermissions",
        DEPLOYER,
    );
    assert_eq!(calls.len(), 9, "{}", emulator.audit_text());
}

/// The user's proxy credentials; the password needs percent-encoding in a URL.
const CORP_USER: &str = "corp-user";
const CORP_PASSWORD: &str = "pa:ss";

/// The session flag that trusts the emulator's CA, and nothing mapped: every Google API host
/// is reached through the user's proxy.
/// A file holding alice's `Authorization` header, for `curl -H @file`: her token stays out of
/// every command line.
fn alice_header(user: &User, emulator: &Emulator) -> std::path::PathBuf {
    let header = user.path("alice-header");
    std::fs::write(
        &header,
        format!("Authorization: Bearer {}", emulator.alice_token()),
    )
    .unwrap();
    header
}

fn trust_emulator(emulator: &Emulator) -> Vec<String> {
    let (_, ca) = emulator.https.clone().unwrap();
    vec!["--upstream-ca-file".to_owned(), ca.display().to_string()]
}

/// Makes the emulator's CA the user's whole CA bundle, which gsudo's proxy then verifies its
/// upstream hosts against: should gsudo ever go around the user's proxy to a real Google host,
/// its TLS check fails there and no token leaves the machine.
fn trust_only_the_emulator(user: &mut User, emulator: &Emulator) {
    let (_, ca) = emulator.https.clone().unwrap();
    user.env
        .insert("SSL_CERT_FILE".into(), ca.display().to_string());
}

fn targets(proxy: &UserProxy) -> Vec<String> {
    proxy.seen().into_iter().map(|c| c.target).collect()
}

#[test]
fn the_users_own_proxy_carries_the_sessions_traffic_unless_no_proxy_says_otherwise() {
    require("gcloud");
    require("curl");
    let emulator = Emulator::start_https();
    let (port, ca) = emulator.https.clone().unwrap();
    let corp = UserProxy::start(
        CORP_USER,
        CORP_PASSWORD,
        port,
        &["pubsub.googleapis.com:443"],
    );
    let mut user = user_without_storage_override(&emulator);
    trust_only_the_emulator(&mut user, &emulator);
    user.env.insert(
        "HTTPS_PROXY".into(),
        format!("http://{CORP_USER}:pa%3Ass@127.0.0.1:{}", corp.port),
    );
    user.env.insert("NO_PROXY".into(), "127.0.0.1".into());
    user.env
        .insert("CALLER_TOKEN".into(), emulator.alice_token());
    // gcloud reaches storage.googleapis.com through the session's proxy, which reaches it
    // through the user's. Then curl, made to use the session's proxy for loopback names too
    // (and given alice's token on stdin, not its command line): localhost is no Google API
    // host, so it gets a blind tunnel, through the user's proxy; 127.0.0.1 is in the user's
    // NO_PROXY, so its tunnel goes direct. Last, a Google API host the user's proxy refuses.
    let script = format!(
        "gcloud storage buckets list --format='value(name)'; \
         for host in localhost 127.0.0.1; do \
           printf 'header = \"Authorization: Bearer %s\"\\n' \"$CALLER_TOKEN\" | \
           NO_PROXY= no_proxy= curl -sS -K - --cacert '{ca}' -o /dev/null -w \"$host %{{http_code}}\\n\" \
             \"https://$host:{port}/storage/v1/b?project=test-project\"; \
         done; \
         curl -s -w '\\n%{{http_code}}\\n' https://pubsub.googleapis.com/v1/projects/test-project/topics",
        ca = ca.display()
    );
    let out = session_sh(&user, &trust_emulator(&emulator), &script);
    assert_ok(&out);
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[..4],
        [
            "test-releases",
            "test-secrets",
            "localhost 403",
            "127.0.0.1 403"
        ],
        "{text}\n{}",
        stderr(&out)
    );
    // The refusal reaches the client as a 502 that names the user's proxy and its answer.
    assert_eq!(lines.last(), Some(&"502"), "{text}");
    assert!(
        text.contains(&format!(
            "proxy 127.0.0.1:{} refused to connect to pubsub.googleapis.com:443: HTTP/1.1 403",
            corp.port
        )),
        "{text}"
    );
    // (gcloud also asks Resource Manager about the project, through the same chain.)
    let seen = targets(&corp);
    for target in [
        "storage.googleapis.com:443".to_owned(),
        format!("localhost:{port}"),
        "pubsub.googleapis.com:443".to_owned(),
    ] {
        assert!(seen.contains(&target), "{target} not in {seen:?}");
    }
    assert!(!seen.iter().any(|t| t.starts_with("127.0.0.1")), "{seen:?}");
    assert!(
        corp.seen().iter().all(|c| c.authorized),
        "{:?}",
        corp.seen()
    );
    // Through the chain, gcloud acted as the service account; the tunnelled requests kept
    // alice's own token.
    let lists = emulator.entries("storage.buckets.list");
    let principals: Vec<&str> = lists.iter().map(principal).collect();
    assert_eq!(principals, [DEPLOYER, ALICE, ALICE], "{lists:?}");
    assert!(reason(&lists[0]).ends_with(": JIRA-123 test"));
}

#[test]
fn gclouds_proxy_properties_name_the_users_proxy_and_its_refusal_is_a_502() {
    require("curl");
    let emulator = Emulator::start_https();
    let (port, _) = emulator.https.clone().unwrap();
    let corp = UserProxy::start(CORP_USER, CORP_PASSWORD, port, &[]);
    let mut user = User::new(&emulator);
    trust_only_the_emulator(&mut user, &emulator);
    let with_password = |password: &str| {
        use std::io::Write as _;
        let config = user.path(".config/gcloud/configurations/config_work");
        let mut text = std::fs::read_to_string(&config).unwrap();
        text.truncate(text.find("\n[proxy]").unwrap_or(text.len()));
        text.push_str(&format!(
            "\n[proxy]\ntype = http\naddress = 127.0.0.1\nport = {}\nusername = {CORP_USER}\npassword = {password}\n",
            corp.port
        ));
        std::fs::File::create(&config)
            .unwrap()
            .write_all(text.as_bytes())
            .unwrap();
    };
    let script = format!("curl -s -w '\\n%{{http_code}}\\n' '{BUCKETS}'");

    with_password(CORP_PASSWORD);
    let out = session_sh(&user, &trust_emulator(&emulator), &script);
    assert_ok(&out);
    assert!(stdout(&out).ends_with("\n200\n"), "{}", stdout(&out));
    assert_eq!(
        corp.seen(),
        [Connect {
            target: "storage.googleapis.com:443".into(),
            authorized: true
        }]
    );
    assert_every_call_ran_as(&emulator, "storage.buckets.list", DEPLOYER);

    // With a password the user's proxy does not take, the client hears why from gsudo's.
    with_password("wrong");
    let out = session_sh(&user, &trust_emulator(&emulator), &script);
    assert_ok(&out);
    let text = stdout(&out);
    assert!(text.ends_with("\n502\n"), "{text}");
    assert!(
        text.contains(&format!(
            "proxy 127.0.0.1:{} refused to connect to storage.googleapis.com:443: HTTP/1.1 407",
            corp.port
        )),
        "{text}"
    );
    assert!(!corp.seen()[1].authorized);
    assert_eq!(emulator.entries("storage.buckets.list").len(), 1);
}

#[test]
fn the_session_ca_key_is_in_no_file_of_the_session() {
    let emulator = Emulator::start_https();
    let user = User::new(&emulator);
    // The child looks through the whole session directory while the session runs.
    let script = "dir=$(dirname \"$CLOUDSDK_CONFIG\"); \
                  grep -rlE 'PRIVATE KEY|BEGIN EC' \"$dir\"; \
                  grep -c 'BEGIN CERTIFICATE' \"$dir/ca-bundle.pem\" >/dev/null && echo bundle; \
                  grep -c 'BEGIN' \"$dir/node-extra-ca.pem\"; \
                  test \"$SSL_CERT_FILE\" = \"$dir/ca-bundle.pem\" && echo ssl_cert_file";
    let out = session_sh(&user, &[], script);
    assert_ok(&out);
    // No key in any file; the bundle and Node's file hold certificates (the CA's, alone, for
    // Node), and the child's CA variables name the bundle.
    assert_eq!(stdout(&out), "bundle\n1\nssl_cert_file\n");
}

#[test]
fn no_proxy_leaves_the_users_settings_alone() {
    let emulator = Emulator::start();
    let mut user = User::new(&emulator);
    user.env
        .insert("HTTPS_PROXY".into(), "http://corp.invalid:3128".into());
    let out = user.run_as(
        DEPLOYER,
        &[
            "--no-proxy",
            "sh",
            "-c",
            "echo \"$HTTPS_PROXY\"; ls \"$(dirname \"$CLOUDSDK_CONFIG\")\" | grep -c pem",
        ],
    );
    assert_eq!(
        stdout(&out),
        "http://corp.invalid:3128\n0\n",
        "{}",
        stderr(&out)
    );
}

#[test]
fn many_clients_at_once_all_succeed_and_leave_nothing_behind() {
    let emulator = Emulator::start_https();
    let user = User::new(&emulator);
    let mut child = user
        .gsudo()
        .args(["-s", DEPLOYER, "-R", "load test"])
        .args(to_emulator(&emulator, &["oauth2.googleapis.com"]))
        .args([
            "sh",
            "-c",
            "echo \"$PPID $HTTPS_PROXY $SSL_CERT_FILE\"; read line || true",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    std::io::BufRead::read_line(&mut stdout, &mut line).unwrap();
    let mut fields = line.split_whitespace();
    let (pid, proxy, bundle) = (
        fields.next().unwrap().to_owned(),
        fields.next().unwrap().to_owned(),
        fields.next().unwrap().to_owned(),
    );
    let rt = tokio::runtime::Runtime::new().unwrap();
    let round = |requests| rt.block_on(load(&proxy, &bundle, 200, requests));
    let fds = || {
        std::fs::read_dir(format!("/proc/{pid}/fd"))
            .unwrap()
            .count()
    };
    // The first round brings the pools to their working size; after it no round may leave a
    // file descriptor behind. (Whether memory grows is the benchmark's leak check:
    // `cargo bench --bench proxy -- --memory`.)
    assert_eq!(round(50), 200 * 50);
    std::thread::sleep(std::time::Duration::from_millis(500));
    let fds_before = fds();
    for _ in 0..3 {
        assert_eq!(round(50), 200 * 50);
        std::thread::sleep(std::time::Duration::from_millis(500));
        let fds_now = fds();
        assert!(fds_now <= fds_before, "fds {fds_before} -> {fds_now}");
    }
    drop(child.stdin.take());
    assert!(child.wait().unwrap().success());
}

/// `clients` clients, each on its own connection, making `requests` requests one after the
/// other; returns how many succeeded.
async fn load(proxy: &str, bundle: &str, clients: usize, requests: usize) -> usize {
    let pem = std::fs::read(bundle).unwrap();
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..clients {
        let client = reqwest::Client::builder()
            .proxy(reqwest::Proxy::https(proxy).unwrap())
            .tls_certs_only(reqwest::Certificate::from_pem_bundle(&pem).unwrap())
            .pool_max_idle_per_host(1)
            .build()
            .unwrap();
        tasks.spawn(async move {
            let mut ok = 0;
            for _ in 0..requests {
                let response = client
                    .get("https://oauth2.googleapis.com/oauth2/v3/certs")
                    .send()
                    .await;
                if let Ok(r) = response
                    && r.status().is_success()
                    && r.bytes().await.is_ok()
                {
                    ok += 1;
                }
            }
            ok
        });
    }
    tasks.join_all().await.into_iter().sum()
}

/// Which account the emulator says `token` speaks for (the token travels on stdin).
fn email_of(emulator: &Emulator, token: &str) -> String {
    use std::io::Write as _;
    let mut curl = std::process::Command::new("curl")
        .args(["-s", "--data-binary", "@-"])
        .arg(format!("{}tokeninfo", emulator.url))
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    write!(curl.stdin.take().unwrap(), "access_token={token}").unwrap();
    let out = curl.wait_with_output().unwrap();
    let info: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
    info["email"].as_str().unwrap_or_default().to_owned()
}

#[test]
fn token_grants_spelled_any_way_get_the_sessions_token_not_the_tools() {
    require("curl");
    let emulator = Emulator::start_https();
    let user = User::new(&emulator);
    // A tool's own refresh grant, the way google-auth sends one.
    std::fs::write(
        user.path("grant"),
        format!("grant_type=refresh_token&client_id=test&client_secret=test&refresh_token={ALICE_REFRESH}"),
    )
    .unwrap();
    let urls = [
        "https://OAUTH2.googleapis.com/token",
        "https://oauth2.googleapis.com.//token",
        "https://oauth2.googleapis.com/token/",
        "https://oauth2.googleapis.com/%74oken",
        "https://www.googleapis.com/oauth2/v4/token",
        "https://WWW.googleapis.com/OAuth2/v4/token",
    ];
    let script: String = urls
        .iter()
        .map(|url| format!("curl -sS --path-as-is --data-binary @grant '{url}'; echo; "))
        .collect();
    let hosts = ["oauth2.googleapis.com", "www.googleapis.com"];
    let out = session_sh(&user, &to_emulator(&emulator, &hosts), &script);
    assert_ok(&out);
    let text = stdout(&out);
    let answers: Vec<&str> = text.lines().collect();
    assert_eq!(answers.len(), urls.len(), "{}", stdout(&out));
    for (url, answer) in urls.iter().zip(&answers) {
        let answer: serde_json::Value =
            serde_json::from_str(answer).unwrap_or_else(|e| panic!("{url}: {e}: {answer}"));
        let token = answer["access_token"]
            .as_str()
            .unwrap_or_else(|| panic!("{url}: {answer}"));
        // Passed upstream, alice's refresh token would have made it alice's.
        assert_eq!(email_of(&emulator, token), DEPLOYER, "{url}");
    }
}

#[test]
fn a_trailing_dot_host_is_intercepted_with_a_certificate_that_verifies() {
    require("curl");
    let emulator = Emulator::start_https();
    let user = User::new(&emulator);
    let header = alice_header(&user, &emulator);
    let out = session_sh(
        &user,
        &to_emulator(&emulator, &["storage.googleapis.com"]),
        &format!(
            "curl -sSf -H @'{}' 'https://storage.googleapis.com./storage/v1/b?project=test-project' >/dev/null && echo ok",
            header.display()
        ),
    );
    assert_ok(&out);
    assert_eq!(stdout(&out), "ok\n");
    let lists = assert_every_call_ran_as(&emulator, "storage.buckets.list", DEPLOYER);
    assert_eq!(lists.len(), 1, "{lists:?}");
}

#[test]
fn plain_http_to_an_intercepted_host_is_refused_not_sent_with_the_users_credentials() {
    require("curl");
    let emulator = Emulator::start();
    let user = User::new(&emulator);
    // An https endpoint override on localhost makes the proxy intercept localhost, so that the
    // plain-http request below goes to an intercepted host without leaving the machine.
    user.point_at(&emulator, &[]);
    {
        use std::io::Write as _;
        let mut config = std::fs::OpenOptions::new()
            .append(true)
            .open(user.path(".config/gcloud/configurations/config_work"))
            .unwrap();
        writeln!(config, "pubsub = https://localhost:9/").unwrap();
    }
    let header = alice_header(&user, &emulator);
    let url = emulator.url.replace("127.0.0.1", "localhost");
    let out = session_sh(
        &user,
        &[],
        &format!(
            "NO_PROXY= no_proxy= http_proxy=\"$HTTPS_PROXY\" curl -s -w '\\n%{{http_code}}\\n' -H @'{}' '{url}storage/v1/b?project=test-project'",
            header.display()
        ),
    );
    assert_ok(&out);
    let text = stdout(&out);
    assert!(text.ends_with("\n403\n"), "{text}");
    assert!(text.contains("plain http"), "{text}");
    // Nothing reached the emulator as alice (nor as anyone).
    assert!(
        emulator.entries("storage.buckets.list").is_empty(),
        "{}",
        emulator.audit_text()
    );
}

#[test]
fn an_endless_upstream_ca_file_is_refused_naming_it() {
    let emulator = Emulator::start();
    let user = User::new(&emulator);
    let out = user.run_as(DEPLOYER, &["--upstream-ca-file", "/dev/zero", "true"]);
    assert_eq!(out.status.code(), Some(125), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("gsudo: error: ")
            && err.contains("the CA file /dev/zero")
            && err.contains("larger than 16 MiB"),
        "{err}"
    );
}

#[test]
fn a_universe_domain_that_is_a_public_suffix_refuses_the_session() {
    let emulator = Emulator::start();
    let user = User::new(&emulator);
    // With github.io as the universe, every GitHub Pages site would be "a Google API host".
    let out = user
        .gsudo()
        .env("CLOUDSDK_CORE_UNIVERSE_DOMAIN", "github.io")
        .args(["-s", DEPLOYER, "-R", "JIRA-1 x", "true"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(125), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("gsudo: error: ")
            && err.contains("the universe domain github.io is a public suffix"),
        "{err}"
    );
}

#[test]
fn a_client_cannot_have_the_reason_dropped_as_hop_by_hop_on_an_upgrade() {
    require_python("websocket");
    let emulator = Emulator::start_https();
    let user = User::new(&emulator);
    let host = "generativelanguage.googleapis.com";
    // The client names the reason header in Connection, which the next hop honours by
    // dropping it: the audit log would then lack the reason gsudo sets.
    let script = format!(
        "python3 -c \"import websocket; ws = websocket.create_connection('wss://{host}/ws/echo', connection='Connection: Upgrade, x-goog-request-reason', timeout=30); ws.send('hi'); print(ws.recv()); ws.close()\""
    );
    let out = session_sh(&user, &to_emulator(&emulator, &[host]), &script);
    assert_ok(&out);
    assert_eq!(stdout(&out), "hi\n");
    let upgrades = emulator.entries("websocket.echo");
    assert_eq!(upgrades.len(), 1, "{}", emulator.audit_text());
    assert!(
        reason(&upgrades[0]).ends_with(": JIRA-123 test"),
        "{}",
        emulator.audit_text()
    );
}
