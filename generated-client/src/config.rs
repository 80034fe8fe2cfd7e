//! Client configuration: the builder, its validation and the environment
//! loader.
//!
//! Everything that can be checked once is checked in [`ClientBuilder::build`]
//! (and the resulting header values are built there), so a request never
//! fails because of a configuration mistake and the hot path only clones
//! prepared values.

use std::env::VarError;
use std::fmt;
use std::time::Duration;

use reqwest::Url;
use reqwest::header::{HeaderName, HeaderValue};

use crate::retry::RetryPolicy;
use crate::secret::ApiKey;
use crate::types::Version;

/// Base URL used when none is configured: the spec's first server URL, if it lists one.
pub(crate) const DEFAULT_BASE_URL: Option<&str> = crate::generated::DEFAULT_BASE_URL;
/// Default limit for establishing a connection.
pub(crate) const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Default limit for one attempt, including reading the response body.
pub(crate) const DEFAULT_ATTEMPT_TIMEOUT: Duration = Duration::from_secs(30);
/// Default limit for a whole call, including retries and backoff sleeps.
pub(crate) const DEFAULT_DEADLINE: Duration = Duration::from_secs(120);
/// Header that carries idempotency keys unless configured otherwise.
pub(crate) const DEFAULT_IDEMPOTENCY_HEADER: &str = "Idempotency-Key";

/// Environment variable holding the workspace id.
pub(crate) const ENV_WORKSPACE_ID: &str = "FYNO_WSID";
/// Environment variable holding the API key.
pub(crate) const ENV_API_KEY: &str = "FYNO_API_KEY";
/// Environment variable selecting `live` or `test`.
pub(crate) const ENV_VERSION: &str = "FYNO_VERSION";
/// Environment variable overriding the base URL.
pub(crate) const ENV_BASE_URL: &str = "FYNO_ENDPOINT";

/// Headers the client sets itself; the idempotency header must not clash.
const RESERVED_HEADERS: [&str; 6] = [
    "authorization",
    "accept",
    "content-type",
    "content-length",
    "user-agent",
    "host",
];

/// An invalid or incomplete client configuration.
///
/// `setting` names the builder method (`api_key`) or, for
/// [`Client::from_env`](crate::Client::from_env), the environment variable
/// (`FYNO_API_KEY`) that needs fixing. Messages never contain the API key.
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

    fn invalid(setting: &'static str, reason: impl Into<String>) -> Self {
        Self::Invalid {
            setting,
            reason: reason.into(),
        }
    }
}

/// Names used in errors for the settings that can come from the environment.
#[derive(Clone, Copy, Debug)]
struct SettingNames {
    workspace_id: &'static str,
    api_key: &'static str,
    version: &'static str,
    base_url: &'static str,
}

const BUILDER_NAMES: SettingNames = SettingNames {
    workspace_id: "workspace_id",
    api_key: "api_key",
    version: "version",
    base_url: "base_url",
};

/// Configures and creates a [`Client`](crate::Client).
///
/// Only [`workspace_id`](Self::workspace_id) and [`api_key`](Self::api_key)
/// are required. `Debug` output shows the API key as `***`.
#[derive(Clone, Debug)]
pub struct ClientBuilder {
    workspace_id: Option<String>,
    api_key: Option<ApiKey>,
    version: Option<Version>,
    base_url: Option<String>,
    connect_timeout: Option<Duration>,
    attempt_timeout: Option<Duration>,
    deadline: Option<Duration>,
    retry_policy: Option<RetryPolicy>,
    idempotency_header: Option<String>,
    user_agent: Option<String>,
    http_client: Option<reqwest::Client>,
    names: SettingNames,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        Self {
            workspace_id: None,
            api_key: None,
            version: None,
            base_url: None,
            connect_timeout: None,
            attempt_timeout: None,
            deadline: None,
            retry_policy: None,
            idempotency_header: None,
            user_agent: None,
            http_client: None,
            names: BUILDER_NAMES,
        }
    }
}

impl ClientBuilder {
    /// Creates a builder with every setting at its default.
    pub fn new() -> Self {
        Self::default()
    }

