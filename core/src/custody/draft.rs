//! From a dossier's events to the custody records they prove: the one place that maps the dossier's
//! vocabulary onto the signed records'.
//!
//! A [`RecordDrafter`] holds a dossier (its header and its events so far), the key registry that names the
//! parties and the dossier's salt for ID document commitments. [`RecordDrafter::for_event`] turns an event
//! into the record it proves, or `None` when it proves no handover:
//!
//! | event | record | gives custody | takes custody | items, seal |
//! |---|---|---|---|---|
//! | [`CollectedAndSealed`](EventKind::CollectedAndSealed) | [`IntakeSlip`](CustodyEntry::IntakeSlip) (Decision 45/2016/QĐ-TTg Art 6) | the applicant (a key in [`Parties::giver`] if they sign) | the event's postal worker | the dossier's papers; the event's seal |
//! | [`DispatchedToAgency`](EventKind::DispatchedToAgency) | [`PostalTransfer`](CustodyEntry::PostalTransfer) | [`Parties::giver`] | the event's postal worker | the dossier's papers; the intake seal |
//! | [`HandedToAgency`](EventKind::HandedToAgency) | [`AgencyHandover`](CustodyEntry::AgencyHandover) (Art 7) | the event's postal worker | [`Parties::taker`]: an officer of the dossier's agency | the dossier's papers; the intake seal |
//! | [`ResultCollected`](EventKind::ResultCollected) | [`ResultReturnSlip`](CustodyEntry::ResultReturnSlip) (Art 9) | [`Parties::giver`]: an officer of the dossier's agency | the event's postal worker | the result items; the event's seal |
//! | [`DispatchedToRecipient`](EventKind::DispatchedToRecipient), [`OutForDelivery`](EventKind::OutForDelivery) | [`PostalTransfer`](CustodyEntry::PostalTransfer) | [`Parties::giver`] | the event's postal worker | the result items; the result seal |
//! | [`Delivered`](EventKind::Delivered) | [`DeliveryReceipt`](CustodyEntry::DeliveryReceipt) (Art 10) | the event's postal worker | [`Parties::taker`]: the recipient's key | the result items; the result seal |
//!
//! "The event's postal worker" is the event's actor when it is a postal worker whose id is a key id of the
//! registry; [`Parties`] names the key instead when it is not (an agency's system reports the result
//! collected, for instance). Every other event proves no record. A party is named as its key's registered
//! holder, so the parties of a draft are those the verifier will match the signatures against, and a draft
//! whose parties do not play the parts its kind gives them is refused with the verifier's own reason.
//!
//! Handovers inside the post that no event of the dossier names are drafted with
//! [`RecordDrafter::postal_transfer`], the late proof of delivery with [`RecordDrafter::proof_of_delivery`].

mod error;
mod parties;

pub use error::DraftError;
pub use parties::{Parties, Receiver};

use super::bytes::Sha256Digest;
use super::chain::ChainBuilder;
use super::identity::{
    DocumentNumberError, DossierSalt, IdDocument, IdDocumentError, IdDocumentKind,
};
use super::keys::{KeyId, KeyRegistry};
use super::record::{
    CustodyEntry, DeliveryProof, Handover, Item, PaperForm, Party, PartyRole, Place, Recipient,
    Seal, SealCondition, ServiceContract,
};
use super::verify::check_parties;
use crate::dossier::{Applicant, Dossier};
use crate::event::{self, ActorRole, Event, EventKind, EventType};
use ed25519_dalek::SigningKey;
use jiff::Timestamp;

/// A custody record ready to be signed and appended: when, where, what, and who signs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordDraft {
    /// When custody passed (the event's time).
    pub recorded_at: Timestamp,
    /// Where the record is signed.
    pub place: Place,
    /// The handover or proof.
    pub entry: CustodyEntry,
    /// The keys that sign, in order: the party taking custody (or submitting a proof), then the party
    /// handing over when they hold a key.
    pub signers: Vec<KeyId>,
}

impl RecordDraft {
    /// Signs the draft with each of its signers' keys, as `key` finds them, and appends it to `chain`.
    /// Returns the new record's hash.
    pub fn sign_into<'k>(
        self,
        chain: &mut ChainBuilder,
        key: impl Fn(&KeyId) -> Option<&'k SigningKey>,
    ) -> Result<Sha256Digest, DraftError> {
        let keys = self
            .signers
            .iter()
            .map(|id| key(id).map(|k| (id, k)).ok_or(id))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|id| DraftError::NoSigningKey(id.clone()))?;
        Ok(chain.append(self.recorded_at, self.place, self.entry, &keys)?)
    }
}

