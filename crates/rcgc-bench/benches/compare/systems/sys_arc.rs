//! `std::sync::Arc` with a `Mutex` inside: thread-safe reference counting without a cycle
//! collector, the floor for the thread-safe peers (dumpster's `sync::Gc`) on the
//! single-threaded rows.

use std::sync::{Arc, Mutex};

use crate::workloads::{Slot, Sys};

pub struct Small {
    next: Mutex<Option<Arc<Small>>>,
    value: u64,
}

pub struct Multi {
    edges: Mutex<Vec<Arc<Multi>>>,
}

pub struct Graph {
    #[allow(dead_code)]
    label: String,
    edges: Mutex<Vec<Arc<Graph>>>,
}

pub struct Tri {
    a: Mutex<Option<Arc<Tri>>>,
    b: Mutex<Option<Arc<Tri>>>,
    c: Mutex<Option<Arc<Tri>>>,
}

impl Tri {
    fn slot(&self, slot: Slot) -> &Mutex<Option<Arc<Tri>>> {
        match slot {
            Slot::A => &self.a,
            Slot::B => &self.b,
            Slot::C => &self.c,
        }
    }
}

pub struct StdArc;

impl Sys for StdArc {
    const COLLECTOR: bool = false;
    const AUTO: bool = false;

    type Small = Arc<Small>;
    type Multi = Arc<Multi>;
    type Graph = Arc<Graph>;
    type Tri = Arc<Tri>;

    #[inline]
    fn small(value: u64) -> Self::Small {
        Arc::new(Small { next: Mutex::new(None), value })
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
        Arc::new(Multi { edges: Mutex::new(edges) })
    }
    #[inline]
    fn with_edges<R>(multi: &Self::Multi, f: impl FnOnce(&mut Vec<Self::Multi>) -> R) -> R {
        f(&mut multi.edges.lock().unwrap())
    }
    #[inline]
    fn graph(label: String) -> Self::Graph {
        Arc::new(Graph { label, edges: Mutex::new(Vec::new()) })
    }
    #[inline]
    fn with_graph_edges<R>(graph: &Self::Graph, f: impl FnOnce(&mut Vec<Self::Graph>) -> R) -> R {
        f(&mut graph.edges.lock().unwrap())
    }
    #[inline]
    fn tri(a: Option<Self::Tri>, b: Option<Self::Tri>) -> Self::Tri {
        Arc::new(Tri { a: Mutex::new(a), b: Mutex::new(b), c: Mutex::new(None) })
    }
    #[inline]
    fn set_slot(tri: &Self::Tri, slot: Slot, value: Option<Self::Tri>) -> Option<Self::Tri> {
        std::mem::replace(&mut *tri.slot(slot).lock().unwrap(), value)
    }
    #[inline]
    fn with_slot<R>(tri: &Self::Tri, slot: Slot, f: impl FnOnce(Option<&Self::Tri>) -> R) -> R {
        f(tri.slot(slot).lock().unwrap().as_ref())
    }

    fn collect() {}

    fn disable_auto() {}
}
