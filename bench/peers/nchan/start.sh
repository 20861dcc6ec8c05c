#!/usr/bin/env bash
# Usage: start.sh PORT PREFIXDIR
# Renders nginx.conf.template into PREFIXDIR/nginx.conf and execs nginx in the foreground, so the
# caller's PID is the nginx master. The master only supervises; the single worker serves every
# connection, so measure CPU/RSS of the worker:  pgrep -P <master pid>   (or the PID in
# PREFIXDIR/logs/nginx.pid is the master; its one child is the worker).
# Stop with SIGTERM (fast) or SIGQUIT (graceful) to the master PID.
set -euo pipefail

if [ "$#" -ne 2 ]; then
  echo "usage: $0 PORT PREFIXDIR" >&2
  exit 2
fi
PORT="$1"
PREFIX="$2"
case "$PORT" in
  ''|*[!0-9]*) echo "start.sh: PORT must be a number, got '$PORT'" >&2; exit 2 ;;
esac

HERE="$(cd "$(dirname "$0")" && pwd)"
command -v nginx >/dev/null 2>&1 || { echo "start.sh: nginx not installed; run $HERE/install.sh" >&2; exit 1; }
[ -f /usr/lib/nginx/modules/ngx_nchan_module.so ] || { echo "start.sh: nchan module missing; run $HERE/install.sh" >&2; exit 1; }

mkdir -p "$PREFIX/logs" "$PREFIX/temp"
PREFIX="$(cd "$PREFIX" && pwd)"
sed "s/@PORT@/$PORT/g" "$HERE/nginx.conf.template" > "$PREFIX/nginx.conf"

# nginx wants the prefix with a trailing slash.
exec nginx -c "$PREFIX/nginx.conf" -p "$PREFIX/"
