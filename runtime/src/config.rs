//! Client configuration: the generic part of every generated `ClientBuilder`,
//! its validation, and helpers for the settings a spec adds (path parameters
//! bound to the client, server variables).
//!
//! Everything that can be checked once is checked in [`CoreBuilder::build`]
//! (and the resulting header values are built there), so a request never
//! fails because of a configuration mistake and the hot path only clones
//! prepared values.

use std::fmt;
use std::time::Duration;

use reqwest::Url;
use reqwest::header::{HeaderName, HeaderValue};

use std::collections::BTreeMap;

use crate::auth::{Credential, Prepared, SchemeSpec};

use crate::config_error::{ConfigError, check_text, one_of};
use crate::env::Env;
use crate::retry::RetryPolicy;

/// Default limit for establishing a connection.
pub(crate) const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Default limit for one attempt, including reading the response body.
pub(crate) const DEFAULT_ATTEMPT_TIMEOUT: Duration = Duration::from_secs(30);
/// Default limit for a whole call, including retries and backoff sleeps.
pub(crate) const DEFAULT_DEADLINE: Duration = Duration::from_secs(120);
/// Header that carries idempotency keys unless configured otherwise.
pub(crate) const DEFAULT_IDEMPOTENCY_HEADER: &str = "Idempotency-Key";

/// Header names the idempotency header may not take: those the client sets
/// itself, those that frame or route the message (a key sent as
/// `Transfer-Encoding` or `Content-Length` breaks the body framing on the
/// wire), hop-by-hop headers (RFC 9110 §7.6.1, dropped or acted on by
/// proxies) and credentials. Lower case, as `HeaderName` normalises.
const RESERVED_HEADERS: [&str; 22] = [
    // Set by the client on every request.
    "authorization",
    "accept",
    "content-type",
    "content-length",
    "user-agent",
    // Message framing and routing.
    "host",
    "transfer-encoding",
    "content-encoding",
    "expect",
    "trailer",
    // Hop-by-hop.
    "connection",
    "keep-alive",
    "proxy-connection",
    "te",
    "upgrade",
    "proxy-authorization",
    "proxy-authenticate",
    // Credentials and state a proxy or server treats specially.
    "cookie",
    "cookie2",
    "set-cookie",
    "www-authenticate",
    "forwarded",
];

/// One setting's value and the name errors about it use: the builder
/// method that set it, or the environment variable it was read from.
#[derive(Clone)]
pub struct Setting<T> {
    value: Option<T>,
    name: &'static str,
}

impl<T> Setting<T> {
    /// Not set; errors name `builder_method`.
    pub const fn unset(builder_method: &'static str) -> Self {
        Self {
            value: None,
            name: builder_method,
        }
    }

    /// Sets the value, which came from `name` (a builder method or variable).
    pub fn set(&mut self, value: T, name: &'static str) {
        self.value = Some(value);
        self.name = name;
    }

    /// Takes the value read from environment variable `name`, if it was
    /// set; either way errors now name the variable, which is what a user
    /// of `from_env` has to fix.
    pub fn read(&mut self, value: Option<T>, name: &'static str) {
        self.name = name;
        if value.is_some() {
            self.value = value;
        }
    }

    /// The value and its source's name, or [`ConfigError::Missing`] naming
    /// the source to fix.
    pub fn required(self) -> Result<(T, &'static str), ConfigError> {
        match self.value {
            Some(value) => Ok((value, self.name)),
            None => Err(ConfigError::Missing { setting: self.name }),
        }
    }

    /// The value, or `default` when unset, and the source's name.
    pub fn or_else(self, default: impl FnOnce() -> T) -> (T, &'static str) {
        (self.value.unwrap_or_else(default), self.name)
    }
}

impl<T: fmt::Debug> fmt::Debug for Setting<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.value, f)
    }
}

/// What a generated client tells the runtime about its API.
#[derive(Clone, Debug)]
pub struct CoreSpec {
    /// The base URL when none is configured: the spec's first server URL
    /// with its variables filled in, if the spec lists a server.
    pub default_base_url: Option<String>,
    /// The API's security schemes, indexed as operations' requirements
    /// ([`Request::security`](crate::__private::Request::security)) refer to them.
    pub schemes: &'static [SchemeSpec],
    /// The `User-Agent` product token, e.g. `fyno-rust/0.1.0`.
    pub user_agent: &'static str,
}

