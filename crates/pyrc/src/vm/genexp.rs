//! Generator expressions, evaluated lazily: each `next()` runs the clauses just far enough to
//! produce one item, as CPython's generator does.

use std::rc::Rc;

use rcgc::Visitor;

use crate::compile::ast::Expr;
use crate::compile::scope;
use crate::object::error::{ExcInfo, Res};
use crate::object::exceptions::ExcKind;
use crate::object::native::MethodDef;
use crate::object::runtime as rt;
use crate::object::{alloc, Iter, Kind, PyRef, VmIter};
use crate::types::ops;
use crate::vm::eval::{self, Frame};

/// The suspended state of a generator expression.
pub struct GenState {
    frame: Frame,
    /// The `GeneratorExp` node. Invariant: it belongs to the AST that `frame.owner` keeps
    /// alive, and ASTs are never mutated.
    node: *const Expr,
    /// The iterator of each active `for` clause (outermost first).
    iterators: Vec<PyRef>,
    finished: bool,
}

impl VmIter for GenState {
    fn trace(&self, visitor: &mut Visitor) {
        self.frame.trace(visitor);
        for iterator in &self.iterators {
            visitor.visit(iterator);
        }
    }

    fn is_suspended(&self) -> bool {
        false
    }

    fn qualname(&self) -> Option<Rc<str>> {
        None
    }

    fn resume(&self) -> fn(&PyRef) -> Res<Option<PyRef>> {
        resume
    }

    fn methods(&self) -> &'static [MethodDef] {
        &[]
    }
}

/// Creates the generator object of `(elt for ... in ... if ...)`: the first iterable is
/// evaluated now, in the enclosing scope; the rest when items are requested.
pub fn create(frame: &mut Frame, node: &Expr) -> Res<PyRef> {
    let Expr::GeneratorExp { generators, .. } = node else { unreachable!() };
    let scope = frame.scope.child(scope::key(node)).ok_or_else(|| {
        ExcInfo::new(rt::exception(ExcKind::SystemError, "generator scope missing"))
    })?;
    let first = eval::eval(frame, &generators[0].iter)?;
    let iterator = ops::iter(&first)?;
    let closure = closure_cells(frame, &scope)?;
    let mut inner = eval::child_frame(frame, scope, closure, "<genexpr>".into());
    eval::bind_slot(&mut inner, 0, iterator.clone());
    let state = GenState {
        frame: inner,
        node: node as *const Expr,
        iterators: vec![iterator],
        finished: false,
    };
    Ok(alloc(Kind::iterator(Iter::Generator(Box::new(state) as Box<dyn VmIter>))))
}

fn closure_cells(frame: &Frame, child: &scope::ScopeInfo) -> Res<Vec<PyRef>> {
    let mut cells = Vec::new();
    for name in &child.freevars {
        let cell = match frame.scope.binding(name) {
            scope::Binding::Cell(slot) => frame.fast[slot].clone(),
            scope::Binding::Free(index) => frame.closure.get(index).cloned(),
            _ => None,
        };
        match cell {
            Some(cell) => cells.push(cell),
            None => {
                return rt::raise(
                    ExcKind::SystemError,
                    format!("no cell for free variable '{name}'"),
                )
            }
        }
    }
    Ok(cells)
}

/// `next()` of a generator expression object.
pub fn resume(generator: &PyRef) -> Res<Option<PyRef>> {
    let Kind::Iterator(cell) = &generator.kind else { return Ok(None) };
    // Take the state out while it runs: a re-entrant `next()` then sees `Running`.
    let mut state = {
        let mut slot = cell.borrow_mut();
        match std::mem::replace(&mut *slot, Iter::Running) {
            Iter::Generator(state) => {
                let state: Box<dyn std::any::Any> = state;
                state.downcast::<GenState>().expect("Iter::Generator holds a GenState")
            }
            Iter::Running => {
                *slot = Iter::Running;
                return rt::value_error("generator already executing");
            }
            other => {
                *slot = other;
                return Ok(None);
            }
        }
    };
    crate::object::recursion::check_recursion()?;
    let result = advance(&mut state);
    crate::object::recursion::leave_recursion();
    let finished = state.finished || result.is_err();
    *cell.borrow_mut() = if finished { Iter::Exhausted } else { Iter::Generator(state) };
    result
}

fn advance(state: &mut GenState) -> Res<Option<PyRef>> {
    if state.finished {
        return Ok(None);
    }
    let node = state.node;
    // SAFETY: see `GenState::node`; the AST outlives this call because `state.frame.owner`
    // holds it and `state` is borrowed for the whole call.
    let Expr::GeneratorExp { elt, generators, .. } = (unsafe { &*node }) else { unreachable!() };
    loop {
        let level = state.iterators.len() - 1;
        let iterator = state.iterators[level].clone();
        let Some(item) = ops::next(&iterator)? else {
            state.iterators.pop();
            if state.iterators.is_empty() {
                state.finished = true;
                return Ok(None);
            }
            continue;
        };
        let generator = &generators[level];
        eval::assign(&mut state.frame, &generator.target, item)?;
        let mut keep = true;
        for condition in &generator.ifs {
            let value = eval::eval(&mut state.frame, condition)?;
            if !ops::truthy(&value)? {
                keep = false;
                break;
            }
        }
        if !keep {
            continue;
        }
        if level + 1 < generators.len() {
            let iterable = eval::eval(&mut state.frame, &generators[level + 1].iter)?;
            state.iterators.push(ops::iter(&iterable)?);
            continue;
        }
        return eval::eval(&mut state.frame, elt).map(Some);
    }
}
