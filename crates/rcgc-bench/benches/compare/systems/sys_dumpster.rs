//! dumpster (unsync): `Gc` whose drops to a non-zero count are recorded as "dirty"; `collect`
//! searches from them. Automatic collection when a collect condition (by default: more drops
//! since the last collection than live handles) holds.

use dumpster::unsync::{CollectInfo, Gc};
use dumpster::Trace;
use std::cell::RefCell;

use super::{refcell_helpers, refcell_sys};

#[derive(Trace)]
pub struct Small {
    next: RefCell<Option<Gc<Small>>>,
    value: u64,
}

#[derive(Trace)]
pub struct Multi {
    edges: RefCell<Vec<Gc<Multi>>>,
}

#[derive(Trace)]
pub struct Graph {
    label: String,
    edges: RefCell<Vec<Gc<Graph>>>,
}

#[derive(Trace)]
pub struct Tri {
    a: RefCell<Option<Gc<Tri>>>,
    b: RefCell<Option<Gc<Tri>>>,
    c: RefCell<Option<Gc<Tri>>>,
}

refcell_helpers!(Gc);

pub struct Dumpster;

fn never(_: &CollectInfo) -> bool {
    false
}

refcell_sys!(Dumpster, Gc, {
    const AUTO: bool = true;

    fn collect() {
        dumpster::unsync::collect();
    }

    fn disable_auto() {
        dumpster::unsync::set_collect_condition(never);
    }
});
