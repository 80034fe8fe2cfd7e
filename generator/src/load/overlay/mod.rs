//! OpenAPI Overlay 1.0 documents: corrections applied to a spec before use.
//!
//! The vendor's spec has mistakes we fix without editing it, so that a new
//! vendor release can be dropped in as is. Each fix is an [Overlay 1.0.0]
//! action: an RFC 9535 JSONPath `target`, a `description` saying why, and
//! either an `update` or `remove: true`. Actions apply in order, each one to
//! the document as the previous ones left it.
//!
//! House rules on top of the specification, because a correction that no
//! longer applies must never fail silently:
//! - every action needs a non-empty `description`;
//! - an action whose target matches nothing is an error naming the overlay
//!   file, the action (`/actions/3`), its target and its description.
//!
//! `update` semantics: an object merges recursively into an object target
//! (key by key; nested objects merge, any other nested value, arrays
//! included, replaces). For an array target an array update replaces the
//! array, and any other update is appended as one new entry, as the
//! specification says for arrays. A non-object update replaces a scalar or
//! object target; an object update on a scalar target is an error.
//!
//! [Overlay 1.0.0]: https://spec.openapis.org/overlay/v1.0.0.html

use serde_json::{Map, Value};
use serde_json_path::{JsonPath, NormalizedPath, PathElement};

mod edit;

pub use edit::{Edited, retarget_text};

use crate::diagnostics::{Diagnostics, Location, Reporter, codes, pointer_push};
use crate::load::source_map::SourceMap;
use crate::load::{SourceFile, read_document};

/// A parsed, validated Overlay document.
#[derive(Clone, Debug)]
pub struct Overlay {
    file: String,
    title: String,
    version: String,
    extends: Option<String>,
    actions: Vec<OverlayAction>,
    /// Positions in the overlay text, so problems found while applying can
    /// name the line of the action.
    source_map: SourceMap,
}

/// One action of an overlay.
#[derive(Clone, Debug)]
pub struct OverlayAction {
    pointer: String,
    target: String,
    path: JsonPath,
    description: String,
    change: Change,
}

/// What an action does to each matched node.
#[derive(Clone, Debug, PartialEq)]
enum Change {
    Update(Value),
    Remove,
}

impl OverlayAction {
    /// The JSONPath expression selecting the nodes to change.
    pub fn target(&self) -> &str {
        &self.target
    }

    /// Why the correction exists (empty only if the overlay omitted it,
    /// which was reported as an error).
    pub fn description(&self) -> &str {
        &self.description
    }

    /// JSON pointer of the action in the overlay document, e.g. `/actions/3`.
    pub fn pointer(&self) -> &str {
        &self.pointer
    }

    /// The value merged into each matched node, unless this is a removal.
    pub fn update(&self) -> Option<&Value> {
        match &self.change {
            Change::Update(value) => Some(value),
            Change::Remove => None,
        }
    }

    /// True when the action removes the matched nodes.
    pub fn is_remove(&self) -> bool {
        self.change == Change::Remove
    }
}

impl Overlay {
    /// Parses and validates an overlay written in YAML or JSON.
    ///
    /// Every problem is reported to `diags` (as `file` at a JSON pointer into
    /// the overlay, with line and column). Returns `None` when the text is
    /// not a usable Overlay 1.0 document at all (unparseable, not a mapping,
    /// missing or other `overlay` version); otherwise the overlay with every
    /// action that can be applied, even if other actions had problems.
    pub fn parse(text: &str, file: &str, diags: &mut Diagnostics) -> Option<Overlay> {
        let source_map = SourceMap::parse(text);
        let mut found = Diagnostics::new();
        let parsed = Parsed::from_text(text, &mut Reporter::new(file, &mut found));
        found.locate(file, |pointer| source_map.position(pointer));
        diags.extend(found);
        let parsed = parsed?;
        Some(Overlay {
            file: file.to_owned(),
            title: parsed.title,
            version: parsed.version,
            extends: parsed.extends,
            actions: parsed.actions,
            source_map,
        })
    }

    /// The overlay's file name, as given to [`Overlay::parse`].
    pub fn file(&self) -> &str {
        &self.file
    }

    /// `info.title`.
    pub fn title(&self) -> &str {
        &self.title
    }

    /// `info.version` (the overlay's own version, not the Overlay spec's).
    pub fn version(&self) -> &str {
        &self.version
    }

    /// `extends`: the document this overlay was written for, if stated.
    pub fn extends(&self) -> Option<&str> {
        self.extends.as_deref()
    }

    /// The applicable actions, in document order.
    pub fn actions(&self) -> &[OverlayAction] {
        &self.actions
    }

    /// Applies every action, in order, to `document` (the file
    /// `document_file`, which problems name beside the action).
    ///
    /// Problems (a target matching nothing, an object update on a scalar)
    /// are reported and the action is skipped for that node; later actions
    /// still run so one run shows every stale correction.
    pub fn apply(&self, document: &mut Value, document_file: &str, diags: &mut Diagnostics) {
        let applied = self.apply_recorded(document, document_file, diags);
        report_unmatched(&applied, diags);
    }

