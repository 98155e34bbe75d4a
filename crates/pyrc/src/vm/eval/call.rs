//! Calls of functions defined in Python (argument binding, frames), method calls without
//! bound-method objects, and making functions and classes.

use std::cell::RefCell;
use std::rc::Rc;

use thin_vec::ThinVec;

use crate::compile::code::{CellSource, Signature};
use crate::object::code::CodeObject;
use crate::object::error::Res;
use crate::object::exceptions::ExcKind;
use crate::object::native::Kwargs;
use crate::object::recursion::{check_recursion, leave_recursion};
use crate::object::runtime::{self as rt, type_error};
use crate::object::{alloc, Function, Kind, PyRef};
use crate::types::ops;

use super::{run_frame, Exit, Frame};

// ---- calls -------------------------------------------------------------------------------

/// Calls a function defined in Python (the `call_function` hook of `object::hooks`).
pub fn call_function(function: &PyRef, args: Vec<PyRef>, kwargs: Kwargs) -> Res<PyRef> {
    let Kind::Function(f) = &function.kind else { return type_error("not a function") };
    let mut frame = function_frame(f);
    bind_arguments(&mut frame, f, args, kwargs)?;
    if f.code.code.is_generator {
        return crate::vm::generator::create(frame);
    }
    run_function(frame)
}

/// A frame for a call of `f`, nothing bound yet.
fn function_frame(f: &Function) -> Frame {
    let mut frame = Frame::new(f.code.clone(), f.globals.clone(), f.closure.clone());
    if f.code.code.scope.uses_super {
        frame.defining_class = f.defining_class();
    }
    frame
}

/// A frame for a call of `f` that [`takes_positional`] accepted, its positional parameters
/// bound to `receiver` (if any) and the top `argc` values of `stack` (moved off it), the
/// ones left out to their defaults.
// Always inlined: the frame is then built where the call runs it, not moved out of a
// callee and into `run_function` (about 100 bytes each time).
#[inline(always)]
fn frame_from_stack(
    f: &Function,
    receiver: Option<PyRef>,
    stack: &mut Vec<PyRef>,
    argc: usize,
) -> Frame {
    let given = argc + usize::from(receiver.is_some());
    let mut frame = if f.code.positional_first {
        let (code, globals, closure) = (f.code.clone(), f.globals.clone(), f.closure.clone());
        let mut frame = Frame::with_arguments(code, globals, closure, receiver, stack, argc);
        if f.code.code.scope.uses_super {
            frame.defining_class = f.defining_class();
        }
        frame
    } else {
        let mut frame = function_frame(f);
        let signature = &f.code.code.signature;
        let first = match receiver {
            Some(receiver) => {
                frame.bind_slot(signature.positional[0] as usize, receiver);
                1
            }
            None => 0,
        };
        bind_from_stack(&mut frame, signature, stack, argc, first);
        frame
    };
    if given < f.code.code.signature.positional.len() {
        bind_defaults(&mut frame, f, given);
    }
    frame
}

/// Runs a function's frame whose arguments are bound.
#[inline(always)]
fn run_function(mut frame: Frame) -> Res<PyRef> {
    check_recursion()?;
    let line = frame.code.code.first_line;
    crate::vm::frame_object::enter_call(&frame.code, &frame.globals, line);
    let result = run_frame(&mut frame);
    crate::vm::frame_object::leave_call(|| frame_locals(&frame));
    leave_recursion();
    match result? {
        Exit::Return(value) => Ok(value),
        Exit::Yield(_) => rt::raise(ExcKind::SystemError, "yield in a function's frame"),
    }
}

/// Whether a call of `f` with `argc` positional arguments and no keywords binds them straight
/// to the first slots, the parameters left out taking their defaults.
#[inline]
fn takes_positional(f: &Function, argc: usize) -> bool {
    let signature = &f.code.code.signature;
    let n = signature.positional.len();
    signature.is_simple() && argc <= n && argc + f.defaults.borrow().len() >= n
}

/// Binds the defaults of the positional parameters from `given` on (after a positional call
/// that [`takes_positional`] accepted).
#[inline]
fn bind_defaults(frame: &mut Frame, f: &Function, given: usize) {
    let positional = &f.code.code.signature.positional;
    let defaults = f.defaults.borrow();
    let first_default = positional.len() - defaults.len();
    for (i, slot) in positional.iter().enumerate().skip(given) {
        frame.bind_slot(*slot as usize, defaults[i - first_default].clone());
    }
}

