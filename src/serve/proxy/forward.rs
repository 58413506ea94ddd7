//! Inside an intercepted connection: each request goes to the host the client CONNECTed to (and
//! nowhere else), with the session's token and reason, its body streamed both ways.

use std::convert::Infallible;
use std::sync::{Arc, Mutex, PoisonError};

use http_body_util::Either;
use hyper::body::{Bytes, Incoming};
use hyper::header::{self, HeaderMap, HeaderName, HeaderValue};
use hyper::http::uri::{self, Authority, PathAndQuery, Scheme};
use hyper::service::service_fn;
use hyper::upgrade::Upgraded;
use hyper::{Request, Response, StatusCode, Uri, Version};
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio_rustls::TlsAcceptor;

use super::rest::{self, RequestBody, ResponseBody, Watch};
use super::streams::Streams;
use super::upstream::UpstreamError;
use super::{Body, Shared, message};
use crate::auth::{AuthError, Token};
use crate::ui;

const REASON: HeaderName = HeaderName::from_static("x-goog-request-reason");

/// Headers that belong to one hop, never forwarded (RFC 9110 §7.6.1), plus the proxy's own.
/// Names, not strings: removing by a string parses it again for every request.
const HOP_BY_HOP: [HeaderName; 7] = [
    header::CONNECTION,
    HeaderName::from_static("keep-alive"),
    HeaderName::from_static("proxy-connection"),
    header::PROXY_AUTHORIZATION,
    header::PROXY_AUTHENTICATE,
    header::TRANSFER_ENCODING,
    header::UPGRADE,
];

/// The host a client CONNECTed to: the only place its requests go.
#[derive(Clone, Debug)]
pub(super) struct Target {
    host: String,
    port: u16,
    /// `host` or `host:port`, parsed once for every request's URI; none if it cannot be a URI's
    /// authority (every request is then refused).
    authority: Option<Authority>,
}

impl Target {
    /// The target as the client named it, normalised as DNS compares names: `OAUTH2.googleapis.com`
    /// and `storage.googleapis.com.` are the hosts they name, for the leaf certificate (whose
    /// name constraints a trailing dot would fail) and for recognising token grants alike.
    pub fn new(host: String, port: u16) -> Self {
        let host = super::hosts::normalise(&host);
        let authority = if port == 443 {
            host.clone()
        } else {
            format!("{host}:{port}")
        };
        Self {
            host,
            port,
            authority: Authority::from_maybe_shared(Bytes::from(authority)).ok(),
        }
    }
}

/// Terminates the client's TLS with a leaf for the target and serves its requests, in HTTP/2 or
/// HTTP/1.1 as ALPN decided.
pub(super) async fn serve(shared: Arc<Shared>, target: Target, upgraded: Upgraded) {
    let config = match shared.ca.server_config(&target.host) {
        Ok(config) => config,
        Err(e) => {
            ui::warn(&crate::ui::sentence(&e.to_string()));
            return;
        }
    };
    // A connection's task keeps, for the connection's whole life, the size of the largest
    // thing it ever awaited, and a slot of its own for the stream in every future the stream
    // passed through: the handshake and the stream are boxed, so that the task is about 1 KiB
    // rather than 7.
    let accept = Box::pin(TlsAcceptor::from(config).accept(TokioIo::new(upgraded)));
    let (h2, tls) = match accept.await {
        Ok(tls) => (
            tls.get_ref().1.alpn_protocol() == Some(b"h2"),
            Box::new(tls),
        ),
        // The client did not trust the session CA or went away; it says so itself.
        Err(_) => return,
    };
    let target = Arc::new(target);
    // ALPN decides; each HTTP/1.1 connection then carries only HTTP/1.1's state (HTTP/2
    // connections, few and multiplexed, are boxed).
    if h2 {
        // Boxed: hyper keeps one allocation the size of the service's future for each
        // connection's whole life, idle or not.
        let service = service_fn(move |req: Request<Incoming>| {
            let (shared, target) = (Arc::clone(&shared), Arc::clone(&target));
            let req = req.map(RequestBody::unwatched);
            Box::pin(async move { Ok::<_, Infallible>(request(&shared, &target, req, None).await) })
        });
        // The connection's streams run in this task, not in one each (`streams`).
        let streams = Streams::default();
        let h2 = hyper::server::conn::http2::Builder::new(streams.clone())
            .timer(TokioTimer::new())
            .serve_connection(TokioIo::new(tls), service);
        let _ = Box::pin(streams.run(h2)).await;
    } else {
        rest::serve(tls, |watch| {
            let (shared, target, watch) =
                (Arc::clone(&shared), Arc::clone(&target), Arc::clone(watch));
            service_fn(move |req: Request<Incoming>| {
                let (shared, target, watch) =
                    (Arc::clone(&shared), Arc::clone(&target), Arc::clone(&watch));
                watch.request(&req);
                let req = req.map(|body| RequestBody::watched(body, &watch));
                Box::pin(async move {
                    let response = request(&shared, &target, req, Some(&watch)).await;
                    watch.response(&response);
                    Ok::<_, Infallible>(response.map(|body| ResponseBody::new(body, &watch)))
                })
            })
        })
        .await;
    }
}

