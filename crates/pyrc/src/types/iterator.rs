//! Methods of the built-in iterators (generators add theirs: `object::VmIter::method`).

use crate::object::error::{ExcInfo, Res};
use crate::object::exceptions::ExcKind;
use crate::object::native::Args;
use crate::object::native::MethodDef;
use crate::object::runtime as rt;
use crate::object::{Iter, Kind, PyRef};
use crate::types::ops;

/// The methods of the built-in iterators.
pub const ITERATOR_METHODS: &[MethodDef] = &[
    MethodDef {
        name: "__next__",
        function: |a| match ops::next(&a.receiver())? {
            Some(item) => Ok(item),
            None => Err(ExcInfo::new(rt::exception_of(
                rt::exception_class(ExcKind::StopIteration),
                vec![],
            ))),
        },
    },
    MethodDef { name: "__iter__", function: |a| Ok(a.receiver()) },
];

/// The methods of dict and set iterators beyond the common ones (CPython's `dictiter_methods`).
pub const DICT_ITER_METHODS: &[MethodDef] = &[
    MethodDef { name: "__length_hint__", function: dict_iter_length_hint },
    MethodDef { name: "__reduce__", function: dict_iter_reduce },
];

/// Runs `f` on the state of a dict or set iterator.
fn with_dict_iter<T>(
    a: &Args,
    f: impl FnOnce(&mut crate::object::dict_iter::DictIter) -> T,
) -> Res<T> {
    let receiver = a.receiver();
    if let Kind::Iterator(cell) = &receiver.kind {
        if let Ok(mut state) = cell.try_borrow_mut() {
            if let Iter::Dict(state) = &mut *state {
                return Ok(f(state));
            }
        }
    }
    crate::object::runtime::type_error(format!("descriptor '{}' requires a dict iterator", a.name))
}

fn dict_iter_length_hint(a: Args) -> Res<PyRef> {
    let hint = with_dict_iter(&a, |state| state.length_hint())?;
    Ok(rt::int(hint as i64))
}

/// `(iter, (items left,))`, the items read from a copy of the state (CPython's
/// `dictiter_reduce`): the iterator itself does not move.
fn dict_iter_reduce(a: Args) -> Res<PyRef> {
    let mut copy = with_dict_iter(&a, |state| state.clone())?;
    let mut items = Vec::new();
    while let Some(item) = copy.step()? {
        items.push(item);
    }
    let builtins = rt::with(|r| r.builtins.clone());
    let iter = rt::dict_get_str(&builtins, "iter")
        .ok_or_else(|| ExcInfo::new(rt::exception(ExcKind::RuntimeError, "lost builtins.iter")))?;
    Ok(rt::tuple(vec![iter, rt::tuple(vec![rt::list(items)])]))
}
