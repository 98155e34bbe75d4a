//! The native `binascii` module (CPython's `Modules/binascii.c`): hex, base64 (CPython's
//! lenient decoder and its `strict_mode`), uuencode, `crc32` and `crc_hqx`, with `Error` (a
//! `ValueError`) and `Incomplete`. `base64`, `uu` and `quopri`'s pure-Python parts use it.

use std::cell::RefCell;

use crate::object::error::{Exc, ExcInfo, Res};
use crate::object::exceptions::ExcKind;
use crate::object::native::Args;
use crate::object::runtime::{self as rt, type_error, value_error};
use crate::object::{alloc, Kind, PyRef};
use crate::types::{self, ops};

use super::{native, new_module};

thread_local! {
    /// `binascii.Error`, made with the module.
    static ERROR: RefCell<Option<PyRef>> = const { RefCell::new(None) };
}

/// Raises `binascii.Error(message)`.
fn error<T>(message: impl AsRef<str>) -> Res<T> {
    let class = ERROR.with(|e| e.borrow().clone());
    match class {
        Some(class) => {
            Err(ExcInfo::new(ops::call(&class, vec![rt::str(message.as_ref())], Vec::new())?))
        }
        None => value_error(message),
    }
}

fn bytes(data: Vec<u8>) -> PyRef {
    alloc(Kind::Bytes(data.into()))
}

/// A bytes-like argument (`b2a_*`, `crc32`...).
fn binary(value: &PyRef) -> Res<Vec<u8>> {
    ops::bytes_like(value).ok_or_else(|| ops::not_bytes_like(value))
}

/// The `TypeError` of an `a2b_*` argument that is neither bytes-like nor a str.
fn ascii_error(value: &PyRef) -> Exc {
    ExcInfo::new(rt::exception(
        ExcKind::TypeError,
        format!(
            "argument should be bytes, buffer or ASCII string, not '{}'",
            types::type_name(value)
        ),
    ))
}

/// An `a2b_*` argument: bytes-like, or a str of ASCII characters only.
fn ascii(value: &PyRef) -> Res<Vec<u8>> {
    if let Some(text) = crate::object::str_text(value) {
        if !text.is_ascii() {
            return value_error("string argument should contain only ASCII characters");
        }
        return Ok(text.as_bytes().to_vec());
    }
    ops::bytes_like(value).ok_or_else(|| ascii_error(value))
}

fn is_bytes_like(value: &PyRef) -> bool {
    matches!(value.kind, Kind::Bytes(_) | Kind::ByteArray(_))
}

fn bound(a: &Args, function: &str, names: &[&str], required: usize) -> Res<Vec<Option<PyRef>>> {
    if a.positional.len() > names.len() {
        return type_error(format!(
            "{function}() takes at most {} arguments ({} given)",
            names.len(),
            a.positional.len()
        ));
    }
    a.bind(function, names, required, &[])
}

// ---- hex ------------------------------------------------------------------------------------

fn hexlify(a: Args) -> Res<PyRef> {
    let values = bound(&a, a.name, &["data", "sep", "bytes_per_sep"], 1)?;
    let data = binary(values[0].as_ref().expect("required"))?;
    let sep = match &values[1] {
        None => None,
        Some(sep) => {
            let sep_bytes = match crate::object::str_text(sep) {
                Some(text) => text.as_bytes().to_vec(),
                None => binary(sep)?,
            };
            if sep_bytes.len() != 1 {
                return value_error("sep must be length 1.");
            }
            Some(sep_bytes[0])
        }
    };
    let per_sep = match &values[2] {
        Some(n) => ops::to_index(n)?,
        None => 1,
    };
    Ok(bytes(hex_with_separator(&data, sep, per_sep)))
}

/// Lower-case hex digits, with `sep` between groups of `per_sep` bytes counted from the
/// right (from the left when negative), as `bytes.hex`.
fn hex_with_separator(data: &[u8], sep: Option<u8>, per_sep: i64) -> Vec<u8> {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let group = per_sep.unsigned_abs() as usize;
    let mut out = Vec::with_capacity(data.len() * 3);
    for (i, byte) in data.iter().enumerate() {
        if let Some(sep) = sep {
            if group > 0 && i > 0 {
                let boundary = if per_sep > 0 {
                    (data.len() - i).is_multiple_of(group)
                } else {
                    i.is_multiple_of(group)
                };
                if boundary {
                    out.push(sep);
                }
            }
        }
        out.push(DIGITS[usize::from(byte >> 4)]);
        out.push(DIGITS[usize::from(byte & 15)]);
    }
    out
}

