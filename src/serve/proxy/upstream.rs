//! The proxy's side toward Google: TCP (direct, mapped, or through the user's own proxy) and
//! TLS that is always verified, handed to a pooled HTTP/1.1 + HTTP/2 client.

use std::future::Future;
use std::io;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use base64::Engine as _;
use hyper_util::client::legacy::connect::{Connected, Connection};
use rustls::pki_types::pem::PemObject as _;
use rustls::pki_types::{CertificateDer, ServerName};
use rustls::{ClientConfig, RootCertStore};
use tokio::io::{AsyncRead, AsyncReadExt as _, AsyncWrite, AsyncWriteExt as _, ReadBuf};
use tokio::net::TcpStream;
use tokio_rustls::TlsConnector;
use tokio_rustls::client::TlsStream;

use super::hosts::Resolver;
use crate::config::{Env, Gcloud};

/// How long one TCP connect (or the user's proxy's CONNECT answer) may take.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(15);

/// Where the machine's CA bundle usually is, when the environment names none (the paths
/// OpenSSL and Go probe on Linux distributions).
const SYSTEM_BUNDLES: &[&str] = &[
    "/etc/ssl/certs/ca-certificates.crt",
    "/etc/pki/tls/certs/ca-bundle.crt",
    "/etc/ssl/ca-bundle.pem",
    "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem",
    "/etc/ssl/cert.pem",
];

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
}

/// Why the proxy's upstream side could not be set up.
#[derive(Debug, thiserror::Error)]
pub enum TrustError {
    #[error("cannot read the CA file {}: {source}", path.display())]
    Read { path: PathBuf, source: io::Error },
    #[error("the CA file {} holds no PEM certificate", path.display())]
    Empty { path: PathBuf },
    #[error("no system CA bundle was found (looked at SSL_CERT_FILE and {})", SYSTEM_BUNDLES.join(", "))]
    NoSystemBundle,
}

/// The machine's CA bundle: `SSL_CERT_FILE` when the user's environment names one, else the
/// distribution's bundle.
pub fn system_bundle(env: &Env) -> Option<PathBuf> {
    env.path("SSL_CERT_FILE")
        .filter(|p| p.is_file())
        .or_else(|| {
            SYSTEM_BUNDLES
                .iter()
                .map(PathBuf::from)
                .find(|p| p.is_file())
        })
}

fn read_certs(path: &Path) -> Result<Vec<CertificateDer<'static>>, TrustError> {
    let pem = super::trust::read_ca_file(path).map_err(|source| TrustError::Read {
        path: path.to_owned(),
        source,
    })?;
    let certs: Vec<_> = CertificateDer::pem_slice_iter(&pem)
        .filter_map(Result::ok)
        .collect();
    if certs.is_empty() {
        return Err(TrustError::Empty {
            path: path.to_owned(),
        });
    }
    Ok(certs)
}

/// The roots upstream certificates are verified against: the system's, plus `extra`, less any
/// gsudo session CA. Inside a session the system bundle (`SSL_CERT_FILE`) is that session's,
/// which holds its CA; a nested session's proxy must not trust it, or the enclosing proxy could
/// stand in for Google and swap in its own account's token.
pub fn roots(env: &Env, extra: Option<&Path>) -> Result<RootCertStore, TrustError> {
    let mut store = RootCertStore::empty();
    let system = system_bundle(env).ok_or(TrustError::NoSystemBundle)?;
    // A bundle may hold a certificate rustls cannot use; skipping it is what OpenSSL does too.
    store.add_parsable_certificates(read_certs(&system)?);
    if let Some(extra) = extra {
        store.add_parsable_certificates(read_certs(extra)?);
    }
    store
        .roots
        .retain(|anchor| !is_session_ca(anchor.subject.as_ref()));
    Ok(store)
}

/// Whether a certificate subject (DER) is a gsudo session CA's, named `gsudo session ID` by
/// `ca::SessionCa`. Leaving out a certificate can only make the proxy trust less.
fn is_session_ca(subject: &[u8]) -> bool {
    const NAME: &[u8] = b"gsudo session ";
    subject.windows(NAME.len()).any(|w| w == NAME)
}

