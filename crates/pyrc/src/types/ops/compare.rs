//! `hash()`, equality and ordering (rich comparison with reflected operands).

use std::cmp::Ordering;

use num_bigint::BigInt;
use num_traits::{Signed, ToPrimitive};
use rcgc::Gc;

use crate::object::dict::{self, Dict};
use crate::object::error::Res;
use crate::object::exceptions::ExcKind;
use crate::object::int::Int;
use crate::object::runtime::{self as rt, raise, type_error};
use crate::object::{builtin_base, Kind, PyRef};
use crate::types;

use super::*;

pub(super) const HASH_MODULUS: i64 = (1 << 61) - 1;

/// `hash()` of an int: CPython's, the value modulo 2^61 - 1 with its sign, -1 taken as -2.
pub(super) fn int_value_hash(value: &Int) -> i64 {
    match value {
        // Below the modulus an int is its own hash (but -1, reserved for errors).
        Int::Small(small) if small.unsigned_abs() < HASH_MODULUS as u64 => {
            if *small == -1 {
                -2
            } else {
                *small
            }
        }
        Int::Small(small) => {
            signed_int_hash((small.unsigned_abs() % HASH_MODULUS as u64) as i64, *small < 0)
        }
        Int::Big(big) => int_hash(big),
    }
}

pub(super) fn int_hash(value: &BigInt) -> i64 {
    let modulus = BigInt::from(HASH_MODULUS);
    let magnitude = (value.abs() % &modulus).to_i64().expect("below 2^61");
    signed_int_hash(magnitude, value.is_negative())
}

/// The hash from the magnitude modulo 2^61 - 1 and the sign (-1 is reserved for errors).
pub(super) fn signed_int_hash(magnitude: i64, negative: bool) -> i64 {
    let hash = if negative { -magnitude } else { magnitude };
    if hash == -1 {
        -2
    } else {
        hash
    }
}

/// CPython's `tuplehash` (xxHash's mixing of the items' hashes), so that tuples hash as
/// python3's do.
fn tuple_hash(items: &[PyRef]) -> Res<i64> {
    const PRIME_1: u64 = 11400714785074694791;
    const PRIME_2: u64 = 14029467366897019727;
    const PRIME_5: u64 = 2870177450012600261;
    let mut acc = PRIME_5;
    for item in items {
        let lane = hash(item)? as u64;
        acc = acc.wrapping_add(lane.wrapping_mul(PRIME_2)).rotate_left(31).wrapping_mul(PRIME_1);
    }
    acc = acc.wrapping_add(items.len() as u64 ^ (PRIME_5 ^ 3527539));
    Ok(if acc == u64::MAX { 1546275796 } else { acc as i64 })
}

/// CPython's `frozenset_hash`: the keys' shuffled hashes combined by xor (so order does not
/// matter), then the size, then dispersed.
fn frozenset_hash(keys: &Dict) -> i64 {
    let shuffle = |h: u64| ((h ^ 89869747) ^ (h << 16)).wrapping_mul(3644798167);
    let mut acc = keys.iter().fold(0u64, |acc, (hash, _, _)| acc ^ shuffle(hash as u64));
    acc ^= (keys.len() as u64 + 1).wrapping_mul(1927868237);
    acc ^= (acc >> 11) ^ (acc >> 25);
    acc = acc.wrapping_mul(69069).wrapping_add(907133923);
    if acc == u64::MAX {
        590923713
    } else {
        acc as i64
    }
}

