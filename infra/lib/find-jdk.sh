# Sourced by infra/local/run.sh and benchmarks/lib.sh: find_jdk prints the home of the newest JDK >= 21 on this machine,
# looking at JAVA_HOME, the java on PATH and the usual install folders. No machine-specific path is assumed.

java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | awk -F'= ' '/java.specification.version/ { split($2, v, "."); print (v[1] == "1" ? v[2] : v[1]) }'
}

find_jdk() {
  local candidate best="" best_major=0 major
  local candidates=()
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if command -v java >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
  fi
  for candidate in /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/* \
                   /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -d "$candidate" ] && candidates+=("$candidate")
  done
  for candidate in "${candidates[@]}"; do
    [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] || continue
    major="$(java_major "$candidate")"
    if [ -n "$major" ] && [ "$major" -ge 21 ] && [ "$major" -gt "$best_major" ]; then
      best="$candidate"; best_major="$major"
    fi
  done
  [ -n "$best" ] || { echo "no JDK >= 21 found: install one or set JAVA_HOME" >&2; return 1; }
  echo "$best"
}
