#!/usr/bin/env bash
# Trains an ahead-of-time cache (JDK 25: JEP 483, 514, 515) for the packaged service, so that a fresh start
# loads its classes from the cache and compiles its hot path from profiles recorded under load, instead of
# running the first minutes of traffic through the interpreter and the JIT's warm-up. Measured on a 2-core VM
# at 25 new conversations/s from a cold start (bench/RESULTS.md, ninth sitting): the backlog of the first
# minute cleared within 50-70 s instead of staying at ~450, and the peak RSS was ~930 MB instead of ~1,160 MB.
#
#   ./mvnw -B package -DskipTests          # the jar to train
#   ops/aot-cache.sh                       # ~2 minutes: extracts the jar, trains, writes target/aot/
#   java -XX:AOTCache=target/aot/openlines.aot -Xmx1g -XX:+UseG1GC -jar target/aot/app/openlines-*.jar
#
# The training drives the embedded runtime on a throw-away data directory through HTTP with the benchmark's
# driver (bench/README.md, HttpRouteBench): visitors at 25/s for 60 s, 200 operators. The cache is valid only
# for this jar, this JDK and the same kind of JVM options (GC, heap): a start with another jar or JDK ignores
# it with a warning and runs as without it. Train again after every build.
#
# Environment: JAVA (default: java on the PATH) must be JDK 25 or newer; AOT_JVM_OPTIONS (default
# "-Xmx1g,-XX:+UseG1GC", comma-separated) are the options the service runs with.
set -euo pipefail
cd "$(dirname "$0")/.."

java_bin=${JAVA:-java}
jvm_options=${AOT_JVM_OPTIONS:--Xmx1g,-XX:+UseG1GC}
feature=$("$java_bin" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
if [ -z "$feature" ] || [ "${feature%%.*}" -lt 25 ]; then
  echo "ops/aot-cache.sh needs JDK 25 or newer (JAVA=$java_bin is ${feature:-unknown}); set JAVA to its java." >&2
  exit 2
fi
jar=${1:-$(ls target/openlines-*.jar 2>/dev/null | grep -v -- '-plain\.jar$' | head -n 1 || true)}
if [ -z "$jar" ] || [ ! -f "$jar" ]; then
  echo "No packaged jar: run ./mvnw -B package -DskipTests first, or give the jar as the first argument." >&2
  exit 2
fi

out=target/aot
rm -rf "$out"
mkdir -p "$out"
# The cache covers classes loaded from the class path: the nested jars of the fat jar are not, so it runs extracted.
"$java_bin" -Djarmode=tools -jar "$jar" extract --destination "$out/app" >/dev/null
app_jar="$(pwd)/$out/app/$(basename "$jar")"
cache="$(pwd)/$out/openlines.aot"

echo "Training on $app_jar (about two minutes)..."
./mvnw -B -q -Pbench test \
  -Dbench.main=dev.openlines.bench.HttpRouteBench \
  -Dbench.jvm="-Xmx1g -XX:+UseG1GC -Dopenlines.jar=$app_jar -Dopenlines.java=$(command -v "$java_bin")" \
  -Dbench.args="rates=25 seconds=60 settle=20 operators=200 raw=false drain=false jvm=$jvm_options,-XX:AOTCacheOutput=$cache" \
  >"$out/training.log" 2>&1 || { echo "The training run failed: see $out/training.log" >&2; exit 1; }

if [ ! -s "$cache" ]; then
  echo "The JVM wrote no cache: see $out/training.log and the service's log under lint/target/bench-http/." >&2
  exit 1
fi
echo "Wrote $cache ($(du -h "$cache" | cut -f1)). Start the service with it:"
echo "  $java_bin -XX:AOTCache=$cache ${jvm_options//,/ } -jar $app_jar"
