//! `io.TextIOWrapper` and `io.IncrementalNewlineDecoder` (CPython's `textio.c`): text over a
//! buffered binary stream. UTF-8, Latin-1 and ASCII decode and encode in Rust (the common
//! case); any other encoding goes through the codec registry's incremental decoder and
//! encoder (`codecs.getincrementaldecoder`), so BOMs are written once. `newline` is CPython's
//! (`None`: universal newlines, translated to `\n` on read and written as `\n`; `''`: any
//! line ending splits lines untranslated; `'\n'`, `'\r'`, `'\r\n'`: that ending, `\n`
//! translated to it on write). `tell()` gives the byte position of the next character for
//! the Rust-decoded encodings (each decoded character remembers how many bytes it came
//! from); for the others it works only at a point where no decoded text is pending.

use std::cell::RefCell;

use crate::object::error::{ExcInfo, Res};
use crate::object::exceptions::ExcKind;
use crate::object::native::{Args, MethodDef};
use crate::object::native_type::{state_of, AttrDef, NativeClassDef, NativeObject};
use crate::object::runtime::{self as rt, type_error, value_error};
use crate::object::{alloc, Kind, PyRef};
use crate::types::codec::unicode;
use crate::types::native_class::{make_class, new_class_arg, new_object};
use crate::types::{self, attr, ops};

use super::stringio::Newline;
use super::{base, bind_after_self, call_method, size_argument, split, unsupported};

const CHUNK_SIZE: i64 = 8192;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Fast {
    Utf8,
    Latin1,
    Ascii,
}

fn fast_codec(encoding: &str) -> Option<Fast> {
    match encoding.to_ascii_lowercase().replace('_', "-").as_str() {
        "utf-8" | "utf8" => Some(Fast::Utf8),
        "latin-1" | "latin1" | "iso-8859-1" | "iso8859-1" => Some(Fast::Latin1),
        "ascii" | "us-ascii" => Some(Fast::Ascii),
        _ => None,
    }
}

struct State {
    encoding: String,
    errors: String,
    newline: Newline,
    line_buffering: bool,
    write_through: bool,
    fast: Option<Fast>,
    /// The registry's incremental decoder and encoder, for other encodings.
    decoder: Option<PyRef>,
    encoder: Option<PyRef>,
    /// Decoded text not yet returned, and how many bytes each character came from.
    decoded: Vec<char>,
    widths: Vec<u32>,
    position: usize,
    /// Bytes read but not decoded yet (an incomplete sequence, a held-back `\r`).
    pending: Vec<u8>,
    eof: bool,
}

pub(crate) struct TextIOWrapper {
    buffer: RefCell<Option<PyRef>>,
    state: RefCell<State>,
}

