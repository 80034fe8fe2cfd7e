//! Argument orders the lock published. The document is read in a canonical
//! order (`load/canonical.rs`: required fields and parameters sorted), so
//! a new constructor or method takes its arguments in that order, whatever
//! order the vendor writes; but one users already call keeps the order the
//! lock recorded (`new(distinct_id, channel)`, `(…, distinct_id: String)`),
//! so nothing that compiled stops compiling. Arguments the lock does not
//! know come after the published ones.

use super::Names;
use crate::ir::{Api, Operation, Param, PathPart, Shape};
use crate::lock::keys::operation_key;
use crate::lock::{ApiLock, kind};

/// Orders every published constructor's and method's arguments as `lock`
/// recorded them; `type_keys` are the types' lock keys.
pub(super) fn keep_published_orders(
    api: &mut Api,
    lock: &ApiLock,
    type_keys: &[Vec<String>],
    names: &mut Names,
) {
    let ids: Vec<_> = api.types.ids().collect();
    for ((id, def), key) in ids.into_iter().zip(&mut api.types.types).zip(type_keys) {
        let Shape::Struct(s) = &mut def.shape else {
            continue;
        };
        let Some(published) = lock.get(key).and_then(|e| constructor_arguments(&e.sig)) else {
            continue;
        };
        let fields = s.fields.iter_mut().zip(&names.ty(id).members);
        for (field, name) in fields.filter(|(f, _)| f.required_position.is_some()) {
            let canonical = field.required_position.unwrap_or_default();
            field.required_position = Some(match published.iter().position(|a| a == name) {
                Some(position) => position,
                None => published.len() + canonical,
            });
        }
    }
    for (index, op) in api.operations.iter_mut().enumerate() {
        let key = crate::lock::key([crate::lock::kind::OPERATION, &operation_key(op)]);
        let Some(published) = lock.get(&key).and_then(|e| method_arguments(&e.sig)) else {
            continue;
        };
        // Names and keys are in `Operation::params` order: path, query,
        // header, cookie; each group moves with its names.
        let op_names = names.operation_mut(index);
        let mut start = op.path_params.len();
        for params in [
            &mut op.query_params,
            &mut op.header_params,
            &mut op.cookie_params,
        ] {
            let end = start + params.len();
            let group = Group {
                params,
                names: &mut op_names.params[start..end],
                keys: &mut op_names.param_keys[start..end],
            };
            sort_published_first(group, &published);
            start = end;
        }
    }
}

/// One group of an operation's parameters with their names and lock keys.
struct Group<'a> {
    params: &'a mut [Param],
    names: &'a mut [String],
    keys: &'a mut [Vec<String>],
}

/// Path arguments in the order the lock published them. A lock written
/// before path arguments followed the template recorded them as the
/// document declared them (`path #0` at the author's `parameters/2`): those
/// calls keep their meaning. Runs before parameters are named, so each
/// keeps its key, its name and its place.
pub(super) fn keep_published_path_orders(api: &mut Api, lock: &ApiLock) {
    for op in &mut api.operations {
        let op_key = operation_key(op);
        let published: Vec<Option<usize>> = op
            .path_params
            .iter()
            .map(|param| published_path_position(lock, &op_key, param))
            .collect();
        let mut order: Vec<usize> = (0..op.path_params.len()).collect();
        order.sort_by_key(|&i| published[i].unwrap_or(usize::MAX));
        let all_known = published.iter().all(Option::is_some);
        if all_known && order.iter().enumerate().any(|(new, &old)| new != old) {
            reorder_path_params(op, &order);
        }
    }
}

/// The position `path #k` under which the lock recorded `param`, found by
/// where it is written (the author's pointer, or the `in:name` form).
fn published_path_position(lock: &ApiLock, op_key: &str, param: &Param) -> Option<usize> {
    let readable = crate::lock::keys::readable_parameter_pointer(param);
    lock.entries
        .range(vec![kind::PARAMETER.to_owned(), op_key.to_owned()]..)
        .take_while(|(key, _)| {
            key.first().map(String::as_str) == Some(kind::PARAMETER)
                && key.get(1).map(String::as_str) == Some(op_key)
        })
        .find(|(_, entry)| entry.at == readable || entry.at == param.written_at)
        .and_then(|(key, _)| key.get(2)?.strip_prefix("path #")?.parse().ok())
}

