//! Shell completion scripts and the manual page, generated from the clap definitions so they can
//! never disagree with the real flags.

use std::io::{self, Write};

use clap::CommandFactory;
use clap_complete::Shell;

use super::Cli;

/// The binary's name as users type it (and as the completion scripts register it).
const BIN: &str = "fileops-validator";

/// Writes the completion script for `shell`.
///
/// # Errors
/// When `out` cannot be written.
pub fn completions(shell: Shell, out: &mut dyn Write) -> io::Result<()> {
    // clap_complete panics on nothing it is given here; it writes straight to `out`, so a
    // failed write is reported by the flush below or by the next write the caller makes.
    clap_complete::generate(shell, &mut Cli::command(), BIN, out);
    out.flush()
}

/// Writes the manual page (roff, section 1): the top-level page, then one section per
/// subcommand with its synopsis and options.
///
/// # Errors
/// When `out` cannot be written.
pub fn man(out: &mut dyn Write) -> io::Result<()> {
    let command = Cli::command();
    let mut top = Vec::new();
    clap_mangen::Man::new(command.clone()).render(&mut top)?;
    let mut top = String::from_utf8_lossy(&top).into_owned();
    for sub in command.get_subcommands() {
        // The subcommands are sections of this page, not pages of their own.
        let page = format!("{}\\-{}(1)", BIN.replace('-', "\\-"), sub.get_name());
        let section = format!("{} {} (below)", BIN.replace('-', "\\-"), sub.get_name());
        top = top.replace(&page, &section);
    }
    out.write_all(top.as_bytes())?;
    // clap_mangen renders one command per page, but the subcommands' options are what users
    // look up: they follow on the same page, their headings demoted to subsections.
    for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        let name = format!("{BIN} {}", sub.get_name());
        let man = clap_mangen::Man::new(sub.clone().bin_name(name.clone()));
        let mut section = Vec::new();
        man.render_synopsis_section(&mut section)?;
        man.render_options_section(&mut section)?;
        if sub.get_after_help().is_some() {
            man.render_extra_section(&mut section)?;
        }
        writeln!(out, ".SH \"{}\"", name.to_uppercase())?;
        if let Some(about) = sub.get_about() {
            writeln!(out, "{}", roff_text(&about.to_string()))?;
        }
        for line in String::from_utf8_lossy(&section).lines() {
            let line = match line {
                ".SH SYNOPSIS" => ".SS Synopsis",
                ".SH OPTIONS" => ".SS Options",
                ".SH EXTRA" => ".SS Notes",
                other => other,
            };
            writeln!(out, "{line}")?;
        }
    }
    out.flush()
}

/// A line of plain text made safe for roff: a leading `.` or `'` would be read as a request.
fn roff_text(text: &str) -> String {
    let text = text.replace('\\', "\\e");
    if text.starts_with(['.', '\'']) {
        format!("\\&{text}")
    } else {
        text
    }
}
