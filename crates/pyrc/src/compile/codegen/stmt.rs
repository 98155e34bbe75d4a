//! Statements.

use crate::compile::ast::{self, Constant, Expr, Name, Stmt};
use crate::compile::code::{CodeKind, Instr};
use crate::compile::scope;

use super::{is_module, CompileError, Compiler, FBlock};

impl<'a> Compiler<'a> {
    pub(super) fn block(&mut self, body: &'a [Stmt]) -> Result<(), CompileError> {
        for stmt in body {
            self.stmt(stmt)?;
        }
        Ok(())
    }

    fn stmt(&mut self, stmt: &'a Stmt) -> Result<(), CompileError> {
        self.set_location(stmt.location());
        match stmt {
            Stmt::Expr { value, .. } => {
                self.expr(value)?;
                if self.unit.interactive && is_module(self.unit.scope.kind) {
                    self.emit(Instr::PrintExpr);
                } else {
                    self.emit(Instr::Pop);
                }
            }
            Stmt::Assign { targets, value, .. } if self.swap_assignment(targets, value)? => {}
            Stmt::Assign { targets, value, .. } => {
                self.expr(value)?;
                for (i, target) in targets.iter().enumerate() {
                    if i + 1 < targets.len() {
                        self.emit(Instr::Dup);
                    }
                    self.store(target)?;
                }
            }
            Stmt::AugAssign { target, op, value, .. } => self.augassign(target, *op, value)?,
            Stmt::AnnAssign { target, annotation, value, simple, .. } => {
                if let Some(value) = value {
                    self.expr(value)?;
                    self.store(target)?;
                }
                // CPython's `compiler_annassign`: a simple name's annotation is evaluated
                // and recorded in `__annotations__` at module and class level only; a
                // function's are never evaluated; other targets' are evaluated and dropped.
                let recorded = matches!(self.unit.kind, CodeKind::Module | CodeKind::Class);
                match target {
                    Expr::Name { id, .. } if *simple && recorded => {
                        self.annotation(annotation)?;
                        self.load_name(&Name::from("__annotations__"));
                        self.emit_const(Constant::Str(id.clone()));
                        self.emit(Instr::StoreItem);
                    }
                    Expr::Name { .. } => {}
                    _ if recorded && !self.unit.future_annotations => {
                        self.expr(annotation)?;
                        self.emit(Instr::Pop);
                    }
                    _ => {}
                }
            }
            Stmt::FunctionDef(def) => {
                for decorator in &def.decorators {
                    self.expr(decorator)?;
                }
                self.function(def)?;
                for _ in &def.decorators {
                    self.emit(Instr::Call(1));
                }
                self.store_name(&def.name);
            }
            Stmt::ClassDef(class) => {
                for decorator in &class.decorators {
                    self.expr(decorator)?;
                }
                self.sequence(&class.bases, SequenceKind::Tuple)?;
                if !class.keywords.is_empty() {
                    self.keyword_dict(&class.keywords)?;
                }
                let line = class.location.line;
                let index = self.nested(
                    CodeKind::Class,
                    scope::key(&**class),
                    class.name.clone(),
                    line,
                    None,
                    false,
                    |inner| {
                        inner.setup_annotations(&class.body);
                        inner.block(&class.body)?;
                        inner.emit_const(Constant::None);
                        inner.emit(Instr::Return);
                        Ok(())
                    },
                )?;
                if class.keywords.is_empty() {
                    self.emit(Instr::MakeClass(index));
                } else {
                    self.emit(Instr::MakeClassKw(index));
                }
                for _ in &class.decorators {
                    self.emit(Instr::Call(1));
                }
                self.store_name(&class.name);
            }
            Stmt::Return { value, location } => {
                if self.unit.kind != CodeKind::Function {
                    return Err(CompileError {
                        message: "'return' outside function".into(),
                        location: *location,
                    });
                }
                self.not_out_of_except_star(0, *location)?;
                match value {
                    Some(value) => self.expr(value)?,
                    None => self.emit_const(Constant::None),
                }
                let closed = self.unwind(0, true)?;
                self.emit(Instr::Return);
                self.reopen(closed);
            }
            Stmt::Delete { targets, .. } => {
                for target in targets {
                    self.delete(target)?;
                }
            }
            Stmt::If { test, body, orelse, .. } => {
                let otherwise = self.new_label();
                self.expr(test)?;
                self.emit_jump(Instr::PopJumpIfFalse, otherwise);
                self.block(body)?;
                if orelse.is_empty() {
                    self.bind(otherwise);
                } else {
                    let end = self.new_label();
                    self.emit_jump(Instr::Jump, end);
                    self.bind(otherwise);
                    self.block(orelse)?;
                    self.bind(end);
                }
            }
            Stmt::While { test, body, orelse, location } => {
                let start = self.new_label();
                let otherwise = self.new_label();
                let end = self.new_label();
                self.bind(start);
                // `while True:` and `while 1:` test nothing.
                let always = matches!(
                    test,
                    Expr::Constant { value: Constant::Bool(true), .. }
                        | Expr::Constant { value: Constant::Int(ast::IntValue::Small(1..)), .. }
                );
                if !always {
                    self.expr(test)?;
                    self.emit_jump(Instr::PopJumpIfFalse, otherwise);
                }
                self.fblocks.push(FBlock::While { break_to: end, continue_to: start });
                self.block(body)?;
                self.fblocks.pop();
                self.set_line(location.line);
                self.emit_jump(Instr::Jump, start);
                self.bind(otherwise);
                self.block(orelse)?;
                self.bind(end);
            }
            Stmt::For { target, iter, body, orelse, is_async: true, location } => {
                self.async_for(target, iter, body, orelse, *location)?;
            }
            Stmt::For { target, iter, body, orelse, location, .. } => {
                self.expr(iter)?;
                self.emit(Instr::GetIter);
                let start = self.new_label();
                let otherwise = self.new_label();
                let end = self.new_label();
                self.bind(start);
                self.set_line(location.line);
                self.emit_jump(Instr::ForIter, otherwise);
                self.store(target)?;
                self.fblocks.push(FBlock::For { break_to: end, continue_to: start });
                self.block(body)?;
                self.fblocks.pop();
                self.set_line(location.line);
                self.emit_jump(Instr::Jump, start);
                self.bind(otherwise);
                self.block(orelse)?;
                self.bind(end);
            }
            Stmt::Break { location } => {
                let Some(index) = self.innermost_loop() else {
                    return Err(CompileError {
                        message: "'break' outside loop".into(),
                        location: *location,
                    });
                };
                self.not_out_of_except_star(index, *location)?;
                let target = match &self.fblocks[index] {
                    FBlock::While { break_to, .. } | FBlock::For { break_to, .. } => *break_to,
                    _ => unreachable!("innermost_loop finds loops"),
                };
                let closed = self.unwind(index, false)?;
                self.emit_jump(Instr::Jump, target);
                self.reopen(closed);
            }
            Stmt::Continue { location } => {
                let Some(index) = self.innermost_loop() else {
                    return Err(CompileError {
                        message: "'continue' not properly in loop".into(),
                        location: *location,
                    });
                };
                self.not_out_of_except_star(index, *location)?;
                let target = match &self.fblocks[index] {
                    FBlock::While { continue_to, .. } | FBlock::For { continue_to, .. } => {
                        *continue_to
                    }
                    _ => unreachable!("innermost_loop finds loops"),
                };
                let closed = self.unwind(index + 1, false)?;
                self.emit_jump(Instr::Jump, target);
                self.reopen(closed);
            }
            Stmt::Pass { .. } | Stmt::Global { .. } | Stmt::Nonlocal { .. } => {}
            Stmt::Raise { exc, cause, .. } => {
                let mut count = 0;
                if let Some(exc) = exc {
                    self.expr(exc)?;
                    count = 1;
                    if let Some(cause) = cause {
                        self.expr(cause)?;
                        count = 2;
                    }
                }
                self.emit(Instr::Raise(count));
            }
            Stmt::Try { body, handlers, orelse, finalbody, is_star, .. } => {
                if finalbody.is_empty() {
                    self.try_except(body, handlers, orelse, *is_star)?;
                } else {
                    self.try_finally(body, handlers, orelse, finalbody, *is_star)?;
                }
            }
            Stmt::With { items, body, is_async, .. } => self.with(items, body, *is_async)?,
            // `-O` drops asserts, as CPython's compiler at optimization level 1 and above.
            Stmt::Assert { .. } if super::optimize_level() > 0 => {}
            Stmt::Assert { test, msg, .. } => {
                let end = self.new_label();
                self.expr(test)?;
                self.emit_jump(Instr::PopJumpIfTrue, end);
                if let Some(msg) = msg {
                    self.expr(msg)?;
                }
                self.emit(Instr::RaiseAssertion { message: msg.is_some() });
                self.bind(end);
            }
            Stmt::Import { names, .. } => {
                for alias in names {
                    let index = self.name_index(&alias.name);
                    self.emit(Instr::ImportName(index));
                    match &alias.asname {
                        Some(asname) => self.store_name(asname),
                        None => {
                            let top: ast::Name = alias.name.split('.').next().unwrap_or("").into();
                            if top != alias.name {
                                self.emit(Instr::Pop);
                                let index = self.name_index(&top);
                                self.emit(Instr::ImportName(index));
                            }
                            self.store_name(&top);
                        }
                    }
                }
            }
            Stmt::ImportFrom { module, names, level, .. } => {
                let module_name: ast::Name = module.clone().unwrap_or_else(|| "".into());
                let name = self.name_index(&module_name);
                self.emit(Instr::ImportModuleFrom { name, level: *level as u16 });
                for alias in names {
                    if &*alias.name == "*" {
                        self.emit(Instr::Dup);
                        self.emit(Instr::ImportStar);
                        continue;
                    }
                    let index = self.name_index(&alias.name);
                    self.emit(Instr::ImportFrom(index));
                    self.store_name(alias.asname.as_ref().unwrap_or(&alias.name));
                }
                self.emit(Instr::Pop);
            }
            Stmt::Match { subject, cases, .. } => self.match_stmt(subject, cases)?,
            Stmt::Unsupported { what, .. } => {
                let index = self
                    .const_index(Constant::Str(format!("{what} is not supported by pyrc").into()));
                self.emit(Instr::Unsupported(index));
            }
        }
        Ok(())
    }

