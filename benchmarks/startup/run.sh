#!/usr/bin/env bash
# Start-to-ready and resident memory of each service of the running local platform, one service at a time: a
# graceful restart of that service alone with the command the local run used (benchmarks/drills/restart.sh, which
# times process start -> readiness UP on its management port), then its resident set (VmRSS of /proc/<pid>/status,
# with its anonymous and file-backed parts) idle and, with a load time, after that many seconds of load: the token
# endpoint with wrk for the auth-server, GET /users/{id} and GET /orders straight to the user-service and the
# order-service over mutual TLS, GET /api/users/{id} through the gateway (benchmarks/load/HttpLoad.java). After the
# load it prints the heap (GC.heap_info) before and after a full collection (the live set), and the most database
# connections in use, requests waiting for one and JVM threads seen during the load (sampled every 0.5 s).
#
#   infra/local/run.sh --detach
#   benchmarks/startup/run.sh [load seconds=0] [rounds=1] [service ...]
#       (services: auth-server user-service-1 order-service gateway)
#
# PORTCULLIS_BENCH_AOT_AB=1: each round starts the service twice, with the start command's AOT cache and without it
# (the same command minus -XX:AOTCache, the same extracted jar), in alternating order. Load goes to loopback only.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../lib.sh
source "$here/../lib.sh"
load_seconds="${1:-0}"
rounds="${2:-1}"
shift $(( $# < 2 ? $# : 2 ))
services=("$@")
[ "${#services[@]}" -gt 0 ] || services=(auth-server user-service-1 order-service gateway)
benchmark_setup 0 0 "$load_seconds" "${PORTCULLIS_BENCH_CONNECTIONS:-16}"

pid_of() { awk -v n="$1" '$1 == n { print $2 }' "$state/pids" | tail -1; }
rss_mb() {
  awk '/^(VmRSS|RssAnon|RssFile)/ { v[$1] = $2 / 1024 } END {
    printf "%.0f MB (anonymous %.0f, files %.0f)", v["VmRSS:"], v["RssAnon:"], v["RssFile:"] }' "/proc/$1/status"
}
# the heap's committed and used size (K), summed over its generations, as GC.heap_info prints them
heap() {
  "$jdk/bin/jcmd" "$1" GC.heap_info | awk '/^[A-Za-z]/ && / used [0-9]+K/ {
    for (i = 1; i < NF; i++) {
      v = $(i + 1); sub(/K,?$/, "", v)
      if ($i == "committed" || ($i == "total" && $(i + 1) != "reserved")) c += v
      if ($i == "used") u += v
    } }
    END { printf "heap committed %.0f MB, used %.0f MB", c / 1024, u / 1024 }'
}

# Load for $measure seconds on service $1 (no warm-up: the point is the memory it takes): the token endpoint with
# wrk; the user-service and order-service straight over mutual TLS (the gateway's certificate) with HttpLoad.java;
# the gateway with GET /api/users/{id}. Waits first until a request answers 200 (a restarted service is back in the
# gateway's rotation only after its next readiness probe).
load() {
  local url mtls=()
  case "$1" in
    auth-server)
      command -v wrk >/dev/null || { echo "wrk is required for the auth-server's load" >&2; return 1; }
      CLIENT_ID="$DEMO_CLIENT_ID" CLIENT_SECRET="$DEMO_CLIENT_SECRET" wrk -t2 -c"$connections" -d"${measure}s" \
        -s "$root/benchmarks/token-endpoint/token.lua" "${ISSUER%/}/oauth2/token" | grep -E "tokens issued|FAILED"
      return ;;
    order-service) url="$ORDER_SERVICE_URL/orders"; mtls=("$PKI_DIR/gateway.crt" "$PKI_DIR/gateway.key")
      token="$orders_token" ;;
    gateway) url="$GATEWAY_URL/api/users/$user_id"; token="$users_token" ;;
    *) url="${USER_SERVICE_URLS%% *}/users/$user_id"; mtls=("$PKI_DIR/gateway.crt" "$PKI_DIR/gateway.key")
      token="$users_token" ;;
  esac
  for _ in $(seq 1 120); do
    curl -fsS -o /dev/null --cacert "$CA_FILE" ${mtls[0]:+--cert "${mtls[0]}" --key "${mtls[1]}"} \
      -H "Authorization: Bearer $token" "$url" 2>/dev/null && break
    sleep 0.5
  done
  http_load "$url" "$CA_FILE" "${mtls[@]}" "Authorization: Bearer $token" | grep -E "requests/s"
}

