//! Emission of operations: one module per tag, each operation a `Client`
//! method returning a request builder that is sent with `.send()` or `.await`.

use super::named::{Named, NamedOperation};
use super::responses;
use super::rust::{Context, code, doc_lines, docs, ident};
use crate::ir::{Method, Param, ParamSource, PathPart, Ty};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// `operations/mod.rs`.
pub(crate) fn emit_operations_mod(ctx: &Context<'_>) -> TokenStream {
    let modules = ctx.names.operations().iter().map(|o| o.module.as_str());
    super::rust::reexporting_mod(
        " Request builders and error types of every operation, one module per tag.",
        modules,
    )
}

/// The names of the operations modules, sorted.
pub(crate) fn operation_modules(
    names: &crate::naming::Names,
) -> std::collections::BTreeSet<String> {
    names
        .operations()
        .iter()
        .map(|o| o.module.clone())
        .collect()
}

/// An operations module: its doc and the `impl Client` block of its
/// methods, then each operation's items (see `FileJob::chunks`).
pub(crate) fn operations_module_chunks(
    ctx: &Context<'_>,
    module: &str,
) -> std::iter::Chain<std::iter::Once<TokenStream>, std::vec::IntoIter<TokenStream>> {
    // Chosen by name first: a view is built only for this module's operations.
    let ops: Vec<NamedOperation<'_>> = (0..ctx.api.operations.len())
        .filter(|&index| ctx.operation_names(index).module == module)
        .map(|index| ctx.named_operation(index))
        .collect();
    let tag = ops
        .first()
        .and_then(|o| o.tag.clone())
        .unwrap_or_else(|| "untagged".to_owned());
    let (methods, items): (Vec<TokenStream>, Vec<TokenStream>) = ops
        .iter()
        .map(|op| {
            let emitted = emit_operation(ctx, op);
            (emitted.client_method, emitted.items)
        })
        .unzip();
    let doc = format!(" Operations tagged \"{tag}\".");
    let public = &ctx.public;
    // One `impl Client` block per tag: the client's documentation groups
    // its methods by tag instead of listing one block per operation.
    let head = quote! {
        #![doc = #doc]
        impl #public::Client {
            #(#methods)*
        }
    };
    std::iter::once(head).chain(items)
}

use super::params::is_positional;

/// An operation's method on `Client`, and everything else it emits.
struct OperationTokens {
    client_method: TokenStream,
    items: TokenStream,
}

/// What an operation's method and builder take: the arguments the caller
/// sets (parameters bound to the client are left out) and the body.
struct Call<'o> {
    params: Vec<&'o Named<'o, Param>>,
    body_ty: Option<TokenStream>,
    body_required: bool,
}

impl<'o> Call<'o> {
    fn of(ctx: &Context<'_>, op: &'o NamedOperation<'o>) -> Self {
        Self {
            params: op
                .params()
                .filter(|p| p.source == ParamSource::Argument)
                .collect(),
            body_ty: op.body.as_ref().map(|b| super::media::body_ty(ctx, b)),
            body_required: op.body.as_ref().is_some_and(|b| b.required),
        }
    }
}

