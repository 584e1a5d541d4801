#!/usr/bin/env bash
# Stops the single-node Slurm cluster started by start-cluster.sh.
# Leaves the packages installed. Idempotent.
#   --purge           also remove the state directory
#   GENLAB_SLURM_DIR  state directory (default /tmp/genlab-slurm)
set -euo pipefail

STATE_DIR="${GENLAB_SLURM_DIR:-/tmp/genlab-slurm}"
PURGE=0
for arg in "$@"; do
  case "$arg" in
    --purge) PURGE=1 ;;
    -h | --help)
      echo "usage: $0 [--purge]"
      exit 0
      ;;
    *)
      echo "[stop-cluster] unknown argument: $arg" >&2
      exit 2
      ;;
  esac
done

START_TS=$(date +%s)
log() { echo "[stop-cluster] $*"; }

if [[ $(id -u) -ne 0 ]]; then
  echo "[stop-cluster] ERROR: must run as root" >&2
  exit 1
fi

# stop NAME PIDFILE: TERM the daemon named in its pid file, else any process of that exact
# name (pkill fallback covers lost pid files), then wait up to 15 s and KILL.
stop() {
  local name=$1 pidfile=$2 pid="" i
  if ! pgrep -x "$name" >/dev/null; then
    rm -f "$pidfile"
    log "$name not running"
    return 0
  fi
  if [[ -f "$pidfile" ]]; then
    pid=$(cat "$pidfile" 2>/dev/null || true)
  fi
  if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null && [[ "$(ps -o comm= -p "$pid")" == "$name" ]]; then
    kill -TERM "$pid" 2>/dev/null || true
  fi
  pkill -TERM -x "$name" 2>/dev/null || true
  for i in $(seq 1 150); do
    pgrep -x "$name" >/dev/null || break
    if [[ $i -eq 150 ]]; then
      log "$name did not exit after TERM; sending KILL"
      pkill -KILL -x "$name" 2>/dev/null || true
      sleep 0.5
    fi
    sleep 0.1
  done
  if pgrep -x "$name" >/dev/null; then
    echo "[stop-cluster] ERROR: $name still running" >&2
    return 1
  fi
  rm -f "$pidfile"
  log "$name stopped"
}

# slurmd first (it kills running job steps), then the controller, then munge.
stop slurmd "$STATE_DIR/run/slurmd.pid"
stop slurmctld "$STATE_DIR/run/slurmctld.pid"
# slurmstepd processes of killed jobs normally exit with slurmd; be sure.
pkill -KILL -x slurmstepd 2>/dev/null || true
stop munged "$STATE_DIR/munge/munged.pid"
rm -f "$STATE_DIR/started-by-genlab"

if [[ $PURGE -eq 1 ]]; then
  # Only drop the symlink if it points into our state dir (never a real config).
  if [[ -L /etc/slurm/slurm.conf && "$(readlink /etc/slurm/slurm.conf)" == "$STATE_DIR/slurm.conf" ]]; then
    rm -f /etc/slurm/slurm.conf
  fi
  rm -rf "$STATE_DIR"
  log "removed $STATE_DIR"
fi
log "elapsed: $(($(date +%s) - START_TS)) s"
