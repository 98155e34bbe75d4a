//! String formatting: `format(value, spec)` (the format-spec mini-language used by f-strings
//! and `str.format`), `%`-formatting, and `ascii()`.

use num_bigint::BigInt;
use num_traits::Signed;

use crate::object::error::Res;
use crate::object::exceptions::ExcKind;
use crate::object::runtime::{self as rt, type_error, value_error};
use crate::object::{Kind, PyRef};
use crate::types::ops;

/// A parsed format spec.
#[derive(Default)]
struct Spec {
    fill: char,
    align: Option<char>,
    sign: char,
    /// A sign character was written (`+`, `-` or space): refused for str and `c`.
    sign_given: bool,
    /// `z`: negative zero becomes positive zero after rounding (floats only).
    no_neg_zero: bool,
    alternate: bool,
    zero: bool,
    width: usize,
    grouping: Option<char>,
    precision: Option<usize>,
    kind: Option<char>,
}

/// Parses a spec as CPython's `parse_internal_render_format_spec` does for a value whose
/// presentation type defaults to `default_kind` (`d` for int, `s` for str, none for float):
/// the `0` flag pads with zeros, and aligns after the sign only where the default alignment
/// is to the right (numbers); a thousands separator is refused for a type that has none.
fn parse_spec(spec: &str, default_kind: Option<char>) -> Res<Spec> {
    let chars: Vec<char> = spec.chars().collect();
    let mut i = 0;
    let mut out = Spec { fill: ' ', sign: '-', ..Spec::default() };
    let is_align = |c: char| matches!(c, '<' | '>' | '^' | '=');
    let mut fill_given = false;
    if chars.len() >= 2 && is_align(chars[1]) {
        out.fill = chars[0];
        out.align = Some(chars[1]);
        fill_given = true;
        i = 2;
    } else if !chars.is_empty() && is_align(chars[0]) {
        out.align = Some(chars[0]);
        i = 1;
    }
    if i < chars.len() && matches!(chars[i], '+' | '-' | ' ') {
        out.sign = chars[i];
        out.sign_given = true;
        i += 1;
    }
    if i < chars.len() && chars[i] == 'z' {
        out.no_neg_zero = true;
        i += 1;
    }
    if i < chars.len() && chars[i] == '#' {
        out.alternate = true;
        i += 1;
    }
    if !fill_given && i < chars.len() && chars[i] == '0' {
        out.zero = true;
        i += 1;
    }
    let start = i;
    while i < chars.len() && chars[i].is_ascii_digit() {
        i += 1;
    }
    if i > start {
        out.width = chars[start..i].iter().collect::<String>().parse().unwrap_or(0);
    }
    if i < chars.len() && matches!(chars[i], ',' | '_') {
        out.grouping = Some(chars[i]);
        i += 1;
    }
    if i < chars.len() && chars[i] == '.' {
        i += 1;
        let start = i;
        while i < chars.len() && chars[i].is_ascii_digit() {
            i += 1;
        }
        if i == start {
            return value_error("Format specifier missing precision");
        }
        out.precision = Some(chars[start..i].iter().collect::<String>().parse().unwrap_or(0));
    }
    if i < chars.len() {
        out.kind = Some(chars[i]);
        i += 1;
    }
    if i != chars.len() {
        return value_error("Invalid format specifier");
    }
    if let Some(sep) = out.grouping {
        let kind = out.kind.or(default_kind);
        let allowed = match kind {
            None | Some('d' | 'e' | 'f' | 'g' | 'E' | 'G' | '%' | 'F') => true,
            Some('b' | 'o' | 'x' | 'X') => sep == '_',
            _ => false,
        };
        if !allowed {
            return value_error(format!("Cannot specify '{sep}' with '{}'.", kind.unwrap_or('?')));
        }
    }
    Ok(out)
}

