//! Native-function plumbing: the one signature every function written in Rust has
//! ([`NativeFn`]), the arguments it receives ([`Args`]), and the two ways to make one an object.

use std::rc::Rc;

use crate::object::error::Res;
use crate::object::runtime::type_error;
use crate::object::{alloc, Builtin, Kind, PyRef};

/// Keyword arguments of a call.
pub type Kwargs = Vec<(Rc<str>, PyRef)>;

/// The arguments of a native function.
pub struct Args<'a> {
    /// The builtin's name (lets one native function serve several methods).
    pub name: &'static str,
    /// `self` of a builtin method.
    pub receiver: Option<&'a PyRef>,
    pub positional: Vec<PyRef>,
    pub keywords: Kwargs,
}

/// A function implemented in Rust.
pub type NativeFn = fn(Args) -> Res<PyRef>;

impl Args<'_> {
    pub fn receiver(&self) -> PyRef {
        self.receiver.cloned().expect("builtin method called with its receiver")
    }

    pub fn keyword(&self, name: &str) -> Option<PyRef> {
        self.keywords.iter().find(|(k, _)| &**k == name).map(|(_, v)| v.clone())
    }

    pub fn arity(&self, name: &str, min: usize, max: usize) -> Res<()> {
        let n = self.positional.len();
        if n < min || n > max {
            let expected = if min == max {
                format!("exactly {min}")
            } else if n < min {
                format!("at least {min}")
            } else {
                format!("at most {max}")
            };
            let plural = if (if n < min { min } else { max }) == 1 { "" } else { "s" };
            return type_error(format!("{name}() takes {expected} argument{plural} ({n} given)"));
        }
        Ok(())
    }

    pub fn no_keywords(&self, name: &str) -> Res<()> {
        if let Some((key, _)) = self.keywords.first() {
            return type_error(format!("{name}() got an unexpected keyword argument '{key}'"));
        }
        Ok(())
    }

    pub fn arg(&self, i: usize) -> PyRef {
        self.positional[i].clone()
    }

    /// The arguments of parameters `names` (see [`bind_arguments`]).
    pub fn bind(
        &self,
        function: &str,
        names: &[&str],
        required: usize,
        ignored: &[&str],
    ) -> Res<Vec<Option<PyRef>>> {
        bind_arguments(function, &self.positional, &self.keywords, names, required, ignored)
    }
}

/// The arguments of parameters `names`, as CPython's argument parser binds them: the
/// positional ones first, then the keywords by name; a missing required parameter (one of the
/// first `required`) is reported first, then a keyword naming no parameter or one already
/// given by position. Keywords in `ignored` are accepted and dropped. The caller has checked
/// the number of positional arguments (its message varies by function).
pub fn bind_arguments(
    function: &str,
    positional: &[PyRef],
    keywords: &Kwargs,
    names: &[&str],
    required: usize,
    ignored: &[&str],
) -> Res<Vec<Option<PyRef>>> {
    let mut values: Vec<Option<PyRef>> = vec![None; names.len()];
    for (slot, value) in values.iter_mut().zip(positional) {
        *slot = Some(value.clone());
    }
    let keyword = |name: &str| keywords.iter().any(|(k, _)| &**k == name);
    for (index, name) in names.iter().enumerate().take(required) {
        if values[index].is_none() && !keyword(name) {
            return type_error(format!(
                "{function}() missing required argument '{name}' (pos {})",
                index + 1
            ));
        }
    }
    for (key, value) in keywords {
        let Some(index) = names.iter().position(|name| **name == **key) else {
            if ignored.contains(&&**key) {
                continue;
            }
            return type_error(format!("'{key}' is an invalid keyword argument for {function}()"));
        };
        if values[index].is_some() {
            return type_error(format!(
                "argument for {function}() given by name ('{key}') and position ({})",
                index + 1
            ));
        }
        values[index] = Some(value.clone());
    }
    Ok(values)
}

thread_local! {
    /// The receiver slot of a method of a built-in type taken off its table for one call
    /// (see [`unbound_method`]); never seen by Python code.
    static UNBOUND: PyRef = alloc(Kind::Object);
}

/// A method of a built-in type, not bound (CPython's `method_descriptor`): called with its
/// receiver as the first argument, which the function gets in `Args::receiver`. The
/// interpreter's `LoadMethod` pushes one under the receiver instead of making a bound
/// method per call. `ops::call` checks the receiver's type; the interpreter, which pushed
/// the receiver itself, need not.
pub fn unbound_method(def: MethodDef) -> PyRef {
    let receiver = UNBOUND.with(Clone::clone);
    alloc(Kind::Builtin(Box::new(Builtin {
        name: def.name,
        function: def.function,
        receiver: Some(receiver),
    })))
}

/// Whether `builtin` is an [`unbound_method`].
#[inline]
pub fn is_unbound_method(builtin: &Builtin) -> bool {
    match &builtin.receiver {
        Some(receiver) => UNBOUND.with(|marker| rcgc::Gc::ptr_eq(marker, receiver)),
        None => false,
    }
}

pub fn native(name: &'static str, function: NativeFn) -> PyRef {
    alloc(Kind::Builtin(Box::new(Builtin { name, function, receiver: None })))
}

pub fn method_of(receiver: &PyRef, name: &'static str, function: NativeFn) -> PyRef {
    alloc(Kind::Builtin(Box::new(Builtin { name, function, receiver: Some(receiver.clone()) })))
}

/// One method of a built-in type, as its type's table lists it (CPython's `PyMethodDef`): the
/// name Python sees and the function that runs, called with the receiver in `Args::receiver`.
#[derive(Clone, Copy)]
pub struct MethodDef {
    pub name: &'static str,
    pub function: NativeFn,
}

/// `receiver.name` from a type's method table: the method bound to `receiver`, if listed.
pub fn bound_method(table: &[MethodDef], receiver: &PyRef, name: &str) -> Option<PyRef> {
    let def = table.iter().find(|def| def.name == name)?;
    Some(method_of(receiver, def.name, def.function))
}
