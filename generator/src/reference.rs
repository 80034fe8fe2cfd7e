//! `$ref` strings → JSON pointers into the document: shared by the load
//! stage (which copies references the lowering cannot take) and the
//! lowering (which follows the rest).

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
