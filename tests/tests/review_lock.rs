//! Review of the API lock (spec/api.lock), the lock-guided dedup, the change
//! report and the changelog merge: each test is a reproducer of a finding
//! and asserts the behaviour the README promises. They failed on the
//! reviewed commit (e38a235).

use fyno_codegen::Generated;
use fyno_codegen::ir::ParamIn;
use fyno_codegen::report::{Bump, Change, ChangeReport, Impact};

fn try_gen(spec: &str, lock: Option<&str>) -> Result<Generated, String> {
    fyno_workspace_tests::generate_keeping(spec, lock)
}

fn gen_with(spec: &str, lock: Option<&str>) -> Generated {
    try_gen(spec, lock).unwrap_or_else(|d| panic!("{d}"))
}

/// `after` regenerated keeping the names of `before`'s crate.
fn evolve(before: &str, after: &str) -> (Generated, Generated) {
    let old = gen_with(before, None);
    let new = gen_with(after, Some(&old.lock.render()));
    (old, new)
}

fn type_name_of(g: &Generated, ty: &fyno_codegen::ir::Ty) -> String {
    match ty {
        fyno_codegen::ir::Ty::Named(id) => g.names.ty(*id).name.clone(),
        other => format!("{other:?}"),
    }
}

/// The Rust name of the first operation's parameter `wire` in `location`.
fn param_name(g: &Generated, location: ParamIn, wire: &str) -> Option<String> {
    g.api.operations[0]
        .params()
        .zip(&g.names.operation(0).params)
        .find(|(p, _)| p.location == location && p.wire == wire)
        .map(|(_, name)| name.clone())
}

fn query_param_type(g: &Generated, wire: &str) -> String {
    let param = g.api.operations[0]
        .query_params
        .iter()
        .find(|p| p.wire == wire)
        .unwrap_or_else(|| panic!("no query parameter {wire}"));
    type_name_of(g, &param.ty)
}

fn all_files(g: &Generated) -> String {
    g.files.values().cloned().collect::<Vec<_>>().join("\n")
}

// ------------------------------------------------- positional pointers as identity

const TWO_ENUM_PARAMS: &str = r"
openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /items:
    get:
      operationId: listItems
      parameters:
        - {name: status, in: query, schema: {type: string, enum: [active, archived]}}
        - {name: order, in: query, schema: {type: string, enum: [asc, desc]}}
      responses:
        '204': {description: ok}
";

/// Inline parameter schemas are keyed by `.../parameters/N/schema`; a vendor
/// inserting a parameter shifts N, and the lock hands each inline enum the
/// name of the one that used to sit at its index. Without a lock the names
/// (operation + wire name) would not move at all.
#[test]
fn inserting_a_parameter_keeps_the_names_of_inline_parameter_types() {
    let after = TWO_ENUM_PARAMS.replace(
        "      parameters:\n",
        "      parameters:\n        - {name: q, in: query, schema: {type: string}}\n",
    );
    let (old, new) = evolve(TWO_ENUM_PARAMS, &after);
    let before = (
        query_param_type(&old, "status"),
        query_param_type(&old, "order"),
    );
    let now = (
        query_param_type(&new, "status"),
        query_param_type(&new, "order"),
    );
    assert_eq!(
        now,
        before,
        "a new optional parameter renamed the parameter types\n{}",
        new.changes.render()
    );
    assert_eq!(new.changes.bump(), Bump::Minor, "{}", new.changes.render());
}

const RECIPIENT: &str = r"
openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /notify:
    post:
      operationId: notify
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Recipient'}
      responses:
        '204': {description: ok}
components:
  schemas:
    Recipient:
      oneOf:
        - {type: object, required: [kind, to], properties: {kind: {type: string}, to: {type: string}}}
        - {type: object, required: [kind, distinct_id], properties: {kind: {type: string}, distinct_id: {type: string}}}
";

const THIRD_ALTERNATIVE: &str =
    "        - {type: object, required: [email], properties: {email: {type: string}}}\n";

fn alternatives(g: &Generated) -> Vec<(String, String)> {
    g.api
        .types
        .ids()
        .find(|id| g.names.ty(*id).name == "Recipient")
        .map(|id| match &g.api.types.get(id).shape {
            fyno_codegen::ir::Shape::OneOf(o) => o
                .variants
                .iter()
                .zip(&g.names.ty(id).members)
                .map(|(v, name)| (name.clone(), type_name_of(g, &v.ty)))
                .collect(),
            _ => panic!("Recipient is not a oneOf"),
        })
        .unwrap_or_default()
}

/// An untagged alternative's identity is "the name its shape derives", but
/// that name is made of the keys *other alternatives lack*: appending an
/// alternative that does not require `kind` turns `To` / `DistinctId` into
/// `KindAndTo` / `DistinctIdAndKind`, and the lock no longer finds them.
#[test]
fn appending_a_oneof_alternative_renames_no_existing_alternative() {
    let after = format!("{RECIPIENT}{THIRD_ALTERNATIVE}");
    let (old, new) = evolve(RECIPIENT, &after);
    let old_names: Vec<String> = alternatives(&old).into_iter().map(|(n, _)| n).collect();
    let new_names: Vec<String> = alternatives(&new).into_iter().map(|(n, _)| n).collect();
    assert_eq!(&new_names[..2], &old_names[..], "{}", new.changes.render());
    assert_ne!(new.changes.bump(), Bump::Major, "{}", new.changes.render());
}

