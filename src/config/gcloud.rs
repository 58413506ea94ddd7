//! The user's gcloud configuration, read (never written) the way gcloud itself resolves it.
//!
//! Property order, as gcloud has it (docs/google-cloud-facts.md §3):
//! `CLOUDSDK_<SECTION>_<NAME>` environment variables, then the active configuration file, then
//! the installation's `properties` file.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use super::Env;

/// One INI properties file: section → key → value, in file order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Properties {
    sections: Vec<(String, Vec<(String, String)>)>,
}

impl Properties {
    /// Parses gcloud's INI dialect; lines it cannot read are kept out, as gcloud's parser does.
    pub fn parse(text: &str) -> Self {
        let mut props = Self::default();
        for line in text.lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
                continue;
            }
            if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                props.section_mut(name.trim());
                continue;
            }
            let Some((key, value)) = line.split_once('=').or_else(|| line.split_once(':')) else {
                continue;
            };
            if let Some((_, entries)) = props.sections.last_mut() {
                entries.push((key.trim().to_owned(), value.trim().to_owned()));
            }
        }
        props
    }

    fn section_mut(&mut self, name: &str) -> &mut Vec<(String, String)> {
        let index = match self.sections.iter().position(|(n, _)| n == name) {
            Some(i) => i,
            None => {
                self.sections.push((name.to_owned(), Vec::new()));
                self.sections.len() - 1
            }
        };
        &mut self.sections[index].1
    }

    pub fn get(&self, section: &str, key: &str) -> Option<&str> {
        self.sections
            .iter()
            .find(|(n, _)| n == section)
            .and_then(|(_, entries)| entries.iter().rev().find(|(k, _)| k == key))
            .map(|(_, v)| v.as_str())
    }

    /// The keys set in `section`.
    pub fn keys(&self, section: &str) -> impl Iterator<Item = &str> {
        self.sections
            .iter()
            .filter(move |(n, _)| n == section)
            .flat_map(|(_, entries)| entries.iter().map(|(k, _)| k.as_str()))
    }

    pub fn set(&mut self, section: &str, key: &str, value: &str) {
        let entries = self.section_mut(section);
        entries.retain(|(k, _)| k != key);
        entries.push((key.to_owned(), value.to_owned()));
    }

    /// Keeps only the entries `keep(section, key)` accepts; empty sections disappear.
    pub fn retain(&mut self, mut keep: impl FnMut(&str, &str) -> bool) {
        for (section, entries) in &mut self.sections {
            entries.retain(|(k, _)| keep(section, k));
        }
        self.sections.retain(|(_, entries)| !entries.is_empty());
    }

    pub fn render(&self) -> String {
        let mut out = String::new();
        for (section, entries) in &self.sections {
            out.push_str(&format!("[{section}]\n"));
            for (k, v) in entries {
                out.push_str(&format!("{k} = {v}\n"));
            }
            out.push('\n');
        }
        out
    }
}

/// The active gcloud configuration as gcloud would see it in the user's environment.
#[derive(Clone, Debug)]
pub struct Gcloud {
    /// The configuration directory (`CLOUDSDK_CONFIG`, else `~/.config/gcloud`).
    pub dir: PathBuf,
    /// The active configuration's name.
    pub active: String,
    /// The active configuration's properties file, as written.
    pub active_properties: Properties,
    installation: Properties,
    env: BTreeMap<String, String>,
}

impl Gcloud {
    /// Reads the user's gcloud configuration; a missing directory or file reads as empty.
    pub fn load(env: &Env) -> Self {
        let dir = env
            .path("CLOUDSDK_CONFIG")
            .or_else(|| env.home().map(|h| h.join(".config/gcloud")))
            .unwrap_or_else(|| PathBuf::from(".config/gcloud"));
        let active = env
            .get("CLOUDSDK_ACTIVE_CONFIG_NAME")
            .map(str::to_owned)
            .or_else(|| read_trimmed(&dir.join("active_config")))
            .unwrap_or_else(|| "default".to_owned());
        let active_properties =
            read_properties(&dir.join("configurations").join(format!("config_{active}")));
        let installation = installation_properties(env)
            .map(|p| read_properties(&p))
            .unwrap_or_default();
        let env = env
            .iter_str()
            .filter(|(k, _)| k.starts_with("CLOUDSDK_"))
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect();
        Self {
            dir,
            active,
            active_properties,
            installation,
            env,
        }
    }

    /// A property as gcloud resolves it: environment, active configuration, installation.
    pub fn property(&self, section: &str, key: &str) -> Option<String> {
        let var = format!("CLOUDSDK_{}_{}", section.to_uppercase(), key.to_uppercase());
        self.env
            .get(&var)
            .map(String::as_str)
            .or_else(|| self.active_properties.get(section, key))
            .or_else(|| self.installation.get(section, key))
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
    }

