//! Pictures of the heap: the object graph reachable from a set of objects ([`referents`]) or
//! referring to them ([`referrers`]), to a bounded depth and size, as plain data ([`Graph`]:
//! nodes with type name, strong count, generation, tracked/finalized/frozen flags and a short
//! label; edges from `Trace`), written as Graphviz DOT ([`Graph::to_dot`]) or, with no
//! external program, as SVG ([`Graph::to_svg`], laid out by this module in layers by
//! distance from the roots).
//!
//! What objgraph's `show_refs` and `show_backrefs` draw for CPython, for any rcgc heap.
//! Building a graph runs no user code but `Trace` and the optional filter and label
//! functions, which run while no list is walked; the graph holds no handle once built.
//!
//! ```
//! use rcgc::graph::{self, Explore};
//! use rcgc::Gc;
//! use std::cell::RefCell;
//!
//! #[derive(rcgc::Trace, rcgc::Finalize)]
//! struct Node(RefCell<Option<Gc<Node>>>);
//!
//! let a = Gc::new(Node(RefCell::new(None)));
//! let b = Gc::new(Node(RefCell::new(Some(a.clone()))));
//! *a.0.borrow_mut() = Some(b.clone());
//! let picture = graph::referents(&[Gc::erase(&a)], &Explore::default());
//! assert_eq!(picture.nodes.len(), 2);
//! assert_eq!(picture.edges.len(), 2); // a -> b and b -> a: a cycle
//! assert!(picture.to_dot().starts_with("digraph"));
//! assert!(picture.to_svg().contains("<svg"));
//! # *a.0.borrow_mut() = None;
//! ```

mod dot;
mod svg;

use std::collections::{HashMap, HashSet};

use crate::any::GcAny;
use crate::header::{flag, Header};
use crate::introspect::{get_referents, get_referrers};
use crate::list;
use crate::state::{self, NUM_GENERATIONS};

/// Where an object is, for the collector.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    /// Tracked, in generation 0, 1 or 2.
    Generation(usize),
    /// Tracked, in the permanent generation ([`freeze`](crate::introspect::freeze)).
    Frozen,
    /// Tracked, in the middle of a collection (the graph was drawn from a finalizer).
    Collecting,
    /// Not tracked: it can hold no handle, or its type asked to leave (an atomic object).
    Untracked,
}

/// One object of a [`Graph`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// The object's address (`GcAny::as_ptr`).
    pub address: usize,
    /// The Rust type name of its value.
    pub type_name: &'static str,
    /// A short label: the label function's, by default the type name's last path segment.
    pub label: String,
    /// The strong count, not counting the handles of [`referents`]'s or [`referrers`]'s
    /// `roots` argument nor the graph's own.
    pub strong: usize,
    /// Which generation it is in.
    pub location: Location,
    /// Whether its finalizer ran ([`Gc::is_finalized`](crate::Gc::is_finalized)).
    pub finalized: bool,
    /// Whether its value was dropped already (a husk kept by handles).
    pub cleared: bool,
    /// Steps from the nearest root (0 for a root).
    pub depth: usize,
    /// Whether some of its neighbours were left out (depth, size or `too_many` limits).
    pub truncated: bool,
}

impl Node {
    /// Whether the node is one of the roots the graph was drawn from.
    ///
    /// ```
    /// let one = rcgc::Gc::new(1u8);
    /// let picture = rcgc::graph::referents(&[rcgc::Gc::erase(&one)], &Default::default());
    /// assert!(picture.nodes[0].is_root());
    /// ```
    pub fn is_root(&self) -> bool {
        self.depth == 0
    }
}

/// A reference from one node to another: `from`'s value owns a handle to `to` (indices into
/// [`Graph::nodes`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edge {
    /// The referrer.
    pub from: usize,
    /// The referent.
    pub to: usize,
    /// What the edge label function says (an attribute or key name), if anything.
    pub label: Option<String>,
}

/// Which way a graph was explored from its roots.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// What the roots refer to ([`referents`], objgraph's `show_refs`).
    Referents,
    /// What refers to the roots ([`referrers`], objgraph's `show_backrefs`).
    Referrers,
}

