//! From the dossier's words to the signed record's: one conversion for each pair of types that say the same
//! thing twice.
//!
//! The custody records keep types of their own where their signed form must stay stable whatever the
//! dossier model becomes (evidence files are read for years), and where it says more or other than the
//! event does:
//!
//! | dossier, event | signed record | why both | conversion |
//! |---|---|---|---|
//! | [`PostalForm`] | [`ServiceForm`] | the signed names | both ways |
//! | [`DocumentForm`] | [`PaperForm`] | a certified copy is handed over as a copy | `DocumentForm → PaperForm` |
//! | [`DossierDocument`] | [`Item`] | an item counts sheets, at least one | `&DossierDocument → Item` |
//! | [`event::Place`] (kind, code) | [`Place`] (name, postal code) | a record names the place for a reader | `&event::Place → Place`, `&Address → Place` |
//! | [`event::Recipient`] (who, without data) | [`Recipient`] (name, committed ID document) | the event carries no personal data | `&Recipient → event::Recipient` |
//! | [`ActorRole`] (people and systems) | [`PartyRole`] (people who hold custody) | a system holds no custody; a recipient is a citizen | `PartyRole → ActorRole` |
//!
//! Each pair has exactly one conversion, here, so that code making records from a dossier never maps them by
//! hand; [`RecordDrafter`](super::RecordDrafter) uses them.

use super::record::{Item, PaperForm, PartyRole, Place, Recipient, ServiceContract, ServiceForm};
use crate::contact::Address;
use crate::dossier::{DossierDocument, DossierHeader, FeeKind};
use crate::event::{self, ActorRole, PlaceKind};
use crate::procedure::{DocumentForm, PostalForm};
use crate::{AgencyCode, TrackingNumber, Vnd};

impl From<DocumentForm> for PaperForm {
    /// An original stays an original; a copy, certified or not, is handed over as a copy.
    fn from(form: DocumentForm) -> Self {
        match form {
            DocumentForm::Original => PaperForm::Original,
            DocumentForm::Copy | DocumentForm::CertifiedCopy => PaperForm::Copy,
        }
    }
}

impl From<PostalForm> for ServiceForm {
    /// The same three forms of Decision 45/2016/QĐ-TTg Art 5, under the names the records sign.
    fn from(form: PostalForm) -> Self {
        match form {
            PostalForm::SendDossier => ServiceForm::DossierOnly,
            PostalForm::ReceiveResult => ServiceForm::ResultOnly,
            PostalForm::Both => ServiceForm::DossierAndResult,
        }
    }
}

impl From<ServiceForm> for PostalForm {
    fn from(form: ServiceForm) -> Self {
        match form {
            ServiceForm::DossierOnly => PostalForm::SendDossier,
            ServiceForm::ResultOnly => PostalForm::ReceiveResult,
            ServiceForm::DossierAndResult => PostalForm::Both,
        }
    }
}

impl From<PartyRole> for ActorRole {
    /// The role in which a party to a handover acts in the dossier's events: the applicant and the
    /// recipient as citizens, the agency officer at the one-stop desk.
    fn from(role: PartyRole) -> Self {
        match role {
            PartyRole::Applicant | PartyRole::Recipient => ActorRole::Citizen,
            PartyRole::PostalWorker => ActorRole::PostalWorker,
            PartyRole::AgencyOfficer => ActorRole::OneStopOfficer,
        }
    }
}

impl From<&event::Place> for Place {
    /// An event's place as a record names it: an agency's one-stop desk as "Bộ phận một cửa" and the agency
    /// code; any other place by its code, which is also its postal code when a post office's or a sorting
    /// centre's code is one.
    fn from(place: &event::Place) -> Self {
        let postal = matches!(place.kind, PlaceKind::PostOffice | PlaceKind::SortingCentre);
        let name = match place.kind {
            PlaceKind::OneStopDesk => format!("Bộ phận một cửa {}", place.id),
            _ => place.id.to_string(),
        };
        Place {
            name,
            postal_code: postal.then(|| place.id.parse().ok()).flatten(),
        }
    }
}

impl From<&Address> for Place {
    /// An address (the applicant's at a pickup, the recipient's at a delivery): its street line and postal
    /// code.
    fn from(address: &Address) -> Self {
        Place {
            name: address.line.clone(),
            postal_code: address.postal_code,
        }
    }
}

impl From<&Recipient> for event::Recipient {
    /// Who received, without the name and document the record carries.
    fn from(recipient: &Recipient) -> Self {
        match recipient {
            Recipient::Addressee { .. } => event::Recipient::Applicant,
            Recipient::AuthorisedPerson { .. } => event::Recipient::AuthorisedPerson,
        }
    }
}

impl From<&DossierDocument> for Item {
    /// A paper of the dossier as a handed-over item: its name, its form, its pages (at least one sheet),
    /// and the digest of its file when it is digital.
    fn from(document: &DossierDocument) -> Self {
        Item {
            name: document.name.clone(),
            form: document.form.into(),
            count: u32::from(document.pages.max(1)),
            sha256: document.sha256,
        }
    }
}

