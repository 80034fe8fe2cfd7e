//! Stage 6, naming: every Rust identifier, chosen in one deterministic pass
//! (in: the deduplicated API, the lock and the client settings' names;
//! out: the names, written into the IR).
//!
//! Each name is derived from data kept beside it (the wire name stays in the
//! IR next to the Rust name), keywords are escaped, and a collision is never
//! resolved by silently merging two things: a type falls back to its next
//! candidate name, and where no candidate is left the collision is an error
//! naming both places.

use crate::diagnostics::{Diagnostics, Location, Reporter, pointer_push};
use crate::idents::{is_plain_ident, module_ident, snake_ident, type_ident};
use crate::ir::{Api, NameSource, Operation, Shape, Ty, TypeId};
use crate::lock::keys::{operation_key, status_key, type_key_pointer, unique_type_keys};
use crate::lock::{ApiLock, key, kind};
use collisions::{Choice, Claim, Namespace, Outcome};
use heck::ToUpperCamelCase;
use std::collections::{BTreeMap, BTreeSet};

mod collisions;
mod published_order;
mod spelling;

use spelling::{Case, marks, member_candidates};

/// Enums with at least this many values get a file of their own.
const OWN_FILE_VARIANTS: usize = 64;
/// Module for types used by several tags.
pub const COMMON_MODULE: &str = "common";
/// Module for operations without a tag.
const UNTAGGED_MODULE: &str = "general";

/// Words dropped when turning a summary or tag into an identifier.
const FILLER_WORDS: &[&str] = &["a", "an", "the"];

/// Names everything in `api`. A name recorded in `lock` (the committed API
/// lock) is kept for its item unless a human chose another one
/// (`x-rust-name`, `x-rust-method`, `x-enum-varnames`): derived names
/// follow summaries and operationIds, which vendors edit freely.
pub fn name_all(api: &mut Api, lock: &ApiLock, report: &mut Reporter<'_>) {
    let lock = &usable_names(lock, report.sink());
    let keys = unique_type_keys(lock, &api.types);
    published_order::keep_published_path_orders(api, lock);
    name_operations(api, lock, report);
    // Alternatives first: payload types of a oneOf are named after them.
    name_one_of_variants(api, lock, &keys, report);
    name_types(api, lock, &keys, report);
    name_members(api, lock, &keys, report);
    published_order::keep_published_orders(api, lock, &keys);
    assign_type_modules(api);
}

/// The lock with the names that are not usable Rust names of their kind
/// blanked (a hand edit: `thing` for a type, a keyword, `2fast`); each is a
/// warning, and the item gets a derived name. Entries are kept, so keys
/// resolve as in the lock on disk.
fn usable_names(lock: &ApiLock, diags: &mut Diagnostics) -> ApiLock {
    let usable = |entry: &crate::lock::Entry| {
        let name = entry.name.as_str();
        let bare = name.strip_prefix("r#").unwrap_or(name);
        match entry.kind() {
            kind::OPERATION | kind::PARAMETER | kind::FIELD | kind::SETTING | kind::CREDENTIAL => {
                snake_ident(bare) == name && !bare.is_empty()
            }
            _ => type_ident(bare) == name && is_plain_ident(name),
        }
    };
    let mut kept = Vec::with_capacity(lock.entries.len());
    for entry in lock.entries.values() {
        let mut entry = entry.clone();
        if !usable(&entry) {
            diags.warning(
                Location::new(lock.file.clone(), ""),
                format!(
                    "`{}` is not a usable Rust name for the {} `{}`; a name is derived instead",
                    entry.name,
                    entry.kind(),
                    entry.key[1..].join(" ")
                ),
            );
            entry.name.clear();
        }
        kept.push(entry);
    }
    let mut usable_lock = ApiLock::from_entries(kept);
    usable_lock.file.clone_from(&lock.file);
    usable_lock
}

// ---------------------------------------------------------------- operations

/// Names a builder reserves for its own methods.
const BUILDER_METHODS: &[&str] = &[
    "send",
    "send_with_headers",
    "send_streaming",
    "into_request",
    "options",
    "retry_policy",
    "idempotency_key",
    "body",
    "media",
    "client",
    "into_future",
];

fn name_operations(api: &mut Api, lock: &ApiLock, report: &mut Reporter<'_>) {
    for op in &api.operations {
        if let Some(explicit) = &op.explicit_name
            && !is_plain_ident(explicit)
        {
            report.error(
                    pointer_push(&op.pointer, "x-rust-method"),
                    format!("`x-rust-method: {explicit}` is not a usable Rust method name (ASCII letters, digits and `_`, not a keyword)"),
                );
        }
    }
    let names = decide_method_names(api, lock, report);
    for (op, name) in api.operations.iter_mut().zip(names) {
        op.name = name;
        op.module = match &op.tag {
            Some(tag) => module_name(tag),
            None => UNTAGGED_MODULE.to_owned(),
        };
        let op_key = operation_key(op);
        name_params(op, lock, report);
        name_responses(op, lock, &op_key);
    }
}

