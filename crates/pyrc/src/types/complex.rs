//! `complex`: an atomic (untracked) value holding two floats, with CPython's repr, hashing,
//! equality with the other numbers and arithmetic (`_Py_c_quot`, `_Py_c_pow` as CPython).

use num_bigint::BigInt;
use num_traits::ToPrimitive;

use crate::compile::ast::BinOp;
use crate::object::error::Res;
use crate::object::exceptions::ExcKind;
use crate::object::native::MethodDef;
use crate::object::runtime::{self as rt, raise, type_error};
use crate::object::{alloc, Kind, PyRef};
use crate::types;
use crate::types::ops;

/// A new complex object.
pub fn new(real: f64, imag: f64) -> PyRef {
    alloc(Kind::Complex(real, imag))
}

fn int_to_f64(value: &BigInt) -> Res<f64> {
    match value.to_f64() {
        Some(f) if f.is_finite() => Ok(f),
        _ => raise(ExcKind::OverflowError, "int too large to convert to float"),
    }
}

/// The value of a number (`bool`, `int`, `float`, `complex`) as a complex, `None` for others.
pub fn as_complex(object: &PyRef) -> Res<Option<(f64, f64)>> {
    Ok(Some(match &object.kind {
        Kind::Complex(re, im) => (*re, *im),
        Kind::Float(f) => (*f, 0.0),
        Kind::Int(i) => (int_to_f64(&i.as_big())?, 0.0),
        Kind::Bool(b) => (*b as i64 as f64, 0.0),
        _ => return Ok(None),
    }))
}

fn is_number(object: &PyRef) -> bool {
    matches!(object.kind, Kind::Complex(..) | Kind::Float(_) | Kind::Int(_) | Kind::Bool(_))
}

/// One component as CPython's `complex_repr` writes it: `repr(float)` without the added `.0`.
fn component(value: f64) -> String {
    let text = ops::float_repr(value);
    match text.strip_suffix(".0") {
        Some(stripped) => stripped.to_string(),
        None => text,
    }
}

/// `repr(complex)`: `1j`, `(1+2j)`, `(-0-1j)`.
pub fn repr(real: f64, imag: f64) -> String {
    let imag_text = component(imag);
    if real == 0.0 && real.is_sign_positive() {
        return format!("{imag_text}j");
    }
    let sign = if imag_text.starts_with('-') { "" } else { "+" };
    format!("({}{sign}{imag_text}j)", component(real))
}

/// `hash(complex)`, CPython's combination: equal to the hash of an equal real number.
pub fn hash(real: f64, imag: f64) -> Res<i64> {
    let h_real = ops::hash(&rt::float(real))?;
    let h_imag = ops::hash(&rt::float(imag))?;
    let combined = h_real.wrapping_add(h_imag.wrapping_mul(1_000_003));
    Ok(if combined == -1 { -2 } else { combined })
}

/// `a == b` when one side is complex and the other a number; `None` otherwise.
pub fn eq(a: &PyRef, b: &PyRef) -> Option<bool> {
    if !(matches!(a.kind, Kind::Complex(..)) || matches!(b.kind, Kind::Complex(..))) {
        return None;
    }
    if !(is_number(a) && is_number(b)) {
        return None;
    }
    let (x, y) = (complex_parts_or_nan(a), complex_parts_or_nan(b));
    Some(x.0 == y.0 && x.1 == y.1)
}

/// Parts of a number; an int too large for a float compares unequal (as NaN).
fn complex_parts_or_nan(object: &PyRef) -> (f64, f64) {
    as_complex(object).ok().flatten().unwrap_or((f64::NAN, 0.0))
}

