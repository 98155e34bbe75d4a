//! The simple iterators of `itertools`: count, cycle, repeat, accumulate, chain, compress,
//! dropwhile, takewhile, filterfalse, starmap, pairwise, islice, zip_longest. Each `next`
//! takes what it needs from its state, calls Python code with the state unborrowed, and
//! stores the outcome back (`with_state`).

use crate::compile::ast::BinOp;
use crate::object::error::Res;
use crate::object::exceptions::ExcKind;
use crate::object::hash::name;
use crate::object::native::{Args, MethodDef};
use crate::object::runtime::{self as rt, raise, type_error};
use crate::object::{builtin_base, Kind, PyRef};
use crate::types::ops;

use super::{
    native_iterator, new_iterator, parse_args, positional_only, ssize_arg, visit_all, with_state,
};

// ---- count ---------------------------------------------------------------------------------

/// `count(start=0, step=1)`: `start`, `start + step`, `start + 2*step`, ...
struct Count {
    current: PyRef,
    step: PyRef,
}
native_iterator!(
    Count,
    "count",
    count_next,
    |this, visitor| {
        visit_all(visitor, [&this.current, &this.step]);
    },
    repr = count_repr
);

pub(super) fn count(a: Args) -> Res<PyRef> {
    let values = parse_args(&a, &["start", "step"], 0, 2)?;
    let mut start = values[0].clone().unwrap_or_else(|| rt::int(0));
    let step = values[1].clone().unwrap_or_else(|| rt::int(1));
    if !is_number(&start) || !is_number(&step) {
        return type_error("a number is required");
    }
    // CPython counts in a machine integer while the step is 1 and the start an int that
    // fits: a bool or int subclass start then comes out as a plain int.
    let as_int = super::super::math::as_int;
    if as_int(&step).is_some_and(|s| s == 1.into()) {
        if let Some(value) = as_int(&start).filter(|v| num_traits::ToPrimitive::to_i64(v).is_some())
        {
            start = rt::int(value);
        }
    }
    Ok(new_iterator(Count { current: start, step }))
}

/// CPython's `PyNumber_Check`: an int, float or complex, or an object that converts to one.
fn is_number(object: &PyRef) -> bool {
    match &object.kind {
        Kind::Int(_) | Kind::Bool(_) | Kind::Float(_) | Kind::Complex(..) => true,
        Kind::Instance(_) | Kind::Extended(_) | Kind::Native(_) => {
            [name!("__index__"), name!("__int__"), name!("__float__")]
                .into_iter()
                .any(|method| ops::lookup_special_name(object, method).is_some())
                || builtin_base(object).is_some_and(|base| is_number(&base))
        }
        _ => false,
    }
}

fn count_next(this: &PyRef) -> Res<Option<PyRef>> {
    let (current, step) = with_state(this, |s: &mut Count| (s.current.clone(), s.step.clone()))?;
    let next = ops::binary_op(BinOp::Add, &current, &step)?;
    with_state(this, |s: &mut Count| s.current = next)?;
    Ok(Some(current))
}

fn count_repr(this: &PyRef) -> Res<String> {
    let (current, step) = with_state(this, |s: &mut Count| (s.current.clone(), s.step.clone()))?;
    // The step is left out when it is an int equal to 1.
    if super::super::math::as_int(&step).is_some_and(|s| s == 1.into()) {
        return Ok(format!("count({})", ops::repr(&current)?));
    }
    Ok(format!("count({}, {})", ops::repr(&current)?, ops::repr(&step)?))
}

// ---- cycle ---------------------------------------------------------------------------------

/// `cycle(iterable)`: the items, saved on the first pass, over and over.
struct Cycle {
    source: Option<PyRef>,
    saved: Vec<PyRef>,
    index: usize,
}
native_iterator!(Cycle, "cycle", cycle_next, |this, visitor| {
    visit_all(visitor, this.source.iter().chain(&this.saved));
});