    /// CPython's refusal of a jump out of an `except*` clause (leaving fblocks above `stop`).
    fn not_out_of_except_star(
        &self,
        stop: usize,
        location: ast::Location,
    ) -> Result<(), CompileError> {
        if self.fblocks[stop..].iter().any(|b| matches!(b, FBlock::ExceptStarBody)) {
            return Err(CompileError {
                message: "'break', 'continue' and 'return' cannot appear in an except* block"
                    .into(),
                location,
            });
        }
        Ok(())
    }

    fn innermost_loop(&self) -> Option<usize> {
        self.fblocks.iter().rposition(|b| matches!(b, FBlock::While { .. } | FBlock::For { .. }))
    }

    /// Emits what leaving the fblocks from the innermost down to index `stop` (inclusive)
    /// needs; `preserve_top`: a return value is on top of the stack. Returns the regions
    /// closed, to reopen after the exit.
    fn unwind(&mut self, stop: usize, preserve_top: bool) -> Result<Vec<usize>, CompileError> {
        let mut closed = Vec::new();
        let mut index = self.fblocks.len();
        while index > stop {
            index -= 1;
            let block = self.fblocks[index].clone();
            match block {
                FBlock::While { .. } | FBlock::ExceptStarBody => {}
                FBlock::For { .. } => {
                    if preserve_top {
                        self.emit(Instr::Rot2);
                    }
                    self.emit(Instr::Pop);
                }
                FBlock::TryBody { region } => {
                    self.close_segment(region);
                    closed.push(region);
                }
                FBlock::FinallyBody { region, finalbody } => {
                    self.close_segment(region);
                    closed.push(region);
                    // The finally body runs with only the blocks outside it in force.
                    let inner = self.fblocks.split_off(index);
                    let result = self.block(finalbody);
                    self.fblocks.extend(inner);
                    result?;
                }
                FBlock::HandlerBody { region, named, name } => {
                    if let Some(named) = named {
                        self.close_segment(named);
                        closed.push(named);
                    }
                    self.close_segment(region);
                    closed.push(region);
                    self.emit(Instr::PopExcept);
                    if let Some(name) = &name {
                        self.unbind(name);
                    }
                }
                FBlock::FinallyHandler { region } => {
                    self.close_segment(region);
                    closed.push(region);
                    if preserve_top {
                        self.emit(Instr::Rot2);
                    }
                    self.emit(Instr::Pop);
                    self.emit(Instr::PopExcept);
                }
                FBlock::WithBody { region, is_async } => {
                    self.close_segment(region);
                    closed.push(region);
                    if preserve_top {
                        self.emit(Instr::Rot2);
                    }
                    if is_async {
                        self.async_with_exit();
                    } else {
                        self.emit(Instr::WithExit);
                    }
                }
            }
        }
        Ok(closed)
    }

