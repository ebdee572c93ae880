#!/usr/bin/env bash
# Gateway overhead: GET /api/users/{id} through the gateway against GET /users/{id} made directly to the
# user-service over mutual TLS, same load generator (benchmarks/load/HttpLoad.java), connections and durations.
# The route's rate limit must not be what is measured: start the platform with a high one, e.g.
#
#   PORTCULLIS_USERS_RATE=100000 PORTCULLIS_USERS_BURST=100000 infra/local/run.sh --detach
#   benchmarks/gateway/run.sh [warm-up seconds=60] [measured seconds=30] [connections=16]
set -euo pipefail
# shellcheck source=../lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/../lib.sh"
benchmark_setup 60 "$@"
service="${USER_SERVICE_URLS%% *}"

token=$(demo_token "users.read users.write")
id=$(create_user "$GATEWAY_URL/api/users" "$token" --cacert "$CA_FILE")

echo "== direct: GET $service/users/$id (mutual TLS, gateway certificate)"
http_load "$service/users/$id" "$CA_FILE" "$PKI_DIR/gateway.crt" "$PKI_DIR/gateway.key" "Authorization: Bearer $token"
echo "== through the gateway: GET $GATEWAY_URL/api/users/$id"
# a fresh token: warm-up and measurement of both phases outlast the demo client's 5-minute tokens
token=$(demo_token "users.read users.write")
http_load "$GATEWAY_URL/api/users/$id" "$CA_FILE" "Authorization: Bearer $token"
