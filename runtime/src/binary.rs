//! [`Binary`]: a binary request body or multipart part, in memory or streamed.

use bytes::Bytes;
use futures_util::TryStreamExt;

/// A binary request body (`application/octet-stream`, `image/png`, …): bytes
/// in memory, or a stream read once while sending.
///
/// ```
/// use fyno_codegen_runtime::Binary;
/// let in_memory = Binary::from(vec![0x89, b'P', b'N', b'G']);
/// let streamed = Binary::stream(futures_util::stream::iter([
///     Ok::<_, std::io::Error>(bytes::Bytes::from_static(b"chunk")),
/// ]));
/// # let _ = (in_memory, streamed);
/// ```
pub struct Binary {
    kind: BinaryKind,
}

enum BinaryKind {
    Bytes(Bytes),
    Stream(reqwest::Body),
}

impl Binary {
    /// A body read from `stream` while it is sent. A call with a streamed
    /// body is sent once: it is never retried, since the stream cannot be
    /// read twice.
    pub fn stream<S, E>(stream: S) -> Self
    where
        S: futures_util::Stream<Item = Result<Bytes, E>> + Send + 'static,
        E: Into<Box<dyn std::error::Error + Send + Sync>> + 'static,
    {
        Self {
            kind: BinaryKind::Stream(reqwest::Body::wrap_stream(stream.map_err(Into::into))),
        }
    }

    /// Whether the body is a stream (and so sent once).
    pub fn is_stream(&self) -> bool {
        matches!(self.kind, BinaryKind::Stream(_))
    }

    pub(crate) fn into_parts(self) -> Result<Bytes, reqwest::Body> {
        match self.kind {
            BinaryKind::Bytes(bytes) => Ok(bytes),
            BinaryKind::Stream(body) => Err(body),
        }
    }
}

impl std::fmt::Debug for Binary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The content is the caller's data; its size is what helps debugging.
        match &self.kind {
            BinaryKind::Bytes(bytes) => write!(f, "Binary({} bytes)", bytes.len()),
            BinaryKind::Stream(_) => f.write_str("Binary(stream)"),
        }
    }
}

impl From<Bytes> for Binary {
    fn from(bytes: Bytes) -> Self {
        Self {
            kind: BinaryKind::Bytes(bytes),
        }
    }
}

impl From<Vec<u8>> for Binary {
    fn from(bytes: Vec<u8>) -> Self {
        Bytes::from(bytes).into()
    }
}

impl From<&'static [u8]> for Binary {
    fn from(bytes: &'static [u8]) -> Self {
        Bytes::from_static(bytes).into()
    }
}

impl From<String> for Binary {
    fn from(text: String) -> Self {
        Bytes::from(text).into()
    }
}
