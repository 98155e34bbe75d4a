//! Generators (`def` with `yield`, and generator expressions) as CPython makes them: the
//! generator object owns its frame (a heap frame: slots, value stack, program counter), and
//! each resumption runs that frame in the interpreter loop until its next `yield` or its
//! end. There is no limit on live generators but memory, and a suspended frame is traced
//! (its locals and its value stack, where running `for` loops keep their iterators).
//! `send`/`throw`/`close`/`yield from` follow CPython (PEP 342, 380, 479).
//!
//! Invariants:
//! * while a generator runs, its frame is out of the generator object (`frame` is `None`):
//!   the resumer holds it, and as every running frame it is a root for the collector;
//! * the exceptions a suspended generator's frame was handling are kept with it (`handling`)
//!   and put back on the runtime's "being handled" stack when it resumes, as CPython's
//!   `gi_exc_state`.
//!
//! May depend on: `eval` (runs frames), `ops`, `runtime`. Nothing depends on its
//! internals except `object` (the `Iter::Function` variant) and the method table.

use std::cell::RefCell;
use std::rc::Rc;

use rcgc::Visitor;
use thin_vec::ThinVec;

use crate::compile::code::Instr;
use crate::object::code::CodeObject;
use crate::object::error::{Exc, ExcInfo, Res};
use crate::object::exceptions::ExcKind;
use crate::object::native::MethodDef;
use crate::object::runtime::{self as rt, raise};
use crate::object::{alloc, GenFlavor, Iter, Kind, PyRef, VmIter};
use crate::types::ops;
use crate::vm::eval::{self, Exit, Frame};

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

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Status {
    Created,
    Suspended,
    Running,
    Finished,
}

/// A generator's state: its frame while not running.
pub struct FunctionGenerator {
    /// The generator's code (its name and qualname), also while its frame is out.
    code: Rc<CodeObject>,
    status: Status,
    frame: Option<Box<Frame>>,
    /// Exceptions the suspended frame is handling (see the module invariants).
    handling: ThinVec<PyRef>,
    flavor: GenFlavor,
    /// An async generator's own state (`ag_running`, hooks); `None` for the others.
    pub(crate) async_state: Option<Box<crate::vm::async_gen::AsyncGenState>>,
    /// A coroutine's `cr_origin`: where it was made, when origin tracking was on.
    origin: Option<PyRef>,
}

impl VmIter for FunctionGenerator {
    fn trace(&self, visitor: &mut Visitor) {
        if let Some(frame) = &self.frame {
            frame.trace(visitor);
        }
        for value in &self.handling {
            visitor.visit(value);
        }
        if let Some(state) = &self.async_state {
            state.trace(visitor);
        }
        if let Some(origin) = &self.origin {
            visitor.visit(origin);
        }
    }

    fn needs_finalizer(&self) -> bool {
        match self.flavor {
            GenFlavor::Coroutine => matches!(self.status, Status::Suspended | Status::Created),
            GenFlavor::AsyncGenerator => {
                self.status == Status::Suspended
                    || self.async_state.as_ref().is_some_and(|a| a.wants_finalizer())
            }
            GenFlavor::Generator => self.status == Status::Suspended,
        }
    }

    fn flavor(&self) -> GenFlavor {
        self.flavor
    }

    /// True while the body is suspended at a `yield` (so `close()` has work to do).
    fn is_suspended(&self) -> bool {
        self.status == Status::Suspended
    }

    fn qualname(&self) -> Option<Rc<str>> {
        Some(self.code.code.qualname.clone())
    }

    fn attribute(&self, name: &str) -> Option<PyRef> {
        // `gi_*`, `cr_*` or `ag_*` by flavor.
        let prefix = match self.flavor {
            GenFlavor::Generator => "gi_",
            GenFlavor::Coroutine => "cr_",
            GenFlavor::AsyncGenerator => "ag_",
        };
        let field = match name.strip_prefix(prefix) {
            Some(field) => field,
            None => {
                return Some(match name {
                    "__name__" => rt::str(&*self.code.code.name),
                    "__qualname__" => rt::str(&*self.code.code.qualname),
                    _ => return None,
                })
            }
        };
        Some(match field {
            "running" => match &self.async_state {
                Some(state) => rt::boolean(state.running_async.get()),
                None => rt::boolean(self.status == Status::Running),
            },
            "suspended" if self.flavor != GenFlavor::AsyncGenerator => {
                rt::boolean(self.status == Status::Suspended)
            }
            "yieldfrom" if self.flavor == GenFlavor::Generator => self.awaiting(),
            "await" if self.flavor != GenFlavor::Generator => self.awaiting(),
            "code" => alloc(Kind::Code(self.code.clone())),
            "frame" => match self.status {
                Status::Finished => rt::none(),
                _ => crate::vm::frame_object::suspended_frame(&self.code, self.frame.as_deref()),
            },
            "origin" if self.flavor == GenFlavor::Coroutine => {
                self.origin.clone().unwrap_or_else(rt::none)
            }
            _ => return None,
        })
    }

