//! `gsudo broker serve`: the options turned into a running broker.

use std::net::SocketAddr;
use std::sync::Arc;

use crate::auth::Caller;
use crate::auth::broker::TokenRequest;
use crate::broker::policy::Decision;
use crate::broker::policy::Policy;
use crate::broker::verify::{GOOGLE_ISSUERS, GOOGLE_JWKS_URL, Trust};
use crate::broker::{Minting, Options, Rate};
use crate::cli::{BrokerAction, BrokerCheckArgs, BrokerServeArgs, Format, SessionArgs};
use crate::config::{Env, Gcloud};
use crate::session::ExitReason;
use crate::settings::DEFAULT_LIFETIME;
use crate::ui::Failure;

pub fn broker(action: BrokerAction, env: &Env) -> Result<ExitReason, Failure> {
    match action {
        BrokerAction::Serve(args) => serve(*args, env),
        BrokerAction::Check(args) => check(&args, &args.session),
    }
}

fn read_policy(path: &std::path::Path) -> Result<Policy, Failure> {
    Policy::read(path).map_err(|e| {
        Failure::new(crate::ui::sentence(&capitalise(&e.to_string())))
            .with_hint("Fix the file; docs/broker.md describes its keys.")
    })
}

/// `gsudo broker check`: the decision `broker serve` would take, and why, without a network.
fn check(args: &BrokerCheckArgs, session: &SessionArgs) -> Result<ExitReason, Failure> {
    let policy = read_policy(&args.policy)?;
    let account = session
        .service_account
        .as_ref()
        .filter(|a| a.as_str().contains('@'))
        .ok_or_else(|| {
            Failure::new("No service account email was given.")
                .with_hint("Name it with -s EMAIL (aliases are the client's, not the broker's).")
        })?;
    let reason = session.reason.as_ref().ok_or_else(|| {
        Failure::new("No reason was given.").with_hint("Say it with -R \"TICKET-123 why\".")
    })?;
    let at = match &args.at {
        Some(text) => text.parse::<jiff::Timestamp>().map_err(|_| {
            Failure::new(format!("--at {text} is not an RFC 3339 time."))
                .with_hint("Write it like 2026-12-09T09:00:00Z.")
        })?,
        None => jiff::Timestamp::now(),
    };
    let request = TokenRequest {
        account: account.as_str().to_owned(),
        reason: reason.to_string(),
        lifetime: session.lifetime.unwrap_or(DEFAULT_LIFETIME).as_secs(),
        scopes: session
            .scopes
            .clone()
            .unwrap_or_default()
            .as_slice()
            .to_vec(),
        delegates: session.delegates.iter().map(ToString::to_string).collect(),
        session: "000000000000".into(),
        session_length: session.session_length.map(|l| l.as_secs()),
        command: None,
    };
    let caller = args.caller.to_lowercase();
    let passed = policy.passed_over(&caller, &request.account);
    let decision = policy.decide(&caller, &(&request).into(), at);
    let (allowed, code, rule, message) = match &decision {
        Decision::Allow { rule } => (true, "ok", Some(rule.as_str()), None),
        Decision::Refuse(r) => (false, r.code, r.rule.as_deref(), Some(r.message.as_str())),
    };
    match args.format {
        Format::Json => crate::outln!(
            "{}",
            serde_json::json!({
                "caller": caller,
                "account": request.account,
                "decision": if allowed { "allow" } else { "refuse" },
                "code": code,
                "rule": rule,
                "message": message.map(crate::ui::sentence),
                "passed_over": passed.iter().map(|(name, why)| serde_json::json!({"rule": name, "unmatched": why})).collect::<Vec<_>>(),
            })
        ),
        Format::Text => {
            for (name, why) in &passed {
                crate::outln!("rule {name}: passed over ({why} does not match)");
            }
            match (rule, message) {
                (Some(rule), None) => {
                    crate::outln!("rule {rule}: allows {caller} to become {}", request.account)
                }
                (Some(rule), Some(message)) => {
                    crate::outln!(
                        "rule {rule}: refuses ({code}): {}",
                        crate::ui::sentence(message)
                    );
                }
                (None, message) => crate::outln!(
                    "no rule: refuses ({code}): {}",
                    crate::ui::sentence(message.unwrap_or_default())
                ),
            }
        }
    }
    Ok(ExitReason::Code(if allowed { 0 } else { 1 }))
}

fn serve(args: BrokerServeArgs, env: &Env) -> Result<ExitReason, Failure> {
    let policy = read_policy(&args.policy)?;
    let listen = listen_address(args.listen, env)?;
    if !(args.rate > 0.0 && args.burst >= 1.0) {
        return Err(
            Failure::new("The rate limit must be above 0 and the burst at least 1.")
                .with_hint("Try --rate 5 --burst 20."),
        );
    }
    let trust = Trust {
        jwks_url: args.jwks_url.unwrap_or_else(|| GOOGLE_JWKS_URL.to_owned()),
        issuers: match args.issuer {
            Some(issuer) => vec![issuer],
            None => GOOGLE_ISSUERS.map(str::to_owned).to_vec(),
        },
        audiences: args.audience,
    };
    let rt = super::runtime()?;
    let gcloud = Gcloud::load(env);
    let minting = {
        // The credential libraries start background refreshes, which need the runtime.
        let _runtime = rt.enter();
        Minting {
            caller: Arc::new(Caller::discover(env, &gcloud)?),
            http: super::http()?,
            endpoint: gcloud.endpoint("iamcredentials"),
        }
    };
    let options = Options {
        listen,
        policy,
        trust,
        rate: Rate {
            per_second: args.rate,
            burst: args.burst,
        },
        decision_log: args.decision_log,
        tls: args.tls_cert.zip(args.tls_key),
        head_timeout: args.header_timeout.map_or(
            crate::broker::HEAD_TIMEOUT,
            crate::types::Lifetime::duration,
        ),
        project: env
            .get("GOOGLE_CLOUD_PROJECT")
            .map(str::to_owned)
            .or_else(|| gcloud.project()),
    };
    let served = rt.block_on(crate::broker::serve(options, minting));
    rt.shutdown_background();
    served.map_err(|e| {
        Failure::new(crate::ui::sentence(&capitalise(&e.to_string())))
            .with_hint("Check the address, the policy and the broker's credentials.")
    })?;
    Ok(ExitReason::Code(0))
}

