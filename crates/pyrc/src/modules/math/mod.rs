//! The `math` module, as CPython 3.11's `Modules/mathmodule.c`: the same results (the C
//! library's functions where CPython calls them, CPython's own algorithms where it has them)
//! and the same errors (`ValueError("math domain error")` for invalid arguments and
//! singularities, `OverflowError("math range error")` for results too large, `TypeError`
//! for non-numbers).
//!
//! This file: argument conversion and the float functions; `integer` the functions on ints
//! (and floor/ceil/trunc), `accurate` the summations and norms (fsum, prod, hypot, dist),
//! `special` gamma, lgamma and the C library functions Rust's standard library lacks.

mod accurate;
mod integer;
mod special;

use num_bigint::BigInt;
use num_traits::{Signed, ToPrimitive};

use crate::object::error::Res;
use crate::object::exceptions::ExcKind;
use crate::object::native::{Args, NativeFn};
use crate::object::runtime::{self as rt, raise, type_error};
use crate::object::{builtin_base, Kind, PyRef};
use crate::types::{self, ops};

use super::{native, new_module};

/// `import math`.
pub fn math_module() -> PyRef {
    let mut entries: Vec<(&str, PyRef)> =
        FUNCTIONS.iter().map(|&(name, function)| (name, native(name, function))).collect();
    entries.extend([
        ("pi", rt::float(std::f64::consts::PI)),
        ("e", rt::float(std::f64::consts::E)),
        ("tau", rt::float(std::f64::consts::TAU)),
        ("inf", rt::float(f64::INFINITY)),
        ("nan", rt::float(f64::NAN)),
    ]);
    new_module("math", entries)
}

/// Every function of the module: its name and the native function (functions that share a
/// body tell themselves apart by `Args::name`).
const FUNCTIONS: &[(&str, NativeFn)] = &[
    ("acos", unary),
    ("acosh", unary),
    ("asin", unary),
    ("asinh", unary),
    ("atan", unary),
    ("atan2", binary),
    ("atanh", unary),
    ("cbrt", unary),
    ("ceil", integer::ceil),
    ("comb", integer::comb),
    ("copysign", binary),
    ("cos", unary),
    ("cosh", unary),
    ("degrees", unary),
    ("dist", accurate::dist),
    ("erf", unary),
    ("erfc", unary),
    ("exp", unary),
    ("exp2", unary),
    ("expm1", unary),
    ("fabs", unary),
    ("factorial", integer::factorial),
    ("floor", integer::floor),
    ("fmod", binary),
    ("frexp", frexp),
    ("fsum", accurate::fsum),
    ("gamma", unary),
    ("gcd", integer::gcd),
    ("hypot", accurate::hypot),
    ("isclose", isclose),
    ("isfinite", predicate),
    ("isinf", predicate),
    ("isnan", predicate),
    ("isqrt", integer::isqrt),
    ("lcm", integer::lcm),
    ("ldexp", ldexp),
    ("lgamma", unary),
    ("log", log),
    ("log10", log),
    ("log1p", unary),
    ("log2", log),
    ("modf", modf),
    ("nextafter", binary),
    ("perm", integer::perm),
    ("pow", binary),
    ("prod", accurate::prod),
    ("radians", unary),
    ("remainder", binary),
    ("sin", unary),
    ("sinh", unary),
    ("sqrt", unary),
    ("tan", unary),
    ("tanh", unary),
    ("trunc", integer::trunc),
    ("ulp", unary),
];

// ---- arguments ---------------------------------------------------------------------------

/// The one argument of a function CPython declares `METH_O`.
fn one_arg(a: &Args) -> Res<PyRef> {
    if !a.keywords.is_empty() {
        return type_error(format!("math.{}() takes no keyword arguments", a.name));
    }
    if a.positional.len() != 1 {
        return type_error(format!(
            "math.{}() takes exactly one argument ({} given)",
            a.name,
            a.positional.len()
        ));
    }
    Ok(a.arg(0))
}

