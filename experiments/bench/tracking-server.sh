#!/usr/bin/env bash
# What tracking to an MLflow server costs: the VAE quickstart logged to a local file store and to a
# tracking server, alternating rounds (training seconds and wall seconds, medians), then a sweep of
# many small trials against the server to record its load (requests per second, bytes per trial).
# The server is the test kit's in-process MLflow server (tracking-testkit), run standalone on loopback:
# it answers as MLflow 2.17's REST API does, without MLflow's own database work, so its figures are the
# requests genlab makes, not a real server's latency.
#   experiments/bench/tracking-server.sh [rounds=3] [trials=200 (0: no sweep)] [epochs=5, the quickstart's]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
ROUNDS="${1:-3}"
TRIALS="${2:-200}"
EPOCHS="${3:-5}"
OUT="$ROOT/experiments/bench/results/tracking-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$OUT"
"$ROOT/genlab" plugins > /dev/null # builds when needed
(cd "$ROOT" && mvn -q -B -ntp -o -pl tracking-testkit compile 2>&1 | sed 's/\x1b\[[0-9;]*m//g') >&2
SERVER_CP="$ROOT/tracking-testkit/target/classes:$(cat "$ROOT/runner/target/classpath.txt")"

start_server() { # port log
  java -cp "$SERVER_CP" io.genlab.tracking.testkit.FakeMlflowServer "$1" > "$2" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 100); do grep -q "^http" "$2" 2>/dev/null && return; sleep 0.1; done
  echo "server did not start: $(cat "$2")" >&2; exit 1
}
stop_server() { kill -TERM "$SERVER_PID"; wait "$SERVER_PID" || true; }
metric() { # store-folder key: the last value of a metric of the only run in the folder's experiment 1
  find "$1" -path "*/metrics/$2" | head -1 | xargs tail -1 | cut -d' ' -f2
}
median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

PORT=$(( 20000 + RANDOM % 20000 ))
start_server "$PORT" "$OUT/server-quickstart.log"
echo "round store train_seconds wall_seconds tracking_cpu_seconds" | tee "$OUT/quickstart.tsv"
for r in $(seq 1 "$ROUNDS"); do
  for store in file server; do
    run_dir="$OUT/$store-$r"; mkdir -p "$run_dir"
    if [ "$store" = file ]; then uri="$run_dir/mlruns"; else uri="http://127.0.0.1:$PORT"; fi
    start=$(date +%s.%N)
    (cd "$run_dir" && GENLAB_SPOOL_DIR="$run_dir/spool" "$ROOT/genlab" run "$ROOT/experiments/quickstart.yaml" \
      --set tracking.uri="$uri" --set training.epochs="$EPOCHS" > run.log 2>&1)
    wall=$(echo "$(date +%s.%N) - $start" | bc)
    train=$(metric "$run_dir" perf/train_seconds)
    # The server tracker says at exit how much CPU its sender and requests used.
    cpu=$(sed -n 's/.*(\([0-9.]*\) s of CPU).*/\1/p' "$run_dir/run.log" | tail -1)
    echo "$r $store $train $wall ${cpu:-0}" | tee -a "$OUT/quickstart.tsv"
  done
done
stop_server
for store in file server; do
  echo "median $store train $(awk -v s=$store '$2==s {print $3}' "$OUT/quickstart.tsv" | median)" \
    "wall $(awk -v s=$store '$2==s {print $4}' "$OUT/quickstart.tsv" | median)" \
    "tracking_cpu $(awk -v s=$store '$2==s {print $5}' "$OUT/quickstart.tsv" | median)" | tee -a "$OUT/summary.txt"
done
cat "$OUT/server-quickstart.log" >> "$OUT/summary.txt"

[ "$TRIALS" -gt 0 ] || { echo "results in $OUT"; exit 0; }

# A sweep of small trials: each trial a JVM of its own, as in a real sweep.
cat > "$OUT/sweep.yaml" <<EOF
name: load
experiment: tracking-load
seed: 3
threads: 1
data: {name: shapes, config: {trainSize: 256, testSize: 64, size: 8}}
model: {name: mlp-vae, config: {hiddenSizes: [32], latentDim: 2}}
loss: elbo
training: {epochs: 2, batchSize: 32, logEvery: 1}
metrics: [test-elbo]
sweep:
  parallel: 2
  random:
    trials: $TRIALS
    params:
      training.optimizer.learningRate: {logUniform: [1.0e-4, 1.0e-2]}
  objective: {metric: test/neg_elbo, mode: min}
  trialJvmOptions: [-Xmx512m]
EOF
PORT=$(( 20000 + RANDOM % 20000 ))
start_server "$PORT" "$OUT/server-sweep.log"
start=$(date +%s.%N)
(cd "$OUT" && GENLAB_SPOOL_DIR="$OUT/sweep-spool" "$ROOT/genlab" sweep "$OUT/sweep.yaml" \
  --set tracking.uri="http://127.0.0.1:$PORT" > "$OUT/sweep.log" 2>&1)
echo "sweep of $TRIALS trials: $(echo "$(date +%s.%N) - $start" | bc) s" | tee -a "$OUT/summary.txt"
stop_server
cat "$OUT/server-sweep.log" | tee -a "$OUT/summary.txt"
echo "results in $OUT"