/// Payload types of inline alternatives are keyed by `.../oneOf/N`:
/// inserting an alternative first gives each existing payload the lock
/// entry (and name) of its neighbour.
#[test]
fn inserting_a_oneof_alternative_first_keeps_payload_type_names() {
    let after = RECIPIENT.replace(
        "      oneOf:\n",
        &format!("      oneOf:\n{THIRD_ALTERNATIVE}"),
    );
    let (old, new) = evolve(RECIPIENT, &after);
    let old_alts = alternatives(&old);
    let new_alts = alternatives(&new);
    for (variant, payload) in &old_alts {
        assert!(
            new_alts.iter().any(|(v, p)| v == variant && p == payload),
            "{variant}({payload}) is gone: now {new_alts:?}\n{}",
            new.changes.render()
        );
    }
}

// --------------------------------------------------------- lock-guided dedup

const TWIN_OBJECTS: &str = r"
openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /a:
    get:
      operationId: getA
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {type: object, properties: {x: {type: string}, y: {type: string}}}
  /b:
    get:
      operationId: getB
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {type: object, properties: {x: {type: string}, y: {type: string}}}
";

/// Copies published as one type whose member types now differ cannot be
/// unified: the copy at `/b` becomes a type of its own, but it keeps the
/// lock key of the published type, so `ApiLock::from_entries` silently drops
/// it (and the members of both share keys). The written lock is not what
/// the next run produces: `cargo xtask codegen` then `codegen --check`
/// reports a stale lock, and the next `codegen` reports the type again.
#[test]
fn a_split_off_copy_gets_its_own_lock_entry_and_the_lock_is_a_fixpoint() {
    let b = TWIN_OBJECTS
        .rfind("y: {type: string}")
        .expect("second copy");
    let mut after = TWIN_OBJECTS.to_owned();
    after.replace_range(b..b + "y: {type: string}".len(), "y: {type: integer}");
    let (_, first) = evolve(TWIN_OBJECTS, &after);
    let types = first.api.types.types.len();
    let type_entries = first
        .lock
        .entries
        .values()
        .filter(|e| e.kind() == "type")
        .count();
    let second = gen_with(&after, Some(&first.lock.render()));
    assert_eq!(
        first.lock.render(),
        second.lock.render(),
        "the lock written after the split is stale on the next run; second report:\n{}",
        second.changes.render()
    );
    assert_eq!(type_entries, types, "a generated type has no lock entry");
}

const TWIN_OBJECTS_WITH_ENUM: &str = r"
openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /a:
    get:
      operationId: getA
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {type: object, properties: {tz: {type: string, enum: [a, b]}}}
  /b:
    get:
      operationId: getB
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {type: object, properties: {tz: {type: string, enum: [a, b]}}}
";

/// Only the nested enum of one copy gains a value. Round one of the dedup
/// loop tries to unify the parents before their enums are merged (their `tz`
/// fields are still `Named(a)` vs `Named(b)`) and warns that the published
/// type "can no longer be one ... a breaking change"; round two merges the
/// parents anyway. The warning is false.
#[test]
fn a_nested_divergence_does_not_warn_that_the_parent_splits() {
    // Give the second copy's enum a new value.
    let mut after = TWIN_OBJECTS_WITH_ENUM.to_owned();
    let at = after.rfind("enum: [a, b]").expect("second copy");
    after.replace_range(at..at + "enum: [a, b]".len(), "enum: [a, b, c]");
    let (_, new) = evolve(TWIN_OBJECTS_WITH_ENUM, &after);
    let false_alarms: Vec<String> = new
        .warnings
        .iter()
        .map(ToString::to_string)
        .filter(|w| w.contains("can no longer be one"))
        .collect();
    let parents = new
        .api
        .types
        .types
        .iter()
        .filter(|t| matches!(t.shape, fyno_codegen::ir::Shape::Struct(_)))
        .count();
    assert_eq!(parents, 1, "the parents stay one type");
    assert!(false_alarms.is_empty(), "{false_alarms:#?}");
}

// ------------------------------------------------- what the report cannot see

const PREFS: &str = r"
openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /prefs:
    put:
      operationId: putPrefs
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Prefs'}
      responses:
        '204': {description: ok}
components:
  schemas:
    Prefs:
      type: object
      properties:
        a: {type: string}
        b: {type: string, nullable: true}
";

/// `b` (optional, nullable) becomes required. Its field stays
/// `Option<String>` and `Prefs` keeps `Default` (a required but nullable
/// member is optional to build: it is sent as `null` when unset), so the
/// change is invisible to users, as the report says.
#[test]
fn a_nullable_field_becoming_required_changes_nothing_users_see() {
    let after = PREFS.replace(
        "      type: object\n      properties:",
        "      type: object\n      required: [b]\n      properties:",
    );
    let (old, new) = evolve(PREFS, &after);
    let derives_default = |g: &Generated| {
        all_files(g).contains("#[derive(Clone, Debug, PartialEq, Eq, Default, ::serde::Serialize")
    };
    assert!(derives_default(&old), "baseline derives Default");
    assert!(derives_default(&new), "Default stays");
    assert!(new.changes.bump() < Bump::Major, "{}", new.changes.render());
}

/// A new required-but-nullable member keeps `Default`: additive.
#[test]
fn a_new_required_nullable_field_is_additive() {
    let after = PREFS.replace(
        "        b: {type: string, nullable: true}\n",
        "        b: {type: string, nullable: true}\n        c: {type: string, nullable: true}\n      required: [c]\n",
    );
    let (_, new) = evolve(PREFS, &after);
    assert!(
        all_files(&new).contains("Default, ::serde::Serialize"),
        "Default stays"
    );
    assert_eq!(new.changes.bump(), Bump::Minor, "{}", new.changes.render());
}

const PAIR: &str = r"
openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /pairs:
    post:
      operationId: addPair
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Pair'}
      responses:
        '204': {description: ok}
