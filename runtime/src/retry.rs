//! Retry policy: which failures are retried, and how long to wait in between.
//!
//! Everything here is pure (no I/O, no clock reads except for HTTP-date
//! `Retry-After` values) so the decision table can be tested exhaustively.

use std::time::{Duration, SystemTime};

use reqwest::header::{HeaderMap, RETRY_AFTER};
use reqwest::{Method, StatusCode};

/// How failed attempts are retried.
///
/// Delays use exponential backoff with *full jitter*: before retry `n`
/// (starting at 0) the client sleeps a uniformly random duration in
/// `[0, min(max_delay, base_delay * 2^n)]`. A `Retry-After` header on the
/// response replaces the computed delay: the client waits at least that
/// long plus a random spread of up to a fifth of it (at least 100 ms),
/// so many clients told to come back in one second do not all return in the
/// same millisecond; the total is capped at `max_delay`. No delay ever
/// extends past the call's deadline: if the next attempt could not start in
/// time the last outcome is returned instead.
///
/// ```
/// use std::time::Duration;
/// let policy = fyno_codegen_runtime::RetryPolicy::default()
///     .max_retries(5)
///     .base_delay(Duration::from_millis(100))
///     .max_delay(Duration::from_secs(5));
/// assert_eq!(policy.get_max_retries(), 5);
/// assert_eq!(fyno_codegen_runtime::RetryPolicy::none().get_max_retries(), 0);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    max_retries: u32,
    base_delay: Duration,
    max_delay: Duration,
}

impl Default for RetryPolicy {
    /// 3 retries (4 attempts), 200 ms base delay, 20 s maximum delay.
    fn default() -> Self {
        Self {
            max_retries: 3,
            base_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(20),
        }
    }
}

impl RetryPolicy {
    /// A policy that never retries: every call makes exactly one attempt.
    pub fn none() -> Self {
        Self {
            max_retries: 0,
            ..Self::default()
        }
    }

    /// Sets how many times a failed attempt may be retried (so at most
    /// `n + 1` attempts are made).
    pub fn max_retries(mut self, n: u32) -> Self {
        self.max_retries = n;
        self
    }

    /// Sets the delay ceiling before the first retry; it doubles on each
    /// further retry until it reaches [`max_delay`](Self::max_delay).
    pub fn base_delay(mut self, delay: Duration) -> Self {
        self.base_delay = delay;
        self
    }

    /// Sets the longest the client will ever sleep between two attempts,
    /// including delays requested by the server through `Retry-After`.
    pub fn max_delay(mut self, delay: Duration) -> Self {
        self.max_delay = delay;
        self
    }

    /// The number of retries allowed after the first attempt.
    pub fn get_max_retries(&self) -> u32 {
        self.max_retries
    }

    /// The delay ceiling before the first retry.
    pub fn get_base_delay(&self) -> Duration {
        self.base_delay
    }

    /// The longest sleep between two attempts.
    pub fn get_max_delay(&self) -> Duration {
        self.max_delay
    }

    /// The upper bound of the jittered delay before retry number `retry`
    /// (0-based): `min(max_delay, base_delay * 2^retry)`.
    pub(crate) fn backoff_ceiling(&self, retry: u32) -> Duration {
        // 2^31 * any useful base already exceeds every sensible max_delay;
        // clamping the exponent keeps the multiplication from overflowing.
        let factor = 1u32 << retry.min(31);
        self.base_delay.saturating_mul(factor).min(self.max_delay)
    }

    /// A full-jitter delay before retry number `retry` (0-based).
    pub(crate) fn backoff(&self, retry: u32) -> Duration {
        uniform(Duration::ZERO, self.backoff_ceiling(retry))
    }

    /// The delay before retry number `retry`: the server's `Retry-After` if
    /// it sent a usable one, otherwise the jittered backoff; never more than
    /// `max_delay`.
    pub(crate) fn delay(&self, retry: u32, retry_after: Option<Duration>) -> Duration {
        match retry_after {
            Some(wait) => {
                let (lower, upper) = self.retry_after_window(wait);
                uniform(lower, upper)
            }
            None => self.backoff(retry),
        }
    }

    /// The bounds of the jittered wait after `Retry-After: wait`:
    /// `[wait, wait + spread]` with `spread = max(wait / 5, 100 ms)`, both
    /// capped at `max_delay`. The server's wait is a minimum, so the jitter
    /// only ever adds to it.
    pub(crate) fn retry_after_window(&self, wait: Duration) -> (Duration, Duration) {
        let spread = (wait / 5).max(RETRY_AFTER_MIN_SPREAD);
        (
            wait.min(self.max_delay),
            wait.saturating_add(spread).min(self.max_delay),
        )
    }
}

