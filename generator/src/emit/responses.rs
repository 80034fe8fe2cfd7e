//! An operation's responses: the success type (an enum when several 2xx
//! are documented), the error enum, the match arms that decode each status
//! into them, and `send_streaming()` for a binary success.

use super::media::{ResponseReader, response_ty};
use super::named::{Named, NamedOperation};
use super::rust::{Context, doc_lines, ident};
use crate::ir::media::MediaKind;
use crate::ir::{Response, StatusMatch};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// The success type, its declaration (an enum when several 2xx are documented) and the match arms.
pub(super) fn success(
    ctx: &Context<'_>,
    op: &NamedOperation<'_>,
    builder: &syn::Ident,
) -> (TokenStream, TokenStream, TokenStream) {
    let rt = quote!(::fyno_codegen_runtime::__private);
    let mut successes: Vec<&Named<'_, Response>> = op
        .responses
        .iter()
        .filter(|r| r.status.is_success())
        .collect();
    // Exact codes before ranges, as OpenAPI specifies (and so no arm is unreachable).
    successes.sort_by_key(|r| matches!(r.status, StatusMatch::Range(_)));
    match successes.as_slice() {
        [] => (
            quote!(()),
            quote!(),
            quote!(200..=299 => #rt::empty(response, ()),),
        ),
        [only] => {
            // One documented success: any 2xx is read as it. Vendors
            // renumber successes (`202` becomes `201`) without changing
            // what they send, and a client that turned the status the spec
            // used to promise into an error would fail working calls.
            let pattern = status_pattern(StatusMatch::Range(2));
            let ty = response_ty(ctx, only);
            let arm = match super::media::response_reader(only) {
                Some(reader) => {
                    let reader = reader.tokens();
                    quote!(#pattern => #rt::decoded(OPERATION, response, #reader),)
                }
                None => quote!(#pattern => #rt::empty(response, ()),),
            };
            (ty.unwrap_or_else(|| quote!(())), quote!(), arm)
        }
        several => {
            let name = format_ident!("{}Response", builder);
            let variants = several.iter().map(|r| {
                let variant = ident(r.name);
                let doc = response_doc(r);
                match response_ty(ctx, r) {
                    Some(ty) => quote!(#doc #variant(#ty),),
                    None => quote!(#doc #variant,),
                }
            });
            let arms = several.iter().map(|r| {
                let variant = ident(r.name);
                let pattern = status_pattern(r.status);
                match super::media::response_reader(r) {
                    Some(reader) => {
                        let reader = reader.tokens();
                        quote!(#pattern => #rt::decoded_as(OPERATION, response, #reader, #name::#variant),)
                    }
                    None => quote!(#pattern => #rt::empty(response, #name::#variant),),
                }
            });
            let doc = format!(" The documented successful responses of `{}`.", op.name);
            (
                quote!(#name),
                // `#[non_exhaustive]`: a success status the spec documents
                // later is a new variant, a minor release.
                quote! {
                    #[doc = #doc]
                    #[doc = ""]
                    #[doc = " Match with a `_` arm: documented statuses may be added in minor releases."]
                    #[derive(Clone, Debug, PartialEq)]
                    #[non_exhaustive]
                    pub enum #name { #(#variants)* }
                },
                quote!(#(#arms)*),
            )
        }
    }
}

/// The match arms turning documented error statuses into `Err`s (of any
/// success type: the runtime calls are generic in it), then, unless the
/// spec documents `default`, the arm of every undocumented status: the last
/// arms of a match on the response's status.
fn error_arms(op: &NamedOperation<'_>, error: &syn::Ident) -> TokenStream {
    let mut ordered: Vec<&Named<'_, Response>> = op
        .responses
        .iter()
        .filter(|r| !r.status.is_success())
        .collect();
    // Exact codes before ranges before `default`, as OpenAPI specifies.
    ordered.sort_by_key(|r| match r.status {
        StatusMatch::Code(_) => 0,
        StatusMatch::Range(_) => 1,
        StatusMatch::Default => 2,
    });
    // One short runtime call per status: decode the body, wrap it in the
    // variant (its payload type says what to decode).
    let rt = quote!(::fyno_codegen_runtime::__private);
    let arms = ordered.iter().map(|r| {
        let variant = ident(r.name);
        let pattern = status_pattern(r.status);
        match super::media::response_reader(r) {
            Some(ResponseReader::Json) => quote! {
                #pattern => #rt::json_error(OPERATION, response, #error::#variant),
            },
            Some(reader) => {
                let reader = reader.tokens();
                quote!(#pattern => #rt::error_with(OPERATION, response, #reader, #error::#variant),)
            }
            None => quote! {
                #pattern => #rt::error_status(OPERATION, response, #error::#variant),
            },
        }
    });
    let documents_default = ordered.iter().any(|r| r.status == StatusMatch::Default);
    let unexpected =
        (!documents_default).then(|| quote!(_ => #rt::unexpected(OPERATION, response),));
    quote!(#(#arms)* #unexpected)
}

pub(super) fn errors(
    ctx: &Context<'_>,
    op: &NamedOperation<'_>,
    error: &syn::Ident,
) -> (TokenStream, TokenStream) {
    let failures: Vec<&Named<'_, Response>> = op
        .responses
        .iter()
        .filter(|r| !r.status.is_success())
        .collect();
    let eq = failures
        .iter()
        .all(|r| r.ty.as_ref().is_none_or(|ty| ctx.is_eq(ty)));
    let variants = failures.iter().map(|r| {
        let variant = ident(r.name);
        let doc = response_doc(r);
        match response_ty(ctx, r) {
            Some(ty) => quote!(#doc #variant(#ty),),
            None => quote!(#doc #variant,),
        }
    });
    let arms = error_arms(op, error);
    let derive = if eq {
        quote!(#[derive(Clone, Debug, PartialEq, Eq)])
    } else {
        quote!(#[derive(Clone, Debug, PartialEq)])
    };
    let doc = format!(
        " The documented error responses of [`Client::{0}`](crate::Client::{0}), carried by [`Error::Api`](crate::Error::Api).",
        op.name.trim_start_matches("r#")
    );
    let uninhabited_note = failures.is_empty().then(|| quote!(#[doc = ""] #[doc = " No error response is documented, so this enum has no values."]));
    // `#[non_exhaustive]`: an error status the spec documents later is a
    // new variant, a minor release.
    (
        quote! {
            #[doc = #doc]
            #uninhabited_note
            #[doc = ""]
            #[doc = " Match with a `_` arm: documented statuses may be added in minor releases."]
            #derive
            #[non_exhaustive]
            pub enum #error { #(#variants)* }
        },
        arms,
    )
}

fn response_doc(r: &Response) -> TokenStream {
    let status = match r.status {
        StatusMatch::Code(c) => c.to_string(),
        StatusMatch::Range(d) => format!("{d}XX"),
        StatusMatch::Default => "Any other status".to_owned(),
    };
    let text = r
        .doc
        .as_deref()
        .map(crate::emit::rustdoc::summary_line)
        .unwrap_or_default();
    let line = if text.is_empty() {
        format!("{status}.")
    } else {
        format!("{status}: {text}")
    };
    doc_lines(&[line])
}

fn status_pattern(status: StatusMatch) -> TokenStream {
    match status {
        StatusMatch::Code(code) => {
            let code = proc_macro2::Literal::u16_unsuffixed(code);
            quote!(#code)
        }
        StatusMatch::Range(digit) => {
            let low = proc_macro2::Literal::u16_unsuffixed(digit * 100);
            let high = proc_macro2::Literal::u16_unsuffixed(digit * 100 + 99);
            quote!(#low..=#high)
        }
        StatusMatch::Default => quote!(_),
    }
}

/// `send_streaming()` for an operation whose only success response is
/// binary: the body is handed over unread, free of the size limit.
pub(super) fn streaming(
    op: &NamedOperation<'_>,
    error: &syn::Ident,
    operation_name: &str,
) -> TokenStream {
    let successes: Vec<&Named<'_, Response>> = op
        .responses
        .iter()
        .filter(|r| r.status.is_success())
        .collect();
    let [only] = successes.as_slice() else {
        return quote!();
    };
    if only.ty.is_some() || only.raw != Some(MediaKind::Binary) {
        return quote!();
    }
    let arms = error_arms(op, error);
    quote! {
        /// Sends the request and returns the successful response's body
        /// unread, to stream it chunk by chunk: for downloads too large to
        /// hold in memory (the client's `max_body_bytes` does not apply).
        /// Error statuses are read and returned as `send()` returns them.
        pub async fn send_streaming(self) -> ::std::result::Result<::fyno_codegen_runtime::ByteStream, ::fyno_codegen_runtime::Error<#error>> {
            const OPERATION: &str = #operation_name;
            let (client, request, options) = self.into_request().map_err(::fyno_codegen_runtime::__private::widen)?;
            let response = match client.core().execute_streaming(request, &options).await.map_err(::fyno_codegen_runtime::__private::widen)? {
                ::fyno_codegen_runtime::__private::Streamed::Body(stream) => return ::std::result::Result::Ok(stream),
                ::fyno_codegen_runtime::__private::Streamed::Response(response) => response,
            };
            match response.status.as_u16() {
                #arms
            }
        }
    }
}
