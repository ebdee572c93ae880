# Sourced by the benchmark scripts: the running local platform, the JDK, and the small steps they share.
# Usage: source lib.sh; benchmark_setup DEFAULT_WARMUP "$@"   (arguments: [warm-up s] [measured s] [connections])

benchmark_setup() {
  local default_warmup="$1"; shift
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  state="${PORTCULLIS_LOCAL_STATE:-$root/target/local}"
  warmup="${1:-$default_warmup}"
  measure="${2:-30}"
  connections="${3:-16}"
  [ -f "$state/platform.env" ] \
    || { echo "Start the platform first: infra/local/run.sh --detach (see the script's header)" >&2; exit 1; }
  # shellcheck disable=SC1091
  source "$state/platform.env"
  [ -n "${AUTH_MANAGEMENT_URL:-}" ] \
    || { echo "$state/platform.env lacks the management URLs: restart the platform with infra/local/run.sh" >&2; exit 1; }
  # shellcheck source=../infra/lib/find-jdk.sh
  source "$root/infra/lib/find-jdk.sh"
  jdk="$(find_jdk)"
  echo "machine: $(nproc) cores, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo), $(date -u +%FT%TZ)"
}

# An access token of the demo client with the given scopes; fails with the token endpoint's error otherwise.
demo_token() {
  local token
  token="$(curl -sS --fail-with-body --cacert "$CA_FILE" -u "$DEMO_CLIENT_ID:$DEMO_CLIENT_SECRET" \
    -d grant_type=client_credentials -d "scope=$1" "$ISSUER/oauth2/token" \
    | sed -n -e 's/.*"access_token":"\([^"]*\)".*/\1/p' -e t -e 's/^/token endpoint: /w /dev/stderr')"
  [ -n "$token" ] || { echo "no access token for scope $1" >&2; return 1; }
  echo "$token"
}

# Creates a user through USERS_URL with TOKEN (extra curl arguments follow) and prints its id.
create_user() {
  local users_url="$1" token="$2"; shift 2
  local name="bench$(date +%s%N)"
  curl -fsS "$@" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -d "{\"username\":\"$name\",\"email\":\"$name@example.com\",\"displayName\":\"Benchmark\"}" \
    "$users_url" | sed 's/.*"id":"\([^"]*\)".*/\1/' || benchmark_failed "creating a user at $users_url failed"
}

# The closed-loop load generator: [--cpu NAME=PID]... URL, then CA and optional client certificate/key, then
# headers. It counts only 2xx answers; when any request failed (any other status, any exception) the benchmark
# stops here, saying so, with a non-zero exit.
http_load() {
  local options=()
  while [ "${1:-}" = --cpu ]; do options+=("$1" "$2"); shift 2; done
  local url="$1"; shift
  "$jdk/bin/java" "$root/benchmarks/load/HttpLoad.java" "${options[@]}" "$url" "$connections" "$warmup" "$measure" \
    "$@" || benchmark_failed "requests to $url failed (the FAILED line above says which)"
}

# Stops the benchmark: no figure of a run with failed requests is valid.
benchmark_failed() {
  echo "benchmark FAILED: $1; no figure of this run is valid" >&2
  exit 1
}

# The pid of a process of the local platform (auth-server, gateway, user-service-1...), empty when unknown.
platform_pid() {
  awk -v name="$1" '$1 == name { print $2 }' "$state/pids" 2>/dev/null || true
}

# User plus system CPU time of a process so far, in clock ticks (0 when the pid is unknown).
process_cpu_ticks() {
  [ -n "${1:-}" ] && [ -r "/proc/$1/stat" ] || { echo 0; return; }
  sed 's/^.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'
}

# The gateway's rate limit must be out of the way of a gateway benchmark: a 429 is a fast answer that measures the
# limiter, not the hop. Reads the users route's limit as the gateway runs it (the X-RateLimit-* headers of one GET
# through it), says it, and stops unless it allows far more than this machine can serve (the load generators also
# fail the run on any 429).
gateway_rate_limit_out_of_the_way() {
  local headers replenish burst cost
  headers="$(curl -sS --fail-with-body -D - -o /dev/null --cacert "$CA_FILE" \
    -H "Authorization: Bearer $(demo_token users.read)" "$GATEWAY_URL/api/users" | tr -d '\r')" \
    || benchmark_failed "GET $GATEWAY_URL/api/users failed: cannot read the gateway's rate limit"
  limit() { echo "$headers" | awk -F': ' -v name="x-ratelimit-$1" 'tolower($1) == name { print $2 }'; }
  replenish="$(limit replenish-rate)"; burst="$(limit burst-capacity)"; cost="$(limit requested-tokens)"
  [ -n "$replenish" ] && [ -n "$burst" ] \
    || benchmark_failed "the gateway's answer has no X-RateLimit-Replenish-Rate/-Burst-Capacity: cannot tell its limit"
  cost="${cost:-1}"
  echo "rate limit of the users route, per client: $(( replenish / cost )) requests/s, burst $(( burst / cost ))"
  if [ $(( replenish / cost )) -lt 20000 ] || [ $(( burst / cost )) -lt 20000 ]; then
    benchmark_failed "the rate limit is in the way of the measurement: restart the platform with \
PORTCULLIS_USERS_RATE=100000 PORTCULLIS_USERS_BURST=100000"
  fi
  echo "rate limit out of the way (at least 20000 requests/s); any 429 fails the run"
}

# start_floor PORT [PREFIX...]: benchmarks/gateway/BareProxy.java (a bare TLS-in, mutual-TLS-out hop on the gateway
# jar's own libraries) relaying PORT to the first user-service instance, in the background, started through PREFIX
# (e.g. taskset); waits up to 30 s for it to listen. Sets floor_pid and floor_libs: the caller kills the one and
# removes the other when it exits.
start_floor() {
  local port="$1"; shift
  floor_libs="$(mktemp -d)"
  (cd "$floor_libs" && "$jdk/bin/jar" xf "$root/gateway/target/gateway-0.1.0-SNAPSHOT.jar" BOOT-INF/lib)
  "$@" "$jdk/bin/java" --enable-native-access=ALL-UNNAMED -cp "$floor_libs/BOOT-INF/lib/*" \
    "$root/benchmarks/gateway/BareProxy.java" "$PKI_DIR" "${USER_SERVICE_URLS%% *}" "$port" \
    > "$floor_libs/floor.log" 2>&1 &
  floor_pid=$!
  for _ in $(seq 30); do
    # listening is ready (a GET / without a token gets no answer from the bare hop to wait for)
    (exec 3<> "/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0
    sleep 1
  done
  tail -20 "$floor_libs/floor.log" >&2
  echo "the bare hop (BareProxy.java) did not answer on port $port within 30 s" >&2
  return 1
}
