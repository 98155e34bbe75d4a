//! PEP 654's `BaseExceptionGroup` and `ExceptionGroup` as CPython 3.11's
//! (`Objects/exceptions.c`): the constructor's checks and its choice of class (a
//! `BaseExceptionGroup` of `Exception`s is made an `ExceptionGroup`), `message` and the
//! `exceptions` tuple, `__str__` ("msg (N sub-exceptions)"), `__class_getitem__`, `derive`, and the recursive
//! `split` and `subgroup` by type, tuple of types or predicate, whose parts carry the
//! original's `__traceback__`, `__context__`, `__cause__` and a copy of its `__notes__`;
//! and PEP 678's `BaseException.add_note`, which makes those notes. `except*`'s two steps are
//! here too: a clause's match ([`except_star_match`]) and what is raised again at the end
//! ([`prep_reraise_star`]).
//!
//! pyrc's exceptions are instances with a `__dict__` (`args` lives there), so `message` and
//! `exceptions` are kept in it too (as `StopIteration.value` is): unlike CPython's, they are
//! assignable and `__dict__` shows them. The classes themselves are made with the other
//! built-in exceptions (`object::class`); [`install`] adds these methods to them.

use crate::object::error::Res;
use crate::object::exceptions::ExcKind;
use crate::object::native::{native, Args};
use crate::object::recursion;
use crate::object::runtime::{self as rt, type_error, value_error};
use crate::object::{Kind, PyRef};
use crate::types::{self, attr, ops};

/// Adds `__new__`, `__init__`, `__str__`, `derive`, `split` and `subgroup` to
/// `BaseExceptionGroup`'s namespace (`ExceptionGroup` inherits them).
pub fn install() {
    let base_group = base_group_class();
    let Kind::Class(data) = &base_group.kind else { return };
    for (name, function) in [
        ("__new__", native("__new__", group_new)),
        ("__init__", native("__init__", group_init)),
        ("__str__", native("__str__", group_str)),
        ("derive", native("derive", derive)),
        ("split", native("split", |a| split_method(a, "split", true))),
        ("subgroup", native("subgroup", |a| split_method(a, "subgroup", false))),
        (
            "__class_getitem__",
            crate::object::alloc(Kind::ClassMethod(native("__class_getitem__", class_getitem))),
        ),
    ] {
        rt::dict_set_str(&data.dict, name, function);
    }
    crate::object::class::bump_class_epoch();
}

/// `BaseExceptionGroup[T]`: `types.GenericAlias(cls, T)`.
fn class_getitem(a: Args) -> Res<PyRef> {
    a.arity("__class_getitem__", 2, 2)?;
    let types = (crate::object::hooks::vm().import_module)("types")?;
    let alias = attr::getattr(&types, "GenericAlias")?;
    ops::call(&alias, a.positional.clone(), vec![])
}

fn named_class(name: &str) -> PyRef {
    rt::with(|r| {
        r.exception_classes()
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, c)| c.clone())
            .expect("the exception group classes are built in")
    })
}

fn base_group_class() -> PyRef {
    named_class("BaseExceptionGroup")
}

fn group_class() -> PyRef {
    named_class("ExceptionGroup")
}

/// Whether `object` is an exception group (an instance of `BaseExceptionGroup`).
pub fn is_group(object: &PyRef) -> bool {
    types::is_subclass(&types::type_of(object), &base_group_class())
}

fn is_exception_instance(object: &PyRef) -> bool {
    types::is_subclass(&types::type_of(object), &rt::exception_class(ExcKind::BaseException))
}

/// CPython's `PySequence_Check`: a built-in sequence, or a class with `__getitem__` that is
/// not a mapping or set.
fn is_sequence(object: &PyRef) -> bool {
    match &object.kind {
        Kind::List(_)
        | Kind::Tuple(_)
        | Kind::Str(..)
        | Kind::Bytes(_)
        | Kind::ByteArray(_)
        | Kind::Range(_) => true,
        Kind::Instance(_) | Kind::Extended(_) | Kind::Native(_) => {
            crate::object::class::class_lookup(&types::type_of(object), "__getitem__").is_some()
        }
        _ => false,
    }
}

