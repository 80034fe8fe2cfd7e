//! Emission of named types, one file per module.

use super::rust::{Context, code, doc_lines, docs, ident};
use crate::ir::{IntEnum, OneOf, Shape, StringEnum, Struct, Ty, TypeDef, TypeId};
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::BTreeMap;

/// Constructors with more arguments than this read worse than a struct literal
/// (and trip clippy's `too_many_arguments`).
const MAX_CONSTRUCTOR_ARGS: usize = 7;

/// `types/mod.rs`: the modules, re-exported flat (names are unique crate-wide).
pub(crate) fn emit_types_mod(ctx: &Context<'_>) -> TokenStream {
    let modules: std::collections::BTreeSet<&str> = ctx
        .api
        .types
        .types
        .iter()
        .map(|t| t.module.as_str())
        .collect();
    let items = modules.iter().map(|m| {
        let m = ident(m);
        quote! {
            mod #m;
            pub use self::#m::*;
        }
    });
    quote! {
        //! Every type of the API: request bodies, responses and their parts.
        #(#items)*
    }
}

/// Each types module's tokens, keyed by module name.
pub(crate) fn emit_types(ctx: &Context<'_>) -> BTreeMap<String, TokenStream> {
    let mut modules: BTreeMap<String, Vec<TokenStream>> = BTreeMap::new();
    for id in ctx.api.types.ids() {
        let def = ctx.api.types.get(id);
        modules
            .entry(def.module.clone())
            .or_default()
            .push(emit_type(ctx, id, def));
    }
    modules
        .into_iter()
        .map(|(module, items)| {
            let doc = format!(" Types of the `{module}` group.");
            (module, quote! { #![doc = #doc] #(#items)* })
        })
        .collect()
}

fn emit_type(ctx: &Context<'_>, id: TypeId, def: &TypeDef) -> TokenStream {
    let name = ident(&def.name);
    let fallback = match def.origins.first() {
        Some(origin) => format!("Schema at {}.", code(&origin.pointer)),
        None => "A generated type.".to_owned(),
    };
    let doc = docs(def.doc.as_deref(), &fallback);
    match &def.shape {
        Shape::Struct(s) => emit_struct(ctx, id, &name, doc, s),
        Shape::StringEnum(e) => emit_string_enum(def, &name, doc, e),
        Shape::IntEnum(e) => emit_int_enum(def, &name, doc, e),
        Shape::OneOf(o) => emit_one_of(ctx, id, &name, doc, o),
        Shape::Alias(ty) => {
            let ty = ctx.ty(ty);
            quote! { #doc pub type #name = #ty; }
        }
    }
}

fn derives(ctx: &Context<'_>, id: TypeId, extra: TokenStream) -> TokenStream {
    if ctx.type_is_eq(id) {
        quote!(#[derive(Clone, Debug, PartialEq, Eq, #extra)])
    } else {
        quote!(#[derive(Clone, Debug, PartialEq, #extra)])
    }
}

fn emit_struct(
    ctx: &Context<'_>,
    id: TypeId,
    name: &syn::Ident,
    doc: TokenStream,
    s: &Struct,
) -> TokenStream {
    let fields = s.fields.iter().map(|f| {
        let field = ident(&f.name);
        let mut ty = ctx.ty(&f.ty);
        if f.boxed {
            ty = quote!(::std::boxed::Box<#ty>);
        }
        let wire = &f.wire;
        let doc = docs(f.doc.as_deref(), &format!("The {} property.", code(wire)));
        let rename = (f.name.trim_start_matches("r#") != wire).then(|| quote!(rename = #wire,));
        if f.is_optional() {
            quote! {
                #doc
                #[serde(#rename default, skip_serializing_if = "::std::option::Option::is_none")]
                pub #field: ::std::option::Option<#ty>,
            }
        } else {
            let attr = rename.map(|r| quote!(#[serde(#r)]));
            quote! { #doc #attr pub #field: #ty, }
        }
    });
    let all_optional = s.fields.iter().all(|f| f.is_optional());
    let default = all_optional.then(|| quote!(Default,));
    let derive = derives(
        ctx,
        id,
        quote!(#default ::serde::Serialize, ::serde::Deserialize),
    );
    let constructor = constructor(ctx, id, name, s);
    quote! {
        #doc
        #derive
        pub struct #name { #(#fields)* }
        #constructor
    }
}

/// `new(required…)` for request types, so building a valid request never
/// needs a struct literal listing every optional field.
fn constructor(
    ctx: &Context<'_>,
    id: TypeId,
    name: &syn::Ident,
    s: &Struct,
) -> Option<TokenStream> {
    let required: Vec<_> = s.fields.iter().filter(|f| !f.is_optional()).collect();
    if !ctx.in_request[id.0] || required.is_empty() || required.len() > MAX_CONSTRUCTOR_ARGS {
        return None;
    }
    let args = required.iter().map(|f| {
        let field = ident(&f.name);
        match (&f.ty, f.boxed) {
            (Ty::String, _) => quote!(#field: impl ::std::convert::Into<::std::string::String>),
            (ty, false) => {
                let ty = ctx.ty(ty);
                quote!(#field: impl ::std::convert::Into<#ty>)
            }
            (ty, true) => {
                let ty = ctx.ty(ty);
                quote!(#field: #ty)
            }
        }
    });
    let inits = s.fields.iter().map(|f| {
        let field = ident(&f.name);
        match (f.is_optional(), f.boxed) {
            (true, _) => quote!(#field: ::std::option::Option::None,),
            (false, true) => quote!(#field: ::std::boxed::Box::new(#field),),
            (false, false) => quote!(#field: #field.into(),),
        }
    });
    let doc = format!(" A `{name}` with its required fields; optional fields start empty.");
    Some(quote! {
        impl #name {
            #[doc = #doc]
            pub fn new(#(#args),*) -> Self {
                Self { #(#inits)* }
            }
        }
    })
}

fn emit_string_enum(
    def: &TypeDef,
    name: &syn::Ident,
    doc: TokenStream,
    e: &StringEnum,
) -> TokenStream {
    let other = ident(&e.other);
    let variants: Vec<_> = e.variants.iter().map(|v| ident(&v.name)).collect();
    let wires: Vec<&str> = e.variants.iter().map(|v| v.wire.as_str()).collect();
    let variant_docs = wires
        .iter()
        .map(|w| doc_lines(&[format!("The value {}.", code(w))]));
    let default = def
        .default
        .as_ref()
        .and_then(|d| d.as_str())
        .and_then(|d| e.variants.iter().find(|v| v.wire == d))
        .map(|v| {
            let variant = ident(&v.name);
            let doc = format!(" The spec's default, {}.", code(&v.wire));
            quote! {
                impl ::std::default::Default for #name {
                    #[doc = #doc]
                    fn default() -> Self { Self::#variant }
                }
            }
        });
    quote! {
        #doc
        ///
        /// Values the spec does not list are kept in the catch-all variant, so
        /// a value added by the API later never fails to decode and can be sent.
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum #name {
            #( #variant_docs #variants, )*
            /// A value the spec does not list, kept verbatim.
            ///
            /// Prefer `From<&str>` / `FromStr`, which map listed values to their own variants.
            #other(::std::string::String),
        }

        impl #name {
            /// Every value the spec lists, in spec order.
            pub const KNOWN_VALUES: &'static [&'static str] = &[#(#wires),*];

            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #( Self::#variants => #wires, )*
                    Self::#other(value) => value.as_str(),
                }
            }

            /// Whether this is a value the spec lists.
            pub fn is_known(&self) -> bool {
                !matches!(self, Self::#other(_))
            }
        }

        impl ::std::convert::From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #( #wires => Self::#variants, )*
                    other => Self::#other(::std::borrow::ToOwned::to_owned(other)),
                }
            }
        }

        impl ::std::convert::From<::std::string::String> for #name {
            fn from(value: ::std::string::String) -> Self {
                match value.as_str() {
                    #( #wires => Self::#variants, )*
                    _ => Self::#other(value),
                }
            }
        }

        impl ::std::str::FromStr for #name {
            type Err = ::std::convert::Infallible;
            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                ::std::result::Result::Ok(Self::from(value))
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                crate::codec::deserialize_string_enum(deserializer)
            }
        }

        #default
    }
}

fn emit_int_enum(def: &TypeDef, name: &syn::Ident, doc: TokenStream, e: &IntEnum) -> TokenStream {
    let other = ident(&e.other);
    let variants: Vec<_> = e.variants.iter().map(|v| ident(&v.name)).collect();
    let wires: Vec<i64> = e.variants.iter().map(|v| v.wire).collect();
    let variant_docs = wires
        .iter()
        .map(|w| doc_lines(&[format!("The value `{w}`.")]));
    let default = def
        .default
        .as_ref()
        .and_then(serde_json::Value::as_i64)
        .and_then(|d| e.variants.iter().find(|v| v.wire == d))
        .map(|v| {
            let variant = ident(&v.name);
            quote! {
                impl ::std::default::Default for #name {
                    fn default() -> Self { Self::#variant }
                }
            }
        });
    quote! {
        #doc
        ///
        /// Sent as a JSON number. Values the spec does not list are kept in the
        /// catch-all variant.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum #name {
            #( #variant_docs #variants, )*
            /// A value the spec does not list, kept verbatim.
            #other(i64),
        }

        impl #name {
            /// The value as sent on the wire.
            pub fn as_i64(&self) -> i64 {
                match self {
                    #( Self::#variants => #wires, )*
                    Self::#other(value) => *value,
                }
            }
        }

        impl ::std::convert::From<i64> for #name {
            fn from(value: i64) -> Self {
                match value {
                    #( #wires => Self::#variants, )*
                    other => Self::#other(other),
                }
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(&self.as_i64(), f)
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_i64(self.as_i64())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                <i64 as ::serde::Deserialize>::deserialize(deserializer).map(Self::from)
            }
        }

        #default
    }
}

fn emit_one_of(
    ctx: &Context<'_>,
    id: TypeId,
    name: &syn::Ident,
    doc: TokenStream,
    o: &OneOf,
) -> TokenStream {
    let variants: Vec<_> = o.variants.iter().map(|v| ident(&v.name)).collect();
    let payloads: Vec<_> = o.variants.iter().map(|v| ctx.ty(&v.ty)).collect();
    let variant_docs = o.variants.iter().map(|v| {
        let text = match &v.ty {
            Ty::Named(inner) => format!("The [`{}`] alternative.", ctx.api.types.get(*inner).name),
            _ => format!("The {} alternative.", code(&v.name)),
        };
        doc_lines(&[text])
    });
    let derive = derives(ctx, id, quote!());
    let deserialize = super::types_one_of::deserialize_impl(ctx, name, o);
    // `From` each named payload, so a variant's struct can be passed where the enum is expected.
    let mut seen = std::collections::BTreeSet::new();
    let froms = o
        .variants
        .iter()
        .filter(|v| matches!(v.ty, Ty::Named(_)) && seen.insert(v.ty.clone()))
        .map(|v| {
            let variant = ident(&v.name);
            let payload = ctx.ty(&v.ty);
            quote! {
                impl ::std::convert::From<#payload> for #name {
                    fn from(value: #payload) -> Self { Self::#variant(value) }
                }
            }
        });
    quote! {
        #doc
        ///
        /// Serialized as the chosen alternative alone (no tag). Decoding picks
        /// the most specific alternative that fits, and an error names what each
        /// alternative lacked when none does.
        #derive
        pub enum #name {
            #( #variant_docs #variants(#payloads), )*
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                match self {
                    #( Self::#variants(value) => ::serde::Serialize::serialize(value, serializer), )*
                }
            }
        }

        #deserialize
        #(#froms)*
    }
}
