//! Scratch Cargo workspaces under `target/`: generated crates written exactly
//! as `cargo xtask codegen --out` writes them (tree, `src/lib.rs`,
//! `Cargo.toml` depending on the runtime crate by path) and built there as a
//! user would build them.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use fyno_codegen::Generated;
use xtask::{workspace_root, write_crate};

/// A workspace of generated crates, `target/<name>/`.
#[derive(Debug)]
pub struct ScratchWorkspace {
    dir: PathBuf,
    members: Vec<String>,
}

impl ScratchWorkspace {
    /// An empty workspace (crates of earlier runs are removed).
    pub fn new(name: &str) -> Self {
        let dir = workspace_root().join("target").join(name);
        let _ = fs::remove_dir_all(dir.join("crates"));
        fs::create_dir_all(&dir).expect("create the scratch workspace");
        Self {
            dir,
            members: Vec::new(),
        }
    }

    /// The workspace directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Writes `generated` as the crate `crates/<name>`, package `name`, and
    /// returns its directory.
    pub fn add_crate(&mut self, name: &str, generated: &Generated) -> PathBuf {
        let out = self.dir.join("crates").join(name);
        write_crate(&out, name, generated, &workspace_root())
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        self.members.push(format!("\"crates/{name}\""));
        out
    }

    /// Runs `cargo <args>` in the workspace. All scratch workspaces share one
    /// target directory, so the runtime and its dependencies build once, and
    /// the workspace's lock file pins the versions this repository uses.
    pub fn cargo(&self, args: &[&str]) -> Output {
        write(
            &self.dir.join("Cargo.toml"),
            &format!(
                "[workspace]\nresolver = \"3\"\nmembers = [{}]\n",
                self.members.join(", ")
            ),
        );
        let root = workspace_root();
        fs::copy(root.join("Cargo.lock"), self.dir.join("Cargo.lock")).expect("copy Cargo.lock");
        xtask::cargo_command()
            .args(args)
            .current_dir(&self.dir)
            .env("CARGO_TARGET_DIR", root.join("target/scratch-target"))
            .env_remove("RUSTFLAGS")
            .output()
            .expect("run cargo")
    }
}

/// The compiler's complaints (errors and warnings) in `cargo`'s output.
pub fn diagnostics(output: &Output) -> Vec<String> {
    String::from_utf8_lossy(&output.stderr)
        .lines()
        .filter(|l| l.contains("error") || l.contains("warning"))
        .map(str::to_owned)
        .collect()
}

/// Writes a file, creating its directory.
pub fn write(path: &Path, contents: &str) {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).expect("create dir");
    }
    fs::write(path, contents).expect("write file");
}
