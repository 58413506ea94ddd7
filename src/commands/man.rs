//! The man pages in man/: clap_mangen renders NAME, SYNOPSIS, DESCRIPTION and OPTIONS from the
//! clap definition; this adds what a man page has and `--help` does not (EXIT STATUS,
//! ENVIRONMENT, FILES, EXAMPLES laid out as typed, SEE ALSO) and gsudo-config(5) for the
//! configuration file and policies. Only the tests that keep man/ current use it.

use std::path::Path;

use clap::{Command, CommandFactory};
use clap_mangen::Man;
use clap_mangen::roff::{Roff, bold, roman};

use crate::cli::Cli;
use crate::settings::{self, RULES};

/// How gsudo itself exits, for every page.
const GSUDO_STATUS: &str = "125 when gsudo itself fails, with one sentence on standard error \
saying what happened and a hint saying what to do.";

/// Where gsudo keeps its files, for gsudo(1) and gsudo-config(5).
const FILES: [(&str, &str); 5] = [
    (
        "$XDG_CONFIG_HOME/gsudo/config.toml (else ~/.config/gsudo/config.toml)",
        "The configuration file: defaults, aliases, per-project accounts, a policy; see gsudo-config(5).",
    ),
    (
        "/etc/gsudo/policy.toml",
        "The machine's policy, applied to everyone; see gsudo-config(5).",
    ),
    (
        "$GSUDO_POLICY",
        "A team's policy file, applied on top; a missing one is an error.",
    ),
    (
        "$XDG_STATE_HOME/gsudo/sessions.jsonl (else ~/.local/state/gsudo/sessions.jsonl)",
        "The session log: one JSON line per session (account, reason, command name, exit), mode 0600; gsudo log shows it.",
    ),
    (
        "$XDG_RUNTIME_DIR/gsudo/SESSION.PID.START (else $TMPDIR/gsudo-UID/...)",
        "A session's private directory (mode 0700): the child's gcloud configuration, credential file, kubeconfig and CA bundle. It is removed when the session ends.",
    ),
];

/// The variables gsudo reads, then those it sets in the child.
const ENVIRONMENT: [(&str, &str); 20] = [
    ("GSUDO_SERVICE_ACCOUNT", "As -s."),
    ("GSUDO_REASON", "As -R."),
    ("GSUDO_PROJECT", "As -p."),
    ("GSUDO_DELEGATES", "As --delegates."),
    ("GSUDO_LIFETIME", "As --lifetime."),
    ("GSUDO_SESSION_LENGTH", "As --session."),
    ("GSUDO_SCOPES", "As --scopes."),
    (
        "GSUDO_NO_PROXY, GSUDO_NO_METADATA_SERVER",
        "True as --no-proxy and --no-metadata-server; false turns them on whatever the file says.",
    ),
    (
        "GSUDO_PROXY_RESOLVE",
        "As --proxy-resolve, comma-separated.",
    ),
    ("GSUDO_UPSTREAM_CA_FILE", "As --upstream-ca-file."),
    ("GSUDO_BROKER", "As --broker."),
    ("GSUDO_PAM", "As --pam."),
    ("GSUDO_ENTITLEMENT", "As --entitlement."),
    ("GSUDO_NOTIFY", "As --notify, comma-separated."),
    (
        "GSUDO_POLICY",
        "A policy file applied on top of the machine's.",
    ),
    (
        "GOOGLE_APPLICATION_CREDENTIALS",
        "Your credentials, read first; then gcloud's Application Default Credentials, the metadata server, the gcloud CLI's account.",
    ),
    (
        "SHELL",
        "The shell opened with no command, unless the configuration names one.",
    ),
    (
        "XDG_CONFIG_HOME, XDG_STATE_HOME, XDG_RUNTIME_DIR, TMPDIR",
        "Where the files below are.",
    ),
    ("NO_COLOR", "No colour in gsudo's messages."),
    (
        "In the command: GSUDO_SESSION, GSUDO_SESSION_ACCOUNT, GSUDO_EXPIRES_AT, GSUDO_SESSION_DELEGATES, GSUDO_SESSION_GRANT",
        "The session it runs in; also CLOUDSDK_CONFIG, GOOGLE_APPLICATION_CREDENTIALS, KUBECONFIG, HTTPS_PROXY and the metadata server's variables, all the session's.",
    ),
];

/// What one page adds to what clap knows.
#[derive(Default)]
struct Extra {
    exit_status: &'static [&'static str],
    environment: bool,
    files: bool,
    examples: &'static [&'static str],
    see_also: &'static [&'static str],
}

