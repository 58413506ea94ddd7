//! The emulated world: projects, users, service accounts, buckets, and who may do what.

use std::fmt;
use std::path::Path;

use serde::Deserialize;

mod file;
mod pam;
mod policy;
mod validate;

use file::WorldFile;
use validate::{Members, Problem, looks_like_email};

pub(crate) use pam::Entitlement;
pub(crate) use policy::{Folder, Organization, Parent, Resource};

/// The built-in demo world as TOML, to copy as a template for your own.
pub const DEMO_WORLD_TOML: &str = include_str!("demo-world.toml");

#[doc = include_str!("format.md")]
#[derive(Debug, Clone)]
pub struct World {
    projects: Vec<Project>,
    users: Vec<User>,
    service_accounts: Vec<ServiceAccount>,
    buckets: Vec<Bucket>,
    clusters: Vec<Cluster>,
    workload_identities: Vec<WorkloadIdentity>,
    organizations: Vec<Organization>,
    folders: Vec<Folder>,
    policy: policy::Policy,
    pam_settings: pam::Settings,
    entitlements: Vec<Entitlement>,
    /// The bindings PAM grants add while active.
    windowed: pam::WindowedBindings,
}

/// A person who can sign in with a refresh token.
#[derive(Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct User {
    /// The user's email, as in `user:EMAIL` members.
    pub email: String,
    /// The refresh token that `POST /token` exchanges for this user's access tokens.
    pub refresh_token: String,
    /// When set, the token endpoint refuses the refresh token as Google does when the
    /// organization's session length ran out and the user must sign in again.
    #[serde(default)]
    pub reauth: Option<Reauth>,
}

/// Why Google wants a user to sign in again: the `error_subtype` of its `invalid_grant`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reauth {
    /// The reauthentication proof the refresh token carried is no longer valid.
    InvalidRapt,
    /// The refresh needs a reauthentication proof it did not carry.
    RaptRequired,
}

impl Reauth {
    /// The `error_subtype` Google's token endpoint answers with.
    pub fn subtype(self) -> &'static str {
        match self {
            Reauth::InvalidRapt => "invalid_rapt",
            Reauth::RaptRequired => "rapt_required",
        }
    }
}

// The refresh token is a credential even in a sandbox: keep it out of logs and panics.
impl fmt::Debug for User {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("User")
            .field("email", &self.email)
            .field("refresh_token", &"<redacted>")
            .field("reauth", &self.reauth)
            .finish()
    }
}

/// An external identity the Security Token Service exchanges for a federated principal's token.
#[derive(Clone)]
pub(crate) struct WorkloadIdentity {
    /// The provider's full name, which the exchange names as its `audience`.
    pub audience: String,
    pub subject_token: String,
    /// The federated principal, as bindings and audit lines name it.
    pub principal: Member,
}

// The subject token is a credential even in a sandbox: keep it out of logs and panics.
impl fmt::Debug for WorkloadIdentity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WorkloadIdentity")
            .field("audience", &self.audience)
            .field("subject_token", &"<redacted>")
            .field("principal", &self.principal)
            .finish()
    }
}

/// A Google Cloud project and its project-level bindings.
#[derive(Debug, Clone)]
pub(crate) struct Project {
    pub id: String,
    pub number: String,
    pub bucket_listers: Vec<Member>,
    pub parent: Option<Parent>,
    pub display_name: String,
    pub topics: Vec<String>,
    /// `ZONE/NAME` of each instance.
    pub instances: Vec<String>,
    /// APIs (`iamcredentials.googleapis.com`) disabled in the project: calls billed to it are
    /// refused with `SERVICE_DISABLED`.
    pub disabled_services: Vec<String>,
}

