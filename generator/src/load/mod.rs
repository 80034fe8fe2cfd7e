//! Stage 1, load: spec text (YAML or JSON) → typed [`openapiv3::OpenAPI`], in order:
//! read (JSON as JSON, YAML by `yaml`: linear, depth-bounded) → version check
//! (before anything else can fail) → other files → overlays → lint (what
//! would be dropped silently) → every map sorted (`canonical`) → boolean
//! schemas → references → 3.1 downlevel → order-free lists sorted
//! (`canonical`, moves recorded in [`Origins`]) → typing.
//!
//! The document goes through a `serde_json::Value` on the way so that
//! overlays (JSONPath based) can edit it before typing, so that 3.1 can be
//! rewritten into the 3.0 model `openapiv3` reads, and so that a typing
//! error can be reported with the JSON pointer of the offending node.

use crate::diagnostics::{Diagnostics, Location, Reporter, codes, pointer_push};
use crate::load::overlay::Overlay;
use serde_json::Value;

mod boolean_schemas;
mod bundle;
mod canonical;
mod downlevel;
mod json;
pub(crate) mod lint;
mod origins;
pub mod overlay;
mod references;
pub(crate) mod relative_links;
pub mod source_map;
pub(crate) mod spec_kinds;
mod yaml;

pub use bundle::{ReadFile, Sources};

pub use origins::Origins;

/// Deepest nesting of objects and arrays read (serde_json's own limit, used
/// for YAML too). Everything after loading may then recurse safely, and real
/// documents stay far below it (the corpus's deepest has 31 levels).
pub const MAX_DEPTH: usize = 128;

/// A named source text: what the user would call the file.
#[derive(Clone, Copy, Debug)]
pub struct SourceFile<'a> {
    /// The file name used in diagnostics (e.g. `spec/fyno-openapi.yaml`).
    pub name: &'a str,
    /// The file's contents.
    pub text: &'a str,
}

/// The spec after loading: typed, and with its raw form kept for pointer lookups.
#[derive(Debug)]
pub struct LoadedSpec {
    /// The typed document.
    pub api: openapiv3::OpenAPI,
    /// The document as JSON, after overlays (for examples and extensions).
    pub raw: Value,
    /// The version the document is written in.
    pub dialect: Dialect,
    /// Where the nodes the 3.1 downlevel moved came from (empty for 3.0), so
    /// later diagnostics can name the author's pointers.
    pub origins: Origins,
    /// What each overlay action did. An action whose target matched nothing
    /// is not reported yet: `retarget` says where its target went when the
    /// schema it named moved (`load` itself reports them plainly).
    pub overlay_actions: Vec<crate::load::overlay::Applied>,
}

