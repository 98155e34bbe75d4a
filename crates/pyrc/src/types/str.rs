//! `str` methods and `str.format`.

use std::rc::Rc;

use crate::object::error::{ExcInfo, Res};
use crate::object::exceptions::ExcKind;
use crate::object::native::{Args, MethodDef};
use crate::object::runtime::{self as rt, raise, type_error, value_error};
use crate::object::{Kind, PyRef};
use crate::types::attr;
use crate::types::ops;
use crate::types::{self};

/// The text of a str, or of the str an instance of a subclass of `str` extends, borrowed from
/// the object.
pub(crate) fn text(object: &PyRef) -> Option<&str> {
    match &object.kind {
        Kind::Str(..) => Some(crate::object::text_of(object)),
        Kind::Extended(extended) => text(&extended.base),
        _ => None,
    }
}

pub(crate) fn expect_str<'a>(object: &'a PyRef, what: &str) -> Res<&'a str> {
    text(object).map_or_else(
        || type_error(format!("{what} must be str, not {}", types::type_name(object))),
        Ok,
    )
}

/// The methods of `str`. Each but `format` runs its body through `str_call`, which takes the
/// keywords of `split`/`rsplit` apart and refuses any other.
pub const STR_METHODS: &[MethodDef] = &[
    MethodDef { name: "isprintable", function: |a| str_call(a, isprintable) },
    MethodDef { name: "isascii", function: |a| str_call(a, isascii) },
    MethodDef { name: "isdecimal", function: |a| str_call(a, isdecimal) },
    MethodDef { name: "isascii", function: |a| str_call(a, isascii) },
    MethodDef { name: "isnumeric", function: |a| str_call(a, isdecimal) },
    MethodDef { name: "istitle", function: |a| str_call(a, istitle) },
    MethodDef { name: "removeprefix", function: |a| str_call(a, removeprefix) },
    MethodDef { name: "removesuffix", function: |a| str_call(a, removesuffix) },
    MethodDef { name: "expandtabs", function: |a| str_call(a, expandtabs) },
    MethodDef { name: "translate", function: |a| str_call(a, translate) },
    MethodDef { name: "join", function: |a| str_call(a, join) },
    MethodDef { name: "split", function: |a| str_call(a, split) },
    MethodDef { name: "rsplit", function: |a| str_call(a, split) },
    MethodDef { name: "strip", function: |a| str_call(a, strip) },
    MethodDef { name: "lstrip", function: |a| str_call(a, strip) },
    MethodDef { name: "rstrip", function: |a| str_call(a, strip) },
    MethodDef { name: "upper", function: |a| str_call(a, upper) },
    MethodDef { name: "lower", function: |a| str_call(a, lower) },
    MethodDef { name: "startswith", function: |a| str_call(a, startswith) },
    MethodDef { name: "endswith", function: |a| str_call(a, startswith) },
    MethodDef { name: "replace", function: |a| str_call(a, replace) },
    MethodDef { name: "find", function: |a| str_call(a, find) },
    MethodDef { name: "rfind", function: |a| str_call(a, find) },
    MethodDef { name: "index", function: |a| str_call(a, find) },
    MethodDef { name: "rindex", function: |a| str_call(a, find) },
    MethodDef { name: "count", function: |a| str_call(a, find) },
    MethodDef { name: "format", function: format },
    MethodDef { name: "isdigit", function: |a| str_call(a, isdigit) },
    MethodDef { name: "isalpha", function: |a| str_call(a, isalpha) },
    MethodDef { name: "isspace", function: |a| str_call(a, isspace) },
    MethodDef { name: "isalnum", function: |a| str_call(a, isalnum) },
    MethodDef { name: "isupper", function: |a| str_call(a, isupper) },
    MethodDef { name: "islower", function: |a| str_call(a, islower) },
    MethodDef { name: "isidentifier", function: |a| str_call(a, isidentifier) },
    MethodDef { name: "title", function: |a| str_call(a, title) },
    MethodDef { name: "capitalize", function: |a| str_call(a, capitalize) },
    MethodDef { name: "swapcase", function: |a| str_call(a, swapcase) },
    MethodDef { name: "splitlines", function: |a| str_call(a, splitlines) },
    MethodDef { name: "encode", function: crate::types::codec::str_encode },
    MethodDef { name: "center", function: |a| str_call(a, center) },
    MethodDef { name: "ljust", function: |a| str_call(a, center) },
    MethodDef { name: "rjust", function: |a| str_call(a, center) },
    MethodDef { name: "zfill", function: |a| str_call(a, center) },
    MethodDef { name: "partition", function: |a| str_call(a, partition) },
    MethodDef { name: "rpartition", function: |a| str_call(a, partition) },
    MethodDef { name: "casefold", function: |a| str_call(a, lower) },
];

