//! The seed's `>>>` scenarios (`shared/seed/000_0e88cac6590cf3c4.txt`), written in Rust.
//! Each test runs on its own thread, hence with its own collector.

use std::cell::RefCell;

use rcgc::{Finalize, Gc, Trace};

thread_local! {
    static LOG: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

fn log(line: &str) {
    LOG.with(|l| l.borrow_mut().push(line.to_string()));
}

fn take_log() -> Vec<String> {
    LOG.with(|l| std::mem::take(&mut *l.borrow_mut()))
}

/// The seed's `Track` class: prints on creation and in `__del__`, may point to another.
#[derive(Trace)]
struct Track {
    other: RefCell<Option<Gc<Track>>>,
}

impl Track {
    fn new() -> Gc<Track> {
        log("Initialized");
        Gc::new(Track { other: RefCell::new(None) })
    }
}

impl Finalize for Track {
    fn finalize(_this: &Gc<Self>) {
        log("Destructed");
    }
}

fn bar() -> Gc<Track> {
    Track::new()
}

#[test]
fn del_does_not_destroy_while_another_reference_exists() {
    rcgc::disable();
    let t = bar();
    assert_eq!(take_log(), ["Initialized"]);
    let another_t = t.clone();
    drop(t); // `del t`: not destructed yet
    assert_eq!(take_log(), Vec::<String>::new());
    drop(another_t); // final reference gone
    assert_eq!(take_log(), ["Destructed"]);
}

#[test]
fn objects_are_destroyed_as_soon_as_the_count_reaches_zero() {
    rcgc::disable();
    fn foo() {
        drop(Track::new()); // `Track()`: destructed immediately
        log("---");
        let _t = Track::new();
        log("---");
    } // `t` destructed when the function exits
    foo();
    assert_eq!(
        take_log(),
        ["Initialized", "Destructed", "---", "Initialized", "---", "Destructed"]
    );
}

#[test]
fn assigning_none_releases_references() {
    rcgc::disable();
    let mut t = Some(bar());
    let mut another_t = t.clone();
    take_log();
    t = None; // not destructed yet: another_t still refers to it
    assert!(t.is_none() && another_t.is_some());
    assert_eq!(take_log(), Vec::<String>::new());
    another_t = None; // final reference gone
    assert!(another_t.is_none());
    assert_eq!(take_log(), ["Destructed"]);
}

#[test]
fn a_two_object_cycle_is_collected_only_by_collect() {
    rcgc::disable();
    let a = Track::new();
    let b = Track::new();
    *a.other.borrow_mut() = Some(b.clone());
    *b.other.borrow_mut() = Some(a.clone());
    take_log();
    drop(a);
    drop(b); // not destructed due to the reference cycle
    assert_eq!(take_log(), Vec::<String>::new());
    // Python prints 4 here because each instance owns a `__dict__`; Rust values own their
    // fields inline, so the same cycle is two objects.
    assert_eq!(rcgc::collect(), 2);
    assert_eq!(take_log(), ["Destructed", "Destructed"]);
    assert_eq!(rcgc::collect(), 0);
}

#[test]
fn a_ring_of_ten_is_collected_by_collect() {
    rcgc::disable();
    let objs: Vec<Gc<Track>> = (0..10).map(|_| Track::new()).collect();
    assert_eq!(take_log().len(), 10);
    for i in 0..objs.len() - 1 {
        *objs[i].other.borrow_mut() = Some(objs[i + 1].clone());
    }
    *objs[9].other.borrow_mut() = Some(objs[0].clone()); // complete the cycle
    drop(objs); // no one can refer to objs now: still not destructed
    assert_eq!(take_log(), Vec::<String>::new());
    assert_eq!(rcgc::collect(), 10);
    assert_eq!(take_log(), vec!["Destructed"; 10]);
}

#[test]
fn strong_count_is_the_refcount() {
    // `sys.getrefcount(a)` is `strong_count + 1` (the argument).
    let a = Gc::new(());
    assert_eq!(Gc::strong_count(&a) + 1, 2);
    let b = a.clone();
    assert_eq!(Gc::strong_count(&a) + 1, 3);
    drop(b);
    assert_eq!(Gc::strong_count(&a) + 1, 2);
}

#[test]
fn thresholds_trigger_automatic_collection() {
    rcgc::enable();
    rcgc::set_threshold(10, 10, 10);
    rcgc::collect();
    let before = rcgc::get_stats()[0].collections;
    // Build two-object cycles and forget them; automatic collection must reclaim them.
    for _ in 0..20 {
        let a = Track::new();
        let b = Track::new();
        *a.other.borrow_mut() = Some(b.clone());
        *b.other.borrow_mut() = Some(a);
    }
    let after = rcgc::get_stats()[0].collections;
    assert!(after >= before + 3, "gen-0 collections: {before} -> {after}");
    let destructed = take_log().iter().filter(|l| *l == "Destructed").count();
    assert!(destructed >= 30, "only {destructed} destructed by automatic collections");
    rcgc::collect();
    assert_eq!(take_log().iter().filter(|l| *l == "Destructed").count() + destructed, 40);
}

#[test]
fn with_automatic_collection_disabled_nothing_is_collected_implicitly() {
    rcgc::disable();
    rcgc::set_threshold(5, 10, 10);
    for _ in 0..50 {
        let a = Track::new();
        *a.other.borrow_mut() = Some(a.clone());
    }
    assert_eq!(rcgc::get_stats()[0].collections, 0);
    assert_eq!(rcgc::get_count().0, 50);
    assert_eq!(rcgc::collect(), 50);
}
