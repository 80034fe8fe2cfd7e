//! `cargo xtask bench-generate [--runs N]`: generation time at scale.
//!
//! For the Fyno spec, the largest corpus documents and a synthetic
//! document of 1,000+ operations (`pagerduty-rest.json` three times over,
//! each copy's paths, operationIds and component schemas renamed and its
//! objects given a member of their own, so no copy deduplicates into
//! another), it measures, interleaved round by round:
//!
//! - in process: `fyno_codegen::generate`, against a baseline of reading
//!   the same text into a `serde_json::Value` (one parse: the least any
//!   generator does), reported as ms per operation and as the paired
//!   ratio generate / parse with its spread;
//! - whole process (the release `xtask codegen --spec … --out …` a
//!   maintainer runs): wall time for the largest document and the
//!   synthetic one, and the synthetic/original ratio per operation, which
//!   is 1.0 when generation is linear.
//!
//! Build it in release (`cargo run --release -p xtask -- bench-generate`):
//! the debug build measures the debug generator.

use fyno_codegen::{EmitOptions, Input, SourceFile};
use serde_json::{Map, Value};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

const USAGE: &str = "usage: cargo run --release -p xtask -- bench-generate [--runs N]

  Generation time per operation (in process and whole process) for the Fyno spec,
  the largest corpus documents and a synthetic 1,395-operation document; N rounds
  (default 7), interleaved.";

/// The largest corpus documents measured (by size).
const LARGEST: usize = 3;
/// How many copies of `pagerduty-rest.json` the synthetic document holds.
const COPIES: usize = 3;
const SCALED_FROM: &str = "pagerduty-rest.json";

pub(crate) fn run(args: &[String]) -> Result<ExitCode, String> {
    let Some(runs) = crate::enum_build_bench::parse_runs(args, 7, USAGE)? else {
        return Ok(ExitCode::SUCCESS);
    };
    if cfg!(debug_assertions) {
        eprintln!("note: a debug build; run `cargo run --release -p xtask -- bench-generate`");
    }
    let root = xtask::workspace_root();
    let documents = documents(&root)?;
    let cpu_before = crate::build_bench::CpuTicks::now();
    let mut report = String::from(
        "| document | operations | generate (median) | ms / operation | generate / parse (median, min–max) |\n|---|---:|---:|---:|---:|\n",
    );
    for document in &documents {
        let row = in_process(document, runs)?;
        let _ = writeln!(report, "{row}");
    }
    println!("\n== in process ({runs} interleaved rounds) ==\n{report}");
    whole_process(&root, &documents, runs)?;
    if let Some(line) = crate::build_bench::CpuTicks::others_line(
        cpu_before,
        "meanwhile",
        "absolute times are inflated; the ratios less so",
    ) {
        println!("{line}");
    }
    Ok(ExitCode::SUCCESS)
}

/// A document to generate from, in memory.
struct Document {
    name: String,
    text: String,
    overlays: Vec<(String, String)>,
    operations: usize,
}

fn documents(root: &Path) -> Result<Vec<Document>, String> {
    let read =
        |path: &Path| std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()));
    let mut out = vec![Document {
        name: xtask::SPEC.to_owned(),
        text: read(&root.join(xtask::SPEC))?,
        overlays: xtask::OVERLAYS
            .iter()
            .map(|o| Ok(((*o).to_owned(), read(&root.join(o))?)))
            .collect::<Result<_, String>>()?,
        operations: 0,
    }];
    let corpus = root.join(xtask::corpus::CORPUS_DIR).join("specs");
    let mut sized: Vec<(u64, PathBuf)> = std::fs::read_dir(&corpus)
        .map_err(|e| format!("{}: {e}", corpus.display()))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter_map(|p| Some((p.metadata().ok()?.len(), p)))
        .collect();
    sized.sort();
    for (_, path) in sized.iter().rev().take(LARGEST) {
        out.push(Document {
            name: path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            text: read(path)?,
            overlays: Vec::new(),
            operations: 0,
        });
    }
    let source = read(&corpus.join(SCALED_FROM))?;
    out.push(Document {
        name: format!("{SCALED_FROM} ×{COPIES} (synthetic)"),
        text: scaled(&source, COPIES)?,
        overlays: Vec::new(),
        operations: 0,
    });
    for document in &mut out {
        document.operations = generate(document)
            .map_err(|e| format!("{}: {e}", document.name))?
            .operations
            .len();
    }
    Ok(out)
}

