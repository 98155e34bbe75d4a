//! `_asyncio.Future` and its iterator `FutureIter` (CPython's `FutureObj`,
//! `futureiterobject`): the state lives in Rust ([`Fut`], shared with `Task`, whose objects
//! hold a [`TaskPart`] too), callbacks are scheduled through `loop.call_soon` with their
//! context, and `await future` drives a native `FutureIter`.

use std::cell::{Cell, RefCell};

use rcgc::Visitor;

use crate::object::error::{ExcInfo, Res};
use crate::object::exceptions::ExcKind;
use crate::object::native::{Args, MethodDef};
use crate::object::native_type::{
    args_after_self, state, state_of, AttrDef, NativeClassDef, NativeObject,
};
use crate::object::runtime::{self as rt, raise, type_error};
use crate::object::{Kind, PyRef};
use crate::types::native_class::{make_class, new_class_arg, new_object};
use crate::types::ops;
use crate::vm::generator::{Outcome, Resume};

use super::{call_soon, imports, invalid_state};

/// A future's state (CPython's `fut_state`).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum State {
    Pending,
    Cancelled,
    Finished,
}

impl State {
    fn name(self) -> &'static str {
        match self {
            State::Pending => "PENDING",
            State::Cancelled => "CANCELLED",
            State::Finished => "FINISHED",
        }
    }
}

/// What a `Task` holds beyond a future's state.
pub(super) struct TaskPart {
    pub coro: RefCell<Option<PyRef>>,
    pub context: RefCell<Option<PyRef>>,
    pub name: RefCell<Option<PyRef>>,
    pub fut_waiter: RefCell<Option<PyRef>>,
    pub must_cancel: Cell<bool>,
    pub log_destroy_pending: Cell<bool>,
    pub num_cancels_requested: Cell<i64>,
}

/// The state of a `Future` (and of a `Task`, with `task`). Each field is borrowed only around
/// Rust code; values taken out are dropped after the borrow.
pub(super) struct Fut {
    /// `None` until `__init__` ran ("Future object is not initialized.").
    pub event_loop: RefCell<Option<PyRef>>,
    pub state: Cell<State>,
    /// (callback, context) pairs in registration order.
    pub callbacks: RefCell<Vec<(PyRef, PyRef)>>,
    pub result: RefCell<Option<PyRef>>,
    pub exception: RefCell<Option<PyRef>>,
    /// Where the exception was raised, for raising it again from `result()`.
    pub exception_tb: RefCell<Option<PyRef>>,
    pub blocking: Cell<bool>,
    pub log_tb: Cell<bool>,
    pub cancel_msg: RefCell<Option<PyRef>>,
    pub cancelled_exc: RefCell<Option<PyRef>>,
    pub source_tb: RefCell<Option<PyRef>>,
    pub task: Option<TaskPart>,
}

fn visit_cell(visitor: &mut Visitor, cell: &RefCell<Option<PyRef>>) {
    if let Ok(value) = cell.try_borrow() {
        if let Some(value) = &*value {
            visitor.visit(value);
        }
    }
}

