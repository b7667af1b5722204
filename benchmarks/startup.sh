#!/usr/bin/env bash
# What the starter adds to an application's startup: a minimal Spring Boot web app started in
# fresh JVMs with the starter and without it (the class path Maven gives
# benchmarks/startup-baseline/pom.xml, a Spring MVC app alone), in turn, also with an
# application CDS archive each; one JSON line with the median time to ready of each and the
# differences (see StartupRunner).
#   benchmarks/startup.sh [--rounds R]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
(cd "$root" && mvn -B -q package -DskipTests -pl benchmarks -am) >&2
(cd "$root" && mvn -B -q -f benchmarks/startup-baseline/pom.xml dependency:build-classpath \
  -Dmdep.includeScope=runtime -Dmdep.outputFile="$here/target/classpath-webmvc.txt") >&2
# the module's jar, not its classes directory: CDS archives classes from jars only
app_jar="$(ls "$here"/target/pryv-benchmarks-*.jar | head -n 1)"
exec java -Dbench.startup.baseline-classpath="$here/target/classpath-webmvc.txt" \
  -Dbench.startup.cds-dir="$here/target/startup-cds" \
  -cp "$app_jar:$(cat "$here/target/classpath.txt")" \
  io.pryv.benchmarks.startup.StartupRunner "$@"