components:
  schemas:
    Pair:
      type: object
      required: [from, to]
      properties:
        from: {type: string}
        to: {type: string}
";

/// `new` takes required fields in the order the lock published; the vendor
/// reordering `required` changes nothing (the document is read in a
/// canonical order), so `Pair::new(from, to)` never silently becomes
/// `Pair::new(to, from)` and the report says "none".
#[test]
fn reordering_required_keeps_the_published_constructor() {
    let after = PAIR.replace("required: [from, to]", "required: [to, from]");
    let (old, new) = evolve(PAIR, &after);
    let ctor = |g: &Generated| {
        let text = all_files(g);
        let at = text.find("impl Pair {").expect("impl Pair");
        let at = at + text[at..].find("pub fn new(").expect("Pair::new");
        text[at..at + text[at..].find(')').unwrap_or(0)]
            .split_whitespace()
            .collect::<String>()
    };
    assert_eq!(ctor(&old), ctor(&new), "the constructor is the same");
    assert!(ctor(&new).starts_with("pubfnnew(from:"), "{}", ctor(&new));
    assert_eq!(new.changes.bump(), Bump::None, "{}", new.changes.render());
}

/// A constructor published with an order the canonical one would not give
/// (a lock written before the canonical order) keeps it.
#[test]
fn a_published_constructor_order_is_kept() {
    let (old, _) = evolve(PAIR, PAIR);
    let lock = old.lock.render().replace("new(from, to)", "new(to, from)");
    let kept =
        fyno_workspace_tests::generate_keeping(PAIR, Some(&lock)).unwrap_or_else(|e| panic!("{e}"));
    let text = all_files(&kept);
    let compact: String = text.split_whitespace().collect();
    assert!(
        compact.contains("pubfnnew(to:impl::std::convert::Into<::std::string::String>,from:"),
        "{text}"
    );
    assert!(kept.changes.is_empty(), "{}", kept.changes.render());
}

const MODE: &str = r"
openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /mode:
    get:
      operationId: getMode
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Mode'}
components:
  schemas:
    Mode: {type: string, enum: [fast, slow], default: fast}
";

/// Removing an enum's `default` removes `impl Default for Mode`; the lock
/// does not record it and the report says "none".
#[test]
fn removing_an_enum_default_is_breaking() {
    let after = MODE.replace(", default: fast", "");
    let (old, new) = evolve(MODE, &after);
    let has_default =
        |g: &Generated| all_files(g).contains("impl ::std::default::Default for Mode");
    assert!(has_default(&old) && !has_default(&new));
    assert_eq!(new.changes.bump(), Bump::Major, "{}", new.changes.render());
}

const SECURED: &str = r"
openapi: 3.0.3
info: {title: T, version: '1'}
security: [{token: []}]
paths:
  /a:
    get:
      operationId: getA
      responses:
        '204': {description: ok}
components:
  securitySchemes:
    token: {type: http, scheme: bearer}
";

/// A credential is known by how it travels and its setter is in the lock:
/// a second scheme keeps the single-scheme `ClientBuilder::api_key(..)`
/// (and `T_API_KEY`), and the report calls the new setter an addition.
#[test]
fn a_second_scheme_keeps_the_published_credential_setter() {
    let after = SECURED
        .replace(
            "        '204': {description: ok}\n",
            "        '204': {description: ok}\n  /b:\n    get:\n      operationId: getB\n      security: [{basic: []}]\n      responses:\n        '204': {description: ok}\n",
        )
        .replace(
            "    token: {type: http, scheme: bearer}\n",
            "    token: {type: http, scheme: bearer}\n    basic: {type: http, scheme: basic}\n",
        );
    let (old, new) = evolve(SECURED, &after);
    for g in [&old, &new] {
        let code = all_files(g);
        assert!(code.contains("pub fn api_key("), "api_key(..) is kept");
        assert!(code.contains("\"T_API_KEY\""), "T_API_KEY is kept");
    }
    assert!(all_files(&new).contains("pub fn basic("));
    assert_eq!(new.changes.bump(), Bump::Minor, "{}", new.changes.render());
}

/// Renaming the key of the only scheme changes nothing users see.
/// (Control for the test above: passes.)
#[test]
fn control_single_scheme_key_renamed_changes_nothing() {
    let after = SECURED.replace("token", "bearerAuth");
    let (_, new) = evolve(SECURED, &after);
    assert!(all_files(&new).contains("pub fn api_key("));
}

const REGION: &str = r"
openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /{region}/a:
    get:
      operationId: getA
      parameters:
        - {name: region, in: path, required: true, x-client-setting: region, schema: {type: string, default: eu}}
      responses:
        '204': {description: ok}
";

/// A client setting's type and default are not in its lock entry (its `sig`
/// is the environment variable): the setting losing its default (so
/// `ClientBuilder::build()` now fails at run time unless it is set) or
/// becoming an enum (the accessor `Client::region(&self) -> &String` now
/// returns `&GetARegion`) is reported as nothing / as a new type.
#[test]
fn a_client_setting_losing_its_default_or_changing_type_is_reported() {
    let mut missed = Vec::new();
    for (edit, after) in [
        ("default removed", REGION.replace(", default: eu", "")),
        (
            "became an enum",
            REGION.replace(
                "{type: string, default: eu}",
                "{type: string, enum: [eu, us], default: eu}",
            ),
        ),
    ] {
        let (old, new) = evolve(REGION, &after);
        let client = |g: &Generated| {
            g.files
                .iter()
                .find(|(p, _)| p.ends_with("client.rs"))
                .map(|(_, t)| t.clone())
                .unwrap_or_default()
        };
        assert_ne!(client(&old), client(&new), "{edit}: the client changed");
        if new.changes.bump() != Bump::Major {
            missed.push(format!("{edit}: {}", new.changes.render()));
        }
    }
    assert!(missed.is_empty(), "{missed:#?}");
}

