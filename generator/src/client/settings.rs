//! Client settings: the values a generated `Client` holds and fills into
//! every request, derived from the spec rather than known to the runtime.
//!
//! Two kinds exist: path parameters marked `x-client-setting: NAME` (Fyno's
//! workspace id and version), and the variables of the first server's URL
//! template, from which the default base URL is built. Each has an
//! environment variable for `Client::from_env`: `{PREFIX}_{WIRE NAME}` in
//! screaming snake case unless `x-env-var` names one.

use crate::diagnostics::{Reporter, codes, pointer_push};
use crate::idents::is_plain_ident;
use crate::ir::{Api, ParamSource, Shape, Ty};
use std::collections::BTreeMap;

/// Methods of the generated `Client` that exist whatever the spec says; an
/// operation or setting may not take their names.
pub(crate) const CLIENT_METHODS: &[&str] = &[
    "builder",
    "from_env",
    "base_url",
    "retry_policy",
    "core",
    "execute",
    "clone",
    "fmt",
    "run",
];

/// Methods of the generated `ClientBuilder` that exist whatever the spec
/// says; a setting (which gets a setter) may not take their names.
const BUILDER_METHODS: &[&str] = &[
    "new",
    "default",
    "from_env",
    "from_env_with",
    "api_key",
    "base_url",
    "connect_timeout",
    "attempt_timeout",
    "deadline",
    "retry_policy",
    "idempotency_header",
    "user_agent",
    "http_client",
    "build",
    "core",
];

/// One setting of the client.
#[derive(Clone, Debug)]
pub(crate) struct Setting {
    /// Accessor on `Client` and setter on `ClientBuilder`.
    pub(crate) name: String,
    /// The parameter's or server variable's name in the spec.
    pub(crate) wire: String,
    /// The environment variable `from_env` reads.
    pub(crate) env_var: String,
    /// Where the value goes.
    pub(crate) kind: SettingKind,
    /// The value used when none is configured; `None`: required.
    pub(crate) default: Option<String>,
    /// Description (raw spec text).
    pub(crate) doc: Option<String>,
    /// Where it is declared (the first parameter bound to it), for diagnostics.
    pub(crate) pointer: String,
}

/// Where a setting's value goes, and its type.
#[derive(Clone, Debug)]
pub(crate) enum SettingKind {
    /// Into paths: typed by the parameter's schema (a string or string enum,
    /// with the enum's wire values).
    Path { ty: Ty, values: Vec<String> },
    /// Into the base URL: a string, restricted to `allowed` when not empty.
    Server { allowed: Vec<String> },
}

/// The client's settings and the environment variables of the generic ones.
#[derive(Clone, Debug)]
pub(crate) struct ClientModel {
    /// Settings in spec order: path settings first, then server variables.
    pub(crate) settings: Vec<Setting>,
    /// One credential per security scheme operations use.
    pub(crate) credentials: Vec<crate::client::credentials::CredentialSetting>,
    /// The base URL's variable.
    pub(crate) endpoint_env: String,
}

impl ClientModel {
    /// The setting with this name.
    pub(crate) fn get(&self, name: &str) -> Option<&Setting> {
        self.settings.iter().find(|s| s.name == name)
    }
}

/// The names settings will have, before any check: what operations must not
/// be named.
pub(crate) fn setting_names(api: &Api) -> Vec<String> {
    let mut names: Vec<String> = api
        .operations
        .iter()
        .flat_map(|op| &op.path_params)
        .filter_map(|p| match &p.source {
            ParamSource::ClientSetting(name) => Some(name.clone()),
            ParamSource::Argument => None,
        })
        .collect();
    names.extend(
        api.server_variables
            .iter()
            .map(|v| crate::idents::snake_ident(&v.name)),
    );
    names.sort();
    names.dedup();
    names
}

/// Derives and checks the settings; problems are reported to `report`.
pub(crate) fn client_model(
    api: &Api,
    prefix: &str,
    lock: &crate::lock::ApiLock,
    report: &mut Reporter<'_>,
) -> ClientModel {
    let mut settings: Vec<Setting> = Vec::new();
    path_settings(api, prefix, &mut settings, report);
    server_settings(api, prefix, &mut settings, report);
    let model = ClientModel {
        settings,
        credentials: crate::client::credentials::credential_settings(api, prefix, lock),
        endpoint_env: format!("{prefix}_ENDPOINT"),
    };
    check_credential_names(&model, report);
    check_env_vars_unique(&model, report);
    model
}

