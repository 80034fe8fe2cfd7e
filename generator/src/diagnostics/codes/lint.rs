//! Codes 013–024: what the lint pass finds in a document that parsed (`load/lint.rs`).

codes! {}
