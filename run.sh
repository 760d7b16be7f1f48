#!/usr/bin/env bash
# Runs the product: the OSGi distribution (Apache Felix) with the example bot, built first if a source
# changed since the last build (scripts/ensure-built.sh).
#   no DISCORD_TOKEN       the demo: the example bot against a local Discord with simulated users, with
#                          per-guild analytics on a local ClickHouse engine (tools/clickhouse-fixture,
#                          Node.js) that run.sh starts on a free port and stops on exit
#   DISCORD_TOKEN=...      the example bot against Discord
#   ARGUS_CLICKHOUSE_DSN   per-guild analytics into that ClickHouse instead (demo or not)
#   ARGUS_DEMO_ANALYTICS=off   the demo without analytics (no local engine)
#   ARGUS_DASHBOARD_AUTH_TOKEN protects the dashboard (and unlocks per-guild analytics in it); when unset,
#                          run.sh generates one and prints a link that signs the browser in with it
#   ARGUS_PORT             HTTP port (default 9191)
#   ARGUS_SKIP_BUILD=1     start the distribution as last built, without checking the sources
# The settings go to Config Admin through conf/*.cfg in the unpacked distribution
# (distribution/target/argus-VERSION/); every run rewrites them from the environment.
# Ctrl-C (or SIGTERM) stops Argus, then the local engine; the exit code is 0.
set -euo pipefail
cd "$(dirname "$0")"

if [[ -n "${DISCORD_TOKEN:-}" ]]; then
  echo "run.sh: starting Argus with the example bot against Discord (DISCORD_TOKEN)"
else
  echo "run.sh: starting the Argus demo (the example bot on a local Discord with simulated users)"
fi

engine_port=""
engine_dir=""
argus_pid=""
ready_pid=""
cleanup() {
  if [[ -n "$ready_pid" ]]; then
    kill "$ready_pid" 2>/dev/null || true
  fi
  if [[ -n "$argus_pid" ]] && kill -0 "$argus_pid" 2>/dev/null; then
    kill -TERM "$argus_pid" 2>/dev/null || true
    wait "$argus_pid" 2>/dev/null || true
  fi
  # Stopped after Argus, so that its analytics sink could drain into the engine first.
  if [[ -n "$engine_port" ]]; then
    tools/clickhouse-fixture/stop.sh "$engine_port" || true
    # Only the folder run.sh chose, and only once the engine marked it as its own.
    if [[ -f "$engine_dir/.clickhouse-fixture" ]]; then
      rm -rf "$engine_dir"
    fi
    echo "run.sh: local ClickHouse engine stopped"
  fi
}
trap cleanup EXIT
# Until Argus runs, Ctrl-C just ends the script (the EXIT trap still stops what was started).
trap 'echo; echo "run.sh: interrupted"; exit 130' INT TERM

if [[ "${ARGUS_SKIP_BUILD:-0}" == 1 ]]; then
  echo "Build: skipped (ARGUS_SKIP_BUILD=1): the distribution as last built"
else
  scripts/ensure-built.sh
fi

home=$(ls -d distribution/target/argus-*/ | head -n1)
home=${home%/}
conf="$home/conf"
port=${ARGUS_PORT:-9191}

# A .cfg with these key=value lines (backslashes escaped for the properties format), private to the user.
write_cfg() {
  local file="$conf/$1"
  shift
  (umask 077 && printf '%s\n' "# written by run.sh from the environment; rewritten on every run" "$@" | sed 's/\\/\\\\/g' > "$file")
}

# A TCP port nothing listens on now (bash's /dev/tcp: no extra tool needed).
free_port() {
  local p
  for _ in $(seq 1 50); do
    p=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
      echo "$p"
      return 0
    fi
  done
  return 1
}

# Starts the local engine and sets dsn; or says in one line why there is none (and leaves dsn empty).
start_engine() {
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    echo "Per-guild analytics: off (the local ClickHouse engine needs Node.js and npm, not found;" \
         "scripts/ensure-test-tools.sh installs them, or set ARGUS_CLICKHOUSE_DSN)"
    return 0
  fi
  local p attempt
  # A port free when probed can be taken before the engine binds it: then another one, up to 3 times.
  for attempt in 1 2 3; do
    if ! p=$(free_port); then
      echo "Per-guild analytics: off (no free port for the local ClickHouse engine)"
      return 0
    fi
    engine_port=$p
    engine_dir="${TMPDIR:-/tmp}/argus-demo-clickhouse-$p"
    echo "run.sh: starting the local ClickHouse engine on port $p (tools/clickhouse-fixture)..."
    # setsid: its own session, so the terminal's Ctrl-C does not stop it before Argus has drained into it.
    if dsn=$(setsid tools/clickhouse-fixture/start.sh "$p" "$engine_dir" --quiet); then
      return 0
    fi
    dsn=""
    engine_port=""
    if [[ $attempt -lt 3 ]] && grep -q EADDRINUSE "tools/clickhouse-fixture/target/fixture-$p.log" 2>/dev/null; then
      echo "run.sh: port $p was taken meanwhile; trying another"
      continue
    fi
    echo "Per-guild analytics: off (the local ClickHouse engine did not start; its log:" \
         "tools/clickhouse-fixture/target/fixture-$p.log)"
    return 0
  done
}

