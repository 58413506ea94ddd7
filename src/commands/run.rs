//! `gsudo [OPTIONS] CMD`: run a command (or a shell) in a session.

use std::ffi::OsString;
use std::path::PathBuf;
use std::sync::Arc;

use clap::CommandFactory;
use time::OffsetDateTime;
use tokio::runtime::Runtime;

use crate::auth::{Caller, Minter, SessionTokens, Target};
use crate::cli::{PamArgs, SessionArgs};
use crate::config::{Env, Gcloud, Settings};
use crate::google::Http;
use crate::pam::Pam;
use crate::session::{self, ExitReason, Supervisor};
use crate::types::{SessionId, rfc3339};
use crate::ui::{self, Failure};

use super::corrected;
use super::program::{self, Unrunnable};

/// Runs `argv` (or the configured shell) as the service account, after checking, before
/// anything is minted, that the program exists and can start.
pub fn run(args: &SessionArgs, env: &Env, argv: &[OsString]) -> Result<ExitReason, Failure> {
    if !argv.is_empty()
        && let Err(unrunnable) = check_program(argv, env)
    {
        return Ok(unrunnable);
    }
    let settings =
        Settings::load(args, env).map_err(|failure| match corrected::options_first(argv) {
            Some(line) => {
                failure.with_hint(format!("gsudo's options go before the command: {line}"))
            }
            None => failure,
        })?;
    let shell = shell_argv(&settings, env);
    if argv.is_empty()
        && let Err(unrunnable) = check_program(&shell, env)
    {
        return Ok(unrunnable);
    }
    // Asked before the signal handlers go in, so that Ctrl-C at the prompt simply ends gsudo.
    if let Some(policy) = &settings.confirm {
        let what = match argv.is_empty() {
            true => format!("a shell ({})", program::quote_all(&shell)),
            false => program::quote_all(argv),
        };
        crate::prompt::confirm(policy, &settings, &what)?;
    }
    let supervisor = install_supervisor()?;
    let rt = super::runtime()?;
    let result = Session {
        env,
        settings: &settings,
        pam: &args.pam,
        rt: &rt,
    }
    .run(supervisor, argv);
    rt.shutdown_background();
    result
}

/// The shell `gsudo` with no command opens: the configuration's `shell`, else $SHELL, else
/// /bin/sh.
fn shell_argv(settings: &Settings, env: &Env) -> Vec<OsString> {
    match &settings.shell {
        Some(words) => words.iter().map(OsString::from).collect(),
        None => vec![env.get("SHELL").unwrap_or("/bin/sh").into()],
    }
}

/// Finds the program as the child will (through the PATH it gets), or says at once, with the
/// status a shell would give, why it cannot run.
fn check_program(argv: &[OsString], env: &Env) -> Result<(), ExitReason> {
    let Some(program) = argv.first() else {
        return Ok(());
    };
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("/"));
    // Without a PATH, exec searches the C library's default one, as the child would.
    let path = env
        .path("PATH")
        .unwrap_or_else(|| PathBuf::from("/bin:/usr/bin"));
    match program::resolve(program, path.as_os_str(), &cwd) {
        Ok(file) => {
            ui::debug(&format!(
                "{} is {}",
                program::quote(program),
                file.display()
            ));
            Ok(())
        }
        Err(unrunnable) => {
            let hint = match (&unrunnable, own_command(program)) {
                (Unrunnable::NotInPath(_), Some(name)) => format!(
                    "To run gsudo's own {name}, name it first: {}",
                    corrected::subcommand_first(&name, argv)
                ),
                _ => unrunnable.hint(),
            };
            // It starts with the command as typed (`kubctl ...`), which keeps its case.
            let sentence = format!("{}.", unrunnable.to_string().trim_end_matches('.'));
            ui::failure(&Failure::new(sentence).with_hint(hint));
            Err(ExitReason::Code(unrunnable.exit_code()))
        }
    }
}

/// The name of gsudo's subcommand `program` spells, if it spells one (`token`, `whoami`, ...).
fn own_command(program: &OsString) -> Option<String> {
    let name = program.to_str()?;
    crate::cli::Cli::command()
        .get_subcommands()
        .any(|sub| sub.get_name() == name)
        .then(|| name.to_owned())
}

