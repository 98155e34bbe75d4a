//! `_pyrc_decimal`: the native accelerator under pyrc's `_decimal` (`lib/_decimal.py`), which
//! runs CPython's own `_pydecimal` source as the `_decimal` module and then calls
//! `install` on its namespace. `install` keeps each replaced method of `Decimal` (and
//! `Context.quantize`, `Context.__setattr__`) under `_pyrc_py_<name>` and puts a native
//! function in its place: construction from str and int, `+ - * / //`, the rich comparisons,
//! `quantize`, `__str__`; `getcontext` and `setcontext` likewise.
//!
//! A native method computes exactly what the Python method computes, on finite operands whose
//! coefficients fit 38 digits (`arith`), reading and building `_pydecimal.Decimal` instances
//! through their slots (`_sign`, `_int`, `_exp`, `_is_special`). It sets the context's flags
//! as `Context._raise_error` does; wherever the Python method would do anything else (special
//! values, a trapped or ignored signal, overflow, subnormal results, clamping, an operand of
//! another type, an argument it does not read) it calls the Python method with the same arguments, so
//! every result, flag and exception is `_pydecimal`'s.

mod arith;

use arith::{Ctx, Num, Rounding};

use crate::object::class::{class_lookup, class_lookup_name, is_subclass};
use crate::object::error::Res;
use crate::object::hash::name;
use crate::object::int::Int;
use crate::object::native::Args;
use crate::object::runtime::{self as rt, type_error};
use crate::object::text::str_text;
use crate::object::{Kind, PyRef};
use crate::types::{attr, ops};

use super::{native, new_module};

/// The `_decimal` namespace (a dict) a Decimal or Context class was installed from.
/// `install` sets `_pyrc_ns` once, so the last class's answer is kept.
fn namespace_of(class: &PyRef) -> Option<PyRef> {
    let cached = CLASS_NS.with(|cache| match &*cache.borrow() {
        Some((cached, ns)) if rcgc::Gc::ptr_eq(cached, class) => Some(ns.clone()),
        _ => None,
    });
    if cached.is_some() {
        return cached;
    }
    let ns = class_lookup_name(class, name!("_pyrc_ns"))
        .filter(|ns| matches!(ns.kind, Kind::Dict(_)))?;
    let old = CLASS_NS.with(|cache| cache.replace(Some((class.clone(), ns.clone()))));
    drop(old);
    Some(ns)
}

thread_local! {
    /// The class [`namespace_of`] last answered for, and its namespace.
    static CLASS_NS: std::cell::RefCell<Option<(PyRef, PyRef)>> = const { std::cell::RefCell::new(None) };
}

/// `ns[key]`, which `install` checked is there. The names read here are bound once, by
/// `_pydecimal`'s source and `install`, so the last namespace's answers are kept (a dict
/// lookup in a module namespace costs more than the arithmetic).
fn ns_get(ns: &PyRef, key: crate::object::hash::NameHash) -> Res<PyRef> {
    let cached = NS_CACHE.with(|cache| {
        let cache = cache.borrow();
        let (cached_ns, entries) = cache.as_ref()?;
        if !rcgc::Gc::ptr_eq(cached_ns, ns) {
            return None;
        }
        entries.iter().find(|(hash, _)| *hash == key.hash).map(|(_, value)| value.clone())
    });
    if let Some(value) = cached {
        return Ok(value);
    }
    let Some(value) = rt::dict_get_str_hashed(ns, key.text, key.hash) else {
        return rt::raise(
            crate::object::exceptions::ExcKind::RuntimeError,
            format!("_decimal lost its {}", key.text),
        );
    };
    let old = NS_CACHE.with(|cache| {
        let mut cache = cache.borrow_mut();
        match &mut *cache {
            Some((cached_ns, entries)) if rcgc::Gc::ptr_eq(cached_ns, ns) => {
                entries.push((key.hash, value.clone()));
                None
            }
            other => other.replace((ns.clone(), vec![(key.hash, value.clone())])),
        }
    });
    drop(old);
    Ok(value)
}

/// The namespace [`ns_get`] last read, and what it read there.
type NsCache = Option<(PyRef, Vec<(i64, PyRef)>)>;

