//! The organization's policy, as the broker enforces it: rules matched on the caller and the
//! account, first match wins, no rule no token.
//!
//! The constraints are the client policy's (`reason_pattern`, `max_lifetime`,
//! `max_session_length`, account globs), extended with callers, groups, scopes, delegates,
//! time windows and `approval = "pam"`:
//!
//! ```toml
//! [groups]
//! oncall = ["alice@example.com", "bob@example.com"]
//!
//! [[rule]]
//! name = "oncall-prod"
//! callers = ["group:oncall", "domain:example.com", "carol@example.org"]
//! accounts = ["*@prod-*.iam.gserviceaccount.com"]
//! reason_pattern = '^[A-Z]+-[0-9]+ '
//! max_lifetime = "30m"
//! max_session_length = "2h"
//! scopes = ["cloud-platform", "userinfo.email"]
//! delegates = []
//! windows = ["Mon-Fri 08:00-20:00 Europe/Zurich"]
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use jiff::civil::{Time, Weekday};
use jiff::tz::TimeZone;
use regex_lite::Regex;
use serde::Deserialize;

use crate::auth::broker::{IdTokenRequest, TokenRequest};
use crate::config::policy::glob_match;
use crate::types::{Lifetime, Scopes};

/// A policy file that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum PolicyError {
    #[error("cannot read the policy {}: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the policy {} is not valid: {why}", path.display())]
    Invalid { path: PathBuf, why: String },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PolicyFile {
    #[serde(default)]
    groups: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    rule: Vec<RuleFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleFile {
    name: String,
    callers: Vec<String>,
    accounts: Vec<String>,
    reason_pattern: Option<String>,
    max_lifetime: Option<String>,
    max_session_length: Option<String>,
    scopes: Option<Vec<String>>,
    #[serde(default)]
    delegates: Vec<String>,
    #[serde(default)]
    windows: Vec<String>,
    approval: Option<String>,
}

/// One rule. Left-out constraints do not constrain, except delegates: none unless listed.
#[derive(Debug)]
pub struct Rule {
    pub name: String,
    callers: Vec<CallerPattern>,
    accounts: Vec<String>,
    reason_pattern: Option<Regex>,
    max_lifetime: Option<Lifetime>,
    max_session_length: Option<Lifetime>,
    scopes: Option<Vec<String>>,
    delegates: Vec<String>,
    windows: Vec<Window>,
    pam: bool,
}

#[derive(Debug)]
enum CallerPattern {
    /// An email, or a glob over emails.
    Email(String),
    /// Everyone at `@domain`.
    Domain(String),
    /// The members of a `[groups]` list, resolved when the file is read.
    Group(Vec<String>),
}

/// Days and hours in a time zone when a rule gives tokens, like `Mon-Fri 08:00-20:00
/// Europe/Zurich`.
#[derive(Debug)]
struct Window {
    text: String,
    days: Vec<Weekday>,
    from: Time,
    to: Time,
    zone: TimeZone,
}

/// What a request asks for, as the policy judges it: an access token's request, or an ID
/// token's (which has no lifetime or scopes of its own to ask for).
pub struct Ask<'a> {
    pub account: &'a str,
    pub reason: &'a str,
    pub lifetime: Option<u64>,
    pub session_length: Option<u64>,
    pub scopes: &'a [String],
    pub delegates: &'a [String],
}

impl<'a> From<&'a TokenRequest> for Ask<'a> {
    fn from(r: &'a TokenRequest) -> Self {
        Self {
            account: &r.account,
            reason: &r.reason,
            lifetime: Some(r.lifetime),
            session_length: r.session_length,
            scopes: &r.scopes,
            delegates: &r.delegates,
        }
    }
}

impl<'a> From<&'a IdTokenRequest> for Ask<'a> {
    fn from(r: &'a IdTokenRequest) -> Self {
        Self {
            account: &r.account,
            reason: &r.reason,
            lifetime: None,
            session_length: r.session_length,
            scopes: &[],
            delegates: &r.delegates,
        }
    }
}

