//! The seed's "Remarks" (Python before 3.4): with legacy finalizers a cycle holding objects
//! with `__del__` is not freed; the objects with `__del__` go to `gc.garbage` for good. pyrc's
//! switch is `-X legacy_gc` or `gc.set_legacy_finalizers(True)` (CPython 3.11 has neither, so
//! this is checked here rather than as a golden program).

use std::process::Command;

const SCRIPT: &str = r#"
import gc
gc.disable()
class A:
    def __del__(self):
        print("We're deleting an instance of A")
class B:
    def __del__(self):
        print("We're deleting an instance of B")
a = A(); b = B()
a.b = b; b.a = a
del a, b
print(gc.collect())
print(len(gc.garbage), sorted(type(o).__name__ for o in gc.garbage))
print(gc.collect())
"#;

/// Runs `script` in its own temporary directory (`tag` keeps parallel tests apart).
fn run(tag: &str, args: &[&str], script: &str) -> (i32, String, String) {
    let dir = std::env::temp_dir().join(format!("pyrc-legacy-{}-{tag}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("remarks.py");
    std::fs::write(&path, script).unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_pyrc")).args(args).arg(&path).output().unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn legacy_mode_keeps_cycles_with_del_in_gc_garbage() {
    let (code, stdout, stderr) = run("x-option", &["-X", "legacy_gc"], SCRIPT);
    assert_eq!(code, 0, "{stderr}");
    // Two instances and their two `__dict__`s are unreachable and all uncollectable; no
    // `__del__` runs; only the objects with `__del__` are listed in gc.garbage.
    assert_eq!(stdout, "4\n2 ['A', 'B']\n0\n");
    assert!(
        stderr.contains("ResourceWarning: gc: 2 uncollectable objects at shutdown"),
        "{stderr}"
    );
}

#[test]
fn set_legacy_finalizers_switches_at_run_time() {
    let script = SCRIPT.replace("gc.disable()", "gc.disable()\ngc.set_legacy_finalizers(True)");
    let (code, stdout, _) = run("switch", &[], &script);
    assert_eq!(code, 0);
    assert_eq!(stdout, "4\n2 ['A', 'B']\n0\n");
}

#[test]
fn without_legacy_mode_the_cycle_is_finalized_and_freed() {
    let (code, stdout, _) = run("default", &[], SCRIPT);
    assert_eq!(code, 0);
    assert!(
        stdout.starts_with(
            "We're deleting an instance of A\nWe're deleting an instance of B\n4\n0 []\n0\n"
        ),
        "{stdout}"
    );
}
