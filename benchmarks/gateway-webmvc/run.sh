#!/usr/bin/env bash
# Spring Cloud Gateway WebFlux (our gateway) against Spring Cloud Gateway Server WebMVC on virtual threads (the
# prototype in this folder), side by side on GET /api/users/{id}, with direct calls to the user-service as the
# reference. Every target gets the same load generator (benchmarks/load/HttpLoad.java), connections and durations:
#
#   direct        GET /users/{id} on the user-service over mutual TLS
#   webflux       our gateway as the local run starts it: rate limit (a Redis call per request), access log, deny list
#   webflux-lean  the same gateway jar started again by this script without what the prototype leaves out: no
#                 RequestRateLimiter filter (no Redis), the access log logger off, no security feed
#   webmvc        the prototype: TLS in, token validated (same rules, same validated-token cache), scope per method,
#                 request id and inbound header hygiene, relay over mutual TLS; virtual threads on
#
# Closed loop (capacity, 16 connections by default), then an open loop at a fixed rate (latency below saturation).
# The gateways are interleaved, closed and open phases in opposite orders. For each gateway it prints the CPU time
# it spent per request (utime + stime from /proc/<pid>/stat over the measured window, divided by the requests).
# Only 200s count: any non-200 or failed request fails the run.
#
# Start the platform with one user-service instance and a rate limit that is not what is measured:
#
#   PORTCULLIS_USER_SERVICE_INSTANCES=1 PORTCULLIS_USERS_RATE=100000 PORTCULLIS_USERS_BURST=100000 \
#     infra/local/run.sh --detach
#   benchmarks/gateway-webmvc/run.sh [warm-up s=120] [measured s=30] [connections=16] [open-loop rate/s=300]
#
# Ports of the two gateways it starts: PORTCULLIS_BENCH_WEBMVC_PORT (8843) and PORTCULLIS_BENCH_LEAN_PORT (8943),
# each with its management port one above. The prototype is built if its jar is missing.
set -euo pipefail
# shellcheck source=../lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/../lib.sh"
benchmark_setup 120 "$@"
rate="${4:-300}"
here="$root/benchmarks/gateway-webmvc"
service="${USER_SERVICE_URLS%% *}"
[ "$service" = "$USER_SERVICE_URLS" ] || { echo "start the platform with PORTCULLIS_USER_SERVICE_INSTANCES=1: the" \
  "direct call reaches one instance, so the gateways must too" >&2; exit 1; }
webmvc_port="${PORTCULLIS_BENCH_WEBMVC_PORT:-8843}"
lean_port="${PORTCULLIS_BENCH_LEAN_PORT:-8943}"
echo "load: $(uptime | sed 's/.*load average/load average/')"

pid_of() { awk -v name="$1" '$1 == name {print $2}' "$state/pids"; }
gateway_pid="$(pid_of gateway)"
service_pid="$(pid_of user-service-1)"
[ -n "$gateway_pid" ] && kill -0 "$gateway_pid" || { echo "no running gateway in $state/pids" >&2; exit 1; }

webmvc_jar="$here/target/gateway-webmvc-0.1.0-SNAPSHOT.jar"
[ -f "$webmvc_jar" ] || "$root/mvnw" -B -q -f "$here/pom.xml" -DskipTests package
gateway_jar="$root/gateway/target/gateway-0.1.0-SNAPSHOT.jar"
work="$(mktemp -d)"
finish() {
  [ -n "${webmvc_pid:-}" ] && kill "$webmvc_pid" 2>/dev/null || true
  [ -n "${lean_pid:-}" ] && kill "$lean_pid" 2>/dev/null || true
  # the two gateways' logs stay with the platform's
  cp "$work/webmvc.log" "$state/logs/bench-webmvc.log" 2>/dev/null || true
  cp "$work/lean.log" "$state/logs/bench-webflux-lean.log" 2>/dev/null || true
  rm -rf "$work"
}
trap finish EXIT