fn str_call(a: Args, body: fn(&StrCall) -> Res<PyRef>) -> Res<PyRef> {
    let mut positional = a.positional.clone();
    if matches!(a.name, "split" | "rsplit") {
        // `sep=` and `maxsplit=` keywords become positions 0 and 1.
        for (key, value) in &a.keywords {
            let slot = match &**key {
                "sep" => 0,
                "maxsplit" => 1,
                other => {
                    return type_error(format!(
                        "{}() got an unexpected keyword argument '{other}'",
                        a.name
                    ))
                }
            };
            while positional.len() <= slot {
                positional.push(rt::none());
            }
            positional[slot] = value.clone();
        }
        if positional.get(1).is_some_and(|m| matches!(m.kind, Kind::None)) {
            positional[1] = rt::int(-1);
        }
    } else if a.name == "splitlines" && !a.keywords.is_empty() {
        let values = a.bind("splitlines", &["keepends"], 0, &[])?;
        positional = values.into_iter().flatten().collect();
    } else if !a.keywords.is_empty() {
        a.no_keywords(a.name)?;
    }
    let receiver = a.receiver();
    let s = text(&receiver).expect("a str receiver");
    body(&StrCall { name: a.name, s, args: positional })
}

/// Calls the `str` method `name` on `receiver`.
/// A call of a `str` method: its name (methods sharing one body tell themselves apart by
/// it), the str and the positional arguments.
struct StrCall<'a> {
    name: &'static str,
    s: &'a str,
    args: Vec<PyRef>,
}

impl StrCall<'_> {
    /// Positional argument `i`, which must be a str.
    fn arg(&self, i: usize) -> Res<&str> {
        match self.args.get(i) {
            Some(x) => expect_str(x, "argument"),
            None => type_error(format!("{}() missing required argument", self.name)),
        }
    }

    /// Positional argument `i` if given and not None, which must then be a str.
    fn opt_str(&self, i: usize) -> Res<Option<&str>> {
        match self.args.get(i) {
            Some(x) if !matches!(x.kind, Kind::None) => Ok(Some(expect_str(x, "argument")?)),
            _ => Ok(None),
        }
    }

    /// Positional argument `i` as a count, -1 (no limit) when absent.
    fn maxsplit(&self, i: usize) -> Res<i64> {
        match self.args.get(i) {
            Some(x) => ops::to_index(x),
            None => Ok(-1),
        }
    }
}

/// Runs the `str` method called `name` on `receiver` with positional `args`.
pub fn str_method(name: &str, receiver: &PyRef, args: Vec<PyRef>) -> Res<PyRef> {
    let Some(def) = STR_METHODS.iter().find(|def| def.name == name) else {
        return type_error(format!("str has no method {name}"));
    };
    (def.function)(Args {
        name: def.name,
        receiver: Some(receiver),
        positional: args,
        keywords: vec![],
    })
}

fn join(c: &StrCall) -> Res<PyRef> {
    let s = &c.s;
    let args = &c.args;
    Ok({
        let items = ops::to_vec(&args.first().cloned().ok_or_else(|| {
            ExcInfo::new(rt::exception(
                ExcKind::TypeError,
                "join() takes exactly one argument (0 given)",
            ))
        })?)?;
        let mut parts = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            match text(item) {
                Some(t) => parts.push(t.to_string()),
                None => {
                    return type_error(format!(
                        "sequence item {i}: expected str instance, {} found",
                        types::type_name(item)
                    ))
                }
            }
        }
        rt::str(parts.join(s))
    })
}

