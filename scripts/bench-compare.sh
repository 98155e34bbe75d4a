#!/usr/bin/env bash
# Issue #4's one command: builds the comparison benchmark (crates/rcgc-bench, its own
# workspace) in release, runs every workload on rcgc, std::rc::Rc and the peer crates (each
# cell in its own child process), runs the same workloads in CPython
# (scripts/bench-compare.py), and prints the Markdown table with ratios to rcgc, the notes and
# the targets check. Raw result lines and the table are kept in
# crates/rcgc-bench/target/bench-compare/.
#
# Usage: scripts/bench-compare.sh [--quick]
#   --quick (or RCGC_BENCH_QUICK=1): every size scaled down; a smoke run that takes well
#   under a minute once built. Quick numbers are not comparable with the full run's.
set -euo pipefail
cd "$(dirname "$0")/.."

for arg in "$@"; do
  case "$arg" in
    --quick) export RCGC_BENCH_QUICK=1 ;;
    *) echo "usage: $0 [--quick]" >&2; exit 2 ;;
  esac
done
quick=""
if [ -n "${RCGC_BENCH_QUICK:-}" ] && [ "${RCGC_BENCH_QUICK}" != 0 ]; then
  export RCGC_BENCH_QUICK=1
  quick=--quick
fi

command -v python3 >/dev/null || { echo "bench-compare: python3 (CPython 3.11) is required" >&2; exit 1; }
python3 -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else 1)' ||
  echo "bench-compare: warning: $(python3 --version) is not CPython 3.11" >&2

bench=crates/rcgc-bench
out=target/bench-compare # relative to $bench
mkdir -p "$bench/$out"
start=$(date +%s)
load_start=$(cut -d" " -f1-3 /proc/loadavg 2>/dev/null || echo "?")

echo "== build (release)" >&2
(cd "$bench" && cargo bench --bench compare --no-run)

echo "== Rust systems" >&2
(cd "$bench" && cargo bench -q --bench compare -- --out "$out/rust.tsv")

echo "== CPython" >&2
python3 scripts/bench-compare.py $quick >"$bench/$out/cpython.tsv"

{
  echo "Date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  echo "Load average (1, 5, 15 min): $load_start at the start, $(cut -d" " -f1-3 /proc/loadavg 2>/dev/null || echo "?") at the end"
  echo "Toolchain: $(rustc --version), $(python3 --version)"
  if rev=$(git rev-parse --short HEAD 2>/dev/null); then
    dirty=$(git status --porcelain -- crates/rcgc/src crates/rcgc/Cargo.toml crates/rcgc-derive 2>/dev/null | grep -q . && echo " + uncommitted changes" || true)
    echo "rcgc: commit $rev$dirty"
  fi
  echo "Command: scripts/bench-compare.sh${quick:+ $quick}"
  echo
  (cd "$bench" && cargo bench -q --bench compare -- --render "$out/rust.tsv" "$out/cpython.tsv")
} | tee "$bench/$out/table.md"

echo >&2
echo "bench-compare: done in $(($(date +%s) - start)) s; results in $bench/$out/" >&2
