//! `cargo xtask codegen [--check] [--spec PATH [--overlay PATH]... --out DIR [--crate-name NAME]]`

use std::path::PathBuf;
use std::process::ExitCode;
use xtask::{Job, apply, compare, generate, scaffold, stale_report, workspace_root};

mod enum_build_bench;

const USAGE: &str =
    "usage: cargo xtask codegen [--check] [--spec PATH [--overlay PATH]... --out DIR [--crate-name NAME]]

  (no flags)         regenerate generated-client/ from spec/ (vendor spec + overlays)
  --check            change nothing; fail if the committed output is stale
  --spec PATH        generate from another OpenAPI 3.0 document (no overlays unless --overlay);
                     needs --out, so generated-client/ is never overwritten by another spec
  --overlay PATH     apply an Overlay 1.0 document (repeatable, in order)
  --out DIR          write a crate into DIR: the generated tree under DIR/src/generated, and
                     DIR/Cargo.toml and DIR/src/lib.rs when they do not exist yet
  --crate-name NAME  package name of a new crate (default: the spec's title in kebab case);
                     its environment variables are NAME in screaming snake case, e.g. NAME_API_KEY

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
    let mut out = None;
    let mut crate_name = None;
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
            "--out" => out = Some(value("--out")?),
            "--crate-name" => {
                let name = value("--crate-name")?;
                crate_name = Some(name.to_string_lossy().into_owned());
            }
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(ExitCode::SUCCESS);
            }
            other => return Err(format!("unknown argument `{other}`\n\n{USAGE}")),
        }
    }
    if (custom_spec || !overlays.is_empty() || crate_name.is_some()) && out.is_none() {
        return Err(format!(
            "--spec, --overlay and --crate-name need --out DIR: generated-client/ is only ever generated from spec/\n\n{USAGE}"
        ));
    }
    if custom_spec || !overlays.is_empty() {
        job.overlays = overlays;
    }
    let new_crate = out.is_some();
    if let Some(out) = out {
        job.out = out;
        // Unless named, a new crate is named after its spec, not after Fyno.
        job.crate_name = crate_name;
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
                "{out}: {} generated files are up to date",
                changes.unchanged
            );
            return Ok(ExitCode::SUCCESS);
        }
        eprint!("{}", stale_report(&job.out, &generated.files, &changes));
        eprintln!("{out} is stale: run `cargo xtask codegen` and commit the result");
        return Ok(ExitCode::FAILURE);
    }
    if new_crate {
        for file in scaffold(&job, &root, &generated).map_err(|e| e.to_string())? {
            println!("created  {file}");
        }
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
        "{out}: {} created, {} updated, {} deleted, {} unchanged",
        changes.created.len(),
        changes.updated.len(),
        changes.deleted.len(),
        changes.unchanged
    );
    Ok(ExitCode::SUCCESS)
}
