//! Emission of the spec's `example` values with the test that checks each
//! against its generated type: the client crate's integration test
//! (`SPEC_EXAMPLES_TEST`), test data kept out of `src/`. As an integration
//! test it names the types as users do, by the crate's library name.

use super::rust::Context;
use proc_macro2::TokenStream;
use quote::quote;

/// The test file; `ctx` names the crate's items by its library name
/// (`Context::outside`).
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
    // The examples of deprecated types are still checked; naming those
    // types must not warn.
    let allow = ctx
        .api
        .has_deprecations()
        .then(|| quote!(#![allow(deprecated)]));
    // An integration test is a crate root of its own, which `cargo fmt`
    // formats (unlike the tree under `#[rustfmt::skip] mod generated;`),
    // after which the file would differ from what is generated. A crate
    // root cannot skip itself (`#![rustfmt::skip]` is unstable), so each
    // item is skipped.
    quote! {
        //! Every `example` in the spec decodes into the type it belongs to and
        //! encodes back to equal JSON.
        #allow

        /// The examples with their types, in spec order.
        #[rustfmt::skip]
        const EXAMPLES: &[::fyno_codegen_runtime::__private::testing::Example] = &[#(#rows)*];

        /// Every failure is reported, not the first one: its pointer, its
        /// type, the error and the example.
        #[test]
        #[rustfmt::skip]
        fn every_spec_example_round_trips_through_its_type() {
            let mut failures = ::std::vec::Vec::new();
            for example in EXAMPLES {
                if let ::std::result::Result::Err(error) = (example.round_trip)(example.json) {
                    // Named, so that the message is one literal (macro
                    // arguments print token by token).
                    let ::fyno_codegen_runtime::__private::testing::Example { pointer, type_name, json, .. } = example;
                    failures.push(::std::format!("{pointer} ({type_name}): {error}\n    example: {json}"));
                }
            }
            let (count, report) = (failures.len(), failures.join("\n"));
            ::std::assert!(failures.is_empty(), "{count} example(s) fail:\n{report}");
        }
    }
}
