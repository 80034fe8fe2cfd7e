//! The document's free order taken away: `paths`, `webhooks` and every
//! section of `components` sorted by key before anything is derived from
//! them, so that reordering a document (which changes nothing it means)
//! changes nothing generated: no name, no file, no line of documentation.
//! Orders that mean something stay as written: `enum` values, `oneOf`
//! alternatives, `required`, `tags`, `servers`, a schema's properties.

use serde_json::Value;

/// Sorts the maps whose order means nothing, in place.
pub(crate) fn canonical_order(document: &mut Value) {
    let Value::Object(root) = document else {
        return;
    };
    for section in ["paths", "webhooks"] {
        if let Some(Value::Object(map)) = root.get_mut(section) {
            map.sort_keys();
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn free_orders_are_sorted_and_meaningful_ones_kept() {
        let mut document = serde_json::json!({
            "paths": {"/b": {}, "/a": {}},
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
    }
}