thread_local! {
    static NS_CACHE: std::cell::RefCell<NsCache> = const { std::cell::RefCell::new(None) };
    /// The slot names of a Decimal, interned, in `_dec_from_triple`'s order.
    static SLOT_KEYS: [(i64, PyRef); 4] = [name!("_sign"), name!("_int"), name!("_exp"), name!("_is_special")]
        .map(|key| (key.hash, rt::intern(key.text, key.hash)));
}

/// The values of `keys` in an instance's `__dict__` (where its slots live). The instances of
/// a class share their dict's keys, so each key is at the same slot in all of them: `guesses`
/// (one per key, per call site) remember the slots, checked on each read by hash and text.
fn fields<const N: usize>(
    object: &PyRef,
    keys: &[crate::object::hash::NameHash; N],
    guesses: &[std::cell::Cell<u8>; N],
) -> [Option<PyRef>; N] {
    let mut found: [Option<PyRef>; N] = std::array::from_fn(|_| None);
    let Kind::Instance(instance) = &object.kind else { return found };
    let Kind::Dict(dict) = &instance.dict.kind else { return found };
    let Ok(dict) = dict.try_borrow() else { return found };
    for ((wanted, guess), found) in keys.iter().zip(guesses).zip(&mut found) {
        let at_guess = dict
            .entry_at(guess.get() as usize)
            .filter(|(hash, key, _)| *hash == wanted.hash && str_text(key) == Some(wanted.text));
        *found = match at_guess {
            Some((_, _, value)) => Some(value.clone()),
            None => dict.find_str(wanted.text, wanted.hash).and_then(|slot| {
                if let Ok(slot) = u8::try_from(slot) {
                    guess.set(slot);
                }
                dict.value_at(slot)
            }),
        };
    }
    found
}

thread_local! {
    static DECIMAL_GUESSES: [std::cell::Cell<u8>; 4] = const { [const { std::cell::Cell::new(0) }; 4] };
    static CONTEXT_GUESSES: [std::cell::Cell<u8>; 8] = const { [const { std::cell::Cell::new(0) }; 8] };
}

fn small_int(object: &PyRef) -> Option<i64> {
    match &object.kind {
        Kind::Int(Int::Small(value)) => Some(*value),
        _ => None,
    }
}

/// The sign, coefficient digits (a str object) and exponent of a finite Decimal instance.
fn finite_parts(object: &PyRef, decimal: &PyRef) -> Option<(u8, PyRef, i128)> {
    let class = object.instance()?.class();
    if !matches!(object.kind, Kind::Instance(_)) || !is_subclass(&class, decimal) {
        return None;
    }
    let [sign, int, exp, special] = DECIMAL_GUESSES.with(|guesses| {
        fields(
            object,
            &[name!("_sign"), name!("_int"), name!("_exp"), name!("_is_special")],
            guesses,
        )
    });
    if !matches!(special?.kind, Kind::Bool(false)) {
        return None;
    }
    let sign = match small_int(&sign?)? {
        0 => 0,
        1 => 1,
        _ => return None,
    };
    let int = int?;
    str_text(&int)?;
    let exp = small_int(&exp?)?;
    Some((sign, int, exp as i128))
}

/// A finite Decimal, or an int as `_convert_other` converts it, as a [`Num`].
fn operand(object: &PyRef, decimal: &PyRef) -> Option<Num> {
    match &object.kind {
        Kind::Int(Int::Small(value)) => {
            Some(Num { sign: u8::from(*value < 0), coeff: value.unsigned_abs() as u128, exp: 0 })
        }
        Kind::Bool(value) => Some(Num { sign: 0, coeff: u128::from(*value), exp: 0 }),
        _ => {
            let (sign, int, exp) = finite_parts(object, decimal)?;
            let digits = str_text(&int)?;
            if digits.len() > 38 || !digits.bytes().all(|d| d.is_ascii_digit()) {
                return None;
            }
            Some(Num { sign, coeff: digits.parse().ok()?, exp })
        }
    }
}

