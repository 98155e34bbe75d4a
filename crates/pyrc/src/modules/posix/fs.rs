//! `posix`'s file and directory calls: `stat`/`lstat`/`fstat` (an `os.stat_result`), the
//! descriptor calls (`open`, `read`, `write`, `close`, `lseek`, `isatty`, `fsync`,
//! `ftruncate`, `dup`, `dup2`, `pipe`), and the path calls (`listdir`, `getcwd`, `chdir`,
//! `mkdir`, `rmdir`, `unlink`/`remove`, `rename`/`replace`, `readlink`, `symlink`, `link`,
//! `access`, `chmod`, `umask`, `truncate`, `utime`). Each is one system call with CPython's
//! arguments; `EINTR` is retried as CPython's PEP 475 wrappers do.

use std::ffi::CStr;
use std::os::unix::ffi::OsStrExt;

use crate::object::error::Res;
use crate::object::native::{Args, NativeFn};
use crate::object::runtime::{self as rt, type_error, value_error};
use crate::object::{Kind, PyRef};
use crate::types::ops;

use super::structseq::{self, StructSeqDef};
use super::{
    base_kind, bind, bytes, c_int, fd_arg, follow, last_error, name_object, no_dir_fd, path_arg,
    PathArg,
};

/// The functions of this part, for `posix_module`.
pub(super) const FUNCTIONS: &[(&str, NativeFn)] = &[
    ("stat", stat),
    ("lstat", lstat),
    ("fstat", fstat),
    ("open", open),
    ("read", read),
    ("write", write),
    ("close", close),
    ("closerange", closerange),
    ("lseek", lseek),
    ("isatty", isatty),
    ("fsync", fsync),
    ("ftruncate", ftruncate),
    ("truncate", truncate),
    ("dup", dup),
    ("dup2", dup2),
    ("pipe", pipe),
    ("get_inheritable", get_inheritable),
    ("set_inheritable", set_inheritable),
    ("listdir", listdir),
    ("scandir", super::scandir::scandir),
    ("getcwd", |a| getcwd(a, false)),
    ("getcwdb", |a| getcwd(a, true)),
    ("chdir", chdir),
    ("mkdir", mkdir),
    ("rmdir", |a| path_call(a, "rmdir", |p| unsafe_call(|| libc_rmdir(p)))),
    ("unlink", |a| path_call(a, "unlink", |p| unsafe_call(|| libc_unlink(p)))),
    ("remove", |a| path_call(a, "remove", |p| unsafe_call(|| libc_unlink(p)))),
    ("rename", |a| two_paths(a, "rename")),
    ("replace", |a| two_paths(a, "replace")),
    ("link", |a| two_paths(a, "link")),
    ("symlink", symlink),
    ("readlink", readlink),
    ("access", access),
    ("chmod", chmod),
    ("umask", umask),
    ("utime", utime),
];

// ---- stat ----------------------------------------------------------------------------------

static STAT_RESULT: StructSeqDef = StructSeqDef {
    name: "stat_result",
    module: "os",
    fields: &[
        "st_mode",
        "st_ino",
        "st_dev",
        "st_nlink",
        "st_uid",
        "st_gid",
        "st_size",
        "st_atime",
        "st_mtime",
        "st_ctime",
        "st_atime",
        "st_mtime",
        "st_ctime",
        "st_atime_ns",
        "st_mtime_ns",
        "st_ctime_ns",
        "st_blksize",
        "st_blocks",
        "st_rdev",
    ],
    visible: 10,
};

thread_local! {
    static STAT_RESULT_CLASS: PyRef = structseq::make(&STAT_RESULT);
}

/// `os.stat_result`.
pub(super) fn stat_result_class() -> PyRef {
    STAT_RESULT_CLASS.with(Clone::clone)
}

