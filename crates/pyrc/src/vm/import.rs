//! `import` of Python source modules: packages, submodules, relative imports, `sys.path`,
//! and the library embedded in the binary (`lib/`, see `build.rs`).
//!
//! Order of the search, as CPython's meta path: the built-in (Rust) modules, then each
//! `sys.path` entry (`name.py` or `name/__init__.py`; the embedded library is the entry
//! `<pyrc-lib>`, before CPython's standard library directory, and searched last when a
//! program's `sys.path` lacks it). A module is
//! put in `sys.modules` before its code runs (circular imports see the partial module) and
//! removed again if that code raises.
//!
//! May depend on: `eval` (to run module code), `modules` (built-in modules), `parse`.

use std::rc::Rc;

use crate::object::error::{ExcInfo, Res};
use crate::object::exceptions::ExcKind;
use crate::object::runtime::{self as rt, raise};
use crate::object::{alloc, Kind, Module, PyRef};
use crate::types::{attr, ops};

mod frozen {
    include!(concat!(env!("OUT_DIR"), "/frozen.rs"));
}

/// The `sys.path`-like prefix naming the embedded library (its `__file__`s start with it).
pub const FROZEN_PREFIX: &str = "<pyrc-lib>";

/// The source of an embedded module, and whether it is a package.
fn frozen_module(name: &str) -> Option<(bool, &'static str)> {
    frozen::FROZEN
        .iter()
        .find(|(n, _, _)| *n == name)
        .map(|(_, package, source)| (*package, *source))
}

/// Whether the embedded library's module `name` (dotted) is a package, and its source.
pub fn embedded_module(name: &str) -> Option<(bool, &'static str)> {
    frozen_module(name)
}

/// Every module of the embedded library: its dotted name, and whether it is a package.
pub fn embedded_modules() -> impl Iterator<Item = (&'static str, bool)> {
    frozen::FROZEN.iter().map(|(name, package, _)| (*name, *package))
}

/// CPython's import machinery once `lib/_frozen_importlib.py` has installed it (on first
/// use: `import importlib`, or reading `sys.meta_path`, `sys.path_hooks` or
/// `sys.path_importer_cache`): pyrc's own search stays the fast path of `import`, and
/// from then on also gives each module it makes its `__spec__` and `__loader__`.
struct Machinery {
    /// `_frozen_importlib_external._pyrc_module_attrs(module)`: sets `__spec__`,
    /// `__loader__` (and what they imply) of a module pyrc's import made.
    module_attrs: PyRef,
    /// The finders `sys.meta_path` starts with (`BuiltinImporter`, `FrozenImporter`,
    /// `PathFinder`): they find what pyrc's own search finds, so only other finders are
    /// asked.
    defaults: Vec<PyRef>,
    /// `_bootstrap._gcd_import(name)`: CPython's import, which asks `sys.meta_path`.
    gcd_import: PyRef,
}

thread_local! {
    static MACHINERY: std::cell::RefCell<Option<Machinery>> =
        const { std::cell::RefCell::new(None) };
}

/// Records the installed machinery (`_imp._pyrc_install`); see `Machinery`.
pub fn install_machinery(module_attrs: PyRef, defaults: Vec<PyRef>, gcd_import: PyRef) {
    MACHINERY.with(|m| *m.borrow_mut() = Some(Machinery { module_attrs, defaults, gcd_import }));
}

/// Gives a module pyrc's import made its `__spec__` and `__loader__`, once the machinery is
/// installed (before that, the installation fixes up every module of `sys.modules`).
fn set_module_attrs(module: &PyRef) -> Res<()> {
    let Some(hook) = MACHINERY.with(|m| m.borrow().as_ref().map(|m| m.module_attrs.clone())) else {
        return Ok(());
    };
    ops::call(&hook, vec![module.clone()], vec![]).map(drop)
}

/// Where `sys.meta_path` holds finders other than the default ones: `Some((gcd_import,
/// first))`, `first` when such a finder comes before every default one (it is then asked
/// before pyrc's own search; otherwise only when that search finds nothing).
fn other_finders() -> Option<(PyRef, bool)> {
    let (defaults, gcd_import) = MACHINERY
        .with(|m| m.borrow().as_ref().map(|m| (m.defaults.clone(), m.gcd_import.clone())))?;
    let sys = cached("sys")?;
    let Kind::Module(sys) = &sys.kind else { return None };
    let meta_path = rt::dict_get_str(&sys.dict, "meta_path")?;
    let Kind::List(items) = &meta_path.kind else { return None };
    let is_default = |finder: &PyRef| defaults.iter().any(|d| rcgc::Gc::ptr_eq(d, finder));
    let items = items.borrow();
    let position = items.iter().position(|finder| !is_default(finder))?;
    Some((gcd_import, position == 0))
}

