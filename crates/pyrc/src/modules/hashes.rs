//! hashlib's built-in digests, CPython's `_md5`, `_sha1`, `_sha256`, `_sha512`, `_sha3` and
//! `_blake2` modules, on the RustCrypto crates: each algorithm a native type (`md5`, `sha256`,
//! `shake_128`, `blake2b`...) whose objects have `update`, `digest`, `hexdigest`, `copy`,
//! `name`, `digest_size` and `block_size` (SHAKE's `digest(length)`); `blake2b`/`blake2s` take
//! `digest_size`, `key`, `salt` and `person`.

use std::cell::RefCell;

use blake2::digest::core_api::{Block, Buffer, UpdateCore, VariableOutputCore};
use blake2::digest::{DynDigest, ExtendableOutput, Update, XofReader};
use blake2::{Blake2bVarCore, Blake2sVarCore};
use rcgc::Visitor;

use crate::object::error::Res;
use crate::object::native::{Args, MethodDef};
use crate::object::native_type::{
    args_after_self, state_of, AttrDef, NativeClassDef, NativeObject,
};
use crate::object::runtime::{self as rt, type_error, value_error};
use crate::object::{alloc, Kind, PyRef};
use crate::types::native_class::{make_class, new_class_arg, new_object};
use crate::types::{self, ops};

/// Declares a keyed, salted BLAKE2 state with any digest size (what `blake2`'s MAC type
/// keeps), for one core: RFC 7693's keyed mode starts from the parameter block, then hashes
/// the key padded to a whole block as the first input.
macro_rules! blake_state {
    ($name:ident, $core:ty) => {
        #[derive(Clone)]
        struct $name {
            core: $core,
            buffer: Buffer<$core>,
            size: usize,
        }

        impl $name {
            fn new(key: &[u8], salt: &[u8], person: &[u8], size: usize) -> Self {
                let core = <$core>::new_with_params(salt, person, key.len(), size);
                let buffer = if key.is_empty() {
                    Buffer::<$core>::default()
                } else {
                    let mut block = Block::<$core>::default();
                    block[..key.len()].copy_from_slice(key);
                    Buffer::<$core>::new(&block)
                };
                $name { core, buffer, size }
            }

            fn update(&mut self, data: &[u8]) {
                let $name { core, buffer, .. } = self;
                buffer.digest_blocks(data, |blocks| core.update_blocks(blocks));
            }

            fn digest(&self) -> Vec<u8> {
                let mut copy = self.clone();
                let mut out = Default::default();
                copy.core.finalize_variable_core(&mut copy.buffer, &mut out);
                out[..self.size].to_vec()
            }
        }
    };
}

blake_state!(Blake2bState, Blake2bVarCore);
blake_state!(Blake2sState, Blake2sVarCore);

/// The running state of one digest.
#[derive(Clone)]
enum Digest {
    Fixed(Box<dyn DynDigest>),
    Shake128(sha3::Shake128),
    Shake256(sha3::Shake256),
    Blake2b(Blake2bState),
    Blake2s(Blake2sState),
}

impl Digest {
    fn update(&mut self, data: &[u8]) {
        match self {
            Digest::Fixed(d) => d.update(data),
            Digest::Shake128(d) => Update::update(d, data),
            Digest::Shake256(d) => Update::update(d, data),
            Digest::Blake2b(d) => d.update(data),
            Digest::Blake2s(d) => d.update(data),
        }
    }

    /// The digest of what was hashed so far (`length` bytes for SHAKE).
    fn digest(&self, length: usize) -> Vec<u8> {
        match self {
            Digest::Fixed(d) => d.box_clone().finalize().to_vec(),
            Digest::Shake128(d) => xof(d.clone().finalize_xof(), length),
            Digest::Shake256(d) => xof(d.clone().finalize_xof(), length),
            Digest::Blake2b(d) => d.digest(),
            Digest::Blake2s(d) => d.digest(),
        }
    }
}

fn xof(mut reader: impl XofReader, length: usize) -> Vec<u8> {
    let mut out = vec![0u8; length];
    reader.read(&mut out);
    out
}

/// A hash object's state: which algorithm and its running digest.
struct Hash {
    algorithm: &'static Algorithm,
    digest: RefCell<Digest>,
}

