//! Socket addresses (CPython's `getsockaddrarg`/`makesockaddr`): Python addresses to C
//! `sockaddr`s and back for `AF_INET`, `AF_INET6` and `AF_UNIX`, name resolution through
//! the C library's `getaddrinfo` (`_socket.getaddrinfo`), `gethostname`.

use crate::object::error::{ExcInfo, Res};
use crate::object::exceptions::ExcKind;
use crate::object::native::Args;
use crate::object::runtime::{self as rt, type_error};
use crate::object::{Kind, PyRef};
use crate::types::ops;

use super::{bytes_arg, exc_info, int_arg, last_error};

/// A socket address in C form.
pub(super) struct SockAddr {
    pub(super) storage: libc::sockaddr_storage,
    pub(super) len: libc::socklen_t,
}

/// `getaddrinfo` of one host and port for `family` (numeric or a name).
pub(super) fn resolve(host: &str, port: u16, family: i32, passive: bool) -> Res<SockAddr> {
    let c_host = std::ffi::CString::new(host)
        .map_err(|_| exc_info(ExcKind::ValueError, "embedded null character"))?;
    let c_port = std::ffi::CString::new(port.to_string()).expect("digits");
    // SAFETY: a zeroed addrinfo is a valid "no hints" value.
    let mut hints: libc::addrinfo = unsafe { std::mem::zeroed() };
    hints.ai_family = family;
    hints.ai_flags = if passive { libc::AI_PASSIVE } else { 0 };
    let mut result: *mut libc::addrinfo = std::ptr::null_mut();
    let host_ptr = if host.is_empty() { std::ptr::null() } else { c_host.as_ptr() };
    // SAFETY: valid C strings and hints; `result` is freed below.
    let r = unsafe { libc::getaddrinfo(host_ptr, c_port.as_ptr(), &hints, &mut result) };
    if r != 0 || result.is_null() {
        return Err(gai_error(r));
    }
    // SAFETY: `result` is a valid list from getaddrinfo; its first entry's address has
    // `ai_addrlen` bytes, at most a sockaddr_storage.
    let address = unsafe {
        let info = &*result;
        let mut storage: libc::sockaddr_storage = std::mem::zeroed();
        let len = (info.ai_addrlen as usize).min(std::mem::size_of::<libc::sockaddr_storage>());
        std::ptr::copy_nonoverlapping(
            info.ai_addr as *const u8,
            &mut storage as *mut _ as *mut u8,
            len,
        );
        libc::freeaddrinfo(result);
        SockAddr { storage, len: len as libc::socklen_t }
    };
    Ok(address)
}

pub(super) fn gai_error(code: i32) -> crate::object::error::Exc {
    // SAFETY: gai_strerror returns a static C string.
    let text = unsafe { std::ffi::CStr::from_ptr(libc::gai_strerror(code)) }
        .to_string_lossy()
        .into_owned();
    match ops::call(
        &rt::exception_class(ExcKind::OSError),
        vec![rt::int(i64::from(code)), rt::str(text)],
        vec![],
    ) {
        Ok(exc) => ExcInfo::new(exc),
        Err(exc) => exc,
    }
}

/// A Python address for `family` in C form.
pub(super) fn sockaddr_of(family: i32, address: &PyRef, passive: bool) -> Res<SockAddr> {
    if family == libc::AF_UNIX {
        let path = match &address.kind {
            Kind::Str(..) => crate::object::text_of(address).as_bytes().to_vec(),
            _ => bytes_arg(address)?.to_vec(),
        };
        // SAFETY: a zeroed sockaddr_un is valid; the path is copied within its bounds.
        let mut un: libc::sockaddr_un = unsafe { std::mem::zeroed() };
        if path.len() >= un.sun_path.len() {
            return Err(exc_info(ExcKind::OSError, "AF_UNIX path too long"));
        }
        un.sun_family = libc::AF_UNIX as libc::sa_family_t;
        for (slot, byte) in un.sun_path.iter_mut().zip(&path) {
            *slot = *byte as libc::c_char;
        }
        // SAFETY: sockaddr_un fits in sockaddr_storage.
        let mut storage: libc::sockaddr_storage = unsafe { std::mem::zeroed() };
        // SAFETY: copying the bytes of a sockaddr_un into a larger storage.
        unsafe {
            std::ptr::copy_nonoverlapping(
                &un as *const _ as *const u8,
                &mut storage as *mut _ as *mut u8,
                std::mem::size_of::<libc::sockaddr_un>(),
            )
        };
        let len = (std::mem::size_of::<libc::sa_family_t>() + path.len()) as libc::socklen_t;
        return Ok(SockAddr { storage, len });
    }
    let Kind::Tuple(items) = &address.kind else {
        return type_error(format!(
            "{}() argument must be tuple, not {}",
            if family == libc::AF_INET6 { "AF_INET6 address" } else { "AF_INET address" },
            crate::types::type_name(address)
        ));
    };
    if items.len() < 2 {
        return type_error("AF_INET address must be a pair (host, port)");
    }
    let host = match &items[0].kind {
        Kind::Str(..) => crate::object::text_of(&items[0]).to_string(),
        _ => return type_error("str, bytes or bytearray expected, not int"),
    };
    let port = ops::to_index(&items[1])?;
    let Ok(port) = u16::try_from(port) else {
        return Err(exc_info(ExcKind::OverflowError, "port must be 0-65535."));
    };
    let host = match host.as_str() {
        "" if passive => String::new(),
        "" => {
            if family == libc::AF_INET6 {
                "::".into()
            } else {
                "0.0.0.0".into()
            }
        }
        "<broadcast>" => "255.255.255.255".into(),
        _ => host,
    };
    resolve(&host, port, family, passive)
}

