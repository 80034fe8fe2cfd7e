//! Problems found in a spec, collected rather than thrown.
//!
//! Every stage of the pipeline pushes [`Diagnostic`]s into a [`Diagnostics`]
//! sink and keeps going where it safely can, so a user fixing a broken spec
//! sees every problem in one run, each with the file, the JSON pointer into
//! the document and, where the source text lets us find it, line and column.

use std::fmt;

pub mod codes;
pub mod render;

pub use codes::{Code, ErrorCode, WarningCode};

/// How bad a problem is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Generation cannot produce a correct client; no files are written.
    Error,
    /// Generation continues; the output is still correct but something was
    /// ignored or adjusted, and the user should know.
    Warning,
}

/// Where a problem is: a file, a JSON pointer into it, and a position when known.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
/// Ordered by file, then position, then pointer: reports read top to bottom.
pub struct Location {
    /// The file name as the caller named it (e.g. `spec/fyno-openapi.yaml`).
    pub file: String,
    /// 1-based line, when the source map or parser knows it.
    pub line: Option<usize>,
    /// 1-based column, when known.
    pub column: Option<usize>,
    /// RFC 6901 JSON pointer (`/paths/~1{WSID}~1event/post`), empty for the root.
    pub pointer: String,
}

impl Location {
    /// A location with no line information yet.
    pub fn new(file: impl Into<String>, pointer: impl Into<String>) -> Self {
        Self {
            file: file.into(),
            pointer: pointer.into(),
            line: None,
            column: None,
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        let pointer = if self.pointer.is_empty() {
            "(document root)"
        } else {
            &self.pointer
        };
        write!(f, " at {pointer}")
    }
}

/// One problem.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// Where it is.
    pub location: Location,
    /// What is wrong, phrased for the person who edits the spec.
    pub message: String,
    /// Its stable code (`E012`), with the explanation `--explain` prints.
    pub code: Code,
    /// Other places the problem involves (the other member of a collision,
    /// the overlay action that wrote the value), each with what it is.
    pub related: Vec<Related>,
    /// For a warning that something of the document is not in the
    /// generated crate: what, and why (counted by `cargo xtask corpus`).
    pub skipped: Option<Skipped>,
    /// An edit that resolves the problem, for a tool to apply
    /// (`cargo xtask codegen --retarget-overlays`).
    pub fix: Option<Fix>,
}

/// Another place a problem involves.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Related {
    /// Where.
    pub location: Location,
    /// What it is to the problem (`the other schema named `Item``).
    pub label: String,
}

impl Diagnostic {
    /// A problem of `code` at `location`, with no related place yet (its
    /// severity is the code's).
    pub fn new(code: Code, location: Location, message: impl Into<String>) -> Self {
        Self {
            severity: code.severity,
            location,
            message: message.into(),
            code,
            related: Vec::new(),
            skipped: None,
            fix: None,
        }
    }

    /// Adds another place the problem involves.
    pub fn also_at(&mut self, location: Location, label: impl Into<String>) -> &mut Self {
        let related = Related {
            location,
            label: label.into(),
        };
        // The place itself, or one already named, adds nothing.
        if related.location != self.location && !self.related.contains(&related) {
            self.related.push(related);
        }
        self
    }

    /// Adds an edit that resolves the problem.
    pub fn with_fix(&mut self, fix: Fix) -> &mut Self {
        self.fix = Some(fix);
        self
    }

    /// Marks a warning as one that something is left out of the crate.
    pub fn with_skipped(&mut self, skipped: Skipped) -> &mut Self {
        self.skipped = Some(skipped);
        self
    }

    /// Every place: the primary one first, then the related ones.
    pub fn locations(&self) -> impl Iterator<Item = &Location> {
        std::iter::once(&self.location).chain(self.related.iter().map(|r| &r.location))
    }

    fn locations_mut(&mut self) -> impl Iterator<Item = &mut Location> {
        std::iter::once(&mut self.location).chain(self.related.iter_mut().map(|r| &mut r.location))
    }
}

/// A replacement of one scalar value in one file: a machine-applicable
/// suggestion, as rustc's.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Fix {
    /// The file to edit (an overlay).
    pub file: String,
    /// The JSON pointer of the value to replace in it (`/actions/3/target`).
    pub pointer: String,
    /// The value it had when the problem was found (the edit is refused if
    /// the file says something else by then).
    pub old: String,
    /// The value to write.
    pub new: String,
}

