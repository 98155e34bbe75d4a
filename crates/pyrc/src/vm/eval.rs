//! The evaluator: runs pyrc's AST. Frames keep their locals on the Rust side (they are roots
//! for the cycle collector, as CPython's frames are); every value they hold is an rcgc object.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

use num_traits::ToPrimitive;
use rcgc::{Gc, Visitor};

use crate::compile::ast::{self, Expr, Stmt};
use crate::compile::scope::{self, Binding, ScopeInfo, ScopeKind};
use crate::object::error::{Exc, ExcInfo, Res, TraceEntry};
use crate::object::exceptions::ExcKind;
use crate::object::native::Kwargs;
use crate::object::recursion::{check_recursion, leave_recursion};
use crate::object::runtime::{self as rt, raise, type_error};
use crate::object::{alloc, Function, Kind, PyRef};
use crate::types;
use crate::types::attr;
use crate::types::ops::{self, CompareOp, UnaryOp};

// ---- sources, for tracebacks ----------------------------------------------------------------

thread_local! {
    static SOURCES: RefCell<HashMap<Rc<str>, Rc<Vec<String>>>> = RefCell::new(HashMap::new());
}

/// Remembers a file's source so tracebacks can show its lines.
pub fn register_source(filename: &str, source: &str) {
    let lines = source.lines().map(str::to_string).collect();
    SOURCES.with(|s| s.borrow_mut().insert(filename.into(), Rc::new(lines)));
}

/// Line `line` (1-based) of a registered file.
pub fn source_line(filename: &str, line: u32) -> Option<String> {
    SOURCES.with(|s| {
        let sources = s.borrow();
        let lines = sources.get(filename)?;
        lines.get(line.checked_sub(1)? as usize).cloned()
    })
}

// ---- frames ------------------------------------------------------------------------------

/// Keeps the AST a frame runs alive (generator expressions outlive their statement).
#[derive(Clone)]
pub enum CodeOwner {
    Module(Rc<ast::Module>),
    Function(Rc<ast::FunctionDef>),
    Class(Rc<ast::ClassDef>),
}

/// One activation: a module body, a function call, a class body or a comprehension.
pub struct Frame {
    pub scope: Rc<ScopeInfo>,
    pub fast: Vec<Option<PyRef>>,
    pub closure: Vec<PyRef>,
    /// The module namespace (a dict object).
    pub globals: PyRef,
    /// A class body's namespace.
    pub namespace: Option<PyRef>,
    pub filename: Rc<str>,
    pub function: Rc<str>,
    pub line: Cell<u32>,
    pub owner: CodeOwner,
    /// The class a method was defined in (zero-argument `super()`).
    pub defining_class: Option<PyRef>,
    /// Whether the REPL prints expression statements' values.
    pub interactive: bool,
}

impl Frame {
    pub fn trace(&self, visitor: &mut Visitor) {
        for value in self.fast.iter().flatten() {
            visitor.visit(value);
        }
        for cell in &self.closure {
            visitor.visit(cell);
        }
        visitor.visit(&self.globals);
        if let Some(ns) = &self.namespace {
            visitor.visit(ns);
        }
        if let Some(class) = &self.defining_class {
            visitor.visit(class);
        }
    }

    fn entry(&self) -> TraceEntry {
        TraceEntry {
            filename: self.filename.clone(),
            line: self.line.get(),
            function: self.function.clone(),
        }
    }
}

/// What a statement did.
pub enum Flow {
    Normal,
    Return(PyRef),
    Break,
    Continue,
}

/// Adds this frame to the traceback of an exception leaving it.
pub fn with_traceback<T>(frame: &Frame, result: Res<T>) -> Res<T> {
    result.map_err(|mut exc| {
        exc.traceback.push(frame.entry());
        exc
    })
}

// ---- modules -----------------------------------------------------------------------------

/// Runs a module's code in `globals`. The REPL passes `interactive` to echo expression values.
pub fn run_module(
    module: Rc<ast::Module>,
    globals: &PyRef,
    filename: &str,
    interactive: bool,
) -> Res<()> {
    let scope = match scope::analyze_module(&module) {
        Ok(scope) => scope,
        Err(error) => {
            let exc = rt::exception(ExcKind::SyntaxError, error.message);
            return Err(ExcInfo::new(exc));
        }
    };
    let mut frame = Frame {
        scope,
        fast: Vec::new(),
        closure: Vec::new(),
        globals: globals.clone(),
        namespace: None,
        filename: filename.into(),
        function: "<module>".into(),
        line: Cell::new(0),
        owner: CodeOwner::Module(module.clone()),
        defining_class: None,
        interactive,
    };
    crate::vm::frame_object::enter_call(&frame.function, &frame.filename, globals, 0);
    let result = exec_block(&mut frame, &module.body);
    crate::vm::frame_object::leave_call(Vec::new);
    match with_traceback(&frame, result)? {
        Flow::Normal => Ok(()),
        Flow::Return(_) => raise(ExcKind::SyntaxError, "'return' outside function"),
        Flow::Break => raise(ExcKind::SyntaxError, "'break' outside loop"),
        Flow::Continue => raise(ExcKind::SyntaxError, "'continue' not properly in loop"),
    }
}

// ---- statements --------------------------------------------------------------------------

pub fn exec_block(frame: &mut Frame, body: &[Stmt]) -> Res<Flow> {
    for stmt in body {
        match exec_stmt(frame, stmt)? {
            Flow::Normal => {}
            other => return Ok(other),
        }
    }
    Ok(Flow::Normal)
}

/// Shows an interactive expression statement's value through `sys.displayhook` (CPython's
/// `PRINT_EXPR`), looked up at the time, so that a program may replace it.
fn display(value: &PyRef) -> Res<()> {
    let sys = crate::vm::import::import_builtin("sys")?.expect("sys is built in");
    match attr::lookup(&sys, "displayhook")? {
        Some(hook) => ops::call(&hook, vec![value.clone()], vec![]).map(drop),
        None => rt::raise(ExcKind::RuntimeError, "lost sys.displayhook"),
    }
}