// ------------------------------------------------------ names the lock drops

const KEYWORD_OP: &str = r"
openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /match:
    get:
      operationId: match
      responses:
        '204': {description: ok}
";

/// A method whose derived name is a keyword (`r#match`) is recorded as
/// `r#match`, which `is_plain_ident` refuses, so the lock never keeps it: a
/// new operationId renames the method, which the README says cannot happen.
#[test]
fn a_raw_identifier_method_survives_an_operation_id_edit() {
    let after = KEYWORD_OP.replace("operationId: match", "operationId: matchThings");
    let (old, new) = evolve(KEYWORD_OP, &after);
    assert_eq!(old.operations[0].rust_method, "r#match");
    assert_eq!(
        new.operations[0].rust_method,
        old.operations[0].rust_method,
        "{}",
        new.changes.render()
    );
}

const TWO_OPS_ONE_SHAPE: &str = r"
openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /a:
    get:
      operationId: getA
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {type: object, properties: {x: {type: string}}}
  /b:
    get:
      operationId: getB
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {type: object, properties: {x: {type: string}}}
";

/// v1: `/a` and `/b` return copies of one shape, one type keyed by the
/// pointer under `/a`. v2: `/a` is removed; the type (now only at `/b`)
/// keeps its key. v3: `/a` comes back returning something else: its new
/// type's fallback key is `["type", <pointer under /a>]`, the key of the
/// published type, so it takes the published name and `/b`'s type is
/// renamed (and one of the two is dropped from the lock).
#[test]
fn a_new_type_at_a_reused_pointer_does_not_take_a_published_name() {
    let v1 = TWO_OPS_ONE_SHAPE;
    let start = v1.find("  /a:").expect("/a");
    let end = v1.find("  /b:").expect("/b");
    let v2 = format!("{}{}", &v1[..start], &v1[end..]);
    let v3 = v1.replacen(
        "properties: {x: {type: string}}",
        "properties: {z: {type: integer}}",
        1,
    );
    let g1 = gen_with(v1, None);
    let g2 = gen_with(&v2, Some(&g1.lock.render()));
    let g3 = gen_with(&v3, Some(&g2.lock.render()));
    let b_type = |g: &Generated| {
        let op = g
            .api
            .operations
            .iter()
            .find(|o| o.path == "/b")
            .expect("/b");
        let ty = op.responses[0].ty.clone().expect("a body");
        type_name_of(g, &ty)
    };
    assert_eq!(b_type(&g3), b_type(&g2), "{}", g3.changes.render());
    let types = g3.api.types.types.len();
    let entries = g3
        .lock
        .entries
        .values()
        .filter(|e| e.kind() == "type")
        .count();
    assert_eq!(entries, types, "every type has a lock entry");
}

// --------------------------------------------------------------- lock file

/// A hand edit giving a name that cannot be used (a keyword, not an
/// identifier) is dropped without a word, and so is a second line with the
/// same key: the maintainer's edit silently does nothing.
#[test]
fn unusable_or_duplicate_hand_edits_are_reported() {
    let old = gen_with(KEYWORD_OP, None);
    let text = old.lock.render();
    let line = text
        .lines()
        .find(|l| l.contains("\"operation\""))
        .expect("operation line")
        .to_owned();
    let mut silent = Vec::new();
    for (edit, edited) in [
        (
            "keyword",
            text.replace(&line, &line.replace("r#match", "fn")),
        ),
        (
            "not an identifier",
            text.replace(&line, &line.replace("r#match", "find-things")),
        ),
        (
            "duplicate key",
            format!("{text}{}\n", line.replace("r#match", "find_things")),
        ),
    ] {
        let result = try_gen(KEYWORD_OP, Some(&edited));
        let mentioned = match &result {
            Err(problems) => problems.contains("api.lock"),
            Ok(g) => g
                .warnings
                .iter()
                .any(|w| w.to_string().contains("api.lock")),
        };
        if !mentioned {
            silent.push(edit);
        }
    }
    assert!(silent.is_empty(), "hand edits passed silently: {silent:?}");
}

const TWO_ERRORS: &str = r"
openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /a:
    get:
      operationId: getA
      responses:
        '204': {description: ok}
        '400': {description: bad}
        '404': {description: missing}
";

/// Status names are the one kind of lock name never checked for
/// collisions: a lock giving 404 the name of 400 generates an error enum
/// with two `BadRequest` variants (code that does not compile), without a
/// diagnostic.
#[test]
fn two_statuses_cannot_share_a_locked_name() {
    let old = gen_with(TWO_ERRORS, None);
    let edited = old
        .lock
        .render()
        .replace("\"name\":\"NotFound\"", "\"name\":\"BadRequest\"");
    assert_ne!(edited, old.lock.render());
    match try_gen(TWO_ERRORS, Some(&edited)) {
        Err(_) => {}
        Ok(g) => {
            let text = all_files(&g);
            let at = text.find("pub enum GetAError").expect("the error enum");
            let body = &text[at..at + text[at..].find('}').unwrap_or(0)];
            assert!(
                body.matches("BadRequest").count() < 2,
                "duplicate variants generated silently:\n{body}"
            );
        }
    }
}

const PAGE_SIZE: &str = r"
openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /a:
    get:
      operationId: getA
      parameters:
        - {name: page-size, in: query, schema: {type: integer}}
      responses:
        '204': {description: ok}
";

