//! `re.Pattern`: a compiled pattern (`_sre.compile`), and its methods: `match`, `fullmatch`,
//! `search`, `findall`, `finditer`, `scanner`, `split`, `sub`, `subn`, with CPython 3.11's
//! semantics (empty matches adjacent to a previous match are allowed, `must_advance`).

use std::cell::Cell;

use rcgc::Visitor;

use crate::object::error::Res;
use crate::object::exceptions::ExcKind;
use crate::object::native::{Args, MethodDef};
use crate::object::native_type::{
    args_after_self, state_of, AttrDef, NativeClassDef, NativeObject,
};
use crate::object::runtime::{self as rt, raise, type_error};
use crate::object::{alloc, Iter, Kind, PyRef};
use crate::types::native_class::{make_class, new_object};
use crate::types::ops;

use super::subject::{self, with_text};
use super::{check_count, matchobj, position, run, scanner, Found, Mode};

/// A compiled pattern's state.
pub(crate) struct Pattern {
    /// The source pattern (str, bytes or `None`).
    pub pattern: PyRef,
    pub flags: i64,
    pub code: Vec<u32>,
    /// The number of capturing groups.
    pub groups: usize,
    /// Group names to numbers (a dict).
    pub groupindex: PyRef,
    /// Group numbers to names (a tuple, `None` for unnamed groups).
    pub indexgroup: PyRef,
    /// Whether it matches bytes (`None`: made without a source pattern, matches either).
    pub is_bytes: Option<bool>,
    /// The hash, computed once.
    hash: Cell<Option<i64>>,
}

