//! Typed async client for the [Fyno](https://fyno.io) notification API.
//!
//! The client, request/response types and operations are generated from the
//! OpenAPI specification; they run on the generic runtime re-exported here:
//! configuration ([`ClientBuilder`]), authentication,
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
//! use fyno::types::{CreateProfileRequest, EventName, EventRequest, Recipient};
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let client = fyno::Client::from_env()?;
//!
//! // Create a profile, then notify the user through the channels it holds.
//! client
//!     .create_user_profile(CreateProfileRequest::new("user-42").with_name("Asha Rao"))
//!     .await?;
//! client.send_event(EventRequest::distinct_id(EventName::new("welcome"), "user-42")).await?;
//!
//! // Or send to explicit destinations.
//! let to = Recipient::default().with_sms("+919879000000");
//! let accepted = client.send_event(EventRequest::to(EventName::new("otp"), to)).await?;
//! println!("accepted as {}", accepted.request_id);
//! # Ok(()) }
//! ```
//!
//! ## The event and the user cannot be swapped
//!
//! Every constructor of an event payload takes the event first, as an
//! [`EventName`](types::EventName) (its own type, not a `String`), then the
//! recipient: `EventRequest::distinct_id(event, user)`,
//! `EventRequestDistinctId::new(event, user)`,
//! `BulkEventRequest::new(event, batch)`. A user id where the event belongs,
//! or the other way round, does not compile:
//!
//! ```
//! use fyno::types::{EventName, EventRequest, EventRequestDistinctId};
//! fn by_user(event: EventName, user: String) -> EventRequestDistinctId {
//!     EventRequestDistinctId::new(event, user)
//! }
//! let _ = by_user(EventName::new("order_shipped"), "user-42".to_owned());
//! let _ = EventRequest::distinct_id(EventName::new("order_shipped"), "user-42");
//! ```
//!
//! The same calls with the two swapped are compile errors:
//!
//! ```compile_fail
//! use fyno::types::{EventName, EventRequestDistinctId};
//! fn by_user(event: EventName, user: String) -> EventRequestDistinctId {
//!     EventRequestDistinctId::new(user, event)
//! }
//! ```
//!
//! ```compile_fail
//! use fyno::types::EventRequest;
//! let _ = EventRequest::distinct_id("user-42", "order_shipped");
//! ```
//!
//! Values the spec rejects are not offered either: deleting push or in-app
//! tokens needs at least one of the two, so [`TokensToDelete`](types::TokensToDelete)
//! starts from one of them and has no empty `default()`:
//!
//! ```
//! let _ = fyno::types::TokensToDelete::push(vec!["ExponentPushToken[x]".to_owned()]);
//! ```
//!
//! ```compile_fail
//! let _ = fyno::types::TokensToDelete::default();
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
//! # Upgrade guarantee
//!
//! Releases follow [semantic versioning](https://semver.org) by what a change
//! of Fyno's document does to code using this crate:
//!
//! | Change in the spec | Release |
//! |---|---|
//! | A new optional member of a request or response type | minor |
//! | A new operation | minor |
//! | A new value of an enum (a time zone, a channel status, …) | minor |
//! | A new `oneOf` alternative | minor |
//! | A new documented error status | minor |
//! | Documentation edits | minor |
//! | A removed or renamed operation, type, member or variant | **major** |
//! | A member's or parameter's type changed | **major** |
//! | A new required member or parameter | **major** |
//! | A member or parameter made required, or made optional | **major** |
//! | A changed success type | **major** |
//!
//! Minor releases keep compiling code that follows two rules, which the
//! compiler enforces, since every generated struct and enum is
//! `#[non_exhaustive]`:
//!
//! - **Build values with their constructors and setters**: `new(required
//!   members…)` (or `default()` when every member is optional, or one
//!   constructor per member when the spec needs at least one, as
//!   [`TokensToDelete::push`](types::TokensToDelete::push)), then
//!   `with_<member>(…)` for each optional member. Response types are built
//!   the same way, for mocks in your tests. Struct literals do not compile,
//!   so a member added later cannot break them.
//! - **Match enums with a `_` arm**: string and integer enums, `oneOf` types,
//!   each operation's `…Error` enum and the `…Response` enum of an
//!   operation with several successful statuses.
//!
//! ```
//! use fyno::types::{ApiMessage, ChannelDispatch, ChannelDispatches, EventAccepted};
//!
//! // A response, as a mock server or a test double would return it.
//! let sms = ChannelDispatch::new("+919879000000", "msg-1", "ok");
//! let accepted = EventAccepted::new(
//!     "order_shipped",
//!     "2025-02-17T07:49:13.352Z",
//!     "req-1",
//!     ChannelDispatches::default().with_sms(sms),
//! );
//! assert_eq!(accepted.response.sms.map(|s| s.status).as_deref(), Some("ok"));
//!
//! fn describe(error: &fyno::operations::GetUserProfileError) -> String {
//!     use fyno::operations::GetUserProfileError as E;
//!     match error {
//!         E::BadRequest(m) | E::Unauthorized(m) => m.message.clone(),
//!         // Statuses the spec documents later.
//!         _ => "another documented error".to_owned(),
//!     }
//! }
//! let error = fyno::operations::GetUserProfileError::BadRequest(ApiMessage::new("no such user", "error"));
//! assert_eq!(describe(&error), "no such user");
//! ```
//!
//! A value a string or integer enum does not list yet is sent with
//! `from_wire`, and one the API sends is received, in the catch-all `Other`
//! variant, which holds an opaque [`UnknownValue`] (or [`UnknownInteger`]).
//! `Other` can only come from `from_wire`, `From`, `FromStr` or decoding,
//! which give every listed value its own variant, so `Other` never stands for
//! a listed value; once a release lists it, the same `from_wire` call gives
//! its variant:
//!
//! ```
//! use fyno::types::Timezone;
//!
//! assert_eq!(Timezone::from_wire("Africa/Abidjan"), Timezone::AfricaAbidjan);
//! let kyiv = Timezone::from_wire("Europe/Kyiv"); // missing from the spec's list
//! assert!(!kyiv.is_known());
//! assert_eq!(serde_json::to_string(&kyiv).unwrap(), r#""Europe/Kyiv""#);
//! match &kyiv {
//!     Timezone::AsiaKolkata => println!("IST"),
//!     Timezone::Other(unlisted) => println!("unlisted: {unlisted}"),
//!     _ => println!("another listed zone"),
//! }
//! ```
//!
//! None of these compile: building `Other` by hand…
//!
//! ```compile_fail,E0277
//! let _ = fyno::types::Timezone::Other("Africa/Abidjan".into());
//! ```
//!
//! ```compile_fail,E0423
//! let _ = fyno::types::Timezone::Other(fyno::UnknownValue("Africa/Abidjan".to_owned()));
//! ```
//!
//! …a struct literal…
//!
//! ```compile_fail,E0639
//! let _ = fyno::types::ApiMessage { message: "ok".to_owned(), status: "ok".to_owned() };
//! ```
//!
//! …or a match without a `_` arm:
//!
//! ```compile_fail,E0004
//! fn describe(error: &fyno::operations::GetUserProfileError) -> &'static str {
//!     use fyno::operations::GetUserProfileError as E;
//!     match error {
//!         E::BadRequest(_) => "bad request",
//!         E::Unauthorized(_) => "unauthorized",
//!     }
//! }
//! ```
//!
//! # Runtime
//!
//! The client is async and needs a Tokio runtime with timers enabled (as
//! `#[tokio::main]` provides): attempt timeouts and backoff sleeps use
//! `tokio::time`.
#![warn(missing_docs)]

// Written by `cargo xtask codegen`; never edited by hand.
#[rustfmt::skip]
mod generated;

/// Request and response types generated from the Fyno OpenAPI document.
pub mod types {
    pub use crate::generated::types::*;
}

/// Request builders and documented error types of every operation.
pub mod operations {
    pub use crate::generated::operations::*;
}

pub use generated::client::{Client, ClientBuilder};
// The runtime is a crate of its own (`fyno-codegen-runtime`, shared by every
// generated client); its user-facing items are re-exported here, so users of
// this crate never name it.
/// The HTTP client requests go through: [`ClientBuilder::http_client`]
/// configures a `reqwest::ClientBuilder` of exactly this version, so use this re-export rather
/// than a `reqwest` dependency of your own that may differ.
pub use fyno_codegen_runtime::reqwest;
#[doc(inline)]
pub use fyno_codegen_runtime::{
    CallOptions, ConfigError, Error, RetryPolicy, TimeoutKind, TransportPhase, WithHeaders,
};
/// What the catch-all `Other` variants of string and integer enums hold: a
/// value the spec does not list, which only decoding and `from_wire` build.
#[doc(inline)]
pub use fyno_codegen_runtime::{UnknownInteger, UnknownValue};
pub use types::Version;
