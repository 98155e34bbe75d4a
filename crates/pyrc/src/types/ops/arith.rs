//! Binary, in-place and unary operators on numbers, sequences and sets, and `__op__` dispatch.

use num_bigint::BigInt;
use num_traits::{Signed, ToPrimitive, Zero};
use rcgc::Gc;

use crate::compile::ast::BinOp;
use crate::object::error::{ExcInfo, Res};
use crate::object::exceptions::ExcKind;
use crate::object::hash::{name, NameHash};
use crate::object::int::Int;
use crate::object::runtime::{self as rt, raise, type_error};
use crate::object::{alloc, builtin_base, Kind, PyRef};
use crate::types;

use super::*;

/// The names of the operator's special methods (`__add__`, `__radd__`, `__iadd__`), with
/// their hashes: constants, so that an operator on an instance formats and hashes no string.
fn special_names(op: BinOp) -> [NameHash; 3] {
    match op {
        BinOp::Add => [name!("__add__"), name!("__radd__"), name!("__iadd__")],
        BinOp::Sub => [name!("__sub__"), name!("__rsub__"), name!("__isub__")],
        BinOp::Mult => [name!("__mul__"), name!("__rmul__"), name!("__imul__")],
        BinOp::MatMult => [name!("__matmul__"), name!("__rmatmul__"), name!("__imatmul__")],
        BinOp::Div => [name!("__truediv__"), name!("__rtruediv__"), name!("__itruediv__")],
        BinOp::FloorDiv => [name!("__floordiv__"), name!("__rfloordiv__"), name!("__ifloordiv__")],
        BinOp::Mod => [name!("__mod__"), name!("__rmod__"), name!("__imod__")],
        BinOp::Pow => [name!("__pow__"), name!("__rpow__"), name!("__ipow__")],
        BinOp::LShift => [name!("__lshift__"), name!("__rlshift__"), name!("__ilshift__")],
        BinOp::RShift => [name!("__rshift__"), name!("__rrshift__"), name!("__irshift__")],
        BinOp::BitAnd => [name!("__and__"), name!("__rand__"), name!("__iand__")],
        BinOp::BitOr => [name!("__or__"), name!("__ror__"), name!("__ior__")],
        BinOp::BitXor => [name!("__xor__"), name!("__rxor__"), name!("__ixor__")],
    }
}

pub(super) fn floor_div_int(a: &BigInt, b: &BigInt) -> BigInt {
    num_integer::Integer::div_floor(a, b)
}

pub(super) fn mod_int(a: &BigInt, b: &BigInt) -> BigInt {
    num_integer::Integer::mod_floor(a, b)
}

pub(super) fn float_mod(a: f64, b: f64) -> f64 {
    let r = a % b;
    if r != 0.0 && ((r < 0.0) != (b < 0.0)) {
        r + b
    } else if r == 0.0 {
        // CPython's `float_divmod`: a zero remainder takes the divisor's sign.
        0.0f64.copysign(b)
    } else {
        r
    }
}

/// `a // b` for floats as CPython's `float_divmod` computes it: from the exact remainder
/// (`fmod`), so that `a == b * (a // b) + a % b` as nearly as floats allow (`13 // 0.1` is
/// `129.0`, where `floor(13 / 0.1)` would round up to `130.0`).
pub(super) fn float_floordiv(a: f64, b: f64) -> f64 {
    let remainder = a % b;
    let mut div = (a - remainder) / b;
    if remainder != 0.0 && ((b < 0.0) != (remainder < 0.0)) {
        div -= 1.0;
    }
    if div != 0.0 {
        let floor = div.floor();
        if div - floor > 0.5 {
            floor + 1.0
        } else {
            floor
        }
    } else {
        0.0f64.copysign(a / b)
    }
}

pub(super) fn zero_division<T>(message: &str) -> Res<T> {
    raise(ExcKind::ZeroDivisionError, message)
}

