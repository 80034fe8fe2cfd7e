//! Every problem the generator reports has a stable code, listed here with
//! what it means and how to fix it: `cargo xtask codegen --explain E012`
//! prints the entry, and `docs/diagnostics.md` is this table rendered.
//!
//! The table is data: each stage declares its codes in a file of its own
//! (with `codes!`), so a code sits beside the other problems of its stage
//! and [`all`] lists them for the explanation, the document and the test that
//! every code has an expected-output fixture. A code is never reused for
//! another problem; a problem that stops being reported keeps its code
//! retired rather than renumbered.

use super::Severity;

/// A kind of problem: its stable id, a one-line summary and an explanation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Code {
    /// `E012` or `W031`: the letter is the severity.
    pub id: &'static str,
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong, in a line.
    pub summary: &'static str,
    /// Why it matters and what to do, in a paragraph.
    pub explanation: &'static str,
    /// Reported only when the generator itself is wrong (a bug): no document
    /// should cause it, so it has no expected-output fixture.
    pub internal: bool,
}

/// A code whose problems are errors (no files are written).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ErrorCode(Code);

/// A code whose problems are warnings (generation goes on).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WarningCode(Code);

impl ErrorCode {
    /// An error code (see `codes!`).
    pub const fn new(id: &'static str, summary: &'static str, explanation: &'static str) -> Self {
        Self(Code {
            id,
            severity: Severity::Error,
            summary,
            explanation,
            internal: false,
        })
    }

    /// An error code only a generator bug reports.
    pub const fn internal(
        id: &'static str,
        summary: &'static str,
        explanation: &'static str,
    ) -> Self {
        let Self(mut code) = Self::new(id, summary, explanation);
        code.internal = true;
        Self(code)
    }

    /// The table entry.
    pub const fn code(self) -> Code {
        self.0
    }
}

impl WarningCode {
    /// A warning code (see `codes!`).
    pub const fn new(id: &'static str, summary: &'static str, explanation: &'static str) -> Self {
        Self(Code {
            id,
            severity: Severity::Warning,
            summary,
            explanation,
            internal: false,
        })
    }

    /// The table entry.
    pub const fn code(self) -> Code {
        self.0
    }
}

/// Declares a stage's codes as constants, and `CODES`, the list of them.
///
/// ```text
/// codes! {
///     /// Doc comment for the constant.
///     error DANGLING_REFERENCE = "E012", "summary", "explanation";
///     warning DUPLICATE_KEY = "W003", "summary", "explanation";
/// }
/// ```
macro_rules! codes {
    ($( $(#[$doc:meta])* $kind:ident $name:ident = $id:literal, $summary:literal, $explanation:literal; )*) => {
        $(
            $(#[$doc])*
            pub const $name: codes!(@type $kind) = codes!(@new $kind)($id, $summary, $explanation);
        )*
        /// This stage's codes, in the order declared.
        pub(super) const CODES: &[$crate::diagnostics::codes::Code] = &[$($name.code()),*];
    };
    (@type error) => { $crate::diagnostics::codes::ErrorCode };
    (@type internal) => { $crate::diagnostics::codes::ErrorCode };
    (@type warning) => { $crate::diagnostics::codes::WarningCode };
    (@new error) => { $crate::diagnostics::codes::ErrorCode::new };
    (@new internal) => { $crate::diagnostics::codes::ErrorCode::internal };
    (@new warning) => { $crate::diagnostics::codes::WarningCode::new };
}

mod client;
mod lint;
mod load;
mod lock;
mod naming;
mod operations;
mod overlays;
mod schemas;

pub use client::*;
pub use lint::*;
pub use load::*;
pub use lock::*;
pub use naming::*;
pub use operations::*;
pub use overlays::*;
pub use schemas::*;

/// Every code, ordered by id.
pub fn all() -> Vec<Code> {
    let mut all: Vec<Code> = [
        load::CODES,
        lint::CODES,
        overlays::CODES,
        schemas::CODES,
        operations::CODES,
        naming::CODES,
        lock::CODES,
        client::CODES,
    ]
    .concat();
    all.sort_by_key(|code| (code.id.as_bytes()[0], &code.id[1..]));
    all
}

/// The entry for `id` (`E012` or `e012`), for `--explain`.
pub fn find(id: &str) -> Option<Code> {
    let id = id.trim().to_ascii_uppercase();
    all().into_iter().find(|code| code.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_well_formed_and_say_their_severity() {
        let all = all();
        let mut seen = std::collections::BTreeSet::new();
        for code in &all {
            assert!(seen.insert(code.id), "{} is declared twice", code.id);
            let (letter, digits) = code.id.split_at(1);
            let expected = match code.severity {
                Severity::Error => "E",
                Severity::Warning => "W",
            };
            assert_eq!(letter, expected, "{}: the letter is the severity", code.id);
            assert!(
                digits.len() == 3 && digits.bytes().all(|b| b.is_ascii_digit()),
                "{}: a letter and three digits",
                code.id
            );
            assert!(
                !code.summary.is_empty() && !code.explanation.is_empty(),
                "{}",
                code.id
            );
        }
    }
}
