//! Every `example` in the spec (after the overlays) decodes into the type it
//! belongs to and encodes back to equal JSON.

use crate::generated::examples::EXAMPLES;

/// Examples that cannot round-trip, each with the reason. Kept as data so a
/// spec change that fixes (or breaks) one shows up as a failing test.
const KNOWN_MISFITS: &[(&str, &str)] = &[];

#[test]
fn every_spec_example_round_trips_through_its_type() {
    assert!(EXAMPLES.len() > 100, "the spec has well over 100 examples");
    let mut failures = Vec::new();
    for example in EXAMPLES {
        let known = KNOWN_MISFITS
            .iter()
            .find(|(pointer, _)| *pointer == example.pointer);
        match ((example.round_trip)(example.json), known) {
            (Ok(()), None) => {}
            (Ok(()), Some(_)) => failures.push(format!(
                "{} now round-trips: remove it from KNOWN_MISFITS",
                example.pointer
            )),
            (Err(_), Some(_)) => {}
            (Err(error), None) => failures.push(format!(
                "{} ({}): {error}\n    example: {}",
                example.pointer, example.type_name, example.json
            )),
        }
    }
    assert!(
        failures.is_empty(),
        "{} example(s) fail:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
