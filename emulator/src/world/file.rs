//! The world file's TOML schema: what the file says, before validation turns member strings
//! into `Member`s and names into a checked `World`.

use serde::Deserialize;

use super::{PRINCIPAL_PREFIX, PublicKey, User, pam, policy};

// What the TOML says, before validation turns member strings into `Member`s.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct WorldFile {
    #[serde(default)]
    pub(super) projects: Vec<ProjectFile>,
    #[serde(default)]
    pub(super) users: Vec<User>,
    #[serde(default)]
    pub(super) service_accounts: Vec<ServiceAccountFile>,
    #[serde(default)]
    pub(super) buckets: Vec<BucketFile>,
    #[serde(default)]
    pub(super) clusters: Vec<ClusterFile>,
    #[serde(default)]
    pub(super) workload_identities: Vec<WorkloadIdentityFile>,
    #[serde(default)]
    pub(super) organizations: Vec<policy::OrganizationFile>,
    #[serde(default)]
    pub(super) folders: Vec<policy::FolderFile>,
    #[serde(default)]
    pub(super) roles: Vec<policy::RoleFile>,
    #[serde(default)]
    pub(super) bindings: Vec<policy::BindingFile>,
    #[serde(default)]
    pub(super) pam: pam::SettingsFile,
    #[serde(default)]
    pub(super) entitlements: Vec<pam::EntitlementFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ProjectFile {
    pub(super) id: String,
    pub(super) number: String,
    #[serde(default)]
    pub(super) bucket_listers: Vec<String>,
    pub(super) parent: Option<String>,
    pub(super) display_name: Option<String>,
    #[serde(default)]
    pub(super) topics: Vec<String>,
    #[serde(default)]
    pub(super) instances: Vec<String>,
    #[serde(default)]
    pub(super) disabled_services: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ServiceAccountFile {
    pub(super) email: String,
    #[serde(default)]
    pub(super) display_name: Option<String>,
    pub(super) project: Option<String>,
    #[serde(default)]
    pub(super) token_creators: Vec<String>,
    #[serde(default)]
    pub(super) allow_lifetime_extension: bool,
    #[serde(default)]
    pub(super) public_keys: Vec<PublicKeyFile>,
    #[serde(default)]
    pub(super) disabled: bool,
    #[serde(default)]
    pub(super) deleted: bool,
}

#[derive(Deserialize)]
#[serde(untagged)]
pub(super) enum PublicKeyFile {
    Pem(String),
    Named { key_id: String, pem: String },
}

impl PublicKeyFile {
    pub(super) fn parse(&self) -> Result<PublicKey, String> {
        let (key_id, pem) = match self {
            PublicKeyFile::Pem(pem) => (None, pem),
            PublicKeyFile::Named { key_id, pem } => (Some(key_id.clone()), pem),
        };
        let der = pem_der(pem)?;
        aws_lc_rs::rsa::PublicKey::from_der(&der)
            .map_err(|_| "is not an RSA public key.".to_owned())?;
        Ok(PublicKey { key_id, der })
    }
}

/// The DER inside a `PUBLIC KEY` (SPKI) or `RSA PUBLIC KEY` (PKCS#1) PEM block.
pub(super) fn pem_der(pem: &str) -> Result<Vec<u8>, String> {
    use base64::Engine as _;
    let mut lines = pem.lines().map(str::trim).filter(|l| !l.is_empty());
    let label = lines
        .next()
        .and_then(|l| l.strip_prefix("-----BEGIN "))
        .and_then(|l| l.strip_suffix("-----"))
        .filter(|l| matches!(*l, "PUBLIC KEY" | "RSA PUBLIC KEY"))
        .ok_or("is not a PEM `PUBLIC KEY` or `RSA PUBLIC KEY` block.")?;
    let end = format!("-----END {label}-----");
    let body: String = lines.by_ref().take_while(|l| *l != end).collect();
    base64::engine::general_purpose::STANDARD
        .decode(body)
        .map_err(|_| format!("is a `{label}` PEM block whose body is not base64."))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct BucketFile {
    pub(super) name: String,
    pub(super) project: String,
    pub(super) location: Option<String>,
    #[serde(default)]
    pub(super) readers: Vec<String>,
    #[serde(default)]
    pub(super) objects: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ClusterFile {
    pub(super) name: String,
    pub(super) project: String,
    pub(super) location: String,
    #[serde(default)]
    pub(super) users: Vec<String>,
    #[serde(default)]
    pub(super) pods: Vec<String>,
    /// Only a DNS-based control-plane endpoint: IP endpoints disabled.
    #[serde(default)]
    pub(super) dns_endpoint: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct WorkloadIdentityFile {
    pub(super) audience: String,
    pub(super) subject_token: String,
    pub(super) subject: String,
}

impl WorkloadIdentityFile {
    /// `principal://iam.googleapis.com/projects/N/locations/global/workloadIdentityPools/P/subject/S`
    /// for the provider `//iam.googleapis.com/projects/N/locations/global/workloadIdentityPools/P/providers/V`.
    pub(super) fn principal(&self) -> Option<String> {
        let provider = self.audience.strip_prefix("//iam.googleapis.com/")?;
        let parts: Vec<&str> = provider.split('/').collect();
        let [
            "projects",
            number,
            "locations",
            "global",
            "workloadIdentityPools",
            pool,
            "providers",
            name,
        ] = parts[..]
        else {
            return None;
        };
        let known = [number, pool, name].iter().all(|p| !p.is_empty())
            && number.bytes().all(|b| b.is_ascii_digit());
        known.then(|| {
            format!(
                "{PRINCIPAL_PREFIX}projects/{number}/locations/global/workloadIdentityPools/{pool}/subject/{}",
                self.subject
            )
        })
    }
}
