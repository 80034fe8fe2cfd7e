//! Codes 013–024: what the lint pass finds in a document that parsed (`load/lint.rs`).

codes! {
    /// A misspelt key that shapes the client.
    error MISSPELT_SHAPING_KEY = "E013",
        "an unknown key looks like a misspelling of one that shapes the client",
        "The key is not one OpenAPI defines for this object, and it is close to one that changes \
         the generated client (`requestBody`, `parameters`, `schema`, `properties`, `required`…). \
         Ignoring it, as OpenAPI readers do, would silently generate a different client than the \
         author meant, so nothing is generated. Correct the spelling, as suggested; when the \
         document is a vendor's, an overlay can `update` the object with the key as meant and \
         `remove` the misspelt one.";
    /// A 3.1 keyword that shapes the client, in a 3.0 document.
    error LATER_VERSION_SHAPING_KEY = "E014",
        "an OpenAPI 3.1 keyword that shapes the client is used in a 3.0 document",
        "The key is defined by OpenAPI 3.1 (`webhooks`, `const`, `prefixItems`, `$defs`…), and \
         the document says it is OpenAPI 3.0, where the key means nothing and would be ignored: \
         the client would lose what it says. Nothing is generated. If the document is written \
         for 3.1, say so in `openapi: 3.1.0`; otherwise write it the 3.0 way (`enum` with one \
         value for `const`).";
    /// A path key without its `/` that collides with one that has it.
    error PATH_WITHOUT_SLASH_COLLIDES = "E015",
        "a path without its leading `/` is also written with it",
        "Path keys start with `/`. A path key without it is normally read as if it had one, but \
         here the document also has that path with the `/`, so the two cannot both be read and \
         the operations of one would be dropped. Nothing is generated. Merge the two path items, \
         or remove the one without the `/`.";
    /// A `responses` key that is not a status code.
    error NOT_A_STATUS_CODE = "E016",
        "a key of `responses` is not a status code",
        "The keys of `responses` are HTTP status codes (`200`, `404`), ranges (`2XX`) or \
         `default`. Any other key would be ignored, and the operation would lose that response: \
         its body type, or the error it reports. Nothing is generated. Write the status code the \
         response is for, or `default` for every other status.";
    /// An unknown key, ignored.
    warning UNKNOWN_KEY = "W013",
        "an unknown key is ignored",
        "The key is not one OpenAPI defines for this kind of object, nor an extension (`x-…`), so \
         it means nothing to OpenAPI readers, and the generator ignores it (a close known key, \
         when there is one, is suggested). If the key carries information for tools of your own, \
         rename it `x-…`; if it is a misspelling, correct it.";
    /// A known key in the wrong case.
    warning KEY_CASE = "W014",
        "a key in the wrong case is read as the key meant",
        "OpenAPI keys are case-sensitive: `GET` or `requestbody` are unknown keys that other \
         readers ignore, dropping an operation or its body. There is one safe reading, since the \
         key as meant is not also present, so the generator reads it as meant and says so. Write \
         the key in its proper case.";
    /// A 3.1 keyword in a 3.0 document, ignored.
    warning LATER_VERSION_KEY = "W015",
        "an OpenAPI 3.1 keyword in a 3.0 document is ignored",
        "The key is defined by OpenAPI 3.1 (an `info` `summary`, a license `identifier`, a \
         schema's `examples`…), and the document says it is OpenAPI 3.0, where it means nothing: \
         it is ignored, and the client does not change. If the document is written for 3.1, say \
         so in `openapi: 3.1.0`; otherwise remove the key or write it the 3.0 way.";
    /// A path key without its leading `/`.
    warning PATH_WITHOUT_SLASH = "W016",
        "a path without its leading `/` is read with it",
        "Path keys start with `/`; most readers drop a path without it, and its operations with \
         it. The generator reads `pets` as `/pets`, which is almost certainly what was meant. \
         Add the `/` to the path key.";
    /// A `type` list in a 3.0 document.
    warning TYPE_LIST_IN_3_0 = "W017",
        "a `type` list in an OpenAPI 3.0 document is read as 3.1 reads it",
        "In OpenAPI 3.0 a schema's `type` is one type, and a value that may be null says \
         `nullable: true`; a list of types is OpenAPI 3.1. The generator reads the list as 3.1 \
         does (`[string, null]` as an optional string, several types as one of them). Write \
         `type: string` with `nullable: true` in a 3.0 document, or declare it 3.1.";
    /// A `type` in the wrong case.
    warning TYPE_CASE = "W018",
        "a schema `type` in the wrong case is read as the type meant",
        "JSON Schema types are lower case: `String` or `INTEGER` are not types, and other readers \
         read such a schema as any value. The generator reads them as the type meant. Write the \
         type in lower case.";
    /// A `type` that is not a JSON Schema type.
    warning UNKNOWN_TYPE = "W019",
        "a schema `type` is not a JSON Schema type; the schema is free-form JSON",
        "A schema's `type` is one of `string`, `number`, `integer`, `boolean`, `array`, `object` \
         (and `null` in OpenAPI 3.1). Any other value says nothing a reader understands, so the \
         schema is generated as free-form JSON (`serde_json::Value`). Correct the type (a close \
         one is suggested); when the document is a vendor's, an overlay `update` can set it.";
    /// A JSON Schema keyword the types do not show.
    warning UNREPRESENTED_KEYWORD = "W020",
        "a JSON Schema keyword is not represented in the generated types",
        "OpenAPI 3.1 schemas may use JSON Schema keywords that have no form in generated Rust \
         types (`prefixItems`, `patternProperties`, `if`/`then`/`else`, `unevaluatedProperties`, \
         `$dynamicRef`…). The generator keeps the rest of the schema and types values without \
         what the keyword says, as the message tells, so values it would refuse are accepted. \
         Nothing needs fixing if that is acceptable; otherwise express the constraint with \
         `properties`, `items` or `additionalProperties`.";
    /// An `enum` value of another type than the schema's.
    warning ENUM_VALUE_TYPE = "W021",
        "an `enum` value is not of the schema's type, so the `enum` is ignored",
        "A `string`, `integer`, `number` or `boolean` schema's `enum` holds a value of another \
         type (a number in a string enum, `1.5` in an integer one). Such a schema cannot be read \
         as an enumeration: the `enum` is ignored, and any value of the type is accepted. Write \
         every value in the schema's type (quote numbers in a string enum), or correct the \
         `type`.";
    /// Keys beside a `$ref` in OpenAPI 3.0.
    warning REF_SIBLINGS_IGNORED = "W022",
        "keys beside a `$ref` are ignored in OpenAPI 3.0",
        "In OpenAPI 3.0 a Reference Object replaces the object it stands in: every other key \
         beside `$ref` (a `description`, a `nullable`, `readOnly`) is ignored, and so the \
         generator ignores them too. To keep them, wrap the reference: `allOf: [{$ref: …}]` with \
         the keys beside the `allOf`, or declare the document OpenAPI 3.1, which applies them.";
}
