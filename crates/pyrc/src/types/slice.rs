//! `slice` methods.

use crate::object::native::MethodDef;
use crate::object::runtime::{self as rt, value_error};
use crate::types::ops;

/// The methods of `slice`.
pub const SLICE_METHODS: &[MethodDef] = &[MethodDef {
    name: "indices",
    function: |a| {
        a.arity("indices", 1, 1)?;
        let length = ops::to_index(&a.arg(0))?;
        let Ok(length) = usize::try_from(length) else {
            return value_error("length should not be negative");
        };
        let (start, stop, step) = ops::slice_indices(&a.receiver(), length)?;
        Ok(rt::tuple(vec![rt::int(start), rt::int(stop), rt::int(step)]))
    },
}];
