//! Step 2 of the verifier: each party plays the part the record's kind gives it.

use super::super::record::{CustodyEntry, Party, PartyRole};
use super::BreakReason;
use crate::AgencyCode;

/// Each party plays the part the record's kind gives it; an agency officer acts for the record's agency;
/// a delivery is taken by the person it names as receiving.
pub(crate) fn check_parties(entry: &CustodyEntry) -> Result<(), BreakReason> {
    use PartyRole::{AgencyOfficer, Applicant, PostalWorker, Recipient};
    let kind = entry.kind_name();
    let expect = |party: &'static str, p: &Party, expected: PartyRole| {
        if p.role == expected {
            Ok(())
        } else {
            Err(BreakReason::WrongPartyRole {
                party,
                kind,
                expected,
                found: p.role,
            })
        }
    };
    let of_agency = |officer: &Party, agency: &AgencyCode| {
        if officer.organisation.as_deref() == Some(agency.as_str()) {
            Ok(())
        } else {
            Err(BreakReason::OfficerOfAnotherAgency {
                agency: agency.clone(),
                organisation: officer.organisation.clone(),
            })
        }
    };
    match entry {
        CustodyEntry::IntakeSlip { handover, .. } => {
            expect("giver", &handover.giver, Applicant)?;
            expect("taker", &handover.taker, PostalWorker)
        }
        CustodyEntry::PostalTransfer { handover } => {
            expect("giver", &handover.giver, PostalWorker)?;
            expect("taker", &handover.taker, PostalWorker)
        }
        CustodyEntry::AgencyHandover { handover, agency } => {
            expect("giver", &handover.giver, PostalWorker)?;
            expect("taker", &handover.taker, AgencyOfficer)?;
            of_agency(&handover.taker, agency)
        }
        CustodyEntry::ResultReturnSlip {
            handover, agency, ..
        } => {
            expect("giver", &handover.giver, AgencyOfficer)?;
            expect("taker", &handover.taker, PostalWorker)?;
            of_agency(&handover.giver, agency)
        }
        CustodyEntry::DeliveryReceipt {
            handover,
            recipient,
        } => {
            expect("giver", &handover.giver, PostalWorker)?;
            expect("taker", &handover.taker, Recipient)?;
            if handover.taker.name == recipient.name() {
                Ok(())
            } else {
                Err(BreakReason::TakerNotRecipient)
            }
        }
        CustodyEntry::ProofOfDelivery { submitted_by, .. } => {
            expect("submitter", submitted_by, PostalWorker)
        }
    }
}
