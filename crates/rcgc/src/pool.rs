//! Where objects' memory comes from: small blocks from per-thread pools sized in 8-byte steps
//! (CPython's pymalloc, `Objects/obmalloc.c`), everything else from the global allocator.
//!
//! A general-purpose allocator rounds a request up to its next size class: a 56-byte object (a
//! linked header and a 24-byte value) takes a 64-byte block from glibc and from mimalloc alike,
//! a 40-byte one 48. Objects come and go by the million, so those rounding bytes are a large
//! part of a heap. Here every multiple of 8 bytes up to [`MAX_POOLED`] is its own size class,
//! as pymalloc's every multiple of 16 is: a 56-byte object takes 56 bytes.
//!
//! Layout, pymalloc's: **arenas** of [`ARENA_SIZE`] bytes from the global allocator, carved into
//! **pools** of [`POOL_SIZE`] bytes, aligned to their size so that a block finds its pool by
//! masking its address. A pool serves one size class; its header ([`Pool`]) is at its start,
//! then its blocks. A pool hands out blocks from its free list, then fresh ones in address
//! order (so a new pool touches memory only as it fills). Per class, the pools that have a free
//! block form a list whose head serves allocations; a pool whose last block is freed goes back
//! to its arena, and an arena whose pools are all free goes back to the global allocator
//! (one spare is kept, so that a program hovering at an arena's boundary does not map and unmap
//! it over and over).
//!
//! The state is per thread: rcgc's handles are `!Send`, so an object is allocated and freed on
//! the same thread and no pool needs a lock. The state has no destructor, so it stays usable
//! while the thread's other thread-locals are torn down (their objects may be freed then); the
//! arenas of a thread that exits with live objects stay allocated with them.
//!
//! `RCGC_ALLOCATOR=malloc` in the environment (read once per thread, at its first allocation)
//! sends every allocation to the global allocator, as CPython's `PYTHONMALLOC=malloc` does:
//! memory checkers such as valgrind see each object as its own block, so that a use after
//! free inside a pool does not go unnoticed.

use std::alloc::Layout;
use std::cell::UnsafeCell;
use std::ptr;

/// Size classes are multiples of this.
const GRANULE: usize = 8;
/// The largest pooled block; larger requests go to the global allocator (pymalloc: 512).
pub(crate) const MAX_POOLED: usize = 512;
const CLASSES: usize = MAX_POOLED / GRANULE;
/// A pool: 16 KiB, pymalloc's since 3.10; aligned to its size.
pub(crate) const POOL_SIZE: usize = 16 * 1024;
/// An arena: 1,024 pools, 16 MiB. A request this large goes straight to fresh pages in glibc
/// and mimalloc alike, whose pages become resident only as pools are carved; mimalloc kept
/// 8 to 15% more resident than asked for 1 to 8 MiB blocks (measured here), which on a heap of
/// small objects was 8 bytes per object.
pub(crate) const ARENA_SIZE: usize = 1024 * POOL_SIZE;
const POOLS_PER_ARENA: usize = ARENA_SIZE / POOL_SIZE;
/// Where a pool's first block starts: after its header, on a granule boundary.
const FIRST_BLOCK: usize = (std::mem::size_of::<Pool>() + GRANULE - 1) & !(GRANULE - 1);

/// Whether requests of `layout` are served by the pools (a fixed answer for a type, so that
/// allocation and release agree): at most [`MAX_POOLED`] bytes, aligned to at most 8.
#[inline]
pub(crate) const fn is_pooled(layout: Layout) -> bool {
    layout.size() <= MAX_POOLED && layout.align() <= GRANULE && layout.size() > 0
}

/// A free block: the next free block of its pool, written in the block's first word.
struct FreeBlock {
    next: *mut FreeBlock,
}

/// A pool's header, at the start of its `POOL_SIZE` bytes.
#[repr(C)]
struct Pool {
    /// Blocks freed and not yet handed out again.
    free: *mut FreeBlock,
    /// Offset of the first never-used block; blocks from here on were never handed out.
    fresh: u32,
    /// Blocks handed out and not freed.
    used: u32,
    /// Block size in bytes (a multiple of `GRANULE`).
    block_size: u32,
    /// Whether the pool is in its class's list of pools with a free block.
    listed: bool,
    /// Whether the pool has no block in use yet stays listed: its class's only pool, kept so
    /// that a program allocating and freeing one object over and over does not carve and give
    /// back a pool each time.
    kept: bool,
    /// The class's list of pools with a free block (when `listed`; a pool given back to its
    /// arena is in its arena's `free_pools` bitmap instead).
    prev: *mut Pool,
    next: *mut Pool,
    arena: *mut Arena,
}

