//! The caller's own identity (the source credentials that mint the service account's tokens).
//!
//! Order: Application Default Credentials (GOOGLE_APPLICATION_CREDENTIALS, then the well-known
//! file in gcloud's configuration directory), the metadata server when on Google Cloud, then the
//! gcloud CLI's logged-in account.

use std::fmt;
use std::future::Future;
use std::path::PathBuf;
use std::process::Stdio;
use std::time::Instant;

use google_cloud_auth::credentials::{
    AccessTokenCredentials, external_account, impersonated, mds, service_account, user_account,
};
use reqwest::Method;
use serde_json::Value;
use time::OffsetDateTime;
use tokio::sync::Mutex;

use super::AuthError;
use crate::config::{Env, Gcloud};
use crate::google::{GoogleError, Http, http_error, network_failure, root_cause};
use crate::types::Secret;
use crate::ui;

const CLOUD_PLATFORM: &str = "https://www.googleapis.com/auth/cloud-platform";

/// Where the caller's identity comes from; `whoami` prints it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// An ADC file: named by GOOGLE_APPLICATION_CREDENTIALS, or the well-known one.
    AdcFile {
        path: PathBuf,
        kind: String,
        from_env: bool,
    },
    /// The GCE metadata server (or what GCE_METADATA_HOST names).
    MetadataServer { host: String },
    /// The gcloud CLI's active account.
    Gcloud { config_dir: PathBuf },
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::AdcFile {
                path,
                kind,
                from_env: true,
            } => write!(
                f,
                "Application Default Credentials ({kind}) from GOOGLE_APPLICATION_CREDENTIALS={}",
                path.display()
            ),
            Source::AdcFile {
                path,
                kind,
                from_env: false,
            } => {
                write!(
                    f,
                    "Application Default Credentials ({kind}) from {}",
                    path.display()
                )
            }
            Source::MetadataServer { host } => write!(f, "the metadata server at {host}"),
            Source::Gcloud { config_dir } => {
                write!(
                    f,
                    "the gcloud CLI's active account (configuration in {})",
                    config_dir.display()
                )
            }
        }
    }
}

enum Provider {
    Library(AccessTokenCredentials),
    /// An `authorized_user` file, refreshed by gsudo itself rather than by the credential
    /// library, whose client reads every certificate in /etc/ssl/certs at each refresh: a
    /// loopback http token URI needs no certificates at all, and an https one loads the
    /// system's once, on the first refresh (`Http` builds its TLS client on first use).
    User {
        grant: UserGrant,
        http: Http,
        cache: Mutex<Option<(Secret, OffsetDateTime)>>,
    },
    Gcloud(Mutex<Option<(Secret, OffsetDateTime)>>),
}

/// What a refresh of an `authorized_user` credential sends (RFC 6749 §6).
struct UserGrant {
    token_uri: String,
    client_id: String,
    client_secret: Secret,
    refresh_token: Secret,
}

/// A cached caller token is used while it has more than this left.
const EARLY_REFRESH: time::Duration = time::Duration::seconds(60);

/// The caller: where its identity comes from and how to get its access token.
pub struct Caller {
    source: Source,
    provider: Provider,
    /// What is known of the caller's email without a network call.
    known_email: Option<String>,
    /// Where to ask an OAuth2 server who a token belongs to (authorized_user only).
    tokeninfo: Option<String>,
    metadata_host: Option<String>,
    /// The ADC file's `quota_project_id`: the project Google's libraries bill the caller's calls to.
    quota_project: Option<String>,
    env: Env,
}

impl fmt::Debug for Caller {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Caller")
            .field("source", &self.source)
            .finish_non_exhaustive()
    }
}

