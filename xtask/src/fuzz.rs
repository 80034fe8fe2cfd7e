//! `cargo xtask fuzz`: a mutation fuzzer for the generator. It takes the
//! corpus documents and reproducers as seeds, applies random structural
//! mutations to their JSON (drop or duplicate a member, change a value's
//! kind, retarget a `$ref`, nest a subtree in itself, misspell a key or a
//! type, …), and runs the whole pipeline on each mutant. A panic, or a
//! mutant that takes longer than the time limit, is a finding; each finding
//! is written to a directory so it can be replayed.
//!
//! The generator catches its own panics and reports them as an error whose
//! message says it panicked, so that text is what a panic looks like here.

use fyno_codegen::diagnostics::pointer_push;
use serde_json::{Map, Value};
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// What the generator says when it panicked (see `fyno_codegen::generate`).
const PANIC_MARKER: &str = "the generator panicked";

/// Settings of a run.
#[derive(Clone, Debug)]
pub struct Options {
    /// Seed documents.
    pub seeds: Vec<PathBuf>,
    /// How many mutants to try.
    pub iterations: usize,
    /// Seed of the random number generator (runs are reproducible).
    pub seed: u64,
    /// A mutant taking longer than this to generate is a finding.
    pub time_limit: Duration,
    /// Where findings are written.
    pub findings: PathBuf,
    /// Seeds larger than this are skipped (mutating megabytes is slow to no gain).
    pub max_seed_bytes: u64,
}

/// The outcome of a run.
#[derive(Clone, Debug, Default)]
pub struct Report {
    /// Mutants generated and run.
    pub inputs: usize,
    /// Mutants the generator accepted.
    pub generated: usize,
    /// Mutants refused with diagnostics (the expected outcome for most).
    pub refused: usize,
    /// Paths of the findings written.
    pub findings: Vec<PathBuf>,
    /// The slowest mutant's time.
    pub slowest: Duration,
}

/// Runs the fuzzer.
pub fn run(options: &Options) -> Result<Report, String> {
    let seeds = load_seeds(options)?;
    if seeds.is_empty() {
        return Err("no seed documents".to_owned());
    }
    fs::create_dir_all(&options.findings).map_err(|e| e.to_string())?;
    let mut rng = fastrand::Rng::with_seed(options.seed);
    let mut report = Report::default();
    for iteration in 0..options.iterations {
        let (name, seed) = &seeds[rng.usize(..seeds.len())];
        let mut mutant = seed.clone();
        for _ in 0..rng.usize(1..=4) {
            mutate(&mut mutant, &mut rng);
        }
        let text = if rng.bool() {
            serde_json::to_string(&mutant)
        } else {
            serde_json::to_string_pretty(&mutant)
        }
        .map_err(|e| e.to_string())?;
        let started = Instant::now();
        let outcome = fyno_codegen::generate(&fyno_codegen::Input {
            lock: None,
            spec: fyno_codegen::SourceFile {
                name: "mutant.json",
                text: &text,
            },
            overlays: Vec::new(),
            options: fyno_codegen::EmitOptions::default(),
            files: None,
        });
        let elapsed = started.elapsed();
        report.inputs += 1;
        report.slowest = report.slowest.max(elapsed);
        let finding = match &outcome {
            Ok(_) => {
                report.generated += 1;
                None
            }
            Err(diagnostics) => {
                report.refused += 1;
                diagnostics
                    .iter()
                    .find(|d| d.message.contains(PANIC_MARKER))
                    .map(|_| "panic")
            }
        };
        let finding = finding.or((elapsed > options.time_limit).then_some("slow"));
        if let Some(kind) = finding {
            let path = options
                .findings
                .join(format!("{kind}-{iteration}-{}.json", sanitize(name)));
            fs::write(&path, &text).map_err(|e| format!("{}: {e}", path.display()))?;
            report.findings.push(path);
        }
    }
    Ok(report)
}

fn sanitize(name: &str) -> String {
    name.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect()
}

/// Seed documents as JSON values (YAML is read as the generator reads it).
fn load_seeds(options: &Options) -> Result<Vec<(String, Value)>, String> {
    let mut seeds = Vec::new();
    for path in &options.seeds {
        let size = fs::metadata(path).map(|m| m.len()).unwrap_or(u64::MAX);
        if size > options.max_seed_bytes {
            continue;
        }
        let Ok(text) = fs::read_to_string(path) else {
            continue;
        };
        let Some(value) = parse(&text) else {
            continue;
        };
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("seed")
            .to_owned();
        seeds.push((name, value));
    }
    Ok(seeds)
}

