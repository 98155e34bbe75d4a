//! The builtins that read or run code in a scope: `globals()`, `locals()`, `vars()`,
//! `dir()`, `eval`, `exec`, `compile`. The caller's scope comes from
//! `vm::eval::caller_scope` (see `vm::eval::dynamic`).

use std::rc::Rc;

use crate::object::error::Res;
use crate::object::exceptions::ExcKind;
use crate::object::native::{Args, NativeFn};
use crate::object::runtime::{self as rt, raise, type_error};
use crate::object::{Kind, PyRef};
use crate::types::{self, attr, ops};
use crate::vm::eval::{self as eval, Mode};

/// The functions of this file, for `builtins`' table.
pub const FUNCTIONS: &[(&str, NativeFn)] = &[
    ("globals", builtin_globals),
    ("locals", builtin_locals),
    ("vars", builtin_vars),
    ("eval", builtin_eval),
    ("exec", builtin_exec),
    ("compile", builtin_compile),
];

fn no_arguments(a: &Args, name: &str) -> Res<()> {
    a.no_keywords(name)?;
    if !a.positional.is_empty() {
        return type_error(format!("{name}() takes no arguments ({} given)", a.positional.len()));
    }
    Ok(())
}

/// CPython's `_PyArg_CheckPositional` message for a wrong number of positional arguments.
fn arity(a: &Args, name: &str, min: usize, max: usize) -> Res<()> {
    let n = a.positional.len();
    let (bound, word) = if n < min { (min, "least") } else { (max, "most") };
    if n < min || n > max {
        let plural = if bound == 1 { "" } else { "s" };
        return type_error(format!("{name} expected at {word} {bound} argument{plural}, got {n}"));
    }
    Ok(())
}

/// `globals()`.
fn builtin_globals(a: Args) -> Res<PyRef> {
    let (globals, _) = eval::caller_scope();
    no_arguments(&a, "globals")?;
    Ok(globals)
}

/// `locals()`: a function's variables as a new dict; a module's or class body's namespace.
fn builtin_locals(a: Args) -> Res<PyRef> {
    let (_, locals) = eval::caller_scope();
    no_arguments(&a, "locals")?;
    Ok(locals)
}

/// `vars()` (the caller's locals) and `vars(object)` (its `__dict__`).
fn builtin_vars(a: Args) -> Res<PyRef> {
    let (_, locals) = eval::caller_scope();
    a.no_keywords("vars")?;
    arity(&a, "vars", 0, 1)?;
    let Some(object) = a.positional.first() else { return Ok(locals) };
    match attr::getattr(object, "__dict__") {
        Ok(dict) => Ok(dict),
        Err(e) if rt::is_exception(&e.value, ExcKind::AttributeError) => {
            type_error("vars() argument must have __dict__ attribute")
        }
        Err(e) => Err(e),
    }
}

/// `dir()` without an argument: the caller's local names, sorted.
pub fn dir_of_scope() -> Res<PyRef> {
    let (_, locals) = eval::caller_scope();
    let names = crate::types::list::sort_list(ops::to_vec(&locals)?, None, false)?;
    Ok(rt::list(names))
}

/// What `eval`/`exec` run: the source (str, bytes or code object), compiled in `mode`.
fn code_of(source: &PyRef, function: &str, mode: Mode) -> Res<Rc<crate::object::code::CodeObject>> {
    let text = match &source.kind {
        Kind::Code(code) => return Ok(code.clone()),
        Kind::Str(..) => crate::object::str_text(source).unwrap_or("").to_string(),
        Kind::Bytes(bytes) => match std::str::from_utf8(bytes) {
            Ok(text) => text.to_string(),
            Err(_) => return raise(ExcKind::SyntaxError, "source code is not valid UTF-8"),
        },
        _ => {
            return type_error(format!("{function}() arg 1 must be a string, bytes or code object"))
        }
    };
    if text.contains('\0') {
        return raise(ExcKind::SyntaxError, "source code string cannot contain null bytes");
    }
    eval::compile_source(&text, "<string>", mode)
}

/// The globals and locals `eval`/`exec` run in, from their arguments and the caller's scope.
fn scope_of(a: &Args, function: &str) -> Res<(PyRef, Option<PyRef>)> {
    let (caller_globals, caller_locals) = eval::caller_scope();
    let given = |i: usize| a.positional.get(i).filter(|v| !matches!(v.kind, Kind::None)).cloned();
    let globals = given(1);
    let locals = given(2);
    if let Some(globals) = &globals {
        if !matches!(globals.kind, Kind::Dict(_)) {
            return type_error(match function {
                "exec" => {
                    format!("exec() globals must be a dict, not {}", types::type_name(globals))
                }
                _ => "globals must be a dict".to_string(),
            });
        }
    }
    if let Some(locals) = &locals {
        if !matches!(locals.kind, Kind::Dict(_)) && attr::getattr(locals, "__getitem__").is_err() {
            return type_error(match function {
                "exec" => {
                    format!("locals must be a mapping or None, not {}", types::type_name(locals))
                }
                _ => "locals must be a mapping".to_string(),
            });
        }
    }
    Ok(match (globals, locals) {
        (None, None) => (caller_globals, Some(caller_locals)),
        (None, Some(locals)) => (caller_globals, Some(locals)),
        (Some(globals), locals) => (globals, locals),
    })
}

