//! Codes 001–012: reading the document: syntax, version, references, multi-file bundling, boolean schemas (`load/` except lint and overlays).

codes! {
    /// The text is not one valid YAML or JSON document.
    error SYNTAX_ERROR = "E001",
        "the text is not a valid YAML or JSON document",
        "The file could not be read as YAML or JSON: a syntax error (an unclosed bracket or quote, \
         bad indentation, trailing text), an alias to an anchor not defined before it, a value that \
         does not fit its explicit tag (`!!int abc`), or a second YAML document (`---`) in the same \
         text. Nothing is generated. Fix the text at the position shown; a YAML or JSON linter \
         points at the same place.";
    /// Nesting or alias expansion beyond the reader's limits.
    error DOCUMENT_TOO_LARGE = "E002",
        "the document nests too deep or its aliases expand too far",
        "The reader refuses a document that nests objects and arrays more than 128 levels deep, or \
         whose YAML aliases expand to more than a million values: limits that keep reading a \
         hostile document fast and bounded, far above what any real API description needs. Nothing \
         is generated. Flatten the nesting (name deep schemas in `components/schemas` and refer to \
         them with `$ref`) or replace the aliases by references.";
    /// A YAML mapping key that JSON cannot hold.
    error INVALID_KEY = "E003",
        "a YAML mapping key is repeated or is not a string",
        "An OpenAPI document is JSON data, written in YAML or JSON: every key of a mapping is a \
         string, and YAML requires each key once. A key written twice in one YAML mapping, or a \
         key that is itself a list or mapping, has no JSON form, and the generator will not guess \
         which value was meant. Remove or rename the repeated key, or write the key as plain text.";
    /// Not an OpenAPI 3.0 or 3.1 document.
    error NOT_OPENAPI_3 = "E004",
        "the document is not an OpenAPI 3.0 or 3.1 document",
        "The generator reads OpenAPI 3.0.x and 3.1.x documents, told by the top-level `openapi` \
         field: a version string such as \"3.0.3\" or \"3.1.0\". The document has no such field, \
         the field is not a string, or it names another version (3.2, a draft such as \
         `3.1.0-rc0`), so nothing is read further. Check that this is the API description you \
         meant, and correct the `openapi` field (quoted, so YAML reads it as text).";
    /// A Swagger 2.0 document.
    error SWAGGER_2 = "E005",
        "the document is Swagger 2.0, which the generator does not read",
        "The document has a `swagger` field instead of `openapi`: it is Swagger (OpenAPI 2.0), \
         whose structure differs from OpenAPI 3 throughout (definitions, body parameters, \
         produces/consumes). Nothing is generated. Convert it to OpenAPI 3 first, e.g. with \
         `npx swagger2openapi spec.yaml --outfile openapi.yaml` or the Swagger Editor's \"Convert \
         to OpenAPI 3\", and generate from the result.";
    /// A `$ref` names nothing.
    error DANGLING_REFERENCE = "E006",
        "a `$ref` names nothing in the document or file it points into",
        "A `$ref` points to a JSON pointer where the document (or, for a reference into another \
         file, that file) holds nothing: the name is misspelt, or the target was renamed, moved or \
         removed. The generator cannot type what the reference stands for, so nothing is \
         generated. Correct the reference or add the missing object; when the document is a \
         vendor's, an overlay `update` action can add the object, or replace the reference.";
    /// A `$ref` that is not a usable reference.
    error MALFORMED_REFERENCE = "E007",
        "a `$ref` is not a valid reference",
        "A `$ref` must be a URI reference whose fragment is a JSON pointer: `#/components/schemas/Pet`, \
         `pet.yaml` or `common.yaml#/Error`. This one has a fragment that is not a pointer (`#Pet`, \
         missing its `/`), or percent-encoding that does not decode to UTF-8. Nothing is generated. \
         Write the reference as a pointer, escaping `/` in a name as `~1` and `~` as `~0`.";
    /// Following references exceeds a limit.
    error REFERENCE_LIMIT = "E008",
        "following references loops or exceeds a limit",
        "References are followed to the object they stand for, within limits: 32 `$ref`s from one \
         reference to its object, a chain through 64 files, and 100,000 copies of referenced \
         objects in all. A reference that leads back to itself never reaches an object; a longer \
         chain is almost always such a loop, or a document built to make the generator copy \
         without end. Nothing is generated. Point the reference at the object itself, and refer \
         to components rather than to copies of copies.";
    /// A `$ref` to a file the generator does not read.
    error FILE_REFERENCE_REFUSED = "E009",
        "a `$ref` names a URL, an absolute path, or a file outside the document's directory",
        "A document split over several files may refer to files in its own directory and below, \
         by relative paths. The generator never fetches a URL, and never reads a file outside the \
         root document's directory tree (an absolute path, or `..` above it), so that a vendor's \
         document cannot pull other content into a generated crate. Nothing is generated. Save \
         the file beside the document (in its tree) and refer to it by a relative path.";
    /// A file the document refers to cannot be read.
    error UNREADABLE_FILE = "E010",
        "a file the document refers to cannot be read",
        "A `$ref` names another file of a document split over several, and that file cannot be \
         read: it does not exist at that path (relative to the file holding the reference), it \
         cannot be opened, or the generator was called as a library without a way to read files. \
         Nothing is generated. Correct the path, add the file, or generate with `cargo xtask \
         codegen --spec`, which reads the files of a document.";
    /// The document does not type as OpenAPI.
    error INVALID_DOCUMENT = "E011",
        "the document does not follow the OpenAPI structure here",
        "A value has a type or shape the OpenAPI specification does not allow at its place (a \
         number where a description string belongs, a list where an object belongs, a required \
         field missing), so the document cannot be read as OpenAPI. Nothing is generated. Correct \
         the value at the place shown, as the message says; when the document is a vendor's, an \
         overlay `update` or `remove` action can correct it without editing the file.";
    /// A JSON object with the same key twice.
    warning DUPLICATE_JSON_KEY = "W001",
        "a JSON object has the same key twice; only the last value is read",
        "JSON allows an object to repeat a key, and like most readers the generator keeps the \
         last value and ignores the earlier ones, which the author probably meant to keep too. \
         Generation goes on with the last value. Remove or rename the repeated key so that the \
         document says one thing.";
    /// A YAML float with no JSON number form.
    warning NOT_A_JSON_NUMBER = "W002",
        "a YAML number has no JSON form and is kept as a string",
        "YAML reads `.inf`, `-.inf` and `.nan` as floating-point numbers, which JSON (and so \
         OpenAPI's data model) cannot hold. The generator keeps the value as the string it was \
         written as, so an example or default that holds it is text. Quote the value if text was \
         meant, or write a finite number.";
    /// An application-specific YAML tag.
    warning IGNORED_YAML_TAG = "W003",
        "a YAML tag has no meaning in OpenAPI and is ignored",
        "A YAML tag other than the core ones (`!!str`, `!!int`, `!!map`…), such as `!include`, is \
         an instruction to one particular tool; OpenAPI gives it no meaning. The generator reads \
         the node as if it had no tag, so an `!include file.yaml` is the string `file.yaml`, not \
         the file. Remove the tag, or, to include a file, use a `$ref` to it.";
    /// A `$ref` where OpenAPI allows none.
    warning REFERENCE_NOT_ALLOWED = "W004",
        "a `$ref` stands where OpenAPI allows no reference; it is followed",
        "OpenAPI allows a Reference Object only in some places (schemas, parameters, responses, \
         path items…), not in others such as an operation, a media type or a server. Other tools \
         may refuse or ignore this reference; the generator follows it and reads a copy of what \
         it points to, shown as the related place. Write the object in place, or move it to a \
         components section that allows references.";
    /// References inside copied references keep nesting.
    warning REFERENCES_NEST_TOO_DEEP = "W005",
        "references inside copied references nest too deep; the deepest are left unfollowed",
        "A reference OpenAPI cannot keep as one (a path item, a callback's path item, an \
         operation) is replaced by a copy of its target, and references inside the copy are \
         followed in turn, at most 8 times. A path item that refers to itself through a callback \
         would be copied without end; the references left after 8 rounds stay as they are, and \
         what they stand for is missing from the client. Break the cycle: refer to a component \
         instead of the path item itself.";
    /// A property whose schema is `false`.
    warning FALSE_PROPERTY = "W006",
        "a property's schema is `false`, so the property is left out",
        "A schema `false` accepts no value: a property with that schema can never be present, so \
         the generated type has no field for it. This is often a way of saying \"forbidden\" in \
         JSON Schema. Remove the property from the document if it is not part of the API, or \
         give it the schema of its values if it is.";
    /// A `false` schema read as any value.
    warning FALSE_SCHEMA = "W007",
        "a schema `false` is read as any JSON value",
        "A schema `false` accepts no value, so a body or item with that schema could never be \
         valid; refusing every response for it would make the operation unusable. The generator \
         reads it as `{}` (any JSON value) instead. Give the place the schema of the values it \
         really holds, or remove it.";
    /// A boolean schema in an OpenAPI 3.0 document.
    warning BOOLEAN_SCHEMA_IN_3_0 = "W008",
        "a boolean schema in an OpenAPI 3.0 document is read as any value",
        "OpenAPI 3.0 schemas are objects; `true` as a schema is JSON Schema (and OpenAPI 3.1) for \
         \"any value\". The generator reads it so, as `{}`, and the type is free-form JSON. Write \
         `{}` in a 3.0 document, or give the schema the type of its values.";
}