impl NativeObject for Fut {
    fn trace(&self, visitor: &mut Visitor) {
        visit_cell(visitor, &self.event_loop);
        if let Ok(callbacks) = self.callbacks.try_borrow() {
            for (callback, context) in callbacks.iter() {
                visitor.visit(callback);
                visitor.visit(context);
            }
        }
        visit_cell(visitor, &self.result);
        visit_cell(visitor, &self.exception);
        visit_cell(visitor, &self.exception_tb);
        visit_cell(visitor, &self.cancel_msg);
        visit_cell(visitor, &self.cancelled_exc);
        visit_cell(visitor, &self.source_tb);
        if let Some(task) = &self.task {
            visit_cell(visitor, &task.coro);
            visit_cell(visitor, &task.context);
            visit_cell(visitor, &task.name);
            visit_cell(visitor, &task.fut_waiter);
        }
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

impl Fut {
    pub(super) fn new(task: Option<TaskPart>) -> Fut {
        Fut {
            event_loop: RefCell::new(None),
            state: Cell::new(State::Pending),
            callbacks: RefCell::new(Vec::new()),
            result: RefCell::new(None),
            exception: RefCell::new(None),
            exception_tb: RefCell::new(None),
            blocking: Cell::new(false),
            log_tb: Cell::new(false),
            cancel_msg: RefCell::new(None),
            cancelled_exc: RefCell::new(None),
            source_tb: RefCell::new(None),
            task,
        }
    }

    /// The loop, or CPython's `RuntimeError` for a future whose `__init__` did not run.
    pub(super) fn event_loop(&self) -> Res<PyRef> {
        match &*self.event_loop.borrow() {
            Some(event_loop) => Ok(event_loop.clone()),
            None => raise(ExcKind::RuntimeError, "Future object is not initialized."),
        }
    }

    /// Schedules every callback with `loop.call_soon(callback, future, context=context)`.
    fn schedule_callbacks(&self, future: &PyRef) -> Res<()> {
        let callbacks = std::mem::take(&mut *self.callbacks.borrow_mut());
        if callbacks.is_empty() {
            return Ok(());
        }
        let event_loop = self.event_loop()?;
        for (callback, context) in callbacks {
            call_soon(&event_loop, callback, Some(future.clone()), context)?;
        }
        Ok(())
    }

    pub(super) fn set_result(&self, future: &PyRef, value: PyRef) -> Res<()> {
        self.event_loop()?;
        if self.state.get() != State::Pending {
            return invalid_state("invalid state");
        }
        let old = self.result.replace(Some(value));
        drop(old);
        self.state.set(State::Finished);
        self.schedule_callbacks(future)
    }

    /// `set_exception` of an exception raised in Rust (its traceback kept).
    pub(super) fn set_exception_info(&self, future: &PyRef, exc: ExcInfo) -> Res<()> {
        self.event_loop()?;
        if self.state.get() != State::Pending {
            return invalid_state("invalid state");
        }
        if rcgc::Gc::ptr_eq(
            &crate::object::class::type_of(&exc.value),
            &rt::exception_class(ExcKind::StopIteration),
        ) {
            return type_error(
                "StopIteration interacts badly with generators and cannot be raised into a Future",
            );
        }
        // `self._exception_tb = exception.__traceback__`, restored by every `result()`.
        let traceback = crate::object::traceback::exception_traceback(&exc.value);
        let old = self.exception.replace(Some(exc.value));
        drop(old);
        let old = self.exception_tb.replace(traceback);
        drop(old);
        self.state.set(State::Finished);
        self.schedule_callbacks(future)?;
        self.log_tb.set(true);
        Ok(())
    }

    pub(super) fn cancel(&self, future: &PyRef, msg: Option<PyRef>) -> Res<bool> {
        self.event_loop()?;
        self.log_tb.set(false);
        if self.state.get() != State::Pending {
            return Ok(false);
        }
        self.state.set(State::Cancelled);
        let old = self.cancel_msg.replace(msg);
        drop(old);
        self.schedule_callbacks(future)?;
        Ok(true)
    }

    /// `_make_cancelled_error()`: the saved `CancelledError` (taken), else a new one with the
    /// cancel message.
    pub(super) fn make_cancelled_error(&self) -> Res<PyRef> {
        if let Some(exc) = self.cancelled_exc.take() {
            return Ok(exc);
        }
        let msg = self.cancel_msg.borrow().clone().filter(|m| !matches!(m.kind, Kind::None));
        ops::call(&imports()?.cancelled_error, msg.into_iter().collect(), vec![])
    }

    /// `result()`.
    pub(super) fn result(&self) -> Res<PyRef> {
        match self.state.get() {
            State::Cancelled => Err(ExcInfo::new(self.make_cancelled_error()?)),
            State::Pending => invalid_state("Result is not set."),
            State::Finished => {
                self.log_tb.set(false);
                if let Some(exc) = self.exception.borrow().clone() {
                    let traceback = self.exception_tb.borrow().clone();
                    crate::object::traceback::set_exception_traceback(&exc, traceback);
                    return Err(ExcInfo::new(exc));
                }
                Ok(self.result.borrow().clone().unwrap_or_else(rt::none))
            }
        }
    }

    /// `add_done_callback(callback, context=context)`.
    pub(super) fn add_done_callback(
        &self,
        future: &PyRef,
        callback: PyRef,
        context: PyRef,
    ) -> Res<()> {
        let event_loop = self.event_loop()?;
        if self.state.get() != State::Pending {
            call_soon(&event_loop, callback, Some(future.clone()), context)
        } else {
            self.callbacks.borrow_mut().push((callback, context));
            Ok(())
        }
    }
}

static FUTURE: NativeClassDef = NativeClassDef {
    name: "Future",
    module: "_asyncio",
    new: Some(future_new),
    methods: FUTURE_METHODS,
    class_methods: &[MethodDef { name: "__class_getitem__", function: class_getitem }],
    attributes: FUTURE_ATTRIBUTES,
    has_dict: false,
    subclassable: true,
    item_slots: None,
};

/// The methods of `Future`, which `Task` inherits.
const FUTURE_METHODS: &[MethodDef] = &[
    MethodDef { name: "__init__", function: future_init },
    MethodDef { name: "result", function: future_result },
    MethodDef { name: "exception", function: future_exception },
    MethodDef { name: "set_result", function: future_set_result },
    MethodDef { name: "set_exception", function: future_set_exception },
    MethodDef { name: "add_done_callback", function: future_add_done_callback },
    MethodDef { name: "remove_done_callback", function: future_remove_done_callback },
    MethodDef { name: "cancel", function: future_cancel },
    MethodDef {
        name: "cancelled",
        function: |a| Ok(rt::boolean(this(&a)?.1.state.get() == State::Cancelled)),
    },
    MethodDef {
        name: "done",
        function: |a| Ok(rt::boolean(this(&a)?.1.state.get() != State::Pending)),
    },
    MethodDef { name: "get_loop", function: |a| this(&a)?.1.event_loop() },
    MethodDef { name: "_make_cancelled_error", function: |a| this(&a)?.1.make_cancelled_error() },
    MethodDef { name: "__await__", function: future_await },
    MethodDef { name: "__iter__", function: future_await },
    MethodDef { name: "__repr__", function: future_repr },
    MethodDef { name: "__del__", function: future_del },
];

const FUTURE_ATTRIBUTES: &[AttrDef] = &[
    AttrDef { name: "_state", get: |a| Ok(rt::str(this(&a)?.1.state.get().name())), set: None },
    AttrDef {
        name: "_asyncio_future_blocking",
        get: |a| Ok(rt::boolean(this(&a)?.1.blocking.get())),
        set: Some(|a| {
            let (_, fut) = this(&a)?;
            let value = setter_value(&a)?;
            fut.blocking.set(ops::truthy(&value)?);
            Ok(rt::none())
        }),
    },
    AttrDef { name: "_loop", get: |a| Ok(opt(&this(&a)?.1.event_loop)), set: None },
    AttrDef { name: "_callbacks", get: future_callbacks, set: None },
    AttrDef { name: "_result", get: |a| Ok(opt(&this(&a)?.1.result)), set: None },
    AttrDef { name: "_exception", get: |a| Ok(opt(&this(&a)?.1.exception)), set: None },
    AttrDef {
        name: "_log_traceback",
        get: |a| Ok(rt::boolean(this(&a)?.1.log_tb.get())),
        set: Some(|a| {
            let (_, fut) = this(&a)?;
            if ops::truthy(&setter_value(&a)?)? {
                return raise(ExcKind::ValueError, "_log_traceback can only be set to False");
            }
            fut.log_tb.set(false);
            Ok(rt::none())
        }),
    },
    AttrDef { name: "_source_traceback", get: |a| Ok(opt(&this(&a)?.1.source_tb)), set: None },
    AttrDef {
        name: "_cancel_message",
        get: |a| Ok(opt(&this(&a)?.1.cancel_msg)),
        set: Some(|a| {
            let (_, fut) = this(&a)?;
            let old = fut.cancel_msg.replace(Some(setter_value(&a)?));
            drop(old);
            Ok(rt::none())
        }),
    },
];

thread_local! {
    static CLASSES: (PyRef, PyRef) = (make_class(&FUTURE, Vec::new()), make_class(&FUTURE_ITER, Vec::new()));
}

/// The `_asyncio.Future` class.
pub(super) fn class() -> PyRef {
    CLASSES.with(|c| c.0.clone())
}

fn iter_class() -> PyRef {
    CLASSES.with(|c| c.1.clone())
}

pub(super) fn this<'a>(a: &'a Args) -> Res<(&'a PyRef, &'a Fut)> {
    state_of::<Fut>(a, &FUTURE)
}

/// The future state of `object` (a Future, a Task, or an object of a subclass).
pub(super) fn fut_of(object: &PyRef) -> Option<&Fut> {
    state::<Fut>(object)
}

fn opt(cell: &RefCell<Option<PyRef>>) -> PyRef {
    cell.borrow().clone().unwrap_or_else(rt::none)
}

/// The value a property setter received.
pub(super) fn setter_value(a: &Args) -> Res<PyRef> {
    match args_after_self(a).first() {
        Some(value) => Ok(value.clone()),
        None => type_error("can't delete attribute"),
    }
}

fn future_new(a: Args) -> Res<PyRef> {
    let cls = new_class_arg(&a, &class())?.clone();
    Ok(new_object(&cls, Fut::new(None)))
}

/// CPython's `future_init`: (re)initializes the future for `loop` (the current event loop
/// when `None`), recording the creation stack when the loop is in debug mode.
pub(super) fn init_future(object: &PyRef, fut: &Fut, event_loop: Option<PyRef>) -> Res<()> {
    let event_loop = match event_loop {
        Some(event_loop) if !matches!(event_loop.kind, Kind::None) => event_loop,
        _ => super::get_event_loop()?,
    };
    let old = (
        fut.event_loop.replace(Some(event_loop.clone())),
        fut.result.take(),
        fut.exception.take(),
        fut.cancel_msg.take(),
        fut.cancelled_exc.take(),
        fut.source_tb.take(),
        std::mem::take(&mut *fut.callbacks.borrow_mut()),
    );
    drop(old);
    fut.state.set(State::Pending);
    fut.log_tb.set(false);
    fut.blocking.set(false);
    let debug =
        super::call_method(&event_loop, crate::object::hash::name!("get_debug"), vec![], vec![])?;
    if ops::truthy(&debug)? {
        let helpers = crate::modules::import("asyncio.format_helpers")?;
        let extract_stack = crate::types::attr::getattr(&helpers, "extract_stack")?;
        let stack = ops::call(&extract_stack, vec![], vec![])?;
        let old = fut.source_tb.replace(Some(stack));
        drop(old);
    }
    let _ = object;
    Ok(())
}

fn future_init(a: Args) -> Res<PyRef> {
    let (object, fut) = this(&a)?;
    if !args_after_self(&a).is_empty() {
        return type_error(format!(
            "Future.__init__() takes 0 positional arguments but {} were given",
            args_after_self(&a).len()
        ));
    }
    let values =
        crate::object::native::bind_arguments("Future", &[], &a.keywords, &["loop"], 0, &[])?;
    init_future(object, fut, values[0].clone())?;
    Ok(rt::none())
}

fn future_result(a: Args) -> Res<PyRef> {
    let (_, fut) = this(&a)?;
    fut.result()
}

fn future_exception(a: Args) -> Res<PyRef> {
    let (_, fut) = this(&a)?;
    match fut.state.get() {
        State::Cancelled => Err(ExcInfo::new(fut.make_cancelled_error()?)),
        State::Pending => invalid_state("Exception is not set."),
        State::Finished => {
            fut.log_tb.set(false);
            Ok(opt(&fut.exception))
        }
    }
}

fn one<'a>(a: &'a Args, name: &str) -> Res<&'a PyRef> {
    a.no_keywords(name)?;
    match args_after_self(a) {
        [value] => Ok(value),
        more => type_error(format!("{name}() takes exactly one argument ({} given)", more.len())),
    }
}