/// A new parameter whose derived name is a published one takes it when it
/// comes first: the published `page_size(..)` setter now sets the new
/// `page_size` parameter and the old one becomes `page_size_param`.
/// (Types get "a published name is never taken by a newcomer"; parameters
/// and oneOf alternatives do not.)
#[test]
fn a_new_parameter_does_not_take_a_published_parameter_name() {
    let after = PAGE_SIZE.replace(
        "      parameters:\n",
        "      parameters:\n        - {name: page_size, in: query, schema: {type: integer}}\n",
    );
    let (old, new) = evolve(PAGE_SIZE, &after);
    let name_of =
        |g: &Generated, wire: &str| param_name(g, ParamIn::Query, wire).unwrap_or_default();
    assert_eq!(
        name_of(&new, "page-size"),
        name_of(&old, "page-size"),
        "{}",
        new.changes.render()
    );
}

/// The lock accepts a type name only rustc's lint would reject: hand-editing
/// `Thing` to `thing` generates `pub struct thing` (a `non_camel_case_types`
/// warning that `-D warnings` turns into a failure).
#[test]
fn a_lowercase_type_name_in_the_lock_is_refused() {
    let spec = r"
openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /a:
    get:
      operationId: getA
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Thing'}
components:
  schemas:
    Thing: {type: object, properties: {x: {type: string}}}
";
    let old = gen_with(spec, None);
    let edited = old
        .lock
        .render()
        .replace("\"name\":\"Thing\"", "\"name\":\"thing\"");
    assert_ne!(edited, old.lock.render());
    let new = gen_with(spec, Some(&edited));
    assert!(
        !all_files(&new).contains("pub struct thing"),
        "a lower-case type name was generated"
    );
}

// --------------------------------------------------------------- the report

const LIMIT: &str = r"
openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /a/{id}:
    get:
      operationId: getA
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
        - {name: limit, in: query, schema: {type: integer}}
      responses:
        '204': {description: ok}
";