pub(super) fn numeric_op(op: BinOp, a: Num, b: Num) -> Res<Option<PyRef>> {
    use BinOp::*;
    Ok(Some(match (a, b) {
        (Num::Int(x), Num::Int(y)) => match op {
            Add => rt::int(x + y),
            Sub => rt::int(x - y),
            Mult => rt::int(x * y),
            Div => {
                if y.is_zero() {
                    return zero_division("division by zero");
                }
                rt::float(true_divide_ints(&x, &y)?)
            }
            FloorDiv => {
                if y.is_zero() {
                    return zero_division("integer division or modulo by zero");
                }
                rt::int(floor_div_int(&x, &y))
            }
            Mod => {
                if y.is_zero() {
                    return zero_division("integer modulo by zero");
                }
                rt::int(mod_int(&x, &y))
            }
            Pow => {
                if y.is_negative() {
                    let base = int_to_f64(&x)?;
                    if base == 0.0 {
                        return zero_division("0.0 cannot be raised to a negative power");
                    }
                    rt::float(base.powf(int_to_f64(&y)?))
                } else {
                    let Some(exponent) = y.to_u32() else {
                        return raise(ExcKind::OverflowError, "exponent too large");
                    };
                    rt::int(num_traits::Pow::pow(&x, exponent))
                }
            }
            LShift => {
                if y.is_negative() {
                    return value_error_shift();
                }
                let Some(shift) = y.to_usize() else {
                    return raise(ExcKind::OverflowError, "shift too large");
                };
                rt::int(x << shift)
            }
            RShift => {
                if y.is_negative() {
                    return value_error_shift();
                }
                let shift = y.to_usize().unwrap_or(usize::MAX / 2);
                rt::int(x >> shift.min(1 << 20))
            }
            BitAnd => rt::int(x & y),
            BitOr => rt::int(x | y),
            BitXor => rt::int(x ^ y),
            MatMult => return Ok(None),
        },
        (a, b) => {
            let x = match a {
                Num::Int(i) => int_to_f64(&i)?,
                Num::Float(f) => f,
            };
            let y = match b {
                Num::Int(i) => int_to_f64(&i)?,
                Num::Float(f) => f,
            };
            match op {
                Add => rt::float(x + y),
                Sub => rt::float(x - y),
                Mult => rt::float(x * y),
                Div => {
                    if y == 0.0 {
                        return zero_division("float division by zero");
                    }
                    rt::float(x / y)
                }
                FloorDiv => {
                    if y == 0.0 {
                        return zero_division("float floor division by zero");
                    }
                    rt::float(float_floordiv(x, y))
                }
                Mod => {
                    if y == 0.0 {
                        return zero_division("float modulo");
                    }
                    rt::float(float_mod(x, y))
                }
                Pow => {
                    if x == 0.0 && y < 0.0 {
                        return zero_division("0.0 cannot be raised to a negative power");
                    }
                    // A negative base to a fractional power is complex (`float_pow` hands it
                    // to `complex.__pow__`).
                    if x < 0.0 && y.is_finite() && y.fract() != 0.0 {
                        let (re, im) = crate::types::complex::power((x, 0.0), (y, 0.0))?;
                        return Ok(Some(crate::object::alloc(Kind::Complex(re, im))));
                    }
                    let result = x.powf(y);
                    if result.is_infinite() && x.is_finite() && y.is_finite() {
                        return raise(
                            ExcKind::OverflowError,
                            "(34, 'Numerical result out of range')",
                        );
                    }
                    rt::float(result)
                }
                _ => return Ok(None),
            }
        }
    }))
}

