//! The `sys` module, and the standard output it writes to (which a doctest run may capture).

use crate::object::error::{ExcInfo, Res};
use crate::object::exceptions::ExcKind;
use crate::object::native::{Args, NativeFn};
use crate::object::runtime::{self as rt, raise, type_error, value_error};
use crate::object::{Kind, PyRef};
use crate::types::ops;
use num_traits::ToPrimitive;
use rcgc::Gc;
use std::cell::RefCell;
use std::io::Write;

use super::{native, new_module};

thread_local! {
    /// Output captured by the doctest runner instead of being written.
    static CAPTURE: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Starts capturing standard output (doctest).
pub fn capture_stdout_begin() {
    CAPTURE.with(|c| *c.borrow_mut() = Some(String::new()));
}

/// Stops capturing; returns what was written.
pub fn capture_stdout_end() -> String {
    CAPTURE.with(|c| c.borrow_mut().take()).unwrap_or_default()
}

/// `-u`: standard output is flushed after every write, not only at line ends.
pub static UNBUFFERED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Writes to standard output (print, `sys.stdout.write`, the REPL).
pub fn write_stdout(text: &str) -> Res<()> {
    let captured = CAPTURE.with(|c| match c.borrow_mut().as_mut() {
        Some(buffer) => {
            buffer.push_str(text);
            true
        }
        None => false,
    });
    if captured {
        return Ok(());
    }
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| {
        if text.contains('\n') || UNBUFFERED.load(std::sync::atomic::Ordering::Relaxed) {
            out.flush()
        } else {
            Ok(())
        }
    }) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => raise(ExcKind::OSError, e.to_string()),
    }
}

/// `sys.stdout` when a program has replaced it (it is not `sys.__stdout__`, the stream made
/// with `sys`): `print` then calls its `write`. `None` if `sys` was never imported or
/// `sys.stdout` is the original stream, whose writes go straight to [`write_stdout`].
pub fn replaced_stdout() -> Option<PyRef> {
    let modules = rt::with(|r| r.modules.clone());
    let sys = match &modules.kind {
        Kind::Dict(d) => d.borrow().get_str("sys")?,
        _ => return None,
    };
    let Kind::Module(module) = &sys.kind else { return None };
    let Kind::Dict(d) = &module.dict.kind else { return None };
    let d = d.borrow();
    let current = d.get_str("stdout")?;
    match d.get_str("__stdout__") {
        Some(original) if Gc::ptr_eq(&original, &current) => None,
        _ => Some(current),
    }
}

fn stream_class() -> PyRef {
    let dict = rt::new_dict();
    let write: NativeFn = |a| {
        a.positional.len().eq(&2).then_some(()).ok_or_else(|| {
            ExcInfo::new(rt::exception(ExcKind::TypeError, "write() takes exactly one argument"))
        })?;
        let stream = &a.positional[0];
        let text = match crate::object::str_text(&a.positional[1]) {
            Some(s) => s,
            None => {
                return type_error(format!(
                    "write() argument must be str, not {}",
                    crate::types::type_name(&a.positional[1])
                ))
            }
        };
        let name = crate::types::attr::getattr(stream, "name")?;
        if crate::object::str_text(&name) == Some("<stderr>") {
            let _ = std::io::stdout().flush();
            eprint!("{text}");
        } else {
            write_stdout(text)?;
        }
        Ok(rt::int(text.chars().count() as i64))
    };
    rt::dict_set_str(&dict, "write", native("write", write));
    rt::dict_set_str(
        &dict,
        "flush",
        native("flush", |_| {
            let _ = std::io::stdout().flush();
            Ok(rt::none())
        }),
    );
    rt::dict_set_str(&dict, "__module__", rt::str("_io"));
    // What code asks of the standard streams (`sys.stdout.encoding`); pyrc writes UTF-8.
    rt::dict_set_str(&dict, "encoding", rt::str("utf-8"));
    rt::dict_set_str(&dict, "errors", rt::str("strict"));
    let object = rt::builtin_type(crate::types::BuiltinType::Object);
    crate::types::new_class("TextIOWrapper", vec![object], dict, None).expect("simple MRO")
}

