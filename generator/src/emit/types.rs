//! Emission of named types, one file per module.

use super::named::{Named, NamedEnum, NamedOneOf, NamedStruct};
use super::rust::{Context, code, doc_lines, docs, ident};
use crate::ir::{Field, IntEnum, Shape, StringEnum, Ty, TypeDef, TypeId};
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::BTreeMap;

/// Clippy's `too_many_arguments` threshold: constructors taking more
/// arguments are still emitted (they are the only way to build the value)
/// with the lint allowed.
const MAX_CONSTRUCTOR_ARGS: usize = 7;

/// `types/mod.rs`: the modules, re-exported flat (names are unique crate-wide).
pub(crate) fn emit_types_mod(ctx: &Context<'_>) -> TokenStream {
    let modules = ctx.names.types().iter().map(|t| t.module.as_str());
    super::rust::reexporting_mod(
        " Every type of the API: request bodies, responses and their parts.",
        modules,
    )
}

/// The names of the types modules, sorted.
pub(crate) fn type_modules(names: &crate::naming::Names) -> std::collections::BTreeSet<String> {
    names.types().iter().map(|t| t.module.clone()).collect()
}

/// A types module: its doc, then each of its types (see `FileJob::chunks`).
pub(crate) fn types_module_chunks<'a>(
    ctx: &'a Context<'a>,
    module: String,
) -> impl Iterator<Item = TokenStream> + 'a {
    let doc = format!(" Types of the `{module}` group.");
    let types = ctx
        .api
        .types
        .ids()
        .filter(move |id| ctx.names.ty(*id).module == module)
        .map(|id| emit_type(ctx, id, ctx.api.types.get(id)));
    std::iter::once(quote! { #![doc = #doc] }).chain(types)
}

fn emit_type(ctx: &Context<'_>, id: TypeId, def: &TypeDef) -> TokenStream {
    let name = ident(ctx.type_name(id));
    let doc = docs(def.doc.as_deref(), &fallback_doc(ctx, id, def));
    let deprecated = super::rust::deprecation(def.deprecated.as_deref());
    let doc = quote!(#doc #deprecated);
    match &def.shape {
        Shape::Struct(s) => emit_struct(ctx, id, &name, doc, &ctx.named_struct(id, s)),
        Shape::StringEnum(e) => emit_string_enum(def, &name, doc, &ctx.named_string_enum(id, e)),
        Shape::IntEnum(e) => emit_int_enum(def, &name, doc, &ctx.named_int_enum(id, e)),
        Shape::OneOf(o) => emit_one_of(ctx, id, &name, doc, &ctx.named_one_of(id, o)),
        Shape::Alias(ty) => {
            let ty = ctx.ty(ty);
            quote! { #doc pub type #name = #ty; }
        }
        Shape::Newtype(ty) if def.distinct => emit_distinct(ctx, id, &name, doc, ty),
        Shape::Newtype(ty) => emit_newtype(ctx, id, &name, doc, ty),
    }
}

/// A value kept as its own type (`x-rust-distinct`): no conversion from the
/// bare built-in type and none back, so where a constructor takes it, a
/// value meant for another argument (a user id for an event name) does not
/// compile; it is built with `new`, which names it at the call site.
fn emit_distinct(
    ctx: &Context<'_>,
    id: TypeId,
    name: &syn::Ident,
    doc: TokenStream,
    ty: &Ty,
) -> TokenStream {
    let inner = ctx.ty(ty);
    let derive = derives(ctx, id, quote!(::serde::Serialize, ::serde::Deserialize));
    let bare = match ty {
        Ty::String => "a `String`",
        _ => "its built-in type",
    };
    let note = format!(
        " Its own type rather than {bare}, so it cannot be passed where another value is \
         expected by mistake: build it with [`{name}::new`]."
    );
    let as_str = (*ty == Ty::String).then(|| {
        quote! {
            /// The text.
            pub fn as_str(&self) -> &str { &self.0 }
        }
    });
    let text = (*ty == Ty::String).then(|| {
        quote! {
            impl ::std::convert::AsRef<str> for #name {
                fn as_ref(&self) -> &str { &self.0 }
            }
            impl ::std::fmt::Display for #name {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.write_str(&self.0)
                }
            }
            impl ::std::cmp::PartialEq<str> for #name {
                fn eq(&self, other: &str) -> bool { self.0 == other }
            }
            impl ::std::cmp::PartialEq<&str> for #name {
                fn eq(&self, other: &&str) -> bool { self.0 == *other }
            }
        }
    });
    quote! {
        #doc
        ///
        #[doc = #note]
        #derive
        #[serde(transparent)]
        pub struct #name(#inner);

        impl #name {
            /// Wraps `value`.
            pub fn new(value: impl ::std::convert::Into<#inner>) -> Self { Self(value.into()) }
            /// The wrapped value.
            pub fn into_inner(self) -> #inner { self.0 }
            #as_str
        }

        #text
    }
}

/// A type that contains itself through lists or maps (`Tree = Vec<Tree>`):
/// a transparent wrapper, since a type alias cannot name itself.
fn emit_newtype(
    ctx: &Context<'_>,
    id: TypeId,
    name: &syn::Ident,
    doc: TokenStream,
    ty: &Ty,
) -> TokenStream {
    let inner = ctx.ty(ty);
    let default = matches!(ty, Ty::Array(_) | Ty::Map(_)).then(|| quote!(Default,));
    let derive = derives(
        ctx,
        id,
        quote!(#default ::serde::Serialize, ::serde::Deserialize),
    );
    quote! {
        #doc
        ///
        /// The value itself, wrapped because the type contains itself.
        #derive
        #[serde(transparent)]
        pub struct #name(pub #inner);

        impl ::std::convert::From<#inner> for #name {
            fn from(value: #inner) -> Self { Self(value) }
        }

        impl #name {
            /// The wrapped value.
            pub fn into_inner(self) -> #inner { self.0 }
        }
    }
}