/// One request from the client; `watch` is its HTTP/1.1 connection's (none for HTTP/2, where
/// no upgrade happens).
async fn request(
    shared: &Shared,
    target: &Target,
    mut req: Request<RequestBody>,
    watch: Option<&Watch>,
) -> Response<Body> {
    if is_token_grant(target, req.method(), req.uri().path()) {
        return session_token(shared).await;
    }
    let Some(uri) = upstream_uri(target, req.uri()) else {
        return message(StatusCode::BAD_REQUEST, "the request's path is not valid");
    };
    let upgrade = watch.filter(|_| is_upgrade(req.headers()));
    let client = match req.version() {
        Version::HTTP_2 if needs_http2(req.headers()) => &shared.clients.http2,
        Version::HTTP_2 => {
            join_cookies(req.headers_mut());
            &shared.clients.http1
        }
        _ => &shared.clients.http1,
    };
    *req.uri_mut() = uri;
    *req.version_mut() = Version::HTTP_11;
    strip_hop_by_hop(req.headers_mut(), upgrade.is_some());
    // The authority comes from the CONNECT target alone, whatever Host the client wrote.
    req.headers_mut().remove(header::HOST);
    if let Err(refusal) = authenticate(shared, &mut req).await {
        return refusal;
    }
    match upgrade {
        Some(watch) => Box::pin(websocket(shared, target, req, watch)).await,
        None => match client.request(req).await {
            Ok(response) => response.map(Either::Left),
            Err(e) => bad_gateway(&e),
        },
    }
}

/// Whether a request that came over HTTP/2 must leave over HTTP/2: gRPC, whose status travels
/// in trailers, and any request whose client says it reads trailers. Every other one leaves over
/// HTTP/1.1, as nginx's `proxy_pass` sends it: the same request and answer, without the wakes
/// between tasks, and so between threads, that an HTTP/2 connection upstream costs each request
/// (with `streams`, a fifth less of gsudo's time; README, "Benchmarks: proxy").
fn needs_http2(headers: &HeaderMap) -> bool {
    let grpc = headers
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/grpc"));
    let trailers = headers
        .get_all(header::TE)
        .iter()
        .flat_map(|v| v.as_bytes().split(|b| *b == b','))
        .any(|t| t.trim_ascii().eq_ignore_ascii_case(b"trailers"));
    grpc || trailers
}

/// HTTP/2 lets a client split its cookies over several `cookie` fields; HTTP/1.1 wants one, so
/// they are joined with `; ` on the way (RFC 9113, section 8.2.3).
fn join_cookies(headers: &mut HeaderMap) {
    if headers.get_all(header::COOKIE).iter().nth(1).is_none() {
        return;
    }
    let joined = headers
        .get_all(header::COOKIE)
        .iter()
        .map(HeaderValue::as_bytes)
        .collect::<Vec<_>>()
        .join(&b"; "[..]);
    if let Ok(value) = HeaderValue::from_bytes(&joined) {
        headers.insert(header::COOKIE, value);
    }
}

