//! The collection narrative (`rcgc::observe`) on the seed's cycle example: two `Track`
//! objects referring to each other, with a finalizer, collected by `rcgc::collect()`.

use std::cell::RefCell;
use std::rc::Rc;

use rcgc::observe::{self, Event, Observer};
use rcgc::{Finalize, Gc, Trace};

#[derive(Trace)]
struct Track {
    other: RefCell<Option<Gc<Track>>>,
}

impl Finalize for Track {
    fn finalize(_this: &Gc<Self>) {
        FINALIZED.with(|f| f.set(f.get() + 1));
    }
}

thread_local! {
    static FINALIZED: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

fn record() -> Rc<RefCell<Vec<Event>>> {
    let events = Rc::new(RefCell::new(Vec::new()));
    let log = events.clone();
    observe::set_observer(Some(Observer::new(move |event: &Event| {
        log.borrow_mut().push(event.clone())
    })));
    events
}

#[test]
fn the_seed_cycle_is_narrated_phase_by_phase() {
    rcgc::disable();
    rcgc::collect();
    let a = Gc::new(Track { other: RefCell::new(None) });
    let b = Gc::new(Track { other: RefCell::new(Some(a.clone())) });
    *a.other.borrow_mut() = Some(b.clone());
    let (pa, pb) = (Gc::as_ptr(&a) as usize, Gc::as_ptr(&b) as usize);
    drop((a, b));
    let events = record();
    assert_eq!(rcgc::collect(), 2);
    observe::set_observer(None);
    rcgc::enable();
    assert_eq!(FINALIZED.with(|f| f.get()), 2);

    let events = events.borrow();
    let names: Vec<&str> = events
        .iter()
        .map(|e| match e {
            Event::Start { .. } => "start",
            Event::UpdateRefs { .. } => "update_refs",
            Event::SubtractRefs { .. } => "subtract_refs",
            Event::MoveUnreachable { .. } => "move_unreachable",
            Event::WeakReferencesCleared { .. } => "weak",
            Event::FinalizersRun { .. } => "finalizers",
            Event::ResurrectionCheck { .. } => "resurrection",
            Event::Freed { .. } => "freed",
            Event::Done { .. } => "done",
            _ => "other",
        })
        .collect();
    assert_eq!(
        names,
        [
            "start",
            "update_refs",
            "subtract_refs",
            "move_unreachable",
            "finalizers",
            "resurrection",
            "freed",
            "done"
        ]
    );
    let addresses = |objects: &rcgc::observe::Objects| {
        let mut found: Vec<usize> = objects.shown.iter().map(|o| o.address).collect();
        found.sort();
        found
    };
    let mut both = vec![pa, pb];
    both.sort();
    match &events[1] {
        Event::UpdateRefs { examined, objects } => {
            assert_eq!((*examined, objects.total), (2, 2));
            assert_eq!(addresses(objects), both);
        }
        other => panic!("{other:?}"),
    }
    match &events[3] {
        Event::MoveUnreachable { unreachable, .. } => {
            assert_eq!(unreachable.total, 2);
            assert_eq!(addresses(unreachable), both);
            // Each is referred to once, by the other.
            assert!(unreachable.shown.iter().all(|o| o.strong == 1));
            assert!(unreachable.shown.iter().all(|o| o.type_name.ends_with("Track")));
        }
        other => panic!("{other:?}"),
    }
    match &events[4] {
        Event::FinalizersRun { objects } => assert_eq!(addresses(objects), both),
        other => panic!("{other:?}"),
    }
    match &events[5] {
        Event::ResurrectionCheck { resurrected, still_unreachable } => {
            assert_eq!((*resurrected, *still_unreachable), (0, 2))
        }
        other => panic!("{other:?}"),
    }
    match &events[6] {
        Event::Freed { objects } => assert_eq!(addresses(objects), both),
        other => panic!("{other:?}"),
    }
    match &events[7] {
        Event::Done { collected, uncollectable, generation, .. } => {
            assert_eq!((*generation, *collected, *uncollectable), (2, 2, 0))
        }
        other => panic!("{other:?}"),
    }
    // The words: both objects named in each of the three phases, in that order.
    let text: String = events.iter().map(|e| format!("{e}\n")).collect();
    let at = |needle: &str, from: usize| {
        text[from..].find(needle).map(|i| i + from).unwrap_or_else(|| panic!("{needle} in {text}"))
    };
    let unreachable = at("move_unreachable", 0);
    let finalizers = at("finalizers: ran __del__ of 2 objects", unreachable);
    let freed = at("freed 2 objects", finalizers);
    for address in [pa, pb] {
        let name = format!("{:p}", address as *const ());
        let in_unreachable = at(&name, unreachable);
        assert!(in_unreachable < finalizers, "{text}");
        assert!(at(&name, finalizers) < freed, "{text}");
        at(&name, freed);
    }
}

#[test]
fn the_cap_limits_the_objects_named_not_the_counts() {
    rcgc::disable();
    rcgc::collect();
    let ring: Vec<Gc<Track>> =
        (0..10).map(|_| Gc::new(Track { other: RefCell::new(None) })).collect();
    for i in 0..10 {
        *ring[i].other.borrow_mut() = Some(ring[(i + 1) % 10].clone());
    }
    drop(ring);
    let events = Rc::new(RefCell::new(Vec::new()));
    let log = events.clone();
    observe::set_observer(Some(
        Observer::new(move |event: &Event| log.borrow_mut().push(event.to_string())).with_cap(3),
    ));
    assert_eq!(rcgc::collect(), 10);
    observe::set_observer(None);
    rcgc::enable();
    let text = events.borrow().join("\n");
    assert!(text.contains("10 are unreachable"), "{text}");
    assert!(text.contains("... and 7 more"), "{text}");
    assert!(text.contains("freed 10 objects"), "{text}");
}

#[test]
fn resurrection_is_narrated() {
    thread_local! {
        static SAVED: RefCell<Option<Gc<Phoenix>>> = const { RefCell::new(None) };
    }
    #[derive(Trace)]
    struct Phoenix(RefCell<Option<Gc<Phoenix>>>);
    impl Finalize for Phoenix {
        fn finalize(this: &Gc<Self>) {
            SAVED.with(|s| *s.borrow_mut() = Some(this.clone()));
        }
    }
    rcgc::disable();
    rcgc::collect();
    let p = Gc::new(Phoenix(RefCell::new(None)));
    *p.0.borrow_mut() = Some(p.clone());
    drop(p);
    let events = record();
    assert_eq!(rcgc::collect(), 0);
    observe::set_observer(None);
    let check = events
        .borrow()
        .iter()
        .find_map(|e| match e {
            Event::ResurrectionCheck { resurrected, still_unreachable } => {
                Some((*resurrected, *still_unreachable))
            }
            _ => None,
        })
        .unwrap();
    assert_eq!(check, (1, 0));
    let saved = SAVED.with(|s| s.borrow_mut().take()).unwrap();
    *saved.0.borrow_mut() = None;
    drop(saved);
    rcgc::enable();
}

#[test]
fn no_observer_no_events_and_observers_can_be_replaced() {
    assert!(!observe::is_observing());
    let events = record();
    assert!(observe::set_observer(None).is_some());
    rcgc::collect();
    assert!(events.borrow().is_empty());
}
