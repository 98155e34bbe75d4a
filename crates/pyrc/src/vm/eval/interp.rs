//! The interpreter loop (CPython's `ceval.c`): fetch an instruction, run it; an exception
//! goes to the innermost handler of the exception table that covers the instruction, or
//! leaves the frame with this frame's line added to its traceback.

use rcgc::Gc;

use crate::compile::ast;
use crate::compile::code::Instr;
use crate::object::code::CodeObject;
use crate::object::error::{Exc, ExcInfo, Res};
use crate::object::exceptions::ExcKind;
use crate::object::runtime::{self as rt, raise, type_error};
use crate::object::{alloc, Kind, PyRef};
use crate::types;
use crate::types::attr;
use crate::types::ops::{self, CompareOp, UnaryOp};

use super::call;
use super::fast_ops::*;
use super::support::*;
use super::{Exit, Frame};

/// Runs `frame` from its program counter until it returns or (a generator's) yields.
pub fn run_frame(frame: &mut Frame) -> Res<Exit> {
    loop {
        match execute(frame) {
            Ok(exit) => return Ok(exit),
            Err(exc) => catch(frame, exc)?,
        }
    }
}

/// Unwinds an exception raised by the instruction before `frame.pc`: to its handler (the
/// frame then continues there), or out of the frame.
pub(crate) fn catch(frame: &mut Frame, exc: Exc) -> Res<()> {
    let pc = frame.pc.saturating_sub(1);
    if !std::mem::take(&mut frame.reraised) {
        super::traceback::add_traceback(frame, pc, frame.code.code.line_at(pc), &exc.value);
        // Implicit chaining: raised while another exception was being handled.
        let handling = rt::with(|r| r.handling.borrow().last().cloned());
        if handling.is_some() {
            super::report::set_context_if_unset(&exc.value, handling);
        }
    }
    let Some(handler) = frame.code.code.handler_at(pc).copied() else { return Err(exc) };
    let depth = (handler.depth as usize).min(frame.stack.len());
    let dropped: Vec<PyRef> = frame.stack.drain(depth..).collect();
    frame.stack.push(exc.value.clone());
    frame.pc = handler.target;
    drop(exc);
    // Values left on the stack may run `__del__`: after the frame is consistent again.
    drop(dropped);
    Ok(())
}

#[inline]
fn pop(frame: &mut Frame) -> PyRef {
    frame.stack.pop().expect("the compiler keeps the value stack balanced")
}

#[inline]
fn top(frame: &Frame) -> &PyRef {
    frame.stack.last().expect("the compiler keeps the value stack balanced")
}

/// Pops the top `n` values, in stack order.
fn pop_n(frame: &mut Frame, n: usize) -> Vec<PyRef> {
    let at = frame.stack.len() - n;
    frame.stack.drain(at..).collect()
}

fn truth(value: &PyRef) -> Res<bool> {
    match &value.kind {
        Kind::Bool(b) => Ok(*b),
        Kind::None => Ok(false),
        _ => ops::truthy(value),
    }
}

fn unary(op: ast::UnaryOp) -> UnaryOp {
    match op {
        ast::UnaryOp::Not => UnaryOp::Not,
        ast::UnaryOp::Invert => UnaryOp::Invert,
        ast::UnaryOp::UAdd => UnaryOp::Pos,
        ast::UnaryOp::USub => UnaryOp::Neg,
    }
}

fn compare(op: ast::CmpOp, left: &PyRef, right: &PyRef) -> Res<PyRef> {
    let op = match op {
        ast::CmpOp::Is => return Ok(rt::boolean(Gc::ptr_eq(left, right))),
        ast::CmpOp::IsNot => return Ok(rt::boolean(!Gc::ptr_eq(left, right))),
        ast::CmpOp::In => return Ok(rt::boolean(ops::contains(right, left)?)),
        ast::CmpOp::NotIn => return Ok(rt::boolean(!ops::contains(right, left)?)),
        ast::CmpOp::Eq => CompareOp::Eq,
        ast::CmpOp::NotEq => CompareOp::Ne,
        ast::CmpOp::Lt => CompareOp::Lt,
        ast::CmpOp::LtE => CompareOp::Le,
        ast::CmpOp::Gt => CompareOp::Gt,
        ast::CmpOp::GtE => CompareOp::Ge,
    };
    ops::compare(left, right, op)
}

