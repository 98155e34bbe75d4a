//! The native `_bisect` module (CPython's `Modules/_bisectmodule.c`): `bisect_left`,
//! `bisect_right`, `insort_left`, `insort_right` with `lo`, `hi` and `key`, comparing with `<`
//! as CPython does; `bisect.py` from CPython's Lib imports them over its Python versions.

use crate::object::error::Res;
use crate::object::native::Args;
use crate::object::runtime::{self as rt, value_error};
use crate::object::{Kind, PyRef};
use crate::types::{attr, ops};

use super::{native, new_module};

/// The bound arguments: sequence, item, `lo`, `hi` (resolved), `key`.
struct Search {
    sequence: PyRef,
    item: PyRef,
    lo: usize,
    hi: usize,
    key: Option<PyRef>,
}

fn bind(a: &Args, name: &str) -> Res<Search> {
    let values = a.bind(name, &["a", "x", "lo", "hi", "key"], 2, &[])?;
    let sequence = values[0].clone().expect("required");
    let item = values[1].clone().expect("required");
    let lo = match &values[2] {
        Some(lo) => ops::to_index(lo)?,
        None => 0,
    };
    if lo < 0 {
        return value_error("lo must be non-negative");
    }
    let hi = match &values[3] {
        Some(hi) if !matches!(hi.kind, Kind::None) => ops::to_index(hi)?,
        _ => ops::len(&sequence)? as i64,
    };
    let key = values[4].clone().filter(|k| !matches!(k.kind, Kind::None));
    Ok(Search { sequence, item, lo: lo as usize, hi: hi.max(0) as usize, key })
}

/// The element at `i`, through `key` when given (a list is read directly).
fn element(search: &Search, i: usize) -> Res<PyRef> {
    let value = match &search.sequence.kind {
        Kind::List(items) => match items.borrow().get(i) {
            Some(v) => v.clone(),
            None => return ops::getitem(&search.sequence, &rt::int(i as i64)),
        },
        _ => ops::getitem(&search.sequence, &rt::int(i as i64))?,
    };
    match &search.key {
        Some(key) => ops::call(key, vec![value], vec![]),
        None => Ok(value),
    }
}

/// The insertion point of `item` (already passed through `key` for `insort`): left of equal
/// elements or right of them.
fn position(search: &Search, item: &PyRef, right: bool) -> Res<usize> {
    let (mut lo, mut hi) = (search.lo, search.hi);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        let current = element(search, mid)?;
        let go_left =
            if right { ops::less_than(item, &current)? } else { !ops::less_than(&current, item)? };
        if go_left {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    Ok(lo)
}

fn bisect(a: Args) -> Res<PyRef> {
    let search = bind(&a, a.name)?;
    let right = a.name != "bisect_left";
    Ok(rt::int(position(&search, &search.item, right)? as i64))
}

fn insort(a: Args) -> Res<PyRef> {
    let search = bind(&a, a.name)?;
    let right = a.name != "insort_left";
    let probe = match &search.key {
        Some(key) => ops::call(key, vec![search.item.clone()], vec![])?,
        None => search.item.clone(),
    };
    let at = position(&search, &probe, right)?;
    if let Kind::List(items) = &search.sequence.kind {
        let mut items = items.borrow_mut();
        let at = at.min(items.len());
        items.insert(at, search.item.clone());
        return Ok(rt::none());
    }
    let insert = attr::getattr(&search.sequence, "insert")?;
    ops::call(&insert, vec![rt::int(at as i64), search.item.clone()], vec![])?;
    Ok(rt::none())
}

/// `import _bisect`.
pub fn bisect_module() -> PyRef {
    new_module(
        "_bisect",
        vec![
            ("bisect_left", native("bisect_left", bisect)),
            ("bisect_right", native("bisect_right", bisect)),
            ("bisect", native("bisect", bisect)),
            ("insort_left", native("insort_left", insort)),
            ("insort_right", native("insort_right", insort)),
            ("insort", native("insort", insort)),
        ],
    )
}
