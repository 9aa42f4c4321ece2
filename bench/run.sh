#!/usr/bin/env bash
# Loopback load of POST /api/messages (expectReplies), side by side with ../shared/peer/ (the Bot Framework
# JavaScript SDK bot and the bare ASP.NET Core floor). Prints turns/s, p50, p99, CPU, RSS and cold start
# (process start -> first answered turn, index built) per target. Three runs, each with the JS peer beside
# our bot, since only ratios within one run are comparable on these machines:
#   1. floor, js, js-legacy, bot-lucene   (Retrieval:Semantic:Enabled=false: the FAQ issue's design)
#   2. js, bot-hybrid                     (the default: static table + Lucene, MiniLM cascade; question cache off)
#   3. js, bot-hybrid-cache               (the default with the question-vector cache on)
# usage: bench/run.sh   (env: BENCH_BUILD=native|jit, DURATION, CONNS, THREADS, WARMUP (default 25 s here), BENCH_QUESTIONS (default bench/load-questions.txt); RUNS="1 2 3")
set -euo pipefail
# Warm-up before each measured run, for every target alike. Under this load .NET's tiered JIT keeps promoting
# hot code for about 20 s (ReadyToRun code -> instrumented -> optimised); after the peer harness's default 5 s
# our bot measures at well under half its steady rate. The JS peer is at its steady rate within seconds.
export WARMUP="${WARMUP:-25}"
# The load: 354 visitor messages written blind from the clinic's content (in neither knowledge/ nor the labelled
# set), so the cheap path escalates as often as it does on strangers' wording. BENCH_QUESTIONS= (empty) gives the
# peer harness's 30 built-in questions, which sit close to the knowledge phrasings.
export BENCH_QUESTIONS="${BENCH_QUESTIONS-$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/load-questions.txt}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PEER="${PEER_DIR:-$ROOT/../shared/peer}"
[ -x "$PEER/compare.sh" ] || { echo "peer harness not found at $PEER (set PEER_DIR)" >&2; exit 2; }
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq --no-install-recommends wrk >/dev/null; }
# The published build, as deployed: native (Native AOT) by default, so nothing is compiled at run time;
# BENCH_BUILD=jit measures the framework-dependent ReadyToRun build instead (`dotnet Bot.dll`).
PUBLISH="${BENCH_PUBLISH:-/tmp/bot-bench-publish-${BENCH_BUILD:-native}}"
if [ "${BENCH_BUILD:-native}" = jit ]; then
  dotnet publish "$ROOT/src/Bot/Bot.csproj" -c Release -o "$PUBLISH" -nologo -v q >/dev/null
  RUN_BOT="dotnet $PUBLISH/Bot.dll"
else
  dotnet publish "$ROOT/src/Bot/Bot.csproj" -c Release -p:PublishAot=true -o "$PUBLISH" -nologo -v q >/dev/null
  RUN_BOT="$PUBLISH/Bot"
fi
# A kept data folder: the sentence model, static table and entry vectors are built on the first start only.
DATA="${BENCH_DATA:-/tmp/bot-bench-data}"
mkdir -p "$DATA"
# The whole load comes from one loopback address, so the abuse limits are off for the bench.
BOT="Urls=http://127.0.0.1:\$PORT Storage__DataPath=$DATA Logging__LogLevel__Default=Warning Knowledge__WatchForChanges=false RateLimits__Enabled=false"
if [ ! -f "$DATA/semantic/minilm.onnx" ]; then
  echo "[bench] first start on an empty data folder (model extraction, table distillation, entry vectors):" >&2
  /usr/bin/time -f "[bench] kb build: %e s wall, %M KB max RSS" env Storage__DataPath="$DATA" $RUN_BOT kb build >&2
fi
cd "$ROOT"
for run in ${RUNS:-1 2 3}; do
  case $run in
    1) TARGETS="floor js js-legacy" EXTRA_NAME=bot-lucene "$PEER/compare.sh" "$BOT Retrieval__Semantic__Enabled=false exec $RUN_BOT" ;;
    2) TARGETS="js" EXTRA_NAME=bot-hybrid "$PEER/compare.sh" "$BOT Retrieval__Semantic__CacheSize=0 exec $RUN_BOT" ;;
    3) TARGETS="js" EXTRA_NAME=bot-hyb-cache "$PEER/compare.sh" "$BOT exec $RUN_BOT" ;;
  esac
done
