//! Calls of functions defined in Python (argument binding, frames), and class bodies.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use crate::compile::ast;
use crate::compile::scope;
use crate::object::error::{ExcInfo, Res};
use crate::object::exceptions::ExcKind;
use crate::object::native::Kwargs;
use crate::object::recursion::{check_recursion, leave_recursion};
use crate::object::runtime::{self as rt, type_error};
use crate::object::{alloc, Function, Kind, PyRef};
use crate::types;
use crate::types::ops::{self};

use super::*;

// ---- functions and classes ---------------------------------------------------------------

pub(super) fn make_function(
    frame: &mut Frame,
    def: &Rc<ast::FunctionDef>,
    _owner: CodeOwner,
) -> Res<PyRef> {
    let scope = frame.scope.child(scope::key(&**def)).ok_or_else(|| {
        ExcInfo::new(rt::exception(ExcKind::SystemError, "function scope missing"))
    })?;
    let mut defaults = Vec::new();
    for param in def.params.posonly.iter().chain(&def.params.args) {
        if let Some(default) = &param.default {
            defaults.push(eval(frame, default)?);
        }
    }
    let mut kw_defaults = Vec::new();
    for param in &def.params.kwonly {
        if let Some(default) = &param.default {
            kw_defaults.push((param.name.clone(), eval(frame, default)?));
        }
    }
    let closure = closure_for(frame, &scope)?;
    Ok(alloc(Kind::Function(Box::new(Function {
        def: def.clone(),
        scope,
        filename: frame.filename.clone(),
        globals: frame.globals.clone(),
        defaults: defaults.into(),
        kw_defaults: kw_defaults.into(),
        closure: closure.into(),
        extras: RefCell::new(None),
    }))))
}

pub(super) fn make_class(frame: &mut Frame, class: &Rc<ast::ClassDef>) -> Res<PyRef> {
    let mut bases = Vec::new();
    for base in &class.bases {
        let base = eval(frame, base)?;
        if !matches!(&base.kind, Kind::Class(_)) {
            return type_error("bases must be types");
        }
        // `object` as an explicit base adds nothing: every class ends with it.
        if !matches!(&base.kind, Kind::Class(d) if d.builtin == Some(types::BuiltinType::Object)) {
            bases.push(base);
        }
    }
    if bases.is_empty() {
        bases.push(rt::builtin_type(types::BuiltinType::Object));
    }
    types::check_bases(&bases).map_err(|m| ExcInfo::new(rt::exception(ExcKind::TypeError, m)))?;
    let scope = frame
        .scope
        .child(scope::key(&**class))
        .ok_or_else(|| ExcInfo::new(rt::exception(ExcKind::SystemError, "class scope missing")))?;
    let namespace = rt::new_dict();
    let module_name =
        dict_lookup(&frame.globals, "__name__").unwrap_or_else(|| rt::str("__main__"));
    set_in_dict(&namespace, &"__module__".into(), module_name);
    let qualname = scope.qualname.clone();
    set_in_dict(&namespace, &"__qualname__".into(), rt::str(qualname.clone()));
    let closure = closure_for(frame, &scope)?;
    let mut body_frame = child_frame(frame, scope, closure, qualname.clone());
    body_frame.namespace = Some(namespace.clone());
    body_frame.owner = CodeOwner::Class(class.clone());
    check_recursion()?;
    let result = exec_block(&mut body_frame, &class.body);
    leave_recursion();
    with_traceback(&body_frame, result)?;
    drop(body_frame);
    // `__qualname__` from the namespace (the body may have set it), as CPython's `type_new`:
    // a str, which becomes the class's and leaves the namespace.
    let qualname = match dict_lookup(&namespace, "__qualname__") {
        None => None,
        Some(value) => match types::str::text(&value).map(Rc::<str>::from) {
            Some(text) => {
                if let Kind::Dict(d) = &namespace.kind {
                    let removed = d.borrow_mut().remove_str("__qualname__");
                    drop(removed);
                }
                Some(text)
            }
            None => {
                return type_error(format!(
                    "type __qualname__ must be a str, not {}",
                    types::type_name(&value)
                ))
            }
        },
    };
    let object = types::new_python_class(&class.name, qualname, bases, namespace.clone())
        .map_err(|m| ExcInfo::new(rt::exception(ExcKind::TypeError, m)))?;
    // Methods that call `super()` learn their class (CPython's `__class__` cell).
    if let Kind::Dict(d) = &namespace.kind {
        for value in d.borrow().values() {
            let function = match &value.kind {
                Kind::StaticMethod(inner) | Kind::ClassMethod(inner) => inner.clone(),
                _ => value.clone(),
            };
            if let Kind::Function(f) = &function.kind {
                if f.scope.uses_super {
                    f.with_extras(|extras| extras.defining_class = Some(object.clone()));
                }
            }
        }
    }
    Ok(object)
}

/// Calls a function defined in Python.
pub fn call_function(function: &PyRef, args: Vec<PyRef>, kwargs: Kwargs) -> Res<PyRef> {
    let Kind::Function(f) = &function.kind else { return type_error("not a function") };
    let mut frame = Frame {
        scope: f.scope.clone(),
        fast: vec![None; f.scope.slots],
        closure: f.closure.to_vec(),
        globals: f.globals.clone(),
        namespace: None,
        filename: f.filename.clone(),
        function: f.name().clone(),
        line: Cell::new(f.def.location.line),
        owner: CodeOwner::Function(f.def.clone()),
        defining_class: f.defining_class(),
        interactive: false,
    };
    for (slot, _) in &f.scope.cell_slots {
        frame.fast[*slot] = Some(alloc(Kind::Cell(RefCell::new(None))));
    }
    bind_arguments(&mut frame, f, args, kwargs)?;
    if f.def.is_generator {
        return crate::vm::generator::create(f, frame);
    }
    check_recursion()?;
    crate::vm::frame_object::enter_call(
        &frame.function,
        &frame.filename,
        &frame.globals,
        frame.line.get(),
    );
    let result = exec_block(&mut frame, &f.def.body);
    crate::vm::frame_object::leave_call(|| frame_locals(&frame));
    leave_recursion();
    let flow = with_traceback(&frame, result)?;
    Ok(match flow {
        Flow::Return(value) => value,
        _ => rt::none(),
    })
}