    /// Creates a builder pre-filled from the environment, so other settings
    /// can still be adjusted before [`build`](Self::build).
    ///
    /// Reads `FYNO_WSID` (workspace id), `FYNO_API_KEY`, `FYNO_VERSION`
    /// (`live` or `test`, default `live`) and `FYNO_ENDPOINT` (base URL,
    /// default `https://api.fyno.io/v1`). Missing required variables are
    /// reported by [`build`](Self::build); a variable that is set must be
    /// valid UTF-8 and non-empty.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(std::env::var)
    }

    /// [`from_env`](Self::from_env) with an injectable lookup, so tests need
    /// not mutate the process environment.
    pub(crate) fn from_lookup(
        lookup: impl Fn(&'static str) -> Result<String, VarError>,
    ) -> Result<Self, ConfigError> {
        let read = |name: &'static str| match lookup(name) {
            Ok(value) => Ok(Some(value)),
            Err(VarError::NotPresent) => Ok(None),
            Err(VarError::NotUnicode(_)) => Err(ConfigError::invalid(name, "is not valid UTF-8")),
        };
        let mut builder = Self {
            names: SettingNames {
                workspace_id: ENV_WORKSPACE_ID,
                api_key: ENV_API_KEY,
                version: ENV_VERSION,
                base_url: ENV_BASE_URL,
            },
            ..Self::default()
        };
        builder.workspace_id = read(ENV_WORKSPACE_ID)?;
        builder.api_key = read(ENV_API_KEY)?.map(ApiKey::new);
        builder.base_url = read(ENV_BASE_URL)?;
        if let Some(version) = read(ENV_VERSION)? {
            // Only the two documented values: a typo such as `Live` would
            // otherwise become `Version::Other` and fail every call with 404.
            builder.version = Some(match version.as_str() {
                "live" => Version::Live,
                "test" => Version::Test,
                other => {
                    return Err(ConfigError::invalid(
                        ENV_VERSION,
                        format!("must be `live` or `test`, got {other:?}"),
                    ));
                }
            });
        }
        Ok(builder)
    }

    /// Sets the Fyno workspace id (required).
    pub fn workspace_id(mut self, workspace_id: impl Into<String>) -> Self {
        self.workspace_id = Some(workspace_id.into());
        self.names.workspace_id = BUILDER_NAMES.workspace_id;
        self
    }

    /// Sets the API key sent as `Authorization: Bearer <key>` (required).
    pub fn api_key(mut self, api_key: impl Into<String>) -> Self {
        self.api_key = Some(ApiKey::new(api_key.into()));
        self.names.api_key = BUILDER_NAMES.api_key;
        self
    }

    /// Selects the `live` or `test` environment (default: live).
    pub fn version(mut self, version: Version) -> Self {
        self.version = Some(version);
        self.names.version = BUILDER_NAMES.version;
        self
    }

    /// Overrides the API base URL (default `https://api.fyno.io/v1`).
    ///
    /// Must be `http` or `https` without query, fragment or credentials;
    /// accepts a `&str`, `String` or [`reqwest::Url`]. A trailing slash is
    /// ignored.
    pub fn base_url(mut self, base_url: impl AsRef<str>) -> Self {
        self.base_url = Some(base_url.as_ref().to_owned());
        self.names.base_url = BUILDER_NAMES.base_url;
        self
    }

    /// Limits how long establishing a connection may take (default 10 s).
    ///
    /// Cannot be combined with [`http_client`](Self::http_client): configure
    /// the supplied client instead.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// Limits each attempt, from sending the request to reading the last
    /// byte of the response (default 30 s).
    pub fn attempt_timeout(mut self, timeout: Duration) -> Self {
        self.attempt_timeout = Some(timeout);
        self
    }

    /// Limits a whole call, across all retries and the waits between them
    /// (default 120 s).
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = Some(deadline);
        self
    }

    /// Sets the retry policy for every call (default
    /// [`RetryPolicy::default`]).
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry_policy = Some(policy);
        self
    }

    /// Sets the header that carries idempotency keys (default
    /// `Idempotency-Key`).
    pub fn idempotency_header(mut self, name: impl Into<String>) -> Self {
        self.idempotency_header = Some(name.into());
        self
    }

    /// Appends a product token to the `User-Agent`, e.g. `my-app/1.2`, giving
    /// `fyno-rust/<version> my-app/1.2`.
    pub fn user_agent(mut self, product: impl Into<String>) -> Self {
        self.user_agent = Some(product.into());
        self
    }

    /// Sends requests through this `reqwest::Client` (to share a connection
    /// pool or configure proxies and TLS). Its own default headers and
    /// timeouts still apply; authentication, `Accept` and `User-Agent` are
    /// added per request.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// Validates the configuration and creates the client.
    pub fn build(self) -> Result<crate::Client, ConfigError> {
        self.into_config().map(crate::Client::from_config)
    }

    /// Validates every setting and prepares the per-request header values.
    pub(crate) fn into_config(self) -> Result<Config, ConfigError> {
        let names = self.names;

        let workspace_id = self.workspace_id.ok_or(ConfigError::Missing {
            setting: names.workspace_id,
        })?;
        check_text(names.workspace_id, &workspace_id)?;
        if matches!(workspace_id.as_str(), "." | "..") {
            return Err(ConfigError::invalid(
                names.workspace_id,
                "must not be `.` or `..`",
            ));
        }

        let api_key = self.api_key.ok_or(ConfigError::Missing {
            setting: names.api_key,
        })?;
        let authorization = authorization(names.api_key, &api_key)?;

        let version = self.version.unwrap_or_default();
        if let Version::Other(other) = &version {
            check_text(names.version, other)?;
        }

        let base_url =
            self.base_url
                .as_deref()
                .or(DEFAULT_BASE_URL)
                .ok_or(ConfigError::Missing {
                    setting: names.base_url,
                })?;
        let base_url = parse_base_url(names.base_url, base_url)?;

        let attempt_timeout = positive(
            "attempt_timeout",
            self.attempt_timeout.unwrap_or(DEFAULT_ATTEMPT_TIMEOUT),
        )?;
        let deadline = positive("deadline", self.deadline.unwrap_or(DEFAULT_DEADLINE))?;

        let idempotency_header = idempotency_header(
            self.idempotency_header
                .as_deref()
                .unwrap_or(DEFAULT_IDEMPOTENCY_HEADER),
        )?;

        let user_agent = user_agent(self.user_agent.as_deref())?;

        let http = match (self.http_client, self.connect_timeout) {
            (Some(_), Some(_)) => {
                return Err(ConfigError::invalid(
                    "connect_timeout",
                    "cannot be combined with `http_client`; set it on the supplied reqwest::Client",
                ));
            }
            (Some(client), None) => client,
            (None, connect_timeout) => reqwest::Client::builder()
                .connect_timeout(positive(
                    "connect_timeout",
                    connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT),
                )?)
                // An API client should surface a redirect as a status rather
                // than silently re-send (possibly as a different method).
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .map_err(|source| ConfigError::HttpClient { source })?,
        };

        Ok(Config {
            workspace_id,
            version,
            base_url,
            attempt_timeout,
            deadline,
            retry_policy: self.retry_policy.unwrap_or_default(),
            idempotency_header,
            authorization,
            user_agent,
            http,
        })
    }
}