pub(super) fn cycle(a: Args) -> Res<PyRef> {
    let args = positional_only(&a, 1, 1)?;
    let source = ops::iter(&args[0])?;
    Ok(new_iterator(Cycle { source: Some(source), saved: Vec::new(), index: 0 }))
}

fn cycle_next(this: &PyRef) -> Res<Option<PyRef>> {
    if let Some(source) = with_state(this, |s: &mut Cycle| s.source.clone())? {
        if let Some(item) = ops::next(&source)? {
            with_state(this, |s: &mut Cycle| s.saved.push(item.clone()))?;
            return Ok(Some(item));
        }
        with_state(this, |s: &mut Cycle| s.source = None)?;
    }
    with_state(this, |s: &mut Cycle| {
        if s.saved.is_empty() {
            return None;
        }
        let item = s.saved[s.index].clone();
        s.index = (s.index + 1) % s.saved.len();
        Some(item)
    })
}

// ---- repeat --------------------------------------------------------------------------------

/// `repeat(object[, times])`: the object, forever or `times` times.
struct Repeat {
    element: PyRef,
    /// `None`: forever.
    remaining: Option<i64>,
}
native_iterator!(
    Repeat,
    "repeat",
    repeat_next,
    |this, visitor| {
        visitor.visit(&this.element);
    },
    repr = repeat_repr,
    methods = REPEAT_METHODS
);

const REPEAT_METHODS: &[MethodDef] = &[MethodDef {
    name: "__length_hint__",
    function: |a| match with_state(&a.receiver(), |s: &mut Repeat| s.remaining)? {
        Some(n) => Ok(rt::int(n)),
        None => type_error("len() of unsized object"),
    },
}];

pub(super) fn repeat(a: Args) -> Res<PyRef> {
    let values = parse_args(&a, &["object", "times"], 1, 2)?;
    let element = values[0].clone().expect("required");
    let remaining = match &values[1] {
        Some(times) => Some(ssize_arg(times)?.max(0)),
        None => None,
    };
    Ok(new_iterator(Repeat { element, remaining }))
}

fn repeat_next(this: &PyRef) -> Res<Option<PyRef>> {
    with_state(this, |s: &mut Repeat| match &mut s.remaining {
        None => Some(s.element.clone()),
        Some(0) => None,
        Some(n) => {
            *n -= 1;
            Some(s.element.clone())
        }
    })
}

fn repeat_repr(this: &PyRef) -> Res<String> {
    let (element, remaining) = with_state(this, |s: &mut Repeat| (s.element.clone(), s.remaining))?;
    Ok(match remaining {
        None => format!("repeat({})", ops::repr(&element)?),
        Some(n) => format!("repeat({}, {n})", ops::repr(&element)?),
    })
}

// ---- accumulate ----------------------------------------------------------------------------

/// `accumulate(iterable, func=None, *, initial=None)`: running totals (sums, or `func`'s).
struct Accumulate {
    source: PyRef,
    function: Option<PyRef>,
    total: Option<PyRef>,
    initial: Option<PyRef>,
}
native_iterator!(Accumulate, "accumulate", accumulate_next, |this, visitor| {
    visitor.visit(&this.source);
    visit_all(visitor, this.function.iter().chain(&this.total).chain(&this.initial));
});

pub(super) fn accumulate(a: Args) -> Res<PyRef> {
    let values = parse_args(&a, &["iterable", "func", "initial"], 1, 2)?;
    let source = ops::iter(values[0].as_ref().expect("required"))?;
    let not_none = |value: &Option<PyRef>| value.clone().filter(|v| !matches!(v.kind, Kind::None));
    Ok(new_iterator(Accumulate {
        source,
        function: not_none(&values[1]),
        total: None,
        initial: not_none(&values[2]),
    }))
}

