#!/usr/bin/env bash
# Gateway overhead: GET /api/users/{id} through the gateway against GET /users/{id} made directly to the
# user-service over mutual TLS, same load generator (benchmarks/load/HttpLoad.java), connections and durations.
# The route's rate limit must not be what is measured: start the platform with a high one, e.g.
#
#   PORTCULLIS_USERS_RATE=100000 PORTCULLIS_USERS_BURST=100000 infra/local/run.sh --detach
#   benchmarks/gateway/run.sh [warm-up seconds=60] [measured seconds=30] [connections=16]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
state="${PORTCULLIS_LOCAL_STATE:-$root/target/local}"
warmup="${1:-60}"
measure="${2:-30}"
connections="${3:-16}"

[ -f "$state/platform.env" ] || { echo "Start the platform first (see the header of this script)" >&2; exit 1; }
# shellcheck disable=SC1091
source "$state/platform.env"
# shellcheck source=../../infra/lib/find-jdk.sh
source "$root/infra/lib/find-jdk.sh"
jdk="$(find_jdk)"
service="${USER_SERVICE_URLS%% *}"

token=$(curl -fsS --cacert "$CA_FILE" -u "$DEMO_CLIENT_ID:$DEMO_CLIENT_SECRET" -d grant_type=client_credentials \
  -d "scope=users.read users.write" "$ISSUER/oauth2/token" | sed 's/.*"access_token":"\([^"]*\)".*/\1/')
name="gw$(date +%s)"
id=$(curl -fsS --cacert "$CA_FILE" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
  -d "{\"username\":\"$name\",\"email\":\"$name@example.com\",\"displayName\":\"Benchmark\"}" \
  "$GATEWAY_URL/api/users" | sed 's/.*"id":"\([^"]*\)".*/\1/')

echo "machine: $(nproc) cores, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo), $(date -u +%FT%TZ)"
echo "== direct: GET $service/users/$id (mutual TLS, gateway certificate)"
"$jdk/bin/java" "$root/benchmarks/load/HttpLoad.java" "$service/users/$id" "$connections" "$warmup" "$measure" \
  "$CA_FILE" "$PKI_DIR/gateway.crt" "$PKI_DIR/gateway.key" "Authorization: Bearer $token"
echo "== through the gateway: GET $GATEWAY_URL/api/users/$id"
"$jdk/bin/java" "$root/benchmarks/load/HttpLoad.java" "$GATEWAY_URL/api/users/$id" "$connections" "$warmup" \
  "$measure" "$CA_FILE" "Authorization: Bearer $token"
