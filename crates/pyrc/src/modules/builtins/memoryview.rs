//! `memoryview`, one-dimensional: a view of a `bytes`, `bytearray`, `array.array` or another
//! view (a native type holding the viewed object and its byte range). Items are read from the
//! object when used, so a view of a `bytearray` sees and makes changes; `tobytes`, `tolist`,
//! `hex`, `release`, slicing (step 1), comparison, the context-manager protocol, and `format`,
//! `itemsize`, `nbytes`, `ndim`, `shape`, `readonly`, `obj`. A view may also be over an
//! `io.BytesIO`'s buffer (`getbuffer()`, writable): it then holds an [`Export`], which keeps
//! the BytesIO from being resized until the view (and every view made from it) is released
//! or gone, as CPython's buffer exports do.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use rcgc::Visitor;

use crate::object::error::Res;
use crate::object::exceptions::ExcKind;
use crate::object::native::{Args, MethodDef};
use crate::object::native_type::{
    args_after_self, state_of, AttrDef, NativeClassDef, NativeObject,
};
use crate::object::runtime::{self as rt, raise, type_error, value_error};
use crate::object::{alloc, Kind, PyRef};
use crate::types::native_class::{make_class, new_class_arg, new_object};
use crate::types::{self, ops};

/// One export of an object's buffer: counted in the object's counter while it lives (the
/// object refuses to resize while the count is not zero).
pub(crate) struct Export(Rc<Cell<usize>>);

impl Export {
    /// Counts a new export in `counter`.
    pub(crate) fn new(counter: &Rc<Cell<usize>>) -> Export {
        counter.set(counter.get() + 1);
        Export(counter.clone())
    }
}

impl Clone for Export {
    fn clone(&self) -> Export {
        Export::new(&self.0)
    }
}

impl Drop for Export {
    fn drop(&mut self) {
        self.0.set(self.0.get().saturating_sub(1));
    }
}

/// A view's state: the object, the item format and size, the viewed byte range, and the
/// export it holds (views of a BytesIO's buffer).
struct View {
    object: PyRef,
    format: char,
    itemsize: usize,
    start: usize,
    stop: usize,
    released: Cell<bool>,
    export: RefCell<Option<Export>>,
}

impl View {
    /// Marks the view released, ending its export.
    fn release(&self) {
        self.released.set(true);
        self.export.borrow_mut().take();
    }

    /// A view of `start..stop` of the same object (a slice or a cast), sharing the export.
    fn derive(&self, format: char, itemsize: usize, start: usize, stop: usize) -> View {
        View {
            object: self.object.clone(),
            format,
            itemsize,
            start,
            stop,
            released: Cell::new(false),
            export: RefCell::new(self.export.borrow().clone()),
        }
    }
}

/// A writable byte view of the whole buffer of `object` (a BytesIO), holding `export`.
pub(crate) fn export_view(object: PyRef, export: Export) -> PyRef {
    let view = View {
        object,
        format: 'B',
        itemsize: 1,
        start: 0,
        // The whole buffer, whatever its length (it cannot change while exported).
        stop: usize::MAX,
        released: Cell::new(false),
        export: RefCell::new(Some(export)),
    };
    new_object(&class(), view)
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
    new: Some(view_new),
    methods: &[
        MethodDef { name: "tobytes", function: tobytes },
        MethodDef { name: "cast", function: cast },
        MethodDef { name: "tolist", function: tolist },
        MethodDef { name: "hex", function: hex },
        MethodDef { name: "release", function: release },
        MethodDef { name: "__len__", function: len },
        MethodDef { name: "__iter__", function: iter },
        MethodDef { name: "__getitem__", function: getitem },
        MethodDef { name: "__setitem__", function: setitem },
        MethodDef { name: "__eq__", function: eq },
        MethodDef { name: "__enter__", function: enter },
        MethodDef { name: "__exit__", function: exit },
        MethodDef { name: "__repr__", function: repr },
    ],
    class_methods: &[],
    attributes: &[
        AttrDef { name: "obj", get: get_obj, set: None },
        AttrDef { name: "format", get: get_format, set: None },
        AttrDef { name: "itemsize", get: get_itemsize, set: None },
        AttrDef { name: "nbytes", get: get_nbytes, set: None },
        AttrDef { name: "ndim", get: get_ndim, set: None },
        AttrDef { name: "shape", get: get_shape, set: None },
        AttrDef { name: "strides", get: get_strides, set: None },
        AttrDef { name: "readonly", get: get_readonly, set: None },
    ],
    has_dict: false,
    subclassable: false,
    item_slots: None,
};

