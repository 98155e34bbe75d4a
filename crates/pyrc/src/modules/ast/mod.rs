//! The native `_ast` module (CPython's `Python/Python-ast.c`): the node classes, made at
//! import from one table (`table::NODE_CLASSES`), with `_fields`, `_attributes`,
//! `__match_args__`, `None` defaults for optional fields and CPython's constructor; and
//! [`tree_to_object`], which turns the parser's neutral tree (`compile::parse::syntax_tree`)
//! into objects of those classes for `compile(..., PyCF_ONLY_AST)` and `ast.parse`.

mod table;

use std::cell::RefCell;

use crate::compile::ast::Constant;
use crate::compile::parse::syntax_tree::{TreeNode, TreeValue};
use crate::object::error::Res;
use crate::object::native::Args;
use crate::object::runtime::{self as rt, type_error};
use crate::object::PyRef;
use crate::types::{self, attr, ops};

use super::{native, new_module};

/// `compile()`'s flag asking for the tree instead of code.
pub const PYCF_ONLY_AST: i64 = 0x400;
const PYCF_TYPE_COMMENTS: i64 = 0x1000;
const PYCF_ALLOW_TOP_LEVEL_AWAIT: i64 = 0x2000;

thread_local! {
    /// The node classes of the imported `_ast` module, by name (what the tree converter makes).
    static CLASSES: RefCell<Vec<(&'static str, PyRef)>> = const { RefCell::new(Vec::new()) };
}

fn names(spec: &'static str) -> Vec<PyRef> {
    spec.split_whitespace().map(|n| rt::str(n.trim_end_matches('?'))).collect()
}

/// `import _ast`.
pub fn ast_module() -> PyRef {
    let mut made: Vec<(&'static str, PyRef)> = Vec::new();
    for &(name, base, fields, attributes) in table::NODE_CLASSES {
        let namespace = rt::new_dict();
        rt::dict_set_str(&namespace, "__module__", rt::str("ast"));
        rt::dict_set_str(&namespace, "_fields", rt::tuple(names(fields)));
        rt::dict_set_str(&namespace, "__match_args__", rt::tuple(names(fields)));
        if !attributes.is_empty() || base.is_empty() {
            rt::dict_set_str(&namespace, "_attributes", rt::tuple(names(attributes)));
        }
        for optional in fields.split_whitespace().chain(attributes.split_whitespace()) {
            if let Some(optional) = optional.strip_suffix('?') {
                rt::dict_set_str(&namespace, optional, rt::none());
            }
        }
        let base = if base.is_empty() {
            rt::dict_set_str(&namespace, "__init__", native("__init__", ast_init));
            rt::dict_set_str(&namespace, "__reduce__", native("__reduce__", ast_reduce));
            rt::builtin_type(types::BuiltinType::Object)
        } else {
            made.iter().find(|(n, _)| *n == base).map(|(_, c)| c.clone()).expect("bases first")
        };
        let class = types::new_class(name, vec![base], namespace, None).expect("single base");
        made.push((name, class));
    }
    let mut entries: Vec<(&str, PyRef)> = made.iter().map(|(n, c)| (*n, c.clone())).collect();
    entries.push(("PyCF_ONLY_AST", rt::int(PYCF_ONLY_AST)));
    entries.push(("PyCF_TYPE_COMMENTS", rt::int(PYCF_TYPE_COMMENTS)));
    entries.push(("PyCF_ALLOW_TOP_LEVEL_AWAIT", rt::int(PYCF_ALLOW_TOP_LEVEL_AWAIT)));
    CLASSES.with(|c| *c.borrow_mut() = made);
    new_module("_ast", entries)
}

/// `AST.__init__(self, *args, **kwargs)`: positional arguments fill `_fields` in order (no
/// more than there are fields), keywords set any attribute (CPython's `ast_type_init`).
fn ast_init(a: Args) -> Res<PyRef> {
    let Some(node) = a.positional.first().cloned() else {
        return type_error("descriptor '__init__' of 'AST' object needs an argument");
    };
    let given = &a.positional[1..];
    if !given.is_empty() {
        let fields = match attr::lookup(&types::type_of(&node), "_fields")? {
            Some(fields) => ops::to_vec(&fields)?,
            None => Vec::new(),
        };
        if given.len() > fields.len() {
            let class = types::type_of(&node);
            let plural = if fields.len() == 1 { "" } else { "s" };
            return type_error(format!(
                "{} constructor takes at most {} positional argument{plural}",
                types::class_name(&class),
                fields.len()
            ));
        }
        for (field, value) in fields.iter().zip(given) {
            let field = ops::str_of(field)?.to_string();
            attr::setattr(&node, &field, value.clone())?;
        }
    }
    for (key, value) in &a.keywords {
        attr::setattr(&node, key, value.clone())?;
    }
    Ok(rt::none())
}

/// `AST.__reduce__`: `(type(self), (), self.__dict__)`, so `copy` and `pickle` rebuild nodes.
fn ast_reduce(a: Args) -> Res<PyRef> {
    a.arity("__reduce__", 1, 1)?;
    let node = a.arg(0);
    let class = types::type_of(&node);
    let empty = rt::tuple(Vec::new());
    Ok(match attr::lookup(&node, "__dict__")? {
        Some(dict) => rt::tuple(vec![class, empty, dict]),
        None => rt::tuple(vec![class, empty]),
    })
}

/// The node class called `name` (importing `_ast` first if needed).
fn class_named(name: &str) -> Res<PyRef> {
    let find =
        || CLASSES.with(|c| c.borrow().iter().find(|(n, _)| *n == name).map(|(_, c)| c.clone()));
    if let Some(class) = find() {
        return Ok(class);
    }
    super::import("_ast")?;
    match find() {
        Some(class) => Ok(class),
        None => rt::raise(
            crate::object::exceptions::ExcKind::SystemError,
            format!("no AST class {name}"),
        ),
    }
}

/// A parse tree as `_ast` node objects.
pub fn tree_to_object(node: &TreeNode) -> Res<PyRef> {
    let class = class_named(node.kind)?;
    let object = rt::instance(class);
    let spec = table::NODE_CLASSES
        .iter()
        .find(|(n, ..)| *n == node.kind)
        .map(|(_, _, fields, _)| *fields)
        .unwrap_or("");
    for (field, value) in spec.split_whitespace().zip(&node.fields) {
        let field = field.trim_end_matches('?');
        attr::store_in_instance(&object, field, value_to_object(value)?)?;
    }
    if let Some([line, col, end_line, end_col]) = node.position {
        for (name, value) in [
            ("lineno", line),
            ("col_offset", col),
            ("end_lineno", end_line),
            ("end_col_offset", end_col),
        ] {
            attr::store_in_instance(&object, name, rt::int(i64::from(value)))?;
        }
    }
    Ok(object)
}

fn value_to_object(value: &TreeValue) -> Res<PyRef> {
    Ok(match value {
        TreeValue::Node(node) => tree_to_object(node)?,
        TreeValue::List(items) => {
            rt::list(items.iter().map(value_to_object).collect::<Res<Vec<_>>>()?)
        }
        TreeValue::Const(constant) => constant_object(constant)?,
    })
}

/// A constant of the tree as a Python value.
fn constant_object(constant: &Constant) -> Res<PyRef> {
    Ok(crate::object::code::constant(constant))
}