fn emit_operation(ctx: &Context<'_>, op: &NamedOperation<'_>) -> OperationTokens {
    let builder = ident(&crate::idents::type_ident(op.name));
    let error = format_ident!("{}Error", builder);
    let operation_name = op.name.trim_start_matches("r#");
    let call = Call::of(ctx, op);
    let (media_field, media_init, media_setters) = op
        .body
        .as_ref()
        .map(super::media::media_choice)
        .unwrap_or_default();

    let client_method = client_method(ctx, op, &call, &builder, &media_init);
    let (param_fields, body_field) = builder_fields(ctx, &call);
    let setters = setters(ctx, &call);
    let (success_ty, success_decl, success_arms) = responses::success(ctx, op, &builder);
    let (error_decl, error_arms) = responses::errors(ctx, op, &error);
    let streaming = responses::streaming(op, &error, operation_name);
    let request = request_code(ctx, op, &call);
    let headers_doc = super::media::headers_doc(op);
    let debug = builder_debug(&call.params, &builder);
    let builder_doc = format!(
        " Request builder for [`Client::{operation_name}`](crate::Client::{operation_name}): set options, then `.send().await` or `.await` it."
    );
    // What `idempotency_key`'s documentation says happens without a key.
    let without_key = if op.idempotent_by_key {
        quote!(key_generated)
    } else {
        quote!(key_optional)
    };

    let public = &ctx.public;
    let items = quote! {

        #[doc = #builder_doc]
        #[must_use = "a request does nothing until it is sent or awaited"]
        pub struct #builder<'a> {
            client: &'a #public::Client,
            #param_fields
            #body_field
            #media_field
            options: ::fyno_codegen_runtime::CallOptions,
        }

        impl<'a> #builder<'a> {
            #setters
            #media_setters

            /// Sends the request and decodes the documented response, keeping
            /// the response's status and headers (rate limits, pagination).
            #headers_doc
            pub async fn send_with_headers(self) -> ::std::result::Result<::fyno_codegen_runtime::WithHeaders<#success_ty>, ::fyno_codegen_runtime::Error<#error>> {
                const OPERATION: &str = #operation_name;
                let (client, request, options) = self.into_request().map_err(::fyno_codegen_runtime::__private::widen)?;
                let response = client.core().execute(request, &options).await.map_err(::fyno_codegen_runtime::__private::widen)?;
                match response.status.as_u16() {
                    #success_arms
                    #error_arms
                }
            }

            #streaming

            /// The request this builder describes, with its client and options
            /// (its errors, all `InvalidRequest`, carry no documented body).
            // The error is the one every call returns; boxing it here only
            // to unbox it in `send` would cost an allocation per failure.
            #[allow(clippy::result_large_err)]
            // Inline: compiled where the call is, with the future awaiting it.
            #[inline]
            fn into_request(self) -> ::std::result::Result<(&'a #public::Client, ::fyno_codegen_runtime::__private::Request, ::fyno_codegen_runtime::CallOptions), ::fyno_codegen_runtime::Error<::std::convert::Infallible>> {
                const OPERATION: &str = #operation_name;
                #request
                ::std::result::Result::Ok((self.client, request, self.options))
            }
        }

        #debug

        // `options`, `retry_policy`, `idempotency_key`, `send` and
        // `IntoFuture`, the same for every builder.
        ::fyno_codegen_runtime::__builder_methods!(#builder, #success_ty, #error, #without_key);

        #success_decl
        #error_decl
    };
    OperationTokens {
        client_method,
        items,
    }
}

