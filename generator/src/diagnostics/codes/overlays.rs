//! Codes 025–036: Overlay 1.0 files: their form, their actions, and targets the spec moved (`load/overlay/`, `lock/overlay_targets.rs`).

codes! {
    /// An action's target selects no node of the document.
    error TARGET_MATCHES_NOTHING = "E025",
        "an overlay action's target matches nothing",
        "The action's JSONPath `target` selects no node of the document, so the correction it \
         carries no longer applies: usually the vendor changed or fixed the spec since the \
         overlay was written. The generator refuses rather than silently generate without the \
         correction. Check whether the fix is still needed: delete the action if the spec now \
         says the right thing, or change its `target` to where the value is now.";

    /// The overlay document is not shaped as Overlay 1.0 requires.
    error MALFORMED_OVERLAY = "E026",
        "an overlay file does not have the form of an Overlay 1.0 document",
        "An Overlay 1.0 document is a mapping with `overlay` (the version), `info` (a mapping \
         with the strings `title` and `version`), an optional `extends` string and `actions`, a \
         non-empty list of actions. A part is missing or has the wrong type, so the overlay \
         cannot be read as meant and no files are written. Fix the overlay file as the message \
         says.";

    /// The `overlay` version field is missing or names another version.
    error UNSUPPORTED_OVERLAY_VERSION = "E027",
        "an overlay's `overlay` version is missing or not 1.0.x",
        "The `overlay` field says which version of the Overlay specification the file follows; \
         the generator reads 1.0.x only (later patch releases only clarify wording). Without a \
         supported version the file is not applied at all. Write `overlay: 1.0.0` at the top of \
         the file (as a string), and rewrite the actions for 1.0 if the file was written for \
         another version.";

    /// An action is not a mapping, or one of its fields has the wrong type.
    error MALFORMED_ACTION = "E028",
        "an overlay action or one of its fields has the wrong type",
        "Each entry of `actions` is a mapping whose `target` and `description` are strings and \
         whose `remove`, when present, is `true` or `false` (in YAML 1.2 `yes` is a string). \
         The action is not applied and no files are written. Correct the action as the message \
         says.";

    /// An action without a description.
    error ACTION_WITHOUT_DESCRIPTION = "E029",
        "an overlay action has no `description`",
        "Every correction must say why it is needed, so that whoever updates the vendor's \
         document later can tell whether it still is: an action without a non-empty \
         `description` is refused (this is a rule of this generator on top of the Overlay \
         specification). Add a `description` saying what is wrong in the spec and what the \
         action corrects.";

    /// An action without a target.
    error ACTION_WITHOUT_TARGET = "E030",
        "an overlay action has no `target`",
        "An action changes the nodes its `target`, an RFC 9535 JSONPath such as \
         `$.components.schemas.Pet`, selects; without one it cannot be applied, and no files \
         are written. Add the `target` naming the node the action corrects.";

    /// A target that is not a valid JSONPath.
    error INVALID_TARGET = "E031",
        "an overlay action's target is not a valid JSONPath",
        "A `target` is an RFC 9535 JSONPath expression (`$.paths['/pets'].get`, \
         `$..[?@.type == 'objekt']`); this one does not parse, at the position the message \
         gives, so the action is not applied and no files are written. Common causes are an \
         unclosed bracket, a name with `/` or `{` written without quotes (`['/pets/{id}']`), \
         and filters written in another JSONPath dialect.";

    /// An action that both updates and removes, or does neither.
    error UPDATE_OR_REMOVE = "E032",
        "an overlay action needs exactly one of `update` and `remove: true`",
        "An action either merges its `update` into the nodes it selects or removes them \
         (`remove: true`). One with both is ambiguous, and one with neither would change \
         nothing (often a misspelt `update`); either way it is refused and no files are \
         written. Keep one of the two, or split the action into two actions.";

    /// A target that selects a node the action cannot change that way.
    error TARGET_WRONG_NODE = "E033",
        "an overlay action's target selects a node it cannot change",
        "The target selects a node the action cannot apply to: an object `update` can only be \
         merged into an object (not into a string, a number or a boolean), and the document \
         root cannot be removed. The action is not applied to that node and no files are \
         written. Usually the target stops one step too deep or too shallow: select the object \
         that holds the value (`$.components.schemas.Pet`, not `…Pet.type`), or write the \
         update as the plain value that replaces it.";

    /// A target naming a schema the spec moved since the API lock was written.
    error TARGET_MOVED = "E034",
        "an overlay action's target names a schema that moved",
        "The schema the target named moved in the spec (renamed, extracted into `components`, \
         or inlined) since the API lock was written: the lock recognises it at its new place, \
         but the target no longer selects it, so the correction would be lost or would change \
         what was left in its place. The generator refuses and gives the target to write \
         instead; `cargo xtask codegen --retarget-overlays` writes it into the overlay, \
         changing nothing else in the file.";

    /// A `$ref` an action writes that names a schema the spec moved.
    error REFERENCE_MOVED = "E035",
        "a `$ref` an overlay action writes names a schema that moved",
        "The action's `update` writes a `$ref` to a schema that is no longer there: the spec \
         moved it (renamed, extracted or inlined) since the API lock was written, and the lock \
         recognises it at its new place. The reference would dangle, so the generator refuses \
         and gives the reference to write instead; `cargo xtask codegen --retarget-overlays` \
         writes it into the overlay.";

    /// A member the Overlay specification does not define.
    warning UNKNOWN_OVERLAY_FIELD = "W025",
        "an overlay has a field the Overlay specification does not define",
        "A member of the overlay, of its `info` or of an action is neither a field of Overlay \
         1.0 nor an `x-` extension, so it is ignored: most likely a typo, such as `updates:` for \
         `update:`, that would otherwise do nothing silently. Correct the field's name, or \
         prefix it with `x-` if it is a note of your own.";

    /// A removal whose target named a schema that moved.
    warning REMOVED_PLACE_MOVED = "W026",
        "an overlay removal names the old place of a schema that moved",
        "The action removes what is at the place a schema used to be; the spec moved that \
         schema (renamed, extracted or inlined) since the API lock was written, so what the \
         action removes now is the reference left in its place, while the schema itself lives \
         on at its new place, not removed. If the schema is still wrong there, remove or \
         correct it at its new place too (the message gives its target).";
}
