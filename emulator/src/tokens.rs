//! Access tokens the emulator has issued, and whom each one speaks for.

use std::collections::HashMap;
use std::sync::Mutex;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore as _;
use time::{Duration, OffsetDateTime};

use super::world::{Member, World};

/// The scope a self-signed JWT with an audience instead of scopes carries: Google accepts it
/// for the API it names, which is all of Google Cloud as far as the emulator cares.
const CLOUD_PLATFORM: &str = "https://www.googleapis.com/auth/cloud-platform";

/// The longest a self-signed JWT may live: Google's hour, plus the clock-skew margin
/// google-cloud-auth puts on each side (it signs `iat` = now - 10 s, `exp` = now + 1 h + 10 s).
const MAX_JWT_LIFETIME: i64 = 3600 + 60;

/// What an issued access token grants: its principal, how it got there, and for how long.
#[derive(Debug, Clone)]
pub(crate) struct Grant {
    pub principal: Member,
    /// Emails of the accounts the principal acts through, the original caller first: empty
    /// for a user's own token, `[alice, relay]` for an auditor token alice got through relay.
    pub chain: Vec<String>,
    pub scopes: Vec<String>,
    pub expires: OffsetDateTime,
    /// The OAuth client the token was issued to (user tokens only), echoed by tokeninfo.
    pub client_id: Option<String>,
}

/// The scopes that let Google say whose token it is: tokeninfo shows the email, and GKE names
/// a service account by it rather than by its numeric id (docs/google-cloud-facts.md §1,
/// "OAuth endpoints").
const EMAIL_SCOPES: &[&str] = &["https://www.googleapis.com/auth/userinfo.email", "email"];

impl Grant {
    pub fn allows_any_scope(&self, accepted: &[&str]) -> bool {
        self.scopes.iter().any(|s| accepted.contains(&s.as_str()))
    }

    /// Whether the token carries the email scope, which lets APIs name its principal by email.
    pub fn shows_email(&self) -> bool {
        self.allows_any_scope(EMAIL_SCOPES)
    }
}

/// The live tokens, keyed by the opaque token string.
#[derive(Default)]
pub(crate) struct TokenStore {
    grants: Mutex<HashMap<String, Grant>>,
}

impl TokenStore {
    /// Issues a new random token for `grant` and returns it.
    pub fn issue(&self, grant: Grant) -> String {
        let token = random_token();
        let now = OffsetDateTime::now_utc();
        let mut grants = self.lock();
        // Dropping dead tokens on every issue keeps a long sandbox session from growing forever.
        grants.retain(|_, g| g.expires > now);
        grants.insert(token.clone(), grant);
        token
    }

