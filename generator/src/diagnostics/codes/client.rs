//! Codes 095–099 and E000: client settings, environment variables, and the
//! generator's own faults (`client/`, `emit/`, `lib.rs`).

codes! {
    /// The generator failed: it panicked, or produced Rust that does not parse.
    internal INTERNAL = "E000",
        "internal error: the generator failed on this document",
        "The generator itself went wrong on this document: it panicked, or the Rust it produced \
         does not parse. No document should cause this; it is a bug in the generator. Please \
         report it with the document (or the smallest part of it that still shows the error).";
}
