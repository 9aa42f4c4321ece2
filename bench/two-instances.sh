#!/usr/bin/env bash
# Two instances behind nginx against one (issue 17 part 4): the published native bot on a shared PostgreSQL
# (Storage:Provider=PostgreSql), behind Debian's nginx running deploy/nginx/clinic-bot.conf as shipped (TLS on
# loopback with a throwaway certificate), loaded by wrk with the peer's bench.lua (expectReplies, a new
# conversation per request) and the blind load questions. Per round, interleaved: one instance without nginx,
# one behind nginx, two behind nginx (round-robin); each variant on a fresh database and fresh instances.
# Lucene only, as the other bench figures. Loopback only; bounded by `timeout`.
# usage: bench/two-instances.sh   (env: BOT_BINARY, ROUNDS=3, DURATION=20, BENCH_PG_URL, default the test services')
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PEER="${PEER_DIR:-$ROOT/../shared/peer}"
ROUNDS="${ROUNDS:-3}"
DURATION="${DURATION:-20}"
PG_URL="${BENCH_PG_URL:-postgresql://app:app_pw@127.0.0.1:55432/appdb}"
export BENCH_QUESTIONS="${BENCH_QUESTIONS-$ROOT/bench/load-questions.txt}"
source "$ROOT/bench/native-bot.sh"

NGINX_DIR="$(mktemp -d /tmp/bot-bench-nginx.XXXXXX)"
NGINX_PID=""
DATABASES=()
stop_nginx() { [ -z "$NGINX_PID" ] || { kill "$NGINX_PID" 2>/dev/null; wait "$NGINX_PID" 2>/dev/null || true; }; NGINX_PID=""; }
clean_up() {
  stop_nginx
  rm -rf "$NGINX_DIR"
  local name
  for name in "${DATABASES[@]}"; do psql -q "$PG_URL" -c "DROP DATABASE IF EXISTS $name" >/dev/null 2>&1 || true; done
}
# start_native_bot sets the exit trap; it runs this after stopping the bots.
BENCH_ON_EXIT=clean_up
trap 'stop_native_bots; clean_up' EXIT
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 \
  -keyout "$NGINX_DIR/key.pem" -out "$NGINX_DIR/cert.pem" 2>/dev/null
mkdir -p "$NGINX_DIR/clinic-bot" "$NGINX_DIR/temp"

# nginx in the foreground on a free port, in front of the given instance ports (the three per-machine includes
# and the main nginx.conf are written here, as an operator would; the site file is used as shipped).
start_nginx() {
  HTTPS_PORT=$(( 20000 + RANDOM % 30000 ))
  printf 'server 127.0.0.1:%s max_fails=1 fail_timeout=10s;\n' "$@" >"$NGINX_DIR/clinic-bot/upstreams.conf"
  printf 'listen 127.0.0.1:%s ssl;\nserver_name 127.0.0.1;\nssl_certificate %s/cert.pem;\nssl_certificate_key %s/key.pem;\n' \
    "$HTTPS_PORT" "$NGINX_DIR" "$NGINX_DIR" >"$NGINX_DIR/clinic-bot/tls.conf"
  printf 'listen 127.0.0.1:%s;\nserver_name 127.0.0.1;\n' "$(( HTTPS_PORT + 1 ))" >"$NGINX_DIR/clinic-bot/http.conf"
  cat >"$NGINX_DIR/nginx.conf" <<EOF
daemon off;
worker_processes 1;
pid $NGINX_DIR/nginx.pid;
error_log $NGINX_DIR/error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $NGINX_DIR/temp/body;
    proxy_temp_path $NGINX_DIR/temp/proxy;
    fastcgi_temp_path $NGINX_DIR/temp/fastcgi;
    uwsgi_temp_path $NGINX_DIR/temp/uwsgi;
    scgi_temp_path $NGINX_DIR/temp/scgi;
    include $ROOT/deploy/nginx/clinic-bot.conf;
}
EOF
  nginx -p "$NGINX_DIR" -c "$NGINX_DIR/nginx.conf" -e "$NGINX_DIR/error.log" &
  NGINX_PID=$!
  for _ in $(seq 1 100); do (exec 3<>"/dev/tcp/127.0.0.1/$HTTPS_PORT") 2>/dev/null && return 0; sleep 0.1; done
  echo "nginx did not listen; its log:" >&2; cat "$NGINX_DIR/error.log" >&2; return 1
}

# Sets DB (a connection string for the bot) to a new, empty database.
fresh_database() {
  local name="bench_$(date +%s)_$RANDOM"
  psql -q "$PG_URL" -c "CREATE DATABASE $name" >/dev/null
  DATABASES+=("$name")
  DB=$(echo "${PG_URL%/*}/$name" | sed -E 's|postgresql://([^:]+):([^@]+)@([^:/]+):([0-9]+)/(.*)|Host=\3;Port=\4;Username=\1;Password=\2;Database=\5|')
}

instance() {
  start_native_bot Storage__Provider=PostgreSql "ConnectionStrings__Bot=$1" Retrieval__Semantic__Enabled=false
}

# wrk with the peer's script, as bench.sh runs it (bench.sh itself takes plain http only): rps, p50, p99, errors.
load() {
  local url="$1" out line
  timeout 60 wrk -t2 -c8 -d5s --timeout 5s -s "$PEER/bench.lua" "$url/api/messages" >/dev/null 2>&1
  out="$(timeout $(( DURATION + 60 )) wrk -t2 -c8 -d"${DURATION}s" --timeout 5s -s "$PEER/bench.lua" "$url/api/messages" 2>&1)"
  line="$(grep '^BENCH ' <<<"$out")" || { echo "wrk gave no summary:" >&2; echo "$out" >&2; return 1; }
  echo "${line#BENCH }" | awk '{ for (i = 1; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] } printf "%8.0f req/s  p50 %6.2f ms  p99 %6.2f ms  errors %d", v["rps"], v["p50_ms"], v["p99_ms"], v["non2xx"] + v["noactivities"] + v["sockerr"] }'
}

echo "wrk -t2 -c8 -d${DURATION}s after 5 s warm-up; $(nproc) cores shared by wrk, nginx, PostgreSQL and the bot(s); $(date -u +%FT%TZ)"
for round in $(seq 1 "$ROUNDS"); do
  fresh_database; instance "$DB"
  echo "round $round  one instance, direct      $(load "http://127.0.0.1:$PORT")"
  stop_native_bots

  fresh_database; instance "$DB"
  start_nginx "$PORT"
  echo "round $round  one instance, nginx       $(load "https://127.0.0.1:$HTTPS_PORT")"
  stop_nginx; stop_native_bots

  fresh_database
  instance "$DB"; first=$PORT
  instance "$DB"; second=$PORT
  start_nginx "$first" "$second"
  echo "round $round  two instances, nginx      $(load "https://127.0.0.1:$HTTPS_PORT")"
  stop_nginx; stop_native_bots
done