/// Every operation's method name, in one namespace with the builder, error
/// and response types each method makes and the `Client`'s own methods.
fn decide_method_names(api: &Api, lock: &ApiLock, report: &mut Reporter<'_>) -> Vec<String> {
    let ops = &api.operations;
    // Each path's words, once: a group can hold thousands of operations.
    let words: Vec<PathWords> = ops.iter().map(PathWords::of).collect();
    let claims: Vec<Claim> = ops
        .iter()
        .zip(&words)
        .map(|(op, words)| {
            let mut derived = snake_ident(&method_name(op));
            if derived.is_empty() {
                derived = snake_ident(&fallback_method_name(op));
            }
            let locked = lock.name(&key([kind::OPERATION, &operation_key(op)]));
            let (wanted, choice) = match (&op.explicit_name, locked) {
                (Some(explicit), _) => (snake_ident(explicit), Choice::Human),
                (None, Some(locked)) => (locked.to_owned(), Choice::Locked),
                (None, None) => (derived.clone(), Choice::Derived),
            };
            Claim {
                wanted,
                choice,
                derived,
                identity: operation_identity(op),
                rank: words.list.len(),
            }
        })
        .collect();
    let settings = crate::client::settings::setting_names(api);
    let reserved = |name: &str| {
        crate::client::settings::CLIENT_METHODS.contains(&name)
            || settings.iter().any(|s| s == name)
    };
    let occupies = |name: &str| {
        let builder = type_ident(name);
        vec![
            format!("fn {name}"),
            format!("{builder}Error"),
            format!("{builder}Response"),
            builder,
        ]
    };
    let candidates = |index: usize, rivals: &[usize]| {
        method_candidates(ops, &words, index, &claims[index].derived, rivals)
    };
    let namespace = Namespace {
        reserved: &reserved,
        occupies: &occupies,
        candidates: &candidates,
        numbered: &|name, n| spelling::numbered(Case::Snake, name, n),
    };
    let decisions = namespace.decide(&claims);
    for (index, decision) in decisions.iter().enumerate() {
        let op = &ops[index];
        match &decision.outcome {
            Outcome::Kept => {}
            Outcome::Renamed { wanted, rivals } => {
                let same_name = rivals.iter().all(|&r| {
                    claims[r].derived == *wanted || decisions[r].name == *wanted
                });
                let why = if rivals.is_empty() {
                    "is already a method of `Client`".to_owned()
                } else if same_name {
                    format!("is also derived for {}", describe_operations(ops, &claims, rivals))
                } else {
                    let builder = type_ident(wanted);
                    format!(
                        "would make operation types (`{builder}`, `{builder}Error`, `{builder}Response`) that {} makes too",
                        describe_operations(ops, &claims, rivals)
                    )
                };
                report.warning(
                    op.pointer.clone(),
                    format!("method name `{wanted}` {why}; this operation's method is `{}` (set `x-rust-method` on it to choose another)", decision.name),
                );
            }
            Outcome::Conflict { with: None } => report.error(
                pointer_push(&op.pointer, "x-rust-method"),
                format!("`x-rust-method: {}` is already a method of `Client`; choose another name", decision.name),
            ),
            Outcome::Conflict { with: Some(other) } => report.error(
                pointer_push(&op.pointer, "x-rust-method"),
                format!(
                    "`x-rust-method: {}` collides with the method or operation types (`{}`, `…Error`, `…Response`) chosen at {}; choose another name for one of them",
                    decision.name,
                    type_ident(&decision.name),
                    pointer_push(&ops[*other].pointer, "x-rust-method")
                ),
            ),
        }
    }
    decisions.into_iter().map(|d| d.name).collect()
}

/// What an operation is, whatever the document's order: `get /pets/{id}`.
fn operation_identity(op: &Operation) -> String {
    format!("{} {}", op.method.as_str(), op.path)
}

/// Operations as a message names them: `GET /a, POST /b (its name is
/// published in the API lock)`, the first three of them.
fn describe_operations(ops: &[Operation], claims: &[Claim], indices: &[usize]) -> String {
    listed(indices, |i| {
        let published = match claims[i].choice {
            Choice::Locked => " (its name is published in the API lock)",
            Choice::Human => " (its name is chosen with `x-rust-method`)",
            Choice::Derived => "",
        };
        let op = &ops[i];
        format!(
            "{} {}{published}",
            op.method.as_str().to_ascii_uppercase(),
            op.path
        )
    })
}

/// How many rivals a collision's warning names before "and N more".
const LISTED_RIVALS: usize = 3;

/// The first [`LISTED_RIVALS`] of `indices` as `describe` says them,
/// joined with commas, then "and N more".
fn listed(indices: &[usize], describe: impl Fn(usize) -> String) -> String {
    let mut listed = indices
        .iter()
        .take(LISTED_RIVALS)
        .map(|&i| describe(i))
        .collect::<Vec<_>>()
        .join(", ");
    if indices.len() > LISTED_RIVALS {
        listed.push_str(&format!(" and {} more", indices.len() - LISTED_RIVALS));
    }
    listed
}

/// The path as words: literal segments in snake case (`info.0.json` →
/// `info_0_json`), parameters as `by_` and their name (`{comicId}` →
/// `by_comic_id`).
fn path_words(op: &Operation) -> Vec<String> {
    op.path
        .split('/')
        .filter(|segment| !segment.is_empty())
        .map(|segment| {
            let word = |text: &str| snake_ident(text).trim_start_matches("r#").to_owned();
            match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                Some(param) => format!("by_{}", word(param)),
                None => word(segment),
            }
        })
        .filter(|word| !word.is_empty() && word != "by_")
        .collect()
}

/// The names an operation may take when its derived method name is wanted
/// by `rivals` too, best first: the derived name, then it with the path
/// segments no rival has (`get_info_0_json_by_comic_id`), with those the
/// first rival lacks, with the HTTP method when the methods differ, and with
/// its whole path.
fn method_candidates(
    ops: &[Operation],
    words: &[PathWords],
    index: usize,
    derived: &str,
    rivals: &[usize],
) -> Vec<String> {
    let (op, mine) = (&ops[index], &words[index].list);
    let lacking = |sets: &mut dyn Iterator<Item = &BTreeSet<String>>| -> Vec<String> {
        let sets: Vec<&BTreeSet<String>> = sets.collect();
        mine.iter()
            .filter(|w| sets.iter().all(|set| !set.contains(*w)))
            .cloned()
            .collect()
    };
    let mut suffixes = vec![lacking(&mut rivals.iter().map(|&r| &words[r].set))];
    if let Some(&first) = rivals.first() {
        suffixes.push(lacking(&mut std::iter::once(&words[first].set)));
    }
    if rivals.iter().any(|&r| ops[r].method != op.method) {
        suffixes.push(vec![op.method.as_str().to_ascii_lowercase()]);
    }
    suffixes.push(mine.clone());
    let mut candidates = vec![derived.to_owned()];
    for suffix in suffixes.into_iter().filter(|s| !s.is_empty()) {
        let candidate = Case::Snake.join(derived, &suffix.join("_"));
        if !candidates.contains(&candidate) {
            candidates.push(candidate);
        }
    }
    candidates
}

/// An operation's path words, as a list and as a set.
struct PathWords {
    list: Vec<String>,
    set: BTreeSet<String>,
}

impl PathWords {
    fn of(op: &Operation) -> Self {
        let list = path_words(op);
        let set = list.iter().cloned().collect();
        Self { list, set }
    }
}

