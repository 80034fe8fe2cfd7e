//! Reading response bodies incrementally, within a size limit.
//!
//! A hostile or broken server can claim or send any amount of data; reading a
//! body whole (`reqwest::Response::bytes`) lets it raise the client's memory
//! without bound. Here a success body is read chunk by chunk and refused
//! once it passes the limit, and an error body keeps only a bounded prefix
//! (with the full length, so errors can still say how much was sent).

use bytes::{Bytes, BytesMut};

/// The default limit on a response body.
///
/// Fyno's largest documented responses are lists (templates, user profiles,
/// bulk dispatch results for the at most 1,000 events of one bulk request),
/// which stay well under 1 MiB; 16 MiB leaves more than an order of magnitude
/// of headroom for APIs with larger pages while keeping a misbehaving server
/// from taking more than that per concurrent call.
pub const DEFAULT_MAX_BODY_BYTES: u64 = 16 * 1024 * 1024;

/// How much of an error response's body is kept in the error.
///
/// Error bodies are read for diagnosis and for decoding documented error
/// schemas, which are small; a proxy's 256 MiB error page is not kept whole.
pub(crate) const ERROR_BODY_PREFIX: usize = 64 * 1024;

/// A body read within limits.
#[derive(Debug)]
pub(crate) struct ReadBody {
    /// The body, or its first [`ERROR_BODY_PREFIX`] bytes for an error status.
    pub(crate) bytes: Bytes,
    /// The full length: what `Content-Length` announced, else what was
    /// counted before reading stopped.
    pub(crate) len: u64,
}

/// Why a body could not be read.
#[derive(Debug)]
pub(crate) enum ReadError {
    /// The body is longer than the limit (announced or counted).
    TooLarge {
        /// The limit in force.
        limit: u64,
        /// `Content-Length`, when the server announced one.
        announced: Option<u64>,
    },
    /// The connection failed while reading.
    Transport(reqwest::Error),
}

/// What a chunk source yields; `reqwest::Response::chunk` in production, a
/// plain iterator in tests.
pub(crate) trait Chunks {
    /// The next chunk, `None` at the end of the body.
    async fn next_chunk(&mut self) -> Result<Option<Bytes>, reqwest::Error>;
}

impl Chunks for reqwest::Response {
    async fn next_chunk(&mut self) -> Result<Option<Bytes>, reqwest::Error> {
        self.chunk().await
    }
}

/// Reads a success body: the whole body, or [`ReadError::TooLarge`] as soon
/// as it is known to pass `limit` (before reading anything when
/// `Content-Length` says so).
pub(crate) async fn read_success<C: Chunks>(
    source: &mut C,
    announced: Option<u64>,
    limit: u64,
) -> Result<ReadBody, ReadError> {
    if announced.is_some_and(|len| len > limit) {
        return Err(ReadError::TooLarge { limit, announced });
    }
    // The common one-chunk body is kept as it came, with no copy; a second
    // chunk starts a buffer sized by the announced length (bounded above).
    let mut first: Option<Bytes> = None;
    let mut buffer = BytesMut::new();
    while let Some(chunk) = source.next_chunk().await.map_err(ReadError::Transport)? {
        let held = first.as_ref().map_or(0, Bytes::len) + buffer.len();
        if held as u64 + chunk.len() as u64 > limit {
            return Err(ReadError::TooLarge { limit, announced });
        }
        match first.take() {
            None if buffer.is_empty() => first = Some(chunk),
            None => buffer.extend_from_slice(&chunk),
            Some(previous) => {
                let expected = announced.map_or(0, |len| usize::try_from(len).unwrap_or(0));
                buffer.reserve(expected.max(previous.len() + chunk.len()));
                buffer.extend_from_slice(&previous);
                buffer.extend_from_slice(&chunk);
            }
        }
    }
    let bytes = first.unwrap_or_else(|| buffer.freeze());
    Ok(ReadBody {
        len: bytes.len() as u64,
        bytes,
    })
}

