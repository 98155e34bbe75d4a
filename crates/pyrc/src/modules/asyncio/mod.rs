//! The native `_asyncio` (CPython's `Modules/_asynciomodule.c`), under CPython's own
//! `asyncio` package: `Future` and `Task` (`future`, `task`: Rust state, the task's step and
//! wakeup in Rust), the running loop, and the task registry (`_register_task`, `_enter_task`,
//! ..., over the `_all_tasks` `WeakSet` and the `_current_tasks` dict that `asyncio.tasks`
//! imports from here).
//!
//! The Python pieces the C module imports (`asyncio.exceptions`' classes, the repr helpers of
//! `base_futures`/`base_tasks`, `coroutines.iscoroutine`, the event loop policy) are imported
//! on first use, when `asyncio` has finished importing.

mod future;
mod task;

use std::cell::RefCell;
use std::rc::Rc;

use crate::object::error::{ExcInfo, Res};
use crate::object::exceptions::ExcKind;
use crate::object::hash::NameHash;
use crate::object::native::{Args, Kwargs};
use crate::object::runtime::{self as rt, raise};
use crate::object::{Kind, PyRef};
use crate::types::{attr, ops};

use super::native;

/// What the module uses from Python modules (CPython's `module_init`).
struct Imports {
    invalid_state_error: PyRef,
    cancelled_error: PyRef,
    future_repr: PyRef,
    task_repr: PyRef,
    task_get_stack: PyRef,
    task_print_stack: PyRef,
    iscoroutine: PyRef,
    isgenerator: PyRef,
    get_event_loop_policy: PyRef,
}

thread_local! {
    static IMPORTS: RefCell<Option<Rc<Imports>>> = const { RefCell::new(None) };
    /// The running loop (`_set_running_loop`), CPython's per-thread `running_loop`.
    static RUNNING_LOOP: RefCell<Option<PyRef>> = const { RefCell::new(None) };
    /// `_all_tasks` (a `weakref.WeakSet`) and `_current_tasks` (a dict loop -> task).
    static REGISTRY: RefCell<Option<(PyRef, PyRef)>> = const { RefCell::new(None) };
}

fn imports() -> Res<Rc<Imports>> {
    if let Some(imports) = IMPORTS.with(|i| i.borrow().clone()) {
        return Ok(imports);
    }
    let get = |module: &str, name: &str| -> Res<PyRef> {
        let module = super::import(module)?;
        attr::getattr(&module, name)
    };
    let imports = Rc::new(Imports {
        invalid_state_error: get("asyncio.exceptions", "InvalidStateError")?,
        cancelled_error: get("asyncio.exceptions", "CancelledError")?,
        future_repr: get("asyncio.base_futures", "_future_repr")?,
        task_repr: get("asyncio.base_tasks", "_task_repr")?,
        task_get_stack: get("asyncio.base_tasks", "_task_get_stack")?,
        task_print_stack: get("asyncio.base_tasks", "_task_print_stack")?,
        iscoroutine: get("asyncio.coroutines", "iscoroutine")?,
        isgenerator: get("inspect", "isgenerator")?,
        get_event_loop_policy: get("asyncio.events", "get_event_loop_policy")?,
    });
    IMPORTS.with(|i| *i.borrow_mut() = Some(imports.clone()));
    Ok(imports)
}

/// Raises `class(message)`.
fn raise_class<T>(class: &PyRef, message: impl AsRef<str>) -> Res<T> {
    let exc = ops::call(class, vec![rt::str(message)], vec![])?;
    Err(ExcInfo::new(exc))
}

fn invalid_state<T>(message: impl AsRef<str>) -> Res<T> {
    raise_class(&imports()?.invalid_state_error, message)
}

fn is_instance(object: &PyRef, class: &PyRef) -> bool {
    crate::object::class::is_subclass(&crate::object::class::type_of(object), class)
}

/// `object.name(*args, **kwargs)`.
fn call_method(object: &PyRef, name: NameHash, args: Vec<PyRef>, kwargs: Kwargs) -> Res<PyRef> {
    ops::call_method_name(object, name, args, kwargs)
}

/// `loop.call_soon(callback, *args, context=context)`.
fn call_soon(event_loop: &PyRef, callback: PyRef, arg: Option<PyRef>, context: PyRef) -> Res<()> {
    let mut args = vec![callback];
    args.extend(arg);
    call_method(
        event_loop,
        crate::object::hash::name!("call_soon"),
        args,
        vec![(Rc::from("context"), context)],
    )?;
    Ok(())
}

fn running_loop() -> Option<PyRef> {
    RUNNING_LOOP.with(|l| l.borrow().clone())
}

/// `get_event_loop()`: the running loop, else the policy's loop.
fn get_event_loop() -> Res<PyRef> {
    if let Some(running) = running_loop() {
        return Ok(running);
    }
    let policy = ops::call(&imports()?.get_event_loop_policy, vec![], vec![])?;
    call_method(&policy, crate::object::hash::name!("get_event_loop"), vec![], vec![])
}

