//! Problems as people and tools read them.
//!
//! - [`human`]: rustc's form, with the source lines of every place the problem
//!   involves, a caret under the primary one and a label under each related
//!   one, through `annotate-snippets` (the renderer rustc and cargo use, so
//!   the output reads like theirs and follows their fixes; codespan-reporting
//!   would do as well but is the form rustc moved away from, and miette brings
//!   a `Diagnostic` trait and a report type this crate has no use for).
//! - [`short`]: one line per problem (the `Display` of [`Diagnostic`]), for
//!   tools that match lines.
//! - [`json()`]: one JSON object per problem, for editors and CI annotations
//!   (its schema is `docs/diagnostics.schema.json`).
//!
//! Rendering reads the files' texts but no file: the caller hands them in, by
//! the names the problems are reported under.

use std::collections::BTreeMap;
use std::ops::Range;

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};
use serde_json::{Value, json};

use super::{Diagnostic, Location, Severity};

/// How problems are written out.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum MessageFormat {
    /// Source snippets with labelled places (colour when asked for).
    #[default]
    Human,
    /// One line each.
    Short,
    /// One JSON object per line.
    Json,
}

impl MessageFormat {
    /// `human`, `short` or `json`.
    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "human" => Some(Self::Human),
            "short" => Some(Self::Short),
            "json" => Some(Self::Json),
            _ => None,
        }
    }
}

/// The texts of the files problems are reported in, by their reported name.
pub type SourceTexts = BTreeMap<String, String>;

/// `diagnostic` in `format`, ending with a newline.
pub fn render(
    diagnostic: &Diagnostic,
    format: MessageFormat,
    texts: &SourceTexts,
    color: bool,
) -> String {
    match format {
        MessageFormat::Human => human(diagnostic, texts, color),
        MessageFormat::Short => format!("{}\n", short(diagnostic)),
        MessageFormat::Json => format!("{}\n", json(diagnostic)),
    }
}

/// The one-line form: `error[E012]: file:line:column at pointer: message`.
pub fn short(diagnostic: &Diagnostic) -> String {
    diagnostic.to_string()
}

/// rustc's form: the message with its code, then the source of each place,
/// followed by an empty line. Places whose file or line is unknown are named
/// without a snippet.
pub fn human(diagnostic: &Diagnostic, texts: &SourceTexts, color: bool) -> String {
    let level = match diagnostic.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let title = level
        .clone()
        .primary_title(diagnostic.message.as_str())
        .id(diagnostic.code.id);
    let mut group = Group::with_title(title);
    for (file, places) in places_by_file(diagnostic) {
        group = match texts.get(file) {
            Some(text) => with_snippet(group, file, text, &places),
            None => with_origins(group, file, &places),
        };
    }
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    format!("{}\n\n", renderer.render(&[group]))
}

/// One place to show: where, how (primary or context) and its label.
struct Place<'d> {
    location: &'d Location,
    primary: bool,
    label: String,
}

/// The places of `diagnostic` grouped by file, the primary place's file
/// first, then in the order the related places name them.
fn places_by_file(diagnostic: &Diagnostic) -> Vec<(&str, Vec<Place<'_>>)> {
    let mut files: Vec<(&str, Vec<Place<'_>>)> = Vec::new();
    let primary = Place {
        location: &diagnostic.location,
        primary: true,
        label: pointer_label(&diagnostic.location.pointer),
    };
    let related = diagnostic.related.iter().map(|related| Place {
        location: &related.location,
        primary: false,
        label: match pointer_label(&related.location.pointer) {
            at if at.is_empty() => related.label.clone(),
            at => format!("{} ({at})", related.label),
        },
    });
    for place in std::iter::once(primary).chain(related) {
        let file = place.location.file.as_str();
        match files.iter_mut().find(|(name, _)| *name == file) {
            Some((_, places)) => places.push(place),
            None => files.push((file, vec![place])),
        }
    }
    files
}

/// `at /paths/~1a`; nothing for the root pointer, which a place in a file
/// read by lines (the API lock) also has: its line says it all.
fn pointer_label(pointer: &str) -> String {
    if pointer.is_empty() {
        String::new()
    } else {
        format!("at {pointer}")
    }
}

/// The lines of `text` the places are on, each place marked.
fn with_snippet<'a>(
    group: Group<'a>,
    file: &'a str,
    text: &'a str,
    places: &[Place<'_>],
) -> Group<'a> {
    let (located, unlocated): (Vec<_>, Vec<_>) = places
        .iter()
        .map(|place| (place, token_span(text, place.location)))
        .partition(|(_, span)| span.is_some());
    let mut group = group;
    for cluster in clusters(located) {
        let mut snippet = Snippet::source(text).path(file).fold(true);
        for (place, span) in cluster {
            let kind = if place.primary {
                AnnotationKind::Primary
            } else {
                AnnotationKind::Context
            };
            let mut annotation = kind.span(span);
            if !place.label.is_empty() {
                annotation = annotation.label(place.label.clone());
            }
            snippet = snippet.annotation(annotation);
        }
        group = group.element(snippet);
    }
    let unlocated: Vec<Place<'_>> = unlocated
        .into_iter()
        .map(|(place, _)| Place {
            location: place.location,
            primary: place.primary,
            label: place.label.clone(),
        })
        .collect();
    with_origins(group, file, &unlocated)
}

