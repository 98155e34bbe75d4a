//! `math`'s functions on ints of any size (factorial, gcd, lcm, isqrt, comb, perm) and the
//! conversions to int (floor, ceil, trunc, which ask `__floor__`/`__ceil__`/`__trunc__`
//! first).

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{One, Signed, ToPrimitive, Zero};

use crate::object::error::Res;
use crate::object::exceptions::ExcKind;
use crate::object::hash::{name, NameHash};
use crate::object::native::Args;
use crate::object::runtime::{self as rt, raise, type_error, value_error};
use crate::object::{builtin_base, Kind, PyRef};
use crate::types::{self, ops};

use super::{as_int, one_arg, positional, to_double, to_integer};

/// `floor(x)`: `x.__floor__()` if its type has it, else the float's floor as an int.
pub(super) fn floor(a: Args) -> Res<PyRef> {
    rounded(a, name!("__floor__"), f64::floor)
}

/// `ceil(x)`: `x.__ceil__()` if its type has it, else the float's ceiling as an int.
pub(super) fn ceil(a: Args) -> Res<PyRef> {
    rounded(a, name!("__ceil__"), f64::ceil)
}

fn rounded(a: Args, method: NameHash, round: fn(f64) -> f64) -> Res<PyRef> {
    let x = one_arg(&a)?;
    match &x.kind {
        Kind::Float(f) => return float_to_int(round(*f)),
        // int.__floor__ and int.__ceil__ give the int itself.
        Kind::Int(_) => return Ok(x),
        Kind::Bool(b) => return Ok(rt::int(i64::from(*b))),
        _ => {}
    }
    if let Some(result) = ops::call_special_name(&x, method, vec![])? {
        return Ok(result);
    }
    if let Some(value) = builtin_base(&x).and_then(|base| as_int(&base)) {
        return Ok(rt::int(value));
    }
    float_to_int(round(to_double(&x)?))
}

/// `trunc(x)`: `x.__trunc__()`; a float is truncated, an int is itself.
pub(super) fn trunc(a: Args) -> Res<PyRef> {
    let x = one_arg(&a)?;
    match &x.kind {
        Kind::Float(f) => return float_to_int(f.trunc()),
        Kind::Int(_) => return Ok(x),
        Kind::Bool(b) => return Ok(rt::int(i64::from(*b))),
        _ => {}
    }
    if let Some(result) = ops::call_special_name(&x, name!("__trunc__"), vec![])? {
        return Ok(result);
    }
    match builtin_base(&x) {
        Some(base) => match &base.kind {
            Kind::Float(f) => float_to_int(f.trunc()),
            Kind::Int(_) => Ok(base.clone()),
            _ => no_trunc(&x),
        },
        None => no_trunc(&x),
    }
}

fn no_trunc(x: &PyRef) -> Res<PyRef> {
    type_error(format!("type {} doesn't define __trunc__ method", types::type_name(x)))
}

/// An integral float as an int (`OverflowError` for infinities, `ValueError` for NaN).
fn float_to_int(value: f64) -> Res<PyRef> {
    if value.is_nan() {
        return value_error("cannot convert float NaN to integer");
    }
    if value.is_infinite() {
        return raise(ExcKind::OverflowError, "cannot convert float infinity to integer");
    }
    if let Some(small) = value.to_i64().filter(|_| value.abs() < 9.0e18) {
        return Ok(rt::int(small));
    }
    let big: BigInt = num_traits::FromPrimitive::from_f64(value).unwrap_or_else(BigInt::zero);
    Ok(rt::int(big))
}

/// `factorial(n)` for an int `n >= 0` (of at most `sys.maxsize`, as CPython).
pub(super) fn factorial(a: Args) -> Res<PyRef> {
    let n = to_integer(&one_arg(&a)?)?;
    match n.to_i64() {
        None if n.is_positive() => raise(
            ExcKind::OverflowError,
            format!("factorial() argument should not exceed {}", i64::MAX),
        ),
        Some(n) if n >= 0 => {
            let n = n as u64;
            Ok(rt::int(odd_range_product_factorial(n)))
        }
        _ => value_error("factorial() not defined for negative values"),
    }
}

/// `n!` as the product of `1..=n` split in halves, so that the big multiplications are
/// between numbers of similar size (where Karatsuba pays off).
fn odd_range_product_factorial(n: u64) -> BigInt {
    if n < 2 {
        return BigInt::one();
    }
    product(2, n)
}

/// `lo * (lo+1) * ... * hi`.
fn product(lo: u64, hi: u64) -> BigInt {
    if hi - lo < 16 {
        let mut result = BigInt::one();
        let mut chunk: u64 = 1;
        for k in lo..=hi {
            match chunk.checked_mul(k) {
                Some(next) => chunk = next,
                None => {
                    result *= chunk;
                    chunk = k;
                }
            }
        }
        return result * chunk;
    }
    let mid = lo + (hi - lo) / 2;
    product(lo, mid) * product(mid + 1, hi)
}

