#!/usr/bin/env bash
# Workload 7: two Herald nodes on one PostgreSQL, publish-to-receive latency across nodes.
#
#   bench/cluster.sh [RESULTS_DIR]        one pass (about 3 minutes); RESULTS_DIR defaults to target/bench/results
#   QUICK=1 bench/cluster.sh              a tenth of the subscribers, to check the harness
#
# A pass starts PostgreSQL 18.6 (bench/herald/postgres.sh) and two Herald nodes in Jetty 12
# (bench/herald/jetty.sh) on it: node A on PORT+1, node B on PORT+2 (PORT=18450 by default). Then,
# each after its own warm-up (the same as run.sh's: 1,000 subscribers x 100 msg/s x 1,000 messages):
#   herald-cluster-w7.json  1,000 subscribers on node B, 200 messages of 100 bytes published to node A at 50/s
#   herald-pg-w7.json       the same with subscribers and publisher on node A (B stays up, without subscribers)
#   herald-h2-w7.json       the same on one node with the default H2 database (BASELINE=0 skips it):
#                           run.sh's w1, measured in the same pass so the three are comparable
# and cluster-env.json (date, load averages, PostgreSQL version). bench/report.py renders them.
# Everything on 127.0.0.1; every process started here is stopped at the end by its PID.
# run.sh calls it with NO_BUILD=1 after building; alone it builds the WAR and the load generator.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
results=${1:-$root/target/bench/results}
mkdir -p "$results"
results=$(cd "$results" && pwd)
work=$root/target/bench/cluster
scale=1
[ "${QUICK:-0}" = 1 ] && scale=10
subscribers=$((1000 / scale))
base=${PORT:-18450}
pg_port=$base a_port=$((base + 1)) b_port=$((base + 2)) h2_port=$((base + 3))
pids=()

log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

stop_all() {  # nodes first (SIGTERM), then PostgreSQL (SIGINT: fast shutdown); each gets 30 s
  local i p
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
    p=${pids[i]}
    if [ "$p" = "${pg_pid:-}" ]; then kill -INT "$p" 2>/dev/null || true; else kill -TERM "$p" 2>/dev/null || true; fi
    local deadline=$((SECONDS + 30))
    while kill -0 "$p" 2>/dev/null; do
      [ $SECONDS -gt $deadline ] && { log "PID $p did not stop: SIGKILL"; kill -KILL "$p" 2>/dev/null || true; break; }
      sleep 0.2
    done
    wait "$p" 2>/dev/null || true
  done
  pids=()
}
trap stop_all EXIT

if [ "${NO_BUILD:-0}" != 1 ]; then
  log "building Herald and the load generator"
  mvn -B -ntp -q package -DskipTests
  (cd bench/loadgen && mvn -B -ntp -q package -DskipTests)
fi
loadgen=(timeout 600 java -jar "$root/bench/loadgen/target/loadgen.jar")