fn accumulate_next(this: &PyRef) -> Res<Option<PyRef>> {
    let (source, function, total, initial) = with_state(this, |s: &mut Accumulate| {
        (s.source.clone(), s.function.clone(), s.total.clone(), s.initial.take())
    })?;
    if let Some(initial) = initial {
        with_state(this, |s: &mut Accumulate| s.total = Some(initial.clone()))?;
        return Ok(Some(initial));
    }
    let Some(item) = ops::next(&source)? else { return Ok(None) };
    let total = match (total, function) {
        (None, _) => item,
        (Some(total), None) => ops::binary_op(BinOp::Add, &total, &item)?,
        (Some(total), Some(function)) => ops::call(&function, vec![total, item], vec![])?,
    };
    with_state(this, |s: &mut Accumulate| s.total = Some(total.clone()))?;
    Ok(Some(total))
}

// ---- chain ---------------------------------------------------------------------------------

/// `chain(*iterables)`, `chain.from_iterable(iterable)`: the items of each iterable in turn
/// (each made an iterator only when reached).
struct Chain {
    sources: Option<PyRef>,
    active: Option<PyRef>,
}
native_iterator!(Chain, "chain", chain_next, |this, visitor| {
    visit_all(visitor, this.sources.iter().chain(&this.active));
});

pub(super) fn chain(a: Args) -> Res<PyRef> {
    if !a.keywords.is_empty() {
        return type_error("chain() takes no keyword arguments");
    }
    let sources = ops::iter(&rt::tuple(super::constructor_args(&a).to_vec()))?;
    Ok(new_iterator(Chain { sources: Some(sources), active: None }))
}

/// `chain.from_iterable(iterable)`.
pub(super) fn chain_from_iterable(a: Args) -> Res<PyRef> {
    if !a.keywords.is_empty() {
        return type_error("chain.from_iterable() takes no keyword arguments");
    }
    if a.positional.len() != 1 {
        return type_error(format!(
            "chain.from_iterable() takes exactly one argument ({} given)",
            a.positional.len()
        ));
    }
    let sources = ops::iter(&a.positional[0])?;
    Ok(new_iterator(Chain { sources: Some(sources), active: None }))
}

fn chain_next(this: &PyRef) -> Res<Option<PyRef>> {
    loop {
        let (sources, active) =
            with_state(this, |s: &mut Chain| (s.sources.clone(), s.active.clone()))?;
        let active = match active {
            Some(active) => active,
            None => {
                let Some(sources) = sources else { return Ok(None) };
                // As CPython's: a source that ends, raises or is not iterable ends the chain.
                let active =
                    match ops::next(&sources).and_then(|i| i.map(|i| ops::iter(&i)).transpose()) {
                        Ok(Some(active)) => active,
                        outcome => {
                            with_state(this, |s: &mut Chain| s.sources = None)?;
                            return outcome;
                        }
                    };
                with_state(this, |s: &mut Chain| s.active = Some(active.clone()))?;
                active
            }
        };
        if let Some(item) = ops::next(&active)? {
            return Ok(Some(item));
        }
        with_state(this, |s: &mut Chain| s.active = None)?;
    }
}

// ---- compress, dropwhile, takewhile, filterfalse, starmap ------------------------------------

/// `compress(data, selectors)`: the items of `data` whose selector is true.
struct Compress {
    data: PyRef,
    selectors: PyRef,
}
native_iterator!(Compress, "compress", compress_next, |this, visitor| {
    visit_all(visitor, [&this.data, &this.selectors]);
});

pub(super) fn compress(a: Args) -> Res<PyRef> {
    let values = parse_args(&a, &["data", "selectors"], 2, 2)?;
    let data = ops::iter(values[0].as_ref().expect("required"))?;
    let selectors = ops::iter(values[1].as_ref().expect("required"))?;
    Ok(new_iterator(Compress { data, selectors }))
}

fn compress_next(this: &PyRef) -> Res<Option<PyRef>> {
    let (data, selectors) =
        with_state(this, |s: &mut Compress| (s.data.clone(), s.selectors.clone()))?;
    loop {
        let Some(item) = ops::next(&data)? else { return Ok(None) };
        let Some(selector) = ops::next(&selectors)? else { return Ok(None) };
        if ops::truthy(&selector)? {
            return Ok(Some(item));
        }
    }
}

