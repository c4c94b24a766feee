//! Shell completions and the man page, generated from the clap definitions so they never
//! drift from the real options.

use std::process::ExitCode;

use clap::CommandFactory;

use super::Cli;

pub fn completions(shell: clap_complete::Shell) -> ExitCode {
    let mut command = Cli::command();
    clap_complete::generate(shell, &mut command, "circleci-ls", &mut std::io::stdout());
    ExitCode::SUCCESS
}

pub fn manpage() -> ExitCode {
    let mut out = Vec::new();
    if let Err(e) = clap_mangen::Man::new(Cli::command()).render(&mut out) {
        eprintln!("circleci-ls: cannot render the man page: {e}");
        return ExitCode::from(2);
    }
    if let Err(e) = std::io::Write::write_all(&mut std::io::stdout(), &out) {
        eprintln!("circleci-ls: cannot write the man page: {e}");
        return ExitCode::from(2);
    }
    ExitCode::SUCCESS
}
