//! Relative documentation links made absolute, at load time.
//!
//! The vendor's descriptions link into its own site with relative links
//! (`[allowlist](../configuring-allowlist-url)`). With
//! `info.x-rust-docs-base` set (by an overlay), they are joined to that base
//! before lowering, so the rustdoc written from them keeps them as links.

/// Extension of the document's `info` naming the folder the vendor's
/// relative documentation links are written from, set in an overlay
/// (`x-rust-docs-base: https://docs.fyno.io/docs/reference`: a trailing `/`
/// is implied, so `../allowlist` is `https://docs.fyno.io/docs/allowlist`).
pub(crate) const X_RUST_DOCS_BASE: &str = "x-rust-docs-base";

/// Makes the relative Markdown links of every `description` in the document
/// absolute against `info.x-rust-docs-base`, so that rendering keeps them as
/// links into the vendor's documentation instead of dropping them to their
/// text. Without that setting nothing changes. Anchors (`#…`) and absolute
/// links are left alone.
pub(crate) fn resolve_relative_links(document: &mut serde_json::Value) {
    let base = document
        .get("info")
        .and_then(|info| info.get(X_RUST_DOCS_BASE))
        .and_then(serde_json::Value::as_str)
        .filter(|base| is_absolute_url(base))
        .map(|base| format!("{}/", base.trim_end_matches('/')));
    if let Some(base) = base {
        rewrite_descriptions(document, &base);
    }
}

fn rewrite_descriptions(value: &mut serde_json::Value, base: &str) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, member) in map.iter_mut() {
                match member {
                    serde_json::Value::String(text) if key == "description" => {
                        *text = absolutize_links(text, base);
                    }
                    _ => rewrite_descriptions(member, base),
                }
            }
        }
        serde_json::Value::Array(items) => {
            for item in items {
                rewrite_descriptions(item, base);
            }
        }
        _ => {}
    }
}

/// Rewrites each `](destination)` whose destination is relative.
fn absolutize_links(text: &str, base: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("](") {
        let (before, after) = rest.split_at(at + 2);
        out.push_str(before);
        let end = after.find(')').unwrap_or(after.len());
        let destination = &after[..end];
        if destination.is_empty()
            || destination.starts_with('#')
            || is_absolute_url(destination)
            || destination.contains(char::is_whitespace)
        {
            out.push_str(destination);
        } else {
            out.push_str(&join_relative(base, destination));
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

/// `base` (ending in `/`) joined with a relative path: each leading `../`
/// climbs one segment (never above the host), `./` stays, `/x` is from the
/// host's root.
fn join_relative(base: &str, relative: &str) -> String {
    // `https://host/a/b/` → root `https://host`, segments [a, b].
    let after_scheme = base.find("://").map_or(0, |i| i + 3);
    let root_end = base[after_scheme..]
        .find('/')
        .map_or(base.len(), |i| after_scheme + i);
    let root = &base[..root_end];
    if let Some(absolute_path) = relative.strip_prefix('/') {
        return format!("{root}/{absolute_path}");
    }
    let mut segments: Vec<&str> = base[root_end..]
        .split('/')
        .filter(|s| !s.is_empty())
        .collect();
    let mut rest = relative;
    loop {
        if let Some(next) = rest.strip_prefix("../") {
            segments.pop();
            rest = next;
        } else if let Some(next) = rest.strip_prefix("./") {
            rest = next;
        } else {
            break;
        }
    }
    let mut joined = root.to_owned();
    for segment in segments {
        joined.push('/');
        joined.push_str(segment);
    }
    joined.push('/');
    joined.push_str(rest);
    joined
}

/// Whether `destination` is an absolute http(s) URL.
pub(crate) fn is_absolute_url(destination: &str) -> bool {
    let lower = destination.to_ascii_lowercase();
    ["http://", "https://"]
        .iter()
        .any(|scheme| lower.len() > scheme.len() && lower.starts_with(scheme))
}
