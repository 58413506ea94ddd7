//! The user's own HTTP proxy, which gsudo's proxy goes through: found in gcloud's properties
//! or the environment, never the enclosing gsudo session's own proxy.

use base64::Engine as _;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpStream;

use super::UpstreamError;
use crate::config::{Env, Gcloud};
use crate::settings::variable;

/// What a session tells a gsudo nested in it about its proxy, in a file of the session's gcloud
/// configuration directory (which the nested gsudo reads as its user's): where the proxy
/// listens, and the user's own proxy it goes through. The nested session's proxy then goes
/// through the user's proxy too, never through the enclosing one, which would put the enclosing
/// account's token and reason on its calls.
#[derive(Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Enclosing {
    /// `127.0.0.1:PORT`
    pub proxy: String,
    pub upstream: Option<UpstreamProxy>,
}

impl Enclosing {
    /// The file's name in the session's gcloud directory.
    pub const FILE: &str = "gsudo-proxy.json";

    /// The enclosing session's file, if `gcloud` is a session's configuration.
    fn read(gcloud: &Gcloud) -> Option<Self> {
        let text = std::fs::read(gcloud.dir.join(Self::FILE)).ok()?;
        serde_json::from_slice(&text).ok()
    }
}

/// The user's own HTTP proxy, which gsudo's proxy then goes through.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct UpstreamProxy {
    /// `host:port`
    pub(super) address: String,
    /// `Basic ...` for the user's proxy, if it wants credentials.
    authorization: Option<String>,
    /// The user's NO_PROXY entries, for hosts reached directly.
    no_proxy: Vec<String>,
}

impl UpstreamProxy {
    /// The proxy gcloud's `proxy/*` properties name (they win in gcloud, docs/google-cloud-facts.md §3), else
    /// `https_proxy`/`HTTPS_PROXY`/`all_proxy`. Returns a warning for a proxy gsudo cannot
    /// chain to. Inside a gsudo session, a proxy that is the session's own is replaced by the
    /// one that session goes through (`Enclosing`); where the session left no word, the
    /// environment's proxy is taken to be the session's and not chained to.
    pub fn from_user(env: &Env, gcloud: &Gcloud) -> (Option<Self>, Option<String>) {
        let (found, warning) = Self::named(env, gcloud);
        if env.get(variable::SESSION).is_none() {
            return (found, warning);
        }
        let from_gcloud = ["type", "address", "port"]
            .iter()
            .all(|key| gcloud.property("proxy", key).is_some());
        match (Enclosing::read(gcloud), found) {
            (Some(enclosing), Some(found)) if found.address == enclosing.proxy => {
                (enclosing.upstream, None)
            }
            (None, _) if !from_gcloud => (None, None),
            (_, found) => (found, warning),
        }
    }

    /// The proxy the user's gcloud properties, else environment, name.
    fn named(env: &Env, gcloud: &Gcloud) -> (Option<Self>, Option<String>) {
        let no_proxy: Vec<String> = env
            .get("no_proxy")
            .or_else(|| env.get("NO_PROXY"))
            .unwrap_or_default()
            .split(',')
            .map(|e| e.trim().to_ascii_lowercase())
            .filter(|e| !e.is_empty())
            .collect();
        if let (Some(kind), Some(address), Some(port)) = (
            gcloud.property("proxy", "type"),
            gcloud.property("proxy", "address"),
            gcloud.property("proxy", "port"),
        ) {
            if kind != "http" {
                return (
                    None,
                    Some(format!(
                        "gsudo's proxy cannot chain to your gcloud {kind} proxy; it connects directly"
                    )),
                );
            }
            let authorization = gcloud.property("proxy", "username").map(|user| {
                basic(
                    &user,
                    &gcloud.property("proxy", "password").unwrap_or_default(),
                )
            });
            return (
                Some(Self {
                    address: format!("{address}:{port}"),
                    authorization,
                    no_proxy,
                }),
                None,
            );
        }
        let Some(raw) = ["https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"]
            .iter()
            .find_map(|v| env.get(v))
        else {
            return (None, None);
        };
        match Self::parse(raw, no_proxy) {
            Some(proxy) => (Some(proxy), None),
            None => (
                None,
                Some("gsudo's proxy can only chain to an http:// proxy, not the one your environment names; it connects directly".to_owned()),
            ),
        }
    }

