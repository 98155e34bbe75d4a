//! The native `_socket` under CPython's own `socket.py` (CPython's `socketmodule.c`):
//! `_socket.socket` (a subclassable native class over a descriptor: `socket.socket`
//! derives from it), `socketpair`, `getaddrinfo` for numeric hosts and names, `gethostname`,
//! the constants `socket.py` and `asyncio` use. Addresses of the families `AF_INET`
//! (`(host, port)`), `AF_INET6` (`(host, port[, flowinfo, scope_id])`) and `AF_UNIX` (a
//! path). Timeouts: blocking (`None`) and non-blocking (`0.0`) sockets; a positive timeout
//! waits with `poll` before each call, as CPython's `sock_call`.
//!
//! Failed calls raise `OSError` of the kind CPython picks by `errno` (`BlockingIOError`,
//! `ConnectionResetError`...), with `errno` and `strerror` set.

use std::cell::Cell;

use rcgc::Visitor;

use crate::object::error::{ExcInfo, Res};
use crate::object::exceptions::ExcKind;
use crate::object::native::{Args, MethodDef};
use crate::object::native_type::{
    args_after_self, state_of, AttrDef, NativeClassDef, NativeObject,
};
use crate::object::runtime::{self as rt, type_error};
use crate::object::{Kind, PyRef};
use crate::types::native_class::{make_class, new_class_arg, new_object};
use crate::types::ops;

use super::{native, new_module};

mod address;

use address::{address_object, getaddrinfo, gethostname, inet_ntop, inet_pton, sockaddr_of};

/// A socket's state: its descriptor (-1 once closed or detached) and how it was made.
struct Socket {
    fd: Cell<i32>,
    family: Cell<i32>,
    kind: Cell<i32>,
    proto: Cell<i32>,
    /// Seconds; negative: blocking without limit (`None`).
    timeout: Cell<f64>,
}