/// A new instance of `class` (Decimal or a subclass) with the given slots, stored in
/// `_dec_from_triple`'s order; `None` when the exponent does not fit an `i64`.
fn make(class: &PyRef, sign: u8, int: PyRef, exp: i128) -> Option<PyRef> {
    let exp = i64::try_from(exp).ok()?;
    let object = rt::instance(class.clone());
    let Kind::Instance(instance) = &object.kind else { unreachable!("rt::instance") };
    rt::share_keys_on_first_store(class, &instance.dict);
    if let Kind::Dict(dict) = &instance.dict.kind {
        let mut dict = dict.borrow_mut();
        let values = [rt::int(i64::from(sign)), int, rt::int(exp), rt::boolean(false)];
        let names = [name!("_sign"), name!("_int"), name!("_exp"), name!("_is_special")]
            .map(|key| (key.hash, key.text));
        // The class's instances share their keys, these four first (every constructor of
        // `_pydecimal` stores them in this order): stored without a lookup each.
        if let Err(values) = dict.fill_split_prefix(&names, values) {
            SLOT_KEYS.with(|keys| {
                for ((hash, key), value) in keys.iter().zip(values) {
                    // A new instance's dict holds no key yet: no lookup before the push.
                    dict.push(*hash, key.clone(), value);
                }
            });
        }
    }
    Some(object)
}

/// A Decimal of the `Decimal` class from a [`Num`].
fn make_num(decimal: &PyRef, n: Num) -> Option<PyRef> {
    let mut buffer = [0u8; 40];
    let mut at = buffer.len();
    let mut coeff = n.coeff;
    loop {
        at -= 1;
        buffer[at] = b'0' + (coeff % 10) as u8;
        coeff /= 10;
        if coeff == 0 {
            break;
        }
    }
    let digits = std::str::from_utf8(&buffer[at..]).unwrap_or("0");
    make(decimal, n.sign, rt::str(digits), n.exp)
}

/// A context as the arithmetic reads it, with the objects its signals go to.
struct Context {
    ctx: Ctx,
    flags: PyRef,
    traps: PyRef,
}

/// The context argument, or `getcontext()`; `None` when it is not a plain `Context` whose
/// `_ignored_flags` is empty (the Python method knows what to do with anything else).
fn context(ns: &PyRef, given: Option<&PyRef>) -> Res<Option<Context>> {
    let object = match given {
        Some(given) if !matches!(given.kind, Kind::None) => given.clone(),
        _ => current_context(ns)?,
    };
    let hit = PARSED.with(|parsed| match &*parsed.borrow() {
        Some(p) if rcgc::Gc::ptr_eq(&p.object, &object) => {
            Some((p.ctx, p.flags.clone(), p.traps.clone(), p.ignored.clone()))
        }
        _ => None,
    });
    let (ctx, flags, traps, ignored) = match hit {
        Some(hit) => hit,
        None => match parse_context(&object) {
            Some(parsed) => {
                let hit = (
                    parsed.ctx,
                    parsed.flags.clone(),
                    parsed.traps.clone(),
                    parsed.ignored.clone(),
                );
                let old = PARSED.with(|cache| cache.replace(Some(parsed)));
                drop(old);
                hit
            }
            None => return Ok(None),
        },
    };
    // `_ignored_flags` changes in place (`_regard_flags`): read on every use.
    if !matches!(&ignored.kind, Kind::List(items) if items.borrow().is_empty()) {
        return Ok(None);
    }
    Ok(Some(Context { ctx, flags, traps }))
}

/// A context's parts as [`context`] reads them, with the context they were read from.
struct Parsed {
    object: PyRef,
    ctx: Ctx,
    flags: PyRef,
    traps: PyRef,
    ignored: PyRef,
}

thread_local! {
    /// The context last read. Its attributes change only through `Context.__setattr__` (the
    /// integer checks of `_pydecimal` store through `object.__setattr__` from there), which
    /// `install` wraps to forget it.
    static PARSED: std::cell::RefCell<Option<Parsed>> = const { std::cell::RefCell::new(None) };
}

/// Forgets the parsed context (an attribute of some context changes).
fn forget_parsed() {
    let old = PARSED.with(|cache| cache.take());
    drop(old);
}

/// `Context.__setattr__` and `__delattr__`: `_pydecimal`'s, after forgetting the parsed
/// context.
fn context_setattr(a: Args) -> Res<PyRef> {
    dispatch(a, name!("Context"), |_a, _class, _ns| {
        forget_parsed();
        Ok(None)
    })
}

