//! Guard-rails an organisation can share: rules gsudo checks before it mints anything.
//!
//! Every policy found applies: the system's (`/etc/gsudo/policy.toml`), the file `GSUDO_POLICY`
//! names, and the `[policy]` table of the user's configuration file. None can relax another, and
//! a violation names the rule and the file it came from.

use std::io;
use std::path::{Path, PathBuf};

use regex_lite::Regex;

use super::Env;
use super::file::{ConfigFile, FileError};
use super::reader::{Entry, entries};
use super::schema::{check, duration, list, string};
use crate::settings::{self, RULES};
use crate::types::{Lifetime, Reason, ServiceAccount};
use crate::ui::Failure;

/// Where an organisation installs the policy every user of the machine gets.
pub const SYSTEM_POLICY: &str = "/etc/gsudo/policy.toml";

/// How long Google's ID tokens live; generateIdToken takes no lifetime.
pub const ID_TOKEN_LIFETIME: Lifetime = Lifetime::from_secs(3600);

/// One policy's rules; a rule left out does not constrain.
#[derive(Clone, Debug, Default)]
pub struct Rules {
    reason_required: Option<bool>,
    reason_pattern: Option<Regex>,
    service_accounts: Option<Vec<String>>,
    max_lifetime: Option<Lifetime>,
    max_session_length: Option<Lifetime>,
    confirm: Option<bool>,
    id_tokens: Option<bool>,
    allow_proxy_overrides: Option<bool>,
    require_pam: Option<bool>,
}

impl Rules {
    /// What is wrong with a key that names no rule: gsudo would not enforce it.
    pub fn not_a_rule() -> String {
        let names: Vec<&str> = RULES.iter().map(|r| r.name).collect();
        format!("not a policy rule (the rules are {})", names.join(", "))
    }

    /// Reads rules from entries whose last key part names the rule.
    pub fn from_entries(path: &Path, entries: &[Entry]) -> Result<Self, FileError> {
        let mut rules = Self::default();
        for entry in entries {
            let rule = entry.key.last().map(String::as_str).unwrap_or_default();
            let invalid = |message: String| FileError::Invalid {
                path: path.to_owned(),
                line: entry.line,
                key: Some(entry.dotted()),
                message,
            };
            let kind = settings::rule(rule)
                .map(|r| r.kind)
                .ok_or_else(|| invalid(Self::not_a_rule()))?;
            check(kind, &entry.value).map_err(invalid)?;
            let v = &entry.value;
            match rule {
                "reason_required" => rules.reason_required = v.as_bool(),
                "confirm" => rules.confirm = v.as_bool(),
                "id_tokens" => rules.id_tokens = v.as_bool(),
                "allow_proxy_overrides" => rules.allow_proxy_overrides = v.as_bool(),
                "require_pam" => rules.require_pam = v.as_bool(),
                "reason_pattern" => {
                    rules.reason_pattern = string(v).ok().and_then(|p| Regex::new(p).ok());
                }
                "service_accounts" => rules.service_accounts = list(v).ok(),
                "max_lifetime" => rules.max_lifetime = duration(v).ok(),
                "max_session_length" => rules.max_session_length = duration(v).ok(),
                _ => {}
            }
        }
        Ok(rules)
    }
}

/// The rules of one file.
#[derive(Clone, Debug)]
pub struct Policy {
    pub source: PathBuf,
    pub rules: Rules,
}

impl Policy {
    /// A policy file: rules at the top, or under `[policy]` as in a configuration file.
    pub fn read(path: &Path) -> Result<Option<Self>, FileError> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(source) => {
                return Err(FileError::Read {
                    path: path.to_owned(),
                    source,
                });
            }
        };
        let entries = entries(path, &text)?;
        Ok(Some(Self {
            source: path.to_owned(),
            rules: Rules::from_entries(path, &entries)?,
        }))
    }
}

