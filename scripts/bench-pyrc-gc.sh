#!/usr/bin/env bash
# pyperformance's gc_collect and gc_traversal shapes under pyrc (release) and python3, side by
# side: median collection time in microseconds and the ratio pyrc / python3.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -q -p pyrc
script=scripts/bench-pyrc-gc.py
pyrc="${CARGO_TARGET_DIR:-target}/release/pyrc"
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
pyrc_out=$("$pyrc" "$script")
cpython_out=$(python3 "$script")
printf '%-14s %12s %12s %8s\n' workload pyrc python3 ratio
while read -r name time unit; do
  other=$(printf '%s\n' "$cpython_out" | awk -v n="$name" '$1 == n { print $2 }')
  ratio=$(awk -v a="$time" -v b="$other" 'BEGIN { printf "%.2f", a / b }')
  if [ "$unit" = us ]; then
    printf '%-14s %10s us %10s us %8s\n' "$name" "$time" "$other" "$ratio"
  else
    # ns/instance: per Python instance (pyrc's collector sees two objects for each)
    printf '%-14s %10s %-2s %10s %-2s %8s   (%s)\n' "$name" "$time" "${unit%%/*}" "$other" \
      "${unit%%/*}" "$ratio" "$unit"
  fi
done <<< "$pyrc_out"
echo "(note: pyrc counts two objects per instance, the instance and its __dict__, as the seed describes)"
echo "(cycle_reclaim: median of 5 runs; the others: median of 11; ratio = pyrc / python3)"
echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(nproc) cores;" \
  "python3 $(python3 --version 2>&1 | cut -d' ' -f2); pyrc $(git rev-parse --short HEAD)"
echo "load average (1, 5, 15 min): $load_start at start, $(cut -d' ' -f1-3 /proc/loadavg) at end"