/// `sys.implementation`, a namespace object as CPython's.
///
/// Its `name` is `'cpython'`, not `'pyrc'`: the standard library and CPython's own tests use
/// `sys.implementation.name == 'cpython'` to pick behaviour that depends on the object model,
/// above all "objects are freed as soon as their last reference goes" (test_weakref's
/// `FinalizeTestCase._collect_if_necessary` only runs `gc.collect()` elsewhere). pyrc has
/// CPython's model (real reference counts plus CPython's cycle collector), so the CPython
/// branches are the right ones; `lib/test/support` answers `check_impl_detail` the same way.
/// `sys.version` still says `(pyrc)`.
fn implementation() -> PyRef {
    let namespace = rt::instance(crate::types::plain_class("SimpleNamespace", "types"));
    let version =
        rt::tuple(vec![rt::int(3), rt::int(11), rt::int(7), rt::str("final"), rt::int(0)]);
    for (name, value) in [
        ("name", rt::str("cpython")),
        // No bytecode caches: CPython's `importlib` then compiles every module from its
        // source and never reads or writes a `.pyc` (pyrc's code objects are not CPython's).
        ("cache_tag", rt::none()),
        ("version", version),
        ("hexversion", rt::int(0x030b07f0)),
    ] {
        let _ = crate::types::attr::setattr(&namespace, name, value);
    }
    namespace
}

/// A `types.SimpleNamespace`-like object holding `fields` (CPython's struct sequences, such
/// as `sys.hash_info`, read only by attribute here).
fn namespace(fields: Vec<(&str, PyRef)>) -> PyRef {
    let namespace = rt::instance(crate::types::plain_class("SimpleNamespace", "types"));
    for (name, value) in fields {
        let _ = crate::types::attr::setattr(&namespace, name, value);
    }
    namespace
}

/// `sys.hash_info` with CPython's values on 64-bit machines, which `_pydecimal` and
/// `fractions` read to hash like numbers (pyrc's int and float hashes are CPython's: reduced
/// modulo 2^61 - 1).
fn hash_info() -> PyRef {
    namespace(vec![
        ("width", rt::int(64)),
        ("modulus", rt::int((1i64 << 61) - 1)),
        ("inf", rt::int(314159)),
        ("nan", rt::int(0)),
        ("imag", rt::int(1000003)),
        ("algorithm", rt::str("siphash13")),
        ("hash_bits", rt::int(64)),
        ("seed_bits", rt::int(128)),
        ("cutoff", rt::int(0)),
    ])
}

