//! Embeds the pure-Python part of pyrc's library (`lib/`) into the binary, so that
//! `cargo run -p pyrc` works from any directory: generates `frozen.rs`, a table of
//! (dotted module name, is package, source). Also records where the installed CPython 3.11
//! keeps its pure-Python standard library (`PYRC_CPYTHON_STDLIB`, see `vm::import`).

use std::fmt::Write as _;
use std::path::Path;

fn collect(dir: &Path, prefix: &str, out: &mut Vec<(String, bool, String)>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut entries: Vec<_> = entries.flatten().collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if path.is_dir() {
            if path.join("__init__.py").is_file() {
                let dotted = format!("{prefix}{name}");
                out.push((dotted.clone(), true, path.join("__init__.py").display().to_string()));
                collect(&path, &format!("{dotted}."), out);
            }
        } else if let Some(stem) = name.strip_suffix(".py") {
            if stem != "__init__" {
                out.push((format!("{prefix}{stem}"), false, path.display().to_string()));
            }
        }
    }
}

fn main() {
    // The directory cargo gives this run, not the one this script was compiled in: a target
    // directory shared by two checkouts reuses the compiled script (its hash does not depend
    // on the path), and `env!` would then embed the other checkout's library, or none.
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let lib = Path::new(&manifest).join("lib");
    println!("cargo:rerun-if-changed={}", lib.display());
    let mut modules = Vec::new();
    collect(&lib, "", &mut modules);
    for (_, _, path) in &modules {
        println!("cargo:rerun-if-changed={path}");
    }
    let mut code = String::from("/// The embedded library: (dotted name, is package, source).\n");
    code.push_str("pub static FROZEN: &[(&str, bool, &str)] = &[\n");
    for (name, package, path) in &modules {
        writeln!(code, "    ({name:?}, {package}, include_str!({path:?})),").unwrap();
    }
    code.push_str("];\n");
    let out = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("frozen.rs");
    std::fs::write(out, code).expect("write frozen.rs");
    record_cpython_stdlib();
}

/// Asks the installed python3 (or `$PYRC_PYTHON`) for its standard library directory,
/// `sysconfig.get_path("stdlib")`, and passes it to the crate as `PYRC_CPYTHON_STDLIB` when
/// it is CPython 3.11 (another version's Lib is not the one pyrc follows); empty otherwise.
fn record_cpython_stdlib() {
    println!("cargo:rerun-if-env-changed=PYRC_PYTHON");
    let python = std::env::var("PYRC_PYTHON").unwrap_or_else(|_| "python3".into());
    let query = "import sys, sysconfig\n\
                 ok = sys.implementation.name == 'cpython' and sys.version_info[:2] == (3, 11)\n\
                 print(sysconfig.get_path('stdlib') if ok else '')";
    let found = std::process::Command::new(&python)
        .args(["-I", "-c", query])
        .output()
        .ok()
        .filter(|output| output.status.success())
        .map(|output| String::from_utf8_lossy(&output.stdout).trim().to_string())
        .unwrap_or_default();
    if found.is_empty() {
        println!(
            "cargo:warning=no CPython 3.11 found as `{python}`: pyrc's sys.path will have no \
             standard library directory (set PYRC_STDLIB at run time to give one)"
        );
    }
    println!("cargo:rustc-env=PYRC_CPYTHON_STDLIB={found}");
}