/// Which package a handover passes on: the dossier on its way to the agency, or the result on its way back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Leg {
    Dossier,
    Result,
}

impl Leg {
    fn name(self) -> &'static str {
        match self {
            Leg::Dossier => "dossier",
            Leg::Result => "result",
        }
    }
}

/// Drafts the custody records of one dossier from its events (see the module documentation).
///
/// ```
/// use hoso_core::custody::*;
/// use hoso_core::event::{Actor, ActorRole, Event, EventId, EventKind};
/// # fn demo(dossier: &hoso_core::Dossier, registry: &KeyRegistry, courier: &SigningKey) -> Result<(), Box<dyn std::error::Error>> {
/// let salt = DossierSalt::from_bytes([7; 32]);
/// let drafter = RecordDrafter::new(dossier, registry, &salt);
/// let handed = Event::new(
///     EventId::from_u128(4),
///     "2026-03-03T02:00:00Z".parse()?,
///     Actor::new(ActorRole::PostalWorker, "post-courier-01"),
///     EventKind::HandedToAgency,
/// );
/// let parties = Parties::new().taker("desk-h56-01".parse()?);
/// let draft = drafter.for_event(&handed, &parties)?.expect("the handover proves a record");
/// assert_eq!(draft.entry.kind_name(), "agency_handover");
/// // The officer takes custody and signs first; the courier countersigns.
/// assert_eq!(draft.signers[1].as_str(), "post-courier-01");
/// let mut chain = ChainBuilder::new(dossier.code().clone());
/// # let desk = courier;
/// draft.sign_into(&mut chain, |id| Some(if id.as_str() == "desk-h56-01" { desk } else { courier }))?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct RecordDrafter<'a> {
    dossier: &'a Dossier,
    registry: &'a KeyRegistry,
    salt: &'a DossierSalt,
    result_items: Vec<Item>,
    result_seal: Option<String>,
}

impl<'a> RecordDrafter<'a> {
    /// A drafter for `dossier`, naming parties from `registry`, committing ID documents with `salt`.
    ///
    /// The result handed back is one original, "Kết quả giải quyết thủ tục hành chính", unless
    /// [`RecordDrafter::with_result_items`] lists it.
    pub fn new(dossier: &'a Dossier, registry: &'a KeyRegistry, salt: &'a DossierSalt) -> Self {
        RecordDrafter {
            dossier,
            registry,
            salt,
            result_items: vec![Item {
                name: "Kết quả giải quyết thủ tục hành chính".into(),
                form: PaperForm::Original,
                count: 1,
                sha256: None,
            }],
            result_seal: None,
        }
    }

    /// The papers of the result, as the agency hands them to the post (Decision 45/2016/QĐ-TTg Art 9(1)).
    pub fn with_result_items(mut self, items: Vec<Item>) -> Self {
        self.result_items = items;
        self
    }

    /// The seal the post put on the result, for a dossier whose result-collected event names none (some
    /// agencies' messages do not carry it).
    pub fn with_result_seal(mut self, seal: impl Into<String>) -> Self {
        self.result_seal = Some(seal.into());
        self
    }

