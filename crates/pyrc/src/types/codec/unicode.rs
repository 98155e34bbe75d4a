//! The Unicode codecs (UTF-8, UTF-16, UTF-32) and ASCII and Latin-1, as CPython's
//! `unicodeobject.c`: decoders take the `final` flag of incremental decoding (without it an
//! incomplete sequence at the end is left for the next call, and the count of bytes consumed
//! says where it starts), UTF-16 and UTF-32 read and write byte order marks, errors go through
//! [`super::errors`] with CPython's reasons.

use crate::object::error::Res;
use crate::object::PyRef;

use super::errors::{encode_with, Decoding, Encoding};

/// A decoder's result: the text and the number of bytes consumed.
pub(crate) type Decoded = (String, usize);

/// Byte order: little endian (-1), big endian (1), or undecided/native (0), as `_codecs`
/// numbers it.
pub(crate) type ByteOrder = i32;

/// Encodes `text` with a codec that maps every character up to `limit` to its code point in
/// one byte (ASCII: 0x7f, Latin-1: 0xff).
pub(crate) fn encode_byte_range(
    text: &str,
    object: Option<PyRef>,
    encoding: &str,
    errors: &str,
    limit: u32,
) -> Res<Vec<u8>> {
    if limit == 0x7f && text.is_ascii() {
        return Ok(text.as_bytes().to_vec());
    }
    let reason =
        if limit == 0x7f { "ordinal not in range(128)" } else { "ordinal not in range(256)" };
    let spec = Encoding { encoding, errors, reason, text, object };
    encode_with(spec, &mut |c, out| {
        let fits = c as u32 <= limit;
        if fits {
            out.push(c as u8);
        }
        Ok(fits)
    })
}

/// `latin_1_decode`: every byte is the code point of its value.
pub(crate) fn decode_latin_1(data: &[u8]) -> String {
    data.iter().map(|&b| b as char).collect()
}

/// `ascii_decode`.
pub(crate) fn decode_ascii(data: &[u8], object: Option<PyRef>, errors: &str) -> Res<String> {
    if data.is_ascii() {
        return Ok(std::str::from_utf8(data).expect("ASCII is UTF-8").to_string());
    }
    let mut state = Decoding { encoding: "ascii", errors, data, object };
    let mut out = String::with_capacity(data.len());
    let mut i = 0;
    while i < data.len() {
        if data[i] < 0x80 {
            out.push(data[i] as char);
            i += 1;
        } else {
            i = state.handle(&mut out, i, i + 1, "ordinal not in range(128)")?;
        }
    }
    Ok(out)
}

/// `utf_8_decode`: with `last` false an incomplete sequence at the end is not consumed.
pub(crate) fn decode_utf_8(
    data: &[u8],
    object: Option<PyRef>,
    errors: &str,
    last: bool,
) -> Res<Decoded> {
    let mut state = Decoding { encoding: "utf-8", errors, data, object };
    let mut out = String::with_capacity(data.len());
    let mut offset = 0;
    while offset < data.len() {
        let rest = &data[offset..];
        match std::str::from_utf8(rest) {
            Ok(valid) => {
                out.push_str(valid);
                offset = data.len();
            }
            Err(error) => {
                let good = error.valid_up_to();
                out.push_str(std::str::from_utf8(&rest[..good]).expect("the valid prefix"));
                let start = offset + good;
                let (end, reason) = match error.error_len() {
                    None if !last => return Ok((out, start)),
                    None => (data.len(), "unexpected end of data"),
                    Some(n) => (
                        start + n,
                        match data[start] {
                            0x80..=0xc1 | 0xf5..=0xff => "invalid start byte",
                            _ => "invalid continuation byte",
                        },
                    ),
                };
                offset = state.handle(&mut out, start, end, reason)?;
            }
        }
    }
    Ok((out, data.len()))
}

/// The byte order a BOM at the start of `data` gives, and its length, for a codec whose
/// code units are `unit` bytes long.
fn read_bom(data: &[u8], unit: usize) -> Option<(ByteOrder, usize)> {
    match (unit, data) {
        (2, [0xff, 0xfe, ..]) => Some((-1, 2)),
        (2, [0xfe, 0xff, ..]) => Some((1, 2)),
        (4, [0xff, 0xfe, 0, 0, ..]) => Some((-1, 4)),
        (4, [0, 0, 0xfe, 0xff, ..]) => Some((1, 4)),
        _ => None,
    }
}

/// The byte order to use: `order` if decided, else what a BOM says (consuming it), else
/// little endian, the native order of the machines pyrc runs on.
fn decide_order(data: &[u8], unit: usize, order: ByteOrder) -> (ByteOrder, ByteOrder, usize) {
    if order != 0 {
        return (order, order, 0);
    }
    match read_bom(data, unit) {
        Some((order, skip)) => (order, order, skip),
        None => (-1, 0, 0),
    }
}

