//! The `time` module: clocks, `sleep`, and the calendar functions (`calendar`).

mod calendar;

use crate::object::error::ExcInfo;
use crate::object::exceptions::ExcKind;
use crate::object::runtime::{self as rt, value_error};
use crate::object::PyRef;
use crate::types::ops;

use super::{native, new_module};

thread_local! {
    static EPOCH: std::time::Instant = std::time::Instant::now();
}

pub fn time_module() -> PyRef {
    new_module(
        "time",
        vec![
            ("localtime", native("localtime", calendar::localtime)),
            ("gmtime", native("gmtime", calendar::gmtime)),
            ("mktime", native("mktime", calendar::mktime)),
            ("strftime", native("strftime", calendar::strftime)),
            ("asctime", native("asctime", calendar::asctime)),
            ("ctime", native("ctime", calendar::ctime)),
            ("time_ns", native("time_ns", calendar::time_ns)),
            ("struct_time", calendar::struct_time_class()),
            ("get_clock_info", native("get_clock_info", get_clock_info)),
            (
                "perf_counter",
                native("perf_counter", |_| {
                    Ok(rt::float(EPOCH.with(|e| e.elapsed().as_secs_f64())))
                }),
            ),
            (
                "monotonic",
                native("monotonic", |_| Ok(rt::float(EPOCH.with(|e| e.elapsed().as_secs_f64())))),
            ),
            (
                "time",
                native("time", |_| {
                    let now = std::time::SystemTime::now()
                        .duration_since(std::time::UNIX_EPOCH)
                        .unwrap_or_default();
                    Ok(rt::float(now.as_secs_f64()))
                }),
            ),
            (
                "sleep",
                native("sleep", |a| {
                    let seconds = ops::to_f64(a.positional.first().ok_or_else(|| {
                        ExcInfo::new(rt::exception(
                            ExcKind::TypeError,
                            "sleep() takes exactly one argument",
                        ))
                    })?)?;
                    if seconds < 0.0 {
                        return value_error("sleep length must be non-negative");
                    }
                    crate::vm::signals::sleep(seconds.min(1e9))?;
                    Ok(rt::none())
                }),
            ),
        ],
    )
}

thread_local! {
    static NAMESPACE: PyRef = crate::types::plain_class("namespace", "types");
}

/// `get_clock_info(name)`: how each clock is read (pyrc's `monotonic` and `perf_counter`
/// are Rust's `Instant`, `CLOCK_MONOTONIC`; `time` is `SystemTime`, `CLOCK_REALTIME`).
fn get_clock_info(a: crate::object::native::Args) -> crate::object::error::Res<PyRef> {
    a.arity("get_clock_info", 1, 1)?;
    let name = a.arg(0);
    let (implementation, monotonic, adjustable) = match crate::object::str_text(&name) {
        Some("monotonic") | Some("perf_counter") => ("clock_gettime(CLOCK_MONOTONIC)", true, false),
        Some("time") => ("clock_gettime(CLOCK_REALTIME)", false, true),
        _ => return value_error("unknown clock"),
    };
    let info = rt::instance(NAMESPACE.with(Clone::clone));
    for (key, value) in [
        ("implementation", rt::str(implementation)),
        ("monotonic", rt::boolean(monotonic)),
        ("adjustable", rt::boolean(adjustable)),
        ("resolution", rt::float(1e-09)),
    ] {
        crate::types::attr::setattr(&info, key, value)?;
    }
    Ok(info)
}
