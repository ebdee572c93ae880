#!/usr/bin/env bash
# Where the gateway's CPU goes: GET /api/users/{id} through the gateway at a fixed open-loop rate (as cpu.sh), and
# async-profiler (Maven Central: tools.profiler:async-profiler, linux-x64) attached to the running gateway for the
# measured seconds. Prints the share of the CPU samples by component, each sample counted for the innermost frame
# that belongs to a component (so JDK and Reactor frames count for the code that called them), and leaves the
# collapsed stacks in target/profile/gateway.collapsed (for a flame graph, or for grepping one component's frames).
#
#   PORTCULLIS_USER_SERVICE_INSTANCES=1 PORTCULLIS_USERS_RATE=100000 PORTCULLIS_USERS_BURST=100000 \
#     infra/local/run.sh --detach
#   benchmarks/gateway/profile.sh [warm-up s=60] [profiled s=30] [connections=16] [rate/s=300]
set -euo pipefail
# shellcheck source=../lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/../lib.sh"
benchmark_setup 60 "${1:-60}" "${2:-30}" "${3:-16}"
rate="${4:-300}"
version=4.2
gateway_pid="$(platform_pid gateway)"
[ -n "$gateway_pid" ] && [ -r "/proc/$gateway_pid/stat" ] || { echo "no running gateway in $state/pids" >&2; exit 1; }

out="$root/target/profile"
mkdir -p "$out"
jar="$HOME/.m2/repository/tools/profiler/async-profiler/$version/async-profiler-$version-linux-x64.jar"
[ -f "$jar" ] || "$root/mvnw" -B -q dependency:get -Dartifact="tools.profiler:async-profiler:$version:jar:linux-x64" \
  || benchmark_failed "could not fetch async-profiler $version from Maven Central"
(cd "$out" && "$jdk/bin/jar" xf "$jar" linux-x64/libasyncProfiler.so)
agent="$out/linux-x64/libasyncProfiler.so"
profiler() { "$jdk/bin/jcmd" "$gateway_pid" JVMTI.agent_load "$agent" "\"$1\"" > /dev/null; }

token=$(demo_token "users.read users.write")
id=$(create_user "$GATEWAY_URL/api/users" "$token" --cacert "$CA_FILE")
echo "target:  GET $GATEWAY_URL/api/users/$id, open loop at $rate requests/s, ${warmup}s warm-up, ${measure}s profiled;" \
  "gateway pid $gateway_pid"
"$jdk/bin/java" "$root/benchmarks/load/HttpLoad.java" --rate "$rate" "$GATEWAY_URL/api/users/$id" "$connections" \
  "$warmup" "$(( measure + 5 ))" "$CA_FILE" "Authorization: Bearer $(demo_token "users.read users.write")" \
  > "$out/load.txt" 2>&1 &
load=$!
sleep "$(( warmup + 2 ))"
profiler "start,event=cpu,interval=997us"
sleep "$measure"
profiler "stop,file=$out/gateway.collapsed,collapsed"
wait "$load" || { cat "$out/load.txt" >&2; benchmark_failed "the load failed: the profile is not of served requests"; }
grep -E "^open loop|CPU" "$out/load.txt" || true
echo "CPU samples by component (innermost frame of a component), $out/gateway.collapsed:"
awk '
  BEGIN {
    n = split("lettuce=io/lettuce logback=ch/qos/logback micrometer=io/micrometer " \
      "spring-security=org/springframework/security portcullis=io/portcullis tls=io/netty/handler/ssl " \
      "tls=libnetty_tcnative http-codec=io/netty/handler/codec reactor-netty=reactor/netty " \
      "spring-cloud-gateway=org/springframework/cloud/gateway loadbalancer=org/springframework/cloud " \
      "spring-web=org/springframework/web spring-http=org/springframework/http spring-core=org/springframework " \
      "netty-epoll=io/netty/channel/epoll netty=io/netty", pairs, " ")
    for (i = 1; i <= n; i++) { split(pairs[i], kv, "="); name[i] = kv[1]; pattern[i] = kv[2] }
  }
  {
    count = $NF; $NF = ""; total += count
    frames = split($0, stack, ";"); owner = "other (JVM, GC, JIT, kernel only)"
    for (f = frames; f >= 1 && owner ~ /^other/; f--)
      for (i = 1; i <= n; i++) if (index(stack[f], pattern[i])) { owner = name[i]; break }
    share[owner] += count
  }
  END { for (o in share) printf "%6.1f%%  %s\n", 100 * share[o] / total, o | "sort -rn"; }
' "$out/gateway.collapsed"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
