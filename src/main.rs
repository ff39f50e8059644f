//! The `fileops-validator` binary: the command line of the library (feature `cli`), see
//! `docs/cli.md`. Exit status: 0 pass, 1 violations, 2 usage or input failure, or output that
//! could not be written.

fn main() -> std::process::ExitCode {
    fileops_validator::cli::main::main()
}
