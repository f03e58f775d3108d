//! Verifies a dossier's custody evidence file offline.
//!
//! ```text
//! cargo run --example verify_evidence -- FILE
//! ```
//!
//! Prints `VALID` and exits 0; or prints the first broken link and why, and exits 1; a missing, unreadable
//! or malformed file is reported as such with exit code 2.

use hoso_core::custody::{EvidenceError, verify_evidence};
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args = std::env::args_os().skip(1);
    let (Some(path), None) = (args.next(), args.next()) else {
        eprintln!("usage: verify_evidence FILE");
        return ExitCode::from(2);
    };
    let path = std::path::PathBuf::from(path);
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(e) => {
            eprintln!("error: cannot read {}: {e}", path.display());
            return ExitCode::from(2);
        }
    };
    match verify_evidence(&bytes) {
        Ok(verified) => {
            println!("VALID");
            println!("  dossier        {}", verified.dossier_code);
            println!("  records        {}", verified.chain.records);
            if let Some(head) = verified.chain.head {
                println!("  head           {head}");
            }
            println!("  keys vouched by {}", verified.authority);
            println!("  authority key  {}", verified.authority_key);
            println!("  (compare the authority key with the one the operator publishes)");
            if !verified.head_attested {
                println!(
                    "  note: the authority did not attest the chain's head: records removed from the end would go unnoticed"
                );
            }
            ExitCode::SUCCESS
        }
        Err(EvidenceError::Broken(link)) => {
            println!("BROKEN: {link}");
            ExitCode::from(1)
        }
        Err(e @ EvidenceError::Malformed { .. }) => {
            eprintln!("error: {}: {e}", path.display());
            ExitCode::from(2)
        }
        Err(e) => {
            println!("INVALID: {e}");
            ExitCode::from(1)
        }
    }
}