/// A validated configuration with its header values prepared.
#[derive(Clone)]
pub(crate) struct Config {
    pub(crate) workspace_id: String,
    pub(crate) version: Version,
    /// Normalised: http(s), no query, fragment or credentials, no trailing
    /// slash unless the path is just `/`.
    pub(crate) base_url: Url,
    pub(crate) attempt_timeout: Duration,
    pub(crate) deadline: Duration,
    pub(crate) retry_policy: RetryPolicy,
    pub(crate) idempotency_header: HeaderName,
    /// `Bearer <key>`, marked sensitive.
    pub(crate) authorization: HeaderValue,
    pub(crate) user_agent: HeaderValue,
    pub(crate) http: reqwest::Client,
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("workspace_id", &self.workspace_id)
            .field("version", &self.version)
            .field("base_url", &self.base_url.as_str())
            .field("attempt_timeout", &self.attempt_timeout)
            .field("deadline", &self.deadline)
            .field("retry_policy", &self.retry_policy)
            .field("idempotency_header", &self.idempotency_header)
            .field("api_key", &"***")
            .field("user_agent", &self.user_agent)
            .finish_non_exhaustive()
    }
}

/// Rejects empty, blank and whitespace-padded values: a padded value read
/// from a file or environment variable is almost always a mistake that would
/// otherwise surface as a confusing 401 or 404.
fn check_text(setting: &'static str, value: &str) -> Result<(), ConfigError> {
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

/// Builds the sensitive `Authorization` header value. Errors never include
/// the key.
fn authorization(setting: &'static str, key: &ApiKey) -> Result<HeaderValue, ConfigError> {
    let key = key.expose();
    check_text(setting, key)?;
    if !key.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(ConfigError::invalid(
            setting,
            "must contain only visible ASCII characters",
        ));
    }
    let mut value = HeaderValue::try_from(format!("Bearer {key}"))
        .map_err(|_| ConfigError::invalid(setting, "is not a valid header value"))?;
    value.set_sensitive(true);
    Ok(value)
}

