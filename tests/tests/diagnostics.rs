//! Broken specs: clear errors with file, pointer and line; never a panic.

use fyno_codegen::{EmitOptions, Input, SourceFile, generate};
use fyno_workspace_tests::corpus_reproducer as reproducer;

fn errors(spec: &str) -> String {
    let input = Input {
        lock: None,
        spec: SourceFile {
            name: "broken.yaml",
            text: spec,
        },
        overlays: Vec::new(),
        options: EmitOptions::default(),
        files: None,
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
        "{HEAD}paths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                $ref: '#/components/schemas/Nope'\n  /b:\n    get:\n      parameters:\n      - $ref: '#/components/parameters/Gone'\n      responses:\n        '200': {{description: ok}}\n"
    );
    let report = errors(&spec);
    let lines: Vec<&str> = report.lines().collect();
    assert!(lines.len() >= 2, "{report}");
    for needle in [
        "`#/components/schemas/Nope`",
        "`#/components/parameters/Gone`",
    ] {
        assert!(report.contains(needle), "{needle}: {report}");
    }
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

/// The variant names of the first string enum generated.
fn first_enum_variants(generated: &fyno_codegen::Generated) -> Vec<&str> {
    generated
        .api
        .types
        .types
        .iter()
        .zip(generated.names.types())
        .find_map(|(t, names)| match &t.shape {
            fyno_codegen::ir::Shape::StringEnum(_) => {
                Some(names.members.iter().map(String::as_str).collect())
            }
            _ => None,
        })
        .unwrap_or_default()
}

/// The warnings of a spec that generates, one per line.
fn warnings(spec: &str) -> (fyno_codegen::Generated, String) {
    let generated = generate_named("decided.yaml", spec).unwrap_or_else(|e| panic!("{e}"));
    let report = generated
        .warnings
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n");
    (generated, report)
}

#[test]
fn colliding_enum_values_are_decided_not_merged_and_only_human_names_conflict() {
    let spec = format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    Tz:\n      type: string\n      enum: [a-b, A_B]\n"
    );
    let (generated, report) = warnings(&spec);
    assert!(
        report.contains("decided.yaml:8:7 at /components/schemas/Tz/enum: enum values `a-b` and `A_B` would both be the variant `AB`; `A_B` is `ABUpper` (name them with `x-enum-varnames` to choose)"),
        "{report}"
    );
    let variants = first_enum_variants(&generated);
    // Values in their canonical (sorted) order: `A_B` before `a-b`.
    assert_eq!(variants, ["ABUpper", "AB"]);

    let chosen = format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    Tz:\n      type: string\n      enum: [a, b]\n      x-enum-varnames: [Same, Same]\n"
    );
    let report = errors(&chosen);
    assert!(
        report.contains("at /components/schemas/Tz/enum: enum values `a` and `b` are both named `Same` by `x-enum-varnames`; choose distinct names"),
        "{report}"
    );
}

#[test]
fn enum_varnames_of_the_wrong_length_are_ignored_with_a_warning() {
    let spec = format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    Tz:\n      type: string\n      enum: [a, b, c]\n      x-enum-varnames: [A, B]\n"
    );
    let (generated, report) = warnings(&spec);
    assert!(
        report.contains("decided.yaml:9:7 at /components/schemas/Tz/x-enum-varnames: `x-enum-varnames` must be a list of 3 strings, one per `enum` value, and has 2 entries; it is ignored and the variants get derived names"),
        "{report}"
    );
    let variants = first_enum_variants(&generated);
    assert_eq!(variants, ["A", "B", "C"], "derived names");
}

