//! The credential part of `client.rs`: one `ClientBuilder` setter per
//! security scheme (two for OAuth 2 / OpenID Connect: a token, or a token
//! provider), what `from_env` reads, and the scheme list handed to the
//! runtime.

use super::rust::{code, doc_lines, ident};
use crate::client::credentials::{CredentialEnv, CredentialSetting, provider_setter};
use crate::client::settings::ClientModel;
use crate::ir::SchemeKind;
use proc_macro2::TokenStream;
use quote::quote;

/// The credential read by `CoreBuilder::read_env` itself (the pre-scheme
/// API: scheme 0's `api_key`), which keeps `ENV_API_KEY`.
pub(crate) fn legacy_env(model: &ClientModel) -> Option<&str> {
    match model.credentials.first() {
        Some(CredentialSetting {
            index: 0,
            setter,
            env: CredentialEnv::Secret(var),
            ..
        }) if setter == "api_key" => Some(var),
        _ => None,
    }
}

/// `from_env`'s reads of the other credentials, chained on the core builder.
pub(crate) fn env_reads(model: &ClientModel) -> TokenStream {
    let legacy = legacy_env(model).is_some();
    let reads = model
        .credentials
        .iter()
        .filter(|c| !(legacy && c.index == 0))
        .map(|c| {
            let index = proc_macro2::Literal::usize_unsuffixed(c.index);
            match &c.env {
                CredentialEnv::Secret(var) => quote!(.read_credential(&env, #index, #var)?),
                CredentialEnv::Basic { username, password } => {
                    quote!(.read_basic_credential(&env, #index, #username, #password)?)
                }
            }
        });
    quote!(#(#reads)*)
}

/// `` `VAR` (what) `` for each credential variable, as `from_env` documents them.
pub(crate) fn env_summary(model: &ClientModel) -> Vec<String> {
    model
        .credentials
        .iter()
        .flat_map(|c| {
            let what = if c.setter == "api_key" {
                "the API key".to_owned()
            } else {
                format!("the `{}` credential", c.key)
            };
            let optional = if c.required { "" } else { ", optional" };
            match &c.env {
                CredentialEnv::Secret(var) => vec![format!("`{var}` ({what}{optional})")],
                CredentialEnv::Basic { username, password } => vec![
                    format!("`{username}` ({what}: user name{optional})"),
                    format!("`{password}` ({what}: password{optional})"),
                ],
            }
        })
        .collect()
}

/// The setters `build` requires, as doc links.
pub(crate) fn required_links(model: &ClientModel) -> Vec<String> {
    model
        .credentials
        .iter()
        .filter(|c| c.required)
        .map(|c| format!("[`{0}`](Self::{0})", c.setter))
        .collect()
}

/// The `schemes` of the runtime's `CoreSpec`.
pub(crate) fn scheme_specs(model: &ClientModel) -> TokenStream {
    let specs = model.credentials.iter().map(|c| {
        let scheme = match &c.kind {
            SchemeKind::Bearer | SchemeKind::OAuth => quote!(Bearer),
            SchemeKind::Basic => quote!(Basic),
            SchemeKind::HeaderKey(name) => quote!(HeaderKey(#name)),
            SchemeKind::QueryKey(name) => quote!(QueryKey(#name)),
            SchemeKind::CookieKey(name) => quote!(CookieKey(#name)),
        };
        let setting = &c.setter;
        let required = c.required;
        quote! {
            ::fyno_codegen_runtime::__private::SchemeSpec {
                scheme: ::fyno_codegen_runtime::__private::Scheme::#scheme,
                setting: #setting,
                required: #required,
            }
        }
    });
    quote!(&[#(#specs),*])
}

/// The credential setters of the `ClientBuilder`.
pub(crate) fn setters(model: &ClientModel) -> TokenStream {
    let setters = model.credentials.iter().map(setter);
    quote!(#(#setters)*)
}

fn setter(c: &CredentialSetting) -> TokenStream {
    let name = ident(&c.setter);
    let label = &c.setter;
    let index = proc_macro2::Literal::usize_unsuffixed(c.index);
    let doc = setter_doc(c);
    let string = quote!(impl ::std::convert::Into<::std::string::String>);
    let credential = quote!(::fyno_codegen_runtime::__private::Credential);
    let main = match (&c.kind, legacy_index(c)) {
        // The pre-scheme setter, kept token for token.
        (_, true) => quote! {
            #doc
            pub fn api_key(mut self, api_key: #string) -> Self {
                self.core = self.core.api_key(api_key.into());
                self
            }
        },
        (SchemeKind::Basic, _) => quote! {
            #doc
            pub fn #name(mut self, username: #string, password: #string) -> Self {
                self.core = self.core.credential(#index, #credential::basic(username.into(), password.into()), #label);
                self
            }
        },
        _ => quote! {
            #doc
            pub fn #name(mut self, value: #string) -> Self {
                self.core = self.core.credential(#index, #credential::secret(value.into()), #label);
                self
            }
        },
    };
    let provider = provider_setter(c).map(|setter| {
        let provider_name = ident(&setter);
        let doc = format!(
            " Fetches the access token of {} from `provider` on every call (before the first attempt; retries reuse it), instead of a fixed [`{}`](Self::{}).",
            code(&c.key),
            c.setter,
            c.setter
        );
        quote! {
            #[doc = #doc]
            pub fn #provider_name(mut self, provider: impl ::fyno_codegen_runtime::TokenProvider) -> Self {
                self.core = self.core.credential(#index, #credential::provider(provider), #setter);
                self
            }
        }
    });
    quote!(#main #provider)
}

fn legacy_index(c: &CredentialSetting) -> bool {
    c.index == 0 && c.setter == "api_key" && matches!(c.env, CredentialEnv::Secret(_))
}

fn setter_doc(c: &CredentialSetting) -> TokenStream {
    let need = if c.required {
        "required".to_owned()
    } else {
        "optional: only operations that accept it send it".to_owned()
    };
    let first = match &c.kind {
        SchemeKind::Bearer if c.setter == "api_key" => {
            format!("Sets the API key sent as `Authorization: Bearer <key>` ({need}).")
        }
        SchemeKind::Bearer => format!(
            "Sets the token of {} sent as `Authorization: Bearer <token>` ({need}).",
            code(&c.key)
        ),
        SchemeKind::OAuth => format!(
            "Sets the OAuth 2 / OpenID Connect access token of {} sent as `Authorization: Bearer <token>` ({need}).",
            code(&c.key)
        ),
        SchemeKind::Basic => format!(
            "Sets the user name and password of {} sent as HTTP basic authentication ({need}).",
            code(&c.key)
        ),
        SchemeKind::HeaderKey(header) => {
            format!(
                "Sets the API key sent in the {} header ({need}).",
                code(header)
            )
        }
        SchemeKind::QueryKey(param) => {
            format!(
                "Sets the API key sent as the {} query parameter ({need}).",
                code(param)
            )
        }
        SchemeKind::CookieKey(cookie) => {
            format!(
                "Sets the API key sent as the {} cookie ({need}).",
                code(cookie)
            )
        }
    };
    // Fyno's setter documents exactly what it always did.
    if legacy_index(c) && c.kind == SchemeKind::Bearer {
        return doc_lines(&[first]);
    }
    let mut lines = vec![first];
    if let Some(doc) = c.doc.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
        lines.push(String::new());
        lines.extend(crate::emit::rustdoc::to_rustdoc(doc));
    }
    let vars: Vec<String> = c.env.vars().iter().map(|v| code(v)).collect();
    lines.push(String::new());
    lines.push(format!(
        "`from_env` reads it from {}. Never shown by `Debug`, errors or logs.",
        vars.join(" and ")
    ));
    doc_lines(&lines)
}
