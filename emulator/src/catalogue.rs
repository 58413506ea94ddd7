//! The emulated permission catalogue: about five thousand `service.resource.verb` permissions,
//! the kinds of resource each can be tested on, and the predefined roles that grant them.
//!
//! The permissions gsudo and its tests name (IAM, Resource Manager, Cloud Storage, Pub/Sub,
//! Compute Engine) are the real ones; the rest are generated in the same shape so that
//! `queryTestablePermissions` on a project answers with a catalogue as large as Google's.

use std::sync::OnceLock;

/// The kinds of resource the emulator can test permissions on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Organization,
    Folder,
    Project,
    ServiceAccount,
    Bucket,
    Topic,
    Instance,
    Cluster,
}

/// One permission of the catalogue.
#[derive(Debug)]
pub(crate) struct Permission {
    pub name: String,
    pub title: String,
    /// Launch stage as `queryTestablePermissions` reports it.
    pub stage: &'static str,
}

/// Every permission, sorted by name.
pub(crate) struct Catalogue {
    pub permissions: Vec<Permission>,
}

/// Permissions Google documents for the services gsudo's emulator serves.
const REAL: &[(&str, &[&str])] = &[
    (
        "iam.serviceAccounts",
        &[
            "actAs",
            "create",
            "delete",
            "disable",
            "enable",
            "get",
            "getAccessToken",
            "getIamPolicy",
            "getOpenIdToken",
            "implicitDelegation",
            "list",
            "setIamPolicy",
            "signBlob",
            "signJwt",
            "undelete",
            "update",
        ],
    ),
    (
        "iam.serviceAccountKeys",
        &["create", "delete", "disable", "enable", "get", "list"],
    ),
    (
        "iam.roles",
        &["create", "delete", "get", "list", "undelete", "update"],
    ),
    (
        "resourcemanager.projects",
        &[
            "createBillingAssignment",
            "delete",
            "deleteBillingAssignment",
            "get",
            "getIamPolicy",
            "move",
            "setIamPolicy",
            "undelete",
            "update",
            "updateLiens",
        ],
    ),
    (
        "resourcemanager.folders",
        &[
            "create",
            "delete",
            "get",
            "getIamPolicy",
            "list",
            "move",
            "setIamPolicy",
            "undelete",
            "update",
        ],
    ),
    (
        "resourcemanager.organizations",
        &["get", "getIamPolicy", "setIamPolicy"],
    ),
    (
        "storage.buckets",
        &[
            "create",
            "createTagBinding",
            "delete",
            "deleteTagBinding",
            "get",
            "getIamPolicy",
            "getObjectInsights",
            "list",
            "listEffectiveTags",
            "listTagBindings",
            "setIamPolicy",
            "update",
        ],
    ),
    (
        "storage.objects",
        &[
            "create",
            "delete",
            "get",
            "getIamPolicy",
            "list",
            "restore",
            "setIamPolicy",
            "setRetention",
            "update",
        ],
    ),
    (
        "storage.managedFolders",
        &[
            "create",
            "delete",
            "get",
            "getIamPolicy",
            "list",
            "setIamPolicy",
        ],
    ),
    (
        "pubsub.topics",
        &[
            "attachSubscription",
            "create",
            "delete",
            "detachSubscription",
            "get",
            "getIamPolicy",
            "list",
            "publish",
            "setIamPolicy",
            "update",
            "updateTag",
        ],
    ),
    (
        "pubsub.subscriptions",
        &[
            "consume",
            "create",
            "delete",
            "get",
            "getIamPolicy",
            "list",
            "setIamPolicy",
            "update",
        ],
    ),
    (
        "compute.instances",
        &[
            "addAccessConfig",
            "attachDisk",
            "create",
            "delete",
            "deleteAccessConfig",
            "detachDisk",
            "get",
            "getGuestAttributes",
            "getIamPolicy",
            "getSerialPortOutput",
            "list",
            "reset",
            "resume",
            "setIamPolicy",
            "setLabels",
            "setMachineType",
            "setMetadata",
            "setServiceAccount",
            "setTags",
            "start",
            "stop",
            "suspend",
            "update",
            "use",
        ],
    ),
    (
        "container.clusters",
        &[
            "create",
            "delete",
            "get",
            "getCredentials",
            "list",
            "update",
        ],
    ),
    (
        "container.pods",
        &["create", "delete", "get", "getLogs", "list", "update"],
    ),
];

