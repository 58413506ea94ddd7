//! The IAM Credentials API over gRPC, as Google's client libraries speak it by default:
//! `POST /google.iam.credentials.v1.IAMCredentials/GenerateAccessToken` over HTTP/2 on the HTTPS
//! listener. The few protobuf messages are coded by hand (field numbers from
//! google/iam/credentials/v1/common.proto); the call itself is the REST handler's, so checks and
//! audit lines are the same on both wires.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::{ConnectInfo, Path, State as AxumState};
use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderMap, HeaderName, HeaderValue, Version};
use axum::response::Response;
use http_body_util::{BodyExt as _, Full};
use serde_json::{Value, json};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::audit::Code;
use super::call::{Refusal, State};
use super::iam_credentials::{Invocation, Method, invoke};

const GRPC_STATUS: HeaderName = HeaderName::from_static("grpc-status");
const GRPC_MESSAGE: HeaderName = HeaderName::from_static("grpc-message");

/// `POST /google.iam.credentials.v1.IAMCredentials/{method}`: one unary call. The answer is
/// always HTTP 200; how the call went is in the `grpc-status` and `grpc-message` trailers.
pub(crate) async fn iam_credentials(
    AxumState(state): AxumState<Arc<State>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(method): Path<String>,
    version: Version,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    match call(&state, peer, &method, version, &headers, &body).await {
        Ok(message) => reply(frame(&message), Code::Ok, ""),
        Err(refusal) => reply(Vec::new(), refusal.code(), refusal.message()),
    }
}

