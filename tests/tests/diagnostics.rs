//! Broken specs: clear errors with file, pointer and line; never a panic.

use fyno_codegen::{EmitOptions, Input, SourceFile, generate};

fn errors(spec: &str) -> String {
    let input = Input {
        spec: SourceFile {
            name: "broken.yaml",
            text: spec,
        },
        overlays: Vec::new(),
        options: EmitOptions::default(),
    };
    match generate(&input) {
        Ok(_) => panic!("expected errors for:\n{spec}"),
        Err(diagnostics) => diagnostics
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n"),
    }
}

const HEAD: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n";

#[test]
fn dangling_refs_are_reported_with_pointer_and_line() {
    let spec = format!(
        "{HEAD}paths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                $ref: '#/components/schemas/Missing'\n"
    );
    let report = errors(&spec);
    assert!(report.contains("broken.yaml:"), "{report}");
    assert!(report.contains("#/components/schemas/Missing"), "{report}");
    assert!(
        report.contains("/paths/~1a/get/responses/200/content/application~1json/schema"),
        "{report}"
    );
}

#[test]
fn several_problems_are_reported_together_and_sorted() {
    let spec = format!(
        "{HEAD}paths:\n  /a/{{id}}:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                $ref: '#/components/schemas/Nope'\n  /b:\n    get:\n      parameters:\n      - {{name: x, in: cookie, schema: {{type: string}}}}\n      responses:\n        '200': {{description: ok}}\n"
    );
    let report = errors(&spec);
    let lines: Vec<&str> = report.lines().collect();
    assert!(lines.len() >= 3, "{report}");
    assert!(
        report.contains("`{id}` but no path parameter `id`"),
        "{report}"
    );
    assert!(
        report.contains("cookie parameters are not supported"),
        "{report}"
    );
    // Sorted top to bottom: by line number within the file.
    let line_of = |l: &str| -> usize {
        l.split(':')
            .nth(2)
            .and_then(|n| n.parse().ok())
            .unwrap_or(0)
    };
    let numbers: Vec<usize> = lines.iter().map(|l| line_of(l)).collect();
    assert!(
        numbers.windows(2).all(|w| w[0] <= w[1]),
        "errors are sorted by line: {report}"
    );
    assert!(
        numbers.iter().all(|n| *n > 0),
        "every error has a line: {report}"
    );
}

#[test]
fn colliding_enum_values_are_an_error_not_a_merge() {
    let spec = format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    Tz:\n      type: string\n      enum: [a-b, A_B]\n"
    );
    let report = errors(&spec);
    assert!(
        report.contains("enum values `a-b` and `A_B` both become the variant"),
        "{report}"
    );
    assert!(report.contains("/components/schemas/Tz/enum"), "{report}");
}

#[test]
fn colliding_method_names_are_an_error() {
    let spec = format!(
        "{HEAD}paths:\n  /a:\n    get:\n      summary: Get thing\n      responses:\n        '200': {{description: ok}}\n  /b:\n    get:\n      summary: Get thing\n      responses:\n        '200': {{description: ok}}\n"
    );
    let report = errors(&spec);
    assert!(
        report.contains("method name `get_thing` is also derived"),
        "{report}"
    );
}

#[test]
fn garbage_never_panics() {
    for text in [
        "",
        "[]",
        "openapi: 3.0.0",
        "openapi: [1]",
        ":\n  - ]",
        "openapi: 3.0.0\ninfo: 7\npaths: 8\n",
        "\u{0}",
    ] {
        let input = Input {
            spec: SourceFile {
                name: "x.yaml",
                text,
            },
            overlays: Vec::new(),
            options: EmitOptions::default(),
        };
        assert!(generate(&input).is_err(), "{text:?} should be rejected");
    }
}

#[test]
fn a_stale_overlay_target_is_reported() {
    let spec = format!("{HEAD}paths: {{}}\n");
    let overlay = "overlay: 1.0.0\ninfo: {title: o, version: '1'}\nactions:\n  - target: $.components.schemas.gone\n    description: fixes a schema that no longer exists\n    update: {type: string}\n";
    let input = Input {
        spec: SourceFile {
            name: "spec.yaml",
            text: &spec,
        },
        overlays: vec![SourceFile {
            name: "fix.overlay.yaml",
            text: overlay,
        }],
        options: EmitOptions::default(),
    };
    let report = match generate(&input) {
        Ok(_) => panic!("a stale overlay must fail"),
        Err(d) => d
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n"),
    };
    assert!(report.contains("fix.overlay.yaml"), "{report}");
    assert!(report.contains("$.components.schemas.gone"), "{report}");
}