/// CPython's import of `name` (`_bootstrap._gcd_import`), which asks `sys.meta_path`.
fn import_through_meta_path(gcd_import: &PyRef, name: &str) -> Res<PyRef> {
    ops::call(gcd_import, vec![rt::str(name)], vec![])
}

fn modules_dict() -> PyRef {
    rt::with(|r| r.modules.clone())
}

/// The module `name` if it is in `sys.modules`.
fn cached(name: &str) -> Option<PyRef> {
    rt::dict_get_str(&modules_dict(), name)
}

/// Where a module's source was found.
struct Found {
    /// `__file__`.
    file: String,
    /// The package directory for `__path__` (packages only).
    package_dir: Option<String>,
    source: Rc<str>,
}

/// Looks for `leaf` (the last component of a dotted name) in one search directory.
fn find_in(dir: &str, dotted: &str, leaf: &str) -> Option<Found> {
    if dir.starts_with(FROZEN_PREFIX) {
        // The embedded library (`<pyrc-lib>`, or `<pyrc-lib>/pkg` in a package's `__path__`):
        // its modules are found by their dotted name.
        let (package, source) = frozen_module(dotted)?;
        let relative = dotted.replace('.', "/");
        let (file, package_dir) = if package {
            (
                format!("{FROZEN_PREFIX}/{relative}/__init__.py"),
                Some(format!("{FROZEN_PREFIX}/{relative}")),
            )
        } else {
            (format!("{FROZEN_PREFIX}/{relative}.py"), None)
        };
        return Some(Found { file, package_dir, source: source.into() });
    }
    let base = if dir.is_empty() { std::path::PathBuf::from(".") } else { dir.into() };
    let package_dir = base.join(leaf);
    let init = package_dir.join("__init__.py");
    if init.is_file() {
        let source = std::fs::read_to_string(&init).ok()?;
        return Some(Found {
            file: init.display().to_string(),
            package_dir: Some(package_dir.display().to_string()),
            source: source.into(),
        });
    }
    let file = base.join(format!("{leaf}.py"));
    if file.is_file() {
        let source = std::fs::read_to_string(&file).ok()?;
        return Some(Found {
            file: file.display().to_string(),
            package_dir: None,
            source: source.into(),
        });
    }
    None
}

fn string_list(list: &PyRef) -> Vec<String> {
    ops::to_vec(list)
        .unwrap_or_default()
        .iter()
        .filter_map(|item| crate::object::str_text(item).map(str::to_string))
        .collect()
}

/// Imports `name` (absolute, dotted) and returns that module (not its top package).
pub fn import_module(name: &str) -> Res<PyRef> {
    if let Some(module) = cached(name) {
        // `sys.modules[name] = None` blocks the import (`import_fresh_module(blocked=...)`).
        if matches!(module.kind, Kind::None) {
            return module_not_found(name, format!("import of {name} halted; None in sys.modules"));
        }
        return Ok(module);
    }
    if name.is_empty() {
        return raise(ExcKind::ValueError, "Empty module name");
    }
    let finders = other_finders();
    if let Some((gcd_import, true)) = &finders {
        return import_through_meta_path(gcd_import, name);
    }
    let (parent, leaf) = match name.rsplit_once('.') {
        Some((parent, leaf)) => (Some(parent), leaf),
        None => (None, name),
    };
    let search: Vec<String> = match parent {
        Some(parent) => {
            let package = import_module(parent)?;
            // The parent's code may have imported this submodule already.
            if let Some(module) = cached(name) {
                return Ok(module);
            }
            match attr::lookup(&package, "__path__")? {
                Some(path) => string_list(&path),
                None => {
                    return module_not_found(
                        name,
                        format!("No module named '{name}'; '{parent}' is not a package"),
                    )
                }
            }
        }
        None => {
            if let Some(module) = import_builtin(name)? {
                return Ok(module);
            }
            sys_path_search()?
        }
    };
    let Some(found) = search.iter().find_map(|dir| find_in(dir, name, leaf)) else {
        if let Some((gcd_import, _)) = &finders {
            return import_through_meta_path(gcd_import, name);
        }
        return module_not_found(name, format!("No module named '{name}'"));
    };
    let module = execute(name, found)?;
    if let Some(parent) = parent {
        if let Some(package) = cached(parent) {
            attr::setattr(&package, leaf, module.clone())?;
        }
    }
    Ok(module)
}

