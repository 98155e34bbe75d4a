//! Text encodings for `str.encode`, `bytes.decode`, `bytearray.decode` and the `bytes` and
//! `bytearray` constructors: UTF-8, ASCII and Latin-1 under CPython's names and aliases, with
//! the error handlers `strict`, `ignore`, `replace`, `backslashreplace` and (encoding only)
//! `xmlcharrefreplace`, and CPython's `UnicodeEncodeError` / `UnicodeDecodeError` messages.

use crate::object::error::Res;
use crate::object::exceptions::ExcKind;
use crate::object::native::Args;
use crate::object::runtime::{self as rt, raise, type_error};
use crate::object::{alloc, Kind, PyRef};
use crate::types::{ops, str::expect_str};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Codec {
    Utf8,
    Ascii,
    Latin1,
}

impl Codec {
    /// The codec `name` stands for (CPython's `encodings` aliases for these three).
    fn named(name: &str) -> Res<Codec> {
        let normal = name.trim().to_ascii_lowercase().replace(['_', ' '], "-");
        Ok(match normal.as_str() {
            "utf-8" | "utf8" | "u8" | "utf" | "cp65001" => Codec::Utf8,
            "ascii" | "us-ascii" | "646" | "us" => Codec::Ascii,
            "latin-1" | "latin1" | "latin" | "l1" | "iso-8859-1" | "iso8859-1" | "8859"
            | "cp819" | "iso-ir-100" => Codec::Latin1,
            _ => return raise(ExcKind::LookupError, format!("unknown encoding: {name}")),
        })
    }

