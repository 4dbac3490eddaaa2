#!/usr/bin/env bash
# CLI start-up: median wall and CPU (user+sys) seconds of bin/arca --help, version and a status that fails at once
# (nothing listens on port 1), beside the floor of a hello-world JVM measured in the same run.
# Usage: bench/cli-startup.sh [RUNS]   (default 11)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-11}"
arca="$root/bin/arca"
java_home="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

"$arca" version >/dev/null # builds the jar and trains the start-up cache if needed, outside the measurement
printf 'class Hello { public static void main(String[] a) { System.out.println("hello"); } }\n' >"$work/Hello.java"
"$java_home/bin/javac" -d "$work" "$work/Hello.java"

# one line "wall cpu" per run, from bash's own timer: no dependency on GNU time
measure() {
  local name="$1"; shift
  local i
  : >"$work/times"
  for ((i = 0; i < runs; i++)); do
    { TIMEFORMAT='%R %U %S'; time "$@" >/dev/null 2>&1 || true; } 2>>"$work/times"
  done
  awk -v name="$name" '
    { wall[NR] = $1; cpu[NR] = $2 + $3 }
    function median(v, n,   i, j, t) {
      for (i = 2; i <= n; i++) for (j = i; j > 1 && v[j - 1] > v[j]; j--) { t = v[j]; v[j] = v[j - 1]; v[j - 1] = t }
      return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
    }
    END { printf "%-26s %8.3f %8.3f\n", name, median(wall, NR), median(cpu, NR) }' "$work/times"
}

printf '%-26s %8s %8s   (medians of %d runs, seconds)\n' scenario wall cpu "$runs"
measure "hello-world JVM (floor)" "$java_home/bin/java" -cp "$work" Hello
measure "arca --help" "$arca" --help
measure "arca version" "$arca" version
measure "arca status (unreachable)" env ARCA_ADDR=http://127.0.0.1:1 "$arca" status
