//! The holiday schedule file format: its committed JSON Schema equals the generated one, and every shipped
//! schedule validates against it. Regenerate with
//! `HOSO_BLESS=1 cargo test -p hoso-core --test holiday_schedule_schema`.

use std::path::PathBuf;

use hoso_core::calendar::HolidaySchedule;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn generated() -> String {
    let schema = schemars::schema_for!(HolidaySchedule);
    serde_json::to_string_pretty(&schema).unwrap() + "\n"
}

#[test]
fn committed_holiday_schedule_schema_matches_the_generated_one() {
    let path = root().join("../docs/schemas/holiday-schedule.schema.json");
    if std::env::var_os("HOSO_BLESS").is_some() {
        std::fs::write(&path, generated()).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap();
    assert!(
        committed == generated(),
        "{} is stale; run HOSO_BLESS=1 cargo test -p hoso-core --test holiday_schedule_schema",
        path.display()
    );
}

#[test]
fn shipped_schedules_validate_against_the_schema_and_load() {
    let schema: serde_json::Value = serde_json::from_str(&generated()).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let dir = root().join("data/holidays");
    let mut files = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&value)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", path.display());
        let schedule = HolidaySchedule::from_json(&text).unwrap();
        assert!(schedule.official, "{}", path.display());
        assert_eq!(
            path.file_stem().unwrap().to_str().unwrap(),
            schedule.year.to_string()
        );
        files += 1;
    }
    assert_eq!(files, 3);
}

#[test]
fn a_schedule_with_an_unknown_field_fails_the_schema_too() {
    let schema: serde_json::Value = serde_json::from_str(&generated()).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let bad = serde_json::json!({"year": 2030, "official": true, "days_off": [], "holidays": []});
    assert!(!validator.is_valid(&bad));
    assert!(HolidaySchedule::from_json(&bad.to_string()).is_err());
}
