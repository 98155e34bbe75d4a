//! `float` methods.

use num_bigint::BigInt;
use num_traits::Zero;

use crate::object::exceptions::ExcKind;
use crate::object::native::MethodDef;
use crate::object::runtime::{self as rt, raise};
use crate::types::ops;

/// The methods of `float`.
pub const FLOAT_METHODS: &[MethodDef] = &[
    MethodDef {
        name: "as_integer_ratio",
        function: |a| {
            let value = ops::to_f64(&a.receiver())?;
            if !value.is_finite() {
                return raise(ExcKind::OverflowError, "cannot convert Infinity to integer ratio");
            }
            let (mut numerator, mut exponent) = (value, 0i32);
            while numerator.fract() != 0.0 {
                numerator *= 2.0;
                exponent += 1;
            }
            let numerator: BigInt =
                num_traits::FromPrimitive::from_f64(numerator).unwrap_or_else(BigInt::zero);
            let denominator = BigInt::from(1) << exponent as usize;
            let divisor = num_integer::Integer::gcd(&numerator, &denominator);
            let divisor = if divisor.is_zero() { BigInt::from(1) } else { divisor };
            Ok(rt::tuple(vec![rt::int(&numerator / &divisor), rt::int(&denominator / &divisor)]))
        },
    },
    MethodDef {
        name: "is_integer",
        function: |a| Ok(rt::boolean(ops::to_f64(&a.receiver())?.fract() == 0.0)),
    },
];
