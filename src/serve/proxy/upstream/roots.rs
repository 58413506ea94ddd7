//! Which certificates upstream TLS trusts: the machine's bundle, plus any the user adds, never a
//! gsudo session's CA.

use std::io;
use std::path::{Path, PathBuf};

use rustls::RootCertStore;
use rustls::pki_types::CertificateDer;
use rustls::pki_types::pem::PemObject as _;

use crate::config::Env;

/// Where the machine's CA bundle usually is, when the environment names none (the paths
/// OpenSSL and Go probe on Linux distributions).
const SYSTEM_BUNDLES: &[&str] = &[
    "/etc/ssl/certs/ca-certificates.crt",
    "/etc/pki/tls/certs/ca-bundle.crt",
    "/etc/ssl/ca-bundle.pem",
    "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem",
    "/etc/ssl/cert.pem",
];

/// Why the proxy's upstream side could not be set up.
#[derive(Debug, thiserror::Error)]
pub enum TrustError {
    #[error("cannot read the CA file {}: {source}", path.display())]
    Read { path: PathBuf, source: io::Error },
    #[error("the CA file {} holds no PEM certificate", path.display())]
    Empty { path: PathBuf },
    #[error("no system CA bundle was found (looked at SSL_CERT_FILE and {})", SYSTEM_BUNDLES.join(", "))]
    NoSystemBundle,
}

/// The machine's CA bundle: `SSL_CERT_FILE` when the user's environment names one, else the
/// distribution's bundle.
pub fn system_bundle(env: &Env) -> Option<PathBuf> {
    env.path("SSL_CERT_FILE")
        .filter(|p| p.is_file())
        .or_else(|| {
            SYSTEM_BUNDLES
                .iter()
                .map(PathBuf::from)
                .find(|p| p.is_file())
        })
}

/// The CA files upstream TLS trusts, read and checked when the session starts. Parsing them
/// into trust anchors, which is what costs, is left to [`TrustFiles::store`], which the proxy
/// runs on a thread of its own while the command starts.
pub struct TrustFiles {
    pems: Vec<Vec<u8>>,
}

/// The system's CA bundle and `extra`, read: a file that cannot be read or holds no PEM
/// certificate stops the session at its start, not at its first call.
pub fn trust_files(env: &Env, extra: Option<&Path>) -> Result<TrustFiles, TrustError> {
    let system = system_bundle(env).ok_or(TrustError::NoSystemBundle)?;
    let mut pems = vec![read_pem(&system)?];
    if let Some(extra) = extra {
        pems.push(read_pem(extra)?);
    }
    Ok(TrustFiles { pems })
}

fn read_pem(path: &Path) -> Result<Vec<u8>, TrustError> {
    let pem = super::super::trust::read_ca_file(path).map_err(|source| TrustError::Read {
        path: path.to_owned(),
        source,
    })?;
    // The first certificate found is enough to know the file holds one.
    if !CertificateDer::pem_slice_iter(&pem).any(|cert| cert.is_ok()) {
        return Err(TrustError::Empty {
            path: path.to_owned(),
        });
    }
    Ok(pem)
}

impl TrustFiles {
    /// The roots upstream certificates are verified against: the system's, plus the extra
    /// file's, less any gsudo session CA. Inside a session the system bundle (`SSL_CERT_FILE`)
    /// is that session's, which holds its CA; a nested session's proxy must not trust it, or the
    /// enclosing proxy could stand in for Google and swap in its own account's token.
    pub fn store(&self) -> RootCertStore {
        let mut store = RootCertStore::empty();
        for pem in &self.pems {
            // A bundle may hold a certificate rustls cannot use; skipping it is what OpenSSL
            // does too.
            store.add_parsable_certificates(
                CertificateDer::pem_slice_iter(pem).filter_map(Result::ok),
            );
        }
        store
            .roots
            .retain(|anchor| !is_session_ca(anchor.subject.as_ref()));
        store
    }
}

/// Whether a certificate subject (DER) is a gsudo session CA's, named `gsudo session ID` by
/// `ca::SessionCa`. Leaving out a certificate can only make the proxy trust less.
fn is_session_ca(subject: &[u8]) -> bool {
    const NAME: &[u8] = b"gsudo session ";
    subject.windows(NAME.len()).any(|w| w == NAME)
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;

    #[test]
    fn no_session_ca_is_trusted_upstream() {
        let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
        let ends = time::OffsetDateTime::now_utc() + time::Duration::hours(1);
        let ca = crate::serve::proxy::ca::SessionCa::new(
            "abc123",
            &["googleapis.com".to_owned()],
            ends,
            provider,
        )
        .unwrap();
        let dir = tempfile::tempdir().unwrap();
        let system = dir.path().join("bundle.pem");
        let extra = dir.path().join("extra.pem");
        std::fs::write(&system, ca.cert_pem()).unwrap();
        std::fs::write(&extra, ca.cert_pem()).unwrap();
        let env = Env::from_pairs([("SSL_CERT_FILE", system.to_str().unwrap()), ("PATH", "")]);
        assert!(
            trust_files(&env, Some(&extra))
                .unwrap()
                .store()
                .roots
                .is_empty()
        );
        // Any other CA stays.
        let other = rcgen::CertificateParams::new(Vec::<String>::new())
            .unwrap()
            .self_signed(&rcgen::KeyPair::generate().unwrap())
            .unwrap();
        std::fs::write(&extra, other.pem()).unwrap();
        assert_eq!(
            trust_files(&env, Some(&extra)).unwrap().store().roots.len(),
            1
        );
    }
}