    fn reopen(&mut self, closed: Vec<usize>) {
        for region in closed {
            self.reopen_segment(region);
        }
    }

    fn augassign(
        &mut self,
        target: &'a Expr,
        op: ast::BinOp,
        value: &'a Expr,
    ) -> Result<(), CompileError> {
        match target {
            Expr::Name { id, .. } => {
                self.load_name(id);
                self.expr(value)?;
                self.emit(Instr::Inplace(op));
                self.store_name(id);
            }
            Expr::Attribute { value: object, attr, .. } => {
                self.expr(object)?;
                self.emit(Instr::Dup);
                let index = self.name_index(attr);
                self.emit(Instr::LoadAttr(index));
                self.expr(value)?;
                self.emit(Instr::Inplace(op));
                self.emit(Instr::Rot2);
                self.emit(Instr::StoreAttr(index));
            }
            Expr::Subscript { value: object, index, .. } => {
                self.expr(object)?;
                self.expr(index)?;
                self.emit(Instr::DupTwo);
                self.emit(Instr::GetItem);
                self.expr(value)?;
                self.emit(Instr::Inplace(op));
                self.emit(Instr::Rot3);
                self.emit(Instr::StoreItem);
            }
            other => {
                return Err(CompileError {
                    message: "illegal expression for augmented assignment".into(),
                    location: other.location(),
                })
            }
        }
        Ok(())
    }