/// What the broker decided about one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    Allow { rule: String },
    Refuse(Refusal),
}

/// A refusal: a stable code, one sentence, and the rule that refused (none when no rule
/// matched).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub code: &'static str,
    pub message: String,
    pub rule: Option<String>,
}

/// A whole policy file.
#[derive(Debug)]
pub struct Policy {
    pub path: PathBuf,
    pub rules: Vec<Rule>,
}

impl Policy {
    pub fn read(path: &Path) -> Result<Self, PolicyError> {
        let text = std::fs::read_to_string(path).map_err(|source| PolicyError::Read {
            path: path.to_owned(),
            source,
        })?;
        Self::parse(path, &text)
    }

    pub fn parse(path: &Path, text: &str) -> Result<Self, PolicyError> {
        let invalid = |why: String| PolicyError::Invalid {
            path: path.to_owned(),
            why,
        };
        let file: PolicyFile =
            toml::from_str(text).map_err(|e| invalid(e.message().trim_end_matches('.').into()))?;
        let mut rules = Vec::new();
        for rule in file.rule {
            let name = rule.name.clone();
            rules.push(
                Rule::from_file(rule, &file.groups)
                    .map_err(|why| invalid(format!("rule {name}: {why}")))?,
            );
        }
        Ok(Self {
            path: path.to_owned(),
            rules,
        })
    }

    /// The first rule matching the caller and account decides, at `now`.
    pub fn decide(&self, caller: &str, request: &Ask<'_>, now: jiff::Timestamp) -> Decision {
        match self
            .rules
            .iter()
            .find(|r| r.matches(caller, request.account))
        {
            Some(rule) => rule.check(request, now),
            None => Decision::Refuse(Refusal {
                code: "no_rule",
                message: format!(
                    "No rule of the broker's policy lets {caller} become {}",
                    request.account
                ),
                rule: None,
            }),
        }
    }

    /// Why each rule before the deciding one was passed over (its name and "the caller" or
    /// "the account"), for `gsudo broker check`.
    pub fn passed_over(&self, caller: &str, account: &str) -> Vec<(&str, &'static str)> {
        self.rules
            .iter()
            .take_while(|r| !r.matches(caller, account))
            .map(|r| {
                let why = if r.callers.iter().any(|c| c.matches(caller)) {
                    "the account"
                } else {
                    "the caller"
                };
                (r.name.as_str(), why)
            })
            .collect()
    }

    /// The accounts (as globs) the caller may ask for, with the rule that allows each.
    pub fn accounts_for(&self, caller: &str) -> Vec<(&str, &str)> {
        self.rules
            .iter()
            .filter(|r| r.callers.iter().any(|c| c.matches(caller)))
            .flat_map(|r| r.accounts.iter().map(|a| (a.as_str(), r.name.as_str())))
            .collect()
    }
}

impl Rule {
    fn from_file(file: RuleFile, groups: &BTreeMap<String, Vec<String>>) -> Result<Self, String> {
        let callers = file
            .callers
            .iter()
            .map(|c| CallerPattern::parse(c, groups))
            .collect::<Result<_, _>>()?;
        let reason_pattern = file
            .reason_pattern
            .map(|p| Regex::new(&p).map_err(|e| format!("reason_pattern: {e}")))
            .transpose()?;
        let duration = |key: &str, v: Option<String>| {
            v.map(|v| v.parse::<Lifetime>().map_err(|e| format!("{key}: {e}")))
                .transpose()
        };
        let scopes = file
            .scopes
            .map(|s| {
                s.join(",")
                    .parse::<Scopes>()
                    .map(|s| s.as_slice().to_vec())
                    .map_err(|e| format!("scopes: {e}"))
            })
            .transpose()?;
        let windows = file
            .windows
            .iter()
            .map(|w| Window::parse(w).map_err(|e| format!("windows: '{w}' {e}")))
            .collect::<Result<_, _>>()?;
        let pam = match file.approval.as_deref() {
            None => false,
            Some("pam") => true,
            Some(other) => return Err(format!("approval is '{other}'; the only kind is \"pam\"")),
        };
        Ok(Self {
            name: file.name,
            callers,
            accounts: file.accounts,
            reason_pattern,
            max_lifetime: duration("max_lifetime", file.max_lifetime)?,
            max_session_length: duration("max_session_length", file.max_session_length)?,
            scopes,
            delegates: file.delegates,
            windows,
            pam,
        })
    }