/// `BaseExceptionGroup.__new__(cls, message, exceptions)`.
fn group_new(a: Args) -> Res<PyRef> {
    let Some(class) = a.positional.first() else {
        return type_error("BaseExceptionGroup.__new__(): not enough arguments");
    };
    let args = &a.positional[1..];
    if args.len() != 2 {
        return type_error(format!(
            "BaseExceptionGroup.__new__() takes exactly 2 arguments ({} given)",
            args.len()
        ));
    }
    let message = &args[0];
    if types::str::text(message).is_none() {
        return type_error(format!(
            "BaseExceptionGroup.__new__() argument 1 must be str, not {}",
            types::type_name(message)
        ));
    }
    let sequence = &args[1];
    if !is_sequence(sequence) {
        return type_error("second argument (exceptions) must be a sequence");
    }
    let exceptions = ops::to_vec(sequence)?;
    if exceptions.is_empty() {
        return value_error("second argument (exceptions) must be a non-empty sequence");
    }
    let mut nested_base_exceptions = false;
    for (i, exc) in exceptions.iter().enumerate() {
        if !is_exception_instance(exc) {
            return value_error(format!(
                "Item {i} of second argument (exceptions) is not an exception"
            ));
        }
        if !types::is_subclass(&types::type_of(exc), &rt::exception_class(ExcKind::Exception)) {
            nested_base_exceptions = true;
        }
    }
    let group = group_class();
    let base_group = base_group_class();
    let mut class = class.clone();
    if rcgc::Gc::ptr_eq(&class, &group) {
        if nested_base_exceptions {
            return type_error("Cannot nest BaseExceptions in an ExceptionGroup");
        }
    } else if rcgc::Gc::ptr_eq(&class, &base_group) {
        if !nested_base_exceptions {
            class = group;
        }
    } else if nested_base_exceptions
        && types::is_subclass(&class, &rt::exception_class(ExcKind::Exception))
    {
        return type_error(format!(
            "Cannot nest BaseExceptions in '{}'",
            types::class_name(&class)
        ));
    }
    if !a.keywords.is_empty() {
        return type_error(format!("{}() takes no keyword arguments", types::class_name(&class)));
    }
    let object = ops::object_new(&class, args)?;
    let instance = object.instance().expect("an exception instance");
    rt::dict_set_str(&instance.dict, "message", message.clone());
    rt::dict_set_str(&instance.dict, "exceptions", rt::tuple(exceptions));
    Ok(object)
}

/// `BaseExceptionGroup.__init__(self, *args)`: `BaseException.__init__`, no keywords.
fn group_init(a: Args) -> Res<PyRef> {
    let Some(receiver) = a.positional.first() else {
        return type_error("BaseExceptionGroup.__init__(): not enough arguments");
    };
    if !a.keywords.is_empty() {
        return type_error(format!("{}() takes no keyword arguments", types::type_name(receiver)));
    }
    attr::setattr(receiver, "args", rt::tuple(a.positional[1..].to_vec()))?;
    Ok(rt::none())
}

fn receiver(a: &Args, method: &str, arity: usize) -> Res<PyRef> {
    let Some(receiver) = a.positional.first().filter(|r| is_group(r)) else {
        return type_error(format!("descriptor '{method}' requires a 'BaseExceptionGroup' object"));
    };
    if a.positional.len() != arity + 1 {
        return type_error(format!(
            "{method} expected {arity} argument{}, got {}",
            if arity == 1 { "" } else { "s" },
            a.positional.len() - 1
        ));
    }
    a.no_keywords(method)?;
    Ok(receiver.clone())
}

