//! Generator functions (`def` with `yield`): each generator runs its body on a stack of its
//! own (a stackful coroutine), so `yield` can suspend the tree-walking evaluator wherever it
//! is, and `send`/`throw`/`close`/`yield from` follow CPython (PEP 342, 380, 479).
//!
//! Invariants:
//! * [`ACTIVE`] holds one entry per generator body currently executing, innermost last; the
//!   entry is pushed when the body starts or is resumed and popped before it suspends or
//!   returns. `resume` truncates it back to its length on the way out, so a panic cannot
//!   leave a stale entry, and `yield` checks that it runs on the stack its entry names.
//! * A generator's frame is traced by the collector only while the generator is suspended:
//!   while it runs, the frame is in use on its coroutine stack and, like every running
//!   frame, is a root.
//!
//! May depend on: `eval` (runs the body), `ops`, `runtime`. Nothing depends on its
//! internals except `object` (the `Iter::Function` variant) and the method table.

use std::cell::RefCell;
use std::ptr::NonNull;
use std::rc::Rc;

use corosensei::stack::{DefaultStack, Stack};
use corosensei::{Coroutine, CoroutineResult, Yielder};
use rcgc::Visitor;

use crate::compile::ast;
use crate::object::error::{Exc, ExcInfo, Res};
use crate::object::exceptions::ExcKind;
use crate::object::native::MethodDef;
use crate::object::runtime::{self as rt, raise};
use crate::object::{alloc, Iter, Kind, PyRef, VmIter};
use crate::types::ops;
use crate::vm::eval::{self, Flow, Frame};

/// Reserved address space of a generator's stack (pages are committed as used). The
/// evaluator needs about 3 KiB (release) to 12 KiB (debug) of stack per Python call.
const GENERATOR_STACK: usize = 16 << 20;
/// Kept free at the end of a generator's stack: past this, `RecursionError`.
const STACK_MARGIN: usize = 1 << 20;

/// What a generator is resumed with.
pub enum Resume {
    /// `next()` (`None`) or `send(value)`.
    Send(PyRef),
    /// `throw(exc)`, and `close()` with `GeneratorExit`.
    Throw(Exc),
}

/// What a resumption produced.
pub enum Outcome {
    Yielded(PyRef),
    /// The body returned this value (`StopIteration.value`).
    Returned(PyRef),
}

type Body = Coroutine<Resume, PyRef, Res<PyRef>, DefaultStack>;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Status {
    Created,
    Suspended,
    Running,
    Finished,
}

/// A generator function's suspended activation.
///
/// Invariants: `frame` is owned (from `Box::into_raw`) and freed in `Drop` after the
/// coroutine; the coroutine's body is the only user of `frame` while `status` is
/// `Running`, and holds a `&mut Frame` derived from it across suspensions; everyone else
/// only reads it, and only while `status` is `Suspended` or `Created` (then nothing on the
/// coroutine stack is executing).
pub struct FunctionGenerator {
    pub name: Rc<str>,
    pub qualname: Rc<str>,
    status: Status,
    /// Made at the first resumption (a generator never started holds no stack); `None`
    /// while running (the resumer holds it) and once finished.
    coroutine: Option<Box<Body>>,
    def: Rc<ast::FunctionDef>,
    frame: NonNull<Frame>,
}

impl VmIter for FunctionGenerator {
    fn trace(&self, visitor: &mut Visitor) {
        if matches!(self.status, Status::Suspended | Status::Created) {
            // SAFETY: see the type's invariants: the body is not executing, so no `&mut`
            // to the frame is in use; the frame is alive until `Drop`.
            unsafe { self.frame.as_ref() }.trace(visitor);
        }
    }

    /// True while the body is suspended at a `yield` (so `close()` has work to do).
    fn is_suspended(&self) -> bool {
        self.status == Status::Suspended
    }

    fn qualname(&self) -> Option<Rc<str>> {
        Some(self.qualname.clone())
    }

    fn resume(&self) -> fn(&PyRef) -> Res<Option<PyRef>> {
        next
    }

    fn methods(&self) -> &'static [MethodDef] {
        GENERATOR_METHODS
    }
}

