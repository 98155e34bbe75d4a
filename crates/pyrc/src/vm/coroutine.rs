//! Coroutines (`async def`) and what `await`, `async for` and `async with` do, as CPython
//! 3.11's `genobject.c` and `ceval.c` (GET_AWAITABLE, GET_AITER, GET_ANEXT,
//! BEFORE_ASYNC_WITH, END_ASYNC_FOR).
//!
//! A coroutine is a function generator of flavor `Coroutine` (`vm/generator`): the same
//! heap frame, resumed by the same loop, so everything a suspended coroutine holds is traced
//! as a generator's is. `await x` compiles to `GetAwaitable` and `yield from`: the iterator
//! delegated to is the coroutine itself, a generator of a `types.coroutine` function, or
//! what `x.__await__()` returns.
//!
//! `coroutine.__await__()` returns a `coroutine_wrapper`, an iterator over the coroutine
//! (a native iterator of this module: `object::NativeIter`).
//!
//! May depend on: `generator`, `eval`, `import`, `types`.

use crate::object::error::{ExcInfo, Res};
use crate::object::exceptions::ExcKind;
use crate::object::native::MethodDef;
use crate::object::runtime::{self as rt, raise, type_error};
use crate::object::{alloc, GenFlavor, Iter, Kind, NativeIter, PyRef};
use crate::types::{self, ops};
use crate::vm::generator::{self, Outcome, Resume};

/// The methods of coroutine objects (CPython's `coro_methods`).
pub const COROUTINE_METHODS: &[MethodDef] = &[
    MethodDef {
        name: "send",
        function: |a| {
            a.arity("send", 1, 1)?;
            generator::send(&a.receiver(), a.arg(0))
        },
    },
    MethodDef {
        name: "throw",
        function: |a| {
            a.arity("throw", 1, 3)?;
            let value = (a.positional.len() > 1).then(|| a.arg(1));
            let exc =
                generator::exception_for_throw(a.arg(0), value, a.positional.get(2).cloned())?;
            generator::throw(&a.receiver(), exc)
        },
    },
    MethodDef {
        name: "close",
        function: |a| {
            generator::close(&a.receiver())?;
            Ok(rt::none())
        },
    },
    MethodDef {
        name: "__await__",
        function: |a| {
            a.arity("__await__", 0, 0)?;
            Ok(new_native(Wrapper { coroutine: a.receiver() }))
        },
    },
];

/// A new iterator object holding a native state of this layer.
pub(crate) fn new_native(state: impl NativeIter) -> PyRef {
    alloc(Kind::iterator(Iter::Native(Box::new(state))))
}

/// Runs `f` on the native state `T` of `object`, if it holds one (borrowed only for `f`,
/// which runs no Python code).
pub(crate) fn with_native<T: 'static, R>(object: &PyRef, f: impl FnOnce(&mut T) -> R) -> Option<R> {
    let Kind::Iterator(cell) = &object.kind else { return None };
    let mut state = cell.try_borrow_mut().ok()?;
    match &mut *state {
        Iter::Native(native) => native.as_any_mut().downcast_mut::<T>().map(f),
        _ => None,
    }
}

/// A class of this layer's native iterators, made once per thread (immortal, as the
/// built-in types are).
pub(crate) fn native_class(
    cell: &'static std::thread::LocalKey<std::cell::OnceCell<PyRef>>,
    name: &str,
) -> PyRef {
    cell.with(|c| c.get_or_init(|| types::plain_class(name, "builtins")).clone())
}

thread_local! {
    static WRAPPER_CLASS: std::cell::OnceCell<PyRef> = const { std::cell::OnceCell::new() };
}

/// `coroutine.__await__()`: an iterator driving the coroutine (CPython's
/// `coroutine_wrapper`).
struct Wrapper {
    coroutine: PyRef,
}

impl NativeIter for Wrapper {
    fn trace(&self, visitor: &mut rcgc::Visitor) {
        visitor.visit(&self.coroutine);
    }
    fn class(&self) -> Option<PyRef> {
        Some(native_class(&WRAPPER_CLASS, "coroutine_wrapper"))
    }
    fn resume(&self) -> fn(&PyRef) -> Res<Option<PyRef>> {
        |this| {
            let coroutine = wrapped(this)?;
            generator::send(&coroutine, rt::none()).map(Some)
        }
    }
    fn methods(&self) -> &'static [MethodDef] {
        WRAPPER_METHODS
    }
    fn as_any_mut(&mut self) -> &mut dyn std::any::Any {
        self
    }
}

fn wrapped(this: &PyRef) -> Res<PyRef> {
    match with_native(this, |w: &mut Wrapper| w.coroutine.clone()) {
        Some(coroutine) => Ok(coroutine),
        None => type_error("descriptor requires a 'coroutine_wrapper' object"),
    }
}

