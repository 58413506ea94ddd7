//! Turns a parsed world file into a `World`, refusing anything Google would not allow: every
//! problem names the field (`buckets[0].project`) and what is wrong with it.

use std::collections::HashSet;

use super::file::*;
use super::*;

/// A validation failure: the field path (`buckets[0].project`) and what is wrong with it.
pub(super) type Problem = (String, String);

impl WorldFile {
    pub(super) fn validate(self) -> Result<World, Problem> {
        let mut emails = HashSet::new();
        for (i, user) in self.users.iter().enumerate() {
            check_email(&mut emails, &user.email, format!("users[{i}].email"))?;
        }
        let mut refresh_tokens = HashSet::new();
        for (i, user) in self.users.iter().enumerate() {
            if user.refresh_token.is_empty() {
                return Err((format!("users[{i}].refresh_token"), "is empty.".into()));
            }
            if !refresh_tokens.insert(user.refresh_token.as_str()) {
                // Never echo the token itself: it is a credential.
                return Err((
                    format!("users[{i}].refresh_token"),
                    "repeats another user's refresh token.".into(),
                ));
            }
        }
        for (i, sa) in self.service_accounts.iter().enumerate() {
            check_email(
                &mut emails,
                &sa.email,
                format!("service_accounts[{i}].email"),
            )?;
        }
        let mut workload_identities: Vec<WorkloadIdentity> = Vec::new();
        for (i, w) in self.workload_identities.iter().enumerate() {
            let field = |key: &str| format!("workload_identities[{i}].{key}");
            if w.subject.is_empty() {
                return Err((field("subject"), "is empty.".into()));
            }
            let principal = w.principal().ok_or_else(|| {
                (
                    field("audience"),
                    format!(
                        "`{}` is not a provider (//iam.googleapis.com/projects/NUMBER/locations/global/workloadIdentityPools/POOL/providers/PROVIDER).",
                        w.audience
                    ),
                )
            })?;
            // Never echo the token itself: it is a credential.
            if w.subject_token.is_empty() {
                return Err((field("subject_token"), "is empty.".into()));
            }
            if workload_identities
                .iter()
                .any(|o| o.audience == w.audience && o.subject_token == w.subject_token)
            {
                return Err((
                    field("subject_token"),
                    "repeats another subject token of the same provider.".into(),
                ));
            }
            workload_identities.push(WorkloadIdentity {
                audience: w.audience.clone(),
                subject_token: w.subject_token.clone(),
                principal: Member::Principal(principal),
            });
        }
        let members = Members {
            principals: workload_identities
                .iter()
                .map(|w| w.principal.email().to_owned())
                .collect(),
            users: self.users.iter().map(|u| u.email.as_str()).collect(),
            service_accounts: self
                .service_accounts
                .iter()
                .map(|sa| sa.email.as_str())
                .collect(),
        };

        let mut projects = Vec::new();
        let mut project_ids = HashSet::new();
        for (i, p) in self.projects.iter().enumerate() {
            if p.id.is_empty() || !project_ids.insert(p.id.as_str()) {
                return Err((
                    format!("projects[{i}].id"),
                    format!("`{}` is empty or repeats another project's id.", p.id),
                ));
            }
            if p.number.is_empty() || !p.number.bytes().all(|b| b.is_ascii_digit()) {
                return Err((
                    format!("projects[{i}].number"),
                    format!("`{}` is not a project number (digits only).", p.number),
                ));
            }
            if let Some(bad) = p
                .disabled_services
                .iter()
                .find(|s| !s.ends_with(".googleapis.com") || s.contains('/'))
            {
                return Err((
                    format!("projects[{i}].disabled_services"),
                    format!(
                        "lists `{bad}`, which is not an API's name (like iamcredentials.googleapis.com)."
                    ),
                ));
            }
            if let Some(bad) = p.topics.iter().find(|t| t.is_empty() || t.contains('/')) {
                return Err((
                    format!("projects[{i}].topics"),
                    format!("lists `{bad}`, which is not a topic name."),
                ));
            }
            if let Some(bad) = p.instances.iter().find(|n| {
                n.split_once('/').is_none_or(|(zone, name)| {
                    zone.is_empty() || name.is_empty() || name.contains('/')
                })
            }) {
                return Err((
                    format!("projects[{i}].instances"),
                    format!("lists `{bad}`, which is not ZONE/NAME."),
                ));
            }
            projects.push(Project {
                id: p.id.clone(),
                number: p.number.clone(),
                bucket_listers: members
                    .parse_all(&p.bucket_listers, &format!("projects[{i}].bucket_listers"))?,
                parent: p
                    .parent
                    .as_deref()
                    .map(|text| policy::parse_parent(text, i))
                    .transpose()?,
                display_name: p.display_name.clone().unwrap_or_else(|| p.id.clone()),
                topics: p.topics.clone(),
                instances: p.instances.clone(),
                disabled_services: p.disabled_services.clone(),
            });
        }

        let mut service_accounts = Vec::new();
        for (i, sa) in self.service_accounts.iter().enumerate() {
            let project = match &sa.project {
                Some(id) if !project_ids.contains(id.as_str()) => {
                    return Err((
                        format!("service_accounts[{i}].project"),
                        format!("names project `{id}`, which the file does not define."),
                    ));
                }
                Some(id) => Some(id.clone()),
                // Google names user-managed accounts NAME@PROJECT.iam.gserviceaccount.com.
                None => sa
                    .email
                    .split_once('@')
                    .and_then(|(_, domain)| domain.strip_suffix(".iam.gserviceaccount.com"))
                    .map(str::to_owned),
            };
            service_accounts.push(ServiceAccount {
                email: sa.email.clone(),
                unique_id: numeric_id(&sa.email),
                display_name: sa.display_name.clone(),
                project,
                token_creators: members.parse_all(
                    &sa.token_creators,
                    &format!("service_accounts[{i}].token_creators"),
                )?,
                allow_lifetime_extension: sa.allow_lifetime_extension,
                disabled: sa.disabled,
                deleted: sa.deleted,
                public_keys: sa
                    .public_keys
                    .iter()
                    .enumerate()
                    .map(|(k, key)| {
                        key.parse()
                            .map_err(|e| (format!("service_accounts[{i}].public_keys[{k}]"), e))
                    })
                    .collect::<Result<_, _>>()?,
            });
        }

        let mut buckets = Vec::new();
        let mut bucket_names = HashSet::new();
        for (i, b) in self.buckets.into_iter().enumerate() {
            if !valid_bucket_name(&b.name) {
                return Err((
                    format!("buckets[{i}].name"),
                    format!(
                        "`{}` is not a bucket name (3-63 characters: a-z, 0-9, '-', '_', '.').",
                        b.name
                    ),
                ));
            }
            if !bucket_names.insert(b.name.clone()) {
                return Err((
                    format!("buckets[{i}].name"),
                    format!("`{}` repeats another bucket's name.", b.name),
                ));
            }
            if !project_ids.contains(b.project.as_str()) {
                return Err((
                    format!("buckets[{i}].project"),
                    format!(
                        "names project `{}`, which the file does not define.",
                        b.project
                    ),
                ));
            }
            let mut objects = b.objects;
            objects.sort();
            if let Some(pair) = objects.windows(2).find(|w| w[0] == w[1]) {
                return Err((
                    format!("buckets[{i}].objects"),
                    format!("lists `{}` twice.", pair[0]),
                ));
            }
            if objects.iter().any(String::is_empty) {
                return Err((
                    format!("buckets[{i}].objects"),
                    "contains an empty object name.".into(),
                ));
            }
            buckets.push(Bucket {
                readers: members.parse_all(&b.readers, &format!("buckets[{i}].readers"))?,
                name: b.name,
                project: b.project,
                location: b.location.unwrap_or_else(|| "US".into()),
                objects,
            });
        }

        let mut clusters: Vec<Cluster> = Vec::new();
        for (i, c) in self.clusters.into_iter().enumerate() {
            let field = |key: &str| format!("clusters[{i}].{key}");
            if !valid_cluster_name(&c.name) {
                return Err((
                    field("name"),
                    format!(
                        "`{}` is not a GKE cluster name (1-40 characters: a-z, 0-9, '-', starting with a letter).",
                        c.name
                    ),
                ));
            }
            if !project_ids.contains(c.project.as_str()) {
                return Err((
                    field("project"),
                    format!(
                        "names project `{}`, which the file does not define.",
                        c.project
                    ),
                ));
            }
            if c.location.is_empty() || c.location.contains('/') || c.location == "-" {
                return Err((
                    field("location"),
                    format!("`{}` is not a region or zone.", c.location),
                ));
            }
            if clusters
                .iter()
                .any(|d| (&d.project, &d.location, &d.name) == (&c.project, &c.location, &c.name))
            {
                return Err((
                    field("name"),
                    format!(
                        "`{}` repeats another cluster of the same project and location.",
                        c.name
                    ),
                ));
            }
            let mut pods = c.pods;
            pods.sort();
            if let Some(bad) = pods.iter().find(|p| !valid_pod_name(p)) {
                return Err((
                    field("pods"),
                    format!(
                        "lists `{bad}`, which is not a pod name (a-z, 0-9, '-' and '.', at most 253)."
                    ),
                ));
            }
            if let Some(pair) = pods.windows(2).find(|w| w[0] == w[1]) {
                return Err((field("pods"), format!("lists `{}` twice.", pair[0])));
            }
            let dns_endpoint = match c.dns_endpoint {
                true => {
                    if !valid_dns_label(&c.location) {
                        return Err((
                            field("location"),
                            format!(
                                "`{}` cannot be part of a DNS endpoint's host name (a-z, 0-9 and '-').",
                                c.location
                            ),
                        ));
                    }
                    let number = projects
                        .iter()
                        .find(|p: &&Project| p.id == c.project)
                        .map(|p| p.number.as_str())
                        .unwrap_or_default();
                    Some(dns_endpoint(&c.project, &c.location, &c.name, number))
                }
                false => None,
            };
            clusters.push(Cluster {
                users: members.parse_all(&c.users, &field("users"))?,
                name: c.name,
                project: c.project,
                location: c.location,
                pods,
                dns_endpoint,
            });
        }

        let world = World {
            projects,
            users: self.users.clone(),
            service_accounts,
            buckets,
            clusters,
            workload_identities,
            organizations: Vec::new(),
            folders: Vec::new(),
            policy: policy::Policy::default(),
            pam_settings: pam::settings(self.pam)?,
            entitlements: Vec::new(),
            windowed: pam::WindowedBindings::default(),
        };
        let files = policy::Files {
            organizations: self.organizations,
            folders: self.folders,
            roles: self.roles,
            bindings: self.bindings,
        };
        let mut world = world.with_policy(files, &members)?;
        world.entitlements = pam::entitlements(&world, self.entitlements, &members)?;
        Ok(world)
    }
}