/// `eval(source, globals=None, locals=None, /)`.
fn builtin_eval(a: Args) -> Res<PyRef> {
    let (globals, locals) = scope_of(&a, "eval")?;
    if !a.keywords.is_empty() {
        return type_error("eval() takes no keyword arguments");
    }
    arity(&a, "eval", 1, 3)?;
    let code = code_of(&a.positional[0], "eval", Mode::Eval)?;
    eval::run_in(&code, &globals, locals)
}

/// `exec(source, globals=None, locals=None, /, *, closure=None)`.
fn builtin_exec(a: Args) -> Res<PyRef> {
    let (globals, locals) = scope_of(&a, "exec")?;
    for (key, value) in &a.keywords {
        if &**key != "closure" {
            return type_error(format!("exec() got an unexpected keyword argument '{key}'"));
        }
        if !matches!(value.kind, Kind::None) {
            return type_error("closure can only be used when source is a code object");
        }
    }
    if a.positional.len() > 3 {
        return type_error(format!(
            "exec() takes at most 3 positional arguments ({} given)",
            a.positional.len()
        ));
    }
    arity(&a, "exec", 1, 3)?;
    let code = code_of(&a.positional[0], "exec", Mode::Exec)?;
    eval::run_in(&code, &globals, locals)?;
    Ok(rt::none())
}

/// `compile(source, filename, mode, flags=0, dont_inherit=False, optimize=-1)`.
fn builtin_compile(a: Args) -> Res<PyRef> {
    const NAMES: [&str; 6] = ["source", "filename", "mode", "flags", "dont_inherit", "optimize"];
    if a.positional.len() > NAMES.len() {
        return type_error(format!(
            "compile() takes at most 6 arguments ({} given)",
            a.positional.len()
        ));
    }
    let values = a.bind("compile", &NAMES, 3, &["_feature_version"])?;
    let [source, filename, mode, flags, ..] = <[Option<PyRef>; 6]>::try_from(values)
        .unwrap_or_else(|_| unreachable!("one value per name"));
    let (source, filename, mode) = (source.unwrap(), filename.unwrap(), mode.unwrap());
    let filename = match &filename.kind {
        Kind::Str(..) => crate::object::str_text(&filename).unwrap_or("").to_string(),
        Kind::Bytes(bytes) => String::from_utf8_lossy(bytes).into_owned(),
        _ => {
            return type_error(format!(
                "expected str, bytes or os.PathLike object, not {}",
                types::type_name(&filename)
            ))
        }
    };
    let mode = match crate::object::str_text(&mode) {
        Some(mode) => Mode::from_name(mode)?,
        None => {
            return type_error(format!(
                "compile() argument 'mode' must be str, not {}",
                types::type_name(&mode)
            ))
        }
    };
    let only_ast = match flags {
        Some(flags) => ops::to_index(&flags)? & crate::modules::ast::PYCF_ONLY_AST != 0,
        None => false,
    };
    let text = match &source.kind {
        Kind::Str(..) => crate::object::str_text(&source).unwrap_or("").to_string(),
        Kind::Bytes(bytes) => match std::str::from_utf8(bytes) {
            Ok(text) => text.to_string(),
            Err(_) => return raise(ExcKind::SyntaxError, "source code is not valid UTF-8"),
        },
        _ => return type_error("compile() arg 1 must be a string, bytes or AST object"),
    };
    if text.contains('\0') {
        return raise(ExcKind::SyntaxError, "source code string cannot contain null bytes");
    }
    if only_ast {
        // `ast.parse`: the syntax tree as `_ast` node objects.
        use crate::compile::parse::syntax_tree::{parse_tree, TreeMode};
        let tree_mode = match mode {
            Mode::Exec => TreeMode::Exec,
            Mode::Eval => TreeMode::Eval,
            Mode::Single => TreeMode::Single,
        };
        let tree = parse_tree(&text, &filename, tree_mode)
            .map_err(|e| crate::vm::import::syntax_error(&e))?;
        return crate::modules::ast::tree_to_object(&tree);
    }
    let code = eval::compile_source(&text, &filename, mode)?;
    // A file's source (CPython's `importlib` compiles modules this way): pyrc's traceback
    // report shows its lines, as it does for the modules its own import reads.
    if !filename.starts_with('<') {
        eval::register_source(&filename, &text);
    }
    Ok(eval::code_object(code))
}
