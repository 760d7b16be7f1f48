#!/usr/bin/env bash
# Runs the product: builds Argus and starts the OSGi distribution (Apache Felix) with the example bot.
#   no DISCORD_TOKEN       the demo: the example bot against a local Discord with simulated users
#   DISCORD_TOKEN=...      the example bot against Discord
#   ARGUS_CLICKHOUSE_DSN   per-guild analytics into that ClickHouse (the dashboard's Analytics section)
#   ARGUS_DASHBOARD_AUTH_TOKEN   protects the dashboard (and unlocks per-guild analytics in it)
#   ARGUS_PORT             HTTP port (default 9191)
# The settings go to Config Admin through conf/*.cfg in the unpacked distribution
# (distribution/target/argus-VERSION/); every run rewrites them from the environment. Ctrl-C stops it.
set -euo pipefail
cd "$(dirname "$0")"

mvn -q -B -DskipTests install

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

if [[ -n "${DISCORD_TOKEN:-}" ]]; then
  write_cfg argus.example.bot.cfg "mode = discord" "token = ${DISCORD_TOKEN}"
  echo "Example bot: Discord (DISCORD_TOKEN)"
else
  write_cfg argus.example.bot.cfg "mode = demo"
  echo "Example bot: demo (a local Discord with simulated users; set DISCORD_TOKEN for the real one)"
fi

if [[ -n "${ARGUS_CLICKHOUSE_DSN:-}" ]]; then
  write_cfg argus.sink.clickhouse.cfg "enable_per_guild = true" "clickhouse_dsn = ${ARGUS_CLICKHOUSE_DSN}"
  echo "Per-guild analytics: ClickHouse (ARGUS_CLICKHOUSE_DSN)"
else
  rm -f "$conf/argus.sink.clickhouse.cfg"
fi

if [[ -n "${ARGUS_DASHBOARD_AUTH_TOKEN:-}" ]]; then
  write_cfg argus.web.cfg "dashboard_auth_token = ${ARGUS_DASHBOARD_AUTH_TOKEN}"
else
  rm -f "$conf/argus.web.cfg"
fi

if [[ "$port" != 9191 ]]; then
  write_cfg argus.http.cfg "port = ${port}"
else
  rm -f "$conf/argus.http.cfg"
fi

echo "Dashboard: http://localhost:${port}/    metrics: http://localhost:${port}/metrics"
exec "$home/bin/argus" "$@"