/// An arena's bookkeeping, kept outside the arena (as pymalloc's `arena_object`s are).
struct Arena {
    /// The allocation: `ARENA_SIZE` bytes aligned to `POOL_SIZE`.
    base: *mut u8,
    /// Pools given back (`used == 0`), one bit per pool of the arena (bit `i % 64` of word
    /// `i / 64` for the pool at `base + i * POOL_SIZE`). The lowest is handed out first, so
    /// that an arena's pools are reused in address order: with a last-in-first-out list, a
    /// heap freed in allocation order came back in the reverse pool order, and collections
    /// over it walked the pools backwards every other time (the alternating samples of
    /// issue 13).
    free_pools: [u64; POOLS_PER_ARENA / 64],
    /// Offset of the first pool never carved.
    fresh: usize,
    /// Pools carved and not given back (kept pools included).
    pools_in_use: usize,
    /// Of those, pools kept though empty.
    kept: usize,
    /// The list of arenas with a pool to give.
    prev: *mut Arena,
    next: *mut Arena,
    listed: bool,
}

const ARENA_LAYOUT: Layout = match Layout::from_size_align(ARENA_SIZE, POOL_SIZE) {
    Ok(layout) => layout,
    Err(_) => panic!("arena layout"),
};

/// How this thread allocates.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Undecided,
    Pools,
    Malloc,
}

/// One thread's pools.
struct Pools {
    mode: Mode,
    /// Per class (index `size / GRANULE - 1`): the pools with a free block; the head serves.
    usable: [*mut Pool; CLASSES],
    /// Arenas with a pool to give (a free pool, or room to carve one).
    arenas: *mut Arena,
    /// An arena kept though entirely free.
    spare: *mut Arena,
    /// Arenas allocated and not freed.
    arenas_held: usize,
}

thread_local! {
    /// No destructor (raw pointers only): usable during thread-local teardown.
    static POOLS: UnsafeCell<Pools> = const {
        UnsafeCell::new(Pools {
            mode: Mode::Undecided,
            usable: [ptr::null_mut(); CLASSES],
            arenas: ptr::null_mut(),
            spare: ptr::null_mut(),
            arenas_held: 0,
        })
    };
}

/// Runs `f` on this thread's pools.
#[inline]
fn with_pools<R>(f: impl FnOnce(&mut Pools) -> R) -> R {
    POOLS.with(|cell| {
        // SAFETY: the state is thread-local and nothing in this module calls out to code that
        // could reach `with_pools` again while `f` runs (the global allocator does not allocate
        // rcgc objects), so this is the only reference to it.
        f(unsafe { &mut *cell.get() })
    })
}

/// Allocates a block for `layout` from the memory rcgc's objects come from; null if the system
/// refuses memory (as [`std::alloc::alloc`]).
///
/// For the out-of-line parts of values that live in `Gc`s (an interpreter's dict values, a
/// string's bytes...): they come by the million with their objects, and a pooled block is
/// exactly its size class (multiples of 8 bytes up to 512), where a general-purpose allocator
/// rounds small requests up. Larger or more aligned layouts go to the global allocator.
///
/// # Safety
/// `layout.size() > 0`. The block must be given back with [`release`], with the same layout,
/// on the thread that allocated it (pools are per thread and unlocked).
///
/// # Example
/// ```
/// use std::alloc::Layout;
///
/// let layout = Layout::new::<[u64; 3]>();
/// // SAFETY: a non-zero size; released below, with the same layout, on this thread.
/// unsafe {
///     let block = rcgc::alloc::allocate(layout).cast::<[u64; 3]>();
///     assert!(!block.is_null());
///     block.write([1, 2, 3]);
///     assert_eq!((*block)[2], 3);
///     rcgc::alloc::release(block.cast(), layout);
/// }
/// ```
#[inline]
pub unsafe fn allocate(layout: Layout) -> *mut u8 {
    if !is_pooled(layout) {
        // SAFETY: a non-zero size (caller).
        return unsafe { std::alloc::alloc(layout) };
    }
    with_pools(|pools| {
        if pools.mode != Mode::Pools {
            if pools.mode == Mode::Undecided {
                pools.mode = decide_mode();
            }
            if pools.mode == Mode::Malloc {
                // SAFETY: a non-zero size (caller).
                return unsafe { std::alloc::alloc(layout) };
            }
        }
        let class = class_of(layout.size());
        let pool = pools.usable[class];
        if !pool.is_null() {
            // SAFETY: a listed pool is a live pool of this class with a free block.
            if let Some(block) = unsafe { take_block(pools, pool, class) } {
                return block;
            }
        }
        // SAFETY: `class` is a valid class index.
        unsafe { allocate_slow(pools, class) }
    })
}

