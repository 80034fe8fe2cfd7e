//! `cargo xtask codegen [--check] [--spec PATH [--overlay PATH]... --out DIR [--crate-name NAME]]`,
//! and the other tasks in [`USAGE`].

use std::process::ExitCode;

/// Generation builds and drops millions of small token trees (`quote!`,
/// `syn`, `prettyplease`): with glibc's allocator, `malloc`/`free` were a
/// quarter of its profile. mimalloc's thread-local free lists make them
/// cheap; `cargo xtask bench-generate` measures the difference.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use xtask::{
    CODEGEN_USAGE, Codegen, apply, compare, generate, parse_codegen_args, problem_counts, scaffold,
    stale_report, workspace_root,
};

mod build_bench;
mod enum_build_bench;
mod generate_bench;
mod overhead_instructions;

/// The bench task's part of the usage text (the codegen part is the library's).
const USAGE: &str = "       cargo run --release -p xtask -- bench-generate [--runs N]
  generation time per operation at scale (in process and whole process)
       cargo xtask api-diff OLD_SPEC NEW_SPEC [--overlay PATH]...
  the API changes (with their semver verdict) between the crates of two documents
       cargo xtask bench-build [--runs N]
  compile-time comparison of the generated `fyno` crate with progenitor's crate of the same API
       cargo xtask bench-enum-build [--runs N]
  build-time comparison of the Timezone enum: emitted impls vs serde-derived renames
       cargo xtask bench-overhead-instructions [--calls N]
  per-request overhead of fyno::Client vs raw reqwest in instructions (valgrind)";

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
        Some("bench-build") => return build_bench::run(args.as_slice()),
        Some("bench-enum-build") => return enum_build_bench::run(args.as_slice()),
        Some("bench-generate") => return generate_bench::run(args.as_slice()),
        Some("bench-overhead-instructions") => {
            return overhead_instructions::run(args.as_slice());
        }
        Some("fuzz") => return xtask::fuzz::command(args.as_slice(), &workspace_root()),
        Some("corpus") => return xtask::corpus::command(args.as_slice(), &workspace_root()),
        Some("api-diff") => {
            return xtask::api_changes::command(args.as_slice(), &workspace_root());
        }
        Some("-h" | "--help") | None => {
            println!("{CODEGEN_USAGE}\n\n{USAGE}");
            return Ok(ExitCode::SUCCESS);
        }
        Some(other) => {
            return Err(format!(
                "unknown task `{other}`\n\n{CODEGEN_USAGE}\n\n{USAGE}"
            ));
        }
    }
    let root = workspace_root();
    let (job, check, retarget, new_crate) = match parse_codegen_args(args.as_slice(), &root)? {
        Codegen::Help => {
            println!("{CODEGEN_USAGE}\n\n{USAGE}");
            return Ok(ExitCode::SUCCESS);
        }
        Codegen::Run {
            job,
            check,
            retarget,
            new_crate,
        } => (job, check, retarget, new_crate),
    };
    if retarget {
        for line in
            xtask::retarget::retarget_overlays(&job, &root, None).map_err(|e| e.to_string())?
        {
            println!("{line}");
        }
    }
    let generated = generate(&job, &root).map_err(|e| e.to_string())?;
    for warning in &generated.warnings {
        eprintln!("{warning}");
    }
    let changes = compare(&job.out, &generated.files).map_err(|e| e.to_string())?;
    let out = job.out.display();
    if check {
        let lock_current = xtask::api_changes::lock_is_current(&job, &generated);
        if !lock_current && let Some(lock) = &job.lock {
            eprintln!(
                "{} is stale: the API it records differs from the spec's",
                lock.display()
            );
        }
        if changes.is_empty() && lock_current {
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
        "{out}: {} created, {} updated, {} deleted, {} unchanged ({})",
        changes.created.len(),
        changes.updated.len(),
        changes.deleted.len(),
        changes.unchanged,
        problem_counts(&generated.warnings)
    );
    for line in xtask::api_changes::record(&job, &generated, &root).map_err(|e| e.to_string())? {
        println!("{line}");
    }
    // The process ends here. Freeing the generated crate (every file's
    // text, the whole IR: hundreds of MB for a large spec) string by string
    // only delays the exit; the kernel takes the pages back at once.
    std::mem::forget(generated);
    Ok(ExitCode::SUCCESS)
}
