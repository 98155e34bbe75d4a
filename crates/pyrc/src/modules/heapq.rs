//! The native `_heapq` module (CPython's `Modules/_heapqmodule.c`): `heappush`, `heappop`,
//! `heapify`, `heapreplace`, `heappushpop` and the max-heap helpers `heapq.py` uses
//! (`_heappop_max`, `_heapify_max`, `_heapreplace_max`), on lists, comparing with `<`.
//!
//! Comparisons run Python code (`__lt__`), which may change the list: items are cloned out
//! before each comparison and the list is re-read after it; a size change is CPython's
//! `RuntimeError`.

use crate::object::error::Res;
use crate::object::exceptions::ExcKind;
use crate::object::native::Args;
use crate::object::runtime::{self as rt, raise, type_error};
use crate::object::{Kind, PyRef};
use crate::types::ops;

use super::{native, new_module};

/// The list argument.
fn heap_arg(a: &Args, name: &str, arity: usize) -> Res<PyRef> {
    a.arity(name, arity, arity)?;
    let heap = a.arg(0);
    if !matches!(heap.kind, Kind::List(_)) {
        return type_error(format!(
            "{name}() argument 1 must be list, not {}",
            crate::types::type_name(&heap)
        ));
    }
    Ok(heap)
}

fn length(heap: &PyRef) -> usize {
    match &heap.kind {
        Kind::List(items) => items.borrow().len(),
        _ => 0,
    }
}

fn get(heap: &PyRef, i: usize) -> Res<PyRef> {
    match &heap.kind {
        Kind::List(items) => match items.borrow().get(i) {
            Some(item) => Ok(item.clone()),
            None => raise(ExcKind::RuntimeError, "list changed size during iteration"),
        },
        _ => type_error("heap argument must be a list"),
    }
}

fn swap(heap: &PyRef, i: usize, j: usize) -> Res<()> {
    if let Kind::List(items) = &heap.kind {
        let mut items = items.borrow_mut();
        if i < items.len() && j < items.len() {
            items.swap(i, j);
            return Ok(());
        }
    }
    raise(ExcKind::RuntimeError, "list changed size during iteration")
}

/// `a < b`, or `b < a` for the max-heap helpers; the list's size is checked afterwards.
fn before(heap: &PyRef, a: &PyRef, b: &PyRef, max: bool, size: usize) -> Res<bool> {
    let result = if max { ops::less_than(b, a)? } else { ops::less_than(a, b)? };
    if length(heap) != size {
        return raise(ExcKind::RuntimeError, "list changed size during iteration");
    }
    Ok(result)
}

/// CPython's `siftdown`: moves the item at `pos` up towards `start` while it is smaller
/// than its parent.
fn sift_down(heap: &PyRef, start: usize, mut pos: usize, max: bool) -> Res<()> {
    let size = length(heap);
    while pos > start {
        let parent = (pos - 1) >> 1;
        let (item, above) = (get(heap, pos)?, get(heap, parent)?);
        if !before(heap, &item, &above, max, size)? {
            break;
        }
        swap(heap, pos, parent)?;
        pos = parent;
    }
    Ok(())
}

/// CPython's `siftup`: moves the smaller child up until a leaf, then sifts the item down.
fn sift_up(heap: &PyRef, mut pos: usize, max: bool) -> Res<()> {
    let end = length(heap);
    let start = pos;
    let mut child = 2 * pos + 1;
    while child < end {
        let right = child + 1;
        if right < end {
            let (left_item, right_item) = (get(heap, child)?, get(heap, right)?);
            if !before(heap, &left_item, &right_item, max, end)? {
                child = right;
            }
        }
        swap(heap, pos, child)?;
        pos = child;
        child = 2 * pos + 1;
    }
    sift_down(heap, start, pos, max)
}

fn push(heap: &PyRef, item: PyRef) {
    if let Kind::List(items) = &heap.kind {
        items.borrow_mut().push(item);
    }
}

fn pop_last(heap: &PyRef) -> Res<PyRef> {
    let last = match &heap.kind {
        Kind::List(items) => items.borrow_mut().pop(),
        _ => None,
    };
    match last {
        Some(item) => Ok(item),
        None => raise(ExcKind::IndexError, "index out of range"),
    }
}

/// Replaces the root with `item` and returns the old root.
fn replace_root(heap: &PyRef, item: PyRef) -> Res<PyRef> {
    let old = match &heap.kind {
        Kind::List(items) => {
            let mut items = items.borrow_mut();
            match items.first_mut() {
                Some(root) => std::mem::replace(root, item),
                None => return raise(ExcKind::IndexError, "index out of range"),
            }
        }
        _ => return type_error("heap argument must be a list"),
    };
    Ok(old)
}

fn heappush(a: Args) -> Res<PyRef> {
    let heap = heap_arg(&a, "heappush", 2)?;
    push(&heap, a.arg(1));
    sift_down(&heap, 0, length(&heap) - 1, false)?;
    Ok(rt::none())
}

fn pop(a: Args, max: bool) -> Res<PyRef> {
    let heap = heap_arg(&a, a.name, 1)?;
    let last = pop_last(&heap)?;
    if length(&heap) == 0 {
        return Ok(last);
    }
    let root = replace_root(&heap, last)?;
    sift_up(&heap, 0, max)?;
    Ok(root)
}

fn heappop(a: Args) -> Res<PyRef> {
    pop(a, false)
}

fn heappop_max(a: Args) -> Res<PyRef> {
    pop(a, true)
}

fn replace(a: Args, max: bool) -> Res<PyRef> {
    let heap = heap_arg(&a, a.name, 2)?;
    let root = replace_root(&heap, a.arg(1))?;
    sift_up(&heap, 0, max)?;
    Ok(root)
}

fn heapreplace(a: Args) -> Res<PyRef> {
    replace(a, false)
}

fn heapreplace_max(a: Args) -> Res<PyRef> {
    replace(a, true)
}

fn heappushpop(a: Args) -> Res<PyRef> {
    let heap = heap_arg(&a, "heappushpop", 2)?;
    let item = a.arg(1);
    let size = length(&heap);
    if size == 0 {
        return Ok(item);
    }
    let top = get(&heap, 0)?;
    if !before(&heap, &top, &item, false, size)? {
        return Ok(item);
    }
    let root = replace_root(&heap, item)?;
    sift_up(&heap, 0, false)?;
    Ok(root)
}

fn heapify_with(a: Args, max: bool) -> Res<PyRef> {
    let heap = heap_arg(&a, a.name, 1)?;
    let n = length(&heap);
    for i in (0..n / 2).rev() {
        sift_up(&heap, i, max)?;
    }
    Ok(rt::none())
}

fn heapify(a: Args) -> Res<PyRef> {
    heapify_with(a, false)
}

fn heapify_max(a: Args) -> Res<PyRef> {
    heapify_with(a, true)
}

/// `import _heapq`.
pub fn heapq_module() -> PyRef {
    new_module(
        "_heapq",
        vec![
            ("heappush", native("heappush", heappush)),
            ("heappop", native("heappop", heappop)),
            ("heapify", native("heapify", heapify)),
            ("heapreplace", native("heapreplace", heapreplace)),
            ("heappushpop", native("heappushpop", heappushpop)),
            ("_heappop_max", native("_heappop_max", heappop_max)),
            ("_heapify_max", native("_heapify_max", heapify_max)),
            ("_heapreplace_max", native("_heapreplace_max", heapreplace_max)),
        ],
    )
}