fn message_of(group: &PyRef) -> Res<PyRef> {
    attr::getattr(group, "message")
}

fn exceptions_of(group: &PyRef) -> Res<Vec<PyRef>> {
    ops::to_vec(&attr::getattr(group, "exceptions")?)
}

/// `str(group)`: "message (N sub-exception[s])".
fn group_str(a: Args) -> Res<PyRef> {
    let group = receiver(&a, "__str__", 0)?;
    let n = exceptions_of(&group)?.len();
    Ok(rt::str(format!(
        "{} ({n} sub-exception{})",
        &*ops::str_of(&message_of(&group)?)?,
        if n > 1 { "s" } else { "" }
    )))
}

/// `group.derive(excs)`: `BaseExceptionGroup(group.message, excs)`.
fn derive(a: Args) -> Res<PyRef> {
    let group = receiver(&a, "derive", 1)?;
    ops::call(&base_group_class(), vec![message_of(&group)?, a.arg(1)], vec![])
}

/// How `split`/`subgroup` match a leaf: by exception type(s) or by a predicate; `except*`'s
/// re-raise also keeps given leaves (by identity).
enum Matcher {
    Types(Vec<PyRef>),
    Predicate(PyRef),
    Leaves(Vec<PyRef>),
}

impl Matcher {
    fn of(value: &PyRef) -> Res<Matcher> {
        let is_exception_class = |c: &PyRef| {
            matches!(c.kind, Kind::Class(_))
                && types::is_subclass(c, &rt::exception_class(ExcKind::BaseException))
        };
        if ops::callable(value) && !matches!(value.kind, Kind::Class(_)) {
            return Ok(Matcher::Predicate(value.clone()));
        }
        if is_exception_class(value) {
            return Ok(Matcher::Types(vec![value.clone()]));
        }
        if let Kind::Tuple(items) = &value.kind {
            if items.iter().all(is_exception_class) {
                return Ok(Matcher::Types(items.to_vec()));
            }
        }
        type_error("expected a function, exception type or tuple of exception types")
    }

    fn matches(&self, exc: &PyRef) -> Res<bool> {
        match self {
            Matcher::Types(classes) => {
                let class = types::type_of(exc);
                Ok(classes.iter().any(|c| types::is_subclass(&class, c)))
            }
            Matcher::Predicate(f) => ops::truthy(&ops::call(f, vec![exc.clone()], vec![])?),
            Matcher::Leaves(leaves) => {
                Ok(!is_group(exc) && leaves.iter().any(|l| rcgc::Gc::ptr_eq(l, exc)))
            }
        }
    }
}

/// `group.split(matcher)` (`construct_rest`) or `group.subgroup(matcher)`.
fn split_method(a: Args, method: &str, construct_rest: bool) -> Res<PyRef> {
    let group = receiver(&a, method, 1)?;
    let matcher = Matcher::of(&a.arg(1))?;
    let (matched, rest) = split_recursive(&group, &matcher, construct_rest)?;
    let or_none = |part: Option<PyRef>| part.unwrap_or_else(rt::none);
    Ok(if construct_rest {
        rt::tuple(vec![or_none(matched), or_none(rest)])
    } else {
        or_none(matched)
    })
}

/// The parts of `exc` that match and (if `construct_rest`) that do not, as CPython's
/// `exceptiongroup_split_recursive`.
fn split_recursive(
    exc: &PyRef,
    matcher: &Matcher,
    construct_rest: bool,
) -> Res<(Option<PyRef>, Option<PyRef>)> {
    if matcher.matches(exc)? {
        return Ok((Some(exc.clone()), None));
    }
    if !is_group(exc) {
        return Ok((None, construct_rest.then(|| exc.clone())));
    }
    let mut matched = Vec::new();
    let mut rest = Vec::new();
    for e in exceptions_of(exc)? {
        recursion::check_recursion_in("exceptiongroup_split_recursive")?;
        let parts = split_recursive(&e, matcher, construct_rest);
        recursion::leave_recursion();
        let (m, r) = parts?;
        matched.extend(m);
        rest.extend(r);
    }
    let matched = subset(exc, matched)?;
    let rest = if construct_rest { subset(exc, rest)? } else { None };
    Ok((matched, rest))
}

