//! The `_string` module that CPython's `string.py` imports: `formatter_parser` and
//! `formatter_field_name_split`, the parsers of `str.format` strings behind
//! `string.Formatter`, lazy iterators as CPython's (`Objects/stringlib/unicode_format.h`),
//! with its `ValueError`s.
//!
//! Every delimiter is ASCII, so the text is scanned as UTF-8 bytes: a position where scanning
//! stops is always a character boundary.

use crate::object::error::Res;
use crate::object::exceptions::ExcKind;
use crate::object::native::Args;
use crate::object::runtime::{self as rt, raise, type_error};
use crate::object::{builtin_base, str_text, PyRef};
use crate::types;

use super::native_iter::{new_iterator, with_state};
use super::{native, new_module};

/// `import _string`.
pub fn string_module() -> PyRef {
    new_module(
        "_string",
        vec![
            ("formatter_parser", native("formatter_parser", formatter_parser)),
            (
                "formatter_field_name_split",
                native("formatter_field_name_split", formatter_field_name_split),
            ),
        ],
    )
}

/// The one argument, a str (or an instance of a subclass of str).
fn str_arg(a: &Args) -> Res<PyRef> {
    if !a.keywords.is_empty() {
        return type_error(format!("_string.{}() takes no keyword arguments", a.name));
    }
    if a.positional.len() != 1 {
        return type_error(format!(
            "_string.{}() takes exactly one argument ({} given)",
            a.name,
            a.positional.len()
        ));
    }
    let argument = a.arg(0);
    let text = if str_text(&argument).is_some() {
        Some(argument.clone())
    } else {
        builtin_base(&argument).filter(|base| str_text(base).is_some())
    };
    match text {
        Some(text) => Ok(text),
        None => type_error(format!("expected str, got {}", types::type_name(&argument))),
    }
}

/// A range of the text, `None` where CPython has a NULL substring (shown as `None`).
type Span = Option<(usize, usize)>;

fn span_object(text: &str, span: Span) -> PyRef {
    match span {
        Some((start, end)) => rt::str(&text[start..end]),
        None => rt::none(),
    }
}

// ---- formatter_parser ----------------------------------------------------------------------

/// `formatter_parser(str)`: `(literal, field_name, format_spec, conversion)` for each piece.
struct Markup {
    text: PyRef,
    position: usize,
}

impl crate::object::NativeIter for Markup {
    fn trace(&self, visitor: &mut rcgc::Visitor) {
        visitor.visit(&self.text);
    }
    fn class(&self) -> Option<PyRef> {
        None
    }
    fn resume(&self) -> fn(&PyRef) -> Res<Option<PyRef>> {
        markup_next
    }
    fn as_any_mut(&mut self) -> &mut dyn std::any::Any {
        self
    }
}

fn formatter_parser(a: Args) -> Res<PyRef> {
    Ok(new_iterator(Markup { text: str_arg(&a)?, position: 0 }))
}

/// A replacement field: name, format spec and conversion character.
struct Field {
    name: (usize, usize),
    spec: Span,
    conversion: Option<char>,
}

fn markup_next(this: &PyRef) -> Res<Option<PyRef>> {
    let step = with_state(this, |m: &mut Markup| {
        let text = str_text(&m.text).unwrap_or_default();
        let piece = next_piece(text, &mut m.position);
        piece.map(|piece| piece.map(|(literal, field)| piece_tuple(text, literal, field)))
    })?;
    match step {
        Ok(piece) => Ok(piece),
        Err(message) => raise(ExcKind::ValueError, message),
    }
}

fn piece_tuple(text: &str, literal: (usize, usize), field: Option<Field>) -> PyRef {
    let literal = rt::str(&text[literal.0..literal.1]);
    let Some(field) = field else {
        return rt::tuple(vec![literal, rt::none(), rt::none(), rt::none()]);
    };
    let spec = field.spec.map_or_else(|| rt::str(""), |(s, e)| rt::str(&text[s..e]));
    let conversion = field.conversion.map_or_else(rt::none, |c| rt::str(c.to_string()));
    rt::tuple(vec![literal, span_object(text, Some(field.name)), spec, conversion])
}

/// CPython's `MarkupIterator_next`: literal text up to a brace (an escaped `{{` or `}}`
/// ends it, keeping one brace), then the replacement field if one follows.
#[allow(clippy::type_complexity)]
fn next_piece(
    text: &str,
    position: &mut usize,
) -> Result<Option<((usize, usize), Option<Field>)>, &'static str> {
    let bytes = text.as_bytes();
    let end = bytes.len();
    if *position >= end {
        return Ok(None);
    }
    let start = *position;
    let mut c = 0u8;
    let mut markup_follows = false;
    while *position < end {
        c = bytes[*position];
        *position += 1;
        if c == b'{' || c == b'}' {
            markup_follows = true;
            break;
        }
    }
    let at_end = *position >= end;
    let mut length = *position - start;
    if c == b'}' && markup_follows && (at_end || bytes[*position] != b'}') {
        return Err("Single '}' encountered in format string");
    }
    if at_end && c == b'{' && markup_follows {
        return Err("Single '{' encountered in format string");
    }
    if !at_end {
        if c == bytes[*position] {
            // An escaped brace: the literal keeps one, no field follows.
            *position += 1;
            markup_follows = false;
        } else {
            length -= 1;
        }
    }
    let literal = (start, start + length);
    if !markup_follows {
        return Ok(Some((literal, None)));
    }
    parse_field(text, position).map(|field| Some((literal, Some(field))))
}

