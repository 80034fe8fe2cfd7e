//! Shared pieces of emission: type references, identifiers, doc attributes.

use super::EmitOptions;
use crate::client::settings::ClientModel;
use crate::ir::{Api, Format, IntWidth, NumberKind, Shape, Ty, TypeId};
use crate::naming::{Names, OperationNames};
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

/// Read-only view of the API plus facts computed once for emission.
pub(crate) struct Context<'a> {
    pub(crate) api: &'a Api,
    /// Every Rust name, as naming chose them.
    pub(crate) names: &'a Names,
    /// The client's settings.
    pub(crate) client: &'a ClientModel,
    /// The module users name the crate's items from (`crate`).
    pub(crate) public: TokenStream,
    /// Types whose every field is `Eq` (no floats anywhere inside).
    eq: Vec<bool>,
}

impl<'a> Context<'a> {
    pub(crate) fn new(
        api: &'a Api,
        names: &'a Names,
        options: &'a EmitOptions,
        client: &'a ClientModel,
    ) -> Self {
        let public = options
            .public_module
            .parse()
            .unwrap_or_else(|_| quote!(crate));
        let eq = compute_eq(api);
        Self {
            api,
            names,
            client,
            public,
            eq,
        }
    }

    /// The same view, naming the crate's items as code outside the crate
    /// does, by its library name (`fyno::types::Timezone`): for the crate's
    /// integration tests. A name that is not an identifier (a package name
    /// Cargo would refuse) still gives valid Rust, which then does not compile.
    pub(crate) fn outside(&self, library: &str) -> Self {
        let library = ident(library);
        Self {
            api: self.api,
            names: self.names,
            client: self.client,
            public: quote!(#library),
            eq: self.eq.clone(),
        }
    }

    /// `crate::types::Name`.
    pub(crate) fn type_path(&self, id: TypeId) -> TokenStream {
        let public = &self.public;
        let name = ident(self.type_name(id));
        quote!(#public::types::#name)
    }

    /// The Rust name of the type `id`.
    pub(crate) fn type_name(&self, id: TypeId) -> &'a str {
        &self.names.ty(id).name
    }

    /// The names of the `index`th operation.
    pub(crate) fn operation_names(&self, index: usize) -> &'a OperationNames {
        self.names.operation(index)
    }

