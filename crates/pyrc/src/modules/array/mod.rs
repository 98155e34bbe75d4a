//! The native `array` module (CPython's `Modules/arrayobject.c`): `array.array`, a native
//! type (`object::native_type`) whose state is its typecode and its items as machine values
//! (`storage`); every typecode, indexing and slices (assignment and deletion included),
//! `append`/`extend`/`insert`/`pop`/`remove`/`index`/`count`/`reverse`, `tobytes`/
//! `frombytes`/`tolist`/`fromlist`/`tounicode`/`fromunicode`, `byteswap`, `buffer_info`,
//! comparisons, `+`/`*` and their in-place forms, copying and pickling (`__reduce_ex__`).

mod storage;

use std::cell::RefCell;

use rcgc::Visitor;

use crate::object::error::Res;
use crate::object::exceptions::ExcKind;
use crate::object::native::{Args, MethodDef};
use crate::object::native_type::{
    args_after_self, state_of, AttrDef, ItemSlots, NativeClassDef, NativeObject,
};
use crate::object::runtime::{self as rt, raise, type_error, value_error};
use crate::object::{alloc, Kind, PyRef};
use crate::types::native_class::{make_class, new_class_arg, new_object};
use crate::types::{self, ops};

use storage::{convert, item_size, read, write, Item, TYPECODES};

/// An array's state: its typecode and its items' bytes (borrowed only around Rust code).
struct Array {
    code: u8,
    data: RefCell<Vec<u8>>,
}

impl NativeObject for Array {
    fn trace(&self, _visitor: &mut Visitor) {}

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

impl Array {
    fn size(&self) -> usize {
        item_size(self.code)
    }

    fn len(&self) -> usize {
        self.data.borrow().len() / self.size()
    }

    fn get(&self, i: usize) -> PyRef {
        let size = self.size();
        read(self.code, &self.data.borrow()[i * size..(i + 1) * size])
    }

    fn values(&self) -> Vec<PyRef> {
        let size = self.size();
        self.data.borrow().chunks(size).map(|slot| read(self.code, slot)).collect()
    }

    /// Appends converted items.
    fn push_items(&self, items: &[Item]) {
        let size = self.size();
        let mut data = self.data.borrow_mut();
        for item in items {
            let at = data.len();
            data.resize(at + size, 0);
            write(self.code, &mut data[at..at + size], *item);
        }
    }
}

static ARRAY: NativeClassDef = NativeClassDef {
    name: "array",
    module: "array",
    new: Some(array_new),
    methods: &[
        MethodDef { name: "append", function: append },
        MethodDef { name: "extend", function: extend },
        MethodDef { name: "insert", function: insert },
        MethodDef { name: "pop", function: pop },
        MethodDef { name: "remove", function: remove },
        MethodDef { name: "index", function: index },
        MethodDef { name: "count", function: count },
        MethodDef { name: "reverse", function: reverse },
        MethodDef { name: "tobytes", function: tobytes },
        MethodDef { name: "frombytes", function: frombytes },
        MethodDef { name: "tolist", function: tolist },
        MethodDef { name: "fromlist", function: fromlist },
        MethodDef { name: "tounicode", function: tounicode },
        MethodDef { name: "fromunicode", function: fromunicode },
        MethodDef { name: "byteswap", function: byteswap },
        MethodDef { name: "buffer_info", function: buffer_info },
        MethodDef { name: "__len__", function: len },
        MethodDef { name: "__getitem__", function: getitem },
        MethodDef { name: "__setitem__", function: setitem },
        MethodDef { name: "__delitem__", function: delitem },
        MethodDef { name: "__iter__", function: iter },
        MethodDef { name: "__contains__", function: contains },
        MethodDef { name: "__repr__", function: repr },
        MethodDef { name: "__eq__", function: compare },
        MethodDef { name: "__ne__", function: compare },
        MethodDef { name: "__lt__", function: compare },
        MethodDef { name: "__le__", function: compare },
        MethodDef { name: "__gt__", function: compare },
        MethodDef { name: "__ge__", function: compare },
        MethodDef { name: "__add__", function: add },
        MethodDef { name: "__iadd__", function: iadd },
        MethodDef { name: "__mul__", function: mul },
        MethodDef { name: "__rmul__", function: mul },
        MethodDef { name: "__imul__", function: imul },
        MethodDef { name: "__copy__", function: copy },
        MethodDef { name: "__deepcopy__", function: copy },
        MethodDef { name: "__reduce_ex__", function: reduce_ex },
    ],
    class_methods: &[],
    attributes: &[
        AttrDef { name: "typecode", get: get_typecode, set: None },
        AttrDef { name: "itemsize", get: get_itemsize, set: None },
    ],
    has_dict: true,
    subclassable: true,
    item_slots: Some(&ItemSlots { get: get_item, set: set_item }),
};

thread_local! {
    static CLASS: PyRef = make_class(&ARRAY, Vec::new());
}

fn class() -> PyRef {
    CLASS.with(Clone::clone)
}

/// `import array`.
pub fn array_module() -> PyRef {
    let class = class();
    super::new_module(
        "array",
        vec![("array", class.clone()), ("ArrayType", class), ("typecodes", rt::str(TYPECODES))],
    )
}

fn this<'a>(a: &'a Args) -> Res<(&'a PyRef, &'a Array)> {
    state_of::<Array>(a, &ARRAY)
}