/// The `os.stat_result` of a C `stat`.
pub(super) fn stat_result(st: &libc::stat) -> PyRef {
    let ns =
        |seconds: i64, nanos: i64| rt::int(i128::from(seconds) * 1_000_000_000 + i128::from(nanos));
    let float = |seconds: i64, nanos: i64| rt::float(seconds as f64 + nanos as f64 * 1e-9);
    let (a, m, c) = (
        (st.st_atime, st.st_atime_nsec),
        (st.st_mtime, st.st_mtime_nsec),
        (st.st_ctime, st.st_ctime_nsec),
    );
    let values = vec![
        rt::int(i64::from(st.st_mode)),
        rt::int(st.st_ino as i128),
        rt::int(st.st_dev as i128),
        rt::int(st.st_nlink as i128),
        rt::int(i64::from(st.st_uid)),
        rt::int(i64::from(st.st_gid)),
        rt::int(st.st_size),
        rt::int(a.0),
        rt::int(m.0),
        rt::int(c.0),
        float(a.0, a.1),
        float(m.0, m.1),
        float(c.0, c.1),
        ns(a.0, a.1),
        ns(m.0, m.1),
        ns(c.0, c.1),
        rt::int(st.st_blksize),
        rt::int(st.st_blocks),
        rt::int(st.st_rdev as i128),
    ];
    structseq::instance(&stat_result_class(), STAT_RESULT.visible, STAT_RESULT.fields, values)
}

/// Runs a system call that returns -1 with `errno` set on failure, again while it is
/// interrupted (`EINTR`).
fn unsafe_call(mut call: impl FnMut() -> i64) -> Result<i64, i32> {
    loop {
        let result = call();
        if result != -1 {
            return Ok(result);
        }
        let errno = super::super::io::last_errno();
        if errno != libc::EINTR {
            return Err(errno);
        }
    }
}

/// `stat` of a path (`lstat` when `follow` is false) or of a descriptor.
pub(super) fn stat_path(path: &PathArg, follow: bool) -> Res<libc::stat> {
    // SAFETY: `stat` is plain data; all zero is valid, and the call fills it.
    let mut st: libc::stat = unsafe { std::mem::zeroed() };
    let result = unsafe_call(|| {
        // SAFETY: the path is NUL-terminated and `st` is a valid buffer, both alive across
        // the call.
        i64::from(unsafe {
            if follow {
                libc::stat(path.c.as_ptr(), &mut st)
            } else {
                libc::lstat(path.c.as_ptr(), &mut st)
            }
        })
    });
    match result {
        Ok(_) => Ok(st),
        Err(errno) => Err(super::super::io::os_error(errno, Some(&path.object))),
    }
}

fn fstat_fd(fd: i32) -> Res<libc::stat> {
    // SAFETY: `stat` is plain data; all zero is valid, and the call fills it.
    let mut st: libc::stat = unsafe { std::mem::zeroed() };
    // SAFETY: `st` is a valid buffer alive across the call.
    match unsafe_call(|| i64::from(unsafe { libc::fstat(fd, &mut st) })) {
        Ok(_) => Ok(st),
        Err(errno) => Err(super::super::io::os_error(errno, None)),
    }
}

/// `stat(path, *, dir_fd=None, follow_symlinks=True)`; `path` may be a descriptor.
fn stat(a: Args) -> Res<PyRef> {
    stat_call(a, "stat", true)
}

/// `lstat(path, *, dir_fd=None)`.
fn lstat(a: Args) -> Res<PyRef> {
    stat_call(a, "lstat", false)
}

fn stat_call(a: Args, function: &str, default_follow: bool) -> Res<PyRef> {
    if a.positional.len() > 1 {
        return type_error(format!(
            "{function}() takes at most 1 positional argument ({} given)",
            a.positional.len()
        ));
    }
    let names: &[&str] =
        if default_follow { &["path", "dir_fd", "follow_symlinks"] } else { &["path", "dir_fd"] };
    let values = bind(&a, function, names, 1)?;
    no_dir_fd(&values[1], function)?;
    let follow = default_follow && follow(values.get(2).unwrap_or(&None))?;
    let path = values[0].as_ref().expect("required");
    if default_follow {
        if let Kind::Int(_) | Kind::Bool(_) = base_kind(path) {
            return Ok(stat_result(&fstat_fd(c_int(path)?)?));
        }
    }
    let path = path_arg(path, function, "path")?;
    Ok(stat_result(&stat_path(&path, follow)?))
}

