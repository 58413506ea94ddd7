//! The emulator over HTTPS, with a CA of its own, HTTP/2 and HTTP/1.1 by ALPN: what gsudo's
//! proxy meets upstream in tests, standing in for `*.googleapis.com`, and the API server of
//! every emulated GKE cluster, which kubectl reaches only over HTTPS.
//!
//! The CA certificate is written to a file so tests can hand it to `--upstream-ca-file`; its
//! key, like the leaf's, stays in memory.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::extract::ConnectInfo;
use hyper::body::Incoming;
use hyper::header::{HeaderName, HeaderValue};
use hyper::service::service_fn;
use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::server::conn::auto;
use rcgen::{
    BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair,
    KeyUsagePurpose, PKCS_ECDSA_P256_SHA256,
};
use rustls::ServerConfig;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::{JoinHandle, JoinSet};
use tokio_rustls::TlsAcceptor;
use tower_service::Service as _;

use super::call::ApiServer;
use super::{Emulator, EmulatorError};

/// The names the emulator's certificate covers: loopback, and every Google API host (tests
/// map them to the emulator with `--proxy-resolve`), besides the DNS endpoints of the world's
/// clusters.
const NAMES: &[&str] = &[
    "localhost",
    "127.0.0.1",
    "::1",
    "googleapis.com",
    "*.googleapis.com",
];

/// The response header naming the HTTP version the request arrived in.
const PROTOCOL: HeaderName = HeaderName::from_static("x-emulator-protocol");

/// The emulator's HTTPS listener; dropping it stops it.
pub struct Https {
    addr: SocketAddr,
    ca_file: PathBuf,
    _stop: oneshot::Sender<()>,
    _server: JoinHandle<()>,
}

impl Https {
    /// `https://ADDR/`
    pub fn base_url(&self) -> String {
        format!("https://{}/", self.addr)
    }

    /// The PEM file of the CA that signed the emulator's certificate.
    pub fn ca_file(&self) -> &Path {
        &self.ca_file
    }
}

impl Emulator {
    /// Serves the same APIs over HTTPS on `listen`, writing its CA certificate to `ca_file`.
    pub async fn serve_https(
        &self,
        listen: SocketAddr,
        ca_file: &Path,
    ) -> Result<Https, EmulatorError> {
        let tls = |error: String| EmulatorError::Tls(error);
        let endpoints: Vec<String> = (self.state.world.clusters().iter())
            .filter_map(|c| c.dns_endpoint.clone())
            .collect();
        let (config, ca_pem) = server_config(&endpoints).map_err(tls)?;
        std::fs::write(ca_file, &ca_pem).map_err(|e| tls(format!("{}: {e}", ca_file.display())))?;
        let listen_error = |error| EmulatorError::Listen {
            addr: listen,
            error,
        };
        let listener = TcpListener::bind(listen).await.map_err(listen_error)?;
        let addr = listener.local_addr().map_err(listen_error)?;
        // Clusters asked for from now on name this listener as their endpoint.
        *self
            .state
            .api_server
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(ApiServer { addr, ca_pem });
        let (stop, stopped) = oneshot::channel();
        let server = tokio::spawn(accept(
            listener,
            TlsAcceptor::from(Arc::new(config)),
            self.routes.clone(),
            stopped,
        ));
        Ok(Https {
            addr,
            ca_file: ca_file.to_owned(),
            _stop: stop,
            _server: server,
        })
    }
}

async fn accept(
    listener: TcpListener,
    acceptor: TlsAcceptor,
    routes: axum::Router,
    mut stopped: oneshot::Receiver<()>,
) {
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            _ = &mut stopped => break,
            accepted = listener.accept() => {
                let Ok((stream, peer)) = accepted else { continue };
                let (acceptor, routes) = (acceptor.clone(), routes.clone());
                connections.spawn(async move {
                    let _ = stream.set_nodelay(true);
                    let Ok(tls) = acceptor.accept(stream).await else { return };
                    // The API handlers read the caller's address, as they do over plain HTTP.
                    let service = service_fn(move |mut req: hyper::Request<Incoming>| {
                        req.extensions_mut().insert(ConnectInfo(peer));
                        let version = format!("{:?}", req.version());
                        let mut routes = routes.clone();
                        async move {
                            let Ok(mut response) = routes.call(req).await;
                            // Lets tests see which protocol reached the emulator through a proxy.
                            if let Ok(value) = HeaderValue::from_str(&version) {
                                response.headers_mut().insert(PROTOCOL, value);
                            }
                            Ok::<_, Infallible>(response)
                        }
                    });
                    let _ = auto::Builder::new(TokioExecutor::new())
                        .serve_connection_with_upgrades(TokioIo::new(tls), service)
                        .await;
                });
            }
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
}

/// A fresh CA and a leaf for [`NAMES`] signed by it; returns the server configuration and the
/// CA certificate.
fn server_config(extra_names: &[String]) -> Result<(ServerConfig, String), String> {
    let text = |e: rcgen::Error| e.to_string();
    let ca_key = KeyPair::generate_for(&PKCS_ECDSA_P256_SHA256).map_err(text)?;
    let mut ca = CertificateParams::default();
    ca.distinguished_name
        .push(DnType::CommonName, "gsudo emulator CA");
    ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    let ca_pem = ca.self_signed(&ca_key).map_err(text)?.pem();
    let issuer = Issuer::new(ca, ca_key);

    let key = KeyPair::generate_for(&PKCS_ECDSA_P256_SHA256).map_err(text)?;
    let names = NAMES.iter().map(|n| (*n).to_owned());
    let mut leaf =
        CertificateParams::new(names.chain(extra_names.iter().cloned()).collect::<Vec<_>>())
            .map_err(text)?;
    leaf.distinguished_name = rcgen::DistinguishedName::new();
    leaf.distinguished_name
        .push(DnType::CommonName, "gsudo emulator");
    leaf.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    leaf.use_authority_key_identifier_extension = true;
    let cert = leaf.signed_by(&key, &issuer).map_err(text)?;

    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let mut config = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?
        .with_no_client_auth()
        .with_single_cert(
            vec![CertificateDer::from(cert.der().to_vec())],
            PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der())),
        )
        .map_err(|e| e.to_string())?;
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok((config, ca_pem))
}