/// CPython's `_Py_HashDouble`: the value as a fraction reduced modulo 2^61 - 1, so that a
/// float equal to an int (or a `Fraction`, a `Decimal`) hashes as it does; infinities are
/// ±314159. A NaN hashes to 0 (CPython 3.10 and later hash it by identity instead).
pub(super) fn float_hash(value: f64) -> i64 {
    const BITS: i32 = 61;
    const MODULUS: u64 = (1 << BITS) - 1;
    if value.is_nan() {
        return 0;
    }
    if value.is_infinite() {
        return if value > 0.0 { 314_159 } else { -314_159 };
    }
    let (mut m, mut e) = frexp(value);
    let sign: i64 = if m < 0.0 {
        m = -m;
        -1
    } else {
        1
    };
    let mut x: u64 = 0;
    while m != 0.0 {
        x = ((x << 28) & MODULUS) | (x >> (BITS - 28));
        m *= 268_435_456.0;
        e -= 28;
        let y = m as u64;
        m -= y as f64;
        x += y;
        if x >= MODULUS {
            x -= MODULUS;
        }
    }
    let e = if e >= 0 { e % BITS } else { BITS - 1 - ((-1 - e) % BITS) };
    x = ((x << e) & MODULUS) | (x >> (BITS - e));
    let hash = (x as i64).wrapping_mul(sign);
    if hash == -1 {
        -2
    } else {
        hash
    }
}

/// C's `frexp`: `value = m * 2^e` with `0.5 <= |m| < 1` (finite, non-zero `value`; zero
/// gives `(0, 0)`).
fn frexp(value: f64) -> (f64, i32) {
    if value == 0.0 || !value.is_finite() {
        return (value, 0);
    }
    let bits = value.to_bits();
    let exponent = ((bits >> 52) & 0x7ff) as i32;
    if exponent == 0 {
        // Subnormal: scale into the normal range first.
        let (m, e) = frexp(value * 18_014_398_509_481_984.0); // 2^54
        return (m, e - 54);
    }
    let m = f64::from_bits((bits & !(0x7ff << 52)) | (1022 << 52));
    (m, exponent - 1022)
}

trait FromF64Exact {
    fn from_f64_exact(value: f64) -> Option<BigInt>;
}

impl FromF64Exact for BigInt {
    fn from_f64_exact(value: f64) -> Option<BigInt> {
        num_traits::FromPrimitive::from_f64(value)
    }
}

/// `hash(x)`.
pub fn hash(object: &PyRef) -> Res<i64> {
    Ok(match &object.kind {
        Kind::None => 0x5f3759df,
        Kind::Bool(b) => *b as i64,
        Kind::Int(i) => int_value_hash(i),
        Kind::Float(f) => float_hash(*f),
        Kind::Complex(re, im) => crate::types::complex::hash(*re, *im)?,
        Kind::Str(cache, _) => dict::cached_str_hash(crate::object::text_of(object), cache),
        Kind::Bytes(b) => {
            use std::hash::{Hash, Hasher};
            let mut h = std::collections::hash_map::DefaultHasher::new();
            b.hash(&mut h);
            h.finish() as i64
        }
        Kind::Tuple(items) => tuple_hash(items)?,
        Kind::FrozenSet(d) => frozenset_hash(d),
        // A slice is unhashable in 3.11 (3.12 made it hashable).
        Kind::List(_) | Kind::Dict(_) | Kind::Set(_) | Kind::ByteArray(_) | Kind::Slice(_) => {
            return type_error(format!("unhashable type: '{}'", types::type_name(object)))
        }
        // Equal built-in functions hash alike.
        Kind::Builtin(builtin) => {
            let receiver = builtin.receiver.as_ref().map_or(0, |r| Gc::as_ptr(r) as usize);
            ((builtin.function as usize >> 4) ^ (receiver >> 4).rotate_left(16)) as i64
        }
        // Equal bound methods (same function, same receiver) hash alike.
        Kind::BoundMethod { function, receiver } => {
            ((Gc::as_ptr(function) as usize >> 4)
                ^ (Gc::as_ptr(receiver) as usize >> 4).rotate_left(16)) as i64
        }
        Kind::Instance(_) | Kind::Extended(_) | Kind::Native(_) => {
            let instance = object.instance().expect("an instance");
            let class = instance.class();
            if let Some(method) = crate::object::class::class_lookup_name(
                &class,
                crate::object::hash::name!("__hash__"),
            ) {
                if matches!(method.kind, Kind::None) {
                    return type_error(format!("unhashable type: '{}'", types::type_name(object)));
                }
                // A function or an unbound builtin takes the instance first, with no bound
                // method made (as `call_special_name`).
                let result = if binds_as_method(&method) {
                    call(&method, vec![object.clone()], vec![])?
                } else {
                    call(&bind(&method, object, &class), vec![], vec![])?
                };
                return match &result.kind {
                    Kind::Int(i) => Ok(int_value_hash(i)),
                    Kind::Bool(b) => Ok(*b as i64),
                    _ => type_error("__hash__ method should return an integer"),
                };
            }
            if crate::object::class::class_lookup_name(&class, crate::object::hash::name!("__eq__"))
                .is_some()
            {
                return type_error(format!("unhashable type: '{}'", types::type_name(object)));
            }
            if let Some(base) = &builtin_base(object) {
                if matches!(base.kind, Kind::List(_) | Kind::Dict(_) | Kind::Set(_)) {
                    return type_error(format!("unhashable type: '{}'", types::type_name(object)));
                }
                return hash(base);
            }
            (Gc::as_ptr(object) as usize >> 4) as i64
        }
        _ => (Gc::as_ptr(object) as usize >> 4) as i64,
    })
}

