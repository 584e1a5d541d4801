#!/usr/bin/env bash
# PixelCNN training throughput, genlab against the PyTorch peer (../shared/bench/torch_peer.py pixelcnn):
# the same network (ARCHITECTURES.md `pixelcnn`; 192,065 parameters), Bernoulli NLL on dynamically
# binarised real MNIST, Adam 1e-3, batch 64, 1 thread, genlab then PyTorch, back to back. genlab's figure
# is the runner's steady-state throughput (after 150 optimiser steps of warm-up), so a round takes a few
# minutes.
#   experiments/bench/pixelcnn-step-time.sh [rounds]   (needs: apt-get install -y python3-torch libopenblas0-pthread)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
DATA="${GENLAB_DATA_DIR:-$ROOT/../shared/data}"
PEER="${GENLAB_TORCH_PEER:-$ROOT/../shared/bench/torch_peer.py}"
ROUNDS="${1:-1}"
ITERATIONS="${GENLAB_BENCH_ITERATIONS:-190}"
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 OMP_WAIT_POLICY=PASSIVE
STORE="$(mktemp -d)"
trap 'rm -rf "$STORE"' EXIT
for i in $(seq "$ROUNDS"); do
  g=$(GENLAB_DATA_DIR="$DATA" "$ROOT/genlab" run "$ROOT/experiments/pixelcnn-mnist.yaml" --set threads=1 \
      --set "training.maxIterations=$ITERATIONS" --set 'metrics=[]' --set 'samplers=[]' --set "tracking.uri=$STORE" 2>&1 \
      | sed -n 's/^steady-state throughput: \([0-9.]*\) examples\/s/\1/p')
  t=$(/usr/bin/python3 "$PEER" pixelcnn --threads 1 --data "$DATA/mnist" | sed -n 's/.*samples_per_s=\([0-9.]*\).*/\1/p')
  echo "pixelcnn round $i: genlab $g samples/s, pytorch $t samples/s, ratio (genlab/pytorch) $(python3 -c "print(round($g/$t, 3))")"
done
