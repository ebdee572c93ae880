#!/usr/bin/env bash
# Two builds of the gateway against each other: the local run's gateway restarted in turn from jar A and from jar B,
# each arm measured right after its restart by a closed loop (benchmarks/load/HttpLoad.java with --cpu) on
# GET /api/users/{id} through it. Prints each arm's gateway CPU per request and throughput, and what B saves in each
# pair. The order alternates (A B, B A, A B, ...) so that the machine's drift, tens of percent within minutes on
# these machines, favours neither build: compare the arms of one pair, not runs. Both jars are started extracted
# (java -Djarmode=tools; a jar already extracted, with its lib/ folder beside it, is started where it is), without
# an AOT cache (one arm would otherwise have one the other has not), with the local run's JVM options; the local
# run's own start command is put back at the end.
#
#   PORTCULLIS_USER_SERVICE_INSTANCES=1 PORTCULLIS_USERS_RATE=100000 PORTCULLIS_USERS_BURST=100000 \
#     infra/local/run.sh --detach
#   cp gateway/target/gateway-0.1.0-SNAPSHOT.jar /tmp/before.jar     # then build the change
#   benchmarks/gateway/jars.sh /tmp/before.jar gateway/target/gateway-0.1.0-SNAPSHOT.jar \
#     [pairs=2] [warm-up s=60] [measured s=30] [connections=16]
set -euo pipefail
[ "$#" -ge 2 ] || { sed -n '2,15p' "$0" >&2; exit 2; }
jar_a="$(realpath "$1")"; jar_b="$(realpath "$2")"; pairs="${3:-2}"
shift 2; shift || true
# shellcheck source=../lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/../lib.sh"
benchmark_setup 60 "$@"
deployed="$state/start-gateway.sh"
[ -f "$deployed" ] || { echo "no $deployed: start the platform with infra/local/run.sh --detach" >&2; exit 1; }
work="$(mktemp -d)"
cp "$deployed" "$work/deployed.sh"
finish() {
  cp "$work/deployed.sh" "$deployed"
  "$root/benchmarks/drills/restart.sh" gateway > /dev/null || echo "the deployed gateway did not come back" >&2
  rm -rf "$work"
}
trap finish EXIT

for arm in a b; do
  jar="jar_$arm"; started="$work/$arm/$(basename "${!jar}")"
  if [ -d "$(dirname "${!jar}")/lib" ] && ! unzip -l "${!jar}" 'BOOT-INF/lib/*' > /dev/null 2>&1; then
    # already extracted (a lib/ folder beside it, as in gateway/target/aot): started where it is
    started="${!jar}"
  else
    "$jdk/bin/java" -Djarmode=tools -jar "${!jar}" extract --destination "$work/$arm" > /dev/null \
      || benchmark_failed "could not extract ${!jar}"
  fi
  # the deployed command, with this arm's extracted jar and no AOT cache
  sed -e 's# -XX:AOTCache=[^ ]*##' -e "s#-jar [^ ]*\.jar#-jar $started#" "$work/deployed.sh" > "$work/start-$arm.sh"
  grep -q -- "-jar $started" "$work/start-$arm.sh" || benchmark_failed "no -jar in $deployed to replace"
done

gateway_rate_limit_out_of_the_way
token=$(demo_token "users.read users.write")
url="$GATEWAY_URL/api/users/$(create_user "$GATEWAY_URL/api/users" "$token" --cacert "$CA_FILE")"
echo "A: $jar_a"
echo "B: $jar_b"
echo "each arm: restart, closed loop of $connections connections on $url, $warmup s warm-up, $measure s measured"

# measure ARM: the gateway restarted from ARM's jar, then its CPU per request and requests/s (the load's report
# is printed to stderr); any failed request stops the benchmark
measure() {
  cp "$work/start-$1.sh" "$deployed"
  "$root/benchmarks/drills/restart.sh" gateway > /dev/null || benchmark_failed "the gateway ($1) did not restart"
  local report
  report="$("$jdk/bin/java" "$root/benchmarks/load/HttpLoad.java" --cpu "gateway=$(platform_pid gateway | tail -1)" \
    "$url" "$connections" "$warmup" "$measure" "$CA_FILE" "Authorization: Bearer $(demo_token "users.read")")" \
    || { echo "$report" >&2; benchmark_failed "arm $1: requests failed (the FAILED line above says which)"; }
  echo "$report" >&2
  echo "$report" | awk '/^CPU of gateway:/ {cpu = $4} /2xx answers/ {rps = $(NF - 1)} END {print cpu, rps}'
}

declare -A cpu rps
results=()
for pair in $(seq "$pairs"); do
  if [ $(( pair % 2 )) = 1 ]; then order=(a b); else order=(b a); fi
  for arm in "${order[@]}"; do
    read -r "cpu[$arm]" "rps[$arm]" < <(measure "$arm")
    echo "$(date -u +%H:%M:%S) pair $pair, ${arm^^}: ${cpu[$arm]} ms per request, ${rps[$arm]} requests/s" >&2
  done
  results+=("pair $pair (${order[0]^^} first): A ${cpu[a]} ms, B ${cpu[b]} ms per request \
(${rps[a]} and ${rps[b]} requests/s): B $(awk -v a="${cpu[a]}" -v b="${cpu[b]}" \
    'BEGIN {printf "%+.0f%%", (b / a - 1) * 100}')")
done
printf '%s\n' "${results[@]}"
