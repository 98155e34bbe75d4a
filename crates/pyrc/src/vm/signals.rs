//! Signals as CPython's `Modules/signalmodule.c` and `ceval.c`'s eval breaker: a C-level
//! handler only records that a signal arrived (an atomic flag per signal and one "something
//! is pending" flag); the evaluation loop looks at the pending flag at its safe points
//! (function entry, loop back edges) with one relaxed load, and then runs the Python
//! handlers of the tripped signals on the interpreter thread. SIGINT's default Python handler
//! is `default_int_handler`, which raises `KeyboardInterrupt`.
//!
//! The C handler touches nothing but atomics and `write(2)` (to `set_wakeup_fd`'s descriptor),
//! the async-signal-safe subset, and saves `errno` around it.

use std::cell::RefCell;
use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};

use crate::object::error::{Exc, ExcInfo, Res};
use crate::object::exceptions::ExcKind;
use crate::object::native::Args;
use crate::object::runtime as rt;
use crate::object::{alloc, Builtin, Kind, PyRef};
use crate::types::ops;

/// Signal numbers are below this (Linux's `_NSIG`).
pub const NSIG: usize = 65;

/// Set by the C handler; cleared by the interpreter thread before it runs the handlers.
static PENDING: AtomicBool = AtomicBool::new(false);
/// Which signals arrived since their Python handler last ran.
static TRIPPED: [AtomicBool; NSIG] = [const { AtomicBool::new(false) }; NSIG];
/// `signal.set_wakeup_fd`'s descriptor (-1: none): the C handler writes the signal's number.
static WAKEUP_FD: AtomicI32 = AtomicI32::new(-1);

/// What a signal does, as `signal.getsignal` reports it.
#[derive(Clone)]
pub enum Disposition {
    /// `SIG_DFL`: the operating system's default action.
    Default,
    /// `SIG_IGN`.
    Ignore,
    /// A Python callable, run at the next safe point.
    Python(PyRef),
}

thread_local! {
    /// The Python handler of each signal (`None`: the OS disposition recorded alongside).
    static HANDLERS: RefCell<Vec<Disposition>> =
        RefCell::new(vec![Disposition::Default; NSIG]);
    /// `signal.default_int_handler`, one object for the interpreter's life.
    static DEFAULT_INT_HANDLER: PyRef = alloc(Kind::Builtin(Box::new(Builtin {
        name: "default_int_handler",
        function: default_int_handler_fn,
        receiver: None,
    })));
}

extern "C" fn trip(signum: libc::c_int) {
    // SAFETY: `__errno_location` gives this thread's errno; the handler restores it so the
    // interrupted code sees the errno of its own failed call.
    let errno = unsafe { *libc::__errno_location() };
    if let Some(flag) = TRIPPED.get(signum as usize) {
        flag.store(true, Ordering::Relaxed);
    }
    PENDING.store(true, Ordering::Release);
    let fd = WAKEUP_FD.load(Ordering::Relaxed);
    if fd >= 0 {
        let byte = signum as u8;
        // SAFETY: `write` is async-signal-safe; one byte from a local. A full pipe or a
        // closed descriptor only loses the wake-up, as CPython's (without its warning).
        unsafe { libc::write(fd, (&byte as *const u8).cast(), 1) };
    }
    // SAFETY: as above.
    unsafe { *libc::__errno_location() = errno };
}

/// `signal.default_int_handler`.
pub fn default_int_handler() -> PyRef {
    DEFAULT_INT_HANDLER.with(PyRef::clone)
}

fn default_int_handler_fn(_a: Args) -> Res<PyRef> {
    Err(keyboard_interrupt())
}

/// A fresh `KeyboardInterrupt`.
pub fn keyboard_interrupt() -> Exc {
    ExcInfo::new(rt::exception_of(rt::exception_class(ExcKind::KeyboardInterrupt), vec![]))
}

