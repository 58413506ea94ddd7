//! The session's kubeconfig: the user's merged kubeconfig, with each GKE user made to
//! authenticate as the session's account, and nothing written under `~/.kube`.
//!
//! GKE users run gke-gcloud-auth-plugin, which asks gcloud (`config config-helper`) for a token;
//! pointed at the session's gcloud configuration it gets the service account's, with its real
//! expiry, and caches it beside the kubeconfig, in the session directory.

use std::path::{Path, PathBuf};

use reqwest::Method;
use serde_json::{Map, Value, json};

use crate::config::Env;
use crate::google::Http;
use crate::types::Secret;

const PLUGIN: &str = "gke-gcloud-auth-plugin";
const EXEC_API: &str = "client.authentication.k8s.io/v1beta1";

#[derive(Debug, thiserror::Error)]
pub enum KubeError {
    #[error("your kubeconfig {} cannot be read: {why}", path.display())]
    Unreadable { path: PathBuf, why: String },
    #[error(
        "--gke-cluster {name} needs a project: give -p, or set one with gcloud config set project"
    )]
    NoProject { name: String },
    #[error("the GKE cluster {name} could not be fetched from {url}: {why}")]
    Cluster {
        name: String,
        url: String,
        why: String,
    },
}

/// The kubeconfig files kubectl would read: every entry of KUBECONFIG, else `~/.kube/config`.
pub fn user_files(env: &Env) -> Vec<PathBuf> {
    match env.path("KUBECONFIG") {
        Some(list) => std::env::split_paths(&list)
            .filter(|p| !p.as_os_str().is_empty())
            .collect(),
        None => env
            .home()
            .map(|h| vec![h.join(".kube/config")])
            .unwrap_or_default(),
    }
}

/// Reads and merges the user's kubeconfig files the way kubectl does: for clusters, contexts
/// and users the first file to name one wins, and so does the first `current-context`.
/// Missing files are skipped; relative paths are made absolute, since the copy lives elsewhere.
pub fn merged(files: &[PathBuf]) -> Result<Value, KubeError> {
    let mut merged =
        json!({"apiVersion": "v1", "kind": "Config", "clusters": [], "contexts": [], "users": []});
    for path in files {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => {
                return Err(KubeError::Unreadable {
                    path: path.clone(),
                    why: e.to_string(),
                });
            }
        };
        if text.trim().is_empty() {
            continue;
        }
        let mut config: Value =
            serde_yaml_ng::from_str(&text).map_err(|e| KubeError::Unreadable {
                path: path.clone(),
                why: e.to_string(),
            })?;
        if let Some(dir) = path.parent() {
            absolutize(&mut config, dir);
        }
        merge_into(&mut merged, config);
    }
    Ok(merged)
}

fn merge_into(merged: &mut Value, config: Value) {
    for list in ["clusters", "contexts", "users"] {
        let Some(entries) = config.get(list).and_then(Value::as_array) else {
            continue;
        };
        let Some(target) = merged[list].as_array_mut() else {
            continue;
        };
        for entry in entries {
            let name = entry.get("name").and_then(Value::as_str);
            if name.is_some_and(|n| !target.iter().any(|t| t["name"].as_str() == Some(n))) {
                target.push(entry.clone());
            }
        }
    }
    for key in ["current-context", "preferences"] {
        let unset = merged.get(key).is_none_or(|v| v.is_null() || v == "");
        if let (true, Some(value)) = (unset, config.get(key))
            && !value.is_null()
            && value != ""
        {
            merged[key] = value.clone();
        }
    }
}

