#!/usr/bin/env bash
# On-demand JMH benchmarks (never part of `mvn verify`): per-event hook cost next to its baselines,
# analytics-off allocation, /metrics render time. See BENCHMARKS.md for the last recorded run.
#
#   scripts/bench.sh                        # the full suite with -prof gc (a few minutes on 2 cores)
#   scripts/bench.sh Render -prof gc        # any JMH arguments: a benchmark regex, -f, -wi, -i, ...
#   BENCH_SKIP_BUILD=1 scripts/bench.sh ... # reuse the last build
#
# Results: the console and benchmarks/target/jmh-result.txt (JMH's text table).
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ "${BENCH_SKIP_BUILD:-0}" != 1 ]]; then
    # Offline first (no network needed once dependencies are cached), online when something is missing.
    mvn -q -B -o -pl benchmarks -am install -DskipTests 2>/dev/null \
        || mvn -q -B -pl benchmarks -am install -DskipTests
fi
cp="benchmarks/target/classes:$(cat benchmarks/target/bench-classpath.txt)"

args=("$@")
if [[ ${#args[@]} -eq 0 ]]; then
    args=(-prof gc)
fi
exec java -cp "$cp" org.openjdk.jmh.Main -rf text -rff benchmarks/target/jmh-result.txt "${args[@]}"
