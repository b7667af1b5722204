#!/usr/bin/env bash
# The streaming benchmark, in one command: builds the client and this module,
# installs lib-js (npm package pryv@3.0.4) into benchmarks/target/libjs, then
# runs our client (callback and Flux, -Xmx64m), lib-js's getEventsStreamed and
# the raw transfer against one loopback server, and prints one table.
#   benchmarks/run.sh                 # N = 100,000 and 1,000,000, 3 runs each (best and median)
#   benchmarks/run.sh --runs 5 200000 # other sizes / runs
#   benchmarks/run.sh --warmup 0      # cold processes (no warm-up stream first)
#   benchmarks/run.sh --warmup 100000 --warmup-runs 1   # a short warm-up
# Then the one-line benchmarks: passthrough.sh (events through the sample app),
# first-call.sh (a fresh process's first call, 5,000 events) and
# first-call.sh 1000000 (a cold 1,000,000-event stream), each printing one JSON line.
#   RUN_TABLE=off benchmarks/run.sh   # the one-line benchmarks only
# Needs: Java 17+, Maven, Node.js 20+ and npm.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"

(cd "$root" && mvn -B -q package -DskipTests -pl benchmarks,pryv-sample-app -am)
"$here/install-libjs.sh"
libjs="$here/target/libjs"

if [ "${RUN_TABLE:-on}" != "off" ]; then
java -Xmx1g -cp "$here/target/classes:$(cat "$here/target/classpath.txt")" \
  -Dbench.node=node -Dbench.node.version="$(node --version)" \
  -Dbench.libjs.modules="$libjs/node_modules" \
  -Dbench.libjs.script="$here/src/main/js/libjs-stream.js" \
  io.pryv.benchmarks.BenchmarkRunner "$@"
fi
echo "passthrough: $("$here/passthrough.sh")"
echo "first-call: $("$here/first-call.sh")"
echo "first-call 1000000: $("$here/first-call.sh" 1000000 --rounds 3)"
echo "startup: $("$here/startup.sh")"
