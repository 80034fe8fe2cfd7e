//! Codes 091–094: the API lock file, types the document moved, and schemas
//! merged into one type (`lock/file.rs`, `lock/moves/`, `naming/mod.rs`'s
//! lock names, `dedup/`).

codes! {}
