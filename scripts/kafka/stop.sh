#!/usr/bin/env bash
# Stops the broker started by scripts/kafka/start.sh (SIGTERM, then SIGKILL after a grace period)
# and removes its state dir.
#   KAFKA_STATE_DIR   same as for start.sh (default /tmp/runner-registry-kafka)
#   KAFKA_STOP_GRACE  seconds to wait after SIGTERM (default 20)
#   KAFKA_KEEP_STATE=1  keep the state dir (data and logs)
set -euo pipefail

STATE_DIR="${KAFKA_STATE_DIR:-/tmp/runner-registry-kafka}"
PID_FILE="$STATE_DIR/kafka.pid"
GRACE="${KAFKA_STOP_GRACE:-20}"
log() { echo "[kafka] $*" >&2; }

if [ -f "$PID_FILE" ]; then
  PID="$(cat "$PID_FILE")"
  # Only signal the pid if it is still our broker (guards against pid reuse).
  if kill -0 "$PID" 2>/dev/null && tr '\0' ' ' <"/proc/$PID/cmdline" 2>/dev/null | grep -q 'kafka\.Kafka'; then
    log "stopping broker pid $PID"
    kill -TERM "$PID" 2>/dev/null || true
    for _ in $(seq 1 $((GRACE * 5))); do
      kill -0 "$PID" 2>/dev/null || break
      sleep 0.2
    done
    if kill -0 "$PID" 2>/dev/null; then
      log "broker pid $PID still alive after ${GRACE}s; sending SIGKILL"
      kill -KILL "$PID" 2>/dev/null || true
      sleep 0.5
    fi
  else
    log "pid $PID from $PID_FILE is not a running broker"
  fi
else
  log "no pid file in $STATE_DIR; nothing to stop"
fi

if [ "${KAFKA_KEEP_STATE:-0}" != "1" ] && [ -d "$STATE_DIR" ]; then
  case "$STATE_DIR" in
    / | "$HOME" | "") log "refusing to remove $STATE_DIR" ;;
    *) rm -rf "$STATE_DIR" && log "removed $STATE_DIR" ;;
  esac
fi