/// `fstat(fd)`.
fn fstat(a: Args) -> Res<PyRef> {
    let values = bind(&a, "fstat", &["fd"], 1)?;
    let fd = c_int(values[0].as_ref().expect("required"))?;
    Ok(stat_result(&fstat_fd(fd)?))
}

// ---- descriptors -----------------------------------------------------------------------------

/// `open(path, flags, mode=0o777, *, dir_fd=None)`: a new descriptor (not inheritable, as
/// CPython's: `O_CLOEXEC`).
fn open(a: Args) -> Res<PyRef> {
    let values = bind(&a, "open", &["path", "flags", "mode", "dir_fd"], 2)?;
    no_dir_fd(&values[3], "open")?;
    let path = path_arg(values[0].as_ref().expect("required"), "open", "path")?;
    let flags = c_int(values[1].as_ref().expect("required"))? | libc::O_CLOEXEC;
    let mode = match &values[2] {
        Some(mode) => c_int(mode)?,
        None => 0o777,
    };
    // SAFETY: the path is NUL-terminated and alive across the call.
    let result = unsafe_call(|| {
        i64::from(unsafe { libc::open(path.c.as_ptr(), flags, mode as libc::c_uint) })
    });
    match result {
        Ok(fd) => Ok(rt::int(fd)),
        Err(errno) => Err(super::super::io::os_error(errno, Some(&path.object))),
    }
}

/// `read(fd, length)`.
fn read(a: Args) -> Res<PyRef> {
    a.no_keywords("read")?;
    a.arity("read", 2, 2)?;
    let fd = c_int(&a.positional[0])?;
    let length = ops::to_index(&a.positional[1])?;
    if length < 0 {
        return value_error("length must be non-negative");
    }
    rt::check_allocation(length as usize, 1)?;
    let mut buffer = vec![0u8; length as usize];
    // SAFETY: `buffer` is writable for `buffer.len()` bytes, the most `read` writes.
    let n =
        unsafe_call(|| unsafe { libc::read(fd, buffer.as_mut_ptr().cast(), buffer.len()) } as i64)
            .map_err(|errno| super::super::io::os_error(errno, None))?;
    buffer.truncate(n as usize);
    Ok(bytes(&buffer))
}

/// `write(fd, data)`: how many bytes were written.
fn write(a: Args) -> Res<PyRef> {
    a.no_keywords("write")?;
    a.arity("write", 2, 2)?;
    let fd = c_int(&a.positional[0])?;
    // a memoryview too: subprocess's communicate() writes its input through one
    let data = super::super::io::bytes_argument(&a.positional[1])?;
    // SAFETY: `data` is readable for `data.len()` bytes across the call.
    let n = unsafe_call(|| unsafe { libc::write(fd, data.as_ptr().cast(), data.len()) } as i64)
        .map_err(|errno| super::super::io::os_error(errno, None))?;
    Ok(rt::int(n))
}

/// `close(fd)` (not retried on `EINTR`, as CPython: the descriptor is gone either way).
fn close(a: Args) -> Res<PyRef> {
    let values = bind(&a, "close", &["fd"], 1)?;
    let fd = c_int(values[0].as_ref().expect("required"))?;
    // SAFETY: closing a descriptor number the caller owns; a wrong one fails with EBADF.
    if unsafe { libc::close(fd) } != 0 {
        return Err(last_error(None));
    }
    Ok(rt::none())
}

/// `closerange(low, high)`: errors ignored.
fn closerange(a: Args) -> Res<PyRef> {
    a.arity("closerange", 2, 2)?;
    let (low, high) = (c_int(&a.positional[0])?, c_int(&a.positional[1])?);
    for fd in low.max(0)..high {
        // SAFETY: as `close`; failures are ignored, as CPython's.
        unsafe { libc::close(fd) };
    }
    Ok(rt::none())
}

