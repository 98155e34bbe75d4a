//! `_pyrc_os`: the process facts `lib/os.py` takes from the interpreter when no `posix`
//! module provides them: `getpid()` (asyncio's event loop checks it), and the child-status
//! functions CPython's `subprocess` binds at import (`waitpid`, `waitstatus_to_exitcode`,
//! `WIFSTOPPED`, `WSTOPSIG`, `WNOHANG`), through the C library.

use crate::object::error::Res;
use crate::object::exceptions::ExcKind;
use crate::object::native::Args;
use crate::object::runtime as rt;
use crate::object::PyRef;
use crate::types::ops;

use super::{native, new_module};

/// `import _pyrc_os`.
pub fn module() -> PyRef {
    new_module(
        "_pyrc_os",
        vec![
            (
                "getpid",
                native("getpid", |a| {
                    a.arity("getpid", 0, 0)?;
                    Ok(rt::int(i64::from(std::process::id())))
                }),
            ),
            ("WNOHANG", rt::int(i64::from(libc::WNOHANG))),
            ("waitpid", native("waitpid", waitpid)),
            ("waitstatus_to_exitcode", native("waitstatus_to_exitcode", exitcode)),
            (
                "WIFSTOPPED",
                native("WIFSTOPPED", |a| Ok(rt::boolean(libc::WIFSTOPPED(status(&a)?)))),
            ),
            (
                "WSTOPSIG",
                native("WSTOPSIG", |a| Ok(rt::int(i64::from(libc::WSTOPSIG(status(&a)?))))),
            ),
        ],
    )
}

fn int_arg(value: &PyRef) -> Res<i32> {
    let n = ops::to_index(value)?;
    i32::try_from(n)
        .or_else(|_| rt::raise(ExcKind::OverflowError, "signed integer is greater than maximum"))
}

fn status(a: &Args) -> Res<i32> {
    a.arity(a.name, 1, 1)?;
    int_arg(&a.arg(0))
}

/// `waitpid(pid, options)`: `(pid, status)`, retried on `EINTR`.
fn waitpid(a: Args) -> Res<PyRef> {
    a.arity("waitpid", 2, 2)?;
    let pid = int_arg(&a.arg(0))?;
    let options = int_arg(&a.arg(1))?;
    let mut status = 0;
    loop {
        // SAFETY: `status` is valid for writing an int.
        let r = unsafe { libc::waitpid(pid, &mut status, options) };
        if r >= 0 {
            return Ok(rt::tuple(vec![rt::int(i64::from(r)), rt::int(i64::from(status))]));
        }
        let errno = std::io::Error::last_os_error().raw_os_error().unwrap_or(libc::EIO);
        if errno != libc::EINTR {
            return Err(super::socket::errno_error(errno));
        }
    }
}

/// `waitstatus_to_exitcode(status)`: the exit code, or minus the signal that ended it.
fn exitcode(a: Args) -> Res<PyRef> {
    let status = status(&a)?;
    if libc::WIFEXITED(status) {
        return Ok(rt::int(i64::from(libc::WEXITSTATUS(status))));
    }
    if libc::WIFSIGNALED(status) {
        return Ok(rt::int(-i64::from(libc::WTERMSIG(status))));
    }
    rt::value_error(format!("invalid wait status: {status}"))
}
