#!/usr/bin/env bash
# Usage: start.sh PORT   -- execs node, so the caller's PID is the server's (one process, one thread of JS).
set -euo pipefail
cd "$(dirname "$0")"
[ -d node_modules/express ] || { echo "start.sh: run ./install.sh first" >&2; exit 1; }
exec node server.js "$1"