/// A group of `excs` derived from `original`, with its traceback, context, cause and notes;
/// `None` when `excs` is empty.
fn subset(original: &PyRef, excs: Vec<PyRef>) -> Res<Option<PyRef>> {
    if excs.is_empty() {
        return Ok(None);
    }
    let derive = attr::getattr(original, "derive")?;
    let group = ops::call(&derive, vec![rt::list(excs)], vec![])?;
    if !is_group(&group) {
        return type_error("derive must return an instance of BaseExceptionGroup");
    }
    for name in ["__traceback__", "__context__", "__cause__"] {
        let value = attr::getattr(original, name)?;
        if name != "__traceback__" || !matches!(value.kind, Kind::None) {
            attr::setattr(&group, name, value)?;
        }
    }
    if let Some(notes) = attr::getattr_optional(original, "__notes__")? {
        if is_sequence(&notes) {
            // a copy, so that the parts' notes lists are independent
            attr::setattr(&group, "__notes__", rt::list(ops::to_vec(&notes)?))?;
        }
    }
    Ok(Some(group))
}

/// `except*`'s check of a clause's class or tuple (CPython's `check_except_star_type_valid`).
fn check_star_type(spec: &PyRef) -> Res<()> {
    let items = match &spec.kind {
        Kind::Tuple(items) => items.to_vec(),
        _ => vec![spec.clone()],
    };
    for item in &items {
        let is_exception_class = matches!(item.kind, Kind::Class(_))
            && types::is_subclass(item, &rt::exception_class(ExcKind::BaseException));
        if !is_exception_class {
            return type_error(
                "catching classes that do not inherit from BaseException is not allowed",
            );
        }
        if types::is_subclass(item, &base_group_class()) {
            return type_error(
                "catching ExceptionGroup with except* is not allowed. Use except instead.",
            );
        }
    }
    Ok(())
}

/// One `except*` clause's match of what is left of the exception caught (CPython's
/// `_PyEval_ExceptionGroupMatch`): `(rest, match)`, each `None` when empty. A naked
/// exception that matches is wrapped in a group; a group is split.
pub fn except_star_match(exc: &PyRef, spec: &PyRef) -> Res<(PyRef, PyRef)> {
    check_star_type(spec)?;
    if matches!(exc.kind, Kind::None) {
        return Ok((rt::none(), rt::none()));
    }
    let matcher = Matcher::of(spec)?;
    if matcher.matches(exc)? {
        if is_group(exc) {
            return Ok((rt::none(), exc.clone()));
        }
        let wrapped = ops::call(
            &base_group_class(),
            vec![rt::str(""), rt::tuple(vec![exc.clone()])],
            vec![],
        )?;
        let traceback = attr::getattr(exc, "__traceback__")?;
        if !matches!(traceback.kind, Kind::None) {
            attr::setattr(&wrapped, "__traceback__", traceback)?;
        }
        return Ok((rt::none(), wrapped));
    }
    if is_group(exc) {
        let split = ops::call(&attr::getattr(exc, "split")?, vec![spec.clone()], vec![])?;
        let parts = ops::to_vec(&split)?;
        let [matched, rest] = &parts[..] else {
            return type_error("split must return a 2-tuple");
        };
        return Ok((rest.clone(), matched.clone()));
    }
    Ok((exc.clone(), rt::none()))
}