/// `a / b` for ints, rounded once as CPython does (not via two lossy conversions).
pub(super) fn true_divide_ints(a: &BigInt, b: &BigInt) -> Res<f64> {
    const EXACT: u64 = 1 << 53;
    if let (Some(x), Some(y)) = (a.to_i64(), b.to_i64()) {
        if x.unsigned_abs() <= EXACT && y.unsigned_abs() <= EXACT {
            return Ok(x as f64 / y as f64);
        }
    }
    let negative = a.is_negative() != b.is_negative();
    let (a, b) = (a.abs(), b.abs());
    // Scale so the integer quotient has 64+ significant bits, then one rounding to f64.
    let shift = 64i64 - (a.bits() as i64 - b.bits() as i64);
    let quotient =
        if shift >= 0 { (&a << shift as usize) / &b } else { &a / (&b << (-shift) as usize) };
    let mantissa = quotient.to_f64().unwrap_or(f64::INFINITY);
    let exponent = -shift;
    if exponent > 2000 {
        return raise(ExcKind::OverflowError, "integer division result too large for a float");
    }
    let value = if exponent < -1100 { 0.0 } else { mantissa * 2f64.powi(exponent as i32) };
    if value.is_infinite() {
        return raise(ExcKind::OverflowError, "integer division result too large for a float");
    }
    Ok(if negative { -value } else { value })
}

pub(super) fn value_error_shift<T>() -> Res<T> {
    rt::value_error("negative shift count")
}

/// How many times a sequence of `len` items is repeated by `count` (CPython: a negative count
/// repeats it zero times); `MemoryError` when the result could not be allocated. A result
/// longer than the largest index-sized length is `OverflowError` with `too_long` for str and
/// bytes, `MemoryError` for the others (CPython's `unicode_repeat`, `bytes_repeat`).
fn repeat_times(len: usize, count: &Int, item_size: usize, too_long: Option<&str>) -> Res<usize> {
    if len == 0 || count.is_negative() {
        return Ok(0);
    }
    let Some(times) = count.to_usize() else {
        return raise(ExcKind::MemoryError, "");
    };
    let total = len.checked_mul(times).filter(|&total| total <= isize::MAX as usize);
    if let (None, Some(message)) = (total, too_long) {
        return raise(ExcKind::OverflowError, message);
    }
    rt::check_allocation(total.unwrap_or(usize::MAX), item_size)?;
    Ok(times)
}

/// `items` repeated `count` times, allocated once at its final length.
pub(super) fn repeat<C>(items: &[PyRef], count: &Int) -> Res<C>
where
    C: RepeatTarget,
{
    let times = repeat_times(items.len(), count, std::mem::size_of::<PyRef>(), None)?;
    let mut out = C::with_capacity(items.len() * times);
    for _ in 0..times {
        out.extend_cloned(items);
    }
    Ok(out)
}

/// The item stores a repetition builds: a tuple's `Vec` (boxed exactly), a list's `ThinVec`.
pub(super) trait RepeatTarget {
    fn with_capacity(capacity: usize) -> Self;
    fn extend_cloned(&mut self, items: &[PyRef]);
}

impl RepeatTarget for Vec<PyRef> {
    fn with_capacity(capacity: usize) -> Self {
        Vec::with_capacity(capacity)
    }
    fn extend_cloned(&mut self, items: &[PyRef]) {
        self.extend_from_slice(items);
    }
}

impl RepeatTarget for thin_vec::ThinVec<PyRef> {
    fn with_capacity(capacity: usize) -> Self {
        thin_vec::ThinVec::with_capacity(capacity)
    }
    fn extend_cloned(&mut self, items: &[PyRef]) {
        self.extend(items.iter().cloned());
    }
}

/// `bytes` repeated `count` times (`str`, `bytes` and `bytearray` repetition); `length` is
/// the sequence's length as Python counts it (a str's characters), `too_long` the
/// `OverflowError` message of an over-long result (`None`: `MemoryError`).
fn repeat_bytes(bytes: &[u8], length: usize, count: &Int, too_long: Option<&str>) -> Res<Vec<u8>> {
    repeat_times(length, count, 1, too_long)?;
    // Past that, only the allocation can fail (a str's UTF-8 may be longer than its length).
    let times = repeat_times(bytes.len(), count, 1, None)?;
    Ok(bytes.repeat(times))
}