    fn parse(raw: &str, no_proxy: Vec<String>) -> Option<Self> {
        let with_scheme = if raw.contains("://") {
            raw.to_owned()
        } else {
            format!("http://{raw}")
        };
        let url = url::Url::parse(&with_scheme).ok()?;
        if url.scheme() != "http" {
            return None;
        }
        let host = url.host_str()?;
        let port = url.port().unwrap_or(80);
        let authorization = (!url.username().is_empty()).then(|| {
            basic(
                &percent_decode(url.username()),
                &url.password().map(percent_decode).unwrap_or_default(),
            )
        });
        Some(Self {
            address: format!("{host}:{port}"),
            authorization,
            no_proxy,
        })
    }

    /// Whether the user's NO_PROXY sends `host` around their proxy.
    pub(super) fn bypasses(&self, host: &str) -> bool {
        let host = host.to_ascii_lowercase();
        self.no_proxy.iter().any(|entry| {
            let domain = entry.trim_start_matches("*.").trim_start_matches('.');
            entry == "*" || host == domain || host.ends_with(&format!(".{domain}"))
        })
    }
}

fn percent_decode(s: &str) -> String {
    // form_urlencoded would also turn '+' into a space, which userinfo does not mean.
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn basic(user: &str, password: &str) -> String {
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"))
    )
}