/// Whether a request asks Google's OAuth 2.0 server for an access token (a refresh, a service
/// account key's assertion, a token exchange): any POST to a token path on an OAuth host,
/// however the path is spelled, so that no spelling carries a tool's own refresh token past
/// the proxy.
fn is_token_grant(target: &Target, method: &hyper::Method, path: &str) -> bool {
    if method != hyper::Method::POST {
        return false;
    }
    let path = normalise_path(path);
    let token_path = path.rsplit('/').next() == Some("token");
    let oauth_host = ["oauth2.", "sts."]
        .iter()
        .any(|prefix| target.host.starts_with(prefix));
    let legacy = target.host == "www.googleapis.com" && path.starts_with("/oauth2/");
    token_path && (oauth_host || legacy)
}

/// A request path as a server may read it, for matching only: percent-decoded (twice, so that
/// an encoded `%` hides nothing), lower-case, without parameters (`;x`), dot segments, empty
/// segments or a trailing slash.
fn normalise_path(path: &str) -> String {
    let path = path.split('?').next().unwrap_or_default();
    let once = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    let twice = percent_encoding::percent_decode_str(&once).decode_utf8_lossy();
    let mut segments: Vec<String> = Vec::new();
    for segment in twice.split(['/', '\\']) {
        let segment = segment.split(';').next().unwrap_or_default().trim();
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            _ => segments.push(segment.to_lowercase()),
        }
    }
    format!("/{}", segments.join("/"))
}

