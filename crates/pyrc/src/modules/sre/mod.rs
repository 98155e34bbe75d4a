//! The native `_sre` module (CPython 3.11's `Modules/_sre/sre.c`), under CPython's own pure
//! Python `re` package, which compiles patterns to code words and calls `_sre.compile`. The
//! matching itself is RustPython's port of CPython's matcher (`rustpython-sre_engine`), run
//! over the subject's bytes (bytes-like objects, ASCII str) or its UTF-8 text (other str),
//! positions being code-point indexes in both cases.
//!
//! This file: the module, its constants and functions, and driving the engine; `pattern`
//! the `re.Pattern` class, `matchobj` `re.Match`, `scanner` `_sre.SRE_Scanner`, `subject`
//! the strings matched against.

mod matchobj;
mod pattern;
mod scanner;
pub(crate) mod subject;
mod validate;

use rustpython_sre_engine::string::{lower_ascii, lower_unicode, upper_unicode};
use rustpython_sre_engine::{Request, State, StrDrive};

use crate::object::error::Res;
use crate::object::exceptions::ExcKind;
use crate::object::native::Args;
use crate::object::runtime::{self as rt, raise, type_error};
use crate::object::PyRef;
use crate::types::ops;

use subject::{with_drive, Text};

/// `re._constants.MAGIC` of CPython 3.11: `re/_compiler.py` asserts it.
const MAGIC: i64 = 20220615;

/// CPython 3.11's `SRE_MAXGROUPS` on 64-bit builds.
const MAXGROUPS: i64 = 1073741823;

/// `import _sre`.
pub fn module() -> PyRef {
    super::new_module(
        "_sre",
        vec![
            ("MAGIC", rt::int(MAGIC)),
            ("CODESIZE", rt::int(rustpython_sre_engine::CODESIZE as i64)),
            ("MAXREPEAT", rt::int(rustpython_sre_engine::MAXREPEAT as i64)),
            // CPython 3.11's limit on 64-bit builds (the engine's own is higher).
            ("MAXGROUPS", rt::int(MAXGROUPS)),
            ("copyright", rt::str(" SRE 2.2.2 Copyright (c) 1997-2002 by Secret Labs AB ")),
            ("compile", super::native("compile", pattern::compile)),
            ("getcodesize", super::native("getcodesize", getcodesize)),
            ("ascii_iscased", super::native("ascii_iscased", ascii_iscased)),
            ("unicode_iscased", super::native("unicode_iscased", unicode_iscased)),
            ("ascii_tolower", super::native("ascii_tolower", ascii_tolower)),
            ("unicode_tolower", super::native("unicode_tolower", unicode_tolower)),
        ],
    )
}

fn getcodesize(a: Args) -> Res<PyRef> {
    a.arity("getcodesize", 0, 0)?;
    Ok(rt::int(rustpython_sre_engine::CODESIZE as i64))
}

/// The one int argument of the character functions.
fn character(a: &Args) -> Res<u32> {
    a.arity(a.name, 1, 1)?;
    a.no_keywords(a.name)?;
    let value = ops::to_index(&a.positional[0])?;
    // A C `int`: wider values are an `OverflowError`, as CPython's converter says.
    match i32::try_from(value) {
        Ok(value) => Ok(value as u32),
        Err(_) => raise(
            ExcKind::OverflowError,
            if value > 0 {
                "signed integer is greater than maximum"
            } else {
                "signed integer is less than minimum"
            },
        ),
    }
}

fn ascii_iscased(a: Args) -> Res<PyRef> {
    let ch = character(&a)?;
    Ok(rt::boolean(ch < 128 && (ch as u8).is_ascii_alphabetic()))
}

fn unicode_iscased(a: Args) -> Res<PyRef> {
    let ch = character(&a)?;
    Ok(rt::boolean(ch != lower_unicode(ch) || ch != upper_unicode(ch)))
}

fn ascii_tolower(a: Args) -> Res<PyRef> {
    let ch = character(&a)?;
    Ok(rt::int(lower_ascii(ch) as i64))
}

fn unicode_tolower(a: Args) -> Res<PyRef> {
    let ch = character(&a)?;
    Ok(rt::int(lower_unicode(ch) as i64))
}

/// How a pattern is applied at the start position.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// `match`: anchored at the start.
    Match,
    /// `fullmatch`: anchored at both ends.
    FullMatch,
    /// `search`: the first start position that matches.
    Search,
}

