//! The macros that declare a format on the shared envelope: its versions
//! ([`format_versions!`](crate::format_versions)) and its message types
//! ([`message_types!`](crate::message_types)).

/// Declares the versions of a format on the shared envelope: the enum (`#[non_exhaustive]`, ordered, oldest
/// first), `ALL`, `number()`, `from_number()` and its [`FormatVersion`](crate::FormatVersion).
///
/// ```
/// hoso_json::format_versions! {
///     /// A version of the example format.
///     pub enum Version {
///         /// Version 1.
///         V1 = 1,
///         /// Version 2: withdrawals.
///         V2 = 2,
///     }
/// }
/// assert_eq!(Version::ALL, [Version::V1, Version::V2]);
/// assert_eq!((Version::V2.number(), Version::from_number(1)), (2, Some(Version::V1)));
/// assert_eq!(Version::from_number(3), None);
/// ```
#[macro_export]
macro_rules! format_versions {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident { $( $(#[$vmeta:meta])* $variant:ident = $number:literal ),+ $(,)? }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        $vis enum $name { $( $(#[$vmeta])* $variant ),+ }

        impl $name {
            /// Every version, oldest first.
            pub const ALL: [$name; [$(stringify!($variant)),+].len()] = [$($name::$variant),+];

            /// The number the envelope carries.
            pub fn number(self) -> u64 {
                match self { $($name::$variant => $number),+ }
            }

            /// The version the envelope's number names, if any.
            pub fn from_number(number: u64) -> Option<$name> {
                $name::ALL.into_iter().find(|v| v.number() == number)
            }
        }

        impl $crate::FormatVersion for $name {
            fn all() -> &'static [$name] {
                &$name::ALL
            }

            fn number(self) -> u64 {
                $name::number(self)
            }
        }
    };
}

/// Declares the message types of a format on the shared envelope: the envelope's `messageType` enum (each
/// type with its name on the wire, its payload type and, when it came later than the first version,
/// `since` that version) and its [`MessageTypes`](crate::MessageTypes). Each payload type implements
/// [`PortMapping`](crate::PortMapping). The calling crate depends on `serde` and `schemars` (the enum
/// derives their traits).
///
/// ```
/// use hoso_json::MessageTypes;
/// // In hoso_json::example:
/// //     hoso_json::message_types! {
/// //         /// What the payload is.
/// //         pub enum MessageType in Version {
/// //             Accepted(Accepted) = "accepted",
/// //             Receipt(Receipt) = "receipt",
/// //             Withdrawal(Withdrawal) = "withdrawal" since V2,
/// //         }
/// //     }
/// assert_eq!(hoso_json::example::MessageType::all().len(), 3);
/// assert_eq!(hoso_json::example::MessageType::Withdrawal.since(), hoso_json::example::Version::V2);
/// assert_eq!(serde_json::to_string(&hoso_json::example::MessageType::Accepted)?, r#""accepted""#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[macro_export]
macro_rules! message_types {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident in $version:ident {
            $( $(#[$vmeta:meta])* $variant:ident($payload:ty) = $wire:literal $(since $since:ident)? ),+
            $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, ::serde::Serialize, ::serde::Deserialize)]
        $vis enum $name { $( $(#[$vmeta])* #[serde(rename = $wire)] $variant ),+ }

        /// The schema of the enum: its own documentation, and its wire names as a plain `enum` (the variants'
        /// documentation is for rustdoc, not the schema).
        mod __message_type_schema {
            #[derive(::schemars::JsonSchema)]
            #[allow(dead_code)]
            $(#[$meta])*
            pub(super) enum $name { $( #[serde(rename = $wire)] $variant ),+ }
        }

        impl ::schemars::JsonSchema for $name {
            fn schema_name() -> ::std::borrow::Cow<'static, str> {
                <__message_type_schema::$name as ::schemars::JsonSchema>::schema_name()
            }

            fn schema_id() -> ::std::borrow::Cow<'static, str> {
                <__message_type_schema::$name as ::schemars::JsonSchema>::schema_id()
            }

            fn json_schema(generator: &mut ::schemars::SchemaGenerator) -> ::schemars::Schema {
                <__message_type_schema::$name as ::schemars::JsonSchema>::json_schema(generator)
            }
        }

        impl $crate::MessageTypes for $name {
            type Version = $version;

            fn all() -> &'static [$name] {
                &[$($name::$variant),+]
            }

            fn since(self) -> $version {
                match self {
                    $($name::$variant => {
                        #[allow(unused_variables)]
                        let since = $version::ALL[0];
                        $(let since = $version::$since;)?
                        since
                    })+
                }
            }

            fn kind(self) -> $crate::PortKind {
                match self { $($name::$variant => <$payload as $crate::PortMapping>::KIND),+ }
            }

            fn read(
                self,
                agency: &$crate::__private::AgencyCode,
                bytes: &[u8],
            ) -> ::std::result::Result<$crate::__private::Decoded, $crate::__private::AdapterError> {
                match self { $($name::$variant => $crate::read_as::<$name, $payload>(agency, bytes)),+ }
            }

            fn write(
                self,
                agency: &$crate::__private::AgencyCode,
                version: $version,
                message: $crate::PortMessage<'_>,
            ) -> ::std::option::Option<
                ::std::result::Result<::std::vec::Vec<u8>, $crate::__private::AdapterError>,
            > {
                match self {
                    $($name::$variant => {
                        let payload = <$payload as $crate::PortMapping>::from_port(message)?;
                        Some($crate::write_as(agency, version, self, message, payload))
                    })+
                }
            }

            fn schema(
                self,
                generator: &mut ::schemars::SchemaGenerator,
            ) -> ::schemars::Schema {
                match self {
                    $($name::$variant => <$crate::Envelope<$name, $payload> as ::schemars::JsonSchema>
                        ::json_schema(generator)),+
                }
            }
        }
    };
}

/// Declares how a wire struct mirrors one of the port's types member for member, both ways: a
/// [`Mirror`](crate::Mirror) between two structs, or the [`PortMapping`](crate::PortMapping) of a payload
/// that mirrors a notice or a message to the agency. Each member is named once, as the wire struct names it,
/// with `: port_name` when the port's name differs; the members under `mirror:` are mapped with
/// [`Mirror::wire`](crate::Mirror::wire) and [`Mirror::port`](crate::Mirror::port) (so [`Text`](crate::Text)
/// for `String`, and through `Option` and `Vec`), those under `copy:` are cloned one way and moved the other.
/// Every member of both sides is listed (the patterns and literals it writes are exhaustive), so a member
/// added to either side without its counterpart does not compile. A mapping that is not a mirror (a rule
/// between members, a value the format cannot carry) is written by hand.
///
/// Three forms:
/// - `Wire = Port { mirror: …; copy: …; }`: `impl Mirror<Port> for Wire`.
/// - `Wire = Notice::Variant { head: reference, officer; mirror: …; copy: …; }`: the payload of a notice of
///   that variant; `head:` names the wire members that carry the message's `reference` and (optionally) its
///   `officer`; the rest mirror the variant's members.
/// - `Wire = OutboundMessage::Variant(Port) { mirror: …; copy: …; }`: the payload of a message to the agency,
///   whose message id, send time and dossier are the envelope's.
///
/// Both `mirror:` and `copy:` may be left out.
///
/// ```
/// use hoso_core::adapter::{
///     AgencyRef, Decoded, Notice, OutboundMessage, SubmittedDocument, SupplementDelivery,
/// };
/// use hoso_json::{Head, Mirror, PortKind, PortMapping, PortMessage, Text};
/// use jiff::civil::Date;
/// use serde::{Deserialize, Serialize};
///
/// #[derive(Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
/// pub struct Paper { title: Text, originals: u32, copies: u32, pages: Option<u32> }
///
/// hoso_json::mirror! {
///     Paper = SubmittedDocument {
///         mirror: title: name;
///         copy: originals, copies, pages;
///     }
/// }
///
/// #[derive(Debug, Serialize, Deserialize, schemars::JsonSchema)]
/// pub struct Supplement { receipt_number: Option<AgencyRef>, papers: Vec<Paper> }
///
/// hoso_json::mirror! {
///     Supplement = OutboundMessage::SupplementDelivered(SupplementDelivery) {
///         mirror: papers: documents;
///         copy: receipt_number: reference;
///     }
/// }
///
/// #[derive(Debug, Serialize, Deserialize, schemars::JsonSchema)]
/// pub struct Accepted {
///     receipt_number: Option<AgencyRef>,
///     officer: Option<Text>,
///     #[serde(deserialize_with = "hoso_core::time::rfc3339::date")]
///     #[schemars(schema_with = "hoso_core::time::date_schema")]
///     appointment_date: Date,
///     #[serde(deserialize_with = "hoso_core::time::rfc3339::option_timestamp")]
///     #[schemars(schema_with = "hoso_core::time::option_timestamp_schema")]
///     received_at: Option<jiff::Timestamp>,
/// }
///
/// hoso_json::mirror! {
///     Accepted = Notice::Accepted {
///         head: receipt_number, officer;
///         copy: appointment_date: appointment, received_at;
///     }
/// }
///
/// let paper = SubmittedDocument { name: "Tờ khai".into(), originals: 1, copies: 0, pages: Some(2) };
/// let wire = Paper::wire(&paper);
/// assert_eq!(wire.title.as_str(), "Tờ khai");
/// assert_eq!(wire.port(), paper);
///
/// let head = Head::new(
///     "000.00.12.H01".parse()?, "M-1".into(), "2026-03-02T02:00:00Z".parse()?,
///     "000.00.12.H01-260302-0001".parse()?,
/// );
/// let accepted = Accepted {
///     receipt_number: Some(AgencyRef("LLTP-1".into())),
///     officer: Some(Text::of("Lê Văn Hùng")),
///     appointment_date: jiff::civil::date(2026, 3, 16),
///     received_at: None,
/// };
/// let Decoded::Notice(message) = accepted.into_port(head)? else { panic!() };
/// assert_eq!(message.officer.as_deref(), Some("Lê Văn Hùng"));
/// assert_eq!(<Accepted as PortMapping>::KIND, PortKind::Notice(message.notice.kind()));
/// let again = Accepted::from_port(PortMessage::Notice(&message)).unwrap();
/// assert_eq!(again.appointment_date, jiff::civil::date(2026, 3, 16));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[macro_export]
macro_rules! mirror {
    (
        $wire:ident = Notice::$variant:ident {
            head: $reference:ident $(, $officer:ident)? $(,)?;
            $(mirror: $($m:ident $(: $mp:ident)?),+ $(,)?;)?
            $(copy: $($c:ident $(: $cp:ident)?),+ $(,)?;)?
        }
    ) => {
        impl $crate::PortMapping for $wire {
            const KIND: $crate::PortKind =
                $crate::PortKind::Notice($crate::__private::NoticeKind::$variant);

            fn from_port(message: $crate::PortMessage<'_>) -> ::std::option::Option<Self> {
                let (m, notice) = message.notice()?;
                let $crate::__private::Notice::$variant {
                    $($($($mp:)? $m,)+)? $($($($cp:)? $c,)+)?
                } = notice
                else {
                    return ::std::option::Option::None;
                };
                ::std::option::Option::Some($wire {
                    $reference: ::std::clone::Clone::clone(&m.reference),
                    $($officer: $crate::Mirror::wire(&m.officer),)?
                    $($($m: $crate::Mirror::wire($m),)+)?
                    $($($c: ::std::clone::Clone::clone($c),)+)?
                })
            }

            fn into_port(
                self,
                head: $crate::Head,
            ) -> ::std::result::Result<$crate::__private::Decoded, $crate::__private::AdapterError>
            {
                let $wire { $reference, $($officer,)? $($($m,)+)? $($($c,)+)? } = self;
                let officer: ::std::option::Option<::std::string::String> =
                    $crate::__mirror_officer!($($officer)?);
                $($(let $m = $crate::Mirror::port($m);)+)?
                let notice = $crate::__private::Notice::$variant {
                    $($($($mp:)? $m,)+)? $($($($cp:)? $c,)+)?
                };
                ::std::result::Result::Ok(head.notice($reference, officer, notice))
            }
        }
    };
    (
        $wire:ident = OutboundMessage::$variant:ident($($port:ident)::+) {
            $(mirror: $($m:ident $(: $mp:ident)?),+ $(,)?;)?
            $(copy: $($c:ident $(: $cp:ident)?),+ $(,)?;)?
        }
    ) => {
        impl $crate::PortMapping for $wire {
            const KIND: $crate::PortKind =
                $crate::PortKind::Outbound($crate::__private::OutboundKind::$variant);

            fn from_port(message: $crate::PortMessage<'_>) -> ::std::option::Option<Self> {
                let $crate::__private::OutboundMessage::$variant($($port)::+ {
                    $($($($mp:)? $m,)+)? $($($($cp:)? $c,)+)? ..
                }) = message.outbound()?
                else {
                    return ::std::option::Option::None;
                };
                ::std::option::Option::Some($wire {
                    $($($m: $crate::Mirror::wire($m),)+)?
                    $($($c: ::std::clone::Clone::clone($c),)+)?
                })
            }

            fn into_port(
                self,
                head: $crate::Head,
            ) -> ::std::result::Result<$crate::__private::Decoded, $crate::__private::AdapterError>
            {
                let $wire { $($($m,)+)? $($($c,)+)? } = self;
                $($(let $m = $crate::Mirror::port($m);)+)?
                let message = $($port)::+ {
                    message_id: head.message_id,
                    sent_at: head.sent_at,
                    dossier: head.dossier,
                    $($($($mp:)? $m,)+)? $($($($cp:)? $c,)+)?
                };
                ::std::result::Result::Ok($crate::__private::Decoded::Outbound(
                    $crate::__private::OutboundMessage::$variant(message),
                ))
            }
        }
    };
    (
        $wire:ident = $($port:ident)::+ {
            $(mirror: $($m:ident $(: $mp:ident)?),+ $(,)?;)?
            $(copy: $($c:ident $(: $cp:ident)?),+ $(,)?;)?
        }
    ) => {
        impl $crate::Mirror<$($port)::+> for $wire {
            fn wire(port: &$($port)::+) -> Self {
                let $($port)::+ { $($($($mp:)? $m,)+)? $($($($cp:)? $c,)+)? } = port;
                $wire {
                    $($($m: $crate::Mirror::wire($m),)+)?
                    $($($c: ::std::clone::Clone::clone($c),)+)?
                }
            }

            fn port(self) -> $($port)::+ {
                let $wire { $($($m,)+)? $($($c,)+)? } = self;
                $($(let $m = $crate::Mirror::port($m);)+)?
                $($port)::+ { $($($($mp:)? $m,)+)? $($($($cp:)? $c,)+)? }
            }
        }
    };
}

/// The officer of a notice [`mirror!`](crate::mirror) declares: the wire member's, or none.
#[doc(hidden)]
#[macro_export]
macro_rules! __mirror_officer {
    () => {
        ::std::option::Option::None
    };
    ($officer:ident) => {
        $crate::Mirror::port($officer)
    };
}
