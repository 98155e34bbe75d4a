//! `bytes` and `bytearray` methods.

use crate::object::exceptions::ExcKind;
use crate::object::native::MethodDef;
use crate::object::runtime::{self as rt, raise, value_error};
use crate::object::Kind;
use crate::types::construct::bytes_of_iterable;
use crate::types::ops;

/// The methods of `bytes`.
pub const BYTES_METHODS: &[MethodDef] = crate::types::bytes_methods::SHARED_METHODS;

/// The methods of `bytearray` of its own (those it shares with `bytes` are looked up after).
pub const BYTEARRAY_METHODS: &[MethodDef] = &[
    MethodDef {
        name: "copy",
        function: |a| {
            a.arity("copy", 0, 0)?;
            match &a.receiver().kind {
                Kind::ByteArray(b) => {
                    Ok(crate::object::alloc(Kind::byte_array(b.borrow().clone())))
                }
                _ => crate::object::runtime::type_error(
                    "descriptor 'copy' requires a 'bytearray' object",
                ),
            }
        },
    },
    MethodDef {
        name: "append",
        function: |a| {
            a.arity("append", 1, 1)?;
            let byte = match ops::to_index(&a.arg(0))? {
                b @ 0..=255 => b as u8,
                _ => return value_error("byte must be in range(0, 256)"),
            };
            if let Kind::ByteArray(b) = &a.receiver().kind {
                b.borrow_mut().push(byte);
            }
            Ok(rt::none())
        },
    },
    MethodDef {
        name: "extend",
        function: |a| {
            a.arity("extend", 1, 1)?;
            let extra = bytes_of_iterable(&a.arg(0))?;
            if let Kind::ByteArray(b) = &a.receiver().kind {
                b.borrow_mut().extend(extra);
            }
            Ok(rt::none())
        },
    },
    MethodDef {
        name: "pop",
        function: |a| {
            a.arity("pop", 0, 0)?;
            let popped = match &a.receiver().kind {
                Kind::ByteArray(b) => b.borrow_mut().pop(),
                _ => None,
            };
            match popped {
                Some(byte) => Ok(rt::int(byte as i64)),
                None => raise(ExcKind::IndexError, "pop from empty bytearray"),
            }
        },
    },
    MethodDef {
        name: "clear",
        function: |a| {
            if let Kind::ByteArray(b) = &a.receiver().kind {
                b.borrow_mut().clear();
            }
            Ok(rt::none())
        },
    },
    MethodDef { name: "decode", function: crate::types::codec::bytes_decode },
];
