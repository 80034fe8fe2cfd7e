//! Moved and renamed schemas keep their types: a vendor's export tool
//! renames every component and moves every inline response schema into
//! `components` (`src/refactor.rs`), and regenerating with the lock the
//! original document published leaves the crate's public surface as it
//! was: every type, member, method and signature, under the same names.
//! Fyno's overlays follow by one `--retarget-overlays` run.

use fyno_codegen::Generated;
use fyno_codegen::lock::{ApiLock, Entry, kind};
use fyno_codegen::report::Impact;
use fyno_workspace_tests::refactor::{Refactored, refactor};
use std::collections::BTreeMap;
use std::fs;
use xtask::{Job, generate_with_lock, workspace_root};

/// What users see of one public item: its kind, its owner's name, its
/// name, signature and deprecation. Keys and places are left out: they are
/// where the item is in the spec, which is what changed.
type Seen = (String, String, String, String, String);

fn surface(lock: &ApiLock) -> Vec<Seen> {
    let owner = |entry: &Entry| -> String {
        let Some(place) = entry.key.get(1) else {
            return String::new();
        };
        match entry.kind() {
            kind::FIELD | kind::VARIANT | kind::ALTERNATIVE | kind::CATCH_ALL => lock
                .get(&[kind::TYPE.to_owned(), place.clone()])
                .map(|t| t.name.clone())
                .unwrap_or_else(|| format!("? {place}")),
            kind::TYPE => String::new(),
            _ => place.clone(),
        }
    };
    let mut seen: Vec<Seen> = lock
        .entries
        .values()
        .map(|e| {
            (
                e.kind().to_owned(),
                owner(e),
                e.name.clone(),
                e.sig.clone(),
                e.deprecated.clone(),
            )
        })
        .collect();
    seen.sort();
    seen
}

/// Items of `after` users did not see in `before`, and the reverse.
fn differences(before: &Generated, after: &Generated) -> (Vec<Seen>, Vec<Seen>) {
    let (old, new) = (surface(&before.lock), surface(&after.lock));
    let added = new.iter().filter(|s| !old.contains(s)).cloned().collect();
    let removed = old.iter().filter(|s| !new.contains(s)).cloned().collect();
    (added, removed)
}

fn moves_reported(after: &Generated) -> usize {
    after
        .changes
        .changes
        .iter()
        .filter(|c| c.what.contains(" moved in the spec from "))
        .count()
}

/// A corpus document's crate, and its crate after the refactor keeping
/// the first's lock: `None` when the document is refused as it is.
fn regenerated(name: &str) -> Option<(Generated, Refactored, Result<Generated, String>)> {
    let path = workspace_root().join("corpus/specs").join(name);
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
    let before = fyno_workspace_tests::generate_named(name, &text, None).ok()?;
    let mut diags = fyno_codegen::diagnostics::Diagnostics::new();
    let source = fyno_codegen::SourceFile { name, text: &text };
    let document = fyno_codegen::load::read_document(source, &mut diags)
        .unwrap_or_else(|| panic!("{name}: {diags:?}"));
    let refactored = refactor(&document);
    let lock = before.lock.render();
    let moved_text = serde_json::to_string_pretty(&refactored.document).unwrap_or_default();
    let after = fyno_workspace_tests::generate_named(name, &moved_text, Some(&lock));
    Some((before, refactored, after))
}

#[test]
fn corpus_documents_keep_their_surface_when_every_schema_moves() {
    for name in ["redocly-museum.yaml", "xero-files.yaml"] {
        let (before, refactored, after) =
            regenerated(name).unwrap_or_else(|| panic!("{name} is refused"));
        let after = after.unwrap_or_else(|e| panic!("{name}: {e}"));
        let (added, removed) = differences(&before, &after);
        assert!(
            added.is_empty() && removed.is_empty(),
            "{name}: added {added:#?}\nremoved {removed:#?}\n{}",
            after.changes.render()
        );
        let report = after.changes.render();
        assert_eq!(after.changes.count(Impact::Breaking), 0, "{name}: {report}");
        assert_eq!(after.changes.count(Impact::Additive), 0, "{name}: {report}");
        assert!(
            moves_reported(&after) >= refactored.moved.len() / 2,
            "{name}: {} places moved, the report says\n{report}",
            refactored.moved.len()
        );
    }
}

