#!/usr/bin/env bash
# A 10-minute soak at steady load (issue 17 part 4): the published native bot in its default configuration
# (hybrid retrieval, embedded storage), the blind load questions from wrk at 8 connections, five 2-minute
# segments back to back after a warm-up; after each segment the bot's RSS and managed heap (the runtime's own
# meter, scraped from /metrics: heap after the last GC and memory the GC has committed), and the segment's
# turns/s, p99 and errors (non-2xx, replies without activities, socket errors). RSS growing while the managed heap
# stays flat points at native memory. Loopback only; bounded by `timeout`.
# With FRESH_CONTROL=1, a new bot process then runs one more warm-up and segment: if its rate is back at the
# first segment's, a drift over the soak is the process's; if not, the machine's.
# usage: bench/soak.sh   (env: BOT_BINARY, default /tmp/bot-bench-publish-native/Bot from bench/run.sh; SEGMENTS=5;
#        FRESH_CONTROL=1)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PEER="${PEER_DIR:-$ROOT/../shared/peer}"
SEGMENTS="${SEGMENTS:-5}"
export BENCH_QUESTIONS="${BENCH_QUESTIONS-$ROOT/bench/load-questions.txt}"
source "$ROOT/bench/native-bot.sh"
KEY="soak-$RANDOM$RANDOM$RANDOM"
start_native_bot Staff__ApiKeys__0="$KEY"
# Heap after the last GC (all generations) and the GC's committed memory, in MB.
heap() {
  curl -fs -H "Authorization: Bearer $KEY" "http://127.0.0.1:$PORT/metrics" | awk '
    /^dotnet_gc_last_collection_heap_size_bytes/ { heap += $NF; seen = 1 }
    /^dotnet_gc_last_collection_memory_committed_size_bytes/ { committed += $NF }
    END { if (seen) printf "heap %.0f MB, GC committed %.0f MB", heap / 1048576, committed / 1048576; else printf "heap unread (/metrics failed)" }' || true
}
rss() { awk '/^VmRSS:/ { printf "%.0f", $2 / 1024 }' "/proc/$BOT/status"; }
echo "ready: RSS $(rss) MB, $(heap); warming up 25 s"
timeout 60 "$PEER/bench.sh" "http://127.0.0.1:$PORT" 25 8 2 >/dev/null
echo "after warm-up: RSS $(rss) MB, $(heap)"
for segment in $(seq 1 "$SEGMENTS"); do
  line="$(timeout 200 "$PEER/bench.sh" "http://127.0.0.1:$PORT" 120 8 2)"
  echo "segment $segment (2 min): $line  RSS $(rss) MB, $(heap)"
done
kill -0 $BOT && echo "bot still running; log lines at warning or above, by source:"
grep -E '^(warn|fail|crit)' "$DATA/bot.log" | sort | uniq -c | sort -rn | head -5 || true
if [ "${FRESH_CONTROL:-0}" = 1 ]; then
  stop_native_bots
  start_native_bot Staff__ApiKeys__0="$KEY"
  timeout 60 "$PEER/bench.sh" "http://127.0.0.1:$PORT" 25 8 2 >/dev/null
  echo "fresh process (2 min): $(timeout 200 "$PEER/bench.sh" "http://127.0.0.1:$PORT" 120 8 2)  RSS $(rss) MB, $(heap)"
fi
