//! Safe code must never reach freed memory, overflow the stack or miscount: one test per way
//! that was once found to break that promise (issue 15). Each reproducer runs in a child
//! process of its own (this test binary again, told which case to run), because a regression
//! would crash rather than fail: the parent reports the child's exit status and output.
//! `.ci/run` runs this binary under valgrind with `--trace-children=yes`.

use std::cell::RefCell;
use std::process::Command;

use rcgc::{Finalize, Gc, Trace};

const CHILD: &str = "RCGC_SOUNDNESS_CASE";

thread_local! {
    static SPARE: RefCell<Vec<Gc<Q>>> = const { RefCell::new(Vec::new()) };
}

/// Runs `body` in a child process (or, in the child, runs it here).
fn isolated(name: &str, body: fn()) {
    if std::env::var(CHILD).as_deref() == Ok(name) {
        body();
        return;
    }
    let output = Command::new(std::env::current_exe().expect("test binary path"))
        .args([name, "--exact", "--nocapture", "--test-threads=1"])
        .env(CHILD, name)
        .output()
        .expect("start the child process");
    assert!(
        output.status.success(),
        "case {name} failed in its child process ({}):\n{}\n{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    // The child must really have run the case (not filtered it out).
    assert!(
        String::from_utf8_lossy(&output.stdout).contains("1 passed"),
        "case {name} did not run in its child:\n{}",
        String::from_utf8_lossy(&output.stdout)
    );
}

/// What `has_finalizer` does before answering.
#[derive(Clone, Copy)]
enum Query {
    Collect,
    AllocateAtThreshold,
    DropObjectSnapshot,
    DropOwnHandle,
    DropNextNode,
    UntrackNextNode,
}

#[derive(Trace)]
struct Q {
    me: RefCell<Option<Gc<Q>>>,
    next: RefCell<Option<Gc<Q>>>,
    items: RefCell<Vec<Gc<u8>>>,
    #[rcgc(skip)]
    query: Query,
    #[rcgc(skip)]
    finalizer: String,
}

impl Finalize for Q {
    fn has_finalizer(&self) -> bool {
        match self.query {
            Query::Collect => {
                rcgc::collect();
            }
            Query::AllocateAtThreshold => {
                // One tracked allocation past the threshold: an automatic collection.
                rcgc::set_threshold(1, 10, 10);
                let _a = Gc::new(RefCell::new(Vec::<Gc<u8>>::new()));
                let _b = Gc::new(RefCell::new(Vec::<Gc<u8>>::new()));
                rcgc::set_threshold(700, 10, 10);
            }
            Query::DropObjectSnapshot => drop(rcgc::get_objects(None)),
            Query::DropOwnHandle => {
                let own = self.me.borrow().clone();
                *self.me.borrow_mut() = None;
                drop(own);
            }
            Query::DropNextNode => {
                drop(self.next.borrow_mut().take());
                // Reuse the freed node's memory at once, so that a walk still holding it
                // goes astray instead of reading stale but intact links.
                let reuse = Gc::new(Q {
                    me: RefCell::new(None),
                    next: RefCell::new(None),
                    items: RefCell::new(Vec::new()),
                    query: Query::Collect,
                    finalizer: String::new(),
                });
                SPARE.with(|spare| spare.borrow_mut().push(reuse));
            }
            Query::UntrackNextNode => {
                if let Some(next) = &*self.next.borrow() {
                    Gc::untrack(next);
                    // An untracked cycle is never collected: break it, so that the node
                    // can die by reference counting and the run leaks nothing.
                    drop(next.me.borrow_mut().take());
                }
            }
        }
        self.items.borrow_mut().push(Gc::new(1));
        !self.finalizer.is_empty()
    }
}

fn q(query: Query) -> Gc<Q> {
    Gc::new(Q {
        me: RefCell::new(None),
        next: RefCell::new(None),
        items: RefCell::new(Vec::new()),
        query,
        finalizer: "x".into(),
    })
}

/// An object that dies by reference counting, asked while its count is zero.
fn dies_by_refcount(query: Query) {
    drop(q(query));
    // Another round in a collection, as garbage of a self-cycle.
    let cyclic = q(query);
    *cyclic.me.borrow_mut() = Some(cyclic.clone());
    drop(cyclic);
    rcgc::collect();
    rcgc::collect();
}

#[test]
fn has_finalizer_collects() {
    isolated("has_finalizer_collects", || dies_by_refcount(Query::Collect));
}

#[test]
fn has_finalizer_allocates_past_the_threshold() {
    isolated("has_finalizer_allocates_past_the_threshold", || {
        dies_by_refcount(Query::AllocateAtThreshold)
    });
}

#[test]
fn has_finalizer_drops_a_snapshot_of_all_objects() {
    isolated("has_finalizer_drops_a_snapshot_of_all_objects", || {
        dies_by_refcount(Query::DropObjectSnapshot)
    });
}

#[test]
fn has_finalizer_drops_its_own_handle_during_collect() {
    isolated("has_finalizer_drops_its_own_handle_during_collect", || {
        let cyclic = q(Query::DropOwnHandle);
        *cyclic.me.borrow_mut() = Some(cyclic.clone());
        drop(cyclic);
        assert_eq!(rcgc::collect(), 0, "the object died by reference counting during the query");
        assert!(rcgc::get_objects(None).is_empty());
    });
}

/// A garbage self-cycle `a` whose only handle to `b` is `a.next`; `b` follows `a` in the list.
fn legacy_pair(query: Query) {
    rcgc::set_legacy_finalizers(true);
    let a = q(query);
    let b = q(Query::Collect);
    *a.me.borrow_mut() = Some(a.clone());
    *b.me.borrow_mut() = Some(b.clone());
    *a.next.borrow_mut() = Some(b);
    drop(a);
    rcgc::collect();
    rcgc::set_legacy_finalizers(false);
    drop(rcgc::take_garbage());
    SPARE.with(|spare| spare.borrow_mut().clear());
    rcgc::collect();
}

#[test]
fn legacy_has_finalizer_drops_the_next_node() {
    isolated("legacy_has_finalizer_drops_the_next_node", || legacy_pair(Query::DropNextNode));
}

#[test]
fn legacy_has_finalizer_untracks_the_next_node() {
    isolated("legacy_has_finalizer_untracks_the_next_node", || legacy_pair(Query::UntrackNextNode));
}

#[derive(Trace, Finalize)]
struct Link {
    /// Owned only to be dropped: the chain is released link by link.
    #[rcgc(skip)]
    #[allow(dead_code)]
    next: Option<Gc<Link>>,
}

#[test]
fn untracked_chain_drops_within_the_stack() {
    isolated("untracked_chain_drops_within_the_stack", || {
        let worker = std::thread::Builder::new().stack_size(8 << 20).spawn(|| {
            let mut head = Gc::new(Link { next: None });
            assert!(!Gc::is_tracked(&head), "every field skipped: an untracked type");
            for _ in 0..1_000_000 {
                head = Gc::new(Link { next: Some(head) });
            }
            drop(head);
        });
        worker.expect("spawn").join().expect("no stack overflow");
    });
}

#[derive(Trace)]
struct Resurrector {
    me: RefCell<Option<Gc<Resurrector>>>,
    other: RefCell<Option<Gc<Resurrector>>>,
    #[rcgc(skip)]
    resurrect: bool,
}

impl Finalize for Resurrector {
    fn finalize(this: &Gc<Self>) {
        if this.resurrect {
            *this.me.borrow_mut() = Some(this.clone());
        } else {
            drop(this.other.borrow_mut().take());
        }
    }
}

/// Python 3.11 prints `1 1 0` for the same program: X's `__del__` drops the only reference to
/// Z, whose `__del__` makes Z a self-cycle; Z leaves the first collection alive and is found by
/// the second.
#[test]
fn resurrected_member_is_collected_by_the_next_collection() {
    rcgc::disable();
    let new = |resurrect| {
        Gc::new(Resurrector { me: RefCell::new(None), other: RefCell::new(None), resurrect })
    };
    // Allocated in the Python program's order (x, then z), which is the collector's order.
    let x = new(false);
    let z = new(true);
    *x.other.borrow_mut() = Some(z);
    *x.me.borrow_mut() = Some(x.clone());
    drop(x);
    let counts = (rcgc::collect(), rcgc::collect(), rcgc::collect());
    assert_eq!(counts, (1, 1, 0));
    assert!(rcgc::get_objects(None).is_empty());
    rcgc::enable();
}