/// `a / b` as CPython's `_Py_c_quot` (Smith's algorithm).
fn quotient(a: (f64, f64), b: (f64, f64)) -> Res<(f64, f64)> {
    let (abs_breal, abs_bimag) = (b.0.abs(), b.1.abs());
    if abs_breal >= abs_bimag {
        if abs_breal == 0.0 {
            return raise(ExcKind::ZeroDivisionError, "complex division by zero");
        }
        let ratio = b.1 / b.0;
        let denom = b.0 + b.1 * ratio;
        Ok(((a.0 + a.1 * ratio) / denom, (a.1 - a.0 * ratio) / denom))
    } else if abs_bimag >= abs_breal {
        let ratio = b.0 / b.1;
        let denom = b.0 * ratio + b.1;
        Ok(((a.0 * ratio + a.1) / denom, (a.1 * ratio - a.0) / denom))
    } else {
        // At least one of b's parts is a NaN.
        Ok((f64::NAN, f64::NAN))
    }
}

fn product(a: (f64, f64), b: (f64, f64)) -> (f64, f64) {
    (a.0 * b.0 - a.1 * b.1, a.0 * b.1 + a.1 * b.0)
}

/// `a ** b` as CPython's `complex_pow`: small integral exponents by repeated squaring.
fn power(a: (f64, f64), b: (f64, f64)) -> Res<(f64, f64)> {
    if b.1 == 0.0 && b.0 == b.0.trunc() && b.0.abs() <= 100.0 {
        let n = b.0 as i64;
        let positive = |mut n: u64| {
            let (mut result, mut base) = ((1.0, 0.0), a);
            while n > 0 {
                if n & 1 == 1 {
                    result = product(result, base);
                }
                base = product(base, base);
                n >>= 1;
            }
            result
        };
        return if n >= 0 {
            Ok(positive(n as u64))
        } else {
            quotient((1.0, 0.0), positive(n.unsigned_abs())).or_else(|_| {
                raise(ExcKind::ZeroDivisionError, "0.0 to a negative or complex power")
            })
        };
    }
    if b == (0.0, 0.0) {
        return Ok((1.0, 0.0));
    }
    if a == (0.0, 0.0) {
        if b.1 != 0.0 || b.0 < 0.0 {
            return raise(ExcKind::ZeroDivisionError, "0.0 to a negative or complex power");
        }
        return Ok((0.0, 0.0));
    }
    let magnitude = a.0.hypot(a.1);
    let mut length = magnitude.powf(b.0);
    let angle = a.1.atan2(a.0);
    let mut phase = angle * b.0;
    if b.1 != 0.0 {
        length /= (angle * b.1).exp();
        phase += b.1 * magnitude.ln();
    }
    Ok((length * phase.cos(), length * phase.sin()))
}

/// `a <op> b` when one side is complex and both are numbers; `None` otherwise (the caller
/// reports the unsupported operands).
pub fn binary_op(op: BinOp, a: &PyRef, b: &PyRef) -> Res<Option<PyRef>> {
    if !(matches!(a.kind, Kind::Complex(..)) || matches!(b.kind, Kind::Complex(..))) {
        return Ok(None);
    }
    let (Some(x), Some(y)) = (as_complex(a)?, as_complex(b)?) else { return Ok(None) };
    let (re, im) = match op {
        BinOp::Add => (x.0 + y.0, x.1 + y.1),
        BinOp::Sub => (x.0 - y.0, x.1 - y.1),
        BinOp::Mult => product(x, y),
        BinOp::Div => quotient(x, y)?,
        BinOp::Pow => power(x, y)?,
        _ => return Ok(None),
    };
    Ok(Some(new(re, im)))
}

/// `abs(z)`.
pub fn abs(real: f64, imag: f64) -> Res<PyRef> {
    let result = real.hypot(imag);
    if result.is_infinite() && real.is_finite() && imag.is_finite() {
        return raise(ExcKind::OverflowError, "absolute value too large");
    }
    Ok(rt::float(result))
}

/// Attributes of a complex: `real`, `imag`, `conjugate()`.
pub fn attribute(real: f64, imag: f64, name: &str) -> Option<PyRef> {
    match name {
        "real" => Some(rt::float(real)),
        "imag" => Some(rt::float(imag)),
        _ => None,
    }
}

