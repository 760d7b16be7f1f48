#!/usr/bin/env bash
# On-demand load test through a real JDA client (never part of `mvn verify` or CI): sustained /ping
# interactions against the local Discord (discord-double), run for bare JDA, JDA + Argus (NullSink)
# and JDA + Argus (ClickHouse sink on the test fixture), printing throughput, CPU per interaction,
# latency p50/p99 and Argus' overhead vs bare JDA. See BENCHMARKS.md ("Issue 6") for the last run.
#
#   scripts/bench-e2e.sh                                  # defaults: 500/s, 10 s warm-up + 20 s, 3 rounds
#   scripts/bench-e2e.sh --rate 1500 --seconds 30 --rounds 3 --modes bare,argus-null
#   BENCH_SKIP_BUILD=1 scripts/bench-e2e.sh ...           # reuse the last build
#
# Options: --rate N (interactions/s, open loop) --seconds N --warmup N --guilds N --shards N
#          --rounds N --prewarm N (discarded JIT warm-up run, s) --modes bare,argus-null,argus-clickhouse
#          --paired true (bare and Argus bots at the same time, CPU attributed per bot: less noise)
# The soak instead (argus.e2e.load.Soak): the demo (example bot, users, deliberate faults) with Argus and
# analytics for minutes; heap after a full GC and live threads every --sample-s, with their slopes:
#   scripts/bench-e2e.sh --soak-minutes 5 [--rate 400] [--warmup 60] [--sample-s 15] [--analytics false]
# The ClickHouse run uses CLICKHOUSE_DSN if set, else Docker, else tools/clickhouse-fixture (Node.js).
# Through JAVA_TOOL_OPTIONS: -Dload.threads=true (CPU per thread group), -Dload.flushMs=N (paired runs: the
# ClickHouse sink's sink_flush_interval_ms instead of its default).
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ "${BENCH_SKIP_BUILD:-0}" != 1 ]]; then
    # Offline first (no network needed once dependencies are cached), online when something is missing.
    mvn -q -B -o -pl argus-e2e -am install -DskipTests 2>/dev/null \
        || mvn -q -B -pl argus-e2e -am install -DskipTests
fi
mvn -q -B -o -pl argus-e2e dependency:build-classpath -Dmdep.includeScope=runtime \
    -Dmdep.outputFile=target/load-classpath.txt 2>/dev/null \
    || mvn -q -B -pl argus-e2e dependency:build-classpath -Dmdep.includeScope=runtime \
        -Dmdep.outputFile=target/load-classpath.txt
cp="argus-e2e/target/classes:$(cat argus-e2e/target/load-classpath.txt)"

# The demo's quiet loggers too: the soak's deliberate faults would otherwise be repeated as JDA ERRORs.
mapfile -t quiet < <(grep -v '^#' scripts/demo-quiet-loggers.txt | grep -v '^$')
exec java -Xms1g -Xmx1g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn "${quiet[@]}" \
    -cp "$cp" argus.e2e.load.LoadDriver "$@"
