//! A session: its private directory, the child's environment, the token endpoint, the command
//! and the teardown that leaves nothing behind.

mod dir;
mod env;
mod exec;
mod gcloud;
mod proxy;
mod system;

use std::ffi::OsString;
use std::process::Command;
use std::sync::Arc;

use serde_json::json;

pub use dir::DirError;
pub use exec::{ExitReason, Supervisor};

use crate::auth::SessionTokens;
use crate::config::{Env, Gcloud, ProxySettings};
use crate::serve::proxy::ProxyError;
use crate::serve::{TokenEndpoint, token_endpoint};
use crate::types::{Secret, SessionId, rfc3339};
use crate::ui::Failure;

#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    #[error(transparent)]
    Dir(#[from] DirError),
    #[error("cannot start the session's token endpoint on loopback: {0}")]
    Serve(std::io::Error),
    #[error("cannot start the session's proxy: {0}")]
    Proxy(#[from] ProxyError),
}

impl From<SessionError> for Failure {
    fn from(e: SessionError) -> Self {
        let hint = match e {
            SessionError::Proxy(_) => {
                "Fix what it names, or run with --no-proxy to do without the proxy."
            }
            _ => "Check that your runtime or temporary directory is writable and private to you.",
        };
        Failure::new(crate::auth::sentence(&e.to_string())).with_hint(hint)
    }
}

/// A live session. `close` (or dropping it) stops its server and removes its directory.
pub struct Session {
    // Field order is teardown order: the servers stop before the directory goes.
    proxy: Option<proxy::SessionProxy>,
    endpoint: TokenEndpoint,
    dir: dir::SessionDir,
    env: Env,
}

impl Session {
    /// Creates the session directory and files and starts the token endpoint.
    pub async fn open(
        id: &SessionId,
        tokens: Arc<SessionTokens>,
        user_env: &Env,
        user_gcloud: &Gcloud,
        project: Option<&str>,
        proxy_settings: &ProxySettings,
    ) -> Result<Self, SessionError> {
        let dir = dir::SessionDir::create(user_env, id)?;
        let secret = Secret::random();
        let endpoint = token_endpoint(Arc::clone(&tokens), secret.clone())
            .await
            .map_err(SessionError::Serve)?;
        let token_url = endpoint.token_url();
        let proxy = match proxy_settings.enabled {
            true => Some(
                proxy::SessionProxy::start(
                    id,
                    &tokens,
                    user_env,
                    user_gcloud,
                    proxy_settings,
                    &dir,
                )
                .await?,
            ),
            false => None,
        };

        // One authorized_user credential serves gcloud (credential_file_override) and every
        // client library (GOOGLE_APPLICATION_CREDENTIALS): its refresh token is the session
        // secret, its token URI the session's endpoint.
        let credentials = json!({
            "type": "authorized_user",
            "client_id": "gsudo",
            "client_secret": "gsudo",
            "refresh_token": secret.expose(),
            "token_uri": token_url,
        });
        let credentials_file = dir.write("credentials.json", credentials.to_string().as_bytes())?;

        let gcloud_dir = dir.subdir("gcloud")?;
        dir.subdir("gcloud/configurations")?;
        let props = gcloud::session_properties(
            user_gcloud,
            project,
            &credentials_file,
            &token_url,
            proxy.as_ref().map(proxy::SessionProxy::gcloud).as_ref(),
        );
        dir.write("gcloud/active_config", user_gcloud.active.as_bytes())?;
        dir.write(
            &format!("gcloud/configurations/config_{}", user_gcloud.active),
            props.render().as_bytes(),
        )?;
        let boto_file = dir.write("boto", b"")?;
        let kube_cache = dir.subdir("kube-cache")?;

        let minter = tokens.minter();
        let target = minter.target();
        let env = env::child_env(
            user_env,
            &env::ChildSettings {
                session_id: id.as_str(),
                account: target.account.as_str(),
                expires_at: &rfc3339(tokens.ends_at()),
                reason_header: &target.reason_header(),
                gcloud_dir: &gcloud_dir,
                credentials_file: &credentials_file,
                boto_file: &boto_file,
                kube_cache: &kube_cache,
                project,
                proxy: proxy.as_ref().map(proxy::SessionProxy::child),
            },
        );
        Ok(Self {
            proxy,
            endpoint,
            dir,
            env,
        })
    }

    /// The command line to run: `argv`, or the user's shell when it is empty.
    pub fn command(&self, argv: &[OsString]) -> Command {
        let mut command = match argv.split_first() {
            Some((program, args)) => {
                let mut c = Command::new(program);
                c.args(args);
                c
            }
            None => Command::new(self.env.get("SHELL").unwrap_or("/bin/sh")),
        };
        command.env_clear().envs(self.env.iter());
        command
    }

    /// Stops the servers and removes every file of the session.
    pub async fn close(self) {
        if let Some(proxy) = self.proxy {
            proxy.stop().await;
        }
        self.endpoint.stop().await;
        drop(self.dir);
    }
}
