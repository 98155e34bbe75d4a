//! The code generator: pyrc's syntax tree and its scope analysis to [`Code`] (CPython's
//! `compile.c`, for the constructs pyrc runs).
//!
//! Jumps are emitted to labels and patched when the code is finished. The generator tracks
//! the value stack's depth after every instruction, which gives `max_stack` and each
//! exception handler's depth.
//!
//! `try`, `with` and the handlers' own cleanups are regions of the exception table. A
//! `return`, `break` or `continue` that leaves such regions unwinds them at compile time,
//! as CPython does: it closes the regions it leaves (so that code emitted for the exit is
//! not covered by them), emits what each one needs on the way out (a `finally` body, an
//! `__exit__` call, ending the handling of an exception, popping a loop's iterator), then
//! reopens the regions for the code that follows.

mod asyncs;
mod expr;
mod pattern;
mod stmt;
mod try_stmt;

use std::rc::Rc;

use crate::compile::ast::{self, Constant, Location, Name};
use crate::compile::code::{CellSource, Code, CodeKind, Handler, Instr, Signature};
use crate::compile::scope::{self, Binding, ScopeInfo, ScopeKind};

/// The interpreter's optimization level (`-O` once: 1, `-OO`: 2), as CPython's
/// `Py_OptimizeFlag`: set once at start-up, read by every compilation.
static OPTIMIZE: std::sync::atomic::AtomicU8 = std::sync::atomic::AtomicU8::new(0);

/// Sets the optimization level every later compilation uses (`-O`).
pub fn set_optimize_level(level: u8) {
    OPTIMIZE.store(level, std::sync::atomic::Ordering::Relaxed);
}

/// The optimization level: above 0, asserts are dropped and `__debug__` is `False`.
pub fn optimize_level() -> u8 {
    OPTIMIZE.load(std::sync::atomic::Ordering::Relaxed)
}

/// A construct the compiler rejects (the evaluator raises `SyntaxError` with it).
#[derive(Debug, Clone)]
pub struct CompileError {
    pub message: String,
    pub location: ast::Location,
}

/// Compiles a module. `interactive`: expression statements show their values (the REPL).
pub fn compile_module(
    module: &ast::Module,
    filename: &Rc<str>,
    interactive: bool,
) -> Result<Rc<Code>, CompileError> {
    let scope = scope::analyze_module(module)
        .map_err(|e| CompileError { message: e.message, location: e.location })?;
    let mut unit = Unit::new(CodeKind::Module, "<module>".into(), scope, filename.clone(), 1);
    unit.interactive = interactive;
    unit.future_annotations = has_future_annotations(&module.body);
    let mut compiler = Compiler { unit, fblocks: Vec::new() };
    compiler.setup_annotations(&module.body);
    compiler.block(&module.body)?;
    compiler.emit_const(Constant::None);
    compiler.emit(Instr::Return);
    Ok(Rc::new(compiler.finish(None, Signature::default(), Vec::new())))
}

/// Whether a module starts (after its docstring) with `from __future__ import annotations`
/// among its future imports (the parser already refused future imports anywhere else).
fn has_future_annotations(body: &[ast::Stmt]) -> bool {
    body.iter()
        .skip_while(|s| {
            matches!(
                s,
                ast::Stmt::Expr { value: ast::Expr::Constant { value: Constant::Str(_), .. }, .. }
            )
        })
        .map_while(|s| match s {
            ast::Stmt::ImportFrom { module: Some(m), level: 0, names, .. }
                if &**m == "__future__" =>
            {
                Some(names)
            }
            _ => None,
        })
        .flatten()
        .any(|alias| &*alias.name == "annotations")
}

