//! Codec error handling, as CPython's `Python/codecs.c` and the `*_call_errorhandler`
//! functions of `unicodeobject.c`: the built-in handlers (`strict`, `ignore`, `replace`,
//! `backslashreplace`, `xmlcharrefreplace`, `namereplace`, `surrogateescape`,
//! `surrogatepass`) are applied in place by name; any other name is looked up in the error
//! registry (`codecs.register_error`) and called with a `UnicodeEncodeError` /
//! `UnicodeDecodeError` carrying `encoding`, `object`, `start`, `end` and `reason`; it returns
//! `(replacement, new_position)`.
//!
//! pyrc's str holds UTF-8 text, which cannot contain a lone surrogate: `surrogateescape` and
//! `surrogatepass` never have a surrogate to turn back into bytes when encoding (so they fail
//! as `strict` does, which is what CPython does for any other character), and when decoding
//! they would have to make one, so they raise the `UnicodeDecodeError` instead.

use crate::object::error::{ExcInfo, Res};
use crate::object::exceptions::ExcKind;
use crate::object::native::Args;
use crate::object::runtime::{self as rt, raise, type_error};
use crate::object::{alloc, Kind, PyRef};
use crate::types::{self, ops};

/// An error handler: one of the built-in ones, applied in place, or a registered callable.
pub(crate) enum Handler {
    Strict,
    Ignore,
    Replace,
    BackslashReplace,
    XmlCharRefReplace,
    NameReplace,
    /// `surrogateescape` and `surrogatepass`: nothing they could do is representable (see
    /// the module docs), so they fail as `strict`.
    Surrogates,
    User(PyRef),
}

impl Handler {
    /// The handler called `errors` (looked up only when an error happens, as CPython does).
    pub(crate) fn named(errors: &str) -> Res<Handler> {
        Ok(match errors {
            "strict" => Handler::Strict,
            "ignore" => Handler::Ignore,
            "replace" => Handler::Replace,
            "backslashreplace" => Handler::BackslashReplace,
            "xmlcharrefreplace" => Handler::XmlCharRefReplace,
            "namereplace" => Handler::NameReplace,
            "surrogateescape" | "surrogatepass" => Handler::Surrogates,
            _ => Handler::User(lookup_error(errors)?),
        })
    }
}

/// The names and functions of the built-in error handlers, as `codecs.lookup_error` gives
/// them (`<built-in function strict_errors>`).
const BUILTIN_HANDLERS: [(&str, &str, crate::object::native::NativeFn); 8] = [
    ("strict", "strict_errors", strict_errors),
    ("ignore", "ignore_errors", ignore_errors),
    ("replace", "replace_errors", replace_errors),
    ("backslashreplace", "backslashreplace_errors", backslashreplace_errors),
    ("xmlcharrefreplace", "xmlcharrefreplace_errors", xmlcharrefreplace_errors),
    ("namereplace", "namereplace_errors", namereplace_errors),
    ("surrogateescape", "surrogateescape", surrogate_errors),
    ("surrogatepass", "surrogatepass", surrogate_errors),
];

fn registry() -> PyRef {
    let registry = rt::with(|r| r.codec_error_registry.clone());
    if ops::len(&registry).unwrap_or(0) == 0 {
        // Filled on first use, as CPython's `_PyCodecRegistry_Init` registers these.
        for (name, function_name, function) in BUILTIN_HANDLERS {
            rt::dict_set_str(
                &registry,
                name,
                crate::object::native::native(function_name, function),
            );
        }
    }
    registry
}

/// `codecs.lookup_error(name)`.
pub fn lookup_error(name: &str) -> Res<PyRef> {
    match rt::dict_get_str(&registry(), name) {
        Some(handler) => Ok(handler),
        None => raise(ExcKind::LookupError, format!("unknown error handler name '{name}'")),
    }
}

/// `codecs.register_error(name, handler)`.
pub fn register_error(name: &str, handler: PyRef) -> Res<()> {
    if !ops::callable(&handler) {
        return type_error("handler must be callable");
    }
    rt::dict_set_str(&registry(), name, handler);
    Ok(())
}

/// A `UnicodeEncodeError` for `object[start:end]`.
pub(crate) fn encode_error(
    encoding: &str,
    object: &PyRef,
    start: usize,
    end: usize,
    reason: &str,
) -> PyRef {
    unicode_error(ExcKind::UnicodeEncodeError, encoding, object, start, end, reason)
}