fn exec_stmt(frame: &mut Frame, stmt: &Stmt) -> Res<Flow> {
    frame.line.set(stmt.location().line);
    match stmt {
        Stmt::Expr { value, .. } => {
            let result = eval(frame, value)?;
            if frame.interactive && !matches!(result.kind, Kind::None) {
                display(&result)?;
            }
        }
        Stmt::Assign { targets, value, .. } => {
            let value = eval(frame, value)?;
            for target in targets {
                assign(frame, target, value.clone())?;
            }
        }
        Stmt::AugAssign { target, op, value, .. } => exec_augassign(frame, target, *op, value)?,
        Stmt::AnnAssign { target, value, .. } => {
            if let Some(value) = value {
                let value = eval(frame, value)?;
                assign(frame, target, value)?;
            }
        }
        Stmt::FunctionDef(def) => {
            let function = make_function(frame, def, CodeOwner::Function(def.clone()))?;
            let decorated = apply_decorators(frame, &def.decorators, function)?;
            store_name(frame, &def.name, decorated)?;
        }
        Stmt::ClassDef(class) => {
            let object = make_class(frame, class)?;
            let decorated = apply_decorators(frame, &class.decorators, object)?;
            store_name(frame, &class.name, decorated)?;
        }
        Stmt::Return { value, .. } => {
            let value = match value {
                Some(value) => eval(frame, value)?,
                None => rt::none(),
            };
            return Ok(Flow::Return(value));
        }
        Stmt::Delete { targets, .. } => {
            for target in targets {
                delete(frame, target)?;
            }
        }
        Stmt::If { test, body, orelse, .. } => {
            let condition = eval(frame, test)?;
            return if ops::truthy(&condition)? {
                exec_block(frame, body)
            } else {
                exec_block(frame, orelse)
            };
        }
        Stmt::While { test, body, orelse, .. } => loop {
            let condition = eval(frame, test)?;
            if !ops::truthy(&condition)? {
                return exec_block(frame, orelse);
            }
            match exec_block(frame, body)? {
                Flow::Break => return Ok(Flow::Normal),
                Flow::Return(value) => return Ok(Flow::Return(value)),
                Flow::Normal | Flow::Continue => {}
            }
        },
        Stmt::For { target, iter, body, orelse, .. } => {
            let iterable = eval(frame, iter)?;
            let iterator = ops::iter(&iterable)?;
            drop(iterable);
            loop {
                let Some(item) = ops::next(&iterator)? else {
                    return exec_block(frame, orelse);
                };
                assign(frame, target, item)?;
                match exec_block(frame, body)? {
                    Flow::Break => return Ok(Flow::Normal),
                    Flow::Return(value) => return Ok(Flow::Return(value)),
                    Flow::Normal | Flow::Continue => {}
                }
            }
        }
        Stmt::Break { .. } => return Ok(Flow::Break),
        Stmt::Continue { .. } => return Ok(Flow::Continue),
        Stmt::Pass { .. } | Stmt::Global { .. } | Stmt::Nonlocal { .. } => {}
        Stmt::Raise { exc, cause, .. } => {
            return Err(exec_raise(frame, exc.as_ref(), cause.as_ref())?)
        }
        Stmt::Try { body, handlers, orelse, finalbody, .. } => {
            return exec_try(frame, body, handlers, orelse, finalbody)
        }
        Stmt::With { items, body, .. } => return exec_with(frame, items, body),
        Stmt::Assert { test, msg, .. } => {
            let condition = eval(frame, test)?;
            if !ops::truthy(&condition)? {
                let args = match msg {
                    Some(msg) => vec![eval(frame, msg)?],
                    None => vec![],
                };
                let exc = rt::exception_of(rt::exception_class(ExcKind::AssertionError), args);
                return Err(ExcInfo::new(exc));
            }
        }
        Stmt::Import { names, .. } => {
            for alias in names {
                let module = crate::vm::import::import_module(&alias.name)?;
                match &alias.asname {
                    Some(asname) => store_name(frame, asname, module)?,
                    None => {
                        let top = alias.name.split('.').next().unwrap_or("");
                        let top_module = crate::vm::import::import_module(top)?;
                        store_name(frame, &top.into(), top_module)?;
                    }
                }
            }
        }
        Stmt::ImportFrom { module, names, level, .. } => {
            let name = crate::vm::import::resolve_name(&frame.globals, module.as_deref(), *level)?;
            let module = crate::vm::import::import_module(&name)?;
            for alias in names {
                if &*alias.name == "*" {
                    let Kind::Module(m) = &module.kind else { continue };
                    let items = match &m.dict.kind {
                        Kind::Dict(d) => d.borrow().items(),
                        _ => vec![],
                    };
                    let public = attr::lookup(&module, "__all__")?
                        .map(|all| ops::to_vec(&all))
                        .transpose()?;
                    for (key, value) in items {
                        if let Kind::Str(key, _) = &key.kind {
                            let listed = match &public {
                                Some(all) => all
                                    .iter()
                                    .any(|n| matches!(&n.kind, Kind::Str(s, _) if s == key)),
                                None => !key.starts_with('_'),
                            };
                            if listed {
                                store_name(frame, key, value)?;
                            }
                        }
                    }
                    continue;
                }
                let value = crate::vm::import::import_from(&module, &name, &alias.name)?;
                store_name(frame, alias.asname.as_ref().unwrap_or(&alias.name), value)?;
            }
        }
        Stmt::Unsupported { what, .. } => {
            return raise(ExcKind::SyntaxError, format!("{what} is not supported by pyrc"));
        }
    }
    Ok(Flow::Normal)
}

fn apply_decorators(frame: &mut Frame, decorators: &[Expr], mut object: PyRef) -> Res<PyRef> {
    let mut evaluated = Vec::with_capacity(decorators.len());
    for decorator in decorators {
        evaluated.push(eval(frame, decorator)?);
    }
    for decorator in evaluated.iter().rev() {
        object = ops::call(decorator, vec![object], vec![])?;
    }
    Ok(object)
}

fn exec_augassign(frame: &mut Frame, target: &Expr, op: ast::BinOp, value: &Expr) -> Res<()> {
    match target {
        Expr::Name { id, .. } => {
            let current = load_name(frame, id)?;
            let rhs = eval(frame, value)?;
            let result = ops::inplace_op(op, &current, &rhs)?;
            store_name(frame, id, result)
        }
        Expr::Attribute { value: object, attr: name, .. } => {
            let object = eval(frame, object)?;
            let current = attr::getattr(&object, name)?;
            let rhs = eval(frame, value)?;
            let result = ops::inplace_op(op, &current, &rhs)?;
            attr::setattr(&object, name, result)
        }
        Expr::Subscript { value: object, index, .. } => {
            let object = eval(frame, object)?;
            let index = eval(frame, index)?;
            let current = ops::getitem(&object, &index)?;
            let rhs = eval(frame, value)?;
            let result = ops::inplace_op(op, &current, &rhs)?;
            ops::setitem(&object, &index, result)
        }
        _ => raise(ExcKind::SyntaxError, "illegal expression for augmented assignment"),
    }
}

/// Builds the exception a `raise` statement raises.
fn exec_raise(frame: &mut Frame, exc: Option<&Expr>, cause: Option<&Expr>) -> Res<Exc> {
    let Some(exc) = exc else {
        let current = rt::with(|r| r.handling.borrow().last().cloned());
        return match current {
            Some(value) => Ok(ExcInfo::new(value)),
            None => Ok(ExcInfo::new(rt::exception(
                ExcKind::RuntimeError,
                "No active exception to reraise",
            ))),
        };
    };
    let value = eval(frame, exc)?;
    let value = make_exception(value)?;
    if let Some(cause) = cause {
        let cause = eval(frame, cause)?;
        let cause = if matches!(cause.kind, Kind::None) { cause } else { make_exception(cause)? };
        attr::setattr(&value, "__cause__", cause)?;
        attr::setattr(&value, "__suppress_context__", rt::boolean(true))?;
    }
    set_context_if_unset(&value, rt::with(|r| r.handling.borrow().last().cloned()));
    Ok(ExcInfo::new(value))
}

/// An exception instance from `raise X` (class or instance).
pub fn make_exception(value: PyRef) -> Res<PyRef> {
    let base = rt::exception_class(ExcKind::BaseException);
    match &value.kind {
        Kind::Class(_) if types::is_subclass(&value, &base) => ops::call(&value, vec![], vec![]),
        Kind::Instance(_) | Kind::Extended(_)
            if value
                .instance()
                .is_some_and(|instance| types::is_subclass(&instance.class, &base)) =>
        {
            Ok(value)
        }
        _ => type_error("exceptions must derive from BaseException"),
    }
}

