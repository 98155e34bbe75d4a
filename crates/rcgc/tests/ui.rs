//! Compile-fail tests: what must not compile, and the error the user then sees.
//!
//! The expected compiler output lives next to each case (`ui/*.stderr`); regenerate it with
//! `TRYBUILD=overwrite cargo test -p rcgc --test ui` after a deliberate change, and read the
//! diff: each case must still fail for the reason its name gives. The output is that of the
//! stable compiler CI uses; another version may word the errors differently.

#[test]
fn ui() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("tests/ui/*.rs");
}