    /// The names of a type's members (fields, variants or alternatives).
    pub(crate) fn member_names(&self, id: TypeId) -> &'a [String] {
        &self.names.ty(id).members
    }

    /// The Rust type of a reference, fully qualified.
    pub(crate) fn ty(&self, ty: &Ty) -> TokenStream {
        match ty {
            Ty::Named(id) => self.type_path(*id),
            Ty::String => quote!(::std::string::String),
            Ty::Integer(IntWidth::I32) => quote!(i32),
            Ty::Integer(IntWidth::I64) => quote!(i64),
            Ty::Integer(IntWidth::U32) => quote!(u32),
            Ty::Integer(IntWidth::U64) => quote!(u64),
            Ty::Number(NumberKind::Exact) => quote!(::serde_json::Number),
            Ty::Number(NumberKind::F32) => quote!(f32),
            Ty::Number(NumberKind::F64) => quote!(f64),
            Ty::Boolean => quote!(bool),
            Ty::Json => quote!(::serde_json::Value),
            Ty::JsonObject => quote!(::serde_json::Map<::std::string::String, ::serde_json::Value>),
            Ty::Array(inner) => {
                let inner = self.ty(inner);
                quote!(::std::vec::Vec<#inner>)
            }
            Ty::Map(inner) => {
                let inner = self.ty(inner);
                quote!(::std::collections::BTreeMap<::std::string::String, #inner>)
            }
            Ty::Format(format) => format_ty(*format),
        }
    }

    /// Whether values of `ty` can derive `Eq`.
    pub(crate) fn is_eq(&self, ty: &Ty) -> bool {
        ty_is_eq(ty, &self.eq)
    }

    /// Whether the named type can derive `Eq`.
    pub(crate) fn type_is_eq(&self, id: TypeId) -> bool {
        self.eq[id.0]
    }
}

/// The runtime's type for a string format.
fn format_ty(format: Format) -> TokenStream {
    match format {
        Format::DateTime => quote!(
            ::fyno_codegen_runtime::formats::DateTime<::fyno_codegen_runtime::formats::FixedOffset>
        ),
        Format::Date => quote!(::fyno_codegen_runtime::formats::NaiveDate),
        Format::Uuid => quote!(::fyno_codegen_runtime::formats::Uuid),
        Format::Bytes => quote!(::fyno_codegen_runtime::formats::Base64Bytes),
    }
}

fn ty_is_eq(ty: &Ty, eq: &[bool]) -> bool {
    match ty {
        Ty::Named(id) => eq.get(id.0).copied().unwrap_or(false),
        Ty::Number(NumberKind::F32 | NumberKind::F64) => false,
        Ty::Array(inner) | Ty::Map(inner) => ty_is_eq(inner, eq),
        _ => true,
    }
}

/// Fixed point: start from "everything is Eq" and clear types holding a non-Eq value.
fn compute_eq(api: &Api) -> Vec<bool> {
    let mut eq = vec![true; api.types.types.len()];
    loop {
        let mut changed = false;
        for (index, def) in api.types.types.iter().enumerate() {
            let now = match &def.shape {
                Shape::Struct(s) => {
                    s.fields.iter().all(|f| ty_is_eq(&f.ty, &eq))
                        && s.additional.as_ref().is_none_or(|ty| ty_is_eq(ty, &eq))
                }
                Shape::OneOf(o) => o.variants.iter().all(|v| ty_is_eq(&v.ty, &eq)),
                Shape::Alias(ty) | Shape::Newtype(ty) => ty_is_eq(ty, &eq),
                Shape::StringEnum(_) | Shape::IntEnum(_) => true,
            };
            if eq[index] && !now {
                eq[index] = false;
                changed = true;
            }
        }
        if !changed {
            return eq;
        }
    }
}

/// An identifier; `r#type`-style raw names are honoured.
///
/// Naming only produces valid identifiers (see `crate::idents`), so the
/// fallback is never expected; it exists so that a naming bug shows up as a
/// compile error in the output rather than a panic in the generator.
pub(crate) fn ident(name: &str) -> Ident {
    // The names naming produces are plain ASCII identifiers, raw when they
    // are keywords: made directly, as `syn` would parse them. Lexing every
    // name through `syn` was a few percent of generation.
    let plain = |text: &str| {
        text.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
            && text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
            && text != "_"
    };
    match name.strip_prefix("r#") {
        Some(raw) if plain(raw) && !crate::idents::cannot_be_raw(raw) => {
            return Ident::new_raw(raw, Span::call_site());
        }
        None if plain(name) && !crate::idents::is_keyword(name) => {
            return Ident::new(name, Span::call_site());
        }
        _ => {}
    }
    syn::parse_str::<Ident>(name)
        .unwrap_or_else(|_| Ident::new("__invalid_identifier", Span::call_site()))
}

/// `#[doc = "..."]` lines from spec text, or the fallback when there is
/// none or it renders to nothing (`<p/>`: a public item needs a doc line).
pub(crate) fn docs(text: Option<&str>, fallback: &str) -> TokenStream {
    let lines = text
        .map(crate::emit::rustdoc::to_rustdoc)
        .filter(|lines| !lines.is_empty())
        .unwrap_or_else(|| vec![fallback.to_owned()]);
    doc_lines(&lines)
}

/// `#[deprecated(note = …)]` for an item the spec deprecates, with a line
/// in its documentation saying so.
pub(crate) fn deprecation(note: Option<&str>) -> TokenStream {
    let Some(note) = note else {
        return TokenStream::new();
    };
    let line = format!(" **Deprecated**: {note}");
    quote! {
        #[doc = ""]
        #[doc = #line]
        #[deprecated(note = #note)]
    }
}

/// `#[doc = " line"]` for each line.
pub(crate) fn doc_lines(lines: &[String]) -> TokenStream {
    let attrs = lines.iter().map(|line| {
        let line = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        quote!(#[doc = #line])
    });
    quote!(#(#attrs)*)
}

/// Text as inline code in Markdown, with backticks that cannot break out.
pub(crate) fn code(text: &str) -> String {
    if text.contains('`') {
        format!("`` {text} ``")
    } else {
        format!("`{text}`")
    }
}

/// A `mod.rs` declaring each module once (sorted) and re-exporting its items:
/// names are unique crate-wide, so users see one flat namespace.
pub(crate) fn reexporting_mod<'m>(
    doc: &str,
    modules: impl Iterator<Item = &'m str>,
) -> TokenStream {
    let modules: std::collections::BTreeSet<&str> = modules.collect();
    let items = modules.iter().map(|m| {
        let m = ident(m);
        quote! {
            mod #m;
            pub use self::#m::*;
        }
    });
    quote! {
        #![doc = #doc]
        #(#items)*
    }
}

#[cfg(test)]
mod tests {
    use super::{docs, ident};

    #[test]
    fn a_description_that_renders_to_nothing_gets_the_fallback() {
        // AWS documents describe schemas as `<p/>`: a public item with no
        // doc line is a `missing_docs` warning in the generated crate.
        for empty in ["<p/>", "  ", "<p></p>"] {
            let tokens = docs(Some(empty), "The fallback.").to_string();
            assert!(tokens.contains("The fallback."), "{empty:?}: {tokens}");
        }
        let tokens = docs(Some("Said."), "The fallback.").to_string();
        assert!(
            tokens.contains("Said.") && !tokens.contains("fallback"),
            "{tokens}"
        );
    }

    #[test]
    fn identifiers_are_what_syn_parses_them_to() {
        for name in [
            "plain", "Plain9", "_private", "r#type", "r#gen", "gen", "type", "self", "r#self",
            "r#_", "_", "r#", "", "1a", "a-b", "é", "r#é", "async", "r#async", "Self", "crate",
        ] {
            let expected = syn::parse_str::<proc_macro2::Ident>(name)
                .map_or_else(|_| "__invalid_identifier".to_owned(), |i| i.to_string());
            assert_eq!(ident(name).to_string(), expected, "{name:?}");
        }
    }
}
