//! The hash of text: SipHash-1-3 (CPython's string hash since 3.11), with fixed keys, folded to
//! 32 bits so that a str object keeps it beside its tag (`Kind::Str`). A `const fn`, so that
//! the hashes of the names the interpreter looks up itself (`__init__`, `__setattr__`...) are
//! computed at compile time ([`NameHash`], `name!`).
//!
//! Python randomizes string hashes per process (`PYTHONHASHSEED`); programs may not depend on
//! their values, so fixed keys are allowed. Never -1 (CPython's error value).

/// The keys (fixed: see the module docs).
const K0: u64 = 0;
const K1: u64 = 0;

#[inline(always)]
const fn round(v: &mut [u64; 4]) {
    v[0] = v[0].wrapping_add(v[1]);
    v[1] = v[1].rotate_left(13);
    v[1] ^= v[0];
    v[0] = v[0].rotate_left(32);
    v[2] = v[2].wrapping_add(v[3]);
    v[3] = v[3].rotate_left(16);
    v[3] ^= v[2];
    v[0] = v[0].wrapping_add(v[3]);
    v[3] = v[3].rotate_left(21);
    v[3] ^= v[0];
    v[2] = v[2].wrapping_add(v[1]);
    v[1] = v[1].rotate_left(17);
    v[1] ^= v[2];
    v[2] = v[2].rotate_left(32);
}

/// SipHash-1-3 of `bytes` with pyrc's fixed keys (see the module docs).
const fn siphash13(bytes: &[u8]) -> u64 {
    siphash13_keyed(K0, K1, bytes)
}

/// SipHash-1-3 of `bytes` keyed with `(k0, k1)` (one compression round per word, three
/// finalization rounds); `_imp.source_hash` is CPython's `_Py_KeyedHash`, this with `k1 = 0`.
pub const fn siphash13_keyed(k0: u64, k1: u64, bytes: &[u8]) -> u64 {
    let mut v = [
        k0 ^ 0x736f_6d65_7073_6575,
        k1 ^ 0x646f_7261_6e64_6f6d,
        k0 ^ 0x6c79_6765_6e65_7261,
        k1 ^ 0x7465_6462_7974_6573,
    ];
    let words = bytes.len() / 8;
    let mut i = 0;
    while i < words {
        let at = i * 8;
        let m = u64::from_le_bytes([
            bytes[at],
            bytes[at + 1],
            bytes[at + 2],
            bytes[at + 3],
            bytes[at + 4],
            bytes[at + 5],
            bytes[at + 6],
            bytes[at + 7],
        ]);
        v[3] ^= m;
        round(&mut v);
        v[0] ^= m;
        i += 1;
    }
    let mut last = (bytes.len() as u64 & 0xff) << 56;
    let mut j = 0;
    while words * 8 + j < bytes.len() {
        last |= (bytes[words * 8 + j] as u64) << (8 * j);
        j += 1;
    }
    v[3] ^= last;
    round(&mut v);
    v[0] ^= last;
    v[2] ^= 0xff;
    round(&mut v);
    round(&mut v);
    round(&mut v);
    v[0] ^ v[1] ^ v[2] ^ v[3]
}

/// The hash of a `str` with this text (see the module docs).
///
/// ```
/// use pyrc::object::hash::str_hash;
/// assert_eq!(str_hash("spam"), str_hash(&String::from("spam")));
/// assert!(i32::try_from(str_hash("spam")).is_ok());
/// ```
pub const fn str_hash(text: &str) -> i64 {
    let full = siphash13(text.as_bytes());
    let hash = ((full ^ (full >> 32)) as u32 as i32) as i64;
    if hash == -1 {
        -2
    } else {
        hash
    }
}

/// A name the interpreter looks up itself, with its hash computed at compile time.
#[derive(Clone, Copy, Debug)]
pub struct NameHash {
    pub text: &'static str,
    pub hash: i64,
}

impl NameHash {
    pub const fn new(text: &'static str) -> NameHash {
        NameHash { text, hash: str_hash(text) }
    }
}

/// `name!("__init__")`: a [`NameHash`] whose hash is a compile-time constant.
macro_rules! name {
    ($text:literal) => {{
        const NAME: $crate::object::hash::NameHash = $crate::object::hash::NameHash::new($text);
        NAME
    }};
}
pub(crate) use name;

#[cfg(test)]
mod tests {
    use std::hash::Hasher;

    use super::*;

    /// An independent oracle: the standard library's `DefaultHasher::new()` is SipHash-1-3
    /// with keys (0, 0) fed the same bytes (if a Rust release changes its algorithm, this
    /// test says so, and another reference must be found).
    fn reference(bytes: &[u8]) -> u64 {
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        hasher.write(bytes);
        hasher.finish()
    }

    #[test]
    fn siphash13_matches_the_reference_for_every_length_and_many_contents() {
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        for length in 0..70 {
            for _ in 0..20 {
                let bytes: Vec<u8> = (0..length)
                    .map(|_| {
                        state ^= state << 13;
                        state ^= state >> 7;
                        state ^= state << 17;
                        state as u8
                    })
                    .collect();
                assert_eq!(siphash13(&bytes), reference(&bytes), "{bytes:?}");
            }
        }
    }

    #[test]
    fn keyed_siphash13_is_cpythons_source_hash() {
        // `_imp.source_hash(key, source)` under CPython 3.11 (the machine word's bytes, on a
        // little-endian machine; the key converted as a C long).
        let cases: [(i64, &[u8], [u8; 8]); 3] = [
            (3495, b"abc", [244, 108, 157, 131, 248, 170, 186, 139]),
            (0, b"", [44, 83, 12, 21, 98, 167, 251, 209]),
            (-1, b"0123456789abcdef!", [210, 246, 51, 211, 172, 222, 170, 37]),
        ];
        for (key, source, expected) in cases {
            assert_eq!(siphash13_keyed(key as u64, 0, source).to_le_bytes(), expected);
        }
    }

    #[test]
    fn compile_time_and_run_time_hashes_agree() {
        const SETATTR: NameHash = NameHash::new("__setattr__");
        let built = ["__set", "attr__"].concat();
        assert_eq!(SETATTR.hash, str_hash(&built));
        assert_eq!(name!("__init__").hash, str_hash(&["__in", "it__"].concat()));
        assert_ne!(str_hash("a"), str_hash("b"));
    }
}