    /// Like [`apply`](Self::apply), but a target that matches nothing is not
    /// reported: each action's record says whether it matched, so a later
    /// stage that knows where the spec's schemas moved can say where the
    /// target went (see `retarget`).
    pub fn apply_recorded(
        &self,
        document: &mut Value,
        document_file: &str,
        diags: &mut Diagnostics,
    ) -> Vec<Applied> {
        let mut applied = Vec::with_capacity(self.actions.len());
        for action in &self.actions {
            let mut location = Location::new(&self.file, &action.pointer);
            if let Some((line, column)) = self.source_map.position(&action.pointer) {
                location.line = Some(line);
                location.column = Some(column);
            }
            let problems_before = diags.len();
            let mut written = Vec::new();
            let target = Target {
                action,
                location: &location,
                document_file,
            };
            let matched = apply_action(&target, document, &mut written, diags);
            applied.push(Applied {
                location,
                target: action.target.clone(),
                description: action.description.clone(),
                matched,
                removes: action.is_remove(),
                references: action.update().map(references_in).unwrap_or_default(),
                written,
                problems_before,
            });
        }
        applied
    }
}

/// What applying one action did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Applied {
    /// The action in its overlay (file, `/actions/N`, line).
    pub location: Location,
    /// Its JSONPath target, as written.
    pub target: String,
    /// Why the action exists.
    pub description: String,
    /// Whether the target selected anything.
    pub matched: bool,
    /// Whether the action removes what it selects.
    pub removes: bool,
    /// The `$ref`s its update writes into the document: each one's pointer
    /// in the overlay (`/actions/3/update/…/$ref`) and value.
    pub references: Vec<(String, String)>,
    /// What it wrote into the document and what it removed, in order.
    pub written: Vec<Written>,
    /// How many problems had been recorded when the action was applied: one
    /// found before (in the text as read) is not about what it wrote.
    pub problems_before: usize,
}

/// One value an action wrote into the document (or removed from it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Written {
    /// Its pointer in the document as the action left it (after bundling,
    /// before the document is rewritten: the pointers problems are reported
    /// at once mapped back through [`crate::load::Origins`]).
    pub pointer: String,
    /// Where the value is written in the overlay
    /// (`/actions/3/update/properties/id/type`), or `None` when the action
    /// removed what was at `pointer`.
    pub source: Option<String>,
}

/// The overlay action that wrote the value holding the document's
/// `pointer`, if one did, and the place in its overlay that writes what is
/// at `pointer` (below the action's `update`).
///
/// Only a written value that contains `pointer` (at it or above it) counts,
/// and the last one written wins (a later action's value replaced the
/// earlier's); a later removal at or above `pointer` means no action's value
/// is there any more. An object `update` merged into an object writes only
/// its leaves, so the members it does not name are not its values.
pub fn writer_of<'a>(applied: &'a [Applied], pointer: &str) -> Option<(&'a Applied, String)> {
    let mut found = None;
    for action in applied {
        for written in &action.written {
            let Some(below) = below(pointer, &written.pointer) else {
                continue;
            };
            found = written
                .source
                .as_ref()
                .map(|source| (action, format!("{source}{below}")));
        }
    }
    found
}

/// The rest of `pointer` below `ancestor` (`""` when they are equal), or
/// `None` when `pointer` is not at or below `ancestor`.
fn below<'p>(pointer: &'p str, ancestor: &str) -> Option<&'p str> {
    let rest = pointer.strip_prefix(ancestor)?;
    (rest.is_empty() || rest.starts_with('/')).then_some(rest)
}

/// Every `$ref` string in `update`, with its pointer below the action.
fn references_in(update: &Value) -> Vec<(String, String)> {
    let mut out = Vec::new();
    // An explicit stack: an overlay's depth is bounded by the reader, not
    // by this walk.
    let mut stack = vec![("/update".to_owned(), update)];
    while let Some((pointer, value)) = stack.pop() {
        match value {
            Value::Object(members) => {
                for (key, member) in members {
                    let here = pointer_push(&pointer, key);
                    match (key.as_str(), member) {
                        ("$ref", Value::String(reference)) => out.push((here, reference.clone())),
                        _ => stack.push((here, member)),
                    }
                }
            }
            Value::Array(items) => {
                for (index, item) in items.iter().enumerate() {
                    stack.push((format!("{pointer}/{index}"), item));
                }
            }
            _ => {}
        }
    }
    out.sort();
    out
}

impl Applied {
    /// The error for an action whose target matched nothing, when nothing
    /// more is known about why.
    pub(crate) fn unmatched_message(&self) -> String {
        let description = if self.description.is_empty() {
            "(no description)"
        } else {
            &self.description
        };
        format!(
            "target `{}` matches nothing, so this correction no longer applies \
             (did the spec change?); the action says: {description}",
            self.target
        )
    }
}

/// Reports every action of `applied` whose target matched nothing.
pub fn report_unmatched(applied: &[Applied], diags: &mut Diagnostics) {
    for action in applied.iter().filter(|a| !a.matched) {
        diags.error(
            codes::TARGET_MATCHES_NOTHING,
            action.location.clone(),
            action.unmatched_message(),
        );
    }
}

/// The validated content of an overlay document.
struct Parsed {
    title: String,
    version: String,
    extends: Option<String>,
    actions: Vec<OverlayAction>,
}

const ROOT_FIELDS: &[&str] = &["overlay", "info", "extends", "actions"];
const INFO_FIELDS: &[&str] = &["title", "version"];
const ACTION_FIELDS: &[&str] = &["target", "description", "update", "remove"];