/// Comparison operators.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum CompareOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl CompareOp {
    /// The special method's name, hashed at compile time.
    fn dunder(self) -> crate::object::hash::NameHash {
        use crate::object::hash::name;
        match self {
            CompareOp::Eq => name!("__eq__"),
            CompareOp::Ne => name!("__ne__"),
            CompareOp::Lt => name!("__lt__"),
            CompareOp::Le => name!("__le__"),
            CompareOp::Gt => name!("__gt__"),
            CompareOp::Ge => name!("__ge__"),
        }
    }

    fn swapped(self) -> CompareOp {
        match self {
            CompareOp::Eq => CompareOp::Eq,
            CompareOp::Ne => CompareOp::Ne,
            CompareOp::Lt => CompareOp::Gt,
            CompareOp::Le => CompareOp::Ge,
            CompareOp::Gt => CompareOp::Lt,
            CompareOp::Ge => CompareOp::Le,
        }
    }

    fn symbol(self) -> &'static str {
        match self {
            CompareOp::Eq => "==",
            CompareOp::Ne => "!=",
            CompareOp::Lt => "<",
            CompareOp::Le => "<=",
            CompareOp::Gt => ">",
            CompareOp::Ge => ">=",
        }
    }

    fn holds(self, ordering: Ordering) -> bool {
        match self {
            CompareOp::Eq => ordering == Ordering::Equal,
            CompareOp::Ne => ordering != Ordering::Equal,
            CompareOp::Lt => ordering == Ordering::Less,
            CompareOp::Le => ordering != Ordering::Greater,
            CompareOp::Gt => ordering == Ordering::Greater,
            CompareOp::Ge => ordering != Ordering::Less,
        }
    }
}

/// A number as a comparable/arithmetic value.
pub(super) enum Num {
    Int(BigInt),
    Float(f64),
}

pub(super) fn as_number(object: &PyRef) -> Option<Num> {
    match &object.kind {
        Kind::Bool(b) => Some(Num::Int(BigInt::from(*b as i64))),
        Kind::Int(i) => Some(Num::Int(i.to_big())),
        Kind::Float(f) => Some(Num::Float(*f)),
        _ => None,
    }
}

pub(super) fn int_to_f64(value: &BigInt) -> Res<f64> {
    match value.to_f64() {
        Some(f) if f.is_finite() => Ok(f),
        _ => raise(ExcKind::OverflowError, "int too large to convert to float"),
    }
}

pub(super) fn compare_numbers(a: &Num, b: &Num) -> Option<Ordering> {
    match (a, b) {
        (Num::Int(x), Num::Int(y)) => Some(x.cmp(y)),
        (Num::Float(x), Num::Float(y)) => x.partial_cmp(y),
        (Num::Int(x), Num::Float(y)) => compare_int_float(x, *y),
        (Num::Float(x), Num::Int(y)) => compare_int_float(y, *x).map(Ordering::reverse),
    }
}

