//! The few entry points the execution layer provides to the layers below it, installed once
//! at start-up (`vm::install`), so that `object` and `types` can run Python code without
//! depending on `vm` (CPython's type slots point into `ceval.c` the same way: a function's
//! `tp_call` is the evaluator).

use std::sync::OnceLock;

use crate::object::error::Res;
use crate::object::native::Kwargs;
use crate::object::PyRef;

/// What `vm` provides below it.
pub struct VmHooks {
    /// Calls a function defined in Python (`Kind::Function`) with these arguments.
    pub call_function: fn(&PyRef, Vec<PyRef>, Kwargs) -> Res<PyRef>,
    /// Runs an object's finalizer: an instance's `__del__`, or closing a suspended generator
    /// (its `finally` blocks run); errors are reported as unraisable, as CPython does.
    pub finalize: fn(&PyRef),
    /// The last line of a traceback for an exception value (`TypeError: message`).
    pub exception_line: fn(&PyRef) -> String,
    /// The globals of the innermost running call (`type(name, bases, dict)` takes its
    /// `__module__` from them).
    pub current_globals: fn() -> Option<PyRef>,
    /// `import name` (the codec registry imports `encodings` on its first lookup, as
    /// CPython's `_PyCodecRegistry_Init`).
    pub import_module: fn(&str) -> Res<PyRef>,
    /// The frame object of the running call below the one at this index of the stack of
    /// running calls (`f_back`), made on demand; None at the bottom.
    pub frame_below: fn(usize) -> Option<PyRef>,
}

static VM: OnceLock<VmHooks> = OnceLock::new();

/// Installs the execution layer's entry points (the first installation wins).
pub fn install_vm(hooks: VmHooks) {
    let _ = VM.set(hooks);
}

/// The execution layer's entry points.
///
/// # Panics
/// If `vm::install` has not run: every way to run Python code (`cli::initialize`) runs it
/// first, and no Python object that needs these exists before code runs.
#[inline]
pub fn vm() -> &'static VmHooks {
    VM.get().expect("vm::install runs before any Python code")
}

/// The execution layer's entry points, if installed (for debug output, which must not panic).
pub fn try_vm() -> Option<&'static VmHooks> {
    VM.get()
}
