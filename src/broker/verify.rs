//! Who is calling: a Google-signed OpenID Connect ID token, verified by the broker itself.
//!
//! The checks are those of Google's "Validating an ID token": an RS256 signature by one of the
//! keys Google publishes (fetched, cached for the `Cache-Control` max-age, fetched again when a
//! token names a key not in the cache), `iss` Google's, `aud` the broker's, `exp` not past
//! (with a small allowance for clock skew), and a verified email. Nothing a load balancer might
//! forward (an `X-Forwarded-*` or `X-Goog-Authenticated-*` header) is ever taken instead.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use aws_lc_rs::signature::{ParsedPublicKey, RSA_PKCS1_2048_8192_SHA256, RsaPublicKeyComponents};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::Deserialize;
use serde_json::Value;
use time::OffsetDateTime;
use tokio::sync::{Mutex, RwLock};

/// Google's published ID-token keys.
pub const GOOGLE_JWKS_URL: &str = "https://www.googleapis.com/oauth2/v3/certs";

/// The `iss` values of Google's ID tokens; Google documents both.
pub const GOOGLE_ISSUERS: [&str; 2] = ["https://accounts.google.com", "accounts.google.com"];

/// How far the broker's clock and Google's may disagree.
const SKEW: i64 = 60;

/// How long keys are kept when the JWKS answer says nothing about caching.
const DEFAULT_MAX_AGE: Duration = Duration::from_secs(300);

/// Tokens verified and remembered at most, before the expired ones are dropped (and, when
/// none has expired, all of them).
const MAX_REMEMBERED: usize = 10_000;

/// Tokens naming an unknown key refetch the keys at most this often, so that a flood of
/// forged tokens cannot make the broker hammer Google.
const MIN_REFETCH: Duration = Duration::from_secs(1);

/// Why a caller's token was not accepted. Each reads as the end of "The broker refused your
/// identity token: ...".
#[derive(Debug, thiserror::Error)]
pub enum VerifyError {
    #[error("no bearer token was sent")]
    Missing,
    #[error("it is not a JWT")]
    Malformed,
    #[error("its algorithm is {0}, and only RS256 is accepted")]
    Algorithm(String),
    #[error("it is signed with a key Google does not publish")]
    UnknownKey,
    #[error("its signature does not verify")]
    Signature,
    #[error("it was issued by {0}, not Google")]
    Issuer(String),
    #[error("it is for the audience {0}, not this broker")]
    Audience(String),
    #[error("it expired")]
    Expired,
    #[error("it names no email")]
    NoEmail,
    #[error("its email {0} is not verified")]
    Unverified(String),
    #[error("the broker could not fetch Google's keys from {url}: {why}")]
    Jwks { url: String, why: String },
}

impl VerifyError {
    /// Whether the fault is the broker's (its keys could not be had) rather than the caller's.
    pub fn is_internal(&self) -> bool {
        matches!(self, VerifyError::Jwks { .. })
    }
}

/// Where the keys and which issuers and audiences count; other than Google's only in tests
/// and the sandbox.
#[derive(Clone, Debug)]
pub struct Trust {
    pub jwks_url: String,
    pub issuers: Vec<String>,
    pub audiences: Vec<String>,
}

/// The verified caller.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Identity {
    /// Lower-case email.
    pub email: String,
}

#[derive(Deserialize)]
struct Header {
    alg: String,
    kid: Option<String>,
}

#[derive(Deserialize)]
struct Claims {
    iss: Option<String>,
    aud: Option<Value>,
    exp: Option<i64>,
    email: Option<String>,
    email_verified: Option<Value>,
}

#[derive(Deserialize)]
struct Jwk {
    kid: Option<String>,
    kty: String,
    n: Option<String>,
    e: Option<String>,
}

#[derive(Deserialize)]
struct JwkSet {
    keys: Vec<Jwk>,
}

struct Key {
    kid: String,
    /// Parsed once when fetched: building the RSA key from `n` and `e` on every request cost
    /// more than the signature check itself.
    public: ParsedPublicKey,
}

