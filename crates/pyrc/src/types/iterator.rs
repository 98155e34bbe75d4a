//! Methods of the built-in iterators (generators add theirs: `object::VmIter::method`).

use crate::object::error::ExcInfo;
use crate::object::exceptions::ExcKind;
use crate::object::native::MethodDef;
use crate::object::runtime as rt;
use crate::types::ops;

/// The methods of the built-in iterators.
pub const ITERATOR_METHODS: &[MethodDef] = &[
    MethodDef {
        name: "__next__",
        function: |a| match ops::next(&a.receiver())? {
            Some(item) => Ok(item),
            None => Err(ExcInfo::new(rt::exception_of(
                rt::exception_class(ExcKind::StopIteration),
                vec![],
            ))),
        },
    },
    MethodDef { name: "__iter__", function: |a| Ok(a.receiver()) },
];
