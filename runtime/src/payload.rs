//! Request bodies of every media type: encoded once per call, turned into a
//! fresh HTTP body on each attempt, and replayable only when they are bytes.

use bytes::Bytes;
use futures_util::TryStreamExt;
use reqwest::header::HeaderValue;

use crate::error::Error;
use crate::multipart::Multipart;
use crate::query::{Encoding, Nesting};

/// A request body ready to send: JSON, form, text and binary bodies are
/// bytes; a streamed body or a multipart form with a streamed part can be
/// sent once only, so a call carrying one is never retried.
#[derive(Debug)]
pub struct Payload {
    kind: Kind,
}

#[derive(Debug)]
enum Kind {
    Bytes {
        content_type: HeaderValue,
        bytes: Bytes,
    },
    /// Taken by the first attempt.
    Stream {
        content_type: HeaderValue,
        body: Option<reqwest::Body>,
    },
    Multipart(Multipart),
}

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

impl Payload {
    /// A body of `bytes` sent with this content type.
    pub(crate) fn bytes(content_type: HeaderValue, bytes: Bytes) -> Self {
        Self {
            kind: Kind::Bytes {
                content_type,
                bytes,
            },
        }
    }

    /// Whether another attempt can send the same body again.
    pub(crate) fn is_replayable(&self) -> bool {
        match &self.kind {
            Kind::Bytes { .. } => true,
            Kind::Stream { .. } => false,
            Kind::Multipart(form) => form.is_replayable(),
        }
    }

    /// The body for the next attempt; `None` once a one-shot body is spent
    /// (which the request loop prevents by not retrying such calls).
    pub(crate) fn for_attempt(&mut self) -> Option<AttemptBody> {
        match &mut self.kind {
            Kind::Bytes {
                content_type,
                bytes,
            } => Some(AttemptBody {
                content_type: content_type.clone(),
                len: Some(bytes.len() as u64),
                // `Bytes` clones share the buffer: no copy per attempt.
                body: AttemptData::Bytes(bytes.clone()),
            }),
            Kind::Stream { content_type, body } => body.take().map(|body| AttemptBody {
                content_type: content_type.clone(),
                body: AttemptData::Stream(body),
                len: None,
            }),
            Kind::Multipart(form) => form.for_attempt(),
        }
    }
}

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

/// The content type a generated operation declares, as a header value.
fn content_type<E>(operation: &'static str, media: &'static str) -> Result<HeaderValue, Error<E>> {
    crate::transport::static_value(media).map_err(|_| Error::InvalidRequest {
        operation,
        message: format!("the content type `{media}` is not a valid header value"),
    })
}

/// A JSON body sent as `media` (`application/problem+json`, …).
pub fn json_body<T: serde::Serialize, E>(
    operation: &'static str,
    value: &T,
    media: &'static str,
) -> Result<Payload, Error<E>> {
    let bytes = crate::decode::to_json(operation, value)?;
    Ok(Payload::bytes(
        content_type(operation, media)?,
        Bytes::from(bytes),
    ))
}

/// An `application/x-www-form-urlencoded` body: the members of `value` as
/// fields, each encoded as `fields` (the body's `encoding`) says, nested
/// lists and objects as `nesting` says (see [`crate::query::Encoding`]).
pub fn form_body<T: serde::Serialize, E>(
    operation: &'static str,
    value: &T,
    media: &'static str,
    fields: &[(&str, Encoding)],
    nesting: Nesting,
) -> Result<Payload, Error<E>> {
    let text = crate::query::form_text(operation, value, fields, nesting)?;
    Ok(Payload::bytes(
        content_type(operation, media)?,
        Bytes::from(text),
    ))
}

/// A text body (`text/plain`, …), sent as UTF-8.
pub fn text_body<E>(
    operation: &'static str,
    text: &str,
    media: &'static str,
) -> Result<Payload, Error<E>> {
    Ok(Payload::bytes(
        content_type(operation, media)?,
        Bytes::copy_from_slice(text.as_bytes()),
    ))
}

