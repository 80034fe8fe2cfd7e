//! Stage 3, the lock: what the previous generation published, read against
//! the new document.
//!
//! In: the lowered [`crate::ir::Api`] and the previous `spec/api.lock`.
//! Out: every IR item's lock key ([`keys::assign`]), the types the
//! document moved or renamed (`moves`), and the lock as if they had
//! always been at their new places (`Moves::applied`), which deduplication
//! and naming read. Overlay targets that named a moved schema are reported
//! with a fix (`overlay_targets`).
//!
//! - `file`: the lock file itself ([`ApiLock`], one JSON line per item);
//! - [`keys`]: the key of every operation, parameter, response and type;
//! - `moves`: published types the document moved or renamed.

mod file;
pub mod keys;
pub(crate) mod moves;
pub(crate) mod overlay_targets;

pub use file::{ApiLock, Entry, key, kind};
