#!/usr/bin/env bash
# The first call of a fresh process, ours and lib-js's: one JSON line with
# each one's first-call ms (a fresh JVM / Node.js process streaming every event
# of a Node.js loopback platform), second-call ms, and their ratio; ours both
# plain and with an AppCDS archive of the classes a first call loads (see FirstCallRunner),
# and as stream-events.sh starts its JVM (row oursStreamEventsSh: the options of
# stream-events.jvm-options and an AppCDS archive recorded with them).
# Row oursWarmedUp: the same JVM command as ours, after the warm-up that an application
# runs at startup (PryvWarmup, as the auto-configuration's pryv.warmup.enabled does; its
# duration is reported as oursWarmedUpWarmupMsMedian and is not part of the first call).
#   benchmarks/first-call.sh                  # 5,000 events, 5 rounds
#   benchmarks/first-call.sh 1000000          # a cold 1,000,000-event stream
#   benchmarks/first-call.sh --jvm-options "-Xshare:off"   # JVM options of ours
#   benchmarks/first-call.sh --https --rounds 3   # the platform over HTTPS (rows ours, oursWarmedUp, libjs)
# With --https, a throwaway self-signed certificate of 127.0.0.1/localhost is made in
# benchmarks/target/tls at each run (openssl, keytool); the JVMs trust it through
# -Djavax.net.ssl.trustStore (their default TLS setup), Node.js through NODE_EXTRA_CA_CERTS.
# With a JDK 25 at $JAVA25_HOME (default /usr/lib/jvm/temurin-25-jdk-amd64), two more rows:
# ours on JDK 25, and on JDK 25 with an AOT cache (JEP 483/514) recorded by one training run.
# Needs: Java 17+, Maven, Node.js 20+ and npm (installs pryv@3.0.4 into benchmarks/target/libjs).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
(cd "$root" && mvn -B -q package -DskipTests -pl benchmarks -am) >&2
"$here/install-libjs.sh"
jar="$(ls "$here"/target/pryv-benchmarks-*.jar | head -1)"
tls="$here/target/tls"
tls_password="bench-trust-$RANDOM$RANDOM"
for arg in "$@"; do
  if [ "$arg" = "--https" ]; then
    rm -rf "$tls" && mkdir -p "$tls"
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
      -subj "/CN=localhost" -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" \
      -keyout "$tls/key.pem" -out "$tls/cert.pem" 2>/dev/null
    keytool -importcert -noprompt -alias bench -file "$tls/cert.pem" -keystore "$tls/truststore.p12" \
      -storetype PKCS12 -storepass "$tls_password" >/dev/null 2>&1
  fi
done
exec java -Xmx256m -cp "$here/target/classes:$(cat "$here/target/classpath.txt")" \
  -Dbench.node=node -Dbench.loopback.script="$here/src/main/js/loopback-server.js" \
  -Dbench.libjs.modules="$here/target/libjs/node_modules" \
  -Dbench.libjs.firstcall.script="$here/src/main/js/libjs-first-call.js" \
  -Dbench.java25.home="${JAVA25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}" \
  -Dbench.tls.dir="$tls" -Dbench.tls.truststore.password="$tls_password" \
  -Dbench.jar.classpath="$jar:$(cat "$here/target/classpath.txt")" -Dbench.cds.archive="$here/target/first-call.jsa" \
  -Dbench.stream-events.jvm-options="$here/stream-events.jvm-options" \
  io.pryv.benchmarks.FirstCallRunner "$@"
