//! The exception → traceback → frame → locals → exception cycle (issue 12): its objects are
//! real, the collector finds and frees them, and `gc.collect()` counts what CPython 3.11
//! counts plus the exception's own `__dict__` (pyrc's separate-instance-dict rule). CPython
//! prints 4 here (the exception, its `args` tuple, its traceback, the frame); the golden
//! programs compare with CPython, so this exact count is checked here instead.

use std::process::Command;

const SCRIPT: &str = r#"
import gc, weakref
class Tracked(Exception):
    pass
def make_cycle(log):
    try:
        raise Tracked("cycle")
    except Tracked as exc:
        kept = exc
    return weakref.ref(kept, lambda ref: log.append("callback"))
def caught_and_dropped():
    for i in range(3):
        try:
            raise Tracked(i)
        except Tracked:
            pass
gc.disable()
gc.collect()
log = []
ref = make_cycle(log)
print(ref() is not None, log)
print(gc.collect(), ref() is None, log)
caught_and_dropped()
print(gc.collect())
"#;

#[test]
fn a_traceback_cycle_is_collected_with_cpythons_count_plus_the_instance_dict() {
    let dir = std::env::temp_dir().join(format!("pyrc-tb-cycles-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("cycle.py");
    std::fs::write(&path, SCRIPT).unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_pyrc")).arg(&path).output().unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    // Exception, its args tuple, its dict, traceback, frame: 5; a traceback dropped with its exception in the
    // frame that caught it makes no garbage at all: 0.
    assert_eq!(stdout, "True []\n5 True ['callback']\n0\n");
}