/// How far apart, in bytes, two places of one line may be and still share a
/// snippet: the renderer shortens a long line around one place, but shows
/// all of it between two (a minified JSON document is one line).
const SHARED_LINE_REACH: usize = 120;

/// The located places in groups that each make one snippet: places share
/// one unless they are on one line and further apart than
/// [`SHARED_LINE_REACH`].
fn clusters<'p, 'd>(
    located: Vec<(&'p Place<'d>, Option<Range<usize>>)>,
) -> Vec<Vec<(&'p Place<'d>, Range<usize>)>> {
    let mut clusters: Vec<Vec<(&Place<'_>, Range<usize>)>> = Vec::new();
    for (place, span) in located {
        let Some(span) = span else { continue };
        let fits = |cluster: &Vec<(&Place<'_>, Range<usize>)>| {
            cluster.iter().all(|(other, other_span)| {
                other.location.line != place.location.line
                    || other_span.start.abs_diff(span.start) <= SHARED_LINE_REACH
            })
        };
        match clusters.iter_mut().find(|cluster| fits(cluster)) {
            Some(cluster) => cluster.push((place, span)),
            None => clusters.push(vec![(place, span)]),
        }
    }
    clusters
}

/// Places with no line to show: the file and what is there, in words.
fn with_origins<'a>(group: Group<'a>, file: &'a str, places: &[Place<'_>]) -> Group<'a> {
    let mut group = group;
    for place in places {
        let mut origin = Origin::path(file);
        if let Some(line) = place.location.line {
            origin = origin.line(line);
            if let Some(column) = place.location.column {
                origin = origin.char_column(column);
            }
        }
        group = group.element(origin);
        if !place.label.is_empty() {
            group = group.element(Level::NOTE.message(place.label.clone()));
        }
    }
    group
}

/// The byte range of the token the location's line and column start: a
/// key, a scalar or a quoted string; `None` when the text has no such line.
fn token_span(text: &str, location: &Location) -> Option<Range<usize>> {
    let line = location.line?;
    let line_start = text
        .split_inclusive('\n')
        .take(line.checked_sub(1)?)
        .map(str::len)
        .sum::<usize>();
    let line_text = text.get(line_start..)?.split('\n').next()?;
    if line_start >= text.len() && line > 1 {
        return None;
    }
    // Columns count characters from 1.
    let column = location.column.unwrap_or(1).saturating_sub(1);
    let offset = line_text
        .char_indices()
        .nth(column)
        .map_or(line_text.len(), |(at, _)| at);
    let rest = &line_text[offset..];
    let length = token_length(rest, in_flow(&line_text[..offset]));
    Some(line_start + offset..line_start + offset + length)
}

