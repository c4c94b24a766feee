//! Shell completions and man pages, generated from the clap definitions so they never drift
//! from the real options.

use std::path::Path;
use std::process::ExitCode;

use clap::CommandFactory;

use super::Cli;
use crate::disk::write;

pub fn completions(shell: clap_complete::Shell) -> ExitCode {
    let mut command = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "circleci-ls", &mut script);
    let script = String::from_utf8_lossy(&script);
    let script = match shell {
        clap_complete::Shell::Bash => bash_names_agree(&script),
        _ => script.into_owned(),
    };
    print!("{script}");
    ExitCode::SUCCESS
}

/// clap_complete 4.6 names a subcommand's state `circleci__ls__subcmd__check` where it is
/// entered but `circleci__subcmd__ls__subcmd__check` where its options are listed (it
/// turns the `-` of a hyphenated program name into a subcommand separator in the second
/// place only), so no subcommand option ever completed. One spelling makes them agree.
fn bash_names_agree(script: &str) -> String {
    script.replace("circleci__subcmd__ls", "circleci__ls")
}

/// Prints the main page, or with `dir` writes it and one page per command there (the main
/// page's SEE ALSO names them).
pub fn manpage(dir: Option<&Path>) -> ExitCode {
    let command = Cli::command();
    let Some(dir) = dir else {
        return match render(command) {
            Ok(page) => {
                if let Err(e) = std::io::Write::write_all(&mut std::io::stdout(), &page) {
                    eprintln!("circleci-ls: cannot write the man page: {e}");
                    return ExitCode::from(2);
                }
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("circleci-ls: cannot render the man page: {e}");
                ExitCode::from(2)
            }
        };
    };
    if let Err(e) = std::fs::create_dir_all(dir) {
        eprintln!("circleci-ls: {}: {e}", dir.display());
        return ExitCode::from(2);
    }
    for (name, page) in pages(command) {
        let path = dir.join(format!("{name}.1"));
        let written = page.map_err(|e| e.to_string()).and_then(|page| {
            let text = String::from_utf8_lossy(&page).into_owned();
            write::replace(&path, &text, write::Expect::Anything).map_err(|e| e.to_string())
        });
        if let Err(e) = written {
            eprintln!("circleci-ls: {}: {e}", path.display());
            return ExitCode::from(2);
        }
    }
    ExitCode::SUCCESS
}

fn render(command: clap::Command) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::new();
    clap_mangen::Man::new(command).render(&mut out)?;
    Ok(out)
}

/// The main page and a page per command, named as the main page refers to them.
fn pages(command: clap::Command) -> Vec<(String, std::io::Result<Vec<u8>>)> {
    let mut pages = Vec::new();
    let mut command = command;
    command.build();
    for sub in command.get_subcommands() {
        let name = format!("{}-{}", command.get_name(), sub.get_name());
        // clap takes names as static text; a page is made once per run.
        let title: &'static str = Box::leak(name.clone().into_boxed_str());
        let page =
            sub.clone()
                .name(title)
                .bin_name(format!("{} {}", command.get_name(), sub.get_name()));
        pages.push((name, render(page)));
    }
    pages.insert(0, (command.get_name().to_string(), render(command.clone())));
    pages
}