/// File references in a kubeconfig are relative to the file; make them absolute.
fn absolutize(config: &mut Value, dir: &Path) {
    let fix = |value: &mut Value, only_paths: bool| {
        if let Some(text) = value.as_str() {
            let p = Path::new(text);
            if !text.is_empty() && p.is_relative() && (!only_paths || text.contains('/')) {
                *value = Value::String(dir.join(p).to_string_lossy().into_owned());
            }
        }
    };
    // A file of any shape may reach here: `get_mut` descends only into objects, where indexing
    // anything else for writing would panic.
    let clusters = config.get_mut("clusters").and_then(Value::as_array_mut);
    for cluster in clusters.into_iter().flatten() {
        if let Some(ca) = cluster
            .get_mut("cluster")
            .and_then(|c| c.get_mut("certificate-authority"))
        {
            fix(ca, false);
        }
    }
    let users = config.get_mut("users").and_then(Value::as_array_mut);
    for user in users.into_iter().flatten() {
        let Some(user) = user.get_mut("user") else {
            continue;
        };
        for key in ["client-certificate", "client-key", "tokenFile"] {
            if let Some(v) = user.get_mut(key) {
                fix(v, false);
            }
        }
        // An exec command is looked up on PATH unless it names a path.
        if let Some(command) = user.get_mut("exec").and_then(|e| e.get_mut("command")) {
            fix(command, true);
        }
    }
}

/// Whether a kubeconfig user authenticates to GKE with Google credentials.
fn is_gke_user(user: &Value) -> bool {
    let plugin = user["exec"]["command"]
        .as_str()
        .and_then(|c| Path::new(c).file_name())
        .is_some_and(|n| n == PLUGIN);
    plugin || user["auth-provider"]["name"] == "gcp"
}

/// Makes every GKE user authenticate as the session: the plugin, with the session's gcloud
/// configuration. The legacy `gcp` auth provider (gone from kubectl) becomes the plugin too.
/// Returns how many users were rewritten; other users are left alone.
pub fn rewrite_gke_users(config: &mut Value, gcloud_dir: &Path) -> usize {
    let mut rewritten = 0;
    let users = config.get_mut("users").and_then(Value::as_array_mut);
    for entry in users.into_iter().flatten() {
        if !entry.is_object() || !is_gke_user(&entry["user"]) {
            continue;
        }
        let old = entry["user"].take();
        // An exec stanza that is not a mapping cannot be the plugin's: it becomes the plugin.
        let mut exec = old
            .get("exec")
            .filter(|e| e.is_object())
            .cloned()
            .unwrap_or_else(|| json!({"command": PLUGIN}));
        exec["apiVersion"] = json!(EXEC_API);
        exec["provideClusterInfo"] = json!(true);
        exec["installHint"] = json!(
            "Install gke-gcloud-auth-plugin for use with kubectl by following https://cloud.google.com/kubernetes-engine/docs/how-to/cluster-access-for-kubectl#install_plugin"
        );
        // The stanza's env outranks the child's: one naming the user's credentials or account
        // (CLOUDSDK_AUTH_ACCESS_TOKEN, which the plugin returns as is, CLOUDSDK_CORE_ACCOUNT,
        // GOOGLE_APPLICATION_CREDENTIALS, ...) would bring the user's identity into the session.
        let mut env: Vec<Value> = exec["env"]
            .as_array()
            .map(|e| {
                e.iter()
                    .filter(|v| {
                        v["name"]
                            .as_str()
                            .is_some_and(|n| !super::env::is_scrubbed(n))
                    })
                    .cloned()
                    .collect()
            })
            .unwrap_or_default();
        env.push(json!({"name": "CLOUDSDK_CONFIG", "value": gcloud_dir.to_string_lossy()}));
        exec["env"] = Value::Array(env);
        // Whatever else the user had (a static token, a legacy provider's cached token) is the
        // user's own identity, not the session's.
        let mut user = Map::new();
        user.insert("exec".into(), exec);
        entry["user"] = Value::Object(user);
        rewritten += 1;
    }
    rewritten
}