/// The error for a presentation type the value's type does not have.
fn unknown_code<T>(kind: char, value: &PyRef) -> Res<T> {
    value_error(format!(
        "Unknown format code '{kind}' for object of type '{}'",
        crate::types::type_name(value)
    ))
}

fn group(digits: &str, separator: char) -> String {
    group_by(digits, separator, 3)
}

fn group_by(digits: &str, separator: char, size: usize) -> String {
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(size) {
            out.push(separator);
        }
        out.push(c);
    }
    out
}

fn pad(body: String, sign: &str, spec: &Spec, default_align: char) -> String {
    let len = body.chars().count() + sign.chars().count();
    if spec.width <= len {
        return format!("{sign}{body}");
    }
    let padding = spec.width - len;
    // `0` pads with zeros; with no alignment given, numbers put them after the sign.
    let (fill, align) = match (spec.zero, spec.align) {
        (true, None) if default_align == '>' => ('0', '='),
        (true, align) => ('0', align.unwrap_or(default_align)),
        (false, align) => (spec.fill, align.unwrap_or(default_align)),
    };
    let fills = |n: usize| std::iter::repeat_n(fill, n).collect::<String>();
    match align {
        '<' => format!("{sign}{body}{}", fills(padding)),
        '^' => format!("{}{sign}{body}{}", fills(padding / 2), fills(padding - padding / 2)),
        '=' => format!("{sign}{}{body}", fills(padding)),
        _ => format!("{}{sign}{body}", fills(padding)),
    }
}

fn sign_text(negative: bool, spec: &Spec) -> &'static str {
    match (negative, spec.sign) {
        (true, _) => "-",
        (false, '+') => "+",
        (false, ' ') => " ",
        _ => "",
    }
}

fn format_int(value: &BigInt, spec: &Spec) -> Res<String> {
    if spec.precision.is_some() {
        return value_error("Precision not allowed in integer format specifier");
    }
    if spec.no_neg_zero {
        return value_error("Negative zero coercion (z) not allowed in integer format specifier");
    }
    if spec.kind == Some('c') {
        if spec.sign_given {
            return value_error("Sign not allowed with integer format specifier 'c'");
        }
        if spec.alternate {
            return value_error("Alternate form (#) not allowed with integer format specifier 'c'");
        }
    }
    let magnitude = value.abs();
    let body = match spec.kind.unwrap_or('d') {
        'd' | 'n' => {
            let digits = magnitude.to_string();
            match spec.grouping {
                Some(sep) => group(&digits, sep),
                None => digits,
            }
        }
        'b' | 'o' | 'x' | 'X' => {
            let (radix, prefix) = match spec.kind.unwrap_or('d') {
                'b' => (2, "0b"),
                'o' => (8, "0o"),
                'x' => (16, "0x"),
                _ => (16, "0X"),
            };
            let mut digits = magnitude.to_str_radix(radix);
            if spec.kind == Some('X') {
                digits = digits.to_uppercase();
            }
            // `_` groups these radixes by four digits.
            if spec.grouping == Some('_') {
                digits = group_by(&digits, '_', 4);
            }
            format!("{}{digits}", if spec.alternate { prefix } else { "" })
        }
        'c' => {
            let code = u32::try_from(value).ok().and_then(char::from_u32);
            match code {
                Some(c) => c.to_string(),
                None => return rt::raise(ExcKind::OverflowError, "%c arg not in range(0x110000)"),
            }
        }
        other => {
            return value_error(format!("Unknown format code '{other}' for object of type 'int'"))
        }
    };
    Ok(pad(body, sign_text(value.is_negative(), spec), spec, '>'))
}

