//! A websocket echo at `GET /ws/echo`, standing in for Google's websocket APIs (the Live API
//! serves `wss://*.googleapis.com/ws/...`): enough to show that an upgrade goes through gsudo's
//! proxy with the session's credentials, and that frames of any size flow both ways. The caller
//! needs a live token; each upgrade leaves one audit line.

use std::io;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{ConnectInfo, Request, State as AxumState};
use axum::http::header::{
    CONNECTION, SEC_WEBSOCKET_ACCEPT, SEC_WEBSOCKET_KEY, SEC_WEBSOCKET_VERSION, UPGRADE,
};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use hyper_util::rt::TokioIo;
use tokio::io::{AsyncRead, AsyncReadExt as _, AsyncWrite, AsyncWriteExt as _};

use super::audit::Code;
use super::call::{Call, Refusal, State, UNAUTHENTICATED, caller};

const SERVICE: &str = "emulator";
const METHOD: &str = "websocket.echo";

/// RFC 6455 §1.3: what the server appends to the client's key before hashing it.
const ACCEPT_GUID: &str = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

const CLOSE: u8 = 0x8;
const PING: u8 = 0x9;
const PONG: u8 = 0xa;

/// How much of a frame's payload is held at once.
const CHUNK: usize = 16 * 1024;

/// `GET /ws/echo`: the upgrade, then every message sent back as it arrives.
pub(crate) async fn echo(
    AxumState(state): AxumState<Arc<State>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    mut request: Request,
) -> Response {
    let mut call = Call::new(SERVICE, METHOD, String::new(), request.headers(), peer);
    call.set_protocol(request.version());
    let outcome = upgrade(&state, &mut call, &mut request);
    call.respond(&state.audit, outcome)
}

fn upgrade(state: &State, call: &mut Call, request: &mut Request) -> Result<Response, Refusal> {
    let grant = caller(state, request.headers())
        .ok_or_else(|| Refusal::rpc(Code::Unauthenticated, UNAUTHENTICATED))?;
    call.set_principal(grant.principal.email(), grant.chain.clone());
    let accept = handshake(request.headers()).ok_or_else(|| {
        Refusal::rpc(
            Code::InvalidArgument,
            "Not a websocket handshake: expected Upgrade: websocket, Connection: Upgrade, \
             Sec-WebSocket-Version: 13 and a Sec-WebSocket-Key.",
        )
    })?;
    let upgrading = hyper::upgrade::on(request);
    tokio::spawn(async move {
        if let Ok(upgraded) = upgrading.await {
            // The client going away mid-frame ends the echo; there is no one left to tell.
            let _ = echo_frames(TokioIo::new(upgraded)).await;
        }
    });
    let mut response = Response::new(Body::empty());
    *response.status_mut() = StatusCode::SWITCHING_PROTOCOLS;
    let headers = response.headers_mut();
    headers.insert(UPGRADE, HeaderValue::from_static("websocket"));
    headers.insert(CONNECTION, HeaderValue::from_static("Upgrade"));
    headers.insert(SEC_WEBSOCKET_ACCEPT, accept);
    Ok(response)
}

/// The `Sec-WebSocket-Accept` answering a well-formed handshake (RFC 6455 §4.2.1).
fn handshake(headers: &HeaderMap) -> Option<HeaderValue> {
    let has_token = |name, token: &str| {
        headers
            .get_all(name)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .any(|t| t.trim().eq_ignore_ascii_case(token))
    };
    let version_13 = headers
        .get(SEC_WEBSOCKET_VERSION)
        .map(HeaderValue::as_bytes)
        == Some(b"13");
    if !(has_token(UPGRADE, "websocket") && has_token(CONNECTION, "upgrade") && version_13) {
        return None;
    }
    let key = headers.get(SEC_WEBSOCKET_KEY)?.to_str().ok()?.trim();
    let digest = aws_lc_rs::digest::digest(
        &aws_lc_rs::digest::SHA1_FOR_LEGACY_USE_ONLY,
        format!("{key}{ACCEPT_GUID}").as_bytes(),
    );
    HeaderValue::from_str(&STANDARD.encode(digest.as_ref())).ok()
}

