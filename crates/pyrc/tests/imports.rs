//! `import` of source modules, checked against CPython 3.11's output for the same tree of
//! files: packages, submodules, relative imports, `from pkg import *` with `__all__`, a
//! circular import seeing the partial module, errors (missing module or name, a syntax
//! error, a module raising: not left in `sys.modules`), `PYTHONPATH`, the embedded
//! library, `__import__`.

mod common;

use std::time::Duration;

/// (path relative to the tree's root, source).
const FILES: &[(&str, &str)] = &[
    (
        r#"broken.py"#,
        r#"x = (
"#,
    ),
    (
        r#"cyc_a.py"#,
        r#"import cyc_b
A = "a done, b sees " + cyc_b.SEEN
"#,
    ),
    (
        r#"cyc_b.py"#,
        r#"import cyc_a
SEEN = str(hasattr(cyc_a, "A"))
"#,
    ),
    (
        r#"extra/onpath.py"#,
        r#"WHERE = "extra dir"
"#,
    ),
    (
        r#"main.py"#,
        r#"import sys
import pkg.a
import pkg.sub.b as bb
from pkg import X, sub
from pkg.sub import b
print(pkg.X, pkg.a.Y, pkg.a.Z2, bb.Z, sub.b is b, pkg.__name__, pkg.sub.__package__)
from pkg import *
print(helper(), "_private" in dir())
import cyc_a
print(cyc_a.A)
try:
    import nosuch
except ImportError as e:
    print(type(e).__name__, e)
try:
    from pkg import nope
except ImportError as e:
    print(type(e).__name__, str(e).split(" (")[0])
try:
    import broken
except SyntaxError as e:
    print("SyntaxError", e.lineno, e.filename.endswith("broken.py"))
for attempt in range(2):
    try:
        import raises
    except ValueError as e:
        print("ValueError", e, "raises" in sys.modules)
import textwrap
print(repr(textwrap.dedent("    a\n      b\n")))
import onpath
print(onpath.WHERE)
print(__import__("pkg.sub.b").__name__, __import__("pkg.sub.b", fromlist=["Z"]).__name__)
"#,
    ),
    (
        r#"pkg/__init__.py"#,
        r#"X = 1
__all__ = ["X", "helper"]
def helper(): return "helper"
def _private(): return "private"
from . import a
"#,
    ),
    (
        r#"pkg/a.py"#,
        r#"from .sub import b
from .sub.b import Z as Z2
Y = b.Z + 1
"#,
    ),
    (r#"pkg/sub/__init__.py"#, r#""#),
    (
        r#"pkg/sub/b.py"#,
        r#"Z = 41
"#,
    ),
    (
        r#"raises.py"#,
        r#"raise ValueError("boom at import")
"#,
    ),
];

/// What python3 3.11 prints for `PYTHONPATH=extra python3 main.py` in that tree.
const CPYTHON_OUTPUT: &str = r#"1 42 41 41 True pkg pkg.sub
helper False
a done, b sees False
ModuleNotFoundError No module named 'nosuch'
ImportError cannot import name 'nope' from 'pkg'
SyntaxError 1 True
ValueError boom at import False
ValueError boom at import False
'a\n  b\n'
extra dir
pkg pkg.sub.b
"#;

#[test]
fn imports_behave_as_cpython() {
    let root = std::env::temp_dir().join(format!("pyrc-imports-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    for (path, source) in FILES {
        let file = root.join(path);
        std::fs::create_dir_all(file.parent().expect("a parent")).expect("create dirs");
        std::fs::write(&file, source).expect("write a module");
    }
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_pyrc"));
    command.arg("main.py").current_dir(&root).env("PYTHONPATH", root.join("extra"));
    let outcome = common::run_with_timeout(command, None, Duration::from_secs(60));
    let _ = std::fs::remove_dir_all(&root);
    let stdout = String::from_utf8_lossy(&outcome.stdout);
    let stderr = String::from_utf8_lossy(&outcome.stderr);
    assert!(outcome.status.is_some_and(|s| s.success()), "pyrc failed: {stderr}");
    assert_eq!(stdout, CPYTHON_OUTPUT, "stderr: {stderr}");
}
