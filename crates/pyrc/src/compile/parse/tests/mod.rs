//! Tests of the front end: the shape of the AST for each construct the
//! evaluator needs, CPython-style syntax errors, REPL incompleteness, and
//! robustness (no panic on any input).

use std::rc::Rc;

use super::*;
use crate::compile::ast::*;

// ----- helpers -----------------------------------------------------------

fn parse(src: &str) -> Module {
    parse_module(src, "<test>").unwrap_or_else(|e| panic!("{src:?} should parse:\n{e}"))
}

fn stmt(src: &str) -> Stmt {
    let mut m = parse(src);
    assert_eq!(m.body.len(), 1, "{src:?}: {:#?}", m.body);
    m.body.pop().unwrap()
}

fn expr(src: &str) -> Expr {
    match stmt(src) {
        Stmt::Expr { value, .. } => value,
        other => panic!("{src:?}: not an expression statement: {other:?}"),
    }
}

fn err(src: &str) -> SyntaxError {
    match parse_module(src, "t.py") {
        Ok(m) => panic!("{src:?} should not parse: {m:#?}"),
        Err(e) => e,
    }
}

fn msg(src: &str) -> String {
    err(src).message
}

#[track_caller]
fn name(e: &Expr) -> &str {
    match e {
        Expr::Name { id, .. } => id,
        other => panic!("not a name: {other:?}"),
    }
}

#[track_caller]
fn int(e: &Expr) -> i64 {
    match e {
        Expr::Constant { value: Constant::Int(IntValue::Small(v)), .. } => *v,
        other => panic!("not a small int: {other:?}"),
    }
}

#[track_caller]
fn string(e: &Expr) -> &str {
    match e {
        Expr::Constant { value: Constant::Str(s), .. } => s,
        other => panic!("not a str: {other:?}"),
    }
}

#[track_caller]
fn func(s: &Stmt) -> &FunctionDef {
    match s {
        Stmt::FunctionDef(f) => f,
        other => panic!("not a def: {other:?}"),
    }
}

fn names(params: &[Param]) -> Vec<&str> {
    params.iter().map(|p| &*p.name).collect()
}

// ----- definitions -------------------------------------------------------

#[test]
fn def_with_all_parameter_kinds() {
    let s = stmt("def f(a, b=1, /, c=2, *args, d, e=3, **kw) -> int:\n    return a\n");
    let f = func(&s);
    assert_eq!(&*f.name, "f");
    assert_eq!(names(&f.params.posonly), ["a", "b"]);
    assert_eq!(names(&f.params.args), ["c"]);
    assert_eq!(&*f.params.vararg.as_ref().unwrap().name, "args");
    assert_eq!(names(&f.params.kwonly), ["d", "e"]);
    assert_eq!(&*f.params.kwarg.as_ref().unwrap().name, "kw");
    assert!(f.params.posonly[0].default.is_none());
    assert_eq!(int(f.params.posonly[1].default.as_ref().unwrap()), 1);
    assert_eq!(int(f.params.args[0].default.as_ref().unwrap()), 2);
    assert!(f.params.kwonly[0].default.is_none());
    assert_eq!(int(f.params.kwonly[1].default.as_ref().unwrap()), 3);
    assert_eq!(name(f.returns.as_ref().unwrap()), "int");
    assert!(!f.is_generator && !f.is_lambda);
    assert!(matches!(&f.body[..], [Stmt::Return { value: Some(v), .. }] if name(v) == "a"));
    let all: Vec<&str> = f.params.names().map(|n| &**n).collect();
    assert_eq!(all, ["a", "b", "c", "args", "d", "e", "kw"]);
}

#[test]
fn def_annotations_and_bare_star() {
    let s = stmt("def f(x: int, *, y: str = 'a'): pass");
    let f = func(&s);
    assert_eq!(name(f.params.args[0].annotation.as_ref().unwrap()), "int");
    assert!(f.params.vararg.is_none());
    assert_eq!(names(&f.params.kwonly), ["y"]);
    assert_eq!(string(f.params.kwonly[0].default.as_ref().unwrap()), "a");
}

