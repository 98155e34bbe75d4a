//! `len()`, items and slices, membership, iteration.

use crate::object::hash::name;
use num_bigint::BigInt;
use num_traits::{Signed, ToPrimitive, Zero};

use crate::object::dict_iter::{DictIter, DictIterKind};
use crate::object::error::{ExcInfo, Res};
use crate::object::exceptions::ExcKind;
use crate::object::runtime::{self as rt, raise, type_error};
use crate::object::{alloc, builtin_base, Iter, Kind, PyRef};
use crate::types::{self, BuiltinType};

use super::*;

pub(super) fn range_len(start: &BigInt, stop: &BigInt, step: &BigInt) -> BigInt {
    if step.is_positive() {
        if start < stop {
            (stop - start - 1) / step + 1
        } else {
            BigInt::zero()
        }
    } else if start > stop {
        (start - stop - 1) / (-step) + 1
    } else {
        BigInt::zero()
    }
}

/// Calls special method `name` of a class on its metaclass defined in Python, if it has one.
/// The arguments are built only then: every `len`, `in` and subscript passes here.
fn metaclass_special(
    object: &PyRef,
    name: crate::object::hash::NameHash,
    args: impl FnOnce() -> Vec<PyRef>,
) -> Res<Option<PyRef>> {
    match &object.kind {
        Kind::Class(class) if class.metaclass.is_some() => call_special_name(object, name, args()),
        _ => Ok(None),
    }
}

/// `len(x)`.
pub fn len(object: &PyRef) -> Res<usize> {
    crate::object::check_alive(object)?;
    if let Some(result) = metaclass_special(object, name!("__len__"), Vec::new)? {
        let n = to_index(&result)?;
        if n < 0 {
            return rt::value_error("__len__() should return >= 0");
        }
        return Ok(n as usize);
    }
    Ok(match &object.kind {
        Kind::Str(..) => crate::object::text::char_count(object),
        Kind::Bytes(b) => b.len(),
        Kind::ByteArray(b) => b.borrow().len(),
        Kind::List(items) => items.borrow().len(),
        Kind::Tuple(items) => items.len(),
        Kind::Dict(d) | Kind::Set(d) => d.borrow().len(),
        Kind::FrozenSet(d) => d.len(),
        Kind::Range(range) => {
            range_len(&range.start, &range.stop, &range.step).to_usize().unwrap_or(usize::MAX)
        }
        Kind::Instance(_) | Kind::Extended(_) | Kind::Native(_) => {
            match call_special_name(object, crate::object::hash::name!("__len__"), vec![])? {
                Some(result) => {
                    let n = to_index(&result)?;
                    if n < 0 {
                        return rt::value_error("__len__() should return >= 0");
                    }
                    n as usize
                }
                None if builtin_base(object).is_some() => {
                    return len(&builtin_base(object).expect("checked"))
                }
                None => {
                    return type_error(format!(
                        "object of type '{}' has no len()",
                        types::type_name(object)
                    ))
                }
            }
        }
        _ => {
            return type_error(format!(
                "object of type '{}' has no len()",
                types::type_name(object)
            ))
        }
    })
}

pub(super) fn normalize_index(index: i64, length: usize) -> Option<usize> {
    let length = length as i64;
    let index = if index < 0 { index + length } else { index };
    (0..length).contains(&index).then_some(index as usize)
}

/// Resolves a slice against a length: (start, stop, step) as Python's `slice.indices`.
pub fn slice_indices(slice: &PyRef, length: usize) -> Res<(i64, i64, i64)> {
    let Kind::Slice(bounds) = &slice.kind else { return type_error("not a slice") };
    let crate::object::Slice { start, stop, step } = &**bounds;
    let length = length as i64;
    let step = if matches!(step.kind, Kind::None) { 1 } else { to_index(step)? };
    if step == 0 {
        return rt::value_error("slice step cannot be zero");
    }
    let clamp = |value: &PyRef, default: i64| -> Res<i64> {
        if matches!(value.kind, Kind::None) {
            return Ok(default);
        }
        let mut v = to_index(value)?;
        if v < 0 {
            v += length;
            if v < 0 {
                v = if step < 0 { -1 } else { 0 };
            }
        } else if v >= length {
            v = if step < 0 { length - 1 } else { length };
        }
        Ok(v)
    };
    let (default_start, default_stop) = if step < 0 { (length - 1, -1) } else { (0, length) };
    Ok((clamp(start, default_start)?, clamp(stop, default_stop)?, step))
}

