//! Emission of how an operation's parameters reach the wire: the query
//! string, styled path segments, header and cookie lists, and the security
//! requirement. Scalars are written as their `Display` text; lists and
//! objects go through the runtime's style helpers.

use super::named::{Named, NamedOperation};
use super::rust::ident;
use crate::ir::{Nesting, Operation, Param, ParamSource, ParamStyle, Ty};
use proc_macro2::TokenStream;
use quote::quote;

const RT: &str = "::fyno_codegen_runtime::__private";

fn rt() -> TokenStream {
    RT.parse().unwrap_or_default()
}

/// How a parameter is passed: positional argument or builder setter.
pub(crate) fn is_positional(param: &Param) -> bool {
    param.is_positional()
}

fn style(style: ParamStyle) -> TokenStream {
    let rt = rt();
    let variant = match style {
        ParamStyle::Form => quote!(Form),
        ParamStyle::SpaceDelimited => quote!(SpaceDelimited),
        ParamStyle::PipeDelimited => quote!(PipeDelimited),
        ParamStyle::DeepObject => quote!(DeepObject),
        ParamStyle::Simple => quote!(Simple),
        ParamStyle::Label => quote!(Label),
        ParamStyle::Matrix => quote!(Matrix),
    };
    quote!(#rt::Style::#variant)
}

/// The runtime's `Encoding` of a query parameter or form field: the
/// defaults (reserved characters encoded, nesting in brackets) unsaid.
pub(crate) fn encoding(
    param_style: ParamStyle,
    explode: bool,
    allow_reserved: bool,
    nesting: Nesting,
) -> TokenStream {
    let rt = rt();
    let style = style(param_style);
    let mut encoding = quote!(#rt::Encoding::new(#style, #explode));
    if allow_reserved {
        encoding = quote!(#encoding.allow_reserved(true));
    }
    if nesting != Nesting::Brackets {
        let nesting = nesting_variant(nesting);
        encoding = quote!(#encoding.nesting(#nesting));
    }
    encoding
}

/// The runtime's `Nesting`.
pub(crate) fn nesting_variant(nesting: Nesting) -> TokenStream {
    let rt = rt();
    let variant = match nesting {
        Nesting::Brackets => quote!(Brackets),
        Nesting::Indexed => quote!(Indexed),
        Nesting::Json => quote!(Json),
    };
    quote!(#rt::Nesting::#variant)
}

/// `value` (a reference) as owned text.
fn text(ty: &Ty, value: &TokenStream) -> TokenStream {
    match ty {
        Ty::String => quote!(::std::clone::Clone::clone(#value)),
        _ => quote!(::std::string::ToString::to_string(#value)),
    }
}

/// `value` (a reference) as `&str`.
fn as_str(ty: &Ty, value: &TokenStream) -> TokenStream {
    match ty {
        Ty::String => quote!(#value),
        _ => quote!(&::std::string::ToString::to_string(#value)),
    }
}

/// Wraps `push` (which reads `value`) in the parameter's presence check.
fn for_value(param: &Named<'_, Param>, push: TokenStream) -> TokenStream {
    let name = ident(param.name);
    if is_positional(param) {
        quote! { { let value = &self.#name; #push } }
    } else {
        quote! { if let ::std::option::Option::Some(value) = &self.#name { #push } }
    }
}

/// `let query = …;`: the pairs the path template fixes, then every query
/// parameter in spec order.
pub(crate) fn query_code(op: &NamedOperation<'_>) -> TokenStream {
    let rt = rt();
    if op.query_params.is_empty() && op.fixed_query.is_empty() {
        return quote!(let query = #rt::Query::new(););
    }
    let fixed = op
        .fixed_query
        .iter()
        .map(|(key, value)| quote!(query.push(#key, #value);));
    let pushes = op.query_params.iter().map(|p| {
        let wire = &p.wire;
        let value = quote!(value);
        let push = if p.json_content {
            quote!(query.push(#wire, &#rt::json_text(OPERATION, #wire, value)?);)
        } else if p.scalar && !p.allow_reserved {
            let text = as_str(&p.ty, &value);
            quote!(query.push(#wire, #text);)
        } else {
            let encoding = encoding(p.style, p.explode, p.allow_reserved, p.nesting);
            quote!(query.push_styled(OPERATION, #wire, #encoding, value)?;)
        };
        for_value(p, push)
    });
    quote! {
        let mut query = #rt::Query::new();
        #(#fixed)*
        #(#pushes)*
    }
}

/// A path parameter that is not a plain `simple` scalar: styled by the
/// runtime, or its JSON text when it is declared with JSON `content`.
pub(crate) fn styled_path_push(param: &Named<'_, Param>) -> Option<TokenStream> {
    let rt = rt();
    let name = ident(param.name);
    let wire = &param.wire;
    if param.json_content && param.source == ParamSource::Argument {
        return Some(quote! {
            #rt::push_param(&mut path, OPERATION, #wire, &#rt::json_text(OPERATION, #wire, &self.#name)?)?;
        });
    }
    if param.scalar && param.style == ParamStyle::Simple {
        return None;
    }
    let style = style(param.style);
    let explode = param.explode;
    Some(
        quote!(#rt::push_styled_param(&mut path, OPERATION, #wire, #style, #explode, &self.#name)?;),
    )
}

/// `let headers = …;` and `let cookies = …;`.
pub(crate) fn header_and_cookie_code(op: &NamedOperation<'_>) -> TokenStream {
    let headers = list_code(quote!(headers), &op.header_params, true);
    let cookies = list_code(quote!(cookies), &op.cookie_params, false);
    quote!(#headers #cookies)
}

/// A `Vec<(&'static str, String)>` of the parameters' texts: leading
/// required ones in the initialiser (clippy's `vec_init_then_push`), the
/// rest pushed after, so the order stays the spec's.
fn list_code(list: TokenStream, params: &[Named<'_, Param>], explode_allowed: bool) -> TokenStream {
    let rt = rt();
    let ty = quote!(::std::vec::Vec<(&'static str, ::std::string::String)>);
    let entry = |p: &Named<'_, Param>, value: &TokenStream| {
        let wire = &p.wire;
        if p.json_content {
            quote!((#wire, #rt::json_text(OPERATION, #wire, #value)?))
        } else if p.scalar {
            let text = text(&p.ty, value);
            quote!((#wire, #text))
        } else {
            // Cookies have no exploded form: lists and objects are one value.
            let explode = explode_allowed && p.explode;
            quote!((#wire, #rt::simple(OPERATION, #wire, #explode, #value)?))
        }
    };
    let leading = params.iter().take_while(|p| is_positional(p)).count();
    let initial = params[..leading].iter().map(|p| {
        let name = ident(p.name);
        entry(p, &quote!(&self.#name))
    });
    let pushes: Vec<TokenStream> = params[leading..]
        .iter()
        .map(|p| {
            let entry = entry(p, &quote!(value));
            for_value(p, quote!(#list.push(#entry);))
        })
        .collect();
    match (leading, pushes.is_empty()) {
        (0, true) => quote!(let #list = ::std::vec::Vec::new();),
        (_, true) => quote!(let #list: #ty = ::std::vec![#(#initial),*];),
        (0, false) => {
            let count = proc_macro2::Literal::usize_unsuffixed(params.len());
            quote! {
                let mut #list: #ty = ::std::vec::Vec::with_capacity(#count);
                #(#pushes)*
            }
        }
        (_, false) => quote! {
            let mut #list: #ty = ::std::vec![#(#initial),*];
            #(#pushes)*
        },
    }
}

/// The `security` of the runtime's `Request`.
pub(crate) fn security_code(op: &Operation) -> TokenStream {
    let alternatives = op.security.iter().map(|alternative| {
        let indices = alternative
            .iter()
            .map(|i| proc_macro2::Literal::usize_unsuffixed(*i));
        quote!(&[#(#indices),*])
    });
    quote!(&[#(#alternatives),*])
}
