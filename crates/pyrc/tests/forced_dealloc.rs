//! The seed's "Forcefully deallocating objects", made safe: `ctypes.pythonapi._Py_Dealloc`
//! runs `__del__` once, clears the object now, and every later use through a remaining
//! reference raises `ReferenceError`; immortal objects are refused ("deallocating None").
//! (CPython would crash on this script, so the expected output is written here.)

use std::process::Command;

const SCRIPT: &str = r#"
import ctypes, gc
class Track:
    def __init__(self):
        print("Initialized")
        self.data = [1, 2, 3]
    def __del__(self):
        print("Destructed")
t = Track()
keep = t
ctypes.pythonapi._Py_Dealloc(ctypes.py_object(t))
for use in (lambda: keep.data, lambda: keep.other, lambda: str(keep)):
    try:
        use()
    except ReferenceError as e:
        print("ReferenceError:", e)
print(repr(keep).startswith("<deallocated Track object"))
try:
    ctypes.pythonapi._Py_Dealloc(ctypes.py_object(None))
except SystemError as e:
    print("SystemError:", e)
try:
    ctypes.pythonapi._Py_Dealloc(ctypes.py_object(keep))
except ReferenceError as e:
    print("again:", e)
deallocated = 12345
ctypes.pythonapi._Py_Dealloc(ctypes.py_object(deallocated))
try:
    deallocated + 1
except ReferenceError as e:
    print("ReferenceError:", e)
del t, keep
print(gc.collect() >= 0, "done")
"#;

#[test]
fn forced_deallocation_is_safe() {
    let dir = std::env::temp_dir().join(format!("pyrc-dealloc-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("dealloc.py");
    std::fs::write(&path, SCRIPT).unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_pyrc")).arg(&path).output().unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    let dead = "the 'Track' object was deallocated by ctypes.pythonapi._Py_Dealloc";
    assert_eq!(
        stdout,
        format!(
            "Initialized\nDestructed\nReferenceError: {dead}\nReferenceError: {dead}\nReferenceError: {dead}\nTrue\n\
             SystemError: deallocating None: refused, the object is immortal (CPython: \"Fatal Python error: deallocating None\")\n\
             again: the object was already deallocated\n\
             ReferenceError: the 'int' object was deallocated by ctypes.pythonapi._Py_Dealloc\nTrue done\n"
        )
    );
    assert!(!stderr.contains("Destructed"), "__del__ runs once: {stderr}");
}
