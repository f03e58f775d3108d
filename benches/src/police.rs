//! The police's notices as the benches feed them: the v2 samples as the police write them (compact JSON,
//! `schemaVersion` first), with distinct dossiers, references and message ids.

use hoso_police::codec::{decode, encode};

/// The v2 sample `name` (`adapters/police/samples/v2/NAME.json`).
///
/// # Panics
/// If the sample cannot be read.
pub fn sample(name: &str) -> String {
    let path = format!(
        "{}/../adapters/police/samples/v2/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// `n` notices: 40% status updates, 20% each dossier receipts, results ready and results handed to the post,
/// each with its own dossier (up to 9,999), reference and message id, written by the police's encoder.
///
/// ```
/// let batch = hoso_benches::police::batch(5);
/// assert_eq!(batch.len(), 5);
/// assert!(batch[0].starts_with(br#"{"schemaVersion":2"#));
/// ```
///
/// # Panics
/// If a sample does not decode or encode.
pub fn batch(n: usize) -> Vec<Vec<u8>> {
    let kinds = [
        "statusUpdate",
        "dossierReceipt",
        "statusUpdate",
        "resultReady",
        "resultHandedToPost",
    ];
    let templates: Vec<String> = kinds.iter().map(|k| sample(k)).collect();
    (0..n)
        .map(|i| {
            let text = templates[i % templates.len()]
                .replace(
                    "CA.H01-260115-0042",
                    &format!("CA.H01-260115-{:04}", 1 + i % 9999),
                )
                .replace("HC-2026-000123", &format!("HC-2026-{:06}", 100_000 + i))
                .replace(
                    "\"messageId\": \"POL-2-",
                    &format!("\"messageId\": \"POL-2-{i:06}-"),
                );
            // Compact, header first, as the police (and this crate) write it.
            let message = decode(text.as_bytes()).expect("sample decodes");
            encode(&message).expect("the sample encodes")
        })
        .collect()
}