/// What a session tells a gsudo nested in it about its proxy, in a file of the session's gcloud
/// configuration directory (which the nested gsudo reads as its user's): where the proxy
/// listens, and the user's own proxy it goes through. The nested session's proxy then goes
/// through the user's proxy too, never through the enclosing one, which would put the enclosing
/// account's token and reason on its calls.
#[derive(Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Enclosing {
    /// `127.0.0.1:PORT`
    pub proxy: String,
    pub upstream: Option<UpstreamProxy>,
}

impl Enclosing {
    /// The file's name in the session's gcloud directory.
    pub const FILE: &str = "gsudo-proxy.json";

    /// The enclosing session's file, if `gcloud` is a session's configuration.
    fn read(gcloud: &Gcloud) -> Option<Self> {
        let text = std::fs::read(gcloud.dir.join(Self::FILE)).ok()?;
        serde_json::from_slice(&text).ok()
    }
}

/// The user's own HTTP proxy, which gsudo's proxy then goes through.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct UpstreamProxy {
    /// `host:port`
    address: String,
    /// `Basic ...` for the user's proxy, if it wants credentials.
    authorization: Option<String>,
    /// The user's NO_PROXY entries, for hosts reached directly.
    no_proxy: Vec<String>,
}

impl UpstreamProxy {
    /// The proxy gcloud's `proxy/*` properties name (they win in gcloud, docs/google-cloud-facts.md §3), else
    /// `https_proxy`/`HTTPS_PROXY`/`all_proxy`. Returns a warning for a proxy gsudo cannot
    /// chain to. Inside a gsudo session, a proxy that is the session's own is replaced by the
    /// one that session goes through (`Enclosing`); where the session left no word, the
    /// environment's proxy is taken to be the session's and not chained to.
    pub fn from_user(env: &Env, gcloud: &Gcloud) -> (Option<Self>, Option<String>) {
        let (found, warning) = Self::named(env, gcloud);
        if env.get("GSUDO_SESSION").is_none() {
            return (found, warning);
        }
        let from_gcloud = ["type", "address", "port"]
            .iter()
            .all(|key| gcloud.property("proxy", key).is_some());
        match (Enclosing::read(gcloud), found) {
            (Some(enclosing), Some(found)) if found.address == enclosing.proxy => {
                (enclosing.upstream, None)
            }
            (None, _) if !from_gcloud => (None, None),
            (_, found) => (found, warning),
        }
    }

    /// The proxy the user's gcloud properties, else environment, name.
    fn named(env: &Env, gcloud: &Gcloud) -> (Option<Self>, Option<String>) {
        let no_proxy: Vec<String> = env
            .get("no_proxy")
            .or_else(|| env.get("NO_PROXY"))
            .unwrap_or_default()
            .split(',')
            .map(|e| e.trim().to_ascii_lowercase())
            .filter(|e| !e.is_empty())
            .collect();
        if let (Some(kind), Some(address), Some(port)) = (
            gcloud.property("proxy", "type"),
            gcloud.property("proxy", "address"),
            gcloud.property("proxy", "port"),
        ) {
            if kind != "http" {
                return (
                    None,
                    Some(format!(
                        "gsudo's proxy cannot chain to your gcloud {kind} proxy; it connects directly"
                    )),
                );
            }
            let authorization = gcloud.property("proxy", "username").map(|user| {
                basic(
                    &user,
                    &gcloud.property("proxy", "password").unwrap_or_default(),
                )
            });
            return (
                Some(Self {
                    address: format!("{address}:{port}"),
                    authorization,
                    no_proxy,
                }),
                None,
            );
        }
        let Some(raw) = ["https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"]
            .iter()
            .find_map(|v| env.get(v))
        else {
            return (None, None);
        };
        match Self::parse(raw, no_proxy) {
            Some(proxy) => (Some(proxy), None),
            None => (
                None,
                Some("gsudo's proxy can only chain to an http:// proxy, not the one your environment names; it connects directly".to_owned()),
            ),
        }
    }

