//! `hoso`: the library from a shell. See `hoso --help` and `docs/cli.md`.

mod cmd;

use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

/// hoso: dossiers of administrative procedures filed and returned by post (hồ sơ thủ tục hành chính qua
/// dịch vụ bưu chính công ích).
#[derive(Debug, Parser)]
#[command(name = "hoso", version, max_term_width = 100)]
struct Cli {
    /// Language of the labels in the output: en, or vi for Vietnamese (tiếng Việt).
    #[arg(long, global = true, value_enum, default_value_t = LangArg::En)]
    lang: LangArg,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum LangArg {
    En,
    Vi,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check files (kiểm tra): detect each one's format, decode it with its codec, check it against its
    /// schema.
    Validate(cmd::validate::Args),
    /// Print a message normalised (giải mã), as JSON.
    Decode(cmd::decode::Args),
    /// Print a shipped JSON Schema or XSD (lược đồ), or list them.
    Schema(cmd::schema::Args),
    /// The due date of each leg (thời hạn), with the rule, its citation and the days off skipped.
    DueDate(cmd::due_date::Args),
    /// Verify evidence files offline (xác minh chứng cứ) against trusted authority keys.
    Verify(cmd::verify::Args),
    /// A dossier's history from the store (lịch sử hồ sơ): each leg's state, in Vietnamese and English, and
    /// the national portal's status code after each event.
    Timeline(cmd::timeline::Args),
    /// Run the main job (một ngày tại bưu điện): a day at a provincial post office on loopback simulators;
    /// resumes when run again on the same --out.
    #[cfg(feature = "day")]
    Day(cmd::day::Args),
    /// Serve the post office's website and the agencies' gateway over the store (dịch vụ bưu điện):
    /// tra cứu hồ sơ, procedure pages, health checks, pushes from agencies; until Ctrl-C or SIGTERM.
    #[cfg(feature = "serve")]
    Serve(cmd::serve::Args),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let lang = match cli.lang {
        LangArg::En => hoso_cli::lang::Lang::En,
        LangArg::Vi => hoso_cli::lang::Lang::Vi,
    };
    let code = match cli.command {
        Command::Validate(args) => cmd::validate::run(&args, lang),
        Command::Decode(args) => cmd::decode::run(&args, lang),
        Command::Schema(args) => cmd::schema::run(&args, lang),
        Command::DueDate(args) => cmd::due_date::run(&args, lang),
        Command::Verify(args) => cmd::verify::run(&args, lang),
        Command::Timeline(args) => cmd::timeline::run(&args, lang),
        #[cfg(feature = "day")]
        Command::Day(args) => cmd::day::run(&args, lang),
        #[cfg(feature = "serve")]
        Command::Serve(args) => cmd::serve::run(&args, lang),
        Command::Completions { shell } => {
            use clap::CommandFactory;
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "hoso", &mut script);
            cmd::print(&script)
        }
    };
    ExitCode::from(code)
}
