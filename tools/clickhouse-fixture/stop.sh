#!/usr/bin/env bash
# Stops the fixture started by start.sh on the given port (SIGTERM, then SIGKILL after 15 s).
#   stop.sh [port]
# Idempotent: succeeds when nothing is running.
set -euo pipefail

FIXTURE_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PORT="${1:-${CLICKHOUSE_FIXTURE_PORT:-8123}}"
RUN_DIR="$FIXTURE_DIR/target"
PID_FILE="$RUN_DIR/fixture-$PORT.pid"

[[ "$PORT" =~ ^[0-9]+$ ]] || { echo "clickhouse-fixture: port must be a number, got '$PORT'" >&2; exit 1; }
[[ -d "$RUN_DIR" ]] || exit 0
exec 9>"$RUN_DIR/fixture-$PORT.lock"
flock -w 120 9 || { echo "clickhouse-fixture: another start/stop for port $PORT is still running" >&2; exit 1; }

[[ -f "$PID_FILE" ]] || exit 0
pid="$(cat "$PID_FILE")"
# Only signal the process if it still is our server (pids get reused).
if [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null \
   && tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -q "$FIXTURE_DIR/server.js"; then
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 150); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    echo "clickhouse-fixture: pid $pid ignored SIGTERM for 15 s, sending SIGKILL" >&2
    kill -KILL "$pid" 2>/dev/null || true
  fi
fi
rm -f "$PID_FILE"
