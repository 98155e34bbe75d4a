//! The child-process calls of `posix` that CPython's `subprocess` binds at import
//! (`waitpid`, `WIFSTOPPED`, `WSTOPSIG`), through the C library.

use crate::object::error::Res;
use crate::object::exceptions::ExcKind;
use crate::object::native::Args;
use crate::object::runtime as rt;
use crate::object::PyRef;
use crate::types::ops;

/// `posix`'s functions defined here.
pub(super) const FUNCTIONS: &[(&str, crate::object::native::NativeFn)] = &[
    ("waitpid", waitpid),
    ("WIFSTOPPED", |a| Ok(rt::boolean(libc::WIFSTOPPED(status(&a)?)))),
    ("WSTOPSIG", |a| Ok(rt::int(i64::from(libc::WSTOPSIG(status(&a)?))))),
];

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
            return Err(crate::modules::socket::errno_error(errno));
        }
    }
}