/// A C address as Python's (`(host, port)`, `(host, port, flowinfo, scope_id)`, a path).
pub(super) fn address_object(address: &libc::sockaddr_storage, len: libc::socklen_t) -> PyRef {
    match i32::from(address.ss_family) {
        libc::AF_INET => {
            // SAFETY: the family says the storage holds a sockaddr_in.
            let sin = unsafe { &*(address as *const _ as *const libc::sockaddr_in) };
            let ip = std::net::Ipv4Addr::from(u32::from_be(sin.sin_addr.s_addr));
            rt::tuple(vec![rt::str(ip.to_string()), rt::int(i64::from(u16::from_be(sin.sin_port)))])
        }
        libc::AF_INET6 => {
            // SAFETY: the family says the storage holds a sockaddr_in6.
            let sin6 = unsafe { &*(address as *const _ as *const libc::sockaddr_in6) };
            let ip = std::net::Ipv6Addr::from(sin6.sin6_addr.s6_addr);
            rt::tuple(vec![
                rt::str(ip.to_string()),
                rt::int(i64::from(u16::from_be(sin6.sin6_port))),
                rt::int(i64::from(u32::from_be(sin6.sin6_flowinfo))),
                rt::int(i64::from(sin6.sin6_scope_id)),
            ])
        }
        libc::AF_UNIX => {
            // SAFETY: the family says the storage holds a sockaddr_un.
            let un = unsafe { &*(address as *const _ as *const libc::sockaddr_un) };
            let n = (len as usize).saturating_sub(std::mem::size_of::<libc::sa_family_t>());
            let bytes: Vec<u8> =
                un.sun_path.iter().take(n).map(|&c| c as u8).take_while(|&b| b != 0).collect();
            rt::str(&*String::from_utf8_lossy(&bytes))
        }
        _ => rt::none(),
    }
}

