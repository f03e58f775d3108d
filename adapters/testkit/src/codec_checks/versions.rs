//! Checks of a format's versions: a version the codec does not speak, and a message moved into a version that
//! does not carry its kind, are `UnsupportedVersion` errors; and the rewrites that move a sample between
//! versions.

use hoso_core::adapter::{AdapterErrorKind, AgencySide, Capabilities, Decoded};

use super::{Sample, assert_rejected, decoded};

/// Rewrites a sample into the named version of its format (for
/// [`message_kinds_stay_in_their_versions`]); the sample unchanged when it is in that version already.
pub type ToVersion = dyn Fn(&[u8], &str) -> Vec<u8>;

/// Rewrites an XML sample whose namespace URI ends in a version (`...:v1`, `.../v2`) to version 999.
pub fn xml_namespace_version_999(bytes: &[u8]) -> Vec<u8> {
    namespace_version(bytes, "999")
}

/// Rewrites an XML sample into `version`: the namespace URI's version suffix (`...:v1` to `...:v2`), and the
/// root's `attribute` carrying the version number, when the format has one (`phienBan="1"`).
///
/// ```
/// let to = hoso_testkit::xml_version_rewrite(Some("phienBan"));
/// let v1 = br#"<TiepNhan xmlns="urn:hoso:gplx:v1" phienBan="1"><A>1</A></TiepNhan>"#;
/// let v2 = to(v1, "2");
/// assert_eq!(v2, br#"<TiepNhan xmlns="urn:hoso:gplx:v2" phienBan="2"><A>1</A></TiepNhan>"#);
/// assert_eq!(to(&v2, "2"), v2);
/// ```
pub fn xml_version_rewrite(
    attribute: Option<&'static str>,
) -> impl Fn(&[u8], &str) -> Vec<u8> + Send + Sync + 'static {
    move |bytes, version| {
        let moved = namespace_version(bytes, version);
        let Some(attribute) = attribute else {
            return moved;
        };
        let text = String::from_utf8_lossy(&moved);
        // The attribute on the root: the first occurrence after the namespace declaration.
        let key = format!(" {attribute}=\"");
        let Some(at) = text
            .find("xmlns")
            .and_then(|x| text[x..].find(&key).map(|k| x + k))
        else {
            return moved;
        };
        let value = at + key.len();
        let Some(end) = text[value..].find('"').map(|e| value + e) else {
            return moved;
        };
        format!("{}{version}{}", &text[..value], &text[end..]).into_bytes()
    }
}

fn namespace_version(bytes: &[u8], version: &str) -> Vec<u8> {
    let text = String::from_utf8_lossy(bytes);
    let Some(start) = text.find("xmlns") else {
        return bytes.to_vec();
    };
    let Some(q) = text[start..].find('"').map(|q| start + q + 1) else {
        return bytes.to_vec();
    };
    let Some(end) = text[q..].find('"').map(|e| q + e) else {
        return bytes.to_vec();
    };
    let uri = &text[q..end];
    let version_start = uri
        .rfind(['v', 'V'])
        .filter(|&i| uri[i + 1..].bytes().all(|b| b.is_ascii_digit()));
    let Some(v) = version_start else {
        return bytes.to_vec();
    };
    let new_uri = format!("{}v{version}", &uri[..v]);
    text.replace(&format!("\"{uri}\""), &format!("\"{new_uri}\""))
        .into_bytes()
}

/// Rewrites a JSON sample's version number at the JSON `pointer` (`/version`) into 999, a version nobody
/// speaks (for the suite's `wrong_version`). A sample that is not JSON, or has nothing at `pointer`, is left
/// as it is.
///
/// ```
/// let wrong = hoso_testkit::json_version_999("/version");
/// let value: serde_json::Value = serde_json::from_slice(&wrong(br#"{"version": 1}"#)).unwrap();
/// assert_eq!(value["version"], 999);
/// ```
pub fn json_version_999(
    pointer: &'static str,
) -> impl Fn(&[u8]) -> Vec<u8> + Send + Sync + 'static {
    let rewrite = json_version_rewrite(pointer);
    move |bytes| rewrite(bytes, "999")
}

/// Rewrites a JSON sample into `version` at the JSON `pointer` (`/schemaVersion`): a number when the version
/// is one, a string otherwise. A sample that is not JSON, or has nothing at `pointer`, is left as it is.
///
/// ```
/// let to = hoso_testkit::json_version_rewrite("/schemaVersion");
/// let v2 = to(br#"{"schemaVersion": 1, "body": {}}"#, "2");
/// let value: serde_json::Value = serde_json::from_slice(&v2).unwrap();
/// assert_eq!(value["schemaVersion"], 2);
/// ```
pub fn json_version_rewrite(
    pointer: &'static str,
) -> impl Fn(&[u8], &str) -> Vec<u8> + Send + Sync + 'static {
    move |bytes, version| {
        let Ok(mut value) = serde_json::from_slice::<serde_json::Value>(bytes) else {
            return bytes.to_vec();
        };
        let Some(slot) = value.pointer_mut(pointer) else {
            return bytes.to_vec();
        };
        let new = match version.parse::<u64>() {
            Ok(n) => serde_json::Value::from(n),
            Err(_) => serde_json::Value::from(version),
        };
        if *slot == new {
            return bytes.to_vec();
        }
        *slot = new;
        serde_json::to_vec_pretty(&value).unwrap_or_else(|_| bytes.to_vec())
    }
}