/// `lseek(fd, position, whence)`: the new position.
fn lseek(a: Args) -> Res<PyRef> {
    a.no_keywords("lseek")?;
    a.arity("lseek", 3, 3)?;
    let fd = c_int(&a.positional[0])?;
    let position = ops::to_index(&a.positional[1])?;
    let whence = c_int(&a.positional[2])?;
    // SAFETY: `lseek` takes plain integers.
    let result = unsafe_call(|| unsafe { libc::lseek(fd, position, whence) })
        .map_err(|errno| super::super::io::os_error(errno, None))?;
    Ok(rt::int(result))
}

/// `isatty(fd)`.
fn isatty(a: Args) -> Res<PyRef> {
    let values = bind(&a, "isatty", &["fd"], 1)?;
    let fd = c_int(values[0].as_ref().expect("required"))?;
    // SAFETY: `isatty` only queries the descriptor.
    Ok(rt::boolean(unsafe { libc::isatty(fd) } == 1))
}

/// `fsync(fd)` (an object with `fileno()` too).
fn fsync(a: Args) -> Res<PyRef> {
    let values = bind(&a, "fsync", &["fd"], 1)?;
    let fd = fd_arg(values[0].as_ref().expect("required"))?;
    // SAFETY: `fsync` takes a descriptor number.
    unsafe_call(|| i64::from(unsafe { libc::fsync(fd) }))
        .map_err(|errno| super::super::io::os_error(errno, None))?;
    Ok(rt::none())
}

/// `ftruncate(fd, length)`.
fn ftruncate(a: Args) -> Res<PyRef> {
    a.arity("ftruncate", 2, 2)?;
    let fd = c_int(&a.positional[0])?;
    let length = ops::to_index(&a.positional[1])?;
    // SAFETY: `ftruncate` takes plain integers.
    unsafe_call(|| i64::from(unsafe { libc::ftruncate(fd, length) }))
        .map_err(|errno| super::super::io::os_error(errno, None))?;
    Ok(rt::none())
}

/// `truncate(path, length)`.
fn truncate(a: Args) -> Res<PyRef> {
    let values = bind(&a, "truncate", &["path", "length"], 2)?;
    let path = path_arg(values[0].as_ref().expect("required"), "truncate", "path")?;
    let length = ops::to_index(values[1].as_ref().expect("required"))?;
    // SAFETY: the path is NUL-terminated and alive across the call.
    unsafe_call(|| i64::from(unsafe { libc::truncate(path.c.as_ptr(), length) }))
        .map_err(|errno| super::super::io::os_error(errno, Some(&path.object)))?;
    Ok(rt::none())
}

/// `dup(fd)`: a new, non-inheritable descriptor.
fn dup(a: Args) -> Res<PyRef> {
    let values = bind(&a, "dup", &["fd"], 1)?;
    let fd = c_int(values[0].as_ref().expect("required"))?;
    // SAFETY: `fcntl(F_DUPFD_CLOEXEC)` takes plain integers.
    let new = unsafe_call(|| i64::from(unsafe { libc::fcntl(fd, libc::F_DUPFD_CLOEXEC, 0) }))
        .map_err(|errno| super::super::io::os_error(errno, None))?;
    Ok(rt::int(new))
}

/// `dup2(fd, fd2, inheritable=True)`.
fn dup2(a: Args) -> Res<PyRef> {
    let values = bind(&a, "dup2", &["fd", "fd2", "inheritable"], 2)?;
    let fd = c_int(values[0].as_ref().expect("required"))?;
    let fd2 = c_int(values[1].as_ref().expect("required"))?;
    let inheritable = follow(&values[2])?;
    let flags = if inheritable { 0 } else { libc::O_CLOEXEC };
    // SAFETY: `dup3`/`dup2` take plain integers.
    let result = unsafe_call(|| {
        i64::from(unsafe {
            if fd == fd2 {
                libc::dup2(fd, fd2)
            } else {
                libc::dup3(fd, fd2, flags)
            }
        })
    })
    .map_err(|errno| super::super::io::os_error(errno, None))?;
    Ok(rt::int(result))
}