/// Fyno's document refactored as above, regenerated as its maintainer
/// would: `cargo xtask codegen --retarget-overlays` on (copies of) Fyno's
/// overlays, keeping the names of the committed lock.
#[test]
fn fyno_keeps_its_surface_when_every_schema_moves() {
    let root = workspace_root();
    let baseline = xtask::generate(&Job::project(&root), &root).unwrap_or_else(|f| panic!("{f}"));
    let dir = root.join("target/moves/fyno");
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("mkdir");
    let mut job = Job::project(&root);
    let text = fs::read_to_string(&job.spec).expect("read the spec");
    let mut diags = fyno_codegen::diagnostics::Diagnostics::new();
    let document = fyno_codegen::load::read_document(
        fyno_codegen::SourceFile {
            name: "fyno-openapi.yaml",
            text: &text,
        },
        &mut diags,
    )
    .expect("the spec reads");
    let refactored = refactor(&document);
    job.spec = dir.join("fyno-openapi.json");
    fs::write(
        &job.spec,
        serde_json::to_string_pretty(&refactored.document).unwrap_or_default(),
    )
    .expect("write the spec");
    for overlay in &mut job.overlays {
        let copy = dir.join(overlay.file_name().expect("a file"));
        fs::copy(&*overlay, &copy).expect("copy an overlay");
        *overlay = copy;
    }
    let lock = baseline.lock.render();
    let retargeted = xtask::retarget::retarget_overlays(&job, &root, Some(&lock))
        .unwrap_or_else(|f| panic!("{f}"));
    let after = generate_with_lock(&job, &root, Some(&lock)).unwrap_or_else(|f| panic!("{f}"));
    assert_retargeted_as_moved(&retargeted, &refactored.moved);
    let (added, removed) = differences(&baseline, &after);
    let report = after.changes.render();
    assert!(
        removed.is_empty(),
        "removed {removed:#?}\n{report}\n{retargeted:#?}"
    );
    // One addition is the refactor's own: Fyno's placeholder schema of the
    // `SubscriptionUpdated` response, which a correction replaces, is a
    // component now, so it is generated; nothing refers to it (a
    // maintainer would remove it with a correction).
    let orphans: Vec<&str> = added
        .iter()
        .filter(|(kind, ..)| kind == "type")
        .map(|(_, _, name, ..)| name.as_str())
        .collect();
    assert_eq!(orphans, ["ExtractedResponse11"], "{added:#?}\n{report}");
    for (kind, owner, name, ..) in &added {
        assert!(
            kind == "type" || owner == "ExtractedResponse11",
            "{name}: {added:#?}"
        );
    }
    let used = after
        .lock
        .entries
        .values()
        .filter(|e| e.name != "ExtractedResponse11")
        .any(|e| e.sig.contains("ExtractedResponse11"));
    assert!(!used, "the orphan is referred to:\n{report}");
    assert_eq!(after.changes.count(Impact::Breaking), 0, "{report}");
    assert_eq!(after.changes.count(Impact::Additive), 1, "{report}");
    assert!(moves_reported(&after) >= 60, "{report}");
}

/// Each `retargeted … `old` → `new`` line follows the refactor: the place
/// the old target (or `$ref`) starts with moved where the new one starts.
fn assert_retargeted_as_moved(lines: &[String], moved: &BTreeMap<String, String>) {
    assert!(!lines.is_empty(), "nothing was retargeted");
    // The refactor's places as Fyno's overlays write them.
    let written = |pointer: &str| -> (String, String) {
        let tokens: Vec<String> = pointer
            .split('/')
            .skip(1)
            .map(|t| t.replace("~1", "/").replace("~0", "~"))
            .collect();
        let mut path = String::from("$");
        for token in &tokens {
            if token.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                && !token.starts_with(|c: char| c.is_ascii_digit())
            {
                path.push('.');
                path.push_str(token);
            } else {
                path.push_str(&format!("['{token}']"));
            }
        }
        (path, format!("#{pointer}"))
    };
    for line in lines {
        let (old, new) = line
            .rsplit_once(": `")
            .and_then(|(_, rest)| rest.strip_suffix('`'))
            .and_then(|rest| rest.split_once("` → `"))
            .unwrap_or_else(|| panic!("not a retarget line: {line}"));
        let followed = moved.iter().any(|(from, to)| {
            let ((from_path, from_ref), (to_path, to_ref)) = (written(from), written(to));
            let (from, to) = if old.starts_with('#') {
                (from_ref, to_ref)
            } else {
                (from_path, to_path)
            };
            old.strip_prefix(from.as_str())
                .filter(|rest| rest.is_empty() || rest.starts_with(['.', '[', '/']))
                .is_some_and(|rest| new == format!("{to}{rest}"))
        });
        assert!(followed, "retargeted unlike the refactor: {line}");
    }
}

const TWO_ALIASES: &str = r"
openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /a:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  home: {$ref: '#/components/schemas/Home'}
                  work: {$ref: '#/components/schemas/Work'}
