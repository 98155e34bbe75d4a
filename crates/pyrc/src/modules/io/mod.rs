//! The native `_io` module that CPython's `io.py` imports (CPython's `Modules/_io/`): the
//! abstract bases `_IOBase`, `_RawIOBase`, `_BufferedIOBase`, `_TextIOBase` (their methods
//! work through the Python protocol, so classes defined in Python derive from them, as
//! `io.IOBase` does), `FileIO` over POSIX file descriptors, `BytesIO`, `StringIO`,
//! `BufferedReader`/`BufferedWriter`/`BufferedRandom`/`BufferedRWPair`, `TextIOWrapper`,
//! `IncrementalNewlineDecoder`, `open`, `open_code`, `text_encoding`, `DEFAULT_BUFFER_SIZE`,
//! `UnsupportedOperation` (a subclass of `OSError` and `ValueError`) and `BlockingIOError`.
//! Every class is a native class (`object::native_type`), subclassable from Python.

mod base;
mod buffered;
pub(crate) mod bytesio;
mod fileio;
mod newline_decoder;
pub mod stdin_lines;
mod stringio;
mod textio;

use crate::object::error::{Exc, ExcInfo, Res};
use crate::object::exceptions::ExcKind;
use crate::object::native::{Args, Kwargs};
use crate::object::runtime::{self as rt, type_error};
use crate::object::{Kind, PyRef};
use crate::types::{self, attr, ops};

use super::{add_functions, new_module};

/// `io.DEFAULT_BUFFER_SIZE`.
pub const DEFAULT_BUFFER_SIZE: usize = 8192;

thread_local! {
    static UNSUPPORTED: PyRef = {
        let dict = rt::new_dict();
        rt::dict_set_str(&dict, "__module__", rt::str("io"));
        let bases = vec![rt::exception_class(ExcKind::OSError), rt::exception_class(ExcKind::ValueError)];
        types::new_class("UnsupportedOperation", bases, dict, None).expect("OSError and ValueError have an MRO")
    };
}

/// `io.UnsupportedOperation`.
pub(crate) fn unsupported_class() -> PyRef {
    UNSUPPORTED.with(Clone::clone)
}

/// An `io.UnsupportedOperation(message)` to raise.
pub(crate) fn unsupported(message: &str) -> Exc {
    ExcInfo::new(rt::exception_of(unsupported_class(), vec![rt::str(message)]))
}

/// The `ValueError` of an operation on a closed file.
pub(crate) fn closed_error<T>() -> Res<T> {
    rt::value_error("I/O operation on closed file.")
}

/// The same error as `StringIO` and `FileIO` word it (no final period, as in CPython).
pub(crate) fn closed_error_plain<T>() -> Res<T> {
    rt::value_error("I/O operation on closed file")
}

/// The `OSError` of a failed system call (its kind chosen by `errno`, as CPython does), with
/// CPython's message `[Errno 2] No such file or directory: 'name'`.
pub(crate) fn os_error(errno: i32, filename: Option<&PyRef>) -> Exc {
    os_error2(errno, filename, None)
}

/// [`os_error`] with a second filename (`rename`: `[Errno 2] ...: 'a' -> 'b'`). The exception
/// is `OSError(errno, strerror, filename, None, filename2)`, so it carries `errno`,
/// `strerror` and the filenames as CPython's.
pub(crate) fn os_error2(errno: i32, filename: Option<&PyRef>, filename2: Option<&PyRef>) -> Exc {
    let kind = crate::object::exceptions::os_error_kind(errno);
    let text = std::io::Error::from_raw_os_error(errno).to_string();
    let text = text.split(" (os error").next().unwrap_or(&text).to_string();
    let mut args = vec![rt::int(i64::from(errno)), rt::str(text)];
    if let Some(filename) = filename {
        args.push(filename.clone());
        if let Some(filename2) = filename2 {
            args.push(rt::none());
            args.push(filename2.clone());
        }
    }
    ExcInfo::new(rt::exception_of(rt::exception_class(kind), args))
}

/// The `errno` of the last failed system call.
pub(crate) fn last_errno() -> i32 {
    std::io::Error::last_os_error().raw_os_error().unwrap_or(libc::EIO)
}

/// `self` and the other positional arguments of a native method.
pub(crate) fn split<'a>(a: &'a Args) -> (&'a PyRef, &'a [PyRef]) {
    match a.receiver {
        Some(receiver) => (receiver, &a.positional),
        None => (&a.positional[0], &a.positional[1..]),
    }
}

/// `object.name(*args)`.
pub(crate) fn call_method(object: &PyRef, name: &str, args: Vec<PyRef>) -> Res<PyRef> {
    ops::call(&attr::getattr(object, name)?, args, Kwargs::new())
}

