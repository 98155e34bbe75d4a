//! `_random`: the Mersenne Twister (MT19937) core that `random.Random` derives from, as
//! CPython's `Modules/_randommodule.c`: the same seeding of ints (`init_by_array` over the
//! absolute value's 32-bit words, least significant first) and of other objects (their hash,
//! as an unsigned word), the same 53-bit `random()`, `getrandbits(k)` and the state as a
//! tuple of 625 ints. Sequences therefore equal CPython's for equal seeds.

use std::cell::{Cell, RefCell};

use num_bigint::{BigInt, Sign};
use rcgc::Visitor;

use crate::object::error::Res;
use crate::object::exceptions::ExcKind;
use crate::object::native::{Args, MethodDef};
use crate::object::native_type::{args_after_self, state_of, NativeClassDef, NativeObject};
use crate::object::runtime::{self as rt, raise, type_error};
use crate::object::{Kind, PyRef};
use crate::types::native_class::{make_class, new_class_arg, new_object};
use crate::types::ops;

const N: usize = 624;
const M: usize = 397;
const MATRIX_A: u32 = 0x9908_b0df;
const UPPER_MASK: u32 = 0x8000_0000;
const LOWER_MASK: u32 = 0x7fff_ffff;

/// The generator's state: 624 words and the index of the next one (624: twist first).
struct Twister {
    state: RefCell<Box<[u32; N]>>,
    index: Cell<usize>,
}

impl NativeObject for Twister {
    fn trace(&self, _visitor: &mut Visitor) {}

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

impl Twister {
    fn new() -> Twister {
        let twister = Twister { state: RefCell::new(Box::new([0; N])), index: Cell::new(N + 1) };
        twister.init_by_array(&[0]);
        twister
    }

    fn init_genrand(&self, seed: u32) {
        let mut mt = self.state.borrow_mut();
        mt[0] = seed;
        for i in 1..N {
            let prev = mt[i - 1];
            mt[i] = 1_812_433_253u32.wrapping_mul(prev ^ (prev >> 30)).wrapping_add(i as u32);
        }
        self.index.set(N);
    }

    fn init_by_array(&self, key: &[u32]) {
        self.init_genrand(19_650_218);
        let mut mt = self.state.borrow_mut();
        let (mut i, mut j) = (1usize, 0usize);
        for _ in 0..N.max(key.len()) {
            let prev = mt[i - 1];
            mt[i] = (mt[i] ^ (prev ^ (prev >> 30)).wrapping_mul(1_664_525))
                .wrapping_add(key[j])
                .wrapping_add(j as u32);
            i += 1;
            j += 1;
            if i >= N {
                mt[0] = mt[N - 1];
                i = 1;
            }
            if j >= key.len() {
                j = 0;
            }
        }
        for _ in 0..N - 1 {
            let prev = mt[i - 1];
            mt[i] =
                (mt[i] ^ (prev ^ (prev >> 30)).wrapping_mul(1_566_083_941)).wrapping_sub(i as u32);
            i += 1;
            if i >= N {
                mt[0] = mt[N - 1];
                i = 1;
            }
        }
        mt[0] = 0x8000_0000;
    }

    fn next_u32(&self) -> u32 {
        let mut mt = self.state.borrow_mut();
        if self.index.get() >= N {
            for kk in 0..N {
                let y = (mt[kk] & UPPER_MASK) | (mt[(kk + 1) % N] & LOWER_MASK);
                let mag = if y & 1 == 1 { MATRIX_A } else { 0 };
                mt[kk] = mt[(kk + M) % N] ^ (y >> 1) ^ mag;
            }
            self.index.set(0);
        }
        let mut y = mt[self.index.get()];
        self.index.set(self.index.get() + 1);
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c_5680;
        y ^= (y << 15) & 0xefc6_0000;
        y ^ (y >> 18)
    }

    /// A float in [0, 1) with 53 random bits (`genrand_res53`).
    fn random(&self) -> f64 {
        let a = (self.next_u32() >> 5) as f64;
        let b = (self.next_u32() >> 6) as f64;
        (a * 67_108_864.0 + b) * (1.0 / 9_007_199_254_740_992.0)
    }
}

static RANDOM: NativeClassDef = NativeClassDef {
    name: "Random",
    module: "_random",
    new: Some(random_new),
    methods: &[
        MethodDef { name: "seed", function: seed },
        MethodDef { name: "random", function: random },
        MethodDef { name: "getrandbits", function: getrandbits },
        MethodDef { name: "getstate", function: getstate },
        MethodDef { name: "setstate", function: setstate },
    ],
    class_methods: &[],
    attributes: &[],
    has_dict: true,
    subclassable: true,
    item_slots: None,
};

thread_local! {
    static CLASS: PyRef = make_class(&RANDOM, Vec::new());
}

fn class() -> PyRef {
    CLASS.with(Clone::clone)
}

/// `import _random`.
pub fn random_module() -> PyRef {
    super::new_module("_random", vec![("Random", class())])
}

fn this<'a>(a: &'a Args) -> Res<(&'a PyRef, &'a Twister)> {
    state_of::<Twister>(a, &RANDOM)
}