/// Gives back a block from [`allocate`].
///
/// # Safety
/// `block` came from [`allocate`] with this `layout`, on this thread, and is not used again.
///
/// # Example
/// ```
/// use std::alloc::Layout;
///
/// let layout = Layout::array::<u32>(10).unwrap();
/// // SAFETY: a non-zero size, given back once with the same layout on this thread.
/// unsafe { rcgc::alloc::release(rcgc::alloc::allocate(layout), layout) };
/// ```
#[inline]
pub unsafe fn release(block: *mut u8, layout: Layout) {
    if !is_pooled(layout) {
        // SAFETY: allocated by the global allocator with this layout (caller).
        return unsafe { std::alloc::dealloc(block, layout) };
    }
    with_pools(|pools| {
        if pools.mode == Mode::Malloc {
            // SAFETY: in `Malloc` mode every block is the global allocator's (the mode never
            // changes once decided, and was decided by the allocation of this block).
            return unsafe { std::alloc::dealloc(block, layout) };
        }
        // Back from the block to its pool's start, by pointer arithmetic so that the result
        // keeps the block's provenance (its arena's, which covers the pool header).
        let into_pool = block as usize & (POOL_SIZE - 1);
        // SAFETY: the block lies `into_pool` bytes past the start of its pool, in the same
        // arena allocation.
        let pool = unsafe { block.sub(into_pool) }.cast::<Pool>();
        // SAFETY: a pooled block lies in a live pool aligned to `POOL_SIZE`, whose header is at
        // the pool's start; the block is the caller's to give back.
        unsafe { give_block(pools, pool, block) }
    })
}

fn decide_mode() -> Mode {
    match std::env::var_os("RCGC_ALLOCATOR") {
        Some(value) if value == "malloc" => Mode::Malloc,
        _ => Mode::Pools,
    }
}

#[inline]
fn class_of(size: usize) -> usize {
    size.div_ceil(GRANULE) - 1
}

/// Takes a block from `pool` (the head of `class`'s list), unlisting the pool when that was
/// its last one.
///
/// # Safety
/// `pool` is a live pool listed for `class`.
#[inline]
unsafe fn take_block(pools: &mut Pools, pool: *mut Pool, class: usize) -> Option<*mut u8> {
    // SAFETY: a live pool's header (caller).
    let header = unsafe { &mut *pool };
    let block = if !header.free.is_null() {
        let block = header.free;
        // SAFETY: a free block of this pool holds the next free block in its first word.
        header.free = unsafe { (*block).next };
        block.cast::<u8>()
    } else {
        let end = header.fresh as usize + header.block_size as usize;
        if end > POOL_SIZE {
            return None;
        }
        // SAFETY: `fresh..end` is inside the pool's `POOL_SIZE` bytes.
        let block = unsafe { pool.cast::<u8>().add(header.fresh as usize) };
        header.fresh = end as u32;
        block
    };
    header.used += 1;
    if header.kept {
        header.kept = false;
        // SAFETY: a live pool's arena is live.
        unsafe { (*header.arena).kept -= 1 };
    }
    if header.free.is_null() && header.fresh as usize + header.block_size as usize > POOL_SIZE {
        // Full: no longer a candidate until a block comes back.
        // SAFETY: listed for `class` (caller).
        unsafe { unlist_pool(pools, pool, class) };
    }
    Some(block)
}

