//! Profiling aid: a full collection over 10^6 live objects, repeated.
//! `valgrind --tool=callgrind target/release/examples/profile_collect`
use rcgc::{Finalize, Gc, Trace};
use std::cell::RefCell;

#[derive(Trace, Finalize)]
struct Node {
    children: RefCell<Vec<Gc<Node>>>,
}

fn main() {
    rcgc::disable();
    let n: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(1_000_000);
    let root = Gc::new(Node { children: RefCell::new(Vec::with_capacity(n)) });
    for _ in 1..n {
        let leaf = Gc::new(Node { children: RefCell::new(Vec::new()) });
        root.children.borrow_mut().push(leaf);
    }
    let start = std::time::Instant::now();
    let rounds = 5;
    for _ in 0..rounds {
        assert_eq!(rcgc::collect(), 0);
    }
    let per_object = start.elapsed().as_nanos() as f64 / (rounds * n) as f64;
    println!("{per_object:.1} ns per object per full collection");
}
