//! Codes 083–090: Rust names: explicit names that cannot be used, and names two items would share (`naming/`).

codes! {}