/// Whether the text before a token leaves a flow collection (`{…`, `[…`)
/// open: then `,`, `}` and `]` end the token, which elsewhere are part of a
/// plain scalar (`/pets/{id}`).
fn in_flow(before: &str) -> bool {
    let mut depth = 0usize;
    let mut quote = None;
    for c in before.chars() {
        match (quote, c) {
            (Some(open), c) if c == open => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '{' | '[') => depth += 1,
            (None, '}' | ']') => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    depth > 0
}

/// How long the token at the start of `rest` is: through the closing quote
/// of a quoted string, else up to a `: `, a comment, the line's end, or in a
/// flow collection a separator.
fn token_length(rest: &str, in_flow: bool) -> usize {
    let mut chars = rest.char_indices();
    match chars.next() {
        None => 0,
        Some((_, quote @ ('"' | '\''))) => {
            let mut escaped = false;
            for (at, c) in chars {
                if c == quote && !escaped {
                    return at + 1;
                }
                escaped = quote == '"' && c == '\\' && !escaped;
            }
            rest.len()
        }
        Some(_) => {
            let bytes = rest.as_bytes();
            let end = (0..bytes.len())
                .find(|&at| match bytes[at] {
                    b',' | b'}' | b']' => in_flow && at > 0,
                    b':' => bytes
                        .get(at + 1)
                        .is_none_or(|next| next.is_ascii_whitespace()),
                    b'#' => at > 0 && bytes[at - 1] == b' ',
                    _ => false,
                })
                .unwrap_or(bytes.len());
            rest[..end].trim_end().len().max(1).min(rest.len())
        }
    }
}

/// One JSON object (see `docs/diagnostics.schema.json`), on one line.
pub fn json(diagnostic: &Diagnostic) -> String {
    let location = |location: &Location, primary: bool, label: Option<&str>| {
        json!({
            "file": location.file,
            "line": location.line,
            "column": location.column,
            "pointer": location.pointer,
            "primary": primary,
            "label": label,
        })
    };
    let mut locations = vec![location(&diagnostic.location, true, None)];
    locations.extend(
        diagnostic
            .related
            .iter()
            .map(|related| location(&related.location, false, Some(&related.label))),
    );
    let fix = diagnostic.fix.as_ref().map_or(
        Value::Null,
        |fix| json!({"file": fix.file, "pointer": fix.pointer, "old": fix.old, "new": fix.new}),
    );
    json!({
        "code": diagnostic.code.id,
        "severity": match diagnostic.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        },
        "summary": diagnostic.code.summary,
        "message": diagnostic.message,
        "locations": locations,
        "fix": fix,
    })
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(line: usize, column: usize) -> Location {
        Location {
            file: "f.yaml".to_owned(),
            line: Some(line),
            column: Some(column),
            pointer: "/x".to_owned(),
        }
    }

    fn problem() -> (Diagnostic, SourceTexts) {
        const BROKEN: crate::diagnostics::ErrorCode =
            crate::diagnostics::ErrorCode::new("E998", "broken", "a test's");
        let mut problems = crate::diagnostics::Diagnostics::new();
        problems
            .error(BROKEN, at(2, 3), "broken")
            .also_at(at(1, 1), "the parent");
        let texts = SourceTexts::from([("f.yaml".to_owned(), "a:\n  key: value\n".to_owned())]);
        (problems.into_sorted().remove(0), texts)
    }

    #[test]
    fn colour_is_written_only_when_asked_for() {
        let (problem, texts) = problem();
        let plain = human(&problem, &texts, false);
        assert!(!plain.contains('\u{1b}'), "{plain}");
        assert!(plain.contains("error[E998]: broken"), "{plain}");
        assert!(
            plain.contains("^^^ at /x") && plain.contains("- the parent"),
            "{plain}"
        );
        assert!(human(&problem, &texts, true).contains("\u{1b}["));
    }

    #[test]
    fn a_place_without_its_text_is_named_without_a_snippet() {
        let (problem, _) = problem();
        let text = human(&problem, &SourceTexts::new(), false);
        assert!(text.contains("--> f.yaml:2:3"), "{text}");
        assert!(text.contains("the parent"), "{text}");
    }

    #[test]
    fn a_token_is_a_key_a_scalar_or_a_quoted_string() {
        let text = "a:\n  key: value\n  'q: x': 1\n  - [item, other]\n  /pets/{id}: {get: x}\n";
        let slice = |location| token_span(text, &location).map(|span| &text[span]);
        assert_eq!(slice(at(2, 3)), Some("key"));
        assert_eq!(slice(at(2, 8)), Some("value"));
        assert_eq!(slice(at(3, 3)), Some("'q: x'"));
        assert_eq!(slice(at(4, 6)), Some("item"));
        assert_eq!(slice(at(5, 3)), Some("/pets/{id}"));
        assert_eq!(slice(at(5, 16)), Some("get"));
        assert_eq!(slice(at(9, 1)), None);
    }
}