/// CPython's `parse_field`: `name[!conversion][:spec]}` after a `{`.
fn parse_field(text: &str, position: &mut usize) -> Result<Field, &'static str> {
    let bytes = text.as_bytes();
    let end = bytes.len();
    let name_start = *position;
    let mut c = 0u8;
    while *position < end {
        c = bytes[*position];
        *position += 1;
        match c {
            b'{' => return Err("unexpected '{' in field name"),
            b'[' => {
                while *position < end && bytes[*position] != b']' {
                    *position += 1;
                }
            }
            b'}' | b':' | b'!' => break,
            _ => {}
        }
    }
    let name = (name_start, position.saturating_sub(1).max(name_start));
    let mut field = Field { name, spec: None, conversion: None };
    if c == b'!' || c == b':' {
        if c == b'!' {
            let Some(conversion) = text.get(*position..).and_then(|rest| rest.chars().next())
            else {
                return Err("end of string while looking for conversion specifier");
            };
            field.conversion = Some(conversion);
            *position += conversion.len_utf8();
            if *position < end {
                let next = bytes[*position];
                *position += 1;
                if next == b'}' {
                    return Ok(field);
                }
                if next != b':' {
                    return Err("expected ':' after conversion specifier");
                }
            }
        }
        let spec_start = *position;
        let mut depth = 1;
        while *position < end {
            let c = bytes[*position];
            *position += 1;
            if c == b'{' {
                depth += 1;
            } else if c == b'}' {
                depth -= 1;
                if depth == 0 {
                    field.spec = Some((spec_start, *position - 1));
                    return Ok(field);
                }
            }
        }
        return Err("unmatched '{' in format spec");
    }
    if c != b'}' {
        return Err("expected '}' before end of string");
    }
    Ok(field)
}

// ---- formatter_field_name_split ------------------------------------------------------------

/// The rest of a field name after its first part: `(is_attribute, key)` for each `.name` or
/// `[key]`.
struct FieldName {
    text: PyRef,
    position: usize,
}

impl crate::object::NativeIter for FieldName {
    fn trace(&self, visitor: &mut rcgc::Visitor) {
        visitor.visit(&self.text);
    }
    fn class(&self) -> Option<PyRef> {
        None
    }
    fn resume(&self) -> fn(&PyRef) -> Res<Option<PyRef>> {
        field_name_next
    }
    fn as_any_mut(&mut self) -> &mut dyn std::any::Any {
        self
    }
}

/// `formatter_field_name_split(field_name)`: `(first, rest)`, `first` an int when it is one.
fn formatter_field_name_split(a: Args) -> Res<PyRef> {
    let text = str_arg(&a)?;
    let field = str_text(&text).unwrap_or_default();
    let split = field.find(['.', '[']).unwrap_or(field.len());
    let first = match integer(&field[..split]) {
        Ok(Some(index)) => rt::int(index),
        Ok(None) => rt::str(&field[..split]),
        Err(message) => return raise(ExcKind::ValueError, message),
    };
    let rest = new_iterator(FieldName { text: text.clone(), position: split });
    Ok(rt::tuple(vec![first, rest]))
}

/// CPython's `get_integer`: the value of a run of decimal digits (`None` otherwise or empty).
fn integer(digits: &str) -> Result<Option<i64>, &'static str> {
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Ok(None);
    }
    digits.parse().map(Some).map_err(|_| "Too many decimal digits in format string")
}

fn field_name_next(this: &PyRef) -> Res<Option<PyRef>> {
    let step = with_state(this, |f: &mut FieldName| {
        let text = str_text(&f.text).unwrap_or_default();
        next_key(text, &mut f.position)
    })?;
    match step {
        Ok(key) => Ok(key),
        Err(message) => raise(ExcKind::ValueError, message),
    }
}

/// CPython's `FieldNameIterator_next`.
fn next_key(text: &str, position: &mut usize) -> Result<Option<PyRef>, &'static str> {
    let bytes = text.as_bytes();
    let end = bytes.len();
    if *position >= end {
        return Ok(None);
    }
    let c = bytes[*position];
    *position += 1;
    let start = *position;
    let (is_attribute, name) = match c {
        b'.' => {
            while *position < end && bytes[*position] != b'.' && bytes[*position] != b'[' {
                *position += 1;
            }
            (true, (start, *position))
        }
        b'[' => {
            let Some(close) = text[start..].find(']') else {
                *position = end;
                return Err("Missing ']' in format string");
            };
            *position = start + close + 1;
            (false, (start, start + close))
        }
        _ => return Err("Only '.' or '[' may follow ']' in format field specifier"),
    };
    if name.0 == name.1 {
        return Err("Empty attribute in format string");
    }
    let key_text = &text[name.0..name.1];
    let index = if is_attribute { None } else { integer(key_text)? };
    let key = index.map_or_else(|| rt::str(key_text), rt::int);
    Ok(Some(rt::tuple(vec![rt::boolean(is_attribute), key])))
}
