//! Who may use the proxy: the session's own processes. Every connection must come from the
//! user gsudo runs as (checked at accept, `serve::listen`); of those, a request is served when
//! it carries the session secret in `Proxy-Authorization` (clients that read `HTTPS_PROXY` from
//! the child's environment, which only this user can read) or when a process of the session's
//! tree holds the connection (gcloud, gsutil and bq, whose proxy settings hold no secret: gcloud
//! hands them to its tools on the command line, where every user can read them).

use base64::Engine as _;

use crate::serve::peer::Peer;
use crate::types::Secret;

/// Whether the proxy serves a request with `header` as its `Proxy-Authorization` on a
/// connection from `peer`. The process tree is looked at only without the secret, once per
/// connection.
pub async fn admits(header: Option<&[u8]>, secret: &Secret, peer: &Peer) -> bool {
    authorized(header, secret) || peer.in_session().await
}

/// Whether a `Proxy-Authorization` value is `Basic` with the session secret as its password.
/// The user name is not checked: it is no secret, and clients differ in what they send.
pub fn authorized(header: Option<&[u8]>, secret: &Secret) -> bool {
    header
        .and_then(basic_password)
        .is_some_and(|password| secret.matches(&password))
}

/// The password of a `Basic` credential (`Basic base64(user:password)`).
fn basic_password(header: &[u8]) -> Option<String> {
    let header = std::str::from_utf8(header).ok()?.trim();
    let (scheme, encoded) = header.split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(encoded.trim())
        .ok()?;
    let decoded = String::from_utf8(decoded).ok()?;
    let (_user, password) = decoded.split_once(':')?;
    Some(password.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn basic(user_password: &str) -> Vec<u8> {
        format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode(user_password)
        )
        .into_bytes()
    }

    #[test]
    fn only_the_session_secret_passes() {
        let secret = Secret::new("s3cret:with-colon".into());
        assert!(authorized(Some(&basic("gsudo:s3cret:with-colon")), &secret));
        assert!(authorized(
            Some(&basic("anyone:s3cret:with-colon")),
            &secret
        ));
        assert!(authorized(
            Some(b"basic   Z3N1ZG86czNjcmV0OndpdGgtY29sb24= "),
            &secret
        ));
        for bad in [
            basic("gsudo:s3cret"),
            basic("gsudo:"),
            basic("s3cret:with-colon"),
            b"Bearer s3cret:with-colon".to_vec(),
            b"Basic !!!".to_vec(),
            b"Basic".to_vec(),
            vec![0xff, 0xfe],
        ] {
            assert!(!authorized(Some(&bad), &secret), "{bad:?}");
        }
        assert!(!authorized(None, &secret));
    }
}