    fn parse(raw: &str, no_proxy: Vec<String>) -> Option<Self> {
        let with_scheme = if raw.contains("://") {
            raw.to_owned()
        } else {
            format!("http://{raw}")
        };
        let url = url::Url::parse(&with_scheme).ok()?;
        if url.scheme() != "http" {
            return None;
        }
        let host = url.host_str()?;
        let port = url.port().unwrap_or(80);
        let authorization = (!url.username().is_empty()).then(|| {
            basic(
                &percent_decode(url.username()),
                &url.password().map(percent_decode).unwrap_or_default(),
            )
        });
        Some(Self {
            address: format!("{host}:{port}"),
            authorization,
            no_proxy,
        })
    }

    /// Whether the user's NO_PROXY sends `host` around their proxy.
    fn bypasses(&self, host: &str) -> bool {
        let host = host.to_ascii_lowercase();
        self.no_proxy.iter().any(|entry| {
            let domain = entry.trim_start_matches("*.").trim_start_matches('.');
            entry == "*" || host == domain || host.ends_with(&format!(".{domain}"))
        })
    }
}

fn percent_decode(s: &str) -> String {
    // form_urlencoded would also turn '+' into a space, which userinfo does not mean.
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn basic(user: &str, password: &str) -> String {
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"))
    )
}

/// Opens connections to upstream hosts.
pub struct Upstream {
    resolver: Resolver,
    proxy: Option<UpstreamProxy>,
    /// Offers h2 and http/1.1, for the pool.
    tls: TlsConnector,
    /// Offers http/1.1 only, for upgrades (websockets) that need their own connection.
    tls_http1: TlsConnector,
}

impl Upstream {
    pub fn new(
        resolver: Resolver,
        proxy: Option<UpstreamProxy>,
        roots: RootCertStore,
        provider: Arc<rustls::crypto::CryptoProvider>,
    ) -> Result<Self, rustls::Error> {
        let mut config = ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()?
            .with_root_certificates(roots)
            .with_no_client_auth();
        config.alpn_protocols = vec![b"http/1.1".to_vec()];
        let tls_http1 = TlsConnector::from(Arc::new(config.clone()));
        config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
        Ok(Self {
            resolver,
            proxy,
            tls: TlsConnector::from(Arc::new(config)),
            tls_http1,
        })
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
                tokio::time::timeout(CONNECT_TIMEOUT, tunnel(&mut stream, proxy, &target))
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
        let tcp = self.tcp(host, port).await?;
        let connector = if http1_only {
            &self.tls_http1
        } else {
            &self.tls
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

/// Asks the user's proxy for a tunnel to `target` and reads its answer, byte by byte so that
/// nothing after the answer's head is consumed.
async fn tunnel(
    stream: &mut TcpStream,
    proxy: &UpstreamProxy,
    target: &str,
) -> Result<(), UpstreamError> {
    let refused = |status: String| UpstreamError::ProxyRefused {
        proxy: proxy.address.clone(),
        target: target.to_owned(),
        status,
    };
    let io_error = |source| UpstreamError::Connect {
        target: proxy.address.clone(),
        source,
    };
    let mut request = format!("CONNECT {target} HTTP/1.1\r\nHost: {target}\r\n");
    if let Some(auth) = &proxy.authorization {
        request.push_str(&format!("Proxy-Authorization: {auth}\r\n"));
    }
    request.push_str("\r\n");
    stream
        .write_all(request.as_bytes())
        .await
        .map_err(io_error)?;
    let mut head = Vec::with_capacity(256);
    while !head.ends_with(b"\r\n\r\n") {
        if head.len() > 16 * 1024 {
            return Err(refused("an answer too long to be HTTP".into()));
        }
        let byte = stream.read_u8().await.map_err(io_error)?;
        head.push(byte);
    }
    let status_line = String::from_utf8_lossy(&head)
        .lines()
        .next()
        .unwrap_or_default()
        .to_owned();
    let code = status_line.split_whitespace().nth(1).unwrap_or_default();
    if code == "200" {
        Ok(())
    } else {
        Err(refused(status_line))
    }
}

/// A verified TLS connection the pooled client may use, telling it whether h2 was agreed.
pub struct Verified(TlsStream<TcpStream>);

impl Connection for Verified {
    fn connected(&self) -> Connected {
        let connected = Connected::new();
        if self.0.get_ref().1.alpn_protocol() == Some(b"h2") {
            connected.negotiated_h2()
        } else {
            connected
        }
    }
}

impl AsyncRead for Verified {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.0).poll_read(cx, buf)
    }
}

impl AsyncWrite for Verified {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.0).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.0).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.0.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.0).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.0).poll_shutdown(cx)
    }
}

