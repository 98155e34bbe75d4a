//! The combinatoric iterators of `itertools`: product, permutations, combinations and
//! combinations_with_replacement, in CPython's order (the algorithms of the module's
//! documentation, on index vectors over pools read once at construction).

use crate::object::error::Res;
use crate::object::native::Args;
use crate::object::runtime::{self as rt, type_error, value_error};
use crate::object::{Kind, PyRef};
use crate::types::ops;

use super::{native_iterator, new_iterator, parse_args, ssize_arg, visit_all, with_state};

/// Where a combinatoric iterator is: before its first tuple, between tuples, or done.
#[derive(Clone, Copy, PartialEq)]
enum Phase {
    First,
    Running,
    Done,
}

/// `product(*iterables, repeat=1)`: the cartesian product, last pool varying fastest.
struct Product {
    pools: Vec<Vec<PyRef>>,
    indices: Vec<usize>,
    phase: Phase,
}
native_iterator!(Product, "product", product_next, |this, visitor| {
    visit_all(visitor, this.pools.iter().flatten());
});

pub(super) fn product(a: Args) -> Res<PyRef> {
    let mut repeat = 1;
    for (key, value) in &a.keywords {
        if &**key != "repeat" {
            return type_error(format!("'{key}' is an invalid keyword argument for product()"));
        }
        repeat = ssize_arg(value)?;
    }
    if repeat < 0 {
        return value_error("repeat argument cannot be negative");
    }
    let mut pools = Vec::new();
    for iterable in super::constructor_args(&a) {
        pools.push(ops::to_vec(iterable)?);
    }
    let once = pools.len();
    rt::check_allocation(once.saturating_mul(repeat as usize), std::mem::size_of::<Vec<PyRef>>())?;
    let pools: Vec<Vec<PyRef>> =
        pools.iter().cycle().take(once * repeat as usize).cloned().collect();
    let indices = vec![0; pools.len()];
    Ok(new_iterator(Product { pools, indices, phase: Phase::First }))
}

fn product_next(this: &PyRef) -> Res<Option<PyRef>> {
    with_state(this, |s: &mut Product| {
        match s.phase {
            Phase::Done => return None,
            Phase::First => {
                s.phase = Phase::Running;
                if s.pools.iter().any(Vec::is_empty) {
                    s.phase = Phase::Done;
                    return None;
                }
            }
            Phase::Running => {
                // Advance like an odometer, the last wheel first.
                let mut position = s.pools.len();
                loop {
                    if position == 0 {
                        s.phase = Phase::Done;
                        return None;
                    }
                    position -= 1;
                    s.indices[position] += 1;
                    if s.indices[position] < s.pools[position].len() {
                        break;
                    }
                    s.indices[position] = 0;
                }
            }
        }
        let items = s.indices.iter().zip(&s.pools).map(|(&i, pool)| pool[i].clone()).collect();
        Some(rt::tuple(items))
    })
}

/// The pool and `r` shared by permutations and the combinations, with the index state.
struct Choice {
    pool: Vec<PyRef>,
    r: usize,
    indices: Vec<usize>,
    /// permutations only: the cycles of its algorithm.
    cycles: Vec<usize>,
    phase: Phase,
}

impl Choice {
    fn tuple(&self) -> PyRef {
        rt::tuple(self.indices[..self.r].iter().map(|&i| self.pool[i].clone()).collect())
    }
}

struct Permutations(Choice);
struct Combinations(Choice);
struct CombinationsWithReplacement(Choice);
native_iterator!(Permutations, "permutations", permutations_next, |this, visitor| {
    visit_all(visitor, &this.0.pool);
});
native_iterator!(Combinations, "combinations", combinations_next, |this, visitor| {
    visit_all(visitor, &this.0.pool);
});
native_iterator!(
    CombinationsWithReplacement,
    "combinations_with_replacement",
    cwr_next,
    |this, visitor| {
        visit_all(visitor, &this.0.pool);
    }
);

/// The pool and `r` of permutations (`r=None`: the pool's length; an int, not `__index__`).
fn permutation_args(a: &Args) -> Res<(Vec<PyRef>, usize)> {
    let values = parse_args(a, &["iterable", "r"], 1, 2)?;
    let pool = ops::to_vec(values[0].as_ref().expect("required"))?;
    let r = match &values[1] {
        None => pool.len() as i64,
        Some(r) if matches!(r.kind, Kind::None) => pool.len() as i64,
        Some(r) => match super::super::math::as_int(r) {
            Some(value) => num_traits::ToPrimitive::to_i64(&value).unwrap_or(i64::MAX),
            None => return type_error("Expected int as r"),
        },
    };
    if r < 0 {
        return value_error("r must be non-negative");
    }
    Ok((pool, r as usize))
}

