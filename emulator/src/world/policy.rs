//! IAM in the emulated world: organizations and folders above the projects, custom roles, and
//! bindings of roles to members on any resource, inherited downwards as on Google Cloud.
//!
//! The older per-resource lists of a world file (`token_creators`, `bucket_listers`, `readers`,
//! a cluster's `users`) are bindings too, so `testIamPermissions` agrees with what the other APIs allow.

use std::collections::{HashMap, HashSet};

use serde::Deserialize;

use super::{Members, Problem, World};
use crate::catalogue::{self, Kind};
use crate::world::Member;

const CRM: &str = "//cloudresourcemanager.googleapis.com/";

/// The role a world's `bucket_listers` hold on their project.
const BUCKET_LISTER: &str = "(bucket_listers)";
/// The role a world's bucket `readers` hold on their bucket.
const BUCKET_READER: &str = "(readers)";
/// The role a cluster's `users` hold on their cluster: what `kubectl get pods` needs, and what
/// `gcloud container clusters get-credentials` does.
const CLUSTER_USER: &str = "(cluster users)";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct OrganizationFile {
    id: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct FolderFile {
    id: String,
    parent: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RoleFile {
    name: String,
    #[serde(default)]
    permissions: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct BindingFile {
    resource: String,
    role: String,
    #[serde(default)]
    members: Vec<String>,
}

/// The top of a resource hierarchy.
#[derive(Debug, Clone)]
pub(crate) struct Organization {
    pub id: String,
}

#[derive(Debug, Clone)]
pub(crate) struct Folder {
    pub id: String,
    pub parent: Parent,
}

/// Where a folder or project sits: under an organization or a folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Parent {
    Organization(String),
    Folder(String),
}

impl Parent {
    fn parse(text: &str) -> Option<Parent> {
        let (kind, id) = text.split_once('/')?;
        if id.is_empty() || !id.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        match kind {
            "organizations" => Some(Parent::Organization(id.to_owned())),
            "folders" => Some(Parent::Folder(id.to_owned())),
            _ => None,
        }
    }

    /// `organizations/ID` or `folders/ID`, as Resource Manager writes parents.
    pub fn name(&self) -> String {
        match self {
            Parent::Organization(id) => format!("organizations/{id}"),
            Parent::Folder(id) => format!("folders/{id}"),
        }
    }

    fn resource(&self) -> Resource {
        match self {
            Parent::Organization(id) => Resource::Organization(id.clone()),
            Parent::Folder(id) => Resource::Folder(id.clone()),
        }
    }
}

/// Custom roles and every binding, keyed by the full resource name they are set on.
#[derive(Debug, Clone, Default)]
pub(crate) struct Policy {
    roles: HashMap<String, HashSet<String>>,
    bindings: HashMap<String, Vec<Binding>>,
    /// Policies `setIamPolicy` replaced, shared by every clone of the world.
    replaced: Replaced,
}

#[derive(Debug, Clone, Default)]
struct Replaced(std::sync::Arc<std::sync::Mutex<HashMap<String, Vec<Binding>>>>);

impl Replaced {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Vec<Binding>>> {
        // Each change is one insert, so a poisoned lock still holds whole data.
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

#[derive(Debug, Clone)]
struct Binding {
    role: String,
    members: Vec<Member>,
}

/// A resource of the world that IAM policies attach to, named canonically.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Resource {
    Organization(String),
    Folder(String),
    /// By project id.
    Project(String),
    ServiceAccount {
        project: String,
        email: String,
    },
    Bucket {
        project: String,
        name: String,
    },
    Topic {
        project: String,
        name: String,
    },
    Instance {
        project: String,
        zone: String,
        name: String,
    },
    Cluster {
        project: String,
        location: String,
        name: String,
    },
}

impl Resource {
    pub fn kind(&self) -> Kind {
        match self {
            Resource::Organization(_) => Kind::Organization,
            Resource::Folder(_) => Kind::Folder,
            Resource::Project(_) => Kind::Project,
            Resource::ServiceAccount { .. } => Kind::ServiceAccount,
            Resource::Bucket { .. } => Kind::Bucket,
            Resource::Topic { .. } => Kind::Topic,
            Resource::Instance { .. } => Kind::Instance,
            Resource::Cluster { .. } => Kind::Cluster,
        }
    }

    /// The full resource name, as IAM and Cloud Asset Inventory write it.
    pub fn full_name(&self) -> String {
        match self {
            Resource::Organization(id) => format!("{CRM}organizations/{id}"),
            Resource::Folder(id) => format!("{CRM}folders/{id}"),
            Resource::Project(id) => format!("{CRM}projects/{id}"),
            Resource::ServiceAccount { project, email } => {
                format!("//iam.googleapis.com/projects/{project}/serviceAccounts/{email}")
            }
            Resource::Bucket { name, .. } => {
                format!("//storage.googleapis.com/projects/_/buckets/{name}")
            }
            Resource::Topic { project, name } => {
                format!("//pubsub.googleapis.com/projects/{project}/topics/{name}")
            }
            Resource::Instance {
                project,
                zone,
                name,
            } => {
                format!("//compute.googleapis.com/projects/{project}/zones/{zone}/instances/{name}")
            }
            Resource::Cluster {
                project,
                location,
                name,
            } => format!(
                "//container.googleapis.com/projects/{project}/locations/{location}/clusters/{name}"
            ),
        }
    }
}

/// What the hierarchy part of a world file says, taken apart by [`World::parse`].
pub(super) struct Files {
    pub organizations: Vec<OrganizationFile>,
    pub folders: Vec<FolderFile>,
    pub roles: Vec<RoleFile>,
    pub bindings: Vec<BindingFile>,
}

impl World {
    /// Builds the organizations, folders and policy once the rest of the world is known.
    pub(super) fn with_policy(mut self, files: Files, members: &Members) -> Result<World, Problem> {
        for (i, o) in files.organizations.into_iter().enumerate() {
            if !is_number(&o.id) || self.organization(&o.id).is_some() {
                return Err((
                    format!("organizations[{i}].id"),
                    format!(
                        "`{}` is not a number or repeats another organization's id.",
                        o.id
                    ),
                ));
            }
            self.organizations.push(Organization { id: o.id });
        }
        // Folders may name folders defined after them, so check parents once all are known.
        for (i, f) in files.folders.iter().enumerate() {
            if !is_number(&f.id) || self.folders.iter().any(|g| g.id == f.id) {
                return Err((
                    format!("folders[{i}].id"),
                    format!("`{}` is not a number or repeats another folder's id.", f.id),
                ));
            }
            let parent =
                Parent::parse(&f.parent).ok_or_else(|| bad_parent(&f.parent, i, "folders"))?;
            self.folders.push(Folder {
                id: f.id.clone(),
                parent,
            });
        }
        for (i, f) in self.folders.iter().enumerate() {
            if !self.parent_exists(&f.parent) {
                return Err(missing_parent(&f.parent, &format!("folders[{i}].parent")));
            }
        }
        for (i, p) in self.projects.iter().enumerate() {
            if let Some(parent) = &p.parent
                && !self.parent_exists(parent)
            {
                return Err(missing_parent(parent, &format!("projects[{i}].parent")));
            }
        }
        self.check_folder_cycles()?;

        let mut policy = Policy::default();
        let catalogue = catalogue::catalogue();
        for (i, role) in files.roles.into_iter().enumerate() {
            let field = format!("roles[{i}]");
            if !custom_role_name(&role.name) || policy.roles.contains_key(&role.name) {
                return Err((
                    format!("{field}.name"),
                    format!(
                        "`{}` is not a custom role name (projects/ID/roles/NAME or organizations/ID/roles/NAME) or repeats another.",
                        role.name
                    ),
                ));
            }
            if let Some(unknown) = role.permissions.iter().find(|p| !catalogue.contains(p)) {
                return Err((
                    format!("{field}.permissions"),
                    format!("names `{unknown}`, which is not a permission the emulator knows."),
                ));
            }
            policy
                .roles
                .insert(role.name, role.permissions.into_iter().collect());
        }
        policy
            .roles
            .insert(BUCKET_LISTER.into(), set(&["storage.buckets.list"]));
        policy.roles.insert(
            CLUSTER_USER.into(),
            set(&[
                "container.clusters.get",
                "container.clusters.getCredentials",
                "container.pods.get",
                "container.pods.list",
            ]),
        );
        policy.roles.insert(
            BUCKET_READER.into(),
            set(&[
                "storage.buckets.get",
                "storage.objects.get",
                "storage.objects.list",
            ]),
        );

        for (i, b) in files.bindings.into_iter().enumerate() {
            let field = format!("bindings[{i}]");
            let resource = self.resolve(&b.resource).ok_or_else(|| {
                (
                    format!("{field}.resource"),
                    format!(
                        "`{}` names no resource the file defines (write a full resource name like //cloudresourcemanager.googleapis.com/projects/ID, or projects/ID, folders/ID, organizations/ID).",
                        b.resource
                    ),
                )
            })?;
            if catalogue::predefined_grants(&b.role, "").is_none()
                && !policy.roles.contains_key(&b.role)
            {
                return Err((
                    format!("{field}.role"),
                    format!(
                        "`{}` is neither a predefined role the emulator knows ({}) nor a custom role the file defines.",
                        b.role,
                        catalogue::PREDEFINED_ROLES.join(", ")
                    ),
                ));
            }
            let members = members.parse_all(&b.members, &format!("{field}.members"))?;
            policy.bind(&resource, &b.role, members);
        }

        // The per-resource lists are bindings too.
        let mut sugar = Vec::new();
        for sa in &self.service_accounts {
            let resource = self.account_resource(sa);
            sugar.push((
                resource,
                "roles/iam.serviceAccountTokenCreator",
                sa.token_creators.clone(),
            ));
        }
        for p in &self.projects {
            sugar.push((
                Resource::Project(p.id.clone()),
                BUCKET_LISTER,
                p.bucket_listers.clone(),
            ));
        }
        for b in &self.buckets {
            let resource = Resource::Bucket {
                project: b.project.clone(),
                name: b.name.clone(),
            };
            sugar.push((resource, BUCKET_READER, b.readers.clone()));
        }
        for c in &self.clusters {
            sugar.push((c.resource(), CLUSTER_USER, c.users.clone()));
        }
        for (resource, role, members) in sugar {
            if !members.is_empty() {
                policy.bind(&resource, role, members);
            }
        }
        self.policy = policy;
        Ok(self)
    }

    fn parent_exists(&self, parent: &Parent) -> bool {
        match parent {
            Parent::Organization(id) => self.organization(id).is_some(),
            Parent::Folder(id) => self.folder(id).is_some(),
        }
    }

    fn check_folder_cycles(&self) -> Result<(), Problem> {
        for (i, f) in self.folders.iter().enumerate() {
            let mut seen = HashSet::new();
            let mut parent = Some(&f.parent);
            while let Some(Parent::Folder(id)) = parent {
                if !seen.insert(id.as_str()) || seen.len() > self.folders.len() {
                    return Err((
                        format!("folders[{i}].parent"),
                        "makes the folders a cycle.".into(),
                    ));
                }
                parent = self.folder(id).map(|g| &g.parent);
            }
        }
        Ok(())
    }

    pub(crate) fn organization(&self, id: &str) -> Option<&Organization> {
        self.organizations.iter().find(|o| o.id == id)
    }

    pub(crate) fn folder(&self, id: &str) -> Option<&Folder> {
        self.folders.iter().find(|f| f.id == id)
    }

    pub(crate) fn projects(&self) -> &[super::Project] {
        &self.projects
    }

    pub(crate) fn service_accounts_in<'a>(
        &'a self,
        project: &'a str,
    ) -> impl Iterator<Item = &'a super::ServiceAccount> {
        self.service_accounts
            .iter()
            .filter(move |sa| !sa.deleted && sa.project.as_deref() == Some(project))
    }

    /// The account as a resource; accounts outside any project sit under `projects/-`.
    pub(crate) fn account_resource(&self, sa: &super::ServiceAccount) -> Resource {
        Resource::ServiceAccount {
            project: sa.project.clone().unwrap_or_else(|| "-".into()),
            email: sa.email.clone(),
        }
    }

    /// The resource a full resource name (or a Resource Manager relative name like
    /// `projects/ID`) names, when the world defines it. Projects may be named by number and
    /// accounts by unique id; the answer is always canonical.
    pub(crate) fn resolve(&self, name: &str) -> Option<Resource> {
        let (service, path) = match name.strip_prefix("//") {
            Some(rest) => rest.split_once('/')?,
            None => ("cloudresourcemanager.googleapis.com", name),
        };
        let service = service.split('.').next()?;
        let parts: Vec<&str> = path.split('/').collect();
        let project = |id: &str| self.project(id).map(|p| p.id.clone());
        let resource = match (service, parts.as_slice()) {
            ("cloudresourcemanager", ["organizations", id]) => {
                Resource::Organization(self.organization(id)?.id.clone())
            }
            ("cloudresourcemanager", ["folders", id]) => {
                Resource::Folder(self.folder(id)?.id.clone())
            }
            ("cloudresourcemanager", ["projects", id]) => Resource::Project(project(id)?),
            ("iam", ["projects", p, "serviceAccounts", account]) => {
                let sa = self.service_account(account)?;
                // `-` stands for whichever project the account is in.
                if *p != "-" && sa.project.as_deref() != Some(project(p)?.as_str()) {
                    return None;
                }
                self.account_resource(sa)
            }
            ("storage", ["projects", "_", "buckets", bucket]) => {
                let b = self.bucket(bucket)?;
                Resource::Bucket {
                    project: b.project.clone(),
                    name: b.name.clone(),
                }
            }
            ("pubsub", ["projects", p, "topics", topic]) => {
                let p = self.project(p)?;
                p.topics.iter().find(|t| t == topic)?;
                Resource::Topic {
                    project: p.id.clone(),
                    name: (*topic).to_owned(),
                }
            }
            ("compute", ["projects", p, "zones", zone, "instances", instance]) => {
                let p = self.project(p)?;
                let wanted = format!("{zone}/{instance}");
                p.instances.iter().find(|i| **i == wanted)?;
                Resource::Instance {
                    project: p.id.clone(),
                    zone: (*zone).to_owned(),
                    name: (*instance).to_owned(),
                }
            }
            ("container", ["projects", p, "locations", location, "clusters", name]) => {
                self.cluster(p, location, name)?.resource()
            }
            _ => return None,
        };
        Some(resource)
    }

    /// The resource policies flow down from onto `resource`.
    fn parent_of(&self, resource: &Resource) -> Option<Resource> {
        match resource {
            Resource::Organization(_) => None,
            Resource::Folder(id) => self.folder(id).map(|f| f.parent.resource()),
            Resource::Project(id) => self
                .project(id)
                .and_then(|p| p.parent.as_ref())
                .map(Parent::resource),
            Resource::ServiceAccount { project, .. }
            | Resource::Bucket { project, .. }
            | Resource::Topic { project, .. }
            | Resource::Instance { project, .. }
            | Resource::Cluster { project, .. } => self
                .project(project)
                .map(|p| Resource::Project(p.id.clone())),
        }
    }

    /// Which of `permissions` `member` holds on `resource`, through a binding on it or on any
    /// resource above it; in the order asked.
    pub(crate) fn granted<'p>(
        &self,
        member: &Member,
        resource: &Resource,
        permissions: &'p [String],
    ) -> Vec<&'p str> {
        // The roles the member holds anywhere on the way up, found once for all permissions.
        let mut roles: Vec<&str> = Vec::new();
        // What active PAM grants bind, owned, so borrowed alongside the file's roles below.
        let mut windowed: Vec<String> = Vec::new();
        let now = time::OffsetDateTime::now_utc();
        let mut node = Some(resource.clone());
        while let Some(r) = node {
            let name = r.full_name();
            windowed.extend(self.windowed.roles_at(&name, member, now));
            let holds = |b: &&Binding| b.members.iter().any(|m| m.includes(member));
            match self.policy.replaced.lock().get(&name) {
                // A policy set since the world was read replaces the file's on that resource.
                Some(set) => windowed.extend(set.iter().filter(holds).map(|b| b.role.clone())),
                None => {
                    if let Some(bindings) = self.policy.bindings.get(&name) {
                        roles.extend(bindings.iter().filter(holds).map(|b| b.role.as_str()));
                    }
                }
            }
            node = self.parent_of(&r);
        }
        permissions
            .iter()
            .map(String::as_str)
            .filter(|p| {
                roles
                    .iter()
                    .copied()
                    .chain(windowed.iter().map(String::as_str))
                    .any(|role| self.policy.grants(role, p))
            })
            .collect()
    }

    /// The bindings set on `resource` itself (not those it inherits), as an IAM policy lists
    /// them: by role, members in their `kind:id` form, both sorted.
    pub(crate) fn bindings_on(&self, resource: &Resource) -> Vec<(String, Vec<String>)> {
        let name = resource.full_name();
        let bindings = match self.policy.replaced.lock().get(&name) {
            Some(set) => set.clone(),
            None => self.policy.bindings.get(&name).cloned().unwrap_or_default(),
        };
        let mut by_role: std::collections::BTreeMap<String, Vec<String>> = Default::default();
        for b in bindings {
            by_role
                .entry(b.role)
                .or_default()
                .extend(b.members.iter().map(|m| self.member_in_policy(m)));
        }
        by_role
            .into_iter()
            .map(|(role, mut members)| {
                members.sort();
                members.dedup();
                (role, members)
            })
            .collect()
    }

    /// Replaces the bindings set on `resource` (`setIamPolicy`): each role must be one the
    /// world knows, each member someone it defines. Says what is wrong otherwise.
    pub(crate) fn set_bindings(
        &self,
        resource: &Resource,
        bindings: &[(String, Vec<String>)],
    ) -> Result<(), String> {
        let mut set = Vec::new();
        for (role, members) in bindings {
            if catalogue::predefined_grants(role, "").is_none() && !self.policy.has_role(role) {
                return Err(format!("Role {role} is not supported for this resource."));
            }
            let members = members
                .iter()
                .map(|text| {
                    let member = Member::parse(text).map_err(|p| format!("The member {p}."))?;
                    let known = match &member {
                        Member::User(email) => self.user(email).is_some(),
                        Member::ServiceAccount(email) => self.service_account(email).is_some(),
                        Member::Principal(_) | Member::PrincipalSet(_) => self
                            .workload_identities
                            .iter()
                            .any(|w| member.includes(&w.principal)),
                    };
                    known
                        .then_some(member)
                        .ok_or_else(|| format!("The member {text} does not exist."))
                })
                .collect::<Result<Vec<_>, _>>()?;
            set.push(Binding {
                role: role.clone(),
                members,
            });
        }
        self.policy
            .replaced
            .lock()
            .insert(resource.full_name(), set);
        Ok(())
    }

    /// Whether `member` holds `permission` on `resource`.
    pub(crate) fn permits(&self, member: &Member, resource: &Resource, permission: &str) -> bool {
        !self
            .granted(member, resource, &[permission.to_owned()])
            .is_empty()
    }
}

