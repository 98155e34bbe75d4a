//! bacon_rajan_cc: `Cc` with Bacon and Rajan's synchronous trial deletion over the buffered
//! possible roots (`collect_cycles`). No automatic collection.

use bacon_rajan_cc::{Cc, Trace, Tracer};

use super::{refcell_nodes, refcell_sys};

refcell_nodes!(Cc);

impl Trace for Small {
    fn trace(&self, tracer: &mut Tracer) {
        self.next.trace(tracer);
    }
}

impl Trace for Multi {
    fn trace(&self, tracer: &mut Tracer) {
        self.edges.trace(tracer);
    }
}

impl Trace for Graph {
    fn trace(&self, tracer: &mut Tracer) {
        self.edges.trace(tracer);
    }
}

impl Trace for Tri {
    fn trace(&self, tracer: &mut Tracer) {
        self.a.trace(tracer);
        self.b.trace(tracer);
        self.c.trace(tracer);
    }
}

pub struct BaconRajan;

refcell_sys!(BaconRajan, Cc, {
    const AUTO: bool = false;

    fn collect() {
        bacon_rajan_cc::collect_cycles();
    }

    fn disable_auto() {}
});
