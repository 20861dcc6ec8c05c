#!/usr/bin/env bash
# Runs target/herald.war (channels public, publishing open, limits off: the benchmarks measure delivery, not logins or limits) in a Tomcat 11 distribution (from Maven Central), dropped into webapps/
# (served at /herald). Usage: tomcat.sh PORT WORKDIR — execs java, so the caller's PID is the server's.
set -euo pipefail
port=$1 work=$2
root=$(cd "$(dirname "$0")/../.." && pwd)
version=11.0.24
dist=$root/target/bench/dist
if [ ! -f "$dist/tomcat-$version.tar.gz" ]; then
  mkdir -p "$dist"
  (cd "$root" && mvn -B -ntp -q dependency:copy -Dartifact=org.apache.tomcat:tomcat:$version:tar.gz -DoutputDirectory="$dist")
fi
rm -rf "$work" && mkdir -p "$work"
tar xzf "$dist/tomcat-$version.tar.gz" -C "$work"
base=$work/apache-tomcat-$version
# Loopback only, no shutdown port; the connector's documented low-memory settings for many idle streams.
sed -i "s|port=\"8080\" protocol=\"HTTP/1.1\"|port=\"$port\" address=\"127.0.0.1\" protocol=\"HTTP/1.1\" maxConnections=\"20000\" maxHttpHeaderSize=\"4096\" socket.appReadBufSize=\"1024\" socket.appWriteBufSize=\"1024\"|; s|port=\"8005\"|port=\"-1\"|" "$base/conf/server.xml"
rm -rf "$base/webapps/"*
cp "$root/target/herald.war" "$base/webapps/"
export CATALINA_BASE=$base CATALINA_HOME=$base
export CATALINA_OPTS="${HERALD_JAVA_OPTS:-} -Dherald.access.default=public -Dherald.publish.open=true -Dherald.limits.connections=10000000 -Dherald.limits.connections-per-client=10000000 -Dherald.limits.publishes-per-second=10000000 -Dherald.data-dir=$work/data"
exec sh "$base/bin/catalina.sh" run
