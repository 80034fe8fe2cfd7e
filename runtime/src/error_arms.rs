//! The match arms generated operations write for error statuses: a
//! documented status's body decoded into the operation's error enum, as
//! [`Error::Api`]; any other status as [`Error::UnexpectedStatus`]. (The
//! success arms are in `with_headers.rs`.)

use crate::error::Error;
use crate::response::Response;

/// Builds [`Error::Api`] for a documented error status whose body decoded.
pub(crate) fn documented<E>(operation: &'static str, response: Response, body: E) -> Error<E> {
    Error::Api {
        operation,
        status: response.status,
        body,
        request_id: crate::error::request_id(&response.headers),
        raw: response.body,
        body_len: response.body_len,
    }
}

/// [`Error::Api`] for a documented error status whose body `read` decodes
/// into the operation's error `variant`, or the error reading it gave (the
/// `Err` of [`error_with`]).
pub(crate) fn documented_with<T, E>(
    operation: &'static str,
    response: Response,
    read: fn(&'static str, &Response) -> Result<T, Error<E>>,
    variant: fn(T) -> E,
) -> Error<E> {
    match read(operation, &response) {
        Ok(body) => documented(operation, response, variant(body)),
        Err(err) => err,
    }
}

/// The arm of a documented error status whose body is JSON: `Err` of
/// `documented_with` reading it with [`json`](crate::response_body::json).
///
/// Generated operations have an arm per documented status; one short call
/// each keeps them (and the generator's work) small. Generic in the success
/// type `T` only to be the arm's value; inlined into the arm.
#[inline]
pub fn json_error<T, B: serde::de::DeserializeOwned, E>(
    operation: &'static str,
    response: Response,
    variant: fn(B) -> E,
) -> Result<T, Error<E>> {
    error_with(operation, response, crate::response_body::json, variant)
}

/// [`json_error`] for a body another reader decodes (text, bytes).
#[inline]
pub fn error_with<T, B, E>(
    operation: &'static str,
    response: Response,
    read: fn(&'static str, &Response) -> Result<B, Error<E>>,
    variant: fn(B) -> E,
) -> Result<T, Error<E>> {
    Err(documented_with(operation, response, read, variant))
}

/// [`json_error`] for a status documented without a body.
#[inline]
pub fn error_status<T, E>(
    operation: &'static str,
    response: Response,
    value: E,
) -> Result<T, Error<E>> {
    Err(documented(operation, response, value))
}

/// The arm of an undocumented status: `Err` of [`unexpected_status`](crate::error::unexpected_status).
#[inline]
pub fn unexpected<T, E>(operation: &'static str, response: Response) -> Result<T, Error<E>> {
    Err(crate::error::unexpected_status(operation, response))
}
