//! The escape codecs, as CPython's `unicodeobject.c` and `bytesobject.c`: `escape_encode` /
//! `escape_decode` (bytes to bytes, the `string_escape` of `pickle`), `unicode_escape` and
//! `raw_unicode_escape`. A `\N{name}` escape needs the Unicode name database, which pyrc
//! does not have: it is an "unknown Unicode character name" error; an escape naming a
//! surrogate (`\ud800`) makes a character a pyrc str cannot hold, and is an error too.

use crate::object::error::Res;
use crate::object::runtime::value_error;
use crate::object::PyRef;

use super::errors::Decoding;
use super::unicode::Decoded;

/// `escape_encode(data)`: the bytes as a bytes literal's body (`repr` without the quotes).
pub(crate) fn escape_encode(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len());
    for &b in data {
        match b {
            b'\'' => out.extend(b"\\'"),
            b'\\' => out.extend(b"\\\\"),
            b'\t' => out.extend(b"\\t"),
            b'\n' => out.extend(b"\\n"),
            b'\r' => out.extend(b"\\r"),
            0x20..=0x7e => out.push(b),
            _ => out.extend(format!("\\x{b:02x}").bytes()),
        }
    }
    out
}

fn hex_value(b: u8) -> Option<u32> {
    (b as char).to_digit(16)
}

/// `escape_decode(data, errors)`: a bytes literal's body back to bytes.
pub(crate) fn escape_decode(data: &[u8], errors: &str) -> Res<Vec<u8>> {
    let mut out = Vec::with_capacity(data.len());
    let mut i = 0;
    while i < data.len() {
        if data[i] != b'\\' {
            out.push(data[i]);
            i += 1;
            continue;
        }
        i += 1;
        let Some(&c) = data.get(i) else { return value_error("Trailing \\ in string") };
        i += 1;
        match c {
            b'\n' => {}
            b'\\' | b'\'' | b'"' => out.push(c),
            b'b' => out.push(8),
            b'f' => out.push(12),
            b't' => out.push(b'\t'),
            b'n' => out.push(b'\n'),
            b'r' => out.push(b'\r'),
            b'v' => out.push(11),
            b'a' => out.push(7),
            b'0'..=b'7' => {
                let mut value = u32::from(c - b'0');
                for _ in 0..2 {
                    match data.get(i) {
                        Some(&d @ b'0'..=b'7') => {
                            value = value * 8 + u32::from(d - b'0');
                            i += 1;
                        }
                        _ => break,
                    }
                }
                out.push(value as u8);
            }
            b'x' => {
                let digits = (
                    data.get(i).and_then(|&b| hex_value(b)),
                    data.get(i + 1).and_then(|&b| hex_value(b)),
                );
                if let (Some(high), Some(low)) = digits {
                    out.push((high * 16 + low) as u8);
                    i += 2;
                    continue;
                }
                match errors {
                    "strict" => {
                        return value_error(format!("invalid \\x escape at position {}", i - 2))
                    }
                    "replace" => out.push(b'?'),
                    "ignore" => {}
                    _ => {
                        return value_error(format!(
                            "decoding error; unknown error handling code: {errors}"
                        ))
                    }
                }
                // CPython skips one hex digit if there was one.
                if data.get(i).and_then(|&b| hex_value(b)).is_some() {
                    i += 1;
                }
            }
            _ => {
                out.push(b'\\');
                out.push(c);
            }
        }
    }
    Ok(out)
}

/// `unicode_escape_encode(text)`: printable ASCII as itself, the rest escaped.
pub(crate) fn unicode_escape_encode(text: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.extend(b"\\\\"),
            '\t' => out.extend(b"\\t"),
            '\n' => out.extend(b"\\n"),
            '\r' => out.extend(b"\\r"),
            ' '..='~' => out.push(c as u8),
            _ => out.extend(super::errors::backslashed(c as u32).bytes()),
        }
    }
    out
}

/// `raw_unicode_escape_encode(text)`: Latin-1 characters as their byte, the rest as
/// `\uXXXX` / `\UXXXXXXXX`.
pub(crate) fn raw_unicode_escape_encode(text: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    for c in text.chars() {
        match c as u32 {
            code @ 0..=0xff => out.push(code as u8),
            code @ 0x100..=0xffff => out.extend(format!("\\u{code:04x}").bytes()),
            code => out.extend(format!("\\U{code:08x}").bytes()),
        }
    }
    out
}

/// Reads `count` hex digits at `data[at..]`: the value, or where the digits stop (`Err`).
fn hex_digits(data: &[u8], at: usize, count: usize) -> Result<u32, usize> {
    let mut value = 0u32;
    for offset in 0..count {
        match data.get(at + offset).and_then(|&b| hex_value(b)) {
            Some(digit) => value = value.wrapping_mul(16).wrapping_add(digit),
            None => return Err(at + offset),
        }
    }
    Ok(value)
}

