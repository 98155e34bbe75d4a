//! The `refgraph` module: pictures of the heap and a narrated collection, with objgraph's
//! names and main arguments so that habits carry over: `show_refs(objs, filename=...,
//! max_depth=3)`, `show_backrefs(...)` (written as `.dot` or `.svg` by the file name's
//! extension, the SVG laid out by rcgc itself: no Graphviz needed), `show_growth()`,
//! `count(typename)`, `by_type(typename)`; and `narrate(on)`, which tells each collection's
//! phases in words (also `pyrc -X gc_narrate script.py`), through `rcgc::observe`.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::io::Write;

use rcgc::graph::{self, Explore, Graph};
use rcgc::observe::{self, Observer};
use rcgc::{Gc, GcAny};

use crate::object::error::{ExcInfo, Res};
use crate::object::exceptions::ExcKind;
use crate::object::native::Args;
use crate::object::runtime::{self as rt, raise, type_error};
use crate::object::{Kind, PyObject, PyRef};
use crate::types::{attr, ops, type_name, type_of};

use super::{native, new_module};

/// The keyword arguments `show_refs` and `show_backrefs` take (objgraph's, plus `max_nodes`).
const GRAPH_KEYWORDS: [&str; 10] = [
    "objs",
    "max_depth",
    "extra_ignore",
    "filter",
    "too_many",
    "filename",
    "output",
    "max_nodes",
    "refcounts",
    "shortnames",
];

thread_local! {
    /// `show_growth`'s peak count of each type name (objgraph's module-level `peak_stats`).
    static PEAKS: RefCell<HashMap<String, usize>> = RefCell::new(HashMap::new());
}

/// The objects a call is about: the items of a list or tuple, else the object itself
/// (objgraph's rule for `objs`).
fn roots_of(objs: &PyRef) -> Vec<PyRef> {
    match &objs.kind {
        Kind::List(items) => match items.try_borrow() {
            Ok(items) => items.iter().cloned().collect(),
            Err(_) => vec![objs.clone()],
        },
        Kind::Tuple(items) => items.to_vec(),
        _ => vec![objs.clone()],
    }
}

fn int_arg(a: &Args, name: &str, default: usize) -> Res<usize> {
    match a.keyword(name) {
        None => Ok(default),
        Some(v) => {
            let n = ops::to_index(&v)?;
            if n < 0 {
                return raise(ExcKind::ValueError, format!("{name} must not be negative"));
            }
            Ok(n as usize)
        }
    }
}

/// `"3 items"`, `"1 item"`.
fn items(n: usize) -> String {
    if n == 1 {
        "1 item".to_string()
    } else {
        format!("{n} items")
    }
}

/// At most `limit` characters, with `...` when cut.
fn shorten(text: &str, limit: usize) -> String {
    if text.chars().count() <= limit {
        text.to_string()
    } else {
        let kept: String = text.chars().take(limit.saturating_sub(3)).collect();
        format!("{kept}...")
    }
}

/// A node's label, as objgraph's: the type name, then a short detail (a container's size, a
/// short value's repr, a function's, class's or module's name).
fn label(object: &PyRef) -> String {
    let name = type_name(object);
    let detail = match &object.kind {
        // `try_borrow`: a picture drawn from code that runs while the container is being
        // changed (a key's `__eq__`) leaves the detail out rather than panic.
        Kind::List(v) => v.try_borrow().ok().map(|v| items(v.len())),
        Kind::Tuple(v) => Some(items(v.len())),
        Kind::Dict(d) | Kind::Set(d) => d.try_borrow().ok().map(|d| items(d.len())),
        Kind::FrozenSet(d) => Some(items(d.len())),
        Kind::None
        | Kind::Bool(_)
        | Kind::Int(_)
        | Kind::Float(_)
        | Kind::Complex(..)
        | Kind::Str(..)
        | Kind::Bytes(_) => ops::repr(object).ok().map(|r| shorten(&r, 32)),
        Kind::Function(_) | Kind::Class(_) | Kind::Builtin(_) => {
            attr::getattr(object, "__qualname__")
                .ok()
                .and_then(|q| crate::object::text::str_text(&q).map(str::to_string))
        }
        Kind::Module(m) => Some(m.name.to_string()),
        _ => None,
    };
    match detail {
        Some(detail) => format!("{name}\n{detail}"),
        None => name.to_string(),
    }
}