fn unhexlify(a: Args) -> Res<PyRef> {
    let values = bound(&a, a.name, &["hexstr"], 1)?;
    let data = ascii(values[0].as_ref().expect("required"))?;
    if data.len() % 2 != 0 {
        return error("Odd-length string");
    }
    let mut out = Vec::with_capacity(data.len() / 2);
    for pair in data.chunks(2) {
        let (Some(high), Some(low)) =
            ((pair[0] as char).to_digit(16), (pair[1] as char).to_digit(16))
        else {
            return error("Non-hexadecimal digit found");
        };
        out.push((high * 16 + low) as u8);
    }
    Ok(bytes(out))
}

// ---- base64 ---------------------------------------------------------------------------------

const BASE64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Each byte's value in the base64 alphabet, `NOT_BASE64` for the others: one load per
/// character.
const BASE64_VALUES: [u8; 256] = {
    let mut values = [NOT_BASE64; 256];
    let mut i = 0;
    while i < 64 {
        values[BASE64[i] as usize] = i as u8;
        i += 1;
    }
    values
};
const NOT_BASE64: u8 = 0xff;

fn b2a_base64(a: Args) -> Res<PyRef> {
    if a.positional.len() > 1 {
        return type_error(format!(
            "b2a_base64() takes exactly 1 positional argument ({} given)",
            a.positional.len()
        ));
    }
    let values = a.bind("b2a_base64", &["data", "newline"], 1, &[])?;
    let data = values[0].as_ref().expect("required");
    if !is_bytes_like(data) {
        return Err(ops::not_bytes_like(data));
    }
    let newline = match &values[1] {
        Some(flag) => ops::truthy(flag)?,
        None => true,
    };
    let encoded = ops::with_bytes_like(data, |data| encode_base64(data, newline))
        .ok_or_else(|| ops::not_bytes_like(data))?;
    Ok(bytes(encoded))
}

fn encode_base64(data: &[u8], newline: bool) -> Vec<u8> {
    let sextet = |n: u32, shift: u32| BASE64[(n >> shift) as usize & 63];
    let mut out = Vec::with_capacity(data.len().div_ceil(3) * 4 + 1);
    let chunks = data.chunks_exact(3);
    let rest = chunks.remainder();
    for chunk in chunks {
        let n = (u32::from(chunk[0]) << 16) | (u32::from(chunk[1]) << 8) | u32::from(chunk[2]);
        out.extend_from_slice(&[sextet(n, 18), sextet(n, 12), sextet(n, 6), sextet(n, 0)]);
    }
    if !rest.is_empty() {
        let second = rest.get(1).copied();
        let n = (u32::from(rest[0]) << 16) | (u32::from(second.unwrap_or(0)) << 8);
        let third = if second.is_some() { sextet(n, 6) } else { b'=' };
        out.extend_from_slice(&[sextet(n, 18), sextet(n, 12), third, b'=']);
    }
    if newline {
        out.push(b'\n');
    }
    out
}

/// CPython's `binascii_a2b_base64_impl`: characters outside the alphabet are skipped (an
/// error in strict mode), and the first complete padding ends the data.
fn a2b_base64(a: Args) -> Res<PyRef> {
    if a.positional.len() > 1 {
        return type_error(format!(
            "a2b_base64() takes exactly 1 positional argument ({} given)",
            a.positional.len()
        ));
    }
    let values = a.bind("a2b_base64", &["data", "strict_mode"], 1, &[])?;
    let data = values[0].as_ref().expect("required");
    match crate::object::str_text(data) {
        Some(text) if !text.is_ascii() => {
            return value_error("string argument should contain only ASCII characters")
        }
        None if !is_bytes_like(data) => return Err(ascii_error(data)),
        _ => {}
    }
    let strict = match &values[1] {
        Some(flag) => ops::truthy(flag)?,
        None => false,
    };
    let decoded = match crate::object::str_text(data) {
        Some(text) => decode_base64(text.as_bytes(), strict),
        None => ops::with_bytes_like(data, |data| decode_base64(data, strict))
            .ok_or_else(|| ascii_error(data))?,
    };
    match decoded {
        Ok(decoded) => Ok(bytes(decoded)),
        Err(message) => error(message),
    }
}

