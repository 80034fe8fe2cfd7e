//! Fixes written into an overlay's text: each value replaced where it is
//! written, every other byte kept (comments, quoting, line endings), and
//! the result read back: it must say what the original said with the fixed
//! values, and nothing else, or the text is left as it was.

use crate::diagnostics::{Diagnostics, Fix};
use crate::load::source_map::{ScalarSpan, scalar_values};
use crate::load::{SourceFile, looks_like_json, read_document};
use saphyr_parser::ScalarStyle;
use serde_json::Value;

/// An overlay's text after [`retarget_text`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edited {
    /// The text with every fix it could take.
    pub text: String,
    /// Each other fix (its pointer) and why it was not written (edit
    /// those by hand).
    pub refused: Vec<(String, String)>,
}

/// `text` (an overlay, YAML or JSON) with each fix's value replaced. A fix
/// whose value is not there as one scalar (an alias, a value that changed
/// since) is refused, and so is every fix when the edited text would not
/// read back as the original with the fixed values.
pub fn retarget_text(text: &str, fixes: &[&Fix]) -> Edited {
    let pointers: Vec<&str> = fixes.iter().map(|f| f.pointer.as_str()).collect();
    let spans = scalar_values(text, &pointers);
    let mut refused = Vec::new();
    let mut edits: Vec<(&Fix, &ScalarSpan)> = Vec::new();
    for fix in fixes {
        match spans.get(&fix.pointer) {
            None => refused.push((
                fix.pointer.clone(),
                format!(
                    "{} at {}: no value written there alone (an alias or anchor?); edit it by hand",
                    fix.file, fix.pointer
                ),
            )),
            Some(span) if span.value != fix.old => refused.push((
                fix.pointer.clone(),
                format!(
                    "{} at {} says `{}`, not `{}`: it changed since; run again",
                    fix.file, fix.pointer, span.value, fix.old
                ),
            )),
            Some(span) => edits.push((fix, span)),
        }
    }
    // Each value in its own style where it reads back; quoted where a plain
    // one would not (a flow collection ends a plain scalar at `,` or `]`).
    for quoted in [false, true] {
        let edited = apply(text, &edits, quoted);
        if reads_as_fixed(text, &edited, &edits) {
            return Edited {
                text: edited,
                refused,
            };
        }
    }
    refused.extend(edits.iter().map(|(fix, _)| {
        let why = format!(
            "{} at {}: the file would not read back as meant with `{}` written in place; edit it by hand",
            fix.file, fix.pointer, fix.new
        );
        (fix.pointer.clone(), why)
    }));
    Edited {
        text: text.to_owned(),
        refused,
    }
}

fn apply(text: &str, edits: &[(&Fix, &ScalarSpan)], quoted: bool) -> String {
    let json = looks_like_json(text);
    let mut ordered: Vec<&(&Fix, &ScalarSpan)> = edits.iter().collect();
    ordered.sort_by_key(|(_, span)| std::cmp::Reverse(span.bytes.start));
    let mut out = text.to_owned();
    for (fix, span) in ordered {
        let written = written(&fix.new, span.style, json, quoted);
        if out.is_char_boundary(span.bytes.start) && out.is_char_boundary(span.bytes.end) {
            out.replace_range(span.bytes.clone(), &written);
        }
    }
    out
}

/// Whether `edited` reads as `original` with each fix's value in place.
fn reads_as_fixed(original: &str, edited: &str, edits: &[(&Fix, &ScalarSpan)]) -> bool {
    let read = |text: &str| {
        let mut diags = Diagnostics::new();
        read_document(
            SourceFile {
                name: "overlay",
                text,
            },
            &mut diags,
        )
    };
    let (Some(mut expected), Some(actual)) = (read(original), read(edited)) else {
        return false;
    };
    for (fix, _) in edits {
        match expected.pointer_mut(&fix.pointer) {
            Some(slot) => *slot = Value::String(fix.new.clone()),
            None => return false,
        }
    }
    expected == actual
}

