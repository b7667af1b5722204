#!/usr/bin/env bash
# The first call of a fresh process, ours and lib-js's: one JSON line with
# each one's first-call ms (a fresh JVM / Node.js process streaming every event
# of a Node.js loopback platform), second-call ms, and their ratio; ours both
# plain and with an AppCDS archive of the classes a first call loads (see FirstCallRunner).
# Row oursWarmedUp: the same JVM command as ours, after the warm-up that an application
# runs at startup (PryvWarmup, as the auto-configuration's pryv.warmup.enabled does; its
# duration is reported as oursWarmedUpWarmupMsMedian and is not part of the first call).
#   benchmarks/first-call.sh                  # 5,000 events, 5 rounds
#   benchmarks/first-call.sh 1000000          # a cold 1,000,000-event stream
#   benchmarks/first-call.sh --jvm-options "-Xshare:off"   # JVM options of ours
# With a JDK 25 at $JAVA25_HOME (default /usr/lib/jvm/temurin-25-jdk-amd64), two more rows:
# ours on JDK 25, and on JDK 25 with an AOT cache (JEP 483/514) recorded by one training run.
# Needs: Java 17+, Maven, Node.js 20+ and npm (installs pryv@3.0.4 into benchmarks/target/libjs).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
(cd "$root" && mvn -B -q package -DskipTests -pl benchmarks -am) >&2
"$here/install-libjs.sh"
jar="$(ls "$here"/target/pryv-benchmarks-*.jar | head -1)"
exec java -Xmx256m -cp "$here/target/classes:$(cat "$here/target/classpath.txt")" \
  -Dbench.node=node -Dbench.loopback.script="$here/src/main/js/loopback-server.js" \
  -Dbench.libjs.modules="$here/target/libjs/node_modules" \
  -Dbench.libjs.firstcall.script="$here/src/main/js/libjs-first-call.js" \
  -Dbench.java25.home="${JAVA25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}" \
  -Dbench.jar.classpath="$jar:$(cat "$here/target/classpath.txt")" -Dbench.cds.archive="$here/target/first-call.jsa" \
  io.pryv.benchmarks.FirstCallRunner "$@"
