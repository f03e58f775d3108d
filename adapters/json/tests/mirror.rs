//! `mirror!`: each form maps both ways, takes the envelope's head where the port has one, leaves out what the
//! payload does not declare, and carries only its own kind.

use hoso_core::adapter::{
    AgencyMessage, AgencyRef, Decoded, DossierSubmission, Notice, OutboundMessage,
    SubmittedDocument, SupplementDelivery,
};
use hoso_json::{Head, Mirror, PortKind, PortMapping, PortMessage, Text};
use serde::{Deserialize, Serialize};

#[derive(Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
struct Paper {
    title: Text,
    originals: u32,
    copies: u32,
    pages: Option<u32>,
}

hoso_json::mirror! {
    Paper = SubmittedDocument {
        mirror: title: name;
        copy: originals, copies, pages;
    }
}

#[derive(Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
struct Supplement {
    reference: Option<AgencyRef>,
    papers: Vec<Paper>,
}

hoso_json::mirror! {
    Supplement = OutboundMessage::SupplementDelivered(SupplementDelivery) {
        mirror: papers: documents;
        copy: reference;
    }
}

/// A notice whose format names no officer.
#[derive(Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
struct Refused {
    number: Option<AgencyRef>,
    reason: Text,
    code: Option<Text>,
    legal_basis: Option<Text>,
}

hoso_json::mirror! {
    Refused = Notice::Refused {
        head: number;
        mirror: reason, code: reason_code, legal_basis;
    }
}

fn head() -> Head {
    Head::new(
        "000.00.12.H01".parse().unwrap(),
        "M-7".into(),
        "2026-03-02T02:00:00Z".parse().unwrap(),
        "000.00.12.H01-260302-0001".parse().unwrap(),
    )
}

fn paper(name: &str) -> SubmittedDocument {
    SubmittedDocument {
        name: name.into(),
        originals: 1,
        copies: 2,
        pages: None,
    }
}

#[test]
fn a_struct_mirror_renames_and_copies_its_members_both_ways() {
    let wire = Paper::wire(&paper("Tờ khai"));
    assert_eq!(wire.title.as_str(), "Tờ khai");
    assert_eq!((wire.originals, wire.copies, wire.pages), (1, 2, None));
    assert_eq!(wire.port(), paper("Tờ khai"));
}

#[test]
fn an_outbound_payload_takes_the_envelopes_head_and_gives_it_back() {
    let payload = Supplement {
        reference: Some(AgencyRef("REF-1".into())),
        papers: vec![Paper::wire(&paper("Bản sao"))],
    };
    assert_eq!(
        <Supplement as PortMapping>::KIND,
        PortKind::Outbound(hoso_core::adapter::OutboundKind::SupplementDelivered)
    );
    let Ok(Decoded::Outbound(message)) = payload.into_port(head()) else {
        panic!("not a message to the agency");
    };
    let OutboundMessage::SupplementDelivered(m) = &message else {
        panic!("not a supplement: {message:?}");
    };
    assert_eq!((m.message_id.as_str(), m.sent_at), ("M-7", head().sent_at));
    assert_eq!(m.documents, [paper("Bản sao")]);
    let again = Supplement::from_port(PortMessage::Outbound(&message)).unwrap();
    assert_eq!(again.reference, Some(AgencyRef("REF-1".into())));
    assert_eq!(again.papers, [Paper::wire(&paper("Bản sao"))]);
}

#[test]
fn a_notice_without_an_officer_member_gives_none_and_drops_nothing_it_declares() {
    let payload = Refused {
        number: Some(AgencyRef("REF-2".into())),
        reason: Text::of("Thiếu giấy tờ"),
        code: Some(Text::of("TQ-01")),
        legal_basis: None,
    };
    let Ok(Decoded::Notice(message)) = payload.into_port(head()) else {
        panic!("not a notice");
    };
    assert_eq!(message.officer, None);
    assert_eq!(message.reference, Some(AgencyRef("REF-2".into())));
    let Notice::Refused { reason_code, .. } = &message.notice else {
        panic!("not a refusal: {:?}", message.notice);
    };
    assert_eq!(reason_code.as_deref(), Some("TQ-01"));
    let again = Refused::from_port(PortMessage::Notice(&message)).unwrap();
    assert_eq!(
        (again.reason.as_str(), again.code),
        ("Thiếu giấy tờ", Some(Text::of("TQ-01")))
    );
}

#[test]
fn a_payload_carries_only_its_own_kind() {
    let Ok(Decoded::Notice(refused)) = (Refused {
        number: None,
        reason: Text::of("Thiếu giấy tờ"),
        code: None,
        legal_basis: None,
    })
    .into_port(head()) else {
        panic!("not a notice");
    };
    let accepted = AgencyMessage {
        notice: Notice::Accepted {
            appointment: jiff::civil::date(2026, 3, 16),
            received_at: None,
        },
        ..refused
    };
    assert!(Refused::from_port(PortMessage::Notice(&accepted)).is_none());
    let submission: DossierSubmission = serde_json::from_value(serde_json::json!({
        "message_id": "M-8", "sent_at": "2026-03-02T02:00:00Z",
        "dossier": "000.00.12.H01-260302-0001", "procedure": "2.000488",
        "applicant": { "name": "Trần Thị Bích Ngọc" }, "documents": [], "fee": 200000,
        "result_by_post": true
    }))
    .unwrap();
    let submission = OutboundMessage::Submission(submission);
    assert!(Supplement::from_port(PortMessage::Outbound(&submission)).is_none());
}
