//! `io.FileIO` (CPython's `fileio.c`): raw, unbuffered I/O on a POSIX file descriptor
//! through the C library's `open`/`read`/`write`/`lseek`/`ftruncate`/`close`, with
//! CPython's modes (`r`, `w`, `x`, `a`, `+`), `closefd`, `opener` and errors (`OSError`
//! subclasses chosen by `errno`). The descriptor is closed by `close()` or, if still open,
//! when the object is freed (`Drop` of its state), as CPython closes files on deallocation.

use std::cell::RefCell;
use std::ffi::CString;

use crate::object::error::Res;
use crate::object::native::{Args, MethodDef};
use crate::object::native_type::{state_of, AttrDef, NativeClassDef, NativeObject};
use crate::object::runtime::{self as rt, type_error, value_error};
use crate::object::{alloc, Kind, PyRef};
use crate::types::native_class::{make_class, new_class_arg, new_object};
use crate::types::{self, attr, ops};

use super::{
    base, bind_after_self, bytes_argument, closed_error_plain, last_errno, os_error, size_argument,
    split, unsupported, DEFAULT_BUFFER_SIZE,
};

struct State {
    /// -1 when closed (or not yet opened).
    fd: i32,
    readable: bool,
    writable: bool,
    appending: bool,
    created: bool,
    closefd: bool,
}

pub(crate) struct FileIO {
    state: RefCell<State>,
}

impl Drop for FileIO {
    fn drop(&mut self) {
        let state = self.state.get_mut();
        if state.fd >= 0 && state.closefd {
            // SAFETY: `close` on a descriptor this object owns (`closefd`) and has not closed:
            // no other object refers to it through this state.
            unsafe { libc::close(state.fd) };
            state.fd = -1;
        }
    }
}

impl NativeObject for FileIO {
    fn trace(&self, _visitor: &mut rcgc::Visitor) {}
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

static FILEIO: NativeClassDef = NativeClassDef {
    name: "FileIO",
    module: "_io",
    new: Some(fileio_new),
    methods: &[
        MethodDef { name: "__init__", function: init },
        MethodDef { name: "read", function: read },
        MethodDef { name: "readall", function: readall },
        MethodDef { name: "readinto", function: readinto },
        MethodDef { name: "write", function: write },
        MethodDef { name: "seek", function: seek },
        MethodDef { name: "tell", function: tell },
        MethodDef { name: "truncate", function: truncate },
        MethodDef { name: "close", function: close },
        MethodDef { name: "seekable", function: seekable },
        MethodDef { name: "readable", function: readable },
        MethodDef { name: "writable", function: writable },
        MethodDef { name: "fileno", function: fileno },
        MethodDef { name: "isatty", function: isatty },
        MethodDef { name: "__repr__", function: repr },
    ],
    class_methods: &[],
    attributes: &[
        AttrDef { name: "closed", get: closed, set: None },
        AttrDef { name: "closefd", get: closefd, set: None },
        AttrDef { name: "mode", get: mode, set: None },
    ],
    has_dict: true,
    subclassable: true,
    item_slots: None,
};

thread_local! {
    static CLASS: PyRef = make_class(&FILEIO, vec![base::rawiobase_class()]);
}

/// `_io.FileIO`.
pub(crate) fn class() -> PyRef {
    CLASS.with(Clone::clone)
}

fn this<'a>(a: &'a Args) -> Res<(&'a PyRef, &'a FileIO)> {
    state_of::<FileIO>(a, &FILEIO)
}

fn fileio_new(a: Args) -> Res<PyRef> {
    let cls = new_class_arg(&a, &class())?.clone();
    let state = State {
        fd: -1,
        readable: false,
        writable: false,
        appending: false,
        created: false,
        closefd: true,
    };
    Ok(new_object(&cls, FileIO { state: RefCell::new(state) }))
}

