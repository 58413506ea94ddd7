//! The child's environment: the user's, less everything that would make a tool use another
//! identity or bypass the session (docs/google-cloud-facts.md §3 and §6), plus the session's own settings.

use std::path::Path;

use crate::config::{Env, Gcloud};
use crate::serve::proxy::REPLACED_CA_VARIABLES;
use crate::settings::variable;

/// Variables that name another identity, another credential source or a way around the
/// session. Those the session replaces are removed here and set again after.
const SCRUBBED: &[&str] = &[
    "CLOUDSDK_CONFIG",
    "CLOUDSDK_ACTIVE_CONFIG_NAME",
    "CLOUDSDK_CORE_ACCOUNT",
    "GOOGLE_APPLICATION_CREDENTIALS",
    "GOOGLE_CREDENTIALS",
    "GOOGLE_CLOUD_KEYFILE_JSON",
    "GCLOUD_KEYFILE_JSON",
    "GOOGLE_IMPERSONATE_SERVICE_ACCOUNT",
    "GOOGLE_OAUTH_ACCESS_TOKEN",
    "GOOGLE_BACKEND_CREDENTIALS",
    "GCE_METADATA_HOST",
    "GCE_METADATA_IP",
    "GCE_METADATA_ROOT",
    "BOTO_CONFIG",
    "BOTO_PATH",
    "KUBECACHEDIR",
    // The caller's account and chain were the outer gsudo's input: a gsudo inside, whose caller
    // is the account, must not take them for its own.
    variable::SERVICE_ACCOUNT,
    variable::DELEGATES,
];

/// Prefixes of variable families that carry credentials, impersonation, proxies or client
/// certificates for gcloud and cloud-sql-proxy.
const SCRUBBED_PREFIXES: &[&str] = &[
    "CLOUDSDK_AUTH_",
    "CLOUDSDK_PROXY_",
    "CLOUDSDK_CONTEXT_AWARE_",
    "CSQL_PROXY_TOKEN",
    "CSQL_PROXY_LOGIN_TOKEN",
    "CSQL_PROXY_CREDENTIALS_FILE",
    "CSQL_PROXY_JSON_CREDENTIALS",
    "CSQL_PROXY_GCLOUD_AUTH",
    "CSQL_PROXY_IMPERSONATE_SERVICE_ACCOUNT",
    "CLOUD_SQL_TOKEN",
    "CLOUD_SQL_LOGIN_TOKEN",
    "CLOUD_SQL_CREDENTIALS_FILE",
    "CLOUD_SQL_JSON_CREDENTIALS",
    "CLOUD_SQL_GCLOUD_AUTH",
    "CLOUD_SQL_IMPERSONATE_SERVICE_ACCOUNT",
];

/// The session's contract with its child: the variables by which a program knows it runs in a
/// gsudo session, as which account, until when and why. The session writes it; `whoami`, `can`,
/// `token` and the proxy's nesting guard read it, never the variables themselves.
///
/// The account is `GSUDO_SESSION_ACCOUNT`, not `GSUDO_SERVICE_ACCOUNT`: that one is gsudo's `-s`
/// input, and a gsudo inside the session must not take the session's account for its own.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Contract {
    /// The session's id.
    pub session: String,
    /// The service account the session acts as.
    pub account: String,
    /// The delegation chain the session mints through (empty for none).
    pub delegates: Vec<String>,
    /// When the session stops minting, RFC 3339.
    pub expires_at: String,
    /// The reason as tagged for the audit logs: `gsudo <session>: <reason>`.
    pub reason_header: String,
    /// The Privileged Access Manager grant the session runs on, if any.
    pub grant: Option<String>,
    /// The broker the session mints through, if it does: a gsudo inside must not mint as the
    /// session's account what the broker decides for people.
    pub broker: Option<String>,
}

