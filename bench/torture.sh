#!/usr/bin/env bash
# The long torture run of issue 17: TortureIT with many cycles on every container and database.
#   CYCLES=200 TARGETS=tomcat-h2,jetty-h2,tomcat-postgresql,jetty-postgresql LOAD_STREAMS=1500 bench/torture.sh
# A round ends after a random 300-1,500 acknowledged publishes (a few seconds, as in the report of
# issue 17); with 1,500 competing streams a Tomcat+H2 cycle takes about 27 s on 2 cores. Results are appended to
# target/it/torture-report.txt (one line per target), and one line per round, as it ends, to
# target/it/torture-rounds.txt (a run cut short keeps the rounds it finished); copy them into docs/reliability.md.
set -euo pipefail
cd "$(dirname "$0")/.."
CYCLES=${CYCLES:-200}
TARGETS=${TARGETS:-tomcat-h2,jetty-h2,tomcat-postgresql,jetty-postgresql}
LOAD_STREAMS=${LOAD_STREAMS:-1500}
mvn -B -ntp verify -Dtest=None -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=TortureIT \
  -Dherald.torture.cycles="$CYCLES" -Dherald.torture.targets="$TARGETS" \
  -Dherald.torture.load-streams="$LOAD_STREAMS" -Dherald.torture.min-acks="${MIN_ACKS:-300}" \
  -Dherald.torture.max-acks="${MAX_ACKS:-1500}" \
  -Dfailsafe.timeout=0 "$@"
cat target/it/torture-report.txt
