//! kubectl on GKE in a session: the real kubectl, gke-gcloud-auth-plugin and gcloud against the
//! emulator's Kubernetes API over HTTPS, which accepts Google access tokens as GKE does.

mod common;

use std::process::{Command, Output};

use base64::Engine as _;
use common::*;

/// The common world plus a cluster only the deployer may use: alice is refused by it.
fn world() -> String {
    format!(
        "{}\n[[clusters]]\nname = \"{CLUSTER}\"\nproject = \"test-project\"\nlocation = \"{LOCATION}\"\n\
         users = [\"serviceAccount:{DEPLOYER}\"]\npods = [\"web-1\", \"web-2\"]\n",
        test_world()
    )
}

const CLUSTER: &str = "test-cluster";
const LOCATION: &str = "europe-west1";
const CONTEXT: &str = "gke_test-project_europe-west1_test-cluster";

/// The real clients every test here drives: a missing one fails the test.
fn require_clients() {
    for client in ["kubectl", "gke-gcloud-auth-plugin", "gcloud"] {
        require(client);
    }
}

/// The emulator with its HTTPS listener (the cluster's endpoint), and the clients this file needs.
fn emulator() -> Emulator {
    require_clients();
    Emulator::start_with_faults(&world(), &["--https-listen", "127.0.0.1:0"])
}

/// A user whose gcloud reaches the emulator's GKE API, and whose own credential is an access
/// token file for alice, so that outside a session the plugin hands kubectl alice's token.
fn user(emulator: &Emulator) -> User {
    let mut user = User::new(emulator);
    user.point_at(emulator, &["container"]);
    let token_file = user.path("alice-token");
    std::fs::write(&token_file, emulator.alice_token()).unwrap();
    user.env.insert(
        "CLOUDSDK_AUTH_ACCESS_TOKEN_FILE".into(),
        token_file.to_str().unwrap().into(),
    );
    user
}

/// Writes the user's `~/.kube/config` as get-credentials does, the plugin as its user.
fn write_plugin_kubeconfig(user: &User, emulator: &Emulator) {
    std::fs::write(
        user.path(".kube/config"),
        gke_kubeconfig(emulator, PLUGIN_USER),
    )
    .unwrap();
}

/// A kubeconfig naming the cluster as `gcloud container clusters get-credentials` writes it,
/// with `user` as the user stanza.
fn gke_kubeconfig(emulator: &Emulator, user: &str) -> String {
    let (port, ca_file) = emulator.https.as_ref().unwrap();
    let ca = base64::engine::general_purpose::STANDARD.encode(std::fs::read(ca_file).unwrap());
    format!(
        "apiVersion: v1\nkind: Config\npreferences: {{}}\ncurrent-context: {CONTEXT}\n\
         clusters:\n- name: {CONTEXT}\n  cluster:\n    certificate-authority-data: {ca}\n    server: https://127.0.0.1:{port}\n\
         contexts:\n- name: {CONTEXT}\n  context:\n    cluster: {CONTEXT}\n    user: {CONTEXT}\n\
         users:\n- name: {CONTEXT}\n  user:\n{user}"
    )
}

/// The user stanza gcloud writes today.
const PLUGIN_USER: &str = "    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      command: gke-gcloud-auth-plugin
      installHint: Install gke-gcloud-auth-plugin for use with kubectl by following
        https://cloud.google.com/kubernetes-engine/docs/how-to/cluster-access-for-kubectl#install_plugin
      provideClusterInfo: true
";

/// kubectl in the user's own environment, outside any session.
fn kubectl_outside(user: &User, args: &[&str]) -> Output {
    Command::new("kubectl")
        .args(args)
        .env_clear()
        .envs(&user.env)
        .current_dir(user.home.path())
        .output()
        .unwrap()
}

/// The names `kubectl get pods -o name` printed.
fn pod_names(out: &Output) -> Vec<String> {
    stdout(out).lines().map(str::to_owned).collect()
}

