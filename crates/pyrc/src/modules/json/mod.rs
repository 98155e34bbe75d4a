//! The native `_json` accelerator of CPython's `json` package (CPython's `Modules/_json.c`):
//! `scanstring`, `encode_basestring_ascii`, `encode_basestring`, `make_scanner` (the whole
//! decoder: `scan_once(string, index)` parses a value and calls the context's
//! `object_hook`, `object_pairs_hook`, `parse_float`, `parse_int` and `parse_constant`) and
//! `make_encoder` (the whole encoder `json.dumps` uses when `indent` is `None`: `encoder`).
//! Positions are character indexes, as CPython's. A `\ud800` escape without its low half would
//! make a lone surrogate, which a pyrc str cannot hold: it decodes as U+FFFD.

use crate::object::error::{ExcInfo, Res};
use crate::object::exceptions::ExcKind;
use crate::object::native::{Args, MethodDef};
use crate::object::native_type::{state_of, NativeClassDef, NativeObject};
use crate::object::runtime::{self as rt, type_error};
use crate::object::{Kind, PyRef};
use crate::types::native_class::{make_class, new_class_arg, new_object};
use crate::types::{self, attr, ops};

use super::{add_functions, new_module};

mod encoder;

/// `import _json`.
pub fn json_module() -> PyRef {
    let module = new_module(
        "_json",
        vec![("make_scanner", scanner_class()), ("make_encoder", encoder::encoder_class())],
    );
    add_functions(
        &module,
        &[
            ("scanstring", scanstring),
            ("encode_basestring_ascii", encode_basestring_ascii),
            ("encode_basestring", encode_basestring),
        ],
    );
    module
}

/// Raises `json.decoder.JSONDecodeError(message, text, position)`.
fn decode_error<T>(message: &str, text: &PyRef, position: usize) -> Res<T> {
    let decoder = super::import("json.decoder")?;
    let class = attr::getattr(&decoder, "JSONDecodeError")?;
    let error =
        ops::call(&class, vec![rt::str(message), text.clone(), rt::int(position as i64)], vec![])?;
    Err(ExcInfo::new(error))
}

fn stop_iteration<T>(position: usize) -> Res<T> {
    Err(ExcInfo::new(rt::exception_of(
        rt::exception_class(ExcKind::StopIteration),
        vec![rt::int(position as i64)],
    )))
}

