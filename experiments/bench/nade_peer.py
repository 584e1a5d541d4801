#!/usr/bin/python3
"""PyTorch peer of genlab's `nade` (experiments/nade-mnist.yaml): the reference for its training throughput.

NADE (Larochelle and Murray, 2011) on dynamically binarised real MNIST, written the way genlab builds it:
W and c as nn.Linear(784, 500), V and b as nn.Linear(500, 784) (PyTorch's default initialisation, 785,284
parameters); the hidden pre-activations of every pixel as an exclusive cumulative sum over pixels of
x_d W[:, d] ([D, B, H], O(HD) per image); Bernoulli NLL (sum over pixels) / batch; Adam 1e-3; batch 100.
Prints one line in ../../../shared/bench/torch_peer.py's format:

  RESULT workload=nade threads=<t> batch=<b> steps=<n> samples_per_s=<x> ms_per_step=<y> peak_rss_mb=<m> final_loss=<l>

  OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 /usr/bin/python3 experiments/bench/nade_peer.py nade --threads 1 \\
      --data ../shared/data/mnist
Paired with genlab by experiments/bench/nade-step-time.sh (peer-throughput.sh with GENLAB_TORCH_PEER).
"""
import argparse, gzip, os, resource, struct, sys, time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))


def load_mnist(data_dir, n):
    path = os.path.join(data_dir, "train-images-idx3-ubyte.gz")
    with gzip.open(path, "rb") as f:
        magic, count, rows, cols = struct.unpack(">IIII", f.read(16))
        assert magic == 2051, "not an IDX image file: %s" % path
        x = np.frombuffer(f.read(count * rows * cols), dtype=np.uint8).reshape(count, rows * cols)
    return torch.from_numpy(x[:n].astype(np.float32) / 255.0)


def batch_of(data, batch, i):
    nb = data.shape[0] // batch
    j = i % nb
    return data[j * batch:(j + 1) * batch]


class Nade(nn.Module):
    """h_d = sigmoid(c + W[:, <d] x_<d), logit_d = b_d + V_d . h_d, in row-major pixel order."""

    def __init__(self, d=784, h=500):
        super().__init__()
        self.inp = nn.Linear(d, h)   # weight W [h, d], bias c [h]
        self.out = nn.Linear(h, d)   # weight V [d, h], bias b [d]

    def logits(self, x):
        contributions = x.t()[:, :, None] * self.inp.weight.t()[:, None, :]  # [D, B, H]
        pre = torch.cumsum(contributions, 0) - contributions  # exclusive: pixels before d only
        hidden = torch.sigmoid(pre + self.inp.bias)
        return (hidden * self.out.weight[:, None, :]).sum(-1).t() + self.out.bias

    def loss(self, x):
        return F.binary_cross_entropy_with_logits(self.logits(x), x, reduction="sum") / x.shape[0]


def nade_workload(data, batch):
    m = Nade()
    opt = torch.optim.Adam(m.parameters(), lr=1e-3)

    def step(i):
        x = torch.bernoulli(batch_of(data, batch, i))  # dynamic binarisation
        loss = m.loss(x)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        return loss.item()

    return step


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("workload", choices=["nade"])
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--steps", type=int, default=40, help="timed steps")
    p.add_argument("--warmup", type=int, default=10)
    p.add_argument("--batch", type=int, default=100)
    p.add_argument("--data", default=os.path.join(HERE, "..", "..", "..", "shared", "data", "mnist"))
    p.add_argument("--seed", type=int, default=0)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    data = load_mnist(a.data, 60000)
    step = nade_workload(data, a.batch)
    loss = float("nan")
    for i in range(a.warmup):
        loss = step(i)
    t0 = time.perf_counter()
    for i in range(a.warmup, a.warmup + a.steps):
        loss = step(i)
    dt = time.perf_counter() - t0
    print("RESULT workload=%s threads=%d batch=%d steps=%d samples_per_s=%.1f ms_per_step=%.2f peak_rss_mb=%d final_loss=%.4f"
          % (a.workload, a.threads, a.batch, a.steps, a.steps * a.batch / dt, 1000 * dt / a.steps,
             resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024, loss))


if __name__ == "__main__":
    sys.exit(main())
