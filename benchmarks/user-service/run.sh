#!/usr/bin/env bash
# user-service baseline: GET /users/{id} over mutual TLS (the gateway's certificate) with a valid token, closed
# loop on keep-alive connections, after a warm-up. wrk cannot present a client certificate, so the load comes
# from benchmarks/load/HttpLoad.java on the same JDK, which counts only 2xx answers and fails the run on any other
# answer or error; it prints the service's CPU per request when its pid is known. Load goes to loopback only.
#
#   infra/local/run.sh --detach
#   benchmarks/user-service/run.sh [warm-up seconds=60] [measured seconds=30] [connections=16]
set -euo pipefail
# shellcheck source=../lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/../lib.sh"
benchmark_setup 60 "$@"
service="${USER_SERVICE_URL:-${USER_SERVICE_URLS%% *}}"
mtls=(--cacert "$CA_FILE" --cert "$PKI_DIR/gateway.crt" --key "$PKI_DIR/gateway.key")

token=$(demo_token "users.read users.write")
id=$(create_user "$service/users" "$token" "${mtls[@]}")

echo "target:  GET $service/users/$id, $connections connections, ${warmup}s warm-up, ${measure}s measured"
# the CPU of the instance measured: the first of USER_SERVICE_URLS is user-service-1 (unknown for USER_SERVICE_URL)
cpu=()
pid="$(platform_pid user-service-1)"
if [ -z "${USER_SERVICE_URL:-}" ] && [ -n "$pid" ]; then cpu=(--cpu "user-service=$pid"); fi
http_load "${cpu[@]}" "$service/users/$id" "$CA_FILE" "$PKI_DIR/gateway.crt" "$PKI_DIR/gateway.key" "Authorization: Bearer $token"
