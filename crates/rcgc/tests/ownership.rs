//! The `Rc`-style ownership API: `Gc::new_cyclic`, `Gc::try_unwrap`, `Gc::get_mut`,
//! `Weak::new`, and `is_collecting`. Each test runs on its own thread (its own collector).

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use rcgc::{Finalize, Gc, Trace, Weak};

#[derive(Trace, Finalize)]
struct Node {
    me: Weak<Node>,
    edges: RefCell<Vec<Gc<Node>>>,
}

#[test]
fn new_cyclic_weak_works_once_built() {
    let node = Gc::new_cyclic(|me: &Weak<Node>| {
        assert!(me.upgrade().is_none());
        assert_eq!(me.strong_count(), 0);
        Node { me: me.clone(), edges: RefCell::new(Vec::new()) }
    });
    assert!(Gc::ptr_eq(&node.me.upgrade().unwrap(), &node));
    assert!(Gc::is_tracked(&node));
    assert_eq!(Gc::strong_count(&node), 1);
    assert_eq!(Gc::weak_count(&node), 1);
    let weak = node.me.clone();
    drop(node);
    assert!(weak.upgrade().is_none());
}

#[test]
fn new_cyclic_in_a_cycle_is_collected() {
    rcgc::disable();
    let node = Gc::new_cyclic(|me| Node { me: me.clone(), edges: RefCell::new(Vec::new()) });
    node.edges.borrow_mut().push(node.clone());
    let weak = Gc::downgrade(&node);
    drop(node);
    assert_eq!(rcgc::collect(), 1);
    assert!(weak.upgrade().is_none());
    rcgc::enable();
}

#[test]
fn new_cyclic_that_panics_releases_the_allocation() {
    let kept: Rc<RefCell<Option<Weak<Node>>>> = Rc::default();
    let keep = kept.clone();
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        Gc::new_cyclic(|me: &Weak<Node>| -> Node {
            *keep.borrow_mut() = Some(me.clone());
            panic!("building failed");
        })
    }));
    assert!(outcome.is_err());
    let weak = kept.borrow_mut().take().unwrap();
    assert!(weak.upgrade().is_none(), "a weak reference to an object never built stays dead");
    assert!(rcgc::get_objects(None).is_empty());
}

#[test]
fn try_unwrap_moves_the_value_out_and_clears_weak_references() {
    let called = Rc::new(Cell::new(false));
    let flag = called.clone();
    let object = Gc::new(RefCell::new(vec![Gc::new(5u8)]));
    let before = rcgc::get_count().0;
    let plain = Gc::downgrade(&object);
    let with_callback = Gc::downgrade_with_callback(&object, move |_| flag.set(true));
    let second = object.clone();
    let object = Gc::try_unwrap(object).expect_err("two handles");
    drop(second);
    let value = Gc::try_unwrap(object).expect("one handle");
    assert_eq!(*value.borrow()[0], 5);
    assert!(plain.upgrade().is_none());
    assert!(with_callback.upgrade().is_none());
    assert!(called.get(), "the object is gone: its weak callbacks ran");
    assert_eq!(rcgc::get_count().0, before - 1, "it left the collector as a deallocation does");
}

#[test]
fn try_unwrap_refuses_immortal_objects() {
    let none = Gc::new(());
    Gc::make_immortal(&none);
    assert!(Gc::try_unwrap(none).is_err());
}

#[test]
fn get_mut_needs_the_only_handle_and_no_weak_reference() {
    let mut list = Gc::new(RefCell::new(Vec::<Gc<u8>>::new()));
    assert!(Gc::get_mut(&mut list).is_some());
    let other = list.clone();
    assert!(Gc::get_mut(&mut list).is_none());
    drop(other);
    let weak = Gc::downgrade(&list);
    assert!(Gc::get_mut(&mut list).is_none());
    drop(weak);
    Gc::get_mut(&mut list).unwrap().get_mut().push(Gc::new(3));
    assert_eq!(*list.borrow()[0], 3);
}

#[test]
fn get_mut_hides_the_object_from_collections_while_borrowed() {
    rcgc::disable();
    let mut a = Gc::new(Node { me: Weak::new(), edges: RefCell::new(Vec::new()) });
    {
        let mut borrowed = Gc::get_mut(&mut a).unwrap();
        // A collection now must not trace the value, which is mutably borrowed.
        assert_eq!(rcgc::collect(), 0);
        assert!(rcgc::get_objects(None).is_empty());
        borrowed.edges.get_mut().clear();
    }
    assert!(Gc::is_tracked(&a), "the guard gives the object back to the collector");
    a.edges.borrow_mut().push(a.clone());
    drop(a);
    assert_eq!(rcgc::collect(), 1);
    rcgc::enable();
}

#[test]
fn weak_new_is_dead_and_default() {
    let w: Weak<Node> = Weak::new();
    assert!(w.upgrade().is_none());
    assert!(w.is_dead());
    assert_eq!(w.strong_count(), 0);
    let d: Weak<u8> = Weak::default();
    assert!(d.clone().upgrade().is_none());
}

#[derive(Trace)]
struct Probe {
    me: RefCell<Option<Gc<Probe>>>,
    #[rcgc(skip)]
    saw: Rc<Cell<Option<(bool, usize)>>>,
}

impl Finalize for Probe {
    fn finalize(this: &Gc<Self>) {
        this.saw.set(Some((rcgc::is_collecting(), rcgc::collect())));
    }
}

#[test]
fn is_collecting_tells_why_collect_returned_zero() {
    assert!(!rcgc::is_collecting());
    let saw = Rc::new(Cell::new(None));
    let probe = Gc::new(Probe { me: RefCell::new(None), saw: saw.clone() });
    *probe.me.borrow_mut() = Some(probe.clone());
    drop(probe);
    assert_eq!(rcgc::collect(), 1);
    assert_eq!(saw.get(), Some((true, 0)));
    // On the refcount path no collection runs.
    let saw = Rc::new(Cell::new(None));
    drop(Gc::new(Probe { me: RefCell::new(None), saw: saw.clone() }));
    assert_eq!(saw.get(), Some((false, 0)));
    assert!(!rcgc::is_collecting());
}
