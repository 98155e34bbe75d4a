//! Panics in user code (finalizers, `Drop`, callbacks) are caught at the boundary and reported
//! here, the way Python reports an exception raised in `__del__`: "Exception ignored in".
//!
//! Depends on nothing else in the crate, so every other module may call it.

use std::any::Any;
use std::cell::RefCell;
use std::panic::{catch_unwind, AssertUnwindSafe};

/// What went wrong in user code that the collector could not propagate.
///
/// # Example
///
/// ```
/// use rcgc::debug::{self, Unraisable};
/// use std::cell::RefCell;
/// use std::rc::Rc;
///
/// let seen = Rc::new(RefCell::new(Vec::new()));
/// let sink = seen.clone();
/// debug::set_unraisable_hook(Some(Box::new(move |u: &Unraisable| {
///     sink.borrow_mut().push(format!("{} of {}: {}", u.context, u.type_name, u.message));
/// })));
///
/// struct Bomb;
/// impl Drop for Bomb {
///     fn drop(&mut self) {
///         panic!("boom");
///     }
/// }
/// rcgc::atomic_trace_for!(Bomb);
///
/// let silent = std::panic::take_hook();
/// std::panic::set_hook(Box::new(|_| {}));
/// drop(rcgc::Gc::new(Bomb));
/// std::panic::set_hook(silent);
/// debug::set_unraisable_hook(None);
/// assert!(seen.borrow()[0].starts_with("drop of"));
/// assert!(seen.borrow()[0].ends_with("boom"));
/// ```
#[derive(Debug, Clone)]
pub struct Unraisable {
    /// Where the panic happened: `"finalizer"`, `"drop"`, `"callback"`, ...
    pub context: &'static str,
    /// The Rust type of the object involved.
    pub type_name: &'static str,
    /// The panic message, when it was a string.
    pub message: String,
}

/// A replacement for the default report (which prints to stderr); see [`Unraisable`] for an
/// example.
pub type UnraisableHook = Box<dyn Fn(&Unraisable)>;

thread_local! {
    static HOOK: RefCell<Option<UnraisableHook>> = const { RefCell::new(None) };
}

/// Replaces how caught panics are reported on this thread (`None` restores the default, which
/// prints `Exception ignored in: <context> of <type>` and the message to stderr, like Python's
/// `sys.unraisablehook`). Returns the previous hook.
///
/// ```
/// use rcgc::debug;
///
/// assert!(debug::set_unraisable_hook(Some(Box::new(|u: &debug::Unraisable| {
///     eprintln!("ignored: {} in {}", u.message, u.type_name);
/// })))
/// .is_none());
/// let mine = debug::set_unraisable_hook(None);
/// assert!(mine.is_some());
/// ```
pub fn set_unraisable_hook(hook: Option<UnraisableHook>) -> Option<UnraisableHook> {
    HOOK.try_with(|h| std::mem::replace(&mut *h.borrow_mut(), hook)).ok().flatten()
}

/// Reports a caught panic through the hook, or on stderr.
pub(crate) fn report(context: &'static str, type_name: &'static str, payload: Box<dyn Any + Send>) {
    let message = if let Some(text) = payload.downcast_ref::<&str>() {
        (*text).to_string()
    } else if let Some(text) = payload.downcast_ref::<String>() {
        text.clone()
    } else {
        "<non-string panic payload>".to_string()
    };
    let info = Unraisable { context, type_name, message };
    // The hook is taken out while it runs, so a hook that itself triggers a report (or replaces
    // the hook) does not find the cell borrowed.
    let hook = HOOK.try_with(|h| h.borrow_mut().take()).ok().flatten();
    match hook {
        Some(hook) => {
            let outcome = catch_unwind(AssertUnwindSafe(|| hook(&info)));
            let _ = HOOK.try_with(|h| {
                let mut slot = h.borrow_mut();
                if slot.is_none() {
                    *slot = Some(hook);
                }
            });
            if outcome.is_err() {
                eprintln!("rcgc: the unraisable hook panicked while reporting: {info:?}");
            }
        }
        None => {
            eprintln!(
                "Exception ignored in: <{} of {}>\nRustPanic: {}",
                info.context, info.type_name, info.message
            );
        }
    }
    // Drop the payload only after reporting: its destructor is user code too.
    if let Err(inner) = catch_unwind(AssertUnwindSafe(|| drop(payload))) {
        // Dropping this one could panic again: leak it instead.
        std::mem::forget(inner);
        eprintln!("rcgc: a panic payload panicked while being dropped");
    }
}

/// Runs `f`, catching and reporting a panic. Returns whether `f` completed.
#[inline]
pub(crate) fn catch_unraisable(
    context: &'static str,
    type_name: &'static str,
    f: impl FnOnce(),
) -> bool {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(()) => true,
        Err(payload) => {
            report(context, type_name, payload);
            false
        }
    }
}
