//! What Rust's standard library lacks for `math`: the C library functions CPython calls
//! (its own cbrt, asinh, acosh, atanh are computed differently, and erf, erfc, ldexp,
//! nextafter are missing), `frexp` for floats and for ints of any size, and CPython's own gamma and lgamma
//! (a Lanczos approximation, `m_tgamma`/`m_lgamma`), so that results match CPython's bit
//! for bit.

use num_bigint::BigInt;
use num_traits::ToPrimitive;

use crate::object::error::Res;

use super::{domain_error, range_error};

// SAFETY: these are the C library's (libm's) pure functions on doubles, declared with their
// C signatures: they read no memory, keep no state and are defined for every argument, so
// calling them cannot cause undefined behaviour. Rust's standard library already links libm.
unsafe extern "C" {
    // `cbrtf64` is glibc's other name for its `cbrt`: the plain name is taken by the copy
    // (correctly rounded, unlike glibc's) that Rust's compiler-builtins links in.
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    #[link_name = "cbrtf64"]
    safe fn c_cbrt(x: f64) -> f64;
    #[link_name = "erf"]
    safe fn c_erf(x: f64) -> f64;
    #[link_name = "erfc"]
    safe fn c_erfc(x: f64) -> f64;
    #[link_name = "asinh"]
    safe fn c_asinh(x: f64) -> f64;
    #[link_name = "acosh"]
    safe fn c_acosh(x: f64) -> f64;
    #[link_name = "atanh"]
    safe fn c_atanh(x: f64) -> f64;
    #[link_name = "ldexp"]
    safe fn c_ldexp(x: f64, exponent: std::ffi::c_int) -> f64;
    #[link_name = "nextafter"]
    safe fn c_nextafter(x: f64, y: f64) -> f64;
}

/// The C library's `cbrt` (Rust's `f64::cbrt` is correctly rounded, glibc's is not always:
/// CPython prints glibc's).
pub(super) fn cbrt(x: f64) -> f64 {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    return c_cbrt(x);
    #[cfg(not(all(target_os = "linux", target_env = "gnu")))]
    return x.cbrt();
}

pub(super) fn erf(x: f64) -> f64 {
    c_erf(x)
}

pub(super) fn erfc(x: f64) -> f64 {
    c_erfc(x)
}

pub(super) fn asinh(x: f64) -> f64 {
    c_asinh(x)
}

pub(super) fn acosh(x: f64) -> f64 {
    c_acosh(x)
}

pub(super) fn atanh(x: f64) -> f64 {
    c_atanh(x)
}

pub(super) fn ldexp(x: f64, exponent: i32) -> f64 {
    c_ldexp(x, exponent)
}

pub(super) fn nextafter(x: f64, y: f64) -> f64 {
    c_nextafter(x, y)
}

/// `(m, e)` with `x == m * 2**e` and `0.5 <= |m| < 1`; `(x, 0)` for zeros, infinities, NaN.
pub(super) fn frexp(x: f64) -> (f64, i32) {
    if x == 0.0 || !x.is_finite() {
        return (x, 0);
    }
    let (x, bias) = if x.abs() < f64::MIN_POSITIVE {
        (x * 2f64.powi(54), -54) // a subnormal: normalize first
    } else {
        (x, 0)
    };
    let bits = x.to_bits();
    let exponent = ((bits >> 52) & 0x7ff) as i32 - 1022;
    let mantissa = f64::from_bits((bits & !(0x7ff << 52)) | (1022 << 52));
    (mantissa, exponent + bias)
}

/// CPython's `_PyLong_Frexp` for a positive int: `(m, e)` with the int about `m * 2**e`,
/// `m` correctly rounded (half to even) into `[0.5, 1)`.
pub(super) fn frexp_int(value: &BigInt) -> (f64, u64) {
    let bits = value.bits();
    let shift = bits.saturating_sub(64);
    let top: BigInt = value >> shift;
    let mut top = top.to_u64().unwrap_or(u64::MAX);
    if shift > 0 && value.trailing_zeros().is_some_and(|zeros| zeros < shift) {
        // A bit below the ones kept is set: a sticky bit far below the rounding position
        // makes the conversion round as the exact value would.
        top |= 1;
    }
    let (mantissa, exponent) = frexp(top as f64);
    (mantissa, exponent as u64 + shift)
}