/// Sets the C-level disposition of `signum`: our recording handler, `SIG_DFL` or `SIG_IGN`.
/// Without `SA_RESTART`, so a blocking call returns `EINTR` and checks for handlers (PEP 475).
fn set_os_handler(signum: i32, handler: libc::sighandler_t) -> Result<(), i32> {
    // SAFETY: `sigaction` is plain data; all zero is a valid empty action.
    let mut action: libc::sigaction = unsafe { std::mem::zeroed() };
    action.sa_sigaction = handler;
    action.sa_flags = libc::SA_ONSTACK;
    // SAFETY: `action.sa_mask` is a valid sigset; `trip` only uses async-signal-safe calls.
    let r = unsafe {
        libc::sigemptyset(&mut action.sa_mask);
        libc::sigaction(signum, &action, std::ptr::null_mut())
    };
    if r < 0 {
        return Err(std::io::Error::last_os_error().raw_os_error().unwrap_or(libc::EINVAL));
    }
    Ok(())
}

/// The handler address of `trip`, as `sigaction` takes it.
fn trip_address() -> libc::sighandler_t {
    trip as extern "C" fn(libc::c_int) as libc::sighandler_t
}

/// Start-up, as CPython's `signal_install_handlers`: SIGINT runs `default_int_handler`
/// (unless it was ignored when the process started, e.g. under `nohup`), SIGPIPE and SIGXFSZ
/// are ignored (a write reports `EPIPE`/`EFBIG` as an exception instead of killing).
pub fn install_default_handlers() {
    // SAFETY: querying the current disposition with a null new action changes nothing.
    let ignored = unsafe {
        let mut old: libc::sigaction = std::mem::zeroed();
        libc::sigaction(libc::SIGINT, std::ptr::null(), &mut old) == 0
            && old.sa_sigaction == libc::SIG_IGN
    };
    if ignored {
        HANDLERS.with(|h| h.borrow_mut()[libc::SIGINT as usize] = Disposition::Ignore);
    } else {
        let _ = set_handler(libc::SIGINT, Disposition::Python(default_int_handler()));
    }
    for signum in [libc::SIGPIPE, libc::SIGXFSZ] {
        let _ = set_handler(signum, Disposition::Ignore);
    }
}

/// Installs `disposition` for `signum`; returns the previous one. `Err(errno)` when the
/// operating system refuses (SIGKILL, SIGSTOP: `EINVAL`).
pub fn set_handler(signum: i32, disposition: Disposition) -> Result<Disposition, i32> {
    let index = signum as usize;
    if !(1..NSIG).contains(&index) {
        return Err(libc::EINVAL);
    }
    let os = match &disposition {
        Disposition::Default => libc::SIG_DFL,
        Disposition::Ignore => libc::SIG_IGN,
        Disposition::Python(_) => trip_address(),
    };
    set_os_handler(signum, os)?;
    Ok(HANDLERS.with(|h| std::mem::replace(&mut h.borrow_mut()[index], disposition)))
}

/// The current disposition of `signum` (the caller checks the range).
pub fn handler(signum: i32) -> Disposition {
    HANDLERS.with(|h| h.borrow().get(signum as usize).cloned().unwrap_or(Disposition::Default))
}

/// `signal.set_wakeup_fd`: the previous descriptor.
pub fn set_wakeup_fd(fd: i32) -> i32 {
    WAKEUP_FD.swap(fd, Ordering::Relaxed)
}

/// Whether a signal is waiting for its Python handler.
#[inline(always)]
pub fn pending() -> bool {
    PENDING.load(Ordering::Relaxed)
}

/// The eval breaker: runs the Python handlers of signals that arrived, if any (one relaxed
/// load otherwise). A handler's exception (`KeyboardInterrupt`) is raised here.
#[inline(always)]
pub fn check() -> Res<()> {
    if pending() {
        return run_handlers();
    }
    Ok(())
}