# the load generator compiled once, so that its start does not blur the measured window
"$jdk/bin/javac" -d "$work/load" "$root/benchmarks/load/HttpLoad.java"

# the prototype, with the gateway's PKI, issuer and user-service
env PORTCULLIS_PKI_DIR="$PKI_DIR" PORTCULLIS_ISSUER="$ISSUER" PORTCULLIS_USER_SERVICE_URL="$service" \
  PORTCULLIS_WEBMVC_PORT="$webmvc_port" PORTCULLIS_WEBMVC_MANAGEMENT_PORT=$(( webmvc_port + 1 )) \
  "$jdk/bin/java" --enable-native-access=ALL-UNNAMED -jar "$webmvc_jar" > "$work/webmvc.log" 2>&1 &
webmvc_pid=$!
# our gateway again, on the same user-service, without rate limit, access log and feed: the users route of
# gateway/src/main/resources/application.yml minus RequestRateLimiter (a command-line list replaces the file's)
routes=--spring.cloud.gateway.server.webflux.routes[0]
env PORTCULLIS_PKI_DIR="$PKI_DIR" PORTCULLIS_ISSUER="$ISSUER" PORTCULLIS_LOG_FORMAT= \
  PORTCULLIS_GATEWAY_PORT="$lean_port" PORTCULLIS_GATEWAY_MANAGEMENT_PORT=$(( lean_port + 1 )) \
  PORTCULLIS_USERS_INSTANCES="$service?management-port=${USER_SERVICE_MANAGEMENT_URLS##*:}" \
  PORTCULLIS_ORDERS_INSTANCES="$ORDER_SERVICE_URL?management-port=${ORDER_SERVICE_MANAGEMENT_URL##*:}" \
  PORTCULLIS_FEED_ENABLED=false LOGGING_LEVEL_IO_PORTCULLIS_GATEWAY_ACCESS=OFF \
  "$jdk/bin/java" --enable-native-access=ALL-UNNAMED -jar "$gateway_jar" --spring.profiles.active=local \
  "$routes.id=users" "$routes.uri=lb://user-service" "$routes.predicates[0]=Path=/api/users,/api/users/**" \
  "$routes.filters[0]=RequiredScope=users.read, users.write" "$routes.filters[1]=InstanceFailover" \
  "$routes.filters[2]=RewritePath=/api/users(?<rest>/?.*), /users\$\{rest}" \
  "$routes.filters[3]=RewriteResponseHeader=Location, ^/users(?<rest>/.*)?\$, /api/users\$\{rest}" \
  > "$work/lean.log" 2>&1 &
lean_pid=$!
for port in $(( webmvc_port + 1 )) $(( lean_port + 1 )); do
  for i in $(seq 120); do
    curl -fs -o /dev/null --cacert "$CA_FILE" "https://localhost:$port/actuator/health/readiness" && break
    kill -0 "$webmvc_pid" && kill -0 "$lean_pid" \
      || { tail -30 "$work/webmvc.log" "$work/lean.log" >&2; echo "a gateway stopped while starting" >&2; exit 1; }
    [ "$i" -lt 120 ] || { tail -30 "$work/webmvc.log" "$work/lean.log" >&2; echo "not ready in 120 s" >&2; exit 1; }
    sleep 1
  done
done

token=$(demo_token "users.read users.write")
id=$(create_user "$GATEWAY_URL/api/users" "$token" --cacert "$CA_FILE")
declare -A url=([direct]="$service/users/$id" [webflux]="$GATEWAY_URL/api/users/$id"
  [webflux-lean]="https://localhost:$lean_port/api/users/$id" [webmvc]="https://localhost:$webmvc_port/api/users/$id")