// ---- gamma and lgamma: CPython's Lanczos approximation (N = 13, g = 6.0246800407767296) ---------

// The constants are written as CPython writes them (MPFR's digits), so that they read as the
// same doubles.
#[allow(clippy::excessive_precision)]
const LANCZOS_G: f64 = 6.024_680_040_776_729_583_740_234_375;
#[allow(clippy::excessive_precision)]
const LANCZOS_G_MINUS_HALF: f64 = 5.524_680_040_776_729_583_740_234_375;
#[allow(clippy::excessive_precision)]
const LANCZOS_NUM: [f64; 13] = [
    23531376880.410759688572007674451636754734846804940,
    42919803642.649098768957899047001988850926355848959,
    35711959237.355668049440185451547166705960488635843,
    17921034426.037209699919755754458931112671403265390,
    6039542586.3520280050642916443072979210699388420708,
    1439720407.3117216736632230727949123939715485786772,
    248874557.86205415651146038641322942321632125127801,
    31426415.585400194380614231628318205362874684987640,
    2876370.6289353724412254090516208496135991145378768,
    186056.26539522349504029498971604569928220784236328,
    8071.6720023658162106380029022722506138218516325024,
    210.82427775157934587250973392071336271166969580291,
    2.5066282746310002701649081771338373386264310793408,
];
/// The denominator `x*(x+1)*...*(x+11)` as a polynomial.
const LANCZOS_DEN: [f64; 13] = [
    0.0,
    39916800.0,
    120543840.0,
    150917976.0,
    105258076.0,
    45995730.0,
    13339535.0,
    2637558.0,
    357423.0,
    32670.0,
    1925.0,
    66.0,
    1.0,
];
/// `gamma(n)` for `n` in `1..=23`, exact.
const GAMMA_INTEGRAL: [f64; 23] = [
    1.0,
    1.0,
    2.0,
    6.0,
    24.0,
    120.0,
    720.0,
    5040.0,
    40320.0,
    362880.0,
    3628800.0,
    39916800.0,
    479001600.0,
    6227020800.0,
    87178291200.0,
    1307674368000.0,
    20922789888000.0,
    355687428096000.0,
    6402373705728000.0,
    121645100408832000.0,
    2432902008176640000.0,
    51090942171709440000.0,
    1124000727777607680000.0,
];
#[allow(clippy::excessive_precision)]
const LOG_PI: f64 = 1.144_729_885_849_400_174_143_427_351_353_058_711_647;

/// The Lanczos sum for positive `x`, as a rational function (in `1/x` past 5, which keeps
/// it from overflowing and is more accurate there).
fn lanczos_sum(x: f64) -> f64 {
    let (mut num, mut den) = (0.0, 0.0);
    if x < 5.0 {
        for i in (0..13).rev() {
            num = num * x + LANCZOS_NUM[i];
            den = den * x + LANCZOS_DEN[i];
        }
    } else {
        for i in 0..13 {
            num = num / x + LANCZOS_NUM[i];
            den = den / x + LANCZOS_DEN[i];
        }
    }
    num / den
}

/// `sin(pi * x)`, accurate for finite `x` near integers (the reflection formula needs it).
fn sin_pi(x: f64) -> f64 {
    use std::f64::consts::PI;
    let y = x.abs() % 2.0;
    let r = match (2.0 * y).round() as i32 {
        0 => (PI * y).sin(),
        1 => (PI * (y - 0.5)).cos(),
        2 => (PI * (1.0 - y)).sin(),
        3 => -(PI * (y - 1.5)).cos(),
        _ => (PI * (y - 2.0)).sin(),
    };
    1.0f64.copysign(x) * r
}

