//! gc (rust-gc): a tracing mark-and-sweep collector (no reference counting: memory is freed
//! only by a collection); handles on the stack are roots. `force_collect` collects;
//! automatic collection when the allocated bytes pass a threshold (`configure`, behind the
//! crate's `unstable-config` feature). Interior mutability must be `GcCell`.

// gc_derive (synstructure) puts its impls inside a `const _` block, which rustc now warns about.
#![allow(non_local_definitions)]

use gc::{Finalize, Gc, GcCell, Trace};

use crate::workloads::{Slot, Sys};

#[derive(Trace, Finalize)]
pub struct Small {
    next: GcCell<Option<Gc<Small>>>,
    value: u64,
}

#[derive(Trace, Finalize)]
pub struct Multi {
    edges: GcCell<Vec<Gc<Multi>>>,
}

#[derive(Trace, Finalize)]
pub struct Graph {
    label: String,
    edges: GcCell<Vec<Gc<Graph>>>,
}

#[derive(Trace, Finalize)]
pub struct Tri {
    a: GcCell<Option<Gc<Tri>>>,
    b: GcCell<Option<Gc<Tri>>>,
    c: GcCell<Option<Gc<Tri>>>,
}

impl Tri {
    fn slot(&self, slot: Slot) -> &GcCell<Option<Gc<Tri>>> {
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

pub struct RustGc;

impl Sys for RustGc {
    const AUTO: bool = true;

    type Small = Gc<Small>;
    type Multi = Gc<Multi>;
    type Graph = Gc<Graph>;
    type Tri = Gc<Tri>;

    #[inline]
    fn small(value: u64) -> Self::Small {
        Gc::new(Small { next: GcCell::new(None), value })
    }
    #[inline]
    fn small_value(small: &Self::Small) -> u64 {
        small.value
    }
    #[inline]
    fn set_next(small: &Self::Small, next: Option<Self::Small>) -> Option<Self::Small> {
        // Moving handles in and out inside `borrow_mut` keeps gc's root counts right: the
        // cell roots its contents while borrowed and unroots what is left in it afterwards.
        std::mem::replace(&mut *small.next.borrow_mut(), next)
    }
    #[inline]
    fn multi(edges: Vec<Self::Multi>) -> Self::Multi {
        Gc::new(Multi { edges: GcCell::new(edges) })
    }
    #[inline]
    fn with_edges<R>(multi: &Self::Multi, f: impl FnOnce(&mut Vec<Self::Multi>) -> R) -> R {
        f(&mut multi.edges.borrow_mut())
    }
    #[inline]
    fn graph(label: String) -> Self::Graph {
        Gc::new(Graph { label, edges: GcCell::new(Vec::new()) })
    }
    #[inline]
    fn with_graph_edges<R>(graph: &Self::Graph, f: impl FnOnce(&mut Vec<Self::Graph>) -> R) -> R {
        f(&mut graph.edges.borrow_mut())
    }
    #[inline]
    fn tri(a: Option<Self::Tri>, b: Option<Self::Tri>) -> Self::Tri {
        Gc::new(Tri { a: GcCell::new(a), b: GcCell::new(b), c: GcCell::new(None) })
    }
    #[inline]
    fn set_slot(tri: &Self::Tri, slot: Slot, value: Option<Self::Tri>) -> Option<Self::Tri> {
        std::mem::replace(&mut *tri.slot(slot).borrow_mut(), value)
    }
    #[inline]
    fn with_slot<R>(tri: &Self::Tri, slot: Slot, f: impl FnOnce(Option<&Self::Tri>) -> R) -> R {
        f(tri.slot(slot).borrow().as_ref())
    }

    #[inline]
    fn collect() {
        gc::force_collect();
    }

    #[inline]
    fn disable_auto() {
        gc::configure(|config| config.threshold = usize::MAX);
    }
}
