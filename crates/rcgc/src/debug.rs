//! Debugging the collector, as Python's `gc.set_debug` does: typed debug flags
//! ([`DebugFlags`], [`set_flags`], [`flags`]), where their output goes ([`set_debug_output`]),
//! how it names objects ([`set_object_describer`]), and how panics caught in user code are
//! reported ([`set_unraisable_hook`], Python's `sys.unraisablehook`).
//!
//! The flags are the same bits as the `u32` constants at the crate root ([`DEBUG_STATS`](crate::DEBUG_STATS)
//! and the others) and as CPython's `gc.DEBUG_*`, so [`flags`] and [`get_debug`](crate::get_debug)
//! always agree.
//!
//! ```
//! use rcgc::debug::{self, DebugFlags};
//!
//! debug::set_flags(DebugFlags::SAVEALL);
//! assert_eq!(rcgc::get_debug(), rcgc::DEBUG_SAVEALL);
//! debug::set_flags(DebugFlags::empty());
//! ```

use std::fmt;
use std::ops::{BitAnd, BitAndAssign, BitOr, BitOrAssign, Sub, SubAssign};

pub use crate::hooks::{set_debug_output, set_object_describer, DebugSink, ObjectDescriber};
pub use crate::report::{set_unraisable_hook, Unraisable, UnraisableHook};

/// A set of debug flags (`gc.set_debug`'s argument), with CPython's bit values.
///
/// A small hand-written bit set rather than a `bitflags` type, so that `rcgc` keeps no runtime
/// dependency besides its derive. Bits without a name are kept (CPython's `gc.set_debug` accepts
/// any integer), so converting from and to `u32` never loses information.
///
/// ```
/// use rcgc::debug::DebugFlags;
///
/// let flags = DebugFlags::STATS | DebugFlags::SAVEALL;
/// assert!(flags.contains(DebugFlags::SAVEALL));
/// assert_eq!(flags.bits(), 1 | 32);
/// assert_eq!(format!("{flags:?}"), "DebugFlags(STATS | SAVEALL)");
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct DebugFlags(u32);

impl DebugFlags {
    /// `gc.DEBUG_STATS` (1): print statistics during collection.
    ///
    /// ```
    /// assert_eq!(rcgc::debug::DebugFlags::STATS.bits(), rcgc::DEBUG_STATS);
    /// ```
    pub const STATS: DebugFlags = DebugFlags(crate::hooks::DEBUG_STATS);

    /// `gc.DEBUG_COLLECTABLE` (2): print the collectable objects found.
    ///
    /// ```
    /// assert_eq!(rcgc::debug::DebugFlags::COLLECTABLE.bits(), rcgc::DEBUG_COLLECTABLE);
    /// ```
    pub const COLLECTABLE: DebugFlags = DebugFlags(crate::hooks::DEBUG_COLLECTABLE);

    /// `gc.DEBUG_UNCOLLECTABLE` (4): print the unreachable but uncollectable objects found.
    ///
    /// ```
    /// assert_eq!(rcgc::debug::DebugFlags::UNCOLLECTABLE.bits(), rcgc::DEBUG_UNCOLLECTABLE);
    /// ```
    pub const UNCOLLECTABLE: DebugFlags = DebugFlags(crate::hooks::DEBUG_UNCOLLECTABLE);

    /// `gc.DEBUG_SAVEALL` (32): keep every unreachable object in the garbage list
    /// ([`crate::introspect::garbage`]) instead of freeing it.
    ///
    /// ```
    /// assert_eq!(rcgc::debug::DebugFlags::SAVEALL.bits(), rcgc::DEBUG_SAVEALL);
    /// ```
    pub const SAVEALL: DebugFlags = DebugFlags(crate::collector::DEBUG_SAVEALL);