/// The decoding of [`a2b_base64`], or the message of its `binascii.Error` (raised by the
/// caller, once no buffer is borrowed).
fn decode_base64(data: &[u8], strict: bool) -> Result<Vec<u8>, String> {
    if strict && data.first() == Some(&b'=') {
        return Err("Leading padding not allowed".into());
    }
    let mut out = Vec::with_capacity(data.len() / 4 * 3);
    let (mut quad_pos, mut left, mut pads, mut padding_started) = (0u8, 0u8, 0usize, false);
    let mut chars = 0usize;
    let mut i = 0;
    while i < data.len() {
        // Whole quads of alphabet characters, the bulk of any input, four at a time.
        if quad_pos == 0 && !padding_started {
            if let Some(&[a, b, c, d]) = data.get(i..i + 4) {
                let v = [a, b, c, d].map(|c| BASE64_VALUES[usize::from(c)]);
                if v.iter().all(|&v| v != NOT_BASE64) {
                    let n = (u32::from(v[0]) << 18)
                        | (u32::from(v[1]) << 12)
                        | (u32::from(v[2]) << 6)
                        | u32::from(v[3]);
                    out.extend_from_slice(&[(n >> 16) as u8, (n >> 8) as u8, n as u8]);
                    chars += 4;
                    pads = 0;
                    i += 4;
                    continue;
                }
            }
        }
        let c = data[i];
        i += 1;
        if c == b'=' {
            padding_started = true;
            if quad_pos >= 2 {
                pads += 1;
                if usize::from(quad_pos) + pads >= 4 {
                    if strict && i < data.len() {
                        return Err("Excess data after padding".into());
                    }
                    return Ok(out);
                }
            }
            continue;
        }
        let value = BASE64_VALUES[usize::from(c)];
        if value == NOT_BASE64 {
            if strict {
                return Err("Only base64 data is allowed".into());
            }
            continue;
        }
        if strict && padding_started {
            return Err("Discontinuous padding not allowed".into());
        }
        pads = 0;
        chars += 1;
        match quad_pos {
            0 => {
                quad_pos = 1;
                left = value;
            }
            1 => {
                quad_pos = 2;
                out.push((left << 2) | (value >> 4));
                left = value & 0x0f;
            }
            2 => {
                quad_pos = 3;
                out.push((left << 4) | (value >> 2));
                left = value & 0x03;
            }
            _ => {
                quad_pos = 0;
                out.push((left << 6) | value);
                left = 0;
            }
        }
    }
    match quad_pos {
        0 => Ok(out),
        1 => Err(format!(
            "Invalid base64-encoded string: number of data characters ({chars}) cannot be 1 more than a multiple of 4"
        )),
        _ => Err("Incorrect padding".into()),
    }
}

// ---- uuencode -------------------------------------------------------------------------------

fn b2a_uu(a: Args) -> Res<PyRef> {
    if a.positional.len() > 1 {
        return type_error(format!(
            "b2a_uu() takes exactly 1 positional argument ({} given)",
            a.positional.len()
        ));
    }
    let values = a.bind("b2a_uu", &["data", "backtick"], 1, &[])?;
    let data = binary(values[0].as_ref().expect("required"))?;
    let backtick = match &values[1] {
        Some(flag) => ops::truthy(flag)?,
        None => false,
    };
    if data.len() > 45 {
        return error("At most 45 bytes at once");
    }
    let encode = |v: u8| if backtick && v == 0 { b'`' } else { b' ' + v };
    let mut out = vec![encode(data.len() as u8)];
    for chunk in data.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for shift in [18, 12, 6, 0] {
            out.push(encode(((n >> shift) & 63) as u8));
        }
    }
    out.push(b'\n');
    Ok(bytes(out))
}

fn a2b_uu(a: Args) -> Res<PyRef> {
    a.arity("a2b_uu", 1, 1)?;
    let data = ascii(&a.arg(0))?;
    let Some((&first, rest)) = data.split_first() else {
        return Ok(bytes(vec![0; 32]));
    };
    let length = usize::from(first.wrapping_sub(b' ') & 0x3f);
    let mut out = Vec::with_capacity(length);
    let mut bits: u32 = 0;
    let mut count = 0;
    let mut i = 0;
    while out.len() < length {
        let c = rest.get(i).copied().unwrap_or(b' ');
        i += 1;
        let value = if c == b'\n' || c == b'\r' || i > rest.len() {
            0
        } else if !(b' '..=b' ' + 64).contains(&c) {
            return error("Illegal char");
        } else {
            (c - b' ') & 0x3f
        };
        bits = (bits << 6) | u32::from(value);
        count += 6;
        if count >= 8 {
            count -= 8;
            out.push((bits >> count) as u8);
            bits &= (1 << count) - 1;
        }
    }
    // What follows the data may only be blanks, backquotes, line ends or padding.
    for &c in rest.iter().skip(i) {
        if !matches!(c, b' ' | b'`' | b'\n' | b'\r') && !(b' '..=b' ' + 64).contains(&c) {
            return error("Trailing garbage");
        }
    }
    Ok(bytes(out))
}