/// A size argument: `None` or absent is -1 (everything), else an index.
pub(crate) fn size_argument(value: Option<&PyRef>) -> Res<i64> {
    match value {
        None => Ok(-1),
        Some(v) if matches!(v.kind, Kind::None) => Ok(-1),
        Some(v) => match v.kind {
            Kind::Int(_) | Kind::Bool(_) => ops::to_index(v),
            _ => type_error(format!(
                "argument should be integer or None, not '{}'",
                types::type_name(v)
            )),
        },
    }
}

/// The method's arguments after `self`, bound to `names` (positional or keyword).
pub(crate) fn bind_after_self(a: &Args, function: &str, names: &[&str]) -> Res<Vec<Option<PyRef>>> {
    let (_, rest) = split(a);
    if rest.len() > names.len() {
        return type_error(format!(
            "{function}() takes at most {} argument{} ({} given)",
            names.len(),
            if names.len() == 1 { "" } else { "s" },
            rest.len()
        ));
    }
    crate::object::native::bind_arguments(function, rest, &a.keywords, names, 0, &[])
}

/// The bytes of a bytes-like argument.
pub(crate) fn bytes_argument(value: &PyRef) -> Res<Vec<u8>> {
    match ops::bytes_like(value)
        .or_else(|| crate::modules::builtins::memoryview::viewed_bytes(value))
    {
        Some(bytes) => Ok(bytes),
        None => type_error(format!(
            "a bytes-like object is required, not '{}'",
            types::type_name(value)
        )),
    }
}

/// `import _io`.
pub fn io_module() -> PyRef {
    let module = new_module(
        "_io",
        vec![
            ("DEFAULT_BUFFER_SIZE", rt::int(DEFAULT_BUFFER_SIZE as i64)),
            ("UnsupportedOperation", unsupported_class()),
            ("BlockingIOError", rt::exception_class(ExcKind::BlockingIOError)),
            ("_IOBase", base::iobase_class()),
            ("_RawIOBase", base::rawiobase_class()),
            ("_BufferedIOBase", base::bufferediobase_class()),
            ("_TextIOBase", base::textiobase_class()),
            ("FileIO", fileio::class()),
            ("BytesIO", bytesio::class()),
            ("StringIO", stringio::class()),
            ("BufferedReader", buffered::reader_class()),
            ("BufferedWriter", buffered::writer_class()),
            ("BufferedRandom", buffered::random_class()),
            ("BufferedRWPair", buffered::pair_class()),
            ("TextIOWrapper", textio::class()),
            ("IncrementalNewlineDecoder", newline_decoder::newline_decoder_class()),
        ],
    );
    add_functions(&module, &[("open_code", open_code), ("text_encoding", text_encoding)]);
    // `io.open is open`: the one function object, the builtin's.
    let builtins = rt::with(|r| r.builtins.clone());
    let open_function = rt::dict_get_str(&builtins, "open")
        .unwrap_or_else(|| crate::object::native::native("open", open));
    if let Kind::Module(m) = &module.kind {
        rt::dict_set_str(&m.dict, "open", open_function);
    }
    module
}

/// `io.text_encoding(encoding, stacklevel=2)`: `"locale"`'s stand-in `"utf-8"` for `None`
/// (pyrc runs in UTF-8 mode, as CPython with `-X utf8`).
fn text_encoding(a: Args) -> Res<PyRef> {
    a.arity("text_encoding", 1, 2)?;
    let encoding = a.arg(0);
    if matches!(encoding.kind, Kind::None) {
        return Ok(rt::str("utf-8"));
    }
    Ok(encoding)
}

/// `io.open_code(path)`: the file opened for reading bytes.
fn open_code(a: Args) -> Res<PyRef> {
    a.arity("open_code", 1, 1)?;
    let path = a.arg(0);
    if types::str::text(&path).is_none() {
        return type_error(format!(
            "open_code() argument 'path' must be str, not {}",
            types::type_name(&path)
        ));
    }
    ops::call(&crate::object::native::native("open", open), vec![path, rt::str("rb")], vec![])
}

