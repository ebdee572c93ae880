#!/usr/bin/env bash
# Stops a platform started with infra/local/run.sh --detach, by the process ids it recorded.
set -euo pipefail
state="${PORTCULLIS_LOCAL_STATE:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/target/local}"
if [ ! -f "$state/pids" ]; then
  echo "stop.sh: nothing to stop (no target/local/pids)"
  exit 0
fi
tac "$state/pids" | while read -r name pid; do
  if kill -0 "$pid" 2>/dev/null; then
    echo "Stopping $name (pid $pid)"
    kill "$pid"
    for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
    kill -0 "$pid" 2>/dev/null && { echo "  $name did not stop; killing it"; kill -9 "$pid"; }
  fi
done
rm -f "$state/pids"