/// `x-rust-method`, else `operationId`, else the summary ("Notify a single
/// user" → `notify_single_user`), else method and path.
fn method_name(op: &Operation) -> String {
    if let Some(explicit) = &op.explicit_name {
        return explicit.clone();
    }
    if let Some(id) = &op.operation_id {
        return id.clone();
    }
    match &op.summary {
        Some(summary) => words(summary).join("_"),
        None => String::new(),
    }
}

/// `post /{WSID}/suppressions` → `post_suppressions`: only literal segments.
fn fallback_method_name(op: &Operation) -> String {
    let mut parts = vec![op.method.as_str().to_ascii_lowercase()];
    parts.extend(
        op.path
            .split('/')
            .filter(|s| !s.is_empty() && !s.starts_with('{'))
            .map(ToOwned::to_owned),
    );
    parts.join("_")
}

/// Lower-case words of a phrase: `/` and `&` read as "or" and "and", filler words dropped.
fn words(text: &str) -> Vec<String> {
    let spelled = text.replace('/', " or ").replace('&', " and ");
    snake_ident(&spelled)
        .trim_start_matches("r#")
        .split('_')
        .filter(|w| !w.is_empty() && !FILLER_WORDS.contains(w))
        .map(str::to_owned)
        .collect()
}

/// A tag as a module name: "Manage User Subscriptions & Preferences" → `manage_user_subscriptions_and_preferences`.
pub fn module_name(tag: &str) -> String {
    let name = module_ident(&words(tag).join("_"));
    if name.is_empty() {
        UNTAGGED_MODULE.to_owned()
    } else {
        name
    }
}