    fn matches(&self, caller: &str, account: &str) -> bool {
        self.callers.iter().any(|c| c.matches(caller))
            && self.accounts.iter().any(|a| glob_match(a, account))
    }

    /// The rule's constraints, in the order a user fixes them.
    fn check(&self, request: &Ask<'_>, now: jiff::Timestamp) -> Decision {
        let refuse = |code, message: String| {
            Decision::Refuse(Refusal {
                code,
                message,
                rule: Some(self.name.clone()),
            })
        };
        if self.pam {
            return refuse(
                "approval_required",
                format!(
                    "The broker gives {} only through a Privileged Access Manager grant",
                    request.account
                ),
            );
        }
        if !self.windows.is_empty() && !self.windows.iter().any(|w| w.contains(now)) {
            let hours: Vec<&str> = self.windows.iter().map(|w| w.text.as_str()).collect();
            return refuse(
                "time_window",
                format!(
                    "The broker gives tokens for {} only {}",
                    request.account,
                    hours.join(" or ")
                ),
            );
        }
        if let Some(pattern) = &self.reason_pattern
            && !pattern.is_match(request.reason)
        {
            return refuse(
                "reason",
                format!(
                    "The reason '{}' does not match {}",
                    request.reason,
                    pattern.as_str()
                ),
            );
        }
        if let (Some(max), Some(asked)) = (self.max_lifetime, request.lifetime)
            && asked > max.as_secs()
        {
            return refuse(
                "lifetime",
                format!(
                    "Tokens may live at most {max}, not {}",
                    Lifetime::from_secs(asked)
                ),
            );
        }
        if let (Some(max), Some(asked)) = (self.max_session_length, request.session_length)
            && asked > max.as_secs()
        {
            return refuse(
                "session_length",
                format!(
                    "Sessions may last at most {max}, not {}",
                    Lifetime::from_secs(asked)
                ),
            );
        }
        if let Some(allowed) = &self.scopes
            && let Some(scope) = request.scopes.iter().find(|s| !allowed.contains(s))
        {
            return refuse("scope", format!("The scope {scope} is not allowed"));
        }
        if let Some(delegate) = request
            .delegates
            .iter()
            .find(|d| !self.delegates.iter().any(|p| glob_match(p, d)))
        {
            return refuse(
                "delegates",
                format!("Delegation through {delegate} is not allowed"),
            );
        }
        Decision::Allow {
            rule: self.name.clone(),
        }
    }
}

impl CallerPattern {
    fn parse(text: &str, groups: &BTreeMap<String, Vec<String>>) -> Result<Self, String> {
        if let Some(name) = text.strip_prefix("group:") {
            let members = groups
                .get(name)
                .ok_or_else(|| format!("callers: no [groups] entry {name}"))?;
            return Ok(Self::Group(
                members.iter().map(|m| m.to_lowercase()).collect(),
            ));
        }
        if let Some(domain) = text.strip_prefix("domain:") {
            return Ok(Self::Domain(domain.to_lowercase()));
        }
        if !text.contains('@') {
            return Err(format!(
                "callers: '{text}' is not an email, group:NAME or domain:NAME"
            ));
        }
        Ok(Self::Email(text.to_owned()))
    }

    fn matches(&self, caller: &str) -> bool {
        match self {
            Self::Email(pattern) => glob_match(pattern, caller),
            Self::Domain(domain) => caller
                .rsplit_once('@')
                .is_some_and(|(_, d)| d.eq_ignore_ascii_case(domain)),
            Self::Group(members) => members.iter().any(|m| m.eq_ignore_ascii_case(caller)),
        }
    }
}