/// A rule a run breaks, and where it came from.
#[derive(Clone, Debug)]
pub struct Violation {
    pub rule: &'static str,
    pub source: PathBuf,
    /// What the rule wants, as the middle of a sentence.
    pub wants: String,
    pub hint: String,
}

impl From<Violation> for Failure {
    fn from(v: Violation) -> Self {
        Failure::new(format!(
            "The policy in {} {} (rule {}).",
            v.source.display(),
            v.wants,
            v.rule
        ))
        .with_hint(v.hint)
    }
}

/// Every policy that applies to this user, in the order they were found.
#[derive(Clone, Debug, Default)]
pub struct Policies(Vec<Policy>);

impl Policies {
    /// The system's policy, the one GSUDO_POLICY names (which must exist), and the user's own.
    pub fn load(env: &Env, config: &ConfigFile) -> Result<Self, FileError> {
        Self::load_from(Path::new(SYSTEM_POLICY), env, config)
    }

    pub(super) fn load_from(
        system: &Path,
        env: &Env,
        config: &ConfigFile,
    ) -> Result<Self, FileError> {
        let mut found = Vec::new();
        found.extend(Policy::read(system)?);
        if let Some(path) = env.path("GSUDO_POLICY") {
            // A policy someone meant to apply and gsudo could not find must not pass unnoticed.
            let policy = Policy::read(&path)?.ok_or_else(|| FileError::Read {
                path: path.clone(),
                source: io::Error::new(io::ErrorKind::NotFound, "no such file (GSUDO_POLICY)"),
            })?;
            found.push(policy);
        }
        if let (Some(rules), Some(path)) = (&config.policy, &config.path) {
            found.push(Policy {
                source: path.clone(),
                rules: rules.clone(),
            });
        }
        for policy in &found {
            crate::ui::debug(&format!("policy: {}", policy.source.display()));
        }
        Ok(Self(found))
    }

    /// The first policy that requires a reason, explicitly or through a pattern, and the rule.
    pub fn requiring_reason(&self) -> Option<(&Path, &'static str)> {
        self.0.iter().find_map(|p| {
            let rule = match (&p.rules.reason_required, &p.rules.reason_pattern) {
                (Some(true), _) => "reason_required",
                (_, Some(_)) => "reason_pattern",
                _ => return None,
            };
            Some((p.source.as_path(), rule))
        })
    }

    /// The violation of running without a reason where a policy wants one.
    pub fn missing_reason(&self) -> Option<Violation> {
        self.requiring_reason().map(|(source, rule)| Violation {
            rule,
            source: source.to_owned(),
            wants: "requires a reason".into(),
            hint: "Say why with -R \"TICKET-123 what you are doing\" (or GSUDO_REASON).".into(),
        })
    }

    pub fn check_reason(&self, reason: &Reason) -> Result<(), Violation> {
        for policy in &self.0 {
            if let Some(pattern) = &policy.rules.reason_pattern
                && !pattern.is_match(&reason.to_string())
            {
                return Err(Violation {
                    rule: "reason_pattern",
                    source: policy.source.clone(),
                    wants: format!(
                        "wants a reason matching {}, and '{reason}' does not",
                        pattern.as_str()
                    ),
                    hint: "Give a reason that matches, like -R \"TICKET-123 what you are doing\"."
                        .into(),
                });
            }
        }
        Ok(())
    }

    pub fn check_account(&self, account: &ServiceAccount) -> Result<(), Violation> {
        for policy in &self.0 {
            if let Some(patterns) = &policy.rules.service_accounts
                && !patterns.iter().any(|p| glob_match(p, account.as_str()))
            {
                return Err(Violation {
                    rule: "service_accounts",
                    source: policy.source.clone(),
                    wants: format!(
                        "allows only service accounts matching {}, and {account} does not",
                        patterns.join(", ")
                    ),
                    hint: "Use an account the policy allows, or ask whoever maintains it.".into(),
                });
            }
        }
        Ok(())
    }