/// Services whose permissions are generated, with the resource types they name.
const SERVICES: &[&str] = &[
    "accessapproval",
    "aiplatform",
    "alloydb",
    "apigateway",
    "apigee",
    "appengine",
    "artifactregistry",
    "assuredworkloads",
    "backupdr",
    "batch",
    "bigquery",
    "bigtable",
    "billing",
    "binaryauthorization",
    "certificatemanager",
    "cloudasset",
    "cloudbuild",
    "cloudfunctions",
    "cloudkms",
    "cloudscheduler",
    "cloudsql",
    "cloudtasks",
    "composer",
    "container",
    "datacatalog",
    "dataflow",
    "dataform",
    "datafusion",
    "dataplex",
    "dataproc",
    "datastore",
    "deploymentmanager",
    "dns",
    "documentai",
    "eventarc",
    "file",
    "firebase",
    "firestore",
    "gkehub",
    "healthcare",
    "iap",
    "logging",
    "memcache",
    "monitoring",
    "networkconnectivity",
    "networkmanagement",
    "networksecurity",
    "notebooks",
    "orgpolicy",
    "privateca",
    "recommender",
    "redis",
    "run",
    "secretmanager",
    "securitycenter",
    "servicedirectory",
    "serviceusage",
    "spanner",
    "vpcaccess",
    "workflows",
];

const NOUNS: &[&str] = &[
    "backups",
    "clusters",
    "configs",
    "connections",
    "datasets",
    "endpoints",
    "instances",
    "jobs",
    "keys",
    "locations",
    "models",
    "operations",
    "policies",
    "repositories",
    "schedules",
    "snapshots",
    "tables",
    "triggers",
    "versions",
    "workers",
];

const VERBS: &[&str] = &[
    "create",
    "delete",
    "get",
    "getIamPolicy",
    "list",
    "setIamPolicy",
    "update",
];

/// How many generated resource types each generated service has.
const NOUNS_PER_SERVICE: usize = 12;

/// The catalogue, built once per process.
pub(crate) fn catalogue() -> &'static Catalogue {
    static CATALOGUE: OnceLock<Catalogue> = OnceLock::new();
    CATALOGUE.get_or_init(build)
}

fn build() -> Catalogue {
    let mut names: Vec<String> = REAL
        .iter()
        .flat_map(|(prefix, verbs)| verbs.iter().map(move |v| format!("{prefix}.{v}")))
        .collect();
    for (i, service) in SERVICES.iter().enumerate() {
        for n in 0..NOUNS_PER_SERVICE {
            let noun = NOUNS[(i * 7 + n) % NOUNS.len()];
            names.extend(VERBS.iter().map(|verb| format!("{service}.{noun}.{verb}")));
        }
    }
    names.sort();
    names.dedup();
    let permissions = names
        .into_iter()
        .enumerate()
        .map(|(i, name)| Permission {
            title: title(&name),
            // A few permissions are in beta, as on the real catalogue.
            stage: if i % 37 == 0 { "BETA" } else { "GA" },
            name,
        })
        .collect();
    Catalogue { permissions }
}

/// `storage.buckets.getIamPolicy` → "Get Iam Policy Storage Buckets", the way the real titles
/// read.
fn title(name: &str) -> String {
    let mut parts = name.split('.');
    let (service, resource, verb) = (
        parts.next().unwrap_or(""),
        parts.next().unwrap_or(""),
        parts.next().unwrap_or(""),
    );
    let mut words = Vec::new();
    let mut word = String::new();
    for c in verb.chars() {
        if c.is_uppercase() && !word.is_empty() {
            words.push(std::mem::take(&mut word));
        }
        word.push(c);
    }
    words.push(word);
    words.push(service.to_owned());
    words.push(resource.to_owned());
    words
        .iter()
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut chars = w.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_uppercase().chain(chars).collect::<String>()
            })
        })
        .collect::<Vec<_>>()
        .join(" ")
}

impl Catalogue {
    pub fn contains(&self, permission: &str) -> bool {
        self.permissions
            .binary_search_by(|p| p.name.as_str().cmp(permission))
            .is_ok()
    }

    /// The permissions testable on a resource of `kind`, in name order.
    pub fn testable_on(&self, kind: Kind) -> impl Iterator<Item = &Permission> {
        self.permissions
            .iter()
            .filter(move |p| testable(kind, &p.name))
    }
}