/// Answers a token grant with the session's token, never passing it on: inside a session every
/// credential yields the service account (Python's google-auth, for one, ignores the token URI
/// of the session's credential file and asks oauth2.googleapis.com), and no refresh token, the
/// session's or one a tool brought, leaves the machine.
async fn session_token(shared: &Shared) -> Response<Body> {
    let (status, body) = match Box::pin(shared.tokens.current()).await {
        Ok(token) => {
            let expires_in = (token.expires_at - time::OffsetDateTime::now_utc())
                .whole_seconds()
                .max(0);
            let scope = shared.tokens.target().scopes.as_slice().join(" ");
            let body = serde_json::json!({
                "access_token": token.secret.expose(),
                "expires_in": expires_in,
                "token_type": "Bearer",
                "scope": scope,
                // For Security Token Service exchanges, which name what they issued.
                "issued_token_type": "urn:ietf:params:oauth:token-type:access_token",
            });
            (StatusCode::OK, body)
        }
        Err(e) => {
            let (status, error) = match e {
                AuthError::SessionOver { .. } | AuthError::LeaseEnded(_) => {
                    (StatusCode::BAD_REQUEST, "invalid_grant")
                }
                _ => (StatusCode::SERVICE_UNAVAILABLE, "temporarily_unavailable"),
            };
            let body = serde_json::json!({"error": error, "error_description": crate::ui::sentence(&e.to_string())});
            (status, body)
        }
    };
    let mut response = Response::new(Either::Right(http_body_util::Full::new(
        hyper::body::Bytes::from(body.to_string()),
    )));
    *response.status_mut() = status;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// Sets the session's token and reason. A signed URL carries its own authority and gets no
/// token (Cloud Storage refuses a request that has both).
async fn authenticate<B>(shared: &Shared, req: &mut Request<B>) -> Result<(), Response<Body>> {
    req.headers_mut().insert(REASON, shared.reason.clone());
    if is_signed_url(req.uri().query()) {
        req.headers_mut().remove(header::AUTHORIZATION);
        return Ok(());
    }
    // Boxed, like the websocket branch: hyper keeps one allocation the size of this request's
    // future for each connection's whole life, and a mint inlined here would make every idle
    // connection carry it.
    let token = Box::pin(shared.tokens.current()).await.map_err(|e| {
        let status = match e {
            AuthError::SessionOver { .. } | AuthError::LeaseEnded(_) => StatusCode::UNAUTHORIZED,
            _ => StatusCode::SERVICE_UNAVAILABLE,
        };
        message(status, &format!("the request was not sent: {e}"))
    })?;
    let value = shared.bearer.value(&token).ok_or_else(|| {
        message(
            StatusCode::BAD_GATEWAY,
            "the session's token is not a valid header",
        )
    })?;
    req.headers_mut().insert(header::AUTHORIZATION, value);
    Ok(())
}

/// The `Authorization` value of the session's current token, made once for each token the
/// session mints rather than for every request.
#[derive(Default)]
pub(super) struct Bearer(Mutex<Option<(Arc<Token>, HeaderValue)>>);

impl Bearer {
    /// `Bearer TOKEN`, marked sensitive (HTTP/2 never indexes it); none if the token cannot be a
    /// header's value.
    fn value(&self, token: &Arc<Token>) -> Option<HeaderValue> {
        let mut last = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some((made_for, value)) = last.as_ref()
            && Arc::ptr_eq(made_for, token)
        {
            return Some(value.clone());
        }
        let mut value = HeaderValue::from_str(&format!("Bearer {}", token.secret.expose())).ok()?;
        value.set_sensitive(true);
        *last = Some((Arc::clone(token), value.clone()));
        Some(value)
    }
}

/// `https://authority/path?query` of the CONNECT target, from an origin-form (HTTP/1.1) or
/// absolute (HTTP/2) request URI.
fn upstream_uri(target: &Target, uri: &Uri) -> Option<Uri> {
    let path = match uri.path_and_query() {
        Some(path) if path.as_str().starts_with('/') => path.clone(),
        Some(_) => return None,
        None => PathAndQuery::from_static("/"),
    };
    let mut parts = uri::Parts::default();
    parts.scheme = Some(Scheme::HTTPS);
    parts.authority = Some(target.authority.clone()?);
    parts.path_and_query = Some(path);
    Uri::from_parts(parts).ok()
}

fn is_signed_url(query: Option<&str>) -> bool {
    query.unwrap_or_default().split('&').any(|pair| {
        let name = pair.split('=').next().unwrap_or_default();
        name.eq_ignore_ascii_case("x-goog-signature")
            || name.eq_ignore_ascii_case("x-amz-signature")
    })
}

fn is_upgrade(headers: &HeaderMap) -> bool {
    headers.contains_key(header::UPGRADE)
        && headers
            .get_all(header::CONNECTION)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .any(|t| t.trim().eq_ignore_ascii_case("upgrade"))
}

/// Drops hop-by-hop headers and every header the Connection header names; keeps `te: trailers`
/// (gRPC needs it) and, for an upgrade, the Upgrade header with a Connection header of gsudo's
/// own that names it alone. The client's Connection list never travels on: naming
/// `x-goog-request-reason` or `authorization` there would have the next hop drop them.
fn strip_hop_by_hop(headers: &mut HeaderMap, upgrade: bool) {
    // Most requests carry none: one look at each name is cheaper than a removal of each.
    let hop = |name: &HeaderName| HOP_BY_HOP.contains(name) || name == header::TE;
    if !upgrade && !headers.keys().any(hop) {
        return;
    }
    let named: Vec<HeaderName> = headers
        .get_all(header::CONNECTION)
        .iter()
        .flat_map(|v| v.as_bytes().split(|b| *b == b','))
        .filter_map(|t| HeaderName::from_bytes(t.trim_ascii()).ok())
        .filter(|n| !upgrade || *n != header::UPGRADE)
        .collect();
    for name in named {
        headers.remove(name);
    }
    for name in HOP_BY_HOP {
        if upgrade && name == header::UPGRADE {
            continue;
        }
        headers.remove(name);
    }
    if upgrade {
        headers.insert(header::CONNECTION, HeaderValue::from_static("upgrade"));
    }
    let trailers_only = headers
        .get(header::TE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(',')
                .any(|t| t.trim().eq_ignore_ascii_case("trailers"))
        });
    headers.remove(header::TE);
    if trailers_only {
        headers.insert(header::TE, HeaderValue::from_static("trailers"));
    }
}

