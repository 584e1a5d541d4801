#!/usr/bin/env bash
# DDPM training throughput, genlab against the PyTorch peer (../shared/bench/torch_peer.py ddpm): the
# same small U-Net (ARCHITECTURES.md `ddpm`; 421,825 parameters), eps-prediction MSE, T = 1000, linear
# betas, Adam 2e-4, batch 64, real MNIST scaled to [-1, 1], no weight average, 1 thread, back to back.
#   experiments/bench/ddpm-step-time.sh [rounds]   (needs: apt-get install -y python3-torch libopenblas0-pthread)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
exec "$ROOT/experiments/bench/peer-throughput.sh" ddpm "$ROOT/experiments/ddpm-mnist.yaml" "${1:-1}" \
    --set model.config.diffusion.emaDecay=0