/// The path bytes of a `str`, `bytes` or path-like argument.
fn path_bytes(file: &PyRef) -> Res<Vec<u8>> {
    if let Some(text) = types::str::text(file) {
        return Ok(text.as_bytes().to_vec());
    }
    if let Some(bytes) = ops::bytes_like(file) {
        return Ok(bytes);
    }
    match attr::getattr(file, "__fspath__") {
        Ok(method) => path_bytes(&ops::call(&method, vec![], vec![])?),
        Err(_) => type_error(format!(
            "expected str, bytes or os.PathLike object, not {}",
            types::type_name(file)
        )),
    }
}

/// `FileIO(file, mode='r', closefd=True, opener=None)`.
fn init(a: Args) -> Res<PyRef> {
    let (object, io) = this(&a)?;
    let values = bind_after_self(&a, "FileIO", &["file", "mode", "closefd", "opener"])?;
    let Some(file) = values[0].clone() else {
        return type_error("FileIO() missing required argument 'file' (pos 1)");
    };
    let mode = match &values[1] {
        Some(m) => match types::str::text(m) {
            Some(text) => text.to_string(),
            None => {
                return type_error(format!(
                    "FileIO() argument 'mode' must be str, not {}",
                    types::type_name(m)
                ))
            }
        },
        None => "r".into(),
    };
    let closefd = values[2].as_ref().map_or(Ok(true), ops::truthy)?;
    let opener = values[3].clone().filter(|o| !matches!(o.kind, Kind::None));

    // Closes a descriptor an earlier `__init__` opened.
    {
        let mut state = io.state.borrow_mut();
        if state.fd >= 0 && state.closefd {
            // SAFETY: the descriptor is this object's own (closefd) and still open.
            unsafe { libc::close(state.fd) };
        }
        state.fd = -1;
    }

    let (mut readable, mut writable, mut appending, mut created, mut plus) =
        (false, false, false, false, false);
    let mut flags = 0;
    let mut chosen = 0;
    let bad_mode = || value_error(format!("invalid mode: {mode}"));
    for c in mode.chars() {
        match c {
            'x' | 'r' | 'w' | 'a' => {
                chosen += 1;
                if chosen > 1 {
                    return value_error("Must have exactly one of create/read/write/append mode and at most one plus");
                }
                match c {
                    'x' => {
                        created = true;
                        writable = true;
                        flags |= libc::O_EXCL | libc::O_CREAT;
                    }
                    'r' => readable = true,
                    'w' => {
                        writable = true;
                        flags |= libc::O_CREAT | libc::O_TRUNC;
                    }
                    _ => {
                        writable = true;
                        appending = true;
                        flags |= libc::O_APPEND | libc::O_CREAT;
                    }
                }
            }
            '+' => {
                if plus {
                    return bad_mode();
                }
                plus = true;
                readable = true;
                writable = true;
            }
            'b' => {}
            _ => return bad_mode(),
        }
    }
    if chosen != 1 {
        return value_error(
            "Must have exactly one of create/read/write/append mode and at most one plus",
        );
    }
    flags |= if readable && writable {
        libc::O_RDWR
    } else if readable {
        libc::O_RDONLY
    } else {
        libc::O_WRONLY
    };
    flags |= libc::O_CLOEXEC;

    let fd = if let Kind::Int(_) | Kind::Bool(_) = file.kind {
        let fd = ops::to_index(&file)?;
        if fd < 0 {
            return value_error("negative file descriptor");
        }
        i32::try_from(fd).map_err(|_| {
            crate::object::error::ExcInfo::new(rt::exception(
                crate::object::exceptions::ExcKind::OverflowError,
                "fd is greater than maximum",
            ))
        })?
    } else {
        if !closefd {
            return value_error("Cannot use closefd=False with file name");
        }
        match opener {
            Some(opener) => {
                let fd = ops::call(&opener, vec![file.clone(), rt::int(i64::from(flags))], vec![])?;
                let fd = ops::to_index(&fd)?;
                if fd < 0 {
                    return value_error(format!("opener returned {fd}"));
                }
                fd as i32
            }
            None => {
                let path = path_bytes(&file)?;
                let Ok(path) = CString::new(path) else { return value_error("embedded null byte") };
                // SAFETY: `path` is a NUL-terminated string that outlives the call; `open`
                // reads it and returns a new descriptor or -1.
                let fd = unsafe { libc::open(path.as_ptr(), flags, 0o666 as libc::c_uint) };
                if fd < 0 {
                    return Err(os_error(last_errno(), Some(&file)));
                }
                fd
            }
        }
    };
    // A directory cannot be read as a file.
    // SAFETY: `stat` is a plain C struct, all zero is a valid value; `fstat` writes into it.
    let mut stat: libc::stat = unsafe { std::mem::zeroed() };
    // SAFETY: `fstat` only writes into `stat`, which lives across the call.
    if unsafe { libc::fstat(fd, &mut stat) } == 0 && (stat.st_mode & libc::S_IFMT) == libc::S_IFDIR
    {
        if closefd {
            // SAFETY: the descriptor was just opened here (or handed over with closefd).
            unsafe { libc::close(fd) };
        }
        return Err(os_error(libc::EISDIR, Some(&file)));
    }
    *io.state.borrow_mut() = State { fd, readable, writable, appending, created, closefd };
    attr::setattr(object, "name", file)?;
    if appending {
        // SAFETY: `lseek` on the descriptor just opened; it touches no memory.
        unsafe { libc::lseek(fd, 0, libc::SEEK_END) };
    }
    Ok(rt::none())
}

