//! `gsudo whoami`: who the caller is, where that identity comes from, and the session it is in.

use serde_json::{Value, json};

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
        json!({
            "id": id,
            "service_account": env.get("GSUDO_SERVICE_ACCOUNT"),
            "reason": reason,
            "expires_at": env.get("GSUDO_EXPIRES_AT"),
        })
    });
    let report = json!({
        "caller": email,
        "source": caller.source().to_string(),
        "project": gcloud.project(),
        "session": session,
    });
    match format {
        Format::Json => println!("{report}"),
        Format::Text => print_text(&report),
    }
    Ok(ExitReason::Code(0))
}

fn print_text(report: &Value) {
    let text = |v: &Value| v.as_str().map(str::to_owned);
    println!(
        "caller:  {}",
        text(&report["caller"]).unwrap_or_else(|| "unknown (the credentials do not say)".into())
    );
    println!("source:  {}", text(&report["source"]).unwrap_or_default());
    println!(
        "project: {}",
        text(&report["project"]).unwrap_or_else(|| "(none set)".into())
    );
    let session = &report["session"];
    if session.is_object() {
        println!(
            "session: {} as {} until {}",
            text(&session["id"]).unwrap_or_default(),
            text(&session["service_account"]).unwrap_or_else(|| "?".into()),
            text(&session["expires_at"]).unwrap_or_else(|| "?".into()),
        );
        if let Some(reason) = text(&session["reason"]) {
            println!("reason:  {reason}");
        }
    }
}
