//! Intrusive circular doubly linked lists of headers (CPython's `gc_list_*`).
//!
//! Every function takes raw pointers and is `unsafe`: the caller guarantees that the pointers
//! are list sentinels or headers currently in the list they are said to be in. Nothing here
//! allocates, and every operation is O(1) except `len`.

use std::ptr::NonNull;

use crate::header::{Header, Links};

/// Makes `list` an empty list if it was never initialized (sentinels start zeroed so that they
/// can live in a `const`-initialized thread local).
///
/// # Safety
/// `list` is a sentinel that does not move afterwards.
#[inline]
pub(crate) unsafe fn ensure_init(list: *const Links) {
    // SAFETY: `list` is a valid sentinel (caller).
    let l = unsafe { &*list };
    if l.next.get().is_null() {
        l.next.set(list);
        l.prev.set(list);
    }
}

/// # Safety
/// `list` is an initialized sentinel.
#[inline]
pub(crate) unsafe fn is_empty(list: *const Links) -> bool {
    // SAFETY: `list` is a valid sentinel (caller).
    unsafe { (*list).next.get() == list }
}

/// The first node, if any.
///
/// # Safety
/// `list` is an initialized sentinel of a list of headers.
#[inline]
pub(crate) unsafe fn first(list: *const Links) -> Option<NonNull<Header>> {
    // SAFETY: `list` is a valid sentinel whose nodes are headers (caller).
    unsafe {
        let next = (*list).next.get();
        if next == list {
            None
        } else {
            Some(Header::from_links(next))
        }
    }
}

/// Appends an untracked `node` at the end of `list`.
///
/// # Safety
/// `list` is an initialized sentinel; `node` is valid and in no list.
#[inline]
pub(crate) unsafe fn push_back(list: *const Links, node: *const Links) {
    // SAFETY: both pointers are valid (caller); the list invariant is restored before return.
    unsafe {
        let last = (*list).prev.get();
        (*node).prev.set(last);
        (*node).next.set(list);
        (*last).next.set(node);
        (*list).prev.set(node);
    }
}

/// Removes `node` from whatever list it is in and marks it untracked (`next == null`).
///
/// # Safety
/// `node` is in a list.
#[inline]
pub(crate) unsafe fn unlink(node: *const Links) {
    // SAFETY: `node` is in a list, so its neighbours are valid nodes or sentinels.
    unsafe {
        let prev = (*node).prev.get();
        let next = (*node).next.get();
        (*prev).next.set(next);
        (*next).prev.set(prev);
        (*node).next.set(std::ptr::null());
        (*node).prev.set(std::ptr::null());
    }
}

/// Moves `node` from its current list to the end of `list`.
///
/// # Safety
/// `node` is in a list; `list` is an initialized sentinel.
#[inline]
pub(crate) unsafe fn move_to(node: *const Links, list: *const Links) {
    // SAFETY: forwarded from the caller.
    unsafe {
        unlink(node);
        push_back(list, node);
    }
}

/// Moves every node of `from` to the end of `to`, leaving `from` empty.
///
/// # Safety
/// Both are initialized sentinels of distinct lists.
pub(crate) unsafe fn merge(from: *const Links, to: *const Links) {
    // SAFETY: both lists are valid (caller); the splice keeps both invariants.
    unsafe {
        if is_empty(from) {
            return;
        }
        let to_last = (*to).prev.get();
        let from_first = (*from).next.get();
        let from_last = (*from).prev.get();
        (*to_last).next.set(from_first);
        (*from_first).prev.set(to_last);
        (*from_last).next.set(to);
        (*to).prev.set(from_last);
        (*from).next.set(from);
        (*from).prev.set(from);
    }
}

/// Number of nodes (walks the list).
///
/// # Safety
/// `list` is an initialized sentinel.
pub(crate) unsafe fn len(list: *const Links) -> usize {
    let mut count = 0;
    // SAFETY: walking a valid list (caller) visits valid nodes until the sentinel.
    unsafe {
        let mut node = (*list).next.get();
        while node != list {
            count += 1;
            node = (*node).next.get();
        }
    }
    count
}

/// Calls `f` on each node. `f` must not unlink any node but the one it is given, and must not
/// free it.
///
/// # Safety
/// `list` is an initialized sentinel of a list of headers.
#[inline]
pub(crate) unsafe fn for_each(list: *const Links, mut f: impl FnMut(NonNull<Header>)) {
    // SAFETY: the successor is read before `f` runs, so `f` may move the current node.
    unsafe {
        let mut node = (*list).next.get();
        while node != list {
            let next = (*node).next.get();
            prefetch_ahead(node, next);
            f(Header::from_links(node));
            node = next;
        }
    }
}