/// Gives `block` back to `pool`; relists a pool that was full; returns an emptied pool to its
/// arena unless it is its class's only pool.
///
/// # Safety
/// `block` is a block of the live pool `pool`, handed out and not given back.
#[inline]
unsafe fn give_block(pools: &mut Pools, pool: *mut Pool, block: *mut u8) {
    // SAFETY: a live pool's header (caller).
    let header = unsafe { &mut *pool };
    let free = block.cast::<FreeBlock>();
    // SAFETY: the block is at least one granule (8 bytes), aligned to 8, and no longer used.
    unsafe { free.write(FreeBlock { next: header.free }) };
    header.free = free;
    header.used -= 1;
    let class = class_of(header.block_size as usize);
    if header.used == 0 {
        if header.listed && header.next.is_null() && pools.usable[class] == pool {
            header.kept = true;
            let arena = header.arena;
            // SAFETY: a live pool's arena is live.
            let info = unsafe { &mut *arena };
            info.kept += 1;
            if info.pools_in_use == info.kept && pools.arenas_held > 1 {
                // Kept pools are all that hold this arena: give them back, so that the arena
                // can go (a thread's only arena stays, pools and all).
                // SAFETY: a live arena.
                unsafe { release_kept_pools(pools, arena) };
            }
            return;
        }
        if header.listed {
            // SAFETY: listed for its class.
            unsafe { unlist_pool(pools, pool, class) };
        }
        // SAFETY: no block of the pool is in use.
        unsafe { return_pool(pools, pool) };
    } else if !header.listed {
        // It was full: it serves the next allocations of its class (pymalloc links it first).
        // SAFETY: a live pool of `class`, not listed.
        unsafe { list_pool(pools, pool, class) };
    }
}

/// Gives the kept pools of `arena` back to it (each is its class's only listed pool).
///
/// # Safety
/// `arena` is live.
#[cold]
unsafe fn release_kept_pools(pools: &mut Pools, arena: *mut Arena) {
    for class in 0..CLASSES {
        let pool = pools.usable[class];
        // SAFETY: a listed pool is live.
        if pool.is_null() || unsafe { !(*pool).kept || (*pool).arena != arena } {
            continue;
        }
        // SAFETY: a live, listed, kept pool of `class` with no block in use; the arena stays
        // live until its last pool is given back, so reading it before each return is sound.
        unsafe {
            (*pool).kept = false;
            (*arena).kept -= 1;
            unlist_pool(pools, pool, class);
            return_pool(pools, pool);
        }
    }
}

/// # Safety
/// `pool` is a live pool of `class`, not listed.
unsafe fn list_pool(pools: &mut Pools, pool: *mut Pool, class: usize) {
    let head = pools.usable[class];
    // SAFETY: `pool` and the list's head are live pool headers (caller; listed pools are live).
    unsafe {
        (*pool).prev = ptr::null_mut();
        (*pool).next = head;
        (*pool).listed = true;
        if !head.is_null() {
            (*head).prev = pool;
        }
    }
    pools.usable[class] = pool;
}

/// # Safety
/// `pool` is listed for `class`.
unsafe fn unlist_pool(pools: &mut Pools, pool: *mut Pool, class: usize) {
    // SAFETY: `pool` and its neighbours are live, listed pool headers (caller).
    unsafe {
        let (prev, next) = ((*pool).prev, (*pool).next);
        if prev.is_null() {
            pools.usable[class] = next;
        } else {
            (*prev).next = next;
        }
        if !next.is_null() {
            (*next).prev = prev;
        }
        (*pool).listed = false;
        (*pool).prev = ptr::null_mut();
        (*pool).next = ptr::null_mut();
    }
}

/// A pool for `class` (from an arena with one to give, or a new arena), listed, then a block.
///
/// # Safety
/// `class < CLASSES`.
#[cold]
unsafe fn allocate_slow(pools: &mut Pools, class: usize) -> *mut u8 {
    // SAFETY: forwarded.
    let Some(pool) = (unsafe { new_pool(pools, class) }) else {
        return ptr::null_mut();
    };
    // SAFETY: a fresh pool of `class`.
    unsafe {
        list_pool(pools, pool, class);
        take_block(pools, pool, class).expect("a fresh pool has a block")
    }
}