/// A seed as the generator reads it (JSON or YAML); unreadable seeds are skipped.
fn parse(text: &str) -> Option<Value> {
    let mut diags = fyno_codegen::diagnostics::Diagnostics::new();
    let spec = fyno_codegen::SourceFile { name: "seed", text };
    fyno_codegen::load::read_document(spec, &mut diags)
}

/// Words a mutation writes where a key or a string was: the spec's own
/// vocabulary, misspelt and not, so mutants reach the generator's corners.
const WORDS: &[&str] = &[
    "$ref",
    "allOf",
    "oneOf",
    "anyOf",
    "not",
    "type",
    "properties",
    "items",
    "required",
    "enum",
    "nullable",
    "discriminator",
    "additionalProperties",
    "format",
    "requestBody",
    "requestbody",
    "responses",
    "parameters",
    "in",
    "schema",
    "content",
    "application/json",
    "text/plain",
    "string",
    "strin",
    "object",
    "array",
    "integer",
    "number",
    "boolean",
    "null",
    "GET",
    "get",
    "default",
    "200",
    "2XX",
    "x-rust-name",
    "x-enum-varnames",
    "readOnly",
    "#/components/schemas/A",
    "#/",
    "#",
    "~1",
    "{id}",
    "/{id}",
    "",
];

/// One random change somewhere in `value`.
fn mutate(value: &mut Value, rng: &mut fastrand::Rng) {
    let pointers = pointers(value);
    if pointers.is_empty() {
        return;
    }
    let target = pointers[rng.usize(..pointers.len())].clone();
    let donor = pointers[rng.usize(..pointers.len())].clone();
    let donated = value.pointer(&donor).cloned().unwrap_or(Value::Null);
    let Some(node) = value.pointer_mut(&target) else {
        return;
    };
    match rng.u8(..9) {
        0 => *node = random_scalar(rng),
        1 => *node = donated,
        2 => {
            // The subtree inside itself: deep and self-similar.
            let copy = node.clone();
            let mut wrapper = Map::new();
            wrapper.insert(word(rng).to_owned(), copy);
            *node = Value::Object(wrapper);
        }
        3 => remove_member(node, rng),
        4 => rename_member(node, rng),
        5 => {
            let pointer = pointers[rng.usize(..pointers.len())].clone();
            let mut reference = Map::new();
            reference.insert("$ref".to_owned(), Value::String(format!("#{pointer}")));
            *node = Value::Object(reference);
        }
        6 => {
            if let Value::Object(map) = node {
                map.insert(word(rng).to_owned(), random_scalar(rng));
            }
        }
        7 => *node = Value::Array(vec![node.clone(), donated]),
        _ => {
            if let Value::String(s) = node {
                *s = word(rng).to_owned();
            }
        }
    }
}

fn word(rng: &mut fastrand::Rng) -> &'static str {
    WORDS[rng.usize(..WORDS.len())]
}

fn random_scalar(rng: &mut fastrand::Rng) -> Value {
    match rng.u8(..6) {
        0 => Value::Null,
        1 => Value::Bool(rng.bool()),
        2 => Value::from(rng.i64(..)),
        3 => Value::from(rng.f64() * 1e30),
        4 => Value::Array(Vec::new()),
        _ => Value::String(word(rng).to_owned()),
    }
}

fn remove_member(node: &mut Value, rng: &mut fastrand::Rng) {
    match node {
        Value::Object(map) if !map.is_empty() => {
            let key = map.keys().nth(rng.usize(..map.len())).cloned();
            if let Some(key) = key {
                map.remove(&key);
            }
        }
        Value::Array(items) if !items.is_empty() => {
            items.remove(rng.usize(..items.len()));
        }
        _ => {}
    }
}

fn rename_member(node: &mut Value, rng: &mut fastrand::Rng) {
    if let Value::Object(map) = node
        && !map.is_empty()
    {
        let key = map.keys().nth(rng.usize(..map.len())).cloned();
        if let Some(key) = key
            && let Some(value) = map.remove(&key)
        {
            map.insert(word(rng).to_owned(), value);
        }
    }
}