/// `PyErr_CheckSignals`: each tripped signal's Python handler, called as
/// `handler(signum, frame)`. The first exception stops the round; signals not yet handled
/// stay pending for the next safe point, as CPython's.
#[cold]
#[inline(never)]
pub fn run_handlers() -> Res<()> {
    if !PENDING.swap(false, Ordering::Acquire) {
        return Ok(());
    }
    for signum in 1..NSIG {
        if !TRIPPED[signum].swap(false, Ordering::Relaxed) {
            continue;
        }
        let Disposition::Python(callable) = handler(signum as i32) else { continue };
        let frame = crate::vm::frame_object::getframe(0).unwrap_or_else(|_| rt::none());
        if let Err(exc) = ops::call(&callable, vec![rt::int(signum as i64), frame], vec![]) {
            if TRIPPED[signum + 1..].iter().any(|t| t.load(Ordering::Relaxed)) {
                PENDING.store(true, Ordering::Release);
            }
            return Err(exc);
        }
    }
    Ok(())
}

/// `time.sleep` as CPython's `pysleep`: sleeps the whole `seconds` unless a signal's
/// handler raises; an interrupted sleep runs the handlers and sleeps what is left (PEP 475).
pub fn sleep(seconds: f64) -> Res<()> {
    // A signal that came since the last safe point (CPython checks after every call)
    // would otherwise wait for the whole sleep.
    check()?;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs_f64(seconds);
    loop {
        let left = deadline.saturating_duration_since(std::time::Instant::now());
        let request = libc::timespec {
            tv_sec: left.as_secs() as libc::time_t,
            tv_nsec: libc::c_long::from(left.subsec_nanos() as i32),
        };
        // SAFETY: `request` is a valid timespec; no remaining-time output is asked for.
        let r = unsafe {
            libc::clock_nanosleep(libc::CLOCK_MONOTONIC, 0, &request, std::ptr::null_mut())
        };
        match r {
            0 => return Ok(()),
            libc::EINTR => run_handlers()?,
            errno => {
                return Err(ExcInfo::new(rt::exception(
                    ExcKind::OSError,
                    std::io::Error::from_raw_os_error(errno).to_string(),
                )))
            }
        }
    }
}

/// Blocks the asynchronous signals on the calling thread (the launcher thread, which only
/// waits for the interpreter's): the kernel then delivers them to the interpreter thread,
/// whose blocking calls return `EINTR` for them.
pub fn block_on_this_thread() {
    // SAFETY: building a signal set and masking it on this thread only.
    unsafe {
        let mut set: libc::sigset_t = std::mem::zeroed();
        libc::sigfillset(&mut set);
        // Faults are raised by the faulting thread itself; never masked.
        for fault in [libc::SIGSEGV, libc::SIGBUS, libc::SIGFPE, libc::SIGILL, libc::SIGTRAP] {
            libc::sigdelset(&mut set, fault);
        }
        libc::pthread_sigmask(libc::SIG_BLOCK, &set, std::ptr::null_mut());
    }
}

/// Ends the process as killed by SIGINT, as CPython's `exit_sigint` after an uncaught
/// `KeyboardInterrupt` (the shell sees status 130 and stops a script that ran it); exit
/// status 130 if the signal does not end it.
pub fn exit_by_sigint() -> ! {
    // SAFETY: resetting SIGINT to its default and unmasking it on this thread, then sending
    // it to this process: the default action ends the process.
    unsafe {
        libc::signal(libc::SIGINT, libc::SIG_DFL);
        let mut set: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut set);
        libc::sigaddset(&mut set, libc::SIGINT);
        libc::pthread_sigmask(libc::SIG_UNBLOCK, &set, std::ptr::null_mut());
        libc::kill(libc::getpid(), libc::SIGINT);
    }
    std::process::exit(130)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_is_quiet_without_signals() {
        assert!(check().is_ok());
    }

    #[test]
    fn out_of_range_signals_are_refused() {
        assert_eq!(set_handler(0, Disposition::Default).err(), Some(libc::EINVAL));
        assert_eq!(set_handler(NSIG as i32, Disposition::Default).err(), Some(libc::EINVAL));
    }
}
