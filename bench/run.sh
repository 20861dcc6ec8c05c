#!/usr/bin/env bash
# Herald's benchmarks in one run: builds Herald, its load generator and the peers, runs every
# workload against every server on loopback, and writes docs/BENCHMARKS.md (+ docs/bench-p99.svg).
#
#   bench/run.sh                 the full run (about 30 minutes on 2 cores)
#   QUICK=1 bench/run.sh         the same matrix at a tenth of the subscribers, to check the harness
#   SERVERS="herald-jetty nchan" WORKLOADS="w1 w2" bench/run.sh    a subset
#   SERVERS="herald-jetty herald-tomcat" WORKLOADS="w8" bench/run.sh  only batch publishing (~4 minutes)
#   NO_BUILD=1 ...               use the target/herald.war and loadgen.jar already built
#   W8_PUBLISHERS=8 W8_BATCH=100 workload 8's publishers and messages per request (the defaults)
#   SERVERS="herald-jetty herald-tomcat" WORKLOADS="w6 w6k w8 w8k" bench/run.sh
#                                what idempotency keys cost: w6k is w6 and w8k is w8 with --idempotency-keys
#                                (every message a unique key: the Idempotency-Key header of a single publish,
#                                the "idempotencyKey" field of each batch element). Not in the default list:
#                                they run only when named in WORKLOADS; name them with w6 / w8 to compare.
#   bench/cluster.sh             only the two-node workload (w7) into target/bench/results; then
#                                `python3 bench/report.py --w7-section target/bench/results` prints its section
#
# herald-cluster is not one server: bench/cluster.sh starts PostgreSQL and two Herald nodes on it
# and runs workload 7 (publish-to-receive across nodes), the only workload it takes.
#
# Not part of `mvn verify`. Needs root for apt (nginx, nchan) and the npm registry for express.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$root/target/bench
results=$work/results
mkdir -p "$results"
cd "$root"

scale=1
[ "${QUICK:-0}" = 1 ] && scale=10
servers=${SERVERS:-"herald-jetty herald-tomcat nchan node jetty-es herald-cluster"}
workloads=${WORKLOADS:-"w1 w2 w3 w4 w5 w6 w7 w8"}
w8_publishers=${W8_PUBLISHERS:-8}
w8_batch=${W8_BATCH:-100}
port=18400
pids=()

cleanup() {
  for p in "${pids[@]:-}"; do
    [ -n "$p" ] && kill "$p" 2>/dev/null || true
  done
}
trap cleanup EXIT

log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# ---- build and install -------------------------------------------------------------------------
if [ "${NO_BUILD:-0}" != 1 ]; then
  log "building Herald, the load generator and the peers"
  mvn -B -ntp -q package -DskipTests
  (cd bench/loadgen && mvn -B -ntp -q package -DskipTests)
fi
has() { [[ " $servers " == *" $1 "* ]]; }
if has nchan; then bench/peers/nchan/install.sh; fi
if has node; then bench/peers/node/install.sh; fi
if has jetty-es; then bench/peers/jetty-eventsource/build.sh; fi
loadgen="java -jar $root/bench/loadgen/target/loadgen.jar"

