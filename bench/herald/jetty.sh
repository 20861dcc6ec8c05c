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
# Jetty refuses to start a webapp with FORM login and no login service named like its realm
# (docs/deploy-jetty.md): an empty one is enough here.
mkdir -p etc
: > etc/herald-realm.properties
cat > etc/herald-realm.xml <<'XML'
<?xml version="1.0"?>
<!DOCTYPE Configure PUBLIC "-//Jetty//Configure//EN" "https://jetty.org/configure_10_0.dtd">
<Configure id="Server" class="org.eclipse.jetty.server.Server">
  <Call id="resources" class="org.eclipse.jetty.util.resource.ResourceFactory" name="root"/>
  <Ref refid="resources">
    <Call id="heraldRealmFile" name="newResource"><Arg><Property name="jetty.base"/>/etc/herald-realm.properties</Arg></Call>
  </Ref>
  <Call name="addBean"><Arg>
    <New class="org.eclipse.jetty.security.HashLoginService">
      <Set name="name">Herald</Set>
      <Set name="config"><Ref refid="heraldRealmFile"/></Set>
    </New>
  </Arg></Call>
</Configure>
XML
exec java ${HERALD_JAVA_OPTS:-} -Djava.io.tmpdir="$work/tmp" -Dherald.access.default=public -Dherald.publish.open=true -Dherald.limits.connections=10000000 -Dherald.limits.connections-per-client=10000000 -Dherald.limits.publishes-per-second=10000000 -Dherald.data-dir="$work/data" \
  -jar "$home/start.jar" jetty.http.port="$port" jetty.http.host=127.0.0.1 etc/herald-realm.xml
