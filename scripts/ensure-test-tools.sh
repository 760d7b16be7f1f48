#!/usr/bin/env bash
# Installs the test suite's non-Maven tools when they are missing (Debian/Ubuntu, as root or via sudo):
#   node, npm, curl, flock   — run the chDB-based ClickHouse fixture (tools/clickhouse-fixture).
#   chromium + chromedriver  — argus-web's real-browser dashboard test (Selenium drives the system
#                              chromedriver; nothing is downloaded at test time).
set -euo pipefail
need=()
command -v node >/dev/null 2>&1 || need+=(nodejs)
command -v npm >/dev/null 2>&1 || need+=(npm)
command -v curl >/dev/null 2>&1 || need+=(curl)
command -v flock >/dev/null 2>&1 || need+=(util-linux)
[ -x /usr/bin/chromium ] || need+=(chromium)
[ -x /usr/bin/chromedriver ] || need+=(chromium-driver)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then sudo=""; elif command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
    echo "ensure-test-tools: missing ${need[*]} and not root: install them (apt-get install ${need[*]})," \
         "or set CLICKHOUSE_DSN to a running ClickHouse; the browser test skips without chromium unless CI=true" >&2
    exit 1
  fi
  echo "ensure-test-tools: installing ${need[*]} with apt-get"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
