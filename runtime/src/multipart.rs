//! `multipart/form-data` request bodies: text fields and files (bytes or a
//! stream), each with an optional file name and content type. The form is
//! kept as a description and rebuilt as a `reqwest` form on each attempt, so
//! a form of text and bytes can be retried; one with a streamed part cannot.

use bytes::Bytes;
use reqwest::header::HeaderValue;

use crate::attempt::{AttemptBody, AttemptData};
use crate::binary::Binary;

/// A `multipart/form-data` body.
///
/// ```
/// use fyno_codegen_runtime::{Multipart, Part};
/// let form = Multipart::new()
///     .text("title", "Holiday")
///     .part("photo", Part::bytes(vec![0xff, 0xd8]).file_name("beach.jpg").content_type("image/jpeg"));
/// # let _ = form;
/// ```
#[derive(Debug, Default)]
pub struct Multipart {
    parts: Vec<(String, Part)>,
}

/// One part of a [`Multipart`] form.
pub struct Part {
    data: Data,
    file_name: Option<String>,
    content_type: Option<String>,
}

enum Data {
    Text(String),
    Bytes(Bytes),
    /// Taken by the first attempt.
    Stream(Option<reqwest::Body>),
}

impl Multipart {
    /// An empty form.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a text field.
    pub fn text(self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.part(name, Part::text(value))
    }

    /// Adds a part.
    pub fn part(mut self, name: impl Into<String>, part: Part) -> Self {
        self.parts.push((name.into(), part));
        self
    }

    pub(crate) fn is_replayable(&self) -> bool {
        self.parts
            .iter()
            .all(|(_, part)| !matches!(part.data, Data::Stream(_)))
    }

    /// Gives parts without a content type the one the spec's `encoding`
    /// declares for their name, and checks every content type parses.
    pub(crate) fn with_default_types(
        mut self,
        encoding: &[(&'static str, &'static str)],
    ) -> Result<Self, String> {
        for (name, part) in &mut self.parts {
            if part.content_type.is_none()
                && let Some((_, media)) = encoding.iter().find(|(part, _)| part == name)
            {
                part.content_type = Some((*media).to_owned());
            }
            if let Some(media) = &part.content_type
                && reqwest::multipart::Part::text("").mime_str(media).is_err()
            {
                return Err(format!(
                    "the content type `{media}` of part `{name}` is not a media type"
                ));
            }
        }
        Ok(self)
    }

    /// This attempt's form; `None` once a streamed part was sent.
    pub(crate) fn for_attempt(&mut self) -> Option<AttemptBody> {
        let mut form = reqwest::multipart::Form::new();
        for (name, part) in &mut self.parts {
            form = form.part(name.clone(), part.for_attempt()?);
        }
        let content_type = HeaderValue::from_str(&format!(
            "multipart/form-data; boundary={}",
            form.boundary()
        ))
        .ok()?;
        Some(AttemptBody {
            content_type,
            body: AttemptData::Stream(reqwest::Body::wrap_stream(form.into_stream())),
            len: None,
        })
    }
}

impl Part {
    /// A text part.
    pub fn text(value: impl Into<String>) -> Self {
        Self::new(Data::Text(value.into()))
    }

    /// A file part from bytes in memory (or a stream: see [`Binary`]).
    pub fn bytes(value: impl Into<Binary>) -> Self {
        Self::new(match value.into().into_parts() {
            Ok(bytes) => Data::Bytes(bytes),
            Err(body) => Data::Stream(Some(body)),
        })
    }

    /// A file part read from `stream` while it is sent; a form with a
    /// streamed part is sent once, never retried.
    pub fn stream<S, E>(stream: S) -> Self
    where
        S: futures_util::Stream<Item = Result<Bytes, E>> + Send + 'static,
        E: Into<Box<dyn std::error::Error + Send + Sync>> + 'static,
    {
        Self::bytes(Binary::stream(stream))
    }

    fn new(data: Data) -> Self {
        Self {
            data,
            file_name: None,
            content_type: None,
        }
    }

    /// Sets the file name sent in the part's `Content-Disposition`.
    pub fn file_name(mut self, name: impl Into<String>) -> Self {
        self.file_name = Some(name.into());
        self
    }

    /// Sets the part's `Content-Type` (otherwise the spec's `encoding` for
    /// this part, else none for text and `application/octet-stream` for files).
    pub fn content_type(mut self, media: impl Into<String>) -> Self {
        self.content_type = Some(media.into());
        self
    }