fn split(c: &StrCall) -> Res<PyRef> {
    let s = &c.s;
    let name = c.name;
    Ok({
        let separator = c.opt_str(0)?;
        let limit = c.maxsplit(1)?;
        let pieces: Vec<String> = match &separator {
            None => {
                let words: Vec<&str> = s.split_whitespace().collect();
                if limit < 0 || (limit as usize) >= words.len() {
                    words.into_iter().map(str::to_string).collect()
                } else if name == "split" {
                    let mut out: Vec<String> =
                        words[..limit as usize].iter().map(|w| w.to_string()).collect();
                    let mut rest = s.trim_start();
                    for _ in 0..limit {
                        rest = rest.trim_start();
                        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
                        rest = &rest[end..];
                    }
                    out.push(rest.trim_start().to_string());
                    out
                } else {
                    let keep = words.len() - limit as usize;
                    let mut out = vec![words[..keep].join(" ")];
                    out.extend(words[keep..].iter().map(|w| w.to_string()));
                    out
                }
            }
            Some("") => return value_error("empty separator"),
            Some(sep) => {
                if limit < 0 {
                    s.split(&**sep).map(str::to_string).collect()
                } else if name == "split" {
                    s.splitn(limit as usize + 1, &**sep).map(str::to_string).collect()
                } else {
                    let mut v: Vec<String> =
                        s.rsplitn(limit as usize + 1, &**sep).map(str::to_string).collect();
                    v.reverse();
                    v
                }
            }
        };
        rt::list(pieces.into_iter().map(rt::str).collect::<Vec<_>>())
    })
}

fn strip(c: &StrCall) -> Res<PyRef> {
    let s = &c.s;
    let name = c.name;
    Ok({
        let chars = c.opt_str(0)?;
        let matcher = |c: char| match &chars {
            Some(set) => set.contains(c),
            None => c.is_whitespace(),
        };
        rt::str(match name {
            "strip" => s.trim_matches(matcher),
            "lstrip" => s.trim_start_matches(matcher),
            _ => s.trim_end_matches(matcher),
        })
    })
}

fn upper(c: &StrCall) -> Res<PyRef> {
    let s = &c.s;
    Ok(rt::str(s.to_uppercase()))
}

fn lower(c: &StrCall) -> Res<PyRef> {
    let s = &c.s;
    Ok(rt::str(s.to_lowercase()))
}

fn swapcase(c: &StrCall) -> Res<PyRef> {
    let s = &c.s;
    Ok(rt::str(
        s.chars()
            .map(|c| {
                if c.is_uppercase() {
                    c.to_lowercase().collect::<String>()
                } else {
                    c.to_uppercase().collect()
                }
            })
            .collect::<String>(),
    ))
}

fn title(c: &StrCall) -> Res<PyRef> {
    let s = &c.s;
    Ok({
        let mut out = String::new();
        let mut previous_cased = false;
        for c in s.chars() {
            if previous_cased {
                out.extend(c.to_lowercase())
            } else {
                out.extend(c.to_uppercase())
            }
            previous_cased = c.is_alphabetic();
        }
        rt::str(out)
    })
}

fn capitalize(c: &StrCall) -> Res<PyRef> {
    let s = &c.s;
    Ok({
        let mut chars = s.chars();
        rt::str(match chars.next() {
            Some(first) => format!("{}{}", first.to_uppercase(), chars.as_str().to_lowercase()),
            None => String::new(),
        })
    })
}

fn startswith(c: &StrCall) -> Res<PyRef> {
    let s = &c.s;
    let args = &c.args;
    let name = c.name;
    Ok({
        let prefixes: Vec<&str> = match args.first().map(|a| &a.kind) {
            Some(Kind::Tuple(items)) => {
                items.iter().map(|i| expect_str(i, "prefix")).collect::<Res<_>>()?
            }
            _ => vec![c.arg(0)?],
        };
        // The window is borrowed, never copied: this runs in parsers' inner loops.
        let (window, in_range) = if args.len() <= 1 {
            (*s, true)
        } else {
            let (start, end) = char_bounds(s, args.get(1), args.get(2))?;
            if start > end {
                ("", false)
            } else {
                (char_slice(s, start, end), true)
            }
        };
        let found = in_range
            && prefixes.iter().any(|p| {
                if name == "startswith" {
                    window.starts_with(&**p)
                } else {
                    window.ends_with(&**p)
                }
            });
        rt::boolean(found)
    })
}