pub(super) fn install_supervisor() -> Result<Supervisor, Failure> {
    Supervisor::install()
        .map_err(|e| Failure::new(format!("gsudo could not install its signal handlers: {e}.")))
}

/// The minter for `settings`, with the caller found in `env`.
pub(super) fn minter(
    env: &Env,
    gcloud: &Gcloud,
    settings: &Settings,
    id: &SessionId,
) -> Result<Minter, Failure> {
    minter_for(env, gcloud, settings, id, None)
}

/// [`minter`] for a session running `command` (its name only), which a broker logs.
fn minter_for(
    env: &Env,
    gcloud: &Gcloud,
    settings: &Settings,
    id: &SessionId,
    command: Option<String>,
) -> Result<Minter, Failure> {
    // Before looking for credentials: inside a session they are the session's account's.
    super::refuse_inside_brokered_session(env, settings.broker.as_deref())?;
    let caller = Caller::discover(env, gcloud)?;
    ui::debug(&format!("caller credentials: {}", caller.source()));
    let http =
        Http::new().map_err(|e| Failure::new(format!("gsudo could not set up HTTPS: {e}.")))?;
    let target = Target {
        account: settings.account.clone(),
        delegates: settings.delegates.clone(),
        scopes: settings.scopes.clone(),
        reason: settings.reason.clone(),
        session: id.clone(),
        id_token_refusal: settings.id_token_refusal.clone(),
    };
    let broker = match &settings.broker {
        Some(url) => Some(
            super::broker_client(
                url,
                &caller,
                http.clone(),
                env,
                gcloud,
                settings.session_length,
            )?
            .for_command(command),
        ),
        None => None,
    };
    let minter = Minter::new(
        Arc::new(caller),
        http,
        gcloud.endpoint("iamcredentials"),
        target,
    );
    Ok(match broker {
        Some(broker) => {
            ui::debug(&format!("minting through the broker at {}", broker.url()));
            minter.through_broker(broker)
        }
        None => minter,
    })
}

/// One session run: the user's environment, what to borrow, and the runtime serving it.
pub struct Session<'a> {
    pub env: &'a Env,
    pub settings: &'a Settings,
    /// How to go through Privileged Access Manager when the caller holds no Token Creator.
    pub pam: &'a PamArgs,
    pub rt: &'a Runtime,
}