#[derive(Default)]
struct Cache {
    keys: Vec<Key>,
    /// When the keys go stale; `None` before the first fetch.
    fresh_until: Option<Instant>,
    fetched_at: Option<Instant>,
}

/// Verifies ID tokens against a JWKS it keeps cached; shared by every request.
pub struct Verifier {
    trust: Trust,
    http: reqwest::Client,
    cache: RwLock<Cache>,
    /// Tokens that verified, by their SHA-256, with their `exp`: a client sends the same ID
    /// token for the hour it lives, so its signature and claims are checked once (the RSA
    /// check was a tenth of the broker's CPU time under load), and after that only its expiry.
    remembered: std::sync::Mutex<HashMap<[u8; 32], (Identity, i64)>>,
    /// Held while fetching, so that concurrent requests wait for one fetch.
    fetching: Mutex<()>,
    min_refetch: Duration,
}

impl Verifier {
    pub fn new(trust: Trust, http: reqwest::Client) -> Self {
        Self {
            trust,
            http,
            cache: RwLock::default(),
            remembered: std::sync::Mutex::default(),
            fetching: Mutex::new(()),
            min_refetch: MIN_REFETCH,
        }
    }

    /// Whether an ID token for `audience` would prove its holder to this broker.
    pub fn accepts_audience(&self, audience: &str) -> bool {
        self.trust.audiences.iter().any(|a| a == audience)
    }