fn exception_matches(exc: &PyRef, spec: &PyRef) -> Res<bool> {
    match &spec.kind {
        Kind::Tuple(items) => {
            for item in items {
                if exception_matches(exc, item)? {
                    return Ok(true);
                }
            }
            Ok(false)
        }
        Kind::Class(_) => Ok(types::is_subclass(&types::type_of(exc), spec)),
        _ => type_error("catching classes that do not inherit from BaseException is not allowed"),
    }
}

fn exec_try(
    frame: &mut Frame,
    body: &[Stmt],
    handlers: &[ast::ExceptHandler],
    orelse: &[Stmt],
    finalbody: &[Stmt],
) -> Res<Flow> {
    let outcome = match exec_block(frame, body) {
        Ok(Flow::Normal) => exec_block(frame, orelse),
        Ok(flow) => Ok(flow),
        Err(exc) => {
            // Record where it passed through this frame, then look for a handler.
            let mut exc = exc;
            exc.traceback.push(frame.entry());
            let mut handled = None;
            for handler in handlers {
                let matches = match &handler.typ {
                    None => true,
                    Some(typ) => {
                        let spec = eval(frame, typ)?;
                        exception_matches(&exc.value, &spec)?
                    }
                };
                if matches {
                    handled = Some(handler);
                    break;
                }
            }
            match handled {
                None => {
                    exc.traceback.pop();
                    Err(exc)
                }
                Some(handler) => {
                    let value = exc.value.clone();
                    // Implicit chaining: caught while another exception is being handled.
                    set_context_if_unset(&value, rt::with(|r| r.handling.borrow().last().cloned()));
                    remember_traceback(&value, &exc.traceback);
                    if let Some(name) = &handler.name {
                        store_name(frame, name, value.clone())?;
                    }
                    rt::with(|r| r.handling.borrow_mut().push(value.clone()));
                    let result = exec_block(frame, &handler.body);
                    let finished = rt::with(|r| r.handling.borrow_mut().pop());
                    drop(finished);
                    // An exception leaving the handler was raised while handling this one.
                    if let Err(raised) = &result {
                        set_context_if_unset(&raised.value, Some(value));
                    }
                    if let Some(name) = &handler.name {
                        // `except E as e:` ends with `del e` (breaks the traceback cycle).
                        let _ = delete_name(frame, name);
                    }
                    result
                }
            }
        }
    };
    if finalbody.is_empty() {
        return outcome;
    }
    match exec_block(frame, finalbody)? {
        Flow::Normal => outcome,
        other => Ok(other), // `return`/`break` in `finally` wins, discarding the exception
    }
}

fn exec_with(frame: &mut Frame, items: &[ast::WithItem], body: &[Stmt]) -> Res<Flow> {
    let Some((first, rest)) = items.split_first() else { return exec_block(frame, body) };
    let manager = eval(frame, &first.context_expr)?;
    let enter = special_method(&manager, "__enter__")?;
    let exit = special_method(&manager, "__exit__")?;
    let entered = ops::call(&enter, vec![], vec![])?;
    if let Some(target) = &first.optional_vars {
        assign(frame, target, entered)?;
    }
    let result = exec_with(frame, rest, body);
    match result {
        Ok(flow) => {
            let none = rt::none();
            ops::call(&exit, vec![none.clone(), none.clone(), none], vec![])?;
            Ok(flow)
        }
        Err(exc) => {
            let kind = types::type_of(&exc.value);
            let suppress = ops::call(&exit, vec![kind, exc.value.clone(), rt::none()], vec![])?;
            if ops::truthy(&suppress)? {
                Ok(Flow::Normal)
            } else {
                Err(exc)
            }
        }
    }
}

fn special_method(object: &PyRef, name: &str) -> Res<PyRef> {
    match attr::lookup(object, name)? {
        Some(method) => Ok(method),
        None => type_error(format!(
            "'{}' object does not support the context manager protocol",
            types::type_name(object)
        )),
    }
}

// ---- names -------------------------------------------------------------------------------

fn cell_get(cell: &PyRef) -> Option<PyRef> {
    match &cell.kind {
        Kind::Cell(content) => content.borrow().clone(),
        _ => None,
    }
}

fn cell_set(cell: &PyRef, value: Option<PyRef>) -> Option<PyRef> {
    match &cell.kind {
        Kind::Cell(content) => std::mem::replace(&mut *content.borrow_mut(), value),
        _ => None,
    }
}

fn dict_lookup(dict: &PyRef, name: &str) -> Option<PyRef> {
    match &dict.kind {
        Kind::Dict(d) => d.borrow().get_str(name),
        _ => None,
    }
}

fn global_or_builtin(frame: &Frame, name: &str) -> Res<PyRef> {
    if let Some(value) = dict_lookup(&frame.globals, name) {
        return Ok(value);
    }
    if let Some(value) = rt::with(|r| dict_lookup(&r.builtins, name)) {
        return Ok(value);
    }
    raise(ExcKind::NameError, format!("name '{name}' is not defined"))
}

pub fn load_name(frame: &Frame, name: &ast::Name) -> Res<PyRef> {
    match frame.scope.binding(name) {
        Binding::Local(slot) => match &frame.fast[slot] {
            Some(value) => Ok(value.clone()),
            None => raise(
                ExcKind::UnboundLocalError,
                format!("cannot access local variable '{name}' where it is not associated with a value"),
            ),
        },
        Binding::Cell(slot) => match frame.fast[slot].as_ref().and_then(cell_get) {
            Some(value) => Ok(value),
            None => raise(
                ExcKind::UnboundLocalError,
                format!("cannot access local variable '{name}' where it is not associated with a value"),
            ),
        },
        Binding::Free(index) => match frame.closure.get(index).and_then(cell_get) {
            Some(value) => Ok(value),
            None => raise(
                ExcKind::NameError,
                format!("cannot access free variable '{name}' where it is not associated with a value in enclosing scope"),
            ),
        },
        Binding::Global => global_or_builtin(frame, name),
        Binding::ClassNamespace => {
            if let Some(ns) = &frame.namespace {
                if let Some(value) = dict_lookup(ns, name) {
                    return Ok(value);
                }
            }
            global_or_builtin(frame, name)
        }
    }
}

fn set_in_dict(dict: &PyRef, name: &ast::Name, value: PyRef) {
    if let Kind::Dict(d) = &dict.kind {
        crate::object::track_dict_for(dict, &value);
        let old = d.borrow_mut().set_name(name, value);
        drop(old);
    }
}

pub fn store_name(frame: &mut Frame, name: &ast::Name, value: PyRef) -> Res<()> {
    match frame.scope.binding(name) {
        Binding::Local(slot) => {
            let old = frame.fast[slot].replace(value);
            drop(old);
        }
        Binding::Cell(slot) => {
            let cell = frame.fast[slot].clone().expect("cells are created at frame entry");
            let old = cell_set(&cell, Some(value));
            drop(old);
        }
        Binding::Free(index) => {
            let old = cell_set(&frame.closure[index], Some(value));
            drop(old);
        }
        Binding::Global => set_in_dict(&frame.globals, name, value),
        Binding::ClassNamespace => {
            let ns = frame.namespace.clone().unwrap_or_else(|| frame.globals.clone());
            set_in_dict(&ns, name, value);
        }
    }
    Ok(())
}