/// `unicode_escape_decode(data, errors, final)`: bytes as Latin-1, with Python's string
/// escapes. With `last` false an escape cut off by the end is left unconsumed.
pub(crate) fn unicode_escape_decode(
    data: &[u8],
    object: Option<PyRef>,
    errors: &str,
    last: bool,
) -> Res<Decoded> {
    let mut state = Decoding { encoding: "unicodeescape", errors, data, object };
    let mut out = String::with_capacity(data.len());
    let mut i = 0;
    while i < data.len() {
        if data[i] != b'\\' {
            out.push(data[i] as char);
            i += 1;
            continue;
        }
        let start = i;
        i += 1;
        let Some(&c) = data.get(i) else {
            if !last {
                return Ok((out, start));
            }
            i = state.handle(&mut out, start, data.len(), "\\ at end of string")?;
            continue;
        };
        i += 1;
        let simple = match c {
            b'\n' => Some(None),
            b'\\' | b'\'' | b'"' => Some(Some(c as char)),
            b'b' => Some(Some('\u{8}')),
            b'f' => Some(Some('\u{c}')),
            b't' => Some(Some('\t')),
            b'n' => Some(Some('\n')),
            b'r' => Some(Some('\r')),
            b'v' => Some(Some('\u{b}')),
            b'a' => Some(Some('\u{7}')),
            _ => None,
        };
        if let Some(simple) = simple {
            out.extend(simple);
            continue;
        }
        let (count, what) = match c {
            b'0'..=b'7' => {
                let mut value = u32::from(c - b'0');
                for _ in 0..2 {
                    match data.get(i) {
                        Some(&d @ b'0'..=b'7') => {
                            value = value * 8 + u32::from(d - b'0');
                            i += 1;
                        }
                        _ => break,
                    }
                }
                out.push(char::from_u32(value).expect("at most 0o777"));
                continue;
            }
            b'x' => (2, "truncated \\xXX escape"),
            b'u' => (4, "truncated \\uXXXX escape"),
            b'U' => (8, "truncated \\UXXXXXXXX escape"),
            b'N' => {
                let closed = data.get(i) == Some(&b'{')
                    && data[i..].iter().position(|&b| b == b'}').is_some_and(|p| p > 1);
                if !closed && !last && !data[i..].contains(&b'}') {
                    return Ok((out, start));
                }
                let (end, reason) = if closed {
                    let close = i + data[i..].iter().position(|&b| b == b'}').expect("closed");
                    (close + 1, "unknown Unicode character name")
                } else {
                    (data.len().min(i + 1), "malformed \\N character escape")
                };
                i = state.handle(&mut out, start, end, reason)?;
                continue;
            }
            _ => {
                // An unknown escape stays as written (CPython also warns).
                out.push('\\');
                out.push(c as char);
                continue;
            }
        };
        match hex_digits(data, i, count) {
            Ok(code) => match char::from_u32(code) {
                Some(ch) => {
                    out.push(ch);
                    i += count;
                }
                None => {
                    i = state.handle(&mut out, start, i + count, "illegal Unicode character")?
                }
            },
            Err(stop) if stop >= data.len() && !last => return Ok((out, start)),
            Err(stop) => i = state.handle(&mut out, start, stop, what)?,
        }
    }
    Ok((out, data.len()))
}

/// `raw_unicode_escape_decode(data, errors, final)`: bytes as Latin-1, except `\uXXXX` and
/// `\UXXXXXXXX` after an odd number of backslashes.
pub(crate) fn raw_unicode_escape_decode(
    data: &[u8],
    object: Option<PyRef>,
    errors: &str,
    last: bool,
) -> Res<Decoded> {
    let mut state = Decoding { encoding: "rawunicodeescape", errors, data, object };
    let mut out = String::with_capacity(data.len());
    let mut i = 0;
    while i < data.len() {
        if data[i] != b'\\' {
            out.push(data[i] as char);
            i += 1;
            continue;
        }
        let run_start = i;
        while i < data.len() && data[i] == b'\\' {
            out.push('\\');
            i += 1;
        }
        let odd = (i - run_start) % 2 == 1;
        if !odd || i >= data.len() || (data[i] != b'u' && data[i] != b'U') {
            if odd && i >= data.len() && !last {
                out.pop();
                return Ok((out, i - 1));
            }
            continue;
        }
        out.pop();
        let start = i - 1;
        let (count, what) = if data[i] == b'u' {
            (4, "truncated \\uXXXX escape")
        } else {
            (8, "truncated \\UXXXXXXXX escape")
        };
        i += 1;
        match hex_digits(data, i, count) {
            Ok(code) => match char::from_u32(code) {
                Some(ch) => {
                    out.push(ch);
                    i += count;
                }
                None => i = state.handle(&mut out, start, i + count, "\\Uxxxxxxxx out of range")?,
            },
            Err(stop) if stop >= data.len() && !last => return Ok((out, start)),
            Err(stop) => i = state.handle(&mut out, start, stop, what)?,
        }
    }
    Ok((out, data.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_round_trip() {
        let data = b"a'\\\t\n\x00\xff";
        assert_eq!(escape_decode(&escape_encode(data), "strict").unwrap(), data);
        let text = "a\\\t\u{e9}\u{20ac}\u{1f600}";
        let (back, used) =
            unicode_escape_decode(&unicode_escape_encode(text), None, "strict", true).unwrap();
        assert_eq!((back.as_str(), used), (text, unicode_escape_encode(text).len()));
        let raw = raw_unicode_escape_encode(text);
        assert_eq!(raw_unicode_escape_decode(&raw, None, "strict", true).unwrap().0, text);
    }
}