const WRAPPER_METHODS: &[MethodDef] = &[
    MethodDef {
        name: "send",
        function: |a| {
            a.arity("send", 1, 1)?;
            generator::send(&wrapped(&a.receiver())?, a.arg(0))
        },
    },
    MethodDef {
        name: "throw",
        function: |a| {
            a.arity("throw", 1, 3)?;
            let value = (a.positional.len() > 1).then(|| a.arg(1));
            let exc =
                generator::exception_for_throw(a.arg(0), value, a.positional.get(2).cloned())?;
            generator::throw(&wrapped(&a.receiver())?, exc)
        },
    },
    MethodDef {
        name: "close",
        function: |a| {
            generator::close(&wrapped(&a.receiver())?)?;
            Ok(rt::none())
        },
    },
];

/// One step of `yield from`/`await` over a `coroutine_wrapper`: the coroutine itself.
pub(crate) fn delegate_wrapper(iterator: &PyRef) -> Option<PyRef> {
    with_native(iterator, |w: &mut Wrapper| w.coroutine.clone())
}

/// Whether `object` can be awaited as it is: a coroutine, or a generator of a
/// `types.coroutine` function.
fn is_awaitable_generator(object: &PyRef) -> bool {
    generator::with_generator(object, |g| match g.flavor_of() {
        GenFlavor::Coroutine => true,
        GenFlavor::Generator => g.code().iterable_coroutine.get(),
        GenFlavor::AsyncGenerator => false,
    })
    .unwrap_or(false)
}

/// `GET_AWAITABLE`: the iterator `await value` delegates to. `context` words the error
/// when `value` has no `__await__` (0: `await`, 1: from `__aenter__`, 2: from `__aexit__`).
pub fn get_awaitable(value: PyRef, context: u8) -> Res<PyRef> {
    if is_awaitable_generator(&value) {
        let awaited = generator::with_generator(&value, |g| {
            g.flavor_of() == GenFlavor::Coroutine && !matches!(g.awaiting().kind, Kind::None)
        });
        if awaited == Some(true) {
            return raise(ExcKind::RuntimeError, "coroutine is being awaited already");
        }
        return Ok(value);
    }
    let method = match &value.kind {
        // This layer's awaitables (`asend`, `athrow`) have `__await__` among their methods.
        Kind::Iterator(_) => types::attr::lookup(&value, "__await__")?,
        _ => ops::lookup_special(&value, "__await__"),
    };
    let Some(method) = method else {
        let name = types::type_name(&value);
        return type_error(match context {
            1 => format!(
                "'async with' received an object from __aenter__ that does not implement __await__: {name}"
            ),
            2 => format!(
                "'async with' received an object from __aexit__ that does not implement __await__: {name}"
            ),
            _ => format!("object {name} can't be used in 'await' expression"),
        });
    };
    let result = ops::call(&method, vec![], vec![])?;
    if is_awaitable_generator(&result) {
        return type_error("__await__() returned a coroutine");
    }
    if !is_iterator(&result) {
        return type_error(format!(
            "__await__() returned non-iterator of type '{}'",
            types::type_name(&result)
        ));
    }
    Ok(result)
}

/// Whether `object` has `__next__` (CPython's `PyIter_Check`).
fn is_iterator(object: &PyRef) -> bool {
    match &object.kind {
        Kind::Iterator(_) => {
            generator::flavor(object).is_none_or(|flavor| flavor == GenFlavor::Generator)
        }
        Kind::File(_) => true,
        _ => ops::lookup_special(object, "__next__").is_some(),
    }
}

/// `yield from x` in a generator: a coroutine only inside a `types.coroutine` generator
/// (CPython's GET_YIELD_FROM_ITER), anything else through `iter()`.
pub fn get_yield_from_iter(value: PyRef, in_iterable_coroutine: bool) -> Res<PyRef> {
    if generator::flavor(&value) == Some(GenFlavor::Coroutine) {
        if !in_iterable_coroutine {
            return type_error(
                "cannot 'yield from' a coroutine object in a non-coroutine generator",
            );
        }
        return Ok(value);
    }
    ops::iter(&value)
}

