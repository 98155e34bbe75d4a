//! One adapter per system, each written against that crate's public API. The node types are
//! declared in each module (with the crate's own `Trace` derive or a hand-written impl); the
//! `Sys` methods of the `RefCell`-based crates are identical, so `refcell_sys!` writes them.

pub mod sys_arc;
pub mod sys_bacon;
pub mod sys_dumpster;
pub mod sys_dumpster_sync;
pub mod sys_gc;
pub mod sys_gcmodule;
pub mod sys_jrsonnet;
pub mod sys_rc;
pub mod sys_rcgc;
pub mod sys_rustcc;

use crate::harness::{Cfg, Outcome};
use crate::rows::Row;
use crate::workloads;

/// Column order of the table; CPython comes last, from the Python script. The last two are
/// thread-safe (`Arc`, dumpster's `sync::Gc`), measured on the same single-threaded rows: rcgc,
/// like `Rc` and the other peers, is single-threaded (its handles are `!Send`).
pub const SYSTEMS: [&str; 10] = [
    "rcgc",
    "Rc",
    "rust-cc",
    "dumpster",
    "bacon_rajan_cc",
    "gcmodule",
    "jrsonnet-gcmodule",
    "gc",
    "Arc",
    "dumpster-sync",
];

/// The version shown in the table header (pinned with `=` in Cargo.toml).
pub fn version(system: &str) -> &'static str {
    match system {
        "rcgc" => "0.1.0",
        "rust-cc" => "0.6.2",
        "dumpster" | "dumpster-sync" => "2.1.0",
        "bacon_rajan_cc" => "0.4.0",
        "gcmodule" => "0.3.3",
        "jrsonnet-gcmodule" => "0.5.0",
        "gc" => "0.5.1",
        _ => "",
    }
}

/// Runs `row` on `system` in this process (the parent runs each cell in a child process).
pub fn run(row: Row, system: &str, cfg: &Cfg) -> Outcome {
    match system {
        "rcgc" if row == Row::Gen0Pause => sys_rcgc::gen0_pause(cfg, false),
        "rcgc" if row == Row::Gen0PauseChurned => sys_rcgc::gen0_pause(cfg, true),
        "rcgc" => workloads::run::<sys_rcgc::Rcgc>(row, cfg),
        "Rc" => workloads::run::<sys_rc::StdRc>(row, cfg),
        "rust-cc" => workloads::run::<sys_rustcc::RustCc>(row, cfg),
        "dumpster" => workloads::run::<sys_dumpster::Dumpster>(row, cfg),
        "bacon_rajan_cc" => workloads::run::<sys_bacon::BaconRajan>(row, cfg),
        "gcmodule" => workloads::run::<sys_gcmodule::GcModule>(row, cfg),
        "jrsonnet-gcmodule" => workloads::run::<sys_jrsonnet::JrsonnetGcModule>(row, cfg),
        "gc" => workloads::run::<sys_gc::RustGc>(row, cfg),
        "Arc" => workloads::run::<sys_arc::StdArc>(row, cfg),
        "dumpster-sync" => workloads::run::<sys_dumpster_sync::DumpsterSync>(row, cfg),
        other => Outcome::Na(format!("unknown system {other}")),
    }
}

/// Declares the four node types over pointer `$ptr` with `RefCell` fields, for the modules
/// that write `Trace` by hand. (Modules using a derive declare them in full: dumpster's derive
/// rejects structs declared inside a `macro_rules!` macro, because the generated `self.field`
/// takes the field's macro hygiene; rcgc's derive accepts them since 4c346bf.)
macro_rules! refcell_nodes {
    ($ptr:ident) => {
        pub struct Small {
            next: std::cell::RefCell<Option<$ptr<Small>>>,
            value: u64,
        }

        pub struct Multi {
            edges: std::cell::RefCell<Vec<$ptr<Multi>>>,
        }

        pub struct Graph {
            label: String,
            edges: std::cell::RefCell<Vec<$ptr<Graph>>>,
        }

        pub struct Tri {
            a: std::cell::RefCell<Option<$ptr<Tri>>>,
            b: std::cell::RefCell<Option<$ptr<Tri>>>,
            c: std::cell::RefCell<Option<$ptr<Tri>>>,
        }

        crate::systems::refcell_helpers!($ptr);
    };
}
pub(crate) use refcell_nodes;

/// `Tri::slot` (a field by `Slot`) and `Graph::label` for `RefCell`-based node types.
macro_rules! refcell_helpers {
    ($ptr:ident) => {
        impl Tri {
            fn slot(&self, slot: crate::workloads::Slot) -> &std::cell::RefCell<Option<$ptr<Tri>>> {
                match slot {
                    crate::workloads::Slot::A => &self.a,
                    crate::workloads::Slot::B => &self.b,
                    crate::workloads::Slot::C => &self.c,
                }
            }
        }

        impl Graph {
            /// The label (only written by the workloads, as in rust-cc's benchmark).
            #[allow(dead_code)]
            fn label(&self) -> &str {
                &self.label
            }
        }
    };
}
pub(crate) use refcell_helpers;

/// The `Sys` accessors for the types of `refcell_nodes!`; `$rest` supplies the constants,
/// `collect` and `disable_auto`.
macro_rules! refcell_sys {
    ($sys:ty, $ptr:ident, { $($rest:item)* }) => {
        impl crate::workloads::Sys for $sys {
            type Small = $ptr<Small>;
            type Multi = $ptr<Multi>;
            type Graph = $ptr<Graph>;
            type Tri = $ptr<Tri>;

            #[inline]
            fn small(value: u64) -> Self::Small {
                $ptr::new(Small { next: std::cell::RefCell::new(None), value })
            }
            #[inline]
            fn small_value(small: &Self::Small) -> u64 {
                small.value
            }
            #[inline]
            fn set_next(small: &Self::Small, next: Option<Self::Small>) -> Option<Self::Small> {
                small.next.replace(next)
            }
            #[inline]
            fn multi(edges: Vec<Self::Multi>) -> Self::Multi {
                $ptr::new(Multi { edges: std::cell::RefCell::new(edges) })
            }
            #[inline]
            fn with_edges<R>(multi: &Self::Multi, f: impl FnOnce(&mut Vec<Self::Multi>) -> R) -> R {
                f(&mut multi.edges.borrow_mut())
            }
            #[inline]
            fn graph(label: String) -> Self::Graph {
                $ptr::new(Graph { label, edges: std::cell::RefCell::new(Vec::new()) })
            }
            #[inline]
            fn with_graph_edges<R>(
                graph: &Self::Graph,
                f: impl FnOnce(&mut Vec<Self::Graph>) -> R,
            ) -> R {
                f(&mut graph.edges.borrow_mut())
            }
            #[inline]
            fn tri(a: Option<Self::Tri>, b: Option<Self::Tri>) -> Self::Tri {
                $ptr::new(Tri {
                    a: std::cell::RefCell::new(a),
                    b: std::cell::RefCell::new(b),
                    c: std::cell::RefCell::new(None),
                })
            }
            #[inline]
            fn set_slot(
                tri: &Self::Tri,
                slot: crate::workloads::Slot,
                value: Option<Self::Tri>,
            ) -> Option<Self::Tri> {
                tri.slot(slot).replace(value)
            }
            #[inline]
            fn with_slot<R>(
                tri: &Self::Tri,
                slot: crate::workloads::Slot,
                f: impl FnOnce(Option<&Self::Tri>) -> R,
            ) -> R {
                f(tri.slot(slot).borrow().as_ref())
            }

            $($rest)*
        }
    };
}
pub(crate) use refcell_sys;