declare -A cpu_pid=([direct]="$service_pid" [webflux]="$gateway_pid" [webflux-lean]="$lean_pid" [webmvc]="$webmvc_pid")
# each path answers 200 with a read-only token, and 403 without users.read, before anything is measured
read_only=$(demo_token "users.write")
for name in webflux webflux-lean webmvc; do
  code=$(curl -s -o /dev/null -w '%{http_code}' --cacert "$CA_FILE" -H "Authorization: Bearer $token" "${url[$name]}")
  [ "$code" = 200 ] || { echo "$name: GET ${url[$name]} answered $code" >&2; exit 1; }
  code=$(curl -s -o /dev/null -w '%{http_code}' --cacert "$CA_FILE" -H "Authorization: Bearer $read_only" \
    "${url[$name]}")
  [ "$code" = 403 ] || { echo "$name: a token without users.read got $code, not 403" >&2; exit 1; }
done

results="$work/results"
ticks=$(getconf CLK_TCK)
# phase NAME [--rate R]: a fresh token each time (the demo client's tokens live 5 minutes)
phase() {
  local name="$1"; shift
  local args=() tls=("$CA_FILE") phase_warmup="$warmup" out="$work/$name${1:+-open}.out"
  [ "${1:-}" = --rate ] && { args=(--rate "$2"); phase_warmup=$(( warmup < 20 ? warmup : 20 )); }
  [ "$name" = direct ] && tls+=("$PKI_DIR/gateway.crt" "$PKI_DIR/gateway.key")
  echo "== $name${args[*]:+ ${args[*]}/s}: GET ${url[$name]} ($(uptime | sed 's/.*load average: //'))"
  "$jdk/bin/java" -cp "$work/load" HttpLoad "${args[@]}" "${url[$name]}" "$connections" "$phase_warmup" "$measure" \
    "${tls[@]}" "Authorization: Bearer $(demo_token "users.read users.write")" > "$out" &
  local load=$!
  # CPU over the inner part of the measured window (0.5 s in from each end), as a rate times the window
  sleep "$phase_warmup"; sleep 0.5
  local t0 c0 t1 c1
  t0=$(date +%s.%N); c0=$(process_cpu_ticks "${cpu_pid[$name]}")
  sleep "$(( measure - 1 ))"
  t1=$(date +%s.%N); c1=$(process_cpu_ticks "${cpu_pid[$name]}")
  wait "$load"
  cat "$out"
  grep -q 'non-200 or failed: 0$' "$out" || { echo "$name: non-200 or failed requests, see above" >&2; exit 1; }
  awk -v name="$name${args[*]:+-open}" -v cpu="$(( c1 - c0 ))" -v t0="$t0" -v t1="$t1" -v ticks="$ticks" '
    /requests\/s/ {for (i = 1; i <= NF; i++) if ($i == "requests/s,") rps = $(i - 1)}
    /^p50.0/ {p50 = $3} /^p99.0/ {p99 = $3}
    END {print name, rps, p50, p99, (rps > 0) ? 1000 * cpu / ticks / ((t1 - t0) * rps) : 0}' "$out" >> "$results"
}

phase direct
phase webflux
phase webmvc
phase webflux-lean
phase direct --rate "$rate"
phase webflux-lean --rate "$rate"
phase webmvc --rate "$rate"
phase webflux --rate "$rate"

echo
echo "load after: $(uptime | sed 's/.*load average/load average/')"
awk -v rate="$rate" '{rps[$1] = $2; p50[$1] = $3; p99[$1] = $4; cpu[$1] = $5}
  END {
    printf "%-13s %10s %9s %9s %9s %18s | open loop at %s/s: %8s %8s\n", "target", "requests/s", "of direct",
      "p50 ms", "p99 ms", "CPU ms per request", rate, "p50 ms", "p99 ms"
    n = split("direct webflux webflux-lean webmvc", names, " ")
    for (i = 1; i <= n; i++) {
      t = names[i]
      printf "%-13s %10.0f %8.0f%% %9.2f %9.2f %18.3f | %21s %8.2f %8.2f\n", t, rps[t], 100 * rps[t] / rps["direct"],
        p50[t], p99[t], cpu[t], "", p50[t "-open"], p99[t "-open"]
    }
    print "(CPU: of the gateway process; for direct, of the user-service)"
  }' "$results"