fn exponent_form(value: f64, precision: usize, upper: bool) -> String {
    let text = format!("{value:.precision$e}");
    let (mantissa, exponent) = text.split_once('e').unwrap_or((&text, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let e = if upper { 'E' } else { 'e' };
    format!("{mantissa}{e}{}{:02}", if exponent < 0 { '-' } else { '+' }, exponent.abs())
}

fn general_form(value: f64, precision: usize, upper: bool, alternate: bool) -> String {
    let precision = precision.max(1);
    if value == 0.0 {
        return if alternate { format!("{:.*}", precision - 1, 0.0) } else { "0".into() };
    }
    let exponent = value.abs().log10().floor() as i32;
    // Python decides on the exponent after rounding to `precision` digits.
    let rounded = format!("{:.*e}", precision - 1, value);
    let exponent =
        rounded.split_once('e').and_then(|(_, e)| e.parse::<i32>().ok()).unwrap_or(exponent);
    let text = if exponent < -4 || exponent >= precision as i32 {
        exponent_form(value, precision - 1, upper)
    } else {
        let decimals = (precision as i32 - 1 - exponent).max(0) as usize;
        format!("{value:.decimals$}")
    };
    if alternate {
        return text;
    }
    // Strip trailing zeros of the fraction.
    match text.split_once(['e', 'E']) {
        Some((mantissa, exp)) => {
            let mantissa = strip_zeros(mantissa);
            format!("{mantissa}{}{exp}", if upper { 'E' } else { 'e' })
        }
        None => strip_zeros(&text),
    }
}

/// The mantissa of an exponent form without trailing zeros (`4.0e+00` → `4e+00`).
fn strip_exponent_zeros(text: &str) -> String {
    match text.split_once('e') {
        Some((mantissa, exp)) => format!("{}e{exp}", strip_zeros(mantissa)),
        None => text.to_string(),
    }
}

fn strip_zeros(text: &str) -> String {
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text.to_string()
    }
}

fn format_float(value: f64, spec: &Spec) -> Res<String> {
    let mut negative = value.is_sign_negative() && !value.is_nan();
    let magnitude = value.abs();
    let body = if magnitude.is_infinite() || magnitude.is_nan() {
        let text = if magnitude.is_nan() { "nan" } else { "inf" };
        if matches!(spec.kind, Some('E' | 'F' | 'G')) {
            text.to_uppercase()
        } else {
            text.to_string()
        }
    } else {
        match spec.kind {
            None => match spec.precision {
                None => ops::float_repr(magnitude),
                // CPython's 'r' turned 'g' with `Py_DTSF_ADD_DOT_0`: the exponent form from
                // one digit earlier than 'g' (`decpt > precision - 1`), and ".0" after an
                // integral result.
                Some(p) => {
                    let p = p.max(1);
                    let rounded = format!("{:.*e}", p - 1, magnitude);
                    let exponent = rounded
                        .split_once('e')
                        .and_then(|(_, e)| e.parse::<i32>().ok())
                        .unwrap_or(0);
                    let text = if exponent >= p as i32 - 1 {
                        strip_exponent_zeros(&exponent_form(magnitude, p - 1, false))
                    } else {
                        general_form(magnitude, p, false, false)
                    };
                    if text.contains(['.', 'e', 'n', 'i']) {
                        text
                    } else {
                        format!("{text}.0")
                    }
                }
            },
            Some('n') => {
                general_form(magnitude, spec.precision.unwrap_or(6), false, spec.alternate)
            }
            Some('f' | 'F') => format!("{magnitude:.*}", spec.precision.unwrap_or(6)),
            Some('e') => exponent_form(magnitude, spec.precision.unwrap_or(6), false),
            Some('E') => exponent_form(magnitude, spec.precision.unwrap_or(6), true),
            Some('g') => {
                general_form(magnitude, spec.precision.unwrap_or(6), false, spec.alternate)
            }
            Some('G') => general_form(magnitude, spec.precision.unwrap_or(6), true, spec.alternate),
            Some('%') => format!("{:.*}%", spec.precision.unwrap_or(6), magnitude * 100.0),
            Some(other) => {
                return value_error(format!(
                    "Unknown format code '{other}' for object of type 'float'"
                ))
            }
        }
    };
    // `z`: a result that rounds to zero loses its minus sign.
    if spec.no_neg_zero && negative && body.chars().all(|c| !c.is_ascii_digit() || c == '0') {
        negative = false;
    }
    let body = match spec.grouping {
        Some(sep) => {
            let (int_part, rest) = match body.find(|c: char| !c.is_ascii_digit()) {
                Some(i) => body.split_at(i),
                None => (body.as_str(), ""),
            };
            format!("{}{rest}", group(int_part, sep))
        }
        None => body,
    };
    Ok(pad(body, sign_text(negative, spec), spec, '>'))
}

/// `format(value, spec)`.
pub fn format_value(value: &PyRef, spec: &str) -> Res<String> {
    if let Kind::Instance(_) | Kind::Extended(_) | Kind::Native(_) = &value.kind {
        if let Some(result) = ops::call_special_name(
            value,
            crate::object::hash::name!("__format__"),
            vec![rt::str(spec)],
        )? {
            return match crate::object::str_text(&result) {
                Some(s) => Ok(s.to_string()),
                None => type_error("__format__ must return a str"),
            };
        }
        // A subclass of a built-in type: the built-in value's `__format__`.
        if let (false, Some(base)) = (spec.is_empty(), crate::object::builtin_base(value)) {
            return format_value(&base, spec);
        }
        if !spec.is_empty() {
            return type_error(format!(
                "unsupported format string passed to {}.__format__",
                crate::types::type_name(value)
            ));
        }
        return Ok(ops::str_of(value)?.to_string());
    }
    if spec.is_empty() {
        return Ok(ops::str_of(value)?.to_string());
    }
    match &value.kind {
        Kind::Int(_) | Kind::Bool(_) => {
            let parsed = parse_spec(spec, Some('d'))?;
            match parsed.kind {
                None | Some('b' | 'c' | 'd' | 'o' | 'x' | 'X' | 'n') => {
                    format_int(&ops::to_bigint(value).expect("int"), &parsed)
                }
                Some('e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%') => format_float(
                    ops::to_f64(&rt::int(ops::to_bigint(value).expect("int")))?,
                    &parsed,
                ),
                Some(other) => unknown_code(other, value),
            }
        }
        Kind::Float(f) => {
            let parsed = parse_spec(spec, None)?;
            match parsed.kind {
                None | Some('e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%' | 'n') => {
                    format_float(*f, &parsed)
                }
                Some(other) => unknown_code(other, value),
            }
        }
        Kind::Str(..) => {
            let parsed = parse_spec(spec, Some('s'))?;
            let s = crate::object::text_of(value);
            if !matches!(parsed.kind, None | Some('s')) {
                return unknown_code(parsed.kind.unwrap_or('?'), value);
            }
            // CPython's `format_string_internal`: what only numbers have is refused.
            if parsed.sign_given {
                return value_error(if parsed.sign == ' ' {
                    "Space not allowed in string format specifier"
                } else {
                    "Sign not allowed in string format specifier"
                });
            }
            if parsed.no_neg_zero {
                return value_error(
                    "Negative zero coercion (z) not allowed in string format specifier",
                );
            }
            if parsed.alternate {
                return value_error("Alternate form (#) not allowed in string format specifier");
            }
            if parsed.align == Some('=') {
                return value_error("'=' alignment not allowed in string format specifier");
            }
            let text: String = match parsed.precision {
                Some(p) => s.chars().take(p).collect(),
                None => s.to_string(),
            };
            Ok(pad(text, "", &parsed, '<'))
        }
        Kind::Complex(..) => {
            let parsed = parse_spec(spec, None)?;
            let text = ops::str_of(value)?.to_string();
            if parsed.kind.is_some() || parsed.precision.is_some() {
                return unknown_code(parsed.kind.unwrap_or('?'), value);
            }
            Ok(pad(text, "", &parsed, '>'))
        }
        // `object.__format__`: only the empty spec.
        _ => type_error(format!(
            "unsupported format string passed to {}.__format__",
            crate::types::type_name(value)
        )),
    }
}

/// `ascii()` of a repr: non-ASCII characters escaped.
pub fn ascii(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        match c as u32 {
            0..=0x7f => out.push(c),
            code @ 0x80..=0xff => out.push_str(&format!("\\x{code:02x}")),
            code @ 0x100..=0xffff => out.push_str(&format!("\\u{code:04x}")),
            code => out.push_str(&format!("\\U{code:08x}")),
        }
    }
    out
}

