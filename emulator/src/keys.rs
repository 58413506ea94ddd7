//! RSA signing keys: Google's ID-token key and one key per service account, made on first use.

use std::collections::HashMap;

use aws_lc_rs::rsa::{KeySize, PublicKeyComponents};
use aws_lc_rs::signature::{KeyPair as _, RSA_PKCS1_SHA256, RsaKeyPair};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore as _;
use serde_json::{Value, json};
use tokio::sync::OnceCell;

use super::world::World;

/// A signing operation failed inside the crypto library.
#[derive(Debug, thiserror::Error)]
#[error("RSA {0} failed")]
pub(crate) struct KeyError(&'static str);

/// An RS256 key with the key id that JWT headers and JWKS documents name it by.
pub(crate) struct SigningKey {
    pub kid: String,
    pair: RsaKeyPair,
}

impl SigningKey {
    fn generate() -> Result<SigningKey, KeyError> {
        let pair = RsaKeyPair::generate(KeySize::Rsa2048).map_err(|_| KeyError("keygen"))?;
        // Google's key ids are 40 hex digits.
        let mut id = [0u8; 20];
        rand::rng().fill_bytes(&mut id);
        let kid = id.iter().map(|b| format!("{b:02x}")).collect();
        Ok(SigningKey { kid, pair })
    }

    /// RSASSA-PKCS1-v1_5 with SHA-256 over `message`, as signBlob and RS256 JWTs use.
    pub fn sign(&self, message: &[u8]) -> Result<Vec<u8>, KeyError> {
        let mut signature = vec![0u8; self.pair.public_modulus_len()];
        let rng = aws_lc_rs::rand::SystemRandom::new();
        self.pair
            .sign(&RSA_PKCS1_SHA256, &rng, message, &mut signature)
            .map_err(|_| KeyError("signing"))?;
        Ok(signature)
    }

    /// A compact RS256 JWT over `claims` (already-serialized JSON), with this key's `kid`.
    pub fn jwt(&self, claims: &str) -> Result<String, KeyError> {
        let header = json!({"alg": "RS256", "kid": self.kid, "typ": "JWT"}).to_string();
        let signing_input = format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(header),
            URL_SAFE_NO_PAD.encode(claims)
        );
        let signature = self.sign(signing_input.as_bytes())?;
        Ok(format!(
            "{signing_input}.{}",
            URL_SAFE_NO_PAD.encode(signature)
        ))
    }

    /// A JWKS document holding this key's public half, shaped like Google's certs endpoints.
    pub fn jwks(&self) -> Value {
        let public = PublicKeyComponents::<Vec<u8>>::from(self.pair.public_key());
        json!({"keys": [{
            "kty": "RSA",
            "alg": "RS256",
            "use": "sig",
            "kid": self.kid,
            "n": URL_SAFE_NO_PAD.encode(&public.n),
            "e": URL_SAFE_NO_PAD.encode(&public.e),
        }]})
    }
}

/// Every key the emulator signs with; each is generated on first use because 2048-bit RSA
/// key generation is slow and most runs never sign anything.
pub(crate) struct KeyRing {
    google: OnceCell<SigningKey>,
    accounts: HashMap<String, OnceCell<SigningKey>>,
}

impl KeyRing {
    pub fn new(world: &World) -> KeyRing {
        KeyRing {
            google: OnceCell::new(),
            accounts: world
                .service_account_emails()
                .map(|email| (email.to_owned(), OnceCell::new()))
                .collect(),
        }
    }

    /// The key that signs ID tokens, published at `/oauth2/v3/certs`.
    pub async fn google(&self) -> Result<&SigningKey, KeyError> {
        init(&self.google).await
    }

    /// The service account's own key (signJwt, signBlob); `None` for an unknown account.
    pub async fn account(&self, email: &str) -> Option<Result<&SigningKey, KeyError>> {
        let cell = self.accounts.get(email)?;
        Some(init(cell).await)
    }
}

async fn init(cell: &OnceCell<SigningKey>) -> Result<&SigningKey, KeyError> {
    cell.get_or_try_init(|| async {
        // Keygen takes tens of milliseconds or more: keep it off the async workers.
        tokio::task::spawn_blocking(SigningKey::generate)
            .await
            .map_err(|_| KeyError("keygen task"))?
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_lc_rs::signature::{RSA_PKCS1_2048_8192_SHA256, RsaPublicKeyComponents};

    #[tokio::test]
    async fn jwt_verifies_against_the_published_jwks() -> Result<(), Box<dyn std::error::Error>> {
        let ring = KeyRing::new(&World::demo());
        let key = ring.google().await?;
        // The same key comes back: generated once.
        assert_eq!(ring.google().await?.kid, key.kid);

        let jwt = key.jwt(r#"{"sub":"x"}"#)?;
        let (signing_input, signature) = jwt.rsplit_once('.').ok_or("no signature")?;
        let jwks = key.jwks();
        let jwk = &jwks["keys"][0];
        let n = URL_SAFE_NO_PAD.decode(jwk["n"].as_str().ok_or("no n")?)?;
        let e = URL_SAFE_NO_PAD.decode(jwk["e"].as_str().ok_or("no e")?)?;
        RsaPublicKeyComponents { n, e }
            .verify(
                &RSA_PKCS1_2048_8192_SHA256,
                signing_input.as_bytes(),
                &URL_SAFE_NO_PAD.decode(signature)?,
            )
            .map_err(|_| "signature does not verify")?;

        let header: Value =
            serde_json::from_slice(&URL_SAFE_NO_PAD.decode(jwt.split('.').next().unwrap_or(""))?)?;
        assert_eq!(header["kid"], json!(key.kid));
        assert!(ring.account("nobody@example.com").await.is_none());
        Ok(())
    }
}
