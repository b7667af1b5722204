#!/usr/bin/env bash
# What reading the events costs by itself: N events streamed through
# ReactivePryvConnection.events(query) from an answer generated in memory
# (no network, no server), in a JVM limited to 64 MB.
#   benchmarks/in-memory.sh [events (multiple of 5000, default 1000000)] [chunk bytes (default 65536)] [rounds (default 5)]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
(cd "$root" && mvn -B -q package -DskipTests -pl benchmarks -am) >&2
exec java -Xmx64m -cp "$here/target/classes:$(cat "$here/target/classpath.txt")" \
  io.pryv.benchmarks.InMemoryStreamMain "$@"