/// An edge's label, as objgraph's: a dict's key (the attribute name, for an instance's
/// `__dict__`), `__dict__` from an instance or module to its dict, `__class__` to the class.
fn edge_label(from: &PyRef, to: &PyRef) -> Option<String> {
    match &from.kind {
        Kind::Dict(d) => {
            let entries = d.try_borrow().ok()?.items();
            entries.iter().find(|(_, v)| Gc::ptr_eq(v, to)).map(|(k, _)| {
                match crate::object::text::str_text(k) {
                    Some(text) => shorten(text, 32),
                    None => ops::repr(k).map(|r| shorten(&r, 32)).unwrap_or_default(),
                }
            })
        }
        Kind::Instance(i) if Gc::ptr_eq(&i.dict, to) => Some("__dict__".to_string()),
        Kind::Instance(_) if Gc::ptr_eq(&type_of(from), to) => Some("__class__".to_string()),
        Kind::Module(m) if Gc::ptr_eq(&m.dict, to) => Some("__dict__".to_string()),
        _ => None,
    }
}

/// `show_refs` / `show_backrefs`: explores, labels, adjusts counts for the caller's own
/// references, then writes the file (or returns the DOT text).
fn show(a: Args, backrefs: bool) -> Res<PyRef> {
    let function = if backrefs { "show_backrefs" } else { "show_refs" };
    if a.positional.len() > 1 {
        return type_error(format!(
            "{function}() takes 1 positional argument but {} were given",
            a.positional.len()
        ));
    }
    for (key, _) in &a.keywords {
        if !GRAPH_KEYWORDS.contains(&&**key) {
            return type_error(format!("{function}() got an unexpected keyword argument '{key}'"));
        }
    }
    let objs = match a.positional.first().cloned().or_else(|| a.keyword("objs")) {
        Some(objs) => objs,
        None => {
            return type_error(format!(
                "{function}() missing 1 required positional argument: 'objs'"
            ))
        }
    };
    let filename = a.keyword("filename").filter(|f| !matches!(f.kind, Kind::None));
    let filename = match &filename {
        Some(f) => match crate::object::text::str_text(f) {
            Some(text) => Some(text.to_string()),
            None => return type_error("filename must be a str"),
        },
        None => None,
    };
    let svg = match filename.as_deref() {
        Some(name) if name.ends_with(".svg") => true,
        Some(name) if name.ends_with(".dot") || name.ends_with(".gv") => false,
        Some(name) => {
            return raise(
                ExcKind::ValueError,
                format!("cannot tell the format of {name:?}: use a .dot, .gv or .svg file name"),
            )
        }
        None => false,
    };
    let output = a.keyword("output").filter(|o| !matches!(o.kind, Kind::None));
    let roots = roots_of(&objs);
    let mut ignore: HashSet<usize> = HashSet::new();
    if matches!(objs.kind, Kind::List(_) | Kind::Tuple(_)) {
        // The caller's list of roots is not part of the picture (objgraph ignores it too).
        ignore.insert(Gc::as_ptr(&objs) as usize);
    }
    if let Some(extra) = a.keyword("extra_ignore") {
        for item in ops::to_vec(&extra)? {
            // objgraph's `extra_ignore` holds `id()`s; pyrc's ids are addresses.
            ignore.insert(ops::to_index(&item)? as usize);
        }
    }
    let filter_error: RefCell<Option<ExcInfo>> = RefCell::new(None);
    let filter = a.keyword("filter").filter(|f| !matches!(f.kind, Kind::None));
    let options = Explore {
        max_depth: int_arg(&a, "max_depth", 3)?,
        max_nodes: int_arg(&a, "max_nodes", 1000)?.max(1),
        too_many: int_arg(&a, "too_many", 10)?,
        ignore,
        filter: filter.map(|filter| -> graph::Filter<'_> {
            let filter_error = &filter_error;
            Box::new(move |object: &GcAny| {
                let Some(object) = object.downcast::<PyObject>() else { return false };
                if filter_error.borrow().is_some() {
                    return false;
                }
                match ops::call(&filter, vec![object], vec![]).and_then(|r| ops::truthy(&r)) {
                    Ok(keep) => keep,
                    Err(e) => {
                        *filter_error.borrow_mut() = Some(*e);
                        false
                    }
                }
            })
        }),
        label: Some(Box::new(|object: &GcAny| match object.downcast::<PyObject>() {
            Some(object) => label(&object),
            None => object.type_name().to_string(),
        })),
        edge_label: Some(Box::new(|from: &GcAny, to: &GcAny| {
            edge_label(&from.downcast::<PyObject>()?, &to.downcast::<PyObject>()?)
        })),
    };
    let erased: Vec<GcAny> = roots.iter().map(Gc::erase).collect();
    let mut picture = if backrefs {
        graph::referrers(&erased, &options)
    } else {
        graph::referents(&erased, &options)
    };
    drop(options);
    if let Some(e) = filter_error.into_inner() {
        return Err(Box::new(e));
    }
    // A single object (not in a list) is also held by the argument list and `objs`.
    let single = !matches!(objs.kind, Kind::List(_) | Kind::Tuple(_));
    discount_callers_references(&mut picture, &roots, if single { 3 } else { 2 });
    drop(erased);
    let text = if svg { picture.to_svg() } else { picture.to_dot() };
    if let Some(output) = output {
        let write = attr::getattr(&output, "write")?;
        ops::call(&write, vec![rt::str(&text)], vec![])?;
        return Ok(rt::none());
    }
    let Some(filename) = filename else { return Ok(rt::str(&text)) };
    if let Err(e) = std::fs::write(&filename, text) {
        return raise(
            ExcKind::OSError,
            format!("[Errno {}] {}: {filename:?}", e.raw_os_error().unwrap_or(0), e),
        );
    }
    super::sys::write_stdout(&format!(
        "Graph written to {filename} ({} nodes)\n",
        picture.nodes.len()
    ))?;
    Ok(rt::none())
}

