//! `io.BufferedReader`, `BufferedWriter`, `BufferedRandom` and `BufferedRWPair` (CPython's
//! `bufferedio.c`): a read buffer and a write buffer in front of a raw stream, which they use
//! through its Python methods (`raw.read`, `raw.write`, `raw.seek`...), so any raw object
//! works, `FileIO` or a class defined in Python. Pending writes are flushed by `flush()`,
//! `seek()`, `close()`, and when the object is freed if its raw stream is a `FileIO` (written
//! straight to the descriptor; for another raw stream they are lost then, as CPython loses
//! them when its finalizer cannot run).

use std::cell::RefCell;

use crate::object::error::Res;
use crate::object::exceptions::ExcKind;
use crate::object::native::{Args, MethodDef};
use crate::object::native_type::{state_of, AttrDef, NativeClassDef, NativeObject};
use crate::object::runtime::{self as rt, type_error, value_error};
use crate::object::{alloc, Kind, PyRef};
use crate::types::native_class::{make_class, new_class_arg, new_object};
use crate::types::{self, attr, ops};

use super::{
    base, bind_after_self, bytes_argument, call_method, fileio, size_argument, split, unsupported,
    DEFAULT_BUFFER_SIZE,
};

struct State {
    /// Bytes read ahead from the raw stream, `read_buf[read_pos..]` not yet consumed.
    read_buf: Vec<u8>,
    read_pos: usize,
    /// Bytes written but not yet passed to the raw stream.
    write_buf: Vec<u8>,
    buffer_size: usize,
}

pub(crate) struct Buffered {
    raw: RefCell<Option<PyRef>>,
    state: RefCell<State>,
    readable: bool,
    writable: bool,
}

impl Drop for Buffered {
    fn drop(&mut self) {
        let pending = std::mem::take(&mut self.state.get_mut().write_buf);
        if pending.is_empty() {
            return;
        }
        if let Some(fd) = self.raw.get_mut().as_ref().and_then(fileio::fd_of) {
            let mut rest = &pending[..];
            while let Ok(Some(n)) = fileio::write_fd(fd, rest) {
                if n == 0 {
                    break;
                }
                rest = &rest[n..];
                if rest.is_empty() {
                    break;
                }
            }
        }
    }
}

