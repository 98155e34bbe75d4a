//! `_asyncio.Task` (CPython's `TaskObj`): a future driving a coroutine. Its step (resume the
//! coroutine once, then act on what it yielded) and its wakeup (a done callback of the future
//! it waits for) run in Rust; the loop calls them through `Context.run` as bound built-in
//! functions of the task.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use crate::object::error::{Exc, ExcInfo, Res};
use crate::object::exceptions::ExcKind;
use crate::object::native::{method_of, Args, MethodDef};
use crate::object::native_type::{args_after_self, state_of, AttrDef, NativeClassDef};
use crate::object::runtime::{self as rt, raise, type_error};
use crate::object::{Kind, PyRef};
use crate::types::native_class::{make_class, new_class_arg, new_object};
use crate::types::ops;
use crate::vm::generator::{self, Outcome, Resume};

use super::future::{self, class_getitem, init_future, setter_value, Fut, State, TaskPart};
use super::{call_method, call_soon, imports, invalid_state, is_instance};

static TASK: NativeClassDef = NativeClassDef {
    name: "Task",
    module: "_asyncio",
    new: Some(task_new),
    methods: &[
        MethodDef { name: "__init__", function: task_init },
        MethodDef {
            name: "cancelling",
            function: |a| Ok(rt::int(part(&a)?.1.num_cancels_requested.get())),
        },
        MethodDef {
            name: "uncancel",
            function: |a| {
                let (_, task) = part(&a)?;
                let n = task.num_cancels_requested.get();
                if n > 0 {
                    task.num_cancels_requested.set(n - 1);
                }
                Ok(rt::int(task.num_cancels_requested.get()))
            },
        },
        MethodDef { name: "get_coro", function: |a| Ok(opt(&part(&a)?.1.coro)) },
        MethodDef { name: "get_name", function: |a| Ok(opt(&part(&a)?.1.name)) },
        MethodDef { name: "set_name", function: task_set_name },
        MethodDef { name: "get_stack", function: task_get_stack },
        MethodDef { name: "print_stack", function: task_print_stack },
        MethodDef {
            name: "set_result",
            function: |_| {
                raise(ExcKind::RuntimeError, "Task does not support set_result operation")
            },
        },
        MethodDef {
            name: "set_exception",
            function: |_| {
                raise(ExcKind::RuntimeError, "Task does not support set_exception operation")
            },
        },
        // Listed again so that objects of exactly this class get a finalizer.
        MethodDef { name: "__del__", function: future::future_del },
    ],
    class_methods: &[MethodDef { name: "__class_getitem__", function: class_getitem }],
    attributes: &[
        AttrDef {
            name: "_log_destroy_pending",
            get: |a| Ok(rt::boolean(part(&a)?.1.log_destroy_pending.get())),
            set: Some(|a| {
                let (_, task) = part(&a)?;
                task.log_destroy_pending.set(ops::truthy(&setter_value(&a)?)?);
                Ok(rt::none())
            }),
        },
        AttrDef {
            name: "_must_cancel",
            get: |a| Ok(rt::boolean(part(&a)?.1.must_cancel.get())),
            set: None,
        },
        AttrDef { name: "_coro", get: |a| Ok(opt(&part(&a)?.1.coro)), set: None },
        AttrDef { name: "_fut_waiter", get: |a| Ok(opt(&part(&a)?.1.fut_waiter)), set: None },
    ],
    has_dict: false,
    subclassable: true,
    item_slots: None,
};

thread_local! {
    static CLASS: PyRef = make_class(&TASK, vec![future::class()]);
    /// Numbers the default names `Task-1`, `Task-2`, ...
    static NAME_COUNTER: Cell<u64> = const { Cell::new(0) };
}

/// The `_asyncio.Task` class.
pub(super) fn class() -> PyRef {
    CLASS.with(Clone::clone)
}

fn opt(cell: &RefCell<Option<PyRef>>) -> PyRef {
    cell.borrow().clone().unwrap_or_else(rt::none)
}

