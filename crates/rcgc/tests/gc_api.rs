//! The rest of Python's `gc` module: weak-reference callbacks, collection callbacks, debug
//! flags, freeze, introspection, immortal objects, forced deallocation, resource safety.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use rcgc::{Finalize, Gc, GcAny, Phase, Trace, Unraisable, Weak};

thread_local! {
    static EVENTS: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

fn event(text: impl Into<String>) {
    EVENTS.with(|e| e.borrow_mut().push(text.into()));
}

fn events() -> Vec<String> {
    EVENTS.with(|e| std::mem::take(&mut *e.borrow_mut()))
}

/// A Python-like object: a name, strong edges, weak edges, a `__del__` that logs.
#[derive(Trace)]
struct Obj {
    #[rcgc(skip)]
    name: &'static str,
    edges: RefCell<Vec<Gc<Obj>>>,
    weak_edges: RefCell<Vec<Weak<Obj>>>,
}

impl Finalize for Obj {
    fn finalize(this: &Gc<Self>) {
        event(format!("del {}", this.name));
    }
}

impl Drop for Obj {
    fn drop(&mut self) {
        event(format!("drop {}", self.name));
    }
}

fn obj(name: &'static str) -> Gc<Obj> {
    Gc::new(Obj { name, edges: RefCell::new(vec![]), weak_edges: RefCell::new(vec![]) })
}

fn link(from: &Gc<Obj>, to: &Gc<Obj>) {
    from.edges.borrow_mut().push(to.clone());
}

fn pair(a: &'static str, b: &'static str) -> (Gc<Obj>, Gc<Obj>) {
    let (x, y) = (obj(a), obj(b));
    link(&x, &y);
    link(&y, &x);
    (x, y)
}

fn logging_callback(label: &'static str) -> impl FnOnce(&Weak<Obj>) + 'static {
    move |weak: &Weak<Obj>| {
        event(format!("callback {label} (alive: {})", weak.upgrade().is_some()));
    }
}

fn capture_unraisable() -> Rc<RefCell<Vec<Unraisable>>> {
    let seen = Rc::new(RefCell::new(Vec::new()));
    let sink = seen.clone();
    rcgc::set_unraisable_hook(Some(Box::new(move |u: &Unraisable| {
        sink.borrow_mut().push(u.clone())
    })));
    seen
}

// ---- weak-reference callbacks -------------------------------------------------------------

#[test]
fn weak_callback_runs_once_when_the_referent_dies_by_refcount() {
    let a = obj("a");
    let weak = Gc::downgrade_with_callback(&a, logging_callback("w"));
    drop(a);
    // Order of CPython's subtype_dealloc: __del__, then weakref callbacks, then the value.
    assert_eq!(events(), ["del a", "callback w (alive: false)", "drop a"]);
    assert!(weak.upgrade().is_none());
    drop(weak);
    assert_eq!(events(), Vec::<String>::new());
}

#[test]
fn weak_callbacks_run_newest_first_and_plain_weak_refs_are_shared() {
    let a = obj("a");
    let w1 = Gc::downgrade_with_callback(&a, logging_callback("first"));
    let w2 = Gc::downgrade_with_callback(&a, logging_callback("second"));
    let plain1 = Gc::downgrade(&a);
    let plain2 = Gc::downgrade(&a);
    assert!(Weak::ptr_eq(&plain1, &plain2), "weakref.ref(x) without callback is reused");
    assert!(!Weak::ptr_eq(&w1, &w2));
    assert_eq!(Gc::weak_count(&a), 4);
    drop(a);
    assert_eq!(
        events(),
        ["del a", "callback second (alive: false)", "callback first (alive: false)", "drop a"]
    );
    drop((w1, w2, plain1, plain2));
}

#[test]
fn no_callback_once_the_weak_reference_is_gone() {
    let a = obj("a");
    let weak = Gc::downgrade_with_callback(&a, logging_callback("w"));
    drop(weak);
    drop(a);
    assert_eq!(events(), ["del a", "drop a"]);
}

#[test]
fn in_a_collection_callbacks_of_live_weak_refs_run_before_finalizers() {
    rcgc::disable();
    let (a, b) = pair("a", "b");
    let weak_b = Gc::downgrade(&b);
    let weak = Gc::downgrade_with_callback(&a, move |w: &Weak<Obj>| {
        // All weak references to garbage are cleared before any callback runs.
        event(format!(
            "callback: a alive {}, b alive {}",
            w.upgrade().is_some(),
            weak_b.upgrade().is_some()
        ));
    });
    drop((a, b));
    assert_eq!(rcgc::collect(), 2);
    let log = events();
    assert_eq!(&log[..3], ["callback: a alive false, b alive false", "del a", "del b"]);
    drop(weak);
}

#[test]
fn callback_of_a_weak_ref_that_is_itself_garbage_never_runs() {
    rcgc::disable();
    let (a, b) = pair("a", "b");
    // `a` owns a weak reference with a callback to `b`: both die together.
    let weak = Gc::downgrade_with_callback(&b, logging_callback("garbage-owned"));
    a.weak_edges.borrow_mut().push(weak);
    // And a weak reference owned by garbage, to a live object, is cleared (CPython's rule).
    let survivor = obj("survivor");
    let weak_to_survivor = Gc::downgrade_with_callback(&survivor, logging_callback("survivor"));
    b.weak_edges.borrow_mut().push(weak_to_survivor);
    drop((a, b));
    assert_eq!(rcgc::collect(), 2);
    let log = events();
    assert!(log.iter().all(|e| !e.starts_with("callback")), "{log:?}");
    drop(survivor);
    assert_eq!(events(), ["del survivor", "drop survivor"], "its cleared weakref has no callback");
}

#[test]
fn a_panicking_weak_callback_is_reported() {
    let reports = capture_unraisable();
    let a = obj("a");
    let weak = Gc::downgrade_with_callback(&a, |_: &Weak<Obj>| panic!("callback failed"));
    drop(a);
    assert_eq!(reports.borrow().len(), 1);
    assert_eq!(reports.borrow()[0].context, "weakref callback");
    assert_eq!(events(), ["del a", "drop a"]);
    drop(weak);
}

#[test]
fn weak_refs_to_resurrected_objects_stay_cleared_and_new_ones_work() {
    thread_local!(static SAVED: RefCell<Vec<Gc<Phoenix>>> = const { RefCell::new(Vec::new()) });
    #[derive(Trace)]
    struct Phoenix {
        me: RefCell<Option<Gc<Phoenix>>>,
    }
    impl Finalize for Phoenix {
        fn finalize(this: &Gc<Self>) {
            SAVED.with(|s| s.borrow_mut().push(this.clone()));
        }
    }
    rcgc::disable();
    let p = Gc::new(Phoenix { me: RefCell::new(None) });
    *p.me.borrow_mut() = Some(p.clone());
    let weak = Gc::downgrade(&p);
    drop(p);
    assert_eq!(rcgc::collect(), 0, "resurrected");
    assert!(weak.upgrade().is_none(), "cleared before the finalizer ran, as in CPython");
    let p = SAVED.with(|s| s.borrow_mut().pop()).unwrap();
    let fresh = Gc::downgrade(&p);
    assert!(fresh.upgrade().is_some());
    p.me.borrow_mut().take();
    drop(p);
    assert!(fresh.upgrade().is_none());
}

// ---- collection callbacks and debug output ------------------------------------------------

#[test]
fn gc_callbacks_see_start_and_stop_with_counts() {
    rcgc::disable();
    let log = Rc::new(RefCell::new(Vec::new()));
    let sink = log.clone();
    let id = rcgc::add_callback(move |phase, info| {
        sink.borrow_mut().push((phase, info.generation, info.collected, info.uncollectable));
        // A collection requested from a callback does nothing.
        assert_eq!(rcgc::collect(), 0);
    });
    drop(pair("a", "b"));
    assert_eq!(rcgc::collect_generation(1), 2);
    assert_eq!(*log.borrow(), [(Phase::Start, 1, 0, 0), (Phase::Stop, 1, 2, 0)]);
    assert!(rcgc::remove_callback(id));
    rcgc::collect();
    assert_eq!(log.borrow().len(), 2);
    events();
}

#[test]
fn a_panicking_gc_callback_is_reported_not_propagated() {
    let reports = capture_unraisable();
    rcgc::add_callback(|_, _| panic!("callback failed"));
    assert_eq!(rcgc::collect(), 0);
    assert_eq!(reports.borrow().len(), 2, "start and stop");
    rcgc::clear_callbacks();
}

#[test]
fn automatic_collections_call_the_callbacks_too() {
    let count = Rc::new(Cell::new(0));
    let c = count.clone();
    rcgc::add_callback(move |phase, _| {
        if phase == Phase::Start {
            c.set(c.get() + 1)
        }
    });
    rcgc::enable();
    rcgc::set_threshold(5, 10, 10);
    let keep: Vec<_> = (0..20).map(|_| obj("x")).collect();
    assert!(count.get() >= 3);
    drop(keep);
    events();
}

fn capture_debug_output() -> Rc<RefCell<String>> {
    let text = Rc::new(RefCell::new(String::new()));
    let sink = text.clone();
    rcgc::set_debug_output(Some(Box::new(move |line: &str| sink.borrow_mut().push_str(line))));
    text
}

#[test]
fn debug_stats_prints_cpython_lines() {
    rcgc::disable();
    let output = capture_debug_output();
    let _keep = obj("kept");
    drop(pair("a", "b"));
    rcgc::set_debug(rcgc::DEBUG_STATS);
    assert_eq!(rcgc::collect(), 2);
    rcgc::set_debug(0);
    let text = output.borrow();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "gc: collecting generation 2...");
    assert_eq!(lines[1], "gc: objects in each generation: 3 0 0");
    assert_eq!(lines[2], "gc: objects in permanent generation: 0");
    assert!(lines[3].starts_with("gc: done, 2 unreachable, 0 uncollectable, "), "{}", lines[3]);
    assert!(lines[3].ends_with("s elapsed"));
    let seconds = lines[3].trim_start_matches("gc: done, 2 unreachable, 0 uncollectable, ");
    assert_eq!(seconds.split('.').nth(1).map(|d| d.len()), Some(4 + "s elapsed".len()));
    events();
}

#[test]
fn debug_collectable_and_uncollectable_describe_objects() {
    rcgc::disable();
    let output = capture_debug_output();
    rcgc::set_object_describer(Some(Box::new(|o: &GcAny| match o.downcast::<Obj>() {
        Some(obj) => format!("<Obj {}>", obj.name),
        None => format!("<{}>", o.type_name()),
    })));
    rcgc::set_debug(rcgc::DEBUG_COLLECTABLE | rcgc::DEBUG_UNCOLLECTABLE);
    drop(pair("a", "b"));
    rcgc::collect();
    rcgc::set_legacy_finalizers(true);
    drop(pair("c", "d"));
    rcgc::collect();
    rcgc::set_debug(0);
    let text = output.borrow().clone();
    assert_eq!(
        text,
        "gc: collectable <Obj a>\ngc: collectable <Obj b>\n\
         gc: uncollectable <Obj c>\ngc: uncollectable <Obj d>\n"
    );
    rcgc::set_legacy_finalizers(false);
    for g in rcgc::take_garbage() {
        g.downcast::<Obj>().unwrap().edges.borrow_mut().clear();
    }
    events();
}

#[test]
fn debug_leak_is_the_union_of_three_flags() {
    assert_eq!(rcgc::DEBUG_LEAK, 38);
    assert_eq!(
        (
            rcgc::DEBUG_STATS,
            rcgc::DEBUG_COLLECTABLE,
            rcgc::DEBUG_UNCOLLECTABLE,
            rcgc::DEBUG_SAVEALL
        ),
        (1, 2, 4, 32)
    );
}

// ---- freeze and introspection ---------------------------------------------------------------

#[test]
fn frozen_objects_are_ignored_until_unfrozen() {
    rcgc::disable();
    let weak = {
        let (a, _b) = pair("a", "b");
        Gc::downgrade(&a)
    };
    rcgc::freeze();
    assert_eq!(rcgc::get_freeze_count(), 2);
    assert_eq!(rcgc::get_count(), (0, 0, 0));
    assert_eq!(rcgc::collect(), 0, "the frozen cycle is not examined");
    assert!(weak.upgrade().is_some());
    assert!(rcgc::get_objects(None).is_empty());
    rcgc::unfreeze();
    assert_eq!(rcgc::get_freeze_count(), 0);
    assert_eq!(rcgc::get_objects(Some(2)).len(), 2, "unfrozen into the oldest generation");
    assert_eq!(rcgc::collect(), 2);
    events();
}

#[test]
fn get_objects_lists_each_generation() {
    rcgc::disable();
    let a = obj("a");
    rcgc::collect_generation(0);
    let b = obj("b");
    let in_gen =
        |g: usize, o: &Gc<Obj>| rcgc::get_objects(Some(g)).iter().any(|x| x.ptr_eq(&Gc::erase(o)));
    assert!(in_gen(1, &a) && !in_gen(0, &a));
    assert!(in_gen(0, &b));
    assert_eq!(rcgc::get_objects(None).len(), 2);
    assert!(rcgc::get_objects(None).iter().all(|o| o.is_tracked()));
    let untracked = Gc::new(3u8);
    assert_eq!(rcgc::get_objects(None).len(), 2, "untracked objects are not listed");
    drop((a, b, untracked));
    events();
}

#[test]
#[should_panic(expected = "generation parameter must be less than 3")]
fn get_objects_refuses_a_bad_generation() {
    rcgc::get_objects(Some(3));
}

#[test]
#[should_panic(expected = "invalid generation")]
fn collect_refuses_a_bad_generation() {
    rcgc::collect_generation(3);
}

#[test]
fn referrers_and_referents_follow_trace() {
    let (a, b) = pair("a", "b");
    let c = obj("c");
    link(&c, &a);
    let referrers = rcgc::get_referrers(&[Gc::erase(&a)]);
    let mut names: Vec<_> = referrers.iter().map(|o| o.downcast::<Obj>().unwrap().name).collect();
    names.sort();
    assert_eq!(names, ["b", "c"]);
    let referents = rcgc::get_referents(&Gc::erase(&c));
    assert_eq!(referents.len(), 1);
    assert!(referents[0].ptr_eq(&Gc::erase(&a)));
    drop(referrers);
    drop(referents);
    a.edges.borrow_mut().clear();
    drop((a, b, c));
    events();
}

#[test]
fn is_tracked_and_is_finalized() {
    assert!(!Gc::is_tracked(&Gc::new(1i64)));
    assert!(!Gc::is_tracked(&Gc::new(String::from("text"))));
    assert!(Gc::is_tracked(&obj("x")));
    events();
    thread_local!(static KEEP: RefCell<Option<Gc<Obj2>>> = const { RefCell::new(None) });
    #[derive(Trace)]
    struct Obj2 {
        me: RefCell<Option<Gc<Obj2>>>,
    }
    impl Finalize for Obj2 {
        fn finalize(this: &Gc<Self>) {
            KEEP.with(|k| *k.borrow_mut() = Some(this.clone()));
        }
    }
    rcgc::disable();
    let o = Gc::new(Obj2 { me: RefCell::new(None) });
    *o.me.borrow_mut() = Some(o.clone());
    assert!(!Gc::is_finalized(&o));
    drop(o);
    rcgc::collect();
    let o = KEEP.with(|k| k.borrow_mut().take()).unwrap();
    assert!(Gc::is_finalized(&o));
    o.me.borrow_mut().take();
}

// ---- immortal objects and forced deallocation -------------------------------------------------

#[test]
fn immortal_objects_are_never_deallocated_nor_collected() {
    rcgc::disable();
    let (a, b) = pair("a", "b");
    Gc::make_immortal(&a);
    assert_eq!(Gc::strong_count(&a), 2, "the real count: the handle and b's edge");
    let weak_b = Gc::downgrade(&b);
    drop((a, b));
    assert_eq!(rcgc::collect(), 0, "an immortal object is always reachable, and so is b");
    assert!(weak_b.upgrade().is_some());
    assert_eq!(events(), Vec::<String>::new());
}

#[test]
fn force_drop_refuses_immortal_objects_like_deallocating_none() {
    let none = Gc::new(());
    Gc::make_immortal(&none);
    let error = Gc::force_drop(&none).unwrap_err();
    assert_eq!(error.to_string(), "deallocating (): refused, the object is immortal");
    assert_eq!(*none, ());
}

#[test]
fn force_drop_finalizes_now_and_every_remaining_handle_refuses_access() {
    let a = obj("a");
    let other = a.clone();
    let weak = Gc::downgrade_with_callback(&a, logging_callback("w"));
    Gc::force_drop(&a).unwrap();
    assert_eq!(events(), ["del a", "callback w (alive: false)"]);
    assert!(Gc::try_deref(&other).is_none());
    assert!(weak.upgrade().is_none());
    let message = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| other.name))
        .unwrap_err()
        .downcast::<String>()
        .unwrap();
    assert!(message.contains("deallocated by `Gc::force_drop`"), "{message}");
    assert!(Gc::force_drop(&other).is_err(), "twice is refused");
    drop(a);
    assert_eq!(events(), Vec::<String>::new());
    drop(other); // the last handle: the value itself goes now
    assert_eq!(events(), ["drop a"]);
}