/// The open descriptor and the state, or the closed-file error.
fn open_fd(io: &FileIO) -> Res<(i32, bool, bool)> {
    let state = io.state.borrow();
    if state.fd < 0 {
        return closed_error_plain();
    }
    Ok((state.fd, state.readable, state.writable))
}

/// Reads at most `size` bytes: `None` if the descriptor would block.
pub(crate) fn read_fd(fd: i32, size: usize) -> Res<Option<Vec<u8>>> {
    let mut buffer = vec![0u8; size];
    loop {
        // SAFETY: `buffer` holds `size` writable bytes and lives across the call.
        let n = unsafe { libc::read(fd, buffer.as_mut_ptr().cast(), size) };
        if n >= 0 {
            buffer.truncate(n as usize);
            return Ok(Some(buffer));
        }
        match last_errno() {
            // PEP 475: a signal's Python handler runs (and may raise) before the retry.
            libc::EINTR => crate::vm::signals::run_handlers()?,
            libc::EAGAIN => return Ok(None),
            errno => return Err(os_error(errno, None)),
        }
    }
}

/// Writes `data` once (a short write is possible): the count written, `None` if it would block.
pub(crate) fn write_fd(fd: i32, data: &[u8]) -> Res<Option<usize>> {
    loop {
        // SAFETY: `data` is readable for its length across the call.
        let n = unsafe { libc::write(fd, data.as_ptr().cast(), data.len()) };
        if n >= 0 {
            return Ok(Some(n as usize));
        }
        match last_errno() {
            // PEP 475: a signal's Python handler runs (and may raise) before the retry.
            libc::EINTR => crate::vm::signals::run_handlers()?,
            libc::EAGAIN => return Ok(None),
            errno => return Err(os_error(errno, None)),
        }
    }
}

/// The descriptor of `object` if it is a `FileIO` (for buffered objects to write to it
/// without Python calls, as when they are freed).
pub(crate) fn fd_of(object: &PyRef) -> Option<i32> {
    let io = crate::object::native_type::state::<FileIO>(object)?;
    let fd = io.state.borrow().fd;
    (fd >= 0).then_some(fd)
}

