//! Privileged Access Manager in the emulated world: the entitlements a world file defines, the
//! settings that script how grants move on, and the time-bound bindings active grants add.
//!
//! PAM activates a grant by adding an IAM binding whose condition ends it at the grant's end;
//! the emulator keeps such bindings apart from the world file's, each with the window in which
//! permission checks honour it.

use std::sync::{Arc, Mutex, PoisonError};

use serde::Deserialize;
use time::{Duration, OffsetDateTime};

use super::{Member, Members, Problem, Resource, World};
use crate::catalogue;

/// How long a grant waits for approval before it expires when the world does not say: PAM's
/// documented 24 hours.
const DEFAULT_APPROVAL_EXPIRY: i64 = 24 * 3600;

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct SettingsFile {
    auto_approve_seconds: Option<i64>,
    #[serde(default)]
    activation_seconds: i64,
    #[serde(default)]
    propagation_seconds: i64,
    approval_expiry_seconds: Option<i64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct EntitlementFile {
    parent: String,
    id: String,
    #[serde(default)]
    eligible: Vec<String>,
    role: String,
    service_account: Option<String>,
    max_request_seconds: i64,
    #[serde(default = "yes")]
    justification_required: bool,
    #[serde(default)]
    approvers: Vec<String>,
    #[serde(default)]
    approver_justification: bool,
    activation_error: Option<String>,
}

fn yes() -> bool {
    true
}

/// How the emulated PAM moves grants on, in seconds.
#[derive(Debug, Clone)]
pub(crate) struct Settings {
    /// Waiting grants are approved by their entitlement's first approver after this long.
    pub auto_approve: Option<Duration>,
    /// From approval to ACTIVE.
    pub activation: Duration,
    /// From ACTIVE until permission checks honour the grant's binding, as IAM propagates.
    pub propagation: Duration,
    /// How long a grant waits for approval before it is EXPIRED.
    pub approval_expiry: Duration,
}

/// Who may request a role, on what, for how long, and whose approval that takes.
#[derive(Debug, Clone)]
pub(crate) struct Entitlement {
    /// `projects/ID`, `folders/ID` or `organizations/ID`.
    pub parent: String,
    pub id: String,
    pub eligible: Vec<Member>,
    pub role: String,
    /// The account the role is narrowed to by a condition, if any.
    pub service_account: Option<String>,
    pub max_request: Duration,
    pub justification_required: bool,
    /// Empty: grants need no approval.
    pub approvers: Vec<Member>,
    pub approver_justification: bool,
    /// Activation fails with this message, to script ACTIVATION_FAILED.
    pub activation_error: Option<String>,
}

impl Entitlement {
    /// `PARENT/locations/global/entitlements/ID`.
    pub fn name(&self) -> String {
        format!("{}/locations/global/entitlements/{}", self.parent, self.id)
    }

    /// Where the role is bound while a grant is active.
    pub fn binding_resource(&self, world: &World) -> Option<Resource> {
        match &self.service_account {
            Some(email) => world
                .service_account(email)
                .map(|sa| world.account_resource(sa)),
            None => world.resolve(&self.parent),
        }
    }
}

/// One binding a grant added, honoured from `from` until `until`.
#[derive(Debug, Clone)]
struct Windowed {
    id: u64,
    resource: String,
    role: String,
    member: Member,
    from: OffsetDateTime,
    until: OffsetDateTime,
}

/// The bindings active grants add, shared by every clone of the world.
#[derive(Debug, Clone, Default)]
pub(crate) struct WindowedBindings(Arc<Mutex<(u64, Vec<Windowed>)>>);

impl WindowedBindings {
    fn lock(&self) -> std::sync::MutexGuard<'_, (u64, Vec<Windowed>)> {
        // Each change is one push or one assignment, so a poisoned lock still holds whole data.
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The roles `member` holds on the resource named `full_name` at `now`.
    pub(super) fn roles_at(
        &self,
        full_name: &str,
        member: &Member,
        now: OffsetDateTime,
    ) -> Vec<String> {
        self.lock()
            .1
            .iter()
            .filter(|b| b.resource == full_name && &b.member == member)
            .filter(|b| b.from <= now && now < b.until)
            .map(|b| b.role.clone())
            .collect()
    }
}

impl World {
    /// The world's PAM settings.
    pub(crate) fn pam_settings(&self) -> &Settings {
        &self.pam_settings
    }

    /// The world's entitlements.
    pub(crate) fn entitlements(&self) -> &[Entitlement] {
        &self.entitlements
    }

    /// Binds `role` to `member` on `resource` from `from` until `until`; returns its id.
    pub(crate) fn bind_during(
        &self,
        resource: &Resource,
        role: &str,
        member: Member,
        from: OffsetDateTime,
        until: OffsetDateTime,
    ) -> u64 {
        let mut bindings = self.windowed.lock();
        bindings.0 += 1;
        let id = bindings.0;
        bindings.1.push(Windowed {
            id,
            resource: resource.full_name(),
            role: role.to_owned(),
            member,
            from,
            until,
        });
        id
    }

    /// Ends the binding `id` at `at` if it would have lasted longer.
    pub(crate) fn end_binding(&self, id: u64, at: OffsetDateTime) {
        if let Some(b) = self.windowed.lock().1.iter_mut().find(|b| b.id == id) {
            b.until = b.until.min(at);
        }
    }
}

/// Checks the `[pam]` settings.
pub(super) fn settings(file: SettingsFile) -> Result<Settings, Problem> {
    let seconds = |value: i64, key: &str| {
        if value < 0 {
            Err((format!("pam.{key}"), format!("is {value}, below 0.")))
        } else {
            Ok(Duration::seconds(value))
        }
    };
    Ok(Settings {
        auto_approve: file
            .auto_approve_seconds
            .map(|s| seconds(s, "auto_approve_seconds"))
            .transpose()?,
        activation: seconds(file.activation_seconds, "activation_seconds")?,
        propagation: seconds(file.propagation_seconds, "propagation_seconds")?,
        approval_expiry: seconds(
            file.approval_expiry_seconds
                .unwrap_or(DEFAULT_APPROVAL_EXPIRY),
            "approval_expiry_seconds",
        )?,
    })
}

/// Checks the `[[entitlements]]` against the rest of the world.
pub(super) fn entitlements(
    world: &World,
    files: Vec<EntitlementFile>,
    members: &Members,
) -> Result<Vec<Entitlement>, Problem> {
    let mut out: Vec<Entitlement> = Vec::new();
    for (i, e) in files.into_iter().enumerate() {
        let field = |key: &str| format!("entitlements[{i}].{key}");
        let parent = match world.resolve(&e.parent) {
            Some(Resource::Organization(id)) => format!("organizations/{id}"),
            Some(Resource::Folder(id)) => format!("folders/{id}"),
            Some(Resource::Project(id)) => format!("projects/{id}"),
            _ => {
                return Err((
                    field("parent"),
                    format!(
                        "`{}` is not projects/ID, folders/ID or organizations/ID of the file.",
                        e.parent
                    ),
                ));
            }
        };
        // PAM entitlement ids: 4-63 lowercase letters, digits and hyphens, starting with a letter.
        let id_ok = (4..=63).contains(&e.id.len())
            && e.id.starts_with(|c: char| c.is_ascii_lowercase())
            && e.id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !id_ok || out.iter().any(|o| o.parent == parent && o.id == e.id) {
            return Err((
                field("id"),
                format!(
                    "`{}` is not an entitlement id (4-63 of a-z, 0-9, '-', starting with a letter) or repeats another.",
                    e.id
                ),
            ));
        }
        let eligible = members.parse_all(&e.eligible, &field("eligible"))?;
        if eligible.is_empty() {
            return Err((field("eligible"), "is empty.".into()));
        }
        if catalogue::predefined_grants(&e.role, "").is_none() && !world.policy.has_role(&e.role) {
            return Err((
                field("role"),
                format!(
                    "`{}` is neither a predefined role nor a custom role of the file.",
                    e.role
                ),
            ));
        }
        if let Some(email) = &e.service_account
            && world.service_account(email).is_none()
        {
            return Err((
                field("service_account"),
                format!("names `{email}`, which the file does not define."),
            ));
        }
        if e.max_request_seconds <= 0 {
            return Err((field("max_request_seconds"), "must be above 0.".into()));
        }
        out.push(Entitlement {
            parent,
            id: e.id,
            eligible,
            role: e.role,
            service_account: e.service_account,
            max_request: Duration::seconds(e.max_request_seconds),
            justification_required: e.justification_required,
            approvers: members.parse_all(&e.approvers, &field("approvers"))?,
            approver_justification: e.approver_justification,
            activation_error: e.activation_error,
        });
    }
    Ok(out)
}