impl Window {
    fn parse(text: &str) -> Result<Self, String> {
        let words: Vec<&str> = text.split_whitespace().collect();
        let [days, hours, zone] = words[..] else {
            return Err("is not like 'Mon-Fri 08:00-20:00 Europe/Zurich'".into());
        };
        let days = parse_days(days)?;
        let (from, to) = hours.split_once('-').ok_or("has no HH:MM-HH:MM hours")?;
        let time = |t: &str| {
            Time::strptime("%H:%M", t).map_err(|_| format!("has the time {t}, not HH:MM"))
        };
        let zone = TimeZone::get(zone).map_err(|_| format!("names no known time zone {zone}"))?;
        Ok(Self {
            text: text.to_owned(),
            days,
            from: time(from)?,
            to: time(to)?,
            zone,
        })
    }

    fn contains(&self, now: jiff::Timestamp) -> bool {
        let local = now.to_zoned(self.zone.clone());
        let time = local.time();
        self.days.contains(&local.weekday()) && self.from <= time && time < self.to
    }
}

/// `Mon-Fri`, `Sat,Sun`, `Mon` or `daily`.
fn parse_days(text: &str) -> Result<Vec<Weekday>, String> {
    const NAMES: [(&str, Weekday); 7] = [
        ("mon", Weekday::Monday),
        ("tue", Weekday::Tuesday),
        ("wed", Weekday::Wednesday),
        ("thu", Weekday::Thursday),
        ("fri", Weekday::Friday),
        ("sat", Weekday::Saturday),
        ("sun", Weekday::Sunday),
    ];
    let day = |name: &str| {
        NAMES
            .iter()
            .position(|(n, _)| n.eq_ignore_ascii_case(name))
            .ok_or_else(|| format!("has the day {name}, not one of Mon..Sun"))
    };
    if text.eq_ignore_ascii_case("daily") {
        return Ok(NAMES.iter().map(|(_, d)| *d).collect());
    }
    let mut days = Vec::new();
    for part in text.split(',') {
        match part.split_once('-') {
            Some((a, b)) => {
                let (a, b) = (day(a)?, day(b)?);
                // Ranges may wrap around the week, like Fri-Mon.
                let len = (b + 7 - a) % 7 + 1;
                days.extend((0..len).map(|i| NAMES[(a + i) % 7].1));
            }
            None => days.push(NAMES[day(part)?].1),
        }
    }
    Ok(days)
}

#[cfg(test)]
mod tests {
    use super::*;

    const POLICY: &str = r#"
[groups]
oncall = ["alice@example.com"]

[[rule]]
name = "pam-prod"
callers = ["domain:example.com"]
accounts = ["*@prod.iam.gserviceaccount.com"]
approval = "pam"

[[rule]]
name = "oncall"
callers = ["group:oncall", "carol@example.org"]
accounts = ["deployer@*"]
reason_pattern = '^[A-Z]+-[0-9]+ '
max_lifetime = "30m"
max_session_length = "2h"
scopes = ["cloud-platform"]
delegates = ["hop@*"]
windows = ["Mon-Fri 08:00-20:00 Europe/Zurich"]
"#;

    fn request(account: &str) -> TokenRequest {
        TokenRequest {
            account: account.into(),
            reason: "OPS-1 deploy".into(),
            lifetime: 600,
            scopes: vec!["https://www.googleapis.com/auth/cloud-platform".into()],
            delegates: vec![],
            session: "0123456789ab".into(),
            session_length: Some(3600),
            command: None,
        }
    }

    fn code(d: Decision) -> (&'static str, Option<String>) {
        match d {
            Decision::Refuse(r) => (r.code, r.rule),
            Decision::Allow { rule } => ("allow", Some(rule)),
        }
    }

