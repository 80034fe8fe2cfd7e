//! Documents split over several files: every relative `$ref`
//! (`models/pet.yaml`, `../common.yaml#/Error`, `#/x` inside another file)
//! is followed through a reader the caller supplies (the library does no
//! I/O), each file read once, into one document the rest of the pipeline
//! sees as if it had been written as one.
//!
//! Where a file's content goes decides names, so it never depends on which
//! file held it:
//! - a component entry or a path item that is a `$ref` (`components:
//!   schemas: Pet: {$ref: pet.yaml}`) gets the content in place: the same
//!   document as the single-file one;
//! - a schema referenced from anywhere else gets a home in
//!   `components/schemas`, named after the file (or the last token of the
//!   pointer into it), and the reference points there;
//! - anything else is copied where it is referenced (a string, such as a
//!   `description: {$ref: intro.md-as-yaml#/text}`, at every reference);
//! - every later reference to something already placed points to it, so one
//!   file reached by two paths (or a cycle of files) is one type.
//!
//! Decisions, each a clear error otherwise: a URL is never fetched; a path
//! that leaves the root document's directory (or is absolute) is refused,
//! so that a vendor's document cannot read files outside its own tree into
//! a generated crate.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use serde_json::{Map, Value};

use super::{Dialect, SourceFile};
use crate::diagnostics::{Diagnostic, Diagnostics, ErrorCode, Location, codes, push_token};
use crate::load::spec_kinds::{Holds, Kind, field, walk};
use crate::reference::{by_longest_prefix, unescape_token};

/// Reads the other files of a document: `path` is the root document's name
/// with its directory, joined with the relative paths of the references.
pub trait ReadFile: Sync {
    /// The text of the file at `path`, or why it cannot be read.
    fn read(&self, path: &str) -> Result<String, String>;
}

impl<F: Fn(&str) -> Result<String, String> + Sync> ReadFile for F {
    fn read(&self, path: &str) -> Result<String, String> {
        self(path)
    }
}

/// What bundling read and where it put it, for locating problems.
#[derive(Clone, Debug, Default)]
pub struct Sources {
    /// Every file read besides the root: name and text, in reading order.
    pub files: Vec<(String, String)>,
    /// Bundled pointer → the file and pointer its content came from.
    placements: BTreeMap<String, (String, String)>,
}

impl Sources {
    /// The file and pointer a node of the bundled document was written at;
    /// `root` and `pointer` itself for what the root document holds.
    pub fn source(&self, root: &str, pointer: &str) -> (String, String) {
        match by_longest_prefix(pointer, |prefix| self.placements.get(prefix)) {
            Some(((file, at), rest)) => (file.clone(), format!("{at}{rest}")),
            None => (root.to_owned(), pointer.to_owned()),
        }
    }
}

/// How many rounds of newly placed content are searched for references (a
/// chain of files that deep).
const MAX_ROUNDS: usize = 64;

/// A file and a pointer into it.
type Target = (String, String);

/// Follows every reference to another file in `document` (the root, named
/// `root`), reading files through `reader`. Problems go to `diags`, located
/// in the file that holds them.
pub(crate) fn bundle(
    root: &str,
    document: &mut Value,
    dialect: Dialect,
    reader: Option<&dyn ReadFile>,
    sources: &mut Sources,
    diags: &mut Diagnostics,
) {
    if !has_external_reference(document) {
        return;
    }
    let mut bundler = Bundler {
        root,
        root_dir: parent(root).to_owned(),
        reader,
        files: BTreeMap::new(),
        placed: BTreeMap::new(),
        done: BTreeSet::new(),
        sources,
        diags,
    };
    bundler.place_entries(document);
    for _ in 0..MAX_ROUNDS {
        if !bundler.round(document, dialect) {
            return;
        }
    }
    bundler.diags.error(codes::REFERENCE_LIMIT,
        Location::new(root, String::new()),
        format!("references lead through more than {MAX_ROUNDS} files in a chain; this is not followed further"),
    );
}

