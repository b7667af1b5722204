#!/usr/bin/env bash
# Events through the sample app at client speed: one JSON line with our
# client's direct events/s and the sample app's (GET /api/events, NDJSON, app in
# -Xmx128m) against the same Node.js loopback platform, their ratio, the app's
# peak heap, and the errors of 8 concurrent downloads (see PassThroughMain).
#   benchmarks/passthrough.sh [events (default 1000000)] [--rounds R] [--concurrent C] [--app-heap 128m]
# PRYV_BENCH_APP_JVM_OPTIONS adds options to the app's JVM, e.g. to profile it:
#   PRYV_BENCH_APP_JVM_OPTIONS='-XX:StartFlightRecording=filename=/tmp/app.jfr,settings=profile' benchmarks/passthrough.sh
# Needs: Java 17+, Maven, Node.js 20+ (no npm package).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
(cd "$root" && mvn -B -q package -DskipTests -pl benchmarks,pryv-sample-app -am) >&2
jar="$(ls "$root"/pryv-sample-app/target/pryv-sample-app-*.jar | grep -v -- '-plain\|-sources\|-javadoc' | head -1)"
exec java -Xmx256m -cp "$here/target/classes:$(cat "$here/target/classpath.txt")" \
  -Dbench.node=node -Dbench.loopback.script="$here/src/main/js/loopback-server.js" \
  -Dbench.sample.jar="$jar" -Dbench.sample.log="$here/target/sample-app.log" \
  -Dbench.sample.jvmOptions="${PRYV_BENCH_APP_JVM_OPTIONS:-}" \
  io.pryv.benchmarks.PassThroughMain "$@"