fn rest<'a>(a: &'a Args) -> &'a [PyRef] {
    args_after_self(a)
}

fn array_of(object: &PyRef) -> Option<&Array> {
    crate::object::native_type::state::<Array>(object)
}

/// A new `array.array` of `code` with these bytes (slices, sums, products and copies of a
/// subclass's instance are plain arrays, as in CPython).
fn new_like(_like: &PyRef, code: u8, data: Vec<u8>) -> PyRef {
    new_object(&class(), Array { code, data: RefCell::new(data) })
}

/// Converts every item of an iterable first, then stores them (no half-done extension when a
/// conversion fails).
fn convert_all(code: u8, values: &[PyRef]) -> Res<Vec<Item>> {
    values.iter().map(|v| convert(code, v)).collect()
}

fn array_new(a: Args) -> Res<PyRef> {
    let cls = new_class_arg(&a, &class())?.clone();
    if !a.keywords.is_empty() {
        return type_error("array.array() takes no keyword arguments");
    }
    let args = &a.positional[1..];
    let (code, initializer) = match args {
        [code] => (code, None),
        [code, init] => (code, Some(init)),
        _ => {
            return type_error(format!("array() takes at most 2 arguments ({} given)", args.len()))
        }
    };
    let code = match crate::object::str_text(code) {
        Some(text) if text.chars().count() == 1 => text.chars().next().expect("one char"),
        _ => {
            return type_error(format!(
                "array() argument 1 must be a unicode character, not {}",
                types::type_name(code)
            ))
        }
    };
    if !code.is_ascii() || !TYPECODES.contains(code) {
        return value_error("bad typecode (must be b, B, u, h, H, i, I, l, L, q, Q, f or d)");
    }
    let code = code as u8;
    let array = Array { code, data: RefCell::new(Vec::new()) };
    if let Some(init) = initializer {
        match &init.kind {
            Kind::Bytes(_) | Kind::ByteArray(_) => {
                let data = ops::bytes_like(init).unwrap_or_default();
                if !data.len().is_multiple_of(item_size(code)) {
                    return value_error("bytes length not a multiple of item size");
                }
                *array.data.borrow_mut() = data;
            }
            Kind::Str(..) if code == b'u' => {
                let text = crate::object::str_text(init).unwrap_or("");
                let items: Vec<Item> = text.chars().map(|c| Item::Char(c as u32)).collect();
                array.push_items(&items);
            }
            Kind::Str(..) => {
                return type_error(format!(
                    "cannot use a str to initialize an array with typecode '{}'",
                    code as char
                ))
            }
            _ => {
                if let Some(other) = array_of(init) {
                    if other.code == b'u' && code != b'u' {
                        return type_error(format!(
                            "cannot use a unicode array to initialize an array with typecode '{}'",
                            code as char
                        ));
                    }
                }
                let items = convert_all(code, &ops::to_vec(init)?)?;
                array.push_items(&items);
            }
        }
    }
    Ok(new_object(&cls, array))
}

