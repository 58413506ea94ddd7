//! `gsudo [OPTIONS] CMD`: run a command (or a shell) in a session.

use std::ffi::OsString;
use std::sync::Arc;

use time::OffsetDateTime;
use tokio::runtime::Runtime;

use crate::auth::{Caller, Http, Minter, SessionTokens, Target};
use crate::cli::SessionArgs;
use crate::config::{Env, Gcloud, Settings};
use crate::session::{self, ExitReason, Supervisor};
use crate::types::{SessionId, rfc3339};
use crate::ui::{self, Failure};

pub fn run(args: &SessionArgs, env: &Env, argv: &[OsString]) -> Result<ExitReason, Failure> {
    let settings = Settings::resolve(args)?;
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
                    project,
                    &self.settings.proxy,
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
        let result = supervisor.run(session.command(argv));
        self.rt.block_on(session.close());
        ui::debug(&format!(
            "session {id} closed after {} mint(s)",
            tokens.mints()
        ));
        result.or_else(|spawn| {
            let code = spawn.exit_code();
            ui::failure(&Failure::new(crate::auth::sentence(&spawn.to_string())).with_hint(match code {
                127 => "Check the command's spelling and your PATH, or give its full path.",
                _ => "Check the file's permissions and that it is a program or a script with a #! line.",
            }));
            Ok(ExitReason::Code(code))
        })
    }
}
