//! Stage 7, emission: IR → `quote!` tokens → `syn::File` → `prettyplease`
//! text (in: the API, its names (`naming::Names`) and the client model; out: files).
//!
//! Every emitted path is fully qualified (`::std::string::String`,
//! `crate::types::Timezone`, `::fyno_codegen_runtime::Error`) so generated
//! code never depends on what is in scope, and names the crate's own items
//! by their public paths, as a user would. Each file starts with a header saying it is generated,
//! by which command and which generator module.

mod auth;
mod client;
mod examples;
pub(crate) mod media;
pub(crate) mod named;
mod operations;
mod parallel;
pub(crate) mod params;
mod responses;
mod rust;
pub(crate) mod rustdoc;
pub(crate) mod types;
mod types_one_of;

pub(crate) use rust::Context;

use crate::client::settings::ClientModel;
use crate::diagnostics::Reporter;
use crate::ir::Api;
use crate::naming::Names;
use proc_macro2::TokenStream;
use std::collections::BTreeMap;

/// Where generated code is mounted in the client crate, and what to call things.
#[derive(Clone, Debug)]
pub struct EmitOptions {
    /// Path of the module that makes the generated items public: its
    /// `types` and `operations` modules and `Client` (the crate root, whose
    /// `src/lib.rs` re-exports them from the privately mounted tree).
    /// Generated code names them by these paths, as users do
    /// (`crate::types::Timezone`, as aws-sdk-rust writes them).
    pub public_module: String,
    /// Directory (relative to the client crate) the generated tree is written to.
    pub root_dir: String,
    /// How the header names the source (e.g. `spec/fyno-openapi.yaml`).
    pub source_description: String,
    /// Prefix of the environment variables `Client::from_env` reads
    /// (`FYNO` gives `FYNO_API_KEY`, `FYNO_ENDPOINT`, `FYNO_<SETTING>`);
    /// `None` derives it from the spec's title.
    pub env_prefix: Option<String>,
    /// The crate's library name (`fyno`, `pet_store`: its package name with
    /// `-` → `_`, see [`library_name`]), by which its integration test
    /// ([`SPEC_EXAMPLES_TEST`]) names the crate's items, as users do;
    /// `None`: that of the package named after the spec's title
    /// ([`default_package_name`]).
    pub library_name: Option<String>,
}

impl Default for EmitOptions {
    fn default() -> Self {
        Self {
            public_module: "crate".to_owned(),
            root_dir: "src/generated".to_owned(),
            source_description: "the OpenAPI document".to_owned(),
            env_prefix: None,
            library_name: None,
        }
    }
}

/// The generated crate's integration test (relative to the crate) holding
/// the spec's examples, each with its type, and the test that round-trips
/// them: test data, so out of `src/`. Emitted only when the spec has
/// examples (an empty table is a test that cannot fail); a stale one is
/// deleted by whoever writes the files, as the generated tree's are.
pub const SPEC_EXAMPLES_TEST: &str = "tests/spec_examples.rs";

/// The library name of the package `package`, as Cargo derives it when the
/// manifest names none: `pet-store` → `pet_store`.
pub fn library_name(package: &str) -> String {
    package.replace('-', "_")
}

/// The package name of a crate generated from a spec titled `title`, when
/// none is given: the title in kebab case (`Swagger Petstore` →
/// `swagger-petstore`), the words of its environment variables' prefix, so
/// it is always a valid package name (`2fa` → `api-2fa`).
pub fn default_package_name(title: &str) -> String {
    crate::client::env::env_prefix(title)
        .to_ascii_lowercase()
        .replace('_', "-")
}

/// One file to emit.
#[derive(Clone, Debug)]
enum FileJob {
    Root,
    Client,
    TypesMod,
    Types(String),
    OperationsMod,
    Operations(String),
    /// The examples test, naming the crate by this library name.
    Examples(String),
}