fn append(a: Args) -> Res<PyRef> {
    let (_, array) = this(&a)?;
    let [value] = rest(&a) else {
        return type_error(format!(
            "append() takes exactly one argument ({} given)",
            rest(&a).len()
        ));
    };
    let item = convert(array.code, value)?;
    array.push_items(&[item]);
    Ok(rt::none())
}

fn extend_from(array: &Array, source: &PyRef) -> Res<()> {
    if let Some(other) = array_of(source) {
        if other.code != array.code {
            return type_error("can only extend with array of same kind");
        }
        let extra = other.data.borrow().clone();
        array.data.borrow_mut().extend_from_slice(&extra);
        return Ok(());
    }
    let items = convert_all(array.code, &ops::to_vec(source)?)?;
    array.push_items(&items);
    Ok(())
}

fn extend(a: Args) -> Res<PyRef> {
    let (_, array) = this(&a)?;
    let [source] = rest(&a) else {
        return type_error("extend() takes exactly one argument");
    };
    extend_from(array, source)?;
    Ok(rt::none())
}

/// An index argument made absolute and clamped as `list.insert` does.
fn clamp(index: i64, length: usize) -> usize {
    if index < 0 {
        (length as i64 + index).max(0) as usize
    } else {
        (index as usize).min(length)
    }
}

fn insert(a: Args) -> Res<PyRef> {
    let (_, array) = this(&a)?;
    let [at, value] = rest(&a) else {
        return type_error(format!("insert expected 2 arguments, got {}", rest(&a).len()));
    };
    let index = ops::to_index(at)?;
    let item = convert(array.code, value)?;
    // Both conversions may run Python code: the length is read after them.
    let at = clamp(index, array.len());
    let size = array.size();
    let mut slot = vec![0u8; size];
    write(array.code, &mut slot, item);
    array.data.borrow_mut().splice(at * size..at * size, slot);
    Ok(rt::none())
}

fn pop(a: Args) -> Res<PyRef> {
    let (_, array) = this(&a)?;
    let index = match rest(&a) {
        [] => -1,
        [i] => ops::to_index(i)?,
        more => return type_error(format!("pop expected at most 1 argument, got {}", more.len())),
    };
    let length = array.len();
    if length == 0 {
        return raise(ExcKind::IndexError, "pop from empty array");
    }
    let i = if index < 0 { index + length as i64 } else { index };
    if i < 0 || i >= length as i64 {
        return raise(ExcKind::IndexError, "pop index out of range");
    }
    let i = i as usize;
    let value = array.get(i);
    let size = array.size();
    array.data.borrow_mut().drain(i * size..(i + 1) * size);
    Ok(value)
}

/// The position of the first item equal to `value` in `start..stop`.
fn position(array: &Array, value: &PyRef, start: usize, stop: usize) -> Res<Option<usize>> {
    // `==` runs Python code, which may shrink the array: the length is read on each step.
    let mut i = start;
    while i < stop.min(array.len()) {
        if ops::eq(&array.get(i), value)? {
            return Ok(Some(i));
        }
        i += 1;
    }
    Ok(None)
}

fn remove(a: Args) -> Res<PyRef> {
    let (_, array) = this(&a)?;
    let [value] = rest(&a) else { return type_error("remove() takes exactly one argument") };
    match position(array, value, 0, array.len())? {
        Some(i) => {
            let size = array.size();
            array.data.borrow_mut().drain(i * size..(i + 1) * size);
            Ok(rt::none())
        }
        None => value_error("array.remove(x): x not in array"),
    }
}

