#!/usr/bin/env bash
# Runs the whole test suite. Everything the tests need that is not Maven's (Node.js for the local
# ClickHouse engine fixture) is installed here; the tests start and stop the fixture themselves.
#   CLICKHOUSE_DSN=http://localhost:8123 ./test.sh   uses your own ClickHouse instead.
set -euo pipefail
cd "$(dirname "$0")"
scripts/ensure-test-tools.sh
exec mvn -B verify "$@"
