//! The path of the member at a position in a JSON text (`data[2].channels.sms`),
//! for decode errors.
//!
//! serde_json reports where decoding failed as a line and column. Tracking
//! the path while decoding (`serde_path_to_error`) means a second,
//! path-tracking copy of every response type's deserializer in every
//! generated crate (a third of the LLVM IR of the `fyno` crate); reading
//! the path back from the position needs this one non-generic scan of the
//! text, run only when decoding failed.

/// One level of nesting on the way to the position.
enum Level {
    /// Inside an object: the member whose value is being read, if any yet.
    Object(Option<String>),
    /// Inside an array: the index of the item being read.
    Array(usize),
}

/// The path of the value at `line`/`column` (1-based, as serde_json counts:
/// columns in bytes) of `text`: `.` for the top level. The scan stops at
/// the position, so text after it (or invalid text) does not matter.
pub(crate) fn path_at(text: &[u8], line: usize, column: usize) -> String {
    let end = offset(text, line, column);
    let mut stack: Vec<Level> = Vec::new();
    let mut at = 0;
    while at < end {
        match text[at] {
            b'{' => stack.push(Level::Object(None)),
            b'[' => stack.push(Level::Array(0)),
            b'}' | b']' => {
                stack.pop();
            }
            b',' => match stack.last_mut() {
                Some(Level::Array(index)) => *index += 1,
                Some(Level::Object(key)) => *key = None,
                None => {}
            },
            b'"' => {
                let (string, next) = string_at(text, at);
                if let Some(Level::Object(key @ None)) = stack.last_mut() {
                    *key = Some(string);
                }
                at = next;
                continue;
            }
            _ => {}
        }
        at += 1;
    }
    // serde_json reports a container of the wrong type just past its
    // opening bracket: the error is about the container, not its first item.
    let before = text[..end].iter().rev().find(|b| !b.is_ascii_whitespace());
    if matches!(before, Some(b'{' | b'[')) {
        stack.pop();
    }
    render(&stack)
}

/// The byte offset of a 1-based line and column, clamped to the text.
fn offset(text: &[u8], line: usize, column: usize) -> usize {
    let mut start = 0;
    for _ in 1..line {
        match text[start..].iter().position(|b| *b == b'\n') {
            Some(newline) => start += newline + 1,
            None => return text.len(),
        }
    }
    (start + column).min(text.len())
}

/// The string starting at the quote at `at` (escapes kept as written but
/// for `\"`), and the offset after its closing quote.
fn string_at(text: &[u8], at: usize) -> (String, usize) {
    let mut bytes = Vec::new();
    let mut i = at + 1;
    while i < text.len() {
        match text[i] {
            b'"' => return (String::from_utf8_lossy(&bytes).into_owned(), i + 1),
            b'\\' if i + 1 < text.len() => {
                bytes.push(text[i + 1]);
                i += 2;
            }
            byte => {
                bytes.push(byte);
                i += 1;
            }
        }
    }
    (String::from_utf8_lossy(&bytes).into_owned(), text.len())
}

/// `data[2].channels.sms`, as serde_path_to_error writes paths.
fn render(stack: &[Level]) -> String {
    let mut path = String::new();
    for level in stack {
        match level {
            Level::Object(Some(key)) => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
            }
            Level::Object(None) => {}
            Level::Array(index) => {
                path.push('[');
                path.push_str(&index.to_string());
                path.push(']');
            }
        }
    }
    if path.is_empty() {
        ".".to_owned()
    } else {
        path
    }
}

#[cfg(test)]
mod tests {
    use super::path_at;
    use serde::Deserialize;

    /// The path serde_json's own error position leads to.
    fn failing_path<T: for<'de> Deserialize<'de>>(text: &str) -> String {
        match serde_json::from_str::<T>(text) {
            Ok(_) => panic!("decoded"),
            Err(err) => path_at(text.as_bytes(), err.line(), err.column()),
        }
    }

    #[derive(Deserialize, Debug)]
    #[allow(dead_code)]
    struct Channel {
        sms: String,
        #[serde(default)]
        tokens: Vec<u32>,
    }

    #[derive(Deserialize, Debug)]
    #[allow(dead_code)]
    struct Item {
        name: String,
        channels: Channel,
    }

    #[derive(Deserialize, Debug)]
    #[allow(dead_code)]
    struct Page {
        data: Vec<Item>,
    }

    #[test]
    fn a_wrong_type_deep_inside_is_named_by_its_path() {
        let text = r#"{"data": [{"name": "a", "channels": {"sms": "1"}}, {"name": "b", "channels": {"sms": "2"}},
            {"name": "c", "channels": {"sms": 3}}]}"#;
        assert_eq!(failing_path::<Page>(text), "data[2].channels.sms");
    }

    #[test]
    fn array_items_and_escaped_keys_count() {
        let text = r#"{"data": [{"name": "a", "channels": {"sms": "1", "tokens": [1, 2, "x"]}}]}"#;
        assert_eq!(failing_path::<Page>(text), "data[0].channels.tokens[2]");
        let text = r#"{"a\"b": {"x": [true]}}"#;
        assert_eq!(path_at(text.as_bytes(), 1, 18), "a\"b.x[0]");
    }

    #[test]
    fn a_missing_member_names_its_object_and_top_level_errors_the_root() {
        let text = r#"{"data": [{"name": "a"}]}"#;
        assert_eq!(failing_path::<Page>(text), "data[0]");
        assert_eq!(failing_path::<Page>("\"text\""), ".");
        assert_eq!(failing_path::<Vec<Page>>("{}"), ".");
        assert_eq!(path_at(b"", 1, 1), ".");
        assert_eq!(path_at(b"{\"a\": ", 9, 9), "a");
    }
}
