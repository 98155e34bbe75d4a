//! The execution layer: the evaluator, frame objects, generators, coroutines and import.

pub mod async_gen;
pub mod coroutine;
pub mod eval;
pub mod frame_object;
pub mod generator;
pub mod import;
pub mod signals;

/// Installs this layer's entry points for the layers below it (`object::hooks`).
pub fn install() {
    crate::object::hooks::install_vm(crate::object::hooks::VmHooks {
        call_function: eval::call_function,
        finalize: eval::call_del,
        exception_line: eval::exception_line,
        current_globals: frame_object::current_globals,
        import_module: import::import_module,
        frame_below: frame_object::frame_below,
    });
}