impl Contract {
    const SESSION: &str = variable::SESSION;
    const ACCOUNT: &str = "GSUDO_SESSION_ACCOUNT";
    const DELEGATES: &str = "GSUDO_SESSION_DELEGATES";
    const EXPIRES_AT: &str = "GSUDO_EXPIRES_AT";
    const GRANT: &str = "GSUDO_SESSION_GRANT";
    const BROKER: &str = "GSUDO_SESSION_BROKER";
    // gcloud, gsutil, bq and Terraform send it with every call; it is the contract's reason too.
    const REASON: &str = "CLOUDSDK_CORE_REQUEST_REASON";
    /// Every variable of the contract: an outer session's are removed before an inner one's are
    /// written.
    const VARIABLES: [&str; 7] = [
        Self::SESSION,
        Self::BROKER,
        Self::ACCOUNT,
        Self::DELEGATES,
        Self::EXPIRES_AT,
        Self::REASON,
        Self::GRANT,
    ];

    /// The session the environment is in, if any (`read(env).is_some()`: whether a program
    /// started there, gsudo's own proxy too, runs inside a session).
    pub fn read(env: &Env) -> Option<Self> {
        Some(Self {
            session: env.get(Self::SESSION)?.to_owned(),
            account: env.get(Self::ACCOUNT)?.to_owned(),
            delegates: env
                .get(Self::DELEGATES)
                .unwrap_or_default()
                .split(',')
                .map(str::trim)
                .filter(|d| !d.is_empty())
                .map(str::to_owned)
                .collect(),
            expires_at: env.get(Self::EXPIRES_AT).unwrap_or_default().to_owned(),
            reason_header: env.get(Self::REASON).unwrap_or_default().to_owned(),
            grant: env.get(Self::GRANT).map(str::to_owned),
            broker: env.get(Self::BROKER).map(str::to_owned),
        })
    }

    /// The reason in the user's own words.
    pub fn reason(&self) -> &str {
        crate::types::untagged_reason(&self.session, &self.reason_header)
            .unwrap_or(&self.reason_header)
    }

    fn write(&self, env: &mut Env) {
        env.set(Self::SESSION, &self.session);
        env.set(Self::ACCOUNT, &self.account);
        env.set(Self::EXPIRES_AT, &self.expires_at);
        env.set(Self::REASON, &self.reason_header);
        if !self.delegates.is_empty() {
            env.set(Self::DELEGATES, self.delegates.join(","));
        }
        if let Some(grant) = &self.grant {
            env.set(Self::GRANT, grant);
        }
        if let Some(broker) = &self.broker {
            env.set(Self::BROKER, broker);
        }
    }
}

/// gcloud's project variable, which beats its configuration's.
const CORE_PROJECT: &str = "CLOUDSDK_CORE_PROJECT";
/// The client libraries' project variable: google-auth never asks gcloud for the project of an
/// explicit credential file such as the session's, so without it `google.auth.default()` has none.
const LIBRARY_PROJECT: &str = "GOOGLE_CLOUD_PROJECT";
/// What google-auth read before `GOOGLE_CLOUD_PROJECT`, and still reads after it.
const OLD_LIBRARY_PROJECT: &str = "GCLOUD_PROJECT";

/// The project the session works in, and who chose it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Project {
    /// Given with -p: it beats the user's own project variables.
    Given(String),
    /// The user's own (`CLOUDSDK_CORE_PROJECT`, else `GOOGLE_CLOUD_PROJECT` or `GCLOUD_PROJECT`),
    /// else the active gcloud configuration's: a variable the user set keeps its value.
    Found(String),
}

impl Project {
    /// -p, else the project the user's gcloud and libraries would use outside the session.
    pub fn of_session(given: Option<&str>, user: &Env, gcloud: &Gcloud) -> Option<Self> {
        if let Some(project) = given {
            return Some(Self::Given(project.to_owned()));
        }
        [CORE_PROJECT, LIBRARY_PROJECT, OLD_LIBRARY_PROJECT]
            .into_iter()
            .find_map(|var| user.get(var).map(str::to_owned))
            .or_else(|| gcloud.project())
            .map(Self::Found)
    }

    /// The project's id.
    pub fn id(&self) -> &str {
        match self {
            Self::Given(id) | Self::Found(id) => id,
        }
    }
}

