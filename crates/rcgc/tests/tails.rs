//! Leaves with a byte tail (`Gc::new_leaf_with_tail`): the bytes after the value, on every
//! path that frees, moves out or drops the value. Run under valgrind with
//! `RCGC_ALLOCATOR=malloc` (README), which checks the layouts and that nothing leaks.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use rcgc::{Finalize, Gc, Trace};

fn size_of_object<T: Trace + 'static>(object: &Gc<T>) -> usize {
    rcgc::introspect::allocation_size(&Gc::erase(object))
}

/// Bytes that differ from one position and one length to the next.
fn pattern(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i * 31 + len * 7) as u8).collect()
}

/// Counts its drops.
#[derive(Trace, Finalize)]
struct Counted {
    #[rcgc(skip)]
    drops: Rc<Cell<u32>>,
    #[rcgc(skip)]
    payload: String,
}

impl Drop for Counted {
    fn drop(&mut self) {
        self.drops.set(self.drops.get() + 1);
    }
}

fn counted(drops: &Rc<Cell<u32>>) -> Counted {
    Counted { drops: drops.clone(), payload: "payload".repeat(3) }
}

#[test]
fn the_tail_holds_the_bytes_given_for_every_size() {
    let base = size_of_object(&Gc::new_leaf(0u64));
    let mut sizes: Vec<usize> = (0..=600).collect();
    // Past `pool::MAX_POOLED` (512): the global allocator's blocks.
    sizes.extend([1000, 4096, 4097, 65_536, 1 << 20]);
    let objects: Vec<(Gc<u64>, Vec<u8>)> = sizes
        .iter()
        .map(|&len| {
            let bytes = pattern(len);
            (Gc::new_leaf_with_tail(len as u64, &bytes), bytes)
        })
        .collect();
    for (object, bytes) in &objects {
        assert_eq!(**object as usize, bytes.len());
        assert_eq!(Gc::tail(object), &bytes[..]);
        assert!(Gc::is_leaf(object) && !Gc::is_tracked(object));
        assert_eq!(size_of_object(object), base + bytes.len());
    }
    // Freed in an order other than allocation order.
    let (even, odd): (Vec<_>, Vec<_>) =
        objects.into_iter().enumerate().partition(|(i, _)| i % 2 == 0);
    drop(odd);
    for (_, (object, bytes)) in &even {
        assert_eq!(Gc::tail(object), &bytes[..]);
    }
}

#[test]
fn an_empty_tail_is_a_plain_leaf() {
    let plain = Gc::new_leaf(7u32);
    let tailed = Gc::new_leaf_with_tail(7u32, &[]);
    assert!(Gc::tail(&tailed).is_empty() && Gc::tail(&plain).is_empty());
    assert_eq!(size_of_object(&plain), size_of_object(&tailed));
    // Objects made otherwise have no tail.
    let list = Gc::new(RefCell::new(Vec::<Gc<u8>>::new()));
    assert!(Gc::tail(&list).is_empty());
    assert!(Gc::tail(&Gc::new(1u8)).is_empty());
}

#[test]
fn values_with_drop_glue_are_dropped_once_and_the_tail_freed() {
    let drops = Rc::new(Cell::new(0));
    for len in [0, 1, 13, 500, 511, 512, 513, 3000] {
        let object = Gc::new_leaf_with_tail(counted(&drops), &pattern(len));
        let other = object.clone();
        drop(object);
        assert_eq!(drops.get(), 0);
        assert_eq!(Gc::tail(&other), &pattern(len)[..]);
        assert_eq!(other.payload, "payloadpayloadpayload");
        drop(other);
        assert_eq!(drops.get(), 1);
        drops.set(0);
    }
}

#[test]
fn try_unwrap_moves_the_value_out_and_frees_the_tail() {
    let drops = Rc::new(Cell::new(0));
    for len in [0, 9, 600] {
        let object = Gc::new_leaf_with_tail(counted(&drops), &pattern(len));
        let copy = object.clone();
        let Err(object) = Gc::try_unwrap(object) else { panic!("two handles") };
        assert_eq!(Gc::tail(&copy), &pattern(len)[..]);
        drop(copy);
        let value = Gc::try_unwrap(object).ok().unwrap();
        assert_eq!(drops.get(), 0, "moved out, not dropped");
        drop(value);
        assert_eq!(drops.get(), 1);
        drops.set(0);
    }
}

#[test]
fn get_mut_changes_the_value_and_not_the_tail() {
    let drops = Rc::new(Cell::new(0));
    let mut object = Gc::new_leaf_with_tail(counted(&drops), b"tail bytes");
    Gc::get_mut(&mut object).unwrap().payload.push_str(" and more");
    assert_eq!(Gc::tail(&object), b"tail bytes");
    assert!(object.payload.ends_with(" and more"));
    assert!(!Gc::is_tracked(&object));
    drop(object);
    assert_eq!(drops.get(), 1);
}

