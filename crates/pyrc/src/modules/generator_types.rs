//! `_pyrc_generator_types`: what pyrc's `types` module (`lib/types.py`) needs of the
//! generator-like types that Python code cannot reach by itself: the classes `generator`,
//! `coroutine` and `async_generator`, and `mark_iterable_coroutine(code)`, the flag
//! `types.coroutine` sets on a generator function's code (CPython sets
//! CO_ITERABLE_COROUTINE through `code.replace(co_flags=...)`).

use crate::object::runtime::{self as rt, type_error};
use crate::object::{Kind, PyRef};
use crate::types::BuiltinType;

use super::{native, new_module};

/// `import _pyrc_generator_types`.
pub fn module() -> PyRef {
    new_module(
        "_pyrc_generator_types",
        vec![
            ("GeneratorType", rt::builtin_type(BuiltinType::Generator)),
            ("CoroutineType", rt::builtin_type(BuiltinType::Coroutine)),
            ("AsyncGeneratorType", rt::builtin_type(BuiltinType::AsyncGenerator)),
            (
                "mark_iterable_coroutine",
                native("mark_iterable_coroutine", |a| {
                    a.arity("mark_iterable_coroutine", 1, 1)?;
                    let code = a.arg(0);
                    let Kind::Code(code) = &code.kind else {
                        return type_error("mark_iterable_coroutine() expects a code object");
                    };
                    code.iterable_coroutine.set(true);
                    Ok(rt::none())
                }),
            ),
        ],
    )
}
