//! `CHANGELOG.md` in [Keep a Changelog](https://keepachangelog.com/en/1.1.0/)
//! form: a change report is merged into the `[Unreleased]` section, under
//! `Added`, `Changed`, `Deprecated` and `Removed`, with the release the section needs so far.

use crate::report::{Bump, Change, ChangeReport, Impact};

const TITLE: &str = "# Changelog\n\n\
All notable changes to this crate are documented in this file. The format is based on\n\
[Keep a Changelog](https://keepachangelog.com/en/1.1.0/), and this crate adheres to\n\
[Semantic Versioning](https://semver.org/spec/v2.0.0.html). Entries under `[Unreleased]`\n\
are written by `cargo xtask codegen` from the API change report.\n";

const UNRELEASED: &str = "## [Unreleased]";
const RELEASE_LINE: &str = "Release as: ";
/// The sections the report writes, in the order Keep a Changelog lists them
/// among its others (`Fixed`, `Security` are kept as written).
const SECTIONS: [&str; 4] = ["### Added", "### Changed", "### Deprecated", "### Removed"];
const CANONICAL_ORDER: [&str; 6] = [
    "### Added",
    "### Changed",
    "### Deprecated",
    "### Removed",
    "### Fixed",
    "### Security",
];

/// `existing` (empty for a new file) with `report` merged into its
/// `[Unreleased]` section: new items go under `Added`, `Changed`, `Deprecated` or
/// `Removed` (created where missing); everything else in the file, other
/// sections, prose and link references included, is kept as written, line
/// endings too. A change already listed is not listed twice.
pub fn merge(existing: &str, report: &ChangeReport) -> String {
    let crlf = existing.contains("\r\n");
    let text = existing.replace("\r\n", "\n");
    let text = if text.trim().is_empty() {
        TITLE.to_owned()
    } else {
        text
    };
    let lines: Vec<&str> = text.lines().collect();
    let (head, body, tail) = split_unreleased(&lines);
    let mut section = Unreleased::parse(body);
    section.bump = section.bump.max(report.bump());
    for change in &report.changes {
        let (index, line) = changelog_line(change);
        section.add(SECTIONS[index], line);
    }
    let mut out = String::new();
    for line in head {
        out.push_str(line);
        out.push('\n');
    }
    let mut out = format!("{}\n\n", out.trim_end());
    out.push_str(&section.render());
    for line in tail {
        out.push_str(line);
        out.push('\n');
    }
    let out = format!("{}\n", out.trim_end());
    if crlf { out.replace('\n', "\r\n") } else { out }
}

/// Whether a line ends a section: a release heading or a link reference
/// definition (`[unreleased]: https://…`), which Keep a Changelog puts last.
fn ends_section(line: &str) -> bool {
    line.starts_with("## ") || is_link_reference(line)
}

fn is_link_reference(line: &str) -> bool {
    line.starts_with('[') && line.contains("]: ")
}

/// The lines before `[Unreleased]`, its body, and the lines after. Without
/// one, the section goes before the first release (or link references).
fn split_unreleased<'t>(lines: &[&'t str]) -> (Vec<&'t str>, Vec<&'t str>, Vec<&'t str>) {
    match lines.iter().position(|l| l.trim() == UNRELEASED) {
        Some(at) => {
            let end = lines[at + 1..]
                .iter()
                .position(|l| ends_section(l))
                .map_or(lines.len(), |e| at + 1 + e);
            (
                lines[..at].to_vec(),
                lines[at + 1..end].to_vec(),
                lines[end..].to_vec(),
            )
        }
        None => {
            let at = lines
                .iter()
                .position(|l| ends_section(l))
                .unwrap_or(lines.len());
            (lines[..at].to_vec(), Vec::new(), lines[at..].to_vec())
        }
    }
}

/// The `[Unreleased]` section: its release line, prose, and `###` sections.
struct Unreleased {
    bump: Bump,
    prose: Vec<String>,
    sections: Vec<(String, Vec<String>)>,
}

impl Unreleased {
    fn parse(body: Vec<&str>) -> Self {
        let mut section = Unreleased {
            bump: Bump::None,
            prose: Vec::new(),
            sections: Vec::new(),
        };
        for line in body {
            if let Some(rest) = line.strip_prefix(RELEASE_LINE) {
                section.bump = [Bump::Major, Bump::Minor, Bump::Patch]
                    .into_iter()
                    .find(|b| rest.contains(&format!("**{}**", b.as_str())))
                    .unwrap_or(Bump::None);
            } else if line.starts_with("### ") {
                section
                    .sections
                    .push((line.trim_end().to_owned(), Vec::new()));
            } else if let Some((_, lines)) = section.sections.last_mut() {
                lines.push(line.to_owned());
            } else {
                section.prose.push(line.to_owned());
            }
        }
        section
    }

    /// Adds a list item under `heading` unless that section already has it.
    fn add(&mut self, heading: &str, item: String) {
        let index = match self.sections.iter().position(|(h, _)| h == heading) {
            Some(index) => index,
            None => self.insert_section(heading),
        };
        let lines = &mut self.sections[index].1;
        if lines.iter().any(|l| l.trim_end() == item) {
            return;
        }
        let after_last_item = lines
            .iter()
            .rposition(|l| !l.trim().is_empty())
            .map_or(0, |i| i + 1);
        lines.insert(after_last_item, item);
    }

    /// A new, empty section where Keep a Changelog's order puts it.
    fn insert_section(&mut self, heading: &str) -> usize {
        let rank = |h: &str| CANONICAL_ORDER.iter().position(|c| *c == h);
        let mine = rank(heading);
        let at = self
            .sections
            .iter()
            .position(
                |(h, _)| matches!((rank(h), mine), (Some(theirs), Some(mine)) if theirs > mine),
            )
            .unwrap_or(self.sections.len());
        self.sections.insert(at, (heading.to_owned(), Vec::new()));
        at
    }

    fn render(&self) -> String {
        let mut out = format!("{UNRELEASED}\n\n");
        if self.bump != Bump::None {
            out.push_str(&format!("{RELEASE_LINE}**{}**\n\n", self.bump.as_str()));
        }
        let prose = self.prose.join("\n");
        if !prose.trim().is_empty() {
            out.push_str(prose.trim());
            out.push_str("\n\n");
        }
        for (heading, lines) in &self.sections {
            out.push_str(heading);
            out.push_str("\n\n");
            let body = lines.join("\n");
            if !body.trim().is_empty() {
                out.push_str(body.trim_matches('\n').trim_end());
                out.push_str("\n\n");
            }
        }
        out
    }
}

/// The section (index into [`SECTIONS`]) and the list item for a change.
fn changelog_line(change: &Change) -> (usize, String) {
    let breaking = if change.impact == Impact::Breaking {
        "**Breaking:** "
    } else {
        ""
    };
    let section = if change.what.ends_with(" removed") {
        3
    } else if change.impact == Impact::Additive {
        0
    } else if change.impact == Impact::Deprecation {
        2
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
