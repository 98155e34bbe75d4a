//! User code that does things: `Finalize::has_finalizer`, finalizers, `Drop` impls and weakref
//! callbacks perform random allowed operations, and the library must stay memory-safe and keep
//! its promises (each `Drop` once, each finalizer once, nothing leaked once every handle is gone).
//!
//! Every case is driven by a seeded xorshift generator kept in a thread local, so the user code
//! run by the library (from a collection, from the reference-counting path, from a weakref
//! callback) draws from the same stream as the test's top-level operations: a seed replays the
//! whole case, user code included.
//!
//! The objects are `Node`s: tracked, with strong edges and weak edges, and a hand-written
//! `Finalize` (`has_finalizer` answers the node's `fin` flag, which operations flip). Whenever
//! the library calls into a node (`has_finalizer`, `finalize`, `Drop`) or into a weakref
//! callback, that user code runs 0 to 2 random operations, at most two levels deep (user code
//! run by user code runs operations too, user code run by that runs none) and within a budget
//! per case. The operations, at the top level and in user code alike:
//!
//! - allocate a node (with edges to existing nodes; kept as a root, stored in a node, or
//!   dropped at once), or a batch of 2 to 6 nodes in a chain or a cycle (crossing the small
//!   generation-0 threshold set per case, so automatic collections run, also from user code);
//! - `collect()` / `collect_generation(g)`;
//! - clone a handle into the root pool, drop a root, drop all roots;
//! - add an edge, take an edge out (dropped or kept as a root); user code with a node of its
//!   own (`has_finalizer(&self)`, `Drop`, `finalize(this)`) also takes edges out of itself
//!   and puts edges into itself, and starts its walks from its own edges, so it reaches the
//!   other members of its garbage cycle;
//! - `Gc::untrack`, `Gc::track`;
//! - `get_objects` (of one generation or all), keeping a few of its handles, dropping the rest;
//!   user code also looks for its own object there and keeps, or clones and drops, that handle
//!   (a finalizer does the same with `this`: resurrection);
//! - weak references with or without callback, held by the test or by nodes; `Weak::upgrade`;
//!   dropping weak handles; a callback may keep a clone of the weak reference it is given;
//! - flip a node's `has_finalizer` answer, toggle legacy mode, `take_garbage()` (keeping one);
//! - objects without list links, of both kinds: some nodes are leaves (`Gc::new_leaf`: never
//!   tracked; one made with edges holds them as roots, and never gains edges later, so that
//!   teardown can break every cycle through a leaf by emptying the leaves registered when
//!   made with edges), and nodes hold `Tag`s, a type that can hold no handle (`Gc::new` of it
//!   carries no links), allocated, moved between nodes, dropped and weakly referenced.
//!
//! Operations in user code never panic by themselves: `try_borrow_mut`, `Gc::try_deref` (a node
//! reached after the collector dropped its value is a "husk", which is allowed and skipped).
//!
//! Checks (an oracle independent of the library's internals):
//! - every node's (and tag's) `Drop` runs at most once, its finalizer at most once and never
//!   after its `Drop`; leaves and tags are never tracked; `has_finalizer` and `finalize` only see live values; a weakref callback runs at most
//!   once, with its weak reference already dead, and its closure is dropped exactly once by the
//!   end of the case;
//! - a value the library lets us reach (`try_deref` is `Some`, `Weak::upgrade` is `Some`) is
//!   live: its `Drop` has not run and its memory holds the live marker (checked over everything
//!   reachable from the roots and the test's weak references after each top-level operation);
//! - no panic caught by the library (`set_unraisable_hook`): our user code never panics, so any
//!   report is a library panic (e.g. a dereference of a cleared value it handed out);
//! - `get_count()` is plausible after each top-level operation (generation 0's count is at most
//!   the allocations of the case, the older counts at most the collections of the younger
//!   generation since the case started);
//! - at the end of a case (user code then runs no operations): legacy mode off, every root
//!   dropped, every node untracked by the case tracked again, `take_garbage()` dropped and a
//!   few `collect()`s: every node and tag allocated in the case has been dropped exactly once,
//!   no weak reference upgrades, `get_count()` is `(0, 0, 0)`, `get_objects(None)` and `garbage()` are
//!   empty, every callback closure was dropped once. Nothing is left in thread locals.
//!
//! Memory errors the library makes (use after free) show under valgrind:
//! `valgrind -q --error-exitcode=1 <test binary> --test-threads=1`; without valgrind they show
//! as failed checks (the live marker, the counters) when the freed memory was reused, or as
//! crashes.
//!
//! Environment:
//! - `RCGC_USER_CODE_CASES`: number of cases (default 10,000);
//! - `RCGC_USER_CODE_SEED`: run only the case with this seed (decimal or `0x` hex), printing
//!   every operation as it starts (so valgrind's reports land right after the operation that
//!   triggered them); `RCGC_USER_CODE_LOG=0` turns that off;
//! - `RCGC_USER_CODE_BASE`: the base seed of the case seeds (default fixed);
//! - `RCGC_USER_CODE_VERBOSE=1`: print `case <i> seed <seed>` before each case, straight to
//!   the process's stderr (not captured by the test harness), to name the case in which
//!   valgrind reports an error or the process crashes;
//! - `RCGC_USER_CODE_KEEP_GOING=1`: do not stop at the first failing case; report them all
//!   (after a failure the case's objects are leaked and frozen, which may not be enough: a
//!   broken heap can still crash a later case);
//! - `RCGC_USER_CODE_SKIP=n`: start at case `n` (to resume after a crash);
//! - `RCGC_USER_CODE_QUIET_IN=has_finalizer,drop`: user code in these contexts (any of
//!   `has_finalizer`, `finalize`, `drop`, `callback`) runs no operation, to tell which
//!   context a failure needs.

use std::cell::{Cell, RefCell};
use std::fmt::Write as _;
use std::io::Write as _;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::Instant;

use rcgc::{Finalize, Gc, Trace, Weak};

const DEFAULT_CASES: usize = 10_000;
const DEFAULT_BASE_SEED: u64 = 0x5EED_F00D_C0DE;
/// Top-level operations per case.
const MIN_TOP_OPS: usize = 20;
const MAX_TOP_OPS: usize = 60;
/// Nodes allocated per case (top level and user code together).
const MAX_NODES: u32 = 40;
/// Weak references created per case.
const MAX_WEAKS: u32 = 40;
/// Tags allocated per case, tags per node, weak references to tags kept by the test.
const MAX_TAGS: u32 = 30;
const MAX_NODE_TAGS: usize = 3;
const MAX_TAG_WEAKS: usize = 8;
/// Operations run by user code per case.
const USER_OP_BUDGET: u32 = 150;
/// User code runs operations only this many levels deep.
const MAX_USER_DEPTH: u32 = 2;
const MAX_ROOTS: usize = 24;
const MAX_WEAK_POOL: usize = 24;
const MAX_EDGES: usize = 6;
const MAX_NODE_WEAKS: usize = 4;

/// What a live `Node` holds in `magic`; its `Drop` writes `DEAD`.
const LIVE: u64 = 0x11FE_11FE_11FE_11FE;
const DEAD: u64 = 0xDEAD_DEAD_DEAD_DEAD;

// ---------------------------------------------------------------------------------------------
// The object under test.