/// The roots' counts without the references the call itself holds (`per_root` for each
/// occurrence: `roots`' own handle, and the `objs` list's, or for a single object the
/// argument list's and the `objs` binding's), so that a root shows what `sys.getrefcount`
/// shows less one, as every other node does.
fn discount_callers_references(picture: &mut Graph, roots: &[PyRef], per_root: usize) {
    let mut held: HashMap<usize, usize> = HashMap::new();
    for root in roots {
        *held.entry(Gc::as_ptr(root) as usize).or_default() += per_root;
    }
    for node in &mut picture.nodes {
        if let Some(n) = held.get(&node.address) {
            node.strong = node.strong.saturating_sub(*n);
        }
    }
}

/// `module.QualName` of an object's type (objgraph's long type name).
fn long_type_name(object: &PyRef) -> String {
    let class = type_of(object);
    let module = attr::getattr(&class, "__module__")
        .ok()
        .and_then(|m| crate::object::text::str_text(&m).map(str::to_string));
    match module {
        Some(module) if module != "builtins" => format!("{module}.{}", type_name(object)),
        _ => type_name(object).to_string(),
    }
}

/// The objects of `objects` (default: every tracked object) whose type is `typename` (a
/// dotted name compares with the module-qualified name, as objgraph's).
fn of_type(typename: &str, objects: Option<PyRef>) -> Res<Vec<PyRef>> {
    let objects = match objects {
        Some(objects) if !matches!(objects.kind, Kind::None) => ops::to_vec(&objects)?,
        _ => rcgc::get_objects(None).into_iter().filter_map(|o| o.downcast::<PyObject>()).collect(),
    };
    let dotted = typename.contains('.');
    Ok(objects
        .into_iter()
        .filter(|o| if dotted { long_type_name(o) == typename } else { &*type_name(o) == typename })
        .collect())
}

fn typename_arg(a: &Args, function: &str) -> Res<String> {
    let Some(name) = a.positional.first().cloned().or_else(|| a.keyword("typename")) else {
        return type_error(format!(
            "{function}() missing 1 required positional argument: 'typename'"
        ));
    };
    match crate::object::text::str_text(&name) {
        Some(text) => Ok(text.to_string()),
        None => type_error(format!("{function}() argument 'typename' must be str")),
    }
}

