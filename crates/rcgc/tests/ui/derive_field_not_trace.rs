// Every traced field needs a `Trace` impl; the error must point at the field's type, not at
// the derive.
struct Plain;

#[derive(rcgc::Trace, rcgc::Finalize)]
struct Holder {
    value: Plain,
}

fn main() {}