pub(super) fn slice_positions(slice: &PyRef, length: usize) -> Res<Vec<usize>> {
    let (start, stop, step) = slice_indices(slice, length)?;
    let mut positions = Vec::new();
    let mut i = start;
    while (step > 0 && i < stop) || (step < 0 && i > stop) {
        positions.push(i as usize);
        i += step;
    }
    Ok(positions)
}

/// `x[key]`.
pub fn getitem(object: &PyRef, key: &PyRef) -> Res<PyRef> {
    crate::object::check_alive(object)?;
    let index_error =
        |what: &str| raise::<PyRef>(ExcKind::IndexError, format!("{what} index out of range"));
    match &object.kind {
        Kind::List(items) => {
            if matches!(key.kind, Kind::Slice(_)) {
                let items = items.borrow();
                let picked = slice_positions(key, items.len())?
                    .into_iter()
                    .map(|i| items[i].clone())
                    .collect::<Vec<_>>();
                return Ok(rt::list(picked));
            }
            let items = items.borrow();
            match normalize_index(to_index_for(key, "list")?, items.len()) {
                Some(i) => Ok(items[i].clone()),
                None => index_error("list"),
            }
        }
        Kind::Tuple(items) => {
            if matches!(key.kind, Kind::Slice(_)) {
                let picked = slice_positions(key, items.len())?
                    .into_iter()
                    .map(|i| items[i].clone())
                    .collect();
                return Ok(rt::tuple(picked));
            }
            match normalize_index(to_index_for(key, "tuple")?, items.len()) {
                Some(i) => Ok(items[i].clone()),
                None => index_error("tuple"),
            }
        }
        Kind::Str(..) => super::text::str_item(object, key),
        Kind::Bytes(b) => {
            if matches!(key.kind, Kind::Slice(_)) {
                let picked: Vec<u8> =
                    slice_positions(key, b.len())?.into_iter().map(|i| b[i]).collect();
                return Ok(alloc(Kind::Bytes(picked.into())));
            }
            match normalize_index(to_index(key)?, b.len()) {
                Some(i) => Ok(rt::int(b[i] as i64)),
                None => raise(ExcKind::IndexError, "index out of range"),
            }
        }
        Kind::Range(range) => {
            let (start, step) = (&range.start, &range.step);
            let length = len(object)?;
            if matches!(key.kind, Kind::Slice(_)) {
                // A slice of a range is a range (CPython's `compute_slice`): the slice's
                // resolved bounds mapped through this range's start and step.
                let (lo, hi, by) = slice_indices(key, length)?;
                let at = |i: i64| start + step * BigInt::from(i);
                return Ok(alloc(Kind::range(at(lo), at(hi), step * BigInt::from(by))));
            }
            match normalize_index(to_index(key)?, length) {
                Some(i) => Ok(rt::int(start + step * BigInt::from(i))),
                None => raise(ExcKind::IndexError, "range object index out of range"),
            }
        }
        Kind::Dict(_) => match dict_get(object, key)? {
            Some(value) => Ok(value),
            None => Err(ExcInfo::new(rt::exception_of(
                rt::exception_class(ExcKind::KeyError),
                vec![key.clone()],
            ))),
        },
        Kind::ByteArray(b) => {
            if matches!(key.kind, Kind::Slice(_)) {
                let b = b.borrow();
                let picked: Vec<u8> =
                    slice_positions(key, b.len())?.into_iter().map(|i| b[i]).collect();
                return Ok(alloc(Kind::byte_array(picked)));
            }
            let b = b.borrow();
            match normalize_index(to_index(key)?, b.len()) {
                Some(i) => Ok(rt::int(b[i] as i64)),
                None => raise(ExcKind::IndexError, "bytearray index out of range"),
            }
        }
        Kind::Native(_) if crate::object::native_type::item_slots(object).is_some() => {
            let slots = crate::object::native_type::item_slots(object).expect("checked");
            (slots.get)(object, key)
        }
        Kind::Instance(_) | Kind::Extended(_) | Kind::Native(_) => {
            match call_special_name(
                object,
                crate::object::hash::name!("__getitem__"),
                vec![key.clone()],
            )? {
                Some(result) => Ok(result),
                None if builtin_base(object).is_some() => {
                    let base = builtin_base(object).expect("checked");
                    // `dict.__getitem__` asks a subclass's `__missing__` for an absent key.
                    if let Kind::Dict(_) = &base.kind {
                        if let Some(value) = dict_get(&base, key)? {
                            return Ok(value);
                        }
                        if let Some(result) = call_special_name(
                            object,
                            crate::object::hash::name!("__missing__"),
                            vec![key.clone()],
                        )? {
                            return Ok(result);
                        }
                    }
                    getitem(&base, key)
                }
                None => type_error(format!(
                    "'{}' object is not subscriptable",
                    types::type_name(object)
                )),
            }
        }
        Kind::Class(class) => {
            if let Some(result) =
                metaclass_special(object, name!("__getitem__"), || vec![key.clone()])?
            {
                return Ok(result);
            }
            if let Some(hook) =
                crate::object::class::class_lookup_name(object, name!("__class_getitem__"))
            {
                let function = match &hook.kind {
                    Kind::ClassMethod(inner) => inner.clone(),
                    _ => hook,
                };
                return super::call(&function, vec![object.clone(), key.clone()], vec![]);
            }
            if class.builtin.is_none() {
                let name = crate::types::class_name(object);
                return type_error(format!("type '{name}' is not subscriptable"));
            }
            // `list[int]` and the other built-in generics CPython gives `__class_getitem__`:
            // a `types.GenericAlias` (`os.py` takes its class as `type(list[int])`).
            if matches!(
                class.builtin,
                Some(
                    types::BuiltinType::List
                        | types::BuiltinType::Dict
                        | types::BuiltinType::Tuple
                        | types::BuiltinType::Set
                        | types::BuiltinType::FrozenSet
                        | types::BuiltinType::Type
                )
            ) {
                let types_module = (crate::object::hooks::vm().import_module)("types")?;
                let alias = crate::types::attr::getattr(&types_module, "GenericAlias")?;
                return super::call(&alias, vec![object.clone(), key.clone()], vec![]);
            }
            Ok(object.clone()) // the other built-in types' subscriptions: ignored
        }
        _ => type_error(format!("'{}' object is not subscriptable", types::type_name(object))),
    }
}