/// The string whose body starts at `chars[end]` (after its opening quote): the text and the
/// index after the closing quote.
fn scan_string(chars: &[char], object: &PyRef, end: usize, strict: bool) -> Res<(String, usize)> {
    let begin = end.saturating_sub(1);
    let mut out = String::new();
    let mut i = end;
    loop {
        let Some(&c) = chars.get(i) else {
            return decode_error("Unterminated string starting at", object, begin);
        };
        match c {
            '"' => return Ok((out, i + 1)),
            '\\' => {
                let Some(&escape) = chars.get(i + 1) else {
                    return decode_error("Unterminated string starting at", object, begin);
                };
                let simple = match escape {
                    '"' => Some('"'),
                    '\\' => Some('\\'),
                    '/' => Some('/'),
                    'b' => Some('\u{8}'),
                    'f' => Some('\u{c}'),
                    'n' => Some('\n'),
                    'r' => Some('\r'),
                    't' => Some('\t'),
                    'u' => None,
                    _ => return decode_error("Invalid \\escape", object, i),
                };
                if let Some(simple) = simple {
                    out.push(simple);
                    i += 2;
                    continue;
                }
                let hex = |at: usize| -> Option<u32> {
                    let digits: String = chars.get(at..at + 4)?.iter().collect();
                    if digits.chars().all(|d| d.is_ascii_hexdigit()) {
                        u32::from_str_radix(&digits, 16).ok()
                    } else {
                        None
                    }
                };
                let Some(mut code) = hex(i + 2) else {
                    return decode_error("Invalid \\uXXXX escape", object, i + 1);
                };
                i += 6;
                if (0xd800..=0xdbff).contains(&code)
                    && chars.get(i) == Some(&'\\')
                    && chars.get(i + 1) == Some(&'u')
                {
                    if let Some(low) = hex(i + 2).filter(|low| (0xdc00..=0xdfff).contains(low)) {
                        code = 0x10000 + (((code - 0xd800) << 10) | (low - 0xdc00));
                        i += 6;
                    }
                }
                out.push(char::from_u32(code).unwrap_or('\u{fffd}'));
            }
            c if (c as u32) < 0x20 && strict => {
                return decode_error("Invalid control character at", object, i);
            }
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
}

/// `scanstring(string, end, strict=True)`.
fn scanstring(a: Args) -> Res<PyRef> {
    a.arity("scanstring", 2, 3)?;
    let object = a.arg(0);
    let Some(text) = types::str::text(&object) else {
        return type_error(format!(
            "first argument must be a string, not {}",
            types::type_name(&object)
        ));
    };
    let end = ops::to_index(&a.arg(1))?;
    let strict = a.positional.get(2).map_or(Ok(true), ops::truthy)?;
    let chars: Vec<char> = text.chars().collect();
    if end < 0 || end as usize > chars.len() {
        return rt::value_error("end is out of bounds");
    }
    let (text, end) = scan_string(&chars, &object, end as usize, strict)?;
    Ok(rt::tuple(vec![rt::str(text), rt::int(end as i64)]))
}

fn encode_string(a: &Args, ascii: bool) -> Res<PyRef> {
    a.arity(a.name, 1, 1)?;
    let object = a.arg(0);
    let Some(text) = types::str::text(&object) else {
        return type_error(format!(
            "first argument must be a string, not {}",
            types::type_name(&object)
        ));
    };
    let mut out = String::with_capacity(text.len() + 2);
    escape_into(&mut out, text, ascii);
    Ok(rt::str(out))
}

/// Appends `text` as a JSON string literal, quotes included (`ascii`: every character past
/// `~` as `\uXXXX`, astral ones as surrogate pairs, as `encode_basestring_ascii`).
pub(super) fn escape_into(out: &mut String, text: &str, ascii: bool) {
    use std::fmt::Write;
    out.push('"');
    let plain = |c: char| c >= ' ' && c != '"' && c != '\\' && (!ascii || c <= '~');
    let mut rest = text;
    while !rest.is_empty() {
        // Runs of characters that need no escape are copied at once.
        let run = rest.find(|c: char| !plain(c)).unwrap_or(rest.len());
        out.push_str(&rest[..run]);
        rest = &rest[run..];
        let Some(c) = rest.chars().next() else { break };
        rest = &rest[c.len_utf8()..];
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units).iter() {
                    let _ = write!(out, "\\u{unit:04x}");
                }
            }
        }
    }
    out.push('"');
}

fn encode_basestring_ascii(a: Args) -> Res<PyRef> {
    encode_string(&a, true)
}

fn encode_basestring(a: Args) -> Res<PyRef> {
    encode_string(&a, false)
}

// ---- make_scanner ------------------------------------------------------------------------

/// A scanner's context (`json.JSONDecoder`'s settings), read once when it is made.
struct Scanner {
    strict: bool,
    object_hook: Option<PyRef>,
    object_pairs_hook: Option<PyRef>,
    parse_float: PyRef,
    parse_int: PyRef,
    parse_constant: PyRef,
}

