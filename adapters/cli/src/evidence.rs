//! Evidence files verified offline against the relying party's trust anchors, reported one per file
//! (`hoso verify` and the `verify_evidence` example).

use std::io::Write;
use std::path::Path;

use hoso_core::custody::{EvidenceError, TrustAnchors, verify_evidence};

use crate::lang::Lang;

/// Verifies the evidence file at `path` against `anchors`, writes the outcome to `out` (`VALID` with the
/// dossier, record count, head and vouching authority; `UNTRUSTED` or `INVALID` with the first broken link
/// or the problem) or, when the file cannot be read or is no evidence file at all, to `err`; answers the
/// exit code it calls for: 0 valid, 1 untrusted or invalid, 2 unreadable or malformed.
///
/// ```
/// use hoso_core::custody::TrustAnchors;
/// let anchors = TrustAnchors::from_json(include_bytes!("../../../docs/schemas/anchors.sample.json"))?;
/// let (mut out, mut err) = (Vec::new(), Vec::new());
/// let sample = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/schemas/evidence.sample.json");
/// let code = hoso_cli::evidence::verify_file(&sample, &anchors, hoso_cli::lang::Lang::En, &mut out, &mut err);
/// assert_eq!(code, 0);
/// assert!(String::from_utf8(out)?.contains(": VALID"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn verify_file(
    path: &Path,
    anchors: &TrustAnchors,
    lang: Lang,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let name = path.display();
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) => {
            let _ = writeln!(err, "error: cannot read {name}: {e}");
            return 2;
        }
    };
    // The report is best effort: a closed output does not change the verdict.
    match verify_evidence(&bytes, anchors) {
        Ok(verified) => {
            let _ = writeln!(out, "{name}: {}", lang.pick("VALID", "HỢP LỆ"));
            let _ = writeln!(
                out,
                "  {:<15} {}",
                lang.pick("dossier", "hồ sơ"),
                verified.dossier_code
            );
            let _ = writeln!(
                out,
                "  {:<15} {}",
                lang.pick("records", "bản ghi"),
                verified.chain.records
            );
            if let Some(head) = verified.chain.head {
                let _ = writeln!(out, "  {:<15} {head}", lang.pick("head", "đầu chuỗi"));
            }
            let _ = writeln!(
                out,
                "  {} {} ({} {})",
                lang.pick("keys vouched by", "khóa được bảo chứng bởi"),
                verified.authority,
                lang.pick("pinned key", "khóa đã ghim"),
                verified.authority_key_id
            );
            0
        }
        Err(EvidenceError::Untrusted(why)) => {
            let _ = writeln!(
                out,
                "{name}: {}: {why}",
                lang.pick("UNTRUSTED", "KHÔNG TIN CẬY")
            );
            1
        }
        Err(e @ EvidenceError::Malformed { .. }) => {
            let _ = writeln!(err, "error: {name}: {e}");
            2
        }
        Err(e) => {
            let _ = writeln!(out, "{name}: {}: {e}", lang.pick("INVALID", "KHÔNG HỢP LỆ"));
            1
        }
    }
}

/// Reads the trust anchor file at `path`.
///
/// # Errors
/// Why it cannot be used, with its path: unreadable, or not a valid anchor file.
pub fn read_anchors(path: &Path) -> Result<TrustAnchors, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    TrustAnchors::from_json(&bytes).map_err(|e| format!("{}: {e}", path.display()))
}