/// `pipe()`: `(read_fd, write_fd)`, both non-inheritable.
fn pipe(a: Args) -> Res<PyRef> {
    a.arity("pipe", 0, 0)?;
    let mut fds = [0i32; 2];
    // SAFETY: `fds` has room for the two descriptors `pipe2` writes.
    if unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) } != 0 {
        return Err(last_error(None));
    }
    Ok(rt::tuple(vec![rt::int(i64::from(fds[0])), rt::int(i64::from(fds[1]))]))
}

/// `get_inheritable(fd)`: whether `fd` stays open across `exec` (no close-on-exec flag).
fn get_inheritable(a: Args) -> Res<PyRef> {
    a.no_keywords("get_inheritable")?;
    a.arity("get_inheritable", 1, 1)?;
    let fd = c_int(&a.positional[0])?;
    // SAFETY: fcntl on a descriptor number; a bad one fails with EBADF.
    let flags = unsafe_call(|| i64::from(unsafe { libc::fcntl(fd, libc::F_GETFD) }))
        .map_err(|errno| super::super::io::os_error(errno, None))?;
    Ok(rt::boolean(flags & i64::from(libc::FD_CLOEXEC) == 0))
}

/// `set_inheritable(fd, inheritable)`: clears or sets `fd`'s close-on-exec flag.
fn set_inheritable(a: Args) -> Res<PyRef> {
    a.no_keywords("set_inheritable")?;
    a.arity("set_inheritable", 2, 2)?;
    let fd = c_int(&a.positional[0])?;
    let inheritable = ops::truthy(&a.positional[1])?;
    // SAFETY: fcntl on a descriptor number; a bad one fails with EBADF.
    let flags = unsafe_call(|| i64::from(unsafe { libc::fcntl(fd, libc::F_GETFD) }))
        .map_err(|errno| super::super::io::os_error(errno, None))?;
    let flags = flags as libc::c_int;
    let new = if inheritable { flags & !libc::FD_CLOEXEC } else { flags | libc::FD_CLOEXEC };
    if new != flags {
        // SAFETY: as above.
        unsafe_call(|| i64::from(unsafe { libc::fcntl(fd, libc::F_SETFD, new) }))
            .map_err(|errno| super::super::io::os_error(errno, None))?;
    }
    Ok(rt::none())
}

// ---- paths ------------------------------------------------------------------------------------

fn libc_rmdir(path: &PathArg) -> i64 {
    // SAFETY: the path is NUL-terminated and alive across the call.
    i64::from(unsafe { libc::rmdir(path.c.as_ptr()) })
}

fn libc_unlink(path: &PathArg) -> i64 {
    // SAFETY: the path is NUL-terminated and alive across the call.
    i64::from(unsafe { libc::unlink(path.c.as_ptr()) })
}

/// `function(path, *, dir_fd=None)` for a call on one path that returns nothing.
fn path_call(a: Args, function: &str, call: impl Fn(&PathArg) -> Result<i64, i32>) -> Res<PyRef> {
    let values = bind(&a, function, &["path", "dir_fd"], 1)?;
    no_dir_fd(&values[1], function)?;
    let path = path_arg(values[0].as_ref().expect("required"), function, "path")?;
    call(&path).map_err(|errno| super::super::io::os_error(errno, Some(&path.object)))?;
    Ok(rt::none())
}

