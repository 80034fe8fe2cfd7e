//! Response bodies read into values: JSON into the operation's type, text,
//! bytes.
//!
//! A decode failure names the member that did not fit
//! (`data[2].channels.sms`), read back from serde_json's error position by
//! [`json_path`](crate::json_path), so no second, path-tracking deserializer
//! of every response type is compiled into generated crates.

use crate::error::Error;
use crate::response::Response;

/// Decodes the response body as `T`; the whole body must be one JSON value.
pub fn json<T: serde::de::DeserializeOwned, E>(
    operation: &'static str,
    response: &Response,
) -> Result<T, Error<E>> {
    complete(operation, response)?;
    match serde_json::from_slice(&response.body) {
        Ok(decoded) => Ok(decoded),
        Err(err) => Err(explain_decode_failure(operation, response, &err)),
    }
}

/// Checks the whole body was kept: of an error body longer than the kept
/// prefix, the prefix cannot be decoded, and is raw text for a human.
fn complete<E>(operation: &'static str, response: &Response) -> Result<(), Error<E>> {
    if (response.body.len() as u64) < response.body_len {
        return Err(crate::error::unexpected_status(operation, response.clone()));
    }
    Ok(())
}

/// The response body as text (`text/plain`, `text/csv`, …): it must be UTF-8.
pub fn text<E>(operation: &'static str, response: &Response) -> Result<String, Error<E>> {
    complete(operation, response)?;
    match std::str::from_utf8(&response.body) {
        Ok(text) => Ok(text.to_owned()),
        Err(err) => Err(decode_error(
            operation,
            response,
            ".".to_owned(),
            format!("the text body is not UTF-8: {err}"),
        )),
    }
}

/// The response body as bytes (binary media types, and those the generator
/// cannot type), whole.
pub fn bytes<E>(operation: &'static str, response: &Response) -> Result<bytes::Bytes, Error<E>> {
    complete(operation, response)?;
    Ok(response.body.clone())
}

/// The decode error with the path of the member that did not fit. Not
/// generic: compiled once, in the runtime.
#[cold]
fn explain_decode_failure<E>(
    operation: &'static str,
    response: &Response,
    err: &serde_json::Error,
) -> Error<E> {
    let path = crate::json_path::path_at(&response.body, err.line(), err.column());
    decode_error(operation, response, path, err.to_string())
}

fn decode_error<E>(
    operation: &'static str,
    response: &Response,
    path: String,
    message: String,
) -> Error<E> {
    Error::Decode {
        operation,
        status: response.status,
        request_id: crate::error::request_id(&response.headers),
        path,
        message,
        // Cheap: `Bytes` clones share the buffer.
        raw: response.body.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use bytes::Bytes;
    use reqwest::StatusCode;
    use reqwest::header::HeaderMap;

    #[derive(Debug, serde::Deserialize, serde::Serialize, PartialEq)]
    struct User {
        name: String,
        tags: Vec<Tag>,
    }

    #[derive(Debug, serde::Deserialize, serde::Serialize, PartialEq)]
    struct Tag {
        id: u32,
    }

    fn response(body: &'static [u8]) -> Response {
        Response {
            status: StatusCode::OK,
            headers: HeaderMap::new(),
            body: Bytes::from_static(body),
            body_len: body.len() as u64,
        }
    }

    #[test]
    fn decodes_valid_json() {
        let user: User =
            json::<_, ()>("op", &response(br#"{"name":"a","tags":[{"id":1}]}"#)).unwrap();
        assert_eq!(user.tags, vec![Tag { id: 1 }]);
    }

    #[test]
    fn reports_the_failing_path() {
        let err = json::<User, ()>(
            "get_user",
            &response(br#"{"name":"a","tags":[{"id":1},{"id":"x"}]}"#),
        )
        .unwrap_err();
        match err {
            Error::Decode {
                operation,
                status,
                path,
                message,
                raw,
                request_id,
                ..
            } => {
                assert_eq!(request_id, None);
                assert_eq!(operation, "get_user");
                assert_eq!(status, StatusCode::OK);
                assert_eq!(path, "tags[1].id");
                assert!(message.contains("invalid type"), "{message}");
                assert!(raw.starts_with(b"{\"name\""));
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn rejects_empty_truncated_and_trailing_bodies() {
        for body in [
            &b""[..],
            b"{\"name\":",
            b"{\"name\":\"a\",\"tags\":[]} x",
            b"\xff",
        ] {
            let err = json::<User, ()>("op", &response(body)).unwrap_err();
            assert!(matches!(err, Error::Decode { .. }), "{body:?}: {err:?}");
        }
    }

    #[test]
    fn text_must_be_utf8_and_bytes_are_kept() {
        assert_eq!(
            text::<()>("op", &response("héllo".as_bytes())).unwrap(),
            "héllo"
        );
        let err = text::<()>("op", &response(b"\xff")).unwrap_err();
        assert!(matches!(err, Error::Decode { .. }), "{err:?}");
        assert_eq!(
            &bytes::<()>("op", &response(b"\x00\xff")).unwrap()[..],
            b"\x00\xff"
        );
    }

    #[test]
    fn a_truncated_error_body_is_not_decoded() {
        let mut truncated = response(br#"{"name":"a","tags":[]}"#);
        truncated.status = StatusCode::BAD_REQUEST;
        truncated.body_len = 1 << 30;
        let err = json::<User, ()>("op", &truncated).unwrap_err();
        assert!(
            matches!(err, Error::UnexpectedStatus { body_len, .. } if body_len == 1 << 30),
            "{err:?}"
        );
    }
}