/// Compiles the source of `exec`, `eval` or `compile`: module-level names are looked up
/// and stored in the frame's namespace (the `locals` given, else the globals), as CPython's
/// `LOAD_NAME`/`STORE_NAME`. `Module`: the statements (`interactive`: mode `'single'`);
/// `Expression`: code that returns the expression's value (mode `'eval'`).
pub fn compile_dynamic(
    source: &DynamicSource,
    filename: &Rc<str>,
    interactive: bool,
) -> Result<Rc<Code>, CompileError> {
    let module = match source {
        DynamicSource::Module(module) => module,
        DynamicSource::Expression(module) => module,
    };
    let scope = scope::analyze_module(module)
        .map_err(|e| CompileError { message: e.message, location: e.location })?;
    let mut unit = Unit::new(CodeKind::Module, "<module>".into(), scope, filename.clone(), 1);
    unit.interactive = interactive;
    unit.namespaced = true;
    unit.future_annotations = has_future_annotations(&module.body);
    let mut compiler = Compiler { unit, fblocks: Vec::new() };
    match source {
        DynamicSource::Module(module) => {
            compiler.setup_annotations(&module.body);
            compiler.block(&module.body)?;
            compiler.emit_const(Constant::None);
        }
        DynamicSource::Expression(module) => match module.body.first() {
            Some(ast::Stmt::Expr { value, location }) => {
                compiler.set_line(location.line);
                compiler.expr(value)?;
            }
            _ => compiler.emit_const(Constant::None),
        },
    }
    compiler.emit(Instr::Return);
    Ok(Rc::new(compiler.finish(None, Signature::default(), Vec::new())))
}

/// What [`compile_dynamic`] compiles.
pub enum DynamicSource {
    /// Statements (modes `'exec'` and `'single'`).
    Module(ast::Module),
    /// One expression statement holding the expression (mode `'eval'`).
    Expression(ast::Module),
}

impl DynamicSource {
    /// The source of mode `'eval'`.
    pub fn expression(value: ast::Expr) -> DynamicSource {
        let location = value.location();
        DynamicSource::Expression(ast::Module { body: vec![ast::Stmt::Expr { value, location }] })
    }
}

/// A jump target, resolved when the code is finished.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Label(u32);

/// An exception-table region being emitted.
struct Region {
    target: Label,
    depth: u32,
    /// Where the current segment began (`None` while closed for an exit's unwinding).
    open_at: Option<u32>,
}

/// What a `return`, `break` or `continue` must undo on its way out.
#[derive(Clone)]
enum FBlock<'a> {
    /// A `while` loop (`break_to`: after it; `continue_to`: its test).
    While { break_to: Label, continue_to: Label },
    /// A `for` loop: its iterator is on the stack.
    For { break_to: Label, continue_to: Label },
    /// The body of a `try` with handlers (region `region`).
    TryBody { region: usize },
    /// The body of a `try` with a `finally`.
    FinallyBody { region: usize, finalbody: &'a [ast::Stmt] },
    /// An `except` clause's body: an exception is being handled; `name` is bound to it
    /// (`named`: the region that unbinds it on an exception).
    HandlerBody { region: usize, named: Option<usize>, name: Option<Name> },
    /// A `finally` body run for an exception: the exception is on the stack and handled.
    FinallyHandler { region: usize },
    /// A `with` body: `__exit__` (`__aexit__` for `async with`) is on the stack.
    WithBody { region: usize, is_async: bool },
    /// An `except*` clause's body: no `break`, `continue` or `return` may leave it.
    ExceptStarBody,
}

/// One code being built.
struct Unit {
    kind: CodeKind,
    name: Name,
    qualname: Name,
    filename: Rc<str>,
    first_line: u32,
    scope: Rc<ScopeInfo>,
    instrs: Vec<Instr>,
    lines: Vec<u32>,
    /// The source range of each instruction (CPython's location table).
    positions: Vec<Location>,
    consts: Vec<Constant>,
    names: Vec<Name>,
    kwnames: Vec<Box<[Name]>>,
    unpack_slots: Vec<Box<[u32]>>,
    children: Vec<Rc<Code>>,
    handlers: Vec<Handler>,
    regions: Vec<Region>,
    labels: Vec<Option<u32>>,
    /// The stack depth a jump gave each label.
    label_depths: Vec<Option<u32>>,
    depth: u32,
    max_depth: u32,
    line: u32,
    /// The range of the node being compiled: the instructions emitted now carry it.
    location: Location,
    interactive: bool,
    is_generator: bool,
    is_coroutine: bool,
    is_async_generator: bool,
    /// Module-level names live in the frame's namespace (see [`compile_dynamic`]).
    namespaced: bool,
    /// `from __future__ import annotations` (PEP 563): annotations are kept as their text.
    future_annotations: bool,
}