    /// `a, b = b, a + b`: a display assigned to one target list of the same length, neither
    /// starred, compiles to its items and `Reverse` before the stores, with no tuple built
    /// (CPython's `SWAP`). Returns whether it applied.
    fn swap_assignment(
        &mut self,
        targets: &'a [Expr],
        value: &'a Expr,
    ) -> Result<bool, CompileError> {
        let [Expr::Tuple { elts: names, .. } | Expr::List { elts: names, .. }] = targets else {
            return Ok(false);
        };
        let (Expr::Tuple { elts: items, .. } | Expr::List { elts: items, .. }) = value else {
            return Ok(false);
        };
        let starred = |e: &Expr| matches!(e, Expr::Starred { .. });
        if names.len() != items.len() || names.len() < 2 || names.iter().chain(items).any(starred) {
            return Ok(false);
        }
        for item in items {
            self.expr(item)?;
        }
        self.emit(Instr::Reverse(items.len() as u32));
        for name in names {
            self.store(name)?;
        }
        Ok(true)
    }

    /// Stores the value on top into an assignment target.
    pub(super) fn store(&mut self, target: &'a Expr) -> Result<(), CompileError> {
        match target {
            Expr::Name { id, .. } => self.store_name(id),
            Expr::Attribute { value, attr, .. } => {
                self.expr(value)?;
                let index = self.name_index(attr);
                self.emit(Instr::StoreAttr(index));
            }
            Expr::Subscript { value, index, .. } => {
                self.expr(value)?;
                self.expr(index)?;
                self.emit(Instr::StoreItem);
            }
            Expr::Tuple { elts, .. } | Expr::List { elts, .. } => {
                let starred = elts.iter().position(|e| matches!(e, Expr::Starred { .. }));
                match starred {
                    None if self.unpack_to_fast(elts) => return Ok(()),
                    None => self.emit(Instr::UnpackSequence(elts.len() as u32)),
                    Some(star) => {
                        if elts.iter().filter(|e| matches!(e, Expr::Starred { .. })).count() > 1 {
                            return Err(CompileError {
                                message: "multiple starred expressions in assignment".into(),
                                location: target.location(),
                            });
                        }
                        let before = star as u16;
                        let after = (elts.len() - star - 1) as u16;
                        self.emit(Instr::UnpackEx { before, after });
                    }
                }
                for elt in elts {
                    match elt {
                        Expr::Starred { value, .. } => self.store(value)?,
                        other => self.store(other)?,
                    }
                }
            }
            Expr::Starred { location, .. } => {
                return Err(CompileError {
                    message: "starred assignment target must be in a list or tuple".into(),
                    location: *location,
                })
            }
            other => {
                return Err(CompileError {
                    message: "cannot assign to expression".into(),
                    location: other.location(),
                })
            }
        }
        Ok(())
    }