/// `ModuleNotFoundError(message)` for the module `name`, its `name` attribute set (CPython's
/// import sets it; `from package import sub` tells a missing `sub` from what `sub` imports by
/// it).
fn module_not_found<T>(name: &str, message: String) -> Res<T> {
    let exc = rt::exception(ExcKind::ModuleNotFoundError, message);
    attr::setattr(&exc, "name", rt::str(name))?;
    Err(ExcInfo::new(exc))
}

/// The `name` attribute of an `ImportError`, when it is a str.
fn missing_name(exc: &PyRef) -> Option<String> {
    let name = attr::lookup(exc, "name").ok()??;
    crate::object::str_text(&name).map(str::to_string)
}

/// What `-m` runs: a module's file, source and `__package__`.
pub struct MainModule {
    /// `__file__` (and `sys.argv[0]`).
    pub file: String,
    /// Its source text.
    pub source: Rc<str>,
    /// `__package__`: the parent package's name ("" at the top).
    pub package: String,
}

/// The module `-m NAME` runs (runpy's `_get_module_details`): its file, source and
/// `__package__`, its parent packages imported first; a package gives its `__main__`
/// submodule. `Ok(Err(message))` is runpy's `_Error` text ("No module named ...").
pub fn find_main_module(name: &str) -> Res<Result<MainModule, String>> {
    if name.is_empty() || name.starts_with('.') {
        return Ok(Err("Relative module names not supported".into()));
    }
    let (parent, leaf) = match name.rsplit_once('.') {
        Some((parent, leaf)) => (Some(parent), leaf),
        None => (None, name),
    };
    let search: Vec<String> = match parent {
        Some(parent) => {
            let package = match import_module(parent) {
                Ok(package) => package,
                Err(exc) if rt::is_exception(&exc.value, ExcKind::ImportError) => {
                    let message = crate::types::ops::str_of(&exc.value)
                        .map(|s| s.to_string())
                        .unwrap_or_default();
                    return Ok(Err(format!(
                        "Error while finding module specification for '{name}' \
                         (ModuleNotFoundError: {message})"
                    )));
                }
                Err(exc) => return Err(exc),
            };
            match attr::lookup(&package, "__path__")? {
                Some(path) => string_list(&path),
                None => return Ok(Err(format!("No module named {name}"))),
            }
        }
        None => {
            if rt::with(|r| r.inittab.borrow().iter().any(|(n, _)| *n == name)) {
                return Ok(Err(format!("No code object available for {name}")));
            }
            sys_path_search()?
        }
    };
    let Some(found) = search.iter().find_map(|dir| find_in(dir, name, leaf)) else {
        return Ok(Err(format!("No module named {name}")));
    };
    if found.package_dir.is_some() {
        if name.ends_with(".__main__") || name == "__main__" {
            return Ok(Err(format!(
                "Cannot use package as __main__ module; '{name}' is a package and cannot be directly executed"
            )));
        }
        import_module(name)?;
        return Ok(find_main_module(&format!("{name}.__main__"))?.map_err(|message| {
            if message.starts_with("No module named") {
                format!(
                    "No module named {name}.__main__; '{name}' is a package and cannot be directly executed"
                )
            } else {
                message
            }
        }));
    }
    Ok(Ok(MainModule {
        file: found.file,
        source: found.source,
        package: parent.unwrap_or_default().to_string(),
    }))
}

/// Creates the module object, registers it in `sys.modules` and runs its code.
fn execute(name: &str, found: Found) -> Res<PyRef> {
    let dict = rt::new_dict();
    rt::dict_set_str(&dict, "__name__", rt::str(name));
    rt::dict_set_str(&dict, "__file__", rt::str(found.file.as_str()));
    rt::dict_set_str(&dict, "__builtins__", rt::with(|r| r.builtins.clone()));
    let package = match &found.package_dir {
        Some(dir) => {
            rt::dict_set_str(&dict, "__path__", rt::list(vec![rt::str(dir.as_str())]));
            name.to_string()
        }
        None => name.rsplit_once('.').map(|(p, _)| p.to_string()).unwrap_or_default(),
    };
    rt::dict_set_str(&dict, "__package__", rt::str(package.as_str()));
    rt::dict_set_str(&dict, "__doc__", rt::none());
    rt::dict_set_str(&dict, "__spec__", rt::none());
    rt::dict_set_str(&dict, "__loader__", rt::none());
    let module = alloc(Kind::Module(Box::new(Module { name: name.into(), dict: dict.clone() })));
    let modules = modules_dict();
    rt::dict_set_str(&modules, name, module.clone());
    if let Err(exc) = set_module_attrs(&module) {
        rt::dict_remove_str(&modules, name);
        return Err(exc);
    }
    let code = match crate::compile::parse::parse_module(&found.source, &found.file) {
        Ok(code) => code,
        Err(error) => {
            rt::dict_remove_str(&modules, name);
            return Err(syntax_error(&error));
        }
    };
    crate::vm::eval::register_source(&found.file, &found.source);
    if let Err(exc) = crate::vm::eval::run_module(Rc::new(code), &dict, &found.file, false) {
        rt::dict_remove_str(&modules, name);
        return Err(exc);
    }
    // The module's code may have replaced its own `sys.modules` entry (CPython honours that).
    Ok(cached(name).unwrap_or(module))
}

