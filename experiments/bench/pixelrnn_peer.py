#!/usr/bin/python3
"""PyTorch peer of genlab's `pixelrnn` (experiments/pixelrnn-mnist.yaml): training throughput of the same network.

PixelRNN (van den Oord et al., 2016) on dynamically binarised MNIST with Bernoulli outputs: a 7x7 type-A
masked convolution to 2h channels, `layers` LSTM layers with residual connections (each layer's h-channel
output through a 1x1 convolution back to 2h, added), ReLU, 1x1 to 32, ReLU, 1x1 to one logit per pixel;
Adam 1e-3; the loss is the summed Bernoulli NLL per image. The LSTM layers are built as genlab builds them:

  row-lstm         input-to-state a 1x3 convolution masked to the left and centre (mask B), state-to-state a
                   1x3 convolution of the previous row's hidden state; one row per step (28 steps).
  diagonal-bilstm  the input-to-state 1x1 convolution gives both directions' gates, the right-to-left one's
                   mirrored; the map is skewed (row i shifted right by i, pad-flatten-cut), one recurrence over
                   the 55 skewed columns with both directions' states stacked along the channels and a 3x1
                   state-to-state kernel masked to rows i-1, i and block-diagonally by direction; unskewed,
                   the right-to-left output mirrored back and shifted down one row, added.

Prints, as ../../../shared/bench/torch_peer.py does:
  RESULT workload=<name> threads=<t> batch=<b> steps=<n> samples_per_s=<x> ms_per_step=<y> peak_rss_mb=<m> final_loss=<l>

  OMP_NUM_THREADS=1 /usr/bin/python3 experiments/bench/pixelrnn_peer.py diagonal-bilstm --threads 1 --data $GENLAB_DATA_DIR/mnist
"""
import argparse, gzip, os, resource, struct, sys, time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


def load_mnist(data_dir, n):
    path = os.path.join(data_dir, "train-images-idx3-ubyte.gz")
    with gzip.open(path, "rb") as f:
        magic, count, rows, cols = struct.unpack(">IIII", f.read(16))
        assert magic == 2051, "not an IDX image file: %s" % path
        x = np.frombuffer(f.read(count * rows * cols), dtype=np.uint8).reshape(count, rows * cols)
    return torch.from_numpy(x[:n].astype(np.float32) / 255.0)


class MaskedConv2d(nn.Conv2d):
    """A convolution whose weight is multiplied by a fixed mask (a buffer) before use."""

    def __init__(self, mask, *args, **kw):
        super().__init__(*args, **kw)
        self.register_buffer("mask", mask)

    def forward(self, x):
        return F.conv2d(x, self.weight * self.mask, self.bias, self.stride, self.padding)