impl NativeObject for Socket {
    fn trace(&self, _visitor: &mut Visitor) {}

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

impl Drop for Socket {
    fn drop(&mut self) {
        let fd = self.fd.get();
        if fd >= 0 {
            // SAFETY: the descriptor is this socket's own (made or adopted by it, never
            // handed out since: `detach` sets -1).
            unsafe { libc::close(fd) };
        }
    }
}

static SOCKET: NativeClassDef = NativeClassDef {
    name: "socket",
    module: "_socket",
    new: Some(socket_new),
    methods: &[
        MethodDef { name: "__init__", function: socket_init },
        MethodDef { name: "fileno", function: fileno },
        MethodDef { name: "detach", function: detach },
        MethodDef { name: "close", function: close },
        MethodDef { name: "setblocking", function: setblocking },
        MethodDef { name: "getblocking", function: getblocking },
        MethodDef { name: "settimeout", function: settimeout },
        MethodDef { name: "gettimeout", function: gettimeout },
        MethodDef { name: "send", function: send },
        MethodDef { name: "sendall", function: sendall },
        MethodDef { name: "recv", function: recv },
        MethodDef { name: "recv_into", function: recv_into },
        MethodDef { name: "bind", function: bind },
        MethodDef { name: "listen", function: listen },
        MethodDef { name: "_accept", function: accept },
        MethodDef { name: "connect", function: connect },
        MethodDef { name: "connect_ex", function: connect_ex },
        MethodDef { name: "getsockname", function: getsockname },
        MethodDef { name: "getpeername", function: getpeername },
        MethodDef { name: "setsockopt", function: setsockopt },
        MethodDef { name: "getsockopt", function: getsockopt },
        MethodDef { name: "shutdown", function: shutdown },
    ],
    class_methods: &[],
    attributes: &[
        AttrDef { name: "family", get: get_family, set: None },
        AttrDef { name: "type", get: get_type, set: None },
        AttrDef { name: "proto", get: get_proto, set: None },
        AttrDef { name: "timeout", get: gettimeout, set: None },
    ],
    has_dict: true,
    subclassable: true,
    item_slots: None,
};

thread_local! {
    static CLASS: PyRef = make_class(&SOCKET, Vec::new());
}

fn class() -> PyRef {
    CLASS.with(Clone::clone)
}

const CONSTANTS: &[(&str, i32)] = &[
    ("AF_UNSPEC", libc::AF_UNSPEC),
    ("AF_INET", libc::AF_INET),
    ("AF_INET6", libc::AF_INET6),
    ("AF_UNIX", libc::AF_UNIX),
    ("SOCK_STREAM", libc::SOCK_STREAM),
    ("SOCK_DGRAM", libc::SOCK_DGRAM),
    ("SOCK_RAW", libc::SOCK_RAW),
    ("SOCK_NONBLOCK", libc::SOCK_NONBLOCK),
    ("SOCK_CLOEXEC", libc::SOCK_CLOEXEC),
    ("SOL_SOCKET", libc::SOL_SOCKET),
    ("SO_REUSEADDR", libc::SO_REUSEADDR),
    ("SO_REUSEPORT", libc::SO_REUSEPORT),
    ("SO_KEEPALIVE", libc::SO_KEEPALIVE),
    ("SO_ERROR", libc::SO_ERROR),
    ("SO_TYPE", libc::SO_TYPE),
    ("SO_SNDBUF", libc::SO_SNDBUF),
    ("SO_RCVBUF", libc::SO_RCVBUF),
    ("SO_BROADCAST", libc::SO_BROADCAST),
    ("SO_LINGER", libc::SO_LINGER),
    ("SOMAXCONN", libc::SOMAXCONN),
    ("IPPROTO_IP", libc::IPPROTO_IP),
    ("IPPROTO_TCP", libc::IPPROTO_TCP),
    ("IPPROTO_UDP", libc::IPPROTO_UDP),
    ("IPPROTO_IPV6", libc::IPPROTO_IPV6),
    ("IPV6_V6ONLY", libc::IPV6_V6ONLY),
    ("TCP_NODELAY", libc::TCP_NODELAY),
    ("SHUT_RD", libc::SHUT_RD),
    ("SHUT_WR", libc::SHUT_WR),
    ("SHUT_RDWR", libc::SHUT_RDWR),
    ("MSG_PEEK", libc::MSG_PEEK),
    ("MSG_DONTWAIT", libc::MSG_DONTWAIT),
    ("MSG_NOSIGNAL", libc::MSG_NOSIGNAL),
    ("AI_PASSIVE", libc::AI_PASSIVE),
    ("AI_CANONNAME", libc::AI_CANONNAME),
    ("AI_NUMERICHOST", libc::AI_NUMERICHOST),
    ("AI_NUMERICSERV", libc::AI_NUMERICSERV),
    ("AI_ADDRCONFIG", libc::AI_ADDRCONFIG),
    ("NI_NUMERICHOST", libc::NI_NUMERICHOST),
    ("NI_NUMERICSERV", libc::NI_NUMERICSERV),
    ("EAI_NONAME", libc::EAI_NONAME),
];

/// `import _socket`.
pub fn module() -> PyRef {
    let mut entries: Vec<(&str, PyRef)> =
        CONSTANTS.iter().map(|&(name, value)| (name, rt::int(i64::from(value)))).collect();
    let os_error = rt::exception_class(ExcKind::OSError);
    entries.extend([
        ("socket", class()),
        ("SocketType", class()),
        ("error", os_error.clone()),
        ("herror", os_error.clone()),
        ("gaierror", os_error),
        ("timeout", rt::exception_class(ExcKind::TimeoutError)),
        ("has_ipv6", rt::boolean(true)),
        ("socketpair", native("socketpair", socketpair)),
        ("getaddrinfo", native("getaddrinfo", getaddrinfo)),
        ("gethostname", native("gethostname", gethostname)),
        ("inet_pton", native("inet_pton", inet_pton)),
        ("inet_ntop", native("inet_ntop", inet_ntop)),
        ("getdefaulttimeout", native("getdefaulttimeout", |_| Ok(rt::none()))),
        ("close", native("close", close_fd)),
        ("dup", native("dup", dup_fd)),
    ]);
    new_module("_socket", entries)
}

/// The `OSError` of `errno`, of the kind CPython's `PyErr_SetFromErrno` picks, `errno` and
/// `strerror` set by the class's constructor.
pub(crate) fn errno_error(errno: i32) -> crate::object::error::Exc {
    let kind = crate::object::exceptions::os_error_kind(errno);
    let text = std::io::Error::from_raw_os_error(errno).to_string();
    let text = text.split(" (os error").next().unwrap_or(&text).to_string();
    let class = rt::exception_class(kind);
    match ops::call(&class, vec![rt::int(i64::from(errno)), rt::str(text)], vec![]) {
        Ok(exc) => ExcInfo::new(exc),
        Err(exc) => exc,
    }
}

/// A bytes-like argument (CPython's buffer protocol).
pub(super) fn bytes_arg(value: &PyRef) -> Res<Vec<u8>> {
    match ops::bytes_like(value) {
        Some(data) => Ok(data),
        None => type_error(format!(
            "a bytes-like object is required, not '{}'",
            crate::types::type_name(value)
        )),
    }
}

pub(super) fn exc_info(kind: ExcKind, message: &str) -> crate::object::error::Exc {
    ExcInfo::new(rt::exception(kind, message))
}

pub(super) fn last_error<T>() -> Res<T> {
    Err(errno_error(std::io::Error::last_os_error().raw_os_error().unwrap_or(libc::EIO)))
}

fn this<'a>(a: &'a Args) -> Res<(&'a PyRef, &'a Socket)> {
    state_of::<Socket>(a, &SOCKET)
}

