//! Workspace-level tests live in `tests/`. This library only compiles the
//! README's Rust snippets as doctests, so the documentation cannot drift from the API.
#![doc = include_str!("../../README.md")]
