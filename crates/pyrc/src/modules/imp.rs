//! The native `_imp` module (CPython's `Python/import.c`): what CPython's own `importlib`
//! (`_bootstrap`, `_bootstrap_external`, run by `lib/_frozen_importlib.py`) asks of the
//! interpreter. Built-in modules are the inittab's; pyrc has no frozen modules in CPython's
//! sense (its embedded library is found through a `sys.path` entry, `<pyrc-lib>`, by the
//! path hook `lib/_frozen_importlib_external.py` adds) and loads no extension modules.
//! The import lock is a count: pyrc runs one thread.
//!
//! Three names are pyrc's own, for `lib/_frozen_importlib*.py`: `_pyrc_lib_source` and
//! `_pyrc_lib_modules` read the embedded library, `_pyrc_install` hands the installed
//! machinery to `vm::import` (see there).

use std::cell::Cell;

use crate::object::error::Res;
use crate::object::exceptions::ExcKind;
use crate::object::native::Args;
use crate::object::runtime::{self as rt, raise, type_error};
use crate::object::{alloc, Kind, PyRef};
use crate::types::{attr, ops};

use super::{add_functions, new_module};

thread_local! {
    /// How many times the import lock is held (`acquire_lock` minus `release_lock`).
    static LOCK_COUNT: Cell<usize> = const { Cell::new(0) };
}

/// `import _imp`.
pub fn module() -> PyRef {
    let module = new_module("_imp", vec![("check_hash_based_pycs", rt::str("default"))]);
    add_functions(
        &module,
        &[
            ("lock_held", lock_held),
            ("acquire_lock", acquire_lock),
            ("release_lock", release_lock),
            ("is_builtin", is_builtin),
            ("create_builtin", create_builtin),
            ("exec_builtin", exec_module),
            ("exec_dynamic", exec_module),
            ("create_dynamic", create_dynamic),
            ("is_frozen", is_frozen),
            ("is_frozen_package", is_frozen_package),
            ("find_frozen", find_frozen),
            ("get_frozen_object", get_frozen_object),
            ("init_frozen", init_frozen),
            ("_frozen_module_names", frozen_module_names),
            ("_override_frozen_modules_for_tests", override_frozen),
            ("extension_suffixes", extension_suffixes),
            ("_fix_co_filename", fix_co_filename),
            ("source_hash", source_hash),
            ("_pyrc_lib_source", lib_source),
            ("_pyrc_lib_modules", lib_modules),
            ("_pyrc_install", install),
        ],
    );
    module
}

fn lock_held(a: Args) -> Res<PyRef> {
    a.arity("lock_held", 0, 0)?;
    Ok(rt::boolean(LOCK_COUNT.with(Cell::get) > 0))
}

fn acquire_lock(a: Args) -> Res<PyRef> {
    a.arity("acquire_lock", 0, 0)?;
    LOCK_COUNT.with(|count| count.set(count.get() + 1));
    Ok(rt::none())
}

fn release_lock(a: Args) -> Res<PyRef> {
    a.arity("release_lock", 0, 0)?;
    if LOCK_COUNT.with(Cell::get) == 0 {
        return raise(ExcKind::RuntimeError, "not holding the import lock");
    }
    LOCK_COUNT.with(|count| count.set(count.get() - 1));
    Ok(rt::none())
}

/// The `str` argument at `index` of `function`, else CPython's argument clinic message
/// (which numbers the argument unless the function takes only one).
fn name_arg(a: &Args, function: &str, index: usize, only: bool) -> Res<String> {
    let value = a.arg(index);
    match crate::object::str_text(&value) {
        Some(text) => Ok(text.to_string()),
        None => {
            let which = if only { String::new() } else { format!(" {}", index + 1) };
            type_error(format!(
                "{function}() argument{which} must be str, not {}",
                crate::types::type_name(&value)
            ))
        }
    }
}

fn is_inittab(name: &str) -> bool {
    rt::with(|r| r.builtin_module_init(name).is_some())
}

/// `is_builtin(name)`: 1 for a built-in module, -1 for those that cannot be initialised
/// again (`sys`, `builtins`), 0 otherwise, as CPython's.
fn is_builtin(a: Args) -> Res<PyRef> {
    a.arity("is_builtin", 1, 1)?;
    let name = name_arg(&a, "is_builtin", 0, true)?;
    Ok(rt::int(match name.as_str() {
        "sys" | "builtins" => -1,
        _ if is_inittab(&name) => 1,
        _ => 0,
    }))
}

/// `create_builtin(spec)`: the built-in module `spec.name`; the one in `sys.modules` if it is
/// there (CPython's single-phase modules are kept the same way), else a new one; None for a
/// name that is no built-in module, as CPython's.
fn create_builtin(a: Args) -> Res<PyRef> {
    a.arity("create_builtin", 1, 1)?;
    let name = attr::getattr(&a.arg(0), "name")?;
    let Some(name) = crate::object::str_text(&name).map(str::to_string) else {
        return type_error(format!("name must be string, not {}", crate::types::type_name(&name)));
    };
    if let Some(module) = rt::dict_get_str(&rt::with(|r| r.modules.clone()), &name) {
        if matches!(&module.kind, Kind::Module(m) if *m.name == *name) {
            return Ok(module);
        }
    }
    Ok(rt::with(|r| r.builtin_module_init(&name)).map_or_else(rt::none, |init| init()))
}

