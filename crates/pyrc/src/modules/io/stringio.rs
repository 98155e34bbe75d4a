//! `io.StringIO` (CPython's `stringio.c`): text in memory, kept as characters so that
//! positions (`seek`/`tell`) are character indexes; `newline` translates on write as
//! CPython's does (`None`: `\r\n` and `\r` become `\n`; `'\r'`/`'\r\n'`: `\n` becomes that)
//! and decides where `readline` ends a line (`''`: at any of `\r`, `\n`, `\r\n`).

use std::cell::RefCell;

use crate::object::error::Res;
use crate::object::exceptions::ExcKind;
use crate::object::native::{Args, MethodDef};
use crate::object::native_type::{state_of, AttrDef, NativeClassDef, NativeObject};
use crate::object::runtime::{self as rt, raise, type_error, value_error};
use crate::object::{Kind, PyRef};
use crate::types::native_class::{make_class, new_class_arg, new_object};
use crate::types::{self, ops};

use super::{base, bind_after_self, closed_error_plain, size_argument, split};

/// How a text stream translates and splits lines (its `newline` argument).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Newline {
    /// `None`: universal newlines.
    Universal,
    /// `''`: any line ending splits lines, none is translated.
    Untranslated,
    Lf,
    Cr,
    CrLf,
}

impl Newline {
    /// The mode a `newline` argument names.
    pub(crate) fn from_argument(value: Option<&PyRef>) -> Res<Newline> {
        let Some(value) = value.filter(|v| !matches!(v.kind, Kind::None)) else {
            return Ok(Newline::Universal);
        };
        let Some(text) = types::str::text(value) else {
            return type_error(format!(
                "newline must be str or None, not {}",
                types::type_name(value)
            ));
        };
        Ok(match text {
            "" => Newline::Untranslated,
            "\n" => Newline::Lf,
            "\r" => Newline::Cr,
            "\r\n" => Newline::CrLf,
            _ => return value_error(format!("illegal newline value: {}", ops::repr(value)?)),
        })
    }

    /// The end of the first line of `text` (just after its terminator), if it has one.
    pub(crate) fn line_end(self, text: &[char]) -> Option<usize> {
        match self {
            Newline::Universal | Newline::Lf => text.iter().position(|&c| c == '\n').map(|i| i + 1),
            Newline::Cr => text.iter().position(|&c| c == '\r').map(|i| i + 1),
            Newline::CrLf => text.windows(2).position(|w| w == ['\r', '\n']).map(|i| i + 2),
            Newline::Untranslated => {
                let i = text.iter().position(|&c| c == '\r' || c == '\n')?;
                if text[i] == '\r' && text.get(i + 1) == Some(&'\n') {
                    Some(i + 2)
                } else {
                    Some(i + 1)
                }
            }
        }
    }
}

/// Text with `\r\n` and `\r` made `\n`.
pub(crate) fn universal(text: &str) -> String {
    if !text.contains('\r') {
        return text.to_string();
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}

struct State {
    chars: Vec<char>,
    position: usize,
    closed: bool,
    newline: Newline,
}

pub(crate) struct StringIO {
    state: RefCell<State>,
}

impl NativeObject for StringIO {
    fn trace(&self, _visitor: &mut rcgc::Visitor) {}
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

static STRINGIO: NativeClassDef = NativeClassDef {
    name: "StringIO",
    module: "_io",
    new: Some(stringio_new),
    methods: &[
        MethodDef { name: "__init__", function: init },
        MethodDef { name: "getvalue", function: getvalue },
        MethodDef { name: "read", function: read },
        MethodDef { name: "readline", function: readline },
        MethodDef { name: "write", function: write },
        MethodDef { name: "seek", function: seek },
        MethodDef { name: "tell", function: tell },
        MethodDef { name: "truncate", function: truncate },
        MethodDef { name: "readable", function: capability },
        MethodDef { name: "writable", function: capability },
        MethodDef { name: "seekable", function: capability },
        MethodDef { name: "close", function: close },
        MethodDef { name: "__next__", function: next },
    ],
    class_methods: &[],
    attributes: &[
        AttrDef { name: "closed", get: closed, set: None },
        AttrDef { name: "line_buffering", get: |_| Ok(rt::boolean(false)), set: None },
        AttrDef { name: "newlines", get: |_| Ok(rt::none()), set: None },
    ],
    has_dict: true,
    subclassable: true,
    item_slots: None,
};

thread_local! {
    static CLASS: PyRef = make_class(&STRINGIO, vec![base::textiobase_class()]);
}

/// `_io.StringIO`.
pub(crate) fn class() -> PyRef {
    CLASS.with(Clone::clone)
}

fn this<'a>(a: &'a Args) -> Res<(&'a PyRef, &'a StringIO)> {
    state_of::<StringIO>(a, &STRINGIO)
}

fn stringio_new(a: Args) -> Res<PyRef> {
    let cls = new_class_arg(&a, &class())?.clone();
    let state = State { chars: Vec::new(), position: 0, closed: false, newline: Newline::Lf };
    Ok(new_object(&cls, StringIO { state: RefCell::new(state) }))
}

/// The state, unless the stream is closed.
fn open_state<'a>(io: &'a StringIO) -> Res<std::cell::RefMut<'a, State>> {
    let state = io.state.borrow_mut();
    if state.closed {
        return closed_error_plain();
    }
    Ok(state)
}