impl NativeObject for Hash {
    fn trace(&self, _visitor: &mut Visitor) {}

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

/// One algorithm: its `name`, sizes, and how a fresh state is made.
struct Algorithm {
    name: &'static str,
    digest_size: usize,
    block_size: usize,
    fresh: fn() -> Digest,
    class: &'static NativeClassDef,
}

const METHODS: &[MethodDef] = &[
    MethodDef { name: "update", function: update },
    MethodDef { name: "digest", function: digest },
    MethodDef { name: "hexdigest", function: hexdigest },
    MethodDef { name: "copy", function: copy },
];

const ATTRIBUTES: &[AttrDef] = &[
    AttrDef { name: "name", get: get_name, set: None },
    AttrDef { name: "digest_size", get: get_digest_size, set: None },
    AttrDef { name: "block_size", get: get_block_size, set: None },
];

/// Declares an algorithm: its native class (constructor `$new`), its table entry and the
/// thread's class object.
macro_rules! algorithm {
    ($def:ident, $alg:ident, $class:ident, $new:ident, $name:literal, $module:literal,
     $digest_size:expr, $block_size:expr, $fresh:expr) => {
        static $def: NativeClassDef = NativeClassDef {
            name: $name,
            module: $module,
            new: Some($new),
            methods: METHODS,
            class_methods: &[],
            attributes: ATTRIBUTES,
            has_dict: false,
            subclassable: false,
            item_slots: None,
        };
        static $alg: Algorithm = Algorithm {
            name: $name,
            digest_size: $digest_size,
            block_size: $block_size,
            fresh: $fresh,
            class: &$def,
        };
        thread_local! {
            static $class: PyRef = make_class(&$def, Vec::new());
        }
        fn $new(a: Args) -> Res<PyRef> {
            let class = $class.with(Clone::clone);
            construct(a, &class, &$alg)
        }
    };
}

fn fixed<D: DynDigest + Default + Clone + 'static>() -> Digest {
    Digest::Fixed(Box::new(D::default()))
}

algorithm!(MD5_DEF, MD5, MD5_CLASS, md5_new, "md5", "_md5", 16, 64, fixed::<md5::Md5>);
algorithm!(SHA1_DEF, SHA1, SHA1_CLASS, sha1_new, "sha1", "_sha1", 20, 64, fixed::<sha1::Sha1>);
algorithm!(
    SHA224_DEF,
    SHA224,
    SHA224_CLASS,
    sha224_new,
    "sha224",
    "_sha256",
    28,
    64,
    fixed::<sha2::Sha224>
);
algorithm!(
    SHA256_DEF,
    SHA256,
    SHA256_CLASS,
    sha256_new,
    "sha256",
    "_sha256",
    32,
    64,
    fixed::<sha2::Sha256>
);
algorithm!(
    SHA384_DEF,
    SHA384,
    SHA384_CLASS,
    sha384_new,
    "sha384",
    "_sha512",
    48,
    128,
    fixed::<sha2::Sha384>
);
algorithm!(
    SHA512_DEF,
    SHA512,
    SHA512_CLASS,
    sha512_new,
    "sha512",
    "_sha512",
    64,
    128,
    fixed::<sha2::Sha512>
);
algorithm!(
    SHA3_224_DEF,
    SHA3_224,
    SHA3_224_CLASS,
    sha3_224_new,
    "sha3_224",
    "_sha3",
    28,
    144,
    fixed::<sha3::Sha3_224>
);
algorithm!(
    SHA3_256_DEF,
    SHA3_256,
    SHA3_256_CLASS,
    sha3_256_new,
    "sha3_256",
    "_sha3",
    32,
    136,
    fixed::<sha3::Sha3_256>
);
algorithm!(
    SHA3_384_DEF,
    SHA3_384,
    SHA3_384_CLASS,
    sha3_384_new,
    "sha3_384",
    "_sha3",
    48,
    104,
    fixed::<sha3::Sha3_384>
);
algorithm!(
    SHA3_512_DEF,
    SHA3_512,
    SHA3_512_CLASS,
    sha3_512_new,
    "sha3_512",
    "_sha3",
    64,
    72,
    fixed::<sha3::Sha3_512>
);
algorithm!(
    SHAKE128_DEF,
    SHAKE128,
    SHAKE128_CLASS,
    shake128_new,
    "shake_128",
    "_sha3",
    0,
    168,
    || Digest::Shake128(Default::default())
);
algorithm!(
    SHAKE256_DEF,
    SHAKE256,
    SHAKE256_CLASS,
    shake256_new,
    "shake_256",
    "_sha3",
    0,
    136,
    || Digest::Shake256(Default::default())
);
algorithm!(BLAKE2B_DEF, BLAKE2B, BLAKE2B_CLASS, blake2b_new, "blake2b", "_blake2", 64, 128, || {
    blake2b_state(&[], &[], &[], 64)
});
algorithm!(BLAKE2S_DEF, BLAKE2S, BLAKE2S_CLASS, blake2s_new, "blake2s", "_blake2", 32, 64, || {
    blake2s_state(&[], &[], &[], 32)
});

fn blake2b_state(key: &[u8], salt: &[u8], person: &[u8], size: usize) -> Digest {
    Digest::Blake2b(Blake2bState::new(key, salt, person, size))
}

