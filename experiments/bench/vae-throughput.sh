#!/usr/bin/env bash
# VAE training throughput, genlab against the PyTorch peer (../shared/bench/torch_peer.py vae):
# same network (784-400-20, Bernoulli decoder), batch 128, Adam 1e-3, dynamic binarisation, real
# MNIST, 1 thread, alternating A B A B ... on the same machine. Prints each figure and the ratio.
#   experiments/bench/vae-throughput.sh [rounds]    (needs: apt-get install -y python3-torch libopenblas0-pthread)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
DATA="${GENLAB_DATA_DIR:-$ROOT/../shared/data}"
PEER="${GENLAB_TORCH_PEER:-$ROOT/../shared/bench/torch_peer.py}"
ROUNDS="${1:-3}"
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 OMP_WAIT_POLICY=PASSIVE
STORE="$(mktemp -d)"
for i in $(seq "$ROUNDS"); do
  g=$(GENLAB_DATA_DIR="$DATA" "$ROOT/genlab" run "$ROOT/experiments/vae-mnist.yaml" --set threads=1 \
      --set training.epochs=2 --set 'metrics=[]' --set 'samplers=[]' --set "tracking.uri=$STORE" 2>&1 \
      | sed -n 's/^steady-state throughput: \([0-9]*\) examples\/s/\1/p')
  t=$(/usr/bin/python3 "$PEER" vae --threads 1 --data "$DATA/mnist" | sed -n 's/.*samples_per_s=\([0-9.]*\).*/\1/p')
  echo "round $i: genlab $g samples/s, pytorch $t samples/s, ratio $(python3 -c "print(round($g/$t, 3))")"
done
rm -rf "$STORE"
