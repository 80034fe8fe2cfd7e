//! Security lowering: the schemes operations use (in document order) and
//! each operation's requirement as alternatives of scheme indices.
//!
//! `security` on an operation replaces the document's; `security: []` sends
//! no credentials; `[A, B]` sends the first alternative the client has
//! credentials for; `[{A, B}]` sends both. OAuth 2 scopes are the caller's
//! business (they shape the token, not the request) and are not checked.

use super::{SchemeKind, SecurityScheme};
use crate::diagnostics::{Reporter, codes, pointer_push};
use openapiv3::{APIKeyLocation, OpenAPI, ReferenceOr, SecurityRequirement};
use std::collections::BTreeSet;

/// The schemes some requirement names, ordered by how their credentials
/// travel ([`SchemeKind::identity`]), so neither the order nor the keys of
/// `#/components/securitySchemes` decide anything; schemes nothing uses
/// are reported and get no credential setter.
pub(crate) fn lower_schemes(api: &OpenAPI, report: &mut Reporter<'_>) -> Vec<SecurityScheme> {
    let used = used_names(api);
    let Some(components) = &api.components else {
        return Vec::new();
    };
    let mut schemes = Vec::new();
    for (key, scheme) in &components.security_schemes {
        let pointer = pointer_push("/components/securitySchemes", key);
        if !used.contains(key.as_str()) {
            report.warning(codes::UNUSED_SECURITY_SCHEME,
                pointer,
                format!("security scheme `{key}` is not used by any `security` requirement; the client gets no credential setter for it"),
            );
            continue;
        }
        // The load stage copies every scheme `$ref` in place.
        let ReferenceOr::Item(scheme) = scheme else {
            report.error(
                codes::SECURITY_SCHEME_REFERENCE,
                pointer,
                "security scheme `$ref` could not be followed",
            );
            continue;
        };
        let Some((kind, doc)) = kind(scheme, &pointer, report) else {
            continue;
        };
        schemes.push(SecurityScheme {
            key: key.clone(),
            kind,
            doc,
            pointer,
        });
    }
    let identities = scheme_identities(&schemes);
    let mut ordered: Vec<(String, SecurityScheme)> = identities.into_iter().zip(schemes).collect();
    ordered.sort_by(|a, b| a.0.cmp(&b.0));
    ordered.into_iter().map(|(_, scheme)| scheme).collect()
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
    report: &mut Reporter<'_>,
) -> Option<(SchemeKind, Option<String>)> {
    use openapiv3::SecurityScheme as S;
    Some(match scheme {
        S::APIKey {
            location,
            name,
            description,
            ..
        } => {
            let at = report.at(pointer_push(pointer, "name"));
            let name = match super::params::sendable_name(name) {
                Some(sendable) if sendable == *name => sendable,
                Some(sendable) => {
                    report.sink().warning(codes::INVALID_WIRE_NAME, at, format!("API key name `{name}` is not a valid header, query or cookie name: it is sent as `{sendable}`"));
                    sendable
                }
                None => {
                    report.sink().warning(codes::INVALID_WIRE_NAME, at, format!("API key name `{name}` is not a valid header, query or cookie name and has no valid reading: operations that accept only this scheme are generated without credentials"));
                    return None;
                }
            };
            let kind = match location {
                APIKeyLocation::Header => SchemeKind::HeaderKey(name),
                APIKeyLocation::Query => SchemeKind::QueryKey(name),
                APIKeyLocation::Cookie => SchemeKind::CookieKey(name),
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
                report.warning(codes::UNSUPPORTED_HTTP_SCHEME,
                    pointer_push(pointer, "scheme"),
                    format!("HTTP authentication scheme `{scheme}` is not supported (only `basic` and `bearer`): operations that accept only it are generated without credentials and say so in their documentation"),
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

/// An operation's requirement as the client can meet it.
#[derive(Debug, Default)]
pub(crate) struct Requirement {
    /// Alternatives of indices into the schemes.
    pub(crate) alternatives: Vec<Vec<usize>>,
    /// When the document requires credentials but no alternative is one the
    /// client can send: the schemes it names, for the operation's docs.
    pub(crate) unmet: Vec<String>,
}

/// An operation's requirement (its own `security`, else the document's) as
/// alternatives of indices into `schemes`. An alternative naming a scheme
/// the client cannot send (undefined, which is reported here, or not
/// supported, reported where it is defined) is left out.
pub(crate) fn requirement(
    api: &OpenAPI,
    op: &openapiv3::Operation,
    schemes: &[SecurityScheme],
    pointer: &str,
    report: &mut Reporter<'_>,
) -> Requirement {
    let (requirements, at): (&[SecurityRequirement], String) = match (&op.security, &api.security) {
        (Some(own), _) => (own, pointer_push(pointer, "security")),
        (None, Some(global)) => (global, "/security".to_owned()),
        (None, None) => return Requirement::default(),
    };
    let defined = |name: &str| {
        api.components
            .as_ref()
            .is_some_and(|c| c.security_schemes.contains_key(name))
    };
    // The defined schemes, the related place of a name that is not one of
    // them (when the document defines any).
    let schemes_at = api
        .components
        .as_ref()
        .is_some_and(|c| !c.security_schemes.is_empty())
        .then(|| report.at("/components/securitySchemes"));
    let mut alternatives = Vec::new();
    let mut unmet = BTreeSet::new();
    for requirement in requirements {
        let mut indices = Vec::new();
        let mut complete = true;
        for name in requirement.keys() {
            match schemes.iter().position(|s| &s.key == name) {
                Some(index) => indices.push(index),
                None => {
                    complete = false;
                    unmet.insert(name.clone());
                    // An unsupported scheme was reported where it is defined.
                    if !defined(name) {
                        let diagnostic = report.warning(codes::UNDEFINED_SECURITY_SCHEME,
                            at.clone(),
                            format!("security scheme `{name}` is not defined in `#/components/securitySchemes`: the alternative naming it is left out"),
                        );
                        if let Some(schemes) = &schemes_at {
                            diagnostic.also_at(schemes.clone(), "the schemes defined");
                        }
                    }
                }
            }
        }
        if complete {
            alternatives.push(indices);
        }
    }
    let unmet = if alternatives.is_empty() {
        unmet.into_iter().collect()
    } else {
        Vec::new()
    };
    Requirement {
        alternatives,
        unmet,
    }
}

/// A scheme's identity: how its credential travels. Header names are
/// case-insensitive, so they are compared in lower case; OAuth 2 and OpenID
/// Connect tokens travel as bearer tokens but are told apart (they have a
/// token provider setter too).
impl SchemeKind {
    pub(crate) fn identity(&self) -> String {
        match self {
            SchemeKind::Bearer => "bearer token in Authorization".to_owned(),
            SchemeKind::OAuth => "OAuth 2 token in Authorization".to_owned(),
            SchemeKind::Basic => "basic credentials in Authorization".to_owned(),
            SchemeKind::HeaderKey(name) => {
                format!("API key in header {}", name.to_ascii_lowercase())
            }
            SchemeKind::QueryKey(name) => format!("API key in query {name}"),
            SchemeKind::CookieKey(name) => format!("API key in cookie {name}"),
        }
    }
}

/// The schemes' identities, unique: two schemes that travel alike (two
/// OAuth 2 flows) are told apart by their keys.
pub(crate) fn scheme_identities(schemes: &[SecurityScheme]) -> Vec<String> {
    let plain: Vec<String> = schemes.iter().map(|s| s.kind.identity()).collect();
    plain
        .iter()
        .zip(schemes)
        .map(|(id, scheme)| {
            if plain.iter().filter(|other| *other == id).count() > 1 {
                format!("{id} ({})", scheme.key)
            } else {
                id.clone()
            }
        })
        .collect()
}
