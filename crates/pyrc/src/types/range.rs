//! `range` methods.

use crate::object::native::MethodDef;
use crate::object::runtime::{self as rt, value_error};
use crate::object::Kind;
use crate::types::ops;

/// The methods of `range`.
pub const RANGE_METHODS: &[MethodDef] = &[
    MethodDef {
        name: "index",
        function: |a| {
            a.arity("index", 1, 1)?;
            let receiver = a.receiver();
            let Kind::Range(range) = &receiver.kind else { unreachable!() };
            let (start, step) = (&range.start, &range.step);
            if ops::contains(&receiver, &a.arg(0))? {
                let value = ops::to_bigint(&a.arg(0)).expect("an int in a range");
                return Ok(rt::int((value - start) / step));
            }
            value_error(format!("{} is not in range", ops::repr(&a.arg(0))?))
        },
    },
    MethodDef {
        name: "count",
        function: |a| {
            a.arity("count", 1, 1)?;
            Ok(rt::int(ops::contains(&a.receiver(), &a.arg(0))? as i64))
        },
    },
];