/// The receiver's future state and task part.
fn part<'a>(a: &'a Args) -> Res<(&'a PyRef, &'a TaskPart)> {
    let (object, fut) = state_of::<Fut>(a, &TASK)?;
    match &fut.task {
        Some(task) => Ok((object, task)),
        None => type_error(format!(
            "descriptor '{}' for '_asyncio.Task' objects doesn't apply to a '{}' object",
            a.name,
            crate::object::class::type_name(object)
        )),
    }
}

fn task_new(a: Args) -> Res<PyRef> {
    let cls = new_class_arg(&a, &class())?.clone();
    let part = TaskPart {
        coro: RefCell::new(None),
        context: RefCell::new(None),
        name: RefCell::new(None),
        fut_waiter: RefCell::new(None),
        must_cancel: Cell::new(false),
        log_destroy_pending: Cell::new(true),
        num_cancels_requested: Cell::new(0),
    };
    Ok(new_object(&cls, Fut::new(Some(part))))
}

/// Whether `object` is a coroutine as `asyncio.iscoroutine` decides (native coroutines
/// without asking it).
fn is_coroutine(object: &PyRef) -> Res<bool> {
    if generator::flavor(object) == Some(crate::object::GenFlavor::Coroutine) {
        return Ok(true);
    }
    let answer = ops::call(&imports()?.iscoroutine, vec![object.clone()], vec![])?;
    ops::truthy(&answer)
}

fn task_init(a: Args) -> Res<PyRef> {
    let (object, fut) = state_of::<Fut>(&a, &TASK)?;
    let Some(task) = &fut.task else { return type_error("Task.__init__ on a non-task") };
    let rest = args_after_self(&a);
    if rest.len() > 1 {
        return type_error(format!(
            "Task.__init__() takes 1 positional argument but {} were given",
            rest.len()
        ));
    }
    let values = crate::object::native::bind_arguments(
        "Task",
        rest,
        &a.keywords,
        &["coro", "loop", "name", "context"],
        1,
        &[],
    )?;
    let coro = values[0].clone().unwrap_or_else(rt::none);
    init_future(object, fut, values[1].clone())?;
    if !is_coroutine(&coro)? {
        task.log_destroy_pending.set(false);
        return type_error(format!("a coroutine was expected, got {}", ops::repr(&coro)?));
    }
    let context = match values[3].clone() {
        Some(context) if !matches!(context.kind, Kind::None) => context,
        _ => crate::modules::contextvars::copy_current(),
    };
    let name = match values[2].clone() {
        Some(name) if matches!(name.kind, Kind::Str(..)) => name,
        Some(name) if !matches!(name.kind, Kind::None) => rt::str(&*ops::str_of(&name)?),
        _ => {
            let n = NAME_COUNTER.with(|c| {
                c.set(c.get() + 1);
                c.get()
            });
            rt::str(format!("Task-{n}"))
        }
    };
    task.must_cancel.set(false);
    task.num_cancels_requested.set(0);
    let old = (
        task.coro.replace(Some(coro)),
        task.context.replace(Some(context.clone())),
        task.name.replace(Some(name)),
        task.fut_waiter.take(),
    );
    drop(old);
    let event_loop = fut.event_loop()?;
    call_soon(&event_loop, step_function(object), None, context)?;
    super::register_task(object)?;
    Ok(rt::none())
}

fn task_set_name(a: Args) -> Res<PyRef> {
    let (_, task) = part(&a)?;
    let [value] = args_after_self(&a) else {
        return type_error("set_name() takes exactly one argument");
    };
    let name = if matches!(value.kind, Kind::Str(..)) {
        value.clone()
    } else {
        rt::str(&*ops::str_of(value)?)
    };
    let old = task.name.replace(Some(name));
    drop(old);
    Ok(rt::none())
}

