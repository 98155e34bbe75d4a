//! What the embedder plugs into the collector: `gc.callbacks`, the debug flags' output sink,
//! and how objects are described in debug output.
//!
//! Every hook is user code: it is taken out of its cell while it runs (so it may replace
//! itself), and a panic in it is caught and reported.

use std::cell::RefCell;
use std::rc::Rc;

use crate::any::GcAny;
use crate::report;

/// `gc.DEBUG_STATS`: print statistics during collection. Typed:
/// [`DebugFlags::STATS`](crate::debug::DebugFlags::STATS).
///
/// ```
/// rcgc::set_debug(rcgc::DEBUG_STATS);
/// # rcgc::set_debug(0);
/// ```
pub const DEBUG_STATS: u32 = 1 << 0;
/// `gc.DEBUG_COLLECTABLE`: print collectable objects found. Typed:
/// [`DebugFlags::COLLECTABLE`](crate::debug::DebugFlags::COLLECTABLE).
///
/// ```
/// rcgc::set_debug(rcgc::DEBUG_COLLECTABLE);
/// # rcgc::set_debug(0);
/// ```
pub const DEBUG_COLLECTABLE: u32 = 1 << 1;
/// `gc.DEBUG_UNCOLLECTABLE`: print unreachable but uncollectable objects found. Typed:
/// [`DebugFlags::UNCOLLECTABLE`](crate::debug::DebugFlags::UNCOLLECTABLE).
///
/// ```
/// rcgc::set_debug(rcgc::DEBUG_UNCOLLECTABLE);
/// # rcgc::set_debug(0);
/// ```
pub const DEBUG_UNCOLLECTABLE: u32 = 1 << 2;
/// `gc.DEBUG_LEAK`: `DEBUG_COLLECTABLE | DEBUG_UNCOLLECTABLE | DEBUG_SAVEALL`. Typed:
/// [`DebugFlags::LEAK`](crate::debug::DebugFlags::LEAK).
///
/// ```
/// assert_eq!(rcgc::DEBUG_LEAK, 38);
/// ```
pub const DEBUG_LEAK: u32 = DEBUG_COLLECTABLE | DEBUG_UNCOLLECTABLE | crate::DEBUG_SAVEALL;

/// The phase a collection callback is called for (`gc.callbacks`' `phase` argument).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Before the collection.
    Start,
    /// After the collection.
    Stop,
}

impl Phase {
    /// `"start"` or `"stop"`, as Python passes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Phase::Start => "start",
            Phase::Stop => "stop",
        }
    }
}

/// The `info` argument of a collection callback.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CollectionInfo {
    /// The generation collected.
    pub generation: usize,
    /// Objects collected (0 at `Start`).
    pub collected: usize,
    /// Objects found uncollectable (0 at `Start`).
    pub uncollectable: usize,
}

/// A collection callback.
pub type Callback = Rc<dyn Fn(Phase, &CollectionInfo)>;

/// Identifies a registered callback, for [`remove_callback`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CallbackId(u64);

/// Where debug lines go (stderr by default); see [`set_debug_output`] for an example.
pub type DebugSink = Box<dyn FnMut(&str)>;

/// How debug output names an object (default: `<TypeName 0xADDRESS>`); see
/// [`set_object_describer`] for an example.
pub type ObjectDescriber = Box<dyn Fn(&GcAny) -> String>;

#[derive(Default)]
struct Hooks {
    callbacks: Vec<(CallbackId, Callback)>,
    next_id: u64,
    sink: Option<DebugSink>,
    describer: Option<Rc<ObjectDescriber>>,
}

thread_local! {
    static HOOKS: RefCell<Hooks> = RefCell::new(Hooks::default());
}

/// Registers a collection callback (`gc.callbacks.append`): called with [`Phase::Start`]
/// before each collection, automatic or explicit, and [`Phase::Stop`] after it. A panic in a
/// callback is reported, not propagated. A `collect` called from a callback returns 0.
///
/// ```
/// use std::cell::RefCell;
/// use std::rc::Rc;
///
/// let phases = Rc::new(RefCell::new(Vec::new()));
/// let log = phases.clone();
/// let id = rcgc::add_callback(move |phase, info| {
///     log.borrow_mut().push((phase.as_str(), info.generation));
/// });
/// rcgc::collect_generation(1);
/// assert_eq!(*phases.borrow(), [("start", 1), ("stop", 1)]);
/// assert!(rcgc::remove_callback(id));
/// ```
pub fn add_callback(callback: impl Fn(Phase, &CollectionInfo) + 'static) -> CallbackId {
    HOOKS.with(|hooks| {
        let mut hooks = hooks.borrow_mut();
        let id = CallbackId(hooks.next_id);
        hooks.next_id += 1;
        hooks.callbacks.push((id, Rc::new(callback)));
        id
    })
}