/// The open descriptor of the socket, or `OSError(EBADF)`.
fn open_fd(socket: &Socket) -> Res<i32> {
    match socket.fd.get() {
        fd if fd >= 0 => Ok(fd),
        _ => Err(errno_error(libc::EBADF)),
    }
}

pub(super) fn int_arg(value: &PyRef) -> Res<i32> {
    let value = ops::to_index(value)?;
    i32::try_from(value)
        .map_err(|_| exc_info(ExcKind::OverflowError, "signed integer is greater than maximum"))
}

fn socket_new(a: Args) -> Res<PyRef> {
    let cls = new_class_arg(&a, &class())?.clone();
    Ok(new_object(
        &cls,
        Socket {
            fd: Cell::new(-1),
            family: Cell::new(libc::AF_INET),
            kind: Cell::new(libc::SOCK_STREAM),
            proto: Cell::new(0),
            timeout: Cell::new(-1.0),
        },
    ))
}

/// `socket(family=AF_INET, type=SOCK_STREAM, proto=0, fileno=None)`.
fn socket_init(a: Args) -> Res<PyRef> {
    let (_, socket) = this(&a)?;
    let rest = args_after_self(&a);
    let arg = |i: usize, name: &str| -> Option<PyRef> {
        rest.get(i).cloned().or_else(|| a.keyword(name)).filter(|v| !matches!(v.kind, Kind::None))
    };
    let mut family = match arg(0, "family") {
        Some(v) => int_arg(&v)?,
        None => -1,
    };
    let mut kind = match arg(1, "type") {
        Some(v) => int_arg(&v)?,
        None => -1,
    };
    let mut proto = match arg(2, "proto") {
        Some(v) => int_arg(&v)?,
        None => -1,
    };
    let fd = match arg(3, "fileno") {
        Some(fileno) => {
            let fd = int_arg(&fileno)?;
            if fd < 0 {
                return rt::value_error("negative file descriptor");
            }
            // The family and type of an adopted descriptor come from the descriptor.
            if family == -1 {
                // SAFETY: a zeroed sockaddr_storage is a valid out buffer of its size.
                let mut storage: libc::sockaddr_storage = unsafe { std::mem::zeroed() };
                let mut len = std::mem::size_of::<libc::sockaddr_storage>() as libc::socklen_t;
                // SAFETY: `storage` and `len` are valid for writing `len` bytes.
                let r = unsafe {
                    libc::getsockname(fd, &mut storage as *mut _ as *mut libc::sockaddr, &mut len)
                };
                if r < 0 {
                    return last_error();
                }
                family = i32::from(storage.ss_family);
            }
            if kind == -1 {
                kind = get_int_option(fd, libc::SOL_SOCKET, libc::SO_TYPE)?;
            }
            if proto == -1 {
                proto = 0;
            }
            fd
        }
        None => {
            if family == -1 {
                family = libc::AF_INET;
            }
            if kind == -1 {
                kind = libc::SOCK_STREAM;
            }
            if proto == -1 {
                proto = 0;
            }
            // SAFETY: plain system call on integers.
            let fd = unsafe { libc::socket(family, kind | libc::SOCK_CLOEXEC, proto) };
            if fd < 0 {
                return last_error();
            }
            fd
        }
    };
    socket.fd.set(fd);
    socket.family.set(family);
    socket.kind.set(kind & !(libc::SOCK_NONBLOCK | libc::SOCK_CLOEXEC));
    socket.proto.set(proto);
    if kind & libc::SOCK_NONBLOCK != 0 {
        socket.timeout.set(0.0);
    }
    Ok(rt::none())
}