pub(super) fn to_index_for(key: &PyRef, what: &str) -> Res<i64> {
    match &key.kind {
        Kind::Int(_) | Kind::Bool(_) | Kind::Instance(_) | Kind::Extended(_) | Kind::Native(_) => {
            to_index(key)
        }
        _ => type_error(format!(
            "{what} indices must be integers or slices, not {}",
            types::type_name(key)
        )),
    }
}

/// `x[key] = value`.
pub fn setitem(object: &PyRef, key: &PyRef, value: PyRef) -> Res<()> {
    crate::object::check_alive(object)?;
    match &object.kind {
        Kind::List(items) => {
            if matches!(key.kind, Kind::Slice(_)) {
                let new_items = to_vec(&value)?;
                let length = items.borrow().len();
                let (start, stop, step) = slice_indices(key, length)?;
                if step == 1 {
                    let stop = stop.max(start);
                    let removed: Vec<PyRef> = items
                        .borrow_mut()
                        .splice(start as usize..stop as usize, new_items)
                        .collect();
                    drop(removed);
                    return Ok(());
                }
                let positions = slice_positions(key, length)?;
                if positions.len() != new_items.len() {
                    return rt::value_error(format!(
                        "attempt to assign sequence of size {} to extended slice of size {}",
                        new_items.len(),
                        positions.len()
                    ));
                }
                let mut old = Vec::new();
                {
                    let mut items = items.borrow_mut();
                    for (position, item) in positions.into_iter().zip(new_items) {
                        old.push(std::mem::replace(&mut items[position], item));
                    }
                }
                drop(old);
                return Ok(());
            }
            let index = to_index_for(key, "list")?;
            let old = {
                let mut items = items.borrow_mut();
                match normalize_index(index, items.len()) {
                    Some(i) => std::mem::replace(&mut items[i], value),
                    None => {
                        return raise(ExcKind::IndexError, "list assignment index out of range")
                    }
                }
            };
            drop(old);
            Ok(())
        }
        Kind::Dict(_) => dict_set(object, key.clone(), value),
        Kind::ByteArray(b) => {
            if matches!(key.kind, Kind::Slice(_)) {
                // `ba[i:j] = data`: bytes-like or an iterable of ints.
                let data = match crate::types::ops::bytes_like(&value) {
                    Some(data) => data,
                    None => crate::types::construct::bytes_of_iterable(&value)?,
                };
                let length = b.borrow().len();
                let (start, stop, step) = slice_indices(key, length)?;
                if step == 1 {
                    let stop = stop.max(start);
                    b.borrow_mut().splice(start as usize..stop as usize, data);
                    return Ok(());
                }
                let positions = slice_positions(key, length)?;
                if positions.len() != data.len() {
                    return rt::value_error(format!(
                        "attempt to assign bytes of size {} to extended slice of size {}",
                        data.len(),
                        positions.len()
                    ));
                }
                let mut b = b.borrow_mut();
                for (position, byte) in positions.into_iter().zip(data) {
                    b[position] = byte;
                }
                return Ok(());
            }
            let index = to_index(key)?;
            let byte = match to_index(&value)? {
                v @ 0..=255 => v as u8,
                _ => return rt::value_error("byte must be in range(0, 256)"),
            };
            let mut b = b.borrow_mut();
            match normalize_index(index, b.len()) {
                Some(i) => {
                    b[i] = byte;
                    Ok(())
                }
                None => raise(ExcKind::IndexError, "bytearray index out of range"),
            }
        }
        Kind::Instance(_) | Kind::Extended(_) | Kind::Native(_)
            if lookup_special_name(object, crate::object::hash::name!("__setitem__")).is_none() =>
        {
            match builtin_base(object) {
                Some(base) => setitem(&base, key, value),
                None => type_error(format!(
                    "'{}' object does not support item assignment",
                    types::type_name(object)
                )),
            }
        }
        Kind::Native(_) if crate::object::native_type::item_slots(object).is_some() => {
            let slots = crate::object::native_type::item_slots(object).expect("checked");
            (slots.set)(object, key, value)
        }
        Kind::Instance(_) | Kind::Extended(_) | Kind::Native(_) => {
            match call_special_name(
                object,
                crate::object::hash::name!("__setitem__"),
                vec![key.clone(), value],
            )? {
                Some(_) => Ok(()),
                None => type_error(format!(
                    "'{}' object does not support item assignment",
                    types::type_name(object)
                )),
            }
        }
        _ => type_error(format!(
            "'{}' object does not support item assignment",
            types::type_name(object)
        )),
    }
}