/// `Call(n)`: calls the value under the top `argc` values with them.
pub(super) fn call_from_stack(frame: &mut Frame, argc: usize) -> Res<PyRef> {
    let base = frame.stack.len() - argc;
    let callable = frame.stack[base - 1].clone();
    match &callable.kind {
        Kind::Function(f) if takes_positional(f, argc) => {
            let inner = frame_from_stack(f, None, &mut frame.stack, argc);
            frame.stack.pop();
            if f.code.code.is_generator {
                return crate::vm::generator::create(inner);
            }
            return run_function(inner);
        }
        Kind::BoundMethod { function, receiver } => {
            if let Kind::Function(f) = &function.kind {
                if takes_positional(f, argc + 1) {
                    let receiver = Some(receiver.clone());
                    let inner = frame_from_stack(f, receiver, &mut frame.stack, argc);
                    frame.stack.pop();
                    if f.code.code.is_generator {
                        return crate::vm::generator::create(inner);
                    }
                    return run_function(inner);
                }
            }
        }
        // What `LoadMethod` pushed for a method of a built-in type, its receiver above it.
        Kind::Builtin(builtin) if argc > 0 && crate::object::native::is_unbound_method(builtin) => {
            let positional: Vec<PyRef> = frame.stack.drain(base + 1..).collect();
            let receiver = frame.stack.pop().expect("the receiver under the arguments");
            frame.stack.pop();
            return (builtin.function)(crate::object::native::Args {
                name: builtin.name,
                receiver: Some(&receiver),
                positional,
                keywords: Vec::new(),
            });
        }
        Kind::Class(data) if crate::types::ops::plain_construction(&callable) => {
            if let Some(result) = construct_from_stack(frame, &callable, data, argc) {
                return result;
            }
        }
        _ => {}
    }
    let args: Vec<PyRef> = frame.stack.drain(base..).collect();
    frame.stack.pop();
    ops::call(&callable, args, Vec::new())
}

thread_local! {
    /// The interned `"__init__"` (the key class dicts hold it under).
    static INIT_KEY: PyRef = {
        let name = crate::object::hash::name!("__init__");
        rt::intern(name.text, name.hash)
    };
}

/// `Class(args...)` for a class whose construction is plain
/// (`types::ops::plain_construction`) and whose `__init__`, if any, is a function taking
/// the arguments positionally: a new instance, then `__init__`'s frame bound straight from
/// the caller's stack, with no bound method and no argument vector. `None`: the general path
/// must run (nothing was consumed).
fn construct_from_stack(
    frame: &mut Frame,
    class: &PyRef,
    data: &crate::object::Class,
    argc: usize,
) -> Option<Res<PyRef>> {
    let name = crate::object::hash::name!("__init__");
    let init = INIT_KEY.with(|key| {
        crate::object::class::class_lookup_cached(
            class,
            name.text,
            name.hash,
            key,
            &data.construct.init,
        )
    });
    let Some(init) = init else {
        if argc > 0 {
            return None;
        }
        frame.stack.pop();
        return Some(Ok(rt::instance_with_base(class.clone(), None)));
    };
    let Kind::Function(f) = &init.kind else { return None };
    if !takes_positional(f, argc + 1) || f.code.code.is_generator {
        return None;
    }
    let object = rt::instance_with_base(class.clone(), None);
    let inner = frame_from_stack(f, Some(object.clone()), &mut frame.stack, argc);
    frame.stack.pop();
    Some(match run_function(inner) {
        Ok(result) if matches!(result.kind, Kind::None) => Ok(object),
        Ok(result) => type_error(format!(
            "__init__() should return None, not '{}'",
            crate::types::type_name(&result)
        )),
        Err(e) => Err(e),
    })
}

thread_local! {
    /// The interned `"__getitem__"` and `"__setitem__"`.
    static ITEM_KEYS: [PyRef; 2] = [
        { let name = crate::object::hash::name!("__getitem__"); rt::intern(name.text, name.hash) },
        { let name = crate::object::hash::name!("__setitem__"); rt::intern(name.text, name.hash) },
    ];
}

/// Which item method of an instance a subscript calls.
#[derive(Clone, Copy)]
pub(super) enum ItemMethod {
    Get,
    Set,
}

