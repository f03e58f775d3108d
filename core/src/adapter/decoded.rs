//! A message of any of the three families a format carries, and which family it is.

use std::fmt;

use super::message::{AgencyMessage, OutboundMessage, SubmissionReceipt};

/// The three families of message an agency's format carries.
///
/// ```
/// use hoso_core::adapter::MessageFamily;
/// assert_eq!(MessageFamily::Receipt.to_string(), "a receipt");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MessageFamily {
    /// A notice from the agency ([`AgencyMessage`]).
    Notice,
    /// A message from `hoso` to the agency ([`OutboundMessage`]).
    Outbound,
    /// The agency's acknowledgement of a message to it ([`SubmissionReceipt`]).
    Receipt,
}

impl MessageFamily {
    /// How an error names a message of this family: "a notice from the agency", "a message to the agency",
    /// "a receipt".
    pub fn describe(self) -> &'static str {
        match self {
            MessageFamily::Notice => "a notice from the agency",
            MessageFamily::Outbound => "a message to the agency",
            MessageFamily::Receipt => "a receipt",
        }
    }
}

impl fmt::Display for MessageFamily {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.describe())
    }
}

/// A decoded message of any family: what a codec reads when it does not know beforehand what it was given
/// (a sample, a message captured on the wire, the agency's side of an exchange).
///
/// ```
/// use hoso_core::adapter::{AgencyRef, Decoded, MessageFamily, SubmissionReceipt};
/// let receipt = SubmissionReceipt {
///     agency: "000.00.15.H22".parse().unwrap(),
///     dossier: "000.00.15.H22-260302-0001".parse().unwrap(),
///     reference: AgencyRef("REF-1".into()),
///     idempotency_key: "M-1".into(),
///     received_at: "2026-03-02T02:00:00Z".parse().unwrap(),
/// };
/// let decoded = Decoded::Receipt(receipt.clone());
/// assert_eq!(decoded.family(), MessageFamily::Receipt);
/// assert_eq!(decoded.into_receipt(), Ok(receipt));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decoded {
    /// A notice from the agency.
    Notice(AgencyMessage),
    /// A message to the agency.
    Outbound(OutboundMessage),
    /// The agency's acknowledgement of a message to it.
    Receipt(SubmissionReceipt),
}

impl Decoded {
    /// Which family the message is.
    pub fn family(&self) -> MessageFamily {
        match self {
            Decoded::Notice(_) => MessageFamily::Notice,
            Decoded::Outbound(_) => MessageFamily::Outbound,
            Decoded::Receipt(_) => MessageFamily::Receipt,
        }
    }

    /// The notice, or the family it is of when it is another.
    pub fn into_notice(self) -> Result<AgencyMessage, MessageFamily> {
        match self {
            Decoded::Notice(m) => Ok(m),
            other => Err(other.family()),
        }
    }

    /// The message to the agency, or the family it is of when it is another.
    pub fn into_outbound(self) -> Result<OutboundMessage, MessageFamily> {
        match self {
            Decoded::Outbound(m) => Ok(m),
            other => Err(other.family()),
        }
    }

