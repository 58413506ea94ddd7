//! How the broker takes connections, plain HTTP and HTTPS alike: HTTP/1.1 and HTTP/2, a
//! deadline for each request head (a client that trickles its headers in is cut off rather
//! than holding a connection forever), and a graceful stop.

use std::convert::Infallible;
use std::future::Future;
use std::time::Duration;

use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpListener;
use tokio::task::JoinSet;
use tokio_rustls::TlsAcceptor;
use tower_service::Service as _;

/// A client gets this long to finish its TLS handshake.
const HANDSHAKE: Duration = Duration::from_secs(10);

/// After the stop signal, requests in flight get this long to finish (Cloud Run allows 10 s).
const GRACE: Duration = Duration::from_secs(8);

/// How long a client may take to send a request head, by default: a broker request's head is
/// a few hundred bytes, and this is also how long a kept-alive connection may sit idle.
pub const HEAD_TIMEOUT: Duration = Duration::from_secs(10);

/// Serves `router` until `stop`, over TLS when there is an acceptor, then gives requests in
/// flight [`GRACE`] to finish.
pub async fn serve(
    listener: TcpListener,
    tls: Option<TlsAcceptor>,
    router: axum::Router,
    head_timeout: Duration,
    stop: impl Future<Output = ()>,
) {
    let mut connections = JoinSet::new();
    tokio::pin!(stop);
    loop {
        tokio::select! {
            () = &mut stop => break,
            accepted = listener.accept() => {
                let Ok((stream, _)) = accepted else { continue };
                let _ = stream.set_nodelay(true);
                let (tls, router) = (tls.clone(), router.clone());
                connections.spawn(async move {
                    match tls {
                        None => connection(stream, router, head_timeout).await,
                        Some(acceptor) => {
                            if let Ok(Ok(stream)) =
                                tokio::time::timeout(HANDSHAKE, acceptor.accept(stream)).await
                            {
                                connection(stream, router, head_timeout).await;
                            }
                        }
                    }
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

/// Serves one connection until it ends or a request head is late.
async fn connection<S>(stream: S, router: axum::Router, head_timeout: Duration)
where
    S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let service = service_fn(move |req: hyper::Request<Incoming>| {
        let mut router = router.clone();
        async move {
            let Ok(response) = router.call(req).await;
            Ok::<_, Infallible>(response)
        }
    });
    let mut builder = auto::Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(head_timeout);
    builder.http2().timer(TokioTimer::new());
    let _ = builder
        .serve_connection(TokioIo::new(stream), service)
        .await;
}