/// A service account others may impersonate.
#[derive(Debug, Clone)]
pub(crate) struct ServiceAccount {
    pub email: String,
    pub unique_id: String,
    pub display_name: Option<String>,
    /// The project id the account belongs to, when it is in one.
    pub project: Option<String>,
    pub token_creators: Vec<Member>,
    pub allow_lifetime_extension: bool,
    /// The public halves of the account's key files.
    pub public_keys: Vec<PublicKey>,
    /// A disabled account: no credentials are minted for it and its tokens are refused.
    pub disabled: bool,
    /// A deleted account (still undeletable): gone from every API, shown in the policies
    /// that still name it as `deleted:serviceAccount:EMAIL?uid=ID`.
    pub deleted: bool,
}

/// A key file's public RSA key, as DER that aws-lc-rs verifies with (SPKI or PKCS#1).
#[derive(Debug, Clone)]
pub(crate) struct PublicKey {
    /// The key file's `private_key_id`; `None` matches any JWT `kid`.
    pub key_id: Option<String>,
    pub der: Vec<u8>,
}

impl PublicKey {
    /// Whether this key may have signed a JWT whose header names `kid`.
    pub fn matches(&self, kid: Option<&str>) -> bool {
        self.key_id.is_none() || self.key_id.as_deref() == kid
    }
}

/// A Cloud Storage bucket with its readers and object names (sorted).
#[derive(Debug, Clone)]
pub(crate) struct Bucket {
    pub name: String,
    pub project: String,
    pub location: String,
    pub readers: Vec<Member>,
    pub objects: Vec<String>,
}

/// A GKE cluster with the members who may use it and the pods of its namespace `default`.
#[derive(Debug, Clone)]
pub(crate) struct Cluster {
    pub name: String,
    /// The project's id.
    pub project: String,
    pub location: String,
    pub users: Vec<Member>,
    /// Sorted.
    pub pods: Vec<String>,
    /// The host of its DNS-based endpoint (`gke-….LOCATION.gke.goog`) when that is its only
    /// endpoint, its IP endpoints disabled; `None` for a cluster reached at an IP address.
    pub dns_endpoint: Option<String>,
}

impl Cluster {
    /// The cluster as a resource IAM policies attach to.
    pub fn resource(&self) -> Resource {
        Resource::Cluster {
            project: self.project.clone(),
            location: self.location.clone(),
            name: self.name.clone(),
        }
    }
}

/// An IAM member: who a binding grants something to, and who a token speaks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Member {
    User(String),
    ServiceAccount(String),
    /// A federated identity, the whole `principal://iam.googleapis.com/...` identifier.
    Principal(String),
    /// Every federated identity of a workload identity pool: the whole
    /// `principalSet://iam.googleapis.com/.../workloadIdentityPools/POOL/*` identifier. Only
    /// bindings name it; no token speaks for it.
    PrincipalSet(String),
}

const GET_ACCESS_TOKEN: &str = "iam.serviceAccounts.getAccessToken";
const IMPLICIT_DELEGATION: &str = "iam.serviceAccounts.implicitDelegation";

/// How a set of federated principals' identifier starts.
const PRINCIPAL_SET_PREFIX: &str = "principalSet://iam.googleapis.com/";

/// How a federated principal's identifier starts.
const PRINCIPAL_PREFIX: &str = "principal://iam.googleapis.com/";

impl Member {
    /// The email, or a federated principal's identifier: what audit lines record as
    /// `principalEmail`, or for the identifier, `principalSubject`.
    pub fn email(&self) -> &str {
        match self {
            Member::User(email)
            | Member::ServiceAccount(email)
            | Member::Principal(email)
            | Member::PrincipalSet(email) => email,
        }
    }

    /// Whether a binding to this member reaches `other`: the member itself, or, for a
    /// `principalSet://.../workloadIdentityPools/POOL/*`, every principal of that pool.
    pub fn includes(&self, other: &Member) -> bool {
        match (self, other) {
            (Member::PrincipalSet(set), Member::Principal(id)) => set
                .strip_suffix("/*")
                .and_then(|pool| pool.strip_prefix(PRINCIPAL_SET_PREFIX))
                .and_then(|pool| {
                    id.strip_prefix(PRINCIPAL_PREFIX)?
                        .strip_prefix(pool)?
                        .strip_prefix("/subject/")
                })
                .is_some(),
            _ => self == other,
        }
    }

