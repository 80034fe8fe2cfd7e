//! Overlay targets that named a schema which moved: each is told the target
//! to write instead, as an error with a machine-applicable [`Fix`] that
//! `cargo xtask codegen --retarget-overlays` writes into the overlay
//! (`edit.rs`: only the target's value changes, every other byte of the
//! file is kept).
//!
//! A target is followed when it starts with a plain path (`$.a.b['c'][0]`):
//! that part names one place, and the place's deepest moved ancestor
//! (`crate::lock::moves`) gives the new beginning; the rest of the target (a
//! filter, a wildcard) is kept as written.

use crate::diagnostics::{Fix, Reporter, codes, pointer_push};
use crate::load::overlay::Applied;
use crate::lock::moves::{Moves, Place};
use serde_json::Value;

/// Reports each action whose target named a place that moved (an error
/// with the replacement target), and each other action whose target
/// matched nothing (an error, as `report_unmatched` words it). Problems are
/// reported in the overlays, with where the schema went in `report`'s file
/// (the spec) as a related place.
pub(crate) fn report_stale(
    applied: &[Applied],
    moves: &Moves,
    document: &Value,
    report: &mut Reporter<'_>,
) {
    for action in applied {
        report_moved_references(action, moves, document, report);
        let followed = retargeted(&action.target, moves, document);
        // A removal that matched removed what is there now: the reference
        // left in the moved schema's place, which is what it meant when the
        // schema is replaced; the schema itself lives on where it went.
        if action.matched && action.removes {
            if let Some((new, place)) = followed {
                let moved_to = report.at(&place.loaded);
                report.sink().warning(codes::REMOVED_PLACE_MOVED,
                    action.location.clone(),
                    format!(
                        "target `{}` removes what is at the old place of type `{}`, which moved to `{}`; the schema there (`{new}`) is not removed: if it is still wrong, remove or correct it there too",
                        action.target, place.type_name, place.pointer
                    ),
                )
                .also_at(moved_to, MOVED_TO);
            }
            continue;
        }
        match followed {
            Some((new, place)) => {
                let how = if action.matched {
                    "now selects what was left in its place"
                } else {
                    "matches nothing"
                };
                let kept = if place.same_structure {
                    format!(
                        "the same structure, so type `{}` keeps its name",
                        place.type_name
                    )
                } else {
                    format!(
                        "the members of type `{}`; its structure differs, as it will while this action does not apply",
                        place.type_name
                    )
                };
                let fix_pointer = pointer_push(&action.location.pointer, "target");
                let moved_to = report.at(&place.loaded);
                report
                    .sink()
                    .error(
                        codes::TARGET_MOVED,
                        action.location.clone(),
                        format!(
                            "target `{}` {how}: the schema it named moved to `{}` ({kept}); the target to write is `{new}` (`cargo xtask codegen --retarget-overlays` writes it); the action says: {}",
                            action.target, place.pointer, action.description
                        ),
                    )
                    .with_fix(Fix {
                        file: action.location.file.clone(),
                        pointer: fix_pointer,
                        old: action.target.clone(),
                        new,
                    })
                    .also_at(moved_to, MOVED_TO);
            }
            None if !action.matched => {
                report.sink().error(
                    codes::TARGET_MATCHES_NOTHING,
                    action.location.clone(),
                    action.unmatched_message(),
                );
            }
            None => {}
        }
    }
}

/// Reports each `$ref` the action's update writes that names nothing now,
/// because what it named moved: an error with the reference to write.
fn report_moved_references(
    action: &Applied,
    moves: &Moves,
    document: &Value,
    report: &mut Reporter<'_>,
) {
    for (pointer, reference) in &action.references {
        let Ok(target) = crate::reference::local_pointer(reference) else {
            continue;
        };
        if document.pointer(&target).is_some() {
            continue;
        }
        let Some((place, below)) = moves.place(&target) else {
            continue;
        };
        // `$ref`s are percent-decoded when read: a `%` in a name is written
        // encoded.
        let new = format!("#{}{below}", place.pointer).replace('%', "%25");
        let moved_to = report.at(&place.loaded);
        report
            .sink()
            .error(
                codes::REFERENCE_MOVED,
                action.location.clone(),
                format!(
                    "`$ref: {reference}` in this action's update names nothing now: the schema moved to `{}` (type `{}`); the reference to write is `{new}` (`cargo xtask codegen --retarget-overlays` writes it)",
                    place.pointer, place.type_name
                ),
            )
            .with_fix(Fix {
                file: action.location.file.clone(),
                pointer: format!("{}{pointer}", action.location.pointer),
                old: reference.clone(),
                new,
            })
            .also_at(moved_to, MOVED_TO);
    }
}

/// What the related place of a moved schema is.
const MOVED_TO: &str = "where the schema moved to";

