//! The interpreter: runs compiled code (`compile::code`) in frames.
//!
//! A [`Frame`] is one activation of a code: its slots (locals and cells), its value stack
//! and its program counter. A call's frame lives on the Rust stack of the loop that runs it
//! (and is a root for the collector while it runs, as CPython's frames are); a generator's
//! frame lives in the generator object, which traces everything it holds while suspended.
//!
//! * `interp` — the loop: one `match` arm per instruction.
//! * `call` — calling functions defined in Python (argument binding, the fast path for
//!   positional calls), making functions and classes.
//! * `build_class` — the `class` statement (`__build_class__`): metaclass, `__prepare__`.
//! * `dynamic` — `compile()`'s code objects, `exec`/`eval`, the caller's scope for
//!   `globals()`/`locals()`.
//! * `support` — names, unpacking, exceptions, imports: the instructions' slower helpers.
//! * `report` — finalizers and exception reports.
//! * `traceback` — traceback objects made as an exception passes through frames.

use std::cell::RefCell;
use std::collections::HashMap;
use std::mem::ManuallyDrop;
use std::rc::Rc;

use rcgc::Visitor;
use thin_vec::ThinVec;

use crate::compile::ast;
use crate::compile::code::CodeKind;
use crate::object::code::CodeObject;
use crate::object::error::{Exc, ExcInfo, Res};
use crate::object::exceptions::ExcKind;
use crate::object::runtime as rt;
use crate::object::{alloc, Kind, PyRef};

mod build_class;
mod call;
mod dynamic;
mod fast_ops;
mod interp;
mod pattern;
mod report;
mod stack;
mod support;
mod traceback;

pub use call::*;
pub use dynamic::{caller_scope, code_object, compile_source, run_in, Mode};
pub use interp::*;
pub use report::*;
pub use support::{make_exception, zero_argument_super};
pub use traceback::add_traceback;

// ---- sources, for tracebacks ----------------------------------------------------------------

thread_local! {
    static SOURCES: RefCell<HashMap<Rc<str>, Rc<Vec<String>>>> = RefCell::new(HashMap::new());
}

/// Remembers a file's source so tracebacks can show its lines.
pub fn register_source(filename: &str, source: &str) {
    let lines = source.lines().map(str::to_string).collect();
    SOURCES.with(|s| s.borrow_mut().insert(filename.into(), Rc::new(lines)));
}

/// A source's lines, shared by the tracebacks that show them.
type SourceLines = Rc<Vec<String>>;

thread_local! {
    /// The REPL's inputs, each under the filename object its code was compiled with: every
    /// input is `<stdin>`, so a traceback through a function defined in an earlier input
    /// finds that input's lines by the identity of its code's filename, not by its text.
    static INPUTS: RefCell<Vec<(Rc<str>, SourceLines)>> = const { RefCell::new(Vec::new()) };
}

/// Remembers one interactive input's source under a new filename object, which the input's
/// code must be compiled with ([`run_module_named`]) for tracebacks to show its lines.
pub fn register_input(filename: &str, source: &str) -> Rc<str> {
    let name: Rc<str> = filename.into();
    let lines = Rc::new(source.lines().map(str::to_string).collect());
    INPUTS.with(|inputs| inputs.borrow_mut().push((name.clone(), lines)));
    name
}

/// Line `line` (1-based) of a registered file: an interactive input's when `filename` is the
/// object that input was compiled with, else the file registered under its text.
pub fn source_line(filename: &Rc<str>, line: u32) -> Option<String> {
    let index = line.checked_sub(1)? as usize;
    let input = INPUTS.with(|inputs| {
        let inputs = inputs.borrow();
        inputs.iter().rev().find(|(name, _)| Rc::ptr_eq(name, filename)).map(|(_, l)| l.clone())
    });
    if let Some(lines) = input {
        return lines.get(index).cloned();
    }
    SOURCES.with(|s| {
        let sources = s.borrow();
        let lines = sources.get(&**filename)?;
        lines.get(index).cloned()
    })
}

// ---- frames ------------------------------------------------------------------------------

