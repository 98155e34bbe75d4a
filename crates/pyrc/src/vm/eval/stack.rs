//! A frame's value stack: a vector whose capacity is reserved from the code's `max_stack`
//! when the frame is made, so a push is a length check and a write, with the grow path out
//! of line (`Vec::push` keeps its grow path in the caller, where it costs the loop registers
//! and a call on every push).

use std::ops::{Deref, DerefMut};

use crate::object::PyRef;

/// The value stack of a [`Frame`](super::Frame); everything but `push` is the vector's.
pub struct ValueStack(Vec<PyRef>);

impl ValueStack {
    /// A stack over `buffer` (an empty one: a finished frame's, or new), with room for
    /// `depth` values.
    #[inline]
    pub fn with_buffer(mut buffer: Vec<PyRef>, depth: usize) -> ValueStack {
        debug_assert!(buffer.is_empty());
        buffer.reserve(depth);
        ValueStack(buffer)
    }

    /// The buffer, for reuse by another frame.
    #[inline]
    pub fn into_buffer(self) -> Vec<PyRef> {
        self.0
    }

    /// Pushes `value` on top.
    #[inline(always)]
    pub fn push(&mut self, value: PyRef) {
        let len = self.0.len();
        if len == self.0.capacity() {
            grow(&mut self.0);
        }
        // SAFETY: `len < capacity` holds after the check above (grow reserved room), so the
        // slot at `len` is allocated and uninitialised; it becomes the new top, counted by
        // `set_len`.
        unsafe {
            self.0.as_mut_ptr().add(len).write(value);
            self.0.set_len(len + 1);
        }
    }
}

/// Room for one more value: only when the compiler's `max_stack` under-counted (a stack
/// that grows past it stays correct, just slower).
#[cold]
#[inline(never)]
fn grow(stack: &mut Vec<PyRef>) {
    stack.reserve(1);
}

impl Deref for ValueStack {
    type Target = Vec<PyRef>;

    #[inline(always)]
    fn deref(&self) -> &Vec<PyRef> {
        &self.0
    }
}

impl DerefMut for ValueStack {
    #[inline(always)]
    fn deref_mut(&mut self) -> &mut Vec<PyRef> {
        &mut self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pushes_past_the_reserved_depth_grow() {
        let mut stack = ValueStack::with_buffer(Vec::new(), 1);
        for i in 0..10 {
            stack.push(crate::object::runtime::int(i));
        }
        assert_eq!(stack.len(), 10);
        let popped: Vec<i64> = std::iter::from_fn(|| stack.pop())
            .map(|v| match v.kind {
                crate::object::Kind::Int(ref n) => n.to_i64().unwrap(),
                _ => panic!("an int"),
            })
            .collect();
        assert_eq!(popped, (0..10).rev().collect::<Vec<_>>());
    }
}
