//! Statements: execution of each statement kind, exceptions, loops, `with`, imports.

use crate::compile::ast::{self, Expr, Stmt};
use crate::object::error::{Exc, ExcInfo, Res};
use crate::object::exceptions::ExcKind;
use crate::object::runtime::{self as rt, raise, type_error};
use crate::object::{Kind, PyRef};
use crate::types;
use crate::types::attr;
use crate::types::ops::{self};

use super::*;

// ---- statements --------------------------------------------------------------------------

pub fn exec_block(frame: &mut Frame, body: &[Stmt]) -> Res<Flow> {
    for stmt in body {
        match exec_stmt(frame, stmt)? {
            Flow::Normal => {}
            other => return Ok(other),
        }
    }
    Ok(Flow::Normal)
}

/// Shows an interactive expression statement's value through `sys.displayhook` (CPython's
/// `PRINT_EXPR`), looked up at the time, so that a program may replace it.
pub(super) fn display(value: &PyRef) -> Res<()> {
    let sys = crate::vm::import::import_builtin("sys")?.expect("sys is built in");
    match attr::lookup(&sys, "displayhook")? {
        Some(hook) => ops::call(&hook, vec![value.clone()], vec![]).map(drop),
        None => rt::raise(ExcKind::RuntimeError, "lost sys.displayhook"),
    }
}

pub(super) fn exec_stmt(frame: &mut Frame, stmt: &Stmt) -> Res<Flow> {
    frame.line.set(stmt.location().line);
    match stmt {
        Stmt::Expr { value, .. } => {
            let result = eval(frame, value)?;
            if frame.interactive && !matches!(result.kind, Kind::None) {
                display(&result)?;
            }
        }
        Stmt::Assign { targets, value, .. } => {
            let value = eval(frame, value)?;
            for target in targets {
                assign(frame, target, value.clone())?;
            }
        }
        Stmt::AugAssign { target, op, value, .. } => exec_augassign(frame, target, *op, value)?,
        Stmt::AnnAssign { target, value, .. } => {
            if let Some(value) = value {
                let value = eval(frame, value)?;
                assign(frame, target, value)?;
            }
        }
        Stmt::FunctionDef(def) => {
            let function = make_function(frame, def, CodeOwner::Function(def.clone()))?;
            let decorated = apply_decorators(frame, &def.decorators, function)?;
            store_name(frame, &def.name, decorated)?;
        }
        Stmt::ClassDef(class) => {
            let object = make_class(frame, class)?;
            let decorated = apply_decorators(frame, &class.decorators, object)?;
            store_name(frame, &class.name, decorated)?;
        }
        Stmt::Return { value, .. } => {
            let value = match value {
                Some(value) => eval(frame, value)?,
                None => rt::none(),
            };
            return Ok(Flow::Return(value));
        }
        Stmt::Delete { targets, .. } => {
            for target in targets {
                delete(frame, target)?;
            }
        }
        Stmt::If { test, body, orelse, .. } => {
            let condition = eval(frame, test)?;
            return if ops::truthy(&condition)? {
                exec_block(frame, body)
            } else {
                exec_block(frame, orelse)
            };
        }
        Stmt::While { test, body, orelse, .. } => loop {
            let condition = eval(frame, test)?;
            if !ops::truthy(&condition)? {
                return exec_block(frame, orelse);
            }
            match exec_block(frame, body)? {
                Flow::Break => return Ok(Flow::Normal),
                Flow::Return(value) => return Ok(Flow::Return(value)),
                Flow::Normal | Flow::Continue => {}
            }
        },
        Stmt::For { target, iter, body, orelse, .. } => {
            let iterable = eval(frame, iter)?;
            let iterator = ops::iter(&iterable)?;
            drop(iterable);
            loop {
                let Some(item) = ops::next(&iterator)? else {
                    return exec_block(frame, orelse);
                };
                assign(frame, target, item)?;
                match exec_block(frame, body)? {
                    Flow::Break => return Ok(Flow::Normal),
                    Flow::Return(value) => return Ok(Flow::Return(value)),
                    Flow::Normal | Flow::Continue => {}
                }
            }
        }
        Stmt::Break { .. } => return Ok(Flow::Break),
        Stmt::Continue { .. } => return Ok(Flow::Continue),
        Stmt::Pass { .. } | Stmt::Global { .. } | Stmt::Nonlocal { .. } => {}
        Stmt::Raise { exc, cause, .. } => {
            return Err(exec_raise(frame, exc.as_ref(), cause.as_ref())?)
        }
        Stmt::Try { body, handlers, orelse, finalbody, .. } => {
            return exec_try(frame, body, handlers, orelse, finalbody)
        }
        Stmt::With { items, body, .. } => return exec_with(frame, items, body),
        Stmt::Assert { test, msg, .. } => {
            let condition = eval(frame, test)?;
            if !ops::truthy(&condition)? {
                let args = match msg {
                    Some(msg) => vec![eval(frame, msg)?],
                    None => vec![],
                };
                let exc = rt::exception_of(rt::exception_class(ExcKind::AssertionError), args);
                return Err(ExcInfo::new(exc));
            }
        }
        Stmt::Import { names, .. } => {
            for alias in names {
                let module = crate::vm::import::import_module(&alias.name)?;
                match &alias.asname {
                    Some(asname) => store_name(frame, asname, module)?,
                    None => {
                        let top = alias.name.split('.').next().unwrap_or("");
                        let top_module = crate::vm::import::import_module(top)?;
                        store_name(frame, &top.into(), top_module)?;
                    }
                }
            }
        }
        Stmt::ImportFrom { module, names, level, .. } => {
            let name = crate::vm::import::resolve_name(&frame.globals, module.as_deref(), *level)?;
            let module = crate::vm::import::import_module(&name)?;
            for alias in names {
                if &*alias.name == "*" {
                    let Kind::Module(m) = &module.kind else { continue };
                    let items = match &m.dict.kind {
                        Kind::Dict(d) => d.borrow().items(),
                        _ => vec![],
                    };
                    let public = attr::lookup(&module, "__all__")?
                        .map(|all| ops::to_vec(&all))
                        .transpose()?;
                    for (key, value) in items {
                        if let Some(key) = crate::object::str_text(&key) {
                            let listed = match &public {
                                Some(all) => {
                                    all.iter().any(|n| crate::object::str_text(n) == Some(key))
                                }
                                None => !key.starts_with('_'),
                            };
                            if listed {
                                store_name(frame, &Rc::from(key), value)?;
                            }
                        }
                    }
                    continue;
                }
                let value = crate::vm::import::import_from(&module, &name, &alias.name)?;
                store_name(frame, alias.asname.as_ref().unwrap_or(&alias.name), value)?;
            }
        }
        Stmt::Unsupported { what, .. } => {
            return raise(ExcKind::SyntaxError, format!("{what} is not supported by pyrc"));
        }
    }
    Ok(Flow::Normal)
}

pub(super) fn apply_decorators(
    frame: &mut Frame,
    decorators: &[Expr],
    mut object: PyRef,
) -> Res<PyRef> {
    let mut evaluated = Vec::with_capacity(decorators.len());
    for decorator in decorators {
        evaluated.push(eval(frame, decorator)?);
    }
    for decorator in evaluated.iter().rev() {
        object = ops::call(decorator, vec![object], vec![])?;
    }
    Ok(object)
}

pub(super) fn exec_augassign(
    frame: &mut Frame,
    target: &Expr,
    op: ast::BinOp,
    value: &Expr,
) -> Res<()> {
    match target {
        Expr::Name { id, .. } => {
            let current = load_name(frame, id)?;
            let rhs = eval(frame, value)?;
            let result = ops::inplace_op(op, &current, &rhs)?;
            store_name(frame, id, result)
        }
        Expr::Attribute { value: object, attr: name, .. } => {
            let object = eval(frame, object)?;
            let current = attr::getattr(&object, name)?;
            let rhs = eval(frame, value)?;
            let result = ops::inplace_op(op, &current, &rhs)?;
            attr::setattr(&object, name, result)
        }
        Expr::Subscript { value: object, index, .. } => {
            let object = eval(frame, object)?;
            let index = eval(frame, index)?;
            let current = ops::getitem(&object, &index)?;
            let rhs = eval(frame, value)?;
            let result = ops::inplace_op(op, &current, &rhs)?;
            ops::setitem(&object, &index, result)
        }
        _ => raise(ExcKind::SyntaxError, "illegal expression for augmented assignment"),
    }
}

/// Builds the exception a `raise` statement raises.
pub(super) fn exec_raise(frame: &mut Frame, exc: Option<&Expr>, cause: Option<&Expr>) -> Res<Exc> {
    let Some(exc) = exc else {
        let current = rt::with(|r| r.handling.borrow().last().cloned());
        return match current {
            Some(value) => Ok(ExcInfo::new(value)),
            None => Ok(ExcInfo::new(rt::exception(
                ExcKind::RuntimeError,
                "No active exception to reraise",
            ))),
        };
    };
    let value = eval(frame, exc)?;
    let value = make_exception(value)?;
    if let Some(cause) = cause {
        let cause = eval(frame, cause)?;
        let cause = if matches!(cause.kind, Kind::None) { cause } else { make_exception(cause)? };
        attr::setattr(&value, "__cause__", cause)?;
        attr::setattr(&value, "__suppress_context__", rt::boolean(true))?;
    }
    set_context_if_unset(&value, rt::with(|r| r.handling.borrow().last().cloned()));
    Ok(ExcInfo::new(value))
}

