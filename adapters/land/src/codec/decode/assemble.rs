//! Assembling a message once every child is read: required fields, the rules that tie fields together, and
//! the mapping onto the port's messages.

use hoso_core::adapter::{
    AdapterErrorKind, AgencyMessage, DossierSubmission, Notice, OutboundMessage, SubmissionReceipt,
    SupplementDelivery, Withdrawal,
};
use hoso_core::{AdminGeneration, Vnd};
use hoso_xml::{Element, Head, XmlResult};

use super::{Decoder, Fields, Kind};
use crate::wire::{LandDetails, LandMessage, LandSubmission, field};

impl Decoder<'_> {
    /// Assembles the message once every child is read; a missing field is an error at the root.
    pub(super) fn build(
        &self,
        kind: Kind,
        root: &Element<'_>,
        head: Head,
        f: Fields,
    ) -> XmlResult<LandMessage> {
        let missing = |name: &str| self.m.missing(root, name);
        let dossier = f.dossier.ok_or_else(|| missing(field::DOSSIER))?;
        if let Some(agency) = &f.agency
            && !kind.is_notice()
            && agency != self.agency
        {
            return Err(self.m.invalid(
                root,
                format!(
                    "message is addressed to agency {agency}, not {}",
                    self.agency
                ),
            ));
        }
        let Head {
            message_id,
            sent_at,
        } = head;
        let outbound = |o: OutboundMessage| Ok(LandMessage::Outbound(o));
        let notice = match kind {
            Kind::Submission => {
                let units = match (f.units, f.units_at) {
                    (Some(u), _) => Some(u),
                    (None, Some(at)) => Some(self.units(
                        at,
                        AdminGeneration::Pre2025,
                        f.province,
                        f.district,
                        f.commune,
                    )?),
                    (None, None) => None,
                };
                return Ok(LandMessage::Submission(LandSubmission {
                    submission: DossierSubmission {
                        message_id,
                        sent_at,
                        dossier,
                        procedure: f.procedure.ok_or_else(|| missing(field::PROCEDURE))?,
                        applicant: f.applicant.ok_or_else(|| missing(field::APPLICANT))?,
                        documents: f.documents.ok_or_else(|| missing(field::DOCUMENTS))?,
                        fee: f.fee.ok_or_else(|| missing(field::FEE))?,
                        result_by_post: f
                            .result_by_post
                            .ok_or_else(|| missing(self.names.result_form.name))?,
                    },
                    land: LandDetails {
                        workflow: f.workflow,
                        units,
                        parcels: f.parcels.unwrap_or_default(),
                    },
                }));
            }
            Kind::SupplementDelivered => {
                return outbound(OutboundMessage::SupplementDelivered(SupplementDelivery {
                    message_id,
                    sent_at,
                    dossier,
                    reference: f.reference,
                    documents: f.documents.ok_or_else(|| missing(field::DOCUMENTS))?,
                }));
            }
            Kind::Withdrawal => {
                return outbound(OutboundMessage::Withdrawal(Withdrawal {
                    message_id,
                    sent_at,
                    dossier,
                    reference: f.reference,
                    reason: f.notice.reason.ok_or_else(|| missing(field::REASON))?,
                }));
            }
            Kind::Receipt => {
                return Ok(LandMessage::Receipt(SubmissionReceipt {
                    agency: f.agency.unwrap_or_else(|| self.agency.clone()),
                    dossier,
                    reference: f.reference.ok_or_else(|| missing(field::REFERENCE))?,
                    idempotency_key: message_id,
                    received_at: f
                        .notice
                        .received_at
                        .ok_or_else(|| missing(field::RECEIVED_AT))?,
                }));
            }
            Kind::Acceptance => f.notice.accepted(&self.m, root, &self.names.notice)?,
            Kind::SupplementRequest => {
                f.notice
                    .supplement_requested(&self.m, root, &self.names.notice)?
            }
            Kind::Refusal => f.notice.refused(&self.m, root, &self.names.notice)?,
            Kind::Processing => f.notice.processing(&self.m, root, &self.names.notice)?,
            Kind::FinancialObligation => {
                let lines = f.charges.ok_or_else(|| missing(field::CHARGES))?;
                let (total, at) = f.total.ok_or_else(|| missing(field::TOTAL))?;
                let sum = Vnd::sum(lines.iter().map(|l| l.amount));
                if sum != Some(total) {
                    return Err(self.m.error_at_offset(
                        at,
                        AdapterErrorKind::InvalidPayload,
                        format!(
                            "{} {} is not the sum of the charges ({})",
                            field::TOTAL,
                            total.0,
                            sum.map_or_else(|| "overflow".to_owned(), |s| s.0.to_string())
                        ),
                    ));
                }
                Notice::FinancialObligation {
                    lines,
                    total,
                    due: f.payment_due,
                }
            }
            Kind::PaymentConfirmed => Notice::ObligationPaid {
                amount: f.amount_paid.ok_or_else(|| missing(field::AMOUNT_PAID))?,
                receipt: f.payment_receipt,
            },
            Kind::ResultReady => Notice::ResultReady {
                document: f.certificate.ok_or_else(|| missing(field::CERTIFICATE))?,
            },
            Kind::HandedToPost => {
                f.handover
                    .into_notice(&self.m, root, &self.names.notice.handover)?
            }
        };
        Ok(LandMessage::Notice {
            message: AgencyMessage {
                message_id,
                agency: f.agency.unwrap_or_else(|| self.agency.clone()),
                dossier,
                reference: f.reference,
                sent_at,
                officer: f.officer,
                notice,
            },
            notice_number: f.notice_number,
        })
    }
}
