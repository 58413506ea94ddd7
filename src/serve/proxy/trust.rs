//! How the child comes to trust the session CA: one bundle file holding every CA the user's
//! environment already trusts plus the session CA, named by every variable that replaces a
//! tool's roots; Node, whose variable adds to its roots, gets the CA alone (docs/google-cloud-facts.md §6).

use std::io::{self, Read};
use std::path::{Path, PathBuf};

use super::upstream::system_bundle;
use crate::config::{Env, Gcloud};

/// Variables naming a CA bundle that replaces a tool's own roots. In the child each names the
/// session bundle, so each tool keeps what it trusted and trusts the session CA too.
pub const REPLACED_CA_VARIABLES: &[&str] = &[
    "SSL_CERT_FILE",
    "REQUESTS_CA_BUNDLE",
    "CURL_CA_BUNDLE",
    "CLOUDSDK_CORE_CUSTOM_CA_CERTS_FILE",
    "GRPC_DEFAULT_SSL_ROOTS_FILE_PATH",
    "HTTPLIB2_CA_CERTS",
];

/// The contents of the child's two trust files.
pub struct ChildTrust {
    /// For every replace-style variable and gcloud's `core/custom_ca_certs_file`.
    pub bundle: String,
    /// For NODE_EXTRA_CA_CERTS: the user's own extra CAs, if any, and the session CA.
    pub node_extra: String,
    /// Files the user names that could not be read (they are left out).
    pub unreadable: Vec<String>,
}

impl ChildTrust {
    /// Reads the bundles the user's environment and gcloud name, and the system's.
    pub fn assemble(env: &Env, gcloud: &Gcloud, ca_pem: &str) -> Self {
        let mut named: Vec<PathBuf> = REPLACED_CA_VARIABLES
            .iter()
            .filter_map(|v| env.path(v))
            .collect();
        named.extend(
            gcloud
                .property("core", "custom_ca_certs_file")
                .map(PathBuf::from),
        );
        // The system bundle always comes along: a user who points one tool at a corporate CA
        // alone still expects the others to reach the public internet.
        named.extend(system_bundle(env));
        let mut parts = Vec::new();
        let mut seen = Vec::new();
        let mut unreadable = Vec::new();
        for path in named {
            let key = std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
            if seen.contains(&key) {
                continue;
            }
            seen.push(key);
            match read_pem(&path) {
                Some(pem) => parts.push((path.display().to_string(), pem)),
                None => unreadable.push(path.display().to_string()),
            }
        }
        let node_user: Vec<(String, String)> = env
            .path("NODE_EXTRA_CA_CERTS")
            .and_then(|p| Some((p.display().to_string(), read_pem(&p)?)))
            .into_iter()
            .collect();
        Self {
            bundle: bundle(&parts, ca_pem),
            node_extra: bundle(&node_user, ca_pem),
            unreadable,
        }
    }
}

/// The largest CA file gsudo reads: many times any real bundle (the system's is about 200 KiB),
/// and far from what would exhaust memory when a variable names `/dev/zero` or a huge file.
const MAX_CA_FILE: u64 = 16 * 1024 * 1024;

/// A CA file's bytes, refused beyond `MAX_CA_FILE` rather than read to the end.
pub(super) fn read_ca_file(path: &Path) -> io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    std::fs::File::open(path)?
        .take(MAX_CA_FILE + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_CA_FILE {
        return Err(io::Error::new(
            io::ErrorKind::FileTooLarge,
            format!(
                "it is larger than {} MiB, more than any CA bundle",
                MAX_CA_FILE / 1024 / 1024
            ),
        ));
    }
    Ok(bytes)
}

fn read_pem(path: &Path) -> Option<String> {
    let text = String::from_utf8(read_ca_file(path).ok()?).ok()?;
    text.contains("-----BEGIN CERTIFICATE-----").then_some(text)
}

