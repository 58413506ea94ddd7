//! Which hosts the proxy intercepts (Google API hosts only) and where it connects for them.

use std::collections::HashMap;

use crate::types::HostMapping;

/// Hosts the child reaches directly, never through any proxy: loopback (the session's token
/// endpoint) and the metadata server.
const ALWAYS_DIRECT: &[&str] = &[
    "127.0.0.1",
    "localhost",
    "::1",
    "metadata.google.internal",
    "169.254.169.254",
];

/// Why a session's Google API hosts cannot be worked out safely.
#[derive(Debug, thiserror::Error)]
pub enum HostsError {
    #[error(
        "the universe domain {0} is a public suffix, under which anyone may own a host, so the proxy would send the account's token to all of them"
    )]
    PublicSuffix(String),
}

/// The Google API hosts whose requests get the session's token; every other host is tunnelled
/// untouched.
#[derive(Clone, Debug)]
pub struct Allowlist {
    /// Domains whose subdomains are API hosts: `googleapis.com`, `gke.goog`, the universe
    /// domain.
    domains: Vec<String>,
    /// Single hosts named by endpoint overrides outside those domains.
    hosts: Vec<String>,
}

impl Allowlist {
    /// `*.googleapis.com`, `*.gke.goog`, `*.<universe>` and the hosts of `https://` endpoint
    /// overrides.
    ///
    /// `*.gke.goog` are GKE control planes' DNS-based endpoints, which take a Google access
    /// token like any Google API (docs/google-cloud-facts.md §8), so sudo holds for kubectl
    /// there too; IP endpoints are addresses, never intercepted.
    ///
    /// A universe domain that the public-suffix list names (`com`, `github.io`) is refused:
    /// every host under it would get the token, whoever registered it.
    pub fn new<'a>(
        universe: &str,
        overrides: impl IntoIterator<Item = &'a str>,
    ) -> Result<Self, HostsError> {
        let mut domains = vec!["googleapis.com".to_owned(), "gke.goog".to_owned()];
        let universe = normalise(universe);
        if is_dns_name(&universe) && !domains.contains(&universe) {
            if is_public_suffix(&universe) {
                return Err(HostsError::PublicSuffix(universe));
            }
            domains.push(universe);
        }
        let mut list = Self {
            domains,
            hosts: Vec::new(),
        };
        for url in overrides {
            let Ok(url) = url::Url::parse(url.trim()) else {
                continue;
            };
            // Plain-http overrides carry no TLS to intercept (and are loopback in tests).
            if url.scheme() != "https" {
                continue;
            }
            if let Some(url::Host::Domain(host)) = url.host() {
                let host = normalise(host);
                if !list.intercepts(&host) && !list.hosts.contains(&host) {
                    list.hosts.push(host);
                }
            }
        }
        Ok(list)
    }

    /// Whether requests to `host` get the session's token.
    pub fn intercepts(&self, host: &str) -> bool {
        let host = normalise(host);
        if !is_dns_name(&host) {
            return false;
        }
        self.hosts.contains(&host)
            || self.domains.iter().any(|d| {
                host.len() > d.len() + 1
                    && host.ends_with(d.as_str())
                    && host.as_bytes()[host.len() - d.len() - 1] == b'.'
            })
    }

    /// The dNSName subtrees the session CA is constrained to.
    pub fn name_constraints(&self) -> Vec<String> {
        self.domains.iter().chain(&self.hosts).cloned().collect()
    }

    /// The child's NO_PROXY: the user's entries, less any that would let a Google API host
    /// bypass the proxy, plus loopback and the metadata server.
    pub fn child_no_proxy(&self, user: Option<&str>) -> String {
        let mut entries: Vec<String> = Vec::new();
        for entry in user.unwrap_or_default().split(',') {
            let entry = entry.trim();
            if entry.is_empty() || self.bypassed_by(entry) {
                continue;
            }
            if !entries.iter().any(|e| e == entry) {
                entries.push(entry.to_owned());
            }
        }
        for direct in ALWAYS_DIRECT {
            if !entries.iter().any(|e| e == direct) {
                entries.push((*direct).to_owned());
            }
        }
        entries.join(",")
    }

    /// Whether a NO_PROXY entry (`*`, `host`, `.domain`, `*.domain`, maybe with `:port`)
    /// would match some intercepted host.
    fn bypassed_by(&self, entry: &str) -> bool {
        if entry == "*" {
            return true;
        }
        let name = entry.rsplit_once(':').map_or(entry, |(h, port)| {
            if port.bytes().all(|b| b.is_ascii_digit()) {
                h
            } else {
                entry
            }
        });
        let name = normalise(name.trim_start_matches("*.").trim_start_matches('.'));
        if name.is_empty() {
            return false;
        }
        // `googleapis.com` covers its subdomains, and so does any parent of it (`com`).
        self.domains
            .iter()
            .chain(&self.hosts)
            .any(|d| *d == name || d.ends_with(&format!(".{name}")) || self.intercepts(&name))
    }
}

