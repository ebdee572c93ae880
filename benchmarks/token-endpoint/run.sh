#!/usr/bin/env bash
# Token endpoint benchmark: wrk posts grant_type=client_credentials with HTTP Basic on keep-alive connections
# against the running local platform, first to warm the JIT up, then measured; then the raw signing rate of the
# same JDK on the same cores (the endpoint's physical ceiling). Load goes to loopback only.
#
#   infra/local/run.sh --detach
#   benchmarks/token-endpoint/run.sh [warm-up seconds=180] [measured seconds=30] [connections=16]
#
# PORTCULLIS_BENCH_SIGNING=false skips the raw signing rates (A/B runs of the endpoint alone);
# PORTCULLIS_BENCH_SIGNING_SECONDS (5) is their warm-up and their measurement per operation, 4 operations per provider.
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
echo "measured: ${measure}s with $connections connections; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
auth_pid="$(awk '$1 == "auth-server" { print $2 }' "$state/pids" 2>/dev/null || true)"
# bytes the auth-server's JVM allocated (Micrometer's jvm.gc.memory.allocated): what drives its young collections
allocated() {
  curl -fsS --cacert "$CA_FILE" --cert "$PKI_DIR/prometheus.crt" --key "$PKI_DIR/prometheus.key" \
    "$AUTH_MANAGEMENT_URL/actuator/prometheus" 2>/dev/null \
    | awk '/^jvm_gc_memory_allocated_bytes_total/ { printf "%.0f", $NF; found = 1 } END { if (!found) print "" }' || true
}
allocated_before="$(allocated)"
cpu_before="$(process_cpu_ticks "$auth_pid")"
result="$(wrk -t2 -c"$connections" -d"${measure}s" --latency -s "$here/token.lua" "$url")"
cpu_after="$(process_cpu_ticks "$auth_pid")"
allocated_after="$(allocated)"
echo "$result" | grep -E "tokens issued|p50|p90|p99|FAILED|Socket errors"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg) (other processes on these cores make every figure noisy)"
failed=false
if echo "$result" | grep -q FAILED; then
  failed=true
fi
tokens="$(echo "$result" | awk '/tokens issued/ { print $3 }')"
if [ -n "$auth_pid" ] && [ "${tokens:-0}" -gt 0 ]; then
  awk -v ticks="$((cpu_after - cpu_before))" -v hz="$(getconf CLK_TCK)" -v n="$tokens" 'BEGIN {
    printf "auth-server CPU: %.3f ms per token (%.0f tokens per CPU-second)\n", ticks * 1000 / hz / n, n / (ticks / hz) }'
fi
if [ -n "$allocated_before" ] && [ -n "$allocated_after" ] && [ "${tokens:-0}" -gt 0 ]; then
  awk -v b="$allocated_before" -v a="$allocated_after" -v n="$tokens" 'BEGIN {
    printf "auth-server allocation: %.1f KB per token\n", (a - b) / 1024 / n }'
fi
crypto="$(curl -fsS --cacert "$CA_FILE" --cert "$PKI_DIR/gateway.crt" --key "$PKI_DIR/gateway.key" \
  "$AUTH_MANAGEMENT_URL/actuator/info" 2>/dev/null | grep -o '"crypto":{[^}]*}' || true)"
echo "auth-server signing provider: ${crypto:-unknown (actuator/info not reachable)}"
if [ "${PORTCULLIS_BENCH_SIGNING:-true}" != false ]; then
  # Each run prints its own first line (JVM, threads, seconds, the provider that signs) and a line per algorithm;
  # a run that fails says so and fails the script, after the other figures are printed.
  seconds="${PORTCULLIS_BENCH_SIGNING_SECONDS:-5}"
  echo "raw signing rate, JDK providers:"
  "$jdk/bin/java" "$here/SigningRate.java" 2 "$seconds" "$seconds" || { echo "  FAILED (exit $?)"; failed=true; }
  accp="$(ls "${MAVEN_REPOSITORY:-$HOME/.m2/repository}"/software/amazon/cryptools/AmazonCorrettoCryptoProvider/*/AmazonCorrettoCryptoProvider-*-linux-"$(uname -m | sed 's/aarch64/aarch_64/')".jar 2>/dev/null | tail -n 1 || true)"
  if [ -n "$accp" ]; then
    echo "raw signing rate with Amazon Corretto Crypto Provider first ($(basename "$accp")):"
    "$jdk/bin/java" --enable-native-access=ALL-UNNAMED -cp "$accp" -Dnative=true "$here/SigningRate.java" 2 \
      "$seconds" "$seconds" || { echo "  FAILED (exit $?)"; failed=true; }
  else
    echo "raw signing rate with Amazon Corretto Crypto Provider: not measured (its jar is not in the Maven repository)"
  fi
fi
if $failed; then
  echo "token benchmark FAILED: see the FAILED lines above; the rate above counts only issued tokens" >&2
  exit 1
fi
