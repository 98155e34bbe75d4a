//! pyrc's layers point one way: this test reads every source file's `crate::` paths (its `use`
//! lines and paths written inline) and checks them against the table in ARCHITECTURE.md.
//!
//! The layers, lowest first; a file may use its own layer and the layers below it, never one
//! above (the lower layers reach up only through entry points installed at start-up:
//! `object::hooks`, the built-in module table):
//! * `compile/`: parser front end, ast, scope analysis; it never sees objects.
//! * `object/`: `PyObject`, the type-object core, dict storage, ints, typed exceptions,
//!   native-function plumbing, recursion accounting, runtime singletons.
//! * `types/`: the built-in types' behaviour (attributes, operators, constructors, methods).
//! * `vm/`: evaluator, frames, generators, import.
//! * `modules/`: the built-in modules.
//! * `cli/`: command line, REPL, doctest.
//!
//! The parser crates (`ruff_python_*`, `ruff_text_size`) are used by `compile/parse*` alone.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn source_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read src") {
        let path = entry.expect("dir entry").path();
        if path.is_dir() {
            source_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level modules a file names through `crate::` (inline paths, `use crate::x`, and
/// the items of `use crate::{a, b::c}` groups).
fn crate_modules(text: &str) -> BTreeSet<String> {
    let mut modules = BTreeSet::new();
    let ident = |s: &str| -> String {
        s.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect()
    };
    let mut rest = text;
    while let Some(at) = rest.find("crate::") {
        let after = &rest[at + "crate::".len()..];
        if let Some(group) = after.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            for item in group[..end].split(',') {
                let name = ident(item.trim());
                if !name.is_empty() {
                    modules.insert(name);
                }
            }
        } else {
            let name = ident(after);
            if !name.is_empty() {
                modules.insert(name);
            }
        }
        rest = after;
    }
    modules
}

/// The text without its comment lines (doc comments may name other modules freely).
fn without_comment_lines(text: &str) -> String {
    text.lines().filter(|line| !line.trim_start().starts_with("//")).collect::<Vec<_>>().join("\n")
}

fn relative(path: &Path, src: &Path) -> String {
    path.strip_prefix(src).expect("under src").to_string_lossy().replace('\\', "/")
}

#[test]
fn compile_layer_sees_no_other_layer() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    source_files(&src.join("compile"), &mut files);
    assert!(files.len() >= 4, "the compile layer's files were not found");
    let mut violations = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).expect("read source");
        let code = without_comment_lines(&text);
        for module in crate_modules(&code) {
            if module != "compile" {
                violations.push(format!("{} uses crate::{module}", relative(file, &src)));
            }
        }
    }
    assert!(violations.is_empty(), "layer violations:\n{}", violations.join("\n"));
}

/// The layers, lowest first (see the module documentation).
const LAYERS: [&str; 6] = ["compile", "object", "types", "vm", "modules", "cli"];

#[test]
fn every_layer_uses_only_itself_and_the_layers_below() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    source_files(&src, &mut files);
    let mut violations = Vec::new();
    let mut checked = 0;
    for file in &files {
        let name = relative(file, &src);
        let Some((layer, _)) = name.split_once('/') else {
            assert!(
                name == "lib.rs" || name == "main.rs",
                "{name} is at the crate root: every module belongs to a layer"
            );
            continue;
        };
        let rank = LAYERS.iter().position(|l| *l == layer).unwrap_or_else(|| {
            panic!("{name} is in {layer}/, which is not a layer (add it to LAYERS and ARCHITECTURE.md)")
        });
        checked += 1;
        let code = without_comment_lines(&std::fs::read_to_string(file).expect("read source"));
        for module in crate_modules(&code) {
            match LAYERS.iter().position(|l| *l == module) {
                Some(used) if used > rank => {
                    violations.push(format!("{name} uses crate::{module} (a higher layer)"))
                }
                Some(_) => {}
                None => {
                    violations.push(format!("{name} uses crate::{module}, which is not a layer"))
                }
            }
        }
    }
    assert!(checked >= 40, "only {checked} source files found under the layers");
    assert!(violations.is_empty(), "layer violations:\n{}", violations.join("\n"));
}

#[test]
fn the_layer_check_sees_an_upward_use() {
    // The same reading the layer test does, on a line that reaches up.
    let code = without_comment_lines("// crate::cli in a comment is fine\nuse crate::vm::eval;");
    assert_eq!(crate_modules(&code).into_iter().collect::<Vec<_>>(), ["vm"]);
}

#[test]
fn only_the_parser_front_end_uses_the_parser_crates() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    source_files(&src, &mut files);
    let mut violations = Vec::new();
    for file in &files {
        let name = relative(file, &src);
        if name == "compile/parse.rs" || name.starts_with("compile/parse/") {
            continue;
        }
        let text = std::fs::read_to_string(file).expect("read source");
        let code = without_comment_lines(&text);
        for parser_crate in ["ruff_python_parser", "ruff_python_ast", "ruff_text_size"] {
            if code.contains(parser_crate) {
                violations.push(format!("{name} uses {parser_crate}"));
            }
        }
    }
    assert!(
        violations.is_empty(),
        "parser crates outside compile/parse:\n{}",
        violations.join("\n")
    );
}

#[test]
fn the_reader_finds_grouped_and_inline_paths() {
    let text = "use crate::{ast, runtime as rt};\nlet x = crate::eval::run(crate::object::X);";
    let found: Vec<String> = crate_modules(text).into_iter().collect();
    assert_eq!(found, ["ast", "eval", "object", "runtime"]);
}