/// A finished call's local variables by name (cells are given as cells), for its frame object.
pub(super) fn frame_locals(frame: &Frame) -> Vec<(Rc<str>, PyRef)> {
    let mut locals = Vec::new();
    for (name, slot) in frame.scope.local_slots() {
        if let Some(Some(value)) = frame.fast.get(slot) {
            locals.push((name, value.clone()));
        }
    }
    locals
}

pub(super) fn bind_arguments(
    frame: &mut Frame,
    f: &Function,
    args: Vec<PyRef>,
    kwargs: Kwargs,
) -> Res<()> {
    let params = &f.def.params;
    let name = f.name();
    let positional: Vec<&ast::Param> = params.posonly.iter().chain(&params.args).collect();
    let slot =
        |frame: &Frame, p: &ast::Name| frame.scope.slot_of(p).expect("parameters have slots");
    let n_positional = positional.len();
    let given = args.len();
    let mut args = args.into_iter();
    let mut filled = vec![false; n_positional];
    for (i, param) in positional.iter().enumerate() {
        if let Some(value) = args.next() {
            let s = slot(frame, &param.name);
            bind_slot(frame, s, value);
            filled[i] = true;
        }
    }
    let extra: Vec<PyRef> = args.collect();
    if let Some(vararg) = &params.vararg {
        let s = slot(frame, &vararg.name);
        bind_slot(frame, s, rt::tuple(extra));
    } else if !extra.is_empty() {
        let n_defaults = f.defaults.len();
        let expected = if n_defaults == 0 {
            format!("{n_positional}")
        } else {
            format!("from {} to {n_positional}", n_positional - n_defaults)
        };
        let plural = if n_positional == 1 && n_defaults == 0 { "" } else { "s" };
        let kw_given =
            kwargs.iter().filter(|(k, _)| params.kwonly.iter().any(|p| &p.name == k)).count();
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
    let kwargs_dict = params.kwarg.as_ref().map(|_| rt::new_dict());
    for (key, value) in kwargs {
        if let Some(i) = params.args.iter().position(|p| p.name == key) {
            let index = params.posonly.len() + i;
            if filled[index] {
                return type_error(format!("{name}() got multiple values for argument '{key}'"));
            }
            let s = slot(frame, &key);
            bind_slot(frame, s, value);
            filled[index] = true;
        } else if params.kwonly.iter().any(|p| p.name == key) {
            let s = slot(frame, &key);
            if frame.fast[s]
                .as_ref()
                .is_some_and(|v| !matches!(&v.kind, Kind::Cell(c) if c.borrow().is_none()))
            {
                return type_error(format!("{name}() got multiple values for argument '{key}'"));
            }
            bind_slot(frame, s, value);
        } else if let Some(dict) = &kwargs_dict {
            ops::dict_set(dict, rt::str(key), value)?;
        } else {
            return type_error(format!("{name}() got an unexpected keyword argument '{key}'"));
        }
    }
    // Defaults for the trailing positional parameters.
    let first_default = n_positional - f.defaults.len();
    let mut missing = Vec::new();
    for (i, param) in positional.iter().enumerate() {
        if filled[i] {
            continue;
        }
        if i >= first_default {
            let s = slot(frame, &param.name);
            bind_slot(frame, s, f.defaults[i - first_default].clone());
        } else {
            missing.push(param.name.clone());
        }
    }
    if !missing.is_empty() {
        return type_error(missing_message(name, &missing, "positional"));
    }
    let mut missing_kw = Vec::new();
    for param in &params.kwonly {
        let s = slot(frame, &param.name);
        let unset = match &frame.fast[s] {
            None => true,
            Some(v) => {
                matches!(&v.kind, Kind::Cell(c) if c.borrow().is_none())
                    && frame.scope.cell_slots.iter().any(|(cs, _)| *cs == s)
            }
        };
        if unset {
            match f.kw_defaults.iter().find(|(k, _)| *k == param.name) {
                Some((_, default)) => bind_slot(frame, s, default.clone()),
                None => missing_kw.push(param.name.clone()),
            }
        }
    }
    if !missing_kw.is_empty() {
        return type_error(missing_message(name, &missing_kw, "keyword-only"));
    }
    if let (Some(kwarg), Some(dict)) = (&params.kwarg, kwargs_dict) {
        let s = slot(frame, &kwarg.name);
        bind_slot(frame, s, dict);
    }
    Ok(())
}

pub(super) fn missing_message(function: &str, missing: &[ast::Name], kind: &str) -> String {
    let quoted: Vec<String> = missing.iter().map(|m| format!("'{m}'")).collect();
    let list = match quoted.len() {
        1 => quoted[0].clone(),
        2 => format!("{} and {}", quoted[0], quoted[1]),
        _ => format!("{}, and {}", quoted[..quoted.len() - 1].join(", "), quoted[quoted.len() - 1]),
    };
    let plural = if missing.len() == 1 { "" } else { "s" };
    format!("{function}() missing {} required {kind} argument{plural}: {list}", missing.len())
}