fn get_int_option(fd: i32, level: i32, option: i32) -> Res<i32> {
    let mut value: libc::c_int = 0;
    let mut len = std::mem::size_of::<libc::c_int>() as libc::socklen_t;
    // SAFETY: `value` and `len` are valid for writing an int.
    let r = unsafe {
        libc::getsockopt(fd, level, option, &mut value as *mut _ as *mut libc::c_void, &mut len)
    };
    if r < 0 {
        return last_error();
    }
    Ok(value)
}

fn fileno(a: Args) -> Res<PyRef> {
    let (_, socket) = this(&a)?;
    Ok(rt::int(i64::from(socket.fd.get())))
}

fn detach(a: Args) -> Res<PyRef> {
    let (_, socket) = this(&a)?;
    Ok(rt::int(i64::from(socket.fd.replace(-1))))
}

fn close(a: Args) -> Res<PyRef> {
    let (_, socket) = this(&a)?;
    let fd = socket.fd.replace(-1);
    if fd >= 0 {
        // SAFETY: the socket's own descriptor, forgotten above so it is closed once.
        if unsafe { libc::close(fd) } < 0 {
            let errno = std::io::Error::last_os_error().raw_os_error().unwrap_or(0);
            // CPython ignores ECONNRESET on close.
            if errno != libc::ECONNRESET {
                return Err(errno_error(errno));
            }
        }
    }
    Ok(rt::none())
}

fn close_fd(a: Args) -> Res<PyRef> {
    a.arity("close", 1, 1)?;
    let fd = int_arg(&a.arg(0))?;
    // SAFETY: closing a descriptor the caller names, as `_socket.close` does.
    if unsafe { libc::close(fd) } < 0 {
        return last_error();
    }
    Ok(rt::none())
}

fn dup_fd(a: Args) -> Res<PyRef> {
    a.arity("dup", 1, 1)?;
    let fd = int_arg(&a.arg(0))?;
    // SAFETY: plain system call on an integer.
    let new = unsafe { libc::fcntl(fd, libc::F_DUPFD_CLOEXEC, 0) };
    if new < 0 {
        return last_error();
    }
    Ok(rt::int(i64::from(new)))
}

