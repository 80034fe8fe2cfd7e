//! A response as the runtime hands it to decoders.

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;

/// A response: status, headers and the body read within the size limit.
#[derive(Clone, Debug)]
pub struct Response {
    /// The status.
    pub status: StatusCode,
    /// The headers.
    pub headers: HeaderMap,
    /// The whole body of a 2xx response; of any other, at most its first
    /// 64 KiB (the runtime's private `ERROR_BODY_PREFIX`).
    pub body: Bytes,
    /// The body's full length (announced, or counted while reading).
    pub body_len: u64,
}