fn delete_name(frame: &mut Frame, name: &ast::Name) -> Res<()> {
    let unbound = || raise::<()>(ExcKind::NameError, format!("name '{name}' is not defined"));
    let old = match frame.scope.binding(name) {
        Binding::Local(slot) => frame.fast[slot].take(),
        Binding::Cell(slot) => frame.fast[slot].clone().and_then(|cell| cell_set(&cell, None)),
        Binding::Free(index) => cell_set(&frame.closure[index], None),
        Binding::Global => remove_from_dict(&frame.globals, name),
        Binding::ClassNamespace => {
            let ns = frame.namespace.clone().unwrap_or_else(|| frame.globals.clone());
            remove_from_dict(&ns, name)
        }
    };
    match old {
        // Dropped here, after every borrow: `__del__` may run now (the seed's `del t`).
        Some(value) => {
            drop(value);
            Ok(())
        }
        None => unbound(),
    }
}

fn remove_from_dict(dict: &PyRef, name: &str) -> Option<PyRef> {
    match &dict.kind {
        Kind::Dict(d) => {
            let entry = d.borrow_mut().remove_str(name);
            entry.map(|e| e.value)
        }
        _ => None,
    }
}

// ---- assignment targets -------------------------------------------------------------------

pub fn assign(frame: &mut Frame, target: &Expr, value: PyRef) -> Res<()> {
    match target {
        Expr::Name { id, .. } => store_name(frame, id, value),
        Expr::Attribute { value: object, attr: name, .. } => {
            let object = eval(frame, object)?;
            attr::setattr(&object, name, value)
        }
        Expr::Subscript { value: object, index, .. } => {
            let object = eval(frame, object)?;
            let index = eval(frame, index)?;
            ops::setitem(&object, &index, value)
        }
        Expr::Tuple { elts, .. } | Expr::List { elts, .. } => unpack(frame, elts, value),
        Expr::Starred { .. } => {
            raise(ExcKind::SyntaxError, "starred assignment target must be in a list or tuple")
        }
        _ => raise(ExcKind::SyntaxError, "cannot assign to expression"),
    }
}

fn unpack(frame: &mut Frame, targets: &[Expr], value: PyRef) -> Res<()> {
    let items = match ops::to_vec(&value) {
        Ok(items) => items,
        Err(e) if rt::is_exception(&e.value, ExcKind::TypeError) => {
            return type_error(format!(
                "cannot unpack non-iterable {} object",
                types::type_name(&value)
            ))
        }
        Err(e) => return Err(e),
    };
    drop(value);
    let star = targets.iter().position(|t| matches!(t, Expr::Starred { .. }));
    match star {
        None => {
            if items.len() != targets.len() {
                return if items.len() > targets.len() {
                    rt::value_error(format!(
                        "too many values to unpack (expected {})",
                        targets.len()
                    ))
                } else {
                    rt::value_error(format!(
                        "not enough values to unpack (expected {}, got {})",
                        targets.len(),
                        items.len()
                    ))
                };
            }
            for (target, item) in targets.iter().zip(items) {
                assign(frame, target, item)?;
            }
            Ok(())
        }
        Some(star) => {
            let after = targets.len() - star - 1;
            if items.len() < targets.len() - 1 {
                return rt::value_error(format!(
                    "not enough values to unpack (expected at least {}, got {})",
                    targets.len() - 1,
                    items.len()
                ));
            }
            let mut items = items;
            let tail = items.split_off(items.len() - after);
            let middle = items.split_off(star);
            for (target, item) in targets[..star].iter().zip(items) {
                assign(frame, target, item)?;
            }
            if let Expr::Starred { value: inner, .. } = &targets[star] {
                assign(frame, inner, rt::list(middle))?;
            }
            for (target, item) in targets[star + 1..].iter().zip(tail) {
                assign(frame, target, item)?;
            }
            Ok(())
        }
    }
}

fn delete(frame: &mut Frame, target: &Expr) -> Res<()> {
    match target {
        Expr::Name { id, .. } => delete_name(frame, id),
        Expr::Attribute { value, attr: name, .. } => {
            let object = eval(frame, value)?;
            attr::delattr(&object, name)
        }
        Expr::Subscript { value, index, .. } => {
            let object = eval(frame, value)?;
            let index = eval(frame, index)?;
            ops::delitem(&object, &index)
        }
        Expr::Tuple { elts, .. } | Expr::List { elts, .. } => {
            for elt in elts {
                delete(frame, elt)?;
            }
            Ok(())
        }
        _ => raise(ExcKind::SyntaxError, "cannot delete expression"),
    }
}

// ---- expressions -------------------------------------------------------------------------

fn constant(value: &ast::Constant) -> Res<PyRef> {
    Ok(match value {
        ast::Constant::None => rt::none(),
        ast::Constant::Bool(b) => rt::boolean(*b),
        ast::Constant::Ellipsis => rt::with(|r| r.ellipsis.clone()),
        ast::Constant::Int(i) => match i {
            ast::IntValue::Small(v) => rt::int(*v),
            ast::IntValue::Big(v) => rt::int(v.clone()),
        },
        ast::Constant::Float(f) => rt::float(*f),
        ast::Constant::Complex { real, imag } => crate::types::complex::new(*real, *imag),
        ast::Constant::Str(s) => rt::str(s.clone()),
        ast::Constant::Bytes(b) => alloc(Kind::Bytes(b.clone())),
    })
}

fn compare_op(op: ast::CmpOp) -> Option<CompareOp> {
    Some(match op {
        ast::CmpOp::Eq => CompareOp::Eq,
        ast::CmpOp::NotEq => CompareOp::Ne,
        ast::CmpOp::Lt => CompareOp::Lt,
        ast::CmpOp::LtE => CompareOp::Le,
        ast::CmpOp::Gt => CompareOp::Gt,
        ast::CmpOp::GtE => CompareOp::Ge,
        _ => return None,
    })
}

fn compare(op: ast::CmpOp, left: &PyRef, right: &PyRef) -> Res<PyRef> {
    match op {
        ast::CmpOp::Is => Ok(rt::boolean(Gc::ptr_eq(left, right))),
        ast::CmpOp::IsNot => Ok(rt::boolean(!Gc::ptr_eq(left, right))),
        ast::CmpOp::In => Ok(rt::boolean(ops::contains(right, left)?)),
        ast::CmpOp::NotIn => Ok(rt::boolean(!ops::contains(right, left)?)),
        other => ops::compare(left, right, compare_op(other).expect("rich comparison")),
    }
}