/// The positional arguments of a function taking `min..=max` of them and no keywords, with
/// the messages of CPython's `_PyArg_CheckPositional`.
fn positional<'a>(a: &'a Args, min: usize, max: usize) -> Res<&'a [PyRef]> {
    if !a.keywords.is_empty() {
        return type_error(format!("{}() takes no keyword arguments", a.name));
    }
    let n = a.positional.len();
    if n < min || n > max {
        let (bound, count) = if n < min { (min, "at least ") } else { (max, "at most ") };
        let count = if min == max { "" } else { count };
        let plural = if bound == 1 { "" } else { "s" };
        return type_error(format!("{} expected {count}{bound} argument{plural}, got {n}", a.name));
    }
    Ok(&a.positional)
}

/// CPython's `PyFloat_AsDouble`: a float, an int (`OverflowError` when too large), an object
/// with `__float__` or `__index__`; anything else is "must be real number".
pub(crate) fn to_double(object: &PyRef) -> Res<f64> {
    match &object.kind {
        Kind::Float(f) => Ok(*f),
        Kind::Int(i) => int_to_double(&i.as_big()),
        Kind::Bool(b) => Ok(f64::from(u8::from(*b))),
        Kind::Instance(_) | Kind::Extended(_) | Kind::Native(_) => {
            if let Some(result) =
                ops::call_special_name(object, crate::object::hash::name!("__float__"), vec![])?
            {
                return match result.kind {
                    Kind::Float(f) => Ok(f),
                    _ => type_error(format!(
                        "{}.__float__ returned non-float (type {})",
                        types::type_name(object),
                        types::type_name(&result)
                    )),
                };
            }
            if ops::lookup_special_name(object, crate::object::hash::name!("__index__")).is_some() {
                return int_to_double(&to_integer(object)?);
            }
            match builtin_base(object) {
                Some(base) if matches!(base.kind, Kind::Float(_) | Kind::Int(_)) => {
                    to_double(&base)
                }
                _ => not_real(object),
            }
        }
        _ => not_real(object),
    }
}

fn not_real<T>(object: &PyRef) -> Res<T> {
    type_error(format!("must be real number, not {}", types::type_name(object)))
}

/// An int as a float, correctly rounded; `OverflowError` beyond the float range.
pub(crate) fn int_to_double(value: &BigInt) -> Res<f64> {
    match value.to_f64() {
        Some(f) if f.is_finite() => Ok(f),
        _ => raise(ExcKind::OverflowError, "int too large to convert to float"),
    }
}

/// CPython's `PyNumber_Index`: an int, or what `__index__` returns.
pub(crate) fn to_integer(object: &PyRef) -> Res<BigInt> {
    if let Some(value) = as_int(object) {
        return Ok(value);
    }
    if let Some(result) =
        ops::call_special_name(object, crate::object::hash::name!("__index__"), vec![])?
    {
        return match as_int(&result) {
            Some(value)
                if !matches!(
                    result.kind,
                    Kind::Instance(_) | Kind::Extended(_) | Kind::Native(_)
                ) =>
            {
                Ok(value)
            }
            _ => type_error(format!(
                "__index__ returned non-int (type {})",
                types::type_name(&result)
            )),
        };
    }
    type_error(format!("'{}' object cannot be interpreted as an integer", types::type_name(object)))
}

/// The value of an int (a bool, an instance of a subclass of int), `None` for other objects.
pub(crate) fn as_int(object: &PyRef) -> Option<BigInt> {
    match &object.kind {
        Kind::Int(i) => Some(i.to_big()),
        Kind::Bool(b) => Some(BigInt::from(u8::from(*b))),
        Kind::Extended(_) => builtin_base(object).and_then(|base| match &base.kind {
            Kind::Int(i) => Some(i.to_big()),
            _ => None,
        }),
        _ => None,
    }
}

fn domain_error<T>() -> Res<T> {
    raise(ExcKind::ValueError, "math domain error")
}

fn range_error<T>() -> Res<T> {
    raise(ExcKind::OverflowError, "math range error")
}

// ---- one float -------------------------------------------------------------------------------

/// How CPython wraps a one-argument C function: `math_1` decides errors from the result
/// (NaN from a number: domain; infinity from a finite number: range if the function can
/// overflow, else a singularity, domain), `math_1a` from what the function reports itself
/// (gamma, lgamma, erf, erfc), and a few functions never fail.
enum Wrap {
    Checked { can_overflow: bool },
    Reported,
    Total,
}