/// `StringIO(initial_value='', newline='\n')`.
fn init(a: Args) -> Res<PyRef> {
    let (_, io) = this(&a)?;
    let values = bind_after_self(&a, "StringIO", &["initial_value", "newline"])?;
    let newline = match &values[1] {
        Some(value) => Newline::from_argument(Some(value))?,
        None => Newline::Lf,
    };
    let initial = match &values[0] {
        None => String::new(),
        Some(v) if matches!(v.kind, Kind::None) => String::new(),
        Some(v) => match types::str::text(v) {
            Some(text) => text.to_string(),
            None => {
                return type_error(format!(
                    "initial_value must be str or None, not {}",
                    types::type_name(v)
                ))
            }
        },
    };
    let mut state = io.state.borrow_mut();
    *state = State {
        chars: translate(&initial, newline).chars().collect(),
        position: 0,
        closed: false,
        newline,
    };
    Ok(rt::none())
}

fn translate(text: &str, newline: Newline) -> String {
    match newline {
        Newline::Universal => universal(text),
        Newline::Cr if text.contains('\n') => text.replace('\n', "\r"),
        Newline::CrLf if text.contains('\n') => text.replace('\n', "\r\n"),
        _ => text.to_string(),
    }
}

fn getvalue(a: Args) -> Res<PyRef> {
    let (_, io) = this(&a)?;
    let state = open_state(io)?;
    Ok(rt::str(state.chars.iter().collect::<String>()))
}

fn read(a: Args) -> Res<PyRef> {
    let (_, io) = this(&a)?;
    let values = bind_after_self(&a, "read", &["size"])?;
    let size = size_argument(values[0].as_ref())?;
    let mut state = open_state(io)?;
    let start = state.position.min(state.chars.len());
    let end = if size < 0 {
        state.chars.len()
    } else {
        start.saturating_add(size as usize).min(state.chars.len())
    };
    state.position = end.max(state.position);
    Ok(rt::str(state.chars[start..end].iter().collect::<String>()))
}

/// The next line (at most `limit` characters when `limit >= 0`), advancing the position.
fn next_line(io: &StringIO, limit: i64) -> Res<String> {
    let mut state = open_state(io)?;
    let start = state.position.min(state.chars.len());
    let rest = &state.chars[start..];
    let mut end = state.newline.line_end(rest).unwrap_or(rest.len());
    if limit >= 0 {
        end = end.min(limit as usize);
    }
    let line: String = rest[..end].iter().collect();
    state.position = start + end;
    Ok(line)
}

fn readline(a: Args) -> Res<PyRef> {
    let (_, io) = this(&a)?;
    let values = bind_after_self(&a, "readline", &["size"])?;
    let limit = size_argument(values[0].as_ref())?;
    Ok(rt::str(next_line(io, limit)?))
}