/// `%d`/`%x`/`%o` with `flags` (CPython's `formatlong` then the width): a precision is the
/// least number of digits, `0` pads with zeros after the sign and prefix, `-` aligns left.
fn int_percent(value: &PyRef, flags: &str, conversion: char) -> Res<String> {
    let (flags, precision) = match flags.split_once('.') {
        Some((flags, precision)) => (flags, Some(precision.parse::<usize>().unwrap_or(0))),
        None => (flags, None),
    };
    let marks: String =
        flags.chars().take_while(|c| matches!(c, '-' | '+' | ' ' | '#' | '0')).collect();
    let width: usize = flags[marks.len()..].parse().unwrap_or(0);
    let sign_flags: String = marks.chars().filter(|c| matches!(c, '+' | ' ' | '#')).collect();
    if let Kind::Instance(_) | Kind::Extended(_) | Kind::Native(_) = &value.kind {
        // A user's number (an `int` subclass, `__index__`): its own `__format__`.
        return format_value(value, &format!("{flags}{conversion}"));
    }
    if !matches!(value.kind, Kind::Int(_) | Kind::Bool(_)) {
        let what = if conversion == 'd' { "a real number" } else { "an integer" };
        return type_error(format!(
            "%{conversion} format: {what} is required, not {}",
            crate::types::type_name(value)
        ));
    }
    let text = format_value(value, &format!("{sign_flags}{conversion}"))?;
    // The prefix (`-`, `+`, `0x`...) ends where the digits start.
    let prefix_end = match text.find(['x', 'X', 'o']) {
        Some(i) if conversion != 'd' => i + 1,
        _ => text.find(|c: char| c.is_ascii_digit()).unwrap_or(0),
    };
    let (prefix, digits) = text.split_at(prefix_end);
    let mut zeros = precision.unwrap_or(0).saturating_sub(digits.len());
    let left = marks.contains('-');
    if marks.contains('0') && !left {
        zeros = zeros.max(width.saturating_sub(prefix.len() + digits.len()));
    }
    let body = format!("{prefix}{}{digits}", "0".repeat(zeros));
    let padding = " ".repeat(width.saturating_sub(body.chars().count()));
    Ok(if left { format!("{body}{padding}") } else { format!("{padding}{body}") })
}

