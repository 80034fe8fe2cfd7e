//! Security lowering: the schemes operations use (in document order) and
//! each operation's requirement as alternatives of scheme indices.
//!
//! `security` on an operation replaces the document's; `security: []` sends
//! no credentials; `[A, B]` sends the first alternative the client has
//! credentials for; `[{A, B}]` sends both. OAuth 2 scopes are the caller's
//! business (they shape the token, not the request) and are not checked.

use super::{SchemeKind, SecurityScheme};
use crate::diagnostics::{Diagnostics, Location, pointer_push};
use openapiv3::{APIKeyLocation, OpenAPI, ReferenceOr, SecurityRequirement};
use std::collections::BTreeSet;

/// The schemes some requirement names, in `#/components/securitySchemes`
/// order; schemes nothing uses are reported and get no credential setter.
pub(crate) fn lower_schemes(
    api: &OpenAPI,
    file: &str,
    diags: &mut Diagnostics,
) -> Vec<SecurityScheme> {
    let used = used_names(api);
    let Some(components) = &api.components else {
        return Vec::new();
    };
    let mut schemes = Vec::new();
    for (key, scheme) in &components.security_schemes {
        let pointer = pointer_push("/components/securitySchemes", key);
        if !used.contains(key.as_str()) {
            diags.warning(
                Location::new(file, pointer),
                format!("security scheme `{key}` is not used by any `security` requirement; the client gets no credential setter for it"),
            );
            continue;
        }
        let ReferenceOr::Item(scheme) = scheme else {
            diags.error(
                Location::new(file, pointer),
                "security scheme `$ref`s are not supported: inline the scheme",
            );
            continue;
        };
        let Some((kind, doc)) = kind(scheme, &pointer, file, diags) else {
            continue;
        };
        schemes.push(SecurityScheme {
            key: key.clone(),
            kind,
            doc,
            pointer,
        });
    }
    schemes
}

/// Every scheme name a requirement (the document's or an operation's) uses.
fn used_names(api: &OpenAPI) -> BTreeSet<&str> {
    let operations = api
        .paths
        .paths
        .values()
        .filter_map(|item| item.as_item())
        .flat_map(|item| item.iter().map(|(_, op)| op));
    api.security
        .iter()
        .flatten()
        .chain(operations.filter_map(|op| op.security.as_ref()).flatten())
        .flat_map(|requirement| requirement.keys().map(String::as_str))
        .collect()
}

fn kind(
    scheme: &openapiv3::SecurityScheme,
    pointer: &str,
    file: &str,
    diags: &mut Diagnostics,
) -> Option<(SchemeKind, Option<String>)> {
    use openapiv3::SecurityScheme as S;
    Some(match scheme {
        S::APIKey {
            location,
            name,
            description,
            ..
        } => {
            if !super::params::is_token(name) {
                diags.error(
                    Location::new(file, pointer_push(pointer, "name")),
                    format!("API key name `{name}` is not a valid header, query or cookie name"),
                );
                return None;
            }
            let kind = match location {
                APIKeyLocation::Header => SchemeKind::HeaderKey(name.clone()),
                APIKeyLocation::Query => SchemeKind::QueryKey(name.clone()),
                APIKeyLocation::Cookie => SchemeKind::CookieKey(name.clone()),
            };
            (kind, description.clone())
        }
        S::HTTP {
            scheme,
            description,
            ..
        } => {
            let kind = if scheme.eq_ignore_ascii_case("bearer") {
                SchemeKind::Bearer
            } else if scheme.eq_ignore_ascii_case("basic") {
                SchemeKind::Basic
            } else {
                diags.error(
                    Location::new(file, pointer_push(pointer, "scheme")),
                    format!("HTTP authentication scheme `{scheme}` is not supported: only `basic` and `bearer`"),
                );
                return None;
            };
            (kind, description.clone())
        }
        S::OAuth2 { description, .. } | S::OpenIDConnect { description, .. } => {
            (SchemeKind::OAuth, description.clone())
        }
    })
}

/// An operation's requirement (its own `security`, else the document's) as
/// alternatives of indices into `schemes`. Names that are not schemes are
/// errors at `pointer`; an alternative naming one is dropped.
pub(crate) fn requirement(
    api: &OpenAPI,
    op: &openapiv3::Operation,
    schemes: &[SecurityScheme],
    pointer: &str,
    file: &str,
    diags: &mut Diagnostics,
) -> Vec<Vec<usize>> {
    let (requirements, at): (&[SecurityRequirement], String) = match (&op.security, &api.security) {
        (Some(own), _) => (own, pointer_push(pointer, "security")),
        (None, Some(global)) => (global, "/security".to_owned()),
        (None, None) => return Vec::new(),
    };
    let defined = |name: &str| {
        api.components
            .as_ref()
            .is_some_and(|c| c.security_schemes.contains_key(name))
    };
    let mut alternatives = Vec::new();
    for requirement in requirements {
        let mut indices = Vec::new();
        let mut complete = true;
        for name in requirement.keys() {
            match schemes.iter().position(|s| &s.key == name) {
                Some(index) => indices.push(index),
                None => {
                    complete = false;
                    // An unsupported scheme was reported where it is defined.
                    if !defined(name) {
                        diags.error(
                            Location::new(file, at.clone()),
                            format!("security scheme `{name}` is not defined in `#/components/securitySchemes`"),
                        );
                    }
                }
            }
        }
        if complete {
            alternatives.push(indices);
        }
    }
    alternatives
}
