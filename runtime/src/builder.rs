//! The part of a generated request builder that is the same for every
//! operation: the per-call option setters, `send()` and `IntoFuture`.
//!
//! Generated operation files invoke [`__builder_methods!`] once per builder
//! instead of spelling these items out: they were a sixth of every
//! operation's code, and of the generator's work. The expansion is what the
//! generator used to emit, so the builders' public API, documentation and
//! inlining are unchanged.

/// Implements, for the request builder `$builder<'a>` (which has an
/// `options: CallOptions` field and a `send_with_headers()` returning
/// `Result<WithHeaders<$output>, Error<$error>>`):
/// `options`, `retry_policy`, `idempotency_key`, `send` and `IntoFuture`.
/// The last argument says what happens without an idempotency key:
/// `key_generated` (the runtime makes one per call) or `key_optional` (the
/// call is retried only if its method is idempotent).
///
/// The arguments hold no literals, so the generator can tidy their
/// formatting as text (see `generator/src/emit/mod.rs`).
///
/// For generated code only: hidden, and it may change in any release.
#[doc(hidden)]
#[macro_export]
macro_rules! __builder_methods {
    ($builder:ident, $output:ty, $error:ty, key_generated $(,)?) => {
        $crate::__builder_methods!(
            @items $builder, $output, $error,
            " By default a fresh key is generated once per call and reused on every retry."
        );
    };
    ($builder:ident, $output:ty, $error:ty, key_optional $(,)?) => {
        $crate::__builder_methods!(
            @items $builder, $output, $error,
            " Without a key, this operation is only retried when its method is idempotent."
        );
    };
    (@items $builder:ident, $output:ty, $error:ty, $key_doc:literal) => {
        impl<'a> $builder<'a> {
            /// Replaces the per-call options (retry policy, timeouts, idempotency key).
            pub fn options(mut self, options: $crate::CallOptions) -> Self {
                self.options = options;
                self
            }

            /// Overrides the client's retry policy for this call.
            pub fn retry_policy(mut self, policy: $crate::RetryPolicy) -> Self {
                self.options = self.options.retry_policy(policy);
                self
            }

            /// Sends this idempotency key, which also makes the call safe to retry.
            #[doc = $key_doc]
            pub fn idempotency_key(
                mut self,
                key: impl ::std::convert::Into<::std::string::String>,
            ) -> Self {
                self.options = self.options.idempotency_key(key);
                self
            }

            /// Sends the request and decodes the documented response.
            pub fn send(
                self,
            ) -> impl ::std::future::Future<
                Output = ::std::result::Result<$output, $crate::Error<$error>>,
            > {
                $crate::__private::without_headers(self.send_with_headers())
            }
        }

        impl<'a> ::std::future::IntoFuture for $builder<'a> {
            type Output = ::std::result::Result<$output, $crate::Error<$error>>;
            type IntoFuture = ::std::pin::Pin<
                ::std::boxed::Box<
                    dyn ::std::future::Future<Output = Self::Output> + ::std::marker::Send + 'a,
                >,
            >;
            // Inline: the operation's future is compiled in the crate that
            // awaits it, as `send()`'s is, so a user's crate compiles only
            // the operations it calls, and the generated crate none.
            #[inline]
            fn into_future(self) -> Self::IntoFuture {
                ::std::boxed::Box::pin(self.send())
            }
        }
    };
}

#[cfg(test)]
// The expansion's methods are `pub`, as in a generated crate; here the
// builder is private to the test.
#[allow(unreachable_pub)]
mod tests {
    use crate::{CallOptions, Error, RetryPolicy, WithHeaders};
    use std::convert::Infallible;

    /// A builder shaped as generated ones are, whose "request" reports the
    /// options it was given.
    struct Probe<'a> {
        label: &'a str,
        options: CallOptions,
    }

    impl Probe<'_> {
        async fn send_with_headers(self) -> Result<WithHeaders<String>, Error<Infallible>> {
            let key = self.options.idempotency_key.clone().unwrap_or_default();
            let retries = self
                .options
                .retry_policy
                .as_ref()
                .map(RetryPolicy::get_max_retries);
            Ok(crate::with_headers::for_tests(format!(
                "{} key={key} retries={retries:?}",
                self.label
            )))
        }
    }

    crate::__builder_methods!(Probe, String, Infallible, key_optional);

    #[tokio::test]
    async fn the_setters_reach_the_options_and_both_sends_decode() {
        let probe = || Probe {
            label: "probe",
            options: CallOptions::default(),
        };
        assert_eq!(
            probe().send().await.ok().as_deref(),
            Some("probe key= retries=None")
        );
        let sent = probe()
            .retry_policy(RetryPolicy::default().max_retries(7))
            .idempotency_key("k-1")
            .await;
        assert_eq!(sent.ok().as_deref(), Some("probe key=k-1 retries=Some(7)"));
        // `options` replaces everything set before it.
        let replaced = probe()
            .idempotency_key("lost")
            .options(CallOptions::default().idempotency_key("kept"))
            .await;
        assert_eq!(
            replaced.ok().as_deref(),
            Some("probe key=kept retries=None")
        );
    }
}
