#!/usr/bin/env bash
# DCGAN and WGAN-GP training step time, genlab against the PyTorch peer (../shared/bench/torch_peer.py
# dcgan / wgan-gp): the same networks (ARCHITECTURES.md; PyTorch's default initialisation), batch 64,
# real MNIST scaled to [-1, 1], 1 thread, alternating genlab / PyTorch on the same machine.
#   dcgan:   one D step + one G step per iteration, Adam 2e-4 (0.5, 0.999) each.
#   wgan-gp: the peer times one critic step plus a generator step every 5th; genlab's iteration is
#            5 critic steps + 1 generator step, so its time is compared with 5 peer steps.
# genlab's figure is the runner's steady-state throughput (after 150 optimiser steps of warm-up).
#   experiments/bench/gan-step-time.sh [rounds]   (needs: apt-get install -y python3-torch libopenblas0-pthread)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
DATA="${GENLAB_DATA_DIR:-$ROOT/../shared/data}"
PEER="${GENLAB_TORCH_PEER:-$ROOT/../shared/bench/torch_peer.py}"
ROUNDS="${1:-2}"
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 OMP_WAIT_POLICY=PASSIVE
STORE="$(mktemp -d)"
trap 'rm -rf "$STORE"' EXIT
genlab_ms() { # $1: loss, $2: iterations, $3...: extra --set
  local loss="$1" iterations="$2"; shift 2
  local rate
  rate=$(GENLAB_DATA_DIR="$DATA" "$ROOT/genlab" run "$ROOT/experiments/dcgan-mnist.yaml" --set threads=1 \
      --set "loss=$loss" --set "training.maxIterations=$iterations" --set training.evaluateEvery=0 \
      --set 'metrics=[]' --set 'samplers=[]' --set "tracking.uri=$STORE" "$@" 2>&1 \
      | sed -n 's/^steady-state throughput: \([0-9.]*\) examples\/s/\1/p')
  python3 -c "print(round(64 * 1000 / $rate, 1))"
}
peer_ms() { /usr/bin/python3 "$PEER" "$1" --threads 1 --data "$DATA/mnist" | sed -n 's/.*ms_per_step=\([0-9.]*\).*/\1/p'; }
for i in $(seq "$ROUNDS"); do
  g=$(genlab_ms non-saturating 135)
  t=$(peer_ms dcgan)
  echo "dcgan round $i: genlab $g ms/iteration, pytorch $t ms/iteration, ratio (pytorch/genlab) $(python3 -c "print(round($t/$g, 3))")"
  g=$(genlab_ms wgan-gp 45 --set model.config.discriminatorBatchNorm=false \
      --set 'training.optimizer={name: adam, learningRate: 1.0e-4, beta1: 0.5, beta2: 0.9}')
  t=$(peer_ms wgan-gp)
  t5=$(python3 -c "print(round(5 * $t, 1))")
  echo "wgan-gp round $i: genlab $g ms/iteration (5 critic + 1 G), pytorch $t5 ms per 5 steps, ratio (pytorch/genlab) $(python3 -c "print(round($t5/$g, 3))")"
done