/// The principals a world defines, to reject bindings that name nobody.
pub(super) struct Members<'a> {
    users: HashSet<&'a str>,
    service_accounts: HashSet<&'a str>,
    principals: HashSet<String>,
}

impl Members<'_> {
    pub(super) fn parse_all(&self, texts: &[String], field: &str) -> Result<Vec<Member>, Problem> {
        texts
            .iter()
            .enumerate()
            .map(|(i, text)| {
                let field = format!("{field}[{i}]");
                let member = Member::parse(text).map_err(|p| (field.clone(), format!("{p}.")))?;
                let known = match &member {
                    Member::User(email) => self.users.contains(email.as_str()),
                    Member::ServiceAccount(email) => self.service_accounts.contains(email.as_str()),
                    Member::Principal(id) => self.principals.contains(id),
                    Member::PrincipalSet(_) => self
                        .principals
                        .iter()
                        .any(|p| member.includes(&Member::Principal(p.clone()))),
                };
                if known {
                    Ok(member)
                } else {
                    Err((
                        field,
                        format!("is `{text}`, which names nobody the file defines."),
                    ))
                }
            })
            .collect()
    }
}

fn check_email<'a>(
    seen: &mut HashSet<&'a str>,
    email: &'a str,
    field: String,
) -> Result<(), Problem> {
    if !looks_like_email(email) {
        return Err((field, format!("`{email}` is not an email address.")));
    }
    if !seen.insert(email) {
        return Err((
            field,
            format!("`{email}` repeats an email used earlier in the file."),
        ));
    }
    Ok(())
}