pub fn sys_module() -> PyRef {
    let class = stream_class();
    let stream = |name: &str| {
        let s = rt::instance(class.clone());
        let _ = crate::types::attr::setattr(&s, "name", rt::str(name));
        s
    };
    let argv =
        rt::with(|r| r.argv.borrow().iter().map(|a| rt::str(a.as_str())).collect::<Vec<_>>());
    let (stdout, stderr) = (stream("<stdout>"), stream("<stderr>"));
    new_module(
        "sys",
        vec![
            (
                "getrefcount",
                native("getrefcount", |a| {
                    if a.positional.len() != 1 {
                        return type_error("getrefcount() takes exactly one argument");
                    }
                    // The real count: the argument list holds one reference, as CPython's does.
                    Ok(rt::int(Gc::strong_count(&a.positional[0]) as i64))
                }),
            ),
            (
                "displayhook",
                native("displayhook", |a| {
                    a.arity("displayhook", 1, 1)?;
                    if !matches!(a.arg(0).kind, Kind::None) {
                        display_hook(&a.arg(0))?;
                    }
                    Ok(rt::none())
                }),
            ),
            (
                "getrecursionlimit",
                native("getrecursionlimit", |_| {
                    Ok(rt::int(crate::object::recursion::recursion_limit() as i64))
                }),
            ),
            (
                "setrecursionlimit",
                native("setrecursionlimit", |a| {
                    let Some(limit) =
                        a.positional.first().and_then(ops::to_bigint).and_then(|l| l.to_usize())
                    else {
                        return value_error("recursion limit must be greater or equal than 1");
                    };
                    if limit < 1 {
                        return value_error("recursion limit must be greater or equal than 1");
                    }
                    crate::object::recursion::set_recursion_limit(limit);
                    Ok(rt::none())
                }),
            ),
            ("exit", native("exit", sys_exit)),
            // pyrc runs no Python code after its final collection has started.
            ("is_finalizing", native("is_finalizing", |_| Ok(rt::boolean(false)))),
            (
                "set_asyncgen_hooks",
                native("set_asyncgen_hooks", |a| {
                    a.arity("set_asyncgen_hooks", 0, 2)?;
                    let firstiter =
                        a.positional.first().cloned().or_else(|| a.keyword("firstiter"));
                    let finalizer = a.positional.get(1).cloned().or_else(|| a.keyword("finalizer"));
                    crate::vm::async_gen::set_hooks(firstiter, finalizer)?;
                    Ok(rt::none())
                }),
            ),
            (
                "get_asyncgen_hooks",
                native("get_asyncgen_hooks", |a| {
                    a.arity("get_asyncgen_hooks", 0, 0)?;
                    let (firstiter, finalizer) = crate::vm::async_gen::get_hooks();
                    Ok(asyncgen_hooks(firstiter, finalizer))
                }),
            ),
            (
                "_getframe",
                native("_getframe", |a| {
                    let depth = match a.positional.first() {
                        Some(depth) => crate::vm::eval::to_usize(depth)?,
                        None => 0,
                    };
                    crate::vm::frame_object::getframe(depth)
                }),
            ),
            (
                "exc_info",
                native("exc_info", |_| {
                    Ok(match rt::with(|r| r.handling.borrow().last().cloned()) {
                        Some(value) => {
                            let traceback = crate::types::attr::lookup(&value, "__traceback__")?
                                .unwrap_or_else(rt::none);
                            rt::tuple(vec![crate::types::type_of(&value), value, traceback])
                        }
                        None => rt::tuple(vec![rt::none(), rt::none(), rt::none()]),
                    })
                }),
            ),
            (
                "get_coroutine_origin_tracking_depth",
                native("get_coroutine_origin_tracking_depth", |a| {
                    a.arity("get_coroutine_origin_tracking_depth", 0, 0)?;
                    Ok(rt::int(crate::vm::coroutine::origin_tracking_depth() as i64))
                }),
            ),
            (
                "set_coroutine_origin_tracking_depth",
                native("set_coroutine_origin_tracking_depth", |a| {
                    let values =
                        a.bind("set_coroutine_origin_tracking_depth", &["depth"], 1, &[])?;
                    let depth = values[0].clone().expect("required");
                    let depth = crate::types::ops::to_index(&depth)?;
                    if depth < 0 {
                        return crate::object::runtime::value_error("depth must be >= 0");
                    }
                    let depth = usize::try_from(depth).unwrap_or(usize::MAX);
                    crate::vm::coroutine::set_origin_tracking_depth(depth);
                    Ok(rt::none())
                }),
            ),
            (
                "exception",
                native("exception", |_| {
                    Ok(rt::with(|r| r.handling.borrow().last().cloned()).unwrap_or_else(rt::none))
                }),
            ),
            ("argv", rt::list(argv)),
            ("stdout", stdout.clone()),
            ("stderr", stderr.clone()),
            ("__stdout__", stdout),
            ("__stderr__", stderr),
            ("modules", rt::with(|r| r.modules.clone())),
            ("version", rt::str("3.11.7 (pyrc)")),
            // CPython's notice, as `copyright()` at the REPL prints it.
            ("copyright", rt::str("Copyright (c) 2001-2023 Python Software Foundation.\nAll Rights Reserved.\n\nCopyright (c) 2000 BeOpen.com.\nAll Rights Reserved.\n\nCopyright (c) 1995-2001 Corporation for National Research Initiatives.\nAll Rights Reserved.\n\nCopyright (c) 1991-1995 Stichting Mathematisch Centrum, Amsterdam.\nAll Rights Reserved.")),
            ("version_info", rt::tuple(vec![rt::int(3), rt::int(11), rt::int(7)])),
            ("platform", rt::str("linux")),
            (
                "path",
                rt::list(
                    crate::vm::import::initial_path(&rt::with(|r| {
                        r.argv.borrow().first().cloned().unwrap_or_default()
                    }))
                    .into_iter()
                    .map(|p| rt::str(p.as_str()))
                    .collect::<Vec<_>>(),
                ),
            ),
            ("maxsize", rt::int(i64::MAX)),
            ("byteorder", rt::str(if cfg!(target_endian = "little") { "little" } else { "big" })),
            ("hash_info", hash_info()),
            ("implementation", implementation()),
            ("hexversion", rt::int(0x030b07f0)),
        ]
        .into_iter()
        .chain(installation_attributes())
        .collect(),
    )
}