    #[test]
    fn first_matching_rule_decides_and_each_constraint_refuses() {
        let p = Policy::parse(Path::new("p.toml"), POLICY).unwrap();
        // Wednesday 10:00 in Zurich.
        let open: jiff::Timestamp = "2026-12-09T09:00:00Z".parse().unwrap();
        let sa = "deployer@p.iam.gserviceaccount.com";
        assert_eq!(
            code(p.decide("Alice@example.com", &(&request(sa)).into(), open)),
            ("allow", Some("oncall".into()))
        );
        assert_eq!(
            code(p.decide("bob@example.com", &(&request(sa)).into(), open)),
            ("no_rule", None)
        );
        assert_eq!(
            code(p.decide(
                "alice@example.com",
                &(&request("a@prod.iam.gserviceaccount.com")).into(),
                open
            ))
            .0,
            "approval_required"
        );
        let saturday: jiff::Timestamp = "2026-12-12T09:00:00Z".parse().unwrap();
        assert_eq!(
            code(p.decide("alice@example.com", &(&request(sa)).into(), saturday)).0,
            "time_window"
        );
        let late: jiff::Timestamp = "2026-12-09T19:30:00Z".parse().unwrap();
        assert_eq!(
            code(p.decide("alice@example.com", &(&request(sa)).into(), late)).0,
            "time_window"
        );
        let mut r = request(sa);
        r.reason = "because".into();
        assert_eq!(
            code(p.decide("carol@example.org", &(&r).into(), open)).0,
            "reason"
        );
        let mut r = request(sa);
        r.lifetime = 3600;
        assert_eq!(
            code(p.decide("carol@example.org", &(&r).into(), open)).0,
            "lifetime"
        );
        let mut r = request(sa);
        r.session_length = Some(86_400);
        assert_eq!(
            code(p.decide("carol@example.org", &(&r).into(), open)).0,
            "session_length"
        );
        let mut r = request(sa);
        r.scopes
            .push("https://www.googleapis.com/auth/gmail".into());
        assert_eq!(
            code(p.decide("carol@example.org", &(&r).into(), open)).0,
            "scope"
        );
        let mut r = request(sa);
        r.delegates = vec!["hop@p.iam.gserviceaccount.com".into()];
        assert_eq!(
            code(p.decide("carol@example.org", &(&r).into(), open)).0,
            "allow"
        );
        r.delegates = vec!["other@p.iam.gserviceaccount.com".into()];
        assert_eq!(
            code(p.decide("carol@example.org", &(&r).into(), open)).0,
            "delegates"
        );

        assert_eq!(
            p.accounts_for("alice@example.com"),
            [
                ("*@prod.iam.gserviceaccount.com", "pam-prod"),
                ("deployer@*", "oncall")
            ]
        );
    }

    #[test]
    fn the_shipped_policies_are_valid() {
        let cloud_run = include_str!("../../deploy/cloud-run/policy.toml");
        let p = Policy::parse(Path::new("policy.toml"), cloud_run).unwrap();
        assert_eq!(p.rules.len(), 2);
        let manifests = include_str!("../../deploy/kubernetes/deployment.yaml");
        let config_map = serde_yaml_ng::Deserializer::from_str(manifests)
            .map(|d| serde_yaml_ng::Value::deserialize(d).unwrap())
            .find(|d| d["kind"] == "ConfigMap")
            .unwrap();
        let text = config_map["data"]["policy.toml"].as_str().unwrap();
        assert_eq!(
            Policy::parse(Path::new("policy.toml"), text)
                .unwrap()
                .rules
                .len(),
            1
        );
    }

    #[test]
    fn mistakes_in_the_file_are_named() {
        let bad = |text: &str| {
            Policy::parse(Path::new("p.toml"), text)
                .unwrap_err()
                .to_string()
        };
        assert!(
            bad("[[rule]]\nname='x'\ncallers=['group:nope']\naccounts=['*']\n").contains("nope")
        );
        assert!(
            bad("[[rule]]\nname='x'\ncallers=['a@b.c']\naccounts=['*']\nwindows=['Mon 8-9 UTC']\n")
                .contains("HH:MM")
        );
        assert!(
            bad("[[rule]]\nname='x'\ncallers=['a@b.c']\naccounts=['*']\nmax_lifetim='1h'\n")
                .contains("max_lifetim")
        );
        assert_eq!(parse_days("Fri-Mon").unwrap().len(), 4);
    }
}
