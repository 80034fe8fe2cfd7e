//! Per-call overrides of the client's settings.

use std::fmt;
use std::time::Duration;

use crate::retry::RetryPolicy;

/// Settings for a single call that override the client's.
///
/// Every operation builder exposes setters that forward to these methods.
///
/// ```
/// use std::time::Duration;
/// let options = fyno_codegen_runtime::CallOptions::default()
///     .retry_policy(fyno_codegen_runtime::RetryPolicy::none())
///     .idempotency_key("order-42-confirmation")
///     .attempt_timeout(Duration::from_secs(5))
///     .deadline(Duration::from_secs(20));
/// # let _ = options;
/// ```
#[derive(Clone, Default)]
pub struct CallOptions {
    pub(crate) retry_policy: Option<RetryPolicy>,
    pub(crate) idempotency_key: Option<String>,
    pub(crate) attempt_timeout: Option<Duration>,
    pub(crate) deadline: Option<Duration>,
    pub(crate) max_body_bytes: Option<u64>,
}

impl CallOptions {
    /// Creates options that override nothing.
    pub fn new() -> Self {
        Self::default()
    }

    /// Uses this retry policy instead of the client's.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry_policy = Some(policy);
        self
    }

    /// Sends this idempotency key instead of a generated one.
    ///
    /// The key is sent on every attempt of the call, even for operations that
    /// do not generate keys themselves, and it makes `POST`/`PATCH` requests
    /// eligible for retries. Reuse the same key when you repeat a call
    /// yourself so the server can recognise the duplicate.
    pub fn idempotency_key(mut self, key: impl Into<String>) -> Self {
        self.idempotency_key = Some(key.into());
        self
    }

    /// Limits each attempt (sending the request and reading the whole
    /// response) to `timeout`, instead of the client's attempt timeout.
    pub fn attempt_timeout(mut self, timeout: Duration) -> Self {
        self.attempt_timeout = Some(timeout);
        self
    }

    /// Limits the whole call, including retries and the waits between them,
    /// to `deadline`, instead of the client's deadline.
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = Some(deadline);
        self
    }

    /// Reads at most `limit` bytes of a successful response's body (an
    /// [`Error::BodyTooLarge`](crate::Error::BodyTooLarge) beyond it),
    /// instead of the client's `max_body_bytes`.
    pub fn max_body_bytes(mut self, limit: u64) -> Self {
        self.max_body_bytes = Some(limit);
        self
    }
}

impl fmt::Debug for CallOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The idempotency key is caller data that should not end up in logs;
        // whether one is set is what matters when debugging.
        f.debug_struct("CallOptions")
            .field("retry_policy", &self.retry_policy)
            .field(
                "idempotency_key",
                &self.idempotency_key.as_ref().map(|_| "***"),
            )
            .field("attempt_timeout", &self.attempt_timeout)
            .field("deadline", &self.deadline)
            .field("max_body_bytes", &self.max_body_bytes)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn setters_override_and_debug_hides_the_key() {
        let options = CallOptions::new()
            .retry_policy(RetryPolicy::none())
            .idempotency_key("caller-key-123")
            .attempt_timeout(Duration::from_secs(1))
            .deadline(Duration::from_secs(2));
        assert_eq!(options.retry_policy, Some(RetryPolicy::none()));
        assert_eq!(options.idempotency_key.as_deref(), Some("caller-key-123"));
        assert_eq!(options.attempt_timeout, Some(Duration::from_secs(1)));
        assert_eq!(options.deadline, Some(Duration::from_secs(2)));
        let shown = format!("{options:?}");
        assert!(!shown.contains("caller-key-123"), "{shown}");
        assert!(shown.contains("***"), "{shown}");
    }
}
