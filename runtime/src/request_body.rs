//! Request bodies of every media type: encoded once per call, turned into a
//! fresh HTTP body on each attempt, and replayable only when they are bytes.

use bytes::Bytes;
use reqwest::header::HeaderValue;

use crate::attempt::{AttemptBody, AttemptData};
use crate::binary::Binary;
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

/// The content type a generated operation declares, as a header value.
fn content_type<E>(operation: &'static str, media: &'static str) -> Result<HeaderValue, Error<E>> {
    crate::headers::static_value(media).map_err(|_| Error::InvalidRequest {
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
    let bytes = to_json(operation, value)?;
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

/// Serialises a request body to an `application/json` payload.
pub fn to_body<T: serde::Serialize, E>(
    operation: &'static str,
    value: &T,
) -> Result<Payload, Error<E>> {
    json_body(operation, value, "application/json")
}

/// Serialises a value to JSON bytes (with the path of a member that cannot
/// be serialised, found on a second pass only when the first fails).
pub(crate) fn to_json<T: serde::Serialize, E>(
    operation: &'static str,
    value: &T,
) -> Result<Vec<u8>, Error<E>> {
    let mut body = Vec::with_capacity(128);
    match serde_json::to_writer(&mut body, value) {
        Ok(()) => Ok(body),
        // Serialising a generated type fails only on a map key that is not
        // text or a custom `Serialize`; serde_json's message says which.
        Err(err) => Err(Error::InvalidRequest {
            operation,
            message: format!("could not serialise the request body: {err}"),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[derive(serde::Serialize)]
    struct User {
        name: String,
        tags: Vec<Tag>,
    }

    #[derive(serde::Serialize)]
    struct Tag {
        id: u32,
    }

    #[test]
    fn serialises_bodies() {
        let user = User {
            name: "a".into(),
            tags: vec![Tag { id: 7 }],
        };
        let body = to_json::<_, ()>("op", &user).unwrap();
        assert_eq!(body, br#"{"name":"a","tags":[{"id":7}]}"#);
    }

    #[test]
    fn serialisation_failure_is_an_invalid_request() {
        // JSON object keys must be strings.
        let mut map = BTreeMap::new();
        map.insert(vec![1u8], 1);
        let err = to_json::<_, ()>("send_event", &map).unwrap_err();
        match err {
            Error::InvalidRequest { operation, message } => {
                assert_eq!(operation, "send_event");
                assert!(message.contains("serialise"), "{message}");
            }
            other => panic!("unexpected {other:?}"),
        }
    }

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
