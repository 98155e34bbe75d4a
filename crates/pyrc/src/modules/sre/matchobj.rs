//! `re.Match`: the result of a successful match: spans by group number (code-point
//! positions), the text of groups sliced from the subject on demand.

use rcgc::Visitor;

use crate::object::error::Res;
use crate::object::exceptions::ExcKind;
use crate::object::native::{Args, MethodDef};
use crate::object::native_type::{
    args_after_self, state_of, AttrDef, NativeClassDef, NativeObject,
};
use crate::object::runtime::{self as rt, raise, type_error};
use crate::object::{Kind, PyRef};
use crate::types::native_class::{make_class, new_object};
use crate::types::ops;

use super::pattern::Pattern;
use super::{check_count, subject, Found};

/// A match's state.
pub(crate) struct Match {
    /// The subject matched.
    pub string: PyRef,
    /// The `re.Pattern` object.
    pub pattern: PyRef,
    pub pos: usize,
    pub endpos: usize,
    /// `(start, end)` of the match (index 0) and of each group (`-1, -1`: not matched).
    pub spans: Vec<(isize, isize)>,
    pub lastindex: isize,
}

impl NativeObject for Match {
    fn trace(&self, visitor: &mut Visitor) {
        visitor.visit(&self.string);
        visitor.visit(&self.pattern);
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

static MATCH: NativeClassDef = NativeClassDef {
    name: "Match",
    module: "re",
    new: None,
    methods: &[
        MethodDef { name: "group", function: group },
        MethodDef { name: "__getitem__", function: getitem },
        MethodDef { name: "groups", function: groups },
        MethodDef { name: "groupdict", function: groupdict },
        MethodDef { name: "start", function: span_part },
        MethodDef { name: "end", function: span_part },
        MethodDef { name: "span", function: span_part },
        MethodDef { name: "expand", function: expand },
        MethodDef { name: "__copy__", function: copy },
        MethodDef { name: "__deepcopy__", function: copy },
        MethodDef { name: "__repr__", function: repr },
    ],
    class_methods: &[MethodDef { name: "__class_getitem__", function: super::class_getitem }],
    attributes: &[
        AttrDef { name: "string", get: get_attribute, set: None },
        AttrDef { name: "re", get: get_attribute, set: None },
        AttrDef { name: "pos", get: get_attribute, set: None },
        AttrDef { name: "endpos", get: get_attribute, set: None },
        AttrDef { name: "lastindex", get: get_attribute, set: None },
        AttrDef { name: "lastgroup", get: get_attribute, set: None },
        AttrDef { name: "regs", get: get_attribute, set: None },
    ],
    has_dict: false,
    subclassable: false,
    item_slots: None,
};

thread_local! {
    static CLASS: PyRef = make_class(&MATCH, Vec::new());
}

/// `re.Match`.
pub(super) fn class() -> PyRef {
    CLASS.with(Clone::clone)
}

/// A new match object of `pattern` (a `re.Pattern` object) over `string`.
pub(super) fn new_match(
    pattern: &PyRef,
    string: &PyRef,
    pos: usize,
    endpos: usize,
    found: Found,
) -> PyRef {
    let spans = found.spans;
    let state = Match {
        string: string.clone(),
        pattern: pattern.clone(),
        pos,
        endpos,
        spans,
        lastindex: found.lastindex,
    };
    new_object(&class(), state)
}

fn this<'a>(a: &'a Args) -> Res<(&'a PyRef, &'a Match)> {
    state_of::<Match>(a, &MATCH)
}

fn pattern_of(m: &Match) -> &Pattern {
    crate::object::native_type::state::<Pattern>(&m.pattern).expect("a match's pattern")
}

/// The group number `index` names (an int, or a name of `groupindex`); CPython's
/// `match_getindex`.
fn group_index(m: &Match, index: &PyRef) -> Res<usize> {
    let number = match &index.kind {
        Kind::Int(_) | Kind::Bool(_) => Some(ops::to_index(index)?),
        Kind::Str(..) | Kind::Bytes(_) => match ops::dict_get(&pattern_of(m).groupindex, index)? {
            Some(number) if matches!(number.kind, Kind::Int(_)) => Some(ops::to_index(&number)?),
            _ => None,
        },
        _ => match ops::lookup_special_name(index, crate::object::hash::name!("__index__")) {
            Some(_) => Some(ops::to_index(index)?),
            None => match ops::dict_get(&pattern_of(m).groupindex, index) {
                Ok(Some(number)) if matches!(number.kind, Kind::Int(_)) => {
                    Some(ops::to_index(&number)?)
                }
                _ => None,
            },
        },
    };
    match number {
        Some(n) if n >= 0 && (n as usize) < m.spans.len() => Ok(n as usize),
        _ => raise(ExcKind::IndexError, "no such group"),
    }
}

/// The text of group `index`, or `default` when it did not take part.
fn group_value(m: &Match, index: usize, default: &PyRef) -> Res<PyRef> {
    let (start, end) = m.spans[index];
    if start < 0 {
        return Ok(default.clone());
    }
    subject::slice(&m.string, start as usize, end as usize)
}

fn group(a: Args) -> Res<PyRef> {
    let (_, m) = this(&a)?;
    a.no_keywords("group")?;
    let none = rt::none();
    match args_after_self(&a) {
        [] => group_value(m, 0, &none),
        [index] => group_value(m, group_index(m, index)?, &none),
        indexes => {
            let mut items = Vec::with_capacity(indexes.len());
            for index in indexes {
                items.push(group_value(m, group_index(m, index)?, &none)?);
            }
            Ok(rt::tuple(items))
        }
    }
}

fn getitem(a: Args) -> Res<PyRef> {
    let (_, m) = this(&a)?;
    let Some(index) = args_after_self(&a).first() else {
        return type_error("expected 1 argument, got 0");
    };
    group_value(m, group_index(m, index)?, &rt::none())
}

/// The `default=None` argument of `groups` and `groupdict`.
fn default_arg(a: &Args) -> Res<PyRef> {
    let args = args_after_self(a);
    check_count(a.name, args.len(), 1)?;
    let values =
        crate::object::native::bind_arguments(a.name, args, &a.keywords, &["default"], 0, &[])?;
    Ok(values[0].clone().unwrap_or_else(rt::none))
}

fn groups(a: Args) -> Res<PyRef> {
    let (_, m) = this(&a)?;
    let default = default_arg(&a)?;
    let mut items = Vec::with_capacity(m.spans.len().saturating_sub(1));
    for index in 1..m.spans.len() {
        items.push(group_value(m, index, &default)?);
    }
    Ok(rt::tuple(items))
}

fn groupdict(a: Args) -> Res<PyRef> {
    let (_, m) = this(&a)?;
    let default = default_arg(&a)?;
    let result = rt::new_dict();
    let groupindex = pattern_of(m).groupindex.clone();
    let Kind::Dict(cell) = &groupindex.kind else { return Ok(result) };
    let entries: Vec<(PyRef, PyRef)> =
        cell.borrow().iter().map(|(_, key, value)| (key.clone(), value.clone())).collect();
    for (name, number) in entries {
        let index = group_index(m, &number)?;
        let value = group_value(m, index, &default)?;
        crate::types::ops::setitem(&result, &name, value)?;
    }
    Ok(result)
}

/// `start`, `end` and `span`.
fn span_part(a: Args) -> Res<PyRef> {
    let (_, m) = this(&a)?;
    a.no_keywords(a.name)?;
    let index = match args_after_self(&a) {
        [] => 0,
        [index] => group_index(m, index)?,
        more => {
            return type_error(format!(
                "{} expected at most 1 argument, got {}",
                a.name,
                more.len()
            ))
        }
    };
    let (start, end) = m.spans[index];
    Ok(match a.name {
        "start" => rt::int(start as i64),
        "end" => rt::int(end as i64),
        _ => rt::tuple(vec![rt::int(start as i64), rt::int(end as i64)]),
    })
}

/// `expand(template)`: `re._expand(pattern, match, template)`.
fn expand(a: Args) -> Res<PyRef> {
    let (object, m) = this(&a)?;
    let args = args_after_self(&a);
    check_count("expand", args.len(), 1)?;
    let values =
        crate::object::native::bind_arguments("expand", args, &a.keywords, &["template"], 1, &[])?;
    let template = values[0].clone().expect("bound as required");
    let re = super::super::import("re")?;
    let function = crate::types::attr::getattr(&re, "_expand")?;
    ops::call(&function, vec![m.pattern.clone(), object.clone(), template], vec![])
}

fn copy(a: Args) -> Res<PyRef> {
    let (object, _) = this(&a)?;
    Ok(object.clone())
}

fn repr(a: Args) -> Res<PyRef> {
    let (_, m) = this(&a)?;
    let text = group_value(m, 0, &rt::none())?;
    let (start, end) = m.spans[0];
    Ok(rt::str(format!("<re.Match object; span=({start}, {end}), match={}>", ops::repr(&text)?)))
}

fn get_attribute(a: Args) -> Res<PyRef> {
    let (_, m) = this(&a)?;
    Ok(match a.name {
        "string" => m.string.clone(),
        "re" => m.pattern.clone(),
        "pos" => rt::int(m.pos as i64),
        "endpos" => rt::int(m.endpos as i64),
        "lastindex" if m.lastindex < 0 => rt::none(),
        "lastindex" => rt::int(m.lastindex as i64),
        "lastgroup" => {
            let indexgroup = &pattern_of(m).indexgroup;
            match (&indexgroup.kind, usize::try_from(m.lastindex)) {
                (Kind::Tuple(names), Ok(index)) if index < names.len() => names[index].clone(),
                _ => rt::none(),
            }
        }
        _ => {
            let spans = m
                .spans
                .iter()
                .map(|(start, end)| rt::tuple(vec![rt::int(*start as i64), rt::int(*end as i64)]))
                .collect();
            rt::tuple(spans)
        }
    })
}
