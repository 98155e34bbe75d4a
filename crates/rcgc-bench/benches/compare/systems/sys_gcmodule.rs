//! gcmodule: `Cc` with a CPython-style collector over every tracked object of the thread
//! (`collect_thread_cycles`). No automatic collection. `Trace` is written by hand: the
//! derive's `is_type_tracked` recurses forever on self-referential types.

use gcmodule::{Cc, Trace, Tracer};

use super::{refcell_nodes, refcell_sys};

refcell_nodes!(Cc);

impl Trace for Small {
    fn trace(&self, tracer: &mut Tracer) {
        self.next.trace(tracer);
    }
    fn is_type_tracked() -> bool {
        true
    }
}

impl Trace for Multi {
    fn trace(&self, tracer: &mut Tracer) {
        self.edges.trace(tracer);
    }
    fn is_type_tracked() -> bool {
        true
    }
}

impl Trace for Graph {
    fn trace(&self, tracer: &mut Tracer) {
        self.edges.trace(tracer);
    }
    fn is_type_tracked() -> bool {
        true
    }
}

impl Trace for Tri {
    fn trace(&self, tracer: &mut Tracer) {
        self.a.trace(tracer);
        self.b.trace(tracer);
        self.c.trace(tracer);
    }
    fn is_type_tracked() -> bool {
        true
    }
}

pub struct GcModule;

refcell_sys!(GcModule, Cc, {
    const AUTO: bool = false;

    fn collect() {
        let _ = gcmodule::collect_thread_cycles();
    }

    fn disable_auto() {}
});