fn task_get_stack(a: Args) -> Res<PyRef> {
    let (object, _) = part(&a)?;
    let values =
        crate::object::native::bind_arguments("get_stack", &[], &a.keywords, &["limit"], 0, &[])?;
    let limit = values[0].clone().unwrap_or_else(rt::none);
    ops::call(&imports()?.task_get_stack, vec![object.clone(), limit], vec![])
}

fn task_print_stack(a: Args) -> Res<PyRef> {
    let (object, _) = part(&a)?;
    let values = crate::object::native::bind_arguments(
        "print_stack",
        &[],
        &a.keywords,
        &["limit", "file"],
        0,
        &[],
    )?;
    let limit = values[0].clone().unwrap_or_else(rt::none);
    let file = values[1].clone().unwrap_or_else(rt::none);
    ops::call(&imports()?.task_print_stack, vec![object.clone(), limit, file], vec![])
}

/// `Task.cancel(msg)` (what `Future.cancel` runs for a task).
pub(super) fn cancel(object: &PyRef, fut: &Fut, msg: Option<PyRef>) -> Res<bool> {
    let Some(task) = &fut.task else { return fut.cancel(object, msg) };
    fut.log_tb.set(false);
    if fut.state.get() != State::Pending {
        return Ok(false);
    }
    task.num_cancels_requested.set(task.num_cancels_requested.get() + 1);
    let waiter = task.fut_waiter.borrow().clone();
    if let Some(waiter) = waiter {
        let msg = msg.clone().unwrap_or_else(rt::none);
        let cancelled =
            call_method(&waiter, crate::object::hash::name!("cancel"), vec![msg], vec![])?;
        if ops::truthy(&cancelled)? {
            return Ok(true);
        }
    }
    task.must_cancel.set(true);
    let old = fut.cancel_msg.replace(msg);
    drop(old);
    Ok(true)
}

/// The task's step as a callable for `loop.call_soon` (CPython's `TaskStepMethWrapper`).
fn step_function(task: &PyRef) -> PyRef {
    method_of(task, "__step", |a| {
        let task = a.receiver();
        let exc = match a.positional.as_slice() {
            [] => None,
            [exc] if matches!(exc.kind, Kind::None) => None,
            [exc] => Some(exc.clone()),
            more => {
                return type_error(format!(
                    "__step() takes at most 1 argument ({} given)",
                    more.len()
                ))
            }
        };
        step(&task, exc)?;
        Ok(rt::none())
    })
}

/// The task's wakeup as a done callback (CPython's `task_wakeup`).
fn wakeup_function(task: &PyRef) -> PyRef {
    method_of(task, "__wakeup", |a| {
        let task = a.receiver();
        let [awaited] = a.positional.as_slice() else {
            return type_error("__wakeup() takes exactly one argument");
        };
        let result = match future::fut_of(awaited).filter(|_| is_exact(awaited)) {
            Some(fut) => fut.result(),
            None => call_method(awaited, crate::object::hash::name!("result"), vec![], vec![]),
        };
        match result {
            Ok(_) => step(&task, None)?,
            Err(exc) => step(&task, Some(exc.value))?,
        }
        Ok(rt::none())
    })
}

/// Whether `object` is exactly a `Future` or a `Task` (no Python subclass that may override
/// its methods).
fn is_exact(object: &PyRef) -> bool {
    let class = crate::object::class::type_of(object);
    rcgc::Gc::ptr_eq(&class, &future::class()) || rcgc::Gc::ptr_eq(&class, &self::class())
}

/// What resuming the coroutine gave.
enum Resumed {
    Yielded(PyRef),
    Returned(PyRef),
    Raised(Exc),
}