/// Puts `op`'s path parameters in `order` (`order[new] = old`), keeping
/// the path's parts pointing at the same parameters.
fn reorder_path_params(op: &mut Operation, order: &[usize]) {
    let mut new_index = vec![0; order.len()];
    for (new, &old) in order.iter().enumerate() {
        new_index[old] = new;
    }
    let mut old: Vec<Option<Param>> = std::mem::take(&mut op.path_params)
        .into_iter()
        .map(Some)
        .collect();
    op.path_params = order
        .iter()
        .filter_map(|&i| old.get_mut(i).and_then(Option::take))
        .collect();
    for part in &mut op.path_parts {
        if let PathPart::Param(index) = part
            && let Some(&new) = new_index.get(*index)
        {
            *index = new;
        }
    }
}

/// The arguments (positional parameters) in their published order, the
/// ones the lock does not know after them; setters keep their places, so
/// a lock that agrees with the canonical order changes nothing.
fn sort_published_first(group: Group<'_>, published: &[String]) {
    let Group {
        params,
        names,
        keys,
    } = group;
    let slots: Vec<usize> = (0..params.len())
        .filter(|&i| params[i].is_positional())
        .collect();
    let mut order = slots.clone();
    // Stable: arguments the lock does not know keep their relative order.
    order.sort_by_key(|&i| {
        published
            .iter()
            .position(|a| *a == names[i])
            .unwrap_or(published.len())
    });
    let moved: Vec<(Param, String, Vec<String>)> = order
        .iter()
        .map(|&i| (params[i].clone(), names[i].clone(), keys[i].clone()))
        .collect();
    for (slot, (param, name, key)) in slots.into_iter().zip(moved) {
        params[slot] = param;
        names[slot] = name;
        keys[slot] = key;
    }
}

/// `new(a, b)` of a type's signature → `[a, b]`.
fn constructor_arguments(sig: &str) -> Option<Vec<String>> {
    let (_, rest) = sig.split_once("new(")?;
    let (inside, _) = rest.split_once(')')?;
    Some(
        inside
            .split(", ")
            .filter(|a| !a.is_empty())
            .map(str::to_owned)
            .collect(),
    )
}

/// The named arguments of a method's signature, in order:
/// `(String, distinct_id: String, body: X) -> R` → `[distinct_id]` (path
/// arguments are unnamed: their order is the template's; the body is last).
fn method_arguments(sig: &str) -> Option<Vec<String>> {
    let inside = sig.strip_prefix('(')?;
    let mut depth = 0usize;
    let mut end = None;
    for (index, c) in inside.char_indices() {
        match c {
            '(' | '<' | '[' => depth += 1,
            ')' | '>' | ']' if depth > 0 => depth -= 1,
            ')' => {
                end = Some(index);
                break;
            }
            _ => {}
        }
    }
    let inside = &inside[..end?];
    let mut names = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (index, c) in inside
        .char_indices()
        .chain(std::iter::once((inside.len(), ',')))
    {
        match c {
            '(' | '<' | '[' => depth += 1,
            ')' | '>' | ']' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                let argument = inside[start..index].trim();
                if let Some((name, _)) = argument.split_once(": ")
                    && name != "body"
                {
                    names.push(name.to_owned());
                }
                start = index + 1;
            }
            _ => {}
        }
    }
    Some(names)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_give_their_argument_orders() {
        assert_eq!(
            constructor_arguments("struct | new(distinct_id, channel)"),
            Some(vec!["distinct_id".to_owned(), "channel".to_owned()])
        );
        assert_eq!(constructor_arguments("struct | Default"), None);
        assert_eq!(
            method_arguments("(String, b: BTreeMap<String, Vec<X>>, a: String, body: Y) -> Z"),
            Some(vec!["b".to_owned(), "a".to_owned()])
        );
        assert_eq!(method_arguments("() -> Z"), Some(Vec::new()));
    }
}