/// A parse error as a Python `SyntaxError` exception (with `filename`, `lineno`, `offset`).
pub fn syntax_error(error: &crate::compile::parse::SyntaxError) -> crate::object::error::Exc {
    // The compile layer names the class (it knows no objects): SyntaxError or a subclass.
    let kind = ExcKind::from_name(error.exception_name()).unwrap_or(ExcKind::SyntaxError);
    let exc = rt::exception(kind, error.message.as_str());
    let _ = attr::setattr(&exc, "msg", rt::str(error.message.as_str()));
    let _ = attr::setattr(&exc, "filename", rt::str(error.filename.as_str()));
    let _ = attr::setattr(&exc, "lineno", rt::int(i64::from(error.line)));
    let _ = attr::setattr(&exc, "offset", rt::int(i64::from(error.column)));
    let text = match &error.source_line {
        Some(line) => rt::str(line.as_str()),
        None => rt::none(),
    };
    let _ = attr::setattr(&exc, "text", text);
    ExcInfo::new(exc)
}

/// Resolves a relative module name (`from ..a import b`) against the importing module's
/// globals (`__package__`, else `__name__`).
pub fn resolve_name(globals: &PyRef, module: Option<&str>, level: u32) -> Res<String> {
    if level == 0 {
        return Ok(module.unwrap_or("").to_string());
    }
    let lookup = |key: &str| match &globals.kind {
        Kind::Dict(d) => d.borrow().get_str(key),
        _ => None,
    };
    let package = match lookup("__package__") {
        Some(p) if crate::object::str_text(&p).is_some_and(|s| !s.is_empty()) => {
            ops::str_of(&p)?.to_string()
        }
        _ => match lookup("__name__") {
            // A module that is not a package: its package is everything before the last dot.
            Some(n) if lookup("__path__").is_none() => {
                let n = ops::str_of(&n)?;
                n.rsplit_once('.').map(|(p, _)| p.to_string()).unwrap_or_default()
            }
            Some(n) => ops::str_of(&n)?.to_string(),
            None => String::new(),
        },
    };
    if package.is_empty() {
        return raise(
            ExcKind::ImportError,
            "attempted relative import with no known parent package",
        );
    }
    let mut base = package.as_str();
    for _ in 1..level {
        match base.rsplit_once('.') {
            Some((parent, _)) => base = parent,
            None => {
                return raise(
                    ExcKind::ImportError,
                    "attempted relative import beyond top-level package",
                )
            }
        }
    }
    Ok(match module {
        Some(m) if !m.is_empty() => format!("{base}.{m}"),
        _ => base.to_string(),
    })
}

/// CPython's pure-Python standard library directory, searched after pyrc's own library:
/// `$PYRC_STDLIB` when set (empty: none), else the directory the installed CPython 3.11
/// reported when pyrc was built (`build.rs`), if it still exists.
pub fn cpython_stdlib() -> Option<String> {
    let dir = match std::env::var("PYRC_STDLIB") {
        Ok(dir) => dir,
        Err(_) => env!("PYRC_CPYTHON_STDLIB").to_string(),
    };
    (!dir.is_empty() && std::path::Path::new(&dir).join("os.py").is_file()).then_some(dir)
}

