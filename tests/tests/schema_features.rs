//! Schema features as the generator lowers them: what type each vendor
//! construct becomes (allOf, discriminators, recursion, references anywhere,
//! additional members), and that depth never reaches the call stack.
//! Decoding and encoding through the generated code is tested end to end in
//! `odd_specs` (compilation) and the end-to-end crates.

use fyno_codegen::Generated;
use fyno_codegen::ir::{Shape, Ty, TypeDef};
use std::fs;
use xtask::workspace_root;

fn generate_text(name: &str, text: &str) -> Result<Generated, String> {
    fyno_workspace_tests::generate_named(name, text, None)
}

fn fixture(name: &str) -> Generated {
    let path = workspace_root().join(format!("tests/fixtures/odd-specs/{name}.yaml"));
    let text = fs::read_to_string(&path).expect("fixture");
    generate_text(&format!("{name}.yaml"), &text).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn type_named<'a>(g: &'a Generated, name: &str) -> &'a TypeDef {
    g.api.types.get(type_id(g, name))
}

/// The id of the type named `name`.
fn type_id(g: &Generated, name: &str) -> fyno_codegen::ir::TypeId {
    g.api
        .types
        .ids()
        .find(|id| g.names.ty(*id).name == name)
        .unwrap_or_else(|| {
            let names: Vec<&str> = g.names.types().iter().map(|t| t.name.as_str()).collect();
            panic!("no type {name}; have {names:?}")
        })
}

/// `(wire, required)` of every field of a struct type.
fn fields(g: &Generated, name: &str) -> Vec<(String, bool)> {
    match &type_named(g, name).shape {
        Shape::Struct(s) => s
            .fields
            .iter()
            .map(|f| (f.wire.clone(), f.required))
            .collect(),
        other => panic!("{name} is not a struct: {other:?}"),
    }
}

#[test]
fn all_of_merges_members_and_unions_required() {
    let g = fixture("f_all_of");
    let api = &g.api;
    // Pet's `id` is read-only, so never required; NewCat adds `required: [name]`.
    assert_eq!(
        fields(&g, "NewCat"),
        [
            ("id".into(), false),
            ("name".into(), true),
            ("lives".into(), false)
        ]
    );
    // Cat includes NewCat (which includes Pet) and requires `lives` too.
    assert_eq!(
        fields(&g, "Cat"),
        [
            ("id".into(), false),
            ("name".into(), true),
            ("lives".into(), true),
            ("secret".into(), false),
        ]
    );
    // A diamond merges the shared ancestor once, with no false cycle.
    assert_eq!(
        fields(&g, "Both"),
        [
            ("uid".into(), true),
            ("label".into(), false),
            ("owned_by".into(), false)
        ]
    );
    let cat = type_named(&g, "Cat");
    assert_eq!(
        cat.doc.as_deref(),
        Some("A cat, with everything a pet has.")
    );
    // `allOf: [$ref: Owner]` with `nullable` beside it is `Owner`, nullable.
    let response = api
        .types
        .types
        .iter()
        .find(
            |t| matches!(&t.shape, Shape::Struct(s) if s.fields.iter().any(|f| f.wire == "owner")),
        )
        .expect("the inline response type");
    let Shape::Struct(s) = &response.shape else {
        unreachable!()
    };
    let owner = s.fields.iter().find(|f| f.wire == "owner").expect("owner");
    assert!(owner.nullable);
    let owner_id = g.names.types().iter().position(|t| t.name == "Owner");
    assert_eq!(
        owner.ty,
        Ty::Named(fyno_codegen::ir::TypeId(owner_id.expect("Owner")))
    );
}

/// `allOf` members that disagree on a property's type: the warning names
/// both places, and the property is any JSON value.
#[test]
fn all_of_conflicts_name_both_places() {
    let path = workspace_root().join("tests/fixtures/odd-specs/e_all_of_conflict.yaml");
    let text = fs::read_to_string(path).expect("fixture");
    let generated = generate_text("c.yaml", &text).unwrap_or_else(|e| panic!("{e}"));
    let report: Vec<String> = generated.warnings.iter().map(ToString::to_string).collect();
    assert!(
        report.iter().any(|w| w.contains("c.yaml:14:")
            && w.contains("at /components/schemas/B/allOf/1/properties/id")
            && w.contains("at /components/schemas/A/properties/id")
            && w.contains("it is read as any JSON value")),
        "{report:?}"
    );
}

fn tags(g: &Generated, name: &str) -> (String, Vec<(String, Vec<String>)>) {
    match &type_named(g, name).shape {
        Shape::OneOf(o) => (
            o.discriminator
                .as_ref()
                .map(|d| d.property.clone())
                .unwrap_or_default(),
            o.variants
                .iter()
                .zip(&g.names.ty(type_id(g, name)).members)
                .map(|(v, n)| (n.clone(), v.tag.clone().unwrap_or_default()))
                .collect(),
        ),
        other => panic!("{name} is not a oneOf: {other:?}"),
    }
}

