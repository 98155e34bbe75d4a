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
use crate::object::error::{Exc, ExcInfo, Res, TraceEntry};
use crate::object::exceptions::ExcKind;
use crate::object::native::MethodDef;
use crate::object::runtime::{self as rt, raise};
use crate::object::{alloc, Iter, Kind, PyRef, VmIter};
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
}

impl VmIter for FunctionGenerator {
    fn trace(&self, visitor: &mut Visitor) {
        if let Some(frame) = &self.frame {
            frame.trace(visitor);
        }
        for value in &self.handling {
            visitor.visit(value);
        }
    }

    /// True while the body is suspended at a `yield` (so `close()` has work to do).
    fn is_suspended(&self) -> bool {
        self.status == Status::Suspended
    }

    fn qualname(&self) -> Option<Rc<str>> {
        Some(self.code.code.qualname.clone())
    }

    fn attribute(&self, name: &str) -> Option<PyRef> {
        Some(match name {
            "__name__" => rt::str(&*self.code.code.name),
            "__qualname__" => rt::str(&*self.code.code.qualname),
            "gi_running" => rt::boolean(self.status == Status::Running),
            "gi_suspended" => rt::boolean(self.status == Status::Suspended),
            "gi_yieldfrom" => match &self.frame {
                Some(frame)
                    if frame.code.code.instrs.get(frame.pc as usize) == Some(&Instr::YieldFrom) =>
                {
                    frame.stack.last().cloned().unwrap_or_else(rt::none)
                }
                _ => rt::none(),
            },
            _ => return None,
        })
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

/// Makes the generator object that will run `frame` (its arguments bound); the body
/// starts at the first `next()`.
pub fn create(mut frame: Frame) -> Res<PyRef> {
    // A generator's frame lives long: no spare capacity from a reused call buffer.
    frame.fast.shrink_to_fit();
    frame.stack.shrink_to(frame.code.code.max_stack as usize);
    let generator = FunctionGenerator {
        code: frame.code.clone(),
        status: Status::Created,
        frame: None,
        handling: ThinVec::new(),
    };
    let mut generator = generator;
    generator.frame = Some(Box::new(frame));
    Ok(alloc(Kind::iterator(Iter::Function(Box::new(generator) as Box<dyn VmIter>))))
}

/// Resumes `generator` (a function generator object).
pub fn resume(generator: &PyRef, input: Resume) -> Res<Outcome> {
    let Kind::Iterator(cell) = &generator.kind else {
        return raise(ExcKind::TypeError, "not a generator");
    };
    let (mut frame, previous, stash) = {
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
        let Some(frame) = g.frame.take() else {
            return raise(ExcKind::SystemError, "generator without a frame");
        };
        let previous = g.status;
        g.status = Status::Running;
        (frame, previous, std::mem::take(&mut g.handling))
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
        Resume::Throw(mut exc) if previous == Status::Created => {
            // Thrown in before the body started: it leaves at once, through the `def` line.
            let code = &frame.code.code;
            exc.traceback.push(TraceEntry {
                filename: code.filename.clone(),
                line: code.first_line,
                function: code.name.clone(),
            });
            Err(exc)
        }
        Resume::Throw(exc) => throw_into(&mut frame, exc),
    };
    crate::vm::frame_object::leave_call(|| eval::frame_locals(&frame));
    let stash = rt::with(|r| {
        let mut handling = r.handling.borrow_mut();
        let base = base.min(handling.len());
        handling.split_off(base)
    });
    crate::object::recursion::leave_recursion();
    match result {
        Ok(Exit::Yield(value)) => {
            restore(cell, Some(frame), Status::Suspended, stash);
            Ok(Outcome::Yielded(value))
        }
        Ok(Exit::Return(value)) => {
            restore(cell, None, Status::Finished, Vec::new());
            drop(frame);
            drop(stash);
            Ok(Outcome::Returned(value))
        }
        Err(exc) => {
            restore(cell, None, Status::Finished, Vec::new());
            drop(frame);
            drop(stash);
            if rt::is_exception(&exc.value, ExcKind::StopIteration) {
                // PEP 479: a StopIteration leaking out of the body becomes RuntimeError.
                let error = rt::exception(ExcKind::RuntimeError, "generator raised StopIteration");
                let _ = crate::types::attr::setattr(&error, "__cause__", exc.value.clone());
                let _ = crate::types::attr::setattr(&error, "__context__", exc.value.clone());
                let mut info = ExcInfo::new(error);
                info.traceback = exc.traceback.clone();
                return Err(info);
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