/// `gcd(*integers)`: 0 for none; always non-negative.
pub(super) fn gcd(a: Args) -> Res<PyRef> {
    no_keywords(&a)?;
    let mut result = BigInt::zero();
    for argument in &a.positional {
        let value = to_integer(argument)?;
        if !result.is_one() {
            result = result.gcd(&value);
        }
    }
    Ok(rt::int(result))
}

/// `lcm(*integers)`: 1 for none; 0 if any is 0; always non-negative.
pub(super) fn lcm(a: Args) -> Res<PyRef> {
    no_keywords(&a)?;
    let mut result = BigInt::one();
    for argument in &a.positional {
        let value = to_integer(argument)?;
        if !result.is_zero() {
            result = if value.is_zero() {
                BigInt::zero()
            } else {
                (&result / result.gcd(&value) * value).abs()
            };
        }
    }
    Ok(rt::int(result))
}

fn no_keywords(a: &Args) -> Res<()> {
    if !a.keywords.is_empty() {
        return type_error(format!("math.{}() takes no keyword arguments", a.name));
    }
    Ok(())
}

/// `isqrt(n)`: the largest int whose square is at most `n`.
pub(super) fn isqrt(a: Args) -> Res<PyRef> {
    let n = to_integer(&one_arg(&a)?)?;
    if n.is_negative() {
        return value_error("isqrt() argument must be nonnegative");
    }
    Ok(rt::int(n.sqrt()))
}

/// `comb(n, k)`: the number of ways to choose `k` of `n` items (0 when `k > n`).
pub(super) fn comb(a: Args) -> Res<PyRef> {
    let args = positional(&a, 2, 2)?;
    let (n, k) = non_negative_pair(&args[0], &args[1])?;
    if k > n {
        return Ok(rt::int(0));
    }
    let k = std::cmp::min(k.clone(), &n - &k);
    let Some(k) = k.to_u64().filter(|&k| k <= i64::MAX as u64) else {
        return raise(
            ExcKind::OverflowError,
            format!("min(n - k, k) must not exceed {}", i64::MAX),
        );
    };
    Ok(rt::int(perm_comb(&n, k, true)))
}

/// `perm(n, k=None)`: the number of ordered choices of `k` of `n` items; `n!` without `k`.
pub(super) fn perm(a: Args) -> Res<PyRef> {
    let args = positional(&a, 1, 2)?;
    if args.len() == 1 || matches!(args[1].kind, Kind::None) {
        let n = args[0].clone();
        return factorial(Args {
            name: "factorial",
            receiver: None,
            positional: vec![n],
            keywords: vec![],
        });
    }
    let (n, k) = non_negative_pair(&args[0], &args[1])?;
    if k > n {
        return Ok(rt::int(0));
    }
    let Some(k) = k.to_u64().filter(|&k| k <= i64::MAX as u64) else {
        return raise(ExcKind::OverflowError, format!("k must not exceed {}", i64::MAX));
    };
    Ok(rt::int(perm_comb(&n, k, false)))
}

fn non_negative_pair(n: &PyRef, k: &PyRef) -> Res<(BigInt, BigInt)> {
    let n = to_integer(n)?;
    let k = to_integer(k)?;
    if n.is_negative() {
        return value_error("n must be a non-negative integer");
    }
    if k.is_negative() {
        return value_error("k must be a non-negative integer");
    }
    Ok((n, k))
}

/// `P(n, k)` or `C(n, k)` by halves: `P(n, k) = P(n, j) * P(n - j, k - j)` and
/// `C(n, k) = C(n, j) * C(n - j, k - j) // C(k, j)` for `j = k / 2` (CPython's recursion:
/// multiplications of numbers of similar size).
fn perm_comb(n: &BigInt, k: u64, comb: bool) -> BigInt {
    if k <= 16 {
        let mut result = BigInt::one();
        for i in 0..k {
            result *= n - i;
            if comb {
                result /= i + 1;
            }
        }
        return result;
    }
    let j = k / 2;
    let left = perm_comb(n, j, comb);
    let right = perm_comb(&(n - j), k - j, comb);
    let product = left * right;
    if comb {
        product / perm_comb(&BigInt::from(k), j, true)
    } else {
        product
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn products_and_binomials_agree_with_their_definitions() {
        let factorial = |n: u64| (1..=n).fold(BigInt::one(), |acc, k| acc * k);
        for n in [0u64, 1, 2, 20, 21, 33, 100] {
            assert_eq!(odd_range_product_factorial(n), factorial(n), "{n}!");
        }
        for (n, k) in [(5u64, 2u64), (40, 20), (100, 37), (64, 64)] {
            let expected = factorial(n) / (factorial(k) * factorial(n - k));
            assert_eq!(perm_comb(&BigInt::from(n), k, true), expected, "C({n}, {k})");
            let expected = factorial(n) / factorial(n - k);
            assert_eq!(perm_comb(&BigInt::from(n), k, false), expected, "P({n}, {k})");
        }
    }
}