/// `sequence * count` for the built-in sequences (list, tuple, str, bytes, bytearray): a new
/// sequence, or `None` when `sequence` is not one or `count` is not an integer.
fn sequence_repeat(sequence: &PyRef, count: &PyRef) -> Res<Option<PyRef>> {
    if !is_repeatable(sequence) {
        return Ok(None);
    }
    let Some(count) = repeat_count(count)? else {
        return Ok(None);
    };
    Ok(Some(match &sequence.kind {
        Kind::List(items) => {
            let items = items.borrow().clone();
            rt::list(repeat::<thin_vec::ThinVec<PyRef>>(&items, &count)?)
        }
        Kind::Tuple(items) => rt::tuple(repeat::<Vec<PyRef>>(items, &count)?),
        Kind::Str(..) => {
            let text = crate::object::text_of(sequence);
            let length = text.chars().count();
            let text =
                repeat_bytes(text.as_bytes(), length, &count, Some("repeated string is too long"))?;
            rt::str(String::from_utf8(text).expect("repeated UTF-8 stays UTF-8"))
        }
        Kind::Bytes(bytes) => {
            let repeated =
                repeat_bytes(bytes, bytes.len(), &count, Some("repeated bytes are too long"))?;
            alloc(Kind::Bytes(repeated.into()))
        }
        Kind::ByteArray(bytes) => {
            let bytes = bytes.borrow();
            let repeated = repeat_bytes(&bytes, bytes.len(), &count, None)?;
            alloc(Kind::byte_array(repeated))
        }
        _ => unreachable!("checked above"),
    }))
}

/// Whether `object` is a built-in sequence that `*` repeats.
fn is_repeatable(object: &PyRef) -> bool {
    matches!(
        object.kind,
        Kind::List(_) | Kind::Tuple(_) | Kind::Str(..) | Kind::Bytes(_) | Kind::ByteArray(_)
    )
}

/// A repetition count: an int, a bool, or an object with `__index__` (CPython's
/// `PyNumber_Index`); `None` for anything else. `OverflowError` past an index-sized integer.
fn repeat_count(count: &PyRef) -> Res<Option<Int>> {
    let value = match &count.kind {
        Kind::Int(value) => value.to_i64(),
        Kind::Bool(flag) => Some(*flag as i64),
        Kind::Instance(_) | Kind::Extended(_) | Kind::Native(_) => {
            let index = call_special_name(count, crate::object::hash::name!("__index__"), vec![])?;
            match index.or_else(|| builtin_base(count)).map(|value| to_bigint(&value)) {
                Some(Some(value)) => value.to_i64(),
                Some(None) => return type_error("__index__ returned non-int"),
                None => return Ok(None),
            }
        }
        _ => return Ok(None),
    };
    match value {
        Some(value) => Ok(Some(Int::Small(value))),
        None => raise(ExcKind::OverflowError, "cannot fit 'int' into an index-sized integer"),
    }
}

pub(super) fn sequence_op(op: BinOp, a: &PyRef, b: &PyRef) -> Res<Option<PyRef>> {
    if op == BinOp::Mult {
        if let Some(repeated) = sequence_repeat(a, b)? {
            return Ok(Some(repeated));
        }
        if let Some(repeated) = sequence_repeat(b, a)? {
            return Ok(Some(repeated));
        }
    }
    Ok(match (op, &a.kind, &b.kind) {
        (BinOp::Add, Kind::Str(..), Kind::Str(..)) => {
            Some(rt::str([crate::object::text_of(a), crate::object::text_of(b)].concat()))
        }
        (BinOp::Add, Kind::List(x), Kind::List(y)) => {
            let mut items = x.borrow().clone();
            items.extend(y.borrow().iter().cloned());
            Some(rt::list(items))
        }
        (BinOp::Add, Kind::Tuple(x), Kind::Tuple(y)) => {
            let mut items = x.to_vec();
            items.extend(y.iter().cloned());
            Some(rt::tuple(items))
        }
        (BinOp::Add, Kind::Bytes(x), Kind::Bytes(y)) => {
            // An exact-size iterator: the new buffer is allocated once, at its size.
            Some(alloc(Kind::Bytes(x.iter().chain(y.iter()).copied().collect())))
        }
        (BinOp::Add, Kind::ByteArray(_), _) | (BinOp::Add, Kind::Bytes(_), Kind::ByteArray(_)) => {
            match (bytes_like(a), bytes_like(b)) {
                (Some(mut x), Some(y)) => {
                    x.extend_from_slice(&y);
                    Some(if matches!(a.kind, Kind::ByteArray(_)) {
                        alloc(Kind::byte_array(x))
                    } else {
                        alloc(Kind::Bytes(x.into()))
                    })
                }
                _ => None,
            }
        }
        (BinOp::Mod, Kind::Str(..), _) => {
            Some(rt::str(crate::types::format::percent_format(crate::object::text_of(a), b)?))
        }
        (BinOp::Mod, Kind::Bytes(format), _) => {
            let out = crate::types::format::percent_format_bytes(format, b)?;
            Some(alloc(Kind::Bytes(out.into())))
        }
        (BinOp::Mod, Kind::ByteArray(format), _) => {
            let format = format.borrow().clone();
            let out = crate::types::format::percent_format_bytes(&format, b)?;
            Some(alloc(Kind::byte_array(out)))
        }
        (BinOp::BitOr, Kind::Dict(_), Kind::Dict(y)) => {
            let merged = copy_container(a)?;
            for (k, v) in y.borrow().items() {
                dict_set(&merged, k, v)?;
            }
            Some(merged)
        }
        (
            BinOp::BitOr | BinOp::BitAnd | BinOp::Sub | BinOp::BitXor,
            Kind::Set(_) | Kind::FrozenSet(_),
            Kind::Set(_) | Kind::FrozenSet(_),
        ) => Some(super::set_algebra::set_binary(op, a, b)?),
        _ => None,
    })
}

