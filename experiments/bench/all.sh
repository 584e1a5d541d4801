#!/usr/bin/env bash
# Every benchmark workload against its PyTorch reference, alternating the two sides round by round, at
# each thread count; prints a table of median ratios and peak resident memory (BENCHMARKS.md's protocol).
#
#   experiments/bench/all.sh [rounds] [threads ...]          e.g. all.sh 3 1 2 (the defaults)
#   GENLAB_BENCH_TRAINING="vae dcgan" GENLAB_BENCH_SAMPLING="" experiments/bench/all.sh 1 1   (an empty list runs none)
#
# Training workloads (samples per second after warm-up; WGAN-GP in critic steps): vae, dcgan, wgan-gp, ddpm,
# pixelcnn of ../shared/bench/torch_peer.py against the genlab specs of the same networks. Sampling
# workloads (samples per second): ddim (50 steps, batch 64), gan (the generator, batch 256), pixelcnn
# (raster order, batch 8) against
# experiments/bench/torch_sampling.py. genlab's sampler rate is its second sampler's, after a first one
# of the same kind has compiled its plans and warmed the JIT, as the PyTorch side draws once untimed.
# Peak resident memory is /usr/bin/time's maximum RSS of each whole process.
#
# Needs: apt-get install -y python3-torch libopenblas0-pthread time (Debian's torch with OpenBLAS: with
# the reference BLAS it is about four times slower, a flattering and meaningless ratio), MNIST in
# $GENLAB_DATA_DIR or ../shared/data. Raw figures go to $GENLAB_BENCH_OUT (default
# experiments/bench/results/<time>/results.tsv). A full run (3 rounds, 1 and 2 threads) takes about an hour.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
DATA="${GENLAB_DATA_DIR:-$ROOT/../shared/data}"
PEER="${GENLAB_TORCH_PEER:-$ROOT/../shared/bench/torch_peer.py}"
SAMPLING_PEER="$ROOT/experiments/bench/torch_sampling.py"
ROUNDS="${1:-3}"
shift || true
THREADS=("$@")
[ ${#THREADS[@]} -eq 0 ] && THREADS=(1 2)
TRAINING="${GENLAB_BENCH_TRAINING-vae dcgan wgan-gp ddpm pixelcnn}"
SAMPLING="${GENLAB_BENCH_SAMPLING-ddim gan pixelcnn}"
OUT="${GENLAB_BENCH_OUT:-$ROOT/experiments/bench/results/$(date +%Y%m%d-%H%M%S)}"
mkdir -p "$OUT"
RESULTS="$OUT/results.tsv"
STORE="$(mktemp -d)"
trap 'rm -rf "$STORE"' EXIT
[ -x /usr/bin/time ] || { echo "all.sh: needs /usr/bin/time (apt-get install -y time)" >&2; exit 2; }
[ -f "$DATA/mnist/train-images-idx3-ubyte.gz" ] || { echo "all.sh: no MNIST in $DATA/mnist (set GENLAB_DATA_DIR)" >&2; exit 2; }
/usr/bin/python3 -c "import torch" 2>/dev/null || { echo "all.sh: needs Debian's PyTorch (apt-get install -y python3-torch libopenblas0-pthread)" >&2; exit 2; }
export OMP_WAIT_POLICY=PASSIVE GENLAB_DATA_DIR="$DATA"
# glibc hands large freed blocks back to the kernel by default, so every large temporary is a fresh
# mmap whose pages fault in on first touch: PyTorch's per-tensor Adam then took 7.4 ms of a VAE step
# instead of 1.5 ms, and its VAE ran at 6.2k instead of 16.7k examples/s on the development machine.
# Both sides keep freed memory (what jemalloc or tcmalloc, which PyTorch's CPU tuning guide
# recommends, do anyway); GENLAB_BENCH_GLIBC_DEFAULTS=1 measures with glibc's defaults.
if [ -z "${GENLAB_BENCH_GLIBC_DEFAULTS:-}" ]; then
  export MALLOC_MMAP_THRESHOLD_=1073741824 MALLOC_TRIM_THRESHOLD_=1073741824
fi

# Each OpenBLAS picks its kernels for this CPU (PyTorch's by its own detection, ND4J's older one through
# the genlab launcher), unless GENLAB_BENCH_OPENBLAS_CORETYPE names one core for both. An inherited
# OPENBLAS_CORETYPE would otherwise hold both to it: a machine that exported Haswell held PyTorch's VAE to
# 17k examples/s, against 22k with the AVX-512 kernels its OpenBLAS picks on that CPU.
if [ -n "${GENLAB_BENCH_OPENBLAS_CORETYPE:-}" ]; then
  export OPENBLAS_CORETYPE="$GENLAB_BENCH_OPENBLAS_CORETYPE"
else
  unset OPENBLAS_CORETYPE
fi
# The BLAS each side uses, written down with the results.
{
  echo "# $(date -u +%FT%TZ) $(nproc) cores, $(awk '/^MemTotal:/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
  echo "# malloc: MALLOC_MMAP_THRESHOLD_=${MALLOC_MMAP_THRESHOLD_:-glibc default} MALLOC_TRIM_THRESHOLD_=${MALLOC_TRIM_THRESHOLD_:-glibc default}"
  echo "# pytorch $(/usr/bin/python3 -c 'import torch; print(torch.__version__)'), BLAS: $(readlink -f /etc/alternatives/libblas.so.3-x86_64-linux-gnu 2>/dev/null || echo unknown)"
  echo -e "kind\tworkload\tthreads\tround\tside\trate\tpeak_rss_mb"
} > "$RESULTS"
# OpenBLAS prints the kernels it loaded ("Core: ...") at this verbosity; record() writes them down.
export OPENBLAS_VERBOSE=2

# Runs a command under /usr/bin/time; prints "<its stdout and stderr>" then "PEAK_RSS_KB <n>" on the last line.
timed() {
  local log="$STORE/time.$$"
  /usr/bin/time -v -o "$log" "$@" 2>&1 || true
  echo "PEAK_RSS_KB $(sed -n 's/.*Maximum resident set size (kbytes): \([0-9]*\)/\1/p' "$log")"
}

record() { # kind workload threads round side output-of-timed rate-sed-expression
  local rate rss
  rate=$(echo "$6" | sed -n "$7" | tail -1)
  rss=$(echo "$6" | sed -n 's/^PEAK_RSS_KB \([0-9]*\)/\1/p')
  [ -n "$rate" ] || { echo "all.sh: no rate from $5 $2 ($3 threads); its output:" >&2; echo "$6" | tail -20 >&2; rate=nan; }
  echo "$6" | sed -n "s/^Core: \(.*\)/$5\t\1/p" | head -1 >> "$OUT/openblas-cores.tsv"
  echo -e "$1\t$2\t$3\t$4\t$5\t$rate\t$(( ${rss:-0} / 1024 ))" >> "$RESULTS"
  echo "$1 $2 threads=$3 round=$4 $5: $rate (peak $(( ${rss:-0} / 1024 )) MB)"
}

genlab_train() { # workload threads
  local spec sets=()
  case "$1" in
    vae) spec=vae-mnist.yaml; sets=(--set training.maxIterations=600) ;;
    dcgan) spec=dcgan-mnist.yaml; sets=(--set training.maxIterations=135 --set training.evaluateEvery=0) ;;
    wgan-gp) spec=dcgan-mnist.yaml; sets=(--set loss=wgan-gp --set training.maxIterations=45 --set training.evaluateEvery=0
        --set model.config.discriminatorBatchNorm=false
        --set 'training.optimizer={name: adam, learningRate: 1.0e-4, beta1: 0.5, beta2: 0.9}') ;;
    ddpm) spec=ddpm-mnist.yaml; sets=(--set training.maxIterations=190 --set model.config.diffusion.emaDecay=0) ;;
    pixelcnn) spec=pixelcnn-mnist.yaml; sets=(--set training.maxIterations=190) ;;
  esac
  OMP_NUM_THREADS="$2" OPENBLAS_NUM_THREADS="$2" timed "$ROOT/genlab" run "$ROOT/experiments/$spec" --set "threads=$2" \
      --set 'metrics=[]' --set 'samplers=[]' --set "tracking.uri=$STORE/mlruns" "${sets[@]}"
}