/// Evaluates an expression.
pub fn eval(frame: &mut Frame, expr: &Expr) -> Res<PyRef> {
    match expr {
        Expr::Name { id, .. } => load_name(frame, id),
        Expr::Constant { value, .. } => constant(value),
        Expr::FString { parts, .. } => Ok(rt::str(fstring(frame, parts)?)),
        Expr::Tuple { elts, .. } => Ok(rt::tuple(eval_elements(frame, elts)?)),
        Expr::List { elts, .. } => Ok(rt::list(eval_elements(frame, elts)?)),
        Expr::Set { elts, .. } => ops::set_from(eval_elements(frame, elts)?),
        Expr::Dict { items, .. } => {
            let dict = rt::new_dict();
            for item in items {
                let value = eval(frame, &item.value)?;
                match &item.key {
                    Some(key) => {
                        let key = eval(frame, key)?;
                        ops::dict_set(&dict, key, value)?;
                    }
                    None => {
                        for (k, v) in ops::mapping_items(&value)? {
                            ops::dict_set(&dict, k, v)?;
                        }
                    }
                }
            }
            Ok(dict)
        }
        Expr::Starred { .. } => raise(ExcKind::SyntaxError, "can't use starred expression here"),
        Expr::Attribute { value, attr: name, .. } => {
            let object = eval(frame, value)?;
            attr::getattr(&object, name)
        }
        Expr::Subscript { value, index, .. } => {
            let object = eval(frame, value)?;
            let index = eval(frame, index)?;
            ops::getitem(&object, &index)
        }
        Expr::Slice { lower, upper, step, .. } => {
            let mut part = |e: &Option<Box<Expr>>| -> Res<PyRef> {
                match e {
                    Some(e) => eval(frame, e),
                    None => Ok(rt::none()),
                }
            };
            let (start, stop, step) = (part(lower)?, part(upper)?, part(step)?);
            Ok(alloc(Kind::Slice(Box::new(crate::object::Slice { start, stop, step }))))
        }
        Expr::Call { func, args, keywords, .. } => eval_call(frame, func, args, keywords),
        Expr::BinOp { left, op, right, .. } => {
            let left = eval(frame, left)?;
            let right = eval(frame, right)?;
            ops::binary_op(*op, &left, &right)
        }
        Expr::UnaryOp { op, operand, .. } => {
            let value = eval(frame, operand)?;
            let op = match op {
                ast::UnaryOp::Not => UnaryOp::Not,
                ast::UnaryOp::Invert => UnaryOp::Invert,
                ast::UnaryOp::UAdd => UnaryOp::Pos,
                ast::UnaryOp::USub => UnaryOp::Neg,
            };
            ops::unary_op(op, &value)
        }
        Expr::BoolOp { op, values, .. } => {
            let mut result = rt::none();
            for value in values {
                result = eval(frame, value)?;
                let truth = ops::truthy(&result)?;
                match op {
                    ast::BoolOp::And if !truth => return Ok(result),
                    ast::BoolOp::Or if truth => return Ok(result),
                    _ => {}
                }
            }
            Ok(result)
        }
        Expr::Compare { left, ops: operators, comparators, .. } => {
            let mut left = eval(frame, left)?;
            let mut result = rt::boolean(true);
            for (op, right) in operators.iter().zip(comparators) {
                let right = eval(frame, right)?;
                result = compare(*op, &left, &right)?;
                if !ops::truthy(&result)? {
                    return Ok(result);
                }
                left = right;
            }
            Ok(result)
        }
        Expr::IfExp { test, body, orelse, .. } => {
            let condition = eval(frame, test)?;
            if ops::truthy(&condition)? {
                eval(frame, body)
            } else {
                eval(frame, orelse)
            }
        }
        Expr::Lambda { func, .. } => make_function(frame, func, CodeOwner::Function(func.clone())),
        Expr::ListComp { elt, generators, .. } => {
            let mut out = Vec::new();
            run_comprehension(frame, expr, generators, &mut |f| {
                out.push(eval(f, elt)?);
                Ok(())
            })?;
            Ok(rt::list(out))
        }
        Expr::SetComp { elt, generators, .. } => {
            let set = ops::set_from(vec![])?;
            run_comprehension(frame, expr, generators, &mut |f| {
                let item = eval(f, elt)?;
                ops::dict_set(&set, item, rt::none())
            })?;
            Ok(set)
        }
        Expr::DictComp { key, value, generators, .. } => {
            let dict = rt::new_dict();
            run_comprehension(frame, expr, generators, &mut |f| {
                let k = eval(f, key)?;
                let v = eval(f, value)?;
                ops::dict_set(&dict, k, v)
            })?;
            Ok(dict)
        }
        Expr::GeneratorExp { .. } => crate::vm::genexp::create(frame, expr),
        Expr::Yield { value, .. } => {
            let value = match value {
                Some(value) => eval(frame, value)?,
                None => rt::none(),
            };
            crate::vm::generator::yield_value(value)
        }
        Expr::YieldFrom { value, .. } => {
            let value = eval(frame, value)?;
            crate::vm::generator::yield_from(value)
        }
        Expr::NamedExpr { target, value, .. } => {
            let value = eval(frame, value)?;
            store_name(frame, target, value.clone())?;
            Ok(value)
        }
        Expr::Unsupported { what, .. } => {
            raise(ExcKind::SyntaxError, format!("{what} is not supported by pyrc"))
        }
    }
}

fn eval_elements(frame: &mut Frame, elts: &[Expr]) -> Res<Vec<PyRef>> {
    let mut items = Vec::with_capacity(elts.len());
    for elt in elts {
        if let Expr::Starred { value, .. } = elt {
            let iterable = eval(frame, value)?;
            items.extend(ops::to_vec(&iterable)?);
        } else {
            items.push(eval(frame, elt)?);
        }
    }
    Ok(items)
}

fn eval_call(
    frame: &mut Frame,
    func: &Expr,
    args: &[Expr],
    keywords: &[ast::Keyword],
) -> Res<PyRef> {
    // `super()` with no arguments: the defining class and the first argument.
    if let (Expr::Name { id, .. }, true, true) = (func, args.is_empty(), keywords.is_empty()) {
        if &**id == "super"
            && frame.scope.binding(id) == Binding::Global
            && dict_lookup(&frame.globals, "super").is_none()
        {
            return zero_argument_super(frame);
        }
    }
    let callable = eval(frame, func)?;
    let positional = eval_elements(frame, args)?;
    let mut kwargs: Kwargs = Vec::with_capacity(keywords.len());
    for keyword in keywords {
        let value = eval(frame, &keyword.value)?;
        match &keyword.arg {
            Some(name) => kwargs.push((name.clone(), value)),
            None => {
                for (k, v) in ops::mapping_items(&value)? {
                    let Kind::Str(k, _) = &k.kind else {
                        return type_error("keywords must be strings");
                    };
                    if kwargs.iter().any(|(existing, _)| existing == k) {
                        return type_error(format!(
                            "got multiple values for keyword argument '{k}'"
                        ));
                    }
                    kwargs.push((k.clone(), v));
                }
            }
        }
    }
    ops::call(&callable, positional, kwargs)
}

fn zero_argument_super(frame: &Frame) -> Res<PyRef> {
    let Some(class) = frame.defining_class.clone() else {
        return raise(ExcKind::RuntimeError, "super(): __class__ cell not found");
    };
    let receiver = frame.fast.first().cloned().flatten().and_then(|first| match &first.kind {
        Kind::Cell(_) => cell_get(&first),
        _ => Some(first),
    });
    match receiver {
        Some(receiver) => Ok(alloc(Kind::Super { class, receiver })),
        None => raise(ExcKind::RuntimeError, "super(): no arguments"),
    }
}

fn fstring(frame: &mut Frame, parts: &[ast::FStringPart]) -> Res<String> {
    let mut out = String::new();
    for part in parts {
        match part {
            ast::FStringPart::Literal(text) => out.push_str(text),
            ast::FStringPart::Formatted(field) => {
                let value = eval(frame, &field.value)?;
                let value = match field.conversion {
                    ast::Conversion::None => value,
                    ast::Conversion::Str => rt::str(ops::str_of(&value)?),
                    ast::Conversion::Repr => rt::str(ops::repr(&value)?),
                    ast::Conversion::Ascii => {
                        rt::str(crate::types::format::ascii(&ops::repr(&value)?))
                    }
                };
                let spec = match &field.format_spec {
                    Some(spec) => fstring(frame, spec)?,
                    None => String::new(),
                };
                out.push_str(&crate::types::format::format_value(&value, &spec)?);
            }
        }
    }
    Ok(out)
}