impl NativeObject for Scanner {
    fn trace(&self, visitor: &mut rcgc::Visitor) {
        for object in self.object_hook.iter().chain(self.object_pairs_hook.iter()) {
            visitor.visit(object);
        }
        visitor.visit(&self.parse_float);
        visitor.visit(&self.parse_int);
        visitor.visit(&self.parse_constant);
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

static SCANNER: NativeClassDef = NativeClassDef {
    name: "Scanner",
    module: "_json",
    new: Some(scanner_new),
    methods: &[
        MethodDef { name: "__call__", function: scan_once_method },
        MethodDef { name: "__init__", function: |_| Ok(rt::none()) },
    ],
    class_methods: &[],
    attributes: &[],
    has_dict: false,
    subclassable: true,
    item_slots: None,
};

thread_local! {
    static SCANNER_CLASS: PyRef = make_class(&SCANNER, vec![]);
}

fn scanner_class() -> PyRef {
    SCANNER_CLASS.with(Clone::clone)
}

fn optional(value: PyRef) -> Option<PyRef> {
    (!matches!(value.kind, Kind::None)).then_some(value)
}

/// `make_scanner(context)`.
fn scanner_new(a: Args) -> Res<PyRef> {
    let cls = new_class_arg(&a, &scanner_class())?.clone();
    let Some(context) = a.positional.get(1) else {
        return type_error("make_scanner() missing required argument 'context' (pos 1)");
    };
    let get = |name: &str| attr::getattr(context, name);
    let scanner = Scanner {
        strict: ops::truthy(&get("strict")?)?,
        object_hook: optional(get("object_hook")?),
        object_pairs_hook: optional(get("object_pairs_hook")?),
        parse_float: get("parse_float")?,
        parse_int: get("parse_int")?,
        parse_constant: get("parse_constant")?,
    };
    Ok(new_object(&cls, scanner))
}

/// `scanner(string, index)`: `(value, end)`, or `StopIteration(index)` if no value starts
/// there.
fn scan_once_method(a: Args) -> Res<PyRef> {
    let (_, scanner) = state_of::<Scanner>(&a, &SCANNER)?;
    let [_, object, index] = &a.positional[..] else {
        return type_error("scan_once() takes exactly 2 arguments");
    };
    let Some(text) = types::str::text(object) else {
        return type_error(format!(
            "first argument must be a string, not {}",
            types::type_name(object)
        ));
    };
    let index = ops::to_index(index)?;
    let chars: Vec<char> = text.chars().collect();
    if index < 0 {
        return rt::value_error("idx cannot be negative");
    }
    let (value, end) = scan(scanner, &chars, object, index as usize)?;
    Ok(rt::tuple(vec![value, rt::int(end as i64)]))
}

fn skip_whitespace(chars: &[char], mut i: usize) -> usize {
    while matches!(chars.get(i), Some(' ' | '\t' | '\n' | '\r')) {
        i += 1;
    }
    i
}

fn is_builtin_type(function: &PyRef, ty: crate::types::BuiltinType) -> bool {
    rcgc::Gc::ptr_eq(function, &rt::builtin_type(ty))
}

/// Runs `parse` as one level of recursion (deep nesting is a `RecursionError`, as CPython's
/// `Py_EnterRecursiveCall` around each object and array).
fn nested(what: &str, parse: impl FnOnce() -> Res<(PyRef, usize)>) -> Res<(PyRef, usize)> {
    use crate::object::recursion::{check_recursion, leave_recursion};
    check_recursion().map_err(|mut e| {
        e.value = rt::exception(
            ExcKind::RecursionError,
            format!("maximum recursion depth exceeded while decoding a JSON {what} from a unicode string"),
        );
        e
    })?;
    let result = parse();
    leave_recursion();
    result
}

/// One value at `chars[i]`.
fn scan(s: &Scanner, chars: &[char], object: &PyRef, i: usize) -> Res<(PyRef, usize)> {
    let Some(&c) = chars.get(i) else { return stop_iteration(i) };
    let word = |w: &str| chars.get(i..i + w.len()).is_some_and(|s| s.iter().copied().eq(w.chars()));
    match c {
        '"' => {
            let (text, end) = scan_string(chars, object, i + 1, s.strict)?;
            Ok((rt::str(text), end))
        }
        '{' => nested("object", || scan_object(s, chars, object, i + 1)),
        '[' => nested("array", || scan_array(s, chars, object, i + 1)),
        'n' if word("null") => Ok((rt::none(), i + 4)),
        't' if word("true") => Ok((rt::boolean(true), i + 4)),
        'f' if word("false") => Ok((rt::boolean(false), i + 5)),
        'N' if word("NaN") => {
            Ok((ops::call(&s.parse_constant, vec![rt::str("NaN")], vec![])?, i + 3))
        }
        'I' if word("Infinity") => {
            Ok((ops::call(&s.parse_constant, vec![rt::str("Infinity")], vec![])?, i + 8))
        }
        '-' if chars.get(i..i + 9).is_some_and(|w| w.iter().copied().eq("-Infinity".chars())) => {
            Ok((ops::call(&s.parse_constant, vec![rt::str("-Infinity")], vec![])?, i + 9))
        }
        '-' | '0'..='9' => scan_number(s, chars, i),
        _ => stop_iteration(i),
    }
}

fn scan_number(s: &Scanner, chars: &[char], start: usize) -> Res<(PyRef, usize)> {
    let mut i = start;
    if chars.get(i) == Some(&'-') {
        i += 1;
    }
    match chars.get(i) {
        Some('0') => i += 1,
        Some('1'..='9') => {
            while matches!(chars.get(i), Some('0'..='9')) {
                i += 1;
            }
        }
        _ => return stop_iteration(start),
    }
    let mut is_float = false;
    if chars.get(i) == Some(&'.') && matches!(chars.get(i + 1), Some('0'..='9')) {
        is_float = true;
        i += 1;
        while matches!(chars.get(i), Some('0'..='9')) {
            i += 1;
        }
    }
    if matches!(chars.get(i), Some('e' | 'E')) {
        let mut j = i + 1;
        if matches!(chars.get(j), Some('+' | '-')) {
            j += 1;
        }
        if matches!(chars.get(j), Some('0'..='9')) {
            while matches!(chars.get(j), Some('0'..='9')) {
                j += 1;
            }
            is_float = true;
            i = j;
        }
    }
    let text: String = chars[start..i].iter().collect();
    let value = if is_float {
        if is_builtin_type(&s.parse_float, crate::types::BuiltinType::Float) {
            rt::float(text.parse::<f64>().unwrap_or(f64::NAN))
        } else {
            ops::call(&s.parse_float, vec![rt::str(&text)], vec![])?
        }
    } else if is_builtin_type(&s.parse_int, crate::types::BuiltinType::Int) {
        match text.parse::<i64>() {
            Ok(n) => rt::int(n),
            Err(_) => ops::call(&s.parse_int, vec![rt::str(&text)], vec![])?,
        }
    } else {
        ops::call(&s.parse_int, vec![rt::str(&text)], vec![])?
    };
    Ok((value, i))
}

/// A value inside a container: "Expecting value" where none starts.
fn scan_value(s: &Scanner, chars: &[char], object: &PyRef, i: usize) -> Res<(PyRef, usize)> {
    match scan(s, chars, object, i) {
        Err(error) if rt::is_exception(&error.value, ExcKind::StopIteration) => {
            decode_error("Expecting value", object, i)
        }
        other => other,
    }
}

fn scan_object(s: &Scanner, chars: &[char], object: &PyRef, start: usize) -> Res<(PyRef, usize)> {
    let mut pairs: Vec<(PyRef, PyRef)> = Vec::new();
    let mut i = skip_whitespace(chars, start);
    if chars.get(i) != Some(&'}') {
        loop {
            if chars.get(i) != Some(&'"') {
                return decode_error(
                    "Expecting property name enclosed in double quotes",
                    object,
                    i,
                );
            }
            let (key, end) = scan_string(chars, object, i + 1, s.strict)?;
            i = skip_whitespace(chars, end);
            if chars.get(i) != Some(&':') {
                return decode_error("Expecting ':' delimiter", object, i);
            }
            i = skip_whitespace(chars, i + 1);
            let (value, end) = scan_value(s, chars, object, i)?;
            pairs.push((rt::str(key), value));
            i = skip_whitespace(chars, end);
            match chars.get(i) {
                Some('}') => break,
                Some(',') => i = skip_whitespace(chars, i + 1),
                _ => return decode_error("Expecting ',' delimiter", object, i),
            }
        }
    }
    let end = i + 1;
    if let Some(hook) = &s.object_pairs_hook {
        let list =
            rt::list(pairs.into_iter().map(|(k, v)| rt::tuple(vec![k, v])).collect::<Vec<_>>());
        return Ok((ops::call(hook, vec![list], vec![])?, end));
    }
    let dict = rt::new_dict();
    for (key, value) in pairs {
        ops::dict_set(&dict, key, value)?;
    }
    if let Some(hook) = &s.object_hook {
        return Ok((ops::call(hook, vec![dict], vec![])?, end));
    }
    Ok((dict, end))
}

fn scan_array(s: &Scanner, chars: &[char], object: &PyRef, start: usize) -> Res<(PyRef, usize)> {
    let mut items = Vec::new();
    let mut i = skip_whitespace(chars, start);
    if chars.get(i) != Some(&']') {
        loop {
            let (value, end) = scan_value(s, chars, object, i)?;
            items.push(value);
            i = skip_whitespace(chars, end);
            match chars.get(i) {
                Some(']') => break,
                Some(',') => i = skip_whitespace(chars, i + 1),
                _ => return decode_error("Expecting ',' delimiter", object, i),
            }
        }
    }
    Ok((rt::list(items), i + 1))
}
