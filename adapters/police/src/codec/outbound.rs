//! Core → wire: the port's normalised messages in the police format, borrowing their text.

use hoso_core::AgencyCode;
use hoso_core::adapter::{AdapterError, AdapterErrorKind};

use super::inbound::error;
use crate::wire::{Bounded, Envelope, Text};

mod filing;
mod notice;

pub(crate) use filing::{outbound, receipt};
pub(crate) use notice::notice;

fn text<'a>(agency: &AgencyCode, value: &'a str, path: &str) -> Result<Text<'a>, AdapterError> {
    Text::new(value).ok_or_else(|| {
        error(
            agency,
            AdapterErrorKind::LimitExceeded,
            path,
            "text too long for the police format",
        )
    })
}

fn opt_text<'a>(
    agency: &AgencyCode,
    value: Option<&'a str>,
    path: &str,
) -> Result<Option<Text<'a>>, AdapterError> {
    value.map(|v| text(agency, v, path)).transpose()
}

fn bounded<T, const N: usize>(
    agency: &AgencyCode,
    items: Vec<T>,
    path: &str,
) -> Result<Bounded<T, N>, AdapterError> {
    let len = items.len();
    Bounded::new(items).ok_or_else(|| {
        error(
            agency,
            AdapterErrorKind::LimitExceeded,
            path,
            format!("{len} items, over the police format's limit of {N}"),
        )
    })
}

fn texts<'a, const N: usize>(
    agency: &AgencyCode,
    items: &'a [String],
    path: &str,
) -> Result<Bounded<Text<'a>, N>, AdapterError> {
    let items = items
        .iter()
        .map(|s| text(agency, s, path))
        .collect::<Result<Vec<_>, _>>()?;
    bounded(agency, items, path)
}

fn envelope<'a, P>(
    agency: &AgencyCode,
    message_id: &'a str,
    sent_at: jiff::Timestamp,
    payload: P,
) -> Result<Envelope<'a, P>, AdapterError> {
    Ok(Envelope {
        message_id: text(agency, message_id, "$.messageId")?,
        sent_at,
        payload,
    })
}
