//! `cargo xtask codegen [--check] [--spec PATH] [--overlay PATH]... [--out DIR]`

use std::path::PathBuf;
use std::process::ExitCode;
use xtask::{Job, apply, compare, generate, problem_counts, stale_report, workspace_root};

mod enum_build_bench;

const USAGE: &str =
    "usage: cargo xtask codegen [--check] [--spec PATH [--overlay PATH]...] [--out DIR]

  (no flags)      regenerate generated-client/ from spec/ (vendor spec + overlays)
  --check         change nothing; fail if the committed output is stale
  --spec PATH     generate from another OpenAPI 3.0 or 3.1 document (no overlays unless --overlay)
  --overlay PATH  apply an Overlay 1.0 document (repeatable, in order)
  --out DIR       write into another crate directory (files go under DIR/src/generated)

       cargo xtask bench-enum-build [--runs N]
  build-time comparison of the Timezone enum: emitted impls vs serde-derived renames";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: &[String]) -> Result<ExitCode, String> {
    let mut args = args.iter();
    match args.next().map(String::as_str) {
        Some("codegen") => {}
        Some("bench-enum-build") => return enum_build_bench::run(args.as_slice()),
        Some("-h" | "--help") | None => {
            println!("{USAGE}");
            return Ok(ExitCode::SUCCESS);
        }
        Some(other) => return Err(format!("unknown task `{other}`\n\n{USAGE}")),
    }
    let root = workspace_root();
    let mut job = Job::project(&root);
    let mut check = false;
    let mut custom_spec = false;
    let mut overlays = Vec::new();
    while let Some(arg) = args.next() {
        let mut value = |flag: &str| {
            args.next()
                .map(PathBuf::from)
                .ok_or_else(|| format!("{flag} needs a value\n\n{USAGE}"))
        };
        match arg.as_str() {
            "--check" => check = true,
            "--spec" => {
                job.spec = value("--spec")?;
                custom_spec = true;
            }
            "--overlay" => overlays.push(value("--overlay")?),
            "--out" => job.out = value("--out")?,
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(ExitCode::SUCCESS);
            }
            other => return Err(format!("unknown argument `{other}`\n\n{USAGE}")),
        }
    }
    if custom_spec || !overlays.is_empty() {
        job.overlays = overlays;
    }

    let generated = generate(&job, &root).map_err(|e| e.to_string())?;
    for warning in &generated.warnings {
        eprintln!("{warning}");
    }
    let changes = compare(&job.out, &generated.files).map_err(|e| e.to_string())?;
    let out = job.out.display();
    if check {
        if changes.is_empty() {
            println!(
                "{out}: {} generated files are up to date ({})",
                changes.unchanged,
                problem_counts(&generated.warnings)
            );
            return Ok(ExitCode::SUCCESS);
        }
        eprint!("{}", stale_report(&job.out, &generated.files, &changes));
        eprintln!("{out} is stale: run `cargo xtask codegen` and commit the result");
        return Ok(ExitCode::FAILURE);
    }
    apply(&job.out, &generated.files, &changes).map_err(|e| e.to_string())?;
    for file in &changes.created {
        println!("created  {file}");
    }
    for file in &changes.updated {
        println!("updated  {file}");
    }
    for file in &changes.deleted {
        println!("deleted  {file}");
    }
    println!(
        "{out}: {} created, {} updated, {} deleted, {} unchanged ({})",
        changes.created.len(),
        changes.updated.len(),
        changes.deleted.len(),
        changes.unchanged,
        problem_counts(&generated.warnings)
    );
    Ok(ExitCode::SUCCESS)
}
