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
                    std::thread::sleep(std::time::Duration::from_secs_f64(seconds.min(1e6)));
                    Ok(rt::none())
                }),
            ),
        ],
    )
}
