//! Turning spec text into Rust identifiers that are always valid.
//!
//! Spec text can hold anything (`$set`, `x²`, `Etc/GMT-1`, `type`, `½`,
//! an empty string). Every function here returns either a valid identifier
//! or an empty string (which callers replace with a fallback or report), so
//! emission never meets a name `proc_macro2::Ident` would reject.

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Rust's strict and reserved keywords (2024 edition).
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "dyn", "else", "enum", "extern", "false",
    "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub",
    "ref", "return", "static", "struct", "trait", "true", "type", "unsafe", "use", "where",
    "while", "abstract", "become", "box", "do", "final", "macro", "override", "priv", "try",
    "typeof", "unsized", "virtual", "yield", "self", "Self", "super", "crate",
];

/// Keywords that cannot be raw identifiers either.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Whether `name` is a Rust keyword.
pub fn is_keyword(name: &str) -> bool {
    KEYWORDS.contains(&name)
}

/// Whether `name` cannot be written as a raw identifier (`r#self` is not one).
pub fn cannot_be_raw(name: &str) -> bool {
    NOT_RAW.contains(&name)
}

/// Non-ASCII-alphanumeric characters become word breaks, so case
/// conversion only ever sees letters, digits and separators.
fn ascii_words(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect()
}

/// `UpperCamelCase`: a type, variant or builder name. A leading digit gets a
/// `V`, and `Self` becomes `SelfValue`. Empty when `text` has no ASCII
/// letters or digits.
pub fn type_ident(text: &str) -> String {
    let name = ascii_words(text).to_upper_camel_case();
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("V{name}")
    } else if name == "Self" {
        "SelfValue".to_owned()
    } else {
        name
    }
}

/// `snake_case` for fields, methods and arguments. A leading digit gets an
/// `n`; keywords become raw identifiers (`r#type`), or get a trailing `_`
/// where that is not allowed (`self_`). Empty when `text` has no ASCII
/// letters or digits.
pub fn snake_ident(text: &str) -> String {
    let name = ascii_words(text).to_snake_case();
    let name = if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("n{name}")
    } else {
        name
    };
    if NOT_RAW.contains(&name.as_str()) {
        format!("{name}_")
    } else if is_keyword(&name) {
        format!("r#{name}")
    } else {
        name
    }
}

/// `snake_case` for a module, which is also a file name: keywords get a
/// trailing `_` (`type_`), never the raw form (`r#type.rs` is not a module file).
pub fn module_ident(text: &str) -> String {
    let name = snake_ident(text);
    match name.strip_prefix("r#") {
        Some(keyword) => format!("{keyword}_"),
        None => name,
    }
}

/// Whether `name` is usable as written: ASCII, not a keyword, not `_`.
/// Used to check names a human wrote in an `x-` extension.
pub fn is_plain_ident(name: &str) -> bool {
    let mut chars = name.chars();
    let starts_well = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
    starts_well
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && name != "_"
        && !is_keyword(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anything_becomes_a_valid_identifier_or_nothing() {
        assert_eq!(type_ident("x²"), "X");
        assert_eq!(type_ident("½"), "");
        assert_eq!(type_ident("self"), "SelfValue");
        assert_eq!(type_ident("200_response"), "V200Response");
        assert_eq!(snake_ident("$set"), "set");
        assert_eq!(snake_ident("_id"), "id");
        assert_eq!(snake_ident("$"), "");
        assert_eq!(snake_ident("type"), "r#type");
        assert_eq!(snake_ident("self"), "self_");
        assert_eq!(snake_ident("9lives"), "n9lives");
        assert_eq!(snake_ident("Get x²"), "get_x");
        assert_eq!(module_ident("Type"), "type_");
        assert_eq!(module_ident("Fire an Event"), "fire_an_event");
    }

    #[test]
    fn plain_identifiers_are_checked() {
        assert!(is_plain_ident("send_event"));
        assert!(is_plain_ident("Timezone"));
        for bad in [
            "",
            "_",
            "get thing",
            "r#self",
            "self",
            "9a",
            "work-space",
            "x²",
        ] {
            assert!(!is_plain_ident(bad), "{bad}");
        }
    }
}
