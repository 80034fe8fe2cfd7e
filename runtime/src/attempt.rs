//! One attempt's request body, as the transport sends it.

use bytes::Bytes;
use reqwest::header::HeaderValue;

/// One attempt's body: its `Content-Type` and the body itself.
pub(crate) struct AttemptBody {
    pub(crate) content_type: HeaderValue,
    pub(crate) body: AttemptData,
    /// Known for bytes; a stream is sent chunked.
    pub(crate) len: Option<u64>,
}

/// The data of one attempt's body.
pub(crate) enum AttemptData {
    /// Bytes in memory (shared with the payload, not copied).
    Bytes(Bytes),
    /// A stream (a streamed binary body or a multipart form).
    Stream(reqwest::Body),
}

impl AttemptData {
    /// The bytes, when the body is in memory.
    #[cfg(test)]
    pub(crate) fn as_bytes(&self) -> Option<&[u8]> {
        match self {
            Self::Bytes(bytes) => Some(bytes),
            Self::Stream(_) => None,
        }
    }

    /// The body as reqwest sends it, in a form it cannot replay (so no
    /// redirect policy of a caller-supplied client can re-send it; see
    /// `redirect.rs`). A stream is never replayable.
    pub(crate) fn into_unreplayable(self) -> reqwest::Body {
        match self {
            Self::Bytes(bytes) => crate::redirect::unreplayable(bytes),
            Self::Stream(body) => body,
        }
    }
}
