//! `_json.make_encoder` (CPython's `c_make_encoder`, `encoder_call` and the
//! `encoder_listencode_*` functions of `Modules/_json.c`): what `json.dumps` uses when `indent`
//! is `None`. Calling the encoder with `(obj, current_indent_level)` returns a 1-list holding
//! the whole text. Same output and errors as CPython 3.11's: str (and str subclasses) through
//! the given string encoder (the native escaping is done in place when it is one of `_json`'s
//! own), ints and int subclasses (enums) by `int.__repr__`, floats by `float.__repr__` (or
//! `NaN`/`Infinity`/`-Infinity` when `allow_nan`), lists and tuples (subclasses included, read
//! a subclass through its `__iter__`), dicts (a subclass through its `items()`), `sort_keys`,
//! `skipkeys`, key coercion of float/bool/None/int keys, `default` for anything else, and
//! circular references found through the `markers` dict (keyed by `id`).

use std::fmt::Write;
use std::rc::Rc;

use crate::object::error::Res;
use crate::object::exceptions::ExcKind;
use crate::object::native::{bind_arguments, Args, MethodDef};
use crate::object::native_type::{state_of, AttrDef, NativeClassDef, NativeObject};
use crate::object::recursion::{check_recursion, leave_recursion};
use crate::object::runtime::{self as rt, raise, type_error};
use crate::object::{Kind, PyRef};
use crate::types::native_class::{make_class, new_class_arg, new_object};
use crate::types::{self, attr, ops};

/// An encoder's settings, fixed when it is made.
struct Encoder {
    /// `markers` (a dict, or `None` when `check_circular` is false).
    markers: Option<PyRef>,
    default: PyRef,
    encoder: PyRef,
    /// `Some(ensure_ascii)` when `encoder` is `_json`'s own `encode_basestring[_ascii]`.
    native_escape: Option<bool>,
    indent: PyRef,
    key_separator: PyRef,
    item_separator: PyRef,
    sort_keys: bool,
    skipkeys: bool,
    allow_nan: bool,
}

