//! Async generators (`async def` with `yield`), as CPython 3.11's `genobject.c`: the
//! generator is a function generator of flavor `AsyncGenerator` (`vm/generator`); its
//! `__anext__()`/`asend()` return an `async_generator_asend` awaitable and its
//! `athrow()`/`aclose()` an `async_generator_athrow`, native iterators of this module that
//! drive the generator one step per `send`/`throw` and turn the body's own `yield`s into
//! `StopIteration(value)`, while what its `await`s yield goes up to the event loop
//! unchanged (`generator::resume_full` tells the two apart).
//!
//! `sys.set_asyncgen_hooks`: the first `__anext__`/`asend`/`athrow`/`aclose` of an async
//! generator calls `firstiter(agen)` and keeps `finalizer`, which its death calls instead
//! of closing it when it was not finished (asyncio schedules `aclose()` there).
//!
//! May depend on: `generator`, `coroutine`, `types`.

use std::cell::{Cell, RefCell};

use crate::object::error::{ExcInfo, Res};
use crate::object::exceptions::ExcKind;
use crate::object::native::MethodDef;
use crate::object::runtime::{self as rt, raise, type_error};
use crate::object::{GenFlavor, Iter, Kind, NativeIter, PyRef};
use crate::types::ops;
use crate::vm::coroutine::{native_class, new_native, with_native};
use crate::vm::generator::{self, Outcome, Resume};

/// An async generator's own state (beside its frame).
#[derive(Default)]
pub struct AsyncGenState {
    /// `ag_running`: an `asend`/`athrow` is in progress (between its first step and its
    /// end); a second one is refused.
    pub running_async: Cell<bool>,
    /// The generator returned, raised, or was closed (`aclose()` need not run).
    closed: Cell<bool>,
    hooks_inited: Cell<bool>,
    /// The `finalizer` hook in force at the first iteration.
    finalizer: RefCell<Option<PyRef>>,
}

impl AsyncGenState {
    pub fn trace(&self, visitor: &mut rcgc::Visitor) {
        if let Ok(finalizer) = self.finalizer.try_borrow() {
            if let Some(finalizer) = &*finalizer {
                visitor.visit(finalizer);
            }
        }
    }

    /// Whether dying calls the finalizer hook.
    pub fn wants_finalizer(&self) -> bool {
        !self.closed.get() && self.finalizer.try_borrow().is_ok_and(|f| f.is_some())
    }
}

thread_local! {
    /// `sys.set_asyncgen_hooks`: (firstiter, finalizer).
    static HOOKS: RefCell<(Option<PyRef>, Option<PyRef>)> = const { RefCell::new((None, None)) };
    static ASEND_CLASS: std::cell::OnceCell<PyRef> = const { std::cell::OnceCell::new() };
    static ATHROW_CLASS: std::cell::OnceCell<PyRef> = const { std::cell::OnceCell::new() };
}

/// `sys.get_asyncgen_hooks()`: (firstiter, finalizer), `None` when unset.
pub fn get_hooks() -> (PyRef, PyRef) {
    HOOKS.with(|h| {
        let h = h.borrow();
        (h.0.clone().unwrap_or_else(rt::none), h.1.clone().unwrap_or_else(rt::none))
    })
}

/// `sys.set_asyncgen_hooks(firstiter=, finalizer=)`: `None` unsets, an argument left out
/// (`None` here) keeps the hook.
pub fn set_hooks(firstiter: Option<PyRef>, finalizer: Option<PyRef>) -> Res<()> {
    for (hook, name) in [(&firstiter, "firstiter"), (&finalizer, "finalizer")] {
        if let Some(hook) = hook {
            if !matches!(hook.kind, Kind::None) && !ops::callable(hook) {
                return type_error(format!(
                    "callable {name} expected, got {}",
                    crate::types::type_name(hook)
                ));
            }
        }
    }
    let unset = |hook: PyRef| (!matches!(hook.kind, Kind::None)).then_some(hook);
    let old = HOOKS.with(|h| {
        let mut h = h.borrow_mut();
        let old = h.clone();
        if let Some(hook) = firstiter {
            h.0 = unset(hook);
        }
        if let Some(hook) = finalizer {
            h.1 = unset(hook);
        }
        old
    });
    drop(old);
    Ok(())
}