    /// The receipt, or the family it is of when it is another.
    pub fn into_receipt(self) -> Result<SubmissionReceipt, MessageFamily> {
        match self {
            Decoded::Receipt(r) => Ok(r),
            other => Err(other.family()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::AgencyCode;
    use crate::adapter::AgencyRef;
    use crate::adapter::WireFormat;
    use crate::adapter::{AdapterError, AdapterErrorKind, AgencyCodec, AgencySide, Capabilities};

    fn receipt() -> SubmissionReceipt {
        SubmissionReceipt {
            agency: "000.00.15.H22".parse().unwrap(),
            dossier: "000.00.15.H22-260302-0001".parse().unwrap(),
            reference: AgencyRef("REF-1".into()),
            idempotency_key: "M-1".into(),
            received_at: "2026-03-02T02:00:00Z".parse().unwrap(),
        }
    }

    /// A JSON codec that leaves `decode_any` to the trait's default; with `receipts_only`, a format whose
    /// only messages are receipts (its other decoders answer `Unsupported`).
    #[derive(Debug)]
    struct Json(AgencyCode, bool);

    fn unsupported(agency: &AgencyCode) -> AdapterError {
        AdapterError::new(
            AdapterErrorKind::Unsupported,
            agency.clone(),
            "this format has none",
        )
    }

    fn read<T: serde::de::DeserializeOwned>(
        agency: &AgencyCode,
        b: &[u8],
    ) -> Result<T, AdapterError> {
        serde_json::from_slice(b).map_err(|e| {
            AdapterError::new(
                AdapterErrorKind::InvalidPayload,
                agency.clone(),
                e.to_string(),
            )
        })
    }

    impl AgencyCodec for Json {
        fn agency(&self) -> &AgencyCode {
            &self.0
        }
        fn capabilities(&self) -> Capabilities {
            Capabilities::new(WireFormat::Json)
        }
        fn decode(&self, b: &[u8]) -> Result<AgencyMessage, AdapterError> {
            if self.1 {
                return Err(unsupported(&self.0));
            }
            read(&self.0, b)
        }
        fn encode(&self, m: &OutboundMessage) -> Result<Vec<u8>, AdapterError> {
            Ok(serde_json::to_vec(m).expect("serialisable"))
        }
        fn decode_receipt(&self, b: &[u8]) -> Result<SubmissionReceipt, AdapterError> {
            // The receipt's envelope knows its versions: 999 is not one of them.
            if b.windows(3).any(|w| w == b"999") {
                return Err(AdapterError::new(
                    AdapterErrorKind::UnsupportedVersion,
                    self.0.clone(),
                    "version 999",
                ));
            }
            read(&self.0, b)
        }
    }

    impl AgencySide for Json {
        fn decode_outbound(&self, b: &[u8]) -> Result<OutboundMessage, AdapterError> {
            if self.1 {
                return Err(unsupported(&self.0));
            }
            read(&self.0, b)
        }
        fn encode_notice(&self, m: &AgencyMessage) -> Result<Vec<u8>, AdapterError> {
            Ok(serde_json::to_vec(m).expect("serialisable"))
        }
        fn encode_receipt(&self, r: &SubmissionReceipt) -> Result<Vec<u8>, AdapterError> {
            Ok(serde_json::to_vec(r).expect("serialisable"))
        }
    }

    #[test]
    fn the_default_decode_any_finds_the_family_and_round_trips() {
        let codec = Json("000.00.15.H22".parse().unwrap(), false);
        let decoded = Decoded::Receipt(receipt());
        let bytes = codec.encode_any(&decoded).unwrap();
        let again = codec.decode_any(&bytes).unwrap();
        assert_eq!(again.family(), MessageFamily::Receipt);
        assert_eq!(again, decoded);
        assert_eq!(again.clone().into_notice(), Err(MessageFamily::Receipt));
        assert_eq!(again.into_outbound(), Err(MessageFamily::Receipt));
    }

    #[test]
    fn when_no_family_fits_the_error_is_the_notice_decoders_and_one_clause_per_other_family() {
        let codec = Json("000.00.15.H22".parse().unwrap(), false);
        let err = codec.decode_any(b"{}").unwrap_err();
        assert_eq!(err.kind(), AdapterErrorKind::InvalidPayload);
        let notice = codec.decode(b"{}").unwrap_err();
        let outbound = codec.decode_outbound(b"{}").unwrap_err();
        let receipt = codec.decode_receipt(b"{}").unwrap_err();
        assert_eq!(
            err.message(),
            format!(
                "{}; nor does it read as a message to the agency ({}) or as a receipt ({})",
                notice.message(),
                outbound.message(),
                receipt.message()
            )
        );
        // The agency and the kind are said once, by the error itself, not once per family.
        assert_eq!(err.to_string().matches("000.00.15.H22").count(), 1, "{err}");
        assert_eq!(err.to_string().matches("invalid").count(), 1, "{err}");
    }

    #[test]
    fn a_family_the_format_does_not_have_is_left_out_of_the_error() {
        let codec = Json("000.00.15.H22".parse().unwrap(), true);
        let err = codec.decode_any(b"{}").unwrap_err();
        // Only receipts exist: the receipt decoder's error, unchanged, not "unsupported: this format has none".
        assert_eq!(
            err.to_string(),
            codec.decode_receipt(b"{}").unwrap_err().to_string()
        );
        assert_eq!(err.kind(), AdapterErrorKind::InvalidPayload);
        assert!(!err.message().contains("has none"), "{err}");
    }

    #[test]
    fn an_unknown_version_found_by_any_family_leads_the_error() {
        let codec = Json("000.00.15.H22".parse().unwrap(), false);
        // The receipt's decoder reads the envelope and finds version 999; the others only fail to read it.
        let input = br#"{"version": 999}"#;
        let err = codec.decode_any(input).unwrap_err();
        assert_eq!(err.kind(), AdapterErrorKind::UnsupportedVersion, "{err}");
        let receipt = codec.decode_receipt(input).unwrap_err();
        assert!(
            err.message().starts_with(&format!(
                "{}; nor does it read as a notice",
                receipt.message()
            )),
            "{err}"
        );
    }
}