/// Sends every frame back as it comes, unmasked, a chunk at a time, so that a message of any
/// size flows through without being held whole (fragments come back as the same fragments). A
/// ping is answered with a pong; a close is answered with a close, which ends the echo.
async fn echo_frames<S: AsyncRead + AsyncWrite + Unpin>(mut stream: S) -> io::Result<()> {
    let mut chunk = vec![0u8; CHUNK];
    loop {
        let mut head = [0u8; 2];
        stream.read_exact(&mut head).await?;
        let opcode = head[0] & 0x0f;
        if head[1] & 0x80 == 0 {
            // A client's frames must be masked (§5.1): close with 1002, protocol error.
            stream.write_all(&[0x80 | CLOSE, 2, 0x03, 0xea]).await?;
            return stream.flush().await;
        }
        let length = match head[1] & 0x7f {
            126 => u64::from(stream.read_u16().await?),
            127 => stream.read_u64().await?,
            n => u64::from(n),
        };
        let mut mask = [0u8; 4];
        stream.read_exact(&mut mask).await?;
        let reply = match opcode {
            PING => Some(PONG),
            PONG => None,
            other => Some(other),
        };
        if let Some(reply) = reply {
            stream
                .write_all(&frame_head((head[0] & 0xf0) | reply, length))
                .await?;
        }
        let (mut left, mut offset) = (length, 0usize);
        while left > 0 {
            let want = usize::try_from(left).map_or(CHUNK, |l| l.min(CHUNK));
            let n = stream.read(&mut chunk[..want]).await?;
            if n == 0 {
                return Err(io::ErrorKind::UnexpectedEof.into());
            }
            for (i, byte) in chunk[..n].iter_mut().enumerate() {
                *byte ^= mask[(offset + i) % 4];
            }
            if reply.is_some() {
                stream.write_all(&chunk[..n]).await?;
            }
            offset += n;
            left -= n as u64;
        }
        stream.flush().await?;
        if opcode == CLOSE {
            return Ok(());
        }
    }
}

/// A server frame's head: FIN, opcode and the payload length, unmasked.
fn frame_head(first: u8, length: u64) -> Vec<u8> {
    let mut head = vec![first];
    match u16::try_from(length) {
        Ok(short) if short < 126 => head.push(short as u8),
        Ok(medium) => {
            head.push(126);
            head.extend_from_slice(&medium.to_be_bytes());
        }
        Err(_) => {
            head.push(127);
            head.extend_from_slice(&length.to_be_bytes());
        }
    }
    head
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_handshake_is_answered_as_rfc_6455_says() {
        let mut headers = HeaderMap::new();
        headers.insert(UPGRADE, HeaderValue::from_static("WebSocket"));
        headers.insert(CONNECTION, HeaderValue::from_static("keep-alive, Upgrade"));
        headers.insert(SEC_WEBSOCKET_VERSION, HeaderValue::from_static("13"));
        headers.insert(
            SEC_WEBSOCKET_KEY,
            HeaderValue::from_static("dGhlIHNhbXBsZSBub25jZQ=="),
        );
        // The example of §1.3.
        assert_eq!(handshake(&headers).unwrap(), "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
        headers.insert(SEC_WEBSOCKET_VERSION, HeaderValue::from_static("8"));
        assert!(handshake(&headers).is_none());
    }

    #[tokio::test]
    async fn frames_come_back_unmasked_and_pings_as_pongs() {
        let (client, server) = tokio::io::duplex(1024);
        let echo = tokio::spawn(echo_frames(server));
        let mask = [1, 2, 3, 4];
        let masked = |first: u8, payload: &[u8]| {
            let mut frame = frame_head(first, payload.len() as u64);
            frame[1] |= 0x80;
            frame.extend_from_slice(&mask);
            frame.extend(payload.iter().enumerate().map(|(i, b)| b ^ mask[i % 4]));
            frame
        };
        // 70,000 bytes: more than 64 KiB, so its length takes the 64-bit form, and far more
        // than the pipe holds, so the echo must stream it.
        let big: Vec<u8> = (0..70_000u32).map(|i| (i % 251) as u8).collect();
        let frames = [
            masked(0x80 | PING, b"hi"),
            masked(0x82, &big),
            masked(0x80 | CLOSE, &[0x03, 0xe8]),
        ];
        let (mut read, mut write) = tokio::io::split(client);
        let writer = tokio::spawn(async move {
            for frame in frames {
                write.write_all(&frame).await.unwrap();
            }
            write
        });
        let mut echoed = Vec::new();
        read.read_to_end(&mut echoed).await.unwrap();
        echo.await.unwrap().unwrap();
        drop(writer.await.unwrap());
        let mut expected = frame_head(0x80 | PONG, 2);
        expected.extend_from_slice(b"hi");
        expected.extend(frame_head(0x82, big.len() as u64));
        expected.extend_from_slice(&big);
        expected.extend(frame_head(0x80 | CLOSE, 2));
        expected.extend_from_slice(&[0x03, 0xe8]);
        assert_eq!(echoed.len(), expected.len());
        assert!(echoed == expected);
    }

    #[tokio::test]
    async fn an_unmasked_frame_is_closed_with_a_protocol_error() {
        let (mut client, server) = tokio::io::duplex(1024);
        let echo = tokio::spawn(echo_frames(server));
        client.write_all(&[0x81, 1, b'x']).await.unwrap();
        let mut answer = Vec::new();
        client.read_to_end(&mut answer).await.unwrap();
        echo.await.unwrap().unwrap();
        assert_eq!(answer, [0x88, 2, 0x03, 0xea]);
    }
}
