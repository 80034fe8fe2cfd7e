//! What sets two wire names apart when their Rust names coincide: the
//! symbols and the case that identifiers drop. `+1` and `-1` are both `n1`
//! as identifiers; spelled out they are `plus_1` and `minus_1`. `asc` and
//! `ASC` are both `Asc`; the one with more capitals is `AscUpper`.

use crate::idents::{snake_ident, type_ident};

/// How a namespace writes its names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Case {
    /// Fields, parameters, methods: `snake_case`.
    Snake,
    /// Variants and types: `UpperCamelCase`.
    Camel,
}

impl Case {
    /// `text` as a name of this case (empty when it has no letters or digits).
    pub(crate) fn render(self, text: &str) -> String {
        match self {
            Case::Snake => snake_ident(text),
            Case::Camel => type_ident(text),
        }
    }

    /// `name` followed by `suffix`, as one name of this case.
    pub(crate) fn join(self, name: &str, suffix: &str) -> String {
        match self {
            Case::Snake => snake_ident(&format!("{}_{suffix}", name.trim_start_matches("r#"))),
            // The name as it is (`AB` stays `AB`), the suffix camel-cased.
            Case::Camel => format!("{name}{}", type_ident(suffix)),
        }
    }
}

/// Words for the symbols an identifier would drop. Data, not code: a
/// symbol missing here is a word break, and a collision it leaves falls
/// through to a number.
const SYMBOL_WORDS: &[(char, &str)] = &[
    ('+', "plus"),
    ('-', "minus"),
    ('@', "at"),
    ('$', "dollar"),
    ('#', "hash"),
    ('*', "star"),
    ('!', "not"),
    ('~', "tilde"),
    ('%', "percent"),
    ('&', "and"),
    ('=', "eq"),
    ('<', "lt"),
    ('>', "gt"),
    (':', "colon"),
    ('/', "slash"),
    ('?', "question"),
    ('^', "caret"),
    ('|', "pipe"),
    (',', "comma"),
    (';', "semicolon"),
    ('.', "dot"),
    ('_', "underscore"),
    ('\'', "quote"),
    ('"', "quote"),
];

/// `wire` with its symbols spelled as words: `+1` → `plus 1`, `-end_at` →
/// `minus end_at`, `@id` → `at id`, `_id` → `underscore id`. A `_`, `-`,
/// `.` or space between two letters or digits is a word break as usual
/// (`end_at`, `opted-out`), except a `-` before a digit (`GMT-1`: minus).
pub(crate) fn spell_symbols(wire: &str) -> String {
    let chars: Vec<char> = wire.chars().collect();
    let mut spelled = String::with_capacity(wire.len() + 8);
    for (index, &c) in chars.iter().enumerate() {
        if c.is_ascii_alphanumeric() {
            spelled.push(c);
            continue;
        }
        let before = index > 0 && chars[index - 1].is_ascii_alphanumeric();
        let after = chars.get(index + 1).copied();
        let separator = matches!(c, '_' | '-' | '.' | ' ')
            && before
            && after.is_some_and(|a| a.is_ascii_alphanumeric())
            && !(c == '-' && after.is_some_and(|a| a.is_ascii_digit()));
        match SYMBOL_WORDS.iter().find(|(symbol, _)| *symbol == c) {
            Some((_, word)) if !separator => {
                spelled.push(' ');
                spelled.push_str(word);
                spelled.push(' ');
            }
            _ => spelled.push(' '),
        }
    }
    spelled
}

/// How far a wire name is from plain lower-case words: its capitals and
/// symbols. Among names that coincide, the plainest keeps the name.
pub(crate) fn marks(wire: &str) -> usize {
    wire.chars()
        .filter(|c| c.is_ascii_uppercase() || !c.is_ascii_alphanumeric())
        .count()
}

fn capitals(wire: &str) -> usize {
    wire.chars().filter(char::is_ascii_uppercase).count()
}

