//! Fyno's client settings, generated from the spec and overlay: the
//! workspace id and version, their validation, and the environment variables
//! `Client::from_env` reads (the generic settings are tested in the runtime).

use std::collections::BTreeMap;
use std::env::VarError;

use fyno::{Client, ClientBuilder, ConfigError, Version};

const KEY: &str = "sk_test_9f8e7d6c5b4a";

fn builder() -> ClientBuilder {
    Client::builder().workspace_id("WS1").api_key(KEY)
}

fn invalid_setting(result: Result<Client, ConfigError>) -> &'static str {
    match result {
        Err(ConfigError::Invalid { setting, reason }) => {
            assert!(!reason.contains(KEY));
            setting
        }
        other => panic!("expected an invalid setting, got {other:?}"),
    }
}

fn env(vars: &[(&'static str, &str)]) -> impl Fn(&'static str) -> Result<String, VarError> {
    let vars: BTreeMap<&'static str, String> =
        vars.iter().map(|(k, v)| (*k, (*v).to_owned())).collect();
    move |name| vars.get(name).cloned().ok_or(VarError::NotPresent)
}

#[test]
fn defaults() {
    let client = builder().build().unwrap();
    assert_eq!(client.workspace_id(), "WS1");
    assert_eq!(client.version(), &Version::Live);
    assert_eq!(client.base_url().as_str(), "https://api.fyno.io/v1");
    assert_eq!(client.retry_policy(), &fyno::RetryPolicy::default());
}

#[test]
fn missing_required_settings() {
    let err = Client::builder().api_key(KEY).build().unwrap_err();
    assert!(matches!(
        err,
        ConfigError::Missing {
            setting: "workspace_id"
        }
    ));
    let err = Client::builder().workspace_id("WS1").build().unwrap_err();
    assert!(matches!(err, ConfigError::Missing { setting: "api_key" }));
    assert_eq!(err.to_string(), "missing required setting `api_key`");
    assert_eq!(err.setting(), Some("api_key"));
}

#[test]
fn empty_padded_and_dot_settings_are_rejected() {
    for bad in ["", "  ", "WS1 ", ".", ".."] {
        assert_eq!(
            invalid_setting(builder().workspace_id(bad).build()),
            "workspace_id",
            "{bad:?}"
        );
    }
    assert_eq!(
        invalid_setting(builder().version(Version::from_wire("")).build()),
        "version"
    );
    assert_eq!(invalid_setting(builder().api_key("").build()), "api_key");
}

#[test]
fn custom_settings_are_applied() {
    let client = builder()
        .version(Version::Test)
        .base_url("http://127.0.0.1:8080/api/v1/")
        .build()
        .unwrap();
    assert_eq!(client.version(), &Version::Test);
    assert_eq!(client.base_url().as_str(), "http://127.0.0.1:8080/api/v1");
}

#[test]
fn debug_never_shows_the_key() {
    let builder = builder();
    let client = builder.clone().build().unwrap();
    for shown in [
        format!("{builder:?}"),
        format!("{builder:#?}"),
        format!("{client:?}"),
        format!("{client:#?}"),
    ] {
        assert!(!shown.contains(KEY), "{shown}");
        assert!(!shown.contains("sk_test"), "{shown}");
        assert!(shown.contains("***"), "{shown}");
        assert!(shown.contains("WS1"), "{shown}");
    }
}

#[test]
fn from_env_reads_every_variable() {
    let client = ClientBuilder::from_env_with(env(&[
        ("FYNO_WSID", "WS9"),
        ("FYNO_API_KEY", KEY),
        ("FYNO_VERSION", "test"),
        ("FYNO_ENDPOINT", "http://localhost:9000/v1"),
    ]))
    .unwrap()
    .build()
    .unwrap();
    assert_eq!(client.workspace_id(), "WS9");
    assert_eq!(client.version(), &Version::Test);
    assert_eq!(client.base_url().as_str(), "http://localhost:9000/v1");

    let client = ClientBuilder::from_env_with(env(&[("FYNO_WSID", "WS9"), ("FYNO_API_KEY", KEY)]))
        .unwrap()
        .build()
        .unwrap();
    assert_eq!(client.version(), &Version::Live);
    assert_eq!(client.base_url().as_str(), "https://api.fyno.io/v1");
}

#[test]
fn from_env_errors_name_the_variable() {
    let failure = |vars: &[(&'static str, &str)]| {
        ClientBuilder::from_env_with(env(vars))
            .and_then(ClientBuilder::build)
            .unwrap_err()
    };
    let err = failure(&[("FYNO_API_KEY", KEY)]);
    assert!(matches!(
        err,
        ConfigError::Missing {
            setting: "FYNO_WSID"
        }
    ));
    assert!(err.to_string().contains("FYNO_WSID"));
    let err = failure(&[("FYNO_WSID", "WS1")]);
    assert!(matches!(
        err,
        ConfigError::Missing {
            setting: "FYNO_API_KEY"
        }
    ));
    let err = failure(&[("FYNO_WSID", "WS1"), ("FYNO_API_KEY", "")]);
    assert_eq!(err.setting(), Some("FYNO_API_KEY"));
    let err = failure(&[("FYNO_WSID", ".."), ("FYNO_API_KEY", KEY)]);
    assert_eq!(err.setting(), Some("FYNO_WSID"));
    let err = failure(&[
        ("FYNO_WSID", "WS1"),
        ("FYNO_API_KEY", KEY),
        ("FYNO_VERSION", "Live"),
    ]);
    assert_eq!(err.setting(), Some("FYNO_VERSION"));
    assert!(err.to_string().contains("\"Live\""), "{err}");
    let err = failure(&[
        ("FYNO_WSID", "WS1"),
        ("FYNO_API_KEY", KEY),
        ("FYNO_ENDPOINT", "nope"),
    ]);
    assert_eq!(err.setting(), Some("FYNO_ENDPOINT"));
    let err = ClientBuilder::from_env_with(|name| {
        if name == "FYNO_API_KEY" {
            Err(VarError::NotUnicode(std::ffi::OsString::from("x")))
        } else {
            Err(VarError::NotPresent)
        }
    })
    .unwrap_err();
    assert_eq!(err.setting(), Some("FYNO_API_KEY"));
    // A builder setter after from_env reports the builder's name.
    let err = ClientBuilder::from_env_with(env(&[("FYNO_WSID", "WS1")]))
        .unwrap()
        .api_key("")
        .build()
        .unwrap_err();
    assert_eq!(err.setting(), Some("api_key"));
    let err = ClientBuilder::from_env_with(env(&[("FYNO_API_KEY", KEY)]))
        .unwrap()
        .workspace_id("")
        .build()
        .unwrap_err();
    assert_eq!(err.setting(), Some("workspace_id"));
}

#[test]
fn public_types_are_thread_safe() {
    fn thread_safe<T: Send + Sync + 'static>() {}
    thread_safe::<Client>();
    thread_safe::<ClientBuilder>();
    thread_safe::<ConfigError>();
}
