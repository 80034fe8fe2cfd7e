//! Codes 091–094: the API lock file, types the document moved, and schemas
//! merged into one type (`lock/file.rs`, `lock/moves/`, `naming/mod.rs`'s
//! lock names, `dedup/`).

codes! {
    /// A line of the lock that is not an entry.
    error MALFORMED_LOCK_LINE = "E091",
        "a line of the API lock is not a lock entry",
        "Every line of `api.lock` that is not empty or a `#` comment is one JSON object with a \
         non-empty `key`, as the generator writes it. This line is not (a hand edit, or a merge \
         conflict left in the file), so the names it records cannot be kept and no files are \
         written. Restore the line from version control, or delete it: the next generation \
         writes it again, with the name derived from the document.";

    /// Merged schemas whose `x-rust-name`s disagree.
    error MERGED_NAMES_DISAGREE = "E092",
        "structurally identical schemas give one type different `x-rust-name`s",
        "Schemas with the same structure are one Rust type, and one type has one name, but \
         these schemas' `x-rust-name`s differ, so the generator cannot tell which to use and \
         refuses. Give them the same `x-rust-name`, or remove it from all but one; if they are \
         meant to be different types, make their structures differ (an overlay action can \
         change the vendor's schemas).";

    /// Two lock lines with one key.
    warning DUPLICATE_LOCK_KEY = "W091",
        "two entries of the API lock have the same key",
        "Each entry of `api.lock` records the published name of one item, found by its `key`; \
         a second line with a key already seen (usually from a merge of two branches) is \
         ignored and the first is kept. Delete the line you do not mean: the next generation \
         writes the lock again, with each key once.";

    /// A name in the lock that is not a usable Rust name.
    warning UNUSABLE_LOCK_NAME = "W092",
        "a name in the API lock is not a usable Rust name",
        "A name recorded in `api.lock` (usually a hand edit to choose a name) is not a valid \
         Rust name of its kind: a type is in UpperCamelCase, a method, field or argument in \
         snake_case, and neither is a keyword or starts with a digit. The generator ignores it \
         and derives a name, as for an item not in the lock. Correct the name in the lock, or \
         set it with `x-rust-name` (types) in the document or an overlay.";

    /// Published types whose move cannot be told apart.
    warning AMBIGUOUS_MOVE = "W093",
        "published types moved, but which new schema is which cannot be told",
        "Several types the API lock published have left their places, and several new schemas \
         of the same structure appeared, with nothing that refers to them to tell which is \
         which. The generator does not guess: each new schema gets a name of its own, and the \
         published names go away (a breaking change the change report lists). To keep a \
         published name, set `x-rust-name` to it on the schema that is that type now.";

    /// Schemas the lock published as one type that now differ.
    warning PUBLISHED_TYPE_DIVERGED = "W094",
        "schemas the API lock published as one type now differ",
        "The API lock recorded these schemas as one type, and the document now makes them \
         differ. When one type can hold both (an enum with the values of both, an object with \
         the members of both) they stay one type, so no field changes type; otherwise the type \
         stays at the first place and the others become new types, a breaking change. Make the \
         schemas identical again (an overlay can correct the vendor's), or, if they are meant \
         to be different types, give one an `x-rust-name`.";
}