/// A caller's customisation of the HTTP client (see [`CoreBuilder::http_client`]);
/// shared, so builders stay cheap to clone.
#[derive(Clone)]
struct HttpCustomizer(
    std::sync::Arc<dyn Fn(reqwest::ClientBuilder) -> reqwest::ClientBuilder + Send + Sync>,
);

impl std::fmt::Debug for HttpCustomizer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("HttpCustomizer(..)")
    }
}

/// The settings every generated client has: credential, base URL, timeouts,
/// retries, idempotency header, user agent and HTTP client.
///
/// `Debug` output shows the API key as `***`.
#[derive(Clone, Debug)]
pub struct CoreBuilder {
    /// Credentials by scheme index.
    credentials: BTreeMap<usize, Setting<Credential>>,
    base_url: Setting<String>,
    connect_timeout: Option<Duration>,
    attempt_timeout: Option<Duration>,
    deadline: Option<Duration>,
    retry_policy: Option<RetryPolicy>,
    idempotency_header: Option<String>,
    user_agent: Option<String>,
    http_client: Option<HttpCustomizer>,
    max_body_bytes: Option<u64>,
    allow_insecure_http: bool,
}

impl Default for CoreBuilder {
    fn default() -> Self {
        Self {
            credentials: BTreeMap::new(),
            base_url: Setting::unset("base_url"),
            connect_timeout: None,
            attempt_timeout: None,
            deadline: None,
            retry_policy: None,
            idempotency_header: None,
            user_agent: None,
            http_client: None,
            max_body_bytes: None,
            allow_insecure_http: false,
        }
    }
}

impl CoreBuilder {
    /// Every setting at its default.
    pub fn new() -> Self {
        Self::default()
    }

