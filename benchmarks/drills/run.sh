#!/usr/bin/env bash
# Fault drills against the running local platform: bounded load of reads and writes through the gateway while one
# part fails and comes back, then what callers saw and whether every acknowledged write survived (FaultDrill.java).
#
#   benchmarks/drills/run.sh instance      kill -9 user-service-1 at 10 s, restart it at 25 s
#   benchmarks/drills/run.sh postgres      kill -9 the local PostgreSQL (postmaster and wrapper) at 10 s, restart at 20 s
#   benchmarks/drills/run.sh auth-server   kill -9 the auth-server at 10 s, restart it at 25 s
#   benchmarks/drills/run.sh redis         stop the gateway's Redis at 10 s, start it at 25 s (needs a Redis of your
#                                          own: start redis-server on PORTCULLIS_REDIS_PORT, not 6379, before run.sh)
#   benchmarks/drills/run.sh rolling       from 10 s, a rolling restart (SIGTERM, exit, start, ready: restart.sh) of
#                                          every user-service instance and then the auth-server; 120 s; no request
#                                          may fail in the whole drill
#
# Start the platform first with infra/local/run.sh --detach (other ports: PORTCULLIS_*_PORT, see its header).
# Load: 8 clients x 10 requests/s (under the demo client's rate limit of 100/s), every fourth a POST; 45 s unless
# said (second argument). Exit status 1 when a budget is broken.
set -euo pipefail
drill="${1:?which drill: instance, postgres, auth-server, redis or rolling}"
seconds="${2:-}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
state="${PORTCULLIS_LOCAL_STATE:-$root/target/local}"
[ -f "$state/platform.env" ] || { echo "Start the platform first: infra/local/run.sh --detach" >&2; exit 1; }
# shellcheck disable=SC1091
source "$state/platform.env"
# shellcheck source=../../infra/lib/find-jdk.sh
source "$root/infra/lib/find-jdk.sh"
jdk="$(find_jdk)"
# every service ready first (a restart of an earlier drill may still be under way)
for url in ${READINESS_URLS:-}; do
  for _ in $(seq 1 180); do
    curl -fsS --cacert "$CA_FILE" "$url" >/dev/null 2>&1 && break
    sleep 1
  done
done
pid_of() { awk -v n="$1" '$1 == n { print $2 }' "$state/pids" | tail -1; }
token="$(curl -fsS --cacert "$CA_FILE" -u "$DEMO_CLIENT_ID:$DEMO_CLIENT_SECRET" -d grant_type=client_credentials \
  -d 'scope=users.read users.write' "$ISSUER/oauth2/token" | sed 's/.*"access_token":"\([^"]*\)".*/\1/')"

# budgets: % of failed requests in the window after the fault (30 s), GET failures (-1: any), and always no lost write
window=30
case "$drill" in
  instance)
    fault="kill -9 $(pid_of user-service-1)"; fault_at=10
    repair="bash '$state/start-user-service-1.sh'"; repair_at=25
    max_percent=1; max_get=0 ;;
  auth-server)
    fault="kill -9 $(pid_of auth-server)"; fault_at=10
    repair="bash '$state/start-auth-server.sh'"; repair_at=25
    max_percent=0; max_get=0 ;;
  postgres)
    [ -f "$state/start-postgres.sh" ] || { echo "the platform runs on an external PostgreSQL: not this drill" >&2; exit 1; }
    fault="kill -9 \$(head -1 '$state/postgres/postmaster.pid') $(pid_of postgres)"; fault_at=10
    repair="bash '$state/start-postgres.sh'"; repair_at=20
    # while PostgreSQL is down every request needing it fails (503); what must hold is no lost write and recovery
    max_percent=100; max_get=-1 ;;
  redis)
    port="${PORTCULLIS_REDIS_PORT:?set PORTCULLIS_REDIS_PORT to your own redis-server port, the one the gateway uses}"
    [ "$port" != 6379 ] || { echo "not the machine's shared Redis: start one of your own on another port" >&2; exit 1; }
    fault="redis-cli -p $port shutdown nosave"; fault_at=10
    repair="redis-server --port $port --bind 127.0.0.1 --save '' --appendonly no --daemonize yes"; repair_at=25
    max_percent=0; max_get=0 ;;
  rolling)
    # every user-service instance of this local run, then the auth-server (one gateway only: see the README)
    instances="$(awk '$1 ~ /^user-service-/ { print $1 }' "$state/pids" | sort -u | tr '\n' ' ')"
    fault="bash '$root/benchmarks/drills/restart.sh' $instances auth-server"; fault_at=10
    repair="true"; repair_at=10
    seconds="${seconds:-120}"; window="$seconds"
    max_percent=0; max_get=0 ;;
  *) echo "unknown drill $drill" >&2; exit 2 ;;
esac
seconds="${seconds:-45}"

echo "drill $drill: $(nproc) cores, $(date -u +%FT%TZ)"
"$jdk/bin/java" "$root/benchmarks/drills/FaultDrill.java" "$GATEWAY_URL" "$CA_FILE" "$token" "$seconds" \
  "$fault_at" "$fault" "$repair_at" "$repair" 8 10 "$max_percent" "$max_get" "$window"
