//! The `match` statement (PEP 634), as CPython 3.11's `compiler_match` and
//! `compiler_pattern*` compile it.
//!
//! A pattern is compiled with its subject on top of the stack and consumes it. Captured
//! values are not stored as they are found: each is rotated down below what the pattern
//! still keeps on the stack (`on_top`) and below the captures before it, and the names are
//! stored only once the whole pattern has matched (a failed pattern binds nothing; a failed
//! guard leaves the names bound). A failure jumps to `fail_pop[n]`, which pops the `n`
//! values the pattern had on the stack at that point (captures included).

use crate::compile::ast::{CmpOp, Constant, Expr, IntValue, MatchCase, Name, Pattern};
use crate::compile::code::Instr;

use super::{CompileError, Compiler, Label};

/// CPython's `pattern_context`.
struct PatternContext {
    /// The names captured so far: `stores[0]` is on top of the captures.
    stores: Vec<Name>,
    /// Whether an irrefutable pattern is allowed here (last case, guarded, sub-pattern).
    allow_irrefutable: bool,
    /// `fail_pop[n]`: where a failure with `n` values on the stack jumps.
    fail_pop: Vec<Label>,
    /// Values the pattern keeps on the stack above the captures.
    on_top: usize,
}

impl PatternContext {
    fn new(allow_irrefutable: bool) -> Self {
        PatternContext { stores: Vec::new(), allow_irrefutable, fail_pop: Vec::new(), on_top: 0 }
    }
}

/// Whether two literal keys are the same dict key (`1`, `1.0` and `True` are).
fn same_key(a: &Constant, b: &Constant) -> bool {
    fn number(c: &Constant) -> Option<f64> {
        match c {
            Constant::Bool(b) => Some(*b as i64 as f64),
            Constant::Int(IntValue::Small(v)) => Some(*v as f64),
            Constant::Float(f) => Some(*f),
            _ => None,
        }
    }
    match (a, b) {
        (Constant::Int(IntValue::Small(x)), Constant::Int(IntValue::Small(y))) => x == y,
        _ => match (number(a), number(b)) {
            (Some(x), Some(y)) => x == y,
            _ => super::same_constant(a, b),
        },
    }
}

fn is_wildcard(pattern: &Pattern) -> bool {
    matches!(pattern, Pattern::As { pattern: None, name: None, .. })
}

fn is_star_wildcard(pattern: &Pattern) -> bool {
    matches!(pattern, Pattern::Star { name: None, .. })
}

impl<'a> Compiler<'a> {
    /// `match subject: case ...` (CPython's `compiler_match_inner`).
    pub(super) fn match_stmt(
        &mut self,
        subject: &'a Expr,
        cases: &'a [MatchCase],
    ) -> Result<(), CompileError> {
        self.expr(subject)?;
        let end = self.new_label();
        let has_default = cases.len() > 1 && cases.last().is_some_and(|c| is_wildcard(&c.pattern));
        let tested = cases.len() - has_default as usize;
        for (i, case) in cases[..tested].iter().enumerate() {
            self.set_line(case.pattern.location().line);
            let last_tested = i + 1 == tested;
            // The last case tested consumes the subject itself.
            if !last_tested {
                self.emit(Instr::Dup);
            }
            let mut pc = PatternContext::new(case.guard.is_some() || i + 1 == cases.len());
            self.pattern(&case.pattern, &mut pc)?;
            for name in &pc.stores {
                self.store_name(name);
            }
            if let Some(guard) = &case.guard {
                self.ensure_fail_pop(&mut pc, 0);
                self.set_line(guard.location().line);
                self.expr(guard)?;
                self.emit_jump(Instr::PopJumpIfFalse, pc.fail_pop[0]);
            }
            if !last_tested {
                self.emit(Instr::Pop);
            }
            self.block(&case.body)?;
            self.emit_jump(Instr::Jump, end);
            self.emit_and_reset_fail_pop(&mut pc);
        }
        if has_default {
            let case = cases.last().expect("a default case");
            self.set_line(case.pattern.location().line);
            if cases.len() == 1 {
                self.emit(Instr::Pop);
            } else {
                self.emit(Instr::Nop);
            }
            if let Some(guard) = &case.guard {
                self.expr(guard)?;
                self.emit_jump(Instr::PopJumpIfFalse, end);
            }
            self.block(&case.body)?;
        }
        self.bind(end);
        Ok(())
    }

    /// Moves the value on top `n - 1` places down (CPython's `pattern_helper_rotate`).
    fn rotate(&mut self, n: usize) {
        if n >= 2 {
            self.emit(Instr::Reverse(n as u32));
            if n >= 3 {
                self.emit(Instr::Reverse(n as u32 - 1));
            }
        }
    }