/// The additions for the page of the command `path` names (`[]` is gsudo itself).
fn extra(path: &[&str]) -> Extra {
    match path {
        [] => Extra {
            exit_status: &[
                "The command's own. If it dies of a signal, gsudo ends by the same signal (the shell sees 128+N).",
                "127 when the command is not found, 126 when it is a directory, not executable, or its #! interpreter is missing; both are found before anything is minted.",
                GSUDO_STATUS,
            ],
            environment: true,
            files: true,
            examples: &[
                "# Run one command as a service account, with a reason",
                "gsudo -s deployer@proj.iam.gserviceaccount.com -R \"JIRA-123 rotate keys\" kubectl get pods",
                "",
                "# A privileged shell (the configuration's shell, else $SHELL)",
                "gsudo -s deploy -R \"JIRA-124 look around\"",
                "",
                "# A command named like a subcommand, or starting with -",
                "gsudo -s deploy -R \"JIRA-125\" -- token",
                "",
                "# A token for a script",
                "curl -H \"Authorization: Bearer $(gsudo token -s deploy -R JIRA-126)\" https://storage.googleapis.com/storage/v1/b?project=proj",
                "",
                "# Try it offline",
                "gsudo sandbox -- gcloud storage buckets list",
            ],
            see_also: &[
                "gsudo-config(5)",
                "gsudo-token(1)",
                "gsudo-whoami(1)",
                "gsudo-list(1)",
                "gsudo-can(1)",
                "gsudo-log(1)",
                "gsudo-sandbox(1)",
                "gcloud(1)",
                "sudo(8)",
            ],
        },
        ["list"] => Extra {
            exit_status: &[
                "0 when anything could be listed (failed projects are reported on standard error).",
                "125 when nothing could.",
            ],
            examples: &[
                "gsudo list -p proj",
                "gsudo list --all-projects --format json",
            ],
            ..Extra::default()
        },
        ["can"] => Extra {
            exit_status: &[
                "0; with PERMISSIONs named, 1 when any is not held.",
                "125 when gsudo could not tell.",
            ],
            examples: &[
                "gsudo can -s deploy -R \"JIRA-12 check\" --on projects/proj",
                "gsudo can storage.objects.get --on gs://releases --compare -s deploy -R \"JIRA-13\"",
            ],
            ..Extra::default()
        },
        ["config", ..] => Extra {
            files: true,
            see_also: &["gsudo-config(5)"],
            ..Extra::default()
        },
        _ => Extra::default(),
    }
}

/// Writes every page into `dir`: gsudo.1, one per subcommand, and gsudo-config.5.
pub fn generate_to(dir: &Path) -> std::io::Result<()> {
    let mut gsudo = Cli::command();
    gsudo.build();
    write_pages(&gsudo, &[], dir)?;
    std::fs::write(dir.join("gsudo-config.5"), config_page())
}

fn write_pages(command: &Command, path: &[&str], dir: &Path) -> std::io::Result<()> {
    for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        let mut deeper = path.to_vec();
        deeper.push(sub.get_name());
        write_pages(sub, &deeper, dir)?;
    }
    // clap_mangen would reflow the after-help into an EXTRA section: it goes into NOTES, lines
    // kept. The version is in --version, not in every page.
    let notes = command.get_after_long_help().or(command.get_after_help());
    let man = Man::new(
        command
            .clone()
            .after_help(None::<&str>)
            .after_long_help(None::<&str>)
            .version(None::<&str>),
    );
    let mut page = Vec::new();
    man.render(&mut page)?;
    // The root's after-help is its examples, which EXAMPLES lays out below.
    let mut roff = Roff::new();
    if let (false, Some(notes)) = (path.is_empty(), notes) {
        roff.control("SH", ["NOTES"]);
        // Indented lines (key tables, examples) are kept as typed; the rest is prose.
        let notes = notes.to_string();
        let lines: Vec<&str> = notes.lines().collect();
        for group in lines.chunk_by(|a, b| a.starts_with(' ') == b.starts_with(' ')) {
            match group[0].starts_with(' ') {
                true => verbatim(&mut roff, group),
                false => {
                    for line in group.iter().filter(|l| !l.is_empty()) {
                        roff.control("PP", []).text([roman(*line)]);
                    }
                }
            }
        }
    }
    sections(&mut roff, &extra(path), path);
    page.extend(roff.render().into_bytes());
    std::fs::write(dir.join(man.get_filename()), page)
}

