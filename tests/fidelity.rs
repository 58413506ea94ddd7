//! The emulator checked by Google's own client code, not by what gsudo believes: every answer
//! it gives decodes with the Cloud SDK's generated message classes, and gcloud's own commands
//! for those methods work against it.

mod common;

use std::path::PathBuf;
use std::process::Command;

use common::{Emulator, assert_ok, require, require_python, stderr, stdout};

/// The demo world, as `gsudo-emulator world` prints it: it has every kind of resource. Its
/// second project has IAM Credentials disabled, for the SERVICE_DISABLED answer, and alice may
/// read and write the accounts' IAM policies.
fn demo_world() -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_gsudo-emulator"))
        .arg("world")
        .output()
        .unwrap();
    assert_ok(&out);
    let world = stdout(&out);
    let data = "id = \"sandbox-data\"\n";
    assert!(world.contains(data), "{world}");
    world.replacen(
        data,
        &format!("{data}disabled_services = [\"iamcredentials.googleapis.com\"]\n"),
        1,
    ) + "\n[[roles]]\nname = \"organizations/100200300400/roles/policyReader\"\n\
         permissions = [\"iam.serviceAccounts.getIamPolicy\", \"iam.serviceAccounts.setIamPolicy\"]\n\
         [[bindings]]\nresource = \"projects/sandbox-project\"\n\
         role = \"organizations/100200300400/roles/policyReader\"\n\
         members = [\"user:alice@example.com\"]\n"
}

/// The installed Cloud SDK's `lib` directory, where its generated API clients live.
fn sdk_lib() -> PathBuf {
    let gcloud = std::fs::canonicalize(require("gcloud")).unwrap();
    let lib = gcloud
        .parent()
        .and_then(|bin| bin.parent())
        .map(|root| root.join("lib"))
        .unwrap();
    assert!(
        lib.join("googlecloudsdk/generated_clients/apis").is_dir(),
        "no generated clients under {}",
        lib.display()
    );
    lib
}

#[test]
fn every_answer_decodes_with_the_cloud_sdks_generated_messages() {
    require_python("requests");
    let emulator = Emulator::start_with_faults(&demo_world(), &["--https-listen", "127.0.0.1:0"]);
    let out = Command::new("python3")
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/clients/apitools_check.py"
        ))
        .arg(&emulator.url)
        .arg(sdk_lib())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}\n{}", stdout(&out), stderr(&out));
    // A check that ran nothing proves nothing: every method was decoded.
    assert!(
        stdout(&out).contains("\n26 answers checked"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn gclouds_own_commands_read_the_emulators_answers() {
    require("gcloud");
    let tmp = tempfile::tempdir().unwrap();
    let script = "gcloud projects describe sandbox-project --format='value(projectNumber,lifecycleState,parent.type)' && \
                  gcloud container clusters describe sandbox-cluster --location europe-west1 --format='value(name,status)' && \
                  gcloud storage buckets describe gs://sandbox-releases --format='value(name)'";
    let out = Command::new(env!("CARGO_BIN_EXE_gsudo"))
        .args(["sandbox", "--", "sh", "-c", script])
        .env("TMPDIR", tmp.path())
        .env_remove("GSUDO_SERVICE_ACCOUNT")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let lines: Vec<String> = stdout(&out)
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    assert_eq!(
        lines,
        [
            "123456789012 ACTIVE folder",
            "sandbox-cluster RUNNING",
            "sandbox-releases"
        ]
    );
}
