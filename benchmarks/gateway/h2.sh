#!/usr/bin/env bash
# HTTP/2 against HTTP/1.1 at the gateway's public port, with h2load (Debian/Ubuntu: apt-get install nghttp2-client):
# GET /api/users/{id} through the gateway on the same number of connections, closed loop, in three ways
#
#   h1        HTTP/1.1 (ALPN http/1.1), one request at a time per connection, as most HTTP/1.1 clients
#   h2        HTTP/2, one stream at a time per connection: the protocol's own cost
#   h2-mN     HTTP/2 with N streams in flight per connection: a multiplexing client
#
# after a warm-up of each, in rounds (h1, h2, h2-mN, then again) so that the ways are compared within the same
# minutes. Only 2xx answers count; any other status, failed request or timeout stops the run. Prints the gateway's
# and the user-service's CPU per request (from /proc/<pid>/stat around each measured run).
#
#   PORTCULLIS_USER_SERVICE_INSTANCES=1 PORTCULLIS_USERS_RATE=100000 PORTCULLIS_USERS_BURST=100000 \
#     infra/local/run.sh --detach
#   benchmarks/gateway/h2.sh [warm-up s=60] [measured s=30] [connections=16] [streams=10] [rounds=2]
set -euo pipefail
command -v h2load > /dev/null || { echo "h2load is required (Debian/Ubuntu: apt-get install nghttp2-client)" >&2; exit 1; }
# shellcheck source=../lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/../lib.sh"
benchmark_setup 60 "$@"
streams="${4:-10}"
rounds="${5:-2}"
gateway_rate_limit_out_of_the_way
gateway_pid="$(platform_pid gateway)"
service_pid="$(platform_pid user-service-1)"
hz="$(getconf CLK_TCK)"
token=$(demo_token "users.read users.write")
id=$(create_user "$GATEWAY_URL/api/users" "$token" --cacert "$CA_FILE")
url="$GATEWAY_URL/api/users/$id"
echo "target:  GET $url, $connections connections, ${warmup}s warm-up and ${measure}s measured per way, $rounds rounds"

# run NAME SECONDS H2LOAD-OPTIONS...: one h2load run, checked; prints "NAME 2xx seconds mean-ms gateway-ticks
# service-ticks"
run() {
  local name="$1" seconds="$2"; shift 2
  local out gw_before us_before
  gw_before="$(process_cpu_ticks "$gateway_pid")"; us_before="$(process_cpu_ticks "$service_pid")"
  out="$(h2load -D "$seconds" -c "$connections" "$@" \
    -H "authorization: Bearer $(demo_token "users.read users.write")" "$url" 2>&1)" \
    || { echo "$out" >&2; benchmark_failed "h2load ($name) failed"; }
  local gw=$(( $(process_cpu_ticks "$gateway_pid") - gw_before )) us=$(( $(process_cpu_ticks "$service_pid") - us_before ))
  echo "$out" | awk -v name="$name" -v seconds="$seconds" -v gw="$gw" -v us="$us" '
    /^requests:/ {failed = $10 + $12 + $14}
    /^status codes:/ {ok = $3; other = $5 + $7 + $9}
    /^time for request:/ {mean = $6}
    END {
      if (ok == "" || failed > 0 || other > 0 || ok == 0) {
        printf "FAILED %s: %s 2xx, %s 3xx/4xx/5xx, %s failed/errored/timed out\n", name, ok, other, failed
        exit 1
      }
      print name, ok, seconds, mean, gw, us
    }' || { echo "$out" >&2; benchmark_failed "h2load ($name): requests failed (see the h2load output above)"; }
}

ways=(h1 h2 "h2-m$streams")
options() {
  case "$1" in
    h1) echo "--h1 -m 1" ;;
    h2) echo "-m 1" ;;
    *) echo "-m $streams" ;;
  esac
}
for way in "${ways[@]}"; do
  echo "warm-up: $way"
  # shellcheck disable=SC2046
  run "$way" "$warmup" $(options "$way") > /dev/null
done
results=()
for round in $(seq "$rounds"); do
  for way in "${ways[@]}"; do
    # shellcheck disable=SC2046
    line="$(run "$way" "$measure" $(options "$way"))"
    results+=("$round $line")
    echo "$round $line" | awk -v hz="$hz" '{printf "round %s %-7s %8.1f requests/s (2xx), mean %s, CPU per request:" \
      " gateway %.3f ms, user-service %.3f ms\n", $1, $2, $3 / $4, $5, $6 * 1000 / hz / $3, $7 * 1000 / hz / $3}'
  done
done
echo
printf '%s\n' "${results[@]}" | awk -v hz="$hz" '
  {n[$2] += $3; s[$2] += $4; gw[$2] += $6; us[$2] += $7; order[$2] = order[$2] ? order[$2] : ++ways; name[ways] = $2}
  END {
    for (i = 1; i <= ways; i++) {
      w = name[i]
      printf "%-7s %8.1f requests/s (2xx, all rounds), gateway CPU %.3f ms per request, user-service %.3f ms\n",
        w, n[w] / s[w], gw[w] * 1000 / hz / n[w], us[w] * 1000 / hz / n[w]
    }
  }'