impl Parsed {
    fn from_text(text: &str, report: &mut Reporter<'_>) -> Option<Parsed> {
        let root = read_document(
            SourceFile {
                name: report.file(),
                text,
            },
            report.sink(),
        )?;
        let Value::Object(root) = root else {
            report.error(
                codes::MALFORMED_OVERLAY,
                "",
                "an overlay must be a mapping with `overlay`, `info` and `actions`",
            );
            return None;
        };
        unknown_fields(&root, "", ROOT_FIELDS, report);

        let version_ok = match root.get("overlay") {
            Some(Value::String(version)) if is_supported_version(version) => true,
            Some(Value::String(version)) => {
                report.error(
                    codes::UNSUPPORTED_OVERLAY_VERSION,
                    "/overlay",
                    format!("unsupported Overlay version `{version}`; only 1.0.x is supported"),
                );
                false
            }
            Some(other) => {
                report.error(
                    codes::UNSUPPORTED_OVERLAY_VERSION,
                    "/overlay",
                    format!("`overlay` must be the version string `1.0.0`, found {other}"),
                );
                false
            }
            None => {
                report.error(
                    codes::UNSUPPORTED_OVERLAY_VERSION,
                    "",
                    "missing `overlay: 1.0.0` (the Overlay version)",
                );
                false
            }
        };

        let (title, version) = match root.get("info") {
            Some(Value::Object(info)) => {
                unknown_fields(info, "/info", INFO_FIELDS, report);
                (
                    required_string(info, "/info", "title", report),
                    required_string(info, "/info", "version", report),
                )
            }
            Some(_) => {
                report.error(
                    codes::MALFORMED_OVERLAY,
                    "/info",
                    "`info` must be a mapping with `title` and `version`",
                );
                (String::new(), String::new())
            }
            None => {
                report.error(
                    codes::MALFORMED_OVERLAY,
                    "",
                    "missing `info` (with `title` and `version`)",
                );
                (String::new(), String::new())
            }
        };

        let extends = match root.get("extends") {
            None => None,
            Some(Value::String(extends)) => Some(extends.clone()),
            Some(_) => {
                report.error(
                    codes::MALFORMED_OVERLAY,
                    "/extends",
                    "`extends` must be a string (a URI reference)",
                );
                None
            }
        };

        let actions = match root.get("actions") {
            Some(Value::Array(items)) if items.is_empty() => {
                report.error(
                    codes::MALFORMED_OVERLAY,
                    "/actions",
                    "`actions` is empty; an overlay needs at least one",
                );
                Vec::new()
            }
            Some(Value::Array(items)) => items
                .iter()
                .enumerate()
                .filter_map(|(index, item)| {
                    parse_action(item, &format!("/actions/{index}"), report)
                })
                .collect(),
            Some(_) => {
                report.error(
                    codes::MALFORMED_OVERLAY,
                    "/actions",
                    "`actions` must be a list of actions",
                );
                Vec::new()
            }
            None => {
                report.error(codes::MALFORMED_OVERLAY, "", "missing `actions`");
                Vec::new()
            }
        };

        version_ok.then_some(Parsed {
            title,
            version,
            extends,
            actions,
        })
    }
}

/// `1.0.0` and later patch releases of 1.0, which only clarify wording.
fn is_supported_version(version: &str) -> bool {
    version
        .strip_prefix("1.0.")
        .is_some_and(|patch| !patch.is_empty() && patch.bytes().all(|b| b.is_ascii_digit()))
}

/// Validates one action; `None` when it cannot be applied (already reported).
fn parse_action(item: &Value, pointer: &str, report: &mut Reporter<'_>) -> Option<OverlayAction> {
    let Value::Object(fields) = item else {
        report.error(
            codes::MALFORMED_ACTION,
            pointer,
            "an action must be a mapping with `target` and `description`",
        );
        return None;
    };
    unknown_fields(fields, pointer, ACTION_FIELDS, report);

    let description = match fields.get("description") {
        Some(Value::String(text)) if !text.trim().is_empty() => text.trim().to_owned(),
        Some(Value::String(_)) | None => {
            report.error(
                codes::ACTION_WITHOUT_DESCRIPTION,
                pointer,
                "action has no `description`; every correction must say why it is needed",
            );
            String::new()
        }
        Some(_) => {
            report.error(
                codes::MALFORMED_ACTION,
                pointer_push(pointer, "description"),
                "`description` must be a string",
            );
            String::new()
        }
    };

    let target_pointer = pointer_push(pointer, "target");
    let target = match fields.get("target") {
        Some(Value::String(target)) => Some(target.clone()),
        Some(_) => {
            report.error(
                codes::MALFORMED_ACTION,
                &target_pointer,
                "`target` must be a JSONPath string such as `$.paths`",
            );
            None
        }
        None => {
            report.error(
                codes::ACTION_WITHOUT_TARGET,
                pointer,
                "action has no `target` (a JSONPath such as `$.paths`)",
            );
            None
        }
    };
    let path = target
        .as_deref()
        .and_then(|target| match JsonPath::parse(target) {
            Ok(path) => Some(path),
            Err(error) => {
                report.error(
                    codes::INVALID_TARGET,
                    &target_pointer,
                    format!("`{target}` is not a valid RFC 9535 JSONPath: {error}"),
                );
                None
            }
        });

    let remove = match fields.get("remove") {
        None => false,
        Some(Value::Bool(remove)) => *remove,
        Some(_) => {
            report.error(
                codes::MALFORMED_ACTION,
                pointer_push(pointer, "remove"),
                "`remove` must be `true` or `false`",
            );
            return None;
        }
    };
    let change = match (fields.get("update"), remove) {
        (Some(_), true) => {
            report.error(
                codes::UPDATE_OR_REMOVE,
                pointer,
                "action has both `update` and `remove: true`; split it into two actions",
            );
            return None;
        }
        (Some(update), false) => Change::Update(update.clone()),
        (None, true) => Change::Remove,
        (None, false) => {
            report.error(
                codes::UPDATE_OR_REMOVE,
                pointer,
                "action has neither `update` nor `remove: true`, so it would change nothing",
            );
            return None;
        }
    };

    Some(OverlayAction {
        pointer: pointer.to_owned(),
        target: target?,
        path: path?,
        description,
        change,
    })
}

