#!/usr/bin/env bash
# Where the gateway's CPU goes: GET /api/users/{id} through the gateway at a fixed open-loop rate (as cpu.sh), and
# async-profiler (Maven Central: tools.profiler:async-profiler, linux-x64) attached to the running gateway for the
# measured seconds. Prints the share of the CPU samples by component, each sample counted for the innermost frame
# that belongs to a component (so JDK and Reactor frames count for the code that called them), and leaves the
# collapsed stacks in target/profile/gateway.collapsed (for a flame graph, or for grepping one component's frames).
#
# PORTCULLIS_BENCH_FLOOR=1 then profiles the bare hop (BareProxy.java, as gateway/run.sh starts it) under the same
# load and prints both side by side in microseconds of sampled CPU per request, by the package of each sample's
# innermost Java frame: what the gateway spends above a relay that does nothing else, and where.
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
# extracted once per version: a JVM profiled before keeps the library mapped, and rewriting the file under it
# crashed that JVM (SIGSEGV in its Service Thread) on the next run
agent="$out/async-profiler-$version/linux-x64/libasyncProfiler.so"
[ -f "$agent" ] || (mkdir -p "$out/async-profiler-$version" && cd "$out/async-profiler-$version" \
  && "$jdk/bin/jar" xf "$jar" linux-x64/libasyncProfiler.so)
# profiler PID COMMAND: async-profiler's command in the running JVM PID
profiler() { "$jdk/bin/jcmd" "$1" JVMTI.agent_load "$agent" "\"$2\"" > /dev/null; }
# profile_under_load NAME PID URL: the open loop on URL (a fresh token), PID profiled for the measured seconds after
# the warm-up; the stacks in $out/NAME.collapsed, the load's report in $out/NAME-load.txt
profile_under_load() {
  "$jdk/bin/java" "$root/benchmarks/load/HttpLoad.java" --rate "$rate" "$3" "$connections" "$warmup" \
    "$(( measure + 5 ))" "$CA_FILE" "Authorization: Bearer $(demo_token "users.read users.write")" \
    > "$out/$1-load.txt" 2>&1 &
  local load=$!
  sleep "$(( warmup + 2 ))"
  profiler "$2" "start,event=cpu,interval=997us"
  sleep "$measure"
  profiler "$2" "stop,file=$out/$1.collapsed,collapsed"
  wait "$load" \
    || { cat "$out/$1-load.txt" >&2; benchmark_failed "the load on the $1 failed: no profile of served requests"; }
}

token=$(demo_token "users.read users.write")
id=$(create_user "$GATEWAY_URL/api/users" "$token" --cacert "$CA_FILE")
echo "target:  GET $GATEWAY_URL/api/users/$id, open loop at $rate requests/s, ${warmup}s warm-up, ${measure}s profiled;" \
  "gateway pid $gateway_pid"
profile_under_load gateway "$gateway_pid" "$GATEWAY_URL/api/users/$id"
grep -E "^open loop|CPU" "$out/gateway-load.txt" || true
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
[ "${PORTCULLIS_BENCH_FLOOR:-0}" = 1 ] || exit 0

# the bare hop on the gateway's own libraries, profiled under the same open loop
trap 'kill "${floor_pid:-}" 2>/dev/null; rm -rf "${floor_libs:-}"' EXIT
start_floor 8643
profile_under_load floor "$floor_pid" "https://localhost:8643/api/users/$id"
echo
echo "sampled CPU per request (us; ${measure}s at $rate/s each), by the package of each sample's innermost Java frame:"
printf '%10s %10s  %s\n' gateway "bare hop" "where"
# group FILE: "group microseconds-per-request" lines for one profile (997 us per sample)
group() {
  awk -v requests="$(( rate * measure ))" '
    {
      count = $NF; $NF = ""; frames = split($0, stack, ";"); owner = ""
      for (f = frames; f >= 1; f--) if (stack[f] ~ /\//) { owner = stack[f]; break }
      g = "JDK, other (strings, method handles, streams, stack traces)"
      if (owner == "") g = "JVM, GC, JIT, kernel with no Java frame"
      else if (owner ~ /^ ?reactor\/core\/publisher/) g = "Reactor Core operators"
      else if (owner ~ /^ ?io\/netty\/channel|epoll/) g = "Netty channel pipeline and epoll"
      else if (owner ~ /^ ?io\/netty\//) g = "Netty util, handlers, buffers"
      else if (owner ~ /tcnative/) g = "BoringSSL (tcnative)"
      else if (owner ~ /^ ?java\/util\/regex/) g = "regex"
      else if (owner ~ /^ ?(java\/util\/|jdk\/internal)/) g = "JDK collections, concurrency, jdk.internal"
      else if (owner ~ /^ ?org\/springframework\/security/) g = "Spring Security"
      else if (owner ~ /^ ?org\/springframework/) g = "Spring Framework, Spring Cloud Gateway"
      else if (owner ~ /logback|FileOutputStream/) g = "Logback and its file write"
      else if (owner ~ /^ ?reactor\//) g = "Reactor Netty, Reactor context"
      else if (owner ~ /^ ?io\/portcullis/) g = "ours (io.portcullis)"
      else if (owner ~ /micrometer|brave/) g = "Micrometer, Brave"
      else if (owner ~ /lettuce/) g = "Lettuce"
      sum[g] += count; total += count
    }
    END { for (g in sum) printf "%s\t%.0f\n", g, 997 * sum[g] / requests; printf "total\t%.0f\n", 997 * total / requests }
  ' "$1"
}
join -t "$(printf '\t')" -a 1 -a 2 -e 0 -o 0,1.2,2.2 <(group "$out/gateway.collapsed" | sort) \
    <(group "$out/floor.collapsed" | sort) \
  | awk -F '\t' '{printf "%10s %10s  %s\n", $2, $3, $1}' | sort -rn
