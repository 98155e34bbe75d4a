//! Embeds the pure-Python part of pyrc's library (`lib/`) into the binary, so that
//! `cargo run -p pyrc` works from any directory: generates `frozen.rs`, a table of
//! (dotted module name, is package, source).

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
    let lib = Path::new(env!("CARGO_MANIFEST_DIR")).join("lib");
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
}