async fn call(
    state: &State,
    peer: SocketAddr,
    method: &str,
    version: Version,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<Vec<u8>, Refusal> {
    if method != Method::GenerateAccessToken.audit_name() {
        return Err(Refusal::rpc(
            Code::Unimplemented,
            format!("The emulator serves {method} over REST only."),
        ));
    }
    let request = AccessTokenRequest::decode(unframe(body)?).ok_or_else(|| {
        Refusal::rpc(
            Code::InvalidArgument,
            "The request is not a GenerateAccessTokenRequest.",
        )
    })?;
    let invocation =
        Invocation::on_name(&request.name, Method::GenerateAccessToken).ok_or_else(|| {
            Refusal::rpc(
                Code::InvalidArgument,
                format!(
                    "Invalid resource name \"{}\": expected projects/-/serviceAccounts/EMAIL.",
                    request.name
                ),
            )
        })?;
    let answer = invoke(
        state,
        peer,
        headers,
        Some(version),
        &invocation,
        request.to_json().to_string().as_bytes(),
    )
    .await?;
    access_token_response(&answer)
        .ok_or_else(|| Refusal::rpc(Code::Internal, "the minted token has no valid expiry"))
}

/// GenerateAccessTokenRequest: name = 1, delegates = 2, scope = 4, lifetime = 7.
struct AccessTokenRequest {
    name: String,
    delegates: Vec<String>,
    scope: Vec<String>,
    /// google.protobuf.Duration: seconds = 1, nanos = 2.
    lifetime: Option<(i64, i32)>,
}

impl AccessTokenRequest {
    fn decode(message: &[u8]) -> Option<Self> {
        let mut request = Self {
            name: String::new(),
            delegates: Vec::new(),
            scope: Vec::new(),
            lifetime: None,
        };
        for (number, field) in fields(message)? {
            match (number, field) {
                (1, Field::Bytes(b)) => request.name = text(b)?,
                (2, Field::Bytes(b)) => request.delegates.push(text(b)?),
                (4, Field::Bytes(b)) => request.scope.push(text(b)?),
                (7, Field::Bytes(b)) => {
                    let (mut seconds, mut nanos) = (0, 0);
                    for (number, field) in fields(b)? {
                        // int64 and int32 travel as the two's complement of their 64-bit value.
                        match (number, field) {
                            (1, Field::Varint(v)) => seconds = v as i64,
                            (2, Field::Varint(v)) => nanos = v as i32,
                            _ => {}
                        }
                    }
                    request.lifetime = Some((seconds, nanos));
                }
                // Unknown fields are skipped, as protobuf parsers do.
                _ => {}
            }
        }
        Some(request)
    }

    /// The REST request body: the lifetime as protobuf JSON writes a Duration; one the REST
    /// handler refuses (negative, say) is refused here alike.
    fn to_json(&self) -> Value {
        let mut body = json!({"delegates": self.delegates, "scope": self.scope});
        if let Some((seconds, nanos)) = self.lifetime {
            body["lifetime"] = json!(match nanos {
                0 => format!("{seconds}s"),
                _ => format!("{seconds}.{nanos:09}s"),
            });
        }
        body
    }
}

/// GenerateAccessTokenResponse (access_token = 1, expire_time = 3, a google.protobuf.Timestamp
/// of seconds = 1, nanos = 2) from the REST answer.
fn access_token_response(answer: &Value) -> Option<Vec<u8>> {
    let token = answer["accessToken"].as_str()?;
    let expires = OffsetDateTime::parse(answer["expireTime"].as_str()?, &Rfc3339).ok()?;
    let mut timestamp = Vec::new();
    put_varint_field(&mut timestamp, 1, expires.unix_timestamp() as u64);
    put_varint_field(&mut timestamp, 2, u64::from(expires.nanosecond()));
    let mut message = Vec::new();
    put_bytes_field(&mut message, 1, token.as_bytes());
    put_bytes_field(&mut message, 3, &timestamp);
    Some(message)
}

/// The one message of a unary request: a 5-byte prefix (compressed flag, big-endian length),
/// then the message.
fn unframe(body: &[u8]) -> Result<&[u8], Refusal> {
    let invalid = || {
        Refusal::rpc(
            Code::InvalidArgument,
            "The request is not one gRPC message.",
        )
    };
    let (prefix, message) = body.split_at_checked(5).ok_or_else(invalid)?;
    let length = u32::from_be_bytes([prefix[1], prefix[2], prefix[3], prefix[4]]);
    if prefix[0] != 0 {
        return Err(Refusal::rpc(
            Code::Unimplemented,
            "The emulator takes no compressed messages.",
        ));
    }
    if usize::try_from(length).ok() != Some(message.len()) {
        return Err(invalid());
    }
    Ok(message)
}

fn frame(message: &[u8]) -> Vec<u8> {
    let mut framed = Vec::with_capacity(5 + message.len());
    framed.push(0);
    // An answer is a few hundred bytes, far below 4 GiB.
    framed.extend_from_slice(&(message.len() as u32).to_be_bytes());
    framed.extend_from_slice(message);
    framed
}

/// `body` (framed messages, or nothing) and the status in trailers.
fn reply(body: Vec<u8>, code: Code, message: &str) -> Response {
    let mut trailers = HeaderMap::new();
    trailers.insert(GRPC_STATUS, HeaderValue::from(code as i32));
    if !message.is_empty()
        && let Ok(text) = HeaderValue::from_str(&percent_encode(message))
    {
        trailers.insert(GRPC_MESSAGE, text);
    }
    let body = Full::new(Bytes::from(body)).with_trailers(async { Some(Ok(trailers)) });
    let mut response = Response::new(Body::new(body));
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("application/grpc"));
    response
}

