//! The session's certificate authority: made in memory when the session starts, name-constrained
//! to the intercepted domains, valid no longer than the session, and gone with it.
//!
//! Its private key lives in this struct only: nothing serialises it, and the type has no `Debug`.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use rcgen::{
    BasicConstraints, CertificateParams, DistinguishedName, DnType, ExtendedKeyUsagePurpose,
    GeneralSubtree, IsCa, Issuer, KeyPair, KeyUsagePurpose, NameConstraints,
    PKCS_ECDSA_P256_SHA256,
};
use rustls::ServerConfig;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use time::OffsetDateTime;

/// Leaf configurations kept at most; a child naming ever new subdomains only costs re-signing.
const LEAF_CACHE_LIMIT: usize = 1024;

#[derive(Debug, thiserror::Error)]
pub enum CaError {
    #[error("cannot make the session's certificate authority: {0}")]
    Generate(#[from] rcgen::Error),
    #[error("cannot set up TLS for {host}: {source}")]
    Tls { host: String, source: rustls::Error },
}

/// A per-session CA that issues one leaf certificate per intercepted host.
pub struct SessionCa {
    issuer: Issuer<'static, KeyPair>,
    cert_pem: String,
    not_after: OffsetDateTime,
    /// One key for every leaf: each leaf is still its own certificate, and the key never
    /// leaves memory either.
    leaf_key: KeyPair,
    leaves: Mutex<HashMap<String, Arc<ServerConfig>>>,
    provider: Arc<rustls::crypto::CryptoProvider>,
}

impl SessionCa {
    /// A CA valid from a minute ago (clock skew) until `not_after`, that can only vouch for
    /// names under `permitted` (RFC 5280 dNSName subtrees: `googleapis.com` covers its
    /// subdomains).
    pub fn new(
        session: &str,
        permitted: &[String],
        not_after: OffsetDateTime,
        provider: Arc<rustls::crypto::CryptoProvider>,
    ) -> Result<Self, CaError> {
        let key = KeyPair::generate_for(&PKCS_ECDSA_P256_SHA256)?;
        let mut params = CertificateParams::default();
        let mut name = DistinguishedName::new();
        name.push(DnType::CommonName, format!("gsudo session {session}"));
        name.push(DnType::OrganizationName, "gsudo");
        params.distinguished_name = name;
        params.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
        params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        params.name_constraints = Some(name_constraints(permitted));
        params.not_before = OffsetDateTime::now_utc() - time::Duration::minutes(1);
        params.not_after = not_after;
        params.serial_number = Some(random_serial());
        let cert = params.self_signed(&key)?;
        Ok(Self {
            issuer: Issuer::new(params, key),
            cert_pem: cert.pem(),
            not_after,
            leaf_key: KeyPair::generate_for(&PKCS_ECDSA_P256_SHA256)?,
            leaves: Mutex::new(HashMap::new()),
            provider,
        })
    }

    /// The CA certificate (no key), for the child's trust bundle.
    pub fn cert_pem(&self) -> &str {
        &self.cert_pem
    }

    /// The TLS server configuration presenting a certificate for `host`, made on first use.
    pub fn server_config(&self, host: &str) -> Result<Arc<ServerConfig>, CaError> {
        let host = host.to_ascii_lowercase();
        if let Some(config) = self.leaves().get(&host) {
            return Ok(Arc::clone(config));
        }
        let config = Arc::new(self.issue(&host)?);
        let mut leaves = self.leaves();
        if leaves.len() >= LEAF_CACHE_LIMIT {
            leaves.clear();
        }
        leaves.insert(host, Arc::clone(&config));
        Ok(config)
    }

    fn leaves(&self) -> std::sync::MutexGuard<'_, HashMap<String, Arc<ServerConfig>>> {
        // A panic while holding the lock leaves a usable cache behind.
        self.leaves.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn issue(&self, host: &str) -> Result<ServerConfig, CaError> {
        let mut params = CertificateParams::new(vec![host.to_owned()])?;
        let mut name = DistinguishedName::new();
        name.push(DnType::CommonName, host);
        params.distinguished_name = name;
        params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
        params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
        params.use_authority_key_identifier_extension = true;
        params.not_before = OffsetDateTime::now_utc() - time::Duration::minutes(1);
        params.not_after = self.not_after;
        params.serial_number = Some(random_serial());
        let cert = params.signed_by(&self.leaf_key, &self.issuer)?;
        let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(self.leaf_key.serialize_der()));
        let tls = |source| CaError::Tls {
            host: host.to_owned(),
            source,
        };
        let mut config = ServerConfig::builder_with_provider(Arc::clone(&self.provider))
            .with_safe_default_protocol_versions()
            .map_err(tls)?
            .with_no_client_auth()
            .with_single_cert(vec![CertificateDer::from(cert.der().to_vec())], key)
            .map_err(tls)?;
        // gRPC needs h2; everything else may still speak HTTP/1.1.
        config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
        Ok(config)
    }
}