/// The least spread added to a `Retry-After` wait, so that even
/// `Retry-After: 0` does not bring every client back in the same instant.
const RETRY_AFTER_MIN_SPREAD: Duration = Duration::from_millis(100);

/// A uniformly random duration in `[lower, upper]` (nanosecond resolution,
/// saturating at `u64::MAX` nanoseconds, about 584 years).
fn uniform(lower: Duration, upper: Duration) -> Duration {
    let nanos = |d: Duration| u64::try_from(d.as_nanos()).unwrap_or(u64::MAX);
    let (lower, upper) = (nanos(lower), nanos(upper));
    Duration::from_nanos(fastrand::u64(lower.min(upper)..=upper))
}

/// Statuses worth retrying: request timeout, rate limiting and server errors.
pub(crate) fn is_retryable_status(status: StatusCode) -> bool {
    status == StatusCode::REQUEST_TIMEOUT
        || status == StatusCode::TOO_MANY_REQUESTS
        || status.is_server_error()
}

/// Whether the server could safely see this request twice.
///
/// Idempotent methods always can; `POST`/`PATCH` (and anything unknown) only
/// when an idempotency key lets the server de-duplicate.
pub(crate) fn may_resend(method: &Method, has_idempotency_key: bool) -> bool {
    has_idempotency_key
        || matches!(
            *method,
            Method::GET | Method::HEAD | Method::PUT | Method::DELETE | Method::OPTIONS
        )
}

