//! Expressions and comprehensions.

use crate::compile::ast::{self, BoolOp, Constant, Expr};
use crate::compile::code::{CodeKind, Instr};
use crate::compile::scope::{self, Binding};

use super::stmt::Seq;
use super::{CompileError, Compiler};

/// The negation of a numeric constant (`None` for the others).
fn negate(value: &Constant) -> Option<Constant> {
    Some(match value {
        Constant::Int(ast::IntValue::Small(v)) => match v.checked_neg() {
            Some(n) => Constant::Int(ast::IntValue::Small(n)),
            None => Constant::Int(ast::IntValue::Big(-num_bigint::BigInt::from(*v))),
        },
        Constant::Int(ast::IntValue::Big(v)) => {
            let n = -v.clone();
            match i64::try_from(&n) {
                Ok(small) => Constant::Int(ast::IntValue::Small(small)),
                Err(_) => Constant::Int(ast::IntValue::Big(n)),
            }
        }
        Constant::Float(f) => Constant::Float(-f),
        Constant::Complex { real, imag } => Constant::Complex { real: -real, imag: -imag },
        _ => return None,
    })
}

/// What a comprehension's innermost loop does with each item.
enum Element<'a> {
    List(&'a Expr),
    Set(&'a Expr),
    Dict(&'a Expr, &'a Expr),
    Generator(&'a Expr),
}

impl<'a> Compiler<'a> {
    /// Pushes the value of `expr`. Its instructions carry its first line, as CPython's
    /// locations do (a call spread over lines fails at the line it starts on).
    pub(super) fn expr(&mut self, expr: &'a Expr) -> Result<(), CompileError> {
        let outer = self.unit.location;
        let outer_line = self.unit.line;
        let location = expr.location();
        if location.line != 0 {
            self.set_location(location);
        }
        let result = self.expr_inner(expr);
        self.unit.location = outer;
        self.unit.line = outer_line;
        result
    }

    fn expr_inner(&mut self, expr: &'a Expr) -> Result<(), CompileError> {
        match expr {
            // `__debug__` is a constant of the compilation, as CPython's compiler makes it.
            Expr::Name { id, .. } if &**id == "__debug__" => {
                self.emit_const(Constant::Bool(super::optimize_level() == 0))
            }
            Expr::Name { id, .. } => self.load_name(id),
            Expr::Constant { value, .. } => self.emit_const(value.clone()),
            Expr::FString { parts, .. } => self.fstring(parts)?,
            Expr::Tuple { elts, .. } => self.sequence(elts, Seq::Tuple)?,
            Expr::List { elts, .. } => self.sequence(elts, Seq::List)?,
            Expr::Set { elts, .. } => self.sequence(elts, Seq::Set)?,
            Expr::Dict { items, .. } => {
                if items.iter().all(|item| item.key.is_some()) {
                    for item in items {
                        if let Some(key) = &item.key {
                            self.expr(key)?;
                        }
                        self.expr(&item.value)?;
                    }
                    self.emit(Instr::BuildMap(items.len() as u32));
                } else {
                    self.emit(Instr::BuildMap(0));
                    for item in items {
                        match &item.key {
                            Some(key) => {
                                self.expr(key)?;
                                self.expr(&item.value)?;
                                self.emit(Instr::MapAdd(1));
                            }
                            None => {
                                self.expr(&item.value)?;
                                self.emit(Instr::DictUpdate(1));
                            }
                        }
                    }
                }
            }
            Expr::Starred { location, .. } => {
                return Err(CompileError {
                    message: "can't use starred expression here".into(),
                    location: *location,
                })
            }
            Expr::Attribute { value, attr, .. } => {
                self.expr(value)?;
                let index = self.name_index(attr);
                self.emit(Instr::LoadAttr(index));
            }
            Expr::Subscript { value, index, .. } => {
                // A constant item of a constant (`b'!'[0]`), folded as CPython's AST
                // optimizer folds it; anything that would raise is left to run time.
                if let Some(item) = constant_item(value, index) {
                    self.emit_const(item);
                    return Ok(());
                }
                self.expr(value)?;
                self.expr(index)?;
                self.emit(Instr::GetItem);
            }
            Expr::Slice { lower, upper, step, .. } => {
                for part in [lower, upper, step] {
                    match part {
                        Some(part) => self.expr(part)?,
                        None => self.emit_const(Constant::None),
                    }
                }
                self.emit(Instr::BuildSlice);
            }
            Expr::Call { func, args, keywords, .. } => self.call(func, args, keywords)?,
            Expr::BinOp { left, op, right, .. } => {
                self.expr(left)?;
                self.expr(right)?;
                self.emit(Instr::Binary(*op));
            }
            Expr::UnaryOp { op, operand, .. } => {
                // `-1`, `-2.5`: one constant, as CPython's compiler folds them.
                if let (ast::UnaryOp::USub, Expr::Constant { value, .. }) = (op, &**operand) {
                    if let Some(negated) = negate(value) {
                        self.emit_const(negated);
                        return Ok(());
                    }
                }
                self.expr(operand)?;
                self.emit(Instr::Unary(*op));
            }
            Expr::BoolOp { op, values, .. } => {
                let end = self.new_label();
                for (i, value) in values.iter().enumerate() {
                    self.expr(value)?;
                    if i + 1 < values.len() {
                        match op {
                            BoolOp::And => self.emit_jump(Instr::JumpIfFalseOrPop, end),
                            BoolOp::Or => self.emit_jump(Instr::JumpIfTrueOrPop, end),
                        }
                    }
                }
                self.bind(end);
            }
            Expr::Compare { left, ops, comparators, .. } => {
                self.expr(left)?;
                if ops.len() == 1 {
                    self.expr(&comparators[0])?;
                    self.emit(Instr::Compare(ops[0]));
                } else {
                    let cleanup = self.new_label();
                    let end = self.new_label();
                    for (i, (op, right)) in ops.iter().zip(comparators).enumerate() {
                        self.expr(right)?;
                        if i + 1 < ops.len() {
                            self.emit(Instr::Dup);
                            self.emit(Instr::Rot3);
                            self.emit(Instr::Compare(*op));
                            self.emit_jump(Instr::JumpIfFalseOrPop, cleanup);
                        } else {
                            self.emit(Instr::Compare(*op));
                        }
                    }
                    self.emit_jump(Instr::Jump, end);
                    self.bind(cleanup);
                    self.emit(Instr::Rot2);
                    self.emit(Instr::Pop);
                    self.bind(end);
                }
            }
            Expr::IfExp { test, body, orelse, .. } => {
                let otherwise = self.new_label();
                let end = self.new_label();
                self.expr(test)?;
                self.emit_jump(Instr::PopJumpIfFalse, otherwise);
                self.expr(body)?;
                self.emit_jump(Instr::Jump, end);
                self.bind(otherwise);
                self.expr(orelse)?;
                self.bind(end);
            }
            Expr::Lambda { func, .. } => self.function(func)?,
            Expr::ListComp { elt, generators, is_async, .. } => {
                self.comprehension(expr, generators, *is_async, Element::List(elt))?
            }
            Expr::SetComp { elt, generators, is_async, .. } => {
                self.comprehension(expr, generators, *is_async, Element::Set(elt))?
            }
            Expr::DictComp { key, value, generators, is_async, .. } => {
                self.comprehension(expr, generators, *is_async, Element::Dict(key, value))?
            }
            Expr::GeneratorExp { elt, generators, is_async, .. } => {
                self.comprehension(expr, generators, *is_async, Element::Generator(elt))?
            }
            Expr::Yield { value, location } => {
                self.check_in_function("'yield' outside function", *location)?;
                match value {
                    Some(value) => self.expr(value)?,
                    None => self.emit_const(Constant::None),
                }
                self.emit(Instr::Yield);
            }
            Expr::Await { value, .. } => {
                self.expr(value)?;
                self.await_top(0);
            }
            Expr::YieldFrom { value, location } => {
                self.check_in_function("'yield from' outside function", *location)?;
                self.expr(value)?;
                self.emit(Instr::GetYieldFromIter);
                self.emit_const(Constant::None);
                self.emit(Instr::YieldFrom);
            }
            Expr::NamedExpr { target, value, .. } => {
                self.expr(value)?;
                self.emit(Instr::Dup);
                self.store_name(target);
            }
            Expr::Unsupported { what, .. } => {
                let index = self
                    .const_index(Constant::Str(format!("{what} is not supported by pyrc").into()));
                self.emit(Instr::Unsupported(index));
                // Never continues; the stack shape of an expression is kept for the rest.
                self.emit_const(Constant::None);
            }
        }
        Ok(())
    }

    fn check_in_function(
        &self,
        message: &str,
        location: ast::Location,
    ) -> Result<(), CompileError> {
        if matches!(self.unit.kind, CodeKind::Function | CodeKind::GeneratorExpression) {
            Ok(())
        } else {
            Err(CompileError { message: message.into(), location })
        }
    }

    fn fstring(&mut self, parts: &'a [ast::FStringPart]) -> Result<(), CompileError> {
        for part in parts {
            match part {
                ast::FStringPart::Literal(text) => self.emit_const(Constant::Str(text.clone())),
                ast::FStringPart::Formatted(field) => {
                    self.expr(&field.value)?;
                    if let Some(spec) = &field.format_spec {
                        self.fstring(spec)?;
                    }
                    let conversion = match field.conversion {
                        ast::Conversion::None => 0,
                        ast::Conversion::Str => 1,
                        ast::Conversion::Repr => 2,
                        ast::Conversion::Ascii => 3,
                    };
                    self.emit(Instr::FormatValue { conversion, spec: field.format_spec.is_some() });
                }
            }
        }
        self.emit(Instr::BuildString(parts.len() as u32));
        Ok(())
    }

    fn call(
        &mut self,
        func: &'a Expr,
        args: &'a [Expr],
        keywords: &'a [ast::Keyword],
    ) -> Result<(), CompileError> {
        // `super()` with no arguments: the defining class and the first argument.
        if let Expr::Name { id, .. } = func {
            if &**id == "super"
                && args.is_empty()
                && keywords.is_empty()
                && self.binding(id) == Binding::Global
            {
                self.emit(Instr::SuperZero);
                return Ok(());
            }
        }
        let publish = self.needs_scope(func);
        let simple = !args.iter().any(|a| matches!(a, Expr::Starred { .. }))
            && keywords.iter().all(|k| k.arg.is_some());
        if simple {
            if keywords.is_empty() {
                if let Expr::Attribute { value, attr, .. } = func {
                    self.expr(value)?;
                    let index = self.name_index(attr);
                    self.emit(Instr::LoadMethod(index));
                    for arg in args {
                        self.expr(arg)?;
                    }
                    self.emit(Instr::CallMethod(args.len() as u32));
                    return Ok(());
                }
            }
            self.expr(func)?;
            for arg in args {
                self.expr(arg)?;
            }
            if keywords.is_empty() {
                self.publish_scope(publish);
                self.emit(Instr::Call(args.len() as u32));
            } else {
                for keyword in keywords {
                    self.expr(&keyword.value)?;
                }
                self.publish_scope(publish);
                let names: Box<[ast::Name]> =
                    keywords.iter().filter_map(|k| k.arg.clone()).collect();
                self.unit.kwnames.push(names);
                let names = (self.unit.kwnames.len() - 1) as u16;
                let count = (args.len() + keywords.len()) as u16;
                self.emit(Instr::CallKw { args: count, names });
            }
            return Ok(());
        }
        self.expr(func)?;
        self.sequence(args, Seq::Tuple)?;
        if keywords.is_empty() {
            self.publish_scope(publish);
            self.emit(Instr::CallEx { kwargs: false });
            return Ok(());
        }
        self.keyword_dict(keywords)?;
        self.publish_scope(publish);
        self.emit(Instr::CallEx { kwargs: true });
        Ok(())
    }

    /// Pushes a dict of `keywords` (`name=value` and `**mapping`), duplicates refused.
    pub(super) fn keyword_dict(
        &mut self,
        keywords: &'a [ast::Keyword],
    ) -> Result<(), CompileError> {
        self.emit(Instr::BuildMap(0));
        for keyword in keywords {
            match &keyword.arg {
                Some(name) => {
                    self.emit_const(Constant::Str(name.clone()));
                    self.expr(&keyword.value)?;
                    self.emit(Instr::BuildMap(1));
                    self.emit(Instr::DictMerge(1));
                }
                None => {
                    self.expr(&keyword.value)?;
                    self.emit(Instr::DictMerge(1));
                }
            }
        }
        Ok(())
    }

    /// Whether a call of `func` may be one of the builtins that read their caller's scope
    /// (`globals()`, `locals()`, `vars()`, `dir()`, `eval`, `exec`): a name none of the
    /// enclosing functions binds.
    fn needs_scope(&self, func: &Expr) -> bool {
        const READ_SCOPE: [&str; 6] = ["globals", "locals", "vars", "dir", "eval", "exec"];
        match func {
            Expr::Name { id, .. } => {
                READ_SCOPE.contains(&&**id)
                    && matches!(self.binding(id), Binding::Global | Binding::ClassNamespace)
            }
            _ => false,
        }
    }

    /// Emits `PublishScope` (right before the call instruction) when `publish`.
    fn publish_scope(&mut self, publish: bool) {
        if publish {
            self.emit(Instr::PublishScope);
        }
    }

    fn comprehension(
        &mut self,
        node: &'a Expr,
        generators: &'a [ast::Comprehension],
        is_async: bool,
        element: Element<'a>,
    ) -> Result<(), CompileError> {
        let (kind, name) = match element {
            Element::List(_) => (CodeKind::Comprehension, "<listcomp>"),
            Element::Set(_) => (CodeKind::Comprehension, "<setcomp>"),
            Element::Dict(..) => (CodeKind::Comprehension, "<dictcomp>"),
            Element::Generator(_) => (CodeKind::GeneratorExpression, "<genexpr>"),
        };
        // The first iterable is evaluated here, in the enclosing scope.
        self.expr(&generators[0].iter)?;
        self.emit(if generators[0].is_async { Instr::GetAIter } else { Instr::GetIter });
        let line = node.location().line;
        let key = scope::key(node);
        let index = self.nested(kind, key, name.into(), line, None, is_async, |inner| {
            match element {
                Element::List(_) => inner.emit(Instr::BuildList(0)),
                Element::Set(_) => inner.emit(Instr::BuildSet(0)),
                Element::Dict(..) => inner.emit(Instr::BuildMap(0)),
                Element::Generator(_) => {}
            }
            inner.emit(Instr::LoadFast(0));
            inner.comprehension_level(generators, 0, &element)?;
            if matches!(element, Element::Generator(_)) {
                inner.emit_const(Constant::None);
            }
            inner.emit(Instr::Return);
            Ok(())
        })?;
        match kind {
            CodeKind::GeneratorExpression => self.emit(Instr::MakeGenerator(index)),
            // An awaiting comprehension's code is a coroutine, awaited here.
            _ if is_async => {
                self.emit(Instr::MakeGenerator(index));
                self.await_top(0);
            }
            _ => self.emit(Instr::RunComprehension(index)),
        }
        Ok(())
    }

    /// The loop of clause `level`; its iterator is on top of the stack.
    fn comprehension_level(
        &mut self,
        generators: &'a [ast::Comprehension],
        level: usize,
        element: &Element<'a>,
    ) -> Result<(), CompileError> {
        let clause = &generators[level];
        let start = self.new_label();
        let end = self.new_label();
        self.bind(start);
        let depth = self.unit.depth;
        let stopped = self.new_label();
        if clause.is_async {
            self.async_next(stopped, depth);
        } else {
            self.emit_jump(Instr::ForIter, end);
        }
        self.store(&clause.target)?;
        // A filter that fails goes back through the loop's `Jump`, the back edge where the
        // evaluation loop checks for signals (CPython's `JUMP_BACKWARD`).
        let next_turn = self.new_label();
        for condition in &clause.ifs {
            self.expr(condition)?;
            self.emit_jump(Instr::PopJumpIfFalse, next_turn);
        }
        if level + 1 < generators.len() {
            self.expr(&generators[level + 1].iter)?;
            let next = &generators[level + 1];
            self.emit(if next.is_async { Instr::GetAIter } else { Instr::GetIter });
            self.comprehension_level(generators, level + 1, element)?;
        } else {
            // The result is below the iterators, one per clause.
            let below = level as u32 + 2;
            match element {
                Element::List(elt) => {
                    self.expr(elt)?;
                    self.emit(Instr::ListAppend(below));
                }
                Element::Set(elt) => {
                    self.expr(elt)?;
                    self.emit(Instr::SetAdd(below));
                }
                Element::Dict(key, value) => {
                    self.expr(key)?;
                    self.expr(value)?;
                    self.emit(Instr::MapAdd(below));
                }
                Element::Generator(elt) => {
                    self.expr(elt)?;
                    self.emit(Instr::Yield);
                    self.emit(Instr::Pop);
                }
            }
        }
        self.bind(next_turn);
        self.emit_jump(Instr::Jump, start);
        if clause.is_async {
            self.bind(stopped);
            self.set_depth(depth + 1);
            self.emit(Instr::EndAsyncFor);
        }
        self.bind(end);
        self.set_depth(depth - 1);
        Ok(())
    }
}

/// `value[index]` when both are constants and the item exists: a bytes item (an int) or a
/// str item (a one-character str).
fn constant_item(value: &Expr, index: &Expr) -> Option<Constant> {
    let (Expr::Constant { value, .. }, Expr::Constant { value: index, .. }) = (value, index) else {
        return None;
    };
    let Constant::Int(ast::IntValue::Small(index)) = index else { return None };
    let at = |len: usize| -> Option<usize> {
        let i = if *index < 0 { index.checked_add(len as i64)? } else { *index };
        usize::try_from(i).ok().filter(|i| *i < len)
    };
    match value {
        Constant::Bytes(bytes) => {
            Some(Constant::Int(ast::IntValue::Small(i64::from(bytes[at(bytes.len())?]))))
        }
        Constant::Str(text) if text.is_ascii() => {
            let i = at(text.len())?;
            Some(Constant::Str(text[i..i + 1].into()))
        }
        _ => None,
    }
}