impl NativeObject for TextIOWrapper {
    fn trace(&self, visitor: &mut rcgc::Visitor) {
        if let Ok(buffer) = self.buffer.try_borrow() {
            if let Some(buffer) = buffer.as_ref() {
                visitor.visit(buffer);
            }
        }
        if let Ok(state) = self.state.try_borrow() {
            for object in state.decoder.iter().chain(state.encoder.iter()) {
                visitor.visit(object);
            }
        }
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

static TEXTIO: NativeClassDef = NativeClassDef {
    name: "TextIOWrapper",
    module: "_io",
    new: Some(textio_new),
    methods: &[
        MethodDef { name: "__init__", function: init },
        MethodDef { name: "read", function: read },
        MethodDef { name: "readline", function: readline },
        MethodDef { name: "__next__", function: next },
        MethodDef { name: "write", function: write },
        MethodDef { name: "flush", function: flush },
        MethodDef { name: "close", function: close },
        MethodDef { name: "seek", function: seek },
        MethodDef { name: "tell", function: tell },
        MethodDef { name: "truncate", function: truncate },
        MethodDef { name: "detach", function: detach },
        MethodDef { name: "reconfigure", function: reconfigure },
        MethodDef { name: "fileno", function: |a| buffer_call(a, "fileno") },
        MethodDef { name: "isatty", function: |a| buffer_call(a, "isatty") },
        MethodDef { name: "readable", function: |a| buffer_call(a, "readable") },
        MethodDef { name: "writable", function: |a| buffer_call(a, "writable") },
        MethodDef { name: "seekable", function: |a| buffer_call(a, "seekable") },
        MethodDef { name: "__repr__", function: repr },
    ],
    class_methods: &[],
    attributes: &[
        AttrDef {
            name: "encoding",
            get: |a| Ok(rt::str(&this(&a)?.1.state.borrow().encoding)),
            set: None,
        },
        AttrDef {
            name: "errors",
            get: |a| Ok(rt::str(&this(&a)?.1.state.borrow().errors)),
            set: None,
        },
        AttrDef {
            name: "line_buffering",
            get: |a| Ok(rt::boolean(this(&a)?.1.state.borrow().line_buffering)),
            set: None,
        },
        AttrDef {
            name: "write_through",
            get: |a| Ok(rt::boolean(this(&a)?.1.state.borrow().write_through)),
            set: None,
        },
        AttrDef { name: "newlines", get: |_| Ok(rt::none()), set: None },
        AttrDef {
            name: "buffer",
            get: |a| Ok(this(&a)?.1.buffer.borrow().clone().unwrap_or_else(rt::none)),
            set: None,
        },
        AttrDef {
            name: "name",
            get: |a| attr::getattr(&buffer_of(this(&a)?.1)?, "name"),
            set: None,
        },
        AttrDef {
            name: "closed",
            get: |a| attr::getattr(&buffer_of(this(&a)?.1)?, "closed"),
            set: None,
        },
        AttrDef { name: "_CHUNK_SIZE", get: |_| Ok(rt::int(CHUNK_SIZE)), set: None },
    ],
    has_dict: true,
    subclassable: true,
    item_slots: None,
};

thread_local! {
    static CLASS: PyRef = make_class(&TEXTIO, vec![base::textiobase_class()]);
}

/// `_io.TextIOWrapper`.
pub(crate) fn class() -> PyRef {
    CLASS.with(Clone::clone)
}

fn this<'a>(a: &'a Args) -> Res<(&'a PyRef, &'a TextIOWrapper)> {
    state_of::<TextIOWrapper>(a, &TEXTIO)
}

fn textio_new(a: Args) -> Res<PyRef> {
    let cls = new_class_arg(&a, &class())?.clone();
    let state = State {
        encoding: "UTF-8".into(),
        errors: "strict".into(),
        newline: Newline::Universal,
        line_buffering: false,
        write_through: false,
        fast: Some(Fast::Utf8),
        decoder: None,
        encoder: None,
        decoded: Vec::new(),
        widths: Vec::new(),
        position: 0,
        pending: Vec::new(),
        eof: false,
    };
    Ok(new_object(&cls, TextIOWrapper { buffer: RefCell::new(None), state: RefCell::new(state) }))
}

fn buffer_of(io: &TextIOWrapper) -> Res<PyRef> {
    match io.buffer.borrow().as_ref() {
        Some(buffer) => Ok(buffer.clone()),
        None => value_error("underlying buffer has been detached"),
    }
}

fn buffer_call(a: Args, name: &str) -> Res<PyRef> {
    let (_, io) = this(&a)?;
    call_method(&buffer_of(io)?, name, vec![])
}

fn check_open(io: &TextIOWrapper) -> Res<PyRef> {
    let buffer = buffer_of(io)?;
    if base::is_closed(&buffer)? {
        return super::closed_error();
    }
    Ok(buffer)
}

/// The registry's incremental decoder or encoder of `encoding`.
fn incremental(encoding: &str, errors: &str, decoder: bool) -> Res<PyRef> {
    let codecs = crate::modules::import("codecs")?;
    let getter = if decoder { "getincrementaldecoder" } else { "getincrementalencoder" };
    let factory = call_method(&codecs, getter, vec![rt::str(encoding)])?;
    ops::call(&factory, vec![rt::str(errors)], vec![])
}

/// Sets the codec part of the state (`__init__`, `reconfigure`).
fn set_codec(state: &mut State, encoding: &str, errors: &str) -> Res<()> {
    // Fails early for an unknown encoding, as CPython does.
    crate::types::codec::registry::lookup(encoding)?;
    state.encoding = encoding.to_string();
    state.errors = errors.to_string();
    state.fast = fast_codec(encoding);
    if state.fast.is_none() {
        state.decoder = Some(incremental(encoding, errors, true)?);
        state.encoder = Some(incremental(encoding, errors, false)?);
    } else {
        state.decoder = None;
        state.encoder = None;
    }
    Ok(())
}

fn optional_text(value: &Option<PyRef>, what: &str) -> Res<Option<String>> {
    match value {
        None => Ok(None),
        Some(v) if matches!(v.kind, Kind::None) => Ok(None),
        Some(v) => match types::str::text(v) {
            Some(text) => Ok(Some(text.to_string())),
            None => type_error(format!(
                "TextIOWrapper() argument '{what}' must be str or None, not {}",
                types::type_name(v)
            )),
        },
    }
}

/// `TextIOWrapper(buffer, encoding=None, errors=None, newline=None, line_buffering=False,
/// write_through=False)`.
fn init(a: Args) -> Res<PyRef> {
    let (_, io) = this(&a)?;
    let values = bind_after_self(
        &a,
        "TextIOWrapper",
        &["buffer", "encoding", "errors", "newline", "line_buffering", "write_through"],
    )?;
    let Some(buffer) = values[0].clone() else {
        return type_error("TextIOWrapper() missing required argument 'buffer' (pos 1)");
    };
    let encoding = optional_text(&values[1], "encoding")?.unwrap_or_else(|| "UTF-8".into());
    let encoding = if encoding == "locale" { "UTF-8".to_string() } else { encoding };
    let errors = optional_text(&values[2], "errors")?.unwrap_or_else(|| "strict".into());
    let newline = Newline::from_argument(values[3].as_ref())?;
    let line_buffering = values[4].as_ref().map_or(Ok(false), ops::truthy)?;
    let write_through = values[5].as_ref().map_or(Ok(false), ops::truthy)?;
    let mut state = io.state.borrow_mut();
    set_codec(&mut state, &encoding, &errors)?;
    state.newline = newline;
    state.line_buffering = line_buffering;
    state.write_through = write_through;
    state.decoded.clear();
    state.widths.clear();
    state.position = 0;
    state.pending.clear();
    state.eof = false;
    drop(state);
    *io.buffer.borrow_mut() = Some(buffer);
    Ok(rt::none())
}

/// Decodes `data` (after the pending bytes) into the decoded text; `last` at the end of the
/// stream. Characters are translated for universal newlines.
fn decode_more(io: &TextIOWrapper, data: &[u8], last: bool) -> Res<()> {
    let (fast, decoder, errors, newline) = {
        let state = io.state.borrow();
        (state.fast, state.decoder.clone(), state.errors.clone(), state.newline)
    };
    let mut bytes = std::mem::take(&mut io.state.borrow_mut().pending);
    bytes.extend_from_slice(data);
    let (mut chars, mut widths, rest): (Vec<char>, Vec<u32>, Vec<u8>) = match (fast, &decoder) {
        (Some(fast), _) => {
            let (text, consumed) = match fast {
                Fast::Utf8 => unicode::decode_utf_8(&bytes, None, &errors, last)?,
                Fast::Latin1 => (unicode::decode_latin_1(&bytes), bytes.len()),
                Fast::Ascii => (unicode::decode_ascii(&bytes, None, &errors)?, bytes.len()),
            };
            let chars: Vec<char> = text.chars().collect();
            let widths = chars
                .iter()
                .map(|c| if fast == Fast::Utf8 { c.len_utf8() as u32 } else { 1 })
                .collect();
            (chars, widths, bytes[consumed..].to_vec())
        }
        (None, Some(decoder)) => {
            let input = alloc(Kind::Bytes(bytes.as_slice().into()));
            let text = ops::call(
                &attr::getattr(decoder, "decode")?,
                vec![input, rt::boolean(last)],
                vec![],
            )?;
            let Some(text) = types::str::text(&text) else {
                return type_error(format!(
                    "decoder should return a string result, not '{}'",
                    types::type_name(&text)
                ));
            };
            let chars: Vec<char> = text.chars().collect();
            let widths = vec![0; chars.len()];
            (chars, widths, Vec::new())
        }
        (None, None) => return value_error("I/O operation on uninitialized object"),
    };
    let mut rest = rest;
    if matches!(newline, Newline::Universal | Newline::Untranslated)
        && !last
        && chars.last() == Some(&'\r')
        && fast.is_some()
    {
        // A `\r` at the end may start a `\r\n`: decided with the next bytes.
        chars.pop();
        widths.pop();
        rest.insert(0, b'\r');
    }
    if newline == Newline::Universal && chars.contains(&'\r') {
        let (mut out_chars, mut out_widths) =
            (Vec::with_capacity(chars.len()), Vec::with_capacity(chars.len()));
        let mut i = 0;
        while i < chars.len() {
            if chars[i] == '\r' {
                if chars.get(i + 1) == Some(&'\n') {
                    out_chars.push('\n');
                    out_widths.push(widths[i] + widths[i + 1]);
                    i += 2;
                    continue;
                }
                out_chars.push('\n');
            } else {
                out_chars.push(chars[i]);
            }
            out_widths.push(widths[i]);
            i += 1;
        }
        chars = out_chars;
        widths = out_widths;
    }
    let mut state = io.state.borrow_mut();
    if state.position > 0 {
        let position = state.position;
        state.decoded.drain(..position);
        state.widths.drain(..position);
        state.position = 0;
    }
    state.decoded.extend(chars);
    state.widths.extend(widths);
    state.pending = rest;
    Ok(())
}

/// Reads and decodes one chunk: false at the end of the stream.
fn read_chunk(io: &TextIOWrapper, buffer: &PyRef) -> Res<bool> {
    if io.state.borrow().eof {
        return Ok(false);
    }
    let method = if attr::getattr(buffer, "read1").is_ok() { "read1" } else { "read" };
    let chunk = call_method(buffer, method, vec![rt::int(CHUNK_SIZE)])?;
    let data = match ops::bytes_like(&chunk) {
        Some(data) => data,
        None if matches!(chunk.kind, Kind::None) => Vec::new(),
        None => {
            return type_error(format!(
                "underlying {method}() should have returned a bytes-like object, not '{}'",
                types::type_name(&chunk)
            ))
        }
    };
    let last = data.is_empty();
    decode_more(io, &data, last)?;
    if last {
        io.state.borrow_mut().eof = true;
    }
    Ok(!last)
}

fn check_readable(io: &TextIOWrapper, buffer: &PyRef) -> Res<()> {
    let _ = io;
    if !ops::truthy(&call_method(buffer, "readable", vec![])?)? {
        return Err(unsupported("not readable"));
    }
    Ok(())
}

fn take(io: &TextIOWrapper, count: usize) -> String {
    let mut state = io.state.borrow_mut();
    let start = state.position;
    let end = start.saturating_add(count).min(state.decoded.len());
    state.position = end;
    state.decoded[start..end].iter().collect()
}

fn available(io: &TextIOWrapper) -> usize {
    let state = io.state.borrow();
    state.decoded.len() - state.position
}

/// Pending writes reach the buffer, and the buffer's own pending writes the file, before any
/// read (CPython flushes too).
fn flush_before_read(io: &TextIOWrapper, buffer: &PyRef) -> Res<()> {
    let _ = io;
    if ops::truthy(&call_method(buffer, "writable", vec![])?)? {
        call_method(buffer, "flush", vec![])?;
    }
    Ok(())
}

fn read(a: Args) -> Res<PyRef> {
    let (_, io) = this(&a)?;
    let values = bind_after_self(&a, "read", &["size"])?;
    let size = size_argument(values[0].as_ref())?;
    let buffer = check_open(io)?;
    check_readable(io, &buffer)?;
    flush_before_read(io, &buffer)?;
    if size < 0 {
        while read_chunk(io, &buffer)? {}
        return Ok(rt::str(take(io, usize::MAX)));
    }
    let size = size as usize;
    while available(io) < size && read_chunk(io, &buffer)? {}
    Ok(rt::str(take(io, size)))
}

fn next_line(io: &TextIOWrapper, buffer: &PyRef, limit: i64) -> Res<String> {
    loop {
        let (end, eof) = {
            let state = io.state.borrow();
            let rest = &state.decoded[state.position..];
            let end = state.newline.line_end(rest);
            // With `newline=''`, a `\r` ending the text may be followed by `\n`.
            let end = end.filter(|&e| {
                !(state.newline == Newline::Untranslated
                    && e == rest.len()
                    && rest[e - 1] == '\r'
                    && !state.eof)
            });
            (end, state.eof)
        };
        let have = available(io);
        if let Some(end) = end {
            let end = if limit >= 0 { end.min(limit as usize) } else { end };
            return Ok(take(io, end));
        }
        if (limit >= 0 && have >= limit as usize) || eof || !read_chunk(io, buffer)? {
            if !eof && !io.state.borrow().eof {
                continue;
            }
            let end = if limit >= 0 { limit as usize } else { usize::MAX };
            return Ok(take(io, end));
        }
    }
}

fn readline(a: Args) -> Res<PyRef> {
    let (_, io) = this(&a)?;
    let values = bind_after_self(&a, "readline", &["size"])?;
    let limit = size_argument(values[0].as_ref())?;
    let buffer = check_open(io)?;
    check_readable(io, &buffer)?;
    flush_before_read(io, &buffer)?;
    Ok(rt::str(next_line(io, &buffer, limit)?))
}

fn next(a: Args) -> Res<PyRef> {
    let (object, io) = this(&a)?;
    let exact =
        matches!(&crate::types::type_of(object).kind, Kind::Class(c) if c.native.get().is_some());
    let line = if exact {
        let buffer = check_open(io)?;
        flush_before_read(io, &buffer)?;
        rt::str(next_line(io, &buffer, -1)?)
    } else {
        call_method(object, "readline", vec![])?
    };
    if ops::len(&line)? == 0 {
        return Err(ExcInfo::new(rt::exception_of(
            rt::exception_class(ExcKind::StopIteration),
            vec![],
        )));
    }
    Ok(line)
}

/// The byte position of the next character to read, as `tell()` reports it.
fn position_now(io: &TextIOWrapper, buffer: &PyRef) -> Res<i64> {
    let position = ops::to_index(&call_method(buffer, "tell", vec![])?)?;
    let state = io.state.borrow();
    let unread = &state.widths[state.position..];
    if state.fast.is_none() && (!unread.is_empty() || !state.pending.is_empty()) {
        return rt::raise(ExcKind::OSError, "can't reconstruct logical file position");
    }
    Ok(position - state.pending.len() as i64 - unread.iter().map(|&w| i64::from(w)).sum::<i64>())
}

/// Drops read-ahead text, moving the buffer back to where the reader is.
fn rewind(io: &TextIOWrapper, buffer: &PyRef) -> Res<()> {
    let dirty = {
        let state = io.state.borrow();
        state.position < state.decoded.len() || !state.pending.is_empty()
    };
    if dirty {
        let position = position_now(io, buffer)?;
        call_method(buffer, "seek", vec![rt::int(position)])?;
    }
    let mut state = io.state.borrow_mut();
    state.decoded.clear();
    state.widths.clear();
    state.position = 0;
    state.pending.clear();
    state.eof = false;
    Ok(())
}

fn write(a: Args) -> Res<PyRef> {
    let (_, io) = this(&a)?;
    let (_, rest) = split(&a);
    let [value] = rest else { return type_error("write() takes exactly one argument") };
    let Some(text) = types::str::text(value) else {
        return type_error(format!(
            "write() argument must be str, not {}",
            types::type_name(value)
        ));
    };
    let buffer = check_open(io)?;
    if !ops::truthy(&call_method(&buffer, "writable", vec![])?)? {
        return Err(unsupported("not writable"));
    }
    rewind(io, &buffer)?;
    let (fast, encoder, errors, newline, line_buffering, encoding) = {
        let state = io.state.borrow();
        (
            state.fast,
            state.encoder.clone(),
            state.errors.clone(),
            state.newline,
            state.line_buffering,
            state.encoding.clone(),
        )
    };
    let translated = match newline {
        Newline::Cr if text.contains('\n') => text.replace('\n', "\r"),
        Newline::CrLf if text.contains('\n') => text.replace('\n', "\r\n"),
        _ => text.to_string(),
    };
    let data = match (fast, encoder) {
        (Some(Fast::Utf8), _) => alloc(Kind::Bytes(translated.as_bytes().into())),
        (Some(_), _) => alloc(Kind::Bytes(
            crate::types::codec::encode_text(&translated, None, &encoding, &errors)?.into(),
        )),
        (None, Some(encoder)) => call_method(&encoder, "encode", vec![rt::str(&translated)])?,
        (None, None) => return value_error("I/O operation on uninitialized object"),
    };
    call_method(&buffer, "write", vec![data])?;
    if line_buffering && (text.contains('\n') || text.contains('\r')) {
        call_method(&buffer, "flush", vec![])?;
    }
    Ok(rt::int(text.chars().count() as i64))
}

fn flush(a: Args) -> Res<PyRef> {
    let (_, io) = this(&a)?;
    let buffer = check_open(io)?;
    call_method(&buffer, "flush", vec![])
}

fn close(a: Args) -> Res<PyRef> {
    let (object, io) = this(&a)?;
    let buffer = buffer_of(io)?;
    if base::is_closed(&buffer)? {
        return Ok(rt::none());
    }
    let flushed = call_method(object, "flush", vec![]);
    let closed = call_method(&buffer, "close", vec![]);
    flushed?;
    closed?;
    Ok(rt::none())
}

fn tell(a: Args) -> Res<PyRef> {
    let (_, io) = this(&a)?;
    let buffer = check_open(io)?;
    if !ops::truthy(&call_method(&buffer, "seekable", vec![])?)? {
        return Err(unsupported("underlying stream is not seekable"));
    }
    call_method(&buffer, "flush", vec![])?;
    Ok(rt::int(position_now(io, &buffer)?))
}

fn seek(a: Args) -> Res<PyRef> {
    let (_, io) = this(&a)?;
    let values = bind_after_self(&a, "seek", &["cookie", "whence"])?;
    let Some(cookie) = &values[0] else {
        return type_error("seek expected at least 1 argument, got 0");
    };
    let cookie = ops::to_index(cookie)?;
    let whence = values[1].as_ref().map_or(Ok(0), ops::to_index)?;
    let buffer = check_open(io)?;
    if !ops::truthy(&call_method(&buffer, "seekable", vec![])?)? {
        return Err(unsupported("underlying stream is not seekable"));
    }
    let target = match whence {
        0 if cookie < 0 => return value_error(format!("negative seek position {cookie}")),
        0 => cookie,
        1 if cookie != 0 => return Err(unsupported("can't do nonzero cur-relative seeks")),
        1 => {
            call_method(&buffer, "flush", vec![])?;
            position_now(io, &buffer)?
        }
        2 if cookie != 0 => return Err(unsupported("can't do nonzero end-relative seeks")),
        2 => {
            call_method(&buffer, "flush", vec![])?;
            let end = call_method(&buffer, "seek", vec![rt::int(0), rt::int(2)])?;
            ops::to_index(&end)?
        }
        _ => return value_error(format!("invalid whence ({whence}, should be 0, 1 or 2)")),
    };
    call_method(&buffer, "flush", vec![])?;
    {
        let mut state = io.state.borrow_mut();
        state.decoded.clear();
        state.widths.clear();
        state.position = 0;
        state.pending.clear();
        state.eof = false;
    }
    let decoder = io.state.borrow().decoder.clone();
    if let Some(decoder) = decoder {
        call_method(&decoder, "reset", vec![])?;
    }
    call_method(&buffer, "seek", vec![rt::int(target)])?;
    Ok(rt::int(target))
}

fn truncate(a: Args) -> Res<PyRef> {
    let (object, io) = this(&a)?;
    let values = bind_after_self(&a, "truncate", &["pos"])?;
    let buffer = check_open(io)?;
    call_method(object, "flush", vec![])?;
    let position = match values[0].clone().filter(|v| !matches!(v.kind, Kind::None)) {
        Some(p) => p,
        None => call_method(object, "tell", vec![])?,
    };
    call_method(&buffer, "truncate", vec![position])
}

fn detach(a: Args) -> Res<PyRef> {
    let (object, io) = this(&a)?;
    let buffer = buffer_of(io)?;
    call_method(object, "flush", vec![])?;
    *io.buffer.borrow_mut() = None;
    Ok(buffer)
}

/// `reconfigure(*, encoding=None, errors=None, newline=None, line_buffering=None,
/// write_through=None)`.
fn reconfigure(a: Args) -> Res<PyRef> {
    let (object, io) = this(&a)?;
    let (_, rest) = split(&a);
    if !rest.is_empty() {
        return type_error(format!(
            "reconfigure() takes no positional arguments ({} given)",
            rest.len()
        ));
    }
    let names = ["encoding", "errors", "newline", "line_buffering", "write_through"];
    let values =
        crate::object::native::bind_arguments("reconfigure", &[], &a.keywords, &names, 0, &[])?;
    let encoding = optional_text(&values[0], "encoding")?;
    let errors = optional_text(&values[1], "errors")?;
    if encoding.is_some() || errors.is_some() || values[2].is_some() {
        let dirty = {
            let state = io.state.borrow();
            state.position < state.decoded.len() || !state.pending.is_empty()
        };
        if dirty {
            return Err(unsupported(
                "It is not possible to set the encoding or newline of stream after the first read",
            ));
        }
        call_method(object, "flush", vec![])?;
    }
    let mut state = io.state.borrow_mut();
    if encoding.is_some() || errors.is_some() {
        let errors = errors.unwrap_or_else(|| {
            if encoding.is_some() {
                "strict".into()
            } else {
                state.errors.clone()
            }
        });
        let encoding = encoding.unwrap_or_else(|| state.encoding.clone());
        set_codec(&mut state, &encoding, &errors)?;
    }
    if let Some(newline) = &values[2] {
        state.newline = Newline::from_argument(Some(newline))?;
    }
    if let Some(v) = values[3].as_ref().filter(|v| !matches!(v.kind, Kind::None)) {
        state.line_buffering = ops::truthy(v)?;
    }
    if let Some(v) = values[4].as_ref().filter(|v| !matches!(v.kind, Kind::None)) {
        state.write_through = ops::truthy(v)?;
    }
    Ok(rt::none())
}

fn repr(a: Args) -> Res<PyRef> {
    let (object, io) = this(&a)?;
    let class = types::type_name(object);
    let class = if &*class == "TextIOWrapper" {
        "_io.TextIOWrapper".to_string()
    } else {
        class.to_string()
    };
    let mut text = format!("<{class}");
    if let Ok(name) = attr::getattr(object, "name") {
        text.push_str(&format!(" name={}", ops::repr(&name)?));
    }
    if let Some(mode) = object.instance().and_then(|i| rt::dict_get_str(&i.dict, "mode")) {
        text.push_str(&format!(" mode={}", ops::repr(&mode)?));
    }
    text.push_str(&format!(" encoding={}>", ops::str_repr(&io.state.borrow().encoding)));
    Ok(rt::str(text))
}
