// A shared `&Gc` would let another thread clone it, changing the count without synchronization.
fn assert_sync<T: Sync>() {}

fn main() {
    assert_sync::<rcgc::Gc<u8>>();
}