/// Something of the document a warning says the generated crate leaves out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Skipped {
    /// An operation, a parameter or a member.
    pub what: SkippedKind,
    /// Why, in a few words that group the counts (`a header the client sets`).
    pub reason: &'static str,
    /// How many (the members of one `properties` left out are one warning).
    pub count: usize,
}

/// What kind of thing is left out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SkippedKind {
    /// An operation: no method.
    Operation,
    /// A parameter: no argument or setter.
    Parameter,
    /// A member of a type: no field or variant.
    Member,
}

impl SkippedKind {
    /// The word for it, plural.
    pub fn plural(self) -> &'static str {
        match self {
            SkippedKind::Operation => "operations",
            SkippedKind::Parameter => "parameters",
            SkippedKind::Member => "members",
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(
            f,
            "{level}[{}]: {}: {}",
            self.code.id, self.location, self.message
        )?;
        for related in &self.related {
            write!(f, " [{}: {}]", related.location, related.label)?;
        }
        Ok(())
    }
}

/// An ordered collection of problems.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// An empty sink.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records an error at `location`.
    pub fn error(
        &mut self,
        code: ErrorCode,
        location: Location,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        self.push(code.code(), location, message)
    }

    /// Records a warning at `location`.
    pub fn warning(
        &mut self,
        code: WarningCode,
        location: Location,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        self.push(code.code(), location, message)
    }

    /// Records a warning at `location` that `skipped` is left out of the
    /// generated crate.
    pub fn skipped(
        &mut self,
        code: WarningCode,
        location: Location,
        message: impl Into<String>,
        skipped: Skipped,
    ) -> &mut Diagnostic {
        self.warning(code, location, message).with_skipped(skipped)
    }

    fn push(
        &mut self,
        code: Code,
        location: Location,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        let index = self.items.len();
        self.items.push(Diagnostic::new(code, location, message));
        &mut self.items[index]
    }

    /// Moves every problem of `other` into `self`.
    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    /// True when at least one problem is an error.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    /// True when nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// How many problems were recorded.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Rewrites the pointers into `file` of the problems recorded from the
    /// `from`th on (those found in a rewritten document, see
    /// [`crate::load::Origins`]).
    pub fn map_pointers(&mut self, file: &str, from: usize, map: impl Fn(&str) -> String) {
        for item in self.items.iter_mut().skip(from) {
            for location in item.locations_mut() {
                if location.file == file {
                    location.pointer = map(&location.pointer);
                }
            }
        }
    }

    /// Moves each problem of `file` to the file and pointer `map` gives.
    pub fn relocate(&mut self, file: &str, map: impl Fn(&str) -> (String, String)) {
        for location in self.items.iter_mut().flat_map(Diagnostic::locations_mut) {
            if location.file == file && location.line.is_none() {
                let (to, pointer) = map(&location.pointer);
                location.file = to;
                location.pointer = pointer;
            }
        }
    }

    /// The pointers of the problems in `file` that have no line yet.
    pub(crate) fn unlocated_pointers(&self, file: &str) -> Vec<String> {
        let mut pointers: Vec<String> = self
            .items
            .iter()
            .flat_map(Diagnostic::locations)
            .filter(|location| location.file == file && location.line.is_none())
            .map(|location| location.pointer.clone())
            .collect();
        pointers.sort_unstable();
        pointers.dedup();
        pointers
    }

    /// Fills in line and column from `lookup` (pointer → position) where missing.
    pub fn locate(&mut self, file: &str, lookup: impl Fn(&str) -> Option<(usize, usize)>) {
        for location in self.items.iter_mut().flat_map(Diagnostic::locations_mut) {
            if location.file != file || location.line.is_some() {
                continue;
            }
            if let Some((line, column)) = lookup(&location.pointer) {
                location.line = Some(line);
                location.column = Some(column);
            }
        }
    }

    /// The problems, sorted (errors first, then by file, line and pointer)
    /// and without exact duplicates, so reports are stable run to run.
    pub fn into_sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort();
        self.items.dedup();
        self.items
    }

    /// The problems in the order they were recorded.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    /// The problems, to add what a later pass knows (related places).
    pub fn iter_mut(&mut self) -> impl Iterator<Item = &mut Diagnostic> {
        self.items.iter_mut()
    }
}