/// Checks a list outside a collection (CPython's `validate_list`): every link is mirrored,
/// and every node is a live, tracked-type object that carries no mark of a collection
/// (`COLLECTING`), has a handle, and has its value (or is force-dropped, value pending).
/// Panics with the first violation found. Debug builds check every generation before and
/// after each collection.
///
/// # Safety
/// `list` is an initialized sentinel of a list of headers.
#[cfg(debug_assertions)]
pub(crate) unsafe fn validate(list: *const Links, name: &str) {
    use crate::header::flag;
    // SAFETY: walking a valid list (caller); every node is a header.
    unsafe {
        let mut prev = list;
        let mut node = (*list).next.get();
        let mut index = 0usize;
        while node != list {
            assert!(!node.is_null(), "rcgc: {name}: node {index} has a null link");
            assert_eq!((*node).prev.get(), prev, "rcgc: {name}: node {index}: prev link broken");
            let header = Header::from_links(node).as_ref();
            let type_name = (header.vtable().type_name)();
            assert!(
                !header.has(flag::COLLECTING),
                "rcgc: {name}: node {index} ({type_name}) still carries COLLECTING"
            );
            assert!(
                header.strong.get() > 0,
                "rcgc: {name}: node {index} ({type_name}) has no handle"
            );
            assert!(
                !header.has(flag::DROPPED) || header.has(flag::DROP_PENDING),
                "rcgc: {name}: node {index} ({type_name}) lost its value but is still listed"
            );
            assert!(
                header.vtable().tracked,
                "rcgc: {name}: node {index} ({type_name}) is of an untracked type"
            );
            assert!(
                header.is_linked(),
                "rcgc: {name}: node {index} ({type_name}) is listed but has no links"
            );
            prev = node;
            node = (*node).next.get();
            index += 1;
        }
        assert_eq!((*list).prev.get(), prev, "rcgc: {name}: the sentinel's prev link is broken");
    }
}

/// A step of a walk longer than this many bytes either way is "far": neither the stride
/// prefetch nor the processor's own prefetchers follow it (a page).
pub(crate) const FAR: usize = 4096;

/// Whether the step from `node` to `next` is far (see [`FAR`]).
#[inline(always)]
pub(crate) fn is_far(node: *const Links, next: *const Links) -> bool {
    (next as usize).wrapping_sub(node as usize).wrapping_add(FAR) > 2 * FAR
}

/// Re-links the nodes of `list` in increasing address order; `count` is their number, if known
/// (a capacity hint). Nothing is done if the memory for the addresses cannot be had.
///
/// Why: a collection walks its lists in list order, a chain of dependent loads. In allocation
/// order the addresses advance at a regular stride, which [`prefetch_ahead`] follows; once a
/// program has freed objects here and there and allocated others into the holes (a churned
/// heap) the order is scattered and every step waits for memory: on 10^6 objects a list walk
/// cost about 130 ns per node here against 6 to 10 in address order (prototype in
/// `ARCHITECTURE.md`'s rcgc part). Sorting costs one more walk in the old order, a sort of the
/// addresses (about 30 ns per node) and a re-link in address order (sequential stores); the
/// collector does it when a full collection finds the oldest generation out of order, after
/// which the old generation stays in order until churn scatters it again.
///
/// # Safety
/// `list` is an initialized sentinel of a list of live headers, and no one else walks or
/// changes the list meanwhile (no user code runs here).
pub(crate) unsafe fn sort_by_address(list: *const Links, count: usize) {
    let mut nodes: Vec<*const Links> = Vec::new();
    if nodes.try_reserve_exact(count).is_err() {
        return;
    }
    // SAFETY: walking a valid list (caller) visits valid nodes until the sentinel.
    unsafe {
        let mut node = (*list).next.get();
        while node != list {
            if nodes.len() == nodes.capacity() && nodes.try_reserve(1).is_err() {
                return;
            }
            nodes.push(node);
            node = (*node).next.get();
        }
    }
    nodes.sort_unstable();
    let mut prev = list;
    for &node in &nodes {
        // SAFETY: every node was in the list (read above) and is live (caller); re-linking
        // them all in one chain from the sentinel keeps the list circular and complete, and
        // the links of each node are both written before the walk ends.
        unsafe {
            (*prev).next.set(node);
            (*node).prev.set(prev);
        }
        prev = node;
    }
    // SAFETY: `prev` is the last node (or the sentinel for an empty list).
    unsafe {
        (*prev).next.set(list);
        (*list).prev.set(prev);
    }
}

/// How many entries ahead a walk over an array of objects prefetches (the addresses are
/// known, so the prefetch is exact and a shorter distance suffices).
pub(crate) const PREFETCH_DISTANCE_EXACT: usize = 32;

/// Asks for the cache line at `address` (a hint: never faults, whatever the address).
#[inline(always)]
pub(crate) fn prefetch(address: *const u8) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch is a hint: it never faults and changes no memory. SSE is part of
    // x86_64.
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(address.cast())
    };
    #[cfg(not(target_arch = "x86_64"))]
    let _ = address;
}

/// How many nodes ahead of a walk [`prefetch_ahead`] reaches.
const PREFETCH_DISTANCE: isize = 32;