struct Bundler<'b> {
    root: &'b str,
    root_dir: String,
    reader: Option<&'b dyn ReadFile>,
    /// Every file read (or tried), by name: its document, when it reads.
    files: BTreeMap<String, Option<Value>>,
    /// Targets whose content is in the document, and where.
    placed: BTreeMap<Target, String>,
    /// References already pointed into this document (by their pointer):
    /// another file's node holding one must not be resolved in that file again.
    done: BTreeSet<String>,
    sources: &'b mut Sources,
    diags: &'b mut Diagnostics,
}

/// One `$ref` found in the document.
struct Found {
    pointer: String,
    reference: String,
    /// The kind of object its place holds; `None` where OpenAPI has no
    /// object (a `properties` map, a `description`), so only a copy of
    /// the target can stand there.
    place: Option<Kind>,
    /// A discriminator's `mapping` value (the string at `pointer`), which
    /// names a schema by reference.
    mapping: bool,
    /// It stands for a map or list of OpenAPI objects (`properties: {$ref:
    /// props.yaml}`), where a reference cannot stay: it is always copied.
    container: bool,
}

impl Bundler<'_> {
    /// Component entries and path items of the root that are references to
    /// another file get that file's content in place.
    fn place_entries(&mut self, document: &mut Value) {
        let mut entries = Vec::new();
        if let Some(Value::Object(components)) = document.get("components") {
            for (section, entries_of) in components {
                if let Value::Object(map) = entries_of {
                    for name in map.keys() {
                        entries.push(entry_pointer(&["components", section, name]));
                    }
                }
            }
        }
        if let Some(Value::Object(paths)) = document.get("paths") {
            entries.extend(paths.keys().map(|path| entry_pointer(&["paths", path])));
        }
        for pointer in entries {
            let Some(reference) = external_reference(document, &pointer) else {
                continue;
            };
            self.done.insert(pointer.clone());
            let Some(target) = self.resolve(self.root, &pointer, &reference) else {
                continue;
            };
            if let Some(at) = self.bundled_pointer(&target) {
                set_reference(document, &pointer, &at, false);
            } else if let Some(content) = self.content(&target, &pointer) {
                self.put(document, &pointer, content, target);
            }
        }
    }

    /// Follows every reference that is not the root's own; true when
    /// something changed (new content may hold references of its own).
    fn round(&mut self, document: &mut Value, dialect: Dialect) -> bool {
        let found = find(document, dialect);
        let mut changed = false;
        for found in found {
            let (file, _) = self.sources.source(self.root, &found.pointer);
            let own = file == self.root && found.reference.starts_with('#');
            if own || self.done.contains(&found.pointer) {
                continue;
            }
            // Whatever happens, this reference is dealt with: a problem is
            // reported once, and the load stops after bundling.
            self.done.insert(found.pointer.clone());
            let Some(target) = self.resolve(&file, &found.pointer, &found.reference) else {
                continue;
            };
            // A reference where OpenAPI types nothing (an extension, an
            // example) stays a reference, as in a single-file document.
            if let (Some(at), false) = (self.bundled_pointer(&target), found.container) {
                set_reference(document, &found.pointer, &at, found.mapping);
                changed = true;
                continue;
            }
            let Some(content) = self.content(&target, &found.pointer) else {
                continue;
            };
            changed = true;
            if content.is_object() && found.place == Some(Kind::Schema) {
                let home = self.schema_home(document, &target);
                self.put(document, &home, content, target);
                set_reference(document, &found.pointer, &home, found.mapping);
            } else if content.is_object() {
                self.put(document, &found.pointer, content, target);
            } else if let Some(slot) = document.pointer_mut(&found.pointer) {
                *slot = content;
            }
        }
        changed
    }

    /// Puts `content` (of `target`) at `pointer`, over a reference whose own
    /// fields stay beside it, and records where it came from.
    fn put(&mut self, document: &mut Value, pointer: &str, content: Value, target: Target) {
        let Some(slot) = ensure(document, pointer) else {
            return;
        };
        let siblings = match std::mem::replace(slot, content) {
            Value::Object(mut map) => {
                map.remove("$ref");
                map
            }
            _ => Map::new(),
        };
        if let Value::Object(map) = slot {
            for (key, value) in siblings {
                map.insert(key, value);
            }
        }
        self.sources
            .placements
            .insert(pointer.to_owned(), target.clone());
        self.placed.insert(target, pointer.to_owned());
        // The content may itself be a reference (a file holding only a
        // `$ref`): it is the content's, still to follow.
        self.done.remove(pointer);
    }

    /// The place in `components/schemas` a schema of another file gets:
    /// named after the last token of its pointer, or the file's name, in
    /// upper camel case, so that moving it between files (`owner.json`,
    /// `common.yaml#/Owner`) keeps its place, and with it its names.
    fn schema_home(&self, document: &Value, (file, pointer): &Target) -> String {
        let written = match pointer.rsplit_once('/') {
            Some((_, token)) if !token.is_empty() => unescape_token(token),
            _ => file_stem(file).to_owned(),
        };
        let camel = heck::ToUpperCamelCase::to_upper_camel_case(written.as_str());
        let base = if camel.is_empty() { written } else { camel };
        let taken = |name: &str| {
            document
                .pointer(&entry_pointer(&["components", "schemas", name]))
                .is_some()
        };
        let mut name = base.clone();
        let mut number = 2;
        while taken(&name) {
            name = format!("{base}_{number}");
            number += 1;
        }
        entry_pointer(&["components", "schemas", &name])
    }

    /// Where the document holds `target`, if it does: the root's own nodes
    /// where they are, another file's under the longest placed prefix.
    fn bundled_pointer(&self, (file, pointer): &Target) -> Option<String> {
        if file == self.root {
            return Some(pointer.clone());
        }
        let key = |prefix: &str| (file.clone(), prefix.to_owned());
        by_longest_prefix(pointer, |prefix| self.placed.get(&key(prefix)))
            .map(|(at, rest)| format!("{at}{rest}"))
    }

    /// The value `target` names, reading its file once; `None` (reported at
    /// the reference at `at`) when it cannot be had.
    fn content(&mut self, (file, pointer): &Target, at: &str) -> Option<Value> {
        let document = self.file(file, at)?;
        if let Some(value) = document.pointer(pointer) {
            return Some(value.clone());
        }
        // The other place: as far as the pointer goes in that file.
        let (nearest, missing) = nearest_ancestor(document, pointer);
        let holder = if nearest.is_empty() {
            "the file".to_owned()
        } else {
            format!("`#{nearest}`")
        };
        let place = Location::new(file.clone(), nearest);
        let message = format!("`{file}` has nothing at `#{pointer}`");
        self.report(at, codes::DANGLING_REFERENCE, message)
            .also_at(place, format!("{holder} holds no `{missing}`"));
        None
    }

    fn file(&mut self, name: &str, at: &str) -> Option<&Value> {
        if !self.files.contains_key(name) {
            let read = self.read(name, at);
            self.files.insert(name.to_owned(), read);
        }
        self.files.get(name)?.as_ref()
    }

    fn read(&mut self, name: &str, at: &str) -> Option<Value> {
        let Some(reader) = self.reader else {
            let message = format!(
                "`{name}` is another file, and this generator was given no way to read files: generate with `cargo xtask codegen --spec`, which reads them"
            );
            self.report(at, codes::UNREADABLE_FILE, message);
            return None;
        };
        let text = match reader.read(name) {
            Ok(text) => text,
            Err(why) => {
                self.report(
                    at,
                    codes::UNREADABLE_FILE,
                    format!("cannot read `{name}`: {why}"),
                );
                return None;
            }
        };
        let value = super::read_document(SourceFile { name, text: &text }, self.diags);
        self.sources.files.push((name.to_owned(), text));
        value
    }

    /// The file and pointer `reference`, written in `file`, names; `None`
    /// when it cannot be followed (reported at the reference at `at`).
    fn resolve(&mut self, file: &str, at: &str, reference: &str) -> Option<Target> {
        let (path, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        let pointer = match crate::reference::local_pointer(&format!("#{fragment}")) {
            Ok(pointer) => pointer,
            Err(message) => {
                self.report(at, codes::MALFORMED_REFERENCE, message);
                return None;
            }
        };
        if path.is_empty() {
            return Some((file.to_owned(), pointer));
        }
        match join(&self.root_dir, parent(file), path) {
            Ok(name) => Some((name, pointer)),
            Err((code, why)) => {
                self.report(at, code, format!("`$ref` `{reference}` {why}"));
                None
            }
        }
    }

    /// An error at the `$ref` of the node at `at` (a pointer of the bundled
    /// document), in the file that holds it.
    fn report(&mut self, at: &str, code: ErrorCode, message: String) -> &mut Diagnostic {
        let (file, pointer) = self.sources.source(self.root, at);
        let mut pointer = pointer;
        push_token(&mut pointer, "$ref");
        self.diags
            .error(code, Location::new(file, pointer), message)
    }
}

