//! The typed refcount-zero path of `Gc<T>::drop` (no finalizer, no weak reference) and the
//! single-access `Gc::new`: the same observable behaviour as the general path.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use rcgc::{Finalize, Gc, Trace, Unraisable};

thread_local! {
    static DROPS: Cell<usize> = const { Cell::new(0) };
}

fn drops() -> usize {
    DROPS.with(Cell::get)
}

/// Tracked, no finalizer, a `Drop` that counts and optionally panics.
#[derive(Trace, Finalize)]
struct Link {
    next: RefCell<Option<Gc<Link>>>,
    #[rcgc(skip)]
    panic: bool,
}

impl Drop for Link {
    fn drop(&mut self) {
        DROPS.with(|d| d.set(d.get() + 1));
        if self.panic {
            panic!("drop of a link failed");
        }
    }
}

fn link(next: Option<Gc<Link>>, panic: bool) -> Gc<Link> {
    Gc::new(Link { next: RefCell::new(next), panic })
}

fn capture_unraisable() -> Rc<RefCell<Vec<Unraisable>>> {
    let seen = Rc::new(RefCell::new(Vec::new()));
    let sink = seen.clone();
    rcgc::set_unraisable_hook(Some(Box::new(move |u: &Unraisable| {
        sink.borrow_mut().push(u.clone())
    })));
    std::panic::set_hook(Box::new(|_| {}));
    seen
}

#[test]
fn a_panicking_drop_on_the_fast_path_is_reported_and_the_fields_are_released() {
    rcgc::disable();
    rcgc::collect();
    let reports = capture_unraisable();
    let tail = link(None, false);
    let weak_tail = Gc::downgrade(&tail);
    let head = link(Some(tail), true);
    assert_eq!(rcgc::get_count().0, 2);
    let before = drops();
    drop(head);
    let _ = std::panic::take_hook();
    rcgc::set_unraisable_hook(None);
    assert_eq!(drops() - before, 2, "the head's drop ran, and its field was dropped anyway");
    assert!(weak_tail.upgrade().is_none());
    assert_eq!(reports.borrow().len(), 1);
    assert_eq!(reports.borrow()[0].context, "drop");
    assert!(reports.borrow()[0].type_name.ends_with("Link"));
    assert_eq!(reports.borrow()[0].message, "drop of a link failed");
    assert_eq!(rcgc::get_count().0, 0, "both left generation 0's count");
    assert!(rcgc::get_objects(None).is_empty());
    rcgc::enable();
}

#[test]
fn a_long_chain_freed_by_reference_counting_uses_the_trashcan_on_a_small_stack() {
    // 64 KiB of stack: without the trashcan, nested drops of 10^5 links would overflow it.
    let thread = std::thread::Builder::new().stack_size(64 << 10).spawn(|| {
        let n = 100_000;
        rcgc::disable();
        let mut head = None;
        for _ in 0..n {
            head = Some(link(head, false));
        }
        assert_eq!(rcgc::get_count().0, n);
        let before = drops();
        drop(head);
        assert_eq!(drops() - before, n);
        assert_eq!(rcgc::get_count().0, 0);
        assert!(rcgc::get_objects(None).is_empty());
    });
    thread.unwrap().join().unwrap();
}

#[test]
fn untracked_and_explicitly_untracked_objects_free_without_touching_the_count() {
    rcgc::disable();
    rcgc::collect();
    let before = drops();
    let never =
        Gc::new_untracked(Link { next: RefCell::new(Some(link(None, false))), panic: false });
    assert!(!Gc::is_tracked(&never));
    assert_eq!(rcgc::get_count().0, 1, "only the inner link counts");
    let later = link(None, false);
    Gc::untrack(&later);
    assert_eq!(rcgc::get_count().0, 2, "untracking does not change the count (as CPython)");
    drop(never);
    assert_eq!(rcgc::get_count().0, 1, "the inner link was tracked and left");
    drop(later);
    assert_eq!(rcgc::get_count().0, 1, "an untracked object never decrements it");
    assert_eq!(drops() - before, 3);
    rcgc::collect();
    rcgc::enable();
}

#[test]
fn allocation_runs_the_automatic_collection_before_linking_the_new_object() {
    rcgc::collect();
    rcgc::enable();
    let (threshold0, _, _) = rcgc::get_threshold();
    let found = Rc::new(Cell::new(0));
    let seen = found.clone();
    let id = rcgc::add_callback(move |phase, info| {
        if phase == rcgc::Phase::Stop && info.generation == 0 {
            seen.set(seen.get() + 1);
        }
    });
    let mut kept = Vec::new();
    for _ in 0..threshold0 {
        kept.push(link(None, false));
    }
    assert_eq!(found.get(), 0);
    assert_eq!(rcgc::get_count().0, threshold0);
    let one_more = link(None, false);
    assert_eq!(found.get(), 1, "the allocation over the threshold collected generation 0");
    // CPython 3.11's `_PyObject_GC_Link`: the new object is counted, then the collection
    // zeroes the count.
    assert_eq!(rcgc::get_count().0, 0);
    let young = rcgc::get_objects(Some(0));
    assert_eq!(young.len(), 1, "only the new object is young: the others were promoted");
    assert!(young[0].ptr_eq(&Gc::erase(&one_more)));
    rcgc::remove_callback(id);
    drop((kept, one_more, young));
    assert_eq!(rcgc::get_count().0, 0, "never below zero");
}

#[test]
fn a_drop_that_allocates_and_frees_keeps_the_counts_consistent() {
    #[derive(Trace, Finalize)]
    struct Busy {
        inner: RefCell<Vec<Gc<Busy>>>,
    }
    impl Drop for Busy {
        fn drop(&mut self) {
            // Allocations and frees nested inside a deallocation.
            for _ in 0..3 {
                let nested = link(Some(link(None, false)), false);
                assert!(Gc::is_tracked(&nested));
            }
        }
    }
    rcgc::disable();
    rcgc::collect();
    let root = Gc::new(Busy { inner: RefCell::new(Vec::new()) });
    for _ in 0..10 {
        let child = Gc::new(Busy { inner: RefCell::new(Vec::new()) });
        root.inner.borrow_mut().push(child);
    }
    assert_eq!(rcgc::get_count().0, 11);
    drop(root);
    assert_eq!(rcgc::get_count().0, 0);
    assert!(rcgc::get_objects(None).is_empty());
    rcgc::enable();
}