    fn resume(&self) -> fn(&PyRef) -> Res<Option<PyRef>> {
        match self.flavor {
            GenFlavor::Generator => next,
            _ => not_an_iterator,
        }
    }

    fn methods(&self) -> &'static [MethodDef] {
        match self.flavor {
            GenFlavor::Generator => GENERATOR_METHODS,
            GenFlavor::Coroutine => crate::vm::coroutine::COROUTINE_METHODS,
            GenFlavor::AsyncGenerator => crate::vm::async_gen::ASYNC_GENERATOR_METHODS,
        }
    }
}

/// `next()` of a coroutine or an async generator.
fn not_an_iterator(object: &PyRef) -> Res<Option<PyRef>> {
    raise(
        ExcKind::TypeError,
        format!("'{}' object is not an iterator", crate::types::type_name(object)),
    )
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
            let exc = exception_for_throw(a.arg(0), value, a.positional.get(2).cloned())?;
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

    /// Whether the body has finished (returned or raised), or was closed before it started.
    pub fn is_finished(&self) -> bool {
        self.status == Status::Finished
    }

    /// What a suspended `yield from`/`await` delegates to (`gi_yieldfrom`, `cr_await`).
    pub(crate) fn awaiting(&self) -> PyRef {
        match &self.frame {
            Some(frame)
                if self.status == Status::Suspended
                    && frame.code.code.instrs.get(frame.pc as usize) == Some(&Instr::YieldFrom) =>
            {
                frame.stack.last().cloned().unwrap_or_else(rt::none)
            }
            _ => rt::none(),
        }
    }

    /// The generator's flavor.
    pub fn flavor_of(&self) -> GenFlavor {
        self.flavor
    }

    /// The generator's code.
    pub fn code(&self) -> &Rc<CodeObject> {
        &self.code
    }
}

/// Makes the generator object that will run `frame` (its arguments bound); the body
/// starts at the first `next()`.
pub fn create(mut frame: Frame) -> Res<PyRef> {
    // A generator's frame lives long: no spare capacity from a reused call buffer.
    frame.fast.shrink_to_fit();
    frame.stack.shrink_to(frame.code.code.max_stack as usize);
    let flavor = if frame.code.code.is_coroutine {
        GenFlavor::Coroutine
    } else if frame.code.code.is_async_generator {
        GenFlavor::AsyncGenerator
    } else {
        GenFlavor::Generator
    };
    let generator = FunctionGenerator {
        code: frame.code.clone(),
        status: Status::Created,
        frame: None,
        handling: ThinVec::new(),
        flavor,
        async_state: (flavor == GenFlavor::AsyncGenerator).then(Default::default),
        origin: match crate::vm::coroutine::origin_tracking_depth() {
            depth if depth > 0 && flavor == GenFlavor::Coroutine => Some(origin_tuple(depth)),
            _ => None,
        },
    };
    let mut generator = generator;
    generator.frame = Some(Box::new(frame));
    Ok(alloc(Kind::iterator(Iter::Function(Box::new(generator) as Box<dyn VmIter>))))
}

/// `cr_origin`: ((filename, line, function), ...) of the calls making the coroutine.
fn origin_tuple(depth: usize) -> PyRef {
    let entries = crate::vm::frame_object::origin_entries(depth);
    rt::tuple(
        entries
            .into_iter()
            .map(|(file, line, name)| {
                rt::tuple(vec![rt::str(file), rt::int(i64::from(line)), rt::str(name)])
            })
            .collect(),
    )
}

