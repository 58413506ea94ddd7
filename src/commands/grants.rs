//! `gsudo grants`: the caller's Privileged Access Manager grants of the entitlements on a
//! project and its folders and organization, with their state and time left.

use std::io::Write as _;
use std::sync::Arc;

use serde_json::json;
use time::OffsetDateTime;

use crate::auth::Caller;
use crate::cli::{Format, SessionArgs};
use crate::config::{Env, Gcloud};
use crate::pam::{Entitlement, Grant, Pam};
use crate::session::ExitReason;
use crate::types::Lifetime;
use crate::ui::Failure;

pub fn grants(session: &SessionArgs, env: &Env, format: Format) -> Result<ExitReason, Failure> {
    let gcloud = Gcloud::load(env);
    let project = session
        .project
        .clone()
        .or_else(|| gcloud.project())
        .ok_or_else(|| {
            Failure::new("No project to list your grants in.")
                .with_hint("Name one with -p ID, or set the gcloud configuration's project.")
        })?;
    let rt = super::runtime()?;
    let _runtime = rt.enter();
    let caller = Arc::new(Caller::discover(env, &gcloud)?);
    let pam = Pam::new(super::http()?, caller, &gcloud);
    let searched = rt.block_on(pam.my_grants(&project));
    rt.shutdown_background();
    let mut searched = searched?;
    // Nothing found and nothing searched: that is a failure, not "no grants".
    if searched.found.is_empty() && !searched.failures.is_empty() {
        let (_, first) = searched.failures.remove(0);
        return Err(first.into());
    }
    for (place, e) in &searched.failures {
        crate::ui::warn(&format!("could not look at {place}: {e}"));
    }
    let found = searched.found;
    let now = OffsetDateTime::now_utc();
    let mut out = std::io::stdout().lock();
    match format {
        Format::Json => {
            let rows: Vec<serde_json::Value> = found
                .iter()
                .map(|(e, g)| {
                    json!({
                        "grant": g.name,
                        "state": g.state,
                        "entitlement": e.name,
                        "service_account": e.account(),
                        "justification": justification(g),
                        "ends": g.ends_at().map(crate::types::rfc3339),
                        "seconds_left": left(g, now).map(Lifetime::as_secs),
                    })
                })
                .collect();
            let _ = writeln!(out, "{}", serde_json::Value::Array(rows));
        }
        Format::Text => {
            if found.is_empty() {
                let _ = writeln!(
                    out,
                    "You have no Privileged Access Manager grants in {project} or above it."
                );
            }
            for (e, g) in &found {
                let _ = writeln!(out, "{}", line(e, g, now));
            }
        }
    }
    Ok(ExitReason::Code(0))
}

/// `STATE  ACCOUNT  LEFT  GRANT  "JUSTIFICATION"`.
fn line(e: &Entitlement, g: &Grant, now: OffsetDateTime) -> String {
    let left = left(g, now).map_or_else(|| "-".to_owned(), |l| l.to_string());
    // Everything here but the time left comes from the API: escaped for the terminal.
    let escape = crate::ui::escape;
    format!(
        "{:<16} {:<45} {:>8}  {}  \"{}\"",
        escape(&g.state),
        escape(&e.account().unwrap_or_else(|| "-".into())),
        left,
        escape(&g.name),
        escape(justification(g))
    )
}

fn justification(g: &Grant) -> &str {
    g.justification["unstructuredJustification"]
        .as_str()
        .unwrap_or_default()
}

/// How long an active grant has left.
fn left(g: &Grant, now: OffsetDateTime) -> Option<Lifetime> {
    let end = g.ends_at().filter(|_| g.state == "ACTIVE")?;
    let secs = (end - now).whole_seconds();
    u64::try_from(secs).ok().map(Lifetime::from_secs)
}
