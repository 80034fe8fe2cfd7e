//! Emission of request and response bodies of every media type: the Rust
//! type of a body value, the runtime call that encodes it, the per-call
//! choice among alternative media types, and how responses are read.

use super::rust::{Context, ident};
use crate::ir::media::MediaKind;
use crate::ir::{Body, BodyMedia, Operation, Response};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// The `Accept` value of an operation, as a literal.
pub(crate) fn accept(op: &Operation) -> TokenStream {
    let accept = &op.accept;
    quote!(#accept)
}

/// The doc line of `send_with_headers` naming the headers the spec declares.
pub(crate) fn headers_doc(op: &Operation) -> TokenStream {
    let mut names: Vec<&str> = Vec::new();
    for response in &op.responses {
        for name in &response.headers {
            if !names.iter().any(|n| n.eq_ignore_ascii_case(name)) {
                names.push(name);
            }
        }
    }
    if names.is_empty() {
        return quote!();
    }
    let listed: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    let line = format!(" Documented response headers: {}.", listed.join(", "));
    quote!(#[doc = ""] #[doc = #line])
}

/// Doc lines listing a multipart body's parts, with their content types.
pub(crate) fn parts_doc(body: &Body) -> Vec<String> {
    if body.media.kind != MediaKind::Multipart || body.media.parts.is_empty() {
        return Vec::new();
    }
    let mut lines = vec![String::new(), "# Form parts".to_owned(), String::new()];
    for (name, file) in &body.media.parts {
        let what = if *file {
            "a file (`Part::bytes`, `Part::stream`)"
        } else {
            "text (`Multipart::text`)"
        };
        let media = body
            .media
            .part_types
            .iter()
            .find(|(part, _)| part == name)
            .map(|(_, media)| format!(", sent as `{media}` unless the part sets its own type"))
            .unwrap_or_default();
        lines.push(format!("- `{name}`: {what}{media}"));
    }
    lines
}

/// The Rust type of a body value.
pub(crate) fn body_ty(ctx: &Context<'_>, body: &Body) -> TokenStream {
    match body.media.kind {
        MediaKind::Json | MediaKind::Form => ctx.ty(&body.ty),
        MediaKind::Text => quote!(::std::string::String),
        MediaKind::Binary => quote!(::fyno_codegen_runtime::Binary),
        MediaKind::Multipart => quote!(::fyno_codegen_runtime::Multipart),
    }
}

/// Whether the body is the plain JSON one every operation had before other
/// media types were supported: it keeps its original, simpler code.
pub(crate) fn is_plain_json(body: &Body) -> bool {
    body.media.kind == MediaKind::Json
        && body.media.content_type == "application/json"
        && body.alternatives.is_empty()
}

/// `Result<Payload, Error<_>>` for `value` (a binding of the body value) sent as `media`.
fn encode(media: &BodyMedia, value: &syn::Ident) -> TokenStream {
    let rt = quote!(::fyno_codegen_runtime::__private);
    let ct = &media.content_type;
    match media.kind {
        MediaKind::Json if ct == "application/json" => quote!(#rt::to_body(OPERATION, &#value)),
        MediaKind::Json => quote!(#rt::json_body(OPERATION, &#value, #ct)),
        MediaKind::Form => {
            let fields = media.form_fields.iter().map(|field| {
                let name = &field.name;
                let encoding = super::params::encoding(
                    field.style,
                    field.explode,
                    field.allow_reserved,
                    media.nesting,
                );
                quote!((#name, #encoding))
            });
            let nesting = super::params::nesting_variant(media.nesting);
            quote!(#rt::form_body(OPERATION, &#value, #ct, &[#(#fields),*], #nesting))
        }
        MediaKind::Text => quote!(#rt::text_body(OPERATION, &#value, #ct)),
        MediaKind::Binary => quote!(#rt::binary_body(OPERATION, #value, #ct)),
        MediaKind::Multipart => {
            let parts = media
                .part_types
                .iter()
                .map(|(name, ct)| quote!((#name, #ct)));
            quote!(#rt::multipart_body(OPERATION, #value, &[#(#parts),*]))
        }
    }
}

/// The statements that bind `body: Option<Payload>` for a non-plain body.
pub(crate) fn body_code(body: &Body) -> TokenStream {
    let value = format_ident!("value");
    let medias: Vec<&BodyMedia> = std::iter::once(&body.media)
        .chain(&body.alternatives)
        .collect();
    let encoded = if medias.len() == 1 {
        encode(&body.media, &value)
    } else {
        let arms = medias.iter().enumerate().skip(1).map(|(index, media)| {
            let index = proc_macro2::Literal::usize_unsuffixed(index);
            let code = encode(media, &value);
            quote!(#index => #code,)
        });
        let first = encode(&body.media, &value);
        quote!(match self.media { #(#arms)* _ => #first })
    };
    // The field is moved out (binary and multipart values own streams);
    // serialised kinds borrow the binding in `encode`.
    if body.required {
        quote! {
            let value = self.body;
            let body = ::std::option::Option::Some(#encoded?);
        }
    } else {
        quote! {
            let body = match self.body {
                ::std::option::Option::Some(value) => ::std::option::Option::Some(#encoded?),
                ::std::option::Option::None => ::std::option::Option::None,
            };
        }
    }
}

/// The builder field and setters that choose an alternative media type.
pub(crate) fn media_choice(body: &Body) -> (TokenStream, TokenStream, TokenStream) {
    if body.alternatives.is_empty() {
        return (quote!(), quote!(), quote!());
    }
    let mut used = Vec::new();
    let setters = body.alternatives.iter().enumerate().map(|(index, media)| {
        let name = crate::naming::media_setter_name(&media.content_type, &used);
        used.push(name.clone());
        let setter = ident(&name);
        let index = proc_macro2::Literal::usize_unsuffixed(index + 1);
        let doc = format!(
            " Sends the body as `{}` instead of `{}`.",
            media.content_type, body.media.content_type
        );
        quote! {
            #[doc = #doc]
            pub fn #setter(mut self) -> Self {
                self.media = #index;
                self
            }
        }
    });
    (
        quote!(media: usize,),
        quote!(media: 0,),
        quote!(#(#setters)*),
    )
}

/// The Rust type a response's body is read as, or `None` when it has no
/// content.
pub(crate) fn response_ty(ctx: &Context<'_>, response: &Response) -> Option<TokenStream> {
    match response_reader(response)? {
        ResponseReader::Json => response.ty.as_ref().map(|ty| ctx.ty(ty)),
        ResponseReader::Text => Some(quote!(::std::string::String)),
        ResponseReader::Bytes => Some(quote!(::fyno_codegen_runtime::bytes::Bytes)),
    }
}

/// How a response's body is read, or `None` when it has no content.
pub(crate) fn response_reader(response: &Response) -> Option<ResponseReader> {
    if response.ty.is_some() {
        return Some(ResponseReader::Json);
    }
    match response.raw? {
        MediaKind::Text => Some(ResponseReader::Text),
        _ => Some(ResponseReader::Bytes),
    }
}

/// How a documented response's body is read.
#[derive(Clone, Copy)]
pub(crate) enum ResponseReader {
    /// As JSON into the response's type.
    Json,
    /// As text.
    Text,
    /// As bytes.
    Bytes,
}

impl ResponseReader {
    /// The runtime function reading the body, uncalled and without type
    /// arguments (callers infer them).
    pub(crate) fn tokens(self) -> TokenStream {
        match self {
            ResponseReader::Json => quote!(::fyno_codegen_runtime::__private::json),
            ResponseReader::Text => quote!(::fyno_codegen_runtime::__private::text),
            ResponseReader::Bytes => quote!(::fyno_codegen_runtime::__private::bytes),
        }
    }
}
