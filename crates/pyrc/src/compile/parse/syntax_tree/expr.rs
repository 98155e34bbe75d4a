//! Expressions, f-strings and match patterns of the parser's tree as CPython 3.11's nodes
//! (see the parent module).

use ruff_python_ast::{self as rast};
use ruff_text_size::{Ranged, TextRange, TextSize};

use super::{bare, ident, int, konst, none, opt_ident, string, Builder, TreeValue, R};
use crate::compile::ast::Constant;
use crate::compile::parse::errors::RawError;

impl Builder<'_> {
    // ---- expressions --------------------------------------------------------------------

    pub(super) fn expr(&mut self, expr: &rast::Expr) -> R<TreeValue> {
        self.nested(expr.range(), |b| b.expr_inner(expr))
    }

    fn comprehensions(&mut self, generators: &[rast::Comprehension]) -> R<TreeValue> {
        let mut out = Vec::with_capacity(generators.len());
        for g in generators {
            let fields = vec![
                self.expr(&g.target)?,
                self.expr(&g.iter)?,
                self.exprs(&g.ifs)?,
                int(i64::from(g.is_async)),
            ];
            out.push(bare("comprehension", fields));
        }
        Ok(TreeValue::List(out))
    }

    fn expr_inner(&mut self, expr: &rast::Expr) -> R<TreeValue> {
        use rast::Expr as E;
        let range = expr.range();
        Ok(match expr {
            E::BoolOp(b) => {
                let op = bare(if b.op == rast::BoolOp::And { "And" } else { "Or" }, Vec::new());
                let values = self.exprs(&b.values)?;
                self.node("BoolOp", vec![op, values], range)
            }
            E::Named(n) => {
                let fields = vec![self.expr(&n.target)?, self.expr(&n.value)?];
                self.node("NamedExpr", fields, range)
            }
            E::BinOp(b) => {
                let fields = vec![self.expr(&b.left)?, operator(b.op), self.expr(&b.right)?];
                self.node("BinOp", fields, range)
            }
            E::UnaryOp(u) => {
                let op = match u.op {
                    rast::UnaryOp::Invert => "Invert",
                    rast::UnaryOp::Not => "Not",
                    rast::UnaryOp::UAdd => "UAdd",
                    rast::UnaryOp::USub => "USub",
                };
                let operand = self.expr(&u.operand)?;
                self.node("UnaryOp", vec![bare(op, Vec::new()), operand], range)
            }
            E::Lambda(l) => {
                let fields = vec![self.arguments(l.parameters.as_deref())?, self.expr(&l.body)?];
                self.node("Lambda", fields, range)
            }
            E::If(i) => {
                let fields = vec![self.expr(&i.test)?, self.expr(&i.body)?, self.expr(&i.orelse)?];
                self.node("IfExp", fields, range)
            }
            E::Dict(d) => {
                let mut keys = Vec::with_capacity(d.items.len());
                let mut values = Vec::with_capacity(d.items.len());
                for item in &d.items {
                    keys.push(self.opt_expr(item.key.as_ref())?);
                    values.push(self.expr(&item.value)?);
                }
                self.node("Dict", vec![TreeValue::List(keys), TreeValue::List(values)], range)
            }
            E::Set(s) => {
                let elts = self.exprs(&s.elts)?;
                self.node("Set", vec![elts], range)
            }
            E::ListComp(c) => {
                let fields = vec![self.expr(&c.elt)?, self.comprehensions(&c.generators)?];
                self.node("ListComp", fields, range)
            }
            E::SetComp(c) => {
                let fields = vec![self.expr(&c.elt)?, self.comprehensions(&c.generators)?];
                self.node("SetComp", fields, range)
            }
            E::DictComp(c) => {
                let fields = vec![
                    self.opt_expr(c.key.as_deref())?,
                    self.expr(&c.value)?,
                    self.comprehensions(&c.generators)?,
                ];
                self.node("DictComp", fields, range)
            }
            E::Generator(g) => {
                let fields = vec![self.expr(&g.elt)?, self.comprehensions(&g.generators)?];
                // A call's only argument: CPython's range takes the call's parentheses.
                let range = if g.parenthesized { range } else { self.widen_to_parens(range) };
                self.node("GeneratorExp", fields, range)
            }
            E::Await(a) => {
                let value = self.expr(&a.value)?;
                self.node("Await", vec![value], range)
            }
            E::Yield(y) => {
                let value = self.opt_expr(y.value.as_deref())?;
                self.node("Yield", vec![value], range)
            }
            E::YieldFrom(y) => {
                let value = self.expr(&y.value)?;
                self.node("YieldFrom", vec![value], range)
            }
            E::Compare(c) => {
                let ops = c.ops.iter().map(|op| bare(cmp_op(*op), Vec::new())).collect();
                let fields =
                    vec![self.expr(&c.left)?, TreeValue::List(ops), self.exprs(&c.comparators)?];
                self.node("Compare", fields, range)
            }
            E::Call(c) => {
                let fields = vec![
                    self.expr(&c.func)?,
                    self.exprs(&c.arguments.args)?,
                    self.keywords(&c.arguments.keywords)?,
                ];
                self.node("Call", fields, range)
            }
            E::FString(f) => self.joined_str(f, range)?,
            E::TString(_) | E::IpyEscapeCommand(_) => {
                return Err(RawError::syntax("invalid syntax", range))
            }
            E::StringLiteral(s) => {
                let text: String = s.value.iter().map(|p| &*p.value).collect();
                let kind = if s.value.is_unicode() { string("u") } else { none() };
                self.node("Constant", vec![string(&text), kind], range)
            }
            E::BytesLiteral(b) => {
                let bytes: Vec<u8> = b.value.bytes().collect();
                self.node("Constant", vec![konst(Constant::Bytes(bytes.into())), none()], range)
            }
            E::NumberLiteral(n) => {
                let value = match &n.value {
                    rast::Number::Int(_) => {
                        let text = &self.source[range.start().to_usize()..range.end().to_usize()];
                        match crate::compile::parse::convert::parse_int(text) {
                            Some(v) => Constant::Int(v),
                            None => return Err(RawError::syntax("invalid syntax", range)),
                        }
                    }
                    rast::Number::Float(f) => Constant::Float(*f),
                    rast::Number::Complex { real, imag } => {
                        Constant::Complex { real: *real, imag: *imag }
                    }
                };
                self.node("Constant", vec![konst(value), none()], range)
            }
            E::BooleanLiteral(b) => {
                self.node("Constant", vec![konst(Constant::Bool(b.value)), none()], range)
            }
            E::NoneLiteral(_) => self.node("Constant", vec![none(), none()], range),
            E::EllipsisLiteral(_) => {
                self.node("Constant", vec![konst(Constant::Ellipsis), none()], range)
            }
            E::Attribute(a) => {
                let fields = vec![self.expr(&a.value)?, ident(&a.attr), context(a.ctx)];
                self.node("Attribute", fields, range)
            }
            E::Subscript(s) => {
                let fields = vec![self.expr(&s.value)?, self.expr(&s.slice)?, context(s.ctx)];
                self.node("Subscript", fields, range)
            }
            E::Starred(s) => {
                let fields = vec![self.expr(&s.value)?, context(s.ctx)];
                self.node("Starred", fields, range)
            }
            E::Name(n) => self.node("Name", vec![string(n.id.as_str()), context(n.ctx)], range),
            E::List(l) => {
                let fields = vec![self.exprs(&l.elts)?, context(l.ctx)];
                self.node("List", fields, range)
            }
            E::Tuple(t) => {
                let fields = vec![self.exprs(&t.elts)?, context(t.ctx)];
                self.node("Tuple", fields, range)
            }
            E::Slice(s) => {
                let fields = vec![
                    self.opt_expr(s.lower.as_deref())?,
                    self.opt_expr(s.upper.as_deref())?,
                    self.opt_expr(s.step.as_deref())?,
                ];
                self.node("Slice", fields, range)
            }
        })
    }

    /// The range widened to the parentheses right around it (skipping blanks), if any.
    fn widen_to_parens(&self, range: TextRange) -> TextRange {
        let before = self.source[..range.start().to_usize()].trim_end();
        let after_start = range.end().to_usize();
        let after = &self.source[after_start..];
        let after_trimmed = after.trim_start();
        if before.ends_with('(') && after_trimmed.starts_with(')') {
            let start = before.len() - 1;
            let end = after_start + (after.len() - after_trimmed.len()) + 1;
            TextRange::new(TextSize::new(start as u32), TextSize::new(end as u32))
        } else {
            range
        }
    }

    /// An f-string (with the literals concatenated to it) as CPython 3.11's `JoinedStr`:
    /// adjacent literal text merged into one `Constant`, each replacement field a
    /// `FormattedValue`; the parts carry the whole string's position, as in 3.11.
    fn joined_str(&mut self, f: &rast::ExprFString, range: TextRange) -> R<TreeValue> {
        let mut parts: Vec<Part> = Vec::new();
        for part in f.value.iter() {
            match part {
                rast::FStringPart::Literal(s) => push_text(&mut parts, &s.value),
                rast::FStringPart::FString(fs) => {
                    // 3.11 gives a format spec's `JoinedStr` the span of the f-string
                    // holding it.
                    let spec = fs.range;
                    self.fstring_elements(&fs.elements, &mut parts, range, spec)?
                }
            }
        }
        let position = range;
        let values = parts
            .into_iter()
            .map(|part| match part {
                Part::Text(text) => self.node("Constant", vec![string(&text), none()], position),
                Part::Value(value) => value,
            })
            .collect();
        Ok(self.node("JoinedStr", vec![TreeValue::List(values)], range))
    }

    fn fstring_elements(
        &mut self,
        elements: &[rast::InterpolatedStringElement],
        parts: &mut Vec<Part>,
        whole: TextRange,
        spec_range: TextRange,
    ) -> R<()> {
        for element in elements {
            match element {
                rast::InterpolatedStringElement::Literal(l) => push_text(parts, &l.value),
                rast::InterpolatedStringElement::Interpolation(i) => {
                    if let Some(debug) = &i.debug_text {
                        push_text(parts, debug.as_str());
                    }
                    let mut value = self.expr(&i.expression)?;
                    // 3.11 parses a replacement field's expression as `(expr)` with the braces
                    // as the parentheses: a bare tuple spans them.
                    if let (rast::Expr::Tuple(t), TreeValue::Node(node)) =
                        (&*i.expression, &mut value)
                    {
                        if !t.parenthesized {
                            // From the `{` to just past the blanks after the expression.
                            let rest = &self.source[t.range.end().to_usize()..];
                            let blanks = rest.len() - rest.trim_start().len();
                            let end = t.range.end() + TextSize::new(blanks as u32 + 1);
                            let widened = TextRange::new(i.range.start(), end);
                            node.position = Some(self.position(widened));
                        }
                    }
                    let conversion = match i.conversion {
                        rast::ConversionFlag::None
                            if i.debug_text.is_some() && i.format_spec.is_none() =>
                        {
                            114
                        }
                        rast::ConversionFlag::None => -1,
                        rast::ConversionFlag::Str => 115,
                        rast::ConversionFlag::Repr => 114,
                        rast::ConversionFlag::Ascii => 97,
                    };
                    let format_spec = match &i.format_spec {
                        Some(spec) => {
                            let mut spec_parts = Vec::new();
                            self.fstring_elements(
                                &spec.elements,
                                &mut spec_parts,
                                whole,
                                spec_range,
                            )?;
                            // 3.11: a spec of literal text only has it at the spec's
                            // span; with replacement fields, at the whole string's.
                            let literal = spec_parts.iter().all(|p| matches!(p, Part::Text(_)));
                            let text_range = if literal { spec_range } else { whole };
                            let values = spec_parts
                                .into_iter()
                                .map(|part| match part {
                                    Part::Text(text) => self.node(
                                        "Constant",
                                        vec![string(&text), none()],
                                        text_range,
                                    ),
                                    Part::Value(value) => value,
                                })
                                .collect();
                            self.node("JoinedStr", vec![TreeValue::List(values)], spec_range)
                        }
                        None => none(),
                    };
                    parts.push(Part::Value(self.node(
                        "FormattedValue",
                        vec![value, int(conversion), format_spec],
                        whole,
                    )));
                }
            }
        }
        Ok(())
    }

    // ---- patterns -----------------------------------------------------------------------

    fn patterns(&mut self, patterns: &[rast::Pattern]) -> R<TreeValue> {
        Ok(TreeValue::List(patterns.iter().map(|p| self.pattern(p)).collect::<R<_>>()?))
    }

    pub(super) fn pattern(&mut self, pattern: &rast::Pattern) -> R<TreeValue> {
        self.nested(pattern.range(), |b| b.pattern_inner(pattern))
    }

    fn pattern_inner(&mut self, pattern: &rast::Pattern) -> R<TreeValue> {
        use rast::Pattern as P;
        let range = pattern.range();
        Ok(match pattern {
            P::MatchValue(v) => {
                let value = self.expr(&v.value)?;
                self.node("MatchValue", vec![value], range)
            }
            P::MatchSingleton(s) => {
                let value = match s.value {
                    rast::Singleton::None => Constant::None,
                    rast::Singleton::True => Constant::Bool(true),
                    rast::Singleton::False => Constant::Bool(false),
                };
                self.node("MatchSingleton", vec![konst(value)], range)
            }
            P::MatchSequence(s) => {
                let patterns = self.patterns(&s.patterns)?;
                self.node("MatchSequence", vec![patterns], range)
            }
            P::MatchMapping(m) => {
                let fields = vec![
                    self.exprs(&m.keys)?,
                    self.patterns(&m.patterns)?,
                    opt_ident(m.rest.as_ref()),
                ];
                self.node("MatchMapping", fields, range)
            }
            P::MatchClass(c) => {
                let cls = self.expr(&c.cls)?;
                let patterns = self.patterns(&c.arguments.patterns)?;
                let attrs =
                    TreeValue::List(c.arguments.keywords.iter().map(|k| ident(&k.attr)).collect());
                let mut kwd_patterns = Vec::with_capacity(c.arguments.keywords.len());
                for keyword in &c.arguments.keywords {
                    kwd_patterns.push(self.pattern(&keyword.pattern)?);
                }
                self.node(
                    "MatchClass",
                    vec![cls, patterns, attrs, TreeValue::List(kwd_patterns)],
                    range,
                )
            }
            P::MatchStar(s) => self.node("MatchStar", vec![opt_ident(s.name.as_ref())], range),
            P::MatchAs(a) => {
                let inner = match &a.pattern {
                    Some(p) => self.pattern(p)?,
                    None => none(),
                };
                self.node("MatchAs", vec![inner, opt_ident(a.name.as_ref())], range)
            }
            P::MatchOr(o) => {
                let patterns = self.patterns(&o.patterns)?;
                self.node("MatchOr", vec![patterns], range)
            }
        })
    }
}

