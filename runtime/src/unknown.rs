//! The payloads of generated enums' catch-all variants.
//!
//! A string or integer enum keeps a value its spec does not list in a
//! catch-all variant (`Timezone::Other(UnknownValue)`). If users could build
//! that variant themselves, `Other("Africa/Abidjan")` would be a second,
//! unequal spelling of `AfricaAbidjan`; and a value the API adds later, which
//! a newer release lists as its own variant, would silently stop matching the
//! `Other` code users wrote for it. So the payload types have private fields
//! and no public constructor: the only ways in are the enum's `From`,
//! `FromStr`, `from_wire` and deserialization, which map listed values to
//! their own variants first. Generated code builds them through
//! [`__private`](crate::__private).

use std::fmt;

/// A string value the spec does not list, kept verbatim (the payload of a
/// string enum's catch-all variant).
///
/// It cannot be built directly: use the enum's `from_wire`, `From<&str>` or
/// `FromStr`, which give a listed value its own variant.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnknownValue(String);

impl UnknownValue {
    /// The value as sent on the wire.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for UnknownValue {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An integer value the spec does not list, kept verbatim (the payload of an
/// integer enum's catch-all variant).
///
/// It cannot be built directly: use the enum's `from_wire` or `From<i64>`,
/// which give a listed value its own variant.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnknownInteger(i64);

impl UnknownInteger {
    /// The value as sent on the wire.
    pub fn get(self) -> i64 {
        self.0
    }
}

impl fmt::Display for UnknownInteger {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

/// Wraps a value a generated `From<&str>` found unlisted. Reached only
/// through `__private`, so only generated code (which checks the listed
/// values first) calls it.
pub fn unknown_value(value: String) -> UnknownValue {
    UnknownValue(value)
}

/// Wraps a value a generated `From<i64>` found unlisted (see [`unknown_value`]).
pub fn unknown_integer(value: i64) -> UnknownInteger {
    UnknownInteger(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What a generated string enum looks like: listed values first, the
    /// rest wrapped, as `From<&str>` is emitted.
    #[derive(Debug, PartialEq)]
    enum Zone {
        Utc,
        Other(UnknownValue),
    }

    impl From<&str> for Zone {
        fn from(value: &str) -> Self {
            match value {
                "UTC" => Self::Utc,
                other => Self::Other(unknown_value(other.to_owned())),
            }
        }
    }

    impl From<String> for Zone {
        fn from(value: String) -> Self {
            match Self::from(value.as_str()) {
                Self::Other(_) => Self::Other(unknown_value(value)),
                known => known,
            }
        }
    }

    impl<'de> serde::Deserialize<'de> for Zone {
        fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            crate::serde_support::deserialize_string_enum(deserializer)
        }
    }

    #[test]
    fn unknown_values_read_back_verbatim() {
        let value = unknown_value("Europe/Kyiv".to_owned());
        assert_eq!(value.as_str(), "Europe/Kyiv");
        assert_eq!(value.as_ref(), "Europe/Kyiv");
        assert_eq!(value.to_string(), "Europe/Kyiv");
        assert_eq!(format!("{value:?}"), "UnknownValue(\"Europe/Kyiv\")");
        let number = unknown_integer(-7);
        let copy = number;
        assert_eq!((number.get(), copy.to_string()), (-7, "-7".to_owned()));
    }

    #[test]
    fn string_enums_decode_through_the_shared_deserializer() {
        // Borrowed (`&str`) and owned (escaped, so `String`) inputs alike.
        let listed: Zone = serde_json::from_str("\"UTC\"").unwrap();
        assert_eq!(listed, Zone::Utc);
        let borrowed: Zone = serde_json::from_str("\"Europe/Kyiv\"").unwrap();
        assert_eq!(borrowed, Zone::from("Europe/Kyiv"));
        let owned: Zone = serde_json::from_str("\"Europe\\/Kyiv\"").unwrap();
        assert_eq!(owned, Zone::Other(unknown_value("Europe/Kyiv".to_owned())));
        let from_value: Zone = serde_json::from_value(serde_json::json!("UTC")).unwrap();
        assert_eq!(from_value, Zone::Utc);
    }
}
