//! `_posixsubprocess`, which CPython's `subprocess` imports at load time (`asyncio` imports
//! `subprocess`): its one function `fork_exec` starts a child process as CPython's
//! `Modules/_posixsubprocess.c` does (3.11's 23 arguments). Everything the child needs
//! (argument vector, environment, executable list, the descriptors open at fork time) is
//! built before `fork`, so the child only makes system calls until `exec`; a failure in
//! the child is reported on `errpipe_write` in CPython's format (`OSError:<hex errno>:`,
//! then `noexec` when it happened before `preexec_fn`), which `subprocess.py` turns into
//! the exception.

use std::ffi::CString;

use crate::object::error::Res;
use crate::object::exceptions::ExcKind;
use crate::object::native::Args;
use crate::object::runtime::{self as rt, raise, type_error, value_error};
use crate::object::{Kind, PyRef};
use crate::types::ops;

use super::{native, new_module};

/// `import _posixsubprocess`.
pub fn module() -> PyRef {
    new_module("_posixsubprocess", vec![("fork_exec", native("fork_exec", fork_exec))])
}

/// The parent's view of one `fork_exec` call, converted before the fork.
struct Plan {
    argv: Vec<CString>,
    executables: Vec<CString>,
    close_fds: bool,
    fds_to_keep: Vec<i32>,
    cwd: Option<CString>,
    env: Option<Vec<CString>>,
    p2cread: i32,
    p2cwrite: i32,
    c2pread: i32,
    c2pwrite: i32,
    errread: i32,
    errwrite: i32,
    errpipe_read: i32,
    errpipe_write: i32,
    restore_signals: bool,
    call_setsid: bool,
    pgid_to_set: i64,
    gid: Option<libc::gid_t>,
    extra_groups: Option<Vec<libc::gid_t>>,
    uid: Option<libc::uid_t>,
    child_umask: i64,
    preexec_fn: Option<PyRef>,
}

fn is_none(value: &PyRef) -> bool {
    matches!(value.kind, Kind::None)
}

fn fd_arg(value: &PyRef) -> Res<i32> {
    let n = ops::to_index(value)?;
    i32::try_from(n).or_else(|_| raise(ExcKind::OverflowError, "fd is out of range"))
}

/// A path-like argument as the bytes the system call takes (CPython's `PyUnicode_FSConverter`).
fn fs_bytes(value: &PyRef) -> Res<CString> {
    Ok(super::posix::path_arg(value, "", "")?.c)
}

fn id_arg<T: TryFrom<i64>>(value: &PyRef, what: &str) -> Res<Option<T>> {
    if is_none(value) {
        return Ok(None);
    }
    let n = ops::to_index(value)?;
    match T::try_from(n) {
        Ok(id) => Ok(Some(id)),
        Err(_) => raise(ExcKind::OverflowError, format!("{what} is out of range")),
    }
}

fn plan(a: &Args) -> Res<Plan> {
    a.no_keywords("fork_exec")?;
    if a.positional.len() != 23 {
        return type_error(format!(
            "fork_exec() takes exactly 23 arguments ({} given)",
            a.positional.len()
        ));
    }
    let arg = |i: usize| a.arg(i);
    let argv = if is_none(&arg(0)) {
        Vec::new()
    } else {
        ops::to_vec(&arg(0))?.iter().map(fs_bytes).collect::<Res<_>>()?
    };
    let executables = ops::to_vec(&arg(1))?.iter().map(fs_bytes).collect::<Res<_>>()?;
    let close_fds = ops::truthy(&arg(2))?;
    let Kind::Tuple(_) = &arg(3).kind else {
        return type_error("fds_to_keep must be a tuple");
    };
    let fds_to_keep = ops::to_vec(&arg(3))?.iter().map(fd_arg).collect::<Res<Vec<_>>>()?;
    if fds_to_keep.iter().any(|&fd| fd < 0) || fds_to_keep.windows(2).any(|w| w[0] >= w[1]) {
        return value_error("bad value(s) in fds_to_keep");
    }
    let cwd = if is_none(&arg(4)) { None } else { Some(fs_bytes(&arg(4))?) };
    let env = if is_none(&arg(5)) {
        None
    } else {
        Some(ops::to_vec(&arg(5))?.iter().map(fs_bytes).collect::<Res<_>>()?)
    };
    let fds: Vec<i32> = (6..14).map(|i| fd_arg(&arg(i))).collect::<Res<_>>()?;
    let errpipe_write = fds[7];
    if close_fds && errpipe_write < 3 {
        return value_error("errpipe_write must be >= 3");
    }
    let extra_groups = if is_none(&arg(18)) {
        None
    } else {
        let groups = ops::to_vec(&arg(18))?;
        let mut out = Vec::with_capacity(groups.len());
        for g in &groups {
            out.push(id_arg::<libc::gid_t>(g, "gid")?.unwrap_or_default());
        }
        Some(out)
    };
    let preexec_fn = Some(arg(21)).filter(|f| !is_none(f));
    Ok(Plan {
        argv,
        executables,
        close_fds,
        fds_to_keep,
        cwd,
        env,
        p2cread: fds[0],
        p2cwrite: fds[1],
        c2pread: fds[2],
        c2pwrite: fds[3],
        errread: fds[4],
        errwrite: fds[5],
        errpipe_read: fds[6],
        errpipe_write,
        restore_signals: ops::truthy(&arg(14))?,
        call_setsid: ops::truthy(&arg(15))?,
        pgid_to_set: ops::to_index(&arg(16))?,
        gid: id_arg(&arg(17), "gid")?,
        extra_groups,
        uid: id_arg(&arg(19), "uid")?,
        child_umask: ops::to_index(&arg(20))?,
        preexec_fn,
    })
}