/// `object[index]` or `object[index] = value` (`args` after the receiver) for an instance of
/// a class defined in Python whose `__getitem__`/`__setitem__` is a function taking them
/// positionally: its frame is bound straight from them, with no bound method and no
/// argument vector (CPython 3.11's `BINARY_SUBSCR_GETITEM`). `None`: the general path must
/// run.
pub(super) fn call_item_method(
    object: &PyRef,
    which: ItemMethod,
    args: &[&PyRef],
    pc: u32,
) -> Option<Res<PyRef>> {
    let Kind::Instance(instance) = &object.kind else { return None };
    let class = instance.class();
    let Kind::Class(data) = &class.kind else { return None };
    let (name, cache, key) = match which {
        ItemMethod::Get => (crate::object::hash::name!("__getitem__"), &data.construct.getitem, 0),
        ItemMethod::Set => (crate::object::hash::name!("__setitem__"), &data.construct.setitem, 1),
    };
    let method = ITEM_KEYS.with(|keys| {
        crate::object::class::class_lookup_cached(&class, name.text, name.hash, &keys[key], cache)
    })?;
    let Kind::Function(f) = &method.kind else { return None };
    if !takes_positional(f, args.len() + 1) || f.code.code.is_generator {
        return None;
    }
    let mut inner = function_frame(f);
    let signature = &f.code.code.signature;
    inner.bind_slot(signature.positional[0] as usize, object.clone());
    for (i, arg) in args.iter().enumerate() {
        inner.bind_slot(signature.positional[1 + i] as usize, (*arg).clone());
    }
    bind_defaults(&mut inner, f, args.len() + 1);
    crate::vm::frame_object::note_pc(pc);
    Some(run_function(inner))
}

fn bind_positional(
    frame: &mut Frame,
    signature: &Signature,
    values: impl Iterator<Item = PyRef>,
    first: usize,
) {
    for (i, value) in values.enumerate() {
        frame.bind_slot(signature.positional[first + i] as usize, value);
    }
}

/// Moves the top `argc` values of `stack` into the parameters `first..` of a fresh frame
/// (popped last one first: no iterator over the vector's tail).
#[inline]
fn bind_from_stack(
    frame: &mut Frame,
    signature: &Signature,
    stack: &mut Vec<PyRef>,
    argc: usize,
    first: usize,
) {
    for i in (0..argc).rev() {
        let value = stack.pop().expect("the caller pushed its arguments");
        frame.bind_slot(signature.positional[first + i] as usize, value);
    }
}

thread_local! {
    /// Marks "no receiver" under a `LoadMethod` result (never seen by Python code).
    static NO_RECEIVER: PyRef = alloc(Kind::Object);
}

/// `LoadMethod`: pushes the function and the receiver when the attribute is a plain
/// function found on the class (no bound method is made), else the attribute's value and
/// the "no receiver" marker.
pub(super) fn load_method(
    frame: &mut Frame,
    object: PyRef,
    code: &CodeObject,
    index: usize,
) -> Res<()> {
    let (name, hash) = (&code.code.names[index], code.name_hashes[index]);
    // A method of a list, dict, str...: its unbound method under the receiver, no bound
    // method made (CPython 3.11's `LOAD_METHOD` of a method descriptor).
    let tag = crate::types::lookup::method_table_tag(&object);
    if tag != 0 {
        let cell = &code.native_methods[index];
        let cached = cell.take();
        let hit = match &cached {
            Some((cached_tag, method)) if *cached_tag == tag => Some(method.clone()),
            _ => None,
        };
        cell.set(cached);
        let method = hit.or_else(|| {
            let def = crate::types::lookup::method_def(&object, name)?;
            let method = crate::object::native::unbound_method(def);
            cell.set(Some((tag, method.clone())));
            Some(method)
        });
        if let Some(method) = method {
            frame.stack.push(method);
            frame.stack.push(object);
            return Ok(());
        }
    }
    let (key, cache) = (&code.name_objects[index], &code.attr_caches[index]);
    if let Some(function) =
        crate::types::attr::method_for_call_cached(&object, name, hash, key, cache)
    {
        frame.stack.push(function);
        frame.stack.push(object);
        return Ok(());
    }
    let hint = &code.instance_hints[index];
    let value = crate::types::attr::getattr_cached(&object, name, hash, key, cache, hint)?;
    drop(object);
    frame.stack.push(value);
    frame.stack.push(NO_RECEIVER.with(Clone::clone));
    Ok(())
}

