//! The session's auth-rewriting HTTPS proxy on loopback.
//!
//! Tools that carry credentials of their own (a program reading the user's ADC file, gsutil with
//! a .boto, a script holding an old token) still act as the service account: the child reaches
//! Google APIs through this proxy, which terminates TLS with a per-session CA for Google API hosts
//! only and sets `Authorization` to the session's current token and `X-Goog-Request-Reason` to
//! its reason. Every other host gets a blind TCP tunnel. Only the session's processes may use it
//! (`gate`), and upstream TLS is always verified: a host that fails verification gets nothing,
//! least of all a token.

mod ca;
mod forward;
mod gate;
mod hosts;
mod rest;
mod streams;
mod trust;
mod upstream;

use std::convert::Infallible;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use http_body_util::{Either, Full};
use hyper::body::{Bytes, Incoming};
use hyper::header::{HeaderValue, PROXY_AUTHENTICATE, PROXY_AUTHORIZATION};
use hyper::service::service_fn;
use hyper::upgrade::OnUpgrade;
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use time::OffsetDateTime;
use tokio::net::TcpStream;

pub use hosts::Allowlist;
pub use trust::{ChildTrust, REPLACED_CA_VARIABLES};
pub use upstream::{Enclosing, UpstreamProxy};

use super::listen::{self, Accepted, Admit, Policy, ServeError, Server};
use super::peer::Peer;
use crate::auth::SessionTokens;
use crate::config::Env;
use crate::types::{HostMapping, Secret};

/// Connections served at once: well above what a busy child opens (the benchmark holds 1,000),
/// well below the open file limit gsudo raises itself to (each costs two descriptors).
const MAX_CONNECTIONS: usize = 4096;
/// How long an idle pooled upstream connection is kept.
const POOL_IDLE: Duration = Duration::from_secs(90);
/// How many idle HTTP/1.1 connections to one host are kept: enough for a busy client's
/// parallelism, few enough that a burst leaves no crowd of idle connections behind.
const POOL_IDLE_PER_HOST: usize = 32;

/// What every response body of the proxy is: streamed from upstream, or a short message.
type Body = Either<Incoming, Full<Bytes>>;