#[test]
fn closures_nonlocal_global() {
    let m = parse(
        "x = 0\ndef outer():\n    y = 1\n    def inner():\n        nonlocal y\n        global x\n        y += 1\n    return inner\n",
    );
    let outer = func(&m.body[1]);
    let inner = func(&outer.body[1]);
    assert!(
        matches!(&inner.body[0], Stmt::Nonlocal { names, .. } if names.iter().map(|n| &**n).eq(["y"]))
    );
    assert!(
        matches!(&inner.body[1], Stmt::Global { names, .. } if names.iter().map(|n| &**n).eq(["x"]))
    );
    assert!(matches!(&inner.body[2], Stmt::AugAssign { op: BinOp::Add, .. }));
}

#[test]
fn decorated_def_location_is_the_def_line() {
    let m = parse("@dec\n@other(1)\ndef f():\n    pass\n");
    let f = func(&m.body[0]);
    assert_eq!(f.decorators.len(), 2);
    assert_eq!(name(&f.decorators[0]), "dec");
    assert!(matches!(&f.decorators[1], Expr::Call { .. }));
    assert_eq!((f.location.line, f.location.column), (3, 1));
    assert_eq!((f.location.end_line, f.location.end_column), (4, 9));
}

#[test]
fn lambda_is_a_function_def() {
    let e = expr("lambda a, b=2, *c, d, **e: a + b");
    let Expr::Lambda { func, .. } = e else { panic!("{e:?}") };
    assert!(func.is_lambda);
    assert_eq!(&*func.name, "<lambda>");
    assert_eq!(names(&func.params.args), ["a", "b"]);
    assert_eq!(names(&func.params.kwonly), ["d"]);
    assert!(matches!(
        &func.body[..],
        [Stmt::Return { value: Some(Expr::BinOp { op: BinOp::Add, .. }), .. }]
    ));
    let Expr::Lambda { func, .. } = expr("lambda: (yield)") else { panic!() };
    assert!(func.is_generator);
    assert!(func.params.names().next().is_none());
}

#[test]
fn class_with_bases_keywords_methods_decorators() {
    let m = parse("@deco\nclass C(A, *more, metaclass=M, **kw):\n    x = 1\n    def m(self):\n        return self.x\n");
    let Stmt::ClassDef(c) = &m.body[0] else { panic!() };
    assert_eq!(&*c.name, "C");
    assert_eq!(name(&c.bases[0]), "A");
    assert!(matches!(&c.bases[1], Expr::Starred { .. }));
    assert_eq!(c.keywords.len(), 2);
    assert_eq!(c.keywords[0].arg.as_deref(), Some("metaclass"));
    assert!(c.keywords[1].arg.is_none());
    assert_eq!(c.decorators.len(), 1);
    assert_eq!(c.location.line, 2);
    assert!(matches!(c.body[0], Stmt::Assign { .. }));
    assert_eq!(&*func(&c.body[1]).name, "m");
    let Stmt::ClassDef(c) = stmt("class D: pass") else { panic!() };
    assert!(c.bases.is_empty() && c.keywords.is_empty());
}

// ----- control flow ------------------------------------------------------

#[test]
fn if_elif_else_nests() {
    let s = stmt("if a:\n    pass\nelif b:\n    x = 1\nelif c:\n    pass\nelse:\n    y = 2\n");
    let Stmt::If { test, body, orelse, .. } = s else { panic!() };
    assert_eq!(name(&test), "a");
    assert!(matches!(&body[..], [Stmt::Pass { .. }]));
    let [Stmt::If { test, orelse, location, .. }] = &orelse[..] else { panic!("{orelse:?}") };
    assert_eq!(name(test), "b");
    assert_eq!(location.line, 3);
    let [Stmt::If { test, orelse, .. }] = &orelse[..] else { panic!() };
    assert_eq!(name(test), "c");
    assert!(matches!(&orelse[..], [Stmt::Assign { .. }]));
}