/// A `UnicodeDecodeError` for `object[start:end]`.
pub(crate) fn decode_error(
    encoding: &str,
    object: &PyRef,
    start: usize,
    end: usize,
    reason: &str,
) -> PyRef {
    unicode_error(ExcKind::UnicodeDecodeError, encoding, object, start, end, reason)
}

fn unicode_error(
    kind: ExcKind,
    encoding: &str,
    object: &PyRef,
    start: usize,
    end: usize,
    reason: &str,
) -> PyRef {
    let args = vec![
        rt::str(encoding),
        object.clone(),
        rt::int(start as i64),
        rt::int(end as i64),
        rt::str(reason),
    ];
    rt::exception_of(rt::exception_class(kind), args)
}

/// `c` as `backslashreplace` writes it: `\xe9`, `\u20ac`, `\U0001f600`.
pub(crate) fn backslashed(c: u32) -> String {
    match c {
        0..=0xff => format!("\\x{c:02x}"),
        0x100..=0xffff => format!("\\u{c:04x}"),
        _ => format!("\\U{c:08x}"),
    }
}

/// `c` as `namereplace` writes it: `\N{NAME}` where pyrc knows the name (see
/// [`char_name`]), else as `backslashreplace`.
fn name_replaced(c: char) -> String {
    match char_name(c) {
        Some(name) => format!("\\N{{{name}}}"),
        None => backslashed(c as u32),
    }
}

/// The Unicode name of `c` for the characters whose names follow from their code point
/// (CJK unified ideographs, Hangul syllables are not covered); pyrc has no Unicode name
/// database, so other characters have none.
fn char_name(c: char) -> Option<String> {
    let code = c as u32;
    let cjk = [(0x3400, 0x4dbf), (0x4e00, 0x9fff), (0x20000, 0x2a6df), (0x2a700, 0x2b739)];
    cjk.iter()
        .any(|&(low, high)| (low..=high).contains(&code))
        .then(|| format!("CJK UNIFIED IDEOGRAPH-{code:X}"))
}

/// The position a handler returned, made absolute and checked against `length`.
fn new_position(position: &PyRef, length: usize) -> Res<usize> {
    let mut position = ops::to_index(position)?;
    if position < 0 {
        position += length as i64;
    }
    if position < 0 || position as usize > length {
        return raise(
            ExcKind::IndexError,
            format!("position {position} from error handler out of bounds"),
        );
    }
    Ok(position as usize)
}

/// What an encoder is doing, for its error handling: the codec's name and message, the text
/// (as characters, and as the str object errors carry, made when first needed).
pub(crate) struct Encoding<'a> {
    pub encoding: &'a str,
    pub errors: &'a str,
    pub reason: &'a str,
    pub text: &'a str,
    pub object: Option<PyRef>,
}

/// A replacement an encoder must add: characters to encode, or bytes to copy.
pub(crate) enum Replacement {
    Text(String),
    Bytes(Vec<u8>),
}

impl Encoding<'_> {
    fn object(&mut self) -> PyRef {
        self.object.get_or_insert_with(|| rt::str(self.text)).clone()
    }

    /// The error for the characters `start..end` (character positions).
    pub(crate) fn error(&mut self, start: usize, end: usize) -> ExcInfo {
        let object = self.object();
        *ExcInfo::new(encode_error(self.encoding, &object, start, end, self.reason))
    }

    /// Applies the error handler to the unencodable characters `chars[start..end]`: the
    /// replacement and the position to go on from.
    pub(crate) fn handle(
        &mut self,
        chars: &[char],
        start: usize,
        end: usize,
    ) -> Res<(Replacement, usize)> {
        let run = &chars[start..end];
        let text = match Handler::named(self.errors)? {
            Handler::Strict | Handler::Surrogates => return Err(Box::new(self.error(start, end))),
            Handler::Ignore => String::new(),
            Handler::Replace => "?".repeat(run.len()),
            Handler::BackslashReplace => run.iter().map(|&c| backslashed(c as u32)).collect(),
            Handler::XmlCharRefReplace => run.iter().map(|&c| format!("&#{};", c as u32)).collect(),
            Handler::NameReplace => run.iter().map(|&c| name_replaced(c)).collect(),
            Handler::User(function) => {
                let exc = Box::new(self.error(start, end));
                let result = ops::call(&function, vec![exc.value.clone()], vec![])?;
                let message = "encoding error handler must return (str/bytes, int) tuple";
                let Kind::Tuple(items) = &result.kind else { return type_error(message) };
                let [replacement, position] = &items[..] else { return type_error(message) };
                let replacement = if let Some(text) = types::str::text(replacement) {
                    Replacement::Text(text.to_string())
                } else if let Kind::Bytes(bytes) = &replacement.kind {
                    Replacement::Bytes(bytes.to_vec())
                } else {
                    return type_error(message);
                };
                return Ok((replacement, new_position(position, chars.len())?));
            }
        };
        Ok((Replacement::Text(text), end))
    }
}

