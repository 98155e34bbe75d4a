//! `list.sort` and `sorted`: CPython 3.11's timsort (`Objects/listobject.c`, described in
//! `Objects/listsort.txt`): natural runs, binary insertion up to the minimum run length,
//! powersort's merge order, and galloping merges. It makes the comparisons CPython makes,
//! in the same order, so a key or `__lt__` written in Python sees the same calls, and a
//! sorted or reversed input costs n - 1 comparisons.
//!
//! The algorithm permutes positions (`usize`), comparing the keys they name: moving a
//! position is a copy, and a comparison that raises leaves nothing half-moved.

use crate::object::error::Res;
use crate::object::PyRef;
use crate::types::ops;

/// Galloping starts after this many consecutive wins of one run (CPython's `MIN_GALLOP`).
const MIN_GALLOP: usize = 7;

/// A run waiting to be merged: where it starts, its length and its powersort power.
#[derive(Clone, Copy)]
struct Run {
    base: usize,
    len: usize,
    power: u32,
}

struct MergeState<'k> {
    keys: &'k [PyRef],
    /// The positions being sorted.
    order: Vec<usize>,
    min_gallop: usize,
    pending: Vec<Run>,
    /// Scratch space for merges.
    temp: Vec<usize>,
}

impl MergeState<'_> {
    /// `keys[x] < keys[y]`.
    fn less(&self, x: usize, y: usize) -> Res<bool> {
        ops::less_than(&self.keys[x], &self.keys[y])
    }

    /// The length of the run starting at `lo` (below `hi`), made ascending: a strictly
    /// descending run is reversed (CPython 3.11's `count_run`).
    fn count_run(&mut self, lo: usize, hi: usize) -> Res<usize> {
        if lo + 1 == hi {
            return Ok(1);
        }
        let mut n = 2;
        if self.less(self.order[lo + 1], self.order[lo])? {
            while lo + n < hi && self.less(self.order[lo + n], self.order[lo + n - 1])? {
                n += 1;
            }
            self.order[lo..lo + n].reverse();
        } else {
            while lo + n < hi && !self.less(self.order[lo + n], self.order[lo + n - 1])? {
                n += 1;
            }
        }
        Ok(n)
    }

    /// Sorts `lo..hi` by binary insertion, `lo..start` being sorted already.
    fn binary_sort(&mut self, lo: usize, hi: usize, mut start: usize) -> Res<()> {
        if lo == start {
            start += 1;
        }
        while start < hi {
            let pivot = self.order[start];
            let (mut l, mut r) = (lo, start);
            while l < r {
                let p = l + ((r - l) >> 1);
                if self.less(pivot, self.order[p])? {
                    r = p;
                } else {
                    l = p + 1;
                }
            }
            self.order.copy_within(l..start, l + 1);
            self.order[l] = pivot;
            start += 1;
        }
        Ok(())
    }

    /// Where `key` goes in the sorted `a[..n]` (`a` = `order[base..]`, or the scratch space
    /// when `in_temp`), leftmost among equals, searching from `hint`.
    fn gallop_left(
        &self,
        key: usize,
        base: usize,
        n: usize,
        hint: usize,
        in_temp: bool,
    ) -> Res<usize> {
        let at = |i: usize| if in_temp { self.temp[base + i] } else { self.order[base + i] };
        let (mut last, mut ofs);
        if self.less(at(hint), key)? {
            let max = n - hint;
            (last, ofs) = (0, 1);
            while ofs < max && self.less(at(hint + ofs), key)? {
                last = ofs;
                ofs = (ofs << 1) + 1;
            }
            ofs = ofs.min(max);
            last += hint;
            ofs += hint;
        } else {
            let max = hint + 1;
            (last, ofs) = (0, 1);
            while ofs < max && !self.less(at(hint - ofs), key)? {
                last = ofs;
                ofs = (ofs << 1) + 1;
            }
            ofs = ofs.min(max);
            // a[hint - ofs] < key <= a[hint - last], with hint - ofs possibly -1.
            let (low, high) = (hint as isize - ofs as isize, hint - last);
            return self.bisect_left(key, low, high, &at);
        }
        self.bisect_left(key, last as isize, ofs, &at)
    }

    /// The binary search ending `gallop_left`: `a[low] < key <= a[high]`.
    fn bisect_left(
        &self,
        key: usize,
        low: isize,
        mut high: usize,
        at: &dyn Fn(usize) -> usize,
    ) -> Res<usize> {
        let mut low = (low + 1) as usize;
        while low < high {
            let m = low + ((high - low) >> 1);
            if self.less(at(m), key)? {
                low = m + 1;
            } else {
                high = m;
            }
        }
        Ok(high)
    }

    /// Where `key` goes in the sorted `a[..n]`, rightmost among equals, searching from
    /// `hint` (see [`MergeState::gallop_left`]).
    fn gallop_right(
        &self,
        key: usize,
        base: usize,
        n: usize,
        hint: usize,
        in_temp: bool,
    ) -> Res<usize> {
        let at = |i: usize| if in_temp { self.temp[base + i] } else { self.order[base + i] };
        let (mut last, mut ofs) = (0usize, 1usize);
        let (low, mut high);
        if self.less(key, at(hint))? {
            let max = hint + 1;
            while ofs < max && self.less(key, at(hint - ofs))? {
                last = ofs;
                ofs = (ofs << 1) + 1;
            }
            ofs = ofs.min(max);
            low = hint as isize - ofs as isize;
            high = hint - last;
        } else {
            let max = n - hint;
            while ofs < max && !self.less(key, at(hint + ofs))? {
                last = ofs;
                ofs = (ofs << 1) + 1;
            }
            ofs = ofs.min(max);
            low = (last + hint) as isize;
            high = ofs + hint;
        }
        // a[low] <= key < a[high]
        let mut low = (low + 1) as usize;
        while low < high {
            let m = low + ((high - low) >> 1);
            if self.less(key, at(m))? {
                high = m;
            } else {
                low = m + 1;
            }
        }
        Ok(high)
    }

    /// Merges the pending runs `i` and `i + 1`.
    fn merge_at(&mut self, i: usize) -> Res<()> {
        let (a, b) = (self.pending[i], self.pending[i + 1]);
        self.pending[i].len = a.len + b.len;
        self.pending.remove(i + 1);
        // Where b starts in a: what comes before is in place already.
        let k = self.gallop_right(self.order[b.base], a.base, a.len, 0, false)?;
        let (base_a, na) = (a.base + k, a.len - k);
        if na == 0 {
            return Ok(());
        }
        // Where a ends in b: what comes after is in place already.
        let nb = self.gallop_left(self.order[base_a + na - 1], b.base, b.len, b.len - 1, false)?;
        if nb == 0 {
            return Ok(());
        }
        if na <= nb {
            self.merge_lo(base_a, na, b.base, nb)
        } else {
            self.merge_hi(base_a, na, b.base, nb)
        }
    }

    /// Merges the adjacent runs `a` (`na` long, the shorter) and `b` left to right, `a` in the
    /// scratch space. On an error, what `a` has left is copied back: a permutation remains.
    fn merge_lo(&mut self, base_a: usize, mut na: usize, base_b: usize, mut nb: usize) -> Res<()> {
        self.temp.clear();
        self.temp.extend_from_slice(&self.order[base_a..base_a + na]);
        let (mut dest, mut pa, mut pb) = (base_a, 0usize, base_b);
        let result = (|| -> Res<()> {
            self.order[dest] = self.order[pb];
            dest += 1;
            pb += 1;
            nb -= 1;
            if nb == 0 {
                return Ok(());
            }
            if na == 1 {
                return Ok(());
            }
            let mut min_gallop = self.min_gallop;
            loop {
                let (mut acount, mut bcount) = (0usize, 0usize);
                loop {
                    if self.less(self.order[pb], self.temp[pa])? {
                        self.order[dest] = self.order[pb];
                        dest += 1;
                        pb += 1;
                        bcount += 1;
                        acount = 0;
                        nb -= 1;
                        if nb == 0 {
                            return Ok(());
                        }
                        if bcount >= min_gallop {
                            break;
                        }
                    } else {
                        self.order[dest] = self.temp[pa];
                        dest += 1;
                        pa += 1;
                        acount += 1;
                        bcount = 0;
                        na -= 1;
                        if na == 1 {
                            return Ok(());
                        }
                        if acount >= min_gallop {
                            break;
                        }
                    }
                }
                min_gallop += 1;
                loop {
                    min_gallop -= usize::from(min_gallop > 1);
                    self.min_gallop = min_gallop;
                    let k = self.gallop_right(self.order[pb], pa, na, 0, true)?;
                    acount = k;
                    if k > 0 {
                        self.order[dest..dest + k].copy_from_slice(&self.temp[pa..pa + k]);
                        dest += k;
                        pa += k;
                        na -= k;
                        if na <= 1 {
                            return Ok(());
                        }
                    }
                    self.order[dest] = self.order[pb];
                    dest += 1;
                    pb += 1;
                    nb -= 1;
                    if nb == 0 {
                        return Ok(());
                    }
                    let k = self.gallop_left(self.temp[pa], pb, nb, 0, false)?;
                    bcount = k;
                    if k > 0 {
                        self.order.copy_within(pb..pb + k, dest);
                        dest += k;
                        pb += k;
                        nb -= k;
                        if nb == 0 {
                            return Ok(());
                        }
                    }
                    self.order[dest] = self.temp[pa];
                    dest += 1;
                    pa += 1;
                    na -= 1;
                    if na == 1 {
                        return Ok(());
                    }
                    if acount < MIN_GALLOP && bcount < MIN_GALLOP {
                        break;
                    }
                }
                min_gallop += 1;
                self.min_gallop = min_gallop;
            }
        })();
        // What is left of b is in place; a's rest goes after what was merged (for na == 1
        // with nb > 0, CPython's `CopyB`: b's rest, then a's last).
        if result.is_ok() && na == 1 && nb > 0 {
            self.order.copy_within(pb..pb + nb, dest);
            self.order[dest + nb] = self.temp[pa];
        } else if na > 0 {
            self.order[dest..dest + na].copy_from_slice(&self.temp[pa..pa + na]);
        }
        result
    }

    /// Merges the adjacent runs `a` and `b` (`nb` long, the shorter) right to left, `b` in the
    /// scratch space (see [`MergeState::merge_lo`]).
    fn merge_hi(&mut self, base_a: usize, mut na: usize, base_b: usize, mut nb: usize) -> Res<()> {
        self.temp.clear();
        self.temp.extend_from_slice(&self.order[base_b..base_b + nb]);
        // Indices one past the current element, so that they never go below zero.
        let mut dest = base_b + nb;
        let mut pa = base_a + na;
        let mut pb = nb;
        let result = (|| -> Res<()> {
            dest -= 1;
            pa -= 1;
            self.order[dest] = self.order[pa];
            na -= 1;
            if na == 0 || nb == 1 {
                return Ok(());
            }
            let mut min_gallop = self.min_gallop;
            loop {
                let (mut acount, mut bcount) = (0usize, 0usize);
                loop {
                    if self.less(self.temp[pb - 1], self.order[pa - 1])? {
                        dest -= 1;
                        pa -= 1;
                        self.order[dest] = self.order[pa];
                        acount += 1;
                        bcount = 0;
                        na -= 1;
                        if na == 0 {
                            return Ok(());
                        }
                        if acount >= min_gallop {
                            break;
                        }
                    } else {
                        dest -= 1;
                        pb -= 1;
                        self.order[dest] = self.temp[pb];
                        bcount += 1;
                        acount = 0;
                        nb -= 1;
                        if nb == 1 {
                            return Ok(());
                        }
                        if bcount >= min_gallop {
                            break;
                        }
                    }
                }
                min_gallop += 1;
                loop {
                    min_gallop -= usize::from(min_gallop > 1);
                    self.min_gallop = min_gallop;
                    let k = na - self.gallop_right(self.temp[pb - 1], base_a, na, na - 1, false)?;
                    acount = k;
                    if k > 0 {
                        dest -= k;
                        pa -= k;
                        self.order.copy_within(pa..pa + k, dest);
                        na -= k;
                        if na == 0 {
                            return Ok(());
                        }
                    }
                    dest -= 1;
                    pb -= 1;
                    self.order[dest] = self.temp[pb];
                    nb -= 1;
                    if nb == 1 {
                        return Ok(());
                    }
                    let k = nb - self.gallop_left(self.order[pa - 1], 0, nb, nb - 1, true)?;
                    bcount = k;
                    if k > 0 {
                        dest -= k;
                        pb -= k;
                        self.order[dest..dest + k].copy_from_slice(&self.temp[pb..pb + k]);
                        nb -= k;
                        if nb <= 1 {
                            return Ok(());
                        }
                    }
                    dest -= 1;
                    pa -= 1;
                    self.order[dest] = self.order[pa];
                    na -= 1;
                    if na == 0 {
                        return Ok(());
                    }
                    if acount < MIN_GALLOP && bcount < MIN_GALLOP {
                        break;
                    }
                }
                min_gallop += 1;
                self.min_gallop = min_gallop;
            }
        })();
        if result.is_ok() && nb == 1 && na > 0 {
            // CPython's `CopyA`: a's rest moves up one; b's first goes in front of it.
            dest -= na;
            pa -= na;
            self.order.copy_within(pa..pa + na, dest);
            self.order[dest - 1] = self.temp[0];
        } else if nb > 0 {
            self.order[dest - nb..dest].copy_from_slice(&self.temp[..nb]);
        }
        result
    }
}