/// The arithmetic's view of a `Context` instance; `None` when an attribute is not the plain
/// value `_pydecimal`'s checks let through.
fn parse_context(object: &PyRef) -> Option<Parsed> {
    let keys = [
        name!("_ignored_flags"),
        name!("prec"),
        name!("Emin"),
        name!("Emax"),
        name!("clamp"),
        name!("rounding"),
        name!("flags"),
        name!("traps"),
    ];
    let [ignored, prec, emin, emax, clamp, rounding, flags, traps] =
        CONTEXT_GUESSES.with(|guesses| fields(object, &keys, guesses));
    let ignored = ignored?;
    let int = |value: Option<PyRef>| value.as_ref().and_then(small_int).map(i128::from);
    let (Some(prec), Some(emin), Some(emax), Some(clamp)) =
        (int(prec), int(emin), int(emax), int(clamp))
    else {
        return None;
    };
    let rounding = rounding.as_ref().and_then(str_text).and_then(Rounding::from_name)?;
    let (Some(flags), Some(traps)) = (flags, traps) else {
        return None;
    };
    if !matches!(flags.kind, Kind::Dict(_)) || !matches!(traps.kind, Kind::Dict(_)) || prec < 1 {
        return None;
    }
    Some(Parsed {
        object: object.clone(),
        ctx: Ctx { prec, emin, emax, clamp, rounding },
        flags,
        traps,
        ignored,
    })
}

/// The context (of contextvars) and the `ContextVar` a cached decimal context was read in,
/// and that context; the contextvars context is held, so its identity is not reused.
type ContextCache = Option<(PyRef, PyRef, PyRef)>;

thread_local! {
    static CACHE: std::cell::RefCell<ContextCache> = const { std::cell::RefCell::new(None) };
}

/// `getcontext()`, without running Python code while the contextvars context (the native
/// `_contextvars`' current one, `contextvars::current_context`) is the one the last answer was
/// read in and `setcontext` has not run since: `_pydecimal` sets its context variable nowhere
/// else.
fn current_context(ns: &PyRef) -> Res<PyRef> {
    let var = ns_get(ns, name!("_current_context_var"))?;
    let current = Some(crate::modules::contextvars::current_context());
    if let Some(current) = &current {
        let hit = CACHE.with(|cache| match &*cache.borrow() {
            Some((c, v, d)) if rcgc::Gc::ptr_eq(c, current) && rcgc::Gc::ptr_eq(v, &var) => {
                Some(d.clone())
            }
            _ => None,
        });
        if let Some(hit) = hit {
            return Ok(hit);
        }
    }
    let context = ops::call(&ns_get(ns, name!("_pyrc_py_getcontext"))?, vec![], vec![])?;
    if let Some(current) = current {
        let old = CACHE.with(|cache| cache.replace(Some((current, var, context.clone()))));
        drop(old);
    }
    Ok(context)
}

/// The native `getcontext()` of a `_decimal` namespace (the builtin's receiver).
fn getcontext(a: Args) -> Res<PyRef> {
    a.arity("getcontext", 0, 0)?;
    a.no_keywords("getcontext")?;
    match a.receiver {
        Some(ns) => current_context(ns),
        None => type_error("getcontext() lost its namespace"),
    }
}

/// `setcontext(context)`: `_pydecimal`'s, forgetting the cached context.
fn setcontext(a: Args) -> Res<PyRef> {
    let Some(ns) = a.receiver.cloned() else {
        return type_error("setcontext() lost its namespace");
    };
    let forget = || {
        let old = CACHE.with(|cache| cache.take());
        drop(old);
    };
    forget();
    let result = ops::call(&ns_get(&ns, name!("_pyrc_py_setcontext"))?, a.positional, a.keywords);
    forget();
    result
}

/// A function of the namespace `ns`, which it receives as its receiver.
fn ns_function(ns: &PyRef, name: &'static str, function: crate::object::native::NativeFn) -> PyRef {
    let builtin = crate::object::Builtin { name, function, receiver: Some(ns.clone()) };
    crate::object::alloc(Kind::Builtin(Box::new(builtin)))
}

/// Sets the flags of `signals` as `Context._raise_error` does; `false` (nothing set) when one
/// of them is trapped, so that the Python method raises it.
fn raise_signals(ns: &PyRef, context: &Context, signals: u8) -> Res<bool> {
    if signals == 0 {
        return Ok(true);
    }
    let mut classes = Vec::with_capacity(2);
    if signals & arith::INEXACT != 0 {
        classes.push(ns_get(ns, name!("Inexact"))?);
    }
    if signals & arith::ROUNDED != 0 {
        classes.push(ns_get(ns, name!("Rounded"))?);
    }
    for class in &classes {
        if ops::truthy(&ops::getitem(&context.traps, class)?)? {
            return Ok(false);
        }
    }
    for class in classes {
        ops::setitem(&context.flags, &class, rt::int(1))?;
    }
    Ok(true)
}

