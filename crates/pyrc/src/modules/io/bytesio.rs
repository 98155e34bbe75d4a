//! `io.BytesIO` (CPython's `bytesio.c`): bytes in memory with a position. `getbuffer()` is a
//! writable `memoryview` of the buffer; while one exists, `write`, `truncate`, `close` and
//! `__init__` raise `BufferError` (the count of exports is shared with the views).

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use crate::object::error::Res;
use crate::object::native::{Args, MethodDef};
use crate::object::native_type::{state_of, AttrDef, NativeClassDef, NativeObject};
use crate::object::runtime::{self as rt, type_error, value_error};
use crate::object::{alloc, Kind, PyRef};
use crate::types::native_class::{make_class, new_class_arg, new_object};
use crate::types::ops;

use super::{base, bind_after_self, bytes_argument, closed_error, size_argument, split};

struct State {
    data: Vec<u8>,
    position: usize,
    closed: bool,
}

pub(crate) struct BytesIO {
    state: RefCell<State>,
    /// Views of the buffer alive (`getbuffer()`).
    exports: Rc<Cell<usize>>,
}

impl NativeObject for BytesIO {
    fn trace(&self, _visitor: &mut rcgc::Visitor) {}
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

static BYTESIO: NativeClassDef = NativeClassDef {
    name: "BytesIO",
    module: "_io",
    new: Some(bytesio_new),
    methods: &[
        MethodDef { name: "__init__", function: init },
        MethodDef { name: "getvalue", function: getvalue },
        MethodDef { name: "getbuffer", function: getbuffer },
        MethodDef { name: "read", function: read },
        MethodDef { name: "read1", function: read },
        MethodDef { name: "readline", function: readline },
        MethodDef { name: "readinto", function: readinto },
        MethodDef { name: "write", function: write },
        MethodDef { name: "seek", function: seek },
        MethodDef { name: "tell", function: tell },
        MethodDef { name: "truncate", function: truncate },
        MethodDef { name: "readable", function: capability },
        MethodDef { name: "writable", function: capability },
        MethodDef { name: "seekable", function: capability },
        MethodDef { name: "flush", function: capability_none },
        MethodDef { name: "close", function: close },
    ],
    class_methods: &[],
    attributes: &[AttrDef { name: "closed", get: closed, set: None }],
    has_dict: true,
    subclassable: true,
    item_slots: None,
};

thread_local! {
    static CLASS: PyRef = make_class(&BYTESIO, vec![base::bufferediobase_class()]);
}

/// `_io.BytesIO`.
pub(crate) fn class() -> PyRef {
    CLASS.with(Clone::clone)
}

fn this<'a>(a: &'a Args) -> Res<(&'a PyRef, &'a BytesIO)> {
    state_of::<BytesIO>(a, &BYTESIO)
}

fn bytesio_new(a: Args) -> Res<PyRef> {
    let cls = new_class_arg(&a, &class())?.clone();
    let state = State { data: Vec::new(), position: 0, closed: false };
    Ok(new_object(&cls, BytesIO { state: RefCell::new(state), exports: Rc::default() }))
}

/// CPython's `CHECK_EXPORTS`: a `BufferError` while a view of the buffer exists.
fn check_exports(io: &BytesIO) -> Res<()> {
    if io.exports.get() > 0 {
        return crate::object::runtime::raise(
            crate::object::exceptions::ExcKind::BufferError,
            "Existing exports of data: object cannot be re-sized",
        );
    }
    Ok(())
}

/// The buffer of a BytesIO object (`None` for any other object, or a closed one), for the
/// views of it.
pub(crate) fn buffer(object: &PyRef) -> Option<Vec<u8>> {
    let io = crate::object::native_type::state::<BytesIO>(object)?;
    let state = io.state.borrow();
    (!state.closed).then(|| state.data.clone())
}

/// Runs `change` on the buffer of a BytesIO object (`None`: not one); its length cannot change.
pub(crate) fn with_buffer_mut<T>(object: &PyRef, change: impl FnOnce(&mut [u8]) -> T) -> Option<T> {
    let io = crate::object::native_type::state::<BytesIO>(object)?;
    let mut state = io.state.borrow_mut();
    Some(change(&mut state.data))
}

/// `getbuffer()`.
fn getbuffer(a: Args) -> Res<PyRef> {
    let (object, io) = this(&a)?;
    open_state(io)?;
    let export = crate::modules::builtins::memoryview::Export::new(&io.exports);
    Ok(crate::modules::builtins::memoryview::export_view(object.clone(), export))
}

fn open_state(io: &BytesIO) -> Res<std::cell::RefMut<'_, State>> {
    let state = io.state.borrow_mut();
    if state.closed {
        return closed_error();
    }
    Ok(state)
}

/// `BytesIO(initial_bytes=b'')`.
fn init(a: Args) -> Res<PyRef> {
    let (_, io) = this(&a)?;
    let values = bind_after_self(&a, "BytesIO", &["initial_bytes"])?;
    check_exports(io)?;
    let data = match values[0].as_ref().filter(|v| !matches!(v.kind, Kind::None)) {
        Some(v) => bytes_argument(v)?,
        None => Vec::new(),
    };
    *io.state.borrow_mut() = State { data, position: 0, closed: false };
    Ok(rt::none())
}