impl Caller {
    /// Finds the caller's credentials without any network call, and without running gcloud
    /// when it has no login to give (which would make it create its configuration directory).
    pub fn discover(env: &Env, gcloud: &Gcloud) -> Result<Self, AuthError> {
        if let Some(path) = env.path("GOOGLE_APPLICATION_CREDENTIALS") {
            return Self::from_adc_file(env, path, true);
        }
        let well_known = gcloud.dir.join("application_default_credentials.json");
        if well_known.is_file() {
            return Self::from_adc_file(env, well_known, false);
        }
        if let Some(host) = metadata_host(env) {
            let creds = mds::Builder::default()
                .with_endpoint(format!("http://{host}"))
                .build_access_token_credentials()
                .map_err(|e| {
                    AuthError::Source(format!("the metadata server at {host} cannot be used: {e}"))
                })?;
            return Ok(Self {
                source: Source::MetadataServer { host: host.clone() },
                provider: Provider::Library(creds),
                known_email: None,
                tokeninfo: None,
                metadata_host: Some(host),
                quota_project: None,
                env: env.clone(),
            });
        }
        let installed = env.which("gcloud").is_some();
        if installed && gcloud.has_login() {
            return Ok(Self {
                source: Source::Gcloud {
                    config_dir: gcloud.dir.clone(),
                },
                provider: Provider::Gcloud(Mutex::new(None)),
                known_email: gcloud.account(),
                tokeninfo: None,
                metadata_host: None,
                quota_project: None,
                env: env.clone(),
            });
        }
        let gcloud_cli = if installed {
            format!(
                "the gcloud CLI has no logged-in account in {}",
                gcloud.dir.display()
            )
        } else {
            "the gcloud CLI is not installed".to_owned()
        };
        Err(AuthError::NoCredentials {
            looked: vec![
                "GOOGLE_APPLICATION_CREDENTIALS is not set".to_owned(),
                format!("there is no {}", well_known.display()),
                "this is not a Google Cloud machine and GCE_METADATA_HOST is not set".to_owned(),
                gcloud_cli,
            ],
        })
    }

    fn from_adc_file(env: &Env, path: PathBuf, from_env: bool) -> Result<Self, AuthError> {
        let unreadable = |why: String| AuthError::AdcFile {
            path: path.clone(),
            why,
        };
        let text = std::fs::read_to_string(&path).map_err(|e| unreadable(e.to_string()))?;
        let json: Value =
            serde_json::from_str(&text).map_err(|e| unreadable(format!("it is not JSON ({e})")))?;
        let kind = json["type"].as_str().unwrap_or_default().to_owned();
        let scopes = [CLOUD_PLATFORM];
        let built = match kind.as_str() {
            "authorized_user" => {
                // Parsed by the library, which says best what is wrong with a file; refreshed
                // by gsudo (see `Provider::User`).
                user_account::Builder::new(json.clone())
                    .build_access_token_credentials()
                    .map_err(|e| unreadable(e.to_string()))?;
                let field = |name: &str| json[name].as_str().unwrap_or_default().to_owned();
                let http = Http::new()
                    .map_err(|e| unreadable(format!("gsudo could not set up HTTP: {e}")))?;
                return Ok(Self::from_file(
                    env,
                    &json,
                    Source::AdcFile {
                        path,
                        kind,
                        from_env,
                    },
                    Provider::User {
                        grant: UserGrant {
                            token_uri: json["token_uri"]
                                .as_str()
                                .unwrap_or("https://oauth2.googleapis.com/token")
                                .to_owned(),
                            client_id: field("client_id"),
                            client_secret: Secret::new(field("client_secret")),
                            refresh_token: Secret::new(field("refresh_token")),
                        },
                        http,
                        cache: Mutex::new(None),
                    },
                ));
            }
            "service_account" => service_account::Builder::new(json.clone())
                .with_access_specifier(service_account::AccessSpecifier::from_scopes(scopes))
                .build_access_token_credentials(),
            "impersonated_service_account" => impersonated::Builder::new(json.clone())
                .with_scopes(scopes)
                .build_access_token_credentials(),
            "external_account" => external_account::Builder::new(json.clone())
                .with_scopes(scopes)
                .build_access_token_credentials(),
            "" => return Err(unreadable("it has no \"type\" field".into())),
            other => {
                return Err(unreadable(format!(
                    "its type \"{other}\" is not one gsudo can use"
                )));
            }
        };
        let creds = built.map_err(|e| unreadable(e.to_string()))?;
        Ok(Self::from_file(
            env,
            &json,
            Source::AdcFile {
                path,
                kind,
                from_env,
            },
            Provider::Library(creds),
        ))
    }

    /// The caller an ADC file describes, given how its tokens are had.
    fn from_file(env: &Env, json: &Value, source: Source, provider: Provider) -> Self {
        let kind = match &source {
            Source::AdcFile { kind, .. } => kind.as_str(),
            _ => "",
        };
        let known_email = json["client_email"]
            .as_str()
            .or_else(|| json["account"].as_str())
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .or_else(|| {
                json["service_account_impersonation_url"]
                    .as_str()
                    .and_then(email_in_impersonation_url)
            });
        let tokeninfo = (kind == "authorized_user").then(|| {
            let token_uri = json["token_uri"]
                .as_str()
                .unwrap_or("https://oauth2.googleapis.com/token");
            sibling_url(token_uri, "tokeninfo")
        });
        Self {
            source,
            provider,
            known_email,
            tokeninfo,
            metadata_host: None,
            quota_project: json["quota_project_id"]
                .as_str()
                .filter(|p| !p.is_empty())
                .map(str::to_owned),
            env: env.clone(),
        }
    }