fn replace(c: &StrCall) -> Res<PyRef> {
    let s = &c.s;
    Ok({
        let (old, new) = (c.arg(0)?, c.arg(1)?);
        let count = c.maxsplit(2)?;
        rt::str(if count < 0 { s.replace(old, new) } else { s.replacen(old, new, count as usize) })
    })
}

fn find(c: &StrCall) -> Res<PyRef> {
    let s = &c.s;
    let args = &c.args;
    let name = c.name;
    Ok({
        let needle = c.arg(0)?;
        let (start, end) = char_bounds(s, args.get(1), args.get(2))?;
        let chars: Vec<char> = s.chars().collect();
        let window: String =
            if start > end { String::new() } else { chars[start..end].iter().collect() };
        if name == "count" {
            let n = if start > end {
                0
            } else if needle.is_empty() {
                window.chars().count() + 1
            } else {
                window.matches(needle).count()
            };
            return Ok(rt::int(n as i64));
        }
        let found = if start > end {
            None
        } else if name.starts_with('r') {
            window.rfind(needle)
        } else {
            window.find(needle)
        };
        match found {
            Some(byte) => rt::int((start + window[..byte].chars().count()) as i64),
            None if name.ends_with("find") => rt::int(-1),
            None => return value_error("substring not found"),
        }
    })
}

/// `str.format(*args, **kwargs)`: the one `str` method that takes any keyword.
fn format(a: Args) -> Res<PyRef> {
    let receiver = a.receiver();
    let template = text(&receiver).expect("a str receiver");
    Ok(rt::str(str_format(template, &a.positional, &a.keywords)?))
}

fn isdigit(c: &StrCall) -> Res<PyRef> {
    let s = &c.s;
    Ok(rt::boolean(!s.is_empty() && s.chars().all(|c| c.is_ascii_digit())))
}

fn isdecimal(c: &StrCall) -> Res<PyRef> {
    let s = &c.s;
    Ok(rt::boolean(!s.is_empty() && s.chars().all(|c| c.is_numeric())))
}

fn isascii(c: &StrCall) -> Res<PyRef> {
    Ok(rt::boolean(c.s.is_ascii()))
}

fn isprintable(c: &StrCall) -> Res<PyRef> {
    let s = &c.s;
    Ok(rt::boolean(s.chars().all(|c| !c.is_control() && c != '\u{2028}' && c != '\u{2029}')))
}

fn istitle(c: &StrCall) -> Res<PyRef> {
    let s = &c.s;
    Ok({
        let mut cased = false;
        let mut previous_cased = false;
        let mut title = true;
        for c in s.chars() {
            if c.is_uppercase() {
                if previous_cased {
                    title = false;
                }
                previous_cased = true;
                cased = true;
            } else if c.is_lowercase() {
                if !previous_cased {
                    title = false;
                }
                previous_cased = true;
                cased = true;
            } else {
                previous_cased = false;
            }
        }
        rt::boolean(title && cased)
    })
}

fn removeprefix(c: &StrCall) -> Res<PyRef> {
    let s = &c.s;
    Ok({
        let prefix = c.arg(0)?;
        rt::str(s.strip_prefix(prefix).unwrap_or(s))
    })
}

fn removesuffix(c: &StrCall) -> Res<PyRef> {
    let s = &c.s;
    Ok({
        let suffix = c.arg(0)?;
        rt::str(if suffix.is_empty() { &s[..] } else { s.strip_suffix(suffix).unwrap_or(s) })
    })
}

fn expandtabs(c: &StrCall) -> Res<PyRef> {
    let s = &c.s;
    let args = &c.args;
    Ok({
        let size = match args.first() {
            Some(n) => ops::to_index(n)?.max(0) as usize,
            None => 8,
        };
        let mut out = String::new();
        let mut column = 0;
        for c in s.chars() {
            match c {
                '\t' => {
                    let spaces = if size == 0 { 0 } else { size - column % size };
                    out.extend(std::iter::repeat_n(' ', spaces));
                    column += spaces;
                }
                '\n' | '\r' => {
                    out.push(c);
                    column = 0;
                }
                _ => {
                    out.push(c);
                    column += 1;
                }
            }
        }
        rt::str(out)
    })
}

