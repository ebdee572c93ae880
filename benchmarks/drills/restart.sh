#!/usr/bin/env bash
# Restarts services of the running local platform gracefully, one after the other, the way a rolling deployment
# does: SIGTERM, wait for the process to exit, start it again with the command the local run used
# (target/local/start-<name>.sh), wait until its readiness probe answers UP, then the next one.
#
#   benchmarks/drills/restart.sh user-service-1 user-service-2 auth-server
#
# Prints for each service how long it took to exit after SIGTERM and to be ready again. Exit status 1 when a
# service took longer than 10 s to exit (the platform's shutdown budget) or did not come back within 120 s.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
state="${PORTCULLIS_LOCAL_STATE:-$root/target/local}"
# shellcheck disable=SC1091
source "$state/platform.env"
[ "$#" -gt 0 ] || { echo "which services? e.g. user-service-1 user-service-2 auth-server gateway" >&2; exit 2; }

now_ms() { date +%s%3N; }
pid_of() { awk -v n="$1" '$1 == n { print $2 }' "$state/pids" | tail -1; }
status=0
for name in "$@"; do
  start="$state/start-$name.sh"
  [ -f "$start" ] || { echo "no $start: is $name a service of this local run?" >&2; exit 2; }
  # the management port the local run gave this service (PORTCULLIS_*_MANAGEMENT_PORT in its start command)
  port="$(grep -o '_MANAGEMENT_PORT=[0-9]*' "$start" | head -1 | cut -d= -f2)"
  readiness="https://localhost:$port/actuator/health/readiness"
  pid="$(pid_of "$name")"
  kill -0 "$pid" 2>/dev/null || { echo "$name (pid $pid) is not running" >&2; exit 1; }

  term_at="$(now_ms)"
  kill -TERM "$pid"
  while kill -0 "$pid" 2>/dev/null && [ $(( $(now_ms) - term_at )) -lt 30000 ]; do sleep 0.05; done
  exited_ms=$(( $(now_ms) - term_at ))
  if kill -0 "$pid" 2>/dev/null; then
    echo "$name: still running 30 s after SIGTERM; killing it" >&2
    kill -9 "$pid"; status=1
  elif [ "$exited_ms" -gt 10000 ]; then
    status=1
  fi

  started_at="$(now_ms)"
  bash "$start"
  ready=false
  while [ $(( $(now_ms) - started_at )) -lt 120000 ]; do
    if curl -fsS --cacert "$CA_FILE" "$readiness" >/dev/null 2>&1; then ready=true; break; fi
    sleep 0.2
  done
  ready_ms=$(( $(now_ms) - started_at ))
  $ready || status=1
  printf '%s: exited %d ms after SIGTERM; %s %d ms after its start\n' "$name" "$exited_ms" \
    "$($ready && echo ready || echo 'NOT ready')" "$ready_ms"
done
exit "$status"