    /// Reads the credential (when the API has one) and the base URL from the
    /// environment.
    pub fn read_env<F>(
        mut self,
        env: &Env<F>,
        api_key: Option<&'static str>,
        base_url: &'static str,
    ) -> Result<Self, ConfigError>
    where
        F: Fn(&'static str) -> Result<String, std::env::VarError>,
    {
        if let Some(variable) = api_key {
            self = self.read_credential(env, 0, variable)?;
        }
        let url = env.read(base_url)?;
        self.base_url.read(url, base_url);
        Ok(self)
    }

    /// Sets the API key of the first security scheme (the only one of an
    /// API with a single bearer scheme), named `api_key` in errors.
    pub fn api_key(self, api_key: String) -> Self {
        self.credential(0, Credential::secret(api_key), "api_key")
    }

    /// Sets the credential of scheme `scheme` (an index into
    /// [`CoreSpec::schemes`]); errors name `setter`.
    pub fn credential(
        mut self,
        scheme: usize,
        credential: Credential,
        setter: &'static str,
    ) -> Self {
        self.credentials
            .entry(scheme)
            .or_insert_with(|| Setting::unset(setter))
            .set(credential, setter);
        self
    }

    /// Reads the secret (token or API key) of scheme `scheme` from `variable`.
    pub fn read_credential<F>(
        mut self,
        env: &Env<F>,
        scheme: usize,
        variable: &'static str,
    ) -> Result<Self, ConfigError>
    where
        F: Fn(&'static str) -> Result<String, std::env::VarError>,
    {
        let secret = env.read(variable)?.map(Credential::secret);
        self.credentials
            .entry(scheme)
            .or_insert_with(|| Setting::unset(variable))
            .read(secret, variable);
        Ok(self)
    }

    /// Reads HTTP basic credentials of scheme `scheme` from two variables;
    /// setting only one of them is an error naming the other.
    pub fn read_basic_credential<F>(
        mut self,
        env: &Env<F>,
        scheme: usize,
        username: &'static str,
        password: &'static str,
    ) -> Result<Self, ConfigError>
    where
        F: Fn(&'static str) -> Result<String, std::env::VarError>,
    {
        let credential = match (env.read(username)?, env.read(password)?) {
            (Some(user), Some(pass)) => Some(Credential::basic(user, pass)),
            (None, None) => None,
            (Some(_), None) => return Err(ConfigError::Missing { setting: password }),
            (None, Some(_)) => return Err(ConfigError::Missing { setting: username }),
        };
        self.credentials
            .entry(scheme)
            .or_insert_with(|| Setting::unset(username))
            .read(credential, username);
        Ok(self)
    }

    /// Overrides the base URL.
    pub fn base_url(mut self, base_url: &str) -> Self {
        self.base_url.set(base_url.to_owned(), "base_url");
        self
    }

    /// Limits establishing a connection.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// Limits each attempt.
    pub fn attempt_timeout(mut self, timeout: Duration) -> Self {
        self.attempt_timeout = Some(timeout);
        self
    }

    /// Limits a whole call.
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = Some(deadline);
        self
    }

    /// Sets the retry policy of every call.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry_policy = Some(policy);
        self
    }

    /// Sets the header that carries idempotency keys.
    pub fn idempotency_header(mut self, name: String) -> Self {
        self.idempotency_header = Some(name);
        self
    }

    /// Appends a product token to the `User-Agent`.
    pub fn user_agent(mut self, product: String) -> Self {
        self.user_agent = Some(product);
        self
    }

    /// Customises the HTTP client: `configure` gets the runtime's
    /// `reqwest::ClientBuilder` (with the connect timeout already set) and
    /// returns it with proxies, TLS roots, default headers, pool settings….
    /// The runtime then finishes it: redirects are never followed, whatever
    /// `configure` set. A function of the builder, not a built
    /// `reqwest::Client`, because a client that follows redirects would
    /// re-issue a request to another origin before the runtime could refuse it.
    pub fn http_client(
        mut self,
        configure: impl Fn(reqwest::ClientBuilder) -> reqwest::ClientBuilder + Send + Sync + 'static,
    ) -> Self {
        self.http_client = Some(HttpCustomizer(std::sync::Arc::new(configure)));
        self
    }

    /// Limits how much of a response body is read (see
    /// [`DEFAULT_MAX_BODY_BYTES`](crate::body_limit::DEFAULT_MAX_BODY_BYTES)).
    pub fn max_body_bytes(mut self, limit: u64) -> Self {
        self.max_body_bytes = Some(limit);
        self
    }

    /// Allows a plain `http://` base URL on a non-loopback host, which sends
    /// the API key and every payload in clear text. Loopback hosts
    /// (`localhost`, `127.0.0.0/8`, `::1`) are always allowed, for tests and
    /// local mocks.
    pub fn allow_insecure_http(mut self, allow: bool) -> Self {
        self.allow_insecure_http = allow;
        self
    }

    pub(crate) fn into_config(self, spec: CoreSpec) -> Result<Config, ConfigError> {
        let credentials = credentials(self.credentials, spec.schemes)?;

        let base_url_name = self.base_url.name;
        let base_url = match (self.base_url.value, spec.default_base_url) {
            (Some(url), _) | (None, Some(url)) => url,
            (None, None) => {
                return Err(ConfigError::Missing {
                    setting: base_url_name,
                });
            }
        };
        let base_url = parse_base_url(base_url_name, &base_url)?;
        if !self.allow_insecure_http && !is_secure_or_loopback(&base_url) {
            return Err(ConfigError::invalid(
                base_url_name,
                "uses plain `http` on a non-loopback host, which would send the API key \
                 in clear text; use `https`, or opt in with `allow_insecure_http(true)`",
            ));
        }

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

        let user_agent = user_agent(spec.user_agent, self.user_agent.as_deref())?;

        let mut http = reqwest::Client::builder().connect_timeout(positive(
            "connect_timeout",
            self.connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT),
        )?);
        if let Some(customizer) = &self.http_client {
            http = (customizer.0)(http);
        }
        let http = http
            // Last, so no customisation can undo it: an API client surfaces a
            // redirect as an error rather than silently re-send (possibly as
            // another method, to another origin).
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|source| ConfigError::HttpClient { source })?;

        let max_body_bytes = self
            .max_body_bytes
            .unwrap_or(crate::body_limit::DEFAULT_MAX_BODY_BYTES);
        if max_body_bytes == 0 {
            return Err(ConfigError::invalid(
                "max_body_bytes",
                "must be greater than zero",
            ));
        }

