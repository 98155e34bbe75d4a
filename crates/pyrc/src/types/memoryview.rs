//! `memoryview` over `bytes` and `bytearray`: one-dimensional views, `cast` to another native
//! item format (what `re._compiler` needs: `memoryview(b).cast('I').tolist()`), item access
//! and slicing, `tolist`, `tobytes`, `hex`, `release` and the context manager, comparison.
//! A native type (`object::native_type`) whose state is the viewed object, a byte range and
//! the item format; the bytes are read from the object at each access, so a view of a
//! bytearray sees its changes. Multi-dimensional shapes and other exporters (`array`,
//! `mmap`) are not supported.

use std::cell::Cell;

use rcgc::Visitor;

use crate::object::error::Res;
use crate::object::exceptions::ExcKind;
use crate::object::native::{Args, MethodDef};
use crate::object::native_type::{
    args_after_self, state_of, AttrDef, NativeClassDef, NativeObject,
};
use crate::object::runtime::{self as rt, raise, type_error};
use crate::object::{alloc, Kind, PyRef};
use crate::types::native_class::{make_class, new_class_arg, new_object};
use crate::types::ops;

/// A view's state.
struct View {
    /// The bytes or bytearray viewed.
    object: PyRef,
    /// The viewed bytes: `start..start + len` of the object's.
    start: usize,
    len: usize,
    /// The item format (`'B'`, `'I'`, ...).
    format: char,
    released: Cell<bool>,
}