fn read(a: Args) -> Res<PyRef> {
    let (_, io) = this(&a)?;
    let values = bind_after_self(&a, "read", &["size"])?;
    let size = size_argument(values[0].as_ref())?;
    let (fd, readable, _) = open_fd(io)?;
    if !readable {
        return Err(unsupported("File not open for reading"));
    }
    if size < 0 {
        return read_all(fd);
    }
    Ok(match read_fd(fd, size as usize)? {
        Some(data) => alloc(Kind::Bytes(data.into())),
        None => rt::none(),
    })
}

fn read_all(fd: i32) -> Res<PyRef> {
    let mut out = Vec::new();
    loop {
        match read_fd(fd, DEFAULT_BUFFER_SIZE.max(out.len() / 4))? {
            Some(data) if data.is_empty() => break,
            Some(data) => out.extend(data),
            None if out.is_empty() => return Ok(rt::none()),
            None => break,
        }
    }
    Ok(alloc(Kind::Bytes(out.into())))
}

fn readall(a: Args) -> Res<PyRef> {
    let (_, io) = this(&a)?;
    let (fd, readable, _) = open_fd(io)?;
    if !readable {
        return Err(unsupported("File not open for reading"));
    }
    read_all(fd)
}

fn readinto(a: Args) -> Res<PyRef> {
    let (_, io) = this(&a)?;
    let (_, rest) = split(&a);
    let [target] = rest else { return type_error("readinto() takes exactly one argument") };
    let (fd, readable, _) = open_fd(io)?;
    if !readable {
        return Err(unsupported("File not open for reading"));
    }
    let Kind::ByteArray(cells) = &target.kind else {
        return type_error(format!(
            "readinto() argument must be read-write bytes-like object, not {}",
            types::type_name(target)
        ));
    };
    let size = cells.borrow().len();
    let Some(data) = read_fd(fd, size)? else { return Ok(rt::none()) };
    cells.borrow_mut()[..data.len()].copy_from_slice(&data);
    Ok(rt::int(data.len() as i64))
}

fn write(a: Args) -> Res<PyRef> {
    let (_, io) = this(&a)?;
    let (_, rest) = split(&a);
    let [value] = rest else { return type_error("write() takes exactly one argument") };
    let (fd, _, writable) = open_fd(io)?;
    if !writable {
        return Err(unsupported("File not open for writing"));
    }
    let data = bytes_argument(value)?;
    Ok(match write_fd(fd, &data)? {
        Some(n) => rt::int(n as i64),
        None => rt::none(),
    })
}

/// `lseek` with its error as an `OSError`.
pub(crate) fn seek_fd(fd: i32, offset: i64, whence: i32) -> Res<i64> {
    // SAFETY: `lseek` touches no memory; a bad descriptor is an error return.
    let position = unsafe { libc::lseek(fd, offset as libc::off_t, whence) };
    if position < 0 {
        return Err(os_error(last_errno(), None));
    }
    Ok(position as i64)
}

fn seek(a: Args) -> Res<PyRef> {
    let (_, io) = this(&a)?;
    let values = bind_after_self(&a, "seek", &["pos", "whence"])?;
    let Some(position) = &values[0] else {
        return type_error("seek expected at least 1 argument, got 0");
    };
    if let Kind::Float(_) = position.kind {
        return type_error("an integer is required");
    }
    let position = ops::to_index(position)?;
    let whence = values[1].as_ref().map_or(Ok(0), ops::to_index)?;
    let (fd, _, _) = open_fd(io)?;
    Ok(rt::int(seek_fd(fd, position, whence as i32)?))
}

fn tell(a: Args) -> Res<PyRef> {
    let (_, io) = this(&a)?;
    let (fd, _, _) = open_fd(io)?;
    Ok(rt::int(seek_fd(fd, 0, libc::SEEK_CUR)?))
}