/// `rename`/`replace`/`link(src, dst, *, src_dir_fd=None, dst_dir_fd=None)`.
fn two_paths(a: Args, function: &str) -> Res<PyRef> {
    let names: &[&str] = if function == "link" {
        &["src", "dst", "src_dir_fd", "dst_dir_fd", "follow_symlinks"]
    } else {
        &["src", "dst", "src_dir_fd", "dst_dir_fd"]
    };
    let values = bind(&a, function, names, 2)?;
    no_dir_fd(&values[2], function)?;
    no_dir_fd(&values[3], function)?;
    let src = path_arg(values[0].as_ref().expect("required"), function, "src")?;
    let dst = path_arg(values[1].as_ref().expect("required"), function, "dst")?;
    if src.is_bytes != dst.is_bytes {
        return type_error(format!("{function}: src and dst must be the same type"));
    }
    // SAFETY: both paths are NUL-terminated and alive across the call.
    let result = unsafe_call(|| {
        i64::from(unsafe {
            if function == "link" {
                libc::link(src.c.as_ptr(), dst.c.as_ptr())
            } else {
                libc::rename(src.c.as_ptr(), dst.c.as_ptr())
            }
        })
    });
    result.map_err(|errno| {
        super::super::io::os_error2(errno, Some(&src.object), Some(&dst.object))
    })?;
    Ok(rt::none())
}

/// `symlink(src, dst, target_is_directory=False, *, dir_fd=None)`.
fn symlink(a: Args) -> Res<PyRef> {
    let values = bind(&a, "symlink", &["src", "dst", "target_is_directory", "dir_fd"], 2)?;
    no_dir_fd(&values[3], "symlink")?;
    let src = path_arg(values[0].as_ref().expect("required"), "symlink", "src")?;
    let dst = path_arg(values[1].as_ref().expect("required"), "symlink", "dst")?;
    // SAFETY: both paths are NUL-terminated and alive across the call.
    unsafe_call(|| i64::from(unsafe { libc::symlink(src.c.as_ptr(), dst.c.as_ptr()) })).map_err(
        |errno| super::super::io::os_error2(errno, Some(&src.object), Some(&dst.object)),
    )?;
    Ok(rt::none())
}

/// `readlink(path, *, dir_fd=None)`.
fn readlink(a: Args) -> Res<PyRef> {
    let values = bind(&a, "readlink", &["path", "dir_fd"], 1)?;
    no_dir_fd(&values[1], "readlink")?;
    let path = path_arg(values[0].as_ref().expect("required"), "readlink", "path")?;
    let mut buffer = vec![0u8; 4096];
    loop {
        // SAFETY: the path is NUL-terminated; `buffer` is writable for its length, the most
        // `readlink` writes.
        let n = unsafe_call(|| unsafe {
            libc::readlink(path.c.as_ptr(), buffer.as_mut_ptr().cast(), buffer.len())
        } as i64)
        .map_err(|errno| super::super::io::os_error(errno, Some(&path.object)))?;
        if (n as usize) < buffer.len() {
            buffer.truncate(n as usize);
            return Ok(name_object(&buffer, path.is_bytes));
        }
        // The target may have been cut short: try again with more room.
        let longer = buffer.len() * 2;
        buffer.resize(longer, 0);
    }
}

/// `access(path, mode, *, dir_fd=None, effective_ids=False, follow_symlinks=True)`.
fn access(a: Args) -> Res<PyRef> {
    let values =
        bind(&a, "access", &["path", "mode", "dir_fd", "effective_ids", "follow_symlinks"], 2)?;
    no_dir_fd(&values[2], "access")?;
    let path = path_arg(values[0].as_ref().expect("required"), "access", "path")?;
    let mode = c_int(values[1].as_ref().expect("required"))?;
    let effective = values[3].as_ref().map_or(Ok(false), ops::truthy)?;
    let mut flags = 0;
    if effective {
        flags |= libc::AT_EACCESS;
    }
    if !follow(&values[4])? {
        flags |= libc::AT_SYMLINK_NOFOLLOW;
    }
    // SAFETY: the path is NUL-terminated and alive across the call.
    let result = unsafe { libc::faccessat(libc::AT_FDCWD, path.c.as_ptr(), mode, flags) };
    Ok(rt::boolean(result == 0))
}

