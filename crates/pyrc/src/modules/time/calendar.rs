//! The calendar part of `time` (CPython's `timemodule.c`): `localtime`, `gmtime`, `mktime`,
//! `strftime`, `asctime`, `ctime` and `time_ns`, through the C library's `localtime_r`,
//! `gmtime_r`, `mktime` and `strftime`. `struct_time` is a subclass of tuple whose nine items
//! are also the `tm_*` attributes (its repr is the tuple's, not CPython's named form).

use crate::object::error::Res;
use crate::object::native::Args;
use crate::object::runtime::{self as rt, type_error, value_error};
use crate::object::PyRef;
use crate::types::{self, ops, BuiltinType};

const FIELDS: [&str; 9] = [
    "tm_year", "tm_mon", "tm_mday", "tm_hour", "tm_min", "tm_sec", "tm_wday", "tm_yday", "tm_isdst",
];

thread_local! {
    static STRUCT_TIME: PyRef = {
        let dict = rt::new_dict();
        rt::dict_set_str(&dict, "__module__", rt::str("time"));
        types::new_class("struct_time", vec![rt::builtin_type(BuiltinType::Tuple)], dict, None)
            .expect("tuple has an MRO")
    };
}

/// `time.struct_time`.
pub(super) fn struct_time_class() -> PyRef {
    STRUCT_TIME.with(Clone::clone)
}

fn struct_time(tm: &libc::tm) -> PyRef {
    let values = [
        i64::from(tm.tm_year) + 1900,
        i64::from(tm.tm_mon) + 1,
        i64::from(tm.tm_mday),
        i64::from(tm.tm_hour),
        i64::from(tm.tm_min),
        i64::from(tm.tm_sec),
        (i64::from(tm.tm_wday) + 6) % 7,
        i64::from(tm.tm_yday) + 1,
        i64::from(tm.tm_isdst),
    ];
    let items: Vec<PyRef> = values.iter().map(|&v| rt::int(v)).collect();
    let object = rt::instance_with_base(struct_time_class(), Some(rt::tuple(items.clone())));
    if let Some(instance) = object.instance() {
        for (name, value) in FIELDS.iter().zip(items) {
            rt::dict_set_str(&instance.dict, name, value);
        }
    }
    object
}

/// The seconds argument (`None` or absent: now).
fn seconds(a: &Args) -> Res<libc::time_t> {
    a.arity(a.name, 0, 1)?;
    match a.positional.first().filter(|v| !matches!(v.kind, crate::object::Kind::None)) {
        Some(value) => Ok(ops::to_f64(value)?.floor() as libc::time_t),
        None => {
            let now = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap_or_default();
            Ok(now.as_secs() as libc::time_t)
        }
    }
}

fn convert(a: &Args, local: bool) -> Res<PyRef> {
    let t = seconds(a)?;
    // SAFETY: `tm` is a plain C struct: all zero is a valid value.
    let mut tm: libc::tm = unsafe { std::mem::zeroed() };
    // SAFETY: both functions read `t` and write only into `tm`, which outlive the call
    // (the reentrant forms keep no shared state).
    let done = unsafe {
        if local {
            libc::localtime_r(&t, &mut tm)
        } else {
            libc::gmtime_r(&t, &mut tm)
        }
    };
    if done.is_null() {
        return rt::raise(
            crate::object::exceptions::ExcKind::OverflowError,
            "timestamp out of range for platform time_t",
        );
    }
    Ok(struct_time(&tm))
}

/// `time.localtime([seconds])`.
pub(super) fn localtime(a: Args) -> Res<PyRef> {
    convert(&a, true)
}

/// `time.gmtime([seconds])`.
pub(super) fn gmtime(a: Args) -> Res<PyRef> {
    convert(&a, false)
}

