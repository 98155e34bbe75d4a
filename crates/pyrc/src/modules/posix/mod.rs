//! The native `posix` module (CPython's `Modules/posixmodule.c`, in part), so that CPython's
//! own `os.py` and `posixpath.py` run on pyrc: the system calls go through the `libc` crate
//! and fail with the `OSError` subclass their `errno` names, carrying `errno`, `strerror` and
//! the filename(s). Paths are str (UTF-8 on the system side), bytes or `os.PathLike`; results
//! are bytes exactly when the path given was. `fs` holds the file and directory calls and
//! `stat`, `scandir` the directory iterator and its `DirEntry`, `structseq` the tuple-like
//! result types (`stat_result`, `terminal_size`, `times_result`, `uname_result`). `environ`
//! maps bytes to bytes, as CPython's `posix.environ`. No `dir_fd` support (`_have_functions`
//! names none of the `*at` calls, so `os.supports_dir_fd` is empty and the stdlib does not
//! use them); `follow_symlinks=False` is honoured by `stat`, `chmod` (refused, as Linux)
//! and `access`.

use std::ffi::CString;

use crate::object::error::{ExcInfo, Res};
use crate::object::exceptions::ExcKind;
use crate::object::native::{bind_arguments, Args};
use crate::object::runtime::{self as rt, raise, type_error, value_error};
use crate::object::{alloc, Kind, PyRef};
use crate::types::{self, attr, ops};

use super::{add_functions, new_module};

mod fs;
mod process;
mod scandir;
mod structseq;

/// `import posix`.
pub fn posix_module() -> PyRef {
    let module = new_module(
        "posix",
        vec![
            ("environ", environ()),
            ("error", rt::exception_class(ExcKind::OSError)),
            ("stat_result", fs::stat_result_class()),
            ("terminal_size", terminal_size_class()),
            ("times_result", times_result_class()),
            ("uname_result", uname_result_class()),
            ("DirEntry", scandir::dir_entry_class()),
            ("_have_functions", rt::list(vec![rt::str("HAVE_LSTAT")])),
        ],
    );
    if let Kind::Module(m) = &module.kind {
        for &(name, value) in CONSTANTS {
            rt::dict_set_str(&m.dict, name, rt::int(value));
        }
    }
    add_functions(&module, fs::FUNCTIONS);
    add_functions(&module, process::FUNCTIONS);
    add_functions(
        &module,
        &[
            ("fspath", fspath),
            ("getpid", |a| id_call(a, || i64::from(unsafe_id(IdCall::Pid)))),
            ("getppid", |a| id_call(a, || i64::from(unsafe_id(IdCall::Ppid)))),
            ("getuid", |a| id_call(a, || i64::from(unsafe_id(IdCall::Uid)))),
            ("geteuid", |a| id_call(a, || i64::from(unsafe_id(IdCall::Euid)))),
            ("getgid", |a| id_call(a, || i64::from(unsafe_id(IdCall::Gid)))),
            ("getegid", |a| id_call(a, || i64::from(unsafe_id(IdCall::Egid)))),
            ("getpgrp", |a| id_call(a, || i64::from(unsafe_id(IdCall::Pgrp)))),
            ("urandom", urandom),
            ("strerror", strerror),
            ("putenv", putenv),
            ("unsetenv", unsetenv),
            ("times", times),
            ("uname", uname),
            ("cpu_count", cpu_count),
            ("get_terminal_size", get_terminal_size),
            ("device_encoding", device_encoding),
            ("waitstatus_to_exitcode", waitstatus_to_exitcode),
            ("kill", kill),
            ("_exit", exit_now),
        ],
    );
    module
}