/// Parses `spec`, applies `overlays` in order, checks the version and types it.
///
/// Returns `None` when the document could not be typed; every problem found
/// on the way is in `diags`.
pub fn load(
    spec: SourceFile<'_>,
    overlays: &[SourceFile<'_>],
    diags: &mut Diagnostics,
) -> Option<LoadedSpec> {
    let result = load_unlocated(spec, overlays, None, &mut Sources::default(), diags).ok();
    if let Some(loaded) = &result {
        crate::load::overlay::report_unmatched(&loaded.overlay_actions, diags);
    }
    // Positions are only needed to report something: the source map (a second
    // parse of the document) is built only then.
    crate::load::source_map::locate(diags, spec.name, spec.text);
    result
}

/// [`load`] without giving its problems lines and columns: for a caller that
/// locates everything it reports at once, with one source map.
/// The files a document split over several is made of are read through
/// `files`; what was read, and where it went, is recorded in `sources`.
/// When the document cannot be loaded, what the overlay actions applied did
/// is returned instead (a problem in a value an action wrote names it).
pub(crate) fn load_unlocated(
    spec: SourceFile<'_>,
    overlays: &[SourceFile<'_>],
    files: Option<&dyn ReadFile>,
    sources: &mut Sources,
    diags: &mut Diagnostics,
) -> Result<LoadedSpec, Vec<crate::load::overlay::Applied>> {
    let mut overlay_actions = Vec::new();
    match load_applying(spec, overlays, files, sources, &mut overlay_actions, diags) {
        Some(mut loaded) => {
            loaded.overlay_actions = overlay_actions;
            Ok(loaded)
        }
        None => {
            // Nothing later will say where a stale target went.
            crate::load::overlay::report_unmatched(&overlay_actions, diags);
            Err(overlay_actions)
        }
    }
}

fn load_applying(
    spec: SourceFile<'_>,
    overlays: &[SourceFile<'_>],
    files: Option<&dyn ReadFile>,
    sources: &mut Sources,
    overlay_actions: &mut Vec<crate::load::overlay::Applied>,
    diags: &mut Diagnostics,
) -> Option<LoadedSpec> {
    let mut raw = read_document(spec, diags)?;
    let dialect = check_version(&raw, &mut Reporter::new(spec.name, diags))?;
    bundle::bundle(spec.name, &mut raw, dialect, files, sources, diags);
    if diags.has_errors() {
        return None;
    }

    let parsed: Vec<Overlay> = overlays
        .iter()
        .filter_map(|o| Overlay::parse(o.text, o.name, diags))
        .collect();
    if diags.has_errors() {
        return None;
    }
    for overlay in &parsed {
        overlay_actions.extend(overlay.apply_recorded(&mut raw, spec.name, diags));
    }
    if diags.has_errors() {
        return None;
    }
    let readings = crate::load::lint::lint(&raw, dialect, &mut Reporter::new(spec.name, diags));
    if diags.has_errors() {
        return None;
    }
    for reading in &readings {
        reading.apply(&mut raw);
    }
    canonical::sort_maps(&mut raw);
    relative_links::resolve_relative_links(&mut raw);
    let mut report = Reporter::new(spec.name, diags);
    boolean_schemas::replace(&mut raw, dialect, &mut report);
    let mut origins = Origins::default();
    references::inline(&mut raw, dialect, &mut origins, &mut report);
    if diags.has_errors() {
        return None;
    }
    match dialect {
        Dialect::OpenApi31 => downlevel::downlevel(&mut raw, &mut origins),
        Dialect::OpenApi30 => downlevel::type_lists(&mut raw, &readings, &mut origins),
    }
    canonical::sort_lists(&mut raw, &mut origins);

    // Typed without tracking the path first: a valid document (the usual
    // case) is read once, and only a refused one is read again to say where.
    let typed = <openapiv3::OpenAPI as serde::Deserialize>::deserialize(&raw)
        .or_else(|_| serde_path_to_error::deserialize::<_, openapiv3::OpenAPI>(&raw));
    match typed {
        Ok(api) => Some(LoadedSpec {
            api,
            raw,
            dialect,
            origins,
            overlay_actions: Vec::new(),
        }),
        Err(err) => {
            let pointer = origins.source(&path_to_pointer(err.path())).into_owned();
            diags.error(
                codes::INVALID_DOCUMENT,
                Location::new(spec.name, pointer),
                format!("not a valid OpenAPI document here: {}", err.inner()),
            );
            None
        }
    }
}

/// Text → JSON value: JSON text with `serde_json` (linear, and it reads every
/// valid JSON string, surrogate pairs included), anything else as YAML.
/// Syntax errors are reported with line and column; `None` then.
pub fn read_document(spec: SourceFile<'_>, diags: &mut Diagnostics) -> Option<Value> {
    let text = spec.text.strip_prefix('\u{feff}').unwrap_or(spec.text);
    if !looks_like_json(text) {
        return yaml::read(text, &mut Reporter::new(spec.name, diags));
    }
    let mut json_diags = Diagnostics::new();
    if let Some(value) = json::read(text, &mut Reporter::new(spec.name, &mut json_diags)) {
        diags.extend(json_diags);
        return Some(value);
    }
    // `{openapi: 3.1.0, …}` is a YAML flow mapping, not JSON: valid YAML is
    // never refused. When YAML fails too, JSON's message is the one that fits.
    let mut yaml_diags = Diagnostics::new();
    match yaml::read(text, &mut Reporter::new(spec.name, &mut yaml_diags)) {
        Some(value) => {
            diags.extend(yaml_diags);
            Some(value)
        }
        None => {
            diags.extend(json_diags);
            None
        }
    }
}

/// Whether `text` looks like a JSON object or array (YAML flow collections
/// start the same way: what JSON refuses is read again as YAML).
pub(crate) fn looks_like_json(text: &str) -> bool {
    text.trim_start().starts_with(['{', '['])
}

/// Which OpenAPI version a document is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    /// OpenAPI 3.0.x: read as is.
    OpenApi30,
    /// OpenAPI 3.1.x: its JSON Schema 2020-12 schemas are rewritten into the
    /// 3.0 form before typing (see `load/downlevel.rs`).
    OpenApi31,
}

/// How to convert a Swagger 2.0 document, said where it is refused.
const SWAGGER_ADVICE: &str = "Swagger 2.0 documents are not supported: convert it to OpenAPI 3 first, e.g. with `npx swagger2openapi spec.yaml --outfile openapi.yaml` (or the Swagger Editor's \"Convert to OpenAPI 3\")";

/// Reads the version before anything else, so a 2.0 or 3.2 document is told
/// so even if the rest of it would not type.
fn check_version(raw: &Value, report: &mut Reporter<'_>) -> Option<Dialect> {
    let Some(object) = raw.as_object() else {
        report.error(
            codes::NOT_OPENAPI_3,
            "",
            "the document must be an object with an `openapi` field",
        );
        return None;
    };
    match object.get("openapi") {
        Some(Value::String(v)) => match dialect(v) {
            Some(dialect) => Some(dialect),
            None => {
                report.error(codes::NOT_OPENAPI_3,
                    "/openapi",
                    format!("OpenAPI version {v} is not supported: this generator reads OpenAPI 3.0.x and 3.1.x documents"),
                );
                None
            }
        },
        Some(other) => {
            report.error(
                codes::NOT_OPENAPI_3,
                "/openapi",
                format!("`openapi` must be a version string such as \"3.0.3\", found {other}"),
            );
            None
        }
        None if object.contains_key("swagger") => {
            report.error(codes::SWAGGER_2, "/swagger", SWAGGER_ADVICE);
            None
        }
        None => {
            report.error(
                codes::NOT_OPENAPI_3,
                "",
                "missing `openapi` field: this generator reads OpenAPI 3.0.x and 3.1.x documents",
            );
            None
        }
    }
}

/// `3.0`, `3.0.3`, `3.1.1` (no suffixes: `3.1.0-rc0` was a draft).
fn dialect(version: &str) -> Option<Dialect> {
    let mut parts = version.split('.');
    let (Some("3"), Some(minor)) = (parts.next(), parts.next()) else {
        return None;
    };
    let patch_ok = parts
        .next()
        .is_none_or(|patch| !patch.is_empty() && patch.bytes().all(|b| b.is_ascii_digit()));
    if !patch_ok || parts.next().is_some() {
        return None;
    }
    match minor {
        "0" => Some(Dialect::OpenApi30),
        "1" => Some(Dialect::OpenApi31),
        _ => None,
    }
}

/// serde_path_to_error's path → JSON pointer. Segments that are not map keys
/// or sequence indices (enum variants, unknown) are dropped: the pointer then
/// names the nearest addressable ancestor.
fn path_to_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut pointer = String::new();
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => pointer = pointer_push(&pointer, &index.to_string()),
            Segment::Map { key } => pointer = pointer_push(&pointer, key),
            Segment::Enum { .. } | Segment::Unknown => {}
        }
    }
    pointer
}