    fn delete(&mut self, target: &'a Expr) -> Result<(), CompileError> {
        match target {
            Expr::Name { id, .. } => self.delete_name(id),
            Expr::Attribute { value, attr, .. } => {
                self.expr(value)?;
                let index = self.name_index(attr);
                self.emit(Instr::DeleteAttr(index));
            }
            Expr::Subscript { value, index, .. } => {
                self.expr(value)?;
                self.expr(index)?;
                self.emit(Instr::DeleteItem);
            }
            Expr::Tuple { elts, .. } | Expr::List { elts, .. } => {
                for elt in elts {
                    self.delete(elt)?;
                }
            }
            other => {
                return Err(CompileError {
                    message: "cannot delete expression".into(),
                    location: other.location(),
                })
            }
        }
        Ok(())
    }

    /// Pushes a new function made of `def` (defaults evaluated here).
    pub(super) fn function(
        &mut self,
        def: &'a std::rc::Rc<ast::FunctionDef>,
    ) -> Result<(), CompileError> {
        for param in def.params.posonly.iter().chain(&def.params.args) {
            if let Some(default) = &param.default {
                self.expr(default)?;
            }
        }
        for param in &def.params.kwonly {
            if let Some(default) = &param.default {
                self.expr(default)?;
            }
        }
        let line = def.location.line;
        let index = self.nested(
            CodeKind::Function,
            scope::key(&**def),
            def.name.clone(),
            line,
            Some(def.clone()),
            false,
            |inner| {
                inner.block(&def.body)?;
                inner.emit_const(Constant::None);
                inner.emit(Instr::Return);
                Ok(())
            },
        )?;
        let defaults = def.params.posonly.iter().chain(&def.params.args).chain(&def.params.kwonly);
        let count = defaults.filter(|p| p.default.is_some()).count() as i32;
        self.emit(Instr::MakeFunction(index));
        // MakeFunction pops the defaults: its table effect is 0, so account for them here.
        let depth = (self.unit.depth as i32 - count).max(0) as u32;
        self.set_depth(depth);
        self.function_annotations(def)
    }