#[test]
fn a_force_dropped_member_does_not_keep_its_cycle_alive() {
    rcgc::disable();
    let (a, b) = pair("a", "b");
    let weak_b = Gc::downgrade(&b);
    Gc::force_drop(&a).unwrap();
    assert_eq!(events(), ["del a"]);
    drop((a, b));
    assert_eq!(rcgc::collect(), 2);
    assert!(weak_b.upgrade().is_none());
    let mut log = events();
    log.sort();
    assert_eq!(log, ["del b", "drop a", "drop b"]);
}

// ---- leaves: objects without list links -----------------------------------------------------

fn leaf(name: &'static str) -> Gc<Obj> {
    Gc::new_leaf(Obj { name, edges: RefCell::new(vec![]), weak_edges: RefCell::new(vec![]) })
}

fn size_of_object<T: Trace + 'static>(object: &Gc<T>) -> usize {
    rcgc::introspect::allocation_size(&Gc::erase(object))
}

#[test]
fn only_objects_that_may_be_tracked_carry_list_links() {
    type List = RefCell<Vec<Gc<u8>>>;
    let list = || RefCell::new(Vec::<Gc<u8>>::new());
    let int = Gc::new(1u64);
    let tracked = Gc::new(list());
    let untracked_for_now = Gc::new_untracked(list());
    let leaf_list = Gc::new_leaf(list());
    let atomic_leaf = Gc::new_leaf(1u64);
    assert!(Gc::is_leaf(&int) && Gc::is_leaf(&leaf_list) && Gc::is_leaf(&atomic_leaf));
    assert!(!Gc::is_leaf(&tracked) && !Gc::is_leaf(&untracked_for_now));
    assert!(Gc::erase(&leaf_list).is_leaf() && !Gc::erase(&tracked).is_leaf());
    if cfg!(target_pointer_width = "64") {
        assert_eq!(std::mem::size_of::<List>(), 32);
        assert_eq!(size_of_object(&int), 16 + 8, "header and value: no links");
        assert_eq!(size_of_object(&atomic_leaf), 16 + 8);
        assert_eq!(size_of_object(&Gc::new(())), 16);
        assert_eq!(size_of_object(&tracked), 16 + 16 + 32, "links, header, value");
        assert_eq!(size_of_object(&untracked_for_now), 16 + 16 + 32, "it may be tracked later");
        assert_eq!(size_of_object(&leaf_list), 16 + 32);
        assert_eq!(size_of_object(&Gc::new(String::new())), 16 + 24);
    }
}

