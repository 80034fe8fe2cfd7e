//! Spec description text → rustdoc Markdown.
//!
//! Fyno's descriptions come in two forms: plain text with Markdown (`- `
//! lists, `**bold**`, backticks, `[text](../relative-link)`) and the vendor's
//! HTML form (`<br/>`, `<b>`, `<ul><li>…</li></ul>`, `&#58;`). Both become
//! Markdown that `cargo doc -D warnings` accepts and that never creates a
//! doctest:
//! - HTML tags the vendor uses become Markdown, entities are decoded, and
//!   any other `<`/`>` is escaped (`rustdoc::invalid_html_tags`);
//! - relative links are first made absolute against the overlay's
//!   `info.x-rust-docs-base` (at load time, `crate::load::relative_links`); any still
//!   relative keep only their text (they point into the vendor's site, not
//!   into the crate: `rustdoc::broken_intra_doc_links`), absolute
//!   http(s) links stay, bare URLs become `<…>` autolinks
//!   (`rustdoc::bare_urls`), and every other `[`/`]` is escaped;
//! - indentation is dropped and fences are escaped, so nothing is ever a
//!   code block (no doctests, no `rustdoc::invalid_rust_codeblocks`);
//! - the vendor's line structure is kept: list items stay items, a lone `-`
//!   line starts an item with the next line, and a line that starts a new
//!   sentence after one that ended a sentence starts a new paragraph.

use crate::load::relative_links::is_absolute_url;

/// Converts a description into rustdoc lines (without the `///` prefix).
///
/// Lines of one paragraph are consecutive, paragraphs are separated by one
/// empty line, and there are no leading or trailing empty lines. Empty or
/// blank input gives no lines.
pub(crate) fn to_rustdoc(text: &str) -> Vec<String> {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let markdown = html_to_markdown(&text);
    let lines = join_lone_dashes(markdown.split('\n').map(str::trim));
    layout(&lines)
}

/// The first sentence of a description, as one rustdoc-safe line.
///
/// Taken from the first paragraph (or first list item) of [`to_rustdoc`],
/// joined into one line and cut after the first `.`, `!` or `?` that ends a
/// sentence outside code and links. Empty when the text is blank.
pub(crate) fn summary_line(text: &str) -> String {
    let lines = to_rustdoc(text);
    let mut parts: Vec<&str> = Vec::new();
    for line in &lines {
        if line.is_empty() {
            if parts.is_empty() {
                continue;
            }
            break;
        }
        match classify(line) {
            Kind::Item { content, .. } if parts.is_empty() => parts.push(content),
            Kind::Item { .. } => break,
            _ => parts.push(line.trim()),
        }
    }
    first_sentence(&parts.join(" ")).to_owned()
}

// ---------------------------------------------------------------------------
// HTML → Markdown
// ---------------------------------------------------------------------------

