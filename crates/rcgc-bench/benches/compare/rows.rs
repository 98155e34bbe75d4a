//! The table's rows: one per workload (and size), with the unit each median is in.

use crate::harness::Cfg;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Row {
    /// (1) clone + drop of a handle to a tracked object.
    CloneDrop,
    /// (2) allocate + free of a small tracked object.
    AllocFree,
    /// (3) full collection over N live objects; the index picks N from `Cfg::full_sizes`.
    Full(usize),
    /// (3) full collection over N live objects on a churned heap; the index as in `Full`.
    FullChurned(usize),
    /// (4) build and reclaim two-object cycles, timed together.
    CyclesBuildReclaim,
    /// (4) the same, only the reclaiming collection timed.
    CyclesReclaim,
    /// (4) reclaiming cycles built into the holes of a churned heap.
    CyclesReclaimChurned,
    /// (5) pyperformance gc_collect: rings, collection only.
    GcCollect,
    /// (5) the same rings built into the holes of a churned heap.
    GcCollectChurned,
    /// (6) pyperformance gc_traversal: nested lists, a collection that finds nothing.
    GcTraversal,
    /// (7) a long chain dropped at once.
    Chain,
    /// (8) largest generation-0 collection while allocating (collection callbacks).
    Gen0Pause,
    /// (8) the same, the allocations made while a churned heap's survivors stay alive.
    Gen0PauseChurned,
    /// (8) largest single allocation (which includes any automatic collection it ran).
    AllocPause,
    /// (8) the same on a churned heap.
    AllocPauseChurned,
    /// (9) dumpster's benchmark.
    Dumpster,
    /// (9) rust-cc's stress test.
    Stress,
    /// (9) rust-cc's binary trees.
    Trees,
    /// (9) rust-cc's binary trees with parent pointers.
    TreesParent,
    /// (9) rust-cc's large doubly linked lists.
    Lists,
    /// (10) resident memory per small tracked object, N of them alive.
    Memory,
    /// (11) a large old heap with few changes between collections; `true`: the system's
    /// young collection (rcgc and CPython: generation 0), `false`: its full one.
    OldHeap(bool),
}

pub const ALL: [Row; 27] = [
    Row::CloneDrop,
    Row::AllocFree,
    Row::Full(0),
    Row::Full(1),
    Row::Full(2),
    Row::FullChurned(0),
    Row::FullChurned(1),
    Row::FullChurned(2),
    Row::CyclesBuildReclaim,
    Row::CyclesReclaim,
    Row::CyclesReclaimChurned,
    Row::GcCollect,
    Row::GcCollectChurned,
    Row::GcTraversal,
    Row::Chain,
    Row::Gen0Pause,
    Row::Gen0PauseChurned,
    Row::AllocPause,
    Row::AllocPauseChurned,
    Row::Dumpster,
    Row::Stress,
    Row::Trees,
    Row::TreesParent,
    Row::Lists,
    Row::Memory,
    Row::OldHeap(false),
    Row::OldHeap(true),
];

fn power(n: usize) -> String {
    let mut exp = 0;
    let mut m = n;
    while m >= 10 && m.is_multiple_of(10) {
        m /= 10;
        exp += 1;
    }
    if m == 1 && exp >= 3 {
        format!("10^{exp}")
    } else {
        n.to_string()
    }
}

