#!/usr/bin/env bash
# Builds target/jetty-eventsource-peer.jar (one runnable jar with Jetty 12.1.8 inside).
set -euo pipefail
cd "$(dirname "$0")"
mvn -B -ntp package "$@"
ls -l target/jetty-eventsource-peer.jar