/// The constants `os.py`, `shutil`, `tempfile` and `subprocess` read (Linux's values).
const CONSTANTS: &[(&str, i64)] = &[
    ("F_OK", libc::F_OK as i64),
    ("R_OK", libc::R_OK as i64),
    ("W_OK", libc::W_OK as i64),
    ("X_OK", libc::X_OK as i64),
    ("O_RDONLY", libc::O_RDONLY as i64),
    ("O_WRONLY", libc::O_WRONLY as i64),
    ("O_RDWR", libc::O_RDWR as i64),
    ("O_APPEND", libc::O_APPEND as i64),
    ("O_CREAT", libc::O_CREAT as i64),
    ("O_EXCL", libc::O_EXCL as i64),
    ("O_TRUNC", libc::O_TRUNC as i64),
    ("O_NONBLOCK", libc::O_NONBLOCK as i64),
    ("O_NDELAY", libc::O_NDELAY as i64),
    ("O_NOCTTY", libc::O_NOCTTY as i64),
    ("O_CLOEXEC", libc::O_CLOEXEC as i64),
    ("O_DIRECTORY", libc::O_DIRECTORY as i64),
    ("O_NOFOLLOW", libc::O_NOFOLLOW as i64),
    ("O_SYNC", libc::O_SYNC as i64),
    ("O_DSYNC", libc::O_DSYNC as i64),
    ("O_ACCMODE", libc::O_ACCMODE as i64),
    ("O_NOATIME", libc::O_NOATIME as i64),
    ("O_PATH", libc::O_PATH as i64),
    ("O_TMPFILE", libc::O_TMPFILE as i64),
    ("O_LARGEFILE", libc::O_LARGEFILE as i64),
    ("SEEK_SET", libc::SEEK_SET as i64),
    ("SEEK_CUR", libc::SEEK_CUR as i64),
    ("SEEK_END", libc::SEEK_END as i64),
    ("SEEK_DATA", libc::SEEK_DATA as i64),
    ("SEEK_HOLE", libc::SEEK_HOLE as i64),
    ("EX_OK", 0),
    ("WNOHANG", libc::WNOHANG as i64),
    ("WUNTRACED", libc::WUNTRACED as i64),
    ("F_LOCK", libc::F_LOCK as i64),
    ("F_TLOCK", libc::F_TLOCK as i64),
    ("F_ULOCK", libc::F_ULOCK as i64),
    ("F_TEST", libc::F_TEST as i64),
];

// ---- arguments and errors ----------------------------------------------------------------

/// A path argument converted for a system call (CPython's `path_t`).
pub(super) struct PathArg {
    /// What the caller gave (reported as the filename of an error).
    pub object: PyRef,
    pub c: CString,
    /// Whether results naming files should be bytes.
    pub is_bytes: bool,
}

/// `os.fspath(value)`'s str or bytes, or an error naming `function` and `argument`.
fn fspath_of(value: &PyRef, function: &str, argument: &str) -> Res<PyRef> {
    if types::str::text(value).is_some() || matches!(value.kind, Kind::Bytes(_)) {
        return Ok(value.clone());
    }
    if let Kind::Extended(extended) = &value.kind {
        if matches!(extended.base.kind, Kind::Bytes(_)) {
            return Ok(value.clone());
        }
    }
    let class = crate::object::class::type_of(value);
    let Some(method) = crate::object::class::class_lookup(&class, "__fspath__")
        .filter(|m| !matches!(m.kind, Kind::None))
    else {
        // CPython's words name what else the argument may be: a descriptor, or None.
        let others = match function {
            "listdir" | "scandir" => ", integer or None",
            "stat" | "chdir" | "chmod" | "truncate" | "utime" => " or integer",
            _ => "",
        };
        return type_error(if function.is_empty() {
            format!("expected str, bytes or os.PathLike object, not {}", types::type_name(value))
        } else if others.is_empty() {
            format!(
                "{function}: {argument} should be string, bytes or os.PathLike, not {}",
                types::type_name(value)
            )
        } else {
            format!(
                "{function}: {argument} should be string, bytes, os.PathLike{others}, not {}",
                types::type_name(value)
            )
        });
    };
    let result = ops::call(&method, vec![value.clone()], vec![])?;
    let ok = types::str::text(&result).is_some() || matches!(base_kind(&result), Kind::Bytes(_));
    if !ok {
        return type_error(format!(
            "expected {}.__fspath__() to return str or bytes, not {}",
            types::type_name(value),
            types::type_name(&result)
        ));
    }
    Ok(result)
}

/// The kind of `value`'s built-in value (what an instance of a subclass extends).
pub(super) fn base_kind(value: &PyRef) -> &Kind {
    match &value.kind {
        Kind::Extended(extended) => &extended.base.kind,
        kind => kind,
    }
}

/// Converts the path argument `value` of `function` (named `argument`).
pub(super) fn path_arg(value: &PyRef, function: &str, argument: &str) -> Res<PathArg> {
    let path = fspath_of(value, function, argument)?;
    let (bytes, is_bytes) = match types::str::text(&path) {
        Some(text) => (text.as_bytes().to_vec(), false),
        None => (ops::bytes_like(&path).unwrap_or_default(), true),
    };
    let Ok(c) = CString::new(bytes) else {
        return value_error("embedded null byte");
    };
    Ok(PathArg { object: value.clone(), c, is_bytes })
}

/// A new `bytes` object.
pub(super) fn bytes(data: &[u8]) -> PyRef {
    alloc(Kind::Bytes(data.into()))
}