fn index(a: Args) -> Res<PyRef> {
    let (_, array) = this(&a)?;
    let args = rest(&a);
    let Some(value) = args.first() else {
        return type_error("index expected at least 1 argument, got 0");
    };
    let length = array.len();
    let start = match args.get(1) {
        Some(s) => clamp(ops::to_index(s)?, length),
        None => 0,
    };
    let stop = match args.get(2) {
        Some(s) => clamp(ops::to_index(s)?, length),
        None => length,
    };
    match position(array, value, start, stop)? {
        Some(i) => Ok(rt::int(i as i64)),
        None => value_error("array.index(x): x not in array"),
    }
}

fn count(a: Args) -> Res<PyRef> {
    let (_, array) = this(&a)?;
    let [value] = rest(&a) else { return type_error("count() takes exactly one argument") };
    let (mut n, mut i) = (0, 0);
    while i < array.len() {
        if ops::eq(&array.get(i), value)? {
            n += 1;
        }
        i += 1;
    }
    Ok(rt::int(n))
}

fn reverse(a: Args) -> Res<PyRef> {
    let (_, array) = this(&a)?;
    let size = array.size();
    let mut data = array.data.borrow_mut();
    let reversed: Vec<u8> = data.chunks(size).rev().flatten().copied().collect();
    *data = reversed;
    Ok(rt::none())
}

fn tobytes(a: Args) -> Res<PyRef> {
    let (_, array) = this(&a)?;
    let data = array.data.borrow().clone();
    Ok(alloc(Kind::Bytes(data.into())))
}

fn frombytes(a: Args) -> Res<PyRef> {
    let (_, array) = this(&a)?;
    let [source] = rest(&a) else { return type_error("frombytes() takes exactly one argument") };
    let Some(data) = ops::bytes_like(source) else {
        return type_error(format!(
            "a bytes-like object is required, not '{}'",
            types::type_name(source)
        ));
    };
    if !data.len().is_multiple_of(array.size()) {
        return value_error("bytes length not a multiple of item size");
    }
    array.data.borrow_mut().extend_from_slice(&data);
    Ok(rt::none())
}

fn tolist(a: Args) -> Res<PyRef> {
    let (_, array) = this(&a)?;
    Ok(rt::list(array.values()))
}

fn fromlist(a: Args) -> Res<PyRef> {
    let (_, array) = this(&a)?;
    let [source] = rest(&a) else { return type_error("fromlist() takes exactly one argument") };
    if !matches!(source.kind, Kind::List(_)) {
        return type_error("arg must be list");
    }
    let items = convert_all(array.code, &ops::to_vec(source)?)?;
    array.push_items(&items);
    Ok(rt::none())
}

fn tounicode(a: Args) -> Res<PyRef> {
    let (_, array) = this(&a)?;
    if array.code != b'u' {
        return value_error("tounicode() may only be called on unicode type arrays");
    }
    let text: String = array
        .data
        .borrow()
        .chunks(4)
        .map(|c| char::from_u32(u32::from_ne_bytes([c[0], c[1], c[2], c[3]])).unwrap_or('\u{fffd}'))
        .collect();
    Ok(rt::str(text))
}

fn fromunicode(a: Args) -> Res<PyRef> {
    let (_, array) = this(&a)?;
    let [source] = rest(&a) else { return type_error("fromunicode() takes exactly one argument") };
    if array.code != b'u' {
        return value_error("fromunicode() may only be called on unicode type arrays");
    }
    let Some(text) = crate::object::str_text(source) else {
        return type_error(format!(
            "fromunicode() argument must be str, not {}",
            types::type_name(source)
        ));
    };
    let items: Vec<Item> = text.chars().map(|c| Item::Char(c as u32)).collect();
    array.push_items(&items);
    Ok(rt::none())
}

