#!/usr/bin/env bash
# Token endpoint benchmark: wrk posts grant_type=client_credentials with HTTP Basic on keep-alive connections
# against the running local platform, first to warm the JIT up, then measured; then the raw signing rate of the
# same JDK on the same cores (the endpoint's physical ceiling). Load goes to loopback only.
#
#   infra/local/run.sh --detach
#   benchmarks/token-endpoint/run.sh [warm-up seconds=180] [measured seconds=30] [connections=16]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
command -v wrk >/dev/null || { echo "wrk is required (Debian/Ubuntu: apt-get install wrk)" >&2; exit 1; }
# shellcheck source=../lib.sh
source "$here/../lib.sh"
benchmark_setup 180 "$@"
export CLIENT_ID="$DEMO_CLIENT_ID" CLIENT_SECRET="$DEMO_CLIENT_SECRET"
url="${ISSUER%/}/oauth2/token"

echo "target:  $url; signing algorithm: $(curl -fsS --cacert "$CA_FILE" "$ISSUER/oauth2/jwks" \
  | grep -o '"alg":"[A-Z0-9]*"' | sort -u | tr '\n' ' ')"
echo "warm-up: ${warmup}s with $connections connections"
wrk -t2 -c"$connections" -d"${warmup}s" -s "$here/token.lua" "$url" > /dev/null
echo "measured: ${measure}s with $connections connections"
wrk -t2 -c"$connections" -d"${measure}s" --latency -s "$here/token.lua" "$url" \
  | grep -E "Requests/sec|non-200|p50|p90|p99|Socket errors"
echo "raw signing rate of $("$jdk/bin/java" -version 2>&1 | head -1) on 2 threads:"
"$jdk/bin/java" "$here/SigningRate.java" 2 10 "$measure" | tail -n +2