fn future_set_result(a: Args) -> Res<PyRef> {
    let (object, fut) = this(&a)?;
    let value = one(&a, "set_result")?.clone();
    fut.set_result(object, value)?;
    Ok(rt::none())
}

fn future_set_exception(a: Args) -> Res<PyRef> {
    let (object, fut) = this(&a)?;
    let exc = one(&a, "set_exception")?.clone();
    fut.event_loop()?;
    if fut.state.get() != State::Pending {
        return invalid_state("invalid state");
    }
    let value = if crate::types::is_subclass(&exc, &rt::exception_class(ExcKind::BaseException))
        && matches!(exc.kind, Kind::Class(_))
    {
        let value = ops::call(&exc, vec![], vec![])?;
        if fut.state.get() != State::Pending {
            return invalid_state("invalid state");
        }
        value
    } else {
        exc
    };
    if !super::is_instance(&value, &rt::exception_class(ExcKind::BaseException)) {
        return type_error("invalid exception object");
    }
    fut.set_exception_info(object, ExcInfo { value })?;
    Ok(rt::none())
}

fn future_add_done_callback(a: Args) -> Res<PyRef> {
    let (object, fut) = this(&a)?;
    let rest = args_after_self(&a);
    if rest.len() != 1 {
        return type_error(format!(
            "add_done_callback() takes exactly 1 positional argument ({} given)",
            rest.len()
        ));
    }
    let values = crate::object::native::bind_arguments(
        "add_done_callback",
        &[],
        &a.keywords,
        &["context"],
        0,
        &[],
    )?;
    let context = match values[0].clone() {
        Some(context) if !matches!(context.kind, Kind::None) => context,
        _ => crate::modules::contextvars::copy_current(),
    };
    fut.add_done_callback(object, rest[0].clone(), context)?;
    Ok(rt::none())
}