/// `chmod(path, mode, *, dir_fd=None, follow_symlinks=True)`; `path` may be a descriptor.
fn chmod(a: Args) -> Res<PyRef> {
    let values = bind(&a, "chmod", &["path", "mode", "dir_fd", "follow_symlinks"], 2)?;
    no_dir_fd(&values[2], "chmod")?;
    let target = values[0].as_ref().expect("required");
    let mode = c_int(values[1].as_ref().expect("required"))? as libc::mode_t;
    if let Kind::Int(_) = base_kind(target) {
        let fd = c_int(target)?;
        // SAFETY: `fchmod` takes plain integers.
        unsafe_call(|| i64::from(unsafe { libc::fchmod(fd, mode) }))
            .map_err(|errno| super::super::io::os_error(errno, None))?;
        return Ok(rt::none());
    }
    let path = path_arg(target, "chmod", "path")?;
    if !follow(&values[3])? {
        // Linux cannot change a symbolic link's own mode (CPython raises the same).
        return crate::object::runtime::raise(
            crate::object::exceptions::ExcKind::NotImplementedError,
            "chmod: follow_symlinks unavailable on this platform",
        );
    }
    // SAFETY: the path is NUL-terminated and alive across the call.
    unsafe_call(|| i64::from(unsafe { libc::chmod(path.c.as_ptr(), mode) }))
        .map_err(|errno| super::super::io::os_error(errno, Some(&path.object)))?;
    Ok(rt::none())
}

/// `umask(mask)`: the previous mask.
fn umask(a: Args) -> Res<PyRef> {
    let values = bind(&a, "umask", &["mask"], 1)?;
    let mask = c_int(values[0].as_ref().expect("required"))?;
    // SAFETY: `umask` takes a plain integer and cannot fail.
    Ok(rt::int(i64::from(unsafe { libc::umask(mask as libc::mode_t) })))
}

/// `utime(path, times=None, *, ns=None, dir_fd=None, follow_symlinks=True)`.
fn utime(a: Args) -> Res<PyRef> {
    let values = bind(&a, "utime", &["path", "times", "ns", "dir_fd", "follow_symlinks"], 1)?;
    no_dir_fd(&values[3], "utime")?;
    let path = path_arg(values[0].as_ref().expect("required"), "utime", "path")?;
    let given = |v: &Option<PyRef>| v.as_ref().filter(|v| !matches!(v.kind, Kind::None)).cloned();
    let now = libc::timespec { tv_sec: 0, tv_nsec: libc::UTIME_NOW };
    let mut stamps = [now, now];
    match (given(&values[1]), given(&values[2])) {
        (Some(_), Some(_)) => {
            return value_error("utime: you may specify either 'times' or 'ns' but not both")
        }
        (Some(times), None) => {
            let items = match &times.kind {
                Kind::Tuple(items) if items.len() == 2 => items.to_vec(),
                _ => {
                    return type_error("utime: 'times' must be either a tuple of two ints or None")
                }
            };
            for (stamp, item) in stamps.iter_mut().zip(&items) {
                let seconds = ops::to_f64(item)?;
                let whole = seconds.floor();
                stamp.tv_sec = whole as libc::time_t;
                stamp.tv_nsec = ((seconds - whole) * 1e9) as libc::c_long;
            }
        }
        (None, Some(ns)) => {
            let items = match &ns.kind {
                Kind::Tuple(items) if items.len() == 2 => items.to_vec(),
                _ => return type_error("utime: 'ns' must be a tuple of two ints"),
            };
            for (stamp, item) in stamps.iter_mut().zip(&items) {
                let Some(total) = ops::to_bigint(item) else {
                    return type_error("utime: 'ns' must be a tuple of two ints");
                };
                let (seconds, nanos) = num_integer::Integer::div_mod_floor(
                    &total,
                    &num_bigint::BigInt::from(1_000_000_000),
                );
                use num_traits::ToPrimitive;
                stamp.tv_sec = seconds.to_i64().unwrap_or(i64::MAX);
                stamp.tv_nsec = nanos.to_i64().unwrap_or(0);
            }
        }
        (None, None) => {}
    }
    let flags = if follow(&values[4])? { 0 } else { libc::AT_SYMLINK_NOFOLLOW };
    // SAFETY: the path is NUL-terminated and `stamps` holds two timespecs, both alive across
    // the call.
    unsafe_call(|| {
        i64::from(unsafe {
            libc::utimensat(libc::AT_FDCWD, path.c.as_ptr(), stamps.as_ptr(), flags)
        })
    })
    .map_err(|errno| super::super::io::os_error(errno, Some(&path.object)))?;
    Ok(rt::none())
}

