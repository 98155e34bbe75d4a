//! Methods of the built-in types as attributes: the dunder methods of built-in values
//! (`[].__len__`, `(1).__add__`, `{}.__getitem__`) and the functions of the type objects
//! (`list.append`, `dict.__getitem__`, `str.upper`), which take the receiver first.

use crate::compile::ast::BinOp;
use crate::object::error::Res;
use crate::object::exceptions::ExcKind;
use crate::object::native::Args;
use crate::object::runtime::{self as rt, type_error};
use crate::object::{alloc, Builtin, Kind, PyRef};
use crate::types::ops::{self, CompareOp, UnaryOp};
use crate::types::{self, BuiltinType};

/// The dunder methods built-in values answer (which kinds have which: [`has_dunder`]).
const DUNDERS: &[&str] = &[
    "__len__",
    "__getitem__",
    "__setitem__",
    "__delitem__",
    "__contains__",
    "__iter__",
    "__hash__",
    "__repr__",
    "__str__",
    "__bool__",
    "__eq__",
    "__ne__",
    "__lt__",
    "__le__",
    "__gt__",
    "__ge__",
    "__add__",
    "__radd__",
    "__sub__",
    "__rsub__",
    "__mul__",
    "__rmul__",
    "__truediv__",
    "__rtruediv__",
    "__floordiv__",
    "__rfloordiv__",
    "__mod__",
    "__rmod__",
    "__pow__",
    "__rpow__",
    "__and__",
    "__rand__",
    "__or__",
    "__ror__",
    "__xor__",
    "__rxor__",
    "__lshift__",
    "__rlshift__",
    "__rshift__",
    "__rrshift__",
    "__neg__",
    "__pos__",
    "__abs__",
    "__invert__",
    "__int__",
    "__float__",
    "__index__",
];

/// Numeric rank: an operand of a higher rank makes a lower-ranked receiver's method answer
/// `NotImplemented` (`(1).__add__(1.0)`), as CPython's per-type slots do.
fn rank(object: &PyRef) -> Option<u8> {
    match object.kind {
        Kind::Bool(_) | Kind::Int(_) => Some(0),
        Kind::Float(_) => Some(1),
        Kind::Complex(..) => Some(2),
        _ => None,
    }
}

fn binary(name: &str) -> Option<(BinOp, bool)> {
    let op_of = |stem: &str| {
        Some(match stem {
            "add" => BinOp::Add,
            "sub" => BinOp::Sub,
            "mul" => BinOp::Mult,
            "truediv" => BinOp::Div,
            "floordiv" => BinOp::FloorDiv,
            "mod" => BinOp::Mod,
            "pow" => BinOp::Pow,
            "and" => BinOp::BitAnd,
            "or" => BinOp::BitOr,
            "xor" => BinOp::BitXor,
            "lshift" => BinOp::LShift,
            "rshift" => BinOp::RShift,
            _ => return None,
        })
    };
    let stem = name.strip_prefix("__")?.strip_suffix("__")?;
    match op_of(stem) {
        Some(op) => Some((op, false)),
        None => Some((op_of(stem.strip_prefix('r')?)?, true)),
    }
}

fn comparison(name: &str) -> Option<CompareOp> {
    Some(match name {
        "__eq__" => CompareOp::Eq,
        "__ne__" => CompareOp::Ne,
        "__lt__" => CompareOp::Lt,
        "__le__" => CompareOp::Le,
        "__gt__" => CompareOp::Gt,
        "__ge__" => CompareOp::Ge,
        _ => return None,
    })
}

