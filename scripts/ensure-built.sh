#!/usr/bin/env bash
# Builds what run.sh and scripts/run-module-path.sh start (the distribution and everything it needs, the
# example bot's module path included), but only when a pom.xml or a file under a src/ folder changed since
# the last successful build. A build prints one line per module instead of Maven's full output (kept in
# target/ensure-built.log, whose errors are shown if it fails). No tests run and nothing is installed
# into ~/.m2: the reactor builds each module from the sources here.
#   ARGUS_REBUILD=1   build even when nothing changed
set -euo pipefail
cd "$(dirname "$0")/.."

stamp=target/ensure-built.stamp
log=target/ensure-built.log
mkdir -p target

# The outputs the run scripts start; a build is due when one is missing, whatever the stamp says.
outputs_present() {
  compgen -G "distribution/target/argus-*/bin/argus" >/dev/null \
    && compgen -G "argus-example-bot/target/argus-example-bot-*.jar" >/dev/null \
    && [[ -d argus-example-bot/target/modules ]]
}

# The first source newer than the stamp (build outputs, node_modules and .git are not sources).
first_change() {
  find . \( -name target -o -name node_modules -o -name .git \) -prune -o \
    -type f \( -name pom.xml -o -path '*/src/*' \) -newer "$stamp" -print -quit
}

if [[ "${ARGUS_REBUILD:-0}" != 1 && -f "$stamp" ]] && outputs_present; then
  changed=$(first_change)
  if [[ -z "$changed" ]]; then
    echo "Build: up to date (no source changed since the last build; ARGUS_REBUILD=1 forces one)"
    exit 0
  fi
  echo "Build: ${changed#./} and maybe more changed since the last build; building (about a minute)..."
else
  echo "Build: building the distribution and the example bot (about a minute the first time; Maven's log: $log)..."
fi

# Taken before the build starts, so that a file saved during the build still counts as changed next time.
next_stamp=$(mktemp target/ensure-built.stamp.XXXXXX)
start=$SECONDS
set +e
mvn -B -ntp -DskipTests -pl distribution -am package 2>&1 | tee "$log" \
  | sed -u -n -E 's/^\[INFO\] Building (.+) [^ ]+ +\[([0-9]+)\/([0-9]+)\]$/  [\2\/\3] \1/p'
status=${PIPESTATUS[0]}
set -e
if [[ "$status" -ne 0 ]]; then
  rm -f "$next_stamp"
  echo "Build: FAILED (mvn exit $status); its errors (the whole log is in $log):" >&2
  grep -E '^\[ERROR\]' "$log" | head -n 30 >&2 || tail -n 30 "$log" >&2
  exit "$status"
fi
mv -f "$next_stamp" "$stamp"
echo "Build: done in $((SECONDS - start)) s"