/// Runs `f` on the async state of `agen`.
fn with_state<R>(agen: &PyRef, f: impl FnOnce(&AsyncGenState) -> R) -> Option<R> {
    generator::with_generator(agen, |g| g.async_state.as_deref().map(f)).flatten()
}

fn receiver_agen(agen: &PyRef) -> Res<()> {
    if generator::flavor(agen) == Some(GenFlavor::AsyncGenerator) {
        Ok(())
    } else {
        type_error(format!(
            "descriptor requires an 'async_generator' object but received a '{}'",
            crate::types::type_name(agen)
        ))
    }
}

/// CPython's `async_gen_init_hooks`: the first iteration calls `firstiter` and keeps
/// `finalizer`.
fn init_hooks(agen: &PyRef) -> Res<()> {
    if with_state(agen, |s| s.hooks_inited.replace(true)) != Some(false) {
        return Ok(());
    }
    let (firstiter, finalizer) = HOOKS.with(|h| h.borrow().clone());
    if let Some(finalizer) = finalizer {
        with_state(agen, |s| *s.finalizer.borrow_mut() = Some(finalizer));
    }
    if let Some(firstiter) = firstiter {
        ops::call(&firstiter, vec![agen.clone()], vec![])?;
    }
    Ok(())
}

/// `agen.__anext__()` (also `GET_ANEXT` on an async generator).
pub fn anext(agen: &PyRef) -> Res<PyRef> {
    receiver_agen(agen)?;
    init_hooks(agen)?;
    Ok(new_asend(agen, rt::none()))
}

fn new_asend(agen: &PyRef, value: PyRef) -> PyRef {
    new_native(Asend { agen: agen.clone(), value, state: Cell::new(AwaitState::Init) })
}

/// The methods of async generator objects (CPython's `async_gen_methods`).
pub const ASYNC_GENERATOR_METHODS: &[MethodDef] = &[
    MethodDef {
        name: "__aiter__",
        function: |a| {
            a.arity("__aiter__", 0, 0)?;
            Ok(a.receiver())
        },
    },
    MethodDef {
        name: "__anext__",
        function: |a| {
            a.arity("__anext__", 0, 0)?;
            anext(&a.receiver())
        },
    },
    MethodDef {
        name: "asend",
        function: |a| {
            a.arity("asend", 1, 1)?;
            let agen = a.receiver();
            init_hooks(&agen)?;
            Ok(new_asend(&agen, a.arg(0)))
        },
    },
    MethodDef {
        name: "athrow",
        function: |a| {
            a.arity("athrow", 1, 3)?;
            let agen = a.receiver();
            init_hooks(&agen)?;
            let value = (a.positional.len() > 1).then(|| a.arg(1));
            Ok(new_native(Athrow {
                agen,
                args: Some((a.arg(0), value)),
                state: Cell::new(AwaitState::Init),
            }))
        },
    },
    MethodDef {
        name: "aclose",
        function: |a| {
            a.arity("aclose", 0, 0)?;
            let agen = a.receiver();
            init_hooks(&agen)?;
            Ok(new_native(Athrow { agen, args: None, state: Cell::new(AwaitState::Init) }))
        },
    },
];

#[derive(Clone, Copy, PartialEq, Eq)]
enum AwaitState {
    Init,
    Iter,
    Closed,
}

/// `agen.asend(value)` / `agen.__anext__()`.
struct Asend {
    agen: PyRef,
    value: PyRef,
    state: Cell<AwaitState>,
}

/// `agen.athrow(...)`, or `agen.aclose()` (`args` `None`).
struct Athrow {
    agen: PyRef,
    args: Option<(PyRef, Option<PyRef>)>,
    state: Cell<AwaitState>,
}

impl NativeIter for Asend {
    fn trace(&self, visitor: &mut rcgc::Visitor) {
        visitor.visit(&self.agen);
        visitor.visit(&self.value);
    }
    fn class(&self) -> Option<PyRef> {
        Some(awaitable_class(&ASEND_CLASS, "async_generator_asend"))
    }
    fn resume(&self) -> fn(&PyRef) -> Res<Option<PyRef>> {
        |this| asend_step(this, Resume::Send(rt::none())).and_then(outcome_value).map(Some)
    }
    fn methods(&self) -> &'static [MethodDef] {
        ASEND_METHODS
    }
    fn as_any_mut(&mut self) -> &mut dyn std::any::Any {
        self
    }
}

