//! Normalised agency messages as core events, and core dossiers as submissions.

use crate::Vnd;
use crate::dossier::{Applicant, Dossier, FeeKind};
use crate::event::{Actor, ActorRole, Event, EventId, EventKind, Place, PlaceKind};
use crate::procedure::DocumentForm;

use super::message::{
    AgencyMessage, DossierSubmission, Notice, ProcessingUpdate, SubmissionApplicant,
    SubmittedDocument,
};

/// The reason recorded for an extension or a stop when the agency gives none.
pub const REASON_NOT_STATED: &str = "not stated by the agency";

impl AgencyMessage {
    /// The core events this message means for its dossier, in order.
    ///
    /// Each event's id is derived from the agency code and the message id ([`EventId::derive`]), so a message
    /// delivered twice gives the same events and is applied once. The actor is the agency's system; the place
    /// is the agency's one-stop desk for what happens there (acceptance, refusal, supplement request, result
    /// handover).
    ///
    /// | notice | event |
    /// |---|---|
    /// | accepted | [`EventKind::Accepted`] with the appointment date |
    /// | supplement requested | [`EventKind::SupplementRequested`] with the missing papers |
    /// | refused | [`EventKind::Refused`] with the reason |
    /// | processing started / extended / stopped | [`EventKind::ProcessingStarted`] / [`EventKind::Extended`] / [`EventKind::Stopped`] |
    /// | financial obligation | [`EventKind::FinancialObligationNotified`] with the total and deadline (the agency leg waits in awaiting financial obligation) |
    /// | obligation paid | [`EventKind::FinancialObligationPaid`] (back to processing) |
    /// | result ready | [`EventKind::ProcessingFinished`] |
    /// | result handed to the post | [`EventKind::ResultCollected`] (postal leg; the agency leg moves to result returned) |
    pub fn events(&self) -> Vec<Event> {
        let agency = self.agency.to_string();
        let actor = Actor::new(ActorRole::AgencySystem, agency.as_str());
        let desk = Some(Place::new(PlaceKind::OneStopDesk, agency.as_str()));
        let (at, place, kind) = match &self.notice {
            Notice::Accepted { appointment, .. } => (
                self.sent_at,
                desk,
                EventKind::Accepted {
                    appointment: *appointment,
                },
            ),
            Notice::SupplementRequested { missing, .. } => (
                self.sent_at,
                desk,
                EventKind::SupplementRequested {
                    missing: missing.clone(),
                },
            ),
            Notice::Refused { reason, .. } => (
                self.sent_at,
                desk,
                EventKind::Refused {
                    reason: reason.clone(),
                },
            ),
            Notice::Processing { update, note } => {
                let reason = || note.clone().unwrap_or_else(|| REASON_NOT_STATED.to_owned());
                let kind = match update {
                    ProcessingUpdate::Started => EventKind::ProcessingStarted,
                    ProcessingUpdate::Extended { new_appointment } => EventKind::Extended {
                        new_appointment: *new_appointment,
                        reason: reason(),
                    },
                    ProcessingUpdate::Stopped => EventKind::Stopped { reason: reason() },
                };
                (self.sent_at, None, kind)
            }
            Notice::FinancialObligation { total, due, .. } => (
                self.sent_at,
                None,
                EventKind::FinancialObligationNotified {
                    amount: *total,
                    due: *due,
                },
            ),
            Notice::ObligationPaid { amount, .. } => (
                self.sent_at,
                None,
                EventKind::FinancialObligationPaid { amount: *amount },
            ),
            Notice::ResultReady { .. } => (self.sent_at, None, EventKind::ProcessingFinished),
            Notice::ResultHandedToPost {
                tracking,
                handed_at,
                seal,
                ..
            } => (
                *handed_at,
                desk,
                EventKind::ResultCollected {
                    tracking: tracking.clone(),
                    seal: seal.clone().unwrap_or_default(),
                },
            ),
        };
        let mut event = Event::new(EventId::derive(&agency, &self.message_id), at, actor, kind);
        event.place = place;
        vec![event]
    }
}

impl DossierSubmission {
    /// The submission of a dossier as the post files it with the agency: applicant, documents (an original
    /// counts as one original, any copy as one copy), the procedure fee, and whether the result goes back by
    /// post. The message id is `NOP-{dossier code}`, so filing the same dossier twice uses the same
    /// idempotency key.
    pub fn from_dossier(dossier: &Dossier, sent_at: jiff::Timestamp) -> Self {
        let header = dossier.header();
        let applicant = match &header.applicant {
            Applicant::Citizen {
                name,
                id,
                phone,
                address,
            } => SubmissionApplicant {
                name: name.clone(),
                citizen_id: Some(id.clone()),
                phone: phone.clone(),
                address: Some(address.line.clone()),
                email: None,
            },
            Applicant::Organisation {
                name,
                phone,
                address,
                ..
            } => SubmissionApplicant {
                name: name.clone(),
                citizen_id: None,
                phone: phone.clone(),
                address: Some(address.line.clone()),
                email: None,
            },
        };
        let documents = header
            .documents
            .iter()
            .map(|d| {
                let original = d.form == DocumentForm::Original;
                SubmittedDocument {
                    name: d.name.clone(),
                    originals: u32::from(original),
                    copies: u32::from(!original),
                    pages: Some(u32::from(d.pages)),
                }
            })
            .collect();
        let fee = header
            .fees
            .iter()
            .filter(|f| f.kind == FeeKind::ProcedureFee)
            .fold(Vnd(0), |sum, f| Vnd(sum.0.saturating_add(f.amount.0)));
        DossierSubmission {
            message_id: format!("NOP-{}", header.code),
            sent_at,
            dossier: header.code.clone(),
            procedure: header.procedure.code.clone(),
            applicant,
            documents,
            fee,
            result_by_post: header.postal_form.returns_result(),
        }
    }
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;
    use crate::adapter::AgencyRef;
    use crate::demo;
    use crate::state::{AgencyState, PostalState};