/// `object.name` for the name at `names[i]` of `code_object`, through the site's caches.
#[inline(always)]
fn load_attr(code_object: &CodeObject, object: &PyRef, i: usize) -> Res<PyRef> {
    let code = &*code_object.code;
    let (name, key) = (&code.names[i], &code_object.name_objects[i]);
    let (cache, hint) = (&code_object.attr_caches[i], &code_object.instance_hints[i]);
    match attr::instance_value_cached(object, name, key, cache, hint) {
        Some(value) => Ok(value),
        None => attr::getattr_cached(object, name, code_object.name_hashes[i], key, cache, hint),
    }
}

/// The traceback `__exit__` receives with the exception leaving a `with` block.
fn exit_traceback(exc: &PyRef) -> PyRef {
    crate::object::traceback::exception_traceback(exc).unwrap_or_else(rt::none)
}

/// `object.name = value` for the name at `names[i]` of `code_object`, through the site's
/// caches.
#[inline(always)]
fn store_attr(code_object: &CodeObject, object: &PyRef, i: usize, value: PyRef) -> Res<()> {
    let site = attr::StoreSite {
        hash: code_object.name_hashes[i],
        key: &code_object.name_objects[i],
        cache: &code_object.store_caches[i],
        slot_hint: &code_object.instance_hints[i],
    };
    attr::setattr_cached(object, &code_object.code.names[i], value, &site)
}