fn resume(coro: &PyRef, exc: Option<PyRef>) -> Resumed {
    let outcome = if generator::is_function_generator(coro) {
        let input = match exc {
            None => Resume::Send(rt::none()),
            Some(exc) => Resume::Throw(ExcInfo::new(exc)),
        };
        generator::resume(coro, input)
    } else {
        let sent = match exc {
            None => call_method(coro, crate::object::hash::name!("send"), vec![rt::none()], vec![]),
            Some(exc) => call_method(coro, crate::object::hash::name!("throw"), vec![exc], vec![]),
        };
        match sent {
            Ok(value) => Ok(Outcome::Yielded(value)),
            Err(exc) if rt::is_exception(&exc.value, ExcKind::StopIteration) => {
                let value = crate::types::attr::lookup(&exc.value, "value");
                match value {
                    Ok(value) => Ok(Outcome::Returned(value.unwrap_or_else(rt::none))),
                    Err(exc) => Err(exc),
                }
            }
            Err(exc) => Err(exc),
        }
    };
    match outcome {
        Ok(Outcome::Yielded(value)) => Resumed::Yielded(value),
        Ok(Outcome::Returned(value)) => Resumed::Returned(value),
        Err(exc) => Resumed::Raised(exc),
    }
}

/// CPython's `task_step`: enters the task, runs one step, leaves it.
fn step(task: &PyRef, exc: Option<PyRef>) -> Res<()> {
    let Some(fut) = future::fut_of(task) else { return type_error("not a task") };
    let event_loop = fut.event_loop()?;
    super::enter_task(&event_loop, task)?;
    let result = step_impl(task, fut, &event_loop, exc);
    let left = super::leave_task(&event_loop, task);
    result?;
    left
}

/// Schedules the step again with `RuntimeError(message)` thrown in.
fn step_soon_with_error(
    task: &PyRef,
    event_loop: &PyRef,
    context: PyRef,
    message: String,
) -> Res<()> {
    let exc = rt::exception(ExcKind::RuntimeError, message);
    call_soon(event_loop, step_function(task), Some(exc), context)
}

fn step_impl(task: &PyRef, fut: &Fut, event_loop: &PyRef, exc: Option<PyRef>) -> Res<()> {
    let Some(part) = &fut.task else { return type_error("not a task") };
    if fut.state.get() != State::Pending {
        let exc = exc.clone().unwrap_or_else(rt::none);
        return invalid_state(format!(
            "_step(): already done: {}, {}",
            ops::repr(task)?,
            ops::repr(&exc)?
        ));
    }
    let mut exc = exc;
    if part.must_cancel.get() {
        let cancelled = imports()?.cancelled_error.clone();
        if !exc.as_ref().is_some_and(|e| is_instance(e, &cancelled)) {
            exc = Some(fut.make_cancelled_error()?);
        }
        part.must_cancel.set(false);
    }
    let old = part.fut_waiter.take();
    drop(old);
    let Some(coro) = part.coro.borrow().clone() else {
        return type_error("task without a coroutine");
    };
    let context = part.context.borrow().clone().unwrap_or_else(rt::none);
    match resume(&coro, exc) {
        Resumed::Returned(value) => {
            if part.must_cancel.get() {
                part.must_cancel.set(false);
                let msg = fut.cancel_msg.borrow().clone();
                fut.cancel(task, msg)?;
            } else {
                fut.set_result(task, value)?;
            }
            Ok(())
        }
        Resumed::Raised(exc) => {
            if is_instance(&exc.value, &imports()?.cancelled_error) {
                let old = fut.cancelled_exc.replace(Some(exc.value.clone()));
                drop(old);
                fut.cancel(task, None)?;
                return Ok(());
            }
            let fatal = rt::is_exception(&exc.value, ExcKind::KeyboardInterrupt)
                || rt::is_exception(&exc.value, ExcKind::SystemExit);
            let again = fatal.then(|| ExcInfo::new(exc.value.clone()));
            fut.set_exception_info(task, *exc)?;
            match again {
                Some(exc) => Err(exc),
                None => Ok(()),
            }
        }
        Resumed::Yielded(result) => yielded(task, fut, part, event_loop, context, result),
    }
}

