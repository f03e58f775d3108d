//! `hoso schema NAME` and `hoso schema --list`.

use hoso_cli::lang::Lang;
use hoso_cli::schemas::{SCHEMAS, SchemaKind, find};

use super::{FAILED, OK};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The schema to print (see --list).
    #[arg(required_unless_present = "list")]
    name: Option<String>,
    /// List the shipped schemas (danh sách lược đồ).
    #[arg(long, conflicts_with = "name")]
    list: bool,
}

pub(crate) fn run(args: &Args, lang: Lang) -> u8 {
    if args.list {
        for s in SCHEMAS {
            let kind = match s.kind {
                SchemaKind::JsonSchema => "JSON Schema",
                SchemaKind::Xsd => "XSD",
            };
            println!("{:<18} {:<12} {}", s.name, kind, s.describes);
        }
        return OK;
    }
    let name = args.name.as_deref().unwrap_or_default();
    match find(name) {
        Some(s) => super::print(s.text().as_bytes()),
        None => {
            eprintln!(
                "error: {} {name:?} ({})",
                lang.pick("no schema called", "không có lược đồ"),
                lang.pick("hoso schema --list names them", "xem hoso schema --list")
            );
            FAILED
        }
    }
}
