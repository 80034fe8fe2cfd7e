//! The public surface of a generated crate, as lock entries: every item a
//! user can name, keyed by its identity in the spec, with the signature and
//! documentation digest the change report compares.
//!
//! Signatures are written from the same `Context::ty` the emitted code
//! uses, with paths shortened, so a change users would see in the code is a
//! change here.

use crate::digest::digest;
use crate::emit::Context;
use crate::emit::named::NamedOperation;
use crate::emit::{media, params, types};
use crate::ir::{Field, ParamSource, Shape, TypeDef, TypeId};
use crate::lock::keys::{operation_key, status_key, type_key_pointer, unique_type_keys};
use crate::lock::{ApiLock, Entry, key, kind};

/// Every public item of the crate generated from `ctx.api`. `previous`
/// gives types the keys they had, so their members keep theirs.
pub(crate) fn entries(ctx: &Context<'_>, previous: &ApiLock) -> Vec<Entry> {
    let mut out = Vec::new();
    for index in 0..ctx.api.operations.len() {
        operation_entries(ctx, index, &mut out);
    }
    let keys = unique_type_keys(previous, &ctx.api.types);
    for (id, type_key) in ctx.api.types.ids().zip(keys) {
        type_entries(ctx, type_key, id, &mut out);
    }
    for setting in &ctx.client.settings {
        out.push(Entry {
            key: key([kind::SETTING, &setting.wire]),
            name: setting.name.clone(),
            sig: setting_sig(ctx, setting),
            doc: digest(setting.doc.as_deref().unwrap_or_default()),
            pointers: Vec::new(),
            deprecated: String::new(),
            structure: String::new(),
            refers_to: String::new(),
            at: setting.pointer.clone(),
        });
    }
    for credential in &ctx.client.credentials {
        out.push(Entry {
            key: key([kind::CREDENTIAL, &credential.identity]),
            name: credential.setter.clone(),
            sig: credential_sig(credential),
            doc: digest(credential.doc.as_deref().unwrap_or_default()),
            pointers: Vec::new(),
            deprecated: String::new(),
            structure: String::new(),
            refers_to: String::new(),
            at: credential.pointer.clone(),
        });
    }
    for entry in &mut out {
        entry.at = crate::lock::keys::readable_pointer(ctx.api, &entry.at);
    }
    out
}

/// A credential as users see it: how it travels, whether `build` needs it,
/// and the variables `from_env` reads it from (kept by the next generation).
fn credential_sig(credential: &crate::client::credentials::CredentialSetting) -> String {
    let required = if credential.required {
        ", required"
    } else {
        ""
    };
    let vars = credential.env.vars().join(" and ");
    // Header names are case-insensitive: `X-Key` and `x-key` are one header.
    let kind = match &credential.kind {
        crate::ir::SchemeKind::HeaderKey(name) => {
            format!("HeaderKey({:?})", name.to_ascii_lowercase())
        }
        other => format!("{other:?}"),
    };
    format!("{kind}{required}, env {vars}")
}

/// A client setting as users see it: its type, whether `build` needs it
/// (no default), and its environment variable.
fn setting_sig(ctx: &Context<'_>, setting: &crate::client::settings::Setting) -> String {
    let ty = match &setting.kind {
        crate::client::settings::SettingKind::Path { ty, .. } => ty_text(ctx, ty),
        crate::client::settings::SettingKind::Server { .. } => "String".to_owned(),
    };
    let default = match &setting.default {
        Some(default) => format!("default `{default}`"),
        None => "required".to_owned(),
    };
    format!("{ty}, {default}, env {}", setting.env_var)
}

/// The text of a Rust type as users read it: `Vec<Timezone>`, not
/// `::std::vec::Vec<crate::types::Timezone>`.
fn short(tokens: &proc_macro2::TokenStream) -> String {
    let text = tokens.to_string().replace(' ', "");
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    // Keep the last segment of every path.
    while !rest.is_empty() {
        let end = rest
            .find(['<', '>', ',', '(', ')', '[', ']', '&'])
            .unwrap_or(rest.len());
        let (path, tail) = rest.split_at(end);
        out.push_str(path.rsplit("::").next().unwrap_or(path));
        let mut chars = tail.chars();
        if let Some(c) = chars.next() {
            out.push(c);
            if c == ',' {
                out.push(' ');
            }
        }
        rest = chars.as_str();
    }
    out
}

fn ty_text(ctx: &Context<'_>, ty: &crate::ir::Ty) -> String {
    short(&ctx.ty(ty))
}