    /// `gc.DEBUG_LEAK` (38): `COLLECTABLE | UNCOLLECTABLE | SAVEALL`, for finding leaks.
    ///
    /// ```
    /// use rcgc::debug::DebugFlags;
    /// assert_eq!(
    ///     DebugFlags::LEAK,
    ///     DebugFlags::COLLECTABLE | DebugFlags::UNCOLLECTABLE | DebugFlags::SAVEALL
    /// );
    /// assert_eq!(DebugFlags::LEAK.bits(), rcgc::DEBUG_LEAK);
    /// ```
    pub const LEAK: DebugFlags = DebugFlags(crate::hooks::DEBUG_LEAK);

    /// The named single flags, for `Debug` output.
    const NAMED: [(&'static str, DebugFlags); 4] = [
        ("STATS", DebugFlags::STATS),
        ("COLLECTABLE", DebugFlags::COLLECTABLE),
        ("UNCOLLECTABLE", DebugFlags::UNCOLLECTABLE),
        ("SAVEALL", DebugFlags::SAVEALL),
    ];

    /// No flag set (`gc.set_debug(0)`, the default).
    ///
    /// ```
    /// use rcgc::debug::DebugFlags;
    /// assert!(DebugFlags::empty().is_empty());
    /// assert_eq!(DebugFlags::empty(), DebugFlags::default());
    /// ```
    pub const fn empty() -> DebugFlags {
        DebugFlags(0)
    }

    /// Every named flag (`STATS | LEAK`).
    ///
    /// ```
    /// use rcgc::debug::DebugFlags;
    /// assert_eq!(DebugFlags::all(), DebugFlags::STATS | DebugFlags::LEAK);
    /// ```
    pub const fn all() -> DebugFlags {
        DebugFlags(DebugFlags::STATS.0 | DebugFlags::LEAK.0)
    }

    /// The flags from their bits, or `None` if a bit has no name here.
    ///
    /// ```
    /// use rcgc::debug::DebugFlags;
    /// assert_eq!(DebugFlags::from_bits(1), Some(DebugFlags::STATS));
    /// assert_eq!(DebugFlags::from_bits(8), None);
    /// ```
    pub const fn from_bits(bits: u32) -> Option<DebugFlags> {
        if bits & !DebugFlags::all().0 == 0 {
            Some(DebugFlags(bits))
        } else {
            None
        }
    }

    /// The flags from their bits, unnamed bits included (what `gc.set_debug` accepts).
    ///
    /// ```
    /// use rcgc::debug::DebugFlags;
    /// assert_eq!(DebugFlags::from_bits_retain(8 | 1).bits(), 9);
    /// ```
    pub const fn from_bits_retain(bits: u32) -> DebugFlags {
        DebugFlags(bits)
    }

    /// The bits, as [`set_debug`](crate::set_debug) takes them.
    ///
    /// ```
    /// assert_eq!(rcgc::debug::DebugFlags::LEAK.bits(), 38);
    /// ```
    pub const fn bits(self) -> u32 {
        self.0
    }

    /// Whether no flag is set.
    ///
    /// ```
    /// use rcgc::debug::DebugFlags;
    /// assert!(!DebugFlags::STATS.is_empty());
    /// ```
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// Whether every flag of `other` is set in `self`.
    ///
    /// ```
    /// use rcgc::debug::DebugFlags;
    /// assert!(DebugFlags::LEAK.contains(DebugFlags::SAVEALL));
    /// assert!(!DebugFlags::LEAK.contains(DebugFlags::STATS | DebugFlags::SAVEALL));
    /// ```
    pub const fn contains(self, other: DebugFlags) -> bool {
        self.0 & other.0 == other.0
    }

    /// Whether `self` and `other` have a flag in common.
    ///
    /// ```
    /// use rcgc::debug::DebugFlags;
    /// assert!(DebugFlags::LEAK.intersects(DebugFlags::STATS | DebugFlags::SAVEALL));
    /// assert!(!DebugFlags::LEAK.intersects(DebugFlags::STATS));
    /// ```
    pub const fn intersects(self, other: DebugFlags) -> bool {
        self.0 & other.0 != 0
    }

    /// Sets the flags of `other` too.
    ///
    /// ```
    /// use rcgc::debug::DebugFlags;
    /// let mut flags = DebugFlags::STATS;
    /// flags.insert(DebugFlags::SAVEALL);
    /// assert_eq!(flags, DebugFlags::STATS | DebugFlags::SAVEALL);
    /// ```
    pub fn insert(&mut self, other: DebugFlags) {
        self.0 |= other.0;
    }

    /// Clears the flags of `other`.
    ///
    /// ```
    /// use rcgc::debug::DebugFlags;
    /// let mut flags = DebugFlags::LEAK;
    /// flags.remove(DebugFlags::SAVEALL);
    /// assert_eq!(flags, DebugFlags::COLLECTABLE | DebugFlags::UNCOLLECTABLE);
    /// ```
    pub fn remove(&mut self, other: DebugFlags) {
        self.0 &= !other.0;
    }
}

/// Lists the flag names, as `DebugFlags(STATS | SAVEALL)`; bits without a name are shown in
/// hex, so that nothing set is hidden.
///
/// ```
/// use rcgc::debug::DebugFlags;
/// assert_eq!(format!("{:?}", DebugFlags::empty()), "DebugFlags(empty)");
/// assert_eq!(
///     format!("{:?}", DebugFlags::from_bits_retain(0x41)),
///     "DebugFlags(STATS | 0x40)"
/// );
/// ```
impl fmt::Debug for DebugFlags {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("DebugFlags(")?;
        if self.is_empty() {
            f.write_str("empty")?;
        }
        let mut first = true;
        let mut separator = |f: &mut fmt::Formatter<'_>| {
            let text = if first { "" } else { " | " };
            first = false;
            f.write_str(text)
        };
        for (name, flag) in DebugFlags::NAMED {
            if self.contains(flag) {
                separator(f)?;
                f.write_str(name)?;
            }
        }
        let unnamed = self.0 & !DebugFlags::all().0;
        if unnamed != 0 {
            separator(f)?;
            write!(f, "{unnamed:#x}")?;
        }
        f.write_str(")")
    }
}