/// `del x[key]`.
pub fn delitem(object: &PyRef, key: &PyRef) -> Res<()> {
    crate::object::check_alive(object)?;
    match &object.kind {
        Kind::ByteArray(bytes) => {
            if matches!(key.kind, Kind::Slice(_)) {
                let length = bytes.borrow().len();
                let positions = slice_positions(key, length)?;
                // One pass however many go (asyncio's write buffer drops its sent prefix).
                let mut removed = vec![false; length];
                for position in positions {
                    removed[position] = true;
                }
                let mut index = 0;
                bytes.borrow_mut().retain(|_| {
                    index += 1;
                    !removed[index - 1]
                });
                return Ok(());
            }
            let index = to_index_for(key, "bytearray")?;
            let mut bytes = bytes.borrow_mut();
            match normalize_index(index, bytes.len()) {
                Some(i) => {
                    bytes.remove(i);
                    Ok(())
                }
                None => raise(ExcKind::IndexError, "bytearray index out of range"),
            }
        }
        Kind::List(items) => {
            if matches!(key.kind, Kind::Slice(_)) {
                let length = items.borrow().len();
                let (start, stop, step) = slice_indices(key, length)?;
                // One pass whatever the slice (removing item by item made `del a[:k]` cost
                // k moves of the whole tail). The removed items die after the list is
                // consistent and released (their finalizers may use it), in CPython's order:
                // last first for a simple slice (`list_ass_slice`), first first for an
                // extended one (`list_ass_subscript`).
                let removed: Vec<PyRef> = if step == 1 {
                    let start = (start.max(0) as usize).min(length);
                    let stop = (stop.max(0) as usize).clamp(start, length);
                    let mut removed: Vec<PyRef> = items.borrow_mut().drain(start..stop).collect();
                    removed.reverse();
                    removed
                } else {
                    let mut doomed = vec![false; length];
                    for position in slice_positions(key, length)? {
                        doomed[position] = true;
                    }
                    let mut items = items.borrow_mut();
                    let mut removed = Vec::new();
                    for (index, item) in std::mem::take(&mut *items).into_iter().enumerate() {
                        if doomed.get(index).copied().unwrap_or(false) {
                            removed.push(item);
                        } else {
                            items.push(item);
                        }
                    }
                    removed
                };
                drop(removed);
                return Ok(());
            }
            let index = to_index_for(key, "list")?;
            let removed = {
                let mut items = items.borrow_mut();
                match normalize_index(index, items.len()) {
                    Some(i) => items.remove(i),
                    None => {
                        return raise(ExcKind::IndexError, "list assignment index out of range")
                    }
                }
            };
            drop(removed);
            Ok(())
        }
        Kind::Dict(_) => match dict_remove(object, key)? {
            Some(_) => Ok(()),
            None => Err(ExcInfo::new(rt::exception_of(
                rt::exception_class(ExcKind::KeyError),
                vec![key.clone()],
            ))),
        },
        Kind::Instance(_) | Kind::Extended(_) | Kind::Native(_) => {
            match call_special_name(
                object,
                crate::object::hash::name!("__delitem__"),
                vec![key.clone()],
            )? {
                Some(_) => Ok(()),
                None if builtin_base(object).is_some() => {
                    delitem(&builtin_base(object).expect("checked"), key)
                }
                None => type_error(format!(
                    "'{}' object does not support item deletion",
                    types::type_name(object)
                )),
            }
        }
        _ => type_error(format!(
            "'{}' object does not support item deletion",
            types::type_name(object)
        )),
    }
}

