#!/usr/bin/env bash
# Starts the ClickHouse HTTP fixture in the background.
#   start.sh [port] [datadir] [extra server.js options, e.g. --keep --user u --password p]
#   CLICKHOUSE_FIXTURE_INSTALL_ONLY=1 start.sh   # only install its node dependencies
# Prints the DSN (http://127.0.0.1:PORT) on success. Idempotent: if a fixture
# already answers on that port (per its pid file), it just prints the DSN.
set -euo pipefail

FIXTURE_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PORT="${1:-${CLICKHOUSE_FIXTURE_PORT:-8123}}"
DATA_DIR="${2:-${CLICKHOUSE_FIXTURE_DATA_DIR:-${TMPDIR:-/tmp}/clickhouse-fixture-${PORT}}}"
shift $(( $# > 2 ? 2 : $# ))
TIMEOUT="${CLICKHOUSE_FIXTURE_START_TIMEOUT:-60}"
RUN_DIR="$FIXTURE_DIR/target"
PID_FILE="$RUN_DIR/fixture-$PORT.pid"
LOG_FILE="$RUN_DIR/fixture-$PORT.log"
DSN="http://127.0.0.1:$PORT"

die() { echo "clickhouse-fixture: $*" >&2; exit 1; }

[[ "$PORT" =~ ^[0-9]+$ ]] || die "port must be a number, got '$PORT'"
command -v node >/dev/null || die "node is not installed (Node >= 18 needed)"
command -v npm >/dev/null || die "npm is not installed"
mkdir -p "$RUN_DIR"

# One start/stop at a time per port.
exec 9>"$RUN_DIR/fixture-$PORT.lock"
flock -w 120 9 || die "another start/stop for port $PORT is still running"

ping_ok() { curl -fsS --max-time 2 "$DSN/ping" 2>/dev/null | grep -q '^Ok\.'; }

if [[ -f "$PID_FILE" ]]; then
  pid="$(cat "$PID_FILE")"
  if kill -0 "$pid" 2>/dev/null && ping_ok; then
    echo "$DSN"
    exit 0
  fi
  rm -f "$PID_FILE"
fi

# Install dependencies when node_modules is missing or was installed from another lock file
# (one install at a time, whatever the port).
lock_hash="$(sha256sum "$FIXTURE_DIR/package-lock.json" | cut -d' ' -f1)"
stamp="$FIXTURE_DIR/node_modules/.fixture-lock-sha256"
deps_ok() {
  [[ -f "$stamp" && "$(cat "$stamp")" == "$lock_hash" && -f "$FIXTURE_DIR/node_modules/@chdb/lib-linux-x64-gnu/libchdb.so" ]]
}
if ! deps_ok; then
  exec 8>"$RUN_DIR/npm-install.lock"
  flock -w 600 8 || die "timed out waiting for another npm install of the fixture"
  if ! deps_ok; then
    echo "clickhouse-fixture: installing node dependencies (npm ci, ~170 MB download, ~550 MB on disk)..." >&2
    ( cd "$FIXTURE_DIR" && npm ci --no-audit --no-fund --loglevel=error ) >>"$LOG_FILE" 2>&1 \
      || die "npm ci failed, see $LOG_FILE"
    [[ -f "$FIXTURE_DIR/node_modules/@chdb/lib-linux-x64-gnu/libchdb.so" ]] \
      || die "npm ci did not install @chdb/lib-linux-x64-gnu (only linux-x64 with glibc is supported), see $LOG_FILE"
    echo "$lock_hash" > "$stamp"
  fi
  exec 8>&-
fi
if [[ "${CLICKHOUSE_FIXTURE_INSTALL_ONLY:-0}" == 1 ]]; then
  exit 0 # dependencies only (the README's test command runs the fixture's own tests next)
fi

if ping_ok; then
  die "port $PORT already answers /ping but not from a fixture started here (no live pid file $PID_FILE)"
fi

echo "=== $(date -u +%FT%TZ) start port=$PORT data=$DATA_DIR $*" >>"$LOG_FILE"
nohup node "$FIXTURE_DIR/server.js" --port "$PORT" --data-dir "$DATA_DIR" "$@" >>"$LOG_FILE" 2>&1 </dev/null 9>&- &
pid=$!
echo "$pid" > "$PID_FILE"

deadline=$(( SECONDS + TIMEOUT ))
until ping_ok; do
  if ! kill -0 "$pid" 2>/dev/null; then
    rm -f "$PID_FILE"
    echo "clickhouse-fixture: server exited during startup; last log lines ($LOG_FILE):" >&2
    tail -n 20 "$LOG_FILE" >&2
    exit 1
  fi
  if (( SECONDS >= deadline )); then
    kill "$pid" 2>/dev/null || true
    rm -f "$PID_FILE"
    echo "clickhouse-fixture: /ping did not answer within ${TIMEOUT}s; last log lines ($LOG_FILE):" >&2
    tail -n 20 "$LOG_FILE" >&2
    exit 1
  fi
  sleep 0.2
done
echo "$DSN"