    /// `f.__annotations__ = {name: annotation, ..., 'return': ...}` on the function just
    /// made (CPython builds the same dict through `MAKE_FUNCTION`'s annotations flag).
    fn function_annotations(&mut self, def: &'a ast::FunctionDef) -> Result<(), CompileError> {
        let params = &def.params;
        let annotated: Vec<&'a ast::Param> = params
            .posonly
            .iter()
            .chain(&params.args)
            .chain(&params.vararg)
            .chain(&params.kwonly)
            .chain(&params.kwarg)
            .filter(|p| p.annotation.is_some())
            .collect();
        if annotated.is_empty() && def.returns.is_none() {
            return Ok(());
        }
        self.emit(Instr::Dup);
        for param in &annotated {
            self.emit_const(Constant::Str(param.name.clone()));
            self.annotation(param.annotation.as_ref().expect("filtered on annotations"))?;
        }
        if let Some(returns) = &def.returns {
            self.emit_const(Constant::Str("return".into()));
            self.annotation(returns)?;
        }
        let count = annotated.len() as u32 + u32::from(def.returns.is_some());
        self.emit(Instr::BuildMap(count));
        self.emit(Instr::Rot2);
        let name = self.name_index(&Name::from("__annotations__"));
        self.emit(Instr::StoreAttr(name));
        Ok(())
    }

    /// Pushes an annotation's value: the expression's, or under `from __future__ import
    /// annotations` (PEP 563) its text as a str, never evaluated.
    fn annotation(&mut self, annotation: &'a Expr) -> Result<(), CompileError> {
        if self.unit.future_annotations {
            self.emit_const(Constant::Str(crate::compile::unparse::unparse(annotation).into()));
            return Ok(());
        }
        self.expr(annotation)
    }

    /// `SETUP_ANNOTATIONS`: a module or class body with an annotated name gets an empty
    /// `__annotations__` dict before its first statement.
    pub(super) fn setup_annotations(&mut self, body: &'a [Stmt]) {
        if body.iter().any(has_annotation) {
            self.emit(Instr::BuildMap(0));
            self.store_name(&Name::from("__annotations__"));
        }
    }
}

/// Whether a statement is, or holds outside nested scopes, an annotated assignment
/// (CPython's `find_ann`).
fn has_annotation(stmt: &Stmt) -> bool {
    match stmt {
        Stmt::AnnAssign { .. } => true,
        Stmt::If { body, orelse, .. }
        | Stmt::While { body, orelse, .. }
        | Stmt::For { body, orelse, .. } => {
            body.iter().any(has_annotation) || orelse.iter().any(has_annotation)
        }
        Stmt::With { body, .. } => body.iter().any(has_annotation),
        Stmt::Try { body, handlers, orelse, finalbody, .. } => {
            body.iter().any(has_annotation)
                || handlers.iter().any(|h| h.body.iter().any(has_annotation))
                || orelse.iter().any(has_annotation)
                || finalbody.iter().any(has_annotation)
        }
        _ => false,
    }
}

/// What [`Compiler::sequence`] builds.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum SequenceKind {
    Tuple,
    List,
    Set,
}

pub(super) use SequenceKind as Seq;

impl<'a> Compiler<'a> {
    /// Pushes a tuple, list or set of `elts` (which may hold `*iterable`s).
    pub(super) fn sequence(
        &mut self,
        elts: &'a [Expr],
        kind: SequenceKind,
    ) -> Result<(), CompileError> {
        let starred = elts.iter().any(|e| matches!(e, Expr::Starred { .. }));
        if !starred {
            for elt in elts {
                self.expr(elt)?;
            }
            let n = elts.len() as u32;
            self.emit(match kind {
                Seq::Tuple => Instr::BuildTuple(n),
                Seq::List => Instr::BuildList(n),
                Seq::Set => Instr::BuildSet(n),
            });
            return Ok(());
        }
        self.emit(Instr::BuildList(0));
        for elt in elts {
            match elt {
                Expr::Starred { value, .. } => {
                    self.expr(value)?;
                    self.emit(Instr::ListExtend(1));
                }
                other => {
                    self.expr(other)?;
                    self.emit(Instr::ListAppend(1));
                }
            }
        }
        match kind {
            Seq::Tuple => self.emit(Instr::ListToTuple),
            Seq::List => {}
            Seq::Set => self.emit(Instr::ListToSet),
        }
        Ok(())
    }
}
