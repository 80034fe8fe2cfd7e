//! The client's credentials: one `ClientBuilder` setter and environment
//! variable (two for HTTP basic) per security scheme operations use.
//!
//! A credential is known by where it travels (its identity,
//! `ir::SchemeKind::identity`: a bearer
//! token in `Authorization`, an API key in header `x-api-key`…), not by its
//! key in `securitySchemes`, which vendors rename freely. Its setter and
//! variables are recorded in the API lock under that identity and kept
//! when schemes are added, reordered or renamed: Fyno's `api_key(..)` and
//! `FYNO_API_KEY` stay when a second scheme arrives.
//!
//! Without a recorded name, an API with a single bearer or API-key scheme
//! gets `api_key(..)` and `{PREFIX}_API_KEY`; otherwise names come from the
//! scheme's key: `petstore_auth(..)`, `PETSTORE_PETSTORE_AUTH`.

use crate::ir::{Api, SchemeKind, SecurityScheme};
use crate::lock::{ApiLock, Entry, key, kind};
use heck::ToSnakeCase;
use std::collections::BTreeSet;

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
    /// Where it travels: its key in the API lock.
    pub(crate) identity: String,
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

/// The credential settings of `api`'s schemes, keeping the names `lock`
/// recorded for them.
pub(crate) fn credential_settings(
    api: &Api,
    prefix: &str,
    lock: &ApiLock,
) -> Vec<CredentialSetting> {
    let schemes = &api.security_schemes;
    let identities = crate::ir::scheme_identities(schemes);
    let recorded: Vec<Option<&Entry>> = schemes
        .iter()
        .zip(&identities)
        .map(|(scheme, identity)| recorded_entry(lock, identity, scheme))
        .collect();
    let shorthand = matches!(
        schemes.as_slice(),
        [only] if !matches!(only.kind, SchemeKind::Basic | SchemeKind::OAuth)
    );
    // Names the lock keeps are taken first, so a newcomer never takes one.
    let mut setters: BTreeSet<String> = recorded.iter().flatten().map(|e| e.name.clone()).collect();
    let mut vars: BTreeSet<String> = recorded
        .iter()
        .flatten()
        .flat_map(|e| recorded_vars(&e.sig))
        .collect();
    let mut out = Vec::with_capacity(schemes.len());
    for (index, scheme) in schemes.iter().enumerate() {
        let kept = recorded[index];
        let (setter, stem) = match kept {
            Some(entry) => (entry.name.clone(), None),
            None if shorthand => ("api_key".to_owned(), Some("API_KEY".to_owned())),
            None => {
                let setter = unused(
                    crate::idents::snake_ident(&scheme.key.to_snake_case()),
                    &setters,
                );
                let stem = super::env::env_prefix(&setter);
                (setter, Some(stem))
            }
        };
        setters.insert(setter.clone());
        let env = match (kept.map(|e| recorded_vars(&e.sig)), &scheme.kind) {
            (Some(recorded), SchemeKind::Basic) if recorded.len() == 2 => CredentialEnv::Basic {
                username: recorded[0].clone(),
                password: recorded[1].clone(),
            },
            (Some(recorded), kind) if recorded.len() == 1 && *kind != SchemeKind::Basic => {
                CredentialEnv::Secret(recorded[0].clone())
            }
            _ => derived_env(
                scheme,
                prefix,
                stem.as_deref().unwrap_or(&setter.to_uppercase()),
                &mut vars,
            ),
        };
        out.push(CredentialSetting {
            index,
            identity: identities[index].clone(),
            setter,
            key: scheme.key.clone(),
            kind: scheme.kind.clone(),
            env,
            required: required(api, index),
            doc: scheme.doc.clone(),
            pointer: scheme.pointer.clone(),
        });
    }
    out
}

/// The lock entry of a credential: by identity; else by how it travels
/// alone when the lock recorded this very scheme so (a second scheme that
/// travels alike has since made identities name their keys); else (a lock
/// written before credentials had identities) by the scheme's key.
fn recorded_entry<'l>(
    lock: &'l ApiLock,
    identity: &str,
    scheme: &SecurityScheme,
) -> Option<&'l Entry> {
    let plain = scheme.kind.identity();
    lock.get(&key([kind::CREDENTIAL, identity]))
        .or_else(|| {
            lock.get(&key([kind::CREDENTIAL, &plain]))
                .filter(|e| plain != identity && e.at == scheme.pointer)
        })
        .or_else(|| lock.get(&key([kind::CREDENTIAL, &scheme.key])))
        .filter(|e| !e.name.is_empty())
}

/// The variables a credential's lock signature records (`…, env A` or
/// `…, env A and B`).
pub(crate) fn recorded_vars(sig: &str) -> Vec<String> {
    sig.split_once(", env ")
        .map(|(_, vars)| vars.split(" and ").map(str::to_owned).collect())
        .unwrap_or_default()
}

/// `{PREFIX}_{STEM}` (with `_USERNAME`/`_PASSWORD` for basic), numbered
/// past any variable another credential already reads.
fn derived_env(
    scheme: &SecurityScheme,
    prefix: &str,
    stem: &str,
    taken: &mut BTreeSet<String>,
) -> CredentialEnv {
    let mut base = format!("{prefix}_{stem}");
    let mut n = 2;
    let clash = |base: &str, taken: &BTreeSet<String>| match scheme.kind {
        SchemeKind::Basic => {
            taken.contains(&format!("{base}_USERNAME"))
                || taken.contains(&format!("{base}_PASSWORD"))
        }
        _ => taken.contains(base),
    };
    while clash(&base, taken) {
        base = format!("{prefix}_{stem}_{n}");
        n += 1;
    }
    let env = match scheme.kind {
        SchemeKind::Basic => CredentialEnv::Basic {
            username: format!("{base}_USERNAME"),
            password: format!("{base}_PASSWORD"),
        },
        _ => CredentialEnv::Secret(base),
    };
    taken.extend(env.vars().into_iter().map(str::to_owned));
    env
}

/// `name`, or `name_2`, `name_3`… when a kept credential has it.
fn unused(name: String, taken: &BTreeSet<String>) -> String {
    if !taken.contains(&name) {
        return name;
    }
    (2..)
        .map(|n| format!("{name}_{n}"))
        .find(|candidate| !taken.contains(candidate))
        .unwrap_or(name)
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
