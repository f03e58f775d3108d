//! The serde serializer that writes a value's canonical form straight from its `Serialize` implementation.

use super::{
    CanonicalError, MemberRanges, member_segment, sort_members, write_integer, write_string,
};
use serde::ser::{self, Serialize};
use serde_json::Value;
use std::borrow::Cow;
use std::ops::Range;

/// The serializer: writes one value's canonical form into `out`.
pub(super) struct Canon<'a> {
    pub(super) out: &'a mut Vec<u8>,
    /// Where the top-level object reports its members' ranges (see [`canonical_object`](super::canonical_object)).
    pub(super) top: Option<&'a mut MemberRanges>,
}

/// An object being written: members are serialised into `scratch`, then sorted and copied out.
pub(super) struct ObjectWriter<'a> {
    out: &'a mut Vec<u8>,
    top: Option<&'a mut MemberRanges>,
    scratch: Vec<u8>,
    members: Vec<(Cow<'static, str>, Range<usize>)>,
    pending_key: Option<Cow<'static, str>>,
    /// Closing bytes after the object (`}` when it is the value of an enum variant's wrapper object).
    trailer: &'static [u8],
}

/// An array being written straight into `out`.
pub(super) struct ArrayWriter<'a> {
    out: &'a mut Vec<u8>,
    index: usize,
    trailer: &'static [u8],
}

impl<'a> ObjectWriter<'a> {
    fn new(
        out: &'a mut Vec<u8>,
        top: Option<&'a mut MemberRanges>,
        trailer: &'static [u8],
    ) -> Self {
        ObjectWriter {
            out,
            top,
            scratch: Vec::with_capacity(256),
            members: Vec::new(),
            pending_key: None,
            trailer,
        }
    }

    fn member<T: Serialize + ?Sized>(
        &mut self,
        name: Cow<'static, str>,
        value: &T,
    ) -> Result<(), CanonicalError> {
        let start = self.scratch.len();
        value
            .serialize(Canon {
                out: &mut self.scratch,
                top: None,
            })
            .map_err(|e| e.within(member_segment(&name)))?;
        self.members.push((name, start..self.scratch.len()));
        Ok(())
    }

    fn finish(mut self) -> Result<(), CanonicalError> {
        sort_members(&mut self.members);
        if let Some(pair) = self.members.windows(2).find(|w| w[0].0 == w[1].0) {
            return Err(CanonicalError::NotJson {
                path: "$".into(),
                message: format!("member {:?} appears twice", pair[0].0),
            });
        }
        self.out.push(b'{');
        let mut ranges = Vec::with_capacity(if self.top.is_some() {
            self.members.len()
        } else {
            0
        });
        for (i, (name, range)) in self.members.iter().enumerate() {
            if i > 0 {
                self.out.push(b',');
            }
            let start = self.out.len();
            write_string(self.out, name);
            self.out.push(b':');
            self.out
                .extend_from_slice(self.scratch.get(range.clone()).unwrap_or_default());
            if self.top.is_some() {
                ranges.push((name.to_string(), start..self.out.len()));
            }
        }
        self.out.push(b'}');
        self.out.extend_from_slice(self.trailer);
        if let Some(top) = self.top {
            *top = ranges;
        }
        Ok(())
    }
}

impl ArrayWriter<'_> {
    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), CanonicalError> {
        if self.index > 0 {
            self.out.push(b',');
        }
        value
            .serialize(Canon {
                out: self.out,
                top: None,
            })
            .map_err(|e| e.within(format_args!("[{}]", self.index)))?;
        self.index += 1;
        Ok(())
    }

    fn finish(self) -> Result<(), CanonicalError> {
        self.out.push(b']');
        self.out.extend_from_slice(self.trailer);
        Ok(())
    }
}

impl<'a> Canon<'a> {
    fn array(self, trailer: &'static [u8]) -> ArrayWriter<'a> {
        self.out.push(b'[');
        ArrayWriter {
            out: self.out,
            index: 0,
            trailer,
        }
    }

    /// Opens `{"variant":` for the externally tagged enum representation serde_json uses.
    fn variant_wrapper(&mut self, variant: &str) {
        self.out.push(b'{');
        write_string(self.out, variant);
        self.out.push(b':');
    }
}

impl<'a> ser::Serializer for Canon<'a> {
    type Ok = ();
    type Error = CanonicalError;
    type SerializeSeq = ArrayWriter<'a>;
    type SerializeTuple = ArrayWriter<'a>;
    type SerializeTupleStruct = ArrayWriter<'a>;
    type SerializeTupleVariant = ArrayWriter<'a>;
    type SerializeMap = ObjectWriter<'a>;
    type SerializeStruct = ObjectWriter<'a>;
    type SerializeStructVariant = ObjectWriter<'a>;