/// `item in container`.
pub fn contains(container: &PyRef, item: &PyRef) -> Res<bool> {
    crate::object::check_alive(container)?;
    if let Some(result) =
        metaclass_special(container, name!("__contains__"), || vec![item.clone()])?
    {
        return super::truthy(&result);
    }
    match &container.kind {
        Kind::Str(..) => match crate::object::str_text(item) {
            Some(needle) => Ok(crate::object::text_of(container).contains(needle)),
            None => type_error(format!(
                "'in <string>' requires string as left operand, not {}",
                types::type_name(item)
            )),
        },
        Kind::Dict(_) | Kind::Set(_) | Kind::FrozenSet(_) => {
            let hash = hash(item)?;
            Ok(dict_find(container, item, hash)?.is_some())
        }
        Kind::Bytes(_) | Kind::ByteArray(_) => {
            let haystack = bytes_like(container).expect("bytes");
            match bytes_like(item) {
                Some(needle) => Ok(needle.is_empty()
                    || haystack.windows(needle.len()).any(|w| w == needle.as_slice())),
                None => {
                    // An int too large for an index is just out of range (CPython clamps
                    // it: `PyNumber_AsSsize_t(item, NULL)`).
                    let byte = match to_bigint(item) {
                        Some(value) => value.to_i64().unwrap_or(-1),
                        // An object of a class may define `__index__`; a built-in value
                        // that is no int is looked for as a buffer (CPython's message).
                        None if matches!(
                            item.kind,
                            Kind::Instance(_) | Kind::Extended(_) | Kind::Native(_)
                        ) =>
                        {
                            to_index(item)?
                        }
                        None => return Err(not_bytes_like(item)),
                    };
                    if !(0..=255).contains(&byte) {
                        return rt::value_error("byte must be in range(0, 256)");
                    }
                    Ok(haystack.contains(&(byte as u8)))
                }
            }
        }
        Kind::List(items) => {
            let items = items.borrow().clone();
            for candidate in &items {
                if eq(candidate, item)? {
                    return Ok(true);
                }
            }
            Ok(false)
        }
        Kind::Tuple(items) => {
            for candidate in items {
                if eq(candidate, item)? {
                    return Ok(true);
                }
            }
            Ok(false)
        }
        Kind::Range(range) => {
            // An int (or bool) by arithmetic; a float equals an int only when integral;
            // anything else by comparing each item, as CPython's `range_contains` falls back
            // to iterating (`2.0 in range(5)`, or an object with its own `__eq__`).
            let value = match &item.kind {
                Kind::Float(f) if f.is_finite() && f.fract() == 0.0 => {
                    num_traits::FromPrimitive::from_f64(*f)
                }
                Kind::Float(_) => return Ok(false),
                Kind::Int(_) | Kind::Bool(_) => to_bigint(item),
                _ => {
                    let items = new_iterator(range_iterator(range));
                    while let Some(candidate) = next(&items)? {
                        if eq(&candidate, item)? {
                            return Ok(true);
                        }
                    }
                    return Ok(false);
                }
            };
            Ok(match value {
                Some(value) => {
                    let crate::object::RangeBounds { start, stop, step } = &**range;
                    let in_bounds = if step.is_positive() {
                        start <= &value && &value < stop
                    } else {
                        stop < &value && &value <= start
                    };
                    in_bounds && mod_int(&(value - start), step).is_zero()
                }
                None => false,
            })
        }
        Kind::Instance(_) | Kind::Extended(_) | Kind::Native(_) => {
            if let Some(result) = call_special_name(
                container,
                crate::object::hash::name!("__contains__"),
                vec![item.clone()],
            )? {
                return truthy(&result);
            }
            if lookup_special_name(container, crate::object::hash::name!("__iter__")).is_none() {
                if let Some(base) = builtin_base(container) {
                    return contains(&base, item);
                }
            }
            let iterator = iter(container)?;
            while let Some(candidate) = next(&iterator)? {
                if eq(&candidate, item)? {
                    return Ok(true);
                }
            }
            Ok(false)
        }
        _ => {
            let iterator = iter(container)?;
            while let Some(candidate) = next(&iterator)? {
                if eq(&candidate, item)? {
                    return Ok(true);
                }
            }
            Ok(false)
        }
    }
}

