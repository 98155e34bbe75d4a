#!/usr/bin/env bash
# pyperformance's gc_collect and gc_traversal shapes under pyrc (release) and python3, side by
# side: median collection time in microseconds and the ratio pyrc / python3.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -q -p pyrc
script=scripts/bench-pyrc-gc.py
pyrc_out=$(target/release/pyrc "$script")
cpython_out=$(python3 "$script")
printf '%-14s %12s %12s %8s\n' workload pyrc python3 ratio
while read -r name time _; do
  other=$(printf '%s\n' "$cpython_out" | awk -v n="$name" '$1 == n { print $2 }')
  ratio=$(awk -v a="$time" -v b="$other" 'BEGIN { printf "%.2f", a / b }')
  printf '%-14s %10s us %10s us %8s\n' "$name" "$time" "$other" "$ratio"
done <<< "$pyrc_out"
echo "(note: pyrc counts two objects per instance, the instance and its __dict__, as the seed describes)"