/// Whether a built-in value of this kind has the dunder method `name`.
fn has_dunder(kind: &Kind, name: &str) -> bool {
    let number = matches!(kind, Kind::Bool(_) | Kind::Int(_) | Kind::Float(_) | Kind::Complex(..));
    let integer = matches!(kind, Kind::Bool(_) | Kind::Int(_));
    let sized = matches!(
        kind,
        Kind::Str(..)
            | Kind::Bytes(_)
            | Kind::List(_)
            | Kind::Tuple(_)
            | Kind::Dict(_)
            | Kind::Set(_)
            | Kind::FrozenSet(_)
            | Kind::Range { .. }
    );
    let unhashable = matches!(kind, Kind::List(_) | Kind::Dict(_) | Kind::Set(_));
    match name {
        "__len__" | "__contains__" | "__iter__" => sized,
        "__getitem__" => {
            matches!(
                kind,
                Kind::Str(..)
                    | Kind::Bytes(_)
                    | Kind::List(_)
                    | Kind::Tuple(_)
                    | Kind::Dict(_)
                    | Kind::Range { .. }
            )
        }
        "__setitem__" | "__delitem__" => matches!(kind, Kind::List(_) | Kind::Dict(_)),
        "__hash__" => !unhashable,
        "__repr__" | "__str__" => true,
        "__bool__" => number || matches!(kind, Kind::None),
        "__neg__" | "__pos__" | "__abs__" => number,
        "__invert__" | "__index__" => integer,
        "__int__" | "__float__" => number && !matches!(kind, Kind::Complex(..)),
        _ if comparison(name).is_some() => {
            !matches!(kind, Kind::None) || matches!(name, "__eq__" | "__ne__")
        }
        _ => match binary(name) {
            Some((op, _)) => match kind {
                Kind::Bool(_) | Kind::Int(_) => true,
                Kind::Float(_) => !matches!(
                    op,
                    BinOp::BitAnd | BinOp::BitOr | BinOp::BitXor | BinOp::LShift | BinOp::RShift
                ),
                Kind::Complex(..) => {
                    matches!(op, BinOp::Add | BinOp::Sub | BinOp::Mult | BinOp::Div | BinOp::Pow)
                }
                Kind::Str(..) | Kind::Bytes(_) => {
                    matches!(op, BinOp::Add | BinOp::Mult | BinOp::Mod) && name != "__radd__"
                }
                Kind::List(_) | Kind::Tuple(_) => {
                    matches!(op, BinOp::Add | BinOp::Mult) && name != "__radd__"
                }
                Kind::Dict(_) => op == BinOp::BitOr,
                Kind::Set(_) | Kind::FrozenSet(_) => {
                    matches!(op, BinOp::BitOr | BinOp::BitAnd | BinOp::BitXor | BinOp::Sub)
                }
                _ => false,
            },
            None => false,
        },
    }
}

/// `value.__name__` for a built-in value's dunder method, bound to it; `None` if it has none.
pub fn dunder(object: &PyRef, name: &str) -> Option<PyRef> {
    if !matches!(
        object.kind,
        Kind::None
            | Kind::Bool(_)
            | Kind::Int(_)
            | Kind::Float(_)
            | Kind::Complex(..)
            | Kind::Str(..)
            | Kind::Bytes(_)
            | Kind::List(_)
            | Kind::Tuple(_)
            | Kind::Dict(_)
            | Kind::Set(_)
            | Kind::FrozenSet(_)
            | Kind::Range { .. }
    ) {
        return None;
    }
    if name == "__hash__" && matches!(object.kind, Kind::List(_) | Kind::Dict(_) | Kind::Set(_)) {
        return Some(rt::none()); // unhashable: `[].__hash__ is None`, as CPython
    }
    if !has_dunder(&object.kind, name) {
        return None;
    }
    let name: &'static str = DUNDERS.iter().find(|d| **d == name)?;
    Some(alloc(Kind::Builtin(Box::new(Builtin {
        name,
        function: call_dunder,
        receiver: Some(object.clone()),
    }))))
}

/// Whether `other` is an operand a built-in method of `receiver` handles (otherwise it answers
/// `NotImplemented`, letting the other operand's reflected method try).
fn accepts(receiver: &PyRef, other: &PyRef, op: Option<BinOp>) -> bool {
    if let Some(own) = rank(receiver) {
        return rank(other).is_some_and(|r| r <= own);
    }
    let same_type = || match (&receiver.kind, &other.kind) {
        (Kind::Set(_) | Kind::FrozenSet(_), Kind::Set(_) | Kind::FrozenSet(_)) => true,
        _ => BuiltinType::of(&receiver.kind) == BuiltinType::of(&other.kind),
    };
    match op {
        Some(BinOp::Mult) => matches!(other.kind, Kind::Int(_) | Kind::Bool(_)),
        Some(BinOp::Mod) => true,
        _ => same_type(),
    }
}

fn not_implemented_on_type_error(result: Res<PyRef>) -> Res<PyRef> {
    match result {
        Err(e) if rt::is_exception(&e.value, ExcKind::TypeError) => Ok(rt::not_implemented()),
        other => other,
    }
}

