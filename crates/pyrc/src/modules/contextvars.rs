//! The native `_contextvars` (CPython's `Python/context.c`): `Context`, `ContextVar`, `Token`
//! and `copy_context()`, under CPython's own `contextvars.py`.
//!
//! One thread, so one current context, kept here ([`current_context`]) and switched by
//! `Context.run`. A context's mapping is a small vector of (variable, value) pairs searched by
//! identity: contexts hold few variables, and a copy is a new vector (CPython shares a HAMT;
//! sharing here would let two objects trace the same handles, which the collector must not
//! see). `_pyrc_decimal` reads the current context's identity through [`current_context`] to
//! keep its `getcontext()` cache.

use std::cell::{Cell, RefCell};

use rcgc::Visitor;

use crate::object::error::Res;
use crate::object::exceptions::ExcKind;
use crate::object::native::{Args, MethodDef};
use crate::object::native_type::{
    args_after_self, state, state_of, AttrDef, NativeClassDef, NativeObject,
};
use crate::object::runtime::{self as rt, raise, type_error};
use crate::object::{Kind, PyRef};
use crate::types::native_class::{make_class, new_object};
use crate::types::ops;

/// A `Context`'s state: its variables and whether it is entered (being run).
struct Ctx {
    vars: RefCell<Vec<(PyRef, PyRef)>>,
    entered: Cell<bool>,
}

