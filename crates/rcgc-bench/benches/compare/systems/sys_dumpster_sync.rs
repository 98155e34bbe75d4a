//! dumpster's thread-safe `sync::Gc` (values `Send + Sync`, so interior mutability is a
//! `Mutex`), measured on the same single-threaded rows as everything else: what a program pays
//! for a collector that may be shared across threads. Collection as `unsync`'s: from the
//! handles dropped to a non-zero count; automatic when its collect condition holds.

use std::sync::Mutex;

use dumpster::sync::{CollectInfo, Gc};
use dumpster::Trace;

use crate::workloads::{Slot, Sys};

#[derive(Trace)]
pub struct Small {
    next: Mutex<Option<Gc<Small>>>,
    value: u64,
}

#[derive(Trace)]
pub struct Multi {
    edges: Mutex<Vec<Gc<Multi>>>,
}

#[derive(Trace)]
pub struct Graph {
    label: String,
    edges: Mutex<Vec<Gc<Graph>>>,
}

#[derive(Trace)]
pub struct Tri {
    a: Mutex<Option<Gc<Tri>>>,
    b: Mutex<Option<Gc<Tri>>>,
    c: Mutex<Option<Gc<Tri>>>,
}

impl Tri {
    fn slot(&self, slot: Slot) -> &Mutex<Option<Gc<Tri>>> {
        match slot {
            Slot::A => &self.a,
            Slot::B => &self.b,
            Slot::C => &self.c,
        }
    }
}

impl Graph {
    #[allow(dead_code)]
    fn label(&self) -> &str {
        &self.label
    }
}

fn never(_: &CollectInfo) -> bool {
    false
}

pub struct DumpsterSync;

impl Sys for DumpsterSync {
    const AUTO: bool = true;

    type Small = Gc<Small>;
    type Multi = Gc<Multi>;
    type Graph = Gc<Graph>;
    type Tri = Gc<Tri>;

    #[inline]
    fn small(value: u64) -> Self::Small {
        Gc::new(Small { next: Mutex::new(None), value })
    }
    #[inline]
    fn small_value(small: &Self::Small) -> u64 {
        small.value
    }
    #[inline]
    fn set_next(small: &Self::Small, next: Option<Self::Small>) -> Option<Self::Small> {
        std::mem::replace(&mut *small.next.lock().unwrap(), next)
    }
    #[inline]
    fn multi(edges: Vec<Self::Multi>) -> Self::Multi {
        Gc::new(Multi { edges: Mutex::new(edges) })
    }
    #[inline]
    fn with_edges<R>(multi: &Self::Multi, f: impl FnOnce(&mut Vec<Self::Multi>) -> R) -> R {
        f(&mut multi.edges.lock().unwrap())
    }
    #[inline]
    fn graph(label: String) -> Self::Graph {
        Gc::new(Graph { label, edges: Mutex::new(Vec::new()) })
    }
    #[inline]
    fn with_graph_edges<R>(graph: &Self::Graph, f: impl FnOnce(&mut Vec<Self::Graph>) -> R) -> R {
        f(&mut graph.edges.lock().unwrap())
    }
    #[inline]
    fn tri(a: Option<Self::Tri>, b: Option<Self::Tri>) -> Self::Tri {
        Gc::new(Tri { a: Mutex::new(a), b: Mutex::new(b), c: Mutex::new(None) })
    }
    #[inline]
    fn set_slot(tri: &Self::Tri, slot: Slot, value: Option<Self::Tri>) -> Option<Self::Tri> {
        std::mem::replace(&mut *tri.slot(slot).lock().unwrap(), value)
    }
    #[inline]
    fn with_slot<R>(tri: &Self::Tri, slot: Slot, f: impl FnOnce(Option<&Self::Tri>) -> R) -> R {
        f(tri.slot(slot).lock().unwrap().as_ref())
    }

    fn collect() {
        dumpster::sync::collect();
    }

    fn disable_auto() {
        dumpster::sync::set_collect_condition(never);
    }
}
