//! The shapes the reachability pass and the collection's shortcuts must get right: the
//! combined count/subtract walk of a full collection (only with nothing frozen), the marking
//! walk (objects passed as tentatively unreachable and reached later, possibly many times in a
//! row, traced from the work stack; the survivors keep their list order), the re-link of a
//! large old generation in address order, and skipping the finalizer and resurrection passes
//! when no user code ran.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use rcgc::{Finalize, Gc, Trace};

thread_local! {
    static DROPS: Cell<usize> = const { Cell::new(0) };
    static SAVED: RefCell<Vec<Gc<Node>>> = const { RefCell::new(Vec::new()) };
}

fn drops() -> usize {
    DROPS.with(Cell::get)
}

#[derive(Trace, Finalize)]
struct Node {
    edges: RefCell<Vec<Gc<Node>>>,
}

impl Drop for Node {
    fn drop(&mut self) {
        DROPS.with(|d| d.set(d.get() + 1));
    }
}

fn node() -> Gc<Node> {
    Gc::new(Node { edges: RefCell::new(Vec::new()) })
}

fn edge(from: &Gc<Node>, to: &Gc<Node>) {
    from.edges.borrow_mut().push(to.clone());
}

/// A chain of `n` nodes, each pointing to the next and the last back to the first; returns the
/// nodes in allocation order.
fn ring(n: usize) -> Vec<Gc<Node>> {
    let nodes: Vec<_> = (0..n).map(|_| node()).collect();
    for pair in nodes.windows(2) {
        edge(&pair[0], &pair[1]);
    }
    edge(&nodes[n - 1], &nodes[0]);
    nodes
}

#[test]
fn a_chain_reached_against_list_order_survives_and_is_then_freed_whole() {
    rcgc::disable();
    rcgc::collect();
    let n = 20_000;
    // Each node points to the one allocated before it, and only the last one allocated is
    // held: the walk meets every node before the node that reaches it, so each is moved to
    // `unreachable` and brought back, one at a time.
    let mut nodes: Vec<Gc<Node>> = Vec::new();
    for i in 0..n {
        let next = node();
        if i > 0 {
            edge(&next, &nodes[i - 1]);
        }
        nodes.push(next);
    }
    edge(&nodes[0], &nodes[n - 1]); // and a cycle through all of them
    let head = nodes.pop().unwrap();
    drop(nodes);
    for generation in [0, 1, 2, 2] {
        assert_eq!(rcgc::collect_generation(generation), 0);
        assert_eq!(head.edges.borrow().len(), 1, "every value is intact");
    }
    let before = drops();
    drop(head);
    assert_eq!(rcgc::collect(), n);
    assert_eq!(drops() - before, n);
    assert!(rcgc::get_objects(None).is_empty());
    rcgc::enable();
}

#[test]
fn garbage_rings_next_to_live_rings_in_every_generation() {
    rcgc::disable();
    rcgc::collect();
    let live = ring(50);
    drop(ring(30));
    assert_eq!(rcgc::collect_generation(0), 30);
    drop(ring(20));
    assert_eq!(rcgc::collect_generation(1), 20);
    let keep_middle = ring(10).swap_remove(5);
    drop(ring(40));
    assert_eq!(rcgc::collect(), 40);
    assert_eq!(rcgc::collect(), 0);
    assert_eq!(rcgc::get_objects(None).len(), 60);
    drop((live, keep_middle));
    assert_eq!(rcgc::collect(), 60);
    rcgc::enable();
}

#[test]
fn frozen_objects_are_outside_a_full_collection_in_both_directions() {
    rcgc::disable();
    rcgc::collect();
    // A frozen object referenced by young garbage, and held from outside.
    let frozen = node();
    let frozen_target = node();
    edge(&frozen, &frozen_target);
    rcgc::freeze();
    let garbage = ring(2);
    edge(&garbage[0], &frozen);
    drop(garbage);
    assert_eq!(rcgc::collect(), 2, "the young ring goes, the frozen object is not examined");
    assert_eq!(Gc::strong_count(&frozen), 1);
    // A young cycle kept alive only by a frozen object (which is a root).
    let kept = ring(3);
    edge(&frozen, &kept[0]);
    drop(kept);
    assert_eq!(rcgc::collect(), 0, "a frozen object's handles are roots");
    assert_eq!(rcgc::get_freeze_count(), 2);
    // After unfreezing, everything is examined again, with correct counts.
    rcgc::unfreeze();
    assert_eq!(rcgc::collect(), 0);
    frozen.edges.borrow_mut().clear();
    assert_eq!(rcgc::collect(), 3, "the ring the frozen object kept alive");
    let weak = Gc::downgrade(&frozen_target);
    drop((frozen, frozen_target));
    assert!(weak.upgrade().is_none());
    assert_eq!(rcgc::collect(), 0);
    rcgc::enable();
}

