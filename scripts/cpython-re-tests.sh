#!/usr/bin/env bash
# Runs CPython 3.11's own test_re under pyrc (scripts/cpython_re_driver.py) and prints its
# summary: how much of CPython's re test suite passes over pyrc's native _sre. Not part of CI:
# the failures left come from pyrc features outside _sre (see the driver's output).
# Usage: scripts/cpython-re-tests.sh [-v]   (honours CARGO_TARGET_DIR)
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
test_dir=$(python3 -c 'import test, os; print(os.path.dirname(test.__file__))')
cargo build --release -q -p pyrc || exit 1
target_dir=${CARGO_TARGET_DIR:-target}
[[ "$target_dir" == /* ]] || target_dir="$root/$target_dir"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cd "$scratch" && timeout 900 "$target_dir/release/pyrc" "$root/scripts/cpython_re_driver.py" \
    "$test_dir" "$@" 2>&1 | tail -n "${LINES_SHOWN:-400}"
