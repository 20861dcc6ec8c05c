#!/usr/bin/env bash
# Usage: start.sh PORT   -- execs the JVM, so the caller's PID is the server's.
# Extra JVM options (heap size, GC) can be passed in JAVA_OPTS.
set -euo pipefail
cd "$(dirname "$0")"
[ "$#" -eq 1 ] || { echo "usage: $0 PORT" >&2; exit 2; }
JAR=target/jetty-eventsource-peer.jar
[ -f "$JAR" ] || { echo "start.sh: $JAR missing; run ./build.sh first" >&2; exit 1; }
# shellcheck disable=SC2086
exec java ${JAVA_OPTS:-} -jar "$JAR" "$1"