/// # Safety
/// `class < CLASSES`.
unsafe fn new_pool(pools: &mut Pools, class: usize) -> Option<*mut Pool> {
    if pools.arenas.is_null() {
        let arena = if pools.spare.is_null() {
            pools.arenas_held += 1;
            new_arena().or_else(|| {
                pools.arenas_held -= 1;
                None
            })?
        } else {
            pools.spare
        };
        pools.spare = ptr::null_mut();
        // SAFETY: a live arena, not listed.
        unsafe { list_arena(pools, arena) };
    }
    let arena = pools.arenas;
    // SAFETY: a listed arena is live and has a pool to give.
    let info = unsafe { &mut *arena };
    let pool = if let Some(word) = info.free_pools.iter().position(|&bits| bits != 0) {
        let bit = info.free_pools[word].trailing_zeros() as usize;
        info.free_pools[word] &= !(1 << bit);
        // SAFETY: pool `word * 64 + bit` of the arena: inside its `ARENA_SIZE` bytes.
        unsafe { info.base.add((word * 64 + bit) * POOL_SIZE) }.cast::<Pool>()
    } else {
        // SAFETY: `fresh < ARENA_SIZE` while the arena is listed without free pools.
        let pool = unsafe { info.base.add(info.fresh) }.cast::<Pool>();
        info.fresh += POOL_SIZE;
        pool
    };
    info.pools_in_use += 1;
    if info.free_pools.iter().all(|&bits| bits == 0) && info.fresh == ARENA_SIZE {
        // SAFETY: listed.
        unsafe { unlist_arena(pools, arena) };
    }
    let block_size = (class + 1) * GRANULE;
    // SAFETY: `pool` is `POOL_SIZE` bytes of the arena, aligned to `POOL_SIZE`, not in use.
    unsafe {
        pool.write(Pool {
            free: ptr::null_mut(),
            fresh: FIRST_BLOCK as u32,
            used: 0,
            block_size: block_size as u32,
            listed: false,
            kept: false,
            prev: ptr::null_mut(),
            next: ptr::null_mut(),
            arena,
        })
    };
    Some(pool)
}

fn new_arena() -> Option<*mut Arena> {
    // SAFETY: a non-zero size.
    let base = unsafe { std::alloc::alloc(ARENA_LAYOUT) };
    if base.is_null() {
        return None;
    }
    Some(Box::into_raw(Box::new(Arena {
        base,
        free_pools: [0; POOLS_PER_ARENA / 64],
        fresh: 0,
        pools_in_use: 0,
        kept: 0,
        prev: ptr::null_mut(),
        next: ptr::null_mut(),
        listed: false,
    })))
}

/// Gives an empty, unlisted pool back to its arena; frees (or keeps as the spare) an arena
/// left with no pool in use.
///
/// # Safety
/// `pool` is a live pool with no block in use, not listed for its class.
unsafe fn return_pool(pools: &mut Pools, pool: *mut Pool) {
    // SAFETY: a live pool's header names its live arena (caller).
    let arena = unsafe { (*pool).arena };
    // SAFETY: the arena is live.
    let info = unsafe { &mut *arena };
    let index = (pool as usize - info.base as usize) / POOL_SIZE;
    info.free_pools[index / 64] |= 1 << (index % 64);
    info.pools_in_use -= 1;
    if info.pools_in_use > 0 {
        if !info.listed {
            // SAFETY: live, unlisted.
            unsafe { list_arena(pools, arena) };
        }
        return;
    }
    if info.listed {
        // SAFETY: listed.
        unsafe { unlist_arena(pools, arena) };
    }
    // Entirely free: reset, and keep it as the spare unless there is one already.
    info.free_pools = [0; POOLS_PER_ARENA / 64];
    info.fresh = 0;
    if pools.spare.is_null() {
        pools.spare = arena;
    } else {
        // SAFETY: no pool of the arena is in use, so no block is; it is in no list; `base` was
        // allocated with `ARENA_LAYOUT` and the info by `Box::new`.
        unsafe {
            std::alloc::dealloc(info.base, ARENA_LAYOUT);
            drop(Box::from_raw(arena));
        }
        pools.arenas_held -= 1;
    }
}

