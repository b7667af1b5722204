#!/usr/bin/env bash
# Stream every event of a Pryv API endpoint with our client and print one JSON line:
#   {"events": N, "eventDeletions": N, "ms": N, "eventsPerSec": N, "peakHeapMB": N}
# Usage: benchmarks/stream-events.sh <apiEndpoint> [extra JVM options]
#   e.g. benchmarks/stream-events.sh 'https://TOKEN@alice.pryv.me/' -Xmx64m
# It asks for every event (fromTime/toTime at the widest range) and the
# deletions since time 0. The token is only sent in the Authorization header.
# A fresh JVM spends most of its first second loading classes: the first run
# records the classes it loads in an AppCDS archive (target/stream-events.jsa,
# JDK 13+ -XX:ArchiveClassesAtExit), later runs map it and start streaming
# sooner. PRYV_CDS=off runs without it.
# The JVM options of stream-events.jvm-options come first: the Serial GC (on a
# few CPUs a fresh JVM streams sooner without G1's concurrent threads and
# heavier write barriers) and room for the classes' metadata before a first
# collection. Options given here come after them and win; a -XX:+Use...GC of
# your own replaces the Serial GC.
set -euo pipefail
if [ $# -lt 1 ]; then
  echo "Usage: $0 <apiEndpoint> [extra JVM options]" >&2
  exit 2
fi
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
endpoint="$1"
shift
jar="$(ls "$here"/target/pryv-benchmarks-*.jar 2>/dev/null | head -1 || true)"
if [ ! -f "$here/target/classpath.txt" ] || [ -z "$jar" ]; then
  (cd "$root" && mvn -B -q package -DskipTests -pl benchmarks -am) >&2
  jar="$(ls "$here"/target/pryv-benchmarks-*.jar | head -1)"
fi
# CDS maps jars only (no class directories): the module's jar, then its dependencies
classpath="$jar:$(cat "$here/target/classpath.txt")"
archive="$here/target/stream-events.jsa"
cds=()
if [ "${PRYV_CDS:-on}" != "off" ]; then
  if [ -f "$archive" ] && [ "$archive" -nt "$jar" ] && [ "$archive" -nt "$here/target/classpath.txt" ]; then
    cds=(-XX:SharedArchiveFile="$archive" -Xlog:cds=off -Xlog:cds+dynamic=off)
  else
    rm -f "$archive"
    cds=(-XX:ArchiveClassesAtExit="$archive" -Xlog:cds=off -Xlog:cds+dynamic=off)
  fi
fi
gc_given=no
for option in "$@"; do
  case "$option" in -XX:+Use*GC) gc_given=yes ;; esac
done
defaults=()
while IFS= read -r option; do
  if [ -n "$option" ] && { [ "$gc_given" = no ] || [[ "$option" != -XX:+Use*GC ]]; }; then
    defaults+=("$option")
  fi
done < "$here/stream-events.jvm-options"
exec java "${defaults[@]}" "${cds[@]}" "$@" -cp "$classpath" io.pryv.benchmarks.StreamEventsMain "$endpoint"
