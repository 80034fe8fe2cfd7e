//! Security schemes and credentials: what a generated client declares about
//! its API's schemes ([`SchemeSpec`]), what its user configures
//! ([`Credential`]), how each is checked once when the client is built
//! ([`Prepared`]) and applied to each call ([`Applied`]).
//!
//! A secret only leaves its wrapper to become a sensitive header value, a
//! query value (the URL is kept out of errors and logs) or a cookie, so it
//! never reaches `Debug` output, error messages or logs.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use base64::Engine as _;
use reqwest::header::{AUTHORIZATION, HeaderName, HeaderValue};

use crate::config_error::{ConfigError, check_text};
use crate::error::Error;
use crate::secret::ApiKey;

/// How a security scheme carries its credential.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scheme {
    /// `Authorization: Bearer <token>`: HTTP `bearer`, OAuth 2 and OpenID Connect.
    Bearer,
    /// `Authorization: Basic <base64(username:password)>`.
    Basic,
    /// An API key in the named header.
    HeaderKey(&'static str),
    /// An API key in the named query parameter.
    QueryKey(&'static str),
    /// An API key in the named cookie.
    CookieKey(&'static str),
}

/// One security scheme of the API, as the generated client declares it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SchemeSpec {
    /// How the credential is sent.
    pub scheme: Scheme,
    /// The builder method that sets the credential (named in errors).
    pub setting: &'static str,
    /// Whether building the client fails without it (some operation cannot
    /// be called without this scheme).
    pub required: bool,
}

/// The error a [`TokenProvider`] reports.
pub type TokenError = Box<dyn std::error::Error + Send + Sync>;

/// What [`TokenProvider::token`] returns.
pub type TokenFuture<'a> = Pin<Box<dyn Future<Output = Result<String, TokenError>> + Send + 'a>>;

/// Supplies a bearer token (an OAuth 2 or OpenID Connect access token) for
/// each call, so it can be refreshed when it expires.
///
/// It is asked once per call, before the first attempt; retries reuse the
/// token. Cache the token and refresh it only when needed: the provider is
/// on every call's path. Any `Fn() -> impl Future<Output = Result<String, E>>`
/// is a provider.
pub trait TokenProvider: Send + Sync + 'static {
    /// The current token.
    fn token(&self) -> TokenFuture<'_>;
}

impl<F, Fut, E> TokenProvider for F
where
    F: Fn() -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<String, E>> + Send + 'static,
    E: Into<TokenError>,
{
    fn token(&self) -> TokenFuture<'_> {
        let future = self();
        Box::pin(async move { future.await.map_err(Into::into) })
    }
}

/// A credential as configured; `Debug` shows `***` for every secret.
#[derive(Clone)]
pub struct Credential(Inner);

#[derive(Clone)]
enum Inner {
    /// A bearer token or API key.
    Secret(ApiKey),
    /// A user name and password for HTTP basic authentication.
    Basic {
        /// The user name (not secret, but never shown either).
        username: String,
        /// The password.
        password: ApiKey,
    },
    /// Bearer tokens fetched per call.
    Provider(Arc<dyn TokenProvider>),
}

impl Credential {
    /// A bearer token or API key.
    pub fn secret(value: String) -> Self {
        Self(Inner::Secret(ApiKey::new(value)))
    }

    /// HTTP basic credentials.
    pub fn basic(username: String, password: String) -> Self {
        Self(Inner::Basic {
            username,
            password: ApiKey::new(password),
        })
    }

    /// Tokens from `provider`.
    pub fn provider(provider: impl TokenProvider) -> Self {
        Self(Inner::Provider(Arc::new(provider)))
    }
}

impl fmt::Debug for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Inner::Secret(_) | Inner::Basic { .. } => f.write_str("\"***\""),
            Inner::Provider(_) => f.write_str("TokenProvider"),
        }
    }
}

/// A credential checked against its scheme, ready to send.
#[derive(Clone)]
pub(crate) enum Prepared {
    /// A complete header (sensitive).
    Header(HeaderName, HeaderValue),
    /// A query parameter.
    Query(&'static str, ApiKey),
    /// A cookie (`name=value`).
    Cookie(ApiKey),
    /// A bearer token fetched per call.
    Provider(Arc<dyn TokenProvider>),
}

impl fmt::Debug for Prepared {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Provider(_) => f.write_str("TokenProvider"),
            Self::Header(..) | Self::Query(..) | Self::Cookie(_) => f.write_str("\"***\""),
        }
    }
}

