//! The native `_signal` under CPython's own `signal.py` (CPython's `signalmodule.c`): the
//! signal numbers, dispositions (`SIG_DFL`, `SIG_IGN`, or a Python callable run by the
//! evaluation loop at its next safe point, `vm::signals`), `getsignal`,
//! `default_int_handler` (SIGINT's handler from start-up), `set_wakeup_fd` (the C handler
//! writes the signal's number to it, as asyncio expects), `raise_signal`, `valid_signals`,
//! `alarm`, `strsignal`.

use crate::object::error::Res;
use crate::object::native::Args;
use crate::object::runtime::{self as rt, type_error};
use crate::object::{Kind, PyRef};
use crate::types::ops;
use crate::vm::signals::{self, Disposition};

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
const NSIG: i32 = signals::NSIG as i32;

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
        ("default_int_handler", signals::default_int_handler()),
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

fn os_error(errno: i32) -> crate::object::error::Exc {
    super::socket::errno_error(errno)
}

/// `signal(signalnum, handler)`: installs `SIG_DFL`, `SIG_IGN` or a callable; returns the
/// previous handler.
fn signal(a: Args) -> Res<PyRef> {
    a.arity("signal", 2, 2)?;
    let n = signal_number(&a.arg(0))?;
    let handler = a.arg(1);
    const WRONG: &str =
        "signal handler must be signal.SIG_IGN, signal.SIG_DFL, or a callable object";
    let disposition = match &handler.kind {
        Kind::Int(_) | Kind::Bool(_) => match ops::to_index(&handler)? {
            0 => Disposition::Default,
            1 => Disposition::Ignore,
            _ => return type_error(WRONG),
        },
        _ if ops::callable(&handler) => Disposition::Python(handler),
        _ => return type_error(WRONG),
    };
    let previous = signals::set_handler(n, disposition).map_err(os_error)?;
    Ok(disposition_object(previous))
}

fn disposition_object(disposition: Disposition) -> PyRef {
    match disposition {
        Disposition::Default => rt::int(0),
        Disposition::Ignore => rt::int(1),
        Disposition::Python(callable) => callable,
    }
}

fn getsignal(a: Args) -> Res<PyRef> {
    a.arity("getsignal", 1, 1)?;
    Ok(disposition_object(signals::handler(signal_number(&a.arg(0))?)))
}

/// `set_wakeup_fd(fd, *, warn_on_full_buffer=True)`: the previous descriptor.
fn set_wakeup_fd(a: Args) -> Res<PyRef> {
    a.arity("set_wakeup_fd", 1, 1)?;
    let fd = ops::to_index(&a.arg(0))?;
    if fd != -1 {
        // SAFETY: fstat on an integer descriptor into a zeroed stat buffer.
        let mut stat: libc::stat = unsafe { std::mem::zeroed() };
        if fd < 0 || fd > i64::from(i32::MAX) || unsafe { libc::fstat(fd as i32, &mut stat) } < 0 {
            return rt::value_error(format!("the fd {fd} must be in non-blocking mode"));
        }
    }
    Ok(rt::int(i64::from(signals::set_wakeup_fd(fd as i32))))
}

fn raise_signal(a: Args) -> Res<PyRef> {
    a.arity("raise_signal", 1, 1)?;
    let n = signal_number(&a.arg(0))?;
    // SAFETY: raising a signal runs its handler (ours only records it) or its default action.
    if unsafe { libc::raise(n) } != 0 {
        return Err(os_error(
            std::io::Error::last_os_error().raw_os_error().unwrap_or(libc::EINVAL),
        ));
    }
    // As CPython's: the handler runs before `raise_signal` returns.
    signals::run_handlers()?;
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