/// The installation prefix CPython would report without a virtual environment: the
/// directory holding `lib/python3.11`, the standard library pyrc reads; without one, the
/// directory above the one holding the executable (CPython's fallback for a build tree).
fn prefix() -> String {
    if let Some(stdlib) = crate::vm::import::cpython_stdlib() {
        let path = std::path::Path::new(&stdlib);
        if let Some(prefix) = path.parent().and_then(|lib| lib.parent()) {
            return prefix.display().to_string();
        }
    }
    std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().and_then(|dir| dir.parent()).map(|p| p.display().to_string()))
        .unwrap_or_default()
}

/// `sys.flags`: every flag of CPython 3.11's, from the command line's options
/// (`rt::Config`): UTF-8 everywhere (`utf8_mode`), str hashes not randomized (pyrc's SipHash
/// key is fixed). `dont_write_bytecode` is 1 without `-B` too: pyrc writes no bytecode.
fn flags() -> PyRef {
    let config = rt::with(|r| r.config.borrow().clone());
    let namespace = rt::instance(crate::types::plain_class("flags", "sys"));
    let count = |n: u8| rt::int(i64::from(n));
    let flag = |b: bool| rt::int(i64::from(b));
    for (name, value) in [
        ("debug", rt::int(0)),
        ("inspect", flag(config.inspect)),
        ("interactive", flag(config.inspect)),
        ("optimize", count(config.optimize)),
        ("dont_write_bytecode", rt::int(1)),
        ("no_user_site", flag(config.no_user_site)),
        ("no_site", flag(config.no_site)),
        ("ignore_environment", flag(config.ignore_environment)),
        ("verbose", count(config.verbose)),
        ("bytes_warning", count(config.bytes_warning)),
        ("quiet", flag(config.quiet)),
        ("hash_randomization", rt::int(0)),
        ("isolated", flag(config.isolated)),
        ("dev_mode", rt::boolean(false)),
        ("utf8_mode", rt::int(1)),
        ("warn_default_encoding", rt::int(0)),
        ("safe_path", rt::boolean(config.safe_path)),
        ("int_max_str_digits", rt::int(-1)),
    ] {
        let _ = crate::types::attr::setattr(&namespace, name, value);
    }
    namespace
}

/// `sys.warnoptions`: `-W` options, then `PYTHONWARNINGS`' (unless `-E`), as CPython.
fn warnoptions() -> PyRef {
    let config = rt::with(|r| r.config.borrow().clone());
    rt::list(config.warnoptions.iter().map(|o| rt::str(o.as_str())).collect::<Vec<_>>())
}

/// `sys._xoptions`: `-X name` is `{name: True}`, `-X name=value` is `{name: value}`.
fn xoptions() -> PyRef {
    let config = rt::with(|r| r.config.borrow().clone());
    let dict = rt::new_dict();
    for (name, value) in &config.xoptions {
        let value = match value {
            Some(v) => rt::str(v.as_str()),
            None => rt::boolean(true),
        };
        rt::dict_set_str(&dict, name, value);
    }
    dict
}