    pub(super) fn parse(text: &str) -> Result<Member, String> {
        let Some((kind, email)) = text.split_once(':') else {
            return Err(format!(
                "is `{text}`, which lacks a kind (expected `user:EMAIL` or `serviceAccount:EMAIL`)"
            ));
        };
        // A federated principal is an identifier, not an email; whether it names a workload
        // identity of the world is checked with the other members.
        if kind == "principalSet" {
            let pool = text
                .strip_prefix(PRINCIPAL_SET_PREFIX)
                .and_then(|rest| rest.strip_suffix("/*"))
                .filter(|pool| pool.contains("/workloadIdentityPools/"));
            return match pool {
                Some(_) => Ok(Member::PrincipalSet(text.to_owned())),
                None => Err(format!(
                    "is `{text}`, which is not `{PRINCIPAL_SET_PREFIX}projects/NUMBER/locations/global/workloadIdentityPools/POOL/*`"
                )),
            };
        }
        if kind == "principal" {
            return if text.starts_with(PRINCIPAL_PREFIX) {
                Ok(Member::Principal(text.to_owned()))
            } else {
                Err(format!(
                    "is `{text}`, which does not start with `{PRINCIPAL_PREFIX}`"
                ))
            };
        }
        if !looks_like_email(email) {
            return Err(format!(
                "is `{text}`, whose email `{email}` is not an email address"
            ));
        }
        match kind {
            "user" => Ok(Member::User(email.to_owned())),
            "serviceAccount" => Ok(Member::ServiceAccount(email.to_owned())),
            _ => Err(format!(
                "is `{text}`, whose member kind `{kind}` is unknown (expected `user`, `serviceAccount`, `principal` or `principalSet`)"
            )),
        }
    }
}

impl fmt::Display for Member {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Member::User(email) => write!(f, "user:{email}"),
            Member::ServiceAccount(email) => write!(f, "serviceAccount:{email}"),
            Member::Principal(id) | Member::PrincipalSet(id) => f.write_str(id),
        }
    }
}

/// Why a world file could not be used; `Display` is one sentence naming the file.
#[derive(Debug, thiserror::Error)]
pub enum WorldError {
    /// The file could not be read.
    // The io error is part of the sentence, not a `source`, so printing the chain does not
    // repeat it.
    #[error("cannot read world file {}: {error}", path.display())]
    Read {
        path: std::path::PathBuf,
        error: std::io::Error,
    },
    /// The file is not TOML of the expected shape.
    #[error("world file {origin} is malformed at line {line}: {message}")]
    Malformed {
        origin: String,
        line: usize,
        message: String,
    },
    /// The file parses but describes an impossible world.
    #[error("world file {origin}: {field} {problem}")]
    Invalid {
        origin: String,
        field: String,
        problem: String,
    },
}

impl World {
    /// The built-in demo world (see [`DEMO_WORLD_TOML`]).
    pub fn demo() -> World {
        // The text is compiled in and a unit test parses it, so this cannot fail at run time.
        World::parse(DEMO_WORLD_TOML, "(built-in demo world)")
            .expect("the built-in demo world is valid")
    }

    /// Reads and validates a world file.
    pub fn load(path: &Path) -> Result<World, WorldError> {
        let text = std::fs::read_to_string(path).map_err(|error| WorldError::Read {
            path: path.to_owned(),
            error,
        })?;
        World::parse(&text, &path.display().to_string())
    }

    /// The first user: the one the sandbox signs in as.
    pub fn demo_user(&self) -> Option<&User> {
        self.users.first()
    }

    /// The world's first project: where a sandbox session works unless told otherwise.
    pub fn first_project(&self) -> Option<&str> {
        self.projects.first().map(|p| p.id.as_str())
    }

    /// The first service account the first user may impersonate directly: who a sandbox
    /// session acts as unless told otherwise.
    pub fn first_impersonable_account(&self) -> Option<&str> {
        let user = Member::User(self.demo_user()?.email.clone());
        self.service_account_emails()
            .find(|email| self.impersonation_target(&user, &[], email).is_some())
    }

