#!/usr/bin/env bash
# Runs CPython's own test_gc.py, test_finalization.py and test_weakref.py under pyrc, in
# place from the local python3 installation (never copied), with the skip list
# scripts/cpython-gc-skips.txt. Ends with one line:
#     cpython gc tests: R run, P passed, S skipped, F failed
# and exits non-zero when F > 0 (or a file did not run to its summary).
# Usage: scripts/cpython-gc-tests.sh [-v]   (honours CARGO_TARGET_DIR)
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
test_dir=$(python3 -c 'import test, os; print(os.path.dirname(test.__file__))')
cargo build --release -q -p pyrc || exit 1
# Honours CARGO_TARGET_DIR (relative to the repository root, as cargo reads it from here).
target_dir=${CARGO_TARGET_DIR:-target}
[[ "$target_dir" == /* ]] || target_dir="$root/$target_dir"
pyrc="$target_dir/release/pyrc"
verbose=""
[[ "${1:-}" == "-v" ]] && verbose="-v"
log_dir=$(mktemp -d)
trap 'rm -rf "$log_dir"' EXIT
run=0 passed=0 skipped=0 failed=0
for name in test_gc test_finalization test_weakref; do
    log="$log_dir/$name.log"
    # Work in a scratch directory: some tests create files named after TESTFN.
    (cd "$log_dir" && timeout 900 "$pyrc" "$root/scripts/cpython_gc_driver.py" \
        "$root/scripts/cpython-gc-skips.txt" "$test_dir/$name.py" -v) >"$log" 2>&1
    status=$?
    summary=$(grep -E '^unittest-summary: ' "$log" | tail -1)
    if [[ -z "$summary" ]]; then
        echo "$name: no summary (exit status $status); last lines:"
        tail -20 "$log"
        failed=$((failed + 1))
        continue
    fi
    r=$(sed -E 's/.*run=([0-9]+).*/\1/' <<<"$summary")
    p=$(sed -E 's/.*passed=([0-9]+).*/\1/' <<<"$summary")
    s=$(sed -E 's/.*skipped=([0-9]+).*/\1/' <<<"$summary")
    f=$(sed -E 's/.*failed=([0-9]+).*/\1/' <<<"$summary")
    # Every skip must be one of the skip list's entries (a shim or the test file skipping
    # something unlisted would hide a test): a difference counts as failed.
    listed=$(grep -c "^$name\\." "$root/scripts/cpython-gc-skips.txt" || true)
    if [[ "$s" != "$listed" ]]; then
        echo "$name: $s tests skipped but $listed listed in scripts/cpython-gc-skips.txt:"
        grep -E "skipped '" "$log" | head -40
        f=$((f + (s > listed ? s - listed : listed - s)))
    fi
    echo "$name: $r run, $p passed, $s skipped, $f failed"
    if [[ "$f" != 0 ]]; then
        grep -E '^(FAIL|ERROR|Ran |OK|FAILED)|^[A-Za-z]*(Error|Exception):' "$log" | head -60
    fi
    if [[ -n "$verbose" ]]; then
        grep -E ' [.][.][.] ' "$log"
    fi
    run=$((run + r)) passed=$((passed + p)) skipped=$((skipped + s)) failed=$((failed + f))
done
echo "cpython gc tests: $run run, $passed passed, $skipped skipped, $failed failed"
[[ "$failed" == 0 ]]
