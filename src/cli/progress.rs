//! Progress on standard error for long runs: bytes read, operations checked, rate.
//!
//! Validation adds to the library's lock-free [`Counters`] once per batch; a [`Display`] thread
//! reads them every 200 ms and shows one status line through an `indicatif` progress bar on
//! standard error, only when standard error is a terminal and only once a run has lasted a
//! second (short runs never flash a line). Dropping the display clears it, so the report on
//! standard output and the terminal stay clean.

use std::io::IsTerminal;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, OnceLock};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::input::source::Source;

pub use crate::counters::Counters;

const REDRAW: Duration = Duration::from_millis(200);
const DELAY: Duration = Duration::from_secs(1);

/// A status line redrawn on standard error until dropped.
pub struct Display {
    stop: Option<mpsc::Sender<()>>,
    thread: Option<JoinHandle<()>>,
    /// The run's sources, once known (for the percentage); `None` when nothing is shown.
    sources: Option<Arc<OnceLock<Vec<Source>>>>,
}

impl Display {
    /// Starts the display when `enabled` and standard error is a terminal; otherwise does
    /// nothing. The line shows a percentage once [`Display::show_total_of`] has been given the
    /// sources; their size is summed on the display's thread when the line first shows: a stat
    /// per file before validating made every run of a large folder wait for it, progress shown
    /// or not.
    #[must_use]
    pub fn start(counters: Arc<Counters>, enabled: bool) -> Display {
        if !enabled || !std::io::stderr().is_terminal() {
            return Display {
                stop: None,
                thread: None,
                sources: None,
            };
        }
        let (stop, stopped) = mpsc::channel::<()>();
        let sources = Arc::new(OnceLock::<Vec<Source>>::new());
        let listed = Arc::clone(&sources);
        let thread = std::thread::spawn(move || {
            let start = Instant::now();
            let mut bar: Option<ProgressBar> = None;
            let mut total: Option<Option<u64>> = None;
            while let Err(RecvTimeoutError::Timeout) = stopped.recv_timeout(REDRAW) {
                let elapsed = start.elapsed();
                if elapsed < DELAY {
                    continue;
                }
                if total.is_none()
                    && let Some(listed) = listed.get()
                {
                    total = Some(total_size(listed));
                }
                let line = status_line(
                    counters.bytes(),
                    counters.operations(),
                    elapsed,
                    total.flatten(),
                );
                bar.get_or_insert_with(|| {
                    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
                    bar.set_style(ProgressStyle::with_template("{msg}").expect("a fixed template"));
                    bar
                })
                .set_message(line);
            }
            if let Some(bar) = bar {
                bar.finish_and_clear();
            }
        });
        Display {
            stop: Some(stop),
            thread: Some(thread),
            sources: Some(sources),
        }
    }

    /// Whether the line is shown, and so wants the sources for its percentage.
    #[must_use]
    pub fn wants_total(&self) -> bool {
        self.sources.is_some()
    }

    /// The run's sources, all of them: from now on the line shows a percentage (when every
    /// source is a plain file).
    pub fn show_total_of(&self, sources: &[Source]) {
        if let Some(slot) = &self.sources {
            let _ = slot.set(sources.to_vec());
        }
    }
}

impl Drop for Display {
    fn drop(&mut self) {
        drop(self.stop.take());
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// The bytes the sources hold, when every one is a plain file (standard input and `.gz` have
/// no size known in advance).
#[must_use]
pub fn total_size(sources: &[Source]) -> Option<u64> {
    sources.iter().try_fold(0u64, |sum, source| match source {
        Source::File(path) if !source.name().ends_with(".gz") => {
            Some(sum + std::fs::metadata(path).ok()?.len())
        }
        _ => None,
    })
}

/// "512.0 MB of 1.0 GB (50%), 61,234 operations, 301.2 MB/s"
#[must_use]
pub fn status_line(bytes: u64, operations: u64, elapsed: Duration, total: Option<u64>) -> String {
    let rate = bytes as f64 / elapsed.as_secs_f64().max(1e-3);
    let of = match total {
        Some(t) if t > 0 => format!(
            " of {} ({}%)",
            size(t as f64),
            (bytes.saturating_mul(100) / t).min(100)
        ),
        _ => String::new(),
    };
    format!(
        "validating: {}{of}, {} operations, {}/s",
        size(bytes as f64),
        thousands(operations),
        size(rate)
    )
}

fn size(bytes: f64) -> String {
    const UNITS: [&str; 4] = ["B", "kB", "MB", "GB"];
    let mut value = bytes;
    let mut unit = 0;
    while value >= 1000.0 && unit < UNITS.len() - 1 {
        value /= 1000.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{value:.0} {}", UNITS[unit])
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_status_line_reads_well() {
        let line = status_line(
            512_000_000,
            61_234,
            Duration::from_secs(2),
            Some(1_024_000_000),
        );
        assert_eq!(
            line,
            "validating: 512.0 MB of 1.0 GB (50%), 61,234 operations, 256.0 MB/s"
        );
        let line = status_line(999, 0, Duration::from_millis(1), None);
        assert_eq!(line, "validating: 999 B, 0 operations, 999.0 kB/s");
    }
}
