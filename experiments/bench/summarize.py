#!/usr/bin/env python3
"""Turns experiments/bench/all.sh's results.tsv into a Markdown table of medians.

Per workload and thread count: the median rate of each side, the median of the per-round ratios
genlab / PyTorch (each round's two runs were back to back), and the median peak resident memory of
each side. WGAN-GP is compared in critic steps: a genlab iteration is 5 critic steps and a generator
step on one batch, a peer step one critic step (and a generator step every 5th), so genlab's
examples per second are multiplied by 5.
"""
import statistics
import sys
from collections import defaultdict

CRITIC_STEPS = {"wgan-gp": 5}


def rate_text(rate):
    """Three significant figures or more: sampling rates run from 0.1 to thousands of samples per second."""
    return "%.0f" % rate if rate >= 100 else "%.3g" % rate


def main(path):
    header = []
    rows = defaultdict(lambda: defaultdict(dict))
    with open(path) as f:
        for line in f:
            if line.startswith("#"):
                header.append(line[1:].strip())
                continue
            fields = line.rstrip("\n").split("\t")
            if fields[0] == "kind":
                continue
            kind, workload, threads, rnd, side, rate, rss = fields
            rate = float(rate)
            if side == "genlab" and kind == "training":
                rate *= CRITIC_STEPS.get(workload, 1)
            rows[(kind, workload, int(threads))][int(rnd)][side] = (rate, int(rss))
    for h in header:
        print(h + "  ")
    print()
    print("| kind | workload | threads | rounds | genlab (samples/s) | PyTorch (samples/s) | genlab / PyTorch "
          "(median of rounds) | ratios by round | peak RSS genlab (MB) | peak RSS PyTorch (MB) |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for (kind, workload, threads), rounds in sorted(rows.items()):
        paired = [r for r in rounds.values() if "genlab" in r and "pytorch" in r]
        ratios = [r["genlab"][0] / r["pytorch"][0] for r in paired if r["pytorch"][0] > 0]
        g = [r["genlab"][0] for r in paired]
        t = [r["pytorch"][0] for r in paired]
        gm = [r["genlab"][1] for r in paired]
        tm = [r["pytorch"][1] for r in paired]
        if not paired:
            continue
        unit = " (critic steps)" if workload in CRITIC_STEPS and kind == "training" else ""
        print("| %s | %s%s | %d | %d | %s | %s | **%.2f** | %s | %d | %d |" % (
            kind, workload, unit, threads, len(paired), rate_text(statistics.median(g)),
            rate_text(statistics.median(t)),
            statistics.median(ratios), ", ".join("%.2f" % r for r in ratios), statistics.median(gm),
            statistics.median(tm)))


if __name__ == "__main__":
    main(sys.argv[1])