genlab_sample() { # sampler threads
  local spec sampler
  case "$1" in
    ddim) spec=ddpm-mnist.yaml; sampler='name: ddim, config: {count: 64, steps: 50, batchSize: 64}' ;;
    gan) spec=dcgan-mnist.yaml; sampler='name: gan-prior, config: {count: 256}' ;;
    pixelcnn) spec=pixelcnn-mnist.yaml; sampler='name: sequential, config: {count: 8, batchSize: 8}' ;;
  esac
  OMP_NUM_THREADS="$2" OPENBLAS_NUM_THREADS="$2" timed "$ROOT/genlab" run "$ROOT/experiments/$spec" --set "threads=$2" \
      --set training.maxIterations=1 --set training.evaluateEvery=0 --set 'metrics=[]' \
      --set "samplers=[{label: warm, $sampler}, {label: timed, $sampler}]" --set "tracking.uri=$STORE/mlruns"
}

torch_train() { OMP_NUM_THREADS="$2" OPENBLAS_NUM_THREADS="$2" timed /usr/bin/python3 "$PEER" "$1" --threads "$2" --data "$DATA/mnist"; }
torch_sample() { OMP_NUM_THREADS="$2" OPENBLAS_NUM_THREADS="$2" timed /usr/bin/python3 "$SAMPLING_PEER" "$1" --threads "$2"; }

GENLAB_RATE='s/^steady-state throughput: \([0-9.]*\) examples\/s/\1/p'
TORCH_RATE='s/.*samples_per_s=\([0-9.]*\).*/\1/p'
SAMPLER_RATE='s/^ *perf\/timed\/samples_per_second *\([0-9.]*\).*/\1/p'

# One round of one workload: both sides back to back, the side that goes first alternating by round so
# that slow drift of the machine does not favour either.
pair() { # kind workload threads round genlab-function torch-function genlab-rate-expression
  local sides=(genlab pytorch)
  (( $4 % 2 )) || sides=(pytorch genlab)
  for side in "${sides[@]}"; do
    if [ "$side" = genlab ]; then
      record "$1" "$2" "$3" "$4" genlab "$($5 "$2" "$3")" "$7"
    else
      record "$1" "$2" "$3" "$4" pytorch "$($6 "$2" "$3")" "$TORCH_RATE"
    fi
  done
}

for round in $(seq "$ROUNDS"); do
  for threads in "${THREADS[@]}"; do
    for w in $TRAINING; do
      pair training "$w" "$threads" "$round" genlab_train torch_train "$GENLAB_RATE"
    done
    for s in $SAMPLING; do
      pair sampling "$s" "$threads" "$round" genlab_sample torch_sample "$SAMPLER_RATE"
    done
  done
done
# The kernels each side's OpenBLAS loaded, as one header line beside the others.
sed -i "4i # OpenBLAS kernels loaded: $(sort -u "$OUT/openblas-cores.tsv" 2>/dev/null | tr "\t" " " | paste -s -d, - | sed "s/,/, /g")" "$RESULTS"
python3 "$ROOT/experiments/bench/summarize.py" "$RESULTS" | tee "$OUT/table.md"