pub(super) fn compare_int_float(i: &BigInt, f: f64) -> Option<Ordering> {
    if f.is_nan() {
        return None;
    }
    if f.is_infinite() {
        return Some(if f > 0.0 { Ordering::Less } else { Ordering::Greater });
    }
    let floor = f.floor();
    let floor_int = BigInt::from_f64_exact(floor)?;
    match i.cmp(&floor_int) {
        Ordering::Equal => Some(if f > floor { Ordering::Less } else { Ordering::Equal }),
        other => Some(other),
    }
}

pub(super) fn compare_sequences(a: &[PyRef], b: &[PyRef], op: CompareOp) -> Res<bool> {
    // Containers that contain themselves compare recursively: bounded like Python calls.
    crate::object::recursion::check_recursion_in("comparison")?;
    let result = compare_sequences_unguarded(a, b, op);
    crate::object::recursion::leave_recursion();
    result
}

pub(super) fn compare_sequences_unguarded(a: &[PyRef], b: &[PyRef], op: CompareOp) -> Res<bool> {
    for (x, y) in a.iter().zip(b.iter()) {
        if !eq(x, y)? {
            return match op {
                CompareOp::Eq => Ok(false),
                CompareOp::Ne => Ok(true),
                _ => truthy(&compare(x, y, op)?),
            };
        }
    }
    Ok(op.holds(a.len().cmp(&b.len())))
}

pub(super) fn builtin_compare(a: &PyRef, b: &PyRef, op: CompareOp) -> Res<Option<bool>> {
    match (&a.kind, &b.kind) {
        (Kind::Int(Int::Small(x)), Kind::Int(Int::Small(y))) => {
            return Ok(Some(op.holds(x.cmp(y))));
        }
        (Kind::Float(x), Kind::Float(y)) => {
            return Ok(Some(match x.partial_cmp(y) {
                Some(ordering) => op.holds(ordering),
                None => op == CompareOp::Ne,
            }));
        }
        (Kind::Str(..), Kind::Str(..)) => {
            let (x, y) = (crate::object::text_of(a), crate::object::text_of(b));
            return Ok(Some(op.holds(x.cmp(y))));
        }
        (Kind::Bytes(x), Kind::Bytes(y)) => return Ok(Some(op.holds(x[..].cmp(&y[..])))),
        _ => {}
    }
    // Subclasses of built-in types compare as their values.
    if let (Some(_), _) | (_, Some(_)) = (builtin_base(a), builtin_base(b)) {
        let a = builtin_base(a).unwrap_or_else(|| a.clone());
        let b = builtin_base(b).unwrap_or_else(|| b.clone());
        return builtin_compare(&a, &b, op);
    }
    if let (Some(x), Some(y)) = (bytes_like(a), bytes_like(b)) {
        return Ok(Some(op.holds(x.cmp(&y))));
    }
    if let Some(equal) = crate::types::complex::eq(a, b) {
        return Ok(match op {
            CompareOp::Eq => Some(equal),
            CompareOp::Ne => Some(!equal),
            _ => None,
        });
    }
    if let (Some(x), Some(y)) = (as_number(a), as_number(b)) {
        return Ok(Some(match compare_numbers(&x, &y) {
            Some(ordering) => op.holds(ordering),
            None => op == CompareOp::Ne,
        }));
    }
    Ok(match (&a.kind, &b.kind) {
        (Kind::Str(..), Kind::Str(..)) => {
            Some(op.holds(crate::object::text_of(a).cmp(crate::object::text_of(b))))
        }
        (Kind::Bytes(x), Kind::Bytes(y)) => Some(op.holds(x.cmp(y))),
        (Kind::List(x), Kind::List(y)) => {
            let (x, y) = (x.borrow().clone(), y.borrow().clone());
            Some(compare_sequences(&x, &y, op)?)
        }
        (Kind::Tuple(x), Kind::Tuple(y)) => Some(compare_sequences(x, y, op)?),
        (Kind::Dict(x), Kind::Dict(y)) if matches!(op, CompareOp::Eq | CompareOp::Ne) => {
            crate::object::recursion::check_recursion_in("comparison")?;
            let result = dict_equal(a, b, x, y);
            crate::object::recursion::leave_recursion();
            Some(result? == (op == CompareOp::Eq))
        }
        (Kind::Dict(_), Kind::Dict(_)) => None,
        (Kind::Set(_) | Kind::FrozenSet(_), Kind::Set(_) | Kind::FrozenSet(_)) => {
            Some(super::set_algebra::set_compare(a, b, op)?)
        }
        // Built-in functions made apart for the same method (`object.__new__` looked up
        // twice) are equal, as CPython's one method descriptor is to itself.
        (Kind::Builtin(x), Kind::Builtin(y)) if matches!(op, CompareOp::Eq | CompareOp::Ne) => {
            let same_receiver = match (&x.receiver, &y.receiver) {
                (Some(r1), Some(r2)) => Gc::ptr_eq(r1, r2),
                (None, None) => true,
                _ => false,
            };
            let same =
                std::ptr::fn_addr_eq(x.function, y.function) && x.name == y.name && same_receiver;
            Some(same == (op == CompareOp::Eq))
        }
        (
            Kind::BoundMethod { function: f1, receiver: r1 },
            Kind::BoundMethod { function: f2, receiver: r2 },
        ) if matches!(op, CompareOp::Eq | CompareOp::Ne) => {
            let same = Gc::ptr_eq(f1, f2) && Gc::ptr_eq(r1, r2);
            Some(same == (op == CompareOp::Eq))
        }
        (Kind::Range { .. }, Kind::Range { .. }) if matches!(op, CompareOp::Eq | CompareOp::Ne) => {
            let (x, y) = (to_vec(a)?, to_vec(b)?);
            Some(compare_sequences(&x, &y, op)?)
        }
        _ => None,
    })
}

