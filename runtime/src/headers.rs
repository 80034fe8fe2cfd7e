//! Header values made from `'static` strings.

use bytes::Bytes;
use reqwest::header::HeaderValue;

/// A header value of a `'static` string (a generated media type), used in
/// place, never copied: neither making nor cloning it allocates. Checked
/// once, accepting what `HeaderValue::from_str` accepts (a check before
/// `from_static`, which panics on what it refuses, made it twice).
pub(crate) fn static_value(
    value: &'static str,
) -> Result<HeaderValue, reqwest::header::InvalidHeaderValue> {
    HeaderValue::from_maybe_shared(Bytes::from_static(value.as_bytes()))
}
