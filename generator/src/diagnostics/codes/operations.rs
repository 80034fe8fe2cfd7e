//! Codes 060–082: operations: parameters, bodies, responses, paths, webhooks, security (`ir/operations.rs`, `ir/params.rs`, `ir/webhooks.rs`, `ir/security.rs`, …).

codes! {
    /// A path item that is still a `$ref` when operations are read.
    internal PATH_ITEM_REFERENCE = "E060",
        "a path item is still a `$ref` when its operations are read",
        "The loader replaces every path item's `$ref` by a copy of the path item it points to, and \
         stops with an error at a `$ref` it cannot follow, so operations never see one. Seeing one \
         signals a bug in the generator, which refuses the document rather than leave the path's \
         operations out. Please report it with the document; writing the path item in place of \
         the `$ref` works around it.";
    /// A parameter `$ref` that does not lead to a parameter.
    error PARAMETER_REFERENCE = "E061",
        "a parameter `$ref` does not lead to a parameter",
        "A parameter's `$ref` must lead to a Parameter Object: this one leads to another `$ref`, \
         or to a value that is not a parameter (the related place shows what it found; a `$ref` \
         that names nothing is E006). The generator cannot tell what the operation takes and refuses the document. \
         Point the reference at the parameter itself, usually `#/components/parameters/Name` (with \
         an overlay `update` when the document is the vendor's).";
    /// `x-client-setting` on something other than a path parameter, or not a name.
    error MISPLACED_CLIENT_SETTING = "E062",
        "`x-client-setting` is not a setting name on a path parameter",
        "`x-client-setting: name` makes a path parameter a setting of the client (a workspace id \
         set once) instead of an argument of every call; it is only supported on path parameters \
         and its value must be a string. The generator refuses the document rather than guess. \
         Move the extension to a path parameter, give it a setting name, or remove it (in the \
         Rust overlay).";
    /// A request body `$ref` that does not lead to a request body.
    error REQUEST_BODY_REFERENCE = "E063",
        "a request body `$ref` does not name a request body",
        "A `requestBody` that is a `$ref` must name an entry of `#/components/requestBodies` that \
         is a Request Body Object; this one names a value elsewhere, or an entry that is itself a \
         `$ref` (a `$ref` that names nothing is E006). \
         The generator cannot tell what the operation (or webhook) sends and refuses the \
         document. Point the reference at the request body itself (with an overlay `update` when \
         the document is the vendor's).";
    /// A response `$ref` that does not lead to a response.
    error RESPONSE_REFERENCE = "E064",
        "a response `$ref` does not lead to a response",
        "A response's `$ref` must lead to a Response Object: this one leads to another `$ref`, \
         or to a value that is not a response (the related place shows what it found; a `$ref` \
         that names nothing is E006). The generator cannot tell what the operation returns and refuses the document. \
         Point the reference at the response itself, usually `#/components/responses/Name` (with \
         an overlay `update` when the document is the vendor's).";
    /// A webhook that cannot be read as a path item.
    error INVALID_WEBHOOK = "E065",
        "a webhook is not a valid path item",
        "Each entry of `webhooks` (OpenAPI 3.1) is a Path Item Object: the requests the API sends \
         to its users, whose payloads get types. This one cannot be read as one (the message says \
         which member is wrong). The generator refuses the document. Fix the entry, or remove it \
         with an overlay `remove` action when the document is the vendor's.";
    /// A security scheme that is still a `$ref` when schemes are read.
    internal SECURITY_SCHEME_REFERENCE = "E066",
        "a security scheme is still a `$ref` when schemes are read",
        "The loader replaces every security scheme's `$ref` by a copy of the scheme it points to, \
         and stops with an error at a `$ref` it cannot follow, so the schemes are never read as \
         references. Seeing one signals a bug in the generator, which refuses the document since \
         the client cannot send credentials it does not know the form of. Please report it with \
         the document; writing the scheme in place of the `$ref` works around it.";

    /// `x-rust-nested-encoding` with a value that is not one of its choices.
    warning INVALID_NESTED_ENCODING = "W060",
        "`x-rust-nested-encoding` is not `brackets`, `indexed` or `json`",
        "`x-rust-nested-encoding` (on the document, an operation or a parameter) chooses how lists \
         and objects nested in a query parameter or form field are written: `brackets` \
         (`a[0][k]=v`), `indexed` or `json`. Any other value is ignored and the choice of the \
         enclosing level, else brackets, is used. Set one of the three values (in the Rust overlay).";
    /// A header, cookie or API key name that is not an HTTP token.
    warning INVALID_WIRE_NAME = "W061",
        "a header, cookie or API key name is not a valid HTTP name",
        "Header and cookie names (of parameters and of API key security schemes) must be HTTP \
         tokens: no spaces, no `:` or other separators. When joining the name's words with `-` \
         makes one (`X-Api Key`), the generator sends that name; otherwise the parameter is left \
         out of the crate, or the API key cannot be sent and operations accepting only it are \
         generated without credentials. Fix the name (with an overlay `update` when the document \
         is the vendor's).";
    /// A header parameter the client sets itself.
    warning MANAGED_HEADER_PARAMETER = "W062",
        "a header parameter is one the client sets itself",
        "Headers such as `Content-Type`, `Accept`, `Authorization`, `User-Agent` and `Cookie` are \
         set by the client (from the body, the responses read, the credentials, its \
         configuration), so a parameter declaring one is left out of the crate rather than sent \
         twice; the message says where the value comes from. Nothing needs fixing; to silence the \
         warning, remove the parameter (with an overlay `remove` action).";
    /// A path parameter without `required: true`.
    warning OPTIONAL_PATH_PARAMETER = "W063",
        "a path parameter is not `required: true`",
        "OpenAPI requires `required: true` on every path parameter: a path cannot leave a segment \
         out. The generator makes the parameter a required argument anyway. Add `required: true` \
         (with an overlay `update` when the document is the vendor's).";
    /// A nested list or object in a query parameter whose style defines no form for it.
    warning NESTED_QUERY_VALUE = "W064",
        "a query parameter nests lists or objects its style has no form for",
        "Only `deepObject` gives lists and objects nested in a query parameter a form; other \
         styles leave it undefined, so servers differ. The generator writes them in brackets \
         (`a[0][k]=v`, `a[k][]=x`). Say what the server expects with `x-rust-nested-encoding: \
         brackets`, `indexed` or `json` on the parameter, its operation or the document (in the \
         Rust overlay), which also silences the warning.";
    /// A nested list or object in a path, header or cookie parameter.
    warning NESTED_VALUE_AS_JSON = "W065",
        "a path, header or cookie parameter nests lists or objects",
        "No style of a path segment, header or cookie has a form for lists or objects nested in \
         the value, so the generator sends the value's JSON text. If the server expects something \
         else, change the parameter's schema to one a style can write (scalars, a list of \
         scalars, an object of scalars), or declare it with `content: {application/json: …}` to \
         say JSON is meant.";
    /// `explode: true` on a cookie parameter holding a list or an object.
    warning COOKIE_EXPLODE = "W066",
        "a cookie parameter holding a list or object says `explode: true`",
        "Exploding a list or object into cookies has no defined form (each item would need a \
         cookie name). The generator sends one cookie, its items joined by commas, as with \
         `explode: false`. Set `explode: false`, or make the parameter a scalar.";
    /// A parameter's `content` that has not exactly one media type.
    warning PARAMETER_CONTENT_NOT_ONE = "W067",
        "a parameter's `content` does not have exactly one media type",
        "A parameter declared with `content` instead of `schema` must list exactly one media type, \
         which says how its value is written. With none, the generator sends the value as a \
         string; with several, it uses the JSON one, else the first, and ignores the others. List \
         exactly the media type the server reads.";
    /// A path with a `#fragment`.
    warning PATH_FRAGMENT = "W068",
        "a path has a `#fragment`",
        "Documentation tools tell apart operations on one path with a fragment \
         (`/cookies#formNonExploded`), but a fragment is never part of a request: the generator \
         calls the path without it. Nothing needs fixing if that is what the server serves.";
    /// A `{` in a path template that is never closed.
    warning UNCLOSED_PATH_SLOT = "W069",
        "a path template has a `{` that is never closed",
        "A path template's `{name}` is filled with a path parameter; this `{` has no `}`, so the \
         generator sends the text from it on as written, percent-encoded where a URL path needs it. Close the slot, or remove the brace if the \
         server really expects it (with an overlay when the document is the vendor's).";
    /// A path parameter bound to a slot of another name.
    warning PATH_PARAMETER_NAME_MISMATCH = "W070",
        "a path parameter fills a slot of another name",
        "A path parameter's `name` must be the name of a `{slot}` of its path template. This one is \
         not, but it differs from a slot only in case or punctuation, or it is the only parameter \
         left when only one slot is: the generator lets it fill that slot (the related place is \
         the template). Make the names agree.";
    /// A query string written into a path template.
    warning PATH_TEMPLATE_QUERY = "W071",
        "a path template contains a query string",
        "OpenAPI path templates have no query string, but some vendors write one (`/items?kind=a` \
         or `/search?q={q}`). The generator sends its pairs as query parameters: fixed pairs on \
         every call, `{name}` pairs as query parameters of the operation. Declare them as query \
         parameters instead when the document is yours.";
    /// A path template slot that no path parameter declares.
    warning UNDECLARED_PATH_PARAMETER = "W072",
        "a path template slot has no declared path parameter",
        "Every `{slot}` of a path template needs a path parameter of its name. None is declared \
         for this one, so the generator makes it a required string argument, undocumented. \
         Declare the parameter (`in: path`, `required: true`) with its schema and description.";
    /// A declared path parameter that no slot of the path template takes.
    warning PATH_PARAMETER_NOT_IN_TEMPLATE = "W073",
        "a path parameter does not appear in the path template",
        "A path parameter is sent as a segment of the path, in the `{slot}` of its name; this \
         template has none for it (the related place is the template), so no request can carry \
         it and it is left out of the crate. Add the slot to the path, rename the parameter to the \
         slot it is meant for, or remove the parameter.";
    /// Characters a URL path cannot hold, written in a path template.
    warning INVALID_PATH_CHARACTERS = "W074",
        "a path template contains characters a URL path cannot hold",
        "Spaces, non-ASCII letters and the like are not valid in a URL path. The generator sends \
         them percent-encoded, as a browser would, keeping `/` as the separator of segments. Write \
         the path as the server expects it, percent-encoded if needed.";
    /// A request body with no `content`.
    warning REQUEST_BODY_WITHOUT_CONTENT = "W075",
        "a request body declares no media type",
        "A request body's `content` says what is sent and how (`application/json` and a schema). \
         With no entry, nothing says what to send, so the generated method sends no body. Add the \
         media type the server reads, or remove the request body.";
    /// A request body whose media types take different values.
    warning REQUEST_BODY_MEDIA_DIFFERS = "W076",
        "a request body's media types take different bodies",
        "A method sends one value, in one of the media types of its request body. This media type \
         takes a different value than the one the method sends (the related place), so it is not \
         offered. Give the media types the same schema, or split the operation, if callers need \
         this form.";
    /// A media type without a typed form.
    warning UNTYPED_MEDIA_TYPE = "W077",
        "a media type has no typed form",
        "The generator knows JSON (`application/json`, `*+json`), forms, multipart, text and binary \
         media types. A request or response body in another (`application/xml`, a vendor type) is \
         sent or returned as bytes the caller encodes or decodes. If the media type is JSON, name \
         it so (`application/vnd.example+json`).";
    /// An operation without a 2xx response.
    warning NO_SUCCESS_RESPONSE = "W078",
        "an operation documents no 2xx response",
        "Without a success response, nothing says what the operation returns. The generated method \
         accepts any 2xx status and ignores its body. Document the success response (`200` with \
         its content, or `204`).";
    /// A webhook whose request body has no JSON media type.
    warning WEBHOOK_WITHOUT_JSON_BODY = "W079",
        "a webhook's request body has no JSON media type",
        "The generator gives each webhook's JSON payload a type users decode it with; this \
         webhook's body has no JSON media type, so no type is generated for it. Nothing needs \
         fixing if the payload is not JSON.";
    /// A security scheme no requirement names.
    warning UNUSED_SECURITY_SCHEME = "W080",
        "a security scheme is not used by any `security` requirement",
        "A scheme of `#/components/securitySchemes` that neither the document's nor any \
         operation's `security` names is never sent, so the client gets no credential setter for \
         it. Name it in the `security` of the operations that accept it, or remove it.";
    /// An HTTP authentication scheme other than basic and bearer.
    warning UNSUPPORTED_HTTP_SCHEME = "W081",
        "an HTTP authentication scheme is not `basic` or `bearer`",
        "The client sends HTTP `basic` and `bearer` credentials; other HTTP schemes (`digest`, \
         `hoba`, a vendor's) need a challenge-response or signature it does not implement. \
         Operations that accept only such a scheme are generated without credentials and say so \
         in their documentation; send the header yourself, or use `bearer` if the server takes a \
         token.";
    /// A security requirement naming a scheme that is not defined.
    warning UNDEFINED_SECURITY_SCHEME = "W082",
        "a security requirement names an undefined scheme",
        "Each name in a `security` requirement must be a key of `#/components/securitySchemes` \
         (the related place). The alternative naming an undefined one cannot be met, so it is \
         left out; an operation left with no alternative is generated without credentials. Fix \
         the name, or define the scheme.";
}