fn parse_base_url(setting: &'static str, raw: &str) -> Result<Url, ConfigError> {
    // The URL is not echoed back: it may contain credentials.
    let mut url = Url::parse(raw)
        .map_err(|err| ConfigError::invalid(setting, format!("is not a valid URL ({err})")))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(ConfigError::invalid(setting, "must use http or https"));
    }
    if url.host().is_none() {
        return Err(ConfigError::invalid(setting, "must have a host"));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(ConfigError::invalid(
            setting,
            "must not have a query or fragment",
        ));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(ConfigError::invalid(
            setting,
            "must not contain credentials",
        ));
    }
    // Operation paths start with '/', so a trailing slash would double it.
    let trimmed = url.path().trim_end_matches('/').to_owned();
    url.set_path(&trimmed);
    Ok(url)
}

fn positive(setting: &'static str, duration: Duration) -> Result<Duration, ConfigError> {
    if duration.is_zero() {
        return Err(ConfigError::invalid(setting, "must be greater than zero"));
    }
    Ok(duration)
}

fn idempotency_header(raw: &str) -> Result<HeaderName, ConfigError> {
    const SETTING: &str = "idempotency_header";
    let name = HeaderName::from_bytes(raw.as_bytes())
        .map_err(|_| ConfigError::invalid(SETTING, "is not a valid header name"))?;
    if RESERVED_HEADERS.contains(&name.as_str()) {
        return Err(ConfigError::invalid(
            SETTING,
            format!("`{name}` is set by the client itself"),
        ));
    }
    Ok(name)
}