/// A successful match: its span and each group's (`-1, -1` when it did not take part), in
/// code-point positions.
pub(crate) struct Found {
    pub start: usize,
    pub end: usize,
    /// The match's span, then each group's (the match object keeps this vector).
    pub spans: Vec<(isize, isize)>,
    /// The last group closed (`-1`: none), CPython's `lastindex`.
    pub lastindex: isize,
}

/// Runs `code` (a compiled pattern with `groups` groups) over `text` from `start` to `end`.
/// The engine's `unwrap`s on code it does not expect (only code not made by
/// `re._compiler` can hold any) become a `RuntimeError`, never a crash.
pub(crate) fn run(
    code: &[u32],
    groups: usize,
    text: Text,
    start: usize,
    end: usize,
    mode: Mode,
    must_advance: bool,
) -> Res<Option<Found>> {
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        with_drive!(text, |s| run_drive(code, groups, s, start, end, mode, must_advance))
    }));
    match outcome {
        Ok(found) => Ok(found),
        Err(_) => raise(ExcKind::RuntimeError, "internal error in regular expression engine"),
    }
}

fn run_drive<S: StrDrive>(
    code: &[u32],
    groups: usize,
    string: S,
    start: usize,
    end: usize,
    mode: Mode,
    must_advance: bool,
) -> Option<Found> {
    let request = Request {
        string,
        start,
        end,
        pattern_codes: code,
        match_all: mode == Mode::FullMatch,
        must_advance,
    };
    if start > end && mode != Mode::Search {
        return None;
    }
    // The engine's state keeps its buffers (marks, repeat stack) between runs: taken from the
    // thread's spare one (the engine runs no Python code, so runs never nest) and put back.
    let mut state = SPARE_STATE.with(|spare| spare.take());
    // A cursor left by a run over another string must not be moved from: the UTF-8 drive
    // moves a cursor relative to where it is, so it starts afresh (a null cursor).
    state.cursor = rustpython_sre_engine::StringCursor::default();
    state.reset(&request, start);
    let matched = match mode {
        Mode::Search => state.search(request),
        Mode::Match | Mode::FullMatch => state.py_match(&request),
    };
    let found = matched.then(|| found(&state, groups));
    SPARE_STATE.with(|spare| spare.set(state));
    found
}

thread_local! {
    /// An engine state whose buffers the next run reuses.
    static SPARE_STATE: std::cell::Cell<State> = std::cell::Cell::new(State::default());
}

/// What a successful run found, read from the engine's state.
fn found(state: &State, groups: usize) -> Found {
    let mut spans = Vec::with_capacity(groups + 1);
    spans.push((state.start as isize, state.cursor.position as isize));
    for group in 0..groups {
        let (from, to) = state.marks.get(group);
        spans.push(match (from.into_option(), to.into_option()) {
            (Some(from), Some(to)) if from <= to => (from as isize, to as isize),
            _ => (-1, -1),
        });
    }
    Found {
        start: state.start,
        end: state.cursor.position,
        spans,
        lastindex: state.marks.last_index(),
    }
}

/// A `Py_ssize_t` position argument, clamped to `0..=len` as CPython's `state_init` does.
pub(crate) fn position(value: Option<&PyRef>, default: usize, len: usize) -> Res<usize> {
    match value {
        None => Ok(default.min(len)),
        Some(value) => {
            let n = ops::to_index(value)?;
            Ok(if n < 0 { 0 } else { (n as u64).min(len as u64) as usize })
        }
    }
}

/// Checks the number of positional arguments of a method with the argument clinic's message.
pub(crate) fn check_count(name: &str, given: usize, max: usize) -> Res<()> {
    if given > max {
        return type_error(format!(
            "{name}() takes at most {max} argument{} ({given} given)",
            if max == 1 { "" } else { "s" }
        ));
    }
    Ok(())
}

/// `__class_getitem__` of `re.Pattern` and `re.Match`: `types.GenericAlias(cls, item)`.
fn class_getitem(a: Args) -> Res<PyRef> {
    a.arity("__class_getitem__", 2, 2)?;
    let types = super::import("types")?;
    let alias = crate::types::attr::getattr(&types, "GenericAlias")?;
    ops::call(&alias, a.positional.clone(), vec![])
}