/// A file name from the system, as str (UTF-8; undecodable bytes replaced) or bytes.
pub(super) fn name_object(name: &[u8], as_bytes: bool) -> PyRef {
    if as_bytes {
        bytes(name)
    } else {
        rt::str(String::from_utf8_lossy(name))
    }
}

/// The `OSError` of the last failed system call, naming `filename`.
pub(super) fn last_error(filename: Option<&PyRef>) -> crate::object::error::Exc {
    super::io::os_error(super::io::last_errno(), filename)
}

/// The arguments of `function`'s parameters `names`, the first `required` of them required,
/// with CPython's arity message.
pub(super) fn bind(
    a: &Args,
    function: &str,
    names: &[&str],
    required: usize,
) -> Res<Vec<Option<PyRef>>> {
    if a.positional.len() > names.len() {
        return type_error(format!(
            "{function}() takes at most {} arguments ({} given)",
            names.len(),
            a.positional.len()
        ));
    }
    bind_arguments(function, &a.positional, &a.keywords, names, required, &[])
}

/// A C `int` argument.
pub(super) fn c_int(value: &PyRef) -> Res<i32> {
    let n = ops::to_index(value)?;
    i32::try_from(n).map_err(|_| {
        ExcInfo::new(rt::exception(
            ExcKind::OverflowError,
            if n < 0 {
                "signed integer is less than minimum"
            } else {
                "signed integer is greater than maximum"
            },
        ))
    })
}

/// A file descriptor argument (`fd`), or the `fileno()` of an object that has one.
pub(super) fn fd_arg(value: &PyRef) -> Res<i32> {
    if let Kind::Int(_) | Kind::Bool(_) = base_kind(value) {
        return c_int(value);
    }
    if let Some(method) = attr::lookup(value, "fileno")? {
        return c_int(&ops::call(&method, vec![], vec![])?);
    }
    type_error(format!(
        "argument must be an int, or have a fileno() method, not {}",
        types::type_name(value)
    ))
}

// ---- functions ---------------------------------------------------------------------------

/// `fspath(path)`.
fn fspath(a: Args) -> Res<PyRef> {
    let values = bind(&a, "fspath", &["path"], 1)?;
    fspath_of(values[0].as_ref().expect("required"), "", "")
}

enum IdCall {
    Pid,
    Ppid,
    Uid,
    Euid,
    Gid,
    Egid,
    Pgrp,
}

fn unsafe_id(call: IdCall) -> u32 {
    // SAFETY: these calls take no argument and cannot fail.
    unsafe {
        match call {
            IdCall::Pid => libc::getpid() as u32,
            IdCall::Ppid => libc::getppid() as u32,
            IdCall::Uid => libc::getuid(),
            IdCall::Euid => libc::geteuid(),
            IdCall::Gid => libc::getgid(),
            IdCall::Egid => libc::getegid(),
            IdCall::Pgrp => libc::getpgrp() as u32,
        }
    }
}

fn id_call(a: Args, value: impl FnOnce() -> i64) -> Res<PyRef> {
    a.arity(a.name, 0, 0)?;
    a.no_keywords(a.name)?;
    Ok(rt::int(value()))
}

/// `urandom(size)`: bytes from the system's random source (`getrandom`).
fn urandom(a: Args) -> Res<PyRef> {
    let values = bind(&a, "urandom", &["size"], 1)?;
    let size = ops::to_index(values[0].as_ref().expect("required"))?;
    if size < 0 {
        return value_error("negative argument not allowed");
    }
    let mut buffer = vec![0u8; size as usize];
    let mut filled = 0;
    while filled < buffer.len() {
        let rest = &mut buffer[filled..];
        // SAFETY: `rest` is a writable buffer of `rest.len()` bytes, which `getrandom` fills
        // at most.
        let n = unsafe { libc::getrandom(rest.as_mut_ptr().cast(), rest.len(), 0) };
        if n < 0 {
            let errno = super::io::last_errno();
            if errno == libc::EINTR {
                continue;
            }
            return Err(super::io::os_error(errno, None));
        }
        filled += n as usize;
    }
    Ok(bytes(&buffer))
}

/// `strerror(code)`.
fn strerror(a: Args) -> Res<PyRef> {
    let values = bind(&a, "strerror", &["code"], 1)?;
    let code = c_int(values[0].as_ref().expect("required"))?;
    let text = std::io::Error::from_raw_os_error(code).to_string();
    Ok(rt::str(text.split(" (os error").next().unwrap_or(&text)))
}

/// `environ`: the environment at start-up, bytes to bytes.
fn environ() -> PyRef {
    use std::os::unix::ffi::OsStrExt;
    let dict = rt::new_dict();
    for (key, value) in std::env::vars_os() {
        let _ = ops::dict_set(&dict, bytes(key.as_bytes()), bytes(value.as_bytes()));
    }
    dict
}

