#!/usr/bin/env python3
"""Mean and spread over seeds of the final VEEGAN figures of a gan-toy-losses sweep, per data set and loss.

    python3 experiments/bench/gan-toy-table.py [store] [sweep]
(store default ./mlruns, the MLflow file store; sweep default gan-toy-losses, e.g. gan-toy-energy)
"""
import os
import statistics
import sys
from collections import defaultdict

store = sys.argv[1] if len(sys.argv) > 1 else "mlruns"
sweep = sys.argv[2] if len(sys.argv) > 2 else "gan-toy-losses"


def read(path):
    with open(path) as f:
        return f.read().strip()


def last(run, metric):
    path = os.path.join(run, "metrics", metric)
    if not os.path.exists(path):
        return None
    lines = [l.split() for l in read(path).splitlines() if l.strip()]
    return float(max(lines, key=lambda l: int(l[2]))[1])  # the value at the highest step


rows = defaultdict(list)
for experiment in os.listdir(store):
    folder = os.path.join(store, experiment)
    if not os.path.isdir(folder):
        continue
    for run_id in os.listdir(folder):
        run = os.path.join(folder, run_id)
        tags = os.path.join(run, "tags")
        if not os.path.exists(os.path.join(tags, "genlab.sweep.name")) or not os.path.exists(os.path.join(tags, "mlflow.parentRunId")):
            continue
        if read(os.path.join(tags, "genlab.sweep.name")) != sweep or "status: 3" not in read(os.path.join(run, "meta.yaml")):
            continue
        key = (read(os.path.join(run, "params", "data.config.distribution")), read(os.path.join(run, "params", "loss.name")))
        rows[key].append((last(run, "gan-prior/modes/covered"), last(run, "gan-prior/modes/high_quality"), last(run, "gan-prior/mmd2"),
                          last(run, "gan-prior/sliced_wasserstein")))

print("| data | loss | seeds | modes covered | high-quality share (%) | MMD^2 | sliced W1 |")
print("|---|---|---|---|---|---|---|")
for (data, loss), values in sorted(rows.items()):
    def cell(i, scale=1.0, digits=1):
        xs = [v[i] * scale for v in values]
        spread = statistics.stdev(xs) if len(xs) > 1 else 0.0
        return f"{statistics.mean(xs):.{digits}f} ± {spread:.{digits}f}"
    print(f"| {data} | {loss} | {len(values)} | {cell(0)} | {cell(1, 100)} | {cell(2, 1, 3)} | {cell(3, 1, 3)} |")