/// `format % args`.
pub fn percent_format(format: &str, args: &PyRef) -> Res<String> {
    percent_core(format, args, false)
}

/// `bytes % args` and `bytearray % args` (PEP 461): the format's bytes read as Latin-1 run
/// through the str machinery, `%s`/`%b` taking bytes-like objects (or `__bytes__`), `%r`/`%a`
/// the ASCII repr, `%c` an int below 256 or one byte; the result is Latin-1 again.
pub fn percent_format_bytes(format: &[u8], args: &PyRef) -> Res<Vec<u8>> {
    let text: String = format.iter().map(|&b| char::from(b)).collect();
    let out = percent_core(&text, args, true)?;
    // Every char is below 256: bytes parts are Latin-1, the rest ASCII.
    Ok(out.chars().map(|c| c as u32 as u8).collect())
}

/// A bytes-like argument of `%s`/`%b` in bytes formatting, as Latin-1 text.
fn bytes_argument(value: &PyRef) -> Res<String> {
    let latin1 = |b: &[u8]| b.iter().map(|&b| char::from(b)).collect::<String>();
    match &value.kind {
        Kind::Bytes(b) => Ok(latin1(b)),
        Kind::ByteArray(b) => Ok(latin1(&b.borrow())),
        _ => {
            if let Some(result) =
                ops::call_special_name(value, crate::object::hash::name!("__bytes__"), vec![])?
            {
                if let Kind::Bytes(b) = &result.kind {
                    return Ok(latin1(b));
                }
                return type_error(format!(
                    "__bytes__ returned non-bytes (type {})",
                    crate::types::type_name(&result)
                ));
            }
            type_error(format!(
                "%b requires a bytes-like object, or an object that implements __bytes__, not '{}'",
                crate::types::type_name(value)
            ))
        }
    }
}