/// The names a member (field, variant, parameter) with this `wire` name
/// may take when its `derived` name is wanted by members named
/// `rival_wires`, best first: its symbols spelled out when that changes the
/// name (`plus_1`), else the derived name; then, when it has more capitals
/// than a rival, that name with `upper` (`asc_upper`).
pub(crate) fn member_candidates(
    wire: &str,
    derived: &str,
    rival_wires: &[&str],
    case: Case,
) -> Vec<String> {
    let spelled = case.render(&spell_symbols(wire));
    let base = if spelled.is_empty() || spelled == derived {
        derived.to_owned()
    } else {
        spelled
    };
    let mut candidates = vec![base.clone()];
    let letters = || wire.chars().filter(char::is_ascii_alphabetic);
    let all_upper = letters().count() > 1 && letters().all(|c| c.is_ascii_uppercase());
    let capitalized = letters().next().is_some_and(|c| c.is_ascii_uppercase())
        && letters().skip(1).all(|c| c.is_ascii_lowercase());
    if capitalized && !all_upper {
        candidates.push(case.join(&base, "capitalized"));
    }
    if all_upper || rival_wires.iter().any(|r| capitals(r) < capitals(wire)) {
        candidates.push(case.join(&base, "upper"));
    }
    candidates
}

/// The `n`th numbered form of a name, the last resort: `name_2`, `Name2`,
/// and `V1Alt2` where a digit ends the name (`V12` would read as the value 12).
pub(crate) fn numbered(case: Case, name: &str, n: usize) -> String {
    match case {
        Case::Snake => case.join(name, &n.to_string()),
        Case::Camel if name.ends_with(|c: char| c.is_ascii_digit()) => format!("{name}Alt{n}"),
        Case::Camel => format!("{name}{n}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snake(wire: &str, rivals: &[&str]) -> Vec<String> {
        member_candidates(wire, &snake_ident(wire), rivals, Case::Snake)
    }

    #[test]
    fn signs_and_symbols_are_spelled() {
        assert_eq!(snake("+1", &["-1"]), ["plus_1"]);
        assert_eq!(snake("-1", &["+1"]), ["minus_1"]);
        assert_eq!(snake("@id", &["id"]), ["at_id"]);
        assert_eq!(snake("_id", &["id"]), ["underscore_id"]);
        assert_eq!(snake("id", &["@id"]), ["id"]);
        assert_eq!(
            member_candidates("-end_at", "EndAt", &["end_at"], Case::Camel),
            ["MinusEndAt"]
        );
        assert_eq!(spell_symbols("opted-out"), "opted out");
        assert_eq!(spell_symbols("GMT-1").trim(), "GMT minus 1");
    }

    #[test]
    fn case_is_told_apart_by_capitals() {
        assert_eq!(snake("jobId", &["jobID"]), ["job_id"]);
        assert_eq!(snake("jobID", &["jobId"]), ["job_id", "job_id_upper"]);
        assert_eq!(
            member_candidates("ASC", "Asc", &["asc"], Case::Camel),
            ["Asc", "AscUpper"]
        );
        assert_eq!(
            member_candidates("Asc", "Asc", &["asc", "ASC"], Case::Camel),
            ["Asc", "AscCapitalized", "AscUpper"]
        );
        assert_eq!(numbered(Case::Camel, "V1", 2), "V1Alt2");
        assert_eq!(numbered(Case::Camel, "Pet", 2), "Pet2");
        assert_eq!(numbered(Case::Snake, "r#type", 2), "type_2");
        assert_eq!(marks("asc"), 0);
        assert!(marks("ASC") > marks("Asc"));
    }

    #[test]
    fn keywords_stay_usable() {
        assert_eq!(Case::Snake.join("r#type", "upper"), "type_upper");
        assert_eq!(snake("type", &["Type"]), ["r#type"]);
    }
}