impl Unit {
    fn new(
        kind: CodeKind,
        name: Name,
        scope: Rc<ScopeInfo>,
        filename: Rc<str>,
        first_line: u32,
    ) -> Unit {
        Unit {
            kind,
            qualname: if scope.qualname.is_empty() { name.clone() } else { scope.qualname.clone() },
            name,
            filename,
            first_line,
            scope,
            instrs: Vec::new(),
            lines: Vec::new(),
            positions: Vec::new(),
            consts: Vec::new(),
            names: Vec::new(),
            kwnames: Vec::new(),
            unpack_slots: Vec::new(),
            children: Vec::new(),
            handlers: Vec::new(),
            regions: Vec::new(),
            labels: Vec::new(),
            label_depths: Vec::new(),
            depth: 0,
            max_depth: 0,
            line: first_line,
            location: Location::new(first_line, 0, first_line, 0),
            interactive: false,
            is_generator: false,
            is_coroutine: false,
            is_async_generator: false,
            namespaced: false,
            future_annotations: false,
        }
    }
}

/// The instructions of one kind of name access, by where the name is bound.
struct NameOps {
    fast: fn(u32) -> Instr,
    cell: fn(u32) -> Instr,
    free: fn(u32) -> Instr,
    global: fn(u32) -> Instr,
    class: fn(u32) -> Instr,
}

const LOAD: NameOps = NameOps {
    fast: Instr::LoadFast,
    cell: Instr::LoadCell,
    free: Instr::LoadFree,
    global: Instr::LoadGlobal,
    class: Instr::LoadName,
};
const STORE: NameOps = NameOps {
    fast: Instr::StoreFast,
    cell: Instr::StoreCell,
    free: Instr::StoreFree,
    global: Instr::StoreGlobal,
    class: Instr::StoreName,
};
const DELETE: NameOps = NameOps {
    fast: Instr::DeleteFast,
    cell: Instr::DeleteCell,
    free: Instr::DeleteFree,
    global: Instr::DeleteGlobal,
    class: Instr::DeleteName,
};

pub(crate) struct Compiler<'a> {
    unit: Unit,
    fblocks: Vec<FBlock<'a>>,
}

/// The stack effect of an instruction when it falls through to the next one.
fn stack_effect(instr: Instr) -> i32 {
    use Instr::*;
    match instr {
        Nop | Rot2 | Rot3 | Unary(_) | GetIter | ListToTuple | ListToSet | GetYieldFromIter
        | Jump(_) | PushExcInfo | PopExcept | Reraise | LoadAttr(_) | Yield => 0,
        LoadConst(_)
        | LoadFast(_)
        | LoadCell(_)
        | LoadFree(_)
        | LoadGlobal(_)
        | LoadName(_)
        | Dup
        | SuperZero
        | ImportName(_)
        | ImportModuleFrom { .. }
        | ImportFrom(_) => 1,
        LoadMethod(_) => 1,
        StoreFast(_) | StoreCell(_) | StoreFree(_) | StoreGlobal(_) | StoreName(_) | Pop => -1,
        DeleteFast(_) | DeleteCell(_) | DeleteFree(_) | DeleteGlobal(_) | DeleteName(_) => 0,
        StoreAttr(_) => -2,
        DeleteAttr(_) => -1,
        CallMethod(n) => -(n as i32) - 1,
        DupTwo => 2,
        Binary(_) | Inplace(_) | Compare(_) | GetItem => -1,
        StoreItem => -3,
        DeleteItem => -2,
        BuildTuple(n) | BuildList(n) | BuildSet(n) | BuildString(n) => 1 - n as i32,
        BuildMap(n) => 1 - 2 * n as i32,
        BuildSlice => -2,
        ListAppend(_) | SetAdd(_) | ListExtend(_) | DictUpdate(_) | DictMerge(_) => -1,
        MapAdd(_) => -2,
        FormatValue { spec, .. } => -(spec as i32),
        UnpackSequence(n) => n as i32 - 1,
        UnpackFast(_) => -1,
        Reverse(_) => 0,
        UnpackEx { before, after } => before as i32 + after as i32,
        PopJumpIfFalse(_) | PopJumpIfTrue(_) | JumpIfFalseOrPop(_) | JumpIfTrueOrPop(_) => -1,
        ForIter(_) => 1,
        Return | Raise(_) | Unsupported(_) => 0,
        YieldFrom => -1,
        Call(n) => -(n as i32),
        CallKw { args, .. } => -(args as i32),
        CallEx { kwargs } => -1 - kwargs as i32,
        MakeFunction(_) => 1,
        MakeClass(_) | RunComprehension(_) | MakeGenerator(_) => 0,
        CheckExcMatch | CheckEgMatch => 0,
        MatchSequence | MatchMapping | GetLen | MatchKeys => 1,
        MatchClass(_) => -2,
        MatchRest => -1,
        PrepReraiseStar => -1,
        WithEnter => 1,
        WithExit => -1,
        WithExcept => 1,
        RaiseAssertion { message } => -(message as i32),
        ImportStar | PrintExpr => -1,
        PublishScope => 0,
        MakeClassKw(_) => -1,
        GetAwaitable(_) | GetAIter | AsyncWithExit => 0,
        GetANext | AsyncWithEnter | AsyncWithExcept => 1,
        EndAsyncFor => -2,
    }
}