/// A required string member of `object`; reports and returns "" otherwise.
fn required_string(
    object: &Map<String, Value>,
    pointer: &str,
    key: &str,
    report: &mut Reporter<'_>,
) -> String {
    match object.get(key) {
        Some(Value::String(text)) => text.clone(),
        Some(_) => {
            report.error(
                codes::MALFORMED_OVERLAY,
                pointer_push(pointer, key),
                format!("`{key}` must be a string"),
            );
            String::new()
        }
        None => {
            report.error(
                codes::MALFORMED_OVERLAY,
                pointer,
                format!("missing `{key}`"),
            );
            String::new()
        }
    }
}

/// Warns about members that are neither known fields nor `x-` extensions,
/// which are most likely typos (`updates:` silently doing nothing).
fn unknown_fields(
    object: &Map<String, Value>,
    pointer: &str,
    known: &[&str],
    report: &mut Reporter<'_>,
) {
    for key in object.keys() {
        if !known.contains(&key.as_str()) && !key.starts_with("x-") {
            report.warning(
                codes::UNKNOWN_OVERLAY_FIELD,
                pointer_push(pointer, key),
                format!(
                    "unknown field `{key}` is ignored (expected one of: {})",
                    known.join(", ")
                ),
            );
        }
    }
}

/// One step from a node to a child: an object member or an array element.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Step {
    Key(String),
    Index(usize),
}

fn steps(path: &NormalizedPath<'_>) -> Vec<Step> {
    path.iter()
        .map(|element| match element {
            PathElement::Name(name) => Step::Key((*name).to_owned()),
            PathElement::Index(index) => Step::Index(*index),
        })
        .collect()
}

fn to_pointer(steps: &[Step]) -> String {
    steps
        .iter()
        .fold(String::new(), |pointer, step| match step {
            Step::Key(key) => pointer_push(&pointer, key),
            Step::Index(index) => format!("{pointer}/{index}"),
        })
}

fn node_mut<'a>(node: &'a mut Value, steps: &[Step]) -> Option<&'a mut Value> {
    steps
        .iter()
        .try_fold(node, |node, step| match (node, step) {
            (Value::Object(members), Step::Key(key)) => members.get_mut(key),
            (Value::Array(items), Step::Index(index)) => items.get_mut(*index),
            _ => None,
        })
}

/// An action being applied: the action, where it is, and the name of the
/// document it changes.
struct Target<'a> {
    action: &'a OverlayAction,
    location: &'a Location,
    document_file: &'a str,
}

/// Applies one action; false when its target matched nothing.
fn apply_action(
    target: &Target<'_>,
    document: &mut Value,
    written: &mut Vec<Written>,
    diags: &mut Diagnostics,
) -> bool {
    let Target {
        action, location, ..
    } = *target;
    // Owned locations first: the query borrows the document we then change.
    let mut matched: Vec<Vec<Step>> = action
        .path
        .query_located(document)
        .iter()
        .map(|node| steps(node.location()))
        .collect();
    // Sorted (parents before children, lower indices first) and without the
    // duplicates a query such as `$.a[0,0]` can produce.
    matched.sort();
    matched.dedup();

    if matched.is_empty() {
        return false;
    }

    match &action.change {
        Change::Update(update) => {
            for steps in &matched {
                // A node an earlier match of this action replaced is gone.
                let Some(node) = node_mut(document, steps) else {
                    continue;
                };
                let at = Place {
                    document: to_pointer(steps),
                    overlay: pointer_push(&action.pointer, "update"),
                };
                if let Err(problem) = update_node(node, update, &at, written) {
                    let selected = Location::new(target.document_file, &at.document);
                    diags
                        .error(
                            codes::TARGET_WRONG_NODE,
                            location.clone(),
                            format!(
                                "target `{}` selects {} at `{}`: {problem}",
                                action.target,
                                kind(node),
                                at.document
                            ),
                        )
                        .also_at(selected, format!("the {} the target selects", noun(node)));
                }
            }
        }
        Change::Remove => {
            // Children before parents and higher array indices first, so
            // each removal leaves the remaining locations valid.
            for steps in matched.iter().rev() {
                let Some((last, parent)) = steps.split_last() else {
                    diags.error(
                        codes::TARGET_WRONG_NODE,
                        location.clone(),
                        format!(
                            "target `{}` selects the document root, which cannot be removed",
                            action.target
                        ),
                    );
                    continue;
                };
                match (node_mut(document, parent), last) {
                    (Some(Value::Object(members)), Step::Key(key)) => {
                        // `shift_remove` keeps the order of the other members.
                        members.shift_remove(key);
                        written.push(Written {
                            pointer: to_pointer(steps),
                            source: None,
                        });
                    }
                    (Some(Value::Array(items)), Step::Index(index)) if *index < items.len() => {
                        items.remove(*index);
                        // The later items moved up one place: what earlier
                        // actions wrote into the list is no longer where
                        // they wrote it, so none of it is theirs to claim.
                        written.push(Written {
                            pointer: to_pointer(parent),
                            source: None,
                        });
                    }
                    _ => {}
                }
            }
        }
    }
    true
}