/// The word CPython's messages use for a flavor.
fn noun(flavor: GenFlavor) -> &'static str {
    match flavor {
        GenFlavor::Generator => "generator",
        GenFlavor::Coroutine => "coroutine",
        GenFlavor::AsyncGenerator => "async generator",
    }
}

/// Resumes `generator` (a function generator object).
pub fn resume(generator: &PyRef, input: Resume) -> Res<Outcome> {
    resume_full(generator, input).map(|(outcome, _)| outcome)
}

/// Resumes `generator`; with the outcome, whether a yield came from an `await` (a
/// `yield from` passing a value through) rather than from a `yield` of the body: what
/// tells an async generator's values from what its awaits send up to the event loop
/// (CPython wraps the former, ASYNC_GEN_WRAP).
pub fn resume_full(generator: &PyRef, input: Resume) -> Res<(Outcome, bool)> {
    let Kind::Iterator(cell) = &generator.kind else {
        return raise(ExcKind::TypeError, "not a generator");
    };
    let (mut frame, previous, stash, flavor) = {
        let mut state = cell.borrow_mut();
        let Iter::Function(g) = &mut *state else {
            return raise(ExcKind::TypeError, "not a generator");
        };
        let g = function_state(g);
        let flavor = g.flavor;
        match g.status {
            Status::Running => {
                return raise(ExcKind::ValueError, format!("{} already executing", noun(flavor)))
            }
            Status::Finished => {
                return match (input, flavor) {
                    (Resume::Throw(exc), _) => Err(exc),
                    (Resume::Send(_), GenFlavor::Generator) => {
                        Ok((Outcome::Returned(rt::none()), false))
                    }
                    (Resume::Send(_), GenFlavor::Coroutine) => {
                        raise(ExcKind::RuntimeError, "cannot reuse already awaited coroutine")
                    }
                    (Resume::Send(_), GenFlavor::AsyncGenerator) => Err(ExcInfo::new(
                        rt::exception_of(rt::exception_class(ExcKind::StopAsyncIteration), vec![]),
                    )),
                };
            }
            Status::Created => {
                if let Resume::Send(value) = &input {
                    if !matches!(value.kind, Kind::None) {
                        return raise(
                            ExcKind::TypeError,
                            format!("can't send non-None value to a just-started {}", noun(flavor)),
                        );
                    }
                }
            }
            Status::Suspended => {}
        }
        let Some(frame) = g.frame.take() else {
            return raise(ExcKind::SystemError, "generator without a frame");
        };
        let previous = g.status;
        g.status = Status::Running;
        (frame, previous, std::mem::take(&mut g.handling), flavor)
    };
    if let Err(exc) = crate::object::recursion::check_recursion() {
        restore(cell, Some(frame), previous, stash.into_iter().collect());
        return Err(exc);
    }
    let base = rt::with(|r| {
        let mut handling = r.handling.borrow_mut();
        let base = handling.len();
        handling.extend(stash);
        base
    });
    let line = frame.line();
    crate::vm::frame_object::enter_call(&frame.code, &frame.globals, line);
    let result = match input {
        Resume::Send(value) => {
            if previous != Status::Created {
                frame.stack.push(value);
            }
            eval::run_frame(&mut frame)
        }
        Resume::Throw(exc) if previous == Status::Created => {
            // Thrown in before the body started: it leaves at once, through the `def` line.
            eval::add_traceback(&frame, 0, frame.code.code.first_line, &exc.value);
            Err(exc)
        }
        Resume::Throw(exc) => throw_into(&mut frame, exc),
    };
    // A suspended frame's locals stay in the generator: a frame object living on (a
    // traceback's) takes them over only when the frame finishes, as CPython's does; a
    // snapshot at each `yield` would be a second owner, making cycles CPython has not.
    let suspended = matches!(result, Ok(Exit::Yield(_)));
    crate::vm::frame_object::leave_call(|| match suspended {
        true => Vec::new(),
        false => eval::frame_locals(&frame),
    });
    let stash = rt::with(|r| {
        let mut handling = r.handling.borrow_mut();
        let base = base.min(handling.len());
        handling.split_off(base)
    });
    crate::object::recursion::leave_recursion();
    match result {
        Ok(Exit::Yield(value)) => {
            let awaiting = frame.code.code.instrs.get(frame.pc as usize) == Some(&Instr::YieldFrom);
            restore(cell, Some(frame), Status::Suspended, stash);
            Ok((Outcome::Yielded(value), awaiting))
        }
        Ok(Exit::Return(value)) => {
            restore(cell, None, Status::Finished, Vec::new());
            drop(frame);
            drop(stash);
            Ok((Outcome::Returned(value), false))
        }
        Err(exc) => {
            restore(cell, None, Status::Finished, Vec::new());
            drop(frame);
            drop(stash);
            let leaked = if rt::is_exception(&exc.value, ExcKind::StopIteration) {
                Some("StopIteration")
            } else if flavor == GenFlavor::AsyncGenerator
                && rt::is_exception(&exc.value, ExcKind::StopAsyncIteration)
            {
                Some("StopAsyncIteration")
            } else {
                None
            };
            if let Some(leaked) = leaked {
                // PEP 479: a StopIteration leaking out of the body becomes RuntimeError.
                let message = format!("{} raised {leaked}", noun(flavor));
                let error = rt::exception(ExcKind::RuntimeError, &message);
                let _ = crate::types::attr::setattr(&error, "__cause__", exc.value.clone());
                let _ = crate::types::attr::setattr(&error, "__context__", exc.value.clone());
                return Err(ExcInfo::new(error));
            }
            Err(exc)
        }
    }
}