    fn ensure_fail_pop(&mut self, pc: &mut PatternContext, n: usize) {
        while pc.fail_pop.len() <= n {
            let label = self.new_label();
            pc.fail_pop.push(label);
        }
    }

    /// A jump (`make`) to the failure path popping what the pattern has on the stack.
    fn jump_to_fail_pop(&mut self, pc: &mut PatternContext, make: fn(u32) -> Instr) {
        let pops = pc.on_top + pc.stores.len();
        self.ensure_fail_pop(pc, pops);
        self.emit_jump(make, pc.fail_pop[pops]);
    }

    /// The failure path: `fail_pop[n]` pops one value and falls into `fail_pop[n - 1]`.
    fn emit_and_reset_fail_pop(&mut self, pc: &mut PatternContext) {
        if pc.fail_pop.is_empty() {
            return;
        }
        for &label in pc.fail_pop[1..].iter().rev() {
            self.bind(label);
            self.emit(Instr::Pop);
        }
        self.bind(pc.fail_pop[0]);
        pc.fail_pop.clear();
    }

    fn pattern_error<T>(message: String, pattern: &Pattern) -> Result<T, CompileError> {
        Err(CompileError { message, location: pattern.location() })
    }

    /// Captures the value on top as `name` (or drops it for `_`).
    fn store_capture(
        &mut self,
        name: Option<&Name>,
        pc: &mut PatternContext,
        pattern: &Pattern,
    ) -> Result<(), CompileError> {
        let Some(name) = name else {
            self.emit(Instr::Pop);
            return Ok(());
        };
        if pc.stores.contains(name) {
            return Self::pattern_error(
                format!("multiple assignments to name '{name}' in pattern"),
                pattern,
            );
        }
        self.rotate(pc.on_top + pc.stores.len() + 1);
        pc.stores.push(name.clone());
        Ok(())
    }

    /// A sub-pattern of a sequence, mapping or class pattern: may be irrefutable.
    fn subpattern(
        &mut self,
        pattern: &'a Pattern,
        pc: &mut PatternContext,
    ) -> Result<(), CompileError> {
        let allow = std::mem::replace(&mut pc.allow_irrefutable, true);
        let result = self.pattern(pattern, pc);
        pc.allow_irrefutable = allow;
        result
    }

    fn pattern(
        &mut self,
        pattern: &'a Pattern,
        pc: &mut PatternContext,
    ) -> Result<(), CompileError> {
        match pattern {
            Pattern::Value { value, .. } => {
                self.expr(value)?;
                self.emit(Instr::Compare(CmpOp::Eq));
                self.jump_to_fail_pop(pc, Instr::PopJumpIfFalse);
            }
            Pattern::Singleton { value, .. } => {
                self.emit_const(value.clone());
                self.emit(Instr::Compare(CmpOp::Is));
                self.jump_to_fail_pop(pc, Instr::PopJumpIfFalse);
            }
            Pattern::As { pattern: None, name, .. } => {
                if !pc.allow_irrefutable {
                    let message = match name {
                        Some(name) => {
                            format!("name capture '{name}' makes remaining patterns unreachable")
                        }
                        None => "wildcard makes remaining patterns unreachable".to_string(),
                    };
                    return Self::pattern_error(message, pattern);
                }
                self.store_capture(name.as_ref(), pc, pattern)?;
            }
            Pattern::As { pattern: Some(inner), name, .. } => {
                pc.on_top += 1;
                self.emit(Instr::Dup);
                self.pattern(inner, pc)?;
                pc.on_top -= 1;
                self.store_capture(name.as_ref(), pc, pattern)?;
            }
            Pattern::Star { name, .. } => self.store_capture(name.as_ref(), pc, pattern)?,
            Pattern::Sequence { patterns, .. } => self.sequence_pattern(patterns, pc, pattern)?,
            Pattern::Mapping { keys, patterns, rest, .. } => {
                self.mapping_pattern(keys, patterns, rest.as_ref(), pc, pattern)?
            }
            Pattern::Class { cls, patterns, kwd_attrs, kwd_patterns, .. } => {
                self.class_pattern(cls, patterns, kwd_attrs, kwd_patterns, pc)?
            }
            Pattern::Or { patterns, .. } => self.or_pattern(patterns, pc, pattern)?,
        }
        Ok(())
    }

