//! The document's free order taken away: `paths`, `webhooks`, every section
//! of `components` and each operation's `responses` sorted by key before
//! anything is derived from them, so that reordering them (which changes
//! nothing the document means) changes nothing generated: no name, no file,
//! no line of documentation. Orders that mean something stay as written:
//! `enum` values, `oneOf` alternatives, `required`, `tags`, `servers`,
//! `parameters`, a schema's properties, a body's media types.

use serde_json::Value;

/// Sorts the maps whose order means nothing, in place.
pub(crate) fn canonical_order(document: &mut Value) {
    let Value::Object(root) = document else {
        return;
    };
    for section in ["paths", "webhooks"] {
        if let Some(Value::Object(map)) = root.get_mut(section) {
            map.sort_keys();
            for (_, path_item) in map.iter_mut() {
                sort_responses(path_item);
            }
        }
    }
    if let Some(Value::Object(components)) = root.get_mut("components") {
        for (_, section) in components.iter_mut() {
            if let Value::Object(map) = section {
                map.sort_keys();
            }
        }
    }
}

/// Sorts the `responses` of every operation of a path item by status.
fn sort_responses(path_item: &mut Value) {
    let Value::Object(item) = path_item else {
        return;
    };
    for (_, operation) in item.iter_mut() {
        if let Some(Value::Object(responses)) = operation.get_mut("responses") {
            responses.sort_keys();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn free_orders_are_sorted_and_meaningful_ones_kept() {
        let mut document = serde_json::json!({
            "paths": {"/b": {}, "/a": {"get": {"responses": {"404": {}, "200": {}}}}},
            "components": {"schemas": {"Z": {"enum": ["z", "a"]}, "A": {}}},
            "tags": [{"name": "z"}, {"name": "a"}],
        });
        canonical_order(&mut document);
        let keys = |v: &Value| v.as_object().map(|m| m.keys().cloned().collect::<Vec<_>>());
        assert_eq!(
            keys(&document["paths"]),
            Some(vec!["/a".into(), "/b".into()])
        );
        assert_eq!(
            keys(&document["components"]["schemas"]),
            Some(vec!["A".into(), "Z".into()])
        );
        assert_eq!(
            document["components"]["schemas"]["Z"]["enum"],
            serde_json::json!(["z", "a"])
        );
        assert_eq!(document["tags"][0]["name"], "z");
        assert_eq!(
            keys(&document["paths"]["/a"]["get"]["responses"]),
            Some(vec!["200".into(), "404".into()])
        );
    }
}
