//! Finalizers (`__del__`) and exception reports: tracebacks and the exception line.

use num_traits::ToPrimitive;
use rcgc::Gc;

use crate::object::error::{ExcInfo, Res};
use crate::object::runtime::{self as rt};
use crate::object::{Kind, PyRef};
use crate::types;
use crate::types::attr;
use crate::types::ops::{self};

use super::*;

// ---- finalizers and exception reports -----------------------------------------------------

/// The finalizer of instances: calls `__del__` (PEP 442: once, possibly resurrecting). An
/// exception is printed as CPython's "Exception ignored in" block and swallowed.
pub fn call_del(this: &PyRef) {
    if let Kind::Iterator(_) = &this.kind {
        crate::vm::generator::finalize(this);
        return;
    }
    let Some(instance) = this.instance() else { return };
    let Some(method) = crate::object::class::class_lookup_name(
        &instance.class(),
        crate::object::hash::name!("__del__"),
    ) else {
        return;
    };
    let bound = attr::bind_to_instance(&method, this, &instance.class());
    if let Err(exc) = ops::call(&bound, vec![], vec![]) {
        let description =
            ops::repr(&method).map(|r| r.to_string()).unwrap_or_else(|_| "<__del__>".into());
        eprintln!("Exception ignored in: {description}");
        print_exception(&exc);
    }
}

/// Prints a traceback and the exception line to stderr, as CPython does.
pub fn print_exception(exc: &ExcInfo) {
    eprint!("{}", format_exception(exc));
}

/// Sets `__context__` (implicit chaining) unless already set or it would be itself.
pub(super) fn set_context_if_unset(value: &PyRef, context: Option<PyRef>) {
    let Some(context) = context else { return };
    if Gc::ptr_eq(value, &context) {
        return;
    }
    let current = attr::lookup(value, "__context__").ok().flatten();
    if current.is_some_and(|c| !matches!(c.kind, Kind::None)) {
        return;
    }
    let _ = attr::setattr(value, "__context__", context);
}

pub(super) fn chained_attribute(value: &PyRef, name: &str) -> Option<PyRef> {
    attr::lookup(value, name).ok().flatten().filter(|v| !matches!(v.kind, Kind::None))
}

pub fn format_exception(exc: &ExcInfo) -> String {
    format_exception_entries(&exc.value).concat()
}

/// The text of an exception and its chain as CPython's `traceback.format_exception` list:
/// one string per header, per frame (`File` line and source line), per separator, and the
/// exception line; each exception's frames are those of its `__traceback__`.
pub fn format_exception_entries(value: &PyRef) -> Vec<String> {
    let mut seen = Vec::new();
    let mut out = Vec::new();
    format_chained(value, &mut seen, &mut out);
    out
}

/// An exception with its cause or context first, as CPython prints chains.
pub(super) fn format_chained(value: &PyRef, seen: &mut Vec<PyRef>, out: &mut Vec<String>) {
    seen.push(value.clone());
    let suppress = chained_attribute(value, "__suppress_context__")
        .is_some_and(|s| ops::truthy(&s).unwrap_or(false));
    if let Some(cause) =
        chained_attribute(value, "__cause__").filter(|c| !seen.iter().any(|s| Gc::ptr_eq(s, c)))
    {
        format_chained(&cause, seen, out);
        out.push(
            "\nThe above exception was the direct cause of the following exception:\n\n".into(),
        );
    } else if let Some(context) = chained_attribute(value, "__context__")
        .filter(|c| !suppress && !seen.iter().any(|s| Gc::ptr_eq(s, c)))
    {
        format_chained(&context, seen, out);
        out.push(
            "\nDuring handling of the above exception, another exception occurred:\n\n".into(),
        );
    }
    format_single(value, out);
}

pub(super) fn format_single(value: &PyRef, out: &mut Vec<String>) {
    let entries =
        crate::object::traceback::entries(crate::object::traceback::exception_traceback(value));
    if !entries.is_empty() {
        out.push("Traceback (most recent call last):\n".into());
        for (filename, function, line) in entries {
            let mut text = format!("  File \"{filename}\", line {line}, in {function}\n");
            if let Some(line) = source_line(&filename, line) {
                let trimmed = line.trim();
                if !trimmed.is_empty() {
                    text.push_str(&format!("    {trimmed}\n"));
                }
            }
            out.push(text);
        }
    }
    out.push(format!("{}\n", exception_line(value)));
}

/// `TypeName: message` (or just `TypeName`).
pub fn exception_line(value: &PyRef) -> String {
    let class = types::type_of(value);
    let name = types::class_name(&class);
    let module =
        crate::object::class::class_lookup_name(&class, crate::object::hash::name!("__module__"))
            .and_then(|m| {
                crate::object::str_text(&m)
                    .filter(|s| *s != "builtins" && *s != "__main__")
                    .map(str::to_string)
            });
    let name = match module {
        Some(module) => format!("{module}.{name}"),
        None => name.to_string(),
    };
    match ops::str_of(value) {
        Ok(message) if message.is_empty() => name,
        Ok(message) => format!("{name}: {message}"),
        Err(_) => format!("{name}: <exception str() failed>"),
    }
}

/// An int argument as usize (`range`, `sys.setrecursionlimit`...).
pub fn to_usize(value: &PyRef) -> Res<usize> {
    match ops::to_bigint(value).and_then(|i| i.to_usize()) {
        Some(n) => Ok(n),
        None => rt::value_error("expected a non-negative integer"),
    }
}
