#!/usr/bin/env bash
# Whole-process time of scripts/bench-gc-heavy.py (10^5 instance pairs in cycles, then
# gc.collect()) under pyrc (release) and python3: RUNS interleaved runs of each (default 7),
# medians of wall time and the ratio pyrc / python3, with the machine and the load average.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -q -p pyrc
pyrc="${CARGO_TARGET_DIR:-target}/release/pyrc"
runs=${RUNS:-7}
script=scripts/bench-gc-heavy.py
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
wall() { # prints the wall time in seconds of one run of "$@" (its output must be True)
  local start end out
  start=$(date +%s.%N)
  out=$("$@")
  end=$(date +%s.%N)
  [ "$out" = True ] || { echo "bench-gc-heavy: unexpected output from $1: $out" >&2; exit 1; }
  awk -v a="$start" -v b="$end" 'BEGIN { printf "%.4f\n", b - a }'
}
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
pyrc_times=() python_times=()
for _ in $(seq "$runs"); do
  python_times+=("$(wall python3 "$script")")
  pyrc_times+=("$(wall "$pyrc" "$script")")
done
p=$(printf '%s\n' "${pyrc_times[@]}" | median)
c=$(printf '%s\n' "${python_times[@]}" | median)
printf 'gc-heavy whole process, median of %s interleaved runs: pyrc %.3f s, python3 %.3f s, ratio %.2f\n' \
  "$runs" "$p" "$c" "$(awk -v a="$p" -v b="$c" 'BEGIN { print a / b }')"
echo "pyrc runs: ${pyrc_times[*]}"
echo "python3 runs: ${python_times[*]}"
echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(nproc) cores;" \
  "python3 $(python3 --version 2>&1 | cut -d' ' -f2); pyrc $(git rev-parse --short HEAD)"
echo "load average (1, 5, 15 min): $load_start at start, $(cut -d' ' -f1-3 /proc/loadavg) at end"