/// A node being changed: its pointer in the document, and the pointer in
/// the overlay of the value written there.
struct Place {
    document: String,
    overlay: String,
}

impl Place {
    fn member(&self, key: &str) -> Place {
        Place {
            document: pointer_push(&self.document, key),
            overlay: pointer_push(&self.overlay, key),
        }
    }

    fn written(self) -> Written {
        Written {
            pointer: self.document,
            source: Some(self.overlay),
        }
    }
}

/// Applies `update` to one matched node at `at` (see the module docs for
/// the rules), recording each value written in `written`.
fn update_node(
    node: &mut Value,
    update: &Value,
    at: &Place,
    written: &mut Vec<Written>,
) -> Result<(), &'static str> {
    match (node, update) {
        (Value::Object(members), Value::Object(changes)) => {
            merge_members(members, changes, at, written);
            Ok(())
        }
        (Value::Array(items), Value::Array(replacement)) => {
            items.clone_from(replacement);
            written.push(Written {
                pointer: at.document.clone(),
                source: Some(at.overlay.clone()),
            });
            Ok(())
        }
        (Value::Array(items), entry) => {
            written.push(Written {
                pointer: format!("{}/{}", at.document, items.len()),
                source: Some(at.overlay.clone()),
            });
            items.push(entry.clone());
            Ok(())
        }
        (_, Value::Object(_)) => Err("an object update can only be merged into an object"),
        (node, replacement) => {
            *node = replacement.clone();
            written.push(Written {
                pointer: at.document.clone(),
                source: Some(at.overlay.clone()),
            });
            Ok(())
        }
    }
}

/// Deep merge: nested objects merge, every other value replaces. Each value
/// that replaces or is added is recorded in `written`.
fn merge_members(
    members: &mut Map<String, Value>,
    changes: &Map<String, Value>,
    at: &Place,
    written: &mut Vec<Written>,
) {
    for (key, change) in changes {
        let here = at.member(key);
        match (members.get_mut(key), change) {
            (Some(Value::Object(inner)), Value::Object(inner_changes)) => {
                merge_members(inner, inner_changes, &here, written);
            }
            (Some(existing), _) => {
                *existing = change.clone();
                written.push(here.written());
            }
            (None, _) => {
                members.insert(key.clone(), change.clone());
                written.push(here.written());
            }
        }
    }
}

/// "string", "array", … for labels.
fn noun(value: &Value) -> &'static str {
    kind(value)
        .trim_start_matches("an ")
        .trim_start_matches("a ")
}