#[test]
fn kubectl_runs_as_the_service_account_in_a_session_and_as_the_user_outside() {
    let emulator = emulator();
    let user = user(&emulator);
    write_plugin_kubeconfig(&user, &emulator);
    let kube_before = user.snapshot(".kube");

    let out = user.run_as(DEPLOYER, &["kubectl", "get", "pods", "-o", "name"]);
    assert_ok(&out);
    assert_eq!(pod_names(&out), ["pod/web-1", "pod/web-2"]);
    let list = the_one_call_as(&emulator, "io.k8s.core.v1.pods.list", DEPLOYER, ALICE);
    assert_eq!(list["protoPayload"]["serviceName"], "k8s.io", "{list}");
    // No plugin token cache, no discovery cache, no kubeconfig change under ~/.kube.
    assert_eq!(user.snapshot(".kube"), kube_before);
    assert!(user.session_dirs().is_empty(), "{:?}", user.session_dirs());

    // The same kubectl outside the session: the plugin hands it alice's token, and the cluster
    // refuses alice.
    let out = kubectl_outside(&user, &["get", "pods", "-o", "name"]);
    assert!(!out.status.success(), "{}", stdout(&out));
    assert!(
        stderr(&out).contains(&format!(
            "pods is forbidden: User \"{ALICE}\" cannot list resource \"pods\""
        )),
        "{}",
        stderr(&out)
    );
    let lists = emulator.entries("io.k8s.core.v1.pods.list");
    assert_eq!(lists.len(), 2);
    assert_eq!(principal(&lists[1]), ALICE);
    assert_eq!(lists[1]["protoPayload"]["status"]["code"], 7);
}

#[test]
fn get_credentials_in_a_session_writes_only_the_session_kubeconfig() {
    let emulator = emulator();
    let user = user(&emulator);
    let kube_before = user.snapshot(".kube");
    let script = format!(
        "gcloud container clusters get-credentials {CLUSTER} --location {LOCATION} --quiet && \
         kubectl config current-context && kubectl get pods -o name"
    );
    let out = user.run_as(DEPLOYER, &["sh", "-c", &script]);
    assert_ok(&out);
    let lines = pod_names(&out);
    assert_eq!(lines, [CONTEXT, "pod/web-1", "pod/web-2"]);

    let gets = assert_every_call_ran_as(
        &emulator,
        "google.container.v1.ClusterManager.GetCluster",
        DEPLOYER,
    );
    assert_eq!(gets.len(), 1);
    assert_eq!(delegation(&gets[0]), [ALICE]);
    assert_every_call_ran_as(&emulator, "io.k8s.core.v1.pods.list", DEPLOYER);
    assert_eq!(user.snapshot(".kube"), kube_before);
    assert!(user.session_dirs().is_empty());
}

#[test]
fn gke_cluster_flag_works_for_a_user_without_any_kubeconfig() {
    let emulator = emulator();
    let user = user(&emulator);
    std::fs::remove_dir_all(user.path(".kube")).unwrap();

    let out = user.run_as(
        DEPLOYER,
        &[
            "--gke-cluster",
            CLUSTER,
            "--location",
            LOCATION,
            "kubectl",
            "get",
            "pods",
        ],
    );
    assert_ok(&out);
    let table = stdout(&out);
    let rows: Vec<Vec<&str>> = table
        .lines()
        .map(|l| l.split_whitespace().collect())
        .collect();
    assert_eq!(rows[0], ["NAME", "READY", "STATUS", "RESTARTS", "AGE"]);
    assert_eq!(rows[1][..3], ["web-1", "1/1", "Running"]);
    assert_eq!(rows.len(), 3, "{table}");
    let gets = emulator.entries("google.container.v1.ClusterManager.GetCluster");
    assert_eq!(gets.iter().map(principal).collect::<Vec<_>>(), [DEPLOYER]);
    // gsudo's own call as the account carries the session's reason, like the command's calls.
    let mints = emulator.entries("GenerateAccessToken");
    assert!(reason(&gets[0]).starts_with("gsudo "), "{:?}", gets[0]);
    assert_eq!(reason(&gets[0]), reason(&mints[0]));
    assert!(!user.path(".kube").exists());
    assert!(user.session_dirs().is_empty());

    // A cluster the account may not get is a sentence with a hint, and nothing runs.
    let out = user.run_as(
        DEPLOYER,
        &["--gke-cluster", "nope", "--location", LOCATION, "true"],
    );
    assert_eq!(out.status.code(), Some(125), "{}", stderr(&out));
    assert!(stderr(&out).contains("nope"), "{}", stderr(&out));
    assert!(stderr(&out).contains("hint:"), "{}", stderr(&out));
}

