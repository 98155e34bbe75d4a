#!/usr/bin/env bash
# Bytes per object under pyrc (release) and python3: for each type, one process builds N objects
# kept alive in a list (scripts/bench-pyrc-memory.py) and reports its peak RSS (VmHWM); the peak
# of the same script building the same list holding one shared object ("base") is subtracted,
# which removes start-up, the list's slots and the loop's temporaries alike for both
# interpreters. Median of RUNS runs per cell, pyrc and python3 runs interleaved.
#
#   scripts/bench-pyrc-memory.sh            # RUNS=3, about 2 to 3 minutes here
#   RUNS=1 TYPES="int class" scripts/bench-pyrc-memory.sh     # smoke run, some types only
#
# Honours CARGO_TARGET_DIR (the pyrc binary is $CARGO_TARGET_DIR/release/pyrc).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -q -p pyrc
pyrc="${CARGO_TARGET_DIR:-target}/release/pyrc"
script=scripts/bench-pyrc-memory.py
runs=${RUNS:-3}
big=1000000
small=100000
types=${TYPES:-"int float str tuple list dict instance instance_dict function class mixed"}
# class statements: 10^6 classes would take about 2.3 GB per process and, extrapolating from
# 10^5, over 30 s in python3 and 14 s in pyrc, so 10^5 of them; every other type 10^6 times.
count_of() { if [ "$1" = class ]; then echo $small; else echo $big; fi; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
start=$(date +%s)
load_start=$(cut -d' ' -f1-3 /proc/loadavg)

# run INTERP TYPE N RUN: appends "PEAK_KB CHECK" to $work/INTERP.TYPE.N, or "fail REASON".
run() {
  local interp=$1 type=$2 n=$3 cmd out rc
  if [ "$interp" = pyrc ]; then cmd=$pyrc; else cmd=python3; fi
  set +e
  out=$(timeout 120 "$cmd" "$script" "$type" "$n" 2>"$work/err")
  rc=$?
  set -e
  if [ $rc -eq 0 ] && [ -n "$out" ]; then
    printf '%s\n' "$out" | awk '{ print $3, $4 }' >>"$work/$interp.$type.$n"
  else
    local reason
    reason=$(tail -n 1 "$work/err" | tr -s ' \t' ' ')
    [ $rc -eq 124 ] && reason="timed out after 120 s"
    echo "fail exit $rc: ${reason:-no output}" >>"$work/$interp.$type.$n"
  fi
}

for ((r = 1; r <= runs; r++)); do
  for n in $big $small; do
    run pyrc base $n; run python3 base $n
  done
  for type in $types; do
    n=$(count_of "$type")
    run pyrc "$type" $n; run python3 "$type" $n
  done
done

# median_kb FILE: median of the successful peaks, or empty if a run failed.
median_kb() {
  if grep -q '^fail' "$1"; then return; fi
  awk '{ print $1 }' "$1" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

# cell INTERP TYPE N: bytes per object, or "n/a (reason)".
cell() {
  local file="$work/$1.$2.$3" base obj
  if grep -q '^fail' "$file"; then
    echo "n/a ($(grep -m1 '^fail' "$file" | cut -d' ' -f2-))"
    return
  fi
  base=$(median_kb "$work/$1.base.$3")
  obj=$(median_kb "$file")
  if [ -z "$base" ]; then echo "n/a (base run failed)"; return; fi
  awk -v o="$obj" -v b="$base" -v n="$3" 'BEGIN { printf "%.1f", (o - b) * 1024 / n }'
}

echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(nproc) cores"
echo "python3: $(python3 --version 2>&1 | cut -d' ' -f2); pyrc: $pyrc ($(git rev-parse --short HEAD))"
echo "load average (1, 5, 15 min): $load_start at start, $(cut -d' ' -f1-3 /proc/loadavg) at end"
echo "median of $runs runs per cell; peak RSS (VmHWM) minus the base run's, divided by N"
echo
printf '%-13s %8s %14s %14s %7s\n' type N 'pyrc B/obj' 'python3 B/obj' ratio
for type in $types; do
  n=$(count_of "$type")
  a=$(cell pyrc "$type" $n)
  b=$(cell python3 "$type" $n)
  ratio=$(awk -v a="$a" -v b="$b" 'BEGIN {
    if (a !~ /^-?[0-9.]+$/ || b !~ /^-?[0-9.]+$/ || b + 0 <= 0) print "-"; else printf "%.2f", a / b }')
  printf '%-13s %8s %14s %14s %7s\n' "$type" "$n" "$a" "$b" "$ratio"
  # Both interpreters must have built the same object (the script's CHECK column).
  ca=$(awk 'NR == 1 { print $2 }' "$work/pyrc.$type.$n")
  cb=$(awk 'NR == 1 { print $2 }' "$work/python3.$type.$n")
  if [ "$ca" != "$cb" ] && ! grep -q '^fail' "$work/pyrc.$type.$n" "$work/python3.$type.$n"; then
    echo "  warning: $type built differently: pyrc '$ca', python3 '$cb'"
  fi
done
echo
for n in $big $small; do
  echo "base peak RSS, N = $n: pyrc $(median_kb "$work/pyrc.base.$n") kB," \
    "python3 $(median_kb "$work/python3.base.$n") kB"
done
echo "N = $small for class (10^6 class statements take too long and too much memory);" \
  "$big for the others"
echo "instance: the instance and what holds its one attribute (pyrc: always a separate __dict__"
echo "  object; python3 3.11: a key-sharing values array, no dict object until __dict__ is asked"
echo "  for); instance_dict: the same with obj.__dict__ read once, which makes python3 create it"
echo "mixed: per step, a 3-tuple of an instance (one attribute), a one-element list and a str"
echo "python3 sizes are what pymalloc hands out, in 16-byte steps (a float is 24 bytes for"
echo "  sys.getsizeof, 32 allocated); pyrc's objects (and split dicts' values) are blocks of"
echo "  rcgc's pools, in 8-byte steps up to 512 bytes; their other parts (list buffers, str text,"
echo "  dict tables) are mimalloc's size classes (8, 16, then 16-byte steps up to 64 bytes...)"
echo "total time: $(($(date +%s) - start)) s"
