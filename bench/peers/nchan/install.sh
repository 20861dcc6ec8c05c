#!/usr/bin/env bash
# Installs nginx + the nchan module from Debian (bookworm: nginx 1.22.1, nchan 1.3.6).
# Idempotent: does nothing when both packages are already installed.
# Never leaves the distro's own nginx service running on port 80: the benchmark runs its own
# nginx (see start.sh) with a standalone config.
set -euo pipefail

PKGS=(nginx libnginx-mod-nchan)
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"

is_installed() {
  dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null | grep -qx installed
}

missing=()
for p in "${PKGS[@]}"; do
  is_installed "$p" || missing+=("$p")
done

if [ "${#missing[@]}" -gt 0 ]; then
  # Keep apt from starting the nginx service during the install, when no policy is set already.
  # (Docker-style images usually have one that answers 101 = "action forbidden".)
  created_policy=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null
    $SUDO chmod 755 /usr/sbin/policy-rc.d
    created_policy=1
  fi
  cleanup() { [ -z "$created_policy" ] || $SUDO rm -f /usr/sbin/policy-rc.d; }
  trap cleanup EXIT

  echo "install.sh: installing ${missing[*]}"
  # Package lists are needed once on a fresh machine; refresh them if apt cannot see nginx.
  if ! apt-cache show libnginx-mod-nchan >/dev/null 2>&1; then
    $SUDO apt-get update
  fi
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
  cleanup
  trap - EXIT
else
  echo "install.sh: nginx and libnginx-mod-nchan already installed"
fi

# If the distro's service got started anyway (or was running before), stop it: it listens on :80.
if [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then
  if systemctl is-active --quiet nginx 2>/dev/null; then
    echo "install.sh: stopping the system nginx service"
    $SUDO systemctl stop nginx || true
  fi
elif [ -s /run/nginx.pid ] && kill -0 "$(cat /run/nginx.pid)" 2>/dev/null; then
  echo "install.sh: stopping the system nginx (pid $(cat /run/nginx.pid))"
  if command -v service >/dev/null 2>&1; then
    $SUDO service nginx stop || $SUDO kill "$(cat /run/nginx.pid)" || true
  else
    $SUDO kill "$(cat /run/nginx.pid)" || true
  fi
fi

test -f /usr/lib/nginx/modules/ngx_nchan_module.so || {
  echo "install.sh: /usr/lib/nginx/modules/ngx_nchan_module.so not found" >&2
  exit 1
}
nginx -v
