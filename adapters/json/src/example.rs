//! A small format on the shared envelope, whole: the template a new JSON adapter starts from (its
//! `wire.rs`, `wire/names.rs` and `codec.rs` in one place), and the fixture of this crate's examples.
//!
//! Two versions; an acceptance and the agency's receipt in both, a withdrawal from version 2. Everything a
//! format writes is here: the versions, the message table, one payload struct per type with its
//! [`PortMapping`] (by hand, or declared with [`mirror!`](crate::mirror) when the payload mirrors the port's
//! message member for member, as the withdrawal does), and the [`EnvelopeFormat`] with its routes. The codec is `JsonCodec<ExampleFormat>`.
//!
//! ```
//! use hoso_core::adapter::{AdapterErrorKind, AgencyCodec, AgencySide, Notice};
//! use hoso_json::example::{ExampleCodec, Version};
//!
//! let codec = ExampleCodec::new("000.00.12.H01".parse()?, Version::V1);
//! let accepted = br#"{"version": 1, "messageType": "accepted", "messageId": "M-1",
//!     "sentAt": "2026-03-02T02:00:00Z", "dossierCode": "000.00.12.H01-260302-0001",
//!     "payload": {"appointmentDate": "2026-03-16"}}"#;
//! let message = codec.decode(accepted)?;
//! assert!(matches!(message.notice, Notice::Accepted { .. }));
//! // Written back in the codec's version, and read again, it is the same message.
//! assert_eq!(codec.decode(&codec.encode_notice(&message)?)?, message);
//!
//! // A withdrawal came with version 2: labelled version 1 it is UnsupportedVersion, before its payload is read.
//! let withdrawal = br#"{"version": 1, "messageType": "withdrawal", "messageId": "M-2",
//!     "sentAt": "2026-03-02T02:00:00Z", "dossierCode": "000.00.12.H01-260302-0001", "payload": []}"#;
//! let e = codec.decode_any(withdrawal).unwrap_err();
//! assert_eq!(e.kind(), AdapterErrorKind::UnsupportedVersion);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use hoso_core::adapter::{AdapterError, AgencyRef, Decoded, Notice, NoticeKind, Routes};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::{EnvelopeFormat, Head, JsonCodec, Mirror, PortKind, PortMapping, PortMessage, Text};

crate::format_versions! {
    /// A version of the example format.
    pub enum Version {
        /// Version 1: acceptances and receipts.
        V1 = 1,
        /// Version 2: version 1 and withdrawals.
        V2 = 2,
    }
}

crate::message_types! {
    /// The envelope's `messageType`: what the payload is.
    pub enum MessageType in Version {
        /// [`Accepted`].
        Accepted(Accepted) = "accepted",
        /// [`Receipt`].
        Receipt(Receipt) = "receipt",
        /// [`Withdrawal`], from version 2.
        Withdrawal(Withdrawal) = "withdrawal" since V2,
    }
}

/// `accepted`: the agency accepted the dossier.
#[derive(Debug, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Accepted {
    /// The agency's reference for the dossier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<AgencyRef>,
    /// The officer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub officer: Option<Text>,
    /// The appointment for the result.
    #[serde(deserialize_with = "hoso_core::time::rfc3339::date")]
    #[schemars(schema_with = "hoso_core::time::date_schema")]
    pub appointment_date: Date,
}

impl PortMapping for Accepted {
    const KIND: PortKind = PortKind::Notice(NoticeKind::Accepted);

    fn from_port(message: PortMessage<'_>) -> Option<Self> {
        let (m, Notice::Accepted { appointment, .. }) = message.notice()? else {
            return None;
        };
        let (reference, officer) = (m.reference.clone(), Mirror::wire(&m.officer));
        let appointment_date = *appointment;
        Some(Accepted {
            reference,
            officer,
            appointment_date,
        })
    }

    fn into_port(self, head: Head) -> Result<Decoded, AdapterError> {
        let appointment = self.appointment_date;
        let notice = Notice::Accepted {
            appointment,
            received_at: None,
        };
        Ok(head.notice(self.reference, self.officer, notice))
    }
}

/// `receipt`: the agency registered a message.
#[derive(Debug, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Receipt {
    /// The agency's reference for the dossier.
    pub reference: AgencyRef,
}

impl PortMapping for Receipt {
    const KIND: PortKind = PortKind::Receipt;

    fn from_port(message: PortMessage<'_>) -> Option<Self> {
        let reference = message.receipt()?.reference.clone();
        Some(Receipt { reference })
    }

    fn into_port(self, head: Head) -> Result<Decoded, AdapterError> {
        Ok(head.receipt(self.reference))
    }
}

/// `withdrawal` (version 2): the applicant withdraws the dossier.
#[derive(Debug, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Withdrawal {
    /// The agency's reference for the dossier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<AgencyRef>,
    /// Why.
    pub reason: Text,
}

crate::mirror! {
    Withdrawal = OutboundMessage::Withdrawal(hoso_core::adapter::Withdrawal) {
        mirror: reason;
        copy: reference;
    }
}

/// The example format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExampleFormat;

/// The example format's codec.
pub type ExampleCodec = JsonCodec<ExampleFormat>;

impl EnvelopeFormat for ExampleFormat {
    type MessageType = MessageType;

    fn routes(version: Version) -> Routes {
        let routes = Routes::new("/dossiers", "messages", "application/json");
        match version {
            Version::V1 => routes,
            _ => routes.with_withdrawal("withdrawal"),
        }
    }
}