#[test]
fn loops_with_else_break_continue() {
    let s = stmt("while x:\n    if y: break\n    continue\nelse:\n    pass\n");
    let Stmt::While { body, orelse, .. } = s else { panic!() };
    assert!(matches!(&body[0], Stmt::If { body, .. } if matches!(body[0], Stmt::Break { .. })));
    assert!(matches!(body[1], Stmt::Continue { .. }));
    assert!(matches!(&orelse[..], [Stmt::Pass { .. }]));

    let s = stmt("for i, (j, *k) in pairs:\n    continue\nelse:\n    done()\n");
    let Stmt::For { target, iter, body, orelse, .. } = s else { panic!() };
    let Expr::Tuple { elts, .. } = &target else { panic!() };
    assert_eq!(name(&elts[0]), "i");
    let Expr::Tuple { elts: inner, .. } = &elts[1] else { panic!() };
    assert!(matches!(&inner[1], Expr::Starred { value, .. } if name(value) == "k"));
    assert_eq!(name(&iter), "pairs");
    assert!(matches!(body[0], Stmt::Continue { .. }));
    assert_eq!(orelse.len(), 1);
}

#[test]
fn return_pass_and_continue_in_finally() {
    let f = parse("def f():\n    return\n");
    assert!(matches!(func(&f.body[0]).body[..], [Stmt::Return { value: None, .. }]));
    parse("while x:\n    try:\n        pass\n    finally:\n        continue\n");
}

#[test]
fn del_targets() {
    let Stmt::Delete { targets, .. } = stmt("del a, b[i], c[i:j], d.e, (f, [g])") else { panic!() };
    assert_eq!(name(&targets[0]), "a");
    assert!(
        matches!(&targets[1], Expr::Subscript { value, index, .. } if name(value) == "b" && name(index) == "i")
    );
    assert!(
        matches!(&targets[2], Expr::Subscript { index, .. } if matches!(**index, Expr::Slice { .. }))
    );
    assert!(matches!(&targets[3], Expr::Attribute { attr, .. } if &**attr == "e"));
    assert!(
        matches!(&targets[4], Expr::Tuple { elts, .. } if matches!(elts[1], Expr::List { .. }))
    );
}

#[test]
fn assignments() {
    let Stmt::Assign { targets, value, .. } = stmt("a = b = c, *d = e") else { panic!() };
    assert_eq!(targets.len(), 3);
    assert_eq!(name(&targets[0]), "a");
    assert_eq!(name(&targets[1]), "b");
    assert!(
        matches!(&targets[2], Expr::Tuple { elts, .. } if matches!(elts[1], Expr::Starred { .. }))
    );
    assert_eq!(name(&value), "e");

    let Stmt::Assign { targets, .. } = stmt("[x, [y, *z]] = [1, [2, 3]]") else { panic!() };
    assert!(
        matches!(&targets[0], Expr::List { elts, .. } if matches!(&elts[1], Expr::List { .. }))
    );

    let Stmt::Assign { targets, value, .. } = stmt("x.y[0] = 1, 2") else { panic!() };
    assert!(matches!(&targets[0], Expr::Subscript { .. }));
    assert!(matches!(value, Expr::Tuple { ref elts, .. } if elts.len() == 2));

    let ops = [
        ("+=", BinOp::Add),
        ("-=", BinOp::Sub),
        ("*=", BinOp::Mult),
        ("@=", BinOp::MatMult),
        ("/=", BinOp::Div),
        ("//=", BinOp::FloorDiv),
        ("%=", BinOp::Mod),
        ("**=", BinOp::Pow),
        ("<<=", BinOp::LShift),
        (">>=", BinOp::RShift),
        ("|=", BinOp::BitOr),
        ("^=", BinOp::BitXor),
        ("&=", BinOp::BitAnd),
    ];
    for (text, op) in ops {
        let Stmt::AugAssign { target, op: got, .. } = stmt(&format!("x {text} 1")) else {
            panic!()
        };
        assert_eq!(got, op);
        assert_eq!(name(&target), "x");
    }

    let Stmt::AnnAssign { target, annotation, value, simple, .. } = stmt("x: int = 5") else {
        panic!()
    };
    assert_eq!(
        (name(&target), name(&annotation), int(&value.unwrap()), simple),
        ("x", "int", 5, true)
    );
    let Stmt::AnnAssign { value, simple, .. } = stmt("(x): int") else { panic!() };
    assert!(value.is_none() && !simple);
    assert!(matches!(stmt("a.b: int = 1"), Stmt::AnnAssign { target: Expr::Attribute { .. }, .. }));
}