# ---- servers -----------------------------------------------------------------------------------
# start_server NAME: starts it on $port, sets $server_pid (the process doing the work), $sub_url,
# $pub_url, $pub_format, $catchup_from (the Last-Event-ID that asks for everything; empty: no history).
start_server() {
  local name=$1 dir=$work/run/$1
  rm -rf "$dir"; mkdir -p "$dir"
  local ready
  case $name in
    herald-jetty|herald-tomcat)
      bench/herald/${name#herald-}.sh "$port" "$dir" > "$dir/server.log" 2>&1 &
      server_pid=$!
      sub_url="http://127.0.0.1:$port/herald/events?channel=@CH@"
      pub_url="http://127.0.0.1:$port/herald/api/messages"
      pub_format=herald; catchup_from=0; ready="http://127.0.0.1:$port/herald/api/messages?limit=1" ;;
    nchan)
      bench/peers/nchan/start.sh "$port" "$dir" > "$dir/server.log" 2>&1 &
      local master=$!
      pids+=("$master")
      sub_url="http://127.0.0.1:$port/sub?id=@CH@"
      pub_url="http://127.0.0.1:$port/pub?id=@CH@"
      # nchan's ids are "<seconds>:<n>"; "0:0" asks for its whole buffer.
      pub_format=raw; catchup_from=0:0; ready="http://127.0.0.1:$port/pub?id=ready" ;;
    node)
      bench/peers/node/start.sh "$port" > "$dir/server.log" 2>&1 &
      server_pid=$!
      sub_url="http://127.0.0.1:$port/connect"; pub_url="http://127.0.0.1:$port/message"
      pub_format=raw; catchup_from=""; ready="http://127.0.0.1:$port/message" ;;
    jetty-es)
      bench/peers/jetty-eventsource/start.sh "$port" > "$dir/server.log" 2>&1 &
      server_pid=$!
      sub_url="http://127.0.0.1:$port/events"; pub_url="http://127.0.0.1:$port/publish"
      pub_format=raw; catchup_from=""; ready="http://127.0.0.1:$port/publish" ;;
  esac
  local deadline=$((SECONDS + 120))
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "$ready" 2>/dev/null)" != 000 ]; do
    [ $SECONDS -gt $deadline ] && { log "$name did not start"; cat "$dir/server.log" >&2; exit 1; }
    sleep 0.5
  done
  if [ "$name" = nchan ]; then
    server_pid=$(pgrep -P "$master" | head -1)   # the single worker does the work
  fi
  pids+=("$server_pid")
}

stop_server() {
  cleanup
  for p in "${pids[@]:-}"; do
    [ -n "$p" ] && wait "$p" 2>/dev/null || true
  done
  pids=()
}

is_java() { [ "$(cat /proc/"$1"/comm 2>/dev/null)" = java ]; }

# Live heap after a full GC, in KiB (JVM servers only).
live_heap_kib() {
  jcmd "$1" GC.run > /dev/null
  jcmd "$1" GC.heap_info | awk '/used/ { for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i + 1); sub(/K,?/, "", v); print v; exit } }'
}