/// Raises `exc` in a suspended frame: at its `yield`, or first in the iterator a
/// `yield from` is delegating to.
fn throw_into(frame: &mut Frame, exc: Exc) -> Res<Exit> {
    let at = frame.pc as usize;
    if frame.code.code.instrs.get(at) == Some(&Instr::YieldFrom) {
        let iterator = frame.stack.last().cloned().expect("yield from keeps its iterator");
        match delegate(&iterator, Resume::Throw(exc)) {
            Ok(Outcome::Yielded(value)) => return Ok(Exit::Yield(value)),
            Ok(Outcome::Returned(value)) => {
                frame.stack.pop();
                frame.stack.push(value);
                frame.pc += 1;
            }
            Err(exc) => {
                frame.pc += 1;
                eval::catch(frame, exc)?;
            }
        }
    } else {
        eval::catch(frame, exc)?;
    }
    eval::run_frame(frame)
}

fn restore(cell: &RefCell<Iter>, frame: Option<Box<Frame>>, status: Status, stash: Vec<PyRef>) {
    if let Iter::Function(g) = &mut *cell.borrow_mut() {
        let g = function_state(g);
        g.frame = frame;
        g.status = status;
        g.handling = if stash.is_empty() { ThinVec::new() } else { stash.into_iter().collect() };
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
pub fn exception_for_throw(typ: PyRef, value: Option<PyRef>, traceback: Option<PyRef>) -> Res<Exc> {
    // CPython's `_gen_throw` checks, in its order.
    let traceback = match traceback {
        Some(tb) if matches!(tb.kind, Kind::Traceback(_)) => Some(tb),
        Some(tb) if matches!(tb.kind, Kind::None) => None,
        Some(_) => return rt::type_error("throw() third argument must be a traceback object"),
        None => None,
    };
    let value = value.filter(|v| !matches!(v.kind, Kind::None));
    let base = rt::exception_class(ExcKind::BaseException);
    let is_class = matches!(typ.kind, Kind::Class(_)) && crate::types::is_subclass(&typ, &base);
    if !is_class && !rt::is_exception(&typ, ExcKind::BaseException) {
        return rt::type_error(format!(
            "exceptions must be classes or instances deriving from BaseException, not {}",
            crate::types::type_name(&typ)
        ));
    }
    if value.is_some()
        && !matches!(typ.kind, Kind::Class(_))
        && rt::is_exception(&typ, ExcKind::BaseException)
    {
        return rt::type_error("instance exception may not have a separate value");
    }
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
    if traceback.is_some() {
        crate::object::traceback::set_exception_traceback(&exc, traceback);
    }
    Ok(ExcInfo::new(exc))
}

fn status_of(generator: &PyRef) -> Option<Status> {
    with_generator(generator, |g| g.status)
}

/// Runs `f` on the state of `object` if it is a function generator (of any flavor) whose
/// state is not borrowed.
pub fn with_generator<T>(object: &PyRef, f: impl FnOnce(&FunctionGenerator) -> T) -> Option<T> {
    match &object.kind {
        Kind::Iterator(cell) => match &*cell.try_borrow().ok()? {
            Iter::Function(g) => {
                let any: &dyn std::any::Any = g.as_ref();
                any.downcast_ref::<FunctionGenerator>().map(f)
            }
            _ => None,
        },
        _ => None,
    }
}

/// The flavor of `object` if it is a function generator.
pub fn flavor(object: &PyRef) -> Option<GenFlavor> {
    with_generator(object, |g| g.flavor)
}

/// `generator.close()`: throws `GeneratorExit` in at the suspended `yield`.
pub fn close(generator: &PyRef) -> Res<()> {
    match status_of(generator) {
        Some(Status::Suspended) => {}
        Some(Status::Created) => {
            if let Kind::Iterator(cell) = &generator.kind {
                let frame = match &mut *cell.borrow_mut() {
                    Iter::Function(g) => {
                        let g = function_state(g);
                        g.status = Status::Finished;
                        g.frame.take()
                    }
                    _ => None,
                };
                drop(frame);
            }
            return Ok(());
        }
        Some(Status::Running) => return raise(ExcKind::ValueError, "generator already executing"),
        _ => return Ok(()),
    }
    let exit = ExcInfo::new(rt::exception_of(rt::exception_class(ExcKind::GeneratorExit), vec![]));
    match resume(generator, Resume::Throw(exit)) {
        Ok(Outcome::Yielded(_)) => {
            let noun = noun(flavor(generator).unwrap_or(GenFlavor::Generator));
            raise(ExcKind::RuntimeError, format!("{noun} ignored GeneratorExit"))
        }
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
    match flavor(generator) {
        Some(GenFlavor::AsyncGenerator) if crate::vm::async_gen::finalize(generator) => return,
        Some(GenFlavor::Coroutine) if status_of(generator) == Some(Status::Created) => {
            crate::vm::coroutine::warn_never_awaited(generator);
            return;
        }
        _ => {}
    }
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

/// One step of `yield from` (PEP 380): passes `input` to the iterator delegated to.
pub fn delegate(iterator: &PyRef, input: Resume) -> Res<Outcome> {
    if is_function_generator(iterator) {
        match input {
            Resume::Throw(exc) if rt::is_exception(&exc.value, ExcKind::GeneratorExit) => {
                close(iterator)?;
                Err(exc)
            }
            input => resume(iterator, input),
        }
    } else {
        delegate_step(iterator, input)
    }
}

/// A step of `yield from` over an awaitable that a module written in Rust defines
/// (`_asyncio.FutureIter`): `Err(input)` when `iterator` is not one of its objects.
pub type NativeDelegate = fn(&PyRef, Resume) -> Result<Res<Outcome>, Resume>;

thread_local! {
    static NATIVE_DELEGATE: std::cell::Cell<Option<NativeDelegate>> = const { std::cell::Cell::new(None) };
}

/// Installs the modules layer's [`NativeDelegate`] (only `Kind::Native` iterators reach it).
pub fn set_native_delegate(hook: NativeDelegate) {
    NATIVE_DELEGATE.with(|h| h.set(Some(hook)));
}

/// One step of `yield from` over an iterator that is not a function generator.
fn delegate_step(iterator: &PyRef, input: Resume) -> Res<Outcome> {
    let input = match crate::vm::async_gen::delegate_native(iterator, input) {
        Ok(outcome) => return outcome,
        Err(input) => input,
    };
    let input = match (&iterator.kind, NATIVE_DELEGATE.with(std::cell::Cell::get)) {
        (Kind::Native(_), Some(hook)) => match hook(iterator, input) {
            Ok(outcome) => return outcome,
            Err(input) => input,
        },
        _ => input,
    };
    let stopped = |exc: Exc| -> Res<Outcome> {
        if rt::is_exception(&exc.value, ExcKind::StopIteration) {
            let value = crate::types::attr::lookup(&exc.value, "value")?.unwrap_or_else(rt::none);
            Ok(Outcome::Returned(value))
        } else {
            Err(exc)
        }
    };
    match input {
        Resume::Send(value) if matches!(value.kind, Kind::None) => match ops::next(iterator) {
            Ok(Some(item)) => Ok(Outcome::Yielded(item)),
            Ok(None) => Ok(Outcome::Returned(rt::none())),
            Err(exc) => stopped(exc),
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
