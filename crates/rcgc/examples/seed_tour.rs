//! A walk through the seed (`shared/seed/000_0e88cac6590cf3c4.txt`, "Python - Garbage
//! Collection"), section by section, in rcgc. Run: `cargo run --release -p rcgc --example seed_tour`.

use std::cell::RefCell;
use std::io::Write;

use rcgc::{Finalize, Gc, Trace};

/// The seed's `Track` class.
#[derive(Trace)]
struct Track {
    other: RefCell<Option<Gc<Track>>>,
}

impl Track {
    fn new() -> Gc<Track> {
        println!("Initialized");
        Gc::new(Track { other: RefCell::new(None) })
    }
}

impl Finalize for Track {
    fn finalize(_this: &Gc<Self>) {
        println!("Destructed");
    }
}

fn section(title: &str) {
    println!("\n## {title}");
}

/// "sys.getrefcount(x)": the count plus one for the argument.
fn getrefcount<T>(object: &Gc<T>) -> usize {
    Gc::strong_count(object) + 1
}

fn main() {
    section("Reuse of primitive objects");
    // An interpreter shares one object for small ints; sharing a handle is what `a = 1` does.
    let one = Gc::new(1i64);
    let before = getrefcount(&one);
    let a = one.clone();
    let b = one.clone();
    println!("sys.getrefcount(1): {before} -> {} after a = 1; b = 1", getrefcount(&one));
    let big_a = Gc::new(999_999_999i64);
    let big_b = Gc::new(999_999_999i64);
    println!(
        "two 999999999 objects: refcount {} and {}, same object: {}",
        getrefcount(&big_a),
        getrefcount(&big_b),
        Gc::ptr_eq(&big_a, &big_b)
    );
    drop((a, b, big_a, big_b));

    section("Effects of the del command");
    rcgc::disable();
    let t = Track::new();
    let another_t = t.clone();
    println!("...");
    drop(t); // not destructed yet - another_t still refers to it
    drop(another_t); // final reference gone, object is destructed

    section("Reference Counting");
    let seed_foo = || {
        drop(Track::new()); // destructed immediately since no longer has any references
        println!("---");
        let _t = Track::new();
        println!("---");
    }; // variable is destructed when function exits
    seed_foo();

    section("Garbage Collector for Reference Cycles");
    let a = Track::new();
    let b = Track::new();
    *a.other.borrow_mut() = Some(b.clone());
    *b.other.borrow_mut() = Some(a.clone());
    drop((a, b)); // not destructed: reference cycle
    println!("gc.collect() -> {}", rcgc::collect());
    println!("(Python prints 4: each instance there also owns a __dict__ object)");
    let objs: Vec<_> = (0..10).map(|_| Track::new()).collect();
    for i in 0..objs.len() - 1 {
        *objs[i].other.borrow_mut() = Some(objs[i + 1].clone());
    }
    *objs[9].other.borrow_mut() = Some(objs[0].clone()); // complete the cycle
    drop(objs);
    println!("gc.collect() -> {}", rcgc::collect());

    section("Viewing the refcount of an object");
    let a = Gc::new(());
    println!("{}", getrefcount(&a));
    let b = a.clone();
    println!("{}", getrefcount(&a));
    drop(b);
    println!("{}", getrefcount(&a));

    section("Forcefully deallocating objects");
    // rcgc has no unsafe "_Py_Dealloc": a value is dropped only when no handle can reach it,
    // or by the collector, after which every remaining handle refuses access with a clear
    // panic (Gc::try_deref returns None) instead of reading freed memory.
    println!("live value readable: {:?}", Gc::try_deref(&a).is_some());

    section("Managing garbage collection");
    rcgc::enable();
    rcgc::set_threshold(1000, 100, 10);
    println!("gc.get_threshold() -> {:?}", rcgc::get_threshold());
    println!("gc.get_count() -> {:?}", rcgc::get_count());
    println!("gc.collect() -> {}", rcgc::collect());
    println!("gc.get_stats()[2] -> {:?}", rcgc::get_stats()[2]);
    rcgc::set_threshold(700, 10, 10);

    section("Do not wait for the garbage collection to clean up");
    let path = std::env::temp_dir().join(format!("rcgc-seed-tour-{}.txt", std::process::id()));
    {
        let f = Gc::new(std::fs::File::create(&path).expect("create a temp file"));
        writeln!(&*f, "hello").expect("write");
        // del f: the last reference goes, the file is closed now, not at some later collection.
    }
    println!(
        "file closed at once; content: {:?}",
        std::fs::read_to_string(&path).unwrap_or_default()
    );
    let _ = std::fs::remove_file(&path);

    section("Remarks: uncollectable garbage (legacy finalizers)");
    rcgc::disable();
    rcgc::set_legacy_finalizers(true);
    let a = Track::new();
    let b = Track::new();
    *a.other.borrow_mut() = Some(b.clone());
    *b.other.borrow_mut() = Some(a.clone());
    drop((a, b));
    println!("gc.collect() -> {} (no finalizer ran)", rcgc::collect());
    println!("len(gc.garbage) -> {}", rcgc::garbage().len());
    rcgc::set_legacy_finalizers(false);
    for object in rcgc::take_garbage() {
        if let Some(track) = object.downcast::<Track>() {
            track.other.borrow_mut().take(); // break the cycle by hand
        }
    }
    rcgc::enable();
}