    /// The name in error messages, as CPython's codecs give it.
    fn name(self) -> &'static str {
        match self {
            Codec::Utf8 => "utf-8",
            Codec::Ascii => "ascii",
            Codec::Latin1 => "latin-1",
        }
    }

    /// The largest code point the codec encodes as itself (the UTF-8 codec encodes all).
    fn limit(self) -> u32 {
        match self {
            Codec::Utf8 => u32::MAX,
            Codec::Ascii => 0x7f,
            Codec::Latin1 => 0xff,
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Errors {
    Strict,
    Ignore,
    Replace,
    BackslashReplace,
    XmlCharRefReplace,
}

impl Errors {
    fn named(name: &str, encoding: bool) -> Res<Errors> {
        Ok(match name {
            "strict" => Errors::Strict,
            "ignore" => Errors::Ignore,
            "replace" => Errors::Replace,
            "backslashreplace" => Errors::BackslashReplace,
            "xmlcharrefreplace" if encoding => Errors::XmlCharRefReplace,
            _ => {
                return raise(ExcKind::LookupError, format!("unknown error handler name '{name}'"))
            }
        })
    }
}

/// `c` as CPython writes a character in a codec's message: `'\xe9'`, `'\u20ac'`.
fn escaped(c: char) -> String {
    match c as u32 {
        code @ 0..=0xff => format!("\\x{code:02x}"),
        code @ 0x100..=0xffff => format!("\\u{code:04x}"),
        code => format!("\\U{code:08x}"),
    }
}

fn position(start: usize, end: usize) -> String {
    if end - start == 1 {
        format!("position {start}")
    } else {
        format!("position {start}-{}", end - 1)
    }
}

/// Encodes `text` (CPython's `str.encode`).
pub fn encode(text: &str, encoding: &str, errors: &str) -> Res<Vec<u8>> {
    let codec = Codec::named(encoding)?;
    if codec == Codec::Utf8 {
        return Ok(text.as_bytes().to_vec());
    }
    let limit = codec.limit();
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::with_capacity(chars.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c as u32 <= limit {
            out.push(c as u8);
            i += 1;
            continue;
        }
        let end = (i..chars.len()).find(|&j| chars[j] as u32 <= limit).unwrap_or(chars.len());
        // Looked up only when needed, as CPython's codecs do.
        match Errors::named(errors, true)? {
            Errors::Strict => {
                let what = if end - i == 1 {
                    format!("character '{}'", escaped(c))
                } else {
                    "characters".to_string()
                };
                return raise(
                    ExcKind::UnicodeEncodeError,
                    format!(
                        "'{}' codec can't encode {what} in {}: ordinal not in range({})",
                        codec.name(),
                        position(i, end),
                        limit + 1
                    ),
                );
            }
            Errors::Ignore => {}
            Errors::Replace => out.extend(std::iter::repeat_n(b'?', end - i)),
            Errors::BackslashReplace => {
                for &c in &chars[i..end] {
                    out.extend(escaped(c).bytes());
                }
            }
            Errors::XmlCharRefReplace => {
                for &c in &chars[i..end] {
                    out.extend(format!("&#{};", c as u32).bytes());
                }
            }
        }
        i = end;
    }
    Ok(out)
}

/// Decodes `bytes` (CPython's `bytes.decode`).
pub fn decode(bytes: &[u8], encoding: &str, errors: &str) -> Res<String> {
    let codec = Codec::named(encoding)?;
    match codec {
        Codec::Latin1 => Ok(bytes.iter().map(|&b| b as char).collect()),
        Codec::Ascii => {
            let mut out = String::with_capacity(bytes.len());
            for (i, &b) in bytes.iter().enumerate() {
                if b < 0x80 {
                    out.push(b as char);
                } else {
                    let reason = "ordinal not in range(128)";
                    replace_invalid(&mut out, &bytes[i..i + 1], i, reason, codec, errors)?;
                }
            }
            Ok(out)
        }
        Codec::Utf8 => {
            let mut out = String::with_capacity(bytes.len());
            let mut rest = bytes;
            let mut offset = 0;
            loop {
                match std::str::from_utf8(rest) {
                    Ok(valid) => {
                        out.push_str(valid);
                        return Ok(out);
                    }
                    Err(error) => {
                        let good = error.valid_up_to();
                        out.push_str(std::str::from_utf8(&rest[..good]).expect("valid prefix"));
                        let bad_len = error.error_len().unwrap_or(rest.len() - good);
                        let bad = &rest[good..good + bad_len];
                        let reason = match (error.error_len(), bad[0]) {
                            (None, _) => "unexpected end of data",
                            (_, 0x80..=0xbf | 0xc0 | 0xc1 | 0xf5..=0xff) => "invalid start byte",
                            _ => "invalid continuation byte",
                        };
                        replace_invalid(&mut out, bad, offset + good, reason, codec, errors)?;
                        offset += good + bad_len;
                        rest = &rest[good + bad_len..];
                    }
                }
            }
        }
    }
}

/// Handles the undecodable `bad` bytes found at `start`.
fn replace_invalid(
    out: &mut String,
    bad: &[u8],
    start: usize,
    reason: &str,
    codec: Codec,
    errors: &str,
) -> Res<()> {
    // Looked up only when needed, as CPython's codecs do.
    match Errors::named(errors, false)? {
        Errors::Strict | Errors::XmlCharRefReplace => {
            let what =
                if bad.len() == 1 { format!("byte 0x{:02x}", bad[0]) } else { "bytes".to_string() };
            raise(
                ExcKind::UnicodeDecodeError,
                format!(
                    "'{}' codec can't decode {what} in {}: {reason}",
                    codec.name(),
                    position(start, start + bad.len())
                ),
            )
        }
        Errors::Ignore => Ok(()),
        Errors::Replace => {
            out.push('\u{fffd}');
            Ok(())
        }
        Errors::BackslashReplace => {
            for &b in bad {
                out.push_str(&format!("\\x{b:02x}"));
            }
            Ok(())
        }
    }
}

/// The `encoding` and `errors` arguments of a call at positions `first` and `first + 1` or
/// as keywords, defaulting to `utf-8` and `strict`.
fn encoding_and_errors(a: &Args, first: usize, what: &str) -> Res<(String, String)> {
    let pick = |index: usize, key: &str, default: &str| -> Res<String> {
        match a.positional.get(index).cloned().or_else(|| a.keyword(key)) {
            Some(value) => Ok(expect_str(&value, &format!("{what}() argument '{key}'"))?.into()),
            None => Ok(default.into()),
        }
    };
    if let Some((key, _)) = a.keywords.iter().find(|(k, _)| !matches!(&**k, "encoding" | "errors"))
    {
        return type_error(format!("{what}() got an unexpected keyword argument '{key}'"));
    }
    Ok((pick(first, "encoding", "utf-8")?, pick(first + 1, "errors", "strict")?))
}

/// `str.encode(encoding="utf-8", errors="strict")`.
pub fn str_encode(a: Args) -> Res<PyRef> {
    a.arity("encode", 0, 2)?;
    let (encoding, errors) = encoding_and_errors(&a, 0, "encode")?;
    let receiver = a.receiver();
    let text = crate::types::str::text(&receiver).expect("a str receiver");
    let bytes = encode(text, &encoding, &errors)?;
    Ok(alloc(Kind::Bytes(bytes.into())))
}

/// `bytes.decode(encoding="utf-8", errors="strict")`, and bytearray's.
pub fn bytes_decode(a: Args) -> Res<PyRef> {
    a.arity("decode", 0, 2)?;
    let (encoding, errors) = encoding_and_errors(&a, 0, "decode")?;
    let receiver = a.receiver();
    let bytes = ops::bytes_like(&receiver).expect("bytes");
    Ok(rt::str(decode(&bytes, &encoding, &errors)?))
}

/// `bytes(text, encoding, errors="strict")` and `bytearray(...)`: the encoding (position 1 or
/// keyword) is required for a str.
pub fn encode_argument(a: &Args, text: &str) -> Res<Vec<u8>> {
    if a.positional.get(1).is_none() && a.keyword("encoding").is_none() {
        return type_error("string argument without an encoding");
    }
    let (encoding, errors) = encoding_and_errors(a, 1, a.name)?;
    encode(text, &encoding, &errors)
}