impl NativeIter for Athrow {
    fn trace(&self, visitor: &mut rcgc::Visitor) {
        visitor.visit(&self.agen);
        if let Some((typ, value)) = &self.args {
            visitor.visit(typ);
            if let Some(value) = value {
                visitor.visit(value);
            }
        }
    }
    fn class(&self) -> Option<PyRef> {
        Some(awaitable_class(&ATHROW_CLASS, "async_generator_athrow"))
    }
    fn resume(&self) -> fn(&PyRef) -> Res<Option<PyRef>> {
        |this| athrow_step(this, Resume::Send(rt::none())).and_then(outcome_value).map(Some)
    }
    fn methods(&self) -> &'static [MethodDef] {
        ATHROW_METHODS
    }
    fn as_any_mut(&mut self) -> &mut dyn std::any::Any {
        self
    }
}

/// The class of `asend`/`athrow` objects: a subclass of `collections.abc.Coroutine`, as
/// CPython's types are by that ABC's `__subclasshook__` (they have `__await__`, `send`,
/// `throw`, `close`); asyncio's `iscoroutine` checks it before `aclose()` becomes a task.
fn awaitable_class(
    cell: &'static std::thread::LocalKey<std::cell::OnceCell<PyRef>>,
    name: &str,
) -> PyRef {
    if let Some(class) = cell.with(|c| c.get().cloned()) {
        return class;
    }
    let base = crate::vm::import::import_module("collections.abc")
        .and_then(|abc| crate::types::attr::getattr(&abc, "Coroutine"))
        .ok()
        .filter(|base| matches!(base.kind, Kind::Class(_)));
    let Some(base) = base else { return native_class(cell, name) };
    let namespace = rt::new_dict();
    rt::dict_set_str(&namespace, "__module__", rt::str("builtins"));
    match crate::types::new_class(name, vec![base], namespace, None) {
        Ok(class) => cell.with(|c| c.get_or_init(|| class).clone()),
        Err(_) => native_class(cell, name),
    }
}

fn outcome_value(outcome: Outcome) -> Res<PyRef> {
    crate::vm::coroutine::outcome_value(outcome)
}

fn throw_input(a: &crate::object::native::Args, name: &str) -> Res<Resume> {
    a.arity(name, 1, 3)?;
    let value = (a.positional.len() > 1).then(|| a.arg(1));
    Ok(Resume::Throw(generator::exception_for_throw(
        a.arg(0),
        value,
        a.positional.get(2).cloned(),
    )?))
}

const ASEND_METHODS: &[MethodDef] = &[
    MethodDef {
        name: "send",
        function: |a| {
            a.arity("send", 1, 1)?;
            asend_step(&a.receiver(), Resume::Send(a.arg(0))).and_then(outcome_value)
        },
    },
    MethodDef {
        name: "throw",
        function: |a| {
            let input = throw_input(&a, "throw")?;
            asend_step(&a.receiver(), input).and_then(outcome_value)
        },
    },
    MethodDef {
        name: "close",
        function: |a| {
            with_native(&a.receiver(), |s: &mut Asend| s.state.set(AwaitState::Closed));
            Ok(rt::none())
        },
    },
    MethodDef { name: "__await__", function: |a| Ok(a.receiver()) },
];

const ATHROW_METHODS: &[MethodDef] = &[
    MethodDef {
        name: "send",
        function: |a| {
            a.arity("send", 1, 1)?;
            athrow_step(&a.receiver(), Resume::Send(a.arg(0))).and_then(outcome_value)
        },
    },
    MethodDef {
        name: "throw",
        function: |a| {
            let input = throw_input(&a, "throw")?;
            athrow_step(&a.receiver(), input).and_then(outcome_value)
        },
    },
    MethodDef {
        name: "close",
        function: |a| {
            with_native(&a.receiver(), |s: &mut Athrow| s.state.set(AwaitState::Closed));
            Ok(rt::none())
        },
    },
    MethodDef { name: "__await__", function: |a| Ok(a.receiver()) },
];