/// The problems of one file: its name and the sink, carried together
/// through a pass (each pass after loading reports against the document
/// it was given, so it takes one of these rather than a file name and a
/// sink apart).
#[derive(Debug)]
pub struct Reporter<'a> {
    file: &'a str,
    sink: &'a mut Diagnostics,
}

impl<'a> Reporter<'a> {
    /// Reports about `file` into `sink`.
    pub fn new(file: &'a str, sink: &'a mut Diagnostics) -> Self {
        Self { file, sink }
    }

    /// The file problems are reported in.
    pub fn file(&self) -> &'a str {
        self.file
    }

    /// The place `pointer` of the file (line and column come later, from
    /// the source map).
    pub fn at(&self, pointer: impl Into<String>) -> Location {
        Location::new(self.file, pointer)
    }

    /// Records an error at `pointer` of the file.
    pub fn error(
        &mut self,
        code: ErrorCode,
        pointer: impl Into<String>,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        let location = self.at(pointer);
        self.sink.error(code, location, message)
    }

    /// Records a warning at `pointer` of the file.
    pub fn warning(
        &mut self,
        code: WarningCode,
        pointer: impl Into<String>,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        let location = self.at(pointer);
        self.sink.warning(code, location, message)
    }

    /// Records a warning at `pointer` that `skipped` is left out of the
    /// generated crate.
    pub fn skipped(
        &mut self,
        code: WarningCode,
        pointer: impl Into<String>,
        message: impl Into<String>,
        skipped: Skipped,
    ) -> &mut Diagnostic {
        let location = self.at(pointer);
        self.sink.skipped(code, location, message, skipped)
    }

    /// The sink itself, for a problem located in another file (an overlay,
    /// the lock) or one placed by its own [`Location`].
    pub fn sink(&mut self) -> &mut Diagnostics {
        self.sink
    }

    /// The same file and sink for a shorter while (a pass that keeps a
    /// reporter in a struct of its own).
    pub fn reborrow(&mut self) -> Reporter<'_> {
        Reporter {
            file: self.file,
            sink: self.sink,
        }
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for diagnostic in self.clone().into_sorted() {
            writeln!(f, "{diagnostic}")?;
        }
        Ok(())
    }
}

/// Appends one reference token to a JSON pointer, escaping `~` and `/` (RFC 6901).
pub fn pointer_push(pointer: &str, token: &str) -> String {
    // One allocation: pointers are built for every node of a document.
    let mut out = String::with_capacity(pointer.len() + 1 + token.len());
    out.push_str(pointer);
    push_token(&mut out, token);
    out
}

/// Appends `/token` to the pointer `out`, escaping `~` and `/`.
pub(crate) fn push_token(out: &mut String, token: &str) {
    out.push('/');
    let mut rest = token;
    while let Some(at) = rest.find(['~', '/']) {
        out.push_str(&rest[..at]);
        out.push_str(if rest.as_bytes()[at] == b'~' {
            "~0"
        } else {
            "~1"
        });
        rest = &rest[at + 1..];
    }
    out.push_str(rest);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointer_tokens_are_escaped() {
        assert_eq!(
            pointer_push("/paths", "/{WSID}/event"),
            "/paths/~1{WSID}~1event"
        );
        assert_eq!(pointer_push("", "a~b"), "/a~0b");
        assert_eq!(pointer_push("/x", "~1/é~"), "/x/~01~1é~0");
        assert_eq!(pointer_push("/x", ""), "/x/");
    }

    #[test]
    fn report_is_sorted_with_errors_first_and_names_the_place() {
        const BROKEN: ErrorCode = ErrorCode::new("E998", "broken", "a test's");
        const LATER: WarningCode = WarningCode::new("W998", "later", "a test's");
        let mut d = Diagnostics::new();
        d.warning(LATER, Location::new("s.yaml", "/b"), "later")
            .also_at(Location::new("o.yaml", "/c"), "the other");
        d.error(BROKEN, Location::new("s.yaml", "/z"), "broken");
        d.locate("s.yaml", |p| (p == "/z").then_some((7, 3)));
        let text = d.to_string();
        assert_eq!(
            text,
            "error[E998]: s.yaml:7:3 at /z: broken\n\
             warning[W998]: s.yaml at /b: later [o.yaml at /c: the other]\n"
        );
        assert!(d.has_errors());
    }
}