/// A frozenset with the content of a set object.
pub fn freeze_set(set: &PyRef) -> PyRef {
    match &set.kind {
        Kind::Set(d) => alloc(Kind::FrozenSet(d.borrow().copy())),
        _ => set.clone(),
    }
}

/// A shallow copy of a list/dict/set object.
pub fn copy_container(object: &PyRef) -> Res<PyRef> {
    Ok(match &object.kind {
        Kind::List(items) => rt::list(items.borrow().clone()),
        Kind::Dict(d) => alloc(Kind::dict(d.borrow().copy())),
        Kind::Set(d) => alloc(Kind::set(d.borrow().copy())),
        _ => object.clone(),
    })
}

/// `a <op> b`.
pub fn binary_op(op: BinOp, a: &PyRef, b: &PyRef) -> Res<PyRef> {
    binary_op_spelled(op, a, b, op.as_str())
}

/// `a <op> b`, its "unsupported operand" error naming the operator as `symbol` (`+=` for
/// an augmented assignment that fell back to the binary operation).
fn binary_op_spelled(op: BinOp, a: &PyRef, b: &PyRef, symbol: &str) -> Res<PyRef> {
    crate::object::check_alive(a)?;
    crate::object::check_alive(b)?;
    if let (Kind::Int(Int::Small(x)), Kind::Int(Int::Small(y))) = (&a.kind, &b.kind) {
        if let Some(result) = crate::object::int::small_binary(op, *x, *y) {
            return Ok(rt::int(result));
        }
    }
    // Concatenation of two exact built-in sequences of one kind: nothing else can answer.
    if op == BinOp::Add
        && matches!(
            (&a.kind, &b.kind),
            (Kind::Str(..), Kind::Str(..))
                | (Kind::Bytes(_), Kind::Bytes(_))
                | (Kind::List(_), Kind::List(_))
                | (Kind::Tuple(_), Kind::Tuple(_))
        )
    {
        if let Some(result) = sequence_op(op, a, b)? {
            return Ok(result);
        }
    }
    if matches!(a.kind, Kind::Instance(_) | Kind::Extended(_) | Kind::Native(_)) {
        if let Some(result) = call_special_name(a, special_names(op)[0], vec![b.clone()])? {
            if !matches!(result.kind, Kind::NotImplemented) {
                return Ok(result);
            }
        }
    }
    // `type.__or__` (and `type.__ror__` for `None | int`): `int | str` is a union.
    if op == BinOp::BitOr
        && (matches!(a.kind, Kind::Class(_))
            || (matches!(a.kind, Kind::None) && matches!(b.kind, Kind::Class(_))))
    {
        if let Some(union) = crate::types::union::type_or(a, b)? {
            return Ok(union);
        }
    }
    if matches!(b.kind, Kind::Instance(_) | Kind::Extended(_) | Kind::Native(_)) {
        if let Some(result) = call_special_name(b, special_names(op)[1], vec![a.clone()])? {
            if !matches!(result.kind, Kind::NotImplemented) {
                return Ok(result);
            }
        }
    }
    // Subclasses of built-in types: the operation of their values (`F(2.0) + 1.0`).
    if let (Some(_), _) | (_, Some(_)) = (builtin_base(a), builtin_base(b)) {
        let x = builtin_base(a).unwrap_or_else(|| a.clone());
        let y = builtin_base(b).unwrap_or_else(|| b.clone());
        return binary_op_spelled(op, &x, &y, symbol).map_err(|e| {
            // Only "unsupported operand" names the subclasses; an error of the operation
            // itself (`'abc' % S('x')`: not all arguments converted) stays as it is.
            let unsupported = rt::is_exception(&e.value, ExcKind::TypeError)
                && str_of(&e.value).is_ok_and(|m| m.starts_with("unsupported operand type(s)"));
            if unsupported {
                ExcInfo::new(rt::exception(
                    ExcKind::TypeError,
                    format!(
                        "unsupported operand type(s) for {}: '{}' and '{}'",
                        symbol,
                        types::type_name(a),
                        types::type_name(b)
                    ),
                ))
            } else {
                e
            }
        });
    }
    if let (Kind::Bool(x), Kind::Bool(y)) = (&a.kind, &b.kind) {
        match op {
            BinOp::BitAnd => return Ok(rt::boolean(*x & *y)),
            BinOp::BitOr => return Ok(rt::boolean(*x | *y)),
            BinOp::BitXor => return Ok(rt::boolean(*x ^ *y)),
            _ => {}
        }
    }
    if let Some(result) = crate::types::complex::binary_op(op, a, b)? {
        return Ok(result);
    }
    if let (Some(x), Some(y)) = (as_number(a), as_number(b)) {
        if let Some(result) = numeric_op(op, x, y)? {
            return Ok(result);
        }
    }
    if let Some(result) = sequence_op(op, a, b)? {
        return Ok(result);
    }
    if op == BinOp::Mult {
        let other = if is_repeatable(a) { Some(b) } else { is_repeatable(b).then_some(a) };
        if let Some(other) = other {
            return type_error(format!(
                "can't multiply sequence by non-int of type '{}'",
                types::type_name(other)
            ));
        }
    }
    if op == BinOp::Add {
        // The sequence's own concatenation refused (CPython's `sq_concat` messages).
        let (a_name, b_name) = (types::type_name(a), types::type_name(b));
        match &a.kind {
            Kind::Str(..) | Kind::List(_) | Kind::Tuple(_) => {
                return type_error(format!(
                    "can only concatenate {a_name} (not \"{b_name}\") to {a_name}"
                ))
            }
            Kind::Bytes(_) | Kind::ByteArray(_) => {
                return type_error(format!("can't concat {b_name} to {a_name}"))
            }
            _ => {}
        }
    }
    type_error(format!(
        "unsupported operand type(s) for {}: '{}' and '{}'",
        symbol,
        types::type_name(a),
        types::type_name(b)
    ))
}

