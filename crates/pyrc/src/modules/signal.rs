//! The native `_signal` under CPython's own `signal.py` (CPython's `signalmodule.c`), for
//! what pyrc can honour: the signal numbers, `SIG_DFL`/`SIG_IGN` dispositions set with the
//! C library (`signal(sig, SIG_IGN)`), `getsignal`, `default_int_handler`,
//! `set_wakeup_fd`, `raise_signal`, `valid_signals`, `alarm`, `strsignal`.
//!
//! pyrc's evaluation loop does not poll for signals, so a Python function cannot be
//! installed as a handler: `signal(sig, callable)` raises `NotImplementedError` saying so
//! (and `getsignal(SIGINT)` is `SIG_DFL`, which is what pyrc does on Ctrl-C: asyncio's
//! runner then installs nothing).

use std::cell::Cell;

use crate::object::error::{ExcInfo, Res};
use crate::object::exceptions::ExcKind;
use crate::object::native::Args;
use crate::object::runtime::{self as rt, type_error};
use crate::object::{Kind, PyRef};
use crate::types::ops;

use super::{native, new_module};

const SIGNALS: &[(&str, i32)] = &[
    ("SIGHUP", libc::SIGHUP),
    ("SIGINT", libc::SIGINT),
    ("SIGQUIT", libc::SIGQUIT),
    ("SIGILL", libc::SIGILL),
    ("SIGTRAP", libc::SIGTRAP),
    ("SIGABRT", libc::SIGABRT),
    ("SIGIOT", libc::SIGIOT),
    ("SIGBUS", libc::SIGBUS),
    ("SIGFPE", libc::SIGFPE),
    ("SIGKILL", libc::SIGKILL),
    ("SIGUSR1", libc::SIGUSR1),
    ("SIGSEGV", libc::SIGSEGV),
    ("SIGUSR2", libc::SIGUSR2),
    ("SIGPIPE", libc::SIGPIPE),
    ("SIGALRM", libc::SIGALRM),
    ("SIGTERM", libc::SIGTERM),
    ("SIGCHLD", libc::SIGCHLD),
    ("SIGCONT", libc::SIGCONT),
    ("SIGSTOP", libc::SIGSTOP),
    ("SIGTSTP", libc::SIGTSTP),
    ("SIGTTIN", libc::SIGTTIN),
    ("SIGTTOU", libc::SIGTTOU),
    ("SIGURG", libc::SIGURG),
    ("SIGXCPU", libc::SIGXCPU),
    ("SIGXFSZ", libc::SIGXFSZ),
    ("SIGVTALRM", libc::SIGVTALRM),
    ("SIGPROF", libc::SIGPROF),
    ("SIGWINCH", libc::SIGWINCH),
    ("SIGIO", libc::SIGIO),
    ("SIGPOLL", libc::SIGPOLL),
    ("SIGPWR", libc::SIGPWR),
    ("SIGSYS", libc::SIGSYS),
];

/// Signal numbers are below this.
const NSIG: i32 = 65;

thread_local! {
    /// `set_wakeup_fd`'s descriptor (-1: none).
    static WAKEUP_FD: Cell<i64> = const { Cell::new(-1) };
    /// The dispositions set through this module: 0 default, 1 ignore.
    static IGNORED: Cell<u128> = const { Cell::new(0) };
}

/// `import _signal`.
pub fn module() -> PyRef {
    let mut entries: Vec<(&str, PyRef)> =
        SIGNALS.iter().map(|&(name, n)| (name, rt::int(i64::from(n)))).collect();
    entries.extend([
        ("NSIG", rt::int(i64::from(NSIG))),
        ("SIG_DFL", rt::int(0)),
        ("SIG_IGN", rt::int(1)),
        ("SIG_BLOCK", rt::int(i64::from(libc::SIG_BLOCK))),
        ("SIG_UNBLOCK", rt::int(i64::from(libc::SIG_UNBLOCK))),
        ("SIG_SETMASK", rt::int(i64::from(libc::SIG_SETMASK))),
        ("default_int_handler", native("default_int_handler", default_int_handler)),
        ("signal", native("signal", signal)),
        ("getsignal", native("getsignal", getsignal)),
        ("set_wakeup_fd", native("set_wakeup_fd", set_wakeup_fd)),
        ("raise_signal", native("raise_signal", raise_signal)),
        ("valid_signals", native("valid_signals", valid_signals)),
        ("alarm", native("alarm", alarm)),
        ("strsignal", native("strsignal", strsignal)),
    ]);
    new_module("_signal", entries)
}

fn signal_number(value: &PyRef) -> Res<i32> {
    let n = ops::to_index(value)?;
    if !(1..i64::from(NSIG)).contains(&n) {
        return rt::value_error("signal number out of range");
    }
    Ok(n as i32)
}