/// A C `tm` from a 9-item time tuple (`struct_time` or a plain tuple).
fn tm_of(value: &PyRef, function: &str) -> Res<libc::tm> {
    let items = ops::to_vec(value)?;
    if items.len() != 9 {
        return type_error(format!("{function}(): illegal time tuple argument"));
    }
    let field = |i: usize| -> Res<i32> { Ok(ops::to_index(&items[i])? as i32) };
    // SAFETY: `tm` is a plain C struct: all zero is a valid value.
    let mut tm: libc::tm = unsafe { std::mem::zeroed() };
    tm.tm_year = field(0)? - 1900;
    tm.tm_mon = field(1)? - 1;
    tm.tm_mday = field(2)?;
    tm.tm_hour = field(3)?;
    tm.tm_min = field(4)?;
    tm.tm_sec = field(5)?;
    tm.tm_wday = (field(6)? + 1) % 7;
    tm.tm_yday = field(7)? - 1;
    tm.tm_isdst = field(8)?;
    Ok(tm)
}

/// The time tuple argument at `index`, or now in local time.
fn tm_argument(a: &Args, index: usize) -> Res<libc::tm> {
    match a.positional.get(index) {
        Some(value) => tm_of(value, a.name),
        None => tm_of(
            &convert(
                &Args { name: a.name, receiver: None, positional: vec![], keywords: vec![] },
                true,
            )?,
            a.name,
        ),
    }
}

/// `time.strftime(format[, t])`.
pub(super) fn strftime(a: Args) -> Res<PyRef> {
    a.arity("strftime", 1, 2)?;
    let Some(format) = types::str::text(&a.positional[0]) else {
        return type_error(format!(
            "strftime() argument 1 must be str, not {}",
            types::type_name(&a.positional[0])
        ));
    };
    let tm = tm_argument(&a, 1)?;
    if format.is_empty() {
        return Ok(rt::str(""));
    }
    let Ok(c_format) = std::ffi::CString::new(format) else {
        return value_error("embedded null character");
    };
    let mut size = 256usize;
    loop {
        let mut buffer = vec![0u8; size];
        // SAFETY: `buffer` has `size` writable bytes, `c_format` is NUL-terminated and `tm`
        // is initialized; `strftime` writes at most `size` bytes and returns how many.
        let n = unsafe { libc::strftime(buffer.as_mut_ptr().cast(), size, c_format.as_ptr(), &tm) };
        if n > 0 || size > 256 * format.len().max(1) {
            buffer.truncate(n);
            return Ok(rt::str(String::from_utf8_lossy(&buffer)));
        }
        size *= 4;
    }
}

/// `time.mktime(t)`: local time tuple to seconds.
pub(super) fn mktime(a: Args) -> Res<PyRef> {
    a.arity("mktime", 1, 1)?;
    let mut tm = tm_of(&a.positional[0], "mktime")?;
    // SAFETY: `mktime` reads and normalizes `tm`, which lives across the call.
    let t = unsafe { libc::mktime(&mut tm) };
    if t == -1 {
        return rt::raise(
            crate::object::exceptions::ExcKind::OverflowError,
            "mktime argument out of range",
        );
    }
    Ok(rt::float(t as f64))
}

/// `time.asctime([t])` and `time.ctime([seconds])`: `'Mon Dec  7 11:35:43 2026'`.
pub(super) fn asctime(a: Args) -> Res<PyRef> {
    a.arity("asctime", 0, 1)?;
    let tm = tm_argument(&a, 0)?;
    Ok(rt::str(ascii_time(&tm)))
}

pub(super) fn ctime(a: Args) -> Res<PyRef> {
    let local = convert(&a, true)?;
    Ok(rt::str(ascii_time(&tm_of(&local, "ctime")?)))
}

fn ascii_time(tm: &libc::tm) -> String {
    const DAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
    const MONTHS: [&str; 12] =
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    format!(
        "{} {} {:2} {:02}:{:02}:{:02} {}",
        DAYS[tm.tm_wday.rem_euclid(7) as usize],
        MONTHS[tm.tm_mon.rem_euclid(12) as usize],
        tm.tm_mday,
        tm.tm_hour,
        tm.tm_min,
        tm.tm_sec,
        i64::from(tm.tm_year) + 1900
    )
}

/// `time.time_ns()`.
pub(super) fn time_ns(_: Args) -> Res<PyRef> {
    let now =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
    Ok(rt::int(i64::try_from(now.as_nanos()).unwrap_or(i64::MAX)))
}