impl Row {
    /// Stable identifier used in the result lines (same in the CPython script).
    pub fn id(self) -> &'static str {
        match self {
            Row::CloneDrop => "clone_drop",
            Row::AllocFree => "alloc_free",
            Row::Full(0) => "full_small",
            Row::Full(1) => "full_medium",
            Row::Full(_) => "full_large",
            Row::FullChurned(0) => "full_small_churned",
            Row::FullChurned(1) => "full_medium_churned",
            Row::FullChurned(_) => "full_churned",
            Row::CyclesBuildReclaim => "cycles_build_reclaim",
            Row::CyclesReclaim => "cycles_reclaim",
            Row::CyclesReclaimChurned => "cycles_reclaim_churned",
            Row::GcCollect => "gc_collect",
            Row::GcCollectChurned => "gc_collect_churned",
            Row::GcTraversal => "gc_traversal",
            Row::Chain => "chain_drop",
            Row::Gen0Pause => "gen0_pause",
            Row::Gen0PauseChurned => "gen0_pause_churned",
            Row::AllocPause => "alloc_pause",
            Row::AllocPauseChurned => "alloc_pause_churned",
            Row::Dumpster => "dumpster",
            Row::Stress => "rustcc_stress",
            Row::Trees => "binary_trees",
            Row::TreesParent => "binary_trees_parent",
            Row::Lists => "linked_lists",
            Row::Memory => "bytes_per_object",
            Row::OldHeap(false) => "old_heap_full",
            Row::OldHeap(true) => "old_heap_young",
        }
    }

    pub fn from_id(id: &str) -> Option<Row> {
        ALL.iter().copied().find(|row| row.id() == id)
    }

    pub fn unit(self) -> &'static str {
        match self {
            Row::CloneDrop | Row::AllocFree => "ns/op",
            Row::Full(_) | Row::FullChurned(_) => "ns/object",
            Row::CyclesBuildReclaim | Row::CyclesReclaim | Row::CyclesReclaimChurned => "ns/cycle",
            Row::GcCollect
            | Row::GcCollectChurned
            | Row::GcTraversal
            | Row::Gen0Pause
            | Row::Gen0PauseChurned
            | Row::AllocPause
            | Row::AllocPauseChurned
            | Row::OldHeap(_) => "µs",
            Row::Chain
            | Row::Dumpster
            | Row::Stress
            | Row::Trees
            | Row::TreesParent
            | Row::Lists => "ms",
            Row::Memory => "B/object",
        }
    }

    pub fn title(self, cfg: &Cfg) -> String {
        match self {
            Row::CloneDrop => "1. clone+drop of a handle".into(),
            Row::AllocFree => "2. allocate+free a small object".into(),
            Row::Full(i) => {
                format!("3. full collection, {} live objects", power(cfg.full_sizes()[i]))
            }
            Row::FullChurned(i) => format!(
                "3. full collection, {} live objects, churned heap",
                power(cfg.full_sizes()[i])
            ),
            Row::CyclesBuildReclaim => {
                format!("4. build+reclaim {} 2-object cycles", power(cfg.pairs()))
            }
            Row::CyclesReclaimChurned => format!(
                "4. reclaim {} 2-object cycles built into a churned heap (collection only)",
                power(cfg.pairs())
            ),
            Row::CyclesReclaim => {
                format!("4. reclaim {} 2-object cycles (collection only)", power(cfg.pairs()))
            }
            Row::GcCollect => {
                let (rings, links) = cfg.rings();
                format!("5. gc_collect: {rings} rings of {} nodes, collection", links + 1)
            }
            Row::GcCollectChurned => {
                let (rings, links) = cfg.rings();
                format!(
                    "5. gc_collect: {rings} rings of {} nodes built into a churned heap, collection",
                    links + 1
                )
            }
            Row::GcTraversal => {
                format!("6. gc_traversal: {} levels, collection finding nothing", cfg.levels())
            }
            Row::Chain => format!("7. drop a {}-long chain", power(cfg.chain())),
            Row::Gen0Pause => {
                format!("8. largest gen-0 pause, {} allocations", power(cfg.pause_allocations()))
            }
            Row::Gen0PauseChurned => format!(
                "8. largest gen-0 pause, {} allocations beside a churned heap",
                power(cfg.pause_allocations())
            ),
            Row::AllocPauseChurned => format!(
                "8. largest single allocation, {} allocations beside a churned heap",
                power(cfg.pause_allocations())
            ),
            Row::AllocPause => format!(
                "8. largest single allocation (incl. automatic collection), {} allocations",
                power(cfg.pause_allocations())
            ),
            Row::Dumpster => {
                format!("9. dumpster: 50 objects + {} random ops", power(cfg.dumpster_ops()))
            }
            Row::Stress => {
                let (nodes, shrink) = cfg.stress();
                format!("9. rust-cc stress: {nodes} nodes, {nodes} edges, shrink every {shrink}")
            }
            Row::Trees => format!("9. rust-cc binary trees, depth {}", cfg.tree_depth()),
            Row::TreesParent => {
                format!("9. rust-cc binary trees with parent pointers, depth {}", cfg.tree_depth())
            }
            Row::Lists => {
                let (lists, nodes) = cfg.lists();
                format!("9. rust-cc doubly linked lists: {lists} of {nodes} nodes")
            }
            Row::Memory => format!(
                "10. resident memory per small tracked object, {} alive",
                power(cfg.memory_objects())
            ),
            Row::OldHeap(young) => format!(
                "11. old heap of {} objects, {} replaced and {} touched: {} collection",
                power(cfg.full_sizes()[2]),
                cfg.old_heap_changes(),
                cfg.old_heap_changes(),
                if young { "young (rcgc, CPython: generation 0)" } else { "full" }
            ),
        }
    }

    /// The workload times or needs an explicit collection: nothing to measure without a
    /// cycle collector.
    pub fn needs_collector(self) -> bool {
        matches!(
            self,
            Row::Full(_)
                | Row::FullChurned(_)
                | Row::CyclesBuildReclaim
                | Row::CyclesReclaim
                | Row::CyclesReclaimChurned
                | Row::GcCollect
                | Row::GcCollectChurned
                | Row::GcTraversal
                | Row::Gen0Pause
                | Row::Gen0PauseChurned
                | Row::OldHeap(_)
        )
    }

    /// Each repetition runs in a fresh process (see `Kind::Fresh`).
    pub fn fresh_process(self) -> bool {
        matches!(
            self,
            Row::Gen0Pause
                | Row::Gen0PauseChurned
                | Row::AllocPause
                | Row::AllocPauseChurned
                | Row::Memory
        )
    }

    /// The workload creates reference cycles (`Rc` would leak them).
    pub fn cyclic(self) -> bool {
        matches!(
            self,
            Row::CyclesBuildReclaim
                | Row::CyclesReclaim
                | Row::CyclesReclaimChurned
                | Row::GcCollect
                | Row::GcCollectChurned
                | Row::Dumpster
                | Row::Stress
                | Row::TreesParent
                | Row::Lists
        )
    }
}
