//! Codes 083–090: Rust names: explicit names that cannot be used, and names two items would share (`naming/`).

codes! {
    /// `x-rust-name`, `x-rust-method` or an `x-rust-field-names` entry is
    /// not a Rust identifier.
    error UNUSABLE_EXPLICIT_NAME = "E083",
        "an explicit Rust name is not a usable identifier",
        "A name chosen in the document (`x-rust-name` on a schema, `x-rust-method` on an operation, \
         an entry of `x-rust-field-names`) is used as written, so it must be a Rust identifier: ASCII \
         letters, digits and `_`, not starting with a digit, and not a keyword. The generator refuses \
         the document rather than guess another name. Fix the value, or, when the document is the \
         vendor's, set a usable one with an overlay action in spec/rust-sdk.overlay.yaml (`update` \
         on the schema or operation).";
    /// An operation's `x-rust-method` is the name of a method `Client` has
    /// whatever the document says.
    error RESERVED_EXPLICIT_METHOD = "E084",
        "an `x-rust-method` is already a method of the generated `Client`",
        "Every generated `Client` has methods of its own (`builder`, `from_env`, `base_url`, \
         `retry_policy`, ...) and one per client setting, so an operation's method may not take \
         one of their names. A derived name is moved aside with a warning, but a name chosen with \
         `x-rust-method` is kept as chosen, so the document is refused. Choose another \
         `x-rust-method` (in the document, or with an overlay action in \
         spec/rust-sdk.overlay.yaml).";
    /// Two operations' `x-rust-method` names would make the same method or
    /// operation types.
    error COLLIDING_EXPLICIT_METHODS = "E085",
        "two operations are given the same method by `x-rust-method`",
        "Each operation becomes a method of `Client` and the types `Name`, `NameError` and \
         `NameResponse`; two names chosen with `x-rust-method` that make the same method or the \
         same types (`get_pet` and `get_pet_error` both make `GetPetError`) cannot both be kept, \
         and the generator does not choose between names a person chose. Give one of the \
         operations another `x-rust-method` (in the document, or with an overlay action in \
         spec/rust-sdk.overlay.yaml).";
    /// A schema's `x-rust-name` is the name of another schema's type.
    error COLLIDING_EXPLICIT_TYPE_NAMES = "E086",
        "an `x-rust-name` is already the name of a different schema's type",
        "Two schemas that are not the same type would both be named by the `x-rust-name` of one of \
         them. A derived type name is numbered when taken, but a name chosen with `x-rust-name` \
         is kept as chosen, so the document is refused rather than one type silently renamed. \
         Give one of the schemas another `x-rust-name` (in the document, or with an overlay action \
         in spec/rust-sdk.overlay.yaml); if they are meant to be one type, make one a `$ref` to the \
         other.";
    /// Two members of one type (fields, enum variants, `oneOf` alternatives)
    /// are given one name explicitly.
    error COLLIDING_EXPLICIT_MEMBER_NAMES = "E087",
        "two members of one type are given the same name explicitly",
        "Names chosen in the document for the members of one type (`x-rust-field-names` for the \
         properties of an object, `x-enum-varnames` or `x-rust-variant-names` for enum values, \
         `x-rust-name` on the alternatives of a `oneOf`) must be distinct: two fields or variants \
         of one Rust type cannot share a name, and the generator does not rename what a person \
         chose. Choose distinct names (in the document, or with an overlay action in \
         spec/rust-sdk.overlay.yaml).";
    /// An `x-enum-varnames` entry gives no usable variant name.
    warning UNUSABLE_ENUM_VARNAME = "W083",
        "an enum variant name chosen in the document is not usable",
        "An entry of `x-enum-varnames` (or `x-rust-variant-names`) has nothing a Rust variant name \
         can be made of (it is empty, or only punctuation). The value still gets a variant, named \
         from the value itself as if no name had been chosen. Fix or remove the entry (in the \
         document, or with an overlay action in spec/rust-sdk.overlay.yaml) to choose the name.";
    /// An operation's derived method name is taken, so it gets another.
    warning RENAMED_METHOD = "W084",
        "an operation's derived method name is taken, so it is given another",
        "The method name derived for an operation (from its operationId or summary) is derived \
         for another operation too, is published in the API lock for another one, would make the \
         same operation types (`Name`, `NameError`, `NameResponse`) as another method, or is a \
         method `Client` has itself. The generator keeps it for one of them and gives this one a \
         name that says what sets it apart (`get_info_by_comic_id`), else a numbered one. To \
         choose the name, set `x-rust-method` on the operation (with an overlay action in \
         spec/rust-sdk.overlay.yaml when the document is the vendor's).";
    /// A parameter's derived argument or setter name is taken.
    warning RENAMED_PARAMETER = "W085",
        "a parameter's derived Rust name is taken, so it is given another",
        "Two parameters of one operation (in the path, query, header or cookie) derive the same \
         Rust name (`page-size` and `page_size`), or a parameter's name is one the operation's \
         builder uses itself (`send`, `body`, `options`, ...). Each parameter still gets its \
         argument or setter: this one under a name that says where it comes from \
         (`page_size_header`), else a numbered one. Rename the parameter in the document (a \
         change on the wire too) if the generated name does not suit.";
    /// Two different schemas derive one type name: the later is numbered.
    warning RENAMED_TYPE = "W086",
        "two different schemas would share a type name, so one is numbered",
        "Two schemas that are not the same type derive the same Rust type name (two components \
         whose names differ only in case or punctuation, or inline schemas named after the same \
         place). The first, in a stable order, keeps the name and the other gets a number \
         (`Item2`), which says nothing of what it is. Set `x-rust-name` on one of the schemas to \
         choose its name (with an overlay action in spec/rust-sdk.overlay.yaml when the document \
         is the vendor's).";
    /// A field, variant or alternative derives a name another member of the
    /// same type has, or one the generated type uses itself.
    warning RENAMED_MEMBER = "W087",
        "two members of one type would share a derived name, so one is given another",
        "Two properties of an object, two values of an enum or two alternatives of a `oneOf` derive \
         the same Rust name (`n-1` and `n1` both make the field `n1`; `a-b` and `A_B` both make \
         the variant `AB`), or a property derives the name the generated struct keeps its other \
         members in (`additional_properties`). Every member is kept: one keeps the name and the \
         other gets one that says what sets it apart (`minus_1`, `AbUpper`), else a numbered one. \
         To choose the names, use `x-rust-field-names` on the object, `x-enum-varnames` on the \
         enum or `x-rust-name` on the alternative (with an overlay action in \
         spec/rust-sdk.overlay.yaml when the document is the vendor's).";
}