/// The methods of generator objects (CPython's `gen_methods`, with `__next__`).
const GENERATOR_METHODS: &[MethodDef] = &[
    MethodDef { name: "__next__", function: |a| send(&a.receiver(), rt::none()) },
    MethodDef {
        name: "send",
        function: |a| {
            a.arity("send", 1, 1)?;
            send(&a.receiver(), a.arg(0))
        },
    },
    MethodDef {
        name: "throw",
        function: |a| {
            a.arity("throw", 1, 3)?;
            let value = (a.positional.len() > 1).then(|| a.arg(1));
            let exc = exception_for_throw(a.arg(0), value)?;
            throw(&a.receiver(), exc)
        },
    },
    MethodDef {
        name: "close",
        function: |a| {
            close(&a.receiver())?;
            Ok(rt::none())
        },
    },
];

/// The generator-function state an `Iter::Function` holds (every one is made here).
fn function_state(state: &mut Box<dyn VmIter>) -> &mut FunctionGenerator {
    let any: &mut dyn std::any::Any = state.as_mut();
    any.downcast_mut().expect("Iter::Function holds a FunctionGenerator")
}

impl FunctionGenerator {
    pub fn is_running(&self) -> bool {
        self.status == Status::Running
    }
}

impl Drop for FunctionGenerator {
    fn drop(&mut self) {
        // The coroutine first: a suspended one is unwound, dropping what its stack holds,
        // and it may still refer to the frame.
        drop(self.coroutine.take());
        // SAFETY: the frame came from `Box::into_raw` in `create` and the coroutine that
        // borrowed it is gone.
        drop(unsafe { Box::from_raw(self.frame.as_ptr()) });
    }
}

/// One executing generator body (see the module invariants).
struct Active {
    yielder: *const Yielder<Resume, PyRef>,
    /// The coroutine stack's bounds, to check that `yield` runs on it.
    stack_low: usize,
    stack_high: usize,
    /// The resumer's stack accounting, restored when the body suspends.
    resumer_stack: (usize, usize),
    /// Length of the "exceptions being handled" stack when the body was resumed.
    handling_base: usize,
}

thread_local! {
    static ACTIVE: RefCell<Vec<Active>> = const { RefCell::new(Vec::new()) };
}

fn enter(active: Active, stash: Vec<PyRef>) {
    crate::object::recursion::set_stack_limits((
        active.stack_high,
        active.stack_high - active.stack_low - STACK_MARGIN,
    ));
    ACTIVE.with(|a| a.borrow_mut().push(active));
    rt::with(|r| r.handling.borrow_mut().extend(stash));
}

/// Pops this body's entry; returns it and the exceptions it is handling.
fn leave() -> Option<(Active, Vec<PyRef>)> {
    let active = ACTIVE.with(|a| a.borrow_mut().pop())?;
    crate::object::recursion::set_stack_limits(active.resumer_stack);
    let stash = rt::with(|r| {
        let mut handling = r.handling.borrow_mut();
        let base = active.handling_base.min(handling.len());
        handling.split_off(base)
    });
    Some((active, stash))
}

thread_local! {
    /// Stacks of finished generators, reused by new ones (saves the mmap/munmap pair and
    /// the first-touch page faults of a fresh stack).
    static STACK_POOL: RefCell<Vec<DefaultStack>> = const { RefCell::new(Vec::new()) };
}

/// How many idle stacks the pool keeps.
const STACK_POOL_SIZE: usize = 32;

fn take_stack() -> Res<DefaultStack> {
    if let Some(stack) = STACK_POOL.with(|p| p.borrow_mut().pop()) {
        return Ok(stack);
    }
    DefaultStack::new(GENERATOR_STACK)
        .or_else(|e| raise(ExcKind::MemoryError, format!("cannot allocate a generator stack: {e}")))
}

fn recycle(body: Body) {
    let stack = body.into_stack();
    STACK_POOL.with(|p| {
        let mut pool = p.borrow_mut();
        if pool.len() < STACK_POOL_SIZE {
            pool.push(stack);
        }
    });
}

/// Calling a generator function: binds nothing new (the caller bound the arguments into
/// `frame`), creates the generator object; the body starts at the first `next()`.
pub fn create(function: &crate::object::Function, frame: Frame) -> Res<PyRef> {
    let generator = FunctionGenerator {
        name: function.name().clone(),
        qualname: function.qualname().clone(),
        status: Status::Created,
        coroutine: None,
        def: function.def.clone(),
        frame: NonNull::from(Box::leak(Box::new(frame))),
    };
    Ok(alloc(Kind::iterator(Iter::Function(Box::new(generator) as Box<dyn VmIter>))))
}

