#!/usr/bin/env python3
"""Mean and spread over seeds of the final VEEGAN figures of gan-toy sweeps, per data set and loss.

    python3 experiments/bench/gan-toy-table.py [store [sweep ...]]

store: an MLflow file store (default ./mlruns); sweeps: the sweep names whose finished trials to read
(default gan-toy-losses; e.g. gan-toy-losses gan-toy-tricks gan-toy-dragan). A row is a data set and a
loss name, plus every loss setting in NON_DEFAULT that a trial set to another value than the one listed
there (e.g. "non-saturating realLabel=0.9"), so trials of other losses or settings get rows of their own.
"""
import os
import statistics
import sys
from collections import defaultdict

store = sys.argv[1] if len(sys.argv) > 1 else "mlruns"
sweeps = set(sys.argv[2:]) or {"gan-toy-losses"}
# loss settings shown in a row's label when a trial departs from these values (the losses' defaults)
NON_DEFAULT = {"generatorObjective": "adversarial", "realLabel": "1.0", "lambda": "10.0"}


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
        if read(os.path.join(tags, "genlab.sweep.name")) not in sweeps or "status: 3" not in read(os.path.join(run, "meta.yaml")):
            continue
        loss = read(os.path.join(run, "params", "loss.name"))
        for field, default in NON_DEFAULT.items():
            param = os.path.join(run, "params", "loss.config." + field)
            if os.path.exists(param) and read(param) != default:
                loss += f" {field}={read(param)}"
        key = (read(os.path.join(run, "params", "data.config.distribution")), loss)
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