fn next(a: Args) -> Res<PyRef> {
    let (object, io) = this(&a)?;
    // A subclass's own `readline` is honoured, as CPython's `stringio_iternext` does.
    let exact =
        matches!(&crate::types::type_of(object).kind, Kind::Class(c) if c.native.get().is_some());
    let line = if exact {
        rt::str(next_line(io, -1)?)
    } else {
        let line = super::call_method(object, "readline", vec![])?;
        if types::str::text(&line).is_none() {
            return raise(
                ExcKind::OSError,
                format!(
                    "readline() should have returned a str object, not '{}'",
                    types::type_name(&line)
                ),
            );
        }
        line
    };
    if ops::len(&line)? == 0 {
        return Err(crate::object::error::ExcInfo::new(rt::exception_of(
            rt::exception_class(ExcKind::StopIteration),
            vec![],
        )));
    }
    Ok(line)
}

fn write(a: Args) -> Res<PyRef> {
    let (_, io) = this(&a)?;
    let (_, rest) = split(&a);
    let [value] = rest else { return type_error("write() takes exactly one argument") };
    let Some(text) = types::str::text(value) else {
        return type_error(format!("string argument expected, got '{}'", types::type_name(value)));
    };
    let mut state = open_state(io)?;
    let count = text.chars().count();
    let translated = translate(text, state.newline);
    let position = state.position;
    if position > state.chars.len() {
        state.chars.resize(position, '\0');
    }
    let new: Vec<char> = translated.chars().collect();
    let end = (position + new.len()).min(state.chars.len());
    state.chars.splice(position..end, new.iter().copied());
    state.position = position + new.len();
    Ok(rt::int(count as i64))
}

fn seek(a: Args) -> Res<PyRef> {
    let (_, io) = this(&a)?;
    let values = bind_after_self(&a, "seek", &["pos", "whence"])?;
    let Some(position) = &values[0] else {
        return type_error("seek expected at least 1 argument, got 0");
    };
    let position = ops::to_index(position)?;
    let whence = values[1].as_ref().map_or(Ok(0), ops::to_index)?;
    let mut state = open_state(io)?;
    match whence {
        0 if position < 0 => value_error(format!("Negative seek position {position}")),
        0 => {
            state.position = position as usize;
            Ok(rt::int(position))
        }
        1 | 2 if position != 0 => raise(
            ExcKind::OSError,
            if whence == 1 {
                "Can't do nonzero cur-relative seeks"
            } else {
                "Can't do nonzero end-relative seeks"
            },
        ),
        1 => Ok(rt::int(state.position as i64)),
        2 => {
            state.position = state.chars.len();
            Ok(rt::int(state.position as i64))
        }
        _ => value_error(format!("Invalid whence ({whence}, should be 0, 1 or 2)")),
    }
}

fn tell(a: Args) -> Res<PyRef> {
    let (_, io) = this(&a)?;
    let state = open_state(io)?;
    Ok(rt::int(state.position as i64))
}

fn truncate(a: Args) -> Res<PyRef> {
    let (_, io) = this(&a)?;
    let values = bind_after_self(&a, "truncate", &["pos"])?;
    let mut state = open_state(io)?;
    let size = match values[0].as_ref().filter(|v| !matches!(v.kind, Kind::None)) {
        Some(v) => ops::to_index(v)?,
        None => state.position as i64,
    };
    if size < 0 {
        return value_error(format!("Negative size value {size}"));
    }
    if (size as usize) < state.chars.len() {
        state.chars.truncate(size as usize);
    }
    Ok(rt::int(size))
}

fn capability(a: Args) -> Res<PyRef> {
    let (_, io) = this(&a)?;
    open_state(io)?;
    Ok(rt::boolean(true))
}

fn close(a: Args) -> Res<PyRef> {
    let (object, io) = this(&a)?;
    let mut state = io.state.borrow_mut();
    state.closed = true;
    state.chars = Vec::new();
    drop(state);
    base::mark_closed(object);
    Ok(rt::none())
}

fn closed(a: Args) -> Res<PyRef> {
    let (_, io) = this(&a)?;
    Ok(rt::boolean(io.state.borrow().closed))
}