#[test]
fn a_leaf_is_never_tracked_nor_counted() {
    rcgc::collect();
    let before = rcgc::get_count().0;
    let mut l = leaf("l");
    assert_eq!(rcgc::get_count().0, before, "a leaf does not count towards the threshold");
    assert!(!Gc::is_tracked(&l));
    Gc::track(&l);
    assert!(!Gc::is_tracked(&l), "track does nothing on a leaf");
    Gc::untrack(&l);
    assert!(!Gc::is_tracked(&l));
    assert!(!rcgc::get_objects(None).iter().any(|o| o.ptr_eq(&Gc::erase(&l))));
    Gc::get_mut(&mut l).unwrap().edges.get_mut().push(obj("child"));
    assert!(!Gc::is_tracked(&l), "get_mut's guard does not track a leaf either");
    let referents = rcgc::get_referents(&Gc::erase(&l));
    assert_eq!(referents.len(), 1);
    drop(referents);
    assert!(Gc::erase(&l).downcast::<Obj>().is_some());
    drop(l);
    assert_eq!(events(), ["del l", "drop l", "del child", "drop child"]);
    assert_eq!(Gc::try_unwrap(leaf("u")).map(|o| o.name).ok(), Some("u"));
    events();
}

#[test]
fn a_leaf_can_be_weakly_referenced() {
    let l = leaf("l");
    let plain = Gc::downgrade(&l);
    let with_callback = Gc::downgrade_with_callback(&l, logging_callback("w"));
    assert_eq!(Gc::weak_count(&l), 2);
    assert!(Gc::ptr_eq(&plain.upgrade().unwrap(), &l));
    drop(l);
    assert_eq!(events(), ["del l", "callback w (alive: false)", "drop l"]);
    assert!(plain.upgrade().is_none() && with_callback.upgrade().is_none());
    // An atomic one too (no links by type).
    let n = Gc::new(5u32);
    let weak = Gc::downgrade(&n);
    assert_eq!(weak.upgrade().map(|g| *g), Some(5));
    drop(n);
    assert!(weak.is_dead());
}

