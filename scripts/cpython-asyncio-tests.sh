#!/usr/bin/env bash
# Runs CPython 3.11's test_context and test_asyncio's test_futures and test_tasks in place
# (never copied) under pyrc (release build), through scripts/cpython_asyncio_driver.py, and
# prints each module's counts. A temporary directory stands in for CPython's `test` directory:
# symbolic links to test_context.py, certdata/ and test_asyncio's files, with an empty
# test_asyncio/__init__.py (CPython's needs test.support.load_package_tests).
#
# Usage: scripts/cpython-asyncio-tests.sh [MODULE ...]
#   (default: test.test_context test.test_asyncio.test_futures test.test_asyncio.test_tasks)
# Environment: CARGO_TARGET_DIR (where the pyrc binary is), PYTHON (the CPython 3.11 whose
# tests run; default python3).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
python=${PYTHON:-python3}
cargo build --release -p pyrc >&2
target=${CARGO_TARGET_DIR:-target}
case "$target" in /*) ;; *) target=$repo/$target ;; esac
pyrc=$target/release/pyrc
testdir=$("$python" -c 'import os, test; print(os.path.dirname(test.__file__))')
shim=$(mktemp -d)
trap 'rm -rf "$shim"' EXIT
mkdir "$shim/test_asyncio"
for f in "$testdir"/test_asyncio/*.py; do ln -s "$f" "$shim/test_asyncio/"; done
rm "$shim/test_asyncio/__init__.py"
: >"$shim/test_asyncio/__init__.py"
ln -s "$testdir/test_context.py" "$shim/"
ln -s "$testdir/certdata" "$shim/"
modules=("$@")
[ ${#modules[@]} -gt 0 ] || modules=(test.test_context test.test_asyncio.test_futures test.test_asyncio.test_tasks)
for module in "${modules[@]}"; do
  PYRC_CPYTHON_TEST_DIR=$shim timeout 1200 "$pyrc" scripts/cpython_asyncio_driver.py "$module" 2>&1 \
    | grep '^RESULT' || echo "RESULT $module: did not finish"
done
