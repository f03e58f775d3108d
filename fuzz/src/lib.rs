//! The properties the fuzz targets check, shared by the targets of one shape.
//!
//! Every target feeds a decoder bytes it did not choose. Whatever the bytes, the decoder returns: a panic, an
//! abort, a hang or unbounded memory is a finding (libFuzzer reports each). On top of that, each target checks
//! what the decoder promises:
//!
//! - an error says what (a non-empty message) and, for XML, where (line and column);
//! - what decodes, encodes (or is refused by the encoder with a typed error), and what encodes decodes back to
//!   the same message.

use std::fmt::Debug;
use std::path::PathBuf;

use hoso_core::AgencyCode;
use hoso_core::adapter::{
    AdapterError, AdapterErrorKind, AgencySide, Decoded, Location, WireFormat,
};
use hoso_xml::{XmlCodec, XmlFormat};

/// The licensing authority of the licensing samples.
pub const LICENSING: &str = "000.00.15.H22";
/// The land registry office of the land samples.
pub const LAND: &str = "000.00.26.H26";
/// The police unit of the police samples.
pub const POLICE: &str = "CA.H01";
/// The judicial records office of the judicial samples.
pub const JUDICIAL: &str = "000.00.12.H01";

/// An agency code of the samples (one of the constants above).
pub fn agency(code: &str) -> AgencyCode {
    code.parse()
        .unwrap_or_else(|e| panic!("agency code {code}: {e}"))
}

/// The repository's root (the fuzz crate is `fuzz/` in it).
pub fn repository() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Checks that an error of a decoder says what is wrong and, in a text format with positions, where.
pub fn check_error(format: WireFormat, err: &AdapterError) {
    assert!(
        !err.message().is_empty(),
        "an error without a message: {err:?}"
    );
    if format == WireFormat::Xml {
        assert!(
            matches!(err.location(), Some(Location::Line { .. })),
            "an XML error without line and column: {err}"
        );
    }
}

/// Checks that an encoder's refusal is typed: a message the version cannot carry (`Unsupported`), a value the
/// format cannot (`InvalidPayload`) or one over the format's limits, a text or a list longer than it allows
/// (`LimitExceeded`, the kind its decoder gives the same value), with a message. An encoder reads no input,
/// so there is no line and column.
pub fn check_encode_error(err: &AdapterError) {
    assert!(
        !err.message().is_empty(),
        "an error without a message: {err:?}"
    );
    assert!(
        matches!(
            err.kind(),
            AdapterErrorKind::Unsupported
                | AdapterErrorKind::InvalidPayload
                | AdapterErrorKind::LimitExceeded
        ),
        "an encoder refused with {:?}: {err}",
        err.kind()
    );
}

/// Decodes `data` with an XML codec, as its own message type (everything the format carries) and through the
/// agency side (the family the decoder picks), and re-encodes what decoded.
///
/// The input may be of another version than the codec's: encoding in v1 a message read from v2 drops what the
/// formats document as dropped (page counts in v1 of the licensing format). So the property is that of a
/// projection: the message encode then decode gives is one that encode then decode leaves as it is.
pub fn xml_codec<F>(codec: &XmlCodec<F>, data: &[u8])
where
    F: XmlFormat,
    F::Message: PartialEq + Debug,
{
    let through_side = codec.decode_any(data);
    let message = match codec.decode_message(data) {
        Ok(m) => m,
        Err(e) => {
            check_error(WireFormat::Xml, &e);
            let side = through_side.expect_err("the agency side decoded what the format refused");
            check_error(WireFormat::Xml, &side);
            return;
        }
    };
    let decoded = through_side.unwrap_or_else(|e| {
        panic!("the format decoded {message:?}, the agency side refused it: {e}")
    });
    let encode = |m: &F::Message| codec.encode_message(m);
    let decode = |b: &[u8]| codec.decode_message(b);
    if let Some(once) = trip(encode, decode, &message) {
        let twice = trip(encode, decode, &once)
            .unwrap_or_else(|| panic!("encoded once, refused after: {once:?}"));
        assert_eq!(twice, once, "encode then decode is not a projection");
    }
    projection(codec, &decoded);
}

/// Decodes `data` through the agency side of any codec, then re-encodes what decoded (a projection, as for
/// [`xml_codec`]).
pub fn agency_side(codec: &dyn AgencySide, data: &[u8]) {
    let format = codec.capabilities().format;
    match codec.decode_any(data) {
        Ok(decoded) => projection(codec, &decoded),
        Err(e) => check_error(format, &e),
    }
}

/// Encodes then decodes a message; what comes back, encoded then decoded again, stays as it is.
pub fn projection(codec: &dyn AgencySide, message: &Decoded) {
    if let Some(once) = side_trip(codec, message) {
        let twice = side_trip(codec, &once)
            .unwrap_or_else(|| panic!("encoded once, refused after: {once:?}"));
        assert_eq!(twice, once, "encode then decode is not a projection");
    }
}

/// Encodes a message in the codec's version and checks that it decodes back to itself, when the version
/// carries it (a message of the codec's own version).
pub fn round_trip(codec: &dyn AgencySide, message: &Decoded) {
    if let Some(again) = side_trip(codec, message) {
        assert_eq!(&again, message, "encode then decode changed the message");
    }
}

fn side_trip(codec: &dyn AgencySide, message: &Decoded) -> Option<Decoded> {
    trip(|m| codec.encode_any(m), |b| codec.decode_any(b), message)
}

/// The message encode then decode gives, or `None` when the encoder refuses it (with a typed error). What
/// the encoder writes must decode.
fn trip<M>(
    encode: impl Fn(&M) -> Result<Vec<u8>, AdapterError>,
    decode: impl Fn(&[u8]) -> Result<M, AdapterError>,
    message: &M,
) -> Option<M> {
    match encode(message) {
        Ok(bytes) => Some(decode(&bytes).unwrap_or_else(|e| {
            panic!(
                "an encoded message does not decode: {e}\n{}",
                String::from_utf8_lossy(&bytes)
            )
        })),
        Err(e) => {
            check_encode_error(&e);
            None
        }
    }
}
