//! `_IOBase`, `_RawIOBase`, `_BufferedIOBase`, `_TextIOBase` (CPython's `iobase.c`,
//! `bufferedio.c`'s and `textio.c`'s base parts): every method works through the Python
//! protocol on `self` (`self.readline()`, `self.closed`...), so they serve classes defined in
//! Python and the native classes alike. The closed flag lives in the instance's `__dict__` as
//! `__IOBase_closed`, as in CPython.

use crate::object::error::Res;
use crate::object::exceptions::ExcKind;
use crate::object::native::{Args, MethodDef};
use crate::object::native_type::{AttrDef, NativeClassDef, NativeObject};
use crate::object::runtime::{self as rt, type_error};
use crate::object::{alloc, Kind, PyRef};
use crate::types::native_class::{make_class, new_class_arg, new_object};
use crate::types::{attr, ops};

use super::{
    bind_after_self, bytes_argument, call_method, closed_error, size_argument, split, unsupported,
};

/// The state of an object of a base class: none (the closed flag is in `__dict__`).
pub(crate) struct Plain;

impl NativeObject for Plain {
    fn trace(&self, _visitor: &mut rcgc::Visitor) {}
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

macro_rules! base_class {
    ($def:ident, $class:ident, $name:literal, $new:ident, $methods:expr, $attributes:expr, $bases:expr) => {
        static $def: NativeClassDef = NativeClassDef {
            name: $name,
            module: "_io",
            new: Some($new),
            methods: $methods,
            class_methods: &[],
            attributes: $attributes,
            has_dict: true,
            subclassable: true,
            item_slots: None,
        };
        thread_local! {
            static $class: PyRef = make_class(&$def, $bases);
        }
    };
}

base_class!(IOBASE, IOBASE_CLASS, "_IOBase", iobase_new, IOBASE_METHODS, IOBASE_ATTRIBUTES, vec![]);
base_class!(RAW, RAW_CLASS, "_RawIOBase", raw_new, RAW_METHODS, &[], vec![iobase_class()]);
base_class!(
    BUFFERED,
    BUFFERED_CLASS,
    "_BufferedIOBase",
    buffered_new,
    BUFFERED_METHODS,
    &[],
    vec![iobase_class()]
);
base_class!(
    TEXT,
    TEXT_CLASS,
    "_TextIOBase",
    text_new,
    TEXT_METHODS,
    TEXT_ATTRIBUTES,
    vec![iobase_class()]
);

/// `_io._IOBase`.
pub(crate) fn iobase_class() -> PyRef {
    IOBASE_CLASS.with(Clone::clone)
}

/// `_io._RawIOBase`.
pub(crate) fn rawiobase_class() -> PyRef {
    RAW_CLASS.with(Clone::clone)
}

/// `_io._BufferedIOBase`.
pub(crate) fn bufferediobase_class() -> PyRef {
    BUFFERED_CLASS.with(Clone::clone)
}

/// `_io._TextIOBase`.
pub(crate) fn textiobase_class() -> PyRef {
    TEXT_CLASS.with(Clone::clone)
}

fn plain_new(a: &Args, class: PyRef) -> Res<PyRef> {
    let cls = new_class_arg(a, &class)?.clone();
    Ok(new_object(&cls, Plain))
}

fn iobase_new(a: Args) -> Res<PyRef> {
    plain_new(&a, iobase_class())
}

fn raw_new(a: Args) -> Res<PyRef> {
    plain_new(&a, rawiobase_class())
}

fn buffered_new(a: Args) -> Res<PyRef> {
    plain_new(&a, bufferediobase_class())
}

fn text_new(a: Args) -> Res<PyRef> {
    plain_new(&a, textiobase_class())
}

const CLOSED_KEY: &str = "__IOBase_closed";

/// Whether `object.closed` is true (through the protocol: subclasses may override it).
pub(crate) fn is_closed(object: &PyRef) -> Res<bool> {
    ops::truthy(&attr::getattr(object, "closed")?)
}

/// Raises the closed-file `ValueError` if `object.closed`.
pub(crate) fn check_closed(object: &PyRef) -> Res<()> {
    if is_closed(object)? {
        return closed_error();
    }
    Ok(())
}

fn flag_in_dict(object: &PyRef) -> bool {
    object
        .instance()
        .and_then(|i| rt::dict_get_str(&i.dict, CLOSED_KEY))
        .is_some_and(|v| ops::truthy(&v).unwrap_or(false))
}

/// Sets the base's closed flag (`__IOBase_closed`).
pub(crate) fn mark_closed(object: &PyRef) {
    if let Some(instance) = object.instance() {
        rt::dict_set_str(&instance.dict, CLOSED_KEY, rt::boolean(true));
    }
}

const IOBASE_METHODS: &[MethodDef] = &[
    MethodDef { name: "seek", function: |_| Err(unsupported("seek")) },
    MethodDef {
        name: "tell",
        function: |a| call_method(split(&a).0, "seek", vec![rt::int(0), rt::int(1)]),
    },
    MethodDef { name: "truncate", function: |_| Err(unsupported("truncate")) },
    MethodDef {
        name: "flush",
        function: |a| {
            check_closed(split(&a).0)?;
            Ok(rt::none())
        },
    },
    MethodDef { name: "close", function: iobase_close },
    MethodDef { name: "seekable", function: |_| Ok(rt::boolean(false)) },
    MethodDef { name: "readable", function: |_| Ok(rt::boolean(false)) },
    MethodDef { name: "writable", function: |_| Ok(rt::boolean(false)) },
    MethodDef { name: "_checkClosed", function: |a| check_closed(split(&a).0).map(|_| rt::none()) },
    MethodDef {
        name: "_checkSeekable",
        function: |a| check_capability(&a, "seekable", "File or stream is not seekable."),
    },
    MethodDef {
        name: "_checkReadable",
        function: |a| check_capability(&a, "readable", "File or stream is not readable."),
    },
    MethodDef {
        name: "_checkWritable",
        function: |a| check_capability(&a, "writable", "File or stream is not writable."),
    },
    MethodDef { name: "fileno", function: |_| Err(unsupported("fileno")) },
    MethodDef {
        name: "isatty",
        function: |a| {
            check_closed(split(&a).0)?;
            Ok(rt::boolean(false))
        },
    },
    MethodDef {
        name: "__enter__",
        function: |a| {
            let (this, _) = split(&a);
            check_closed(this)?;
            Ok(this.clone())
        },
    },
    MethodDef { name: "__exit__", function: |a| call_method(split(&a).0, "close", vec![]) },
    MethodDef {
        name: "__iter__",
        function: |a| {
            let (this, _) = split(&a);
            check_closed(this)?;
            Ok(this.clone())
        },
    },
    MethodDef { name: "__next__", function: iobase_next },
    MethodDef { name: "readline", function: iobase_readline },
    MethodDef { name: "readlines", function: iobase_readlines },
    MethodDef { name: "writelines", function: iobase_writelines },
];

const IOBASE_ATTRIBUTES: &[AttrDef] =
    &[AttrDef { name: "closed", get: |a| Ok(rt::boolean(flag_in_dict(split(&a).0))), set: None }];

fn check_capability(a: &Args, name: &str, message: &str) -> Res<PyRef> {
    let (this, _) = split(a);
    if !ops::truthy(&call_method(this, name, vec![])?)? {
        return Err(unsupported(message));
    }
    Ok(rt::none())
}

/// `close()`: flushes, then marks the object closed (even if the flush failed).
fn iobase_close(a: Args) -> Res<PyRef> {
    let (this, _) = split(&a);
    if flag_in_dict(this) {
        return Ok(rt::none());
    }
    let flushed = call_method(this, "flush", vec![]);
    mark_closed(this);
    flushed.map(|_| rt::none())
}

fn iobase_next(a: Args) -> Res<PyRef> {
    let (this, _) = split(&a);
    let line = call_method(this, "readline", vec![])?;
    if ops::len(&line)? == 0 {
        return Err(crate::object::error::ExcInfo::new(rt::exception_of(
            rt::exception_class(ExcKind::StopIteration),
            vec![],
        )));
    }
    Ok(line)
}

/// `readline(size=-1)` of the base: `read(1)` (or `peek`) until a newline.
fn iobase_readline(a: Args) -> Res<PyRef> {
    let (this, _) = split(&a);
    let values = bind_after_self(&a, "readline", &["size"])?;
    let limit = size_argument(values[0].as_ref())?;
    let mut out = Vec::new();
    while limit < 0 || (out.len() as i64) < limit {
        let chunk = call_method(this, "read", vec![rt::int(1)])?;
        if matches!(chunk.kind, Kind::None) {
            break;
        }
        let Some(bytes) = ops::bytes_like(&chunk) else {
            return rt::raise(
                ExcKind::OSError,
                format!(
                    "read() should have returned a bytes object, not '{}'",
                    crate::types::type_name(&chunk)
                ),
            );
        };
        if bytes.is_empty() {
            break;
        }
        out.extend_from_slice(&bytes);
        if out.ends_with(b"\n") {
            break;
        }
    }
    Ok(alloc(Kind::Bytes(out.into())))
}

/// `readlines(hint=-1)`: the lines of iteration, up to `hint` characters or bytes.
fn iobase_readlines(a: Args) -> Res<PyRef> {
    let (this, _) = split(&a);
    let values = bind_after_self(&a, "readlines", &["hint"])?;
    let hint = size_argument(values[0].as_ref())?;
    let iterator = ops::iter(this)?;
    let mut lines = Vec::new();
    let mut total = 0i64;
    while let Some(line) = ops::next(&iterator)? {
        total += ops::len(&line)? as i64;
        lines.push(line);
        if hint > 0 && total >= hint {
            break;
        }
    }
    Ok(rt::list(lines))
}

fn iobase_writelines(a: Args) -> Res<PyRef> {
    let (this, rest) = split(&a);
    let [lines] = rest else { return type_error("writelines() takes exactly one argument") };
    check_closed(this)?;
    let iterator = ops::iter(lines)?;
    while let Some(line) = ops::next(&iterator)? {
        call_method(this, "write", vec![line])?;
    }
    Ok(rt::none())
}

const RAW_METHODS: &[MethodDef] = &[
    MethodDef { name: "read", function: raw_read },
    MethodDef { name: "readall", function: raw_readall },
    MethodDef { name: "readinto", function: |_| rt::raise(ExcKind::NotImplementedError, "") },
    MethodDef { name: "write", function: |_| rt::raise(ExcKind::NotImplementedError, "") },
];

/// `_RawIOBase.read(size=-1)`: `readall()`, or `readinto` a new buffer of that size.
fn raw_read(a: Args) -> Res<PyRef> {
    let (this, _) = split(&a);
    let values = bind_after_self(&a, "read", &["size"])?;
    let size = size_argument(values[0].as_ref())?;
    if size < 0 {
        return call_method(this, "readall", vec![]);
    }
    let buffer = alloc(Kind::ByteArray(Box::new(std::cell::RefCell::new(vec![0; size as usize]))));
    let n = call_method(this, "readinto", vec![buffer.clone()])?;
    if matches!(n.kind, Kind::None) {
        return Ok(rt::none());
    }
    let n = ops::to_index(&n)?.max(0) as usize;
    let data = ops::bytes_like(&buffer).unwrap_or_default();
    Ok(alloc(Kind::Bytes(data[..n.min(data.len())].into())))
}

/// `_RawIOBase.readall()`: `read(DEFAULT_BUFFER_SIZE)` until the end.
fn raw_readall(a: Args) -> Res<PyRef> {
    let (this, _) = split(&a);
    let mut out = Vec::new();
    loop {
        let chunk = call_method(this, "read", vec![rt::int(super::DEFAULT_BUFFER_SIZE as i64)])?;
        if matches!(chunk.kind, Kind::None) {
            if out.is_empty() {
                return Ok(rt::none());
            }
            break;
        }
        let bytes = bytes_argument(&chunk)?;
        if bytes.is_empty() {
            break;
        }
        out.extend(bytes);
    }
    Ok(alloc(Kind::Bytes(out.into())))
}

const BUFFERED_METHODS: &[MethodDef] = &[
    MethodDef { name: "read", function: |_| Err(unsupported("read")) },
    MethodDef { name: "read1", function: |_| Err(unsupported("read1")) },
    MethodDef { name: "write", function: |_| Err(unsupported("write")) },
    MethodDef { name: "detach", function: |_| Err(unsupported("detach")) },
    MethodDef { name: "readinto", function: |a| buffered_readinto(a, "read") },
    MethodDef { name: "readinto1", function: |a| buffered_readinto(a, "read1") },
];

/// `readinto(b)` of the base: `read(len(b))` copied into the bytearray.
pub(crate) fn buffered_readinto(a: Args, read: &str) -> Res<PyRef> {
    let (this, rest) = split(&a);
    let [target] = rest else { return type_error("readinto() takes exactly one argument") };
    let Kind::ByteArray(cells) = &target.kind else {
        return type_error(format!(
            "readinto() argument must be read-write bytes-like object, not {}",
            crate::types::type_name(target)
        ));
    };
    let size = cells.borrow().len();
    let data = call_method(this, read, vec![rt::int(size as i64)])?;
    let data = bytes_argument(&data)?;
    let n = data.len().min(size);
    cells.borrow_mut()[..n].copy_from_slice(&data[..n]);
    Ok(rt::int(n as i64))
}

const TEXT_METHODS: &[MethodDef] = &[
    MethodDef { name: "read", function: |_| Err(unsupported("read")) },
    MethodDef { name: "readline", function: |_| Err(unsupported("readline")) },
    MethodDef { name: "write", function: |_| Err(unsupported("write")) },
    MethodDef { name: "detach", function: |_| Err(unsupported("detach")) },
];

const TEXT_ATTRIBUTES: &[AttrDef] = &[
    AttrDef { name: "encoding", get: |_| Ok(rt::none()), set: None },
    AttrDef { name: "newlines", get: |_| Ok(rt::none()), set: None },
    AttrDef { name: "errors", get: |_| Ok(rt::none()), set: None },
];