/// Whether `permission` can be tested on a resource of `kind`: anything on the resource
/// hierarchy, only the resource's own service's permissions on the resources below it.
pub(crate) fn testable(kind: Kind, permission: &str) -> bool {
    let on = |prefixes: &[&str]| prefixes.iter().any(|p| permission.starts_with(p));
    match kind {
        Kind::Organization | Kind::Folder | Kind::Project => true,
        Kind::ServiceAccount => on(&["iam.serviceAccounts.", "iam.serviceAccountKeys."]),
        // The Cloud Storage docs: buckets.list and buckets.create apply to projects only.
        Kind::Bucket => {
            on(&[
                "storage.buckets.",
                "storage.objects.",
                "storage.managedFolders.",
            ]) && !matches!(
                permission,
                "storage.buckets.list" | "storage.buckets.create"
            )
        }
        Kind::Topic => on(&["pubsub.topics."]),
        Kind::Instance => on(&["compute.instances."]),
        // GKE has no IAM policies on clusters; the emulator binds a cluster's `users` there.
        Kind::Cluster => on(&["container."]),
    }
}

/// The permissions of the Token Creator role (docs/google-cloud-facts.md §1, "Roles").
const TOKEN_CREATOR: &[&str] = &[
    "iam.serviceAccounts.get",
    "iam.serviceAccounts.getAccessToken",
    "iam.serviceAccounts.getOpenIdToken",
    "iam.serviceAccounts.implicitDelegation",
    "iam.serviceAccounts.list",
    "iam.serviceAccounts.signBlob",
    "iam.serviceAccounts.signJwt",
];

/// The predefined roles the emulator knows, as names.
pub(crate) const PREDEFINED_ROLES: &[&str] = &[
    "roles/owner",
    "roles/editor",
    "roles/viewer",
    "roles/browser",
    "roles/iam.serviceAccountTokenCreator",
    "roles/iam.serviceAccountOpenIdTokenCreator",
    "roles/iam.workloadIdentityUser",
    "roles/iam.serviceAccountUser",
    "roles/iam.serviceAccountViewer",
    "roles/storage.admin",
    "roles/storage.objectViewer",
    "roles/storage.objectAdmin",
    "roles/pubsub.publisher",
    "roles/pubsub.viewer",
    "roles/pubsub.editor",
    "roles/compute.viewer",
    "roles/compute.instanceAdmin.v1",
    "roles/container.clusterViewer",
    "roles/container.viewer",
];