/// Renaming a path template variable (`{id}` → `{item_id}`) or moving an
/// optional parameter from the query to a header changes nothing users'
/// code can see except a positional argument's (irrelevant) name, yet the
/// report calls the first "operation removed" + "operation added" and the
/// second "parameter removed": a major release for a compatible change.
#[test]
fn compatible_parameter_edits_are_not_breaking() {
    let mut wrong = Vec::new();
    for (edit, after) in [
        (
            "path variable renamed",
            LIMIT
                .replace("/a/{id}", "/a/{item_id}")
                .replace("name: id,", "name: item_id,"),
        ),
        (
            "query parameter moved to a header",
            LIMIT.replace("name: limit, in: query", "name: limit, in: header"),
        ),
    ] {
        let (_, new) = evolve(LIMIT, &after);
        if new.changes.bump() == Bump::Major {
            wrong.push(format!("{edit}: {}", new.changes.render()));
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

// ------------------------------------------------------------- the changelog

fn one_change(impact: Impact, what: &str) -> ChangeReport {
    ChangeReport {
        changes: vec![Change {
            impact,
            what: what.to_owned(),
            at: "#/p".to_owned(),
        }],
    }
}

/// A CRLF changelog (a Windows checkout with autocrlf): entries are not
/// duplicated (`str::lines` drops the `\r`), but the rebuilt `[Unreleased]`
/// section is written with LF between a CRLF title and CRLF releases: the
/// file ends up with mixed line endings.
#[test]
fn changelog_merge_with_crlf_keeps_one_line_ending() {
    let report = one_change(Impact::Additive, "type `B` added");
    let crlf = format!(
        "{}\n## [0.1.0] - 2025-01-01\n\n- First.\n",
        fyno_codegen::report::changelog::merge("", &report)
    )
    .replace('\n', "\r\n");
    let merged = fyno_codegen::report::changelog::merge(
        &crlf,
        &one_change(Impact::Additive, "type `C` added"),
    );
    assert_eq!(merged.matches("Type `B` added").count(), 1, "{merged:?}");
    let lf_only = merged.matches('\n').count() - merged.matches("\r\n").count();
    assert!(
        lf_only == 0 || merged.matches("\r\n").count() == 0,
        "mixed line endings: {merged:?}"
    );
}

/// Keep a Changelog also has `Deprecated`, `Fixed` and `Security`, and
/// people write `*` bullets and prose; merge rebuilds `[Unreleased]` from
/// `Added`/`Changed`/`Removed` `- ` items only, deleting the rest.
#[test]
fn changelog_merge_keeps_hand_written_unreleased_content() {
    let existing = "# Changelog\n\n## [Unreleased]\n\nA note on this release.\n\n### Fixed\n\n- Hand-written fix.\n\n### Added\n\n* Star bullet.\n\n## [0.1.0] - 2025-01-01\n\n- First.\n";
    let merged = fyno_codegen::report::changelog::merge(
        existing,
        &one_change(Impact::Additive, "type `B` added"),
    );
    for kept in [
        "A note on this release.",
        "### Fixed",
        "Hand-written fix.",
        "Star bullet.",
    ] {
        assert!(merged.contains(kept), "lost {kept:?}:\n{merged}");
    }
}

/// Link reference definitions (Keep a Changelog's `[unreleased]: …compare…`)
/// after an `[Unreleased]` section that is the last one are deleted.
#[test]
fn changelog_merge_keeps_link_references() {
    let existing = "# Changelog\n\n## [Unreleased]\n\n### Added\n\n- Type `A` added (`#/a`).\n\n[unreleased]: https://example.com/compare/v0.1.0...HEAD\n";
    let merged = fyno_codegen::report::changelog::merge(
        existing,
        &one_change(Impact::Additive, "type `B` added"),
    );
    assert!(
        merged.contains("[unreleased]: https://example.com/compare"),
        "{merged}"
    );
}

/// A changelog without a title starting with its newest release: the new
/// `[Unreleased]` section is inserted after that release (the search for
/// "\n## " skips the first line), or appended at the end when there is only
/// one release.
#[test]
fn changelog_merge_puts_unreleased_above_every_release() {
    for existing in [
        "## [1.0.0] - 2025-02-01\n\n- Second.\n\n## [0.9.0] - 2025-01-01\n\n- First.\n",
        "## [1.0.0] - 2025-02-01\n\n- Only.\n",
    ] {
        let merged = fyno_codegen::report::changelog::merge(
            existing,
            &one_change(Impact::Additive, "type `B` added"),
        );
        let unreleased = merged.find("## [Unreleased]").expect("a section");
        let release = merged.find("## [1.0.0]").expect("the release");
        assert!(unreleased < release, "{merged}");
    }
}

// ------------------------------------------------ more identity and dedup

const INLINE: &str = r"
openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /a:
    get:
      operationId: getA
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {type: object, properties: {x: {type: string}}}
";

/// The vendor moves an inline response schema into `components` (the same
/// schema, now behind a `$ref`; nothing changes on the wire): the type is
/// found again by its structure and keeps its name (`GetAResponse`, not
/// `Thing`); the report calls it a move, documentation only. An
/// `x-rust-name` on the component changes nothing more.
#[test]
fn moving_an_inline_schema_to_a_component_keeps_its_type() {
    let after = INLINE.replace(
        "schema: {type: object, properties: {x: {type: string}}}",
        "schema: {$ref: '#/components/schemas/Thing'}\ncomponents:\n  schemas:\n    Thing: {type: object, properties: {x: {type: string}}}",
    );
    let (_, new) = evolve(INLINE, &after);
    let report = new.changes.render();
    assert_eq!(new.changes.bump(), Bump::Patch, "{report}");
    assert!(
        report.contains("type `GetAResponse` moved in the spec from `/paths/~1a/get/responses/200/content/application~1json/schema` to `/components/schemas/Thing`"),
        "{report}"
    );
    let kept = after.replace(
        "    Thing: {type: object,",
        "    Thing: {x-rust-name: GetAResponse, type: object,",
    );
    let (_, named) = evolve(INLINE, &kept);
    assert_eq!(
        named.changes.bump(),
        Bump::Patch,
        "{}",
        named.changes.render()
    );
}

const SHARED_SHAPES: &str = r"
openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /a:
    get:
      operationId: getA
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  first: {$ref: '#/components/schemas/Home'}
                  second: {$ref: '#/components/schemas/Work'}
components:
  schemas:
    Home: {type: object, properties: {street: {type: string}, floor: {type: integer}}}
    Work: {type: object, properties: {street: {type: string}}}
";

/// `Home` and `Work` were published apart and become identical: the lock
/// keeps them two types, but the split is made after structural classing,
/// so two *new* objects that reference them (`/b` → `Work`, `/c` → `Home`)
/// were already classed as identical and are merged into one type whose
/// member is `Home`: `/b`'s `office` field is typed `Home` though its
/// schema says `Work`.
#[test]
fn types_kept_apart_by_the_lock_keep_their_referrers_apart() {
    let after = SHARED_SHAPES
        .replace(", floor: {type: integer}", "")
        .replace(
            "components:\n",
            "  /b:\n    get:\n      operationId: getB\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {type: object, properties: {office: {$ref: '#/components/schemas/Work'}}}\n  /c:\n    get:\n      operationId: getC\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {type: object, properties: {office: {$ref: '#/components/schemas/Home'}}}\ncomponents:\n",
        );
    let (_, new) = evolve(SHARED_SHAPES, &after);
    let office_of = |path: &str| {
        let op = new
            .api
            .operations
            .iter()
            .find(|o| o.path == path)
            .expect("op");
        let Some(fyno_codegen::ir::Ty::Named(id)) = op.responses[0].ty.clone() else {
            panic!("named")
        };
        match &new.api.types.get(id).shape {
            fyno_codegen::ir::Shape::Struct(s) => type_name_of(&new, &s.fields[0].ty),
            _ => panic!("struct"),
        }
    };
    assert_eq!(office_of("/b"), "Work");
    assert_eq!(office_of("/c"), "Home");
}

/// Control (passes): a group that cannot be unified is warned about in
/// every round of the dedup loop, but `Diagnostics::into_sorted` drops the
/// identical repeats.
#[test]
fn control_a_split_is_warned_about_once() {
    let mut before = TWIN_OBJECTS.to_owned();
    before.push_str(
        &TWIN_OBJECTS_WITH_ENUM[TWIN_OBJECTS_WITH_ENUM.find("  /a:").expect("/a")..]
            .replace("/a:", "/c:")
            .replace("/b:", "/d:")
            .replace("getA", "getC")
            .replace("getB", "getD"),
    );
    let mut after = before.clone();
    let y = after.find("/b:").expect("/b");
    let at = y + after[y..].find("y: {type: string}").expect("y");
    after.replace_range(at..at + "y: {type: string}".len(), "y: {type: integer}");
    let at = after.rfind("enum: [a, b]").expect("second enum");
    after.replace_range(at..at + "enum: [a, b]".len(), "enum: [a, b, c]");
    let (_, new) = evolve(&before, &after);
    let splits: Vec<String> = new
        .warnings
        .iter()
        .map(ToString::to_string)
        .filter(|w| w.contains("can no longer be one") && w.contains("GetAResponse"))
        .collect();
    assert_eq!(splits.len(), 1, "{splits:#?}");
}

// ------------------------------------- controls: verdicts that are right

/// Edits the brief asked about that the report gets right (these pass).
#[test]
fn control_breaking_edits_are_called_breaking() {
    const BASE: &str = r"
openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /a:
    get:
      operationId: getA
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Thing'}
components:
  schemas:
    Thing:
      type: object
      required: [x]
      properties:
        x: {type: string}
        mode: {$ref: '#/components/schemas/Mode'}
    Mode: {type: string, enum: [fast, slow]}
";
    let edits = [
        (
            "new required query parameter",
            BASE.replace(
                "      operationId: getA\n",
                "      operationId: getA\n      parameters:\n        - {name: q, in: query, required: true, schema: {type: string}}\n",
            ),
        ),
        (
            "second success status",
            BASE.replace(
                "      responses:\n",
                "      responses:\n        '202': {description: later}\n",
            ),
        ),
        (
            "required field becomes nullable",
            BASE.replace("x: {type: string}", "x: {type: string, nullable: true}"),
        ),
        (
            "renamed by x-rust-name",
            BASE.replace("    Thing:\n", "    Thing:\n      x-rust-name: Item\n"),
        ),
        (
            "enum becomes a oneOf",
            BASE.replace(
                "Mode: {type: string, enum: [fast, slow]}",
                "Mode: {oneOf: [{type: string}, {type: integer}]}",
            ),
        ),
        (
            "field removed",
            BASE.replace("        mode: {$ref: '#/components/schemas/Mode'}\n", ""),
        ),
    ];
    let mut wrong = Vec::new();
    for (edit, after) in edits {
        let (_, new) = evolve(BASE, &after);
        if new.changes.bump() != Bump::Major {
            wrong.push(format!("{edit}: {}", new.changes.render()));
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

// ------------------------------------------ the report's premise is false

/// report.rs: "Generated structs and enums are `#[non_exhaustive]` ... so a
/// new optional field, enum value, alternative, status or operation is
/// additive". Nothing in the generator emits `#[non_exhaustive]`, and every
/// field is `pub`: a new optional field breaks `Prefs { a, b }` literals and
/// exhaustive patterns, a new enum value or error status breaks exhaustive
/// `match`es. cargo-semver-checks says major for four of the evolution
/// fixtures (`cargo test -p fyno-workspace-tests --test api_evolution --
/// --include-ignored`: optional-field-added, enum-value-added,
/// error-status-added, duplicate-diverged) where the report says minor.
#[test]
fn additions_the_report_calls_additive_do_not_break_struct_literals_or_matches() {
    let after = PREFS.replace(
        "        b: {type: string, nullable: true}\n",
        "        b: {type: string, nullable: true}\n        c: {type: string}\n",
    );
    let (_, new) = evolve(PREFS, &after);
    let text = all_files(&new);
    let at = text.find("pub struct Prefs").expect("Prefs");
    let attrs = &text[text[..at].rfind("\n\n").unwrap_or(0)..at];
    assert!(
        attrs.contains("#[non_exhaustive]") || new.changes.bump() == Bump::Major,
        "`Prefs` is exhaustive yet a new field is called {}:\n{attrs}",
        new.changes.bump().as_str()
    );
}

// ------------------------------------------- components sharing a wire name

const TWO_FILTER_COMPONENTS: &str = r"
openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /addons:
    get:
      parameters: [{$ref: '#/components/parameters/addon_filter'}]
      responses: {'204': {description: ok}}
  /windows:
    get:
      parameters: [{$ref: '#/components/parameters/window_filter'}]
      responses: {'204': {description: ok}}
components:
  parameters:
    addon_filter:
      {name: filter, in: query, schema: {type: string, enum: [full_page_addon, incident_show_addon]}}
    window_filter:
      {name: filter, in: query, schema: {type: string, enum: [past, future, ongoing]}}
";

/// Two `components/parameters` with one wire name (`filter`) are two places:
/// a parameter's position in a list moves, a component's name does not. Keyed
/// by wire name alone they shared one lock pointer, and regenerating from the
/// crate's own lock merged them into one type: 78 breaking changes reported
/// for an unchanged `pagerduty-rest.json`.
#[test]
fn components_sharing_a_wire_name_stay_apart_when_regenerated() {
    let first = gen_with(TWO_FILTER_COMPONENTS, None);
    let again = gen_with(TWO_FILTER_COMPONENTS, Some(&first.lock.render()));
    assert!(again.changes.is_empty(), "{}", again.changes.render());
    assert_eq!(first.files, again.files);
    assert_eq!(first.lock.render(), again.lock.render());
    let types: Vec<String> = first
        .api
        .operations
        .iter()
        .map(|op| type_name_of(&first, &op.query_params[0].ty))
        .collect();
    assert_eq!(types.len(), 2);
    assert_ne!(types[0], types[1], "two enums, two types");
}

const TWO_SCHEMES: &str = r"
openapi: 3.0.3
info: {title: T, version: '1'}
security: [{token: []}, {key: []}]
paths:
  /a:
    get:
      operationId: getA
      responses:
        '204': {description: ok}
components:
  securitySchemes:
    token: {type: http, scheme: bearer}
    key: {type: apiKey, in: header, name: X-Key}
";

/// Renaming the schemes' keys and reordering them changes no setter and
/// no variable: a credential is known by how it travels.
#[test]
fn renamed_and_reordered_schemes_keep_their_setters() {
    let after = TWO_SCHEMES
        .replace(
            "security: [{token: []}, {key: []}]",
            "security: [{bearerAuth: []}, {apiKeyAuth: []}]",
        )
        .replace(
            "    token: {type: http, scheme: bearer}\n    key: {type: apiKey, in: header, name: X-Key}\n",
            "    apiKeyAuth: {type: apiKey, in: header, name: x-key}\n    bearerAuth: {type: http, scheme: bearer}\n",
        );
    let (old, new) = evolve(TWO_SCHEMES, &after);
    for g in [&old, &new] {
        let code = all_files(g);
        for expected in ["pub fn token(", "pub fn key(", "\"T_TOKEN\"", "\"T_KEY\""] {
            assert!(code.contains(expected), "no `{expected}`");
        }
    }
    assert!(
        !all_files(&new).contains("pub fn bearer_auth("),
        "no setter named after the new key"
    );
    assert_eq!(
        new.changes.count(Impact::Breaking),
        0,
        "{}",
        new.changes.render()
    );
}

/// A second scheme that travels as the first one does (two bearer tokens)
/// makes identities name their keys; the published one keeps its setter.
#[test]
fn a_second_bearer_scheme_keeps_the_published_setter() {
    let after = SECURED
        .replace(
            "security: [{token: []}]",
            "security: [{token: []}, {admin: []}]",
        )
        .replace(
            "    token: {type: http, scheme: bearer}\n",
            "    token: {type: http, scheme: bearer}\n    admin: {type: http, scheme: bearer}\n",
        );
    let (old, new) = evolve(SECURED, &after);
    for g in [&old, &new] {
        assert!(
            all_files(g).contains("pub fn api_key("),
            "api_key(..) is kept"
        );
    }
    assert!(all_files(&new).contains("pub fn admin("));
    assert_eq!(
        new.changes.count(Impact::Breaking),
        0,
        "{}",
        new.changes.render()
    );
}

/// A lock written before credentials were known by how they travel (keyed
/// by the scheme's key, no variables, the header as the spec spelled it)
/// reads as the same credential.
#[test]
fn an_older_lock_keeps_its_credential_unchanged() {
    let spec = SECURED.replace(
        "    token: {type: http, scheme: bearer}\n",
        "    token: {type: apiKey, in: header, name: X-Api-Key}\n",
    );
    let (old, _) = evolve(&spec, &spec);
    let line = old
        .lock
        .render()
        .lines()
        .find(|l| l.contains("\"credential\""))
        .map(str::to_owned)
        .unwrap_or_default();
    let before = r#"{"key":["credential","token"],"name":"api_key","sig":"HeaderKey(\"X-Api-Key\"), required","at":"/components/securitySchemes/token"}"#;
    let lock = old.lock.render().replace(&line, before);
    let again = fyno_workspace_tests::generate_keeping(&spec, Some(&lock))
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(again.changes.is_empty(), "{}", again.changes.render());
    assert!(all_files(&again).contains("pub fn api_key("));
}

/// A lock written when path arguments followed the declared order keeps
/// that order: `get_a(item, user)` does not silently become
/// `get_a(user, item)` (both strings).
#[test]
fn an_older_lock_keeps_its_path_argument_order() {
    let spec = r"
openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /u/{user}/i/{item}:
    get:
      operationId: getA
      parameters:
      - {name: item, in: path, required: true, schema: {type: string}}
      - {name: user, in: path, required: true, schema: {type: string}}
      responses:
        '204': {description: ok}
";
    let fresh =
        fyno_workspace_tests::generate_keeping(spec, None).unwrap_or_else(|e| panic!("{e}"));
    let wires = |g: &Generated| -> Vec<String> {
        g.api.operations[0]
            .path_params
            .iter()
            .map(|p| p.wire.clone())
            .collect()
    };
    assert_eq!(
        wires(&fresh),
        ["user", "item"],
        "template order without a lock"
    );
    // The lock of an earlier generator: `path #0` was the first declared.
    let lock = fresh
        .lock
        .render()
        .replace(r#""path #0"],"name":"user""#, r#""path #0"],"name":"item""#)
        .replace(r#""path #1"],"name":"item""#, r#""path #1"],"name":"user""#)
        .replace("parameters/path:user", "parameters/0")
        .replace("parameters/path:item", "parameters/1");
    let kept =
        fyno_workspace_tests::generate_keeping(spec, Some(&lock)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(wires(&kept), ["item", "user"], "the published order");
    let path_params = kept.api.operations[0].path_params.len();
    assert_eq!(
        kept.names.operation(0).params[..path_params],
        ["item", "user"]
    );
    assert_eq!(
        kept.changes.count(Impact::Breaking),
        0,
        "{}",
        kept.changes.render()
    );
}

/// A lock written before parameters were named by `in:name` recorded the
/// author's position: a parameter of the same name arriving in another
/// location (and sorting before it) does not take the published setter.
#[test]
fn an_older_lock_keeps_a_setter_with_its_parameter() {
    let spec = |extra: &str| {
        format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /things:\n    get:\n      operationId: getThings\n      parameters:\n      - {{name: id, in: query, schema: {{type: string}}}}\n{extra}      responses:\n        '200': {{description: ok}}\n"
        )
    };
    let first =
        fyno_workspace_tests::generate_keeping(&spec(""), None).unwrap_or_else(|e| panic!("{e}"));
    let lock = first
        .lock
        .render()
        .replace("parameters/query:id", "parameters/0");
    let after = spec("      - {name: id, in: header, schema: {type: string}}\n");
    let kept = fyno_workspace_tests::generate_keeping(&after, Some(&lock))
        .unwrap_or_else(|e| panic!("{e}"));
    let query = param_name(&kept, ParamIn::Query, "id");
    assert_eq!(query.as_deref(), Some("id"), "{}", kept.changes.render());
    assert_eq!(
        kept.changes.count(Impact::Breaking),
        0,
        "{}",
        kept.changes.render()
    );
}