/// `dropwhile`, `takewhile` and `filterfalse`: a predicate (`None`: truth, for filterfalse)
/// and a source.
struct Predicated {
    predicate: PyRef,
    source: PyRef,
    /// dropwhile: still dropping; takewhile: not stopped yet.
    active: bool,
}

/// The three share their state; a type of each tells their classes apart.
struct DropWhile(Predicated);
struct TakeWhile(Predicated);
struct FilterFalse(Predicated);
native_iterator!(DropWhile, "dropwhile", dropwhile_next, |this, visitor| {
    visit_all(visitor, [&this.0.predicate, &this.0.source]);
});
native_iterator!(TakeWhile, "takewhile", takewhile_next, |this, visitor| {
    visit_all(visitor, [&this.0.predicate, &this.0.source]);
});
native_iterator!(FilterFalse, "filterfalse", filterfalse_next, |this, visitor| {
    visit_all(visitor, [&this.0.predicate, &this.0.source]);
});

fn predicated(a: &Args) -> Res<Predicated> {
    let args = positional_only(a, 2, 2)?;
    let source = ops::iter(&args[1])?;
    Ok(Predicated { predicate: args[0].clone(), source, active: true })
}

pub(super) fn dropwhile(a: Args) -> Res<PyRef> {
    Ok(new_iterator(DropWhile(predicated(&a)?)))
}

pub(super) fn takewhile(a: Args) -> Res<PyRef> {
    Ok(new_iterator(TakeWhile(predicated(&a)?)))
}

pub(super) fn filterfalse(a: Args) -> Res<PyRef> {
    Ok(new_iterator(FilterFalse(predicated(&a)?)))
}

fn test(predicate: &PyRef, item: &PyRef) -> Res<bool> {
    ops::truthy(&ops::call(predicate, vec![item.clone()], vec![])?)
}

fn dropwhile_next(this: &PyRef) -> Res<Option<PyRef>> {
    let (predicate, source) =
        with_state(this, |s: &mut DropWhile| (s.0.predicate.clone(), s.0.source.clone()))?;
    loop {
        let Some(item) = ops::next(&source)? else { return Ok(None) };
        if !with_state(this, |s: &mut DropWhile| s.0.active)? {
            return Ok(Some(item));
        }
        if !test(&predicate, &item)? {
            with_state(this, |s: &mut DropWhile| s.0.active = false)?;
            return Ok(Some(item));
        }
    }
}

fn takewhile_next(this: &PyRef) -> Res<Option<PyRef>> {
    let (predicate, source, active) = with_state(this, |s: &mut TakeWhile| {
        (s.0.predicate.clone(), s.0.source.clone(), s.0.active)
    })?;
    if !active {
        return Ok(None);
    }
    let Some(item) = ops::next(&source)? else { return Ok(None) };
    if test(&predicate, &item)? {
        return Ok(Some(item));
    }
    with_state(this, |s: &mut TakeWhile| s.0.active = false)?;
    Ok(None)
}

fn filterfalse_next(this: &PyRef) -> Res<Option<PyRef>> {
    let (predicate, source) =
        with_state(this, |s: &mut FilterFalse| (s.0.predicate.clone(), s.0.source.clone()))?;
    loop {
        let Some(item) = ops::next(&source)? else { return Ok(None) };
        let keep = if matches!(predicate.kind, Kind::None) {
            ops::truthy(&item)?
        } else {
            test(&predicate, &item)?
        };
        if !keep {
            return Ok(Some(item));
        }
    }
}

/// `starmap(function, iterable)`: `function(*item)` for each item.
struct StarMap {
    function: PyRef,
    source: PyRef,
}
native_iterator!(StarMap, "starmap", starmap_next, |this, visitor| {
    visit_all(visitor, [&this.function, &this.source]);
});