/// `getaddrinfo(host, port, family=0, type=0, proto=0, flags=0)`: a list of
/// `(family, type, proto, canonname, sockaddr)`.
pub(super) fn getaddrinfo(a: Args) -> Res<PyRef> {
    let values =
        a.bind("getaddrinfo", &["host", "port", "family", "type", "proto", "flags"], 2, &[])?;
    let host = match &values[0] {
        Some(h) if matches!(h.kind, Kind::Str(..)) => Some(crate::object::text_of(h).to_string()),
        Some(h) if matches!(h.kind, Kind::None) => None,
        Some(h) => Some(String::from_utf8_lossy(&bytes_arg(h)?).into_owned()),
        None => None,
    };
    let port = match &values[1] {
        Some(p) if matches!(p.kind, Kind::Int(_)) => Some(ops::to_index(p)?.to_string()),
        Some(p) if matches!(p.kind, Kind::Str(..)) => Some(crate::object::text_of(p).to_string()),
        Some(p) if matches!(p.kind, Kind::None) => None,
        Some(_) => return Err(exc_info(ExcKind::OSError, "Int or String expected")),
        None => None,
    };
    let int = |i: usize| -> Res<i32> { values[i].as_ref().map_or(Ok(0), int_arg) };
    // SAFETY: a zeroed addrinfo is a valid "no hints" value.
    let mut hints: libc::addrinfo = unsafe { std::mem::zeroed() };
    hints.ai_family = int(2)?;
    hints.ai_socktype = int(3)?;
    hints.ai_protocol = int(4)?;
    hints.ai_flags = int(5)?;
    let c_host = host
        .map(std::ffi::CString::new)
        .transpose()
        .map_err(|_| exc_info(ExcKind::ValueError, "embedded null character"))?;
    let c_port = port
        .map(std::ffi::CString::new)
        .transpose()
        .map_err(|_| exc_info(ExcKind::ValueError, "embedded null character"))?;
    let mut result: *mut libc::addrinfo = std::ptr::null_mut();
    // SAFETY: valid C strings (or null) and hints; `result` is freed below.
    let r = unsafe {
        libc::getaddrinfo(
            c_host.as_ref().map_or(std::ptr::null(), |h| h.as_ptr()),
            c_port.as_ref().map_or(std::ptr::null(), |p| p.as_ptr()),
            &hints,
            &mut result,
        )
    };
    if r != 0 {
        return Err(gai_error(r));
    }
    let mut entries = Vec::new();
    let mut cursor = result;
    while !cursor.is_null() {
        // SAFETY: `cursor` walks the list getaddrinfo returned, freed after the loop.
        let info = unsafe { &*cursor };
        // SAFETY: a zeroed storage, then `ai_addrlen` bytes of the entry's address.
        let mut storage: libc::sockaddr_storage = unsafe { std::mem::zeroed() };
        let len = (info.ai_addrlen as usize).min(std::mem::size_of::<libc::sockaddr_storage>());
        // SAFETY: `ai_addr` holds `ai_addrlen` bytes.
        unsafe {
            std::ptr::copy_nonoverlapping(
                info.ai_addr as *const u8,
                &mut storage as *mut _ as *mut u8,
                len,
            )
        };
        let canonname = if info.ai_canonname.is_null() {
            String::new()
        } else {
            // SAFETY: a C string of the list.
            unsafe { std::ffi::CStr::from_ptr(info.ai_canonname) }.to_string_lossy().into_owned()
        };
        entries.push(rt::tuple(vec![
            rt::int(i64::from(info.ai_family)),
            rt::int(i64::from(info.ai_socktype)),
            rt::int(i64::from(info.ai_protocol)),
            rt::str(canonname),
            address_object(&storage, len as libc::socklen_t),
        ]));
        cursor = info.ai_next;
    }
    // SAFETY: the list from getaddrinfo, freed once.
    unsafe { libc::freeaddrinfo(result) };
    Ok(rt::list(entries))
}

pub(super) fn gethostname(_a: Args) -> Res<PyRef> {
    let mut buffer = [0u8; 256];
    // SAFETY: `buffer` is valid for writing its length.
    if unsafe { libc::gethostname(buffer.as_mut_ptr().cast(), buffer.len()) } < 0 {
        return last_error();
    }
    let end = buffer.iter().position(|&b| b == 0).unwrap_or(buffer.len());
    Ok(rt::str(&*String::from_utf8_lossy(&buffer[..end])))
}

/// `inet_pton(family, text)`: the packed address (asyncio skips `getaddrinfo` for numeric
/// hosts through it).
pub(super) fn inet_pton(a: Args) -> Res<PyRef> {
    a.arity("inet_pton", 2, 2)?;
    let family = int_arg(&a.arg(0))?;
    let text = a.arg(1);
    let Some(text) = crate::object::str_text(&text) else {
        return type_error(format!(
            "inet_pton() argument 2 must be str, not {}",
            crate::types::type_name(&text)
        ));
    };
    let packed: Vec<u8> = match family {
        libc::AF_INET => match text.parse::<std::net::Ipv4Addr>() {
            Ok(ip) => ip.octets().to_vec(),
            Err(_) => {
                return Err(exc_info(
                    ExcKind::OSError,
                    "illegal IP address string passed to inet_pton",
                ))
            }
        },
        libc::AF_INET6 => match text.parse::<std::net::Ipv6Addr>() {
            Ok(ip) => ip.octets().to_vec(),
            Err(_) => {
                return Err(exc_info(
                    ExcKind::OSError,
                    "illegal IP address string passed to inet_pton",
                ))
            }
        },
        _ => return Err(super::errno_error(libc::EAFNOSUPPORT)),
    };
    Ok(crate::object::alloc(Kind::Bytes(packed.into())))
}

/// `inet_ntop(family, packed)`: the text of a packed address.
pub(super) fn inet_ntop(a: Args) -> Res<PyRef> {
    a.arity("inet_ntop", 2, 2)?;
    let family = int_arg(&a.arg(0))?;
    let packed = bytes_arg(&a.arg(1))?;
    let text = match family {
        libc::AF_INET => match <[u8; 4]>::try_from(packed.as_slice()) {
            Ok(octets) => std::net::Ipv4Addr::from(octets).to_string(),
            Err(_) => return rt::value_error("invalid length of packed IP address string"),
        },
        libc::AF_INET6 => match <[u8; 16]>::try_from(packed.as_slice()) {
            Ok(octets) => std::net::Ipv6Addr::from(octets).to_string(),
            Err(_) => return rt::value_error("invalid length of packed IP address string"),
        },
        _ => return rt::value_error(format!("unknown address family {family}")),
    };
    Ok(rt::str(text))
}