fn execute(frame: &mut Frame) -> Res<Exit> {
    // The eval breaker at frame entry (CPython's `RESUME`).
    crate::vm::signals::check()?;
    let code_object = frame.code.clone();
    let code = &*code_object.code;
    let consts = &code_object.consts;
    loop {
        let instr = code.instrs[frame.pc as usize];
        frame.pc += 1;
        match instr {
            Instr::Nop => {}
            Instr::LoadConst(i) => frame.stack.push(consts[i as usize].clone()),
            Instr::LoadFast(slot) => match &frame.fast[slot as usize] {
                // The pairs that start with a local most often run as one step (CPython
                // 3.11's superinstructions `LOAD_FAST__LOAD_FAST`, `LOAD_FAST__LOAD_CONST`,
                // and 3.13's `LOAD_FAST` + `LOAD_ATTR`): the local is borrowed where the next
                // instruction only uses it. The pc moves past the second instruction first,
                // so an error is that instruction's.
                Some(object) => match code.instrs.get(frame.pc as usize) {
                    Some(&Instr::LoadAttr(i)) => {
                        frame.pc += 1;
                        let value = load_attr(&code_object, object, i as usize)?;
                        frame.stack.push(value);
                    }
                    Some(&Instr::LoadMethod(i)) => {
                        frame.pc += 1;
                        let object = object.clone();
                        call::load_method(frame, object, &code_object, i as usize)?;
                    }
                    Some(&Instr::StoreAttr(i)) => {
                        frame.pc += 1;
                        let object = object.clone();
                        let value = pop(frame);
                        store_attr(&code_object, &object, i as usize, value)?;
                    }
                    Some(&Instr::LoadFast(next)) => match &frame.fast[next as usize] {
                        Some(second) => {
                            frame.pc += 1;
                            let (first, second) = (object.clone(), second.clone());
                            frame.stack.push(first);
                            frame.stack.push(second);
                        }
                        None => {
                            let value = object.clone();
                            frame.stack.push(value);
                        }
                    },
                    Some(&Instr::LoadConst(i)) => {
                        frame.pc += 1;
                        let value = object.clone();
                        frame.stack.push(value);
                        frame.stack.push(consts[i as usize].clone());
                    }
                    _ => {
                        let value = object.clone();
                        frame.stack.push(value);
                    }
                },
                None => return unbound_local(code, slot),
            },
            Instr::StoreFast(slot) => {
                let value = pop(frame);
                let old = frame.fast[slot as usize].replace(value);
                // `StoreFast` + `LoadFast` as one step (CPython 3.11's
                // `STORE_FAST__LOAD_FAST`), before the old value goes: its finalizer may
                // look at the frame, which is consistent at either point.
                if let Some(&Instr::LoadFast(next)) = code.instrs.get(frame.pc as usize) {
                    if let Some(value) = &frame.fast[next as usize] {
                        frame.pc += 1;
                        let value = value.clone();
                        frame.stack.push(value);
                    }
                }
                drop(old);
            }
            Instr::DeleteFast(slot) => match frame.fast[slot as usize].take() {
                Some(old) => drop(old),
                None => return unbound_local(code, slot),
            },
            Instr::LoadCell(slot) => match frame.fast[slot as usize].as_ref().and_then(cell_get) {
                Some(value) => frame.stack.push(value),
                None => return unbound_local(code, slot),
            },
            Instr::StoreCell(slot) => {
                let value = pop(frame);
                let cell = frame.fast[slot as usize].clone().expect("cells are made at entry");
                drop(cell_set(&cell, Some(value)));
            }
            Instr::DeleteCell(slot) => {
                let cell = frame.fast[slot as usize].clone().expect("cells are made at entry");
                match cell_set(&cell, None) {
                    Some(old) => drop(old),
                    None => return unbound_local(code, slot),
                }
            }
            Instr::LoadFree(index) => match frame.closure.get(index as usize).and_then(cell_get) {
                Some(value) => frame.stack.push(value),
                None => return unbound_free(code, index),
            },
            Instr::StoreFree(index) => {
                let value = pop(frame);
                drop(cell_set(&frame.closure[index as usize], Some(value)));
            }
            Instr::DeleteFree(index) => match cell_set(&frame.closure[index as usize], None) {
                Some(old) => drop(old),
                None => return unbound_free(code, index),
            },
            Instr::LoadGlobal(i) => {
                let value = load_global_cached(&frame.globals, &code_object, i as usize)?;
                frame.stack.push(value);
            }
            Instr::StoreGlobal(i) => {
                let value = pop(frame);
                store_global_cached(&frame.globals, &code_object, i as usize, value);
            }
            Instr::DeleteGlobal(i) => delete_from(&frame.globals, &code.names[i as usize])?,
            Instr::LoadName(i) => {
                let name = &code.names[i as usize];
                let local = match frame.namespace.as_ref() {
                    Some(ns) => super::build_class::namespace_get(ns, name)?,
                    None => None,
                };
                let value = match local {
                    Some(value) => value,
                    None => {
                        let hash = code_object.name_hashes[i as usize];
                        load_global(&frame.globals, name, hash)?
                    }
                };
                frame.stack.push(value);
            }
            Instr::StoreName(i) => {
                let value = pop(frame);
                let namespace = frame.namespace.as_ref().unwrap_or(&frame.globals);
                super::build_class::namespace_set(namespace, &code.names[i as usize], value)?;
            }
            Instr::DeleteName(i) => {
                let namespace = frame.namespace.clone().unwrap_or_else(|| frame.globals.clone());
                super::build_class::namespace_delete(&namespace, &code.names[i as usize])?;
            }
            Instr::LoadAttr(i) => {
                let object = pop(frame);
                let value = load_attr(&code_object, &object, i as usize)?;
                frame.stack.push(value);
            }
            Instr::StoreAttr(i) => {
                let object = pop(frame);
                let value = pop(frame);
                store_attr(&code_object, &object, i as usize, value)?;
            }
            Instr::DeleteAttr(i) => {
                let object = pop(frame);
                attr::delattr(&object, &code.names[i as usize])?;
            }
            Instr::LoadMethod(i) => {
                let object = pop(frame);
                call::load_method(frame, object, &code_object, i as usize)?;
            }
            Instr::CallMethod(n) => {
                crate::vm::frame_object::note_pc(frame.pc - 1);
                let result = call::call_method(frame, n as usize)?;
                frame.stack.push(result);
            }
            Instr::Pop => drop(pop(frame)),
            Instr::Dup => {
                let value = top(frame).clone();
                frame.stack.push(value);
            }
            Instr::DupTwo => {
                let n = frame.stack.len();
                let (a, b) = (frame.stack[n - 2].clone(), frame.stack[n - 1].clone());
                frame.stack.push(a);
                frame.stack.push(b);
            }
            Instr::Rot2 => {
                let n = frame.stack.len();
                frame.stack.swap(n - 1, n - 2);
            }
            Instr::Rot3 => {
                let value = pop(frame);
                let n = frame.stack.len();
                frame.stack.insert(n - 2, value);
            }
            Instr::Binary(op) | Instr::Inplace(op) => {
                let right = pop(frame);
                let left = pop(frame);
                // `x = x op y`, `x op= y`: the local's own reference is released first, so
                // the result can go into its object (see `release_store_target`).
                let target = release_store_target(code, frame.pc, &mut frame.fast, &left);
                let result = match fast_binary(op, left, right) {
                    Ok(result) => result,
                    Err((left, right)) => {
                        if let Some(slot) = target {
                            frame.fast[slot] = Some(left.clone());
                        }
                        match instr {
                            Instr::Inplace(_) => ops::inplace_op(op, &left, &right)?,
                            _ => ops::binary_op(op, &left, &right)?,
                        }
                    }
                };
                frame.stack.push(result);
            }
            Instr::Unary(op) => {
                let value = pop(frame);
                let result = match fast_unary(op, &value) {
                    Some(result) => result,
                    None => ops::unary_op(unary(op), &value)?,
                };
                frame.stack.push(result);
            }
            Instr::Compare(op) => {
                let right = pop(frame);
                let left = pop(frame);
                let result = match fast_compare(op, &left, &right) {
                    // A comparison that decides a branch jumps without making its bool.
                    Some(truth) => match code.instrs.get(frame.pc as usize) {
                        Some(Instr::PopJumpIfFalse(target)) => {
                            frame.pc = if truth { frame.pc + 1 } else { *target };
                            continue;
                        }
                        Some(Instr::PopJumpIfTrue(target)) => {
                            frame.pc = if truth { *target } else { frame.pc + 1 };
                            continue;
                        }
                        _ => rt::boolean(truth),
                    },
                    None => compare(op, &left, &right)?,
                };
                frame.stack.push(result);
            }
            Instr::GetItem => {
                let index = pop(frame);
                let object = pop(frame);
                let result = match item_fast(&object, &index) {
                    Some(item) => item,
                    None => match call::call_item_method(
                        &object,
                        call::ItemMethod::Get,
                        &[&index],
                        frame.pc - 1,
                    ) {
                        Some(result) => result?,
                        None => ops::getitem(&object, &index)?,
                    },
                };
                frame.stack.push(result);
            }
            Instr::StoreItem => {
                let index = pop(frame);
                let object = pop(frame);
                let value = pop(frame);
                if let Err(value) = store_item_fast(&object, &index, value) {
                    let args = [&index, &value];
                    match call::call_item_method(
                        &object,
                        call::ItemMethod::Set,
                        &args,
                        frame.pc - 1,
                    ) {
                        Some(result) => drop(result?),
                        None => ops::setitem(&object, &index, value)?,
                    }
                }
            }
            Instr::DeleteItem => {
                let index = pop(frame);
                let object = pop(frame);
                ops::delitem(&object, &index)?;
            }
            Instr::BuildTuple(n) => {
                let items = pop_n(frame, n as usize);
                frame.stack.push(rt::tuple(items));
            }
            Instr::BuildList(n) => {
                let at = frame.stack.len() - n as usize;
                let items: thin_vec::ThinVec<PyRef> = frame.stack.drain(at..).collect();
                frame.stack.push(rt::list(items));
            }
            Instr::BuildSet(n) => {
                let items = pop_n(frame, n as usize);
                let set = ops::set_from(items)?;
                frame.stack.push(set);
            }
            Instr::BuildMap(n) => {
                let items = pop_n(frame, 2 * n as usize);
                let dict = rt::new_dict();
                let mut items = items.into_iter();
                while let (Some(key), Some(value)) = (items.next(), items.next()) {
                    ops::dict_set(&dict, key, value)?;
                }
                frame.stack.push(dict);
            }
            Instr::BuildSlice => {
                let step = pop(frame);
                let stop = pop(frame);
                let start = pop(frame);
                let slice = crate::object::Slice { start, stop, step };
                frame.stack.push(alloc(Kind::Slice(Box::new(slice))));
            }
            Instr::BuildString(n) => {
                let parts = pop_n(frame, n as usize);
                let mut text = String::new();
                for part in &parts {
                    text.push_str(crate::object::str_text(part).unwrap_or(""));
                }
                frame.stack.push(rt::str(text));
            }
            Instr::ListAppend(k) => {
                let value = pop(frame);
                let list = &frame.stack[frame.stack.len() - k as usize];
                match &list.kind {
                    Kind::List(items) => items.borrow_mut().push(value),
                    _ => return type_error("internal error: ListAppend on a non-list"),
                }
            }
            Instr::SetAdd(k) => {
                let value = pop(frame);
                let set = frame.stack[frame.stack.len() - k as usize].clone();
                ops::dict_set(&set, value, rt::none())?;
            }
            Instr::MapAdd(k) => {
                let value = pop(frame);
                let key = pop(frame);
                let dict = frame.stack[frame.stack.len() - k as usize].clone();
                ops::dict_set(&dict, key, value)?;
            }
            Instr::ListExtend(k) => {
                let iterable = pop(frame);
                let items = ops::to_vec(&iterable)?;
                let list = &frame.stack[frame.stack.len() - k as usize];
                if let Kind::List(list) = &list.kind {
                    list.borrow_mut().extend(items);
                }
            }
            Instr::DictUpdate(k) => {
                let mapping = pop(frame);
                let dict = frame.stack[frame.stack.len() - k as usize].clone();
                for (key, value) in ops::mapping_items(&mapping)? {
                    ops::dict_set(&dict, key, value)?;
                }
            }
            Instr::DictMerge(k) => {
                let mapping = pop(frame);
                let dict = frame.stack[frame.stack.len() - k as usize].clone();
                dict_merge(&dict, &mapping)?;
            }
            Instr::ListToTuple => {
                let list = pop(frame);
                let items = match &list.kind {
                    Kind::List(items) => items.borrow().to_vec(),
                    _ => Vec::new(),
                };
                frame.stack.push(rt::tuple(items));
            }
            Instr::ListToSet => {
                let list = pop(frame);
                let items = ops::to_vec(&list)?;
                frame.stack.push(ops::set_from(items)?);
            }
            Instr::FormatValue { conversion, spec } => {
                let spec = if spec { Some(pop(frame)) } else { None };
                let value = pop(frame);
                let formatted = format_value(value, conversion, spec.as_ref())?;
                frame.stack.push(formatted);
            }
            Instr::UnpackSequence(n) => {
                let value = pop(frame);
                unpack_onto(value, n as usize, &mut frame.stack)?;
            }
            Instr::UnpackFast(index) => {
                let value = pop(frame);
                let slots = &code.unpack_slots[index as usize];
                unpack_to_slots(value, slots, &mut frame.fast)?;
            }
            Instr::Reverse(n) => {
                let len = frame.stack.len();
                frame.stack[len - n as usize..].reverse();
            }
            Instr::UnpackEx { before, after } => {
                let value = pop(frame);
                let items = unpack_starred(value, before as usize, after as usize)?;
                frame.stack.extend(items.into_iter().rev());
            }
            Instr::Jump(target) => {
                // The eval breaker on a loop's back edge (CPython's `JUMP_BACKWARD`).
                if target < frame.pc {
                    crate::vm::signals::check()?;
                }
                frame.pc = target;
            }
            Instr::PopJumpIfFalse(target) => {
                let value = pop(frame);
                if !truth(&value)? {
                    frame.pc = target;
                }
            }
            Instr::PopJumpIfTrue(target) => {
                let value = pop(frame);
                if truth(&value)? {
                    frame.pc = target;
                }
            }
            Instr::JumpIfFalseOrPop(target) => {
                if truth(top(frame))? {
                    drop(pop(frame));
                } else {
                    frame.pc = target;
                }
            }
            Instr::JumpIfTrueOrPop(target) => {
                if truth(top(frame))? {
                    frame.pc = target;
                } else {
                    drop(pop(frame));
                }
            }
            Instr::GetIter => {
                let value = pop(frame);
                let iterator = ops::iter(&value)?;
                frame.stack.push(iterator);
            }
            Instr::ForIter(target) => {
                if let Instr::StoreFast(slot) = code.instrs[frame.pc as usize] {
                    let n = frame.stack.len();
                    let (stack, fast) = (&frame.stack, &mut frame.fast);
                    match range_step_into(&stack[n - 1], &mut fast[slot as usize]) {
                        Some(true) => {
                            frame.pc += 1;
                            continue;
                        }
                        Some(false) => {
                            drop(pop(frame));
                            frame.pc = target;
                            continue;
                        }
                        None => {}
                    }
                }
                let next = ops::next(top(frame))?;
                match next {
                    Some(item) => frame.stack.push(item),
                    None => {
                        drop(pop(frame));
                        frame.pc = target;
                    }
                }
            }
            Instr::Return => return Ok(Exit::Return(pop(frame))),
            Instr::Yield => return Ok(Exit::Yield(pop(frame))),
            Instr::GetYieldFromIter => {
                let value = pop(frame);
                let iterable_coroutine = code_object.iterable_coroutine.get();
                let iterator =
                    crate::vm::coroutine::get_yield_from_iter(value, iterable_coroutine)?;
                frame.stack.push(iterator);
            }
            Instr::YieldFrom => {
                let sent = pop(frame);
                let input = crate::vm::generator::Resume::Send(sent);
                match crate::vm::generator::delegate(top(frame), input)? {
                    crate::vm::generator::Outcome::Yielded(value) => {
                        // Resumed, the frame runs this instruction again with what is sent.
                        frame.pc -= 1;
                        return Ok(Exit::Yield(value));
                    }
                    crate::vm::generator::Outcome::Returned(value) => {
                        drop(pop(frame));
                        frame.stack.push(value);
                    }
                }
            }
            Instr::Call(n) => {
                crate::vm::frame_object::note_pc(frame.pc - 1);
                let result = call::call_from_stack(frame, n as usize)?;
                frame.stack.push(result);
            }
            Instr::CallKw { args, names } => {
                crate::vm::frame_object::note_pc(frame.pc - 1);
                let names = &code.kwnames[names as usize];
                let values = pop_n(frame, args as usize);
                let callable = pop(frame);
                let split = values.len() - names.len();
                let mut positional = values;
                let keywords: Vec<(std::rc::Rc<str>, PyRef)> =
                    names.iter().cloned().zip(positional.split_off(split)).collect();
                let result = ops::call(&callable, positional, keywords)?;
                frame.stack.push(result);
            }
            Instr::CallEx { kwargs } => {
                crate::vm::frame_object::note_pc(frame.pc - 1);
                let keywords = if kwargs { keyword_list(&pop(frame))? } else { Vec::new() };
                let args = pop(frame);
                let callable = pop(frame);
                let positional = match &args.kind {
                    Kind::Tuple(items) => items.to_vec(),
                    _ => ops::to_vec(&args)?,
                };
                let result = ops::call(&callable, positional, keywords)?;
                frame.stack.push(result);
            }
            Instr::SuperZero => {
                let value = match dict_lookup(&frame.globals, "super") {
                    Some(user_super) => ops::call(&user_super, vec![], vec![])?,
                    None => zero_argument_super(frame)?,
                };
                frame.stack.push(value);
            }
            Instr::MakeFunction(i) => {
                let function = call::make_function(frame, &code_object.children[i as usize])?;
                frame.stack.push(function);
            }
            Instr::MakeClass(i) => {
                let bases = pop(frame);
                let class = call::make_class(frame, &code_object.children[i as usize], bases)?;
                frame.stack.push(class);
            }
            Instr::RunComprehension(i) => {
                let iterator = pop(frame);
                let result =
                    call::run_comprehension(frame, &code_object.children[i as usize], iterator)?;
                frame.stack.push(result);
            }
            Instr::MakeGenerator(i) => {
                let iterator = pop(frame);
                let child = &code_object.children[i as usize];
                let mut inner = super::Frame::new(
                    child.clone(),
                    frame.globals.clone(),
                    call::closure_for(frame, child)?,
                );
                inner.bind_slot(0, iterator);
                let generator = crate::vm::generator::create(inner)?;
                frame.stack.push(generator);
            }
            Instr::Raise(count) => {
                let cause = if count == 2 { Some(pop(frame)) } else { None };
                let exc = if count >= 1 { Some(pop(frame)) } else { None };
                // A bare `raise` re-raises with the traceback as it is (CPython adds no
                // entry for this frame again).
                frame.reraised = count == 0 && rt::with(|r| !r.handling.borrow().is_empty());
                return Err(raise_exception(exc, cause)?);
            }
            Instr::Reraise => {
                let value = pop(frame);
                frame.reraised = true;
                return Err(ExcInfo::new(value));
            }
            Instr::PushExcInfo => {
                let value = top(frame).clone();
                rt::with(|r| r.handling.borrow_mut().push(value));
            }
            Instr::PopExcept => {
                let finished = rt::with(|r| r.handling.borrow_mut().pop());
                drop(finished);
            }
            Instr::MatchSequence => {
                let result = super::pattern::match_sequence(top(frame))?;
                frame.stack.push(rt::boolean(result));
            }
            Instr::MatchMapping => {
                let result = super::pattern::match_mapping(top(frame))?;
                frame.stack.push(rt::boolean(result));
            }
            Instr::GetLen => {
                let len = ops::len(top(frame))?;
                frame.stack.push(rt::int(len as i64));
            }
            Instr::MatchKeys => {
                let n = frame.stack.len();
                let values = super::pattern::match_keys(&frame.stack[n - 2], &frame.stack[n - 1])?;
                frame.stack.push(values);
            }
            Instr::MatchClass(count) => {
                let names = pop(frame);
                let class = pop(frame);
                let subject = pop(frame);
                let attrs = super::pattern::match_class(&subject, &class, count as usize, &names)?;
                frame.stack.push(attrs);
            }
            Instr::MatchRest => {
                let keys = pop(frame);
                let subject = pop(frame);
                frame.stack.push(super::pattern::match_rest(&subject, &keys)?);
            }
            Instr::CheckEgMatch => {
                let spec = pop(frame);
                let rest = pop(frame);
                let (rest, matched) =
                    crate::types::exception_group::except_star_match(&rest, &spec)?;
                if !matches!(matched.kind, Kind::None) {
                    rt::with(|r| {
                        if let Some(handled) = r.handling.borrow_mut().last_mut() {
                            *handled = matched.clone();
                        }
                    });
                }
                frame.stack.push(rest);
                frame.stack.push(matched);
            }
            Instr::PrepReraiseStar => {
                let raised = pop(frame);
                let caught = pop(frame);
                let result = crate::types::exception_group::prep_reraise_star(&caught, &raised)?;
                frame.stack.push(result);
            }
            Instr::CheckExcMatch => {
                let spec = pop(frame);
                let matches = exception_matches(top(frame), &spec)?;
                frame.stack.push(rt::boolean(matches));
            }
            Instr::WithEnter => {
                let manager = pop(frame);
                let enter = special_method(&manager, "__enter__")?;
                let exit = special_method(&manager, "__exit__")?;
                frame.stack.push(exit);
                let entered = ops::call(&enter, vec![], vec![])?;
                frame.stack.push(entered);
            }
            Instr::WithExit => {
                let exit = pop(frame);
                let none = rt::none();
                ops::call(&exit, vec![none.clone(), none.clone(), none], vec![])?;
            }
            Instr::GetAwaitable(context) => {
                let value = pop(frame);
                frame.stack.push(crate::vm::coroutine::get_awaitable(value, context)?);
            }
            Instr::GetAIter => {
                let value = pop(frame);
                frame.stack.push(crate::vm::coroutine::get_aiter(value)?);
            }
            Instr::GetANext => {
                let awaitable = crate::vm::coroutine::get_anext(top(frame))?;
                frame.stack.push(awaitable);
            }
            Instr::EndAsyncFor => {
                let exc = pop(frame);
                if !crate::vm::coroutine::ends_async_for(&exc) {
                    frame.reraised = true;
                    return Err(ExcInfo::new(exc));
                }
                drop(pop(frame));
            }
            Instr::AsyncWithEnter => {
                let manager = pop(frame);
                let (exit, entered) = crate::vm::coroutine::async_with_enter(&manager)?;
                frame.stack.push(exit);
                frame.stack.push(entered);
            }
            Instr::AsyncWithExit => {
                let exit = pop(frame);
                let none = rt::none();
                frame.stack.push(ops::call(&exit, vec![none.clone(), none.clone(), none], vec![])?);
            }
            Instr::AsyncWithExcept => {
                let n = frame.stack.len();
                let exc = frame.stack[n - 1].clone();
                let exit = frame.stack[n - 2].clone();
                let kind = types::type_of(&exc);
                let traceback = exit_traceback(&exc);
                frame.stack.push(ops::call(&exit, vec![kind, exc, traceback], vec![])?);
            }
            Instr::WithExcept => {
                let n = frame.stack.len();
                let exc = frame.stack[n - 1].clone();
                let exit = frame.stack[n - 2].clone();
                let kind = types::type_of(&exc);
                let traceback = exit_traceback(&exc);
                let suppress = ops::call(&exit, vec![kind, exc, traceback], vec![])?;
                let suppress = truth(&suppress)?;
                frame.stack.push(rt::boolean(suppress));
            }
            Instr::RaiseAssertion { message } => {
                let args = if message { vec![pop(frame)] } else { vec![] };
                let exc = rt::exception_of(rt::exception_class(ExcKind::AssertionError), args);
                return Err(ExcInfo::new(exc));
            }
            Instr::ImportName(i) => {
                let module = crate::vm::import::import_module(&code.names[i as usize])?;
                frame.stack.push(module);
            }
            Instr::ImportModuleFrom { name, level } => {
                let name = &code.names[name as usize];
                let module = (!name.is_empty()).then_some(&**name);
                let resolved =
                    crate::vm::import::resolve_name(&frame.globals, module, u32::from(level))?;
                let module = crate::vm::import::import_module(&resolved)?;
                frame.stack.push(module);
            }
            Instr::ImportFrom(i) => {
                let module = top(frame).clone();
                let module_name = match &module.kind {
                    Kind::Module(m) => m.name.clone(),
                    _ => "".into(),
                };
                let value =
                    crate::vm::import::import_from(&module, &module_name, &code.names[i as usize])?;
                frame.stack.push(value);
            }
            Instr::ImportStar => {
                let module = pop(frame);
                import_star(frame, &module)?;
            }
            Instr::PrintExpr => {
                let value = pop(frame);
                if !matches!(value.kind, Kind::None) {
                    display(&value)?;
                }
            }
            Instr::Unsupported(i) => {
                let message = crate::object::str_text(&consts[i as usize]).unwrap_or("");
                return raise(ExcKind::SyntaxError, message);
            }
            Instr::PublishScope => super::dynamic::publish(frame),
            Instr::MakeClassKw(i) => {
                let keywords = pop(frame);
                let bases = pop(frame);
                let body = &code_object.children[i as usize];
                let class = super::build_class::make_class(frame, body, bases, Some(keywords))?;
                frame.stack.push(class);
            }
        }
    }
}
