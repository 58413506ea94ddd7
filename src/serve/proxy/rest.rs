//! HTTP/1.1 inside an intercepted stream, holding no buffers while the client is quiet.
//!
//! hyper's HTTP/1.1 server keeps an 8 KiB read buffer and an 8 KiB buffer for response heads for
//! a connection's whole life, so each idle keep-alive connection through the proxy cost about
//! 20 KiB. Here a connection is served by one hyper connection per burst of requests: once every
//! request it read has been answered, read to its end and flushed, and the client has then been
//! quiet for [`REST_AFTER`], hyper is asked to stop (it writes nothing when idle), hands back
//! the stream with any bytes it read ahead, and the stream waits for the client's next byte
//! with nothing but TLS's own state. A request that asks to close, a request body left unread,
//! or a response that asks to close ends the connection as hyper would have; an upgrade (a
//! websocket) is joined to its upstream here, since hyper only performs upgrades for
//! connections it shuts down itself.

use std::io;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, ready};

use hyper::body::{Body, Bytes, Frame, Incoming, SizeHint};
use hyper::header::{self, HeaderMap};
use hyper::upgrade::OnUpgrade;
use hyper::{Request, Response, Version};
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::io::{AsyncRead, AsyncWrite, AsyncWriteExt as _, ReadBuf};

use crate::serve::listen::HEAD_TIMEOUT;

/// How long a connection with nothing in flight stays with hyper before it rests: long enough
/// that requests sent back to back keep one hyper connection (resting after every answer cost
/// 1 KiB requests 4-8% more of the proxy's CPU), short enough that connections a client keeps
/// in its pool rest almost at once (with 50 ms, the 1,000 connections the benchmark opens one
/// after the other left 1.7 KiB more each behind in the allocator).
const REST_AFTER: std::time::Duration = std::time::Duration::from_millis(10);

/// What one hyper connection's requests have done, as the proxy's own code sees it.
#[derive(Default)]
pub(super) struct Watch {
    /// Requests handed to the service.
    requests: AtomicUsize,
    /// Responses whose bodies hyper has written (or dropped) whole.
    answered: AtomicUsize,
    /// Request bodies read to their end.
    read: AtomicUsize,
    /// A request or a response asked for the connection to close.
    close: AtomicBool,
    /// The stream's last write was flushed: hyper holds no bytes it has not written.
    flushed: AtomicBool,
    /// The upstream half of an upgrade that hyper answered with 101.
    upgrade: Mutex<Option<OnUpgrade>>,
}

impl Watch {
    /// A request arrived; notes whether it asks to close the connection after its answer.
    pub fn request<B>(&self, req: &Request<B>) {
        self.requests.fetch_add(1, Ordering::AcqRel);
        if wants_close(req.version(), req.headers()) {
            self.close.store(true, Ordering::Release);
        }
    }

    /// The answer to a request is about to be sent.
    pub fn response<B>(&self, response: &Response<B>) {
        if wants_close(Version::HTTP_11, response.headers()) {
            self.close.store(true, Ordering::Release);
        }
    }

    /// The upstream half of an upgrade, joined to the client's once hyper has sent the 101.
    pub fn upgrade(&self, upstream: OnUpgrade) {
        *self.upgrade.lock().unwrap_or_else(|p| p.into_inner()) = Some(upstream);
    }

    /// Every request read whole and answered, every byte written: hyper may stop here. Says
    /// how many requests there have been, which tells one quiet spell from the next.
    fn at_rest(&self) -> Option<usize> {
        let requests = self.requests.load(Ordering::Acquire);
        (requests > 0
            && self.answered.load(Ordering::Acquire) == requests
            && self.read.load(Ordering::Acquire) == requests
            && self.flushed.load(Ordering::Acquire)
            && !self.close.load(Ordering::Acquire))
        .then_some(requests)
    }
}

/// Whether a message's `Connection` header (or, for HTTP/1.0, its absence) closes the connection.
fn wants_close(version: Version, headers: &HeaderMap) -> bool {
    let mut tokens = headers
        .get_all(header::CONNECTION)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim);
    if version == Version::HTTP_10 {
        !tokens.any(|t| t.eq_ignore_ascii_case("keep-alive"))
    } else if version == Version::HTTP_11 {
        tokens.any(|t| t.eq_ignore_ascii_case("close"))
    } else {
        true
    }
}

/// A request body on its way upstream; on an HTTP/1.1 connection it tells the connection's
/// watch when it has been read to its end.
pub(super) struct RequestBody {
    inner: Incoming,
    watch: Option<Arc<Watch>>,
}

impl RequestBody {
    /// A body whose connection does not rest (HTTP/2).
    pub fn unwatched(inner: Incoming) -> Self {
        Self { inner, watch: None }
    }

    pub fn watched(inner: Incoming, watch: &Arc<Watch>) -> Self {
        let mut body = Self {
            inner,
            watch: Some(Arc::clone(watch)),
        };
        body.note_end();
        body
    }

    fn note_end(&mut self) {
        if self.inner.is_end_stream()
            && let Some(watch) = self.watch.take()
        {
            watch.read.fetch_add(1, Ordering::AcqRel);
        }
    }
}

