//! The house rules, checked on the source itself (see `ARCHITECTURE.md`):
//!
//! - the generator's stages are layers in the order data flows through
//!   `generate`, and a module never imports from a later stage than its own;
//! - no module of the generator, the runtime or xtask imports a module that
//!   imports it back, directly or around a longer circle. A module naming
//!   an item of one of its ancestors (`super::Api` in `ir/schema.rs`, whose
//!   parent `ir/mod.rs` defines the IR) is not an import for this rule:
//!   a folder's `mod.rs` is the vocabulary of the modules inside it, as
//!   Rust's scoping has it; siblings and modules of other folders may not
//!   import each other in a circle.
//!
//! Imports are every path a module names that starts with `crate`, `super`,
//! `self` or one of its own child modules (`use` trees and paths in code
//! alike), resolved to the file of the deepest module it names. Test code
//! (`#[cfg(test)]` items and modules) is left out: it is not part of the
//! library's structure, and a test may well reach across it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use syn::visit::Visit;

/// The generator's top-level modules, layer by layer in the order the
/// pipeline runs; a module may import from its own layer's modules and from
/// earlier layers only. `lib.rs` (the pipeline) sits above them all.
const GENERATOR_LAYERS: &[&[&str]] = &[
    // The vocabulary every stage shares: problems, JSON pointers, Rust identifiers.
    &["diagnostics", "reference", "idents", "digest"],
    &["load"],
    &["ir"],
    &["lock"],
    &["dedup"],
    &["client"],
    &["naming"],
    &["emit"],
    &["report"],
];

#[test]
fn no_generator_module_imports_from_a_later_stage() {
    let graph = ModuleGraph::of_crate(&workspace().join("generator/src"), "lib.rs");
    let against = graph.imports_against(GENERATOR_LAYERS);
    assert!(
        against.is_empty(),
        "imports against the pipeline's order:\n{}",
        against.join("\n")
    );
}

#[test]
fn no_module_cycle_in_the_generator_the_runtime_or_xtask() {
    let root = workspace();
    let mut cycles = Vec::new();
    for dir in ["generator/src", "runtime/src", "xtask/src"] {
        let graph = ModuleGraph::of_crate(&root.join(dir), "lib.rs");
        for cycle in graph.cycles() {
            let files: Vec<String> = cycle.iter().map(|m| graph.file_of(m)).collect();
            cycles.push(files.join(" -> "));
        }
    }
    assert!(
        cycles.is_empty(),
        "modules that import each other:\n{}",
        cycles.join("\n")
    );
}

#[test]
fn the_checker_sees_a_cycle_and_a_later_stage_and_leaves_a_parent_and_test_code_out() {
    // A tree made to break both rules, so neither test above passes by
    // seeing nothing.
    let dir = tempfile::tempdir().expect("temporary directory");
    let write = |path: &str, text: &str| {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("create the folder");
        std::fs::write(path, text).expect("write the file");
    };
    write("lib.rs", "mod a;\nmod b;\nmod c;\n");
    // A parent and the child that uses its items: no cycle.
    write(
        "c/mod.rs",
        "mod child;\npub struct C;\npub fn f() { child::g(); }\n",
    );
    write("c/child.rs", "pub fn g() { let _ = super::C; }\n");
    write("a/mod.rs", "mod inner;\nuse crate::b::B;\npub struct A;\n");
    write(
        "a/inner.rs",
        "pub(crate) fn f() { super::super::b::g(); }\n#[cfg(test)]\nmod tests { use crate::b::B; }\n",
    );
    write(
        "b.rs",
        "pub struct B;\npub fn g() { let _ = crate::a::A; }\n",
    );
    let graph = ModuleGraph::of_crate(dir.path(), "lib.rs");
    let cycles = graph.cycles();
    assert_eq!(cycles.len(), 1, "{cycles:?}");
    let files: BTreeSet<String> = cycles[0].iter().map(|m| graph.file_of(m)).collect();
    assert_eq!(
        files,
        BTreeSet::from(["a/mod.rs".to_owned(), "b.rs".to_owned()])
    );
    let inner = vec!["a".to_owned(), "inner".to_owned()];
    let targets: Vec<&Vec<String>> = graph.imports[&inner].keys().collect();
    assert_eq!(targets, [&vec!["b".to_owned()]], "test code is left out");
    // `b` before `a`: `b.rs` naming `crate::a::A` runs against the order.
    let against = graph.imports_against(&[&["b"], &["a", "c"]]);
    assert_eq!(
        against,
        ["b.rs imports a/mod.rs (`crate::a::A`), a later stage"]
    );
}

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the workspace")
        .to_path_buf()
}