    /// The sample dossier's life up to (not including) event `n` (1-based index into the demo lifecycle).
    fn dossier_before(n: usize) -> Dossier {
        let events = demo::lifecycle(1);
        Dossier::from_events(&events[..n - 1]).unwrap()
    }

    fn message(id: &str, days: i64, notice: Notice) -> AgencyMessage {
        let d = dossier_before(2);
        AgencyMessage {
            message_id: id.into(),
            agency: "000.00.01.H56".parse().unwrap(),
            dossier: d.code().clone(),
            reference: Some(AgencyRef("BN-1".into())),
            sent_at: demo::at(days * 24 * 60 + 45),
            officer: None,
            notice,
        }
    }

    #[test]
    fn each_notice_moves_the_dossier_as_the_agency_says() {
        let tracking: crate::TrackingNumber = "EA123456799VN".parse().unwrap();
        let cases = [
            // (dossier before demo event n, notice, agency state after, postal state after)
            (
                5,
                Notice::Accepted {
                    appointment: date(2026, 3, 10),
                    received_at: None,
                },
                AgencyState::Accepted,
                PostalState::HandedToAgency,
            ),
            (
                5,
                Notice::Refused {
                    reason: "sai mẫu đơn".into(),
                    reason_code: None,
                    legal_basis: None,
                },
                AgencyState::Refused,
                PostalState::HandedToAgency,
            ),
            (
                6,
                Notice::Processing {
                    update: ProcessingUpdate::Started,
                    note: None,
                },
                AgencyState::Processing,
                PostalState::HandedToAgency,
            ),
            (
                7,
                Notice::SupplementRequested {
                    reason: "thiếu".into(),
                    missing: vec!["CCCD".into()],
                    due: None,
                },
                AgencyState::SupplementRequested,
                PostalState::HandedToAgency,
            ),
            (
                7,
                Notice::Processing {
                    update: ProcessingUpdate::Extended {
                        new_appointment: date(2026, 3, 12),
                    },
                    note: None,
                },
                AgencyState::Processing,
                PostalState::HandedToAgency,
            ),
            (
                7,
                Notice::Processing {
                    update: ProcessingUpdate::Stopped,
                    note: Some("hồ sơ giả".into()),
                },
                AgencyState::Stopped,
                PostalState::HandedToAgency,
            ),
            (
                9,
                Notice::ResultReady {
                    document: crate::adapter::IssuedDocument {
                        title: "GPLX".into(),
                        number: "1".into(),
                        serial: None,
                        categories: vec!["B".into()],
                        issued_on: date(2026, 3, 6),
                        valid_until: None,
                    },
                },
                AgencyState::Done,
                PostalState::HandedToAgency,
            ),
            (
                10,
                Notice::ResultHandedToPost {
                    tracking,
                    items: 1,
                    handed_at: demo::at(4 * 24 * 60 + 90),
                    postal_worker: None,
                    seal: Some("NP-1".into()),
                },
                AgencyState::ResultReturned,
                PostalState::ResultCollected,
            ),
        ];
        for (n, notice, agency, postal) in cases {
            let mut d = dossier_before(n);
            let m = message("MSG-1", 4, notice);
            for event in m.events() {
                d.apply(&event)
                    .unwrap_or_else(|e| panic!("{:?}: {e}", m.notice.kind()));
            }
            assert_eq!(
                (d.agency_state(), d.postal_state()),
                (agency, postal),
                "{:?}",
                m.notice.kind()
            );
        }
    }

    #[test]
    fn a_financial_obligation_holds_processing_until_paid() {
        let mut d = dossier_before(7); // processing
        let notice = message(
            "TB-1",
            2,
            Notice::FinancialObligation {
                lines: vec![crate::adapter::ObligationLine {
                    code: Some("LPTB".into()),
                    name: "Lệ phí trước bạ".into(),
                    amount: Vnd(1_250_000),
                }],
                total: Vnd(1_250_000),
                due: Some(date(2026, 3, 20)),
            },
        );
        for event in notice.events() {
            d.apply(&event).unwrap();
        }
        assert_eq!(d.agency_state(), AgencyState::AwaitingFinancialObligation);
        let paid = message(
            "TB-2",
            3,
            Notice::ObligationPaid {
                amount: Vnd(1_250_000),
                receipt: None,
            },
        );
        for event in paid.events() {
            d.apply(&event).unwrap();
        }
        assert_eq!(d.agency_state(), AgencyState::Processing);
    }

    #[test]
    fn a_message_delivered_twice_is_applied_once() {
        let mut d = dossier_before(6);
        let m = message(
            "MSG-7",
            1,
            Notice::Processing {
                update: ProcessingUpdate::Started,
                note: None,
            },
        );
        let (first, again) = (m.events(), m.clone().events());
        assert_eq!(first, again);
        d.apply(&first[0]).unwrap();
        let len = d.history().len();
        d.apply(&again[0]).unwrap();
        assert_eq!(d.history().len(), len);
    }

    #[test]
    fn a_submission_carries_the_dossiers_papers_and_procedure_fee() {
        let d = Dossier::open(demo::opened_event()).unwrap();
        let s = DossierSubmission::from_dossier(&d, demo::at(60));
        assert_eq!(s.dossier, *d.code());
        assert_eq!(s.fee, Vnd(135_000)); // the postal charge is not the agency's fee
        assert_eq!(s.documents.len(), 2);
        assert!(s.result_by_post);
        assert_eq!(s.message_id, format!("NOP-{}", d.code()));
    }
}
