//! Why a record cannot be drafted: every refusal of the drafter.

use super::super::canonical::CanonicalError;
use super::super::identity::IdDocumentError;
use super::super::keys::KeyId;
use super::super::record::PartyRole;
use super::super::verify::BreakReason;
use crate::event::{self, EventType};

/// Why an event's record cannot be drafted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DraftError {
    /// Neither [`Parties`](super::Parties) nor the event's actor names the key of a party the record needs.
    #[error(
        "the {party} ({role:?}) of the record of a {event} event is not named: give its key in Parties"
    )]
    MissingParty {
        /// `giver`, `taker` or `submitter`.
        party: &'static str,
        /// The role the party plays.
        role: PartyRole,
        /// The event.
        event: EventType,
    },
    /// A key named for a party is not in the registry.
    #[error("the {party}'s key {key_id} is not registered")]
    UnknownKey {
        /// `giver`, `taker` or `submitter`.
        party: &'static str,
        /// The key id.
        key_id: KeyId,
    },
    /// The parties do not play the parts the record's kind gives them: the verifier would refuse it.
    #[error("the record's parties would not verify: {0}")]
    Parties(BreakReason),
    /// No earlier event of the dossier sealed the package this handover passes on.
    #[error("no seal for the {leg} leg: no earlier event of the dossier sealed it")]
    NoSeal {
        /// `dossier` or `result`.
        leg: &'static str,
    },
    /// Neither [`Parties`](super::Parties) nor the event says where a handover inside the post took place.
    #[error("the {event} event has no place: give one in Parties")]
    NoPlace {
        /// The event.
        event: EventType,
    },
    /// The result items were set to an empty list.
    #[error("a handover of the result lists no item")]
    NoResultItems,
    /// A delivery to an authorised person, or to an organisation, needs to be told who received.
    #[error("the delivery to {recipient:?} does not say who received: give a Receiver in Parties")]
    NoReceiver {
        /// Who the event says received.
        recipient: event::Recipient,
    },
    /// The ID document shown at delivery cannot be committed to.
    #[error(transparent)]
    IdDocument(#[from] IdDocumentError),
    /// A signer of the draft has no signing key.
    #[error("no signing key for {0}")]
    NoSigningKey(KeyId),
    /// The record has no canonical form.
    #[error(transparent)]
    Canonical(#[from] CanonicalError),
}