fn blake2s_state(key: &[u8], salt: &[u8], person: &[u8], size: usize) -> Digest {
    Digest::Blake2s(Blake2sState::new(key, salt, person, size))
}

/// The data of `update` or a constructor: bytes-like; a str is CPython's "Strings must be
/// encoded before hashing".
fn data_of(value: &PyRef) -> Res<Vec<u8>> {
    if let Some(data) = ops::bytes_like(value) {
        return Ok(data);
    }
    if matches!(value.kind, Kind::Str(..)) {
        return type_error("Strings must be encoded before hashing");
    }
    type_error("object supporting the buffer API required")
}

/// A keyword argument of a BLAKE2 constructor as bytes, at most `limit` long.
fn blake_bytes(a: &Args, name: &str, limit: usize, what: &str) -> Res<Vec<u8>> {
    match a.keyword(name) {
        None => Ok(Vec::new()),
        Some(value) => {
            let data = data_of(&value)?;
            if data.len() > limit {
                return value_error(format!("maximum {what} length is {limit} bytes"));
            }
            Ok(data)
        }
    }
}

/// The constructor shared by every algorithm: `name(data=b'', *, usedforsecurity=True)`
/// (`string=` also accepted, as 3.11's `_md5.md5`), BLAKE2's parameters for those.
fn construct(a: Args, class: &PyRef, algorithm: &'static Algorithm) -> Res<PyRef> {
    let cls = new_class_arg(&a, class)?.clone();
    let positional = &a.positional[1..];
    if positional.len() > 1 {
        return type_error(format!(
            "{}() takes at most 1 positional argument ({} given)",
            algorithm.name,
            positional.len()
        ));
    }
    let data =
        positional.first().cloned().or_else(|| a.keyword("string")).or_else(|| a.keyword("data"));
    let is_blake = matches!(algorithm.name, "blake2b" | "blake2s");
    for (key, _) in &a.keywords {
        let known = matches!(&**key, "string" | "data" | "usedforsecurity")
            || (is_blake
                && matches!(
                    &**key,
                    "digest_size"
                        | "key"
                        | "salt"
                        | "person"
                        | "fanout"
                        | "depth"
                        | "leaf_size"
                        | "node_offset"
                        | "node_depth"
                        | "inner_size"
                        | "last_node"
                ));
        if !known {
            return type_error(format!(
                "{}() got an unexpected keyword argument '{key}'",
                algorithm.name
            ));
        }
    }
    let mut digest = (algorithm.fresh)();
    if is_blake {
        let max = algorithm.digest_size;
        let size = match a.keyword("digest_size") {
            Some(size) => ops::to_index(&size)?,
            None => max as i64,
        };
        if size < 1 || size > max as i64 {
            return value_error(format!("digest_size must be between 1 and {max} bytes"));
        }
        let key = blake_bytes(&a, "key", max, "key")?;
        let salt = blake_bytes(&a, "salt", max / 4, "salt")?;
        let person = blake_bytes(&a, "person", max / 4, "person")?;
        for (name, default) in [
            ("fanout", 1),
            ("depth", 1),
            ("leaf_size", 0),
            ("node_offset", 0),
            ("node_depth", 0),
            ("inner_size", 0),
        ] {
            if let Some(value) = a.keyword(name) {
                if ops::to_index(&value)? != default {
                    return value_error(format!(
                        "pyrc's {}: tree hashing ({name}) is not supported",
                        algorithm.name
                    ));
                }
            }
        }
        if let Some(last) = a.keyword("last_node") {
            if ops::truthy(&last)? {
                return value_error(format!(
                    "pyrc's {}: tree hashing (last_node) is not supported",
                    algorithm.name
                ));
            }
        }
        digest = if algorithm.name == "blake2b" {
            blake2b_state(&key, &salt, &person, size as usize)
        } else {
            blake2s_state(&key, &salt, &person, size as usize)
        };
    }
    if let Some(data) = data {
        digest.update(&data_of(&data)?);
    }
    Ok(new_object(&cls, Hash { algorithm, digest: RefCell::new(digest) }))
}

/// The receiver's state, whichever algorithm's class it belongs to.
fn this<'a>(a: &'a Args) -> Res<(&'a PyRef, &'a Hash)> {
    let receiver = a.receiver.or_else(|| a.positional.first());
    match receiver.and_then(crate::object::native_type::state::<Hash>) {
        Some(hash) => state_of::<Hash>(a, hash.algorithm.class),
        None => state_of::<Hash>(a, &MD5_DEF),
    }
}

fn update(a: Args) -> Res<PyRef> {
    let (_, hash) = this(&a)?;
    let [data] = args_after_self(&a) else {
        return type_error(format!(
            "update() takes exactly one argument ({} given)",
            args_after_self(&a).len()
        ));
    };
    let data = data_of(data)?;
    hash.digest.borrow_mut().update(&data);
    Ok(rt::none())
}

