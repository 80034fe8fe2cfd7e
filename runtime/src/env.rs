//! Reading settings from environment variables, through an injectable lookup
//! so tests need not mutate the process environment.

use std::env::VarError;

use crate::config_error::{ConfigError, one_of};

/// A source of environment variables (usually `std::env::var`).
pub struct Env<F> {
    lookup: F,
}

impl<F> Env<F>
where
    F: Fn(&'static str) -> Result<String, VarError>,
{
    /// Reads through `lookup`.
    pub fn new(lookup: F) -> Self {
        Self { lookup }
    }

    /// The variable's value, `None` when it is not set; a value that is not
    /// UTF-8 is an error naming the variable. Empty or padded values are
    /// reported by the builder, which checks every source alike.
    pub fn read(&self, name: &'static str) -> Result<Option<String>, ConfigError> {
        match (self.lookup)(name) {
            Ok(value) => Ok(Some(value)),
            Err(VarError::NotPresent) => Ok(None),
            Err(VarError::NotUnicode(_)) => Err(ConfigError::invalid(name, "is not valid UTF-8")),
        }
    }

    /// [`read`](Self::read) for a variable with a closed set of values.
    ///
    /// Only the listed values are accepted: a typo such as `Live` for `live`
    /// would otherwise reach the server and fail every call.
    pub fn read_choice(
        &self,
        name: &'static str,
        allowed: &[&str],
    ) -> Result<Option<String>, ConfigError> {
        match self.read(name)? {
            Some(value) if !allowed.contains(&value.as_str()) => Err(ConfigError::invalid(
                name,
                format!("must be {}, got {value:?}", one_of(allowed)),
            )),
            other => Ok(other),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(
        name: &'static str,
        value: &'static str,
    ) -> Env<impl Fn(&'static str) -> Result<String, VarError>> {
        Env::new(move |asked| {
            if asked == name {
                Ok(value.to_owned())
            } else {
                Err(VarError::NotPresent)
            }
        })
    }

    #[test]
    fn reads_present_and_absent_variables() {
        let env = env("API_KEY", "k");
        assert_eq!(env.read("API_KEY").unwrap().as_deref(), Some("k"));
        assert_eq!(env.read("OTHER").unwrap(), None);
    }

    #[test]
    fn non_unicode_values_name_the_variable() {
        let env = Env::new(|_| Err(VarError::NotUnicode(std::ffi::OsString::from("x"))));
        let err = env.read("API_KEY").unwrap_err();
        assert_eq!(err.setting(), Some("API_KEY"));
        assert!(err.to_string().contains("UTF-8"), "{err}");
    }

    #[test]
    fn choices_accept_only_the_listed_values() {
        let env = env("MODE", "Live");
        assert_eq!(env.read_choice("OTHER", &["live", "test"]).unwrap(), None);
        let err = env.read_choice("MODE", &["live", "test"]).unwrap_err();
        assert_eq!(err.setting(), Some("MODE"));
        assert_eq!(
            err.to_string(),
            "invalid `MODE`: must be `live` or `test`, got \"Live\""
        );
        assert_eq!(
            env.read_choice("MODE", &["Live"]).unwrap().as_deref(),
            Some("Live")
        );
    }
}