fn byteswap(a: Args) -> Res<PyRef> {
    let (_, array) = this(&a)?;
    let size = array.size();
    array.data.borrow_mut().chunks_mut(size).for_each(<[u8]>::reverse);
    Ok(rt::none())
}

fn buffer_info(a: Args) -> Res<PyRef> {
    let (_, array) = this(&a)?;
    let address = array.data.borrow().as_ptr() as usize;
    Ok(rt::tuple(vec![rt::int(address as i64), rt::int(array.len() as i64)]))
}

fn len(a: Args) -> Res<PyRef> {
    let (_, array) = this(&a)?;
    Ok(rt::int(array.len() as i64))
}

/// The item positions a slice selects.
fn slice_positions(key: &PyRef, length: usize) -> Res<Vec<usize>> {
    let (start, stop, step) = ops::slice_indices(key, length)?;
    let mut positions = Vec::new();
    let mut i = start;
    while (step > 0 && i < stop) || (step < 0 && i > stop) {
        positions.push(i as usize);
        i += step;
    }
    Ok(positions)
}

/// An integer index made absolute, or `IndexError` with `what`'s message.
fn item_index(key: &PyRef, array: &Array, what: &str) -> Res<usize> {
    // The length is read after `__index__` ran: it may have resized the array.
    let i = ops::to_index(key)?;
    let length = array.len();
    let i = if i < 0 { i + length as i64 } else { i };
    if i < 0 || i >= length as i64 {
        return raise(ExcKind::IndexError, what);
    }
    Ok(i as usize)
}

fn key_arg<'a>(a: &'a Args, name: &str) -> Res<&'a PyRef> {
    match rest(a).first() {
        Some(key) => Ok(key),
        None => type_error(format!("{name} expected 1 argument, got 0")),
    }
}

fn getitem(a: Args) -> Res<PyRef> {
    let (object, _) = this(&a)?;
    let key = key_arg(&a, "__getitem__")?;
    get_item(object, key)
}

/// `a[key]` (the item slot and `__getitem__`).
fn get_item(object: &PyRef, key: &PyRef) -> Res<PyRef> {
    let array = array_of(object).expect("an array");
    // The common case first: a small int index.
    if let Kind::Int(crate::object::int::Int::Small(i)) = key.kind {
        let length = array.len() as i64;
        let i = if i < 0 { i + length } else { i };
        if i < 0 || i >= length {
            return raise(ExcKind::IndexError, "array index out of range");
        }
        return Ok(array.get(i as usize));
    }
    if matches!(key.kind, Kind::Slice(_)) {
        let size = array.size();
        let positions = slice_positions(key, array.len())?;
        let data = array.data.borrow();
        let mut out = Vec::with_capacity(positions.len() * size);
        // The bounds' `__index__` may have shrunk the array: positions past it are skipped.
        for i in positions {
            if let Some(slot) = data.get(i * size..(i + 1) * size) {
                out.extend_from_slice(slot);
            }
        }
        drop(data);
        return Ok(new_like(object, array.code, out));
    }
    if !matches!(key.kind, Kind::Int(_) | Kind::Bool(_))
        && ops::lookup_special(key, "__index__").is_none()
    {
        return type_error("array indices must be integers");
    }
    let i = item_index(key, array, "array index out of range")?;
    Ok(array.get(i))
}

fn setitem(a: Args) -> Res<PyRef> {
    let (object, _) = this(&a)?;
    let [key, value] = rest(&a) else { return type_error("__setitem__ expected 2 arguments") };
    set_item(object, key, value.clone())?;
    Ok(rt::none())
}

