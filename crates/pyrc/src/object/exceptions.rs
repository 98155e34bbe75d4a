//! The built-in exception classes by kind: pyrc raises and tests exceptions through
//! [`ExcKind`], never through a name looked up at run time, so a misspelt exception is a
//! compile error. The runtime keeps one class object per kind, indexed by it.

macro_rules! exception_kinds {
    ($($name:ident => $base:ident),* $(,)?) => {
        /// A built-in exception class. The declaration order puts every base before the
        /// classes derived from it (the runtime creates them in this order).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum ExcKind {
            BaseException,
            $($name),*
        }

        impl ExcKind {
            /// Every kind, in declaration order: `ALL[kind as usize] == kind`.
            pub const ALL: &'static [ExcKind] = &[ExcKind::BaseException, $(ExcKind::$name),*];

            /// The class's name, as Python spells it.
            pub fn name(self) -> &'static str {
                match self {
                    ExcKind::BaseException => "BaseException",
                    $(ExcKind::$name => stringify!($name)),*
                }
            }

            /// The class's base (`None` for `BaseException`, whose base is `object`).
            pub fn base(self) -> Option<ExcKind> {
                match self {
                    ExcKind::BaseException => None,
                    $(ExcKind::$name => Some(ExcKind::$base)),*
                }
            }
        }
    };
}

exception_kinds! {
    Exception => BaseException,
    SystemExit => BaseException,
    KeyboardInterrupt => BaseException,
    GeneratorExit => BaseException,
    ArithmeticError => Exception,
    ZeroDivisionError => ArithmeticError,
    OverflowError => ArithmeticError,
    AssertionError => Exception,
    AttributeError => Exception,
    LookupError => Exception,
    IndexError => LookupError,
    KeyError => LookupError,
    NameError => Exception,
    UnboundLocalError => NameError,
    OSError => Exception,
    BlockingIOError => OSError,
    FileNotFoundError => OSError,
    FileExistsError => OSError,
    IsADirectoryError => OSError,
    PermissionError => OSError,
    NotADirectoryError => OSError,
    InterruptedError => OSError,
    ChildProcessError => OSError,
    ProcessLookupError => OSError,
    TimeoutError => OSError,
    ConnectionError => OSError,
    BrokenPipeError => ConnectionError,
    ConnectionAbortedError => ConnectionError,
    ConnectionRefusedError => ConnectionError,
    ConnectionResetError => ConnectionError,
    RuntimeError => Exception,
    RecursionError => RuntimeError,
    NotImplementedError => RuntimeError,
    StopIteration => Exception,
    StopAsyncIteration => Exception,
    SyntaxError => Exception,
    IndentationError => SyntaxError,
    TypeError => Exception,
    ValueError => Exception,
    UnicodeError => ValueError,
    UnicodeEncodeError => UnicodeError,
    UnicodeDecodeError => UnicodeError,
    ImportError => Exception,
    ModuleNotFoundError => ImportError,
    MemoryError => Exception,
    SystemError => Exception,
    EOFError => Exception,
    ReferenceError => Exception,
    BufferError => Exception,
    Warning => Exception,
    ResourceWarning => Warning,
    DeprecationWarning => Warning,
    RuntimeWarning => Warning,
    UserWarning => Warning,
    PendingDeprecationWarning => Warning,
    SyntaxWarning => Warning,
    FutureWarning => Warning,
    ImportWarning => Warning,
    UnicodeWarning => Warning,
    BytesWarning => Warning,
    EncodingWarning => Warning,
    FloatingPointError => ArithmeticError,
    TabError => IndentationError,
    UnicodeTranslateError => UnicodeError,
}

impl ExcKind {
    /// The kind named `name`, for the few places where Python code names a class.
    pub fn from_name(name: &str) -> Option<ExcKind> {
        ExcKind::ALL.iter().copied().find(|kind| kind.name() == name)
    }
}

/// The subclass of `OSError` CPython's `OSError(errno, strerror)` makes for `errno` (its
/// `errnomap`), for the kinds pyrc has.
pub fn os_error_kind(errno: i32) -> ExcKind {
    match errno {
        libc::ENOENT => ExcKind::FileNotFoundError,
        libc::EEXIST => ExcKind::FileExistsError,
        libc::EISDIR => ExcKind::IsADirectoryError,
        libc::ENOTDIR => ExcKind::NotADirectoryError,
        libc::EACCES | libc::EPERM => ExcKind::PermissionError,
        libc::EAGAIN | libc::EALREADY | libc::EINPROGRESS => ExcKind::BlockingIOError,
        libc::EINTR => ExcKind::InterruptedError,
        libc::ECHILD => ExcKind::ChildProcessError,
        libc::ESRCH => ExcKind::ProcessLookupError,
        libc::EPIPE | libc::ESHUTDOWN => ExcKind::BrokenPipeError,
        libc::ECONNABORTED => ExcKind::ConnectionAbortedError,
        libc::ECONNREFUSED => ExcKind::ConnectionRefusedError,
        libc::ECONNRESET => ExcKind::ConnectionResetError,
        libc::ETIMEDOUT => ExcKind::TimeoutError,
        _ => ExcKind::OSError,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_index_their_table_and_bases_come_first() {
        for (index, kind) in ExcKind::ALL.iter().enumerate() {
            assert_eq!(*kind as usize, index);
            if let Some(base) = kind.base() {
                assert!((base as usize) < index, "{:?} before its base", kind);
            }
            assert_eq!(ExcKind::from_name(kind.name()), Some(*kind));
        }
    }
}