/// Encodes `text` one character at a time through `put` (which returns false, writing
/// nothing, for a character the codec cannot encode), handling errors; a replacement's
/// characters must be encodable by `put` too, else the original error is raised (as
/// CPython's encoders do).
pub(crate) fn encode_with(
    mut encoding: Encoding,
    put: &mut dyn FnMut(char, &mut Vec<u8>) -> Res<bool>,
) -> Res<Vec<u8>> {
    let mut out = Vec::with_capacity(encoding.text.len());
    let mut chars = encoding.text.chars().enumerate();
    let mut all: Option<Vec<char>> = None;
    let mut position = 0;
    // The common case (nothing unencodable) never makes the character vector.
    for (index, c) in chars.by_ref() {
        if !put(c, &mut out)? {
            position = index;
            all = Some(encoding.text.chars().collect());
            break;
        }
    }
    let Some(all) = all else { return Ok(out) };
    let mut scratch = Vec::new();
    while position < all.len() {
        if put(all[position], &mut out)? {
            position += 1;
            continue;
        }
        let mut end = position + 1;
        while end < all.len() && !put(all[end], &mut scratch)? {
            end += 1;
        }
        scratch.clear();
        let (replacement, next) = encoding.handle(&all, position, end)?;
        match replacement {
            Replacement::Bytes(bytes) => out.extend(bytes),
            Replacement::Text(text) => {
                for c in text.chars() {
                    if !put(c, &mut out)? {
                        return Err(Box::new(encoding.error(position, end)));
                    }
                }
            }
        }
        position = next;
    }
    Ok(out)
}

/// What a decoder is doing, for its error handling (see [`Encoding`]).
pub(crate) struct Decoding<'a> {
    pub encoding: &'a str,
    pub errors: &'a str,
    pub data: &'a [u8],
    pub object: Option<PyRef>,
}

impl Decoding<'_> {
    fn object(&mut self) -> PyRef {
        self.object.get_or_insert_with(|| alloc(Kind::Bytes(self.data.into()))).clone()
    }

    /// The error for the bytes `start..end`.
    pub(crate) fn error(&mut self, start: usize, end: usize, reason: &str) -> Box<ExcInfo> {
        let object = self.object();
        ExcInfo::new(decode_error(self.encoding, &object, start, end, reason))
    }

    /// Applies the error handler to the undecodable bytes `data[start..end]`: appends the
    /// replacement to `out` and returns the position to go on from.
    pub(crate) fn handle(
        &mut self,
        out: &mut String,
        start: usize,
        end: usize,
        reason: &str,
    ) -> Res<usize> {
        match Handler::named(self.errors)? {
            Handler::Strict | Handler::Surrogates => Err(self.error(start, end, reason)),
            Handler::Ignore => Ok(end),
            Handler::Replace => {
                out.push('\u{fffd}');
                Ok(end)
            }
            Handler::BackslashReplace => {
                for &b in &self.data[start..end] {
                    out.push_str(&format!("\\x{b:02x}"));
                }
                Ok(end)
            }
            Handler::XmlCharRefReplace | Handler::NameReplace => {
                type_error("don't know how to handle UnicodeDecodeError in error callback")
            }
            Handler::User(function) => {
                let exc = self.error(start, end, reason);
                let result = ops::call(&function, vec![exc.value.clone()], vec![])?;
                let message = "decoding error handler must return (str, int) tuple";
                let Kind::Tuple(items) = &result.kind else { return type_error(message) };
                let [replacement, position] = &items[..] else { return type_error(message) };
                let Some(text) = types::str::text(replacement) else {
                    return type_error(message);
                };
                out.push_str(text);
                new_position(position, self.data.len())
            }
        }
    }
}

