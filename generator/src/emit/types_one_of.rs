//! `Deserialize` for `oneOf` enums, without `#[serde(untagged)]`.
//!
//! Untagged decoding buffers the whole value and tries each alternative in
//! turn, returning the first that decodes: a body with both `to` and
//! `distinct_id` would become the `to`-only alternative and silently lose
//! `distinct_id`, and a failure says only "did not match any variant". We
//! choose by structure instead, in one pass, with one of three strategies:
//!
//! - **keys**: every alternative is an object. Decode once into a struct of
//!   optional members (the union of all alternatives' properties), then pick
//!   the most specific alternative whose required keys are present and which
//!   allows every key present (`::fyno_codegen_runtime::__private::select_object_variant`).
//! - **kind**: the alternatives are different JSON kinds (string, number,
//!   boolean, list, object). A visitor dispatches on the kind it is given;
//!   two string alternatives are told apart by `format: date`.
//! - **tag**: a `discriminator` names the member whose value picks the
//!   alternative, or every alternative is an object requiring one member
//!   with a single, distinct enum value (`type: {enum: [disk]}`): that value
//!   decides, and an unknown one is an error listing the known ones.
//! - **trial**: anything else. Buffer as `serde_json::Value` and try the
//!   alternatives in order, reporting every alternative's error.

use super::named::NamedOneOf;
use super::rust::{Context, code, ident};
use crate::ir::{IntWidth, NumberKind, Shape, Ty};
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::BTreeMap;

pub(crate) fn deserialize_impl(
    ctx: &Context<'_>,
    name: &syn::Ident,
    o: &NamedOneOf<'_>,
) -> TokenStream {
    let body = by_tag(o)
        .or_else(|| by_keys(ctx, name, o))
        .or_else(|| by_kind(ctx, name, o))
        .unwrap_or_else(|| by_trial(ctx, name, o));
    quote! {
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                #body
            }
        }
    }
}

/// The fields of the decoder's `Keys` struct, one per key: named as the
/// members name the key's field (`callback`), so the decoder reads like the
/// types it fills; a name two keys would share (`user-id` and `user_id` in
/// different members) gets the key's position as a suffix.
fn slot_names(order: &[(&str, &Ty, &str)]) -> Vec<syn::Ident> {
    let mut taken: std::collections::BTreeSet<String> = std::collections::BTreeSet::new();
    order
        .iter()
        .enumerate()
        .map(|(index, (_, _, field))| {
            let mut name = (*field).to_owned();
            if taken.contains(&name) {
                name = format!("{}_{index}", field.trim_start_matches("r#"));
            }
            // A suffixed name some member already uses as it is.
            while taken.contains(&name) {
                name.push('_');
            }
            taken.insert(name.clone());
            ident(&name)
        })
        .collect()
}