/// The result of a native computation: the new Decimal after its signals are raised, or
/// `None` to run the Python method.
fn finish(
    ns: &PyRef,
    decimal: &PyRef,
    context: &Context,
    result: Option<(Num, u8)>,
) -> Res<Option<PyRef>> {
    let Some((n, signals)) = result else { return Ok(None) };
    let Some(object) = make_num(decimal, n) else { return Ok(None) };
    Ok(raise_signals(ns, context, signals)?.then_some(object))
}

/// Runs the Python method this native one replaced (kept as `_pyrc_py_<name>` on `class`).
fn original(class: &PyRef, a: Args) -> Res<PyRef> {
    let key = kept_name(a.name);
    let Some(method) = class_lookup(class, &key) else {
        return type_error(format!("decimal: no Python method behind {}", a.name));
    };
    let method = match &method.kind {
        Kind::StaticMethod(inner) => inner.clone(),
        _ => method,
    };
    ops::call(&method, a.positional, a.keywords)
}

/// The class and namespace of a method's receiver, checked to be a Decimal (or Context) of an
/// installed `_decimal`, as CPython's method descriptors check `self`.
fn receiver(a: &Args, kind: crate::object::hash::NameHash) -> Res<(PyRef, PyRef)> {
    let found = a.positional.first().and_then(|this| {
        let class = match &this.kind {
            Kind::Class(_) if a.name == "__new__" => this.clone(),
            _ => this.instance()?.class(),
        };
        let ns = namespace_of(&class)?;
        let expected = ns_get(&ns, kind).ok()?;
        is_subclass(&class, &expected).then_some((class, ns))
    });
    match found {
        Some(found) => Ok(found),
        None => {
            type_error(format!("descriptor '{}' requires a 'decimal.{}' object", a.name, kind.text))
        }
    }
}

/// The optional argument at `index` (also accepted by keyword `key`); `Err` when an
/// argument this fast path does not know is there.
fn optional<'a>(a: &'a Args, index: usize, key: &str) -> Option<&'a PyRef> {
    a.positional.get(index).or_else(|| a.keywords.iter().find(|(k, _)| &**k == key).map(|(_, v)| v))
}

/// Whether the call has only the parameters named (positionally or by keyword).
fn arguments_fit(a: &Args, names: &[&str]) -> bool {
    a.positional.len() <= names.len()
        && a.keywords.iter().all(|(k, _)| names[a.positional.len()..].contains(&&**k))
}

type Fast = fn(&Args, &PyRef, &PyRef) -> Res<Option<PyRef>>;

/// Runs `fast` and, when it declines, the Python method.
fn dispatch(a: Args, kind: crate::object::hash::NameHash, fast: Fast) -> Res<PyRef> {
    let (class, ns) = receiver(&a, kind)?;
    match fast(&a, &class, &ns)? {
        Some(result) => Ok(result),
        None => original(&class, a),
    }
}

fn decimal_new(a: Args) -> Res<PyRef> {
    dispatch(a, name!("Decimal"), |a, class, _ns| {
        if !arguments_fit(a, &["cls", "value", "context"]) {
            return Ok(None);
        }
        let Some(value) = optional(a, 1, "value") else {
            return Ok(make(class, 0, rt::str("0"), 0));
        };
        Ok(match &value.kind {
            Kind::Str(..) => match arith::parse_literal(str_text(value).unwrap_or_default()) {
                Some((sign, digits, exp)) => make(class, sign, rt::str(digits), exp),
                None => None,
            },
            Kind::Int(int) => {
                let digits = match int {
                    Int::Small(v) => v.unsigned_abs().to_string(),
                    Int::Big(v) => v.magnitude().to_string(),
                };
                make(class, u8::from(int.is_negative()), rt::str(digits), 0)
            }
            Kind::Bool(v) => make(class, 0, rt::str(if *v { "1" } else { "0" }), 0),
            _ => None,
        })
    })
}