#[test]
fn try_except_else_finally() {
    let s = stmt(
        "try:\n    a()\nexcept (E1, E2) as e:\n    b()\nexcept E3:\n    pass\nexcept:\n    raise\nelse:\n    c()\nfinally:\n    d()\n",
    );
    let Stmt::Try { body, handlers, orelse, finalbody, .. } = s else { panic!() };
    assert_eq!(body.len(), 1);
    assert_eq!(handlers.len(), 3);
    assert!(matches!(&handlers[0].typ, Some(Expr::Tuple { .. })));
    assert_eq!(handlers[0].name.as_deref(), Some("e"));
    assert_eq!(name(handlers[1].typ.as_ref().unwrap()), "E3");
    assert!(handlers[1].name.is_none());
    assert!(handlers[2].typ.is_none());
    assert!(matches!(handlers[2].body[..], [Stmt::Raise { exc: None, cause: None, .. }]));
    assert_eq!(handlers[2].location.line, 7);
    assert_eq!(orelse.len(), 1);
    assert_eq!(finalbody.len(), 1);
    assert!(
        matches!(stmt("try:\n    pass\nfinally:\n    pass\n"), Stmt::Try { handlers, .. } if handlers.is_empty())
    );
}

#[test]
fn raise_from() {
    let Stmt::Raise { exc, cause, .. } = stmt("raise ValueError('x') from err") else { panic!() };
    assert!(matches!(exc, Some(Expr::Call { .. })));
    assert_eq!(name(&cause.unwrap()), "err");
}

#[test]
fn with_items() {
    let Stmt::With { items, body, .. } = stmt("with a as b, c, d() as (e, f):\n    pass\n") else {
        panic!()
    };
    assert_eq!(items.len(), 3);
    assert_eq!(name(&items[0].context_expr), "a");
    assert_eq!(name(items[0].optional_vars.as_ref().unwrap()), "b");
    assert!(items[1].optional_vars.is_none());
    assert!(matches!(items[2].optional_vars, Some(Expr::Tuple { .. })));
    assert_eq!(body.len(), 1);
    let Stmt::With { items, .. } = stmt("with (open(a) as f, open(b) as g):\n    pass\n") else {
        panic!()
    };
    assert_eq!(items.len(), 2);
}

#[test]
fn assert_statement() {
    let Stmt::Assert { test, msg, .. } = stmt("assert x, 'message'") else { panic!() };
    assert_eq!(name(&test), "x");
    assert_eq!(string(&msg.unwrap()), "message");
    assert!(matches!(stmt("assert x"), Stmt::Assert { msg: None, .. }));
}

#[test]
fn imports() {
    let Stmt::Import { names, .. } = stmt("import os, a.b.c as d") else { panic!() };
    assert_eq!(&*names[0].name, "os");
    assert!(names[0].asname.is_none());
    assert_eq!(&*names[1].name, "a.b.c");
    assert_eq!(names[1].asname.as_deref(), Some("d"));
    let Stmt::ImportFrom { module, names, level, .. } = stmt("from math import pi, sqrt as s")
    else {
        panic!()
    };
    assert_eq!((module.as_deref(), level), (Some("math"), 0));
    assert_eq!(names[1].asname.as_deref(), Some("s"));
    let Stmt::ImportFrom { module, level, .. } = stmt("from .. import x") else { panic!() };
    assert_eq!((module, level), (None, 2));
    let Stmt::ImportFrom { names, .. } = stmt("from m import *") else { panic!() };
    assert_eq!(&*names[0].name, "*");
    parse("'''doc'''\nfrom __future__ import annotations, generator_stop\nimport os\n");
}

// ----- expressions -------------------------------------------------------

