//! Values that carry meaning across module boundaries, validated once where they enter.

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

use rand::RngCore;
use subtle::ConstantTimeEq;

/// A service account, named by its email or its numeric unique id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServiceAccount(String);

impl ServiceAccount {
    /// The email or unique id, as the IAM API takes it.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The resource name IAM Credentials expects, with the `-` project wildcard it requires.
    pub fn resource_name(&self) -> String {
        format!("projects/-/serviceAccounts/{}", self.0)
    }
}

impl fmt::Display for ServiceAccount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for ServiceAccount {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        if is_unique_id(s) || is_email(s) {
            Ok(Self(s.to_owned()))
        } else {
            Err(format!(
                "'{s}' is not a service account email (like name@project.iam.gserviceaccount.com)"
            ))
        }
    }
}

fn is_unique_id(s: &str) -> bool {
    (15..=25).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
}

fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && local
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._+-".contains(&b));
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        });
    local_ok && domain_ok
}

/// A service account as the user names it: its email (or unique id), or a short alias that the
/// configuration file maps to one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AccountName {
    Account(ServiceAccount),
    Alias(String),
}

impl AccountName {
    pub fn as_str(&self) -> &str {
        match self {
            AccountName::Account(account) => account.as_str(),
            AccountName::Alias(alias) => alias,
        }
    }
}

impl fmt::Display for AccountName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for AccountName {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        // Anything with an @ or only digits means to be an account: check it as one, so a
        // mistyped email is refused as such rather than looked up as an alias.
        if s.contains('@') || (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())) {
            return s.parse().map(AccountName::Account);
        }
        if is_alias(s) {
            Ok(AccountName::Alias(s.to_owned()))
        } else {
            Err(format!(
                "'{s}' is neither a service account email (like name@project.iam.gserviceaccount.com) nor an alias (letters, digits, - and _)"
            ))
        }
    }
}

/// An alias is a bare TOML key, so that `aliases.NAME` needs no quoting.
pub fn is_alias(s: &str) -> bool {
    (1..=64).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Why the caller borrows the account; it reaches every audit log entry of the session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reason(String);

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for Reason {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        if s.is_empty() {
            return Err("the reason is empty".into());
        }
        // It travels as an HTTP header and an environment variable, and reaches terminals
        // through the session log and audit logs: keep it one line of visible text. A bidi
        // override (U+202E) or a line separator (U+2028) would make it read as something else.
        if let Some(c) = s.chars().find(|c| crate::ui::hides_text(*c)) {
            return Err(format!(
                "the reason must be one line of visible text, and it holds the control or format character U+{:04X}",
                u32::from(c)
            ));
        }
        // The header reaches Google as bytes each client encodes its own way (Python as
        // Latin-1, gsudo's HTTP stack not at all), and a reason that does not arrive intact is
        // dropped from the audit log without a word: printable ASCII is what every client sends
        // the same.
        if let Some(c) = s.chars().find(|c| !c.is_ascii()) {
            return Err(format!(
                "the reason must be ASCII, as it travels in an HTTP header every tool sends its own way, and it holds '{c}' (U+{:04X})",
                u32::from(c)
            ));
        }
        if s.len() > 512 {
            return Err("the reason is longer than 512 bytes".into());
        }
        Ok(Self(s.to_owned()))
    }
}

/// How long something lasts, written like `90s`, `10m`, `1h30m`; a bare number is seconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Lifetime(Duration);

impl Lifetime {
    pub const fn from_secs(secs: u64) -> Self {
        Self(Duration::from_secs(secs))
    }

    pub fn duration(self) -> Duration {
        self.0
    }

    pub fn as_secs(self) -> u64 {
        self.0.as_secs()
    }
}

impl fmt::Display for Lifetime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let secs = self.0.as_secs();
        let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
        let mut out = String::new();
        if h > 0 {
            out.push_str(&format!("{h}h"));
        }
        if m > 0 {
            out.push_str(&format!("{m}m"));
        }
        if s > 0 || out.is_empty() {
            out.push_str(&format!("{s}s"));
        }
        f.write_str(&out)
    }
}