/// What the session gives the child.
pub struct ChildSettings<'a> {
    pub contract: &'a Contract,
    pub gcloud_dir: &'a Path,
    pub credentials_file: &'a Path,
    pub boto_file: &'a Path,
    pub kube_cache: &'a Path,
    pub kubeconfig: &'a Path,
    pub project: Option<Project>,
    pub proxy: Option<ChildProxy<'a>>,
    /// `127.0.0.1:PORT` of the session's metadata server, when it runs.
    pub metadata_host: Option<&'a str>,
}

/// How the child reaches Google APIs through the session's proxy.
pub struct ChildProxy<'a> {
    /// `http://gsudo:SECRET@127.0.0.1:PORT`: the environment is the child's alone, unlike argv.
    pub url: &'a str,
    pub no_proxy: &'a str,
    pub ca_bundle: &'a Path,
    pub node_extra_ca: &'a Path,
}

/// Whether a variable names another identity, credential source or way around the session,
/// so that nothing the session starts may carry it.
pub fn is_scrubbed(name: &str) -> bool {
    SCRUBBED.contains(&name)
        || Contract::VARIABLES.contains(&name)
        || SCRUBBED_PREFIXES.iter().any(|p| name.starts_with(p))
}

/// The child's environment, derived from the user's without changing it.
pub fn child_env(user: &Env, s: &ChildSettings<'_>) -> Env {
    let mut env = user.clone();
    env.remove_where(is_scrubbed);
    env.set("CLOUDSDK_CONFIG", s.gcloud_dir);
    env.set("GOOGLE_APPLICATION_CREDENTIALS", s.credentials_file);
    s.contract.write(&mut env);
    // gsutil reads ~/.boto, which may hold the user's own refresh token.
    env.set("BOTO_CONFIG", s.boto_file);
    env.set("KUBECACHEDIR", s.kube_cache);
    // kubectl, the GKE plugin and `gcloud container clusters get-credentials` all write here,
    // never to ~/.kube/config.
    env.set("KUBECONFIG", s.kubeconfig);
    if let Some(proxy) = &s.proxy {
        // gRPC prefers grpc_proxy over https_proxy: a user's would bypass the session's proxy.
        env.remove_where(|name| name.eq_ignore_ascii_case("grpc_proxy"));
        for var in ["HTTPS_PROXY", "https_proxy"] {
            env.set(var, proxy.url);
        }
        for var in ["NO_PROXY", "no_proxy"] {
            env.set(var, proxy.no_proxy);
        }
        for var in REPLACED_CA_VARIABLES {
            env.set(*var, proxy.ca_bundle);
        }
        env.set("NODE_EXTRA_CA_CERTS", proxy.node_extra_ca);
    }
    if let Some(host) = s.metadata_host {
        // Python reads GCE_METADATA_IP for its ping and GCE_METADATA_HOST for data, gcloud
        // GCE_METADATA_ROOT, Go and Node GCE_METADATA_HOST (docs/google-cloud-facts.md §5).
        for var in ["GCE_METADATA_HOST", "GCE_METADATA_IP", "GCE_METADATA_ROOT"] {
            env.set(var, host);
        }
        // The metadata server speaks plain HTTP on loopback: no proxy of the user's may catch it.
        for var in ["NO_PROXY", "no_proxy"] {
            let list = env.get(var).unwrap_or_default().to_owned();
            if !list.split(',').any(|h| h.trim() == "127.0.0.1") {
                let joined = if list.is_empty() {
                    "127.0.0.1,localhost".to_owned()
                } else {
                    format!("{list},127.0.0.1,localhost")
                };
                env.set(var, joined);
            }
        }
    }
    match &s.project {
        // An explicit -p beats whatever project the user's environment names.
        Some(Project::Given(project)) => {
            for var in [CORE_PROJECT, LIBRARY_PROJECT, "GOOGLE_PROJECT"] {
                env.set(var, project);
            }
        }
        // Libraries read GOOGLE_CLOUD_PROJECT (then the older GCLOUD_PROJECT), gcloud
        // CLOUDSDK_CORE_PROJECT: both name the session's project, unless the user set their own.
        Some(Project::Found(project)) => {
            if env.get(CORE_PROJECT).is_none() {
                env.set(CORE_PROJECT, project);
            }
            if env.get(LIBRARY_PROJECT).is_none() && env.get(OLD_LIBRARY_PROJECT).is_none() {
                env.set(LIBRARY_PROJECT, project);
            }
        }
        None => {}
    }
    env
}