    /// The token lifetime the run may have: a default above a policy's ceiling comes down to
    /// it, an explicit ask above it is refused.
    pub fn cap_lifetime(&self, asked: Lifetime, explicit: bool) -> Result<Lifetime, Violation> {
        self.cap(asked, explicit, Limit::Lifetime)
    }

    pub fn cap_session_length(
        &self,
        asked: Lifetime,
        explicit: bool,
    ) -> Result<Lifetime, Violation> {
        self.cap(asked, explicit, Limit::SessionLength)
    }

    fn cap(&self, asked: Lifetime, explicit: bool, limit: Limit) -> Result<Lifetime, Violation> {
        let mut allowed = asked;
        for policy in &self.0 {
            let max = match limit {
                Limit::Lifetime => policy.rules.max_lifetime,
                Limit::SessionLength => policy.rules.max_session_length,
            };
            let Some(max) = max.filter(|max| asked > *max) else {
                continue;
            };
            if explicit {
                let (rule, what, flag) = match limit {
                    Limit::Lifetime => ("max_lifetime", "tokens", "--lifetime"),
                    Limit::SessionLength => ("max_session_length", "sessions", "--session"),
                };
                return Err(Violation {
                    rule,
                    source: policy.source.clone(),
                    wants: format!("allows {what} of at most {max}, not {asked}"),
                    hint: format!("Ask for less, like {flag} {max}."),
                });
            }
            allowed = allowed.min(max);
        }
        Ok(allowed)
    }

    /// Whether the run may mint ID tokens. Google's ID tokens always live 1h, so a policy that
    /// caps tokens below that refuses them unless it allows them explicitly (`id_tokens =
    /// true`); `id_tokens = false` refuses them whatever the caps.
    pub fn check_id_tokens(&self) -> Result<(), Violation> {
        for policy in &self.0 {
            let capped = policy
                .rules
                .max_lifetime
                .filter(|max| *max < ID_TOKEN_LIFETIME);
            let wants = match (policy.rules.id_tokens, capped) {
                (Some(true), _) | (None, None) => continue,
                (Some(false), _) => {
                    return Err(Violation {
                        rule: "id_tokens",
                        source: policy.source.clone(),
                        wants: "allows no ID tokens".into(),
                        hint: "Use an access token, or ask whoever maintains the policy.".into(),
                    });
                }
                (None, Some(max)) => format!(
                    "allows tokens of at most {max}, and Google's ID tokens live {ID_TOKEN_LIFETIME}"
                ),
            };
            return Err(Violation {
                rule: "max_lifetime",
                source: policy.source.clone(),
                wants,
                hint: "If ID tokens should be allowed anyway, whoever maintains the policy can add id_tokens = true to it.".into(),
            });
        }
        Ok(())
    }

    /// Whether the run may send Google API hosts elsewhere (`--proxy-resolve`) or trust more
    /// CAs for them (`--upstream-ca-file`): either can hand the account's token to a server
    /// of someone else's choosing, and both can come from an untrusted `.envrc`.
    pub fn check_proxy_overrides(&self, overridden: &[&str]) -> Result<(), Violation> {
        let Some(first) = overridden.first() else {
            return Ok(());
        };
        match self
            .0
            .iter()
            .find(|p| p.rules.allow_proxy_overrides == Some(false))
        {
            Some(policy) => Err(Violation {
                rule: "allow_proxy_overrides",
                source: policy.source.clone(),
                wants: format!("allows no {first}"),
                hint: format!(
                    "Run without {} (check GSUDO_PROXY_RESOLVE and GSUDO_UPSTREAM_CA_FILE, which a .envrc may set).",
                    overridden.join(" and ")
                ),
            }),
            None => Ok(()),
        }
    }