fn name_params(op: &mut Operation, lock: &ApiLock, report: &mut Reporter<'_>) {
    let keys: Vec<Vec<String>> = crate::lock::keys::parameter_keys(op)
        .into_iter()
        .zip(op.params())
        .map(|(key, param)| kept_param_key(lock, key, param))
        .collect();
    let mut params: Vec<&mut crate::ir::Param> = op
        .path_params
        .iter_mut()
        .chain(&mut op.query_params)
        .chain(&mut op.header_params)
        .chain(&mut op.cookie_params)
        .collect();
    let claims: Vec<Claim> = params
        .iter()
        .zip(&keys)
        .enumerate()
        .map(|(index, (param, key))| {
            let mut derived = snake_ident(&param.wire);
            let placeholder = derived.is_empty();
            if placeholder {
                derived = format!("param{index}");
            }
            let (wanted, choice) = match lock.name(key) {
                Some(locked) => (locked.to_owned(), Choice::Locked),
                None => (derived.clone(), Choice::Derived),
            };
            // Path arguments first, then query, header, cookie.
            let location = match param.location {
                crate::ir::ParamIn::Path => 0,
                crate::ir::ParamIn::Query => 1,
                crate::ir::ParamIn::Header => 2,
                crate::ir::ParamIn::Cookie => 3,
            };
            let claim = Claim {
                wanted,
                choice,
                derived,
                identity: format!("{} {}", param.location.as_str(), param.wire),
                rank: marks(&param.wire) * 4 + location,
            };
            placeholder_last(claim, placeholder)
        })
        .collect();
    let wires: Vec<(String, &str)> = params
        .iter()
        .map(|p| (p.wire.clone(), p.location.as_str()))
        .collect();
    // Argument names share one namespace with the builder's own methods
    // and fields, and the setters choosing another media type (`as_…`).
    let media_setters = op.body.as_ref().map(media_setter_names).unwrap_or_default();
    let reserved = |name: &str| {
        BUILDER_METHODS.contains(&name) || media_setters.iter().any(|setter| setter == name)
    };
    let candidates = |index: usize, rivals: &[usize]| {
        let (wire, location) = (&wires[index].0, wires[index].1);
        let derived = &claims[index].derived;
        if rivals.is_empty() {
            // Only a builder method stands in the way.
            return vec![Case::Snake.join(derived, "param")];
        }
        let rival_wires: Vec<&str> = rivals.iter().map(|&r| wires[r].0.as_str()).collect();
        let mut candidates = member_candidates(wire, derived, &rival_wires, Case::Snake);
        if rivals.iter().any(|&r| wires[r].1 != location) {
            candidates.push(Case::Snake.join(derived, location));
        }
        candidates.push(Case::Snake.join(derived, "param"));
        candidates
    };
    let namespace = Namespace {
        reserved: &reserved,
        occupies: &|name| vec![name.to_owned()],
        candidates: &candidates,
        numbered: &|name, n| spelling::numbered(Case::Snake, name, n),
    };
    let decisions = namespace.decide(&claims);
    for (param, key) in params.iter_mut().zip(&keys) {
        param.lock_key.clone_from(key);
    }
    for (index, (param, decision)) in params.iter_mut().zip(decisions).enumerate() {
        if let Outcome::Renamed { wanted, rivals } = &decision.outcome {
            let why = if rivals.is_empty() {
                "the operation's builder uses itself".to_owned()
            } else {
                format!(
                    "is also derived for {}",
                    rivals
                        .iter()
                        .map(|&r| format!("the {} parameter `{}`", wires[r].1, wires[r].0))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            };
            report.warning(
                param.pointer.clone(),
                format!(
                    "parameter `{}` would be named `{wanted}`, which {why}; it is `{}`",
                    wires[index].0, decision.name
                ),
            );
        }
        param.name = decision.name;
    }
}

/// `as_<subtype>` (`as_x_www_form_urlencoded`), or with the whole media type
/// when two alternatives share a subtype.
pub(crate) fn media_setter_name(content_type: &str, used: &[String]) -> String {
    let essence = content_type.split(';').next().unwrap_or_default().trim();
    let subtype = essence.rsplit('/').next().unwrap_or(essence);
    let short = format!("as_{}", snake_ident(subtype).trim_start_matches("r#"));
    if used.contains(&short) {
        format!("as_{}", snake_ident(essence).trim_start_matches("r#"))
    } else {
        short
    }
}

/// The setters of a body's alternative media types, in order.
fn media_setter_names(body: &crate::ir::Body) -> Vec<String> {
    let mut used = Vec::new();
    for media in &body.alternatives {
        let name = media_setter_name(&media.content_type, &used);
        used.push(name);
    }
    used
}

/// A parameter's lock key. One keyed by name and location (another of the
/// operation shares its name) keeps the key by name alone that the lock
/// published while it was the only one, at this parameter's place: adding
/// a header `id` beside a query `id` neither renames nor re-keys the query's.
fn kept_param_key(lock: &ApiLock, key: Vec<String>, param: &crate::ir::Param) -> Vec<String> {
    if lock.get(&key).is_some() {
        return key;
    }
    let [kind, op, wire, _location] = key.as_slice() else {
        return key;
    };
    let alone = vec![kind.clone(), op.clone(), wire.clone()];
    // The lock names the parameter's place as output does (a lock written
    // before parameters were named by `in:name` has the author's pointer).
    let here = crate::lock::keys::readable_parameter_pointer(param);
    match lock.get(&alone) {
        Some(entry) if entry.at == here || entry.at == param.written_at => alone,
        _ => key,
    }
}

/// Status variant names: the lock's, unless two statuses would share one
/// (a hand edit), then derived.
fn name_responses(op: &mut Operation, lock: &ApiLock, op_key: &str) {
    let locked: Vec<Option<&str>> = op
        .responses
        .iter()
        .map(|r| lock.name(&key([kind::RESPONSE, op_key, &status_key(r.status)])))
        .collect();
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for name in locked.iter().flatten() {
        *counts.entry(name).or_default() += 1;
    }
    for (response, locked) in op.responses.iter_mut().zip(&locked) {
        if let Some(locked) = locked.filter(|n| counts.get(n) == Some(&1)) {
            response.name = locked.to_owned();
            continue;
        }
        response.name = match response.status {
            crate::ir::StatusMatch::Code(code) => status_variant(code),
            crate::ir::StatusMatch::Range(digit) => format!("Status{digit}xx"),
            crate::ir::StatusMatch::Default => "Default".to_owned(),
        };
    }
}

/// A documented status as an enum variant name, from the IANA reason phrase.
fn status_variant(code: u16) -> String {
    let reason = match code {
        200 => "Ok",
        201 => "Created",
        202 => "Accepted",
        204 => "NoContent",
        400 => "BadRequest",
        401 => "Unauthorized",
        402 => "PaymentRequired",
        403 => "Forbidden",
        404 => "NotFound",
        405 => "MethodNotAllowed",
        406 => "NotAcceptable",
        408 => "RequestTimeout",
        409 => "Conflict",
        410 => "Gone",
        412 => "PreconditionFailed",
        413 => "PayloadTooLarge",
        415 => "UnsupportedMediaType",
        422 => "UnprocessableEntity",
        429 => "TooManyRequests",
        500 => "InternalServerError",
        501 => "NotImplemented",
        502 => "BadGateway",
        503 => "ServiceUnavailable",
        504 => "GatewayTimeout",
        _ => return format!("Status{code}"),
    };
    reason.to_owned()
}

// --------------------------------------------------------------------- types

fn name_types(api: &mut Api, lock: &ApiLock, keys: &[Vec<String>], report: &mut Reporter<'_>) {
    for origin in api.types.types.iter().flat_map(|t| &t.origins) {
        if let NameSource::Explicit(name) = &origin.name
            && !is_plain_ident(name)
        {
            report.error(
                pointer_push(&origin.pointer, "x-rust-name"),
                format!("`x-rust-name: {name}` is not a usable Rust type name (ASCII letters, digits and `_`, not a keyword)"),
            );
        }
    }
    let count = api.types.types.len();
    let locked: Vec<Option<String>> = keys
        .iter()
        .map(|key| lock.name(key).map(str::to_owned))
        .collect();
    // Order of assignment: human-chosen names, then names in the lock, then
    // the best-ranked source, then spec order: a published name is never
    // taken by a newcomer, a component keeps its own name, and inline
    // copies fall back.
    let mut order: Vec<TypeId> = api.types.ids().collect();
    order.sort_by_key(|id| {
        let def = api.types.get(*id);
        let rank = def
            .origins
            .iter()
            .map(|o| o.name.rank())
            .min()
            .unwrap_or(u8::MAX);
        let tier = match (rank, &locked[id.0]) {
            (0, _) => 0,
            (_, Some(_)) => 1,
            _ => 2,
        };
        // Ties break on where the schema is, never on the order lowering
        // met it (which is the document's order).
        let identity = def.origins.iter().map(|o| o.pointer.as_str()).min();
        (tier, rank, identity, id.0)
    });

    let mut names: Vec<Option<String>> = vec![None; count];
    let mut taken: BTreeMap<String, TypeId> = BTreeMap::new();
    for id in order {
        assign_type_name(
            api,
            &locked,
            id,
            &mut names,
            &mut taken,
            &mut Vec::new(),
            report,
        );
    }
    for (def, name) in api.types.types.iter_mut().zip(names) {
        def.name = name.unwrap_or_default();
    }
}

#[allow(clippy::too_many_arguments)] // the naming pass's state, threaded through one recursion
fn assign_type_name(
    api: &Api,
    locked: &[Option<String>],
    id: TypeId,
    names: &mut Vec<Option<String>>,
    taken: &mut BTreeMap<String, TypeId>,
    visiting: &mut Vec<TypeId>,
    report: &mut Reporter<'_>,
) -> Option<String> {
    if let Some(name) = &names[id.0] {
        return Some(name.clone());
    }
    if visiting.contains(&id) {
        return None;
    }
    visiting.push(id);
    let def = api.types.get(id);
    let mut origins: Vec<&crate::ir::Origin> = def.origins.iter().collect();
    origins.sort_by(|a, b| (a.name.rank(), &a.pointer).cmp(&(b.name.rank(), &b.pointer)));
    let sources = origins.iter().map(|o| &o.name);

    let mut candidates: Vec<String> = Vec::new();
    for source in sources {
        let candidate = match source {
            NameSource::Explicit(name)
            | NameSource::Component(name)
            | NameSource::ComponentResponse(name)
            | NameSource::Pointer(name) => Some(type_ident(name)),
            NameSource::Operation { operation, suffix } => api
                .operations
                .get(operation.0)
                .map(|op| type_ident(&format!("{}_{}", op.name, suffix))),
            NameSource::Nested { parent, suffix } => {
                let parent_name =
                    assign_type_name(api, locked, *parent, names, taken, visiting, report);
                parent_name.map(|p| {
                    let suffix = match suffix.strip_prefix('#') {
                        Some(index) => one_of_variant_suffix(api, *parent, index),
                        None => suffix.clone(),
                    };
                    type_ident(&format!("{p}_{}", suffix.to_upper_camel_case()))
                })
            }
        };
        if let Some(candidate) = candidate.filter(|c| !c.is_empty() && !candidates.contains(c)) {
            candidates.push(candidate);
        }
    }
    visiting.pop();
    // The published name comes right after a human-chosen one.
    if let Some(name) = &locked[id.0] {
        let explicit = usize::from(def.origins.iter().any(|o| o.name.rank() == 0));
        if !candidates.iter().take(explicit).any(|c| c == name) {
            candidates.retain(|c| c != name);
            candidates.insert(explicit.min(candidates.len()), name.clone());
        }
    }

    let explicit = def.origins.iter().find_map(|o| match &o.name {
        NameSource::Explicit(name) => Some(type_ident(name)),
        _ => None,
    });
    let free = candidates.iter().find(|c| !taken.contains_key(*c)).cloned();
    let name = match (free, explicit) {
        // A human-chosen name is never replaced by a fallback.
        (Some(free), Some(explicit)) if free != explicit => {
            report_type_collision(api, id, &explicit, taken, report);
            explicit
        }
        (Some(free), _) => free,
        (None, Some(explicit)) => {
            report_type_collision(api, id, &explicit, taken, report);
            format!("{explicit}{}", id.0)
        }
        // Two different schemas whose derived names coincide: the later one
        // is numbered, and the maintainer is told how to name it instead.
        (None, None) => {
            let first = candidates
                .first()
                .cloned()
                .unwrap_or_else(|| format!("Type{}", id.0));
            let numbered = numbered_free(&first, |n| taken.contains_key(n));
            report_numbered_type(api, id, &first, &numbered, taken, report);
            numbered
        }
    };
    taken.entry(name.clone()).or_insert(id);
    names[id.0] = Some(name.clone());
    Some(name)
}

/// `name2`, `name3`, … : the first that `is_taken` refuses.
fn numbered_free(name: &str, is_taken: impl Fn(&str) -> bool) -> String {
    (2..)
        .map(|n| format!("{name}{n}"))
        .find(|candidate| !is_taken(candidate))
        .unwrap_or_else(|| name.to_owned())
}

/// Where the type `id` is, and where the type already named `name` is.
fn collision_pointers(
    api: &Api,
    id: TypeId,
    name: &str,
    taken: &BTreeMap<String, TypeId>,
) -> (String, String) {
    let first_pointer = |id: TypeId| api.types.get(id).pointer().to_owned();
    let other = taken
        .get(name)
        .map(|o| first_pointer(*o))
        .unwrap_or_default();
    (first_pointer(id), other)
}

fn report_numbered_type(
    api: &Api,
    id: TypeId,
    name: &str,
    numbered: &str,
    taken: &BTreeMap<String, TypeId>,
    report: &mut Reporter<'_>,
) {
    let (here, other) = collision_pointers(api, id, name, taken);
    report.warning(
        here,
        format!("type name `{name}` is already used by the different schema at {other}; this one is named `{numbered}` (set `x-rust-name` to choose)"),
    );
}

fn report_type_collision(
    api: &Api,
    id: TypeId,
    name: &str,
    taken: &BTreeMap<String, TypeId>,
    report: &mut Reporter<'_>,
) {
    let (here, other) = collision_pointers(api, id, name, taken);
    report.error(
        here,
        format!("type name `{name}` is already used by the different schema at {other}; give one of them another `x-rust-name`"),
    );
}

/// The variant name used as a suffix for the payload type of a `oneOf` alternative.
fn one_of_variant_suffix(api: &Api, parent: TypeId, index: &str) -> String {
    let Shape::OneOf(one_of) = &api.types.get(parent).shape else {
        return format!("Variant{index}");
    };
    let Ok(index) = index.parse::<usize>() else {
        return format!("Variant{index}");
    };
    one_of
        .variants
        .get(index)
        .map(|v| v.name.clone())
        .unwrap_or_else(|| format!("Variant{index}"))
}

/// Variant names of a `oneOf`: `x-rust-name`, else what sets the alternative
/// apart (its distinguishing required keys: `To`, `DistinctId`,
/// `DistinctIdAndTo`), else its kind (`String`, `Number`, `Date`, `List`).
fn one_of_variant_names(api: &Api, one_of: &crate::ir::OneOf) -> Vec<String> {
    let key_sets: Vec<Option<(BTreeSet<&str>, BTreeSet<&str>)>> = one_of
        .variants
        .iter()
        .map(|v| match &v.ty {
            Ty::Named(id) => match &api.types.get(*id).shape {
                Shape::Struct(s) => Some((
                    s.fields
                        .iter()
                        .filter(|f| f.required)
                        .map(|f| f.wire.as_str())
                        .collect(),
                    s.fields.iter().map(|f| f.wire.as_str()).collect(),
                )),
                _ => None,
            },
            _ => None,
        })
        .collect();
    let required_by_all: BTreeSet<&str> = key_sets
        .iter()
        .flatten()
        .map(|(required, _)| required.clone())
        .reduce(|a, b| a.intersection(&b).copied().collect())
        .unwrap_or_default();

    one_of
        .variants
        .iter()
        .enumerate()
        .map(|(index, variant)| {
            if let Some(explicit) = variant
                .explicit
                .as_deref()
                .map(type_ident)
                .filter(|n| !n.is_empty())
            {
                return explicit;
            }
            if let Some(title) = variant
                .title
                .as_deref()
                .map(type_ident)
                .filter(|n| !n.is_empty())
            {
                return title;
            }
            // A tagged alternative is called what its tag says (`Blank`,
            // `Snapshot`); one with several tags, after its schema.
            match variant.tag.as_deref() {
                Some([tag]) if !type_ident(tag).is_empty() => return type_ident(tag),
                Some([first, ..]) => {
                    return referenced_name(api, variant).unwrap_or_else(|| type_ident(first));
                }
                _ => {}
            }
            if let Some((required, all)) = &key_sets[index] {
                let distinguishing: Vec<&str> =
                    required.difference(&required_by_all).copied().collect();
                let keys = if distinguishing.is_empty() {
                    // Keys no other alternative has.
                    all.iter()
                        .filter(|k| {
                            key_sets.iter().enumerate().all(|(j, other)| {
                                j == index || other.as_ref().is_none_or(|(_, o)| !o.contains(*k))
                            })
                        })
                        .copied()
                        .collect()
                } else {
                    distinguishing
                };
                let name = type_ident(&keys.join("_and_"));
                if !name.is_empty() {
                    return name;
                }
            }
            match (&variant.ty, variant.format.as_deref()) {
                (Ty::String, Some(format)) => type_ident(format),
                (Ty::String, None) => "String".to_owned(),
                (Ty::Integer(_), _) => "Integer".to_owned(),
                (Ty::Number(_), _) => "Number".to_owned(),
                (Ty::Boolean, _) => "Boolean".to_owned(),
                (Ty::Array(_), _) => "List".to_owned(),
                (Ty::Map(_) | Ty::JsonObject, _) => "Object".to_owned(),
                (Ty::Json, _) => "Json".to_owned(),
                (Ty::Format(format), _) => format!("{format:?}"),
                (Ty::Named(_), _) => {
                    referenced_name(api, variant).unwrap_or_else(|| format!("Variant{index}"))
                }
            }
        })
        .collect()
}

/// The name of the component an alternative refers to (as written), else of its type.
fn referenced_name(api: &Api, variant: &crate::ir::OneOfVariant) -> Option<String> {
    variant
        .reference
        .as_deref()
        .map(type_ident)
        .filter(|n| !n.is_empty())
        .or_else(|| component_name(api, &variant.ty))
}

/// The `x-rust-name` or component name of a named type.
fn component_name(api: &Api, ty: &Ty) -> Option<String> {
    let Ty::Named(id) = ty else {
        return None;
    };
    api.types
        .get(*id)
        .origins
        .iter()
        .find_map(|o| match &o.name {
            NameSource::Explicit(n) | NameSource::Component(n) => Some(type_ident(n)),
            _ => None,
        })
}

// ------------------------------------------------------------------- members

/// Names every `oneOf`'s alternatives, reporting two that would share a name.
fn name_one_of_variants(
    api: &mut Api,
    lock: &ApiLock,
    keys: &[Vec<String>],
    report: &mut Reporter<'_>,
) {
    let names: Vec<Option<Vec<String>>> = api
        .types
        .types
        .iter()
        .zip(keys)
        .map(|(def, key)| match &def.shape {
            Shape::OneOf(o) => Some(locked_alternative_names(
                lock,
                key,
                o,
                one_of_variant_names(api, o),
            )),
            _ => None,
        })
        .collect();
    for (def, names) in api.types.types.iter_mut().zip(names) {
        let pointer = def.pointer().to_owned();
        let (Shape::OneOf(o), Some(names)) = (&mut def.shape, names) else {
            continue;
        };
        let mut taken = BTreeSet::new();
        for (index, variant) in o.variants.iter_mut().enumerate() {
            let mut name = names
                .get(index)
                .filter(|n| !n.is_empty())
                .cloned()
                .unwrap_or_else(|| format!("Variant{index}"));
            if taken.contains(&name) {
                let at = pointer_push(&pointer_push(&pointer, "oneOf"), &index.to_string());
                let numbered = numbered_free(&name, |n| taken.contains(n));
                let message = format!(
                    "two alternatives of this oneOf/anyOf would both be named `{name}`; this one is `{numbered}` (set `x-rust-name` on the alternative to choose)"
                );
                if variant.explicit.is_some() {
                    report.error(at, message);
                } else {
                    report.warning(at, message);
                }
                name = numbered;
            }
            taken.insert(name.clone());
            variant.name = name;
        }
    }
}

/// Derived alternative names, replaced by the lock's where the
/// alternative has no `x-rust-name`.
fn locked_alternative_names(
    lock: &ApiLock,
    type_key: &[String],
    o: &crate::ir::OneOf,
    derived: Vec<String>,
) -> Vec<String> {
    let pointer = type_key_pointer(type_key);
    derived
        .into_iter()
        .zip(&o.variants)
        .map(|(name, variant)| {
            match lock.name(&key([kind::ALTERNATIVE, pointer, &variant.identity])) {
                Some(locked) if variant.explicit.is_none() => locked.to_owned(),
                _ => name,
            }
        })
        .collect()
}

fn name_members(api: &mut Api, lock: &ApiLock, keys: &[Vec<String>], report: &mut Reporter<'_>) {
    for (def, type_key) in api.types.types.iter_mut().zip(keys) {
        let key_pointer = type_key_pointer(type_key).to_owned();
        let member = |member_kind: &str, wire: &str| {
            lock.name(&key([member_kind, &key_pointer, wire]))
                .map(str::to_owned)
        };
        let pointer = def.pointer().to_owned();
        let at = |token: &str| pointer_push(&pointer, token);
        match &mut def.shape {
            Shape::Struct(s) => {
                let names = decide_field_names(s, &member, &at("properties"), report);
                for (field, name) in s.fields.iter_mut().zip(names) {
                    field.name = name;
                }
            }
            Shape::StringEnum(e) => {
                e.other = name_enum_variants(
                    &mut e.variants,
                    |wire| enum_variant_ident(wire),
                    |wire| member(kind::VARIANT, wire),
                    member(kind::CATCH_ALL, ""),
                    &at("enum"),
                    report,
                );
            }
            Shape::IntEnum(e) => {
                let numbered = |wire: &i64| {
                    if *wire < 0 {
                        format!("ValueMinus{}", wire.unsigned_abs())
                    } else {
                        format!("Value{wire}")
                    }
                };
                e.other = name_enum_variants(
                    &mut e.variants,
                    numbered,
                    |wire| member(kind::VARIANT, wire),
                    member(kind::CATCH_ALL, ""),
                    &at("enum"),
                    report,
                );
            }
            Shape::OneOf(_) | Shape::Alias(_) | Shape::Newtype(_) => {}
        }
    }
}

/// Every field name of a struct: the lock's, else derived from the JSON
/// key, and when two keys give one name, names that say what sets them
/// apart (`plus_1`/`minus_1`, `job_id`/`job_id_upper`).
fn decide_field_names(
    s: &crate::ir::Struct,
    locked: &dyn Fn(&str, &str) -> Option<String>,
    at: &str,
    report: &mut Reporter<'_>,
) -> Vec<String> {
    let fields = &s.fields;
    let mut claims = Vec::with_capacity(fields.len());
    for (index, field) in fields.iter().enumerate() {
        claims.push({
            let mut derived = snake_ident(&field.wire);
            let placeholder = derived.is_empty();
            if placeholder {
                derived = format!("field{index}");
            }
            if let Some(explicit) = field.explicit.as_deref().filter(|n| !is_plain_ident(n)) {
                report.error(
                at,
                    format!("`x-rust-field-names` names `{}` `{explicit}`, which is not a usable Rust field name (ASCII letters, digits and `_`, not a keyword)", field.wire),
                );
            }
            let claim = member_claim(
                &field.wire,
                derived,
                field.explicit.clone(),
                locked(kind::FIELD, &field.wire),
            );
            placeholder_last(claim, placeholder)
        });
    }
    let wires: Vec<&str> = fields.iter().map(|f| f.wire.as_str()).collect();
    // The map of undeclared members is `additional_properties`, unless a
    // published or chosen field already holds that name (the map then gives way).
    let map_keeps_its_name = s.additional.is_some()
        && !claims
            .iter()
            .any(|c| c.choice != Choice::Derived && c.wanted == ADDITIONAL_FIELD);
    let reserved = |name: &str| map_keeps_its_name && name == ADDITIONAL_FIELD;
    let decisions = decide_members(&claims, &wires, Case::Snake, &reserved);
    report_members(&decisions, &wires, &FIELDS, at, report);
    decisions.into_iter().map(|d| d.name).collect()
}

/// A member's claim: a human's name, else the lock's, else the derived one.
fn member_claim(
    wire: &str,
    derived: String,
    explicit: Option<String>,
    locked: Option<String>,
) -> Claim {
    let (wanted, choice) = match (explicit, locked) {
        (Some(explicit), _) => (explicit, Choice::Human),
        (None, Some(locked)) => (locked, Choice::Locked),
        (None, None) => (derived.clone(), Choice::Derived),
    };
    Claim {
        wanted,
        choice,
        derived,
        identity: wire.to_owned(),
        rank: marks(wire),
    }
}

/// The field keeping an object's undeclared members.
const ADDITIONAL_FIELD: &str = "additional_properties";

/// A derived name that is a placeholder (`field3`: the wire name has no
/// letters or digits) is served after every real one.
fn placeholder_last(mut claim: Claim, placeholder: bool) -> Claim {
    if placeholder {
        claim.rank = usize::MAX;
    }
    claim
}

/// Decides the names of a struct's fields or an enum's variants (one
/// namespace each; `reserved`: names the generated type uses itself).
fn decide_members(
    claims: &[Claim],
    wires: &[&str],
    case: Case,
    reserved: &dyn Fn(&str) -> bool,
) -> Vec<collisions::Decision> {
    let candidates = |index: usize, rivals: &[usize]| {
        let rival_wires: Vec<&str> = rivals.iter().map(|&r| wires[r]).collect();
        member_candidates(wires[index], &claims[index].derived, &rival_wires, case)
    };
    Namespace {
        reserved,
        occupies: &|name| vec![name.to_owned()],
        candidates: &candidates,
        numbered: &|name, n| spelling::numbered(case, name, n),
    }
    .decide(claims)
}

/// How messages speak of one kind of member.
struct MemberWords {
    /// What the spec lists, plural and singular (`properties`, `property`).
    many: &'static str,
    one: &'static str,
    /// What it becomes in Rust (`field`).
    member: &'static str,
    /// The extension a human names them with.
    key: &'static str,
}

const FIELDS: MemberWords = MemberWords {
    many: "properties",
    one: "property",
    member: "field",
    key: "x-rust-field-names",
};

const VARIANTS: MemberWords = MemberWords {
    many: "enum values",
    one: "enum value",
    member: "variant",
    key: "x-enum-varnames",
};

/// Warns of every member renamed, and reports two human-chosen names that
/// collide as an error.
fn report_members(
    decisions: &[collisions::Decision],
    wires: &[&str],
    words: &MemberWords,
    at: &str,
    report: &mut Reporter<'_>,
) {
    let MemberWords {
        many: what,
        one,
        member,
        key,
    } = words;
    let named = |indices: &[usize]| {
        listed(indices, |i| match wires.get(i).copied().unwrap_or("") {
            "" => "the catch-all".to_owned(),
            wire => format!("`{wire}`"),
        })
    };
    let both = |rivals: &[usize]| if rivals.len() > 1 { "all" } else { "both" };
    for (index, decision) in decisions.iter().enumerate() {
        match &decision.outcome {
            Outcome::Kept => {}
            Outcome::Renamed { wanted, rivals } if rivals.is_empty() => report.warning(
                at,
                format!(
                    "{one} `{}` would be the {member} `{wanted}`, which the generated type uses itself; it is `{}` (name it with `{key}` to choose)",
                    wires[index], decision.name
                ),
            ),
            Outcome::Renamed { wanted, rivals } => report.warning(
                at,
                format!(
                    "{what} {} and `{}` would {} be the {member} `{wanted}`; `{}` is `{}` (name them with `{key}` to choose)",
                    named(rivals),
                    wires[index],
                    both(rivals),
                    wires[index],
                    decision.name
                ),
            ),
            Outcome::Conflict { with } => report.error(
                at,
                format!(
                    "{what} {} and `{}` are both named `{}` by `{key}`; choose distinct names",
                    named(with.as_slice()),
                    wires[index],
                    decision.name
                ),
            ),
        }
    }
}

/// Names the known values of an enum (`x-enum-varnames` first, then the
/// lock's names, else derived ones), deciding collisions, and returns the
/// catch-all variant's name.
fn name_enum_variants<T: std::fmt::Display>(
    variants: &mut [crate::ir::EnumVariant<T>],
    derived: impl Fn(&T) -> String,
    locked: impl Fn(&str) -> Option<String>,
    locked_other: Option<String>,
    at: &str,
    report: &mut Reporter<'_>,
) -> String {
    let wires: Vec<String> = variants.iter().map(|v| v.wire.to_string()).collect();
    let mut claims = Vec::with_capacity(variants.len());
    for (variant, wire) in variants.iter().zip(&wires) {
        let explicit = variant.explicit.as_deref().map(type_ident);
        if explicit.as_deref() == Some("") {
            report.warning(
                at,
                format!("the `x-enum-varnames` entry for `{wire}` is not a usable name; the variant gets a derived name"),
            );
        }
        let explicit = explicit.filter(|n| !n.is_empty());
        claims.push(member_claim(
            wire,
            derived(&variant.wire),
            explicit,
            locked(wire),
        ));
    }
    let mut wire_refs: Vec<&str> = wires.iter().map(String::as_str).collect();
    // A published catch-all keeps its name against a new value: it is a
    // claim like the others (with no wire value).
    if let Some(other) = &locked_other {
        claims.push(Claim {
            wanted: other.clone(),
            choice: Choice::Locked,
            derived: other.clone(),
            identity: String::new(),
            rank: 0,
        });
        wire_refs.push("");
    }
    let mut decisions = decide_members(&claims, &wire_refs, Case::Camel, &|_| false);
    report_members(&decisions, &wire_refs, &VARIANTS, at, report);
    let kept_other = match (&locked_other, decisions.len() > variants.len()) {
        (Some(other), true) => decisions.pop().filter(|d| d.name == *other).map(|d| d.name),
        _ => None,
    };
    let mut taken: BTreeMap<String, ()> = BTreeMap::new();
    for (variant, decision) in variants.iter_mut().zip(decisions) {
        taken.insert(decision.name.clone(), ());
        variant.name = decision.name;
    }
    kept_other.unwrap_or_else(|| other_variant(&taken))
}

/// The catch-all variant's name: `Other`, unless a known value already took it.
fn other_variant<V>(taken: &BTreeMap<String, V>) -> String {
    ["Other", "Unknown", "UnknownValue", "OtherValue"]
        .into_iter()
        .map(str::to_owned)
        .chain((1..).map(|n| format!("Other{n}")))
        .find(|n| !taken.contains_key(n))
        .unwrap_or_default()
}

/// A wire enum value as a variant name. Signs carry meaning in values such as
/// `Etc/GMT-1` (which is *east* of Greenwich) and must never be dropped:
/// `+` reads "plus", and a `-` before a digit reads "minus", so
/// `Etc/GMT+1` → `EtcGmtPlus1` and `Etc/GMT-1` → `EtcGmtMinus1`.
pub fn enum_variant_ident(wire: &str) -> String {
    let mut spelled = String::with_capacity(wire.len() + 8);
    let mut chars = wire.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '+' => spelled.push_str(" plus "),
            '-' if chars.peek().is_some_and(char::is_ascii_digit) => spelled.push_str(" minus "),
            other => spelled.push(other),
        }
    }
    let name = type_ident(&spelled);
    if name.is_empty() {
        "Empty".to_owned()
    } else {
        name
    }
}

