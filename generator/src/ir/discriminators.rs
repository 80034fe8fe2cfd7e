//! Which member tags a `oneOf`'s alternatives, beyond what `discriminator`
//! says: an inline alternative under a discriminator is tagged by the one
//! value its schema allows for the member, and a `oneOf` without one whose
//! object alternatives all require one member, each allowing a single,
//! different value (`type: {enum: [disk]}`), is tagged by that member. A
//! tagged `oneOf` decodes by the tag, and its variants are named after it.

use super::{Discriminator, OneOf, OneOfVariant, Shape, Ty, TypeSpace};
use crate::diagnostics::{Reporter, codes};

/// Fills in the tags of every `oneOf` in `types`; a `discriminator` that
/// cannot tag every alternative, or whose member an alternative does not
/// declare (so a value built in Rust is sent without its tag), is a warning.
pub fn infer_tags(types: &mut TypeSpace, report: &mut Reporter<'_>) {
    for def in &types.types {
        let Shape::OneOf(o) = &def.shape else {
            continue;
        };
        let Some(discriminator) = &o.discriminator else {
            continue;
        };
        let pointer = def.pointer().to_owned();
        let property = &discriminator.property;
        if tags_of(types, o).is_none() {
            report.warning(codes::DISCRIMINATOR_CANNOT_TAG,
                pointer.clone(),
                format!("`discriminator` `{property}` cannot tag every alternative (an inline one needs a single `enum` value for it, a `$ref` one a `mapping` or its component name): decoding chooses by the members present instead"),
            );
            continue;
        }
        for (index, variant) in o.variants.iter().enumerate() {
            if types.declares(&variant.ty, property) != Some(true) {
                // The alternative's own schema, where the member is missing.
                let alternative = match variant.ty {
                    Ty::Named(id) => Some(report.at(types.get(id).pointer())),
                    _ => None,
                };
                let diagnostic = report.warning(codes::DISCRIMINATOR_NOT_DECLARED,
                    pointer.clone(),
                    format!("alternative {index} does not declare the discriminator `{property}`: the client adds it when sending, but the alternative's own type lacks it; declare it in the alternative's schema"),
                );
                if let Some(alternative) = alternative {
                    diagnostic.also_at(alternative, format!("alternative {index}"));
                }
            }
        }
    }
    infer_all(types);
}

fn infer_all(types: &mut TypeSpace) {
    let inferred: Vec<Option<(String, Vec<Vec<String>>)>> = types
        .types
        .iter()
        .map(|def| match &def.shape {
            Shape::OneOf(o) => tags_of(types, o),
            _ => None,
        })
        .collect();
    for (def, inferred) in types.types.iter_mut().zip(inferred) {
        if let (Shape::OneOf(o), Some((property, tags))) = (&mut def.shape, inferred) {
            o.discriminator = Some(Discriminator { property });
            for (variant, tag) in o.variants.iter_mut().zip(tags) {
                variant.tag = Some(tag);
            }
        }
    }
}

fn tags_of(types: &TypeSpace, o: &OneOf) -> Option<(String, Vec<Vec<String>>)> {
    match &o.discriminator {
        Some(discriminator) => {
            let tags: Option<Vec<Vec<String>>> = o
                .variants
                .iter()
                .map(|v| {
                    v.tag.clone().or_else(|| {
                        single_value(types, v, &discriminator.property).map(|t| vec![t])
                    })
                })
                .collect();
            tags.map(|tags| (discriminator.property.clone(), tags))
        }
        None => implicit_tags(types, o),
    }
}

/// The one value an object alternative allows for a required string member.
fn single_value(types: &TypeSpace, variant: &OneOfVariant, member: &str) -> Option<String> {
    let Ty::Named(id) = &variant.ty else {
        return None;
    };
    let Shape::Struct(s) = &types.get(*id).shape else {
        return None;
    };
    let field = s
        .fields
        .iter()
        .find(|f| f.wire == member && !f.is_optional())?;
    let Ty::Named(tag) = &field.ty else {
        return None;
    };
    match &types.get(*tag).shape {
        Shape::StringEnum(e) => match e.variants.as_slice() {
            [only] => Some(only.wire.clone()),
            _ => None,
        },
        _ => None,
    }
}

/// The first required member of the first alternative that tags them all.
fn implicit_tags(types: &TypeSpace, o: &OneOf) -> Option<(String, Vec<Vec<String>>)> {
    if o.variants.len() < 2 {
        return None;
    }
    let Ty::Named(first) = &o.variants.first()?.ty else {
        return None;
    };
    let Shape::Struct(first) = &types.get(*first).shape else {
        return None;
    };
    'candidates: for field in first.fields.iter().filter(|f| !f.is_optional()) {
        let mut values: Vec<Vec<String>> = Vec::new();
        for variant in &o.variants {
            let Some(only) = single_value(types, variant, &field.wire) else {
                continue 'candidates;
            };
            if values.iter().any(|v| v.contains(&only)) {
                continue 'candidates;
            }
            values.push(vec![only]);
        }
        return Some((field.wire.clone(), values));
    }
    None
}
