//! `gsudo can`: which permissions a service account (or the caller) holds on a resource.
//!
//! The account's permissions are tested with the account's own token, minted with the reason,
//! never the caller's: testIamPermissions answers for whoever calls it. Inside a session for
//! that same account the session's token already is the account's.

use std::collections::BTreeSet;

use serde_json::json;

use super::list::{caller_identity, table};
use crate::auth::Caller;
use crate::cli::{CanArgs, Format, SessionArgs};
use crate::config::{Env, Gcloud, Settings};
use crate::discover::{Api, CallError, Identity, Resource, test_permissions, testable_permissions};
use crate::progress::Progress;
use crate::session::{Contract, ExitReason};
use crate::types::SessionId;
use crate::ui::{self, Failure};

/// What was tested, and what each identity holds.
struct Answer {
    resource: Resource,
    tested: Vec<String>,
    /// The account's, unless `--as-me`.
    account: Option<(Identity, BTreeSet<String>)>,
    /// The caller's, with `--as-me` or `--compare`.
    caller: Option<(Identity, BTreeSet<String>)>,
}

pub fn can(args: &CanArgs, session: &SessionArgs, env: &Env) -> Result<ExitReason, Failure> {
    let rt = super::runtime()?;
    let _runtime = rt.enter();
    let gcloud = Gcloud::load(env);
    let endpoint = |api: &str| gcloud.endpoint(api);
    let resource = match (&args.on, session.project.clone().or_else(|| gcloud.project())) {
        (Some(text), _) => Resource::parse(text, endpoint).map_err(|e| {
            Failure::sentence(&e.to_string()).with_hint(
                "Name it like projects/ID, folders/ID, gs://BUCKET, projects/P/topics/T, or by its full resource name (//SERVICE.googleapis.com/...).",
            )
        })?,
        (None, Some(project)) => Resource::project(&project, endpoint),
        (None, None) => {
            return Err(Failure::new("No resource to test permissions on.")
                .with_hint("Name one with --on RESOURCE, or a project with -p ID."));
        }
    };
    let caller = Caller::discover(env, &gcloud)?;
    let http = super::http()?;
    let api = Api::new(http.clone(), usize::from(args.discovery.concurrency));
    let result = rt.block_on(async {
        let reason = session.reason.as_ref().map(ToString::to_string);
        let me = caller_identity(&caller, &http, reason).await?;
        let account = async {
            if args.as_me {
                return Ok(None);
            }
            account_identity(session, env, &gcloud, &me).await.map(Some)
        };
        let catalogue = async {
            if args.permissions.is_empty() {
                testable_permissions(&api, &me, &gcloud.endpoint("iam"), &resource)
                    .await
                    .map_err(|e| call_failure("list the permissions testable on", &resource, &e))
            } else {
                Ok(args.permissions.clone())
            }
        };
        let (account, tested) = tokio::join!(account, catalogue);
        let (account, tested) = (account?, tested?);
        let progress = Progress::start("testing permissions");
        let test = |who: Identity| {
            let (api, resource, tested, progress) = (&api, &resource, &tested, &progress);
            async move {
                let held = test_permissions(api, &who, resource, tested, progress)
                    .await
                    .map_err(|e| call_failure("test permissions on", resource, &e))?;
                Ok::<_, Failure>((who, held))
            }
        };
        let want_me = args.as_me || args.compare;
        let (account, me) = tokio::join!(
            async {
                match account {
                    Some(who) => test(who).await.map(Some),
                    None => Ok(None),
                }
            },
            async {
                match want_me {
                    true => test(me).await.map(Some),
                    false => Ok(None),
                }
            }
        );
        progress.finish();
        Ok::<_, Failure>(Answer {
            resource: resource.clone(),
            tested,
            account: account?,
            caller: me?,
        })
    });
    rt.shutdown_background();
    let answer = result?;
    print(&answer, args.discovery.format, !args.permissions.is_empty());
    // With permissions named, the answer is also a predicate for scripts.
    let subject = answer.account.as_ref().or(answer.caller.as_ref());
    let all_held = subject.is_some_and(|(_, held)| answer.tested.iter().all(|p| held.contains(p)));
    Ok(ExitReason::Code(
        if args.permissions.is_empty() || all_held {
            0
        } else {
            1
        },
    ))
}