/// Adds a GKE cluster the user has no entry for, and makes it the current context.
pub fn add_gke_cluster(config: &mut Value, cluster: &GkeCluster, gcloud_dir: &Path) {
    let name = format!(
        "gke_{}_{}_{}",
        cluster.project, cluster.location, cluster.name
    );
    let server = if cluster.endpoint.contains("://") {
        cluster.endpoint.clone()
    } else {
        format!("https://{}", cluster.endpoint)
    };
    let mut entry = json!({"server": server});
    if let Some(ca) = &cluster.ca_data {
        entry["certificate-authority-data"] = json!(ca);
    }
    for (list, entry) in [
        ("clusters", json!({"name": name, "cluster": entry})),
        (
            "contexts",
            json!({"name": name, "context": {"cluster": name, "user": name}}),
        ),
        (
            "users",
            json!({"name": name, "user": {"exec": {"command": PLUGIN}}}),
        ),
    ] {
        if let Some(entries) = config[list].as_array_mut() {
            entries.retain(|e| e["name"] != name.as_str());
            entries.push(entry);
        }
    }
    config["current-context"] = json!(name);
    rewrite_gke_users(config, gcloud_dir);
}

/// A GKE cluster by its full name.
#[derive(Clone, Copy, Debug)]
pub struct ClusterName<'a> {
    pub project: &'a str,
    pub location: &'a str,
    pub name: &'a str,
}

/// Asks the GKE API (as the service account, with the session's reason like every call of the
/// session) for a cluster's endpoint and CA.
///
/// Like `gcloud container clusters get-credentials`, a cluster whose IP endpoints are disabled
/// is reached at its DNS-based endpoint, with no CA pinned: that endpoint's certificate is
/// publicly trusted (docs/google-cloud-facts.md §8).
pub async fn fetch_cluster(
    http: &Http,
    container_api: &str,
    token: &Secret,
    reason_header: &str,
    cluster: ClusterName<'_>,
) -> Result<GkeCluster, KubeError> {
    let ClusterName {
        project,
        location,
        name,
    } = cluster;
    let url = format!("{container_api}v1/projects/{project}/locations/{location}/clusters/{name}");
    let failed = |why: String| KubeError::Cluster {
        name: name.to_owned(),
        url: url.clone(),
        why,
    };
    let request = http
        .request(Method::GET, &url)
        .bearer_auth(token.expose())
        .header("x-goog-request-reason", reason_header);
    let response = http
        .send(request)
        .await
        .map_err(|e| failed(crate::google::root_cause(&e)))?;
    let status = response.status();
    let body = response.text().await.unwrap_or_default();
    if !status.is_success() {
        return Err(failed(format!(
            "{status}: {}",
            crate::google::google_message(body)
        )));
    }
    let json: Value =
        serde_json::from_str(&body).map_err(|_| failed("its answer is not JSON".into()))?;
    let field = |v: &Value| v.as_str().filter(|s| !s.is_empty()).map(str::to_owned);
    let endpoints = &json["controlPlaneEndpointsConfig"];
    let (endpoint, ca_data) = if endpoints["ipEndpointsConfig"]["enabled"] == false {
        let endpoint = field(&endpoints["dnsEndpointConfig"]["endpoint"]).ok_or_else(|| {
            failed(
                "its IP endpoints are disabled and it has no controlPlaneEndpointsConfig.dnsEndpointConfig.endpoint".into(),
            )
        })?;
        (endpoint, None)
    } else {
        let endpoint =
            field(&json["endpoint"]).ok_or_else(|| failed("it has no endpoint".into()))?;
        let ca_data = field(&json["masterAuth"]["clusterCaCertificate"])
            .ok_or_else(|| failed("it has no masterAuth.clusterCaCertificate".into()))?;
        (endpoint, Some(ca_data))
    };
    Ok(GkeCluster {
        project: project.to_owned(),
        location: location.to_owned(),
        name: name.to_owned(),
        ca_data,
        endpoint,
    })
}

