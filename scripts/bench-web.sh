#!/usr/bin/env bash
# On-demand benchmark of the dashboard and analytics API (issue 4; never part of `mvn verify`):
#   1. snapshot build time, JMH with -prof gc (argus.bench.web.SnapshotBuildBenchmark);
#   2. /api/stream fan-out with 1, 16, 32 and 64 SSE viewers (builds per interval, bytes and CPU);
#   3. /api/analytics/* latency over HTTP on 10M rows in a real ClickHouse engine: CLICKHOUSE_DSN if set,
#      else tools/clickhouse-fixture (chDB) started here on BENCH_WEB_CH_PORT (default 18923) and stopped at exit.
# See BENCHMARKS.md ("Issue 4") for the last recorded run.
#
#   scripts/bench-web.sh                         # all three
#   scripts/bench-web.sh jmh|stream|analytics    # one part (several allowed)
#   BENCH_SKIP_BUILD=1 scripts/bench-web.sh ...  # reuse the last build
#   JAVA_OPTS='-Drows=1000000 -Drequests=100' scripts/bench-web.sh analytics   # driver settings (see WebBench)
#   JAVA_OPTS='-Dreuse=true' scripts/bench-web.sh analytics   # keep the fixture's data dir and reuse its table
set -euo pipefail
cd "$(dirname "$0")/.."

parts=("$@")
[[ ${#parts[@]} -eq 0 ]] && parts=(jmh stream analytics)

if [[ "${BENCH_SKIP_BUILD:-0}" != 1 ]]; then
    # -P bench-web adds argus-web, argus-http and argus-sink-clickhouse (provided scope, own class path file).
    mvn -q -B -o -P bench-web -pl benchmarks -am install -DskipTests 2>/dev/null \
        || mvn -q -B -P bench-web -pl benchmarks -am install -DskipTests
fi
# A private copy of every jar: other builds on this machine re-install the Argus snapshots into ~/.m2 while
# a run is going, and a jar replaced under a running JVM fails its next class load.
lib=benchmarks/target/bench-web-lib
rm -rf "$lib" && mkdir -p "$lib"
deps=""
IFS=: read -r -a jars <<< "$(cat benchmarks/target/bench-classpath.txt):$(cat benchmarks/target/bench-web-classpath.txt)"
for j in "${jars[@]}"; do
    [[ -n "$j" ]] || continue
    copy="$lib/$(basename "$(dirname "$(dirname "$j")")")-$(basename "$j")"
    cp "$j" "$copy"
    deps="${deps:+$deps:}$copy"
done
# The drivers run from a copy of argus/bench/web only: benchmarks/target/classes also registers the issue-2
# benchmarks' RecordingSink (META-INF/services, priority 1000), which would win over the ClickHouse sink.
web_classes=benchmarks/target/bench-web-classes
rm -rf "$web_classes" && mkdir -p "$web_classes/argus/bench"
cp -r benchmarks/target/classes/argus/bench/web "$web_classes/argus/bench/"
cp="$web_classes:$deps"
# WARN and up, except JDA's report of the listener exceptions the benchmark bot throws on purpose.
log=(-Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dorg.slf4j.simpleLogger.log.net.dv8tion.jda.internal.JDAImpl=off)

for part in "${parts[@]}"; do
    case "$part" in
        jmh)
            java -cp "benchmarks/target/classes:$deps" org.openjdk.jmh.Main 'argus\.bench\.web\.SnapshotBuildBenchmark' -prof gc \
                -rf text -rff benchmarks/target/jmh-web-result.txt
            ;;
        stream)
            # shellcheck disable=SC2086
            java -Xmx1g "${log[@]}" ${JAVA_OPTS:-} -cp "$cp" argus.bench.web.WebBench stream
            ;;
        analytics)
            dsn="${CLICKHOUSE_DSN:-}"
            if [[ -z "$dsn" ]]; then
                port="${BENCH_WEB_CH_PORT:-18923}"
                command -v node >/dev/null || scripts/ensure-test-tools.sh
                # -Dreuse=true keeps the fixture's data dir (and its 10M-row table); otherwise it is wiped at start.
                keep=()
                [[ " ${JAVA_OPTS:-} " == *" -Dreuse=true "* ]] && keep=(--keep)
                dsn="$(tools/clickhouse-fixture/start.sh "$port" "${TMPDIR:-/tmp}/argus-bench-web-ch-$port" --quiet "${keep[@]}")"
                trap 'tools/clickhouse-fixture/stop.sh "$port"' EXIT
            fi
            # shellcheck disable=SC2086
            java -Xmx1g "${log[@]}" ${JAVA_OPTS:-} -Ddsn="$dsn" -cp "$cp" argus.bench.web.WebBench analytics
            ;;
        *) echo "unknown part '$part' (jmh, stream, analytics)" >&2; exit 2 ;;
    esac
done