/// `math.gamma`: CPython's `m_tgamma` with its errors (poles and -inf: domain; overflow:
/// range).
pub(super) fn gamma(x: f64) -> Res<f64> {
    use std::f64::consts::PI;
    if !x.is_finite() {
        return if x.is_nan() || x > 0.0 { Ok(x) } else { domain_error() };
    }
    if x == 0.0 {
        return domain_error();
    }
    if x == x.floor() {
        if x < 0.0 {
            return domain_error();
        }
        if x <= 23.0 {
            return Ok(GAMMA_INTEGRAL[x as usize - 1]);
        }
    }
    let absx = x.abs();
    if absx < 1e-20 {
        let r = 1.0 / x;
        return if r.is_infinite() { range_error() } else { Ok(r) };
    }
    if absx > 200.0 {
        return if x < 0.0 { Ok(0.0 / sin_pi(x)) } else { range_error() };
    }
    let y = absx + LANCZOS_G_MINUS_HALF;
    // The rounding error of y, to correct the result with.
    let z = if absx > LANCZOS_G_MINUS_HALF {
        let q = y - absx;
        q - LANCZOS_G_MINUS_HALF
    } else {
        let q = y - LANCZOS_G_MINUS_HALF;
        q - absx
    };
    let z = z * LANCZOS_G / y;
    let r = if x < 0.0 {
        let mut r = -PI / sin_pi(absx) / absx * y.exp() / lanczos_sum(absx);
        r -= z * r;
        if absx < 140.0 {
            r /= y.powf(absx - 0.5);
        } else {
            let sqrtpow = y.powf(absx / 2.0 - 0.25);
            r /= sqrtpow;
            r /= sqrtpow;
        }
        r
    } else {
        let mut r = lanczos_sum(absx) / y.exp();
        r += z * r;
        if absx < 140.0 {
            r *= y.powf(absx - 0.5);
        } else {
            let sqrtpow = y.powf(absx / 2.0 - 0.25);
            r *= sqrtpow;
            r *= sqrtpow;
        }
        r
    };
    if r.is_infinite() {
        return range_error();
    }
    Ok(r)
}

/// `math.lgamma`: CPython's `m_lgamma` (log of the absolute value of gamma).
pub(super) fn lgamma(x: f64) -> Res<f64> {
    if !x.is_finite() {
        return Ok(if x.is_nan() { x } else { f64::INFINITY });
    }
    if x == x.floor() && x <= 2.0 {
        return if x <= 0.0 { domain_error() } else { Ok(0.0) };
    }
    let absx = x.abs();
    if absx < 1e-20 {
        return Ok(-absx.ln());
    }
    let mut r = lanczos_sum(absx).ln() - LANCZOS_G;
    r += (absx - 0.5) * ((absx + LANCZOS_G - 0.5).ln() - 1.0);
    if x < 0.0 {
        r = LOG_PI - sin_pi(absx).abs().ln() - absx.ln() - r;
    }
    if r.is_infinite() {
        return range_error();
    }
    Ok(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frexp_splits_normal_subnormal_and_special_values() {
        assert_eq!(frexp(8.0), (0.5, 4));
        assert_eq!(frexp(-3.0), (-0.75, 2));
        assert_eq!(frexp(5e-324), (0.5, -1073));
        assert_eq!(frexp(0.0), (0.0, 0));
        assert!(frexp(f64::NAN).0.is_nan());
    }

    #[test]
    fn frexp_int_rounds_half_to_even_with_the_bits_below() {
        // 2**64 + 2**11 is halfway between two floats: even rounds down...
        let halfway = (BigInt::from(1) << 64u32) + (BigInt::from(1) << 11u32);
        assert_eq!(frexp_int(&(halfway.clone() << 100u32)), (0.5, 165));
        // ...and one bit more, far below, rounds up.
        let above = (halfway << 100u32) + 1;
        assert_eq!(frexp_int(&above).0, 0.5 + f64::EPSILON / 2.0);
    }
}