impl Session<'_> {
    /// Mints, opens the session, runs `argv` (or a shell) and tears everything down.
    pub fn run(
        &self,
        mut supervisor: Supervisor,
        argv: &[OsString],
    ) -> Result<ExitReason, Failure> {
        // The credential libraries start background refreshes, which need the runtime.
        let _runtime = self.rt.enter();
        let gcloud = Gcloud::load(self.env);
        let id = SessionId::random();
        let command = argv
            .first()
            .map(|program| crate::trail::command_name(program.as_ref()));
        let minter = minter_for(self.env, &gcloud, self.settings, &id, command)?;
        let pam = Pam::new(minter.http().clone(), minter.caller(), &gcloud)
            .with_reason(minter.target().reason_header());
        let (tokens, grant) = match self.rt.block_on(super::jit::first_tokens(
            self,
            minter,
            &pam,
            &mut supervisor,
        ))? {
            Ok(started) => started,
            Err(exit) => return Ok(exit),
        };
        let ends_at = tokens.ends_at();
        let started = OffsetDateTime::now_utc();
        let session = self.rt.block_on(async {
            let project = self.settings.project.as_deref();
            Ok::<_, Failure>(
                session::Session::open(
                    &id,
                    Arc::clone(&tokens),
                    self.env,
                    &gcloud,
                    &session::Options {
                        project,
                        proxy: &self.settings.proxy,
                        metadata_server: self.settings.metadata_server,
                        gke_cluster: self.settings.gke_cluster.as_ref(),
                        grant: grant.as_ref().map(|a| a.name.as_str()),
                    },
                )
                .await?,
            )
        })?;
        if let Some(signal) = supervisor.pending_termination() {
            self.rt.block_on(session.close());
            return Ok(ExitReason::Signal(signal));
        }
        let account = &self.settings.account;
        let opens_shell = argv.is_empty();
        let shell = shell_argv(self.settings, self.env);
        let argv = match opens_shell {
            true => &shell[..],
            false => argv,
        };
        if opens_shell {
            ui::note(&format!(
                "you are {account} until {} (session {id}, reason: {}); exit the shell to end it",
                rfc3339(ends_at),
                self.settings.reason
            ));
        }
        ui::debug(&format!(
            "session {id} as {account} until {}: {}",
            rfc3339(ends_at),
            program::quote_all(argv)
        ));
        // A line before the command runs, completed at its end: a gsudo killed in between
        // still leaves the session in the log, unfinished.
        let ran = Ran {
            started,
            tokens: &tokens,
            grant: grant.as_ref().map(|a| a.name.as_str()),
        };
        if let Some(log) = &self.settings.trail {
            self.record(log, &id, argv, None, &ran, &gcloud);
        }
        let notice = self.rt.spawn(window_notice(ends_at));
        let result = supervisor.run(session.command(argv));
        notice.abort();
        self.rt.block_on(session.close());
        if let Some(active) = grant
            .as_ref()
            .filter(|a| a.created && !self.pam.keep_grant && !tokens.lease_over())
        {
            self.rt.block_on(pam.release(active));
        }
        ui::debug(&format!(
            "session {id} closed after {} mint(s)",
            tokens.mints()
        ));
        let result = result.or_else(|spawn| {
            let code = spawn.exit_code();
            ui::failure(&Failure::sentence(&spawn.to_string()).with_hint(match code {
                127 => "Check the command's spelling and your PATH, or give its full path.",
                _ => "Check the file's permissions and that it is a program or a script with a #! line.",
            }));
            Ok(ExitReason::Code(code))
        });
        if let (Ok(exit), Some(log)) = (&result, &self.settings.trail) {
            self.record(log, &id, argv, Some(*exit), &ran, &gcloud);
        }
        result
    }

    /// Appends the session's line to the session log: unfinished (no `exit`) before the
    /// command runs, complete after. A log that cannot be written is worth a warning, not the
    /// command's exit status.
    fn record(
        &self,
        log: &std::path::Path,
        id: &SessionId,
        argv: &[OsString],
        exit: Option<ExitReason>,
        ran: &Ran<'_>,
        gcloud: &Gcloud,
    ) {
        let Ran {
            started,
            tokens,
            grant,
        } = *ran;
        let program = match argv.first() {
            Some(program) => PathBuf::from(program),
            None => PathBuf::from(self.env.get("SHELL").unwrap_or("/bin/sh")),
        };
        let (exit_code, signal) = match exit {
            Some(ExitReason::Code(code)) => (Some(code), None),
            Some(ExitReason::Signal(signal)) => (None, Some(signal.as_str().to_owned())),
            None => (None, None),
        };
        let record = crate::trail::Record {
            session: id.as_str().to_owned(),
            start: rfc3339(started),
            end: exit.map(|_| rfc3339(OffsetDateTime::now_utc())),
            account: self.settings.account.to_string(),
            reason: self.settings.reason.to_string(),
            project: self.settings.project.clone().or_else(|| gcloud.project()),
            command: crate::trail::command_name(&program),
            exit_code,
            signal,
            mints: tokens.mints(),
            grant: grant.map(str::to_owned),
            broker: self.settings.broker.clone(),
        };
        if let Err(e) = crate::trail::append(log, &record) {
            ui::warn(&format!(
                "gsudo could not add this session to its log {}: {e}.",
                log.display()
            ));
        }
    }
}

/// What the session log keeps of how a session ran besides its command.
#[derive(Clone, Copy)]
struct Ran<'t> {
    started: OffsetDateTime,
    tokens: &'t SessionTokens,
    /// The PAM grant it ran on, if any.
    grant: Option<&'t str>,
}

/// Says once, on stderr, when the session window closes while the command still runs: from
/// then on its tools get no fresh tokens.
async fn window_notice(ends_at: OffsetDateTime) {
    if let Ok(left) = std::time::Duration::try_from(ends_at - OffsetDateTime::now_utc()) {
        tokio::time::sleep(left).await;
    }
    ui::note(&format!(
        "the session window ended at {}; the command goes on, but gets no fresh tokens",
        rfc3339(ends_at)
    ));
}