/// The longest prefix of `pointer` that `document` holds, and the first
/// token (unescaped) it does not hold.
fn nearest_ancestor(document: &Value, pointer: &str) -> (String, String) {
    let mut nearest = String::new();
    for token in pointer.split('/').skip(1) {
        let next = format!("{nearest}/{token}");
        if document.pointer(&next).is_none() {
            return (nearest, unescape_token(token));
        }
        nearest = next;
    }
    (nearest, String::new())
}

/// `/a/b~1c` from tokens.
fn entry_pointer(tokens: &[&str]) -> String {
    let mut pointer = String::new();
    for token in tokens {
        push_token(&mut pointer, token);
    }
    pointer
}

/// The reference at `pointer` when its object is a `$ref` to another file.
fn external_reference(document: &Value, pointer: &str) -> Option<String> {
    let reference = document.pointer(pointer)?.get("$ref")?.as_str()?;
    (!reference.starts_with('#')).then(|| reference.to_owned())
}

/// Points the `$ref` at `pointer` (or, for a discriminator `mapping`, the
/// string there) to `at` in this document.
fn set_reference(document: &mut Value, pointer: &str, at: &str, mapping: bool) {
    let reference = Value::String(format!("#{}", at.replace('%', "%25")));
    match document.pointer_mut(pointer) {
        Some(Value::Object(map)) if !mapping => {
            map.insert("$ref".to_owned(), reference);
        }
        Some(slot @ Value::String(_)) if mapping => *slot = reference,
        _ => {}
    }
}