/// An environment name or value as a C string (str is encoded as UTF-8).
fn env_arg(value: &PyRef, function: &str, argument: &str) -> Res<CString> {
    let data = match types::str::text(value) {
        Some(text) => text.as_bytes().to_vec(),
        None => match base_kind(value) {
            Kind::Bytes(b) => b.to_vec(),
            _ => {
                return type_error(format!(
                    "{function}: {argument} should be string, bytes or os.PathLike, not {}",
                    types::type_name(value)
                ))
            }
        },
    };
    CString::new(data)
        .map_err(|_| ExcInfo::new(rt::exception(ExcKind::ValueError, "embedded null byte")))
}

/// `putenv(name, value)`.
fn putenv(a: Args) -> Res<PyRef> {
    a.no_keywords("putenv")?;
    a.arity("putenv", 2, 2)?;
    let name = env_arg(&a.positional[0], "putenv", "name")?;
    let value = env_arg(&a.positional[1], "putenv", "value")?;
    if name.as_bytes().is_empty() || name.as_bytes().contains(&b'=') {
        return value_error("illegal environment variable name");
    }
    // SAFETY: both are NUL-terminated strings; `setenv` copies them. pyrc runs Python code
    // on one thread, so no other thread reads the environment meanwhile.
    if unsafe { libc::setenv(name.as_ptr(), value.as_ptr(), 1) } != 0 {
        return Err(last_error(None));
    }
    Ok(rt::none())
}

/// `unsetenv(name)`.
fn unsetenv(a: Args) -> Res<PyRef> {
    a.no_keywords("unsetenv")?;
    a.arity("unsetenv", 1, 1)?;
    let name = env_arg(&a.positional[0], "unsetenv", "name")?;
    if name.as_bytes().is_empty() || name.as_bytes().contains(&b'=') {
        return value_error("illegal environment variable name");
    }
    // SAFETY: a NUL-terminated string; pyrc's Python code runs on one thread.
    if unsafe { libc::unsetenv(name.as_ptr()) } != 0 {
        return Err(last_error(None));
    }
    Ok(rt::none())
}

static TERMINAL_SIZE: structseq::StructSeqDef = structseq::StructSeqDef {
    name: "terminal_size",
    module: "os",
    fields: &["columns", "lines"],
    visible: 2,
};
static TIMES_RESULT: structseq::StructSeqDef = structseq::StructSeqDef {
    name: "times_result",
    module: "posix",
    fields: &["user", "system", "children_user", "children_system", "elapsed"],
    visible: 5,
};
static UNAME_RESULT: structseq::StructSeqDef = structseq::StructSeqDef {
    name: "uname_result",
    module: "posix",
    fields: &["sysname", "nodename", "release", "version", "machine"],
    visible: 5,
};

thread_local! {
    static CLASSES: [PyRef; 3] = [
        structseq::make(&TERMINAL_SIZE),
        structseq::make(&TIMES_RESULT),
        structseq::make(&UNAME_RESULT),
    ];
}

fn terminal_size_class() -> PyRef {
    CLASSES.with(|c| c[0].clone())
}
fn times_result_class() -> PyRef {
    CLASSES.with(|c| c[1].clone())
}
fn uname_result_class() -> PyRef {
    CLASSES.with(|c| c[2].clone())
}

/// `times()`: CPU times of the process and its children, and the elapsed real time.
fn times(a: Args) -> Res<PyRef> {
    a.arity("times", 0, 0)?;
    // SAFETY: `tms` is plain data; all zero is valid, and `times` fills it.
    let mut t: libc::tms = unsafe { std::mem::zeroed() };
    // SAFETY: `t` is a valid `tms` for `times` to write.
    let elapsed = unsafe { libc::times(&mut t) };
    if elapsed == (-1i64) as libc::clock_t {
        return Err(last_error(None));
    }
    // SAFETY: `sysconf` only reads a configuration value.
    let ticks = unsafe { libc::sysconf(libc::_SC_CLK_TCK) } as f64;
    let values = [t.tms_utime, t.tms_stime, t.tms_cutime, t.tms_cstime, elapsed]
        .iter()
        .map(|&v| rt::float(v as f64 / ticks))
        .collect();
    Ok(structseq::instance(&times_result_class(), 5, TIMES_RESULT.fields, values))
}