/// Checks `credential` for `spec`'s scheme; `setting` is what errors name
/// (the builder method or environment variable it came from). Errors never
/// include the secret.
pub(crate) fn prepare(
    spec: &SchemeSpec,
    setting: &'static str,
    credential: Credential,
) -> Result<Prepared, ConfigError> {
    let secret = match (&spec.scheme, credential.0) {
        (Scheme::Bearer, Inner::Provider(provider)) => return Ok(Prepared::Provider(provider)),
        (_, Inner::Provider(_)) => {
            return Err(ConfigError::invalid(
                setting,
                "a token provider only supplies bearer tokens",
            ));
        }
        (Scheme::Basic, Inner::Basic { username, password }) => {
            check_text(setting, &username)?;
            if username.contains(':') {
                return Err(ConfigError::invalid(
                    setting,
                    "the user name must not contain `:`",
                ));
            }
            check_text(setting, password.expose())?;
            let pair = format!("{username}:{}", password.expose());
            let encoded = base64::engine::general_purpose::STANDARD.encode(pair);
            return Ok(Prepared::Header(
                AUTHORIZATION,
                sensitive(setting, format!("Basic {encoded}"))?,
            ));
        }
        (Scheme::Basic, Inner::Secret(_)) | (_, Inner::Basic { .. }) => {
            return Err(ConfigError::invalid(
                setting,
                "does not fit the security scheme (basic needs a user name and password)",
            ));
        }
        (_, Inner::Secret(secret)) => secret,
    };
    check_text(setting, secret.expose())?;
    match spec.scheme {
        Scheme::Bearer => {
            visible_ascii(setting, secret.expose())?;
            let value = sensitive(setting, format!("Bearer {}", secret.expose()))?;
            Ok(Prepared::Header(AUTHORIZATION, value))
        }
        Scheme::HeaderKey(name) => {
            let name = HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| ConfigError::invalid(setting, "names an invalid header"))?;
            visible_ascii(setting, secret.expose())?;
            let value = sensitive(setting, secret.expose().to_owned())?;
            Ok(Prepared::Header(name, value))
        }
        Scheme::QueryKey(name) => Ok(Prepared::Query(name, secret)),
        Scheme::CookieKey(name) => {
            if !secret.expose().bytes().all(crate::params::is_cookie_octet) {
                return Err(ConfigError::invalid(
                    setting,
                    "must contain only characters allowed in a cookie value",
                ));
            }
            let cookie = format!("{name}={}", secret.expose());
            Ok(Prepared::Cookie(ApiKey::new(cookie)))
        }
        Scheme::Basic => Err(ConfigError::invalid(
            setting,
            "needs a user name and password",
        )),
    }
}

fn visible_ascii(setting: &'static str, value: &str) -> Result<(), ConfigError> {
    if value.bytes().all(|b| b.is_ascii_graphic()) {
        Ok(())
    } else {
        Err(ConfigError::invalid(
            setting,
            "must contain only visible ASCII characters",
        ))
    }
}

fn sensitive(setting: &'static str, value: String) -> Result<HeaderValue, ConfigError> {
    let mut value = HeaderValue::try_from(value)
        .map_err(|_| ConfigError::invalid(setting, "is not a valid header value"))?;
    value.set_sensitive(true);
    Ok(value)
}