    /// The grant behind a live token; `None` for unknown and expired tokens alike.
    pub fn lookup(&self, token: &str) -> Option<Grant> {
        let now = OffsetDateTime::now_utc();
        self.lock().get(token).filter(|g| g.expires > now).cloned()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Grant>> {
        // A panic while holding the lock cannot leave the map half-updated (each operation is
        // a single insert or retain), so a poisoned lock is still safe to use.
        self.grants
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// The grant a self-signed JWT from a `service_account` key file carries: the account named
/// by `iss` (and `sub`), when one of its `public_keys` verifies the RS256 signature and the
/// token is live and asks for at most an hour (give or take clock skew). `None` for anything else, including tokens
/// that are not JWTs at all.
pub(crate) fn self_signed(world: &World, token: &str) -> Option<Grant> {
    use aws_lc_rs::signature::{RSA_PKCS1_2048_8192_SHA256, UnparsedPublicKey};

    let (signing_input, signature) = token.rsplit_once('.')?;
    let (header, claims) = signing_input.split_once('.')?;
    let header: JwtHeader = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(header).ok()?).ok()?;
    let claims: JwtClaims = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(claims).ok()?).ok()?;
    let signature = URL_SAFE_NO_PAD.decode(signature).ok()?;
    if header.alg != "RS256" || claims.sub.as_ref().is_some_and(|sub| *sub != claims.iss) {
        return None;
    }
    let now = OffsetDateTime::now_utc().unix_timestamp();
    if claims.exp <= now || claims.exp - claims.iat > MAX_JWT_LIFETIME {
        return None;
    }
    let account = world.service_account(&claims.iss)?;
    let verified = account
        .public_keys
        .iter()
        .filter(|key| key.matches(header.kid.as_deref()))
        .any(|key| {
            UnparsedPublicKey::new(&RSA_PKCS1_2048_8192_SHA256, &key.der)
                .verify(signing_input.as_bytes(), &signature)
                .is_ok()
        });
    if !verified {
        return None;
    }
    let scopes = match (claims.scope, claims.aud) {
        (Some(scope), _) => scope.split_whitespace().map(str::to_owned).collect(),
        (None, Some(_)) => vec![CLOUD_PLATFORM.to_owned()],
        (None, None) => return None,
    };
    Some(Grant {
        principal: Member::ServiceAccount(account.email.clone()),
        chain: Vec::new(),
        scopes,
        expires: OffsetDateTime::from_unix_timestamp(claims.exp).ok()?,
        client_id: None,
    })
}

#[derive(serde::Deserialize)]
struct JwtHeader {
    alg: String,
    kid: Option<String>,
}

#[derive(serde::Deserialize)]
struct JwtClaims {
    iss: String,
    sub: Option<String>,
    scope: Option<String>,
    aud: Option<String>,
    iat: i64,
    exp: i64,
}

/// An opaque token shaped like Google's (`ya29.` and ~100 url-safe characters), so clients
/// that sniff the prefix or length treat it like the real thing.
fn random_token() -> String {
    let mut bytes = [0u8; 80];
    rand::rng().fill_bytes(&mut bytes);
    format!("ya29.{}", URL_SAFE_NO_PAD.encode(bytes))
}

/// `now + lifetime`, cut to whole seconds as Google's `expireTime` values are.
pub(crate) fn expiry_after(lifetime: Duration) -> OffsetDateTime {
    let at = OffsetDateTime::now_utc() + lifetime;
    at.replace_nanosecond(0).unwrap_or(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grant(expires: OffsetDateTime) -> Grant {
        Grant {
            principal: Member::User("alice@example.com".into()),
            chain: Vec::new(),
            scopes: vec!["https://www.googleapis.com/auth/cloud-platform".into()],
            expires,
            client_id: None,
        }
    }

    #[test]
    fn issued_tokens_look_like_google_tokens_and_resolve() {
        let store = TokenStore::default();
        let token = store.issue(grant(expiry_after(Duration::hours(1))));
        assert!(token.starts_with("ya29."));
        assert!(token.len() > 100);
        assert!(
            token[5..]
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        );
        let found = store.lookup(&token).map(|g| g.principal);
        assert_eq!(found, Some(Member::User("alice@example.com".into())));
        assert!(store.lookup("ya29.unknown").is_none());
    }

    mod self_signed {
        use super::super::*;
        use aws_lc_rs::encoding::AsDer as _;
        use aws_lc_rs::rsa::{KeySize, PublicKeyComponents};
        use aws_lc_rs::signature::{KeyPair as _, RSA_PKCS1_SHA256, RsaKeyPair};
        use base64::engine::general_purpose::STANDARD;
        use serde_json::json;

        const SA: &str = "keyed@p.iam.gserviceaccount.com";

        fn key() -> RsaKeyPair {
            RsaKeyPair::generate(KeySize::Rsa2048).unwrap()
        }

        /// A world where SA holds `pair`'s public key as SPKI, under key id `k1`.
        fn world(pair: &RsaKeyPair) -> World {
            let spki = PublicKeyComponents::<Vec<u8>>::from(pair.public_key())
                .as_der()
                .unwrap();
            let pem = format!(
                "-----BEGIN PUBLIC KEY-----\n{}\n-----END PUBLIC KEY-----\n",
                STANDARD.encode(spki.as_ref())
            );
            let toml = format!(
                "[[service_accounts]]\nemail = \"{SA}\"\n\
                 public_keys = [{{ key_id = \"k1\", pem = '''\n{pem}''' }}]\n"
            );
            World::parse(&toml, "w.toml").unwrap()
        }

        fn jwt(pair: &RsaKeyPair, kid: &str, claims: serde_json::Value) -> String {
            let header = json!({"alg": "RS256", "typ": "JWT", "kid": kid}).to_string();
            let input = format!(
                "{}.{}",
                URL_SAFE_NO_PAD.encode(header),
                URL_SAFE_NO_PAD.encode(claims.to_string())
            );
            let mut sig = vec![0; pair.public_modulus_len()];
            let rng = aws_lc_rs::rand::SystemRandom::new();
            pair.sign(&RSA_PKCS1_SHA256, &rng, input.as_bytes(), &mut sig)
                .unwrap();
            format!("{input}.{}", URL_SAFE_NO_PAD.encode(sig))
        }

        /// Claims as google-cloud-auth writes them: issued 10 s ago, good for an hour.
        fn claims() -> serde_json::Value {
            let iat = OffsetDateTime::now_utc().unix_timestamp() - 10;
            json!({"iss": SA, "sub": SA, "scope": CLOUD_PLATFORM, "iat": iat, "exp": iat + 3600})
        }

        #[test]
        fn a_key_files_jwt_speaks_for_its_service_account() {
            let pair = key();
            let world = world(&pair);
            let grant = self_signed(&world, &jwt(&pair, "k1", claims())).unwrap();
            assert_eq!(grant.principal, Member::ServiceAccount(SA.into()));
            assert!(grant.chain.is_empty());
            assert_eq!(grant.scopes, [CLOUD_PLATFORM]);

            let mut by_audience = claims();
            by_audience.as_object_mut().unwrap().remove("scope");
            by_audience["aud"] = json!("https://iamcredentials.googleapis.com/");
            assert!(self_signed(&world, &jwt(&pair, "k1", by_audience)).is_some());
        }

        #[test]
        fn other_keys_ids_accounts_and_lifetimes_are_refused() {
            let pair = key();
            let world = world(&pair);
            assert!(self_signed(&world, &jwt(&key(), "k1", claims())).is_none());
            assert!(self_signed(&world, &jwt(&pair, "k2", claims())).is_none());

            let mut other = claims();
            other["iss"] = json!("nobody@p.iam.gserviceaccount.com");
            other["sub"] = other["iss"].clone();
            assert!(self_signed(&world, &jwt(&pair, "k1", other)).is_none());

            let mut delegated = claims();
            delegated["sub"] = json!("alice@example.com");
            assert!(self_signed(&world, &jwt(&pair, "k1", delegated)).is_none());

            let now = OffsetDateTime::now_utc().unix_timestamp();
            let mut expired = claims();
            expired["iat"] = json!(now - 3700);
            expired["exp"] = json!(now - 100);
            assert!(self_signed(&world, &jwt(&pair, "k1", expired)).is_none());

            let mut too_long = claims();
            too_long["exp"] = json!(now + 3700);
            assert!(self_signed(&world, &jwt(&pair, "k1", too_long)).is_none());

            assert!(self_signed(&world, "ya29.not-a-jwt").is_none());
            assert!(self_signed(&world, "a.b.c").is_none());
        }
    }

    #[test]
    fn expired_tokens_are_refused_and_pruned() {
        let store = TokenStore::default();
        let dead = store.issue(grant(OffsetDateTime::now_utc() - Duration::seconds(1)));
        assert!(store.lookup(&dead).is_none());
        store.issue(grant(expiry_after(Duration::hours(1))));
        assert_eq!(store.lock().len(), 1);
    }
}
