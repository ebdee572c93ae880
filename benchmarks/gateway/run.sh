#!/usr/bin/env bash
# Gateway overhead: GET /api/users/{id} through the gateway against GET /users/{id} made directly to the
# user-service over mutual TLS, with the same load generator (benchmarks/load/HttpLoad.java), connections and
# durations. Three measurements:
#
#   capacity   closed loop: requests/s through the gateway as a share of direct (target: at least 60%)
#   latency    open loop at a fixed rate below both capacities: p50/p99 the hop adds (target: under 2 ms at p50);
#              at saturation a closed loop's latency is only queueing (connections / throughput), not the hop
#   floor      (PORTCULLIS_BENCH_FLOOR=1) the same closed loop through benchmarks/gateway/BareProxy.java, a bare
#              TLS-in, mutual-TLS-out hop on the gateway's own Reactor Netty: what any JVM edge can keep here
#
# On a small machine every process shares the same cores, so each CPU-millisecond the gateway spends is taken from
# the user-service, its database and the load generator. PORTCULLIS_BENCH_PIN=1 gives the edge (the gateway, its
# Redis, the floor proxy) the last core and everything else the others, the shape of a deployment where the
# gateway runs in pods of its own; both phases then run with the same cores for the service.
#
# Start the platform with one user-service instance (the direct call reaches one; through the gateway the same
# one, not two JVMs sharing the cores) and a rate limit that is not what is measured:
#
#   PORTCULLIS_USER_SERVICE_INSTANCES=1 PORTCULLIS_USERS_RATE=100000 PORTCULLIS_USERS_BURST=100000 \
#     infra/local/run.sh --detach
#   benchmarks/gateway/run.sh [warm-up s=150] [measured s=30] [connections=16] [open-loop rate/s=300]
set -euo pipefail
# shellcheck source=../lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/../lib.sh"
benchmark_setup 150 "$@"
rate="${4:-300}"
service="${USER_SERVICE_URLS%% *}"
[ "$service" = "$USER_SERVICE_URLS" ] || echo "note: the gateway spreads load over ${USER_SERVICE_URLS// /, }; the" \
  "direct call reaches only $service (start with PORTCULLIS_USER_SERVICE_INSTANCES=1 to compare like with like)"

loadgen=()
if [ "${PORTCULLIS_BENCH_PIN:-0}" = 1 ]; then
  edge_core=$(( $(nproc) - 1 ))
  [ "$edge_core" -ge 1 ] || { echo "PORTCULLIS_BENCH_PIN needs at least 2 cores" >&2; exit 1; }
  rest="0-$(( edge_core - 1 ))"
  echo "pinned: the edge on core $edge_core, the services, PostgreSQL and the load generator on cores $rest"
  for pid in $(pgrep -f 'user-service-.*\.jar|auth-server-.*\.jar|embedded-postgres|postgres'); do
    taskset -a -c -p "$rest" "$pid" > /dev/null 2>&1 || true
  done
  for pid in $(pgrep -f 'gateway-.*\.jar|redis-server'); do taskset -a -c -p "$edge_core" "$pid" > /dev/null; done
  loadgen=(taskset -c "$rest")
fi

gateway_rate_limit_out_of_the_way

token=$(demo_token "users.read users.write")
id=$(create_user "$GATEWAY_URL/api/users" "$token" --cacert "$CA_FILE")
results="$(mktemp)"
output="$(mktemp)"
finish() {
  rm -f "$results" "$output"
  [ -n "${floor_pid:-}" ] && kill "$floor_pid" 2>/dev/null || true
  [ -n "${floor_libs:-}" ] && rm -rf "$floor_libs"
  if [ -n "${edge_core:-}" ]; then
    for pid in $(pgrep -f 'user-service-.*\.jar|auth-server-.*\.jar|gateway-.*\.jar|postgres|redis-server'); do
      taskset -a -c -p "0-$edge_core" "$pid" > /dev/null 2>&1 || true
    done
  fi
}
trap finish EXIT

