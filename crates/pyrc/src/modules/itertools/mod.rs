//! The `itertools` module, as CPython 3.11's `Modules/itertoolsmodule.c`: lazy iterators,
//! each a class of the module (`type(count())` is `itertools.count`), whose objects are
//! built-in iterators holding a native state (`object::NativeIter`), traced for the
//! collector.
//!
//! This file: the classes, argument parsing and the state plumbing; `basic` the simple
//! iterators, `grouping` groupby and tee, `combinatoric` product, permutations and
//! combinations.

mod basic;
mod combinatoric;
mod grouping;

use std::cell::RefCell;

use crate::object::error::Res;
use crate::object::exceptions::ExcKind;
use crate::object::native::{Args, NativeFn};
use crate::object::runtime::{self as rt, raise, type_error};
use crate::object::{Kind, PyRef};
use crate::types;

use super::native_iter::{new_iterator, visit_all, with_state};
use super::new_module;

thread_local! {
    /// The module's classes by name, for `NativeIter::class` (made with the module).
    static CLASSES: RefCell<Vec<(&'static str, PyRef)>> = const { RefCell::new(Vec::new()) };
}

/// The classes of the module: name and constructor (called with the class first, as
/// `__new__`).
const CLASS_TABLE: &[(&str, NativeFn)] = &[
    ("count", basic::count),
    ("cycle", basic::cycle),
    ("repeat", basic::repeat),
    ("accumulate", basic::accumulate),
    ("chain", basic::chain),
    ("compress", basic::compress),
    ("dropwhile", basic::dropwhile),
    ("takewhile", basic::takewhile),
    ("filterfalse", basic::filterfalse),
    ("starmap", basic::starmap),
    ("pairwise", basic::pairwise),
    ("islice", basic::islice),
    ("zip_longest", basic::zip_longest),
    ("groupby", grouping::groupby),
    ("_grouper", grouping::grouper_new),
    ("_tee", grouping::tee_new),
    ("_tee_dataobject", grouping::tee_data_new),
    ("product", combinatoric::product),
    ("permutations", combinatoric::permutations),
    ("combinations", combinatoric::combinations),
    ("combinations_with_replacement", combinatoric::combinations_with_replacement),
];

/// `import itertools`.
pub fn itertools_module() -> PyRef {
    let mut entries = Vec::new();
    let mut classes = Vec::new();
    for &(name, constructor) in CLASS_TABLE {
        let class = types::plain_class(name, "itertools");
        if let Kind::Class(data) = &class.kind {
            rt::dict_set_str(&data.dict, "__new__", super::native(name, constructor));
            if name == "chain" {
                let from_iterable = super::native("from_iterable", basic::chain_from_iterable);
                rt::dict_set_str(&data.dict, "from_iterable", from_iterable);
            }
        }
        entries.push((name, class.clone()));
        classes.push((name, class));
    }
    CLASSES.with(|c| *c.borrow_mut() = classes);
    entries.push(("tee", super::native("tee", grouping::tee)));
    new_module("itertools", entries)
}

/// The class named `name` (for `NativeIter::class`).
fn class_of(name: &str) -> Option<PyRef> {
    CLASSES.with(|c| c.borrow().iter().find(|(n, _)| *n == name).map(|(_, c)| c.clone()))
}

/// Implements `NativeIter` for a state type: its class name, the function advancing it, what
/// it traces, and optionally its own repr and methods.
macro_rules! native_iterator {
    ($state:ty, $name:literal, $next:path, |$this:ident, $visitor:ident| $trace:block
     $(, repr = $repr:path)? $(, methods = $methods:expr)?) => {
        impl crate::object::NativeIter for $state {
            fn trace(&self, $visitor: &mut rcgc::Visitor) {
                let $this = self;
                $trace
            }
            fn class(&self) -> Option<crate::object::PyRef> {
                super::class_of($name)
            }
            fn resume(
                &self,
            ) -> fn(&crate::object::PyRef) -> crate::object::error::Res<Option<crate::object::PyRef>>
            {
                $next
            }
            $(fn repr(
                &self,
            ) -> Option<fn(&crate::object::PyRef) -> crate::object::error::Res<String>> {
                Some($repr)
            })?
            $(fn methods(&self) -> &'static [crate::object::native::MethodDef] {
                $methods
            })?
            fn as_any_mut(&mut self) -> &mut dyn std::any::Any {
                self
            }
        }
    };
}
pub(crate) use native_iterator;

// ---- arguments ---------------------------------------------------------------------------------

/// A constructor's arguments after the class: `Args::positional[0]` is the class (`__new__`).
fn constructor_args<'a>(a: &'a Args) -> &'a [PyRef] {
    a.positional.get(1..).unwrap_or(&[])
}

/// Arguments of a constructor that takes only positional ones, `min..=max` of them, with the
/// messages of CPython's `_PyArg_CheckPositional` and `_PyArg_NoKeywords`.
fn positional_only<'a>(a: &'a Args, min: usize, max: usize) -> Res<&'a [PyRef]> {
    if !a.keywords.is_empty() {
        return type_error(format!("{}() takes no keyword arguments", a.name));
    }
    let args = constructor_args(a);
    let n = args.len();
    if n < min || n > max {
        let (bound, count) = if n < min { (min, "at least ") } else { (max, "at most ") };
        let count = if min == max { "" } else { count };
        let plural = if bound == 1 { "" } else { "s" };
        return type_error(format!("{} expected {count}{bound} argument{plural}, got {n}", a.name));
    }
    Ok(args)
}

/// Arguments of a constructor whose parameters may be given by keyword, as CPython's
/// argument clinic parses them: `names` in order, the first `required` required, those from
/// `keyword_only` on only by keyword. Missing ones are `None`.
fn parse_args(
    a: &Args,
    names: &[&str],
    required: usize,
    keyword_only: usize,
) -> Res<Vec<Option<PyRef>>> {
    let args = constructor_args(a);
    let function = a.name;
    if args.len() > keyword_only {
        // CPython's two argument parsers word this differently: the one for functions with
        // keyword-only parameters says "positional" and "exactly" when all are required.
        let has_keyword_only = keyword_only < names.len();
        let positional = if has_keyword_only { "positional " } else { "" };
        let how = if has_keyword_only && required == keyword_only { "exactly" } else { "at most" };
        return type_error(format!(
            "{function}() takes {how} {keyword_only} {positional}argument{} ({} given)",
            if keyword_only == 1 { "" } else { "s" },
            args.len()
        ));
    }
    crate::object::native::bind_arguments(function, args, &a.keywords, names, required, &[])
}

/// A `Py_ssize_t` argument (`__index__`; `OverflowError` beyond).
fn ssize_arg(value: &PyRef) -> Res<i64> {
    let big = super::math::to_integer(value)?;
    match num_traits::ToPrimitive::to_i64(&big) {
        Some(n) => Ok(n),
        None => raise(ExcKind::OverflowError, "Python int too large to convert to C ssize_t"),
    }
}