/// `sys.float_info` (IEEE 754 binary64's limits, as CPython's `float.h` gives them).
fn float_info() -> PyRef {
    let namespace = rt::instance(crate::types::plain_class("float_info", "sys"));
    for (name, value) in [
        ("max", rt::float(f64::MAX)),
        ("max_exp", rt::int(i64::from(f64::MAX_EXP))),
        ("max_10_exp", rt::int(i64::from(f64::MAX_10_EXP))),
        ("min", rt::float(f64::MIN_POSITIVE)),
        ("min_exp", rt::int(i64::from(f64::MIN_EXP))),
        ("min_10_exp", rt::int(i64::from(f64::MIN_10_EXP))),
        ("dig", rt::int(i64::from(f64::DIGITS))),
        ("mant_dig", rt::int(i64::from(f64::MANTISSA_DIGITS))),
        ("epsilon", rt::float(f64::EPSILON)),
        ("radix", rt::int(i64::from(f64::RADIX))),
        ("rounds", rt::int(1)),
    ] {
        let _ = crate::types::attr::setattr(&namespace, name, value);
    }
    namespace
}

/// The attributes describing the installation and the platform, which the standard library
/// reads at import (`argparse`, `site`, `sysconfig`, `pickle`, `inspect`).
fn installation_attributes() -> Vec<(&'static str, PyRef)> {
    let prefix = prefix();
    let executable = std::env::current_exe().map(|e| e.display().to_string()).unwrap_or_default();
    let builtin_names: Vec<PyRef> = {
        let mut names: Vec<&'static str> =
            rt::with(|r| r.inittab.borrow().iter().map(|(name, _)| *name).collect());
        names.sort_unstable();
        names.into_iter().map(rt::str).collect()
    };
    vec![
        ("prefix", rt::str(&prefix)),
        ("exec_prefix", rt::str(&prefix)),
        ("base_prefix", rt::str(&prefix)),
        ("base_exec_prefix", rt::str(&prefix)),
        ("platlibdir", rt::str("lib")),
        ("executable", rt::str(&executable)),
        ("_base_executable", rt::str(&executable)),
        ("flags", flags()),
        ("float_info", float_info()),
        ("byteorder", rt::str(if cfg!(target_endian = "little") { "little" } else { "big" })),
        ("maxunicode", rt::int(0x10ffff)),
        ("float_repr_style", rt::str("short")),
        ("api_version", rt::int(1013)),
        ("abiflags", rt::str("")),
        ("dont_write_bytecode", rt::boolean(true)),
        ("warnoptions", warnoptions()),
        ("_xoptions", xoptions()),
        ("builtin_module_names", rt::tuple(builtin_names)),
        // `meta_path`, `path_hooks` and `path_importer_cache` appear on first use.
        ("__getattr__", native("__getattr__", sys_getattr)),
        ("pycache_prefix", rt::none()),
        (
            "getdefaultencoding",
            native("getdefaultencoding", |a| {
                a.arity("getdefaultencoding", 0, 0)?;
                Ok(rt::str("utf-8"))
            }),
        ),
        (
            // No audit hook can be installed (no `addaudithook`), so an event reaches none:
            // only the event's type is checked, as CPython's `sys.audit` does first.
            "audit",
            native("audit", |a| {
                a.no_keywords("audit")?;
                let Some(event) = a.positional.first() else {
                    return rt::type_error(
                        "audit() missing 1 required positional argument: 'event'",
                    );
                };
                if crate::types::str::text(event).is_none() {
                    return rt::type_error(format!(
                        "expected str for argument 'event', not {}",
                        crate::types::type_name(event)
                    ));
                }
                Ok(rt::none())
            }),
        ),
        (
            "getfilesystemencoding",
            native("getfilesystemencoding", |a| {
                a.arity("getfilesystemencoding", 0, 0)?;
                Ok(rt::str("utf-8"))
            }),
        ),
        (
            "getfilesystemencodeerrors",
            native("getfilesystemencodeerrors", |a| {
                a.arity("getfilesystemencodeerrors", 0, 0)?;
                Ok(rt::str("surrogateescape"))
            }),
        ),
        (
            "intern",
            native("intern", |a| {
                a.arity("intern", 1, 1)?;
                let value = a.arg(0);
                if !matches!(value.kind, Kind::Str(..)) {
                    return type_error(format!(
                        "intern() argument must be str, not {}",
                        crate::types::type_name(&value)
                    ));
                }
                Ok(value)
            }),
        ),
    ]
}