fn unary(a: Args) -> Res<PyRef> {
    let x = to_double(&one_arg(&a)?)?;
    let checked = |can_overflow| Wrap::Checked { can_overflow };
    let (result, wrap) = match a.name {
        "acos" => (x.acos(), checked(false)),
        "acosh" => (special::acosh(x), checked(false)),
        "asin" => (x.asin(), checked(false)),
        "asinh" => (special::asinh(x), checked(false)),
        "atan" => (x.atan(), checked(false)),
        "atanh" => (special::atanh(x), checked(false)),
        "cbrt" => (special::cbrt(x), checked(false)),
        "cos" => (x.cos(), checked(false)),
        "cosh" => (x.cosh(), checked(true)),
        "exp" => (x.exp(), checked(true)),
        "exp2" => (x.exp2(), checked(true)),
        "expm1" => (x.exp_m1(), checked(true)),
        "fabs" => (x.abs(), checked(false)),
        "log1p" => (x.ln_1p(), checked(false)),
        "sin" => (x.sin(), checked(false)),
        "sinh" => (x.sinh(), checked(true)),
        "sqrt" => (x.sqrt(), checked(false)),
        "tan" => (x.tan(), checked(false)),
        "tanh" => (x.tanh(), checked(false)),
        "erf" => (special::erf(x), Wrap::Total),
        "erfc" => (special::erfc(x), Wrap::Total),
        "gamma" => (special::gamma(x)?, Wrap::Reported),
        "lgamma" => (special::lgamma(x)?, Wrap::Reported),
        "degrees" => (x * (180.0 / std::f64::consts::PI), Wrap::Total),
        "radians" => (x * (std::f64::consts::PI / 180.0), Wrap::Total),
        "ulp" => (ulp(x), Wrap::Total),
        other => unreachable!("math.{other} is not a one-argument function"),
    };
    if let Wrap::Checked { can_overflow } = wrap {
        if result.is_nan() && !x.is_nan() {
            return domain_error();
        }
        if result.is_infinite() && x.is_finite() {
            return if can_overflow { range_error() } else { domain_error() };
        }
    }
    Ok(rt::float(result))
}

/// `math.ulp(x)`: the value of the least significant bit of `x`.
fn ulp(x: f64) -> f64 {
    if x.is_nan() {
        return x;
    }
    let x = x.abs();
    if x.is_infinite() {
        return x;
    }
    let next = special::nextafter(x, f64::INFINITY);
    if next.is_infinite() {
        // The largest float: its ulp is the step down.
        return x - special::nextafter(x, f64::NEG_INFINITY);
    }
    next - x
}

/// `isfinite`, `isinf`, `isnan`.
fn predicate(a: Args) -> Res<PyRef> {
    let x = to_double(&one_arg(&a)?)?;
    Ok(rt::boolean(match a.name {
        "isfinite" => x.is_finite(),
        "isinf" => x.is_infinite(),
        _ => x.is_nan(),
    }))
}

// ---- two floats ------------------------------------------------------------------------------

/// `atan2`, `copysign`, `fmod`, `nextafter`, `pow`, `remainder`: CPython's `math_2` error
/// rules (NaN from non-NaN arguments: domain; infinity from finite ones: range), with
/// `fmod` and `pow` deciding their own.
fn binary(a: Args) -> Res<PyRef> {
    let args = positional(&a, 2, 2)?;
    let x = to_double(&args[0])?;
    let y = to_double(&args[1])?;
    let result = match a.name {
        "atan2" => atan2(x, y),
        "copysign" => x.copysign(y),
        "remainder" => remainder(x, y),
        "nextafter" => return Ok(rt::float(special::nextafter(x, y))),
        "fmod" => return fmod(x, y).map(rt::float),
        "pow" => return pow(x, y).map(rt::float),
        other => unreachable!("math.{other} is not a two-argument function"),
    };
    if result.is_nan() && !x.is_nan() && !y.is_nan() {
        return domain_error();
    }
    if result.is_infinite() && x.is_finite() && y.is_finite() {
        return range_error();
    }
    Ok(rt::float(result))
}

