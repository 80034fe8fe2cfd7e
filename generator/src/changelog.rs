//! `CHANGELOG.md` in [Keep a Changelog](https://keepachangelog.com/en/1.1.0/)
//! form: a change report is merged into the `[Unreleased]` section, under
//! `Added`, `Changed` and `Removed`, with the release the section needs so far.

use crate::report::{Bump, Change, ChangeReport, Impact};

const TITLE: &str = "# Changelog\n\n\
All notable changes to this crate are documented in this file. The format is based on\n\
[Keep a Changelog](https://keepachangelog.com/en/1.1.0/), and this crate adheres to\n\
[Semantic Versioning](https://semver.org/spec/v2.0.0.html). Entries under `[Unreleased]`\n\
are written by `cargo xtask codegen` from the API change report.\n";

const UNRELEASED: &str = "## [Unreleased]";
const RELEASE_LINE: &str = "Release as: ";
const SECTIONS: [&str; 3] = ["### Added", "### Changed", "### Removed"];

/// `existing` (empty for a new file) with `report` merged into its
/// `[Unreleased]` section. Lines already there are kept, and a change
/// already listed is not listed twice.
pub fn merge(existing: &str, report: &ChangeReport) -> String {
    let text = if existing.trim().is_empty() {
        TITLE.to_owned()
    } else {
        existing.to_owned()
    };
    let (before, section, after) = split_unreleased(&text);
    let mut bump = section_bump(&section).max(report.bump());
    if report.is_empty() {
        bump = section_bump(&section);
    }
    let mut lists: [Vec<String>; 3] = SECTIONS.map(|heading| section_lines(&section, heading));
    for change in &report.changes {
        let (index, line) = changelog_line(change);
        if !lists[index].contains(&line) {
            lists[index].push(line);
        }
    }
    let mut out = String::from(before.trim_end());
    out.push_str("\n\n");
    out.push_str(UNRELEASED);
    out.push_str("\n\n");
    if bump != Bump::None {
        out.push_str(&format!("{RELEASE_LINE}**{}**\n\n", bump.as_str()));
    }
    for (heading, lines) in SECTIONS.iter().zip(&lists) {
        if !lines.is_empty() {
            out.push_str(heading);
            out.push_str("\n\n");
            for line in lines {
                out.push_str(line);
                out.push('\n');
            }
            out.push('\n');
        }
    }
    if !after.trim().is_empty() {
        out.push_str(after.trim_start());
    }
    format!("{}\n", out.trim_end())
}

/// Text before the `[Unreleased]` section, the section's body, and the rest.
fn split_unreleased(text: &str) -> (String, String, String) {
    let Some(start) = text.find(UNRELEASED) else {
        // A new section goes before the first release.
        return match text.find("\n## ") {
            Some(at) => (
                text[..at].to_owned(),
                String::new(),
                text[at + 1..].to_owned(),
            ),
            None => (text.to_owned(), String::new(), String::new()),
        };
    };
    let body_start = start + UNRELEASED.len();
    let body_end = text[body_start..]
        .find("\n## ")
        .map_or(text.len(), |at| body_start + at + 1);
    (
        text[..start].to_owned(),
        text[body_start..body_end].to_owned(),
        text[body_end..].to_owned(),
    )
}

fn section_bump(section: &str) -> Bump {
    let Some(line) = section.lines().find(|l| l.starts_with(RELEASE_LINE)) else {
        return Bump::None;
    };
    [Bump::Major, Bump::Minor, Bump::Patch]
        .into_iter()
        .find(|b| line.contains(&format!("**{}**", b.as_str())))
        .unwrap_or(Bump::None)
}

/// The list items under `heading` in an `[Unreleased]` body.
fn section_lines(section: &str, heading: &str) -> Vec<String> {
    let mut lines = section.lines().skip_while(|l| l.trim() != heading).skip(1);
    let mut out = Vec::new();
    for line in lines.by_ref() {
        if line.starts_with("### ") {
            break;
        }
        if line.starts_with("- ") || (line.starts_with("  ") && !out.is_empty()) {
            out.push(line.to_owned());
        }
    }
    out
}

/// The section (index into [`SECTIONS`]) and the list item for a change.
fn changelog_line(change: &Change) -> (usize, String) {
    let breaking = if change.impact == Impact::Breaking {
        "**Breaking:** "
    } else {
        ""
    };
    let section = if change.what.ends_with(" removed") {
        2
    } else if change.impact == Impact::Additive {
        0
    } else {
        1
    };
    let mut what = change.what.clone();
    if let Some(first) = what.get(..1) {
        let upper = first.to_uppercase();
        what.replace_range(..1, &upper);
    }
    (section, format!("- {breaking}{what} (`{}`).", change.at))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(impact: Impact, what: &str) -> ChangeReport {
        ChangeReport {
            changes: vec![Change {
                impact,
                what: what.to_owned(),
                at: "#/p".to_owned(),
            }],
        }
    }

    #[test]
    fn entries_merge_into_unreleased_and_keep_the_largest_bump() {
        let first = merge("", &report(Impact::Breaking, "type `A` removed"));
        assert!(
            first.contains("## [Unreleased]\n\nRelease as: **major**"),
            "{first}"
        );
        assert!(
            first.contains("### Removed\n\n- **Breaking:** Type `A` removed (`#/p`)."),
            "{first}"
        );
        let second = merge(&first, &report(Impact::Additive, "type `B` added"));
        assert!(second.contains("Release as: **major**"), "{second}");
        assert!(
            second.contains("### Added\n\n- Type `B` added (`#/p`)."),
            "{second}"
        );
        assert!(
            second.contains("- **Breaking:** Type `A` removed"),
            "{second}"
        );
        assert_eq!(
            merge(&second, &report(Impact::Additive, "type `B` added")),
            second
        );
    }

    #[test]
    fn releases_below_are_kept() {
        let text = format!("{TITLE}\n## [0.1.0] - 2026-01-01\n\n- First.\n");
        let merged = merge(
            &text,
            &report(Impact::Documentation, "documentation of type `A` edited"),
        );
        let unreleased = merged.find(UNRELEASED).unwrap_or(usize::MAX);
        let release = merged.find("## [0.1.0]").unwrap_or(0);
        assert!(unreleased < release, "{merged}");
        assert!(merged.contains("Release as: **patch**"), "{merged}");
        assert!(merged.ends_with("- First.\n"), "{merged}");
    }
}