#[test]
fn kubectl_keeps_working_across_token_lifetimes() {
    let emulator = emulator();
    let user = user(&emulator);
    write_plugin_kubeconfig(&user, &emulator);
    let script = "for i in 1 2 3; do kubectl get pods -o name || exit 1; sleep 4; done";
    let out = user.run_as(DEPLOYER, &["--lifetime", "3s", "sh", "-c", script]);
    assert_ok(&out);
    assert_eq!(pod_names(&out), ["pod/web-1", "pod/web-2"].repeat(3));
    // Each three-second token is outlived by the next call: the session minted again.
    let mints = emulator.entries("GenerateAccessToken").len();
    assert!(mints >= 3, "only {mints} mints:\n{}", emulator.audit_text());
    // A token that ran out on its way would be a 401 that kubectl retries with a fresh one:
    // count the calls that were answered.
    let answered: Vec<_> = emulator
        .entries("io.k8s.core.v1.pods.list")
        .into_iter()
        .filter(|e| e["protoPayload"]["status"]["code"] == 0)
        .collect();
    assert_eq!(answered.len(), 3);
    assert!(answered.iter().all(|e| principal(e) == DEPLOYER));
}

#[test]
fn a_legacy_gcp_auth_provider_entry_works_in_a_session() {
    let emulator = emulator();
    let user = user(&emulator);
    // What gcloud wrote before the plugin, with a stale token of the user's own.
    let legacy = "    auth-provider:
      name: gcp
      config:
        access-token: ya29.stale-user
        cmd-args: config config-helper --format=json
        cmd-path: /usr/lib/google-cloud-sdk/bin/gcloud
        expiry: \"2020-01-01T00:00:00Z\"
        expiry-key: '{.credential.token_expiry}'
        token-key: '{.credential.access_token}'
";
    std::fs::write(user.path(".kube/config"), gke_kubeconfig(&emulator, legacy)).unwrap();
    let kube_before = user.snapshot(".kube");
    let out = user.run_as(DEPLOYER, &["kubectl", "get", "pods", "-o", "name"]);
    assert_ok(&out);
    assert_eq!(pod_names(&out), ["pod/web-1", "pod/web-2"]);
    assert_every_call_ran_as(&emulator, "io.k8s.core.v1.pods.list", DEPLOYER);
    assert_eq!(user.snapshot(".kube"), kube_before);
}

#[test]
fn no_process_has_the_token_in_its_argv_while_kubectl_runs() {
    let emulator = emulator();
    let user = user(&emulator);
    write_plugin_kubeconfig(&user, &emulator);
    // The token is only ever in this shell's variables: `case` is a builtin, and `tr` reads
    // each command line from its stdin, so the scan itself puts the token in no argv. Lines of
    // this script's own shells (`sh -c ...`) are not counted as the clients seen.
    let script = r#"
        tok=$(gcloud auth print-access-token) && [ -n "$tok" ] || exit 3
        (for i in 1 2 3 4; do kubectl get pods -o name >/dev/null || exit 4; done) &
        kube=$!
        scans=0; seen=0; leaks=0
        while kill -0 "$kube" 2>/dev/null; do
            for f in /proc/[0-9]*/cmdline; do
                line=$(tr '\0' ' ' 2>/dev/null < "$f") || continue
                case "$line" in *"$tok"*) leaks=$((leaks + 1)); echo "token in the argv of $f" >&2;; esac
                case "$line" in
                    "sh "*) ;;
                    *kubectl*|*gke-gcloud-auth-plugin*|*config-helper*) seen=$((seen + 1));;
                esac
            done
            scans=$((scans + 1))
        done
        wait "$kube" || exit 4
        echo "$scans $seen $leaks"
    "#;
    let out = user.run_as(DEPLOYER, &["sh", "-c", script]);
    assert_ok(&out);
    let counts: Vec<u32> = stdout(&out)
        .split_whitespace()
        .map(|n| n.parse().unwrap())
        .collect();
    let [scans, seen, leaks] = counts[..] else {
        panic!("{}", stdout(&out))
    };
    assert_eq!(leaks, 0, "{}", stderr(&out));
    // The scan overlapped the clients it is about.
    assert!(scans > 0 && seen > 0, "scans {scans}, clients seen {seen}");
    assert_eq!(emulator.entries("io.k8s.core.v1.pods.list").len(), 4);
}