// ---- comprehensions ------------------------------------------------------------------------

/// The cells a nested scope needs, taken from this frame.
fn closure_for(frame: &Frame, child: &ScopeInfo) -> Res<Vec<PyRef>> {
    let mut cells = Vec::with_capacity(child.freevars.len());
    for name in &child.freevars {
        let cell = match frame.scope.binding(name) {
            Binding::Cell(slot) => frame.fast[slot].clone(),
            Binding::Free(index) => frame.closure.get(index).cloned(),
            _ => None,
        };
        match cell {
            Some(cell) => cells.push(cell),
            None => {
                return raise(ExcKind::SystemError, format!("no cell for free variable '{name}'"))
            }
        }
    }
    Ok(cells)
}

/// A frame for a nested scope, with its cells created.
pub fn child_frame(
    frame: &Frame,
    scope: Rc<ScopeInfo>,
    closure: Vec<PyRef>,
    function: Rc<str>,
) -> Frame {
    let mut fast = vec![None; scope.slots];
    for (slot, _) in &scope.cell_slots {
        fast[*slot] = Some(alloc(Kind::Cell(RefCell::new(None))));
    }
    Frame {
        scope,
        fast,
        closure,
        globals: frame.globals.clone(),
        namespace: None,
        filename: frame.filename.clone(),
        function,
        line: Cell::new(frame.line.get()),
        owner: frame.owner.clone(),
        defining_class: None,
        interactive: false,
    }
}

/// Binds slot `slot` (a local or a cell) of a fresh frame.
pub fn bind_slot(frame: &mut Frame, slot: usize, value: PyRef) {
    match &frame.fast[slot] {
        Some(cell)
            if matches!(cell.kind, Kind::Cell(_))
                && frame.scope.cell_slots.iter().any(|(s, _)| *s == slot) =>
        {
            let old = cell_set(cell, Some(value));
            drop(old);
        }
        _ => frame.fast[slot] = Some(value),
    }
}

fn run_comprehension(
    frame: &mut Frame,
    node: &Expr,
    generators: &[ast::Comprehension],
    emit: &mut dyn FnMut(&mut Frame) -> Res<()>,
) -> Res<()> {
    let scope = frame.scope.child(scope::key(node)).ok_or_else(|| {
        ExcInfo::new(rt::exception(ExcKind::SystemError, "comprehension scope missing"))
    })?;
    let first = eval(frame, &generators[0].iter)?;
    let iterator = ops::iter(&first)?;
    let closure = closure_for(frame, &scope)?;
    let mut inner = child_frame(frame, scope, closure, "<listcomp>".into());
    bind_slot(&mut inner, 0, iterator.clone());
    check_recursion()?;
    let result = comprehension_level(&mut inner, generators, 0, Some(iterator), emit);
    leave_recursion();
    result
}

fn comprehension_level(
    frame: &mut Frame,
    generators: &[ast::Comprehension],
    level: usize,
    iterator: Option<PyRef>,
    emit: &mut dyn FnMut(&mut Frame) -> Res<()>,
) -> Res<()> {
    let Some(generator) = generators.get(level) else { return emit(frame) };
    let iterator = match iterator {
        Some(it) => it,
        None => {
            let iterable = eval(frame, &generator.iter)?;
            ops::iter(&iterable)?
        }
    };
    'items: while let Some(item) = ops::next(&iterator)? {
        assign(frame, &generator.target, item)?;
        for condition in &generator.ifs {
            let value = eval(frame, condition)?;
            if !ops::truthy(&value)? {
                continue 'items;
            }
        }
        comprehension_level(frame, generators, level + 1, None, emit)?;
    }
    Ok(())
}

// ---- functions and classes ---------------------------------------------------------------

fn make_function(frame: &mut Frame, def: &Rc<ast::FunctionDef>, _owner: CodeOwner) -> Res<PyRef> {
    let scope = frame.scope.child(scope::key(&**def)).ok_or_else(|| {
        ExcInfo::new(rt::exception(ExcKind::SystemError, "function scope missing"))
    })?;
    let mut defaults = Vec::new();
    for param in def.params.posonly.iter().chain(&def.params.args) {
        if let Some(default) = &param.default {
            defaults.push(eval(frame, default)?);
        }
    }
    let mut kw_defaults = Vec::new();
    for param in &def.params.kwonly {
        if let Some(default) = &param.default {
            kw_defaults.push((param.name.clone(), eval(frame, default)?));
        }
    }
    let closure = closure_for(frame, &scope)?;
    let qualname: Rc<str> = match (&frame.scope.kind, &*frame.function) {
        (ScopeKind::Module, _) => def.name.clone(),
        (ScopeKind::Class, class) => format!("{class}.{}", def.name).into(),
        (_, outer) => format!("{outer}.<locals>.{}", def.name).into(),
    };
    Ok(alloc(Kind::Function(Box::new(Function {
        name: def.name.clone(),
        qualname,
        def: def.clone(),
        scope,
        filename: frame.filename.clone(),
        globals: frame.globals.clone(),
        defaults: defaults.into(),
        kw_defaults: kw_defaults.into(),
        closure: closure.into(),
        dict: RefCell::new(None),
        defining_class: RefCell::new(None),
        renamed: RefCell::new(None),
    }))))
}

fn make_class(frame: &mut Frame, class: &Rc<ast::ClassDef>) -> Res<PyRef> {
    let mut bases = Vec::new();
    for base in &class.bases {
        let base = eval(frame, base)?;
        if !matches!(&base.kind, Kind::Class(_)) {
            return type_error("bases must be types");
        }
        // `object` as an explicit base adds nothing: every class ends with it.
        if !matches!(&base.kind, Kind::Class(d) if d.builtin == Some(types::BuiltinType::Object)) {
            bases.push(base);
        }
    }
    if bases.is_empty() {
        bases.push(rt::builtin_type(types::BuiltinType::Object));
    }
    types::check_bases(&bases).map_err(|m| ExcInfo::new(rt::exception(ExcKind::TypeError, m)))?;
    let scope = frame
        .scope
        .child(scope::key(&**class))
        .ok_or_else(|| ExcInfo::new(rt::exception(ExcKind::SystemError, "class scope missing")))?;
    let namespace = rt::new_dict();
    let module_name =
        dict_lookup(&frame.globals, "__name__").unwrap_or_else(|| rt::str("__main__"));
    set_in_dict(&namespace, &"__module__".into(), module_name);
    let qualname: Rc<str> = match frame.scope.kind {
        ScopeKind::Module => class.name.clone(),
        ScopeKind::Class => format!("{}.{}", frame.function, class.name).into(),
        _ => format!("{}.<locals>.{}", frame.function, class.name).into(),
    };
    set_in_dict(&namespace, &"__qualname__".into(), rt::str(qualname.clone()));
    let closure = closure_for(frame, &scope)?;
    let mut body_frame = child_frame(frame, scope, closure, qualname.clone());
    body_frame.namespace = Some(namespace.clone());
    body_frame.owner = CodeOwner::Class(class.clone());
    check_recursion()?;
    let result = exec_block(&mut body_frame, &class.body);
    leave_recursion();
    with_traceback(&body_frame, result)?;
    drop(body_frame);
    let object = types::new_python_class(&class.name, bases, namespace.clone())
        .map_err(|m| ExcInfo::new(rt::exception(ExcKind::TypeError, m)))?;
    if let Kind::Class(data) = &object.kind {
        if let Some(q) = dict_lookup(&namespace, "__qualname__") {
            if let Kind::Str(..) = &q.kind {
                // kept in the namespace, as CPython keeps `__qualname__` on the type
            }
        }
        let _ = data;
    }
    // Methods that call `super()` learn their class (CPython's `__class__` cell).
    if let Kind::Dict(d) = &namespace.kind {
        for value in d.borrow().values() {
            let function = match &value.kind {
                Kind::StaticMethod(inner) | Kind::ClassMethod(inner) => inner.clone(),
                _ => value.clone(),
            };
            if let Kind::Function(f) = &function.kind {
                if f.scope.uses_super {
                    *f.defining_class.borrow_mut() = Some(object.clone());
                }
            }
        }
    }
    Ok(object)
}