/// `a[key] = value` (the item slot and `__setitem__`).
fn set_item(object: &PyRef, key: &PyRef, value: PyRef) -> Res<()> {
    let array = array_of(object).expect("an array");
    let value = &value;
    let size = array.size();
    if matches!(key.kind, Kind::Slice(_)) {
        let Some(other) = array_of(value) else {
            return type_error(format!(
                "can only assign array (not \"{}\") to array slice",
                types::type_name(value)
            ));
        };
        if other.code != array.code {
            return type_error("bad argument type for built-in operation");
        }
        let source = other.data.borrow().clone();
        let (start, stop, step) = ops::slice_indices(key, array.len())?;
        if step == 1 {
            let mut data = array.data.borrow_mut();
            // Clamped: the bounds' `__index__` may have shrunk the array.
            let end = (stop.max(start) as usize * size).min(data.len());
            let begin = (start as usize * size).min(end);
            data.splice(begin..end, source);
            return Ok(());
        }
        let positions = slice_positions(key, array.len())?;
        if positions.len() * size != source.len() {
            return value_error(format!(
                "attempt to assign array of size {} to extended slice of size {}",
                source.len() / size,
                positions.len()
            ));
        }
        let mut data = array.data.borrow_mut();
        for (k, i) in positions.into_iter().enumerate() {
            if let Some(slot) = data.get_mut(i * size..(i + 1) * size) {
                slot.copy_from_slice(&source[k * size..(k + 1) * size]);
            }
        }
        return Ok(());
    }
    let i = item_index(key, array, "array assignment index out of range")?;
    let item = convert(array.code, value)?;
    let mut data = array.data.borrow_mut();
    if (i + 1) * size <= data.len() {
        write(array.code, &mut data[i * size..(i + 1) * size], item);
    }
    Ok(())
}

fn delitem(a: Args) -> Res<PyRef> {
    let (_, array) = this(&a)?;
    let key = key_arg(&a, "__delitem__")?;
    let size = array.size();
    let positions = if matches!(key.kind, Kind::Slice(_)) {
        slice_positions(key, array.len())?
    } else {
        vec![item_index(key, array, "array assignment index out of range")?]
    };
    let mut data = array.data.borrow_mut();
    let mut keep = vec![true; data.len() / size];
    for i in positions {
        if let Some(k) = keep.get_mut(i) {
            *k = false;
        }
    }
    let kept: Vec<u8> =
        data.chunks(size).zip(&keep).filter(|(_, k)| **k).flat_map(|(c, _)| c.to_vec()).collect();
    *data = kept;
    Ok(rt::none())
}

fn iter(a: Args) -> Res<PyRef> {
    let (_, array) = this(&a)?;
    // A snapshot: CPython's iterator reads the live array, which only matters when the loop
    // body resizes it.
    ops::iter(&rt::list(array.values()))
}

fn contains(a: Args) -> Res<PyRef> {
    let (_, array) = this(&a)?;
    let value = key_arg(&a, "__contains__")?;
    Ok(rt::boolean(position(array, value, 0, array.len())?.is_some()))
}

fn repr(a: Args) -> Res<PyRef> {
    let (object, array) = this(&a)?;
    // CPython's `_PyType_Name`: the class's own name, without its module.
    let name = types::class_name(&types::type_of(object));
    let code = array.code as char;
    if array.len() == 0 {
        return Ok(rt::str(format!("{name}('{code}')")));
    }
    let body = if array.code == b'u' {
        ops::repr(&tounicode(Args {
            name: "tounicode",
            receiver: None,
            positional: vec![object.clone()],
            keywords: Vec::new(),
        })?)?
        .to_string()
    } else {
        ops::repr(&rt::list(array.values()))?.to_string()
    };
    Ok(rt::str(format!("{name}('{code}', {body})")))
}