/// An upgrade (a websocket) gets its own HTTP/1.1 connection; once the client has the 101, its
/// connection joins both sides.
async fn websocket(
    shared: &Shared,
    target: &Target,
    mut req: Request<RequestBody>,
    watch: &Watch,
) -> Response<Body> {
    let tls = match shared.upstream.tls(&target.host, target.port, true).await {
        Ok(tls) => tls,
        Err(e) => return message(StatusCode::BAD_GATEWAY, &e.to_string()),
    };
    let (mut sender, connection) =
        match hyper::client::conn::http1::handshake(TokioIo::new(tls)).await {
            Ok(handshake) => handshake,
            Err(e) => return bad_gateway(&e),
        };
    tokio::spawn(connection.with_upgrades());
    let path = req
        .uri()
        .path_and_query()
        .map_or("/", |p| p.as_str())
        .to_owned();
    *req.uri_mut() = path.parse().unwrap_or_else(|_| Uri::from_static("/"));
    if let Some(authority) = &target.authority
        && let Ok(host) = HeaderValue::from_str(authority.as_str())
    {
        req.headers_mut().insert(header::HOST, host);
    }
    let mut response = match sender.send_request(req).await {
        Ok(response) => response,
        Err(e) => return bad_gateway(&e),
    };
    if response.status() == StatusCode::SWITCHING_PROTOCOLS {
        watch.upgrade(hyper::upgrade::on(&mut response));
    }
    response.map(Either::Left)
}

/// A plain-http request through the proxy (gcloud sends even its loopback token refreshes this
/// way when its proxy properties are set): passed on unchanged, and never given a token, since
/// it would travel in clear text. One to a Google API host is refused: it would carry the
/// tool's own credentials in clear text, and with them act as the user rather than the account.
pub(super) async fn plain(shared: &Shared, mut req: Request<Incoming>) -> Response<Body> {
    let Some(host) = req
        .uri()
        .host()
        .filter(|_| req.uri().scheme_str() == Some("http"))
    else {
        return message(
            StatusCode::BAD_REQUEST,
            "gsudo's proxy takes CONNECT, or plain http:// requests in absolute form",
        );
    };
    if shared.allowlist.intercepts(host) {
        return message(
            StatusCode::FORBIDDEN,
            &format!(
                "gsudo's proxy sends nothing to {} over plain http, where the request's credentials would travel in clear text and reach Google as yours; use https://",
                ui::escape(host)
            ),
        );
    }
    strip_hop_by_hop(req.headers_mut(), false);
    match shared.plain.request(req).await {
        Ok(response) => response.map(Either::Left),
        Err(e) => bad_gateway(&e),
    }
}