fn registry() -> Option<(PyRef, PyRef)> {
    REGISTRY.with(|r| r.borrow().clone())
}

/// `_register_task(task)`: `_all_tasks.add(task)`.
fn register_task(task: &PyRef) -> Res<()> {
    if let Some((all, _)) = registry() {
        call_method(&all, crate::object::hash::name!("add"), vec![task.clone()], vec![])?;
    }
    Ok(())
}

/// `_enter_task(loop, task)`.
fn enter_task(event_loop: &PyRef, task: &PyRef) -> Res<()> {
    let Some((_, current)) = registry() else { return Ok(()) };
    if let Some(other) = ops::dict_get(&current, event_loop)? {
        if !matches!(other.kind, Kind::None) {
            return raise(
                ExcKind::RuntimeError,
                format!(
                    "Cannot enter into task {} while another task {} is being executed.",
                    ops::repr(task)?,
                    ops::repr(&other)?
                ),
            );
        }
    }
    ops::dict_set(&current, event_loop.clone(), task.clone())
}

/// `_leave_task(loop, task)`.
fn leave_task(event_loop: &PyRef, task: &PyRef) -> Res<()> {
    let Some((_, current)) = registry() else { return Ok(()) };
    let other = ops::dict_get(&current, event_loop)?.unwrap_or_else(rt::none);
    if !rcgc::Gc::ptr_eq(&other, task) {
        return raise(
            ExcKind::RuntimeError,
            format!(
                "Leaving task {} does not match the current task {}.",
                ops::repr(task)?,
                ops::repr(&other)?
            ),
        );
    }
    let old = ops::dict_remove(&current, event_loop)?;
    drop(old);
    Ok(())
}

fn two_args<'a>(a: &'a Args, name: &str) -> Res<(&'a PyRef, &'a PyRef)> {
    a.no_keywords(name)?;
    a.arity(name, 2, 2)?;
    Ok((&a.positional[0], &a.positional[1]))
}

/// `import _asyncio`.
pub fn module() -> PyRef {
    crate::vm::generator::set_native_delegate(future::delegate);
    let mut entries = vec![
        ("Future", future::class()),
        ("Task", task::class()),
        (
            "_get_running_loop",
            native("_get_running_loop", |a| {
                a.arity("_get_running_loop", 0, 0)?;
                Ok(running_loop().unwrap_or_else(rt::none))
            }),
        ),
        (
            "_set_running_loop",
            native("_set_running_loop", |a| {
                a.arity("_set_running_loop", 1, 1)?;
                let new = a.arg(0);
                let new = (!matches!(new.kind, Kind::None)).then_some(new);
                let old = RUNNING_LOOP.with(|l| l.replace(new));
                drop(old);
                Ok(rt::none())
            }),
        ),
        (
            "get_running_loop",
            native("get_running_loop", |a| {
                a.arity("get_running_loop", 0, 0)?;
                match running_loop() {
                    Some(running) => Ok(running),
                    None => raise(ExcKind::RuntimeError, "no running event loop"),
                }
            }),
        ),
        (
            "get_event_loop",
            native("get_event_loop", |a| {
                a.arity("get_event_loop", 0, 0)?;
                get_event_loop()
            }),
        ),
        (
            "_get_event_loop",
            native("_get_event_loop", |a| {
                a.arity("_get_event_loop", 0, 1)?;
                get_event_loop()
            }),
        ),
        (
            "_register_task",
            native("_register_task", |a| {
                a.arity("_register_task", 1, 1)?;
                register_task(&a.arg(0))?;
                Ok(rt::none())
            }),
        ),
        (
            "_unregister_task",
            native("_unregister_task", |a| {
                a.arity("_unregister_task", 1, 1)?;
                if let Some((all, _)) = registry() {
                    call_method(
                        &all,
                        crate::object::hash::name!("discard"),
                        vec![a.arg(0)],
                        vec![],
                    )?;
                }
                Ok(rt::none())
            }),
        ),
        (
            "_enter_task",
            native("_enter_task", |a| {
                let (event_loop, task) = two_args(&a, "_enter_task")?;
                enter_task(event_loop, task)?;
                Ok(rt::none())
            }),
        ),
        (
            "_leave_task",
            native("_leave_task", |a| {
                let (event_loop, task) = two_args(&a, "_leave_task")?;
                leave_task(event_loop, task)?;
                Ok(rt::none())
            }),
        ),
    ];
    // Without `weakref` the registry is absent, and `asyncio.tasks` keeps its own (its
    // `from _asyncio import ...` fails as a whole).
    let all_tasks = super::import("weakref")
        .and_then(|weakref| attr::getattr(&weakref, "WeakSet"))
        .and_then(|weak_set| ops::call(&weak_set, vec![], vec![]));
    if let Ok(all_tasks) = all_tasks {
        let current_tasks = rt::new_dict();
        REGISTRY.with(|r| *r.borrow_mut() = Some((all_tasks.clone(), current_tasks.clone())));
        entries.push(("_all_tasks", all_tasks));
        entries.push(("_current_tasks", current_tasks));
    }
    super::new_module("_asyncio", entries)
}