/// Where the proxy connects for `host:port`: a mapping the user gave (like curl's --resolve),
/// else the host itself. A mapping for `*.DOMAIN` covers every host under DOMAIN that has no
/// mapping of its own (the sandbox sends every Google API host to the emulator that way).
#[derive(Clone, Debug, Default)]
pub struct Resolver {
    mapped: HashMap<(String, u16), String>,
}

impl Resolver {
    pub fn new(mappings: &[HostMapping]) -> Self {
        Self {
            mapped: mappings
                .iter()
                .map(|m| ((normalise(&m.host), m.port), m.address.clone()))
                .collect(),
        }
    }

    /// The address mapped for `host:port`, if any: the host's own mapping, else the nearest
    /// `*.DOMAIN` mapping above it.
    pub fn mapped(&self, host: &str, port: u16) -> Option<&str> {
        let host = normalise(host);
        if let Some(address) = self.mapped.get(&(host.clone(), port)) {
            return Some(address);
        }
        let mut rest = host.as_str();
        while let Some((_, parent)) = rest.split_once('.') {
            if let Some(address) = self.mapped.get(&(format!("*.{parent}"), port)) {
                return Some(address);
            }
            rest = parent;
        }
        None
    }
}

/// A host name as DNS compares it: without surrounding space, the root's trailing dot
/// (`storage.googleapis.com.` is `storage.googleapis.com`) or case.
pub(super) fn normalise(host: &str) -> String {
    host.trim().trim_end_matches('.').to_ascii_lowercase()
}

/// Whether the public-suffix list names `domain` itself (`com`, `co.uk`, `github.io`), or a
/// name with no registrable part at all.
fn is_public_suffix(domain: &str) -> bool {
    psl::suffix_str(domain).is_none_or(|suffix| suffix.len() == domain.len())
}