/// Acts on what the coroutine yielded: a future to wait for, `None` (a bare `yield`: run
/// again soon), or a mistake reported by throwing a `RuntimeError` into it.
fn yielded(
    task: &PyRef,
    fut: &Fut,
    part: &TaskPart,
    event_loop: &PyRef,
    context: PyRef,
    result: PyRef,
) -> Res<()> {
    if matches!(result.kind, Kind::None) {
        return call_soon(event_loop, step_function(task), None, context);
    }
    if let Some(awaited) = future::fut_of(&result).filter(|_| is_exact(&result)) {
        let same_loop =
            awaited.event_loop.borrow().as_ref().is_some_and(|l| rcgc::Gc::ptr_eq(l, event_loop));
        if !same_loop {
            let message = format!(
                "Task {} got Future {} attached to a different loop",
                ops::repr(task)?,
                ops::repr(&result)?
            );
            return step_soon_with_error(task, event_loop, context, message);
        }
        if !awaited.blocking.get() {
            let message = format!(
                "yield was used instead of yield from in task {} with {}",
                ops::repr(task)?,
                ops::repr(&result)?
            );
            return step_soon_with_error(task, event_loop, context, message);
        }
        if rcgc::Gc::ptr_eq(&result, task) {
            let message = format!("Task cannot await on itself: {}", ops::repr(task)?);
            return step_soon_with_error(task, event_loop, context, message);
        }
        awaited.blocking.set(false);
        awaited.add_done_callback(&result, wakeup_function(task), context)?;
        return wait_for(task, fut, part, result);
    }
    let blocking = crate::types::attr::getattr_optional(&result, "_asyncio_future_blocking")?;
    if let Some(blocking) = blocking.filter(|b| !matches!(b.kind, Kind::None)) {
        let result_loop = match crate::types::attr::getattr_optional(&result, "get_loop")? {
            Some(get_loop) => ops::call(&get_loop, vec![], vec![])?,
            None => crate::types::attr::getattr(&result, "_loop")?,
        };
        if !rcgc::Gc::ptr_eq(&result_loop, event_loop) {
            let message = format!(
                "Task {} got Future {} attached to a different loop",
                ops::repr(task)?,
                ops::repr(&result)?
            );
            return step_soon_with_error(task, event_loop, context, message);
        }
        if !ops::truthy(&blocking)? {
            let message = format!(
                "yield was used instead of yield from in task {} with {}",
                ops::repr(task)?,
                ops::repr(&result)?
            );
            return step_soon_with_error(task, event_loop, context, message);
        }
        if rcgc::Gc::ptr_eq(&result, task) {
            let message = format!("Task cannot await on itself: {}", ops::repr(task)?);
            return step_soon_with_error(task, event_loop, context, message);
        }
        crate::types::attr::setattr(&result, "_asyncio_future_blocking", rt::boolean(false))?;
        call_method(
            &result,
            crate::object::hash::name!("add_done_callback"),
            vec![wakeup_function(task)],
            vec![(Rc::from("context"), context)],
        )?;
        return wait_for(task, fut, part, result);
    }
    let is_generator = ops::call(&imports()?.isgenerator, vec![result.clone()], vec![])?;
    let message = if ops::truthy(&is_generator)? {
        format!(
            "yield was used instead of yield from for generator in task {} with {}",
            ops::repr(task)?,
            ops::repr(&result)?
        )
    } else {
        format!("Task got bad yield: {}", ops::repr(&result)?)
    };
    step_soon_with_error(task, event_loop, context, message)
}

/// Records `waiter` as what the task waits for, cancelling it at once if a cancellation is
/// pending.
fn wait_for(_task: &PyRef, fut: &Fut, part: &TaskPart, waiter: PyRef) -> Res<()> {
    let old = part.fut_waiter.replace(Some(waiter.clone()));
    drop(old);
    if part.must_cancel.get() {
        let msg = fut.cancel_msg.borrow().clone().unwrap_or_else(rt::none);
        let cancelled =
            call_method(&waiter, crate::object::hash::name!("cancel"), vec![msg], vec![])?;
        if ops::truthy(&cancelled)? {
            part.must_cancel.set(false);
        }
    }
    Ok(())
}
