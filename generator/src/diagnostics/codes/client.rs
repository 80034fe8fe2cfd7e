//! Codes 095–099 and E000: client settings, environment variables, and the
//! generator's own faults (`client/`, `emit/`, `lib.rs`).

codes! {
    /// The generator failed: it panicked, or produced Rust that does not parse.
    internal INTERNAL = "E000",
        "internal error: the generator failed on this document",
        "The generator itself went wrong on this document: it panicked, or the Rust it produced \
         does not parse. No document should cause this; it is a bug in the generator. Please \
         report it with the document (or the smallest part of it that still shows the error).";
    /// An `x-client-setting` parameter is not a string, or parameters bound
    /// to one setting have different types.
    error CLIENT_SETTING_TYPE = "E095",
        "a client setting is not a string, or its parameters have different types",
        "A path parameter marked `x-client-setting: NAME` becomes a value the `Client` holds and \
         fills into every path that has it, read from the builder or an environment variable: it \
         must be a string or a string enum, and every parameter bound to one setting must have \
         the same type. The generator refuses the document rather than guess a type. Fix the \
         parameters' schemas, or bind them to different settings (in the document, or with an \
         overlay action in spec/rust-sdk.overlay.yaml).";
    /// A client setting or credential setter has no usable method name.
    error UNUSABLE_SETTING_NAME = "E096",
        "a client setting or credential has no usable Rust method name",
        "Each client setting (an `x-client-setting` parameter, a variable of the server URL) and \
         each credential becomes a method of `Client` and a setter of `ClientBuilder`, so its name \
         must be a Rust method name: lower-case ASCII letters, digits and `_`, not starting with a \
         digit, and not a keyword. The generator refuses the document rather than invent one. \
         Rename the setting (`x-client-setting`), the server variable or the security scheme (in \
         the document, or with an overlay action in spec/rust-sdk.overlay.yaml).";
    /// Two settings or credentials, or one and a method of the client, would
    /// share a method name.
    error SETTING_NAME_TAKEN = "E097",
        "a client setting or credential has the name of another, or of a method of the client",
        "Client settings and credentials are methods of `Client` and setters of `ClientBuilder`, \
         which have methods of their own (`builder`, `base_url`, `api_key`, `build`, ...): two \
         that share a name, or one named like a method the client has anyway, would be one \
         method. The generator refuses the document. Rename one of them (`x-client-setting`, the \
         server variable or the security scheme), in the document or with an overlay action in \
         spec/rust-sdk.overlay.yaml.";
    /// An `x-env-var` is not an environment variable name.
    error UNUSABLE_ENV_VAR = "E098",
        "an `x-env-var` is not a usable environment variable name",
        "`x-env-var` names the environment variable `Client::from_env` reads a setting from; it \
         must be ASCII letters, digits and `_`, not starting with a digit, so every shell can set \
         it. The generator refuses the document. Fix the value (in the document, or with an \
         overlay action in spec/rust-sdk.overlay.yaml), or remove it to get the derived \
         `{PREFIX}_{NAME}`.";
    /// Two settings or credentials would be read from one environment variable.
    error SHARED_ENV_VAR = "E099",
        "two client settings or credentials would be read from one environment variable",
        "`Client::from_env` reads each setting, each credential and the base URL from an \
         environment variable of its own (`{PREFIX}_{NAME}` unless `x-env-var` names one); two \
         read from one variable would silently get the same value. The generator refuses the \
         document. Set `x-env-var` on one of them to another variable (in the document, or with \
         an overlay action in spec/rust-sdk.overlay.yaml).";
    /// A server variable's default is not among its `enum` values.
    warning SERVER_DEFAULT_NOT_IN_ENUM = "W095",
        "a server variable's default is not one of its `enum` values",
        "OpenAPI requires a server variable's `default` to be one of its `enum` values when it has \
         some. The default base URL is built from the defaults, so the generated client accepts \
         the default as one more allowed value rather than refuse the server the document names. \
         Add the default to the `enum`, or pick a default from it (in the document, or with an \
         overlay action in spec/rust-sdk.overlay.yaml).";
}
