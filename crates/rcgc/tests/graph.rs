//! Heap pictures (`rcgc::graph`): the exact DOT of small graphs, and SVG that is well-formed
//! XML naming every node.

use std::cell::RefCell;

use rcgc::graph::{self, Direction, Explore, Graph, Location};
use rcgc::{Finalize, Gc, Trace};

#[derive(Trace)]
struct Track {
    name: &'static str,
    other: RefCell<Option<Gc<Track>>>,
}

/// The seed's `__del__` (which printed "Destructed").
impl Finalize for Track {
    fn finalize(_this: &Gc<Self>) {}
}

/// A list node.
#[derive(Trace, Finalize)]
struct N(RefCell<Vec<Gc<N>>>);

fn n(items: Vec<Gc<N>>) -> Gc<N> {
    Gc::new(N(RefCell::new(items)))
}

fn track(name: &'static str) -> Gc<Track> {
    Gc::new(Track { name, other: RefCell::new(None) })
}

fn name_label() -> Explore<'static> {
    Explore {
        label: Some(Box::new(|o: &rcgc::GcAny| match o.downcast::<Track>() {
            Some(t) => format!("Track\n{}", t.name),
            None => "?".to_string(),
        })),
        edge_label: Some(Box::new(|_: &rcgc::GcAny, _: &rcgc::GcAny| Some("other".to_string()))),
        ..Explore::default()
    }
}

/// The text of every `<text>` element, and a check that the document parses.
fn svg_texts(svg: &str) -> Vec<String> {
    let document = roxmltree::Document::parse(svg).expect("well-formed SVG");
    assert_eq!(document.root_element().tag_name().name(), "svg");
    document
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| n.text().unwrap_or("").to_string())
        .collect()
}

fn assert_svg_names_every_node(picture: &Graph) {
    let texts = svg_texts(&picture.to_svg());
    for node in &picture.nodes {
        for line in picture.lines(node) {
            // Control characters cannot appear in XML text: they are dropped.
            let line: String = line.chars().filter(|c| !c.is_control()).collect();
            assert!(texts.contains(&line), "{line:?} missing from {texts:?}");
        }
    }
}

#[test]
fn the_seed_cycle_in_dot_before_and_after_a_collection() {
    rcgc::disable();
    rcgc::collect();
    let a = track("A");
    let b = track("B");
    *a.other.borrow_mut() = Some(b.clone());
    *b.other.borrow_mut() = Some(a.clone());
    let before = graph::referents(&[Gc::erase(&a)], &name_label());
    assert_eq!(
        before.to_dot(),
        "digraph ObjectGraph {\n  graph [rankdir=TB];\n  \
         node [shape=box, style=filled, fontname=\"Helvetica\", fontsize=10];\n  \
         n0 [label=\"Track\\nA\\nrefcount 2, gen 0\", fillcolor=\"#b7e4b0\"];\n  \
         n1 [label=\"Track\\nB\\nrefcount 2, gen 0\", fillcolor=\"#ffffff\"];\n  \
         n0 -> n1 [label=\"other\"];\n  n1 -> n0 [label=\"other\"];\n}\n"
    );
    assert_svg_names_every_node(&before);

    // Kept after the collection with DEBUG_SAVEALL: finalized, in the oldest generation,
    // held by the garbage list.
    drop(b);
    rcgc::set_debug(rcgc::DEBUG_SAVEALL);
    assert_eq!(rcgc::collect(), 0); // `a` still holds the cycle
    let weak = Gc::downgrade(&a);
    drop(a);
    assert_eq!(rcgc::collect(), 2);
    rcgc::set_debug(0);
    let garbage = rcgc::take_garbage();
    let after = graph::referents(&garbage[..1], &name_label());
    // `A` is held by `B`; `B` by `A` and the garbage list.
    assert_eq!(
        after.to_dot(),
        "digraph ObjectGraph {\n  graph [rankdir=TB];\n  \
         node [shape=box, style=filled, fontname=\"Helvetica\", fontsize=10];\n  \
         n0 [label=\"Track\\nA\\nrefcount 1, gen 2, finalized\", fillcolor=\"#b7e4b0\"];\n  \
         n1 [label=\"Track\\nB\\nrefcount 2, gen 2, finalized\", fillcolor=\"#f7dc8c\"];\n  \
         n0 -> n1 [label=\"other\"];\n  n1 -> n0 [label=\"other\"];\n}\n"
    );
    assert_eq!(after.nodes.len(), 2);
    assert!(after.nodes.iter().all(|n| n.finalized && n.location == Location::Generation(2)));
    assert_svg_names_every_node(&after);
    for object in &garbage {
        if let Some(t) = object.downcast::<Track>() {
            *t.other.borrow_mut() = None;
        }
    }
    drop(garbage);
    assert!(weak.upgrade().is_none());
    rcgc::enable();
}

