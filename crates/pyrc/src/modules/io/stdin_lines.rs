//! Lines of standard input for `input()` and the REPL when stdin is not a terminal, read
//! from descriptor 0 through one buffer, so lines typed ahead or piped in are never lost
//! between the two, and a signal during the wait runs its handler (Ctrl-C raises
//! `KeyboardInterrupt` at once, PEP 475), which Rust's `Stdin` (retrying `EINTR` itself)
//! would not allow.

use std::cell::RefCell;

use crate::object::error::Res;

thread_local! {
    /// Bytes read from descriptor 0 and not yet returned as a line.
    static PENDING: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// The next line with its `\n` (the last one may lack it); `None` at end of input.
pub fn read_line() -> Res<Option<Vec<u8>>> {
    loop {
        let line = PENDING.with(|p| {
            let mut pending = p.borrow_mut();
            let end = pending.iter().position(|&b| b == b'\n')?;
            Some(pending.drain(..=end).collect::<Vec<u8>>())
        });
        if line.is_some() {
            return Ok(line);
        }
        // A signal that came since the last safe point, before the wait.
        crate::vm::signals::check()?;
        match super::fileio::read_fd(0, 8192)? {
            Some(chunk) if chunk.is_empty() => {
                let rest = PENDING.with(|p| std::mem::take(&mut *p.borrow_mut()));
                return Ok(if rest.is_empty() { None } else { Some(rest) });
            }
            Some(chunk) => PENDING.with(|p| p.borrow_mut().extend_from_slice(&chunk)),
            None => wait_readable()?,
        }
    }
}

/// Waits for a non-blocking stdin to have input (a signal's handler may raise meanwhile).
fn wait_readable() -> Res<()> {
    let mut poll = libc::pollfd { fd: 0, events: libc::POLLIN, revents: 0 };
    // SAFETY: one valid pollfd; -1 waits without a time limit.
    if unsafe { libc::poll(&mut poll, 1, -1) } < 0 {
        crate::vm::signals::run_handlers()?;
    }
    Ok(())
}

/// Whether bytes already read are waiting to be returned as lines.
pub fn has_pending() -> bool {
    PENDING.with(|p| !p.borrow().is_empty())
}
