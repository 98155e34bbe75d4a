// `skip` is the only field attribute; a misspelt or invented one must not be silently ignored.
use rcgc::Gc;

#[derive(rcgc::Trace)]
struct Node {
    #[rcgc(untraced)]
    next: Option<Gc<Node>>,
}

fn main() {}