/// Sets `O_NONBLOCK` on the descriptor as the timeout asks (CPython's `internal_setblocking`).
fn apply_timeout(socket: &Socket, timeout: f64) -> Res<()> {
    socket.timeout.set(timeout);
    let fd = open_fd(socket)?;
    // SAFETY: plain system calls on an integer descriptor.
    unsafe {
        let flags = libc::fcntl(fd, libc::F_GETFL);
        if flags < 0 {
            return last_error();
        }
        let flags =
            if timeout >= 0.0 { flags | libc::O_NONBLOCK } else { flags & !libc::O_NONBLOCK };
        if libc::fcntl(fd, libc::F_SETFL, flags) < 0 {
            return last_error();
        }
    }
    Ok(())
}

fn setblocking(a: Args) -> Res<PyRef> {
    let (_, socket) = this(&a)?;
    let Some(flag) = args_after_self(&a).first() else {
        return type_error("setblocking() takes exactly one argument (0 given)");
    };
    apply_timeout(socket, if ops::truthy(flag)? { -1.0 } else { 0.0 })?;
    Ok(rt::none())
}

fn getblocking(a: Args) -> Res<PyRef> {
    let (_, socket) = this(&a)?;
    open_fd(socket)?;
    Ok(rt::boolean(socket.timeout.get() != 0.0))
}

fn settimeout(a: Args) -> Res<PyRef> {
    let (_, socket) = this(&a)?;
    let Some(value) = args_after_self(&a).first() else {
        return type_error("settimeout() takes exactly one argument (0 given)");
    };
    let timeout = if matches!(value.kind, Kind::None) {
        -1.0
    } else {
        let t = ops::to_f64(value)?;
        if t < 0.0 {
            return rt::value_error("Timeout value out of range");
        }
        t
    };
    apply_timeout(socket, timeout)?;
    Ok(rt::none())
}

fn gettimeout(a: Args) -> Res<PyRef> {
    let (_, socket) = this(&a)?;
    let t = socket.timeout.get();
    Ok(if t < 0.0 { rt::none() } else { rt::float(t) })
}

fn get_family(a: Args) -> Res<PyRef> {
    let (_, socket) = this(&a)?;
    Ok(rt::int(i64::from(socket.family.get())))
}

fn get_type(a: Args) -> Res<PyRef> {
    let (_, socket) = this(&a)?;
    Ok(rt::int(i64::from(socket.kind.get())))
}

fn get_proto(a: Args) -> Res<PyRef> {
    let (_, socket) = this(&a)?;
    Ok(rt::int(i64::from(socket.proto.get())))
}

/// Waits until the descriptor is ready (`write`: for writing) when the socket has a
/// positive timeout; `TimeoutError` when it passes (CPython's `sock_call_ex`).
fn wait_ready(socket: &Socket, fd: i32, write: bool) -> Res<()> {
    let timeout = socket.timeout.get();
    if timeout <= 0.0 {
        return Ok(());
    }
    let mut pollfd =
        libc::pollfd { fd, events: if write { libc::POLLOUT } else { libc::POLLIN }, revents: 0 };
    let ms = (timeout * 1000.0).ceil().min(f64::from(i32::MAX)) as i32;
    // SAFETY: one valid pollfd.
    let r = unsafe { libc::poll(&mut pollfd, 1, ms) };
    if r < 0 {
        return last_error();
    }
    if r == 0 {
        return Err(exc_info(ExcKind::TimeoutError, "timed out"));
    }
    Ok(())
}

/// Runs a system call, retried on `EINTR` (PEP 475).
fn retry(mut call: impl FnMut() -> isize) -> Res<isize> {
    loop {
        let r = call();
        if r >= 0 {
            return Ok(r);
        }
        let errno = std::io::Error::last_os_error().raw_os_error().unwrap_or(libc::EIO);
        if errno != libc::EINTR {
            return Err(errno_error(errno));
        }
        crate::vm::signals::run_handlers()?;
    }
}