#[test]
fn a_leaf_can_be_force_dropped() {
    let l = leaf("l");
    let other = l.clone();
    let weak = Gc::downgrade_with_callback(&l, logging_callback("w"));
    Gc::force_drop(&l).unwrap();
    assert_eq!(events(), ["del l", "callback w (alive: false)"]);
    assert!(Gc::try_deref(&other).is_none() && weak.upgrade().is_none());
    assert!(Gc::force_drop(&other).is_err());
    drop(l);
    assert_eq!(events(), Vec::<String>::new());
    drop(other);
    assert_eq!(events(), ["drop l"]);
}

#[test]
fn a_leaf_can_be_immortal() {
    let l = leaf("l");
    Gc::make_immortal(&l);
    assert!(Gc::is_immortal(&l));
    assert_eq!(Gc::strong_count(&l), 1);
    assert!(Gc::force_drop(&l).is_err());
    let weak = Gc::downgrade(&l);
    drop(l);
    assert!(weak.upgrade().is_some(), "never deallocated");
    assert_eq!(events(), Vec::<String>::new());
}

#[test]
fn handles_a_leaf_holds_are_roots_so_a_cycle_through_it_is_never_collected() {
    rcgc::disable();
    // a (tracked) -> l (leaf) -> a
    let a = obj("a");
    let l = leaf("l");
    link(&a, &l);
    link(&l, &a);
    let (weak_a, weak_l) = (Gc::downgrade(&a), Gc::downgrade(&l));
    drop((a, l));
    assert_eq!(rcgc::collect(), 0, "the leaf's edge is a root");
    assert!(weak_a.upgrade().is_some() && weak_l.upgrade().is_some());
    assert_eq!(events(), Vec::<String>::new());
    // A leaf kept by the test holding one member of a tracked cycle keeps the cycle alive.
    let (b, c) = pair("b", "c");
    let keeper = leaf("keeper");
    link(&keeper, &b);
    drop((b, c));
    assert_eq!(rcgc::collect(), 0);
    drop(keeper);
    assert_eq!(events(), ["del keeper", "drop keeper"]);
    assert_eq!(rcgc::collect(), 2, "without the leaf, b and c are garbage");
    events();
    // Breaking the leaf's edge frees the first cycle by reference counting.
    let l = weak_l.upgrade().unwrap();
    let a = l.edges.borrow_mut().pop().unwrap();
    drop(l);
    assert!(weak_l.upgrade().is_some(), "a's edge still holds the leaf");
    drop(a);
    assert!(weak_a.upgrade().is_none() && weak_l.upgrade().is_none());
    let mut log = events();
    log.sort();
    assert_eq!(log, ["del a", "del l", "drop a", "drop l"]);
    rcgc::enable();
}