def mask_a(cin, cout, k):
    m = torch.ones(cout, cin, k, k)
    m[:, :, k // 2, k // 2:] = 0
    m[:, :, k // 2 + 1:] = 0
    return m


def cell(gates, c_prev, n):
    sig = torch.sigmoid(gates[:, :3 * n])
    g = torch.tanh(gates[:, 3 * n:])
    o, f, i = sig[:, :n], sig[:, n:2 * n], sig[:, 2 * n:]
    c = i * g if c_prev is None else f * c_prev + i * g
    return o * torch.tanh(c), c


class RowLstm(nn.Module):
    def __init__(self, h, k=3):
        super().__init__()
        m = torch.ones(4 * h, 2 * h, 1, k)
        m[:, :, :, k // 2 + 1:] = 0
        self.h, self.k = h, k
        self.input = MaskedConv2d(m, 2 * h, 4 * h, (1, k), padding=(0, k // 2))
        self.state = nn.Conv2d(h, 4 * h, (1, k), padding=(0, k // 2), bias=False)

    def forward(self, x):
        # unbind once: slicing pre per step makes autograd add a zero-filled full-size gradient per slice.
        pre = self.input(x).unbind(2)
        rows, state, c = [], None, None
        for r in range(x.shape[2]):
            gates = pre[r].unsqueeze(2)
            if state is not None:
                gates = gates + self.state(state)
            state, c = cell(gates, c, self.h)
            rows.append(state)
        return torch.cat(rows, 2)


def skew(x):
    b, c, h, w = x.shape
    return F.pad(x, (0, h)).reshape(b, c, h * (w + h))[:, :, :h * (w + h - 1)].reshape(b, c, h, w + h - 1)


def unskew(y, w):
    b, c, h, s = y.shape
    return F.pad(y.reshape(b, c, h * s), (0, h)).reshape(b, c, h, s + 1)[:, :, :, :w]


class DiagonalBiLstm(nn.Module):
    def __init__(self, h):
        super().__init__()
        self.h = h
        self.input = nn.Conv2d(2 * h, 8 * h, 1)
        # Output channel o = (gate, direction, unit); input channel i = (direction, unit).
        m = torch.zeros(8 * h, 2 * h, 3, 1)
        for o in range(8 * h):
            d = (o // h) % 2
            m[o, d * h:(d + 1) * h, :2] = 1
        self.state = MaskedConv2d(m, 2 * h, 8 * h, (3, 1), padding=(1, 0), bias=False)
        fwd = torch.tensor([1.0 if (c // h) % 2 == 0 else 0.0 for c in range(8 * h)]).view(1, -1, 1, 1)
        self.register_buffer("fwd", fwd)

    def forward(self, x):
        b, _, height, width = x.shape
        both = self.input(x)
        pre = skew(both * self.fwd + torch.flip(both, [3]) * (1 - self.fwd))
        w = self.state.weight * self.state.mask
        cols, state, c = [], None, None
        for j, column in enumerate(pre.unbind(3)):
            gates = column.unsqueeze(3)
            if state is not None:
                gates = gates + F.conv2d(state, w, None, 1, (1, 0))
            state, c = cell(gates, c, 2 * self.h)
            cols.append(state)
        out = unskew(torch.cat(cols, 3), width)
        back = torch.flip(out[:, self.h:], [3])
        return out[:, :self.h] + F.pad(back, (0, 0, 1, 0))[:, :, :height]


class PixelRnn(nn.Module):
    def __init__(self, variant, layers=2, h=16, first=7, out_hidden=32):
        super().__init__()
        self.inp = MaskedConv2d(mask_a(1, 2 * h, first), 1, 2 * h, first, padding=first // 2)
        make = RowLstm if variant == "row-lstm" else DiagonalBiLstm
        self.lstms = nn.ModuleList([make(h) for _ in range(layers)])
        self.ups = nn.ModuleList([nn.Conv2d(h, 2 * h, 1) for _ in range(layers)])
        self.head = nn.Sequential(nn.ReLU(), nn.Conv2d(2 * h, out_hidden, 1), nn.ReLU(), nn.Conv2d(out_hidden, 1, 1))

    def forward(self, x):
        s = self.inp(x)
        for lstm, up in zip(self.lstms, self.ups):
            s = s + up(lstm(s))
        return self.head(s)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("workload", choices=["diagonal-bilstm", "row-lstm"])
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--steps", type=int, default=40)
    p.add_argument("--warmup", type=int, default=10)
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--layers", type=int, default=2)
    p.add_argument("--hidden", type=int, default=16)
    p.add_argument("--data", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..",
                                                  "shared", "data", "mnist"))
    p.add_argument("--seed", type=int, default=0)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    data = load_mnist(a.data, 60000)
    net = PixelRnn(a.workload, a.layers, a.hidden)
    opt = torch.optim.Adam(net.parameters(), 1e-3)
    nb = data.shape[0] // a.batch

    def step(i):
        j = i % nb
        x = torch.bernoulli(data[j * a.batch:(j + 1) * a.batch]).view(-1, 1, 28, 28)
        loss = F.binary_cross_entropy_with_logits(net(x), x, reduction="sum") / x.shape[0]
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        return loss.item()

    loss = float("nan")
    for i in range(a.warmup):
        loss = step(i)
    t0 = time.perf_counter()
    for i in range(a.warmup, a.warmup + a.steps):
        loss = step(i)
    dt = time.perf_counter() - t0
    print("RESULT workload=pixelrnn-%s threads=%d batch=%d steps=%d samples_per_s=%.1f ms_per_step=%.2f peak_rss_mb=%d final_loss=%.4f"
          % (a.workload, a.threads, a.batch, a.steps, a.steps * a.batch / dt, 1000 * dt / a.steps,
             resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024, loss))


if __name__ == "__main__":
    sys.exit(main())