impl FileJob {
    /// Path relative to the client crate, and the generator module that writes it.
    fn path_and_generator(&self, options: &EmitOptions) -> (String, &'static str) {
        let in_tree = |path: &str| format!("{}/{path}", options.root_dir);
        match self {
            FileJob::Root => (in_tree("mod.rs"), "generator/src/emit/mod.rs"),
            FileJob::Client => (in_tree("client.rs"), "generator/src/emit/client.rs"),
            FileJob::TypesMod => (in_tree("types/mod.rs"), "generator/src/emit/types.rs"),
            FileJob::Types(m) => (
                in_tree(&format!("types/{m}.rs")),
                "generator/src/emit/types.rs",
            ),
            FileJob::OperationsMod => (
                in_tree("operations/mod.rs"),
                "generator/src/emit/operations.rs",
            ),
            FileJob::Operations(m) => (
                in_tree(&format!("operations/{m}.rs")),
                "generator/src/emit/operations.rs",
            ),
            // Outside the generated tree: an integration test of the crate.
            FileJob::Examples(_) => (
                SPEC_EXAMPLES_TEST.to_owned(),
                "generator/src/emit/examples.rs",
            ),
        }
    }

    /// The file's tokens, in chunks of whole items rendered one after
    /// another, so that only one chunk's `syn` tree and text are alive at a
    /// time (and, for types modules, built lazily, one chunk's tokens):
    /// their memory is reused chunk after chunk instead of growing with the
    /// file. Only the first chunk may open with inner attributes.
    fn chunks<'a>(&self, ctx: &'a rust::Context<'a>) -> Box<dyn Iterator<Item = TokenStream> + 'a> {
        let whole = |tokens| -> Box<dyn Iterator<Item = TokenStream> + 'a> {
            Box::new(std::iter::once(tokens))
        };
        match self {
            FileJob::Root => whole(root_module(ctx.api)),
            FileJob::Client => whole(client::emit_client(ctx)),
            FileJob::TypesMod => whole(types::emit_types_mod(ctx)),
            FileJob::Types(m) => Box::new(types::types_module_chunks(ctx, m.clone())),
            FileJob::OperationsMod => whole(operations::emit_operations_mod(ctx)),
            FileJob::Operations(m) => Box::new(operations::operations_module_chunks(ctx, m)),
            FileJob::Examples(library) => whole(examples::emit_examples(&ctx.outside(library))),
        }
    }
}

/// Emits every file, keyed by path relative to the client crate, rendered
/// on all available cores (`parallel`).
pub(crate) fn emit(
    api: &Api,
    names: &Names,
    options: &EmitOptions,
    model: &ClientModel,
    report: &mut Reporter<'_>,
) -> BTreeMap<String, String> {
    // Largest files first, so that no long job starts last while the other
    // threads have nothing left: the examples test and the client (one
    // chunk each, and the examples test is among the largest files), then
    // types and operations modules by size, the small module roots last.
    let mut type_modules: Vec<String> = types::type_modules(names).into_iter().collect();
    // Each weight is a scan of the API: computed once per module.
    type_modules.sort_by_cached_key(|m| std::cmp::Reverse(module_weight(api, names, m)));
    let mut operation_modules: Vec<String> =
        operations::operation_modules(names).into_iter().collect();
    operation_modules.sort_by_cached_key(|m| {
        std::cmp::Reverse(names.operations().iter().filter(|o| o.module == *m).count())
    });
    let mut jobs = Vec::new();
    if !api.examples.is_empty() {
        let library = options
            .library_name
            .clone()
            .unwrap_or_else(|| library_name(&default_package_name(&api.title)));
        jobs.push(FileJob::Examples(library));
    }
    jobs.push(FileJob::Client);
    jobs.extend(type_modules.into_iter().map(FileJob::Types));
    jobs.extend(operation_modules.into_iter().map(FileJob::Operations));
    jobs.extend([FileJob::Root, FileJob::TypesMod, FileJob::OperationsMod]);

    let rendered = parallel::on_all_cores(
        jobs.len(),
        || rust::Context::new(api, names, options, model),
        |ctx, index| render(jobs[index].chunks(ctx)),
    );

    let mut files = BTreeMap::new();
    for (job, result) in jobs.iter().zip(rendered) {
        let (path, generator) = job.path_and_generator(options);
        match result {
            Ok(text) => {
                let text = format!("{}{text}", header(options, generator));
                files.insert(path, text);
            }
            Err(message) => {
                report.error(crate::diagnostics::codes::INTERNAL,
                "",
                format!("internal error: generated `{path}` is not valid Rust ({message}); please report this with the spec"),
            );
            }
        }
    }
    files
}