#[test]
fn credentials_named_in_the_plugin_stanza_do_not_reach_the_session() {
    let emulator = emulator();
    let user = user(&emulator);
    // Some kubeconfigs pin the plugin's identity in its env or args. Kept in a session, this env
    // would have gcloud, and so the plugin, answer with alice's token; `--account` is harmless
    // there, since the session's credential file outranks it.
    let token_file = user.path("alice-token");
    let pinned = format!(
        "{PLUGIN_USER}      args: [--account={ALICE}]\n      env:\n      - name: CLOUDSDK_AUTH_ACCESS_TOKEN_FILE\n        value: {}\n      - name: CLOUDSDK_CORE_ACCOUNT\n        value: {ALICE}\n",
        token_file.display()
    );
    std::fs::write(
        user.path(".kube/config"),
        gke_kubeconfig(&emulator, &pinned),
    )
    .unwrap();
    let out = user.run_as(DEPLOYER, &["kubectl", "get", "pods", "-o", "name"]);
    assert_ok(&out);
    assert_every_call_ran_as(&emulator, "io.k8s.core.v1.pods.list", DEPLOYER);
}

#[test]
fn the_sandbox_serves_its_cluster_to_kubectl() {
    require_clients();
    let emulator = Emulator::start();
    let user = User::new(&emulator);
    let out = user
        .gsudo()
        .args([
            "sandbox",
            "--gke-cluster",
            "sandbox-cluster",
            "--location",
            "europe-west1",
            "--",
            "kubectl",
            "get",
            "pods",
            "-o",
            "name",
        ])
        .output()
        .unwrap();
    assert_ok(&out);
    assert_eq!(pod_names(&out), ["pod/web-1", "pod/web-2", "pod/worker-1"]);
}

/// A cluster reached only through its DNS-based endpoint, its IP endpoints disabled, beside the
/// common world's IP cluster.
const PRIVATE: &str = "private-cluster";

fn dns_world() -> String {
    format!(
        "{}\n[[clusters]]\nname = \"{PRIVATE}\"\nproject = \"test-project\"\nlocation = \"{LOCATION}\"\n\
         users = [\"serviceAccount:{DEPLOYER}\"]\npods = [\"db-0\"]\ndns_endpoint = true\n",
        world()
    )
}

/// The emulator with its HTTPS listener, serving both clusters.
fn dns_emulator() -> Emulator {
    require_clients();
    Emulator::start_with_faults(&dns_world(), &["--https-listen", "127.0.0.1:0"])
}

/// The session's flags that send GKE's DNS endpoints to the emulator's HTTPS listener and trust
/// its CA, as the sandbox does: on Google the endpoint is a public host with a publicly trusted
/// certificate.
fn gke_goog_to(emulator: &Emulator) -> Vec<String> {
    let (port, ca) = emulator.https.clone().unwrap();
    vec![
        "--proxy-resolve".into(),
        format!("*.gke.goog:443:127.0.0.1:{port}"),
        "--upstream-ca-file".into(),
        ca.display().to_string(),
    ]
}

/// kubectl's view of the current cluster: its server, and its pinned CA ("" for none).
const SERVER_AND_CA: &str = "kubectl config view --minify --raw -o jsonpath='{.clusters[0].cluster.server} [{.clusters[0].cluster.certificate-authority-data}]'; echo";

