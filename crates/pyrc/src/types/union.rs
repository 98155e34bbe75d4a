//! `types.UnionType`, the value of `int | str` (CPython's `Objects/unionobject.c`): a class
//! made once per thread whose instances keep their flattened, deduplicated members in
//! `__args__`; `type.__or__`/`__ror__` ([`type_or`]) build them.

use std::cell::RefCell;

use rcgc::Gc;

use crate::object::error::Res;
use crate::object::native::{Args, NativeFn};
use crate::object::runtime::{self as rt, type_error};
use crate::object::{alloc, Builtin, Kind, PyRef};
use crate::types::{attr, ops};

thread_local! {
    static UNION_CLASS: RefCell<Option<PyRef>> = const { RefCell::new(None) };
}

/// The methods of `types.UnionType`.
const METHODS: &[(&str, NativeFn)] = &[
    ("__repr__", union_repr),
    ("__eq__", union_eq),
    ("__hash__", union_hash),
    ("__or__", union_or),
    ("__ror__", union_ror),
    ("__getitem__", union_getitem),
];

/// `types.UnionType` (immortal, as CPython's static type, so unions make no cyclic garbage).
pub fn union_class() -> PyRef {
    UNION_CLASS.with(|c| {
        c.borrow_mut()
            .get_or_insert_with(|| {
                let namespace = rt::new_dict();
                rt::dict_set_str(&namespace, "__module__", rt::str("types"));
                for (name, function) in METHODS {
                    let function = alloc(Kind::Builtin(Box::new(Builtin {
                        name,
                        function: *function,
                        receiver: None,
                    })));
                    rt::dict_set_str(&namespace, name, function);
                }
                let object = rt::builtin_type(crate::types::BuiltinType::Object);
                let class = crate::types::new_class("UnionType", vec![object], namespace, None)
                    .expect("object has an MRO");
                Gc::make_immortal(&class);
                class
            })
            .clone()
    })
}

/// Whether `object` is a `types.UnionType` instance.
pub fn is_union(object: &PyRef) -> bool {
    match &object.kind {
        Kind::Instance(_) => UNION_CLASS.with(|c| {
            c.borrow().as_ref().is_some_and(|u| Gc::ptr_eq(u, &crate::types::type_of(object)))
        }),
        _ => false,
    }
}

/// The members of a union (`__args__`).
pub fn union_args(union: &PyRef) -> Res<Vec<PyRef>> {
    ops::to_vec(&attr::getattr(union, "__args__")?)
}

/// Whether `x | y` with `x` may make a union (CPython's `is_unionable`): `None`, classes,
/// `types.GenericAlias` objects and unions.
fn is_unionable(object: &PyRef) -> bool {
    match &object.kind {
        Kind::None | Kind::Class(_) => true,
        Kind::Instance(_) => {
            is_union(object)
                || &*crate::types::class_name(&crate::types::type_of(object)) == "GenericAlias"
        }
        _ => false,
    }
}

/// `a | b` for classes, `None` and unions (`type.__or__`): the union, or `None` when either
/// operand cannot be a member (the caller goes on with the other operand's `__ror__`).
pub fn type_or(a: &PyRef, b: &PyRef) -> Res<Option<PyRef>> {
    if !is_unionable(a) || !is_unionable(b) {
        return Ok(None);
    }
    make_union(&[a.clone(), b.clone()]).map(Some)
}

/// A union of these members: flattened (a union member gives its own members), `None` as
/// `NoneType`, duplicates dropped; a single member is returned itself (`int | int` is `int`).
fn make_union(members: &[PyRef]) -> Res<PyRef> {
    let mut args: Vec<PyRef> = Vec::new();
    for member in members {
        let expanded = if is_union(member) { union_args(member)? } else { vec![member.clone()] };
        for item in expanded {
            let item = match item.kind {
                Kind::None => crate::types::type_of(&item),
                _ => item,
            };
            let mut seen = false;
            for present in &args {
                if Gc::ptr_eq(present, &item)
                    || (!matches!(item.kind, Kind::Class(_)) && ops::eq(present, &item)?)
                {
                    seen = true;
                    break;
                }
            }
            if !seen {
                args.push(item);
            }
        }
    }
    if args.len() == 1 {
        return Ok(args.pop().expect("one member"));
    }
    let parameters = collect_parameters(&args)?;
    let union = rt::instance(union_class());
    attr::store_in_instance(&union, "__args__", rt::tuple(args))?;
    attr::store_in_instance(&union, "__parameters__", rt::tuple(parameters))?;
    Ok(union)
}

/// The type variables among the members, in order (CPython's `_Py_make_parameters`): a
/// member with `__typing_subst__` is one, another member's `__parameters__` add theirs.
fn collect_parameters(args: &[PyRef]) -> Res<Vec<PyRef>> {
    let mut parameters: Vec<PyRef> = Vec::new();
    let mut add = |p: PyRef| {
        if !parameters.iter().any(|q| Gc::ptr_eq(q, &p)) {
            parameters.push(p);
        }
    };
    for arg in args {
        if matches!(arg.kind, Kind::Class(_)) {
            continue;
        }
        if attr::lookup(arg, "__typing_subst__")?.is_some() {
            add(arg.clone());
        } else if let Some(nested) = attr::lookup(arg, "__parameters__")? {
            if let Kind::Tuple(items) = &nested.kind {
                items.iter().cloned().for_each(&mut add);
            }
        }
    }
    Ok(parameters)
}

