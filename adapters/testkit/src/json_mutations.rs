//! Documents derived from a JSON sample, one change each, for the checks that must refuse them: a member
//! removed, a value of another type, an unknown member added, a key given twice.
//!
//! A sample is read into [`Json`], which keeps its members in the sample's order and can hold a key twice
//! (`serde_json::Value` sorts keys and cannot), so that an object written as an array lists its values in
//! the order a decoder reading a struct from an array expects them. Every derived document says what was
//! changed and where (a JSON Pointer), so that a check that fails can name the mutation it was given.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

use crate::codec_checks::Sample;

/// A JSON value whose objects keep their members in order, repeated keys included.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Json {
    Null,
    Bool(bool),
    Number(serde_json::Number),
    String(String),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

impl<'de> Deserialize<'de> for Json {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Any;
        impl<'de> Visitor<'de> for Any {
            type Value = Json;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON value")
            }
            fn visit_unit<E: de::Error>(self) -> Result<Json, E> {
                Ok(Json::Null)
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Json, E> {
                Ok(Json::Bool(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Json, E> {
                Ok(Json::Number(v.into()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Json, E> {
                Ok(Json::Number(v.into()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Json, E> {
                serde_json::Number::from_f64(v)
                    .map(Json::Number)
                    .ok_or_else(|| E::custom("a number that is not finite"))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Json, E> {
                Ok(Json::String(v.to_owned()))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Json, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(Json::Array(items))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Json, A::Error> {
                let mut members = Vec::new();
                while let Some(member) = map.next_entry()? {
                    members.push(member);
                }
                Ok(Json::Object(members))
            }
        }
        deserializer.deserialize_any(Any)
    }
}

impl Serialize for Json {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Json::Null => serializer.serialize_unit(),
            Json::Bool(b) => serializer.serialize_bool(*b),
            Json::Number(n) => n.serialize(serializer),
            Json::String(s) => serializer.serialize_str(s),
            Json::Array(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Json::Object(members) => {
                let mut map = serializer.serialize_map(Some(members.len()))?;
                for (key, value) in members {
                    map.serialize_entry(key, value)?;
                }
                map.end()
            }
        }
    }
}

/// One document derived from a sample.
#[derive(Debug, Clone)]
pub(crate) struct Mutation {
    /// What was changed and where, e.g. "member /payload/dossierCode removed".
    pub(crate) what: String,
    /// The changed document.
    pub(crate) bytes: Vec<u8>,
}

/// The name of the member the kit adds where none is expected.
pub(crate) const UNKNOWN_MEMBER: &str = "hosoKitUnknownMember";

/// A sample as JSON.
///
/// # Panics
/// If the sample is not JSON.
pub(crate) fn parse(sample: &Sample) -> Json {
    serde_json::from_slice(&sample.bytes)
        .unwrap_or_else(|e| panic!("{} is not JSON: {e}", sample.path.display()))
}

/// A value inside a document: its JSON Pointer, the indices that reach it, and the value.
struct Place<'v> {
    pointer: String,
    steps: Vec<usize>,
    value: &'v Json,
}

impl Place<'_> {
    /// The pointer as a message writes it: `/` for the document itself.
    fn shown(&self) -> &str {
        if self.pointer.is_empty() {
            "/"
        } else {
            &self.pointer
        }
    }
}

/// Every value of `document`, the document itself first.
fn places(document: &Json) -> Vec<Place<'_>> {
    fn walk<'v>(value: &'v Json, pointer: String, steps: Vec<usize>, out: &mut Vec<Place<'v>>) {
        out.push(Place {
            pointer: pointer.clone(),
            steps: steps.clone(),
            value,
        });
        let children: Vec<(String, &Json)> = match value {
            Json::Object(members) => members
                .iter()
                .map(|(k, v)| (k.replace('~', "~0").replace('/', "~1"), v))
                .collect(),
            Json::Array(items) => items
                .iter()
                .enumerate()
                .map(|(i, v)| (i.to_string(), v))
                .collect(),
            _ => Vec::new(),
        };
        for (i, (name, child)) in children.into_iter().enumerate() {
            let mut next = steps.clone();
            next.push(i);
            walk(child, format!("{pointer}/{name}"), next, out);
        }
    }
    let mut out = Vec::new();
    walk(document, String::new(), Vec::new(), &mut out);
    out
}

/// `document` with the value at `steps` changed by `change`, as bytes.
fn changed(document: &Json, steps: &[usize], change: impl FnOnce(&mut Json)) -> Vec<u8> {
    let mut copy = document.clone();
    let mut at = &mut copy;
    for &i in steps {
        at = match at {
            Json::Object(members) => &mut members[i].1,
            Json::Array(items) => &mut items[i],
            _ => unreachable!("a path from `places` leads through objects and arrays"),
        };
    }
    change(at);
    serde_json::to_vec(&copy).unwrap_or_else(|e| panic!("a JSON value does not serialise: {e}"))
}

/// For each non-empty object (its pointer as a message writes it), each of its members removed, one at a time.
pub(crate) fn removals(document: &Json) -> Vec<(String, Vec<Mutation>)> {
    let mut out = Vec::new();
    for place in places(document) {
        let Json::Object(members) = place.value else {
            continue;
        };
        if members.is_empty() {
            continue;
        }
        let each = members
            .iter()
            .enumerate()
            .map(|(i, (key, _))| Mutation {
                what: format!("member {}/{key} removed", place.pointer),
                bytes: changed(document, &place.steps, |v| {
                    if let Json::Object(m) = v {
                        m.remove(i);
                    }
                }),
            })
            .collect();
        out.push((place.shown().to_owned(), each));
    }
    out
}

/// The same value as another JSON type: an object as the array of its values (in order), an array as an
/// empty object, a string as a number, a number as a string of its digits, a boolean as a string. `null` is
/// left alone (it is how optional values are absent).
fn of_another_type(value: &Json) -> Option<(Json, &'static str)> {
    Some(match value {
        Json::Object(members) => (
            Json::Array(members.iter().map(|(_, v)| v.clone()).collect()),
            "an array in place of an object",
        ),
        Json::Array(_) => (Json::Object(Vec::new()), "an object in place of an array"),
        Json::String(_) => (Json::Number(1.into()), "a number in place of a string"),
        Json::Number(n) => (Json::String(n.to_string()), "a string in place of a number"),
        Json::Bool(b) => (
            Json::String(b.to_string()),
            "a string in place of a boolean",
        ),
        Json::Null => return None,
    })
}

/// The wrong-type mutations of the values that match `keep`, one at a time.
fn wrong_types_of(document: &Json, keep: fn(&Json) -> bool) -> Vec<Mutation> {
    places(document)
        .into_iter()
        .filter(|place| keep(place.value))
        .filter_map(|place| {
            let (by, how) = of_another_type(place.value)?;
            Some(Mutation {
                what: format!("{how} at {}", place.shown()),
                bytes: changed(document, &place.steps, |v| *v = by),
            })
        })
        .collect()
}

/// Each value other than `null` (the document itself included) as a value of another type, one at a time.
pub(crate) fn wrong_types(document: &Json) -> Vec<Mutation> {
    wrong_types_of(document, |_| true)
}

/// Each object (the document itself included) as the array of its values, one at a time.
pub(crate) fn arrays_for_objects(document: &Json) -> Vec<Mutation> {
    wrong_types_of(document, |v| matches!(v, Json::Object(_)))
}

/// Each number as a string of its digits, one at a time.
pub(crate) fn strings_for_numbers(document: &Json) -> Vec<Mutation> {
    wrong_types_of(document, |v| matches!(v, Json::Number(_)))
}

/// Each object (the document itself included) with a member [`UNKNOWN_MEMBER`] added at its end, one at a
/// time.
pub(crate) fn unknown_members(document: &Json) -> Vec<Mutation> {
    places(document)
        .into_iter()
        .filter(|place| matches!(place.value, Json::Object(_)))
        .map(|place| Mutation {
            what: format!(
                "an unknown member \"{UNKNOWN_MEMBER}\" in the object at {}",
                place.shown()
            ),
            bytes: changed(document, &place.steps, |v| {
                if let Json::Object(m) = v {
                    m.push((UNKNOWN_MEMBER.to_owned(), Json::String("unknown".into())));
                }
            }),
        })
        .collect()
}

/// Each non-empty object (the document itself included) with its first member written again at its end,
/// with the same value, one at a time.
pub(crate) fn duplicate_keys(document: &Json) -> Vec<Mutation> {
    places(document)
        .into_iter()
        .filter_map(|place| {
            let Json::Object(members) = place.value else {
                return None;
            };
            let first = members.first()?.clone();
            Some(Mutation {
                what: format!(
                    "the key \"{}\" twice in the object at {}",
                    first.0,
                    place.shown()
                ),
                bytes: changed(document, &place.steps, |v| {
                    if let Json::Object(m) = v {
                        m.push(first);
                    }
                }),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc() -> Json {
        serde_json::from_str(r#"{"version": 1, "body": {"b": "x", "a": [true, null]}}"#).unwrap()
    }

    fn whats(mutations: &[Mutation]) -> Vec<&str> {
        mutations.iter().map(|m| m.what.as_str()).collect()
    }

    fn text(m: &Mutation) -> &str {
        std::str::from_utf8(&m.bytes).unwrap()
    }

    #[test]
    fn the_tree_keeps_the_samples_order_and_round_trips() {
        let d = doc();
        assert_eq!(
            serde_json::to_string(&d).unwrap(),
            r#"{"version":1,"body":{"b":"x","a":[true,null]}}"#
        );
    }

    #[test]
    fn every_member_is_removed_once() {
        let by_object = removals(&doc());
        let objects: Vec<&str> = by_object.iter().map(|(at, _)| at.as_str()).collect();
        assert_eq!(objects, ["/", "/body"]);
        assert_eq!(
            whats(&by_object[0].1),
            ["member /version removed", "member /body removed"]
        );
        assert_eq!(
            whats(&by_object[1].1),
            ["member /body/b removed", "member /body/a removed"]
        );
        assert_eq!(
            text(&by_object[1].1[0]),
            r#"{"version":1,"body":{"a":[true,null]}}"#
        );
    }

    #[test]
    fn every_value_but_null_changes_type_and_objects_become_arrays_in_order() {
        let m = wrong_types(&doc());
        assert_eq!(m.len(), 6, "{:?}", whats(&m));
        assert!(whats(&m).contains(&"a string in place of a number at /version"));
        assert!(whats(&m).contains(&"an array in place of an object at /"));
        let arrays = arrays_for_objects(&doc());
        assert_eq!(
            whats(&arrays),
            [
                "an array in place of an object at /",
                "an array in place of an object at /body"
            ]
        );
        assert_eq!(
            text(&arrays[1]),
            r#"{"version":1,"body":["x",[true,null]]}"#
        );
        assert_eq!(
            text(&strings_for_numbers(&doc())[0]),
            r#"{"version":"1","body":{"b":"x","a":[true,null]}}"#
        );
    }

    #[test]
    fn unknown_members_and_duplicate_keys_go_at_the_end_of_every_object() {
        let unknown = unknown_members(&doc());
        let duplicate = duplicate_keys(&doc());
        assert_eq!((unknown.len(), duplicate.len()), (2, 2));
        assert_eq!(
            text(&unknown[1]),
            r#"{"version":1,"body":{"b":"x","a":[true,null],"hosoKitUnknownMember":"unknown"}}"#
        );
        assert_eq!(
            text(&duplicate[1]),
            r#"{"version":1,"body":{"b":"x","a":[true,null],"b":"x"}}"#
        );
        assert_eq!(
            duplicate[1].what,
            "the key \"b\" twice in the object at /body"
        );
    }
}