/// Parses `complex(str)`: `1`, `2j`, `1+2j`, `(1-2.5e3j)`, `-j`.
fn parse(text: &str) -> Option<(f64, f64)> {
    let mut s = text.trim();
    if let Some(inner) = s.strip_prefix('(').and_then(|t| t.strip_suffix(')')) {
        s = inner.trim();
    }
    let s = s.replace('_', "");
    let float = |t: &str| -> Option<f64> {
        let lower = t.to_ascii_lowercase();
        match lower.trim_start_matches(['+', '-']) {
            "inf" | "infinity" | "nan" => {
                let magnitude = if lower.ends_with("nan") { f64::NAN } else { f64::INFINITY };
                Some(if lower.starts_with('-') { -magnitude } else { magnitude })
            }
            rest if rest.starts_with(|c: char| c.is_ascii_digit() || c == '.') => t.parse().ok(),
            _ => None,
        }
    };
    let Some(body) = s.strip_suffix(['j', 'J']) else { return Some((float(&s)?, 0.0)) };
    // The imaginary part starts at the last sign that is not the first character and not an
    // exponent's sign.
    let bytes = body.as_bytes();
    let split = (1..bytes.len())
        .rev()
        .find(|&i| matches!(bytes[i], b'+' | b'-') && !matches!(bytes[i - 1], b'e' | b'E'));
    let (real_text, imag_text) = match split {
        Some(i) => (&body[..i], &body[i..]),
        None => ("", body),
    };
    let real = if real_text.is_empty() { 0.0 } else { float(real_text)? };
    let imag = match imag_text {
        "" | "+" => 1.0,
        "-" => -1.0,
        t => float(t)?,
    };
    Some((real, imag))
}

/// `complex(real=0, imag=0)`.
pub fn construct(real: Option<PyRef>, imag: Option<PyRef>) -> Res<PyRef> {
    let argument_error = |which: &str, object: &PyRef| {
        type_error(format!("complex() {which}, not '{}'", types::type_name(object)))
    };
    let first = "first argument must be a string or a number";
    // (real, imag, whether the argument was a complex).
    let real_part = match &real {
        None => (0.0, 0.0, false),
        Some(r) => match &r.kind {
            Kind::Str(..) => {
                let s = crate::object::text_of(r);
                if imag.is_some() {
                    return type_error("complex() can't take second arg if first is a string");
                }
                return match parse(s) {
                    Some((re, im)) => Ok(new(re, im)),
                    None => rt::value_error("complex() arg is a malformed string"),
                };
            }
            Kind::Instance(_) | Kind::Extended(_) | Kind::Native(_) => {
                match ops::call_special_name(r, crate::object::hash::name!("__complex__"), vec![])?
                {
                    Some(result) => match result.kind {
                        Kind::Complex(re, im) => (re, im, true),
                        _ => return type_error("__complex__ returned non-complex"),
                    },
                    None => match ops::call_special_name(
                        r,
                        crate::object::hash::name!("__float__"),
                        vec![],
                    )? {
                        Some(result) => (ops::to_f64(&result)?, 0.0, false),
                        None => return argument_error(first, r),
                    },
                }
            }
            _ => match as_complex(r)? {
                Some((re, im)) => (re, im, matches!(r.kind, Kind::Complex(..))),
                None => return argument_error(first, r),
            },
        },
    };
    let Some(imag) = imag else { return Ok(new(real_part.0, real_part.1)) };
    let Some(imag_part) = as_complex(&imag)? else {
        return argument_error("second argument must be a number", &imag);
    };
    // As CPython: only a complex argument contributes its second part (`complex(1, -0.0)`
    // keeps the negative zero).
    let (mut re, mut im) = (real_part.0, imag_part.0);
    if matches!(imag.kind, Kind::Complex(..)) {
        re -= imag_part.1;
    }
    if real_part.2 {
        im += real_part.1;
    }
    Ok(new(re, im))
}

/// The methods of `complex`.
pub const COMPLEX_METHODS: &[MethodDef] = &[MethodDef {
    name: "conjugate",
    function: |a| match a.receiver().kind {
        Kind::Complex(re, im) => Ok(new(re, -im)),
        _ => unreachable!("conjugate of a complex"),
    },
}];