if [ "$load_seconds" -gt 0 ]; then
  users_token="$(demo_token "users.read users.write")"
  orders_token="$(demo_token "orders.read")"
  user_id="$(create_user "${USER_SERVICE_URLS%% *}/users" "$users_token" --cacert "$CA_FILE" \
    --cert "$PKI_DIR/gateway.crt" --key "$PKI_DIR/gateway.key")"
fi

echo "JVM options of the start commands: $(grep -o -- ' -X[^ ]*' "$state/start-${services[0]}.sh" | tr -d '\n' \
  | sed 's/^ //')"
management_url() { grep -o '_MANAGEMENT_PORT=[0-9]*' "$state/start-$1.sh" | head -1 | sed 's|.*=|https://localhost:|'; }
# every 0.5 s: Hikari's connections in use and requests waiting for one (Prometheus' certificate), and the
# process' threads, one line each
sample_pools() {
  local metrics
  while kill -0 "$1" 2>/dev/null; do
    metrics="$(curl -fsS --cacert "$CA_FILE" --cert "$PKI_DIR/prometheus.crt" --key "$PKI_DIR/prometheus.key" \
      "$2/actuator/prometheus" 2>/dev/null || true)"
    printf '%s %s %s\n' "$(echo "$metrics" | awk '/^hikaricp_connections_active/ { s += $2 } END { print s + 0 }')" \
      "$(echo "$metrics" | awk '/^hikaricp_connections_pending/ { s += $2 } END { print s + 0 }')" \
      "$(awk '/^Threads/ { print $2 }' "/proc/$1/status")"
    sleep 0.5
  done
}

# one restart of $1 measured; $2 = without: the start command without its -XX:AOTCache option (the file is put back
# right after the start)
measure_start() {
  local name="$1" variant="$2" pid line
  start="$state/start-$1.sh"
  echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
  if [ "$variant" = without ]; then
    cp "$start" "$start.with-cache"
    trap 'mv -f "$start.with-cache" "$start"' EXIT
    sed -i 's/ -XX:AOTCache=[^ ]*//' "$start"
  fi
  "$root/benchmarks/drills/restart.sh" "$name" | sed "s/\$/ ($variant the AOT cache)/" || status=1
  if [ "$variant" = without ]; then mv -f "$start.with-cache" "$start"; trap - EXIT; fi
  pid="$(pid_of "$name")"
  sleep 5
  line="$name: RSS idle $(rss_mb "$pid")"
  if [ "$load_seconds" -gt 0 ]; then
    sample_pools "$pid" "$(management_url "$name")" > "$state/startup-pools.txt" &
    local sampler=$!
    # a failed load fails the run at its end, after the sampler is stopped (errexit here left it running)
    load "$name" | sed 's/^/    /' || status=1
    kill "$sampler" 2>/dev/null; wait "$sampler" 2>/dev/null || true
    echo "    during the load, at most: $(sort -n "$state/startup-pools.txt" | awk '
      { if ($1 > c) c = $1; if ($2 > p) p = $2; if ($3 > t) t = $3 } END {
        printf "%d database connections in use, %d requests waiting for one; %d JVM threads", c, p, t }')"
    line="$line, after ${load_seconds}s of load $(rss_mb "$pid"), ($(heap "$pid"))"
    # the live set: what the heap holds after a full collection (the floor of -Xmx)
    "$jdk/bin/jcmd" "$pid" GC.run > /dev/null
    line="$line; after a full GC: $(heap "$pid")"
  fi
  echo "$line"
}

status=0
for name in "${services[@]}"; do
  for round in $(seq 1 "$rounds"); do
    if ! grep -q -- '-XX:AOTCache=' "$state/start-$name.sh"; then
      measure_start "$name" without
    elif [ "${PORTCULLIS_BENCH_AOT_AB:-0}" = 1 ] && [ $((round % 2)) = 0 ]; then
      measure_start "$name" without; measure_start "$name" with
    elif [ "${PORTCULLIS_BENCH_AOT_AB:-0}" = 1 ]; then
      measure_start "$name" with; measure_start "$name" without
    else
      measure_start "$name" with
    fi
  done
done
exit "$status"
