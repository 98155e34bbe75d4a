//! `groupby` (with its `_grouper` iterators) and `tee` (its `_tee` iterators share a linked
//! list of `_tee_dataobject` blocks of 57 items, as CPython's: a block nobody reads any more
//! is freed by reference counting).

use crate::object::error::Res;
use crate::object::exceptions::ExcKind;
use crate::object::native::{Args, MethodDef};
use crate::object::runtime::{self as rt, raise, type_error, value_error};
use crate::object::{Kind, PyRef};
use crate::types::ops;

use super::{
    native_iterator, new_iterator, parse_args, positional_only, ssize_arg, visit_all, with_state,
};

/// `itertools._tee_dataobject(iterator, values, next)`: CPython's pickling support, not
/// offered (its arguments are checked, then it refuses).
pub(super) fn tee_data_new(a: Args) -> Res<PyRef> {
    let n = super::constructor_args(&a).len();
    if n != 3 {
        return type_error(format!("teedataobject expected 3 arguments, got {n}"));
    }
    type_error("cannot create 'itertools._tee_dataobject' instances")
}

// ---- groupby -------------------------------------------------------------------------------

/// `groupby(iterable, key=None)`: `(key, group)` for each run of items with equal keys.
struct GroupBy {
    source: PyRef,
    key: Option<PyRef>,
    /// The key of the group handed out last.
    target: Option<PyRef>,
    /// The key and value of the item read last (the value is dropped once its group gave it).
    current_key: Option<PyRef>,
    current_value: Option<PyRef>,
    /// Which group is current: only its `_grouper` may still give items.
    group: u64,
}
native_iterator!(GroupBy, "groupby", groupby_next, |this, visitor| {
    visitor.visit(&this.source);
    let keys = this.key.iter().chain(&this.target);
    visit_all(visitor, keys.chain(&this.current_key).chain(&this.current_value));
});

/// One group of a `groupby`: gives items while they have its key and it is the current group.
struct Grouper {
    parent: PyRef,
    target: PyRef,
    group: u64,
}
native_iterator!(Grouper, "_grouper", grouper_next, |this, visitor| {
    visit_all(visitor, [&this.parent, &this.target]);
});

/// `itertools._grouper(parent, key)`: a group of `parent` (a groupby), made its current one.
pub(super) fn grouper_new(a: Args) -> Res<PyRef> {
    let args = positional_only(&a, 2, 2)?;
    let parent = args[0].clone();
    let Ok(group) = with_state(&parent, |s: &mut GroupBy| {
        s.group += 1;
        s.group
    }) else {
        return type_error(format!(
            "_grouper() argument 1 must be itertools.groupby, not {}",
            crate::types::type_name(&parent)
        ));
    };
    Ok(new_iterator(Grouper { parent, target: args[1].clone(), group }))
}

pub(super) fn groupby(a: Args) -> Res<PyRef> {
    let values = parse_args(&a, &["iterable", "key"], 1, 2)?;
    let source = ops::iter(values[0].as_ref().expect("required"))?;
    let key = values[1].clone().filter(|k| !matches!(k.kind, Kind::None));
    Ok(new_iterator(GroupBy {
        source,
        key,
        target: None,
        current_key: None,
        current_value: None,
        group: 0,
    }))
}

/// Reads the next item and its key; `false` when the source is exhausted.
fn groupby_step(this: &PyRef) -> Res<bool> {
    let (source, key) = with_state(this, |s: &mut GroupBy| (s.source.clone(), s.key.clone()))?;
    let Some(value) = ops::next(&source)? else { return Ok(false) };
    let new_key = match key {
        Some(key) => ops::call(&key, vec![value.clone()], vec![])?,
        None => value.clone(),
    };
    with_state(this, |s: &mut GroupBy| {
        s.current_value = Some(value);
        s.current_key = Some(new_key);
    })?;
    Ok(true)
}

fn groupby_next(this: &PyRef) -> Res<Option<PyRef>> {
    // No group is current while the next one is looked for.
    with_state(this, |s: &mut GroupBy| s.group += 1)?;
    loop {
        let (target, current) =
            with_state(this, |s: &mut GroupBy| (s.target.clone(), s.current_key.clone()))?;
        match (target, current) {
            (None, Some(_)) => break,
            (Some(target), Some(current)) => {
                if !ops::eq(&target, &current)? {
                    break;
                }
            }
            (_, None) => {}
        }
        if !groupby_step(this)? {
            return Ok(None);
        }
    }
    let (key, group) = with_state(this, |s: &mut GroupBy| {
        s.target = s.current_key.clone();
        s.group += 1;
        (s.current_key.clone().expect("a key was read"), s.group)
    })?;
    let grouper = new_iterator(Grouper { parent: this.clone(), target: key.clone(), group });
    Ok(Some(rt::tuple(vec![key, grouper])))
}

fn grouper_next(this: &PyRef) -> Res<Option<PyRef>> {
    let (parent, target, group) =
        with_state(this, |s: &mut Grouper| (s.parent.clone(), s.target.clone(), s.group))?;
    let (current_group, has_value) =
        with_state(&parent, |s: &mut GroupBy| (s.group, s.current_value.is_some()))?;
    if current_group != group {
        return Ok(None);
    }
    if !has_value && !groupby_step(&parent)? {
        return Ok(None);
    }
    let current_key = with_state(&parent, |s: &mut GroupBy| s.current_key.clone())?;
    let Some(current_key) = current_key else { return Ok(None) };
    if !ops::eq(&target, &current_key)? {
        return Ok(None);
    }
    with_state(&parent, |s: &mut GroupBy| s.current_value.take())
}

