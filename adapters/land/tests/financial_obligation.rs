//! A land dossier through the office's financial obligation: the notice holds processing until the payment is
//! confirmed, then the certificate is issued and handed to the post. Every step is a sample decoded by the codec.

use hoso_core::adapter::{AgencyCodec, AgencyMessage, Notice};
use hoso_core::demo;
use hoso_core::procedure::AgencyFamily;
use hoso_core::state::{AgencyState, PostalState};
use hoso_core::{Dossier, Vnd};
use hoso_land::{LandCodec, Version};

fn codec() -> LandCodec {
    LandCodec::new("000.00.26.H26".parse().unwrap(), Version::V2)
}

fn sample(version: &str, name: &str) -> AgencyMessage {
    let path = format!(
        "{}/samples/{version}/{name}.xml",
        env!("CARGO_MANIFEST_DIR")
    );
    let bytes = std::fs::read(&path).unwrap();
    codec().decode(&bytes).unwrap()
}

/// A land dossier (procedure 1.013978) filed by post and handed to the office, a week before `first`.
fn dossier_at_the_office(first: &AgencyMessage) -> Dossier {
    let mut header = demo::header(15);
    header.code = first.dossier.clone();
    header.procedure.code = "1.013978".parse().unwrap();
    header.procedure.family = AgencyFamily::LandRegistry;
    let start = first.sent_at - jiff::SignedDuration::from_hours(24 * 7);
    let mut events = demo::lifecycle_of(header, 0, start);
    events.truncate(4); // opened, collected and sealed, dispatched, handed to the agency
    let d = Dossier::from_events(&events).unwrap();
    assert_eq!(d.postal_state(), PostalState::HandedToAgency);
    d
}

fn apply(d: &mut Dossier, m: &AgencyMessage) {
    for event in m.events() {
        d.apply(&event)
            .unwrap_or_else(|e| panic!("{:?}: {e}", m.notice.kind()));
    }
}

#[test]
fn a_financial_obligation_holds_processing_until_paid_then_the_result_goes_to_the_post() {
    for version in ["v1", "v2"] {
        let accepted = sample(version, "tiep-nhan-ho-so");
        let mut d = dossier_at_the_office(&accepted);

        apply(&mut d, &accepted);
        apply(&mut d, &sample(version, "cap-nhat-tien-do"));
        assert_eq!(d.agency_state(), AgencyState::Processing, "{version}");

        let notice = sample(version, "thong-bao-nghia-vu-tai-chinh");
        let Notice::FinancialObligation { total, due, .. } = &notice.notice else {
            panic!("{version}: not a financial obligation notice");
        };
        assert_eq!(
            (*total, *due),
            (Vnd(50_925_000), Some(jiff::civil::date(2026, 3, 11)))
        );
        apply(&mut d, &notice);
        assert_eq!(
            d.agency_state(),
            AgencyState::AwaitingFinancialObligation,
            "{version}"
        );
        assert_eq!(
            d.portal_status(),
            6,
            "{version}: portal status 6 while the obligation is unpaid"
        );
        assert_eq!(
            d.outstanding_obligation(),
            Some(Vnd(50_925_000)),
            "{version}"
        );

        // The certificate cannot be issued while the obligation is unpaid.
        let ready = sample(version, "ket-qua-san-sang");
        assert!(
            ready.events().iter().any(|e| d.clone().apply(e).is_err()),
            "{version}: result ready accepted while awaiting payment"
        );

        apply(&mut d, &sample(version, "xac-nhan-nop-tien"));
        assert_eq!(d.agency_state(), AgencyState::Processing, "{version}");
        assert_eq!(d.outstanding_obligation(), None, "{version}");

        apply(&mut d, &ready);
        assert_eq!(d.agency_state(), AgencyState::Done, "{version}");

        apply(&mut d, &sample(version, "ban-giao-buu-dien"));
        assert_eq!(
            (d.agency_state(), d.postal_state()),
            (AgencyState::ResultReturned, PostalState::ResultCollected),
            "{version}"
        );
    }
}

#[test]
fn a_payment_confirmation_without_a_notice_is_not_a_legal_transition() {
    let accepted = sample("v2", "tiep-nhan-ho-so");
    let mut d = dossier_at_the_office(&accepted);
    apply(&mut d, &accepted);
    apply(&mut d, &sample("v2", "cap-nhat-tien-do"));
    let paid = sample("v2", "xac-nhan-nop-tien");
    assert!(paid.events().iter().any(|e| d.apply(e).is_err()));
}

#[test]
fn a_notice_delivered_twice_holds_the_dossier_once() {
    let accepted = sample("v1", "tiep-nhan-ho-so");
    let mut d = dossier_at_the_office(&accepted);
    apply(&mut d, &accepted);
    apply(&mut d, &sample("v1", "cap-nhat-tien-do"));
    let notice = sample("v1", "thong-bao-nghia-vu-tai-chinh");
    apply(&mut d, &notice);
    let len = d.history().len();
    apply(&mut d, &notice);
    assert_eq!(d.history().len(), len);
    assert_eq!(d.agency_state(), AgencyState::AwaitingFinancialObligation);
}