fn operation_entries(ctx: &Context<'_>, index: usize, out: &mut Vec<Entry>) {
    let op = ctx.named_operation(index);
    let op_key = operation_key(&op);
    let args: Vec<_> = op.params().filter(|p| params::is_positional(p)).collect();
    // Path arguments by type (their names are not part of a call), others
    // by name and type.
    let mut sig: Vec<String> = args
        .iter()
        .map(|p| match p.location {
            crate::ir::ParamIn::Path => ty_text(ctx, &p.ty),
            _ => format!("{}: {}", p.name, ty_text(ctx, &p.ty)),
        })
        .collect();
    if let Some(body) = op.body.as_ref().filter(|b| b.required) {
        sig.push(format!("body: {}", short(&media::body_ty(ctx, body))));
    }
    let returns = success_text(ctx, &op);
    let summary = [op.summary.as_deref(), op.description.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join("\n");
    out.push(Entry {
        key: key([kind::OPERATION, &op_key]),
        name: op.name.to_owned(),
        sig: format!("({}) -> {returns}", sig.join(", ")),
        doc: digest(&summary),
        pointers: Vec::new(),
        deprecated: op.deprecated.clone().unwrap_or_default(),
        structure: String::new(),
        refers_to: String::new(),
        at: op.pointer.clone(),
    });
    let keys = &ctx.operation_names(index).param_keys;
    let arguments = op
        .params()
        .zip(keys)
        .filter(|(p, _)| p.source == ParamSource::Argument);
    for (param, param_key) in arguments {
        let how = if params::is_positional(param) {
            "argument"
        } else {
            "setter"
        };
        out.push(Entry {
            key: param_key.clone(),
            name: param.name.to_owned(),
            sig: format!("{how}: {}", ty_text(ctx, &param.ty)),
            doc: digest(param.doc.as_deref().unwrap_or_default()),
            pointers: Vec::new(),
            deprecated: param.deprecated.clone().unwrap_or_default(),
            structure: String::new(),
            refers_to: String::new(),
            at: param.pointer.clone(),
        });
    }
    if let Some(body) = op.body.as_ref().filter(|b| !b.required) {
        out.push(Entry {
            key: key([kind::PARAMETER, &op_key, "body", ""]),
            name: "body".to_owned(),
            sig: format!("setter: {}", short(&media::body_ty(ctx, body))),
            doc: digest(body.doc.as_deref().unwrap_or_default()),
            pointers: Vec::new(),
            deprecated: String::new(),
            structure: String::new(),
            refers_to: String::new(),
            at: crate::diagnostics::pointer_push(&op.pointer, "requestBody"),
        });
    }
    for response in &op.responses {
        let status = status_key(response.status);
        let side = if response.status.is_success() {
            "success"
        } else {
            "error"
        };
        let body = media::response_ty(ctx, response)
            .map(|ty| short(&ty))
            .unwrap_or_default();
        let at = crate::diagnostics::pointer_push(
            &crate::diagnostics::pointer_push(&op.pointer, "responses"),
            &status,
        );
        out.push(Entry {
            key: key([kind::RESPONSE, &op_key, &status]),
            name: response.name.to_owned(),
            sig: format!("{side}: {body}"),
            doc: digest(response.doc.as_deref().unwrap_or_default()),
            pointers: Vec::new(),
            deprecated: String::new(),
            structure: String::new(),
            refers_to: String::new(),
            at,
        });
    }
}

/// What a call returns: the one success type, or the operation's response enum.
fn success_text(ctx: &Context<'_>, op: &NamedOperation<'_>) -> String {
    let successes: Vec<_> = op
        .responses
        .iter()
        .filter(|r| r.status.is_success())
        .collect();
    match successes.as_slice() {
        [] => "()".to_owned(),
        [only] => media::response_ty(ctx, only).map_or_else(|| "()".to_owned(), |ty| short(&ty)),
        _ => format!("{}Response", crate::idents::type_ident(op.name)),
    }
}

fn type_entries(ctx: &Context<'_>, type_key: Vec<String>, id: TypeId, out: &mut Vec<Entry>) {
    let def = ctx.api.types.get(id);
    let pointer = type_key_pointer(&type_key).to_owned();
    // Where the type is now (a key keeps the place it was first seen at).
    let here = match def.pointer() {
        "" => pointer.clone(),
        written => written.to_owned(),
    };
    let member =
        |member_kind: &str, wire: &str, name: &str, sig: String, doc: &str, at: String| Entry {
            key: key([member_kind, &pointer, wire]),
            name: name.to_owned(),
            sig,
            doc: digest(doc),
            pointers: Vec::new(),
            deprecated: String::new(),
            structure: String::new(),
            refers_to: String::new(),
            at,
        };
    let under = |tokens: &[&str]| {
        tokens
            .iter()
            .fold(here.clone(), |p, t| crate::diagnostics::pointer_push(&p, t))
    };
    let shape = match &def.shape {
        Shape::Struct(s) => {
            let s = ctx.named_struct(id, s);
            let built = types::constructors_text(ctx, &s);
            for field in &s.fields {
                out.push(member(
                    kind::FIELD,
                    &field.wire,
                    field.name,
                    field_sig(ctx, field),
                    field.doc.as_deref().unwrap_or_default(),
                    under(&["properties", &field.wire]),
                ));
                if let Some(entry) = out.last_mut() {
                    if let Some(note) = &field.deprecated {
                        entry.deprecated.clone_from(note);
                    }
                    if let Some(place) = field.reference.as_ref().filter(|p| is_component(p)) {
                        entry.refers_to.clone_from(place);
                    }
                }
            }
            match &s.additional {
                Some(ty) => format!("struct, other members: {} | {built}", ty_text(ctx, ty)),
                None => format!("struct | {built}"),
            }
        }
        Shape::StringEnum(e) => {
            let e = ctx.named_string_enum(id, e);
            let wires = e.variants.iter().map(|v| (v.wire.clone(), v.name));
            enum_members(wires, e.other, &under(&["enum"]), &member, out);
            with_default("string enum", def)
        }
        Shape::IntEnum(e) => {
            let e = ctx.named_int_enum(id, e);
            let wires = e.variants.iter().map(|v| (v.wire.to_string(), v.name));
            enum_members(wires, e.other, &under(&["enum"]), &member, out);
            with_default("integer enum", def)
        }
        Shape::OneOf(o) => {
            let o = ctx.named_one_of(id, o);
            for (index, v) in o.variants.iter().enumerate() {
                out.push(member(
                    kind::ALTERNATIVE,
                    &v.identity,
                    v.name,
                    ty_text(ctx, &v.ty),
                    "",
                    under(&["oneOf", &index.to_string()]),
                ));
            }
            "oneOf enum".to_owned()
        }
        Shape::Alias(ty) => format!("= {}", ty_text(ctx, ty)),
        Shape::Newtype(ty) if def.distinct => format!("distinct({})", ty_text(ctx, ty)),
        Shape::Newtype(ty) => format!("newtype({})", ty_text(ctx, ty)),
    };
    out.push(Entry {
        key: type_key,
        name: ctx.type_name(id).to_owned(),
        sig: shape,
        doc: digest(def.doc.as_deref().unwrap_or_default()),
        pointers: def.lock_pointers.clone(),
        deprecated: def.deprecated.clone().unwrap_or_default(),
        structure: def.structure.clone(),
        refers_to: String::new(),
        at: here,
    });
}

/// A component's own place (`/components/schemas/Pet`): what a member's
/// reference is recorded as (a reference into an inline place names a
/// position that moves).
fn is_component(pointer: &str) -> bool {
    pointer
        .strip_prefix("/components/")
        .and_then(|rest| rest.split_once('/'))
        .is_some_and(|(_, name)| !name.is_empty() && !name.contains('/'))
}

/// Builds a member's entry: kind, wire name, Rust name, signature, doc, place.
type MemberEntry<'a> = dyn Fn(&str, &str, &str, String, &str, String) -> Entry + 'a;

/// The entries of an enum's listed values (wire text and name), then of its
/// catch-all (no wire text), all placed at `at`.
fn enum_members<'n>(
    listed: impl Iterator<Item = (String, &'n str)>,
    other: &'n str,
    at: &str,
    member: &MemberEntry<'_>,
    out: &mut Vec<Entry>,
) {
    for (wire, name) in listed {
        out.push(member(
            kind::VARIANT,
            &wire,
            name,
            String::new(),
            "",
            at.to_owned(),
        ));
    }
    out.push(member(
        kind::CATCH_ALL,
        "",
        other,
        String::new(),
        "",
        at.to_owned(),
    ));
}

/// An enum's kind, with the value `Default` gives when the spec sets one.
fn with_default(kind: &str, def: &TypeDef) -> String {
    match &def.default {
        Some(value) if !value.is_null() => format!("{kind} | default {value}"),
        _ => kind.to_owned(),
    }
}

/// A field as users see it: its type (with `Option` and `Box`) and whether
/// `new` takes it.
fn field_sig(ctx: &Context<'_>, field: &Field) -> String {
    let mut ty = ty_text(ctx, &field.ty);
    if field.boxed {
        ty = format!("Box<{ty}>");
    }
    if field.is_optional() {
        format!("Option<{ty}>")
    } else {
        format!("required {ty}")
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn paths_are_shortened_to_their_last_segment() {
        let tokens = quote::quote!(::std::vec::Vec<crate::generated::types::Timezone>);
        assert_eq!(super::short(&tokens), "Vec<Timezone>");
        let tokens = quote::quote!(::std::collections::BTreeMap<::std::string::String, i64>);
        assert_eq!(super::short(&tokens), "BTreeMap<String, i64>");
    }
}