/// A doc line for a member without a description: the summary of its
/// type's documentation when it has a named type (`sms` of type
/// `ChannelDispatch` reads "Outcome on one channel"), else what it holds.
fn field_fallback_doc(ctx: &Context<'_>, f: &Named<'_, Field>) -> String {
    let wire = code(&f.wire);
    match named_in(&f.ty) {
        Some(id) => {
            let def = ctx.api.types.get(id);
            match def.doc.as_deref().map(crate::emit::rustdoc::summary_line) {
                Some(summary) if !summary.is_empty() => summary,
                _ => format!("{wire}, a [`{}`].", ctx.type_name(id)),
            }
        }
        None => match f.example.as_ref().and_then(example_text) {
            Some(example) => format!(
                "{wire}: {}, such as {}.",
                describe_builtin(&f.ty),
                code(&example)
            ),
            None => format!("{wire}: {}.", describe_builtin(&f.ty)),
        },
    }
}

/// A short example value for documentation: scalars as written, nothing
/// for objects and lists (too long for one line).
fn example_text(value: &serde_json::Value) -> Option<String> {
    match value {
        serde_json::Value::String(text) if !text.is_empty() && text.len() <= 80 => {
            Some(text.clone())
        }
        serde_json::Value::Number(n) => Some(n.to_string()),
        serde_json::Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// The named type a member holds, directly or as list items or map values.
fn named_in(ty: &Ty) -> Option<TypeId> {
    match ty {
        Ty::Named(id) => Some(*id),
        Ty::Array(inner) | Ty::Map(inner) => named_in(inner),
        _ => None,
    }
}

/// Words for a built-in member type.
fn describe_builtin(ty: &Ty) -> String {
    match ty {
        Ty::String => "text".to_owned(),
        Ty::Integer(_) => "an integer".to_owned(),
        Ty::Number(_) => "a number".to_owned(),
        Ty::Boolean => "a flag".to_owned(),
        Ty::Json => "any JSON value".to_owned(),
        Ty::JsonObject => "a JSON object".to_owned(),
        Ty::Array(inner) => format!("a list of {}", describe_builtin(inner)),
        Ty::Map(inner) => format!("a map of names to {}", describe_builtin(inner)),
        Ty::Format(_) | Ty::Named(_) => "a formatted value".to_owned(),
    }
}

/// A doc line for a schema without a description, from where it is used:
/// "Request body of `Client::create_user_profile`", "The `channel_config`
/// member of `SubscriptionTopic`", else the schema's place in the spec.
fn fallback_doc(ctx: &Context<'_>, id: TypeId, def: &TypeDef) -> String {
    let named = |ty: &Ty| *ty == Ty::Named(id);
    // Only the method name is read: no per-operation view is built, since
    // this runs for every undocumented type.
    let link = |(_, names): (&crate::ir::Operation, &crate::naming::OperationNames)| {
        let m = names.method.trim_start_matches("r#");
        format!("[`Client::{m}`](crate::Client::{m})")
    };
    let operations = || ctx.api.operations.iter().zip(ctx.names.operations());
    let bodies: Vec<String> = operations()
        .filter(|(op, _)| op.body.as_ref().is_some_and(|b| named(&b.ty)))
        .map(link)
        .collect();
    if !bodies.is_empty() {
        return format!("Request body of {}.", bodies.join(", "));
    }
    let responses: Vec<String> = operations()
        .filter(|(op, _)| {
            op.responses
                .iter()
                .any(|r| r.status.is_success() && r.ty.as_ref().is_some_and(named))
        })
        .map(link)
        .collect();
    if !responses.is_empty() {
        return format!("Successful response of {}.", responses.join(", "));
    }
    for origin in &def.origins {
        let crate::ir::NameSource::Nested { parent, suffix } = &origin.name else {
            continue;
        };
        let parent_def = ctx.api.types.get(*parent);
        let parent_name = ctx.type_name(*parent);
        match (suffix.strip_prefix('#'), &parent_def.shape) {
            (Some(_), Shape::OneOf(o)) => {
                let alternatives = o.variants.iter().zip(ctx.member_names(*parent));
                if let Some((_, variant)) = alternatives.into_iter().find(|(v, _)| named(&v.ty)) {
                    return format!(
                        "The [`{variant}`]({parent_name}::{variant}) alternative of [`{parent_name}`]."
                    );
                }
            }
            (None, _) if !suffix.is_empty() => {
                // Lowering names list items and map values `<member>Item` and
                // `<member>Value`; a member whose own name ends so is kept whole.
                let is_member = |name: &str| match &parent_def.shape {
                    Shape::Struct(s) => s.fields.iter().any(|f| f.wire == name),
                    _ => false,
                };
                let member = [
                    suffix.as_str(),
                    suffix.trim_end_matches("Item"),
                    suffix.trim_end_matches("Value"),
                ]
                .into_iter()
                .find(|m| is_member(m))
                .unwrap_or(suffix);
                return format!("The {} member of [`{parent_name}`].", code(member));
            }
            _ => {}
        }
    }
    match def.origins.first() {
        Some(origin) => format!(
            "The schema at {} in the spec.",
            code(&crate::lock::keys::readable_pointer(
                ctx.api,
                &origin.pointer
            ))
        ),
        None => "A type of the API.".to_owned(),
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
    s: &NamedStruct<'_>,
) -> TokenStream {
    let fields = s.fields.iter().map(|f| {
        let field = ident(f.name);
        let mut ty = ctx.ty(&f.ty);
        if f.boxed {
            ty = quote!(::std::boxed::Box<#ty>);
        }
        let wire = &f.wire;
        let doc = docs(f.doc.as_deref(), &field_fallback_doc(ctx, f));
        let deprecated = super::rust::deprecation(f.deprecated.as_deref());
        let doc = quote!(#doc #deprecated);
        let rename = (f.name.trim_start_matches("r#") != wire).then(|| quote!(rename = #wire,));
        if f.required && f.nullable {
            // Required but nullable: always sent (as `null` when `None`).
            quote! {
                #doc
                #[serde(#rename default)]
                pub #field: ::std::option::Option<#ty>,
            }
        } else if f.is_optional() {
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
    let additional = s.additional.as_ref().map(|ty| {
        let field = ident(&additional_field_name(s));
        let ty = ctx.ty(ty);
        quote! {
            /// Members beyond the declared ones, which the schema allows; kept as sent.
            #[serde(flatten)]
            pub #field: ::std::collections::BTreeMap<::std::string::String, #ty>,
        }
    });
    let fields = fields.chain(additional);
    let start = Start::of(s);
    let default = (start == Start::Default).then(|| quote!(Default,));
    let derive = derives(
        ctx,
        id,
        quote!(#default ::serde::Serialize, ::serde::Deserialize),
    );
    let builders = struct_builders(ctx, name, s, start);
    // `#[non_exhaustive]`: a member the API adds later is a new field, which
    // would break every struct literal and exhaustive pattern of users; so
    // values are built with the constructors and setters below instead.
    quote! {
        #doc
        #derive
        #[non_exhaustive]
        pub struct #name { #(#fields)* }
        #builders
    }
}

/// How users build a value of `s`, as the API lock records it: `new(a, b)`
/// (arguments in order), `Default`, `one member of (a, b)` or `empty()`.
/// A change of it is a change of what users call.
pub(crate) fn constructors_text(ctx: &Context<'_>, s: &NamedStruct<'_>) -> String {
    match Start::of(s) {
        Start::New => {
            let args: Vec<&str> = required_fields(ctx, s).iter().map(|f| f.name).collect();
            format!("new({})", args.join(", "))
        }
        Start::Default => "Default".to_owned(),
        Start::OneMember => {
            // One constructor each: their order is not something users call.
            let mut members: Vec<&str> = s.fields.iter().map(|f| f.name).collect();
            members.sort_unstable();
            format!("one member of ({})", members.join(", "))
        }
        Start::Empty => "empty()".to_owned(),
    }
}

/// How users start a value of a struct, which they cannot write as a
/// literal (`#[non_exhaustive]`): every struct gets one of these, so every
/// struct can be built.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Start {
    /// `new(required…)`: the struct has required (non-nullable) fields.
    New,
    /// `Default`: every field is optional, and the empty value is valid.
    Default,
    /// One constructor per member (`TokensToDelete::push(tokens)`): every
    /// field is optional but one member must be present (`minProperties:
    /// 1`), so the easy values are the valid ones and there is no `Default`
    /// that would serialise to a rejected `{}`.
    OneMember,
    /// `empty()`: the spec needs more members than one constructor sets
    /// (`minProperties` of 2 or more, or members it does not declare), so
    /// the value starts empty and the setters complete it.
    Empty,
}

impl Start {
    fn of(s: &NamedStruct<'_>) -> Self {
        if s.fields.iter().any(|f| !f.is_optional()) {
            Self::New
        } else if s.min_properties == 0 {
            Self::Default
        } else if s.min_properties == 1 && !s.fields.is_empty() {
            Self::OneMember
        } else {
            Self::Empty
        }
    }
}

/// Builders of every struct, request or response (users build responses
/// too, for mocks in their tests): how a value starts (see [`Start`]), and a
/// `with_<field>` setter per optional field (`Recipient::default().with_sms(..)`).
/// Setters come first in the namespace: a one-member constructor whose name
/// a setter has (a member `with_x` beside a member `x`) is left out, which
/// always leaves another (the shortest-named member's is never taken).
fn struct_builders(
    ctx: &Context<'_>,
    name: &syn::Ident,
    s: &NamedStruct<'_>,
    start: Start,
) -> Option<TokenStream> {
    let setters: Vec<(String, TokenStream)> = s
        .fields
        .iter()
        .filter(|f| f.is_optional())
        .map(|f| struct_setter(ctx, f))
        .collect();
    let taken: std::collections::BTreeSet<&str> =
        setters.iter().map(|(setter, _)| setter.as_str()).collect();
    let starters: Vec<TokenStream> = match start {
        Start::New => vec![new_constructor(ctx, name, s)],
        Start::Default => Vec::new(),
        Start::OneMember => one_member_constructors(ctx, name, s, &taken),
        Start::Empty => vec![empty_constructor(name, s)],
    };
    if starters.is_empty() && setters.is_empty() {
        return None;
    }
    let setters = setters.into_iter().map(|(_, tokens)| tokens);
    Some(quote! {
        impl #name {
            #(#starters)*
            #(#setters)*
        }
    })
}

/// `new(required…)`: required fields as arguments (see [`required_fields`]
/// for their order), optional ones empty. A struct with many required
/// fields still gets it, positional as it reads, since it is the only way
/// to build the value.
fn new_constructor(ctx: &Context<'_>, name: &syn::Ident, s: &NamedStruct<'_>) -> TokenStream {
    let required = required_fields(ctx, s);
    let args = new_args(ctx, &required);
    let inits = s.fields.iter().map(|f| {
        let field = ident(f.name);
        match (f.is_optional(), f.boxed) {
            (true, _) => quote!(#field: ::std::option::Option::None,),
            (false, true) => quote!(#field: ::std::boxed::Box::new(#field.into()),),
            (false, false) => quote!(#field: #field.into(),),
        }
    });
    let additional = empty_additional(s);
    let allow = many_args_allow(required.len());
    let doc = format!(" A `{name}` with its required fields; optional fields start empty.");
    quote! {
        #[doc = #doc]
        #allow
        pub fn new(#(#args),*) -> Self {
            Self { #(#inits)* #additional }
        }
    }
}

/// `empty()`, for a struct whose valid values need several members (see
/// [`Start::Empty`]).
fn empty_constructor(name: &syn::Ident, s: &NamedStruct<'_>) -> TokenStream {
    let inits = s.fields.iter().map(|f| {
        let field = ident(f.name);
        quote!(#field: ::std::option::Option::None,)
    });
    let additional = empty_additional(s);
    let needed = match s.min_properties {
        1 => "one member".to_owned(),
        n => format!("{n} members"),
    };
    let doc = format!(
        " A `{name}` with no members set. The spec needs at least {needed}: set them \
         before sending."
    );
    quote! {
        #[doc = #doc]
        pub fn empty() -> Self {
            Self { #(#inits)* #additional }
        }
    }
}

/// The `with_<field>` setter of an optional field, with its name.
fn struct_setter(ctx: &Context<'_>, f: &Named<'_, Field>) -> (String, TokenStream) {
    let setter_name = format!("with_{}", f.name.trim_start_matches("r#"));
    let setter = ident(&setter_name);
    let field = ident(f.name);
    let ty = ctx.ty(&f.ty);
    let value = if f.boxed {
        quote!(::std::boxed::Box::new(value.into()))
    } else {
        quote!(value.into())
    };
    let doc = format!(" Sets {}.", code(&f.wire));
    let deprecated = super::rust::deprecation(f.deprecated.as_deref());
    let tokens = quote! {
        #[doc = #doc]
        #deprecated
        pub fn #setter(mut self, value: impl ::std::convert::Into<#ty>) -> Self {
            self.#field = ::std::option::Option::Some(#value);
            self
        }
    };
    (setter_name, tokens)
}

/// The additional-members map of a constructor's value, empty.
fn empty_additional(s: &NamedStruct<'_>) -> Option<TokenStream> {
    s.additional.as_ref().map(|_| {
        let field = ident(&additional_field_name(s));
        quote!(#field: ::std::default::Default::default(),)
    })
}

/// Past this many arguments clippy's `too_many_arguments` fires; the
/// constructor is still the only way to build the value, so it is allowed.
fn many_args_allow(count: usize) -> Option<TokenStream> {
    (count > MAX_CONSTRUCTOR_ARGS).then(|| quote!(#[allow(clippy::too_many_arguments)]))
}

/// Names clippy's `should_implement_trait` expects a same-named inherent
/// function of one argument and no `self` to be a trait impl of
/// (`FromStr::from_str`, `FromIterator::from_iter`); its other names take a
/// `self`, which no constructor does. A constructor named after a member or
/// alternative may have one of these names: it is what the spec named, so
/// the lint is allowed there.
const TRAIT_METHODS: &[&str] = &["from_iter", "from_str"];

/// `#[allow(clippy::should_implement_trait)]` for a function named like a
/// standard trait method (see [`TRAIT_METHODS`]).
fn trait_name_allow(function: &str) -> Option<TokenStream> {
    TRAIT_METHODS
        .contains(&function.trim_start_matches("r#"))
        .then(|| quote!(#[allow(clippy::should_implement_trait)]))
}

/// For an object of optional members of which at least one must be present
/// (`minProperties: 1`, no `required`): one constructor per member, named
/// after it (`TokensToDelete::push(tokens)`), so the valid values are the
/// ones that are easy to build (it has no `Default`). Names in `taken`
/// (setters) are skipped, see [`struct_builders`].
fn one_member_constructors(
    ctx: &Context<'_>,
    name: &syn::Ident,
    s: &NamedStruct<'_>,
    taken: &std::collections::BTreeSet<&str>,
) -> Vec<TokenStream> {
    s.fields
        .iter()
        .filter(|f| !taken.contains(f.name))
        .map(|chosen| {
            let function = ident(chosen.name);
            let ty = ctx.ty(&chosen.ty);
            let inits = s.fields.iter().map(|f| {
                let field = ident(f.name);
                match (f.name == chosen.name, f.boxed) {
                    (true, true) => quote!(#field: ::std::option::Option::Some(::std::boxed::Box::new(value.into())),),
                    (true, false) => quote!(#field: ::std::option::Option::Some(value.into()),),
                    (false, _) => quote!(#field: ::std::option::Option::None,),
                }
            });
            let additional = empty_additional(s);
            let allow = trait_name_allow(chosen.name);
            let doc = format!(
                " A `{name}` with {} set; the spec needs at least one member, so there is \
                 no empty `{name}`.",
                code(&chosen.wire)
            );
            quote! {
                #[doc = #doc]
                #allow
                pub fn #function(value: impl ::std::convert::Into<#ty>) -> Self {
                    Self { #(#inits)* #additional }
                }
            }
        })
        .collect()
}

/// The field keeping undeclared members: `additional_properties`, unless a
/// declared property already has that name.
pub(crate) fn additional_field_name(s: &NamedStruct<'_>) -> String {
    let mut name = "additional_properties".to_owned();
    while s.fields.iter().any(|f| f.name == name) {
        name.push('_');
    }
    name
}

/// Required fields in the order of `new`'s arguments: those of a distinct
/// type (`x-rust-distinct`, such as an event name) first, then the spec's
/// `required` order. The distinct value is what a payload is about, so
/// every constructor of a payload family starts with it
/// (`EventRequestDistinctId::new(event, distinct_id)`,
/// `BulkEventRequest::new(event, batch)`), whatever order each schema lists.
fn required_fields<'s, 'a>(ctx: &Context<'_>, s: &'s NamedStruct<'a>) -> Vec<&'s Named<'a, Field>> {
    let mut fields: Vec<&Named<'a, Field>> = s.fields.iter().filter(|f| !f.is_optional()).collect();
    fields.sort_by_key(|f| {
        (
            !is_distinct(ctx, &f.ty),
            f.required_position.unwrap_or(usize::MAX),
        )
    });
    fields
}

/// Whether `ty` is a type marked `x-rust-distinct`.
fn is_distinct(ctx: &Context<'_>, ty: &Ty) -> bool {
    matches!(ty, Ty::Named(id) if ctx.api.types.get(*id).distinct)
}

/// The `new` arguments of a struct: its required fields, taking `impl Into`.
fn new_args(ctx: &Context<'_>, fields: &[&Named<'_, Field>]) -> Vec<TokenStream> {
    fields
        .iter()
        .map(|f| {
            let field = ident(f.name);
            let ty = ctx.ty(&f.ty);
            quote!(#field: impl ::std::convert::Into<#ty>)
        })
        .collect()
}

fn emit_string_enum(
    def: &TypeDef,
    name: &syn::Ident,
    doc: TokenStream,
    e: &NamedEnum<'_, StringEnum, String>,
) -> TokenStream {
    let other = ident(e.other);
    let variants: Vec<_> = e.variants.iter().map(|v| ident(v.name)).collect();
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
            let doc = format!(" The spec's default, {}.", code(&v.wire));
            default_impl(name, v.name, Some(&doc))
        });
    let from_wire_doc = from_wire_doc(&other);
    let conversions = string_conversions(name, &other, &string_lookup(name, e, &other));
    quote! {
        #doc
        ///
        /// Values the spec does not list are kept in the catch-all variant, so
        /// a value added by the API later never fails to decode and can be sent
        /// (build it with `from_wire`). Match with a `_` arm: new values are
        /// added in minor releases. Values are ordered by their wire text, so
        /// the order does not change when the spec lists values in another order.
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #( #variant_docs #variants, )*
            /// A value the spec does not list, kept verbatim.
            ///
            /// It cannot be built directly, so it never stands for a listed value:
            /// `from_wire`, `From<&str>` and `FromStr` give listed values their own variants.
            #other(::fyno_codegen_runtime::UnknownValue),
        }

        impl #name {
            /// Every value the spec lists, in spec order.
            pub const KNOWN_VALUES: &'static [&'static str] = &[#(#wires),*];

            #[doc = #from_wire_doc]
            pub fn from_wire(wire: &str) -> Self {
                Self::from(wire)
            }

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

        #conversions

        #default
    }
}

/// A string enum's conversions: from text (`From<&str>`, `From<String>`,
/// `FromStr`, each total: an unlisted value is the catch-all `other`), its
/// order by wire text, `Display`, and serde's traits.
fn string_conversions(
    name: &syn::Ident,
    other: &syn::Ident,
    from_str_body: &TokenStream,
) -> TokenStream {
    let ordering = ordered_by_wire(name, &quote!(as_str));
    quote! {
        impl ::std::convert::From<&str> for #name {
            fn from(value: &str) -> Self {
                #from_str_body
            }
        }

        impl ::std::convert::From<::std::string::String> for #name {
            /// Like `From<&str>`, keeping the allocation for an unlisted value.
            fn from(value: ::std::string::String) -> Self {
                match Self::from(value.as_str()) {
                    Self::#other(_) => Self::#other(::fyno_codegen_runtime::__private::unknown_value(value)),
                    known => known,
                }
            }
        }

        impl ::std::str::FromStr for #name {
            type Err = ::std::convert::Infallible;
            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                ::std::result::Result::Ok(Self::from(value))
            }
        }

        #ordering

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
                ::fyno_codegen_runtime::__private::deserialize_string_enum(deserializer)
            }
        }
    }
}

/// Enums with at least this many values look a text up in a sorted table
/// instead of a `match`: rustc compiles a string `match` into a decision tree
/// whose code grows with every value (7,800 lines of LLVM IR for the
/// 594-value `Timezone`, an eighth of the `fyno` crate's), where a binary
/// search over a static table is one small loop.
const TABLE_LOOKUP_VARIANTS: usize = 32;

/// The body of `From<&str>`: the listed value's variant, else the catch-all.
fn string_lookup(
    name: &syn::Ident,
    e: &NamedEnum<'_, StringEnum, String>,
    other: &syn::Ident,
) -> TokenStream {
    let unknown = quote! {
        Self::#other(::fyno_codegen_runtime::__private::unknown_value(::std::borrow::ToOwned::to_owned(value)))
    };
    if e.variants.len() < TABLE_LOOKUP_VARIANTS {
        let variants = e.variants.iter().map(|v| ident(v.name));
        let wires = e.variants.iter().map(|v| v.wire.as_str());
        return quote! {
            match value {
                #( #wires => Self::#variants, )*
                _ => #unknown,
            }
        };
    }
    // Sorted by wire text (as `str::cmp` orders it), the first of duplicates kept.
    let mut sorted: BTreeMap<&str, &str> = BTreeMap::new();
    for v in &e.variants {
        sorted.entry(v.wire.as_str()).or_insert(v.name);
    }
    let wires = sorted.keys();
    let variants = sorted.values().map(|v| ident(v));
    quote! {
        const BY_WIRE: &[(&str, #name)] = &[ #( (#wires, #name::#variants), )* ];
        match BY_WIRE.binary_search_by(|(wire, _)| (*wire).cmp(value)) {
            ::std::result::Result::Ok(index) => BY_WIRE[index].1.clone(),
            ::std::result::Result::Err(_) => #unknown,
        }
    }
}

/// What string and integer enums share: the `Default` of the spec's
/// default value (documented where `doc` is given).
fn default_impl(name: &syn::Ident, variant: &str, doc: Option<&str>) -> TokenStream {
    let variant = ident(variant);
    let doc = doc.map(|doc| quote!(#[doc = #doc]));
    quote! {
        impl ::std::default::Default for #name {
            #doc
            fn default() -> Self { Self::#variant }
        }
    }
}

/// The docs of an enum's `from_wire`, whose catch-all variant is `other`.
fn from_wire_doc(other: &syn::Ident) -> String {
    format!(
        " The value for `wire`: its own variant when the spec lists it, else \
         [`{other}`](Self::{other}). The way to send a value the spec does not list yet."
    )
}

/// `Ord` and `PartialOrd` by wire value (read by the method `wire`), not by
/// declaration order: listing values in another order, or adding one, must
/// not reorder existing values.
fn ordered_by_wire(name: &syn::Ident, wire: &TokenStream) -> TokenStream {
    quote! {
        impl ::std::cmp::Ord for #name {
            fn cmp(&self, other: &Self) -> ::std::cmp::Ordering {
                ::std::cmp::Ord::cmp(&self.#wire(), &other.#wire())
            }
        }

        impl ::std::cmp::PartialOrd for #name {
            fn partial_cmp(&self, other: &Self) -> ::std::option::Option<::std::cmp::Ordering> {
                ::std::option::Option::Some(::std::cmp::Ord::cmp(self, other))
            }
        }
    }
}

fn emit_int_enum(
    def: &TypeDef,
    name: &syn::Ident,
    doc: TokenStream,
    e: &NamedEnum<'_, IntEnum, i64>,
) -> TokenStream {
    let other = ident(e.other);
    let variants: Vec<_> = e.variants.iter().map(|v| ident(v.name)).collect();
    let wires: Vec<i64> = e.variants.iter().map(|v| v.wire).collect();
    let variant_docs = wires
        .iter()
        .map(|w| doc_lines(&[format!("The value `{w}`.")]));
    let default = def
        .default
        .as_ref()
        .and_then(serde_json::Value::as_i64)
        .and_then(|d| e.variants.iter().find(|v| v.wire == d))
        .map(|v| default_impl(name, v.name, None));
    let from_wire_doc = from_wire_doc(&other);
    let ordering = ordered_by_wire(name, &quote!(as_i64));
    quote! {
        #doc
        ///
        /// Sent as a JSON number. Values the spec does not list are kept in the
        /// catch-all variant (build one with `from_wire`). Match with a `_` arm:
        /// new values are added in minor releases. Values are ordered by number.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #( #variant_docs #variants, )*
            /// A value the spec does not list, kept verbatim.
            ///
            /// It cannot be built directly, so it never stands for a listed value:
            /// `from_wire` and `From<i64>` give listed values their own variants.
            #other(::fyno_codegen_runtime::UnknownInteger),
        }

        impl #name {
            #[doc = #from_wire_doc]
            pub fn from_wire(wire: i64) -> Self {
                Self::from(wire)
            }

            /// The value as sent on the wire.
            pub fn as_i64(&self) -> i64 {
                match self {
                    #( Self::#variants => #wires, )*
                    Self::#other(value) => value.get(),
                }
            }
        }

        impl ::std::convert::From<i64> for #name {
            fn from(value: i64) -> Self {
                match value {
                    #( #wires => Self::#variants, )*
                    other => Self::#other(::fyno_codegen_runtime::__private::unknown_integer(other)),
                }
            }
        }

        #ordering

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
    o: &NamedOneOf<'_>,
) -> TokenStream {
    let variants: Vec<_> = o.variants.iter().map(|v| ident(v.name)).collect();
    let payloads: Vec<_> = o.variants.iter().map(|v| ctx.ty(&v.ty)).collect();
    let serialize_arms: Vec<TokenStream> = o
        .variants
        .iter()
        .map(|v| serialize_arm(ctx, o, v))
        .collect();
    let variant_docs = o.variants.iter().map(|v| {
        let text = match &v.ty {
            Ty::Named(inner) => {
                let inner_name = ctx.type_name(*inner);
                let inner = ctx.api.types.get(*inner);
                match inner.doc.as_deref().map(crate::emit::rustdoc::summary_line) {
                    Some(summary) if !summary.is_empty() => {
                        format!("{summary} See [`{inner_name}`].")
                    }
                    _ => format!("A [`{inner_name}`]."),
                }
            }
            _ => format!("A {} value.", code(v.name)),
        };
        doc_lines(&[text])
    });
    let derive = derives(ctx, id, quote!());
    let deserialize = super::types_one_of::deserialize_impl(ctx, name, o);
    let froms = one_of_froms(ctx, name, o);
    let builders = one_of_builders(ctx, name, o);
    quote! {
        #doc
        ///
        /// Serialized as the chosen alternative alone (no tag). Decoding picks
        /// the most specific alternative that fits, and an error names what each
        /// alternative lacked when none does. Match with a `_` arm: alternatives
        /// the spec adds are minor releases.
        #derive
        #[non_exhaustive]
        pub enum #name {
            #( #variant_docs #variants(#payloads), )*
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                match self {
                    #( #serialize_arms )*
                }
            }
        }

        #deserialize
        #froms
        #builders
    }
}

/// How one alternative is sent: as its payload alone, or, under a
/// discriminator its payload does not declare, with the tag member added
/// (the server tells the alternatives apart by it, as decoding does).
fn serialize_arm(
    ctx: &Context<'_>,
    o: &NamedOneOf<'_>,
    v: &Named<'_, crate::ir::OneOfVariant>,
) -> TokenStream {
    let variant = ident(v.name);
    // Only an object can carry the tag beside its own members.
    let lacks = |property: &str| ctx.api.types.declares(&v.ty, property) == Some(false);
    let tagged = o
        .discriminator
        .as_ref()
        .zip(v.tag.as_ref().and_then(|t| t.first()))
        .filter(|(d, _)| lacks(&d.property));
    match tagged {
        None => quote!(Self::#variant(value) => ::serde::Serialize::serialize(value, serializer),),
        Some((discriminator, tag)) => {
            let property = &discriminator.property;
            quote! {
                Self::#variant(value) => {
                    let mut tagged = ::serde_json::to_value(value).map_err(<S::Error as ::serde::ser::Error>::custom)?;
                    if let ::serde_json::Value::Object(members) = &mut tagged {
                        members.insert(::std::string::String::from(#property), ::serde_json::Value::from(#tag));
                    }
                    ::serde::Serialize::serialize(&tagged, serializer)
                }
            }
        }
    }
}

/// `From` every payload type that only one alternative has, so a variant's
/// struct or a plain value can be passed where the enum is expected
/// (`PropertyValue::from(123)`, `EventRequest::from(EventRequestTo::new(..))`).
fn one_of_froms(ctx: &Context<'_>, name: &syn::Ident, o: &NamedOneOf<'_>) -> TokenStream {
    let mut counts: BTreeMap<&Ty, usize> = BTreeMap::new();
    for v in &o.variants {
        *counts.entry(&v.ty).or_default() += 1;
    }
    // A plain string and a `format: date` string share `String`: a converted
    // string goes where decoding would put it.
    let plain_string = o
        .variants
        .iter()
        .find(|v| v.ty == Ty::String && v.format.is_none());
    let date_string = o
        .variants
        .iter()
        .find(|v| v.ty == Ty::String && matches!(v.format.as_deref(), Some("date" | "date-time")));
    let strings = match (plain_string, date_string) {
        (Some(plain), Some(date)) if counts.get(&Ty::String) == Some(&2) => {
            let (plain, date) = (ident(plain.name), ident(date.name));
            quote! {
                impl ::std::convert::From<::std::string::String> for #name {
                    /// Date strings (`2021-12-01`, `2020-10-01T18:30:00Z`) become the date alternative, as when decoding.
                    fn from(value: ::std::string::String) -> Self {
                        if ::fyno_codegen_runtime::__private::is_date(&value) { Self::#date(value) } else { Self::#plain(value) }
                    }
                }
                impl ::std::convert::From<&str> for #name {
                    fn from(value: &str) -> Self { Self::from(::std::borrow::ToOwned::to_owned(value)) }
                }
            }
        }
        _ => quote!(),
    };
    // Every conversion each alternative could offer: its payload type, plus
    // infallible sources for literals. A source offered by two alternatives
    // (or already covered by the string rule above) is offered by none, so
    // impls never conflict, whatever the Rust types turn out to be.
    let mut offers: Vec<(String, TokenStream, syn::Ident, bool)> = Vec::new();
    for v in o.variants.iter().filter(|v| v.format.is_none()) {
        let variant = ident(v.name);
        let payload = ctx.ty(&v.ty);
        let key = ctx.ty(&ctx.api.types.resolved(&v.ty)).to_string();
        offers.push((key, payload, variant.clone(), true));
        let extra: Vec<TokenStream> = match ctx.api.types.resolved(&v.ty) {
            Ty::String => vec![quote!(&str)],
            Ty::Number(crate::ir::NumberKind::Exact) => {
                vec![quote!(i64), quote!(u64), quote!(i32), quote!(u32)]
            }
            _ => Vec::new(),
        };
        offers.extend(
            extra
                .into_iter()
                .map(|source| (source.to_string(), source, variant.clone(), false)),
        );
    }
    let mut offered: BTreeMap<String, usize> = BTreeMap::new();
    for (key, ..) in &offers {
        *offered.entry(key.clone()).or_default() += 1;
    }
    let string_rule_taken = !strings.is_empty();
    let impls = offers.iter().filter(|(key, ..)| {
        offered.get(key) == Some(&1)
            && !(string_rule_taken && (key == "& str" || key.ends_with("String")))
    });
    let impls = impls.map(|(_, source, variant, is_payload)| {
        let value = if *is_payload {
            quote!(value)
        } else {
            quote!(::std::convert::From::from(value))
        };
        quote! {
            impl ::std::convert::From<#source> for #name {
                fn from(value: #source) -> Self { Self::#variant(#value) }
            }
        }
    });
    quote!(#strings #(#impls)*)
}

/// Helpers of a `oneOf` of objects, request or response (users build
/// responses too, for mocks in their tests): one constructor per alternative
/// with required fields (`EventRequest::distinct_id(event, id)`), and
/// `with_<field>` for optional fields every alternative shares
/// (`.with_data(..)`). A constructor whose name another helper already has
/// (a variant `WithData` beside a shared `data`) is left out rather than
/// renamed: it only stands for `Variant(Payload::new(..))`, which users can
/// write themselves, while a setter would take a match over every variant.
fn one_of_builders(
    ctx: &Context<'_>,
    name: &syn::Ident,
    o: &NamedOneOf<'_>,
) -> Option<TokenStream> {
    let structs: Vec<Alternative<'_, '_>> = o
        .variants
        .iter()
        .filter_map(|v| match v.item.ty {
            Ty::Named(id) => match &ctx.api.types.get(id).shape {
                Shape::Struct(s) => Some((v, id, ctx.named_struct(id, s))),
                _ => None,
            },
            _ => None,
        })
        .collect();
    let setters = shared_setters(ctx, o, &structs);
    let mut taken: std::collections::BTreeSet<String> =
        setters.iter().map(|(setter, _)| setter.clone()).collect();
    let constructors: Vec<TokenStream> = structs
        .iter()
        .filter(|(_, _, s)| Start::of(s) == Start::New)
        .map(|(v, id, s)| alternative_constructor(ctx, &structs, v, *id, s))
        // Taken by a setter, or by an earlier alternative of the same snake name.
        .filter(|(function, _)| taken.insert(function.clone()))
        .map(|(_, tokens)| tokens)
        .collect();
    if constructors.is_empty() && setters.is_empty() {
        return None;
    }
    let setters = setters.into_iter().map(|(_, tokens)| tokens);
    Some(quote! {
        impl #name {
            #(#constructors)*
            #(#setters)*
        }
    })
}

/// An alternative that is an object: the alternative, its payload type and
/// that type's struct.
type Alternative<'o, 'a> = (
    &'o Named<'a, crate::ir::OneOfVariant>,
    TypeId,
    NamedStruct<'a>,
);

/// One alternative's constructor, named after it, with its function name.
/// Keys every alternative requires come first, the alternative's own last:
/// `EventRequest::distinct_id(event, distinct_id)`, `EventRequest::to(event, to)`.
fn alternative_constructor(
    ctx: &Context<'_>,
    structs: &[Alternative<'_, '_>],
    v: &Named<'_, crate::ir::OneOfVariant>,
    id: TypeId,
    s: &NamedStruct<'_>,
) -> (String, TokenStream) {
    let shared_required = |f: &Named<'_, Field>| {
        structs.iter().all(|(_, _, s)| {
            s.fields
                .iter()
                .any(|g| g.wire == f.wire && !g.is_optional())
        })
    };
    let function_name = crate::idents::snake_ident(v.name);
    let function = ident(&function_name);
    let variant = ident(v.name);
    let payload = ctx.type_path(id);
    let required = required_fields(ctx, s);
    let mut ordered: Vec<&Named<'_, Field>> = required
        .iter()
        .copied()
        .filter(|f| shared_required(f))
        .collect();
    ordered.extend(required.iter().copied().filter(|f| !shared_required(f)));
    let args = new_args(ctx, &ordered);
    let in_new_order: Vec<syn::Ident> = required.iter().map(|f| ident(f.name)).collect();
    let many = many_args_allow(required.len());
    let trait_named = trait_name_allow(&function_name);
    let doc = format!(
        " The [`{0}`](Self::{0}) alternative, from its required fields.",
        v.name
    );
    let tokens = quote! {
        #[doc = #doc]
        #many
        #trait_named
        pub fn #function(#(#args),*) -> Self {
            Self::#variant(#payload::new(#(#in_new_order),*))
        }
    };
    (function_name, tokens)
}

/// `with_<field>` setters of the optional, unboxed fields every alternative
/// has with one type (only when every alternative is an object), with
/// their names.
fn shared_setters(
    ctx: &Context<'_>,
    o: &NamedOneOf<'_>,
    structs: &[Alternative<'_, '_>],
) -> Vec<(String, TokenStream)> {
    let all_objects = structs.len() == o.variants.len() && !structs.is_empty();
    let shared: Vec<&Named<'_, Field>> = match structs.first() {
        Some((_, _, first)) if all_objects => first
            .fields
            .iter()
            .filter(|f| f.is_optional() && !f.boxed)
            .filter(|f| {
                structs.iter().all(|(_, _, s)| {
                    s.fields
                        .iter()
                        // The same Rust name too: each alternative's names
                        // are decided on their own (`+1` may be `n1` in one
                        // and `plus_1` in another).
                        .any(|g| {
                            g.wire == f.wire
                                && g.name == f.name
                                && g.ty == f.ty
                                && g.is_optional()
                                && !g.boxed
                        })
                })
            })
            .collect(),
        _ => Vec::new(),
    };
    shared
        .iter()
        .map(|f| {
            let setter_name = format!("with_{}", f.name.trim_start_matches("r#"));
            let setter = ident(&setter_name);
            let field = ident(f.name);
            let ty = ctx.ty(&f.ty);
            let arms = structs.iter().map(|(v, _, _)| {
                let variant = ident(v.name);
                quote!(Self::#variant(inner) => inner.#field = ::std::option::Option::Some(value.into()),)
            });
            let doc = format!(" Sets {} on whichever alternative this is.", code(&f.wire));
            let tokens = quote! {
                #[doc = #doc]
                pub fn #setter(mut self, value: impl ::std::convert::Into<#ty>) -> Self {
                    match &mut self { #(#arms)* }
                    self
                }
            };
            (setter_name, tokens)
        })
        .collect()
}