fn flags_arg(rest: &[PyRef], index: usize) -> Res<i32> {
    rest.get(index).map_or(Ok(0), int_arg)
}

fn send(a: Args) -> Res<PyRef> {
    let (_, socket) = this(&a)?;
    let rest = args_after_self(&a);
    let Some(data) = rest.first() else {
        return type_error("send() takes at least 1 argument (0 given)");
    };
    let bytes = bytes_arg(data)?;
    let flags = flags_arg(rest, 1)? | libc::MSG_NOSIGNAL;
    let fd = open_fd(socket)?;
    wait_ready(socket, fd, true)?;
    // SAFETY: `bytes` is valid for reading its length.
    let n = retry(|| unsafe { libc::send(fd, bytes.as_ptr().cast(), bytes.len(), flags) })?;
    Ok(rt::int(n as i64))
}

fn sendall(a: Args) -> Res<PyRef> {
    let (_, socket) = this(&a)?;
    let rest = args_after_self(&a);
    let Some(data) = rest.first() else {
        return type_error("sendall() takes at least 1 argument (0 given)");
    };
    let bytes = bytes_arg(data)?;
    let flags = flags_arg(rest, 1)? | libc::MSG_NOSIGNAL;
    let fd = open_fd(socket)?;
    let mut sent = 0;
    while sent < bytes.len() {
        wait_ready(socket, fd, true)?;
        let chunk = &bytes[sent..];
        // SAFETY: `chunk` is valid for reading its length.
        let n = retry(|| unsafe { libc::send(fd, chunk.as_ptr().cast(), chunk.len(), flags) })?;
        sent += n as usize;
    }
    Ok(rt::none())
}

fn recv(a: Args) -> Res<PyRef> {
    let (_, socket) = this(&a)?;
    let rest = args_after_self(&a);
    let Some(size) = rest.first() else {
        return type_error("recv() takes at least 1 argument (0 given)");
    };
    let size = ops::to_index(size)?;
    if size < 0 {
        return rt::value_error("negative buffersize in recv");
    }
    let flags = flags_arg(rest, 1)?;
    let fd = open_fd(socket)?;
    wait_ready(socket, fd, false)?;
    let mut buffer = vec![0u8; size as usize];
    // SAFETY: `buffer` is valid for writing its length.
    let n = retry(|| unsafe { libc::recv(fd, buffer.as_mut_ptr().cast(), buffer.len(), flags) })?;
    buffer.truncate(n as usize);
    Ok(crate::object::alloc(Kind::Bytes(buffer.into())))
}

fn recv_into(a: Args) -> Res<PyRef> {
    let (_, socket) = this(&a)?;
    let rest = args_after_self(&a);
    let Some(target) = rest.first() else {
        return type_error("recv_into() takes at least 1 argument (0 given)");
    };
    let Kind::ByteArray(buffer) = &target.kind else {
        return type_error("recv_into() argument 'buffer' must be a bytearray in pyrc");
    };
    let fd = open_fd(socket)?;
    wait_ready(socket, fd, false)?;
    let mut buffer = buffer.borrow_mut();
    let limit = match rest.get(1) {
        Some(n) if ops::to_index(n)? > 0 => (ops::to_index(n)? as usize).min(buffer.len()),
        _ => buffer.len(),
    };
    let flags = flags_arg(rest, 2)?;
    // SAFETY: `buffer` is valid for writing `limit` bytes; no Python code runs meanwhile.
    let n = retry(|| unsafe { libc::recv(fd, buffer.as_mut_ptr().cast(), limit, flags) })?;
    Ok(rt::int(n as i64))
}

fn address_arg<'a>(a: &'a Args, name: &str) -> Res<&'a PyRef> {
    match args_after_self(a).first() {
        Some(address) => Ok(address),
        None => type_error(format!("{name}() takes exactly one argument (0 given)")),
    }
}

