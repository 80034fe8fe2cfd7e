//! Rust types for the string formats of OpenAPI schemas, re-exported so a
//! generated crate's users get them at the version the runtime uses:
//! `date-time` is [`DateTime<FixedOffset>`] (the offset the server sent is
//! kept, so a value round-trips unchanged), `date` is [`NaiveDate`], `uuid`
//! is [`Uuid`] and `byte` (base64 text) is [`Base64Bytes`].

pub use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
pub use uuid::Uuid;

use base64::Engine as _;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::{DecodePaddingMode, general_purpose};

/// Bytes carried as base64 text (`type: string, format: byte`).
///
/// Encoded with the standard alphabet and padding (RFC 4648 §4), as the
/// OpenAPI specification says; decoding also accepts the URL-safe alphabet
/// and missing padding, which servers send too.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Base64Bytes(pub Vec<u8>);

impl Base64Bytes {
    /// The decoded bytes.
    pub fn into_inner(self) -> Vec<u8> {
        self.0
    }
}

impl From<Vec<u8>> for Base64Bytes {
    fn from(bytes: Vec<u8>) -> Self {
        Self(bytes)
    }
}

impl From<&[u8]> for Base64Bytes {
    fn from(bytes: &[u8]) -> Self {
        Self(bytes.to_vec())
    }
}

impl AsRef<[u8]> for Base64Bytes {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

const LENIENT: GeneralPurposeConfig =
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent);
const STANDARD_LENIENT: GeneralPurpose = GeneralPurpose::new(&base64::alphabet::STANDARD, LENIENT);
const URL_SAFE_LENIENT: GeneralPurpose = GeneralPurpose::new(&base64::alphabet::URL_SAFE, LENIENT);

impl serde::Serialize for Base64Bytes {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&general_purpose::STANDARD.encode(&self.0))
    }
}

impl<'de> serde::Deserialize<'de> for Base64Bytes {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(deserializer)?;
        STANDARD_LENIENT
            .decode(text.as_bytes())
            .or_else(|_| URL_SAFE_LENIENT.decode(text.as_bytes()))
            .map(Self)
            .map_err(|err| serde::de::Error::custom(format_args!("not base64 text: {err}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_round_trips_and_decodes_leniently() {
        let bytes = Base64Bytes(vec![0xfb, 0xff, 0x00, b'a']);
        let json = serde_json::to_string(&bytes).unwrap_or_default();
        assert_eq!(json, "\"+/8AYQ==\"");
        assert_eq!(
            serde_json::from_str::<Base64Bytes>(&json).ok(),
            Some(bytes.clone())
        );
        // URL-safe alphabet, no padding.
        assert_eq!(
            serde_json::from_str::<Base64Bytes>("\"-_8AYQ\"").ok(),
            Some(bytes)
        );
        let err = serde_json::from_str::<Base64Bytes>("\"not base64!\"").err();
        assert!(err.is_some_and(|e| e.to_string().contains("not base64 text")));
    }

    #[test]
    fn date_times_keep_their_offset() {
        let text = "\"2021-06-01T10:00:00+05:30\"";
        let value: DateTime<FixedOffset> = serde_json::from_str(text).unwrap_or_default();
        assert_eq!(serde_json::to_string(&value).ok().as_deref(), Some(text));
        let date: Option<NaiveDate> = serde_json::from_str("\"2021-06-01\"").ok();
        assert_eq!(date, NaiveDate::from_ymd_opt(2021, 6, 1));
        let id: Option<Uuid> =
            serde_json::from_str("\"67e55044-10b1-426f-9247-bb680e5fe0c8\"").ok();
        assert!(id.is_some());
    }
}