impl Policy {
    /// Whether the file defines the custom role `name`.
    pub(super) fn has_role(&self, name: &str) -> bool {
        self.roles.contains_key(name)
    }

    fn bind(&mut self, resource: &Resource, role: &str, members: Vec<Member>) {
        self.bindings
            .entry(resource.full_name())
            .or_default()
            .push(Binding {
                role: role.to_owned(),
                members,
            });
    }

    fn grants(&self, role: &str, permission: &str) -> bool {
        catalogue::predefined_grants(role, permission)
            .unwrap_or_else(|| self.roles.get(role).is_some_and(|p| p.contains(permission)))
    }
}

fn set(permissions: &[&str]) -> HashSet<String> {
    permissions.iter().map(|p| (*p).to_owned()).collect()
}

fn is_number(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())
}

fn custom_role_name(name: &str) -> bool {
    let parts: Vec<&str> = name.split('/').collect();
    matches!(
        parts.as_slice(),
        ["projects" | "organizations", scope, "roles", id] if !scope.is_empty() && !id.is_empty()
    )
}

/// Checks a project's `parent` field; the parent's existence is checked once all are read.
pub(super) fn parse_parent(text: &str, index: usize) -> Result<Parent, Problem> {
    Parent::parse(text).ok_or_else(|| bad_parent(text, index, "projects"))
}