pub(super) fn new_iterator(state: Iter) -> PyRef {
    alloc(Kind::iterator(state))
}

/// `iter(x)`.
pub fn iter(object: &PyRef) -> Res<PyRef> {
    crate::object::check_alive(object)?;
    if let Some(result) = metaclass_special(object, name!("__iter__"), Vec::new)? {
        return Ok(result);
    }
    Ok(match &object.kind {
        Kind::List(_) | Kind::Tuple(_) | Kind::Bytes(_) | Kind::ByteArray(_) => {
            new_iterator(Iter::Seq { seq: object.clone(), index: 0 })
        }
        Kind::Str(..) => new_iterator(Iter::Chars { text: object.clone(), byte_index: 0 }),
        Kind::Dict(_) => new_iterator(Iter::Dict(DictIter::new(object, DictIterKind::Keys, false))),
        Kind::Set(_) | Kind::FrozenSet(_) => {
            new_iterator(Iter::Dict(DictIter::new(object, DictIterKind::SetKeys, false)))
        }
        Kind::Range(range) => new_iterator(range_iterator(range)),
        Kind::Iterator(state)
            if matches!(state.try_borrow().as_deref(),
                Ok(Iter::Function(g)) if g.flavor() != crate::object::GenFlavor::Generator) =>
        {
            return type_error(format!("'{}' object is not iterable", types::type_name(object)));
        }
        Kind::Iterator(_) | Kind::File(_) => object.clone(),
        Kind::Instance(_) | Kind::Extended(_) | Kind::Native(_) => {
            // A dict view's iterator without the method call (`for k in d.keys()`).
            if let Some(iterator) = crate::types::dict_view::view_iterator(object) {
                return Ok(iterator);
            }
            if let Some(result) =
                call_special_name(object, crate::object::hash::name!("__iter__"), vec![])?
            {
                return Ok(result);
            }
            if lookup_special_name(object, crate::object::hash::name!("__getitem__")).is_some() {
                return Ok(new_iterator(Iter::Seq { seq: object.clone(), index: 0 }));
            }
            if let Some(base) = builtin_base(object) {
                return iter(&base);
            }
            return type_error(format!("'{}' object is not iterable", types::type_name(object)));
        }
        _ => return type_error(format!("'{}' object is not iterable", types::type_name(object))),
    })
}

/// The iterator of a range: over `i64`s when every item fits one.
fn range_iterator(range: &crate::object::RangeBounds) -> Iter {
    use num_traits::ToPrimitive;
    let (start, stop, step) = (range.start.to_i64(), range.stop.to_i64(), range.step.to_i64());
    if let (Some(start), Some(stop), Some(step)) = (start, stop, step) {
        let (start, stop, step) = (i128::from(start), i128::from(stop), i128::from(step));
        let count = if step > 0 && start < stop {
            (stop - start + step - 1) / step
        } else if step < 0 && start > stop {
            (start - stop - step - 1) / -step
        } else {
            0
        };
        if let Ok(remaining) = u64::try_from(count) {
            return Iter::SmallRange { next: start as i64, step: step as i64, remaining };
        }
    }
    Iter::Range { next: range.start.clone(), stop: range.stop.clone(), step: range.step.clone() }
}

