//! Hand-written helpers the generated (de)serializers call.
//!
//! Kept out of the generated files so the logic is written, reviewed and
//! tested once, and each generated type stays a thin table of its own facts.

use serde::de::{self, Deserializer, Visitor};
use std::fmt;

/// Decodes a JSON string into an open string enum without buffering:
/// borrowed strings go through `From<&str>`, owned ones through `From<String>`
/// (which keeps the allocation for unknown values).
pub fn deserialize_string_enum<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: for<'a> From<&'a str> + From<String>,
{
    struct StringEnumVisitor<T>(std::marker::PhantomData<T>);

    impl<T> Visitor<'_> for StringEnumVisitor<T>
    where
        T: for<'a> From<&'a str> + From<String>,
    {
        type Value = T;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string")
        }

        fn visit_str<E: de::Error>(self, value: &str) -> Result<T, E> {
            Ok(T::from(value))
        }

        fn visit_string<E: de::Error>(self, value: String) -> Result<T, E> {
            Ok(T::from(value))
        }
    }

    deserializer.deserialize_str(StringEnumVisitor(std::marker::PhantomData))
}

/// One object alternative of a `oneOf`, as indices into the union of keys.
#[derive(Debug)]
pub struct ObjectVariant {
    /// Rust variant name, for error messages.
    pub name: &'static str,
    /// Keys that must be present.
    pub required: &'static [usize],
    /// Keys this alternative has at all.
    pub allowed: &'static [usize],
    /// How many of its keys must be present at least (`minProperties`).
    pub min_present: usize,
}

/// Chooses the alternative for an object given which keys are present.
///
/// An alternative fits when all its required keys are present and every
/// present key is one of its own (a key only another alternative has would
/// otherwise be silently dropped). Among those that fit, the one using the
/// most present keys wins (the most specific); ties go to the first listed.
/// When none fits, the error says, for each alternative, what it lacked or
/// which key it does not allow.
pub fn select_object_variant(
    type_name: &str,
    keys: &[&str],
    present: &[bool],
    variants: &[ObjectVariant],
) -> Result<usize, String> {
    // The hot path allocates nothing: explanations are only written when no
    // alternative fits.
    let mut best: Option<(usize, usize)> = None;
    for (index, variant) in variants.iter().enumerate() {
        if let Some(used) = fit(present, variant)
            && best.is_none_or(|(_, best_used)| used > best_used)
        {
            best = Some((index, used));
        }
    }
    match best {
        Some((index, _)) => Ok(index),
        None => Err(explain_misfit(type_name, keys, present, variants)),
    }
}

/// How many present keys `variant` would use, or `None` when it does not fit.
fn fit(present: &[bool], variant: &ObjectVariant) -> Option<usize> {
    let is_present = |k: usize| present.get(k).copied().unwrap_or(false);
    let required = variant.required.iter().all(|k| is_present(*k));
    let no_foreign = (0..present.len()).all(|k| !is_present(k) || variant.allowed.contains(&k));
    let used = variant.allowed.iter().filter(|k| is_present(**k)).count();
    (required && no_foreign && used >= variant.min_present).then_some(used)
}

/// Says, for each alternative, what it lacked or which key it does not allow.
fn explain_misfit(
    type_name: &str,
    keys: &[&str],
    present: &[bool],
    variants: &[ObjectVariant],
) -> String {
    let is_present = |k: &usize| present.get(*k).copied().unwrap_or(false);
    let name_of = |k: &usize| keys.get(*k).copied();
    let reasons: Vec<String> = variants
        .iter()
        .map(|variant| {
            let missing: Vec<&str> = variant
                .required
                .iter()
                .filter(|k| !is_present(k))
                .filter_map(name_of)
                .collect();
            let foreign: Vec<&str> = (0..present.len())
                .filter(|k| is_present(k) && !variant.allowed.contains(k))
                .filter_map(|k| name_of(&k))
                .collect();
            let used = variant.allowed.iter().filter(|k| is_present(k)).count();
            let mut why = Vec::new();
            if !missing.is_empty() {
                why.push(format!("lacks {}", quoted(&missing)));
            }
            if used < variant.min_present {
                let own: Vec<&str> = variant.allowed.iter().filter_map(name_of).collect();
                why.push(format!(
                    "needs at least {} of {}",
                    variant.min_present,
                    quoted(&own)
                ));
            }
            if !foreign.is_empty() {
                why.push(format!("does not allow {}", quoted(&foreign)));
            }
            format!("`{}` {}", variant.name, why.join(" and "))
        })
        .collect();
    format!(
        "no alternative of `{type_name}` fits: {}",
        reasons.join("; ")
    )
}

