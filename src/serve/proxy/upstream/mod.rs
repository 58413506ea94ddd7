//! The proxy's side toward Google: TCP (direct, mapped, or through the user's own proxy) and
//! TLS that is always verified, handed to a pooled HTTP/1.1 + HTTP/2 client.
//!
//! `roots` says which certificates upstream TLS trusts, `user_proxy` which proxy of the user's
//! the connection goes through, and `connector` hands verified streams to the pooled client.

mod connector;
mod roots;
mod user_proxy;

use std::io;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use rustls::pki_types::ServerName;
use rustls::{ClientConfig, RootCertStore};
use tokio::net::TcpStream;
use tokio::task::JoinHandle;
use tokio_rustls::TlsConnector;
use tokio_rustls::client::TlsStream;

use super::hosts::Resolver;

pub use connector::Connector;
pub use roots::{TrustError, TrustFiles, system_bundle, trust_files};
pub use user_proxy::{Enclosing, UpstreamProxy};

/// How long one TCP connect (or the user's proxy's CONNECT answer) may take.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(15);

/// Why no connection to an upstream host was made; the client gets it in a 502.
#[derive(Debug, thiserror::Error)]
pub enum UpstreamError {
    #[error("cannot connect to {target}: {source}")]
    Connect { target: String, source: io::Error },
    #[error("the proxy {proxy} refused to connect to {target}: {status}")]
    ProxyRefused {
        proxy: String,
        target: String,
        status: String,
    },
    #[error("the certificate of {host} is not trusted, so gsudo sent nothing there ({reason})")]
    Untrusted { host: String, reason: String },
    #[error("TLS with {host} failed: {source}")]
    Tls { host: String, source: io::Error },
    #[error("'{host}' is not a valid host name")]
    BadHost { host: String },
    #[error("gsudo's proxy could not load the certificates it verifies Google with: {why}")]
    Roots { why: String },
}

/// Opens connections to upstream hosts.
pub struct Upstream {
    resolver: Resolver,
    proxy: Option<UpstreamProxy>,
    /// The TLS connectors, built from the trust roots on a blocking thread from the proxy's
    /// start (parsing a system bundle's certificates is most of what the proxy adds to a
    /// session's start), so that the command starts meanwhile; the first TLS connection waits.
    tls: tokio::sync::OnceCell<Result<Connectors, String>>,
    building: Mutex<Option<JoinHandle<Result<Connectors, String>>>>,
}

struct Connectors {
    /// Offers h2 and http/1.1, for the pool.
    both: TlsConnector,
    /// Offers http/1.1 only, for upgrades (websockets) that need their own connection.
    http1: TlsConnector,
}

impl Connectors {
    fn new(
        roots: RootCertStore,
        provider: Arc<rustls::crypto::CryptoProvider>,
    ) -> Result<Self, rustls::Error> {
        let mut config = ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()?
            .with_root_certificates(roots)
            .with_no_client_auth();
        config.alpn_protocols = vec![b"http/1.1".to_vec()];
        let http1 = TlsConnector::from(Arc::new(config.clone()));
        config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
        Ok(Self {
            both: TlsConnector::from(Arc::new(config)),
            http1,
        })
    }
}

impl Upstream {
    /// Starts building the TLS connectors from `trust` in the background; call it inside the
    /// proxy's runtime.
    pub fn new(
        resolver: Resolver,
        proxy: Option<UpstreamProxy>,
        trust: TrustFiles,
        provider: Arc<rustls::crypto::CryptoProvider>,
    ) -> Self {
        let building = tokio::task::spawn_blocking(move || {
            Connectors::new(trust.store(), provider).map_err(|e| e.to_string())
        });
        Self {
            resolver,
            proxy,
            tls: tokio::sync::OnceCell::new(),
            building: Mutex::new(Some(building)),
        }
    }

    async fn connectors(&self) -> Result<&Connectors, UpstreamError> {
        let built = self
            .tls
            .get_or_init(|| async {
                let building = self
                    .building
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .take();
                match building {
                    Some(building) => building.await.unwrap_or_else(|e| Err(e.to_string())),
                    // get_or_init runs this once; nothing else takes the handle.
                    None => Err("the trust roots were never loaded".to_owned()),
                }
            })
            .await;
        built
            .as_ref()
            .map_err(|why| UpstreamError::Roots { why: why.clone() })
    }

    /// A TCP stream to `host:port`: to the mapped address if there is one, else through the
    /// user's proxy unless their NO_PROXY says otherwise, else directly.
    pub async fn tcp(&self, host: &str, port: u16) -> Result<TcpStream, UpstreamError> {
        let target = format!("{}:{port}", bracket(host));
        let connect = |address: String| async move {
            let stream = tokio::time::timeout(CONNECT_TIMEOUT, TcpStream::connect(&address))
                .await
                .unwrap_or_else(|_| Err(io::ErrorKind::TimedOut.into()))
                .map_err(|source| UpstreamError::Connect {
                    target: address,
                    source,
                })?;
            let _ = stream.set_nodelay(true);
            Ok::<_, UpstreamError>(stream)
        };
        if let Some(address) = self.resolver.mapped(host, port) {
            return connect(address.to_owned()).await;
        }
        match &self.proxy {
            Some(proxy) if !proxy.bypasses(host) => {
                let mut stream = connect(proxy.address.clone()).await?;
                tokio::time::timeout(
                    CONNECT_TIMEOUT,
                    user_proxy::tunnel(&mut stream, proxy, &target),
                )
                .await
                .unwrap_or_else(|_| {
                    Err(UpstreamError::ProxyRefused {
                        proxy: proxy.address.clone(),
                        target: target.clone(),
                        status: "no answer in time".into(),
                    })
                })?;
                Ok(stream)
            }
            _ => connect(target).await,
        }
    }

    /// A verified TLS stream to `host:port`; with `http1_only` it offers no h2.
    pub async fn tls(
        &self,
        host: &str,
        port: u16,
        http1_only: bool,
    ) -> Result<TlsStream<TcpStream>, UpstreamError> {
        let name = ServerName::try_from(host.to_owned()).map_err(|_| UpstreamError::BadHost {
            host: host.to_owned(),
        })?;
        let connectors = self.connectors().await?;
        let tcp = self.tcp(host, port).await?;
        let connector = if http1_only {
            &connectors.http1
        } else {
            &connectors.both
        };
        connector.connect(name, tcp).await.map_err(|source| {
            // tokio-rustls wraps the rustls error; a certificate problem is worth its own words.
            let reason = source
                .get_ref()
                .and_then(|e| e.downcast_ref::<rustls::Error>())
                .and_then(|e| match e {
                    rustls::Error::InvalidCertificate(why) => Some(format!("{why:?}")),
                    _ => None,
                });
            match reason {
                Some(reason) => UpstreamError::Untrusted {
                    host: host.to_owned(),
                    reason,
                },
                None => UpstreamError::Tls {
                    host: host.to_owned(),
                    source,
                },
            }
        })
    }
}

fn bracket(host: &str) -> String {
    if host.contains(':') && !host.starts_with('[') {
        format!("[{host}]")
    } else {
        host.to_owned()
    }
}
