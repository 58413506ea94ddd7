//! `gsudo list`: the service accounts the caller may impersonate, in one project, several, or
//! every project the caller can see.

use std::collections::BTreeMap;
use std::io::IsTerminal;

use serde_json::json;

use crate::auth::Caller;
use crate::cli::{Format, ListArgs};
use crate::config::file::ConfigFile;
use crate::config::{Env, Gcloud};
use crate::discover::{
    Account, Api, CallError, Endpoints, Identity, Listing, Scope, list_accounts,
};
use crate::google::Http;
use crate::pam::{Pam, Reach, Requestable};
use crate::progress::Progress;
use crate::session::ExitReason;
use crate::types::Lifetime;
use crate::ui::{self, Failure};

pub fn list(args: &ListArgs, env: &Env) -> Result<ExitReason, Failure> {
    let rt = super::runtime()?;
    let _runtime = rt.enter();
    let gcloud = Gcloud::load(env);
    let flag = args.broker.as_ref().map(ToString::to_string);
    if let Some(url) = crate::config::configured_broker(flag, env)? {
        return super::list_broker::list(&url, args.discovery.format, env, &gcloud, &rt);
    }
    let scope = if args.all_projects {
        Scope::All
    } else {
        let named = args.project.clone().or_else(|| gcloud.project());
        let projects: Vec<String> = named
            .iter()
            .flat_map(|p| p.split(','))
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(str::to_owned)
            .collect();
        if projects.is_empty() {
            return Err(Failure::new("No project to list the service accounts of.")
                .with_hint("Name one with -p ID, several with -p A,B, or use --all-projects."));
        }
        Scope::Projects(projects)
    };
    let caller = Caller::discover(env, &gcloud)?;
    let http = super::http()?;
    let api = Api::new(http.clone(), usize::from(args.discovery.concurrency));
    let endpoints = Endpoints {
        iam: gcloud.endpoint("iam"),
        resource_manager: gcloud.endpoint("cloudresourcemanager"),
    };
    let caller = std::sync::Arc::new(caller);
    // PAM's searches share discovery's bound on the calls in flight.
    let pam = Pam::new(
        http.clone()
            .limited(usize::from(args.discovery.concurrency)),
        std::sync::Arc::clone(&caller),
        &gcloud,
    );
    let result = rt.block_on(async {
        let who = caller_identity(&caller, &http, None).await?;
        let progress = Progress::start("checking service accounts");
        let listing = list_accounts(&api, &who, &endpoints, scope, &progress).await;
        progress.finish();
        let searched = pam.requestable(&listing.project_ids).await;
        for (place, e) in &searched.failures {
            ui::warn(&format!(
                "could not check the Privileged Access Manager entitlements of {place}: {e}"
            ));
        }
        Ok::<_, Failure>((who.name, listing, searched.found))
    });
    rt.shutdown_background();
    let (caller_name, listing, requestable) = result?;
    report(
        &caller_name,
        &listing,
        &requestable,
        &project_defaults(env),
        args.discovery.format,
    )
}

/// The accounts the caller may request through PAM, as JSON.
fn requestable_json(found: &[Requestable]) -> serde_json::Value {
    found
        .iter()
        .map(|r| {
            let (email, every_account_in) = match &r.reach {
                Reach::Account(email) => (Some(email), None),
                Reach::Everywhere(resource) => (None, Some(resource)),
            };
            json!({
                "email": email,
                "every_account_in": every_account_in,
                "entitlement": r.entitlement,
                "max_duration_seconds": r.max_duration.map(Lifetime::as_secs),
            })
        })
        .collect()
}

/// The accounts the caller may request through PAM, as a table of their own.
fn requestable_table(found: &[Requestable]) -> String {
    let cells: Vec<(String, String)> = found
        .iter()
        .map(|r| {
            let accounts = match &r.reach {
                Reach::Account(email) => email.clone(),
                Reach::Everywhere(resource) => format!("every account in {resource}"),
            };
            let max = r.max_duration.map_or_else(|| "-".into(), |d| d.to_string());
            (accounts, max)
        })
        .collect();
    let rows: Vec<[&str; 3]> = found
        .iter()
        .zip(&cells)
        .map(|(r, (accounts, max))| [accounts.as_str(), r.entitlement.as_str(), max.as_str()])
        .collect();
    table(&["REQUESTABLE (PAM)", "ENTITLEMENT", "MAX DURATION"], &rows)
}

/// Each project's default account from the configuration file (`projects.ID = ACCOUNT`),
/// aliases resolved; a file that cannot be read is a warning here, not a failure.
fn project_defaults(env: &Env) -> BTreeMap<String, String> {
    let file = match ConfigFile::load(env) {
        Ok(file) => file,
        Err(e) => {
            ui::warn(&format!("the default accounts are not shown: {e}"));
            return BTreeMap::new();
        }
    };
    file.projects
        .iter()
        .filter_map(|(project, name)| Some((project.clone(), file.account(name)?.to_string())))
        .collect()
}