/// What the GKE API says of a cluster, enough to reach it.
#[derive(Clone, Debug)]
pub struct GkeCluster {
    pub project: String,
    pub location: String,
    pub name: String,
    /// `masterAuth.clusterCaCertificate`: base64 PEM, as kubeconfig's certificate-authority-data;
    /// none for a DNS-based endpoint, whose certificate is publicly trusted.
    pub ca_data: Option<String>,
    /// An IP endpoint (`ADDRESS[:PORT]`) or a DNS-based endpoint's host.
    pub endpoint: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    const GKE: &str = r#"
apiVersion: v1
kind: Config
current-context: gke_p_europe-west1_c1
clusters:
- name: gke_p_europe-west1_c1
  cluster: {server: "https://10.0.0.1", certificate-authority-data: Q0E=}
- name: onprem
  cluster: {server: "https://onprem.example", certificate-authority: certs/ca.pem}
contexts:
- name: gke_p_europe-west1_c1
  context: {cluster: gke_p_europe-west1_c1, user: gke_p_europe-west1_c1}
users:
- name: gke_p_europe-west1_c1
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      command: gke-gcloud-auth-plugin
      env: [{name: CLOUDSDK_CONFIG, value: /home/u/.config/gcloud}, {name: KEEP, value: "1"},
            {name: CLOUDSDK_AUTH_ACCESS_TOKEN, value: ya29.user-own}, {name: CLOUDSDK_CORE_ACCOUNT, value: u@example.com}]
      provideClusterInfo: true
- name: legacy
  user:
    auth-provider:
      name: gcp
      config: {access-token: ya29.user-own, expiry: "2020-01-01T00:00:00Z"}
- name: onprem-admin
  user: {token: static-secret, client-key: keys/admin.key}
"#;

    fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        path
    }

    #[test]
    fn the_first_file_wins_like_kubectl_and_paths_become_absolute() {
        let dir = tempfile::tempdir().unwrap();
        let a = write(dir.path(), "a", GKE);
        let b = write(
            dir.path(),
            "b",
            "current-context: other\nclusters:\n- name: onprem\n  cluster: {server: https://shadowed}\n- name: extra\n  cluster: {server: https://extra}\n",
        );
        let missing = dir.path().join("missing");
        let merged = merged(&[a, missing, b]).unwrap();
        assert_eq!(merged["current-context"], "gke_p_europe-west1_c1");
        let clusters = merged["clusters"].as_array().unwrap();
        assert_eq!(clusters.len(), 3);
        assert_eq!(clusters[1]["cluster"]["server"], "https://onprem.example");
        assert_eq!(
            clusters[1]["cluster"]["certificate-authority"],
            dir.path().join("certs/ca.pem").to_str().unwrap()
        );
        assert_eq!(
            merged["users"][2]["user"]["client-key"],
            dir.path().join("keys/admin.key").to_str().unwrap()
        );
    }

    #[test]
    fn gke_users_authenticate_through_the_session_and_others_are_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let mut config = merged(&[write(dir.path(), "a", GKE)]).unwrap();
        let session_gcloud = Path::new("/run/gsudo/s/gcloud");
        assert_eq!(rewrite_gke_users(&mut config, session_gcloud), 2);
        for user in &config["users"].as_array().unwrap()[..2] {
            let exec = &user["user"]["exec"];
            assert_eq!(exec["command"], "gke-gcloud-auth-plugin");
            assert_eq!(exec["apiVersion"], EXEC_API);
            let env = exec["env"].as_array().unwrap();
            let config_dirs: Vec<&Value> = env
                .iter()
                .filter(|e| e["name"] == "CLOUDSDK_CONFIG")
                .collect();
            assert_eq!(config_dirs.len(), 1);
            assert_eq!(config_dirs[0]["value"], "/run/gsudo/s/gcloud");
            assert!(user["user"].get("auth-provider").is_none());
        }
        assert!(
            config["users"][0]["user"]["exec"]["env"]
                .as_array()
                .unwrap()
                .iter()
                .any(|e| e["name"] == "KEEP")
        );
        assert!(!config.to_string().contains("ya29.user-own"));
        assert!(!config.to_string().contains("u@example.com"));
        assert_eq!(config["users"][2]["user"]["token"], "static-secret");
    }

    #[test]
    fn a_named_cluster_is_added_as_the_current_context() {
        let mut config = merged(&[]).unwrap();
        let cluster = GkeCluster {
            project: "p".into(),
            location: "l".into(),
            name: "c".into(),
            ca_data: Some("Q0E=".into()),
            endpoint: "127.0.0.1:6443".into(),
        };
        add_gke_cluster(&mut config, &cluster, Path::new("/g"));
        assert_eq!(config["current-context"], "gke_p_l_c");
        assert_eq!(
            config["clusters"][0]["cluster"],
            json!({"server": "https://127.0.0.1:6443", "certificate-authority-data": "Q0E="})
        );
        assert_eq!(config["users"][0]["user"]["exec"]["env"][0]["value"], "/g");

        // A DNS-based endpoint: its host, and no CA pinned, as gcloud writes it.
        let dns = GkeCluster {
            name: "d".into(),
            ca_data: None,
            endpoint: "gke-0123-1.l.gke.goog".into(),
            ..cluster
        };
        add_gke_cluster(&mut config, &dns, Path::new("/g"));
        assert_eq!(config["current-context"], "gke_p_l_d");
        assert_eq!(
            config["clusters"][1]["cluster"],
            json!({"server": "https://gke-0123-1.l.gke.goog"})
        );
    }

    #[test]
    fn kubeconfig_files_come_from_kubeconfig_else_home() {
        let env = Env::from_pairs([("KUBECONFIG", "/a:/b"), ("HOME", "/h")]);
        assert_eq!(user_files(&env), [PathBuf::from("/a"), PathBuf::from("/b")]);
        let env = Env::from_pairs([("HOME", "/h")]);
        assert_eq!(user_files(&env), [PathBuf::from("/h/.kube/config")]);
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        /// Kubeconfig-shaped JSON: the keys gsudo reads, holding anything at all.
        fn kubeconfig() -> impl Strategy<Value = Value> {
            let leaf = prop_oneof![
                Just(Value::Null),
                any::<bool>().prop_map(Value::from),
                any::<i64>().prop_map(Value::from),
                "[a-z./-]{0,12}|gke-gcloud-auth-plugin|gcp".prop_map(Value::from),
            ];
            leaf.prop_recursive(4, 48, 6, |inner| {
                let key = prop_oneof![
                    Just("clusters"),
                    Just("contexts"),
                    Just("users"),
                    Just("user"),
                    Just("cluster"),
                    Just("name"),
                    Just("exec"),
                    Just("command"),
                    Just("env"),
                    Just("auth-provider"),
                    Just("certificate-authority"),
                    Just("client-key"),
                    Just("current-context"),
                ];
                prop_oneof![
                    prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                    prop::collection::btree_map(key, inner, 0..5).prop_map(|m| {
                        Value::Object(m.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
                    }),
                ]
            })
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(512))]

            /// Whatever a user's kubeconfig files hold, reading, merging and rewriting them
            /// never panics, and every GKE user left afterwards runs the plugin as the session.
            #[test]
            fn any_kubeconfig_is_merged_and_rewritten_without_panicking(
                files in prop::collection::vec(kubeconfig(), 1..3)
            ) {
                let mut merged = json!({"clusters": [], "contexts": [], "users": []});
                for mut config in files {
                    absolutize(&mut config, Path::new("/home/u/.kube"));
                    merge_into(&mut merged, config);
                }
                rewrite_gke_users(&mut merged, Path::new("/session/gcloud"));
                for entry in merged["users"].as_array().into_iter().flatten() {
                    if is_gke_user(&entry["user"]) {
                        let env = entry["user"]["exec"]["env"].as_array().cloned().unwrap_or_default();
                        prop_assert!(env.iter().any(|v| v["name"] == "CLOUDSDK_CONFIG"
                            && v["value"] == "/session/gcloud"), "{}", entry);
                    }
                }
            }
        }
    }
}