/// Pointers of every node, parents before children (an explicit stack: seeds
/// may be deep).
fn pointers(value: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![(String::new(), value)];
    while let Some((pointer, node)) = stack.pop() {
        match node {
            Value::Object(map) => {
                for (key, child) in map {
                    stack.push((pointer_push(&pointer, key), child));
                }
            }
            Value::Array(items) => {
                for (index, child) in items.iter().enumerate() {
                    stack.push((pointer_push(&pointer, &index.to_string()), child));
                }
            }
            _ => {}
        }
        out.push(pointer);
    }
    out
}

/// Every seed in the corpus its manifest lists: its documents and its
/// reproducers (an error when one is missing or unlisted).
pub fn corpus_seeds(corpus: &super::corpus::Manifest) -> Result<Vec<PathBuf>, String> {
    let mut seeds = corpus.documents("specs")?;
    seeds.extend(corpus.documents("reproducers")?);
    Ok(seeds)
}

/// Usage of `cargo xtask fuzz`.
pub const USAGE: &str = "       cargo xtask fuzz [--iterations N] [--seed S] [--time-limit-ms MS] [--findings DIR] [SEED_DIR_OR_FILE]...
  mutation fuzzing of the generator, seeded by the repository's corpus (corpus/) unless seeds are given";

/// `cargo xtask fuzz …`: parses the arguments, runs, prints the report.
/// Fails when there is a finding.
pub fn command(args: &[String], root: &Path) -> Result<std::process::ExitCode, String> {
    let mut options = Options {
        seeds: Vec::new(),
        iterations: 10_000,
        seed: 1,
        time_limit: Duration::from_secs(5),
        findings: root.join("target/fuzz-findings"),
        max_seed_bytes: 256 * 1024,
    };
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let mut value = |flag: &str| {
            args.next()
                .cloned()
                .ok_or_else(|| format!("{flag} needs a value\n\n{USAGE}"))
        };
        let number = |text: String, flag: &str| {
            text.parse::<u64>()
                .map_err(|_| format!("{flag} takes a whole number, not `{text}`"))
        };
        match arg.as_str() {
            "--iterations" => {
                let n = number(value(arg)?, arg)?;
                options.iterations = usize::try_from(n).map_err(|e| e.to_string())?;
            }
            "--seed" => options.seed = number(value(arg)?, arg)?,
            "--time-limit-ms" => {
                options.time_limit = Duration::from_millis(number(value(arg)?, arg)?);
            }
            "--findings" => options.findings = PathBuf::from(value(arg)?),
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(std::process::ExitCode::SUCCESS);
            }
            path => {
                let path = PathBuf::from(path);
                if path.is_dir() {
                    options.seeds.extend(super::corpus::documents(&path)?);
                } else {
                    options.seeds.push(path);
                }
            }
        }
    }
    if options.seeds.is_empty() {
        let corpus = super::corpus::Manifest::read(&root.join(super::corpus::CORPUS_DIR))?;
        options.seeds = corpus_seeds(&corpus)?;
    }
    let started = Instant::now();
    let report = run(&options)?;
    println!(
        "{} mutants of {} seeds in {:.1} s (seed {}): {} generated, {} refused, {} findings; slowest {:.0} ms",
        report.inputs,
        options.seeds.len(),
        started.elapsed().as_secs_f64(),
        options.seed,
        report.generated,
        report.refused,
        report.findings.len(),
        report.slowest.as_secs_f64() * 1000.0
    );
    for finding in &report.findings {
        println!("finding: {}", finding.display());
    }
    Ok(if report.findings.is_empty() {
        std::process::ExitCode::SUCCESS
    } else {
        std::process::ExitCode::FAILURE
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mutations_change_the_document_reproducibly() {
        let seed: Value = serde_json::json!({"openapi": "3.0.3", "paths": {"/a": {"get": {}}}});
        let run = |s| {
            let mut rng = fastrand::Rng::with_seed(s);
            let mut value = seed.clone();
            for _ in 0..5 {
                mutate(&mut value, &mut rng);
            }
            value
        };
        assert_eq!(run(7), run(7));
        assert!((0..20).any(|s| run(s) != seed));
    }

    #[test]
    fn pointers_reach_every_node() {
        let value = serde_json::json!({"a/b": [1, {"c": 2}]});
        let mut found = pointers(&value);
        found.sort();
        assert_eq!(found, ["", "/a~1b", "/a~1b/0", "/a~1b/1", "/a~1b/1/c"]);
    }
}