impl<'a> Compiler<'a> {
    // ---- emitting ----------------------------------------------------------------------

    fn pc(&self) -> u32 {
        self.unit.instrs.len() as u32
    }

    fn set_depth(&mut self, depth: u32) {
        self.unit.depth = depth;
        self.unit.max_depth = self.unit.max_depth.max(depth);
    }

    fn emit(&mut self, instr: Instr) {
        self.unit.instrs.push(instr);
        self.unit.lines.push(self.unit.line);
        self.unit.positions.push(self.unit.location);
        let depth = (self.unit.depth as i32 + stack_effect(instr)).max(0) as u32;
        self.set_depth(depth);
    }

    fn new_label(&mut self) -> Label {
        self.unit.labels.push(None);
        self.unit.label_depths.push(None);
        Label(self.unit.labels.len() as u32 - 1)
    }

    /// Places `label` here. Code reached only by jumps takes the depth they gave it.
    fn bind(&mut self, label: Label) {
        self.unit.labels[label.0 as usize] = Some(self.pc());
        if let Some(depth) = self.unit.label_depths[label.0 as usize] {
            self.set_depth(depth);
        }
    }

    /// Emits a jump-like instruction to `label` (its operand is patched at the end).
    fn emit_jump(&mut self, make: fn(u32) -> Instr, label: Label) {
        let instr = make(label.0);
        let target_depth = match instr {
            Instr::Jump(_) | Instr::JumpIfFalseOrPop(_) | Instr::JumpIfTrueOrPop(_) => {
                self.unit.depth
            }
            _ => self.unit.depth.saturating_sub(1),
        };
        self.unit.label_depths[label.0 as usize] = Some(target_depth);
        self.emit(instr);
    }

    fn emit_const(&mut self, value: Constant) {
        let index = match self.unit.consts.iter().position(|c| same_constant(c, &value)) {
            Some(index) => index,
            None => {
                self.unit.consts.push(value);
                self.unit.consts.len() - 1
            }
        };
        self.emit(Instr::LoadConst(index as u32));
    }

    fn name_index(&mut self, name: &Name) -> u32 {
        match self.unit.names.iter().position(|n| n == name) {
            Some(index) => index as u32,
            None => {
                self.unit.names.push(name.clone());
                self.unit.names.len() as u32 - 1
            }
        }
    }

    fn const_index(&mut self, value: Constant) -> u32 {
        self.unit.consts.push(value);
        self.unit.consts.len() as u32 - 1
    }

    /// Instructions from now on carry `line` and no columns.
    fn set_line(&mut self, line: u32) {
        self.unit.line = line;
        self.unit.location = Location::new(line, 0, line, 0);
    }

    /// Instructions from now on carry `location` (its first line as their line).
    fn set_location(&mut self, location: Location) {
        self.unit.line = location.line;
        self.unit.location = location;
    }

    // ---- exception regions --------------------------------------------------------------

    /// Opens a region whose exceptions go to `target`, the stack cut to `depth`.
    fn push_region(&mut self, target: Label, depth: u32) -> usize {
        let start = self.pc();
        self.unit.regions.push(Region { target, depth, open_at: Some(start) });
        self.unit.regions.len() - 1
    }

    fn close_segment(&mut self, region: usize) {
        let end = self.pc();
        let r = &mut self.unit.regions[region];
        if let Some(start) = r.open_at.take() {
            if start < end {
                let handler = Handler { start, end, target: r.target.0, depth: r.depth };
                self.unit.handlers.push(handler);
            }
        }
    }

    fn reopen_segment(&mut self, region: usize) {
        let here = self.pc();
        let r = &mut self.unit.regions[region];
        if r.open_at.is_none() {
            r.open_at = Some(here);
        }
    }

    /// Closes region `region` for good (it must be the innermost open one).
    fn pop_region(&mut self, region: usize) {
        // The entry stays (fblocks refer to regions by index); it is only closed.
        self.close_segment(region);
    }

