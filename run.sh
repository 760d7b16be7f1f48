#!/usr/bin/env bash
# Runs the product: builds Argus and starts the example bot (JDA + Argus.attach) on the module path.
# Needs DISCORD_TOKEN; Argus settings come from ARGUS_* variables (see README).
set -euo pipefail
cd "$(dirname "$0")"
mvn -q -B -DskipTests install
jar=$(ls argus-example-bot/target/argus-example-bot-*.jar | grep -v sources | head -n1)
exec java --module-path "argus-example-bot/target/modules:${jar}" \
     -m argus.example.bot/argus.example.bot.ExampleBot "$@"
