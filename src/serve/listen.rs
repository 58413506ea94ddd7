//! The one way the session's loopback servers (token endpoint, metadata server, proxy) take
//! connections: on 127.0.0.1 at a free port; from this user's processes only, asked of the
//! kernel before a byte is read, so another user cannot hold a descriptor of gsudo's; for the
//! servers that need it, from the session's own processes only; at most so many at once; each
//! request head (the first, and every later one on a kept-alive connection) within a deadline;
//! and stopped gracefully.

use std::future::Future;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::{Arc, Once};
use std::time::Duration;

use hyper::body::{Body, Incoming};
use hyper::service::HttpService;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Semaphore, oneshot, watch};
use tokio::task::{JoinHandle, JoinSet};

use super::peer::{self, Peer, ProcError};
use crate::ui;

/// How long a client may take to send a request head, and so how long a kept-alive connection
/// may sit idle between requests (an intercepted connection rests instead, `proxy::rest`).
pub(super) const HEAD_TIMEOUT: Duration = Duration::from_secs(30);
/// How long requests in flight may take to finish once the server is told to stop.
const GRACE: Duration = Duration::from_secs(2);

/// Why a server could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("cannot listen on loopback: {0}")]
    Listen(#[from] std::io::Error),
    #[error(transparent)]
    Proc(#[from] ProcError),
}

/// Who a server admits, beyond this user's processes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Admit {
    /// Only processes of the session's tree, checked at accept: for servers that hand out
    /// tokens to whoever connects.
    Session,
    /// Any process of this user; the server asks `Peer::in_session` itself when it must.
    User,
}

/// How a server takes connections.
#[derive(Clone, Copy, Debug)]
pub struct Policy {
    /// Names the server in messages.
    pub name: &'static str,
    pub admit: Admit,
    /// Connections served at once; more wait in the kernel's backlog.
    pub max_connections: usize,
}

/// An admitted connection, for a server's handler.
pub struct Accepted {
    pub stream: TcpStream,
    pub peer: Arc<Peer>,
    pub stopping: Stopping,
}

/// Tells a connection that its server is stopping.
#[derive(Clone)]
pub struct Stopping(watch::Receiver<bool>);

impl Stopping {
    /// Resolves once the server is told to stop.
    pub async fn stopped(&mut self) {
        // A dropped sender means the server is gone: stopped too.
        let _ = self.0.wait_for(|stopping| *stopping).await;
    }
}

/// A running server; `stop` (or dropping it) stops it.
pub struct Server {
    addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    task: JoinHandle<()>,
}

impl Server {
    /// `127.0.0.1:PORT`, where it listens.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stops accepting, lets requests in flight finish for a moment, then ends every
    /// connection.
    pub async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        let _ = (&mut self.task).await;
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// Listens on 127.0.0.1 at a free port and hands each admitted connection to `handler`.
pub async fn spawn<H, F>(policy: Policy, handler: H) -> Result<Server, ServeError>
where
    H: Fn(Accepted) -> F + Send + Sync + 'static,
    F: Future<Output = ()> + Send + 'static,
{
    peer::probe()?;
    raise_fd_limit();
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).await?;
    let addr = listener.local_addr()?;
    let (stop, stopped) = oneshot::channel();
    let task = tokio::spawn(accept(listener, addr, policy, handler, stopped));
    ui::debug(&format!("{} listening on {addr}", policy.name));
    Ok(Server {
        addr,
        stop: Some(stop),
        task,
    })
}

/// Raises the soft limit on open files to the hard one, once: each connection through the
/// proxy costs two descriptors, and the default soft limit (often 1,024) is soon reached by a
/// busy child. The child inherits the raised limit.
fn raise_fd_limit() {
    static RAISED: Once = Once::new();
    RAISED.call_once(|| {
        use nix::sys::resource::{Resource, getrlimit, setrlimit};
        if let Ok((soft, hard)) = getrlimit(Resource::RLIMIT_NOFILE)
            && soft < hard
            && let Err(e) = setrlimit(Resource::RLIMIT_NOFILE, hard, hard)
        {
            ui::debug(&format!("cannot raise the open file limit to {hard}: {e}"));
        }
    });
}

/// Accepts until stopped; the connections live in a set so that stopping ends them all.
async fn accept<H, F>(
    listener: TcpListener,
    local: SocketAddr,
    policy: Policy,
    handler: H,
    mut stop: oneshot::Receiver<()>,
) where
    H: Fn(Accepted) -> F + Send + Sync + 'static,
    F: Future<Output = ()> + Send + 'static,
{
    let permits = Arc::new(Semaphore::new(policy.max_connections));
    let (stopping, stopping_rx) = watch::channel(false);
    let handler = Arc::new(handler);
    let mut connections = JoinSet::new();
    loop {
        while connections.try_join_next().is_some() {}
        let permit = tokio::select! {
            _ = &mut stop => break,
            permit = Arc::clone(&permits).acquire_owned() => match permit {
                Ok(permit) => permit,
                Err(_) => break,
            },
        };
        let (stream, addr) = tokio::select! {
            _ = &mut stop => break,
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                // Out of file descriptors, or a connection reset before accept: go on after a
                // breath rather than spin.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(10)).await;
                    continue;
                }
            },
        };
        let (handler, stopping) = (Arc::clone(&handler), Stopping(stopping_rx.clone()));
        connections.spawn(async move {
            let _permit = permit;
            let peer = Arc::new(Peer::new(local, addr));
            if !admitted(&peer, policy.admit).await {
                ui::debug(&format!(
                    "{} refused a connection from {addr}: it is not this session's",
                    policy.name
                ));
                return;
            }
            handler(Accepted {
                stream,
                peer,
                stopping,
            })
            .await;
        });
    }
    drop(listener);
    let _ = stopping.send(true);
    let _ = tokio::time::timeout(GRACE, async {
        while connections.join_next().await.is_some() {}
    })
    .await;
    connections.shutdown().await;
}

async fn admitted(peer: &Peer, admit: Admit) -> bool {
    peer.same_user()
        && match admit {
            Admit::User => true,
            Admit::Session => peer.in_session().await,
        }
}

/// Serves HTTP/1.1 on an admitted connection, with the request head deadline; once the server
/// stops, the request in flight is answered and the connection closed. Returns when the
/// connection ends or is handed over in an upgrade.
pub async fn http1<S>(stream: TcpStream, service: S, stopping: &mut Stopping) -> hyper::Result<()>
where
    S: HttpService<Incoming>,
    S::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
    S::ResBody: Body + Send + 'static,
    <S::ResBody as Body>::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    let _ = stream.set_nodelay(true);
    let connection = hyper::server::conn::http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(HEAD_TIMEOUT)
        .serve_connection(TokioIo::new(stream), service)
        .with_upgrades();
    tokio::pin!(connection);
    tokio::select! {
        served = connection.as_mut() => served,
        _ = stopping.stopped() => {
            connection.as_mut().graceful_shutdown();
            connection.await
        }
    }
}

/// Serves an axum router on each admitted connection.
pub async fn router(policy: Policy, router: axum::Router) -> Result<Server, ServeError> {
    spawn(policy, move |mut accepted: Accepted| {
        let router = router.clone();
        async move {
            let service = hyper::service::service_fn(move |request| {
                tower_service::Service::call(&mut router.clone(), request)
            });
            let _ = http1(accepted.stream, service, &mut accepted.stopping).await;
        }
    })
    .await
}
