#!/usr/bin/env bash
# 2,000 Direct Line conversations with their WebSockets open at once on one instance (issue 17 part 4): memory per
# conversation and delivery latency. Starts the published native bot (Lucene only, limits off: every client is
# one loopback address) on a free loopback port, runs the C# client (WebSocketBench.cs), stops the bot.
# usage: bench/websockets.sh [COUNT]   (env: BOT_BINARY, default /tmp/bot-bench-publish-native/Bot from bench/run.sh)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
COUNT="${1:-2000}"
SECRET="bench-secret-$(date +%s)-$RANDOM"
source "$ROOT/bench/native-bot.sh"
start_native_bot Retrieval__Semantic__Enabled=false DirectLine__Secret="$SECRET"
timeout 600 dotnet run -c Release --project "$ROOT/bench/Bot.Benchmarks" -- --websockets "http://127.0.0.1:$PORT" "$SECRET" "$BOT" "$COUNT"