impl Item {
    /// The items of a dossier's papers, in the order of its document list.
    ///
    /// ```
    /// use hoso_core::custody::{Item, PaperForm};
    /// let events = hoso_core::demo::lifecycle(1);
    /// let dossier = hoso_core::Dossier::open(events[0].clone()).unwrap();
    /// let items = Item::of_dossier(dossier.header());
    /// assert_eq!(items.len(), dossier.header().documents.len());
    /// assert!(items.iter().all(|i| i.count >= 1));
    /// ```
    pub fn of_dossier(header: &DossierHeader) -> Vec<Item> {
        header.documents.iter().map(Item::from).collect()
    }
}

impl ServiceContract {
    /// The contract an intake slip records for a dossier: its postal form, the postal charge and the
    /// procedure fee collected on the agency's behalf as its fee lines give them (no charge line: 0 đồng;
    /// no fee line: no fee collected), the item's tracking number and the receiving agency.
    pub fn of_dossier(
        header: &DossierHeader,
        tracking_number: TrackingNumber,
        receiving_agency: AgencyCode,
    ) -> ServiceContract {
        let fee = |kind: FeeKind| {
            header
                .fees
                .iter()
                .find(|f| f.kind == kind)
                .map(|f| f.amount)
        };
        ServiceContract {
            tracking_number,
            service: header.postal_form.into(),
            receiving_agency,
            postal_charge: fee(FeeKind::PostalCharge).unwrap_or(Vnd(0)),
            fee_collected: fee(FeeKind::ProcedureFee),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postal_and_service_forms_map_one_to_one() {
        for form in PostalForm::ALL {
            assert_eq!(PostalForm::from(ServiceForm::from(form)), form);
        }
        assert_eq!(
            ServiceForm::from(PostalForm::ReceiveResult),
            ServiceForm::ResultOnly
        );
    }

    #[test]
    fn certified_copies_are_handed_over_as_copies() {
        assert_eq!(
            PaperForm::from(DocumentForm::CertifiedCopy),
            PaperForm::Copy
        );
        assert_eq!(PaperForm::from(DocumentForm::Original), PaperForm::Original);
    }

    #[test]
    fn a_party_acts_in_the_events_as_the_role_of_the_same_person() {
        assert_eq!(ActorRole::from(PartyRole::Recipient), ActorRole::Citizen);
        assert_eq!(ActorRole::from(PartyRole::Applicant), ActorRole::Citizen);
        assert_eq!(
            ActorRole::from(PartyRole::AgencyOfficer),
            ActorRole::OneStopOfficer
        );
        assert_eq!(
            ActorRole::from(PartyRole::PostalWorker),
            ActorRole::PostalWorker
        );
    }

    #[test]
    fn a_desk_is_named_by_its_agency_and_a_post_office_code_is_its_postal_code() {
        let desk = Place::from(&event::Place::new(PlaceKind::OneStopDesk, "000.00.01.H26"));
        assert_eq!(desk.name, "Bộ phận một cửa 000.00.01.H26");
        assert_eq!(desk.postal_code, None);
        let office = Place::from(&event::Place::new(PlaceKind::PostOffice, "11000"));
        assert_eq!(
            office.postal_code.map(|c| c.to_string()),
            Some("11000".into())
        );
        let named = Place::from(&event::Place::new(
            PlaceKind::PostOffice,
            "Bưu điện Hoàn Kiếm",
        ));
        assert_eq!(
            (named.name.as_str(), named.postal_code),
            ("Bưu điện Hoàn Kiếm", None)
        );
        // A system's code is never read as a postal code.
        let system = Place::from(&event::Place::new(PlaceKind::System, "10000"));
        assert_eq!(system.postal_code, None);
    }

    #[test]
    fn a_document_without_pages_is_one_sheet() {
        let document = DossierDocument {
            name: "Tờ khai".into(),
            form: DocumentForm::Original,
            pages: 0,
            sha256: None,
        };
        assert_eq!(Item::from(&document).count, 1);
    }

    #[test]
    fn the_contract_takes_the_charge_and_fee_from_the_fee_lines() {
        let events = crate::demo::lifecycle(1);
        let dossier = crate::Dossier::open(events[0].clone()).expect("opens");
        let header = dossier.header();
        let tracking: TrackingNumber = "EA123456785VN".parse().expect("tracking");
        let agency = dossier.code().agency().parse().expect("agency");
        let contract = ServiceContract::of_dossier(header, tracking, agency);
        assert_eq!(contract.service, ServiceForm::from(header.postal_form));
        let charge = header.fees.iter().find(|f| f.kind == FeeKind::PostalCharge);
        assert_eq!(contract.postal_charge, charge.map_or(Vnd(0), |f| f.amount));
        let fee = header.fees.iter().find(|f| f.kind == FeeKind::ProcedureFee);
        assert_eq!(contract.fee_collected, fee.map(|f| f.amount));
    }
}
