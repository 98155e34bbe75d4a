//! The built-in modules written in Rust, one file (or directory) each (`gc`, `sys`, `time`,
//! `ctypes`, `_weakref`, `math`, `itertools`, `_string`, `_testnative`, `_random`,
//! `_sre`, `_codecs`, `_io` (with `io/stdin_lines`: the stdin line buffer `input()` and the
//! REPL share), `errno`, `_json`, `posix`, `_ast`, `_abc`, `_struct`, `binascii`, `_bisect`, `_heapq`, `array`, and hashlib's
//! `_md5`, `_sha1`, `_sha256`, `_sha512`, `_sha3`, `_blake2` in `hashes`;
//! `_contextvars` (`Context`, `ContextVar`, `Token`); `_asyncio` (`Future`, `Task`, the running
//! loop and the task registry);
//! `_collections` (`deque`, `defaultdict`, `_count_elements`, `_tuplegetter`, under CPython's own
//! `collections`);
//! `refgraph` (heap pictures as DOT or SVG with objgraph's names, `show_growth`, `count`, and
//! the narrated collection through `rcgc::observe`);
//! `_pyrc_decimal` (the accelerator `lib/_decimal.py` puts under CPython's `_pydecimal`);
//! `_pyrc_generator_types` for `lib/types.py`; `_socket`, `select`, `_signal` for `asyncio`;
//! `_posixsubprocess` (`fork_exec`) for `subprocess`; `_imp` (`imp`: what CPython's own
//! `importlib` asks of the interpreter, which `lib/_frozen_importlib.py` installs)),
//! registered for
//! import by name at start-up. Modules CPython writes in C that pyrc writes in Python are
//! files of `lib/` instead: `_csv` (under CPython's `csv`), `atexit`, `_thread`, `_decimal`,
//! `_warnings`, `marshal`, and `_frozen_importlib`/`_frozen_importlib_external` (CPython's
//! `importlib._bootstrap*` run under the names CPython freezes them as).

use crate::object::error::Res;
use crate::object::native::NativeFn;
use crate::object::runtime as rt;
use crate::object::{alloc, Builtin, Kind, Module, PyRef};

pub mod abc;
pub mod array;
pub mod ast;
pub mod asyncio;
pub mod binascii;
pub mod bisect;
pub mod builtins;
pub mod codecs;
pub mod collections;
pub mod contextvars;
pub mod ctypes;
pub mod decimal;
pub mod errno;
pub mod gc;
pub mod generator_types;
pub mod hashes;
pub mod heapq;
pub mod imp;
pub mod io;
pub mod itertools;
pub mod json;
pub mod math;
mod native_iter;
pub mod posix;
pub mod posixsubprocess;
pub mod random;
pub mod refgraph;
pub mod select;
pub mod signal;
pub mod socket;
pub mod sre;
pub mod string;
pub mod structs;
pub mod sys;
pub mod testnative;
pub mod time;
pub mod weakref;

pub(crate) fn native(name: &'static str, function: NativeFn) -> PyRef {
    alloc(Kind::Builtin(Box::new(Builtin { name, function, receiver: None })))
}

pub(crate) fn new_module(name: &str, entries: Vec<(&str, PyRef)>) -> PyRef {
    let dict = rt::new_dict();
    rt::dict_set_str(&dict, "__name__", rt::str(name));
    for (key, value) in entries {
        rt::dict_set_str(&dict, key, value);
    }
    alloc(Kind::Module(Box::new(Module { name: name.into(), dict })))
}

/// Adds `functions` to `module` as CPython's module functions: their `__self__` is the
/// module, so (being bound already) they stay plain functions when stored in a class and read
/// through an instance, as `codecs.py` relies on (`_buffer_decode = codecs.utf_8_decode`).
pub(crate) fn add_functions(module: &PyRef, functions: &[(&'static str, NativeFn)]) {
    let Kind::Module(m) = &module.kind else { return };
    for &(name, function) in functions {
        let builtin = Builtin { name, function, receiver: Some(module.clone()) };
        rt::dict_set_str(&m.dict, name, alloc(Kind::Builtin(Box::new(builtin))));
    }
}

/// `import name`: any module (built-in, on `sys.path`, or embedded); see [`crate::vm::import`].
pub fn import(name: &str) -> Res<PyRef> {
    crate::vm::import::import_module(name)
}

/// Registers the built-in modules (`object::runtime::Runtime::inittab`), fills `builtins` and
/// connects the collector's hooks: the modules layer's part of start-up.
pub fn install() {
    let table: [(&'static str, rt::ModuleInit); 41] = [
        ("posix", posix::posix_module),
        ("_abc", abc::abc_module),
        ("_heapq", heapq::heapq_module),
        ("_bisect", bisect::bisect_module),
        ("_md5", hashes::md5_module),
        ("_sha1", hashes::sha1_module),
        ("_sha256", hashes::sha256_module),
        ("_sha512", hashes::sha512_module),
        ("_sha3", hashes::sha3_module),
        ("_blake2", hashes::blake2_module),
        ("array", array::array_module),
        ("_collections", collections::collections_module),
        ("binascii", binascii::binascii_module),
        ("_struct", structs::struct_module),
        ("_ast", ast::ast_module),
        ("gc", gc::gc_module),
        ("refgraph", refgraph::refgraph_module),
        ("sys", sys::sys_module),
        ("time", time::time_module),
        ("math", math::math_module),
        ("itertools", itertools::itertools_module),
        ("_random", random::random_module),
        ("_string", string::string_module),
        ("_codecs", codecs::codecs_module),
        ("_io", io::io_module),
        ("errno", errno::errno_module),
        ("_json", json::json_module),
        ("ctypes", ctypes::ctypes_module),
        ("_weakref", weakref::module),
        ("builtins", builtins_module),
        ("_testnative", testnative::module),
        ("_sre", sre::module),
        ("_pyrc_generator_types", generator_types::module),
        ("_socket", socket::module),
        ("select", select::module),
        ("_signal", signal::module),
        ("_posixsubprocess", posixsubprocess::module),
        ("_pyrc_decimal", decimal::module),
        ("_contextvars", contextvars::module),
        ("_asyncio", asyncio::module),
        ("_imp", imp::module),
    ];
    rt::with(|r| r.inittab.borrow_mut().extend(table));
    builtins::install();
    gc::install_gc_hooks();
}

/// `import builtins`: the namespace builtins live in, as a module.
fn builtins_module() -> PyRef {
    let dict = rt::with(|r| r.builtins.clone());
    alloc(Kind::Module(Box::new(Module { name: "builtins".into(), dict })))
}
