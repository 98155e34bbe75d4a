//! The `match` statement's instructions (CPython 3.11's MATCH_SEQUENCE, MATCH_MAPPING,
//! MATCH_KEYS and MATCH_CLASS in `ceval.c`), kept out of the evaluator's loop.

use crate::object::error::Res;
use crate::object::runtime::{self as rt, type_error};
use crate::object::{Kind, PyRef};
use crate::types::{self, attr, ops, BuiltinType};

/// Whether `object` is an instance of one of the built-in types `kinds` (or a subclass).
fn instance_of_any(object: &PyRef, kinds: &[BuiltinType]) -> bool {
    let class = types::type_of(object);
    kinds.iter().any(|&k| types::is_subclass(&class, &rt::builtin_type(k)))
}

/// Whether `object`'s class is exactly one of the built-in types `kinds`: those answer
/// without asking an ABC (whose check runs Python code), as CPython reads its type flags.
fn exactly_one_of(object: &PyRef, kinds: &[BuiltinType]) -> bool {
    let class = types::type_of(object);
    kinds.iter().any(|&k| rcgc::Gc::ptr_eq(&class, &rt::builtin_type(k)))
}

/// Built-in types that are neither sequences nor mappings.
const NEITHER: [BuiltinType; 9] = [
    BuiltinType::NoneType,
    BuiltinType::Bool,
    BuiltinType::Int,
    BuiltinType::Float,
    BuiltinType::Complex,
    BuiltinType::Set,
    BuiltinType::FrozenSet,
    BuiltinType::Str,
    BuiltinType::Bytes,
];

/// `isinstance(object, class)` for one class (CPython's `PyObject_IsInstance`): the
/// metaclass's `__instancecheck__` when one defined in Python has it (ABCs), else the MRO.
fn is_instance(object: &PyRef, class: &PyRef) -> Res<bool> {
    let object_class = types::type_of(object);
    if rcgc::Gc::ptr_eq(&object_class, class) {
        return Ok(true);
    }
    if let Kind::Class(data) = &class.kind {
        if data.metaclass.is_some() {
            if let Some(hook) = ops::lookup_special(class, "__instancecheck__") {
                let result = ops::call(&hook, vec![object.clone()], vec![])?;
                return ops::truthy(&result);
            }
        }
    }
    Ok(types::is_subclass(&object_class, class))
}

/// `isinstance(object, collections.abc.<abc>)`: CPython reads a type flag set by
/// subclassing or registering with the ABC; the ABC's own check answers the same.
fn is_abc_instance(object: &PyRef, abc: &str) -> Res<bool> {
    let module = crate::vm::import::import_module("collections.abc")?;
    let class = attr::getattr(&module, abc)?;
    is_instance(object, &class)
}

/// MATCH_SEQUENCE: lists, tuples and `collections.abc.Sequence`s, but never str, bytes or
/// bytearray.
pub(super) fn match_sequence(subject: &PyRef) -> Res<bool> {
    if matches!(subject.kind, Kind::List(_) | Kind::Tuple(_))
        || exactly_one_of(subject, &[BuiltinType::Range])
    {
        return Ok(true);
    }
    if exactly_one_of(subject, &NEITHER) {
        return Ok(false);
    }
    if instance_of_any(subject, &[BuiltinType::Str, BuiltinType::Bytes, BuiltinType::ByteArray]) {
        return Ok(false);
    }
    if instance_of_any(subject, &[BuiltinType::List, BuiltinType::Tuple]) {
        return Ok(true);
    }
    if instance_of_any(subject, &[BuiltinType::Dict]) {
        return Ok(false);
    }
    // `array.array` carries CPython's sequence flag itself (pyrc's array is not registered
    // with `collections.abc.MutableSequence` as CPython's module does).
    let class = types::type_of(subject);
    if types::mro_of(&class).iter().any(|c| {
        matches!(&c.kind, Kind::Class(data) if data.native.get().is_some_and(|d| d.full_name() == "array.array"))
    }) {
        return Ok(true);
    }
    is_abc_instance(subject, "Sequence")
}

/// MATCH_MAPPING: dicts and `collections.abc.Mapping`s.
pub(super) fn match_mapping(subject: &PyRef) -> Res<bool> {
    if instance_of_any(subject, &[BuiltinType::Dict]) {
        return Ok(true);
    }
    if matches!(subject.kind, Kind::List(_) | Kind::Tuple(_) | Kind::Str(..))
        || exactly_one_of(subject, &NEITHER)
        || exactly_one_of(subject, &[BuiltinType::Range, BuiltinType::ByteArray])
    {
        return Ok(false);
    }
    is_abc_instance(subject, "Mapping")
}