#[cfg(test)]
mod tests {
    use super::*;

    static CONTRACT: std::sync::LazyLock<Contract> = std::sync::LazyLock::new(|| Contract {
        session: "abc".into(),
        account: "sa@p.iam.gserviceaccount.com".into(),
        delegates: vec![],
        expires_at: "2026-11-21T22:00:00Z".into(),
        reason_header: "gsudo abc: why".into(),
        grant: None,
        broker: None,
    });

    fn settings(project: Option<Project>) -> ChildSettings<'static> {
        ChildSettings {
            contract: &CONTRACT,
            gcloud_dir: Path::new("/s/gcloud"),
            credentials_file: Path::new("/s/credentials.json"),
            boto_file: Path::new("/s/boto"),
            kube_cache: Path::new("/s/kube-cache"),
            kubeconfig: Path::new("/s/kubeconfig"),
            metadata_host: None,
            project,
            proxy: None,
        }
    }

    #[test]
    fn identity_variables_are_scrubbed_and_the_session_set() {
        let user = Env::from_pairs([
            ("PATH", "/usr/bin"),
            ("HOME", "/home/u"),
            ("CLOUDSDK_AUTH_ACCESS_TOKEN", "ya29.user"),
            (
                "CLOUDSDK_AUTH_IMPERSONATE_SERVICE_ACCOUNT",
                "other@p.iam.gserviceaccount.com",
            ),
            ("CLOUDSDK_CORE_ACCOUNT", "user@example.com"),
            ("CLOUDSDK_CORE_PROJECT", "user-project"),
            ("CLOUDSDK_PROXY_ADDRESS", "proxy"),
            ("CLOUDSDK_CORE_CUSTOM_CA_CERTS_FILE", "/etc/ssl/ca.pem"),
            ("GOOGLE_APPLICATION_CREDENTIALS", "/home/u/key.json"),
            ("GOOGLE_OAUTH_ACCESS_TOKEN", "ya29.user"),
            ("CSQL_PROXY_TOKEN", "ya29.user"),
            ("GCE_METADATA_HOST", "10.0.0.1"),
            ("GSUDO_EXPIRES_AT", "stale"),
        ]);
        let env = child_env(&user, &settings(None));
        let vars: std::collections::BTreeMap<&str, &str> = env.iter_str().collect();
        for gone in [
            "CLOUDSDK_AUTH_ACCESS_TOKEN",
            "CLOUDSDK_AUTH_IMPERSONATE_SERVICE_ACCOUNT",
            "CLOUDSDK_CORE_ACCOUNT",
            "CLOUDSDK_PROXY_ADDRESS",
            "GOOGLE_OAUTH_ACCESS_TOKEN",
            "CSQL_PROXY_TOKEN",
            "GCE_METADATA_HOST",
        ] {
            assert!(!vars.contains_key(gone), "{gone} was kept");
        }
        assert!(!vars.values().any(|v| v.contains("ya29.user")));
        assert_eq!(vars["PATH"], "/usr/bin");
        assert_eq!(vars["CLOUDSDK_CORE_PROJECT"], "user-project");
        assert_eq!(
            vars["CLOUDSDK_CORE_CUSTOM_CA_CERTS_FILE"],
            "/etc/ssl/ca.pem"
        );
        assert_eq!(vars["CLOUDSDK_CONFIG"], "/s/gcloud");
        assert_eq!(
            vars["GOOGLE_APPLICATION_CREDENTIALS"],
            "/s/credentials.json"
        );
        assert_eq!(vars["CLOUDSDK_CORE_REQUEST_REASON"], "gsudo abc: why");
        assert_eq!(vars["GSUDO_SESSION"], "abc");
        assert_eq!(
            vars["GSUDO_SESSION_ACCOUNT"],
            "sa@p.iam.gserviceaccount.com"
        );
        assert_eq!(vars["GSUDO_EXPIRES_AT"], "2026-11-21T22:00:00Z");
        // The user's own environment is untouched.
        assert_eq!(user.get("CLOUDSDK_AUTH_ACCESS_TOKEN"), Some("ya29.user"));
    }

    #[test]
    fn the_proxy_and_its_ca_bundle_replace_the_users() {
        let user = Env::from_pairs([
            ("HTTPS_PROXY", "http://corp:3128"),
            ("grpc_proxy", "http://corp:3128"),
            ("HTTP_PROXY", "http://corp:3128"),
            ("SSL_CERT_FILE", "/etc/ssl/certs/ca-certificates.crt"),
            ("REQUESTS_CA_BUNDLE", "/etc/ssl/corp.pem"),
            ("NODE_EXTRA_CA_CERTS", "/etc/ssl/corp.pem"),
            ("AWS_CA_BUNDLE", "/etc/ssl/certs/ca-certificates.crt"),
        ]);
        let mut s = settings(None);
        s.proxy = Some(ChildProxy {
            url: "http://gsudo:pw@127.0.0.1:9",
            no_proxy: "127.0.0.1,localhost",
            ca_bundle: Path::new("/s/ca-bundle.pem"),
            node_extra_ca: Path::new("/s/node-extra-ca.pem"),
        });
        let env = child_env(&user, &s);
        let vars: std::collections::BTreeMap<&str, &str> = env.iter_str().collect();
        assert_eq!(vars["HTTPS_PROXY"], "http://gsudo:pw@127.0.0.1:9");
        assert_eq!(vars["https_proxy"], "http://gsudo:pw@127.0.0.1:9");
        assert_eq!(vars["NO_PROXY"], "127.0.0.1,localhost");
        assert_eq!(vars["no_proxy"], "127.0.0.1,localhost");
        assert!(!vars.contains_key("grpc_proxy"));
        // Plain http is not the proxy's business.
        assert_eq!(vars["HTTP_PROXY"], "http://corp:3128");
        for var in REPLACED_CA_VARIABLES {
            assert_eq!(vars[var], "/s/ca-bundle.pem", "{var}");
        }
        assert_eq!(vars["NODE_EXTRA_CA_CERTS"], "/s/node-extra-ca.pem");
        assert_eq!(vars["AWS_CA_BUNDLE"], "/etc/ssl/certs/ca-certificates.crt");

        // Without the proxy the user's settings stay as they were.
        let env = child_env(&user, &settings(None));
        assert_eq!(env.get("HTTPS_PROXY"), Some("http://corp:3128"));
        assert_eq!(env.get("REQUESTS_CA_BUNDLE"), Some("/etc/ssl/corp.pem"));
    }

    #[test]
    fn the_metadata_server_is_named_and_kept_off_proxies() {
        let user = Env::from_pairs([
            ("GCE_METADATA_HOST", "10.0.0.1"),
            ("no_proxy", "corp.example"),
        ]);
        let mut s = settings(None);
        s.metadata_host = Some("127.0.0.1:4567");
        let env = child_env(&user, &s);
        for var in ["GCE_METADATA_HOST", "GCE_METADATA_IP", "GCE_METADATA_ROOT"] {
            assert_eq!(env.get(var), Some("127.0.0.1:4567"));
        }
        assert_eq!(
            env.get("no_proxy"),
            Some("corp.example,127.0.0.1,localhost")
        );
        assert_eq!(env.get("NO_PROXY"), Some("127.0.0.1,localhost"));
        assert_eq!(env.get("KUBECONFIG"), Some("/s/kubeconfig"));
        // Without it, no metadata server of the user's is left either.
        assert_eq!(
            child_env(&user, &settings(None)).get("GCE_METADATA_HOST"),
            None
        );
    }

    #[test]
    fn an_explicit_project_wins() {
        let user = Env::from_pairs([
            ("CLOUDSDK_CORE_PROJECT", "user-project"),
            ("GOOGLE_CLOUD_PROJECT", "user-project"),
        ]);
        let given = Project::Given("flag-project".into());
        let env = child_env(&user, &settings(Some(given)));
        for var in [
            "CLOUDSDK_CORE_PROJECT",
            "GOOGLE_CLOUD_PROJECT",
            "GOOGLE_PROJECT",
        ] {
            assert_eq!(env.get(var), Some("flag-project"), "{var}");
        }
    }

    #[test]
    fn a_found_project_reaches_gcloud_and_the_libraries_unless_the_user_named_one() {
        let found = || settings(Some(Project::Found("gcloud-project".into())));
        let env = child_env(&Env::default(), &found());
        assert_eq!(env.get("CLOUDSDK_CORE_PROJECT"), Some("gcloud-project"));
        assert_eq!(env.get("GOOGLE_CLOUD_PROJECT"), Some("gcloud-project"));
        assert_eq!(env.get("GOOGLE_PROJECT"), None);

        let user = Env::from_pairs([("GOOGLE_CLOUD_PROJECT", "lib-project")]);
        let env = child_env(&user, &found());
        assert_eq!(env.get("GOOGLE_CLOUD_PROJECT"), Some("lib-project"));
        assert_eq!(env.get("CLOUDSDK_CORE_PROJECT"), Some("gcloud-project"));

        // google-auth reads the older name too: the user's value there is not overridden either.
        let user = Env::from_pairs([
            ("GCLOUD_PROJECT", "old-project"),
            ("CLOUDSDK_CORE_PROJECT", "core-project"),
        ]);
        let env = child_env(&user, &found());
        assert_eq!(env.get("GOOGLE_CLOUD_PROJECT"), None);
        assert_eq!(env.get("CLOUDSDK_CORE_PROJECT"), Some("core-project"));

        assert_eq!(
            child_env(&Env::default(), &settings(None)).get("GOOGLE_CLOUD_PROJECT"),
            None
        );
    }

    #[test]
    fn the_contract_reads_back_what_the_session_wrote_and_nothing_of_the_callers() {
        let contract = Contract {
            delegates: vec![
                "a@p.iam.gserviceaccount.com".into(),
                "b@p.iam.gserviceaccount.com".into(),
            ],
            reason_header: "gsudo abc: JIRA-1 gsudo x: y".into(),
            grant: Some("projects/p/locations/global/entitlements/e/grants/g".into()),
            broker: Some("https://broker.example/".into()),
            ..CONTRACT.clone()
        };
        let user = Env::from_pairs([
            // The caller's input to the outer gsudo, and an outer session's contract.
            ("GSUDO_SERVICE_ACCOUNT", "outer@p.iam.gserviceaccount.com"),
            ("GSUDO_DELEGATES", "x@p.iam.gserviceaccount.com"),
            ("GSUDO_SESSION", "outer"),
            ("GSUDO_SESSION_ACCOUNT", "outer@p.iam.gserviceaccount.com"),
            ("GSUDO_SESSION_DELEGATES", "x@p.iam.gserviceaccount.com"),
            ("GSUDO_SESSION_GRANT", "outer-grant"),
            ("GSUDO_SESSION_BROKER", "https://outer.example/"),
        ]);
        let mut s = settings(None);
        s.contract = &contract;
        let env = child_env(&user, &s);
        assert_eq!(Contract::read(&env).as_ref(), Some(&contract));
        assert_eq!(contract.reason(), "JIRA-1 gsudo x: y");
        assert_eq!(env.get("GSUDO_SERVICE_ACCOUNT"), None);
        assert_eq!(env.get("GSUDO_DELEGATES"), None);

        // Without delegates, an outer session's are not left behind.
        let env = child_env(&user, &settings(None));
        assert_eq!(Contract::read(&env).as_ref(), Some(&*CONTRACT));
        assert_eq!(env.get("GSUDO_SESSION_DELEGATES"), None);
        assert_eq!(env.get("GSUDO_SESSION_GRANT"), None);
        assert_eq!(env.get("GSUDO_SESSION_BROKER"), None);
        assert_eq!(Contract::read(&Env::default()), None);
    }
}
