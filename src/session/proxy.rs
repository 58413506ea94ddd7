//! The session's side of the auth-rewriting proxy: starting it for the user's configuration,
//! writing the child's trust files, and what the child's environment and gcloud learn of it.

use std::path::PathBuf;
use std::sync::Arc;

use super::{SessionError, dir, env, gcloud};
use crate::auth::SessionTokens;
use crate::config::{Env, Gcloud, ProxySettings};
use crate::serve::proxy::{self, Proxy};
use crate::types::{Secret, SessionId};
use crate::ui;

/// A running proxy and the files that make the child use and trust it.
pub struct SessionProxy {
    proxy: Proxy,
    url: Secret,
    no_proxy: String,
    ca_bundle: PathBuf,
    node_extra_ca: PathBuf,
}

impl SessionProxy {
    /// Starts the proxy for the user's Google API hosts and writes `ca-bundle.pem` (what the
    /// child trusted before, plus the session CA), `node-extra-ca.pem`, and the word a gsudo
    /// nested in the session reads about its proxy (`Enclosing`).
    pub async fn start(
        id: &SessionId,
        tokens: &Arc<SessionTokens>,
        user_env: &Env,
        user_gcloud: &Gcloud,
        settings: &ProxySettings,
        dir: &dir::SessionDir,
    ) -> Result<Self, SessionError> {
        let allowlist = proxy::Allowlist::new(
            &user_gcloud.universe_domain(),
            user_gcloud.endpoint_overrides().iter().map(String::as_str),
        )
        .map_err(proxy::ProxyError::from)?;
        let (upstream_proxy, warning) = proxy::UpstreamProxy::from_user(user_env, user_gcloud);
        if let Some(warning) = warning {
            ui::warn(&warning);
        }
        let no_proxy =
            allowlist.child_no_proxy(user_env.get("no_proxy").or(user_env.get("NO_PROXY")));
        let proxy = proxy::proxy(proxy::ProxyConfig {
            tokens: Arc::clone(tokens),
            reason_header: &tokens.reason_header(),
            session: id.as_str(),
            ends_at: tokens.ends_at(),
            allowlist,
            mappings: &settings.mappings,
            upstream_ca_file: settings.upstream_ca_file.clone(),
            upstream_proxy: upstream_proxy.clone(),
            env: user_env,
        })
        .await?;
        let enclosing = proxy::Enclosing {
            proxy: proxy.addr().to_string(),
            upstream: upstream_proxy,
        };
        dir.subdir("gcloud")?;
        dir.write(
            &format!("gcloud/{}", proxy::Enclosing::FILE),
            &serde_json::to_vec(&enclosing).unwrap_or_default(),
        )?;
        let trust = proxy::ChildTrust::assemble(user_env, user_gcloud, proxy.ca_pem());
        for path in &trust.unreadable {
            ui::debug(&format!(
                "the CA bundle {path} cannot be read; the session's bundle leaves it out"
            ));
        }
        Ok(Self {
            url: proxy.url(),
            no_proxy,
            ca_bundle: dir.write("ca-bundle.pem", trust.bundle.as_bytes())?,
            node_extra_ca: dir.write("node-extra-ca.pem", trust.node_extra.as_bytes())?,
            proxy,
        })
    }

    /// gcloud's `proxy/*` and `core/custom_ca_certs_file` properties.
    pub fn gcloud(&self) -> gcloud::GcloudProxy<'_> {
        gcloud::GcloudProxy {
            port: self.proxy.addr().port(),
            ca_bundle: &self.ca_bundle,
        }
    }

    /// The child's proxy and CA variables.
    pub fn child(&self) -> env::ChildProxy<'_> {
        env::ChildProxy {
            url: self.url.expose(),
            no_proxy: &self.no_proxy,
            ca_bundle: &self.ca_bundle,
            node_extra_ca: &self.node_extra_ca,
        }
    }

    pub async fn stop(self) {
        self.proxy.stop().await;
    }
}