impl NativeObject for View {
    fn trace(&self, visitor: &mut Visitor) {
        visitor.visit(&self.object);
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

static MEMORYVIEW: NativeClassDef = NativeClassDef {
    name: "memoryview",
    module: "builtins",
    new: Some(memoryview_new),
    methods: &[
        MethodDef { name: "cast", function: cast },
        MethodDef { name: "tolist", function: tolist },
        MethodDef { name: "tobytes", function: tobytes },
        MethodDef { name: "hex", function: hex },
        MethodDef { name: "release", function: release },
        MethodDef { name: "__enter__", function: enter },
        MethodDef { name: "__exit__", function: exit },
        MethodDef { name: "__len__", function: len },
        MethodDef { name: "__getitem__", function: getitem },
        MethodDef { name: "__eq__", function: eq },
        MethodDef { name: "__repr__", function: repr },
    ],
    class_methods: &[],
    attributes: &[
        AttrDef { name: "obj", get: attribute, set: None },
        AttrDef { name: "nbytes", get: attribute, set: None },
        AttrDef { name: "readonly", get: attribute, set: None },
        AttrDef { name: "itemsize", get: attribute, set: None },
        AttrDef { name: "format", get: attribute, set: None },
        AttrDef { name: "ndim", get: attribute, set: None },
        AttrDef { name: "shape", get: attribute, set: None },
        AttrDef { name: "strides", get: attribute, set: None },
        AttrDef { name: "contiguous", get: attribute, set: None },
        AttrDef { name: "c_contiguous", get: attribute, set: None },
    ],
    has_dict: false,
    subclassable: false,
};

thread_local! {
    static CLASS: PyRef = make_class(&MEMORYVIEW, Vec::new());
}

/// The `memoryview` class (for the builtins namespace).
pub fn class() -> PyRef {
    CLASS.with(Clone::clone)
}

/// The size of one item of `format` (the native sizes of CPython's `struct` module).
fn item_size(format: char) -> Option<usize> {
    Some(match format {
        'B' | 'b' | 'c' | '?' => 1,
        'H' | 'h' => 2,
        'I' | 'i' | 'f' => 4,
        'L' | 'l' | 'Q' | 'q' | 'N' | 'n' | 'd' | 'P' => 8,
        _ => return None,
    })
}

fn memoryview_new(a: Args) -> Res<PyRef> {
    let cls = new_class_arg(&a, &class())?.clone();
    let values = crate::object::native::bind_arguments(
        "memoryview",
        a.positional.get(1..).unwrap_or(&[]),
        &a.keywords,
        &["object"],
        1,
        &[],
    )?;
    let object = values[0].clone().expect("bound as required");
    if let Some(view) = crate::object::native_type::state::<View>(&object) {
        check(view)?;
        let state = View {
            object: view.object.clone(),
            start: view.start,
            len: view.len,
            format: view.format,
            released: Cell::new(false),
        };
        return Ok(new_object(&cls, state));
    }
    let Some(bytes) = ops::bytes_like(&object) else {
        return type_error(format!(
            "memoryview: a bytes-like object is required, not '{}'",
            crate::types::type_name(&object)
        ));
    };
    let state =
        View { object, start: 0, len: bytes.len(), format: 'B', released: Cell::new(false) };
    Ok(new_object(&cls, state))
}

fn this<'a>(a: &'a Args) -> Res<(&'a PyRef, &'a View)> {
    let (object, view) = state_of::<View>(a, &MEMORYVIEW)?;
    check(view)?;
    Ok((object, view))
}

fn check(view: &View) -> Res<()> {
    if view.released.get() {
        return raise(ExcKind::ValueError, "operation forbidden on released memoryview object");
    }
    Ok(())
}

/// The viewed bytes (a copy: the object may change once Python code runs).
fn bytes_of(view: &View) -> Vec<u8> {
    let all = ops::bytes_like(&view.object).unwrap_or_default();
    let end = (view.start + view.len).min(all.len());
    all[view.start.min(end)..end].to_vec()
}

/// One item of `format` from its native-endian bytes.
fn unpack(format: char, bytes: &[u8]) -> PyRef {
    let unsigned = |bytes: &[u8]| {
        let mut word = [0u8; 8];
        if cfg!(target_endian = "little") {
            word[..bytes.len()].copy_from_slice(bytes);
            u64::from_le_bytes(word)
        } else {
            word[8 - bytes.len()..].copy_from_slice(bytes);
            u64::from_be_bytes(word)
        }
    };
    let value = unsigned(bytes);
    let bits = bytes.len() as u32 * 8;
    match format {
        'c' => alloc(Kind::Bytes(std::rc::Rc::from(bytes))),
        '?' => rt::boolean(value != 0),
        'b' | 'h' | 'i' | 'l' | 'q' | 'n' => {
            let shift = 64 - bits;
            rt::int(((value << shift) as i64) >> shift)
        }
        'f' => rt::float(f32::from_bits(value as u32) as f64),
        'd' => rt::float(f64::from_bits(value)),
        _ => rt::int(num_bigint::BigInt::from(value)),
    }
}

/// The bytes a memoryview object shows (`None` for any other object, or a released view).
pub fn viewed_bytes(object: &PyRef) -> Option<Vec<u8>> {
    let view = crate::object::native_type::state::<View>(object)?;
    if view.released.get() {
        return None;
    }
    Some(bytes_of(view))
}

fn items(view: &View) -> Vec<PyRef> {
    let size = item_size(view.format).unwrap_or(1);
    bytes_of(view).chunks_exact(size).map(|chunk| unpack(view.format, chunk)).collect()
}

fn cast(a: Args) -> Res<PyRef> {
    let (_, view) = this(&a)?;
    let args = args_after_self(&a);
    let values = crate::object::native::bind_arguments(
        "cast",
        args,
        &a.keywords,
        &["format", "shape"],
        1,
        &[],
    )?;
    if values[1].is_some() {
        return raise(
            ExcKind::NotImplementedError,
            "memoryview: casts to a shape are not supported",
        );
    }
    let format = values[0].clone().expect("bound as required");
    let Some(text) = crate::object::str_text(&format) else {
        return type_error("memoryview: format argument must be a string");
    };
    let text = text.strip_prefix('@').unwrap_or(text);
    let mut chars = text.chars();
    let (Some(format), None) = (chars.next(), chars.next()) else {
        return raise(
            ExcKind::ValueError,
            "memoryview: destination format must be a native single character format prefixed with an optional '@'",
        );
    };
    let Some(size) = item_size(format) else {
        return raise(
            ExcKind::ValueError,
            "memoryview: destination format must be a native single character format prefixed with an optional '@'",
        );
    };
    if view.format != 'B' && view.format != 'b' && view.format != 'c' && size != 1 {
        return type_error("memoryview: cannot cast between two non-byte formats");
    }
    if view.len % size != 0 {
        return type_error("memoryview: length is not a multiple of itemsize");
    }
    let state = View {
        object: view.object.clone(),
        start: view.start,
        len: view.len,
        format,
        released: Cell::new(false),
    };
    Ok(new_object(&class(), state))
}

fn tolist(a: Args) -> Res<PyRef> {
    let (_, view) = this(&a)?;
    Ok(rt::list(items(view)))
}

fn tobytes(a: Args) -> Res<PyRef> {
    let (_, view) = this(&a)?;
    Ok(alloc(Kind::Bytes(std::rc::Rc::from(bytes_of(view)))))
}

fn hex(a: Args) -> Res<PyRef> {
    let (_, view) = this(&a)?;
    Ok(rt::str(bytes_of(view).iter().map(|b| format!("{b:02x}")).collect::<String>()))
}

fn release(a: Args) -> Res<PyRef> {
    let (_, view) = state_of::<View>(&a, &MEMORYVIEW)?;
    view.released.set(true);
    Ok(rt::none())
}

fn enter(a: Args) -> Res<PyRef> {
    let (object, _) = this(&a)?;
    Ok(object.clone())
}

fn exit(a: Args) -> Res<PyRef> {
    let (_, view) = state_of::<View>(&a, &MEMORYVIEW)?;
    view.released.set(true);
    Ok(rt::boolean(false))
}

fn len(a: Args) -> Res<PyRef> {
    let (_, view) = this(&a)?;
    Ok(rt::int((view.len / item_size(view.format).unwrap_or(1)) as i64))
}

fn getitem(a: Args) -> Res<PyRef> {
    let (_, view) = this(&a)?;
    let Some(key) = args_after_self(&a).first() else {
        return type_error("expected 1 argument, got 0");
    };
    let size = item_size(view.format).unwrap_or(1);
    let count = view.len / size;
    if let Kind::Slice(slice) = &key.kind {
        let step_is_one = match &slice.step.kind {
            Kind::None => true,
            _ => ops::to_index(&slice.step)? == 1,
        };
        if !step_is_one {
            return raise(
                ExcKind::NotImplementedError,
                "memoryview: slices with a step are not supported",
            );
        }
        let bound = |value: &PyRef, default: usize| -> Res<usize> {
            if matches!(value.kind, Kind::None) {
                return Ok(default);
            }
            let n = ops::to_index(value)?;
            let n = if n < 0 { n + count as i64 } else { n };
            Ok(n.clamp(0, count as i64) as usize)
        };
        let from = bound(&slice.start, 0)?;
        let to = bound(&slice.stop, count)?.max(from);
        let state = View {
            object: view.object.clone(),
            start: view.start + from * size,
            len: (to - from) * size,
            format: view.format,
            released: Cell::new(false),
        };
        return Ok(new_object(&class(), state));
    }
    let index = ops::to_index(key)?;
    let index = if index < 0 { index + count as i64 } else { index };
    if index < 0 || index >= count as i64 {
        return raise(ExcKind::IndexError, "index out of bounds on dimension 1");
    }
    let bytes = bytes_of(view);
    let at = index as usize * size;
    Ok(unpack(view.format, &bytes[at..at + size]))
}

fn eq(a: Args) -> Res<PyRef> {
    let (_, view) = this(&a)?;
    let Some(other) = args_after_self(&a).first() else {
        return type_error("expected 1 argument, got 0");
    };
    let other_items = match crate::object::native_type::state::<View>(other) {
        Some(other) => items(other),
        None => match ops::bytes_like(other) {
            Some(bytes) => bytes.into_iter().map(|b| rt::int(b as i64)).collect(),
            None => return Ok(rt::not_implemented()),
        },
    };
    let own = items(view);
    if own.len() != other_items.len() {
        return Ok(rt::boolean(false));
    }
    for (x, y) in own.iter().zip(&other_items) {
        if !ops::eq(x, y)? {
            return Ok(rt::boolean(false));
        }
    }
    Ok(rt::boolean(true))
}

fn repr(a: Args) -> Res<PyRef> {
    let (object, view) = state_of::<View>(&a, &MEMORYVIEW)?;
    let what = if view.released.get() { "released memory" } else { "memory" };
    Ok(rt::str(format!("<{what} at {:#x}>", rcgc::Gc::as_ptr(object) as usize)))
}

fn attribute(a: Args) -> Res<PyRef> {
    let (_, view) = this(&a)?;
    let size = item_size(view.format).unwrap_or(1);
    Ok(match a.name {
        "obj" => view.object.clone(),
        "nbytes" => rt::int(view.len as i64),
        "readonly" => rt::boolean(matches!(view.object.kind, Kind::Bytes(_))),
        "itemsize" => rt::int(size as i64),
        "format" => rt::str(view.format.to_string()),
        "ndim" => rt::int(1),
        "shape" => rt::tuple(vec![rt::int((view.len / size) as i64)]),
        "strides" => rt::tuple(vec![rt::int(size as i64)]),
        _ => rt::boolean(true),
    })
}
