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
# The CPU window spans the measured run's whole load generator (its start-up included, when the gateway is idle
# but for its 1 s readiness probes of the user-service), so the figure errs high by that idle cost, a few
# microseconds per request at the default rate.
set -euo pipefail
# shellcheck source=../lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/../lib.sh"
benchmark_setup 60 "${1:-60}" "${2:-60}" "${3:-16}"
rate="${4:-300}"
gateway_pid="$(awk '$1 == "gateway" {print $2}' "$state/pids" 2>/dev/null || true)"
[ -n "$gateway_pid" ] && [ -r "/proc/$gateway_pid/stat" ] \
  || { echo "no running gateway in $state/pids" >&2; exit 1; }
ticks_per_second="$(getconf CLK_TCK)"

token=$(demo_token "users.read users.write")
id=$(create_user "$GATEWAY_URL/api/users" "$token" --cacert "$CA_FILE")
url="$GATEWAY_URL/api/users/$id"
out="$(mktemp)"
trap 'rm -f "$out"' EXIT

# run WARMUP MEASURED: one load generator at the open-loop rate with a fresh token (the demo client's tokens live
# 5 minutes); its output in $out
run() {
  "$jdk/bin/java" "$root/benchmarks/load/HttpLoad.java" --rate "$rate" "$url" "$connections" "$1" "$2" \
    "$CA_FILE" "Authorization: Bearer $(demo_token "users.read users.write")" > "$out"
}

echo "target:  GET $url, open loop at $rate requests/s on $connections connections, ${warmup}s warm-up," \
  "${measure}s measured; gateway pid $gateway_pid"
[ "$warmup" -gt 0 ] && run "$warmup" 1
before="$(process_cpu_ticks "$gateway_pid")"
run 0 "$measure"
after="$(process_cpu_ticks "$gateway_pid")"
load="$(cut -d' ' -f1-3 /proc/loadavg)"
cat "$out"
requests="$(sed -n 's/.*requests: \([0-9][0-9]*\) in .*/\1/p' "$out")"
failed="$(sed -n 's/.*failed: \([0-9][0-9]*\).*/\1/p' "$out")"
[ -n "$requests" ] && [ -n "$failed" ] || { echo "cannot read the load generator's output" >&2; exit 1; }
awk -v ticks=$(( after - before )) -v hz="$ticks_per_second" -v n="$requests" -v failed="$failed" -v loadavg="$load" \
  'BEGIN {
    printf "gateway CPU: %.1f s for %d requests = %.3f ms per request; non-2xx or failed: %d; load average %s\n",
      ticks / hz, n, (n > 0) ? 1000 * ticks / hz / n : 0, failed, loadavg
  }'
if [ "$failed" -ne 0 ] || [ "$requests" -eq 0 ]; then
  echo "FAILED: every request must be answered 200 (is the rate limit out of the way? see the header; a run far behind its schedule outlives the 5-minute token: lower the rate)" >&2
  exit 1
fi