fn future_remove_done_callback(a: Args) -> Res<PyRef> {
    let (_, fut) = this(&a)?;
    let callback = one(&a, "remove_done_callback")?;
    fut.event_loop()?;
    let snapshot = fut.callbacks.borrow().clone();
    let mut kept = Vec::with_capacity(snapshot.len());
    for (f, ctx) in &snapshot {
        if !ops::eq(f, callback)? {
            kept.push((f.clone(), ctx.clone()));
        }
    }
    let removed = snapshot.len() - kept.len();
    if removed > 0 {
        let old = fut.callbacks.replace(kept);
        drop(old);
    }
    Ok(rt::int(removed as i64))
}

/// `cancel(msg=None)`: a task's when the object is one (`task::cancel`).
fn future_cancel(a: Args) -> Res<PyRef> {
    let (object, fut) = this(&a)?;
    let rest = args_after_self(&a);
    if rest.len() > 1 {
        return type_error(format!("cancel() takes at most 1 argument ({} given)", rest.len()));
    }
    let values =
        crate::object::native::bind_arguments("cancel", rest, &a.keywords, &["msg"], 0, &[])?;
    let msg = values[0].clone();
    let cancelled = if fut.task.is_some() {
        super::task::cancel(object, fut, msg)?
    } else {
        fut.cancel(object, msg)?
    };
    Ok(rt::boolean(cancelled))
}