/// The digest bytes; SHAKE's take their length as the one argument.
fn digest_bytes(a: &Args) -> Res<Vec<u8>> {
    let (_, hash) = this(a)?;
    let length = if hash.algorithm.digest_size == 0 {
        let Some(length) = args_after_self(a).first().cloned().or_else(|| a.keyword("length"))
        else {
            return type_error(format!("{}() missing required argument 'length' (pos 1)", a.name));
        };
        let length = ops::to_index(&length)?;
        if length < 0 {
            return value_error("length must be non-negative");
        }
        length as usize
    } else {
        if let Some(extra) = args_after_self(a).first() {
            let _ = extra;
            return type_error(format!("{}() takes no arguments (1 given)", a.name));
        }
        hash.algorithm.digest_size
    };
    let digest = hash.digest.borrow().digest(length);
    Ok(digest)
}

fn digest(a: Args) -> Res<PyRef> {
    Ok(alloc(Kind::Bytes(digest_bytes(&a)?.into())))
}

fn hexdigest(a: Args) -> Res<PyRef> {
    let hex: String = digest_bytes(&a)?.iter().map(|b| format!("{b:02x}")).collect();
    Ok(rt::str(hex))
}

fn copy(a: Args) -> Res<PyRef> {
    let (object, hash) = this(&a)?;
    let digest = hash.digest.borrow().clone();
    Ok(new_object(
        &types::type_of(object),
        Hash { algorithm: hash.algorithm, digest: RefCell::new(digest) },
    ))
}

fn get_name(a: Args) -> Res<PyRef> {
    let (_, hash) = this(&a)?;
    Ok(rt::str(hash.algorithm.name))
}

fn get_digest_size(a: Args) -> Res<PyRef> {
    let (_, hash) = this(&a)?;
    let size = match &*hash.digest.borrow() {
        Digest::Blake2b(b) => b.size,
        Digest::Blake2s(b) => b.size,
        _ => hash.algorithm.digest_size,
    };
    Ok(rt::int(size as i64))
}

fn get_block_size(a: Args) -> Res<PyRef> {
    let (_, hash) = this(&a)?;
    Ok(rt::int(hash.algorithm.block_size as i64))
}

fn module(name: &str, classes: &[(&str, &'static std::thread::LocalKey<PyRef>)]) -> PyRef {
    let entries = classes.iter().map(|(n, c)| (*n, c.with(Clone::clone))).collect();
    super::new_module(name, entries)
}

/// `import _md5`.
pub fn md5_module() -> PyRef {
    module("_md5", &[("md5", &MD5_CLASS)])
}

/// `import _sha1`.
pub fn sha1_module() -> PyRef {
    module("_sha1", &[("sha1", &SHA1_CLASS)])
}

/// `import _sha256`.
pub fn sha256_module() -> PyRef {
    module("_sha256", &[("sha224", &SHA224_CLASS), ("sha256", &SHA256_CLASS)])
}

/// `import _sha512`.
pub fn sha512_module() -> PyRef {
    module("_sha512", &[("sha384", &SHA384_CLASS), ("sha512", &SHA512_CLASS)])
}

/// `import _sha3`.
pub fn sha3_module() -> PyRef {
    module(
        "_sha3",
        &[
            ("sha3_224", &SHA3_224_CLASS),
            ("sha3_256", &SHA3_256_CLASS),
            ("sha3_384", &SHA3_384_CLASS),
            ("sha3_512", &SHA3_512_CLASS),
            ("shake_128", &SHAKE128_CLASS),
            ("shake_256", &SHAKE256_CLASS),
        ],
    )
}

/// `import _blake2`.
pub fn blake2_module() -> PyRef {
    let mut entries: Vec<(&str, PyRef)> = vec![
        ("blake2b", BLAKE2B_CLASS.with(Clone::clone)),
        ("blake2s", BLAKE2S_CLASS.with(Clone::clone)),
    ];
    for (name, value) in [
        ("BLAKE2B_SALT_SIZE", 16),
        ("BLAKE2B_PERSON_SIZE", 16),
        ("BLAKE2B_MAX_KEY_SIZE", 64),
        ("BLAKE2B_MAX_DIGEST_SIZE", 64),
        ("BLAKE2S_SALT_SIZE", 8),
        ("BLAKE2S_PERSON_SIZE", 8),
        ("BLAKE2S_MAX_KEY_SIZE", 32),
        ("BLAKE2S_MAX_DIGEST_SIZE", 32),
    ] {
        entries.push((name, rt::int(value)));
    }
    super::new_module("_blake2", entries)
}
