#!/usr/bin/env bash
# Installs the test suite's non-Maven tools when they are missing (Debian/Ubuntu, as root or via sudo):
#   node + npm               — run the chDB-based ClickHouse fixture (tools/clickhouse-fixture).
#   prometheus-pushgateway   — the exporter's push tests run against a real Pushgateway (no service is
#                              started by the package here: the tests start and stop their own).
#   chromium + chromedriver  — argus-web's real-browser dashboard test (Selenium drives the system
#                              /usr/bin/chromedriver; nothing is downloaded at test time). Without them
#                              that test is skipped, except with CI=true, where it fails.
#   prometheus (promtool)    — argus-ops-it checks and unit-tests the shipped rules (prometheus/) and the
#                              dashboards' PromQL with promtool, and runs a real Prometheus server
#                              against a demo bot. Without it those tests are skipped, except with
#                              CI=true, where they fail. Debian's package also installs a service; it is
#                              not started here.
set -euo pipefail
# One line per package group, printed before anything is installed: what, for what, and how.
need=() browser=() lines=()
group() { # group <list: need|browser> <why> <package>...
  local list=$1 why=$2; shift 2
  [ $# -gt 0 ] || return 0
  if [ "$list" = need ]; then need+=("$@"); else browser+=("$@"); fi
  lines+=("ensure-test-tools: installing $* ($why) with apt-get")
}
node=()
command -v node >/dev/null 2>&1 || node+=(nodejs)
command -v npm >/dev/null 2>&1 || node+=(npm)
group need "Node.js for the chDB-based ClickHouse engine fixture, tools/clickhouse-fixture" "${node[@]}"
[ -x /usr/bin/prometheus-pushgateway ] \
  || group need "a real Pushgateway for the exporter's push tests" prometheus-pushgateway
chrome=()
[ -x /usr/bin/chromium ] || chrome+=(chromium)
[ -x /usr/bin/chromedriver ] || chrome+=(chromium-driver)
group browser "a headless browser and its driver for argus-web's dashboard test" "${chrome[@]}"
command -v promtool >/dev/null 2>&1 \
  || group browser "promtool and a Prometheus server for the rules and dashboards tests" prometheus
if [ ${#lines[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then sudo=""; elif command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
    echo "ensure-test-tools: missing ${need[*]} ${browser[*]} and not root: install them with apt-get" \
         "(or set CLICKHOUSE_DSN to a running ClickHouse instead of Node.js)" >&2
    exit 1
  fi
  printf '%s\n' "${lines[@]}"
  $sudo apt-get update -qq
  if [ ${#need[@]} -gt 0 ]; then
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
  fi
  if [ ${#browser[@]} -gt 0 ]; then
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${browser[@]}" >/dev/null
  fi
fi
