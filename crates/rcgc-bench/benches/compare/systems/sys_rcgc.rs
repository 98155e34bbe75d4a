//! rcgc: reference counting plus CPython's generational collector.

use std::cell::{Cell, RefCell};
use std::hint::black_box;
use std::rc::Rc;
use std::time::{Duration, Instant};

use rcgc::{Finalize, Gc, Phase, Trace};

use super::{refcell_helpers, refcell_sys};
use crate::harness::{measure, Cfg, Kind, Outcome};
use crate::workloads::Sys;

#[derive(Trace, Finalize)]
pub struct Small {
    next: RefCell<Option<Gc<Small>>>,
    value: u64,
}

#[derive(Trace, Finalize)]
pub struct Multi {
    edges: RefCell<Vec<Gc<Multi>>>,
}

#[derive(Trace, Finalize)]
pub struct Graph {
    label: String,
    edges: RefCell<Vec<Gc<Graph>>>,
}

#[derive(Trace, Finalize)]
pub struct Tri {
    a: RefCell<Option<Gc<Tri>>>,
    b: RefCell<Option<Gc<Tri>>>,
    c: RefCell<Option<Gc<Tri>>>,
}

refcell_helpers!(Gc);

pub struct Rcgc;

refcell_sys!(Rcgc, Gc, {
    const AUTO: bool = true;

    fn collect() {
        rcgc::collect();
    }

    fn collect_young() {
        rcgc::collect_generation(0);
    }

    fn disable_auto() {
        rcgc::disable();
    }
});

/// (8) rcgc's own measure of the largest generation-0 pause: a collection callback times
/// every collection (Phase::Start to Phase::Stop) while `n` objects are allocated and kept,
/// with automatic collection on and the default thresholds. One run per process, as
/// `alloc_pause`. The note gives the median and 99th percentile of the generation-0 pauses
/// (the largest one can include a preemption on a busy machine) and the largest generation-1
/// and generation-2 pauses. `churned`: the survivors of a churned heap (`n` objects made, a
/// random half dropped) stay alive through the run, made before the pauses are recorded.
pub fn gen0_pause(cfg: &Cfg, churned: bool) -> Outcome {
    let n = cfg.pause_allocations();
    let started: Rc<Cell<Option<Instant>>> = Rc::new(Cell::new(None));
    let pauses: Rc<RefCell<[Vec<Duration>; 3]>> = Rc::new(RefCell::default());
    let (s, p) = (started.clone(), pauses.clone());
    let id = rcgc::add_callback(move |phase, info| match phase {
        Phase::Start => s.set(Some(Instant::now())),
        Phase::Stop => {
            if let Some(start) = s.take() {
                p.borrow_mut()[info.generation].push(start.elapsed());
            }
        }
    });
    let mut note = String::new();
    let samples = measure(cfg, Kind::Fresh, || {
        let survivors =
            if churned { crate::workloads::churned_survivors::<Rcgc>(n, 780) } else { Vec::new() };
        for list in pauses.borrow_mut().iter_mut() {
            list.clear();
        }
        let mut keep = Vec::with_capacity(n);
        for i in 0..n as u64 {
            keep.push(<Rcgc as Sys>::small(black_box(i)));
        }
        let mut all = pauses.take();
        drop(keep);
        drop(survivors);
        rcgc::collect();
        for list in all.iter_mut() {
            list.sort();
        }
        let us = |d: Duration| d.as_nanos() as f64 / 1e3;
        let at = |list: &[Duration], q: f64| {
            list.get(((list.len() as f64 - 1.0) * q).round() as usize).copied().unwrap_or_default()
        };
        note = format!(
            "gen-0: {} collections, median {:.1} µs, p99 {:.1} µs; gen-1: {}, largest {:.0} µs; \
             gen-2: {}, largest {:.0} µs (last run)",
            all[0].len(),
            us(at(&all[0], 0.5)),
            us(at(&all[0], 0.99)),
            all[1].len(),
            us(at(&all[1], 1.0)),
            all[2].len(),
            us(at(&all[2], 1.0)),
        );
        us(at(&all[0], 1.0))
    });
    rcgc::remove_callback(id);
    Outcome::Ok { size: n, samples, note }
}
