#!/usr/bin/env bash
# Instructions and simulated indirect-branch mispredictions per kernel iteration (loop turn,
# or call for fib), under valgrind's callgrind with --branch-sim=yes: each kernel run at n and
# at 0 (start-up, compilation), the difference divided by the iterations. Deterministic, so
# immune to the machine's load; the simulated predictor is far simpler than a real CPU's.
#
#   scripts/engine-kernel/callgrind.sh        (after run.sh has built; CARGO_TARGET_DIR honoured)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
target="${CARGO_TARGET_DIR:-$(cd "$here/../.." && pwd)/target}"
engine="$target/release/engine-kernel"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
# Collected events with --branch-sim=yes: Ir Bc Bcm Bi Bim.
collect() {
    valgrind --tool=callgrind --branch-sim=yes --callgrind-out-file="$out/cg" "$engine" "$@" 2>&1 \
        | awk '/Collected/ {print $4, $5, $6, $7, $8}'
}
printf '%-14s %-14s %12s %12s %12s\n' kernel engine instr/it ind.br/it ind.miss/it
for spec in "loop 300000 300000" "fib 25 242785" "float 100000 100000"; do
    read -r kernel n iterations <<<"$spec"
    for e in bytecode closures bytecode-fast closures-fast; do
        read -r ir0 _ _ bi0 bim0 <<<"$(collect "$e" "$kernel" 0)"
        read -r ir _ _ bi bim <<<"$(collect "$e" "$kernel" "$n")"
        awk -v k="$kernel($n)" -v e="$e" -v it="$iterations" -v ir="$ir" -v ir0="$ir0" \
            -v bi="$bi" -v bi0="$bi0" -v bim="$bim" -v bim0="$bim0" \
            'BEGIN { printf "%-14s %-14s %12.0f %12.1f %12.1f\n", k, e, (ir-ir0)/it, (bi-bi0)/it, (bim-bim0)/it }'
    done
done