    pub fn source(&self) -> &Source {
        &self.source
    }

    /// The quota project the caller's ADC file names, if it names one.
    pub fn quota_project(&self) -> Option<&str> {
        self.quota_project.as_deref()
    }

    /// The caller's current access token.
    pub async fn access_token(&self) -> Result<Secret, AuthError> {
        let started = Instant::now();
        let token = match &self.provider {
            Provider::Library(creds) => creds
                .access_token()
                .await
                .map(|t| Secret::new(t.token))
                .map_err(|e| self.token_failure(&e)),
            Provider::User { grant, http, cache } => {
                cached(cache, || self.refresh_user(grant, http)).await
            }
            Provider::Gcloud(cache) => cached(cache, || gcloud_token(&self.env)).await,
        };
        ui::debug(&format!(
            "caller token from {} ({:.1} ms)",
            self.source,
            started.elapsed().as_secs_f64() * 1000.0
        ));
        token
    }

    /// A new access token for an `authorized_user` credential, from its token URI.
    async fn refresh_user(
        &self,
        grant: &UserGrant,
        http: &Http,
    ) -> Result<(Secret, OffsetDateTime), AuthError> {
        let request = http.request(Method::POST, &grant.token_uri).form(&[
            ("grant_type", "refresh_token"),
            ("client_id", grant.client_id.as_str()),
            ("client_secret", grant.client_secret.expose()),
            ("refresh_token", grant.refresh_token.expose()),
        ]);
        let asked = OffsetDateTime::now_utc();
        let response = http
            .send(request)
            .await
            .map_err(|e| self.token_failure(&e))?;
        let status = response.status();
        let body = response.text().await.map_err(|e| self.token_failure(&e))?;
        let url = reqwest::Url::parse(&grant.token_uri)
            .map_or_else(|_| "the token endpoint".to_owned(), |u| shown_url(&u));
        if !status.is_success() {
            return Err(self.refused(&url, &status.to_string(), Some(GoogleError::parse(&body))));
        }
        let json: Value = serde_json::from_str(&body).unwrap_or_default();
        let token = json["access_token"]
            .as_str()
            .filter(|t| !t.is_empty())
            .ok_or_else(|| AuthError::CallerRejected {
                message: format!("{url} answered with no access token"),
                from: self.source.to_string(),
            })?;
        // Without an expiry, the hour Google's tokens last.
        let lifetime = json["expires_in"].as_i64().unwrap_or(3600);
        Ok((
            Secret::new(token.to_owned()),
            asked + time::Duration::seconds(lifetime),
        ))
    }

