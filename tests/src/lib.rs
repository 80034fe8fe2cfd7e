//! Workspace-level tests live in `tests/`. This library compiles the README's
//! Rust snippets as doctests, so the documentation cannot drift from the API,
//! and holds what several tests share.
#![doc = include_str!("../../README.md")]

pub mod scratch;