/// Powersort's power of the boundary between the run `s1..s1 + n1` and the `n2` long run
/// after it, in a list of `n` (CPython's `powerloop`).
fn power_of(s1: usize, n1: usize, n2: usize, n: usize) -> u32 {
    let mut result = 0;
    let mut a = 2 * s1 + n1;
    let mut b = a + n1 + n2;
    loop {
        result += 1;
        if a >= n {
            a -= n;
            b -= n;
        } else if b >= n {
            break;
        }
        a <<= 1;
        b <<= 1;
    }
    result
}

/// The minimum run length for a list of `n` (CPython's `merge_compute_minrun`).
fn min_run(mut n: usize) -> usize {
    let mut r = 0;
    while n >= 64 {
        r |= n & 1;
        n >>= 1;
    }
    n + r
}

/// The order in which `keys` sort (stably), by CPython's algorithm; `reverse` as
/// `list.sort(reverse=True)`: stable too (equal keys keep their order).
pub fn sorted_order(keys: &[PyRef], reverse: bool) -> Res<Vec<usize>> {
    let n = keys.len();
    let mut order: Vec<usize> = (0..n).collect();
    // As CPython: reversed before and after, so that equal keys keep their order.
    if reverse {
        order.reverse();
    }
    if n >= 2 {
        let mut state = MergeState {
            keys,
            order,
            min_gallop: MIN_GALLOP,
            pending: Vec::new(),
            temp: Vec::new(),
        };
        let minrun = min_run(n);
        let (mut lo, mut remaining) = (0, n);
        while remaining > 0 {
            let mut run = state.count_run(lo, lo + remaining)?;
            if run < minrun {
                let force = remaining.min(minrun);
                state.binary_sort(lo, lo + force, lo + run)?;
                run = force;
            }
            if let Some(last) = state.pending.last().copied() {
                let power = power_of(last.base, last.len, run, n);
                while state.pending.len() > 1
                    && state.pending[state.pending.len() - 2].power > power
                {
                    state.merge_at(state.pending.len() - 2)?;
                }
                let top = state.pending.len() - 1;
                state.pending[top].power = power;
            }
            state.pending.push(Run { base: lo, len: run, power: 0 });
            lo += run;
            remaining -= run;
        }
        while state.pending.len() > 1 {
            let mut i = state.pending.len() - 2;
            if i > 0 && state.pending[i - 1].len < state.pending[i + 1].len {
                i -= 1;
            }
            state.merge_at(i)?;
        }
        order = state.order;
    }
    if reverse {
        order.reverse();
    }
    Ok(order)
}