/// The parts in order, each labelled with where it came from, duplicates of earlier ones
/// left out, then the session CA.
fn bundle(parts: &[(String, String)], ca_pem: &str) -> String {
    let mut out = String::new();
    let mut seen: Vec<&str> = Vec::new();
    for (source, pem) in parts {
        if seen.contains(&pem.as_str()) {
            continue;
        }
        seen.push(pem);
        out.push_str(&format!("# from {source}\n"));
        out.push_str(pem);
        if !pem.ends_with('\n') {
            out.push('\n');
        }
    }
    out.push_str("# gsudo session CA\n");
    out.push_str(ca_pem);
    if !ca_pem.ends_with('\n') {
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----";
    const B: &str = "-----BEGIN CERTIFICATE-----\nBBBB\n-----END CERTIFICATE-----\n";
    const CA: &str = "-----BEGIN CERTIFICATE-----\nSESSION\n-----END CERTIFICATE-----\n";

    #[test]
    fn the_bundle_keeps_every_source_once_and_ends_with_the_session_ca() {
        let parts = vec![
            ("/etc/ssl/corp.pem".to_owned(), A.to_owned()),
            (
                "/etc/ssl/certs/ca-certificates.crt".to_owned(),
                B.to_owned(),
            ),
            ("/copy/of/corp.pem".to_owned(), A.to_owned()),
        ];
        assert_eq!(
            bundle(&parts, CA),
            format!(
                "# from /etc/ssl/corp.pem\n{A}\n# from /etc/ssl/certs/ca-certificates.crt\n{B}# gsudo session CA\n{CA}"
            )
        );
        assert_eq!(bundle(&[], CA), format!("# gsudo session CA\n{CA}"));
    }

    #[test]
    fn every_named_bundle_and_the_system_one_are_read() {
        let dir = tempfile::tempdir().unwrap();
        let corp = dir.path().join("corp.pem");
        let system = dir.path().join("system.pem");
        let node = dir.path().join("node.pem");
        std::fs::write(&corp, A).unwrap();
        std::fs::write(&system, B).unwrap();
        std::fs::write(
            &node,
            "-----BEGIN CERTIFICATE-----\nNODE\n-----END CERTIFICATE-----\n",
        )
        .unwrap();
        let env = Env::from_pairs([
            ("SSL_CERT_FILE", system.to_str().unwrap()),
            ("REQUESTS_CA_BUNDLE", corp.to_str().unwrap()),
            ("CURL_CA_BUNDLE", system.to_str().unwrap()),
            ("HTTPLIB2_CA_CERTS", "/nonexistent/ca.pem"),
            ("NODE_EXTRA_CA_CERTS", node.to_str().unwrap()),
            ("CLOUDSDK_CONFIG", dir.path().to_str().unwrap()),
            ("PATH", ""),
        ]);
        let trust = ChildTrust::assemble(&env, &Gcloud::load(&env), CA);
        assert!(trust.bundle.contains("AAAA") && trust.bundle.contains("BBBB"));
        assert_eq!(trust.bundle.matches("BBBB").count(), 1);
        assert!(trust.bundle.ends_with(CA));
        assert!(!trust.bundle.contains("NODE"));
        assert_eq!(trust.unreadable, ["/nonexistent/ca.pem"]);
        assert!(trust.node_extra.contains("NODE") && trust.node_extra.ends_with(CA));
        assert!(!trust.node_extra.contains("BBBB"));

        let env = Env::from_pairs([
            ("PATH", ""),
            ("CLOUDSDK_CONFIG", dir.path().to_str().unwrap()),
        ]);
        let trust = ChildTrust::assemble(&env, &Gcloud::load(&env), CA);
        assert_eq!(trust.node_extra, format!("# gsudo session CA\n{CA}"));
    }

    #[test]
    fn an_endless_ca_file_is_refused_not_read() {
        // SSL_CERT_FILE=/dev/zero once made gsudo read until memory ran out.
        let err = read_ca_file(Path::new("/dev/zero")).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::FileTooLarge);
        assert!(err.to_string().contains("larger than 16 MiB"), "{err}");
        let dir = tempfile::tempdir().unwrap();
        let env = Env::from_pairs([
            ("SSL_CERT_FILE", "/dev/zero"),
            ("NODE_EXTRA_CA_CERTS", "/dev/zero"),
            ("CLOUDSDK_CONFIG", dir.path().to_str().unwrap()),
            ("PATH", ""),
        ]);
        let trust = ChildTrust::assemble(&env, &Gcloud::load(&env), CA);
        assert!(trust.unreadable.contains(&"/dev/zero".to_owned()));
        assert_eq!(trust.node_extra, format!("# gsudo session CA\n{CA}"));
    }
}