/// One activation of a code: a module body, a function call, a class body, a comprehension
/// or a generator.
pub struct Frame {
    pub code: Rc<CodeObject>,
    /// Locals and cells, by slot. (`ManuallyDrop`: `Drop` hands the buffer on for reuse,
    /// with no empty vector left behind to drop.)
    pub fast: ManuallyDrop<Vec<Option<PyRef>>>,
    /// The value stack (`ManuallyDrop` as `fast`).
    pub stack: ManuallyDrop<stack::ValueStack>,
    /// The module namespace (a dict object).
    pub globals: PyRef,
    /// Cells of enclosing scopes' variables.
    pub closure: ThinVec<PyRef>,
    /// A class body's namespace.
    pub namespace: Option<PyRef>,
    /// The class a method was defined in (zero-argument `super()`).
    pub defining_class: Option<PyRef>,
    /// The next instruction.
    pub pc: u32,
    /// The exception being unwound was raised again by `Reraise`: its traceback already
    /// has this frame's entry.
    pub(crate) reraised: bool,
}

/// Buffers of finished frames, reused by new ones: a call then allocates nothing for its
/// slots and stack (CPython allocates frames in per-thread chunks for the same reason). A
/// frame's two buffers are kept together, so a call takes and returns them in one access.
type FrameBuffers = Vec<(Vec<Option<PyRef>>, Vec<PyRef>)>;

/// How many pairs of buffers are kept.
const KEPT_BUFFERS: usize = 64;

thread_local! {
    static BUFFERS: RefCell<FrameBuffers> = const { RefCell::new(Vec::new()) };
}

impl Frame {
    /// A frame for `code` with its cells made and nothing else bound.
    pub fn new(code: Rc<CodeObject>, globals: PyRef, closure: ThinVec<PyRef>) -> Frame {
        Frame::build(code, globals, closure, None, None)
    }

    /// A frame for `code` whose first slots take `receiver` (if any) and then the top
    /// `argc` values of `stack`, moved off it in order; the other slots are unbound, the
    /// cells made. Only for a code whose [`CodeObject::positional_first`] holds and a call
    /// that fills at most its positional parameters.
    #[inline(always)]
    pub fn with_arguments(
        code: Rc<CodeObject>,
        globals: PyRef,
        closure: ThinVec<PyRef>,
        receiver: Option<PyRef>,
        stack: &mut Vec<PyRef>,
        argc: usize,
    ) -> Frame {
        debug_assert!(code.positional_first);
        Frame::build(code, globals, closure, receiver, Some((stack, argc)))
    }

    /// A frame for `code` on reused buffers: its first slots take `receiver` and the top
    /// `argc` values of the given stack, the rest are unbound, the cells made. (Plain
    /// arguments, not a binding closure: the closure was compiled apart from the call.)
    #[inline(always)]
    fn build(
        code: Rc<CodeObject>,
        globals: PyRef,
        closure: ThinVec<PyRef>,
        receiver: Option<PyRef>,
        arguments: Option<(&mut Vec<PyRef>, usize)>,
    ) -> Frame {
        let slots = code.code.slots();
        let depth = code.code.max_stack as usize;
        let (mut fast, stack) =
            BUFFERS.try_with(|b| b.borrow_mut().pop().unwrap_or_default()).unwrap_or_default();
        fast.reserve(slots);
        if let Some(receiver) = receiver {
            fast.push(Some(receiver));
        }
        if let Some((values, argc)) = arguments {
            let at = values.len() - argc;
            // Moved, not cloned: each value is read out of the stack's tail once, then the
            // tail is forgotten (`set_len`), so no count changes and no drain iterator.
            for i in at..values.len() {
                // SAFETY: `i < len`, so the slot holds an initialised value; each is read
                // exactly once and `set_len(at)` below forgets them all without dropping.
                // `fast` has room for every slot (reserved above), so no push reallocates
                // or panics between the reads and the `set_len`.
                fast.push(Some(unsafe { std::ptr::read(values.as_ptr().add(i)) }));
            }
            // SAFETY: `at <= len`; the values past it were moved out above.
            unsafe { values.set_len(at) };
        }
        // A reused buffer is empty; pushing is cheaper than `resize`'s general path.
        for _ in fast.len()..slots {
            fast.push(None);
        }
        for slot in &code.code.cell_slots {
            fast[*slot as usize] = Some(alloc(Kind::Cell(RefCell::new(None))));
        }
        Frame {
            code,
            fast: ManuallyDrop::new(fast),
            stack: ManuallyDrop::new(stack::ValueStack::with_buffer(stack, depth)),
            globals,
            closure,
            namespace: None,
            defining_class: None,
            pc: 0,
            reraised: false,
        }
    }

