//! The client's credentials: one `ClientBuilder` setter and environment
//! variable (two for HTTP basic) per security scheme operations use.
//!
//! An API with a single bearer or API-key scheme keeps the names every
//! generated client had before schemes were told apart: `api_key(..)` and
//! `{PREFIX}_API_KEY` (Fyno's `FYNO_API_KEY`). Otherwise names come from the
//! scheme's key: `petstore_auth(..)`, `PETSTORE_PETSTORE_AUTH`.

use crate::ir::{Api, SchemeKind};
use heck::ToSnakeCase;

/// Where `from_env` reads a credential.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum CredentialEnv {
    /// One variable holding the token or key.
    Secret(String),
    /// HTTP basic: user name and password variables.
    Basic { username: String, password: String },
}

impl CredentialEnv {
    /// The variables, in the order they are documented.
    pub(crate) fn vars(&self) -> Vec<&str> {
        match self {
            Self::Secret(var) => vec![var],
            Self::Basic { username, password } => vec![username, password],
        }
    }
}

/// One security scheme's credential setting.
#[derive(Clone, Debug)]
pub(crate) struct CredentialSetting {
    /// Index into `Api::security_schemes` (and the runtime's scheme list).
    pub(crate) index: usize,
    /// The `ClientBuilder` setter.
    pub(crate) setter: String,
    /// The scheme's key in the spec.
    pub(crate) key: String,
    /// How it travels.
    pub(crate) kind: SchemeKind,
    /// What `from_env` reads.
    pub(crate) env: CredentialEnv,
    /// Some operation cannot be called without it: `build` requires it.
    pub(crate) required: bool,
    /// Description (raw spec text).
    pub(crate) doc: Option<String>,
    /// Pointer of the scheme, for diagnostics.
    pub(crate) pointer: String,
}

/// The credential settings of `api`'s schemes.
pub(crate) fn credential_settings(api: &Api, prefix: &str) -> Vec<CredentialSetting> {
    let legacy = matches!(
        api.security_schemes.as_slice(),
        [only] if !matches!(only.kind, SchemeKind::Basic | SchemeKind::OAuth)
    );
    api.security_schemes
        .iter()
        .enumerate()
        .map(|(index, scheme)| {
            let (setter, stem) = if legacy {
                ("api_key".to_owned(), "API_KEY".to_owned())
            } else {
                let setter = crate::idents::snake_ident(&scheme.key.to_snake_case());
                (setter, crate::settings::env_prefix(&scheme.key))
            };
            let env = match scheme.kind {
                SchemeKind::Basic => CredentialEnv::Basic {
                    username: format!("{prefix}_{stem}_USERNAME"),
                    password: format!("{prefix}_{stem}_PASSWORD"),
                },
                _ => CredentialEnv::Secret(format!("{prefix}_{stem}")),
            };
            CredentialSetting {
                index,
                setter,
                key: scheme.key.clone(),
                kind: scheme.kind.clone(),
                env,
                required: required(api, index),
                doc: scheme.doc.clone(),
                pointer: scheme.pointer.clone(),
            }
        })
        .collect()
}

/// Whether some operation's every alternative needs scheme `index`.
fn required(api: &Api, index: usize) -> bool {
    api.operations
        .iter()
        .any(|op| !op.security.is_empty() && op.security.iter().all(|alt| alt.contains(&index)))
}

/// The setter of a token provider, for schemes that take one.
pub(crate) fn provider_setter(setting: &CredentialSetting) -> Option<String> {
    (setting.kind == SchemeKind::OAuth).then(|| format!("{}_provider", setting.setter))
}
