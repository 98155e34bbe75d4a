#!/usr/bin/env bash
# pyperformance's benchmarks under python3 and pyrc, side by side.
#
# Downloads pyperformance (pinned, with pip, into a cache directory outside the repository),
# builds pyrc in release, and runs every benchmark configuration of pyperformance's MANIFEST
# (data-files/benchmarks/bm_*/run_benchmark.py with the extra_opts of its pyproject.toml or
# bm_NAME.toml) under python3 and under pyrc, through our own pyperf stand-in
# (scripts/pyperformance/pyperf.py, first on PYTHONPATH), which times the in-process workload
# only. Per configuration: one python3 calibration run fixes the loop count of each benchmark
# name (one value takes at least 0.1 s under python3), then RUNS runs of each interpreter,
# interleaved (python3, pyrc, python3, pyrc, ...), each run a warm-up call (one loop) and 3
# values with that same loop count. Prints the table (medians over runs of each run's median, ratio
# pyrc/python3), the geometric mean and the worst ratio, the failures under pyrc with their
# first error line grouped by cause (Rust panics apart), the machine, the versions and the
# load average at start and end. Raw output is kept in $CARGO_TARGET_DIR/bench-pyperformance/.
#
# Correctness: each configuration's first pyrc run's stdout is compared with its first python3
# run's (the benchmark's own output and each workload's result, timings left out): the report
# says per configuration equal / differs (first differing line) / fails (first error line) /
# timeout, and counts "N of M configurations run with stdout equal" twice: M = the issue's 47
# (pyperformance's own benchmarks, one configuration per bm_NAME directory of the MANIFEST, that
# need no third-party package) and M = every configuration needing no third-party package (71).
# FAST=1 is enough for this check.
#
# Environment:
#   RUNS=3          runs per interpreter and configuration (FAST=1: default 1)
#   TIMEOUT=120     seconds per process run; a run killed by it is reported as a timeout
#   BENCHMARKS="richards nbody"   configuration names to run (default: all)
#   FAST=1          smoke run: no calibration, 1 loop, no warm-up, 1 value per run
#   PYTHON=python3  the reference interpreter
#   PYPERFORMANCE_CACHE  where pyperformance is unpacked
#                   (default ${XDG_CACHE_HOME:-$HOME/.cache}/pyrc-bench/pyperformance-1.14.0)
#   CARGO_TARGET_DIR     honoured for the pyrc build (binary $CARGO_TARGET_DIR/release/pyrc)
#
# Benchmarks whose directory has a requirements.txt (third-party packages: django, sympy, ...)
# are skipped and listed. bench_command benchmarks (2to3, python_startup) time a child process
# of the interpreter under test (sys.executable), through subprocess.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

version=1.14.0
python=${PYTHON:-python3}
fast=${FAST:-0}
[ "$fast" = 0 ] && fast=""
if [ -n "$fast" ]; then runs=${RUNS:-1}; else runs=${RUNS:-3}; fi
timeout=${TIMEOUT:-120}
read -r -a selection <<<"${BENCHMARKS:-}"
cache=${PYPERFORMANCE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pyrc-bench/pyperformance-$version}

case "$runs" in '' | *[!0-9]* | 0) echo "bench-pyperformance: RUNS must be a positive integer" >&2; exit 2 ;; esac
case "$timeout" in '' | *[!0-9]*) echo "bench-pyperformance: TIMEOUT must be whole seconds" >&2; exit 2 ;; esac
command -v "$python" >/dev/null || { echo "bench-pyperformance: $python is required" >&2; exit 1; }
command -v timeout >/dev/null || { echo "bench-pyperformance: timeout (coreutils) is required" >&2; exit 1; }

loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
load_start=$(loadavg)
start=$(date +%s)

# --- pyperformance, pinned, outside the repository ------------------------------------------
benchdir=$cache/pyperformance/data-files/benchmarks
if [ ! -f "$benchdir/MANIFEST" ]; then
  echo "== downloading pyperformance==$version into $cache" >&2
  mkdir -p "$(dirname "$cache")"
  tmp=$(mktemp -d "$(dirname "$cache")/download.XXXXXX")
  "$python" -m pip download --quiet --no-deps --only-binary=:all: \
    "pyperformance==$version" -d "$tmp/wheel"
  wheel=$(find "$tmp/wheel" -name "pyperformance-$version-*.whl" | head -n1)
  [ -n "$wheel" ] || { echo "bench-pyperformance: pip did not download the wheel" >&2; exit 1; }
  "$python" -m zipfile -e "$wheel" "$tmp/unpacked"
  rm -rf "$cache"
  mv "$tmp/unpacked" "$cache"
  rm -rf "$tmp"
fi
[ -f "$benchdir/MANIFEST" ] || { echo "bench-pyperformance: no MANIFEST in $benchdir" >&2; exit 1; }

