// Malformed `#[rcgc]` attributes: every one is reported, each at its own place.
#[derive(rcgc::Trace)]
struct Malformed {
    #[rcgc(skip = true)]
    a: u8,
    #[rcgc]
    b: u8,
    #[rcgc()]
    c: u8,
}

fn main() {}
