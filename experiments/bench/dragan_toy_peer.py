#!/usr/bin/env python3
"""PyTorch re-implementation of DRAGAN on the 8-Gaussian ring, to tell a genlab defect from the method.

The reference code's penalty (kodalinaveen3/DRAGAN, DRAGAN.ipynb): X_p = X + 0.5 * X.std() * U[0, 1),
x_hat = X + alpha * (X_p - X) with alpha ~ U[0, 1) per example, lambda * mean((||grad D(x_hat)|| - 1)^2)
added to the non-saturating discriminator loss. Networks and optimiser as experiments/bench/gan-toy-losses.yaml
(3 x 128 MLPs, ReLU / leaky ReLU 0.2, latent 8, batch 256, Adam (0.5, 0.9)); prints the VEEGAN figures
(a mode is covered by a sample within 3 std = 0.06 of it) of 2,500 samples after the last step.

    /usr/bin/python3 experiments/bench/dragan_toy_peer.py MODE SEED STEPS LR LAMBDA
    MODE: ns (no penalty), dragan (the reference perturbation), dragan-sym (U[-1, 1) instead of U[0, 1)),
          dragan-c (perturbation 0.5 * 0.02 * U[0, 1), the modes' width instead of the batch std)
"""
import math
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.set_num_threads(1)
mode, seed, steps, lr, lam = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5])
torch.manual_seed(seed)


def data(n):
    k = torch.randint(0, 8, (n,)).float() * 2 * math.pi / 8
    return torch.stack([2 * torch.cos(k), 2 * torch.sin(k)], 1) + 0.02 * torch.randn(n, 2)


def mlp(i, o, act):
    return nn.Sequential(nn.Linear(i, 128), act(), nn.Linear(128, 128), act(), nn.Linear(128, 128), act(),
                         nn.Linear(128, o))


G = mlp(8, 2, nn.ReLU)
D = mlp(2, 1, lambda: nn.LeakyReLU(0.2))
oG = torch.optim.Adam(G.parameters(), lr, betas=(0.5, 0.9))
oD = torch.optim.Adam(D.parameters(), lr, betas=(0.5, 0.9))
start = time.time()
for s in range(steps):
    x = data(256)
    fake = G(torch.randn(256, 8)).detach()
    dl = F.softplus(-D(x)).mean() + F.softplus(D(fake)).mean()
    if mode != "ns":
        u = torch.rand_like(x)
        xp = {"dragan": x + 0.5 * x.std() * u, "dragan-sym": x + 0.5 * x.std() * (2 * u - 1),
              "dragan-c": x + 0.5 * 0.02 * u}[mode]
        alpha = torch.rand(256, 1)
        xh = (x + alpha * (xp - x)).requires_grad_(True)
        g = torch.autograd.grad(D(xh).sum(), xh, create_graph=True)[0]
        dl = dl + lam * ((g.norm(dim=1) - 1) ** 2).mean()
    oD.zero_grad()
    dl.backward()
    oD.step()
    gl = F.softplus(-D(G(torch.randn(256, 8)))).mean()
    oG.zero_grad()
    gl.backward()
    oG.step()
with torch.no_grad():
    samples = G(torch.randn(2500, 8))
    modes = torch.tensor([[2 * math.cos(2 * math.pi * k / 8), 2 * math.sin(2 * math.pi * k / 8)] for k in range(8)])
    nearest, which = torch.cdist(samples, modes).min(1)
    good = nearest < 0.06
    print(f"{mode} seed {seed} lambda {lam} lr {lr}: modes covered {len(set(which[good].tolist()))}, "
          f"high quality {100 * good.float().mean().item():.1f}%, sample mean {samples.mean(0).tolist()}, "
          f"std {samples.std(0).tolist()}, {time.time() - start:.0f} s")