wait_for() {  # wait_for WHAT SECONDS COMMAND...: polls COMMAND every 0.5 s
  local what=$1 deadline=$((SECONDS + $2)); shift 2
  until "$@"; do
    [ $SECONDS -gt $deadline ] && { log "$what did not start"; return 1; }
    sleep 0.5
  done
}
http_up() { [ "$(curl -s -m 2 -o /dev/null -w '%{http_code}' "http://127.0.0.1:$1/herald/api/messages?limit=1")" != 000 ]; }

start_node() {  # start_node NAME PORT [JAVA OPTIONS...]: sets $node_pid
  local name=$1 port=$2; shift 2
  HERALD_JAVA_OPTS="${HERALD_JAVA_OPTS:--Dherald.stream.heartbeat-ms=5000} $*" bench/herald/jetty.sh "$port" "$work/$name" > "$work/$name.log" 2>&1 &
  node_pid=$!
  pids+=("$node_pid")
  wait_for "node $name" 120 http_up "$port" || { tail -30 "$work/$name.log" >&2; return 1; }
}

# fanout OUT SUB_PORT PUB_PORT CHANNEL MESSAGES RATE [loadgen options...]
fanout() {
  local out=$1 sub=$2 pub=$3 channel=$4 messages=$5 rate=$6; shift 6
  "${loadgen[@]}" --mode fanout --workload w7 --subscribers "$subscribers" --messages "$messages" --rate "$rate" --size 100 \
    --sub-url "http://127.0.0.1:$sub/herald/events?channel=$channel" --pub-url "http://127.0.0.1:$pub/herald/api/messages" \
    --channel "$channel" --timeout-seconds 180 --out "$out" "$@"
}
scrape() { curl -s -m 5 "http://127.0.0.1:$1/herald/metrics" > "$results/$2.prom" || true; }
# measure NAME SUB_PORT PUB_PORT CHANNEL [loadgen options...]: the measured run, with both nodes'
# /metrics before and after it (NAME-w7.{sub,pub}-{before,after}.prom; report.py takes the append times)
measure() {
  local name=$1 sub=$2 pub=$3 channel=$4; shift 4
  scrape "$sub" "$name-w7.sub-before"; scrape "$pub" "$name-w7.pub-before"
  fanout "$results/$name-w7.json" "$sub" "$pub" "$channel" 200 50 --label "$name" "$@"
  scrape "$sub" "$name-w7.sub-after"; scrape "$pub" "$name-w7.pub-after"
}
warmup() { fanout "$work/warmup-$3.json" "$1" "$2" "warmup-$3" 1000 100 --label warmup; }
# Between runs a pause lets the nodes notice the previous run's closed connections (heartbeat 5 s).
pause() { sleep 12; }

rm -rf "$work" && mkdir -p "$work"
rm -f "$results"/herald-{cluster,pg,h2}-w7.* "$results/cluster-env.json"
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
log "w7: load average $load_start; PostgreSQL on $pg_port, node A on $a_port, node B on $b_port"

# ---- two nodes on PostgreSQL --------------------------------------------------------------------
bench/herald/postgres.sh "$pg_port" "$work/pg" > "$work/pg.log" 2>&1 &
pg_pid=$!
pids+=("$pg_pid")
wait_for PostgreSQL 60 grep -q 'ready to accept connections' "$work/pg.log" || { cat "$work/pg.log" >&2; exit 1; }
pg_version=$(sed -n 's/.*starting \(PostgreSQL [0-9.]*\).*/\1/p' "$work/pg.log" | head -1)
db=(-Dherald.db.url=jdbc:postgresql://127.0.0.1:$pg_port/postgres -Dherald.db.user=postgres)
start_node a "$a_port" "${db[@]}"; a_pid=$node_pid   # A first: it creates the tables
start_node b "$b_port" "${db[@]}"; b_pid=$node_pid
grep -q 'cluster mode' "$work/a.log" && grep -q 'cluster mode' "$work/b.log" || { log "nodes not in cluster mode"; exit 1; }

log "w7 warm-up across nodes"
warmup "$b_port" "$a_port" cross > /dev/null; pause
log "w7 across nodes: subscribers on B, publishing to A"
measure herald-cluster "$b_port" "$a_port" w7-cross \
  --server-pid "$b_pid" --pub-server-pid "$a_pid" --db-pid "$pg_pid"
pause
log "w7 warm-up on node A"
warmup "$a_port" "$a_port" same > /dev/null; pause
log "w7 on one node of the cluster: subscribers on A, publishing to A"
measure herald-pg "$a_port" "$a_port" w7-same \
  --server-pid "$a_pid" --db-pid "$pg_pid"
stop_all

# ---- the baseline: one node on H2 ---------------------------------------------------------------
if [ "${BASELINE:-1}" = 1 ]; then
  start_node h2 "$h2_port"; h2_pid=$node_pid
  log "w7 warm-up on one H2 node"
  warmup "$h2_port" "$h2_port" h2 > /dev/null; pause
  log "w7 on one node with H2"
  measure herald-h2 "$h2_port" "$h2_port" w7-h2 --server-pid "$h2_pid"
  stop_all
fi

cat > "$results/cluster-env.json" <<JSON
{"date": "$(date -u +%Y-%m-%dT%H:%M:%SZ)", "load_start": "$load_start", "load_end": "$(cut -d' ' -f1-3 /proc/loadavg)",
 "postgres": "$pg_version", "subscribers": $subscribers, "scale": $scale}
JSON
log "w7 done: $results/herald-{cluster,pg,h2}-w7.json"