/// `CallMethod(n)`: calls what `LoadMethod` pushed with the top `argc` values.
pub(super) fn call_method(frame: &mut Frame, argc: usize) -> Res<PyRef> {
    let base = frame.stack.len() - argc;
    let receiver_missing =
        NO_RECEIVER.with(|marker| rcgc::Gc::ptr_eq(marker, &frame.stack[base - 1]));
    if receiver_missing {
        // [callable, marker, args...]: drop the marker and call as `Call(n)`.
        frame.stack.remove(base - 1);
        return call_from_stack(frame, argc);
    }
    // [function, receiver, args...]: the receiver is the first argument.
    call_from_stack(frame, argc + 1)
}

/// Binds a call's arguments to a fresh frame's parameters, with CPython's error messages.
pub(super) fn bind_arguments(
    frame: &mut Frame,
    f: &Function,
    args: Vec<PyRef>,
    kwargs: Kwargs,
) -> Res<()> {
    let code = &f.code.code;
    let signature = &code.signature;
    let n_positional = signature.positional.len();
    let given = args.len();
    if kwargs.is_empty() && takes_positional(f, given) {
        bind_positional(frame, signature, args.into_iter(), 0);
        bind_defaults(frame, f, given);
        return Ok(());
    }
    // Only error messages need the name.
    let name = &*f.current_qualname();
    let mut args = args.into_iter();
    // Which positional parameters are bound; on the Rust stack for the usual few.
    let mut filled_few = [false; 16];
    let mut filled_many = Vec::new();
    let filled: &mut [bool] = if n_positional <= filled_few.len() {
        &mut filled_few[..n_positional]
    } else {
        filled_many.resize(n_positional, false);
        &mut filled_many
    };
    for (i, slot) in signature.positional.iter().enumerate() {
        match args.next() {
            Some(value) => {
                frame.bind_slot(*slot as usize, value);
                filled[i] = true;
            }
            None => break,
        }
    }
    let extra: Vec<PyRef> = args.collect();
    if let Some(slot) = signature.vararg {
        frame.bind_slot(slot as usize, rt::tuple(extra));
    } else if !extra.is_empty() {
        let n_defaults = f.defaults.borrow().len();
        let expected = if n_defaults == 0 {
            format!("{n_positional}")
        } else {
            format!("from {} to {n_positional}", n_positional - n_defaults)
        };
        let plural = if n_positional == 1 && n_defaults == 0 { "" } else { "s" };
        let kw_given =
            kwargs.iter().filter(|(k, _)| signature.kwonly.iter().any(|(n, _)| n == k)).count();
        let kw_note = if kw_given > 0 {
            format!(
                " positional argument{} (and {kw_given} keyword-only argument{}) were given",
                if given == 1 { "" } else { "s" },
                if kw_given == 1 { "" } else { "s" }
            )
        } else {
            format!(" {} given", if given == 1 { "was" } else { "were" })
        };
        return type_error(format!(
            "{name}() takes {expected} positional argument{plural} but {given}{kw_note}"
        ));
    }
    let kwargs_dict = signature.kwarg.map(|_| rt::new_dict());
    let posonly = signature.posonly as usize;
    for (key, value) in kwargs {
        let positional_index = signature.positional_names[posonly..]
            .iter()
            .position(|p| *p == key)
            .map(|i| i + posonly);
        if let Some(index) = positional_index {
            if filled[index] {
                return type_error(format!("{name}() got multiple values for argument '{key}'"));
            }
            frame.bind_slot(signature.positional[index] as usize, value);
            filled[index] = true;
        } else if let Some((_, slot)) = signature.kwonly.iter().find(|(n, _)| *n == key) {
            if frame.slot_is_bound(*slot as usize) {
                return type_error(format!("{name}() got multiple values for argument '{key}'"));
            }
            frame.bind_slot(*slot as usize, value);
        } else if let Some(dict) = &kwargs_dict {
            ops::dict_set(dict, rt::str(key), value)?;
        } else {
            return type_error(format!("{name}() got an unexpected keyword argument '{key}'"));
        }
    }
    // Defaults for the trailing positional parameters.
    let defaults = f.defaults.borrow().clone();
    let first_default = n_positional - defaults.len().min(n_positional);
    let mut missing = Vec::new();
    for (i, slot) in signature.positional.iter().enumerate() {
        if filled[i] {
            continue;
        }
        if i >= first_default {
            frame.bind_slot(*slot as usize, defaults[i - first_default].clone());
        } else {
            missing.push(signature.positional_names[i].clone());
        }
    }
    if !missing.is_empty() {
        return type_error(missing_message(name, &missing, "positional"));
    }
    let mut missing_kw = Vec::new();
    for (param, slot) in &signature.kwonly {
        if !frame.slot_is_bound(*slot as usize) {
            let default =
                f.kw_defaults.borrow().iter().find(|(k, _)| k == param).map(|d| d.1.clone());
            match default {
                Some(default) => frame.bind_slot(*slot as usize, default),
                None => missing_kw.push(param.clone()),
            }
        }
    }
    if !missing_kw.is_empty() {
        return type_error(missing_message(name, &missing_kw, "keyword-only"));
    }
    if let (Some(slot), Some(dict)) = (signature.kwarg, kwargs_dict) {
        frame.bind_slot(slot as usize, dict);
    }
    Ok(())
}