/// `default_int_handler(signalnum, frame)`: raises `KeyboardInterrupt`.
fn default_int_handler(_a: Args) -> Res<PyRef> {
    Err(ExcInfo::new(rt::exception_of(rt::exception_class(ExcKind::KeyboardInterrupt), vec![])))
}

/// `signal(signalnum, handler)`: `SIG_DFL` or `SIG_IGN`; returns the previous one.
fn signal(a: Args) -> Res<PyRef> {
    a.arity("signal", 2, 2)?;
    let n = signal_number(&a.arg(0))?;
    let handler = a.arg(1);
    let ignore =
        match &handler.kind {
            Kind::Int(_) | Kind::Bool(_) => match ops::to_index(&handler)? {
                0 => false,
                1 => true,
                _ => return type_error(
                    "signal handler must be signal.SIG_IGN, signal.SIG_DFL, or a callable object",
                ),
            },
            _ if ops::callable(&handler) => {
                return Err(ExcInfo::new(rt::exception(
                    ExcKind::NotImplementedError,
                    "pyrc does not run Python signal handlers (only SIG_DFL and SIG_IGN)",
                )))
            }
            _ => {
                return type_error(
                    "signal handler must be signal.SIG_IGN, signal.SIG_DFL, or a callable object",
                )
            }
        };
    if n == libc::SIGKILL || n == libc::SIGSTOP {
        return Err(super::socket::errno_error(libc::EINVAL));
    }
    let previous = getsignal_of(n);
    let disposition = if ignore { libc::SIG_IGN } else { libc::SIG_DFL };
    // SAFETY: setting a signal's disposition to default or ignore runs no code of ours.
    if unsafe { libc::signal(n, disposition) } == libc::SIG_ERR {
        return Err(super::socket::errno_error(
            std::io::Error::last_os_error().raw_os_error().unwrap_or(libc::EINVAL),
        ));
    }
    IGNORED.with(|i| {
        let bit = 1u128 << n;
        i.set(if ignore { i.get() | bit } else { i.get() & !bit })
    });
    Ok(previous)
}

fn getsignal_of(n: i32) -> PyRef {
    let ignored = IGNORED.with(|i| i.get() & (1u128 << n) != 0);
    rt::int(i64::from(ignored))
}

fn getsignal(a: Args) -> Res<PyRef> {
    a.arity("getsignal", 1, 1)?;
    Ok(getsignal_of(signal_number(&a.arg(0))?))
}

/// `set_wakeup_fd(fd, *, warn_on_full_buffer=True)`: the previous descriptor. No Python
/// handler can be set, so nothing is ever written to it.
fn set_wakeup_fd(a: Args) -> Res<PyRef> {
    a.arity("set_wakeup_fd", 1, 1)?;
    let fd = ops::to_index(&a.arg(0))?;
    if fd != -1 {
        // SAFETY: fstat on an integer descriptor into a zeroed stat buffer.
        let mut stat: libc::stat = unsafe { std::mem::zeroed() };
        if unsafe { libc::fstat(fd as i32, &mut stat) } < 0 {
            return rt::value_error(format!("the fd {fd} must be in non-blocking mode"));
        }
    }
    Ok(rt::int(WAKEUP_FD.with(|w| w.replace(fd))))
}

fn raise_signal(a: Args) -> Res<PyRef> {
    a.arity("raise_signal", 1, 1)?;
    let n = signal_number(&a.arg(0))?;
    // SAFETY: raising a signal whose disposition is default or ignore.
    if unsafe { libc::raise(n) } != 0 {
        return Err(super::socket::errno_error(
            std::io::Error::last_os_error().raw_os_error().unwrap_or(libc::EINVAL),
        ));
    }
    Ok(rt::none())
}

fn valid_signals(_a: Args) -> Res<PyRef> {
    // 32 and 33 are the C library's own (NPTL's), as CPython reports.
    let numbers: Vec<PyRef> =
        (1..NSIG).filter(|&n| n != 32 && n != 33).map(|n| rt::int(i64::from(n))).collect();
    ops::call(&rt::builtin_type(crate::types::BuiltinType::Set), vec![rt::list(numbers)], vec![])
}

fn alarm(a: Args) -> Res<PyRef> {
    a.arity("alarm", 1, 1)?;
    let seconds = ops::to_index(&a.arg(0))?;
    // SAFETY: plain system call on an integer.
    let previous = unsafe { libc::alarm(seconds.clamp(0, i64::from(u32::MAX)) as u32) };
    Ok(rt::int(i64::from(previous)))
}

fn strsignal(a: Args) -> Res<PyRef> {
    a.arity("strsignal", 1, 1)?;
    let n = signal_number(&a.arg(0))?;
    // SAFETY: strsignal returns a C string valid until the next call; copied at once.
    let text =
        unsafe { std::ffi::CStr::from_ptr(libc::strsignal(n)) }.to_string_lossy().into_owned();
    Ok(rt::str(text))
}
