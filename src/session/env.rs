//! The child's environment: the user's, less everything that would make a tool use another
//! identity or bypass the session (GCP-FACTS §3 and §6), plus the session's own settings.

use std::path::Path;

use crate::config::Env;
use crate::serve::proxy::REPLACED_CA_VARIABLES;

/// Variables that name another identity, another credential source or a way around the
/// session. Those the session replaces are removed here and set again after.
const SCRUBBED: &[&str] = &[
    "CLOUDSDK_CONFIG",
    "CLOUDSDK_ACTIVE_CONFIG_NAME",
    "CLOUDSDK_CORE_ACCOUNT",
    "CLOUDSDK_CORE_REQUEST_REASON",
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
    "GSUDO_SESSION",
    "GSUDO_EXPIRES_AT",
    "GSUDO_SESSION_DELEGATES",
    // The caller's chain is no chain for the account: a gsudo inside must not inherit it.
    "GSUDO_DELEGATES",
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

/// What the session gives the child.
pub struct ChildSettings<'a> {
    pub session_id: &'a str,
    pub account: &'a str,
    /// The delegation chain the session minted through, comma-separated ("" for none).
    pub delegates: &'a str,
    pub expires_at: &'a str,
    pub reason_header: &'a str,
    pub gcloud_dir: &'a Path,
    pub credentials_file: &'a Path,
    pub boto_file: &'a Path,
    pub kube_cache: &'a Path,
    pub kubeconfig: &'a Path,
    pub project: Option<&'a str>,
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
    SCRUBBED.contains(&name) || SCRUBBED_PREFIXES.iter().any(|p| name.starts_with(p))
}

/// The child's environment, derived from the user's without changing it.
pub fn child_env(user: &Env, s: &ChildSettings<'_>) -> Env {
    let mut env = user.clone();
    env.remove_where(is_scrubbed);
    env.set("CLOUDSDK_CONFIG", s.gcloud_dir);
    env.set("GOOGLE_APPLICATION_CREDENTIALS", s.credentials_file);
    env.set("CLOUDSDK_CORE_REQUEST_REASON", s.reason_header);
    // gsutil reads ~/.boto, which may hold the user's own refresh token.
    env.set("BOTO_CONFIG", s.boto_file);
    env.set("KUBECACHEDIR", s.kube_cache);
    // kubectl, the GKE plugin and `gcloud container clusters get-credentials` all write here,
    // never to ~/.kube/config.
    env.set("KUBECONFIG", s.kubeconfig);
    env.set("GSUDO_SESSION", s.session_id);
    env.set("GSUDO_SERVICE_ACCOUNT", s.account);
    env.set("GSUDO_EXPIRES_AT", s.expires_at);
    if !s.delegates.is_empty() {
        env.set("GSUDO_SESSION_DELEGATES", s.delegates);
    }
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
        // GCE_METADATA_ROOT, Go and Node GCE_METADATA_HOST (GCP-FACTS §5).
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
    if let Some(project) = s.project {
        // An explicit -p beats whatever project the user's environment names.
        for var in [
            "CLOUDSDK_CORE_PROJECT",
            "GOOGLE_CLOUD_PROJECT",
            "GOOGLE_PROJECT",
        ] {
            env.set(var, project);
        }
    }
    env
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings<'a>(project: Option<&'a str>) -> ChildSettings<'a> {
        ChildSettings {
            session_id: "abc",
            account: "sa@p.iam.gserviceaccount.com",
            delegates: "",
            expires_at: "2026-11-21T22:00:00Z",
            reason_header: "gsudo abc: why",
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
            vars["GSUDO_SERVICE_ACCOUNT"],
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
        let user = Env::from_pairs([("CLOUDSDK_CORE_PROJECT", "user-project")]);
        let env = child_env(&user, &settings(Some("flag-project")));
        assert_eq!(env.get("CLOUDSDK_CORE_PROJECT"), Some("flag-project"));
        assert_eq!(env.get("GOOGLE_CLOUD_PROJECT"), Some("flag-project"));
    }
}
