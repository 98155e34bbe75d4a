//! Exception-handling statements: `try`/`except`, `try`/`except*`, `try`/`finally` and `with`,
//! each a protected region whose handler the loop jumps to (CPython 3.11's exception table).

use crate::compile::ast::{self, Constant, Stmt};
use crate::compile::code::Instr;

use super::{CompileError, Compiler, FBlock, Label};

impl<'a> Compiler<'a> {
    /// `name = None; del name`: the end of `except E as name`.
    pub(super) fn unbind(&mut self, name: &ast::Name) {
        self.emit_const(Constant::None);
        self.store_name(name);
        self.delete_name(name);
    }

    pub(super) fn try_except(
        &mut self,
        body: &'a [Stmt],
        handlers: &'a [ast::ExceptHandler],
        orelse: &'a [Stmt],
        is_star: bool,
    ) -> Result<(), CompileError> {
        if handlers.is_empty() {
            self.block(body)?;
            return self.block(orelse);
        }
        if is_star {
            return self.try_star(body, handlers, orelse);
        }
        let TryDispatch { depth, end, cleanup, cleanup_region } =
            self.try_dispatch(body, orelse)?;
        // The exception is on top, marked handled: try each clause in turn.
        let mut name_cleanups = Vec::new();
        for handler in handlers {
            self.set_line(handler.location.line);
            let next = self.new_label();
            if let Some(typ) = &handler.typ {
                self.expr(typ)?;
                self.emit(Instr::CheckExcMatch);
                self.emit_jump(Instr::PopJumpIfFalse, next);
            }
            let named = match &handler.name {
                Some(name) => {
                    self.store_name(name);
                    let unbind = self.new_label();
                    name_cleanups.push((unbind, name.clone()));
                    Some(self.push_region(unbind, depth))
                }
                None => {
                    self.emit(Instr::Pop);
                    None
                }
            };
            self.fblocks.push(FBlock::HandlerBody {
                region: cleanup_region,
                named,
                name: handler.name.clone(),
            });
            self.block(&handler.body)?;
            self.fblocks.pop();
            if let Some(named) = named {
                self.pop_region(named);
            }
            self.emit(Instr::PopExcept);
            if let Some(name) = &handler.name {
                self.unbind(name);
            }
            self.emit_jump(Instr::Jump, end);
            self.bind(next);
            self.set_depth(depth + 1);
        }
        // No clause matched: raise it again (through the cleanup below).
        self.emit(Instr::Reraise);
        self.pop_region(cleanup_region);
        for (unbind, name) in name_cleanups {
            self.bind(unbind);
            self.set_depth(depth + 1);
            self.unbind(&name);
            self.emit(Instr::PopExcept);
            self.emit(Instr::Reraise);
        }
        self.bind(cleanup);
        self.set_depth(depth + 1);
        self.emit(Instr::PopExcept);
        self.emit(Instr::Reraise);
        self.bind(end);
        self.set_depth(depth);
        Ok(())
    }

    /// What both `try` forms compile first: the body in a region whose handler is the
    /// dispatch, the `else` block and the jump to the end; then, at the dispatch, the
    /// exception marked handled (`PushExcInfo`) and the cleanup region opened.
    fn try_dispatch(
        &mut self,
        body: &'a [Stmt],
        orelse: &'a [Stmt],
    ) -> Result<TryDispatch, CompileError> {
        let depth = self.unit.depth;
        let dispatch = self.new_label();
        let end = self.new_label();
        let region = self.push_region(dispatch, depth);
        self.fblocks.push(FBlock::TryBody { region });
        self.block(body)?;
        self.fblocks.pop();
        self.pop_region(region);
        self.block(orelse)?;
        self.emit_jump(Instr::Jump, end);
        self.bind(dispatch);
        self.set_depth(depth + 1);
        self.emit(Instr::PushExcInfo);
        let cleanup = self.new_label();
        let cleanup_region = self.push_region(cleanup, depth);
        Ok(TryDispatch { depth, end, cleanup, cleanup_region })
    }

