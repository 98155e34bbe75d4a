//! Python values to and from the bytes of a parsed format (CPython's `s_pack_internal` and
//! `s_unpack_internal` with the `np_*`/`bp_*`/`lp_*` converters): range checks and messages as
//! CPython's, ints converted without a big integer unless they need one.

use num_traits::ToPrimitive;

use crate::object::error::Res;
use crate::object::exceptions::ExcKind;
use crate::object::int::Int;
use crate::object::runtime::{self as rt, raise};
use crate::object::{alloc, Kind, PyRef};
use crate::types::ops;

use super::error;
use super::format::{self, Format, Item, Order};

/// An integer argument (ints, bools, objects with `__index__`), as CPython's `get_pylong`;
/// `None` when it lies outside `i128` (every code refuses such a value).
fn integer(value: &PyRef) -> Res<Option<i128>> {
    // The common case first: a small int is packed without making a big integer.
    match &value.kind {
        Kind::Int(Int::Small(v)) => return Ok(Some(i128::from(*v))),
        Kind::Bool(b) => return Ok(Some(i128::from(*b))),
        _ => {}
    }
    if let Some(n) = ops::to_bigint(value) {
        return Ok(n.to_i128());
    }
    if matches!(value.kind, Kind::Instance(_) | Kind::Extended(_))
        && ops::lookup_special(value, "__index__").is_some()
    {
        let index = ops::call_special(value, "__index__", Vec::new())?.unwrap_or_else(rt::none);
        if let Some(n) = ops::to_bigint(&index) {
            return Ok(n.to_i128());
        }
    }
    error("required argument is not an integer")
}

/// Encodes one integer of `item`'s code with CPython's range checks and messages.
fn pack_integer(item: &Item, value: &PyRef, order: Order, out: &mut [u8]) -> Res<()> {
    let n = integer(value)?;
    let code = item.code;
    let signed = matches!(code, b'b' | b'h' | b'i' | b'l' | b'q' | b'n');
    // b/B/h/H are read as C longs first (so -1 for 'B' gets the range message); the other
    // unsigned codes as unsigned values (a negative one is "out of range").
    let small = matches!(code, b'b' | b'B' | b'h' | b'H');
    let raw: u64 = if code == b'P' {
        match n.and_then(|n| i64::try_from(n).map(|v| v as u64).or_else(|_| u64::try_from(n)).ok())
        {
            Some(v) => v,
            None => return error("int too large to convert"),
        }
    } else if signed || small {
        let Some(v) = n.and_then(|n| i64::try_from(n).ok()) else {
            return error("argument out of range");
        };
        let bits = 8 * item.size as u32;
        let (low, high) = if signed {
            (-(1i128 << (bits - 1)), (1i128 << (bits - 1)) - 1)
        } else {
            (0, (1i128 << bits) - 1)
        };
        if i128::from(v) < low || i128::from(v) > high {
            return error(match code {
                b'b' => "byte format requires -128 <= number <= 127".to_string(),
                b'B' => "ubyte format requires 0 <= number <= 255".to_string(),
                b'h' => "short format requires -32768 <= number <= 32767".to_string(),
                b'H' => "ushort format requires 0 <= number <= 65535".to_string(),
                _ if item.size == 8 => "argument out of range".to_string(),
                _ => format!("'{}' format requires {low} <= number <= {high}", code as char),
            });
        }
        v as u64
    } else {
        // Negative, or beyond 64 bits.
        let Some(v) = n.and_then(|n| u64::try_from(n).ok()) else {
            return error("argument out of range");
        };
        if item.size < 8 && v >> (8 * item.size) != 0 {
            let high = (1u64 << (8 * item.size)) - 1;
            return error(format!("'{}' format requires 0 <= number <= {high}", code as char));
        }
        v
    };
    format::put_int(out, raw, item.size, order.little());
    Ok(())
}

/// A float argument (floats and anything with `__float__` or `__index__`).
fn float(value: &PyRef) -> Res<f64> {
    let convertible = match &value.kind {
        Kind::Float(_) | Kind::Int(_) | Kind::Bool(_) => true,
        Kind::Instance(_) | Kind::Extended(_) => {
            ops::lookup_special(value, "__float__").is_some()
                || ops::lookup_special(value, "__index__").is_some()
        }
        _ => false,
    };
    if !convertible {
        return error("required argument is not a float");
    }
    ops::to_f64(value)
}

