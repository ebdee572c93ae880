#!/usr/bin/env bash
# The API relay against the pipelines it bypasses (docs/decisions/0031-api-relay.md): the local run's gateway
# restarted in turn with the relay on (as deployed) and off (PORTCULLIS_RELAY=false), each arm measured by cpu.sh
# right after its restart; prints the gateway's CPU per request of each arm and the relay's saving in each pair.
# These machines drift by tens of percent within minutes: compare the arms of one pair, not runs.
#
#   PORTCULLIS_USER_SERVICE_INSTANCES=1 PORTCULLIS_USERS_RATE=100000 PORTCULLIS_USERS_BURST=100000 \
#     infra/local/run.sh --detach
#   benchmarks/gateway/relay.sh [pairs=2] [warm-up s=60] [measured s=30] [connections=16] [rate/s=300]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
pairs="${1:-2}"; shift || true
results=()
arm() {
  local name="$1" relay="$2"; shift 2
  PORTCULLIS_RELAY="$relay" "$here/../drills/restart.sh" gateway > /dev/null \
    || { echo "benchmark FAILED: the gateway did not restart (relay $relay)" >&2; exit 1; }
  local figure
  # -a: with stderr sent to a file, a plain tee would truncate it at each arm (it opens /dev/stderr anew)
  figure="$("$here/cpu.sh" "$@" | tee -a /dev/stderr | awk '/^CPU of gateway:/ {print $4}')"
  [ -n "$figure" ] || { echo "benchmark FAILED: no CPU figure for $name" >&2; exit 1; }
  echo "$figure"
}
for pair in $(seq "$pairs"); do
  on="$(arm relay true "$@")"
  off="$(arm pipelines false "$@")"
  results+=("pair $pair: relay $on ms, pipelines $off ms per request, saving $(awk -v a="$on" -v b="$off" \
    'BEGIN {printf "%.0f%%", (1 - a / b) * 100}')")
done
# leave the gateway as deployed
PORTCULLIS_RELAY=true "$here/../drills/restart.sh" gateway > /dev/null
printf '%s\n' "${results[@]}"