    fn sequence_pattern(
        &mut self,
        patterns: &'a [Pattern],
        pc: &mut PatternContext,
        pattern: &Pattern,
    ) -> Result<(), CompileError> {
        let size = patterns.len();
        let mut star = None;
        let mut only_wildcard = true;
        let mut star_wildcard = false;
        for (i, p) in patterns.iter().enumerate() {
            if let Pattern::Star { .. } = p {
                if star.is_some() {
                    return Self::pattern_error(
                        "multiple starred names in sequence pattern".into(),
                        pattern,
                    );
                }
                star_wildcard = is_star_wildcard(p);
                only_wildcard &= star_wildcard;
                star = Some(i);
                continue;
            }
            only_wildcard &= is_wildcard(p);
        }
        pc.on_top += 1;
        self.emit(Instr::MatchSequence);
        self.jump_to_fail_pop(pc, Instr::PopJumpIfFalse);
        match star {
            None => {
                self.emit(Instr::GetLen);
                self.emit_const(Constant::Int(crate::compile::ast::IntValue::Small(size as i64)));
                self.emit(Instr::Compare(CmpOp::Eq));
                self.jump_to_fail_pop(pc, Instr::PopJumpIfFalse);
            }
            Some(_) if size > 1 => {
                self.emit(Instr::GetLen);
                self.emit_const(Constant::Int(crate::compile::ast::IntValue::Small(
                    size as i64 - 1,
                )));
                self.emit(Instr::Compare(CmpOp::GtE));
                self.jump_to_fail_pop(pc, Instr::PopJumpIfFalse);
            }
            Some(_) => {}
        }
        pc.on_top -= 1;
        if only_wildcard {
            self.emit(Instr::Pop);
        } else if star_wildcard {
            let star = star.expect("a star");
            // Items taken by index, the subject kept below them.
            pc.on_top += 1;
            for (i, p) in patterns.iter().enumerate() {
                if is_wildcard(p) || i == star {
                    continue;
                }
                self.emit(Instr::Dup);
                if i < star {
                    self.emit_const(Constant::Int(crate::compile::ast::IntValue::Small(i as i64)));
                } else {
                    self.emit(Instr::GetLen);
                    self.emit_const(Constant::Int(crate::compile::ast::IntValue::Small(
                        (size - i) as i64,
                    )));
                    self.emit(Instr::Binary(crate::compile::ast::BinOp::Sub));
                }
                self.emit(Instr::GetItem);
                self.subpattern(p, pc)?;
            }
            pc.on_top -= 1;
            self.emit(Instr::Pop);
        } else {
            match star {
                None => self.emit(Instr::UnpackSequence(size as u32)),
                Some(star) => {
                    let (before, after) = (star, size - star - 1);
                    if before > u16::MAX as usize || after > u16::MAX as usize {
                        return Self::pattern_error(
                            "too many expressions in star-unpacking sequence pattern".into(),
                            pattern,
                        );
                    }
                    self.emit(Instr::UnpackEx { before: before as u16, after: after as u16 });
                }
            }
            pc.on_top += size;
            for p in patterns {
                pc.on_top -= 1;
                self.subpattern(p, pc)?;
            }
        }
        Ok(())
    }

    fn mapping_pattern(
        &mut self,
        keys: &'a [Expr],
        patterns: &'a [Pattern],
        rest: Option<&Name>,
        pc: &mut PatternContext,
        pattern: &Pattern,
    ) -> Result<(), CompileError> {
        let size = keys.len();
        if size != patterns.len() {
            return Self::pattern_error(
                format!(
                    "keys ({size}) / patterns ({}) length mismatch in mapping pattern",
                    patterns.len()
                ),
                pattern,
            );
        }
        // CPython refuses literal keys given twice at compile time (other keys are checked
        // by `MatchKeys` when it runs).
        for (i, key) in keys.iter().enumerate() {
            if let Expr::Constant { value, location } = key {
                let repeated = keys[..i].iter().any(
                    |k| matches!(k, Expr::Constant { value: other, .. } if same_key(value, other)),
                );
                if repeated {
                    return Err(CompileError {
                        message: format!(
                            "mapping pattern checks duplicate key ({})",
                            crate::compile::unparse::unparse(key)
                        ),
                        location: *location,
                    });
                }
            }
        }
        pc.on_top += 1;
        self.emit(Instr::MatchMapping);
        self.jump_to_fail_pop(pc, Instr::PopJumpIfFalse);
        if size == 0 && rest.is_none() {
            pc.on_top -= 1;
            self.emit(Instr::Pop);
            return Ok(());
        }
        if size > 0 {
            self.emit(Instr::GetLen);
            self.emit_const(Constant::Int(crate::compile::ast::IntValue::Small(size as i64)));
            self.emit(Instr::Compare(CmpOp::GtE));
            self.jump_to_fail_pop(pc, Instr::PopJumpIfFalse);
        }
        for key in keys {
            self.expr(key)?;
        }
        self.emit(Instr::BuildTuple(size as u32));
        self.emit(Instr::MatchKeys);
        pc.on_top += 2;
        self.emit(Instr::Dup);
        self.emit_const(Constant::None);
        self.emit(Instr::Compare(CmpOp::IsNot));
        self.jump_to_fail_pop(pc, Instr::PopJumpIfFalse);
        self.emit(Instr::UnpackSequence(size as u32));
        pc.on_top = pc.on_top + size - 1;
        for p in patterns {
            pc.on_top -= 1;
            self.subpattern(p, pc)?;
        }
        pc.on_top -= 2;
        match rest {
            Some(rest) => {
                self.emit(Instr::MatchRest);
                self.store_capture(Some(rest), pc, pattern)?;
            }
            None => {
                self.emit(Instr::Pop);
                self.emit(Instr::Pop);
            }
        }
        Ok(())
    }

