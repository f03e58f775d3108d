//! Committed generated files equal what the code generates: the state diagram and the JSON Schemas.
//! Regenerate with `HOSO_BLESS=1 cargo test -p hoso-core --test generated`.

use std::path::PathBuf;

use hoso_core::procedure::Procedure;
use hoso_core::{Catalogue, Dossier, Event, demo};

fn docs() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../docs")
}

fn check_committed(relative: &str, generated: &str) {
    let path = docs().join(relative);
    if std::env::var_os("HOSO_BLESS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, generated).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; run HOSO_BLESS=1 cargo test -p hoso-core --test generated",
            path.display()
        )
    });
    assert!(
        committed == generated,
        "{} differs from the generated one; run HOSO_BLESS=1 cargo test -p hoso-core --test generated",
        path.display()
    );
}

fn schema_text<T: schemars::JsonSchema>() -> String {
    let schema = schemars::schema_for!(T);
    serde_json::to_string_pretty(&schema).unwrap() + "\n"
}

#[test]
fn state_machine_diagram_matches_the_table() {
    check_committed(
        "state-machine.md",
        &hoso_core::machine::state_machine_markdown(),
    );
}

#[test]
fn committed_json_schemas_match_the_generated_ones() {
    check_committed("schemas/dossier.schema.json", &schema_text::<Dossier>());
    check_committed("schemas/event.schema.json", &schema_text::<Event>());
    check_committed("schemas/procedure.schema.json", &schema_text::<Procedure>());
}

/// A validator for the schema of `T`. The generated schema is the committed one (checked above), so the
/// validation tests do not read files that a blessing run may be rewriting.
fn validator<T: schemars::JsonSchema>() -> jsonschema::Validator {
    let schema = serde_json::to_value(schemars::schema_for!(T)).unwrap();
    jsonschema::validator_for(&schema).unwrap()
}

fn assert_valid(v: &jsonschema::Validator, instance: &serde_json::Value, what: &str) {
    let errors: Vec<String> = v
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{what}: {errors:#?}");
}

#[test]
fn sample_dossier_and_events_validate_against_their_schemas() {
    let events = demo::lifecycle(3);
    let dossier = Dossier::from_events(&events).unwrap();
    assert_valid(
        &validator::<Dossier>(),
        &serde_json::to_value(&dossier).unwrap(),
        "dossier",
    );
    let ev = validator::<Event>();
    for e in &events {
        assert_valid(
            &ev,
            &serde_json::to_value(e).unwrap(),
            &format!("event {}", e.kind.event_type()),
        );
    }
}

#[test]
fn shipped_procedures_validate_against_their_schema() {
    let v = validator::<Procedure>();
    let catalogue = Catalogue::shipped().unwrap();
    assert!(!catalogue.is_empty());
    for p in catalogue.iter() {
        assert_valid(&v, &serde_json::to_value(p).unwrap(), p.code.as_ref());
    }
}

#[test]
fn schemas_reject_invalid_instances() {
    let ev = validator::<Event>();
    let mut bad = serde_json::to_value(&demo::lifecycle(3)[4]).unwrap();
    bad["id"] = serde_json::json!("not-an-id");
    assert!(!ev.is_valid(&bad));
    let mut bad = serde_json::to_value(&demo::lifecycle(3)[4]).unwrap();
    bad["type"] = serde_json::json!("teleported");
    assert!(!ev.is_valid(&bad));
}