fn future_callbacks(a: Args) -> Res<PyRef> {
    let (_, fut) = this(&a)?;
    let callbacks = fut.callbacks.borrow().clone();
    if callbacks.is_empty() {
        return Ok(rt::none());
    }
    let items: Vec<PyRef> = callbacks.into_iter().map(|(f, c)| rt::tuple(vec![f, c])).collect();
    Ok(rt::list(items))
}

fn future_repr(a: Args) -> Res<PyRef> {
    let (object, fut) = this(&a)?;
    let helper = if fut.task.is_some() {
        imports()?.task_repr.clone()
    } else {
        imports()?.future_repr.clone()
    };
    ops::call(&helper, vec![object.clone()], vec![])
}

/// `__del__`: reports an exception never retrieved, and a task destroyed while pending
/// (CPython's `FutureObj_finalize` / `TaskObj_finalize`), to `loop.call_exception_handler`.
pub(super) fn future_del(a: Args) -> Res<PyRef> {
    let (object, fut) = this(&a)?;
    let Some(event_loop) = fut.event_loop.borrow().clone() else { return Ok(rt::none()) };
    let class_name = crate::types::class_name(&crate::object::class::type_of(object));
    let report = |pairs: Vec<(&str, PyRef)>| -> Res<()> {
        let context = rt::new_dict();
        for (key, value) in pairs {
            ops::dict_set(&context, rt::str(key), value)?;
        }
        if let Some(source) = fut.source_tb.borrow().clone() {
            ops::dict_set(&context, rt::str("source_traceback"), source)?;
        }
        super::call_method(
            &event_loop,
            crate::object::hash::name!("call_exception_handler"),
            vec![context],
            vec![],
        )?;
        Ok(())
    };
    if let Some(task) = &fut.task {
        if fut.state.get() == State::Pending && task.log_destroy_pending.get() {
            report(vec![
                ("task", object.clone()),
                ("message", rt::str("Task was destroyed but it is pending!")),
            ])?;
        }
    }
    if fut.log_tb.get() {
        fut.log_tb.set(false);
        let exc = opt(&fut.exception);
        report(vec![
            ("message", rt::str(format!("{class_name} exception was never retrieved"))),
            ("exception", exc),
            ("future", object.clone()),
        ])?;
    }
    Ok(rt::none())
}