    fn serialize_bool(self, v: bool) -> Result<(), CanonicalError> {
        self.out
            .extend_from_slice(if v { b"true" } else { b"false" });
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Result<(), CanonicalError> {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i16(self, v: i16) -> Result<(), CanonicalError> {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i32(self, v: i32) -> Result<(), CanonicalError> {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i64(self, v: i64) -> Result<(), CanonicalError> {
        write_integer(self.out, v.unsigned_abs(), v < 0)
    }
    fn serialize_i128(self, v: i128) -> Result<(), CanonicalError> {
        let magnitude = u64::try_from(v.unsigned_abs()).unwrap_or(u64::MAX);
        write_integer(self.out, magnitude, v < 0)
    }
    fn serialize_u8(self, v: u8) -> Result<(), CanonicalError> {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u16(self, v: u16) -> Result<(), CanonicalError> {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u32(self, v: u32) -> Result<(), CanonicalError> {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u64(self, v: u64) -> Result<(), CanonicalError> {
        write_integer(self.out, v, false)
    }
    fn serialize_u128(self, v: u128) -> Result<(), CanonicalError> {
        write_integer(self.out, u64::try_from(v).unwrap_or(u64::MAX), false)
    }
    fn serialize_f32(self, v: f32) -> Result<(), CanonicalError> {
        self.serialize_f64(f64::from(v))
    }
    fn serialize_f64(self, v: f64) -> Result<(), CanonicalError> {
        Err(CanonicalError::NonIntegerNumber {
            path: "$".into(),
            number: v.to_string(),
        })
    }
    fn serialize_char(self, v: char) -> Result<(), CanonicalError> {
        write_string(self.out, v.encode_utf8(&mut [0; 4]));
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Result<(), CanonicalError> {
        write_string(self.out, v);
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), CanonicalError> {
        let mut array = self.array(b"");
        for b in v {
            ser::SerializeSeq::serialize_element(&mut array, b)?;
        }
        array.finish()
    }
    fn serialize_none(self) -> Result<(), CanonicalError> {
        self.serialize_unit()
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), CanonicalError> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), CanonicalError> {
        self.out.extend_from_slice(b"null");
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), CanonicalError> {
        self.serialize_unit()
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<(), CanonicalError> {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), CanonicalError> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        mut self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), CanonicalError> {
        self.variant_wrapper(variant);
        value
            .serialize(Canon {
                out: self.out,
                top: None,
            })
            .map_err(|e| e.within(member_segment(variant)))?;
        self.out.push(b'}');
        Ok(())
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<ArrayWriter<'a>, CanonicalError> {
        Ok(self.array(b""))
    }
    fn serialize_tuple(self, _: usize) -> Result<ArrayWriter<'a>, CanonicalError> {
        Ok(self.array(b""))
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<ArrayWriter<'a>, CanonicalError> {
        Ok(self.array(b""))
    }
    fn serialize_tuple_variant(
        mut self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<ArrayWriter<'a>, CanonicalError> {
        self.variant_wrapper(variant);
        Ok(self.array(b"}"))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<ObjectWriter<'a>, CanonicalError> {
        Ok(ObjectWriter::new(self.out, self.top, b""))
    }
    fn serialize_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<ObjectWriter<'a>, CanonicalError> {
        Ok(ObjectWriter::new(self.out, self.top, b""))
    }
    fn serialize_struct_variant(
        mut self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<ObjectWriter<'a>, CanonicalError> {
        self.variant_wrapper(variant);
        Ok(ObjectWriter::new(self.out, None, b"}"))
    }
}

impl ser::SerializeSeq for ArrayWriter<'_> {
    type Ok = ();
    type Error = CanonicalError;
    fn serialize_element<T: Serialize + ?Sized>(
        &mut self,
        value: &T,
    ) -> Result<(), CanonicalError> {
        self.element(value)
    }
    fn end(self) -> Result<(), CanonicalError> {
        self.finish()
    }
}

impl ser::SerializeTuple for ArrayWriter<'_> {
    type Ok = ();
    type Error = CanonicalError;
    fn serialize_element<T: Serialize + ?Sized>(
        &mut self,
        value: &T,
    ) -> Result<(), CanonicalError> {
        self.element(value)
    }
    fn end(self) -> Result<(), CanonicalError> {
        self.finish()
    }
}

impl ser::SerializeTupleStruct for ArrayWriter<'_> {
    type Ok = ();
    type Error = CanonicalError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), CanonicalError> {
        self.element(value)
    }
    fn end(self) -> Result<(), CanonicalError> {
        self.finish()
    }
}

impl ser::SerializeTupleVariant for ArrayWriter<'_> {
    type Ok = ();
    type Error = CanonicalError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), CanonicalError> {
        self.element(value)
    }
    fn end(self) -> Result<(), CanonicalError> {
        self.finish()
    }
}

impl ser::SerializeMap for ObjectWriter<'_> {
    type Ok = ();
    type Error = CanonicalError;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), CanonicalError> {
        // Object keys must be strings; a key is rare enough outside structs to take the slow path.
        match serde_json::to_value(key) {
            Ok(Value::String(name)) => {
                self.pending_key = Some(Cow::Owned(name));
                Ok(())
            }
            _ => Err(CanonicalError::NotJson {
                path: "$".into(),
                message: "an object key is not a string".into(),
            }),
        }
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), CanonicalError> {
        let name = self.pending_key.take().unwrap_or_default();
        self.member(name, value)
    }
    fn end(self) -> Result<(), CanonicalError> {
        self.finish()
    }
}

impl ser::SerializeStruct for ObjectWriter<'_> {
    type Ok = ();
    type Error = CanonicalError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), CanonicalError> {
        self.member(Cow::Borrowed(key), value)
    }
    fn end(self) -> Result<(), CanonicalError> {
        self.finish()
    }
}

impl ser::SerializeStructVariant for ObjectWriter<'_> {
    type Ok = ();
    type Error = CanonicalError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), CanonicalError> {
        self.member(Cow::Borrowed(key), value)
    }
    fn end(self) -> Result<(), CanonicalError> {
        self.finish()
    }
}
