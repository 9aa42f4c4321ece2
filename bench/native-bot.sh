# Sourced by the bench scripts that drive published native bots themselves (soak.sh, websockets.sh,
# two-instances.sh): start_native_bot [SETTING=VALUE ...] starts one on a free loopback port with the bench settings
# (limits off: every client is one address), its own data folder and the given extra settings, and waits for
# /readyz; stop_native_bots stops every one started (also on exit, then runs the function named in BENCH_ON_EXIT),
# keeping the log of any that logged an error.
# Sets BOT (pid), PORT and DATA. Env: BOT_BINARY (default /tmp/bot-bench-publish-native/Bot, as bench/run.sh
# publishes it), BENCH_SEMANTIC_CACHE.
BENCH_BOTS=()
BENCH_DATA=()
stop_native_bots() {
  local pid
  for pid in "${BENCH_BOTS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${BENCH_BOTS[@]}"; do wait "$pid" 2>/dev/null || true; done
  local data
  for data in "${BENCH_DATA[@]}"; do
    if grep -qE '^(fail|crit)' "$data/bot.log" 2>/dev/null; then
      cp "$data/bot.log" "${data}.log" && echo "a bot logged errors; its log is kept at ${data}.log" >&2
    fi
  done
  rm -rf "${BENCH_DATA[@]}"
  BENCH_BOTS=()
  BENCH_DATA=()
}
start_native_bot() {
  local root bin
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  bin="${BOT_BINARY:-/tmp/bot-bench-publish-native/Bot}"
  [ -x "$bin" ] || dotnet publish "$root/src/Bot/Bot.csproj" -c Release -p:PublishAot=true -o "$(dirname "$bin")" -nologo -v q >/dev/null
  PORT=$(( 20000 + RANDOM % 30000 ))
  DATA="$(mktemp -d /tmp/bot-bench.XXXXXX)"
  (cd "$root" && exec env Urls="http://127.0.0.1:$PORT" Storage__DataPath="$DATA" Logging__LogLevel__Default=Warning \
    Knowledge__WatchForChanges=false RateLimits__Enabled=false \
    Retrieval__Semantic__CachePath="${BENCH_SEMANTIC_CACHE:-/tmp/bot-bench-data/semantic}" "$@" "$bin") >"$DATA/bot.log" 2>&1 &
  BOT=$!
  BENCH_BOTS+=("$BOT")
  BENCH_DATA+=("$DATA")
  trap 'stop_native_bots; ${BENCH_ON_EXIT:-}' EXIT
  for _ in $(seq 1 1200); do
    curl -fs "http://127.0.0.1:$PORT/readyz" >/dev/null && return 0
    sleep 0.1
  done
  echo "the bot was not ready within 120 s; its log: $DATA/bot.log" >&2
  return 1
}