/// Roughly how much code a types module holds: its members and variants.
fn module_weight(api: &Api, names: &Names, module: &str) -> usize {
    api.types
        .types
        .iter()
        .zip(names.types())
        .filter(|(_, n)| n.module == module)
        .map(|(t, _)| match &t.shape {
            crate::ir::Shape::Struct(s) => s.fields.len() + 4,
            crate::ir::Shape::StringEnum(e) => e.variants.len() * 3,
            crate::ir::Shape::IntEnum(e) => e.variants.len() * 3,
            crate::ir::Shape::OneOf(o) => o.variants.len() * 6,
            crate::ir::Shape::Alias(_) => 1,
            crate::ir::Shape::Newtype(_) => 4,
        })
        .sum()
}

fn root_module(api: &Api) -> TokenStream {
    let title = format!(" Generated from \"{}\" version {}.", api.title, api.version);
    // The crate itself uses what the spec deprecates (serde's derives, the
    // client's methods); users' uses still warn.
    let allow = api
        .has_deprecations()
        .then(|| quote::quote!(#![allow(deprecated)]));
    quote::quote! {
        #![doc = #title]
        #allow
        //!
        //! Mounted privately: the crate re-exports `Client`, `ClientBuilder`,
        //! and `types` and `operations` as public modules.
        pub(crate) mod client;
        pub(crate) mod operations;
        pub(crate) mod types;
    }
}

/// `src/lib.rs` of a crate made from the spec alone: docs from the spec's
/// `info`, the generated tree mounted privately, and the public surface
/// (client, builder, types, operations, the runtime's user-facing items).
/// Type nesting a crate compiles with under rustc's default recursion limit
/// (128), with room for what serde's derives add.
const DEFAULT_NESTING: usize = 48;

pub(crate) fn crate_root(api: &Api, options: &EmitOptions, report: &mut Reporter<'_>) -> String {
    let mut lines = vec![format!("{} {}", api.title, api.version), String::new()];
    if let Some(description) = api
        .description
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty())
    {
        lines.extend(crate::emit::rustdoc::to_rustdoc(description));
        lines.push(String::new());
    }
    lines.push("A typed async client generated from the API's OpenAPI document: every operation is a method on [`Client`] returning a request builder; `.await` it (or call `.send()`).".to_owned());
    let docs = lines.iter().map(|line| {
        let line = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        quote::quote!(#![doc = #line])
    });
    // A glob re-export of an empty module is an unused import.
    let types = (!api.types.types.is_empty()).then(|| {
        quote::quote! {
            /// Request and response types generated from the OpenAPI document.
            pub mod types {
                pub use crate::generated::types::*;
            }
        }
    });
    let operations = (!api.operations.is_empty()).then(|| {
        quote::quote! {
            /// Request builders and documented error types of every operation.
            pub mod operations {
                pub use crate::generated::operations::*;
            }
        }
    });
    // rustc lays out nested types recursively, up to `recursion_limit`
    // (128) levels: a spec nesting types deeper (a chain of required
    // members) needs a higher limit, set from the measured depth.
    let depth = crate::ir::recursion::containment_depth(&api.types);
    let recursion_limit = (depth > DEFAULT_NESTING).then(|| {
        let limit = (depth * 2 + 128).to_string();
        quote::quote!(#![recursion_limit = #limit])
    });
    // Token providers are what OAuth 2 / OpenID Connect setters take.
    let oauth = api
        .security_schemes
        .iter()
        .any(|s| s.kind == crate::ir::SchemeKind::OAuth)
        .then(|| {
            quote::quote! {
                #[doc(inline)]
                pub use ::fyno_codegen_runtime::{TokenError, TokenFuture, TokenProvider};
            }
        });
    let tokens = quote::quote! {
        #(#docs)*
        #![warn(missing_docs)]
        #recursion_limit

        #[rustfmt::skip]
        mod generated;

        #types
        #operations

        pub use crate::generated::client::{Client, ClientBuilder};
        #[doc(inline)]
        pub use ::fyno_codegen_runtime::{CallOptions, ConfigError, Error, RetryPolicy, TimeoutKind, TransportPhase, WithHeaders};
        #oauth
        /// The HTTP client requests go through: `ClientBuilder::http_client`
        /// configures a `reqwest::ClientBuilder` of exactly this version.
        pub use ::fyno_codegen_runtime::reqwest;
        /// Types of string formats (`date-time`, `date`, `uuid`, `byte`) the generated types use.
        pub use ::fyno_codegen_runtime::formats;
        /// Bodies of other media types: binary data (bytes or a stream) and
        /// `multipart/form-data` forms; binary responses are [`bytes::Bytes`].
        #[doc(inline)]
        pub use ::fyno_codegen_runtime::{Binary, ByteStream, Multipart, Part};
        pub use ::fyno_codegen_runtime::bytes;
        /// What the catch-all variants of string and integer enums hold: a
        /// value the spec does not list, which only decoding and `from_wire` build.
        #[doc(inline)]
        pub use ::fyno_codegen_runtime::{UnknownInteger, UnknownValue};
    };
    match render(std::iter::once(tokens)) {
        Ok(text) => format!(
            "// @generated by `cargo xtask codegen` from {}, once: it is not rewritten when it exists, so edits are kept.\n// Generator: generator/src/emit/mod.rs\n\n{text}",
            options.source_description
        ),
        Err(message) => {
            report.error(crate::diagnostics::codes::INTERNAL,
                "",
                format!("internal error: the generated `src/lib.rs` is not valid Rust ({message}); please report this with the spec"),
            );
            String::new()
        }
    }
}

fn header(options: &EmitOptions, generator: &str) -> String {
    format!(
        "// @generated by `cargo xtask codegen` from {} — do not edit by hand.\n// Generator: {generator}\n\n",
        options.source_description
    )
}

/// Tokens → formatted source; a parse failure means a generator bug.
/// Chunks are taken by value: `syn::parse2` of a shared stream would first
/// copy every token tree.
///
/// A file comes in chunks (see `FileJob::chunks`) and each item is parsed
/// and printed on its own, so neither a file's tokens nor its syntax tree is
/// ever whole in memory (for a large spec that was most of generation's
/// peak, and fresh pages cost the kernel a zeroing each). prettyplease
/// prints a file's items one after the other, each from the start of a
/// line, so the text is the same as printing the whole file.
fn render(chunks: impl Iterator<Item = TokenStream>) -> Result<String, String> {
    use syn::parse::Parser as _;
    let print = |attrs: Vec<syn::Attribute>, items: Vec<syn::Item>| {
        prettyplease::unparse(&syn::File {
            shebang: None,
            frontmatter: None,
            attrs,
            items,
        })
    };
    let mut text = String::new();
    for (index, chunk) in chunks.enumerate() {
        let parse = |input: syn::parse::ParseStream<'_>| -> syn::Result<()> {
            // Inner attributes open a file: in a later chunk one is an
            // error, as it would be in the middle of the file.
            if index == 0 {
                text.push_str(&print(input.call(syn::Attribute::parse_inner)?, Vec::new()));
            }
            while !input.is_empty() {
                let item: syn::Item = input.parse()?;
                text.push_str(&print(Vec::new(), vec![item]));
            }
            Ok(())
        };
        parse.parse2(chunk).map_err(|e| e.to_string())?;
    }
    Ok(tidy_macro_paths(&separate_items(&text)))
}

/// prettyplease prints a macro call's arguments token by token, spaced as
/// no one writes them (`crate ::generated::types::Profile`, `Vec < T >`),
/// and breaks lines inside paths. The one macro generated code calls at the
/// top level takes identifiers and types only, no literals (see
/// `runtime/src/builder.rs`), and Rust never needs a space between their
/// tokens, so each call is rewritten: its arguments without whitespace, one
/// line if the call fits in 100 columns, else one argument per line.
fn tidy_macro_paths(text: &str) -> String {
    const CALL: &str = "::fyno_codegen_runtime::__builder_methods!(";
    if !text.contains(CALL) {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut call: Option<String> = None;
    for line in text.lines() {
        match call.as_mut() {
            None if line.starts_with(CALL) => call = Some(line[CALL.len()..].to_owned()),
            None => {
                out.push_str(line);
                out.push('\n');
                continue;
            }
            Some(call) => call.push_str(line),
        }
        if let Some(arguments) = call.as_deref().and_then(|c| c.strip_suffix(");")) {
            push_macro_call(&mut out, CALL, arguments);
            call = None;
        }
    }
    // A call never closed (not expected): keep its text as printed.
    if let Some(rest) = call {
        out.push_str(CALL);
        out.push_str(&rest);
        out.push('\n');
    }
    out
}

/// Writes `CALL` with `arguments` (as printed, any spacing) and `);`.
fn push_macro_call(out: &mut String, call: &str, arguments: &str) {
    let compact: String = arguments.chars().filter(|c| !c.is_whitespace()).collect();
    let mut parts = Vec::new();
    let (mut depth, mut from) = (0i32, 0);
    for (at, c) in compact.char_indices() {
        match c {
            '<' | '(' | '[' => depth += 1,
            '>' | ')' | ']' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&compact[from..at]);
                from = at + 1;
            }
            _ => {}
        }
    }
    parts.push(&compact[from..]);
    parts.retain(|part| !part.is_empty());
    let one_line = format!("{call}{});", parts.join(", "));
    if one_line.len() <= 100 {
        out.push_str(&one_line);
        out.push('\n');
        return;
    }
    out.push_str(call);
    out.push('\n');
    for part in parts {
        out.push_str("    ");
        out.push_str(part);
        out.push_str(",\n");
    }
    out.push_str(");\n");
}

/// prettyplease puts top-level items back to back; a blank line after each
/// closing brace at column 0 makes the files (and their snapshot diffs) readable.
fn separate_items(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    let mut previous_closed_item = false;
    for line in text.lines() {
        if previous_closed_item && !line.is_empty() {
            out.push('\n');
        }
        out.push_str(line);
        out.push('\n');
        previous_closed_item = line == "}"
            || (line.ends_with(';') && !line.starts_with(' ') && !line.starts_with("//"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{default_package_name, render, tidy_macro_paths};

    #[test]
    fn default_package_names_are_the_title_in_kebab_case() {
        assert_eq!(default_package_name("Swagger Petstore"), "swagger-petstore");
        assert_eq!(default_package_name("Fyno Rest API"), "fyno-rest-api");
        assert_eq!(default_package_name("2fa"), "api-2fa");
        assert_eq!(default_package_name("日本"), "api");
    }

    #[test]
    fn chunks_render_as_the_whole_file_would() {
        let chunks = [
            quote::quote! { #![doc = " Module."] struct A; },
            quote::quote! { struct B; impl B {} },
        ];
        let whole = quote::quote! { #![doc = " Module."] struct A; struct B; impl B {} };
        assert_eq!(render(chunks.into_iter()), render(std::iter::once(whole)));
        // An inner attribute past the file's start is invalid Rust there.
        let late = [
            quote::quote! { struct A; },
            quote::quote! { #![doc = " x"] struct B; },
        ];
        assert!(render(late.into_iter()).is_err());
    }

    #[test]
    fn builder_macro_calls_are_tidied_and_nothing_else_is() {
        let printed = "\
/// Docs about crate ::x stay as written.
::fyno_codegen_runtime::__builder_methods!(
    Get, ::std::vec::Vec < crate
    ::generated::types::Item >, GetError, key_optional
);
::fyno_codegen_runtime::__builder_methods!(Put, crate ::types::A, PutError, key_generated);
fn f() {}
";
        assert_eq!(
            tidy_macro_paths(printed),
            "\
/// Docs about crate ::x stay as written.
::fyno_codegen_runtime::__builder_methods!(
    Get,
    ::std::vec::Vec<crate::generated::types::Item>,
    GetError,
    key_optional,
);
::fyno_codegen_runtime::__builder_methods!(Put, crate::types::A, PutError, key_generated);
fn f() {}
"
        );
        let plain = "fn g() {}\n// crate ::y\n";
        assert_eq!(tidy_macro_paths(plain), plain);
    }
}