    /// The first policy that wants every run to go through a Privileged Access Manager grant,
    /// never a standing binding.
    pub fn requiring_pam(&self) -> Option<&Path> {
        self.0
            .iter()
            .find(|p| p.rules.require_pam == Some(true))
            .map(|p| p.source.as_path())
    }

    /// The first policy that wants each privileged run confirmed.
    pub fn confirming(&self) -> Option<&Path> {
        self.0
            .iter()
            .find(|p| p.rules.confirm == Some(true))
            .map(|p| p.source.as_path())
    }
}

#[derive(Clone, Copy)]
enum Limit {
    Lifetime,
    SessionLength,
}

/// Whether `text` matches `pattern`, where `*` stands for any run of characters and `?` for
/// one; emails compare without regard to case.
pub fn glob_match(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.to_lowercase().chars().collect();
    let t: Vec<char> = text.to_lowercase().chars().collect();
    let (mut pi, mut ti) = (0, 0);
    // Where the last `*` was, and how much of the text it has swallowed so far.
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some((pi, ti));
            pi += 1;
        } else if let Some((sp, st)) = star {
            pi = sp + 1;
            ti = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == '*')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policies(text: &str) -> Policies {
        let path = Path::new("/etc/gsudo/policy.toml");
        let entries = entries(path, text).unwrap();
        Policies(vec![Policy {
            source: path.to_owned(),
            rules: Rules::from_entries(path, &entries).unwrap(),
        }])
    }

    #[test]
    fn globs_match_like_a_shell() {
        assert!(glob_match(
            "*@prod-*.iam.gserviceaccount.com",
            "Deployer@prod-eu.iam.gserviceaccount.com"
        ));
        assert!(glob_match("deploy?r@*", "deployer@p.com"));
        assert!(glob_match("*", "x"));
        assert!(!glob_match(
            "*@prod-*.iam.gserviceaccount.com",
            "a@dev.iam.gserviceaccount.com"
        ));
        assert!(!glob_match("a@b.com", "a@b.comx"));
        assert!(glob_match("a*b*c", "aXbYbZc"));
    }

    #[test]
    fn each_rule_names_itself_and_its_file() {
        let p = policies(
            "reason_pattern = '^[A-Z]+-[0-9]+ '\nservice_accounts = ['*@prod.iam.gserviceaccount.com']\nmax_lifetime = '30m'\nmax_session_length = '2h'\nconfirm = true\n",
        );
        assert_eq!(
            p.requiring_reason(),
            Some((Path::new("/etc/gsudo/policy.toml"), "reason_pattern"))
        );
        assert_eq!(
            Failure::from(p.missing_reason().unwrap()).message,
            "The policy in /etc/gsudo/policy.toml requires a reason (rule reason_pattern)."
        );
        let v = p.check_reason(&"fix it".parse().unwrap()).unwrap_err();
        assert_eq!(v.rule, "reason_pattern");
        assert!(p.check_reason(&"OPS-1 fix it".parse().unwrap()).is_ok());
        let v = p
            .check_account(&"a@dev.iam.gserviceaccount.com".parse().unwrap())
            .unwrap_err();
        assert_eq!(
            Failure::from(v).message,
            "The policy in /etc/gsudo/policy.toml allows only service accounts matching *@prod.iam.gserviceaccount.com, and a@dev.iam.gserviceaccount.com does not (rule service_accounts)."
        );
        let hour = Lifetime::from_secs(3600);
        assert_eq!(p.cap_lifetime(hour, true).unwrap_err().rule, "max_lifetime");
        assert_eq!(
            p.cap_lifetime(hour, false).unwrap(),
            Lifetime::from_secs(1800)
        );
        let day = Lifetime::from_secs(86_400);
        assert_eq!(
            p.cap_session_length(day, true).unwrap_err().rule,
            "max_session_length"
        );
        assert!(p.confirming().is_some());
    }

    #[test]
    fn policies_stack_and_a_named_one_must_exist() {
        let dir = tempfile::tempdir().unwrap();
        let system = dir.path().join("system.toml");
        std::fs::write(&system, "max_lifetime = '1h'\n").unwrap();
        let team = dir.path().join("team.toml");
        std::fs::write(&team, "[policy]\nconfirm = true\n").unwrap();
        let env = Env::from_pairs([("GSUDO_POLICY", team.to_str().unwrap())]);
        let config = ConfigFile::parse(
            &dir.path().join("config.toml"),
            "[policy]\nreason_required = true\n",
        )
        .unwrap();
        let found = Policies::load_from(&system, &env, &config).unwrap();
        assert_eq!(found.0.len(), 3);
        assert_eq!(found.confirming(), Some(team.as_path()));
        assert!(found.requiring_reason().unwrap().0.ends_with("config.toml"));

        let env = Env::from_pairs([("GSUDO_POLICY", "/nonexistent/policy.toml")]);
        let err = Policies::load_from(&system, &env, &ConfigFile::default()).unwrap_err();
        assert!(err.to_string().contains("/nonexistent/policy.toml"));
        assert!(
            Policies::load_from(
                Path::new("/nonexistent"),
                &Env::default(),
                &ConfigFile::default()
            )
            .is_ok()
        );
    }

    #[test]
    fn an_unknown_rule_is_an_error() {
        let path = Path::new("/p.toml");
        let entries = entries(path, "max_lifetme = '1h'\n").unwrap();
        let err = Rules::from_entries(path, &entries).unwrap_err().to_string();
        assert!(
            err.starts_with("/p.toml line 1, key max_lifetme: not a policy rule"),
            "{err}"
        );
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        /// A TOML value of any kind, as a policy author might mistype one.
        fn value() -> impl Strategy<Value = String> {
            prop_oneof![
                "'[^'\\n]{0,12}'",
                "-?[0-9]{1,25}",
                Just("true".to_owned()),
                Just("false".to_owned()),
                Just("[]".to_owned()),
                "\\[('[a-z*@.-]{0,10}', ?){0,3}\\]",
                Just("{ a = 1 }".to_owned()),
                Just("1979-05-27T07:32:00Z".to_owned()),
                Just("'('".to_owned()),
            ]
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(256))]

            /// Any text at all is a policy or an error naming the file, never a panic.
            #[test]
            fn any_text_reads_or_is_refused(text in "\\PC{0,200}") {
                let path = Path::new("/p.toml");
                if let Ok(entries) = entries(path, &text) {
                    let _ = Rules::from_entries(path, &entries);
                }
            }

            /// Every rule with a value of any kind, at the top or under [policy], reads or is
            /// refused; what reads can be checked against without a panic.
            #[test]
            fn any_value_for_any_rule_reads_or_is_refused(
                rules in prop::collection::vec((prop::sample::select(RULES.iter().map(|r| r.name).collect::<Vec<_>>()), value()), 0..6),
                table in any::<bool>(),
            ) {
                let mut text = String::from(if table { "[policy]\n" } else { "" });
                let mut seen = Vec::new();
                for (rule, value) in &rules {
                    if !seen.contains(rule) {
                        seen.push(*rule);
                        text.push_str(&format!("{rule} = {value}\n"));
                    }
                }
                let path = Path::new("/p.toml");
                let Ok(entries) = entries(path, &text) else {
                    return Ok(());
                };
                if let Ok(rules) = Rules::from_entries(path, &entries) {
                    let policies = Policies(vec![Policy { source: path.to_owned(), rules }]);
                    let _ = policies.cap_lifetime(Lifetime::from_secs(600), true);
                    let _ = policies.check_id_tokens();
                    let _ = policies.check_proxy_overrides(&["--proxy-resolve"]);
                    let _ = policies.check_reason(&"OPS-1 x".parse().unwrap());
                    let _ = policies.check_account(&"a@p.iam.gserviceaccount.com".parse().unwrap());
                }
            }
        }
    }
}