/// The account's own identity: the session's token inside a session as that account, else a
/// token minted for it with the reason.
async fn account_identity(
    session: &SessionArgs,
    env: &Env,
    gcloud: &Gcloud,
    me: &Identity,
) -> Result<Identity, Failure> {
    let in_session_as = Contract::read(env).map(|c| c.account);
    if let Some(account) = &session.service_account
        && in_session_as.as_deref() == Some(account.as_str())
    {
        return Ok(Identity {
            name: account.to_string(),
            ..me.clone()
        });
    }
    // Minting for `can` is minting like any other: the configuration and policies apply.
    let settings = Settings::load(session, env).map_err(|f| {
        // Without an account the caller may have meant themselves.
        match (&f.hint, &session.service_account) {
            (Some(hint), None) => {
                let hint = format!("{hint} Or test your own with --as-me.");
                f.with_hint(hint)
            }
            _ => f,
        }
    })?;
    if let Some(policy) = &settings.confirm {
        crate::prompt::confirm(policy, &settings, "gsudo can")?;
    }
    let minter = super::run::minter(env, gcloud, &settings, &SessionId::random())?;
    let token = minter.mint(settings.lifetime).await?;
    Ok(Identity {
        name: settings.account.to_string(),
        token: token.secret,
        reason: Some(minter.target().reason_header()),
    })
}

fn call_failure(doing: &str, resource: &Resource, e: &CallError) -> Failure {
    Failure::sentence(&format!("could not {doing} {}: {e}", resource.full_name))
        .with_hint("Check the resource's name and that its API is enabled; -v shows every call.")
}

fn print(answer: &Answer, format: Format, named: bool) {
    let identities: Vec<(&str, &(Identity, BTreeSet<String>))> = [
        answer.caller.as_ref().map(|c| ("caller", c)),
        answer.account.as_ref().map(|a| ("account", a)),
    ]
    .into_iter()
    .flatten()
    .collect();
    if format == Format::Json {
        let mut report = json!({
            "resource": answer.resource.full_name,
            "tested": answer.tested.len(),
        });
        if named {
            report["permissions"] = json!(answer.tested);
        }
        for (role, (who, held)) in &identities {
            report[*role] = json!({"principal": who.name, "granted": held});
        }
        crate::outln!("{report}");
        return;
    }
    for (_, (who, held)) in &identities {
        ui::note(&format!(
            "{} holds {} of {} permission(s) tested on {}",
            who.name,
            held.len(),
            answer.tested.len(),
            answer.resource.full_name
        ));
    }
    // The permissions worth a line: every one named, else every one anybody holds.
    let shown: Vec<&String> = answer
        .tested
        .iter()
        .filter(|p| named || identities.iter().any(|(_, (_, held))| held.contains(*p)))
        .collect();
    let mark = |held: &BTreeSet<String>, p: &String| if held.contains(p) { "yes" } else { "no" };
    match identities.as_slice() {
        [_] if !named => {
            for p in shown {
                crate::outln!("{}", ui::escape(p));
            }
        }
        [(_, (_, held))] => {
            let rows: Vec<[&str; 2]> = shown.iter().map(|p| [p.as_str(), mark(held, p)]).collect();
            crate::out!("{}", table(&["PERMISSION", "HELD"], &rows));
        }
        _ => {
            let header = ["PERMISSION", "YOU", "ACCOUNT"];
            let rows: Vec<[&str; 3]> = shown
                .iter()
                .map(|p| {
                    let held: Vec<&str> = identities.iter().map(|(_, (_, h))| mark(h, p)).collect();
                    [p.as_str(), held[0], held[1]]
                })
                .collect();
            crate::out!("{}", table(&header, &rows));
        }
    }
}
