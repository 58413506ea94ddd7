//! A session: its private directory, the child's environment, the token endpoint, the command
//! and the teardown that leaves nothing behind.

mod dir;
mod env;
mod exec;
mod gcloud;
mod kube;
mod proxy;
mod system;
mod watchdog;

use std::ffi::OsString;
use std::os::unix::process::CommandExt;
use std::process::Command;
use std::sync::Arc;

use serde_json::json;

pub use dir::DirError;
pub use env::Contract;
pub use exec::{ExitReason, Supervisor};

use crate::auth::SessionTokens;
use crate::config::{Env, Gcloud, ProxySettings};
use crate::serve::proxy::ProxyError;
use crate::serve::{
    Instance, MetadataServer, ServeError, TokenEndpoint, metadata_server, token_endpoint,
};
use crate::types::{Secret, SessionId, rfc3339};
use crate::ui::Failure;

#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    #[error(transparent)]
    Dir(#[from] DirError),
    #[error(transparent)]
    Kube(#[from] kube::KubeError),
    #[error(transparent)]
    Auth(#[from] crate::auth::AuthError),
    #[error("cannot start the session's token endpoint or metadata server: {0}")]
    Serve(#[from] ServeError),
    #[error("cannot start the session's proxy: {0}")]
    Proxy(#[from] ProxyError),
    #[error("cannot start the session's watchdog (/bin/sh): {0}")]
    Watchdog(std::io::Error),
}

impl From<SessionError> for Failure {
    fn from(e: SessionError) -> Self {
        if let SessionError::Auth(auth) = e {
            return auth.into();
        }
        let hint = match e {
            SessionError::Serve(ServeError::Proc(_))
            | SessionError::Proxy(ProxyError::Serve(ServeError::Proc(_))) => {
                "gsudo needs Linux with /proc mounted to tell the session's processes from others (hidepid is fine); `gsudo token` works without a session."
            }
            SessionError::Proxy(_) => {
                "Fix what it names, or run with --no-proxy to do without the proxy."
            }
            SessionError::Kube(kube::KubeError::Cluster { .. }) => {
                "Check the cluster's name and --location, and that the account may get it (roles/container.clusterViewer)."
            }
            SessionError::Kube(_) => "Fix the file it names, or point KUBECONFIG elsewhere.",
            SessionError::Watchdog(_) => {
                "gsudo needs /bin/sh to end the command should gsudo be killed; check that it can run."
            }
            _ => "Check that your runtime or temporary directory is writable and private to you.",
        };
        Failure::sentence(&e.to_string()).with_hint(hint)
    }
}

/// What a session offers the child besides its token endpoint.
pub struct Options<'a> {
    /// The project given explicitly (-p); else the session's is the user's own.
    pub project: Option<&'a str>,
    pub proxy: &'a ProxySettings,
    pub metadata_server: bool,
    /// A GKE cluster (name, location) to add to the session's kubeconfig.
    pub gke_cluster: Option<&'a (String, String)>,
    /// The Privileged Access Manager grant the session runs on, if any.
    pub grant: Option<&'a str>,
}

/// A live session. `close` (or dropping it) stops its servers and removes its directory.
pub struct Session {
    // Field order is teardown order: the servers stop before the directory goes.
    metadata: Option<MetadataServer>,
    proxy: Option<proxy::SessionProxy>,
    endpoint: TokenEndpoint,
    dir: dir::SessionDir,
    // Released last: until the directory is gone, gsudo's death still ends the command.
    watchdog: watchdog::Watchdog,
    env: Env,
}

impl Session {
    /// Creates the session directory and files and starts the session's servers.
    pub async fn open(
        id: &SessionId,
        tokens: Arc<SessionTokens>,
        user_env: &Env,
        user_gcloud: &Gcloud,
        options: &Options<'_>,
    ) -> Result<Self, SessionError> {
        let (project, proxy_settings) = (options.project, options.proxy);
        let dir = dir::SessionDir::create(user_env, id)?;
        let watchdog =
            watchdog::Watchdog::start(dir.path(), id.as_str()).map_err(SessionError::Watchdog)?;
        let secret = Secret::random();
        let endpoint = token_endpoint(Arc::clone(&tokens), secret.clone()).await?;
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
        let mut credentials = json!({
            "type": "authorized_user",
            "client_id": "gsudo",
            "client_secret": "gsudo",
            "refresh_token": secret.expose(),
            "token_uri": token_url,
        });
        // A quota project changes who is billed and needs serviceusage.services.use: only the
        // user's own ADC file may bring one, which Google's libraries would have used anyway.
        if let Some(quota) = tokens.quota_project() {
            credentials["quota_project_id"] = json!(quota);
        }
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
        // Until its configuration directory caches the answer in `gce`, every gcloud first asks
        // the metadata server GCE_METADATA_ROOT names whether it runs on Google Cloud; the
        // session's would say yes, after asking Resource Manager for the project's number. Said
        // here, the session's first gcloud asks nobody (docs/google-cloud-facts.md §5).
        if options.metadata_server {
            dir.write("gcloud/gce", b"True")?;
        }
        dir.write(
            &format!("gcloud/configurations/config_{}", user_gcloud.active),
            props.render().as_bytes(),
        )?;
        // gsutil keeps its credential store (credstore2) and tracker files in its state
        // directory, ~/.gsutil unless its boto configuration names another.
        let gsutil_state = dir.subdir("gsutil")?;
        let boto = format!("[GSUtil]\nstate_dir = {}\n", gsutil_state.display());
        let boto_file = dir.write("boto", boto.as_bytes())?;
        let kube_cache = dir.subdir("kube-cache")?;
        let kubeconfig = kubeconfig(&tokens, user_env, user_gcloud, options, &gcloud_dir).await?;
        let kubeconfig = dir.write("kubeconfig", kubeconfig.to_string().as_bytes())?;
        let session_project = env::Project::of_session(project, user_env, user_gcloud);
        let metadata = match options.metadata_server {
            true => {
                let instance = Instance {
                    project: session_project.as_ref().map(|p| p.id().to_owned()),
                    universe_domain: user_gcloud.universe_domain(),
                    resource_manager: user_gcloud.endpoint("cloudresourcemanager"),
                };
                let server = metadata_server(Arc::clone(&tokens), instance);
                Some(server.await?)
            }
            false => None,
        };

        let target = tokens.target();
        let contract = env::Contract {
            session: id.to_string(),
            account: target.account.to_string(),
            delegates: target.delegates.iter().map(ToString::to_string).collect(),
            expires_at: rfc3339(tokens.ends_at()),
            reason_header: target.reason_header(),
            grant: options.grant.map(str::to_owned),
            broker: tokens.broker().map(str::to_owned),
        };
        let env = env::child_env(
            user_env,
            &env::ChildSettings {
                contract: &contract,
                gcloud_dir: &gcloud_dir,
                credentials_file: &credentials_file,
                boto_file: &boto_file,
                kube_cache: &kube_cache,
                kubeconfig: &kubeconfig,
                project: session_project,
                proxy: proxy.as_ref().map(proxy::SessionProxy::child),
                metadata_host: metadata.as_ref().map(MetadataServer::host).as_deref(),
            },
        );
        Ok(Self {
            metadata,
            proxy,
            endpoint,
            dir,
            watchdog,
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
        command
            .env_clear()
            .envs(self.env.iter())
            .process_group(self.watchdog.group());
        command
    }

    /// Stops the servers and removes every file of the session.
    pub async fn close(self) {
        if let Some(metadata) = self.metadata {
            metadata.stop().await;
        }
        if let Some(proxy) = self.proxy {
            proxy.stop().await;
        }
        self.endpoint.stop().await;
        drop(self.dir);
        drop(self.watchdog);
    }
}

/// The session's kubeconfig: the user's, merged, with GKE users going through the session, plus
/// the cluster named with --gke-cluster, fetched as the service account.
async fn kubeconfig(
    tokens: &SessionTokens,
    user_env: &Env,
    user_gcloud: &Gcloud,
    options: &Options<'_>,
    gcloud_dir: &std::path::Path,
) -> Result<serde_json::Value, SessionError> {
    let mut config = kube::merged(&kube::user_files(user_env))?;
    kube::rewrite_gke_users(&mut config, gcloud_dir);
    if let Some((name, location)) = options.gke_cluster {
        let project = options
            .project
            .map(str::to_owned)
            .or_else(|| user_gcloud.project())
            .ok_or_else(|| kube::KubeError::NoProject { name: name.clone() })?;
        let token = tokens.current().await?;
        let cluster = kube::fetch_cluster(
            tokens.http(),
            &user_gcloud.endpoint("container"),
            &token.secret,
            &tokens.reason_header(),
            kube::ClusterName {
                project: &project,
                location,
                name,
            },
        )
        .await?;
        kube::add_gke_cluster(&mut config, &cluster, gcloud_dir);
    }
    Ok(config)
}