/// Replaces the HTML tags the vendor uses with Markdown and decodes entities.
/// Unknown tags are left alone here and escaped later by [`render_inline`].
fn html_to_markdown(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    // Open `<ul>`/`<ol>`: `None` for bullets, `Some(next number)` for `<ol>`.
    let mut lists: Vec<Option<usize>> = Vec::new();
    // Open `<a>`: the href to close the Markdown link with, if any.
    let mut anchors: Vec<Option<String>> = Vec::new();
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        match c {
            // Author-escaped characters stay as they are.
            '\\' if i + 1 < chars.len() => {
                out.extend(&chars[i..i + 2]);
                i += 2;
            }
            // Tags inside code spans are text; entities are still decoded
            // because the HTML form encodes characters everywhere.
            '`' => {
                let end = code_span_end(&chars, i).unwrap_or_else(|| backtick_run_end(&chars, i));
                out.push_str(&decode_entities(&chars[i..end]));
                i = end;
            }
            '<' => match parse_tag(&chars, i) {
                Some((tag, end)) => {
                    match tag_to_markdown(&tag, &mut lists, &mut anchors) {
                        Some(replacement) => out.push_str(&replacement),
                        None => out.extend(&chars[i..end]),
                    }
                    i = end;
                }
                None => {
                    out.push('<');
                    i += 1;
                }
            },
            '&' => match decode_entity(&chars, i) {
                Some((decoded, end)) => {
                    out.push(decoded);
                    i = end;
                }
                None => {
                    out.push('&');
                    i += 1;
                }
            },
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

/// An HTML start or end tag.
struct Tag {
    name: String,
    closing: bool,
    href: Option<String>,
}

/// Parses `<name attrs>`, `</name>` or `<name/>` at `start`; returns the tag
/// and the index after `>`.
fn parse_tag(chars: &[char], start: usize) -> Option<(Tag, usize)> {
    let mut i = start + 1;
    let closing = chars.get(i) == Some(&'/');
    if closing {
        i += 1;
    }
    let name_start = i;
    if !chars.get(i)?.is_ascii_alphabetic() {
        return None;
    }
    while chars.get(i).is_some_and(char::is_ascii_alphanumeric) {
        i += 1;
    }
    let name: String = chars[name_start..i]
        .iter()
        .collect::<String>()
        .to_ascii_lowercase();
    if !matches!(chars.get(i)?, ' ' | '\t' | '\n' | '/' | '>') {
        return None;
    }
    let attrs_start = i;
    while *chars.get(i)? != '>' {
        if chars[i] == '<' {
            return None;
        }
        i += 1;
    }
    let href = (name == "a" && !closing)
        .then(|| attribute(&chars[attrs_start..i], "href"))
        .flatten();
    Some((
        Tag {
            name,
            closing,
            href,
        },
        i + 1,
    ))
}

/// The value of attribute `name` in a tag's attribute text, entities decoded.
fn attribute(attrs: &[char], name: &str) -> Option<String> {
    let text: String = attrs.iter().collect();
    let lower = text.to_ascii_lowercase();
    let mut from = 0;
    while let Some(found) = lower.get(from..)?.find(name) {
        let at = from + found;
        from = at + name.len();
        // Must be a whole attribute name, not the tail of `data-href`.
        let before_ok = lower[..at]
            .chars()
            .next_back()
            .is_none_or(char::is_whitespace);
        let rest = lower[from..].trim_start();
        if !before_ok || !rest.starts_with('=') {
            continue;
        }
        let value_start = text.len() - rest.len() + 1;
        let value = text.get(value_start..)?.trim_start();
        let raw = match value.chars().next()? {
            quote @ ('"' | '\'') => value[1..].split(quote).next()?,
            _ => value
                .split(|c: char| c.is_whitespace() || c == '/')
                .next()?,
        };
        let chars: Vec<char> = raw.chars().collect();
        return Some(decode_entities(&chars));
    }
    None
}

/// The Markdown for a known tag, or `None` to leave an unknown tag as text.
fn tag_to_markdown(
    tag: &Tag,
    lists: &mut Vec<Option<usize>>,
    anchors: &mut Vec<Option<String>>,
) -> Option<String> {
    let markdown = match (tag.name.as_str(), tag.closing) {
        ("br", _) => "\n".to_owned(),
        ("p" | "div" | "hr" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "pre" | "table", _) => {
            "\n\n".to_owned()
        }
        ("tr", _) => "\n".to_owned(),
        ("ul" | "ol", false) => {
            lists.push((tag.name == "ol").then_some(1));
            "\n\n".to_owned()
        }
        ("ul" | "ol", true) => {
            lists.pop();
            "\n\n".to_owned()
        }
        ("li", false) => match lists.last_mut() {
            Some(Some(number)) => {
                let item = format!("\n{number}. ");
                *number += 1;
                item
            }
            _ => "\n- ".to_owned(),
        },
        ("li", true) => "\n".to_owned(),
        ("b" | "strong", _) => "**".to_owned(),
        ("i" | "em", _) => "*".to_owned(),
        ("code", _) => "`".to_owned(),
        ("a", false) => {
            let href = tag.href.clone();
            let open = if href.is_some() { "[" } else { "" };
            anchors.push(href);
            open.to_owned()
        }
        ("a", true) => match anchors.pop().flatten() {
            // Spaces and parentheses would end a Markdown link destination.
            Some(href) => format!(
                "]({})",
                href.replace(' ', "%20")
                    .replace('(', "%28")
                    .replace(')', "%29")
            ),
            None => String::new(),
        },
        ("span" | "u" | "font" | "small" | "sup" | "sub" | "td" | "th" | "tbody" | "thead", _) => {
            String::new()
        }
        _ => return None,
    };
    Some(markdown)
}

/// Decodes every entity in `chars`.
fn decode_entities(chars: &[char]) -> String {
    let mut out = String::with_capacity(chars.len());
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        match decode_entity(chars, i) {
            Some((decoded, end)) if c == '&' => {
                out.push(decoded);
                i = end;
            }
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

/// Decodes the entity starting at `start` (`&amp;`, `&#58;`, `&#x24;`).
fn decode_entity(chars: &[char], start: usize) -> Option<(char, usize)> {
    if chars.get(start) != Some(&'&') {
        return None;
    }
    let end = entity_end(chars, start)?;
    let body: String = chars[start + 1..end - 1].iter().collect();
    let decoded = if let Some(number) = body.strip_prefix('#') {
        let code = match number.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => number.parse().ok()?,
        };
        char::from_u32(code).filter(|c| *c != '\0')?
    } else {
        match body.as_str() {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            // A plain space: a non-breaking one in docs is invisible noise.
            "nbsp" => ' ',
            "ndash" => '–',
            "mdash" => '—',
            "hellip" => '…',
            "lsquo" => '‘',
            "rsquo" => '’',
            "ldquo" => '“',
            "rdquo" => '”',
            "laquo" => '«',
            "raquo" => '»',
            "bull" => '•',
            "middot" => '·',
            "times" => '×',
            "copy" => '©',
            "reg" => '®',
            "trade" => '™',
            _ => return None,
        }
    };
    Some((decoded, end))
}

/// The index after the `;` of an entity-shaped `&name;` / `&#123;` at `start`.
fn entity_end(chars: &[char], start: usize) -> Option<usize> {
    let mut i = start + 1;
    if chars.get(i) == Some(&'#') {
        i += 1;
    }
    let body_start = i;
    while chars.get(i).is_some_and(char::is_ascii_alphanumeric) && i - body_start < 32 {
        i += 1;
    }
    (i > body_start && chars.get(i) == Some(&';')).then_some(i + 1)
}

// ---------------------------------------------------------------------------
// Lines → paragraphs and lists
// ---------------------------------------------------------------------------

/// Joins the vendor's wrapped list items: a line that is only `-` starts an
/// item whose text is the next line (`"-\nOption 1: …"` → `"- Option 1: …"`).
fn join_lone_dashes<'a>(lines: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut dash_pending = false;
    for line in lines {
        if line == "-" {
            dash_pending = true;
            continue;
        }
        let starts_item = !matches!(classify(line), Kind::Text(_));
        if std::mem::take(&mut dash_pending) && !line.is_empty() && !starts_item {
            out.push(format!("- {line}"));
        } else {
            out.push(line.to_owned());
        }
    }
    out
}

/// What a trimmed line is.
enum Kind<'a> {
    Blank,
    Item { marker: &'a str, content: &'a str },
    Text(&'a str),
}

fn classify(line: &str) -> Kind<'_> {
    if line.is_empty() {
        return Kind::Blank;
    }
    // `- x`, `* x`, `+ x` and `1. x` / `1) x`.
    let marker_len = if line.starts_with(['-', '*', '+']) {
        1
    } else {
        let digits = line.bytes().take_while(u8::is_ascii_digit).count();
        let ordered =
            (1..=9).contains(&digits) && matches!(line.as_bytes().get(digits), Some(b'.' | b')'));
        if !ordered {
            return Kind::Text(line);
        }
        digits + 1
    };
    match line.get(marker_len..) {
        Some(rest) if rest.starts_with([' ', '\t']) && !rest.trim().is_empty() => Kind::Item {
            marker: &line[..marker_len],
            content: rest.trim(),
        },
        _ => Kind::Text(line),
    }
}

/// What the previous non-blank line was.
#[derive(Clone, Copy, PartialEq)]
enum Last {
    Nothing,
    Paragraph { ends_sentence: bool },
    Item,
}

/// Lays lines out as paragraphs and tight lists, rendering their text.
fn layout(lines: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut last = Last::Nothing;
    let mut blank_pending = false;
    for line in lines {
        let (marker, content) = match classify(line) {
            Kind::Blank => (None, ""),
            Kind::Item { marker, content } => (Some(marker), content),
            Kind::Text(content) => (None, content),
        };
        let rendered = render_line(content);
        // A line whose text renders to nothing (`<br/>` runs, an empty
        // relative link) separates paragraphs like a blank line.
        if rendered.is_empty() {
            blank_pending = last != Last::Nothing;
            continue;
        }
        if let Some(marker) = marker {
            // Items of one list stay together (the HTML form puts spaces
            // between `<li>`s); a list after a paragraph gets a blank.
            if matches!(last, Last::Paragraph { .. }) {
                out.push(String::new());
            }
            out.push(format!("{marker} {rendered}"));
            last = Last::Item;
            blank_pending = false;
            continue;
        }
        let new_paragraph = blank_pending
            || match last {
                Last::Nothing => false,
                Last::Paragraph { ends_sentence } => ends_sentence && starts_sentence(content),
                Last::Item => starts_sentence(content),
            };
        blank_pending = false;
        if last == Last::Item && !new_paragraph {
            // The vendor wrapped the item's text: continue the item.
            out.push(format!("  {rendered}"));
            continue;
        }
        if new_paragraph {
            out.push(String::new());
        }
        out.push(rendered);
        last = Last::Paragraph {
            ends_sentence: ends_sentence(content),
        };
    }
    out
}

/// True when `line` ends with `.`, `:`, `!` or `?` (before closing marks).
fn ends_sentence(line: &str) -> bool {
    line.trim_end_matches(['*', '_', '"', '\'', ')'])
        .ends_with(['.', ':', '!', '?'])
}

/// True when `line` starts with a capital letter (after opening marks).
fn starts_sentence(line: &str) -> bool {
    line.trim_start_matches(['*', '_', '"', '\'', '(', '['])
        .chars()
        .next()
        .is_some_and(char::is_uppercase)
}

// ---------------------------------------------------------------------------
// Inline text
// ---------------------------------------------------------------------------

/// Renders one line's text. The result is trimmed (leading spaces could make
/// an indented code block, e.g. from `[    ](../x)`), and a `~~~` that would
/// open a fence, at the start or after nested list markers (`1. ~~~`), is
/// escaped.
fn render_line(content: &str) -> String {
    let chars: Vec<char> = content.chars().collect();
    let mut out = String::with_capacity(content.len() + 8);
    render_inline(&chars, Mode::Text, &mut out);
    let mut line = String::with_capacity(out.len() + 1);
    let mut rest = out.trim();
    // Nested markers: keep each with one space, so the nested item's text
    // cannot start with enough spaces to be an indented code block.
    while let Kind::Item { marker, content } = classify(rest) {
        line.push_str(marker);
        line.push(' ');
        rest = content;
    }
    if rest.starts_with("~~~") {
        line.push('\\');
    }
    line.push_str(rest);
    line
}

/// Where inline text sits, which decides what may appear in it.
#[derive(Clone, Copy, PartialEq)]
enum Mode {
    /// Ordinary text: links and bare URLs are recognized.
    Text,
    /// The text of a dropped link: no nested links (which also bounds the
    /// recursion), but bare URLs are still wrapped.
    Plain,
    /// The text of a kept link: no nested links or autolinks.
    LinkText,
}

/// Makes one line of Markdown safe for rustdoc (see the module docs).
fn render_inline(chars: &[char], mode: Mode, out: &mut String) {
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        match c {
            '\\' => {
                match chars.get(i + 1) {
                    Some(next) if next.is_ascii_punctuation() => {
                        out.push('\\');
                        out.push(*next);
                        i += 2;
                    }
                    // A lone backslash before a letter or at the end is text.
                    _ => {
                        out.push_str("\\\\");
                        i += 1;
                    }
                }
                continue;
            }
            '`' => {
                i = match code_span_end(chars, i) {
                    Some(end) => {
                        out.extend(&chars[i..end]);
                        end
                    }
                    // An unmatched run is escaped so that it cannot pair with
                    // a backtick on another line of the paragraph.
                    None => {
                        let end = backtick_run_end(chars, i);
                        for _ in i..end {
                            out.push_str("\\`");
                        }
                        end
                    }
                };
                continue;
            }
            '!' if chars.get(i + 1) == Some(&'[') && mode == Mode::Text => {
                // An image becomes a plain link (or its text).
                if let Some(end) = render_link(chars, i + 1, out) {
                    i = end;
                    continue;
                }
                out.push('!');
            }
            '[' if mode == Mode::Text => {
                if let Some(end) = render_link(chars, i, out) {
                    i = end;
                    continue;
                }
                out.push_str("\\[");
            }
            '[' => out.push_str("\\["),
            ']' => out.push_str("\\]"),
            '<' => match autolink_end(chars, i).filter(|_| mode != Mode::LinkText) {
                Some(end) => {
                    out.extend(&chars[i..end]);
                    i = end;
                    continue;
                }
                None => out.push_str("\\<"),
            },
            '>' => out.push_str("\\>"),
            // Keep a decoded `&amp;lt;` from being decoded again.
            '&' if entity_end(chars, i).is_some() => out.push_str("\\&"),
            'h' | 'H' if mode != Mode::LinkText => {
                if let Some(end) = bare_url_end(chars, i) {
                    out.push('<');
                    out.extend(&chars[i..end]);
                    out.push('>');
                    i = end;
                    continue;
                }
                out.push(c);
            }
            _ => out.push(c),
        }
        i += 1;
    }
}