/// 502 with the reason the upstream side gave, found down the error's chain.
fn bad_gateway(error: &(dyn std::error::Error + 'static)) -> Response<Body> {
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(error);
    let mut reason = error.to_string();
    while let Some(e) = cause {
        if let Some(upstream) = e.downcast_ref::<UpstreamError>() {
            reason = upstream.to_string();
            break;
        }
        if let Some(io) = e.downcast_ref::<std::io::Error>() {
            reason = format!("{error}: {io}");
        }
        cause = e.source();
    }
    ui::debug(&format!("proxy answered 502: {reason}"));
    message(StatusCode::BAD_GATEWAY, &reason)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_token_makes_its_own_authorization_value() {
        let token = |secret: &str| {
            Arc::new(Token {
                secret: crate::types::Secret::new(secret.into()),
                expires_at: time::OffsetDateTime::UNIX_EPOCH,
            })
        };
        let bearer = Bearer::default();
        let first = token("ya29.first");
        let value = bearer.value(&first).unwrap();
        assert_eq!(value, "Bearer ya29.first");
        assert!(value.is_sensitive());
        assert_eq!(bearer.value(&first).unwrap(), "Bearer ya29.first");
        // Each token the session mints gets its own value, never the last one's.
        assert_eq!(
            bearer.value(&token("ya29.second")).unwrap(),
            "Bearer ya29.second"
        );
        assert_eq!(
            bearer.value(&token("ya29.first")).unwrap(),
            "Bearer ya29.first"
        );
        assert!(bearer.value(&token("ya29.bad\n")).is_none());
        assert_eq!(bearer.value(&first).unwrap(), "Bearer ya29.first");
    }

    #[test]
    fn requests_go_to_the_connect_target_only() {
        let target = Target::new("storage.googleapis.com".into(), 443);
        let uri: Uri = "/storage/v1/b?project=p".parse().unwrap();
        assert_eq!(
            upstream_uri(&target, &uri).unwrap(),
            "https://storage.googleapis.com/storage/v1/b?project=p"
        );
        // An HTTP/2 request names its own authority; the CONNECT target still wins.
        let uri: Uri = "https://evil.example/x".parse().unwrap();
        assert_eq!(
            upstream_uri(&target, &uri).unwrap(),
            "https://storage.googleapis.com/x"
        );
        let target = Target::new("private.example".into(), 8443);
        assert_eq!(
            upstream_uri(&target, &"/".parse().unwrap()).unwrap(),
            "https://private.example:8443/"
        );
    }

    #[test]
    fn token_grants_to_google_are_recognised_however_spelled() {
        let post = hyper::Method::POST;
        let grant =
            |host: &str, path: &str| is_token_grant(&Target::new(host.into(), 443), &post, path);
        for (host, path) in [
            ("oauth2.googleapis.com", "/token"),
            ("OAUTH2.googleapis.com", "/token"),
            ("oauth2.googleapis.com.", "/token"),
            ("oauth2.googleapis.com", "//token"),
            ("oauth2.googleapis.com", "/token/"),
            ("oauth2.googleapis.com", "/%74oken"),
            ("oauth2.googleapis.com", "/%2574oken"),
            ("oauth2.googleapis.com", "/TOKEN"),
            ("oauth2.googleapis.com", "/x/../token"),
            ("oauth2.googleapis.com", "/./token;a=b"),
            ("oauth2.googleapis.com", "/o/oauth2/token"),
            ("oauth2.googleapis.com", "/token?x=1"),
            ("sts.googleapis.com", "/v1/token"),
            ("www.googleapis.com", "/oauth2/v4/token"),
            ("WWW.googleapis.com", "/OAuth2//v4/token/"),
            ("www.googleapis.com", "/oauth2/v3/token"),
        ] {
            assert!(grant(host, path), "{host} {path}");
        }
        assert!(!is_token_grant(
            &Target::new("oauth2.googleapis.com".into(), 443),
            &hyper::Method::GET,
            "/token"
        ));
        for (host, path) in [
            ("oauth2.googleapis.com", "/tokeninfo"),
            ("oauth2.googleapis.com", "/revoke"),
            ("www.googleapis.com", "/storage/v1/token"),
            ("storage.googleapis.com", "/token"),
            ("storage.googleapis.com", "/oauth2/v4/token"),
        ] {
            assert!(!grant(host, path), "{host} {path}");
        }
    }

    #[test]
    fn targets_are_the_hosts_they_name() {
        let target = Target::new("Storage.GoogleAPIs.com.".into(), 443);
        assert_eq!(target.host, "storage.googleapis.com");
        assert_eq!(target.authority.unwrap(), "storage.googleapis.com");
    }

    #[test]
    fn signed_urls_are_recognised() {
        assert!(is_signed_url(Some(
            "X-Goog-Algorithm=GOOG4-RSA-SHA256&X-Goog-Signature=ab"
        )));
        assert!(is_signed_url(Some("x-amz-signature=ab")));
        assert!(!is_signed_url(Some("project=p&signature=x")));
        assert!(!is_signed_url(None));
    }

    #[test]
    fn only_grpc_and_clients_reading_trailers_keep_http2_upstream() {
        let headers = |pairs: &[(&'static str, &'static str)]| {
            let mut h = HeaderMap::new();
            for (k, v) in pairs {
                h.append(HeaderName::from_static(k), HeaderValue::from_static(v));
            }
            h
        };
        assert!(needs_http2(&headers(&[(
            "content-type",
            "application/grpc"
        )])));
        assert!(needs_http2(&headers(&[(
            "content-type",
            "application/grpc+proto"
        )])));
        assert!(needs_http2(&headers(&[("te", "gzip, Trailers")])));
        assert!(needs_http2(&headers(&[("te", "gzip"), ("te", "trailers")])));
        assert!(!needs_http2(&headers(&[])));
        assert!(!needs_http2(&headers(&[
            ("content-type", "application/json"),
            ("te", "gzip"),
        ])));
    }

    #[test]
    fn cookies_split_over_http2_fields_become_one_http1_field() {
        let mut h = HeaderMap::new();
        for v in ["a=1", "b=2", "c=3"] {
            h.append(header::COOKIE, HeaderValue::from_static(v));
        }
        join_cookies(&mut h);
        let cookies: Vec<_> = h.get_all(header::COOKIE).iter().collect();
        assert_eq!(cookies, ["a=1; b=2; c=3"]);
        let mut one = HeaderMap::new();
        one.insert(header::COOKIE, HeaderValue::from_static("a=1"));
        join_cookies(&mut one);
        assert_eq!(
            one.get_all(header::COOKIE).iter().collect::<Vec<_>>(),
            ["a=1"]
        );
    }

    #[test]
    fn hop_by_hop_headers_go_but_grpc_trailers_stay() {
        let mut h = HeaderMap::new();
        for (k, v) in [
            ("connection", "keep-alive, x-private"),
            ("keep-alive", "timeout=5"),
            ("x-private", "1"),
            ("proxy-authorization", "Basic x"),
            ("transfer-encoding", "chunked"),
            ("te", "trailers, deflate"),
            ("content-type", "application/grpc"),
        ] {
            h.append(HeaderName::from_static(k), HeaderValue::from_static(v));
        }
        strip_hop_by_hop(&mut h, false);
        let mut left: Vec<_> = h.keys().map(|k| k.as_str().to_owned()).collect();
        left.sort();
        assert_eq!(left, ["content-type", "te"]);
        assert_eq!(h["te"], "trailers");

        let mut h = HeaderMap::new();
        h.insert(header::CONNECTION, HeaderValue::from_static("Upgrade"));
        h.insert(header::UPGRADE, HeaderValue::from_static("websocket"));
        assert!(is_upgrade(&h));
        strip_hop_by_hop(&mut h, true);
        assert!(is_upgrade(&h));
    }

    #[test]
    fn a_client_cannot_mark_the_reason_or_token_hop_by_hop() {
        // On the upgrade path the Connection header travels on: the client's list must not,
        // or the next hop would drop the reason (and the token) gsudo sets.
        for upgrade in [true, false] {
            let mut h = HeaderMap::new();
            h.insert(
                header::CONNECTION,
                HeaderValue::from_static("upgrade, x-goog-request-reason, Authorization"),
            );
            h.insert(header::UPGRADE, HeaderValue::from_static("websocket"));
            h.insert(REASON, HeaderValue::from_static("forged"));
            h.insert(
                header::AUTHORIZATION,
                HeaderValue::from_static("Bearer alice"),
            );
            strip_hop_by_hop(&mut h, upgrade);
            assert!(!h.contains_key(REASON) && !h.contains_key(header::AUTHORIZATION));
            let connection: Vec<_> = h.get_all(header::CONNECTION).iter().collect();
            if upgrade {
                assert_eq!(connection, ["upgrade"]);
                assert!(is_upgrade(&h));
            } else {
                assert!(connection.is_empty());
            }
        }
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        /// `text` with some characters percent-encoded and some in upper case.
        fn disguise(text: &str, encode: &[bool], upper: &[bool]) -> String {
            text.chars()
                .enumerate()
                .map(|(i, c)| {
                    let c = if upper[i % upper.len()] {
                        c.to_ascii_uppercase()
                    } else {
                        c
                    };
                    if c != '/' && encode[i % encode.len()] {
                        format!("%{:02X}", c as u32)
                    } else {
                        c.to_string()
                    }
                })
                .collect()
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(256))]

            /// However a token path is spelled (case, encoding, doubled and trailing slashes),
            /// a POST to it on an OAuth host is answered by gsudo.
            #[test]
            fn every_spelling_of_a_token_path_is_a_grant(
                path in prop::sample::select(vec!["/token", "/o/oauth2/token", "/v1/token"]),
                encode in prop::collection::vec(any::<bool>(), 1..8),
                upper in prop::collection::vec(any::<bool>(), 1..8),
                slashes in 1usize..4,
                trailing in 0usize..3,
                host in prop::sample::select(vec!["oauth2.googleapis.com", "OAuth2.GoogleAPIs.com.", "sts.googleapis.com"]),
            ) {
                let spelled = disguise(path, &encode, &upper)
                    .replace('/', &"/".repeat(slashes))
                    + &"/".repeat(trailing);
                let target = Target::new(host.to_owned(), 443);
                prop_assert!(is_token_grant(&target, &hyper::Method::POST, &spelled), "{} {}", host, spelled);
            }

            /// Normalising agrees with a reference on paths built from plain segments.
            #[test]
            fn normalised_paths_agree_with_the_reference(
                segments in prop::collection::vec("[a-zA-Z0-9_-]{0,6}", 0..6),
            ) {
                let path = format!("/{}", segments.join("/"));
                let reference: Vec<String> = segments
                    .iter()
                    .filter(|s| !s.is_empty())
                    .map(|s| s.to_lowercase())
                    .collect();
                prop_assert_eq!(normalise_path(&path), format!("/{}", reference.join("/")));
            }

            #[test]
            fn any_path_is_matched_without_panicking(path in "\\PC{0,60}", host in "[a-zA-Z0-9.]{0,30}") {
                let _ = is_token_grant(&Target::new(host, 443), &hyper::Method::POST, &path);
            }

            /// Whatever a client's Connection header names, nothing it names reaches upstream
            /// (save Upgrade on an upgrade), Connection is gsudo's own, and other headers stay.
            #[test]
            fn nothing_a_client_names_in_connection_travels_on(
                named in prop::collection::vec(
                    prop::sample::select(vec![
                        "x-goog-request-reason", "Authorization", "X-Goog-Request-Reason", "upgrade",
                        "keep-alive", "x-private", "content-type", "te", "x-goog-user-project",
                    ]),
                    0..6,
                ),
                spaces in prop::collection::vec(" {0,2}", 6),
                upgrade in any::<bool>(),
            ) {
                let mut h = HeaderMap::new();
                let list: Vec<String> = named
                    .iter()
                    .zip(&spaces)
                    .map(|(n, s)| format!("{s}{n}{s}"))
                    .collect();
                if let Ok(value) = HeaderValue::from_str(&list.join(",")) {
                    h.insert(header::CONNECTION, value);
                }
                for name in ["x-goog-request-reason", "authorization", "x-private", "content-type", "x-goog-user-project", "upgrade"] {
                    h.insert(HeaderName::from_static(name), HeaderValue::from_static("v"));
                }
                strip_hop_by_hop(&mut h, upgrade);
                for n in &named {
                    let n = n.to_ascii_lowercase();
                    if upgrade && n == "upgrade" {
                        continue;
                    }
                    prop_assert!(!h.contains_key(n.as_str()), "{} survived", n);
                }
                let connection: Vec<_> = h.get_all(header::CONNECTION).iter().collect();
                if upgrade {
                    prop_assert_eq!(connection, vec!["upgrade"]);
                } else {
                    prop_assert!(connection.is_empty());
                }
                let named_lower: Vec<String> = named.iter().map(|n| n.to_ascii_lowercase()).collect();
                for kept in ["x-private", "content-type", "x-goog-user-project"] {
                    prop_assert_eq!(h.contains_key(kept), !named_lower.iter().any(|n| n == kept));
                }
            }
        }
    }
}
