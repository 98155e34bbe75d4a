//! `#[derive(Trace)]` on types declared by a `macro_rules!` macro. A field type whose first
//! token comes from the macro's caller (`$ptr<...>`) has another hygiene context than the
//! derive; the generated `self.field` used to take that span and fail with "expected value,
//! found module `self`" (E0424).

use std::cell::RefCell;

use rcgc::{Finalize, Gc, Trace};

/// Declares node types over the pointer `$ptr`, as the benchmark adapters would.
macro_rules! nodes {
    ($ptr:ident) => {
        #[derive(Trace, Finalize)]
        struct Named {
            next: RefCell<Option<$ptr<Named>>>,
            value: u64,
            /// The type's first token is the caller's.
            pinned: $ptr<u64>,
        }

        #[derive(Trace, Finalize)]
        struct Tuple($ptr<u64>, RefCell<Vec<$ptr<Tuple>>>, #[rcgc(skip)] String);

        #[derive(Trace, Finalize)]
        enum Either {
            Leaf($ptr<u64>),
            Node { left: RefCell<Option<$ptr<Either>>>, right: RefCell<Option<$ptr<Either>>> },
        }
    };
}

nodes!(Gc);

/// A type whose field name and type come from the macro's caller, next to a field written in
/// the macro.
macro_rules! wrapper {
    ($name:ident, $field:ident: $ty:ty) => {
        #[derive(Trace, Finalize)]
        struct $name {
            $field: $ty,
            extra: RefCell<Option<Gc<$name>>>,
        }
    };
}

wrapper!(Wrapped, inner: RefCell<Option<Gc<Wrapped>>>);

#[test]
fn derived_trace_of_macro_declared_types_finds_cycles() {
    rcgc::collect();

    // Named: a two-object cycle.
    let a = Gc::new(Named { next: RefCell::new(None), value: 1, pinned: Gc::new(10) });
    let b = Gc::new(Named { next: RefCell::new(Some(a.clone())), value: 2, pinned: Gc::new(20) });
    *a.next.borrow_mut() = Some(b.clone());
    assert_eq!(a.value + *b.pinned, 21);
    let weak_pinned = Gc::downgrade(&a.pinned);
    drop((a, b));

    // Tuple: a self-loop through the second field.
    let t = Gc::new(Tuple(Gc::new(3), RefCell::new(Vec::new()), "t".to_string()));
    t.1.borrow_mut().push(t.clone());
    assert_eq!((*t.0, t.2.as_str()), (3, "t"));
    drop(t);

    // Either: a node referring to itself and to a leaf (both tracked: `Either` may hold
    // handles).
    let leaf = Gc::new(Either::Leaf(Gc::new(4)));
    let node =
        Gc::new(Either::Node { left: RefCell::new(Some(leaf.clone())), right: RefCell::new(None) });
    if let Either::Node { right, .. } = &*node {
        *right.borrow_mut() = Some(node.clone());
    }
    drop(leaf);
    drop(node);

    // Wrapped: a self-loop through both fields.
    let w = Gc::new(Wrapped { inner: RefCell::new(None), extra: RefCell::new(None) });
    *w.inner.borrow_mut() = Some(w.clone());
    *w.extra.borrow_mut() = Some(w.clone());
    drop(w);

    assert!(weak_pinned.upgrade().is_some(), "held by the garbage cycle until collected");
    // Named 2 + Tuple 1 + Either 2 (node and leaf) + Wrapped 1; the untracked `Gc<u64>`s are
    // freed by reference counting when their owners' values are dropped.
    assert_eq!(rcgc::collect(), 2 + 1 + 2 + 1);
    assert!(weak_pinned.upgrade().is_none());
    assert_eq!(rcgc::collect(), 0);
}