/// Why the proxy could not start.
#[derive(Debug, thiserror::Error)]
pub enum ProxyError {
    #[error(transparent)]
    Serve(#[from] ServeError),
    #[error(transparent)]
    Ca(#[from] ca::CaError),
    #[error(transparent)]
    Hosts(#[from] hosts::HostsError),
    #[error(transparent)]
    Trust(#[from] upstream::TrustError),
    #[error("cannot set up TLS toward Google: {0}")]
    Tls(#[from] rustls::Error),
    #[error("the session's reason cannot travel as an HTTP header")]
    Reason,
}

/// What the proxy needs from the session.
pub struct ProxyConfig<'a> {
    pub tokens: Arc<SessionTokens>,
    /// The `X-Goog-Request-Reason` value.
    pub reason_header: &'a str,
    /// Names the CA, so a user who sees it knows which session made it.
    pub session: &'a str,
    /// When the session (and so the CA) ends.
    pub ends_at: OffsetDateTime,
    pub allowlist: Allowlist,
    pub mappings: &'a [HostMapping],
    pub upstream_ca_file: Option<PathBuf>,
    pub upstream_proxy: Option<UpstreamProxy>,
    /// The user's environment, for the system's CA bundle.
    pub env: &'a Env,
}

/// A running proxy; dropping it (or `stop`) ends it and every connection through it.
pub struct Proxy {
    server: Server,
    secret: Secret,
    ca_pem: String,
}

impl Proxy {
    /// `http://gsudo:SECRET@127.0.0.1:PORT`, for the child's HTTPS_PROXY: a process of this
    /// user outside the session's tree that holds it (the environment is the child's alone)
    /// may use the proxy too.
    pub fn url(&self) -> Secret {
        Secret::new(format!(
            "http://gsudo:{}@{}",
            self.secret.expose(),
            self.server.addr()
        ))
    }

    /// `127.0.0.1:PORT`, for gcloud's `proxy/*` properties, which need no secret.
    pub fn addr(&self) -> SocketAddr {
        self.server.addr()
    }

    /// The session CA's certificate, which the child must trust.
    pub fn ca_pem(&self) -> &str {
        &self.ca_pem
    }

    /// Stops the proxy and ends every connection through it.
    pub async fn stop(self) {
        self.server.stop().await;
    }
}

/// The pooled upstream clients, one per HTTP version.
struct Clients {
    http1: Client<upstream::Connector, rest::RequestBody>,
    http2: Client<upstream::Connector, rest::RequestBody>,
}

/// Everything the connections share.
struct Shared {
    secret: Secret,
    allowlist: Allowlist,
    ca: ca::SessionCa,
    upstream: Arc<upstream::Upstream>,
    /// Pooled upstream clients. gRPC (and any request whose client reads trailers) leaves over
    /// HTTP/2, sharing multiplexed connections; every other request over HTTP/1.1, a connection
    /// each, as nginx's `proxy_pass` sends them: cheaper for gsudo, and it spreads TLS work over
    /// the cores instead of funnelling it through one connection.
    clients: Clients,
    /// For plain-http requests (gcloud sends even loopback ones through its proxy).
    plain: Client<HttpConnector, Incoming>,
    tokens: Arc<SessionTokens>,
    bearer: forward::Bearer,
    reason: HeaderValue,
}

/// Starts the proxy on 127.0.0.1 at a free port.
pub async fn proxy(config: ProxyConfig<'_>) -> Result<Proxy, ProxyError> {
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let ca = ca::SessionCa::new(
        config.session,
        &config.allowlist.name_constraints(),
        config.ends_at,
        Arc::clone(&provider),
    )?;
    let trust = upstream::trust_files(config.env, config.upstream_ca_file.as_deref())?;
    let upstream = Arc::new(upstream::Upstream::new(
        hosts::Resolver::new(config.mappings),
        config.upstream_proxy,
        trust,
        provider,
    ));
    let pooled = |http1_only| {
        Client::builder(TokioExecutor::new())
            .pool_timer(TokioTimer::new())
            .pool_idle_timeout(POOL_IDLE)
            .pool_max_idle_per_host(POOL_IDLE_PER_HOST)
            .timer(TokioTimer::new())
            .build(upstream::Connector {
                upstream: Arc::clone(&upstream),
                http1_only,
            })
    };
    let clients = Clients {
        http1: pooled(true),
        http2: pooled(false),
    };
    let plain = Client::builder(TokioExecutor::new())
        .pool_timer(TokioTimer::new())
        .pool_idle_timeout(POOL_IDLE)
        .build_http();
    let reason = HeaderValue::from_str(config.reason_header).map_err(|_| ProxyError::Reason)?;
    let secret = Secret::random();
    let ca_pem = ca.cert_pem().to_owned();
    let shared = Arc::new(Shared {
        secret: secret.clone(),
        allowlist: config.allowlist,
        ca,
        upstream,
        clients,
        plain,
        tokens: config.tokens,
        bearer: forward::Bearer::default(),
        reason,
    });
    let policy = Policy {
        name: "proxy",
        admit: Admit::User,
        max_connections: MAX_CONNECTIONS,
    };
    let server = listen::spawn(policy, move |accepted| {
        connection(Arc::clone(&shared), accepted)
    })
    .await?;
    Ok(Proxy {
        server,
        secret,
        ca_pem,
    })
}

/// What a connection turns into once its CONNECT is answered.
enum Then {
    Intercept {
        upgrade: OnUpgrade,
        target: forward::Target,
    },
    Tunnel {
        upgrade: OnUpgrade,
        upstream: TcpStream,
    },
}

/// One admitted connection: requests to the proxy until a CONNECT is answered, then the
/// intercepted or tunnelled stream, which ends at once when the proxy stops.
async fn connection(shared: Arc<Shared>, accepted: Accepted) {
    let Accepted {
        stream,
        peer,
        mut stopping,
    } = accepted;
    let then: Arc<Mutex<Option<Then>>> = Arc::default();
    let service = {
        let (shared, then) = (Arc::clone(&shared), Arc::clone(&then));
        service_fn(move |req| {
            handle(
                Arc::clone(&shared),
                Arc::clone(&peer),
                Arc::clone(&then),
                req,
            )
        })
    };
    // Boxed: the CONNECT's hyper connection is done with once it answers, and the task keeps
    // the size of the largest thing it awaited for the intercepted stream's whole life.
    let served = Box::pin(listen::http1(stream, service, &mut stopping)).await;
    let then = then.lock().unwrap_or_else(|p| p.into_inner()).take();
    let streamed = async move {
        match (served, then) {
            (Ok(()), Some(Then::Intercept { upgrade, target })) => {
                if let Ok(upgraded) = upgrade.await {
                    forward::serve(shared, target, upgraded).await;
                }
            }
            (Ok(()), Some(Then::Tunnel { upgrade, upstream })) => {
                if let Ok(upgraded) = upgrade.await {
                    let mut upstream = upstream;
                    let _ =
                        tokio::io::copy_bidirectional(&mut TokioIo::new(upgraded), &mut upstream)
                            .await;
                }
            }
            _ => {}
        }
    };
    tokio::select! {
        () = streamed => {}
        () = stopping.stopped() => {}
    }
}

/// One request to the proxy itself: CONNECT (intercepted or tunnelled), or plain http.
async fn handle(
    shared: Arc<Shared>,
    peer: Arc<Peer>,
    then: Arc<Mutex<Option<Then>>>,
    mut req: Request<Incoming>,
) -> Result<Response<Body>, Infallible> {
    let presented = req.headers().get(PROXY_AUTHORIZATION).map(|v| v.as_bytes());
    if !gate::admits(presented, &shared.secret, &peer).await {
        let mut response = message(
            StatusCode::PROXY_AUTHENTICATION_REQUIRED,
            "gsudo's proxy serves only the session's own processes",
        );
        response.headers_mut().insert(
            PROXY_AUTHENTICATE,
            HeaderValue::from_static("Basic realm=\"gsudo\""),
        );
        return Ok(response);
    }
    if req.method() != Method::CONNECT {
        return Ok(forward::plain(&shared, req).await);
    }
    let Some((host, port)) = req
        .uri()
        .authority()
        .map(|a| (a.host().to_owned(), a.port_u16().unwrap_or(443)))
    else {
        return Ok(message(
            StatusCode::BAD_REQUEST,
            "CONNECT needs a host:port",
        ));
    };
    let upgrade = hyper::upgrade::on(&mut req);
    let next = if shared.allowlist.intercepts(&host) {
        Then::Intercept {
            upgrade,
            target: forward::Target::new(host, port),
        }
    } else {
        // Connect before answering, so that a client whose host is unreachable hears so.
        match shared.upstream.tcp(&host, port).await {
            Ok(upstream) => Then::Tunnel { upgrade, upstream },
            Err(e) => return Ok(message(StatusCode::BAD_GATEWAY, &e.to_string())),
        }
    };
    *then.lock().unwrap_or_else(|p| p.into_inner()) = Some(next);
    Ok(Response::new(Either::Right(Full::default())))
}

/// A short plain-text answer from the proxy itself.
fn message(status: StatusCode, text: &str) -> Response<Body> {
    let mut response = Response::new(Either::Right(Full::new(Bytes::from(format!(
        "gsudo: {}\n",
        crate::ui::sentence(text)
    )))));
    *response.status_mut() = status;
    response.headers_mut().insert(
        hyper::header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    response
}