/// `atan2(y, x)` with C99's special values decided here, as CPython's `m_atan2`.
fn atan2(y: f64, x: f64) -> f64 {
    use std::f64::consts::PI;
    if x.is_nan() || y.is_nan() {
        return f64::NAN;
    }
    if y.is_infinite() {
        if x.is_infinite() {
            let angle = if x.is_sign_positive() { 0.25 * PI } else { 0.75 * PI };
            return angle.copysign(y);
        }
        return (0.5 * PI).copysign(y);
    }
    if x.is_infinite() || y == 0.0 {
        return if x.is_sign_positive() { 0.0f64.copysign(y) } else { PI.copysign(y) };
    }
    y.atan2(x)
}

/// IEEE 754 remainder: `x - n*y` for the integer `n` nearest `x/y` (even on a tie); exact.
fn remainder(x: f64, y: f64) -> f64 {
    if x.is_finite() && y.is_finite() {
        if y == 0.0 {
            return f64::NAN;
        }
        let (absx, absy) = (x.abs(), y.abs());
        let m = absx % absy;
        // Compare m with half of absy through its complement, which is always exact.
        let c = absy - m;
        let r = if m < c {
            m
        } else if m > c {
            -c
        } else {
            // A tie: keep the even multiple.
            m - 2.0 * ((0.5 * (absx - m)) % absy)
        };
        return 1.0f64.copysign(x) * r;
    }
    if x.is_nan() {
        return x;
    }
    if y.is_nan() {
        return y;
    }
    if x.is_infinite() {
        return f64::NAN;
    }
    x
}

fn fmod(x: f64, y: f64) -> Res<f64> {
    if y.is_infinite() && x.is_finite() {
        return Ok(x);
    }
    let r = x % y;
    if r.is_nan() && !x.is_nan() && !y.is_nan() {
        return domain_error();
    }
    Ok(r)
}

/// `math.pow`: C99's special values, `ValueError` for a negative base to a non-integer power
/// and for zero to a negative power, `OverflowError` for overflow.
fn pow(x: f64, y: f64) -> Res<f64> {
    if !x.is_finite() || !y.is_finite() {
        return Ok(if x.is_nan() {
            if y == 0.0 {
                1.0
            } else {
                x
            }
        } else if y.is_nan() {
            if x == 1.0 {
                1.0
            } else {
                y
            }
        } else if x.is_infinite() {
            let odd_y = y.is_finite() && (y.abs() % 2.0) == 1.0;
            if y > 0.0 {
                if odd_y {
                    x
                } else {
                    x.abs()
                }
            } else if y == 0.0 {
                1.0
            } else if odd_y {
                0.0f64.copysign(x)
            } else {
                0.0
            }
        } else if x.abs() == 1.0 {
            1.0
        } else if (y > 0.0 && x.abs() > 1.0) || (y < 0.0 && x.abs() < 1.0) {
            f64::INFINITY
        } else {
            0.0
        });
    }
    let r = x.powf(y);
    if r.is_nan() {
        return domain_error();
    }
    if r.is_infinite() {
        return if x == 0.0 { domain_error() } else { range_error() };
    }
    Ok(r)
}

// ---- the rest ------------------------------------------------------------------------------

/// `frexp(x)`: `(m, e)` with `x == m * 2**e` and `0.5 <= abs(m) < 1` (`(x, 0)` for zeros,
/// infinities and NaN).
fn frexp(a: Args) -> Res<PyRef> {
    let x = to_double(&one_arg(&a)?)?;
    let (m, e) = special::frexp(x);
    Ok(rt::tuple(vec![rt::float(m), rt::int(e as i64)]))
}