/// Calls a function defined in Python.
pub fn call_function(function: &PyRef, args: Vec<PyRef>, kwargs: Kwargs) -> Res<PyRef> {
    let Kind::Function(f) = &function.kind else { return type_error("not a function") };
    let mut frame = Frame {
        scope: f.scope.clone(),
        fast: vec![None; f.scope.slots],
        closure: f.closure.to_vec(),
        globals: f.globals.clone(),
        namespace: None,
        filename: f.filename.clone(),
        function: f.name.clone(),
        line: Cell::new(f.def.location.line),
        owner: CodeOwner::Function(f.def.clone()),
        defining_class: f.defining_class.borrow().clone(),
        interactive: false,
    };
    for (slot, _) in &f.scope.cell_slots {
        frame.fast[*slot] = Some(alloc(Kind::Cell(RefCell::new(None))));
    }
    bind_arguments(&mut frame, f, args, kwargs)?;
    if f.def.is_generator {
        return crate::vm::generator::create(f, frame);
    }
    check_recursion()?;
    crate::vm::frame_object::enter_call(
        &frame.function,
        &frame.filename,
        &frame.globals,
        frame.line.get(),
    );
    let result = exec_block(&mut frame, &f.def.body);
    crate::vm::frame_object::leave_call(|| frame_locals(&frame));
    leave_recursion();
    let flow = with_traceback(&frame, result)?;
    Ok(match flow {
        Flow::Return(value) => value,
        _ => rt::none(),
    })
}

/// A finished call's local variables by name (cells are given as cells), for its frame object.
fn frame_locals(frame: &Frame) -> Vec<(Rc<str>, PyRef)> {
    let mut locals = Vec::new();
    for (name, slot) in frame.scope.local_slots() {
        if let Some(Some(value)) = frame.fast.get(slot) {
            locals.push((name, value.clone()));
        }
    }
    locals
}

fn bind_arguments(frame: &mut Frame, f: &Function, args: Vec<PyRef>, kwargs: Kwargs) -> Res<()> {
    let params = &f.def.params;
    let name = &f.name;
    let positional: Vec<&ast::Param> = params.posonly.iter().chain(&params.args).collect();
    let slot =
        |frame: &Frame, p: &ast::Name| frame.scope.slot_of(p).expect("parameters have slots");
    let n_positional = positional.len();
    let given = args.len();
    let mut args = args.into_iter();
    let mut filled = vec![false; n_positional];
    for (i, param) in positional.iter().enumerate() {
        if let Some(value) = args.next() {
            let s = slot(frame, &param.name);
            bind_slot(frame, s, value);
            filled[i] = true;
        }
    }
    let extra: Vec<PyRef> = args.collect();
    if let Some(vararg) = &params.vararg {
        let s = slot(frame, &vararg.name);
        bind_slot(frame, s, rt::tuple(extra));
    } else if !extra.is_empty() {
        let n_defaults = f.defaults.len();
        let expected = if n_defaults == 0 {
            format!("{n_positional}")
        } else {
            format!("from {} to {n_positional}", n_positional - n_defaults)
        };
        let plural = if n_positional == 1 && n_defaults == 0 { "" } else { "s" };
        let kw_given =
            kwargs.iter().filter(|(k, _)| params.kwonly.iter().any(|p| &p.name == k)).count();
        let kw_note = if kw_given > 0 {
            format!(
                " positional argument{} (and {kw_given} keyword-only argument{}) were given",
                if given == 1 { "" } else { "s" },
                if kw_given == 1 { "" } else { "s" }
            )
        } else {
            format!(" {} given", if given == 1 { "was" } else { "were" })
        };
        return type_error(format!(
            "{name}() takes {expected} positional argument{plural} but {given}{kw_note}"
        ));
    }
    let kwargs_dict = params.kwarg.as_ref().map(|_| rt::new_dict());
    for (key, value) in kwargs {
        if let Some(i) = params.args.iter().position(|p| p.name == key) {
            let index = params.posonly.len() + i;
            if filled[index] {
                return type_error(format!("{name}() got multiple values for argument '{key}'"));
            }
            let s = slot(frame, &key);
            bind_slot(frame, s, value);
            filled[index] = true;
        } else if params.kwonly.iter().any(|p| p.name == key) {
            let s = slot(frame, &key);
            if frame.fast[s]
                .as_ref()
                .is_some_and(|v| !matches!(&v.kind, Kind::Cell(c) if c.borrow().is_none()))
            {
                return type_error(format!("{name}() got multiple values for argument '{key}'"));
            }
            bind_slot(frame, s, value);
        } else if let Some(dict) = &kwargs_dict {
            ops::dict_set(dict, rt::str(key), value)?;
        } else {
            return type_error(format!("{name}() got an unexpected keyword argument '{key}'"));
        }
    }
    // Defaults for the trailing positional parameters.
    let first_default = n_positional - f.defaults.len();
    let mut missing = Vec::new();
    for (i, param) in positional.iter().enumerate() {
        if filled[i] {
            continue;
        }
        if i >= first_default {
            let s = slot(frame, &param.name);
            bind_slot(frame, s, f.defaults[i - first_default].clone());
        } else {
            missing.push(param.name.clone());
        }
    }
    if !missing.is_empty() {
        return type_error(missing_message(name, &missing, "positional"));
    }
    let mut missing_kw = Vec::new();
    for param in &params.kwonly {
        let s = slot(frame, &param.name);
        let unset = match &frame.fast[s] {
            None => true,
            Some(v) => {
                matches!(&v.kind, Kind::Cell(c) if c.borrow().is_none())
                    && frame.scope.cell_slots.iter().any(|(cs, _)| *cs == s)
            }
        };
        if unset {
            match f.kw_defaults.iter().find(|(k, _)| *k == param.name) {
                Some((_, default)) => bind_slot(frame, s, default.clone()),
                None => missing_kw.push(param.name.clone()),
            }
        }
    }
    if !missing_kw.is_empty() {
        return type_error(missing_message(name, &missing_kw, "keyword-only"));
    }
    if let (Some(kwarg), Some(dict)) = (&params.kwarg, kwargs_dict) {
        let s = slot(frame, &kwarg.name);
        bind_slot(frame, s, dict);
    }
    Ok(())
}