/// MATCH_KEYS: the values of `keys` in `subject` (through its `get`, as CPython), or `None`
/// when one is missing; a key given twice is a `ValueError`.
pub(super) fn match_keys(subject: &PyRef, keys: &PyRef) -> Res<PyRef> {
    let keys = ops::to_vec(keys)?;
    if keys.is_empty() {
        return Ok(rt::tuple(Vec::new()));
    }
    let get = attr::getattr(subject, "get")?;
    let dummy = ops::call(&rt::builtin_type(BuiltinType::Object), vec![], vec![])?;
    let mut values = Vec::with_capacity(keys.len());
    for (i, key) in keys.iter().enumerate() {
        for seen in &keys[..i] {
            if ops::truthy(&ops::compare(seen, key, ops::CompareOp::Eq)?)? {
                let repr = ops::repr(key)?;
                return rt::value_error(format!("mapping pattern checks duplicate key ({repr})"));
            }
        }
        let value = ops::call(&get, vec![key.clone(), dummy.clone()], vec![])?;
        if rcgc::Gc::ptr_eq(&value, &dummy) {
            return Ok(rt::none());
        }
        values.push(value);
    }
    Ok(rt::tuple(values))
}

/// `**rest`: a new dict of the items of `subject` whose keys are not in `keys`.
pub(super) fn match_rest(subject: &PyRef, keys: &PyRef) -> Res<PyRef> {
    let rest = rt::new_dict();
    let update = attr::getattr(&rest, "update")?;
    ops::call(&update, vec![subject.clone()], vec![])?;
    for key in ops::to_vec(keys)? {
        ops::delitem(&rest, &key)?;
    }
    Ok(rest)
}

/// The built-in types whose single positional sub-pattern matches the whole subject
/// (CPython's `_Py_TPFLAGS_MATCH_SELF`, inherited by subclasses).
const MATCH_SELF: [BuiltinType; 11] = [
    BuiltinType::Bool,
    BuiltinType::ByteArray,
    BuiltinType::Bytes,
    BuiltinType::Dict,
    BuiltinType::Float,
    BuiltinType::FrozenSet,
    BuiltinType::Int,
    BuiltinType::List,
    BuiltinType::Set,
    BuiltinType::Str,
    BuiltinType::Tuple,
];

/// One attribute of a class pattern: `None` when the subject has none; an attribute asked
/// for twice is a `TypeError`.
fn match_class_attr(
    subject: &PyRef,
    class: &PyRef,
    name: &PyRef,
    seen: &mut Vec<PyRef>,
) -> Res<Option<PyRef>> {
    let Some(text) = crate::object::text::str_text(name) else {
        return type_error(format!(
            "__match_args__ elements must be strings (got {})",
            types::type_name(name)
        ));
    };
    if seen.iter().any(|s| crate::object::text::str_text(s) == Some(text)) {
        let repr = ops::repr(name)?;
        return type_error(format!(
            "{}() got multiple sub-patterns for attribute {repr}",
            types::class_name(class)
        ));
    }
    seen.push(name.clone());
    attr::getattr_optional(subject, text)
}

/// MATCH_CLASS: the tuple of `count` positional attributes (named by `__match_args__`)
/// and the keyword attributes `names` of `subject`, or `None` when it is not an instance
/// of `class` or lacks one of them.
pub(super) fn match_class(
    subject: &PyRef,
    class: &PyRef,
    count: usize,
    names: &PyRef,
) -> Res<PyRef> {
    if !matches!(class.kind, Kind::Class(_)) {
        return type_error("called match pattern must be a type");
    }
    if !is_instance(subject, class)? {
        return Ok(rt::none());
    }
    let mut seen = Vec::new();
    let mut attrs = Vec::new();
    if count > 0 {
        let (match_args, match_self) = match attr::getattr_optional(class, "__match_args__")? {
            Some(args) if matches!(args.kind, Kind::Tuple(_)) => (ops::to_vec(&args)?, false),
            Some(args) => {
                return type_error(format!(
                    "{}.__match_args__ must be a tuple (got {})",
                    types::class_name(class),
                    types::type_name(&args)
                ))
            }
            None => (
                Vec::new(),
                MATCH_SELF.iter().any(|&k| types::is_subclass(class, &rt::builtin_type(k))),
            ),
        };
        let allowed = if match_self { 1 } else { match_args.len() };
        if allowed < count {
            let plural = if allowed == 1 { "" } else { "s" };
            return type_error(format!(
                "{}() accepts {allowed} positional sub-pattern{plural} ({count} given)",
                types::class_name(class)
            ));
        }
        if match_self {
            attrs.push(subject.clone());
        } else {
            for name in &match_args[..count] {
                match match_class_attr(subject, class, name, &mut seen)? {
                    Some(value) => attrs.push(value),
                    None => return Ok(rt::none()),
                }
            }
        }
    }
    for name in ops::to_vec(names)? {
        match match_class_attr(subject, class, &name, &mut seen)? {
            Some(value) => attrs.push(value),
            None => return Ok(rt::none()),
        }
    }
    Ok(rt::tuple(attrs))
}
