//! Discovery end to end: `gsudo list` and `gsudo can`, the built binary against the emulator,
//! with paging, injected 429/503 and latency.

mod common;

use std::collections::BTreeSet;
use std::process::Output;
use std::time::Duration;

use serde_json::Value;

use common::*;

const DEPLOYER: &str = "deployer@alpha.iam.gserviceaccount.com";
const BUILDER: &str = "builder@alpha.iam.gserviceaccount.com";
const NOPE: &str = "nope@alpha.iam.gserviceaccount.com";
/// Accounts in beta: more than one page of 100; alice may impersonate every tenth.
const BETA_ACCOUNTS: usize = 120;

/// alice sees alpha and beta (viewer on their organization) but not gamma. In alpha she may
/// mint for deployer (tokens of both kinds) and builder (ID tokens only), not nope; in beta for
/// twelve of 120. deployer may publish and see instances in alpha, and read one bucket.
fn world() -> String {
    let mut world = World::default().with(
        r#"
[[organizations]]
id = "1000"

[[projects]]
id = "alpha"
number = "1001"
parent = "organizations/1000"
topics = ["events"]
instances = ["europe-west1-b/vm"]

[[projects]]
id = "beta"
number = "1002"
parent = "organizations/1000"

[[projects]]
id = "gamma"
number = "1003"
"#,
        )
        .user(ALICE, ALICE_REFRESH)
        .with(
            r#"
[[service_accounts]]
email = "deployer@alpha.iam.gserviceaccount.com"
display_name = "Deployer"
token_creators = ["user:alice@example.com"]

[[service_accounts]]
email = "builder@alpha.iam.gserviceaccount.com"

[[service_accounts]]
email = "nope@alpha.iam.gserviceaccount.com"

[[service_accounts]]
email = "hidden@gamma.iam.gserviceaccount.com"
token_creators = ["user:alice@example.com"]

[[buckets]]
name = "alpha-releases"
project = "alpha"
readers = ["serviceAccount:deployer@alpha.iam.gserviceaccount.com"]

[[roles]]
name = "organizations/1000/roles/deployer"
permissions = ["pubsub.topics.publish", "compute.instances.get"]

[[bindings]]
resource = "organizations/1000"
role = "roles/viewer"
members = ["user:alice@example.com"]

[[bindings]]
resource = "projects/alpha"
role = "organizations/1000/roles/deployer"
members = ["serviceAccount:deployer@alpha.iam.gserviceaccount.com"]

[[bindings]]
resource = "//iam.googleapis.com/projects/alpha/serviceAccounts/builder@alpha.iam.gserviceaccount.com"
role = "roles/iam.serviceAccountOpenIdTokenCreator"
members = ["user:alice@example.com"]
"#,
        );
    let alice = format!("user:{ALICE}");
    for i in 0..BETA_ACCOUNTS {
        let creators: &[&str] = if i % 10 == 0 { &[&alice] } else { &[] };
        world = world.account(
            &format!("svc-{i:03}@beta.iam.gserviceaccount.com"),
            creators,
        );
    }
    world.text()
}

fn setup(faults: &[&str]) -> (Emulator, User) {
    let emulator = Emulator::start_with_faults(&world(), faults);
    let user = User::new(&emulator);
    user.point_at(
        &emulator,
        &["iam", "cloudresourcemanager", "pubsub", "compute"],
    );
    (emulator, user)
}

fn json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}\n{}", stdout(out), stderr(out)))
}

