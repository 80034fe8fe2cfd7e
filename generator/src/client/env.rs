//! The environment variables a generated client reads: their common prefix.

use heck::ToShoutySnakeCase;

/// `FYNO` from `fyno`, `PET_STORE` from `pet-store` or `Pet Store`.
pub fn env_prefix(name: &str) -> String {
    let words: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect();
    let prefix = words.to_shouty_snake_case();
    match prefix.chars().next() {
        None => "API".to_owned(),
        Some(first) if first.is_ascii_digit() => format!("API_{prefix}"),
        Some(_) => prefix,
    }
}

#[cfg(test)]
mod tests {
    use super::env_prefix;

    #[test]
    fn prefixes_are_screaming_snake_case() {
        assert_eq!(env_prefix("fyno"), "FYNO");
        assert_eq!(env_prefix("pet-store"), "PET_STORE");
        assert_eq!(env_prefix("Swagger Petstore"), "SWAGGER_PETSTORE");
        assert_eq!(env_prefix("WSID"), "WSID");
        assert_eq!(env_prefix("basePath"), "BASE_PATH");
        assert_eq!(env_prefix("2fa"), "API_2FA");
        assert_eq!(env_prefix("日本"), "API");
    }
}
