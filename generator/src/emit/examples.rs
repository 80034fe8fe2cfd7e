//! Emission of the spec's `example` values as a table the client crate's
//! tests check against the generated types (compiled only under `cfg(test)`).

use super::rust::Context;
use proc_macro2::TokenStream;
use quote::quote;

pub(crate) fn emit_examples(ctx: &Context<'_>) -> TokenStream {
    let rows = ctx.api.examples.iter().map(|example| {
        let pointer = crate::lock::keys::readable_pointer(ctx.api, &example.pointer);
        let ty = ctx.ty(&example.ty);
        let type_name = ty.to_string().replace(' ', "");
        let json = serde_json::to_string(&example.value).unwrap_or_default();
        quote! {
            ::fyno_codegen_runtime::__private::testing::Example {
                pointer: #pointer,
                type_name: #type_name,
                json: #json,
                round_trip: ::fyno_codegen_runtime::__private::testing::round_trip::<#ty>,
            },
        }
    });
    quote! {
        //! Every `example` in the spec with the type it belongs to.
        /// The examples, in spec order.
        pub(crate) const EXAMPLES: &[::fyno_codegen_runtime::__private::testing::Example] = &[#(#rows)*];
    }
}