/// The target that selects where `target`'s place moved, with the move.
fn retargeted<'m>(target: &str, moves: &'m Moves, document: &Value) -> Option<(String, &'m Place)> {
    let (segments, rest) = plain_prefix(target);
    let pointer = segments
        .iter()
        .fold(String::new(), |p, s| pointer_push(&p, &s.token));
    let (place, below) = moves.place(&pointer)?;
    let kept = below.split('/').skip(1).count();
    let mut new = jsonpath(&place.pointer, document);
    for segment in &segments[segments.len() - kept..] {
        new.push_str(segment.text);
    }
    new.push_str(rest);
    Some((new, place))
}

/// One step of a plain JSONPath: the token it selects and how it is written.
struct Segment<'t> {
    token: String,
    text: &'t str,
}

/// The plain steps `target` starts with (`.name`, `['name']`, `["name"]`,
/// `[0]`) and the rest of it, from the first step that selects more than
/// one place (or is written in a way not read here).
fn plain_prefix(target: &str) -> (Vec<Segment<'_>>, &str) {
    let mut segments = Vec::new();
    let Some(mut rest) = target.strip_prefix('$') else {
        return (segments, target);
    };
    while let Some((token, length)) = step(rest) {
        segments.push(Segment {
            token,
            text: &rest[..length],
        });
        rest = &rest[length..];
    }
    (segments, rest)
}

/// The token of the step `text` starts with, and its length in bytes.
fn step(text: &str) -> Option<(String, usize)> {
    if let Some(name) = text.strip_prefix('.') {
        let length = name
            .char_indices()
            .find(|&(i, c)| !(is_name_char(c) && (i > 0 || !c.is_ascii_digit())))
            .map_or(name.len(), |(i, _)| i);
        return (length > 0).then(|| (name[..length].to_owned(), length + 1));
    }
    let inside = text.strip_prefix('[')?;
    let quote = inside.chars().next()?;
    if quote.is_ascii_digit() {
        let digits = inside.bytes().take_while(u8::is_ascii_digit).count();
        let closed = inside[digits..].starts_with(']');
        return closed.then(|| (inside[..digits].to_owned(), digits + 2));
    }
    if quote != '\'' && quote != '"' {
        return None;
    }
    let mut token = String::new();
    let mut chars = inside[1..].char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' => match chars.next()? {
                (_, escaped @ ('\'' | '"' | '\\' | '/')) => token.push(escaped),
                _ => return None,
            },
            c if c == quote => {
                let closed = inside[1 + i + 1..].starts_with(']');
                return closed.then(|| (token, 1 + 1 + i + 1 + 1));
            }
            c => token.push(c),
        }
    }
    None
}

/// RFC 9535 `name-char` (a `name-first` when not a digit).
fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || !c.is_ascii()
}

/// The plain JSONPath of `pointer` in `document`: `.name` where the name
/// allows, `['name']` otherwise, `[0]` for a position in a list.
fn jsonpath(pointer: &str, document: &Value) -> String {
    let mut out = String::from("$");
    let mut node = Some(document);
    for raw in pointer.split('/').skip(1) {
        let token = crate::reference::unescape_token(raw);
        let in_list = matches!(node, Some(Value::Array(_)));
        node = node.and_then(|n| match n {
            Value::Array(items) => token.parse::<usize>().ok().and_then(|i| items.get(i)),
            Value::Object(members) => members.get(&token),
            _ => None,
        });
        let shorthand = token
            .chars()
            .next()
            .is_some_and(|c| !c.is_ascii_digit() && is_name_char(c))
            && token.chars().all(is_name_char);
        if in_list {
            out.push_str(&format!("[{token}]"));
        } else if shorthand {
            out.push('.');
            out.push_str(&token);
        } else {
            let quoted = token.replace('\\', "\\\\").replace('\'', "\\'");
            out.push_str(&format!("['{quoted}']"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_prefixes_are_read_up_to_the_first_selector_of_many() {
        let (segments, rest) = plain_prefix("$.components['x y'][2].b[?@.a == 1].c");
        let tokens: Vec<&str> = segments.iter().map(|s| s.token.as_str()).collect();
        assert_eq!(tokens, ["components", "x y", "2", "b"]);
        assert_eq!(rest, "[?@.a == 1].c");
        let (segments, rest) = plain_prefix("$..[?@.type]");
        assert!(segments.is_empty());
        assert_eq!(rest, "..[?@.type]");
        let (segments, _) = plain_prefix(r"$['it\'s']");
        assert_eq!(segments[0].token, "it's");
    }

    #[test]
    fn pointers_are_written_as_maintainers_write_targets() {
        let document = serde_json::json!({"paths": {"/a": {"get": {"parameters": [{}, {}]}}}});
        assert_eq!(
            jsonpath("/paths/~1a/get/parameters/1", &document),
            "$.paths['/a'].get.parameters[1]"
        );
        assert_eq!(
            jsonpath("/components/schemas/Event_1", &document),
            "$.components.schemas.Event_1"
        );
        assert_eq!(
            jsonpath("/components/responses/200", &document),
            "$.components.responses['200']"
        );
    }
}
