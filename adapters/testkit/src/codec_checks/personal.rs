//! Personal data out of errors: a citizen ID or phone number of a sample, made invalid, must be refused
//! without the error quoting it.

use hoso_core::adapter::AgencySide;

use super::Sample;

/// The personal numbers of `text`: maximal runs of ASCII digits that look like a citizen ID (12 digits) or a
/// phone number (10 or 11 digits starting with `0`), with their byte offsets.
fn personal_numbers(text: &str) -> Vec<(usize, &str)> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        // A run inside a longer token (a dossier code's date, an amount's digits) is not a number of its own.
        let bounded = |at: Option<&u8>| {
            at.is_none_or(|b| !b.is_ascii_alphanumeric() && *b != b'-' && *b != b'.')
        };
        let run = &text[start..i];
        let shaped =
            run.len() == 12 || ((run.len() == 10 || run.len() == 11) && run.starts_with('0'));
        if shaped
            && bounded(start.checked_sub(1).and_then(|j| bytes.get(j)))
            && bounded(bytes.get(i))
        {
            found.push((start, run));
        }
    }
    found
}

/// Check: every citizen ID or phone number of every sample (a 12-digit run, or 10 or 11 digits starting with
/// `0`), with its last digit replaced by a letter, is refused without the error (its message, its `Display`
/// or its `Debug`) quoting the number whole, as written or as the sample had it. Personal data never appears
/// whole in an error: an error travels to logs, dead letters and the agency's support desk.
///
/// A derived document that decodes (the number was in a free-text field) is passed over.
///
/// # Panics
/// Naming the sample, the number's offset (never the number) and the error's kind, when an error quotes it.
pub fn personal_data_stays_out_of_errors(codec: &dyn AgencySide, samples: &[Sample]) {
    for sample in samples {
        let Ok(text) = std::str::from_utf8(&sample.bytes) else {
            continue;
        };
        for (offset, number) in personal_numbers(text) {
            let mut spoiled = number.to_owned();
            spoiled.pop();
            spoiled.push('x');
            let mut input = text.to_owned();
            input.replace_range(offset..offset + number.len(), &spoiled);
            let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                codec.decode_any(input.as_bytes())
            }))
            .unwrap_or_else(|_| {
                panic!(
                    "{} with the number at byte {offset} made invalid: the decoder panicked",
                    sample.path.display()
                )
            });
            let Err(e) = outcome else { continue };
            let said = format!("{}\n{e}\n{e:?}", e.message());
            for whole in [number, spoiled.as_str()] {
                assert!(
                    !said.contains(whole),
                    "{} with the number at byte {offset} made invalid: the {:?} error quotes it whole (personal \
                     data must be masked, as the core's CitizenId and PhoneNumber errors do)",
                    sample.path.display(),
                    e.kind()
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::personal_numbers;

    #[test]
    fn ids_and_phones_are_found_and_codes_amounts_and_dates_are_not() {
        let text = r#"<A>001085012345</A><P>0912345678</P><L>02438251234</L>
            <D>000.00.15.H22-260302-0001</D><M>50925000</M><T>2026-03-02T09:00:00+07:00</T><N>1234567890</N>"#;
        let found: Vec<&str> = personal_numbers(text).into_iter().map(|(_, n)| n).collect();
        assert_eq!(found, ["001085012345", "0912345678", "02438251234"]);
    }
}