/// Packs `values` by `format` into `out` (which is `format.size` bytes).
pub(super) fn pack_values(format: &Format, values: &[PyRef], out: &mut [u8]) -> Res<()> {
    let mut next = values.iter();
    let little = format.order.little();
    for item in &format.items {
        match item.code {
            b'x' => {}
            b's' | b'p' => {
                let value = next.next().expect("counted");
                let field = &mut out[item.offset..item.offset + item.count];
                let code = item.code;
                let packed = ops::with_bytes_like(value, |data| {
                    if code == b's' {
                        let n = data.len().min(field.len());
                        field[..n].copy_from_slice(&data[..n]);
                    } else if !field.is_empty() {
                        let n = data.len().min(field.len() - 1).min(255);
                        field[0] = n as u8;
                        field[1..=n].copy_from_slice(&data[..n]);
                    }
                });
                if packed.is_none() {
                    return error(format!(
                        "argument for '{}' must be a bytes object",
                        item.code as char
                    ));
                }
            }
            _ => {
                for k in 0..item.count {
                    let value = next.next().expect("counted");
                    let at = item.offset + k * item.size;
                    let slot = &mut out[at..at + item.size];
                    match item.code {
                        b'c' => match &value.kind {
                            Kind::Bytes(b) if b.len() == 1 => slot[0] = b[0],
                            _ => return error("char format requires a bytes object of length 1"),
                        },
                        b'?' => slot[0] = u8::from(ops::truthy(value)?),
                        b'e' => {
                            let Some(bits) = format::f64_to_half(float(value)?) else {
                                return raise(
                                    ExcKind::OverflowError,
                                    "float too large to pack with e format",
                                );
                            };
                            format::put_int(slot, u64::from(bits), 2, little);
                        }
                        b'f' => {
                            let x = float(value)?;
                            let narrow = x as f32;
                            if narrow.is_infinite()
                                && x.is_finite()
                                && format.order != Order::Native
                            {
                                return raise(
                                    ExcKind::OverflowError,
                                    "float too large to pack with f format",
                                );
                            }
                            format::put_int(slot, u64::from(narrow.to_bits()), 4, little);
                        }
                        b'd' => format::put_int(slot, float(value)?.to_bits(), 8, little),
                        _ => pack_integer(item, value, format.order, slot)?,
                    }
                }
            }
        }
    }
    Ok(())
}

/// `format` packed from `values` into a new `bytes` (the caller checked their number).
pub(super) fn pack_to_bytes(format: &Format, values: &[PyRef]) -> Res<PyRef> {
    let mut out = vec![0u8; format.size];
    pack_values(format, values, &mut out)?;
    Ok(alloc(Kind::Bytes(out.into())))
}

/// Unpacks `data` (exactly `format.size` bytes) into a tuple.
pub(super) fn unpack_values(format: &Format, data: &[u8]) -> PyRef {
    let little = format.order.little();
    let mut values = Vec::with_capacity(format.values);
    for item in &format.items {
        match item.code {
            b'x' => {}
            b's' => values.push(bytes(&data[item.offset..item.offset + item.count])),
            b'p' => {
                if item.count == 0 {
                    values.push(bytes(&[]));
                } else {
                    let n = usize::from(data[item.offset]).min(item.count - 1);
                    values.push(bytes(&data[item.offset + 1..item.offset + 1 + n]));
                }
            }
            _ => {
                for k in 0..item.count {
                    let at = item.offset + k * item.size;
                    let slot = &data[at..at + item.size];
                    values.push(match item.code {
                        b'c' => bytes(slot),
                        b'?' => rt::boolean(slot[0] != 0),
                        b'e' => {
                            rt::float(format::half_to_f64(format::get_uint(slot, 2, little) as u16))
                        }
                        b'f' => rt::float(f64::from(f32::from_bits(
                            format::get_uint(slot, 4, little) as u32,
                        ))),
                        b'd' => rt::float(f64::from_bits(format::get_uint(slot, 8, little))),
                        b'b' | b'h' | b'i' | b'l' | b'q' | b'n' => {
                            rt::int(format::get_int(slot, item.size, little))
                        }
                        _ => {
                            let v = format::get_uint(slot, item.size, little);
                            match i64::try_from(v) {
                                Ok(v) => rt::int(v),
                                Err(_) => rt::int(Int::from(num_bigint::BigInt::from(v))),
                            }
                        }
                    });
                }
            }
        }
    }
    rt::tuple(values)
}

fn bytes(data: &[u8]) -> PyRef {
    alloc(Kind::Bytes(data.into()))
}
