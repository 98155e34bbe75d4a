//! `_posixsubprocess`, which CPython's `subprocess` imports at load time (`asyncio` imports
//! `subprocess`): pyrc does not start processes, so its `fork_exec` raises `OSError(ENOSYS)`
//! saying so; importing `subprocess` (and everything that only imports it) works.

use crate::object::runtime as rt;
use crate::object::PyRef;

use super::{native, new_module};

/// `import _posixsubprocess`.
pub fn module() -> PyRef {
    new_module(
        "_posixsubprocess",
        vec![(
            "fork_exec",
            native("fork_exec", |_| {
                let class = rt::exception_class(crate::object::exceptions::ExcKind::OSError);
                let exc = crate::types::ops::call(
                    &class,
                    vec![
                        rt::int(i64::from(libc::ENOSYS)),
                        rt::str("pyrc cannot start subprocesses (no fork_exec)"),
                    ],
                    vec![],
                )?;
                Err(crate::object::error::ExcInfo::new(exc))
            }),
        )],
    )
}