/// The coroutine that runs a generator's body on a stack of its own.
fn build_body(def: Rc<ast::FunctionDef>, frame: NonNull<Frame>) -> Res<Box<Body>> {
    let stack = take_stack()?;
    let (stack_low, stack_high) = (stack.limit().get(), stack.base().get());
    let body = Coroutine::with_stack(stack, move |yielder: &Yielder<Resume, PyRef>, first| {
        let active = Active {
            yielder: yielder as *const _,
            stack_low,
            stack_high,
            resumer_stack: crate::object::recursion::stack_limits(),
            handling_base: rt::with(|r| r.handling.borrow().len()),
        };
        enter(active, Vec::new());
        let result = match first {
            Resume::Send(_) => {
                // SAFETY: `FunctionGenerator`'s invariants: while the body runs, it is the
                // frame's only user; the frame outlives the coroutine.
                let frame = unsafe { &mut *frame.as_ptr() };
                let result = eval::exec_block(frame, &def.body);
                eval::with_traceback(frame, result).map(|flow| match flow {
                    Flow::Return(value) => value,
                    _ => rt::none(),
                })
            }
            Resume::Throw(exc) => Err(exc),
        };
        leave();
        result
    });
    Ok(Box::new(body))
}

/// Suspends the running generator body with `value`; returns what it is resumed with.
fn suspend(value: PyRef) -> Res<Resume> {
    let here = crate::object::recursion::stack_address();
    let on_its_stack = ACTIVE.with(|a| {
        a.borrow().last().is_some_and(|top| top.stack_low <= here && here < top.stack_high)
    });
    if !on_its_stack {
        return raise(ExcKind::SyntaxError, "'yield' outside function");
    }
    let (active, stash) = leave().expect("checked above");
    // SAFETY: the yielder belongs to the coroutine whose stack we are on (checked above),
    // and it lives as long as that coroutine's body, which is executing this call.
    let yielder = unsafe { &*active.yielder };
    let input = yielder.suspend(value);
    let resumed = Active {
        resumer_stack: crate::object::recursion::stack_limits(),
        handling_base: rt::with(|r| r.handling.borrow().len()),
        ..active
    };
    enter(resumed, stash);
    Ok(input)
}

/// `yield value` in a generator body: the value sent in, or the exception thrown in.
pub fn yield_value(value: PyRef) -> Res<PyRef> {
    match suspend(value)? {
        Resume::Send(sent) => Ok(sent),
        Resume::Throw(exc) => Err(exc),
    }
}

/// Resumes `generator` (a function generator object).
pub fn resume(generator: &PyRef, input: Resume) -> Res<Outcome> {
    let Kind::Iterator(cell) = &generator.kind else {
        return raise(ExcKind::TypeError, "not a generator");
    };
    let previous;
    let body = {
        let mut state = cell.borrow_mut();
        let Iter::Function(g) = &mut *state else {
            return raise(ExcKind::TypeError, "not a generator");
        };
        let g = function_state(g);
        match g.status {
            Status::Running => return raise(ExcKind::ValueError, "generator already executing"),
            Status::Finished => {
                return match input {
                    Resume::Send(_) => Ok(Outcome::Returned(rt::none())),
                    Resume::Throw(exc) => Err(exc),
                }
            }
            Status::Created => {
                if let Resume::Send(value) = &input {
                    if !matches!(value.kind, Kind::None) {
                        return raise(
                            ExcKind::TypeError,
                            "can't send non-None value to a just-started generator",
                        );
                    }
                }
            }
            Status::Suspended => {}
        }
        previous = g.status;
        g.status = Status::Running;
        match g.coroutine.take() {
            Some(body) => Ok(body),
            None => Err((g.def.clone(), g.frame)),
        }
    };
    // A generator's first resumption makes its coroutine (outside the borrow: it may
    // allocate and fail).
    let mut body = match body {
        Ok(body) => body,
        Err((def, frame)) => match build_body(def, frame) {
            Ok(body) => body,
            Err(exc) => {
                restore(cell, None, previous);
                return Err(exc);
            }
        },
    };
    if let Err(exc) = crate::object::recursion::check_recursion() {
        restore(cell, Some(body), previous);
        return Err(exc);
    }
    let depth = ACTIVE.with(|a| a.borrow().len());
    let saved_stack = crate::object::recursion::stack_limits();
    let result = body.resume(input);
    // Whatever happened inside, the outer bodies' entries and our stack accounting stand.
    ACTIVE.with(|a| a.borrow_mut().truncate(depth));
    crate::object::recursion::set_stack_limits(saved_stack);
    crate::object::recursion::leave_recursion();
    match result {
        CoroutineResult::Yield(value) => {
            restore(cell, Some(body), Status::Suspended);
            Ok(Outcome::Yielded(value))
        }
        CoroutineResult::Return(result) => {
            restore(cell, None, Status::Finished);
            recycle(*body);
            match result {
                Ok(value) => Ok(Outcome::Returned(value)),
                Err(exc) if rt::is_exception(&exc.value, ExcKind::StopIteration) => {
                    // PEP 479: a StopIteration leaking out of the body becomes RuntimeError.
                    let error =
                        rt::exception(ExcKind::RuntimeError, "generator raised StopIteration");
                    let _ = crate::types::attr::setattr(&error, "__cause__", exc.value.clone());
                    let _ = crate::types::attr::setattr(&error, "__context__", exc.value.clone());
                    let mut info = ExcInfo::new(error);
                    info.traceback = exc.traceback.clone();
                    Err(info)
                }
                Err(exc) => Err(exc),
            }
        }
    }
}