    /// Visits everything the frame holds (a suspended generator's frame is traced).
    pub fn trace(&self, visitor: &mut Visitor) {
        for value in self.fast.iter().flatten() {
            visitor.visit(value);
        }
        for value in self.stack.iter() {
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

    /// The line the frame is at.
    pub fn line(&self) -> u32 {
        self.code.code.line_at(self.pc.saturating_sub(1))
    }

    /// Binds slot `slot` of a fresh frame (a local or a cell).
    pub fn bind_slot(&mut self, slot: usize, value: PyRef) {
        match &self.fast[slot] {
            Some(cell)
                if matches!(cell.kind, Kind::Cell(_))
                    && self.code.code.cell_slots.contains(&(slot as u32)) =>
            {
                let old = support::cell_set(cell, Some(value));
                drop(old);
            }
            _ => self.fast[slot] = Some(value),
        }
    }

    /// Whether slot `slot` is bound (for a cell slot: whether its cell holds a value).
    pub fn slot_is_bound(&self, slot: usize) -> bool {
        match &self.fast[slot] {
            None => false,
            Some(value) => match &value.kind {
                Kind::Cell(content) if self.code.code.cell_slots.contains(&(slot as u32)) => {
                    content.borrow().is_some()
                }
                _ => true,
            },
        }
    }
}

impl Drop for Frame {
    fn drop(&mut self) {
        // SAFETY: `drop` runs once and nothing uses the two fields after these takes.
        let mut fast = unsafe { ManuallyDrop::take(&mut self.fast) };
        // SAFETY: as for `fast`.
        let mut stack = unsafe { ManuallyDrop::take(&mut self.stack) }.into_buffer();
        // The values go first (their `__del__` may run and make frames), then the buffers.
        stack.clear();
        fast.clear();
        if fast.capacity() <= 256 && stack.capacity() <= 256 {
            let _ = BUFFERS.try_with(|b| {
                let mut buffers = b.borrow_mut();
                if buffers.len() < KEPT_BUFFERS {
                    buffers.push((fast, stack));
                }
            });
        }
    }
}

/// How a frame's run ended.
pub enum Exit {
    Return(PyRef),
    /// A generator's frame suspended at a `yield`.
    Yield(PyRef),
}

// ---- modules -----------------------------------------------------------------------------

/// Compiles a module; a construct the compiler rejects is a `SyntaxError`.
pub fn compile_module(
    module: &ast::Module,
    filename: &Rc<str>,
    interactive: bool,
) -> Res<Rc<CodeObject>> {
    match crate::compile::codegen::compile_module(module, filename, interactive) {
        Ok(code) => {
            if std::env::var_os("PYRC_DIS").is_some() {
                eprint!("{}", code.disassemble());
            }
            Ok(CodeObject::load(&code))
        }
        Err(error) => Err(compile_error(error, filename)),
    }
}

/// The `SyntaxError` of a construct the compiler rejects.
fn compile_error(error: crate::compile::codegen::CompileError, filename: &str) -> Exc {
    let exc = rt::exception(ExcKind::SyntaxError, &error.message);
    let _ = crate::types::attr::setattr(&exc, "msg", rt::str(error.message));
    let _ = crate::types::attr::setattr(&exc, "filename", rt::str(filename));
    let _ = crate::types::attr::setattr(&exc, "lineno", rt::int(i64::from(error.location.line)));
    ExcInfo::new(exc)
}

/// Runs a module's code in `globals`. The REPL passes `interactive` to echo expression values.
pub fn run_module(
    module: Rc<ast::Module>,
    globals: &PyRef,
    filename: &str,
    interactive: bool,
) -> Res<()> {
    run_module_named(module, globals, &filename.into(), interactive)
}

/// [`run_module`] with the filename object the code is compiled with (an interactive input's
/// from [`register_input`]).
pub fn run_module_named(
    module: Rc<ast::Module>,
    globals: &PyRef,
    filename: &Rc<str>,
    interactive: bool,
) -> Res<()> {
    let code = compile_module(&module, filename, interactive)?;
    drop(module);
    run_code(&code, globals)
}

/// Runs a module's compiled code in `globals`.
pub fn run_code(code: &Rc<CodeObject>, globals: &PyRef) -> Res<()> {
    debug_assert_eq!(code.code.kind, CodeKind::Module);
    let mut frame = Frame::new(code.clone(), globals.clone(), ThinVec::new());
    crate::vm::frame_object::enter_call(code, globals, 0);
    let result = run_frame(&mut frame);
    crate::vm::frame_object::leave_call(Vec::new);
    match result? {
        Exit::Return(_) => Ok(()),
        Exit::Yield(_) => rt::raise(ExcKind::SyntaxError, "'yield' outside function"),
    }
}