    fn for_attempt(&mut self) -> Option<reqwest::multipart::Part> {
        let mut part = match &mut self.data {
            Data::Text(text) => reqwest::multipart::Part::text(text.clone()),
            Data::Bytes(bytes) => reqwest::multipart::Part::stream(bytes.clone())
                .mime_str("application/octet-stream")
                .ok()?,
            Data::Stream(body) => reqwest::multipart::Part::stream(body.take()?)
                .mime_str("application/octet-stream")
                .ok()?,
        };
        if let Some(name) = &self.file_name {
            part = part.file_name(name.clone());
        }
        if let Some(media) = &self.content_type {
            // Checked by `with_default_types` before the first attempt.
            part = part.mime_str(media).ok()?;
        }
        Some(part)
    }
}

impl std::fmt::Debug for Part {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Field values are the caller's data (names, documents); leave them out.
        let data = match &self.data {
            Data::Text(text) => format!("text({} bytes)", text.len()),
            Data::Bytes(bytes) => format!("bytes({} bytes)", bytes.len()),
            Data::Stream(_) => "stream".to_owned(),
        };
        f.debug_struct("Part")
            .field("data", &data)
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures_util::TryStreamExt;

    async fn wire(form: &mut Multipart) -> (String, String) {
        let attempt = form.for_attempt().unwrap();
        let content_type = attempt.content_type.to_str().unwrap().to_owned();
        let bytes: Vec<Bytes> =
            http_body_util::BodyDataStream::new(attempt.body.into_unreplayable())
                .try_collect()
                .await
                .unwrap();
        (content_type, String::from_utf8(bytes.concat()).unwrap())
    }

    #[tokio::test]
    async fn parts_carry_names_files_and_content_types() {
        let mut form = Multipart::new()
            .text("title", "Holiday")
            .part(
                "photo",
                Part::bytes(b"JPEG".to_vec()).file_name("beach.jpg"),
            )
            .part("meta", Part::text("{}"))
            .with_default_types(&[("photo", "image/jpeg"), ("meta", "application/json")])
            .unwrap();
        assert!(form.is_replayable());
        let (content_type, body) = wire(&mut form).await;
        let boundary = content_type
            .strip_prefix("multipart/form-data; boundary=")
            .unwrap();
        assert!(body.contains("name=\"title\"\r\n\r\nHoliday\r\n"), "{body}");
        assert!(
            body.contains(
                "name=\"photo\"; filename=\"beach.jpg\"\r\nContent-Type: image/jpeg\r\n\r\nJPEG\r\n"
            ),
            "{body}"
        );
        assert!(
            body.contains("name=\"meta\"\r\nContent-Type: application/json\r\n\r\n{}"),
            "{body}"
        );
        assert!(body.ends_with(&format!("--{boundary}--\r\n")), "{body}");
        // A second attempt sends the same parts (under its own boundary).
        let (_, again) = wire(&mut form).await;
        assert!(
            again.contains("filename=\"beach.jpg\"\r\nContent-Type: image/jpeg\r\n\r\nJPEG\r\n"),
            "{again}"
        );
        assert_eq!(again.len(), body.len());
    }

    #[tokio::test]
    async fn a_caller_content_type_wins_and_bad_ones_are_refused() {
        let mut form = Multipart::new()
            .part(
                "doc",
                Part::bytes(b"x".to_vec()).content_type("application/pdf"),
            )
            .with_default_types(&[("doc", "image/png")])
            .unwrap();
        let (_, body) = wire(&mut form).await;
        assert!(body.contains("Content-Type: application/pdf"), "{body}");
        let err = Multipart::new()
            .part("doc", Part::text("x").content_type("not a type"))
            .with_default_types(&[])
            .unwrap_err();
        assert!(err.contains("`doc`"), "{err}");
    }

    #[tokio::test]
    async fn a_streamed_part_is_sent_once() {
        let stream =
            futures_util::stream::iter([Ok::<_, std::io::Error>(Bytes::from_static(b"chunk"))]);
        let mut form = Multipart::new().part("file", Part::stream(stream));
        assert!(!form.is_replayable());
        let (_, body) = wire(&mut form).await;
        assert!(body.contains("chunk"), "{body}");
        assert!(form.for_attempt().is_none());
    }
}