/// The union of two sets of flags.
///
/// ```
/// use rcgc::debug::DebugFlags;
/// assert_eq!((DebugFlags::STATS | DebugFlags::SAVEALL).bits(), 33);
/// ```
impl BitOr for DebugFlags {
    type Output = DebugFlags;
    fn bitor(self, other: DebugFlags) -> DebugFlags {
        DebugFlags(self.0 | other.0)
    }
}

/// Adds the flags of the right-hand side.
///
/// ```
/// use rcgc::debug::DebugFlags;
/// let mut flags = DebugFlags::STATS;
/// flags |= DebugFlags::SAVEALL;
/// assert_eq!(flags.bits(), 33);
/// ```
impl BitOrAssign for DebugFlags {
    fn bitor_assign(&mut self, other: DebugFlags) {
        self.0 |= other.0;
    }
}

/// The flags set in both.
///
/// ```
/// use rcgc::debug::DebugFlags;
/// assert_eq!(DebugFlags::LEAK & DebugFlags::SAVEALL, DebugFlags::SAVEALL);
/// ```
impl BitAnd for DebugFlags {
    type Output = DebugFlags;
    fn bitand(self, other: DebugFlags) -> DebugFlags {
        DebugFlags(self.0 & other.0)
    }
}

/// Keeps only the flags also set on the right-hand side.
///
/// ```
/// use rcgc::debug::DebugFlags;
/// let mut flags = DebugFlags::LEAK;
/// flags &= DebugFlags::STATS | DebugFlags::SAVEALL;
/// assert_eq!(flags, DebugFlags::SAVEALL);
/// ```
impl BitAndAssign for DebugFlags {
    fn bitand_assign(&mut self, other: DebugFlags) {
        self.0 &= other.0;
    }
}