#[test]
fn force_drop_keeps_the_tail_readable_until_the_last_handle() {
    let drops = Rc::new(Cell::new(0));
    for len in [0, 24, 700] {
        let object = Gc::new_leaf_with_tail(counted(&drops), &pattern(len));
        let other = object.clone();
        Gc::force_drop(&object).unwrap();
        assert!(Gc::try_deref(&other).is_none());
        assert_eq!(Gc::tail(&other), &pattern(len)[..]);
        assert_eq!(Gc::tail(&object), &pattern(len)[..]);
        assert_eq!(size_of_object(&other), size_of_object(&Gc::new_leaf(counted(&drops))) + len);
        drop(object);
        assert_eq!(Gc::tail(&other), &pattern(len)[..]);
        drop(other);
        assert_eq!(drops.get(), 2, "the value and the one measured above");
        drops.set(0);
    }
}

#[test]
fn weak_references_see_the_tail_while_the_object_lives() {
    let drops = Rc::new(Cell::new(0));
    let called = Rc::new(Cell::new(false));
    let object = Gc::new_leaf_with_tail(counted(&drops), b"weakly held");
    let weak = Gc::downgrade(&object);
    let flag = called.clone();
    let with_callback = Gc::downgrade_with_callback(&object, move |_| flag.set(true));
    let upgraded = weak.upgrade().unwrap();
    assert_eq!(Gc::tail(&upgraded), b"weakly held");
    assert_eq!(Gc::weak_count(&object), 2);
    drop(upgraded);
    drop(object);
    assert!(weak.upgrade().is_none() && with_callback.upgrade().is_none());
    assert!(called.get());
    assert_eq!(drops.get(), 1);
}

/// A tracked container, for cycles around tailed leaves.
#[derive(Trace, Finalize)]
struct Node {
    next: RefCell<Option<Gc<Node>>>,
    leaves: RefCell<Vec<Gc<Counted>>>,
}

#[test]
fn collections_leave_the_tails_of_reachable_leaves_intact() {
    let drops = Rc::new(Cell::new(0));
    let root = Gc::new(Node { next: RefCell::new(None), leaves: RefCell::new(vec![]) });
    for len in 0..200 {
        let leaf = Gc::new_leaf_with_tail(counted(&drops), &pattern(len));
        root.leaves.borrow_mut().push(leaf);
    }
    // Young collections (lists of tracked objects) and full ones (all tracked) alike visit
    // the leaves as referents: their `gc_refs`, the tail's length, must not be touched.
    for generation in 0..rcgc::NUM_GENERATIONS {
        rcgc::collect_generation(generation);
        for (len, leaf) in root.leaves.borrow().iter().enumerate() {
            assert_eq!(Gc::tail(leaf), &pattern(len)[..]);
            assert_eq!(size_of_object(leaf), size_of_object(&Gc::new_leaf(counted(&drops))) + len);
        }
    }
    assert_eq!(drops.get(), 200 * rcgc::NUM_GENERATIONS as u32);
    drops.set(0);
    drop(root);
    assert_eq!(drops.get(), 200);
}

#[test]
fn garbage_cycles_free_the_tailed_leaves_they_own() {
    let drops = Rc::new(Cell::new(0));
    let a = Gc::new(Node { next: RefCell::new(None), leaves: RefCell::new(vec![]) });
    let b = Gc::new(Node { next: RefCell::new(Some(a.clone())), leaves: RefCell::new(vec![]) });
    *a.next.borrow_mut() = Some(b.clone());
    for len in [0, 5, 513, 2048] {
        a.leaves.borrow_mut().push(Gc::new_leaf_with_tail(counted(&drops), &pattern(len)));
        b.leaves.borrow_mut().push(Gc::new_leaf_with_tail(counted(&drops), &pattern(len)));
    }
    let survivor = a.leaves.borrow()[2].clone();
    drop(a);
    drop(b);
    assert_eq!(rcgc::collect(), 2);
    assert_eq!(drops.get(), 7);
    assert_eq!(Gc::tail(&survivor), &pattern(513)[..]);
    drop(survivor);
    assert_eq!(drops.get(), 8);
}

/// A chain of leaves, each owning the next: freeing the head goes through the trashcan's
/// deferred queue.
#[derive(Trace, Finalize)]
struct Link {
    next: Option<Gc<Link>>,
}

#[test]
fn deep_chains_of_tailed_leaves_are_freed_through_the_trashcan() {
    let mut head: Option<Gc<Link>> = None;
    for i in 0..20_000usize {
        head = Some(Gc::new_leaf_with_tail(Link { next: head }, &pattern(i % 97)));
    }
    let mut node = head.clone();
    let mut len = 20_000usize;
    while let Some(link) = node {
        len -= 1;
        assert_eq!(Gc::tail(&link), &pattern(len % 97)[..]);
        node = link.next.clone();
    }
    drop(head);
}

#[test]
fn over_aligned_values_get_their_tail_after_the_padded_box() {
    #[derive(Trace, Finalize)]
    #[repr(align(32))]
    struct Wide(#[rcgc(skip)] u8);
    let wide = Gc::new_leaf_with_tail(Wide(3), b"abc");
    assert_eq!(Gc::as_ptr(&wide) as usize % 32, 0);
    assert_eq!(wide.0, 3);
    assert_eq!(Gc::tail(&wide), b"abc");
    assert_eq!(size_of_object(&wide), size_of_object(&Gc::new_leaf(Wide(0))) + 3);
}