fn translate(c: &StrCall) -> Res<PyRef> {
    let s = &c.s;
    let args = &c.args;
    Ok({
        let table = args.first().cloned().ok_or_else(|| {
            ExcInfo::new(rt::exception(
                ExcKind::TypeError,
                "translate() takes exactly one argument (0 given)",
            ))
        })?;
        let mut out = String::new();
        for c in s.chars() {
            match ops::getitem(&table, &rt::int(c as i64)) {
                Ok(mapped) => match &mapped.kind {
                    Kind::None => {}
                    Kind::Str(..) => out.push_str(crate::object::text_of(&mapped)),
                    Kind::Int(_) => match u32::try_from(ops::to_index(&mapped)?)
                        .ok()
                        .and_then(char::from_u32)
                    {
                        Some(m) => out.push(m),
                        None => return value_error("character mapping must be in range(0x110000)"),
                    },
                    _ => return type_error("character mapping must return integer, None or str"),
                },
                Err(e) if rt::is_exception(&e.value, ExcKind::LookupError) => out.push(c),
                Err(e) => return Err(e),
            }
        }
        rt::str(out)
    })
}

fn isalpha(c: &StrCall) -> Res<PyRef> {
    let s = &c.s;
    Ok(rt::boolean(!s.is_empty() && s.chars().all(char::is_alphabetic)))
}

fn isspace(c: &StrCall) -> Res<PyRef> {
    let s = &c.s;
    Ok(rt::boolean(!s.is_empty() && s.chars().all(char::is_whitespace)))
}

fn isalnum(c: &StrCall) -> Res<PyRef> {
    let s = &c.s;
    Ok(rt::boolean(!s.is_empty() && s.chars().all(char::is_alphanumeric)))
}

fn isupper(c: &StrCall) -> Res<PyRef> {
    let s = &c.s;
    Ok(rt::boolean(s.chars().any(char::is_uppercase) && !s.chars().any(char::is_lowercase)))
}

fn islower(c: &StrCall) -> Res<PyRef> {
    let s = &c.s;
    Ok(rt::boolean(s.chars().any(char::is_lowercase) && !s.chars().any(char::is_uppercase)))
}

fn isidentifier(c: &StrCall) -> Res<PyRef> {
    let s = &c.s;
    Ok(rt::boolean(
        s.chars().next().is_some_and(|c| c == '_' || c.is_alphabetic())
            && s.chars().all(|c| c == '_' || c.is_alphanumeric()),
    ))
}

/// `str.splitlines(keepends=False)`: CPython's line boundaries (`\n`, `\r`, `\r\n`, `\v`,
/// `\f`, `\x1c`-`\x1e`, `\x85`, `\u2028`, `\u2029`).
fn splitlines(c: &StrCall) -> Res<PyRef> {
    if c.args.len() > 1 {
        return type_error(format!(
            "splitlines() takes at most 1 argument ({} given)",
            c.args.len()
        ));
    }
    let keepends = match c.args.first() {
        Some(flag) => ops::truthy(flag)?,
        None => false,
    };
    Ok(rt::list(split_lines(c.s, keepends).into_iter().map(rt::str).collect::<Vec<_>>()))
}

/// The lines of `s` as [`splitlines`] cuts them.
fn split_lines(s: &str, keepends: bool) -> Vec<&str> {
    let mut lines = Vec::new();
    let mut start = 0;
    let mut chars = s.char_indices().peekable();
    while let Some((at, ch)) = chars.next() {
        let end_of_break = match ch {
            '\r' => match chars.peek() {
                Some(&(next, '\n')) => {
                    chars.next();
                    next + 1
                }
                _ => at + 1,
            },
            '\n' | '\x0b' | '\x0c' | '\x1c' | '\x1d' | '\x1e' | '\u{85}' | '\u{2028}'
            | '\u{2029}' => at + ch.len_utf8(),
            _ => continue,
        };
        lines.push(if keepends { &s[start..end_of_break] } else { &s[start..at] });
        start = end_of_break;
    }
    if start < s.len() {
        lines.push(&s[start..]);
    }
    lines
}