impl FromStr for Lifetime {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || format!("'{s}' is not a duration (write it like 90s, 10m or 1h30m)");
        let text = s.trim();
        if text.is_empty() {
            return Err(bad());
        }
        if text.bytes().all(|b| b.is_ascii_digit()) {
            return text.parse().map(Self::from_secs).map_err(|_| bad());
        }
        let mut total: u64 = 0;
        let mut digits = String::new();
        for c in text.chars() {
            if c.is_ascii_digit() {
                digits.push(c);
                continue;
            }
            let unit = match c {
                's' => 1,
                'm' => 60,
                'h' => 3600,
                'd' => 86_400,
                _ => return Err(bad()),
            };
            let n: u64 = digits.parse().map_err(|_| bad())?;
            total = n
                .checked_mul(unit)
                .and_then(|v| total.checked_add(v))
                .ok_or_else(bad)?;
            digits.clear();
        }
        if !digits.is_empty() {
            return Err(bad());
        }
        Ok(Self::from_secs(total))
    }
}

/// A reason as gsudo sends it (`X-Goog-Request-Reason`, and `CLOUDSDK_CORE_REQUEST_REASON` in a
/// session): `gsudo <session>: <reason>`, tagged so that an audit-log alert can tell gsudo's calls
/// from any other.
pub fn tagged_reason(session: &str, reason: &str) -> String {
    format!("gsudo {session}: {reason}")
}

/// The reason's own words in a reason that `tagged_reason` tagged for `session`.
pub fn untagged_reason<'a>(session: &str, tagged: &'a str) -> Option<&'a str> {
    tagged
        .strip_prefix("gsudo ")?
        .strip_prefix(session)?
        .strip_prefix(": ")
}

/// The short random id of one session; it names the session directory and tags every mint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionId(String);

impl SessionId {
    pub fn random() -> Self {
        let mut bytes = [0u8; 6];
        rand::rng().fill_bytes(&mut bytes);
        Self(bytes.iter().map(|b| format!("{b:02x}")).collect())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A session id another gsudo sent (the broker's clients): twelve lower-case hex digits.
impl FromStr for SessionId {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let valid = s.len() == 12 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
        if !valid {
            return Err(format!("'{s}' is not a gsudo session id"));
        }
        Ok(Self(s.to_owned()))
    }
}

impl fmt::Display for SessionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A token, key or session secret: never printed, compared in constant time.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: String) -> Self {
        Self(value)
    }

    /// 256 random bits, URL-safe.
    pub fn random() -> Self {
        use base64::Engine;
        let mut bytes = [0u8; 32];
        rand::rng().fill_bytes(&mut bytes);
        Self(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes))
    }

    /// The value itself, for the one place that must send or store it.
    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn matches(&self, candidate: &str) -> bool {
        self.0.as_bytes().ct_eq(candidate.as_bytes()).into()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// OAuth scopes; `cloud-platform` is short for its full URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scopes(Vec<String>);

/// What a short scope name stands after.
const SCOPE_URL: &str = "https://www.googleapis.com/auth/";

impl Scopes {
    pub fn as_slice(&self) -> &[String] {
        &self.0
    }

    /// The scopes as a person writes them: `cloud-platform` for Google's own.
    pub fn short_names(&self) -> Vec<&str> {
        self.0
            .iter()
            .map(|s| s.strip_prefix(SCOPE_URL).unwrap_or(s))
            .collect()
    }
}

impl Default for Scopes {
    fn default() -> Self {
        Self(vec![
            format!("{SCOPE_URL}cloud-platform"),
            format!("{SCOPE_URL}userinfo.email"),
        ])
    }
}

impl FromStr for Scopes {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let scopes: Vec<String> = s
            .split([',', ' '])
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(|p| {
                if p.contains("://") {
                    p.to_owned()
                } else {
                    format!("{SCOPE_URL}{p}")
                }
            })
            .collect();
        if scopes.is_empty() {
            return Err("no scope given".into());
        }
        Ok(Self(scopes))
    }
}

/// `HOST:PORT:ADDR`: connect to ADDR (`ip`, `ip:port`, `[v6]:port` or `name:port`) whenever
/// `HOST:PORT` is asked for, like curl's `--resolve`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HostMapping {
    pub host: String,
    pub port: u16,
    /// Where to connect, always with a port.
    pub address: String,
}