/// The credentials one call sends.
#[derive(Default)]
pub(crate) struct Applied {
    pub(crate) headers: Vec<(HeaderName, HeaderValue)>,
    pub(crate) query: Vec<(&'static str, ApiKey)>,
    pub(crate) cookies: Vec<ApiKey>,
}

/// Applies the first alternative of `security` whose schemes all have
/// credentials (OpenAPI: any one alternative satisfies the requirement; all
/// schemes of an alternative are sent together). An empty `security` sends
/// nothing; so does an empty alternative when it is the first satisfiable.
pub(crate) async fn apply(
    operation: &'static str,
    specs: &[SchemeSpec],
    credentials: &[Option<Prepared>],
    security: &[&[usize]],
) -> Result<Applied, Error<std::convert::Infallible>> {
    if security.is_empty() {
        return Ok(Applied::default());
    }
    let configured = |index: &usize| credentials.get(*index).is_some_and(Option::is_some);
    let Some(chosen) = security
        .iter()
        .find(|alternative| alternative.iter().all(configured))
    else {
        return Err(Error::InvalidRequest {
            operation,
            message: missing_message(specs, security),
        });
    };
    let mut applied = Applied::default();
    for prepared in chosen.iter().filter_map(|i| credentials.get(*i)?.as_ref()) {
        match prepared {
            Prepared::Header(name, value) => applied.headers.push((name.clone(), value.clone())),
            Prepared::Query(name, value) => applied.query.push((name, value.clone())),
            Prepared::Cookie(cookie) => applied.cookies.push(cookie.clone()),
            Prepared::Provider(provider) => {
                let value = provided_token(operation, provider.as_ref()).await?;
                applied.headers.push((AUTHORIZATION, value));
            }
        }
    }
    Ok(applied)
}

/// Asks `provider` for a token and makes it a sensitive `Authorization`
/// value. Neither the provider's error nor the token reaches the error.
async fn provided_token(
    operation: &'static str,
    provider: &dyn TokenProvider,
) -> Result<HeaderValue, Error<std::convert::Infallible>> {
    let invalid = |message: &str| Error::InvalidRequest {
        operation,
        message: message.to_owned(),
    };
    let token = provider
        .token()
        .await
        .map_err(|_| invalid("the token provider failed to supply a token"))?;
    if token.is_empty() || !token.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(invalid(
            "the token provider supplied a token that is not valid in a header",
        ));
    }
    sensitive("token provider", format!("Bearer {token}"))
        .map_err(|_| invalid("the token provider supplied a token that is not valid in a header"))
}

