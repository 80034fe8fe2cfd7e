//! OpenAPI 3.1 `webhooks`: the requests the API sends to its users. The
//! client sends none of them, but users decode their payloads, so each
//! webhook's JSON request body gets a type (`newPet` → `NewPetWebhook`).

use super::NameSource;
use super::schema::{SchemaLowerer, SchemaRef};
use crate::diagnostics::{codes, pointer_push};
use openapiv3::{PathItem, ReferenceOr, RequestBody};
use serde_json::Value;

/// Lowers the request body schema of every webhook operation.
pub(crate) fn lower_webhooks(lowerer: &mut SchemaLowerer<'_>, raw: &Value) {
    let Some(Value::Object(webhooks)) = raw.get("webhooks") else {
        return;
    };
    for (name, item) in webhooks {
        let pointer = pointer_push("/webhooks", name);
        let item: PathItem = match serde_json::from_value(item.clone()) {
            Ok(item) => item,
            Err(err) => {
                lowerer.error(
                    codes::INVALID_WEBHOOK,
                    &pointer,
                    format!("not a valid webhook (path item): {err}"),
                );
                continue;
            }
        };
        for (method, operation) in item.iter() {
            let operation_pointer = pointer_push(&pointer, method);
            let Some(body) = &operation.request_body else {
                continue;
            };
            let (body, body_pointer) = match body {
                ReferenceOr::Item(body) => (
                    body.clone(),
                    pointer_push(&operation_pointer, "requestBody"),
                ),
                ReferenceOr::Reference { reference } => match component_body(lowerer, reference) {
                    Some(found) => found,
                    None => {
                        // The entry the reference names, when there is one
                        // (itself a `$ref`): the related place.
                        let target = crate::reference::local_pointer(reference)
                            .ok()
                            .filter(|target| lowerer.raw_at(target).is_some())
                            .map(|target| lowerer.report.at(target));
                        let code = lowerer.reference_code(reference, codes::REQUEST_BODY_REFERENCE);
                        let diagnostic = lowerer.error(code,
                            &pointer_push(&operation_pointer, "requestBody"),
                            format!("`$ref` `{reference}` does not name a request body in `#/components/requestBodies`"),
                        );
                        if let Some(target) = target {
                            diagnostic.also_at(target, "where the `$ref` leads");
                        }
                        continue;
                    }
                },
            };
            let json = body
                .content
                .iter()
                .find(|(mime, _)| super::operations::is_json(mime));
            let Some((mime, media)) = json else {
                lowerer.warning(
                    codes::WEBHOOK_WITHOUT_JSON_BODY,
                    &body_pointer,
                    "webhook body has no JSON content: no type is generated for it",
                );
                continue;
            };
            let Some(schema) = &media.schema else {
                continue;
            };
            let schema_pointer = pointer_push(
                &pointer_push(&pointer_push(&body_pointer, "content"), mime),
                "schema",
            );
            lowerer.lower(
                SchemaRef::from(schema),
                &schema_pointer,
                NameSource::ComponentResponse(format!("{name}_webhook")),
            );
        }
    }
}

fn component_body(lowerer: &SchemaLowerer<'_>, reference: &str) -> Option<(RequestBody, String)> {
    let name = reference.strip_prefix("#/components/requestBodies/")?;
    match lowerer.api.components.as_ref()?.request_bodies.get(name)? {
        ReferenceOr::Item(body) => Some((
            body.clone(),
            pointer_push("/components/requestBodies", name),
        )),
        ReferenceOr::Reference { .. } => None,
    }
}