    /// `try`/`except*` (CPython 3.11's `compiler_try_star_except`): the caught exception
    /// (a naked one is wrapped in a group), the list of what the clauses raise and what is
    /// left unmatched stay on the stack; each clause takes its part, an exception raised in
    /// its body joins the list, and at the end what was raised and what no clause matched
    /// are raised again together (`PrepReraiseStar`).
    fn try_star(
        &mut self,
        body: &'a [Stmt],
        handlers: &'a [ast::ExceptHandler],
        orelse: &'a [Stmt],
    ) -> Result<(), CompileError> {
        let TryDispatch { depth, end, cleanup, cleanup_region } =
            self.try_dispatch(body, orelse)?;
        // [exc] becomes [caught, raised list, rest].
        self.emit(Instr::Dup);
        self.emit(Instr::BuildList(0));
        self.emit(Instr::Rot2);
        for handler in handlers {
            self.set_line(handler.location.line);
            let Some(typ) = &handler.typ else {
                return Err(CompileError {
                    message: "expected one or more exception types".into(),
                    location: handler.location,
                });
            };
            let next = self.new_label();
            let matched = self.new_label();
            self.expr(typ)?;
            self.emit(Instr::CheckEgMatch);
            self.emit(Instr::Dup);
            self.emit_const(Constant::None);
            self.emit(Instr::Compare(ast::CmpOp::IsNot));
            self.emit_jump(Instr::PopJumpIfTrue, matched);
            self.emit(Instr::Pop);
            self.emit_jump(Instr::Jump, next);

            // [caught, raised list, rest, match]
            self.bind(matched);
            self.set_depth(depth + 4);
            let raised = self.new_label();
            let handler_region = self.push_region(raised, depth + 3);
            match &handler.name {
                Some(name) => self.store_name(name),
                None => self.emit(Instr::Pop),
            }
            self.fblocks.push(FBlock::ExceptStarBody);
            self.block(&handler.body)?;
            self.fblocks.pop();
            self.pop_region(handler_region);
            if let Some(name) = &handler.name {
                self.unbind(name);
            }
            self.emit_jump(Instr::Jump, next);

            // What the clause raised joins the list.
            self.bind(raised);
            self.set_depth(depth + 4);
            if let Some(name) = &handler.name {
                self.unbind(name);
            }
            self.emit(Instr::ListAppend(2));
            self.bind(next);
            self.set_depth(depth + 3);
        }
        self.emit(Instr::ListAppend(1));
        self.emit(Instr::PrepReraiseStar);
        let nothing = self.new_label();
        self.emit(Instr::Dup);
        self.emit_const(Constant::None);
        self.emit(Instr::Compare(ast::CmpOp::Is));
        self.emit_jump(Instr::PopJumpIfTrue, nothing);
        self.emit(Instr::Reraise);
        self.pop_region(cleanup_region);
        self.bind(nothing);
        self.set_depth(depth + 1);
        self.emit(Instr::Pop);
        self.emit(Instr::PopExcept);
        self.emit_jump(Instr::Jump, end);
        self.bind(cleanup);
        self.set_depth(depth + 1);
        self.emit(Instr::PopExcept);
        self.emit(Instr::Reraise);
        self.bind(end);
        self.set_depth(depth);
        Ok(())
    }

    pub(super) fn try_finally(
        &mut self,
        body: &'a [Stmt],
        handlers: &'a [ast::ExceptHandler],
        orelse: &'a [Stmt],
        finalbody: &'a [Stmt],
        is_star: bool,
    ) -> Result<(), CompileError> {
        let depth = self.unit.depth;
        let exceptional = self.new_label();
        let end = self.new_label();
        let region = self.push_region(exceptional, depth);
        self.fblocks.push(FBlock::FinallyBody { region, finalbody });
        self.try_except(body, handlers, orelse, is_star)?;
        self.fblocks.pop();
        self.pop_region(region);
        self.block(finalbody)?;
        self.emit_jump(Instr::Jump, end);

        // The finally body on the way out of an exception, which it sees as handled.
        self.bind(exceptional);
        self.set_depth(depth + 1);
        self.emit(Instr::PushExcInfo);
        let cleanup = self.new_label();
        let cleanup_region = self.push_region(cleanup, depth);
        self.fblocks.push(FBlock::FinallyHandler { region: cleanup_region });
        self.block(finalbody)?;
        self.fblocks.pop();
        self.pop_region(cleanup_region);
        self.emit(Instr::PopExcept);
        self.emit(Instr::Reraise);
        self.bind(cleanup);
        self.set_depth(depth + 1);
        self.emit(Instr::PopExcept);
        self.emit(Instr::Reraise);
        self.bind(end);
        self.set_depth(depth);
        Ok(())
    }

    pub(super) fn with(
        &mut self,
        items: &'a [ast::WithItem],
        body: &'a [Stmt],
        is_async: bool,
    ) -> Result<(), CompileError> {
        let Some((item, rest)) = items.split_first() else { return self.block(body) };
        let depth = self.unit.depth;
        self.expr(&item.context_expr)?;
        if is_async {
            self.emit(Instr::AsyncWithEnter);
            self.await_top(1);
        } else {
            self.emit(Instr::WithEnter);
        }
        let exceptional = self.new_label();
        let end = self.new_label();
        let region = self.push_region(exceptional, depth + 1);
        match &item.optional_vars {
            Some(target) => self.store(target)?,
            None => self.emit(Instr::Pop),
        }
        self.fblocks.push(FBlock::WithBody { region, is_async });
        self.with(rest, body, is_async)?;
        self.fblocks.pop();
        self.pop_region(region);
        if is_async {
            self.async_with_exit();
        } else {
            self.emit(Instr::WithExit);
        }
        self.emit_jump(Instr::Jump, end);

        // `__exit__` and the exception are on the stack.
        self.bind(exceptional);
        self.set_depth(depth + 2);
        self.emit(Instr::PushExcInfo);
        let cleanup = self.new_label();
        let cleanup_region = self.push_region(cleanup, depth);
        if is_async {
            self.emit(Instr::AsyncWithExcept);
            self.await_top(2);
        } else {
            self.emit(Instr::WithExcept);
        }
        let suppress = self.new_label();
        self.emit_jump(Instr::PopJumpIfTrue, suppress);
        self.emit(Instr::Reraise);
        self.pop_region(cleanup_region);
        self.bind(suppress);
        self.emit(Instr::Pop);
        self.emit(Instr::PopExcept);
        self.emit(Instr::Pop);
        self.emit_jump(Instr::Jump, end);
        self.bind(cleanup);
        self.set_depth(depth + 1);
        self.emit(Instr::PopExcept);
        self.emit(Instr::Reraise);
        self.bind(end);
        self.set_depth(depth);
        Ok(())
    }
}

/// Where [`Compiler::try_dispatch`] left a `try` statement: the stack depth around it, its
/// end, and the cleanup label and region of its handlers.
struct TryDispatch {
    depth: u32,
    end: Label,
    cleanup: Label,
    cleanup_region: usize,
}