/// Unregisters a callback; returns whether it was registered.
///
/// ```
/// let id = rcgc::add_callback(|_, _| {});
/// assert!(rcgc::remove_callback(id));
/// assert!(!rcgc::remove_callback(id));
/// ```
pub fn remove_callback(id: CallbackId) -> bool {
    let removed = HOOKS.with(|hooks| {
        let mut hooks = hooks.borrow_mut();
        let position = hooks.callbacks.iter().position(|(each, _)| *each == id);
        position.map(|index| hooks.callbacks.remove(index))
    });
    // Dropped outside the borrow: a callback's destructor is user code.
    removed.is_some()
}

/// Unregisters every callback (`gc.callbacks.clear()`).
///
/// ```
/// rcgc::add_callback(|_, _| {});
/// rcgc::clear_callbacks();
/// ```
pub fn clear_callbacks() {
    let removed = HOOKS.with(|hooks| std::mem::take(&mut hooks.borrow_mut().callbacks));
    drop(removed);
}

pub(crate) fn run_callbacks(phase: Phase, info: CollectionInfo) {
    let callbacks: Vec<Callback> = match HOOKS.try_with(|hooks| {
        hooks.borrow().callbacks.iter().map(|(_, callback)| callback.clone()).collect()
    }) {
        Ok(callbacks) => callbacks,
        Err(_) => return,
    };
    for callback in callbacks {
        report::catch_unraisable("gc callback", "rcgc::Callback", || callback(phase, &info));
    }
}

/// Replaces where debug lines go (`None`: stderr). Returns the previous sink.
///
/// ```
/// use std::cell::RefCell;
/// use std::rc::Rc;
/// use rcgc::debug::{self, DebugFlags};
///
/// let lines = Rc::new(RefCell::new(String::new()));
/// let sink = lines.clone();
/// debug::set_debug_output(Some(Box::new(move |line: &str| sink.borrow_mut().push_str(line))));
/// debug::set_flags(DebugFlags::STATS);
/// rcgc::collect();
/// debug::set_flags(DebugFlags::empty());
/// debug::set_debug_output(None);
/// assert!(lines.borrow().starts_with("gc: collecting generation 2...\n"));
/// ```
pub fn set_debug_output(sink: Option<DebugSink>) -> Option<DebugSink> {
    HOOKS.with(|hooks| std::mem::replace(&mut hooks.borrow_mut().sink, sink))
}

/// Replaces how debug output describes an object (`None`: `<TypeName 0xADDRESS>`, CPython's
/// `<%s %p>` with the Rust type name).
///
/// ```
/// use rcgc::debug::{self, DebugFlags};
/// use std::cell::RefCell;
/// use std::rc::Rc;
///
/// #[derive(rcgc::Trace, rcgc::Finalize)]
/// struct Node(RefCell<Option<rcgc::Gc<Node>>>);
///
/// let lines = Rc::new(RefCell::new(String::new()));
/// let sink = lines.clone();
/// debug::set_debug_output(Some(Box::new(move |line: &str| sink.borrow_mut().push_str(line))));
/// debug::set_object_describer(Some(Box::new(|object: &rcgc::GcAny| {
///     format!("<{} object>", object.type_name().rsplit("::").next().unwrap())
/// })));
///
/// let node = rcgc::Gc::new(Node(RefCell::new(None)));
/// *node.0.borrow_mut() = Some(node.clone());
/// drop(node);
/// debug::set_flags(DebugFlags::COLLECTABLE);
/// rcgc::collect();
/// debug::set_flags(DebugFlags::empty());
/// debug::set_object_describer(None);
/// debug::set_debug_output(None);
/// assert!(lines.borrow().contains("gc: collectable <Node object>"), "{}", lines.borrow());
/// ```
pub fn set_object_describer(describer: Option<ObjectDescriber>) -> Option<ObjectDescriber> {
    let previous = HOOKS
        .with(|hooks| std::mem::replace(&mut hooks.borrow_mut().describer, describer.map(Rc::new)));
    previous.and_then(|rc| Rc::try_unwrap(rc).ok())
}

/// Writes one debug line (which should end with a newline) to the sink.
pub(crate) fn debug_write(line: &str) {
    let sink = HOOKS.try_with(|hooks| hooks.borrow_mut().sink.take()).ok().flatten();
    match sink {
        Some(mut sink) => {
            report::catch_unraisable("debug output", "rcgc::DebugSink", || sink(line));
            let _ = HOOKS.try_with(|hooks| {
                let mut hooks = hooks.borrow_mut();
                if hooks.sink.is_none() {
                    hooks.sink = Some(sink);
                }
            });
        }
        None => eprint!("{line}"),
    }
}

/// How debug output names `object`.
pub(crate) fn describe(object: &GcAny) -> String {
    let describer = HOOKS.try_with(|hooks| hooks.borrow().describer.clone()).ok().flatten();
    let mut text = None;
    if let Some(describer) = describer {
        report::catch_unraisable("object describer", "rcgc::ObjectDescriber", || {
            text = Some(describer(object));
        });
    }
    text.unwrap_or_else(|| format!("<{} {:p}>", object.type_name(), object.as_ptr()))
}
