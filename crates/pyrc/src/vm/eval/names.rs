//! Name resolution (locals, cells, globals, builtins) and assignment targets.

use crate::compile::ast::{self, Expr};
use crate::compile::scope::Binding;
use crate::object::error::Res;
use crate::object::exceptions::ExcKind;
use crate::object::runtime::{self as rt, raise, type_error};
use crate::object::{Kind, PyRef};
use crate::types;
use crate::types::attr;
use crate::types::ops::{self};

use super::*;

// ---- names -------------------------------------------------------------------------------

pub(super) fn cell_get(cell: &PyRef) -> Option<PyRef> {
    match &cell.kind {
        Kind::Cell(content) => content.borrow().clone(),
        _ => None,
    }
}

pub(super) fn cell_set(cell: &PyRef, value: Option<PyRef>) -> Option<PyRef> {
    match &cell.kind {
        Kind::Cell(content) => std::mem::replace(&mut *content.borrow_mut(), value),
        _ => None,
    }
}

pub(super) fn dict_lookup(dict: &PyRef, name: &str) -> Option<PyRef> {
    match &dict.kind {
        Kind::Dict(d) => d.borrow().get_str(name),
        _ => None,
    }
}

pub(super) fn global_or_builtin(frame: &Frame, name: &str) -> Res<PyRef> {
    if let Some(value) = dict_lookup(&frame.globals, name) {
        return Ok(value);
    }
    if let Some(value) = rt::with(|r| dict_lookup(&r.builtins, name)) {
        return Ok(value);
    }
    raise(ExcKind::NameError, format!("name '{name}' is not defined"))
}

pub fn load_name(frame: &Frame, name: &ast::Name) -> Res<PyRef> {
    match frame.scope.binding(name) {
        Binding::Local(slot) => match &frame.fast[slot] {
            Some(value) => Ok(value.clone()),
            None => raise(
                ExcKind::UnboundLocalError,
                format!("cannot access local variable '{name}' where it is not associated with a value"),
            ),
        },
        Binding::Cell(slot) => match frame.fast[slot].as_ref().and_then(cell_get) {
            Some(value) => Ok(value),
            None => raise(
                ExcKind::UnboundLocalError,
                format!("cannot access local variable '{name}' where it is not associated with a value"),
            ),
        },
        Binding::Free(index) => match frame.closure.get(index).and_then(cell_get) {
            Some(value) => Ok(value),
            None => raise(
                ExcKind::NameError,
                format!("cannot access free variable '{name}' where it is not associated with a value in enclosing scope"),
            ),
        },
        Binding::Global => global_or_builtin(frame, name),
        Binding::ClassNamespace => {
            if let Some(ns) = &frame.namespace {
                if let Some(value) = dict_lookup(ns, name) {
                    return Ok(value);
                }
            }
            global_or_builtin(frame, name)
        }
    }
}

pub(super) fn set_in_dict(dict: &PyRef, name: &ast::Name, value: PyRef) {
    if let Kind::Dict(d) = &dict.kind {
        crate::object::track_dict_for(dict, &value);
        let old = d.borrow_mut().set_name(name, value);
        drop(old);
    }
}

pub fn store_name(frame: &mut Frame, name: &ast::Name, value: PyRef) -> Res<()> {
    match frame.scope.binding(name) {
        Binding::Local(slot) => {
            let old = frame.fast[slot].replace(value);
            drop(old);
        }
        Binding::Cell(slot) => {
            let cell = frame.fast[slot].clone().expect("cells are created at frame entry");
            let old = cell_set(&cell, Some(value));
            drop(old);
        }
        Binding::Free(index) => {
            let old = cell_set(&frame.closure[index], Some(value));
            drop(old);
        }
        Binding::Global => set_in_dict(&frame.globals, name, value),
        Binding::ClassNamespace => {
            let ns = frame.namespace.clone().unwrap_or_else(|| frame.globals.clone());
            set_in_dict(&ns, name, value);
        }
    }
    Ok(())
}

