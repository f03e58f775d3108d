//! Declaring a format's versions once: the enum, its namespaces and numbers, its names tables, and
//! [`FormatVersion`](crate::FormatVersion).

/// Declares the version enum of an agency's XML format: each version with its namespace URI, the number its
/// version attribute carries, and whether that attribute is required. Generates the enum (`Debug`, `Clone`,
/// `Copy`, `PartialEq`, `Eq`, `Hash`, `PartialOrd`, `Ord`, `#[non_exhaustive]`), `ALL` (oldest first),
/// `namespace()`, `number()`, `from_number()`, `Display` (`v1`) and [`FormatVersion`](crate::FormatVersion).
///
/// ```
/// hoso_xml::format_versions! {
///     /// A version of the example office's format.
///     pub enum Version {
///         /// Version 1.
///         V1 => ("urn:example:v1", "1", optional),
///         /// Version 2: `phienBan` required.
///         V2 => ("urn:example:v2", "2", required),
///     }
/// }
/// use hoso_xml::FormatVersion;
/// assert_eq!(Version::ALL, [Version::V1, Version::V2]);
/// assert_eq!((Version::V2.namespace(), Version::V2.to_string()), ("urn:example:v2", "v2".to_owned()));
/// assert_eq!(Version::from_number("1"), Some(Version::V1));
/// assert!(Version::V2.requires_number() && !Version::V1.requires_number());
/// ```
///
/// With `with Names` after the enum's name and each version's names table last in its tuple, it also generates
/// `pub(crate) fn names(self) -> &'static Names`:
///
/// ```
/// struct Names { dossier: &'static str }
/// hoso_xml::format_versions! {
///     /// A version of the example office's format.
///     pub enum Version with Names {
///         /// Version 1.
///         V1 => ("urn:example:v1", "1", optional, &Names { dossier: "MaHoSo" }),
///         /// Version 2: renames the dossier.
///         V2 => ("urn:example:v2", "2", required, &Names { dossier: "MaHoSoMotCua" }),
///     }
/// }
/// assert_eq!(Version::V2.names().dossier, "MaHoSoMotCua");
/// ```
#[macro_export]
macro_rules! format_versions {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $(
                $(#[$variant_meta:meta])*
                $variant:ident => ($namespace:literal, $number:literal, $attribute:ident)
            ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        $vis enum $name {
            $( $(#[$variant_meta])* $variant, )+
        }

        impl $name {
            /// Every version, oldest first.
            pub const ALL: [$name; [$(stringify!($variant)),+].len()] = [$($name::$variant),+];

            /// The namespace URI of this version.
            pub fn namespace(self) -> &'static str {
                match self {
                    $( $name::$variant => $namespace, )+
                }
            }

            /// The value of the version attribute for this version.
            pub fn number(self) -> &'static str {
                match self {
                    $( $name::$variant => $number, )+
                }
            }

            /// The version whose version attribute carries `number`.
            pub fn from_number(number: &str) -> Option<$name> {
                $name::ALL.into_iter().find(|v| v.number() == number)
            }
        }

        impl $crate::FormatVersion for $name {
            fn namespace(self) -> &'static str {
                $name::namespace(self)
            }

            fn number(self) -> &'static str {
                $name::number(self)
            }

            fn requires_number(self) -> bool {
                match self {
                    $( $name::$variant => $crate::format_versions!(@required $attribute), )+
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                write!(f, "v{}", self.number())
            }
        }
    };
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident with $names_ty:ty {
            $(
                $(#[$variant_meta:meta])*
                $variant:ident => ($namespace:literal, $number:literal, $attribute:ident, $names:expr)
            ),+ $(,)?
        }
    ) => {
        $crate::format_versions! {
            $(#[$meta])*
            $vis enum $name {
                $( $(#[$variant_meta])* $variant => ($namespace, $number, $attribute) ),+
            }
        }

        impl $name {
            /// The element names of this version.
            pub(crate) fn names(self) -> &'static $names_ty {
                match self {
                    $( $name::$variant => $names, )+
                }
            }
        }
    };
    (@required required) => { true };
    (@required optional) => { false };
}
