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