impl Body for RequestBody {
    type Data = Bytes;
    type Error = hyper::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, hyper::Error>>> {
        let frame = ready!(Pin::new(&mut self.inner).poll_frame(cx));
        match frame {
            Some(Ok(_)) => self.note_end(),
            None => {
                if let Some(watch) = self.watch.take() {
                    watch.read.fetch_add(1, Ordering::AcqRel);
                }
            }
            // The connection breaks; it will not rest.
            Some(Err(_)) => self.watch = None,
        }
        Poll::Ready(frame)
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

/// A response body on its way to the client; hyper drops it once it has written it whole (or
/// at once, after the head, when it is empty).
pub(super) struct ResponseBody<B> {
    inner: B,
    watch: Arc<Watch>,
}

impl<B> ResponseBody<B> {
    pub fn new(inner: B, watch: &Arc<Watch>) -> Self {
        Self {
            inner,
            watch: Arc::clone(watch),
        }
    }
}

impl<B> Drop for ResponseBody<B> {
    fn drop(&mut self) {
        self.watch.answered.fetch_add(1, Ordering::AcqRel);
    }
}

impl<B: Body + Unpin> Body for ResponseBody<B> {
    type Data = B::Data;
    type Error = B::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<B::Data>, B::Error>>> {
        Pin::new(&mut self.inner).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

/// The client's stream, with bytes already read from it put back in front, telling the watch
/// whether everything written has been flushed.
pub(super) struct Stream<S> {
    ahead: Bytes,
    inner: S,
    watch: Arc<Watch>,
}

impl<S: AsyncRead + AsyncWrite + Unpin> AsyncRead for Stream<S> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        if !self.ahead.is_empty() {
            let n = self.ahead.len().min(buf.remaining());
            let ahead = self.ahead.split_to(n);
            buf.put_slice(&ahead);
            return Poll::Ready(Ok(()));
        }
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl<S: AsyncRead + AsyncWrite + Unpin> AsyncWrite for Stream<S> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        self.watch.flushed.store(false, Ordering::Release);
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        self.watch.flushed.store(false, Ordering::Release);
        Pin::new(&mut self.inner).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let flushed = ready!(Pin::new(&mut self.inner).poll_flush(cx));
        if flushed.is_ok() {
            self.watch.flushed.store(true, Ordering::Release);
        }
        Poll::Ready(flushed)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

/// Serves HTTP/1.1 on `stream` until the client closes it, asks to, or upgrades it; `service`
/// is made anew for each burst of requests, with that burst's watch.
pub(super) async fn serve<S, F, Svc, B>(stream: S, mut service: F)
where
    S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
    F: FnMut(&Arc<Watch>) -> Svc,
    Svc: hyper::service::Service<Request<Incoming>, Response = Response<ResponseBody<B>>> + Unpin,
    Svc::Future: Unpin,
    Svc::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
    B: Body + Unpin + Send + 'static,
    B::Data: Send,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    let (mut ahead, mut stream) = (Bytes::new(), stream);
    loop {
        if ahead.is_empty() {
            match first_byte(&mut stream).await {
                Some(byte) => ahead = Bytes::copy_from_slice(&[byte]),
                // The client closed the connection (or broke it) while quiet.
                None => return,
            }
        }
        let watch = Arc::new(Watch::default());
        let io = Stream {
            ahead,
            inner: stream,
            watch: Arc::clone(&watch),
        };
        // Boxed, so that a resting connection's task does not carry the size of hyper's.
        // A head must arrive whole within HEAD_TIMEOUT of hyper starting to read it, as on the
        // proxy's own connections; a connection that is merely quiet rests instead, untimed.
        let mut connection = Box::new(
            hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(HEAD_TIMEOUT)
                .serve_connection(TokioIo::new(io), service(&watch)),
        );
        let mut resting = false;
        // Armed at most once per REST_AFTER, not for every request: a busy connection's
        // quiet spells are each checked against it when it fires.
        let mut quiet = Box::pin(tokio::time::sleep(REST_AFTER));
        let (mut spell, mut quiet_since) = (tokio::time::Instant::now(), 0);
        let served = std::future::poll_fn(|cx| {
            loop {
                if let Poll::Ready(served) = connection.poll_without_shutdown(cx) {
                    return Poll::Ready(served);
                }
                if resting {
                    return Poll::Pending;
                }
                let Some(requests) = watch.at_rest() else {
                    return Poll::Pending;
                };
                if requests != quiet_since {
                    (spell, quiet_since) = (tokio::time::Instant::now(), requests);
                }
                if quiet.as_mut().poll(cx).is_pending() {
                    return Poll::Pending;
                }
                if tokio::time::Instant::now() < spell + REST_AFTER {
                    quiet.as_mut().reset(spell + REST_AFTER);
                    continue;
                }
                // Idle, so hyper closes at once and writes nothing; then it is polled again.
                Pin::new(&mut *connection).graceful_shutdown();
                resting = true;
            }
        })
        .await;
        let parts = connection.into_parts();
        let io = parts.io.into_inner();
        stream = io.inner;
        ahead = join(parts.read_buf, io.ahead);
        let upgrade = watch
            .upgrade
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .take();
        if let Some(upstream) = upgrade {
            let client = Stream {
                ahead,
                inner: stream,
                watch,
            };
            return Box::pin(join_upgrade(client, upstream)).await;
        }
        if served.is_err() || !resting || watch.close.load(Ordering::Acquire) {
            let _ = stream.shutdown().await;
            return;
        }
    }
}

/// Joins the client's stream to the upstream half of an upgrade (boxed by its caller: a resting
/// connection's task should not carry its size).
async fn join_upgrade<S: AsyncRead + AsyncWrite + Unpin>(
    mut client: Stream<S>,
    upstream: OnUpgrade,
) {
    if let Ok(upstream) = upstream.await {
        let _ = tokio::io::copy_bidirectional(&mut client, &mut TokioIo::new(upstream)).await;
    }
}

/// Waits for the client's next byte without a buffer of its own; `None` when the stream ends.
async fn first_byte<S: AsyncRead + Unpin>(stream: &mut S) -> Option<u8> {
    let mut byte = [0u8; 1];
    std::future::poll_fn(|cx| {
        let mut buf = ReadBuf::new(&mut byte);
        match ready!(Pin::new(&mut *stream).poll_read(cx, &mut buf)) {
            Ok(()) if buf.filled().len() == 1 => Poll::Ready(Some(byte[0])),
            _ => Poll::Ready(None),
        }
    })
    .await
}

/// `first` then `second`, copying only when both hold bytes.
fn join(first: Bytes, second: Bytes) -> Bytes {
    match (first.is_empty(), second.is_empty()) {
        (true, _) => second,
        (_, true) => first,
        _ => [first, second].concat().into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hyper::header::HeaderValue;

    fn headers(connection: Option<&'static str>) -> HeaderMap {
        let mut headers = HeaderMap::new();
        if let Some(value) = connection {
            headers.insert(header::CONNECTION, HeaderValue::from_static(value));
        }
        headers
    }

    #[test]
    fn close_is_read_as_each_version_means_it() {
        assert!(!wants_close(Version::HTTP_11, &headers(None)));
        assert!(wants_close(Version::HTTP_11, &headers(Some("Close"))));
        assert!(wants_close(Version::HTTP_11, &headers(Some("te, close"))));
        assert!(!wants_close(Version::HTTP_11, &headers(Some("keep-alive"))));
        assert!(wants_close(Version::HTTP_10, &headers(None)));
        assert!(!wants_close(Version::HTTP_10, &headers(Some("Keep-Alive"))));
    }

    /// A client that starts a request head and never finishes it is disconnected once
    /// HEAD_TIMEOUT has passed; one that is merely quiet for longer keeps its connection.
    #[tokio::test(start_paused = true)]
    async fn an_unfinished_head_ends_the_connection_but_quiet_does_not() {
        use http_body_util::Full;
        use tokio::io::AsyncReadExt as _;

        let (mut client, server) = tokio::io::duplex(4096);
        tokio::spawn(serve(server, |watch| {
            let watch = Arc::clone(watch);
            hyper::service::service_fn(move |req: Request<Incoming>| {
                // As the proxy's service does: an empty body counts as read whole at once.
                watch.request(&req);
                drop(req.map(|body| RequestBody::watched(body, &watch)));
                let response = Response::new(Full::new(Bytes::from_static(b"ok")));
                watch.response(&response);
                std::future::ready(Ok::<_, std::convert::Infallible>(
                    response.map(|body| ResponseBody::new(body, &watch)),
                ))
            })
        }));
        let request = b"GET / HTTP/1.1\r\nHost: x\r\n\r\n";
        let mut answer = [0; 1024];
        for _ in 0..2 {
            client.write_all(request).await.unwrap();
            let n = client.read(&mut answer).await.unwrap();
            let text = String::from_utf8_lossy(&answer[..n]);
            assert!(
                text.starts_with("HTTP/1.1 200") && text.ends_with("ok"),
                "{text}"
            );
            // Quiet for longer than a head may take: the connection rests, and stays.
            tokio::time::sleep(HEAD_TIMEOUT * 2).await;
        }
        client.write_all(b"GET / HTTP/1.1\r\nHo").await.unwrap();
        let closed = tokio::time::timeout(HEAD_TIMEOUT * 2, client.read(&mut answer)).await;
        assert!(
            matches!(closed, Ok(Ok(0))),
            "the connection outlived its unfinished head: {closed:?}"
        );
    }

    #[test]
    fn bytes_read_ahead_keep_their_order() {
        let joined = join(
            Bytes::from_static(b"GET / "),
            Bytes::from_static(b"HTTP/1.1"),
        );
        assert_eq!(&joined[..], b"GET / HTTP/1.1");
        assert_eq!(&join(Bytes::new(), Bytes::from_static(b"x"))[..], b"x");
        assert_eq!(&join(Bytes::from_static(b"y"), Bytes::new())[..], b"y");
    }
}