    // ---- names ------------------------------------------------------------------------

    fn binding(&self, name: &str) -> Binding {
        match self.unit.scope.binding(name) {
            Binding::Global if self.unit.namespaced => Binding::ClassNamespace,
            binding => binding,
        }
    }

    /// Emits the load, store or delete (`ops`) of `name` where the scope binds it.
    fn name_access(&mut self, name: &Name, ops: &NameOps) {
        let instr = match self.binding(name) {
            Binding::Local(slot) => (ops.fast)(slot as u32),
            Binding::Cell(slot) => (ops.cell)(slot as u32),
            Binding::Free(index) => (ops.free)(index as u32),
            Binding::Global => (ops.global)(self.name_index(name)),
            Binding::ClassNamespace => (ops.class)(self.name_index(name)),
        };
        self.emit(instr);
    }

    fn load_name(&mut self, name: &Name) {
        self.name_access(name, &LOAD);
    }

    /// The local slot of `target` when it is a plain name bound in a fast slot.
    fn fast_slot(&self, target: &ast::Expr) -> Option<u32> {
        match target {
            ast::Expr::Name { id, .. } => match self.binding(id) {
                Binding::Local(slot) => Some(slot as u32),
                _ => None,
            },
            _ => None,
        }
    }

    /// Emits `UnpackFast` for a target list whose targets are all local slots; false (and
    /// nothing emitted) otherwise.
    fn unpack_to_fast(&mut self, targets: &[ast::Expr]) -> bool {
        let slots: Option<Box<[u32]>> = targets.iter().map(|t| self.fast_slot(t)).collect();
        match slots {
            Some(slots) if !slots.is_empty() => {
                let index = self.unit.unpack_slots.len() as u32;
                self.unit.unpack_slots.push(slots);
                self.emit(Instr::UnpackFast(index));
                true
            }
            _ => false,
        }
    }

    fn store_name(&mut self, name: &Name) {
        self.name_access(name, &STORE);
    }

    fn delete_name(&mut self, name: &Name) {
        self.name_access(name, &DELETE);
    }

    // ---- nested code -------------------------------------------------------------------

