//! `$ref` strings → JSON pointers into the document, and the pointer
//! arithmetic around them: shared by the load stage (which copies
//! references the lowering cannot take, and bundles files) and the lowering
//! (which follows the rest).

/// The JSON pointer a local `$ref` names (`#/a/b` → `/a/b`), or why it cannot be used.
pub(crate) fn local_pointer(reference: &str) -> Result<String, String> {
    let Some(fragment) = reference.strip_prefix('#') else {
        return Err(format!(
            "`$ref` `{reference}` points outside this document; bundle the document into one file first (for example `npx @redocly/cli bundle`)"
        ));
    };
    let decoded = percent_encoding::percent_decode_str(fragment)
        .decode_utf8()
        .map_err(|_| format!("`$ref` `{reference}` is not valid percent-encoded UTF-8"))?;
    if !decoded.is_empty() && !decoded.starts_with('/') {
        return Err(format!(
            "`$ref` `{reference}` is not a JSON pointer (it must look like `#/components/schemas/Name`)"
        ));
    }
    Ok(decoded.into_owned())
}

/// What the local `reference` points to, through at most `max_hops`
/// further references, and the pointer it was found at.
pub(crate) fn follow<'v>(
    document: &'v serde_json::Value,
    reference: &str,
    max_hops: usize,
) -> Result<(&'v serde_json::Value, String), FollowError> {
    let first = reference;
    let mut reference = reference;
    let mut via = None;
    // The places passed through, to tell a loop (named as one) from a long
    // chain; at most `max_hops`, so a scan is enough.
    let mut passed: Vec<String> = Vec::new();
    let stop = |stop, message, via: &Option<String>| FollowError {
        stop,
        message,
        via: via.clone(),
    };
    for _ in 0..max_hops {
        let pointer =
            local_pointer(reference).map_err(|message| stop(Stop::Malformed, message, &via))?;
        if passed.contains(&pointer) {
            let chain: Vec<String> = passed
                .iter()
                .chain([&pointer])
                .map(|place| format!("`#{place}`"))
                .collect();
            let message = format!(
                "`$ref` `{first}` leads back to a place it passed: {}",
                chain.join(" → ")
            );
            return Err(stop(Stop::TooManyHops, message, &None));
        }
        let value = document.pointer(&pointer).ok_or_else(|| {
            let message = format!("`$ref` `{reference}` points to nothing");
            stop(Stop::NothingThere, message, &via)
        })?;
        match value.get("$ref").and_then(serde_json::Value::as_str) {
            Some(next) => {
                reference = next;
                passed.push(pointer.clone());
                via = Some(pointer);
            }
            None => return Ok((value, pointer)),
        }
    }
    let message = format!("`$ref` `{first}` goes through more than {max_hops} references");
    Err(stop(Stop::TooManyHops, message, &via))
}

/// Why [`follow`] stopped, in words and as a kind (each kind is a
/// diagnostic code of its own to the caller).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct FollowError {
    pub(crate) stop: Stop,
    pub(crate) message: String,
    /// The object holding the last `$ref` followed, when following stopped
    /// further along a chain than the first reference.
    pub(crate) via: Option<String>,
}

/// The kinds of [`FollowError`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Stop {
    /// Not a pointer into this document.
    Malformed,
    /// The pointer names nothing.
    NothingThere,
    /// A loop, or more references in a chain than allowed.
    TooManyHops,
}

/// One RFC 6901 reference token unescaped (`~1` → `/`, then `~0` → `~`).
pub(crate) fn unescape_token(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// What `lookup` finds for the longest of `pointer` and its ancestors (down
/// to the root, ``), with the rest of `pointer` below it. Tokens never hold
/// an unescaped `/`: cutting at the last one yields the parent.
pub(crate) fn by_longest_prefix<T>(
    pointer: &str,
    lookup: impl Fn(&str) -> Option<T>,
) -> Option<(T, &str)> {
    std::iter::successors(Some(pointer), |prefix| {
        prefix.rfind('/').map(|cut| &prefix[..cut])
    })
    .find_map(|prefix| lookup(prefix).map(|found| (found, &pointer[prefix.len()..])))
}