/// A piece of a `JoinedStr` being built: literal text (merged) or a `FormattedValue`.
enum Part {
    Text(String),
    Value(TreeValue),
}

fn push_text(parts: &mut Vec<Part>, text: &str) {
    if text.is_empty() {
        return;
    }
    if let Some(Part::Text(last)) = parts.last_mut() {
        last.push_str(text);
    } else {
        parts.push(Part::Text(text.to_string()));
    }
}

fn context(ctx: rast::ExprContext) -> TreeValue {
    bare(
        match ctx {
            rast::ExprContext::Store => "Store",
            rast::ExprContext::Del => "Del",
            _ => "Load",
        },
        Vec::new(),
    )
}

pub(super) fn operator(op: rast::Operator) -> TreeValue {
    use rast::Operator as O;
    let name = match op {
        O::Add => "Add",
        O::Sub => "Sub",
        O::Mult => "Mult",
        O::MatMult => "MatMult",
        O::Div => "Div",
        O::Mod => "Mod",
        O::Pow => "Pow",
        O::LShift => "LShift",
        O::RShift => "RShift",
        O::BitOr => "BitOr",
        O::BitXor => "BitXor",
        O::BitAnd => "BitAnd",
        O::FloorDiv => "FloorDiv",
    };
    bare(name, Vec::new())
}

fn cmp_op(op: rast::CmpOp) -> &'static str {
    use rast::CmpOp as C;
    match op {
        C::Eq => "Eq",
        C::NotEq => "NotEq",
        C::Lt => "Lt",
        C::LtE => "LtE",
        C::Gt => "Gt",
        C::GtE => "GtE",
        C::Is => "Is",
        C::IsNot => "IsNot",
        C::In => "In",
        C::NotIn => "NotIn",
    }
}
