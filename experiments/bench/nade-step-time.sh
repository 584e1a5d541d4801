#!/usr/bin/env bash
# NADE training throughput, genlab against its PyTorch peer (experiments/bench/nade_peer.py): the same network
# (H = 500, 785,284 parameters, running-sum pre-activations), Bernoulli NLL on dynamically binarised real
# MNIST, Adam 1e-3, batch 100, 1 thread, back to back.
#   experiments/bench/nade-step-time.sh [rounds]   (needs: apt-get install -y python3-torch libopenblas0-pthread)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
GENLAB_TORCH_PEER="$ROOT/experiments/bench/nade_peer.py" \
  exec "$ROOT/experiments/bench/peer-throughput.sh" nade "$ROOT/experiments/nade-mnist.yaml" "${1:-1}"