/// A binary body sent as `media`.
pub fn binary_body<E>(
    operation: &'static str,
    body: Binary,
    media: &'static str,
) -> Result<Payload, Error<E>> {
    let content_type = content_type(operation, media)?;
    Ok(match body.into_parts() {
        Ok(bytes) => Payload::bytes(content_type, bytes),
        Err(body) => Payload {
            kind: Kind::Stream {
                content_type,
                body: Some(body),
            },
        },
    })
}

/// A `multipart/form-data` body; `encoding` gives the content type of named
/// parts the caller sets none for (the spec's `encoding.<part>.contentType`).
pub fn multipart_body<E>(
    operation: &'static str,
    form: Multipart,
    encoding: &[(&'static str, &'static str)],
) -> Result<Payload, Error<E>> {
    let form = form
        .with_default_types(encoding)
        .map_err(|message| Error::InvalidRequest { operation, message })?;
    Ok(Payload {
        kind: Kind::Multipart(form),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_are_replayable_and_streams_are_not() {
        let mut payload = binary_body::<()>(
            "op",
            Binary::from(vec![1, 2, 3]),
            "application/octet-stream",
        )
        .unwrap();
        assert!(payload.is_replayable());
        for _ in 0..2 {
            let attempt = payload.for_attempt().unwrap();
            assert_eq!(attempt.len, Some(3));
            assert_eq!(attempt.body.as_bytes(), Some(&[1u8, 2, 3][..]));
            assert_eq!(attempt.content_type, "application/octet-stream");
        }
        let stream = Binary::stream(futures_util::stream::iter([Ok::<_, std::io::Error>(
            Bytes::from_static(b"x"),
        )]));
        assert!(stream.is_stream());
        assert_eq!(format!("{stream:?}"), "Binary(stream)");
        let mut payload = binary_body::<()>("op", stream, "image/png").unwrap();
        assert!(!payload.is_replayable());
        assert!(payload.for_attempt().is_some());
        assert!(payload.for_attempt().is_none(), "a stream is sent once");
    }

    #[test]
    fn forms_encode_members_and_nest_in_brackets() {
        #[derive(serde::Serialize)]
        struct Login<'a> {
            user: &'a str,
            note: Option<&'a str>,
            tries: u8,
            meta: serde_json::Value,
        }
        let form = "application/x-www-form-urlencoded";
        let mut payload = form_body::<_, ()>(
            "login",
            &Login {
                user: "a b&c",
                note: None,
                tries: 2,
                meta: serde_json::json!({"b": [1]}),
            },
            form,
            &[],
            Nesting::Brackets,
        )
        .unwrap();
        let attempt = payload.for_attempt().unwrap();
        assert_eq!(
            attempt.body.as_bytes(),
            Some(&b"meta[b][]=1&tries=2&user=a+b%26c"[..])
        );
        let err = form_body::<_, ()>("login", &"text", form, &[], Nesting::Brackets).unwrap_err();
        assert!(
            matches!(
                err,
                Error::InvalidRequest {
                    operation: "login",
                    ..
                }
            ),
            "{err:?}"
        );
    }

    #[test]
    fn json_and_text_keep_their_declared_media_type() {
        let mut payload = json_body::<_, ()>(
            "op",
            &serde_json::json!({"a": 1}),
            "application/vnd.api+json",
        )
        .unwrap();
        let attempt = payload.for_attempt().unwrap();
        assert_eq!(attempt.content_type, "application/vnd.api+json");
        assert_eq!(attempt.body.as_bytes(), Some(&br#"{"a":1}"#[..]));
        let mut payload = text_body::<()>("op", "héllo", "text/plain; charset=utf-8").unwrap();
        let attempt = payload.for_attempt().unwrap();
        assert_eq!(attempt.body.as_bytes(), Some("héllo".as_bytes()));
        assert_eq!(attempt.content_type, "text/plain; charset=utf-8");
        assert!(text_body::<()>("op", "x", "bad\nmedia").is_err());
    }
}
