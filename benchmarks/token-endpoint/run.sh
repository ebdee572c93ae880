#!/usr/bin/env bash
# Token endpoint benchmark: wrk posts grant_type=client_credentials with HTTP Basic on keep-alive connections
# against the running local platform, first to warm the JIT up, then measured; then the raw signing rate of the
# same JDK on the same cores (the endpoint's physical ceiling). Load goes to loopback only.
#
#   infra/local/run.sh --detach
#   benchmarks/token-endpoint/run.sh [warm-up seconds=180] [measured seconds=30] [connections=16]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
state="${PORTCULLIS_LOCAL_STATE:-$root/target/local}"
warmup="${1:-180}"
measure="${2:-30}"
connections="${3:-16}"

command -v wrk >/dev/null || { echo "wrk is required (Debian/Ubuntu: apt-get install wrk)" >&2; exit 1; }
[ -f "$state/platform.env" ] || { echo "Start the platform first: infra/local/run.sh --detach" >&2; exit 1; }
# shellcheck disable=SC1091
source "$state/platform.env"
# shellcheck source=../../infra/lib/find-jdk.sh
source "$root/infra/lib/find-jdk.sh"
jdk="$(find_jdk)"
export CLIENT_ID="$DEMO_CLIENT_ID" CLIENT_SECRET="$DEMO_CLIENT_SECRET"
url="${ISSUER%/}/oauth2/token"

echo "machine: $(nproc) cores, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo), $(date -u +%FT%TZ)"
echo "target:  $url; signing algorithm: $(curl -fsS --cacert "$CA_FILE" "$ISSUER/oauth2/jwks" \
  | grep -o '"alg":"[A-Z0-9]*"' | sort -u | tr '\n' ' ')"
echo "warm-up: ${warmup}s with $connections connections"
wrk -t2 -c"$connections" -d"${warmup}s" -s "$here/token.lua" "$url" > /dev/null
echo "measured: ${measure}s with $connections connections"
wrk -t2 -c"$connections" -d"${measure}s" --latency -s "$here/token.lua" "$url" \
  | grep -E "Requests/sec|non-200|p50|p90|p99|Socket errors"
echo "raw signing rate of $("$jdk/bin/java" -version 2>&1 | head -1) on 2 threads:"
"$jdk/bin/java" "$here/SigningRate.java" 2 10 "$measure" | tail -n +2