/// Check: every sample rewritten by `to_unknown_version` into a version the codec does not speak is an
/// `UnsupportedVersion` error.
pub fn wrong_version_is_an_error(
    codec: &dyn AgencySide,
    samples: &[Sample],
    to_unknown_version: &dyn Fn(&[u8]) -> Vec<u8>,
) {
    for sample in samples {
        let rewritten = to_unknown_version(&sample.bytes);
        assert_ne!(
            rewritten,
            sample.bytes,
            "{}: the version rewrite changed nothing",
            sample.path.display()
        );
        let what = format!("{} in an unknown version", sample.path.display());
        assert_rejected(
            codec,
            &rewritten,
            &[AdapterErrorKind::UnsupportedVersion],
            &what,
        );
    }
}

/// What `version` says of the kind of `message`: whether it carries it, and the kind's name.
fn carried(caps: &Capabilities, version: &str, message: &Decoded) -> (bool, String) {
    match message {
        Decoded::Notice(m) => {
            let kind = m.notice.kind();
            (caps.receives_in(version, kind), format!("notice {kind:?}"))
        }
        Decoded::Outbound(m) => {
            let kind = m.kind();
            (caps.sends_in(version, kind), format!("message {kind:?}"))
        }
        // Every version has receipts.
        _ => (true, "receipt".to_owned()),
    }
}

/// Check: every sample moved by `to_version` into each other version the codec declares is refused with
/// `UnsupportedVersion` when that version does not carry the sample's kind of message
/// ([`Capabilities::kinds_by_version`]), and is not refused with it when the version does (a version's
/// layout may differ, so decoding may still fail, as `InvalidPayload`). The samples' version must carry
/// every kind it declares, each with a sample (the complement of
/// [`every_declared_message_has_a_sample`](crate::every_declared_message_has_a_sample), which asks only for
/// the kinds every version carries).
///
/// Without `to_version` (a suite that does not give one) the codec must declare the same kinds in every
/// version, since nothing can move its samples.
///
/// A decoder that reads a kind of its version 2 under its version 1 rules (or answers `InvalidPayload`
/// because version 1's enum lacks it) fails here: the message is well formed, in another version.
pub fn message_kinds_stay_in_their_versions(
    codec: &dyn AgencySide,
    samples: &[Sample],
    to_version: Option<&ToVersion>,
) {
    let caps = codec.capabilities();
    let Some(to_version) = to_version else {
        assert!(
            caps.kinds_by_version.is_empty(),
            "the codec declares kinds by version ({:?}); give the suite `to_version` so that the kit can \
             move samples between versions",
            caps.kinds_by_version
        );
        return;
    };
    let mut versions_of_samples = Vec::new();
    let mut kinds_of_samples = Vec::new();
    for sample in samples {
        let message = decoded(codec, sample);
        let mut own = None;
        for version in &caps.versions {
            let moved = to_version(&sample.bytes, version);
            if moved == sample.bytes {
                own = Some(version.clone());
                continue;
            }
            let (carries, kind) = carried(&caps, version, &message);
            let what = format!(
                "{} ({kind}) moved to version {version}",
                sample.path.display()
            );
            if carries {
                let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    codec.decode_any(&moved)
                }))
                .unwrap_or_else(|_| panic!("{what}: the decoder panicked"));
                if let Err(e) = outcome {
                    assert_ne!(
                        e.kind(),
                        AdapterErrorKind::UnsupportedVersion,
                        "{what}: version {version} carries this kind, yet the decoder says the version is \
                         not supported: {e}"
                    );
                }
            } else {
                let what = format!("{what}, which does not carry it");
                assert_rejected(
                    codec,
                    &moved,
                    &[AdapterErrorKind::UnsupportedVersion],
                    &what,
                );
            }
        }
        let own = own.unwrap_or_else(|| {
            panic!(
                "{}: `to_version` changed the sample into every declared version ({:?}); it must leave a \
                 sample in its own version unchanged",
                sample.path.display(),
                caps.versions
            )
        });
        kinds_of_samples.push(carried(&caps, &own, &message));
        versions_of_samples.push(own);
    }
    versions_of_samples.sort();
    versions_of_samples.dedup();
    let [version] = versions_of_samples.as_slice() else {
        panic!(
            "the samples of one suite are in several versions ({versions_of_samples:?}): give each version a \
             suite of its own"
        );
    };
    for (carries, kind) in &kinds_of_samples {
        assert!(
            carries,
            "a sample of the {kind} is in version {version}, which the codec declares does not carry it"
        );
    }
    let names: Vec<&str> = kinds_of_samples.iter().map(|(_, k)| k.as_str()).collect();
    for kind in caps
        .notices
        .iter()
        .filter(|k| caps.receives_in(version, **k))
    {
        let name = format!("notice {kind:?}");
        assert!(
            names.contains(&name.as_str()),
            "version {version} carries the {name}, and no sample of it is in its samples"
        );
    }
    for kind in caps.outbound.iter().filter(|k| caps.sends_in(version, **k)) {
        let name = format!("message {kind:?}");
        assert!(
            names.contains(&name.as_str()),
            "version {version} carries the {name}, and no sample of it is in its samples"
        );
    }
}