/// Whether `%` formatting takes `args` (not a tuple) as its mapping: CPython takes any
/// object whose type can be subscripted (`mp_subscript`: a list or a range as well as a
/// dict) except a str (and in bytes formatting a bytes), so `'abc' % [1]` is `'abc'`, and
/// only such an object may be left unconverted.
fn formatting_mapping(args: &PyRef, bytes_mode: bool) -> bool {
    match &args.kind {
        Kind::Str(..) => false,
        Kind::Bytes(_) | Kind::ByteArray(_) => !bytes_mode,
        Kind::List(_) | Kind::Dict(_) | Kind::Range(_) => true,
        Kind::Instance(_) | Kind::Extended(_) | Kind::Native(_) => {
            let excluded = |base: &PyRef| match &base.kind {
                Kind::Str(..) => true,
                Kind::Bytes(_) | Kind::ByteArray(_) => bytes_mode,
                _ => false,
            };
            if crate::object::builtin_base(args).is_some_and(|base| excluded(&base)) {
                return false;
            }
            // A deque is subscripted through the sequence protocol only (`sq_item`).
            let class = crate::types::type_of(args);
            let deque = crate::types::mro_of(&class).iter().any(|c| {
                crate::types::native_class::native_def(c)
                    .is_some_and(|def| def.module == "collections" && def.name == "deque")
            });
            !deque
                && ops::lookup_special_name(args, crate::object::hash::name!("__getitem__"))
                    .is_some()
        }
        _ => crate::types::attr::lookup(&crate::types::type_of(args), "__getitem__")
            .ok()
            .flatten()
            .is_some(),
    }
}

