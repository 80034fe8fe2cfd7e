//! `cargo xtask codegen [--check] [--spec PATH [--overlay PATH]... --out DIR [--crate-name NAME]]`,
//! and the other tasks in [`USAGE`].

use std::process::ExitCode;

/// Generation builds and drops millions of small token trees (`quote!`,
/// `syn`, `prettyplease`): with glibc's allocator, `malloc`/`free` were a
/// quarter of its profile. mimalloc's thread-local free lists make them
/// cheap; `cargo xtask bench-generate` measures the difference.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use fyno_codegen::diagnostics::Diagnostic;
use fyno_codegen::diagnostics::render::MessageFormat;
use std::io::IsTerminal;
use std::path::Path;
use xtask::{
    CODEGEN_USAGE, Codegen, Failure, apply, compare, generate, parse_codegen_args, problem_counts,
    scaffold, stale_report, workspace_root,
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

/// Writes a progress line: on stdout, except with `--message-format json`
/// (the first argument), whose stdout holds the problems' JSON lines alone.
macro_rules! say {
    ($json:expr, $($line:tt)*) => {
        if $json {
            eprintln!($($line)*);
        } else {
            println!($($line)*);
        }
    };
}

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
    let (job, check, retarget, new_crate, format) =
        match parse_codegen_args(args.as_slice(), &root)? {
            Codegen::Help => {
                println!("{CODEGEN_USAGE}\n\n{USAGE}");
                return Ok(ExitCode::SUCCESS);
            }
            Codegen::Explain(code) => {
                print!("{}", xtask::problems::explain(&code)?);
                return Ok(ExitCode::SUCCESS);
            }
            Codegen::Run {
                job,
                check,
                retarget,
                new_crate,
                format,
            } => (job, check, retarget, new_crate, format),
        };
    let report = |diagnostics: &[Diagnostic]| report_problems(diagnostics, &root, format);
    let json = format == MessageFormat::Json;
    if retarget {
        for line in
            xtask::retarget::retarget_overlays(&job, &root, None).map_err(|e| e.to_string())?
        {
            say!(json, "{line}");
        }
    }
    let generated = match generate(&job, &root) {
        Ok(generated) => generated,
        Err(Failure::Spec(diagnostics)) => {
            report(&diagnostics);
            return Err(format!(
                "generation failed: {}",
                problem_counts(&diagnostics)
            ));
        }
        Err(other) => return Err(other.to_string()),
    };
    report(&generated.warnings);
    let changes = compare(&job.out, &generated.files).map_err(|e| e.to_string())?;
    // The project's own run also keeps the code table's document current.
    let codes_doc = (!new_crate)
        .then(|| xtask::problems::stale_table(&root))
        .flatten();
    let out = job.out.display();
    if check {
        let lock_current = xtask::api_changes::lock_is_current(&job, &generated);
        if !lock_current && let Some(lock) = &job.lock {
            eprintln!(
                "{} is stale: the API it records differs from the spec's",
                lock.display()
            );
        }
        if let Some((path, _)) = &codes_doc {
            eprintln!("{} is stale: the code table changed", path.display());
        }
        if changes.is_empty() && lock_current && codes_doc.is_none() {
            say!(
                json,
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
            say!(json, "created  {file}");
        }
    }
    apply(&job.out, &generated.files, &changes).map_err(|e| e.to_string())?;
    if let Some((path, text)) = codes_doc {
        std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
        say!(json, "updated  {}", path.display());
    }
    for file in &changes.created {
        say!(json, "created  {file}");
    }
    for file in &changes.updated {
        say!(json, "updated  {file}");
    }
    for file in &changes.deleted {
        say!(json, "deleted  {file}");
    }
    say!(
        json,
        "{out}: {} created, {} updated, {} deleted, {} unchanged ({})",
        changes.created.len(),
        changes.updated.len(),
        changes.deleted.len(),
        changes.unchanged,
        problem_counts(&generated.warnings)
    );
    for line in xtask::api_changes::record(&job, &generated, &root).map_err(|e| e.to_string())? {
        say!(json, "{line}");
    }
    // The process ends here. Freeing the generated crate (every file's
    // text, the whole IR: hundreds of MB for a large spec) string by string
    // only delays the exit; the kernel takes the pages back at once.
    std::mem::forget(generated);
    Ok(ExitCode::SUCCESS)
}

/// Writes `diagnostics` as `--message-format` asks: JSON lines on stdout
/// (for a tool reading them), the other forms on stderr, in colour only on
/// a terminal and without `NO_COLOR`.
fn report_problems(diagnostics: &[Diagnostic], root: &Path, format: MessageFormat) {
    if diagnostics.is_empty() {
        return;
    }
    if format == MessageFormat::Json {
        print!(
            "{}",
            xtask::problems::render(diagnostics, root, format, false)
        );
        return;
    }
    // no-color.org: a `NO_COLOR` that is set and not empty turns colour off.
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|value| !value.is_empty());
    let color = std::io::stderr().is_terminal() && !no_color;
    eprint!(
        "{}",
        xtask::problems::render(diagnostics, root, format, color)
    );
}
