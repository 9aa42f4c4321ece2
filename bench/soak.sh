#!/usr/bin/env bash
# A 10-minute soak at steady load (issue 17 part 4): the published native bot in its default configuration
# (hybrid retrieval, embedded storage), the blind load questions from wrk at 8 connections, five 2-minute
# segments back to back after a warm-up; after each segment the bot's RSS, and the segment's turns/s, p99 and
# errors (non-2xx, replies without activities, socket errors). Loopback only; bounded by `timeout`.
# usage: bench/soak.sh   (env: BOT_BINARY, default /tmp/bot-bench-publish-native/Bot from bench/run.sh; SEGMENTS=5)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PEER="${PEER_DIR:-$ROOT/../shared/peer}"
BIN="${BOT_BINARY:-/tmp/bot-bench-publish-native/Bot}"
SEGMENTS="${SEGMENTS:-5}"
[ -x "$BIN" ] || dotnet publish "$ROOT/src/Bot/Bot.csproj" -c Release -p:PublishAot=true -o "$(dirname "$BIN")" -nologo -v q >/dev/null
export BENCH_QUESTIONS="${BENCH_QUESTIONS-$ROOT/bench/load-questions.txt}"
PORT=$(( 20000 + RANDOM % 30000 ))
DATA="$(mktemp -d /tmp/bot-soak.XXXXXX)"
cd "$ROOT"
env Urls="http://127.0.0.1:$PORT" Storage__DataPath="$DATA" Logging__LogLevel__Default=Warning Knowledge__WatchForChanges=false \
  RateLimits__Enabled=false Retrieval__Semantic__CachePath="${BENCH_SEMANTIC_CACHE:-/tmp/bot-bench-data/semantic}" "$BIN" >"$DATA/bot.log" 2>&1 &
BOT=$!
trap 'kill $BOT 2>/dev/null; wait $BOT 2>/dev/null; rm -rf "$DATA"' EXIT
for _ in $(seq 1 1200); do
  curl -fs "http://127.0.0.1:$PORT/readyz" >/dev/null && break
  sleep 0.1
done
rss() { awk '/^VmRSS:/ { printf "%.0f", $2 / 1024 }' "/proc/$BOT/status"; }
echo "ready: RSS $(rss) MB; warming up 25 s"
timeout 60 "$PEER/bench.sh" "http://127.0.0.1:$PORT" 25 8 2 >/dev/null
echo "after warm-up: RSS $(rss) MB"
for segment in $(seq 1 "$SEGMENTS"); do
  line="$(timeout 200 "$PEER/bench.sh" "http://127.0.0.1:$PORT" 120 8 2)"
  echo "segment $segment (2 min): $line  RSS $(rss) MB"
done
kill -0 $BOT && echo "bot still running; log lines at warning or above, by source:"
grep -E '^(warn|fail|crit)' "$DATA/bot.log" | sort | uniq -c | sort -rn | head -5 || true