/// `mkdir(path, mode=0o777, *, dir_fd=None)`.
fn mkdir(a: Args) -> Res<PyRef> {
    let values = bind(&a, "mkdir", &["path", "mode", "dir_fd"], 1)?;
    no_dir_fd(&values[2], "mkdir")?;
    let path = path_arg(values[0].as_ref().expect("required"), "mkdir", "path")?;
    let mode = match &values[1] {
        Some(mode) => c_int(mode)?,
        None => 0o777,
    };
    // SAFETY: the path is NUL-terminated and alive across the call.
    unsafe_call(|| i64::from(unsafe { libc::mkdir(path.c.as_ptr(), mode as libc::mode_t) }))
        .map_err(|errno| super::super::io::os_error(errno, Some(&path.object)))?;
    Ok(rt::none())
}

/// `chdir(path)`.
fn chdir(a: Args) -> Res<PyRef> {
    let values = bind(&a, "chdir", &["path"], 1)?;
    let path = path_arg(values[0].as_ref().expect("required"), "chdir", "path")?;
    // SAFETY: the path is NUL-terminated and alive across the call.
    unsafe_call(|| i64::from(unsafe { libc::chdir(path.c.as_ptr()) }))
        .map_err(|errno| super::super::io::os_error(errno, Some(&path.object)))?;
    Ok(rt::none())
}

/// `getcwd()` / `getcwdb()`.
fn getcwd(a: Args, as_bytes: bool) -> Res<PyRef> {
    a.arity(a.name, 0, 0)?;
    match std::env::current_dir() {
        Ok(dir) => Ok(name_object(dir.as_os_str().as_bytes(), as_bytes)),
        Err(error) => {
            Err(super::super::io::os_error(error.raw_os_error().unwrap_or(libc::EIO), None))
        }
    }
}

/// The names in directory `path` (without `.` and `..`), as the system lists them.
pub(super) fn read_names(path: &PathArg) -> Res<Vec<Vec<u8>>> {
    // SAFETY: the path is NUL-terminated and alive across the call.
    let dir = unsafe { libc::opendir(path.c.as_ptr()) };
    if dir.is_null() {
        return Err(last_error(Some(&path.object)));
    }
    let mut names = Vec::new();
    loop {
        // SAFETY: `dir` is an open directory stream until `closedir` below.
        let entry = unsafe { libc::readdir(dir) };
        if entry.is_null() {
            break;
        }
        // SAFETY: `readdir` returned an entry whose `d_name` is NUL-terminated and valid
        // until the next `readdir` on `dir`; it is copied at once.
        let name = unsafe { CStr::from_ptr((*entry).d_name.as_ptr()) }.to_bytes();
        if name != b"." && name != b".." {
            names.push(name.to_vec());
        }
    }
    // SAFETY: `dir` is open and closed exactly once.
    unsafe { libc::closedir(dir) };
    Ok(names)
}

/// `listdir(path=None)`: names as str, or bytes for a bytes path.
fn listdir(a: Args) -> Res<PyRef> {
    let values = bind(&a, "listdir", &["path"], 0)?;
    let path = match values[0].as_ref().filter(|p| !matches!(p.kind, Kind::None)) {
        Some(path) => path_arg(path, "listdir", "path")?,
        None => path_arg(&rt::str("."), "listdir", "path")?,
    };
    let names = read_names(&path)?;
    Ok(rt::list(names.iter().map(|n| name_object(n, path.is_bytes)).collect::<Vec<_>>()))
}
