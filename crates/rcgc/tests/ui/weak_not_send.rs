// A `Weak` upgrades to a `Gc` of the thread that made it, so it must stay on that thread too.
fn assert_send<T: Send>() {}

fn main() {
    assert_send::<rcgc::Weak<u8>>();
}