#[derive(Trace)]
struct Node {
    #[rcgc(skip)]
    magic: u64,
    #[rcgc(skip)]
    epoch: u32,
    #[rcgc(skip)]
    id: u32,
    /// What `has_finalizer` answers.
    #[rcgc(skip)]
    fin: Cell<bool>,
    /// Made by `Gc::new_leaf`: never tracked, and gains no edge after it is made.
    #[rcgc(skip)]
    leaf: bool,
    edges: RefCell<Vec<Gc<Node>>>,
    weaks: RefCell<Vec<Weak<Node>>>,
    tags: RefCell<Vec<Gc<Tag>>>,
}

/// An object that can hold no handle (every field skipped): `Gc::new` gives it no list links.
#[derive(Trace, Finalize)]
struct Tag {
    #[rcgc(skip)]
    magic: u64,
    #[rcgc(skip)]
    epoch: u32,
}

impl Drop for Tag {
    fn drop(&mut self) {
        if self.magic != LIVE {
            violation(format!(
                "Drop of a tag that is not live (magic {:#x}): dropped twice or freed",
                self.magic
            ));
            return;
        }
        if self.epoch == EPOCH.with(Cell::get) {
            with_probe(|p| p.tags_alive -= 1);
        }
        self.magic = DEAD;
    }
}

impl Finalize for Node {
    fn has_finalizer(&self) -> bool {
        if self.magic != LIVE {
            violation(format!(
                "has_finalizer called on a value that is not live (node {}, magic {:#x})",
                self.id, self.magic
            ));
            return false;
        }
        if self.epoch == EPOCH.with(Cell::get) && dropped(self.id) {
            violation(format!("has_finalizer called on node {} after its Drop", self.id));
        }
        user_code(Ctx::HasFinalizer(self), self.epoch);
        self.fin.get()
    }

    fn finalize(this: &Gc<Self>) {
        let Some(node) = live(this) else {
            violation("finalize called with a handle whose value is not live".into());
            return;
        };
        let (epoch, id) = (node.epoch, node.id);
        if epoch == EPOCH.with(Cell::get) {
            with_probe(|p| {
                let i = id as usize;
                p.finals[i] = p.finals[i].saturating_add(1);
                if p.finals[i] > 1 {
                    p.violations.push(format!("node {id} finalized twice"));
                }
                if p.drops[i] > 0 {
                    p.violations.push(format!("node {id} finalized after its Drop"));
                }
            });
            STATS.with(|s| s.finalizers.set(s.finalizers.get() + 1));
        }
        user_code(Ctx::Finalize(this), epoch);
    }
}

impl Drop for Node {
    fn drop(&mut self) {
        if self.magic != LIVE {
            violation(format!(
                "Drop of a value that is not live (node {}, magic {:#x}): dropped twice or freed",
                self.id, self.magic
            ));
            return;
        }
        let (epoch, id) = (self.epoch, self.id);
        if epoch == EPOCH.with(Cell::get) {
            with_probe(|p| {
                let i = id as usize;
                p.drops[i] = p.drops[i].saturating_add(1);
                if p.drops[i] > 1 {
                    p.violations.push(format!("node {id} dropped twice"));
                }
            });
        }
        user_code(Ctx::Drop(self), epoch);
        self.magic = DEAD;
    }
}

/// Counts the runs and the drop of one weakref callback closure.
struct CallbackToken {
    epoch: u32,
    id: u32,
}