fn quoted(keys: &[&str]) -> String {
    keys.iter()
        .map(|k| format!("`{k}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Whether a string is an ISO 8601 date (`2021-12-01`) or date-time
/// (`2020-10-01T18:30:00.000Z`, `2021-11-01T13:35:00+02:00`): what tells the
/// `date` alternative of a `oneOf` from a plain string one.
pub fn is_date(value: &str) -> bool {
    let bytes = value.as_bytes();
    let digits = |range: std::ops::Range<usize>| {
        bytes
            .get(range)
            .is_some_and(|b| b.iter().all(u8::is_ascii_digit))
    };
    let date = digits(0..4)
        && bytes.get(4) == Some(&b'-')
        && digits(5..7)
        && bytes.get(7) == Some(&b'-')
        && digits(8..10);
    if !date {
        return false;
    }
    match bytes.get(10) {
        None => true,
        Some(b'T' | b't' | b' ') => {
            digits(11..13) && bytes.get(13) == Some(&b':') && digits(14..16)
        }
        Some(_) => false,
    }
}

pub(crate) mod testing {
    //! Support for the generated example table (compiled by generated
    //! crates' integration tests, so not under this crate's `cfg(test)`).

    /// One `example` from the spec.
    #[derive(Debug)]
    pub struct Example {
        /// JSON pointer of the `example` in the spec.
        pub pointer: &'static str,
        /// The Rust type it belongs to, as text.
        pub type_name: &'static str,
        /// The example, as JSON text.
        pub json: &'static str,
        /// Decodes and re-encodes `json` as the type.
        pub round_trip: fn(&str) -> Result<(), String>,
    }

    /// Decodes `json` as `T`, encodes it again and compares the two JSON values.
    pub fn round_trip<T>(json: &str) -> Result<(), String>
    where
        T: serde::de::DeserializeOwned + serde::Serialize,
    {
        let original: serde_json::Value =
            serde_json::from_str(json).map_err(|e| format!("example is not JSON: {e}"))?;
        let decoded: T = serde_json::from_str(json).map_err(|e| format!("does not decode: {e}"))?;
        let encoded =
            serde_json::to_value(&decoded).map_err(|e| format!("does not encode: {e}"))?;
        if same_json(&encoded, &original) {
            Ok(())
        } else {
            Err(format!("re-encodes differently: {encoded}"))
        }
    }

    /// Whether two JSON values say the same: numbers by value (an `f64`
    /// field's example `25` comes back as `25.0`), and a member that is
    /// `null` as one that is absent (an optional field decodes both as
    /// `None` and sends neither). Recursion is bounded by `serde_json`'s
    /// nesting limit (128) on the parsed example.
    fn same_json(left: &serde_json::Value, right: &serde_json::Value) -> bool {
        use serde_json::Value;
        match (left, right) {
            (Value::Number(l), Value::Number(r)) => {
                l == r || matches!((l.as_f64(), r.as_f64()), (Some(l), Some(r)) if l == r)
            }
            (Value::Array(l), Value::Array(r)) => {
                l.len() == r.len() && l.iter().zip(r).all(|(l, r)| same_json(l, r))
            }
            (Value::Object(l), Value::Object(r)) => {
                let present = |map: &serde_json::Map<String, Value>| {
                    map.iter().filter(|(_, v)| !v.is_null()).count()
                };
                present(l) == present(r)
                    && l.iter()
                        .filter(|(_, v)| !v.is_null())
                        .all(|(k, v)| r.get(k).is_some_and(|w| same_json(v, w)))
            }
            _ => left == right,
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn numbers_compare_by_value_and_null_members_as_absent() {
            assert_eq!(round_trip::<f64>("25"), Ok(()));
            assert_eq!(round_trip::<Option<i64>>("null"), Ok(()));
            let same = |l: &str, r: &str| {
                same_json(
                    &serde_json::from_str(l).unwrap(),
                    &serde_json::from_str(r).unwrap(),
                )
            };
            assert!(same(r#"{"a": 1, "b": null}"#, r#"{"a": 1.0}"#));
            assert!(same(r#"[{"a": [2]}]"#, r#"[{"a": [2.0]}]"#));
            assert!(!same(r#"{"a": 1}"#, r#"{"a": 1.5}"#));
            assert!(!same(r#"{"a": 1}"#, r#"{"a": 1, "b": 2}"#));
            assert!(!same(r#"{"a": 1, "b": 2}"#, r#"{"a": 1, "c": 2}"#));
            assert!(!same("[1]", "[1, null]"));
            assert!(!same(r#""1""#, "1"));
            // A value that loses what it said is still refused.
            assert!(round_trip::<u8>("300").is_err());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEYS: &[&str] = &["event", "to", "distinct_id"];
    const VARIANTS: &[ObjectVariant] = &[
        ObjectVariant {
            name: "To",
            required: &[0, 1],
            allowed: &[0, 1],
            min_present: 0,
        },
        ObjectVariant {
            name: "DistinctId",
            required: &[0, 2],
            allowed: &[0, 2],
            min_present: 0,
        },
        ObjectVariant {
            name: "DistinctIdAndTo",
            required: &[0, 1, 2],
            allowed: &[0, 1, 2],
            min_present: 0,
        },
    ];

    #[test]
    fn the_most_specific_alternative_wins() {
        let pick = |present: [bool; 3]| select_object_variant("Event", KEYS, &present, VARIANTS);
        assert_eq!(pick([true, true, false]), Ok(0));
        assert_eq!(pick([true, false, true]), Ok(1));
        assert_eq!(pick([true, true, true]), Ok(2));
    }

    #[test]
    fn a_misfit_explains_every_alternative() {
        let error = select_object_variant("Event", KEYS, &[false, true, false], VARIANTS)
            .expect_err("no event");
        assert_eq!(
            error,
            "no alternative of `Event` fits: `To` lacks `event`; `DistinctId` lacks `event`, `distinct_id` and does not allow `to`; `DistinctIdAndTo` lacks `event`, `distinct_id`"
        );
    }

    #[test]
    fn min_properties_rejects_an_empty_object() {
        const TOKENS: &[ObjectVariant] = &[ObjectVariant {
            name: "Tokens",
            required: &[],
            allowed: &[0, 1],
            min_present: 1,
        }];
        let keys = &["push", "inapp"];
        assert_eq!(
            select_object_variant("T", keys, &[true, false], TOKENS),
            Ok(0)
        );
        assert_eq!(
            select_object_variant("T", keys, &[false, false], TOKENS),
            Err(
                "no alternative of `T` fits: `Tokens` needs at least 1 of `push`, `inapp`"
                    .to_owned()
            )
        );
    }

    #[test]
    fn dates_are_told_from_text() {
        for date in [
            "2021-12-01",
            "2020-10-01T18:30:00.000Z",
            "2021-11-01T13:35:00+02:00",
        ] {
            assert!(is_date(date), "{date}");
        }
        for text in ["some text", "2021-1-01", "20211201", "2021-12-01x", ""] {
            assert!(!is_date(text), "{text}");
        }
    }
}