fn restore(cell: &RefCell<Iter>, body: Option<Box<Body>>, status: Status) {
    if let Iter::Function(g) = &mut *cell.borrow_mut() {
        let g = function_state(g);
        g.coroutine = body;
        g.status = status;
    }
}

/// `next(generator)`: the next value, or `None` when the body returned.
pub fn next(generator: &PyRef) -> Res<Option<PyRef>> {
    match resume(generator, Resume::Send(rt::none()))? {
        Outcome::Yielded(value) => Ok(Some(value)),
        Outcome::Returned(_) => Ok(None),
    }
}

fn stop_iteration(value: PyRef) -> Exc {
    let args = if matches!(value.kind, Kind::None) { vec![] } else { vec![value.clone()] };
    let exc = rt::exception_of(rt::exception_class(ExcKind::StopIteration), args);
    let _ = crate::types::attr::setattr(&exc, "value", value);
    ExcInfo::new(exc)
}

/// Raises `StopIteration(value)` (a generator returned `value`).
pub fn send_result_stop(value: PyRef) -> Res<PyRef> {
    Err(stop_iteration(value))
}

/// `generator.send(value)`.
pub fn send(generator: &PyRef, value: PyRef) -> Res<PyRef> {
    match resume(generator, Resume::Send(value))? {
        Outcome::Yielded(value) => Ok(value),
        Outcome::Returned(value) => Err(stop_iteration(value)),
    }
}

/// `generator.throw(exc)`.
pub fn throw(generator: &PyRef, exc: Exc) -> Res<PyRef> {
    match resume(generator, Resume::Throw(exc))? {
        Outcome::Yielded(value) => Ok(value),
        Outcome::Returned(value) => Err(stop_iteration(value)),
    }
}

/// The exception `throw(typ[, value])` raises in the generator.
pub fn exception_for_throw(typ: PyRef, value: Option<PyRef>) -> Res<Exc> {
    let exc = match (&typ.kind, value) {
        (Kind::Class(_), Some(value)) if !matches!(value.kind, Kind::None) => {
            if crate::types::is_subclass(&crate::types::type_of(&value), &typ) {
                value
            } else {
                let args = match &value.kind {
                    Kind::Tuple(items) => items.to_vec(),
                    _ => vec![value],
                };
                ops::call(&typ, args, vec![])?
            }
        }
        _ => eval::make_exception(typ)?,
    };
    Ok(ExcInfo::new(exc))
}

fn status_of(generator: &PyRef) -> Option<Status> {
    match &generator.kind {
        Kind::Iterator(cell) => match &*cell.try_borrow().ok()? {
            Iter::Function(g) => {
                let any: &dyn std::any::Any = g.as_ref();
                any.downcast_ref::<FunctionGenerator>().map(|g| g.status)
            }
            _ => None,
        },
        _ => None,
    }
}