/// The binary operations: `__add__`, `__radd__`, `__sub__`, `__mul__`, `__rmul__`,
/// `__truediv__`, `__floordiv__`.
fn binary(a: Args) -> Res<PyRef> {
    dispatch(a, name!("Decimal"), |a, _class, ns| {
        if !arguments_fit(a, &["self", "other", "context"]) || a.positional.len() < 2 {
            return Ok(None);
        }
        let decimal = ns_get(ns, name!("Decimal"))?;
        let (Some(x), Some(y)) =
            (operand(&a.positional[0], &decimal), operand(&a.positional[1], &decimal))
        else {
            return Ok(None);
        };
        let Some(context) = context(ns, optional(a, 2, "context"))? else { return Ok(None) };
        if a.name == "__floordiv__" {
            // `_divide`'s quotient: no rounding, no signal.
            return Ok(arith::floordiv(x, y, &context.ctx).and_then(|n| make_num(&decimal, n)));
        }
        let result = match a.name {
            "__add__" | "__radd__" => arith::add(x, y, &context.ctx),
            "__sub__" => arith::sub(x, y, &context.ctx),
            "__truediv__" => arith::div(x, y, &context.ctx),
            _ => arith::mul(x, y, &context.ctx),
        };
        finish(ns, &decimal, &context, result)
    })
}

/// `Decimal.quantize(exp, rounding=None, context=None)` on a given context.
fn quantize_in(
    ns: &PyRef,
    this: &PyRef,
    exp: &PyRef,
    rounding: Option<&PyRef>,
    given: Option<&PyRef>,
) -> Res<Option<PyRef>> {
    let decimal = ns_get(ns, name!("Decimal"))?;
    let (Some(x), Some(e)) = (operand(this, &decimal), operand(exp, &decimal)) else {
        return Ok(None);
    };
    if !matches!(this.kind, Kind::Instance(_)) {
        return Ok(None);
    }
    let Some(context) = context(ns, given)? else { return Ok(None) };
    let mode = match rounding {
        None => context.ctx.rounding,
        Some(r) if matches!(r.kind, Kind::None) => context.ctx.rounding,
        Some(r) => match str_text(r).and_then(Rounding::from_name) {
            Some(mode) => mode,
            None => return Ok(None),
        },
    };
    finish(ns, &decimal, &context, arith::quantize(x, e.exp, mode, &context.ctx))
}

fn decimal_quantize(a: Args) -> Res<PyRef> {
    dispatch(a, name!("Decimal"), |a, _class, ns| {
        if !arguments_fit(a, &["self", "exp", "rounding", "context"]) {
            return Ok(None);
        }
        let Some(exp) = optional(a, 1, "exp") else { return Ok(None) };
        quantize_in(
            ns,
            &a.positional[0],
            exp,
            optional(a, 2, "rounding"),
            optional(a, 3, "context"),
        )
    })
}

/// `Context.quantize(a, b)`: `a.quantize(b, context=self)` for a Decimal `a`.
fn context_quantize(a: Args) -> Res<PyRef> {
    dispatch(a, name!("Context"), |a, _class, ns| {
        if a.positional.len() != 3 || !a.keywords.is_empty() {
            return Ok(None);
        }
        let decimal = ns_get(ns, name!("Decimal"))?;
        if finite_parts(&a.positional[1], &decimal).is_none() {
            return Ok(None);
        }
        quantize_in(ns, &a.positional[1], &a.positional[2], None, Some(&a.positional[0]))
    })
}

fn decimal_str(a: Args) -> Res<PyRef> {
    dispatch(a, name!("Decimal"), |a, _class, ns| {
        if a.positional.len() != 1 || !a.keywords.is_empty() {
            return Ok(None);
        }
        let decimal = ns_get(ns, name!("Decimal"))?;
        let Some((sign, int, exp)) = finite_parts(&a.positional[0], &decimal) else {
            return Ok(None);
        };
        Ok(arith::to_plain_string(sign, str_text(&int).unwrap_or_default(), exp).map(rt::str))
    })
}