pub(super) fn dict_equal(
    a: &PyRef,
    b: &PyRef,
    x: &std::cell::RefCell<Dict>,
    y: &std::cell::RefCell<Dict>,
) -> Res<bool> {
    let _ = (a, y);
    let (xs, ys) = (x.borrow().items(), y.borrow().len());
    if xs.len() != ys {
        return Ok(false);
    }
    for (k, v) in &xs {
        match dict_get(b, k)? {
            Some(other) if eq(v, &other)? => {}
            _ => return Ok(false),
        }
    }
    Ok(true)
}

/// `f` of the content of a `bytes` or `bytearray` object, borrowed (no copy); `None` for any
/// other object. A bytearray stays borrowed while `f` runs: `f` must not run Python code.
#[inline]
pub fn with_bytes_like<R>(object: &PyRef, f: impl FnOnce(&[u8]) -> R) -> Option<R> {
    match &object.kind {
        Kind::Bytes(b) => Some(f(b)),
        Kind::ByteArray(b) => Some(f(&b.borrow())),
        _ => None,
    }
}

/// CPython's `TypeError` for an argument that should have been bytes-like.
pub fn not_bytes_like(value: &PyRef) -> crate::object::error::Exc {
    crate::object::error::ExcInfo::new(rt::exception(
        ExcKind::TypeError,
        format!("a bytes-like object is required, not '{}'", crate::types::type_name(value)),
    ))
}

/// The content of a `bytes` or `bytearray` object.
pub fn bytes_like(object: &PyRef) -> Option<Vec<u8>> {
    match &object.kind {
        Kind::Bytes(b) => Some(b.to_vec()),
        Kind::ByteArray(b) => Some(b.borrow().clone()),
        _ => None,
    }
}

