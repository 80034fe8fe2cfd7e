//! Method names of operations, with their modules, argument names and
//! status variant names.

use super::collisions::{Choice, Claim, Namespace, Outcome};
use super::spelling::{self, Case, marks, member_candidates};
use super::{FILLER_WORDS, Names, UNTAGGED_MODULE, listed, placeholder_last};
use crate::diagnostics::{Reporter, codes, pointer_push};
use crate::idents::{is_plain_ident, module_ident, snake_ident, type_ident};
use crate::ir::{Api, Operation};
use crate::lock::keys::{operation_key, status_key};
use crate::lock::{ApiLock, key, kind};
use std::collections::{BTreeMap, BTreeSet};

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

pub(super) fn name_operations(
    api: &Api,
    lock: &ApiLock,
    names: &mut Names,
    report: &mut Reporter<'_>,
) {
    for op in &api.operations {
        if let Some(explicit) = &op.explicit_name
            && !is_plain_ident(explicit)
        {
            report.error(codes::UNUSABLE_EXPLICIT_NAME,
                    pointer_push(&op.pointer, "x-rust-method"),
                    format!("`x-rust-method: {explicit}` is not a usable Rust method name (ASCII letters, digits and `_`, not a keyword)"),
                );
        }
    }
    let methods = decide_method_names(api, lock, report);
    for (index, (op, method)) in api.operations.iter().zip(methods).enumerate() {
        let slot = names.operation_mut(index);
        slot.method = method;
        slot.module = match &op.tag {
            Some(tag) => module_name(tag),
            None => UNTAGGED_MODULE.to_owned(),
        };
        let op_key = operation_key(op);
        (slot.params, slot.param_keys) = name_params(op, lock, report);
        slot.responses = name_responses(op, lock, &op_key);
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
                let same_name = rivals
                    .iter()
                    .all(|&r| claims[r].derived == *wanted || decisions[r].name == *wanted);
                let why = if rivals.is_empty() {
                    "is already a method of `Client`".to_owned()
                } else if same_name {
                    format!(
                        "is also derived for {}",
                        describe_operations(ops, &claims, rivals)
                    )
                } else {
                    let builder = type_ident(wanted);
                    format!(
                        "would make operation types (`{builder}`, `{builder}Error`, `{builder}Response`) that {} makes too",
                        describe_operations(ops, &claims, rivals)
                    )
                };
                // Each rival, where its name comes from: its `x-rust-method`
                // when a human chose it, else the operation.
                let related: Vec<_> = rivals
                    .iter()
                    .map(|&rival| {
                        let other = &ops[rival];
                        let (pointer, whose) = match claims[rival].choice {
                            Choice::Human => {
                                (pointer_push(&other.pointer, "x-rust-method"), "chosen here")
                            }
                            Choice::Locked => (other.pointer.clone(), "published in the API lock"),
                            Choice::Derived => (other.pointer.clone(), "derived here"),
                        };
                        let label = if decisions[rival].name == *wanted {
                            format!("the method `{wanted}`, {whose}")
                        } else {
                            format!(
                                "the method `{}`, {whose}, also makes these types",
                                decisions[rival].name
                            )
                        };
                        (report.at(pointer), label)
                    })
                    .collect();
                let diagnostic = report.warning(codes::RENAMED_METHOD,
                    op.pointer.clone(),
                    format!("method name `{wanted}` {why}; this operation's method is `{}` (set `x-rust-method` on it to choose another)", decision.name),
                );
                for (location, label) in related {
                    diagnostic.also_at(location, label);
                }
            }
            Outcome::Conflict { with: None } => {
                report.error(
                    codes::RESERVED_EXPLICIT_METHOD,
                    pointer_push(&op.pointer, "x-rust-method"),
                    format!(
                        "`x-rust-method: {}` is already a method of `Client`; choose another name",
                        decision.name
                    ),
                );
            }
            Outcome::Conflict { with: Some(other) } => {
                let other_at = pointer_push(&ops[*other].pointer, "x-rust-method");
                let related = report.at(other_at.clone());
                report.error(codes::COLLIDING_EXPLICIT_METHODS,
                pointer_push(&op.pointer, "x-rust-method"),
                format!(
                    "`x-rust-method: {}` collides with the method or operation types (`{}`, `…Error`, `…Response`) chosen at {}; choose another name for one of them",
                    decision.name,
                    type_ident(&decision.name),
                    other_at
                ),
            )
            .also_at(related, format!("the method `{}` chosen here", decisions[*other].name));
            }
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
pub(super) fn words(text: &str) -> Vec<String> {
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

/// Each parameter's argument name and lock key, in `Operation::params` order.
fn name_params(
    op: &Operation,
    lock: &ApiLock,
    report: &mut Reporter<'_>,
) -> (Vec<String>, Vec<Vec<String>>) {
    let keys: Vec<Vec<String>> = crate::lock::keys::parameter_keys(op)
        .into_iter()
        .zip(op.params())
        .map(|(key, param)| kept_param_key(lock, key, param))
        .collect();
    let params: Vec<&crate::ir::Param> = op.params().collect();
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
    let mut chosen = Vec::with_capacity(params.len());
    for (index, (param, decision)) in params.iter().zip(&decisions).enumerate() {
        if let Outcome::Renamed { wanted, rivals } = &decision.outcome {
            let related: Vec<_> = rivals
                .iter()
                .map(|&rival| {
                    let verb = match decisions.get(rival) {
                        Some(d) if d.name == *wanted => "is named",
                        _ => "would also be named",
                    };
                    (
                        report.at(params[rival].pointer.clone()),
                        format!(
                            "the {} parameter `{}` {verb} `{wanted}`",
                            wires[rival].1, wires[rival].0
                        ),
                    )
                })
                .collect();
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
            let diagnostic = report.warning(
                codes::RENAMED_PARAMETER,
                param.pointer.clone(),
                format!(
                    "parameter `{}` would be named `{wanted}`, which {why}; it is `{}`",
                    wires[index].0, decision.name
                ),
            );
            for (location, label) in related {
                diagnostic.also_at(location, label);
            }
        }
        chosen.push(decision.name.clone());
    }
    (chosen, keys)
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
/// Each documented response's variant name, in spec order.
fn name_responses(op: &Operation, lock: &ApiLock, op_key: &str) -> Vec<String> {
    let locked: Vec<Option<&str>> = op
        .responses
        .iter()
        .map(|r| lock.name(&key([kind::RESPONSE, op_key, &status_key(r.status)])))
        .collect();
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for name in locked.iter().flatten() {
        *counts.entry(name).or_default() += 1;
    }
    op.responses
        .iter()
        .zip(&locked)
        .map(
            |(response, locked)| match locked.filter(|n| counts.get(n) == Some(&1)) {
                Some(locked) => locked.to_owned(),
                None => match response.status {
                    crate::ir::StatusMatch::Code(code) => status_variant(code),
                    crate::ir::StatusMatch::Range(digit) => format!("Status{digit}xx"),
                    crate::ir::StatusMatch::Default => "Default".to_owned(),
                },
            },
        )
        .collect()
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
