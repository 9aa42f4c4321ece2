#!/usr/bin/env bash
# 2,000 Direct Line conversations with their WebSockets open at once on one instance (issue 17 part 4): memory per
# conversation and delivery latency. Starts the published native bot (Lucene only, limits off: every client is
# one loopback address) on a free loopback port, runs the C# client (WebSocketBench.cs), stops the bot.
# usage: bench/websockets.sh [COUNT]   (env: BOT_BINARY, default /tmp/bot-bench-publish-native/Bot from bench/run.sh)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
COUNT="${1:-2000}"
BIN="${BOT_BINARY:-/tmp/bot-bench-publish-native/Bot}"
[ -x "$BIN" ] || dotnet publish "$ROOT/src/Bot/Bot.csproj" -c Release -p:PublishAot=true -o "$(dirname "$BIN")" -nologo -v q >/dev/null
PORT=$(( 20000 + RANDOM % 30000 ))
DATA="$(mktemp -d /tmp/bot-ws-bench.XXXXXX)"
SECRET="bench-secret-$(date +%s)-$RANDOM"
cd "$ROOT"
env Urls="http://127.0.0.1:$PORT" Storage__DataPath="$DATA" Logging__LogLevel__Default=Warning Knowledge__WatchForChanges=false \
  RateLimits__Enabled=false Retrieval__Semantic__Enabled=false DirectLine__Secret="$SECRET" \
  Retrieval__Semantic__CachePath="${BENCH_SEMANTIC_CACHE:-/tmp/bot-bench-data/semantic}" "$BIN" >"$DATA/bot.log" 2>&1 &
BOT=$!
trap 'kill $BOT 2>/dev/null; wait $BOT 2>/dev/null; rm -rf "$DATA"' EXIT
for _ in $(seq 1 600); do
  curl -fs "http://127.0.0.1:$PORT/readyz" >/dev/null && break
  sleep 0.1
done
timeout 600 dotnet run -c Release --project "$ROOT/bench/Bot.Benchmarks" -- --websockets "http://127.0.0.1:$PORT" "$SECRET" "$BOT" "$COUNT"