pub(super) fn starmap(a: Args) -> Res<PyRef> {
    let args = positional_only(&a, 2, 2)?;
    let source = ops::iter(&args[1])?;
    Ok(new_iterator(StarMap { function: args[0].clone(), source }))
}

fn starmap_next(this: &PyRef) -> Res<Option<PyRef>> {
    let (function, source) =
        with_state(this, |s: &mut StarMap| (s.function.clone(), s.source.clone()))?;
    let Some(item) = ops::next(&source)? else { return Ok(None) };
    let args = ops::to_vec(&item)?;
    ops::call(&function, args, vec![]).map(Some)
}

// ---- pairwise ------------------------------------------------------------------------------

/// `pairwise(iterable)`: each item with the next one.
struct Pairwise {
    source: Option<PyRef>,
    previous: Option<PyRef>,
}
native_iterator!(Pairwise, "pairwise", pairwise_next, |this, visitor| {
    visit_all(visitor, this.source.iter().chain(&this.previous));
});

pub(super) fn pairwise(a: Args) -> Res<PyRef> {
    let args = positional_only(&a, 1, 1)?;
    let source = ops::iter(&args[0])?;
    Ok(new_iterator(Pairwise { source: Some(source), previous: None }))
}

fn pairwise_next(this: &PyRef) -> Res<Option<PyRef>> {
    let (source, previous) =
        with_state(this, |s: &mut Pairwise| (s.source.clone(), s.previous.clone()))?;
    let Some(source) = source else { return Ok(None) };
    let finish = |this: &PyRef| {
        with_state(this, |s: &mut Pairwise| {
            s.source = None;
            s.previous = None;
        })
    };
    // As CPython's: the source ending or raising ends the pairs.
    let previous = match previous {
        Some(previous) => previous,
        None => match ops::next(&source) {
            Ok(Some(first)) => first,
            outcome => {
                finish(this)?;
                return outcome;
            }
        },
    };
    let item = match ops::next(&source) {
        Ok(Some(item)) => item,
        outcome => {
            finish(this)?;
            return outcome;
        }
    };
    with_state(this, |s: &mut Pairwise| s.previous = Some(item.clone()))?;
    Ok(Some(rt::tuple(vec![previous, item])))
}

// ---- islice --------------------------------------------------------------------------------

/// `islice(iterable, stop)`, `islice(iterable, start, stop[, step])`: the items at
/// `start`, `start + step`, ... below `stop` (-1: no stop), consumed lazily.
struct ISlice {
    source: Option<PyRef>,
    next: i64,
    stop: i64,
    step: i64,
    count: i64,
}
native_iterator!(ISlice, "islice", islice_next, |this, visitor| {
    visit_all(visitor, this.source.iter());
});

/// CPython's `PyNumber_AsSsize_t` with the error cleared: -1 for anything but an index.
fn ssize_or_minus_one(value: &PyRef) -> i64 {
    ssize_arg(value).unwrap_or(-1)
}

pub(super) fn islice(a: Args) -> Res<PyRef> {
    let args = positional_only(&a, 2, 4)?;
    let stop_error =
        "Stop argument for islice() must be None or an integer: 0 <= x <= sys.maxsize.";
    let given = |value: &PyRef| !matches!(value.kind, Kind::None);
    let (mut start, mut stop, mut step) = (0, -1, 1);
    if args.len() == 2 {
        if given(&args[1]) {
            stop = ssize_or_minus_one(&args[1]);
            if stop == -1 {
                return raise(ExcKind::ValueError, stop_error);
            }
        }
    } else {
        if given(&args[1]) {
            start = ssize_or_minus_one(&args[1]);
        }
        if given(&args[2]) {
            stop = ssize_or_minus_one(&args[2]);
            if stop == -1 {
                return raise(ExcKind::ValueError, stop_error);
            }
        }
    }
    if start < 0 || stop < -1 {
        return raise(
            ExcKind::ValueError,
            "Indices for islice() must be None or an integer: 0 <= x <= sys.maxsize.",
        );
    }
    if let Some(value) = args.get(3).filter(|v| given(v)) {
        step = ssize_or_minus_one(value);
    }
    if step < 1 {
        return raise(ExcKind::ValueError, "Step for islice() must be a positive integer or None.");
    }
    let source = ops::iter(&args[0])?;
    Ok(new_iterator(ISlice { source: Some(source), next: start, stop, step, count: 0 }))
}

