//! The samples decode to what they say, and every message of the format (land details included) survives
//! decode → encode → decode in both versions.

use hoso_core::adapter::{Notice, ObligationLine};
use hoso_core::{AdminGeneration, Vnd};
use hoso_land::{AreaM2, LandCodec, LandMessage, Version};

fn codec(version: Version) -> LandCodec {
    LandCodec::new("000.00.26.H26".parse().unwrap(), version)
}

fn samples(version: &str) -> Vec<(String, Vec<u8>)> {
    let dir = format!("{}/samples/{version}", env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| (p.display().to_string(), std::fs::read(&p).unwrap()))
        .collect()
}

fn decode(version: &str, name: &str) -> LandMessage {
    let path = format!(
        "{}/samples/{version}/{name}.xml",
        env!("CARGO_MANIFEST_DIR")
    );
    codec(Version::V2)
        .decode_message(&std::fs::read(path).unwrap())
        .unwrap()
}

#[test]
fn every_message_with_its_land_details_survives_a_round_trip_in_its_own_version() {
    for (version, v) in [("v1", Version::V1), ("v2", Version::V2)] {
        for (path, bytes) in samples(version) {
            let first = codec(v).decode_message(&bytes).unwrap();
            let again = codec(v)
                .decode_message(&codec(v).encode_message(&first).unwrap())
                .unwrap();
            assert_eq!(again, first, "{path}");
        }
    }
}

#[test]
fn v1_samples_re_encoded_in_v2_keep_everything() {
    for (path, bytes) in samples("v1") {
        let first = codec(Version::V2).decode_message(&bytes).unwrap();
        let v2 = codec(Version::V2).encode_message(&first).unwrap();
        let again = codec(Version::V1).decode_message(&v2).unwrap();
        assert_eq!(again, first, "{path}");
    }
}

#[test]
fn parcels_keep_their_exact_areas_and_units_their_generation() {
    for (version, generation, district) in [
        ("v1", AdminGeneration::Pre2025, Some(19)),
        ("v2", AdminGeneration::From2025, None),
    ] {
        let LandMessage::Submission(s) = decode(version, "nop-ho-so") else {
            panic!("{version}: not a submission");
        };
        let areas: Vec<AreaM2> = s.land.parcels.iter().map(|p| p.area).collect();
        assert_eq!(
            areas,
            [
                AreaM2::from_hundredths(15_250),
                AreaM2::from_hundredths(104_825)
            ],
            "{version}"
        );
        let uses: Vec<&str> = s.land.parcels.iter().map(|p| p.land_use.as_str()).collect();
        assert_eq!(uses, ["ODT", "CLN"], "{version}");
        assert_eq!(s.land.parcels[0].number, "125");
        assert_eq!(s.land.parcels[0].map_sheet, "34");
        let units = s.land.units.unwrap();
        assert_eq!(units.generation(), generation, "{version}");
        assert_eq!(units.district.map(|d| d.code()), district, "{version}");
        assert_eq!((units.province.code(), units.commune.code()), (1, 637));
        assert_eq!(s.submission.fee, Vnd(100_000));
        let docs: Vec<(u32, u32)> = s
            .submission
            .documents
            .iter()
            .map(|d| (d.originals, d.copies))
            .collect();
        assert_eq!(docs, [(1, 0), (0, 1), (1, 0)], "{version}");
        assert!(s.submission.result_by_post);
    }
}

#[test]
fn the_obligation_notice_lists_its_charges_in_dong() {
    let LandMessage::Notice {
        message,
        notice_number,
    } = decode("v2", "thong-bao-nghia-vu-tai-chinh")
    else {
        panic!("not a notice");
    };
    assert_eq!(notice_number.as_deref(), Some("1287/TB-CCT"));
    let Notice::FinancialObligation { lines, total, due } = message.notice else {
        panic!("not a financial obligation");
    };
    assert_eq!(
        lines[1],
        ObligationLine {
            code: Some("LPTB".into()),
            name: "Lệ phí trước bạ".into(),
            amount: Vnd(2_425_000),
        }
    );
    assert_eq!(lines.len(), 3);
    assert_eq!(total, Vnd(50_925_000));
    assert_eq!(due, Some(jiff::civil::date(2026, 3, 11)));
}

#[test]
fn version_1_refuses_to_drop_what_only_version_2_carries() {
    for name in [
        "tiep-nhan-ho-so",
        "yeu-cau-bo-sung",
        "tu-choi-ho-so",
        "thong-bao-nghia-vu-tai-chinh",
        "xac-nhan-nop-tien",
        "ket-qua-san-sang",
        "ban-giao-buu-dien",
        "nop-ho-so",
    ] {
        let message = decode("v2", name);
        let err = codec(Version::V1).encode_message(&message).unwrap_err();
        assert_eq!(
            err.kind(),
            hoso_core::adapter::AdapterErrorKind::Unsupported,
            "{name}"
        );
    }
}
