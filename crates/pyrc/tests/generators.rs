//! Generators are heap frames (issue 11): a million suspended generators live at once, with
//! no memory mapping or stack of their own (stackful coroutines needed two mappings each,
//! and stopped at `vm.max_map_count`, about 32,700). What a suspended frame holds is checked
//! by the golden program `generator_frames.py`.

use std::process::Command;

const SCRIPT: &str = r#"
def g(n):
    for i in range(n):
        yield i
gens = [g(3) for _ in range(10**6)]
for x in gens:
    next(x)
print(len(gens), sum(next(x) for x in gens))
"#;

#[test]
fn a_million_suspended_generators_live_at_once() {
    let output = Command::new(env!("CARGO_BIN_EXE_pyrc")).args(["-c", SCRIPT]).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert_eq!(String::from_utf8_lossy(&output.stdout), "1000000 1000000\n");
    let map_count_limit = std::fs::read_to_string("/proc/sys/vm/max_map_count")
        .ok()
        .and_then(|s| s.trim().parse::<usize>().ok());
    if let Some(limit) = map_count_limit {
        // The old design's ceiling: two mappings per generator.
        assert!(limit / 2 < 1_000_000, "the test must exceed the old limit ({limit} maps)");
    }
}