fn percent_core(format: &str, args: &PyRef, bytes_mode: bool) -> Res<String> {
    let tuple_items = match &args.kind {
        Kind::Tuple(items) => Some(items.to_vec()),
        Kind::Extended(extended) => match &extended.base.kind {
            Kind::Tuple(items) => Some(items.to_vec()),
            _ => None,
        },
        _ => None,
    };
    let (items, mapping): (Vec<PyRef>, Option<PyRef>) = match tuple_items {
        Some(items) => (items, None),
        None if formatting_mapping(args, bytes_mode) => (vec![args.clone()], Some(args.clone())),
        None => (vec![args.clone()], None),
    };
    let mut next = 0;
    let mut out = String::new();
    let chars: Vec<char> = format.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        i += 1;
        if c != '%' {
            out.push(c);
            continue;
        }
        if i >= chars.len() {
            return value_error("incomplete format");
        }
        let mut key = None;
        if chars[i] == '(' {
            let end = chars[i..].iter().position(|&c| c == ')').map(|p| p + i);
            let Some(end) = end else { return value_error("incomplete format key") };
            key = Some(chars[i + 1..end].iter().collect::<String>());
            i = end + 1;
        }
        let start = i;
        while i < chars.len() && "-+ #0123456789.".contains(chars[i]) {
            i += 1;
        }
        if i >= chars.len() {
            return value_error("incomplete format");
        }
        let flags: String = chars[start..i].iter().collect();
        let conversion = chars[i];
        i += 1;
        if conversion == '%' {
            out.push('%');
            continue;
        }
        let value = match &key {
            Some(key) => match &mapping {
                Some(m) if bytes_mode => {
                    let key: Vec<u8> = key.chars().map(|c| c as u32 as u8).collect();
                    ops::getitem(m, &crate::object::alloc(Kind::Bytes(key.into())))?
                }
                Some(m) => ops::getitem(m, &rt::str(key.as_str()))?,
                None => return type_error("format requires a mapping"),
            },
            None => {
                let Some(value) = items.get(next).cloned() else {
                    return type_error("not enough arguments for format string");
                };
                next += 1;
                value
            }
        };
        let (align_left, rest) = match flags.strip_prefix('-') {
            Some(rest) => (true, rest.to_string()),
            None => (false, flags.clone()),
        };
        let text = match conversion {
            's' | 'b' if bytes_mode => bytes_argument(&value)?,
            'r' | 'a' if bytes_mode => ascii(&ops::repr(&value)?),
            'c' if bytes_mode => match &value.kind {
                Kind::Bytes(b) if b.len() == 1 => char::from(b[0]).to_string(),
                Kind::ByteArray(b) if b.borrow().len() == 1 => {
                    char::from(b.borrow()[0]).to_string()
                }
                Kind::Int(_) | Kind::Bool(_) => match ops::to_bigint(&value)
                    .and_then(|i| u8::try_from(i).ok())
                {
                    Some(byte) => char::from(byte).to_string(),
                    None => return rt::raise(ExcKind::OverflowError, "%c arg not in range(256)"),
                },
                _ => return type_error("%c requires an integer in range(256) or a single byte"),
            },
            's' => ops::str_of(&value)?.to_string(),
            'r' => ops::repr(&value)?.to_string(),
            'a' => ascii(&ops::repr(&value)?),
            'd' | 'i' | 'u' => {
                let int = match &value.kind {
                    Kind::Float(f) => rt::int(num_bigint::BigInt::from(f.trunc() as i64)),
                    _ => value.clone(),
                };
                int_percent(&int, &flags, 'd')?
            }
            'x' | 'X' | 'o' => int_percent(&value, &flags, conversion)?,
            // `%c` of a one-character str is that character (`csv.Sniffer` relies on it).
            'c' if crate::object::str_text(&value).is_some() => {
                let text = crate::object::str_text(&value).unwrap_or_default();
                let mut chars = text.chars();
                match (chars.next(), chars.next()) {
                    (Some(c), None) => c.to_string(),
                    _ => return type_error("%c requires int or char"),
                }
            }
            'e' | 'E' | 'f' | 'F' | 'g' | 'G' | 'c' => {
                format_value(&value, &format!("{rest}{conversion}"))?
            }
            other => return value_error(format!("unsupported format character '{other}'")),
        };
        let width: usize = rest
            .trim_start_matches(['+', ' ', '#', '0'])
            .split('.')
            .next()
            .unwrap_or("")
            .parse()
            .unwrap_or(0);
        let text =
            if matches!(conversion, 's' | 'r' | 'a' | 'c' | 'b') && width > text.chars().count() {
                let padding = " ".repeat(width - text.chars().count());
                if align_left {
                    format!("{text}{padding}")
                } else {
                    format!("{padding}{text}")
                }
            } else if align_left && width > text.chars().count() {
                format!(
                    "{}{}",
                    text.trim_start(),
                    " ".repeat(width - text.trim_start().chars().count())
                )
            } else {
                text
            };
        out.push_str(&text);
    }
    if next < items.len() && mapping.is_none() {
        return type_error(if bytes_mode {
            "not all arguments converted during bytes formatting"
        } else {
            "not all arguments converted during string formatting"
        });
    }
    Ok(out)
}