fn compare(a: Args) -> Res<PyRef> {
    let (_, array) = this(&a)?;
    let Some(other) = rest(&a).first().and_then(array_of) else {
        return Ok(rt::not_implemented());
    };
    let (mine, theirs) = (array.values(), other.values());
    if mine.len() != theirs.len() && matches!(a.name, "__eq__" | "__ne__") {
        return Ok(rt::boolean(a.name == "__ne__"));
    }
    // Lexicographic, as sequences compare.
    let op = match a.name {
        "__eq__" => crate::types::ops::CompareOp::Eq,
        "__ne__" => crate::types::ops::CompareOp::Ne,
        "__lt__" => crate::types::ops::CompareOp::Lt,
        "__le__" => crate::types::ops::CompareOp::Le,
        "__gt__" => crate::types::ops::CompareOp::Gt,
        _ => crate::types::ops::CompareOp::Ge,
    };
    ops::compare(&rt::list(mine), &rt::list(theirs), op)
}

fn same_kind<'a>(a: &'a Args, array: &Array, op: &str) -> Res<Option<&'a Array>> {
    let Some(other) = rest(a).first() else { return Ok(None) };
    match array_of(other) {
        Some(o) if o.code == array.code => Ok(Some(o)),
        Some(_) => type_error("bad argument type for built-in operation"),
        None if op == "+" => type_error(format!(
            "can only append array (not \"{}\") to array",
            types::type_name(other)
        )),
        None => Ok(None),
    }
}

fn add(a: Args) -> Res<PyRef> {
    let (object, array) = this(&a)?;
    let Some(other) = same_kind(&a, array, "+")? else { return Ok(rt::not_implemented()) };
    let mut data = array.data.borrow().clone();
    data.extend_from_slice(&other.data.borrow());
    Ok(new_like(object, array.code, data))
}

fn iadd(a: Args) -> Res<PyRef> {
    let (object, array) = this(&a)?;
    let Some(other) = same_kind(&a, array, "+")? else { return Ok(rt::not_implemented()) };
    let extra = other.data.borrow().clone();
    array.data.borrow_mut().extend_from_slice(&extra);
    Ok(object.clone())
}

fn repeat_count(a: &Args) -> Res<Option<usize>> {
    match rest(a).first() {
        Some(n) if matches!(n.kind, Kind::Int(_) | Kind::Bool(_)) => {
            Ok(Some(ops::to_index(n)?.max(0) as usize))
        }
        _ => Ok(None),
    }
}

fn mul(a: Args) -> Res<PyRef> {
    let (object, array) = this(&a)?;
    let Some(n) = repeat_count(&a)? else { return Ok(rt::not_implemented()) };
    let data = array.data.borrow();
    rt::check_allocation(n, data.len().max(1))?;
    let repeated = data.repeat(n);
    drop(data);
    Ok(new_like(object, array.code, repeated))
}

fn imul(a: Args) -> Res<PyRef> {
    let (object, array) = this(&a)?;
    let Some(n) = repeat_count(&a)? else { return Ok(rt::not_implemented()) };
    let mut data = array.data.borrow_mut();
    rt::check_allocation(n, data.len().max(1))?;
    let repeated = data.repeat(n);
    *data = repeated;
    Ok(object.clone())
}

fn copy(a: Args) -> Res<PyRef> {
    let (object, array) = this(&a)?;
    let data = array.data.borrow().clone();
    Ok(new_like(object, array.code, data))
}

/// `(type(a), (typecode, a.tolist()), a.__dict__ or None)`: rebuilt by calling the class.
fn reduce_ex(a: Args) -> Res<PyRef> {
    let (object, array) = this(&a)?;
    let code = rt::str((array.code as char).to_string());
    let args = rt::tuple(vec![code, rt::list(array.values())]);
    let dict = match crate::types::attr::lookup(object, "__dict__")? {
        Some(d) if ops::len(&d)? > 0 => d,
        _ => rt::none(),
    };
    Ok(rt::tuple(vec![types::type_of(object), args, dict]))
}

fn get_typecode(a: Args) -> Res<PyRef> {
    let (_, array) = this(&a)?;
    Ok(rt::str((array.code as char).to_string()))
}

fn get_itemsize(a: Args) -> Res<PyRef> {
    let (_, array) = this(&a)?;
    Ok(rt::int(array.size() as i64))
}