/// The initial `sys.path`: the script's directory ("" for `-c` and the REPL), the entries of
/// `PYTHONPATH`, pyrc's embedded library (`<pyrc-lib>`), then CPython's standard library
/// directory ([`cpython_stdlib`]).
/// With `-m` (`argv0` "-m") the first entry is the working directory; with `-P`/`-I` there is
/// no first entry, and with `-E`/`-I` no `PYTHONPATH`, as CPython's.
pub fn initial_path(argv0: &str) -> Vec<String> {
    let config = rt::with(|r| r.config.borrow().clone());
    let mut path = Vec::new();
    if config.safe_path {
    } else if argv0 == "-m" {
        path.push(std::env::current_dir().map(|d| d.display().to_string()).unwrap_or_default());
    } else if argv0.is_empty() || argv0 == "-c" || argv0 == "-" {
        path.push(String::new());
    } else {
        let absolute = std::path::absolute(argv0).unwrap_or_else(|_| argv0.into());
        let dir = absolute.parent().map(|p| p.display().to_string()).unwrap_or_default();
        path.push(dir);
    }
    if let (false, Ok(extra)) = (config.ignore_environment, std::env::var("PYTHONPATH")) {
        path.extend(extra.split(':').filter(|p| !p.is_empty()).map(str::to_string));
    }
    path.push(FROZEN_PREFIX.to_string());
    path.extend(cpython_stdlib());
    path
}

/// `__import__(name, globals=None, locals=None, fromlist=(), level=0)`.
pub fn dunder_import(
    name: &str,
    globals: Option<&PyRef>,
    fromlist: bool,
    level: u32,
) -> Res<PyRef> {
    let absolute = match globals {
        Some(globals) => resolve_name(globals, Some(name), level)?,
        None if level == 0 => name.to_string(),
        None => {
            return raise(
                ExcKind::ImportError,
                "attempted relative import with no known parent package",
            )
        }
    };
    let module = import_module(&absolute)?;
    if fromlist || !absolute.contains('.') {
        return Ok(module);
    }
    let top = absolute.split('.').next().unwrap_or("");
    import_module(top)
}

/// `from package import name`: the attribute, else the submodule `package.name`.
///
/// A submodule that is missing is "cannot import name"; one whose own code fails to import
/// something else passes that error on (CPython's `_handle_fromlist` re-raises a
/// `ModuleNotFoundError` whose `name` is not the submodule's).
pub fn import_from(module: &PyRef, module_name: &str, name: &str) -> Res<PyRef> {
    // `getattr`, so that a module's `__getattr__` (PEP 562) is asked, as CPython's
    // `IMPORT_FROM` does.
    if let Some(value) = attr::getattr_optional(module, name)? {
        return Ok(value);
    }
    if attr::lookup(module, "__path__")?.is_some() {
        let full = format!("{module_name}.{name}");
        match import_module(&full) {
            Ok(value) => return Ok(value),
            Err(exc)
                if rt::is_exception(&exc.value, ExcKind::ModuleNotFoundError)
                    && missing_name(&exc.value).as_deref() == Some(full.as_str()) => {}
            Err(exc) => return Err(exc),
        }
    }
    let file = attr::lookup(module, "__file__")?;
    let location = match &file {
        Some(file) => ops::str_of(file)?.to_string(),
        None => "unknown location".to_string(),
    };
    // `name` and `path` as CPython's `IMPORT_FROM` sets them: the package's.
    let exc = rt::exception(
        ExcKind::ImportError,
        format!("cannot import name '{name}' from '{module_name}' ({location})"),
    );
    attr::setattr(&exc, "name", rt::str(module_name))?;
    attr::setattr(&exc, "path", file.unwrap_or_else(rt::none))?;
    Err(ExcInfo::new(exc))
}

/// The built-in (Rust) module `name`, created on first import and cached in `sys.modules`;
/// `None` if there is no built-in module of that name.
pub fn import_builtin(name: &str) -> Res<Option<PyRef>> {
    let modules = rt::with(|r| r.modules.clone());
    if let Kind::Dict(d) = &modules.kind {
        if let Some(module) = d.borrow().get_str(name) {
            return Ok(Some(module));
        }
    }
    let Some(init) = rt::with(|r| r.builtin_module_init(name)) else { return Ok(None) };
    let module = init();
    rt::dict_set_str(&modules, name, module.clone());
    set_module_attrs(&module)?;
    Ok(Some(module))
}

/// The directories a top-level import searches: `sys.path`, and the embedded library last
/// when `sys.path` lacks it.
fn sys_path_search() -> Res<Vec<String>> {
    let sys = import_builtin("sys")?.expect("sys is built in");
    let mut path = match attr::lookup(&sys, "path")? {
        Some(path) => string_list(&path),
        None => Vec::new(),
    };
    if !path.iter().any(|dir| dir == FROZEN_PREFIX) {
        path.push(FROZEN_PREFIX.to_string());
    }
    Ok(path)
}
