//! What the pairing passes share: the bound on their rounds and what they
//! found.

use crate::lock::Entry;

/// How many rounds each pairing repeats at most. A round pairs what the
/// previous one made known (a type whose fields refer to a type of
/// another structure, a parent whose copy is now found): chains of such
/// are short in real documents, and the bound keeps every pass linear in
/// the document.
pub(super) const MAX_ROUNDS: usize = 8;

/// Published types paired with candidates: by structure (`same`, the same
/// types) and by members only (`loose`).
pub(super) struct Paired<'a> {
    /// The published types whose places are all gone.
    pub(super) vanished: &'a [&'a Entry],
    /// The new types none of whose places the lock knows, grouped as
    /// deduplication will merge them.
    pub(super) candidates: &'a [Vec<usize>],
    /// Pairs (index into `vanished`, index into `candidates`) of one structure.
    pub(super) same: &'a [(usize, usize)],
    /// Pairs by members only (their structure differs).
    pub(super) loose: &'a [(usize, usize)],
}
