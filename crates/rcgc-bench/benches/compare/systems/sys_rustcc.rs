//! rust-cc: `Cc` with a trial-deletion cycle collector (`collect_cycles`) over the objects
//! buffered when a count was decremented; automatic collection on an allocated-bytes
//! threshold (`config::Config::set_auto_collect`).

use rust_cc::{Cc, Finalize, Trace};
use std::cell::RefCell;

use super::{refcell_helpers, refcell_sys};

#[derive(Trace, Finalize)]
pub struct Small {
    next: RefCell<Option<Cc<Small>>>,
    value: u64,
}

#[derive(Trace, Finalize)]
pub struct Multi {
    edges: RefCell<Vec<Cc<Multi>>>,
}

#[derive(Trace, Finalize)]
pub struct Graph {
    label: String,
    edges: RefCell<Vec<Cc<Graph>>>,
}

#[derive(Trace, Finalize)]
pub struct Tri {
    a: RefCell<Option<Cc<Tri>>>,
    b: RefCell<Option<Cc<Tri>>>,
    c: RefCell<Option<Cc<Tri>>>,
}

refcell_helpers!(Cc);

pub struct RustCc;

refcell_sys!(RustCc, Cc, {
    const AUTO: bool = true;

    fn collect() {
        rust_cc::collect_cycles();
    }

    fn disable_auto() {
        rust_cc::config::config(|config| config.set_auto_collect(false))
            .expect("rust-cc configuration is accessible");
    }
});