/// `GET_AITER`: `value.__aiter__()`, which must have `__anext__`.
pub fn get_aiter(value: PyRef) -> Res<PyRef> {
    let iterator = if generator::flavor(&value) == Some(GenFlavor::AsyncGenerator) {
        value
    } else {
        let Some(method) = ops::lookup_special(&value, "__aiter__") else {
            return type_error(format!(
                "'async for' requires an object with __aiter__ method, got {}",
                types::type_name(&value)
            ));
        };
        ops::call(&method, vec![], vec![])?
    };
    if generator::flavor(&iterator) != Some(GenFlavor::AsyncGenerator)
        && ops::lookup_special(&iterator, "__anext__").is_none()
    {
        return type_error(format!(
            "'async for' received an object from __aiter__ that does not implement __anext__: {}",
            types::type_name(&iterator)
        ));
    }
    Ok(iterator)
}

/// `GET_ANEXT`: the awaitable of `iterator.__anext__()`.
pub fn get_anext(iterator: &PyRef) -> Res<PyRef> {
    if generator::flavor(iterator) == Some(GenFlavor::AsyncGenerator) {
        return crate::vm::async_gen::anext(iterator);
    }
    let Some(method) = ops::lookup_special(iterator, "__anext__") else {
        return type_error(format!(
            "'async for' requires an iterator with __anext__ method, got {}",
            types::type_name(iterator)
        ));
    };
    let awaitable = ops::call(&method, vec![], vec![])?;
    match get_awaitable(awaitable.clone(), 0) {
        Ok(iterator) => Ok(iterator),
        Err(exc) if rt::is_exception(&exc.value, ExcKind::TypeError) => {
            let error = rt::exception(
                ExcKind::TypeError,
                format!(
                    "'async for' received an invalid object from __anext__: {}",
                    types::type_name(&awaitable)
                ),
            );
            let _ = types::attr::setattr(&error, "__cause__", exc.value.clone());
            Err(ExcInfo::new(error))
        }
        Err(exc) => Err(exc),
    }
}

/// `END_ASYNC_FOR`'s test: `exc` ends the loop (`StopAsyncIteration`) or goes on.
pub fn ends_async_for(exc: &PyRef) -> bool {
    rt::is_exception(exc, ExcKind::StopAsyncIteration)
}

/// `BEFORE_ASYNC_WITH`: `__aexit__` bound, then what `__aenter__()` returned.
pub fn async_with_enter(manager: &PyRef) -> Res<(PyRef, PyRef)> {
    let missing = || {
        type_error(format!(
            "'{}' object does not support the asynchronous context manager protocol",
            types::type_name(manager)
        ))
    };
    let Some(enter) = ops::lookup_special(manager, "__aenter__") else { return missing() };
    let Some(exit) = ops::lookup_special(manager, "__aexit__") else { return missing() };
    let entered = ops::call(&enter, vec![], vec![])?;
    Ok((exit, entered))
}

/// The "coroutine ... was never awaited" `RuntimeWarning` of a coroutine dying before it
/// started (CPython's `_PyErr_WarnUnawaitedCoroutine`), through `warnings`.
pub fn warn_never_awaited(coroutine: &PyRef) {
    let qualname = generator::with_generator(coroutine, |g| g.code().code.qualname.clone());
    let Some(qualname) = qualname else { return };
    let message = format!("coroutine '{qualname}' was never awaited");
    let warned = (|| -> Res<()> {
        let warnings = crate::vm::import::import_module("warnings")?;
        let warn = types::attr::getattr(&warnings, "warn")?;
        let category = rt::exception_class(ExcKind::RuntimeWarning);
        ops::call(&warn, vec![rt::str(message.as_str()), category, rt::int(2)], vec![])?;
        Ok(())
    })();
    if let Err(exc) = warned {
        eprintln!("Exception ignored in: <coroutine object {qualname}>");
        crate::vm::eval::print_exception(&exc);
    }
}

/// A step's outcome as the value a `send`-like method returns (`StopIteration(value)` for
/// a return).
pub(crate) fn outcome_value(outcome: Outcome) -> Res<PyRef> {
    match outcome {
        Outcome::Yielded(value) => Ok(value),
        Outcome::Returned(value) => generator::send_result_stop(value),
    }
}

/// Drives `coroutine` one step (for `delegate`): the resumption as a generator step.
pub(crate) fn step(coroutine: &PyRef, input: Resume) -> Res<Outcome> {
    generator::delegate(coroutine, input)
}

thread_local! {
    /// `sys.set_coroutine_origin_tracking_depth`: how many calls `cr_origin` records.
    static ORIGIN_DEPTH: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// `sys.get_coroutine_origin_tracking_depth()`.
pub fn origin_tracking_depth() -> usize {
    ORIGIN_DEPTH.with(|d| d.get())
}

/// `sys.set_coroutine_origin_tracking_depth(depth)`: coroutines made from now on record the
/// innermost `depth` calls as `cr_origin` (0: none).
pub fn set_origin_tracking_depth(depth: usize) {
    ORIGIN_DEPTH.with(|d| d.set(depth));
}
