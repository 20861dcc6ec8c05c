#!/usr/bin/env bash
# Run by `mvn verify` (exec-maven-plugin, phase process-test-classes) before the tests: makes sure
# this machine has what the tests use beyond JDK and Maven, or stops the build with one message.
#   - Debian's chromium and chromium-driver (the browser tests; never downloaded by the tests)
#   - iproute2's `ip netns`, and root to use it (HalfOpenTest's network namespace)
#   - Node.js (ThirdPartyClientsTest runs npm's eventsource package, which comes as a WebJar)
# As root it installs what is missing with apt-get; otherwise it names the command to run.
# The embedded PostgreSQL comes from a Maven artifact and needs nothing here.
set -uo pipefail
CHROMIUM=${HERALD_CHROMIUM:-/usr/bin/chromium}
CHROMEDRIVER=${HERALD_CHROMEDRIVER:-/usr/bin/chromedriver}

missing=()
[ -x "$CHROMIUM" ] || missing+=(chromium)
[ -x "$CHROMEDRIVER" ] || missing+=(chromium-driver)
command -v ip > /dev/null || [ -x /usr/sbin/ip ] || [ -x /sbin/ip ] || missing+=(iproute2)
command -v node > /dev/null || missing+=(nodejs)

stop() {
  echo "" >&2
  echo "[herald] The tests cannot run on this machine: $1" >&2
  echo "[herald] $2" >&2
  echo "" >&2
  exit 1
}

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    stop "they need ${missing[*]}." "Run: sudo apt-get install -y ${missing[*]}   (or run mvn verify as root, which installs them), then mvn verify again."
  fi
  if ! command -v apt-get > /dev/null; then
    stop "they need ${missing[*]}, and this machine has no apt-get." "Install Chromium and its chromedriver at $CHROMIUM and $CHROMEDRIVER, iproute2 and Node.js, then mvn verify again."
  fi
  echo "[herald] installing ${missing[*]} for the tests (apt-get)"
  apt-get update -q || stop "apt-get update failed." "Run: apt-get update && apt-get install -y ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" \
    || stop "apt-get install ${missing[*]} failed." "Run: apt-get install -y ${missing[*]}"
fi

[ "$(id -u)" -eq 0 ] || stop "HalfOpenTest makes a network namespace (ip netns), which needs root." \
  "Run mvn verify as root (as CI does)."
exit 0