/// `--listen`, else all interfaces on Cloud Run's `PORT`, else the loopback's 8080.
fn listen_address(listen: Option<SocketAddr>, env: &Env) -> Result<SocketAddr, Failure> {
    if let Some(addr) = listen {
        return Ok(addr);
    }
    match env.get("PORT") {
        Some(port) => port
            .parse::<u16>()
            .map(|p| SocketAddr::from(([0, 0, 0, 0], p)))
            .map_err(|_| {
                Failure::new(format!("PORT is '{port}', not a port number."))
                    .with_hint("Unset PORT or give --listen ADDR.")
            }),
        None => Ok(SocketAddr::from(([127, 0, 0, 1], 8080))),
    }
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use clap::{CommandFactory as _, Parser as _};
    use serde::Deserialize as _;

    use crate::cli::{BrokerAction, Cli, Command};

    fn documents(yaml: &str) -> Vec<serde_yaml_ng::Value> {
        serde_yaml_ng::Deserializer::from_str(yaml)
            .map(|d| serde_yaml_ng::Value::deserialize(d).unwrap())
            .collect()
    }

    /// The variables the deployment files set are ones `broker serve` reads.
    fn serve_reads(var: &str) -> bool {
        let cli = Cli::command();
        let serve = cli
            .find_subcommand("broker")
            .and_then(|b| b.find_subcommand("serve"))
            .unwrap();
        var == "PORT"
            || var == "GOOGLE_CLOUD_PROJECT"
            || serve
                .get_arguments()
                .any(|a| a.get_env().is_some_and(|e| e == var))
    }

    #[test]
    fn the_deployment_files_start_the_broker_as_written() {
        let dockerfile = include_str!("../../deploy/cloud-run/Dockerfile");
        let entrypoint = dockerfile
            .lines()
            .find_map(|l| l.strip_prefix("ENTRYPOINT "))
            .unwrap();
        let entrypoint: Vec<String> = serde_json::from_str(entrypoint).unwrap();
        // The build stage's toolchain is the one the packages say they need.
        let toolchain = format!("FROM rust:{}-", env!("CARGO_PKG_RUST_VERSION"));
        assert!(
            dockerfile.lines().any(|l| l.starts_with(&toolchain)),
            "{dockerfile}"
        );
        // Not root, by a number Kubernetes' runAsNonRoot can check; no build output sent.
        assert!(dockerfile.lines().any(|l| l == "USER 65532:65532"));
        let ignored = include_str!("../../.dockerignore");
        assert!(ignored.lines().any(|l| l == "target"), "{ignored}");
        let mut argv = entrypoint.clone();
        argv.extend(["--audience".into(), "https://b.example".into()]);
        let cli = Cli::try_parse_from(&argv).unwrap();
        assert!(matches!(
            cli.subcommand,
            Some(Command::Broker {
                action: BrokerAction::Serve(_)
            })
        ));

        let service = &documents(include_str!("../../deploy/cloud-run/service.yaml"))[0];
        let container = &service["spec"]["template"]["spec"]["containers"][0];
        for var in container["env"].as_sequence().unwrap() {
            let name = var["name"].as_str().unwrap();
            assert!(serve_reads(name), "service.yaml sets {name}");
        }

        // Cloud Build builds that Dockerfile, from the repository's root, into the image it pushes.
        let build = &documents(include_str!("../../deploy/cloud-run/cloudbuild.yaml"))[0];
        let args: Vec<&str> = build["steps"][0]["args"]
            .as_sequence()
            .unwrap()
            .iter()
            .map(|a| a.as_str().unwrap())
            .collect();
        assert_eq!(
            args,
            [
                "build",
                "-f",
                "deploy/cloud-run/Dockerfile",
                "-t",
                "$_IMAGE",
                "."
            ]
        );
        assert_eq!(build["images"][0], "$_IMAGE");

        let manifests = documents(include_str!("../../deploy/kubernetes/deployment.yaml"));
        let deployment = manifests
            .iter()
            .find(|d| d["kind"] == "Deployment")
            .unwrap();
        let container = &deployment["spec"]["template"]["spec"]["containers"][0];
        // Kubernetes `command` replaces the image's ENTRYPOINT; `args` follow either.
        let strings = |v: &serde_yaml_ng::Value| -> Vec<String> {
            v.as_sequence()
                .map(|s| s.iter().map(|a| a.as_str().unwrap().to_owned()).collect())
                .unwrap_or_default()
        };
        let command = strings(&container["command"]);
        let mut argv = if command.is_empty() {
            entrypoint
        } else {
            command
        };
        argv.extend(strings(&container["args"]));
        argv.extend(["--audience".into(), "https://b.example".into()]);
        Cli::try_parse_from(&argv).unwrap();
        for var in container["env"].as_sequence().unwrap() {
            let name = var["name"].as_str().unwrap();
            assert!(serve_reads(name), "deployment.yaml sets {name}");
        }
    }
}