#[cfg(test)]
mod tests {
    use super::*;

    fn soup_value(
        next: &mut impl FnMut(usize) -> usize,
        keys: &[&str],
        leaves: &[&str],
        depth: usize,
    ) -> Value {
        if depth > 5 || next(3) == 0 {
            return serde_json::from_str(leaves[next(leaves.len())]).unwrap_or(Value::Null);
        }
        let mut object = serde_json::Map::new();
        for _ in 0..(1 + next(4)) {
            let value = if next(4) == 0 {
                Value::Array(
                    (0..next(3))
                        .map(|_| soup_value(next, keys, leaves, depth + 1))
                        .collect(),
                )
            } else {
                soup_value(next, keys, leaves, depth + 1)
            };
            object.insert(keys[next(keys.len())].to_owned(), value);
        }
        Value::Object(object)
    }

    fn load_text(text: &str) -> (Option<LoadedSpec>, String) {
        let mut diags = Diagnostics::new();
        let spec = SourceFile {
            name: "spec.yaml",
            text,
        };
        let loaded = load(spec, &[], &mut diags);
        (loaded, diags.to_string())
    }

    #[test]
    fn accepts_3_0_documents() {
        let (loaded, report) =
            load_text("openapi: 3.0.2\ninfo: {title: t, version: v}\npaths: {}\n");
        assert!(loaded.is_some(), "{report}");
    }