fn name_constraints(permitted: &[String]) -> NameConstraints {
    NameConstraints {
        permitted_subtrees: permitted
            .iter()
            .map(|d| GeneralSubtree::DnsName(d.clone()))
            .collect(),
        excluded_subtrees: Vec::new(),
    }
}

fn random_serial() -> rcgen::SerialNumber {
    let mut bytes: [u8; 16] = rand::random();
    // A positive INTEGER: clear the sign bit.
    bytes[0] &= 0x7f;
    rcgen::SerialNumber::from_slice(&bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rustls::RootCertStore;
    use rustls::client::WebPkiServerVerifier;
    use rustls::pki_types::{ServerName, UnixTime};

    fn provider() -> Arc<rustls::crypto::CryptoProvider> {
        Arc::new(rustls::crypto::aws_lc_rs::default_provider())
    }

    fn ca() -> SessionCa {
        SessionCa::new(
            "test",
            &["googleapis.com".to_owned(), "private.example".to_owned()],
            OffsetDateTime::now_utc() + time::Duration::hours(1),
            provider(),
        )
        .unwrap()
    }

    /// Verifies a leaf the way a client trusting only the session CA would.
    fn verify(ca: &SessionCa, leaf: &CertificateDer<'_>, host: &str) -> Result<(), rustls::Error> {
        let mut roots = RootCertStore::empty();
        let ca_der = CertificateDer::from_pem_slice(ca.cert_pem().as_bytes()).unwrap();
        roots.add(ca_der).unwrap();
        let verifier = WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider())
            .build()
            .unwrap();
        verifier
            .verify_server_cert(
                leaf,
                &[],
                &ServerName::try_from(host.to_owned()).unwrap(),
                &[],
                UnixTime::now(),
            )
            .map(|_| ())
    }

    use rustls::client::danger::ServerCertVerifier as _;
    use rustls::pki_types::pem::PemObject as _;

    fn leaf_for(ca: &SessionCa, host: &str) -> CertificateDer<'static> {
        let mut params = CertificateParams::new(vec![host.to_owned()]).unwrap();
        params.not_after = OffsetDateTime::now_utc() + time::Duration::minutes(5);
        params.not_before = OffsetDateTime::now_utc() - time::Duration::minutes(1);
        let cert = params.signed_by(&ca.leaf_key, &ca.issuer).unwrap();
        CertificateDer::from(cert.der().to_vec())
    }

    #[test]
    fn leaves_verify_for_intercepted_hosts_only() {
        let ca = ca();
        let leaf = leaf_for(&ca, "storage.googleapis.com");
        verify(&ca, &leaf, "storage.googleapis.com").unwrap();
        verify(
            &ca,
            &leaf_for(&ca, "api.private.example"),
            "api.private.example",
        )
        .unwrap();
        // The name constraints stop the CA from vouching for anything else, even if its key
        // were used to sign such a leaf.
        let err = verify(&ca, &leaf_for(&ca, "github.com"), "github.com").unwrap_err();
        assert!(format!("{err:?}").contains("NameConstraint"), "{err:?}");
        let err = verify(
            &ca,
            &leaf_for(&ca, "evilgoogleapis.com"),
            "evilgoogleapis.com",
        )
        .unwrap_err();
        assert!(format!("{err:?}").contains("NameConstraint"), "{err:?}");
    }

    #[test]
    fn server_configs_are_cached_per_host_and_speak_h2() {
        let ca = ca();
        let a = ca.server_config("Storage.googleapis.com").unwrap();
        let b = ca.server_config("storage.googleapis.com").unwrap();
        assert!(Arc::ptr_eq(&a, &b));
        assert_eq!(a.alpn_protocols[0], b"h2");
        let c = ca.server_config("pubsub.googleapis.com").unwrap();
        assert!(!Arc::ptr_eq(&a, &c));
    }

    #[test]
    fn the_certificate_pem_holds_no_key() {
        let ca = ca();
        assert!(ca.cert_pem().starts_with("-----BEGIN CERTIFICATE-----"));
        assert!(!ca.cert_pem().contains("PRIVATE"));
    }
}
