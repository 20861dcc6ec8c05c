#!/usr/bin/env bash
# Installs the node peer's dependencies (express, pinned in package-lock.json) into ./node_modules.
# Idempotent: skips npm when node_modules already matches the lock file.
set -euo pipefail
cd "$(dirname "$0")"
command -v node >/dev/null 2>&1 || { echo "install.sh: node is not installed" >&2; exit 1; }
if [ -f package-lock.json ]; then
  # npm writes node_modules/.package-lock.json on install; if it equals the lock, we are done.
  if [ -f node_modules/.package-lock.json ] && node -e '
      const a = require("./package-lock.json").packages, b = require("./node_modules/.package-lock.json").packages;
      const strip = (p) => Object.fromEntries(Object.entries(p).filter(([k]) => k !== ""));
      process.exit(JSON.stringify(strip(a)) === JSON.stringify(b) ? 0 : 1);' 2>/dev/null; then
    echo "install.sh: node_modules up to date"
  else
    npm ci --no-audit --no-fund
  fi
else
  npm install --no-audit --no-fund
fi
node -e 'console.log("express " + require("express/package.json").version)'
