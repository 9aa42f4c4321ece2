#!/usr/bin/env bash
# Loopback load of POST /api/messages (expectReplies), side by side with ../shared/peer/ (the Bot Framework
# JavaScript SDK bot and the bare ASP.NET Core floor) in one run. Prints turns/s, p50, p99, CPU, RSS and
# cold start (process start -> first answered turn, index built) for each target.
# usage: bench/run.sh            (env: DURATION, CONNS, THREADS, WARMUP, TARGETS, BENCH_QUESTIONS as in peer/compare.sh)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PEER="${PEER_DIR:-$ROOT/../shared/peer}"
[ -x "$PEER/compare.sh" ] || { echo "peer harness not found at $PEER (set PEER_DIR)" >&2; exit 2; }
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq --no-install-recommends wrk >/dev/null; }
dotnet build "$ROOT/src/Bot/Bot.csproj" -c Release -nologo -v q >/dev/null
DATA="$(mktemp -d)"
trap 'rm -rf "$DATA"' EXIT
cd "$ROOT"
EXTRA_NAME=${EXTRA_NAME:-bot} "$PEER/compare.sh" \
  "Urls=http://127.0.0.1:\$PORT Storage__DataPath=$DATA Logging__LogLevel__Default=Warning Knowledge__WatchForChanges=false exec dotnet $ROOT/src/Bot/bin/Release/net10.0/Bot.dll"