    fn class_pattern(
        &mut self,
        cls: &'a Expr,
        patterns: &'a [Pattern],
        kwd_attrs: &[Name],
        kwd_patterns: &'a [Pattern],
        pc: &mut PatternContext,
    ) -> Result<(), CompileError> {
        for (i, attr) in kwd_attrs.iter().enumerate() {
            if kwd_attrs[..i].contains(attr) {
                return Self::pattern_error(
                    format!("attribute name repeated in class pattern: {attr}"),
                    &kwd_patterns[i],
                );
            }
        }
        self.expr(cls)?;
        for attr in kwd_attrs {
            self.emit_const(Constant::Str(attr.clone()));
        }
        self.emit(Instr::BuildTuple(kwd_attrs.len() as u32));
        self.emit(Instr::MatchClass(patterns.len() as u32));
        pc.on_top += 1;
        self.emit(Instr::Dup);
        self.emit_const(Constant::None);
        self.emit(Instr::Compare(CmpOp::IsNot));
        self.jump_to_fail_pop(pc, Instr::PopJumpIfFalse);
        let total = patterns.len() + kwd_patterns.len();
        self.emit(Instr::UnpackSequence(total as u32));
        pc.on_top = pc.on_top + total - 1;
        for p in patterns.iter().chain(kwd_patterns) {
            pc.on_top -= 1;
            if is_wildcard(p) {
                self.emit(Instr::Pop);
                continue;
            }
            self.subpattern(p, pc)?;
        }
        Ok(())
    }

    /// `p1 | p2 | ...` (CPython's `compiler_pattern_or`): each alternative matches a copy of
    /// the subject; the captures of each are put in the first one's order.
    fn or_pattern(
        &mut self,
        alternatives: &'a [Pattern],
        pc: &mut PatternContext,
        pattern: &Pattern,
    ) -> Result<(), CompileError> {
        let end = self.new_label();
        let size = alternatives.len();
        let mut control: Option<Vec<Name>> = None;
        let mut last_can_fail = true;
        for (i, alt) in alternatives.iter().enumerate() {
            let mut inner = PatternContext::new(i + 1 == size && pc.allow_irrefutable);
            self.emit(Instr::Dup);
            self.pattern(alt, &mut inner)?;
            let nstores = inner.stores.len();
            match &control {
                None => control = Some(inner.stores.clone()),
                Some(control) if control.len() != nstores => {
                    return Self::pattern_error(
                        "alternative patterns bind different names".into(),
                        pattern,
                    )
                }
                Some(control) => {
                    let mut icontrol = nstores;
                    while icontrol > 0 {
                        icontrol -= 1;
                        let name = &control[icontrol];
                        let Some(istores) = inner.stores.iter().position(|n| n == name) else {
                            return Self::pattern_error(
                                "alternative patterns bind different names".into(),
                                pattern,
                            );
                        };
                        if icontrol != istores {
                            let rotations = istores + 1;
                            let rotated: Vec<Name> = inner.stores.drain(..rotations).collect();
                            let at = icontrol - istores;
                            inner.stores.splice(at..at, rotated);
                            for _ in 0..rotations {
                                self.rotate(icontrol + 1);
                            }
                        }
                    }
                }
            }
            self.emit_jump(Instr::Jump, end);
            last_can_fail = !inner.fail_pop.is_empty();
            self.emit_and_reset_fail_pop(&mut inner);
        }
        // No alternative matched: drop the subject and fail (unless the last one cannot fail:
        // this code is then unreachable).
        if last_can_fail {
            self.emit(Instr::Pop);
            self.jump_to_fail_pop(pc, Instr::Jump);
        }
        self.bind(end);
        let control = control.unwrap_or_default();
        let nrots = control.len() + 1 + pc.on_top + pc.stores.len();
        for name in control {
            self.rotate(nrots);
            if pc.stores.contains(&name) {
                return Self::pattern_error(
                    format!("multiple assignments to name '{name}' in pattern"),
                    pattern,
                );
            }
            pc.stores.push(name);
        }
        self.emit(Instr::Pop);
        Ok(())
    }
}