#[test]
fn colliding_method_names_are_decided_and_only_human_names_conflict() {
    let op = |path: &str, extra: &str| {
        format!(
            "  {path}:\n    get:\n      summary: Get thing\n{extra}      responses:\n        '200': {{description: ok}}\n"
        )
    };
    let spec = format!("{HEAD}paths:\n{}{}", op("/a", ""), op("/b", ""));
    let (generated, report) = warnings(&spec);
    let methods: Vec<&str> = generated
        .operations
        .iter()
        .map(|o| o.rust_method.as_str())
        .collect();
    assert_eq!(methods, ["get_thing", "get_thing_b"]);
    assert!(
        report.contains("at /paths/~1b/get: method name `get_thing` is also derived for GET /a; this operation's method is `get_thing_b` (set `x-rust-method` on it to choose another)"),
        "{report}"
    );

    let both = "      x-rust-method: get_thing\n";
    let chosen = format!("{HEAD}paths:\n{}{}", op("/a", both), op("/b", both));
    let report = errors(&chosen);
    assert!(
        report.contains("at /paths/~1b/get/x-rust-method: `x-rust-method: get_thing` collides with the method or operation types (`GetThing`, `…Error`, `…Response`) chosen at /paths/~1a/get/x-rust-method; choose another name for one of them"),
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
            lock: None,
            spec: SourceFile {
                name: "x.yaml",
                text,
            },
            overlays: Vec::new(),
            options: EmitOptions::default(),
            files: None,
        };
        assert!(generate(&input).is_err(), "{text:?} should be rejected");
    }
}