/// `a <op>= b`: in place for lists (`+=` extends) and instances defining `__i<op>__`.
pub fn inplace_op(op: BinOp, a: &PyRef, b: &PyRef) -> Res<PyRef> {
    if matches!(a.kind, Kind::Instance(_) | Kind::Extended(_) | Kind::Native(_)) {
        if let Some(result) = call_special_name(a, special_names(op)[2], vec![b.clone()])? {
            if !matches!(result.kind, Kind::NotImplemented) {
                return Ok(result);
            }
        }
    }
    // A mutable built-in value changes in place; the result is the subclass instance.
    if let Some(base) = builtin_base(a) {
        if matches!(base.kind, Kind::List(_) | Kind::Dict(_) | Kind::Set(_)) {
            let result = inplace_op(op, &base, b)?;
            return Ok(if Gc::ptr_eq(&result, &base) { a.clone() } else { result });
        }
    }
    if let (BinOp::Add, Kind::ByteArray(bytes)) = (op, &a.kind) {
        let extra = match bytes_like(b) {
            Some(extra) => extra,
            None => {
                return type_error(format!("can't concat {} to bytearray", types::type_name(b)))
            }
        };
        bytes.borrow_mut().extend(extra);
        return Ok(a.clone());
    }
    if let (BinOp::Add, Kind::List(items)) = (op, &a.kind) {
        let extra = to_vec(b)?;
        items.borrow_mut().extend(extra);
        return Ok(a.clone());
    }
    if let (BinOp::Mult, Kind::List(items)) = (op, &a.kind) {
        if let Some(count) = repeat_count(b)? {
            let current = items.borrow().clone();
            let repeated = repeat::<thin_vec::ThinVec<PyRef>>(&current, &count)?;
            let old = std::mem::replace(&mut *items.borrow_mut(), repeated);
            drop(old);
            return Ok(a.clone());
        }
    }
    if let (
        BinOp::BitOr | BinOp::BitAnd | BinOp::Sub | BinOp::BitXor,
        Kind::Set(cell),
        Kind::Set(_) | Kind::FrozenSet(_),
    ) = (op, &a.kind, &b.kind)
    {
        // Compute the result, then move its content into `a`: aliases see the change.
        let result = binary_op(op, a, b)?;
        if let Kind::Set(new) = &result.kind {
            let content = std::mem::take(&mut *new.borrow_mut());
            let old = std::mem::replace(&mut *cell.borrow_mut(), content);
            drop(old);
        }
        return Ok(a.clone());
    }
    if let (BinOp::BitOr, Kind::Dict(_)) = (op, &a.kind) {
        if let Kind::Dict(y) = &b.kind {
            for (k, v) in y.borrow().items() {
                dict_set(a, k, v)?;
            }
            return Ok(a.clone());
        }
    }
    binary_op_spelled(op, a, b, op.as_augmented_str())
}