/// The pool and `r` of combinations (`r` required, through `__index__`).
fn combination_args(a: &Args) -> Res<(Vec<PyRef>, usize)> {
    let values = parse_args(a, &["iterable", "r"], 2, 2)?;
    let pool = ops::to_vec(values[0].as_ref().expect("required"))?;
    let r = ssize_arg(values[1].as_ref().expect("required"))?;
    if r < 0 {
        return value_error("r must be non-negative");
    }
    Ok((pool, r as usize))
}

/// `permutations(iterable, r=None)`: the ordered arrangements of `r` items.
pub(super) fn permutations(a: Args) -> Res<PyRef> {
    let (pool, r) = permutation_args(&a)?;
    let n = pool.len();
    let phase = if r > n { Phase::Done } else { Phase::First };
    let (indices, cycles) = if r > n {
        (Vec::new(), Vec::new())
    } else {
        ((0..n).collect(), (n - r + 1..=n).rev().collect())
    };
    Ok(new_iterator(Permutations(Choice { pool, r, indices, cycles, phase })))
}

fn permutations_next(this: &PyRef) -> Res<Option<PyRef>> {
    with_state(this, |Permutations(s): &mut Permutations| {
        match s.phase {
            Phase::Done => return None,
            Phase::First => s.phase = Phase::Running,
            Phase::Running => {
                let n = s.pool.len();
                if n == 0 {
                    s.phase = Phase::Done;
                    return None;
                }
                let mut i = s.r;
                loop {
                    if i == 0 {
                        s.phase = Phase::Done;
                        return None;
                    }
                    i -= 1;
                    s.cycles[i] -= 1;
                    if s.cycles[i] == 0 {
                        // Rotate indices[i:] left by one.
                        s.indices[i..].rotate_left(1);
                        s.cycles[i] = n - i;
                    } else {
                        let j = s.cycles[i];
                        s.indices.swap(i, n - j);
                        break;
                    }
                }
            }
        }
        Some(s.tuple())
    })
}

/// `combinations(iterable, r)`: the `r`-item subsequences, in order.
pub(super) fn combinations(a: Args) -> Res<PyRef> {
    let (pool, r) = combination_args(&a)?;
    let phase = if r > pool.len() { Phase::Done } else { Phase::First };
    let indices = if r > pool.len() { Vec::new() } else { (0..r).collect() };
    Ok(new_iterator(Combinations(Choice { pool, r, indices, cycles: Vec::new(), phase })))
}

fn combinations_next(this: &PyRef) -> Res<Option<PyRef>> {
    with_state(this, |Combinations(s): &mut Combinations| {
        match s.phase {
            Phase::Done => return None,
            Phase::First => s.phase = Phase::Running,
            Phase::Running => {
                let (n, r) = (s.pool.len(), s.r);
                // The rightmost index not at its maximum.
                let Some(i) = (0..r).rev().find(|&i| s.indices[i] != i + n - r) else {
                    s.phase = Phase::Done;
                    return None;
                };
                s.indices[i] += 1;
                for j in i + 1..r {
                    s.indices[j] = s.indices[j - 1] + 1;
                }
            }
        }
        Some(s.tuple())
    })
}

/// `combinations_with_replacement(iterable, r)`: the `r`-item sorted selections, items
/// repeatable.
pub(super) fn combinations_with_replacement(a: Args) -> Res<PyRef> {
    let (pool, r) = combination_args(&a)?;
    let phase = if pool.is_empty() && r > 0 { Phase::Done } else { Phase::First };
    rt::check_allocation(r, std::mem::size_of::<usize>())?;
    let indices = vec![0; r];
    Ok(new_iterator(CombinationsWithReplacement(Choice {
        pool,
        r,
        indices,
        cycles: Vec::new(),
        phase,
    })))
}

fn cwr_next(this: &PyRef) -> Res<Option<PyRef>> {
    with_state(this, |CombinationsWithReplacement(s): &mut CombinationsWithReplacement| {
        match s.phase {
            Phase::Done => return None,
            Phase::First => s.phase = Phase::Running,
            Phase::Running => {
                let (n, r) = (s.pool.len(), s.r);
                let Some(i) = (0..r).rev().find(|&i| s.indices[i] != n - 1) else {
                    s.phase = Phase::Done;
                    return None;
                };
                let value = s.indices[i] + 1;
                s.indices[i..].fill(value);
            }
        }
        Some(s.tuple())
    })
}
