//! What is wrong with a client's configuration, and the checks every
//! setting shares (a leaf: the builder, credentials and the environment
//! reader all report through it).

/// An invalid or incomplete client configuration.
///
/// `setting` names the builder method (`api_key`) or, for a client created
/// from the environment, the environment variable (such as `FYNO_API_KEY`)
/// that needs fixing. Messages never contain the API key.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// A required setting was not provided.
    #[error("missing required setting `{setting}`")]
    Missing {
        /// The builder method or environment variable that must be set.
        setting: &'static str,
    },

    /// A setting has a value the client cannot use.
    #[error("invalid `{setting}`: {reason}")]
    Invalid {
        /// The builder method or environment variable with the bad value.
        setting: &'static str,
        /// Why the value was rejected.
        reason: String,
    },

    /// The underlying HTTP client could not be created (for example, TLS
    /// initialisation failed).
    #[error("could not build the HTTP client")]
    HttpClient {
        /// The HTTP client's error.
        #[source]
        source: reqwest::Error,
    },
}

impl ConfigError {
    /// The builder method or environment variable the error is about, if any.
    pub fn setting(&self) -> Option<&'static str> {
        match self {
            Self::Missing { setting } | Self::Invalid { setting, .. } => Some(setting),
            Self::HttpClient { .. } => None,
        }
    }

    pub(crate) fn invalid(setting: &'static str, reason: impl Into<String>) -> Self {
        Self::Invalid {
            setting,
            reason: reason.into(),
        }
    }
}

/// "`a`", "`a` or `b`", "one of `a`, `b`, `c`".
pub(crate) fn one_of(values: &[&str]) -> String {
    let quoted: Vec<String> = values.iter().map(|v| format!("`{v}`")).collect();
    match quoted.as_slice() {
        [one] => one.clone(),
        [a, b] => format!("{a} or {b}"),
        many => format!("one of {}", many.join(", ")),
    }
}

/// Rejects empty, blank and whitespace-padded values: a padded value read
/// from a file or environment variable is almost always a mistake that would
/// otherwise surface as a confusing 401 or 404.
pub(crate) fn check_text(setting: &'static str, value: &str) -> Result<(), ConfigError> {
    if value.trim().is_empty() {
        return Err(ConfigError::invalid(setting, "must not be empty"));
    }
    if value.trim() != value {
        return Err(ConfigError::invalid(
            setting,
            "must not have leading or trailing whitespace",
        ));
    }
    Ok(())
}