    /// The caller behind `token`, or why it is refused.
    pub async fn verify(&self, token: &str) -> Result<Identity, VerifyError> {
        let now = OffsetDateTime::now_utc().unix_timestamp();
        let digest = aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, token.as_bytes());
        let mut key = [0; 32];
        key.copy_from_slice(digest.as_ref());
        if let Ok(remembered) = self.remembered.lock()
            && let Some((identity, exp)) = remembered.get(&key)
        {
            return if exp + SKEW < now {
                Err(VerifyError::Expired)
            } else {
                Ok(identity.clone())
            };
        }
        let (identity, exp) = self.verify_anew(token, now).await?;
        if let Ok(mut remembered) = self.remembered.lock() {
            if remembered.len() >= MAX_REMEMBERED {
                remembered.retain(|_, (_, exp)| *exp + SKEW >= now);
                if remembered.len() >= MAX_REMEMBERED {
                    remembered.clear();
                }
            }
            remembered.insert(key, (identity.clone(), exp));
        }
        Ok(identity)
    }

    /// Every check of `token`; the caller and the token's `exp`.
    async fn verify_anew(&self, token: &str, now: i64) -> Result<(Identity, i64), VerifyError> {
        let mut parts = token.split('.');
        let (Some(header), Some(payload), Some(signature), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(VerifyError::Malformed);
        };
        let header: Header = decode_json(header)?;
        // Only RS256: `none` and HS256 (a MAC keyed with the public key) are the classic
        // forgeries, and Google signs nothing else.
        if header.alg != "RS256" {
            return Err(VerifyError::Algorithm(header.alg));
        }
        let kid = header.kid.ok_or(VerifyError::UnknownKey)?;
        let signature = URL_SAFE_NO_PAD
            .decode(signature)
            .map_err(|_| VerifyError::Malformed)?;
        let signed = &token[..header_and_payload_len(token)];
        self.check_signature(&kid, signed.as_bytes(), &signature)
            .await?;
        let claims: Claims = decode_json(payload)?;
        let exp = claims.exp.unwrap_or_default();
        self.check_claims(claims, now)
            .map(|identity| (identity, exp))
    }

    async fn check_signature(
        &self,
        kid: &str,
        signed: &[u8],
        signature: &[u8],
    ) -> Result<(), VerifyError> {
        let verify = |cache: &Cache| {
            cache.keys.iter().find(|k| k.kid == kid).map(|k| {
                k.public
                    .verify_sig(signed, signature)
                    .map_err(|_| VerifyError::Signature)
            })
        };
        {
            let cache = self.cache.read().await;
            let fresh = cache.fresh_until.is_some_and(|t| Instant::now() < t);
            if fresh && let Some(result) = verify(&cache) {
                return result;
            }
        }
        self.refresh().await?;
        verify(&*self.cache.read().await).unwrap_or(Err(VerifyError::UnknownKey))
    }

    /// Fetches the keys unless another request just did.
    async fn refresh(&self) -> Result<(), VerifyError> {
        let _fetching = self.fetching.lock().await;
        {
            let cache = self.cache.read().await;
            let stale = cache.fresh_until.is_none_or(|t| Instant::now() >= t);
            let recent = cache
                .fetched_at
                .is_some_and(|t| t.elapsed() < self.min_refetch);
            if recent && !stale {
                return Ok(());
            }
        }
        let (keys, max_age) = self.fetch().await?;
        let now = Instant::now();
        *self.cache.write().await = Cache {
            keys,
            fresh_until: Some(now + max_age),
            fetched_at: Some(now),
        };
        Ok(())
    }

    async fn fetch(&self) -> Result<(Vec<Key>, Duration), VerifyError> {
        let url = &self.trust.jwks_url;
        let failed = |why: String| VerifyError::Jwks {
            url: url.clone(),
            why,
        };
        let response = self
            .http
            .get(url)
            .send()
            .await
            .map_err(|e| failed(crate::google::root_cause(&e)))?;
        if !response.status().is_success() {
            return Err(failed(format!("it answered {}", response.status())));
        }
        let max_age = response
            .headers()
            .get(reqwest::header::CACHE_CONTROL)
            .and_then(|v| v.to_str().ok())
            .and_then(max_age)
            .unwrap_or(DEFAULT_MAX_AGE);
        let set: JwkSet = response
            .json()
            .await
            .map_err(|_| failed("its answer is not a JWKS".into()))?;
        let keys = set
            .keys
            .into_iter()
            .filter(|k| k.kty == "RSA")
            .filter_map(|k| {
                let n = URL_SAFE_NO_PAD.decode(k.n?).ok()?;
                let e = URL_SAFE_NO_PAD.decode(k.e?).ok()?;
                let public = RsaPublicKeyComponents { n, e }
                    .to_parsed_public_key(&RSA_PKCS1_2048_8192_SHA256)
                    .ok()?;
                Some(Key {
                    kid: k.kid?,
                    public,
                })
            })
            .collect();
        Ok((keys, max_age))
    }

    fn check_claims(&self, claims: Claims, now: i64) -> Result<Identity, VerifyError> {
        let iss = claims.iss.unwrap_or_default();
        if !self.trust.issuers.contains(&iss) {
            return Err(VerifyError::Issuer(iss));
        }
        // Google's ID tokens carry one audience, as a string; JWT allows an array.
        let audiences: Vec<String> = match claims.aud {
            Some(Value::String(a)) => vec![a],
            Some(Value::Array(a)) => a
                .into_iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect(),
            _ => Vec::new(),
        };
        if !audiences.iter().any(|a| self.trust.audiences.contains(a)) {
            return Err(VerifyError::Audience(audiences.join(", ")));
        }
        if claims.exp.is_none_or(|exp| exp + SKEW < now) {
            return Err(VerifyError::Expired);
        }
        let email = claims
            .email
            .filter(|e| e.contains('@'))
            .ok_or(VerifyError::NoEmail)?
            .to_lowercase();
        let verified = match claims.email_verified {
            Some(Value::Bool(b)) => b,
            Some(Value::String(s)) => s == "true",
            _ => false,
        };
        if !verified {
            return Err(VerifyError::Unverified(email));
        }
        Ok(Identity { email })
    }
}

fn header_and_payload_len(token: &str) -> usize {
    token.rfind('.').unwrap_or(0)
}

