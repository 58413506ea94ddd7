//! `gsudo [OPTIONS] CMD`: run a command (or a shell) in a session.

use std::ffi::OsString;
use std::path::PathBuf;
use std::sync::Arc;

use time::OffsetDateTime;
use tokio::runtime::Runtime;

use crate::auth::broker::BrokerClient;
use crate::auth::{Caller, Http, Minter, SessionTokens, Target};
use crate::cli::SessionArgs;
use crate::config::{Env, Gcloud, Settings};
use crate::session::{self, ExitReason, Supervisor};
use crate::types::{SessionId, rfc3339};
use crate::ui::{self, Failure};

pub fn run(args: &SessionArgs, env: &Env, argv: &[OsString]) -> Result<ExitReason, Failure> {
    let settings = Settings::load(args, env)?;
    // Asked before the signal handlers go in, so that Ctrl-C at the prompt simply ends gsudo.
    if let Some(policy) = &settings.confirm {
        let what = match argv.first() {
            Some(program) => crate::trail::command_name(program.as_ref()),
            None => "a shell".to_owned(),
        };
        crate::prompt::confirm(policy, &settings, &what)?;
    }
    let supervisor = install_supervisor()?;
    let rt = super::runtime()?;
    let result = Session {
        env,
        settings: &settings,
        rt: &rt,
    }
    .run(supervisor, argv);
    rt.shutdown_background();
    result
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
    };
    let broker = match &settings.broker {
        Some(url) => Some(
            BrokerClient::new(
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
        let ends_at = OffsetDateTime::now_utc() + self.settings.session_length.duration();
        let tokens = Arc::new(SessionTokens::new(minter, self.settings.lifetime, ends_at));
        let session = self.rt.block_on(async {
            // The first mint proves the caller may impersonate before anything starts.
            tokens.current().await?;
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
        if argv.is_empty() {
            ui::note(&format!(
                "you are {account} until {} (session {id}, reason: {}); exit the shell to end it",
                rfc3339(ends_at),
                self.settings.reason
            ));
        } else {
            ui::debug(&format!(
                "session {id} as {account} until {}",
                rfc3339(ends_at)
            ));
        }
        let notice = self.rt.spawn(window_notice(ends_at));
        let result = supervisor.run(session.command(argv));
        notice.abort();
        self.rt.block_on(session.close());
        ui::debug(&format!(
            "session {id} closed after {} mint(s)",
            tokens.mints()
        ));
        let result = result.or_else(|spawn| {
            let code = spawn.exit_code();
            ui::failure(&Failure::new(crate::auth::sentence(&spawn.to_string())).with_hint(match code {
                127 => "Check the command's spelling and your PATH, or give its full path.",
                _ => "Check the file's permissions and that it is a program or a script with a #! line.",
            }));
            Ok(ExitReason::Code(code))
        });
        if let (Ok(exit), Some(log)) = (&result, &self.settings.trail) {
            self.record(log, &id, argv, *exit, &tokens, &gcloud);
        }
        result
    }

    /// Appends the session's line to the session log. A log that cannot be written is worth a
    /// warning, not the command's exit status.
    fn record(
        &self,
        log: &std::path::Path,
        id: &SessionId,
        argv: &[OsString],
        exit: ExitReason,
        tokens: &SessionTokens,
        gcloud: &Gcloud,
    ) {
        let started = tokens.ends_at() - self.settings.session_length.duration();
        let program = match argv.first() {
            Some(program) => PathBuf::from(program),
            None => PathBuf::from(self.env.get("SHELL").unwrap_or("/bin/sh")),
        };
        let (exit_code, signal) = match exit {
            ExitReason::Code(code) => (Some(code), None),
            ExitReason::Signal(signal) => (None, Some(signal.as_str().to_owned())),
        };
        let record = crate::trail::Record {
            session: id.as_str().to_owned(),
            start: rfc3339(started),
            end: rfc3339(OffsetDateTime::now_utc()),
            account: self.settings.account.to_string(),
            reason: self.settings.reason.to_string(),
            project: self.settings.project.clone().or_else(|| gcloud.project()),
            command: crate::trail::command_name(&program),
            exit_code,
            signal,
            mints: tokens.mints(),
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