fn future_await(a: Args) -> Res<PyRef> {
    let (object, fut) = this(&a)?;
    fut.event_loop()?;
    Ok(new_future_iter(object.clone()))
}

/// `__class_getitem__`: `types.GenericAlias(cls, item)`.
pub(super) fn class_getitem(a: Args) -> Res<PyRef> {
    a.arity("__class_getitem__", 2, 2)?;
    let types = crate::modules::import("types")?;
    let alias = crate::types::attr::getattr(&types, "GenericAlias")?;
    ops::call(&alias, a.positional.clone(), vec![])
}

/// `FutureIter`: what `future.__await__()` returns; yields the future while it is pending,
/// then stops with its result.
struct FutureIter {
    future: RefCell<Option<PyRef>>,
}

impl NativeObject for FutureIter {
    fn trace(&self, visitor: &mut Visitor) {
        visit_cell(visitor, &self.future);
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

static FUTURE_ITER: NativeClassDef = NativeClassDef {
    name: "FutureIter",
    module: "_asyncio",
    new: None,
    methods: &[
        MethodDef { name: "__iter__", function: |a| Ok(iter_this(&a)?.0.clone()) },
        MethodDef { name: "__next__", function: iter_next },
        MethodDef { name: "send", function: iter_next },
        MethodDef { name: "throw", function: iter_throw },
        MethodDef { name: "close", function: iter_close },
    ],
    class_methods: &[],
    attributes: &[],
    has_dict: false,
    subclassable: false,
    item_slots: None,
};

fn new_future_iter(future: PyRef) -> PyRef {
    new_object(&iter_class(), FutureIter { future: RefCell::new(Some(future)) })
}

fn iter_this<'a>(a: &'a Args) -> Res<(&'a PyRef, &'a FutureIter)> {
    state_of::<FutureIter>(a, &FUTURE_ITER)
}

/// One step of a `FutureIter`: the future to yield while it is pending, else its result
/// (`StopIteration` once exhausted).
pub(super) enum Step {
    Yield(PyRef),
    Done(PyRef),
}

fn step(it: &FutureIter) -> Res<Step> {
    let Some(future) = it.future.borrow().clone() else {
        return Err(stop(rt::none()));
    };
    let Some(fut) = fut_of(&future) else {
        return type_error("FutureIter over a non-future");
    };
    if fut.state.get() == State::Pending {
        if !fut.blocking.get() {
            fut.blocking.set(true);
            return Ok(Step::Yield(future));
        }
        return raise(ExcKind::RuntimeError, "await wasn't used with future");
    }
    let old = it.future.take();
    let result = fut.result();
    drop(old);
    result.map(Step::Done)
}

fn stop(value: PyRef) -> Box<ExcInfo> {
    match crate::vm::generator::send_result_stop(value) {
        Err(exc) => exc,
        Ok(_) => ExcInfo::new(rt::exception(ExcKind::StopIteration, "")),
    }
}

fn iter_next(a: Args) -> Res<PyRef> {
    let (_, it) = iter_this(&a)?;
    match step(it)? {
        Step::Yield(future) => Ok(future),
        Step::Done(value) => Err(stop(value)),
    }
}

/// A native step of `await` over a `FutureIter` (`vm::generator`'s delegation hook):
/// `Err(input)` when `iterator` is not one. A value sent in is ignored, as CPython's
/// `FutureIter_am_send` does; a thrown exception ends the iterator and propagates.
pub(super) fn delegate(iterator: &PyRef, input: Resume) -> Result<Res<Outcome>, Resume> {
    let Some(it) = state::<FutureIter>(iterator) else { return Err(input) };
    Ok(match input {
        Resume::Send(_) => match step(it) {
            Ok(Step::Yield(future)) => Ok(Outcome::Yielded(future)),
            Ok(Step::Done(value)) => Ok(Outcome::Returned(value)),
            Err(exc) if rt::is_exception(&exc.value, ExcKind::StopIteration) => {
                Ok(Outcome::Returned(rt::none()))
            }
            Err(exc) => Err(exc),
        },
        Resume::Throw(exc) => {
            let old = it.future.take();
            drop(old);
            Err(exc)
        }
    })
}

fn iter_throw(a: Args) -> Res<PyRef> {
    let (_, it) = iter_this(&a)?;
    let rest = args_after_self(&a);
    if rest.is_empty() || rest.len() > 3 {
        return type_error(format!("throw expected at least 1 argument, got {}", rest.len()));
    }
    // CPython's `FutureIter_throw` checks.
    if rest.get(2).is_some_and(|tb| !matches!(tb.kind, Kind::None | Kind::Traceback(_))) {
        return type_error("throw() third argument must be a traceback");
    }
    let value = rest.get(1).cloned().filter(|v| !matches!(v.kind, Kind::None));
    let base = rt::exception_class(ExcKind::BaseException);
    let typ = rest[0].clone();
    if matches!(typ.kind, Kind::Class(_)) {
        if !crate::types::is_subclass(&typ, &base) {
            return type_error(
                "exceptions must be classes deriving BaseException or instances of such a class",
            );
        }
    } else if super::is_instance(&typ, &base) {
        if value.is_some() {
            return type_error("instance exception may not have a separate value");
        }
    } else {
        return type_error(
            "exceptions must be classes deriving BaseException or instances of such a class",
        );
    }
    let exc = crate::vm::generator::exception_for_throw(typ, value, rest.get(2).cloned())?;
    let old = it.future.take();
    drop(old);
    Err(exc)
}

fn iter_close(a: Args) -> Res<PyRef> {
    let (_, it) = iter_this(&a)?;
    let old = it.future.take();
    drop(old);
    Ok(rt::none())
}