/// An object graph: plain data, no handles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Graph {
    /// The objects, roots first, then in breadth-first order.
    pub nodes: Vec<Node>,
    /// The references between them (each pair once).
    pub edges: Vec<Edge>,
    /// How the graph was explored.
    pub direction: Direction,
}

/// A filter: whether an object may join the graph (roots always do).
pub type Filter<'a> = Box<dyn Fn(&GcAny) -> bool + 'a>;
/// A label function: the short text shown for an object.
pub type Labeller<'a> = Box<dyn Fn(&GcAny) -> String + 'a>;
/// An edge label function: the text shown on the reference from the first to the second.
pub type EdgeLabeller<'a> = Box<dyn Fn(&GcAny, &GcAny) -> Option<String> + 'a>;

/// How far to explore and how to label (objgraph's arguments).
///
/// ```
/// let options = rcgc::graph::Explore { max_depth: 1, ..Default::default() };
/// assert_eq!(options.max_nodes, 1000);
/// ```
pub struct Explore<'a> {
    /// How many steps from the roots (objgraph's `max_depth`, default 3).
    pub max_depth: usize,
    /// How many nodes at most (default 1000).
    pub max_nodes: usize,
    /// How many new neighbours of one node are followed (objgraph's `too_many`, default 10).
    pub too_many: usize,
    /// Addresses of objects never shown (objgraph's `extra_ignore`: the caller's own lists).
    pub ignore: HashSet<usize>,
    /// Which objects may join (objgraph's `filter`); `None`: all.
    pub filter: Option<Filter<'a>>,
    /// The node labels; `None`: the type name's last path segment.
    pub label: Option<Labeller<'a>>,
    /// The edge labels; `None`: none.
    pub edge_label: Option<EdgeLabeller<'a>>,
}

impl Default for Explore<'_> {
    fn default() -> Self {
        Explore {
            max_depth: 3,
            max_nodes: 1000,
            too_many: 10,
            ignore: HashSet::new(),
            filter: None,
            label: None,
            edge_label: None,
        }
    }
}

/// The graph being built: handles (one per node), depths, edges.
struct Builder<'o, 'a> {
    options: &'o Explore<'a>,
    handles: Vec<GcAny>,
    depth: Vec<usize>,
    truncated: Vec<bool>,
    index: HashMap<usize, usize>,
    edges: Vec<(usize, usize)>,
    edge_set: HashSet<(usize, usize)>,
    root_handles: HashMap<usize, usize>,
}

impl<'o, 'a> Builder<'o, 'a> {
    fn new(options: &'o Explore<'a>, roots: &[GcAny]) -> Self {
        let mut builder = Builder {
            options,
            handles: Vec::new(),
            depth: Vec::new(),
            truncated: Vec::new(),
            index: HashMap::new(),
            edges: Vec::new(),
            edge_set: HashSet::new(),
            root_handles: HashMap::new(),
        };
        for root in roots {
            let address = root.as_ptr() as usize;
            *builder.root_handles.entry(address).or_default() += 1;
            if builder.handles.len() < options.max_nodes.max(1)
                && !options.ignore.contains(&address)
            {
                builder.add(root.clone(), 0);
            }
        }
        builder
    }

    fn add(&mut self, object: GcAny, depth: usize) -> usize {
        let address = object.as_ptr() as usize;
        if let Some(&known) = self.index.get(&address) {
            return known;
        }
        let at = self.handles.len();
        self.index.insert(address, at);
        self.handles.push(object);
        self.depth.push(depth);
        self.truncated.push(false);
        at
    }

    fn edge(&mut self, from: usize, to: usize) {
        if self.edge_set.insert((from, to)) {
            self.edges.push((from, to));
        }
    }

    /// Whether a new neighbour may join: not ignored, room left, accepted by the filter.
    fn admits(&self, object: &GcAny) -> Admit {
        if self.options.ignore.contains(&(object.as_ptr() as usize)) {
            return Admit::Ignored;
        }
        if self.handles.len() >= self.options.max_nodes {
            return Admit::Full;
        }
        match &self.options.filter {
            Some(filter) if !filter(object) => Admit::Ignored,
            _ => Admit::Yes,
        }
    }

