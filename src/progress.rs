//! A progress line on a terminal for work that takes over a second: `gsudo: checking 812/2020`,
//! redrawn in place and wiped when done. Nothing at all on a pipe, with `-q`, or for quick work.

use std::io::{IsTerminal, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use crate::ui;

/// How long work runs before the line appears, and how often it is redrawn.
const DELAY: Duration = Duration::from_secs(1);
const TICK: Duration = Duration::from_millis(100);

/// Counts of done and known work; cheap to clone and to update from any task.
#[derive(Clone, Default)]
pub struct Progress {
    shared: Option<Arc<Shared>>,
}

struct Shared {
    label: String,
    done: AtomicU64,
    total: AtomicU64,
    finished: AtomicBool,
}

impl Progress {
    /// Starts counting; draws only on a terminal at the normal level of output.
    pub fn start(label: &str) -> Progress {
        let visible = std::io::stderr().is_terminal() && ui::level() == ui::Level::Normal;
        if !visible {
            return Progress::default();
        }
        let shared = Arc::new(Shared {
            label: label.to_owned(),
            done: AtomicU64::new(0),
            total: AtomicU64::new(0),
            finished: AtomicBool::new(false),
        });
        let drawer = Arc::clone(&shared);
        // A plain thread, so the line keeps moving however busy the async workers are.
        thread::spawn(move || draw(&drawer));
        Progress {
            shared: Some(shared),
        }
    }

    pub fn add_total(&self, n: u64) {
        if let Some(s) = &self.shared {
            s.total.fetch_add(n, Ordering::Relaxed);
        }
    }

    pub fn advance(&self, n: u64) {
        if let Some(s) = &self.shared {
            s.done.fetch_add(n, Ordering::Relaxed);
        }
    }

    /// Stops drawing and wipes the line, before the results are printed.
    pub fn finish(&self) {
        if let Some(s) = &self.shared
            && !s.finished.swap(true, Ordering::Relaxed)
        {
            // Give the drawer a tick to see it; then the line is wiped once, here.
            thread::sleep(TICK / 4);
            let _ = write!(std::io::stderr(), "\r\x1b[2K");
        }
    }
}

fn draw(shared: &Shared) {
    let started = Instant::now();
    while !shared.finished.load(Ordering::Relaxed) {
        thread::sleep(TICK);
        if started.elapsed() < DELAY || shared.finished.load(Ordering::Relaxed) {
            continue;
        }
        let line = render(
            &shared.label,
            shared.done.load(Ordering::Relaxed),
            shared.total.load(Ordering::Relaxed),
            started.elapsed(),
        );
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "\r\x1b[2K{line}");
        let _ = err.flush();
    }
}

/// `gsudo: checking 812/2020 (3s)`.
fn render(label: &str, done: u64, total: u64, elapsed: Duration) -> String {
    format!("gsudo: {label} {done}/{total} ({}s)", elapsed.as_secs())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_says_what_and_how_far() {
        assert_eq!(
            render("checking", 812, 2020, Duration::from_millis(3400)),
            "gsudo: checking 812/2020 (3s)"
        );
    }

    #[test]
    fn off_a_terminal_nothing_is_counted_or_drawn() {
        // Tests run with stderr captured, not on a terminal.
        let p = Progress::start("x");
        assert!(p.shared.is_none());
        p.add_total(3);
        p.advance(1);
        p.finish();
    }
}
