// The generated `trace` borrows each field, which a packed struct does not allow.
#[derive(rcgc::Trace)]
#[repr(C, packed)]
struct Packed {
    a: u8,
    b: u32,
}

fn main() {}
