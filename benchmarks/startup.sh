#!/usr/bin/env bash
# What the starter adds to an application's startup: a minimal Spring Boot web
# app started in fresh JVMs with and without the starter's jars, in turn; one
# JSON line with the median time to ready of each and the difference (see StartupRunner).
#   benchmarks/startup.sh [--rounds R]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
(cd "$root" && mvn -B -q package -DskipTests -pl benchmarks -am) >&2
exec java -cp "$here/target/classes:$(cat "$here/target/classpath.txt")" \
  io.pryv.benchmarks.startup.StartupRunner "$@"