fn missing_message(function: &str, missing: &[Rc<str>], kind: &str) -> String {
    let quoted: Vec<String> = missing.iter().map(|m| format!("'{m}'")).collect();
    let list = match quoted.len() {
        1 => quoted[0].clone(),
        2 => format!("{} and {}", quoted[0], quoted[1]),
        _ => format!("{}, and {}", quoted[..quoted.len() - 1].join(", "), quoted[quoted.len() - 1]),
    };
    let plural = if missing.len() == 1 { "" } else { "s" };
    format!("{function}() missing {} required {kind} argument{plural}: {list}", missing.len())
}

/// A finished call's local variables by name (cells are given as cells), for its frame object.
pub(crate) fn frame_locals(frame: &Frame) -> Vec<(Rc<str>, PyRef)> {
    let mut locals = Vec::new();
    for (slot, name) in frame.code.code.slot_names.iter().enumerate() {
        if let Some(Some(value)) = frame.fast.get(slot) {
            if !name.is_empty() {
                locals.push((name.clone(), value.clone()));
            }
        }
    }
    locals
}

// ---- making functions, classes, comprehensions --------------------------------------------

/// The cells a nested code needs, taken from `frame`.
pub(super) fn closure_for(frame: &Frame, child: &CodeObject) -> Res<ThinVec<PyRef>> {
    let mut cells = ThinVec::with_capacity(child.code.closure_from.len());
    for source in &child.code.closure_from {
        let cell = match *source {
            CellSource::Cell(slot) => frame.fast.get(slot as usize).cloned().flatten(),
            CellSource::Free(index) => frame.closure.get(index as usize).cloned(),
        };
        match cell {
            Some(cell) => cells.push(cell),
            None => return rt::raise(ExcKind::SystemError, "no cell for a free variable"),
        }
    }
    Ok(cells)
}

/// `MakeFunction`: a function of `child`, its defaults popped from the stack.
pub(super) fn make_function(frame: &mut Frame, child: &Rc<CodeObject>) -> Res<PyRef> {
    let signature = &child.code.signature;
    let n_kw = signature.kwonly_defaults.len();
    let kw_at = frame.stack.len() - n_kw;
    let kw_values: Vec<PyRef> = frame.stack.drain(kw_at..).collect();
    let n_positional = signature.positional_defaults as usize;
    let defaults_at = frame.stack.len() - n_positional;
    let defaults: ThinVec<PyRef> = frame.stack.drain(defaults_at..).collect();
    let kw_defaults: ThinVec<(Rc<str>, PyRef)> =
        signature.kwonly_defaults.iter().cloned().zip(kw_values).collect();
    let closure = closure_for(frame, child)?;
    Ok(alloc(Kind::Function(Box::new(Function {
        code: child.clone(),
        globals: frame.globals.clone(),
        defaults: RefCell::new(defaults),
        kw_defaults: RefCell::new(kw_defaults),
        closure,
        extras: RefCell::new(None),
    }))))
}

/// `RunComprehension`: runs a list, set or dict comprehension over `iterator`.
pub(super) fn run_comprehension(
    frame: &Frame,
    child: &Rc<CodeObject>,
    iterator: PyRef,
) -> Res<PyRef> {
    let mut inner = Frame::new(child.clone(), frame.globals.clone(), closure_for(frame, child)?);
    inner.bind_slot(0, iterator);
    check_recursion()?;
    let result = run_frame(&mut inner);
    leave_recursion();
    match result? {
        Exit::Return(value) => Ok(value),
        Exit::Yield(_) => rt::raise(ExcKind::SystemError, "yield in a comprehension"),
    }
}

/// `MakeClass`: runs the class body `body` and makes the class (see `build_class`).
pub(super) fn make_class(frame: &Frame, body: &Rc<CodeObject>, bases: PyRef) -> Res<PyRef> {
    super::build_class::make_class(frame, body, bases, None)
}