    /// A user by email.
    pub(crate) fn user(&self, email: &str) -> Option<&User> {
        self.users.iter().find(|u| u.email == email)
    }

    pub(crate) fn user_by_refresh_token(&self, refresh_token: &str) -> Option<&User> {
        self.users.iter().find(|u| u.refresh_token == refresh_token)
    }

    /// The workload identities federated through the provider `audience`.
    pub(crate) fn workload_identities(
        &self,
        audience: &str,
    ) -> impl Iterator<Item = &WorkloadIdentity> {
        self.workload_identities
            .iter()
            .filter(move |w| w.audience == audience)
    }

    /// A service account by email or unique id, the two forms the IAM APIs accept; a deleted
    /// one is no account at all.
    pub(crate) fn service_account(&self, id: &str) -> Option<&ServiceAccount> {
        self.service_accounts
            .iter()
            .find(|sa| !sa.deleted && (sa.email == id || sa.unique_id == id))
    }

    /// A member as an IAM policy shows it: a deleted account as
    /// `deleted:serviceAccount:EMAIL?uid=ID` (docs/google-cloud-facts.md §1, "Errors").
    pub(crate) fn member_in_policy(&self, member: &Member) -> String {
        match member {
            Member::ServiceAccount(email) => match self
                .service_accounts
                .iter()
                .find(|sa| sa.deleted && sa.email == *email)
            {
                Some(sa) => format!("deleted:serviceAccount:{email}?uid={}", sa.unique_id),
                None => member.to_string(),
            },
            _ => member.to_string(),
        }
    }

    /// A project by id or number, the two forms Cloud Storage accepts.
    pub(crate) fn service_account_emails(&self) -> impl Iterator<Item = &str> {
        self.service_accounts
            .iter()
            .filter(|sa| !sa.deleted)
            .map(|sa| sa.email.as_str())
    }

    pub(crate) fn project(&self, id: &str) -> Option<&Project> {
        self.projects.iter().find(|p| p.id == id || p.number == id)
    }

    pub(crate) fn bucket(&self, name: &str) -> Option<&Bucket> {
        self.buckets.iter().find(|b| b.name == name)
    }

    /// A cluster by its project (id or number), location and name.
    pub(crate) fn cluster(&self, project: &str, location: &str, name: &str) -> Option<&Cluster> {
        let project = self.project(project)?;
        self.clusters
            .iter()
            .find(|c| c.project == project.id && c.location == location && c.name == name)
    }

    pub(crate) fn clusters(&self) -> &[Cluster] {
        &self.clusters
    }

    pub(crate) fn buckets_in<'a>(&'a self, project: &'a str) -> impl Iterator<Item = &'a Bucket> {
        self.buckets.iter().filter(move |b| b.project == project)
    }

    /// Whether `caller` may mint access tokens for `target` through `delegates` (see
    /// [`World::chain_target`]).
    pub(crate) fn impersonation_target(
        &self,
        caller: &Member,
        delegates: &[&str],
        target: &str,
    ) -> Option<&ServiceAccount> {
        self.chain_target(caller, delegates, target, GET_ACCESS_TOKEN)
    }

    /// Whether `caller` may use `permission` on `target` through `delegates`; returns the
    /// target when every hop is allowed. Each hop into a delegate needs
    /// `iam.serviceAccounts.implicitDelegation` on it, the last hop `permission` on the target
    /// (docs/google-cloud-facts.md §1, "Roles"); either may be granted on the account or
    /// anywhere above it.
    ///
    /// An unknown account anywhere fails the whole chain, as the real API answers 403 (not 404)
    /// for accounts that do not exist.
    pub(crate) fn chain_target(
        &self,
        caller: &Member,
        delegates: &[&str],
        target: &str,
        permission: &str,
    ) -> Option<&ServiceAccount> {
        let mut holder = caller.clone();
        let hops = delegates
            .iter()
            .map(|d| (*d, IMPLICIT_DELEGATION))
            .chain(std::iter::once((target, permission)));
        for (id, needed) in hops {
            let next = self.service_account(id)?;
            if !self.permits(&holder, &self.account_resource(next), needed) {
                return None;
            }
            holder = Member::ServiceAccount(next.email.clone());
        }
        self.service_account(target)
    }

