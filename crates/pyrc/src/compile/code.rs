//! Compiled code: what [`crate::compile::codegen`] makes of a module, function, class body
//! or comprehension, and what the interpreter loop (`vm::eval`) runs.
//!
//! A [`Code`] is CPython's code object without objects: an instruction vector, a line per
//! instruction, constants as syntax-tree [`Constant`]s (the object layer turns them into
//! objects once per code, `object::code`), names, an exception table and the nested codes
//! of the functions, classes and comprehensions defined in it.
//!
//! Invariants the compiler guarantees and the loop relies on:
//! * every jump target and handler target is an index into `instrs`;
//! * every operand indexes the table it names (`consts`, `names`, `kwnames`, `children`,
//!   the frame's slots or closure);
//! * the value stack never holds more than `max_stack` values, and at a handler's target
//!   it holds exactly the handler's `depth` values plus the exception;
//! * `handlers` lists the innermost region first: the first entry whose range holds a
//!   program counter is the one that catches there.

use std::rc::Rc;

use crate::compile::ast::{self, BinOp, CmpOp, Constant, Name};
use crate::compile::scope::ScopeInfo;

/// One instruction. Operands are `u32` indexes (or two `u16`s) so that an instruction is
/// eight bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Instr {
    Nop,
    /// Pushes `consts[i]`.
    LoadConst(u32),
    /// `fast[i]`: a local variable slot.
    LoadFast(u32),
    StoreFast(u32),
    DeleteFast(u32),
    /// The cell in `fast[i]` (a local captured by an inner scope).
    LoadCell(u32),
    StoreCell(u32),
    DeleteCell(u32),
    /// The cell `closure[i]` (a variable of an enclosing function).
    LoadFree(u32),
    StoreFree(u32),
    DeleteFree(u32),
    /// `names[i]` in the module namespace (loads fall back to builtins).
    LoadGlobal(u32),
    StoreGlobal(u32),
    DeleteGlobal(u32),
    /// `names[i]` in a class body's namespace (loads fall back to globals, builtins).
    LoadName(u32),
    StoreName(u32),
    DeleteName(u32),
    /// Attribute `names[i]` of the top of the stack. `StoreAttr`: TOS is the object, TOS1
    /// the value.
    LoadAttr(u32),
    StoreAttr(u32),
    DeleteAttr(u32),
    /// `obj.name` about to be called: pushes the function and the receiver (no bound
    /// method made) when `name` is a plain function of the object's class, else the
    /// attribute's value and a null marker; `CallMethod(n)` consumes both.
    LoadMethod(u32),
    CallMethod(u32),

    Pop,
    Dup,
    /// Duplicates the top two values.
    DupTwo,
    /// Swaps the top two values.
    Rot2,
    /// Lifts the second and third values one up, and the top value down to third.
    Rot3,

    Binary(BinOp),
    Inplace(BinOp),
    /// `-x`, `+x`, `~x`, `not x`.
    Unary(ast::UnaryOp),
    Compare(CmpOp),
    /// `TOS1[TOS]`.
    GetItem,
    /// `TOS1[TOS] = TOS2`.
    StoreItem,
    DeleteItem,

    BuildTuple(u32),
    BuildList(u32),
    BuildSet(u32),
    /// `n` key/value pairs, key first.
    BuildMap(u32),
    /// `slice(TOS2, TOS1, TOS)`.
    BuildSlice,
    /// Concatenates the `n` strs on top.
    BuildString(u32),
    /// Pops a value and appends it to the list `n` places down (after the pop).
    ListAppend(u32),
    SetAdd(u32),
    /// Pops a value, then a key, and stores them in the dict `n` places down.
    MapAdd(u32),
    /// Pops an iterable and extends the list `n` places down with it.
    ListExtend(u32),
    /// Pops a mapping and merges it into the dict `n` places down.
    DictUpdate(u32),
    /// As `DictUpdate`, for `f(**m)`: keys must be strs, and a repeated one is an error.
    DictMerge(u32),
    ListToTuple,
    ListToSet,
    /// `format(value, spec)` after a conversion (0 none, 1 `!s`, 2 `!r`, 3 `!a`); `spec`:
    /// the format spec is on top, the value below.
    FormatValue {
        conversion: u8,
        spec: bool,
    },
    /// Pops an iterable and pushes its `n` items, the first on top.
    UnpackSequence(u32),
    /// `a, b = pair` whose targets are all local slots: pops an iterable of exactly
    /// `unpack_slots[i].len()` items and stores them into those slots, first item first (one
    /// instruction for what would be `UnpackSequence` and a `StoreFast` per target).
    UnpackFast(u32),
    /// `a, b = b, a`: reverses the order of the top `n` values (CPython's `SWAP`s), so that
    /// a display assigned to a target list of its length builds no tuple.
    Reverse(u32),
    /// As `UnpackSequence` with a starred target: `before` items, a list, `after` items.
    UnpackEx {
        before: u16,
        after: u16,
    },

    Jump(u32),
    PopJumpIfFalse(u32),
    PopJumpIfTrue(u32),
    /// Jumps (keeping the value) when false, else pops it.
    JumpIfFalseOrPop(u32),
    JumpIfTrueOrPop(u32),
    GetIter,
    /// Pushes the next item of the iterator on top, or pops the iterator and jumps.
    ForIter(u32),

    Return,
    /// Suspends the generator with the value on top; resumed, pushes the value sent in.
    Yield,
    /// `iter(x)` for `yield from`.
    GetYieldFromIter,
    /// `yield from`: TOS is the value to send into the iterator below it. Yields what the
    /// iterator yields (resuming here), and once it returns, replaces both with the result.
    YieldFrom,

    /// Calls TOS-n with the `n` values above it.
    Call(u32),
    /// As `Call`, the last `kwnames[names].len()` values being keyword arguments.
    CallKw {
        args: u16,
        names: u16,
    },
    /// Calls TOS2 (or TOS1) with the tuple TOS1 (or TOS) and, when `kwargs`, the dict TOS.
    CallEx {
        kwargs: bool,
    },
    /// `super()` without arguments (or the global named `super`, if the module defines
    /// one).
    SuperZero,
    /// Makes a function of `children[i]`, popping its defaults (positional, then
    /// keyword-only) and taking its cells from this frame.
    MakeFunction(u32),
    /// Runs class body `children[i]` and makes the class, popping the tuple of bases.
    MakeClass(u32),
    /// Runs comprehension `children[i]` on the iterator on top; pushes its result.
    RunComprehension(u32),
    /// Makes the generator of generator expression `children[i]` over the iterator on top.
    MakeGenerator(u32),

    /// `raise` (0), `raise exc` (1), `raise exc from cause` (2).
    Raise(u8),
    /// Raises again the exception on top, as it was caught (its traceback kept).
    Reraise,
    /// Marks the exception on top as being handled (`sys.exc_info()`); it stays on top.
    PushExcInfo,
    /// Ends the handling of the innermost exception being handled.
    PopExcept,
    /// TOS1 is an exception, TOS an `except` clause's class or tuple: replaces TOS by
    /// whether it matches.
    CheckExcMatch,
    /// `except*`: TOS1 is what is left of the exception caught, TOS a clause's class or
    /// tuple: replaces them by what is left after the clause and the part it matches
    /// (`None` when nothing does); that part becomes the exception being handled.
    CheckEgMatch,
    /// `match`: pushes whether the subject on top is a sequence (CPython's MATCH_SEQUENCE).
    MatchSequence,
    /// `match`: pushes whether the subject on top is a mapping (MATCH_MAPPING).
    MatchMapping,
    /// Pushes `len(TOS)`, keeping it (GET_LEN).
    GetLen,
    /// TOS is a tuple of keys, TOS1 a mapping: pushes the tuple of their values, or `None`
    /// when one is missing (MATCH_KEYS).
    MatchKeys,
    /// TOS is a tuple of keyword attribute names, TOS1 a class, TOS2 the subject: replaces
    /// them by the tuple of the `n` positional and the keyword attributes, or `None` when the
    /// subject does not match (MATCH_CLASS).
    MatchClass(u32),
    /// `**rest` of a mapping pattern: TOS is the tuple of keys, TOS1 the mapping: replaces
    /// them by a new dict of the mapping's other items.
    MatchRest,
    /// The end of `try`/`except*`: TOS1 is the exception caught, TOS the list of what the
    /// clauses raised and the part none matched: replaces them by the exception to raise
    /// again, or `None`.
    PrepReraiseStar,
    /// `with`: pops the context manager, pushes its bound `__exit__`, then what
    /// `__enter__` returned.
    WithEnter,
    /// Calls `__exit__(None, None, None)` (TOS) and pops it.
    WithExit,
    /// TOS1 is `__exit__`, TOS the exception: pushes whether `__exit__(type, exc, tb)`
    /// suppresses it.
    WithExcept,
    /// Raises `AssertionError` (with the message on top when `message`).
    RaiseAssertion {
        message: bool,
    },

    /// Pushes module `names[i]` (imported if needed).
    ImportName(u32),
    /// `from <names[i] or ''> import`, with `level` leading dots: pushes the module.
    ImportModuleFrom {
        name: u32,
        level: u16,
    },
    /// Pushes `names[i]` taken from the module on top (a submodule if need be).
    ImportFrom(u32),
    /// `from m import *`: pops the module.
    ImportStar,

    /// Shows the value on top (`sys.displayhook`) and pops it: the REPL's expression
    /// statements.
    PrintExpr,
    /// Raises `SyntaxError` with the message `consts[i]` (a construct pyrc cannot run).
    Unsupported(u32),
    /// Right before a call of `globals`, `locals`, `vars`, `dir`, `eval` or `exec` by name:
    /// hands the frame's globals and locals to the builtin about to run (builtins cannot see
    /// their caller's frame; see `vm::eval::scope_access`).
    PublishScope,
    /// `MakeClass` for a class header with keywords: pops the keywords (a dict) too.
    MakeClassKw(u32),

    /// `await`: replaces TOS by the iterator to delegate to (a coroutine itself, else what
    /// its `__await__` returns; CPython's GET_AWAITABLE). The operand names the context for
    /// the error message: 0 `await`, 1 after `__aenter__`, 2 after `__aexit__`.
    GetAwaitable(u8),
    /// `async for`: replaces TOS by its `__aiter__()`.
    GetAIter,
    /// `async for`: pushes the awaitable of `__anext__()` of the async iterator on top.
    GetANext,
    /// The handler of an `async for`'s `__anext__` await: TOS1 the async iterator, TOS the
    /// exception; `StopAsyncIteration` pops both (the loop ends), anything else is raised
    /// again.
    EndAsyncFor,
    /// `async with`: pops the context manager, pushes its bound `__aexit__`, then what
    /// `__aenter__()` returns (awaited next).
    AsyncWithEnter,
    /// Replaces `__aexit__` (TOS) by what `__aexit__(None, None, None)` returns (awaited
    /// next).
    AsyncWithExit,
    /// TOS1 is `__aexit__`, TOS the exception: pushes what `__aexit__(type, exc, tb)`
    /// returns (awaited next, then tested).
    AsyncWithExcept,
}

