#!/usr/bin/env bash
# usage: scripts/services.sh install|up|down
# Throwaway services for the tests, loopback only: PostgreSQL on 55432, maildev (SMTP 1025, HTTP 1080), Redis on 56379.
# install also brings nginx, which is not a service here: the tests run it themselves on free ports.
# Idempotent: "up" reuses services that already answer, and "down" stops only what "up" started
# under the same BOT_SERVICES_OWNER, so two runs side by side do not pull services from under each other.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUN=${BOT_RUN_DIR:-/tmp/bot-test}
OWNER=${BOT_SERVICES_OWNER:-manual}
PG_PORT=55432
REDIS_PORT=56379
if [ "$(id -u)" = 0 ]; then AS=(runuser -u postgres --); else AS=(); fi

wait_for() { local what=$1; shift; for _ in $(seq 1 150); do if "$@" >/dev/null 2>&1; then return 0; fi; sleep 0.1; done; echo "$what not ready" >&2; return 1; }

install() {
  local need=()
  [ -x /usr/lib/postgresql/15/bin/initdb ] || need+=(postgresql postgresql-15)
  command -v chromium >/dev/null || need+=(chromium)
  command -v wrk >/dev/null || need+=(wrk)
  command -v curl >/dev/null || need+=(curl)
  # nginx for the tests of several instances behind it (deploy/nginx); the tests start and stop their own copy, and
  # with no init system here the package's own service is not started (policy-rc.d denies it).
  command -v nginx >/dev/null || need+=(nginx-light)
  # Redis for the tests of ConnectionStrings:Redis (news between instances, shared rate limits); like nginx, the
  # package's own service is not started here, so up runs a throwaway copy.
  command -v redis-server >/dev/null || need+=(redis-server)
  command -v openssl >/dev/null || need+=(openssl)
  if [ ${#need[@]} -gt 0 ]; then
    echo "installing ${need[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
    # Where systemd runs, the package starts nginx on port 80: the tests want no system nginx.
    if [[ " ${need[*]} " == *" nginx-light "* ]] && [ -d /run/systemd/system ]; then systemctl disable --now nginx >/dev/null 2>&1 || true; fi
  fi
  if [ ! -x "$ROOT/tools/node_modules/.bin/maildev" ]; then
    (cd "$ROOT/tools" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

up() {
  mkdir -p "$RUN"
  local PGBIN; PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  if ! "$PGBIN/pg_isready" -q -h 127.0.0.1 -p $PG_PORT; then
    rm -rf "$RUN/pg"; mkdir -p "$RUN/pg"; [ "$(id -u)" = 0 ] && chown postgres:postgres "$RUN" "$RUN/pg"
    echo postgres > "$RUN/pgpw"; [ "$(id -u)" = 0 ] && chown postgres "$RUN/pgpw"
    "${AS[@]}" "$PGBIN/initdb" -D "$RUN/pg" -U postgres --pwfile="$RUN/pgpw" -A scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null
    "${AS[@]}" "$PGBIN/pg_ctl" -D "$RUN/pg" -l "$RUN/pg/server.log" -w -t 30 \
      -o "-p $PG_PORT -k $RUN/pg -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" start >/dev/null
    wait_for postgres "$PGBIN/pg_isready" -h 127.0.0.1 -p $PG_PORT
    PGPASSWORD=postgres psql -q -h 127.0.0.1 -p $PG_PORT -U postgres -v ON_ERROR_STOP=1 \
      -c "CREATE ROLE app LOGIN CREATEDB PASSWORD 'app_pw';" -c "CREATE DATABASE appdb OWNER app;"
    echo "$OWNER" >"$RUN/pg.owner"
  fi
  if ! curl -sf http://127.0.0.1:1080/api/healthz >/dev/null 2>&1; then
    nohup "$ROOT/tools/node_modules/.bin/maildev" --ip 127.0.0.1 -s 1025 --web-ip 127.0.0.1 -w 1080 >"$RUN/maildev.log" 2>&1 &
    echo $! >"$RUN/maildev.pid"
    echo "$OWNER" >"$RUN/maildev.owner"
    wait_for maildev curl -sf http://127.0.0.1:1080/api/healthz
  fi
  if [ "$(redis-cli -p $REDIS_PORT ping 2>/dev/null)" != PONG ]; then
    # Nothing kept on disk: each run starts from an empty Redis.
    rm -rf "$RUN/redis"; mkdir -p "$RUN/redis"
    redis-server --port $REDIS_PORT --bind 127.0.0.1 --daemonize yes --pidfile "$RUN/redis/redis.pid" \
      --logfile "$RUN/redis/redis.log" --dir "$RUN/redis" --save '' --appendonly no
    echo "$OWNER" >"$RUN/redis.owner"
    wait_for redis bash -c "[ \"\$(redis-cli -p $REDIS_PORT ping)\" = PONG ]"
  fi
}

down() {
  local PGBIN; PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  if [ -f "$RUN/redis/redis.pid" ] && [ "$(cat "$RUN/redis.owner" 2>/dev/null)" = "$OWNER" ]; then
    redis-cli -p $REDIS_PORT shutdown nosave >/dev/null 2>&1 || kill "$(cat "$RUN/redis/redis.pid")" 2>/dev/null || true
    rm -f "$RUN/redis.owner"
  fi
  if [ -f "$RUN/maildev.pid" ] && [ "$(cat "$RUN/maildev.owner" 2>/dev/null)" = "$OWNER" ]; then
    kill "$(cat "$RUN/maildev.pid")" 2>/dev/null || true; rm -f "$RUN/maildev.pid" "$RUN/maildev.owner"
  fi
  if [ -f "$RUN/pg/postmaster.pid" ] && [ "$(cat "$RUN/pg.owner" 2>/dev/null)" = "$OWNER" ]; then
    "${AS[@]}" "$PGBIN/pg_ctl" -D "$RUN/pg" -m fast -w stop >/dev/null || true; rm -f "$RUN/pg.owner"
  fi
}

"$@"