/// Reads an error body: keeps its first [`ERROR_BODY_PREFIX`] bytes. With a
/// `Content-Length`, reading stops once the prefix is full (the length is
/// known); without one, the rest is counted and discarded up to `limit`.
pub(crate) async fn read_error<C: Chunks>(
    source: &mut C,
    announced: Option<u64>,
    limit: u64,
) -> Result<ReadBody, ReadError> {
    let mut prefix = BytesMut::new();
    let mut counted: u64 = 0;
    while let Some(chunk) = source.next_chunk().await.map_err(ReadError::Transport)? {
        counted = counted.saturating_add(chunk.len() as u64);
        let room = ERROR_BODY_PREFIX.saturating_sub(prefix.len());
        prefix.extend_from_slice(chunk.get(..room).unwrap_or(&chunk));
        let prefix_full = prefix.len() >= ERROR_BODY_PREFIX;
        if prefix_full && (announced.is_some() || counted > limit) {
            break;
        }
    }
    Ok(ReadBody {
        bytes: prefix.freeze(),
        len: announced.unwrap_or(counted).max(counted),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `count` chunks of `size` bytes each (`None`: endless).
    struct Repeat {
        chunk: Bytes,
        left: Option<u64>,
    }

    impl Chunks for Repeat {
        async fn next_chunk(&mut self) -> Result<Option<Bytes>, reqwest::Error> {
            match &mut self.left {
                Some(0) => Ok(None),
                Some(left) => {
                    *left -= 1;
                    Ok(Some(self.chunk.clone()))
                }
                None => Ok(Some(self.chunk.clone())),
            }
        }
    }

    /// These chunks, in order.
    struct Listed(std::collections::VecDeque<Bytes>);

    impl Chunks for Listed {
        async fn next_chunk(&mut self) -> Result<Option<Bytes>, reqwest::Error> {
            Ok(self.0.pop_front())
        }
    }

    fn listed(chunks: &[&'static [u8]]) -> Listed {
        Listed(chunks.iter().map(|c| Bytes::from_static(c)).collect())
    }

    #[tokio::test]
    async fn a_one_chunk_body_is_kept_without_a_copy() {
        let chunk = Bytes::from(vec![b'x'; 300]);
        for announced in [None, Some(300)] {
            let mut source = Listed([chunk.clone()].into());
            let read = read_success(&mut source, announced, 300).await.unwrap();
            assert_eq!(read.len, 300);
            // The very buffer the chunk came in: no second copy of the body.
            assert_eq!(read.bytes.as_ptr(), chunk.as_ptr(), "{announced:?}");
        }
    }

    #[tokio::test]
    async fn chunked_bodies_are_joined_in_order_with_or_without_a_length() {
        for announced in [None, Some(9)] {
            let read = read_success(&mut listed(&[b"abc", b"", b"de", b"fghi"]), announced, 9)
                .await
                .unwrap();
            assert_eq!(&read.bytes[..], b"abcdefghi", "{announced:?}");
            assert_eq!(read.len, 9);
        }
        // An empty first chunk does not hide what follows.
        let read = read_success(&mut listed(&[b"", b"ab"]), None, 9)
            .await
            .unwrap();
        assert_eq!(&read.bytes[..], b"ab");
        let read = read_success(&mut listed(&[]), Some(0), 9).await.unwrap();
        assert!(read.bytes.is_empty());
    }

    #[tokio::test]
    async fn the_limit_counts_every_chunk_exactly() {
        // At the limit: read whole; one byte more, in any chunk: refused.
        let read = read_success(&mut listed(&[b"abcd", b"ef"]), None, 6)
            .await
            .unwrap();
        assert_eq!(&read.bytes[..], b"abcdef");
        for chunks in [
            &[&b"abcd"[..], b"efg"][..],
            &[b"abcdefg"],
            &[b"a", b"bcdef", b"g"],
        ] {
            for announced in [None, Some(6)] {
                let err = read_success(&mut listed(chunks), announced, 6)
                    .await
                    .unwrap_err();
                assert!(
                    matches!(err, ReadError::TooLarge { limit: 6, announced: a } if a == announced),
                    "{chunks:?} {announced:?}: {err:?}"
                );
            }
        }
    }

    fn repeat(size: usize, count: Option<u64>) -> Repeat {
        Repeat {
            chunk: Bytes::from(vec![b'x'; size]),
            left: count,
        }
    }

    #[tokio::test]
    async fn success_bodies_within_the_limit_are_read_whole() {
        let read = read_success(&mut repeat(10, Some(3)), None, 30)
            .await
            .unwrap();
        assert_eq!(read.bytes.len(), 30);
        assert_eq!(read.len, 30);
        let read = read_success(&mut repeat(10, Some(3)), Some(30), 30)
            .await
            .unwrap();
        assert_eq!(read.bytes.len(), 30);
    }

    #[tokio::test]
    async fn an_endless_success_body_stops_just_past_the_limit() {
        let err = read_success(&mut repeat(1024, None), None, 10_000)
            .await
            .unwrap_err();
        assert!(
            matches!(
                err,
                ReadError::TooLarge {
                    limit: 10_000,
                    announced: None
                }
            ),
            "{err:?}"
        );
    }

    #[tokio::test]
    async fn an_announced_length_over_the_limit_is_refused_before_reading() {
        // An endless source would hang the test if it were read.
        let err = read_success(&mut repeat(1, None), Some(10_001), 10_000)
            .await
            .unwrap_err();
        assert!(
            matches!(
                err,
                ReadError::TooLarge {
                    announced: Some(10_001),
                    ..
                }
            ),
            "{err:?}"
        );
    }

    #[tokio::test]
    async fn error_bodies_keep_a_prefix_and_the_full_length() {
        let read = read_error(&mut repeat(1000, Some(1000)), None, u64::MAX)
            .await
            .unwrap();
        assert_eq!(read.bytes.len(), ERROR_BODY_PREFIX);
        assert_eq!(read.len, 1_000_000);
        let small = read_error(&mut repeat(10, Some(2)), Some(20), 5)
            .await
            .unwrap();
        assert_eq!((small.bytes.len(), small.len), (20, 20));
    }

    #[tokio::test]
    async fn an_announced_error_body_stops_after_the_prefix() {
        let read = read_error(&mut repeat(4096, None), Some(1 << 40), 100)
            .await
            .unwrap();
        assert_eq!(read.bytes.len(), ERROR_BODY_PREFIX);
        assert_eq!(read.len, 1 << 40);
    }

    #[tokio::test]
    async fn an_endless_error_body_stops_past_the_limit() {
        let read = read_error(&mut repeat(4096, None), None, 1 << 20)
            .await
            .unwrap();
        assert_eq!(read.bytes.len(), ERROR_BODY_PREFIX);
        assert!(read.len > 1 << 20, "{}", read.len);
    }
}