/// `exec_builtin(module)`, `exec_dynamic(module)`: a built-in module is complete once made
/// (no multi-phase initialisation), so there is nothing to run: 0, CPython's success.
fn exec_module(a: Args) -> Res<PyRef> {
    a.arity("exec_module", 1, 1)?;
    Ok(rt::int(0))
}

fn create_dynamic(a: Args) -> Res<PyRef> {
    a.arity("create_dynamic", 1, 2)?;
    let name = attr::getattr(&a.arg(0), "name")?;
    let name = ops::str_of(&name)?.to_string();
    raise(ExcKind::ImportError, format!("pyrc cannot load extension modules ({name})"))
}

/// pyrc has no frozen modules in CPython's sense (see the module docs).
fn is_frozen(a: Args) -> Res<PyRef> {
    a.arity("is_frozen", 1, 1)?;
    name_arg(&a, "is_frozen", 0, true)?;
    Ok(rt::boolean(false))
}

fn no_frozen<T>(name: &str) -> Res<T> {
    raise(ExcKind::ImportError, format!("No such frozen object named '{name}'"))
}

fn is_frozen_package(a: Args) -> Res<PyRef> {
    a.arity("is_frozen_package", 1, 1)?;
    no_frozen(&name_arg(&a, "is_frozen_package", 0, true)?)
}

fn find_frozen(a: Args) -> Res<PyRef> {
    a.arity("find_frozen", 1, 1)?;
    name_arg(&a, "find_frozen", 0, false)?;
    Ok(rt::none())
}

fn get_frozen_object(a: Args) -> Res<PyRef> {
    a.arity("get_frozen_object", 1, 2)?;
    no_frozen(&name_arg(&a, "get_frozen_object", 0, false)?)
}

fn init_frozen(a: Args) -> Res<PyRef> {
    a.arity("init_frozen", 1, 1)?;
    name_arg(&a, "init_frozen", 0, true)?;
    Ok(rt::none())
}

fn frozen_module_names(a: Args) -> Res<PyRef> {
    a.arity("_frozen_module_names", 0, 0)?;
    Ok(rt::tuple(Vec::new()))
}

fn override_frozen(a: Args) -> Res<PyRef> {
    a.arity("_override_frozen_modules_for_tests", 1, 1)?;
    Ok(rt::none())
}

/// pyrc loads no extension modules: no suffix names one.
fn extension_suffixes(a: Args) -> Res<PyRef> {
    a.arity("extension_suffixes", 0, 0)?;
    Ok(rt::list(Vec::new()))
}

/// `_fix_co_filename(code, path)`: CPython renames a code object unmarshalled from a
/// bytecode cache after the source file's path. pyrc reads no bytecode
/// (`sys.implementation.cache_tag` is None), so its code objects are always compiled from
/// the source under its path and there is nothing to rename; the arguments are checked.
fn fix_co_filename(a: Args) -> Res<PyRef> {
    a.arity("_fix_co_filename", 2, 2)?;
    if !matches!(a.arg(0).kind, Kind::Code(_)) {
        return type_error(format!(
            "_fix_co_filename() argument 1 must be code, not {}",
            crate::types::type_name(&a.arg(0))
        ));
    }
    name_arg(&a, "_fix_co_filename", 1, false)?;
    Ok(rt::none())
}

/// `source_hash(key, source)`: CPython's `_Py_KeyedHash`, SipHash-1-3 keyed with `(key, 0)`,
/// as the 8 bytes of the machine word.
fn source_hash(a: Args) -> Res<PyRef> {
    if a.positional.len() > 2 {
        return type_error(format!(
            "source_hash() takes at most 2 arguments ({} given)",
            a.positional.len()
        ));
    }
    let values = a.bind("source_hash", &["key", "source"], 2, &[])?;
    let (key, source) =
        (values[0].clone().expect("required"), values[1].clone().expect("required"));
    // CPython converts the key to a C long, then to the 64-bit hash key.
    let key = ops::to_index(&key)? as u64;
    let Some(bytes) = ops::bytes_like(&source) else {
        return Err(ops::not_bytes_like(&source));
    };
    let hash = crate::object::hash::siphash13_keyed(key, 0, &bytes);
    Ok(alloc(Kind::Bytes(hash.to_ne_bytes().to_vec().into())))
}

/// `_pyrc_lib_source(name)`: `(is_package, source)` of the embedded library's module
/// `name` (dotted), or None.
fn lib_source(a: Args) -> Res<PyRef> {
    a.arity("_pyrc_lib_source", 1, 1)?;
    let name = name_arg(&a, "_pyrc_lib_source", 0, true)?;
    Ok(match crate::vm::import::embedded_module(&name) {
        Some((package, source)) => rt::tuple(vec![rt::boolean(package), rt::str(source)]),
        None => rt::none(),
    })
}

/// `_pyrc_lib_modules()`: `{dotted name: is_package}` of every module of the embedded library.
fn lib_modules(a: Args) -> Res<PyRef> {
    a.arity("_pyrc_lib_modules", 0, 0)?;
    let dict = rt::new_dict();
    for (name, package) in crate::vm::import::embedded_modules() {
        rt::dict_set_str(&dict, name, rt::boolean(package));
    }
    Ok(dict)
}

/// `_pyrc_install(module_attrs, default_finders, gcd_import)`: the machinery is installed;
/// see `vm::import::install_machinery`.
fn install(a: Args) -> Res<PyRef> {
    a.arity("_pyrc_install", 3, 3)?;
    let defaults = ops::to_vec(&a.arg(1))?;
    crate::vm::import::install_machinery(a.arg(0), defaults, a.arg(2));
    Ok(rt::none())
}