/// `ldexp(x, i)`: `x * 2**i`; `i` must be an int (of any size).
fn ldexp(a: Args) -> Res<PyRef> {
    let args = positional(&a, 2, 2)?;
    let x = to_double(&args[0])?;
    let Some(exponent) = as_int(&args[1]) else {
        return type_error("Expected an int as second argument to ldexp.");
    };
    if x == 0.0 || !x.is_finite() {
        return Ok(rt::float(x));
    }
    let result = match exponent.to_i32() {
        Some(exponent) => special::ldexp(x, exponent),
        None if exponent.is_positive() => f64::INFINITY,
        None => 0.0f64.copysign(x),
    };
    if result.is_infinite() {
        return range_error();
    }
    Ok(rt::float(result))
}

/// `modf(x)`: the fractional and integer parts, both with the sign of `x`.
fn modf(a: Args) -> Res<PyRef> {
    let x = to_double(&one_arg(&a)?)?;
    let (fraction, whole) = if x.is_infinite() {
        (0.0f64.copysign(x), x)
    } else if x.is_nan() {
        (x, x)
    } else {
        let whole = x.trunc();
        ((x - whole).copysign(x), whole)
    };
    Ok(rt::tuple(vec![rt::float(fraction), rt::float(whole)]))
}

/// `isclose(a, b, *, rel_tol=1e-09, abs_tol=0.0)`.
fn isclose(a: Args) -> Res<PyRef> {
    const NAMES: [&str; 4] = ["a", "b", "rel_tol", "abs_tol"];
    if a.positional.len() > 2 {
        return type_error(format!(
            "isclose() takes exactly 2 positional arguments ({} given)",
            a.positional.len()
        ));
    }
    let values = a.bind("isclose", &NAMES, 2, &[])?;
    let number = |index: usize, default: f64| match &values[index] {
        Some(value) => to_double(value),
        None => Ok(default),
    };
    let (x, y) = (number(0, 0.0)?, number(1, 0.0)?);
    let (rel_tol, abs_tol) = (number(2, 1e-9)?, number(3, 0.0)?);
    if rel_tol < 0.0 || abs_tol < 0.0 {
        return raise(ExcKind::ValueError, "tolerances must be non-negative");
    }
    if x == y {
        return Ok(rt::boolean(true));
    }
    if x.is_infinite() || y.is_infinite() {
        return Ok(rt::boolean(false));
    }
    let diff = (y - x).abs();
    Ok(rt::boolean(diff <= (rel_tol * y).abs() || diff <= (rel_tol * x).abs() || diff <= abs_tol))
}

// ---- logarithms ------------------------------------------------------------------------------

/// `log(x[, base])`, `log2(x)`, `log10(x)`: exact for ints of any size (an int too large for
/// a float is taken as `m * 2**e`).
fn log(a: Args) -> Res<PyRef> {
    let function: fn(f64) -> f64 = match a.name {
        "log2" => f64::log2,
        "log10" => f64::log10,
        _ => f64::ln,
    };
    if a.name != "log" {
        let x = one_arg(&a)?;
        return log_of(&x, function).map(rt::float);
    }
    if !a.keywords.is_empty() {
        return type_error("math.log() takes no keyword arguments");
    }
    if a.positional.is_empty() || a.positional.len() > 2 {
        return type_error("math.log requires 1 to 2 arguments");
    }
    let numerator = log_of(&a.positional[0], function)?;
    let Some(base) = a.positional.get(1) else { return Ok(rt::float(numerator)) };
    let denominator = log_of(base, function)?;
    if denominator == 0.0 {
        return raise(ExcKind::ZeroDivisionError, "float division by zero");
    }
    Ok(rt::float(numerator / denominator))
}

/// CPython's `loghelper`: the logarithm of an int done here, of anything else by the C
/// library through `math_1`'s rules.
fn log_of(x: &PyRef, function: fn(f64) -> f64) -> Res<f64> {
    if let Some(value) = as_int(x) {
        if !value.is_positive() {
            return domain_error();
        }
        return Ok(match value.to_f64().filter(|f| f.is_finite()) {
            Some(f) => function(f),
            None => {
                let (mantissa, exponent) = special::frexp_int(&value);
                function(mantissa) + function(2.0) * exponent as f64
            }
        });
    }
    let value = to_double(x)?;
    if value.is_nan() || value == f64::INFINITY {
        return Ok(value);
    }
    if value <= 0.0 {
        return domain_error();
    }
    Ok(function(value))
}