impl NativeObject for Encoder {
    fn trace(&self, visitor: &mut rcgc::Visitor) {
        if let Some(markers) = &self.markers {
            visitor.visit(markers);
        }
        for object in
            [&self.default, &self.encoder, &self.indent, &self.key_separator, &self.item_separator]
        {
            visitor.visit(object);
        }
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

static ENCODER: NativeClassDef = NativeClassDef {
    name: "Encoder",
    module: "_json",
    new: Some(encoder_new),
    methods: &[
        MethodDef { name: "__call__", function: encoder_call },
        MethodDef { name: "__init__", function: |_| Ok(rt::none()) },
    ],
    class_methods: &[],
    attributes: &[
        AttrDef { name: "markers", get: get_attribute, set: None },
        AttrDef { name: "default", get: get_attribute, set: None },
        AttrDef { name: "encoder", get: get_attribute, set: None },
        AttrDef { name: "indent", get: get_attribute, set: None },
        AttrDef { name: "key_separator", get: get_attribute, set: None },
        AttrDef { name: "item_separator", get: get_attribute, set: None },
        AttrDef { name: "sort_keys", get: get_attribute, set: None },
        AttrDef { name: "skipkeys", get: get_attribute, set: None },
    ],
    has_dict: false,
    subclassable: true,
    item_slots: None,
};

thread_local! {
    static ENCODER_CLASS: PyRef = make_class(&ENCODER, vec![]);
}

/// The class `_json.make_encoder` names.
pub(super) fn encoder_class() -> PyRef {
    ENCODER_CLASS.with(Clone::clone)
}

fn get_attribute(a: Args) -> Res<PyRef> {
    let (_, e) = state_of::<Encoder>(&a, &ENCODER)?;
    Ok(match a.name {
        "markers" => e.markers.clone().unwrap_or_else(rt::none),
        "default" => e.default.clone(),
        "encoder" => e.encoder.clone(),
        "indent" => e.indent.clone(),
        "key_separator" => e.key_separator.clone(),
        "item_separator" => e.item_separator.clone(),
        "sort_keys" => rt::boolean(e.sort_keys),
        _ => rt::boolean(e.skipkeys),
    })
}

/// The built-in value behind `object`: itself, or what an instance of a subclass of a
/// built-in type extends.
fn value_of(object: &PyRef) -> &PyRef {
    match &object.kind {
        Kind::Extended(extended) => &extended.base,
        _ => object,
    }
}

/// Which native escaping `function` is, if it is `_json.encode_basestring[_ascii]`.
fn native_escape_of(function: &PyRef) -> Option<bool> {
    let Kind::Builtin(builtin) = &function.kind else { return None };
    if builtin.receiver.is_some() {
        return None;
    }
    let f = builtin.function as *const () as usize;
    if f == super::encode_basestring_ascii as *const () as usize {
        Some(true)
    } else if f == super::encode_basestring as *const () as usize {
        Some(false)
    } else {
        None
    }
}

/// `make_encoder(markers, default, encoder, indent, key_separator, item_separator,
/// sort_keys, skipkeys, allow_nan)`.
fn encoder_new(a: Args) -> Res<PyRef> {
    let cls = new_class_arg(&a, &encoder_class())?.clone();
    const NAMES: [&str; 9] = [
        "markers",
        "default",
        "encoder",
        "indent",
        "key_separator",
        "item_separator",
        "sort_keys",
        "skipkeys",
        "allow_nan",
    ];
    let positional = &a.positional[1..];
    if positional.len() > NAMES.len() {
        return type_error(format!(
            "make_encoder() takes at most 9 arguments ({} given)",
            positional.len() + a.keywords.len()
        ));
    }
    let values = bind_arguments("make_encoder", positional, &a.keywords, &NAMES, 9, &[])?;
    let value = |i: usize| values[i].clone().unwrap_or_else(rt::none);
    let markers = value(0);
    let markers = match value_of(&markers).kind {
        Kind::None => None,
        Kind::Dict(_) => Some(markers),
        _ => {
            return type_error(format!(
                "make_encoder() argument 1 must be dict or None, not {}",
                types::type_name(&markers)
            ))
        }
    };
    for (i, name) in [(4, 5), (5, 6)] {
        let separator = value(i);
        if types::str::text(&separator).is_none() {
            return type_error(format!(
                "make_encoder() argument {name} must be str, not {}",
                types::type_name(&separator)
            ));
        }
    }
    let encoder = value(2);
    let e = Encoder {
        markers,
        default: value(1),
        native_escape: native_escape_of(&encoder),
        encoder,
        indent: value(3),
        key_separator: value(4),
        item_separator: value(5),
        sort_keys: ops::truthy(&value(6))?,
        skipkeys: ops::truthy(&value(7))?,
        allow_nan: ops::truthy(&value(8))?,
    };
    Ok(new_object(&cls, e))
}

/// `encoder(obj, _current_indent_level)`: `[text]`.
fn encoder_call(a: Args) -> Res<PyRef> {
    let (_, e) = state_of::<Encoder>(&a, &ENCODER)?;
    if a.positional.len() > 3 {
        return type_error(format!(
            "_iterencode() takes at most 2 arguments ({} given)",
            a.positional.len() - 1
        ));
    }
    let values = bind_arguments(
        "_iterencode",
        &a.positional[1..],
        &a.keywords,
        &["obj", "_current_indent_level"],
        2,
        &[],
    )?;
    let (Some(object), Some(level)) = (&values[0], &values[1]) else {
        unreachable!("both arguments are required")
    };
    ops::to_index(level)?;
    let mut w = Writer {
        e,
        out: String::new(),
        key_separator: types::str::text(&e.key_separator).unwrap_or_default().into(),
        item_separator: types::str::text(&e.item_separator).unwrap_or_default().into(),
    };
    w.encode(object)?;
    Ok(rt::list(vec![rt::str(w.out)]))
}

/// One encoding's output and settings.
struct Writer<'a> {
    e: &'a Encoder,
    out: String,
    key_separator: Rc<str>,
    item_separator: Rc<str>,
}

/// Runs `body` as one level of recursion ("maximum recursion depth exceeded while encoding a
/// JSON object", as CPython's `_Py_EnterRecursiveCall` there).
fn nested(body: impl FnOnce() -> Res<()>) -> Res<()> {
    check_recursion().map_err(|mut error| {
        error.value = rt::exception(
            ExcKind::RecursionError,
            "maximum recursion depth exceeded while encoding a JSON object",
        );
        error
    })?;
    let result = body();
    leave_recursion();
    result
}

impl Writer<'_> {
    /// `encoder_listencode_obj`.
    fn encode(&mut self, object: &PyRef) -> Res<()> {
        match &object.kind {
            Kind::None => self.out.push_str("null"),
            Kind::Bool(true) => self.out.push_str("true"),
            Kind::Bool(false) => self.out.push_str("false"),
            Kind::Str(..) => self.string(object)?,
            Kind::Int(i) => {
                let _ = write!(self.out, "{i}");
            }
            Kind::Float(f) => self.float(*f)?,
            Kind::List(list) => nested(|| self.list(object, list.borrow().to_vec()))?,
            Kind::Tuple(tuple) => nested(|| self.list(object, tuple.to_vec()))?,
            Kind::Dict(_) => nested(|| self.dict(object))?,
            Kind::Extended(extended) => match &extended.base.kind {
                Kind::Str(..) => self.string(object)?,
                Kind::Int(i) => {
                    let _ = write!(self.out, "{i}");
                }
                Kind::Float(f) => self.float(*f)?,
                // A subclass's items come from iterating it, as `PySequence_Fast` does.
                Kind::List(_) | Kind::Tuple(_) => {
                    nested(|| self.list(object, ops::to_vec(object)?))?
                }
                Kind::Dict(_) => nested(|| self.dict(object))?,
                _ => self.other(object)?,
            },
            _ => self.other(object)?,
        }
        Ok(())
    }