#[test]
fn a_finalizer_may_resurrect_a_leaf_which_stays_untracked() {
    thread_local!(static KEEP: RefCell<Option<Gc<Phoenix>>> = const { RefCell::new(None) });
    #[derive(Trace)]
    struct Phoenix {
        other: RefCell<Option<Gc<Phoenix>>>,
    }
    impl Finalize for Phoenix {
        fn finalize(this: &Gc<Self>) {
            KEEP.with(|k| *k.borrow_mut() = Some(this.clone()));
        }
    }
    let p = Gc::new_leaf(Phoenix { other: RefCell::new(None) });
    drop(p);
    let p = KEEP.with(|k| k.borrow_mut().take()).expect("resurrected");
    assert!(Gc::is_finalized(&p));
    assert!(!Gc::is_tracked(&p), "a resurrected leaf does not join generation 0");
    assert!(rcgc::get_objects(None).iter().all(|o| !o.ptr_eq(&Gc::erase(&p))));
    drop(p); // finalized already: freed now
    assert!(KEEP.with(|k| k.borrow().is_none()));
}

/// A value aligned beyond the 16 bytes of links: the allocation starts with padding, which
/// both layouts free correctly (valgrind checks the sizes).
#[test]
fn over_aligned_values_in_both_layouts() {
    #[derive(Trace, Finalize)]
    #[repr(align(64))]
    struct Wide {
        items: RefCell<Vec<Gc<Wide>>>,
    }
    let make = || Wide { items: RefCell::new(vec![]) };
    let tracked = Gc::new(make());
    let l = Gc::new_leaf(make());
    assert_eq!(Gc::as_ptr(&tracked) as usize % 64, 0);
    assert_eq!(Gc::as_ptr(&l) as usize % 64, 0);
    tracked.items.borrow_mut().push(l.clone());
    l.items.borrow_mut().push(Gc::new(make()));
    assert_eq!(size_of_object(&tracked), size_of_object(&l) + 64);
    drop((tracked, l));
    assert_eq!(rcgc::collect(), 0);
}

