//! What the generator decides for lists and objects nested in query
//! parameters and form bodies: never a refusal; a warning where OpenAPI
//! defines no form and nothing chose one; `x-rust-nested-encoding` (in the
//! document or an overlay) chooses. The bytes each choice sends are pinned
//! by the `nested` crate of `tests/tests/e2e.rs`.

use fyno_codegen::{EmitOptions, Generated, Input, SourceFile, generate};

const SPEC: &str = "openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /search:
    get:
      operationId: search
      parameters:
        - {name: filters, in: query, schema: {type: array, items: {$ref: '#/components/schemas/Filter'}}}
        - {name: expand, in: query, style: deepObject, explode: true, schema: {type: array, items: {type: string}}}
      responses:
        '204': {description: ok}
components:
  schemas:
    Filter:
      type: object
      properties:
        scope: {type: string}
";

fn generated(overlay: Option<&str>) -> Generated {
    let input = Input {
        spec: SourceFile {
            name: "api.yaml",
            text: SPEC,
        },
        overlays: overlay
            .map(|text| SourceFile {
                name: "rust-sdk.overlay.yaml",
                text,
            })
            .into_iter()
            .collect(),
        lock: None,
        options: EmitOptions::default(),
        files: None,
    };
    generate(&input).unwrap_or_else(|problems| panic!("{problems:?}"))
}

fn warnings(generated: &Generated) -> Vec<String> {
    generated.warnings.iter().map(ToString::to_string).collect()
}

fn operation_code(generated: &Generated) -> &str {
    &generated.files["src/generated/operations/general.rs"]
}

fn overlay(target: &str, value: &str) -> String {
    format!(
        "overlay: 1.0.0\ninfo: {{title: o, version: '1'}}\nactions:\n  - target: {target}\n    description: how Box reads nested parameters\n    update: {{x-rust-nested-encoding: {value}}}\n"
    )
}

#[test]
fn a_form_list_of_objects_is_sent_in_brackets_with_a_warning() {
    let generated = generated(None);
    let warnings = warnings(&generated);
    let about_filters: Vec<&String> = warnings
        .iter()
        .filter(|w| w.contains("/paths/~1search/get/parameters/0"))
        .collect();
    assert_eq!(about_filters.len(), 1, "{warnings:?}");
    assert!(
        about_filters[0].contains("sent in brackets")
            && about_filters[0].contains("x-rust-nested-encoding"),
        "{about_filters:?}"
    );
    // `deepObject` is made of brackets: a list in one needs no warning.
    assert!(
        !warnings.iter().any(|w| w.contains("parameters/1")),
        "{warnings:?}"
    );
    assert!(!operation_code(&generated).contains("Nesting::"));
}

#[test]
fn an_overlay_chooses_the_nesting_of_the_document_an_operation_or_a_parameter() {
    let on_operation = generated(Some(&overlay("$.paths['/search'].get", "indexed")));
    assert!(
        warnings(&on_operation).is_empty(),
        "{:?}",
        warnings(&on_operation)
    );
    let code = operation_code(&on_operation);
    assert_eq!(code.matches("Nesting::Indexed").count(), 2, "{code}");

    let on_document = generated(Some(&overlay("$", "indexed")));
    assert!(
        warnings(&on_document).is_empty(),
        "{:?}",
        warnings(&on_document)
    );
    assert_eq!(
        operation_code(&on_document)
            .matches("Nesting::Indexed")
            .count(),
        2
    );

    let on_parameter = generated(Some(&overlay(
        "$.paths['/search'].get.parameters[0]",
        "json",
    )));
    assert!(
        warnings(&on_parameter).is_empty(),
        "{:?}",
        warnings(&on_parameter)
    );
    let code = operation_code(&on_parameter);
    assert_eq!(code.matches("Nesting::Json").count(), 1, "{code}");
}

#[test]
fn an_unknown_nesting_is_a_warning_and_brackets_are_used() {
    let generated = generated(Some(&overlay("$.paths['/search'].get", "dots")));
    let warnings = warnings(&generated);
    assert!(
        warnings.iter().any(|w| w.contains(
            "at /paths/~1search/get/x-rust-nested-encoding: `x-rust-nested-encoding` must be one of brackets, indexed, json"
        )),
        "{warnings:?}"
    );
    assert!(!operation_code(&generated).contains("Nesting::"));
}