    /// Compiles a nested scope's code with a fresh unit; returns its index in `children`.
    /// `is_async`: an awaiting comprehension (a `def`'s own flag is in `def`).
    #[allow(clippy::too_many_arguments)] // each says something the nested unit needs
    fn nested(
        &mut self,
        kind: CodeKind,
        node: usize,
        name: Name,
        first_line: u32,
        def: Option<Rc<ast::FunctionDef>>,
        is_async: bool,
        body: impl FnOnce(&mut Compiler<'a>) -> Result<(), CompileError>,
    ) -> Result<u32, CompileError> {
        let scope = self.unit.scope.child(node).ok_or_else(|| CompileError {
            message: format!("internal error: no scope for {name}"),
            location: ast::Location::default(),
        })?;
        let closure_from = self.closure_sources(&scope)?;
        let mut unit = Unit::new(kind, name, scope, self.unit.filename.clone(), first_line);
        let yields =
            def.as_ref().is_some_and(|d| d.is_generator) || kind == CodeKind::GeneratorExpression;
        let is_async = is_async || def.as_ref().is_some_and(|d| d.is_async);
        unit.is_generator = yields || is_async;
        unit.is_coroutine = is_async && !yields;
        unit.is_async_generator = is_async && yields;
        unit.future_annotations = self.unit.future_annotations;
        let mut inner = Compiler { unit, fblocks: Vec::new() };
        body(&mut inner)?;
        let signature = match &def {
            Some(def) => signature_of(&inner.unit.scope, &def.params),
            None if matches!(kind, CodeKind::Comprehension | CodeKind::GeneratorExpression) => {
                Signature {
                    positional: vec![0],
                    positional_names: vec![".0".into()],
                    ..Signature::default()
                }
            }
            None => Signature::default(),
        };
        let code = inner.finish(def, signature, closure_from);
        self.unit.children.push(Rc::new(code));
        Ok(self.unit.children.len() as u32 - 1)
    }

    fn closure_sources(&self, child: &ScopeInfo) -> Result<Vec<CellSource>, CompileError> {
        child
            .freevars
            .iter()
            .map(|name| match self.binding(name) {
                Binding::Cell(slot) => Ok(CellSource::Cell(slot as u32)),
                Binding::Free(index) => Ok(CellSource::Free(index as u32)),
                _ => Err(CompileError {
                    message: format!("internal error: no cell for free variable '{name}'"),
                    location: ast::Location::default(),
                }),
            })
            .collect()
    }

    fn finish(
        self,
        def: Option<Rc<ast::FunctionDef>>,
        signature: Signature,
        closure_from: Vec<CellSource>,
    ) -> Code {
        let mut unit = self.unit;
        let labels: Vec<u32> = unit.labels.iter().map(|l| l.unwrap_or(0)).collect();
        let resolve = |l: u32| labels[l as usize];
        for instr in &mut unit.instrs {
            *instr = match *instr {
                Instr::Jump(l) => Instr::Jump(resolve(l)),
                Instr::PopJumpIfFalse(l) => Instr::PopJumpIfFalse(resolve(l)),
                Instr::PopJumpIfTrue(l) => Instr::PopJumpIfTrue(resolve(l)),
                Instr::JumpIfFalseOrPop(l) => Instr::JumpIfFalseOrPop(resolve(l)),
                Instr::JumpIfTrueOrPop(l) => Instr::JumpIfTrueOrPop(resolve(l)),
                Instr::ForIter(l) => Instr::ForIter(resolve(l)),
                other => other,
            };
        }
        for handler in &mut unit.handlers {
            handler.target = resolve(handler.target);
        }
        let mut slot_names: Vec<Name> = vec!["".into(); unit.scope.slots];
        for (name, slot) in unit.scope.local_slots() {
            if let Some(entry) = slot_names.get_mut(slot) {
                *entry = name;
            }
        }
        if matches!(unit.kind, CodeKind::Comprehension | CodeKind::GeneratorExpression) {
            if let Some(first) = slot_names.first_mut() {
                if first.is_empty() {
                    *first = ".0".into();
                }
            }
        }
        let cell_slots = unit.scope.cell_slots.iter().map(|(slot, _)| *slot as u32).collect();
        Code {
            kind: unit.kind,
            name: unit.name,
            qualname: unit.qualname,
            filename: unit.filename,
            first_line: unit.first_line,
            scope: unit.scope,
            def,
            signature,
            is_generator: unit.is_generator,
            is_coroutine: unit.is_coroutine,
            is_async_generator: unit.is_async_generator,
            instrs: unit.instrs,
            lines: unit.lines,
            positions: unit.positions,
            consts: unit.consts,
            names: unit.names,
            kwnames: unit.kwnames,
            unpack_slots: unit.unpack_slots,
            handlers: unit.handlers,
            children: unit.children,
            closure_from,
            slot_names,
            cell_slots,
            max_stack: unit.max_depth + 1,
            interactive: unit.interactive,
        }
    }
}

/// How a function's parameters map to its slots.
fn signature_of(scope: &ScopeInfo, params: &ast::Parameters) -> Signature {
    let slot = |name: &Name| scope.slot_of(name).unwrap_or(0) as u32;
    let positional: Vec<&ast::Param> = params.posonly.iter().chain(&params.args).collect();
    Signature {
        positional: positional.iter().map(|p| slot(&p.name)).collect(),
        positional_names: positional.iter().map(|p| p.name.clone()).collect(),
        posonly: params.posonly.len() as u32,
        vararg: params.vararg.as_ref().map(|p| slot(&p.name)),
        kwonly: params.kwonly.iter().map(|p| (p.name.clone(), slot(&p.name))).collect(),
        kwarg: params.kwarg.as_ref().map(|p| slot(&p.name)),
        positional_defaults: positional.iter().filter(|p| p.default.is_some()).count() as u32,
        kwonly_defaults: params
            .kwonly
            .iter()
            .filter(|p| p.default.is_some())
            .map(|p| p.name.clone())
            .collect(),
    }
}

/// Constants are shared within a code only when they are the same value of the same type
/// (`1`, `1.0` and `True` are equal in Python but distinct constants).
fn same_constant(a: &Constant, b: &Constant) -> bool {
    match (a, b) {
        (Constant::Float(x), Constant::Float(y)) => x.to_bits() == y.to_bits(),
        (Constant::Complex { real: a, imag: b }, Constant::Complex { real: c, imag: d }) => {
            a.to_bits() == c.to_bits() && b.to_bits() == d.to_bits()
        }
        _ => a == b,
    }
}

/// Whether a scope kind makes expression statements show their values.
fn is_module(kind: ScopeKind) -> bool {
    kind == ScopeKind::Module
}