/// Where a nested scope's free variable comes from in the frame that makes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CellSource {
    /// The cell in the frame's `fast[i]`.
    Cell(u32),
    /// The frame's own `closure[i]`.
    Free(u32),
}

/// One region of the exception table: an exception raised by an instruction in
/// `start..end` truncates the value stack to `depth`, pushes the exception and jumps to
/// `target`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Handler {
    pub start: u32,
    pub end: u32,
    pub target: u32,
    pub depth: u32,
}

/// What a code is the body of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CodeKind {
    Module,
    Function,
    Class,
    /// A list, set or dict comprehension: run at once on the iterator in slot 0.
    Comprehension,
    /// A generator expression: a generator over the iterator in slot 0.
    GeneratorExpression,
}

/// How arguments bind to a function's slots.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Signature {
    /// Slots of the positional parameters (positional-only ones first), in order.
    pub positional: Vec<u32>,
    /// Names of the positional parameters, in the same order.
    pub positional_names: Vec<Name>,
    /// How many leading positional parameters are positional-only.
    pub posonly: u32,
    /// Slot of `*args`.
    pub vararg: Option<u32>,
    /// Keyword-only parameters: name and slot.
    pub kwonly: Vec<(Name, u32)>,
    /// Slot of `**kwargs`.
    pub kwarg: Option<u32>,
    /// How many positional parameters have defaults (the last ones).
    pub positional_defaults: u32,
    /// Keyword-only parameters that have defaults (their defaults are made in this order).
    pub kwonly_defaults: Vec<Name>,
}