/// The descriptors open in this process (read before the fork, so the child need not
/// allocate to find what to close).
fn open_fds() -> Vec<i32> {
    let mut fds: Vec<i32> = match std::fs::read_dir("/proc/self/fd") {
        Ok(dir) => dir.filter_map(|e| e.ok()?.file_name().to_str()?.parse().ok()).collect(),
        // Without /proc: every descriptor below the limit (closing an unused one is harmless).
        Err(_) => {
            // SAFETY: sysconf has no preconditions.
            let max = unsafe { libc::sysconf(libc::_SC_OPEN_MAX) };
            (0..i32::try_from(max.clamp(256, 65536)).unwrap_or(256)).collect()
        }
    };
    fds.sort_unstable();
    fds
}

/// `fork_exec(args, executable_list, close_fds, fds_to_keep, cwd, env, p2cread, p2cwrite,
/// c2pread, c2pwrite, errread, errwrite, errpipe_read, errpipe_write, restore_signals,
/// call_setsid, pgid_to_set, gid, extra_groups, uid, child_umask, preexec_fn, use_vfork)`:
/// the child's pid.
fn fork_exec(a: Args) -> Res<PyRef> {
    let plan = plan(&a)?;
    let argv_ptrs: Vec<*const libc::c_char> =
        plan.argv.iter().map(|s| s.as_ptr()).chain(std::iter::once(std::ptr::null())).collect();
    let env_ptrs: Option<Vec<*const libc::c_char>> = plan.env.as_ref().map(|env| {
        env.iter().map(|s| s.as_ptr()).chain(std::iter::once(std::ptr::null())).collect()
    });
    let open = if plan.close_fds { open_fds() } else { Vec::new() };
    // SAFETY: pyrc runs Python on one thread, so the child starts with the only thread
    // that could hold a lock; the child below makes system calls only (every buffer it
    // passes was built above) except for `preexec_fn`, which CPython also runs there.
    let pid = unsafe { libc::fork() };
    if pid < 0 {
        return Err(super::io::os_error(super::io::last_errno(), None));
    }
    if pid == 0 {
        child(&plan, &argv_ptrs, env_ptrs.as_deref(), &open);
    }
    Ok(rt::int(i64::from(pid)))
}

/// Writes all of `data` to `fd`, ignoring errors (the child has no one to report them to).
fn write_all(fd: i32, data: &[u8]) {
    let mut rest = data;
    while !rest.is_empty() {
        // SAFETY: `rest` is a valid buffer of its length.
        let n = unsafe { libc::write(fd, rest.as_ptr().cast(), rest.len()) };
        if n <= 0 {
            return;
        }
        rest = &rest[n as usize..];
    }
}

/// `fd`'s close-on-exec flag set (`inheritable` false) or cleared.
fn set_inheritable(fd: i32, inheritable: bool) -> bool {
    // SAFETY: fcntl on a descriptor number has no memory preconditions.
    unsafe {
        let flags = libc::fcntl(fd, libc::F_GETFD);
        if flags < 0 {
            return false;
        }
        let new = if inheritable { flags & !libc::FD_CLOEXEC } else { flags | libc::FD_CLOEXEC };
        new == flags || libc::fcntl(fd, libc::F_SETFD, new) >= 0
    }
}

fn errno() -> i32 {
    std::io::Error::last_os_error().raw_os_error().unwrap_or(libc::EIO)
}