fn decode_json<T: serde::de::DeserializeOwned>(part: &str) -> Result<T, VerifyError> {
    let bytes = URL_SAFE_NO_PAD
        .decode(part)
        .map_err(|_| VerifyError::Malformed)?;
    serde_json::from_slice(&bytes).map_err(|_| VerifyError::Malformed)
}

/// The `max-age` of a `Cache-Control` value, unless it also says not to cache.
fn max_age(cache_control: &str) -> Option<Duration> {
    let directives: Vec<&str> = cache_control.split(',').map(str::trim).collect();
    if directives
        .iter()
        .any(|d| d.eq_ignore_ascii_case("no-store") || d.eq_ignore_ascii_case("no-cache"))
    {
        return Some(Duration::ZERO);
    }
    directives.iter().find_map(|d| {
        let (name, value) = d.split_once('=')?;
        name.trim()
            .eq_ignore_ascii_case("max-age")
            .then(|| value.trim().parse().ok().map(Duration::from_secs))?
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_lc_rs::rsa::{KeySize, PublicKeyComponents};
    use aws_lc_rs::signature::{KeyPair as _, RSA_PKCS1_SHA256, RsaKeyPair};
    use serde_json::json;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    const AUDIENCE: &str = "https://broker.example";
    const ISSUER: &str = "https://accounts.google.com";

    struct TestKey {
        kid: String,
        pair: RsaKeyPair,
    }

    impl TestKey {
        fn new(kid: &str) -> Self {
            Self {
                kid: kid.into(),
                pair: RsaKeyPair::generate(KeySize::Rsa2048).unwrap(),
            }
        }

        fn jwk(&self) -> Value {
            let public = PublicKeyComponents::<Vec<u8>>::from(self.pair.public_key());
            json!({"kty": "RSA", "alg": "RS256", "kid": self.kid,
                   "n": URL_SAFE_NO_PAD.encode(&public.n), "e": URL_SAFE_NO_PAD.encode(&public.e)})
        }

        fn sign(&self, header: &Value, claims: &Value) -> String {
            let input = format!(
                "{}.{}",
                URL_SAFE_NO_PAD.encode(header.to_string()),
                URL_SAFE_NO_PAD.encode(claims.to_string())
            );
            let mut sig = vec![0; self.pair.public_modulus_len()];
            self.pair
                .sign(
                    &RSA_PKCS1_SHA256,
                    &aws_lc_rs::rand::SystemRandom::new(),
                    input.as_bytes(),
                    &mut sig,
                )
                .unwrap();
            format!("{input}.{}", URL_SAFE_NO_PAD.encode(sig))
        }

        fn token(&self, claims: &Value) -> String {
            self.sign(&json!({"alg": "RS256", "kid": self.kid}), claims)
        }
    }

    fn claims() -> Value {
        let now = OffsetDateTime::now_utc().unix_timestamp();
        json!({"iss": ISSUER, "aud": AUDIENCE, "exp": now + 600, "iat": now,
               "email": "Alice@Example.com", "email_verified": true})
    }

    /// A JWKS server whose key set the test can swap; counts its fetches.
    async fn jwks_server(keys: Arc<std::sync::Mutex<Value>>) -> (String, Arc<AtomicUsize>) {
        let fetches = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&fetches);
        let app = axum::Router::new().route(
            "/certs",
            axum::routing::get(move || {
                counter.fetch_add(1, Ordering::SeqCst);
                let body = keys.lock().unwrap().clone();
                async move {
                    (
                        [("cache-control", "public, max-age=3600")],
                        axum::Json(body),
                    )
                }
            }),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/certs", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await });
        (url, fetches)
    }

    fn verifier(url: String) -> Verifier {
        let mut v = Verifier::new(
            Trust {
                jwks_url: url,
                issuers: vec![ISSUER.into()],
                audiences: vec![AUDIENCE.into()],
            },
            reqwest::Client::new(),
        );
        v.min_refetch = Duration::ZERO;
        v
    }

    #[tokio::test]
    async fn good_tokens_pass_and_forgeries_do_not() {
        let google = TestKey::new("k1");
        let keys = Arc::new(std::sync::Mutex::new(json!({"keys": [google.jwk()]})));
        let (url, fetches) = jwks_server(Arc::clone(&keys)).await;
        let v = verifier(url);

        let id = v.verify(&google.token(&claims())).await.unwrap();
        assert_eq!(id.email, "alice@example.com");
        // Cached: a second token costs no fetch.
        v.verify(&google.token(&claims())).await.unwrap();
        assert_eq!(fetches.load(Ordering::SeqCst), 1);

        let refused = |r: Result<Identity, VerifyError>| r.unwrap_err().to_string();
        // A key Google does not publish, even under Google's kid.
        let mallory = TestKey::new("k1");
        assert_eq!(
            refused(v.verify(&mallory.token(&claims())).await),
            "its signature does not verify"
        );
        let mut c = claims();
        c["aud"] = json!("https://other.example");
        assert!(refused(v.verify(&google.token(&c)).await).contains("audience"));
        let mut c = claims();
        c["exp"] = json!(OffsetDateTime::now_utc().unix_timestamp() - 3600);
        assert_eq!(refused(v.verify(&google.token(&c)).await), "it expired");
        let mut c = claims();
        c["email_verified"] = json!(false);
        assert!(refused(v.verify(&google.token(&c)).await).contains("not verified"));
        let mut c = claims();
        c["iss"] = json!("https://evil.example");
        assert!(refused(v.verify(&google.token(&c)).await).contains("not Google"));

        // alg none: no signature at all.
        let none = format!(
            "{}.{}.",
            URL_SAFE_NO_PAD.encode(json!({"alg": "none", "kid": "k1"}).to_string()),
            URL_SAFE_NO_PAD.encode(claims().to_string())
        );
        assert!(refused(v.verify(&none).await).contains("none"));
        // HS256 keyed with the public key's bytes, the algorithm-confusion forgery.
        let header = json!({"alg": "HS256", "kid": "k1"});
        let input = format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(header.to_string()),
            URL_SAFE_NO_PAD.encode(claims().to_string())
        );
        let mac_key = aws_lc_rs::hmac::Key::new(
            aws_lc_rs::hmac::HMAC_SHA256,
            google.jwk().to_string().as_bytes(),
        );
        let tag = aws_lc_rs::hmac::sign(&mac_key, input.as_bytes());
        let hs = format!("{input}.{}", URL_SAFE_NO_PAD.encode(tag.as_ref()));
        assert!(refused(v.verify(&hs).await).contains("HS256"));
        assert_eq!(
            refused(v.verify("not-a-jwt").await),
            "it is not a JWT".to_owned()
        );
    }

    #[tokio::test]
    async fn a_new_key_id_is_fetched_when_google_rotates() {
        let old = TestKey::new("old");
        let keys = Arc::new(std::sync::Mutex::new(json!({"keys": [old.jwk()]})));
        let (url, fetches) = jwks_server(Arc::clone(&keys)).await;
        let v = verifier(url);
        v.verify(&old.token(&claims())).await.unwrap();

        let new = TestKey::new("new");
        *keys.lock().unwrap() = json!({"keys": [old.jwk(), new.jwk()]});
        // Within the max-age, yet the unknown kid makes the broker look again.
        v.verify(&new.token(&claims())).await.unwrap();
        assert_eq!(fetches.load(Ordering::SeqCst), 2);
        // A kid nobody publishes is still refused after looking.
        let stranger = TestKey::new("stranger");
        assert!(matches!(
            v.verify(&stranger.token(&claims())).await,
            Err(VerifyError::UnknownKey)
        ));
    }

    #[test]
    fn cache_control_max_age_is_read() {
        assert_eq!(
            max_age("public, max-age=19845, must-revalidate, no-transform"),
            Some(Duration::from_secs(19845))
        );
        assert_eq!(max_age("no-store"), Some(Duration::ZERO));
        assert_eq!(max_age("public"), None);
    }
}
