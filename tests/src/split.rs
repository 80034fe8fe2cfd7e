//! Splits one OpenAPI document into a tree of files joined by relative
//! `$ref`s, as vendors publish them: every component and every path item
//! in a file of its own, in nested folders, JSON and YAML in turn; every
//! reference (and discriminator mapping) rewritten to the file (and
//! pointer) that now holds its target.
//! The multi-file test generates both and compares.

use serde_json::Value;
use std::collections::BTreeMap;

/// A document split over files: the root's text, and every other file by
/// its name (the root's directory joined with its relative path).
pub struct Split {
    pub root: String,
    pub files: BTreeMap<String, String>,
}

/// The root's file name, relative to its directory.
const ROOT_FILE: &str = "openapi.json";

/// Splits `document` (named `<dir>/openapi.json`, `root_name`).
pub fn split(root_name: &str, document: &Value) -> Split {
    let root_dir = root_name.rsplit_once('/').map_or("", |(dir, _)| dir);
    let pieces = plan(document);
    let mut files = BTreeMap::new();
    let mut root = document.clone();
    for (index, (pointer, file)) in pieces.iter().enumerate() {
        let Some(mut content) = document.pointer(pointer).cloned() else {
            continue;
        };
        rewrite(&mut content, file, &pieces);
        let text = if index % 2 == 0 {
            // JSON text, read by the JSON reader.
            serde_json::to_string_pretty(&content).unwrap_or_default()
        } else {
            // A comment first: the YAML reader reads it (as flow YAML).
            format!(
                "# {pointer}\n{}",
                serde_json::to_string_pretty(&content).unwrap_or_default()
            )
        };
        files.insert(format!("{root_dir}/{file}"), text);
        if let Some(slot) = root.pointer_mut(pointer) {
            *slot = serde_json::json!({ "$ref": file });
        }
    }
    // The root's own references (webhooks, extensions) point into the
    // files too; the pieces' own `$ref`s are relative paths already.
    rewrite(&mut root, ROOT_FILE, &pieces);
    let root_text = serde_json::to_string_pretty(&root).unwrap_or_default();
    Split {
        root: root_text,
        files,
    }
}

/// Every component entry and path item with the file it goes to (relative
/// to the root's directory), in document order.
fn plan(document: &Value) -> Vec<(String, String)> {
    let mut pieces = Vec::new();
    if let Some(Value::Object(components)) = document.get("components") {
        for (section, entries) in components {
            let Value::Object(entries) = entries else {
                continue;
            };
            for (index, name) in entries.keys().enumerate() {
                let ext = if pieces.len() % 2 == 0 {
                    "json"
                } else {
                    "yaml"
                };
                pieces.push((
                    pointer(&["components", section, name]),
                    format!("components/{section}/{}/{index}.{ext}", index % 3),
                ));
            }
        }
    }
    if let Some(Value::Object(paths)) = document.get("paths") {
        for (index, path) in paths.keys().enumerate() {
            let ext = if pieces.len() % 2 == 0 {
                "json"
            } else {
                "yaml"
            };
            pieces.push((
                pointer(&["paths", path]),
                format!("paths/group{}/{index}.{ext}", index % 4),
            ));
        }
    }
    pieces
}

fn pointer(tokens: &[&str]) -> String {
    tokens
        .iter()
        .map(|t| format!("/{}", t.replace('~', "~0").replace('/', "~1")))
        .collect()
}

/// Rewrites every local `$ref` inside `value` (now in `file`) to the file
/// holding its target and the pointer in it; targets outside every piece
/// stay in the root ([`ROOT_FILE`]).
fn rewrite(value: &mut Value, file: &str, pieces: &[(String, String)]) {
    let mut stack = vec![value];
    while let Some(node) = stack.pop() {
        match node {
            Value::Object(map) => {
                if let Some(Value::String(reference)) = map.get_mut("$ref")
                    && let Some(fragment) = reference.strip_prefix('#')
                {
                    let decoded = percent_decode(fragment);
                    *reference = relocated(&decoded, file, pieces);
                }
                // A discriminator names its schemas by reference too.
                if map.contains_key("propertyName")
                    && let Some(Value::Object(mapping)) = map.get_mut("mapping")
                {
                    for target in mapping.values_mut() {
                        if let Value::String(reference) = target
                            && let Some(fragment) = reference.strip_prefix('#')
                        {
                            let decoded = percent_decode(fragment);
                            *reference = relocated(&decoded, file, pieces);
                        }
                    }
                }
                stack.extend(map.values_mut());
            }
            Value::Array(items) => stack.extend(items.iter_mut()),
            _ => {}
        }
    }
}

/// `#/components/schemas/Pet/properties/id`, referred to from `file`, as a
/// relative reference to the piece that holds it.
fn relocated(target: &str, file: &str, pieces: &[(String, String)]) -> String {
    let holder = pieces
        .iter()
        .filter(|(pointer, _)| {
            target == pointer.as_str() || target.starts_with(&format!("{pointer}/"))
        })
        .max_by_key(|(pointer, _)| pointer.len());
    let (target_file, rest) = match holder {
        Some((pointer, piece)) => (piece.as_str(), &target[pointer.len()..]),
        None => (ROOT_FILE, target),
    };
    let path = relative(file, target_file);
    if rest.is_empty() {
        path
    } else {
        format!("{path}#{}", rest.replace('%', "%25"))
    }
}

/// The path of `to` relative to the directory of `from` (both relative to
/// the root's directory).
fn relative(from: &str, to: &str) -> String {
    let from_dir: Vec<&str> = from.split('/').collect::<Vec<_>>();
    let from_dir = &from_dir[..from_dir.len() - 1];
    let to_parts: Vec<&str> = to.split('/').collect();
    let common = from_dir
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count();
    let mut parts: Vec<&str> = vec![".."; from_dir.len() - common];
    parts.extend(&to_parts[common..]);
    parts.join("/")
}

fn percent_decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text)
        .decode_utf8_lossy()
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths() {
        assert_eq!(
            relative("components/schemas/0/1.json", "components/schemas/2/5.yaml"),
            "../2/5.yaml"
        );
        assert_eq!(
            relative("paths/group1/0.json", "openapi.json"),
            "../../openapi.json"
        );
        assert_eq!(
            relative("openapi.json", "paths/group0/1.json"),
            "paths/group0/1.json"
        );
    }
}
