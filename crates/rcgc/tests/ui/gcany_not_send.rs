// The type-erased handle counts a reference just as `Gc` does.
fn assert_send<T: Send>() {}

fn main() {
    assert_send::<rcgc::GcAny>();
}