#[test]
fn a_dns_endpoint_only_cluster_is_reached_at_its_gke_goog_host_through_the_proxy() {
    let emulator = dns_emulator();
    let user = user(&emulator);
    std::fs::remove_dir_all(user.path(".kube")).unwrap();
    let mut args = gke_goog_to(&emulator);
    let script = format!("{SERVER_AND_CA}\nkubectl get pods -o name");
    args.extend(
        [
            "--gke-cluster",
            PRIVATE,
            "--location",
            LOCATION,
            "sh",
            "-c",
            &script,
        ]
        .map(str::to_owned),
    );
    let out = user.run_as(
        DEPLOYER,
        &args.iter().map(String::as_str).collect::<Vec<_>>(),
    );
    assert_ok(&out);
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    // What gcloud writes for such a cluster: the DNS endpoint, no CA pinned.
    let (server, ca) = lines[0].split_once(' ').unwrap();
    assert!(
        server.starts_with("https://gke-") && server.ends_with(".europe-west1.gke.goog"),
        "{text}"
    );
    assert_eq!(ca, "[]");
    // Only this cluster's pods: the request reached the emulator as that host.
    assert_eq!(lines[1..], ["pod/db-0"]);
    let list = the_one_call_as(&emulator, "io.k8s.core.v1.pods.list", DEPLOYER, ALICE);
    // kubectl sends no reason: the proxy put it on, as on every Google API call.
    assert!(reason(&list).ends_with(": JIRA-123 test"), "{list}");
}

#[test]
fn get_credentials_writes_the_dns_endpoint_and_kubectl_uses_it_in_a_session() {
    let emulator = dns_emulator();
    let user = user(&emulator);
    let mut args = gke_goog_to(&emulator);
    let script = format!(
        "gcloud container clusters get-credentials {PRIVATE} --location {LOCATION} --quiet 2>/dev/null && \
         {SERVER_AND_CA}\nkubectl get pods -o name"
    );
    args.extend(["sh", "-c", &script].map(str::to_owned));
    let out = user.run_as(
        DEPLOYER,
        &args.iter().map(String::as_str).collect::<Vec<_>>(),
    );
    assert_ok(&out);
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    let (server, ca) = lines[0].split_once(' ').unwrap();
    assert!(server.ends_with(".gke.goog"), "{text}");
    assert_eq!(ca, "[]", "gcloud pins no CA for a DNS endpoint");
    assert_eq!(lines[1..], ["pod/db-0"]);
    assert_eq!(
        principal(&emulator.entries("io.k8s.core.v1.pods.list")[0]),
        DEPLOYER
    );
}

#[test]
fn the_sandbox_serves_its_dns_endpoint_cluster_to_kubectl() {
    require_clients();
    let emulator = Emulator::start();
    let user = User::new(&emulator);
    let out = user
        .gsudo()
        .args([
            "sandbox",
            "--gke-cluster",
            PRIVATE,
            "--location",
            "europe-west1",
            "--",
            "sh",
            "-c",
            &format!("{SERVER_AND_CA}\nkubectl get pods -o name"),
        ])
        .output()
        .unwrap();
    assert_ok(&out);
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].ends_with(".europe-west1.gke.goog []"), "{text}");
    assert_eq!(lines[1..], ["pod/db-0"]);
}

#[test]
fn the_cluster_names_the_account_by_email_only_when_the_token_has_the_email_scope() {
    let emulator = emulator();
    let user = user(&emulator);
    write_plugin_kubeconfig(&user, &emulator);
    let whoami = [
        "kubectl",
        "auth",
        "whoami",
        "-o",
        "jsonpath={.status.userInfo.username}",
    ];

    // gsudo's default scopes include userinfo.email: the account is its email.
    let out = user.run_as(DEPLOYER, &whoami);
    assert_ok(&out);
    assert_eq!(stdout(&out), DEPLOYER);

    // Without it, GKE knows the account by its numeric unique id, and so does its audit line.
    let mut narrow = vec!["--scopes", "cloud-platform"];
    narrow.extend(whoami);
    let out = user.run_as(DEPLOYER, &narrow);
    assert_ok(&out);
    let id = stdout(&out);
    assert!(
        id.len() > 10 && id.bytes().all(|b| b.is_ascii_digit()),
        "{id}"
    );
    let reviews = emulator.entries("io.k8s.authentication.v1.selfsubjectreviews.create");
    assert_eq!(reviews.len(), 2, "{}", emulator.audit_text());
    assert_eq!(principal(&reviews[0]), DEPLOYER);
    assert_eq!(principal(&reviews[1]), id);
    assert_eq!(delegation(&reviews[1]), [ALICE]);
}