/// Whether a discriminator `mapping` value is a reference (a file or a
/// pointer) rather than a schema's name.
fn is_mapping_reference(value: &str) -> bool {
    value.contains('/')
        || value.contains('#')
        || [".yaml", ".yml", ".json"]
            .iter()
            .any(|ext| value.ends_with(ext))
}

/// The value at `pointer`, making the objects on the way (`components`,
/// `schemas`) when they are missing.
fn ensure<'v>(document: &'v mut Value, pointer: &str) -> Option<&'v mut Value> {
    let mut node = document;
    for token in pointer.split('/').skip(1) {
        let key = unescape_token(token);
        node = match node {
            Value::Object(map) => map.entry(key).or_insert(Value::Object(Map::new())),
            Value::Array(items) => items.get_mut(key.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(node)
}

/// Whether any `$ref` of `document` names another file.
fn has_external_reference(document: &Value) -> bool {
    let mut stack = vec![document];
    while let Some(value) = stack.pop() {
        match value {
            Value::Object(map) => {
                if map
                    .get("$ref")
                    .and_then(Value::as_str)
                    .is_some_and(|r| !r.starts_with('#'))
                {
                    return true;
                }
                stack.extend(map.values());
            }
            Value::Array(items) => stack.extend(items),
            _ => {}
        }
    }
    false
}

/// Every `$ref` of `document`, in document order, and whether it stands
/// where a schema belongs. Iterative: a document's depth is bounded by the
/// loader, but nothing here relies on it.
fn find(document: &Value, dialect: Dialect) -> Vec<Found> {
    let walked = walk(document, dialect);
    // Places by the address of their object: the walk and the scan below
    // read the same, unchanged document (the map is only looked up).
    let places: HashMap<*const Map<String, Value>, Kind> = walked
        .nodes
        .iter()
        .map(|node| (std::ptr::from_ref(node.value), node.expected))
        .collect();
    let containers: HashSet<*const Map<String, Value>> = walked
        .nodes
        .iter()
        .flat_map(|node| {
            node.value.iter().filter_map(move |(key, value)| {
                let holds = field(node.kind, key, dialect)?.holds;
                let holds_many = matches!(holds, Holds::Map(_) | Holds::List(_));
                match value {
                    Value::Object(map) if holds_many => Some(std::ptr::from_ref(map)),
                    _ => None,
                }
            })
        })
        .collect();
    let mut found = Vec::new();
    for node in walked
        .nodes
        .iter()
        .filter(|n| n.kind == Kind::Discriminator)
    {
        let Some(Value::Object(mapping)) = node.value.get("mapping") else {
            continue;
        };
        for (value, target) in mapping {
            let Some(target) = target.as_str().filter(|t| is_mapping_reference(t)) else {
                continue;
            };
            let mut pointer = walked.pointer(node);
            push_token(&mut pointer, "mapping");
            push_token(&mut pointer, value);
            found.push(Found {
                pointer,
                reference: target.to_owned(),
                place: Some(Kind::Schema),
                mapping: true,
                container: false,
            });
        }
    }
    let mut stack = vec![(String::new(), document)];
    while let Some((pointer, value)) = stack.pop() {
        match value {
            Value::Object(map) => {
                if let Some(reference) = map.get("$ref").and_then(Value::as_str) {
                    found.push(Found {
                        place: places.get(&std::ptr::from_ref(map)).copied(),
                        mapping: false,
                        container: containers.contains(&std::ptr::from_ref(map)),
                        pointer: pointer.clone(),
                        reference: reference.to_owned(),
                    });
                }
                for (key, child) in map.iter().rev() {
                    let mut child_pointer = pointer.clone();
                    push_token(&mut child_pointer, key);
                    stack.push((child_pointer, child));
                }
            }
            Value::Array(items) => {
                for (index, child) in items.iter().enumerate().rev() {
                    stack.push((format!("{pointer}/{index}"), child));
                }
            }
            _ => {}
        }
    }
    found
}

/// The directory part of a file name (`a/b.yaml` → `a`, `b.yaml` → ``).
fn parent(file: &str) -> &str {
    file.rsplit_once('/').map_or("", |(dir, _)| dir)
}

/// A file's name without its directory and extension.
fn file_stem(file: &str) -> &str {
    let name = file.rsplit_once('/').map_or(file, |(_, name)| name);
    name.split_once('.').map_or(name, |(stem, _)| stem)
}

/// `path` (relative, from a file in `dir`) as a file name under `root_dir`,
/// `.` and `..` resolved; why not, when it is a URL, absolute, or leaves
/// `root_dir`.
fn join(root_dir: &str, dir: &str, path: &str) -> Result<String, (ErrorCode, String)> {
    let refused = |why: String| (codes::FILE_REFERENCE_REFUSED, why);
    if path.contains("://") || path.starts_with("urn:") {
        return Err(refused("is a URL: the generator never fetches; save the file beside the document and refer to it by a relative path".to_owned()));
    }
    let decoded = percent_encoding::percent_decode_str(path)
        .decode_utf8()
        .map_err(|_| {
            (
                codes::MALFORMED_REFERENCE,
                "is not valid percent-encoded UTF-8".to_owned(),
            )
        })?;
    if decoded.starts_with('/') || decoded.contains('\\') || decoded.contains(':') {
        return Err(refused(
            "is not a relative path: a document may refer only to files in its own directory tree"
                .to_owned(),
        ));
    }
    let root: Vec<&str> = root_dir.split('/').filter(|s| !s.is_empty()).collect();
    let mut parts: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
    for segment in decoded.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                if parts.len() <= root.len() {
                    return Err(refused(format!(
                        "leaves the directory of the root document{}: a vendor's document may not read files outside its own tree into a generated crate",
                        if root_dir.is_empty() {
                            String::new()
                        } else {
                            format!(" (`{root_dir}`)")
                        }
                    )));
                }
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    let absolute = if dir.starts_with('/') { "/" } else { "" };
    Ok(format!("{absolute}{}", parts.join("/")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn files(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Result<String, String> + Sync {
        let map: BTreeMap<String, String> = pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        move |path: &str| {
            map.get(path)
                .cloned()
                .ok_or_else(|| "no such file".to_owned())
        }
    }

    fn bundled(root: Value, pairs: &[(&str, &str)]) -> (Value, Sources, Vec<String>) {
        let reader = files(pairs);
        let mut document = root;
        let mut sources = Sources::default();
        let mut diags = Diagnostics::default();
        bundle(
            "api/openapi.yaml",
            &mut document,
            Dialect::OpenApi30,
            Some(&reader),
            &mut sources,
            &mut diags,
        );
        let messages = diags.iter().map(ToString::to_string).collect();
        (document, sources, messages)
    }

    #[test]
    fn paths_join_under_the_root_directory_and_never_leave_it() {
        assert_eq!(
            join("api", "api/models", "../common.yaml").as_deref(),
            Ok("api/common.yaml")
        );
        assert_eq!(
            join("api", "api", "./a/./b.yaml").as_deref(),
            Ok("api/a/b.yaml")
        );
        assert_eq!(
            join("/tmp/x", "/tmp/x", "b.yaml").as_deref(),
            Ok("/tmp/x/b.yaml")
        );
        assert!(
            join("api", "api", "../secret.yaml")
                .unwrap_err()
                .1
                .contains("leaves the directory")
        );
        assert!(
            join("", "", "/etc/passwd")
                .unwrap_err()
                .1
                .contains("not a relative path")
        );
        assert!(
            join("", "", "https://x.test/a.yaml")
                .unwrap_err()
                .1
                .contains("never fetches")
        );
    }

    #[test]
    fn entries_get_their_content_in_place_and_references_point_to_it() {
        let root = json!({
            "openapi": "3.0.3",
            "paths": {"/pets": {"$ref": "paths/pets.yaml"}},
            "components": {"schemas": {
                "Pet": {"$ref": "models/pet.yaml"},
                "Tag": {"$ref": "models/tag.json"}
            }}
        });
        let (document, sources, messages) = bundled(
            root,
            &[
                (
                    "api/paths/pets.yaml",
                    "get:\n  responses:\n    '200':\n      description: ok\n      content:\n        application/json:\n          schema: {$ref: '../models/pet.yaml'}\n",
                ),
                (
                    "api/models/pet.yaml",
                    "type: object\nproperties:\n  tag: {$ref: './tag.json'}\n  owner: {$ref: 'owner.yaml#/Owner'}\n  self: {$ref: '#'}\n",
                ),
                ("api/models/tag.json", "{\"type\": \"string\"}"),
                (
                    "api/models/owner.yaml",
                    "Owner: {type: object, properties: {name: {type: string}}}\n",
                ),
            ],
        );
        assert!(messages.is_empty(), "{messages:?}");
        assert_eq!(
            document["paths"]["/pets"]["get"]["responses"]["200"]["content"]["application/json"]["schema"],
            json!({"$ref": "#/components/schemas/Pet"})
        );
        let pet = &document["components"]["schemas"]["Pet"];
        assert_eq!(
            pet["properties"]["tag"],
            json!({"$ref": "#/components/schemas/Tag"})
        );
        assert_eq!(
            pet["properties"]["self"],
            json!({"$ref": "#/components/schemas/Pet"})
        );
        // A schema no entry names gets a home named after its pointer.
        assert_eq!(
            pet["properties"]["owner"],
            json!({"$ref": "#/components/schemas/Owner"})
        );
        assert_eq!(
            document["components"]["schemas"]["Owner"],
            json!({"type": "object", "properties": {"name": {"type": "string"}}})
        );
        // Each file read once; nodes lead back to their file.
        assert_eq!(sources.files.len(), 4);
        assert_eq!(
            sources.source("api/openapi.yaml", "/components/schemas/Pet/properties/tag"),
            (
                "api/models/pet.yaml".to_owned(),
                "/properties/tag".to_owned()
            )
        );
    }

    #[test]
    fn a_reference_keeps_its_siblings_and_a_file_reference_may_be_a_whole_file() {
        let root = json!({
            "openapi": "3.0.3",
            "paths": {"/a": {"get": {"responses": {"200": {
                "description": "ok",
                "content": {"application/json": {"schema": {
                    "$ref": "pet.yaml", "description": "beside the reference"
                }}}
            }}}}}
        });
        let (document, _, messages) = bundled(
            root,
            &[
                (
                    "api/pet.yaml",
                    "$ref: 'real.yaml'
",
                ),
                (
                    "api/real.yaml",
                    "type: string
",
                ),
            ],
        );
        assert!(messages.is_empty(), "{messages:?}");
        assert_eq!(
            document["paths"]["/a"]["get"]["responses"]["200"]["content"]["application/json"]["schema"],
            json!({"$ref": "#/components/schemas/Pet", "description": "beside the reference"})
        );
        // `pet.yaml` is only a reference: its home holds the reference to
        // `real.yaml`'s home.
        assert_eq!(
            document["components"]["schemas"]["Pet"],
            json!({"$ref": "#/components/schemas/Real"})
        );
        assert_eq!(
            document["components"]["schemas"]["Real"],
            json!({"type": "string"})
        );
    }

    #[test]
    fn missing_files_urls_and_escapes_are_errors_in_the_file_that_refers() {
        let root = json!({
            "openapi": "3.0.3",
            "paths": {},
            "components": {"schemas": {
                "A": {"$ref": "a.yaml"},
                "B": {"$ref": "https://x.test/b.yaml"},
                "C": {"$ref": "../c.yaml"}
            }}
        });
        let (_, _, messages) = bundled(
            root,
            &[("api/a.yaml", "properties:\n  x: {$ref: 'gone.yaml'}\n")],
        );
        assert_eq!(messages.len(), 3, "{messages:?}");
        for needle in [
            "error[E010]: api/a.yaml at /properties/x/$ref: cannot read `api/gone.yaml`: no such file",
            "error[E009]: api/openapi.yaml at /components/schemas/B/$ref: `$ref` `https://x.test/b.yaml` is a URL",
            "error[E009]: api/openapi.yaml at /components/schemas/C/$ref: `$ref` `../c.yaml` leaves the directory of the root document (`api`)",
        ] {
            assert!(
                messages.iter().any(|m| m.starts_with(needle)),
                "{needle}: {messages:?}"
            );
        }
    }
}