    /// The record `event` proves, or `None` when it proves no handover (see the module documentation).
    pub fn for_event(
        &self,
        event: &Event,
        parties: &Parties,
    ) -> Result<Option<RecordDraft>, DraftError> {
        let header = self.dossier.header();
        let agency = header.code.agency_code();
        let kind = event.kind.event_type();
        let desk = || Place {
            name: format!("Bộ phận một cửa {}", header.code.agency()),
            postal_code: None,
        };
        let (entry, default_place) = match &event.kind {
            EventKind::CollectedAndSealed { tracking, seal } => {
                let giver = match &parties.giver {
                    Some(key) => self.party("giver", key)?,
                    None => Party {
                        role: PartyRole::Applicant,
                        name: header.applicant.name().to_owned(),
                        organisation: None,
                        key_id: None,
                    },
                };
                let taker = self.postal_worker("taker", &parties.taker, event)?;
                let handover = self.handover(giver, taker, Leg::Dossier, Some(seal))?;
                let contract = ServiceContract::of_dossier(header, tracking.clone(), agency);
                let home = Place::from(applicant_address(&header.applicant));
                (CustodyEntry::IntakeSlip { handover, contract }, Some(home))
            }
            EventKind::HandedToAgency => {
                let giver = self.postal_worker("giver", &parties.giver, event)?;
                let taker = self.named("taker", &parties.taker, PartyRole::AgencyOfficer, kind)?;
                let handover = self.handover(giver, taker, Leg::Dossier, None)?;
                (
                    CustodyEntry::AgencyHandover { handover, agency },
                    Some(desk()),
                )
            }
            EventKind::ResultCollected { tracking, seal } => {
                let giver = self.named("giver", &parties.giver, PartyRole::AgencyOfficer, kind)?;
                let taker = self.postal_worker("taker", &parties.taker, event)?;
                let handover = self.handover(giver, taker, Leg::Result, Some(seal))?;
                let entry = CustodyEntry::ResultReturnSlip {
                    handover,
                    agency,
                    tracking_number: Some(tracking.clone()),
                };
                (entry, Some(desk()))
            }
            EventKind::DispatchedToAgency
            | EventKind::DispatchedToRecipient
            | EventKind::OutForDelivery => {
                let leg = if kind == EventType::DispatchedToAgency {
                    Leg::Dossier
                } else {
                    Leg::Result
                };
                let giver = self.named("giver", &parties.giver, PartyRole::PostalWorker, kind)?;
                let taker = self.postal_worker("taker", &parties.taker, event)?;
                let handover = self.handover(giver, taker, leg, None)?;
                (CustodyEntry::PostalTransfer { handover }, None)
            }
            EventKind::Delivered { recipient } => {
                let giver = self.postal_worker("giver", &parties.giver, event)?;
                let taker = self.named("taker", &parties.taker, PartyRole::Recipient, kind)?;
                let recipient = self.recipient(*recipient, parties.receiver.as_ref())?;
                let handover = self.handover(giver, taker, Leg::Result, None)?;
                let address = header
                    .delivery_address
                    .as_ref()
                    .unwrap_or_else(|| applicant_address(&header.applicant));
                let entry = CustodyEntry::DeliveryReceipt {
                    handover,
                    recipient,
                };
                (entry, Some(Place::from(address)))
            }
            _ => return Ok(None),
        };
        let place = parties
            .place
            .clone()
            .or_else(|| event.place.as_ref().map(Place::from))
            .or(default_place)
            .ok_or(DraftError::NoPlace { event: kind })?;
        self.draft(event.at, place, entry).map(Some)
    }

    /// A handover between postal workers that no event of the dossier names (counter → sorting centre →
    /// courier), of the leg the dossier is on: the result's once a result-collected event is in its
    /// history, the dossier's before.
    pub fn postal_transfer(
        &self,
        at: Timestamp,
        place: Place,
        giver: &KeyId,
        taker: &KeyId,
    ) -> Result<RecordDraft, DraftError> {
        let result_collected = self
            .dossier
            .history()
            .iter()
            .any(|e| e.kind.event_type() == EventType::ResultCollected);
        let leg = if result_collected {
            Leg::Result
        } else {
            Leg::Dossier
        };
        let handover = self.handover(
            self.party("giver", giver)?,
            self.party("taker", taker)?,
            leg,
            None,
        )?;
        self.draft(at, place, CustodyEntry::PostalTransfer { handover })
    }

    /// The proof of delivery `submitter` (the delivering postal worker) uploads after the delivery receipt
    /// whose hash is `receipt_hash`.
    pub fn proof_of_delivery(
        &self,
        at: Timestamp,
        place: Place,
        receipt_hash: Sha256Digest,
        submitter: &KeyId,
        proof: DeliveryProof,
    ) -> Result<RecordDraft, DraftError> {
        let entry = CustodyEntry::ProofOfDelivery {
            receipt_hash,
            submitted_by: self.party("submitter", submitter)?,
            proof,
        };
        self.draft(at, place, entry)
    }

    fn draft(
        &self,
        recorded_at: Timestamp,
        place: Place,
        entry: CustodyEntry,
    ) -> Result<RecordDraft, DraftError> {
        check_parties(&entry).map_err(DraftError::Parties)?;
        let signer = entry.required_signer().key_id.clone();
        let countersigner = entry.countersigner().and_then(|p| p.key_id.clone());
        Ok(RecordDraft {
            recorded_at,
            place,
            entry,
            signers: signer.into_iter().chain(countersigner).collect(),
        })
    }

    /// The party holding `key_id`, as the registry names them.
    fn party(&self, party: &'static str, key_id: &KeyId) -> Result<Party, DraftError> {
        let key = self
            .registry
            .get(key_id)
            .ok_or_else(|| DraftError::UnknownKey {
                party,
                key_id: key_id.clone(),
            })?;
        let holder = &key.entry.holder;
        Ok(Party {
            role: holder.role,
            name: holder.name.clone(),
            organisation: holder.organisation.clone(),
            key_id: Some(key_id.clone()),
        })
    }