# --- pyrc, release ----------------------------------------------------------------------------
echo "== building pyrc (release)" >&2
cargo build --release -p pyrc >&2
target=${CARGO_TARGET_DIR:-target}
case "$target" in /*) ;; *) target=$repo/$target ;; esac
pyrc=$target/release/pyrc
[ -x "$pyrc" ] || { echo "bench-pyperformance: no binary at $pyrc" >&2; exit 1; }

out=$target/bench-pyperformance
rm -rf "$out"
mkdir -p "$out/runs"
: >"$out/runs.tsv"
: >"$out/skipped.tsv"
standin=$repo/scripts/pyperformance

"$python" "$standin/list_benchmarks.py" "$benchdir" >"$out/configs.tsv"
if [ "${#selection[@]}" -gt 0 ]; then
  for want in "${selection[@]}"; do
    cut -f1 "$out/configs.tsv" | grep -qxF -- "$want" ||
      { echo "bench-pyperformance: no benchmark named $want in pyperformance $version" >&2; exit 2; }
  done
fi

# run_one CONFIG INTERP RUN DIR SCRIPT CMD... : one process run, recorded in runs.tsv
run_one() {
  local config=$1 interp=$2 run=$3 dir=$4
  shift 4
  local base=$out/runs/$config.$interp.$run
  local t0 t1 status=0
  t0=$EPOCHREALTIME
  (cd "$dir" && PYTHONPATH=$standin timeout -k 5 "$timeout" "$@") >"$base.out" 2>"$base.err" </dev/null || status=$?
  t1=$EPOCHREALTIME
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$config" "$interp" "$run" "$status" \
    "$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')" "$base.out" "$base.err" >>"$out/runs.tsv"
  return "$status"
}

total=0
while IFS=$'\t' read -r -a fields; do
  config=${fields[0]} dir=${fields[1]} script=${fields[2]} status=${fields[3]}
  extra=("${fields[@]:4}")
  if [ "${#selection[@]}" -gt 0 ] && ! printf '%s\n' "${selection[@]}" | grep -qxF -- "$config"; then
    continue
  fi
  total=$((total + 1))
  case "$status" in
    ok) ;;
    needs:*)
      printf '%s\t%s\n' "$config" "${status#needs:}" >>"$out/skipped.tsv"
      echo "-- $config: skipped (needs ${status#needs:})" >&2
      continue ;;
    *)
      echo "bench-pyperformance: $config: $status" >&2
      exit 1 ;;
  esac
  if [ -n "$fast" ]; then
    opts=(--standin-values=1 --standin-warmups=0)
  else
    if ! run_one "$config" calibrate 0 "$dir" "$python" "$script" --standin-calibrate "${extra[@]}"; then
      echo "-- $config: fails under $python (calibration)" >&2
      continue
    fi
    spec=$(awk -F'\t' '$1 == "PYPERF-STANDIN" && $2 == "loops" { printf "%s%s=%s", sep, $3, $4; sep = "," }' \
      "$out/runs/$config.calibrate.0.out")
    opts=("--standin-loops=$spec")
  fi
  echo "-- $config (${opts[*]})" >&2
  for ((run = 1; run <= runs; run++)); do
    if ! run_one "$config" python3 "$run" "$dir" "$python" "$script" "${opts[@]}" "${extra[@]}"; then
      echo "   $config: fails under $python" >&2
      break
    fi
    rc=0
    run_one "$config" pyrc "$run" "$dir" "$pyrc" "$script" "${opts[@]}" "${extra[@]}" || rc=$?
    if [ "$rc" != 0 ]; then
      echo "   $config: pyrc exit status $rc" >&2
      # a timeout would only repeat; a failure with an error is deterministic and quick
      [ "$rc" = 124 ] || [ "$rc" = 137 ] && break
      [ "$run" = 1 ] && ! grep -q "^PYPERF-STANDIN" "$out/runs/$config.pyrc.1.out" && break
    fi
  done
done <"$out/configs.tsv"
[ "$total" -gt 0 ] || { echo "bench-pyperformance: nothing selected" >&2; exit 2; }

load_end=$(loadavg)
elapsed=$(($(date +%s) - start))
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
source_commit=$(git log -1 --format=%h -- crates 2>/dev/null || true)
[ -n "$source_commit" ] && [ "$source_commit" != "$commit" ] &&
  commit="$commit (last change under crates/: $source_commit)"
if git status --porcelain -- crates/pyrc 2>/dev/null | grep -q .; then
  commit="$commit + uncommitted changes in crates/pyrc"
fi
command_line="scripts/bench-pyperformance.sh"
for var in RUNS TIMEOUT BENCHMARKS FAST; do
  [ -n "${!var:-}" ] && command_line="$var=\"${!var}\" $command_line"
done
BENCH_FAST=$fast BENCH_TIMEOUT=$timeout BENCH_INFO="$(
  echo "date: $(date -u '+%Y-%m-%d %H:%M UTC'), $elapsed s wall"
  echo "command: $command_line (RUNS=$runs, TIMEOUT=$timeout${fast:+, FAST})"
  echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(nproc) cores (nproc)"
  echo "python3: $("$python" -c 'import sys; print(sys.version.split()[0])') ($(command -v "$python")); pyperformance $version"
  echo "pyrc: commit $commit ($pyrc)"
  echo "load average (1, 5, 15 min): $load_start at start, $load_end at end"
)" "$python" "$standin/report.py" "$out" | tee "$out/report.txt"