/// EXIT STATUS, ENVIRONMENT, FILES, EXAMPLES and SEE ALSO, as `extra` has them.
fn sections(roff: &mut Roff, extra: &Extra, path: &[&str]) {
    roff.control("SH", ["EXIT STATUS"]);
    let status: &[&str] = match extra.exit_status {
        [] => &["0 on success.", GSUDO_STATUS],
        given => given,
    };
    for line in status {
        roff.control("PP", []).text([roman(*line)]);
    }
    if extra.environment {
        roff.control("SH", ["ENVIRONMENT"]);
        tagged(roff, &ENVIRONMENT);
    }
    if extra.files {
        roff.control("SH", ["FILES"]);
        tagged(roff, &FILES);
    }
    if !extra.examples.is_empty() {
        roff.control("SH", ["EXAMPLES"]);
        verbatim(roff, extra.examples);
    }
    roff.control("SH", ["SEE ALSO"]);
    let mut see: Vec<String> = extra.see_also.iter().map(|s| (*s).to_owned()).collect();
    if !path.is_empty() {
        see.insert(0, "gsudo(1)".to_owned());
    }
    roff.text([roman(see.join(", "))]);
}

/// Lines kept as written, in a fixed-width font: commands a reader copies.
fn verbatim(roff: &mut Roff, lines: &[&str]) {
    roff.control("PP", []).control("EX", []);
    for line in lines {
        roff.text([roman(*line)]);
    }
    roff.control("EE", []);
}

/// A list of NAME, then its meaning indented below.
fn tagged(roff: &mut Roff, items: &[(&str, &str)]) {
    for (name, meaning) in items {
        roff.control("TP", [])
            .text([bold(*name)])
            .text([roman(*meaning)]);
    }
}

/// gsudo-config(5): the configuration file and the policies.
fn config_page() -> String {
    let mut roff = Roff::new();
    roff.control("TH", ["gsudo-config", "5"]);
    roff.control("SH", ["NAME"]);
    roff.text([roman(
        "gsudo-config - gsudo's configuration file and policies",
    )]);
    roff.control("SH", ["SYNOPSIS"]);
    roff.text([roman(
        "$XDG_CONFIG_HOME/gsudo/config.toml, /etc/gsudo/policy.toml, $GSUDO_POLICY",
    )]);
    roff.control("SH", ["DESCRIPTION"]);
    roff.text([roman(
        "gsudo reads one TOML file of defaults; everything in it is optional. For every setting a \
         flag wins, else its GSUDO_* variable, else the file, else gsudo's default. gsudo config \
         set, get, unset and list manage the file without an editor, keeping comments and keys \
         gsudo does not know.",
    )]);
    roff.control("SH", ["KEYS"]);
    for (key, values, default) in settings::keys() {
        roff.control("TP", [])
            .text([bold(key)])
            .text([roman(format!("{values} (default: {default})"))]);
    }
    roff.control("SH", ["POLICIES"]);
    let rules: Vec<&str> = RULES.iter().map(|r| r.name).collect();
    roff.text([roman(format!(
        "A policy holds rules at its top level (or under [policy]): {}. gsudo applies every \
         policy it finds (/etc/gsudo/policy.toml, the file GSUDO_POLICY names, the [policy] \
         table of the configuration file), and none can relax another. A run that breaks a rule \
         exits 125 before anything is minted, naming the file and the rule; a rule gsudo does \
         not know is an error.",
        rules.join(", ")
    ))]);
    roff.control("SH", ["FILES"]);
    tagged(&mut roff, &FILES[..3]);
    roff.control("SH", ["EXAMPLES"]);
    verbatim(
        &mut roff,
        &[
            "# ~/.config/gsudo/config.toml",
            "lifetime = \"15m\"",
            "shell = \"zsh -l\"",
            "",
            "[aliases]",
            "deploy = \"deployer@my-proj.iam.gserviceaccount.com\"",
            "",
            "[projects.my-proj]",
            "service_account = \"deploy\"",
            "",
            "# /etc/gsudo/policy.toml",
            "reason_pattern = '^[A-Z]+-[0-9]+ '",
            "service_accounts = [\"*@prod-*.iam.gserviceaccount.com\"]",
            "max_lifetime = \"1h\"",
            "confirm = true",
        ],
    );
    roff.control("SH", ["SEE ALSO"]);
    roff.text([roman("gsudo(1), gsudo-config(1)")]);
    roff.render()
}

/// gsudo(1)'s ENVIRONMENT names every variable gsudo's own options read.
#[test]
fn the_environment_names_every_variable_the_options_read() {
    let named: Vec<&str> = ENVIRONMENT
        .iter()
        .flat_map(|(names, _)| names.split(", "))
        .collect();
    for arg in Cli::command().get_arguments() {
        if let Some(variable) = arg.get_env().and_then(|v| v.to_str()) {
            assert!(named.contains(&variable), "{variable} is not in gsudo(1)");
        }
    }
}