/// Which module imports which, in one crate: modules by path (`["lock",
/// "moves"]`), each with the modules it names and one spelling of each.
struct ModuleGraph {
    root: PathBuf,
    files: BTreeMap<Vec<String>, PathBuf>,
    imports: BTreeMap<Vec<String>, BTreeMap<Vec<String>, String>>,
}

impl ModuleGraph {
    /// The file modules under `src` (test-only ones left out) and their imports.
    fn of_crate(src: &Path, root_file: &str) -> Self {
        let mut files = BTreeMap::new();
        let mut test_only = BTreeSet::new();
        let mut pending = vec![(Vec::new(), src.join(root_file))];
        let mut parsed = Vec::new();
        while let Some((module, file)) = pending.pop() {
            let text = std::fs::read_to_string(&file)
                .unwrap_or_else(|err| panic!("{}: {err}", file.display()));
            let syntax =
                syn::parse_file(&text).unwrap_or_else(|err| panic!("{}: {err}", file.display()));
            let folder = if module.is_empty() || file.ends_with("mod.rs") {
                file.parent().expect("a folder").to_path_buf()
            } else {
                file.with_extension("")
            };
            for item in &syntax.items {
                let syn::Item::Mod(declared) = item else {
                    continue;
                };
                if declared.content.is_some() {
                    continue;
                }
                let name = declared.ident.to_string();
                let mut child = module.clone();
                child.push(name.clone());
                if is_test_only(&declared.attrs) {
                    test_only.insert(child);
                    continue;
                }
                let flat = folder.join(format!("{name}.rs"));
                let nested = folder.join(&name).join("mod.rs");
                pending.push((child, if flat.exists() { flat } else { nested }));
            }
            files.insert(module.clone(), file);
            parsed.push((module, syntax));
        }
        let mut imports = BTreeMap::new();
        for (module, syntax) in &parsed {
            let mut collector = Collector {
                known: &files,
                file_module: module,
                inline: Vec::new(),
                found: BTreeMap::new(),
            };
            collector.visit_file(syntax);
            let mut found = collector.found;
            found.remove(module);
            found.retain(|target, _| !test_only.contains(target));
            imports.insert(module.clone(), found);
        }
        Self {
            root: src.to_path_buf(),
            files,
            imports,
        }
    }

    /// Every import of a module from a later layer than its own (the
    /// crate root sits above every layer); a top-level module in no layer
    /// is a test failure.
    fn imports_against(&self, layers: &[&[&str]]) -> Vec<String> {
        let layer_of = |module: &[String]| -> usize {
            let Some(stage) = module.first() else {
                return layers.len();
            };
            layers
                .iter()
                .position(|layer| layer.contains(&stage.as_str()))
                .unwrap_or_else(|| {
                    panic!(
                        "`{stage}` is in no layer: add it to GENERATOR_LAYERS (and ARCHITECTURE.md)"
                    )
                })
        };
        let mut against = Vec::new();
        for (from, targets) in &self.imports {
            for (to, spelled) in targets {
                if layer_of(to) > layer_of(from) {
                    against.push(format!(
                        "{} imports {} (`{spelled}`), a later stage",
                        self.file_of(from),
                        self.file_of(to)
                    ));
                }
            }
        }
        against
    }

    fn file_of(&self, module: &[String]) -> String {
        let file = &self.files[module];
        file.strip_prefix(&self.root)
            .unwrap_or(file)
            .display()
            .to_string()
    }

    /// Every strongly connected component of more than one module.
    fn cycles(&self) -> Vec<Vec<Vec<String>>> {
        let nodes: Vec<&Vec<String>> = self.files.keys().collect();
        let index: BTreeMap<&Vec<String>, usize> =
            nodes.iter().enumerate().map(|(i, m)| (*m, i)).collect();
        let edges: Vec<Vec<usize>> = nodes
            .iter()
            .map(|m| {
                self.imports
                    .get(*m)
                    .map(|targets| {
                        targets
                            .keys()
                            .filter(|t| !m.starts_with(t))
                            .filter_map(|t| index.get(t).copied())
                            .collect()
                    })
                    .unwrap_or_default()
            })
            .collect();
        let reach = |from: usize| -> BTreeSet<usize> {
            let mut seen = BTreeSet::from([from]);
            let mut stack = vec![from];
            while let Some(node) = stack.pop() {
                for &next in &edges[node] {
                    if seen.insert(next) {
                        stack.push(next);
                    }
                }
            }
            seen
        };
        // Small graphs (tens of files): reachability both ways is plenty.
        let reaches: Vec<BTreeSet<usize>> = (0..nodes.len()).map(reach).collect();
        let mut placed = BTreeSet::new();
        let mut cycles = Vec::new();
        for node in 0..nodes.len() {
            if placed.contains(&node) {
                continue;
            }
            let component: Vec<usize> = reaches[node]
                .iter()
                .copied()
                .filter(|&other| reaches[other].contains(&node))
                .collect();
            placed.extend(component.iter().copied());
            if component.len() > 1 {
                cycles.push(component.iter().map(|&i| nodes[i].clone()).collect());
            }
        }
        cycles
    }
}