fn center(c: &StrCall) -> Res<PyRef> {
    let s = &c.s;
    let args = &c.args;
    let name = c.name;
    Ok({
        let width = match args.first() {
            Some(w) => ops::to_index(w)?.max(0) as usize,
            None => return type_error(format!("{name}() takes at least 1 argument (0 given)")),
        };
        let fill = match c.opt_str(1)? {
            Some(f) if f.chars().count() == 1 => f.chars().next().expect("one"),
            Some(_) => return type_error("The fill character must be exactly one character long"),
            None => {
                if name == "zfill" {
                    '0'
                } else {
                    ' '
                }
            }
        };
        let len = s.chars().count();
        if width <= len {
            rt::str(s)
        } else {
            let padding = width - len;
            let fills = |n: usize| std::iter::repeat_n(fill, n).collect::<String>();
            rt::str(match name {
                "ljust" => format!("{s}{}", fills(padding)),
                "rjust" => format!("{}{s}", fills(padding)),
                "zfill" => match s.strip_prefix(['-', '+']) {
                    Some(rest) => format!("{}{}{rest}", &s[..1], fills(padding)),
                    None => format!("{}{s}", fills(padding)),
                },
                _ => {
                    // CPython's `pad`: the odd fill goes left when the requested width is odd.
                    let left = padding / 2 + (padding & width & 1);
                    format!("{}{s}{}", fills(left), fills(padding - left))
                }
            })
        }
    })
}

fn partition(c: &StrCall) -> Res<PyRef> {
    let s = &c.s;
    let name = c.name;
    Ok({
        let sep = c.arg(0)?;
        let found = if name == "partition" { s.find(sep) } else { s.rfind(sep) };
        match found {
            Some(i) => {
                rt::tuple(vec![rt::str(&s[..i]), rt::str(sep), rt::str(&s[i + sep.len()..])])
            }
            None if name == "partition" => rt::tuple(vec![rt::str(s), rt::str(""), rt::str("")]),
            None => rt::tuple(vec![rt::str(""), rt::str(""), rt::str(s)]),
        }
    })
}

/// `[start:end]` of a str method, as char indices clamped like slices.
/// The characters `start..end` of `s` (`start <= end <= ` its length in characters), borrowed.
pub(crate) fn char_slice(s: &str, start: usize, end: usize) -> &str {
    if s.is_ascii() {
        return &s[start..end];
    }
    let mut offsets = s.char_indices().map(|(offset, _)| offset).chain(std::iter::once(s.len()));
    let from = offsets.nth(start).unwrap_or(s.len());
    let to = if end > start { offsets.nth(end - start - 1).unwrap_or(s.len()) } else { from };
    &s[from..to]
}

pub(crate) fn char_bounds(
    s: &str,
    start: Option<&PyRef>,
    end: Option<&PyRef>,
) -> Res<(usize, usize)> {
    let len = s.chars().count() as i64;
    let clamp = |value: Option<&PyRef>, default: i64| -> Res<usize> {
        let v = match value {
            Some(v) if !matches!(v.kind, Kind::None) => ops::to_index(v)?,
            _ => default,
        };
        let v = if v < 0 { (v + len).max(0) } else { v.min(len + 1) };
        Ok(v as usize)
    };
    let (start, end) = (clamp(start, 0)?, clamp(end, len)?.min(len as usize));
    // A start past the end matches nothing (`"abc".find("", 4)` is -1).
    Ok((start, end))
}

/// `"...".format(*args, **kwargs)`: positional (automatic or numbered) and keyword fields,
/// `.attribute` and `[key]` lookups, conversions, and specs with nested fields.
pub(crate) fn str_format(
    template: &str,
    args: &[PyRef],
    kwargs: &[(Rc<str>, PyRef)],
) -> Res<String> {
    let mut auto = 0;
    format_template(template, args, kwargs, &mut auto, 0)
}