/// "needs credentials: set `a`, or `b` and `c`".
fn missing_message(specs: &[SchemeSpec], security: &[&[usize]]) -> String {
    let alternatives: Vec<String> = security
        .iter()
        .map(|alternative| {
            let names: Vec<String> = alternative
                .iter()
                .filter_map(|i| specs.get(*i))
                .map(|s| format!("`{}`", s.setting))
                .collect();
            names.join(" and ")
        })
        .collect();
    format!(
        "this operation needs credentials the client does not have: set {}",
        alternatives.join(", or ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "s3cr3t-value";

    fn spec(scheme: Scheme) -> SchemeSpec {
        SchemeSpec {
            scheme,
            setting: "key",
            required: false,
        }
    }

    fn header(prepared: &Prepared) -> (String, String) {
        match prepared {
            Prepared::Header(name, value) => {
                assert!(value.is_sensitive());
                (
                    name.to_string(),
                    value.to_str().unwrap_or_default().to_owned(),
                )
            }
            other => panic!("not a header: {other:?}"),
        }
    }

    #[test]
    fn each_scheme_prepares_its_wire_form() {
        let bearer = prepare(
            &spec(Scheme::Bearer),
            "key",
            Credential::secret(SECRET.into()),
        )
        .unwrap();
        assert_eq!(
            header(&bearer),
            ("authorization".into(), format!("Bearer {SECRET}"))
        );
        let basic = prepare(
            &spec(Scheme::Basic),
            "key",
            Credential::basic("aladdin".into(), "opensesame".into()),
        )
        .unwrap();
        assert_eq!(header(&basic).1, "Basic YWxhZGRpbjpvcGVuc2VzYW1l");
        let key = prepare(
            &spec(Scheme::HeaderKey("X-API-Key")),
            "key",
            Credential::secret(SECRET.into()),
        )
        .unwrap();
        assert_eq!(header(&key), ("x-api-key".into(), SECRET.into()));
        match prepare(
            &spec(Scheme::QueryKey("api_key")),
            "key",
            Credential::secret(SECRET.into()),
        )
        .unwrap()
        {
            Prepared::Query(name, value) => assert_eq!((name, value.expose()), ("api_key", SECRET)),
            other => panic!("{other:?}"),
        }
        match prepare(
            &spec(Scheme::CookieKey("session")),
            "key",
            Credential::secret(SECRET.into()),
        )
        .unwrap()
        {
            Prepared::Cookie(cookie) => assert_eq!(cookie.expose(), format!("session={SECRET}")),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn unfit_credentials_are_refused_without_echoing_them() {
        let cases = [
            (Scheme::Bearer, Credential::secret(format!("{SECRET} x"))),
            (Scheme::Bearer, Credential::secret(String::new())),
            (Scheme::Bearer, Credential::basic("u".into(), SECRET.into())),
            (Scheme::Basic, Credential::secret(SECRET.into())),
            (
                Scheme::Basic,
                Credential::basic("a:b".into(), SECRET.into()),
            ),
            (
                Scheme::CookieKey("c"),
                Credential::secret(format!("{SECRET};x")),
            ),
            (
                Scheme::HeaderKey("X-Key"),
                Credential::secret(format!("{SECRET}\u{e9}")),
            ),
            (
                Scheme::QueryKey("k"),
                Credential::provider(|| async { Ok::<_, TokenError>(String::new()) }),
            ),
        ];
        for (scheme, credential) in cases {
            let err = prepare(&spec(scheme), "key", credential).unwrap_err();
            assert_eq!(err.setting(), Some("key"), "{scheme:?}");
            assert!(!format!("{err} {err:?}").contains(SECRET), "{err}");
        }
    }

    #[test]
    fn debug_hides_every_credential() {
        for credential in [
            Credential::secret(SECRET.into()),
            Credential::basic("user".into(), SECRET.into()),
        ] {
            assert_eq!(format!("{credential:?}"), "\"***\"");
            let prepared = prepare(&spec(Scheme::Basic), "k", credential.clone())
                .or_else(|_| prepare(&spec(Scheme::Bearer), "k", credential));
            assert_eq!(format!("{:?}", prepared.unwrap()), "\"***\"");
        }
    }

    fn specs() -> Vec<SchemeSpec> {
        vec![
            spec(Scheme::HeaderKey("X-A")),
            spec(Scheme::QueryKey("b")),
            spec(Scheme::Bearer),
        ]
    }

    fn configured(which: [bool; 3]) -> Vec<Option<Prepared>> {
        specs()
            .iter()
            .zip(which)
            .map(|(s, on)| on.then(|| prepare(s, "k", Credential::secret(SECRET.into())).unwrap()))
            .collect()
    }

    #[tokio::test]
    async fn the_first_satisfiable_alternative_is_sent_whole() {
        let security: &[&[usize]] = &[&[2], &[0, 1]];
        let applied = apply("op", &specs(), &configured([true, true, false]), security)
            .await
            .unwrap();
        assert_eq!(applied.headers.len(), 1);
        assert_eq!(applied.headers[0].0, "x-a");
        assert_eq!(applied.query.len(), 1);
        let applied = apply("op", &specs(), &configured([true, true, true]), security)
            .await
            .unwrap();
        assert_eq!(applied.headers[0].0, "authorization");
        assert!(applied.query.is_empty());
        let none = apply("op", &specs(), &configured([true, true, true]), &[])
            .await
            .unwrap();
        assert!(none.headers.is_empty() && none.query.is_empty() && none.cookies.is_empty());
        let optional: &[&[usize]] = &[&[2], &[]];
        let applied = apply("op", &specs(), &configured([false, false, false]), optional)
            .await
            .unwrap();
        assert!(applied.headers.is_empty());
    }

    #[tokio::test]
    async fn unsatisfiable_requirements_name_the_setters() {
        let security: &[&[usize]] = &[&[2], &[0, 1]];
        let err = apply("op", &specs(), &configured([true, false, false]), security)
            .await
            .err()
            .unwrap();
        assert_eq!(
            err.to_string(),
            "op: invalid request: this operation needs credentials the client does not have: set `key`, or `key` and `key`"
        );
    }

    #[tokio::test]
    async fn providers_are_asked_per_call() {
        let calls = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let counter = calls.clone();
        let provider = Credential::provider(move || {
            let n = counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            async move { Ok::<_, TokenError>(format!("token-{n}")) }
        });
        let specs = [spec(Scheme::Bearer)];
        let prepared = vec![Some(prepare(&specs[0], "k", provider).unwrap())];
        for n in 0..2 {
            let applied = apply("op", &specs, &prepared, &[&[0]]).await.unwrap();
            assert_eq!(applied.headers[0].1, format!("Bearer token-{n}").as_str());
            assert!(applied.headers[0].1.is_sensitive());
        }
        let failing = Credential::provider(|| async {
            Err::<String, _>(TokenError::from(format!("expired {SECRET}")))
        });
        let prepared = vec![Some(prepare(&specs[0], "k", failing).unwrap())];
        let err = apply("op", &specs, &prepared, &[&[0]]).await.err().unwrap();
        assert!(!err.to_string().contains(SECRET), "{err}");
    }
}