/// `_random.Random(seed=None)`: seeded from its argument (a subclass's `__init__` usually
/// seeds again).
fn random_new(a: Args) -> Res<PyRef> {
    let cls = new_class_arg(&a, &class())?.clone();
    let exact = rcgc::Gc::ptr_eq(&cls, &class());
    if exact && !a.keywords.is_empty() {
        return type_error("Random() takes no keyword arguments");
    }
    let args = &a.positional[1..];
    if args.len() > 1 {
        return type_error(format!("Random() expected at most 1 argument, got {}", args.len()));
    }
    let twister = Twister::new();
    seed_with(&twister, args.first())?;
    Ok(new_object(&cls, twister))
}

/// `seed(n=None)`: from an int's absolute value, another object's hash, or the system's
/// entropy for `None`.
fn seed(a: Args) -> Res<PyRef> {
    let (_, twister) = this(&a)?;
    match args_after_self(&a) {
        [] => seed_with(twister, None)?,
        [value] => seed_with(twister, Some(value))?,
        more => return type_error(format!("seed expected at most 1 argument, got {}", more.len())),
    }
    Ok(rt::none())
}

fn seed_with(twister: &Twister, value: Option<&PyRef>) -> Res<()> {
    let key = match value {
        None => entropy(),
        Some(value) if matches!(value.kind, Kind::None) => entropy(),
        Some(value) => {
            let number = match ops::to_bigint(value) {
                Some(number) if matches!(value.kind, Kind::Int(_) | Kind::Bool(_)) => number,
                _ => BigInt::from(ops::hash(value)? as u64),
            };
            let (_, mut words) = number.to_u32_digits();
            if words.is_empty() {
                words.push(0);
            }
            words
        }
    };
    twister.init_by_array(&key);
    twister.index.set(N);
    Ok(())
}

/// A key from the system's entropy (`/dev/urandom`, as CPython's `random_seed_urandom`),
/// else from the clock and the process id.
fn entropy() -> Vec<u32> {
    use std::io::Read;
    let mut bytes = [0u8; N * 4];
    let read = std::fs::File::open("/dev/urandom").and_then(|mut f| f.read_exact(&mut bytes));
    if read.is_ok() {
        return bytes
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect();
    }
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    vec![nanos as u32, (nanos >> 32) as u32, (nanos >> 64) as u32, std::process::id()]
}

fn random(a: Args) -> Res<PyRef> {
    let (_, twister) = this(&a)?;
    if !args_after_self(&a).is_empty() {
        return type_error("Random.random() takes no arguments");
    }
    Ok(rt::float(twister.random()))
}

/// `getrandbits(k)`: an int of `k` random bits, built from 32-bit words, least significant
/// first (the last word keeps its top bits).
fn getrandbits(a: Args) -> Res<PyRef> {
    let (_, twister) = this(&a)?;
    let [k] = args_after_self(&a) else {
        return type_error("getrandbits() takes exactly one argument");
    };
    let k = ops::to_index(k)?;
    if k < 0 {
        return rt::value_error("number of bits must be non-negative");
    }
    if k == 0 {
        return Ok(rt::int(0));
    }
    if k <= 32 {
        return Ok(rt::int((twister.next_u32() >> (32 - k)) as i64));
    }
    let mut words = Vec::with_capacity((k as usize).div_ceil(32));
    let mut left = k;
    while left > 0 {
        let word = twister.next_u32();
        words.push(if left < 32 { word >> (32 - left) } else { word });
        left -= 32;
    }
    Ok(rt::int(BigInt::from_slice(Sign::Plus, &words)))
}

/// `getstate()`: the 624 words and the index, as one tuple of 625 ints.
fn getstate(a: Args) -> Res<PyRef> {
    let (_, twister) = this(&a)?;
    let mut items: Vec<PyRef> =
        twister.state.borrow().iter().map(|word| rt::int(*word as i64)).collect();
    items.push(rt::int(twister.index.get() as i64));
    Ok(rt::tuple(items))
}

/// `setstate(state)`: a tuple as `getstate` makes.
fn setstate(a: Args) -> Res<PyRef> {
    let (_, twister) = this(&a)?;
    let [state] = args_after_self(&a) else {
        return type_error("setstate() takes exactly one argument");
    };
    let Kind::Tuple(items) = &state.kind else {
        return type_error("state vector must be a tuple");
    };
    if items.len() != N + 1 {
        return rt::value_error("state vector is the wrong size");
    }
    let mut words = [0u32; N];
    for (word, item) in words.iter_mut().zip(items.iter()) {
        let value = ops::to_bigint(item)
            .filter(|_| matches!(item.kind, Kind::Int(_) | Kind::Bool(_)))
            .ok_or(())
            .or_else(|()| type_error("state vector items must be integers"))?;
        *word = u32::try_from(&value).or_else(|_| {
            raise(ExcKind::OverflowError, "Python int too large to convert to C unsigned long")
        })?;
    }
    let index = ops::to_index(&items[N])?;
    if !(0..=N as i64).contains(&index) {
        return rt::value_error("invalid state");
    }
    **twister.state.borrow_mut() = words;
    twister.index.set(index as usize);
    Ok(rt::none())
}
