//! Raised Python exceptions as they travel through Rust: the exception object, which
//! carries its traceback (`__traceback__`, `object::traceback`) as it unwinds.

use crate::object::PyRef;

/// A raised exception.
pub struct ExcInfo {
    /// The exception instance.
    pub value: PyRef,
}

/// The error type of everything that can raise.
pub type Exc = Box<ExcInfo>;

/// Result of evaluating an expression or calling a function.
pub type Res<T> = Result<T, Exc>;

impl ExcInfo {
    pub fn new(value: PyRef) -> Exc {
        Box::new(ExcInfo { value })
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