/// "a string", "an array", … for messages.
fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    const FILE: &str = "overlays/fyno.yaml";

    fn overlay(actions: &str) -> (Option<Overlay>, Diagnostics) {
        let text =
            format!("overlay: 1.0.0\ninfo:\n  title: Fixes\n  version: 1.0.0\nactions:\n{actions}");
        let mut diags = Diagnostics::new();
        let parsed = Overlay::parse(&text, FILE, &mut diags);
        (parsed, diags)
    }

    /// Parses (expecting no problems) and applies to `document`.
    fn apply(actions: &str, document: &mut Value) -> Diagnostics {
        let (parsed, diags) = overlay(actions);
        assert!(diags.is_empty(), "{diags}");
        let mut diags = Diagnostics::new();
        parsed
            .expect("valid overlay")
            .apply(document, "spec.yaml", &mut diags);
        diags
    }

    fn sample() -> Value {
        json!({
            "paths": {
                "/{WSID}/{version}/event": {
                    "post": {
                        "parameters": [
                            {"name": "WSID", "in": "path"},
                            {"name": "version", "in": "path", "schema": {"type": "string"}}
                        ],
                        "responses": {"202": {"description": "Accepted"}}
                    }
                },
                "/{WSID}/{version}/profiles": {
                    "get": {
                        "parameters": [{"name": "version", "in": "path"}, {"name": "limit", "in": "query"}]
                    }
                }
            },
            "components": {
                "schemas": {
                    "set_user_property": {
                        "properties": {
                            "$set": {"$ref": "#/components/schemas/set_user_property_fields"},
                            "distinct_id": {"type": "string"}
                        },
                        "required": ["distinct_id", "$set"],
                        "type": "object"
                    }
                }
            }
        })
    }

    #[test]
    fn metadata_and_actions_are_exposed() {
        let (parsed, diags) = overlay(
            "- target: $.paths\n  description: '  Why.  '\n  update: {x-a: 1}\n- target: $.components\n  description: Gone.\n  remove: true\n",
        );
        assert!(diags.is_empty(), "{diags}");
        let parsed = parsed.expect("valid");
        assert_eq!(
            (parsed.file(), parsed.title(), parsed.version()),
            (FILE, "Fixes", "1.0.0")
        );
        assert_eq!(parsed.extends(), None);
        let actions = parsed.actions();
        assert_eq!(actions.len(), 2);
        assert_eq!(
            (actions[0].target(), actions[0].description()),
            ("$.paths", "Why.")
        );
        assert_eq!(actions[0].update(), Some(&json!({"x-a": 1})));
        assert_eq!(actions[1].pointer(), "/actions/1");
        assert!(actions[1].is_remove() && actions[1].update().is_none());
    }

    #[test]
    fn update_merges_objects_recursively_and_replaces_other_values() {
        let mut document = sample();
        let diags = apply(
            "- target: $.components.schemas.set_user_property\n  description: Fix types.\n  update:\n    properties:\n      distinct_id: {type: integer, format: int64}\n      extra: {type: boolean}\n    required: [distinct_id]\n    type: object\n",
            &mut document,
        );
        assert!(diags.is_empty(), "{diags}");
        let schema = &document["components"]["schemas"]["set_user_property"];
        assert_eq!(
            schema,
            &json!({
                "properties": {
                    "$set": {"$ref": "#/components/schemas/set_user_property_fields"},
                    "distinct_id": {"type": "integer", "format": "int64"},
                    "extra": {"type": "boolean"}
                },
                "required": ["distinct_id"],
                "type": "object"
            })
        );
        // Merging keeps member order: existing keys in place, new ones last.
        let keys: Vec<&String> = schema["properties"]
            .as_object()
            .expect("object")
            .keys()
            .collect();
        assert_eq!(keys, ["$set", "distinct_id", "extra"]);
    }

    #[test]
    fn array_targets_are_replaced_by_arrays_and_appended_to_otherwise() {
        let mut document = sample();
        let diags = apply(
            "- target: $.components.schemas.set_user_property.required\n  description: Only the id is required.\n  update: [distinct_id]\n- target: $.paths['/{WSID}/{version}/profiles'].get.parameters\n  description: The vendor forgot the offset parameter.\n  update: {name: offset, in: query}\n- target: $.paths.*.post.responses['202'].description\n  description: Clearer wording.\n  update: Accepted for delivery\n",
            &mut document,
        );
        assert!(diags.is_empty(), "{diags}");
        assert_eq!(
            document["components"]["schemas"]["set_user_property"]["required"],
            json!(["distinct_id"])
        );
        assert_eq!(
            document["paths"]["/{WSID}/{version}/profiles"]["get"]["parameters"][2],
            json!({"name": "offset", "in": "query"})
        );
        assert_eq!(
            document["paths"]["/{WSID}/{version}/event"]["post"]["responses"]["202"]["description"],
            json!("Accepted for delivery")
        );
    }

    #[test]
    fn object_update_on_a_scalar_is_an_error() {
        let mut document = sample();
        let diags = apply(
            "- target: $.components.schemas.set_user_property.type\n  description: Wrong.\n  update: {type: object}\n",
            &mut document,
        );
        assert_eq!(
            diags.to_string(),
            "error[E033]: overlays/fyno.yaml:6:3 at /actions/0: target `$.components.schemas.set_user_property.type` \
             selects a string at `/components/schemas/set_user_property/type`: \
             an object update can only be merged into an object \
             [spec.yaml at /components/schemas/set_user_property/type: the string the target selects]\n"
        );
        assert_eq!(document, sample());
    }

    #[test]
    fn remove_deletes_object_members_keeping_the_order_of_the_rest() {
        let mut document = json!({"a": 1, "b": 2, "c": 3, "d": 4});
        let diags = apply(
            "- target: $.b\n  description: Not real.\n  remove: true\n",
            &mut document,
        );
        assert!(diags.is_empty(), "{diags}");
        let keys: Vec<&String> = document.as_object().expect("object").keys().collect();
        assert_eq!(keys, ["a", "c", "d"]);
    }

    #[test]
    fn remove_deletes_several_array_elements_from_the_highest_index_down() {
        let mut document = json!({"list": [0, 1, 2, 3, 4, 5, 6], "nested": [[1, 2], [3]]});
        let diags = apply(
            "- target: $.list[1, 3, 3, -1]\n  description: Drop some.\n  remove: true\n- target: $.nested[*][0]\n  description: Heads.\n  remove: true\n- target: $..[?@ == 2]\n  description: Twos, wherever they are.\n  remove: true\n",
            &mut document,
        );
        assert!(diags.is_empty(), "{diags}");
        assert_eq!(document, json!({"list": [0, 4, 5], "nested": [[], []]}));
    }

    #[test]
    fn removing_a_node_and_its_descendants_in_one_action_is_fine() {
        let mut document = json!({"a": {"b": {"c": 1}}, "keep": true});
        let diags = apply(
            "- target: $..[?@.c || @.b]\n  description: Nested.\n  remove: true\n",
            &mut document,
        );
        assert!(diags.is_empty(), "{diags}");
        assert_eq!(document, json!({"keep": true}));
    }

    #[test]
    fn filters_and_keys_with_dollar_and_slash_select_the_right_nodes() {
        let mut document = sample();
        let diags = apply(
            "- target: \"$.paths.*.*.parameters[?@.name=='version']\"\n  description: The version is an enum.\n  update:\n    schema: {type: string, enum: [live, test]}\n- target: \"$.components.schemas['set_user_property'].properties['$set']\"\n  description: Document the operator.\n  update: {description: Properties to set.}\n- target: \"$.paths['/{WSID}/{version}/event']\"\n  description: Tag it.\n  update: {x-tag: events}\n",
            &mut document,
        );
        assert!(diags.is_empty(), "{diags}");
        let enum_schema = json!({"type": "string", "enum": ["live", "test"]});
        let event = &document["paths"]["/{WSID}/{version}/event"];
        assert_eq!(event["post"]["parameters"][1]["schema"], enum_schema);
        assert_eq!(event["post"]["parameters"][0].get("schema"), None);
        assert_eq!(event["x-tag"], json!("events"));
        let profiles = &document["paths"]["/{WSID}/{version}/profiles"]["get"]["parameters"];
        assert_eq!(profiles[0]["schema"], enum_schema);
        assert_eq!(profiles[1].get("schema"), None);
        assert_eq!(
            document["components"]["schemas"]["set_user_property"]["properties"]["$set"],
            json!({"$ref": "#/components/schemas/set_user_property_fields", "description": "Properties to set."})
        );
    }

    #[test]
    fn actions_see_the_document_as_earlier_actions_left_it() {
        let mut document = json!({"a": {}});
        let diags = apply(
            "- target: $.a\n  description: Add b.\n  update: {b: {c: 1}}\n- target: $.a.b.c\n  description: Then change c.\n  update: 2\n",
            &mut document,
        );
        assert!(diags.is_empty(), "{diags}");
        assert_eq!(document, json!({"a": {"b": {"c": 2}}}));
    }

    #[test]
    fn an_unmatched_target_names_file_action_target_and_reason() {
        let mut document = sample();
        let diags = apply(
            "- target: $.paths\n  description: Fine.\n  update: {}\n- target: $.components.schemas.gone\n  description: The vendor typed `sting` for `string`.\n  update: {type: string}\n- target: $.nothing\n  description: Also stale.\n  remove: true\n",
            &mut document,
        );
        assert_eq!(
            diags.to_string(),
            "error[E025]: overlays/fyno.yaml:9:3 at /actions/1: target `$.components.schemas.gone` matches nothing, \
             so this correction no longer applies (did the spec change?); \
             the action says: The vendor typed `sting` for `string`.\n\
             error[E025]: overlays/fyno.yaml:12:3 at /actions/2: target `$.nothing` matches nothing, \
             so this correction no longer applies (did the spec change?); the action says: Also stale.\n"
        );
    }

    /// Applies (expecting no problems) and returns what each action did.
    fn applied(actions: &str, document: &mut Value) -> Vec<Applied> {
        let (parsed, diags) = overlay(actions);
        assert!(diags.is_empty(), "{diags}");
        let mut diags = Diagnostics::new();
        let applied =
            parsed
                .expect("valid overlay")
                .apply_recorded(document, "spec.yaml", &mut diags);
        assert!(diags.is_empty(), "{diags}");
        applied
    }

    /// The action (`/actions/N`) and overlay place that wrote `pointer`.
    fn writer(applied: &[Applied], pointer: &str) -> Option<(String, String)> {
        writer_of(applied, pointer).map(|(action, place)| (action.location.pointer.clone(), place))
    }

    #[test]
    fn a_place_is_related_to_the_last_action_whose_value_holds_it() {
        let mut document =
            json!({"a": {"type": "object", "keep": 1}, "list": [1, 2], "gone": {"x": 1}});
        let applied = applied(
            "- target: $.a\n  description: Merge.\n  update: {type: objekt, inner: {deep: 1}}\n\
             - target: $.a.inner.deep\n  description: Then replace.\n  update: 2\n\
             - target: $.list\n  description: Append.\n  update: {y: 1}\n\
             - target: $.gone.x\n  description: Set.\n  update: 3\n\
             - target: $.gone\n  description: Then remove.\n  remove: true\n",
            &mut document,
        );
        let at = |action: &str, place: &str| Some((action.to_owned(), place.to_owned()));
        // A merged member, and what is below it.
        assert_eq!(
            writer(&applied, "/a/type"),
            at("/actions/0", "/actions/0/update/type")
        );
        assert_eq!(
            writer(&applied, "/a/inner"),
            at("/actions/0", "/actions/0/update/inner")
        );
        // A later action's value replaced the earlier one's.
        assert_eq!(
            writer(&applied, "/a/inner/deep"),
            at("/actions/1", "/actions/1/update")
        );
        // An entry appended to a list, and a place inside it.
        assert_eq!(
            writer(&applied, "/list/2/y"),
            at("/actions/2", "/actions/2/update/y")
        );
        // Members the merge did not name, the merged object itself, other
        // entries, removed values, and places that only share a prefix.
        for pointer in ["/a/keep", "/a", "/list/1", "/gone/x", "/a/typeset", ""] {
            assert_eq!(writer(&applied, pointer), None, "{pointer}");
        }
    }

    #[test]
    fn removing_from_a_list_forgets_what_earlier_actions_wrote_in_it() {
        let mut document = json!({"list": [{"a": 1}, {"a": 2}]});
        let applied = applied(
            "- target: $.list[1].a\n  description: Set.\n  update: 3\n\
             - target: $.list[0]\n  description: Drop.\n  remove: true\n\
             - target: $.list\n  description: Append.\n  update: {a: 4}\n",
            &mut document,
        );
        assert_eq!(document, json!({"list": [{"a": 3}, {"a": 4}]}));
        // The value set at `/list/1/a` is at `/list/0/a` now: not claimed.
        assert_eq!(writer(&applied, "/list/0/a"), None);
        assert_eq!(
            writer(&applied, "/list/1/a"),
            Some(("/actions/2".to_owned(), "/actions/2/update/a".to_owned()))
        );
    }

    #[test]
    fn every_action_problem_is_reported_at_once() {
        let (parsed, diags) = overlay(
            "- target: $.a\n  update: 1\n- target: $.b\n  description: '  '\n  remove: true\n- target: $.c[\n  description: Broken path.\n  update: 1\n- target: $.d\n  description: Both.\n  update: 1\n  remove: true\n- target: $.e\n  description: Neither.\n- description: No target.\n  update: 1\n- target: $.f\n  description: Typo.\n  updates: 1\n  remove: yes\n- just a string\n",
        );
        let text = diags.to_string();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines,
            [
                "error[E029]: overlays/fyno.yaml:6:3 at /actions/0: action has no `description`; every correction must say why it is needed",
                "error[E029]: overlays/fyno.yaml:8:3 at /actions/1: action has no `description`; every correction must say why it is needed",
                "error[E031]: overlays/fyno.yaml:11:3 at /actions/2/target: `$.c[` is not a valid RFC 9535 JSONPath: at position 3, parser error",
                "error[E032]: overlays/fyno.yaml:14:3 at /actions/3: action has both `update` and `remove: true`; split it into two actions",
                "error[E032]: overlays/fyno.yaml:18:3 at /actions/4: action has neither `update` nor `remove: true`, so it would change nothing",
                "error[E030]: overlays/fyno.yaml:20:3 at /actions/5: action has no `target` (a JSONPath such as `$.paths`)",
                // YAML 1.2: `yes` is a string, not a boolean.
                "error[E028]: overlays/fyno.yaml:25:3 at /actions/6/remove: `remove` must be `true` or `false`",
                "error[E028]: overlays/fyno.yaml:26:3 at /actions/7: an action must be a mapping with `target` and `description`",
                "warning[W025]: overlays/fyno.yaml:24:3 at /actions/6/updates: unknown field `updates` is ignored (expected one of: target, description, update, remove)",
            ]
        );
        // The two actions without a description can still be applied.
        let parsed = parsed.expect("version is fine");
        let targets: Vec<&str> = parsed.actions().iter().map(OverlayAction::target).collect();
        assert_eq!(targets, ["$.a", "$.b"]);
    }

    #[test]
    fn documents_that_are_not_overlays_are_rejected() {
        let cases = [
            ("actions: [", "]: x.yaml"),
            (
                "- a\n- b\n",
                "error[E026]: x.yaml:1:1 at (document root): an overlay must be a mapping",
            ),
            (
                "overlay: 1.1.0\ninfo: {title: t, version: v}\nactions: [{target: $, description: d, remove: true}]\n",
                "error[E027]: x.yaml:1:1 at /overlay: unsupported Overlay version `1.1.0`; only 1.0.x is supported",
            ),
            (
                "overlay: 1.0\ninfo: {title: t, version: v}\nactions: [{target: $, description: d, remove: true}]\n",
                "error[E027]: x.yaml:1:1 at /overlay: `overlay` must be the version string `1.0.0`, found 1.0",
            ),
            (
                "info: {title: t}\nactions: []\n",
                "error[E027]: x.yaml:1:1 at (document root): missing `overlay: 1.0.0`",
            ),
        ];
        for (text, expected) in cases {
            let mut diags = Diagnostics::new();
            assert!(
                Overlay::parse(text, "x.yaml", &mut diags).is_none(),
                "{text}"
            );
            let report = diags.to_string();
            assert!(
                report.starts_with("error[") && report.contains(expected),
                "{text:?} gave {report}"
            );
        }
    }

    #[test]
    fn info_and_actions_are_validated_in_an_overlay_with_a_good_version() {
        let mut diags = Diagnostics::new();
        let parsed = Overlay::parse(
            "{\"overlay\": \"1.0.1\", \"info\": {\"title\": 3}, \"extends\": \"spec.yaml\", \"actions\": []}",
            "x.json",
            &mut diags,
        )
        .expect("1.0.1 is supported");
        assert_eq!(parsed.extends(), Some("spec.yaml"));
        assert!(parsed.actions().is_empty());
        assert_eq!(
            diags.to_string(),
            "error[E026]: x.json:1:22 at /info: missing `version`\n\
             error[E026]: x.json:1:31 at /info/title: `title` must be a string\n\
             error[E026]: x.json:1:68 at /actions: `actions` is empty; an overlay needs at least one\n"
        );
    }

    #[test]
    fn corrections_apply_to_the_real_spec() {
        let text = include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../spec/fyno-openapi.yaml"
        ));
        let spec_file = SourceFile {
            name: "spec.yaml",
            text,
        };
        let mut spec = read_document(spec_file, &mut Diagnostics::new()).expect("spec parses");
        let diags = apply(
            "- target: \"$.paths['/{WSID}/{version}/event'].post.parameters[?@.name=='version'].schema\"\n  description: Document the default.\n  update: {description: live or test}\n- target: \"$.components.schemas['set_user_property'].properties['$set']\"\n  description: Mark as required elsewhere.\n  update: {x-note: operator}\n",
            &mut spec,
        );
        assert!(diags.is_empty(), "{diags}");
        let schema = &spec["paths"]["/{WSID}/{version}/event"]["post"]["parameters"][1]["schema"];
        assert_eq!(schema["description"], json!("live or test"));
        assert_eq!(schema["default"], json!("live"));
        assert_eq!(
            spec["components"]["schemas"]["set_user_property"]["properties"]["$set"]["x-note"],
            json!("operator")
        );
    }
}