impl NativeObject for Buffered {
    fn trace(&self, visitor: &mut rcgc::Visitor) {
        if let Ok(raw) = self.raw.try_borrow() {
            if let Some(raw) = raw.as_ref() {
                visitor.visit(raw);
            }
        }
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

const COMMON: [MethodDef; 17] = [
    MethodDef { name: "__init__", function: init },
    MethodDef { name: "read", function: read },
    MethodDef { name: "read1", function: read1 },
    MethodDef { name: "peek", function: peek },
    MethodDef { name: "readline", function: readline },
    MethodDef { name: "write", function: write },
    MethodDef { name: "flush", function: flush },
    MethodDef { name: "seek", function: seek },
    MethodDef { name: "tell", function: tell },
    MethodDef { name: "truncate", function: truncate },
    MethodDef { name: "close", function: close },
    MethodDef { name: "detach", function: detach },
    MethodDef { name: "fileno", function: |a| raw_call(a, "fileno") },
    MethodDef { name: "isatty", function: |a| raw_call(a, "isatty") },
    MethodDef { name: "seekable", function: |a| raw_call(a, "seekable") },
    MethodDef { name: "__repr__", function: repr },
    MethodDef { name: "readinto", function: |a| base::buffered_readinto(a, "read") },
];

const READER_METHODS: [MethodDef; 18] = {
    let mut methods = [MethodDef { name: "readable", function: |a| raw_call(a, "readable") }; 18];
    let mut i = 0;
    while i < COMMON.len() {
        methods[i] = COMMON[i];
        i += 1;
    }
    methods
};

const WRITER_METHODS: [MethodDef; 18] = {
    let mut methods = [MethodDef { name: "writable", function: |a| raw_call(a, "writable") }; 18];
    let mut i = 0;
    while i < COMMON.len() {
        methods[i] = COMMON[i];
        i += 1;
    }
    methods
};

const RANDOM_METHODS: [MethodDef; 19] = {
    let mut methods = [MethodDef { name: "writable", function: |a| raw_call(a, "writable") }; 19];
    let mut i = 0;
    while i < COMMON.len() {
        methods[i] = COMMON[i];
        i += 1;
    }
    methods[18] = MethodDef { name: "readable", function: |a| raw_call(a, "readable") };
    methods
};

const ATTRIBUTES: &[AttrDef] = &[
    AttrDef { name: "raw", get: raw_attribute, set: None },
    AttrDef { name: "closed", get: |a| raw_attr(a, "closed"), set: None },
    AttrDef { name: "name", get: |a| raw_attr(a, "name"), set: None },
    AttrDef { name: "mode", get: |a| raw_attr(a, "mode"), set: None },
];

macro_rules! buffered_class {
    ($def:ident, $class:ident, $name:literal, $new:ident, $methods:expr) => {
        static $def: NativeClassDef = NativeClassDef {
            name: $name,
            module: "_io",
            new: Some($new),
            methods: &$methods,
            class_methods: &[],
            attributes: ATTRIBUTES,
            has_dict: true,
            subclassable: true,
            item_slots: None,
        };
        thread_local! {
            static $class: PyRef = make_class(&$def, vec![base::bufferediobase_class()]);
        }
    };
}

buffered_class!(READER, READER_CLASS, "BufferedReader", reader_new, READER_METHODS);
buffered_class!(WRITER, WRITER_CLASS, "BufferedWriter", writer_new, WRITER_METHODS);
buffered_class!(RANDOM, RANDOM_CLASS, "BufferedRandom", random_new, RANDOM_METHODS);

/// `_io.BufferedReader`.
pub(crate) fn reader_class() -> PyRef {
    READER_CLASS.with(Clone::clone)
}

/// `_io.BufferedWriter`.
pub(crate) fn writer_class() -> PyRef {
    WRITER_CLASS.with(Clone::clone)
}

/// `_io.BufferedRandom`.
pub(crate) fn random_class() -> PyRef {
    RANDOM_CLASS.with(Clone::clone)
}

fn make(a: &Args, class: PyRef, readable: bool, writable: bool) -> Res<PyRef> {
    let cls = new_class_arg(a, &class)?.clone();
    let state = State {
        read_buf: Vec::new(),
        read_pos: 0,
        write_buf: Vec::new(),
        buffer_size: DEFAULT_BUFFER_SIZE,
    };
    Ok(new_object(
        &cls,
        Buffered { raw: RefCell::new(None), state: RefCell::new(state), readable, writable },
    ))
}

fn reader_new(a: Args) -> Res<PyRef> {
    make(&a, reader_class(), true, false)
}

fn writer_new(a: Args) -> Res<PyRef> {
    make(&a, writer_class(), false, true)
}

fn random_new(a: Args) -> Res<PyRef> {
    make(&a, random_class(), true, true)
}

fn this<'a>(a: &'a Args) -> Res<(&'a PyRef, &'a Buffered)> {
    let (receiver, _) = split(a);
    match crate::object::native_type::state::<Buffered>(receiver) {
        Some(state) => Ok((receiver, state)),
        None => state_of::<Buffered>(a, &READER),
    }
}

/// The raw stream, or the `ValueError` of a detached or uninitialized object.
fn raw_of(io: &Buffered) -> Res<PyRef> {
    match io.raw.borrow().as_ref() {
        Some(raw) => Ok(raw.clone()),
        None => value_error("raw stream has been detached"),
    }
}

fn raw_call(a: Args, name: &str) -> Res<PyRef> {
    let (_, io) = this(&a)?;
    call_method(&raw_of(io)?, name, vec![])
}

fn raw_attr(a: Args, name: &str) -> Res<PyRef> {
    let (_, io) = this(&a)?;
    attr::getattr(&raw_of(io)?, name)
}

fn raw_attribute(a: Args) -> Res<PyRef> {
    let (_, io) = this(&a)?;
    Ok(io.raw.borrow().clone().unwrap_or_else(rt::none))
}

fn check_open(io: &Buffered) -> Res<PyRef> {
    check_open_for(io, "I/O operation on")
}

/// The raw stream, or CPython's `ValueError` naming the operation ("write to closed file").
fn check_open_for(io: &Buffered, what: &str) -> Res<PyRef> {
    let raw = raw_of(io)?;
    if base::is_closed(&raw)? {
        return value_error(format!("{what} closed file"));
    }
    Ok(raw)
}

/// `__init__(raw, buffer_size=DEFAULT_BUFFER_SIZE)`.
fn init(a: Args) -> Res<PyRef> {
    let (_, io) = this(&a)?;
    let values = bind_after_self(&a, "__init__", &["raw", "buffer_size"])?;
    let Some(raw) = values[0].clone() else {
        return type_error("__init__() missing required argument 'raw' (pos 1)");
    };
    if io.readable && !ops::truthy(&call_method(&raw, "readable", vec![])?)? {
        return Err(unsupported("File or stream is not readable."));
    }
    if io.writable && !ops::truthy(&call_method(&raw, "writable", vec![])?)? {
        return Err(unsupported("File or stream is not writable."));
    }
    let size = match &values[1] {
        Some(v) => ops::to_index(v)?,
        None => DEFAULT_BUFFER_SIZE as i64,
    };
    if size <= 0 {
        return value_error("buffer size must be strictly positive");
    }
    *io.raw.borrow_mut() = Some(raw);
    let mut state = io.state.borrow_mut();
    state.buffer_size = size as usize;
    state.read_buf.clear();
    state.read_pos = 0;
    state.write_buf.clear();
    Ok(rt::none())
}

/// Passes the pending writes to the raw stream.
fn flush_writes(io: &Buffered, raw: &PyRef) -> Res<()> {
    loop {
        let pending = std::mem::take(&mut io.state.borrow_mut().write_buf);
        if pending.is_empty() {
            return Ok(());
        }
        let written =
            call_method(raw, "write", vec![alloc(Kind::Bytes(pending.as_slice().into()))]);
        let written = match written {
            Ok(n) if matches!(n.kind, Kind::None) => 0,
            Ok(n) => ops::to_index(&n)?.clamp(0, pending.len() as i64) as usize,
            Err(error) => {
                io.state.borrow_mut().write_buf.splice(0..0, pending);
                return Err(error);
            }
        };
        let mut state = io.state.borrow_mut();
        let rest = pending[written..].to_vec();
        state.write_buf.splice(0..0, rest);
        if written == 0 && !state.write_buf.is_empty() {
            return rt::raise(
                ExcKind::BlockingIOError,
                "write could not complete without blocking",
            );
        }
    }
}

/// Drops the read-ahead, moving the raw stream back to the logical position.
fn rewind_reads(io: &Buffered, raw: &PyRef) -> Res<()> {
    let unread = {
        let mut state = io.state.borrow_mut();
        let unread = state.read_buf.len() - state.read_pos;
        state.read_buf.clear();
        state.read_pos = 0;
        unread
    };
    if unread > 0 {
        call_method(raw, "seek", vec![rt::int(-(unread as i64)), rt::int(1)])?;
    }
    Ok(())
}

/// Reads one chunk from the raw stream into the buffer: false at the end (or would block).
fn fill(io: &Buffered, raw: &PyRef, at_least: usize) -> Res<bool> {
    let size = io.state.borrow().buffer_size.max(at_least);
    let chunk = call_method(raw, "read", vec![rt::int(size as i64)])?;
    if matches!(chunk.kind, Kind::None) {
        return Ok(false);
    }
    let data = bytes_argument(&chunk)?;
    if data.is_empty() {
        return Ok(false);
    }
    let mut state = io.state.borrow_mut();
    let consumed = state.read_pos;
    state.read_buf.drain(..consumed);
    state.read_pos = 0;
    state.read_buf.extend(data);
    Ok(true)
}

fn take(io: &Buffered, count: usize) -> Vec<u8> {
    let mut state = io.state.borrow_mut();
    let start = state.read_pos;
    let end = start.saturating_add(count).min(state.read_buf.len());
    state.read_pos = end;
    state.read_buf[start..end].to_vec()
}

fn available(io: &Buffered) -> usize {
    let state = io.state.borrow();
    state.read_buf.len() - state.read_pos
}

fn check_readable(io: &Buffered) -> Res<()> {
    if !io.readable {
        return Err(unsupported("read"));
    }
    Ok(())
}

fn read(a: Args) -> Res<PyRef> {
    let (_, io) = this(&a)?;
    let values = bind_after_self(&a, "read", &["size"])?;
    let size = size_argument(values[0].as_ref())?;
    if size < -1 {
        return value_error("read length must be non-negative or -1");
    }
    check_readable(io)?;
    let raw = check_open(io)?;
    if io.writable {
        flush_writes(io, &raw)?;
    }
    if size < 0 {
        let mut out = take(io, usize::MAX);
        loop {
            let chunk =
                call_method(&raw, "read", vec![rt::int(io.state.borrow().buffer_size as i64)])?;
            if matches!(chunk.kind, Kind::None) {
                if out.is_empty() {
                    return Ok(rt::none());
                }
                break;
            }
            let data = bytes_argument(&chunk)?;
            if data.is_empty() {
                break;
            }
            out.extend(data);
        }
        return Ok(alloc(Kind::Bytes(out.into())));
    }
    let size = size as usize;
    while available(io) < size {
        if !fill(io, &raw, size - available(io))? {
            break;
        }
    }
    Ok(alloc(Kind::Bytes(take(io, size).into())))
}

fn read1(a: Args) -> Res<PyRef> {
    let (_, io) = this(&a)?;
    let values = bind_after_self(&a, "read1", &["size"])?;
    let size = size_argument(values[0].as_ref())?;
    check_readable(io)?;
    let raw = check_open(io)?;
    if io.writable {
        flush_writes(io, &raw)?;
    }
    if available(io) == 0 && size != 0 {
        fill(io, &raw, 0)?;
    }
    let size = if size < 0 { usize::MAX } else { size as usize };
    Ok(alloc(Kind::Bytes(take(io, size).into())))
}

fn peek(a: Args) -> Res<PyRef> {
    let (_, io) = this(&a)?;
    check_readable(io)?;
    let raw = check_open(io)?;
    if io.writable {
        flush_writes(io, &raw)?;
    }
    if available(io) == 0 {
        fill(io, &raw, 0)?;
    }
    let state = io.state.borrow();
    Ok(alloc(Kind::Bytes(state.read_buf[state.read_pos..].into())))
}

fn readline(a: Args) -> Res<PyRef> {
    let (_, io) = this(&a)?;
    let values = bind_after_self(&a, "readline", &["size"])?;
    let limit = size_argument(values[0].as_ref())?;
    check_readable(io)?;
    let raw = check_open(io)?;
    if io.writable {
        flush_writes(io, &raw)?;
    }
    loop {
        let (found, have) = {
            let state = io.state.borrow();
            let rest = &state.read_buf[state.read_pos..];
            (rest.iter().position(|&b| b == b'\n'), rest.len())
        };
        let enough = limit >= 0 && have >= limit as usize;
        if let Some(i) = found {
            let end = if limit >= 0 { (i + 1).min(limit as usize) } else { i + 1 };
            return Ok(alloc(Kind::Bytes(take(io, end).into())));
        }
        if enough || !fill(io, &raw, 0)? {
            let end = if limit >= 0 { limit as usize } else { usize::MAX };
            return Ok(alloc(Kind::Bytes(take(io, end).into())));
        }
    }
}

fn write(a: Args) -> Res<PyRef> {
    let (_, io) = this(&a)?;
    let (_, rest) = split(&a);
    let [value] = rest else { return type_error("write() takes exactly one argument") };
    if !io.writable {
        return Err(unsupported("write"));
    }
    let raw = check_open_for(io, "write to")?;
    let data = bytes_argument(value)?;
    if io.readable {
        rewind_reads(io, &raw)?;
    }
    let full = {
        let mut state = io.state.borrow_mut();
        state.write_buf.extend_from_slice(&data);
        state.write_buf.len() >= state.buffer_size
    };
    if full {
        flush_writes(io, &raw)?;
    }
    Ok(rt::int(data.len() as i64))
}

fn flush(a: Args) -> Res<PyRef> {
    let (_, io) = this(&a)?;
    let raw = check_open_for(io, "flush of")?;
    if io.writable {
        flush_writes(io, &raw)?;
    }
    Ok(rt::none())
}

fn seek(a: Args) -> Res<PyRef> {
    let (_, io) = this(&a)?;
    let values = bind_after_self(&a, "seek", &["target", "whence"])?;
    let Some(target) = &values[0] else {
        return type_error("seek expected at least 1 argument, got 0");
    };
    let mut offset = ops::to_index(target)?;
    let whence = values[1].as_ref().map_or(Ok(0), ops::to_index)?;
    if !(0..=2).contains(&whence) {
        return value_error(format!("whence value {whence} unsupported"));
    }
    let raw = check_open_for(io, "seek of")?;
    if io.writable {
        flush_writes(io, &raw)?;
    }
    if whence == 1 {
        offset -= available(io) as i64;
    }
    {
        let mut state = io.state.borrow_mut();
        state.read_buf.clear();
        state.read_pos = 0;
    }
    call_method(&raw, "seek", vec![rt::int(offset), rt::int(whence)])
}

fn tell(a: Args) -> Res<PyRef> {
    let (_, io) = this(&a)?;
    let raw = raw_of(io)?;
    let position = ops::to_index(&call_method(&raw, "tell", vec![])?)?;
    let state = io.state.borrow();
    let position =
        position - (state.read_buf.len() - state.read_pos) as i64 + state.write_buf.len() as i64;
    Ok(rt::int(position.max(0)))
}

fn truncate(a: Args) -> Res<PyRef> {
    let (object, io) = this(&a)?;
    let values = bind_after_self(&a, "truncate", &["pos"])?;
    if !io.writable {
        return Err(unsupported("truncate"));
    }
    let raw = check_open(io)?;
    flush_writes(io, &raw)?;
    let position = match values[0].clone().filter(|v| !matches!(v.kind, Kind::None)) {
        Some(p) => p,
        None => call_method(object, "tell", vec![])?,
    };
    rewind_reads(io, &raw)?;
    call_method(&raw, "truncate", vec![position])
}

fn close(a: Args) -> Res<PyRef> {
    let (object, io) = this(&a)?;
    let raw = raw_of(io)?;
    if base::is_closed(&raw)? {
        return Ok(rt::none());
    }
    let flushed = if io.writable { call_method(object, "flush", vec![]).map(drop) } else { Ok(()) };
    let closed = call_method(&raw, "close", vec![]);
    flushed?;
    closed?;
    Ok(rt::none())
}

fn detach(a: Args) -> Res<PyRef> {
    let (object, io) = this(&a)?;
    let raw = raw_of(io)?;
    call_method(object, "flush", vec![])?;
    *io.raw.borrow_mut() = None;
    Ok(raw)
}

fn repr(a: Args) -> Res<PyRef> {
    let (object, io) = this(&a)?;
    let class = types::type_name(object);
    let class = if matches!(&*class, "BufferedReader" | "BufferedWriter" | "BufferedRandom") {
        format!("_io.{class}")
    } else {
        class.to_string()
    };
    let raw = raw_of(io)?;
    match attr::getattr(&raw, "name") {
        Ok(name) => Ok(rt::str(format!("<{class} name={}>", ops::repr(&name)?))),
        Err(_) => Ok(rt::str(format!("<{class}>"))),
    }
}

// ---- BufferedRWPair ------------------------------------------------------------------------

/// `BufferedRWPair(reader, writer, buffer_size)`: a `BufferedReader` and a `BufferedWriter`.
pub(crate) struct Pair {
    parts: RefCell<Option<(PyRef, PyRef)>>,
}

impl NativeObject for Pair {
    fn trace(&self, visitor: &mut rcgc::Visitor) {
        if let Ok(parts) = self.parts.try_borrow() {
            if let Some((reader, writer)) = parts.as_ref() {
                visitor.visit(reader);
                visitor.visit(writer);
            }
        }
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

static PAIR: NativeClassDef = NativeClassDef {
    name: "BufferedRWPair",
    module: "_io",
    new: Some(pair_new),
    methods: &[
        MethodDef { name: "__init__", function: pair_init },
        MethodDef { name: "read", function: |a| pair_call(a, true) },
        MethodDef { name: "read1", function: |a| pair_call(a, true) },
        MethodDef { name: "peek", function: |a| pair_call(a, true) },
        MethodDef { name: "readline", function: |a| pair_call(a, true) },
        MethodDef { name: "readinto", function: |a| pair_call(a, true) },
        MethodDef { name: "readable", function: |a| pair_call(a, true) },
        MethodDef { name: "write", function: |a| pair_call(a, false) },
        MethodDef { name: "flush", function: |a| pair_call(a, false) },
        MethodDef { name: "writable", function: |a| pair_call(a, false) },
        MethodDef { name: "isatty", function: |a| pair_call(a, false) },
        MethodDef { name: "close", function: pair_close },
    ],
    class_methods: &[],
    attributes: &[AttrDef {
        name: "closed",
        get: |a| {
            let (writer, _) = pair_parts(&a)?;
            attr::getattr(&writer, "closed")
        },
        set: None,
    }],
    has_dict: true,
    subclassable: true,
    item_slots: None,
};

thread_local! {
    static PAIR_CLASS: PyRef = make_class(&PAIR, vec![base::bufferediobase_class()]);
}

/// `_io.BufferedRWPair`.
pub(crate) fn pair_class() -> PyRef {
    PAIR_CLASS.with(Clone::clone)
}

fn pair_new(a: Args) -> Res<PyRef> {
    let cls = new_class_arg(&a, &pair_class())?.clone();
    Ok(new_object(&cls, Pair { parts: RefCell::new(None) }))
}

fn pair_init(a: Args) -> Res<PyRef> {
    let (_, pair) = state_of::<Pair>(&a, &PAIR)?;
    let values = bind_after_self(&a, "BufferedRWPair", &["reader", "writer", "buffer_size"])?;
    let (Some(reader), Some(writer)) = (values[0].clone(), values[1].clone()) else {
        return type_error("BufferedRWPair() takes at least 2 arguments");
    };
    let size = values[2].clone().unwrap_or_else(|| rt::int(DEFAULT_BUFFER_SIZE as i64));
    let reader = ops::call(&reader_class(), vec![reader, size.clone()], vec![])?;
    let writer = ops::call(&writer_class(), vec![writer, size], vec![])?;
    *pair.parts.borrow_mut() = Some((reader, writer));
    Ok(rt::none())
}

/// The writer and the reader.
fn pair_parts(a: &Args) -> Res<(PyRef, PyRef)> {
    let (_, pair) = state_of::<Pair>(a, &PAIR)?;
    match pair.parts.borrow().as_ref() {
        Some((reader, writer)) => Ok((writer.clone(), reader.clone())),
        None => value_error("I/O operation on uninitialized object"),
    }
}

fn pair_call(a: Args, reading: bool) -> Res<PyRef> {
    let (writer, reader) = pair_parts(&a)?;
    let (_, rest) = split(&a);
    let target = if reading { reader } else { writer };
    ops::call(&attr::getattr(&target, a.name)?, rest.to_vec(), a.keywords.clone())
}

fn pair_close(a: Args) -> Res<PyRef> {
    let (writer, reader) = pair_parts(&a)?;
    let first = call_method(&writer, "close", vec![]);
    let second = call_method(&reader, "close", vec![]);
    first?;
    second?;
    Ok(rt::none())
}