/// # Safety
/// `arena` is live and not listed.
unsafe fn list_arena(pools: &mut Pools, arena: *mut Arena) {
    let head = pools.arenas;
    // SAFETY: live arena infos (caller; listed arenas are live).
    unsafe {
        (*arena).prev = ptr::null_mut();
        (*arena).next = head;
        (*arena).listed = true;
        if !head.is_null() {
            (*head).prev = arena;
        }
    }
    pools.arenas = arena;
}

/// # Safety
/// `arena` is listed.
unsafe fn unlist_arena(pools: &mut Pools, arena: *mut Arena) {
    // SAFETY: `arena` and its neighbours are live, listed arena infos (caller).
    unsafe {
        let (prev, next) = ((*arena).prev, (*arena).next);
        if prev.is_null() {
            pools.arenas = next;
        } else {
            (*prev).next = next;
        }
        if !next.is_null() {
            (*next).prev = prev;
        }
        (*arena).listed = false;
        (*arena).prev = ptr::null_mut();
        (*arena).next = ptr::null_mut();
    }
}

/// Gives every kept pool back and frees every arena with no block in use, the spare
/// included: the pool tests end with nothing held, so that a leak checker sees no arena of a
/// finished test thread (a thread's state has no destructor to do it).
#[cfg(test)]
fn release_idle() {
    with_pools(|pools| {
        for class in 0..CLASSES {
            let pool = pools.usable[class];
            // SAFETY: a listed pool is live; a kept one has no block in use and is its
            // class's only listed pool, so it may go back to its arena.
            unsafe {
                if !pool.is_null() && (*pool).kept {
                    (*pool).kept = false;
                    (*(*pool).arena).kept -= 1;
                    unlist_pool(pools, pool, class);
                    return_pool(pools, pool);
                }
            }
        }
        let spare = std::mem::replace(&mut pools.spare, ptr::null_mut());
        if !spare.is_null() {
            // SAFETY: the spare arena has no pool in use and is in no list; its memory and
            // info were allocated by `new_arena`.
            unsafe {
                std::alloc::dealloc((*spare).base, ARENA_LAYOUT);
                drop(Box::from_raw(spare));
            }
            pools.arenas_held -= 1;
        }
    });
}

#[cfg(test)]
/// Bytes of arenas this thread holds (the spare included).
pub(crate) fn arena_bytes() -> usize {
    with_pools(|pools| pools.arenas_held * ARENA_SIZE)
}

const _: () = assert!(FIRST_BLOCK + MAX_POOLED <= POOL_SIZE);
const _: () =
    assert!(POOLS_PER_ARENA >= 64 && POOLS_PER_ARENA % 64 == 0 && ARENA_SIZE % POOL_SIZE == 0);
const _: () = assert!(POOL_SIZE <= u32::MAX as usize);

#[cfg(test)]
mod tests {
    use super::*;

    fn layout(size: usize) -> Layout {
        force_pools();
        Layout::from_size_align(size, 8).unwrap()
    }

    /// These tests are about the pools: this test thread uses them whatever
    /// `RCGC_ALLOCATOR` says (CI runs the other tests with `malloc`). Safe before the thread's
    /// first allocation only, which every test here makes after calling it.
    fn force_pools() {
        with_pools(|pools| {
            assert!(
                pools.mode != Mode::Malloc,
                "this thread already allocated from the global allocator"
            );
            pools.mode = Mode::Pools;
        });
    }

    /// A deterministic pseudo-random sequence (xorshift), the oracle's dice.
    struct Dice(u64);
    impl Dice {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
    }

    #[test]
    fn blocks_are_exactly_their_class_apart() {
        for size in [8, 16, 40, 56, 64, 200, 512] {
            // SAFETY: non-zero sizes; released below with the same layout.
            unsafe {
                let a = allocate(layout(size));
                let b = allocate(layout(size));
                assert_eq!(b as usize - a as usize, size, "consecutive fresh {size}-byte blocks");
                release(b, layout(size));
                release(a, layout(size));
            }
        }
        release_idle();
        assert_eq!(arena_bytes(), 0);
    }

    #[test]
    fn a_freed_block_is_reused_first() {
        // SAFETY: as above.
        unsafe {
            let a = allocate(layout(24));
            let b = allocate(layout(24));
            release(a, layout(24));
            let c = allocate(layout(24));
            assert_eq!(a, c);
            release(b, layout(24));
            release(c, layout(24));
        }
        release_idle();
        assert_eq!(arena_bytes(), 0);
    }