#[test]
fn discriminators_tag_alternatives() {
    let g = fixture("f_discriminator");
    let strings = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    // Mapping values, and the component name for an alternative the mapping leaves out.
    assert_eq!(
        tags(&g, "Pet"),
        (
            "pet_type".to_owned(),
            vec![
                ("Cat".to_owned(), strings(&["cat", "kitten"])),
                ("Dog".to_owned(), strings(&["Dog"])),
            ]
        )
    );
    // No mapping: component names.
    assert_eq!(tags(&g, "Animal").1[0].1, strings(&["Cat"]));
    // No discriminator, but each alternative requires `type` with one value.
    assert_eq!(
        tags(&g, "Source"),
        (
            "type".to_owned(),
            vec![
                ("Blank".to_owned(), strings(&["blank"])),
                ("Image".to_owned(), strings(&["image"])),
                ("Snapshot".to_owned(), strings(&["snapshot"])),
            ]
        )
    );
    let code = &fixture("f_discriminator").files["src/generated/types/common.rs"];
    assert!(
        code.contains(r#""blank" => {"#) && code.contains("::serde_json::from_value(value)"),
        "decoding by tag"
    );
}

#[test]
fn recursive_aliases_become_newtypes_and_fields_are_boxed() {
    let g = fixture("f_recursive");
    for name in ["Tree", "Json", "Forest", "Grove"] {
        assert!(
            matches!(type_named(&g, name).shape, Shape::Newtype(_)),
            "{name}"
        );
    }
    let Shape::Struct(node) = &type_named(&g, "Node").shape else {
        panic!("Node is a struct")
    };
    let boxed: Vec<(&str, bool)> = node
        .fields
        .iter()
        .map(|f| (f.wire.as_str(), f.boxed))
        .collect();
    // Lists and maps allocate already; a direct or mutual reference is boxed.
    // (Properties come in their canonical, sorted order.)
    assert_eq!(
        boxed,
        [
            ("by_name", false),
            ("child", true),
            ("children", false),
            ("parent", true)
        ]
    );
}

#[test]
fn references_reach_any_pointer() {
    let generated = fixture("f_refs");
    let g = &generated;
    let api = &g.api;
    let Shape::Struct(shape) = &type_named(g, "Shape").shape else {
        panic!("Shape is a struct")
    };
    let by_wire = |wire: &str| &shape.fields.iter().find(|f| f.wire == wire).expect(wire).ty;
    // `origin` points into an inline response schema's properties, and
    // `corners` at `origin` itself: both are the one point type.
    let Ty::Array(corner) = by_wire("corners") else {
        panic!("corners is a list")
    };
    assert_eq!(**corner, *by_wire("origin"));
    assert!(matches!(by_wire("origin"), Ty::Named(_)));
    // A chain of reference-only components ends at the string.
    assert_eq!(api.types.resolved(by_wire("label")), Ty::String);
    // A required member whose (referenced) schema is nullable may be null.
    let owner = shape
        .fields
        .iter()
        .find(|f| f.wire == "owner")
        .expect("owner");
    assert!(owner.required && owner.nullable);
    assert!(generated.warnings.is_empty(), "{:?}", generated.warnings);
}

#[test]
fn undeclared_members_are_kept_when_allowed() {
    let generated = fixture("f_additional");
    let g = &generated;
    let additional = |name: &str| match &type_named(g, name).shape {
        Shape::Struct(s) => s.additional.clone(),
        _ => None,
    };
    assert_eq!(additional("Labelled"), Some(Ty::String));
    assert_eq!(additional("Open"), Some(Ty::Json));
    let code = generated
        .files
        .values()
        .find(|code| code.contains("pub struct Labelled"))
        .expect("Labelled is emitted");
    // The map keeps its name, so a property added later never renames it; a
    // declared `additional_properties` property is named apart (with a warning).
    assert!(code.contains("pub additional_properties: ::std::collections::BTreeMap"));
    assert!(code.contains("pub additional_properties_2: "), "{code}");
    let all: String = generated.files.values().cloned().collect();
    assert!(all.contains("pub big: ::std::option::Option<u64>"));
    assert!(all.contains("pub id: ::std::option::Option<u32>"));
}

/// `mkchain.py KIND N` of the corpus reproducers, in Rust: N schemas, each
/// referring to the next.
fn chain(kind: usize, n: usize) -> String {
    let mut schemas = Vec::with_capacity(n);
    for i in 0..n {
        let next = format!("{{\"$ref\": \"#/components/schemas/Chain{}\"}}", i + 1);
        let body = if i + 1 == n {
            "{\"type\": \"string\"}".to_owned()
        } else {
            match kind {
                0 => next,
                1 => format!(
                    "{{\"type\": \"object\", \"required\": [\"next\"], \"properties\": {{\"next\": {next}}}}}"
                ),
                2 => format!("{{\"type\": \"array\", \"items\": {next}}}"),
                _ => format!("{{\"oneOf\": [{next}, {{\"type\": \"integer\"}}]}}"),
            }
        };
        schemas.push(format!("\"Chain{i}\": {body}"));
    }
    format!(
        "{{\"openapi\": \"3.0.3\", \"info\": {{\"title\": \"t\", \"version\": \"v\"}}, \"paths\": {{\"/x\": {{\"get\": {{\"responses\": {{\"200\": {{\"description\": \"ok\", \"content\": {{\"application/json\": {{\"schema\": {{\"$ref\": \"#/components/schemas/Chain0\"}}}}}}}}}}}}}}}}, \"components\": {{\"schemas\": {{\"Version\": {{\"type\": \"string\", \"enum\": [\"live\", \"test\"]}}, {}}}}}}}",
        schemas.join(", ")
    )
}

/// Ten thousand levels of `$ref` generate on a test thread's small stack.
#[test]
fn reference_chains_of_ten_thousand_generate() {
    for kind in 0..4 {
        let text = chain(kind, 10_000);
        let outcome = std::thread::Builder::new()
            .stack_size(2 << 20)
            .spawn(move || generate_text("chain.json", &text).map(|g| g.api.types.types.len()))
            .expect("spawn")
            .join();
        match outcome {
            Ok(Ok(count)) => assert!(count >= 1, "kind {kind}"),
            Ok(Err(report)) => panic!("kind {kind}: {report}"),
            Err(_) => panic!("kind {kind}: panicked"),
        }
    }
}

/// Inline nesting beyond the bound is a clear error, not a crash.
#[test]
fn deep_inline_nesting_is_a_clear_error() {
    // Deeper than the generator's bound, shallower than the parser's (128).
    let depth = 100;
    let mut schema = "{\"type\": \"string\"}".to_owned();
    for _ in 0..depth {
        schema = format!("{{\"type\": \"array\", \"items\": {schema}}}");
    }
    // As YAML (a superset of JSON) the document is one deep flow collection.
    let text = format!(
        "openapi: 3.0.3\ninfo: {{title: t, version: v}}\npaths: {{}}\ncomponents:\n  schemas:\n    Deep: {schema}\n"
    );
    let outcome = std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(move || generate_text("deep.yaml", &text).map(|_| ()))
        .expect("spawn")
        .join()
        .expect("no panic or overflow");
    let report = outcome.expect_err("an error");
    assert!(report.contains("deep.yaml"), "{report}");
}

#[test]
fn formats_get_their_types_and_parameters_stay_text() {
    let generated = fixture("f_formats");
    let all: String = generated.files.values().cloned().collect();
    for field in [
        "pub id: ::fyno_codegen_runtime::formats::Uuid",
        "pub at: crate::types::Instant",
        "pub day: ::std::option::Option<::fyno_codegen_runtime::formats::NaiveDate>",
        "pub payload: ::std::option::Option<::fyno_codegen_runtime::formats::Base64Bytes>",
        "pub small: ::std::option::Option<i32>",
        "pub ratio: ::std::option::Option<f32>",
        "pub email: ::std::option::Option<::std::string::String>",
    ] {
        assert!(all.contains(field), "{field}");
    }
    assert!(all.contains(
        "pub type Instant = ::fyno_codegen_runtime::formats::DateTime<\n    ::fyno_codegen_runtime::formats::FixedOffset,\n>;"
    ) || all.contains("pub type Instant = ::fyno_codegen_runtime::formats::DateTime<::fyno_codegen_runtime::formats::FixedOffset>;"));
    let op = generated.api.operations.first().expect("an operation");
    assert_eq!(op.path_params[0].ty, Ty::String);
    assert_eq!(op.query_params[0].ty, Ty::String);
}

#[test]
fn a_document_can_keep_formats_as_text() {
    let path = workspace_root().join("tests/fixtures/odd-specs/f_formats.yaml");
    let text = fs::read_to_string(path).expect("fixture")
        + "x-rust-formats: {uuid: string, byte: string}\n";
    let generated = generate_text("f.yaml", &text).expect("generates");
    let all: String = generated.files.values().cloned().collect();
    assert!(all.contains("pub id: ::std::string::String"));
    assert!(all.contains("pub payload: ::std::option::Option<::std::string::String>"));
    assert!(
        all.contains("formats::NaiveDate"),
        "other formats stay typed"
    );
}

#[test]
fn enums_named_differently_stay_apart() {
    let spec = "openapi: 3.0.3\ninfo: {title: e, version: v}\npaths: {}\ncomponents:\n  schemas:\n    Req:\n      type: object\n      properties:\n        color: {type: string, enum: [red, blue], x-enum-varnames: [Warm, Cold]}\n        mood: {type: string, enum: [blue, red], x-enum-varnames: [Warm, Cold]}\n        tone: {type: string, enum: [blue, red], x-enum-varnames: [Cold, Warm]}\n";
    let g = generate_text("e.yaml", spec).expect("generates");
    let Shape::Struct(req) = &type_named(&g, "Req").shape else {
        panic!("Req is a struct")
    };
    let ty = |wire: &str| &req.fields.iter().find(|f| f.wire == wire).expect(wire).ty;
    // `mood`'s Warm is "blue", `color`'s is "red": two types; `tone` pairs
    // the values as `color` does, so it is `color`'s type.
    assert_ne!(ty("color"), ty("mood"));
    assert_eq!(ty("color"), ty("tone"));
}
