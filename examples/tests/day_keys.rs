//! The main job's keys: generated from the CSPRNG on the first run, kept private under the output
//! directory, and reused by a run resumed on the same directory.

use hoso_cli::day::custody::{CustodyError, Signers};
use hoso_core::AgencyCode;

fn temp_out(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("hoso-day-keys-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn from() -> jiff::Timestamp {
    "2026-03-01T17:00:00Z".parse().unwrap()
}

#[test]
fn a_second_run_on_the_same_directory_reuses_the_keys() {
    let out = temp_out("reuse");
    let agency: AgencyCode = "000.00.01.H26".parse().unwrap();
    let mut first = Signers::open(&out, from()).unwrap();
    first.desk(&agency).unwrap();
    let desk_file = out.join("keys").join("desk-000-00-01-h26.key");
    let desk_secret = std::fs::read(&desk_file).unwrap();
    let anchors = std::fs::read(out.join("anchors.json")).unwrap();

    let dossier: hoso_core::DossierCode = "000.00.08.H56-260302-0001".parse().unwrap();
    let salt = first.salt(&dossier).unwrap();

    let mut second = Signers::open(&out, from()).unwrap();
    second.desk(&agency).unwrap();
    assert_eq!(second.salt(&dossier).unwrap(), salt);
    assert_ne!(
        second
            .salt(&"000.00.08.H56-260302-0002".parse().unwrap())
            .unwrap(),
        salt,
        "one salt per dossier"
    );
    assert_eq!(second.anchors(), first.anchors());
    assert_eq!(std::fs::read(out.join("anchors.json")).unwrap(), anchors);
    assert_eq!(std::fs::read(&desk_file).unwrap(), desk_secret);

    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&out.join("keys")), 0o700);
        for dir in ["keys", "salts"] {
            assert_eq!(mode(&out.join(dir)), 0o700);
            for entry in std::fs::read_dir(out.join(dir)).unwrap() {
                assert_eq!(mode(&entry.unwrap().path()), 0o600);
            }
        }
    }
    let _ = std::fs::remove_dir_all(&out);
}

#[test]
fn two_directories_get_two_authorities() {
    let (a, b) = (temp_out("a"), temp_out("b"));
    let first = Signers::open(&a, from()).unwrap();
    let second = Signers::open(&b, from()).unwrap();
    assert_ne!(first.anchors(), second.anchors());
    let _ = std::fs::remove_dir_all(&a);
    let _ = std::fs::remove_dir_all(&b);
}

#[test]
fn a_damaged_key_file_is_refused_without_showing_it() {
    let out = temp_out("damaged");
    Signers::open(&out, from()).unwrap();
    let file = out.join("keys").join("vnpost-h56-counter-01.key");
    std::fs::write(&file, "secret-looking-garbage\n").unwrap();
    let err = Signers::open(&out, from()).unwrap_err();
    assert!(matches!(err, CustodyError::KeyFile { .. }), "{err}");
    assert!(!err.to_string().contains("secret-looking-garbage"), "{err}");
    let _ = std::fs::remove_dir_all(&out);
}