#[test]
fn backrefs_point_from_referrer_to_referent() {
    let leaf = n(vec![]);
    let holder = n(vec![leaf.clone()]);
    let outer = n(vec![holder.clone()]);
    let picture = graph::referrers(&[Gc::erase(&leaf)], &Explore::default());
    assert_eq!(picture.direction, Direction::Referrers);
    assert_eq!(
        picture.to_dot(),
        "digraph ObjectGraph {\n  graph [rankdir=BT];\n  \
         node [shape=box, style=filled, fontname=\"Helvetica\", fontsize=10];\n  \
         n0 [label=\"N\\nrefcount 2, gen 0\", fillcolor=\"#b7e4b0\"];\n  \
         n1 [label=\"N\\nrefcount 2, gen 0\", fillcolor=\"#ffffff\"];\n  \
         n2 [label=\"N\\nrefcount 1, gen 0\", fillcolor=\"#ffffff\"];\n  \
         n1 -> n0;\n  n2 -> n1;\n}\n"
    );
    assert_eq!(picture.nodes[2].address, Gc::as_ptr(&outer) as usize);
    assert_svg_names_every_node(&picture);
}

#[test]
fn depth_size_and_too_many_bound_the_graph() {
    // A chain of 10 lists: depth 3 shows 4 of them, the last marked truncated.
    let mut chain = vec![n(vec![])];
    for _ in 0..9 {
        let next = n(vec![chain.last().unwrap().clone()]);
        chain.push(next);
    }
    let top = Gc::erase(chain.last().unwrap());
    let picture = graph::referents(std::slice::from_ref(&top), &Explore::default());
    assert_eq!(picture.nodes.len(), 4);
    assert_eq!(picture.nodes.iter().map(|n| n.depth).collect::<Vec<_>>(), [0, 1, 2, 3]);
    assert!(picture.nodes[3].truncated);
    assert!(picture.to_dot().contains("(more not shown)"));
    let small = graph::referents(&[top], &Explore { max_nodes: 2, ..Explore::default() });
    assert_eq!(small.nodes.len(), 2);
    assert!(small.nodes[1].truncated);

    // A list of 30 lists: only `too_many` of them are followed.
    let wide = n((0..30).map(|_| n(vec![])).collect());
    let picture = graph::referents(&[Gc::erase(&wide)], &Explore::default());
    assert_eq!(picture.nodes.len(), 11);
    assert!(picture.nodes[0].truncated);
    let first = Gc::as_ptr(&wide.0.borrow()[0]) as usize;
    let picture = graph::referents(
        &[Gc::erase(&wide)],
        &Explore { ignore: [first].into(), ..Explore::default() },
    );
    assert!(picture.nodes.iter().all(|n| n.address != first));
    assert_eq!(picture.nodes.len(), 11);
}

#[test]
fn svg_escapes_labels_and_stays_well_formed() {
    let odd = Gc::new(RefCell::new(vec![Gc::new(1u8)]));
    let options = Explore {
        label: Some(Box::new(|_: &rcgc::GcAny| "<a & \"b\">\u{1}\nline 2 'x'".to_string())),
        ..Explore::default()
    };
    let picture = graph::referents(&[Gc::erase(&odd)], &options);
    let texts = svg_texts(&picture.to_svg());
    assert!(texts.contains(&"<a & \"b\">".to_string()), "{texts:?}");
    assert!(texts.contains(&"line 2 'x'".to_string()));
    assert_svg_names_every_node(&picture);
}

#[test]
fn a_thousand_nodes_make_a_well_formed_svg() {
    // A binary tree of 1,000 lists, with some back references (cycles).
    let nodes: Vec<Gc<N>> = (0..1000).map(|_| n(vec![])).collect();
    for i in 1..1000 {
        nodes[(i - 1) / 2].0.borrow_mut().push(nodes[i].clone());
        if i % 7 == 0 {
            nodes[i].0.borrow_mut().push(nodes[i / 3].clone());
        }
    }
    let options = Explore { max_depth: 100, max_nodes: 1000, too_many: 10, ..Explore::default() };
    let picture = graph::referents(&[Gc::erase(&nodes[0])], &options);
    assert_eq!(picture.nodes.len(), 1000);
    assert_svg_names_every_node(&picture);
    for node in &nodes {
        node.0.borrow_mut().clear();
    }
}
