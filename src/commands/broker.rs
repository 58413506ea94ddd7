//! `gsudo broker serve`: the options turned into a running broker.

use std::net::SocketAddr;
use std::sync::Arc;

use crate::auth::Caller;
use crate::broker::policy::Policy;
use crate::broker::verify::{GOOGLE_ISSUERS, GOOGLE_JWKS_URL, Trust};
use crate::broker::{Minting, Options, Rate};
use crate::cli::{BrokerAction, BrokerServeArgs};
use crate::config::{Env, Gcloud};
use crate::session::ExitReason;
use crate::ui::Failure;

pub fn broker(action: BrokerAction, env: &Env) -> Result<ExitReason, Failure> {
    match action {
        BrokerAction::Serve(args) => serve(args, env),
    }
}

fn serve(args: BrokerServeArgs, env: &Env) -> Result<ExitReason, Failure> {
    let policy = Policy::read(&args.policy).map_err(|e| {
        Failure::new(crate::auth::sentence(&capitalise(&e.to_string())))
            .with_hint("Fix the file; `gsudo broker serve --help` shows its shape.")
    })?;
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
        project: env
            .get("GOOGLE_CLOUD_PROJECT")
            .map(str::to_owned)
            .or_else(|| gcloud.project()),
    };
    let served = rt.block_on(crate::broker::serve(options, minting));
    rt.shutdown_background();
    served.map_err(|e| {
        Failure::new(crate::auth::sentence(&capitalise(&e.to_string())))
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