/// The trashcan for objects without links: a long chain of leaves, each owning the next,
/// dropped at once on an 8 MiB stack. Also through a type that can never be tracked but owns
/// handles (a skipped field), and through leaves and tracked objects alternating.
#[test]
fn a_million_long_chain_of_leaves_drops_without_overflowing_the_stack() {
    #[derive(Trace, Finalize)]
    struct Link {
        next: Option<Gc<Link>>,
    }
    /// Every field skipped: untracked by type, no links, but it owns a handle.
    #[derive(Trace, Finalize)]
    struct Opaque {
        #[rcgc(skip)]
        #[allow(dead_code)]
        next: Option<Gc<Opaque>>,
    }
    const LENGTH: usize = 1_000_000;
    std::thread::Builder::new()
        .stack_size(8 << 20)
        .spawn(|| {
            let mut head = Gc::new_leaf(Link { next: None });
            let tail = Gc::downgrade(&head);
            for _ in 1..LENGTH {
                head = Gc::new_leaf(Link { next: Some(head) });
            }
            drop(head);
            assert!(tail.upgrade().is_none());

            let mut head = Gc::new(Opaque { next: None });
            assert!(Gc::is_leaf(&head));
            for _ in 1..LENGTH {
                head = Gc::new(Opaque { next: Some(head) });
            }
            drop(head);

            rcgc::disable();
            let mut head = Gc::new(Link { next: None });
            let tail = Gc::downgrade(&head);
            for i in 1..LENGTH {
                let next = Some(head);
                head =
                    if i % 3 == 0 { Gc::new(Link { next }) } else { Gc::new_leaf(Link { next }) };
            }
            drop(head);
            assert!(tail.upgrade().is_none());
            assert_eq!(rcgc::get_count().0, 0);
            rcgc::enable();
        })
        .expect("spawn")
        .join()
        .expect("no panic, no overflow");
}