impl FromStr for HostMapping {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || {
            format!(
                "'{s}' is not HOST:PORT:ADDRESS (like storage.googleapis.com:443:127.0.0.1:8443)"
            )
        };
        let mut parts = s.trim().splitn(3, ':');
        let (Some(host), Some(port), Some(address)) = (parts.next(), parts.next(), parts.next())
        else {
            return Err(bad());
        };
        let port: u16 = port.parse().map_err(|_| bad())?;
        if host.is_empty() || address.is_empty() {
            return Err(bad());
        }
        let has_port = match address.strip_prefix('[') {
            Some(v6) => v6.contains("]:"),
            None => address.matches(':').count() == 1,
        };
        let address = match address.parse::<std::net::IpAddr>() {
            _ if has_port => address.to_owned(),
            Ok(ip) => std::net::SocketAddr::new(ip, port).to_string(),
            Err(_) => format!("{address}:{port}"),
        };
        Ok(Self {
            host: host.to_ascii_lowercase(),
            port,
            address,
        })
    }
}

/// A UTC time as RFC 3339 to the second, like `2026-11-21T21:15:00Z`.
pub fn rfc3339(t: time::OffsetDateTime) -> String {
    let t = t
        .to_offset(time::UtcOffset::UTC)
        .replace_nanosecond(0)
        .unwrap_or(t);
    t.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_else(|_| t.unix_timestamp().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn service_accounts_are_validated() {
        for ok in [
            "deployer@proj.iam.gserviceaccount.com",
            "123-compute@developer.gserviceaccount.com",
            "p@appspot.gserviceaccount.com",
            "112233445566778899001",
        ] {
            assert!(ok.parse::<ServiceAccount>().is_ok(), "{ok}");
        }
        for bad in [
            "",
            "deployer",
            "@proj.iam.gserviceaccount.com",
            "a@b",
            "a b@c.com",
            "a@-b.com",
            "a@b..com",
            "a@@b.com",
            "12345",
        ] {
            assert!(bad.parse::<ServiceAccount>().is_err(), "{bad}");
        }
    }

    #[test]
    fn account_names_are_emails_ids_or_aliases() {
        assert!(matches!(
            "deploy".parse::<AccountName>(),
            Ok(AccountName::Alias(a)) if a == "deploy"
        ));
        assert!(matches!(
            "d@p.iam.gserviceaccount.com".parse::<AccountName>(),
            Ok(AccountName::Account(_))
        ));
        assert!(matches!(
            "112233445566778899001".parse::<AccountName>(),
            Ok(AccountName::Account(_))
        ));
        for bad in ["", "not an alias", "a@b", "12345", "x.y", "a/b"] {
            assert!(bad.parse::<AccountName>().is_err(), "{bad}");
        }
    }

    #[test]
    fn lifetimes_parse_and_print() {
        assert_eq!("90".parse::<Lifetime>().unwrap().as_secs(), 90);
        assert_eq!("10m".parse::<Lifetime>().unwrap().as_secs(), 600);
        assert_eq!("1h30m".parse::<Lifetime>().unwrap().as_secs(), 5400);
        assert_eq!("2d".parse::<Lifetime>().unwrap().as_secs(), 172_800);
        assert_eq!(Lifetime::from_secs(5400).to_string(), "1h30m");
        assert_eq!(Lifetime::from_secs(0).to_string(), "0s");
        for bad in ["", "m", "10x", "1h30", "-5s", "99999999999999999999h"] {
            assert!(bad.parse::<Lifetime>().is_err(), "{bad}");
        }
    }

    #[test]
    fn reasons_are_one_printable_line() {
        assert!("JIRA-123 rotate keys".parse::<Reason>().is_ok());
        assert!(
            "JIRA-1: \"rotate\" keys & more (50%)"
                .parse::<Reason>()
                .is_ok()
        );
        for lost in ["Zürich deploy", "デプロイ", "JIRA-1 \u{a0}x"] {
            let refused = lost.parse::<Reason>().unwrap_err();
            assert!(refused.contains("must be ASCII"), "{refused}");
        }
        assert!("  ".parse::<Reason>().is_err());
        for bad in [
            "a\nb",
            "a\u{1b}[2Jb",
            "JIRA-1 \u{202e}syek etator",
            "JIRA-1\u{2028}JIRA-2",
            "JIRA-1\u{2029}x",
            "JIRA-1\u{200b}",
            "JIRA-1\u{2066}x",
            "JIRA-1\u{feff}",
            "a\u{85}b",
        ] {
            let err = bad.parse::<Reason>().unwrap_err();
            assert!(err.contains("U+"), "{bad:?}: {err}");
        }
    }

    #[test]
    fn scopes_expand_short_names() {
        let s: Scopes = "cloud-platform, https://x.example/y".parse().unwrap();
        assert_eq!(
            s.as_slice(),
            [
                "https://www.googleapis.com/auth/cloud-platform",
                "https://x.example/y"
            ]
        );
    }

    #[test]
    fn host_mappings_parse_like_curl_resolve() {
        let m: HostMapping = "storage.googleapis.com:443:127.0.0.1:8443".parse().unwrap();
        assert_eq!((m.host.as_str(), m.port), ("storage.googleapis.com", 443));
        assert_eq!(m.address, "127.0.0.1:8443");
        let m: HostMapping = "Api.Example:443:10.0.0.1".parse().unwrap();
        assert_eq!(
            (m.host.as_str(), m.address.as_str()),
            ("api.example", "10.0.0.1:443")
        );
        let m: HostMapping = "h:443:::1".parse().unwrap();
        assert_eq!(m.address, "[::1]:443");
        let m: HostMapping = "h:443:[::1]:9".parse().unwrap();
        assert_eq!(m.address, "[::1]:9");
        for bad in ["h", "h:443", "h:x:1.2.3.4", ":443:1.2.3.4", "h:443:"] {
            assert!(bad.parse::<HostMapping>().is_err(), "{bad}");
        }
    }

    #[test]
    fn secrets_never_print() {
        let s = Secret::random();
        assert_eq!(format!("{s} {s:?}"), "<redacted> <redacted>");
        assert!(s.matches(s.expose()));
        assert!(!s.matches("nope"));
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(256))]

            #[test]
            fn durations_read_back_what_they_print(secs in 0u64..1_000_000) {
                let lifetime = Lifetime::from_secs(secs);
                prop_assert_eq!(lifetime.to_string().parse::<Lifetime>(), Ok(lifetime));
            }

            #[test]
            fn durations_add_up_their_parts(h in 0u64..100, m in 0u64..100, s in 0u64..100) {
                let text = format!("{h}h{m}m{s}s");
                prop_assert_eq!(text.parse::<Lifetime>().map(Lifetime::as_secs), Ok(h * 3600 + m * 60 + s));
            }

            #[test]
            fn any_text_is_a_duration_or_an_error(text in "\\PC{0,30}|[0-9hmsd]{0,30}") {
                let _ = text.parse::<Lifetime>();
            }

            #[test]
            fn short_scope_names_expand_and_urls_stay(
                names in prop::collection::vec("[a-z][a-z.-]{0,15}|https://[a-z]{1,8}\\.example/[a-z]{0,8}", 1..5),
            ) {
                let scopes: Scopes = names.join(", ").parse().unwrap();
                prop_assert_eq!(scopes.as_slice().len(), names.len());
                for (scope, name) in scopes.as_slice().iter().zip(&names) {
                    if name.contains("://") {
                        prop_assert_eq!(scope, name);
                    } else {
                        prop_assert_eq!(scope, &format!("https://www.googleapis.com/auth/{name}"));
                    }
                }
            }

            #[test]
            fn any_text_is_scopes_or_an_error(text in "\\PC{0,60}") {
                let _ = text.parse::<Scopes>();
            }

            /// A reason is accepted exactly when it is one line of visible ASCII text of at most
            /// 512 bytes, and then kept as given (trimmed).
            #[test]
            fn reasons_are_accepted_exactly_when_visible(text in "\\PC{0,40}|.{0,40}|[a-z \\u{202e}\\u{2028}\\u{1b}]{0,20}") {
                let trimmed = text.trim();
                let expected = !trimmed.is_empty()
                    && !trimmed.chars().any(crate::ui::hides_text)
                    && trimmed.is_ascii()
                    && trimmed.len() <= 512;
                match text.parse::<Reason>() {
                    Ok(reason) => {
                        prop_assert!(expected, "{:?} accepted", text);
                        prop_assert_eq!(reason.to_string(), trimmed);
                    }
                    Err(_) => prop_assert!(!expected, "{:?} refused", text),
                }
            }
        }
    }
}
