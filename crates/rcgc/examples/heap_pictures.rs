//! The seed's two-object cycle drawn before and after a collection, the collection narrated
//! in between, and the time a 1,000-node picture takes.
//!
//! Run: `cargo run --release -p rcgc --example heap_pictures [DIR]`. Writes
//! `cycle-before.{dot,svg}` and `cycle-after.{dot,svg}` into DIR (default: the current
//! directory). "After" uses `DEBUG_SAVEALL`, so that the collected objects are kept in the
//! garbage list (finalized, in the oldest generation) and can still be drawn.

use std::cell::RefCell;
use std::path::PathBuf;
use std::time::Instant;

use rcgc::graph::{self, Explore};
use rcgc::observe::{self, Observer};
use rcgc::{Finalize, Gc, GcAny, Trace};

/// The seed's `Track` class, with the name of the variable it was bound to.
#[derive(Trace)]
struct Track {
    name: &'static str,
    other: RefCell<Option<Gc<Track>>>,
}

impl Finalize for Track {
    fn finalize(this: &Gc<Self>) {
        println!("Destructed {}", this.name);
    }
}

fn labels() -> Explore<'static> {
    Explore {
        label: Some(Box::new(|o: &GcAny| match o.downcast::<Track>() {
            Some(t) => format!("Track {}", t.name),
            None => o.type_name().to_string(),
        })),
        edge_label: Some(Box::new(|_: &GcAny, _: &GcAny| Some(".other".to_string()))),
        ..Explore::default()
    }
}

fn write(dir: &std::path::Path, name: &str, picture: &graph::Graph) {
    for (extension, text) in [("dot", picture.to_dot()), ("svg", picture.to_svg())] {
        let path = dir.join(format!("{name}.{extension}"));
        std::fs::write(&path, text).expect("write the picture");
        println!("wrote {}", path.display());
    }
}

fn main() {
    let dir = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| ".".into()));
    std::fs::create_dir_all(&dir).expect("create the output directory");
    rcgc::disable(); // as the seed does: gc.disable()
    let a = Gc::new(Track { name: "A", other: RefCell::new(None) });
    let b = Gc::new(Track { name: "B", other: RefCell::new(None) });
    *a.other.borrow_mut() = Some(b.clone()); // A.other = B
    *b.other.borrow_mut() = Some(a.clone()); // B.other = A
    drop(b); // del B: only A's handle is left outside the cycle
    write(&dir, "cycle-before", &graph::referents(&[Gc::erase(&a)], &labels()));
    drop(a); // del A

    // Describe objects by their `Track` names in the narrative too.
    rcgc::set_object_describer(Some(Box::new(|o: &GcAny| match o.downcast::<Track>() {
        Some(t) => format!("<Track {}>", t.name),
        None => format!("<{}>", o.type_name()),
    })));
    observe::set_observer(Some(Observer::new(|event| println!("{event}"))));
    rcgc::set_debug(rcgc::DEBUG_SAVEALL);
    println!("collect() = {}", rcgc::collect());
    rcgc::set_debug(0);
    observe::set_observer(None);
    let garbage = rcgc::take_garbage();
    write(&dir, "cycle-after", &graph::referents(&garbage[..1], &labels()));
    for object in &garbage {
        if let Some(track) = object.downcast::<Track>() {
            *track.other.borrow_mut() = None;
        }
    }
    drop(garbage);

    // 1,000 nodes: a tree of lists with some references back up (cycles).
    #[derive(Trace, rcgc::Finalize)]
    struct List(RefCell<Vec<Gc<List>>>);
    let nodes: Vec<Gc<List>> = (0..1000).map(|_| Gc::new(List(RefCell::new(Vec::new())))).collect();
    for i in 1..nodes.len() {
        nodes[(i - 1) / 2].0.borrow_mut().push(nodes[i].clone());
        if i % 7 == 0 {
            nodes[i].0.borrow_mut().push(nodes[i / 3].clone());
        }
    }
    let options = Explore { max_depth: 100, ..Explore::default() };
    let started = Instant::now();
    let picture = graph::referents(&[Gc::erase(&nodes[0])], &options);
    let explored = started.elapsed();
    let svg = picture.to_svg();
    let total = started.elapsed();
    println!(
        "1,000-node picture: {} nodes, {} edges, explored in {:.1} ms, SVG ({} KiB) in {:.1} ms total",
        picture.nodes.len(),
        picture.edges.len(),
        explored.as_secs_f64() * 1e3,
        svg.len() / 1024,
        total.as_secs_f64() * 1e3
    );
    std::fs::write(dir.join("thousand.svg"), svg).expect("write the picture");
    for node in &nodes {
        node.0.borrow_mut().clear();
    }
}
