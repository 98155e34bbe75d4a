// Which field of a union is alive is known only to the program, so the derive cannot trace it.
#[derive(rcgc::Trace)]
union Bits {
    int: u32,
    float: f32,
}

fn main() {}
