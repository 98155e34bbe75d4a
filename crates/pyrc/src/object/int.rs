//! The storage of `int`: a machine word while the value fits in 64 bits, a boxed `BigInt`
//! beyond (CPython stores one 30-bit digit inline for small values too). No heap allocation
//! for the ints programs mostly use, and the `int` object stays 16 bytes inside `Kind`.

use std::borrow::Cow;
use std::fmt;

use num_bigint::BigInt;
use num_traits::{Signed, ToPrimitive, Zero};

/// An `int` value. Invariant: `Big` only holds values outside `i64`'s range, so equal values
/// have equal representations.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Int {
    Small(i64),
    Big(Box<BigInt>),
}

impl Int {
    /// The value, normalized: `Small` whenever it fits.
    pub fn from_big(value: BigInt) -> Int {
        match i64::try_from(&value) {
            Ok(small) => Int::Small(small),
            Err(_) => Int::Big(Box::new(value)),
        }
    }

    /// The value as a `BigInt` (allocates for `Small`).
    pub fn to_big(&self) -> BigInt {
        match self {
            Int::Small(small) => BigInt::from(*small),
            Int::Big(big) => (**big).clone(),
        }
    }

    /// The value as a `BigInt`, borrowed when it already is one.
    pub fn as_big(&self) -> Cow<'_, BigInt> {
        match self {
            Int::Small(small) => Cow::Owned(BigInt::from(*small)),
            Int::Big(big) => Cow::Borrowed(big),
        }
    }

    pub fn to_i64(&self) -> Option<i64> {
        match self {
            Int::Small(small) => Some(*small),
            Int::Big(_) => None,
        }
    }

    pub fn to_usize(&self) -> Option<usize> {
        match self {
            Int::Small(small) => usize::try_from(*small).ok(),
            Int::Big(big) => big.to_usize(),
        }
    }

    pub fn is_negative(&self) -> bool {
        match self {
            Int::Small(small) => *small < 0,
            Int::Big(big) => big.is_negative(),
        }
    }

    pub fn is_zero(&self) -> bool {
        match self {
            Int::Small(small) => *small == 0,
            Int::Big(big) => big.is_zero(),
        }
    }
}

impl fmt::Display for Int {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Int::Small(small) => fmt::Display::fmt(small, f),
            Int::Big(big) => fmt::Display::fmt(big, f),
        }
    }
}

impl From<BigInt> for Int {
    fn from(value: BigInt) -> Int {
        Int::from_big(value)
    }
}

macro_rules! from_primitive {
    ($($t:ty),*) => {$(
        impl From<$t> for Int {
            #[inline]
            fn from(value: $t) -> Int {
                match i64::try_from(value) {
                    Ok(small) => Int::Small(small),
                    Err(_) => Int::Big(Box::new(BigInt::from(value))),
                }
            }
        }
    )*};
}

from_primitive!(i8, i16, i32, i64, i128, isize, u8, u16, u32, u64, u128, usize);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_that_fit_are_small_and_others_big() {
        assert!(matches!(Int::from(5u8), Int::Small(5)));
        assert!(matches!(Int::from(i64::MIN), Int::Small(i64::MIN)));
        assert!(matches!(Int::from(u64::MAX), Int::Big(_)));
        let big: BigInt = BigInt::from(i64::MAX) + 1;
        assert_eq!(Int::from_big(big.clone()).to_big(), big);
        assert_eq!(Int::from_big(big - 1i32), Int::Small(i64::MAX));
        assert_eq!(Int::from(-3i32).to_string(), "-3");
        assert_eq!(std::mem::size_of::<Int>(), 16);
    }
}

/// `x op y` for two ints that fit a machine word, when the result does too and the operator
/// is one whose machine result is Python's (floor division and modulo round toward negative
/// infinity); `None` sends the operation to the general path.
#[inline]
pub fn small_binary(op: crate::compile::ast::BinOp, x: i64, y: i64) -> Option<i64> {
    use crate::compile::ast::BinOp;
    match op {
        BinOp::Add => x.checked_add(y),
        BinOp::Sub => x.checked_sub(y),
        BinOp::Mult => x.checked_mul(y),
        BinOp::FloorDiv if y != 0 => {
            let quotient = x.checked_div(y)?;
            Some(if x % y != 0 && ((x < 0) != (y < 0)) { quotient - 1 } else { quotient })
        }
        BinOp::Mod if y != 0 => {
            // `i64::MIN % -1` overflows in the machine, but every value modulo -1 is 0.
            let remainder = if y == -1 { 0 } else { x % y };
            Some(if remainder != 0 && ((remainder < 0) != (y < 0)) {
                remainder + y
            } else {
                remainder
            })
        }
        BinOp::BitAnd => Some(x & y),
        BinOp::BitOr => Some(x | y),
        BinOp::BitXor => Some(x ^ y),
        _ => None,
    }
}

#[cfg(test)]
mod small_binary_tests {
    use super::*;
    use crate::compile::ast::BinOp;
    use num_integer::Integer;

    /// Against BigInt arithmetic with Python's floor semantics, on edge values.
    #[test]
    fn agrees_with_bigint_arithmetic() {
        let values =
            [0, 1, -1, 2, -2, 3, -3, 7, -7, i64::MAX, i64::MIN, i64::MAX - 1, i64::MIN + 1];
        for &x in &values {
            for &y in &values {
                let (bx, by) = (BigInt::from(x), BigInt::from(y));
                for op in [BinOp::Add, BinOp::Sub, BinOp::Mult, BinOp::FloorDiv, BinOp::Mod] {
                    let exact = match op {
                        BinOp::Add => Some(&bx + &by),
                        BinOp::Sub => Some(&bx - &by),
                        BinOp::Mult => Some(&bx * &by),
                        BinOp::FloorDiv => (y != 0).then(|| bx.div_floor(&by)),
                        _ => (y != 0).then(|| bx.mod_floor(&by)),
                    };
                    let fits = exact.as_ref().and_then(|e| i64::try_from(e).ok());
                    assert_eq!(small_binary(op, x, y), fits, "{x} {op:?} {y}");
                }
            }
        }
    }
}
