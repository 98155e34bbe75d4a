//! Raised Python exceptions as they travel through Rust: the exception object plus the
//! traceback entries collected while unwinding.

use std::rc::Rc;

use crate::object::PyRef;

/// One line of a traceback: where a frame was when the exception passed through it.
#[derive(Clone, Debug)]
pub struct TraceEntry {
    pub filename: Rc<str>,
    pub line: u32,
    pub function: Rc<str>,
}

/// A raised exception.
pub struct ExcInfo {
    /// The exception instance.
    pub value: PyRef,
    /// Innermost frame last, as Python prints them.
    pub traceback: Vec<TraceEntry>,
}

/// The error type of everything that can raise.
pub type Exc = Box<ExcInfo>;

/// Result of evaluating an expression or calling a function.
pub type Res<T> = Result<T, Exc>;

impl ExcInfo {
    pub fn new(value: PyRef) -> Exc {
        Box::new(ExcInfo { value, traceback: Vec::new() })
    }
}

impl std::fmt::Debug for ExcInfo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match crate::object::hooks::try_vm() {
            Some(vm) => write!(f, "ExcInfo({})", (vm.exception_line)(&self.value)),
            None => write!(f, "ExcInfo({})", crate::object::class::type_name(&self.value)),
        }
    }
}