// ---- checksums ------------------------------------------------------------------------------

/// zlib's CRC-32 (polynomial 0xEDB88320, reflected), continuing from `crc`.
pub fn crc32_update(crc: u32, data: &[u8]) -> u32 {
    static TABLE: std::sync::OnceLock<[u32; 256]> = std::sync::OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let mut table = [0u32; 256];
        for (i, entry) in table.iter_mut().enumerate() {
            let mut c = i as u32;
            for _ in 0..8 {
                c = if c & 1 != 0 { 0xEDB8_8320 ^ (c >> 1) } else { c >> 1 };
            }
            *entry = c;
        }
        table
    });
    let mut c = !crc;
    for &byte in data {
        c = table[((c ^ u32::from(byte)) & 0xff) as usize] ^ (c >> 8);
    }
    !c
}

fn crc32(a: Args) -> Res<PyRef> {
    a.arity("crc32", 1, 2)?;
    let data = binary(&a.arg(0))?;
    let start = match a.positional.get(1) {
        Some(crc) => ops::to_bigint(crc).map(|n| n & num_bigint::BigInt::from(u32::MAX)),
        None => Some(num_bigint::BigInt::from(0)),
    };
    let Some(start) = start.and_then(|n| u32::try_from(n).ok()) else {
        return type_error("'float' object cannot be interpreted as an integer");
    };
    Ok(rt::int(i64::from(crc32_update(start, &data))))
}

/// CRC-CCITT (polynomial 0x1021, not reflected), continuing from `crc`.
fn crc_hqx(a: Args) -> Res<PyRef> {
    a.arity("crc_hqx", 2, 2)?;
    let data = binary(&a.arg(0))?;
    let Some(start) = ops::to_bigint(&a.arg(1)) else {
        return type_error(format!(
            "'{}' object cannot be interpreted as an integer",
            types::type_name(&a.arg(1))
        ));
    };
    let mut crc = u16::try_from(start & num_bigint::BigInt::from(0xffff)).unwrap_or(0);
    for &byte in &data {
        crc ^= u16::from(byte) << 8;
        for _ in 0..8 {
            crc = if crc & 0x8000 != 0 { (crc << 1) ^ 0x1021 } else { crc << 1 };
        }
    }
    Ok(rt::int(i64::from(crc)))
}

/// `import binascii`.
pub fn binascii_module() -> PyRef {
    let make = |name: &str, base: ExcKind| {
        let namespace = rt::new_dict();
        rt::dict_set_str(&namespace, "__module__", rt::str("binascii"));
        types::new_class(name, vec![rt::exception_class(base)], namespace, None).expect("one base")
    };
    let error_class = make("Error", ExcKind::ValueError);
    ERROR.with(|e| *e.borrow_mut() = Some(error_class.clone()));
    new_module(
        "binascii",
        vec![
            ("Error", error_class),
            ("Incomplete", make("Incomplete", ExcKind::Exception)),
            ("hexlify", native("hexlify", hexlify)),
            ("b2a_hex", native("b2a_hex", hexlify)),
            ("unhexlify", native("unhexlify", unhexlify)),
            ("a2b_hex", native("a2b_hex", unhexlify)),
            ("b2a_base64", native("b2a_base64", b2a_base64)),
            ("a2b_base64", native("a2b_base64", a2b_base64)),
            ("b2a_uu", native("b2a_uu", b2a_uu)),
            ("a2b_uu", native("a2b_uu", a2b_uu)),
            ("crc32", native("crc32", crc32)),
            ("crc_hqx", native("crc_hqx", crc_hqx)),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc32_matches_zlib_check_values() {
        assert_eq!(crc32_update(0, b"123456789"), 0xCBF4_3926);
        assert_eq!(crc32_update(crc32_update(0, b"12345"), b"6789"), 0xCBF4_3926);
        assert_eq!(crc32_update(0, b""), 0);
    }

    #[test]
    fn hex_separators_group_from_the_right_or_left() {
        assert_eq!(hex_with_separator(b"\x01\x02\x03", Some(b':'), 2), b"01:0203");
        assert_eq!(hex_with_separator(b"\x01\x02\x03", Some(b':'), -2), b"0102:03");
        assert_eq!(hex_with_separator(b"\xab", None, 1), b"ab");
    }
}