/// `io.open(file, mode='r', buffering=-1, encoding=None, errors=None, newline=None,
/// closefd=True, opener=None)`, as CPython's `_io_open_impl`.
pub fn open(a: Args) -> Res<PyRef> {
    if a.positional.len() > 8 {
        return type_error(format!(
            "open() takes at most 8 arguments ({} given)",
            a.positional.len()
        ));
    }
    let names = ["file", "mode", "buffering", "encoding", "errors", "newline", "closefd", "opener"];
    let v = a.bind("open", &names, 1, &[])?;
    let file = v[0].clone().expect("required");
    let mode_object = v[1].clone().unwrap_or_else(|| rt::str("r"));
    let Some(mode) = types::str::text(&mode_object).map(str::to_string) else {
        return type_error(format!(
            "open() argument 'mode' must be str, not {}",
            types::type_name(&mode_object)
        ));
    };
    let buffering = match &v[2] {
        Some(b) => ops::to_index(b)?,
        None => -1,
    };
    let text_arg = |index: usize, what: &str| -> Res<Option<PyRef>> {
        match &v[index] {
            None => Ok(None),
            Some(x) if matches!(x.kind, Kind::None) => Ok(None),
            Some(x) if types::str::text(x).is_some() => Ok(Some(x.clone())),
            Some(x) => type_error(format!(
                "open() argument '{what}' must be str or None, not {}",
                types::type_name(x)
            )),
        }
    };
    let (encoding, errors, newline) =
        (text_arg(3, "encoding")?, text_arg(4, "errors")?, text_arg(5, "newline")?);
    if let Some(text) = newline.as_ref().and_then(types::str::text) {
        if !matches!(text, "" | "\n" | "\r" | "\r\n") {
            return rt::value_error(format!("illegal newline value: {text}"));
        }
    }
    let closefd = match &v[6] {
        Some(c) => ops::truthy(c)?,
        None => true,
    };
    let opener = v[7].clone().filter(|o| !matches!(o.kind, Kind::None));

    if !matches!(file.kind, Kind::Int(_) | Kind::Bool(_))
        && types::str::text(&file).is_none()
        && ops::bytes_like(&file).is_none()
    {
        // A path-like object: its `__fspath__`.
        match attr::getattr(&file, "__fspath__") {
            Ok(_) => {}
            Err(_) => {
                return type_error(format!(
                    "expected str, bytes or os.PathLike object, not {}",
                    types::type_name(&file)
                ))
            }
        }
    }
    let mut seen = std::collections::HashSet::new();
    let (mut creating, mut reading, mut writing, mut appending, mut updating) =
        (false, false, false, false, false);
    let (mut text, mut binary) = (false, false);
    for c in mode.chars() {
        if !"xrwabt+".contains(c) || !seen.insert(c) {
            return rt::value_error(format!("invalid mode: '{mode}'"));
        }
        match c {
            'x' => creating = true,
            'r' => reading = true,
            'w' => writing = true,
            'a' => appending = true,
            '+' => updating = true,
            't' => text = true,
            _ => binary = true,
        }
    }
    if text && binary {
        return rt::value_error("can't have text and binary mode at once");
    }
    if [creating, reading, writing, appending].iter().filter(|x| **x).count() > 1 {
        return rt::value_error("must have exactly one of create/read/write/append mode");
    }
    if !(creating || reading || writing || appending) {
        return rt::value_error(
            "Must have exactly one of create/read/write/append mode and at most one plus",
        );
    }
    if binary && encoding.is_some() {
        return rt::value_error("binary mode doesn't take an encoding argument");
    }
    if binary && errors.is_some() {
        return rt::value_error("binary mode doesn't take an errors argument");
    }
    if binary && newline.is_some() {
        return rt::value_error("binary mode doesn't take a newline argument");
    }
    if binary && buffering == 1 {
        // CPython warns (RuntimeWarning) and goes on unbuffered-by-line.
    }
    let mut raw_mode = String::new();
    for (flag, c) in
        [(creating, 'x'), (reading, 'r'), (writing, 'w'), (appending, 'a'), (updating, '+')]
    {
        if flag {
            raw_mode.push(c);
        }
    }
    let mut raw_kw: Kwargs = vec![("closefd".into(), rt::boolean(closefd))];
    if let Some(opener) = opener {
        raw_kw.push(("opener".into(), opener));
    }
    let raw = ops::call(&fileio::class(), vec![file, rt::str(&raw_mode)], raw_kw)?;
    let result = (|| -> Res<PyRef> {
        let mut buffering = buffering;
        let line_buffering = buffering == 1
            || (buffering < 0 && ops::truthy(&call_method(&raw, "isatty", vec![])?)?);
        if buffering == 1 || buffering < 0 {
            buffering = DEFAULT_BUFFER_SIZE as i64;
        }
        if buffering == 0 {
            if binary {
                return Ok(raw.clone());
            }
            return rt::value_error("can't have unbuffered text I/O");
        }
        let class = if updating {
            buffered::random_class()
        } else if creating || writing || appending {
            buffered::writer_class()
        } else {
            buffered::reader_class()
        };
        let buffer = ops::call(&class, vec![raw.clone(), rt::int(buffering)], vec![])?;
        if binary {
            return Ok(buffer);
        }
        let none = rt::none;
        let wrapper = ops::call(
            &textio::class(),
            vec![
                buffer,
                encoding.clone().unwrap_or_else(none),
                errors.clone().unwrap_or_else(none),
                newline.clone().unwrap_or_else(none),
                rt::boolean(line_buffering),
            ],
            vec![],
        )?;
        attr::setattr(&wrapper, "mode", rt::str(&mode))?;
        Ok(wrapper)
    })();
    if result.is_err() {
        let _ = call_method(&raw, "close", vec![]);
    }
    result
}
