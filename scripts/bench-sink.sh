#!/usr/bin/env bash
# On-demand load driver for the analytics sink: sustained events/s into a real ClickHouse engine and
# record() latency during an outage. Uses CLICKHOUSE_DSN if set, else starts tools/clickhouse-fixture.
#   scripts/bench-sink.sh [-Dseconds=20] [-Drates=100000,200000,300000]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-test-tools.sh
mvn -q -B -pl argus-sink-clickhouse -am install -DskipTests
mvn -q -B -pl argus-sink-clickhouse dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$PWD/argus-sink-clickhouse/target/bench-classpath.txt"
cp=$(cat argus-sink-clickhouse/target/bench-classpath.txt)
exec java -Xmx2g "$@" -cp "argus-sink-clickhouse/target/test-classes:argus-sink-clickhouse/target/classes:${cp}" \
     argus.sink.clickhouse.SinkLoadDriver
