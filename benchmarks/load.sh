#!/usr/bin/env bash
# The load benchmark: the sample app (its own JVM) on a loopback Pryv platform,
# 200 concurrent simulated users by default, each: sign in through the consent
# flow, list streams, stream 10,000 events, add an event, sign out with revocation.
# Prints the errors (must be 0), p50/p99 of each step, the app's peak threads and heap.
#   benchmarks/load.sh                                # 200 users, 10,000 events each, app -Xmx512m
#   benchmarks/load.sh --users 50 --events 1000 --xmx 256m
# Needs: Java 17+ and Maven.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"

(cd "$root" && mvn -B -q package -DskipTests -pl pryv-sample-app,benchmarks -am)
jar="$(ls "$root"/pryv-sample-app/target/pryv-sample-app-*.jar | grep -v original | head -1)"

exec java -Xmx1g -cp "$here/target/classes:$(cat "$here/target/classpath.txt")" \
  io.pryv.benchmarks.LoadBenchmarkMain --app-jar "$jar" "$@"
