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
    alternate: bool,
    zero: bool,
    width: usize,
    grouping: Option<char>,
    precision: Option<usize>,
    kind: Option<char>,
}

fn parse_spec(spec: &str) -> Res<Spec> {
    let chars: Vec<char> = spec.chars().collect();
    let mut i = 0;
    let mut out = Spec { fill: ' ', sign: '-', ..Spec::default() };
    let is_align = |c: char| matches!(c, '<' | '>' | '^' | '=');
    if chars.len() >= 2 && is_align(chars[1]) {
        out.fill = chars[0];
        out.align = Some(chars[1]);
        i = 2;
    } else if !chars.is_empty() && is_align(chars[0]) {
        out.align = Some(chars[0]);
        i = 1;
    }
    if i < chars.len() && matches!(chars[i], '+' | '-' | ' ') {
        out.sign = chars[i];
        i += 1;
    }
    if i < chars.len() && chars[i] == '#' {
        out.alternate = true;
        i += 1;
    }
    if i < chars.len() && chars[i] == '0' {
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
    Ok(out)
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
    let (fill, align) = if spec.zero && spec.align.is_none() {
        ('0', '=')
    } else {
        (spec.fill, spec.align.unwrap_or(default_align))
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
        'e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%' => {
            let f = ops::to_f64(&rt::int(value.clone()))?;
            return format_float(f, spec);
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

fn strip_zeros(text: &str) -> String {
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text.to_string()
    }
}

fn format_float(value: f64, spec: &Spec) -> Res<String> {
    let negative = value.is_sign_negative() && !value.is_nan();
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
                Some(p) => {
                    let text = general_form(magnitude, p, false, false);
                    if text.contains(['.', 'e', 'n', 'i']) {
                        text
                    } else {
                        format!("{text}.0")
                    }
                }
            },
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
    let parsed = parse_spec(spec)?;
    match &value.kind {
        Kind::Bool(b) if parsed.kind.is_none() => {
            Ok(pad(if *b { "True" } else { "False" }.into(), "", &parsed, '<'))
        }
        Kind::Int(_) | Kind::Bool(_) => format_int(&ops::to_bigint(value).expect("int"), &parsed),
        Kind::Float(f) => format_float(*f, &parsed),
        Kind::Str(..) => {
            let s = crate::object::text_of(value);
            if !matches!(parsed.kind, None | Some('s')) {
                return value_error(format!(
                    "Unknown format code '{}' for object of type 'str'",
                    parsed.kind.unwrap_or('?')
                ));
            }
            let text: String = match parsed.precision {
                Some(p) => s.chars().take(p).collect(),
                None => s.to_string(),
            };
            Ok(pad(text, "", &parsed, '<'))
        }
        _ => {
            let text = ops::str_of(value)?.to_string();
            if parsed.kind.is_some() || parsed.precision.is_some() {
                return type_error(format!(
                    "unsupported format string passed to {}.__format__",
                    crate::types::type_name(value)
                ));
            }
            Ok(pad(text, "", &parsed, '<'))
        }
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

/// `format % args`.
pub fn percent_format(format: &str, args: &PyRef) -> Res<String> {
    let (items, mapping): (Vec<PyRef>, Option<PyRef>) = match &args.kind {
        Kind::Tuple(items) => (items.to_vec(), None),
        Kind::Dict(_) => (vec![args.clone()], Some(args.clone())),
        _ => (vec![args.clone()], None),
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
            's' => ops::str_of(&value)?.to_string(),
            'r' => ops::repr(&value)?.to_string(),
            'a' => ascii(&ops::repr(&value)?),
            'd' | 'i' | 'u' => {
                let int = match &value.kind {
                    Kind::Float(f) => rt::int(num_bigint::BigInt::from(f.trunc() as i64)),
                    _ => value.clone(),
                };
                format_value(&int, &format!("{rest}d"))?
            }
            // `%c` of a one-character str is that character (`csv.Sniffer` relies on it).
            'c' if crate::object::str_text(&value).is_some() => {
                let text = crate::object::str_text(&value).unwrap_or_default();
                let mut chars = text.chars();
                match (chars.next(), chars.next()) {
                    (Some(c), None) => c.to_string(),
                    _ => return type_error("%c requires int or char"),
                }
            }
            'x' | 'X' | 'o' | 'e' | 'E' | 'f' | 'F' | 'g' | 'G' | 'c' => {
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
        let text = if matches!(conversion, 's' | 'r' | 'a' | 'c') && width > text.chars().count() {
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
        return type_error("not all arguments converted during string formatting");
    }
    Ok(out)
}
