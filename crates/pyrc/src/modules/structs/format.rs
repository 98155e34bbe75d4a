//! Struct format strings (CPython's `Modules/_struct.c`): parsing into items with their
//! sizes and offsets (native `@` alignment, `= < > !` standard sizes), and the byte-level
//! encodings of each code, half floats (`e`) included.

/// The byte order and size/alignment rule of a format (its first character).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Order {
    /// `@` (or none): native order, native sizes and alignment.
    Native,
    /// `=`: native order, standard sizes, no alignment.
    NativeStd,
    /// `<`: little-endian, standard sizes.
    Little,
    /// `>` and `!`: big-endian, standard sizes.
    Big,
}

impl Order {
    /// Whether values are stored little-endian.
    pub fn little(self) -> bool {
        match self {
            Order::Native | Order::NativeStd => cfg!(target_endian = "little"),
            Order::Little => true,
            Order::Big => false,
        }
    }
}

/// One run of a format code: `count` values (or, for `s`/`p`, one value of `count` bytes;
/// for `x`, `count` pad bytes) starting at `offset`, each `size` bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Item {
    pub code: u8,
    pub count: usize,
    pub size: usize,
    pub offset: usize,
}

impl Item {
    /// How many Python values this run packs or unpacks.
    pub fn values(&self) -> usize {
        match self.code {
            b's' | b'p' => 1,
            b'x' => 0,
            _ => self.count,
        }
    }
}

/// A parsed format: its text, order, items, total size and number of values.
#[derive(Clone, Debug, PartialEq)]
pub struct Format {
    /// The format as given (what `Struct.format` returns).
    pub text: Box<str>,
    pub order: Order,
    pub items: Vec<Item>,
    pub size: usize,
    pub values: usize,
}

/// The size of `code` under `order`, or `None` for a code the order does not have.
fn code_size(code: u8, order: Order) -> Option<usize> {
    let native = order == Order::Native;
    Some(match code {
        b'x' | b'c' | b'b' | b'B' | b'?' | b's' | b'p' => 1,
        b'h' | b'H' | b'e' => 2,
        b'i' | b'I' | b'f' => 4,
        b'l' | b'L' => {
            if native {
                std::mem::size_of::<std::ffi::c_long>()
            } else {
                4
            }
        }
        b'q' | b'Q' | b'd' => 8,
        b'n' | b'N' | b'P' if native => std::mem::size_of::<usize>(),
        _ => return None,
    })
}

/// Parses a format string; the error is `struct.error`'s message.
pub fn parse(format: &str) -> Result<Format, &'static str> {
    let bytes = format.as_bytes();
    let (order, mut i) = match bytes.first() {
        Some(b'@') => (Order::Native, 1),
        Some(b'=') => (Order::NativeStd, 1),
        Some(b'<') => (Order::Little, 1),
        Some(b'>') | Some(b'!') => (Order::Big, 1),
        _ => (Order::Native, 0),
    };
    let mut items = Vec::new();
    let mut size: usize = 0;
    let mut values = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let mut count = 1usize;
        if c.is_ascii_digit() {
            let mut n: usize = 0;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                n = n
                    .checked_mul(10)
                    .and_then(|n| n.checked_add(usize::from(bytes[i] - b'0')))
                    .ok_or("total struct size too long")?;
                i += 1;
            }
            if i >= bytes.len() {
                return Err("repeat count given without format specifier");
            }
            count = n;
        }
        let code = bytes[i];
        i += 1;
        let item_size = code_size(code, order).ok_or("bad char in struct format")?;
        if order == Order::Native && !matches!(code, b's' | b'p') && item_size > 1 {
            size = size
                .div_ceil(item_size)
                .checked_mul(item_size)
                .ok_or("total struct size too long")?;
        }
        items.push(Item { code, count, size: item_size, offset: size });
        let total = if matches!(code, b's' | b'p') {
            count
        } else {
            item_size.checked_mul(count).ok_or("total struct size too long")?
        };
        size = size.checked_add(total).ok_or("total struct size too long")?;
        if size > isize::MAX as usize {
            return Err("total struct size too long");
        }
        values += Item { code, count, size: item_size, offset: 0 }.values();
    }
    Ok(Format { text: format.into(), order, items, size, values })
}

/// Writes the low `size` bytes of `value` in the order's byte order.
pub fn put_int(out: &mut [u8], value: u64, size: usize, little: bool) {
    let le = value.to_le_bytes();
    for k in 0..size {
        let byte = le[k];
        if little {
            out[k] = byte;
        } else {
            out[size - 1 - k] = byte;
        }
    }
}

/// Reads a `size`-byte unsigned integer in the order's byte order.
pub fn get_uint(data: &[u8], size: usize, little: bool) -> u64 {
    let mut value: u64 = 0;
    for k in 0..size {
        let byte = if little { data[size - 1 - k] } else { data[k] };
        value = (value << 8) | u64::from(byte);
    }
    value
}

