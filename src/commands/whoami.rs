//! `gsudo whoami`: who the caller is, where that identity comes from, and the session it is in.

use serde_json::{Value, json};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::auth::{Caller, Http};
use crate::cli::Format;
use crate::config::{Env, Gcloud};
use crate::session::ExitReason;
use crate::ui::Failure;

pub fn whoami(env: &Env, format: Format) -> Result<ExitReason, Failure> {
    let rt = super::runtime()?;
    let _runtime = rt.enter();
    let gcloud = Gcloud::load(env);
    let caller = Caller::discover(env, &gcloud)?;
    let http =
        Http::new().map_err(|e| Failure::new(format!("gsudo could not set up HTTPS: {e}.")))?;
    let email = rt.block_on(caller.email(&http));

    let session = env.get("GSUDO_SESSION").map(|id| {
        // The session tags its reason `gsudo <id>: <reason>`; show the user's words.
        let reason = env.get("CLOUDSDK_CORE_REQUEST_REASON").map(|r| {
            r.strip_prefix(&format!("gsudo {id}: "))
                .unwrap_or(r)
                .to_owned()
        });
        let delegates: Vec<&str> = env
            .get("GSUDO_SESSION_DELEGATES")
            .map(|d| {
                d.split(',')
                    .map(str::trim)
                    .filter(|d| !d.is_empty())
                    .collect()
            })
            .unwrap_or_default();
        let expires_at = env.get("GSUDO_EXPIRES_AT");
        json!({
            "id": id,
            "service_account": env.get("GSUDO_SERVICE_ACCOUNT"),
            "reason": reason,
            "expires_at": expires_at,
            "seconds_left": expires_at.and_then(seconds_left),
            "delegates": delegates,
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
        Format::Json => println!("{report}"),
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
    let text = |v: &Value| v.as_str().map(str::to_owned);
    println!(
        "caller:  {}",
        text(&report["caller"]).unwrap_or_else(|| "unknown (the credentials do not say)".into())
    );
    println!("source:  {}", text(&report["source"]).unwrap_or_default());
    match (text(&report["project"]), text(&report["project_from"])) {
        (Some(project), Some(from)) => println!("project: {project} (from {from})"),
        _ => println!("project: (none set)"),
    }
    println!(
        "gcloud:  configuration {} in {}",
        text(&report["configuration"]).unwrap_or_default(),
        text(&report["configuration_dir"]).unwrap_or_default()
    );
    if let Some(broker) = text(&report["broker"]) {
        println!("broker:  {broker} (mints every token)");
    }
    let session = &report["session"];
    if session.is_object() {
        println!(
            "session: {} as {} until {}",
            text(&session["id"]).unwrap_or_default(),
            text(&session["service_account"]).unwrap_or_else(|| "?".into()),
            text(&session["expires_at"]).unwrap_or_else(|| "?".into()),
        );
        if let Some(left) = session["seconds_left"].as_i64() {
            match left {
                ..=0 => println!("expiry:  the session is over"),
                _ => println!("expiry:  {}m{:02}s left", left / 60, left % 60),
            }
        }
        if let Some(reason) = text(&session["reason"]) {
            println!("reason:  {reason}");
        }
        if let Some(chain) = session["delegates"].as_array().filter(|c| !c.is_empty()) {
            let chain: Vec<&str> = chain.iter().filter_map(Value::as_str).collect();
            println!(
                "via:     {} -> {}",
                chain.join(" -> "),
                text(&session["service_account"]).unwrap_or_default()
            );
        }
    }
}