/// The caller as discovery calls as: their token and a name to show.
pub(super) async fn caller_identity(
    caller: &Caller,
    http: &Http,
    reason: Option<String>,
) -> Result<Identity, Failure> {
    let token = caller.access_token().await?;
    let name = caller
        .email(http)
        .await
        .unwrap_or_else(|| format!("the account from {}", caller.source()));
    Ok(Identity {
        name,
        token,
        reason,
    })
}

/// Prints what was found and warns of what was not; fails only when nothing could be listed.
fn report(
    caller: &str,
    listing: &Listing,
    requestable: &[Requestable],
    defaults: &BTreeMap<String, String>,
    format: Format,
) -> Result<ExitReason, Failure> {
    let is_default = |a: &Account| defaults.get(&a.project) == Some(&a.email);
    let project_failures = listing
        .failures
        .iter()
        .filter(|(what, _)| !what.starts_with("account "))
        .count();
    if listing.projects == 0 || project_failures >= listing.projects {
        let Some(((what, error), others)) = listing.failures.split_first() else {
            return Err(Failure::new(format!("{caller} can see no project.")).with_hint(
                "You need resourcemanager.projects.get on a project for --all-projects to find it; or name projects with -p.",
            ));
        };
        for (other, e) in others {
            ui::warn(&format!("could not check {other}: {e}."));
        }
        let hint = match error {
            CallError::Refused { status: 403, .. } => {
                "You need iam.serviceAccounts.list on a project (roles/iam.serviceAccountViewer), and resourcemanager.projects.get to find projects with --all-projects."
            }
            _ => "Try again in a minute; -v shows every call gsudo makes.",
        };
        return Err(
            Failure::new(format!("Nothing could be listed: {what} failed: {error}."))
                .with_hint(hint),
        );
    }
    for (what, e) in &listing.failures {
        ui::warn(&format!("could not check {what}: {e}."));
    }
    match format {
        Format::Json => {
            let report = json!({
                "caller": caller,
                "projects": listing.projects,
                "tested": listing.tested,
                "accounts": listing.accounts.iter().map(|a| json!({
                    "email": a.email,
                    "display_name": a.display_name,
                    "project": a.project,
                    "access_tokens": a.access_tokens,
                    "id_tokens": a.id_tokens,
                    "default": is_default(a),
                })).collect::<Vec<_>>(),
                "failures": listing.failures.iter().map(|(what, e)| json!({
                    "what": what,
                    "error": e.to_string(),
                })).collect::<Vec<_>>(),
                "requestable": requestable_json(requestable),
            });
            crate::outln!("{report}");
        }
        Format::Text if listing.accounts.is_empty() => ui::note(&format!(
            "{caller} may impersonate none of the {} service account(s) in {} project(s)",
            listing.tested, listing.projects
        )),
        Format::Text => {
            let rows: Vec<[&str; 5]> = listing
                .accounts
                .iter()
                .map(|a| {
                    [
                        a.email.as_str(),
                        a.display_name.as_deref().unwrap_or("-"),
                        a.project.as_str(),
                        a.mints(),
                        if is_default(a) { "default" } else { "" },
                    ]
                })
                .collect();
            let header = ["EMAIL", "DISPLAY NAME", "PROJECT", "MAY MINT", ""];
            crate::out!("{}", table(&header, &rows));
            if std::io::stdout().is_terminal() {
                ui::note(&format!(
                    "{} of {} service account(s) in {} project(s)",
                    listing.accounts.len(),
                    listing.tested,
                    listing.projects
                ));
            }
        }
    }
    if format == Format::Text && !requestable.is_empty() {
        crate::out!("\n{}", requestable_table(requestable));
    }
    Ok(ExitReason::Code(0))
}

/// Left-aligned columns two spaces apart, a header first.
/// Lines the cells up in columns; every cell is escaped for the terminal first, since most
/// come from an API or a log (a display name, a command's name).
pub(super) fn table<const N: usize>(header: &[&str; N], rows: &[[&str; N]]) -> String {
    let escaped: Vec<[std::borrow::Cow<'_, str>; N]> = rows
        .iter()
        .map(|row| row.each_ref().map(|cell| ui::escape(cell)))
        .collect();
    let rows: Vec<[&str; N]> = escaped
        .iter()
        .map(|row| row.each_ref().map(|cell| cell.as_ref()))
        .collect();
    let mut widths = header.map(|h| h.chars().count());
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    for row in std::iter::once(header).chain(&rows) {
        let mut line = String::new();
        for (i, (cell, w)) in row.iter().zip(widths).enumerate() {
            if i + 1 == N {
                line.push_str(cell);
            } else {
                line.push_str(&format!("{cell:w$}  "));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_line_up() {
        let t = table(&["A", "BB"], &[["xxx", "y"], ["z", ""]]);
        assert_eq!(t, "A    BB\nxxx  y\nz\n");
    }

    #[test]
    fn table_cells_cannot_reach_the_terminal_raw() {
        let t = table(&["A", "B"], &[["\u{1b}]0;owned\u{7}", "x\u{202e}y"]]);
        assert_eq!(
            t,
            "A                    B\n\\u{1b}]0;owned\\u{7}  x\\u{202e}y\n"
        );
    }
}