fn is_test_only(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|attr| {
        attr.path().is_ident("cfg")
            && matches!(&attr.meta, syn::Meta::List(list) if list.tokens.to_string() == "test")
    })
}

/// Walks one file, resolving the paths it names to modules of the crate.
struct Collector<'a> {
    known: &'a BTreeMap<Vec<String>, PathBuf>,
    file_module: &'a [String],
    /// Inline modules (`mod x { … }`) entered inside the file.
    inline: Vec<String>,
    found: BTreeMap<Vec<String>, String>,
}

impl Collector<'_> {
    fn record(&mut self, segments: &[String]) {
        let mut here: Vec<String> = self.file_module.to_vec();
        here.extend(self.inline.iter().cloned());
        let Some((first, rest)) = segments.split_first() else {
            return;
        };
        let (mut absolute, rest) = match first.as_str() {
            "crate" => (Vec::new(), rest),
            "self" => (here, rest),
            "super" => {
                here.pop();
                (here, rest)
            }
            child => {
                // A path from a child module (`lock_groups::groups`); any
                // other (`std::…`, a type's `Self::…`) is not the crate's.
                let mut child_path = here.clone();
                child_path.push(child.to_owned());
                if !self.known.contains_key(&child_path) {
                    return;
                }
                (here, segments)
            }
        };
        for segment in rest {
            match segment.as_str() {
                "super" => {
                    absolute.pop();
                }
                "self" => {}
                name => absolute.push(name.to_owned()),
            }
        }
        // The deepest module the path names: the rest is an item in it.
        while !absolute.is_empty() && !self.known.contains_key(&absolute) {
            absolute.pop();
        }
        if self.known.contains_key(&absolute) {
            self.found
                .entry(absolute)
                .or_insert_with(|| segments.join("::"));
        }
    }

    fn use_tree(&mut self, prefix: &mut Vec<String>, tree: &syn::UseTree) {
        match tree {
            syn::UseTree::Path(path) => {
                prefix.push(path.ident.to_string());
                self.use_tree(prefix, &path.tree);
                prefix.pop();
            }
            syn::UseTree::Name(name) => self.record_with(prefix, &name.ident),
            syn::UseTree::Rename(rename) => self.record_with(prefix, &rename.ident),
            syn::UseTree::Glob(_) => {
                let whole = prefix.clone();
                self.record(&whole);
            }
            syn::UseTree::Group(group) => {
                for tree in &group.items {
                    self.use_tree(prefix, tree);
                }
            }
        }
    }

    fn record_with(&mut self, prefix: &[String], last: &syn::Ident) {
        let mut whole = prefix.to_vec();
        whole.push(last.to_string());
        self.record(&whole);
    }
}

impl<'ast> Visit<'ast> for Collector<'_> {
    fn visit_item(&mut self, item: &'ast syn::Item) {
        let attrs = match item {
            syn::Item::Mod(m) => &m.attrs,
            syn::Item::Use(u) => &u.attrs,
            syn::Item::Fn(f) => &f.attrs,
            syn::Item::Impl(i) => &i.attrs,
            syn::Item::Const(c) => &c.attrs,
            syn::Item::Static(s) => &s.attrs,
            syn::Item::Struct(s) => &s.attrs,
            syn::Item::Enum(e) => &e.attrs,
            syn::Item::Trait(t) => &t.attrs,
            syn::Item::Type(t) => &t.attrs,
            syn::Item::Macro(m) => &m.attrs,
            _ => return syn::visit::visit_item(self, item),
        };
        if !is_test_only(attrs) {
            syn::visit::visit_item(self, item);
        }
    }

    fn visit_item_mod(&mut self, item: &'ast syn::ItemMod) {
        if item.content.is_some() {
            self.inline.push(item.ident.to_string());
            syn::visit::visit_item_mod(self, item);
            self.inline.pop();
        }
    }

    fn visit_item_use(&mut self, item: &'ast syn::ItemUse) {
        self.use_tree(&mut Vec::new(), &item.tree);
    }

    fn visit_path(&mut self, path: &'ast syn::Path) {
        if path.leading_colon.is_none() && path.segments.len() > 1 {
            let segments: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
            self.record(&segments);
        }
        syn::visit::visit_path(self, path);
    }
}
