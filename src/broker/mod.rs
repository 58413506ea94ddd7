//! `gsudo broker serve`: the organization's broker, the one place that holds Token Creator on
//! the privileged accounts. It proves who calls (a Google-signed ID token), checks the
//! organization's policy, mints with its own identity and logs the decision. Stateless: any
//! number of instances can run behind a load balancer.

mod accept;
mod limit;
mod log;
pub mod policy;
mod server;
mod tls;
pub mod verify;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

pub use accept::HEAD_TIMEOUT;
pub use limit::Rate;
pub use server::Minting;

use limit::Limiter;
use log::DecisionLog;
use policy::Policy;
use server::Broker;
use verify::{Trust, Verifier};

/// Why the broker could not start or stopped serving.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error(transparent)]
    Log(#[from] log::LogError),
    #[error("cannot listen on {addr}: {source}")]
    Listen {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("cannot set up HTTPS for fetching Google's keys: {0}")]
    Http(String),
    #[error(transparent)]
    Tls(#[from] tls::TlsError),
}

/// How to run one broker.
pub struct Options {
    pub listen: SocketAddr,
    pub policy: Policy,
    pub trust: Trust,
    pub rate: Rate,
    pub decision_log: Option<PathBuf>,
    /// The Google Cloud project, for the trace field of the decision log.
    pub project: Option<String>,
    /// PEM certificate chain and key, to serve HTTPS standalone.
    pub tls: Option<(PathBuf, PathBuf)>,
    /// How long a client may take to send a request head.
    pub head_timeout: std::time::Duration,
}

/// Serves until SIGTERM or SIGINT, then finishes the requests in flight.
pub async fn serve(options: Options, minting: Minting) -> Result<(), ServeError> {
    let http = reqwest::Client::builder()
        .user_agent(concat!("gsudo-broker/", env!("CARGO_PKG_VERSION")))
        .connect_timeout(std::time::Duration::from_secs(10))
        .timeout(std::time::Duration::from_secs(20))
        .build()
        .map_err(|e| ServeError::Http(crate::google::root_cause(&e)))?;
    let log = DecisionLog::open(options.decision_log.as_deref(), options.project)?;
    let acceptor = match &options.tls {
        Some((cert, key)) => Some(tls::acceptor(cert, key)?),
        None => None,
    };
    let listener = tokio::net::TcpListener::bind(options.listen)
        .await
        .map_err(|source| ServeError::Listen {
            addr: options.listen,
            source,
        })?;
    let addr = listener.local_addr().map_err(|source| ServeError::Listen {
        addr: options.listen,
        source,
    })?;
    let rules = options.policy.rules.len();
    let policy_path = options.policy.path.display().to_string();
    let broker = Arc::new(Broker {
        policy: options.policy,
        verifier: Verifier::new(options.trust, http),
        minting,
        log,
        limiter: Limiter::new(options.rate),
    });
    let scheme = if acceptor.is_some() { "https" } else { "http" };
    broker.log.notice(&format!(
        "gsudo broker listening on {scheme}://{addr}/ with {rules} rules from {policy_path}"
    ));
    let router = server::router(Arc::clone(&broker));
    accept::serve(
        listener,
        acceptor,
        router,
        options.head_timeout,
        stop_signal(),
    )
    .await;
    broker.log.notice("gsudo broker stopped");
    Ok(())
}

/// SIGTERM (Cloud Run and Kubernetes stop containers with it) or SIGINT.
async fn stop_signal() {
    use tokio::signal::unix::{SignalKind, signal};
    match signal(SignalKind::terminate()) {
        Ok(mut term) => {
            tokio::select! {
                _ = term.recv() => {}
                _ = tokio::signal::ctrl_c() => {}
            }
        }
        // Without a SIGTERM handler, SIGINT still stops the broker gracefully.
        Err(_) => {
            let _ = tokio::signal::ctrl_c().await;
        }
    }
}