/// Whether `a` is `b` or a part split from it: the same traceback, cause and context. (3.11
/// also compares a `notes` field that its `__notes__`, kept in the instance dict, never
/// fills: a part whose notes changed still counts as re-raised, as python3 3.11 shows.)
fn same_metadata(a: &PyRef, b: &PyRef) -> Res<bool> {
    for name in ["__traceback__", "__cause__", "__context__"] {
        let x = attr::getattr_optional(a, name)?.unwrap_or_else(rt::none);
        let y = attr::getattr_optional(b, name)?.unwrap_or_else(rt::none);
        if !rcgc::Gc::ptr_eq(&x, &y) {
            return Ok(false);
        }
    }
    Ok(true)
}

fn collect_leaves(exc: &PyRef, leaves: &mut Vec<PyRef>) -> Res<()> {
    if matches!(exc.kind, Kind::None) {
        return Ok(());
    }
    if !is_group(exc) {
        leaves.push(exc.clone());
        return Ok(());
    }
    for e in exceptions_of(exc)? {
        recursion::check_recursion_in("collect_exception_group_leaf_ids")?;
        let result = collect_leaves(&e, leaves);
        recursion::leave_recursion();
        result?;
    }
    Ok(())
}

/// What a `try`/`except*` raises at its end (CPython's `_PyExc_PrepReraiseStar`): from the
/// exception `caught` and the list `excs` of what the clauses raised (then what none
/// matched), the re-raised parts of `caught` in its own shape, grouped with the new ones;
/// `None` when there is nothing to raise.
pub fn prep_reraise_star(caught: &PyRef, excs: &PyRef) -> Res<PyRef> {
    let excs = ops::to_vec(excs)?;
    let Some(first) = excs.first() else { return Ok(rt::none()) };
    if !is_group(caught) {
        // A naked exception was wrapped: one clause at most ran.
        return Ok(first.clone());
    }
    let mut raised = Vec::new();
    let mut reraised = Vec::new();
    for e in excs.iter().filter(|e| !matches!(e.kind, Kind::None)) {
        if same_metadata(e, caught)? {
            reraised.push(e.clone());
        } else {
            raised.push(e.clone());
        }
    }
    let mut leaves = Vec::new();
    for e in &reraised {
        collect_leaves(e, &mut leaves)?;
    }
    let kept = if leaves.is_empty() {
        None
    } else {
        split_recursive(caught, &Matcher::Leaves(leaves), false)?.0
    };
    if raised.is_empty() {
        return Ok(kept.unwrap_or_else(rt::none));
    }
    raised.extend(kept);
    if raised.len() == 1 {
        return Ok(raised.pop().expect("one"));
    }
    ops::call(&base_group_class(), vec![rt::str(""), rt::list(raised)], vec![])
}

/// `exception.add_note(note)` (PEP 678): appends `note` to `__notes__`, made a list if absent.
pub fn add_note_method(exception: &PyRef) -> PyRef {
    crate::object::alloc(Kind::Builtin(Box::new(crate::object::Builtin {
        name: "add_note",
        function: |a| {
            let exception = a.receiver.cloned().expect("bound to the exception");
            a.no_keywords("add_note")?;
            let [note] = &a.positional[..] else {
                return rt::type_error(format!(
                    "BaseException.add_note() takes exactly one argument ({} given)",
                    a.positional.len()
                ));
            };
            if types::str::text(note).is_none() {
                return rt::type_error(format!(
                    "note must be a str, not '{}'",
                    types::type_name(note)
                ));
            }
            let notes = match attr::getattr_optional(&exception, "__notes__")? {
                Some(notes) => notes,
                None => {
                    let notes = rt::list(vec![]);
                    attr::setattr(&exception, "__notes__", notes.clone())?;
                    notes
                }
            };
            if !matches!(notes.kind, Kind::List(_)) {
                return rt::type_error("Cannot add note: __notes__ is not a list");
            }
            let append = attr::getattr(&notes, "append")?;
            ops::call(&append, vec![note.clone()], vec![])?;
            Ok(rt::none())
        },
        receiver: Some(exception.clone()),
    })))
}