pub(crate) fn format_template(
    template: &str,
    args: &[PyRef],
    kwargs: &[(Rc<str>, PyRef)],
    auto: &mut usize,
    depth: usize,
) -> Res<String> {
    if depth > 2 {
        return value_error("Max string recursion exceeded");
    }
    let mut out = String::new();
    let chars: Vec<char> = template.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '{' && chars.get(i + 1) == Some(&'{') {
            out.push('{');
            i += 2;
            continue;
        }
        if c == '}' {
            if chars.get(i + 1) == Some(&'}') {
                out.push('}');
                i += 2;
                continue;
            }
            return value_error("Single '}' encountered in format string");
        }
        if c != '{' {
            out.push(c);
            i += 1;
            continue;
        }
        // The matching '}', allowing one level of nested fields in the spec.
        let mut level = 0;
        let mut end = None;
        for (j, &d) in chars.iter().enumerate().skip(i + 1) {
            match d {
                '{' => level += 1,
                '}' if level == 0 => {
                    end = Some(j);
                    break;
                }
                '}' => level -= 1,
                _ => {}
            }
        }
        let Some(end) = end else {
            return value_error("Single '{' encountered in format string");
        };
        let field: String = chars[i + 1..end].iter().collect();
        i = end + 1;
        // field_name ["!" conversion] [":" spec]; the name part stops at the first '!' or ':'
        // outside brackets.
        let mut split = field.len();
        let mut bracket = false;
        for (j, ch) in field.char_indices() {
            match ch {
                '[' => bracket = true,
                ']' => bracket = false,
                '!' | ':' if !bracket => {
                    split = j;
                    break;
                }
                _ => {}
            }
        }
        let (name, rest) = field.split_at(split);
        let (conversion, spec) = match rest.strip_prefix('!') {
            Some(after) => match after.split_once(':') {
                Some((conv, spec)) => (Some(conv.to_string()), spec.to_string()),
                None => (Some(after.to_string()), String::new()),
            },
            None => (None, rest.strip_prefix(':').unwrap_or("").to_string()),
        };
        let spec = if spec.contains('{') {
            format_template(&spec, args, kwargs, auto, depth + 1)?
        } else {
            spec
        };
        let value = resolve_field(name, args, kwargs, auto)?;
        let value = match conversion.as_deref() {
            None => value,
            Some("r") => rt::str(ops::repr(&value)?),
            Some("s") => rt::str(ops::str_of(&value)?),
            Some("a") => rt::str(crate::types::format::ascii(&ops::repr(&value)?)),
            Some(other) => return value_error(format!("Unknown conversion specifier {other}")),
        };
        out.push_str(&crate::types::format::format_value(&value, &spec)?);
    }
    Ok(out)
}

pub(crate) fn resolve_field(
    name: &str,
    args: &[PyRef],
    kwargs: &[(Rc<str>, PyRef)],
    auto: &mut usize,
) -> Res<PyRef> {
    let first_end = name.find(['.', '[']).unwrap_or(name.len());
    let (first, mut rest) = name.split_at(first_end);
    let mut value = if first.is_empty() {
        let index = *auto;
        *auto += 1;
        match args.get(index) {
            Some(v) => v.clone(),
            None => {
                return raise(
                    ExcKind::IndexError,
                    format!("Replacement index {index} out of range for positional args tuple"),
                )
            }
        }
    } else if let Ok(index) = first.parse::<usize>() {
        match args.get(index) {
            Some(v) => v.clone(),
            None => {
                return raise(
                    ExcKind::IndexError,
                    format!("Replacement index {index} out of range for positional args tuple"),
                )
            }
        }
    } else {
        match kwargs.iter().find(|(k, _)| &**k == first) {
            Some((_, v)) => v.clone(),
            None => {
                return Err(ExcInfo::new(rt::exception_of(
                    rt::exception_class(ExcKind::KeyError),
                    vec![rt::str(first)],
                )))
            }
        }
    };
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('.') {
            let end = after.find(['.', '[']).unwrap_or(after.len());
            value = attr::getattr(&value, &after[..end])?;
            rest = &after[end..];
        } else if let Some(after) = rest.strip_prefix('[') {
            let Some(close) = after.find(']') else {
                return value_error("Missing ']' in format string");
            };
            let key = &after[..close];
            let key = match key.parse::<i64>() {
                Ok(n) => rt::int(n),
                Err(_) => rt::str(key),
            };
            value = ops::getitem(&value, &key)?;
            rest = &after[close + 1..];
        } else {
            return value_error("Only '.' or '[' may follow ']' in format field specifier");
        }
    }
    Ok(value)
}