// ---- the built-in handlers as functions (`codecs.lookup_error(name)`) ------------------------

/// The fields of the exception a handler function receives.
struct Fields {
    exc: PyRef,
    encode: bool,
    object: PyRef,
    start: usize,
    end: usize,
}

fn fields(a: &Args) -> Res<Fields> {
    a.arity(a.name, 1, 1)?;
    let exc = a.arg(0);
    let encode = rt::is_exception(&exc, ExcKind::UnicodeEncodeError);
    if !encode && !rt::is_exception(&exc, ExcKind::UnicodeDecodeError) {
        return type_error(format!(
            "don't know how to handle {} in error callback",
            types::type_name(&exc)
        ));
    }
    let get = |name: &str| crate::types::attr::getattr(&exc, name);
    let (object, start, end) = (get("object")?, get("start")?, get("end")?);
    let length = if encode {
        types::str::text(&object).map_or(0, |t| t.chars().count())
    } else {
        ops::bytes_like(&object).map_or(0, |b| b.len())
    };
    let clamp =
        |value: &PyRef| -> Res<usize> { Ok((ops::to_index(value)?.max(0) as usize).min(length)) };
    Ok(Fields { exc: exc.clone(), encode, object, start: clamp(&start)?, end: clamp(&end)? })
}

fn result(replacement: PyRef, end: usize) -> Res<PyRef> {
    Ok(rt::tuple(vec![replacement, rt::int(end as i64)]))
}

/// The characters `start..end` of the str an encode error carries.
fn error_chars(f: &Fields) -> Vec<char> {
    let text = types::str::text(&f.object).unwrap_or("");
    text.chars().skip(f.start).take(f.end.saturating_sub(f.start)).collect()
}

fn wrong_kind<T>(f: &Fields) -> Res<T> {
    type_error(format!("don't know how to handle {} in error callback", types::type_name(&f.exc)))
}

fn strict_errors(a: Args) -> Res<PyRef> {
    a.arity("strict_errors", 1, 1)?;
    let exc = a.arg(0);
    if rt::is_exception(&exc, ExcKind::BaseException) {
        return Err(ExcInfo::new(exc));
    }
    type_error("codec must pass exception instance")
}

fn ignore_errors(a: Args) -> Res<PyRef> {
    let f = fields(&a)?;
    result(rt::str(""), f.end)
}

fn replace_errors(a: Args) -> Res<PyRef> {
    let f = fields(&a)?;
    if f.encode {
        result(rt::str("?".repeat(f.end.saturating_sub(f.start))), f.end)
    } else {
        result(rt::str("\u{fffd}"), f.end)
    }
}

fn backslashreplace_errors(a: Args) -> Res<PyRef> {
    let f = fields(&a)?;
    if f.encode {
        let text: String = error_chars(&f).iter().map(|&c| backslashed(c as u32)).collect();
        return result(rt::str(text), f.end);
    }
    let bytes = ops::bytes_like(&f.object).unwrap_or_default();
    let text: String =
        bytes[f.start..f.end.max(f.start)].iter().map(|&b| format!("\\x{b:02x}")).collect();
    result(rt::str(text), f.end)
}

fn xmlcharrefreplace_errors(a: Args) -> Res<PyRef> {
    let f = fields(&a)?;
    if !f.encode {
        return wrong_kind(&f);
    }
    let text: String = error_chars(&f).iter().map(|&c| format!("&#{};", c as u32)).collect();
    result(rt::str(text), f.end)
}

fn namereplace_errors(a: Args) -> Res<PyRef> {
    let f = fields(&a)?;
    if !f.encode {
        return wrong_kind(&f);
    }
    let text: String = error_chars(&f).iter().map(|&c| name_replaced(c)).collect();
    result(rt::str(text), f.end)
}

/// `surrogateescape` / `surrogatepass` as functions: the characters they would turn into
/// bytes are surrogates, which a pyrc str never holds, and what they would make when decoding
/// is not representable (see the module docs): the error is re-raised.
fn surrogate_errors(a: Args) -> Res<PyRef> {
    let f = fields(&a)?;
    Err(ExcInfo::new(f.exc))
}