#[test]
fn a_frozen_object_referenced_by_garbage_keeps_no_collection_state() {
    rcgc::disable();
    rcgc::collect();
    let frozen = node();
    rcgc::freeze();
    // Garbage pointing to the frozen object, collected by a full and by a young collection:
    // neither may leave collection state on the frozen object.
    let garbage = ring(2);
    edge(&garbage[0], &frozen);
    drop(garbage);
    assert_eq!(rcgc::collect(), 2);
    let garbage = ring(2);
    edge(&garbage[0], &frozen);
    drop(garbage);
    assert_eq!(rcgc::collect_generation(0), 2);
    rcgc::unfreeze();
    // Held from outside only: it must survive every collection.
    for _ in 0..2 {
        assert_eq!(rcgc::collect(), 0);
        assert!(Gc::try_deref(&frozen).is_some());
    }
    let weak = Gc::downgrade(&frozen);
    drop(frozen);
    assert!(weak.upgrade().is_none());
    rcgc::enable();
}

#[test]
fn the_resurrection_pass_runs_when_a_finalizer_ran() {
    #[derive(Trace)]
    struct Phoenix {
        edges: RefCell<Vec<Gc<Node>>>,
        me: RefCell<Option<Gc<Phoenix>>>,
    }
    thread_local!(static RISEN: RefCell<Vec<Gc<Phoenix>>> = const { RefCell::new(Vec::new()) });
    impl Finalize for Phoenix {
        fn finalize(this: &Gc<Self>) {
            // Resurrects itself and, through its edges, a ring of plain nodes (no finalizer).
            RISEN.with(|r| r.borrow_mut().push(this.clone()));
        }
    }
    rcgc::disable();
    rcgc::collect();
    let nodes = ring(4);
    let phoenix =
        Gc::new(Phoenix { edges: RefCell::new(vec![nodes[0].clone()]), me: RefCell::new(None) });
    *phoenix.me.borrow_mut() = Some(phoenix.clone());
    edge(&nodes[2], &nodes[0]);
    drop((nodes, phoenix));
    let before = drops();
    assert_eq!(rcgc::collect(), 0, "all resurrected: nothing collected");
    assert_eq!(drops(), before, "no value was dropped");
    let phoenix = RISEN.with(|r| r.borrow_mut().pop()).unwrap();
    assert_eq!(phoenix.edges.borrow()[0].edges.borrow().len(), 1);
    phoenix.me.borrow_mut().take();
    drop(phoenix);
    // The finalizer does not run again: the ring and the phoenix go.
    assert_eq!(rcgc::collect(), 4);
    assert_eq!(drops() - before, 4);
    rcgc::enable();
}

#[test]
fn weak_callbacks_and_weak_references_owned_by_garbage() {
    rcgc::disable();
    rcgc::collect();
    let called = Rc::new(Cell::new(0));
    // A weak reference with a callback, held from outside, to a garbage ring.
    let garbage = ring(3);
    let c = called.clone();
    let watcher = Gc::downgrade_with_callback(&garbage[1], move |w| {
        assert!(w.upgrade().is_none());
        c.set(c.get() + 1);
    });
    // A plain weak reference to a live node, and one to garbage, both held from outside.
    let live = node();
    let weak_live = Gc::downgrade(&live);
    let weak_garbage = Gc::downgrade(&garbage[0]);
    drop(garbage);
    assert_eq!(rcgc::collect(), 3);
    assert_eq!(called.get(), 1);
    assert!(weak_garbage.upgrade().is_none());
    assert!(weak_live.upgrade().is_some());
    // The weak table is not empty, but nothing about this garbage uses it.
    drop(ring(5));
    assert_eq!(rcgc::collect(), 5);
    assert_eq!(called.get(), 1);
    drop((watcher, live));
    assert!(weak_live.upgrade().is_none());
    rcgc::enable();
}

