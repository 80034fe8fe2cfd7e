//! Codes 037–059: schemas: shapes, enums, oneOf/anyOf/allOf, discriminators, recursion (`ir/schema.rs`, `ir/all_of.rs`, `ir/discriminators.rs`, `ir/recursion.rs`).

codes! {}
