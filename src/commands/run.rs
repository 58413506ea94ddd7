//! `gsudo [OPTIONS] CMD`: run a command (or a shell) in a session.

use std::ffi::OsString;
use std::path::PathBuf;
use std::sync::Arc;

use time::OffsetDateTime;
use tokio::runtime::Runtime;

use std::io::Write as _;

use crate::auth::{AuthError, Caller, Http, Minter, SessionTokens, Target};
use crate::cli::{PamArgs, PamMode, SessionArgs};
use crate::config::{Env, Gcloud, Settings};
use crate::pam::{Active, Broker, Outcome, Wanted};
use crate::session::{self, ExitReason, Supervisor};
use crate::types::{Lifetime, SessionId, rfc3339};
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
        pam: &args.pam,
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
    Ok(Minter::new(
        Arc::new(caller),
        http,
        gcloud.endpoint("iamcredentials"),
        target,
    ))
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
        let minter = minter(self.env, &gcloud, self.settings, &id)?;
        let broker = Broker::new(minter.http().clone(), minter.caller(), &gcloud)
            .with_reason(minter.target().reason_header());
        let (tokens, grant) =
            match self
                .rt
                .block_on(self.first_tokens(minter, &broker, &mut supervisor))?
            {
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
        if let Some(active) = grant.as_ref().filter(|a| a.created && !self.pam.keep_grant) {
            self.rt.block_on(broker.release(active));
        }
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
            let grant = grant.as_ref().map(|a| a.name.as_str());
            let ran = Ran {
                started,
                tokens: &tokens,
                grant,
            };
            self.record(log, &id, argv, *exit, &ran, &gcloud);
        }
        result
    }

    /// The session's tokens once the first mint proved the caller may impersonate, with the
    /// PAM grant they rest on when the caller holds no standing Token Creator (or with
    /// `--pam always`); or how gsudo ends without a session (`--no-wait`, Ctrl-C).
    async fn first_tokens(
        &self,
        minter: Minter,
        broker: &Broker,
        supervisor: &mut Supervisor,
    ) -> Result<Result<(Arc<SessionTokens>, Option<Active>), ExitReason>, Failure> {
        let mode = self.settings.pam.mode;
        let window = self.settings.session_length.duration();
        let tokens_until =
            |minter, ends_at| Arc::new(SessionTokens::new(minter, self.settings.lifetime, ends_at));
        let mut refused = None;
        if mode != PamMode::Always {
            let tokens = tokens_until(minter.clone(), OffsetDateTime::now_utc() + window);
            match tokens.current().await {
                Ok(_) => return Ok(Ok((tokens, None))),
                Err(denied @ AuthError::Denied { .. }) if mode == PamMode::Auto => {
                    refused = Some(denied);
                }
                Err(e) => return Err(e.into()),
            }
        }
        let active = match self.pam_step(broker, supervisor).await? {
            Outcome::Granted(active) => active,
            Outcome::NoEntitlement => {
                return Err(refused.map_or_else(
                    || Failure::new("No Privileged Access Manager entitlement was found."),
                    Failure::from,
                ));
            }
            Outcome::Requested(name) => {
                let _ = writeln!(std::io::stdout(), "{name}");
                return Ok(Err(ExitReason::Code(0)));
            }
            Outcome::Interrupted => return Ok(Err(ExitReason::Code(130))),
        };
        // The session window never outlives the grant it runs on.
        let ends_at = (OffsetDateTime::now_utc() + window).min(active.ends_at);
        let tokens = tokens_until(minter, ends_at);
        if let Err(failure) = first_mint_on_grant(&tokens, broker, &active.name).await {
            if active.created && !self.pam.keep_grant {
                broker.release(&active).await;
            }
            return Err(failure);
        }
        Ok(Ok((tokens, Some(active))))
    }

    /// Reuses or requests the PAM grant the run needs.
    async fn pam_step(
        &self,
        broker: &Broker,
        supervisor: &mut Supervisor,
    ) -> Result<Outcome, Failure> {
        let wanted = Wanted {
            mode: self.settings.pam.mode,
            account: self.settings.account.clone(),
            reason: self.settings.reason.clone(),
            session_length: self.settings.session_length,
            default_length: !self.settings.pam.explicit_session,
            entitlement: self.pam.entitlement.clone(),
            wait: self.pam.wait.unwrap_or(DEFAULT_WAIT),
            notify: self.pam.notify.clone(),
        };
        let mut interrupted = || supervisor.pending_termination().is_some();
        Ok(broker
            .acquire(&wanted, !self.pam.no_wait, &mut interrupted)
            .await?)
    }

    /// Appends the session's line to the session log. A log that cannot be written is worth a
    /// warning, not the command's exit status.
    fn record(
        &self,
        log: &std::path::Path,
        id: &SessionId,
        argv: &[OsString],
        exit: ExitReason,
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
            grant: grant.map(str::to_owned),
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

/// How long a run waits for its PAM grant unless told (`--wait`).
const DEFAULT_WAIT: Lifetime = Lifetime::from_secs(15 * 60);

/// The first mint on a fresh grant: refused while IAM propagates the grant's binding, so it is
/// tried again with backoff for up to [`crate::pam::PROPAGATION`].
async fn first_mint_on_grant(
    tokens: &SessionTokens,
    broker: &Broker,
    grant: &str,
) -> Result<(), Failure> {
    let started = std::time::Instant::now();
    let mut pause = std::time::Duration::from_millis(500);
    loop {
        match tokens.current().await {
            Ok(_) => return Ok(()),
            Err(AuthError::Denied { .. }) if started.elapsed() < crate::pam::PROPAGATION => {
                broker.propagating(grant);
                tokio::time::sleep(pause).await;
                pause = (pause * 2).min(std::time::Duration::from_secs(10));
            }
            Err(e) => return Err(e.into()),
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
