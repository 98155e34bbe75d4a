//! `int` (and `bool`) methods.

use num_traits::Signed;

use crate::object::native::MethodDef;
use crate::object::runtime as rt;
use crate::types::ops;

/// The methods of `int` and `bool`.
pub const INT_METHODS: &[MethodDef] = &[
    MethodDef {
        name: "bit_count",
        function: |a| {
            let value = ops::to_bigint(&a.receiver()).expect("int");
            Ok(rt::int(value.abs().to_str_radix(2).matches('1').count() as i64))
        },
    },
    MethodDef {
        name: "bit_length",
        function: |a| {
            let value = ops::to_bigint(&a.receiver()).expect("int");
            Ok(rt::int(value.abs().bits() as i64))
        },
    },
];