/// `value` written as a scalar of `style` (or quoted) would be.
fn written(value: &str, style: ScalarStyle, json: bool, quoted: bool) -> String {
    match style {
        _ if json => Value::String(value.to_owned()).to_string(),
        ScalarStyle::Plain if !quoted && is_plain_safe(value) => value.to_owned(),
        ScalarStyle::DoubleQuoted => Value::String(value.to_owned()).to_string(),
        _ => format!("'{}'", value.replace('\'', "''")),
    }
}

/// Whether `value` reads back as itself when written as a plain YAML scalar
/// on one line in block context.
fn is_plain_safe(value: &str) -> bool {
    let starts_badly = value.starts_with([
        '-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@',
        '`', ' ',
    ]);
    !value.is_empty()
        && !starts_badly
        && !value.ends_with([' ', ':'])
        && !value.contains(": ")
        && !value.contains(" #")
        && !value.contains(['\n', '\r', '\t'])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fix(file: &str, old: &str, new: &str) -> Fix {
        Fix {
            file: file.to_owned(),
            pointer: "/actions/0/target".to_owned(),
            old: old.to_owned(),
            new: new.to_owned(),
        }
    }

    fn edited(text: &str, fix: &Fix) -> Edited {
        retarget_text(text, &[fix])
    }

    #[test]
    fn only_the_value_changes_in_yaml_and_json() {
        let yaml = "actions:\n  # keep me\n  - target: $.a.b   # and me\n    update: {x: 1}\n";
        let result = edited(yaml, &fix("o.yaml", "$.a.b", "$.a['c d']"));
        assert_eq!(
            result.text,
            "actions:\n  # keep me\n  - target: $.a['c d']   # and me\n    update: {x: 1}\n"
        );
        assert!(result.refused.is_empty());
        let quoted = "actions:\n- target: 'é.$.a'\n";
        let result = edited(quoted, &fix("o.yaml", "é.$.a", "it's"));
        assert_eq!(result.text, "actions:\n- target: 'it''s'\n");
        let json = "{\"actions\": [{\"target\": \"$.a\"}]}";
        let result = edited(json, &fix("o.json", "$.a", "$.b[\"x\"]"));
        assert_eq!(
            result.text,
            "{\"actions\": [{\"target\": \"$.b[\\\"x\\\"]\"}]}"
        );
    }

    #[test]
    fn odd_texts_are_edited_right_or_not_at_all() {
        // Carriage returns alone end lines; the value is still found.
        let cr = "actions:\r  - target: $.a\r    remove: true\n# trailer\nz: 1\n";
        let result = edited(cr, &fix("o.yaml", "$.a", "$.b['c-d']"));
        assert_eq!(
            result.text,
            "actions:\r  - target: $.b['c-d']\r    remove: true\n# trailer\nz: 1\n"
        );
        // A byte order mark before the first line.
        let bom = "\u{feff}{\"actions\":[{\"target\":\"$.a\"}]}";
        let result = edited(bom, &fix("o.json", "$.a", "$.b['c-d']"));
        assert_eq!(
            result.text,
            "\u{feff}{\"actions\":[{\"target\":\"$.b['c-d']\"}]}"
        );
        // In a flow mapping a plain `[`…`]` would end the value: quoted.
        let flow = "actions:\n  - {target: $.a, remove: true}\n";
        let result = edited(flow, &fix("o.yaml", "$.a", "$.b['c-d']"));
        assert_eq!(
            result.text,
            "actions:\n  - {target: '$.b[''c-d'']', remove: true}\n"
        );
        // An alias is not a value of its own: refused, text untouched.
        let alias = "t: &t $.a\nactions:\n  - target: *t\n";
        let result = edited(alias, &fix("o.yaml", "$.a", "$.b"));
        assert_eq!(result.text, alias);
        assert_eq!(result.refused.len(), 1, "{:?}", result.refused);
        // A value that changed since: refused.
        let yaml = "actions:\n  - target: $.other\n";
        let result = edited(yaml, &fix("o.yaml", "$.a", "$.b"));
        assert_eq!(result.text, yaml);
        assert!(
            result.refused[0].1.contains("changed since"),
            "{:?}",
            result.refused
        );
    }
}