/// Advances an iterator: `Some(item)`, or `None` when exhausted (StopIteration absorbed).
pub fn next(iterator: &PyRef) -> Res<Option<PyRef>> {
    match &iterator.kind {
        Kind::Iterator(state) => {
            // Sequence iteration of an instance (`__getitem__`) and generator steps run
            // Python code, so they are driven without holding the borrow.
            let step = {
                let mut state = state.borrow_mut();
                match &mut *state {
                    Iter::Seq { seq, index } => match &seq.kind {
                        Kind::List(items) => {
                            let item = items.borrow().get(*index).cloned();
                            *index += 1;
                            return Ok(item);
                        }
                        Kind::Tuple(items) => {
                            let item = items.get(*index).cloned();
                            *index += 1;
                            return Ok(item);
                        }
                        Kind::Bytes(b) => {
                            let item = b.get(*index).map(|&byte| rt::int(byte as i64));
                            *index += 1;
                            return Ok(item);
                        }
                        Kind::ByteArray(b) => {
                            let item = b.borrow().get(*index).map(|&byte| rt::int(byte as i64));
                            *index += 1;
                            return Ok(item);
                        }
                        _ => {
                            let position = *index;
                            *index += 1;
                            Step::GetItem(seq.clone(), position)
                        }
                    },
                    Iter::Reversed { seq, index } => {
                        if *index == 0 {
                            return Ok(None);
                        }
                        *index -= 1;
                        Step::GetItem(seq.clone(), *index)
                    }
                    Iter::SmallRange { next, step, remaining } => {
                        return Ok(
                            crate::object::small_range_next(next, *step, remaining).map(rt::int)
                        );
                    }
                    Iter::Range { next, stop, step } => {
                        let more = if step.is_positive() { &*next < stop } else { &*next > stop };
                        if !more {
                            return Ok(None);
                        }
                        let value = next.clone();
                        *next += &*step;
                        return Ok(Some(rt::int(value)));
                    }
                    Iter::Chars { text, byte_index } => {
                        let Some(c) = crate::object::text_of(text)[*byte_index..].chars().next()
                        else {
                            return Ok(None);
                        };
                        *byte_index += c.len_utf8();
                        return Ok(Some(rt::str(c.to_string())));
                    }
                    Iter::Dict(state) => return state.step(),
                    Iter::Snapshot { items, index } => {
                        let item = items.get(*index).cloned();
                        *index += 1;
                        return Ok(item);
                    }
                    Iter::Enumerate { inner, .. } => Step::Enumerate(inner.clone()),
                    Iter::Zip { inners } => Step::Zip(inners.clone()),
                    Iter::Map { function, inners } => Step::Map(function.clone(), inners.clone()),
                    Iter::Filter { function, inner } => {
                        Step::Filter(function.clone(), inner.clone())
                    }
                    Iter::CallUntil { callable, sentinel } => {
                        Step::CallUntil(callable.clone(), sentinel.clone())
                    }
                    Iter::Generator(state) | Iter::Function(state) => Step::Resume(state.resume()),
                    Iter::Native(state) => Step::Resume(state.resume()),
                    // A generator expression asked for its next item while producing one.
                    Iter::Running => return rt::value_error("generator already executing"),
                    Iter::Exhausted => return Ok(None),
                }
            };
            match step {
                Step::GetItem(seq, position) => match getitem(&seq, &rt::int(position as i64)) {
                    Ok(item) => Ok(Some(item)),
                    Err(e)
                        if rt::is_exception(&e.value, ExcKind::IndexError)
                            || rt::is_exception(&e.value, ExcKind::StopIteration) =>
                    {
                        *state.borrow_mut() = Iter::Exhausted;
                        Ok(None)
                    }
                    Err(e) => Err(e),
                },
                Step::Enumerate(inner) => match next(&inner)? {
                    Some(item) => {
                        let count = match &mut *state.borrow_mut() {
                            Iter::Enumerate { count, .. } => {
                                let current = count.clone();
                                *count += 1;
                                current
                            }
                            _ => BigInt::zero(),
                        };
                        Ok(Some(rt::tuple(vec![rt::int(count), item])))
                    }
                    None => Ok(None),
                },
                Step::Zip(inners) => {
                    if inners.is_empty() {
                        return Ok(None);
                    }
                    let mut items = Vec::with_capacity(inners.len());
                    for inner in &inners {
                        match next(inner)? {
                            Some(item) => items.push(item),
                            None => return Ok(None),
                        }
                    }
                    Ok(Some(rt::tuple(items)))
                }
                Step::Map(function, inners) => {
                    let mut args = Vec::with_capacity(inners.len());
                    for inner in &inners {
                        match next(inner)? {
                            Some(item) => args.push(item),
                            None => return Ok(None),
                        }
                    }
                    call(&function, args, vec![]).map(Some)
                }
                Step::Filter(function, inner) => loop {
                    let Some(item) = next(&inner)? else { return Ok(None) };
                    let keep = if matches!(function.kind, Kind::None) {
                        truthy(&item)?
                    } else {
                        truthy(&call(&function, vec![item.clone()], vec![])?)?
                    };
                    if keep {
                        return Ok(Some(item));
                    }
                },
                Step::Resume(resume) => resume(iterator),
                Step::CallUntil(callable, sentinel) => {
                    let item = call(&callable, vec![], vec![])?;
                    if eq(&item, &sentinel)? {
                        *state.borrow_mut() = Iter::Exhausted;
                        return Ok(None);
                    }
                    Ok(Some(item))
                }
            }
        }
        Kind::File(_) => crate::types::file::file_next_line(iterator),
        Kind::Instance(_) | Kind::Extended(_) | Kind::Native(_) => {
            match lookup_special_name(iterator, crate::object::hash::name!("__next__")) {
                Some(method) => match call(&method, vec![], vec![]) {
                    Ok(item) => Ok(Some(item)),
                    Err(e) if rt::is_exception(&e.value, ExcKind::StopIteration) => Ok(None),
                    Err(e) => Err(e),
                },
                None => type_error(format!(
                    "'{}' object is not an iterator",
                    types::type_name(iterator)
                )),
            }
        }
        _ => type_error(format!("'{}' object is not an iterator", types::type_name(iterator))),
    }
}