/// The operation's method on `Client`: positional arguments (required
/// parameters, a required body), the rest left to the builder.
fn client_method(
    ctx: &Context<'_>,
    op: &NamedOperation<'_>,
    call: &Call<'_>,
    builder: &syn::Ident,
    media_init: &TokenStream,
) -> TokenStream {
    let method = ident(op.name);
    let positional: Vec<&&Named<'_, Param>> =
        call.params.iter().filter(|p| is_positional(p)).collect();
    let args = positional.iter().map(|p| {
        let name = ident(p.name);
        let ty = ctx.ty(&p.ty);
        quote!(#name: impl ::std::convert::Into<#ty>)
    });
    let body_arg = call.body_required.then(|| {
        let ty = call.body_ty.clone().unwrap_or_default();
        quote!(, body: impl ::std::convert::Into<#ty>)
    });
    let inits = call.params.iter().map(|p| {
        let name = ident(p.name);
        if is_positional(p) {
            quote!(#name: #name.into(),)
        } else {
            quote!(#name: ::std::option::Option::None,)
        }
    });
    let body_init = call.body_ty.as_ref().map(|_| {
        if call.body_required {
            quote!(body: body.into(),)
        } else {
            quote!(body: ::std::option::Option::None,)
        }
    });
    let method_doc = method_docs(op);
    let deprecated = op
        .deprecated
        .as_deref()
        .map(|note| quote!(#[deprecated(note = #note)]));
    quote! {
        #method_doc
        #deprecated
        pub fn #method(&self #(, #args)* #body_arg) -> #builder<'_> {
            #builder {
                client: self,
                #(#inits)*
                #body_init
                #media_init
                options: ::std::default::Default::default(),
            }
        }
    }
}

/// The builder's fields: each parameter (optional ones as `Option`), then the body.
fn builder_fields(ctx: &Context<'_>, call: &Call<'_>) -> (TokenStream, Option<TokenStream>) {
    let param_fields = call.params.iter().map(|p| {
        let name = ident(p.name);
        let ty = ctx.ty(&p.ty);
        if is_positional(p) {
            quote!(#name: #ty,)
        } else {
            quote!(#name: ::std::option::Option<#ty>,)
        }
    });
    let body_field = call.body_ty.as_ref().map(|ty| {
        if call.body_required {
            quote!(body: #ty,)
        } else {
            quote!(body: ::std::option::Option<#ty>,)
        }
    });
    (quote!(#(#param_fields)*), body_field)
}

/// Setters for optional parameters and an optional body.
fn setters(ctx: &Context<'_>, call: &Call<'_>) -> TokenStream {
    let setters = call.params.iter().filter(|p| !is_positional(p)).map(|p| {
        let name = ident(p.name);
        let ty = ctx.ty(&p.ty);
        let doc = docs(
            p.doc.as_deref(),
            &format!(
                "Sets the {} {} parameter.",
                code(&p.wire),
                p.location.as_str()
            ),
        );
        let deprecated = super::rust::deprecation(p.deprecated.as_deref());
        quote! {
            #doc
            #deprecated
            pub fn #name(mut self, value: impl ::std::convert::Into<#ty>) -> Self {
                self.#name = ::std::option::Option::Some(value.into());
                self
            }
        }
    });
    let body_setter = (!call.body_required)
        .then_some(())
        .and(call.body_ty.as_ref())
        .map(|ty| {
            quote! {
                /// Sets the request body.
                pub fn body(mut self, value: impl ::std::convert::Into<#ty>) -> Self {
                    self.body = ::std::option::Option::Some(value.into());
                    self
                }
            }
        });
    quote!(#(#setters)* #body_setter)
}

/// The statements of `into_request` that build `request`: path, query,
/// headers and cookies, body, then the runtime's `Request`.
fn request_code(ctx: &Context<'_>, op: &NamedOperation<'_>, call: &Call<'_>) -> TokenStream {
    let path = path_code(ctx, op);
    let query = super::params::query_code(op);
    let headers = super::params::header_and_cookie_code(op);
    let security = super::params::security_code(op);
    let body_code = match (&op.body, call.body_required) {
        (None, _) => quote!(let body = ::std::option::Option::None;),
        (Some(body), _) if !super::media::is_plain_json(body) => super::media::body_code(body),
        (Some(_), true) => {
            quote!(let body = ::std::option::Option::Some(::fyno_codegen_runtime::__private::to_body(OPERATION, &self.body)?);)
        }
        (Some(_), false) => quote! {
            let body = match &self.body {
                ::std::option::Option::Some(value) => ::std::option::Option::Some(::fyno_codegen_runtime::__private::to_body(OPERATION, value)?),
                ::std::option::Option::None => ::std::option::Option::None,
            };
        },
    };
    let http_method = match op.method {
        Method::Get => quote!(GET),
        Method::Put => quote!(PUT),
        Method::Post => quote!(POST),
        Method::Delete => quote!(DELETE),
        Method::Options => quote!(OPTIONS),
        Method::Head => quote!(HEAD),
        Method::Patch => quote!(PATCH),
        Method::Trace => quote!(TRACE),
    };
    let idempotency = if op.idempotent_by_key {
        quote!(::fyno_codegen_runtime::__private::Idempotency::Auto)
    } else {
        quote!(::fyno_codegen_runtime::__private::Idempotency::None)
    };
    let accept = super::media::accept(op);
    quote! {
        #path
        #query
        #headers
        #body_code
        let request = ::fyno_codegen_runtime::__private::Request {
            operation: OPERATION,
            method: ::fyno_codegen_runtime::reqwest::Method::#http_method,
            path,
            query,
            headers,
            cookies,
            body,
            accept: #accept,
            idempotency: #idempotency,
            security: #security,
        };
    }
}

/// `Debug` for a builder: its parameters, with `x-sensitive` ones redacted,
/// and the per-call options; the body is left out (it carries personal data
/// such as phone numbers, and builders end up in logs).
fn builder_debug(params: &[&Named<'_, Param>], builder: &syn::Ident) -> TokenStream {
    let name = builder.to_string();
    let fields = params.iter().map(|p| {
        let field = ident(p.name);
        let label = p.name.trim_start_matches("r#");
        if p.sensitive {
            quote!(.field(#label, &"***"))
        } else {
            quote!(.field(#label, &self.#field))
        }
    });
    quote! {
        impl ::std::fmt::Debug for #builder<'_> {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(#name)
                    #(#fields)*
                    .field("options", &self.options)
                    .finish_non_exhaustive()
            }
        }
    }
}

fn method_docs(op: &NamedOperation<'_>) -> TokenStream {
    let mut lines: Vec<String> = Vec::new();
    if let Some(summary) = &op.summary {
        lines.extend(crate::emit::rustdoc::to_rustdoc(summary));
    }
    if let Some(description) = &op.description {
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.extend(crate::emit::rustdoc::to_rustdoc(description));
    }
    if let Some(body) = op.body.as_ref().and_then(|b| b.doc.as_deref()) {
        lines.extend([String::new(), "# Request body".to_owned(), String::new()]);
        lines.extend(crate::emit::rustdoc::to_rustdoc(body));
    }
    if let Some(body) = &op.body {
        // The separating blank line only follows other text.
        let skip = usize::from(lines.is_empty());
        lines.extend(super::media::parts_doc(body).into_iter().skip(skip));
    }
    if let Some(note) = &op.deprecated {
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.push(format!("**Deprecated**: {note}"));
    }
    for param in op.params().filter(|p| p.is_positional()) {
        if let Some(note) = &param.deprecated {
            if !lines.is_empty() {
                lines.push(String::new());
            }
            lines.push(format!("**Deprecated argument** `{}`: {note}", param.name));
        }
    }
    if !op.unmet_security.is_empty() {
        let schemes: Vec<String> = op.unmet_security.iter().map(|s| format!("`{s}`")).collect();
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.extend(["# Credentials".to_owned(), String::new()]);
        lines.push(format!(
            "The API asks for {} credentials, which this client cannot send: the request goes out without them. If the server requires them, send them yourself as default headers of the HTTP client (`ClientBuilder::http_client`).",
            schemes.join(" or ")
        ));
    }
    if !lines.is_empty() {
        lines.push(String::new());
    }
    lines.push(format!("`{} {}`", op.method.as_str(), op.path));
    doc_lines(&lines)
}

/// Builds `path` from the template: literals verbatim, parameters percent-encoded.
fn path_code(ctx: &Context<'_>, op: &NamedOperation<'_>) -> TokenStream {
    let capacity: usize = op
        .path_parts
        .iter()
        .map(|p| match p {
            PathPart::Literal(l) => l.len(),
            PathPart::Param(_) => 16,
        })
        .sum();
    let capacity = proc_macro2::Literal::usize_unsuffixed(capacity);
    let pushes = op.path_parts.iter().filter_map(|part| match part {
        PathPart::Literal(literal) => Some(match literal.chars().collect::<Vec<_>>().as_slice() {
            [single] => quote!(path.push(#single);),
            _ => quote!(path.push_str(#literal);),
        }),
        PathPart::Param(index) => {
            let param = op.path_params.get(*index)?;
            if let Some(styled) = super::params::styled_path_push(param) {
                return Some(styled);
            }
            let wire = &param.wire;
            let value = match &param.source {
                ParamSource::ClientSetting(setting) => {
                    let is_enum = ctx.client.get(setting).is_some_and(|s| {
                        matches!(&s.kind, crate::client::settings::SettingKind::Path { ty: Ty::Named(_), .. })
                    });
                    let setting = ident(setting);
                    if is_enum {
                        quote!(self.client.#setting().as_str())
                    } else {
                        quote!(self.client.#setting())
                    }
                }
                ParamSource::Argument => {
                    let name = ident(param.name);
                    value_as_str(&param.ty, quote!(self.#name))
                }
            };
            Some(quote!(::fyno_codegen_runtime::__private::push_param(&mut path, OPERATION, #wire, #value)?;))
        }
    });
    quote! {
        let mut path = ::std::string::String::with_capacity(#capacity);
        #(#pushes)*
    }
}

/// A scalar path parameter value as text.
fn value_as_str(ty: &Ty, value: TokenStream) -> TokenStream {
    match ty {
        Ty::String => quote!(&#value),
        _ => quote!(&::std::string::ToString::to_string(&#value)),
    }
}