components:
  schemas:
    Home: {type: string}
    Work: {type: string}
    Spare: {type: string}
    Other: {type: string}
";

/// Four components that are all "a string" are renamed: the two a field
/// refers to are told apart by it and keep their names; the two nothing
/// refers to cannot be, so they are new types (a breaking release), and a
/// warning says why instead of guessing.
#[test]
fn schemas_of_one_structure_are_told_apart_by_references_or_not_at_all() {
    let before = fyno_workspace_tests::generate_keeping(TWO_ALIASES, None).expect("generates");
    let renamed = TWO_ALIASES
        .replace("Home", "Residence")
        .replace("Work", "Office")
        .replace("Spare", "Extra")
        .replace("Other", "Another");
    let after = fyno_workspace_tests::generate_keeping(&renamed, Some(&before.lock.render()))
        .expect("generates");
    let names: Vec<&str> = after
        .names
        .types()
        .iter()
        .map(|t| t.name.as_str())
        .collect();
    assert!(
        names.contains(&"Home") && names.contains(&"Work"),
        "{names:?}"
    );
    assert!(
        names.contains(&"Extra") && names.contains(&"Another"),
        "{names:?}"
    );
    let report = after.changes.render();
    assert!(
        report.contains("type `Home` moved in the spec from `/components/schemas/Home` to `/components/schemas/Residence`"),
        "{report}"
    );
    assert!(report.contains("type `Spare` removed"), "{report}");
    let warning = after
        .warnings
        .iter()
        .map(ToString::to_string)
        .find(|w| w.contains("which is which cannot be told"))
        .unwrap_or_else(|| panic!("no warning: {:?}", after.warnings));
    assert!(
        warning.contains("`Other`") && warning.contains("`Spare`"),
        "{warning}"
    );
}

#[test]
#[ignore = "a measurement (about a minute): run with --ignored --nocapture"]
fn measure_the_corpus_when_every_schema_moves() {
    let only = std::env::var("SURVEY").ok();
    let mut failures = Vec::new();
    for path in fyno_workspace_tests::corpus_documents("specs") {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if only.as_deref().is_some_and(|o| o != name) {
            continue;
        }
        let Some((before, refactored, after)) = regenerated(&name) else {
            println!("{name}: not generated (refused as it is)");
            continue;
        };
        let after = match after {
            Ok(after) => after,
            Err(e) => {
                failures.push(format!("{name}: {e}"));
                continue;
            }
        };
        let (added, removed) = differences(&before, &after);
        let ambiguous = after
            .warnings
            .iter()
            .filter(|w| w.message.contains("cannot be told"))
            .count();
        println!(
            "{name}: {} places moved; {} added, {} removed; {} breaking; {} moves; {ambiguous} ambiguous",
            refactored.moved.len(),
            added.len(),
            removed.len(),
            after.changes.count(Impact::Breaking),
            moves_reported(&after),
        );
        if only.is_some() {
            println!(
                "added {added:#?}\nremoved {removed:#?}\n{}",
                after.changes.render()
            );
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

const REPLACED_V1: &str = r"
openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /old:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {type: object, properties: {message: {type: string}}}
  /user:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/User'}
components:
  schemas:
    User: {type: object, properties: {email: {$ref: '#/components/schemas/Email'}}}
    Email: {type: string}
";

/// A release removes a string alias and a one-member object and adds
/// unrelated ones of the same structure: a structure that says so little is
/// not taken for a move without a place or a reference that says so, so
/// the newcomers keep their own names and the report says what was
/// removed.
#[test]
fn a_structure_that_says_little_is_not_a_move_by_itself() {
    let before = fyno_workspace_tests::generate_keeping(REPLACED_V1, None).expect("generates");
    let v2 = REPLACED_V1
        .replace("/old:", "/brand-new:")
        .replace(
            "email: {$ref: '#/components/schemas/Email'}",
            "phone: {$ref: '#/components/schemas/PhoneNumber'}",
        )
        .replace(
            "    Email: {type: string}",
            "    PhoneNumber: {type: string}",
        );
    let after = fyno_workspace_tests::generate_keeping(&v2, Some(&before.lock.render()))
        .expect("generates");
    let names: Vec<&str> = after
        .names
        .types()
        .iter()
        .map(|t| t.name.as_str())
        .collect();
    assert!(names.contains(&"PhoneNumber"), "{names:?}");
    assert!(
        !names.contains(&"Email") && !names.contains(&"GetOldResponse"),
        "{names:?}"
    );
    let report = after.changes.render();
    assert!(report.contains("type `Email` removed"), "{report}");
    assert!(!report.contains("moved in the spec"), "{report}");
}