/// Unary operators.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum UnaryOp {
    Neg,
    Pos,
    Invert,
    Not,
}

pub fn unary_op(op: UnaryOp, a: &PyRef) -> Res<PyRef> {
    if op == UnaryOp::Not {
        return Ok(rt::boolean(!truthy(a)?));
    }
    let dunder = match op {
        UnaryOp::Neg => "__neg__",
        UnaryOp::Pos => "__pos__",
        UnaryOp::Invert => "__invert__",
        UnaryOp::Not => unreachable!(),
    };
    if let Some(result) = call_special(a, dunder, vec![])? {
        return Ok(result);
    }
    if let Some(base) = builtin_base(a) {
        return unary_op(op, &base);
    }
    match (op, as_number(a)) {
        (UnaryOp::Neg, Some(Num::Int(i))) => Ok(rt::int(-i)),
        (UnaryOp::Neg, Some(Num::Float(f))) => Ok(rt::float(-f)),
        (UnaryOp::Pos, Some(Num::Int(i))) => Ok(rt::int(i)),
        (UnaryOp::Pos, Some(Num::Float(f))) => Ok(rt::float(f)),
        (UnaryOp::Invert, Some(Num::Int(i))) => Ok(rt::int(!i)),
        (UnaryOp::Neg, None) if matches!(a.kind, Kind::Complex(..)) => {
            let Kind::Complex(re, im) = a.kind else { unreachable!() };
            Ok(crate::types::complex::new(-re, -im))
        }
        (UnaryOp::Pos, None) if matches!(a.kind, Kind::Complex(..)) => Ok(a.clone()),
        _ => {
            let symbol = match op {
                UnaryOp::Neg => "unary -",
                UnaryOp::Pos => "unary +",
                _ => "unary ~",
            };
            type_error(format!("bad operand type for {symbol}: '{}'", types::type_name(a)))
        }
    }
}