fn generate(document: &Document) -> Result<fyno_codegen::Generated, String> {
    let input = Input {
        spec: SourceFile {
            name: &document.name,
            text: &document.text,
        },
        overlays: document
            .overlays
            .iter()
            .map(|(name, text)| SourceFile { name, text })
            .collect(),
        lock: None,
        options: EmitOptions::default(),
        files: None,
    };
    fyno_codegen::generate(&input).map_err(|d| format!("{} problems", d.len()))
}

/// One table row: generate and parse, interleaved, `runs` rounds.
fn in_process(document: &Document, runs: usize) -> Result<String, String> {
    let mut generate_times = Vec::with_capacity(runs);
    let mut ratios = Vec::with_capacity(runs);
    for _ in 0..runs {
        let started = Instant::now();
        std::hint::black_box(generate(document)?);
        let generated = started.elapsed();
        let started = Instant::now();
        // The baseline: one parse of the text (YAML documents as YAML).
        let mut diags = fyno_codegen::diagnostics::Diagnostics::new();
        std::hint::black_box(fyno_codegen::load::read_document(
            SourceFile {
                name: &document.name,
                text: &document.text,
            },
            &mut diags,
        ));
        let parsed = started.elapsed().max(Duration::from_nanos(1));
        generate_times.push(generated);
        ratios.push(generated.as_secs_f64() / parsed.as_secs_f64());
    }
    let median_time = median(&mut generate_times);
    ratios.sort_by(f64::total_cmp);
    let ms = median_time.as_secs_f64() * 1e3;
    Ok(format!(
        "| {} | {} | {ms:.1} ms | {:.3} | {:.1}× ({:.1}–{:.1}) |",
        document.name,
        document.operations,
        ms / document.operations.max(1) as f64,
        ratios[ratios.len() / 2],
        ratios[0],
        ratios[ratios.len() - 1],
    ))
}

/// Whole-process wall time of the largest corpus document and the
/// synthetic one, interleaved, and their per-operation ratio.
fn whole_process(root: &Path, documents: &[Document], runs: usize) -> Result<(), String> {
    let (Some(largest), Some(scaled)) = (documents.get(1), documents.last()) else {
        return Ok(());
    };
    let scratch = root.join("target/bench-generate");
    std::fs::create_dir_all(&scratch).map_err(|e| e.to_string())?;
    let spec_of = |document: &Document, file: &str| -> Result<PathBuf, String> {
        let path = scratch.join(file);
        std::fs::write(&path, &document.text).map_err(|e| e.to_string())?;
        Ok(path)
    };
    let sides = [
        (largest, spec_of(largest, "largest.json")?),
        (scaled, spec_of(scaled, "scaled.json")?),
    ];
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let mut times: [Vec<Duration>; 2] = [Vec::new(), Vec::new()];
    let mut ratios = Vec::with_capacity(runs);
    for _ in 0..runs {
        let mut round = [Duration::ZERO; 2];
        for (index, (_, spec)) in sides.iter().enumerate() {
            let out = scratch.join(format!("out{index}"));
            let started = Instant::now();
            let status = Command::new(&exe)
                .args(["codegen", "--spec"])
                .arg(spec)
                .arg("--out")
                .arg(&out)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .map_err(|e| e.to_string())?;
            round[index] = started.elapsed();
            if !status.success() {
                return Err(format!("codegen of {} failed", spec.display()));
            }
        }
        times[0].push(round[0]);
        times[1].push(round[1]);
        let per_op = |i: usize| round[i].as_secs_f64() / sides[i].0.operations.max(1) as f64;
        ratios.push(per_op(1) / per_op(0));
    }
    ratios.sort_by(f64::total_cmp);
    println!(
        "== whole process: release `xtask codegen --spec … --out …` ({runs} interleaved rounds) =="
    );
    for (index, (document, _)) in sides.iter().enumerate() {
        let time = median(&mut times[index]);
        println!(
            "{:<40} {:>5} operations  {:>8.1} ms  {:.3} ms / operation",
            document.name,
            document.operations,
            time.as_secs_f64() * 1e3,
            time.as_secs_f64() * 1e3 / document.operations.max(1) as f64
        );
    }
    println!(
        "per-operation time, synthetic / original: {:.2}× (min–max {:.2}–{:.2}; 1.0 = linear)",
        ratios[ratios.len() / 2],
        ratios[0],
        ratios[ratios.len() - 1]
    );
    Ok(())
}

fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times.get(times.len() / 2).copied().unwrap_or_default()
}

/// `copies` renamed copies of an OpenAPI JSON document in one document:
/// paths under `/copyK`, every component (but security schemes) suffixed
/// `CopyK` with the references to it, operationIds suffixed.
fn scaled(text: &str, copies: usize) -> Result<String, String> {
    let original: Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
    let mut document = original.clone();
    let Some(paths) = original.get("paths").and_then(Value::as_object) else {
        return Err(format!("{SCALED_FROM} has no paths"));
    };
    let components = original
        .get("components")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let mut all_paths = Map::new();
    let mut all_components = Map::new();
    for copy in 1..=copies {
        for (path, item) in paths {
            all_paths.insert(format!("/copy{copy}{path}"), renamed(item, copy));
        }
        for (kind, members) in &components {
            let Some(members) = members.as_object() else {
                continue;
            };
            let target = all_components
                .entry(kind.clone())
                .or_insert_with(|| Value::Object(Map::new()));
            for (name, member) in members {
                let Some(target) = target.as_object_mut() else {
                    continue;
                };
                if kind == "securitySchemes" {
                    target.insert(name.clone(), member.clone());
                    continue;
                }
                let mut member = renamed(member, copy);
                if kind == "schemas"
                    && let Some(properties) =
                        member.get_mut("properties").and_then(Value::as_object_mut)
                {
                    properties.insert(
                        format!("copy{copy}_marker"),
                        serde_json::json!({"type": "string"}),
                    );
                }
                target.insert(format!("{name}Copy{copy}"), member);
            }
        }
    }
    document["paths"] = Value::Object(all_paths);
    document["components"] = Value::Object(all_components);
    serde_json::to_string(&document).map_err(|e| e.to_string())
}

/// `value` with its component references and operationIds renamed for
/// `copy`. Iterative, so any nesting depth is fine.
fn renamed(value: &Value, copy: usize) -> Value {
    let mut out = value.clone();
    let mut stack: Vec<&mut Value> = vec![&mut out];
    while let Some(node) = stack.pop() {
        match node {
            Value::Object(members) => {
                for (key, member) in members.iter_mut() {
                    match (key.as_str(), &*member) {
                        ("$ref", Value::String(target)) => {
                            *member = Value::String(renamed_reference(target, copy));
                        }
                        ("operationId", Value::String(id)) => {
                            *member = Value::String(format!("{id}_copy{copy}"));
                        }
                        _ => stack.push(member),
                    }
                }
            }
            Value::Array(items) => stack.extend(items.iter_mut()),
            _ => {}
        }
    }
    out
}

/// `#/components/schemas/Name/…` → `#/components/schemas/NameCopyK/…`.
fn renamed_reference(target: &str, copy: usize) -> String {
    let Some(rest) = target.strip_prefix("#/components/") else {
        return target.to_owned();
    };
    let mut parts: Vec<String> = rest.split('/').map(str::to_owned).collect();
    if parts.first().is_some_and(|kind| kind == "securitySchemes") {
        return target.to_owned();
    }
    match parts.get_mut(1) {
        Some(name) => name.push_str(&format!("Copy{copy}")),
        None => return target.to_owned(),
    }
    format!("#/components/{}", parts.join("/"))
}