#[test]
fn comprehensions() {
    let Expr::ListComp { elt, generators, .. } =
        expr("[x * y for x in a if x if x > 1 for y in b]")
    else {
        panic!()
    };
    assert!(matches!(*elt, Expr::BinOp { op: BinOp::Mult, .. }));
    assert_eq!(generators.len(), 2);
    assert_eq!(name(&generators[0].target), "x");
    assert_eq!(name(&generators[0].iter), "a");
    assert_eq!(generators[0].ifs.len(), 2);
    assert_eq!(name(&generators[1].iter), "b");
    assert!(generators[1].ifs.is_empty());

    let Expr::DictComp { key, value, .. } = expr("{k: v for k, v in items}") else { panic!() };
    assert_eq!((name(&key), name(&value)), ("k", "v"));
    assert!(matches!(expr("{x for x in s}"), Expr::SetComp { .. }));
    assert!(matches!(expr("(x for x in s)"), Expr::GeneratorExp { .. }));
    let Expr::Call { args, .. } = expr("sum(x for x in s)") else { panic!() };
    assert!(matches!(args[0], Expr::GeneratorExp { .. }));
}

#[test]
fn fstrings() {
    let Expr::FString { parts, .. } = expr("f'a{x!r}b{y:>{w}}c{z!s:.2f}{{}}'") else { panic!() };
    assert!(matches!(&parts[0], FStringPart::Literal(s) if &**s == "a"));
    let FStringPart::Formatted(x) = &parts[1] else { panic!() };
    assert_eq!((name(&x.value), x.conversion), ("x", Conversion::Repr));
    assert!(x.format_spec.is_none());
    assert!(matches!(&parts[2], FStringPart::Literal(s) if &**s == "b"));
    let FStringPart::Formatted(y) = &parts[3] else { panic!() };
    assert_eq!(y.conversion, Conversion::None);
    let spec = y.format_spec.as_ref().unwrap();
    assert!(matches!(&spec[0], FStringPart::Literal(s) if &**s == ">"));
    assert!(matches!(&spec[1], FStringPart::Formatted(w) if name(&w.value) == "w"));
    let FStringPart::Formatted(z) = &parts[5] else { panic!() };
    assert_eq!(z.conversion, Conversion::Str);
    assert!(
        matches!(&z.format_spec.as_ref().unwrap()[..], [FStringPart::Literal(s)] if &**s == ".2f")
    );
    assert!(matches!(&parts[6], FStringPart::Literal(s) if &**s == "{}"));

    // `!a`, implicit concatenation with plain strings.
    let Expr::FString { parts, .. } = expr("'p' f'{v!a}' 'q'") else { panic!() };
    assert!(matches!(&parts[0], FStringPart::Literal(s) if &**s == "p"));
    assert!(matches!(&parts[1], FStringPart::Formatted(v) if v.conversion == Conversion::Ascii));
    assert!(matches!(&parts[2], FStringPart::Literal(s) if &**s == "q"));

    // Self-documenting fields become text plus repr (or the given spec).
    let Expr::FString { parts, .. } = expr("f'{x=}{y = :>4}'") else { panic!() };
    assert!(matches!(&parts[0], FStringPart::Literal(s) if &**s == "x="));
    assert!(matches!(&parts[1], FStringPart::Formatted(v) if v.conversion == Conversion::Repr));
    assert!(matches!(&parts[2], FStringPart::Literal(s) if &**s == "y = "));
    assert!(
        matches!(&parts[3], FStringPart::Formatted(v) if v.conversion == Conversion::None && v.format_spec.is_some())
    );

    // Nested f-string in a field; an f-string without fields is a constant.
    let Expr::FString { parts, .. } = expr("f\"{f'{a}'}\"") else { panic!() };
    assert!(
        matches!(&parts[0], FStringPart::Formatted(v) if matches!(*v.value, Expr::FString { .. }))
    );
    assert_eq!(string(&expr("f'plain' 'text'")), "plaintext");
}

