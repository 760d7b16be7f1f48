#!/usr/bin/env bash
# Runs the whole test suite. Everything the tests need that is not Maven's (Node.js for the local
# ClickHouse engine fixture) is installed here; the tests start and stop the fixture themselves.
#   CLICKHOUSE_DSN=http://localhost:8123 ./test.sh   uses your own ClickHouse instead.
set -euo pipefail
cd "$(dirname "$0")"
scripts/ensure-test-tools.sh
# The ClickHouse fixture's own tests (Node's test runner, a few seconds; not with your own ClickHouse),
# then every Maven module.
if [[ -z "${CLICKHOUSE_DSN:-}" ]]; then
    CLICKHOUSE_FIXTURE_INSTALL_ONLY=1 tools/clickhouse-fixture/start.sh
    (cd tools/clickhouse-fixture && node --test test/)
fi
exec mvn -B verify "$@"
