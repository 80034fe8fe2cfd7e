//! Entry point of lowering: spec → [`Api`] (the passes that settle
//! recursion after deduplication are in `recursion`).

use super::Api;
use super::operations::lower_operations;
use super::schema::SchemaLowerer;
use crate::diagnostics::Reporter;
use crate::load::LoadedSpec;

/// Lowers the loaded spec into the IR (before deduplication and naming).
pub fn lower(spec: &LoadedSpec, report: &mut Reporter<'_>) -> Api {
    let mut lowerer = SchemaLowerer::new(&spec.api, &spec.raw, report.reborrow());
    lowerer.read_format_choices();
    lowerer.lower_components();
    let security_schemes = super::security::lower_schemes(&spec.api, &mut lowerer.report);
    let mut operations = lower_operations(&mut lowerer, &security_schemes);
    for param in operations.iter_mut().flat_map(super::Operation::params_mut) {
        param.written_at = spec.origins.source(&param.pointer).into_owned();
    }
    super::webhooks::lower_webhooks(&mut lowerer, &spec.raw);
    lowerer.drain();
    let SchemaLowerer {
        types, examples, ..
    } = lowerer;
    Api {
        title: spec.api.info.title.clone(),
        version: spec.api.info.version.clone(),
        description: spec.api.info.description.clone(),
        default_base_url: spec.api.servers.first().map(|s| s.url.clone()),
        server_variables: server_variables(&spec.api),
        types,
        operations,
        security_schemes,
        examples,
        parameter_positions: std::collections::BTreeMap::new(),
    }
}

/// The first server's URL variables: the ones its base URL is built from.
fn server_variables(api: &openapiv3::OpenAPI) -> Vec<super::ServerVariable> {
    let Some(variables) = api.servers.first().and_then(|s| s.variables.as_ref()) else {
        return Vec::new();
    };
    variables
        .iter()
        .map(|(name, variable)| super::ServerVariable {
            name: name.clone(),
            default: variable.default.clone(),
            allowed: variable.enumeration.clone(),
            doc: variable.description.clone(),
            env_var: super::operations::extension_string(
                &variable.extensions,
                super::operations::X_ENV_VAR,
            ),
            pointer: crate::diagnostics::pointer_push("/servers/0/variables", name),
        })
        .collect()
}