fn missing_message(function: &str, missing: &[ast::Name], kind: &str) -> String {
    let quoted: Vec<String> = missing.iter().map(|m| format!("'{m}'")).collect();
    let list = match quoted.len() {
        1 => quoted[0].clone(),
        2 => format!("{} and {}", quoted[0], quoted[1]),
        _ => format!("{}, and {}", quoted[..quoted.len() - 1].join(", "), quoted[quoted.len() - 1]),
    };
    let plural = if missing.len() == 1 { "" } else { "s" };
    format!("{function}() missing {} required {kind} argument{plural}: {list}", missing.len())
}

// ---- finalizers and exception reports -----------------------------------------------------

/// The finalizer of instances: calls `__del__` (PEP 442: once, possibly resurrecting). An
/// exception is printed as CPython's "Exception ignored in" block and swallowed.
pub fn call_del(this: &PyRef) {
    if let Kind::Iterator(_) = &this.kind {
        crate::vm::generator::finalize(this);
        return;
    }
    let Some(instance) = this.instance() else { return };
    let Some(method) = crate::object::class::class_lookup_name(
        &instance.class,
        crate::object::hash::name!("__del__"),
    ) else {
        return;
    };
    let bound = attr::bind_to_instance(&method, this, &instance.class);
    if let Err(exc) = ops::call(&bound, vec![], vec![]) {
        let description =
            ops::repr(&method).map(|r| r.to_string()).unwrap_or_else(|_| "<__del__>".into());
        eprintln!("Exception ignored in: {description}");
        print_exception(&exc);
    }
}

/// Prints a traceback and the exception line to stderr, as CPython does.
pub fn print_exception(exc: &ExcInfo) {
    eprint!("{}", format_exception(exc));
}

/// A caught exception (weakly, to check the address is still the same object) and its
/// traceback.
type RememberedTraceback = (rcgc::Weak<crate::object::PyObject>, Rc<Vec<TraceEntry>>);

thread_local! {
    /// Tracebacks of caught exceptions, for printing them as the context of later ones.
    static TRACEBACKS: RefCell<HashMap<usize, RememberedTraceback>> = RefCell::new(HashMap::new());
}

fn remember_traceback(value: &PyRef, traceback: &[TraceEntry]) {
    let weak = Gc::downgrade(value);
    TRACEBACKS.with(|t| {
        let mut table = t.borrow_mut();
        if table.len() > 256 {
            table.retain(|_, (w, _)| w.upgrade().is_some());
        }
        table.insert(Gc::as_ptr(value) as usize, (weak, Rc::new(traceback.to_vec())));
    });
}

fn remembered_traceback(value: &PyRef) -> Vec<TraceEntry> {
    TRACEBACKS.with(|t| {
        let table = t.borrow();
        match table.get(&(Gc::as_ptr(value) as usize)) {
            Some((weak, entries)) if weak.upgrade().is_some_and(|v| Gc::ptr_eq(&v, value)) => {
                entries.to_vec()
            }
            _ => Vec::new(),
        }
    })
}

/// Sets `__context__` (implicit chaining) unless already set or it would be itself.
fn set_context_if_unset(value: &PyRef, context: Option<PyRef>) {
    let Some(context) = context else { return };
    if Gc::ptr_eq(value, &context) {
        return;
    }
    let current = attr::lookup(value, "__context__").ok().flatten();
    if current.is_some_and(|c| !matches!(c.kind, Kind::None)) {
        return;
    }
    let _ = attr::setattr(value, "__context__", context);
}

fn chained_attribute(value: &PyRef, name: &str) -> Option<PyRef> {
    attr::lookup(value, name).ok().flatten().filter(|v| !matches!(v.kind, Kind::None))
}

pub fn format_exception(exc: &ExcInfo) -> String {
    format_exception_entries(&exc.value, &exc.traceback).concat()
}

/// The text of an exception and its chain as CPython's `traceback.format_exception` list:
/// one string per header, per frame (`File` line and source line), per separator, and the
/// exception line.
pub fn format_exception_entries(value: &PyRef, traceback: &[TraceEntry]) -> Vec<String> {
    let mut seen = Vec::new();
    let mut out = Vec::new();
    format_chained(value, traceback, &mut seen, &mut out);
    out
}

/// [`format_exception_entries`] of a caught exception (the traceback it had when caught).
pub fn format_caught_exception(value: &PyRef) -> Vec<String> {
    format_exception_entries(value, &remembered_traceback(value))
}

/// An exception with its cause or context first, as CPython prints chains.
fn format_chained(
    value: &PyRef,
    traceback: &[TraceEntry],
    seen: &mut Vec<PyRef>,
    out: &mut Vec<String>,
) {
    seen.push(value.clone());
    let suppress = chained_attribute(value, "__suppress_context__")
        .is_some_and(|s| ops::truthy(&s).unwrap_or(false));
    if let Some(cause) =
        chained_attribute(value, "__cause__").filter(|c| !seen.iter().any(|s| Gc::ptr_eq(s, c)))
    {
        format_chained(&cause, &remembered_traceback(&cause), seen, out);
        out.push(
            "\nThe above exception was the direct cause of the following exception:\n\n".into(),
        );
    } else if let Some(context) = chained_attribute(value, "__context__")
        .filter(|c| !suppress && !seen.iter().any(|s| Gc::ptr_eq(s, c)))
    {
        format_chained(&context, &remembered_traceback(&context), seen, out);
        out.push(
            "\nDuring handling of the above exception, another exception occurred:\n\n".into(),
        );
    }
    format_single(value, traceback, out);
}

fn format_single(value: &PyRef, traceback: &[TraceEntry], out: &mut Vec<String>) {
    if !traceback.is_empty() {
        out.push("Traceback (most recent call last):\n".into());
        for entry in traceback.iter().rev() {
            let mut text = format!(
                "  File \"{}\", line {}, in {}\n",
                entry.filename, entry.line, entry.function
            );
            if let Some(line) = source_line(&entry.filename, entry.line) {
                let trimmed = line.trim();
                if !trimmed.is_empty() {
                    text.push_str(&format!("    {trimmed}\n"));
                }
            }
            out.push(text);
        }
    }
    out.push(format!("{}\n", exception_line(value)));
}

/// `TypeName: message` (or just `TypeName`).
pub fn exception_line(value: &PyRef) -> String {
    let class = types::type_of(value);
    let name = types::class_name(&class);
    let module =
        crate::object::class::class_lookup_name(&class, crate::object::hash::name!("__module__"))
            .and_then(|m| match &m.kind {
                Kind::Str(s, _) if &**s != "builtins" && &**s != "__main__" => Some(s.to_string()),
                _ => None,
            });
    let name = match module {
        Some(module) => format!("{module}.{name}"),
        None => name.to_string(),
    };
    match ops::str_of(value) {
        Ok(message) if message.is_empty() => name,
        Ok(message) => format!("{name}: {message}"),
        Err(_) => format!("{name}: <exception str() failed>"),
    }
}

/// An int argument as usize (`range`, `sys.setrecursionlimit`...).
pub fn to_usize(value: &PyRef) -> Res<usize> {
    match ops::to_bigint(value).and_then(|i| i.to_usize()) {
        Some(n) => Ok(n),
        None => rt::value_error("expected a non-negative integer"),
    }
}