impl Signature {
    /// True when a call with exactly `positional.len()` positional arguments and nothing
    /// else binds argument `i` to slot `positional[i]`, with nothing more to do.
    pub fn is_simple(&self) -> bool {
        self.vararg.is_none() && self.kwonly.is_empty() && self.kwarg.is_none()
    }
}

/// A compiled code block.
#[derive(Debug)]
pub struct Code {
    pub kind: CodeKind,
    /// `co_name`: the function's or class's name, `<module>`, `<listcomp>`...
    pub name: Name,
    /// `co_qualname`.
    pub qualname: Name,
    pub filename: Rc<str>,
    pub first_line: u32,
    pub scope: Rc<ScopeInfo>,
    /// Kept for what the definition says beyond the code (annotations, `is_lambda`).
    pub def: Option<Rc<ast::FunctionDef>>,
    pub signature: Signature,
    /// Calling it makes a generator-like object: a generator, or one of the two below.
    pub is_generator: bool,
    /// An `async def` without `yield` (or an awaiting comprehension): a coroutine.
    pub is_coroutine: bool,
    /// An `async def` with `yield` (or an async generator expression).
    pub is_async_generator: bool,
    pub instrs: Vec<Instr>,
    /// The source line of each instruction.
    pub lines: Vec<u32>,
    /// The source range of each instruction: the expression or statement it was compiled
    /// from (column 0: none known). `co_positions()` and the traceback markers read it.
    pub positions: Vec<crate::compile::ast::Location>,
    pub consts: Vec<Constant>,
    pub names: Vec<Name>,
    /// Keyword names of `CallKw` instructions.
    pub kwnames: Vec<Box<[Name]>>,
    /// Target slots of `UnpackFast` instructions.
    pub unpack_slots: Vec<Box<[u32]>>,
    pub handlers: Vec<Handler>,
    pub children: Vec<Rc<Code>>,
    /// For a nested code: where each of its free variables comes from in the frame that
    /// makes it.
    pub closure_from: Vec<CellSource>,
    /// The name of each slot (parameters and locals first, as the scope lays them out).
    pub slot_names: Vec<Name>,
    /// Slots holding cells, made when a frame starts.
    pub cell_slots: Vec<u32>,
    pub max_stack: u32,
    /// Expression statements show their values (the REPL).
    pub interactive: bool,
}