// ---- tee -----------------------------------------------------------------------------------

/// Items per block of a tee's shared list (CPython's `LINKCELLS`).
const LINK_CELLS: usize = 57;

/// A block of the items a tee's source gave: read by every `_tee` iterator of the tee.
struct TeeData {
    source: PyRef,
    items: Vec<PyRef>,
    next: Option<PyRef>,
    /// Reading from the source (a re-entrant read is an error).
    running: bool,
}
native_iterator!(TeeData, "_tee_dataobject", tee_data_next, |this, visitor| {
    visitor.visit(&this.source);
    visit_all(visitor, this.items.iter().chain(&this.next));
});

/// Not an iterator in CPython: gives nothing.
fn tee_data_next(_this: &PyRef) -> Res<Option<PyRef>> {
    Ok(None)
}

/// One of the iterators `tee` returns: a block and a position in it.
struct Tee {
    data: PyRef,
    index: usize,
}
native_iterator!(
    Tee,
    "_tee",
    tee_next,
    |this, visitor| {
        visitor.visit(&this.data);
    },
    methods = TEE_METHODS
);

const TEE_METHODS: &[MethodDef] =
    &[MethodDef { name: "__copy__", function: |a| tee_copy(&a.receiver()) }];

fn tee_copy(this: &PyRef) -> Res<PyRef> {
    let (data, index) = with_state(this, |t: &mut Tee| (t.data.clone(), t.index))?;
    Ok(new_iterator(Tee { data, index }))
}

fn new_tee_data(source: PyRef) -> PyRef {
    new_iterator(TeeData { source, items: Vec::new(), next: None, running: false })
}

/// A tee iterator over `iterator` (a copy if it is one already).
fn tee_from(iterator: PyRef) -> Res<PyRef> {
    if with_state(&iterator, |_: &mut Tee| ()).is_ok() {
        return tee_copy(&iterator);
    }
    Ok(new_iterator(Tee { data: new_tee_data(iterator), index: 0 }))
}

/// `itertools._tee(iterable)`.
pub(super) fn tee_new(a: Args) -> Res<PyRef> {
    let args = positional_only(&a, 1, 1)?;
    tee_from(ops::iter(&args[0])?)
}

/// `tee(iterable, n=2)`: `n` independent iterators over the items of `iterable`.
pub(super) fn tee(a: Args) -> Res<PyRef> {
    if !a.keywords.is_empty() {
        return type_error("itertools.tee() takes no keyword arguments");
    }
    let n = a.positional.len();
    if !(1..=2).contains(&n) {
        let (bound, count) = if n < 1 { (1, "least") } else { (2, "most") };
        let plural = if bound == 1 { "" } else { "s" };
        return type_error(format!("tee expected at {count} {bound} argument{plural}, got {n}"));
    }
    let count = match a.positional.get(1) {
        Some(count) => ssize_arg(count)?,
        None => 2,
    };
    if count < 0 {
        return value_error("n must be >= 0");
    }
    if count == 0 {
        return Ok(rt::tuple(vec![]));
    }
    let iterator = ops::iter(&a.positional[0])?;
    let (first, copy) = match crate::types::attr::lookup(&iterator, "__copy__")? {
        Some(copy) => (iterator, copy),
        None => {
            let first = tee_from(iterator)?;
            let copy = crate::types::attr::getattr(&first, "__copy__")?;
            (first, copy)
        }
    };
    let mut result = vec![first];
    for _ in 1..count {
        result.push(ops::call(&copy, vec![], vec![])?);
    }
    Ok(rt::tuple(result))
}

fn tee_next(this: &PyRef) -> Res<Option<PyRef>> {
    let (mut data, mut index) = with_state(this, |t: &mut Tee| (t.data.clone(), t.index))?;
    if index >= LINK_CELLS {
        data = next_block(&data)?;
        index = 0;
        let block = data.clone();
        with_state(this, |t: &mut Tee| {
            t.data = block;
            t.index = 0;
        })?;
    }
    let item = block_item(&data, index)?;
    if item.is_some() {
        with_state(this, |t: &mut Tee| t.index += 1)?;
    }
    Ok(item)
}

/// The block after `data`, made when first needed.
fn next_block(data: &PyRef) -> Res<PyRef> {
    let (next, source) = with_state(data, |d: &mut TeeData| (d.next.clone(), d.source.clone()))?;
    if let Some(next) = next {
        return Ok(next);
    }
    let block = new_tee_data(source);
    with_state(data, |d: &mut TeeData| d.next.get_or_insert(block).clone())
}

/// Item `index` of a block, read from the source when it is the first reader there.
fn block_item(data: &PyRef, index: usize) -> Res<Option<PyRef>> {
    enum Read {
        Have(PyRef),
        Fetch(PyRef),
        Reentered,
    }
    let read = with_state(data, |d: &mut TeeData| {
        if let Some(item) = d.items.get(index) {
            Read::Have(item.clone())
        } else if d.running {
            Read::Reentered
        } else {
            d.running = true;
            Read::Fetch(d.source.clone())
        }
    })?;
    match read {
        Read::Have(item) => Ok(Some(item)),
        Read::Reentered => raise(ExcKind::RuntimeError, "cannot re-enter the tee iterator"),
        Read::Fetch(source) => {
            let result = ops::next(&source);
            with_state(data, |d: &mut TeeData| {
                d.running = false;
                if let Ok(Some(item)) = &result {
                    d.items.push(item.clone());
                }
            })?;
            result
        }
    }
}
