//! `math`'s sums and norms: `fsum` (Shewchuk's exact partial sums, correctly rounded),
//! `prod`, and `hypot`/`dist` through CPython's `vector_norm` (scaled, compensated sum of
//! squares with a corrected square root, so that results are CPython's bit for bit).

use crate::compile::ast::BinOp;
use crate::object::error::Res;
use crate::object::exceptions::ExcKind;
use crate::object::native::Args;
use crate::object::runtime::{self as rt, raise, type_error};
use crate::object::{Kind, PyRef};
use crate::types::ops;

use super::{positional, to_double};

/// `fsum(iterable)`: the correctly rounded sum of the floats, as CPython's `math_fsum`.
pub(super) fn fsum(a: Args) -> Res<PyRef> {
    let args = positional(&a, 1, 1)?;
    let iterator = ops::iter(&args[0])?;
    // Non-overlapping partial sums, increasing in magnitude; together exactly the sum.
    let mut partials: Vec<f64> = Vec::new();
    let (mut special_sum, mut inf_sum) = (0.0f64, 0.0f64);
    while let Some(item) = ops::next(&iterator)? {
        let mut x = to_double(&item)?;
        let original = x;
        let mut kept = 0;
        for j in 0..partials.len() {
            let mut y = partials[j];
            if x.abs() < y.abs() {
                std::mem::swap(&mut x, &mut y);
            }
            let hi = x + y;
            let lo = y - (hi - x);
            if lo != 0.0 {
                partials[kept] = lo;
                kept += 1;
            }
            x = hi;
        }
        partials.truncate(kept);
        if x != 0.0 {
            if !x.is_finite() {
                // From an infinity or NaN among the items, or from overflow.
                if original.is_finite() {
                    return raise(ExcKind::OverflowError, "intermediate overflow in fsum");
                }
                if original.is_infinite() {
                    inf_sum += original;
                }
                special_sum += original;
                partials.clear();
            } else {
                partials.push(x);
            }
        }
    }
    if special_sum != 0.0 {
        if inf_sum.is_nan() {
            return raise(ExcKind::ValueError, "-inf + inf in fsum");
        }
        return Ok(rt::float(special_sum));
    }
    Ok(rt::float(sum_exact(&partials)))
}

/// The correctly rounded value of exact partial sums (half to even across partials).
fn sum_exact(partials: &[f64]) -> f64 {
    let mut n = partials.len();
    if n == 0 {
        return 0.0;
    }
    n -= 1;
    let mut hi = partials[n];
    let mut lo = 0.0;
    while n > 0 {
        let x = hi;
        n -= 1;
        let y = partials[n];
        hi = x + y;
        lo = y - (hi - x);
        if lo != 0.0 {
            break;
        }
    }
    // Round half to even across the partials: `lo` and the next partial of the same sign
    // mean the exact sum is beyond the halfway point `hi + lo`.
    if n > 0 && ((lo < 0.0 && partials[n - 1] < 0.0) || (lo > 0.0 && partials[n - 1] > 0.0)) {
        let y = lo * 2.0;
        let x = hi + y;
        if y == x - hi {
            hi = x;
        }
    }
    hi
}

/// `prod(iterable, *, start=1)`: `start` times every item, left to right.
pub(super) fn prod(a: Args) -> Res<PyRef> {
    let mut start = None;
    for (key, value) in &a.keywords {
        if &**key != "start" {
            return type_error(format!("'{key}' is an invalid keyword argument for prod()"));
        }
        start = Some(value.clone());
    }
    if a.positional.len() != 1 {
        return type_error(format!(
            "prod() takes exactly 1 positional argument ({} given)",
            a.positional.len()
        ));
    }
    let iterator = ops::iter(&a.positional[0])?;
    let mut result = start.unwrap_or_else(|| rt::int(1));
    while let Some(item) = ops::next(&iterator)? {
        result = ops::binary_op(BinOp::Mult, &result, &item)?;
    }
    Ok(result)
}

/// `hypot(*coordinates)`: the Euclidean norm.
pub(super) fn hypot(a: Args) -> Res<PyRef> {
    if !a.keywords.is_empty() {
        return type_error("math.hypot() takes no keyword arguments");
    }
    let mut coordinates = Vec::with_capacity(a.positional.len());
    for item in &a.positional {
        coordinates.push(to_double(item)?.abs());
    }
    Ok(rt::float(vector_norm(&coordinates)))
}

/// `dist(p, q)`: the Euclidean distance between two points of the same dimension.
pub(super) fn dist(a: Args) -> Res<PyRef> {
    let args = positional(&a, 2, 2)?;
    let p = as_tuple_items(&args[0])?;
    let q = as_tuple_items(&args[1])?;
    if p.len() != q.len() {
        return raise(ExcKind::ValueError, "both points must have the same number of dimensions");
    }
    let mut differences = Vec::with_capacity(p.len());
    for (x, y) in p.iter().zip(&q) {
        let (x, y) = (to_double(x)?, to_double(y)?);
        differences.push((x - y).abs());
    }
    Ok(rt::float(vector_norm(&differences)))
}

/// A point's coordinates: a tuple's items, or any iterable's (as `tuple(p)`).
fn as_tuple_items(point: &PyRef) -> Res<Vec<PyRef>> {
    match &point.kind {
        Kind::Tuple(items) => Ok(items.to_vec()),
        _ => ops::to_vec(point),
    }
}

/// CPython's `vector_norm` of absolute values: scaled by a power of two (lossless), each
/// square split exactly (Veltkamp–Dekker) and summed with compensation, then the square root
/// corrected by one differential step.
fn vector_norm(values: &[f64]) -> f64 {
    const T27: f64 = 134217729.0; // 2**27 + 1
    let mut max = 0.0f64;
    let mut found_nan = false;
    for &x in values {
        found_nan |= x.is_nan();
        if x > max {
            max = x;
        }
    }
    if max.is_infinite() {
        return max;
    }
    if found_nan {
        return f64::NAN;
    }
    if max == 0.0 || values.len() <= 1 {
        return max;
    }
    let (_, max_e) = super::special::frexp(max);
    let (mut csum, mut frac1, mut frac2, mut frac3) = (1.0f64, 0.0f64, 0.0f64, 0.0f64);
    if max_e < -1023 {
        // The scale 2**-max_e would overflow: divide by the largest instead.
        for &x in values {
            let x = x / max;
            let x = x * x;
            let old = csum;
            csum += x;
            frac1 += (old - csum) + x;
        }
        return max * (csum - 1.0 + frac1).sqrt();
    }
    let scale = super::special::ldexp(1.0, -max_e);
    let split = |x: f64| {
        let t = x * T27;
        let hi = t - (t - x);
        (hi, x - hi)
    };
    let add = |term: f64, fraction: &mut f64, csum: &mut f64| {
        let old = *csum;
        *csum += term;
        *fraction += (old - *csum) + term;
    };
    for &x in values {
        let (hi, lo) = split(x * scale);
        add(hi * hi, &mut frac1, &mut csum);
        add(2.0 * hi * lo, &mut frac2, &mut csum);
        frac3 += lo * lo;
    }
    let h = (csum - 1.0 + (frac1 + frac2 + frac3)).sqrt();
    let (hi, lo) = split(h);
    add(-hi * hi, &mut frac1, &mut csum);
    add(-2.0 * hi * lo, &mut frac2, &mut csum);
    add(-lo * lo, &mut frac3, &mut csum);
    let x = csum - 1.0 + (frac1 + frac2 + frac3);
    (h + x / (2.0 * h)) / scale
}