/// `sys.__getattr__` (PEP 562): `sys.meta_path`, `sys.path_hooks` and
/// `sys.path_importer_cache` are made on first use, when CPython's import machinery is
/// installed (`lib/_frozen_importlib.py`, which `import importlib` also runs): pyrc's own
/// import needs none of them, and a program that never looks pays nothing for them. They
/// are put in place (empty) first, so the installation finds them; without CPython's
/// standard library they stay empty.
fn sys_getattr(a: Args) -> Res<PyRef> {
    a.arity("__getattr__", 1, 1)?;
    let name = a.arg(0);
    let text = crate::object::str_text(&name).unwrap_or_default().to_string();
    let sys = crate::vm::import::import_builtin("sys")?.expect("sys is built in");
    let Kind::Module(module) = &sys.kind else { unreachable!("sys is a module") };
    if matches!(text.as_str(), "meta_path" | "path_hooks" | "path_importer_cache")
        && rt::dict_get_str(&module.dict, "meta_path").is_none()
    {
        rt::dict_set_str(&module.dict, "meta_path", rt::list(Vec::new()));
        rt::dict_set_str(&module.dict, "path_hooks", rt::list(Vec::new()));
        rt::dict_set_str(&module.dict, "path_importer_cache", rt::new_dict());
        if crate::vm::import::cpython_stdlib().is_some() {
            crate::vm::import::import_module("_frozen_importlib")?;
        }
    }
    match rt::dict_get_str(&module.dict, &text) {
        Some(value) => Ok(value),
        None => raise(ExcKind::AttributeError, format!("module 'sys' has no attribute '{text}'")),
    }
}

/// `sys.exit([code])`: raises `SystemExit`.
pub fn sys_exit(a: Args) -> Res<PyRef> {
    // `sys.exit(None)` raises `SystemExit()` (CPython sets the exception with `None` as value).
    let args = a
        .positional
        .first()
        .filter(|code| !matches!(code.kind, Kind::None))
        .cloned()
        .into_iter()
        .collect();
    Err(ExcInfo::new(rt::exception_of(rt::exception_class(ExcKind::SystemExit), args)))
}

/// The REPL's display hook: prints `repr(value)` and stores it as `_`. As CPython's
/// `sys_displayhook`, `_` is set to `None` first, so the previous value is freed (its
/// `__del__` runs) before the new one is printed.
pub fn display_hook(value: &PyRef) -> Res<()> {
    let builtins = rt::with(|r| r.builtins.clone());
    rt::dict_set_str(&builtins, "_", rt::none());
    let text = ops::repr(value)?;
    write_stdout(&format!("{text}\n"))?;
    rt::dict_set_str(&builtins, "_", value.clone());
    Ok(())
}

thread_local! {
    static ASYNCGEN_HOOKS: PyRef = {
        let dict = rt::new_dict();
        rt::dict_set_str(&dict, "__module__", rt::str("sys"));
        crate::types::new_class(
            "asyncgen_hooks",
            vec![rt::builtin_type(crate::types::BuiltinType::Tuple)],
            dict,
            None,
        )
        .expect("tuple has an MRO")
    };
}

/// `sys.get_asyncgen_hooks()`'s result: a tuple `(firstiter, finalizer)` whose items are
/// also its attributes (CPython's struct sequence `asyncgen_hooks`).
fn asyncgen_hooks(firstiter: PyRef, finalizer: PyRef) -> PyRef {
    let class = ASYNCGEN_HOOKS.with(Clone::clone);
    let items = vec![firstiter.clone(), finalizer.clone()];
    let object = rt::instance_with_base(class, Some(rt::tuple(items)));
    if let Some(instance) = object.instance() {
        rt::dict_set_str(&instance.dict, "firstiter", firstiter);
        rt::dict_set_str(&instance.dict, "finalizer", finalizer);
    }
    object
}