thread_local! {
    static CLASS: PyRef = make_class(&MEMORYVIEW, Vec::new());
}

/// The `memoryview` class (for `builtins`).
pub fn class() -> PyRef {
    CLASS.with(Clone::clone)
}

/// All bytes of a viewable object, or `None` for an object without the buffer protocol.
fn object_bytes(object: &PyRef) -> Res<Option<Vec<u8>>> {
    if let Some(data) = ops::bytes_like(object) {
        return Ok(Some(data));
    }
    if let Some(view) = crate::object::native_type::state::<View>(object) {
        return Ok(Some(view_bytes(view)?));
    }
    if let Some(data) = crate::modules::io::bytesio::buffer(object) {
        return Ok(Some(data));
    }
    // `array.array` (whatever has `tobytes` and `typecode`).
    if matches!(object.kind, Kind::Native(_)) && crate::types::attr::hasattr(object, "typecode")? {
        let data = ops::call(&crate::types::attr::getattr(object, "tobytes")?, vec![], vec![])?;
        return Ok(ops::bytes_like(&data));
    }
    Ok(None)
}

fn view_bytes(view: &View) -> Res<Vec<u8>> {
    if view.released.get() {
        return value_error("operation forbidden on released memoryview object");
    }
    let data = object_bytes(&view.object)?.unwrap_or_default();
    let stop = view.stop.min(data.len());
    Ok(data[view.start.min(stop)..stop].to_vec())
}

fn view_new(a: Args) -> Res<PyRef> {
    let cls = new_class_arg(&a, &class())?.clone();
    let values = a.bind("memoryview", &["cls", "object"], 2, &[])?;
    let object = values[1].clone().expect("required");
    let Some(data) = object_bytes(&object)? else {
        return type_error(format!(
            "memoryview: a bytes-like object is required, not '{}'",
            types::type_name(&object)
        ));
    };
    let (format, itemsize) = match crate::object::native_type::state::<View>(&object) {
        Some(view) => (view.format, view.itemsize),
        None if matches!(object.kind, Kind::Native(_)) => {
            let code = crate::types::attr::getattr(&object, "typecode")?;
            let code = crate::object::str_text(&code).and_then(|c| c.chars().next()).unwrap_or('B');
            let size = ops::to_index(&crate::types::attr::getattr(&object, "itemsize")?)?;
            (if code == 'u' { 'w' } else { code }, size as usize)
        }
        None => ('B', 1),
    };
    let view = View {
        object,
        format,
        itemsize,
        start: 0,
        stop: data.len(),
        released: Cell::new(false),
        export: RefCell::new(None),
    };
    Ok(new_object(&cls, view))
}

fn this<'a>(a: &'a Args) -> Res<(&'a PyRef, &'a View)> {
    state_of::<View>(a, &MEMORYVIEW)
}

/// The bytes a memoryview object shows (`None` for any other object, or a released view):
/// what `_sre` matches when given a view.
pub(crate) fn viewed_bytes(object: &PyRef) -> Option<Vec<u8>> {
    let view = crate::object::native_type::state::<View>(object)?;
    view_bytes(view).ok()
}

/// The size of one item of a native single-character `struct` format.
fn native_item_size(format: char) -> Option<usize> {
    Some(match format {
        'b' | 'B' | 'c' | '?' => 1,
        'h' | 'H' | 'e' => 2,
        'i' | 'I' | 'f' => 4,
        'l' | 'L' | 'q' | 'Q' | 'n' | 'N' | 'd' | 'P' => 8,
        _ => return None,
    })
}