/// Whether predefined `role` grants `permission`; `None` when the role is not predefined.
///
/// The basic roles follow their documented intent: viewer reads, editor changes everything
/// but access control, owner changes access control too. In Cloud Storage they reach
/// buckets, not objects: Viewer lists buckets and reads their metadata, Editor and Owner also
/// create and delete them (the "Basic roles" table of
/// <https://cloud.google.com/storage/docs/access-control/iam-roles>); objects are reached
/// through bucket-level roles, which the emulator binds from a bucket's `readers`.
///
/// Neither Owner nor Editor mints credentials for a service account: both hold
/// `iam.serviceAccounts.actAs`, neither `getAccessToken`, `getOpenIdToken`,
/// `implicitDelegation`, `signBlob` or `signJwt`. No documentation page says so in words;
/// <https://cloud.google.com/iam/docs/roles-overview> sends the reader to the role's definition
/// (`roles.get`), and the definitions of `roles/owner` and `roles/editor` as published in
/// github.com/iann0036/iam-dataset (`gcp/roles/owner.json`, `gcp/roles/editor.json`, commit
/// 2073fa5) list exactly that; <https://cloud.google.com/iam/docs/service-account-permissions>
/// names Token Creator on the account as what short-lived credentials need
/// (docs/google-cloud-facts.md §1, "Roles").
pub(crate) fn predefined_grants(role: &str, permission: &str) -> Option<bool> {
    let verb = permission.rsplit('.').next().unwrap_or("");
    let reads = matches!(verb, "get" | "list" | "getIamPolicy")
        || permission.starts_with("resourcemanager.projects.get");
    let impersonates = TOKEN_CREATOR.contains(&permission) && !reads;
    let objects = permission.starts_with("storage.objects.")
        || permission.starts_with("storage.managedFolders.");
    let grants = match role {
        _ if objects && matches!(role, "roles/owner" | "roles/editor" | "roles/viewer") => false,
        "roles/owner" => !impersonates,
        "roles/editor" => verb != "setIamPolicy" && !impersonates,
        "roles/viewer" => reads && verb != "getIamPolicy",
        "roles/browser" => matches!(
            permission,
            "resourcemanager.projects.get"
                | "resourcemanager.folders.get"
                | "resourcemanager.folders.list"
                | "resourcemanager.organizations.get"
        ),
        "roles/iam.serviceAccountTokenCreator" => TOKEN_CREATOR.contains(&permission),
        "roles/iam.serviceAccountOpenIdTokenCreator" => {
            permission == "iam.serviceAccounts.getOpenIdToken"
        }
        // What federated workloads bound through `principalSet://` members hold on an account.
        "roles/iam.workloadIdentityUser" => matches!(
            permission,
            "iam.serviceAccounts.get"
                | "iam.serviceAccounts.getAccessToken"
                | "iam.serviceAccounts.getOpenIdToken"
                | "iam.serviceAccounts.list"
        ),
        "roles/iam.serviceAccountUser" => matches!(
            permission,
            "iam.serviceAccounts.actAs" | "iam.serviceAccounts.get" | "iam.serviceAccounts.list"
        ),
        "roles/iam.serviceAccountViewer" => {
            matches!(
                permission,
                "iam.serviceAccounts.get" | "iam.serviceAccounts.list"
            ) || permission == "iam.serviceAccountKeys.get"
                || permission == "iam.serviceAccountKeys.list"
        }
        "roles/storage.admin" => permission.starts_with("storage."),
        "roles/storage.objectViewer" => {
            matches!(permission, "storage.objects.get" | "storage.objects.list")
        }
        "roles/storage.objectAdmin" => permission.starts_with("storage.objects."),
        "roles/pubsub.publisher" => permission == "pubsub.topics.publish",
        "roles/pubsub.viewer" => permission.starts_with("pubsub.") && reads,
        "roles/pubsub.editor" => permission.starts_with("pubsub.") && verb != "setIamPolicy",
        "roles/compute.viewer" => permission.starts_with("compute.") && reads,
        "roles/compute.instanceAdmin.v1" => permission.starts_with("compute.instances."),
        "roles/container.clusterViewer" => matches!(
            permission,
            "container.clusters.get" | "container.clusters.list"
        ),
        "roles/container.viewer" => permission.starts_with("container.") && reads,
        _ => return None,
    };
    Some(grants)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_is_google_sized_sorted_and_holds_the_real_permissions() {
        let c = catalogue();
        let n = c.testable_on(Kind::Project).count();
        assert!((4900..=5400).contains(&n), "{n}");
        assert!(c.permissions.windows(2).all(|w| w[0].name < w[1].name));
        for p in [
            "iam.serviceAccounts.getAccessToken",
            "storage.objects.get",
            "pubsub.topics.publish",
            "compute.instances.start",
            "resourcemanager.projects.get",
        ] {
            assert!(c.contains(p), "{p}");
        }
        assert!(!c.contains("storage.*"));
    }

    #[test]
    fn resources_below_projects_test_only_their_own_permissions() {
        assert!(testable(Kind::Bucket, "storage.objects.get"));
        assert!(!testable(Kind::Bucket, "storage.buckets.list"));
        assert!(!testable(Kind::Topic, "storage.objects.get"));
        assert!(testable(Kind::Project, "storage.buckets.list"));
        let on_sa = catalogue().testable_on(Kind::ServiceAccount).count();
        assert_eq!(on_sa, 22);
    }

    #[test]
    fn basic_roles_never_mint_and_only_owner_changes_policies() {
        let g = |role, p| predefined_grants(role, p).unwrap_or(false);
        assert!(g("roles/viewer", "iam.serviceAccounts.list"));
        assert!(!g("roles/viewer", "iam.serviceAccounts.getAccessToken"));
        assert!(!g("roles/editor", "iam.serviceAccounts.getAccessToken"));
        assert!(!g("roles/editor", "storage.buckets.setIamPolicy"));
        assert!(g("roles/editor", "storage.buckets.delete"));
        assert!(g("roles/viewer", "storage.buckets.list"));
        assert!(!g("roles/viewer", "storage.objects.list"));
        assert!(!g("roles/viewer", "storage.objects.get"));
        assert!(!g("roles/owner", "storage.objects.get"));
        // Owner and Editor may attach an account to a resource, never mint for it.
        for role in ["roles/owner", "roles/editor"] {
            assert!(g(role, "iam.serviceAccounts.actAs"), "{role}");
            for minting in [
                "getAccessToken",
                "getOpenIdToken",
                "implicitDelegation",
                "signBlob",
                "signJwt",
            ] {
                let p = format!("iam.serviceAccounts.{minting}");
                assert_eq!(predefined_grants(role, &p), Some(false), "{role} {p}");
            }
        }
        assert!(g("roles/owner", "iam.serviceAccounts.setIamPolicy"));
        assert!(!g("roles/editor", "iam.serviceAccounts.setIamPolicy"));
        assert!(g(
            "roles/iam.serviceAccountTokenCreator",
            "iam.serviceAccounts.getOpenIdToken"
        ));
        assert_eq!(
            title("storage.buckets.getIamPolicy"),
            "Get Iam Policy Storage Buckets"
        );
        assert_eq!(predefined_grants("roles/nope", "x.y.z"), None);
    }
}
