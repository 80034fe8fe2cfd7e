//! Typed async client for the [Fyno](https://fyno.io) notification API.
//!
//! The request/response types and operations are generated from the OpenAPI
//! specification; this crate root and the modules it declares by hand provide
//! the runtime they run on: configuration ([`ClientBuilder`]), authentication,
//! retries with exponential backoff and full jitter ([`RetryPolicy`]),
//! per-call overrides ([`CallOptions`]), timeouts and typed errors ([`Error`]).
//!
//! ```no_run
//! # fn main() -> Result<(), fyno::ConfigError> {
//! use std::time::Duration;
//!
//! // Reads FYNO_WSID, FYNO_API_KEY and optionally FYNO_VERSION / FYNO_ENDPOINT.
//! let from_env = fyno::Client::from_env()?;
//!
//! // Or configure everything explicitly.
//! let client = fyno::Client::builder()
//!     .workspace_id("WS123")
//!     .api_key("secret")
//!     .version(fyno::Version::Test)
//!     .deadline(Duration::from_secs(30))
//!     .retry_policy(fyno::RetryPolicy::default().max_retries(5))
//!     .build()?;
//! # let _ = (from_env, client);
//! # Ok(())
//! # }
//! ```
//!
//! # Quick start
//!
//! ```no_run
//! use fyno::types::{CreateProfileRequest, EventRequest, Recipient};
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let client = fyno::Client::from_env()?;
//!
//! // Create a profile, then notify the user through the channels it holds.
//! client
//!     .create_user_profile(CreateProfileRequest::new("user-42").with_name("Asha Rao"))
//!     .await?;
//! client.send_event(EventRequest::distinct_id("welcome", "user-42")).await?;
//!
//! // Or send to explicit destinations.
//! let to = Recipient::default().with_sms("+919879000000");
//! let accepted = client.send_event(EventRequest::to("otp", to)).await?;
//! println!("accepted as {}", accepted.request_id);
//! # Ok(()) }
//! ```
//!
//! Every operation is a method on [`Client`] returning a request builder:
//! set per-call options, then `.await` it (or call `.send()`). Request and
//! response types are in [`types`]; each operation's documented error bodies
//! are in [`operations`].
//!
//! # Retries never double-send
//!
//! Requests are retried on `408`, `429`, `5xx`, connection errors and
//! timeouts. `GET`, `HEAD`, `PUT`, `DELETE` and `OPTIONS` are always eligible;
//! `POST` and `PATCH` only when the request carries an idempotency key
//! (generated automatically for operations that support one, or supplied with
//! [`CallOptions::idempotency_key`]). The one exception is a failure to
//! connect: the request never left the process, so it is retried for every
//! method.
//!
//! # Runtime
//!
//! The client is async and needs a Tokio runtime with timers enabled (as
//! `#[tokio::main]` provides): attempt timeouts and backoff sleeps use
//! `tokio::time`.
#![warn(missing_docs)]

mod client;
mod codec;
mod config;
mod decode;
mod error;
// Written by `cargo xtask codegen`; never edited by hand.
#[rustfmt::skip]
mod generated;
mod options;
mod path;
mod retry;
mod secret;
mod transport;

#[cfg(test)]
mod example_tests;
#[cfg(test)]
mod runtime_tests;

/// Request and response types generated from the Fyno OpenAPI document.
pub mod types {
    pub use crate::generated::types::*;
}

/// Request builders and documented error types of every operation.
pub mod operations {
    pub use crate::generated::operations::*;
}

pub use client::Client;
pub use config::{ClientBuilder, ConfigError};
pub use error::{Error, TimeoutKind};
pub use options::CallOptions;
pub use retry::RetryPolicy;
pub use types::Version;