    pub fn project(&self) -> Option<String> {
        self.property("core", "project")
    }

    pub fn account(&self) -> Option<String> {
        self.property("core", "account")
    }

    /// Whether gcloud has a login of its own to give: an account, or a token or credential
    /// file it is told to use.
    pub fn has_login(&self) -> bool {
        self.account().is_some()
            || self.property("auth", "access_token").is_some()
            || self.property("auth", "access_token_file").is_some()
            || self.property("auth", "credential_file_override").is_some()
    }

    pub fn universe_domain(&self) -> String {
        self.property("core", "universe_domain")
            .unwrap_or_else(|| "googleapis.com".to_owned())
    }

    /// Every `api_endpoint_overrides/<api>` URL, from the environment and both files.
    pub fn endpoint_overrides(&self) -> Vec<String> {
        let mut apis: Vec<String> = self
            .env
            .keys()
            .filter_map(|k| k.strip_prefix("CLOUDSDK_API_ENDPOINT_OVERRIDES_"))
            .map(str::to_lowercase)
            .chain(
                [&self.active_properties, &self.installation]
                    .into_iter()
                    .flat_map(|p| p.keys("api_endpoint_overrides"))
                    .map(str::to_owned),
            )
            .collect();
        apis.sort();
        apis.dedup();
        apis.iter()
            .filter_map(|api| self.property("api_endpoint_overrides", api))
            .collect()
    }

    /// The base URL (ending in `/`) of a Google API, honouring `api_endpoint_overrides/<api>`.
    pub fn endpoint(&self, api: &str) -> String {
        match self.property("api_endpoint_overrides", api) {
            Some(url) if url.ends_with('/') => url,
            Some(url) => format!("{url}/"),
            None => format!("https://{api}.{}/", self.universe_domain()),
        }
    }
}

fn read_trimmed(path: &Path) -> Option<String> {
    let text = fs::read_to_string(path).ok()?;
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

fn read_properties(path: &Path) -> Properties {
    fs::read_to_string(path)
        .map(|t| Properties::parse(&t))
        .unwrap_or_default()
}

/// `<sdk root>/properties`, found from the `gcloud` on PATH (`<root>/bin/gcloud`).
fn installation_properties(env: &Env) -> Option<PathBuf> {
    let gcloud = env.which("gcloud")?;
    let real = fs::canonicalize(gcloud).ok()?;
    let root = real.parent()?.parent()?;
    let props = root.join("properties");
    props.is_file().then_some(props)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_gcloud_ini_and_renders_it_back() {
        let mut p = Properties::parse(
            "[core]\naccount = a@b.com\nproject=my-proj\n# comment\n\n[api_endpoint_overrides]\nstorage = http://127.0.0.1:1/\n",
        );
        assert_eq!(p.get("core", "project"), Some("my-proj"));
        assert_eq!(
            p.get("api_endpoint_overrides", "storage"),
            Some("http://127.0.0.1:1/")
        );
        p.retain(|s, k| !(s == "core" && k == "account"));
        p.set("auth", "token_host", "http://x/token");
        assert_eq!(
            p.render(),
            "[core]\nproject = my-proj\n\n[api_endpoint_overrides]\nstorage = http://127.0.0.1:1/\n\n[auth]\ntoken_host = http://x/token\n\n"
        );
    }

    #[test]
    fn environment_beats_the_configuration_file() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("configurations")).unwrap();
        fs::write(dir.path().join("active_config"), "work\n").unwrap();
        fs::write(
            dir.path().join("configurations/config_work"),
            "[core]\nproject = from-file\n[api_endpoint_overrides]\niamcredentials = http://127.0.0.1:9\n",
        )
        .unwrap();
        let env = Env::from_pairs([
            ("CLOUDSDK_CONFIG", dir.path().to_str().unwrap()),
            ("PATH", ""),
        ]);
        let g = Gcloud::load(&env);
        assert_eq!(g.active, "work");
        assert_eq!(g.project().as_deref(), Some("from-file"));
        assert_eq!(g.endpoint("iamcredentials"), "http://127.0.0.1:9/");
        assert_eq!(g.endpoint("storage"), "https://storage.googleapis.com/");

        let env = Env::from_pairs([
            ("CLOUDSDK_CONFIG", dir.path().to_str().unwrap()),
            ("CLOUDSDK_CORE_PROJECT", "from-env"),
            ("CLOUDSDK_CORE_UNIVERSE_DOMAIN", "example-universe.com"),
            ("PATH", ""),
        ]);
        let g = Gcloud::load(&env);
        assert_eq!(g.project().as_deref(), Some("from-env"));
        assert_eq!(g.endpoint_overrides(), ["http://127.0.0.1:9"]);
        assert_eq!(
            g.endpoint("storage"),
            "https://storage.example-universe.com/"
        );
    }
}
