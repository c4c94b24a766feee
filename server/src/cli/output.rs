//! Where and how `check` writes its report: the format, colours (`--color`, `NO_COLOR`,
//! `FORCE_COLOR`), standard output or `--output-file` (replaced whole once the report is
//! complete), the findings or `--statistics`, and `--exit-zero`.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use super::report::{self, Colour, FileResult, Format, MinSeverity};
use crate::disk::write;
use syntax::text::escape::escape_path;

/// The report options of `check`.
#[derive(clap::Args, Debug)]
pub struct Report {
    /// Output format [default: full on a terminal, concise otherwise].
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Leave out findings below this severity [default: info for github and junit, hint
    /// otherwise]. The exit code still counts every error.
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub min_severity: Option<MinSeverity>,
    /// Write the report to FILE instead of standard output; the file is replaced at once
    /// when the report is complete. The summary line goes to standard error.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output_file: Option<PathBuf>,
    /// Colours in the `full` format: `auto` uses them on a terminal unless `NO_COLOR` is
    /// set, or anywhere when `FORCE_COLOR` is set.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Print how many findings each rule made (most first) instead of the findings.
    #[arg(long)]
    pub statistics: bool,
    /// Exit 0 even when errors are found (2 still means an input could not be read).
    #[arg(long)]
    pub exit_zero: bool,
}

impl Report {
    /// Whether the report goes to a terminal.
    fn to_terminal(&self) -> bool {
        self.output_file.is_none() && std::io::stdout().is_terminal()
    }

    /// The format asked for, or the default: `full` on a terminal, `concise` otherwise.
    pub fn format(&self) -> Format {
        self.format.unwrap_or(if self.to_terminal() {
            Format::Full
        } else {
            Format::Concise
        })
    }

    /// The lowest severity shown: `--min-severity`, or the format's default.
    pub fn min_severity(&self) -> MinSeverity {
        self.min_severity
            .unwrap_or(self.format().default_min_severity())
    }
}

/// `--color`.
#[derive(Clone, Copy, Debug, clap::ValueEnum, PartialEq, Eq)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// Whether `full` is styled: `--color always|never` decide; `auto` follows `NO_COLOR`
/// (set and not empty: no colours), then `FORCE_COLOR` (set and not empty: colours), then
/// whether the output is a terminal. <https://no-color.org>, <https://force-color.org>
pub fn colour(choice: ColorChoice, terminal: bool, env: impl Fn(&str) -> Option<String>) -> Colour {
    let set = |name: &str| env(name).is_some_and(|v| !v.is_empty());
    let styled = match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto if set("NO_COLOR") => false,
        ColorChoice::Auto if set("FORCE_COLOR") => true,
        ColorChoice::Auto => terminal,
    };
    if styled {
        Colour::Styled
    } else {
        Colour::Plain
    }
}

/// Writes the report of `results` where `report` says, then the summary line: after the
/// report on standard output for the formats people read, else on standard error. A report
/// that cannot be written is an error message.
pub fn emit(report: &Report, results: &[FileResult], summary: &str) -> Result<(), String> {
    let terminal = report.to_terminal();
    let format = report.format();
    let colour = colour(report.color, terminal, |name| std::env::var(name).ok());
    let human = format.is_human() || report.statistics;
    let mut body = |out: &mut dyn Write| -> std::io::Result<()> {
        if report.statistics {
            report::write_statistics(out, results)?;
        } else {
            report::write(out, format, results, colour)?;
        }
        if human && report.output_file.is_none() {
            writeln!(out, "{summary}")?;
        }
        out.flush()
    };
    let written = match &report.output_file {
        Some(path) => write::replace_with(path, write::Expect::Anything, &mut body)
            .map_err(|e| format!("{}: cannot write the report: {e}", escape_path(path))),
        None => {
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            body(&mut out).map_err(|e| format!("cannot write the report: {e}"))
        }
    };
    if !human || report.output_file.is_some() {
        eprintln!("{summary}");
    }
    written
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_follow_the_flag_then_no_color_then_force_color_then_the_terminal() {
        let env = |vars: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                vars.iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, v)| v.to_string())
            }
        };
        let none: &[(&str, &str)] = &[];
        assert_eq!(colour(ColorChoice::Auto, true, env(none)), Colour::Styled);
        assert_eq!(colour(ColorChoice::Auto, false, env(none)), Colour::Plain);
        let no = &[("NO_COLOR", "1")];
        assert_eq!(colour(ColorChoice::Auto, true, env(no)), Colour::Plain);
        assert_eq!(colour(ColorChoice::Always, true, env(no)), Colour::Styled);
        let empty = &[("NO_COLOR", "")];
        assert_eq!(colour(ColorChoice::Auto, true, env(empty)), Colour::Styled);
        let force = &[("FORCE_COLOR", "1")];
        assert_eq!(colour(ColorChoice::Auto, false, env(force)), Colour::Styled);
        assert_eq!(colour(ColorChoice::Never, false, env(force)), Colour::Plain);
        let both = &[("FORCE_COLOR", "1"), ("NO_COLOR", "1")];
        assert_eq!(colour(ColorChoice::Auto, true, env(both)), Colour::Plain);
    }
}