#[test]
fn conditional_comparison_boolean_unary_binary() {
    let Expr::IfExp { test, body, orelse, .. } = expr("a if b else c") else { panic!() };
    assert_eq!((name(&test), name(&body), name(&orelse)), ("b", "a", "c"));

    let Expr::Compare { left, ops, comparators, .. } =
        expr("a < b <= c == d != e > f >= g is h is not i in j not in k")
    else {
        panic!()
    };
    assert_eq!(name(&left), "a");
    use CmpOp::*;
    assert_eq!(ops, [Lt, LtE, Eq, NotEq, Gt, GtE, Is, IsNot, In, NotIn]);
    assert_eq!(comparators.len(), 10);

    let Expr::BoolOp { op, values, .. } = expr("a or b and c or d") else { panic!() };
    assert_eq!(op, BoolOp::Or);
    assert_eq!(values.len(), 3);
    assert!(matches!(&values[1], Expr::BoolOp { op: BoolOp::And, .. }));

    for (text, op) in [
        ("not x", UnaryOp::Not),
        ("~x", UnaryOp::Invert),
        ("+x", UnaryOp::UAdd),
        ("-x", UnaryOp::USub),
    ] {
        assert!(matches!(expr(text), Expr::UnaryOp { op: got, .. } if got == op));
    }
    for (text, op) in [
        ("a + b", BinOp::Add),
        ("a - b", BinOp::Sub),
        ("a * b", BinOp::Mult),
        ("a @ b", BinOp::MatMult),
        ("a / b", BinOp::Div),
        ("a // b", BinOp::FloorDiv),
        ("a % b", BinOp::Mod),
        ("a ** b", BinOp::Pow),
        ("a << b", BinOp::LShift),
        ("a >> b", BinOp::RShift),
        ("a | b", BinOp::BitOr),
        ("a ^ b", BinOp::BitXor),
        ("a & b", BinOp::BitAnd),
    ] {
        assert!(matches!(expr(text), Expr::BinOp { op: got, .. } if got == op), "{text}");
    }
    // `**` is right associative and binds tighter than unary minus.
    let Expr::UnaryOp { operand, .. } = expr("-2 ** 3 ** 4") else { panic!() };
    let Expr::BinOp { right, .. } = *operand else { panic!() };
    assert!(matches!(*right, Expr::BinOp { op: BinOp::Pow, .. }));
}

#[test]
fn subscripts_slices_attributes_calls() {
    let Expr::Subscript { index, .. } = expr("a[1:2:3]") else { panic!() };
    let Expr::Slice { lower, upper, step, .. } = *index else { panic!() };
    assert_eq!((int(&lower.unwrap()), int(&upper.unwrap()), int(&step.unwrap())), (1, 2, 3));
    let Expr::Subscript { index, .. } = expr("a[::]") else { panic!() };
    assert!(matches!(*index, Expr::Slice { lower: None, upper: None, step: None, .. }));
    let Expr::Subscript { index, .. } = expr("a[1:, i]") else { panic!() };
    assert!(
        matches!(*index, Expr::Tuple { ref elts, .. } if matches!(elts[0], Expr::Slice { .. }))
    );
    let Expr::Subscript { index, .. } = expr("a[*b]") else { panic!() };
    assert!(
        matches!(*index, Expr::Tuple { ref elts, .. } if matches!(elts[0], Expr::Starred { .. }))
    );

    let Expr::Attribute { value, attr, .. } = expr("a.b.c") else { panic!() };
    assert_eq!(&*attr, "c");
    assert!(matches!(*value, Expr::Attribute { ref attr, .. } if &**attr == "b"));

    let Expr::Call { func, args, keywords, .. } = expr("f(1, *xs, k=2, **kw, j=3)") else {
        panic!()
    };
    assert_eq!(name(&func), "f");
    assert_eq!(int(&args[0]), 1);
    assert!(matches!(&args[1], Expr::Starred { value, .. } if name(value) == "xs"));
    assert_eq!(keywords.len(), 3);
    assert_eq!(keywords[0].arg.as_deref(), Some("k"));
    assert!(keywords[1].arg.is_none());
    assert_eq!(name(&keywords[1].value), "kw");
}