/// `utf_16_ex_decode`: with `order` 0 a BOM decides the byte order (and is consumed); the
/// byte order found comes back (0 if none was).
pub(crate) fn decode_utf_16(
    data: &[u8],
    object: Option<PyRef>,
    errors: &str,
    order: ByteOrder,
    last: bool,
) -> Res<(String, usize, ByteOrder)> {
    let encoding = match order {
        -1 => "utf-16-le",
        1 => "utf-16-be",
        _ => "utf-16",
    };
    if order == 0 && data.len() < 2 && !last {
        // Not enough to see whether a BOM starts the data.
        return Ok((String::new(), 0, 0));
    }
    let (use_order, found, mut q) = decide_order(data, 2, order);
    let unit = |at: usize| -> u32 {
        let pair = [data[at], data[at + 1]];
        u32::from(if use_order == 1 { u16::from_be_bytes(pair) } else { u16::from_le_bytes(pair) })
    };
    let mut state = Decoding { encoding, errors, data, object };
    let mut out = String::with_capacity(data.len() / 2);
    while q < data.len() {
        if q + 1 >= data.len() {
            if !last {
                return Ok((out, q, found));
            }
            q = state.handle(&mut out, q, data.len(), "truncated data")?;
            continue;
        }
        let ch = unit(q);
        if !(0xd800..=0xdfff).contains(&ch) {
            out.push(char::from_u32(ch).expect("not a surrogate"));
            q += 2;
        } else if ch >= 0xdc00 {
            q = state.handle(&mut out, q, q + 2, "illegal encoding")?;
        } else if q + 3 >= data.len() {
            if !last {
                return Ok((out, q, found));
            }
            q = state.handle(&mut out, q, data.len(), "unexpected end of data")?;
        } else {
            let low = unit(q + 2);
            if (0xdc00..=0xdfff).contains(&low) {
                let code = 0x10000 + ((ch - 0xd800) << 10) + (low - 0xdc00);
                out.push(char::from_u32(code).expect("a supplementary code point"));
                q += 4;
            } else {
                q = state.handle(&mut out, q, q + 2, "illegal UTF-16 surrogate")?;
            }
        }
    }
    Ok((out, data.len(), found))
}

/// `utf_32_ex_decode` (see [`decode_utf_16`]).
pub(crate) fn decode_utf_32(
    data: &[u8],
    object: Option<PyRef>,
    errors: &str,
    order: ByteOrder,
    last: bool,
) -> Res<(String, usize, ByteOrder)> {
    let encoding = match order {
        -1 => "utf-32-le",
        1 => "utf-32-be",
        _ => "utf-32",
    };
    if order == 0 && data.len() < 4 && !last {
        return Ok((String::new(), 0, 0));
    }
    let (use_order, found, mut q) = decide_order(data, 4, order);
    let mut state = Decoding { encoding, errors, data, object };
    let mut out = String::with_capacity(data.len() / 4);
    while q < data.len() {
        if q + 3 >= data.len() {
            if !last {
                return Ok((out, q, found));
            }
            q = state.handle(&mut out, q, data.len(), "truncated data")?;
            continue;
        }
        let quad = [data[q], data[q + 1], data[q + 2], data[q + 3]];
        let code = if use_order == 1 { u32::from_be_bytes(quad) } else { u32::from_le_bytes(quad) };
        match char::from_u32(code) {
            Some(c) => {
                out.push(c);
                q += 4;
            }
            None => {
                let reason = if code > 0x10ffff {
                    "code point not in range(0x110000)"
                } else {
                    "code point in surrogate code point range(0xd800, 0xe000)"
                };
                q = state.handle(&mut out, q, q + 4, reason)?;
            }
        }
    }
    Ok((out, data.len(), found))
}

/// `utf_16_encode` and friends: `order` 0 writes a BOM and little endian.
pub(crate) fn encode_utf_16(text: &str, order: ByteOrder) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len() * 2 + 2);
    let big = order == 1;
    let mut put = |unit: u16| {
        out.extend(if big { unit.to_be_bytes() } else { unit.to_le_bytes() });
    };
    if order == 0 {
        put(0xfeff);
    }
    let mut buffer = [0u16; 2];
    for c in text.chars() {
        for &unit in c.encode_utf16(&mut buffer).iter() {
            put(unit);
        }
    }
    out
}

/// `utf_32_encode` and friends (see [`encode_utf_16`]).
pub(crate) fn encode_utf_32(text: &str, order: ByteOrder) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len() * 4 + 4);
    let big = order == 1;
    let mut put = |unit: u32| {
        out.extend(if big { unit.to_be_bytes() } else { unit.to_le_bytes() });
    };
    if order == 0 {
        put(0xfeff);
    }
    for c in text.chars() {
        put(c as u32);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf_16_and_32_round_trip_with_and_without_bom() {
        let text = "a\u{e9}\u{20ac}\u{1f600}";
        for order in [-1, 0, 1] {
            let bytes = encode_utf_16(text, order);
            let (back, used, _) = decode_utf_16(&bytes, None, "strict", order, true).unwrap();
            assert_eq!((back.as_str(), used), (text, bytes.len()));
            let bytes = encode_utf_32(text, order);
            let (back, used, _) = decode_utf_32(&bytes, None, "strict", order, true).unwrap();
            assert_eq!((back.as_str(), used), (text, bytes.len()));
        }
        assert_eq!(&encode_utf_16("a", 0)[..2], &[0xff, 0xfe]);
        assert_eq!(encode_utf_16("a", 1), vec![0, b'a']);
    }

    #[test]
    fn incomplete_input_waits_for_more_unless_final() {
        let (text, used) = decode_utf_8(b"ab\xe2\x82", None, "strict", false).unwrap();
        assert_eq!((text.as_str(), used), ("ab", 2));
        let (text, used, order) =
            decode_utf_16(b"\xff\xfea\x00b", None, "strict", 0, false).unwrap();
        assert_eq!((text.as_str(), used, order), ("a", 4, -1));
        let (text, used, _) = decode_utf_16(b"\xff", None, "strict", 0, false).unwrap();
        assert_eq!((text.as_str(), used), ("", 0));
    }

    #[test]
    fn byte_range_codecs_fast_paths() {
        assert_eq!(encode_byte_range("abc", None, "ascii", "strict", 0x7f).unwrap(), b"abc");
        assert_eq!(decode_latin_1(b"\xe9"), "\u{e9}");
        assert_eq!(decode_ascii(b"xyz", None, "strict").unwrap(), "xyz");
    }
}