    /// The party named in [`Parties`]; the role is only what the error reports when none is.
    fn named(
        &self,
        party: &'static str,
        key_id: &Option<KeyId>,
        role: PartyRole,
        event: EventType,
    ) -> Result<Party, DraftError> {
        match key_id {
            Some(key) => self.party(party, key),
            None => Err(DraftError::MissingParty { party, role, event }),
        }
    }

    /// The postal worker named in [`Parties`], else the event's actor when it is a postal worker whose id
    /// is a key id.
    fn postal_worker(
        &self,
        party: &'static str,
        key_id: &Option<KeyId>,
        event: &Event,
    ) -> Result<Party, DraftError> {
        let from_actor = || {
            (event.actor.role == ActorRole::from(PartyRole::PostalWorker))
                .then(|| event.actor.id.parse::<KeyId>().ok())
                .flatten()
        };
        let key = key_id.clone().or_else(from_actor);
        self.named(
            party,
            &key,
            PartyRole::PostalWorker,
            event.kind.event_type(),
        )
    }

    fn handover(
        &self,
        giver: Party,
        taker: Party,
        leg: Leg,
        sealed_now: Option<&str>,
    ) -> Result<Handover, DraftError> {
        let seal = sealed_now
            .filter(|s| !s.trim().is_empty())
            .map(str::to_owned)
            .or_else(|| self.seal_of(leg))
            .ok_or(DraftError::NoSeal { leg: leg.name() })?;
        let items = match leg {
            Leg::Dossier => Item::of_dossier(self.dossier.header()),
            Leg::Result if self.result_items.is_empty() => return Err(DraftError::NoResultItems),
            Leg::Result => self.result_items.clone(),
        };
        Ok(Handover {
            giver,
            taker,
            items,
            seal: Seal {
                id: seal,
                condition: SealCondition::Intact,
            },
            change_reason: None,
        })
    }

    /// The seal an earlier event put on the leg's package.
    fn seal_of(&self, leg: Leg) -> Option<String> {
        let sealed = self
            .dossier
            .history()
            .iter()
            .rev()
            .find_map(|e| match &e.kind {
                EventKind::CollectedAndSealed { seal, .. } if leg == Leg::Dossier => Some(seal),
                EventKind::ResultCollected { seal, .. } if leg == Leg::Result => Some(seal),
                _ => None,
            });
        match sealed {
            Some(seal) if !seal.trim().is_empty() => Some(seal.clone()),
            _ if leg == Leg::Result => self.result_seal.clone(),
            _ => None,
        }
    }

    /// Who received, with a salted commitment to the ID document shown.
    fn recipient(
        &self,
        said: event::Recipient,
        receiver: Option<&Receiver>,
    ) -> Result<Recipient, DraftError> {
        let applicant = &self.dossier.header().applicant;
        let (name, id_document, authorisation) = match (receiver, applicant) {
            (Some(r), _) => (
                r.name.clone(),
                IdDocument::commit(r.document, &r.number, self.salt)?,
                r.authorisation.clone(),
            ),
            (None, Applicant::Citizen { name, id, .. }) if said == event::Recipient::Applicant => {
                // A valid citizen ID is 12 digits, which is always a document number.
                let number = id.reveal().parse().map_err(|e: DocumentNumberError| {
                    IdDocumentError::InvalidCitizenId {
                        problem: e.to_string(),
                    }
                })?;
                let card = IdDocument::commit(IdDocumentKind::CitizenIdCard, &number, self.salt)?;
                (name.clone(), card, None)
            }
            (None, _) => return Err(DraftError::NoReceiver { recipient: said }),
        };
        Ok(match (said, authorisation) {
            (event::Recipient::AuthorisedPerson, Some(authorisation_reference)) => {
                Recipient::AuthorisedPerson {
                    name,
                    id_document,
                    authorisation_reference,
                    on_behalf_of: applicant.name().to_owned(),
                }
            }
            (event::Recipient::AuthorisedPerson, None) => {
                return Err(DraftError::NoReceiver { recipient: said });
            }
            (event::Recipient::Applicant, _) => Recipient::Addressee { name, id_document },
        })
    }
}

fn applicant_address(applicant: &Applicant) -> &crate::contact::Address {
    match applicant {
        Applicant::Citizen { address, .. } | Applicant::Organisation { address, .. } => address,
    }
}
