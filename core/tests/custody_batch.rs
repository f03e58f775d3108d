//! The signatures' arithmetic is done for the whole chain at once, at the end, in a batch: the answer is
//! still the first broken link in chain order.

mod custody_fixture;

use custody_fixture::*;
use hoso_core::custody::*;

fn verify(f: &Fixture, records: &[CustodyRecord]) -> Result<ChainSummary, BrokenLink> {
    verify_chain(&f.dossier(), records, &f.registry)
}

/// Flips one bit of a record's first signature, leaving its bytes otherwise intact.
fn corrupt_signature(record: &mut CustodyRecord) {
    record.signatures[0].signature.0[7] ^= 0x10;
}

#[test]
fn a_bad_signature_in_the_last_record_alone_is_found() {
    let f = Fixture::standard();
    let mut records = f.build();
    corrupt_signature(&mut records[8]);
    let link = verify(&f, &records).unwrap_err();
    assert_eq!(link.position, 9);
    assert!(
        matches!(link.reason, BreakReason::BadSignature { .. }),
        "{link}"
    );
}

#[test]
fn a_bad_signature_before_a_later_break_is_the_first_broken_link() {
    let f = Fixture::standard();
    let mut records = f.build();
    corrupt_signature(&mut records[2]);
    // A later record out of its place: a structural break found before the signatures are settled.
    records.swap(5, 6);
    let link = verify(&f, &records).unwrap_err();
    assert_eq!(link.position, 3, "{link}");
    assert!(
        matches!(link.reason, BreakReason::BadSignature { .. }),
        "{link}"
    );
}

#[test]
fn a_break_before_any_bad_signature_is_the_first_broken_link() {
    let f = Fixture::standard();
    let mut records = f.build();
    records.swap(2, 3);
    corrupt_signature(&mut records[6]);
    let link = verify(&f, &records).unwrap_err();
    assert_eq!(link.position, 3, "{link}");
    assert!(
        matches!(link.reason, BreakReason::SequenceGap { .. }),
        "{link}"
    );
}

#[test]
fn of_two_bad_signatures_the_earlier_is_named() {
    let f = Fixture::standard();
    let mut records = f.build();
    corrupt_signature(&mut records[6]);
    corrupt_signature(&mut records[3]);
    let link = verify(&f, &records).unwrap_err();
    // Record 4's signature changed its bytes, so record 5's previous hash is wrong too: the bad signature
    // comes first.
    assert_eq!(link.position, 4, "{link}");
    assert!(
        matches!(link.reason, BreakReason::BadSignature { .. }),
        "{link}"
    );
}