#[test]
fn literals() {
    assert_eq!(int(&expr("1_000")), 1000);
    assert_eq!(int(&expr("0xff")), 255);
    assert_eq!(int(&expr("0o17")), 15);
    assert_eq!(int(&expr("0b101")), 5);
    assert_eq!(int(&expr("9223372036854775807")), i64::MAX);
    let Expr::Constant { value: Constant::Int(IntValue::Big(big)), .. } =
        expr("123456789012345678901234567890")
    else {
        panic!()
    };
    assert_eq!(big.to_string(), "123456789012345678901234567890");
    let Expr::Constant { value: Constant::Int(big), .. } = expr("0xFFFF_FFFF_FFFF_FFFF_FFFF")
    else {
        panic!()
    };
    assert_eq!(big.to_bigint().to_string(), "1208925819614629174706175");
    assert!(
        matches!(expr("1.5e3"), Expr::Constant { value: Constant::Float(f), .. } if f == 1500.0)
    );
    assert!(
        matches!(expr("1e400"), Expr::Constant { value: Constant::Float(f), .. } if f.is_infinite())
    );
    assert!(
        matches!(expr("2j"), Expr::Constant { value: Constant::Complex { real, imag }, .. } if real == 0.0 && imag == 2.0)
    );
    assert_eq!(string(&expr("'a' \"b\" '''c'''")), "abc");
    assert_eq!(string(&expr(r"'tab\there\n\x41\u00e9\N{DIGIT ONE}'")), "tab\there\nA\u{e9}1");
    assert_eq!(string(&expr(r"r'\n'")), "\\n");
    assert!(
        matches!(expr(r"b'\x00ab' b'c'"), Expr::Constant { value: Constant::Bytes(b), .. } if &*b == b"\x00abc")
    );
    assert!(matches!(expr("True"), Expr::Constant { value: Constant::Bool(true), .. }));
    assert!(matches!(expr("False"), Expr::Constant { value: Constant::Bool(false), .. }));
    assert!(matches!(expr("None"), Expr::Constant { value: Constant::None, .. }));
    assert!(matches!(expr("..."), Expr::Constant { value: Constant::Ellipsis, .. }));
}

#[test]
fn displays_with_unpacking() {
    let Expr::Tuple { elts, .. } = expr("1, *a, 2") else { panic!() };
    assert!(matches!(elts[1], Expr::Starred { .. }));
    assert!(matches!(expr("()"), Expr::Tuple { elts, .. } if elts.is_empty()));
    assert!(matches!(expr("[*a, *b]"), Expr::List { elts, .. } if elts.len() == 2));
    assert!(
        matches!(expr("{*a, 1}"), Expr::Set { elts, .. } if matches!(elts[0], Expr::Starred { .. }))
    );
    let Expr::Dict { items, .. } = expr("{'k': 1, **m, 'j': 2}") else { panic!() };
    assert_eq!(items.len(), 3);
    assert_eq!(string(items[0].key.as_ref().unwrap()), "k");
    assert!(items[1].key.is_none());
    assert_eq!(name(&items[1].value), "m");
    assert!(matches!(expr("{}"), Expr::Dict { items, .. } if items.is_empty()));
}

#[test]
fn yield_and_generators() {
    let m = parse(
        "def g():\n    x = yield 1\n    yield\n    yield from other()\n    def inner():\n        return 1\n    return x\n",
    );
    let g = func(&m.body[0]);
    assert!(g.is_generator);
    assert!(matches!(&g.body[0], Stmt::Assign { value: Expr::Yield { value: Some(_), .. }, .. }));
    assert!(matches!(&g.body[1], Stmt::Expr { value: Expr::Yield { value: None, .. }, .. }));
    assert!(matches!(&g.body[2], Stmt::Expr { value: Expr::YieldFrom { .. }, .. }));
    assert!(!func(&g.body[3]).is_generator);

    // A yield in a nested function does not make the outer one a generator.
    let m = parse("def f():\n    def g():\n        yield\n    return g\n");
    let f = func(&m.body[0]);
    assert!(!f.is_generator);
    assert!(func(&f.body[0]).is_generator);

    // The first iterable of a comprehension belongs to the enclosing scope.
    let m = parse("def f():\n    return [x for x in (yield)]\n");
    assert!(func(&m.body[0]).is_generator);
}

