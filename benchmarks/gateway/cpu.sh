#!/usr/bin/env bash
# The gateway's CPU per request: GET /api/users/{id} through the gateway at a fixed open-loop rate
# (benchmarks/load/HttpLoad.java --rate), after a warm-up at the same rate; the gateway process's user + system CPU
# time (/proc/<pid>/stat) over the measured run divided by the requests it served. Throughput on shared cores moves
# with whatever else runs; the CPU one request costs the gateway moves much less, so this is the figure to compare
# changes by (interleaved A/B runs all the same). Any response other than 200, or a failed request, fails the run.
#
# Start the platform with one user-service instance and a rate limit that is not what is measured:
#
#   PORTCULLIS_USER_SERVICE_INSTANCES=1 PORTCULLIS_USERS_RATE=100000 PORTCULLIS_USERS_BURST=100000 \
#     infra/local/run.sh --detach
#   benchmarks/gateway/cpu.sh [warm-up s=60] [measured s=60] [connections=16] [rate/s=300]
#
# The CPU window is HttpLoad's measured period (--cpu), so the idle gateway's own work between runs (readiness
# probes, the feed) counts only for those seconds.
set -euo pipefail
# shellcheck source=../lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/../lib.sh"
benchmark_setup 60 "${1:-60}" "${2:-60}" "${3:-16}"
rate="${4:-300}"
gateway_pid="$(platform_pid gateway)"
[ -n "$gateway_pid" ] && [ -r "/proc/$gateway_pid/stat" ] \
  || { echo "no running gateway in $state/pids" >&2; exit 1; }
token=$(demo_token "users.read users.write")
id=$(create_user "$GATEWAY_URL/api/users" "$token" --cacert "$CA_FILE")
url="$GATEWAY_URL/api/users/$id"

# run WARMUP MEASURED [--cpu ...]: one load generator at the open-loop rate with a fresh token (the demo client's
# tokens live 5 minutes); HttpLoad counts only 2xx answers, prints the CPU per request of the processes named with
# --cpu over the measured run and exits non-zero on any other answer
run() {
  local warm="$1" measured="$2"; shift 2
  "$jdk/bin/java" "$root/benchmarks/load/HttpLoad.java" --rate "$rate" "$@" "$url" "$connections" "$warm" "$measured" \
    "$CA_FILE" "Authorization: Bearer $(demo_token "users.read users.write")"
}

echo "target:  GET $url, open loop at $rate requests/s on $connections connections, ${warmup}s warm-up," \
  "${measure}s measured; gateway pid $gateway_pid"
if [ "$warmup" -gt 0 ]; then
  run "$warmup" 1 > /dev/null || { echo "benchmark FAILED in the warm-up (a run far behind its schedule outlives" \
    "the 5-minute token: lower the rate; is the rate limit out of the way?)" >&2; exit 1; }
fi
run 0 "$measure" --cpu "gateway=$gateway_pid" \
  || { echo "benchmark FAILED: every request must be answered 2xx; no figure of this run is valid" >&2; exit 1; }
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