#[cfg(test)]
mod odd_input {
    use super::*;

    const CODE: crate::diagnostics::ErrorCode =
        crate::diagnostics::ErrorCode::new("E998", "odd", "a test's");

    fn place(file: &str, line: Option<usize>, column: Option<usize>) -> Location {
        Location {
            file: file.to_owned(),
            line,
            column,
            pointer: "/x".to_owned(),
        }
    }

    fn problem(location: Location, related: Vec<Location>) -> Diagnostic {
        let mut problem = Diagnostic::new(CODE.code(), location, "odd");
        for location in related {
            problem.also_at(location, "other");
        }
        problem
    }

    fn show(text: &str, location: Location, related: Vec<Location>) -> String {
        let mut texts = SourceTexts::new();
        texts.insert("f.yaml".to_owned(), text.to_owned());
        human(&problem(location, related), &texts, false)
    }

    #[test]
    fn odd_spans() {
        let cases: &[(&str, usize, usize, Option<&str>)] = &[
            ("a: b\r\nkey: value\r\n", 2, 1, Some("key")),
            ("a: b\r\nkey: value\r\n", 2, 6, Some("value")),
            ("\tkey: v\n", 1, 2, Some("key")),
            ("é: x\nname: café\n", 2, 7, Some("café")),
            ("t: 'ééé' # 😀\nk: 😀v\n", 2, 4, Some("😀v")),
            ("", 1, 1, Some("")),
            ("a: b", 1, 40, Some("")),
            ("a: b\n", 2, 1, None),
            ("a: b\n", 7, 1, None),
            ("a: b\n", 0, 1, None),
            ("a: b\n", 1, 0, Some("a")),
        ];
        for (text, line, column, want) in cases {
            let got = token_span(text, &place("f.yaml", Some(*line), Some(*column)))
                .map(|span| &text[span]);
            assert_eq!(got, *want, "{text:?} at {line}:{column}");
        }
    }

    #[test]
    fn odd_texts_render_without_panicking() {
        let long = format!("{{\"a\": [{}], \"é\": \"x\"}}", "1, ".repeat(5000) + "1");
        let cases: Vec<(String, usize, usize)> = vec![
            ("a: b\r\nkey: value\r\n".to_owned(), 2, 6),
            ("\t\tkey: v\n".to_owned(), 1, 3),
            ("é: x\nname: café😀\n".to_owned(), 2, 7),
            (String::new(), 1, 1),
            ("a: b".to_owned(), 1, 40),
            ("a: b\n".to_owned(), 2, 1),
            ("a: b\n".to_owned(), 99, 3),
            (long.clone(), 1, long.chars().count() - 6),
        ];
        for (text, line, column) in cases {
            let out = show(
                &text,
                place("f.yaml", Some(line), Some(column)),
                vec![
                    place("f.yaml", Some(1), Some(1)),
                    place("missing.yaml", Some(3), Some(4)),
                    place("missing.yaml", None, None),
                ],
            );
            assert!(out.contains("error[E998]: odd"), "{out}");
        }
    }

    #[test]
    fn crlf_renders_the_line() {
        let out = show(
            "a: b\r\nkey: value\r\n",
            place("f.yaml", Some(2), Some(6)),
            vec![],
        );
        assert!(out.contains("key: value"), "{out}");
        assert!(out.contains("^^^^^"), "{out}");
    }

    #[test]
    fn multibyte_before_column() {
        let out = show(
            "name: café😀 x\n",
            place("f.yaml", Some(1), Some(13)),
            vec![],
        );
        assert!(out.contains("|              ^ at /x"), "{out}");
    }

    #[test]
    fn a_minified_document_is_not_printed_whole() {
        // A minified JSON document: one line of 1 MB.
        let text = format!("{{\"a\": [{}1], \"b\": 1}}", "1, ".repeat(350_000));
        let at = |column| place("spec.json", Some(1), Some(column));
        let problem = problem(at(text.chars().count() - 6), vec![at(2)]);
        let texts = SourceTexts::from([("spec.json".to_owned(), text.clone())]);
        let out = human(&problem, &texts, false);
        assert!(
            out.len() < 10_000,
            "{} bytes for one problem in a {} byte line",
            out.len(),
            text.len()
        );
    }
}