fn bind(a: Args) -> Res<PyRef> {
    let (_, socket) = this(&a)?;
    let address = sockaddr_of(socket.family.get(), address_arg(&a, "bind")?, true)?;
    let fd = open_fd(socket)?;
    // SAFETY: `address` holds `len` valid bytes of a socket address.
    let r = unsafe { libc::bind(fd, &address.storage as *const _ as *const _, address.len) };
    if r < 0 {
        return last_error();
    }
    Ok(rt::none())
}

fn listen(a: Args) -> Res<PyRef> {
    let (_, socket) = this(&a)?;
    let backlog = match args_after_self(&a).first() {
        Some(b) => int_arg(b)?.max(0),
        None => libc::SOMAXCONN.min(128),
    };
    let fd = open_fd(socket)?;
    // SAFETY: plain system call on integers.
    if unsafe { libc::listen(fd, backlog) } < 0 {
        return last_error();
    }
    Ok(rt::none())
}

/// `_accept()`: `(fd, address)` of a new connection (`socket.accept` wraps the descriptor).
fn accept(a: Args) -> Res<PyRef> {
    let (_, socket) = this(&a)?;
    let fd = open_fd(socket)?;
    wait_ready(socket, fd, false)?;
    // SAFETY: a zeroed storage is a valid out buffer of its size.
    let mut storage: libc::sockaddr_storage = unsafe { std::mem::zeroed() };
    let mut len = std::mem::size_of::<libc::sockaddr_storage>() as libc::socklen_t;
    let new = retry(|| {
        // SAFETY: `storage` and `len` are valid for writing.
        unsafe {
            libc::accept4(
                fd,
                &mut storage as *mut _ as *mut libc::sockaddr,
                &mut len,
                libc::SOCK_CLOEXEC,
            ) as isize
        }
    })?;
    Ok(rt::tuple(vec![rt::int(new as i64), address_object(&storage, len)]))
}

/// `connect` without raising: the errno (0 on success).
fn connect_errno(socket: &Socket, address: &PyRef) -> Res<i32> {
    let address = sockaddr_of(socket.family.get(), address, false)?;
    let fd = open_fd(socket)?;
    loop {
        // SAFETY: `address` holds `len` valid bytes of a socket address.
        let r = unsafe { libc::connect(fd, &address.storage as *const _ as *const _, address.len) };
        if r == 0 {
            return Ok(0);
        }
        let errno = std::io::Error::last_os_error().raw_os_error().unwrap_or(libc::EIO);
        if errno == libc::EINTR {
            continue;
        }
        if errno == libc::EINPROGRESS && socket.timeout.get() > 0.0 {
            wait_ready(socket, fd, true)?;
            return get_int_option(fd, libc::SOL_SOCKET, libc::SO_ERROR);
        }
        return Ok(errno);
    }
}

fn connect(a: Args) -> Res<PyRef> {
    let (_, socket) = this(&a)?;
    match connect_errno(socket, address_arg(&a, "connect")?)? {
        0 => Ok(rt::none()),
        errno => Err(errno_error(errno)),
    }
}

fn connect_ex(a: Args) -> Res<PyRef> {
    let (_, socket) = this(&a)?;
    Ok(rt::int(i64::from(connect_errno(socket, address_arg(&a, "connect_ex")?)?)))
}

fn name_of(a: &Args, peer: bool) -> Res<PyRef> {
    let (_, socket) = this(a)?;
    let fd = open_fd(socket)?;
    // SAFETY: a zeroed storage is a valid out buffer of its size.
    let mut storage: libc::sockaddr_storage = unsafe { std::mem::zeroed() };
    let mut len = std::mem::size_of::<libc::sockaddr_storage>() as libc::socklen_t;
    let pointer = &mut storage as *mut _ as *mut libc::sockaddr;
    // SAFETY: `storage` and `len` are valid for writing.
    let r = unsafe {
        if peer {
            libc::getpeername(fd, pointer, &mut len)
        } else {
            libc::getsockname(fd, pointer, &mut len)
        }
    };
    if r < 0 {
        return last_error();
    }
    Ok(address_object(&storage, len))
}