    fn finish(self, direction: Direction) -> Graph {
        let locations = locations(&self.handles);
        let Builder { options, handles, depth, truncated, edges, root_handles, .. } = self;
        let mut nodes = Vec::with_capacity(handles.len());
        for (i, handle) in handles.iter().enumerate() {
            let address = handle.as_ptr() as usize;
            // Read before any label function (user code) runs.
            let strong = handle
                .strong_count()
                .saturating_sub(1 + root_handles.get(&address).copied().unwrap_or(0));
            nodes.push(Node {
                address,
                type_name: handle.type_name(),
                label: String::new(),
                strong,
                location: locations[i],
                finalized: handle.is_finalized(),
                cleared: handle.is_cleared(),
                depth: depth[i],
                truncated: truncated[i],
            });
        }
        for (node, handle) in nodes.iter_mut().zip(&handles) {
            node.label = match &options.label {
                Some(label) => label(handle),
                None => short_type_name(handle.type_name()).to_string(),
            };
        }
        let edges = edges
            .into_iter()
            .map(|(from, to)| Edge {
                from,
                to,
                label: options.edge_label.as_ref().and_then(|f| f(&handles[from], &handles[to])),
            })
            .collect();
        Graph { nodes, edges, direction }
    }
}

enum Admit {
    Yes,
    Ignored,
    Full,
}

