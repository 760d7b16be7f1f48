#!/usr/bin/env bash
# Installs the test suite's non-Maven tools when they are missing (Debian/Ubuntu, as root or via sudo):
#   node + npm  — run the chDB-based ClickHouse fixture (tools/clickhouse-fixture).
set -euo pipefail
need=()
command -v node >/dev/null 2>&1 || need+=(nodejs)
command -v npm >/dev/null 2>&1 || need+=(npm)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then sudo=""; elif command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
    echo "ensure-test-tools: missing ${need[*]} and not root: install them, or set CLICKHOUSE_DSN to a running ClickHouse" >&2
    exit 1
  fi
  echo "ensure-test-tools: installing ${need[*]} with apt-get"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi
