//! Expressions and comprehensions.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use rcgc::Gc;

use crate::compile::ast::{self, Expr};
use crate::compile::scope::{self, Binding, ScopeInfo};
use crate::object::error::{ExcInfo, Res};
use crate::object::exceptions::ExcKind;
use crate::object::native::Kwargs;
use crate::object::recursion::{check_recursion, leave_recursion};
use crate::object::runtime::{self as rt, raise, type_error};
use crate::object::{alloc, Kind, PyRef};
use crate::types::attr;
use crate::types::ops::{self, CompareOp, UnaryOp};

use super::*;

// ---- expressions -------------------------------------------------------------------------

pub(super) fn constant(value: &ast::Constant) -> Res<PyRef> {
    Ok(match value {
        ast::Constant::None => rt::none(),
        ast::Constant::Bool(b) => rt::boolean(*b),
        ast::Constant::Ellipsis => rt::with(|r| r.ellipsis.clone()),
        ast::Constant::Int(i) => match i {
            ast::IntValue::Small(v) => rt::int(*v),
            ast::IntValue::Big(v) => rt::int(v.clone()),
        },
        ast::Constant::Float(f) => rt::float(*f),
        ast::Constant::Complex { real, imag } => crate::types::complex::new(*real, *imag),
        ast::Constant::Str(s) => rt::str(s.clone()),
        ast::Constant::Bytes(b) => alloc(Kind::Bytes(b.clone())),
    })
}

pub(super) fn compare_op(op: ast::CmpOp) -> Option<CompareOp> {
    Some(match op {
        ast::CmpOp::Eq => CompareOp::Eq,
        ast::CmpOp::NotEq => CompareOp::Ne,
        ast::CmpOp::Lt => CompareOp::Lt,
        ast::CmpOp::LtE => CompareOp::Le,
        ast::CmpOp::Gt => CompareOp::Gt,
        ast::CmpOp::GtE => CompareOp::Ge,
        _ => return None,
    })
}

pub(super) fn compare(op: ast::CmpOp, left: &PyRef, right: &PyRef) -> Res<PyRef> {
    match op {
        ast::CmpOp::Is => Ok(rt::boolean(Gc::ptr_eq(left, right))),
        ast::CmpOp::IsNot => Ok(rt::boolean(!Gc::ptr_eq(left, right))),
        ast::CmpOp::In => Ok(rt::boolean(ops::contains(right, left)?)),
        ast::CmpOp::NotIn => Ok(rt::boolean(!ops::contains(right, left)?)),
        other => ops::compare(left, right, compare_op(other).expect("rich comparison")),
    }
}

/// Evaluates an expression.
pub fn eval(frame: &mut Frame, expr: &Expr) -> Res<PyRef> {
    match expr {
        Expr::Name { id, .. } => load_name(frame, id),
        Expr::Constant { value, .. } => constant(value),
        Expr::FString { parts, .. } => Ok(rt::str(fstring(frame, parts)?)),
        Expr::Tuple { elts, .. } => Ok(rt::tuple(eval_elements(frame, elts)?)),
        Expr::List { elts, .. } => Ok(rt::list(eval_elements(frame, elts)?)),
        Expr::Set { elts, .. } => ops::set_from(eval_elements(frame, elts)?),
        Expr::Dict { items, .. } => {
            let dict = rt::new_dict();
            for item in items {
                let value = eval(frame, &item.value)?;
                match &item.key {
                    Some(key) => {
                        let key = eval(frame, key)?;
                        ops::dict_set(&dict, key, value)?;
                    }
                    None => {
                        for (k, v) in ops::mapping_items(&value)? {
                            ops::dict_set(&dict, k, v)?;
                        }
                    }
                }
            }
            Ok(dict)
        }
        Expr::Starred { .. } => raise(ExcKind::SyntaxError, "can't use starred expression here"),
        Expr::Attribute { value, attr: name, .. } => {
            let object = eval(frame, value)?;
            attr::getattr(&object, name)
        }
        Expr::Subscript { value, index, .. } => {
            let object = eval(frame, value)?;
            let index = eval(frame, index)?;
            ops::getitem(&object, &index)
        }
        Expr::Slice { lower, upper, step, .. } => {
            let mut part = |e: &Option<Box<Expr>>| -> Res<PyRef> {
                match e {
                    Some(e) => eval(frame, e),
                    None => Ok(rt::none()),
                }
            };
            let (start, stop, step) = (part(lower)?, part(upper)?, part(step)?);
            Ok(alloc(Kind::Slice(Box::new(crate::object::Slice { start, stop, step }))))
        }
        Expr::Call { func, args, keywords, .. } => eval_call(frame, func, args, keywords),
        Expr::BinOp { left, op, right, .. } => {
            let left = eval(frame, left)?;
            let right = eval(frame, right)?;
            ops::binary_op(*op, &left, &right)
        }
        Expr::UnaryOp { op, operand, .. } => {
            let value = eval(frame, operand)?;
            let op = match op {
                ast::UnaryOp::Not => UnaryOp::Not,
                ast::UnaryOp::Invert => UnaryOp::Invert,
                ast::UnaryOp::UAdd => UnaryOp::Pos,
                ast::UnaryOp::USub => UnaryOp::Neg,
            };
            ops::unary_op(op, &value)
        }
        Expr::BoolOp { op, values, .. } => {
            let mut result = rt::none();
            for value in values {
                result = eval(frame, value)?;
                let truth = ops::truthy(&result)?;
                match op {
                    ast::BoolOp::And if !truth => return Ok(result),
                    ast::BoolOp::Or if truth => return Ok(result),
                    _ => {}
                }
            }
            Ok(result)
        }
        Expr::Compare { left, ops: operators, comparators, .. } => {
            let mut left = eval(frame, left)?;
            let mut result = rt::boolean(true);
            for (op, right) in operators.iter().zip(comparators) {
                let right = eval(frame, right)?;
                result = compare(*op, &left, &right)?;
                if !ops::truthy(&result)? {
                    return Ok(result);
                }
                left = right;
            }
            Ok(result)
        }
        Expr::IfExp { test, body, orelse, .. } => {
            let condition = eval(frame, test)?;
            if ops::truthy(&condition)? {
                eval(frame, body)
            } else {
                eval(frame, orelse)
            }
        }
        Expr::Lambda { func, .. } => make_function(frame, func, CodeOwner::Function(func.clone())),
        Expr::ListComp { elt, generators, .. } => {
            let mut out = thin_vec::ThinVec::new();
            run_comprehension(frame, expr, generators, &mut |f| {
                out.push(eval(f, elt)?);
                Ok(())
            })?;
            Ok(rt::list(out))
        }
        Expr::SetComp { elt, generators, .. } => {
            let set = ops::set_from(vec![])?;
            run_comprehension(frame, expr, generators, &mut |f| {
                let item = eval(f, elt)?;
                ops::dict_set(&set, item, rt::none())
            })?;
            Ok(set)
        }
        Expr::DictComp { key, value, generators, .. } => {
            let dict = rt::new_dict();
            run_comprehension(frame, expr, generators, &mut |f| {
                let k = eval(f, key)?;
                let v = eval(f, value)?;
                ops::dict_set(&dict, k, v)
            })?;
            Ok(dict)
        }
        Expr::GeneratorExp { .. } => crate::vm::genexp::create(frame, expr),
        Expr::Yield { value, .. } => {
            let value = match value {
                Some(value) => eval(frame, value)?,
                None => rt::none(),
            };
            crate::vm::generator::yield_value(value)
        }
        Expr::YieldFrom { value, .. } => {
            let value = eval(frame, value)?;
            crate::vm::generator::yield_from(value)
        }
        Expr::NamedExpr { target, value, .. } => {
            let value = eval(frame, value)?;
            store_name(frame, target, value.clone())?;
            Ok(value)
        }
        Expr::Unsupported { what, .. } => {
            raise(ExcKind::SyntaxError, format!("{what} is not supported by pyrc"))
        }
    }
}

pub(super) fn eval_elements(frame: &mut Frame, elts: &[Expr]) -> Res<Vec<PyRef>> {
    let mut items = Vec::with_capacity(elts.len());
    for elt in elts {
        if let Expr::Starred { value, .. } = elt {
            let iterable = eval(frame, value)?;
            items.extend(ops::to_vec(&iterable)?);
        } else {
            items.push(eval(frame, elt)?);
        }
    }
    Ok(items)
}

pub(super) fn eval_call(
    frame: &mut Frame,
    func: &Expr,
    args: &[Expr],
    keywords: &[ast::Keyword],
) -> Res<PyRef> {
    // `super()` with no arguments: the defining class and the first argument.
    if let (Expr::Name { id, .. }, true, true) = (func, args.is_empty(), keywords.is_empty()) {
        if &**id == "super"
            && frame.scope.binding(id) == Binding::Global
            && dict_lookup(&frame.globals, "super").is_none()
        {
            return zero_argument_super(frame);
        }
    }
    let callable = eval(frame, func)?;
    let positional = eval_elements(frame, args)?;
    let mut kwargs: Kwargs = Vec::with_capacity(keywords.len());
    for keyword in keywords {
        let value = eval(frame, &keyword.value)?;
        match &keyword.arg {
            Some(name) => kwargs.push((name.clone(), value)),
            None => {
                for (k, v) in ops::mapping_items(&value)? {
                    let Some(k) = crate::object::str_text(&k) else {
                        return type_error("keywords must be strings");
                    };
                    if kwargs.iter().any(|(existing, _)| &**existing == k) {
                        return type_error(format!(
                            "got multiple values for keyword argument '{k}'"
                        ));
                    }
                    kwargs.push((k.into(), v));
                }
            }
        }
    }
    ops::call(&callable, positional, kwargs)
}

pub(super) fn zero_argument_super(frame: &Frame) -> Res<PyRef> {
    let Some(class) = frame.defining_class.clone() else {
        return raise(ExcKind::RuntimeError, "super(): __class__ cell not found");
    };
    let receiver = frame.fast.first().cloned().flatten().and_then(|first| match &first.kind {
        Kind::Cell(_) => cell_get(&first),
        _ => Some(first),
    });
    match receiver {
        Some(receiver) => Ok(alloc(Kind::Super { class, receiver })),
        None => raise(ExcKind::RuntimeError, "super(): no arguments"),
    }
}

pub(super) fn fstring(frame: &mut Frame, parts: &[ast::FStringPart]) -> Res<String> {
    let mut out = String::new();
    for part in parts {
        match part {
            ast::FStringPart::Literal(text) => out.push_str(text),
            ast::FStringPart::Formatted(field) => {
                let value = eval(frame, &field.value)?;
                let value = match field.conversion {
                    ast::Conversion::None => value,
                    ast::Conversion::Str => rt::str(ops::str_of(&value)?),
                    ast::Conversion::Repr => rt::str(ops::repr(&value)?),
                    ast::Conversion::Ascii => {
                        rt::str(crate::types::format::ascii(&ops::repr(&value)?))
                    }
                };
                let spec = match &field.format_spec {
                    Some(spec) => fstring(frame, spec)?,
                    None => String::new(),
                };
                out.push_str(&crate::types::format::format_value(&value, &spec)?);
            }
        }
    }
    Ok(out)
}

// ---- comprehensions ------------------------------------------------------------------------

/// The cells a nested scope needs, taken from this frame.
pub(super) fn closure_for(frame: &Frame, child: &ScopeInfo) -> Res<Vec<PyRef>> {
    let mut cells = Vec::with_capacity(child.freevars.len());
    for name in &child.freevars {
        let cell = match frame.scope.binding(name) {
            Binding::Cell(slot) => frame.fast[slot].clone(),
            Binding::Free(index) => frame.closure.get(index).cloned(),
            _ => None,
        };
        match cell {
            Some(cell) => cells.push(cell),
            None => {
                return raise(ExcKind::SystemError, format!("no cell for free variable '{name}'"))
            }
        }
    }
    Ok(cells)
}

/// A frame for a nested scope, with its cells created.
pub fn child_frame(
    frame: &Frame,
    scope: Rc<ScopeInfo>,
    closure: Vec<PyRef>,
    function: Rc<str>,
) -> Frame {
    let mut fast = vec![None; scope.slots];
    for (slot, _) in &scope.cell_slots {
        fast[*slot] = Some(alloc(Kind::Cell(RefCell::new(None))));
    }
    Frame {
        scope,
        fast,
        closure,
        globals: frame.globals.clone(),
        namespace: None,
        filename: frame.filename.clone(),
        function,
        line: Cell::new(frame.line.get()),
        owner: frame.owner.clone(),
        defining_class: None,
        interactive: false,
    }
}

/// Binds slot `slot` (a local or a cell) of a fresh frame.
pub fn bind_slot(frame: &mut Frame, slot: usize, value: PyRef) {
    match &frame.fast[slot] {
        Some(cell)
            if matches!(cell.kind, Kind::Cell(_))
                && frame.scope.cell_slots.iter().any(|(s, _)| *s == slot) =>
        {
            let old = cell_set(cell, Some(value));
            drop(old);
        }
        _ => frame.fast[slot] = Some(value),
    }
}

pub(super) fn run_comprehension(
    frame: &mut Frame,
    node: &Expr,
    generators: &[ast::Comprehension],
    emit: &mut dyn FnMut(&mut Frame) -> Res<()>,
) -> Res<()> {
    let scope = frame.scope.child(scope::key(node)).ok_or_else(|| {
        ExcInfo::new(rt::exception(ExcKind::SystemError, "comprehension scope missing"))
    })?;
    let first = eval(frame, &generators[0].iter)?;
    let iterator = ops::iter(&first)?;
    let closure = closure_for(frame, &scope)?;
    let mut inner = child_frame(frame, scope, closure, "<listcomp>".into());
    bind_slot(&mut inner, 0, iterator.clone());
    check_recursion()?;
    let result = comprehension_level(&mut inner, generators, 0, Some(iterator), emit);
    leave_recursion();
    result
}

pub(super) fn comprehension_level(
    frame: &mut Frame,
    generators: &[ast::Comprehension],
    level: usize,
    iterator: Option<PyRef>,
    emit: &mut dyn FnMut(&mut Frame) -> Res<()>,
) -> Res<()> {
    let Some(generator) = generators.get(level) else { return emit(frame) };
    let iterator = match iterator {
        Some(it) => it,
        None => {
            let iterable = eval(frame, &generator.iter)?;
            ops::iter(&iterable)?
        }
    };
    'items: while let Some(item) = ops::next(&iterator)? {
        assign(frame, &generator.target, item)?;
        for condition in &generator.ifs {
            let value = eval(frame, condition)?;
            if !ops::truthy(&value)? {
                continue 'items;
            }
        }
        comprehension_level(frame, generators, level + 1, None, emit)?;
    }
    Ok(())
}