fn bytes(data: &[u8]) -> PyRef {
    alloc(Kind::Bytes(data.into()))
}

fn getvalue(a: Args) -> Res<PyRef> {
    let (_, io) = this(&a)?;
    Ok(bytes(&open_state(io)?.data))
}

fn read(a: Args) -> Res<PyRef> {
    let (_, io) = this(&a)?;
    let values = bind_after_self(&a, a.name, &["size"])?;
    let size = size_argument(values[0].as_ref())?;
    let mut state = open_state(io)?;
    let start = state.position.min(state.data.len());
    let end = if size < 0 {
        state.data.len()
    } else {
        start.saturating_add(size as usize).min(state.data.len())
    };
    state.position = state.position.max(end);
    Ok(bytes(&state.data[start..end]))
}

fn readline(a: Args) -> Res<PyRef> {
    let (_, io) = this(&a)?;
    let values = bind_after_self(&a, "readline", &["size"])?;
    let limit = size_argument(values[0].as_ref())?;
    let mut state = open_state(io)?;
    let start = state.position.min(state.data.len());
    let rest = &state.data[start..];
    let mut end = rest.iter().position(|&b| b == b'\n').map_or(rest.len(), |i| i + 1);
    if limit >= 0 {
        end = end.min(limit as usize);
    }
    let line = bytes(&rest[..end]);
    state.position = start + end;
    Ok(line)
}

fn readinto(a: Args) -> Res<PyRef> {
    let (_, io) = this(&a)?;
    let (_, rest) = split(&a);
    let [target] = rest else { return type_error("readinto() takes exactly one argument") };
    let Kind::ByteArray(cells) = &target.kind else {
        return type_error(format!(
            "readinto() argument must be read-write bytes-like object, not {}",
            crate::types::type_name(target)
        ));
    };
    let mut state = open_state(io)?;
    let start = state.position.min(state.data.len());
    let mut target = cells.borrow_mut();
    let n = target.len().min(state.data.len() - start);
    target[..n].copy_from_slice(&state.data[start..start + n]);
    state.position = start + n;
    Ok(rt::int(n as i64))
}

fn write(a: Args) -> Res<PyRef> {
    let (_, io) = this(&a)?;
    let (_, rest) = split(&a);
    let [value] = rest else { return type_error("write() takes exactly one argument") };
    // Appending bytes (pickle's framer, every `write` at the end): copied once, in place.
    if let Kind::Bytes(data) = &value.kind {
        let mut state = open_state(io)?;
        if state.position == state.data.len() {
            check_exports(io)?;
            state.data.extend_from_slice(data);
            state.position += data.len();
            return Ok(rt::int(data.len() as i64));
        }
    }
    let data = bytes_argument(value)?;
    let mut state = open_state(io)?;
    check_exports(io)?;
    let position = state.position;
    if position > state.data.len() {
        state.data.resize(position, 0);
    }
    let end = (position + data.len()).min(state.data.len());
    state.data.splice(position..end, data.iter().copied());
    state.position = position + data.len();
    Ok(rt::int(data.len() as i64))
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
    let new = match whence {
        0 if position < 0 => return value_error(format!("negative seek value {position}")),
        0 => position,
        1 => (state.position as i64 + position).max(0),
        2 => (state.data.len() as i64 + position).max(0),
        _ => return value_error(format!("invalid whence ({whence}, should be 0, 1 or 2)")),
    };
    state.position = new as usize;
    Ok(rt::int(new))
}

fn tell(a: Args) -> Res<PyRef> {
    let (_, io) = this(&a)?;
    Ok(rt::int(open_state(io)?.position as i64))
}

fn truncate(a: Args) -> Res<PyRef> {
    let (_, io) = this(&a)?;
    let values = bind_after_self(&a, "truncate", &["size"])?;
    let mut state = open_state(io)?;
    check_exports(io)?;
    let size = match values[0].as_ref().filter(|v| !matches!(v.kind, Kind::None)) {
        Some(v) => ops::to_index(v)?,
        None => state.position as i64,
    };
    if size < 0 {
        return value_error(format!("negative size value {size}"));
    }
    if (size as usize) < state.data.len() {
        state.data.truncate(size as usize);
    }
    Ok(rt::int(size))
}

fn capability(a: Args) -> Res<PyRef> {
    let (_, io) = this(&a)?;
    open_state(io)?;
    Ok(rt::boolean(true))
}

fn capability_none(a: Args) -> Res<PyRef> {
    let (_, io) = this(&a)?;
    open_state(io)?;
    Ok(rt::none())
}

fn close(a: Args) -> Res<PyRef> {
    let (object, io) = this(&a)?;
    check_exports(io)?;
    {
        let mut state = io.state.borrow_mut();
        state.closed = true;
        state.data = Vec::new();
    }
    base::mark_closed(object);
    Ok(rt::none())
}

fn closed(a: Args) -> Res<PyRef> {
    let (_, io) = this(&a)?;
    Ok(rt::boolean(io.state.borrow().closed))
}