impl NativeObject for Ctx {
    fn trace(&self, visitor: &mut Visitor) {
        if let Ok(vars) = self.vars.try_borrow() {
            for (var, value) in vars.iter() {
                visitor.visit(var);
                visitor.visit(value);
            }
        }
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

impl Ctx {
    fn lookup(&self, var: &PyRef) -> Option<PyRef> {
        self.vars.borrow().iter().find(|(v, _)| rcgc::Gc::ptr_eq(v, var)).map(|(_, x)| x.clone())
    }

    /// Sets `var` to `value` (`None`: removes it); the old value is returned, to be dropped
    /// after the borrow.
    fn store(&self, var: &PyRef, value: Option<PyRef>) -> Option<PyRef> {
        let mut vars = self.vars.borrow_mut();
        let at = vars.iter().position(|(v, _)| rcgc::Gc::ptr_eq(v, var));
        match (at, value) {
            (Some(i), Some(value)) => Some(std::mem::replace(&mut vars[i].1, value)),
            (Some(i), None) => Some(vars.remove(i).1),
            (None, Some(value)) => {
                vars.push((var.clone(), value));
                None
            }
            (None, None) => None,
        }
    }
}

/// A `ContextVar`'s state: its name and default.
struct Var {
    name: PyRef,
    default: Option<PyRef>,
}

impl NativeObject for Var {
    fn trace(&self, visitor: &mut Visitor) {
        visitor.visit(&self.name);
        if let Some(default) = &self.default {
            visitor.visit(default);
        }
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

/// A `Token`'s state: what `ContextVar.reset` restores, in which context, once.
struct Tok {
    context: PyRef,
    var: PyRef,
    old: Option<PyRef>,
    used: Cell<bool>,
}

impl NativeObject for Tok {
    fn trace(&self, visitor: &mut Visitor) {
        visitor.visit(&self.context);
        visitor.visit(&self.var);
        if let Some(old) = &self.old {
            visitor.visit(old);
        }
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

static CONTEXT: NativeClassDef = NativeClassDef {
    name: "Context",
    module: "_contextvars",
    new: Some(context_new),
    methods: &[
        MethodDef { name: "run", function: context_run },
        MethodDef { name: "copy", function: context_copy },
        MethodDef { name: "get", function: context_get },
        MethodDef { name: "keys", function: |a| context_iter(a, 0) },
        MethodDef { name: "values", function: |a| context_iter(a, 1) },
        MethodDef { name: "items", function: |a| context_iter(a, 2) },
        MethodDef { name: "__iter__", function: |a| context_iter(a, 0) },
        MethodDef { name: "__getitem__", function: context_getitem },
        MethodDef { name: "__contains__", function: context_contains },
        MethodDef { name: "__len__", function: context_len },
        MethodDef { name: "__eq__", function: context_eq },
    ],
    class_methods: &[],
    attributes: &[],
    has_dict: false,
    subclassable: false,
    item_slots: None,
};

static CONTEXT_VAR: NativeClassDef = NativeClassDef {
    name: "ContextVar",
    module: "_contextvars",
    new: Some(var_new),
    methods: &[
        MethodDef { name: "get", function: var_get },
        MethodDef { name: "set", function: var_set },
        MethodDef { name: "reset", function: var_reset },
        MethodDef { name: "__repr__", function: var_repr },
    ],
    class_methods: &[MethodDef { name: "__class_getitem__", function: class_getitem }],
    attributes: &[AttrDef { name: "name", get: var_name, set: None }],
    has_dict: false,
    subclassable: false,
    item_slots: None,
};

static TOKEN: NativeClassDef = NativeClassDef {
    name: "Token",
    module: "_contextvars",
    new: Some(|_| raise(ExcKind::RuntimeError, "Tokens can only be created by ContextVars")),
    methods: &[MethodDef { name: "__repr__", function: token_repr }],
    class_methods: &[MethodDef { name: "__class_getitem__", function: class_getitem }],
    attributes: &[
        AttrDef { name: "var", get: token_var, set: None },
        AttrDef { name: "old_value", get: token_old_value, set: None },
    ],
    has_dict: false,
    subclassable: false,
    item_slots: None,
};

thread_local! {
    static CLASSES: [PyRef; 3] = {
        let context = make_class(&CONTEXT, Vec::new());
        // Contexts compare by value and are unhashable, as CPython's.
        rt::dict_set_str(&class_dict(&context), "__hash__", rt::none());
        let token = make_class(&TOKEN, Vec::new());
        rt::dict_set_str(&class_dict(&token), "MISSING", MISSING.with(Clone::clone));
        [context, make_class(&CONTEXT_VAR, Vec::new()), token]
    };
    /// `Token.MISSING`.
    static MISSING: PyRef = {
        let class = crate::types::plain_class("Token.MISSING", "_contextvars");
        let repr = crate::object::native::native("__repr__", |_| Ok(rt::str("<Token.MISSING>")));
        rt::dict_set_str(&class_dict(&class), "__repr__", repr);
        rt::instance(class)
    };
    /// The current context (made on first use).
    static CURRENT: RefCell<Option<PyRef>> = const { RefCell::new(None) };
}

/// A class's namespace, written only while the class is made (before any lookup cached it).
fn class_dict(class: &PyRef) -> PyRef {
    match &class.kind {
        Kind::Class(data) => data.dict.clone(),
        _ => rt::new_dict(),
    }
}

fn class(i: usize) -> PyRef {
    CLASSES.with(|c| c[i].clone())
}

fn new_context(vars: Vec<(PyRef, PyRef)>) -> PyRef {
    new_object(&class(0), Ctx { vars: RefCell::new(vars), entered: Cell::new(false) })
}

/// The current context object (CPython's `PyContext_CopyCurrent` without the copy): its
/// identity changes exactly when a `Context.run` enters or leaves.
pub fn current_context() -> PyRef {
    CURRENT.with(|current| {
        if let Some(context) = &*current.borrow() {
            return context.clone();
        }
        let context = new_context(Vec::new());
        *current.borrow_mut() = Some(context.clone());
        context
    })
}

/// `copy_context()`: a new context holding the current one's variables.
pub fn copy_current() -> PyRef {
    let current = current_context();
    let vars = state::<Ctx>(&current).map(|c| c.vars.borrow().clone()).unwrap_or_default();
    new_context(vars)
}

/// Whether `object` is a `Context`.
pub fn is_context(object: &PyRef) -> bool {
    state::<Ctx>(object).is_some()
}

/// `context.run(callable, *args, **kwargs)` from Rust (what `_asyncio` calls its steps with).
pub fn run_in(
    context: &PyRef,
    callable: &PyRef,
    args: Vec<PyRef>,
    kwargs: crate::object::native::Kwargs,
) -> Res<PyRef> {
    let Some(ctx) = state::<Ctx>(context) else {
        return type_error("an instance of Context was expected");
    };
    if ctx.entered.get() {
        let repr = ops::repr(context)?;
        return raise(
            ExcKind::RuntimeError,
            format!("cannot enter context: {repr} is already entered"),
        );
    }
    ctx.entered.set(true);
    let previous = CURRENT.with(|current| current.replace(Some(context.clone())));
    let result = ops::call(callable, args, kwargs);
    let entered = CURRENT.with(|current| current.replace(previous));
    ctx.entered.set(false);
    drop(entered);
    result
}

/// `import _contextvars`.
pub fn module() -> PyRef {
    super::new_module(
        "_contextvars",
        vec![
            ("Context", class(0)),
            ("ContextVar", class(1)),
            ("Token", class(2)),
            (
                "copy_context",
                crate::object::native::native("copy_context", |a| {
                    a.arity("copy_context", 0, 0)?;
                    a.no_keywords("copy_context")?;
                    Ok(copy_current())
                }),
            ),
        ],
    )
}

fn context_new(a: Args) -> Res<PyRef> {
    if a.positional.len() > 1 || !a.keywords.is_empty() {
        return type_error("Context() does not accept any arguments");
    }
    Ok(new_context(Vec::new()))
}

fn this_ctx<'a>(a: &'a Args) -> Res<(&'a PyRef, &'a Ctx)> {
    state_of::<Ctx>(a, &CONTEXT)
}

fn context_run(a: Args) -> Res<PyRef> {
    let (context, _) = this_ctx(&a)?;
    let rest = args_after_self(&a);
    let Some((callable, args)) = rest.split_first() else {
        return type_error("run() missing 1 required positional argument");
    };
    run_in(context, callable, args.to_vec(), a.keywords.clone())
}

fn context_copy(a: Args) -> Res<PyRef> {
    let (_, ctx) = this_ctx(&a)?;
    let vars = ctx.vars.borrow().clone();
    Ok(new_context(vars))
}

/// The variable argument of a mapping method: a `ContextVar`, else CPython's `TypeError`.
fn var_key(key: &PyRef) -> Res<()> {
    if state::<Var>(key).is_some() {
        Ok(())
    } else {
        type_error(format!("a ContextVar key was expected, got {}", ops::repr(key)?))
    }
}

fn context_get(a: Args) -> Res<PyRef> {
    let (_, ctx) = this_ctx(&a)?;
    let rest = args_after_self(&a);
    let values = crate::object::native::bind_arguments(
        "get",
        rest,
        &a.keywords,
        &["key", "default"],
        1,
        &[],
    )?;
    if rest.len() > 2 {
        return type_error(format!("get expected at most 2 arguments, got {}", rest.len()));
    }
    let key = values[0].clone().unwrap_or_else(rt::none);
    var_key(&key)?;
    Ok(ctx.lookup(&key).or_else(|| values[1].clone()).unwrap_or_else(rt::none))
}

fn one_arg<'a>(a: &'a Args, name: &str) -> Res<&'a PyRef> {
    match args_after_self(a) {
        [key] => Ok(key),
        more => type_error(format!("{name}() takes exactly one argument ({} given)", more.len())),
    }
}

fn context_getitem(a: Args) -> Res<PyRef> {
    let (_, ctx) = this_ctx(&a)?;
    let key = one_arg(&a, "__getitem__")?;
    var_key(key)?;
    match ctx.lookup(key) {
        Some(value) => Ok(value),
        None => Err(crate::object::error::ExcInfo::new(rt::exception_of(
            rt::exception_class(ExcKind::KeyError),
            vec![key.clone()],
        ))),
    }
}

fn context_contains(a: Args) -> Res<PyRef> {
    let (_, ctx) = this_ctx(&a)?;
    let key = one_arg(&a, "__contains__")?;
    var_key(key)?;
    Ok(rt::boolean(ctx.lookup(key).is_some()))
}

fn context_len(a: Args) -> Res<PyRef> {
    let (_, ctx) = this_ctx(&a)?;
    Ok(rt::int(ctx.vars.borrow().len() as i64))
}

/// `keys()`, `values()`, `items()`, `iter()`: an iterator over a snapshot (`what`: 0 keys,
/// 1 values, 2 pairs).
fn context_iter(a: Args, what: u8) -> Res<PyRef> {
    let (_, ctx) = this_ctx(&a)?;
    let vars = ctx.vars.borrow().clone();
    let items: Vec<PyRef> = vars
        .into_iter()
        .map(|(var, value)| match what {
            0 => var,
            1 => value,
            _ => rt::tuple(vec![var, value]),
        })
        .collect();
    ops::iter(&rt::list(items))
}

fn context_eq(a: Args) -> Res<PyRef> {
    let (_, ctx) = this_ctx(&a)?;
    let other = one_arg(&a, "__eq__")?;
    let Some(other) = state::<Ctx>(other) else { return Ok(rt::not_implemented()) };
    let mine = ctx.vars.borrow().clone();
    if mine.len() != other.vars.borrow().len() {
        return Ok(rt::boolean(false));
    }
    for (var, value) in &mine {
        match other.lookup(var) {
            Some(theirs) if ops::eq(value, &theirs)? => {}
            _ => return Ok(rt::boolean(false)),
        }
    }
    Ok(rt::boolean(true))
}

fn var_new(a: Args) -> Res<PyRef> {
    let rest = a.positional.get(1..).unwrap_or(&[]);
    let has_name_keyword = a.keywords.iter().any(|(k, _)| &**k == "name");
    if rest.len() > 1 || (rest.is_empty() && !has_name_keyword) {
        let bound = if rest.is_empty() { "exactly" } else { "at most" };
        return type_error(format!(
            "ContextVar() takes {bound} 1 positional argument ({} given)",
            rest.len()
        ));
    }
    let values = crate::object::native::bind_arguments(
        "ContextVar",
        rest,
        &a.keywords,
        &["name", "default"],
        1,
        &[],
    )?;
    let name = values[0].clone().unwrap_or_else(rt::none);
    if !matches!(name.kind, Kind::Str(..)) {
        return type_error("context variable name must be a str");
    }
    Ok(new_object(&class(1), Var { name, default: values[1].clone() }))
}

fn this_var<'a>(a: &'a Args) -> Res<(&'a PyRef, &'a Var)> {
    state_of::<Var>(a, &CONTEXT_VAR)
}

/// `var.get([default])`: the value in the current context, else `default`, else the
/// variable's default, else `LookupError(var)`.
fn var_get(a: Args) -> Res<PyRef> {
    let (object, var) = this_var(&a)?;
    a.no_keywords("get")?;
    let rest = args_after_self(&a);
    if rest.len() > 1 {
        return type_error(format!("get expected at most 1 argument, got {}", rest.len()));
    }
    let current = current_context();
    if let Some(value) = state::<Ctx>(&current).and_then(|c| c.lookup(object)) {
        return Ok(value);
    }
    if let Some(default) = rest.first().or(var.default.as_ref()) {
        return Ok(default.clone());
    }
    Err(crate::object::error::ExcInfo::new(rt::exception_of(
        rt::exception_class(ExcKind::LookupError),
        vec![object.clone()],
    )))
}

fn var_set(a: Args) -> Res<PyRef> {
    let (object, _) = this_var(&a)?;
    a.no_keywords("set")?;
    let [value] = args_after_self(&a) else {
        return type_error(format!(
            "set() takes exactly one argument ({} given)",
            args_after_self(&a).len()
        ));
    };
    let current = current_context();
    let Some(ctx) = state::<Ctx>(&current) else { return type_error("no current context") };
    let old = ctx.store(object, Some(value.clone()));
    let token = Tok { context: current.clone(), var: object.clone(), old, used: Cell::new(false) };
    Ok(new_object(&class(2), token))
}

fn var_reset(a: Args) -> Res<PyRef> {
    let (object, _) = this_var(&a)?;
    a.no_keywords("reset")?;
    let [token_object] = args_after_self(&a) else {
        return type_error(format!(
            "reset() takes exactly one argument ({} given)",
            args_after_self(&a).len()
        ));
    };
    let Some(token) = state::<Tok>(token_object) else {
        return type_error(format!(
            "expected an instance of Token, got {}",
            ops::repr(token_object)?
        ));
    };
    let repr = || ops::repr(token_object);
    if token.used.get() {
        return raise(ExcKind::RuntimeError, format!("{} has already been used once", repr()?));
    }
    if !rcgc::Gc::ptr_eq(&token.var, object) {
        return raise(
            ExcKind::ValueError,
            format!("{} was created by a different ContextVar", repr()?),
        );
    }
    let current = current_context();
    if !rcgc::Gc::ptr_eq(&token.context, &current) {
        return raise(
            ExcKind::ValueError,
            format!("{} was created in a different Context", repr()?),
        );
    }
    token.used.set(true);
    let Some(ctx) = state::<Ctx>(&current) else { return type_error("no current context") };
    let old = ctx.store(object, token.old.clone());
    drop(old);
    Ok(rt::none())
}

fn address(object: &PyRef) -> String {
    format!("0x{:012x}", rcgc::Gc::as_ptr(object) as usize)
}

fn var_repr(a: Args) -> Res<PyRef> {
    let (object, var) = this_var(&a)?;
    let mut text = format!("<ContextVar name={}", ops::repr(&var.name)?);
    if let Some(default) = &var.default {
        text.push_str(&format!(" default={}", ops::repr(default)?));
    }
    text.push_str(&format!(" at {}>", address(object)));
    Ok(rt::str(text))
}

fn var_name(a: Args) -> Res<PyRef> {
    let (_, var) = this_var(&a)?;
    Ok(var.name.clone())
}

fn this_token<'a>(a: &'a Args) -> Res<(&'a PyRef, &'a Tok)> {
    state_of::<Tok>(a, &TOKEN)
}

fn token_repr(a: Args) -> Res<PyRef> {
    let (object, token) = this_token(&a)?;
    let used = if token.used.get() { " used" } else { "" };
    Ok(rt::str(format!("<Token{used} var={} at {}>", ops::repr(&token.var)?, address(object))))
}

fn token_var(a: Args) -> Res<PyRef> {
    let (_, token) = this_token(&a)?;
    Ok(token.var.clone())
}

fn token_old_value(a: Args) -> Res<PyRef> {
    let (_, token) = this_token(&a)?;
    Ok(token.old.clone().unwrap_or_else(|| MISSING.with(Clone::clone)))
}

/// `__class_getitem__`: `types.GenericAlias(cls, item)`.
fn class_getitem(a: Args) -> Res<PyRef> {
    a.arity("__class_getitem__", 2, 2)?;
    let types = super::import("types")?;
    let alias = crate::types::attr::getattr(&types, "GenericAlias")?;
    ops::call(&alias, a.positional.clone(), vec![])
}