fn islice_next(this: &PyRef) -> Res<Option<PyRef>> {
    let clear = |this: &PyRef| with_state(this, |s: &mut ISlice| s.source = None);
    let Some(source) = with_state(this, |s: &mut ISlice| s.source.clone())? else {
        return Ok(None);
    };
    // Skip to the next position. As CPython's, the source ending or raising ends the slice.
    while with_state(this, |s: &mut ISlice| s.count < s.next)? {
        match ops::next(&source) {
            Ok(Some(_)) => {}
            outcome => {
                clear(this)?;
                return outcome;
            }
        }
        with_state(this, |s: &mut ISlice| s.count += 1)?;
    }
    if with_state(this, |s: &mut ISlice| s.stop != -1 && s.count >= s.stop)? {
        clear(this)?;
        return Ok(None);
    }
    let item = match ops::next(&source) {
        Ok(Some(item)) => item,
        outcome => {
            clear(this)?;
            return outcome;
        }
    };
    with_state(this, |s: &mut ISlice| {
        s.count += 1;
        let previous = s.next;
        s.next = s.next.wrapping_add(s.step);
        if s.next < previous || (s.stop != -1 && s.next > s.stop) {
            s.next = s.stop;
        }
    })?;
    Ok(Some(item))
}

// ---- zip_longest ---------------------------------------------------------------------------

/// `zip_longest(*iterables, fillvalue=None)`: tuples until the longest is exhausted, the
/// others' places filled.
struct ZipLongest {
    sources: Vec<Option<PyRef>>,
    active: usize,
    fill: PyRef,
}
native_iterator!(ZipLongest, "zip_longest", zip_longest_next, |this, visitor| {
    visit_all(visitor, this.sources.iter().flatten());
    visitor.visit(&this.fill);
});

pub(super) fn zip_longest(a: Args) -> Res<PyRef> {
    let fill = match a.keywords.as_slice() {
        [] => rt::none(),
        [(key, value)] if &**key == "fillvalue" => value.clone(),
        _ => return type_error("zip_longest() got an unexpected keyword argument"),
    };
    let mut sources = Vec::new();
    for iterable in super::constructor_args(&a) {
        sources.push(Some(ops::iter(iterable)?));
    }
    let active = sources.len();
    Ok(new_iterator(ZipLongest { sources, active, fill }))
}

fn zip_longest_next(this: &PyRef) -> Res<Option<PyRef>> {
    let (sources, active, fill) =
        with_state(this, |s: &mut ZipLongest| (s.sources.clone(), s.active, s.fill.clone()))?;
    if sources.is_empty() || active == 0 {
        return Ok(None);
    }
    let mut items = Vec::with_capacity(sources.len());
    for (index, source) in sources.iter().enumerate() {
        let Some(source) = source else {
            items.push(fill.clone());
            continue;
        };
        match ops::next(source) {
            Ok(Some(item)) => items.push(item),
            // As CPython's: a source raising ends the whole iterator.
            Err(error) => {
                with_state(this, |s: &mut ZipLongest| s.active = 0)?;
                return Err(error);
            }
            Ok(None) => {
                let left = with_state(this, |s: &mut ZipLongest| {
                    s.active -= 1;
                    s.sources[index] = None;
                    s.active
                })?;
                if left == 0 {
                    return Ok(None);
                }
                items.push(fill.clone());
            }
        }
    }
    Ok(Some(rt::tuple(items)))
}
