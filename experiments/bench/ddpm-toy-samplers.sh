#!/usr/bin/env bash
# Sampler quality against steps on one trained checkpoint: trains experiments/ddpm-8gaussians.yaml (or
# the spec given), then evaluates DDPM-1000 and DDIM-10/20/50/100 on it with
# experiments/ddpm-sampler-comparison.yaml, and prints one row per sampler: steps, samples per second
# (2,500 samples, 1 thread), VEEGAN modes covered and high-quality share, MMD^2, sliced Wasserstein.
#   experiments/bench/ddpm-toy-samplers.sh [spec] [store]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
SPEC="${1:-$ROOT/experiments/ddpm-8gaussians.yaml}"
STORE="${2:-$(mktemp -d)}"
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 OMP_WAIT_POLICY=PASSIVE
"$ROOT/genlab" run "$SPEC" --set threads=1 --set "tracking.uri=$STORE" 2>&1 | tee "$STORE/train.log" | grep -E "FINISHED|FAILED|steady"
RUN=$(sed -n 's/^run \([0-9a-f]*\) FINISHED.*/\1/p' "$STORE/train.log")
"$ROOT/genlab" evaluate "$RUN" "$ROOT/experiments/ddpm-sampler-comparison.yaml" --tracking-uri "$STORE" 2>&1 \
    | tee "$STORE/evaluate.log" | grep -E "FINISHED|FAILED"
python3 - "$STORE" "$RUN" <<'PY'
import pathlib, sys
store, trained = pathlib.Path(sys.argv[1]), sys.argv[2]
def last(run, key):
    f = run / "metrics" / key
    return float(f.read_text().split("\n")[-2].split()[1]) if f.exists() else float("nan")
for run in store.glob("*/*/tags/genlab.evaluates"):
    if run.read_text() != trained:
        continue
    run = run.parent.parent
    print("| sampler | network evaluations per sample | samples/s | modes covered | high quality | MMD^2 | sliced W1 |")
    print("|---|---|---|---|---|---|---|")
    for label, steps in [("ddpm-1000", 1000), ("ddim-10", 10), ("ddim-20", 20), ("ddim-50", 50), ("ddim-100", 100)]:
        print("| %s | %d | %.0f | %.0f / %.0f | %.1f %% | %.5f | %.4f |" % (label, steps,
              last(run, "perf/%s/samples_per_second" % label), last(run, label + "/modes/covered"),
              last(run, label + "/modes/total"), 100 * last(run, label + "/modes/high_quality"),
              last(run, label + "/mmd2"), last(run, label + "/sliced_wasserstein")))
PY
