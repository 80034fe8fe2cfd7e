//! Codes 037–059: schemas: shapes, enums, oneOf/anyOf/allOf, discriminators, recursion (`ir/schema.rs`, `ir/all_of.rs`, `ir/discriminators.rs`, `ir/recursion.rs`).

// E038 and E039 are not used: a schema `$ref` that is malformed or names
// nothing is the load stage's E007 or E006, as any other `$ref` is.

codes! {
    /// `x-rust-formats` is not a map of formats to `string`.
    error INVALID_FORMAT_CHOICE = "E037",
        "`x-rust-formats` is not a map of formats to `string`",
        "The root extension `x-rust-formats` chooses which string formats are kept as `String` \
         (`x-rust-formats: {date-time: string}`); it must be a map whose every value is `string`. \
         The generator refuses a document where it is anything else, since it cannot tell which \
         types the crate should have. Fix the extension, usually in the Rust overlay.";
    /// A schema `$ref` that leads to something that is not a schema.
    error REFERENCE_NOT_A_SCHEMA = "E040",
        "a schema `$ref` leads to a value that is not a schema",
        "The `$ref` of a schema points at an existing value that cannot be read as a Schema Object \
         (a parameter, a list, a string, or a schema with a keyword of the wrong type). The \
         generator refuses the document; the related place shows the value it found. Point the \
         reference at the schema itself (for a parameter's, its `schema` member).";
    /// `$ref`s that point at each other with no schema in between.
    error REFERENCE_CYCLE = "E041",
        "schema `$ref`s point at one another with no schema in the circle",
        "Following the references from this place comes back to a reference already passed \
         without ever reaching a schema, so they describe no value at all. The generator refuses \
         the document; the related places are the references of the circle. Make one of them \
         point at a real schema (recursion through a schema's properties or items is fine).";
    /// Inline schemas nested deeper than the generator follows.
    error SCHEMA_TOO_DEEP = "E042",
        "inline schemas are nested too deep",
        "Schemas written inside one another more than 64 levels deep are refused: no real API \
         needs it, and following them would exhaust the stack. Move the inner schemas into \
         `components/schemas` and refer to them with `$ref` (references are followed without \
         this limit).";
    /// An `allOf` that includes, through `$ref`s, the schema it belongs to.
    error ALL_OF_INCLUDES_ITSELF = "E043",
        "an `allOf` includes the schema it belongs to",
        "A member of `allOf` refers, directly or through other `allOf`s, to a schema that is \
         being merged already, so the merged object would contain itself. The generator refuses \
         the document; the related place is the schema included again. Remove that member, or \
         make the recursion go through a property (`properties: {parent: {$ref: ...}}`).";
    /// `allOf` members that include each other deeper than the generator follows.
    error ALL_OF_TOO_DEEP = "E044",
        "`allOf` members include one another too deep",
        "An `allOf` whose members include other `allOf`s (through `$ref`s) more than 64 levels \
         deep is refused, as no real API needs it. The deeper members are not merged. Flatten the \
         chain: let a schema list the members it needs directly.";
    /// A `oneOf` among whose alternatives is itself, with nothing in between.
    error ONE_OF_CONTAINS_ITSELF = "E045",
        "a `oneOf` contains itself with no object, list or map in between",
        "One of the alternatives of this `oneOf` is, directly or through other `oneOf`s, the \
         `oneOf` itself: no JSON value can end that recursion, and the Rust enum would be \
         infinitely large. The generator refuses the document; the related place is the \
         alternative that leads back. Make the recursion go through an object property or a list.";

    /// An `x-rust-formats` entry that changes nothing.
    warning FORMAT_ALREADY_STRING = "W037",
        "an `x-rust-formats` entry names a format that is a `String` anyway",
        "`x-rust-formats` keeps formats the generator gives a type of their own (`date-time`, \
         `date`, `uuid`, `byte`) as `String`; other formats are `String` already, so the entry \
         changes nothing. Remove it from the overlay, or check its spelling.";
    /// oneOf/anyOf alternatives left out because they sit beside object members.
    warning ALTERNATIVES_BESIDE_PROPERTIES = "W038",
        "`oneOf`/`anyOf` alternatives beside object members are not generated",
        "A schema that has `properties` or `allOf` members and also `oneOf`/`anyOf` alternatives \
         (beside them or inside an `allOf` member) is generated as a struct of the object \
         members; a Rust struct cannot also be one of several shapes, so the alternatives are \
         left out and values are read without them. Move the alternatives into a schema of their \
         own, or the shared members into each alternative.";
    /// Properties left out because they sit beside oneOf/anyOf.
    warning PROPERTIES_BESIDE_ALTERNATIVES = "W039",
        "`properties` beside `oneOf`/`anyOf` are not generated",
        "A schema with `oneOf`/`anyOf` is generated as an enum of its alternatives; members \
         declared in `properties` beside them belong to no alternative, so they are left out of \
         the crate. Move the shared members into each alternative (for example each with \
         `allOf: [{$ref: Shared}, ...]`).";
    /// Parts of `x-rust-field-names` that are ignored.
    warning FIELD_NAMES_IGNORED = "W040",
        "an `x-rust-field-names` entry is ignored",
        "`x-rust-field-names` maps an object's property names to the Rust field names a human \
         chose (`{\"+1\": plus_one}`). An entry that is not a string, or names no property of the \
         object, is ignored and the field keeps its derived name. Fix the entry in the overlay \
         (the property may have been renamed by the vendor).";
    /// `required` lists a member `properties` does not declare.
    warning REQUIRED_NOT_DECLARED = "W041",
        "a member is listed as required but not declared",
        "`required` names a member that is not in `properties` (nor in an `allOf` member's), so \
         the generator does not know its type: the name is ignored and no field is generated for \
         it. Declare the property, or remove the name from `required`, with an overlay.";
    /// An enum lists a value twice.
    warning DUPLICATE_ENUM_VALUE = "W042",
        "an enum lists a value twice",
        "The same value appears twice in `enum`; the Rust enum has one variant per value, so the \
         repetition is generated once. Remove the duplicate (an overlay `remove` of the entry \
         when the document is the vendor's).";
    /// `x-enum-varnames` does not have one name per value.
    warning ENUM_VARNAMES_MISMATCH = "W043",
        "`x-enum-varnames` does not have one name per `enum` value",
        "`x-enum-varnames` names an enum's variants by position, so it must be a list of strings \
         as long as `enum`. When it is not, names cannot be matched to values safely: the list \
         is ignored and the variants get names derived from their values. Fix the list, or name \
         the variants by value with `x-rust-variant-names`, which survives reordering.";
    /// Parts of `x-rust-variant-names` that are ignored.
    warning VARIANT_NAMES_IGNORED = "W044",
        "an `x-rust-variant-names` entry is ignored",
        "`x-rust-variant-names` maps enum values to the variant names a human chose \
         (`{\"1\": Active}`). When it is not a map, an entry's name is not a string, or an entry \
         names a value the enum does not list, that part is ignored and the variants get derived \
         names. Fix the map in the overlay (the vendor may have changed the values).";
    /// A `oneOf`/`anyOf` with no alternative.
    warning EMPTY_ONE_OF = "W045",
        "a `oneOf`/`anyOf` lists no schema",
        "`oneOf` and `anyOf` must list at least one schema; with none, no value would match. The \
         generator reads the schema as any JSON value (`serde_json::Value`). List the \
         alternatives, or remove the keyword.";
    /// A discriminator `mapping` entry naming a schema that is no alternative.
    warning DISCRIMINATOR_MAPS_OUTSIDE = "W046",
        "a discriminator `mapping` names a schema that is not an alternative",
        "A `discriminator`'s `mapping` says which alternative a tag value selects; an entry whose \
         schema is not one of the `oneOf`/`anyOf` alternatives (by `$ref`) selects nothing the \
         enum has, so values with that tag are not decoded as it says. The related place is the \
         mapped schema. Map the value to an alternative's `$ref`, or add the schema to the \
         alternatives.";
    /// A schema that is only `not`.
    warning NOT_SCHEMA = "W047",
        "a schema that is only `not` is generated as any JSON value",
        "A schema that says only what a value must not be (`not: {type: string}`) allows almost \
         anything, and Rust has no type for \"anything but\": it is generated as \
         `serde_json::Value`. Give the schema a type, or accept the JSON value.";
    /// `allOf` members that declare one property with different types.
    warning ALL_OF_CONFLICT = "W048",
        "`allOf` members declare one property with different types",
        "Two members of an `allOf` declare the same property, each with a different `type`: no \
         value can be both, so no Rust type fits. The field is generated as any JSON value \
         (`serde_json::Value`), which never refuses what the server sends. The related place is \
         the other declaration; make them agree (or drop one, with an overlay `remove`).";
    /// A discriminator that cannot tag every alternative.
    warning DISCRIMINATOR_CANNOT_TAG = "W049",
        "a `discriminator` cannot tag every alternative",
        "A tag value is known for an alternative from `mapping`, from the component name of its \
         `$ref`, or, for an inline alternative, from a single `enum` value of the discriminator \
         property; when one alternative has none, the enum cannot decode by the tag. The \
         generator decodes by the members present instead. Add a `mapping` entry, or a \
         single-value `enum` for the property in the inline alternative.";
    /// An alternative that does not declare the discriminator property.
    warning DISCRIMINATOR_NOT_DECLARED = "W050",
        "an alternative does not declare the discriminator property",
        "Under a `discriminator`, every alternative should declare the tag property. When one \
         does not, its Rust type has no field for it: the client adds the tag when sending, but \
         a value of the alternative's own type lacks it. The related place is the alternative's \
         schema; declare the property there.";
}
