// A `Gc` belongs to the collector of the thread that made it: sending one to another thread
// would let two threads change its count and run its collector at once.
fn assert_send<T: Send>() {}

fn main() {
    assert_send::<rcgc::Gc<u8>>();
}