    /// Why the credential library gave no token, in one sentence of gsudo's own: the URL it
    /// could not reach and why, or the answer it got, rather than the library's wording.
    fn token_failure(&self, error: &(dyn std::error::Error + 'static)) -> AuthError {
        let from = self.source.to_string();
        match http_error(error) {
            Some(http) if http.status().is_none() => AuthError::CallerUnreachable {
                url: http
                    .url()
                    .map_or_else(|| "the token endpoint".to_owned(), shown_url),
                from,
                why: network_failure(http),
            },
            Some(http) => self.refused(
                &http
                    .url()
                    .map_or_else(|| "the token endpoint".to_owned(), shown_url),
                &http.status().map_or_else(String::new, |s| s.to_string()),
                answer_in(error).map(|body| GoogleError::parse(&body)),
            ),
            None => AuthError::Source(format!(
                "could not get your access token from {from}: {}",
                root_cause(error)
            )),
        }
    }

    /// The token endpoint at `url` refused with `status` and `answer`: reauthentication when
    /// the OAuth error's subtype says so (never told by its wording, docs/google-cloud-facts.md
    /// §1, "OAuth endpoints"), else the answer whole.
    fn refused(&self, url: &str, status: &str, answer: Option<GoogleError>) -> AuthError {
        let from = self.source.to_string();
        if let Some(answer) = answer
            .as_ref()
            .filter(|a| a.is("invalid_rapt") || a.is("rapt_required"))
        {
            return AuthError::Reauth {
                from,
                message: answer.message.clone(),
                gcloud: matches!(self.source, Source::Gcloud { .. }),
            };
        }
        AuthError::CallerRejected {
            message: format!(
                "{url} answered {status}{}",
                answer.map_or_else(String::new, |a| format!(" ({})", a.message)),
            ),
            from,
        }
    }

    /// The caller's email, asking a server only when no file says it.
    pub async fn email(&self, http: &Http) -> Option<String> {
        if let Some(email) = &self.known_email {
            return Some(email.clone());
        }
        if let Some(host) = &self.metadata_host {
            let url =
                format!("http://{host}/computeMetadata/v1/instance/service-accounts/default/email");
            let request = http
                .request(Method::GET, &url)
                .header("Metadata-Flavor", "Google");
            let response = http.send(request).await.ok()?;
            return response.text().await.ok().filter(|s| !s.is_empty());
        }
        let url = self.tokeninfo.as_ref()?;
        let token = match self.access_token().await {
            Ok(token) => token,
            Err(e) => {
                ui::debug(&format!("cannot tell who the caller is: {e}"));
                return None;
            }
        };
        // POST keeps the token out of the URL, and so out of every log line.
        let request = http
            .request(Method::POST, url)
            .form(&[("access_token", token.expose())]);
        let response = http.send(request).await.ok()?;
        let info: Value = response.json().await.ok()?;
        info["email"].as_str().map(str::to_owned)
    }
}

/// The cached token while it has more than [`EARLY_REFRESH`] left, else a new one from `fetch`.
async fn cached<F>(
    cache: &Mutex<Option<(Secret, OffsetDateTime)>>,
    fetch: impl FnOnce() -> F,
) -> Result<Secret, AuthError>
where
    F: Future<Output = Result<(Secret, OffsetDateTime), AuthError>>,
{
    let mut cache = cache.lock().await;
    match cache.as_ref() {
        Some((token, expiry)) if *expiry > OffsetDateTime::now_utc() + EARLY_REFRESH => {
            Ok(token.clone())
        }
        _ => {
            let (token, expiry) = fetch().await?;
            *cache = Some((token.clone(), expiry));
            Ok(token)
        }
    }
}

/// The metadata server to use, when there is one: GCE_METADATA_HOST, or on a Google Cloud
/// machine (told by its DMI product name, so no packet leaves the machine to find out).
fn metadata_host(env: &Env) -> Option<String> {
    if let Some(host) = env.get("GCE_METADATA_HOST") {
        return Some(host.to_owned());
    }
    let product = std::fs::read_to_string("/sys/class/dmi/id/product_name").ok()?;
    product
        .trim()
        .starts_with("Google")
        .then(|| "metadata.google.internal".to_owned())
}

/// A URL as gsudo shows it: without its query, which may carry a secret.
fn shown_url(url: &reqwest::Url) -> String {
    let mut shown = url.clone();
    shown.set_query(None);
    shown.to_string()
}

/// The body of a refusal, when the credential library kept it (it puts `body=<...>` into its
/// message).
fn answer_in(error: &(dyn std::error::Error + 'static)) -> Option<String> {
    let mut cause = Some(error);
    while let Some(e) = cause {
        let text = e.to_string();
        if let Some(body) = text
            .split_once("body=<")
            .and_then(|(_, b)| b.rsplit_once('>'))
        {
            return Some(body.0.to_owned());
        }
        cause = e.source();
    }
    None
}

/// `https://host/token` → `https://host/<name>`.
fn sibling_url(url: &str, name: &str) -> String {
    match url.rfind('/') {
        Some(i) if i > url.find("://").map_or(0, |j| j + 2) => format!("{}/{name}", &url[..i]),
        _ => format!("{}/{name}", url.trim_end_matches('/')),
    }
}

fn email_in_impersonation_url(url: &str) -> Option<String> {
    let tail = url.rsplit("/serviceAccounts/").next()?;
    let email = tail.split(':').next()?;
    (email.contains('@') && !url.ends_with(email)).then(|| email.to_owned())
}

/// Asks the gcloud CLI for its account's token, in the user's own environment.
async fn gcloud_token(env: &Env) -> Result<(Secret, OffsetDateTime), AuthError> {
    let started = Instant::now();
    let output = tokio::process::Command::new(
        env.which("gcloud")
            .unwrap_or_else(|| PathBuf::from("gcloud")),
    )
    .args(["config", "config-helper", "--format=json"])
    .env_clear()
    .envs(env.iter())
    .stdin(Stdio::null())
    .output()
    .await
    .map_err(|e| AuthError::Source(format!("could not run gcloud to get your credentials: {e}")))?;
    ui::debug(&format!(
        "gcloud config config-helper ({:.0} ms)",
        started.elapsed().as_secs_f64() * 1000.0
    ));
    if !output.status.success() {
        return Err(AuthError::GcloudFailed(gcloud_error(
            &String::from_utf8_lossy(&output.stderr),
        )));
    }
    let json: Value = serde_json::from_slice(&output.stdout)
        .map_err(|_| AuthError::GcloudFailed("its output was not JSON".into()))?;
    let token = json["credential"]["access_token"]
        .as_str()
        .filter(|t| !t.is_empty())
        .ok_or_else(|| AuthError::GcloudFailed("it printed no access token".into()))?;
    let expiry = json["credential"]["token_expiry"]
        .as_str()
        .and_then(|s| OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339).ok())
        // A token file gives no expiry: ask again in five minutes.
        .unwrap_or_else(|| OffsetDateTime::now_utc() + time::Duration::minutes(5));
    Ok((Secret::new(token.to_owned()), expiry))
}

/// gcloud's error message: the first sentence of its `ERROR:` paragraph, joined into one line
/// (gcloud wraps it, and its last line alone is half a sentence), else its last line.
fn gcloud_error(stderr: &str) -> String {
    let lines: Vec<&str> = stderr.lines().map(str::trim).collect();
    let paragraph: Vec<&str> = match lines.iter().position(|l| l.starts_with("ERROR:")) {
        Some(start) => lines[start..]
            .iter()
            .take_while(|l| !l.is_empty())
            .copied()
            .collect(),
        None => lines
            .iter()
            .rev()
            .find(|l| !l.is_empty())
            .into_iter()
            .copied()
            .collect(),
    };
    let message = paragraph.join(" ");
    let message = message.trim_start_matches("ERROR:").trim();
    // "(gcloud.config.config-helper) You do not ...": the command's name says nothing here.
    let message = match message.strip_prefix("(gcloud.") {
        Some(rest) => rest.split_once(") ").map_or(message, |(_, m)| m),
        None => message,
    };
    let first = message.split_once(". ").map_or(message, |(first, _)| first);
    match first.trim_end_matches('.') {
        "" => "it printed nothing".to_owned(),
        first => first.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokeninfo_lives_beside_the_token_endpoint() {
        assert_eq!(
            sibling_url("https://oauth2.googleapis.com/token", "tokeninfo"),
            "https://oauth2.googleapis.com/tokeninfo"
        );
        assert_eq!(
            sibling_url("http://127.0.0.1:8/token", "tokeninfo"),
            "http://127.0.0.1:8/tokeninfo"
        );
        assert_eq!(
            sibling_url("https://oauth2.googleapis.com", "tokeninfo"),
            "https://oauth2.googleapis.com/tokeninfo"
        );
    }

    #[test]
    fn impersonation_url_names_the_target() {
        assert_eq!(
            email_in_impersonation_url(
                "https://iamcredentials.googleapis.com/v1/projects/-/serviceAccounts/sa@p.iam.gserviceaccount.com:generateAccessToken"
            )
            .as_deref(),
            Some("sa@p.iam.gserviceaccount.com")
        );
        assert_eq!(email_in_impersonation_url("https://example.com/x"), None);
    }

    #[test]
    fn gcloud_errors_are_kept_whole() {
        let stderr = "WARNING: something\nERROR: (gcloud.config.config-helper) You do not currently have an active account selected.\nPlease run:\n\n  $ gcloud auth login\n";
        assert_eq!(
            gcloud_error(stderr),
            "You do not currently have an active account selected"
        );
        assert_eq!(gcloud_error("boom.\n"), "boom");
        assert_eq!(gcloud_error(""), "it printed nothing");
    }

    #[test]
    fn adc_file_problems_are_one_sentence() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("adc.json");
        std::fs::write(&path, r#"{"type":"gdch_service_account"}"#).unwrap();
        let env = Env::from_pairs([("GOOGLE_APPLICATION_CREDENTIALS", path.to_str().unwrap())]);
        let gcloud = Gcloud::load(&env);
        let err = Caller::discover(&env, &gcloud).unwrap_err().to_string();
        assert!(err.contains("gdch_service_account"), "{err}");
        let env = Env::from_pairs([("GOOGLE_APPLICATION_CREDENTIALS", "/nonexistent/adc.json")]);
        let err = Caller::discover(&env, &gcloud).unwrap_err().to_string();
        assert!(err.contains("/nonexistent/adc.json"), "{err}");
    }
}