/// Parses `Retry-After` as delta-seconds or an HTTP-date, relative to `now`.
///
/// Returns `None` for a missing or malformed header so the caller falls back
/// to its own backoff; a date in the past means "retry now".
pub(crate) fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        // All digits, but possibly too large for u64: that is still a
        // (very long) delay, which max_delay caps later.
        return Some(Duration::from_secs(value.parse().unwrap_or(u64::MAX)));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;
    use std::collections::BTreeSet;

    fn headers(retry_after: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(RETRY_AFTER, HeaderValue::from_str(retry_after).unwrap());
        headers
    }

    #[test]
    fn retry_after_delta_seconds() {
        let now = SystemTime::now();
        assert_eq!(retry_after(&headers("0"), now), Some(Duration::ZERO));
        assert_eq!(
            retry_after(&headers("7"), now),
            Some(Duration::from_secs(7))
        );
        assert_eq!(
            retry_after(&headers(" 12 "), now),
            Some(Duration::from_secs(12))
        );
        assert_eq!(
            retry_after(&headers("99999999999999999999999"), now),
            Some(Duration::from_secs(u64::MAX))
        );
    }

    #[test]
    fn retry_after_http_date() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let later = httpdate::fmt_http_date(now + Duration::from_secs(30));
        assert_eq!(
            retry_after(&headers(&later), now),
            Some(Duration::from_secs(30))
        );
        let earlier = httpdate::fmt_http_date(now - Duration::from_secs(30));
        assert_eq!(retry_after(&headers(&earlier), now), Some(Duration::ZERO));
        // RFC 850 and asctime forms are accepted too.
        assert_eq!(
            retry_after(&headers("Sunday, 06-Nov-94 08:49:37 GMT"), now),
            Some(Duration::ZERO)
        );
        assert_eq!(
            retry_after(&headers("Sun Nov  6 08:49:37 1994"), now),
            Some(Duration::ZERO)
        );
    }

    #[test]
    fn retry_after_garbage_is_ignored() {
        let now = SystemTime::now();
        for garbage in [
            "",
            "soon",
            "-1",
            "1.5",
            "3s",
            "Tue, 99 Foo 2024 99:99:99 GMT",
        ] {
            assert_eq!(retry_after(&headers(garbage), now), None, "{garbage:?}");
        }
        assert_eq!(retry_after(&HeaderMap::new(), now), None);
        let mut binary = HeaderMap::new();
        binary.insert(RETRY_AFTER, HeaderValue::from_bytes(b"\xff\xfe").unwrap());
        assert_eq!(retry_after(&binary, now), None);
    }

    #[test]
    fn backoff_stays_within_the_full_jitter_bounds() {
        let policy = RetryPolicy::default()
            .base_delay(Duration::from_millis(100))
            .max_delay(Duration::from_secs(1));
        let ceilings: Vec<_> = (0..6).map(|n| policy.backoff_ceiling(n)).collect();
        assert_eq!(
            ceilings,
            [100, 200, 400, 800, 1000, 1000].map(Duration::from_millis)
        );
        for retry in 0..40 {
            let ceiling = policy.backoff_ceiling(retry);
            for _ in 0..200 {
                assert!(policy.backoff(retry) <= ceiling);
            }
        }
        // Jitter actually spreads the delays instead of returning the ceiling.
        let samples: Vec<_> = (0..200).map(|_| policy.backoff(3)).collect();
        assert!(samples.iter().any(|d| *d < Duration::from_millis(400)));
        assert!(samples.iter().any(|d| *d > Duration::from_millis(400)));
    }

    #[test]
    fn backoff_does_not_overflow() {
        let policy = RetryPolicy::default()
            .base_delay(Duration::from_secs(u64::MAX / 2))
            .max_delay(Duration::MAX);
        assert_eq!(policy.backoff_ceiling(u32::MAX), Duration::MAX);
        let _ = policy.backoff(u32::MAX);
    }

    #[test]
    fn retry_after_is_capped_by_max_delay() {
        let policy = RetryPolicy::default().max_delay(Duration::from_secs(5));
        for _ in 0..200 {
            assert_eq!(
                policy.delay(0, Some(Duration::from_secs(60))),
                Duration::from_secs(5)
            );
            let honoured = policy.delay(0, Some(Duration::from_secs(2)));
            assert!(honoured >= Duration::from_secs(2), "{honoured:?}");
            assert!(honoured <= Duration::from_millis(2400), "{honoured:?}");
        }
        assert!(policy.delay(0, None) <= policy.get_base_delay());
    }

    #[test]
    fn retry_after_gets_a_bounded_jitter() {
        let policy = RetryPolicy::default();
        assert_eq!(
            policy.retry_after_window(Duration::from_secs(1)),
            (Duration::from_secs(1), Duration::from_millis(1200))
        );
        // Short waits still spread over 100 ms, so `Retry-After: 0` does not
        // bring every client back at once either.
        assert_eq!(
            policy.retry_after_window(Duration::ZERO),
            (Duration::ZERO, Duration::from_millis(100))
        );
        // Near the cap the spread shrinks rather than pass `max_delay`.
        assert_eq!(
            policy.retry_after_window(Duration::from_millis(19_950)),
            (Duration::from_millis(19_950), Duration::from_secs(20))
        );
        // 300 clients told `Retry-After: 1` spread over 200 ms, not 1 ms.
        let delays: BTreeSet<_> = (0..300)
            .map(|_| policy.delay(0, Some(Duration::from_secs(1))).as_millis())
            .collect();
        assert!(delays.len() > 50, "{} distinct milliseconds", delays.len());
        assert!(delays.iter().all(|ms| (1000..=1200).contains(ms)));
    }

    #[test]
    fn policy_builders() {
        let default = RetryPolicy::default();
        assert_eq!(default.get_max_retries(), 3);
        assert_eq!(default.get_base_delay(), Duration::from_millis(200));
        assert_eq!(default.get_max_delay(), Duration::from_secs(20));
        assert_eq!(RetryPolicy::none().get_max_retries(), 0);
    }

    #[test]
    fn retryable_statuses() {
        for code in [408, 429, 500, 501, 502, 503, 504, 599] {
            assert!(
                is_retryable_status(StatusCode::from_u16(code).unwrap()),
                "{code}"
            );
        }
        for code in [200, 201, 204, 301, 304, 400, 401, 403, 404, 409, 410, 422] {
            assert!(
                !is_retryable_status(StatusCode::from_u16(code).unwrap()),
                "{code}"
            );
        }
    }

    #[test]
    fn method_and_key_decision_table() {
        let cases = [
            (Method::GET, false, true),
            (Method::HEAD, false, true),
            (Method::PUT, false, true),
            (Method::DELETE, false, true),
            (Method::OPTIONS, false, true),
            (Method::POST, false, false),
            (Method::PATCH, false, false),
            (Method::POST, true, true),
            (Method::PATCH, true, true),
            (Method::GET, true, true),
        ];
        for (method, key, expected) in cases {
            assert_eq!(may_resend(&method, key), expected, "{method} key={key}");
        }
    }
}
