//! The `parallax` binary: parse the command line, run, turn errors into one line and an exit code.

use std::process::ExitCode;

fn main() -> ExitCode {
    parallax::memory::prefer_returning_memory();
    match parallax::cli::run() {
        Ok(code) => code,
        Err(e) => {
            let message = format!("{e:#}");
            eprintln!(
                "error: {}",
                parallax::corpus::clean::sanitize_inline(&message)
            );
            ExitCode::FAILURE
        }
    }
}
