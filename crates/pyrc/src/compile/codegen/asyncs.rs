//! The awaits of `await`, `async for` and `async with` (CPython's `compiler_await`,
//! `compiler_async_for`, the async half of `compiler_with`): each await is `GetAwaitable`
//! and a `yield from` of `None`; an `async for` awaits `__anext__()` inside an exception
//! region whose handler (`EndAsyncFor`) ends the loop on `StopAsyncIteration`.

use crate::compile::ast::{self, Constant, Expr, Stmt};
use crate::compile::code::Instr;

use super::{CompileError, Compiler, FBlock, Label};

impl<'a> Compiler<'a> {
    /// Awaits the value on top (`await`, and the awaits of `async with`/`async for`):
    /// CPython's GET_AWAITABLE, LOAD_CONST None, SEND loop.
    pub(super) fn await_top(&mut self, context: u8) {
        self.emit(Instr::GetAwaitable(context));
        self.emit_const(Constant::None);
        self.emit(Instr::YieldFrom);
    }

    /// `__aexit__(None, None, None)` awaited, its result dropped (`__aexit__` on top).
    pub(super) fn async_with_exit(&mut self) {
        self.emit(Instr::AsyncWithExit);
        self.await_top(2);
        self.emit(Instr::Pop);
    }

    /// `async for`: the async iterator stays on the stack; each `__anext__()` is awaited in
    /// a region whose handler ends the loop on `StopAsyncIteration` (CPython's
    /// END_ASYNC_FOR).
    pub(super) fn async_for(
        &mut self,
        target: &'a Expr,
        iter: &'a Expr,
        body: &'a [Stmt],
        orelse: &'a [Stmt],
        location: ast::Location,
    ) -> Result<(), CompileError> {
        self.expr(iter)?;
        self.emit(Instr::GetAIter);
        let start = self.new_label();
        let stopped = self.new_label();
        let end = self.new_label();
        self.bind(start);
        self.set_line(location.line);
        let depth = self.unit.depth;
        self.async_next(stopped, depth);
        self.store(target)?;
        self.fblocks.push(FBlock::For { break_to: end, continue_to: start });
        self.block(body)?;
        self.fblocks.pop();
        self.set_line(location.line);
        self.emit_jump(Instr::Jump, start);
        self.bind(stopped);
        self.set_depth(depth + 1);
        self.emit(Instr::EndAsyncFor);
        self.block(orelse)?;
        self.bind(end);
        self.set_depth(depth - 1);
        Ok(())
    }

    /// Pushes the next item of the async iterator on top (at stack depth `depth`), an
    /// `StopAsyncIteration` going to `stopped`.
    pub(super) fn async_next(&mut self, stopped: Label, depth: u32) {
        let region = self.push_region(stopped, depth);
        self.emit(Instr::GetANext);
        self.emit_const(Constant::None);
        self.emit(Instr::YieldFrom);
        self.pop_region(region);
    }
}