pub(super) fn looks_like_email(text: &str) -> bool {
    match text.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty() && !domain.is_empty() && !domain.contains('@') && !text.contains(' ')
        }
        None => false,
    }
}

fn valid_bucket_name(name: &str) -> bool {
    (3..=63).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"-_.".contains(&b))
}

/// A cluster's DNS-based endpoint host, the same on every run: `gke-` and a hash of the cluster,
/// the project's number, then `LOCATION.gke.goog` (Google's example: `uid.us-central1.gke.goog`).
fn dns_endpoint(project: &str, location: &str, name: &str, number: &str) -> String {
    let uid = stable_hash(&format!("{project}/{location}/{name}"));
    format!("gke-{uid:016x}-{number}.{location}.gke.goog")
}

/// One DNS label: 1-63 of a-z, 0-9 and '-', not starting or ending with '-'.
fn valid_dns_label(label: &str) -> bool {
    (1..=63).contains(&label.len())
        && label
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !label.starts_with('-')
        && !label.ends_with('-')
}

fn valid_cluster_name(name: &str) -> bool {
    (1..=40).contains(&name.len())
        && name.starts_with(|c: char| c.is_ascii_lowercase())
        && !name.ends_with('-')
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// A DNS subdomain, as Kubernetes names most objects.
fn valid_pod_name(name: &str) -> bool {
    (1..=253).contains(&name.len())
        && name.split('.').all(|label| {
            !label.is_empty()
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        })
}