    #[test]
    fn rejects_other_versions_with_the_reason() {
        let (loaded, report) =
            load_text("openapi: 3.2.0\ninfo: {title: t, version: v}\npaths: {}\n");
        assert!(loaded.is_none());
        assert!(report.contains("spec.yaml:1:1 at /openapi"), "{report}");
        assert!(
            report.contains("OpenAPI version 3.2.0 is not supported"),
            "{report}"
        );

        let (_, report) = load_text("swagger: '2.0'\n");
        assert!(report.contains("Swagger 2.0"), "{report}");
        assert!(report.contains("swagger2openapi"), "{report}");
    }

    #[test]
    fn the_version_speaks_before_the_rest_fails() {
        // Not a valid document in any version, but the version is what matters first.
        let (_, report) = load_text("swagger: '2.0'\npaths: 7\ninfo: [x]\n");
        assert_eq!(report.lines().count(), 1, "{report}");
        assert!(report.contains("at /swagger: Swagger 2.0"), "{report}");
    }

    #[test]
    fn dialect_is_recorded() {
        for (version, dialect) in [
            ("3.0.3", Dialect::OpenApi30),
            ("3.0", Dialect::OpenApi30),
            ("3.1.0", Dialect::OpenApi31),
            ("3.1.1", Dialect::OpenApi31),
        ] {
            let text =
                format!("openapi: '{version}'\ninfo: {{title: t, version: v}}\npaths: {{}}\n");
            let (loaded, report) = load_text(&text);
            assert_eq!(loaded.map(|l| l.dialect), Some(dialect), "{report}");
        }
        for version in ["3.1.0-rc0", "3", "3.1.x", "4.0.0"] {
            assert_eq!(dialect(version), None, "{version}");
        }
    }

    #[test]
    fn json_is_read_as_json_surrogate_pairs_included() {
        let text = r#"{"openapi":"3.0.3","info":{"title":"\ud83d\udc4d thumbs up","version":"v"},"paths":{}}"#;
        let (loaded, report) = load_text(text);
        let loaded = loaded.expect(&report);
        assert_eq!(loaded.api.info.title, "\u{1f44d} thumbs up");
    }

    #[test]
    fn integers_beyond_64_bits_are_kept_as_the_nearest_float() {
        let yaml = "openapi: 3.0.3\ninfo: {title: t, version: v}\npaths: {}\nx-big: [-9223372036854776000, 18446744073709551616, 123456789012345678901234567890123456789012]\n";
        let json = r#"{"openapi":"3.0.3","info":{"title":"t","version":"v"},"paths":{},"x-big":[-9223372036854776000,18446744073709551616,123456789012345678901234567890123456789012]}"#;
        for text in [yaml, json] {
            let (loaded, report) = load_text(text);
            let loaded = loaded.expect(&report);
            let big: Vec<f64> = loaded.raw["x-big"]
                .as_array()
                .map(|a| a.iter().filter_map(Value::as_f64).collect())
                .unwrap_or_default();
            // (serde_json's fast float parsing may differ from Rust's in the last digit.)
            assert_eq!(big.len(), 3, "{big:?}");
            assert_eq!(big[..2], [-9.223372036854776e18, 1.8446744073709552e19]);
            assert!(
                (big[2] / 1.2345678901234568e41 - 1.0).abs() < 1e-15,
                "{big:?}"
            );
        }
    }

