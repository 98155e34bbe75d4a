//! Deep structures on the default 8 MiB main-thread stack: a full collection over a live
//! 10^7-long chain, then dropping it. Heavy, so `#[ignore]`d in the default run; `.ci/run`
//! runs it in release mode with `--ignored`.

use rcgc::{Finalize, Gc, Trace};

#[derive(Trace, Finalize)]
struct Link {
    next: Option<Gc<Link>>,
}

fn on_main_sized_stack(f: impl FnOnce() + Send + 'static) {
    std::thread::Builder::new()
        .stack_size(8 << 20)
        .spawn(f)
        .expect("spawn")
        .join()
        .expect("no panic, no overflow");
}

fn chain(length: usize) -> Gc<Link> {
    let mut head = Gc::new(Link { next: None });
    for _ in 1..length {
        head = Gc::new(Link { next: Some(head) });
    }
    head
}

#[test]
#[ignore = "10^7 objects: run in release by .ci/run"]
fn full_collection_over_a_live_ten_million_chain() {
    on_main_sized_stack(|| {
        rcgc::disable();
        let head = chain(10_000_000);
        assert_eq!(rcgc::collect(), 0);
        assert_eq!(rcgc::collect(), 0);
        drop(head); // ten million nested drops, deferred past the trashcan depth
        assert_eq!(rcgc::get_count().0, 0);
    });
}

#[test]
fn full_collection_and_drop_of_a_live_chain() {
    on_main_sized_stack(|| {
        rcgc::disable();
        let head = chain(200_000);
        assert_eq!(rcgc::collect(), 0);
        let weak_tail = {
            let mut link = head.clone();
            while let Some(next) = link.next.clone() {
                link = next;
            }
            Gc::downgrade(&link)
        };
        drop(head);
        assert!(weak_tail.upgrade().is_none());
    });
}
