//! An array's items as machine values in one byte buffer (CPython's `arrayobject.c` keeps
//! `ob_item` the same way): reading and writing one item by typecode, with CPython's
//! conversions and range errors.

use num_traits::ToPrimitive;

use crate::object::error::Res;
use crate::object::exceptions::ExcKind;
use crate::object::runtime::{self as rt, raise, type_error};
use crate::object::{Kind, PyRef};
use crate::types::{self, ops};

/// The typecodes, in CPython's order (`array.typecodes`).
pub const TYPECODES: &str = "bBuhHiIlLqQfd";

/// The size in bytes of one item of `code`.
pub fn item_size(code: u8) -> usize {
    match code {
        b'b' | b'B' => 1,
        b'h' | b'H' => 2,
        b'u' | b'i' | b'I' | b'f' => 4,
        _ => 8,
    }
}

/// One item converted for storage, made before the array is borrowed (the conversion may
/// run Python code: `__index__`, `__float__`).
#[derive(Clone, Copy)]
pub enum Item {
    Int(i128),
    Float(f64),
    Char(u32),
}

/// Converts `value` for an array of `code`, with CPython's errors.
pub fn convert(code: u8, value: &PyRef) -> Res<Item> {
    match code {
        b'f' | b'd' => {
            let number = matches!(value.kind, Kind::Float(_) | Kind::Int(_) | Kind::Bool(_))
                || ops::lookup_special(value, "__float__").is_some()
                || ops::lookup_special(value, "__index__").is_some();
            if !number {
                return type_error(format!("must be real number, not {}", types::type_name(value)));
            }
            Ok(Item::Float(ops::to_f64(value)?))
        }
        b'u' => match crate::object::str_text(value) {
            Some(text) if text.chars().count() == 1 => {
                Ok(Item::Char(text.chars().next().expect("one char") as u32))
            }
            _ => type_error(format!(
                "array item must be unicode character, not {}",
                types::type_name(value)
            )),
        },
        _ => {
            if matches!(value.kind, Kind::Float(_)) {
                return type_error("'float' object cannot be interpreted as an integer");
            }
            let n = match ops::to_bigint(value) {
                Some(n) => n,
                None => {
                    let index = ops::to_index(value)?;
                    num_bigint::BigInt::from(index)
                }
            };
            let (low, high, name): (i128, i128, &str) = match code {
                b'b' => (i8::MIN.into(), i8::MAX.into(), "signed char"),
                b'B' => (0, u8::MAX.into(), "unsigned byte integer"),
                b'h' => (i16::MIN.into(), i16::MAX.into(), "signed short integer"),
                b'H' => (0, u16::MAX.into(), "unsigned short"),
                b'i' => (i32::MIN.into(), i32::MAX.into(), "signed integer"),
                b'I' => (0, u32::MAX.into(), "unsigned int"),
                b'l' | b'q' => (i64::MIN.into(), i64::MAX.into(), "signed long"),
                _ => (0, u64::MAX.into(), "unsigned long"),
            };
            let Some(v) = n.to_i128().filter(|v| (low..=high).contains(v)) else {
                let message = match code {
                    b'l' | b'q' => "Python int too large to convert to C long".to_string(),
                    b'L' | b'Q' if n.sign() == num_bigint::Sign::Minus => {
                        "unsigned long is less than minimum".to_string()
                    }
                    b'L' | b'Q' => "Python int too large to convert to C unsigned long".into(),
                    _ if n < num_bigint::BigInt::from(low) => {
                        format!("{name} is less than minimum")
                    }
                    _ => format!("{name} is greater than maximum"),
                };
                return raise(ExcKind::OverflowError, message);
            };
            Ok(Item::Int(v))
        }
    }
}

/// Writes `item` at `slot` (`item_size(code)` bytes, native order).
pub fn write(code: u8, slot: &mut [u8], item: Item) {
    match (code, item) {
        (b'f', Item::Float(x)) => slot.copy_from_slice(&(x as f32).to_ne_bytes()),
        (b'd', Item::Float(x)) => slot.copy_from_slice(&x.to_ne_bytes()),
        (b'u', Item::Char(c)) => slot.copy_from_slice(&c.to_ne_bytes()),
        (_, Item::Int(v)) => {
            let bytes = (v as u64).to_ne_bytes();
            let size = slot.len();
            if cfg!(target_endian = "little") {
                slot.copy_from_slice(&bytes[..size]);
            } else {
                slot.copy_from_slice(&bytes[8 - size..]);
            }
        }
        _ => {}
    }
}

/// The Python value of the item at `slot`.
pub fn read(code: u8, slot: &[u8]) -> PyRef {
    let mut raw = [0u8; 8];
    raw[..slot.len()].copy_from_slice(slot);
    match code {
        b'b' => rt::int(i64::from(slot[0] as i8)),
        b'B' => rt::int(i64::from(slot[0])),
        b'h' => rt::int(i64::from(i16::from_ne_bytes([slot[0], slot[1]]))),
        b'H' => rt::int(i64::from(u16::from_ne_bytes([slot[0], slot[1]]))),
        b'i' => rt::int(i64::from(i32::from_ne_bytes([slot[0], slot[1], slot[2], slot[3]]))),
        b'I' => rt::int(i64::from(u32::from_ne_bytes([slot[0], slot[1], slot[2], slot[3]]))),
        b'l' | b'q' => rt::int(i64::from_ne_bytes(raw)),
        b'f' => rt::float(f64::from(f32::from_ne_bytes([slot[0], slot[1], slot[2], slot[3]]))),
        b'd' => rt::float(f64::from_ne_bytes(raw)),
        b'u' => {
            let c = u32::from_ne_bytes([slot[0], slot[1], slot[2], slot[3]]);
            rt::str(char::from_u32(c).unwrap_or('\u{fffd}').to_string())
        }
        _ => {
            let v = u64::from_ne_bytes(raw);
            match i64::try_from(v) {
                Ok(v) => rt::int(v),
                Err(_) => rt::int(crate::object::int::Int::from(num_bigint::BigInt::from(v))),
            }
        }
    }
}