    /// Parses and validates world TOML; `origin` names it in errors.
    pub(crate) fn parse(text: &str, origin: &str) -> Result<World, WorldError> {
        let file: WorldFile = toml::from_str(text).map_err(|e| WorldError::Malformed {
            origin: origin.to_owned(),
            line: e
                .span()
                .map_or(1, |span| text[..span.start].matches('\n').count() + 1),
            message: e.message().trim_end_matches('\n').to_owned(),
        })?;
        file.validate()
            .map_err(|(field, problem)| WorldError::Invalid {
                origin: origin.to_owned(),
                field,
                problem,
            })
    }
}

/// A stable 21-digit id for an email, shaped like Google's numeric account ids, so the same
/// world always shows the same ids.
pub(crate) fn numeric_id(email: &str) -> String {
    format!("1{:020}", stable_hash(email))
}

/// A hash that is the same on every run and every machine, for ids derived from names (FNV-1a:
/// fixed, unlike std's randomly seeded hasher).
pub(crate) fn stable_hash(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALICE: &str = "alice@example.com";
    const DEPLOYER: &str = "deployer@sandbox-project.iam.gserviceaccount.com";
    const RELAY: &str = "relay@sandbox-project.iam.gserviceaccount.com";
    const AUDITOR: &str = "auditor@sandbox-project.iam.gserviceaccount.com";
    const LOCKED: &str = "locked@sandbox-project.iam.gserviceaccount.com";

    fn alice() -> Member {
        Member::User(ALICE.into())
    }

    fn invalid(text: &str) -> String {
        match World::parse(text, "w.toml") {
            Ok(_) => panic!("accepted an invalid world"),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn demo_world_parses_and_starts_with_alice() {
        let world = World::demo();
        assert_eq!(world.demo_user().map(|u| u.email.as_str()), Some(ALICE));
        assert!(world.service_account(crate::DEMO_SERVICE_ACCOUNT).is_some());
        assert!(world.project(crate::DEMO_PROJECT).is_some());
    }

    #[test]
    fn direct_impersonation_needs_token_creator() {
        let world = World::demo();
        assert!(
            world
                .impersonation_target(&alice(), &[], DEPLOYER)
                .is_some()
        );
        assert!(world.impersonation_target(&alice(), &[], LOCKED).is_none());
        assert!(world.impersonation_target(&alice(), &[], AUDITOR).is_none());
        let mallory = Member::User("mallory@example.com".into());
        assert!(
            world
                .impersonation_target(&mallory, &[], DEPLOYER)
                .is_none()
        );
    }

    #[test]
    fn delegation_chain_checks_every_hop() {
        let world = World::demo();
        assert!(
            world
                .impersonation_target(&alice(), &[RELAY], AUDITOR)
                .is_some()
        );
        // The deployer is not a token creator on the auditor, so a chain through it breaks.
        assert!(
            world
                .impersonation_target(&alice(), &[DEPLOYER], AUDITOR)
                .is_none()
        );
        // Relay as the caller itself (holding a minted token) reaches the auditor directly.
        let relay = Member::ServiceAccount(RELAY.into());
        assert!(world.impersonation_target(&relay, &[], AUDITOR).is_some());
        // Unknown accounts anywhere fail the chain.
        assert!(
            world
                .impersonation_target(&alice(), &["nobody@x.com"], AUDITOR)
                .is_none()
        );
        assert!(
            world
                .impersonation_target(&alice(), &[], "nobody@x.com")
                .is_none()
        );
    }

    #[test]
    fn service_accounts_resolve_by_unique_id_too() {
        let world = World::demo();
        let id = numeric_id(DEPLOYER);
        assert_eq!(id.len(), 21);
        let sa = world.service_account(&id).map(|sa| sa.email.as_str());
        assert_eq!(sa, Some(DEPLOYER));
        assert!(world.impersonation_target(&alice(), &[], &id).is_some());
    }

    #[test]
    fn unknown_member_kind_is_named() {
        let e = invalid(
            r#"
            [[service_accounts]]
            email = "a@p.iam.gserviceaccount.com"
            token_creators = ["group:devs@example.com"]
            "#,
        );
        assert!(e.starts_with("world file w.toml: service_accounts[0].token_creators[0]"));
        assert!(e.contains("`group` is unknown"), "{e}");
    }

    #[test]
    fn member_naming_nobody_is_rejected() {
        let e = invalid(
            r#"
            [[service_accounts]]
            email = "a@p.iam.gserviceaccount.com"
            token_creators = ["user:bob@example.com"]
            "#,
        );
        assert!(e.contains("names nobody"), "{e}");
    }

    #[test]
    fn bucket_in_unknown_project_is_rejected() {
        let e = invalid(
            r#"
            [[buckets]]
            name = "b1x"
            project = "nope"
            "#,
        );
        assert_eq!(
            e,
            "world file w.toml: buckets[0].project names project `nope`, which the file does not define."
        );
    }

    #[test]
    fn public_keys_must_be_rsa_public_key_pems() {
        let base = "[[service_accounts]]\nemail = \"k@p.iam.gserviceaccount.com\"\npublic_keys = ";
        for (keys, problem) in [
            ("[\"ssh-rsa AAAA\"]", "is not a PEM"),
            (
                "[\"-----BEGIN PUBLIC KEY-----\\n!!\\n-----END PUBLIC KEY-----\"]",
                "not base64",
            ),
            (
                "[{ key_id = \"k\", pem = \"-----BEGIN RSA PUBLIC KEY-----\\nAAAA\\n-----END RSA PUBLIC KEY-----\" }]",
                "is not an RSA public key",
            ),
        ] {
            let e = invalid(&format!("{base}{keys}\n"));
            assert!(e.contains("service_accounts[0].public_keys[0]"), "{e}");
            assert!(e.contains(problem), "{e}");
        }
    }

    #[test]
    fn clusters_are_checked_and_their_users_are_a_binding() {
        let base = "[[projects]]\nid = \"p\"\nnumber = \"1\"\n[[users]]\nemail = \"a@example.com\"\nrefresh_token = \"r\"\n[[clusters]]\nlocation = \"europe-west1\"\n";
        for (cluster, field) in [
            ("name = \"Bad_Name\"\nproject = \"p\"", "clusters[0].name"),
            ("name = \"c\"\nproject = \"nope\"", "clusters[0].project"),
            (
                "name = \"c\"\nproject = \"p\"\npods = [\"a\", \"a\"]",
                "clusters[0].pods",
            ),
            (
                "name = \"c\"\nproject = \"p\"\npods = [\"A\"]",
                "clusters[0].pods",
            ),
            (
                "name = \"c\"\nproject = \"p\"\nusers = [\"user:b@example.com\"]",
                "clusters[0].users[0]",
            ),
        ] {
            let e = invalid(&format!("{base}{cluster}\n"));
            assert!(e.contains(field), "{e}");
        }
        let world = World::parse(
            &format!("{base}name = \"c\"\nproject = \"p\"\nusers = [\"user:a@example.com\"]\npods = [\"w\"]\n"),
            "w.toml",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let cluster = world
            .cluster("1", "europe-west1", "c")
            .map(Cluster::resource);
        let cluster = cluster.unwrap();
        let a = Member::User("a@example.com".into());
        assert!(world.permits(&a, &cluster, "container.pods.list"));
        assert!(!world.permits(&a, &cluster, "container.pods.delete"));
        let full = "//container.googleapis.com/projects/p/locations/europe-west1/clusters/c";
        assert_eq!(world.resolve(full), Some(cluster));
    }

    #[test]
    fn a_dns_endpoint_cluster_has_a_stable_gke_goog_host() {
        let world = |location: &str| {
            format!(
                "[[projects]]\nid = \"p\"\nnumber = \"42\"\n[[clusters]]\nname = \"c\"\nproject = \"p\"\n\
                 location = \"{location}\"\ndns_endpoint = true\n"
            )
        };
        let host = |text: &str| {
            let world = World::parse(text, "w.toml").unwrap_or_else(|e| panic!("{e}"));
            world.clusters()[0].dns_endpoint.clone().unwrap()
        };
        let first = host(&world("europe-west1"));
        assert!(first.starts_with("gke-"), "{first}");
        assert!(first.ends_with("-42.europe-west1.gke.goog"), "{first}");
        assert_eq!(host(&world("europe-west1")), first);
        // A location that cannot be a DNS label cannot name a host.
        let e = invalid(&world("Europe_West1"));
        assert!(e.contains("clusters[0].location"), "{e}");
        // Without the key, a cluster has IP endpoints only.
        let text = world("europe-west1").replace("dns_endpoint = true\n", "");
        let plain = World::parse(&text, "w.toml").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(plain.clusters()[0].dns_endpoint, None);
    }

    #[test]
    fn workload_identities_are_federated_principals_bindings_may_name() {
        let provider = "//iam.googleapis.com/projects/1/locations/global/workloadIdentityPools/ci/providers/gh";
        let principal = "principal://iam.googleapis.com/projects/1/locations/global/workloadIdentityPools/ci/subject/repo:a/b";
        let file = |audience: &str, member: &str| {
            format!(
                "[[workload_identities]]\naudience = \"{audience}\"\nsubject_token = \"secret-oidc\"\nsubject = \"repo:a/b\"\n\
                 [[service_accounts]]\nemail = \"{DEPLOYER}\"\ntoken_creators = [\"{member}\"]\n"
            )
        };
        let world =
            World::parse(&file(provider, principal), "w.toml").unwrap_or_else(|e| panic!("{e}"));
        let federated = Member::Principal(principal.into());
        assert_eq!(federated.to_string(), principal);
        assert_eq!(federated.email(), principal);
        assert!(
            world
                .impersonation_target(&federated, &[], DEPLOYER)
                .is_some()
        );
        let found: Vec<_> = world
            .workload_identities(provider)
            .map(|w| &w.principal)
            .collect();
        assert_eq!(found, [&federated]);
        assert!(!format!("{world:?}").contains("secret-oidc"));

        let e = invalid(&file(
            "//iam.googleapis.com/projects/1/providers/gh",
            principal,
        ));
        assert!(e.contains("workload_identities[0].audience"), "{e}");
        let e = invalid(&file(provider, &principal.replace("repo:a/b", "repo:a/c")));
        assert!(e.contains("names nobody"), "{e}");
        let e = invalid(&file(provider, "principal://example.com/x"));
        assert!(e.contains("does not start with"), "{e}");
    }

    #[test]
    fn a_principal_set_reaches_every_principal_of_its_pool() {
        let pool = "projects/1/locations/global/workloadIdentityPools/ci";
        let set = format!("principalSet://iam.googleapis.com/{pool}/*");
        let toml = format!(
            "[[workload_identities]]\naudience = \"//iam.googleapis.com/{pool}/providers/gh\"\n\
             subject_token = \"t\"\nsubject = \"repo:a/b\"\n\
             [[service_accounts]]\nemail = \"{DEPLOYER}\"\n\
             [[bindings]]\nresource = \"//iam.googleapis.com/projects/-/serviceAccounts/{DEPLOYER}\"\n\
             role = \"roles/iam.workloadIdentityUser\"\nmembers = [\"{set}\"]\n"
        );
        let world = World::parse(&toml, "w.toml").unwrap_or_else(|e| panic!("{e}"));
        let inside = Member::Principal(format!(
            "principal://iam.googleapis.com/{pool}/subject/repo:a/b"
        ));
        let outside = Member::Principal(
            "principal://iam.googleapis.com/projects/1/locations/global/workloadIdentityPools/other/subject/repo:a/b".into(),
        );
        assert!(world.impersonation_target(&inside, &[], DEPLOYER).is_some());
        assert!(
            world
                .impersonation_target(&outside, &[], DEPLOYER)
                .is_none()
        );
        // A pool nobody of the world belongs to is a typo.
        let e = invalid(&toml.replace("/ci/*", "/cj/*"));
        assert!(e.contains("names nobody"), "{e}");
        let e = invalid(&toml.replace("/*\"]", "/x\"]"));
        assert!(e.contains("is not `principalSet://"), "{e}");
    }

    #[test]
    fn duplicate_emails_are_rejected_across_kinds() {
        let e = invalid(
            r#"
            [[users]]
            email = "x@example.com"
            refresh_token = "r"
            [[service_accounts]]
            email = "x@example.com"
            "#,
        );
        assert!(e.contains("service_accounts[0].email"), "{e}");
        assert!(e.contains("repeats"), "{e}");
    }

    #[test]
    fn duplicate_refresh_token_is_rejected_without_echoing_it() {
        let e = invalid(
            r#"
            [[users]]
            email = "x@example.com"
            refresh_token = "secret-rt"
            [[users]]
            email = "y@example.com"
            refresh_token = "secret-rt"
            "#,
        );
        assert!(e.contains("users[1].refresh_token"), "{e}");
        assert!(!e.contains("secret-rt"), "{e}");
    }

    #[test]
    fn syntax_errors_name_the_line() {
        let e = invalid("[[users]]\nemail = \"x@example.com\"\nrefresh_tokn = \"r\"\n");
        assert!(
            e.starts_with("world file w.toml is malformed at line 3:"),
            "{e}"
        );
        assert!(!e.contains('\n'), "{e}");
    }

    #[test]
    fn user_debug_redacts_the_refresh_token() {
        let world = World::demo();
        let shown = format!("{:?}", world.demo_user());
        assert!(!shown.contains("sandbox-refresh-alice"), "{shown}");
    }

    #[test]
    fn load_reports_missing_file() {
        let e = World::load(Path::new("/nonexistent/world.toml"))
            .map(|_| ())
            .map_err(|e| e.to_string());
        assert!(
            matches!(e, Err(ref m) if m.starts_with("cannot read world file /nonexistent/world.toml:"))
        );
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        /// Lines of world-file TOML: the tables and keys the emulator reads, values of any kind.
        const WORLD_LINES: &str = "((\\[\\[(projects|users|service_accounts|buckets|clusters|bindings|roles|organizations|folders|workload_identities)\\]\\]|(id|email|name|project|number|members|role|resource|permissions|token_creators|bucket_listers|readers|objects|parent|refresh_token|location|pods|users|display_name|topics|instances|audience|subject|subject_token) = (\"[a-z0-9@.:/_*-]{0,24}\"|\\[(\"[a-z0-9@.:/_-]{0,24}\", ?){0,3}\\]|[0-9]{1,4}|true|-1))\n){0,16}";

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(512))]

            /// A world file of any content is read or refused with a reason, never a panic.
            #[test]
            fn any_world_file_is_read_or_refused(text in WORLD_LINES) {
                let _ = World::parse(&text, "(property test)");
            }

            /// Near-valid worlds: any selection of the demo world's lines, in order, so that
            /// validation meets members, roles and resources that lost their definitions.
            #[test]
            fn any_part_of_the_demo_world_is_read_or_refused(
                keep in prop::collection::vec(any::<bool>(), DEMO_WORLD_TOML.lines().count())
            ) {
                let text: String = DEMO_WORLD_TOML
                    .lines()
                    .zip(&keep)
                    .filter(|(_, kept)| **kept)
                    .map(|(line, _)| format!("{line}\n"))
                    .collect();
                let _ = World::parse(&text, "(property test)");
            }

            /// The same for text that is not TOML at all.
            #[test]
            fn any_text_is_read_or_refused(text in "\\PC{0,200}") {
                let _ = World::parse(&text, "(property test)");
            }
        }
    }
}
