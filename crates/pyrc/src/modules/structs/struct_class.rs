//! `_struct.Struct` as a native class (CPython's `PyStructObject`): the object holds its
//! parsed format, so `s.pack(x)` goes straight to the packing code (pyperformance's base64
//! runs `struct.Struct('!I').pack` once per five characters of Ascii85). Subclassable, as
//! CPython's; `__init__` may run again and replaces the format.

use std::cell::RefCell;
use std::rc::Rc;

use rcgc::Visitor;

use crate::object::error::Res;
use crate::object::native::{Args, MethodDef};
use crate::object::native_type::{
    args_after_self, state_of, AttrDef, NativeClassDef, NativeObject,
};
use crate::object::runtime::{self as rt, type_error};
use crate::object::PyRef;
use crate::types::native_class::{make_class, new_class_arg, new_object};

use super::format::Format;
use super::{error, format_of};

/// A `Struct`'s state: its format, `None` until `__init__` has run (`Struct.__new__` alone
/// makes one whose `size` is -1, as CPython's).
struct StructState {
    format: RefCell<Option<Rc<Format>>>,
}

impl NativeObject for StructState {
    fn trace(&self, _visitor: &mut Visitor) {}

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

static STRUCT: NativeClassDef = NativeClassDef {
    name: "Struct",
    module: "_struct",
    new: Some(struct_new),
    methods: &[
        MethodDef { name: "__init__", function: init },
        MethodDef { name: "pack", function: pack },
        MethodDef { name: "unpack", function: unpack },
        MethodDef { name: "pack_into", function: pack_into },
        MethodDef { name: "unpack_from", function: unpack_from },
        MethodDef { name: "iter_unpack", function: iter_unpack },
    ],
    class_methods: &[],
    attributes: &[
        AttrDef { name: "format", get: format_attribute, set: None },
        AttrDef { name: "size", get: size_attribute, set: None },
    ],
    has_dict: false,
    subclassable: true,
    item_slots: None,
};

thread_local! {
    static CLASS: PyRef = make_class(&STRUCT, Vec::new());
}

/// The `Struct` class.
pub(super) fn class() -> PyRef {
    CLASS.with(Clone::clone)
}

fn struct_new(a: Args) -> Res<PyRef> {
    let cls = new_class_arg(&a, &class())?.clone();
    Ok(new_object(&cls, StructState { format: RefCell::new(None) }))
}

/// The receiver's parsed format (an uninitialised `Struct` has none: `struct.error`).
fn format(a: &Args) -> Res<Rc<Format>> {
    let (_, state) = state_of::<StructState>(a, &STRUCT)?;
    let format = state.format.borrow().clone();
    match format {
        Some(format) => Ok(format),
        None => error("Struct.__init__() was not called"),
    }
}

/// CPython's message for a method taking one positional argument and no keywords.
fn one_argument<'a>(a: &'a Args) -> Res<&'a PyRef> {
    if !a.keywords.is_empty() {
        return type_error(format!("Struct.{}() takes no keyword arguments", a.name));
    }
    match args_after_self(a) {
        [x] => Ok(x),
        given => type_error(format!(
            "Struct.{}() takes exactly one argument ({} given)",
            a.name,
            given.len()
        )),
    }
}

/// `Struct.__init__(self, format)`.
fn init(a: Args) -> Res<PyRef> {
    let (_, state) = state_of::<StructState>(&a, &STRUCT)?;
    let given = args_after_self(&a);
    if given.len() > 1 {
        return type_error(format!("Struct() takes at most 1 argument ({} given)", given.len()));
    }
    let format_arg = match (given.first(), a.keyword("format")) {
        (Some(_), Some(_)) => {
            return type_error("argument for Struct() given by name ('format') and position (1)")
        }
        (Some(arg), None) => arg.clone(),
        (None, Some(arg)) => arg,
        (None, None) => return type_error("Struct() missing required argument 'format' (pos 1)"),
    };
    if let Some((key, _)) = a.keywords.iter().find(|(k, _)| &**k != "format") {
        return type_error(format!("'{key}' is an invalid keyword argument for Struct()"));
    }
    let parsed = format_of(&format_arg)?;
    *state.format.borrow_mut() = Some(parsed);
    Ok(rt::none())
}

fn pack(a: Args) -> Res<PyRef> {
    let format = format(&a)?;
    if !a.keywords.is_empty() {
        return type_error("Struct.pack() takes no keyword arguments");
    }
    super::pack_by(&format, args_after_self(&a))
}

fn unpack(a: Args) -> Res<PyRef> {
    let format = format(&a)?;
    super::unpack_by(&format, one_argument(&a)?)
}

fn unpack_from(a: Args) -> Res<PyRef> {
    let format = format(&a)?;
    let rest = args_after_self(&a);
    let buffer = rest.first().cloned().or_else(|| a.keyword("buffer"));
    let Some(buffer) = buffer else {
        return type_error("unpack_from() missing required argument 'buffer' (pos 1)");
    };
    let offset = rest.get(1).cloned().or_else(|| a.keyword("offset"));
    super::unpack_from_by(&format, &buffer, offset.as_ref())
}

fn pack_into(a: Args) -> Res<PyRef> {
    let format = format(&a)?;
    if !a.keywords.is_empty() {
        return type_error("Struct.pack_into() takes no keyword arguments");
    }
    super::pack_into_by(&format, args_after_self(&a))
}

fn iter_unpack(a: Args) -> Res<PyRef> {
    let format = format(&a)?;
    super::iter_unpack_by(&format, one_argument(&a)?)
}

fn format_attribute(a: Args) -> Res<PyRef> {
    let (_, state) = state_of::<StructState>(&a, &STRUCT)?;
    let text = state.format.borrow().as_ref().map_or_else(String::new, |f| f.text.to_string());
    Ok(rt::str(&text))
}

fn size_attribute(a: Args) -> Res<PyRef> {
    let (_, state) = state_of::<StructState>(&a, &STRUCT)?;
    let size = state.format.borrow().as_ref().map_or(-1, |f| f.size as i64);
    Ok(rt::int(size))
}