/// The pooled client's connector: `https://host:port` URIs to verified TLS streams, offering
/// h2 in ALPN unless `http1_only`.
#[derive(Clone)]
pub struct Connector {
    pub upstream: Arc<Upstream>,
    pub http1_only: bool,
}

type Connecting =
    Pin<Box<dyn Future<Output = Result<hyper_util::rt::TokioIo<Verified>, UpstreamError>> + Send>>;

impl tower_service::Service<hyper::Uri> for Connector {
    type Response = hyper_util::rt::TokioIo<Verified>;
    type Error = UpstreamError;
    type Future = Connecting;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, uri: hyper::Uri) -> Self::Future {
        let (upstream, http1_only) = (Arc::clone(&self.upstream), self.http1_only);
        Box::pin(async move {
            let host = uri.host().unwrap_or_default().to_owned();
            let port = uri.port_u16().unwrap_or(443);
            let tls = upstream.tls(&host, port, http1_only).await?;
            Ok(hyper_util::rt::TokioIo::new(Verified(tls)))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_users_proxy_url_is_understood() {
        let p = UpstreamProxy::parse("http://u%40corp:p%3Ass+w@proxy.corp:3128/", vec![]).unwrap();
        assert_eq!(p.address, "proxy.corp:3128");
        assert_eq!(
            p.authorization.as_deref(),
            Some(basic("u@corp", "p:ss+w").as_str())
        );
        let p = UpstreamProxy::parse("proxy.corp:8080", vec![]).unwrap();
        assert_eq!(
            (p.address.as_str(), p.authorization),
            ("proxy.corp:8080", None)
        );
        assert!(UpstreamProxy::parse("socks5://proxy:1080", vec![]).is_none());
        assert!(UpstreamProxy::parse("https://proxy:443", vec![]).is_none());
    }

    #[test]
    fn gcloud_proxy_properties_win_over_the_environment() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("configurations")).unwrap();
        std::fs::write(
            dir.path().join("configurations/config_default"),
            "[proxy]\ntype = http\naddress = gproxy\nport = 3128\nusername = u\npassword = p\n",
        )
        .unwrap();
        let config = dir.path().to_str().unwrap();
        let env = Env::from_pairs([
            ("CLOUDSDK_CONFIG", config),
            ("HTTPS_PROXY", "http://envproxy:1"),
            ("NO_PROXY", "internal.corp, .svc"),
            ("PATH", ""),
        ]);
        let (proxy, warning) = UpstreamProxy::from_user(&env, &Gcloud::load(&env));
        let proxy = proxy.unwrap();
        assert_eq!(warning, None);
        assert_eq!(proxy.address, "gproxy:3128");
        assert_eq!(proxy.authorization, Some(basic("u", "p")));
        assert!(proxy.bypasses("internal.corp"));
        assert!(proxy.bypasses("a.svc"));
        assert!(!proxy.bypasses("storage.googleapis.com"));

        let env = Env::from_pairs([("HTTPS_PROXY", "http://envproxy:1"), ("PATH", "")]);
        let (proxy, _) = UpstreamProxy::from_user(&env, &Gcloud::load(&env));
        assert_eq!(proxy.unwrap().address, "envproxy:1");

        // Inside a gsudo session that left no word, the environment's proxy is the outer
        // session's own.
        let env = Env::from_pairs([
            ("HTTPS_PROXY", "http://gsudo:x@127.0.0.1:1"),
            ("GSUDO_SESSION", "abc"),
            ("PATH", ""),
        ]);
        assert_eq!(UpstreamProxy::from_user(&env, &Gcloud::load(&env)).0, None);

        let env = Env::from_pairs([("HTTPS_PROXY", "socks5://s:1"), ("PATH", "")]);
        let (proxy, warning) = UpstreamProxy::from_user(&env, &Gcloud::load(&env));
        assert!(proxy.is_none() && warning.is_some());
    }

    /// A session's gcloud directory as a nested gsudo sees it: proxy properties naming the
    /// session's proxy, and the session's word on what that proxy goes through.
    fn session_gcloud(upstream: Option<UpstreamProxy>) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("configurations")).unwrap();
        std::fs::write(
            dir.path().join("configurations/config_default"),
            "[proxy]\ntype = http\naddress = 127.0.0.1\nport = 4000\n",
        )
        .unwrap();
        let enclosing = Enclosing {
            proxy: "127.0.0.1:4000".into(),
            upstream,
        };
        std::fs::write(
            dir.path().join(Enclosing::FILE),
            serde_json::to_vec(&enclosing).unwrap(),
        )
        .unwrap();
        dir
    }

    #[test]
    fn a_nested_session_goes_through_what_the_enclosing_one_goes_through() {
        let corp = UpstreamProxy::parse("http://u:p@corp:3128", vec!["internal".into()]);
        for upstream in [None, corp] {
            let dir = session_gcloud(upstream.clone());
            let config = dir.path().to_str().unwrap();
            // From gcloud's properties or from the environment, the enclosing session's proxy
            // is replaced by the user's (or by none).
            for https_proxy in ["http://gsudo:s@127.0.0.1:4000", "http://127.0.0.1:4000"] {
                let env = Env::from_pairs([
                    ("CLOUDSDK_CONFIG", config),
                    ("HTTPS_PROXY", https_proxy),
                    ("GSUDO_SESSION", "abc"),
                    ("PATH", ""),
                ]);
                let (found, warning) = UpstreamProxy::from_user(&env, &Gcloud::load(&env));
                assert_eq!((&found, warning), (&upstream, None));
                let env = Env::from_pairs([
                    ("CLOUDSDK_CONFIG", config),
                    ("CLOUDSDK_PROXY_TYPE", "http"),
                    ("CLOUDSDK_PROXY_ADDRESS", "127.0.0.1"),
                    ("CLOUDSDK_PROXY_PORT", "5000"),
                    ("GSUDO_SESSION", "abc"),
                    ("PATH", ""),
                ]);
                // A proxy the user named inside the session is theirs.
                let (found, _) = UpstreamProxy::from_user(&env, &Gcloud::load(&env));
                assert_eq!(found.unwrap().address, "127.0.0.1:5000");
            }
        }
        // Outside a session the file means nothing.
        let dir = session_gcloud(None);
        let env = Env::from_pairs([
            ("CLOUDSDK_CONFIG", dir.path().to_str().unwrap()),
            ("PATH", ""),
        ]);
        let (found, _) = UpstreamProxy::from_user(&env, &Gcloud::load(&env));
        assert_eq!(found.unwrap().address, "127.0.0.1:4000");
    }

    #[test]
    fn no_session_ca_is_trusted_upstream() {
        let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
        let ends = time::OffsetDateTime::now_utc() + time::Duration::hours(1);
        let ca = super::super::ca::SessionCa::new(
            "abc123",
            &["googleapis.com".to_owned()],
            ends,
            provider,
        )
        .unwrap();
        let dir = tempfile::tempdir().unwrap();
        let system = dir.path().join("bundle.pem");
        let extra = dir.path().join("extra.pem");
        std::fs::write(&system, ca.cert_pem()).unwrap();
        std::fs::write(&extra, ca.cert_pem()).unwrap();
        let env = Env::from_pairs([("SSL_CERT_FILE", system.to_str().unwrap()), ("PATH", "")]);
        assert!(roots(&env, Some(&extra)).unwrap().roots.is_empty());
        // Any other CA stays.
        let other = rcgen::CertificateParams::new(Vec::<String>::new())
            .unwrap()
            .self_signed(&rcgen::KeyPair::generate().unwrap())
            .unwrap();
        std::fs::write(&extra, other.pem()).unwrap();
        assert_eq!(roots(&env, Some(&extra)).unwrap().roots.len(), 1);
    }
}
