#!/usr/bin/env bash
# The other way in: the example bot (JDA + Argus.attach) as a named module on the module path, no
# class path and no OSGi. Without DISCORD_TOKEN it runs the demo against the local Discord double.
# Argus settings come from ARGUS_* variables (see README).
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -DskipTests install
jar=$(ls argus-example-bot/target/argus-example-bot-*.jar | grep -v sources | head -n1)
exec java --module-path "argus-example-bot/target/modules:${jar}" \
     -m argus.example.bot/argus.example.bot.ExampleBot "$@"