impl Code {
    /// The handler catching an exception raised by instruction `pc`.
    pub fn handler_at(&self, pc: u32) -> Option<&Handler> {
        self.handlers.iter().find(|h| h.start <= pc && pc < h.end)
    }

    /// The line of instruction `pc` (the first line when out of range).
    pub fn line_at(&self, pc: u32) -> u32 {
        self.lines.get(pc as usize).copied().unwrap_or(self.first_line)
    }

    /// Number of frame slots.
    pub fn slots(&self) -> usize {
        self.scope.slots
    }
}

impl Code {
    /// A listing of the code and its nested codes (as `dis.dis` prints), for debugging and
    /// tests.
    pub fn disassemble(&self) -> String {
        let mut out =
            format!("{} ({:?}, max_stack {})\n", self.qualname, self.kind, self.max_stack);
        for (pc, instr) in self.instrs.iter().enumerate() {
            out.push_str(&format!("{:>5} {:>4}  {instr:?}\n", self.lines[pc], pc));
        }
        for handler in &self.handlers {
            out.push_str(&format!(
                "  handler {}..{} -> {} depth {}\n",
                handler.start, handler.end, handler.target, handler.depth
            ));
        }
        for child in &self.children {
            out.push_str(&child.disassemble());
        }
        out
    }
}
