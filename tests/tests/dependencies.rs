//! What depending on `fyno` brings into an application's build.

/// `serde_json`'s `preserve_order` changes `serde_json::Map` for the whole
/// program that links it (another map type, other iteration order), so a
/// library must leave it to the application. The generator enables it for
/// itself; `fyno` and its runtime must not.
#[test]
fn fyno_does_not_turn_on_serde_json_preserve_order() {
    let root = xtask::workspace_root();
    for package in ["fyno", "fyno-codegen-runtime"] {
        let output = xtask::cargo_command()
            .current_dir(&root)
            .args([
                "tree",
                "--offline",
                "--prefix",
                "none",
                "-e",
                "normal,features",
            ])
            .args(["-p", package])
            .output()
            .expect("run cargo tree");
        let tree = String::from_utf8_lossy(&output.stdout);
        assert!(
            output.status.success(),
            "cargo tree -p {package} failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert!(
            tree.contains("serde_json feature \"std\""),
            "{package} should depend on serde_json:\n{tree}"
        );
        assert!(
            !tree.contains("preserve_order"),
            "{package} turns on serde_json/preserve_order for its users:\n{tree}"
        );
    }
}
