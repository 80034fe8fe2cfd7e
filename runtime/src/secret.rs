//! A wrapper that keeps the API key out of `Debug` output and error messages.

use std::fmt;

/// A secret: a bearer token, an API key, a password.
///
/// Deliberately has no `Display` and a `Debug` that prints `***`, so the
/// secret can only leave this type through [`ApiKey::expose`], which is
/// called only where a credential is put on the wire (`auth`, and the
/// request loop adding query and cookie keys).
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct ApiKey(Box<str>);

impl ApiKey {
    pub(crate) fn new(key: String) -> Self {
        Self(key.into_boxed_str())
    }

    /// Returns the secret itself. Only for putting it on the wire.
    pub(crate) fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("\"***\"")
    }
}

#[cfg(test)]
mod tests {
    use super::ApiKey;

    #[test]
    fn debug_hides_the_key() {
        let key = ApiKey::new("sk_live_supersecret".to_owned());
        assert_eq!(format!("{key:?}"), "\"***\"");
        assert_eq!(format!("{key:#?}"), "\"***\"");
        assert_eq!(key.expose(), "sk_live_supersecret");
    }
}
