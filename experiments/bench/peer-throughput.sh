#!/usr/bin/env bash
# Training throughput of one spec, genlab against a PyTorch peer workload of the same network
# (../shared/bench/torch_peer.py; ARCHITECTURES.md), 1 thread, genlab then PyTorch, back to back, per
# round. genlab's figure is the runner's steady-state throughput (after 150 optimiser steps of warm-up)
# with metrics and samplers off.
#   experiments/bench/peer-throughput.sh <peer workload> <spec> [rounds] [--set path=value ...]
#   (needs: apt-get install -y python3-torch libopenblas0-pthread)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
DATA="${GENLAB_DATA_DIR:-$ROOT/../shared/data}"
PEER="${GENLAB_TORCH_PEER:-$ROOT/../shared/bench/torch_peer.py}"
WORKLOAD="$1"; SPEC="$2"; ROUNDS="${3:-1}"; shift $(( $# < 3 ? $# : 3 ))
ITERATIONS="${GENLAB_BENCH_ITERATIONS:-190}"
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 OMP_WAIT_POLICY=PASSIVE
# As all.sh: glibc's default malloc returns large blocks to the system after every step, which cost the
# PyTorch NADE peer 7.8 s a step instead of 0.6 s (ratios 12x too flattering); and an inherited
# OPENBLAS_CORETYPE would hold both sides' OpenBLAS to one core type.
if [ -z "${GENLAB_BENCH_GLIBC_DEFAULTS:-}" ]; then
  export MALLOC_MMAP_THRESHOLD_=1073741824 MALLOC_TRIM_THRESHOLD_=1073741824
fi
if [ -n "${GENLAB_BENCH_OPENBLAS_CORETYPE:-}" ]; then
  export OPENBLAS_CORETYPE="$GENLAB_BENCH_OPENBLAS_CORETYPE"
else
  unset OPENBLAS_CORETYPE
fi
STORE="$(mktemp -d)"
trap 'rm -rf "$STORE"' EXIT
for i in $(seq "$ROUNDS"); do
  g=$(GENLAB_DATA_DIR="$DATA" "$ROOT/genlab" run "$SPEC" --set threads=1 --set "training.maxIterations=$ITERATIONS" \
      --set 'metrics=[]' --set 'samplers=[]' --set "tracking.uri=$STORE" "$@" 2>&1 \
      | sed -n 's/^steady-state throughput: \([0-9.]*\) examples\/s/\1/p')
  t=$(/usr/bin/python3 "$PEER" "$WORKLOAD" --threads 1 --data "$DATA/mnist" | sed -n 's/.*samples_per_s=\([0-9.]*\).*/\1/p')
  echo "$WORKLOAD round $i: genlab $g samples/s, pytorch $t samples/s, ratio (genlab/pytorch) $(python3 -c "print(round($g/$t, 3))")"
done