/// The rich comparisons of two finite Decimals or a finite Decimal and an int.
fn compare(a: Args) -> Res<PyRef> {
    dispatch(a, name!("Decimal"), |a, _class, ns| {
        if a.positional.len() != 2 || !a.keywords.is_empty() {
            return Ok(None);
        }
        let decimal = ns_get(ns, name!("Decimal"))?;
        let Some((sign, int, exp)) = finite_parts(&a.positional[0], &decimal) else {
            return Ok(None);
        };
        let other = &a.positional[1];
        let (other_sign, other_digits, other_exp) = match &other.kind {
            Kind::Int(value) => {
                let digits = match value {
                    Int::Small(v) => v.unsigned_abs().to_string(),
                    Int::Big(v) => v.magnitude().to_string(),
                };
                (u8::from(value.is_negative()), digits, 0)
            }
            _ => match finite_parts(other, &decimal) {
                Some((s, digits, e)) => (s, str_text(&digits).unwrap_or_default().to_string(), e),
                None => return Ok(None),
            },
        };
        let order = arith::compare(
            (sign, str_text(&int).unwrap_or_default(), exp),
            (other_sign, &other_digits, other_exp),
        );
        let answer = match a.name {
            "__eq__" => order == 0,
            "__lt__" => order < 0,
            "__le__" => order <= 0,
            "__gt__" => order > 0,
            _ => order >= 0,
        };
        Ok(Some(rt::boolean(answer)))
    })
}

/// The methods of `Decimal` replaced by native ones.
const DECIMAL_METHODS: [(&str, crate::object::native::NativeFn); 14] = [
    ("__floordiv__", binary),
    ("__truediv__", binary),
    ("__add__", binary),
    ("__radd__", binary),
    ("__sub__", binary),
    ("__mul__", binary),
    ("__rmul__", binary),
    ("quantize", decimal_quantize),
    ("__str__", decimal_str),
    ("__eq__", compare),
    ("__lt__", compare),
    ("__le__", compare),
    ("__gt__", compare),
    ("__ge__", compare),
];

/// Where the Python method `name` is kept: `_pyrc_py_add` for `__add__` (no double
/// underscores, so that `dir()` shows no special name `_pydecimal` has not).
fn kept_name(name: &str) -> String {
    format!("_pyrc_py_{}", name.trim_matches('_'))
}

/// Replaces `class.name` by `replacement`, keeping the original as `_pyrc_py_<name>`.
fn replace(class: &PyRef, name: &'static str, replacement: PyRef) -> Res<()> {
    let Some(original) = class_lookup(class, name) else {
        return type_error(format!("_pydecimal has no {name}"));
    };
    attr::setattr(class, &kept_name(name), original)?;
    attr::setattr(class, name, replacement)
}

/// `install(namespace, contextvars_namespace)`: accelerates the `Decimal` and `Context`
/// classes and `getcontext`/`setcontext` of a namespace that ran `_pydecimal`'s source;
/// `contextvars_namespace` is no longer read (the current context comes from the native
/// `_contextvars`); it is accepted so that `lib/_decimal.py` keeps its call.
fn install(a: Args) -> Res<PyRef> {
    a.arity("install", 2, 2)?;
    let ns = a.arg(0);
    if !matches!(ns.kind, Kind::Dict(_)) {
        return type_error("install() needs the _decimal namespace");
    }
    for key in [
        "Decimal",
        "Context",
        "getcontext",
        "setcontext",
        "_current_context_var",
        "Inexact",
        "Rounded",
    ] {
        if rt::dict_get_str(&ns, key).is_none() {
            return type_error(format!("install(): the namespace has no {key}"));
        }
    }
    let decimal = ns_get(&ns, name!("Decimal"))?;
    let context = ns_get(&ns, name!("Context"))?;
    for class in [&decimal, &context] {
        attr::setattr(class, "_pyrc_ns", ns.clone())?;
    }
    let new = crate::object::alloc(Kind::StaticMethod(native("__new__", decimal_new)));
    replace(&decimal, "__new__", new)?;
    for (name, function) in DECIMAL_METHODS {
        replace(&decimal, name, native(name, function))?;
    }
    replace(&context, "quantize", native("quantize", context_quantize))?;
    replace(&context, "__setattr__", native("__setattr__", context_setattr))?;
    replace(&context, "__delattr__", native("__delattr__", context_setattr))?;
    for (name, function) in
        [("getcontext", getcontext as crate::object::native::NativeFn), ("setcontext", setcontext)]
    {
        let original = ns_get(&ns, crate::object::hash::NameHash::new(name))?;
        rt::dict_set_str(&ns, &format!("_pyrc_py_{name}"), original);
        rt::dict_set_str(&ns, name, ns_function(&ns, name, function));
    }
    Ok(rt::none())
}

/// The `_pyrc_decimal` module.
pub fn module() -> PyRef {
    new_module("_pyrc_decimal", vec![("install", native("install", install))])
}