/// Renders the Markdown link `[text](destination)` at `start`, if there is
/// one: absolute http(s) links are kept, anything else (relative pages of the
/// vendor's site, anchors) becomes its text. Returns the index after it.
fn render_link(chars: &[char], start: usize, out: &mut String) -> Option<usize> {
    let close = matching_bracket(chars, start)?;
    if chars.get(close + 1) != Some(&'(') {
        return None;
    }
    let (destination, end) = link_destination(chars, close + 2)?;
    let text = &chars[start + 1..close];
    if is_absolute_url(&destination) {
        out.push('[');
        render_inline(text, Mode::LinkText, out);
        out.push_str("](");
        out.push_str(&destination);
        out.push(')');
    } else {
        render_inline(text, Mode::Plain, out);
    }
    Some(end)
}

/// The index of the `]` closing the `[` at `start`, skipping code spans and
/// escapes and counting nested brackets.
fn matching_bracket(chars: &[char], start: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut i = start;
    while let Some(&c) = chars.get(i) {
        match c {
            '\\' => i += 1,
            '`' => {
                i = code_span_end(chars, i).unwrap_or_else(|| backtick_run_end(chars, i));
                continue;
            }
            '[' => depth += 1,
            ']' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// Parses `destination)` or `destination "title")` from `start`; returns the
/// destination and the index after `)`.
fn link_destination(chars: &[char], start: usize) -> Option<(String, usize)> {
    let mut depth = 0usize;
    let mut i = start;
    let mut destination = String::new();
    loop {
        let c = *chars.get(i)?;
        match c {
            '(' => depth += 1,
            ')' if depth == 0 => return Some((destination, i + 1)),
            ')' => depth -= 1,
            ' ' | '\t' => break,
            '<' | '>' | '`' => return None,
            _ => {}
        }
        destination.push(c);
        i += 1;
    }
    // An optional title, which we drop: `"…"`, `'…'` or `(…)`.
    while chars.get(i).is_some_and(|c| c.is_whitespace()) {
        i += 1;
    }
    let close = match chars.get(i)? {
        '"' => '"',
        '\'' => '\'',
        '(' => ')',
        ')' => return Some((destination, i + 1)),
        _ => return None,
    };
    i += 1;
    while *chars.get(i)? != close {
        i += 1;
    }
    i += 1;
    while chars.get(i).is_some_and(|c| c.is_whitespace()) {
        i += 1;
    }
    (chars.get(i) == Some(&')')).then_some((destination, i + 1))
}

/// The index after a valid `<http(s)://…>` autolink at `start`.
fn autolink_end(chars: &[char], start: usize) -> Option<usize> {
    let mut i = start + 1;
    while let Some(&c) = chars.get(i) {
        match c {
            '>' => {
                let url: String = chars[start + 1..i].iter().collect();
                return is_absolute_url(&url).then_some(i + 1);
            }
            '<' | ' ' | '\t' => return None,
            _ => i += 1,
        }
    }
    None
}

/// The end of a bare `http(s)://…` URL at `start`, without trailing
/// punctuation that belongs to the sentence. Like rustdoc's `bare_urls`
/// lint, this ignores what precedes the scheme (`Ahttps://x.io` is a URL).
fn bare_url_end(chars: &[char], start: usize) -> Option<usize> {
    let mut end = start;
    while chars
        .get(end)
        .is_some_and(|c| !c.is_whitespace() && !matches!(c, '<' | '>' | '`' | '"' | '\\'))
    {
        end += 1;
    }
    loop {
        let last = *chars.get(end.checked_sub(1)?)?;
        let unbalanced = |open: char, close: char| {
            last == close
                && chars[start..end].iter().filter(|c| **c == open).count()
                    < chars[start..end].iter().filter(|c| **c == close).count()
        };
        if matches!(last, '.' | ',' | ';' | ':' | '!' | '?' | '\'' | '*' | '_')
            || unbalanced('(', ')')
            || unbalanced('[', ']')
        {
            end -= 1;
        } else {
            break;
        }
    }
    let url: String = chars[start..end].iter().collect();
    is_absolute_url(&url).then_some(end)
}

/// The index after the run of backticks at `start`.
fn backtick_run_end(chars: &[char], start: usize) -> usize {
    let mut end = start;
    while chars.get(end) == Some(&'`') {
        end += 1;
    }
    end
}

/// The index after the code span opened by the backtick run at `start`
/// (CommonMark: closed by the next run of the same length), if any.
fn code_span_end(chars: &[char], start: usize) -> Option<usize> {
    let open_end = backtick_run_end(chars, start);
    let length = open_end - start;
    let mut i = open_end;
    while i < chars.len() {
        if chars[i] == '`' {
            let run_end = backtick_run_end(chars, i);
            if run_end - i == length {
                return Some(run_end);
            }
            i = run_end;
        } else {
            i += 1;
        }
    }
    None
}

/// `text` up to the end of its first sentence (outside code and links).
fn first_sentence(text: &str) -> &str {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let plain: Vec<char> = chars.iter().map(|(_, c)| *c).collect();
    let mut depth = 0usize;
    let mut i = 0;
    while let Some(&c) = plain.get(i) {
        match c {
            '\\' => i += 1,
            '`' => {
                i = code_span_end(&plain, i).unwrap_or_else(|| backtick_run_end(&plain, i));
                continue;
            }
            '[' => depth += 1,
            ']' => {
                depth = depth.saturating_sub(1);
                // Skip a link destination: `(../x.y)` has no sentence end.
                if chars.get(i + 1).is_some_and(|(_, c)| *c == '(') {
                    while plain.get(i).is_some_and(|c| *c != ')') {
                        i += 1;
                    }
                }
            }
            '.' | '!' | '?' if depth == 0 => {
                // Keep closing emphasis with the sentence.
                let mut end = i + 1;
                while plain
                    .get(end)
                    .is_some_and(|c| matches!(c, '*' | '_' | '"' | '\''))
                {
                    end += 1;
                }
                let next = plain.get(end);
                let after = plain.get(end + 1);
                let ends = match next {
                    None => true,
                    Some(space) if space.is_whitespace() => {
                        !after.is_some_and(|c| c.is_lowercase())
                    }
                    _ => false,
                };
                if ends {
                    let byte_end = chars.get(end).map_or(text.len(), |(at, _)| *at);
                    return &text[..byte_end];
                }
            }
            _ => {}
        }
        i += 1;
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> Vec<String> {
        to_rustdoc(text)
    }

    #[test]
    fn plain_form_keeps_paragraphs_and_lists() {
        // `/paths/~1{WSID}~1{version}~1event/post/description` in the spec.
        let text = "This API enables you to fire a notification event, which sends out notifications to your users.\n\
                    Before firing your first notification event, you must perform the following actions in your Fyno account:\n\
                    - Create a Template\n\
                    - Create a Notification Event\n\
                    - Create an API Key\n\
                    - And obtain your workspace ID from the API Keys page.";
        assert_eq!(
            doc(text),
            [
                "This API enables you to fire a notification event, which sends out notifications to your users.",
                "",
                "Before firing your first notification event, you must perform the following actions in your Fyno account:",
                "",
                "- Create a Template",
                "- Create a Notification Event",
                "- Create an API Key",
                "- And obtain your workspace ID from the API Keys page.",
            ]
        );
    }

    #[test]
    fn vendor_html_form_becomes_markdown() {
        // The batch user property description from the vendor's reference page.
        let text = "This API enables you to modify user properties of your users listed in your [User Profiles](../user-profiles-overview) in bulk:<br/><ul><li>[Update User Properties](./update-user-property) - `$set`</li><li>[Set Unset Properties](./set-an-unset-property) - `$once`</li><li>[Increment/Decrement Numeric Properties](./increment-decrement-numeric-property) - `$add`</li><li>[Append Values to List](./append-values-to-list) - `$append`</li><li>[Remove Values From List](./remove-value-from-list) - `$remove`, and</li><li>[Unset User Properties](./unset-user-property) `$unset`</li></ul><strong>Please refer to function specific API documentation for [&#36;set](./update-user-property), [&#36;once](./set-an-unset-property), [&#36;add](./increment-decrement-numeric-property), [&#36;append](./append-values-to-list), [&#36;remove](./remove-value-from-list), [&#36;unset](./unset-user-property) before using this API.</strong><br/></br><br/>**Note:** The user properties in User Profiles can be used to filter your users for creating [user cohorts](../creating-cohorts) and [campaigns](../campaign_creation#creating-a-campaign-using-cohort).";
        assert_eq!(
            doc(text),
            [
                "This API enables you to modify user properties of your users listed in your User Profiles in bulk:",
                "",
                "- Update User Properties - `$set`",
                "- Set Unset Properties - `$once`",
                "- Increment/Decrement Numeric Properties - `$add`",
                "- Append Values to List - `$append`",
                "- Remove Values From List - `$remove`, and",
                "- Unset User Properties `$unset`",
                "",
                "**Please refer to function specific API documentation for $set, $once, $add, $append, $remove, $unset before using this API.**",
                "",
                "**Note:** The user properties in User Profiles can be used to filter your users for creating user cohorts and campaigns.",
            ]
        );
    }

    #[test]
    fn plain_and_html_forms_of_one_description_agree() {
        // The same description as in the spec (plain) and in the vendor's
        // document (`<br/>` and `&#58;`).
        let plain = "This API enables you to delete existing data for all channels. You can use either of the following approaches:\n\
                     - **Option 1:** Use the `channel` key in the payload to delete all tokens in the specified channel.\n\
                     - **Option 2:** Use the `push` and `inapp` keys in the payload to delete specific tokens in these channels.\n\
                     **Note:** You can use either option 1 or option 2. It is not allowed to use both approaches in one request.";
        let html = "This API enables you to delete existing data for all channels. You can use either of the following approaches&#58;<br/><br/>- **Option 1&#58;** Use the `channel` key in the payload to delete all tokens in the specified channel.<br/>- **Option 2&#58;** Use the `push` and `inapp` keys in the payload to delete specific tokens in these channels.<br/><br/>**Note&#58;** You can use either option 1 or option 2. It is not allowed to use both approaches in one request.";
        let expected = [
            "This API enables you to delete existing data for all channels. You can use either of the following approaches:",
            "",
            "- **Option 1:** Use the `channel` key in the payload to delete all tokens in the specified channel.",
            "- **Option 2:** Use the `push` and `inapp` keys in the payload to delete specific tokens in these channels.",
            "",
            "**Note:** You can use either option 1 or option 2. It is not allowed to use both approaches in one request.",
        ];
        assert_eq!(doc(plain), expected);
        assert_eq!(doc(html), expected);
    }

    #[test]
    fn bold_tags_and_html_lists_with_spaces_between_items() {
        let text = "If the payload contains:<br/><br/>- <b>Option 1:</b> ONLY *`to`* (and no *`distinct_id`*).<br/><br/>- <b>Option 2:</b> BOTH.\
                    <ul> <li>**String:** Example: `products_ordered=['iPhone 16 Pro', 'iPad 32 GB']`.</li> <li>**Number:** `[23000, 20.34]`</li></ul>Done &amp; dusted";
        assert_eq!(
            doc(text),
            [
                "If the payload contains:",
                "",
                "- **Option 1:** ONLY *`to`* (and no *`distinct_id`*).",
                "- **Option 2:** BOTH.",
                "- **String:** Example: `products_ordered=['iPhone 16 Pro', 'iPad 32 GB']`.",
                "- **Number:** `[23000, 20.34]`",
                "",
                "Done & dusted",
            ]
        );
    }

    #[test]
    fn lone_dash_lines_start_an_item_with_the_next_line() {
        // `/components/schemas/event_bulk_body/properties/batch` in the spec.
        let text = "Your batch payload must specify at least *`distinct_id`* or *`to`*\n\
                    while firing a notification event.\n\
                    If the payload contains:\n\
                    -\n\
                    Option 1: ONLY *`to`* (and no *`distinct_id`*) - the event uses\n\
                    all destination values from the *`to`* object (as it is).\n\
                    - Option\n\
                    2: ONLY *`distinct_id`* (and no *`to`*) - the event uses all destination\n\
                    values.";
        assert_eq!(
            doc(text),
            [
                "Your batch payload must specify at least *`distinct_id`* or *`to`*",
                "while firing a notification event.",
                "",
                "If the payload contains:",
                "",
                "- Option 1: ONLY *`to`* (and no *`distinct_id`*) - the event uses",
                "  all destination values from the *`to`* object (as it is).",
                "- Option",
                "  2: ONLY *`distinct_id`* (and no *`to`*) - the event uses all destination",
                "  values.",
            ]
        );
    }

    #[test]
    fn wrapped_items_continue_and_a_new_sentence_ends_the_list() {
        // `/components/schemas/to/properties/push` in the spec.
        let text = "If you use multiple Push providers, add the following prefix for\n\
                    the respective provider tokens:\n\
                    - For Expo: `expo_token:`\n\
                    -\n\
                    For FCM: `fcm_token:`\n\
                    - For OneSignal playerId:\n\
                    `onesignal_player_id:`\n\
                    - For Mi Push: `mi_token:`\n\
                    If\n\
                    you use just one provider, then the prefix is not required.\n\
                    -\n";
        assert_eq!(
            doc(text),
            [
                "If you use multiple Push providers, add the following prefix for",
                "the respective provider tokens:",
                "",
                "- For Expo: `expo_token:`",
                "- For FCM: `fcm_token:`",
                "- For OneSignal playerId:",
                "  `onesignal_player_id:`",
                "- For Mi Push: `mi_token:`",
                "",
                "If",
                "you use just one provider, then the prefix is not required.",
            ]
        );
    }

    #[test]
    fn links_keep_absolute_targets_only_and_bare_urls_are_wrapped() {
        let text = "See [Configuring Allowlist URL/SQS](../../configuring-allowlist-url-sqs-to-receive-delivery-report), \
                    [the docs](https://docs.fyno.io/api \"title\"), <https://fyno.io>, https://api.fyno.io/v1. \
                    and [a [nested] one](#anchor) ![logo](https://fyno.io/logo.png).";
        assert_eq!(
            doc(text),
            [
                "See Configuring Allowlist URL/SQS, [the docs](https://docs.fyno.io/api), <https://fyno.io>, \
                 <https://api.fyno.io/v1>. and a \\[nested\\] one [logo](https://fyno.io/logo.png)."
            ]
        );
        assert_eq!(
            doc(
                "<a href=\"https://fyno.io/a?b=1&amp;c=2\">Fyno</a> and <a href='../rel'>relative</a> (https://x.io/a_(b))."
            ),
            ["[Fyno](https://fyno.io/a?b=1&c=2) and relative (<https://x.io/a_(b)>)."]
        );
        // Like rustdoc's `bare_urls` lint, a URL glued to a word is a URL.
        assert_eq!(
            doc("Ahttps://x.io/a\\b and https:// alone"),
            ["A<https://x.io/a>\\\\b and https:// alone"]
        );
    }

    #[test]
    fn brackets_and_angle_brackets_that_are_not_markup_are_escaped() {
        assert_eq!(
            doc(
                "Token like ExponentPushToken[XXXXX] for [User] with header Bearer <apiKey> & a -> b"
            ),
            [
                "Token like ExponentPushToken\\[XXXXX\\] for \\[User\\] with header Bearer \\<apiKey\\> & a -\\> b"
            ]
        );
        // Code spans are left alone; entities that would decode again are not.
        assert_eq!(
            doc("`Vec<[u8]>` and &lt;b&gt; and &amp;lt; and \\[kept\\]"),
            ["`Vec<[u8]>` and \\<b\\> and \\&lt; and \\[kept\\]"]
        );
    }

    #[test]
    fn nothing_ever_becomes_a_code_block() {
        let text = "Example:\n    indented four\n\tand a tab\n```rust\nfn main() {}\n```\n~~~\n- ```\nodd ` backtick";
        assert_eq!(
            doc(text),
            [
                "Example:",
                "indented four",
                "and a tab",
                "\\`\\`\\`rust",
                "fn main() {}",
                "\\`\\`\\`",
                "\\~~~",
                "",
                "- \\`\\`\\`",
                "  odd \\` backtick",
            ]
        );
        assert_eq!(doc("<pre>let x = 1;</pre>"), ["let x = 1;"]);
        // Found by feeding random markup to `cargo doc`: a fence in a nested
        // item, and indentation produced by a dropped link's text.
        assert_eq!(doc("- 1. ~~~\n*   -     ~~~"), ["- 1. \\~~~", "* - \\~~~"]);
        assert_eq!(doc("A.\n\n[    ](../x)    code"), ["A.", "", "code"]);
    }

    #[test]
    fn unknown_tags_are_escaped_and_known_ones_converted() {
        assert_eq!(
            doc(
                "<p>One<br>two</p><ol><li>first</li><li>second</li></ol><div class=\"x\">x <em>y</em> <code>z</code></div><custom>!</custom><!-- c -->"
            ),
            [
                "One",
                "two",
                "",
                "1. first",
                "2. second",
                "",
                "x *y* `z`",
                "",
                "\\<custom\\>!\\</custom\\>\\<!-- c --\\>",
            ]
        );
    }

    #[test]
    fn blank_runs_collapse_and_edges_are_trimmed() {
        assert!(doc("").is_empty());
        assert!(doc(" \n\t\n<br/><br/>").is_empty());
        assert_eq!(doc("\n\nA.\r\n\r\n\r\n\r\nB.\n\n"), ["A.", "", "B."]);
    }

    #[test]
    fn wrapped_sentences_stay_in_one_paragraph() {
        let text = "(Optional) Enter 1 to specify that this token must be active and\n\
                    should receive notifications. Enter 0 to specify that this token must be inactive\n\
                    and should not receive any notifications. If null, the default value is 1.\n\
                    The integration ID\n\
                    can be obtained from Fyno's integrations page.";
        assert_eq!(
            doc(text),
            [
                "(Optional) Enter 1 to specify that this token must be active and",
                "should receive notifications. Enter 0 to specify that this token must be inactive",
                "and should not receive any notifications. If null, the default value is 1.",
                "",
                "The integration ID",
                "can be obtained from Fyno's integrations page.",
            ]
        );
    }

    #[test]
    fn summary_is_the_first_sentence() {
        assert_eq!(
            summary_line(
                "(Optional) Enter 1 to specify that this token must be active and\nshould receive notifications. Enter 0 to deactivate."
            ),
            "(Optional) Enter 1 to specify that this token must be active and should receive notifications."
        );
        assert_eq!(
            summary_line(
                "This API enables you to set user properties listed in your [User Profiles](../user-profiles-overview) **only if it is currently unset.** If the payload…"
            ),
            "This API enables you to set user properties listed in your User Profiles **only if it is currently unset.**"
        );
        assert_eq!(
            summary_line("Use `a.b` e.g. like this. Then [more. here](https://x.io/a.b). Done"),
            "Use `a.b` e.g. like this."
        );
        assert_eq!(
            summary_line("Number (E.164 format). Next"),
            "Number (E.164 format)."
        );
        assert_eq!(
            summary_line("\n- First item. More\n- second"),
            "First item."
        );
        assert_eq!(
            summary_line("No full stop <here>"),
            "No full stop \\<here\\>"
        );
        assert_eq!(summary_line("Heading:<br/><br/>Body."), "Heading:");
        assert_eq!(summary_line(""), "");
    }

    #[test]
    fn every_spec_description_is_rustdoc_safe() {
        let file = crate::load::SourceFile {
            name: "spec.yaml",
            text: include_str!(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../spec/fyno-openapi.yaml"
            )),
        };
        let spec = crate::load::read_document(file, &mut crate::diagnostics::Diagnostics::new())
            .expect("spec parses");
        let mut texts = Vec::new();
        collect_descriptions(&spec, &mut texts);
        assert!(texts.len() > 100, "found {}", texts.len());
        for text in texts {
            let lines = doc(text);
            assert!(!lines.is_empty(), "{text:?}");
            assert!(
                !lines[0].is_empty() && !lines[lines.len() - 1].is_empty(),
                "{text:?}"
            );
            for pair in lines.windows(2) {
                assert!(!(pair[0].is_empty() && pair[1].is_empty()), "{text:?}");
            }
            for line in &lines {
                let indent = line.len() - line.trim_start().len();
                assert!(indent == 0 || indent == 2, "{line:?}");
                assert!(!line.ends_with(char::is_whitespace), "{line:?}");
                assert!(
                    !line.starts_with("```") && !line.starts_with("~~~"),
                    "{line:?}"
                );
                assert!(!line.contains("](.") && !line.contains("<br"), "{line:?}");
            }
            assert!(!summary_line(text).is_empty());
        }
    }

    #[test]
    fn arbitrary_markup_soup_never_panics_and_stays_block_free() {
        // Deterministic pseudo-random strings over the characters that
        // matter to the converter.
        const PIECES: &[&str] = &[
            "<",
            ">",
            "</",
            "/>",
            "<br/>",
            "<li>",
            "</li>",
            "<ul>",
            "<ol>",
            "</ol>",
            "<a href=\"",
            "</a>",
            "<b>",
            "&",
            "&#",
            "&#36;",
            "&amp;",
            ";",
            "[",
            "]",
            "(",
            ")",
            "![",
            "`",
            "``",
            "\\",
            "\n",
            "\n\n",
            "-",
            "- ",
            "* ",
            "1. ",
            "    ",
            "\t",
            "~~~",
            "```",
            "https://",
            "http://x.io",
            "../rel",
            "é",
            "💡",
            " ",
            "word",
            ".",
            ":",
            "A",
            "\r",
        ];
        for text in crate::random_text::texts(0x9E37_79B9_7F4A_7C15, PIECES, 3000) {
            let lines = doc(&text);
            for line in &lines {
                assert!(
                    !line.starts_with("    ") && !line.starts_with('\t'),
                    "{text:?} → {line:?}"
                );
                let mut body = line.trim_start();
                while let Kind::Item { content, .. } = classify(body) {
                    body = content;
                }
                // A backtick fence's info string cannot contain a backtick.
                let fence = body
                    .strip_prefix("```")
                    .is_some_and(|rest| !rest.contains('`'))
                    || body.starts_with("~~~");
                assert!(!fence, "{text:?} → {line:?}");
            }
            summary_line(&text);
        }
    }

    fn collect_descriptions<'a>(value: &'a serde_json::Value, out: &mut Vec<&'a str>) {
        match value {
            serde_json::Value::Object(members) => {
                for (key, member) in members {
                    match (key.as_str(), member) {
                        ("description", serde_json::Value::String(text)) => out.push(text),
                        _ => collect_descriptions(member, out),
                    }
                }
            }
            serde_json::Value::Array(items) => items
                .iter()
                .for_each(|item| collect_descriptions(item, out)),
            _ => {}
        }
    }

    #[test]
    fn relative_links_resolve_against_the_configured_docs_base() {
        let mut document = serde_json::json!({
            "info": {"x-rust-docs-base": "https://docs.fyno.io/docs/api"},
            "paths": {"/x": {"post": {"description":
                "See [allowlist](../configuring-allowlist-url#sqs), [top](#anchor), \
                 [abs](https://fyno.io/a) and [same](./cohorts)."}}}
        });
        crate::load::relative_links::resolve_relative_links(&mut document);
        assert_eq!(
            document["paths"]["/x"]["post"]["description"],
            "See [allowlist](https://docs.fyno.io/docs/configuring-allowlist-url#sqs), \
             [top](#anchor), [abs](https://fyno.io/a) and [same](https://docs.fyno.io/docs/api/cohorts)."
        );
        let rendered = to_rustdoc(
            document["paths"]["/x"]["post"]["description"]
                .as_str()
                .unwrap_or(""),
        );
        assert!(
            rendered[0].contains("(https://docs.fyno.io/docs/configuring-allowlist-url#sqs)"),
            "{rendered:?}"
        );
        // Without the setting, nothing changes.
        let mut plain = serde_json::json!({"description": "[a](../b)"});
        crate::load::relative_links::resolve_relative_links(&mut plain);
        assert_eq!(plain["description"], "[a](../b)");
    }
}