# CPU per request of the gateway and of the user-service during each measured period (HttpLoad.java --cpu)
cpu=()
gateway_pid="$(platform_pid gateway)"
service_pid="$(platform_pid user-service-1)"
[ -n "$gateway_pid" ] && cpu+=(--cpu "gateway=$gateway_pid")
[ -n "$service_pid" ] && cpu+=(--cpu "user-service=$service_pid")
[ ${#cpu[@]} -gt 0 ] || echo "note: $state/pids names neither the gateway nor user-service-1: no CPU per request"

# phase NAME URL [--rate R] [--mtls] [--cpu NAME=PID]...: a fresh token each time (warm-up and measurement of all
# phases outlast the demo client's 5-minute tokens). The open-loop phases follow the closed ones, so a short warm-up
# suffices. Any failed request stops the benchmark.
phase() {
  local name="$1" url="$2"; shift 2
  local args=() tls=("$CA_FILE") phase_warmup="$warmup"
  [ "${1:-}" = --rate ] && { args=(--rate "$2"); phase_warmup=$(( warmup < 20 ? warmup : 20 )); shift 2; }
  [ "${1:-}" = --mtls ] && { tls+=("$PKI_DIR/gateway.crt" "$PKI_DIR/gateway.key"); shift; }
  echo "== $name: GET $url"
  if ! "${loadgen[@]}" "$jdk/bin/java" "$root/benchmarks/load/HttpLoad.java" "${args[@]}" "${cpu[@]}" "$@" "$url" \
      "$connections" "$phase_warmup" "$measure" "${tls[@]}" "Authorization: Bearer $(demo_token "users.read users.write")" \
      > "$output"; then
    cat "$output"
    benchmark_failed "phase $name: requests failed (the FAILED line above says which)"
  fi
  cat "$output"
  awk -v name="$name" '/2xx answers/ {rps = $(NF - 1)} /^p50.0/ {p50 = $3} /^p99.0/ {p99 = $3}
      /^CPU of gateway:/ {gw = $4} /^CPU of user-service:/ {us = $4} /^CPU of floor:/ {gw = $4}
      END {print name, rps, p50, p99, (gw == "" ? "-" : gw), (us == "" ? "-" : us)}' "$output" >> "$results"
}

phase direct "$service/users/$id" --mtls
phase gateway "$GATEWAY_URL/api/users/$id"
phase direct-open "$service/users/$id" --rate "$rate" --mtls
phase gateway-open "$GATEWAY_URL/api/users/$id" --rate "$rate"
if [ "${PORTCULLIS_BENCH_FLOOR:-0}" = 1 ]; then
  floor_port=8643
  start_floor "$floor_port" ${edge_core:+taskset -c "$edge_core"}
  cpu=(); [ -n "$service_pid" ] && cpu+=(--cpu "user-service=$service_pid")
  phase floor "https://localhost:$floor_port/api/users/$id" --cpu "floor=$floor_pid"
fi

echo
awk '{rps[$1] = $2; p50[$1] = $3; p99[$1] = $4; edge[$1] = $5; svc[$1] = $6}
  END {
    printf "capacity: gateway %.0f requests/s = %.0f%% of direct %.0f (target >= 60%%)\n",
      rps["gateway"], 100 * rps["gateway"] / rps["direct"], rps["direct"]
    if (edge["gateway"] != "-") printf "gateway CPU per request: %.3f ms closed loop, %.3f ms open loop at %s/s\n",
      edge["gateway"], edge["gateway-open"], rate
    if (svc["direct"] != "-") printf "user-service CPU per request: %.3f ms direct, %.3f ms through the gateway\n",
      svc["direct"], svc["gateway"]
    printf "latency at %s requests/s: p50 %+.2f ms (%.2f -> %.2f), p99 %+.2f ms (target p50 < +2 ms)\n",
      rate, p50["gateway-open"] - p50["direct-open"], p50["direct-open"], p50["gateway-open"],
      p99["gateway-open"] - p99["direct-open"]
    if ("floor" in rps) printf "floor: a bare JVM TLS hop %.0f requests/s = %.0f%% of direct, %s ms CPU per request\n",
      rps["floor"], 100 * rps["floor"] / rps["direct"], edge["floor"]
  }' rate="$rate" "$results"