// -------------------------------------------------------------------- layout

/// Puts each type in a module: the module of the only tag that uses it,
/// `common` when several do, and a file of its own for very large enums.
fn assign_type_modules(api: &mut Api) {
    let count = api.types.types.len();
    let mut tags: Vec<BTreeSet<String>> = vec![BTreeSet::new(); count];
    for op in &api.operations {
        let roots = op
            .params()
            .map(|p| &p.ty)
            .chain(op.body.iter().map(|b| &b.ty))
            .chain(op.responses.iter().filter_map(|r| r.ty.as_ref()));
        for (index, reached) in api.types.reachable(roots).into_iter().enumerate() {
            if reached {
                tags[index].insert(op.module.clone());
            }
        }
    }
    for (def, tags) in api.types.types.iter_mut().zip(tags) {
        let big_enum = match &def.shape {
            Shape::StringEnum(e) => e.variants.len() >= OWN_FILE_VARIANTS,
            Shape::IntEnum(e) => e.variants.len() >= OWN_FILE_VARIANTS,
            _ => false,
        };
        def.module = if big_enum {
            module_ident(&def.name)
        } else if tags.len() == 1 {
            tags.into_iter()
                .next()
                .unwrap_or_else(|| COMMON_MODULE.to_owned())
        } else {
            COMMON_MODULE.to_owned()
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timezone_signs_are_kept() {
        assert_eq!(enum_variant_ident("Etc/GMT+1"), "EtcGmtPlus1");
        assert_eq!(enum_variant_ident("Etc/GMT-1"), "EtcGmtMinus1");
        assert_eq!(enum_variant_ident("GMT0"), "Gmt0");
        assert_eq!(enum_variant_ident("GMT+0"), "GmtPlus0");
        assert_eq!(enum_variant_ident("GMT-0"), "GmtMinus0");
        assert_eq!(
            enum_variant_ident("America/Port-au-Prince"),
            "AmericaPortAuPrince"
        );
        assert_eq!(enum_variant_ident("opted-out"), "OptedOut");
        assert_eq!(enum_variant_ident("on"), "On");
        assert_eq!(enum_variant_ident(""), "Empty");
        assert_eq!(enum_variant_ident("1st"), "V1st");
    }

    #[test]
    fn method_names_read_like_rust() {
        assert_eq!(
            words("Notify a single user").join("_"),
            "notify_single_user"
        );
        assert_eq!(
            words("Add/Update channel data").join("_"),
            "add_or_update_channel_data"
        );
        assert_eq!(
            words("Update user preference (single)").join("_"),
            "update_user_preference_single"
        );
        assert_eq!(
            words("Increment/Decrement Numeric Property").join("_"),
            "increment_or_decrement_numeric_property"
        );
        assert_eq!(
            module_name("Manage User Subscriptions & Preferences"),
            "manage_user_subscriptions_and_preferences"
        );
    }

    #[test]
    fn keywords_are_escaped() {
        assert_eq!(module_name("Type"), "type_");
        assert_eq!(words("Get x²").join("_"), "get_x");
    }
}