/// Reads a `size`-byte signed integer (sign-extended).
pub fn get_int(data: &[u8], size: usize, little: bool) -> i64 {
    let raw = get_uint(data, size, little);
    let shift = 64 - 8 * size as u32;
    ((raw << shift) as i64) >> shift
}

/// `f64` to IEEE 754 binary16 bits, rounding half to even (CPython's `PyFloat_Pack2`);
/// `None` when the value is finite but too large.
pub fn f64_to_half(x: f64) -> Option<u16> {
    let sign: u16 = if x.is_sign_negative() { 0x8000 } else { 0 };
    if x.is_nan() {
        return Some(sign | 0x7e00);
    }
    if x.is_infinite() {
        return Some(sign | 0x7c00);
    }
    let a = x.abs();
    if a == 0.0 {
        return Some(sign);
    }
    // Scale so that the value is an integer number of the smallest unit (2^-24), then round.
    let (mantissa, exponent) = frexp(a); // a = mantissa * 2^exponent, 0.5 <= mantissa < 1
    let mut e = exponent - 1; // a = (2*mantissa) * 2^e, 1 <= 2*mantissa < 2
    if e < -14 {
        // Subnormal: units of 2^-24.
        let scaled = a * 2f64.powi(24);
        let rounded = round_half_even(scaled);
        if rounded >= 1024.0 {
            return Some(sign | 0x0400); // rounds up into the smallest normal
        }
        return Some(sign | rounded as u16);
    }
    let mut bits = round_half_even((2.0 * mantissa - 1.0) * 1024.0);
    if bits >= 1024.0 {
        bits = 0.0;
        e += 1;
    }
    if e > 15 {
        return None;
    }
    Some(sign | (((e + 15) as u16) << 10) | bits as u16)
}

/// IEEE 754 binary16 bits to `f64`.
pub fn half_to_f64(bits: u16) -> f64 {
    let sign = if bits & 0x8000 != 0 { -1.0 } else { 1.0 };
    let exponent = i32::from((bits >> 10) & 0x1f);
    let fraction = f64::from(bits & 0x3ff);
    sign * match exponent {
        0 => fraction * 2f64.powi(-24),
        0x1f if fraction == 0.0 => f64::INFINITY,
        0x1f => f64::NAN,
        _ => (1.0 + fraction / 1024.0) * 2f64.powi(exponent - 15),
    }
}

fn round_half_even(x: f64) -> f64 {
    let floor = x.floor();
    let diff = x - floor;
    if diff > 0.5 || (diff == 0.5 && floor % 2.0 != 0.0) {
        floor + 1.0
    } else {
        floor
    }
}

fn frexp(x: f64) -> (f64, i32) {
    if x == 0.0 || !x.is_finite() {
        return (x, 0);
    }
    let bits = x.to_bits();
    let exponent = ((bits >> 52) & 0x7ff) as i32;
    if exponent == 0 {
        let (m, e) = frexp(x * 2f64.powi(64));
        return (m, e - 64);
    }
    let mantissa = f64::from_bits((bits & !(0x7ff << 52)) | (1022 << 52));
    (mantissa, exponent - 1022)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn native_alignment_and_standard_sizes() {
        assert_eq!(parse("@ci").unwrap().size, 8);
        assert_eq!(parse("=ci").unwrap().size, 5);
        assert_eq!(parse("@iq").unwrap().size, 16);
        assert_eq!(parse("@qi").unwrap().size, 12);
        assert_eq!(parse("3s2p").unwrap().size, 5);
        assert_eq!(parse("<l").unwrap().size, 4);
        assert_eq!(parse("<P"), Err("bad char in struct format"));
        assert_eq!(parse("i3"), Err("repeat count given without format specifier"));
        assert_eq!(parse(" 2i h ").unwrap().values, 3);
    }

    #[test]
    fn half_floats_round_half_to_even_and_overflow() {
        assert_eq!(f64_to_half(1.5), Some(0x3e00));
        assert_eq!(f64_to_half(65504.0), Some(0x7bff));
        assert_eq!(f64_to_half(65520.0), None);
        assert_eq!(f64_to_half(1e-8), Some(0));
        assert_eq!(f64_to_half(5.96e-8), Some(1));
        assert_eq!(f64_to_half(f64::NEG_INFINITY), Some(0xfc00));
        assert_eq!(half_to_f64(0x7c00), f64::INFINITY);
        assert_eq!(half_to_f64(0x3e00), 1.5);
        for bits in 0..0x7c00u16 {
            assert_eq!(f64_to_half(half_to_f64(bits)), Some(bits));
        }
    }

    #[test]
    fn integers_round_trip_in_both_orders() {
        let mut buffer = [0u8; 4];
        put_int(&mut buffer, (-2i64) as u64, 4, false);
        assert_eq!(buffer, [0xff, 0xff, 0xff, 0xfe]);
        assert_eq!(get_int(&buffer, 4, false), -2);
        put_int(&mut buffer, 0x01020304, 4, true);
        assert_eq!(buffer, [4, 3, 2, 1]);
        assert_eq!(get_uint(&buffer, 4, true), 0x01020304);
    }
}
