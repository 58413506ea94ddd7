//! `gsudo log`: the sessions the user ran, from the session log.

use crate::cli::{Format, LogArgs};
use crate::config::Env;
use crate::trail::{self, Record};
use crate::types::Lifetime;
use crate::ui::{self, Failure};

pub fn log(args: &LogArgs, env: &Env) -> Result<(), Failure> {
    let path = crate::config::paths::trail_path(env).ok_or_else(|| {
        Failure::new("gsudo cannot tell where its session log is: HOME is not set.")
            .with_hint("Set HOME, or XDG_STATE_HOME to an absolute path.")
    })?;
    let (records, unreadable) = trail::read(&path).map_err(|e| {
        Failure::new(format!(
            "gsudo cannot read its session log {}: {e}.",
            path.display()
        ))
        .with_hint("Check the file's permissions.")
    })?;
    if unreadable > 0 {
        ui::warn(&format!(
            "{unreadable} line(s) of {} could not be read and are left out.",
            path.display()
        ));
    }
    let shown = match args.limit {
        0 => &records[..],
        n => &records[records.len().saturating_sub(n)..],
    };
    match args.format {
        Format::Json => {
            for record in shown {
                let line = serde_json::to_string(record)
                    .map_err(|e| Failure::new(format!("gsudo could not write JSON: {e}.")))?;
                crate::outln!("{line}");
            }
        }
        Format::Text if shown.is_empty() => {
            ui::note(&format!("no sessions yet in {}", path.display()));
        }
        Format::Text => crate::out!("{}", text(shown)),
    }
    Ok(())
}

fn text(records: &[Record]) -> String {
    let rows: Vec<[String; 7]> = records
        .iter()
        .map(|r| {
            [
                r.start.clone(),
                took(r),
                r.account.clone(),
                r.command.clone(),
                match (&r.exit_code, &r.signal, &r.end) {
                    (Some(code), _, _) => code.to_string(),
                    (None, Some(signal), _) => signal.clone(),
                    // Still running, or its gsudo was killed before it could say.
                    (None, None, None) => "unfinished".into(),
                    (None, None, Some(_)) => "?".into(),
                },
                r.mints.to_string(),
                r.reason.clone(),
            ]
        })
        .collect();
    let rows: Vec<[&str; 7]> = rows
        .iter()
        .map(|row| row.each_ref().map(String::as_str))
        .collect();
    super::list::table(
        &[
            "START", "TOOK", "ACCOUNT", "COMMAND", "EXIT", "MINTS", "REASON",
        ],
        &rows,
    )
}

/// How long the session lasted, like `2m5s`.
fn took(record: &Record) -> String {
    let parse = |t: &str| {
        time::OffsetDateTime::parse(t, &time::format_description::well_known::Rfc3339).ok()
    };
    let Some(end) = &record.end else {
        return "-".into();
    };
    match (parse(&record.start), parse(end)) {
        (Some(start), Some(end)) => {
            Lifetime::from_secs(u64::try_from((end - start).whole_seconds()).unwrap_or(0))
                .to_string()
        }
        _ => "?".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_shows_how_each_session_ended() {
        let record = |exit_code, signal: Option<&str>| Record {
            session: "0123456789ab".into(),
            start: "2026-01-01T10:00:00Z".into(),
            end: Some("2026-01-01T10:02:05Z".into()),
            account: "d@p.iam.gserviceaccount.com".into(),
            reason: "OPS-1 look".into(),
            project: Some("p".into()),
            command: "kubectl".into(),
            exit_code,
            signal: signal.map(str::to_owned),
            mints: 1,
            grant: None,
            broker: None,
        };
        let unfinished = Record {
            end: None,
            ..record(None, None)
        };
        assert_eq!(
            text(&[
                record(Some(0), None),
                record(None, Some("SIGTERM")),
                unfinished
            ]),
            "START                 TOOK  ACCOUNT                      COMMAND  EXIT        MINTS  REASON\n\
             2026-01-01T10:00:00Z  2m5s  d@p.iam.gserviceaccount.com  kubectl  0           1      OPS-1 look\n\
             2026-01-01T10:00:00Z  2m5s  d@p.iam.gserviceaccount.com  kubectl  SIGTERM     1      OPS-1 look\n\
             2026-01-01T10:00:00Z  -     d@p.iam.gserviceaccount.com  kubectl  unfinished  1      OPS-1 look\n"
        );
    }
}