#[test]
fn per_value_finalizers_that_are_all_absent_collect_everything() {
    #[derive(Trace)]
    struct Maybe {
        next: RefCell<Option<Gc<Maybe>>>,
        #[rcgc(skip)]
        has_del: bool,
    }
    thread_local!(static DELS: Cell<usize> = const { Cell::new(0) });
    impl Finalize for Maybe {
        fn has_finalizer(&self) -> bool {
            self.has_del
        }
        fn finalize(_this: &Gc<Self>) {
            DELS.with(|d| d.set(d.get() + 1));
        }
    }
    rcgc::disable();
    rcgc::collect();
    let pair = |has_del: bool| {
        let a = Gc::new(Maybe { next: RefCell::new(None), has_del });
        let b = Gc::new(Maybe { next: RefCell::new(Some(a.clone())), has_del });
        *a.next.borrow_mut() = Some(b);
    };
    pair(false);
    pair(false);
    assert_eq!(rcgc::collect(), 4);
    assert_eq!(DELS.with(Cell::get), 0);
    pair(true);
    pair(false);
    assert_eq!(rcgc::collect(), 4);
    assert_eq!(DELS.with(Cell::get), 2);
    assert_eq!(rcgc::collect(), 0);
    rcgc::enable();
}

/// Addresses of the objects of `generation`, in list order.
fn list_order(generation: usize) -> Vec<usize> {
    rcgc::get_objects(Some(generation)).iter().map(|o| o.as_ptr() as usize).collect()
}

#[test]
fn the_survivors_of_a_collection_keep_their_list_order() {
    rcgc::disable();
    rcgc::collect();
    // The leaves come before the root that holds them: the marking walk passes each leaf
    // (`gc_refs == 0`) before the root reaches it. They stay where they are (CPython would
    // bring them back after the root, in the root's order: here reversed).
    let leaves: Vec<Gc<Node>> = (0..100).map(|_| node()).collect();
    let root = node();
    for leaf in leaves.iter().rev() {
        edge(&root, leaf);
    }
    let mut expected: Vec<usize> = leaves.iter().map(|l| Gc::as_ptr(l) as usize).collect();
    expected.push(Gc::as_ptr(&root) as usize);
    drop(leaves);
    for generation in [0, 1, 2, 2] {
        assert_eq!(rcgc::collect_generation(generation), 0);
    }
    assert_eq!(list_order(2), expected);
    let before = drops();
    drop(root);
    assert_eq!(rcgc::collect(), 0, "freed by reference counting");
    assert_eq!(drops() - before, 101);
    rcgc::enable();
}

#[test]
fn a_large_old_generation_out_of_address_order_is_relinked_in_address_order() {
    rcgc::disable();
    rcgc::collect();
    // A churned heap: 40,000 nodes, a pseudo-random half dropped, 20,000 made again into the
    // holes the allocator hands back, appended to the list out of address order.
    let n = 40_000;
    let mut slots: Vec<Option<Gc<Node>>> = (0..n).map(|_| Some(node())).collect();
    let mut state = 12345u64;
    let mut dropped = 0;
    while dropped < n / 2 {
        state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        let i = (state >> 33) as usize % n;
        if slots[i].take().is_some() {
            dropped += 1;
        }
    }
    let root = node();
    for slot in &mut slots {
        let item = slot.get_or_insert_with(node);
        edge(&root, item);
    }
    // Under an allocator that does not hand freed blocks out again at once (valgrind's), the
    // newcomers would follow address order; re-tracking a pseudo-random quarter of the nodes
    // moves them to the end of the list whatever the allocator did.
    for _ in 0..n / 4 {
        state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        let item = slots[(state >> 33) as usize % n].as_ref().unwrap();
        Gc::untrack(item);
        Gc::track(item);
    }
    drop(slots);
    let before = list_order(0);
    assert_eq!(before.len(), n + 1);
    assert!(before.windows(2).any(|w| w[0] > w[1]), "the list starts out of address order");
    assert_eq!(rcgc::collect(), 0);
    let after = list_order(2);
    assert!(after.windows(2).all(|w| w[0] < w[1]), "the old generation is in address order");
    let mut sorted = before.clone();
    sorted.sort_unstable();
    assert_eq!(after, sorted, "the same objects");
    assert_eq!(root.edges.borrow().len(), n);
    let dropped_before = drops();
    drop(root);
    assert_eq!(drops() - dropped_before, n + 1);
    rcgc::enable();
}