    #[test]
    fn pools_given_back_are_reused_in_address_order() {
        let size = 256;
        let per_pool = (POOL_SIZE - FIRST_BLOCK) / size;
        let count = 6 * per_pool;
        // SAFETY: as above; every block is released once with its layout.
        unsafe {
            // A block of another class keeps the arena in use, so that the emptied pools stay
            // in it (otherwise the whole arena would be reset to fresh carving).
            let anchor = allocate(layout(8));
            let first: Vec<*mut u8> = (0..count).map(|_| allocate(layout(size))).collect();
            for &block in &first {
                release(block, layout(size));
            }
            let again: Vec<*mut u8> = (0..count).map(|_| allocate(layout(size))).collect();
            let pools: Vec<usize> = again.iter().map(|&b| b as usize & !(POOL_SIZE - 1)).collect();
            // The class's kept pool serves first; the pools given back follow lowest first
            // (a last-in-first-out list handed them back in the reverse of the order freed).
            let rest = &pools[per_pool..];
            assert!(rest.windows(2).all(|w| w[0] <= w[1]), "pools reused in address order");
            for block in again {
                release(block, layout(size));
            }
            release(anchor, layout(8));
        }
        release_idle();
        assert_eq!(arena_bytes(), 0);
    }

    #[test]
    fn large_and_overaligned_requests_bypass_the_pools() {
        force_pools();
        assert!(!is_pooled(layout(MAX_POOLED + 8)));
        assert!(!is_pooled(Layout::from_size_align(32, 16).unwrap()));
        assert!(is_pooled(layout(MAX_POOLED)));
        // SAFETY: as above.
        unsafe {
            let big = allocate(layout(4096));
            big.write_bytes(7, 4096);
            release(big, layout(4096));
        }
        release_idle();
        assert_eq!(arena_bytes(), 0);
    }

    /// Random allocations and releases of random sizes against an independent record of what
    /// is live: blocks never overlap, keep what was written in them, respect their alignment,
    /// and the pools go back to the global allocator when everything is released.
    #[test]
    fn random_churn_against_a_record_of_live_blocks() {
        let mut dice = Dice(0x9e37_79b9_7f4a_7c15);
        let mut live: Vec<(*mut u8, usize, u8)> = Vec::new();
        force_pools();
        let arenas_before = arena_bytes();
        for step in 0..200_000u32 {
            if live.is_empty() || dice.next() % 100 < 55 {
                let size = (dice.next() as usize % MAX_POOLED) + 1;
                // SAFETY: non-zero size; released below.
                let block = unsafe { allocate(layout(size)) };
                assert!(!block.is_null());
                assert_eq!(block as usize % 8, 0);
                let fill = step as u8;
                // SAFETY: the block has `size` bytes.
                unsafe { block.write_bytes(fill, size) };
                live.push((block, size, fill));
            } else {
                let index = dice.next() as usize % live.len();
                let (block, size, fill) = live.swap_remove(index);
                // SAFETY: a live block of `size` bytes.
                let bytes = unsafe { std::slice::from_raw_parts(block, size) };
                assert!(bytes.iter().all(|&b| b == fill), "a block kept its contents");
                // SAFETY: allocated with this layout, released once.
                unsafe { release(block, layout(size)) };
            }
        }
        let mut spans: Vec<(usize, usize)> =
            live.iter().map(|&(b, size, _)| (b as usize, b as usize + size)).collect();
        spans.sort();
        assert!(spans.windows(2).all(|w| w[0].1 <= w[1].0), "live blocks never overlap");
        for (block, size, fill) in live.drain(..) {
            // SAFETY: as above.
            let bytes = unsafe { std::slice::from_raw_parts(block, size) };
            assert!(bytes.iter().all(|&b| b == fill));
            // SAFETY: as above.
            unsafe { release(block, layout(size)) };
        }
        let arenas_after = arena_bytes();
        assert_eq!(arenas_before, 0, "a test thread starts with no arena");
        assert!(
            arenas_after <= 2 * ARENA_SIZE,
            "emptied arenas are freed (one holding kept pools and one spare stay): \
             {arenas_after} bytes held"
        );
        release_idle();
        assert_eq!(arena_bytes(), 0, "with the kept pools given back, no arena is held");
    }
}
