// `#[rcgc(...)]` belongs on fields; on the type or on a variant it would mean nothing.
#[derive(rcgc::Trace)]
#[rcgc(skip)]
struct OnType {
    a: u8,
}

#[derive(rcgc::Trace)]
enum OnVariant {
    #[rcgc(skip)]
    A(u8),
}

fn main() {}
