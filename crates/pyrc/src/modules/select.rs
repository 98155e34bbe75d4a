//! The native `select` module (CPython's `selectmodule.c`), its `select()` function: which
//! of the given objects (descriptors, or objects with `fileno()`) are ready, through the C
//! library's `poll` (no `FD_SETSIZE` limit). `selectors` picks `SelectSelector` on it.
//! `poll`, `epoll` and `devpoll` objects are not offered (`selectors` tests for them).

use crate::object::error::Res;
use crate::object::exceptions::ExcKind;
use crate::object::native::Args;
use crate::object::runtime::{self as rt, type_error};
use crate::object::{Kind, PyRef};
use crate::types::{attr, ops};

use super::{add_functions, new_module};

/// `import select`.
pub fn module() -> PyRef {
    let module = new_module(
        "select",
        vec![
            ("error", rt::exception_class(ExcKind::OSError)),
            ("POLLIN", rt::int(i64::from(libc::POLLIN))),
            ("POLLOUT", rt::int(i64::from(libc::POLLOUT))),
            ("POLLPRI", rt::int(i64::from(libc::POLLPRI))),
            ("POLLERR", rt::int(i64::from(libc::POLLERR))),
            ("POLLHUP", rt::int(i64::from(libc::POLLHUP))),
            ("POLLNVAL", rt::int(i64::from(libc::POLLNVAL))),
        ],
    );
    // Bound to the module, so `selectors` can keep it as a class attribute.
    add_functions(&module, &[("select", select)]);
    module
}

/// The descriptor of an int or of an object's `fileno()` (CPython's
/// `PyObject_AsFileDescriptor`).
fn descriptor(object: &PyRef) -> Res<i32> {
    let value = match &object.kind {
        Kind::Int(_) | Kind::Bool(_) => object.clone(),
        _ => match attr::lookup(object, "fileno")? {
            Some(fileno) => ops::call(&fileno, vec![], vec![])?,
            None => {
                return type_error("argument must be an int, or have a fileno() method.");
            }
        },
    };
    let fd = ops::to_index(&value)?;
    if fd < 0 {
        return rt::value_error(format!("file descriptor cannot be a negative integer ({fd})"));
    }
    i32::try_from(fd).or_else(|_| rt::value_error("file descriptor out of range"))
}

/// `select(rlist, wlist, xlist[, timeout])`.
fn select(a: Args) -> Res<PyRef> {
    a.arity("select", 3, 4)?;
    let timeout_ms = match a.positional.get(3).filter(|t| !matches!(t.kind, Kind::None)) {
        None => -1,
        Some(t) => {
            let seconds = ops::to_f64(t).map_err(|_| {
                crate::object::error::ExcInfo::new(rt::exception(
                    ExcKind::TypeError,
                    "timeout must be a float or None",
                ))
            })?;
            if seconds < 0.0 {
                return rt::value_error("timeout must be non-negative");
            }
            (seconds * 1000.0).ceil().min(f64::from(i32::MAX)) as i32
        }
    };
    let events = [libc::POLLIN, libc::POLLOUT, libc::POLLPRI];
    let mut lists: Vec<Vec<(PyRef, i32)>> = Vec::with_capacity(3);
    for i in 0..3 {
        let items = ops::to_vec(&a.arg(i))?;
        let mut list = Vec::with_capacity(items.len());
        for item in items {
            let fd = descriptor(&item)?;
            list.push((item, fd));
        }
        lists.push(list);
    }
    let mut pollfds: Vec<libc::pollfd> = Vec::new();
    for (list, &event) in lists.iter().zip(&events) {
        for &(_, fd) in list {
            match pollfds.iter_mut().find(|p| p.fd == fd) {
                Some(p) => p.events |= event,
                None => pollfds.push(libc::pollfd { fd, events: event, revents: 0 }),
            }
        }
    }
    let deadline = (timeout_ms >= 0)
        .then(|| std::time::Instant::now() + std::time::Duration::from_millis(timeout_ms as u64));
    loop {
        let wait = match deadline {
            None => -1,
            Some(deadline) => deadline
                .saturating_duration_since(std::time::Instant::now())
                .as_millis()
                .min(i32::MAX as u128) as i32,
        };
        // SAFETY: `pollfds` is a valid array of its length.
        let r = unsafe { libc::poll(pollfds.as_mut_ptr(), pollfds.len() as libc::nfds_t, wait) };
        if r >= 0 {
            break;
        }
        let errno = std::io::Error::last_os_error().raw_os_error().unwrap_or(libc::EIO);
        // PEP 475: retried with the time left.
        if errno != libc::EINTR {
            return Err(super::socket::errno_error(errno));
        }
        crate::vm::signals::run_handlers()?;
    }
    if pollfds.iter().any(|p| p.revents & libc::POLLNVAL != 0) {
        return Err(super::socket::errno_error(libc::EBADF));
    }
    let ready = |fd: i32, mask: i16| pollfds.iter().any(|p| p.fd == fd && p.revents & mask != 0);
    let masks = [
        libc::POLLIN | libc::POLLHUP | libc::POLLERR,
        libc::POLLOUT | libc::POLLERR,
        libc::POLLPRI,
    ];
    let results = lists
        .into_iter()
        .zip(masks)
        .map(|(list, mask)| {
            rt::list(
                list.into_iter()
                    .filter(|&(_, fd)| ready(fd, mask))
                    .map(|(item, _)| item)
                    .collect::<Vec<_>>(),
            )
        })
        .collect::<Vec<_>>();
    Ok(rt::tuple(results))
}