/// Rich comparison (`a < b` etc.), returning the operator's result object.
pub fn compare(a: &PyRef, b: &PyRef, op: CompareOp) -> Res<PyRef> {
    // Python-level methods first, with the reflected one of the right operand.
    let a_is_instance = matches!(a.kind, Kind::Instance(_) | Kind::Extended(_) | Kind::Native(_));
    let b_is_instance = matches!(b.kind, Kind::Instance(_) | Kind::Extended(_) | Kind::Native(_));
    if a_is_instance || b_is_instance {
        if a_is_instance {
            if let Some(result) = call_special_name(a, op.dunder(), vec![b.clone()])? {
                if !matches!(result.kind, Kind::NotImplemented) {
                    return Ok(result);
                }
            }
        }
        if b_is_instance {
            if let Some(result) = call_special_name(b, op.swapped().dunder(), vec![a.clone()])? {
                if !matches!(result.kind, Kind::NotImplemented) {
                    return Ok(result);
                }
            }
        }
        if op == CompareOp::Ne {
            if let Some(result) =
                call_special_name(a, crate::object::hash::name!("__eq__"), vec![b.clone()])?
            {
                if !matches!(result.kind, Kind::NotImplemented) {
                    return Ok(rt::boolean(!truthy(&result)?));
                }
            }
        }
    }
    if let Some(result) = builtin_compare(a, b, op)? {
        return Ok(rt::boolean(result));
    }
    match op {
        CompareOp::Eq => Ok(rt::boolean(Gc::ptr_eq(a, b))),
        CompareOp::Ne => Ok(rt::boolean(!Gc::ptr_eq(a, b))),
        _ => type_error(format!(
            "'{}' not supported between instances of '{}' and '{}'",
            op.symbol(),
            types::type_name(a),
            types::type_name(b)
        )),
    }
}

/// `a == b` as a bool (identity first, as containers do).
pub fn eq(a: &PyRef, b: &PyRef) -> Res<bool> {
    if Gc::ptr_eq(a, b) {
        return Ok(true);
    }
    if let Some(result) = fast_eq(a, b) {
        return Ok(result);
    }
    truthy(&compare(a, b, CompareOp::Eq)?)
}

/// Equality of built-in atomic values, without running Python code.
pub(super) fn fast_eq(a: &PyRef, b: &PyRef) -> Option<bool> {
    match (&a.kind, &b.kind) {
        (Kind::Int(Int::Small(x)), Kind::Int(Int::Small(y))) => Some(x == y),
        (Kind::Str(..), Kind::Str(..)) => {
            Some(crate::object::text_of(a) == crate::object::text_of(b))
        }
        (Kind::Str(..), k) | (k, Kind::Str(..))
            if !matches!(k, Kind::Instance(_) | Kind::Extended(_) | Kind::Native(_)) =>
        {
            Some(false)
        }
        (Kind::Complex(..), _) | (_, Kind::Complex(..)) => crate::types::complex::eq(a, b),
        // Classes, functions, modules and None equal only themselves (`type.__eq__` and
        // `object.__eq__` are identity), unless the other side may define `__eq__`.
        (Kind::Class(_) | Kind::Function(_) | Kind::Module(_) | Kind::None, k)
        | (k, Kind::Class(_) | Kind::Function(_) | Kind::Module(_) | Kind::None)
            if !matches!(k, Kind::Instance(_) | Kind::Extended(_) | Kind::Native(_)) =>
        {
            Some(Gc::ptr_eq(a, b))
        }
        _ => {
            let (x, y) = (as_number(a)?, as_number(b)?);
            Some(compare_numbers(&x, &y) == Some(Ordering::Equal))
        }
    }
}

/// Total order for `sorted`/`min`/`max` (`<` only).
pub fn less_than(a: &PyRef, b: &PyRef) -> Res<bool> {
    let instance =
        |o: &PyRef| matches!(o.kind, Kind::Instance(_) | Kind::Extended(_) | Kind::Native(_));
    if !instance(a) && !instance(b) {
        if let Some(result) = builtin_compare(a, b, CompareOp::Lt)? {
            return Ok(result);
        }
    }
    truthy(&compare(a, b, CompareOp::Lt)?)
}