/// The settings bound to path parameters (`x-client-setting`), one per name
/// whatever the number of parameters bound to it.
fn path_settings(api: &Api, prefix: &str, settings: &mut Vec<Setting>, report: &mut Reporter<'_>) {
    for param in api.operations.iter().flat_map(|op| &op.path_params) {
        let ParamSource::ClientSetting(name) = &param.source else {
            continue;
        };
        let at = pointer_push(&param.pointer, "x-client-setting");
        let ty = api.types.resolved(&param.ty);
        let values = match &ty {
            Ty::String => Vec::new(),
            Ty::Named(id) => match &api.types.get(*id).shape {
                Shape::StringEnum(e) => e.variants.iter().map(|v| v.wire.clone()).collect(),
                _ => {
                    report.error(codes::CLIENT_SETTING_TYPE, at.clone(), format!("`x-client-setting: {name}`: a client setting must be a string or a string enum"));
                    continue;
                }
            },
            _ => {
                report.error(codes::CLIENT_SETTING_TYPE, at.clone(), format!("`x-client-setting: {name}`: a client setting must be a string or a string enum"));
                continue;
            }
        };
        if let Some(existing) = settings.iter().find(|s| &s.name == name) {
            let same_type = matches!(&existing.kind, SettingKind::Path { ty: t, .. } if *t == ty);
            if !same_type {
                let first = report.at(pointer_push(&existing.pointer, "x-client-setting"));
                report
                    .error(
                        codes::CLIENT_SETTING_TYPE,
                        at.clone(),
                        format!(
                            "`x-client-setting: {name}` is bound to parameters of different types"
                        ),
                    )
                    .also_at(
                        first,
                        format!("`{name}` is first bound here, to a parameter of another type"),
                    );
            }
            continue;
        }
        let default = match &ty {
            Ty::Named(id) => match &api.types.get(*id).default {
                Some(serde_json::Value::String(d)) => Some(d.clone()),
                _ => param.default.clone(),
            },
            _ => param.default.clone(),
        };
        settings.push(Setting {
            name: name.clone(),
            wire: param.wire.clone(),
            env_var: env_var(prefix, param.env_var.as_deref(), &param.wire),
            kind: SettingKind::Path { ty, values },
            default,
            doc: param.doc.clone(),
            pointer: param.pointer.clone(),
        });
        check_name(&format!("`x-client-setting: {name}`"), name, at, report);
        if let Some(var) = &param.env_var {
            check_env_var(var, pointer_push(&param.pointer, "x-env-var"), report);
        }
    }
}

/// The settings of the first server's URL variables.
fn server_settings(
    api: &Api,
    prefix: &str,
    settings: &mut Vec<Setting>,
    report: &mut Reporter<'_>,
) {
    for variable in &api.server_variables {
        let name = crate::idents::snake_ident(&variable.name);
        let at = variable.pointer.clone();
        if let Some(other) = settings.iter().find(|s| s.name == name) {
            let other = report.at(other.pointer.clone());
            report.error(codes::SETTING_NAME_TAKEN, at, format!("server variable `{}` would be the client setting `{name}`, which another setting already is", variable.name))
                .also_at(other, format!("the setting already named `{name}`"));
            continue;
        }
        if name.is_empty() || name.starts_with("r#") {
            report.error(
                codes::UNUSABLE_SETTING_NAME,
                at,
                format!(
                    "server variable `{}` has no usable Rust name",
                    variable.name
                ),
            );
            continue;
        }
        let mut allowed = variable.allowed.clone();
        if !allowed.is_empty() && !allowed.contains(&variable.default) {
            // The server the document names by default must be reachable.
            report.warning(codes::SERVER_DEFAULT_NOT_IN_ENUM,
                at.clone(),
                format!(
                    "the default `{}` of server variable `{}` is not one of its `enum` values; it is accepted as one",
                    variable.default, variable.name
                ),
            );
            allowed.insert(0, variable.default.clone());
        }
        check_name(
            &format!("server variable `{}`", variable.name),
            &name,
            at,
            report,
        );
        if let Some(var) = &variable.env_var {
            check_env_var(var, pointer_push(&variable.pointer, "x-env-var"), report);
        }
        settings.push(Setting {
            name,
            wire: variable.name.clone(),
            env_var: env_var(prefix, variable.env_var.as_deref(), &variable.name),
            kind: SettingKind::Server { allowed },
            default: Some(variable.default.clone()),
            doc: variable.doc.clone(),
            pointer: variable.pointer.clone(),
        });
    }
}