impl NativeObject for Pattern {
    fn trace(&self, visitor: &mut Visitor) {
        visitor.visit(&self.pattern);
        visitor.visit(&self.groupindex);
        visitor.visit(&self.indexgroup);
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

pub(super) static PATTERN: NativeClassDef = NativeClassDef {
    name: "Pattern",
    module: "re",
    new: None,
    methods: &[
        MethodDef { name: "match", function: match_ },
        MethodDef { name: "fullmatch", function: match_ },
        MethodDef { name: "search", function: match_ },
        MethodDef { name: "findall", function: findall },
        MethodDef { name: "finditer", function: finditer },
        MethodDef { name: "scanner", function: scanner_method },
        MethodDef { name: "split", function: split },
        MethodDef { name: "sub", function: sub },
        MethodDef { name: "subn", function: sub },
        MethodDef { name: "__copy__", function: copy },
        MethodDef { name: "__deepcopy__", function: copy },
        MethodDef { name: "__repr__", function: repr },
        MethodDef { name: "__eq__", function: eq },
        MethodDef { name: "__ne__", function: eq },
        MethodDef { name: "__hash__", function: hash },
    ],
    class_methods: &[MethodDef { name: "__class_getitem__", function: super::class_getitem }],
    attributes: &[
        AttrDef { name: "pattern", get: get_attribute, set: None },
        AttrDef { name: "flags", get: get_attribute, set: None },
        AttrDef { name: "groups", get: get_attribute, set: None },
        AttrDef { name: "groupindex", get: get_attribute, set: None },
    ],
    has_dict: false,
    subclassable: false,
    item_slots: None,
};

thread_local! {
    static CLASS: PyRef = make_class(&PATTERN, Vec::new());
}

/// `re.Pattern`.
pub(super) fn class() -> PyRef {
    CLASS.with(Clone::clone)
}

fn this<'a>(a: &'a Args) -> Res<(&'a PyRef, &'a Pattern)> {
    state_of::<Pattern>(a, &PATTERN)
}

/// `_sre.compile(pattern, flags, code, groups, groupindex, indexgroup)`.
pub(super) fn compile(a: Args) -> Res<PyRef> {
    let names = ["pattern", "flags", "code", "groups", "groupindex", "indexgroup"];
    check_count("compile", a.positional.len(), 6)?;
    let values = a.bind("compile", &names, 6, &[])?;
    let value = |i: usize| values[i].clone().expect("bound as required");
    let pattern = value(0);
    let flags = ops::to_index(&value(1))?;
    let Kind::List(items) = &value(2).kind else {
        return type_error(format!(
            "compile() argument 'code' must be list, not {}",
            crate::types::type_name(&value(2))
        ));
    };
    let items = items.borrow().to_vec();
    let mut code = Vec::with_capacity(items.len());
    for item in &items {
        let word = match &item.kind {
            Kind::Int(_) | Kind::Bool(_) => ops::to_bigint(item),
            _ => Some(num_bigint::BigInt::from(ops::to_index(item)?)),
        };
        match word.as_ref().and_then(num_traits::ToPrimitive::to_u32) {
            Some(word) => code.push(word),
            None => {
                return raise(ExcKind::OverflowError, "regular expression code size limit exceeded")
            }
        }
    }
    let groups = usize::try_from(ops::to_index(&value(3))?).unwrap_or(0);
    if !super::validate::valid(&code, groups) {
        return raise(ExcKind::RuntimeError, "invalid SRE code");
    }
    let groupindex = value(4);
    if !matches!(groupindex.kind, Kind::Dict(_)) {
        return type_error(format!(
            "compile() argument 'groupindex' must be dict, not {}",
            crate::types::type_name(&groupindex)
        ));
    }
    let indexgroup = value(5);
    if !matches!(indexgroup.kind, Kind::Tuple(_)) {
        return type_error(format!(
            "compile() argument 'indexgroup' must be tuple, not {}",
            crate::types::type_name(&indexgroup)
        ));
    }
    let is_bytes = match &pattern.kind {
        Kind::None => None,
        _ => Some(subject::shape(&pattern)?.is_bytes),
    };
    let state = Pattern {
        pattern,
        flags,
        code,
        groups,
        groupindex,
        indexgroup,
        is_bytes,
        hash: Cell::new(None),
    };
    Ok(new_object(&class(), state))
}

/// Checks that `string` can be matched by the pattern; its length in characters.
fn subject_len(pattern: &Pattern, string: &PyRef) -> Res<usize> {
    let shape = subject::shape(string)?;
    match pattern.is_bytes {
        Some(false) if shape.is_bytes => {
            type_error("cannot use a string pattern on a bytes-like object")
        }
        Some(true) if !shape.is_bytes => {
            type_error("cannot use a bytes pattern on a string-like object")
        }
        _ => Ok(shape.len),
    }
}

/// The `(string, pos=0, endpos=sys.maxsize)` arguments: the subject, its start and end.
fn string_pos_endpos(a: &Args, pattern: &Pattern) -> Res<(PyRef, usize, usize)> {
    let args = args_after_self(a);
    // The common call, `p.search(s)`: nothing to bind.
    if let ([string], true) = (args, a.keywords.is_empty()) {
        let len = subject_len(pattern, string)?;
        return Ok((string.clone(), 0, len));
    }
    check_count(a.name, args.len(), 3)?;
    let values = crate::object::native::bind_arguments(
        a.name,
        args,
        &a.keywords,
        &["string", "pos", "endpos"],
        1,
        &[],
    )?;
    let string = values[0].clone().expect("bound as required");
    let len = subject_len(pattern, &string)?;
    let pos = position(values[1].as_ref(), 0, len)?;
    let endpos = position(values[2].as_ref(), len, len)?;
    Ok((string, pos, endpos))
}

/// Runs the pattern once over `string[start:end]`.
pub(super) fn apply(
    pattern: &Pattern,
    string: &PyRef,
    start: usize,
    end: usize,
    mode: Mode,
    must_advance: bool,
) -> Res<Option<Found>> {
    with_text(string, |text| {
        run(&pattern.code, pattern.groups, text, start, end, mode, must_advance)
    })?
}

/// `match`, `fullmatch` and `search`.
fn match_(a: Args) -> Res<PyRef> {
    let (object, pattern) = this(&a)?;
    let (string, pos, endpos) = string_pos_endpos(&a, pattern)?;
    let mode = match a.name {
        "match" => Mode::Match,
        "fullmatch" => Mode::FullMatch,
        _ => Mode::Search,
    };
    Ok(match apply(pattern, &string, pos, endpos, mode, false)? {
        Some(found) => matchobj::new_match(object, &string, pos, endpos, found),
        None => rt::none(),
    })
}

/// A group's text for `findall` (an unmatched group is empty).
fn group_text(string: &PyRef, span: (isize, isize), is_bytes: bool) -> Res<PyRef> {
    if span.0 < 0 {
        return Ok(subject::empty(is_bytes));
    }
    subject::slice(string, span.0 as usize, span.1 as usize)
}

fn findall(a: Args) -> Res<PyRef> {
    let (_, pattern) = this(&a)?;
    let (string, mut start, end) = string_pos_endpos(&a, pattern)?;
    let is_bytes = subject::shape(&string)?.is_bytes;
    let mut items = Vec::new();
    let mut must_advance = false;
    while start <= end {
        let Some(found) = apply(pattern, &string, start, end, Mode::Search, must_advance)? else {
            break;
        };
        let item = match pattern.groups {
            0 => subject::slice(&string, found.start, found.end)?,
            1 => group_text(&string, found.spans[1], is_bytes)?,
            _ => {
                let mut groups = Vec::with_capacity(pattern.groups);
                for span in &found.spans[1..] {
                    groups.push(group_text(&string, *span, is_bytes)?);
                }
                rt::tuple(groups)
            }
        };
        items.push(item);
        must_advance = found.end == found.start;
        start = found.end;
    }
    Ok(rt::list(items))
}

/// `finditer`: CPython's `iter(scanner.search, None)`.
fn finditer(a: Args) -> Res<PyRef> {
    let (object, pattern) = this(&a)?;
    let (string, pos, endpos) = string_pos_endpos(&a, pattern)?;
    let scanner = scanner::new_scanner(object, &string, pos, endpos);
    let search = crate::types::attr::getattr(&scanner, "search")?;
    Ok(alloc(Kind::iterator(Iter::CallUntil { callable: search, sentinel: rt::none() })))
}

fn scanner_method(a: Args) -> Res<PyRef> {
    let (object, pattern) = this(&a)?;
    let (string, pos, endpos) = string_pos_endpos(&a, pattern)?;
    Ok(scanner::new_scanner(object, &string, pos, endpos))
}

/// A count argument (`maxsplit`, `count`): an index.
fn count_arg(value: Option<&PyRef>) -> Res<i64> {
    match value {
        Some(value) => ops::to_index(value),
        None => Ok(0),
    }
}

fn split(a: Args) -> Res<PyRef> {
    let (_, pattern) = this(&a)?;
    let args = args_after_self(&a);
    check_count("split", args.len(), 2)?;
    let values = crate::object::native::bind_arguments(
        "split",
        args,
        &a.keywords,
        &["string", "maxsplit"],
        1,
        &[],
    )?;
    let string = values[0].clone().expect("bound as required");
    let len = subject_len(pattern, &string)?;
    let maxsplit = count_arg(values[1].as_ref())?;
    let mut items = Vec::new();
    let (mut last, mut start, mut n, mut must_advance) = (0usize, 0usize, 0i64, false);
    while maxsplit == 0 || n < maxsplit {
        let Some(found) = apply(pattern, &string, start, len, Mode::Search, must_advance)? else {
            break;
        };
        items.push(subject::slice(&string, last, found.start)?);
        for span in &found.spans[1..] {
            items.push(if span.0 < 0 {
                rt::none()
            } else {
                subject::slice(&string, span.0 as usize, span.1 as usize)?
            });
        }
        n += 1;
        must_advance = found.end == found.start;
        last = found.end;
        start = found.end;
    }
    // The part after the last match, even if empty.
    items.push(subject::slice(&string, last, len)?);
    Ok(rt::list(items))
}

/// What replaces each match in `sub`: the template itself, or a function of the match.
enum Filter {
    Literal(PyRef),
    Call(PyRef),
}

/// CPython's `pattern_subx` choice: a callable is called; a str or bytes template without a
/// backslash is literal; anything else goes through `re._subx` (template expansion).
fn filter_for(object: &PyRef, template: &PyRef) -> Res<Filter> {
    if ops::callable(template) {
        return Ok(Filter::Call(template.clone()));
    }
    // Any str or bytes-like template (bytearray, memoryview, subclasses) qualifies, as
    // CPython's `getstring` takes them.
    let literal = subject::shape(template).is_ok()
        && with_text(template, |text| match text {
            subject::Text::Bytes(bytes) => !bytes.contains(&b'\\'),
            subject::Text::Str(text) => !text.contains('\\'),
        })?;
    if literal {
        return Ok(Filter::Literal(template.clone()));
    }
    let re = super::super::import("re")?;
    let subx = crate::types::attr::getattr(&re, "_subx")?;
    let filter = ops::call(&subx, vec![object.clone(), template.clone()], vec![])?;
    Ok(if ops::callable(&filter) { Filter::Call(filter) } else { Filter::Literal(filter) })
}

/// `sub` and `subn`.
fn sub(a: Args) -> Res<PyRef> {
    let (object, pattern) = this(&a)?;
    let args = args_after_self(&a);
    check_count(a.name, args.len(), 3)?;
    let values = crate::object::native::bind_arguments(
        a.name,
        args,
        &a.keywords,
        &["repl", "string", "count"],
        2,
        &[],
    )?;
    let template = values[0].clone().expect("bound as required");
    let string = values[1].clone().expect("bound as required");
    let count = count_arg(values[2].as_ref())?;
    let len = subject_len(pattern, &string)?;
    let is_bytes = subject::shape(&string)?.is_bytes;
    let filter = filter_for(object, &template)?;
    let mut pieces = Vec::new();
    let (mut last, mut start, mut n, mut must_advance) = (0usize, 0usize, 0i64, false);
    while count == 0 || n < count {
        let Some(found) = apply(pattern, &string, start, len, Mode::Search, must_advance)? else {
            break;
        };
        let (b, e) = (found.start, found.end);
        if last < b {
            pieces.push(subject::slice(&string, last, b)?);
        }
        match &filter {
            Filter::Literal(text) => pieces.push(text.clone()),
            Filter::Call(function) => {
                let m = matchobj::new_match(object, &string, 0, len, found);
                let item = ops::call(function, vec![m], vec![])?;
                if !matches!(item.kind, Kind::None) {
                    pieces.push(item);
                }
            }
        }
        last = e;
        n += 1;
        must_advance = e == b;
        start = e;
    }
    if last < len {
        pieces.push(subject::slice(&string, last, len)?);
    }
    let result = if pieces.is_empty() {
        subject::slice(&string, 0, 0)?
    } else {
        subject::join(&pieces, is_bytes)?
    };
    let result = if n == 0 && is_exact_string(&string) { string.clone() } else { result };
    Ok(if a.name == "subn" { rt::tuple(vec![result, rt::int(n)]) } else { result })
}

/// Whether `object` is an exact str or bytes (returned unchanged when nothing was replaced).
fn is_exact_string(object: &PyRef) -> bool {
    matches!(object.kind, Kind::Str(..) | Kind::Bytes(_))
}

fn copy(a: Args) -> Res<PyRef> {
    let (object, _) = this(&a)?;
    Ok(object.clone())
}

/// CPython's flag names for the repr, in its order.
const FLAG_NAMES: &[(i64, &str)] = &[
    (1, "re.TEMPLATE"),
    (2, "re.IGNORECASE"),
    (4, "re.LOCALE"),
    (8, "re.MULTILINE"),
    (16, "re.DOTALL"),
    (32, "re.UNICODE"),
    (64, "re.VERBOSE"),
    (128, "re.DEBUG"),
    (256, "re.ASCII"),
];

fn repr(a: Args) -> Res<PyRef> {
    let (_, pattern) = this(&a)?;
    let source = ops::repr(&pattern.pattern)?;
    // CPython's `%.200R`: at most 200 characters of the pattern's repr.
    let source: String = source.chars().take(200).collect();
    let mut flags = pattern.flags;
    // The default for a str pattern is not shown.
    if pattern.is_bytes == Some(false) && flags & (4 | 32 | 256) == 32 {
        flags &= !32;
    }
    if flags == 0 {
        return Ok(rt::str(format!("re.compile({source})")));
    }
    let mut names = Vec::new();
    for (bit, name) in FLAG_NAMES {
        if flags & bit != 0 {
            names.push(name.to_string());
            flags &= !bit;
        }
    }
    if flags != 0 {
        names.push(format!("0x{flags:x}"));
    }
    Ok(rt::str(format!("re.compile({source}, {})", names.join("|"))))
}

fn eq(a: Args) -> Res<PyRef> {
    let (object, pattern) = this(&a)?;
    let Some(other_object) = args_after_self(&a).first() else {
        return type_error(format!("expected 1 argument, got 0 ({})", a.name));
    };
    let Some(other) = crate::object::native_type::state::<Pattern>(other_object) else {
        return Ok(rt::not_implemented());
    };
    let equal = rcgc::Gc::ptr_eq(object, other_object)
        || (pattern.flags == other.flags
            && pattern.is_bytes == other.is_bytes
            && pattern.code == other.code
            && ops::eq(&pattern.pattern, &other.pattern)?);
    Ok(rt::boolean(if a.name == "__ne__" { !equal } else { equal }))
}

fn hash(a: Args) -> Res<PyRef> {
    let (_, pattern) = this(&a)?;
    if let Some(hash) = pattern.hash.get() {
        return Ok(rt::int(hash));
    }
    let mut hash = ops::hash(&pattern.pattern)?;
    // FNV-1a over the code words: equal patterns have equal code.
    let mut code_hash: u64 = 0xcbf29ce484222325;
    for word in &pattern.code {
        code_hash = (code_hash ^ u64::from(*word)).wrapping_mul(0x100000001b3);
    }
    hash ^= code_hash as i64;
    hash ^= pattern.flags;
    hash ^= i64::from(pattern.is_bytes == Some(true));
    hash ^= pattern.code.len() as i64;
    if hash == -1 {
        hash = -2;
    }
    pattern.hash.set(Some(hash));
    Ok(rt::int(hash))
}

fn get_attribute(a: Args) -> Res<PyRef> {
    let (_, pattern) = this(&a)?;
    Ok(match a.name {
        "pattern" => pattern.pattern.clone(),
        "flags" => rt::int(pattern.flags),
        "groups" => rt::int(pattern.groups as i64),
        // CPython gives a read-only proxy of the dict (a copy when it was empty).
        _ => {
            let types = super::super::import("types")?;
            let proxy = crate::types::attr::getattr(&types, "MappingProxyType")?;
            ops::call(&proxy, vec![pattern.groupindex.clone()], vec![])?
        }
    })
}