/// Letters, digits, hyphens and dots, no empty label: IP literals and odd names never match.
fn is_dns_name(host: &str) -> bool {
    !host.is_empty()
        && host.parse::<std::net::IpAddr>().is_err()
        && host.split('.').all(|label| {
            !label.is_empty()
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
        && host.bytes().any(|b| b.is_ascii_alphabetic())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wildcard_mapping_covers_the_hosts_below_it_but_not_its_own_domain() {
        let mappings: Vec<HostMapping> = [
            "*.googleapis.com:443:127.0.0.1:9000",
            "storage.googleapis.com:443:127.0.0.1:9001",
        ]
        .iter()
        .map(|m| m.parse().unwrap())
        .collect();
        let resolver = Resolver::new(&mappings);
        assert_eq!(
            resolver.mapped("Pubsub.googleapis.com.", 443),
            Some("127.0.0.1:9000")
        );
        assert_eq!(
            resolver.mapped("a.b.googleapis.com", 443),
            Some("127.0.0.1:9000")
        );
        assert_eq!(
            resolver.mapped("storage.googleapis.com", 443),
            Some("127.0.0.1:9001")
        );
        assert_eq!(resolver.mapped("googleapis.com", 443), None);
        assert_eq!(resolver.mapped("pubsub.googleapis.com", 80), None);
        assert_eq!(resolver.mapped("evilgoogleapis.com", 443), None);
    }

    fn list() -> Allowlist {
        Allowlist::new(
            "googleapis.com",
            [
                "https://storage-private.p.googleapis.com/",
                "https://gcs.corp.example:8443/storage/v1/",
                "http://127.0.0.1:9/",
                "not a url",
            ],
        )
        .unwrap()
    }

    #[test]
    fn google_api_hosts_and_overrides_are_intercepted() {
        let list = list();
        for host in [
            "storage.googleapis.com",
            "Storage.GoogleAPIs.com.",
            "europe-west1-aiplatform.googleapis.com",
            "storage-private.p.googleapis.com",
            "gcs.corp.example",
            "gke-0123456789abcdef-111122223333.europe-west1.gke.goog",
        ] {
            assert!(list.intercepts(host), "{host}");
        }
        for host in [
            "googleapis.com",
            "evilgoogleapis.com",
            "storage.googleapis.com.evil.example",
            "github.com",
            "corp.example",
            "x.gcs.corp.example",
            "gke.goog",
            "evilgke.goog",
            "127.0.0.1",
            "::1",
            "34.1.2.3",
            "",
        ] {
            assert!(!list.intercepts(host), "{host}");
        }
        assert_eq!(
            list.name_constraints(),
            ["googleapis.com", "gke.goog", "gcs.corp.example"]
        );
    }

    #[test]
    fn another_universe_is_intercepted_too() {
        let list = Allowlist::new("apis-s3ns.example", []).unwrap();
        assert!(list.intercepts("storage.apis-s3ns.example"));
        assert!(list.intercepts("storage.googleapis.com"));
        assert_eq!(
            list.name_constraints(),
            ["googleapis.com", "gke.goog", "apis-s3ns.example"]
        );
        let list = Allowlist::new("s3nsapis.fr", []).unwrap();
        assert!(list.intercepts("storage.s3nsapis.fr"));
    }

    #[test]
    fn a_universe_that_is_a_public_suffix_is_refused() {
        // With github.io as the universe, every GitHub Pages site would get the token.
        for universe in [
            "github.io",
            "com",
            "co.uk",
            "GitHub.IO.",
            "appspot.com",
            "localhost",
        ] {
            let err = Allowlist::new(universe, []).unwrap_err();
            assert!(
                err.to_string().contains("public suffix"),
                "{universe}: {err}"
            );
        }
        // Not a domain name at all: nothing is intercepted for it.
        let list = Allowlist::new("127.0.0.1", []).unwrap();
        assert_eq!(list.name_constraints(), ["googleapis.com", "gke.goog"]);
    }

    #[test]
    fn no_proxy_keeps_the_users_entries_but_never_google_apis() {
        let list = list();
        assert_eq!(
            list.child_no_proxy(Some(
                "corp.example, .googleapis.com,*.googleapis.com,googleapis.com,storage.googleapis.com:443,com,*,10.0.0.0/8,corp.example"
            )),
            "10.0.0.0/8,127.0.0.1,localhost,::1,metadata.google.internal,169.254.169.254"
        );
        assert_eq!(
            list.child_no_proxy(None),
            "127.0.0.1,localhost,::1,metadata.google.internal,169.254.169.254"
        );
        assert_eq!(
            list.child_no_proxy(Some("github.com,localhost")),
            "github.com,localhost,127.0.0.1,::1,metadata.google.internal,169.254.169.254"
        );
    }

    #[test]
    fn mapped_hosts_are_found_case_insensitively() {
        let resolver =
            Resolver::new(&["storage.googleapis.com:443:127.0.0.1:8443".parse().unwrap()]);
        assert_eq!(
            resolver.mapped("Storage.googleapis.com", 443),
            Some("127.0.0.1:8443")
        );
        assert_eq!(resolver.mapped("storage.googleapis.com", 80), None);
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        /// One DNS label, in any case.
        fn label() -> impl Strategy<Value = String> {
            "[a-zA-Z0-9][a-zA-Z0-9-]{0,8}"
        }

        /// The simplest reading of the rule: lower-case, drop one root dot, and then a host
        /// is intercepted when it is some label(s) followed by `.googleapis.com`.
        fn reference(host: &str) -> bool {
            let host = host.to_ascii_lowercase();
            let host = host.strip_suffix('.').unwrap_or(&host);
            host.strip_suffix(".googleapis.com")
                .is_some_and(|sub| !sub.is_empty() && sub.split('.').all(|l| !l.is_empty()))
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(256))]

            #[test]
            fn matching_agrees_with_the_reference(
                labels in prop::collection::vec(label(), 0..4),
                tail in prop::sample::select(vec![
                    "googleapis.com", "GoogleAPIs.COM", "googleapis.com.", "googleapis.com.evil.example",
                    "evilgoogleapis.com", "example.com", "com",
                ]),
            ) {
                let list = Allowlist::new("googleapis.com", []).unwrap();
                let mut parts = labels.clone();
                parts.push(tail.to_owned());
                let host = parts.join(".");
                prop_assert_eq!(list.intercepts(&host), reference(&host), "{}", host);
            }

            #[test]
            fn any_text_is_a_host_or_not_without_panicking(host in "\\PC{0,40}", universe in "\\PC{0,20}") {
                let list = Allowlist::new("googleapis.com", [host.as_str()]).unwrap();
                let _ = list.intercepts(&host);
                let _ = list.child_no_proxy(Some(&host));
                let _ = Allowlist::new(&universe, []);
            }
        }
    }
}