fn env_var(prefix: &str, explicit: Option<&str>, wire: &str) -> String {
    match explicit {
        Some(name) => name.to_owned(),
        None => format!("{prefix}_{}", super::env::env_prefix(wire)),
    }
}

/// `what` names the declaration in messages (`` `x-client-setting: x` ``).
fn check_name(what: &str, name: &str, at: String, report: &mut Reporter<'_>) {
    let plain = is_plain_ident(name) && name.chars().all(|c| !c.is_ascii_uppercase());
    if !plain {
        report.error(codes::UNUSABLE_SETTING_NAME, at, format!("{what} is not a usable Rust method name (lower-case ASCII letters, digits and `_`, not a keyword)"));
    } else if CLIENT_METHODS.contains(&name) || BUILDER_METHODS.contains(&name) {
        report.error(
            codes::SETTING_NAME_TAKEN,
            at,
            format!("{what} clashes with the client's own `{name}`"),
        );
    }
}

fn check_env_var(name: &str, at: String, report: &mut Reporter<'_>) {
    let valid = name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if !valid {
        report.error(codes::UNUSABLE_ENV_VAR, at, format!("`x-env-var: {name}` is not a usable environment variable name (ASCII letters, digits and `_`)"));
    }
}

/// Credential setters are builder methods too: they must be usable names
/// and clash with nothing else (`api_key` is the credential setter's own).
fn check_credential_names(model: &ClientModel, report: &mut Reporter<'_>) {
    // Each name taken, with what holds it and where.
    let mut seen: BTreeMap<String, (&str, &str)> = model
        .settings
        .iter()
        .map(|s| (s.name.clone(), ("a client setting", s.pointer.as_str())))
        .collect();
    for credential in &model.credentials {
        let setters = std::iter::once(credential.setter.clone())
            .chain(crate::client::credentials::provider_setter(credential));
        for setter in setters {
            let at = credential.pointer.clone();
            let what = format!(
                "the credential setter `{setter}` of security scheme `{}`",
                credential.key
            );
            if setter != "api_key" {
                check_name(&what, &setter, at.clone(), report);
            }
            let holder = ("another credential setter", credential.pointer.as_str());
            if let Some((other, other_at)) = seen.insert(setter.clone(), holder) {
                let related = report.at(other_at);
                let diagnostic = report.error(
                    codes::SETTING_NAME_TAKEN,
                    at,
                    format!("{what} has the name of {other}"),
                );
                // A scheme whose two setters collide is one place.
                if other_at != credential.pointer {
                    let label = match other {
                        "a client setting" => format!("the client setting `{setter}`"),
                        _ => format!("the other credential setter `{setter}`"),
                    };
                    diagnostic.also_at(related, label);
                }
            }
        }
    }
}

/// Two settings read from one variable would silently share a value.
fn check_env_vars_unique(model: &ClientModel, report: &mut Reporter<'_>) {
    // Each variable, with the name of what reads it and where that is
    // declared (`None`: the base URL, which the document does not declare).
    let mut seen: BTreeMap<&str, (&str, Option<&str>)> = BTreeMap::new();
    for credential in &model.credentials {
        for var in credential.env.vars() {
            let reader = (
                credential.setter.as_str(),
                Some(credential.pointer.as_str()),
            );
            if let Some((other, other_at)) = seen.insert(var, reader) {
                let related = other_at
                    .filter(|other_at| *other_at != credential.pointer)
                    .map(|other_at| report.at(other_at));
                let diagnostic = report.error(
                    codes::SHARED_ENV_VAR,
                    credential.pointer.clone(),
                    format!(
                        "credentials `{other}` and `{}` would both be read from `{var}`",
                        credential.setter
                    ),
                );
                if let Some(related) = related {
                    diagnostic.also_at(
                        related,
                        format!("the credential `{other}`, also read from `{var}`"),
                    );
                }
            }
        }
    }
    seen.insert(&model.endpoint_env, ("base_url", None));
    for setting in &model.settings {
        let reader = (setting.name.as_str(), Some(setting.pointer.as_str()));
        if let Some((other, other_at)) = seen.insert(&setting.env_var, reader) {
            let related = other_at.map(|other_at| report.at(other_at));
            let diagnostic = report.error(codes::SHARED_ENV_VAR,
                setting.pointer.clone(),
                format!("client settings `{other}` and `{}` would both be read from `{}`; set `x-env-var` on one of them", setting.name, setting.env_var),
            );
            if let Some(related) = related {
                diagnostic.also_at(
                    related,
                    format!(
                        "the client setting `{other}`, also read from `{}`",
                        setting.env_var
                    ),
                );
            }
        }
    }
}