/// `show_growth(limit=10, shortnames=True, file=None)`: the types whose number of tracked
/// objects grew past its peak since the last call, largest growth first, as objgraph prints
/// them (`'%-*s%9d %+9d'`).
fn show_growth(a: Args) -> Res<PyRef> {
    let limit = match a.positional.first().cloned().or_else(|| a.keyword("limit")) {
        Some(v) if !matches!(v.kind, Kind::None) => Some(ops::to_index(&v)?.max(0) as usize),
        Some(_) => None,
        None => Some(10),
    };
    let shortnames = match a.keyword("shortnames") {
        Some(v) => ops::truthy(&v)?,
        None => true,
    };
    let mut counts: Vec<(String, usize)> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for object in rcgc::get_objects(None).into_iter().filter_map(|o| o.downcast::<PyObject>()) {
        let name =
            if shortnames { type_name(&object).to_string() } else { long_type_name(&object) };
        match index.get(&name) {
            Some(&i) => counts[i].1 += 1,
            None => {
                index.insert(name.clone(), counts.len());
                counts.push((name, 1));
            }
        }
    }
    let mut grown: Vec<(String, usize, usize)> = PEAKS.with(|peaks| {
        let mut peaks = peaks.borrow_mut();
        let mut grown = Vec::new();
        for (name, count) in &counts {
            let old = peaks.get(name).copied().unwrap_or(0);
            if *count > old {
                grown.push((name.clone(), *count, count - old));
                peaks.insert(name.clone(), *count);
            }
        }
        grown
    });
    grown.sort_by_key(|entry| std::cmp::Reverse(entry.2));
    if let Some(limit) = limit {
        grown.truncate(limit);
    }
    if grown.is_empty() {
        return Ok(rt::none());
    }
    let width = grown.iter().map(|(n, _, _)| n.chars().count()).max().unwrap_or(0);
    let mut text = String::new();
    for (name, count, delta) in grown {
        let pad = width - name.chars().count();
        text.push_str(&format!("{name}{}{count:>9} {:>+9}\n", " ".repeat(pad), delta as i64));
    }
    match a.keyword("file").filter(|f| !matches!(f.kind, Kind::None)) {
        Some(file) => {
            ops::call(&attr::getattr(&file, "write")?, vec![rt::str(&text)], vec![])?;
        }
        None => super::sys::write_stdout(&text)?,
    }
    Ok(rt::none())
}

/// Turns the narration of collections on (`sink`: `None` for standard error, or a Python
/// callable given each event's text) or off.
pub fn narrate(on: bool, sink: Option<PyRef>) {
    if !on {
        observe::set_observer(None);
        return;
    }
    observe::set_observer(Some(
        Observer::new(move |event| {
            let text = event.to_string();
            match &sink {
                Some(sink) => {
                    if let Err(exc) = ops::call(sink, vec![rt::str(&text)], vec![]) {
                        let description =
                            ops::repr(sink).map(|r| r.to_string()).unwrap_or_default();
                        let _ = std::io::stdout().flush();
                        eprintln!("Exception ignored in: {description}");
                        crate::vm::eval::print_exception(&exc);
                    }
                }
                None => {
                    let _ = std::io::stdout().flush();
                    eprintln!("{text}");
                }
            }
        })
        .with_cap(8),
    ));
}

pub fn refgraph_module() -> PyRef {
    new_module(
        "refgraph",
        vec![
            ("show_refs", native("show_refs", |a| show(a, false))),
            ("show_backrefs", native("show_backrefs", |a| show(a, true))),
            ("show_growth", native("show_growth", show_growth)),
            (
                "count",
                native("count", |a| {
                    let typename = typename_arg(&a, "count")?;
                    let objects = a.positional.get(1).cloned().or_else(|| a.keyword("objects"));
                    Ok(rt::int(of_type(&typename, objects)?.len() as i64))
                }),
            ),
            (
                "by_type",
                native("by_type", |a| {
                    let typename = typename_arg(&a, "by_type")?;
                    let objects = a.positional.get(1).cloned().or_else(|| a.keyword("objects"));
                    Ok(rt::list(of_type(&typename, objects)?))
                }),
            ),
            (
                "narrate",
                native("narrate", |a| {
                    let arg = a.positional.first().cloned().or_else(|| a.keyword("on"));
                    match arg {
                        None => narrate(true, None),
                        Some(v) if matches!(v.kind, Kind::Bool(_) | Kind::None | Kind::Int(_)) => {
                            narrate(ops::truthy(&v)?, None)
                        }
                        Some(v) if ops::callable(&v) => narrate(true, Some(v)),
                        Some(_) => {
                            return type_error(
                                "narrate() takes a bool or a callable given each line",
                            )
                        }
                    }
                    Ok(rt::none())
                }),
            ),
            ("is_narrating", native("is_narrating", |_| Ok(rt::boolean(observe::is_observing())))),
        ],
    )
}
