//! `diff A B` on the command line: the two payloads' shapes compared, as an outcome.

use crate::cli::DiffArgs;
use crate::cli::run::Outcome;
use crate::diff::shape_of;

/// Runs `diff A B`: exit 0 same shape, 1 different, 2 unreadable.
#[must_use]
pub fn run(args: &DiffArgs) -> Outcome {
    let shapes = shape_of(&args.a).and_then(|a| shape_of(&args.b).map(|b| (a, b)));
    let (a, b) = match shapes {
        Ok(s) => s,
        Err(e) => {
            return Outcome {
                stdout: String::new(),
                stderr: vec![format!("fileops-validator: {e}")],
                status: 2,
            };
        }
    };
    let (a_text, b_text) = (a.to_string(), b.to_string());
    let (a_name, b_name) = (args.a.display().to_string(), args.b.display().to_string());
    if a_text == b_text {
        return Outcome {
            stdout: format!(
                "same shape: {} pointer pattern{} ({a_name}: {} document{}, {b_name}: {} \
                 document{})\n",
                a.patterns(),
                plural(a.patterns()),
                a.documents,
                plural(a.documents),
                b.documents,
                plural(b.documents)
            ),
            stderr: Vec::new(),
            status: 0,
        };
    }
    let diff = similar::TextDiff::from_lines(&a_text, &b_text)
        .unified_diff()
        .context_radius(3)
        .header(&a_name, &b_name)
        .to_string();
    Outcome {
        stdout: diff,
        stderr: Vec::new(),
        status: 1,
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
