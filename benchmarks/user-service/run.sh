#!/usr/bin/env bash
# user-service baseline: GET /users/{id} over mutual TLS (the gateway's certificate) with a valid token, closed
# loop on keep-alive connections, after a warm-up. wrk cannot present a client certificate, so the load comes
# from benchmarks/load/HttpLoad.java on the same JDK. Load goes to loopback only.
#
#   infra/local/run.sh --detach
#   benchmarks/user-service/run.sh [warm-up seconds=60] [measured seconds=30] [connections=16]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
state="${PORTCULLIS_LOCAL_STATE:-$root/target/local}"
warmup="${1:-60}"
measure="${2:-30}"
connections="${3:-16}"

[ -f "$state/platform.env" ] || { echo "Start the platform first: infra/local/run.sh --detach" >&2; exit 1; }
# shellcheck disable=SC1091
source "$state/platform.env"
# shellcheck source=../../infra/lib/find-jdk.sh
source "$root/infra/lib/find-jdk.sh"
jdk="$(find_jdk)"
service="${USER_SERVICE_URL:-${USER_SERVICE_URLS%% *}}"
mtls=(--cacert "$CA_FILE" --cert "$PKI_DIR/gateway.crt" --key "$PKI_DIR/gateway.key")

token=$(curl -fsS --cacert "$CA_FILE" -u "$DEMO_CLIENT_ID:$DEMO_CLIENT_SECRET" -d grant_type=client_credentials \
  -d "scope=users.read users.write" "$ISSUER/oauth2/token" | sed 's/.*"access_token":"\([^"]*\)".*/\1/')
name="bench$(date +%s)"
id=$(curl -fsS "${mtls[@]}" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
  -d "{\"username\":\"$name\",\"email\":\"$name@example.com\",\"displayName\":\"Benchmark\"}" \
  "$service/users" | sed 's/.*"id":"\([^"]*\)".*/\1/')

echo "machine: $(nproc) cores, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo), $(date -u +%FT%TZ)"
echo "target:  GET $service/users/$id, $connections connections, ${warmup}s warm-up, ${measure}s measured"
"$jdk/bin/java" "$root/benchmarks/load/HttpLoad.java" "$service/users/$id" "$connections" "$warmup" "$measure" \
  "$CA_FILE" "$PKI_DIR/gateway.crt" "$PKI_DIR/gateway.key" "Authorization: Bearer $token"
