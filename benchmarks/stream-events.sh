#!/usr/bin/env bash
# Stream every event of a Pryv API endpoint with our client and print one JSON line:
#   {"events": N, "eventDeletions": N, "ms": N, "eventsPerSec": N, "peakHeapMB": N}
# Usage: benchmarks/stream-events.sh <apiEndpoint> [extra JVM options]
#   e.g. benchmarks/stream-events.sh 'https://TOKEN@alice.pryv.me/' -Xmx64m
# It asks for every event (fromTime/toTime at the widest range) and the
# deletions since time 0. The token is only sent in the Authorization header.
set -euo pipefail
if [ $# -lt 1 ]; then
  echo "Usage: $0 <apiEndpoint> [extra JVM options]" >&2
  exit 2
fi
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
endpoint="$1"
shift
if [ ! -f "$here/target/classpath.txt" ] || [ ! -d "$here/target/classes/io/pryv/benchmarks" ]; then
  (cd "$root" && mvn -B -q package -DskipTests -pl benchmarks -am) >&2
fi
exec java "$@" -cp "$here/target/classes:$(cat "$here/target/classpath.txt")" \
  io.pryv.benchmarks.StreamEventsMain "$endpoint"
