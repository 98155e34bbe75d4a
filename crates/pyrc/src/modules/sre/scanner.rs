//! `_sre.SRE_Scanner` (`pattern.scanner(string)`): successive matches or searches over one
//! subject, each starting where the previous one ended (an empty match moves on by one);
//! `finditer` iterates over its `search`.

use std::cell::Cell;

use rcgc::Visitor;

use crate::object::error::Res;
use crate::object::native::{Args, MethodDef};
use crate::object::native_type::{state_of, AttrDef, NativeClassDef, NativeObject};
use crate::object::runtime as rt;
use crate::object::PyRef;
use crate::types::native_class::{make_class, new_object};

use super::pattern::{apply, Pattern};
use super::{matchobj, Mode};

/// A scanner's state: where the next attempt starts (`None` once one failed).
struct Scanner {
    pattern: PyRef,
    string: PyRef,
    pos: usize,
    endpos: usize,
    next: Cell<Option<usize>>,
    must_advance: Cell<bool>,
}

impl NativeObject for Scanner {
    fn trace(&self, visitor: &mut Visitor) {
        visitor.visit(&self.pattern);
        visitor.visit(&self.string);
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

static SCANNER: NativeClassDef = NativeClassDef {
    name: "SRE_Scanner",
    module: "_sre",
    new: None,
    methods: &[
        MethodDef { name: "match", function: step },
        MethodDef { name: "search", function: step },
    ],
    class_methods: &[],
    attributes: &[AttrDef { name: "pattern", get: get_pattern, set: None }],
    has_dict: false,
    subclassable: false,
    item_slots: None,
};

thread_local! {
    static CLASS: PyRef = make_class(&SCANNER, Vec::new());
}

/// A scanner of `pattern` (a `re.Pattern` object) over `string[pos:endpos]`.
pub(super) fn new_scanner(pattern: &PyRef, string: &PyRef, pos: usize, endpos: usize) -> PyRef {
    let state = Scanner {
        pattern: pattern.clone(),
        string: string.clone(),
        pos,
        endpos,
        next: Cell::new(Some(pos)),
        must_advance: Cell::new(false),
    };
    CLASS.with(|class| new_object(class, state))
}

/// `match()` and `search()`: the next match, or `None` (and `None` from then on).
fn step(a: Args) -> Res<PyRef> {
    let (_, scanner) = state_of::<Scanner>(&a, &SCANNER)?;
    a.arity(a.name, 1, 1)?;
    let Some(start) = scanner.next.get() else { return Ok(rt::none()) };
    let pattern = crate::object::native_type::state::<Pattern>(&scanner.pattern)
        .expect("a scanner's pattern");
    let mode = if a.name == "match" { Mode::Match } else { Mode::Search };
    let found =
        apply(pattern, &scanner.string, start, scanner.endpos, mode, scanner.must_advance.get())?;
    let Some(found) = found else {
        scanner.next.set(None);
        return Ok(rt::none());
    };
    scanner.must_advance.set(found.end == found.start);
    scanner.next.set(Some(found.end));
    Ok(matchobj::new_match(&scanner.pattern, &scanner.string, scanner.pos, scanner.endpos, found))
}

fn get_pattern(a: Args) -> Res<PyRef> {
    let (_, scanner) = state_of::<Scanner>(&a, &SCANNER)?;
    Ok(scanner.pattern.clone())
}