/// An exception instance from `raise X` (class or instance).
pub fn make_exception(value: PyRef) -> Res<PyRef> {
    let base = rt::exception_class(ExcKind::BaseException);
    match &value.kind {
        Kind::Class(_) if types::is_subclass(&value, &base) => ops::call(&value, vec![], vec![]),
        Kind::Instance(_) | Kind::Extended(_)
            if value
                .instance()
                .is_some_and(|instance| types::is_subclass(&instance.class, &base)) =>
        {
            Ok(value)
        }
        _ => type_error("exceptions must derive from BaseException"),
    }
}

pub(super) fn exception_matches(exc: &PyRef, spec: &PyRef) -> Res<bool> {
    match &spec.kind {
        Kind::Tuple(items) => {
            for item in items {
                if exception_matches(exc, item)? {
                    return Ok(true);
                }
            }
            Ok(false)
        }
        Kind::Class(_) => Ok(types::is_subclass(&types::type_of(exc), spec)),
        _ => type_error("catching classes that do not inherit from BaseException is not allowed"),
    }
}

pub(super) fn exec_try(
    frame: &mut Frame,
    body: &[Stmt],
    handlers: &[ast::ExceptHandler],
    orelse: &[Stmt],
    finalbody: &[Stmt],
) -> Res<Flow> {
    let outcome = match exec_block(frame, body) {
        Ok(Flow::Normal) => exec_block(frame, orelse),
        Ok(flow) => Ok(flow),
        Err(exc) => {
            // Record where it passed through this frame, then look for a handler.
            let mut exc = exc;
            exc.traceback.push(frame.entry());
            let mut handled = None;
            for handler in handlers {
                let matches = match &handler.typ {
                    None => true,
                    Some(typ) => {
                        let spec = eval(frame, typ)?;
                        exception_matches(&exc.value, &spec)?
                    }
                };
                if matches {
                    handled = Some(handler);
                    break;
                }
            }
            match handled {
                None => {
                    exc.traceback.pop();
                    Err(exc)
                }
                Some(handler) => {
                    let value = exc.value.clone();
                    // Implicit chaining: caught while another exception is being handled.
                    set_context_if_unset(&value, rt::with(|r| r.handling.borrow().last().cloned()));
                    remember_traceback(&value, &exc.traceback);
                    if let Some(name) = &handler.name {
                        store_name(frame, name, value.clone())?;
                    }
                    rt::with(|r| r.handling.borrow_mut().push(value.clone()));
                    let result = exec_block(frame, &handler.body);
                    let finished = rt::with(|r| r.handling.borrow_mut().pop());
                    drop(finished);
                    // An exception leaving the handler was raised while handling this one.
                    if let Err(raised) = &result {
                        set_context_if_unset(&raised.value, Some(value));
                    }
                    if let Some(name) = &handler.name {
                        // `except E as e:` ends with `del e` (breaks the traceback cycle).
                        let _ = delete_name(frame, name);
                    }
                    result
                }
            }
        }
    };
    if finalbody.is_empty() {
        return outcome;
    }
    match exec_block(frame, finalbody)? {
        Flow::Normal => outcome,
        other => Ok(other), // `return`/`break` in `finally` wins, discarding the exception
    }
}

pub(super) fn exec_with(frame: &mut Frame, items: &[ast::WithItem], body: &[Stmt]) -> Res<Flow> {
    let Some((first, rest)) = items.split_first() else { return exec_block(frame, body) };
    let manager = eval(frame, &first.context_expr)?;
    let enter = special_method(&manager, "__enter__")?;
    let exit = special_method(&manager, "__exit__")?;
    let entered = ops::call(&enter, vec![], vec![])?;
    if let Some(target) = &first.optional_vars {
        assign(frame, target, entered)?;
    }
    let result = exec_with(frame, rest, body);
    match result {
        Ok(flow) => {
            let none = rt::none();
            ops::call(&exit, vec![none.clone(), none.clone(), none], vec![])?;
            Ok(flow)
        }
        Err(exc) => {
            let kind = types::type_of(&exc.value);
            let suppress = ops::call(&exit, vec![kind, exc.value.clone(), rt::none()], vec![])?;
            if ops::truthy(&suppress)? {
                Ok(Flow::Normal)
            } else {
                Err(exc)
            }
        }
    }
}

pub(super) fn special_method(object: &PyRef, name: &str) -> Res<PyRef> {
    match attr::lookup(object, name)? {
        Some(method) => Ok(method),
        None => type_error(format!(
            "'{}' object does not support the context manager protocol",
            types::type_name(object)
        )),
    }
}
