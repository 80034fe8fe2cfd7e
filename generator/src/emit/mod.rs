//! Emission: IR → `quote!` tokens → `syn::File` → `prettyplease` text.
//!
//! Every emitted path is fully qualified (`::std::string::String`,
//! `crate::generated::types::Timezone`) so generated code never depends on
//! what is in scope. Each file starts with a header saying it is generated,
//! by which command and which generator module.

mod examples;
mod operations;
mod rust;
mod types;
mod types_one_of;

use crate::diagnostics::{Diagnostics, Location};
use crate::ir::Api;
use proc_macro2::TokenStream;
use std::collections::BTreeMap;

/// Where generated code is mounted in the client crate, and what to call things.
#[derive(Clone, Debug)]
pub struct EmitOptions {
    /// Path of the generated root module inside the client crate.
    pub root_module: String,
    /// Directory (relative to the client crate) the generated tree is written to.
    pub root_dir: String,
    /// How the header names the source (e.g. `spec/fyno-openapi.yaml`).
    pub source_description: String,
    /// The settings the hand-written `Client` exposes, which parameters can
    /// be bound to with `x-client-setting`.
    pub client_settings: Vec<ClientSetting>,
}

/// A client setting: `Client::<name>()` returns it.
#[derive(Clone, Debug)]
pub struct ClientSetting {
    /// Accessor name on `Client`.
    pub name: String,
    /// What the accessor returns.
    pub kind: SettingKind,
}

/// What a client setting's accessor returns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SettingKind {
    /// `&str`.
    Str,
    /// A reference to a generated string enum (with `as_str()`).
    StrEnum,
}

impl Default for EmitOptions {
    fn default() -> Self {
        Self {
            root_module: "crate::generated".to_owned(),
            root_dir: "src/generated".to_owned(),
            source_description: "the OpenAPI document".to_owned(),
            client_settings: vec![
                ClientSetting {
                    name: "workspace_id".to_owned(),
                    kind: SettingKind::Str,
                },
                ClientSetting {
                    name: "version".to_owned(),
                    kind: SettingKind::StrEnum,
                },
            ],
        }
    }
}

/// Emits every file, keyed by path relative to the client crate.
pub(crate) fn emit(
    api: &Api,
    options: &EmitOptions,
    file: &str,
    diags: &mut Diagnostics,
) -> BTreeMap<String, String> {
    let ctx = rust::Context::new(api, options);
    let mut files = BTreeMap::new();
    let mut put = |path: String, generator: &str, tokens: TokenStream, diags: &mut Diagnostics| {
        match render(&tokens) {
        Ok(text) => {
            let header = header(options, generator);
            files.insert(format!("{}/{path}", options.root_dir), format!("{header}{text}"));
        }
        Err(message) => diags.error(
            Location::new(file, ""),
            format!("internal error: generated `{path}` is not valid Rust ({message}); please report this with the spec"),
        ),
    }
    };

    for param in api.operations.iter().flat_map(|op| &op.path_params) {
        if let crate::ir::ParamSource::ClientSetting(name) = &param.source
            && !options.client_settings.iter().any(|s| &s.name == name)
        {
            let known: Vec<&str> = options
                .client_settings
                .iter()
                .map(|s| s.name.as_str())
                .collect();
            diags.error(
                Location::new(file, param.pointer.clone()),
                format!(
                    "`x-client-setting: {name}` is not a setting of the client; known settings: {}",
                    known.join(", ")
                ),
            );
        }
    }
    if diags.has_errors() {
        return BTreeMap::new();
    }

    put(
        "mod.rs".into(),
        "generator/src/emit/mod.rs",
        root_module(api),
        diags,
    );
    for (module, tokens) in types::emit_types(&ctx) {
        put(
            format!("types/{module}.rs"),
            "generator/src/emit/types.rs",
            tokens,
            diags,
        );
    }
    put(
        "types/mod.rs".into(),
        "generator/src/emit/types.rs",
        types::emit_types_mod(&ctx),
        diags,
    );
    for (module, tokens) in operations::emit_operations(&ctx) {
        put(
            format!("operations/{module}.rs"),
            "generator/src/emit/operations.rs",
            tokens,
            diags,
        );
    }
    put(
        "operations/mod.rs".into(),
        "generator/src/emit/operations.rs",
        operations::emit_operations_mod(&ctx),
        diags,
    );
    put(
        "examples.rs".into(),
        "generator/src/emit/examples.rs",
        examples::emit_examples(&ctx),
        diags,
    );
    files
}

fn root_module(api: &Api) -> TokenStream {
    let title = format!(" Generated from \"{}\" version {}.", api.title, api.version);
    let base_url = match &api.default_base_url {
        Some(url) => quote::quote!(::std::option::Option::Some(#url)),
        None => quote::quote!(::std::option::Option::None),
    };
    let base_url = quote::quote! {
        /// The first server URL listed in the spec: the default base URL, if any.
        pub(crate) const DEFAULT_BASE_URL: ::std::option::Option<&str> = #base_url;
    };
    quote::quote! {
        #![doc = #title]
        //!
        //! Mounted privately: the crate re-exports `types` and `operations` as public modules.
        pub(crate) mod operations;
        pub(crate) mod types;
        #[cfg(test)]
        pub(crate) mod examples;
        #base_url
    }
}

fn header(options: &EmitOptions, generator: &str) -> String {
    format!(
        "// @generated by `cargo xtask codegen` from {} — do not edit by hand.\n// Generator: {generator}\n\n",
        options.source_description
    )
}

/// Tokens → formatted source; a parse failure means a generator bug.
fn render(tokens: &TokenStream) -> Result<String, String> {
    let file = syn::parse2::<syn::File>(tokens.clone()).map_err(|e| e.to_string())?;
    Ok(separate_items(&prettyplease::unparse(&file)))
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