/// `cast(format)`: the same bytes seen as items of another native format (one dimension;
/// one of the two formats must be a byte format, as CPython requires).
fn cast(a: Args) -> Res<PyRef> {
    let (object, view) = this(&a)?;
    let values = crate::object::native::bind_arguments(
        "cast",
        args_after_self(&a),
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
    let bad_format = "memoryview: destination format must be a native single character format prefixed with an optional '@'";
    let (Some(format), None) = (chars.next(), chars.next()) else {
        return raise(ExcKind::ValueError, bad_format);
    };
    let Some(itemsize) = native_item_size(format) else {
        return raise(ExcKind::ValueError, bad_format);
    };
    if !matches!(view.format, 'B' | 'b' | 'c') && itemsize != 1 {
        return type_error("memoryview: cannot cast between two non-byte formats");
    }
    let length = view_bytes(view)?.len();
    if length % itemsize != 0 {
        return type_error("memoryview: length is not a multiple of itemsize");
    }
    let cast = view.derive(format, itemsize, view.start, view.stop);
    let _ = object;
    Ok(new_object(&class(), cast))
}

fn tobytes(a: Args) -> Res<PyRef> {
    let (_, view) = this(&a)?;
    Ok(alloc(Kind::Bytes(view_bytes(view)?.into())))
}

/// Item `i` of the viewed bytes as a Python value (`B` and `b` as ints; other formats through
/// `struct`'s codes of the same letter).
fn item(view: &View, data: &[u8], i: usize) -> Res<PyRef> {
    let slot = &data[i * view.itemsize..(i + 1) * view.itemsize];
    Ok(match view.format {
        'B' => rt::int(i64::from(slot[0])),
        'b' => rt::int(i64::from(slot[0] as i8)),
        'c' => alloc(Kind::Bytes(slot.into())),
        format => {
            let unpack = crate::modules::import("_struct")?;
            let unpack = crate::types::attr::getattr(&unpack, "unpack")?;
            let fmt = rt::str(if format == 'w' { "I".to_string() } else { format!("@{format}") });
            let values = ops::call(&unpack, vec![fmt, alloc(Kind::Bytes(slot.into()))], vec![])?;
            ops::getitem(&values, &rt::int(0))?
        }
    })
}

fn tolist(a: Args) -> Res<PyRef> {
    let (_, view) = this(&a)?;
    let data = view_bytes(view)?;
    let items =
        (0..data.len() / view.itemsize).map(|i| item(view, &data, i)).collect::<Res<Vec<_>>>()?;
    Ok(rt::list(items))
}

fn hex(a: Args) -> Res<PyRef> {
    let (_, view) = this(&a)?;
    let text: String = view_bytes(view)?.iter().map(|b| format!("{b:02x}")).collect();
    Ok(rt::str(text))
}

fn iter(a: Args) -> Res<PyRef> {
    ops::iter(&tolist(a)?)
}

fn release(a: Args) -> Res<PyRef> {
    let (_, view) = this(&a)?;
    view.release();
    Ok(rt::none())
}

fn len(a: Args) -> Res<PyRef> {
    let (_, view) = this(&a)?;
    Ok(rt::int((view_bytes(view)?.len() / view.itemsize) as i64))
}

fn getitem(a: Args) -> Res<PyRef> {
    let (object, view) = this(&a)?;
    let Some(key) = args_after_self(&a).first() else {
        return type_error("__getitem__ expected 1 argument");
    };
    let data = view_bytes(view)?;
    let count = data.len() / view.itemsize;
    if matches!(key.kind, Kind::Slice(_)) {
        let (start, stop, step) = ops::slice_indices(key, count)?;
        if step != 1 {
            return raise(ExcKind::NotImplementedError, "pyrc's memoryview slices have step 1");
        }
        let stop = stop.max(start) as usize;
        let sub = view.derive(
            view.format,
            view.itemsize,
            view.start + start as usize * view.itemsize,
            view.start + stop * view.itemsize,
        );
        return Ok(new_object(&types::type_of(object), sub));
    }
    let index = ops::to_index(key)?;
    let index = if index < 0 { index + count as i64 } else { index };
    if index < 0 || index >= count as i64 {
        return raise(ExcKind::IndexError, "index out of bounds on dimension 1");
    }
    item(view, &data, index as usize)
}

fn setitem(a: Args) -> Res<PyRef> {
    let (_, view) = this(&a)?;
    let [key, value] = args_after_self(&a) else {
        return type_error("__setitem__ expected 2 arguments");
    };
    let writable = matches!(view.object.kind, Kind::ByteArray(_))
        || crate::modules::io::bytesio::buffer(&view.object).is_some();
    if !writable {
        return type_error("cannot modify read-only memory");
    }
    view_bytes(view)?;
    if view.itemsize != 1 {
        return raise(ExcKind::NotImplementedError, "pyrc's memoryview assigns bytes only");
    }
    let count = view_bytes(view)?.len();
    if matches!(key.kind, Kind::Slice(_)) {
        let (start, stop, step) = ops::slice_indices(key, count)?;
        let stop = stop.max(start) as usize;
        let Some(data) = ops::bytes_like(value) else {
            return type_error(format!(
                "a bytes-like object is required, not '{}'",
                types::type_name(value)
            ));
        };
        if step != 1 || data.len() != stop - start as usize {
            return value_error(
                "memoryview assignment: lvalue and rvalue have different structures",
            );
        }
        let at = view.start + start as usize;
        // The bounds' `__index__` may have shrunk the bytearray.
        return store(&view.object, |storage| match storage.get_mut(at..at + data.len()) {
            Some(target) => {
                target.copy_from_slice(&data);
                Ok(rt::none())
            }
            None => raise(ExcKind::IndexError, "index out of bounds on dimension 1"),
        });
    }
    let index = ops::to_index(key)?;
    let index = if index < 0 { index + count as i64 } else { index };
    if index < 0 || index >= count as i64 {
        return raise(ExcKind::IndexError, "index out of bounds on dimension 1");
    }
    let byte = match ops::to_index(value)? {
        b @ 0..=255 => b as u8,
        _ => return value_error("memoryview: invalid value for format 'B'"),
    };
    store(&view.object, |storage| match storage.get_mut(view.start + index as usize) {
        Some(slot) => {
            *slot = byte;
            Ok(rt::none())
        }
        None => raise(ExcKind::IndexError, "index out of bounds on dimension 1"),
    })
}

/// Runs `change` on the bytes of a writable viewed object (a bytearray or a BytesIO).
fn store(object: &PyRef, change: impl FnOnce(&mut [u8]) -> Res<PyRef>) -> Res<PyRef> {
    match &object.kind {
        Kind::ByteArray(storage) => change(&mut storage.borrow_mut()),
        _ => crate::modules::io::bytesio::with_buffer_mut(object, change)
            .unwrap_or_else(|| type_error("cannot modify read-only memory")),
    }
}

fn eq(a: Args) -> Res<PyRef> {
    let (_, view) = this(&a)?;
    let Some(other) = args_after_self(&a).first() else { return Ok(rt::not_implemented()) };
    let Some(theirs) = object_bytes(other)? else { return Ok(rt::not_implemented()) };
    Ok(rt::boolean(view_bytes(view)? == theirs))
}

fn enter(a: Args) -> Res<PyRef> {
    let (object, _) = this(&a)?;
    Ok(object.clone())
}

fn exit(a: Args) -> Res<PyRef> {
    let (_, view) = this(&a)?;
    view.release();
    Ok(rt::boolean(false))
}

fn repr(a: Args) -> Res<PyRef> {
    let (object, view) = this(&a)?;
    let what = if view.released.get() { "released memory" } else { "memory" };
    Ok(rt::str(format!("<{what} at 0x{:012x}>", rcgc::Gc::as_ptr(object) as usize)))
}

fn get_obj(a: Args) -> Res<PyRef> {
    let (_, view) = this(&a)?;
    Ok(view.object.clone())
}

fn get_format(a: Args) -> Res<PyRef> {
    let (_, view) = this(&a)?;
    Ok(rt::str(view.format.to_string()))
}

fn get_itemsize(a: Args) -> Res<PyRef> {
    let (_, view) = this(&a)?;
    Ok(rt::int(view.itemsize as i64))
}

fn get_nbytes(a: Args) -> Res<PyRef> {
    let (_, view) = this(&a)?;
    Ok(rt::int(view_bytes(view)?.len() as i64))
}

fn get_ndim(a: Args) -> Res<PyRef> {
    this(&a)?;
    Ok(rt::int(1))
}

fn get_shape(a: Args) -> Res<PyRef> {
    let (_, view) = this(&a)?;
    Ok(rt::tuple(vec![rt::int((view_bytes(view)?.len() / view.itemsize) as i64)]))
}

fn get_strides(a: Args) -> Res<PyRef> {
    let (_, view) = this(&a)?;
    view_bytes(view)?;
    Ok(rt::tuple(vec![rt::int(view.itemsize as i64)]))
}

fn get_readonly(a: Args) -> Res<PyRef> {
    let (_, view) = this(&a)?;
    let writable = matches!(view.object.kind, Kind::ByteArray(_))
        || crate::modules::io::bytesio::buffer(&view.object).is_some();
    Ok(rt::boolean(!writable))
}
