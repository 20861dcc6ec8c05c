#!/usr/bin/env bash
# Herald behind nginx and Apache httpd (issue 21): publish-to-receive latency of 100 subscribers
# x 200 messages at 50 msg/s (w1 scaled down), directly and through each proxy, plus whether a
# stream gets through gzip at all. Everything on loopback; nginx and apache2 from Debian (installed
# with apt-get when missing, as root). Results: target/bench/proxies/*.json and a summary on stdout.
#   NO_BUILD=1 bench/proxies.sh     use the target/herald.war and loadgen.jar already built
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$root/target/bench/proxies
rm -rf "$work" && mkdir -p "$work/nginx" "$work/httpd"
cd "$root"
herald_port=18500
pids=()
cleanup() { for p in "${pids[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

if [ "${NO_BUILD:-0}" != 1 ]; then
  mvn -B -ntp -q package -DskipTests
  (cd bench/loadgen && mvn -B -ntp -q package -DskipTests)
fi
if ! command -v nginx > /dev/null || ! command -v apache2 > /dev/null; then
  [ "$(id -u)" -eq 0 ] || { echo "bench/proxies.sh needs nginx and apache2: sudo apt-get install -y nginx apache2" >&2; exit 1; }
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends nginx apache2 > "$work/apt.log"
fi

bench/herald/jetty.sh $herald_port "$work/herald" > "$work/herald.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$herald_port/herald/health" > /dev/null && break; sleep 1; done

# nginx: its defaults (HTTP/1.0 to the upstream, buffering on: Herald's X-Accel-Buffering: no turns
# it off per response), the same with gzip for text/event-stream, and docs/deploy-tomcat.md's setup.
cat > "$work/nginx/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $work/nginx/body;
  proxy_temp_path $work/nginx/proxy;
  fastcgi_temp_path $work/nginx/fastcgi;
  uwsgi_temp_path $work/nginx/uwsgi;
  scgi_temp_path $work/nginx/scgi;
  server { listen 127.0.0.1:18501; location /herald/ { proxy_pass http://127.0.0.1:$herald_port; } }
  server { listen 127.0.0.1:18502; gzip on; gzip_types text/event-stream;
           location /herald/ { proxy_pass http://127.0.0.1:$herald_port; } }
  server { listen 127.0.0.1:18503;
           location /herald/ { proxy_pass http://127.0.0.1:$herald_port; proxy_http_version 1.1;
                               proxy_set_header Connection ""; proxy_buffering off; proxy_read_timeout 1h; } }
}
CONF
nginx -c "$work/nginx/nginx.conf" > "$work/nginx/stdout.log" 2>&1 &
pids+=($!)

# Apache httpd 2.4, event MPM: a bare ProxyPass, the same with mod_deflate on text/event-stream,
# and docs/deploy-tomcat.md's ProxyPass (flushpackets=on).
mods=/usr/lib/apache2/modules
cat > "$work/httpd/httpd.conf" <<CONF
ServerName 127.0.0.1
PidFile $work/httpd/httpd.pid
ErrorLog $work/httpd/error.log
User www-data
Group www-data
LoadModule mpm_event_module $mods/mod_mpm_event.so
LoadModule authz_core_module $mods/mod_authz_core.so
LoadModule proxy_module $mods/mod_proxy.so
LoadModule proxy_http_module $mods/mod_proxy_http.so
LoadModule filter_module $mods/mod_filter.so
LoadModule deflate_module $mods/mod_deflate.so
Listen 127.0.0.1:18504
Listen 127.0.0.1:18505
Listen 127.0.0.1:18506
<VirtualHost 127.0.0.1:18504>
  ProxyPass /herald/ http://127.0.0.1:$herald_port/herald/
</VirtualHost>
<VirtualHost 127.0.0.1:18505>
  ProxyPass /herald/ http://127.0.0.1:$herald_port/herald/
  AddOutputFilterByType DEFLATE text/event-stream
</VirtualHost>
<VirtualHost 127.0.0.1:18506>
  ProxyPass /herald/ http://127.0.0.1:$herald_port/herald/ flushpackets=on timeout=3600
</VirtualHost>
CONF
apache2 -f "$work/httpd/httpd.conf" -DFOREGROUND > "$work/httpd/stdout.log" 2>&1 &
pids+=($!)
sleep 2

# Does a message reach a gzip-accepting client (as every browser is) within 5 s?
through_gzip() {
  local port=$1 out=$work/gzip-$1.txt
  curl -sN --compressed --max-time 8 "http://127.0.0.1:$port/herald/events?channel=gz$port" > "$out" &
  local c=$!
  sleep 1
  curl -fs -X POST -H 'Content-Type: application/json' -d "{\"channel\":\"gz$port\",\"data\":\"through\"}" \
    "http://127.0.0.1:$herald_port/herald/api/messages" > /dev/null
  local start=$(date +%s%N) got=no
  while [ $(( ($(date +%s%N) - start) / 1000000 )) -lt 5000 ]; do
    if grep -q "data: through" "$out" 2>/dev/null; then got="yes, in $(( ($(date +%s%N) - start) / 1000000 )) ms"; break; fi
    sleep 0.05
  done
  kill $c 2>/dev/null || true
  echo "$got"
}

loadgen="java -jar $root/bench/loadgen/target/loadgen.jar"
run() {
  local name=$1 port=$2
  log "$name"
  $loadgen --mode fanout --subscribers 100 --rate 50 --messages 200 --warmup-messages 200 \
    --sub-url "http://127.0.0.1:$port/herald/events?channel=bench-$name" \
    --pub-url "http://127.0.0.1:$herald_port/herald/api/messages" --channel "bench-$name" \
    --label "$name" --workload proxies --out "$work/$name.json"
}
run direct $herald_port
run nginx-default 18501
run nginx-recommended 18503
run apache-default 18504
run apache-recommended 18506
echo "gzip through nginx (gzip on, gzip_types text/event-stream): $(through_gzip 18502)"
echo "gzip through Apache (mod_deflate on text/event-stream): $(through_gzip 18505)"
echo "no gzip, nginx defaults: $(through_gzip 18501)"
echo "no gzip, Apache ProxyPass: $(through_gzip 18504)"
