//! Stage 5, the client model: what `Client` and `ClientBuilder` will hold.
//!
//! In: the deduplicated [`crate::ir::Api`] and the (moved) lock. Out: the
//! `settings::ClientModel`: client settings (from `x-client-setting`
//! parameters and server variables, with their environment variables) and
//! credentials (from security schemes, keeping the variables the lock
//! recorded). Naming reads the settings' names, which operations must not
//! take; emission writes the builder from the model.

pub(crate) mod credentials;
pub mod env;
pub mod settings;

use crate::diagnostics::Reporter;
use crate::ir::Api;
use crate::lock::ApiLock;
use settings::ClientModel;

/// The client model of `api`, its environment variables prefixed with
/// `env_prefix` in screaming snake case (the API's title when `None`).
pub(crate) fn model(
    api: &Api,
    env_prefix: Option<&str>,
    lock: &ApiLock,
    report: &mut Reporter<'_>,
) -> ClientModel {
    let prefix = env::env_prefix(env_prefix.unwrap_or(&api.title));
    settings::client_model(api, &prefix, lock, report)
}
