#!/usr/bin/env bash
# Issue #11's decision kernel: per kernel, the median of 5 interleaved runs of the bytecode
# prototype, the closure prototype, both again with inline int/float fast paths (`-fast`,
# src/fast.rs), pyrc today (the tree walker) and python3, each timing the kernel alone inside
# its process (no start-up), and the ratios to python3.
#
#   scripts/engine-kernel/run.sh [runs]       (CARGO_TARGET_DIR is honoured)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
runs="${1:-5}"
target="${CARGO_TARGET_DIR:-$root/target}"
export CARGO_TARGET_DIR="$target"

(cd "$root" && cargo build --release -p pyrc --quiet)
(cd "$here" && cargo build --release --quiet)
engine="$target/release/engine-kernel"
pyrc="$target/release/pyrc"
python="${PYTHON:-python3}"

echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(nproc) cores"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "python3: $($python --version 2>&1); runs: $runs, interleaved, median shown"
echo

kernels=("loop 1000000" "fib 25" "float 500000")
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
for spec in "${kernels[@]}"; do
    read -r kernel n <<<"$spec"
    for run in $(seq "$runs"); do
        # Rotate the order each run, so no system always runs first (or just after another).
        systems=(bytecode closures bytecode-fast closures-fast pyrc python3)
        shift_by=$(((run - 1) % 6))
        systems=("${systems[@]:shift_by}" "${systems[@]:0:shift_by}")
        for system in "${systems[@]}"; do
            case "$system" in
                bytecode* | closures*) out="$("$engine" "$system" "$kernel" "$n")" ;;
                pyrc) out="$("$pyrc" "$here/kernels.py" "$kernel" "$n")" ;;
                python3) out="$("$python" "$here/kernels.py" "$kernel" "$n")" ;;
            esac
            echo "$out" >>"$tmp/$kernel.$system"
        done
    done
done

python3 - "$tmp" "$runs" "${kernels[@]}" <<'PY'
import statistics, sys
tmp, runs, specs = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
systems = ["bytecode", "closures", "bytecode-fast", "closures-fast", "pyrc", "python3"]
short = {"bytecode": "bc", "closures": "cl", "bytecode-fast": "bc-fast", "closures-fast": "cl-fast",
         "pyrc": "pyrc", "python3": "py3"}
print("milliseconds (median); ratio to python3 in brackets; mallocs: allocator calls per")
print("iteration, most of any run, bc/cl/bc-fast/cl-fast (objects come from rcgc's pools)")
print(f"{'kernel':<13}" + "".join(f"{short[s]:>15}" for s in systems) + "  mallocs")
cpu_rows = []
for spec in specs:
    kernel, n = spec.split()
    medians, results, mallocs = {}, set(), []
    cpu = {}
    for s in systems:
        rows = [line.split() for line in open(f"{tmp}/{kernel}.{s}")]
        results.update(r[0] for r in rows)
        medians[s] = statistics.median(float(r[1]) for r in rows) * 1000
        if s in ("bytecode", "closures", "bytecode-fast", "closures-fast"):
            mallocs.append(max(float(r[2]) for r in rows))
            cpu[s] = statistics.median(float(r[5]) for r in rows) * 1000
    assert len(results) == 1, f"{kernel}: results differ: {results}"
    label = f"{kernel}({n})"
    cells = [f"{medians[s]:.1f} ({medians[s] / medians['python3']:.2f})" for s in systems]
    print(f"{label:<13}" + "".join(f"{c:>15}" for c in cells) + "  " + "/".join(f"{m:g}" for m in mallocs))
    cpu_rows.append((label, cpu))
print()
print("the engines' CPU time (thread CPU clock, leaves out time other work held the CPU), ms")
print(f"{'kernel':<13}" + "".join(f"{short[s]:>10}" for s in systems[:4]) + f"{'bc/cl':>9}{'fast bc/cl':>12}")
for label, cpu in cpu_rows:
    print(f"{label:<13}" + "".join(f"{cpu[s]:>10.1f}" for s in systems[:4])
          + f"{cpu['bytecode'] / cpu['closures']:>9.2f}"
          + f"{cpu['bytecode-fast'] / cpu['closures-fast']:>12.2f}")
PY
echo
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
