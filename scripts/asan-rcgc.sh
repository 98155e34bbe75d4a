#!/usr/bin/env bash
# AddressSanitizer run of rcgc's tests: needs a nightly toolchain (`rustup toolchain list`
# shows one on some machines), so CI does not call it; valgrind covers the same binaries there.
# Usage: scripts/asan-rcgc.sh [extra cargo test arguments]
set -euo pipefail
cd "$(dirname "$0")/.."
rustup toolchain list | grep -q nightly || { echo "asan-rcgc: no nightly toolchain here" >&2; exit 2; }
host=$(rustc -vV | sed -n 's/^host: //p')
export RUSTFLAGS="-Zsanitizer=address"
export RUSTDOCFLAGS="-Zsanitizer=address"
# Leaks are valgrind's job (immortal objects leak on purpose); stack overflow is a test case.
export ASAN_OPTIONS="detect_leaks=0:detect_stack_use_after_return=1"
export RCGC_ORACLE_CASES=${RCGC_ORACLE_CASES:-200}
# Every object its own malloc block, so that the sanitizer sees each (rcgc's pools would hide them).
export RCGC_ALLOCATOR=malloc
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-target/asan}
# --target keeps the sanitizer flags off build scripts and proc macros.
# The 64 KiB-stack trashcan test is skipped: ASan's redzones make 50 nested deallocation
# frames larger than that stack (the 8 MiB-stack chain tests still run).
cargo +nightly test -p rcgc --target "$host" --tests --no-fail-fast "$@" -- \
  --skip a_long_chain_freed_by_reference_counting_uses_the_trashcan_on_a_small_stack
