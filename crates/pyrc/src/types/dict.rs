//! `dict` methods.

use crate::object::error::{ExcInfo, Res};
use crate::object::exceptions::ExcKind;
use crate::object::native::Args;
use crate::object::runtime::{self as rt, raise, type_error};
use crate::object::{Kind, PyRef};
use crate::types::construct::dict_update;
use crate::types::ops;

pub(crate) fn dict_method(name: &str, a: Args) -> Res<PyRef> {
    let receiver = a.receiver();
    let Kind::Dict(cell) = &receiver.kind else { return type_error("not a dict") };
    match name {
        "get" => {
            a.arity("get", 1, 2)?;
            Ok(ops::dict_get(&receiver, &a.arg(0))?
                .unwrap_or_else(|| a.positional.get(1).cloned().unwrap_or_else(rt::none)))
        }
        "keys" | "values" | "items" if !a.positional.is_empty() => {
            type_error(format!("dict.{name}() takes no arguments ({} given)", a.positional.len()))
        }
        "keys" => Ok(rt::list(cell.borrow().keys())),
        "values" => Ok(rt::list(cell.borrow().values())),
        "items" => {
            let items = cell.borrow().items();
            Ok(rt::list(items.into_iter().map(|(k, v)| rt::tuple(vec![k, v])).collect::<Vec<_>>()))
        }
        "pop" => {
            a.arity("pop", 1, 2)?;
            match ops::dict_remove(&receiver, &a.arg(0))? {
                Some(v) => Ok(v),
                None => match a.positional.get(1) {
                    Some(d) => Ok(d.clone()),
                    None => Err(ExcInfo::new(rt::exception_of(
                        rt::exception_class(ExcKind::KeyError),
                        vec![a.arg(0)],
                    ))),
                },
            }
        }
        "popitem" => {
            let entry = cell.borrow_mut().pop_last();
            match entry {
                Some(e) => Ok(rt::tuple(vec![e.key, e.value])),
                None => raise(ExcKind::KeyError, "popitem(): dictionary is empty"),
            }
        }
        "setdefault" => {
            a.arity("setdefault", 1, 2)?;
            if let Some(v) = ops::dict_get(&receiver, &a.arg(0))? {
                return Ok(v);
            }
            let value = a.positional.get(1).cloned().unwrap_or_else(rt::none);
            ops::dict_set(&receiver, a.arg(0), value.clone())?;
            Ok(value)
        }
        "update" => {
            a.arity("update", 0, 1)?;
            if let Some(source) = a.positional.first() {
                dict_update(&receiver, source)?;
            }
            for (k, v) in a.keywords.iter().cloned() {
                ops::dict_set(&receiver, rt::str(k), v)?;
            }
            Ok(rt::none())
        }
        "clear" => {
            let entries = cell.borrow_mut().take_all();
            drop(entries);
            Ok(rt::none())
        }
        "copy" => ops::copy_container(&receiver),
        _ => type_error(format!("dict has no method {name}")),
    }
}
