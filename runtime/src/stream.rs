//! Streamed downloads: a 2xx body handed to the caller unread, for bodies
//! too large to hold in memory (it is not subject to the size limit).

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;

use crate::response::Response;

/// What a streaming call produced: the body of a 2xx response to stream, or
/// any other response, read, for the generated code to turn into an error.
#[derive(Debug)]
pub enum Streamed {
    /// A 2xx response's body, unread.
    Body(ByteStream),
    /// A response of another status, read as `Core::execute` reads it.
    Response(Response),
}

/// The body of a successful response, read chunk by chunk as it arrives
/// (returned by a generated builder's `send_streaming()`).
///
/// Neither the client's size limit nor its timeouts apply while it is
/// read: bound the time yourself (`tokio::time::timeout`) if the server may
/// stall.
#[derive(Debug)]
pub struct ByteStream {
    response: reqwest::Response,
}

impl ByteStream {
    pub(crate) fn new(response: reqwest::Response) -> Self {
        Self { response }
    }

    /// The response status.
    pub fn status(&self) -> StatusCode {
        self.response.status()
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        self.response.headers()
    }

    /// The length the server announced (`Content-Length`), if any.
    pub fn content_length(&self) -> Option<u64> {
        self.response.content_length()
    }

    /// The next chunk of the body; `None` at its end.
    pub async fn chunk(&mut self) -> Result<Option<Bytes>, reqwest::Error> {
        self.response.chunk().await
    }

    /// The body as a `Stream` of chunks.
    pub fn into_stream(self) -> impl futures_util::Stream<Item = Result<Bytes, reqwest::Error>> {
        self.response.bytes_stream()
    }
}