/// `generator.close()`: throws `GeneratorExit` in at the suspended `yield`.
pub fn close(generator: &PyRef) -> Res<()> {
    match status_of(generator) {
        Some(Status::Suspended) => {}
        Some(Status::Created) => {
            if let Kind::Iterator(cell) = &generator.kind {
                let body = match &mut *cell.borrow_mut() {
                    Iter::Function(g) => {
                        let g = function_state(g);
                        g.status = Status::Finished;
                        g.coroutine.take()
                    }
                    _ => None,
                };
                drop(body);
            }
            return Ok(());
        }
        Some(Status::Running) => return raise(ExcKind::ValueError, "generator already executing"),
        _ => return Ok(()),
    }
    let exit = ExcInfo::new(rt::exception_of(rt::exception_class(ExcKind::GeneratorExit), vec![]));
    match resume(generator, Resume::Throw(exit)) {
        Ok(Outcome::Yielded(_)) => raise(ExcKind::RuntimeError, "generator ignored GeneratorExit"),
        Ok(Outcome::Returned(_)) => Ok(()),
        Err(exc)
            if rt::is_exception(&exc.value, ExcKind::GeneratorExit)
                || rt::is_exception(&exc.value, ExcKind::StopIteration) =>
        {
            Ok(())
        }
        Err(exc) => Err(exc),
    }
}

/// The finalizer of a suspended generator (PEP 442): `close()`, reporting an exception
/// as "Exception ignored in".
pub fn finalize(generator: &PyRef) {
    if status_of(generator) != Some(Status::Suspended) {
        return;
    }
    if let Err(exc) = close(generator) {
        let description = ops::repr(generator).map(|r| r.to_string()).unwrap_or_default();
        eprintln!("Exception ignored in: {description}");
        eval::print_exception(&exc);
    }
}

/// Whether `object` is a generator made by a generator function.
pub fn is_function_generator(object: &PyRef) -> bool {
    status_of(object).is_some()
}

/// `yield from iterable` in a generator body (PEP 380): the delegate's return value.
pub fn yield_from(iterable: PyRef) -> Res<PyRef> {
    let iterator = ops::iter(&iterable)?;
    let mut input = Resume::Send(rt::none());
    loop {
        let outcome = if is_function_generator(&iterator) {
            match input {
                Resume::Throw(exc) if rt::is_exception(&exc.value, ExcKind::GeneratorExit) => {
                    close(&iterator)?;
                    return Err(exc);
                }
                input => resume(&iterator, input)?,
            }
        } else {
            delegate_step(&iterator, input)?
        };
        let value = match outcome {
            Outcome::Yielded(value) => value,
            Outcome::Returned(value) => return Ok(value),
        };
        input = suspend(value)?;
    }
}

/// One step of `yield from` over an iterator that is not a function generator.
fn delegate_step(iterator: &PyRef, input: Resume) -> Res<Outcome> {
    let stopped = |exc: Exc| -> Res<Outcome> {
        if rt::is_exception(&exc.value, ExcKind::StopIteration) {
            let value = crate::types::attr::lookup(&exc.value, "value")?.unwrap_or_else(rt::none);
            Ok(Outcome::Returned(value))
        } else {
            Err(exc)
        }
    };
    match input {
        Resume::Send(value) if matches!(value.kind, Kind::None) => match ops::next(iterator)? {
            Some(item) => Ok(Outcome::Yielded(item)),
            None => Ok(Outcome::Returned(rt::none())),
        },
        Resume::Send(value) => {
            let send = crate::types::attr::getattr(iterator, "send")?;
            match ops::call(&send, vec![value], vec![]) {
                Ok(item) => Ok(Outcome::Yielded(item)),
                Err(exc) => stopped(exc),
            }
        }
        Resume::Throw(exc) => {
            if rt::is_exception(&exc.value, ExcKind::GeneratorExit) {
                if let Some(close) = crate::types::attr::lookup(iterator, "close")? {
                    ops::call(&close, vec![], vec![])?;
                }
                return Err(exc);
            }
            let Some(throw) = crate::types::attr::lookup(iterator, "throw")? else {
                return Err(exc);
            };
            match ops::call(&throw, vec![exc.value.clone()], vec![]) {
                Ok(item) => Ok(Outcome::Yielded(item)),
                Err(exc) => stopped(exc),
            }
        }
    }
}