fn by_keys(ctx: &Context<'_>, name: &syn::Ident, o: &NamedOneOf<'_>) -> Option<TokenStream> {
    // The union of members; the same key must have the same type everywhere.
    let mut keys: BTreeMap<&str, (usize, &Ty)> = BTreeMap::new();
    // Each key with its type and the Rust name of the first member field it is.
    let mut order: Vec<(&str, &Ty, &str)> = Vec::new();
    let mut structs = Vec::new();
    for variant in &o.variants {
        let Ty::Named(id) = variant.item.ty else {
            return None;
        };
        let Shape::Struct(s) = &ctx.api.types.get(id).shape else {
            return None;
        };
        // Undeclared members are kept by a flattened map, which a struct of
        // the declared keys cannot carry over.
        if s.additional.is_some() {
            return None;
        }
        let field_names = ctx.member_names(id);
        for (field, field_name) in s.fields.iter().zip(field_names) {
            if field.boxed {
                return None;
            }
            match keys.get(field.wire.as_str()) {
                Some((_, ty)) if *ty != &field.ty => return None,
                Some(_) => {}
                None => {
                    keys.insert(&field.wire, (order.len(), &field.ty));
                    order.push((&field.wire, &field.ty, field_name));
                }
            }
        }
        structs.push((variant, id, s));
    }

    let slots = slot_names(&order);
    let key_fields = order.iter().zip(&slots).map(|((wire, ty, _), slot)| {
        let ty = ctx.ty(ty);
        quote! {
            #[serde(rename = #wire, default)]
            #slot: ::std::option::Option<#ty>,
        }
    });
    let wires: Vec<&str> = order.iter().map(|(w, _, _)| *w).collect();
    let tables = structs.iter().map(|(variant, _, s)| {
        let variant_name = &variant.name;
        let required = s
            .fields
            .iter()
            .filter(|f| !f.is_optional())
            .filter_map(|f| keys.get(f.wire.as_str()).map(|(i, _)| *i));
        let allowed = s
            .fields
            .iter()
            .filter_map(|f| keys.get(f.wire.as_str()).map(|(i, _)| *i));
        let min_present = proc_macro2::Literal::usize_unsuffixed(s.min_properties);
        quote! {
            ::fyno_codegen_runtime::__private::ObjectVariant {
                name: #variant_name,
                required: &[#(#required),*],
                allowed: &[#(#allowed),*],
                min_present: #min_present,
            },
        }
    });
    let arms = structs.iter().enumerate().map(|(index, (variant, id, s))| {
        let variant_ident = ident(variant.name);
        let payload = ctx.type_path(*id);
        let inits = s.fields.iter().zip(ctx.member_names(*id)).map(|(f, name)| {
            let field = ident(name);
            let slot = keys.get(f.wire.as_str()).map(|(i, _)| &slots[*i]);
            let wire = &f.wire;
            if f.is_optional() {
                quote!(#field: keys.#slot,)
            } else {
                quote!(#field: keys.#slot.ok_or_else(|| <D::Error as ::serde::de::Error>::missing_field(#wire))?,)
            }
        });
        quote! {
            #index => ::std::result::Result::Ok(Self::#variant_ident(#payload { #(#inits)* })),
        }
    });
    let presence = slots.iter().map(|slot| quote!(keys.#slot.is_some()));
    let type_name = name.to_string();
    Some(quote! {
        #[derive(::serde::Deserialize)]
        struct Keys { #(#key_fields)* }
        const KEYS: &[&str] = &[#(#wires),*];
        const VARIANTS: &[::fyno_codegen_runtime::__private::ObjectVariant] = &[#(#tables)*];
        let keys = <Keys as ::serde::Deserialize>::deserialize(deserializer)?;
        let present = [#(#presence),*];
        let chosen = ::fyno_codegen_runtime::__private::select_object_variant(#type_name, KEYS, &present, VARIANTS)
            .map_err(<D::Error as ::serde::de::Error>::custom)?;
        match chosen {
            #(#arms)*
            _ => ::std::result::Result::Err(<D::Error as ::serde::de::Error>::custom("no alternative was chosen")),
        }
    })
}

/// The JSON kind an alternative accepts.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
enum Kind {
    Str,
    DateStr,
    Int,
    Num,
    Bool,
    Seq,
    Map,
}

fn kind_of(ctx: &Context<'_>, ty: &Ty, format: Option<&str>) -> Option<Kind> {
    Some(match ty {
        Ty::String if matches!(format, Some("date" | "date-time")) => Kind::DateStr,
        Ty::String => Kind::Str,
        Ty::Integer(_) => Kind::Int,
        Ty::Number(_) => Kind::Num,
        Ty::Boolean => Kind::Bool,
        Ty::Array(_) => Kind::Seq,
        Ty::Map(_) | Ty::JsonObject => Kind::Map,
        // A typed format parses its text: decoding tries the alternatives in turn.
        Ty::Json | Ty::Format(_) => return None,
        Ty::Named(id) => match &ctx.api.types.get(*id).shape {
            Shape::StringEnum(_) => Kind::Str,
            Shape::IntEnum(_) => Kind::Int,
            Shape::Struct(_) => Kind::Map,
            Shape::Alias(inner) | Shape::Newtype(inner) => return kind_of(ctx, inner, format),
            Shape::OneOf(_) => return None,
        },
    })
}

fn by_kind(ctx: &Context<'_>, name: &syn::Ident, o: &NamedOneOf<'_>) -> Option<TokenStream> {
    let mut by_kind: BTreeMap<Kind, (syn::Ident, Ty)> = BTreeMap::new();
    for variant in &o.variants {
        let kind = kind_of(ctx, &variant.ty, variant.format.as_deref())?;
        // Number handling depends on the underlying type, not an alias's name.
        let ty = if matches!(kind, Kind::Int | Kind::Num) {
            ctx.api.types.resolved(&variant.ty)
        } else {
            variant.ty.clone()
        };
        if by_kind.insert(kind, (ident(variant.name), ty)).is_some() {
            return None;
        }
    }
    let expecting = {
        let mut kinds: Vec<&str> = by_kind
            .keys()
            .map(|k| match k {
                Kind::Str => "a string",
                Kind::DateStr => "a date string",
                Kind::Int => "an integer",
                Kind::Num => "a number",
                Kind::Bool => "a boolean",
                Kind::Seq => "a list",
                Kind::Map => "an object",
            })
            .collect();
        kinds.dedup();
        format!("{} ({})", kinds.join(" or "), code(&name.to_string()))
    };
    let get = |kind: Kind| by_kind.get(&kind);

    let string_of = |variant: &syn::Ident, ty: &Ty, value: TokenStream| match ty {
        Ty::Named(_) => quote!(Self::Value::#variant(::std::convert::From::from(#value))),
        _ => quote!(Self::Value::#variant(::std::convert::Into::into(#value))),
    };
    let strings = match (get(Kind::Str), get(Kind::DateStr)) {
        (None, None) => quote!(),
        (plain, date) => {
            let pick = |value: TokenStream| {
                let make = |(v, ty): &(syn::Ident, Ty)| string_of(v, ty, value.clone());
                match (plain, date) {
                    (Some(plain), Some(date)) => {
                        let (plain, date) = (make(plain), make(date));
                        quote!(if ::fyno_codegen_runtime::__private::is_date(&value) { ::std::result::Result::Ok(#date) } else { ::std::result::Result::Ok(#plain) })
                    }
                    (Some(only), None) | (None, Some(only)) => {
                        let only = make(only);
                        quote!(::std::result::Result::Ok(#only))
                    }
                    (None, None) => quote!(),
                }
            };
            let body = pick(quote!(value));
            quote! {
                fn visit_str<E: ::serde::de::Error>(self, value: &str) -> ::std::result::Result<Self::Value, E> {
                    let value = ::std::borrow::ToOwned::to_owned(value);
                    #body
                }
                fn visit_string<E: ::serde::de::Error>(self, value: ::std::string::String) -> ::std::result::Result<Self::Value, E> {
                    #body
                }
            }
        }
    };
    let bools = get(Kind::Bool).map(|(v, _)| {
        quote! {
            fn visit_bool<E: ::serde::de::Error>(self, value: bool) -> ::std::result::Result<Self::Value, E> {
                ::std::result::Result::Ok(Self::Value::#v(value))
            }
        }
    });
    let numbers = numbers(get(Kind::Int), get(Kind::Num));
    let seqs = get(Kind::Seq).map(|(v, _)| {
        quote! {
            fn visit_seq<A: ::serde::de::SeqAccess<'de>>(self, seq: A) -> ::std::result::Result<Self::Value, A::Error> {
                ::serde::Deserialize::deserialize(::serde::de::value::SeqAccessDeserializer::new(seq)).map(Self::Value::#v)
            }
        }
    });
    let maps = get(Kind::Map).map(|(v, _)| {
        quote! {
            fn visit_map<A: ::serde::de::MapAccess<'de>>(self, map: A) -> ::std::result::Result<Self::Value, A::Error> {
                ::serde::Deserialize::deserialize(::serde::de::value::MapAccessDeserializer::new(map)).map(Self::Value::#v)
            }
        }
    });
    Some(quote! {
        struct Visitor;
        impl<'de> ::serde::de::Visitor<'de> for Visitor {
            type Value = #name;
            fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(#expecting)
            }
            #strings
            #bools
            #numbers
            #seqs
            #maps
        }
        deserializer.deserialize_any(Visitor)
    })
}

/// Number visitors. An integer goes to the integer alternative when there is
/// one; a number alternative without format keeps integers as integers.
fn numbers(int: Option<&(syn::Ident, Ty)>, num: Option<&(syn::Ident, Ty)>) -> TokenStream {
    let from_i64 = |value: TokenStream| -> Option<TokenStream> {
        if let Some((v, ty)) = int {
            return Some(match ty {
                Ty::Integer(IntWidth::I32) => quote! {
                    i32::try_from(#value).map(|n| Self::Value::#v(::std::convert::From::from(n)))
                        .map_err(|_| E::invalid_value(::serde::de::Unexpected::Signed(#value as i64), &self))
                },
                // Unsigned widths convert straight to their own type.
                Ty::Integer(IntWidth::U32) => quote! {
                    u32::try_from(#value).map(Self::Value::#v)
                        .map_err(|_| E::invalid_value(::serde::de::Unexpected::Other("integer out of range"), &self))
                },
                Ty::Integer(IntWidth::U64) => quote! {
                    u64::try_from(#value).map(Self::Value::#v)
                        .map_err(|_| E::invalid_value(::serde::de::Unexpected::Other("integer out of range"), &self))
                },
                _ => quote! {
                    i64::try_from(#value).map(|n| Self::Value::#v(::std::convert::From::from(n)))
                        .map_err(|_| E::invalid_value(::serde::de::Unexpected::Other("integer out of range"), &self))
                },
            });
        }
        num.map(|(v, ty)| match ty {
            Ty::Number(NumberKind::Exact) => quote!(::std::result::Result::Ok(Self::Value::#v(::serde_json::Number::from(#value)))),
            _ => quote!(::std::result::Result::Ok(Self::Value::#v(#value as f64 as _))),
        })
    };
    let signed = from_i64(quote!(value)).map(|body| {
        quote! {
            fn visit_i64<E: ::serde::de::Error>(self, value: i64) -> ::std::result::Result<Self::Value, E> { #body }
        }
    });
    let unsigned = from_i64(quote!(value)).map(|body| {
        quote! {
            fn visit_u64<E: ::serde::de::Error>(self, value: u64) -> ::std::result::Result<Self::Value, E> { #body }
        }
    });
    let float = num.map(|(v, ty)| {
        let body = match ty {
            Ty::Number(NumberKind::Exact) => quote! {
                ::serde_json::Number::from_f64(value)
                    .map(Self::Value::#v)
                    .ok_or_else(|| E::invalid_value(::serde::de::Unexpected::Float(value), &self))
            },
            Ty::Number(NumberKind::F32) => quote!(::std::result::Result::Ok(Self::Value::#v(value as f32))),
            _ => quote!(::std::result::Result::Ok(Self::Value::#v(value))),
        };
        quote! {
            fn visit_f64<E: ::serde::de::Error>(self, value: f64) -> ::std::result::Result<Self::Value, E> { #body }
        }
    });
    quote!(#signed #unsigned #float)
}

fn by_trial(ctx: &Context<'_>, name: &syn::Ident, o: &NamedOneOf<'_>) -> TokenStream {
    let attempts = o.variants.iter().map(|v| {
        let variant = ident(v.name);
        let ty = ctx.ty(&v.ty);
        let label = &v.name;
        quote! {
            match <#ty as ::serde::Deserialize>::deserialize(&value) {
                ::std::result::Result::Ok(inner) => return ::std::result::Result::Ok(Self::#variant(inner)),
                ::std::result::Result::Err(error) => errors.push(::std::format!("`{}`: {}", #label, error)),
            }
        }
    });
    let type_name = name.to_string();
    quote! {
        let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
        let mut errors: ::std::vec::Vec<::std::string::String> = ::std::vec::Vec::new();
        #(#attempts)*
        ::std::result::Result::Err(<D::Error as ::serde::de::Error>::custom(::std::format!(
            "no alternative of `{}` fits: {}", #type_name, errors.join("; ")
        )))
    }
}

/// The member that tags the alternatives and each alternative's values
/// (set by lowering from `discriminator`, or inferred by `crate::ir::discriminators`).
fn tags(o: &NamedOneOf<'_>) -> Option<(String, Vec<Vec<String>>)> {
    let discriminator = o.discriminator.as_ref()?;
    let tags: Option<Vec<Vec<String>>> = o.variants.iter().map(|v| v.tag.clone()).collect();
    tags.map(|tags| (discriminator.property.clone(), tags))
}

/// Decoding by tag: the tag's value picks the alternative, whose own decoding
/// then checks the rest.
fn by_tag(o: &NamedOneOf<'_>) -> Option<TokenStream> {
    let (property, values) = tags(o)?;
    let known: Vec<String> = values.iter().flatten().map(|v| code(v)).collect();
    let expected = known.join(", ");
    let missing = format!(
        "expected the member {} naming one of {expected}",
        code(&property)
    );
    let arms = o.variants.iter().zip(&values).map(|(variant, values)| {
        let variant = ident(variant.name);
        quote! {
            #(#values)|* => ::serde_json::from_value(value)
                .map(Self::#variant)
                .map_err(<D::Error as ::serde::de::Error>::custom),
        }
    });
    let unknown = format!(
        "unknown {} value `{{}}`; expected one of {expected}",
        code(&property)
    );
    Some(quote! {
        let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
        let tag = match value.get(#property) {
            ::std::option::Option::Some(::serde_json::Value::String(tag)) => ::std::clone::Clone::clone(tag),
            _ => return ::std::result::Result::Err(<D::Error as ::serde::de::Error>::custom(#missing)),
        };
        match tag.as_str() {
            #(#arms)*
            other => ::std::result::Result::Err(<D::Error as ::serde::de::Error>::custom(
                ::std::format_args!(#unknown, other)
            )),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::slot_names;
    use crate::ir::Ty;

    #[test]
    fn decoder_slots_are_named_as_the_fields_and_never_twice() {
        // `user-id` in one member and `user_id` in another are two keys the
        // members both name `user_id`; the suffixed name may be taken too.
        let order = [
            ("user-id", &Ty::String, "user_id"),
            ("user_id", &Ty::String, "user_id"),
            ("user_id_1", &Ty::String, "user_id_1"),
            ("type", &Ty::String, "r#type"),
            ("kind", &Ty::String, "r#type"),
        ];
        let names: Vec<String> = slot_names(&order).iter().map(ToString::to_string).collect();
        assert_eq!(
            names,
            ["user_id", "user_id_1", "user_id_1_2", "r#type", "type_4"]
        );
    }
}
