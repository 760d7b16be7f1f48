#!/usr/bin/env bash
# The other way in: the example bot (JDA + Argus.attach) as a named module on the module path, no
# class path and no OSGi, built first if a source changed since the last build (scripts/ensure-built.sh).
# Without DISCORD_TOKEN it runs the demo against the local Discord double. Argus settings come from
# ARGUS_* variables (see README). Ctrl-C (or SIGTERM) stops it; the exit code is then 0, as with run.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ -n "${DISCORD_TOKEN:-}" ]]; then
  echo "run-module-path.sh: starting the example bot on the module path against Discord (DISCORD_TOKEN)"
else
  echo "run-module-path.sh: starting the example bot's demo on the module path (a local Discord with simulated users)"
fi
scripts/ensure-built.sh

jar=$(ls argus-example-bot/target/argus-example-bot-*.jar | grep -v sources | head -n1)
quiet=()
if [[ -z "${DISCORD_TOKEN:-}" ]]; then
  # The demo's deliberate faults are announced by one INFO line each; JDA's ERROR lines about them are not
  # needed on top (see scripts/demo-quiet-loggers.txt).
  mapfile -t quiet < <(grep -v '^#' scripts/demo-quiet-loggers.txt)
fi
# The build's setting, not Argus' (which warns about ARGUS_* variables it does not know).
unset ARGUS_REBUILD
# In the background, so that Ctrl-C reaches this script, which asks the JVM to stop with SIGTERM (its
# shutdown hooks close Argus and the bot). A background job ignores SIGINT.
java "${quiet[@]}" --module-path "argus-example-bot/target/modules:${jar}" \
     -m argus.example.bot/argus.example.bot.ExampleBot "$@" &
pid=$!
stop_requested=0
trap 'stop_requested=1; kill -TERM "$pid" 2>/dev/null || true' INT TERM

# wait returns early (>128) when a trapped signal arrives; wait again until the JVM has exited.
while kill -0 "$pid" 2>/dev/null; do
  wait "$pid" 2>/dev/null || true
done
code=0
wait "$pid" 2>/dev/null || code=$?
# 143 is the JVM's exit code after SIGTERM once its shutdown hooks ran: a stop that was asked for.
if [[ "$stop_requested" == 1 && "$code" == 143 ]]; then
  code=0
fi
exit "$code"
