#!/usr/bin/python3
"""PyTorch sampling-rate references for genlab's sampler benchmarks (experiments/bench/all.sh).

The networks are the peer's own (imported from ../shared/bench/torch_peer.py, or GENLAB_TORCH_PEER), at
initialisation: a sampler's speed does not depend on the weights' values. Each workload mirrors a genlab
sampler step for step and prints one line:

  RESULT sampler=<name> threads=<t> batch=<b> samples=<n> samples_per_s=<x> peak_rss_mb=<m>

  ddim      DDIM, eta 0, 50 of T = 1000 steps (genlab's `ddim` with steps: 50: t_i = floor(i T / 50)),
            linear betas 1e-4..0.02, eps prediction, the peer's SmallUNet, batch 64
  gan       the peer's DCGAN generator on standard-normal latents (genlab's `gan-prior`), batch 256
  pixelcnn  raster-order Bernoulli sampling with one full forward pass per pixel (as genlab's
            `sequential` did before row windows, and as PyTorch PixelCNN code samples), the peer's
            PixelCnn, batch 8

Run it as the peer: OMP_NUM_THREADS=<t> /usr/bin/python3 torch_sampling.py <sampler> --threads <t>.
One untimed draw first (allocator and kernel warm-up; for pixelcnn its first row), then the timed draws.
"""
import argparse, importlib.util, os, resource, sys, time

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
PEER = os.environ.get("GENLAB_TORCH_PEER", os.path.join(HERE, "..", "..", "..", "shared", "bench", "torch_peer.py"))


def load_peer():
    spec = importlib.util.spec_from_file_location("torch_peer", PEER)
    peer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(peer)
    return peer


def ddim(peer, batch, steps=50, T=1000):
    net = peer.SmallUNet().eval()
    betas = torch.linspace(1e-4, 0.02, T)
    abar = torch.cumprod(1 - betas, 0)
    ts = [i * T // steps for i in range(steps)][::-1]

    def draw():
        x = torch.randn(batch, 1, 28, 28)
        for k, t in enumerate(ts):
            a_t = abar[t]
            a_prev = abar[ts[k + 1]] if k + 1 < len(ts) else torch.tensor(1.0)
            eps = net(x, torch.full((batch,), t, dtype=torch.long))
            x0 = (x - (1 - a_t).sqrt() * eps) / a_t.sqrt()
            x = a_prev.sqrt() * x0 + (1 - a_prev).sqrt() * eps
        return x

    return draw


def gan(peer, batch):
    _, g = peer.dcgan_nets()
    g.eval()
    return lambda: g(torch.randn(batch, 100))


def pixelcnn(peer, batch):
    net = peer.PixelCnn().eval()

    def draw(rows=28):
        x = torch.zeros(batch, 1, 28, 28)
        for r in range(rows):
            for c in range(28):
                p = torch.sigmoid(net(x)[:, 0, r, c])
                x[:, 0, r, c] = torch.bernoulli(p)
        return x

    return draw


SAMPLERS = {"ddim": (ddim, 64, 2), "gan": (gan, 256, 20), "pixelcnn": (pixelcnn, 8, 1)}


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("sampler", choices=sorted(SAMPLERS))
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--draws", type=int, default=0, help="timed draws (default: a sampler-sized number)")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    make, batch, draws = SAMPLERS[a.sampler]
    draws = a.draws or draws
    draw = make(load_peer(), batch)
    with torch.no_grad():  # sampling: no autograd graph, as genlab's inference plans hold no gradients
        draw(rows=1) if a.sampler == "pixelcnn" else draw()
        t0 = time.perf_counter()
        for _ in range(draws):
            draw()
        dt = time.perf_counter() - t0
    print("RESULT sampler=%s threads=%d batch=%d samples=%d samples_per_s=%.2f peak_rss_mb=%d"
          % (a.sampler, a.threads, batch, draws * batch, draws * batch / dt,
             resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024))


if __name__ == "__main__":
    sys.exit(main())