        Ok(Config {
            base_url,
            max_body_bytes,
            attempt_timeout,
            deadline,
            retry_policy: self.retry_policy.unwrap_or_default(),
            idempotency_header,
            schemes: spec.schemes,
            credentials,
            user_agent,
            http,
        })
    }
}

/// A validated configuration with its header values prepared.
#[derive(Clone)]
pub(crate) struct Config {
    /// Normalised: http(s), no query, fragment or credentials, no trailing
    /// slash unless the path is just `/`.
    pub(crate) base_url: Url,
    pub(crate) attempt_timeout: Duration,
    pub(crate) deadline: Duration,
    /// The most bytes of a success body read into memory.
    pub(crate) max_body_bytes: u64,
    pub(crate) retry_policy: RetryPolicy,
    pub(crate) idempotency_header: HeaderName,
    /// The API's security schemes.
    pub(crate) schemes: &'static [SchemeSpec],
    /// Each scheme's credential, checked and prepared; `None` when not
    /// configured (only possible for a scheme that is not required).
    pub(crate) credentials: Vec<Option<Prepared>>,
    pub(crate) user_agent: HeaderValue,
    pub(crate) http: reqwest::Client,
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("base_url", &self.base_url.as_str())
            .field("attempt_timeout", &self.attempt_timeout)
            .field("deadline", &self.deadline)
            .field("max_body_bytes", &self.max_body_bytes)
            .field("retry_policy", &self.retry_policy)
            .field("idempotency_header", &self.idempotency_header)
            .field("credentials", &self.credentials)
            .field("user_agent", &self.user_agent)
            .finish_non_exhaustive()
    }
}

/// Checks a setting that fills a path segment (such as a workspace id):
/// non-empty, not padded, and not `.` or `..`, which URL parsers resolve
/// into a different route.
pub fn check_path_setting(setting: &'static str, value: &str) -> Result<(), ConfigError> {
    check_text(setting, value)?;
    if matches!(value, "." | "..") {
        return Err(ConfigError::invalid(setting, "must not be `.` or `..`"));
    }
    Ok(())
}

/// Checks a server variable: non-empty, not padded, and one of `allowed`
/// when the spec lists its values (an empty list allows any).
pub fn check_server_variable(
    setting: &'static str,
    value: &str,
    allowed: &[&str],
) -> Result<(), ConfigError> {
    check_text(setting, value)?;
    if !allowed.is_empty() && !allowed.contains(&value) {
        return Err(ConfigError::invalid(
            setting,
            format!("must be {}, got {value:?}", one_of(allowed)),
        ));
    }
    Ok(())
}

/// Fills the `{name}` variables of a server URL template. Unknown names are
/// left as written, so the URL check reports them.
pub fn expand_server_url(template: &str, variables: &[(&str, &str)]) -> String {
    let mut url = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let (before, after) = rest.split_at(open);
        url.push_str(before);
        let Some(close) = after.find('}') else {
            rest = after;
            break;
        };
        let name = &after[1..close];
        match variables.iter().find(|(n, _)| *n == name) {
            Some((_, value)) => url.push_str(value),
            None => url.push_str(&after[..=close]),
        }
        rest = &after[close + 1..];
    }
    // `rest` starts at an unclosed `{` or is what follows the last variable.
    url.push_str(rest);
    url
}

/// Checks and prepares each scheme's credential: a required one must be
/// given, one that is given must fit its scheme. Errors never include the
/// secret.
fn credentials(
    mut given: BTreeMap<usize, Setting<Credential>>,
    schemes: &[SchemeSpec],
) -> Result<Vec<Option<Prepared>>, ConfigError> {
    let mut prepared = Vec::with_capacity(schemes.len());
    for (index, scheme) in schemes.iter().enumerate() {
        let setting = given
            .remove(&index)
            .unwrap_or_else(|| Setting::unset(scheme.setting));
        let credential = match (setting.value, scheme.required) {
            (Some(credential), _) => Some(crate::auth::prepare(scheme, setting.name, credential)?),
            (None, true) => {
                return Err(ConfigError::Missing {
                    setting: setting.name,
                });
            }
            (None, false) => None,
        };
        prepared.push(credential);
    }
    Ok(prepared)
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

/// Whether a base URL may carry the credential: `https`, or `http` to a
/// loopback host (which never leaves the machine).
fn is_secure_or_loopback(url: &Url) -> bool {
    if url.scheme() == "https" {
        return true;
    }
    let Some(host) = url.host_str() else {
        return false;
    };
    // IPv6 hosts come bracketed, e.g. `[::1]`.
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
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
            format!(
                "`{name}` is reserved (set by the client, framing, hop-by-hop or credentials); \
                 choose an application header such as `Idempotency-Key`"
            ),
        ));
    }
    Ok(name)
}

