//! Deprecation: what the vendor says when it marks an operation, a schema,
//! a property or a parameter `deprecated: true`. The note a generated
//! `#[deprecated(note = …)]` carries is the vendor's own words: a message
//! extension some vendors write, else the sentence of the description that
//! speaks of the deprecation, else a plain statement that it is deprecated.

use serde_json::Value;

/// Extensions vendors put a deprecation message in, tried in order.
const MESSAGE_EXTENSIONS: &[&str] = &[
    "x-deprecated-message",
    "x-deprecation-message",
    "x-deprecatedMessage",
    "x-deprecation-note",
];

/// The note of an item with nothing more to say.
const PLAIN: &str = "deprecated by the API";

/// Longest note kept: a compiler warning is one line, not a page.
const MAX_NOTE: usize = 240;

/// The deprecation note of an item marked `deprecated` (`None` when it is
/// not), from its description and extensions.
pub(crate) fn note(
    deprecated: bool,
    description: Option<&str>,
    extensions: &indexmap::IndexMap<String, Value>,
) -> Option<String> {
    if !deprecated {
        return None;
    }
    let message = MESSAGE_EXTENSIONS
        .iter()
        .find_map(|key| extensions.get(*key).and_then(Value::as_str))
        .map(one_line)
        .filter(|m| !m.is_empty());
    let sentence = || description.and_then(deprecation_sentence);
    Some(bounded(
        message
            .or_else(sentence)
            .unwrap_or_else(|| PLAIN.to_owned()),
    ))
}

/// The first sentence of `text` that mentions a deprecation.
fn deprecation_sentence(text: &str) -> Option<String> {
    let text = one_line(text);
    let mut start = 0;
    let bytes = text.as_bytes();
    for (index, &byte) in bytes.iter().enumerate() {
        let ends =
            matches!(byte, b'.' | b'!' | b'?') && bytes.get(index + 1).is_none_or(|b| *b == b' ');
        let last = index + 1 == bytes.len();
        if ends || last {
            let sentence = text[start..=index].trim();
            if sentence.to_ascii_lowercase().contains("deprecat") {
                return Some(sentence.to_owned());
            }
            start = index + 1;
        }
    }
    None
}

/// Whitespace (line breaks included) collapsed to single spaces.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn bounded(note: String) -> String {
    if note.len() <= MAX_NOTE {
        return note;
    }
    let mut end = MAX_NOTE;
    while !note.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", note[..end].trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn none() -> indexmap::IndexMap<String, Value> {
        indexmap::IndexMap::new()
    }

    #[test]
    fn the_vendors_words_become_the_note() {
        assert_eq!(note(false, Some("Deprecated: gone."), &none()), None);
        assert_eq!(
            note(
                true,
                Some("Lists users.\nDeprecated since v2: use\n`search` instead. More text."),
                &none()
            )
            .as_deref(),
            Some("Deprecated since v2: use `search` instead.")
        );
        assert_eq!(
            note(true, Some("Lists users."), &none()).as_deref(),
            Some(PLAIN)
        );
        assert_eq!(note(true, None, &none()).as_deref(), Some(PLAIN));
        let mut extensions = none();
        extensions.insert(
            "x-deprecatedMessage".into(),
            Value::String("Use v3.".into()),
        );
        assert_eq!(
            note(true, Some("This is deprecated."), &extensions).as_deref(),
            Some("Use v3.")
        );
        let long = format!("Deprecated {}", "é".repeat(300));
        let cut = note(true, Some(&long), &none()).unwrap_or_default();
        assert!(
            cut.ends_with('…') && cut.len() <= MAX_NOTE + '…'.len_utf8(),
            "{cut}"
        );
    }
}
