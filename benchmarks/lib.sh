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
    "$users_url" | sed 's/.*"id":"\([^"]*\)".*/\1/'
}

# The closed-loop load generator: URL, then CA and optional client certificate/key, then headers.
http_load() {
  local url="$1"; shift
  "$jdk/bin/java" "$root/benchmarks/load/HttpLoad.java" "$url" "$connections" "$warmup" "$measure" "$@"
}

# User plus system CPU time of a process so far, in clock ticks (0 when the pid is unknown).
process_cpu_ticks() {
  [ -n "${1:-}" ] && [ -r "/proc/$1/stat" ] || { echo 0; return; }
  sed 's/^.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'
}