fn emails(report: &Value) -> BTreeSet<String> {
    report["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["email"].as_str().unwrap().to_owned())
        .collect()
}

fn expected_accounts() -> BTreeSet<String> {
    let mut expected: BTreeSet<String> = [DEPLOYER, BUILDER].map(str::to_owned).into();
    expected.extend(
        (0..BETA_ACCOUNTS)
            .step_by(10)
            .map(|i| format!("svc-{i:03}@beta.iam.gserviceaccount.com")),
    );
    expected
}

#[test]
fn list_finds_exactly_the_impersonable_accounts_across_pages_and_429s() {
    // The first three calls (all the project search's) are refused with 429, 503, 429; the
    // fourth attempt must get through.
    let (emulator, user) = setup(&["--fail-first", "3", "--latency", "2ms"]);
    let mut list = user.gsudo();
    list.args(["list", "--all-projects", "--format", "json"]);
    let out = within(Duration::from_secs(60), list);
    assert_ok(&out);
    let report = json(&out);
    assert_eq!(emails(&report), expected_accounts());
    assert_eq!(report["projects"], 2, "gamma is not visible to alice");
    assert_eq!(report["tested"], 3 + BETA_ACCOUNTS);
    assert_eq!(report["failures"], serde_json::json!([]));
    // Sorted by project, then email.
    let (builder, deployer) = (&report["accounts"][0], &report["accounts"][1]);
    assert_eq!(deployer["email"], DEPLOYER);
    assert_eq!(deployer["display_name"], "Deployer");
    assert_eq!(
        (&deployer["access_tokens"], &deployer["id_tokens"]),
        (&Value::Bool(true), &Value::Bool(true))
    );
    assert_eq!(builder["email"], BUILDER);
    assert_eq!(
        (&builder["access_tokens"], &builder["id_tokens"]),
        (&Value::Bool(false), &Value::Bool(true))
    );
    assert!(!emails(&report).contains(NOPE));

    // Every page of beta was followed; every account was tested once, as alice.
    let pages: Vec<Value> = emulator
        .entries("google.iam.admin.v1.ListServiceAccounts")
        .into_iter()
        .filter(|e| e["protoPayload"]["resourceName"] == "projects/beta")
        .collect();
    assert_eq!(pages.len(), 2);
    let tests = emulator.entries("google.iam.admin.v1.TestIamPermissions");
    assert_eq!(tests.len(), 3 + BETA_ACCOUNTS);
    assert!(tests.iter().all(|e| principal(e) == ALICE));
    // No progress line on a pipe.
    assert!(!stderr(&out).contains('\r'), "{}", stderr(&out));
}

#[test]
fn a_failed_project_is_reported_and_the_rest_listed() {
    let (_emulator, user) = setup(&[]);
    // The configuration names alpha's default account through an alias.
    std::fs::create_dir_all(user.path(".config/gsudo")).unwrap();
    std::fs::write(
        user.path(".config/gsudo/config.toml"),
        format!(
            "[aliases]\nship = \"{DEPLOYER}\"\n\n[projects.alpha]\nservice_account = \"ship\"\n"
        ),
    )
    .unwrap();
    let out = user
        .gsudo()
        .args(["list", "-p", "alpha,gamma"])
        .output()
        .unwrap();
    assert_ok(&out);
    let table = stdout(&out);
    assert!(table.starts_with("EMAIL"), "{table}");
    let deployer = table.lines().find(|l| l.starts_with(DEPLOYER)).unwrap();
    assert!(
        deployer.ends_with("access and ID tokens  default"),
        "{deployer}"
    );
    assert!(
        !table
            .lines()
            .any(|l| l.starts_with(BUILDER) && l.ends_with("default"))
    );
    assert!(table.contains(BUILDER) && table.contains("ID tokens"));
    assert!(!table.contains(NOPE) && !table.contains("hidden@gamma"));
    let warning = stderr(&out);
    assert!(
        warning.contains("could not check project gamma"),
        "{warning}"
    );
    assert!(warning.contains("iam.serviceAccounts.list"), "{warning}");

    // When nothing at all can be listed, the exit status says so.
    let out = user.gsudo().args(["list", "-p", "gamma"]).output().unwrap();
    assert_eq!(out.status.code(), Some(125), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("Nothing could be listed: project gamma failed"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_steady_rate_of_errors_slows_listing_but_never_hangs_it() {
    // Seeded, so that a failing run can be replayed (the order of calls still varies).
    let (emulator, user) = setup(&["--error-rate", "0.25", "--seed", "7", "--latency", "1ms"]);
    let mut list = user.gsudo();
    list.args(["list", "-v", "-p", "alpha,beta", "--format", "json"]);
    let out = within(Duration::from_secs(60), list);
    assert_ok(&out);
    let report = json(&out);
    // The errors were there and were ridden out: refused calls were tried again, and every
    // account was tested exactly once with an answer (the audit log has only answered calls).
    let log = stderr(&out);
    let http: Vec<&str> = log.lines().filter(|l| l.contains("gsudo: http:")).collect();
    let refused = http
        .iter()
        .filter(|l| l.contains("-> 429") || l.contains("-> 503"))
        .count();
    assert!(refused > 0, "the emulator injected no error: {http:#?}");
    assert!(
        http.len() > emulator.audit().len(),
        "refused calls were retried: {} calls for {} answers",
        http.len(),
        emulator.audit().len()
    );
    // A call refused four times in a row (rare at this rate) is reported, not lost: every
    // account is either listed or named in a failure, and the listing is not empty.
    let failed: BTreeSet<String> = report["failures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            f["what"]
                .as_str()
                .unwrap()
                .trim_start_matches("account ")
                .to_owned()
        })
        .collect();
    let found = emails(&report);
    assert!(!found.is_empty(), "{report}");
    assert!(found.is_subset(&expected_accounts()), "{report}");
    let project_failed = failed.iter().any(|f| f.starts_with("project"));
    for missing in expected_accounts().difference(&found) {
        assert!(
            failed.contains(missing) || project_failed,
            "{missing} is neither listed nor reported: {report}"
        );
    }
}

fn granted<'a>(report: &'a Value, who: &str) -> BTreeSet<&'a str> {
    report[who]["granted"]
        .as_array()
        .unwrap_or_else(|| panic!("no {who} in {report}"))
        .iter()
        .map(|p| p.as_str().unwrap())
        .collect()
}

#[test]
fn can_tests_the_accounts_own_permissions_with_its_own_token() {
    let (emulator, user) = setup(&[]);
    let out = user
        .gsudo()
        .args([
            "can",
            "-s",
            DEPLOYER,
            "-R",
            "JIRA-9 check",
            "--on",
            "projects/alpha",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert_ok(&out);
    let report = json(&out);
    assert_eq!(
        report["resource"],
        "//cloudresourcemanager.googleapis.com/projects/alpha"
    );
    assert!(
        report["tested"].as_u64().unwrap() > 5000,
        "{}",
        report["tested"]
    );
    // The custom role's two permissions, and none of alice's thousands.
    assert_eq!(
        granted(&report, "account"),
        ["compute.instances.get", "pubsub.topics.publish"].into()
    );
    assert_eq!(report["account"]["principal"], DEPLOYER);
    assert!(report.get("caller").is_none());

    let tests = emulator.entries("google.cloud.resourcemanager.v3.Projects.TestIamPermissions");
    assert_eq!(tests.len(), 52, "5,1xx permissions in batches of 100");
    for entry in &tests {
        assert_eq!(principal(entry), DEPLOYER);
        assert_eq!(delegation(entry), [ALICE]);
        assert!(
            reason(entry).ends_with(": JIRA-9 check"),
            "{}",
            reason(entry)
        );
    }
    let mints = assert_every_call_ran_as(&emulator, "GenerateAccessToken", ALICE);
    assert_eq!(mints.len(), 1);
}

#[test]
fn compare_shows_the_caller_and_the_account_side_by_side() {
    let (_emulator, user) = setup(&[]);
    let args = ["can", "-s", DEPLOYER, "-R", "r", "-p", "alpha", "--compare"];
    let out = user
        .gsudo()
        .args(args)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert_ok(&out);
    let report = json(&out);
    let (mine, its) = (granted(&report, "caller"), granted(&report, "account"));
    assert!(mine.contains("iam.serviceAccounts.list") && !its.contains("iam.serviceAccounts.list"));
    assert!(its.contains("pubsub.topics.publish") && !mine.contains("pubsub.topics.publish"));
    assert_eq!(report["caller"]["principal"], ALICE);

    let out = user.gsudo().args(args).output().unwrap();
    assert_ok(&out);
    let text = stdout(&out);
    assert!(text.starts_with("PERMISSION"), "{text}");
    assert!(
        text.lines().next().unwrap().ends_with("YOU  ACCOUNT"),
        "{text}"
    );
    let publish = text
        .lines()
        .find(|l| l.starts_with("pubsub.topics.publish "))
        .unwrap();
    assert!(publish.ends_with("no   yes"), "{publish}");
    let list = text
        .lines()
        .find(|l| l.starts_with("iam.serviceAccounts.list "))
        .unwrap();
    assert!(list.ends_with("yes  no"), "{list}");
}

#[test]
fn can_answers_for_named_permissions_on_each_kind_of_resource() {
    let (emulator, user) = setup(&[]);
    let can = |on: &str, rest: &[&str]| {
        user.gsudo()
            .args(["can", "-s", DEPLOYER, "-R", "r", "--on", on])
            .args(rest)
            .output()
            .unwrap()
    };
    let out = can(
        "projects/alpha/topics/events",
        &["pubsub.topics.publish", "pubsub.topics.delete"],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "PERMISSION             HELD\npubsub.topics.publish  yes\npubsub.topics.delete   no\n"
    );
    let out = can("gs://alpha-releases", &["storage.objects.get"]);
    assert_ok(&out);
    let out = can(
        "//compute.googleapis.com/projects/alpha/zones/europe-west1-b/instances/vm",
        &["compute.instances.get"],
    );
    assert_ok(&out);
    // The caller's own permission on an account, as `list` sees it.
    let out = user
        .gsudo()
        .args(["can", "--as-me", "--on", BUILDER])
        .args([
            "iam.serviceAccounts.getOpenIdToken",
            "iam.serviceAccounts.getAccessToken",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stdout(&out).contains("iam.serviceAccounts.getOpenIdToken  yes"));
    assert!(stdout(&out).contains("iam.serviceAccounts.getAccessToken  no"));
    for method in [
        "google.iam.v1.IAMPolicy.TestIamPermissions",
        "storage.buckets.testIamPermissions",
        "v1.compute.instances.testIamPermissions",
    ] {
        let entries = emulator.entries(method);
        assert_eq!(entries.len(), 1, "{method}");
        assert_eq!(principal(&entries[0]), DEPLOYER);
    }

    // A permission that cannot be tested there is Google's refusal, in one sentence.
    let out = can("gs://alpha-releases", &["storage.buckets.list"]);
    assert_eq!(out.status.code(), Some(125));
    assert!(
        stderr(&out).contains("storage.buckets.list is not valid for this resource"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn can_without_an_account_or_reason_says_what_to_do_before_any_call() {
    let (emulator, user) = setup(&[]);
    let out = user
        .gsudo()
        .args(["can", "-p", "alpha", "pubsub.topics.publish"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(125));
    assert!(stderr(&out).contains("No service account was given"));
    assert!(stderr(&out).contains("--as-me"));
    assert!(emulator.entries("GenerateAccessToken").is_empty());
}

#[test]
fn whoami_names_the_caller_its_source_the_project_and_the_session() {
    let (_emulator, user) = setup(&[]);
    let out = user
        .gsudo()
        .args(["whoami", "--format", "json"])
        .output()
        .unwrap();
    assert_ok(&out);
    let me = json(&out);
    assert_eq!(me["caller"], ALICE);
    assert!(
        me["source"]
            .as_str()
            .unwrap()
            .contains("application_default_credentials.json")
    );
    assert_eq!(me["project"], "test-project");
    assert!(
        me["project_from"]
            .as_str()
            .unwrap()
            .ends_with("configurations/config_work")
    );
    assert_eq!(me["configuration"], "work");
    assert!(me["session"].is_null());

    // Inside a session: the account, the reason, the time left.
    let out = user.run_as(
        DEPLOYER,
        &[env!("CARGO_BIN_EXE_gsudo"), "whoami", "--format", "json"],
    );
    assert_ok(&out);
    let inside = json(&out);
    let session = &inside["session"];
    assert_eq!(session["service_account"], DEPLOYER);
    assert_eq!(session["reason"], "JIRA-123 test");
    let left = session["seconds_left"].as_i64().unwrap();
    assert!((3000..=3600).contains(&left), "{left}");
    assert_eq!(inside["caller"], DEPLOYER);
}

#[test]
fn a_hostile_display_name_reaches_the_terminal_escaped() {
    // A display name anyone with iam.serviceAccounts.update can set: a terminal title change,
    // a screen clear and a bidi override that would reverse what follows it.
    let world = world().replace(
        "display_name = \"Deployer\"",
        "display_name = \"Deployer\\u001b]0;pwned\\u0007\\u001b[2J\\u202egnp.exe\"",
    );
    let emulator = Emulator::start_with(&world);
    let user = User::new(&emulator);
    user.point_at(&emulator, &["iam", "cloudresourcemanager"]);
    let out = user.gsudo().args(["list", "-p", "alpha"]).output().unwrap();
    assert_ok(&out);
    let text = stdout(&out);
    assert!(text.contains(DEPLOYER), "{text}");
    assert!(
        !text.contains(['\u{1b}', '\u{7}', '\u{202e}']),
        "raw control characters: {text:?}"
    );
    assert!(
        text.contains("Deployer\\u{1b}]0;pwned\\u{7}\\u{1b}[2J\\u{202e}gnp.exe"),
        "{text}"
    );
}
