//! The session's gcloud configuration directory: the user's active configuration's properties
//! (project, region, zone, endpoint overrides, ...) without their account, credentials, proxy or
//! context-aware settings, authenticating through the session's token endpoint.

use std::path::Path;

use crate::config::{Gcloud, Properties};

/// The session proxy as gcloud's `proxy/*` properties name it. When they are set gcloud ignores
/// HTTPS_PROXY and NO_PROXY (docs/google-cloud-facts.md §3) and passes them on to gsutil and bq on their command
/// lines, which any local user can read: so they hold no secret, and the proxy admits gcloud
/// and its tools as processes of the session's tree instead.
pub struct GcloudProxy<'a> {
    pub port: u16,
    pub ca_bundle: &'a Path,
}

/// Sections and keys of the user's configuration that never reach the session.
fn is_dropped(section: &str, key: &str) -> bool {
    matches!(section, "auth" | "proxy" | "context_aware") || (section == "core" && key == "account")
}

/// The properties file the session's gcloud reads.
pub fn session_properties(
    user: &Gcloud,
    project: Option<&str>,
    credentials_file: &Path,
    token_url: &str,
    proxy: Option<&GcloudProxy<'_>>,
) -> Properties {
    let mut props = user.active_properties.clone();
    props.retain(|section, key| !is_dropped(section, key));
    props.set(
        "auth",
        "credential_file_override",
        &credentials_file.to_string_lossy(),
    );
    // gcloud replaces an authorized_user file's token URI with this host (docs/google-cloud-facts.md §3 B).
    props.set("auth", "token_host", token_url);
    if let Some(project) = project {
        props.set("core", "project", project);
    }
    // Unset, gcloud asks the metadata server (the session's, named by GCE_METADATA_ROOT) for the
    // universe domain: a probe and a read at the start of the first gcloud in every session,
    // since the session's directory holds no `gce` cache file yet. Said here, gcloud asks nobody.
    props.set("core", "universe_domain", &user.universe_domain());
    if let Some(proxy) = proxy {
        props.set("proxy", "type", "http");
        props.set("proxy", "address", "127.0.0.1");
        props.set("proxy", "port", &proxy.port.to_string());
        props.set(
            "core",
            "custom_ca_certs_file",
            &proxy.ca_bundle.to_string_lossy(),
        );
    }
    // Nothing a session does should leave logs behind or stop to ask about updates.
    props.set("core", "disable_file_logging", "true");
    props.set("component_manager", "disable_update_check", "true");
    props.set("survey", "disable_prompts", "true");
    props
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Env;

    #[test]
    fn credentials_account_and_proxy_are_left_behind() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("configurations")).unwrap();
        std::fs::write(
            dir.path().join("configurations/config_default"),
            "[core]\naccount = alice@example.com\nproject = p1\n[compute]\nregion = europe-west1\n\
             [auth]\nimpersonate_service_account = x@p.iam.gserviceaccount.com\naccess_token_file = /t\n\
             [proxy]\ntype = http\naddress = p\nport = 3128\n[context_aware]\nuse_client_certificate = true\n\
             [api_endpoint_overrides]\nstorage = http://127.0.0.1:9/\n",
        )
        .unwrap();
        let env = Env::from_pairs([
            ("CLOUDSDK_CONFIG", dir.path().to_str().unwrap()),
            ("PATH", ""),
        ]);
        let user = Gcloud::load(&env);
        let props = session_properties(
            &user,
            None,
            Path::new("/s/credentials.json"),
            "http://127.0.0.1:5/token",
            None,
        );
        assert_eq!(props.get("core", "project"), Some("p1"));
        assert_eq!(props.get("compute", "region"), Some("europe-west1"));
        assert_eq!(
            props.get("api_endpoint_overrides", "storage"),
            Some("http://127.0.0.1:9/")
        );
        assert_eq!(props.get("core", "account"), None);
        assert_eq!(props.get("core", "universe_domain"), Some("googleapis.com"));
        assert_eq!(props.get("auth", "impersonate_service_account"), None);
        assert_eq!(props.get("auth", "access_token_file"), None);
        assert_eq!(props.get("proxy", "address"), None);
        assert_eq!(props.get("context_aware", "use_client_certificate"), None);
        assert_eq!(
            props.get("auth", "credential_file_override"),
            Some("/s/credentials.json")
        );
        assert_eq!(
            props.get("auth", "token_host"),
            Some("http://127.0.0.1:5/token")
        );

        let props = session_properties(&user, Some("p2"), Path::new("/c"), "http://t", None);
        assert_eq!(props.get("core", "project"), Some("p2"));

        let proxy = GcloudProxy {
            port: 9,
            ca_bundle: Path::new("/s/ca-bundle.pem"),
        };
        let props = session_properties(&user, None, Path::new("/c"), "http://t", Some(&proxy));
        for (key, value) in [("type", "http"), ("address", "127.0.0.1"), ("port", "9")] {
            assert_eq!(props.get("proxy", key), Some(value), "{key}");
        }
        // No secret: gcloud puts these on gsutil's and bq's command lines.
        assert_eq!(props.get("proxy", "username"), None);
        assert_eq!(props.get("proxy", "password"), None);
        assert_eq!(
            props.get("core", "custom_ca_certs_file"),
            Some("/s/ca-bundle.pem")
        );
    }
}
