//! Bodies of every media type reach the generated code: no response body is
//! silently dropped (the corpus reproducer
//! `silent-drop-non-json-response.yaml`), and a media type without a typed
//! form is a warning with file, pointer and line while its body is bytes.

use fyno_codegen::{EmitOptions, Generated, Input, SourceFile, generate};
use xtask::workspace_root;

fn generated(name: &str, text: &str) -> Generated {
    let input = Input {
        lock: None,
        spec: SourceFile { name, text },
        overlays: Vec::new(),
        options: EmitOptions::default(),
        files: None,
    };
    generate(&input).unwrap_or_else(|diagnostics| panic!("{diagnostics:?}"))
}

/// The operations file's text, without whitespace so token spacing does not matter.
fn operations(generated: &Generated) -> String {
    generated
        .files
        .iter()
        .filter(|(path, _)| path.contains("operations/") && !path.ends_with("mod.rs"))
        .map(|(_, text)| text.split_whitespace().collect::<String>())
        .collect()
}

fn spec_with_response(mime: &str) -> String {
    format!(
        "openapi: 3.0.3\ninfo: {{title: t, version: v}}\npaths:\n  /f:\n    get:\n      operationId: getF\n      responses:\n        '200':\n          description: ok\n          content:\n            {mime}:\n              schema: {{type: string}}\n"
    )
}

#[test]
fn the_silent_drop_reproducer_returns_the_body_as_bytes() {
    let text = fyno_workspace_tests::corpus_reproducer("silent-drop-non-json-response.yaml");
    let generated = generated("silent-drop-non-json-response.yaml", &text);
    let code = operations(&generated);
    assert!(
        code.contains("WithHeaders<::fyno_codegen_runtime::bytes::Bytes>"),
        "download_file returns bytes: {code}"
    );
    assert!(
        code.contains(
            "__private::decoded(OPERATION,response,::fyno_codegen_runtime::__private::bytes,)"
        ),
        "{code}"
    );
    assert!(generated.warnings.is_empty(), "{:?}", generated.warnings);
}

#[test]
fn each_media_type_has_its_rust_type_and_untyped_ones_warn() {
    for (mime, ty, warns) in [
        ("text/plain", "WithHeaders<::std::string::String>", false),
        ("text/csv", "WithHeaders<::std::string::String>", false),
        (
            "'*/*'",
            "WithHeaders<::fyno_codegen_runtime::bytes::Bytes>",
            false,
        ),
        (
            "image/png",
            "WithHeaders<::fyno_codegen_runtime::bytes::Bytes>",
            false,
        ),
        (
            "application/xml",
            "WithHeaders<::fyno_codegen_runtime::bytes::Bytes>",
            true,
        ),
        (
            "application/problem+json",
            "WithHeaders<::std::string::String>",
            false,
        ),
    ] {
        let generated = generated("media.yaml", &spec_with_response(mime));
        let code = operations(&generated);
        assert!(code.contains(ty), "{mime}: {code}");
        let warnings: Vec<String> = generated.warnings.iter().map(ToString::to_string).collect();
        if warns {
            assert_eq!(warnings.len(), 1, "{mime}: {warnings:?}");
            assert!(
                warnings[0].contains("media.yaml:11:"),
                "a line: {}",
                warnings[0]
            );
            assert!(
                warnings[0].contains("/paths/~1f/get/responses/200/content/"),
                "{}",
                warnings[0]
            );
            assert!(warnings[0].contains("returned as bytes"), "{}", warnings[0]);
        } else {
            assert!(warnings.is_empty(), "{mime}: {warnings:?}");
        }
    }
}

#[test]
fn multipart_methods_document_their_parts_and_encoding() {
    let path = workspace_root().join("tests/fixtures/e2e/media/spec.yaml");
    let text = std::fs::read_to_string(&path).expect("the media spec");
    let generated = generated("spec.yaml", &text);
    let code: String = generated
        .files
        .values()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join("\n");
    assert!(
        code.contains("/// - `title`: text (`Multipart::text`)"),
        "{code}"
    );
    assert!(
        code.contains(
            "/// - `photo`: a file (`Part::bytes`, `Part::stream`), sent as `image/jpeg`"
        ),
        "{code}"
    );
    let warnings: Vec<String> = generated.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(
        warnings.len(),
        1,
        "only application/xml has no typed form: {warnings:?}"
    );
}