/// One step of `yield from`/`await` over this module's awaitables and a coroutine's
/// `__await__` wrapper, without method lookups; `Err(input)`: not one of them.
pub fn delegate_native(iterator: &PyRef, input: Resume) -> Result<Res<Outcome>, Resume> {
    let Kind::Iterator(cell) = &iterator.kind else { return Err(input) };
    let which = match cell.try_borrow().as_deref() {
        Ok(Iter::Native(native)) => {
            let any: &dyn std::any::Any = native_as_any(native.as_ref());
            if any.is::<Asend>() {
                1
            } else if any.is::<Athrow>() {
                2
            } else {
                0
            }
        }
        _ => 0,
    };
    match which {
        1 => Ok(asend_step(iterator, input)),
        2 => Ok(athrow_step(iterator, input)),
        _ => match crate::vm::coroutine::delegate_wrapper(iterator) {
            Some(coroutine) => Ok(crate::vm::coroutine::step(&coroutine, input)),
            None => Err(input),
        },
    }
}

/// `&dyn NativeIter` as `&dyn Any` (the trait gives only the mutable form).
fn native_as_any(native: &dyn NativeIter) -> &dyn std::any::Any {
    // `NativeIter: Any`, so the upcast is the trait object's own.
    native
}

/// What one step of the generator gave, for an awaitable driving it.
enum Step {
    /// A value of the body's `yield`.
    Value(PyRef),
    /// What an `await` inside sends up to the event loop.
    Await(PyRef),
    /// The body returned (`StopAsyncIteration`).
    Returned,
}

/// One resumption of `agen`, its errors and end as CPython's `async_gen_unwrap_value`
/// makes them: the end is `StopAsyncIteration`, and the end or a `GeneratorExit` closes it.
fn gen_step(agen: &PyRef, input: Resume) -> Res<Step> {
    match generator::resume_full(agen, input) {
        Ok((Outcome::Yielded(value), true)) => Ok(Step::Await(value)),
        Ok((Outcome::Yielded(value), false)) => Ok(Step::Value(value)),
        Ok((Outcome::Returned(_), _)) => {
            with_state(agen, |s| s.closed.set(true));
            Ok(Step::Returned)
        }
        Err(exc) => {
            if rt::is_exception(&exc.value, ExcKind::StopAsyncIteration)
                || rt::is_exception(&exc.value, ExcKind::GeneratorExit)
            {
                with_state(agen, |s| s.closed.set(true));
            }
            Err(exc)
        }
    }
}

fn stop_async_iteration() -> crate::object::error::Exc {
    ExcInfo::new(rt::exception_of(rt::exception_class(ExcKind::StopAsyncIteration), vec![]))
}

fn set_running(agen: &PyRef, running: bool) {
    with_state(agen, |s| s.running_async.set(running));
}

/// `asend.send(value)` / `asend.throw(...)` (CPython's `async_gen_asend_send`/`_throw`).
fn asend_step(this: &PyRef, input: Resume) -> Res<Outcome> {
    let Some((agen, value, state)) =
        with_native(this, |s: &mut Asend| (s.agen.clone(), s.value.clone(), s.state.get()))
    else {
        return type_error("not an async_generator_asend");
    };
    let set_state = |state| with_native(this, |s: &mut Asend| s.state.set(state));
    if state == AwaitState::Closed {
        return raise(ExcKind::RuntimeError, "cannot reuse already awaited __anext__()/asend()");
    }
    let input = match input {
        Resume::Send(sent) if state == AwaitState::Init => {
            if with_state(&agen, |s| s.running_async.get()) == Some(true) {
                set_state(AwaitState::Closed);
                return raise(
                    ExcKind::RuntimeError,
                    "anext(): asynchronous generator is already running",
                );
            }
            set_state(AwaitState::Iter);
            Resume::Send(if matches!(sent.kind, Kind::None) { value } else { sent })
        }
        input => input,
    };
    set_running(&agen, true);
    let step = gen_step(&agen, input);
    match step {
        Ok(Step::Await(value)) => Ok(Outcome::Yielded(value)),
        Ok(Step::Value(value)) => {
            set_running(&agen, false);
            set_state(AwaitState::Closed);
            Ok(Outcome::Returned(value))
        }
        Ok(Step::Returned) => {
            set_running(&agen, false);
            set_state(AwaitState::Closed);
            Err(stop_async_iteration())
        }
        Err(exc) => {
            set_running(&agen, false);
            set_state(AwaitState::Closed);
            Err(exc)
        }
    }
}