/// grpc-message's encoding: bytes outside printable ASCII, and `%`, as `%XX`.
fn percent_encode(text: &str) -> String {
    let mut encoded = String::with_capacity(text.len());
    for byte in text.bytes() {
        if (0x20..=0x7e).contains(&byte) && byte != b'%' {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

/// A field's value on the wire, as far as these messages need it.
#[derive(Debug, PartialEq)]
enum Field<'a> {
    Varint(u64),
    Bytes(&'a [u8]),
    /// A fixed 32- or 64-bit value, which no field here has.
    Fixed,
}

/// A message's fields in wire order, or `None` if it is not a well-formed message.
fn fields(mut message: &[u8]) -> Option<Vec<(u64, Field<'_>)>> {
    let mut fields = Vec::new();
    while !message.is_empty() {
        let key = varint(&mut message)?;
        let field = match key & 7 {
            0 => Field::Varint(varint(&mut message)?),
            1 | 5 => {
                let width = if key & 7 == 1 { 8 } else { 4 };
                message = message.get(width..)?;
                Field::Fixed
            }
            2 => {
                let length = usize::try_from(varint(&mut message)?).ok()?;
                let (value, rest) = message.split_at_checked(length)?;
                message = rest;
                Field::Bytes(value)
            }
            _ => return None,
        };
        fields.push((key >> 3, field));
    }
    Some(fields)
}

fn varint(buf: &mut &[u8]) -> Option<u64> {
    let mut value = 0u64;
    for shift in (0..64).step_by(7) {
        let (&byte, rest) = buf.split_first()?;
        *buf = rest;
        value |= u64::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return Some(value);
        }
    }
    None
}

fn text(bytes: &[u8]) -> Option<String> {
    String::from_utf8(bytes.to_vec()).ok()
}

fn put_varint(out: &mut Vec<u8>, mut value: u64) {
    while value >= 0x80 {
        out.push((value as u8) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

/// A varint field; zero, the default, is left out as proto3 does.
fn put_varint_field(out: &mut Vec<u8>, number: u64, value: u64) {
    if value != 0 {
        put_varint(out, number << 3);
        put_varint(out, value);
    }
}

fn put_bytes_field(out: &mut Vec<u8>, number: u64, bytes: &[u8]) {
    put_varint(out, (number << 3) | 2);
    put_varint(out, bytes.len() as u64);
    out.extend_from_slice(bytes);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Bytes as python's protobuf (google-cloud-iam's types) writes them, in hex.
    fn from_hex(hex: &str) -> Vec<u8> {
        (0..hex.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
            .collect()
    }

    #[test]
    fn requests_decode_with_the_published_field_numbers() {
        // GenerateAccessTokenRequest(name="projects/-/serviceAccounts/a@b", delegates=["d"],
        // scope=["s1", "s2"], lifetime=Duration(seconds=300, nanos=5)), then an unknown field 9.
        let mut message = from_hex(
            "0a1e70726f6a656374732f2d2f736572766963654163636f756e74732f614062\
             12016422027331220273323a0508ac021005",
        );
        put_varint_field(&mut message, 9, 1);
        let request = AccessTokenRequest::decode(&message).unwrap();
        assert_eq!(request.name, "projects/-/serviceAccounts/a@b");
        assert_eq!(
            request.to_json(),
            json!({"delegates": ["d"], "scope": ["s1", "s2"], "lifetime": "300.000000005s"})
        );
        // A negative duration (seconds = -1, a 10-byte varint) reaches the REST handler as such,
        // to be refused there.
        let mut negative = Vec::new();
        put_varint_field(&mut negative, 1, -1i64 as u64);
        let mut message = Vec::new();
        put_bytes_field(&mut message, 7, &negative);
        let request = AccessTokenRequest::decode(&message).unwrap();
        assert_eq!(request.to_json()["lifetime"], "-1s");
    }

    #[test]
    fn malformed_messages_and_frames_are_refused() {
        for bad in [
            &[0x0a, 0x05, b'a'][..], // length past the end
            &[0x08][..],             // key without value
            &[0x0b][..],             // wire type 3 (groups)
            &[
                0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01,
            ][..], // varint too long
            &[0x0a, 0x01, 0xff][..], // name not UTF-8
        ] {
            assert!(AccessTokenRequest::decode(bad).is_none(), "{bad:?}");
        }
        assert!(unframe(&[0, 0, 0, 0]).is_err());
        assert!(unframe(&[0, 0, 0, 0, 2, 1]).is_err());
        assert!(unframe(&[1, 0, 0, 0, 1, 1]).is_err());
        assert_eq!(unframe(&[0, 0, 0, 0, 1, 7]).unwrap(), [7]);
    }

    #[test]
    fn responses_encode_the_token_and_its_expiry() {
        let answer = json!({"accessToken": "ya29.t", "expireTime": "2030-01-01T00:00:00.5Z"});
        let message = access_token_response(&answer).unwrap();
        // GenerateAccessTokenResponse(access_token="ya29.t",
        // expire_time=Timestamp(seconds=1893456000, nanos=500000000)).
        assert_eq!(
            message,
            from_hex("0a06796132392e741a0c0880b1ef86071080cab5ee01")
        );
        assert_eq!(&frame(&message)[..5], [0, 0, 0, 0, message.len() as u8]);
    }

    #[test]
    fn status_messages_are_percent_encoded() {
        assert_eq!(percent_encode("50% done: ok"), "50%25 done: ok");
        assert_eq!(percent_encode("é\n"), "%C3%A9%0A");
    }
}