impl Drop for CallbackToken {
    fn drop(&mut self) {
        if self.epoch == EPOCH.with(Cell::get) {
            let id = self.id;
            with_probe(|p| {
                let i = id as usize;
                p.cb_drops[i] = p.cb_drops[i].saturating_add(1);
                if p.cb_drops[i] > 1 {
                    p.violations.push(format!("callback closure {id} dropped twice"));
                }
            });
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Per-thread state of the harness.

/// What the nodes and callbacks of the current case did.
#[derive(Default)]
struct Probe {
    drops: Vec<u8>,
    finals: Vec<u8>,
    cb_runs: Vec<u8>,
    cb_drops: Vec<u8>,
    /// Tags allocated in the case minus tags dropped.
    tags_alive: i64,
    violations: Vec<String>,
}

/// One logged operation.
#[derive(Clone, Copy)]
struct Event {
    depth: u32,
    ctx: &'static str,
    who: i64,
    op: &'static str,
    a: i64,
    b: i64,
}

#[derive(Default)]
struct Stats {
    cases: Cell<usize>,
    top_ops: Cell<usize>,
    user_ops: Cell<usize>,
    nodes: Cell<usize>,
    leaves: Cell<usize>,
    tags: Cell<usize>,
    finalizers: Cell<usize>,
    callbacks: Cell<usize>,
    collections: Cell<usize>,
}

thread_local! {
    static EPOCH: Cell<u32> = const { Cell::new(0) };
    static PROBE: RefCell<Probe> = RefCell::new(Probe::default());
    /// Violations recorded while the probe was borrowed (never lost).
    static STRAY: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
    static UNRAISABLE: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
    static RNG: Cell<u64> = const { Cell::new(1) };
    /// The test's strong handles.
    static ROOTS: RefCell<Vec<Gc<Node>>> = const { RefCell::new(Vec::new()) };
    /// The test's weak handles.
    static WEAKS: RefCell<Vec<Weak<Node>>> = const { RefCell::new(Vec::new()) };
    /// A weak reference to each node the case untracked (tracked again at teardown).
    static UNTRACKED: RefCell<Vec<Weak<Node>>> = const { RefCell::new(Vec::new()) };
    /// A plain weak reference to some of the nodes (must all be dead at the end).
    static REGISTRY: RefCell<Vec<Weak<Node>>> = const { RefCell::new(Vec::new()) };
    /// A weak reference to each leaf made with edges (teardown empties them).
    static LEAVES: RefCell<Vec<Weak<Node>>> = const { RefCell::new(Vec::new()) };
    /// The test's weak references to tags (must all be dead at the end).
    static TAG_WEAKS: RefCell<Vec<Weak<Tag>>> = const { RefCell::new(Vec::new()) };
    static TAGS_LEFT: Cell<u32> = const { Cell::new(0) };
    /// Whether user code runs operations (false during teardown).
    static ACTIVE: Cell<bool> = const { Cell::new(false) };
    static DEPTH: Cell<u32> = const { Cell::new(0) };
    static BUDGET: Cell<u32> = const { Cell::new(0) };
    static NODES_LEFT: Cell<u32> = const { Cell::new(0) };
    static WEAKS_LEFT: Cell<u32> = const { Cell::new(0) };
    static LOG: RefCell<Vec<Event>> = const { RefCell::new(Vec::new()) };
    static LIVE_LOG: Cell<bool> = const { Cell::new(false) };
    static STATS: Stats = Stats::default();
    static CONFIG: Cell<Option<CaseConfig>> = const { Cell::new(None) };
    /// Contexts whose user code runs no operations (`RCGC_USER_CODE_QUIET_IN`).
    static QUIET_IN: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

fn with_probe(f: impl FnOnce(&mut Probe)) {
    let _ = PROBE.try_with(|probe| match probe.try_borrow_mut() {
        Ok(mut p) => f(&mut p),
        Err(_) => {
            let _ = STRAY.try_with(|s| s.borrow_mut().push("harness: probe borrowed".into()));
        }
    });
}

fn violation(message: String) {
    let at = LOG.try_with(|l| l.try_borrow().map_or(0, |l| l.len())).unwrap_or(0);
    let message = format!("{message} (after logged operation #{at})");
    let _ = PROBE.try_with(|probe| match probe.try_borrow_mut() {
        Ok(mut p) => p.violations.push(message),
        Err(_) => {
            let _ = STRAY.try_with(|s| s.borrow_mut().push(message));
        }
    });
}

fn dropped(id: u32) -> bool {
    PROBE
        .try_with(|p| {
            p.try_borrow()
                .map(|p| p.drops.get(id as usize).is_some_and(|&d| d > 0))
                .unwrap_or(false)
        })
        .unwrap_or(false)
}

fn next_u64() -> u64 {
    RNG.with(|r| {
        let mut x = r.get();
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        r.set(x);
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    })
}

/// A number in `0..n` (`n > 0`).
fn below(n: usize) -> usize {
    (next_u64() % n as u64) as usize
}

fn chance(numerator: usize, denominator: usize) -> bool {
    below(denominator) < numerator
}

fn splitmix64(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The value of a handle, if it is live. A husk (value dropped by the collector, which the
/// library allows user code to end up holding) gives `None`; a value that `try_deref` offers but
/// whose `Drop` already ran, or whose memory no longer holds the live marker, is a violation.
fn live(g: &Gc<Node>) -> Option<&Node> {
    let node = Gc::try_deref(g)?;
    if node.magic != LIVE {
        violation(format!(
            "a handle gives access to a value that is not live (magic {:#x}, id {}): dropped or \
             freed",
            node.magic, node.id
        ));
        return None;
    }
    if node.epoch != EPOCH.with(Cell::get) {
        return None; // a leftover of an earlier, failed case
    }
    if dropped(node.id) {
        violation(format!("node {} is reachable, not marked dropped, but its Drop ran", node.id));
        return None;
    }
    Some(node)
}

/// A node's id for the log; -1 for a husk.
fn nid(g: &Gc<Node>) -> i64 {
    Gc::try_deref(g).map_or(-1, |n| i64::from(n.id))
}

// ---------------------------------------------------------------------------------------------
// The log.

#[derive(Clone, Copy)]
enum Ctx<'a> {
    Top,
    HasFinalizer(&'a Node),
    Finalize(&'a Gc<Node>),
    Drop(&'a Node),
    Callback(u32, &'a Weak<Node>),
}

impl<'a> Ctx<'a> {
    fn name(&self) -> &'static str {
        match self {
            Ctx::Top => "top",
            Ctx::HasFinalizer(_) => "has_finalizer",
            Ctx::Finalize(_) => "finalize",
            Ctx::Drop(_) => "drop",
            Ctx::Callback(..) => "callback",
        }
    }

    fn who(&self) -> i64 {
        match self {
            Ctx::Top => -1,
            Ctx::HasFinalizer(n) | Ctx::Drop(n) => i64::from(n.id),
            Ctx::Finalize(g) => nid(g),
            Ctx::Callback(id, _) => i64::from(*id),
        }
    }

    /// The node this user code belongs to.
    fn own(&self) -> Option<&'a Node> {
        match *self {
            Ctx::HasFinalizer(n) | Ctx::Drop(n) => Some(n),
            Ctx::Finalize(g) => Gc::try_deref(g),
            Ctx::Top | Ctx::Callback(..) => None,
        }
    }
}

fn log(ctx: Ctx<'_>, op: &'static str, a: i64, b: i64) {
    let event = Event { depth: DEPTH.with(Cell::get), ctx: ctx.name(), who: ctx.who(), op, a, b };
    if LIVE_LOG.with(Cell::get) {
        let line = format_event(&event);
        let _ = writeln!(std::io::stderr(), "{line}");
    }
    LOG.with(|l| l.borrow_mut().push(event));
}

fn format_event(e: &Event) -> String {
    let indent = "    ".repeat(e.depth as usize);
    let ctx = match e.ctx {
        "top" => "top".to_string(),
        "callback" => format!("callback#{}", e.who),
        other => format!("{other}(n{})", e.who),
    };
    format!("{indent}[{ctx}] {} {} {}", e.op, e.a, e.b)
}

// ---------------------------------------------------------------------------------------------
// User code.

struct DepthGuard(u32);

impl Drop for DepthGuard {
    fn drop(&mut self) {
        DEPTH.with(|d| d.set(self.0));
    }
}

/// Runs 0 to 2 random operations, unless too deep, out of budget, or in teardown.
fn user_code(ctx: Ctx<'_>, epoch: u32) {
    if !ACTIVE.with(Cell::get) || epoch != EPOCH.with(Cell::get) {
        return;
    }
    let depth = DEPTH.with(Cell::get);
    if depth >= MAX_USER_DEPTH || QUIET_IN.with(|q| q.borrow().iter().any(|c| c == ctx.name())) {
        return;
    }
    let ops = match below(8) {
        0..=3 => 0,
        4..=6 => 1,
        _ => 2,
    };
    if ops == 0 {
        return;
    }
    DEPTH.with(|d| d.set(depth + 1));
    let _guard = DepthGuard(depth);
    for _ in 0..ops {
        let budget = BUDGET.with(Cell::get);
        if budget == 0 {
            break;
        }
        BUDGET.with(|b| b.set(budget - 1));
        STATS.with(|s| s.user_ops.set(s.user_ops.get() + 1));
        one_op(ctx);
    }
}

fn new_callback() -> Option<impl FnOnce(&Weak<Node>) + 'static> {
    let epoch = EPOCH.with(Cell::get);
    let mut id = None;
    with_probe(|p| {
        p.cb_runs.push(0);
        p.cb_drops.push(0);
        id = Some(p.cb_runs.len() as u32 - 1);
    });
    let id = id?;
    let token = CallbackToken { epoch, id };
    Some(move |weak: &Weak<Node>| {
        let token = token;
        if token.epoch != EPOCH.with(Cell::get) {
            return;
        }
        with_probe(|p| {
            let i = id as usize;
            p.cb_runs[i] = p.cb_runs[i].saturating_add(1);
            if p.cb_runs[i] > 1 {
                p.violations.push(format!("callback {id} ran twice"));
            }
        });
        STATS.with(|s| s.callbacks.set(s.callbacks.get() + 1));
        if let Some(strong) = weak.upgrade() {
            violation(format!(
                "callback {id}: its weak reference still upgrades (to node {})",
                nid(&strong)
            ));
            std::mem::forget(strong); // do not risk running more code on a broken object
        }
        user_code(Ctx::Callback(id, weak), epoch);
        drop(token);
    })
}

// ---------------------------------------------------------------------------------------------
// Operations.

fn one_op(ctx: Ctx<'_>) {
    match below(100) {
        0..=11 => op_new_node(ctx),
        12..=15 => op_new_batch(ctx),
        16..=23 => op_collect(ctx),
        24..=29 => op_clone_to_roots(ctx),
        30..=38 => op_drop_root(ctx),
        39..=47 => op_link(ctx),
        48..=55 => op_unlink(ctx),
        56..=59 => op_untrack(ctx),
        60..=61 => op_track(ctx),
        62..=65 => op_get_objects(ctx),
        66..=70 => op_new_weak(ctx),
        71..=75 => op_upgrade(ctx),
        76..=78 => op_drop_weak(ctx),
        79..=80 => op_toggle_legacy(ctx),
        81..=82 => op_take_garbage(ctx),
        83..=85 => op_flip_fin(ctx),
        86..=87 => op_tag(ctx),
        88..=90 => op_own_edge_out(ctx),
        91..=93 => op_own_edge_in(ctx),
        94..=97 => op_own_handle(ctx),
        _ => op_drop_all_roots(ctx),
    }
}

/// Allocates a node (registered with the probe first: `Gc::new` may collect).
fn alloc(ctx: Ctx<'_>, fin: bool, edges: Vec<Gc<Node>>) -> Option<Gc<Node>> {
    let left = NODES_LEFT.with(Cell::get);
    if left == 0 {
        drop(edges);
        return None;
    }
    NODES_LEFT.with(|n| n.set(left - 1));
    let mut id = None;
    with_probe(|p| {
        p.drops.push(0);
        p.finals.push(0);
        id = Some(p.drops.len() as u32 - 1);
    });
    let id = id?;
    let leaf = chance(1, 5);
    log(ctx, if leaf { "alloc leaf" } else { "alloc" }, i64::from(id), edges.len() as i64);
    STATS.with(|s| s.nodes.set(s.nodes.get() + 1));
    let with_edges = !edges.is_empty();
    let value = Node {
        magic: LIVE,
        epoch: EPOCH.with(Cell::get),
        id,
        fin: Cell::new(fin),
        leaf,
        edges: RefCell::new(edges),
        weaks: RefCell::new(Vec::new()),
        tags: RefCell::new(Vec::new()),
    };
    let node = if leaf {
        STATS.with(|s| s.leaves.set(s.leaves.get() + 1));
        Gc::new_leaf(value)
    } else {
        Gc::new(value)
    };
    if leaf && with_edges {
        let weak = Gc::downgrade(&node);
        LEAVES.with(|l| l.borrow_mut().push(weak));
    }
    if chance(1, 3) {
        let weak = Gc::downgrade(&node);
        REGISTRY.with(|r| r.borrow_mut().push(weak));
    }
    Some(node)
}

fn pick_root() -> Option<Gc<Node>> {
    ROOTS.with(|r| {
        let r = r.try_borrow().ok()?;
        if r.is_empty() {
            None
        } else {
            Some(r[below(r.len())].clone())
        }
    })
}

fn random_edge(node: &Node) -> Option<Gc<Node>> {
    let edges = node.edges.try_borrow().ok()?;
    if edges.is_empty() {
        None
    } else {
        Some(edges[below(edges.len())].clone())
    }
}

/// A handle to some node: a root, an edge of this user code's own node, or `this` for a
/// finalizer, then 0 to 2 steps along edges.
fn pick_node(ctx: Ctx<'_>) -> Option<Gc<Node>> {
    let start = match below(6) {
        0 => match ctx {
            Ctx::Finalize(g) => Some(g.clone()),
            _ => None,
        },
        1 | 2 => ctx.own().and_then(random_edge),
        _ => None,
    };
    let mut current = match start {
        Some(node) => node,
        None => pick_root()?,
    };
    for _ in 0..below(3) {
        match live(&current).and_then(random_edge) {
            Some(next) => current = next,
            None => break,
        }
    }
    Some(current)
}

/// Keeps `node` as a root if there is room, else drops it.
fn push_root(node: Gc<Node>) {
    let rejected = ROOTS.with(|r| match r.try_borrow_mut() {
        Ok(mut roots) if roots.len() < MAX_ROOTS => {
            roots.push(node);
            None
        }
        _ => Some(node),
    });
    drop(rejected);
}

/// Stores `node` in `holder`'s edges if possible (never in a leaf's: see `LEAVES`), else drops
/// it.
fn push_edge(holder: &Node, node: Gc<Node>) {
    let rejected = match holder.edges.try_borrow_mut() {
        Ok(mut edges) if edges.len() < MAX_EDGES && !holder.leaf => {
            edges.push(node);
            None
        }
        _ => Some(node),
    };
    drop(rejected);
}

fn take_edge(holder: &Node) -> Option<Gc<Node>> {
    let mut edges = holder.edges.try_borrow_mut().ok()?;
    if edges.is_empty() {
        None
    } else {
        let i = below(edges.len());
        Some(edges.swap_remove(i))
    }
}

fn op_new_node(ctx: Ctx<'_>) {
    let fin = chance(1, 2);
    let mut edges = Vec::new();
    for _ in 0..below(3) {
        edges.extend(pick_node(ctx));
    }
    let destination = below(20);
    let Some(node) = alloc(ctx, fin, edges) else { return };
    if destination < 11 {
        push_root(node);
    } else if destination < 16 {
        match pick_node(ctx) {
            Some(holder) => match live(&holder) {
                Some(h) => push_edge(h, node),
                None => drop(node),
            },
            None => push_root(node),
        }
    } else {
        log(ctx, "drop new", nid(&node), 0);
        drop(node);
    }
}

fn op_new_batch(ctx: Ctx<'_>) {
    let count = 2 + below(5);
    let cycle = chance(2, 3);
    let keep = chance(1, 3);
    log(ctx, "batch", count as i64, i64::from(cycle));
    let mut nodes: Vec<Gc<Node>> = Vec::new();
    for _ in 0..count {
        let edges = nodes.last().cloned().into_iter().collect();
        let fin = chance(1, 2);
        match alloc(ctx, fin, edges) {
            Some(node) => nodes.push(node),
            None => break,
        }
    }
    if cycle && nodes.len() > 1 {
        let last = nodes[nodes.len() - 1].clone();
        match live(&nodes[0]) {
            Some(first) => push_edge(first, last),
            None => drop(last),
        }
    }
    if keep && !nodes.is_empty() {
        let i = below(nodes.len());
        push_root(nodes[i].clone());
    }
    drop(nodes);
}

fn op_collect(ctx: Ctx<'_>) {
    let generation = below(4);
    log(ctx, "collect", generation.min(2) as i64, 0);
    STATS.with(|s| s.collections.set(s.collections.get() + 1));
    if generation == 3 {
        rcgc::collect();
    } else {
        rcgc::collect_generation(generation);
    }
}

fn op_clone_to_roots(ctx: Ctx<'_>) {
    if let Some(node) = pick_node(ctx) {
        log(ctx, "clone to roots", nid(&node), 0);
        push_root(node);
    }
}

fn op_drop_root(ctx: Ctx<'_>) {
    let taken = ROOTS.with(|r| {
        let mut roots = r.try_borrow_mut().ok()?;
        if roots.is_empty() {
            None
        } else {
            let i = below(roots.len());
            Some(roots.swap_remove(i))
        }
    });
    if let Some(node) = taken {
        log(ctx, "drop root", nid(&node), 0);
        drop(node);
    }
}

fn op_drop_all_roots(ctx: Ctx<'_>) {
    let all = ROOTS.with(|r| r.try_borrow_mut().map(|mut r| std::mem::take(&mut *r)));
    if let Ok(all) = all {
        log(ctx, "drop all roots", all.len() as i64, 0);
        drop(all);
    }
}

fn op_link(ctx: Ctx<'_>) {
    let (Some(from), Some(to)) = (pick_node(ctx), pick_node(ctx)) else { return };
    if let Some(holder) = live(&from) {
        log(ctx, "link", nid(&from), nid(&to));
        push_edge(holder, to);
    }
}

fn op_unlink(ctx: Ctx<'_>) {
    let Some(from) = pick_node(ctx) else { return };
    let Some(taken) = live(&from).and_then(take_edge) else { return };
    let keep = chance(1, 3);
    log(ctx, if keep { "unlink to roots" } else { "unlink" }, nid(&from), nid(&taken));
    if keep {
        push_root(taken);
    } else {
        drop(taken);
    }
}

fn op_own_edge_out(ctx: Ctx<'_>) {
    let Some(own) = ctx.own() else { return op_unlink(ctx) };
    let Some(taken) = take_edge(own) else { return };
    let keep = chance(1, 3);
    log(ctx, if keep { "own edge to roots" } else { "drop own edge" }, nid(&taken), 0);
    if keep {
        push_root(taken);
    } else {
        drop(taken);
    }
}

fn op_own_edge_in(ctx: Ctx<'_>) {
    let Some(own) = ctx.own() else { return op_link(ctx) };
    if let Some(to) = pick_node(ctx) {
        log(ctx, "link own", nid(&to), 0);
        push_edge(own, to);
    }
}

/// User code gets hold of its own object: `this` in a finalizer; for `has_finalizer` and
/// `Drop` through `get_objects`; a callback keeps a clone of its weak reference.
fn op_own_handle(ctx: Ctx<'_>) {
    let what = below(3);
    match ctx {
        Ctx::Top => op_clone_to_roots(ctx),
        Ctx::Finalize(this) => {
            log(
                ctx,
                ["resurrect to roots", "clone and drop this", "resurrect to edge"][what],
                0,
                0,
            );
            match what {
                0 => push_root(this.clone()),
                1 => drop(this.clone()),
                _ => {
                    let copy = this.clone();
                    match pick_node(ctx) {
                        Some(holder) => match live(&holder) {
                            Some(h) => push_edge(h, copy),
                            None => drop(copy),
                        },
                        None => drop(copy),
                    }
                }
            }
        }
        Ctx::HasFinalizer(own) | Ctx::Drop(own) => {
            let objects = rcgc::get_objects(None);
            let mine = objects.iter().find_map(|o| {
                o.downcast::<Node>()
                    .filter(|g| Gc::try_deref(g).is_some_and(|n| std::ptr::eq(n, own)))
            });
            log(ctx, "find self in get_objects", objects.len() as i64, i64::from(mine.is_some()));
            if let Some(mine) = mine {
                log(ctx, ["keep self as root", "clone and drop self", "self to edge"][what], 0, 0);
                match what {
                    0 => push_root(mine),
                    1 => drop(mine),
                    _ => match pick_node(ctx) {
                        Some(holder) => match live(&holder) {
                            Some(h) => push_edge(h, mine),
                            None => drop(mine),
                        },
                        None => drop(mine),
                    },
                }
            }
            log(ctx, "drop get_objects", objects.len() as i64, 0);
            drop(objects);
        }
        Ctx::Callback(_, weak) => {
            log(ctx, "keep own weak", 0, 0);
            let copy = weak.clone();
            let rejected = WEAKS.with(|w| match w.try_borrow_mut() {
                Ok(mut w) if w.len() < MAX_WEAK_POOL => {
                    w.push(copy);
                    None
                }
                _ => Some(copy),
            });
            drop(rejected);
        }
    }
}

/// Tags: allocate one into a node, move or copy one between nodes, drop one, or take a weak
/// reference to one.
fn op_tag(ctx: Ctx<'_>) {
    let Some(holder) = pick_node(ctx) else { return };
    let Some(node) = live(&holder) else { return };
    match below(4) {
        0 | 1 => {
            let left = TAGS_LEFT.with(Cell::get);
            if left == 0 {
                return;
            }
            TAGS_LEFT.with(|t| t.set(left - 1));
            with_probe(|p| p.tags_alive += 1);
            STATS.with(|s| s.tags.set(s.tags.get() + 1));
            let value = Tag { magic: LIVE, epoch: EPOCH.with(Cell::get) };
            let tag = if chance(1, 2) { Gc::new(value) } else { Gc::new_leaf(value) };
            log(ctx, "new tag", nid(&holder), 0);
            let rejected = match node.tags.try_borrow_mut() {
                Ok(mut tags) if tags.len() < MAX_NODE_TAGS => {
                    tags.push(tag);
                    None
                }
                _ => Some(tag),
            };
            drop(rejected);
        }
        2 => {
            let Some(to) = pick_node(ctx) else { return };
            let Some(target) = live(&to) else { return };
            let moved = node.tags.try_borrow_mut().ok().and_then(|mut tags| {
                let i = below(tags.len().max(1));
                match chance(1, 2) {
                    true if i < tags.len() => Some(tags.swap_remove(i)),
                    false => tags.get(i).cloned(),
                    _ => None,
                }
            });
            let Some(tag) = moved else { return };
            log(ctx, "move tag", nid(&holder), nid(&to));
            let rejected = match target.tags.try_borrow_mut() {
                Ok(mut tags) if tags.len() < MAX_NODE_TAGS => {
                    tags.push(tag);
                    None
                }
                _ => Some(tag),
            };
            drop(rejected);
        }
        _ => {
            let tag = node.tags.try_borrow().ok().and_then(|tags| {
                let i = below(tags.len().max(1));
                tags.get(i).cloned()
            });
            let Some(tag) = tag else { return };
            if chance(1, 2) {
                log(ctx, "weak tag", nid(&holder), 0);
                let weak = Gc::downgrade(&tag);
                let rejected = TAG_WEAKS.with(|w| match w.try_borrow_mut() {
                    Ok(mut w) if w.len() < MAX_TAG_WEAKS => {
                        w.push(weak);
                        None
                    }
                    _ => Some(weak),
                });
                drop(rejected);
            } else {
                log(ctx, "drop tag", nid(&holder), 0);
                drop(tag);
                let taken = node.tags.try_borrow_mut().ok().and_then(|mut tags| tags.pop());
                drop(taken);
            }
        }
    }
}

fn op_untrack(ctx: Ctx<'_>) {
    let Some(node) = pick_node(ctx) else { return };
    if live(&node).is_some() && Gc::is_tracked(&node) {
        log(ctx, "untrack", nid(&node), 0);
        let weak = Gc::downgrade(&node);
        UNTRACKED.with(|u| u.borrow_mut().push(weak));
        Gc::untrack(&node);
    }
}

fn op_track(ctx: Ctx<'_>) {
    let Some(node) = pick_node(ctx) else { return };
    log(ctx, "track", nid(&node), 0);
    Gc::track(&node);
}

fn op_get_objects(ctx: Ctx<'_>) {
    let generation = below(4);
    let objects = rcgc::get_objects((generation < 3).then_some(generation));
    log(ctx, "get_objects", generation as i64, objects.len() as i64);
    for _ in 0..below(3) {
        if objects.is_empty() {
            break;
        }
        if let Some(node) = objects[below(objects.len())].downcast::<Node>() {
            log(ctx, "keep from get_objects", nid(&node), 0);
            push_root(node);
        }
    }
    log(ctx, "drop get_objects", objects.len() as i64, 0);
    drop(objects);
}

fn op_new_weak(ctx: Ctx<'_>) {
    let left = WEAKS_LEFT.with(Cell::get);
    if left == 0 {
        return;
    }
    let Some(target) = pick_node(ctx) else { return };
    if live(&target).is_none() {
        return;
    }
    WEAKS_LEFT.with(|w| w.set(left - 1));
    let weak = if chance(1, 2) {
        match new_callback() {
            Some(callback) => {
                log(ctx, "weak with callback", nid(&target), 0);
                Gc::downgrade_with_callback(&target, callback)
            }
            None => return,
        }
    } else {
        log(ctx, "weak", nid(&target), 0);
        Gc::downgrade(&target)
    };
    drop(target);
    let rejected = if chance(1, 2) {
        WEAKS.with(|w| match w.try_borrow_mut() {
            Ok(mut w) if w.len() < MAX_WEAK_POOL => {
                w.push(weak);
                None
            }
            _ => Some(weak),
        })
    } else {
        match pick_node(ctx) {
            Some(holder) => {
                let rejected = match live(&holder) {
                    Some(h) => match h.weaks.try_borrow_mut() {
                        Ok(mut w) if w.len() < MAX_NODE_WEAKS => {
                            log(ctx, "weak stored in", nid(&holder), 0);
                            w.push(weak);
                            None
                        }
                        _ => Some(weak),
                    },
                    None => Some(weak),
                };
                rejected
            }
            None => Some(weak),
        }
    };
    drop(rejected);
}

fn op_upgrade(ctx: Ctx<'_>) {
    let upgraded = if chance(1, 2) {
        WEAKS.with(|w| {
            let w = w.try_borrow().ok()?;
            if w.is_empty() {
                None
            } else {
                w[below(w.len())].upgrade()
            }
        })
    } else {
        let Some(holder) = pick_node(ctx) else { return };
        let upgraded = live(&holder).and_then(|h| {
            let w = h.weaks.try_borrow().ok()?;
            if w.is_empty() {
                None
            } else {
                w[below(w.len())].upgrade()
            }
        });
        drop(holder);
        upgraded
    };
    let Some(node) = upgraded else { return };
    if Gc::try_deref(&node).is_none() {
        violation("Weak::upgrade gave a handle to a dropped value".into());
    }
    let _ = live(&node);
    let keep = chance(1, 2);
    log(ctx, if keep { "upgrade to roots" } else { "upgrade and drop" }, nid(&node), 0);
    if keep {
        push_root(node);
    } else {
        drop(node);
    }
}

fn op_drop_weak(ctx: Ctx<'_>) {
    let taken = if chance(1, 2) {
        WEAKS.with(|w| {
            let mut w = w.try_borrow_mut().ok()?;
            if w.is_empty() {
                None
            } else {
                let i = below(w.len());
                Some(w.swap_remove(i))
            }
        })
    } else {
        pick_node(ctx).and_then(|holder| {
            let taken = live(&holder).and_then(|h| {
                let mut w = h.weaks.try_borrow_mut().ok()?;
                if w.is_empty() {
                    None
                } else {
                    let i = below(w.len());
                    Some(w.swap_remove(i))
                }
            });
            drop(holder);
            taken
        })
    };
    if let Some(weak) = taken {
        log(ctx, "drop weak", 0, 0);
        drop(weak);
    }
}

fn op_toggle_legacy(ctx: Ctx<'_>) {
    let on = !rcgc::legacy_finalizers();
    log(ctx, "legacy mode", i64::from(on), 0);
    rcgc::set_legacy_finalizers(on);
}

fn op_take_garbage(ctx: Ctx<'_>) {
    let garbage = rcgc::take_garbage();
    log(ctx, "take_garbage", garbage.len() as i64, 0);
    if !garbage.is_empty() && chance(1, 2) {
        if let Some(node) = garbage[below(garbage.len())].downcast::<Node>() {
            log(ctx, "keep from garbage", nid(&node), 0);
            push_root(node);
        }
    }
    drop(garbage);
}

fn op_flip_fin(ctx: Ctx<'_>) {
    if let (Some(own), true) = (ctx.own(), chance(1, 3)) {
        log(ctx, "flip own has_finalizer", i64::from(!own.fin.get()), 0);
        own.fin.set(!own.fin.get());
        return;
    }
    if let Some(node) = pick_node(ctx) {
        if let Some(n) = live(&node) {
            log(ctx, "flip has_finalizer", i64::from(n.id), i64::from(!n.fin.get()));
            n.fin.set(!n.fin.get());
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Cases.

#[derive(Clone, Copy, Debug)]
struct CaseConfig {
    thresholds: (usize, usize, usize),
    automatic: bool,
    legacy: bool,
    top_ops: usize,
}

struct Baseline {
    collections: [usize; 3],
}

fn take_unraisable_and_violations() -> Vec<String> {
    let mut all = UNRAISABLE.with(|u| std::mem::take(&mut *u.borrow_mut()));
    all.extend(STRAY.with(|s| std::mem::take(&mut *s.borrow_mut())));
    all.extend(PROBE.with(|p| std::mem::take(&mut p.borrow_mut().violations)));
    all
}

fn begin_case(seed: u64) -> (CaseConfig, Baseline) {
    let epoch = EPOCH.with(|e| {
        e.set(e.get().wrapping_add(1));
        e.get()
    });
    let _ = epoch;
    PROBE.with(|p| *p.borrow_mut() = Probe::default());
    LOG.with(|l| l.borrow_mut().clear());
    let state = splitmix64(seed);
    RNG.with(|r| r.set(if state == 0 { 0x1234_5678 } else { state }));
    let t0 = [0, 1, 2, 3, 4, 6, 9, 13][below(8)];
    let config = CaseConfig {
        thresholds: (t0, 1 + below(4), 1 + below(4)),
        automatic: !chance(1, 8),
        legacy: chance(1, 4),
        top_ops: MIN_TOP_OPS + below(MAX_TOP_OPS - MIN_TOP_OPS + 1),
    };
    let (t0, t1, t2) = config.thresholds;
    rcgc::set_threshold(t0, t1, t2);
    if config.automatic {
        rcgc::enable();
    } else {
        rcgc::disable();
    }
    rcgc::set_legacy_finalizers(config.legacy);
    CONFIG.with(|c| c.set(Some(config)));
    BUDGET.with(|b| b.set(USER_OP_BUDGET));
    NODES_LEFT.with(|n| n.set(MAX_NODES));
    WEAKS_LEFT.with(|w| w.set(MAX_WEAKS));
    TAGS_LEFT.with(|t| t.set(MAX_TAGS));
    DEPTH.with(|d| d.set(0));
    let stats = rcgc::get_stats();
    ACTIVE.with(|a| a.set(true));
    (config, Baseline { collections: [0, 1, 2].map(|g| stats[g].collections) })
}

/// After a top-level operation: no violation, plausible counts, and everything the library
/// lets us reach from the roots and the test's weak references is live.
fn check_step(baseline: &Baseline) -> Result<(), String> {
    let problems = take_unraisable_and_violations();
    if !problems.is_empty() {
        return Err(problems.join("\n"));
    }
    let (c0, c1, c2) = rcgc::get_count();
    let stats = rcgc::get_stats();
    let allocated = (MAX_NODES - NODES_LEFT.with(Cell::get)) as usize;
    let gen0 = stats[0].collections - baseline.collections[0];
    let gen1 = stats[1].collections - baseline.collections[1];
    if c0 > allocated || c1 > gen0 || c2 > gen1 {
        return Err(format!(
            "implausible get_count() {:?}: {allocated} nodes allocated in the case, {gen0} \
             collections of generation 0 and {gen1} of generation 1 since it started",
            (c0, c1, c2)
        ));
    }
    // Walk everything reachable from the roots and the weak pool.
    let mut pending: Vec<Gc<Node>> = ROOTS.with(|r| r.borrow().clone());
    pending.extend(WEAKS.with(|w| w.borrow().iter().filter_map(Weak::upgrade).collect::<Vec<_>>()));
    let mut seen: Vec<*const ()> = Vec::new();
    let mut held = Vec::new();
    while let Some(node) = pending.pop() {
        if seen.contains(&Gc::as_ptr(&node)) {
            held.push(node);
            continue;
        }
        seen.push(Gc::as_ptr(&node));
        if let Some(n) = live(&node) {
            if n.leaf && (Gc::is_tracked(&node) || !Gc::is_leaf(&node)) {
                violation(format!("leaf node {} is tracked or has list links", n.id));
            }
            for tag in n.tags.borrow().iter() {
                match Gc::try_deref(tag) {
                    Some(t) if t.magic == LIVE => {}
                    _ => violation("a tag held by a live node is not live".into()),
                }
                if Gc::is_tracked(tag) || !Gc::is_leaf(tag) {
                    violation("a tag is tracked or has list links".into());
                }
            }
            pending.extend(n.edges.borrow().iter().cloned());
            for weak in n.weaks.borrow().iter() {
                if let Some(target) = weak.upgrade() {
                    if Gc::try_deref(&target).is_none() {
                        violation("Weak::upgrade gave a handle to a dropped value".into());
                    }
                    pending.push(target);
                }
            }
        }
        held.push(node);
    }
    drop(held); // clones only: no count reaches zero, no user code runs
    let problems = take_unraisable_and_violations();
    if !problems.is_empty() {
        return Err(problems.join("\n"));
    }
    Ok(())
}

/// Drops everything the case holds, user code quiet; true if every node of the case is gone.
fn release_everything() -> bool {
    ACTIVE.with(|a| a.set(false));
    rcgc::set_legacy_finalizers(false);
    drop(ROOTS.with(|r| std::mem::take(&mut *r.borrow_mut())));
    let untracked = UNTRACKED.with(|u| std::mem::take(&mut *u.borrow_mut()));
    for weak in &untracked {
        if let Some(node) = weak.upgrade() {
            Gc::track(&node);
        }
    }
    drop(untracked);
    // A leaf's edges are roots: a cycle through a leaf is never collected. Leaves made with
    // edges are the only ones that hold any (a leaf gains none later): empty them.
    let leaves = LEAVES.with(|l| std::mem::take(&mut *l.borrow_mut()));
    for weak in &leaves {
        if let Some(leaf) = weak.upgrade() {
            let edges = Gc::try_deref(&leaf).map(|n| std::mem::take(&mut *n.edges.borrow_mut()));
            drop(edges);
        }
    }
    drop(leaves);
    for _ in 0..10 {
        drop(rcgc::take_garbage());
        rcgc::collect();
        let all_dropped = PROBE.with(|p| p.borrow().drops.iter().all(|&d| d > 0));
        if all_dropped && rcgc::garbage().is_empty() {
            return true;
        }
    }
    false
}

fn teardown() -> Result<(), String> {
    release_everything();
    let mut problems = take_unraisable_and_violations();
    let (leaked, twice): (Vec<usize>, Vec<usize>) = PROBE.with(|p| {
        let p = p.borrow();
        (
            (0..p.drops.len()).filter(|&i| p.drops[i] == 0).collect(),
            (0..p.drops.len()).filter(|&i| p.drops[i] > 1).collect(),
        )
    });
    if !leaked.is_empty() {
        let alive: Vec<String> = REGISTRY.with(|r| {
            r.borrow()
                .iter()
                .filter_map(Weak::upgrade)
                .map(|g| {
                    format!(
                        "n{} (strong {}, tracked {}, finalized {})",
                        nid(&g),
                        Gc::strong_count(&g) - 1,
                        Gc::is_tracked(&g),
                        Gc::is_finalized(&g)
                    )
                })
                .collect()
        });
        problems.push(format!(
            "nodes never dropped after teardown: {leaked:?} (registered ones still alive: {alive:?})"
        ));
    }
    if !twice.is_empty() {
        problems.push(format!("nodes dropped more than once: {twice:?}"));
    }
    let tags_alive = PROBE.with(|p| p.borrow().tags_alive);
    if tags_alive != 0 {
        problems.push(format!("{tags_alive} tags not dropped (or dropped twice) after teardown"));
    }
    let tag_weaks_alive =
        TAG_WEAKS.with(|w| w.borrow().iter().filter(|w| w.upgrade().is_some()).count());
    if tag_weaks_alive > 0 {
        problems.push(format!("{tag_weaks_alive} weak references to tags still upgrade"));
    }
    drop(TAG_WEAKS.with(|w| std::mem::take(&mut *w.borrow_mut())));
    let weak_pool_alive =
        WEAKS.with(|w| w.borrow().iter().filter(|w| w.upgrade().is_some()).count());
    let registry_alive =
        REGISTRY.with(|r| r.borrow().iter().filter(|w| w.upgrade().is_some()).count());
    if weak_pool_alive + registry_alive > 0 {
        problems.push(format!(
            "weak references still upgrade after teardown: {weak_pool_alive} of the test's, \
             {registry_alive} of the registry's"
        ));
    }
    let count = rcgc::get_count();
    if count != (0, 0, 0) {
        problems.push(format!("get_count() is {count:?} after teardown"));
    }
    let objects = rcgc::get_objects(None);
    if !objects.is_empty() {
        problems.push(format!("{} tracked objects remain after teardown", objects.len()));
    }
    std::mem::forget(objects); // not dropped: if they are broken, touching them would hide it
    if !rcgc::garbage().is_empty() {
        problems.push("the garbage list is not empty after teardown".into());
    }
    drop(WEAKS.with(|w| std::mem::take(&mut *w.borrow_mut())));
    drop(REGISTRY.with(|r| std::mem::take(&mut *r.borrow_mut())));
    let (cb_bad_runs, cb_bad_drops): (Vec<usize>, Vec<usize>) = PROBE.with(|p| {
        let p = p.borrow();
        (
            (0..p.cb_runs.len()).filter(|&i| p.cb_runs[i] > 1).collect(),
            (0..p.cb_drops.len()).filter(|&i| p.cb_drops[i] != 1).collect(),
        )
    });
    if !cb_bad_runs.is_empty() {
        problems.push(format!("callbacks run more than once: {cb_bad_runs:?}"));
    }
    if !cb_bad_drops.is_empty() {
        problems.push(format!("callback closures not dropped exactly once: {cb_bad_drops:?}"));
    }
    problems.extend(take_unraisable_and_violations());
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!("at teardown: {}", problems.join("\n")))
    }
}

fn run_case(seed: u64) -> Result<(), String> {
    let (config, baseline) = begin_case(seed);
    for step in 0..config.top_ops {
        STATS.with(|s| s.top_ops.set(s.top_ops.get() + 1));
        log(Ctx::Top, "step", step as i64, 0);
        one_op(Ctx::Top);
        check_step(&baseline).map_err(|e| format!("after top-level operation {step}: {e}"))?;
    }
    teardown()
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(text) = payload.downcast_ref::<&str>() {
        (*text).to_string()
    } else if let Some(text) = payload.downcast_ref::<String>() {
        text.clone()
    } else {
        "<non-string panic payload>".to_string()
    }
}

fn env_number(name: &str) -> Option<u64> {
    let value = std::env::var(name).ok()?;
    let value = value.trim();
    let parsed = match value.strip_prefix("0x").or_else(|| value.strip_prefix("0X")) {
        Some(hex) => u64::from_str_radix(&hex.replace('_', ""), 16),
        None => value.replace('_', "").parse(),
    };
    Some(parsed.unwrap_or_else(|_| panic!("{name}={value:?} is not a number")))
}

fn env_flag(name: &str) -> Option<bool> {
    std::env::var(name).ok().map(|v| !matches!(v.trim(), "" | "0" | "false" | "no"))
}

fn failure_report(seed: u64, message: &str) -> String {
    let mut report = String::new();
    let config = CONFIG.with(Cell::get);
    let _ = writeln!(report, "case seed {seed:#x} failed: {message}");
    let _ = writeln!(report, "configuration: {config:?}");
    let _ = writeln!(
        report,
        "replay: RCGC_USER_CODE_SEED={seed:#x} cargo test -p rcgc --test user_code_fuzz"
    );
    let events = LOG.with(|l| l.borrow().clone());
    let shown = events.len().min(400);
    let _ = writeln!(
        report,
        "operations (the last {shown} of {}; depth by indentation; ids are node ids, -1 a \
         cleared node):",
        events.len()
    );
    for (i, event) in events.iter().enumerate().skip(events.len() - shown) {
        let _ = writeln!(report, "  #{:<4} {}", i + 1, format_event(event));
    }
    report
}

/// After a failed case: the library's state may be broken, so nothing of the case is dropped
/// (which could crash, here or at thread exit): every handle the test holds is leaked, the
/// garbage list too, and what is still tracked is frozen (collections and `get_objects` no
/// longer see it; the case's nodes belong to an old epoch, so their user code does nothing).
fn abandon_case() {
    ACTIVE.with(|a| a.set(false));
    DEPTH.with(|d| d.set(0));
    std::mem::forget(ROOTS.with(|r| std::mem::take(&mut *r.borrow_mut())));
    std::mem::forget(WEAKS.with(|w| std::mem::take(&mut *w.borrow_mut())));
    std::mem::forget(UNTRACKED.with(|u| std::mem::take(&mut *u.borrow_mut())));
    std::mem::forget(REGISTRY.with(|r| std::mem::take(&mut *r.borrow_mut())));
    std::mem::forget(LEAVES.with(|l| std::mem::take(&mut *l.borrow_mut())));
    std::mem::forget(TAG_WEAKS.with(|w| std::mem::take(&mut *w.borrow_mut())));
    std::mem::forget(rcgc::take_garbage());
    rcgc::set_legacy_finalizers(false);
    rcgc::freeze();
    rcgc::collect(); // resets the counts (and the long-lived bookkeeping); sees nothing
    take_unraisable_and_violations();
}

#[test]
fn user_code_does_random_allowed_operations() {
    let single = env_number("RCGC_USER_CODE_SEED");
    let cases = env_number("RCGC_USER_CODE_CASES").map_or(DEFAULT_CASES, |n| n as usize);
    let base = env_number("RCGC_USER_CODE_BASE").unwrap_or(DEFAULT_BASE_SEED);
    let verbose = env_flag("RCGC_USER_CODE_VERBOSE").unwrap_or(false);
    let keep_going = env_flag("RCGC_USER_CODE_KEEP_GOING").unwrap_or(false);
    let skip = env_number("RCGC_USER_CODE_SKIP").unwrap_or(0) as usize;
    if let Ok(quiet) = std::env::var("RCGC_USER_CODE_QUIET_IN") {
        let names = quiet.split(',').map(|c| c.trim().to_string()).filter(|c| !c.is_empty());
        QUIET_IN.with(|q| *q.borrow_mut() = names.collect());
    }
    LIVE_LOG.with(|l| l.set(single.is_some() && env_flag("RCGC_USER_CODE_LOG").unwrap_or(true)));
    let seeds: Vec<u64> = match single {
        Some(seed) => vec![seed],
        None => (0..cases as u64).map(|i| splitmix64(base.wrapping_add(i))).collect(),
    };

    rcgc::set_unraisable_hook(Some(Box::new(|u: &rcgc::Unraisable| {
        let text =
            format!("panic caught by rcgc in {} of {}: {}", u.context, u.type_name, u.message);
        let _ = UNRAISABLE.try_with(|list| match list.try_borrow_mut() {
            Ok(mut list) => list.push(text),
            Err(_) => {
                let _ = STRAY.try_with(|s| s.borrow_mut().push(text));
            }
        });
    })));
    let thresholds = rcgc::get_threshold();
    rcgc::collect();
    assert!(rcgc::get_objects(None).is_empty(), "the test thread starts with tracked objects");

    // A crash inside the library (a debug check on a corrupted list aborts the process) still
    // names its case: the panic hook runs before the abort.
    static CURRENT_SEED: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let previous_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let seed = CURRENT_SEED.load(std::sync::atomic::Ordering::Relaxed);
        let _ = writeln!(
            std::io::stderr(),
            "rcgc user-code fuzz: panic in case seed {seed:#x} (replay with \
             RCGC_USER_CODE_SEED={seed:#x})"
        );
        previous_hook(info);
    }));
    let started = Instant::now();
    let mut failures: Vec<(u64, String)> = Vec::new();
    for (i, &seed) in seeds.iter().enumerate().skip(skip) {
        if verbose || single.is_some() {
            let _ = writeln!(std::io::stderr(), "rcgc user-code fuzz: case {i} seed {seed:#x}");
        }
        STATS.with(|s| s.cases.set(s.cases.get() + 1));
        CURRENT_SEED.store(seed, std::sync::atomic::Ordering::Relaxed);
        let outcome = catch_unwind(AssertUnwindSafe(|| run_case(seed)));
        let failure = match outcome {
            Ok(Ok(())) => None,
            Ok(Err(message)) => Some(message),
            Err(payload) => Some(format!("panic: {}", panic_message(&*payload))),
        };
        if let Some(message) = failure {
            let report = failure_report(seed, &message);
            abandon_case();
            if !keep_going {
                failures.push((seed, report));
                break;
            }
            let _ = writeln!(std::io::stderr(), "{}", report.lines().next().unwrap_or(""));
            failures.push((seed, report));
        }
    }
    ACTIVE.with(|a| a.set(false));
    rcgc::set_legacy_finalizers(false);
    rcgc::set_threshold(thresholds.0, thresholds.1, thresholds.2);
    rcgc::enable();
    rcgc::set_unraisable_hook(None);
    drop(std::panic::take_hook()); // back to the default hook

    let stats = STATS.with(|s| {
        format!(
            "{} cases, {} top-level and {} user-code operations, {} nodes ({} leaves), {} tags, \
             {} finalizer runs, {} callback runs, {} explicit collections",
            s.cases.get(),
            s.top_ops.get(),
            s.user_ops.get(),
            s.nodes.get(),
            s.leaves.get(),
            s.tags.get(),
            s.finalizers.get(),
            s.callbacks.get(),
            s.collections.get()
        )
    });
    eprintln!("rcgc user-code fuzz: {stats} in {:.1?}", started.elapsed());
    if !failures.is_empty() {
        let seeds: Vec<String> = failures.iter().map(|(s, _)| format!("{s:#x}")).collect();
        panic!(
            "{} failing case(s): {}\n\nfirst failure:\n{}",
            failures.len(),
            seeds.join(", "),
            failures[0].1
        );
    }
}
