//! Stage 6, naming: every Rust identifier, chosen in one deterministic pass
//! (in: the deduplicated API, the lock and the client settings' names;
//! out: the names, as a table beside the IR, `table::Names`): `operations` (methods, arguments,
//! status variants), `types`, `members` (alternatives, fields, enum
//! variants), `layout` (the module of each type), then `published_order`.
//!
//! Each name is derived from data kept beside it (the wire name stays in the
//! IR next to the Rust name), keywords are escaped, and a collision is never
//! resolved by silently merging two things: a type falls back to its next
//! candidate name, and where no candidate is left the collision is an error
//! naming both places.

use crate::diagnostics::{Diagnostics, Reporter};
use crate::idents::{is_plain_ident, snake_ident, type_ident};
use crate::ir::Api;
use crate::lock::keys::unique_type_keys;
use crate::lock::{ApiLock, kind};
use collisions::Claim;

mod collisions;
mod layout;
mod members;
mod operations;
mod published_order;
mod spelling;
mod table;
mod types;

pub use members::enum_variant_ident;
pub(crate) use operations::media_setter_name;
pub use operations::module_name;
pub use table::{Names, OperationNames, TypeNames};

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
///
/// `api` changes only in order: path arguments, and published constructors'
/// and methods' arguments, as the lock recorded them.
pub fn name_all(api: &mut Api, lock: &ApiLock, report: &mut Reporter<'_>) -> Names {
    let lock = &usable_names(lock, report.sink());
    let keys = unique_type_keys(lock, &api.types);
    published_order::keep_published_path_orders(api, lock);
    let mut names = Names::slots(api);
    operations::name_operations(api, lock, &mut names, report);
    // Alternatives first: payload types of a oneOf are named after them.
    members::name_one_of_variants(api, lock, &keys, &mut names, report);
    types::name_types(api, lock, &keys, &mut names, report);
    members::name_members(api, lock, &keys, &mut names, report);
    published_order::keep_published_orders(api, lock, &keys, &mut names);
    layout::assign_type_modules(api, &mut names);
    names
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
                crate::diagnostics::codes::UNUSABLE_LOCK_NAME,
                lock.location_of(&entry.key),
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

// ------------------------------------------------ shared by the passes

/// How many rivals a collision's warning names before "and N more".
const LISTED_RIVALS: usize = 3;

/// The first [`LISTED_RIVALS`] of `indices` as `describe` says them,
/// joined with commas, then "and N more".
pub(super) fn listed(indices: &[usize], describe: impl Fn(usize) -> String) -> String {
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

/// `name2`, `name3`, … : the first that `is_taken` refuses.
pub(super) fn numbered_free(name: &str, is_taken: impl Fn(&str) -> bool) -> String {
    (2..)
        .map(|n| format!("{name}{n}"))
        .find(|candidate| !is_taken(candidate))
        .unwrap_or_else(|| name.to_owned())
}

/// A derived name that is a placeholder (`field3`: the wire name has no
/// letters or digits) is served after every real one.
pub(super) fn placeholder_last(mut claim: Claim, placeholder: bool) -> Claim {
    if placeholder {
        claim.rank = usize::MAX;
    }
    claim
}

#[cfg(test)]
mod tests {
    use super::operations::words;
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
