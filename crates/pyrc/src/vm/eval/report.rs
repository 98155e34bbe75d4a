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

/// CPython's `PyTraceBack_LIMIT`: a report shows the innermost 1,000 frames.
const TRACEBACK_LIMIT: usize = 1000;
/// CPython's `TB_RECURSIVE_CUTOFF`: the same frame and line printed at most three times in a
/// row, the rest counted in "[Previous line repeated N more times]".
const RECURSIVE_CUTOFF: usize = 3;

pub(super) fn format_single(value: &PyRef, out: &mut Vec<String>) {
    let mut entries =
        crate::object::traceback::entries(crate::object::traceback::exception_traceback(value));
    if entries.len() > TRACEBACK_LIMIT {
        entries.drain(..entries.len() - TRACEBACK_LIMIT);
    }
    if !entries.is_empty() {
        out.push("Traceback (most recent call last):\n".into());
        let mut last: Option<(&str, u32, &str)> = None;
        let mut count = 0;
        for entry in &entries {
            let key = (&*entry.filename, entry.line, &*entry.function);
            if last != Some(key) {
                if count > RECURSIVE_CUTOFF {
                    out.push(repeated_line(count - RECURSIVE_CUTOFF));
                }
                last = Some(key);
                count = 0;
            }
            count += 1;
            if count > RECURSIVE_CUTOFF {
                continue;
            }
            let mut text = format!(
                "  File \"{}\", line {}, in {}\n",
                entry.filename, entry.line, entry.function
            );
            if let Some(line) = source_line(&entry.filename, entry.line) {
                let trimmed = line.trim();
                if !trimmed.is_empty() {
                    text.push_str(&format!("    {trimmed}\n"));
                    if let Some(markers) = entry.position.and_then(|p| position_markers(&line, p)) {
                        text.push_str(&markers);
                    }
                }
            }
            out.push(text);
        }
        if count > RECURSIVE_CUTOFF {
            out.push(repeated_line(count - RECURSIVE_CUTOFF));
        }
    }
    out.push(format!("{}\n", exception_line(value)));
}

fn repeated_line(count: usize) -> String {
    format!("  [Previous line repeated {count} more time{}]\n", if count > 1 { "s" } else { "" })
}

/// The line of markers under the failing expression (CPython 3.11's `traceback.py`
/// `format_frame_summary` and `traceback.c`): `^` under the expression's range, or for a
/// binary operation or a subscript `~` under the operands and `^` under the operator or the
/// brackets; nothing when the range is the whole line (and no anchors split it). A range over
/// several lines is marked to the end of its first line. Offsets count characters.
pub(super) fn position_markers(
    line: &str,
    position: crate::compile::ast::Location,
) -> Option<String> {
    if position.column == 0 || position.end_column == 0 {
        return None;
    }
    let chars: Vec<char> = line.trim_end_matches(['\n', '\r']).chars().collect();
    let indent = chars.iter().take_while(|c| c.is_whitespace()).count();
    let stripped_len = line.trim().chars().count();
    let start = (position.column - 1) as usize;
    let end = if position.line == position.end_line {
        (position.end_column - 1) as usize
    } else {
        line.trim_end().chars().count()
    };
    if start < indent || end < start || end > chars.len() {
        return None;
    }
    let segment: String = chars[start..end].iter().collect();
    let anchors = if position.line == position.end_line { caret_anchors(&segment) } else { None };
    let split = anchors.is_some_and(|(left, right)| right > left);
    if end - start >= stripped_len && !split {
        return None;
    }
    let mut text = format!("    {}", " ".repeat(start - indent));
    match anchors {
        Some((left, right)) => {
            text.push_str(&"~".repeat(left));
            text.push_str(&"^".repeat(right.saturating_sub(left)));
            text.push_str(&"~".repeat((end - start).saturating_sub(right)));
        }
        None => text.push_str(&"^".repeat(end - start)),
    }
    text.push('\n');
    Some(text)
}

/// `_extract_caret_anchors_from_line_segment`: for a segment that is one binary operation,
/// (end of the left operand's run, end of the operator); for a subscript, the brackets'
/// start and end. Character offsets into `segment`.
fn caret_anchors(segment: &str) -> Option<(usize, usize)> {
    use crate::compile::ast::{Expr, Stmt};
    let module = crate::compile::parse::parse_module(segment, "<segment>").ok()?;
    let [Stmt::Expr { value, .. }] = module.body.as_slice() else { return None };
    let chars: Vec<char> = segment.chars().collect();
    // Columns of the segment's own parse: 1-based, on its first line.
    let end_of = |e: &Expr| {
        let l = e.location();
        (l.end_line == 1).then(|| l.end_column as usize - 1)
    };
    let start_of = |e: &Expr| {
        let l = e.location();
        (l.line == 1).then(|| l.column as usize - 1)
    };
    match value {
        Expr::BinOp { left, right, .. } => {
            let (left_end, right_start) = (end_of(left)?, start_of(right)?);
            let operator: Vec<char> = chars.get(left_end..right_start)?.to_vec();
            let offset = operator.iter().take_while(|c| c.is_whitespace()).count();
            let mut left_anchor = left_end + offset;
            let mut right_anchor = left_anchor + 1;
            if offset + 1 < operator.len() && !operator[offset + 1].is_whitespace() {
                right_anchor += 1;
            }
            while left_anchor < chars.len()
                && (chars[left_anchor].is_whitespace() || matches!(chars[left_anchor], ')' | '#'))
            {
                left_anchor += 1;
                right_anchor += 1;
            }
            Some((left_anchor, right_anchor))
        }
        Expr::Subscript { value, index, .. } => {
            let mut left_anchor = end_of(value)?;
            let mut right_anchor = end_of(index)? + 1;
            while left_anchor < chars.len() && chars[left_anchor] != '[' {
                left_anchor += 1;
            }
            while right_anchor < chars.len() && chars[right_anchor] != ']' {
                right_anchor += 1;
            }
            if right_anchor < chars.len() {
                right_anchor += 1;
            }
            Some((left_anchor, right_anchor))
        }
        _ => None,
    }
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

#[cfg(test)]
mod tests {
    use super::position_markers;
    use crate::compile::ast::Location;

    fn at(column: u32, end_column: u32) -> Location {
        Location::new(1, column, 1, end_column)
    }

    #[test]
    fn markers_follow_cpython_3_11() {
        // A binary operation: `~` under the operands, `^` under the operator.
        let line = "    return a / b\n";
        assert_eq!(position_markers(line, at(12, 17)).as_deref(), Some("           ~~^~~\n"));
        // A subscript: `^` under the brackets.
        let line = "    return x[3] + 1\n";
        assert_eq!(position_markers(line, at(12, 16)).as_deref(), Some("           ~^^^\n"));
        // A call that is not the whole line.
        let line = "    y = f([1, 2])\n";
        assert_eq!(position_markers(line, at(9, 18)).as_deref(), Some("        ^^^^^^^^^\n"));
        // The whole line: no markers (but a binary operation still splits it).
        assert_eq!(position_markers("    f(x)\n", at(5, 9)), None);
        assert_eq!(position_markers("a + b\n", at(1, 6)).as_deref(), Some("    ~~^~~\n"));
        // Unknown columns.
        assert_eq!(position_markers("    f(x)\n", Location::new(1, 0, 1, 0)), None);
        // Over two lines: to the end of the first.
        let line = "print(g(1, 2) + g(1,\n";
        let two = Location::new(1, 17, 2, 8);
        assert_eq!(position_markers(line, two).as_deref(), Some("                    ^^^^\n"));
    }
}