/// `athrow.send(value)` / `athrow.throw(...)` (CPython's `async_gen_athrow_send`/`_throw`).
fn athrow_step(this: &PyRef, input: Resume) -> Res<Outcome> {
    let Some((agen, args, state)) =
        with_native(this, |s: &mut Athrow| (s.agen.clone(), s.args.clone(), s.state.get()))
    else {
        return type_error("not an async_generator_athrow");
    };
    let is_close = args.is_none();
    let set_state = |state| with_native(this, |s: &mut Athrow| s.state.set(state));
    if state == AwaitState::Closed {
        return raise(ExcKind::RuntimeError, "cannot reuse already awaited aclose()/athrow()");
    }
    let finished = generator::with_generator(&agen, |g| g.is_finished()).unwrap_or(true);
    if finished {
        set_state(AwaitState::Closed);
        return match input {
            Resume::Throw(exc) => Err(exc),
            Resume::Send(_) => Ok(Outcome::Returned(rt::none())),
        };
    }
    let step = match (state, input) {
        (AwaitState::Init, Resume::Send(sent)) => {
            if with_state(&agen, |s| s.running_async.get()) == Some(true) {
                set_state(AwaitState::Closed);
                let which = if is_close { "aclose" } else { "athrow" };
                return raise(
                    ExcKind::RuntimeError,
                    format!("{which}(): asynchronous generator is already running"),
                );
            }
            if with_state(&agen, |s| s.closed.get()) == Some(true) {
                set_state(AwaitState::Closed);
                return Err(stop_async_iteration());
            }
            if !matches!(sent.kind, Kind::None) {
                return raise(
                    ExcKind::RuntimeError,
                    "can't send non-None value to a just-started coroutine",
                );
            }
            set_state(AwaitState::Iter);
            set_running(&agen, true);
            let exc = match &args {
                None => {
                    with_state(&agen, |s| s.closed.set(true));
                    ExcInfo::new(rt::exception_of(
                        rt::exception_class(ExcKind::GeneratorExit),
                        vec![],
                    ))
                }
                Some((typ, value)) => {
                    generator::exception_for_throw(typ.clone(), value.clone(), None)?
                }
            };
            gen_step(&agen, Resume::Throw(exc))
        }
        (_, input) => gen_step(&agen, input),
    };
    let done = |result: Res<Outcome>| {
        set_running(&agen, false);
        set_state(AwaitState::Closed);
        result
    };
    match step {
        Ok(Step::Await(value)) => Ok(Outcome::Yielded(value)),
        Ok(Step::Value(_)) if is_close => {
            done(raise(ExcKind::RuntimeError, "async generator ignored GeneratorExit"))
        }
        Ok(Step::Value(value)) => done(Ok(Outcome::Returned(value))),
        Ok(Step::Returned) if is_close => done(Ok(Outcome::Returned(rt::none()))),
        Ok(Step::Returned) => done(Err(stop_async_iteration())),
        Err(exc)
            if is_close
                && (rt::is_exception(&exc.value, ExcKind::StopAsyncIteration)
                    || rt::is_exception(&exc.value, ExcKind::GeneratorExit)) =>
        {
            // `aclose()` completed: its await ends (StopIteration).
            done(Ok(Outcome::Returned(rt::none())))
        }
        Err(exc) => done(Err(exc)),
    }
}

/// The finalizer of an async generator (CPython's `_PyGen_Finalize`): the `finalizer` hook
/// if one was kept and the generator is not closed. Returns whether it was handed over.
pub fn finalize(agen: &PyRef) -> bool {
    let finalizer =
        with_state(agen, |s| if s.closed.get() { None } else { s.finalizer.borrow_mut().take() })
            .flatten();
    let Some(finalizer) = finalizer else { return false };
    if let Err(exc) = ops::call(&finalizer, vec![agen.clone()], vec![]) {
        let description = ops::repr(&finalizer).map(|r| r.to_string()).unwrap_or_default();
        eprintln!("Exception ignored in: {description}");
        crate::vm::eval::print_exception(&exc);
    }
    true
}
