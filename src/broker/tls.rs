//! HTTPS for a broker that runs standalone (`--tls-cert`, `--tls-key`). On Cloud Run and behind
//! a Kubernetes ingress TLS ends before the broker, which then serves plain HTTP.

use std::convert::Infallible;
use std::future::Future;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::server::conn::auto;
use rustls::ServerConfig;
use rustls::pki_types::pem::PemObject as _;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use tokio::net::TcpListener;
use tokio::task::JoinSet;
use tokio_rustls::TlsAcceptor;
use tower_service::Service as _;

/// A client gets this long to finish its TLS handshake.
const HANDSHAKE: Duration = Duration::from_secs(10);

/// After the stop signal, requests in flight get this long to finish.
const GRACE: Duration = Duration::from_secs(8);

/// The certificate chain and key could not be used.
#[derive(Debug, thiserror::Error)]
#[error("cannot use the TLS certificate {cert} and key {key}: {why}")]
pub struct TlsError {
    cert: String,
    key: String,
    why: String,
}

/// A TLS acceptor for the PEM certificate chain and private key.
pub fn acceptor(cert: &Path, key: &Path) -> Result<TlsAcceptor, TlsError> {
    let failed = |why: String| TlsError {
        cert: cert.display().to_string(),
        key: key.display().to_string(),
        why,
    };
    let chain = CertificateDer::pem_file_iter(cert)
        .and_then(|certs| certs.collect::<Result<Vec<_>, _>>())
        .map_err(|e| failed(e.to_string()))?;
    if chain.is_empty() {
        return Err(failed("the certificate file holds no certificate".into()));
    }
    let key = PrivateKeyDer::from_pem_file(key).map_err(|e| failed(e.to_string()))?;
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let mut config = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| failed(e.to_string()))?
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .map_err(|e| failed(e.to_string()))?;
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(TlsAcceptor::from(Arc::new(config)))
}

/// Serves `router` over TLS until `stop`, then gives requests in flight [`GRACE`] to finish.
pub async fn serve(
    listener: TcpListener,
    acceptor: TlsAcceptor,
    router: axum::Router,
    stop: impl Future<Output = ()>,
) {
    let mut connections = JoinSet::new();
    tokio::pin!(stop);
    loop {
        tokio::select! {
            () = &mut stop => break,
            accepted = listener.accept() => {
                let Ok((stream, _)) = accepted else { continue };
                let (acceptor, router) = (acceptor.clone(), router.clone());
                connections.spawn(async move {
                    let _ = stream.set_nodelay(true);
                    let Ok(Ok(tls)) = tokio::time::timeout(HANDSHAKE, acceptor.accept(stream)).await
                    else {
                        return;
                    };
                    let service = service_fn(move |req: hyper::Request<Incoming>| {
                        let mut router = router.clone();
                        async move {
                            let Ok(response) = router.call(req).await;
                            Ok::<_, Infallible>(response)
                        }
                    });
                    let _ = auto::Builder::new(TokioExecutor::new())
                        .serve_connection(TokioIo::new(tls), service)
                        .await;
                });
            }
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
    // Idle keep-alive connections would wait forever; requests in flight get the grace period.
    let _ = tokio::time::timeout(GRACE, async {
        while connections.join_next().await.is_some() {}
    })
    .await;
}