/// Asks the user's proxy for a tunnel to `target` and reads its answer, byte by byte so that
/// nothing after the answer's head is consumed.
pub(super) async fn tunnel(
    stream: &mut TcpStream,
    proxy: &UpstreamProxy,
    target: &str,
) -> Result<(), UpstreamError> {
    let refused = |status: String| UpstreamError::ProxyRefused {
        proxy: proxy.address.clone(),
        target: target.to_owned(),
        status,
    };
    let io_error = |source| UpstreamError::Connect {
        target: proxy.address.clone(),
        source,
    };
    let mut request = format!("CONNECT {target} HTTP/1.1\r\nHost: {target}\r\n");
    if let Some(auth) = &proxy.authorization {
        request.push_str(&format!("Proxy-Authorization: {auth}\r\n"));
    }
    request.push_str("\r\n");
    stream
        .write_all(request.as_bytes())
        .await
        .map_err(io_error)?;
    let mut head = Vec::with_capacity(256);
    while !head.ends_with(b"\r\n\r\n") {
        if head.len() > 16 * 1024 {
            return Err(refused("an answer too long to be HTTP".into()));
        }
        let byte = stream.read_u8().await.map_err(io_error)?;
        head.push(byte);
    }
    let status_line = String::from_utf8_lossy(&head)
        .lines()
        .next()
        .unwrap_or_default()
        .to_owned();
    let code = status_line.split_whitespace().nth(1).unwrap_or_default();
    if code == "200" {
        Ok(())
    } else {
        Err(refused(status_line))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_users_proxy_url_is_understood() {
        let p = UpstreamProxy::parse("http://u%40corp:p%3Ass+w@proxy.corp:3128/", vec![]).unwrap();
        assert_eq!(p.address, "proxy.corp:3128");
        assert_eq!(
            p.authorization.as_deref(),
            Some(basic("u@corp", "p:ss+w").as_str())
        );
        let p = UpstreamProxy::parse("proxy.corp:8080", vec![]).unwrap();
        assert_eq!(
            (p.address.as_str(), p.authorization),
            ("proxy.corp:8080", None)
        );
        assert!(UpstreamProxy::parse("socks5://proxy:1080", vec![]).is_none());
        assert!(UpstreamProxy::parse("https://proxy:443", vec![]).is_none());
    }

    #[test]
    fn gcloud_proxy_properties_win_over_the_environment() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("configurations")).unwrap();
        std::fs::write(
            dir.path().join("configurations/config_default"),
            "[proxy]\ntype = http\naddress = gproxy\nport = 3128\nusername = u\npassword = p\n",
        )
        .unwrap();
        let config = dir.path().to_str().unwrap();
        let env = Env::from_pairs([
            ("CLOUDSDK_CONFIG", config),
            ("HTTPS_PROXY", "http://envproxy:1"),
            ("NO_PROXY", "internal.corp, .svc"),
            ("PATH", ""),
        ]);
        let (proxy, warning) = UpstreamProxy::from_user(&env, &Gcloud::load(&env));
        let proxy = proxy.unwrap();
        assert_eq!(warning, None);
        assert_eq!(proxy.address, "gproxy:3128");
        assert_eq!(proxy.authorization, Some(basic("u", "p")));
        assert!(proxy.bypasses("internal.corp"));
        assert!(proxy.bypasses("a.svc"));
        assert!(!proxy.bypasses("storage.googleapis.com"));

        let env = Env::from_pairs([("HTTPS_PROXY", "http://envproxy:1"), ("PATH", "")]);
        let (proxy, _) = UpstreamProxy::from_user(&env, &Gcloud::load(&env));
        assert_eq!(proxy.unwrap().address, "envproxy:1");

        // Inside a gsudo session that left no word, the environment's proxy is the outer
        // session's own.
        let env = Env::from_pairs([
            ("HTTPS_PROXY", "http://gsudo:x@127.0.0.1:1"),
            ("GSUDO_SESSION", "abc"),
            ("PATH", ""),
        ]);
        assert_eq!(UpstreamProxy::from_user(&env, &Gcloud::load(&env)).0, None);

        let env = Env::from_pairs([("HTTPS_PROXY", "socks5://s:1"), ("PATH", "")]);
        let (proxy, warning) = UpstreamProxy::from_user(&env, &Gcloud::load(&env));
        assert!(proxy.is_none() && warning.is_some());
    }

    /// A session's gcloud directory as a nested gsudo sees it: proxy properties naming the
    /// session's proxy, and the session's word on what that proxy goes through.
    fn session_gcloud(upstream: Option<UpstreamProxy>) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("configurations")).unwrap();
        std::fs::write(
            dir.path().join("configurations/config_default"),
            "[proxy]\ntype = http\naddress = 127.0.0.1\nport = 4000\n",
        )
        .unwrap();
        let enclosing = Enclosing {
            proxy: "127.0.0.1:4000".into(),
            upstream,
        };
        std::fs::write(
            dir.path().join(Enclosing::FILE),
            serde_json::to_vec(&enclosing).unwrap(),
        )
        .unwrap();
        dir
    }

    #[test]
    fn a_nested_session_goes_through_what_the_enclosing_one_goes_through() {
        let corp = UpstreamProxy::parse("http://u:p@corp:3128", vec!["internal".into()]);
        for upstream in [None, corp] {
            let dir = session_gcloud(upstream.clone());
            let config = dir.path().to_str().unwrap();
            // From gcloud's properties or from the environment, the enclosing session's proxy
            // is replaced by the user's (or by none).
            for https_proxy in ["http://gsudo:s@127.0.0.1:4000", "http://127.0.0.1:4000"] {
                let env = Env::from_pairs([
                    ("CLOUDSDK_CONFIG", config),
                    ("HTTPS_PROXY", https_proxy),
                    ("GSUDO_SESSION", "abc"),
                    ("PATH", ""),
                ]);
                let (found, warning) = UpstreamProxy::from_user(&env, &Gcloud::load(&env));
                assert_eq!((&found, warning), (&upstream, None));
                let env = Env::from_pairs([
                    ("CLOUDSDK_CONFIG", config),
                    ("CLOUDSDK_PROXY_TYPE", "http"),
                    ("CLOUDSDK_PROXY_ADDRESS", "127.0.0.1"),
                    ("CLOUDSDK_PROXY_PORT", "5000"),
                    ("GSUDO_SESSION", "abc"),
                    ("PATH", ""),
                ]);
                // A proxy the user named inside the session is theirs.
                let (found, _) = UpstreamProxy::from_user(&env, &Gcloud::load(&env));
                assert_eq!(found.unwrap().address, "127.0.0.1:5000");
            }
        }
        // Outside a session the file means nothing.
        let dir = session_gcloud(None);
        let env = Env::from_pairs([
            ("CLOUDSDK_CONFIG", dir.path().to_str().unwrap()),
            ("PATH", ""),
        ]);
        let (found, _) = UpstreamProxy::from_user(&env, &Gcloud::load(&env));
        assert_eq!(found.unwrap().address, "127.0.0.1:4000");
    }
}
