//! CPython's struct sequences (`Objects/structseq.c`) for `posix`: a subclass of `tuple` whose
//! first items are also named attributes, with more named attributes that are not items
//! (`os.stat_result`'s `st_atime` float after the tuple's int one), a `name(field=value, ...)`
//! repr and a constructor from a sequence (`os.terminal_size((80, 24))`, as `shutil` makes one).

use crate::object::error::Res;
use crate::object::native::Args;
use crate::object::runtime::{self as rt, type_error};
use crate::object::{Kind, PyRef};
use crate::types::{self, ops, BuiltinType};

use super::super::native;

/// A struct sequence type: its name, module, every field and how many are tuple items. A
/// name may come twice: the later value is the attribute (`stat_result`'s `st_atime` is an
/// int item but a float attribute), the earlier one names the item in the repr.
pub(super) struct StructSeqDef {
    pub name: &'static str,
    pub module: &'static str,
    pub fields: &'static [&'static str],
    pub visible: usize,
}

/// Makes the class of `def`.
pub(super) fn make(def: &'static StructSeqDef) -> PyRef {
    let dict = rt::new_dict();
    rt::dict_set_str(&dict, "__module__", rt::str(def.module));
    rt::dict_set_str(&dict, "n_sequence_fields", rt::int(def.visible as i64));
    rt::dict_set_str(&dict, "n_fields", rt::int(def.fields.len() as i64));
    rt::dict_set_str(&dict, "n_unnamed_fields", rt::int(0));
    rt::dict_set_str(&dict, "__repr__", native("__repr__", repr));
    rt::dict_set_str(&dict, "__reduce__", native("__reduce__", reduce));
    rt::dict_set_str(
        &dict,
        "__new__",
        crate::object::alloc(Kind::StaticMethod(native("__new__", new))),
    );
    let class = types::new_class(def.name, vec![rt::builtin_type(BuiltinType::Tuple)], dict, None)
        .expect("tuple has an MRO");
    rt::dict_set_str(&class_dict(&class), "__pyrc_fields__", {
        let names = def.fields.iter().map(rt::str).collect();
        rt::tuple(names)
    });
    class
}

fn class_dict(class: &PyRef) -> PyRef {
    match &class.kind {
        Kind::Class(data) => data.dict.clone(),
        _ => unreachable!("a class"),
    }
}

/// An instance of `class` with `values` for its fields, in order (the first `visible` are the
/// tuple's items; a later value of the same name is the attribute).
pub(super) fn instance(
    class: &PyRef,
    visible: usize,
    fields: &[&str],
    values: Vec<PyRef>,
) -> PyRef {
    let object = rt::instance_with_base(class.clone(), Some(rt::tuple(values[..visible].to_vec())));
    if let Some(instance) = object.instance() {
        for (name, value) in fields.iter().zip(values) {
            rt::dict_set_str(&instance.dict, name, value);
        }
    }
    object
}

/// The field names and the number of items of `class` (or of its struct-sequence base).
fn layout(class: &PyRef) -> Res<(Vec<String>, usize)> {
    let fields = crate::types::attr::getattr(class, "__pyrc_fields__")?;
    let visible = ops::to_index(&crate::types::attr::getattr(class, "n_sequence_fields")?)?;
    let names = ops::to_vec(&fields)?
        .iter()
        .map(|f| types::str::text(f).unwrap_or_default().to_string())
        .collect();
    Ok((names, visible as usize))
}

/// `cls(sequence)`: the first items fill the fields in order; the others are `None`.
fn new(a: Args) -> Res<PyRef> {
    let Some(class) = a.positional.first() else {
        return type_error("structseq.__new__(): not enough arguments");
    };
    let Some(sequence) = a.positional.get(1).cloned().or_else(|| a.keyword("sequence")) else {
        return type_error("structseq() missing required argument 'sequence' (pos 1)");
    };
    let (fields, visible) = layout(class)?;
    let mut values = ops::to_vec(&sequence)?;
    let name = types::class_name(class);
    if values.len() < visible {
        return type_error(format!(
            "{name}() takes an at least {visible}-sequence ({}-sequence given)",
            values.len()
        ));
    }
    if values.len() > fields.len() {
        return type_error(format!(
            "{name}() takes an at most {}-sequence ({}-sequence given)",
            fields.len(),
            values.len()
        ));
    }
    values.resize(fields.len(), rt::none());
    let names: Vec<&str> = fields.iter().map(String::as_str).collect();
    Ok(instance(class, visible, &names, values))
}

/// `os.stat_result(st_mode=33188, ...)`: the tuple's items by name.
fn repr(a: Args) -> Res<PyRef> {
    let object = a.arg(0);
    let class = crate::object::class::type_of(&object);
    let (fields, visible) = layout(&class)?;
    let module = crate::types::attr::getattr(&class, "__module__")?;
    let items = match crate::object::builtin_base(&object) {
        Some(base) => ops::to_vec(&base)?,
        None => Vec::new(),
    };
    let mut parts = Vec::with_capacity(visible);
    for (name, value) in fields.iter().zip(&items).take(visible) {
        parts.push(format!("{name}={}", ops::repr(value)?));
    }
    Ok(rt::str(format!(
        "{}.{}({})",
        ops::str_of(&module)?,
        types::class_name(&class),
        parts.join(", ")
    )))
}

/// `(cls, (items,))`, enough for `copy` and `pickle` to rebuild it.
fn reduce(a: Args) -> Res<PyRef> {
    let object = a.arg(0);
    let class = crate::object::class::type_of(&object);
    let items = match crate::object::builtin_base(&object) {
        Some(base) => base,
        None => rt::tuple(vec![]),
    };
    Ok(rt::tuple(vec![class, rt::tuple(vec![items])]))
}