/// The flags of the left-hand side that the right-hand side does not set.
///
/// ```
/// use rcgc::debug::DebugFlags;
/// assert_eq!(DebugFlags::LEAK - DebugFlags::SAVEALL, DebugFlags::COLLECTABLE | DebugFlags::UNCOLLECTABLE);
/// ```
impl Sub for DebugFlags {
    type Output = DebugFlags;
    fn sub(self, other: DebugFlags) -> DebugFlags {
        DebugFlags(self.0 & !other.0)
    }
}

/// Clears the flags of the right-hand side.
///
/// ```
/// use rcgc::debug::DebugFlags;
/// let mut flags = DebugFlags::LEAK;
/// flags -= DebugFlags::SAVEALL;
/// assert!(!flags.contains(DebugFlags::SAVEALL));
/// ```
impl SubAssign for DebugFlags {
    fn sub_assign(&mut self, other: DebugFlags) {
        self.0 &= !other.0;
    }
}

/// The bits, as the `u32` API ([`set_debug`](crate::set_debug)) takes them.
///
/// ```
/// use rcgc::debug::DebugFlags;
/// assert_eq!(u32::from(DebugFlags::SAVEALL), rcgc::DEBUG_SAVEALL);
/// ```
impl From<DebugFlags> for u32 {
    fn from(flags: DebugFlags) -> u32 {
        flags.0
    }
}

/// Sets the debug flags of this thread's collector (`gc.set_debug`); output goes to
/// [`set_debug_output`]'s sink (stderr by default), in CPython's format. The same setting as
/// [`set_debug`](crate::set_debug), typed.
///
/// ```
/// use rcgc::debug::{self, DebugFlags};
///
/// debug::set_flags(DebugFlags::STATS | DebugFlags::SAVEALL);
/// assert_eq!(debug::flags(), DebugFlags::STATS | DebugFlags::SAVEALL);
/// assert_eq!(rcgc::get_debug(), rcgc::DEBUG_STATS | rcgc::DEBUG_SAVEALL);
/// debug::set_flags(DebugFlags::empty());
/// ```
pub fn set_flags(flags: DebugFlags) {
    crate::set_debug(flags.bits());
}

/// The debug flags of this thread's collector (`gc.get_debug`), unnamed bits set through
/// [`set_debug`](crate::set_debug) included.
///
/// ```
/// assert_eq!(rcgc::debug::flags(), rcgc::debug::DebugFlags::empty());
/// ```
pub fn flags() -> DebugFlags {
    DebugFlags::from_bits_retain(crate::get_debug())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bits_are_cpythons() {
        // Python 3.11: gc.DEBUG_STATS == 1, DEBUG_COLLECTABLE == 2, DEBUG_UNCOLLECTABLE == 4,
        // DEBUG_SAVEALL == 32, DEBUG_LEAK == 38.
        assert_eq!(DebugFlags::STATS.bits(), 1);
        assert_eq!(DebugFlags::COLLECTABLE.bits(), 2);
        assert_eq!(DebugFlags::UNCOLLECTABLE.bits(), 4);
        assert_eq!(DebugFlags::SAVEALL.bits(), 32);
        assert_eq!(DebugFlags::LEAK.bits(), 38);
        assert_eq!(DebugFlags::LEAK.bits(), crate::DEBUG_LEAK);
    }

    #[test]
    fn unnamed_bits_survive_a_round_trip() {
        crate::set_debug(0x100 | crate::DEBUG_STATS);
        assert_eq!(flags().bits(), 0x101);
        assert_eq!(DebugFlags::from_bits(flags().bits()), None);
        set_flags(DebugFlags::empty());
        assert_eq!(crate::get_debug(), 0);
    }

    #[test]
    fn debug_output_lists_leak_as_its_parts() {
        assert_eq!(
            format!("{:?}", DebugFlags::LEAK),
            "DebugFlags(COLLECTABLE | UNCOLLECTABLE | SAVEALL)"
        );
    }
}
