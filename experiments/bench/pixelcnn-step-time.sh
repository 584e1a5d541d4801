#!/usr/bin/env bash
# PixelCNN training throughput, genlab against the PyTorch peer (../shared/bench/torch_peer.py pixelcnn):
# the same network (ARCHITECTURES.md `pixelcnn`; 192,065 parameters), Bernoulli NLL on dynamically
# binarised real MNIST, Adam 1e-3, batch 64, 1 thread, back to back.
#   experiments/bench/pixelcnn-step-time.sh [rounds]   (needs: apt-get install -y python3-torch libopenblas0-pthread)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
exec "$ROOT/experiments/bench/peer-throughput.sh" pixelcnn "$ROOT/experiments/pixelcnn-mnist.yaml" "${1:-1}"