fn user_agent(product: Option<&str>) -> Result<HeaderValue, ConfigError> {
    const SETTING: &str = "user_agent";
    let base = concat!("fyno-rust/", env!("CARGO_PKG_VERSION"));
    let Some(product) = product else {
        return Ok(HeaderValue::from_static(base));
    };
    check_text(SETTING, product)?;
    if !product.bytes().all(|b| b == b' ' || b.is_ascii_graphic()) {
        return Err(ConfigError::invalid(
            SETTING,
            "must contain only visible ASCII characters and spaces",
        ));
    }
    HeaderValue::try_from(format!("{base} {product}"))
        .map_err(|_| ConfigError::invalid(SETTING, "is not a valid header value"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    const KEY: &str = "sk_test_9f8e7d6c5b4a";

    fn builder() -> ClientBuilder {
        ClientBuilder::new().workspace_id("WS1").api_key(KEY)
    }

    fn invalid_setting(result: Result<Config, ConfigError>) -> &'static str {
        match result {
            Err(ConfigError::Invalid { setting, reason }) => {
                assert!(!reason.contains(KEY));
                setting
            }
            other => panic!("expected an invalid setting, got {other:?}"),
        }
    }

    fn env(vars: &[(&'static str, &str)]) -> impl Fn(&'static str) -> Result<String, VarError> {
        let vars: HashMap<&'static str, String> =
            vars.iter().map(|(k, v)| (*k, (*v).to_owned())).collect();
        move |name| vars.get(name).cloned().ok_or(VarError::NotPresent)
    }

    #[test]
    fn defaults() {
        let config = builder().into_config().unwrap();
        assert_eq!(config.workspace_id, "WS1");
        assert_eq!(config.version, Version::Live);
        assert_eq!(config.base_url.as_str(), "https://api.fyno.io/v1");
        assert_eq!(config.attempt_timeout, DEFAULT_ATTEMPT_TIMEOUT);
        assert_eq!(config.deadline, DEFAULT_DEADLINE);
        assert_eq!(config.retry_policy, RetryPolicy::default());
        assert_eq!(config.idempotency_header, "idempotency-key");
        assert_eq!(
            config.user_agent,
            concat!("fyno-rust/", env!("CARGO_PKG_VERSION"))
        );
        assert_eq!(config.authorization, format!("Bearer {KEY}").as_str());
        assert!(config.authorization.is_sensitive());
    }

    #[test]
    fn missing_required_settings() {
        let err = ClientBuilder::new().api_key(KEY).into_config().unwrap_err();
        assert!(matches!(
            err,
            ConfigError::Missing {
                setting: "workspace_id"
            }
        ));
        let err = ClientBuilder::new()
            .workspace_id("WS1")
            .into_config()
            .unwrap_err();
        assert!(matches!(err, ConfigError::Missing { setting: "api_key" }));
        assert_eq!(err.to_string(), "missing required setting `api_key`");
        assert_eq!(err.setting(), Some("api_key"));
    }

    #[test]
    fn empty_and_padded_values_are_rejected() {
        assert_eq!(
            invalid_setting(builder().workspace_id("").into_config()),
            "workspace_id"
        );
        assert_eq!(
            invalid_setting(builder().workspace_id("  ").into_config()),
            "workspace_id"
        );
        assert_eq!(
            invalid_setting(builder().workspace_id("..").into_config()),
            "workspace_id"
        );
        assert_eq!(
            invalid_setting(builder().api_key("").into_config()),
            "api_key"
        );
        assert_eq!(
            invalid_setting(builder().api_key(format!("{KEY}\n")).into_config()),
            "api_key"
        );
        assert_eq!(
            invalid_setting(
                builder()
                    .version(Version::Other(String::new()))
                    .into_config()
            ),
            "version"
        );
        assert_eq!(
            invalid_setting(builder().user_agent("").into_config()),
            "user_agent"
        );
    }

    #[test]
    fn invalid_header_values_never_echo_the_key() {
        for bad in ["sk\u{7f}bad", "sk bad", "sk\u{e9}", "sk\u{0}x"] {
            let err = builder().api_key(bad).into_config().unwrap_err();
            let shown = format!("{err} {err:?}");
            assert!(!shown.contains(bad), "{shown}");
            assert_eq!(err.setting(), Some("api_key"));
        }
        assert_eq!(
            invalid_setting(builder().user_agent("app\n/1").into_config()),
            "user_agent"
        );
        assert_eq!(
            invalid_setting(builder().idempotency_header("bad header").into_config()),
            "idempotency_header"
        );
        assert_eq!(
            invalid_setting(builder().idempotency_header("Authorization").into_config()),
            "idempotency_header"
        );
    }

    #[test]
    fn custom_settings_are_applied() {
        let config = builder()
            .version(Version::Test)
            .base_url("http://127.0.0.1:8080/api/v1/")
            .attempt_timeout(Duration::from_secs(3))
            .deadline(Duration::from_secs(9))
            .retry_policy(RetryPolicy::none())
            .idempotency_header("X-Idempotency-Key")
            .user_agent("my-app/1.2")
            .into_config()
            .unwrap();
        assert_eq!(config.version, Version::Test);
        assert_eq!(config.base_url.as_str(), "http://127.0.0.1:8080/api/v1");
        assert_eq!(config.attempt_timeout, Duration::from_secs(3));
        assert_eq!(config.deadline, Duration::from_secs(9));
        assert_eq!(config.retry_policy, RetryPolicy::none());
        assert_eq!(config.idempotency_header, "x-idempotency-key");
        assert!(config.user_agent.to_str().unwrap().ends_with(" my-app/1.2"));
    }

    #[test]
    fn base_url_validation() {
        let ok = |raw: &str| builder().base_url(raw).into_config().unwrap().base_url;
        assert_eq!(ok("https://api.fyno.io").as_str(), "https://api.fyno.io/");
        assert_eq!(ok("https://api.fyno.io/").as_str(), "https://api.fyno.io/");
        assert_eq!(
            ok("https://api.fyno.io/v1//").as_str(),
            "https://api.fyno.io/v1"
        );
        let url = Url::parse("https://eu.fyno.io/v1").unwrap();
        assert_eq!(
            builder().base_url(&url).into_config().unwrap().base_url,
            url
        );
        for bad in [
            "",
            "api.fyno.io/v1",
            "ftp://api.fyno.io/v1",
            "https://api.fyno.io/v1?x=1",
            "https://api.fyno.io/v1?",
            "https://api.fyno.io/v1#frag",
            "https://user:pass@api.fyno.io/v1",
            "mailto:ops@fyno.io",
            "https://",
        ] {
            let err = builder().base_url(bad).into_config().unwrap_err();
            assert_eq!(err.setting(), Some("base_url"), "{bad:?}: {err}");
            assert!(!err.to_string().contains("pass"), "{err}");
        }
    }

    #[test]
    fn timeouts_must_be_positive_and_connect_timeout_needs_our_client() {
        assert_eq!(
            invalid_setting(builder().attempt_timeout(Duration::ZERO).into_config()),
            "attempt_timeout"
        );
        assert_eq!(
            invalid_setting(builder().deadline(Duration::ZERO).into_config()),
            "deadline"
        );
        assert_eq!(
            invalid_setting(builder().connect_timeout(Duration::ZERO).into_config()),
            "connect_timeout"
        );
        assert_eq!(
            invalid_setting(
                builder()
                    .http_client(reqwest::Client::new())
                    .connect_timeout(Duration::from_secs(1))
                    .into_config()
            ),
            "connect_timeout"
        );
        assert!(
            builder()
                .http_client(reqwest::Client::new())
                .into_config()
                .is_ok()
        );
    }

    #[test]
    fn debug_never_shows_the_key() {
        let builder = builder();
        let config = builder.clone().into_config().unwrap();
        let client = builder.clone().build().unwrap();
        for shown in [
            format!("{builder:?}"),
            format!("{builder:#?}"),
            format!("{config:?}"),
            format!("{config:#?}"),
            format!("{client:?}"),
            format!("{client:#?}"),
        ] {
            assert!(!shown.contains(KEY), "{shown}");
            assert!(!shown.contains("sk_test"), "{shown}");
            assert!(shown.contains("***"), "{shown}");
        }
    }

    #[test]
    fn from_env_reads_every_variable() {
        let builder = ClientBuilder::from_lookup(env(&[
            (ENV_WORKSPACE_ID, "WS9"),
            (ENV_API_KEY, KEY),
            (ENV_VERSION, "test"),
            (ENV_BASE_URL, "http://localhost:9000/v1"),
        ]))
        .unwrap();
        let config = builder.into_config().unwrap();
        assert_eq!(config.workspace_id, "WS9");
        assert_eq!(config.version, Version::Test);
        assert_eq!(config.base_url.as_str(), "http://localhost:9000/v1");
        assert_eq!(config.authorization, format!("Bearer {KEY}").as_str());

        let config =
            ClientBuilder::from_lookup(env(&[(ENV_WORKSPACE_ID, "WS9"), (ENV_API_KEY, KEY)]))
                .unwrap()
                .into_config()
                .unwrap();
        assert_eq!(config.version, Version::Live);
        assert_eq!(Some(config.base_url.as_str()), DEFAULT_BASE_URL);
    }

    #[test]
    fn from_env_errors_name_the_variable() {
        let missing = |vars: &[(&'static str, &str)]| {
            ClientBuilder::from_lookup(env(vars))
                .and_then(ClientBuilder::into_config)
                .unwrap_err()
        };
        let err = missing(&[(ENV_API_KEY, KEY)]);
        assert!(matches!(
            err,
            ConfigError::Missing {
                setting: "FYNO_WSID"
            }
        ));
        assert!(err.to_string().contains("FYNO_WSID"));
        let err = missing(&[(ENV_WORKSPACE_ID, "WS1")]);
        assert!(matches!(
            err,
            ConfigError::Missing {
                setting: "FYNO_API_KEY"
            }
        ));
        let err = missing(&[(ENV_WORKSPACE_ID, "WS1"), (ENV_API_KEY, "")]);
        assert_eq!(err.setting(), Some("FYNO_API_KEY"));
        let err = missing(&[
            (ENV_WORKSPACE_ID, "WS1"),
            (ENV_API_KEY, KEY),
            (ENV_VERSION, "Live"),
        ]);
        assert_eq!(err.setting(), Some("FYNO_VERSION"));
        assert!(err.to_string().contains("\"Live\""), "{err}");
        let err = missing(&[
            (ENV_WORKSPACE_ID, "WS1"),
            (ENV_API_KEY, KEY),
            (ENV_BASE_URL, "nope"),
        ]);
        assert_eq!(err.setting(), Some("FYNO_ENDPOINT"));
        let err = ClientBuilder::from_lookup(|name| {
            if name == ENV_API_KEY {
                Err(VarError::NotUnicode(std::ffi::OsString::from("x")))
            } else {
                Err(VarError::NotPresent)
            }
        })
        .unwrap_err();
        assert_eq!(err.setting(), Some("FYNO_API_KEY"));
        // A builder setter after from_env reports the builder's name.
        let err = ClientBuilder::from_lookup(env(&[(ENV_WORKSPACE_ID, "WS1")]))
            .unwrap()
            .api_key("")
            .into_config()
            .unwrap_err();
        assert_eq!(err.setting(), Some("api_key"));
    }
}