    /// Random documents made of OpenAPI and JSON Schema words, in both
    /// versions, through reading, lint, downlevel and typing: never a panic.
    #[test]
    fn random_schema_soup_never_panics() {
        const KEYS: &[&str] = &[
            "type",
            "anyOf",
            "oneOf",
            "allOf",
            "$ref",
            "const",
            "enum",
            "properties",
            "items",
            "examples",
            "exclusiveMinimum",
            "minimum",
            "nullable",
            "contentEncoding",
            "$defs",
            "prefixItems",
            "required",
            "format",
            "GET",
            "get",
            "requestbody",
            "responses",
            "200",
        ];
        const LEAVES: &[&str] = &[
            "null",
            "\"null\"",
            "\"string\"",
            "[\"string\", \"null\"]",
            "[\"integer\", \"object\"]",
            "1",
            "1.5",
            "true",
            "\"base64\"",
            "\"#/components/schemas/S\"",
            "[]",
            "{}",
            "[{\"type\": \"null\"}]",
            "[{\"$ref\": \"#/x\"}, {\"type\": \"null\"}]",
        ];
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        let mut outcomes = [0usize; 2];
        let mut reported = 0;
        for round in 0..400 {
            let schema = soup_value(&mut next, KEYS, LEAVES, 0);
            let version = if round % 2 == 0 { "3.1.0" } else { "3.0.3" };
            let doc = serde_json::json!({
                "openapi": version,
                "info": {"title": "t", "version": "v"},
                "paths": {"/a": {"post": {"requestBody": {"content": {"application/json": {"schema": schema.clone()}}}, "responses": {"200": {"description": "ok"}}}}},
                "components": {"schemas": {"S": schema}},
            });
            let text = doc.to_string();
            let (loaded, report) = load_text(&text);
            outcomes[usize::from(loaded.is_some())] += 1;
            reported += usize::from(!report.is_empty());
        }
        // Both outcomes occur, so the soup reaches typing as well as the lint.
        assert!(outcomes[0] > 20 && outcomes[1] > 20, "{outcomes:?}");
        assert!(reported > 20, "{reported}");
    }

    #[test]
    fn yaml_in_flow_style_is_yaml_not_broken_json() {
        let text = "{openapi: 3.0.3, info: {title: my api, version: v},\n paths: {}, x-a: [b c]}";
        let (loaded, report) = load_text(text);
        let loaded = loaded.expect(&report);
        assert_eq!(loaded.api.info.title, "my api");
        assert_eq!(
            crate::load::source_map::SourceMap::parse(text).position("/paths"),
            Some((2, 2))
        );
        // Broken JSON (and YAML) gets JSON's message.
        let (_, report) = load_text("{\"openapi\": [\"3.0.3\"}");
        assert!(
            report.starts_with("error[E001]: spec.yaml:1:21 at (document root): cannot parse the document as JSON: expected `,` or `]`"),
            "{report}"
        );
    }

    #[test]
    fn deep_nesting_is_a_clear_error_at_its_line_not_a_crash() {
        let depth = 10_000;
        let flow = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        let json = format!(r#"{{"openapi":"3.0.3","x":{flow}}}"#);
        let yaml_flow = format!("openapi: 3.0.3\nx: {flow}\n");
        let yaml_block: String = std::iter::once("openapi: 3.0.3\nx:\n".to_owned())
            .chain((1..depth).map(|i| format!("{}- \n", " ".repeat(i))))
            .collect();
        for (text, line) in [(json, 1), (yaml_flow, 2), (yaml_block, 130)] {
            let (loaded, report) = load_text(&text);
            assert!(loaded.is_none());
            assert!(
                report.starts_with(&format!("error[E002]: spec.yaml:{line}:")),
                "{report}"
            );
            assert!(report.contains("nests deeper than 128 levels"), "{report}");
        }
    }

    #[test]
    fn syntax_errors_carry_line_and_column() {
        let (loaded, report) = load_text("openapi: 3.0.2\ninfo: [unclosed\n");
        assert!(loaded.is_none());
        assert!(report.starts_with("error[E001]: spec.yaml:"), "{report}");
        assert!(report.contains("cannot parse"), "{report}");
    }

    #[test]
    fn typing_errors_name_the_pointer() {
        let text = "openapi: 3.0.2\ninfo: {title: t, version: v}\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: 5\n          content: {}\n";
        let (loaded, report) = load_text(text);
        assert!(loaded.is_none());
        // openapiv3 flattens path items, so serde's path ends at `/paths`;
        // the position and the message still say where and what.
        assert!(report.contains("spec.yaml:3:1 at /paths:"), "{report}");
        assert!(
            report.contains("invalid type: integer `5`, expected a string"),
            "{report}"
        );
    }

    #[test]
    fn integer_keys_become_strings() {
        let text = "openapi: 3.0.2\ninfo: {title: t, version: v}\npaths:\n  /a:\n    get:\n      responses:\n        200:\n          description: ok\n";
        let (loaded, report) = load_text(text);
        assert!(loaded.is_some(), "{report}");
    }
}