#[test]
fn a_stale_overlay_target_is_reported() {
    let spec = format!("{HEAD}paths: {{}}\n");
    let overlay = "overlay: 1.0.0\ninfo: {title: o, version: '1'}\nactions:\n  - target: $.components.schemas.gone\n    description: fixes a schema that no longer exists\n    update: {type: string}\n";
    let input = Input {
        lock: None,
        spec: SourceFile {
            name: "spec.yaml",
            text: &spec,
        },
        overlays: vec![SourceFile {
            name: "fix.overlay.yaml",
            text: overlay,
        }],
        options: EmitOptions::default(),
        files: None,
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

fn generate_named(name: &str, text: &str) -> Result<fyno_codegen::Generated, String> {
    fyno_workspace_tests::generate_named(name, text, None)
}

/// A path without its `/` and a method in upper case have one reading: they
/// are read as meant, with a warning, and no operation is missing.
#[test]
fn a_path_without_slash_and_an_upper_case_method_are_read_as_meant() {
    let name = "silent-drop-path-without-slash.yaml";
    let generated = generate_named(name, &reproducer(name)).unwrap_or_else(|e| panic!("{e}"));
    let report: Vec<String> = generated.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(
        report,
        [
            "warning[W016]: silent-drop-path-without-slash.yaml:11:3 at /paths/pets~1{petId}: path `pets/{petId}` does not start with `/`: it is read as `/pets/{petId}`",
            "warning[W014]: silent-drop-path-without-slash.yaml:19:5 at /paths/~1owners/GET: `GET` in a path item is read as `get`",
        ]
    );
    let calls: Vec<String> = generated
        .operations
        .iter()
        .map(|o| format!("{} {}", o.method, o.path))
        .collect();
    assert_eq!(calls, ["GET /owners", "GET /pets", "GET /pets/{petId}"]);
}

/// A key in the wrong case is read as meant; a misspelling that is not
/// only a matter of case is a guess, so it stays an error.
#[test]
fn misspelt_keys_are_errors_unless_only_their_case_differs() {
    let name = "silent-typo-requestbody.yaml";
    let report = generate_named(name, &reproducer(name)).expect_err("must not generate");
    assert_eq!(
        report,
        "error[E013]: silent-typo-requestbody.yaml:9:7 at /paths/~1pets/get/parameter: unknown key `parameter` in an operation is ignored; did you mean `parameters`?\n\
         warning[W014]: silent-typo-requestbody.yaml:15:7 at /paths/~1pets/post/requestbody: `requestbody` in an operation is read as `requestBody`"
    );
}

/// An unknown `type` is free-form JSON with a warning at its line (an
/// overlay corrects it); one in the wrong case, and a 3.0 `type` list, have
/// one reading each.
#[test]
fn unknown_schema_types_are_warnings_at_their_line_and_near_misses_are_read() {
    let spec = format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    Pet:\n      type: object\n      properties:\n        name: {{type: strin}}\n        tag: {{type: String}}\n        age: {{type: [integer, 'null']}}\n"
    );
    let (generated, report) = warnings(&spec);
    assert_eq!(
        report,
        "warning[W019]: decided.yaml:9:16 at /components/schemas/Pet/properties/name/type: `type: \"strin\"` is not a JSON Schema type, so the schema is generated as free-form JSON; did you mean `string`? (an overlay can correct it)\n\
         warning[W018]: decided.yaml:10:15 at /components/schemas/Pet/properties/tag/type: `type: \"String\"` is read as `string`\n\
         warning[W017]: decided.yaml:11:15 at /components/schemas/Pet/properties/age/type: `type` lists are OpenAPI 3.1 (in 3.0 `type` is one type, with `nullable: true` for null); the list is read as 3.1 reads it"
    );
    let types = &generated.files["src/generated/types/common.rs"];
    let unspaced: String = types.split_whitespace().collect();
    for field in [
        "pubname:::std::option::Option<::serde_json::Value>",
        "pubtag:::std::option::Option<::std::string::String>",
        "pubage:::std::option::Option<i64>",
    ] {
        assert!(unspaced.contains(field), "{field}: {types}");
    }
}

#[test]
fn valid_json_with_surrogate_pairs_generates() {
    let name = "valid-json-surrogate-pair-refused.json";
    let generated = generate_named(name, &reproducer(name)).expect("valid JSON generates");
    assert_eq!(generated.api.title, "\u{1f44d} thumbs up");
    assert!(generated.warnings.is_empty(), "{:?}", generated.warnings);
}

#[test]
fn big_integers_do_not_mask_the_version_check() {
    let name = "valid-yaml-big-integer-masks-3.1.yaml";
    let text = reproducer(name);
    // 3.1 is read now: the document generates.
    generate_named(name, &text).expect("a valid 3.1 document generates");
    // In a version that is not read, the version is the one error.
    let text = text.replace("openapi: 3.1.0", "openapi: 3.2.0");
    let report = generate_named(name, &text).expect_err("3.2 is not read");
    assert_eq!(
        report,
        "error[E004]: valid-yaml-big-integer-masks-3.1.yaml:3:1 at /openapi: OpenAPI version 3.2.0 is not supported: this generator reads OpenAPI 3.0.x and 3.1.x documents"
    );
}

#[test]
fn swagger_2_is_refused_with_how_to_convert_it() {
    let report = generate_named(
        "old.yaml",
        "swagger: '2.0'\ninfo: {title: t, version: v}\npaths: {}\n",
    )
    .expect_err("2.0 is not read");
    assert!(
        report.starts_with("error[E005]: old.yaml:1:1 at /swagger: Swagger 2.0 documents are not supported: convert it to OpenAPI 3 first, e.g. with `npx swagger2openapi"),
        "{report}"
    );
}

/// `quadratic-yaml-scan-deep-json-50000.json` and its YAML twin: an answer
/// at once (the old YAML reader took seconds), never a crash.
#[test]
fn nesting_beyond_the_limit_is_a_clear_error_with_its_position() {
    let deep = format!("{}{}", "[".repeat(50_000), "]".repeat(50_000));
    let json = format!(
        r#"{{"openapi":"3.0.3","info":{{"title":"t","version":"v"}},"paths":{{}},"x-deep":{deep}}}"#
    );
    let yaml = format!("{HEAD}paths: {{}}\nx-deep: {deep}\n");
    for (name, text, at) in [
        ("deep.json", json, "deep.json:1:"),
        ("deep.yaml", yaml, "deep.yaml:4:"),
    ] {
        let report = generate_named(name, &text).expect_err("too deep");
        assert!(
            report.starts_with(&format!("error[E002]: {at}")),
            "{report}"
        );
        assert!(
            report.ends_with(
                "the document nests deeper than 128 levels; no OpenAPI document needs that"
            ),
            "{report}"
        );
        assert_eq!(report.lines().count(), 1, "{report}");
    }
}

/// A problem the lowering finds in a node the 3.1 downlevel moved names the
/// node where the author wrote it.
#[test]
fn problems_in_rewritten_3_1_schemas_point_at_the_source() {
    // Removing the `null` alternative moves the third one to index 1.
    let spec = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A:\n      anyOf:\n        - type: 'null'\n        - type: string\n        - allOf:\n            - properties: {id: {type: string}}\n            - properties: {id: {type: integer}}\n";
    let generated = generate_named("n.yaml", spec).unwrap_or_else(|e| panic!("{e}"));
    let report: Vec<String> = generated.warnings.iter().map(ToString::to_string).collect();
    assert!(
        report.iter().any(|w| w.contains("warning[W048]: n.yaml:12:28 at /components/schemas/A/anyOf/2/allOf/1/properties/id: `allOf` members disagree on property `id`")),
        "{report:?}"
    );
}

/// Vendor defects with one safe reading are warnings with their pointer,
/// and the document generates: the bytes each reading sends are pinned by
/// the `defects` crate of `tests/tests/e2e.rs`.
#[test]
fn vendor_defects_with_one_reading_are_warnings_and_the_document_generates() {
    let spec = format!(
        "{HEAD}security: [{{digest: []}}]\npaths:\n  /a:\n    get:\n      operationId: getA\n      security: [{{nope: []}}]\n      parameters:\n      - {{name: 'bad header', in: header, schema: {{type: string}}}}\n      - {{name: 'a:b', in: header, schema: {{type: string}}}}\n      - {{name: filter, in: query, content: {{application/json: {{schema: {{type: object}}}}}}}}\n      responses:\n        '200': {{description: ok}}\n  /b/{{id}}:\n    get:\n      operationId: getB\n      parameters:\n      - {{name: other, in: path, schema: {{type: string}}}}\n      responses:\n        '200': {{description: ok}}\n  /c:\n    get:\n      operationId: getC\n      parameters:\n      - {{name: gone, in: path, required: true, schema: {{type: string}}}}\n      responses:\n        '200': {{description: ok}}\n  /d:\n    post:\n      operationId: postD\n      requestBody: {{description: nothing to send}}\n      responses:\n        '200': {{description: ok}}\ncomponents:\n  securitySchemes:\n    digest: {{type: http, scheme: digest}}\n    unused: {{type: http, scheme: bearer}}\n"
    );
    let (generated, report) = warnings(&spec);
    for (pointer, message) in [
        (
            "/components/securitySchemes/digest/scheme",
            "HTTP authentication scheme `digest` is not supported (only `basic` and `bearer`): operations that accept only it are generated without credentials",
        ),
        (
            "/paths/~1a/get/security",
            "security scheme `nope` is not defined in `#/components/securitySchemes`: the alternative naming it is left out",
        ),
        (
            "/paths/~1a/get/parameters/0",
            "`bad header` is not a valid header name: it is sent as `bad-header`",
        ),
        (
            "/paths/~1a/get/parameters/1",
            "`a:b` is not a valid header name and has no valid reading: the parameter is left out",
        ),
        (
            "/paths/~1b~1{id}/get/parameters/0",
            "path parameters must be `required: true`",
        ),
        (
            "/paths/~1b~1{id}/get/parameters/0",
            "path template `/b/{id}` has `{id}` but declares path parameter `other`, the only one without a slot",
        ),
        (
            "/paths/~1c/get/parameters/0",
            "path parameter `gone` does not appear in the path template `/c`",
        ),
        (
            "/paths/~1d/post/requestBody",
            "request body declares no `content`, so no media type says what to send: the operation sends no body",
        ),
    ] {
        assert!(
            report
                .lines()
                .any(|l| l.contains(&format!("at {pointer}: {message}"))),
            "{pointer}: {message}\n{report}"
        );
    }
    let code = &generated.files["src/generated/operations/general.rs"];
    let unspaced: String = code.split_whitespace().collect();
    assert!(unspaced.contains("headers.push((\"bad-header\","), "{code}");
    assert!(
        unspaced.contains("json_text(OPERATION,\"filter\""),
        "{code}"
    );
    assert!(
        code.contains("The API asks for `nope` credentials, which this client cannot send"),
        "{code}"
    );
}

#[test]
fn unused_schemes_and_ignored_headers_are_warnings() {
    let spec = format!(
        "{HEAD}paths:\n  /a:\n    get:\n      parameters:\n      - {{name: Authorization, in: header, schema: {{type: string}}}}\n      responses:\n        '200': {{description: ok}}\ncomponents:\n  securitySchemes:\n    unused: {{type: http, scheme: bearer}}\n"
    );
    let generated = generate_named("warned.yaml", &spec).unwrap_or_else(|e| panic!("{e}"));
    let warnings: Vec<String> = generated.warnings.iter().map(ToString::to_string).collect();
    for needle in [
        "at /components/securitySchemes/unused: security scheme `unused` is not used",
        "at /paths/~1a/get/parameters/0: header parameter `Authorization` is ignored",
    ] {
        assert!(
            warnings.iter().any(|w| w.contains(needle)),
            "{needle}: {warnings:?}"
        );
    }
    // No credential: nothing to set, nothing sent.
    let client = &generated.files["src/generated/client.rs"];
    assert!(client.contains("schemes: &[]"), "{client}");
}

#[test]
fn a_credential_setter_may_not_take_a_builder_method_name() {
    let spec = format!(
        "{HEAD}security: [{{base_url: []}}, {{other: []}}]\npaths:\n  /a:\n    get:\n      responses:\n        '200': {{description: ok}}\ncomponents:\n  securitySchemes:\n    base_url: {{type: apiKey, in: header, name: X-Key}}\n    other: {{type: http, scheme: basic}}\n"
    );
    let report = errors(&spec);
    assert!(
        report.contains("at /components/securitySchemes/base_url: the credential setter `base_url` of security scheme `base_url` clashes with the client's own `base_url`"),
        "{report}"
    );
}

/// `x-rust-variant-names` names variants by value, so the vendor reordering
/// the values moves no name; a name for a value the enum lacks is a warning.
#[test]
fn variant_names_by_value_survive_a_reordering() {
    let spec = |values: &str| {
        format!(
            "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    Level:\n      type: string\n      enum: [{values}]\n      x-rust-variant-names: {{lo: Low, hi: High, mid: Middle}}\n"
        )
    };
    let (ordered, report) = warnings(&spec("lo, hi"));
    let (reordered, _) = warnings(&spec("hi, lo"));
    assert_eq!(first_enum_variants(&ordered), ["High", "Low"]);
    assert_eq!(
        first_enum_variants(&ordered),
        first_enum_variants(&reordered)
    );
    assert!(
        report.contains("at /components/schemas/Level/x-rust-variant-names/mid: `mid` is not one of the enum's values; its name is ignored"),
        "{report}"
    );
}

/// A deprecated schema and an identical live one stay two types: the live
/// one's users are not warned, and the deprecation is not lost.
#[test]
fn a_deprecated_copy_of_a_schema_is_a_type_of_its_own() {
    let spec = format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    Address: {{type: object, properties: {{street: {{type: string}}}}}}\n    LegacyAddress: {{type: object, deprecated: true, properties: {{street: {{type: string}}}}}}\n    Holder:\n      type: object\n      properties:\n        home: {{$ref: '#/components/schemas/Address'}}\n        old: {{$ref: '#/components/schemas/LegacyAddress'}}\n"
    );
    let (generated, _) = warnings(&spec);
    let deprecated: Vec<(&str, bool)> = generated
        .api
        .types
        .types
        .iter()
        .zip(generated.names.types())
        .filter(|(_, names)| names.name.ends_with("Address"))
        .map(|(t, names)| (names.name.as_str(), t.deprecated.is_some()))
        .collect();
    assert_eq!(deprecated, [("Address", false), ("LegacyAddress", true)]);
    assert!(generated.api.has_deprecations());
}