    /// An object JSON has no form for: what `default(object)` returns, encoded.
    fn other(&mut self, object: &PyRef) -> Res<()> {
        let marker = self.enter(object)?;
        let replacement = ops::call(&self.e.default, vec![object.clone()], vec![])?;
        nested(|| self.encode(&replacement))?;
        self.leave(marker)
    }

    /// Registers `object` in `markers`: a `ValueError` if it is being encoded already.
    fn enter(&mut self, object: &PyRef) -> Res<Option<PyRef>> {
        let Some(markers) = &self.e.markers else { return Ok(None) };
        let ident = rt::int(rcgc::Gc::as_ptr(object) as usize as i64);
        if ops::contains(markers, &ident)? {
            return raise(ExcKind::ValueError, "Circular reference detected");
        }
        ops::setitem(markers, &ident, object.clone())?;
        Ok(Some(ident))
    }

    fn leave(&mut self, marker: Option<PyRef>) -> Res<()> {
        if let (Some(markers), Some(ident)) = (&self.e.markers, marker) {
            ops::delitem(markers, &ident)?;
        }
        Ok(())
    }

    /// `encoder_encode_string`.
    fn string(&mut self, object: &PyRef) -> Res<()> {
        if let (Some(ascii), Some(text)) = (self.e.native_escape, types::str::text(object)) {
            super::escape_into(&mut self.out, text, ascii);
            return Ok(());
        }
        let encoded = ops::call(&self.e.encoder, vec![object.clone()], vec![])?;
        match types::str::text(&encoded) {
            Some(text) => {
                self.out.push_str(text);
                Ok(())
            }
            None => type_error(format!(
                "encoder() must return a string, not {}",
                types::type_name(&encoded)
            )),
        }
    }

    /// `encoder_encode_float`.
    fn float(&mut self, value: f64) -> Res<()> {
        self.out.push_str(&self.float_text(value)?);
        Ok(())
    }

    fn float_text(&self, value: f64) -> Res<String> {
        if value.is_finite() {
            return Ok(ops::float_repr(value));
        }
        if !self.e.allow_nan {
            return raise(ExcKind::ValueError, "Out of range float values are not JSON compliant");
        }
        Ok(if value > 0.0 {
            "Infinity"
        } else if value < 0.0 {
            "-Infinity"
        } else {
            "NaN"
        }
        .to_string())
    }

    /// `encoder_listencode_list`: `items` are the list's or tuple's.
    fn list(&mut self, object: &PyRef, items: Vec<PyRef>) -> Res<()> {
        if items.is_empty() {
            self.out.push_str("[]");
            return Ok(());
        }
        let marker = self.enter(object)?;
        self.out.push('[');
        let separator = self.item_separator.clone();
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                self.out.push_str(&separator);
            }
            self.encode(item)?;
        }
        self.out.push(']');
        self.leave(marker)
    }

    /// `encoder_listencode_dict`.
    fn dict(&mut self, object: &PyRef) -> Res<()> {
        let pairs = |items: Vec<PyRef>| -> Res<Vec<(PyRef, PyRef)>> {
            items
                .into_iter()
                .map(|item| match &item.kind {
                    Kind::Tuple(pair) if pair.len() == 2 => Ok((pair[0].clone(), pair[1].clone())),
                    _ => raise(ExcKind::ValueError, "items must return 2-tuples"),
                })
                .collect()
        };
        let mut items: Vec<(PyRef, PyRef)> = match &object.kind {
            Kind::Dict(d) => d.borrow().items(),
            _ => {
                if ops::len(object)? == 0 {
                    Vec::new()
                } else {
                    let items = ops::call(&attr::getattr(object, "items")?, vec![], vec![])?;
                    pairs(ops::to_vec(&items)?)?
                }
            }
        };
        if items.is_empty() {
            self.out.push_str("{}");
            return Ok(());
        }
        let marker = self.enter(object)?;
        self.out.push('{');
        if self.e.sort_keys {
            // As CPython, the (key, value) pairs are sorted, not the keys alone.
            let tuples = items.into_iter().map(|(k, v)| rt::tuple(vec![k, v])).collect();
            items = pairs(types::list::sort_list(tuples, None, false)?)?;
        }
        let key_separator = self.key_separator.clone();
        let item_separator = self.item_separator.clone();
        let mut first = true;
        for (key, value) in &items {
            let key_text: PyRef = match &value_of(key).kind {
                Kind::Str(..) => key.clone(),
                Kind::Float(f) => rt::str(self.float_text(*f)?),
                Kind::Bool(b) => rt::str(if *b { "true" } else { "false" }),
                Kind::None => rt::str("null"),
                Kind::Int(i) => rt::str(i.to_string()),
                _ if self.e.skipkeys => continue,
                _ => {
                    return type_error(format!(
                        "keys must be str, int, float, bool or None, not {}",
                        types::type_name(key)
                    ))
                }
            };
            if !first {
                self.out.push_str(&item_separator);
            }
            first = false;
            self.string(&key_text)?;
            self.out.push_str(&key_separator);
            self.encode(value)?;
        }
        self.out.push('}');
        self.leave(marker)
    }
}