#[test]
fn walrus() {
    let Stmt::If { test, .. } = stmt("if (n := len(a)) > 10: pass") else { panic!() };
    let Expr::Compare { left, .. } = test else { panic!() };
    assert!(matches!(*left, Expr::NamedExpr { ref target, .. } if &**target == "n"));
}

#[test]
fn unsupported_constructs() {
    let src = "match x:\n    case 1:\n        pass\n";
    assert!(matches!(stmt(src), Stmt::Match { ref cases, .. } if cases.len() == 1), "{src:?}");
    // `except*` is a `try` whose clauses are star clauses.
    let Stmt::Try { is_star, handlers, .. } = stmt("try:\n    pass\nexcept* E:\n    pass\n") else {
        panic!("except* is a try statement")
    };
    assert!(is_star && handlers.len() == 1);
    assert!(matches!(
        stmt("try:\n    pass\nexcept E:\n    pass\n"),
        Stmt::Try { is_star: false, .. }
    ));
    let m = parse(
        "async def f():\n    async for x in y:\n        pass\n    async with a:\n        pass\n",
    );
    let Stmt::FunctionDef(f) = &m.body[0] else { panic!() };
    assert!(f.is_async && !f.is_generator);
    assert!(matches!(f.body[0], Stmt::For { is_async: true, .. }));
    assert!(matches!(f.body[1], Stmt::With { is_async: true, .. }));
    assert!(matches!(stmt("async def f():\n    await x\n"), Stmt::FunctionDef(_)));
    // Syntax newer than Python 3.11 is a syntax error, like in CPython 3.11.
    assert_eq!(msg("type X = int"), "invalid syntax");
    assert_eq!(msg("def f[T](x): pass"), "expected '('");
    assert_eq!(msg("x = t'hi'"), "invalid syntax");
    assert_eq!(msg("f'{'a'}'"), "f-string: expecting '}'");
    assert_eq!(msg("await x"), "'await' outside function");
    assert_eq!(msg("def f():\n    await x\n"), "'await' outside async function");
}

#[test]
fn locations_are_one_based_character_columns() {
    let m = parse("x = 1\nif y:\n    é = 'ü' + zz\n");
    assert_eq!(m.body[0].location(), Location::new(1, 1, 1, 6));
    let Stmt::If { body, .. } = &m.body[1] else { panic!() };
    let Stmt::Assign { targets, value, .. } = &body[0] else { panic!() };
    assert_eq!(targets[0].location(), Location::new(3, 5, 3, 6));
    let Expr::BinOp { left, right, .. } = value else { panic!() };
    assert_eq!(left.location(), Location::new(3, 9, 3, 12));
    assert_eq!(right.location(), Location::new(3, 15, 3, 17));
    // CR LF and lone CR line ends.
    let m = parse("a = 1\r\nb = 2\rc = 3\n");
    let lines: Vec<u32> = m.body.iter().map(|s| s.location().line).collect();
    assert_eq!(lines, [1, 2, 3]);
}

#[test]
fn names_are_interned() {
    let m = parse("abc = abc + abc");
    let Stmt::Assign { targets, value, .. } = &m.body[0] else { panic!() };
    let Expr::Name { id: a, .. } = &targets[0] else { panic!() };
    let Expr::BinOp { left, .. } = value else { panic!() };
    let Expr::Name { id: b, .. } = &**left else { panic!() };
    assert!(Rc::ptr_eq(a, b));
}

#[test]
fn expression_mode() {
    let e = parse_expression("  1 + x", "<string>").unwrap();
    assert!(matches!(&e, Expr::BinOp { left, .. } if left.location() == Location::new(1, 3, 1, 4)));
    let e = parse_expression("x = 1", "<string>").unwrap_err();
    assert_eq!(e.message, "invalid syntax");
    let e = parse_expression("  1 +", "<string>").unwrap_err();
    assert_eq!((e.message.as_str(), e.line, e.column), ("invalid syntax", 1, 6));
    assert_eq!(
        parse_expression("(yield)", "<string>").unwrap_err().message,
        "'yield' outside function"
    );
}

mod errors;
