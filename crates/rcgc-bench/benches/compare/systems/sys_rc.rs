//! `std::rc::Rc`: reference counting without a cycle collector, the physical floor where a
//! workload has no cycles.

use std::rc::Rc;

use super::{refcell_nodes, refcell_sys};

refcell_nodes!(Rc);

pub struct StdRc;

refcell_sys!(StdRc, Rc, {
    const COLLECTOR: bool = false;
    const AUTO: bool = false;

    fn collect() {}

    fn disable_auto() {}
});