fn receiver(a: &Args, name: &str) -> Res<PyRef> {
    match a.positional.first() {
        Some(union) if is_union(union) => Ok(union.clone()),
        _ => type_error(format!("descriptor '{name}' requires a 'types.UnionType' object")),
    }
}

/// One member in a union's repr (CPython's `union_repr_item`).
fn repr_item(item: &PyRef) -> Res<String> {
    if matches!(item.kind, Kind::Class(_)) && Gc::ptr_eq(item, &crate::types::type_of(&rt::none()))
    {
        return Ok("None".into());
    }
    if attr::lookup(item, "__origin__")?.is_some() && attr::lookup(item, "__args__")?.is_some() {
        return Ok(ops::repr(item)?.to_string());
    }
    let (Some(qualname), Some(module)) =
        (attr::lookup(item, "__qualname__")?, attr::lookup(item, "__module__")?)
    else {
        return Ok(ops::repr(item)?.to_string());
    };
    let qualname = ops::str_of(&qualname)?.to_string();
    let module = ops::str_of(&module)?.to_string();
    Ok(if module == "builtins" { qualname } else { format!("{module}.{qualname}") })
}

fn union_repr(a: Args) -> Res<PyRef> {
    a.arity("__repr__", 1, 1)?;
    let union = receiver(&a, "__repr__")?;
    let parts = union_args(&union)?.iter().map(repr_item).collect::<Res<Vec<_>>>()?;
    Ok(rt::str(parts.join(" | ")))
}

fn union_eq(a: Args) -> Res<PyRef> {
    a.arity("__eq__", 2, 2)?;
    let union = receiver(&a, "__eq__")?;
    let other = a.arg(1);
    if !is_union(&other) {
        return Ok(rt::not_implemented());
    }
    let mine = ops::freeze_set(&ops::set_from(union_args(&union)?)?);
    let theirs = ops::freeze_set(&ops::set_from(union_args(&other)?)?);
    Ok(rt::boolean(ops::eq(&mine, &theirs)?))
}

fn union_hash(a: Args) -> Res<PyRef> {
    a.arity("__hash__", 1, 1)?;
    let union = receiver(&a, "__hash__")?;
    let members = ops::freeze_set(&ops::set_from(union_args(&union)?)?);
    Ok(rt::int(ops::hash(&members)?))
}

fn union_or(a: Args) -> Res<PyRef> {
    a.arity("__or__", 2, 2)?;
    let union = receiver(&a, "__or__")?;
    Ok(type_or(&union, &a.arg(1))?.unwrap_or_else(rt::not_implemented))
}

fn union_ror(a: Args) -> Res<PyRef> {
    a.arity("__ror__", 2, 2)?;
    let union = receiver(&a, "__ror__")?;
    Ok(type_or(&a.arg(1), &union)?.unwrap_or_else(rt::not_implemented))
}

/// `(list[T] | int)[str]`: each type variable replaced by its argument, members with
/// parameters subscripted with theirs, and the results joined with `|` again.
fn union_getitem(a: Args) -> Res<PyRef> {
    a.arity("__getitem__", 2, 2)?;
    let union = receiver(&a, "__getitem__")?;
    let parameters = ops::to_vec(&attr::getattr(&union, "__parameters__")?)?;
    if parameters.is_empty() {
        return type_error(format!("{} is not a generic class", ops::repr(&union)?));
    }
    let key = a.arg(1);
    let values = match &key.kind {
        Kind::Tuple(items) => items.to_vec(),
        _ => vec![key.clone()],
    };
    if values.len() != parameters.len() {
        let many = if values.len() > parameters.len() { "many" } else { "few" };
        return type_error(format!(
            "Too {many} arguments for {}; actual {}, expected {}",
            ops::repr(&union)?,
            values.len(),
            parameters.len()
        ));
    }
    let substitute = |arg: &PyRef| -> Res<PyRef> {
        if let Some(i) = parameters.iter().position(|p| Gc::ptr_eq(p, arg)) {
            return Ok(values[i].clone());
        }
        let own = match attr::lookup(arg, "__parameters__")? {
            Some(p) if !matches!(arg.kind, Kind::Class(_)) => ops::to_vec(&p)?,
            _ => Vec::new(),
        };
        if own.is_empty() {
            return Ok(arg.clone());
        }
        let picked: Vec<PyRef> = own
            .iter()
            .map(|p| {
                let i = parameters.iter().position(|q| Gc::ptr_eq(q, p)).unwrap_or(0);
                values[i].clone()
            })
            .collect();
        let key = if picked.len() == 1 { picked[0].clone() } else { rt::tuple(picked) };
        ops::getitem(arg, &key)
    };
    let mut result: Option<PyRef> = None;
    for arg in union_args(&union)? {
        let item = substitute(&arg)?;
        result = Some(match result {
            None => item,
            Some(left) => ops::binary_op(crate::compile::ast::BinOp::BitOr, &left, &item)?,
        });
    }
    Ok(result.unwrap_or_else(rt::none))
}