/// A software stride prefetcher for list walks, called with a node and its successor.
///
/// A walk is a chain of dependent loads: the processor cannot fetch a node before it has read
/// the previous one's `next`, so on a heap larger than the caches every step waits for
/// memory. But a list's order is mostly allocation order, and the allocator hands out
/// addresses at a regular stride (increasing for fresh memory, decreasing for reused
/// chunks), so the node `PREFETCH_DISTANCE` steps ahead is usually at `next + distance *
/// (next - node)`: that address is prefetched. When the guess is wrong the cost is one
/// useless cache-line fetch. (Measured in `BENCHMARKS.md`: the full collection of 10^6
/// objects and the reclaim of 10^5 cycles each take about a third less time.)
#[inline(always)]
pub(crate) fn prefetch_ahead(node: *const Links, next: *const Links) {
    #[cfg(target_arch = "x86_64")]
    {
        let stride = (next as isize).wrapping_sub(node as isize);
        let ahead = next.cast::<i8>().wrapping_offset(stride.wrapping_mul(PREFETCH_DISTANCE));
        // SAFETY: a prefetch is a hint: it never faults and changes no memory, whatever the
        // address (here possibly not an object, or not mapped). SSE is part of x86_64.
        unsafe { std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(ahead) };
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = (node, next);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::header::VTable;

    /// A linked allocation's prefix: links, then header.
    #[repr(C)]
    struct Node {
        links: Links,
        header: Header,
    }

    /// Nodes at stable addresses (the vector is never resized).
    fn headers(n: usize) -> Vec<Node> {
        (0..n)
            .map(|_| Node {
                links: Links::unlinked(),
                header: Header::new(VTable::of::<u8>(), true),
            })
            .collect()
    }

    /// Derived from the whole node (not from `&node.links`), so that the pointer may reach
    /// the header too, as a real allocation's does.
    fn links(node: &Node) -> *const Links {
        (node as *const Node).cast::<Links>()
    }

    fn header(node: &Node) -> *const Header {
        // SAFETY: `header` follows `links` in the `repr(C)` node.
        unsafe { links(node).add(1).cast::<Header>() }
    }

    #[test]
    fn push_unlink_merge_keep_the_invariants() {
        let a = Links::unlinked();
        let b = Links::unlinked();
        let (a, b) = (&a as *const Links, &b as *const Links);
        let nodes = headers(5);
        // SAFETY: sentinels and headers outlive the lists; each node is in one list.
        unsafe {
            ensure_init(a);
            ensure_init(b);
            assert!(is_empty(a));
            for node in &nodes[..3] {
                push_back(a, links(node));
            }
            for node in &nodes[3..] {
                push_back(b, links(node));
            }
            assert_eq!((len(a), len(b)), (3, 2));
            unlink(links(&nodes[1]));
            assert!(!Header::is_tracked(NonNull::from(&nodes[1]).cast()));
            assert_eq!(len(a), 2);
            merge(b, a);
            assert!(is_empty(b));
            let mut order = Vec::new();
            for_each(a, |h| order.push(h.as_ptr() as *const Header));
            let expected: Vec<*const Header> =
                [0, 2, 3, 4].iter().map(|&i| header(&nodes[i])).collect();
            assert_eq!(order, expected);
            move_to(links(&nodes[0]), b);
            assert_eq!(first(b).map(|h| h.as_ptr() as *const Header), Some(header(&nodes[0])));
            assert_eq!((len(a), len(b)), (3, 1));
        }
    }

    #[test]
    fn sort_by_address_relinks_every_node_in_address_order() {
        let list = Links::unlinked();
        let list = &list as *const Links;
        let nodes = headers(9);
        // SAFETY: the sentinel and the headers outlive the list; each node is in it once.
        unsafe {
            ensure_init(list);
            sort_by_address(list, 0);
            assert!(is_empty(list), "an empty list stays empty");
            for i in [4, 0, 8, 2, 7, 1, 3, 6, 5] {
                push_back(list, links(&nodes[i]));
            }
            sort_by_address(list, 9);
            let mut order = Vec::new();
            for_each(list, |h| order.push(h.as_ptr() as *const Header));
            let expected: Vec<*const Header> = nodes.iter().map(header).collect();
            assert_eq!(order, expected);
            // Every link is mirrored, the sentinel's included.
            let mut prev = list;
            let mut node = (*list).next.get();
            while node != list {
                assert_eq!((*node).prev.get(), prev);
                prev = node;
                node = (*node).next.get();
            }
            assert_eq!((*list).prev.get(), prev);
        }
    }

    #[test]
    fn far_steps_are_those_beyond_a_page_either_way() {
        let at = |address: usize| address as *const Links;
        assert!(!is_far(at(0x10_0000), at(0x10_0000 + 56)));
        assert!(!is_far(at(0x10_0000), at(0x10_0000 - 4096)));
        assert!(is_far(at(0x10_0000), at(0x10_0000 + 4097)));
        assert!(is_far(at(0x10_0000), at(0x10_0000 - 4097)));
    }
}