fn truncate(a: Args) -> Res<PyRef> {
    let (_, io) = this(&a)?;
    let values = bind_after_self(&a, "truncate", &["size"])?;
    let (fd, _, writable) = open_fd(io)?;
    if !writable {
        return Err(unsupported("File not open for writing"));
    }
    let size = match values[0].as_ref().filter(|v| !matches!(v.kind, Kind::None)) {
        Some(v) => ops::to_index(v)?,
        None => seek_fd(fd, 0, libc::SEEK_CUR)?,
    };
    // SAFETY: `ftruncate` touches no memory.
    if unsafe { libc::ftruncate(fd, size as libc::off_t) } != 0 {
        return Err(os_error(last_errno(), None));
    }
    Ok(rt::int(size))
}

fn close(a: Args) -> Res<PyRef> {
    let (object, io) = this(&a)?;
    let (fd, closefd) = {
        let mut state = io.state.borrow_mut();
        let fd = state.fd;
        state.fd = -1;
        (fd, state.closefd)
    };
    base::mark_closed(object);
    // SAFETY: the descriptor was this object's (closefd) and is forgotten above, so it is
    // closed once.
    if fd >= 0 && closefd && unsafe { libc::close(fd) } != 0 {
        return Err(os_error(last_errno(), None));
    }
    Ok(rt::none())
}

fn seekable(a: Args) -> Res<PyRef> {
    let (_, io) = this(&a)?;
    let (fd, _, _) = open_fd(io)?;
    // SAFETY: `lseek` touches no memory.
    Ok(rt::boolean(unsafe { libc::lseek(fd, 0, libc::SEEK_CUR) } >= 0))
}

fn readable(a: Args) -> Res<PyRef> {
    let (_, io) = this(&a)?;
    Ok(rt::boolean(open_fd(io)?.1))
}

fn writable(a: Args) -> Res<PyRef> {
    let (_, io) = this(&a)?;
    Ok(rt::boolean(open_fd(io)?.2))
}

fn fileno(a: Args) -> Res<PyRef> {
    let (_, io) = this(&a)?;
    Ok(rt::int(i64::from(open_fd(io)?.0)))
}

fn isatty(a: Args) -> Res<PyRef> {
    let (_, io) = this(&a)?;
    let (fd, _, _) = open_fd(io)?;
    // SAFETY: `isatty` touches no memory.
    Ok(rt::boolean(unsafe { libc::isatty(fd) } == 1))
}

fn closed(a: Args) -> Res<PyRef> {
    let (_, io) = this(&a)?;
    Ok(rt::boolean(io.state.borrow().fd < 0))
}

fn closefd(a: Args) -> Res<PyRef> {
    let (_, io) = this(&a)?;
    Ok(rt::boolean(io.state.borrow().closefd))
}

fn mode_string(state: &State) -> &'static str {
    match (state.created, state.appending, state.readable, state.writable) {
        (true, _, true, _) => "xb+",
        (true, _, false, _) => "xb",
        (_, true, true, _) => "ab+",
        (_, true, false, _) => "ab",
        (_, _, true, true) => "rb+",
        (_, _, true, false) => "rb",
        _ => "wb",
    }
}

fn mode(a: Args) -> Res<PyRef> {
    let (_, io) = this(&a)?;
    Ok(rt::str(mode_string(&io.state.borrow())))
}

fn repr(a: Args) -> Res<PyRef> {
    let (object, io) = this(&a)?;
    let class = types::type_name(object);
    let class = if &*class == "FileIO" { "_io.FileIO".to_string() } else { class.to_string() };
    let (closed, mode, closefd) = {
        let state = io.state.borrow();
        (state.fd < 0, mode_string(&state), state.closefd)
    };
    if closed {
        return Ok(rt::str(format!("<{class} [closed]>")));
    }
    let closefd = if closefd { "True" } else { "False" };
    let name = match object.instance().and_then(|i| rt::dict_get_str(&i.dict, "name")) {
        Some(name) => format!("name={}", ops::repr(&name)?),
        None => format!("fd={}", io.state.borrow().fd),
    };
    Ok(rt::str(format!("<{class} {name} mode='{mode}' closefd={closefd}>")))
}