/// `a::b::Track<c::D>` → `Track<c::D>`: the last segment of the path before any generics.
fn short_type_name(name: &'static str) -> &'static str {
    let generics = name.find('<').unwrap_or(name.len());
    match name[..generics].rfind("::") {
        Some(at) => &name[at + 2..],
        None => name,
    }
}

/// Where each object is: one walk over the generation lists (no tracing), for the objects of
/// the graph only.
fn locations(handles: &[GcAny]) -> Vec<Location> {
    let wanted: HashMap<usize, usize> =
        handles.iter().enumerate().map(|(i, h)| (h.as_ptr() as usize, i)).collect();
    let mut found = vec![None; handles.len()];
    state::with(|state| {
        let lists = (0..NUM_GENERATIONS)
            .map(|g| (state.generation(g), Location::Generation(g)))
            .chain([(state.permanent(), Location::Frozen)]);
        for (list, location) in lists {
            // SAFETY: an initialized list of live objects; the walk only reads addresses.
            unsafe {
                list::for_each(list, |object| {
                    if let Some(&i) = wanted.get(&(object.as_ptr() as usize)) {
                        found[i] = Some(location);
                    }
                });
            }
        }
    });
    handles
        .iter()
        .zip(found)
        .map(|(handle, location)| {
            location.unwrap_or_else(|| {
                // SAFETY: the handle keeps the object alive.
                let header: &Header = unsafe { handle.header_ptr().as_ref() };
                if handle.is_tracked() || header.has(flag::COLLECTING) {
                    Location::Collecting
                } else {
                    Location::Untracked
                }
            })
        })
        .collect()
}

/// The graph of what `roots` refer to, breadth first, to `options.max_depth` steps (objgraph's
/// `show_refs`). Edges are drawn from every node explored (depth below `max_depth`) to each
/// node of the graph it refers to.
///
/// ```
/// use rcgc::graph::{self, Explore};
/// use std::cell::RefCell;
///
/// let leaf = rcgc::Gc::new(7u32);
/// let list = rcgc::Gc::new(RefCell::new(vec![leaf.clone(), leaf.clone()]));
/// let picture = graph::referents(&[rcgc::Gc::erase(&list)], &Explore::default());
/// assert_eq!(picture.nodes[1].label, "u32");
/// assert_eq!(picture.nodes[1].strong, 3); // `leaf` and the list's two handles
/// assert_eq!(picture.edges.len(), 1); // one edge per pair
/// ```
pub fn referents(roots: &[GcAny], options: &Explore<'_>) -> Graph {
    let mut builder = Builder::new(options, roots);
    let mut at = 0;
    while at < builder.handles.len() {
        let depth = builder.depth[at];
        if depth >= options.max_depth {
            if !get_referents(&builder.handles[at]).is_empty() {
                builder.truncated[at] = true;
            }
            at += 1;
            continue;
        }
        let mut followed = 0;
        for target in get_referents(&builder.handles[at]) {
            if let Some(&known) = builder.index.get(&(target.as_ptr() as usize)) {
                builder.edge(at, known);
                continue;
            }
            if followed >= options.too_many {
                builder.truncated[at] = true;
                continue;
            }
            match builder.admits(&target) {
                Admit::Yes => {
                    let new = builder.add(target, depth + 1);
                    builder.edge(at, new);
                    followed += 1;
                }
                Admit::Full => builder.truncated[at] = true,
                Admit::Ignored => {}
            }
        }
        at += 1;
    }
    builder.finish(Direction::Referents)
}

/// The graph of what refers to `roots`, level by level, to `options.max_depth` steps
/// (objgraph's `show_backrefs`). Referrers are found as [`get_referrers`] finds them, by
/// tracing every tracked object: one walk over the heap per level. Edges point from referrer
/// to referent.
///
/// ```
/// use rcgc::graph::{self, Explore};
/// use std::cell::RefCell;
///
/// let leaf = rcgc::Gc::new(RefCell::new(Vec::<rcgc::Gc<u8>>::new()));
/// let holder = rcgc::Gc::new(RefCell::new(vec![leaf.clone()]));
/// let picture = graph::referrers(&[rcgc::Gc::erase(&leaf)], &Explore::default());
/// assert_eq!(picture.nodes.len(), 2);
/// assert_eq!(picture.nodes[1].address, rcgc::Gc::as_ptr(&holder) as usize);
/// assert_eq!((picture.edges[0].from, picture.edges[0].to), (1, 0));
/// ```
pub fn referrers(roots: &[GcAny], options: &Explore<'_>) -> Graph {
    let mut builder = Builder::new(options, roots);
    let mut frontier: Vec<usize> = (0..builder.handles.len()).collect();
    for depth in 0..options.max_depth {
        if frontier.is_empty() {
            break;
        }
        let wanted: Vec<GcAny> = frontier.iter().map(|&i| builder.handles[i].clone()).collect();
        let in_frontier: HashSet<usize> = frontier.iter().copied().collect();
        let found = get_referrers(&wanted);
        drop(wanted);
        let mut followed: HashMap<usize, usize> = HashMap::new();
        let mut next = Vec::new();
        for referrer in found {
            let address = referrer.as_ptr() as usize;
            let known = builder.index.get(&address).copied();
            if known.is_none() && !matches!(builder.admits(&referrer), Admit::Yes) {
                if !builder.options.ignore.contains(&address) {
                    mark_targets(&mut builder, &referrer, &in_frontier);
                }
                continue;
            }
            // The frontier nodes this referrer refers to, within their `too_many`.
            let targets: Vec<usize> = get_referents(&referrer)
                .iter()
                .filter_map(|t| builder.index.get(&(t.as_ptr() as usize)).copied())
                .filter(|t| in_frontier.contains(t))
                .collect();
            let from = match known {
                Some(from) => from,
                None => {
                    let open: Vec<usize> = targets
                        .iter()
                        .copied()
                        .filter(|t| followed.get(t).copied().unwrap_or(0) < options.too_many)
                        .collect();
                    if open.is_empty() {
                        for t in targets {
                            builder.truncated[t] = true;
                        }
                        continue;
                    }
                    for t in open {
                        *followed.entry(t).or_default() += 1;
                    }
                    let new = builder.add(referrer, depth + 1);
                    next.push(new);
                    new
                }
            };
            for to in targets {
                builder.edge(from, to);
            }
        }
        frontier = next;
    }
    // Nodes at the last level whose referrers were not looked for.
    if !frontier.is_empty() {
        let wanted: Vec<GcAny> = frontier.iter().map(|&i| builder.handles[i].clone()).collect();
        let in_frontier: HashSet<usize> = frontier.iter().copied().collect();
        for referrer in get_referrers(&wanted) {
            let address = referrer.as_ptr() as usize;
            match builder.index.get(&address).copied() {
                Some(from) => {
                    for t in get_referents(&referrer) {
                        if let Some(&to) = builder.index.get(&(t.as_ptr() as usize)) {
                            if in_frontier.contains(&to) {
                                builder.edge(from, to);
                            }
                        }
                    }
                }
                None if !builder.options.ignore.contains(&address) => {
                    mark_targets(&mut builder, &referrer, &in_frontier)
                }
                None => {}
            }
        }
    }
    builder.finish(Direction::Referrers)
}

/// Marks the frontier nodes `referrer` refers to as having referrers left out.
fn mark_targets(builder: &mut Builder<'_, '_>, referrer: &GcAny, in_frontier: &HashSet<usize>) {
    for t in get_referents(referrer) {
        if let Some(&to) = builder.index.get(&(t.as_ptr() as usize)) {
            if in_frontier.contains(&to) {
                builder.truncated[to] = true;
            }
        }
    }
}

impl Graph {
    /// The second line of a node's box: strong count, generation and flags.
    ///
    /// ```
    /// let one = rcgc::Gc::new(1u8);
    /// let picture = rcgc::graph::referents(&[rcgc::Gc::erase(&one)], &Default::default());
    /// assert_eq!(picture.details(&picture.nodes[0]), "refcount 1, untracked");
    /// ```
    pub fn details(&self, node: &Node) -> String {
        let mut text = format!("refcount {}, ", node.strong);
        match node.location {
            Location::Generation(g) => text.push_str(&format!("gen {g}")),
            Location::Frozen => text.push_str("frozen"),
            Location::Collecting => text.push_str("in a collection"),
            Location::Untracked => text.push_str("untracked"),
        }
        if node.finalized {
            text.push_str(", finalized");
        }
        if node.cleared {
            text.push_str(", cleared");
        }
        text
    }

    /// The lines of a node's box: its label's lines, the details, and a mark when neighbours
    /// were left out.
    ///
    /// ```
    /// let list = rcgc::Gc::new(std::cell::RefCell::new(vec![rcgc::Gc::new(1u8)]));
    /// let options = rcgc::graph::Explore { max_depth: 0, ..Default::default() };
    /// let picture = rcgc::graph::referents(&[rcgc::Gc::erase(&list)], &options);
    /// let lines = picture.lines(&picture.nodes[0]);
    /// assert_eq!(lines[1..], ["refcount 1, gen 0", "(more not shown)"]);
    /// ```
    pub fn lines(&self, node: &Node) -> Vec<String> {
        let mut lines: Vec<String> = node.label.lines().map(str::to_string).collect();
        if lines.is_empty() {
            lines.push(String::new());
        }
        lines.push(self.details(node));
        if node.truncated {
            lines.push("(more not shown)".to_string());
        }
        lines
    }

    /// The fill colour of a node: roots green, finalized yellow, cleared red, frozen blue,
    /// untracked grey, others white.
    ///
    /// ```
    /// let leaf = rcgc::Gc::new(1u8);
    /// let list = rcgc::Gc::new(std::cell::RefCell::new(vec![leaf.clone()]));
    /// let picture = rcgc::graph::referents(&[rcgc::Gc::erase(&list)], &Default::default());
    /// assert_eq!(picture.colour(&picture.nodes[0]), "#b7e4b0"); // the root
    /// assert_eq!(picture.colour(&picture.nodes[1]), "#e4e4e4"); // untracked
    /// ```
    pub fn colour(&self, node: &Node) -> &'static str {
        if node.is_root() {
            "#b7e4b0"
        } else if node.cleared {
            "#f4a7a7"
        } else if node.finalized {
            "#f7dc8c"
        } else if node.location == Location::Frozen {
            "#b9d3f5"
        } else if node.location == Location::Untracked {
            "#e4e4e4"
        } else {
            "#ffffff"
        }
    }
}