fn bad_parent(text: &str, index: usize, list: &str) -> Problem {
    (
        format!("{list}[{index}].parent"),
        format!("`{text}` is not organizations/NUMBER or folders/NUMBER."),
    )
}

fn missing_parent(parent: &Parent, field: &str) -> Problem {
    (
        field.to_owned(),
        format!("names {}, which the file does not define.", parent.name()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const WORLD: &str = r#"
        [[organizations]]
        id = "100"
        [[folders]]
        id = "200"
        parent = "organizations/100"
        [[projects]]
        id = "p1"
        number = "11"
        parent = "folders/200"
        topics = ["events"]
        instances = ["europe-west1-b/vm"]
        [[projects]]
        id = "p2"
        number = "22"
        [[users]]
        email = "alice@example.com"
        refresh_token = "r"
        [[service_accounts]]
        email = "a@p1.iam.gserviceaccount.com"
        token_creators = ["user:alice@example.com"]
        [[service_accounts]]
        email = "b@p2.iam.gserviceaccount.com"
        [[roles]]
        name = "organizations/100/roles/publisher"
        permissions = ["pubsub.topics.publish"]
        [[bindings]]
        resource = "organizations/100"
        role = "roles/viewer"
        members = ["user:alice@example.com"]
        [[bindings]]
        resource = "//pubsub.googleapis.com/projects/p1/topics/events"
        role = "organizations/100/roles/publisher"
        members = ["serviceAccount:a@p1.iam.gserviceaccount.com"]
    "#;

    fn world() -> World {
        World::parse(WORLD, "w.toml").unwrap_or_else(|e| panic!("{e}"))
    }

    fn alice() -> Member {
        Member::User("alice@example.com".into())
    }

    #[test]
    fn bindings_flow_down_the_hierarchy() {
        let w = world();
        let p1 = Resource::Project("p1".into());
        assert!(w.permits(&alice(), &p1, "iam.serviceAccounts.list"));
        assert!(!w.permits(&alice(), &p1, "storage.buckets.delete"));
        // p2 has no parent, so the organization's binding does not reach it.
        let p2 = Resource::Project("p2".into());
        assert!(!w.permits(&alice(), &p2, "iam.serviceAccounts.list"));
        let topic = w.resolve("//pubsub.googleapis.com/projects/11/topics/events");
        let topic = topic.unwrap();
        let a = Member::ServiceAccount("a@p1.iam.gserviceaccount.com".into());
        assert!(w.permits(&a, &topic, "pubsub.topics.publish"));
        assert!(!w.permits(&alice(), &topic, "pubsub.topics.publish"));
    }

    #[test]
    fn token_creators_are_a_binding_on_the_account() {
        let w = world();
        let sa = w
            .resolve("//iam.googleapis.com/projects/-/serviceAccounts/a@p1.iam.gserviceaccount.com")
            .unwrap();
        let asked = [
            "iam.serviceAccounts.getAccessToken".to_owned(),
            "iam.serviceAccounts.delete".to_owned(),
        ];
        assert_eq!(
            w.granted(&alice(), &sa, &asked),
            ["iam.serviceAccounts.getAccessToken"]
        );
        assert_eq!(w.service_accounts_in("p1").count(), 1);
    }

    #[test]
    fn names_resolve_only_to_what_exists() {
        let w = world();
        assert_eq!(
            w.resolve("projects/22"),
            Some(Resource::Project("p2".into()))
        );
        assert!(w.resolve("projects/nope").is_none());
        assert!(
            w.resolve("//compute.googleapis.com/projects/p1/zones/europe-west1-b/instances/vm")
                .is_some()
        );
        assert!(
            w.resolve("//compute.googleapis.com/projects/p1/zones/europe-west1-c/instances/vm")
                .is_none()
        );
        assert!(
            w.resolve(
                "//iam.googleapis.com/projects/p2/serviceAccounts/a@p1.iam.gserviceaccount.com"
            )
            .is_none()
        );
    }

    #[test]
    fn bad_hierarchies_are_named() {
        let e = |text: &str| match World::parse(text, "w.toml") {
            Ok(_) => panic!("accepted"),
            Err(e) => e.to_string(),
        };
        let msg = e(
            "[[folders]]\nid = \"1\"\nparent = \"folders/2\"\n[[folders]]\nid = \"2\"\nparent = \"folders/1\"\n",
        );
        assert!(msg.contains("cycle"), "{msg}");
        let msg = e("[[bindings]]\nresource = \"projects/x\"\nrole = \"roles/viewer\"\n");
        assert!(msg.contains("bindings[0].resource"), "{msg}");
        let msg = e(
            "[[projects]]\nid = \"x\"\nnumber = \"1\"\n[[bindings]]\nresource = \"projects/x\"\nrole = \"roles/nope\"\n",
        );
        assert!(msg.contains("bindings[0].role"), "{msg}");
        let msg = e("[[roles]]\nname = \"projects/x/roles/r\"\npermissions = [\"storage.*\"]\n");
        assert!(msg.contains("roles[0].permissions"), "{msg}");
    }
}