pub(super) enum Step {
    GetItem(PyRef, usize),
    Enumerate(PyRef),
    Zip(Vec<PyRef>),
    Map(PyRef, Vec<PyRef>),
    Filter(PyRef, PyRef),
    CallUntil(PyRef, PyRef),
    Resume(fn(&PyRef) -> Res<Option<PyRef>>),
}

/// All items of an iterable.
pub fn to_vec(object: &PyRef) -> Res<Vec<PyRef>> {
    match &object.kind {
        Kind::List(items) => Ok(items.borrow().to_vec()),
        Kind::Tuple(items) => Ok(items.to_vec()),
        _ => {
            let iterator = iter(object)?;
            let mut items = Vec::new();
            while let Some(item) = next(&iterator)? {
                items.push(item);
            }
            Ok(items)
        }
    }
}

/// Constructs the reversed iterator of a sequence.
pub fn reversed(object: &PyRef) -> Res<PyRef> {
    if let Some(result) =
        call_special_name(object, crate::object::hash::name!("__reversed__"), vec![])?
    {
        return Ok(result);
    }
    if lookup_special_name(object, crate::object::hash::name!("__getitem__")).is_none() {
        if let Some(base) = builtin_base(object) {
            return reversed(&base);
        }
    }
    let length = len(object)?;
    match &object.kind {
        Kind::Dict(_) => {
            Ok(new_iterator(Iter::Dict(DictIter::new(object, DictIterKind::Keys, true))))
        }
        Kind::Set(_) => {
            type_error(format!("'{}' object is not reversible", types::type_name(object)))
        }
        _ => Ok(new_iterator(Iter::Reversed { seq: object.clone(), index: length })),
    }
}

/// The built-in type of a class (walking up to the first built-in base).
pub fn builtin_of_class(class: &PyRef) -> Option<BuiltinType> {
    types::mro_of(class).iter().find_map(|c| match &c.kind {
        Kind::Class(data) => data.builtin,
        _ => None,
    })
}

/// `(key, value)` pairs of a mapping (`**m`).
pub fn mapping_items(mapping: &PyRef) -> Res<Vec<(PyRef, PyRef)>> {
    match &mapping.kind {
        Kind::Dict(d) => Ok(d.borrow().items()),
        _ => {
            let keys_method = match crate::types::attr::lookup(mapping, "keys")? {
                Some(m) => m,
                None => {
                    return type_error(format!(
                        "'{}' object is not a mapping",
                        types::type_name(mapping)
                    ))
                }
            };
            let keys = call(&keys_method, vec![], vec![])?;
            let mut items = Vec::new();
            for key in to_vec(&keys)? {
                let value = getitem(mapping, &key)?;
                items.push((key, value));
            }
            Ok(items)
        }
    }
}