// ---- resources ------------------------------------------------------------------------------

/// A file owned by an object, as Python's file objects are.
#[derive(Trace, Finalize)]
struct FileObject {
    /// Only owned (closed by its `Drop`), never read.
    #[rcgc(skip)]
    #[allow(dead_code)]
    file: std::fs::File,
    other: RefCell<Option<Gc<FileObject>>>,
}

fn is_open(fd: i32) -> bool {
    std::path::Path::new(&format!("/proc/self/fd/{fd}")).exists()
}

fn open_temp(tag: &str) -> (std::fs::File, i32, std::path::PathBuf) {
    use std::os::fd::AsRawFd;
    let path = std::env::temp_dir().join(format!("rcgc-{tag}-{}", std::process::id()));
    let file = std::fs::File::create(&path).unwrap();
    let fd = file.as_raw_fd();
    (file, fd, path)
}

#[test]
#[cfg(target_os = "linux")]
fn a_file_closes_when_its_last_reference_goes() {
    let (file, fd, path) = open_temp("last-ref");
    let f = Gc::new(FileObject { file, other: RefCell::new(None) });
    let another = f.clone();
    drop(f);
    assert!(is_open(fd));
    drop(another); // `del f`: closed now, not at some later collection
    assert!(!is_open(fd));
    let _ = std::fs::remove_file(path);
}

#[test]
#[cfg(target_os = "linux")]
fn a_file_in_a_garbage_cycle_closes_when_the_cycle_is_collected() {
    rcgc::disable();
    let (file, fd, path) = open_temp("cycle");
    let f = Gc::new(FileObject { file, other: RefCell::new(None) });
    *f.other.borrow_mut() = Some(f.clone());
    drop(f);
    assert!(is_open(fd), "reference counting alone cannot close it");
    assert_eq!(rcgc::collect(), 1);
    assert!(!is_open(fd));
    let _ = std::fs::remove_file(path);
}
