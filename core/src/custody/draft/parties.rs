//! What the caller tells the drafter that the event does not say: the parties' keys, who received, where.

use super::super::identity::{DocumentNumber, IdDocumentKind};
use super::super::keys::KeyId;
use super::super::record::Place;

/// What a record needs that the event does not say: the parties' keys, who received at a delivery, and
/// where, when the event's place is not the right one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Parties {
    /// The key of the party handing over.
    pub giver: Option<KeyId>,
    /// The key of the party taking custody.
    pub taker: Option<KeyId>,
    /// At a delivery: who received, when it is not the citizen applicant on their citizen ID card.
    pub receiver: Option<Receiver>,
    /// Where the record is signed, instead of the event's place.
    pub place: Option<Place>,
}

impl Parties {
    /// No party named: the event's actor and place say all there is.
    pub fn new() -> Self {
        Self::default()
    }

    /// The party handing over holds this key.
    pub fn giver(mut self, key_id: KeyId) -> Self {
        self.giver = Some(key_id);
        self
    }

    /// The party taking custody holds this key.
    pub fn taker(mut self, key_id: KeyId) -> Self {
        self.taker = Some(key_id);
        self
    }

    /// At a delivery, the person who received.
    pub fn receiver(mut self, receiver: Receiver) -> Self {
        self.receiver = Some(receiver);
        self
    }

    /// The record is signed at this place.
    pub fn at(mut self, place: Place) -> Self {
        self.place = Some(place);
        self
    }
}

/// The person who received a result, and the ID document they showed (Circular 17/2017/TT-BTTTT
/// Art 5(2)(d)): a person authorised by the applicant (Decision 45/2016/QĐ-TTg Art 10(2)), an
/// organisation's representative, or the applicant on another document than their citizen ID card.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Receiver {
    /// Full name.
    pub name: String,
    /// The kind of ID document shown.
    pub document: IdDocumentKind,
    /// Its number (personal data: only a salted commitment reaches the record).
    pub number: DocumentNumber,
    /// The reference of the written authorisation, for an authorised person.
    pub authorisation: Option<String>,
}