fn call_dunder(a: Args) -> Res<PyRef> {
    let receiver = a.receiver.cloned().expect("a dunder method has its receiver");
    let name = a.name;
    if let Some((key, _)) = a.keywords.first() {
        return type_error(format!("{name}() takes no keyword arguments (got '{key}')"));
    }
    let expected = match name {
        "__setitem__" => 2,
        "__len__" | "__iter__" | "__hash__" | "__repr__" | "__str__" | "__bool__" | "__neg__"
        | "__pos__" | "__abs__" | "__invert__" | "__int__" | "__float__" | "__index__" => 0,
        _ => 1,
    };
    if a.positional.len() != expected {
        return type_error(format!(
            "expected {expected} argument{}, got {}",
            if expected == 1 { "" } else { "s" },
            a.positional.len()
        ));
    }
    // An operand that is an instance of a subclass of a built-in type counts as its value.
    let arg = |i: usize| {
        let value = a.positional[i].clone();
        crate::object::builtin_base(&value).unwrap_or(value)
    };
    let r = &receiver;
    match name {
        "__len__" => Ok(rt::int(ops::len(r)? as i64)),
        "__getitem__" => ops::getitem(r, &arg(0)),
        // The key and value are stored as given (a dict subclass stays one).
        "__setitem__" => {
            ops::setitem(r, &a.positional[0], a.positional[1].clone()).map(|_| rt::none())
        }
        "__delitem__" => ops::delitem(r, &arg(0)).map(|_| rt::none()),
        "__contains__" => Ok(rt::boolean(ops::contains(r, &arg(0))?)),
        "__iter__" => ops::iter(r),
        "__hash__" => Ok(rt::int(ops::hash(r)?)),
        "__repr__" => Ok(rt::str(ops::repr(r)?)),
        "__str__" => Ok(rt::str(ops::str_of(r)?)),
        "__bool__" => Ok(rt::boolean(ops::truthy(r)?)),
        "__neg__" => ops::unary_op(UnaryOp::Neg, r),
        "__pos__" => ops::unary_op(UnaryOp::Pos, r),
        "__invert__" => ops::unary_op(UnaryOp::Invert, r),
        "__abs__" | "__int__" | "__float__" => {
            let callable = match name {
                "__abs__" => {
                    let builtins = rt::with(|rt| rt.builtins.clone());
                    ops::dict_get(&builtins, &rt::str("abs"))?.expect("the abs builtin exists")
                }
                "__int__" => rt::builtin_type(BuiltinType::Int),
                _ => rt::builtin_type(BuiltinType::Float),
            };
            ops::call(&callable, vec![r.clone()], vec![])
        }
        "__index__" => Ok(rt::int(ops::to_bigint(r).expect("an int"))),
        _ => {
            let other = arg(0);
            if let Some(op) = comparison(name) {
                if !accepts(r, &other, None) {
                    return Ok(rt::not_implemented());
                }
                return not_implemented_on_type_error(ops::compare(r, &other, op));
            }
            let Some((op, reflected)) = binary(name) else {
                return type_error(format!("unknown method {name}"));
            };
            if !accepts(r, &other, Some(op)) {
                return Ok(rt::not_implemented());
            }
            let result = if reflected {
                ops::binary_op(op, &other, r)
            } else {
                ops::binary_op(op, r, &other)
            };
            not_implemented_on_type_error(result)
        }
    }
}

/// A sample value of a built-in type, to look its methods up on.
fn sample(ty: BuiltinType) -> Option<PyRef> {
    Some(match ty {
        BuiltinType::Bool => rt::boolean(false),
        BuiltinType::Int => rt::int(0),
        BuiltinType::Float => rt::float(0.0),
        BuiltinType::Complex => crate::types::complex::new(0.0, 0.0),
        BuiltinType::Str => rt::str(""),
        BuiltinType::Bytes => alloc(Kind::Bytes(Vec::new().into())),
        BuiltinType::ByteArray => alloc(Kind::byte_array(Vec::new())),
        BuiltinType::List => rt::list(Vec::new()),
        BuiltinType::Tuple => rt::tuple(Vec::new()),
        BuiltinType::Dict => rt::new_dict(),
        BuiltinType::Set => ops::set_from(Vec::new()).ok()?,
        BuiltinType::FrozenSet => ops::freeze_set(&ops::set_from(Vec::new()).ok()?),
        _ => return None,
    })
}

/// `list.append`, `dict.__getitem__`, `str.upper`: a method of a built-in type looked up on
/// the type; calling it with the receiver first calls the receiver's method.
pub fn unbound(ty: BuiltinType, class: &PyRef, name: &str) -> Option<PyRef> {
    let sample = sample(ty)?;
    let method = crate::types::attr::lookup(&sample, name).ok()??;
    let Kind::Builtin(builtin) = &method.kind else { return None };
    builtin.receiver.as_ref()?;
    Some(alloc(Kind::Builtin(Box::new(Builtin {
        name: builtin.name,
        function: call_unbound,
        receiver: Some(class.clone()),
    }))))
}

pub fn call_unbound(a: Args) -> Res<PyRef> {
    let class = a.receiver.cloned().expect("an unbound method has its type");
    let class_name = match &class.kind {
        Kind::Class(c) => c.name.clone(),
        _ => "?".into(),
    };
    let Some(receiver) = a.positional.first() else {
        return type_error(format!("unbound method {class_name}.{}() needs an argument", a.name));
    };
    if !types::is_subclass(&types::type_of(receiver), &class) {
        return type_error(format!(
            "descriptor '{}' for '{class_name}' objects doesn't apply to a '{}' object",
            a.name,
            types::type_name(receiver)
        ));
    }
    // An instance of a subclass: the method of its built-in value (`dict.__getitem__(self, k)`
    // in a subclass overriding `__getitem__` must not find the override).
    let target = crate::object::builtin_base(receiver).unwrap_or_else(|| receiver.clone());
    let method = crate::types::attr::getattr(&target, a.name)?;
    ops::call(&method, a.positional[1..].to_vec(), a.keywords)
}