fn user_agent(base: &'static str, product: Option<&str>) -> Result<HeaderValue, ConfigError> {
    const SETTING: &str = "user_agent";
    let Some(product) = product else {
        // In place, so the per-request copies share it without counting.
        return crate::headers::static_value(base).map_err(|_| {
            ConfigError::invalid(
                SETTING,
                "the generated product token is not a valid header value",
            )
        });
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
    use std::collections::BTreeMap;
    use std::env::VarError;

    const KEY: &str = "sk_test_9f8e7d6c5b4a";
    const API_KEY_VAR: &str = "PETS_API_KEY";
    const ENDPOINT_VAR: &str = "PETS_ENDPOINT";
    const DEFAULT_URL: &str = "https://api.example.com/v1";

    fn spec() -> CoreSpec {
        CoreSpec {
            default_base_url: Some(DEFAULT_URL.to_owned()),
            schemes: bearer(true),
            user_agent: "pets-rust/1.2.3",
        }
    }

    fn builder() -> CoreBuilder {
        CoreBuilder::new().api_key(KEY.to_owned())
    }

    fn bearer(required: bool) -> &'static [SchemeSpec] {
        const REQUIRED: &[SchemeSpec] = &[SchemeSpec {
            scheme: crate::auth::Scheme::Bearer,
            setting: "api_key",
            required: true,
        }];
        const OPTIONAL: &[SchemeSpec] = &[SchemeSpec {
            scheme: crate::auth::Scheme::Bearer,
            setting: "api_key",
            required: false,
        }];
        if required { REQUIRED } else { OPTIONAL }
    }

    /// The prepared `Authorization` header of scheme 0, if any.
    fn authorization(config: &Config) -> Option<HeaderValue> {
        match config.credentials.first()? {
            Some(Prepared::Header(_, value)) => Some(value.clone()),
            _ => None,
        }
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

    fn env(
        vars: &[(&'static str, &str)],
    ) -> Env<impl Fn(&'static str) -> Result<String, VarError>> {
        let vars: BTreeMap<&'static str, String> =
            vars.iter().map(|(k, v)| (*k, (*v).to_owned())).collect();
        Env::new(move |name| vars.get(name).cloned().ok_or(VarError::NotPresent))
    }

    fn from_env(vars: &[(&'static str, &str)]) -> Result<Config, ConfigError> {
        CoreBuilder::new()
            .read_env(&env(vars), Some(API_KEY_VAR), ENDPOINT_VAR)?
            .into_config(spec())
    }

    #[test]
    fn defaults() {
        let config = builder().into_config(spec()).unwrap();
        assert_eq!(config.base_url.as_str(), DEFAULT_URL);
        assert_eq!(config.attempt_timeout, DEFAULT_ATTEMPT_TIMEOUT);
        assert_eq!(config.deadline, DEFAULT_DEADLINE);
        assert_eq!(config.retry_policy, RetryPolicy::default());
        assert_eq!(config.idempotency_header, "idempotency-key");
        assert_eq!(config.user_agent, "pets-rust/1.2.3");
        let authorization = authorization(&config).unwrap();
        assert_eq!(authorization, format!("Bearer {KEY}").as_str());
        assert!(authorization.is_sensitive());
    }

    #[test]
    fn missing_required_settings() {
        let err = CoreBuilder::new().into_config(spec()).unwrap_err();
        assert!(matches!(err, ConfigError::Missing { setting: "api_key" }));
        assert_eq!(err.to_string(), "missing required setting `api_key`");
        assert_eq!(err.setting(), Some("api_key"));
        let no_server = CoreSpec {
            default_base_url: None,
            ..spec()
        };
        let err = builder().into_config(no_server.clone()).unwrap_err();
        assert!(matches!(
            err,
            ConfigError::Missing {
                setting: "base_url"
            }
        ));
        assert!(
            builder()
                .base_url(DEFAULT_URL)
                .into_config(no_server)
                .is_ok()
        );
    }

    #[test]
    fn the_credential_is_optional_when_no_operation_needs_it() {
        let open = CoreSpec {
            schemes: bearer(false),
            ..spec()
        };
        let config = CoreBuilder::new().into_config(open.clone()).unwrap();
        assert!(authorization(&config).is_none());
        // A key that is given anyway is still validated and sent.
        assert_eq!(
            invalid_setting(
                CoreBuilder::new()
                    .api_key(String::new())
                    .into_config(open.clone())
            ),
            "api_key"
        );
        assert!(authorization(&builder().into_config(open).unwrap()).is_some());
    }

    #[test]
    fn empty_and_padded_values_are_rejected() {
        assert_eq!(
            invalid_setting(builder().api_key(String::new()).into_config(spec())),
            "api_key"
        );
        assert_eq!(
            invalid_setting(builder().api_key(format!("{KEY}\n")).into_config(spec())),
            "api_key"
        );
        assert_eq!(
            invalid_setting(builder().user_agent(String::new()).into_config(spec())),
            "user_agent"
        );
    }

    #[test]
    fn path_settings_reject_empty_padded_and_dot_segments() {
        for bad in ["", "  ", " WS1", ".", ".."] {
            let err = check_path_setting("workspace_id", bad).unwrap_err();
            assert_eq!(err.setting(), Some("workspace_id"), "{bad:?}");
        }
        assert!(check_path_setting("workspace_id", "WS1").is_ok());
        assert!(check_path_setting("workspace_id", "...").is_ok());
    }

    #[test]
    fn server_variables_are_checked_against_their_values() {
        assert!(check_server_variable("region", "eu", &["eu", "us"]).is_ok());
        assert!(check_server_variable("base_path", "anything", &[]).is_ok());
        let err = check_server_variable("PETS_REGION", "EU", &["eu", "us"]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid `PETS_REGION`: must be `eu` or `us`, got \"EU\""
        );
        let err = check_server_variable("region", "", &[]).unwrap_err();
        assert_eq!(err.setting(), Some("region"));
        assert_eq!(one_of(&["a", "b", "c"]), "one of `a`, `b`, `c`");
        assert_eq!(one_of(&["a"]), "`a`");
    }

    #[test]
    fn server_url_templates_are_expanded() {
        let vars = [("region", "eu"), ("version", "v2")];
        assert_eq!(
            expand_server_url("https://{region}.example.com/{version}/api", &vars),
            "https://eu.example.com/v2/api"
        );
        assert_eq!(expand_server_url("https://x.test", &vars), "https://x.test");
        assert_eq!(
            expand_server_url("https://{unknown}.test/{region", &vars),
            "https://{unknown}.test/{region"
        );
    }

    #[test]
    fn settings_report_the_name_of_their_source() {
        let mut setting = Setting::unset("workspace_id");
        assert!(matches!(
            setting.clone().required(),
            Err(ConfigError::Missing {
                setting: "workspace_id"
            })
        ));
        setting.set("WS1".to_owned(), "FYNO_WSID");
        assert_eq!(format!("{setting:?}"), "Some(\"WS1\")");
        assert_eq!(
            setting.clone().required().unwrap(),
            ("WS1".to_owned(), "FYNO_WSID")
        );
        let unset: Setting<String> = Setting::unset("version");
        assert_eq!(
            unset.or_else(|| "live".to_owned()),
            ("live".to_owned(), "version")
        );
    }

    #[test]
    fn invalid_header_values_never_echo_the_key() {
        for bad in ["sk\u{7f}bad", "sk bad", "sk\u{e9}", "sk\u{0}x"] {
            let err = builder()
                .api_key(bad.to_owned())
                .into_config(spec())
                .unwrap_err();
            let shown = format!("{err} {err:?}");
            assert!(!shown.contains(bad), "{shown}");
            assert_eq!(err.setting(), Some("api_key"));
        }
        assert_eq!(
            invalid_setting(
                builder()
                    .user_agent("app\n/1".to_owned())
                    .into_config(spec())
            ),
            "user_agent"
        );
        assert_eq!(
            invalid_setting(
                builder()
                    .idempotency_header("bad header".to_owned())
                    .into_config(spec())
            ),
            "idempotency_header"
        );
        assert_eq!(
            invalid_setting(
                builder()
                    .idempotency_header("Authorization".to_owned())
                    .into_config(spec())
            ),
            "idempotency_header"
        );
    }

    #[test]
    fn custom_settings_are_applied() {
        let config = builder()
            .base_url("http://127.0.0.1:8080/api/v1/")
            .attempt_timeout(Duration::from_secs(3))
            .deadline(Duration::from_secs(9))
            .retry_policy(RetryPolicy::none())
            .idempotency_header("X-Idempotency-Key".to_owned())
            .user_agent("my-app/1.2".to_owned())
            .into_config(spec())
            .unwrap();
        assert_eq!(config.base_url.as_str(), "http://127.0.0.1:8080/api/v1");
        assert_eq!(config.attempt_timeout, Duration::from_secs(3));
        assert_eq!(config.deadline, Duration::from_secs(9));
        assert_eq!(config.retry_policy, RetryPolicy::none());
        assert_eq!(config.idempotency_header, "x-idempotency-key");
        assert_eq!(config.user_agent, "pets-rust/1.2.3 my-app/1.2");
    }

    #[test]
    fn reserved_and_hop_by_hop_idempotency_headers_are_refused() {
        for name in [
            "Transfer-Encoding",
            "Connection",
            "TE",
            "Upgrade",
            "Host",
            "Content-Length",
            "Authorization",
            "Cookie",
            "Keep-Alive",
            "Proxy-Authorization",
        ] {
            let err = builder()
                .idempotency_header(name.to_owned())
                .into_config(spec())
                .unwrap_err();
            assert_eq!(err.setting(), Some("idempotency_header"), "{name}");
            assert!(err.to_string().contains("reserved"), "{name}: {err}");
        }
        for name in ["Idempotency-Key", "X-Request-Key"] {
            assert!(
                builder()
                    .idempotency_header(name.to_owned())
                    .into_config(spec())
                    .is_ok(),
                "{name}"
            );
        }
    }

    #[test]
    fn plain_http_needs_an_opt_in_except_on_loopback() {
        for loopback in [
            "http://localhost:8080",
            "http://LOCALHOST",
            "http://127.0.0.1:9",
            "http://127.8.9.10",
            "http://[::1]:8080/v1",
        ] {
            assert!(
                builder().base_url(loopback).into_config(spec()).is_ok(),
                "{loopback}"
            );
        }
        for remote in [
            "http://api.example.com/v1",
            "http://10.0.0.1",
            "http://[2001:db8::1]",
            "http://localhost.example.com",
        ] {
            let err = builder().base_url(remote).into_config(spec()).unwrap_err();
            assert_eq!(err.setting(), Some("base_url"), "{remote}");
            assert!(err.to_string().contains("allow_insecure_http"), "{err}");
            assert!(
                builder()
                    .base_url(remote)
                    .allow_insecure_http(true)
                    .into_config(spec())
                    .is_ok(),
                "{remote}"
            );
        }
    }

    #[test]
    fn base_url_validation() {
        let ok = |raw: &str| {
            builder()
                .base_url(raw)
                .into_config(spec())
                .unwrap()
                .base_url
        };
        assert_eq!(
            ok("https://api.example.com").as_str(),
            "https://api.example.com/"
        );
        assert_eq!(
            ok("https://api.example.com/").as_str(),
            "https://api.example.com/"
        );
        assert_eq!(
            ok("https://api.example.com/v1//").as_str(),
            "https://api.example.com/v1"
        );
        for bad in [
            "",
            "api.example.com/v1",
            "ftp://api.example.com/v1",
            "https://api.example.com/v1?x=1",
            "https://api.example.com/v1?",
            "https://api.example.com/v1#frag",
            "https://user:pass@api.example.com/v1",
            "mailto:ops@example.com",
            "https://",
        ] {
            let err = builder().base_url(bad).into_config(spec()).unwrap_err();
            assert_eq!(err.setting(), Some("base_url"), "{bad:?}: {err}");
            assert!(!err.to_string().contains("pass"), "{err}");
        }
        // A bad default (a spec's relative server URL) is reported too.
        let relative = CoreSpec {
            default_base_url: Some("/v1".to_owned()),
            ..spec()
        };
        assert_eq!(invalid_setting(builder().into_config(relative)), "base_url");
    }

    #[test]
    fn timeouts_must_be_positive_and_connect_timeout_needs_our_client() {
        assert_eq!(
            invalid_setting(
                builder()
                    .attempt_timeout(Duration::ZERO)
                    .into_config(spec())
            ),
            "attempt_timeout"
        );
        assert_eq!(
            invalid_setting(builder().deadline(Duration::ZERO).into_config(spec())),
            "deadline"
        );
        assert_eq!(
            invalid_setting(
                builder()
                    .connect_timeout(Duration::ZERO)
                    .into_config(spec())
            ),
            "connect_timeout"
        );
        assert!(
            builder()
                .http_client(|http| http.pool_max_idle_per_host(1))
                .connect_timeout(Duration::from_secs(1))
                .into_config(spec())
                .is_ok()
        );
    }

    #[test]
    fn debug_never_shows_the_key() {
        let builder = builder();
        let config = builder.clone().into_config(spec()).unwrap();
        let core = builder.clone().build(spec()).unwrap();
        for shown in [
            format!("{builder:?}"),
            format!("{builder:#?}"),
            format!("{config:?}"),
            format!("{config:#?}"),
            format!("{core:?}"),
            format!("{core:#?}"),
        ] {
            assert!(!shown.contains(KEY), "{shown}");
            assert!(!shown.contains("sk_test"), "{shown}");
            assert!(shown.contains("***"), "{shown}");
        }
    }

    #[test]
    fn read_env_reads_the_credential_and_endpoint() {
        let config = from_env(&[
            (API_KEY_VAR, KEY),
            (ENDPOINT_VAR, "http://localhost:9000/v1"),
        ])
        .unwrap();
        assert_eq!(config.base_url.as_str(), "http://localhost:9000/v1");
        assert_eq!(
            authorization(&config).unwrap(),
            format!("Bearer {KEY}").as_str()
        );
        let config = from_env(&[(API_KEY_VAR, KEY)]).unwrap();
        assert_eq!(config.base_url.as_str(), DEFAULT_URL);
        // An API without a credential reads no key variable.
        let open = CoreBuilder::new()
            .read_env(&env(&[(API_KEY_VAR, KEY)]), None, ENDPOINT_VAR)
            .unwrap()
            .into_config(CoreSpec {
                schemes: bearer(false),
                ..spec()
            })
            .unwrap();
        assert!(authorization(&open).is_none());
    }

    #[test]
    fn read_env_errors_name_the_variable() {
        let err = from_env(&[]).unwrap_err();
        assert!(matches!(
            err,
            ConfigError::Missing {
                setting: API_KEY_VAR
            }
        ));
        assert!(err.to_string().contains(API_KEY_VAR));
        assert_eq!(
            from_env(&[(API_KEY_VAR, "")]).unwrap_err().setting(),
            Some(API_KEY_VAR)
        );
        assert_eq!(
            from_env(&[(API_KEY_VAR, KEY), (ENDPOINT_VAR, "nope")])
                .unwrap_err()
                .setting(),
            Some(ENDPOINT_VAR)
        );
        let err = CoreBuilder::new()
            .read_env(
                &Env::new(|name| {
                    if name == API_KEY_VAR {
                        Err(VarError::NotUnicode(std::ffi::OsString::from("x")))
                    } else {
                        Err(VarError::NotPresent)
                    }
                }),
                Some(API_KEY_VAR),
                ENDPOINT_VAR,
            )
            .unwrap_err();
        assert_eq!(err.setting(), Some(API_KEY_VAR));
        // A builder setter after reading the environment reports the builder's name.
        let err = CoreBuilder::new()
            .read_env(&env(&[(API_KEY_VAR, KEY)]), Some(API_KEY_VAR), ENDPOINT_VAR)
            .unwrap()
            .api_key(String::new())
            .into_config(spec())
            .unwrap_err();
        assert_eq!(err.setting(), Some("api_key"));
    }
}
