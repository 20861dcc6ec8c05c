#!/usr/bin/env bash
# Runs target/herald.war (channels public, publishing open, limits off: the benchmarks measure delivery, not logins or limits) in a Jetty 12 distribution (jetty-home from Maven Central), as an intranet
# would: a jetty-base with the http and ee10-deploy modules, the WAR in webapps/ (served at /herald).
# Usage: jetty.sh PORT WORKDIR   — execs java, so the caller's PID is the server's.
set -euo pipefail
port=$1 work=$2
root=$(cd "$(dirname "$0")/../.." && pwd)
version=12.1.8
dist=$root/target/bench/dist
home=$dist/jetty-home-$version
if [ ! -d "$home" ]; then
  mkdir -p "$dist"
  (cd "$root" && mvn -B -ntp -q dependency:copy -Dartifact=org.eclipse.jetty:jetty-home:$version:tar.gz -DoutputDirectory="$dist")
  tar xzf "$dist/jetty-home-$version.tar.gz" -C "$dist"
fi
rm -rf "$work" && mkdir -p "$work/base" "$work/tmp"
cd "$work/base"
java -jar "$home/start.jar" --add-modules=http,ee10-deploy > /dev/null 2>&1
cp "$root/target/herald.war" webapps/
exec java ${HERALD_JAVA_OPTS:-} -Djava.io.tmpdir="$work/tmp" -Dherald.access.default=public -Dherald.publish.open=true -Dherald.limits.connections=10000000 -Dherald.limits.connections-per-client=10000000 -Dherald.limits.publishes-per-second=10000000 -Dherald.data-dir="$work/data" \
  -jar "$home/start.jar" jetty.http.port="$port" jetty.http.host=127.0.0.1
