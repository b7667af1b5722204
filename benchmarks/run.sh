#!/usr/bin/env bash
# Every benchmark in one command, on a fresh machine: builds the modules once,
# installs lib-js (npm package pryv@3.0.4) into benchmarks/target/libjs, then
# runs each benchmark in turn and prints ONE JSON LINE PER BENCHMARK on stdout,
# each with a "benchmark" key (tables, rounds and progress go to stderr):
#   streaming         our client (callback, Flux), lib-js, the raw transfer, 1,000,000 events, 3 runs each, warm
#   passthrough       the sample app passing 1,000,000 events to an HTTP client vs our client direct (passthrough.sh)
#   first-call        a fresh process's first call of 5,000 events, ours and lib-js's (first-call.sh)
#   first-call-cold-1m a cold 1,000,000-event stream of a fresh process, ours and lib-js's (first-call.sh 1000000)
#   startup           a minimal Boot web app with and without the starter, also with a CDS archive each (startup.sh)
# About 11 minutes on an idle 2-CPU machine.
#   benchmarks/run.sh > results.jsonl
#   RUN_TABLE=off benchmarks/run.sh           # without the streaming table (the longest part)
#   benchmarks/run.sh --runs 5 100000 1000000 # arguments go to the streaming table (BenchmarkRunner)
# Needs: Java 17+, Maven, Node.js 20+ and npm; a JDK 25 at $JAVA25_HOME (default
# /usr/lib/jvm/temurin-25-jdk-amd64) adds JDK 25 rows to first-call.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"

(cd "$root" && mvn -B -q package -DskipTests -pl benchmarks,pryv-sample-app -am) >&2
"$here/install-libjs.sh"
libjs="$here/target/libjs"
# each script below finds the modules built (its own mvn package is then quick)

# Runs a benchmark: its JSON line (the last line starting with '{') on stdout, with the
# benchmark's name added; everything else it printed on stderr.
run() {
  local name=$1
  shift
  local output
  output="$("$@")"
  printf '%s\n' "$output" | grep -v '^{' >&2 || true
  printf '%s\n' "$output" | grep '^{' | tail -1 | sed "s/^{/{\"benchmark\": \"$name\", /"
}

if [ "${RUN_TABLE:-on}" != "off" ]; then
  if [ $# -eq 0 ]; then
    set -- 1000000
  fi
  run streaming java -Xmx1g -cp "$here/target/classes:$(cat "$here/target/classpath.txt")" \
    -Dbench.node=node -Dbench.node.version="$(node --version)" \
    -Dbench.libjs.modules="$libjs/node_modules" \
    -Dbench.libjs.script="$here/src/main/js/libjs-stream.js" \
    io.pryv.benchmarks.BenchmarkRunner "$@"
fi
run passthrough "$here/passthrough.sh"
run first-call "$here/first-call.sh"
run first-call-https "$here/first-call.sh" --https --rounds 3
run first-call-cold-1m "$here/first-call.sh" 1000000 --rounds 3
run startup "$here/startup.sh" --rounds 7