# ---- workloads ---------------------------------------------------------------------------------
run() {  # run SERVER WORKLOAD — each workload on its own channel (node and the Jetty servlet have just one)
  local server=$1 w=$2 out=$results/$1-$2.json
  local common=(--sub-url "${sub_url//@CH@/$w}" --pub-url "${pub_url//@CH@/$w}" --publish-format "$pub_format"
                --channel "$w" --server-pid "$server_pid" --label "$server" --size 100 --timeout-seconds 180 --out "$out")
  case $w in
    # Not reported: brings every server to its steady state (JIT, pools, caches) before it is measured.
    warmup) $loadgen --mode fanout --subscribers $((1000 / scale)) --rate 100 --messages 1000 "${common[@]}" ;;
    # 50 uncounted warm-up messages first, for every server alike (JIT, connection pools).
    w1) $loadgen --mode fanout --subscribers $((1000 / scale)) --rate 50 --messages 200 "${common[@]}" ;;
    w2) $loadgen --mode fanout --subscribers $((10000 / scale)) --rate 5 --messages 200 "${common[@]}" ;;
    w3) $loadgen --mode fanout --subscribers $((10000 / scale)) --rate 10 --messages 200 "${common[@]}" ;;
    w4)
      local n=$((19000 / scale)) before=""
      is_java "$server_pid" && before=$(live_heap_kib "$server_pid")
      $loadgen --mode idle --subscribers "$n" --hold-seconds 30 "${common[@]}" > "$work/idle.out" &
      local gen=$!
      local deadline=$((SECONDS + 240))
      until grep -q READY "$work/idle.out"; do
        [ $SECONDS -gt $deadline ] && { log "idle subscribers not ready"; break; }
        kill -0 "$gen" 2>/dev/null || break
        sleep 1
      done
      if is_java "$server_pid" && [ -n "$before" ]; then
        local after; after=$(live_heap_kib "$server_pid")
        echo "{\"server\":\"$server\",\"subscribers\":$n,\"heap_kib_before\":$before,\"heap_kib_after\":$after}" > "$results/$server-w4-heap.json"
      fi
      wait "$gen" || true ;;
    # Only servers that keep history can serve a catch-up (node and the Jetty servlet keep none).
    w5) if [ -n "$catchup_from" ]; then
          $loadgen --mode catchup --subscribers $((1000 / scale)) --messages 200 --last-event-id "$catchup_from" "${common[@]}"
        fi ;;
    # w5 through a pattern (Herald only): the same catch-up, its messages on w5p/a, its subscribers on
    # channel=w5p/*; the catch-up reads the id range filtered by prefix instead of one channel's index.
    w5p) if [ "$pub_format" = herald ]; then
          $loadgen --mode catchup --subscribers $((1000 / scale)) --messages 200 --last-event-id "$catchup_from" \
            "${common[@]}" --sub-url "${sub_url//@CH@/w5p/*}" --channel w5p/a
        fi ;;
    # Only Herald stores what it accepts; the peers' publish is not comparable.
    w6) if [ "$pub_format" = herald ]; then
          $loadgen --mode publish --publishers 32 --duration-seconds 15 "${common[@]}"
        fi ;;
    # Batch publish: each request one JSON array of $w8_batch messages (Herald's batch API; the peers
    # and the two-node setup have none), back to back on keep-alive connections. The generator counts
    # the messages each 201 confirms: messages_per_sec besides publish_per_sec (requests).
    w8) if [ "$pub_format" = herald ]; then
          $loadgen --mode publish --workload w8 --publishers "$w8_publishers" --batch "$w8_batch" --duration-seconds 15 "${common[@]}"
        fi ;;
    # w6 and w8 with a unique idempotency key on every message ("<run>-<publisher>-<seq>", <run> random
    # per loadgen process, so no rerun replays an earlier one's): what Herald's key check and storage cost.
    w6k) if [ "$pub_format" = herald ]; then
          $loadgen --mode publish --workload w6k --publishers 32 --duration-seconds 15 --idempotency-keys "${common[@]}"
        fi ;;
    w8k) if [ "$pub_format" = herald ]; then
          $loadgen --mode publish --workload w8k --publishers "$w8_publishers" --batch "$w8_batch" --duration-seconds 15 \
            --idempotency-keys "${common[@]}"
        fi ;;
  esac
}

# One warm server per peer for everything but the idle-memory workload, which gets a fresh one.
# Between workloads a pause lets every server notice the previous run's closed connections
# (Herald's heartbeat is set to 5 s for the benchmark, HERALD_JAVA_OPTS).
export HERALD_JAVA_OPTS="${HERALD_JAVA_OPTS:--Dherald.stream.heartbeat-ms=5000}"
for server in $servers; do
  if [ "$server" = herald-cluster ]; then
    if [[ " $workloads " == *" w7 "* ]]; then   # its own warm-up, nodes and PIDs
      log "herald-cluster w7"
      QUICK=$([ "$scale" = 1 ] && echo 0 || echo 1) NO_BUILD=1 bench/cluster.sh "$results" || log "herald-cluster w7 failed"
    fi
    continue
  fi
  start_server "$server"
  for w in warmup $workloads; do
    [ "$w" = w4 ] || [ "$w" = w7 ] && continue
    log "$server $w"
    run "$server" "$w" || log "$server $w failed"
    sleep 12
  done
  stop_server
  if [[ " $workloads " == *" w4 "* ]]; then
    log "$server w4"
    start_server "$server"
    run "$server" w4 || log "$server w4 failed"
    stop_server
  fi
done
rm -f "$results"/*-warmup.json

# ---- report ------------------------------------------------------------------------------------
python3 bench/report.py "$results" "$root/docs" --scale "$scale"
log "wrote docs/BENCHMARKS.md"
