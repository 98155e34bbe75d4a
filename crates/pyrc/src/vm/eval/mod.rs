//! The evaluator: runs pyrc's AST. Frames keep their locals on the Rust side (they are roots
//! for the cycle collector, as CPython's frames are); every value they hold is an rcgc object.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

use rcgc::Visitor;

use crate::compile::ast;
use crate::compile::scope::{self, ScopeInfo};
use crate::object::error::{ExcInfo, Res, TraceEntry};
use crate::object::exceptions::ExcKind;
use crate::object::runtime::{self as rt, raise};
use crate::object::PyRef;

mod expr;
mod function;
mod names;
mod report;
mod stmt;

pub use expr::*;
pub use function::*;
pub use names::*;
pub use report::*;
pub use stmt::*;

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