fn getsockname(a: Args) -> Res<PyRef> {
    name_of(&a, false)
}

fn getpeername(a: Args) -> Res<PyRef> {
    name_of(&a, true)
}

fn setsockopt(a: Args) -> Res<PyRef> {
    let (_, socket) = this(&a)?;
    let rest = args_after_self(&a);
    if rest.len() != 3 {
        return type_error("setsockopt() takes 3 arguments");
    }
    let level = int_arg(&rest[0])?;
    let option = int_arg(&rest[1])?;
    let fd = open_fd(socket)?;
    let r = match &rest[2].kind {
        Kind::Int(_) | Kind::Bool(_) => {
            let value: libc::c_int = int_arg(&rest[2])?;
            // SAFETY: `value` is valid for reading an int.
            unsafe {
                libc::setsockopt(
                    fd,
                    level,
                    option,
                    &value as *const _ as *const libc::c_void,
                    std::mem::size_of::<libc::c_int>() as libc::socklen_t,
                )
            }
        }
        _ => {
            let bytes = bytes_arg(&rest[2])?;
            // SAFETY: `bytes` is valid for reading its length.
            unsafe {
                libc::setsockopt(
                    fd,
                    level,
                    option,
                    bytes.as_ptr().cast(),
                    bytes.len() as libc::socklen_t,
                )
            }
        }
    };
    if r < 0 {
        return last_error();
    }
    Ok(rt::none())
}

fn getsockopt(a: Args) -> Res<PyRef> {
    let (_, socket) = this(&a)?;
    let rest = args_after_self(&a);
    if rest.len() != 2 {
        return type_error("getsockopt() takes 2 arguments in pyrc (no buffer length)");
    }
    let fd = open_fd(socket)?;
    let value = get_int_option(fd, int_arg(&rest[0])?, int_arg(&rest[1])?)?;
    Ok(rt::int(i64::from(value)))
}

fn shutdown(a: Args) -> Res<PyRef> {
    let (_, socket) = this(&a)?;
    let Some(how) = args_after_self(&a).first() else {
        return type_error("shutdown() takes exactly one argument (0 given)");
    };
    let how = int_arg(how)?;
    let fd = open_fd(socket)?;
    // SAFETY: plain system call on integers.
    if unsafe { libc::shutdown(fd, how) } < 0 {
        return last_error();
    }
    Ok(rt::none())
}

/// `socketpair(family=AF_UNIX, type=SOCK_STREAM, proto=0)`: two connected sockets.
fn socketpair(a: Args) -> Res<PyRef> {
    let arg = |i: usize, default: i32| -> Res<i32> {
        match a.positional.get(i).filter(|v| !matches!(v.kind, Kind::None)) {
            Some(v) => int_arg(v),
            None => Ok(default),
        }
    };
    let family = arg(0, libc::AF_UNIX)?;
    let kind = arg(1, libc::SOCK_STREAM)?;
    let proto = arg(2, 0)?;
    let mut fds = [0 as libc::c_int; 2];
    // SAFETY: `fds` is valid for writing two ints.
    if unsafe { libc::socketpair(family, kind | libc::SOCK_CLOEXEC, proto, fds.as_mut_ptr()) } < 0 {
        return last_error();
    }
    let make = |fd: i32| {
        new_object(
            &class(),
            Socket {
                fd: Cell::new(fd),
                family: Cell::new(family),
                kind: Cell::new(kind),
                proto: Cell::new(proto),
                timeout: Cell::new(-1.0),
            },
        )
    };
    Ok(rt::tuple(vec![make(fds[0]), make(fds[1])]))
}
