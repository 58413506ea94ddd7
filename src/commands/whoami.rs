//! `gsudo whoami`: who the caller is, where that identity comes from, and the session it is in.

use serde_json::{Value, json};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::auth::Caller;
use crate::cli::Format;
use crate::config::{Env, Gcloud};
use crate::google::Http;
use crate::session::{Contract, ExitReason};
use crate::ui::Failure;

pub fn whoami(env: &Env, format: Format) -> Result<ExitReason, Failure> {
    let rt = super::runtime()?;
    let _runtime = rt.enter();
    let gcloud = Gcloud::load(env);
    let caller = Caller::discover(env, &gcloud)?;
    let http =
        Http::new().map_err(|e| Failure::new(format!("gsudo could not set up HTTPS: {e}.")))?;
    let email = rt.block_on(caller.email(&http));
    if email.is_none() {
        // Credentials that give no email may give no token either: then the user is not
        // logged in, whatever file says otherwise, and must hear why.
        rt.block_on(caller.access_token())?;
    }

    let session = Contract::read(env).map(|session| {
        json!({
            "id": session.session,
            "service_account": session.account,
            "reason": session.reason(),
            "expires_at": session.expires_at,
            "seconds_left": seconds_left(&session.expires_at),
            "delegates": session.delegates,
            "grant": session.grant,
        })
    });
    // whoami is for finding out what is wrong: a broken configuration file is said, not fatal.
    let broker = crate::config::configured_broker(env.get("GSUDO_BROKER").map(str::to_owned), env)
        .unwrap_or_else(|failure| {
            crate::ui::warn(&failure.message);
            None
        });
    let report = json!({
        "caller": email,
        "source": caller.source().to_string(),
        "project": gcloud.project(),
        "project_from": project_source(env, &gcloud),
        "configuration": gcloud.active,
        "configuration_dir": gcloud.dir.display().to_string(),
        "session": session,
        "broker": broker,
    });
    match format {
        Format::Json => crate::outln!("{report}"),
        Format::Text => print_text(&report),
    }
    Ok(ExitReason::Code(0))
}

/// Where gcloud's project setting comes from, as gcloud resolves it.
fn project_source(env: &Env, gcloud: &Gcloud) -> Option<String> {
    gcloud.project()?;
    Some(if env.get("CLOUDSDK_CORE_PROJECT").is_some() {
        "CLOUDSDK_CORE_PROJECT".to_owned()
    } else if gcloud.active_properties.get("core", "project").is_some() {
        gcloud
            .dir
            .join("configurations")
            .join(format!("config_{}", gcloud.active))
            .display()
            .to_string()
    } else {
        "the Google Cloud CLI installation's properties".to_owned()
    })
}

/// Whole seconds from now until an RFC 3339 instant; negative once past.
fn seconds_left(at: &str) -> Option<i64> {
    let at = OffsetDateTime::parse(at, &Rfc3339).ok()?;
    Some((at - OffsetDateTime::now_utc()).whole_seconds())
}

fn print_text(report: &Value) {
    // Every value comes from the environment, files or Google; none may rewrite the terminal
    // (a reason may hold a bidi override, which a header carries).
    let text = |v: &Value| v.as_str().map(|s| crate::ui::escape(s).into_owned());
    crate::outln!(
        "caller:  {}",
        text(&report["caller"]).unwrap_or_else(|| "unknown (the credentials do not say)".into())
    );
    crate::outln!("source:  {}", text(&report["source"]).unwrap_or_default());
    match (text(&report["project"]), text(&report["project_from"])) {
        (Some(project), Some(from)) => crate::outln!("project: {project} (from {from})"),
        _ => crate::outln!("project: (none set)"),
    }
    crate::outln!(
        "gcloud:  configuration {} in {}",
        text(&report["configuration"]).unwrap_or_default(),
        text(&report["configuration_dir"]).unwrap_or_default()
    );
    if let Some(broker) = text(&report["broker"]) {
        crate::outln!("broker:  {broker} (mints every token)");
    }
    let session = &report["session"];
    if session.is_object() {
        crate::outln!(
            "session: {} as {} until {}",
            text(&session["id"]).unwrap_or_default(),
            text(&session["service_account"]).unwrap_or_else(|| "?".into()),
            text(&session["expires_at"]).unwrap_or_else(|| "?".into()),
        );
        if let Some(left) = session["seconds_left"].as_i64() {
            match left {
                ..=0 => crate::outln!("expiry:  the session is over"),
                _ => crate::outln!("expiry:  {}m{:02}s left", left / 60, left % 60),
            }
        }
        if let Some(reason) = text(&session["reason"]) {
            crate::outln!("reason:  {reason}");
        }
        if let Some(chain) = session["delegates"].as_array().filter(|c| !c.is_empty()) {
            let chain: Vec<String> = chain.iter().filter_map(text).collect();
            crate::outln!(
                "via:     {} -> {}",
                chain.join(" -> "),
                text(&session["service_account"]).unwrap_or_default()
            );
        }
        if let Some(grant) = text(&session["grant"]) {
            crate::outln!("grant:   {grant} (Privileged Access Manager)");
        }
    }
}