if [[ -n "${DISCORD_TOKEN:-}" ]]; then
  write_cfg argus.example.bot.cfg "mode = discord" "token = ${DISCORD_TOKEN}"
else
  write_cfg argus.example.bot.cfg "mode = demo"
  # The demo's deliberate faults are announced by one INFO line each; JDA's ERROR lines about them are not
  # needed on top (see scripts/demo-quiet-loggers.txt). ARGUS_JAVA_OPTS comes last and can set them back.
  ARGUS_JAVA_OPTS="$(grep -v '^#' scripts/demo-quiet-loggers.txt | tr '\n' ' ')${ARGUS_JAVA_OPTS:-}"
  export ARGUS_JAVA_OPTS
fi

dsn="${ARGUS_CLICKHOUSE_DSN:-}"
analytics="off"
if [[ -n "$dsn" ]]; then
  analytics="ClickHouse (ARGUS_CLICKHOUSE_DSN)"
elif [[ -z "${DISCORD_TOKEN:-}" ]]; then
  case "${ARGUS_DEMO_ANALYTICS:-on}" in
    off|false|0|no) echo "Per-guild analytics: off (ARGUS_DEMO_ANALYTICS=${ARGUS_DEMO_ANALYTICS})" ;;
    *) start_engine
       analytics="the local ClickHouse engine at $dsn (stopped when Argus stops)" ;;
  esac
fi
if [[ -n "$dsn" ]]; then
  write_cfg argus.sink.clickhouse.cfg "enable_per_guild = true" "clickhouse_dsn = ${dsn}"
  echo "Per-guild analytics: $analytics"
else
  rm -f "$conf/argus.sink.clickhouse.cfg"
fi

token="${ARGUS_DASHBOARD_AUTH_TOKEN:-}"
if [[ -z "$token" ]]; then
  # 128 random bits, hex: safe in a URL and in a .cfg as it is.
  token=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
  echo "Dashboard token: generated for this run (set ARGUS_DASHBOARD_AUTH_TOKEN to choose one)"
fi
write_cfg argus.web.cfg "dashboard_auth_token = ${token}"

if [[ "$port" != 9191 ]]; then
  write_cfg argus.http.cfg "port = ${port}"
else
  rm -f "$conf/argus.http.cfg"
fi

# The token goes in the link as a query parameter; the dashboard keeps it for the tab and removes it
# from the address bar. Percent-encodes, byte by byte, what a user-chosen token may contain.
urlencode() {
  local LC_ALL=C s=$1 out="" c i
  for ((i = 0; i < ${#s}; i++)); do
    c=${s:i:1}
    case "$c" in
      [a-zA-Z0-9._~-]) out+=$c ;;
      *) printf -v c '%%%02X' "'$c"; out+=$c ;;
    esac
  done
  printf '%s' "$out"
}
link="http://localhost:${port}/?token=$(urlencode "$token")"

# run.sh's own settings, not Argus' (which warns about ARGUS_* variables it does not know).
unset ARGUS_SKIP_BUILD ARGUS_REBUILD ARGUS_DEMO_ANALYTICS

# In the background, so that Ctrl-C reaches run.sh, which stops Argus with SIGTERM (a clean stop, exit 0)
# before it stops the engine. (A background job ignores SIGINT; Argus is never sent one.)
"$home/bin/argus" "$@" &
argus_pid=$!
trap 'kill -TERM "$argus_pid" 2>/dev/null || true' INT TERM

if command -v curl >/dev/null 2>&1; then
  # The link once the dashboard itself answers the token (HTTP listens before the dashboard bundle has
  # mounted), so that it is the last thing the start-up prints and works when clicked.
  (
    for _ in $(seq 1 600); do
      if curl -fsS -o /dev/null --max-time 1 -H "Authorization: Bearer ${token}" \
          "http://127.0.0.1:${port}/api/config" 2>/dev/null; then
        echo "Dashboard (signed in): $link    metrics: http://localhost:${port}/metrics"
        exit 0
      fi
      kill -0 "$argus_pid" 2>/dev/null || exit 0
      sleep 0.2
    done
  ) &
  ready_pid=$!
else
  echo "Dashboard (signed in): $link    metrics: http://localhost:${port}/metrics"
fi

# wait returns early (>128) when a trapped signal arrives; wait again until Argus has really exited,
# then take its own exit code.
while kill -0 "$argus_pid" 2>/dev/null; do
  wait "$argus_pid" 2>/dev/null || true
done
code=0
wait "$argus_pid" 2>/dev/null || code=$?
argus_pid=""
exit "$code"