pub(super) fn delete_name(frame: &mut Frame, name: &ast::Name) -> Res<()> {
    let unbound = || raise::<()>(ExcKind::NameError, format!("name '{name}' is not defined"));
    let old = match frame.scope.binding(name) {
        Binding::Local(slot) => frame.fast[slot].take(),
        Binding::Cell(slot) => frame.fast[slot].clone().and_then(|cell| cell_set(&cell, None)),
        Binding::Free(index) => cell_set(&frame.closure[index], None),
        Binding::Global => remove_from_dict(&frame.globals, name),
        Binding::ClassNamespace => {
            let ns = frame.namespace.clone().unwrap_or_else(|| frame.globals.clone());
            remove_from_dict(&ns, name)
        }
    };
    match old {
        // Dropped here, after every borrow: `__del__` may run now (the seed's `del t`).
        Some(value) => {
            drop(value);
            Ok(())
        }
        None => unbound(),
    }
}

pub(super) fn remove_from_dict(dict: &PyRef, name: &str) -> Option<PyRef> {
    match &dict.kind {
        Kind::Dict(d) => {
            let entry = d.borrow_mut().remove_str(name);
            entry.map(|e| e.value)
        }
        _ => None,
    }
}

// ---- assignment targets -------------------------------------------------------------------

pub fn assign(frame: &mut Frame, target: &Expr, value: PyRef) -> Res<()> {
    match target {
        Expr::Name { id, .. } => store_name(frame, id, value),
        Expr::Attribute { value: object, attr: name, .. } => {
            let object = eval(frame, object)?;
            attr::setattr(&object, name, value)
        }
        Expr::Subscript { value: object, index, .. } => {
            let object = eval(frame, object)?;
            let index = eval(frame, index)?;
            ops::setitem(&object, &index, value)
        }
        Expr::Tuple { elts, .. } | Expr::List { elts, .. } => unpack(frame, elts, value),
        Expr::Starred { .. } => {
            raise(ExcKind::SyntaxError, "starred assignment target must be in a list or tuple")
        }
        _ => raise(ExcKind::SyntaxError, "cannot assign to expression"),
    }
}

pub(super) fn unpack(frame: &mut Frame, targets: &[Expr], value: PyRef) -> Res<()> {
    let items = match ops::to_vec(&value) {
        Ok(items) => items,
        Err(e) if rt::is_exception(&e.value, ExcKind::TypeError) => {
            return type_error(format!(
                "cannot unpack non-iterable {} object",
                types::type_name(&value)
            ))
        }
        Err(e) => return Err(e),
    };
    drop(value);
    let star = targets.iter().position(|t| matches!(t, Expr::Starred { .. }));
    match star {
        None => {
            if items.len() != targets.len() {
                return if items.len() > targets.len() {
                    rt::value_error(format!(
                        "too many values to unpack (expected {})",
                        targets.len()
                    ))
                } else {
                    rt::value_error(format!(
                        "not enough values to unpack (expected {}, got {})",
                        targets.len(),
                        items.len()
                    ))
                };
            }
            for (target, item) in targets.iter().zip(items) {
                assign(frame, target, item)?;
            }
            Ok(())
        }
        Some(star) => {
            let after = targets.len() - star - 1;
            if items.len() < targets.len() - 1 {
                return rt::value_error(format!(
                    "not enough values to unpack (expected at least {}, got {})",
                    targets.len() - 1,
                    items.len()
                ));
            }
            let mut items = items;
            let tail = items.split_off(items.len() - after);
            let middle = items.split_off(star);
            for (target, item) in targets[..star].iter().zip(items) {
                assign(frame, target, item)?;
            }
            if let Expr::Starred { value: inner, .. } = &targets[star] {
                assign(frame, inner, rt::list(middle))?;
            }
            for (target, item) in targets[star + 1..].iter().zip(tail) {
                assign(frame, target, item)?;
            }
            Ok(())
        }
    }
}

pub(super) fn delete(frame: &mut Frame, target: &Expr) -> Res<()> {
    match target {
        Expr::Name { id, .. } => delete_name(frame, id),
        Expr::Attribute { value, attr: name, .. } => {
            let object = eval(frame, value)?;
            attr::delattr(&object, name)
        }
        Expr::Subscript { value, index, .. } => {
            let object = eval(frame, value)?;
            let index = eval(frame, index)?;
            ops::delitem(&object, &index)
        }
        Expr::Tuple { elts, .. } | Expr::List { elts, .. } => {
            for elt in elts {
                delete(frame, elt)?;
            }
            Ok(())
        }
        _ => raise(ExcKind::SyntaxError, "cannot delete expression"),
    }
}