/// `uname()`.
fn uname(a: Args) -> Res<PyRef> {
    a.arity("uname", 0, 0)?;
    // SAFETY: `utsname` is plain data; all zero is valid, and `uname` fills it.
    let mut u: libc::utsname = unsafe { std::mem::zeroed() };
    // SAFETY: `u` is a valid `utsname` for `uname` to write.
    if unsafe { libc::uname(&mut u) } != 0 {
        return Err(last_error(None));
    }
    let field = |f: &[libc::c_char]| {
        let bytes: Vec<u8> = f.iter().take_while(|&&c| c != 0).map(|&c| c as u8).collect();
        rt::str(String::from_utf8_lossy(&bytes))
    };
    let values = vec![
        field(&u.sysname),
        field(&u.nodename),
        field(&u.release),
        field(&u.version),
        field(&u.machine),
    ];
    Ok(structseq::instance(&uname_result_class(), 5, UNAME_RESULT.fields, values))
}

/// `cpu_count()`: the processors online, or `None`.
fn cpu_count(a: Args) -> Res<PyRef> {
    a.arity("cpu_count", 0, 0)?;
    // SAFETY: `sysconf` only reads a configuration value.
    let n = unsafe { libc::sysconf(libc::_SC_NPROCESSORS_ONLN) };
    Ok(if n >= 1 { rt::int(n as i64) } else { rt::none() })
}

/// `get_terminal_size(fd=1)`.
fn get_terminal_size(a: Args) -> Res<PyRef> {
    a.arity("get_terminal_size", 0, 1)?;
    let fd = match a.positional.first() {
        Some(fd) => c_int(fd)?,
        None => 1,
    };
    // SAFETY: `winsize` is plain data; all zero is valid.
    let mut size: libc::winsize = unsafe { std::mem::zeroed() };
    // SAFETY: TIOCGWINSZ writes one `winsize` into `size`, which lives across the call.
    if unsafe { libc::ioctl(fd, libc::TIOCGWINSZ, &mut size) } != 0 {
        return Err(last_error(None));
    }
    let values = vec![rt::int(i64::from(size.ws_col)), rt::int(i64::from(size.ws_row))];
    Ok(structseq::instance(&terminal_size_class(), 2, TERMINAL_SIZE.fields, values))
}

/// `device_encoding(fd)`: `'utf-8'` for a terminal (pyrc's locale encoding), else `None`.
fn device_encoding(a: Args) -> Res<PyRef> {
    let values = bind(&a, "device_encoding", &["fd"], 1)?;
    let fd = c_int(values[0].as_ref().expect("required"))?;
    // SAFETY: `isatty` only queries the descriptor.
    Ok(if unsafe { libc::isatty(fd) } == 1 { rt::str("utf-8") } else { rt::none() })
}

/// `waitstatus_to_exitcode(status)`.
fn waitstatus_to_exitcode(a: Args) -> Res<PyRef> {
    let values = bind(&a, "waitstatus_to_exitcode", &["status"], 1)?;
    let status = c_int(values[0].as_ref().expect("required"))?;
    if libc::WIFEXITED(status) {
        return Ok(rt::int(i64::from(libc::WEXITSTATUS(status))));
    }
    if libc::WIFSIGNALED(status) {
        return Ok(rt::int(-i64::from(libc::WTERMSIG(status))));
    }
    value_error(format!("invalid wait status: {status}"))
}

/// `kill(pid, signal)`.
fn kill(a: Args) -> Res<PyRef> {
    a.arity("kill", 2, 2)?;
    let pid = c_int(&a.positional[0])?;
    let signal = c_int(&a.positional[1])?;
    // SAFETY: `kill` takes plain integers.
    if unsafe { libc::kill(pid, signal) } != 0 {
        return Err(last_error(None));
    }
    Ok(rt::none())
}

/// `_exit(status)`: ends the process at once (no clean-up, no buffers flushed).
fn exit_now(a: Args) -> Res<PyRef> {
    let values = bind(&a, "_exit", &["status"], 1)?;
    let status = c_int(values[0].as_ref().expect("required"))?;
    // SAFETY: `_exit` ends the process; nothing runs after it.
    unsafe { libc::_exit(status) }
}

/// A `NotImplementedError` for a `dir_fd` other than `None`.
pub(super) fn no_dir_fd(value: &Option<PyRef>, function: &str) -> Res<()> {
    match value {
        Some(v) if !matches!(v.kind, Kind::None) => raise(
            ExcKind::NotImplementedError,
            format!("{function}: dir_fd unavailable on this platform"),
        ),
        _ => Ok(()),
    }
}

/// A `follow_symlinks` argument (default true).
pub(super) fn follow(value: &Option<PyRef>) -> Res<bool> {
    value.as_ref().map_or(Ok(true), ops::truthy)
}
