//! `int` (and `bool`) methods.

use num_traits::Signed;

use crate::object::native::MethodDef;
use crate::object::runtime as rt;
use crate::types::ops;

/// The methods of `int` and `bool`.
pub const INT_METHODS: &[MethodDef] = &[
    MethodDef {
        name: "bit_count",
        function: |a| {
            let value = ops::to_bigint(&a.receiver()).expect("int");
            Ok(rt::int(value.abs().to_str_radix(2).matches('1').count() as i64))
        },
    },
    MethodDef {
        name: "bit_length",
        function: |a| {
            let value = ops::to_bigint(&a.receiver()).expect("int");
            Ok(rt::int(value.abs().bits() as i64))
        },
    },
    MethodDef { name: "to_bytes", function: to_bytes },
];

/// Whether a `byteorder` argument says little-endian.
fn little_endian(order: Option<&crate::object::PyRef>) -> crate::object::error::Res<bool> {
    match order.map(crate::object::str_text) {
        None | Some(Some("big")) => Ok(false),
        Some(Some("little")) => Ok(true),
        Some(Some(_)) => rt::value_error("byteorder must be either 'little' or 'big'"),
        Some(None) => rt::type_error("to_bytes() argument 'byteorder' must be str"),
    }
}

/// `int.to_bytes(length=1, byteorder='big', *, signed=False)`, with CPython's errors.
fn to_bytes(a: crate::object::native::Args) -> crate::object::error::Res<crate::object::PyRef> {
    use crate::object::exceptions::ExcKind;
    let value = ops::to_bigint(&a.receiver()).expect("int");
    a.arity("to_bytes", 0, 2)?;
    let values = a.bind("to_bytes", &["length", "byteorder"], 0, &["signed"])?;
    let length = match &values[0] {
        Some(length) => ops::to_index(length)?,
        None => 1,
    };
    if length < 0 {
        return rt::value_error("length argument must be non-negative");
    }
    let little = match values[1].as_ref().map(|o| crate::object::str_text(o).map(str::to_owned)) {
        None => false,
        Some(Some(order)) if order == "little" => true,
        Some(Some(order)) if order == "big" => false,
        Some(Some(_)) => return rt::value_error("byteorder must be either 'little' or 'big'"),
        Some(None) => return rt::type_error("to_bytes() argument 'byteorder' must be str"),
    };
    let signed = match a.keyword("signed") {
        Some(flag) => ops::truthy(&flag)?,
        None => false,
    };
    if value.is_negative() && !signed {
        return rt::raise(ExcKind::OverflowError, "can't convert negative int to unsigned");
    }
    let mut bytes = if signed { value.to_signed_bytes_le() } else { value.to_bytes_le().1 };
    if value.is_zero_value() {
        bytes.clear();
    }
    let length = length as usize;
    if bytes.len() > length {
        return rt::raise(ExcKind::OverflowError, "int too big to convert");
    }
    let fill = if value.is_negative() { 0xff } else { 0 };
    bytes.resize(length, fill);
    if !little {
        bytes.reverse();
    }
    Ok(crate::object::alloc(crate::object::Kind::Bytes(std::rc::Rc::from(bytes))))
}

/// Zero test without importing `Zero` into the table's closures.
trait IsZeroValue {
    fn is_zero_value(&self) -> bool;
}

impl IsZeroValue for num_bigint::BigInt {
    fn is_zero_value(&self) -> bool {
        num_traits::Zero::is_zero(self)
    }
}

/// `int.from_bytes(bytes, byteorder='big', *, signed=False)`.
pub fn from_bytes(
    a: crate::object::native::Args,
) -> crate::object::error::Res<crate::object::PyRef> {
    let values = a.bind("from_bytes", &["bytes", "byteorder"], 1, &["signed"])?;
    let source = values[0].clone().expect("required");
    let mut bytes = match ops::bytes_like(&source) {
        Some(bytes) => bytes,
        None => crate::types::construct::bytes_of_iterable(&source)?,
    };
    let little = little_endian(values[1].as_ref())?;
    let signed = match a.keyword("signed") {
        Some(flag) => ops::truthy(&flag)?,
        None => false,
    };
    if !little {
        bytes.reverse();
    }
    let value = if signed {
        num_bigint::BigInt::from_signed_bytes_le(&bytes)
    } else {
        num_bigint::BigInt::from_bytes_le(num_bigint::Sign::Plus, &bytes)
    };
    Ok(rt::int(crate::object::int::Int::from(value)))
}

/// `pow(base, exponent, modulus)` for ints, as CPython's `long_pow` with a modulus: the
/// result has the modulus's sign (it rounds like `%`); a negative exponent raises the modular
/// inverse of `base` to `-exponent`; `ValueError` for a zero modulus or a base with no
/// inverse. Never computes `base ** exponent` itself.
pub fn pow_mod(
    base: &num_bigint::BigInt,
    exponent: &num_bigint::BigInt,
    modulus: &num_bigint::BigInt,
) -> crate::object::error::Res<num_bigint::BigInt> {
    use num_integer::Integer;
    use num_traits::{One, Zero};
    if modulus.is_zero() {
        return rt::value_error("pow() 3rd argument cannot be 0");
    }
    let size = modulus.abs();
    let mut base = base.mod_floor(&size);
    let mut exponent = exponent.clone();
    if exponent.is_negative() {
        let extended = base.extended_gcd(&size);
        if !extended.gcd.is_one() {
            return rt::value_error("base is not invertible for the given modulus");
        }
        base = extended.x.mod_floor(&size);
        exponent = -exponent;
    }
    let result = base.modpow(&exponent, &size);
    // `modpow` with the positive modulus gives [0, |m|); Python's result takes m's sign.
    Ok(if modulus.is_negative() && !result.is_zero() { result + modulus } else { result })
}

#[cfg(test)]
mod tests {
    use num_bigint::BigInt;

    use super::*;

    fn pm(b: i64, e: i64, m: i64) -> Option<i64> {
        use num_traits::ToPrimitive;
        pow_mod(&BigInt::from(b), &BigInt::from(e), &BigInt::from(m))
            .ok()
            .map(|v| v.to_i64().unwrap())
    }

    /// Against a direct oracle: repeated multiplication, floor-mod, and a search for the
    /// inverse.
    #[test]
    fn pow_mod_matches_repeated_multiplication() {
        for m in [-13i64, -7, -1, 1, 2, 7, 12, 13] {
            for b in -20i64..20 {
                for e in -3i64..6 {
                    let base = if e < 0 {
                        match (0..m.abs()).find(|x| (b * x).rem_euclid(m.abs()) == 1 % m.abs()) {
                            Some(inverse) => inverse,
                            None => {
                                assert_eq!(pm(b, e, m), None, "pow({b}, {e}, {m})");
                                continue;
                            }
                        }
                    } else {
                        b
                    };
                    let mut expected = 1i64.rem_euclid(m.abs());
                    for _ in 0..e.abs() {
                        expected = (expected * base).rem_euclid(m.abs());
                    }
                    if m < 0 && expected != 0 {
                        expected += m;
                    }
                    assert_eq!(pm(b, e, m), Some(expected), "pow({b}, {e}, {m})");
                }
            }
        }
    }
}