/// The child: sets up descriptors, directory, session, ids and signals as asked, then
/// tries each executable in turn; never returns.
fn child(
    plan: &Plan,
    argv: &[*const libc::c_char],
    env: Option<&[*const libc::c_char]>,
    open: &[i32],
) -> ! {
    let mut reached_preexec = false;
    let failed = (|| -> Result<(), i32> {
        let check = |r: libc::c_int| if r < 0 { Err(errno()) } else { Ok(()) };
        for &fd in &plan.fds_to_keep {
            if fd != plan.errpipe_write && !set_inheritable(fd, true) {
                return Err(errno());
            }
        }
        // SAFETY (this block): system calls on descriptor numbers and on the NUL-terminated
        // strings and id arrays built before the fork, all alive until exec.
        unsafe {
            for fd in [plan.p2cwrite, plan.c2pread, plan.errread] {
                if fd != -1 {
                    check(libc::close(fd))?;
                }
            }
            check(libc::close(plan.errpipe_read))?;
            // Keep the child's stdio sources from being overwritten by the dup2s below.
            let mut c2pwrite = plan.c2pwrite;
            if c2pwrite == 0 {
                c2pwrite = libc::dup(c2pwrite);
                check(c2pwrite)?;
                set_inheritable(c2pwrite, false);
            }
            let mut errwrite = plan.errwrite;
            while errwrite == 0 || errwrite == 1 {
                errwrite = libc::dup(errwrite);
                check(errwrite)?;
                set_inheritable(errwrite, false);
            }
            // dup2 clears close-on-exec, but not when source and target are the same fd.
            for (source, target) in [(plan.p2cread, 0), (c2pwrite, 1), (errwrite, 2)] {
                if source == target {
                    if !set_inheritable(source, true) {
                        return Err(errno());
                    }
                } else if source != -1 {
                    check(libc::dup2(source, target))?;
                }
            }
            if let Some(cwd) = &plan.cwd {
                check(libc::chdir(cwd.as_ptr()))?;
            }
            if plan.child_umask >= 0 {
                libc::umask(plan.child_umask as libc::mode_t);
            }
            if plan.restore_signals {
                libc::signal(libc::SIGPIPE, libc::SIG_DFL);
                libc::signal(libc::SIGXFSZ, libc::SIG_DFL);
            }
            if plan.call_setsid {
                check(libc::setsid())?;
            }
            if plan.pgid_to_set >= 0 {
                check(libc::setpgid(0, plan.pgid_to_set as libc::pid_t))?;
            }
            if let Some(groups) = &plan.extra_groups {
                check(libc::setgroups(groups.len(), groups.as_ptr()))?;
            }
            if let Some(gid) = plan.gid {
                check(libc::setregid(gid, gid))?;
            }
            if let Some(uid) = plan.uid {
                check(libc::setreuid(uid, uid))?;
            }
        }
        reached_preexec = true;
        if let Some(f) = &plan.preexec_fn {
            if ops::call(f, vec![], vec![]).is_err() {
                write_all(
                    plan.errpipe_write,
                    b"SubprocessError:0:Exception occurred in preexec_fn.",
                );
                // SAFETY: _exit ends the child without running the parent's destructors.
                unsafe { libc::_exit(255) };
            }
        }
        if plan.close_fds {
            for &fd in open {
                if fd >= 3 && plan.fds_to_keep.binary_search(&fd).is_err() {
                    // SAFETY: closing a descriptor number; EBADF is harmless.
                    unsafe { libc::close(fd) };
                }
            }
        }
        let mut first_error = 0;
        for executable in &plan.executables {
            // SAFETY: `argv` and `env` are NULL-terminated arrays of pointers to the
            // CStrings in `plan`, alive here.
            unsafe {
                match env {
                    Some(env) => libc::execve(executable.as_ptr(), argv.as_ptr(), env.as_ptr()),
                    None => libc::execv(executable.as_ptr(), argv.as_ptr()),
                };
            }
            let e = errno();
            if e != libc::ENOENT && e != libc::ENOTDIR && first_error == 0 {
                first_error = e;
            }
        }
        // Report the first exec error that is not "no such file", else the last one.
        Err(if first_error != 0 { first_error } else { errno() })
    })();
    let errno = failed.err().unwrap_or(0);
    let mut report = [0u8; 40];
    let mut len = 0;
    for &b in b"OSError:" {
        report[len] = b;
        len += 1;
    }
    let mut digits = [0u8; 8];
    let mut n = errno as u32;
    let mut d = digits.len();
    loop {
        d -= 1;
        digits[d] = b"0123456789abcdef"[(n % 16) as usize];
        n /= 16;
        if n == 0 {
            break;
        }
    }
    for &b in &digits[d..] {
        report[len] = b;
        len += 1;
    }
    report[len] = b':';
    len += 1;
    if !reached_preexec {
        for &b in b"noexec" {
            report[len] = b;
            len += 1;
        }
    }
    write_all(plan.errpipe_write, &report[..len]);
    // SAFETY: _exit ends the child without running the parent's atexit handlers or
    // flushing its buffers (they belong to the parent).
    unsafe { libc::_exit(255) }
}
