//! `corpus/manifest.tsv`: every document the repository's corpus holds, with
//! its origin and licence. The tests, `cargo xtask corpus` and `cargo xtask
//! fuzz` take their documents from it, so a document that is lost, unreadable
//! or added without its origin is an error, never a smaller corpus.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

/// The corpus, relative to the workspace root.
pub const CORPUS_DIR: &str = "corpus";
/// The manifest's file name inside the corpus.
pub const MANIFEST: &str = "manifest.tsv";
/// The manifest's header line (its column names).
const COLUMNS: [&str; 5] = ["file", "repository", "commit", "path", "licence"];

/// One document of the corpus.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// Its path inside the corpus (`specs/oai-petstore.yaml`).
    pub file: String,
    /// Where it comes from: `owner/name` of a public repository, or `this
    /// repository` for inputs written here.
    pub repository: String,
    /// The commit it was taken at (`-` for inputs written here).
    pub commit: String,
    /// Its path in that repository (`-` for inputs written here).
    pub path: String,
    /// The licence it is distributed under (an SPDX expression).
    pub licence: String,
}

/// The parsed manifest of a corpus directory.
#[derive(Clone, Debug)]
pub struct Manifest {
    /// The corpus directory the entries are relative to.
    pub dir: PathBuf,
    /// Its entries, in file order.
    pub entries: Vec<Entry>,
}

impl Manifest {
    /// Reads `dir/manifest.tsv`: a header naming the columns, then one
    /// tab-separated line per document (`#` starts a comment line).
    pub fn read(dir: &Path) -> Result<Self, String> {
        let path = dir.join(MANIFEST);
        let text = fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let entries = parse(&text).map_err(|e| format!("{}:{e}", path.display()))?;
        Ok(Self {
            dir: dir.to_path_buf(),
            entries,
        })
    }

    /// The listed documents of one folder of the corpus (`specs`,
    /// `reproducers`), sorted by name. An error names every listed document
    /// that is missing or unreadable, and every document of the folder the
    /// manifest does not list.
    pub fn documents(&self, folder: &str) -> Result<Vec<PathBuf>, String> {
        let prefix = format!("{folder}/");
        let listed: BTreeSet<&str> = self
            .entries
            .iter()
            .filter_map(|e| e.file.strip_prefix(&prefix))
            .collect();
        let present = super::documents(&self.dir.join(folder))?;
        let mut problems = Vec::new();
        for name in &listed {
            let path = self.dir.join(folder).join(name);
            if let Err(e) = fs::File::open(&path).and_then(|f| f.metadata()) {
                problems.push(format!("{}: listed in {MANIFEST} but {e}", path.display()));
            }
        }
        for path in &present {
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if !listed.contains(name) {
                problems.push(format!(
                    "{}: not listed in {MANIFEST} (add its origin and licence)",
                    path.display()
                ));
            }
        }
        if problems.is_empty() {
            Ok(listed
                .iter()
                .map(|name| self.dir.join(folder).join(name))
                .collect())
        } else {
            Err(problems.join("\n"))
        }
    }
}

/// The entries of a manifest's text; an error is `line: what is wrong`.
fn parse(text: &str) -> Result<Vec<Entry>, String> {
    let mut lines = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'));
    match lines.next() {
        Some((_, header)) if header.split('\t').eq(COLUMNS) => {}
        Some((n, header)) => {
            return Err(format!(
                "{}: the header must be `{}`, not `{header}`",
                n + 1,
                COLUMNS.join("\\t")
            ));
        }
        None => return Err("1: empty manifest".to_owned()),
    }
    let mut seen = BTreeSet::new();
    let mut entries = Vec::new();
    for (n, line) in lines {
        let fields: Vec<&str> = line.split('\t').collect();
        let [file, repository, commit, path, licence] = fields[..] else {
            return Err(format!(
                "{}: {} tab-separated fields, expected {}",
                n + 1,
                fields.len(),
                COLUMNS.len()
            ));
        };
        if [file, repository, commit, path, licence]
            .iter()
            .any(|f| f.trim().is_empty())
        {
            return Err(format!("{}: an empty field", n + 1));
        }
        if !seen.insert(file) {
            return Err(format!("{}: `{file}` is listed twice", n + 1));
        }
        entries.push(Entry {
            file: file.to_owned(),
            repository: repository.to_owned(),
            commit: commit.to_owned(),
            path: path.to_owned(),
            licence: licence.to_owned(),
        });
    }
    Ok(entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "file\trepository\tcommit\tpath\tlicence\n";

    #[test]
    fn entries_are_read_with_comments_skipped() {
        let text = format!("# origins\n{HEADER}specs/a.yaml\to/r\tabc\tx/a.yaml\tMIT\n\n");
        let entries = parse(&text).expect("parses");
        assert_eq!(entries.len(), 1);
        assert_eq!(entries[0].file, "specs/a.yaml");
        assert_eq!(entries[0].licence, "MIT");
    }

    #[test]
    fn a_wrong_header_a_short_line_a_blank_field_and_a_duplicate_are_errors() {
        assert!(
            parse("id\trepo\n")
                .unwrap_err()
                .starts_with("1: the header")
        );
        let short = format!("{HEADER}specs/a.yaml\to/r\n");
        assert!(
            parse(&short)
                .unwrap_err()
                .contains("2 tab-separated fields")
        );
        let blank = format!("{HEADER}specs/a.yaml\to/r\t \tp\tMIT\n");
        assert!(parse(&blank).unwrap_err().contains("an empty field"));
        let twice = format!("{HEADER}specs/a\tr\tc\tp\tl\nspecs/a\tr\tc\tp\tl\n");
        assert_eq!(parse(&twice).unwrap_err(), "3: `specs/a` is listed twice");
        assert!(parse("").unwrap_err().contains("empty manifest"));
    }

    #[test]
    fn a_missing_document_and_an_unlisted_one_are_both_named() {
        let dir = std::env::temp_dir().join(format!("corpus-manifest-{}", std::process::id()));
        let specs = dir.join("specs");
        fs::create_dir_all(&specs).expect("temp dir");
        fs::write(specs.join("kept.yaml"), "openapi: 3.0.0").expect("write");
        fs::write(specs.join("stray.json"), "{}").expect("write");
        let manifest = Manifest {
            dir: dir.clone(),
            entries: ["specs/kept.yaml", "specs/lost.yaml"]
                .iter()
                .map(|f| Entry {
                    file: (*f).to_owned(),
                    repository: "o/r".to_owned(),
                    commit: "c".to_owned(),
                    path: "p".to_owned(),
                    licence: "MIT".to_owned(),
                })
                .collect(),
        };
        let error = manifest.documents("specs").unwrap_err();
        let _ = fs::remove_dir_all(&dir);
        assert!(
            error.contains("lost.yaml: listed in manifest.tsv"),
            "{error}"
        );
        assert!(error.contains("stray.json: not listed"), "{error}");
        assert!(!error.contains("kept.yaml"), "{error}");
    }
}
