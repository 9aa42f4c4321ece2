#!/usr/bin/env bash
# Runs every test: installs and starts what the tests need (idempotent), then the .NET suites.
# Ends with one summary line "N passed, N failed"; exits non-zero on any failure.
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

export BOT_SERVICES_OWNER="test-$$"
scripts/services.sh install || { echo "0 passed, 1 failed"; exit 1; }
scripts/services.sh up || { echo "0 passed, 1 failed"; exit 1; }
trap 'scripts/services.sh down' EXIT

export BOT_TEST_POSTGRES="Host=127.0.0.1;Port=55432;Database=appdb;Username=app;Password=app_pw"
export BOT_TEST_REDIS="127.0.0.1:56379"
export BOT_TEST_SMTP_PORT=1025 BOT_TEST_MAILDEV_URL=http://127.0.0.1:1080
export BOT_TEST_CHROMIUM=/usr/bin/chromium

passed=0; failed=0; status=0
log=$(mktemp)
# Where the time goes, on stderr: CI allows 15 minutes for the whole run.
phase() { echo "[test.sh] ${SECONDS}s: $*" >&2; }
# The native build (what bench/ measures and a clinic can deploy), for tests/Bot.Tests/Native. It needs a C
# toolchain and zlib to link; published first because it restores with the AOT compiler, and the build below
# restores back.
command -v cc >/dev/null && [ -f /usr/include/zlib.h ] || { apt-get update -qq && apt-get install -y -qq --no-install-recommends clang zlib1g-dev >/dev/null; }
export BOT_TEST_NATIVE="$ROOT/src/Bot/bin/native/Bot"
# One warm compiler server for the publish and the build after it (35 s less on two cores), stopped at the end.
export UseSharedCompilation=true
trap 'dotnet build-server shutdown >/dev/null 2>&1; scripts/services.sh down' EXIT
phase "services up; publishing the native build"
# No native debug symbols: nothing here reads them, and writing and linking them is ~10 s.
dotnet publish src/Bot/Bot.csproj -c Release -p:PublishAot=true -p:NativeDebugSymbols=false -o "$(dirname "$BOT_TEST_NATIVE")" -nologo -v q >"$log" 2>&1 \
  || { cat "$log"; echo "0 passed, 1 failed"; exit 1; }
phase "building"
dotnet build Bot.sln -c Release -nologo -v q >"$log" 2>&1 || { cat "$log"; echo "0 passed, 1 failed"; exit 1; }
# axe-core for the browser tests' accessibility checks, from the pinned lock file.
(cd tests/Bot.BrowserTests && { [ -d node_modules/axe-core ] || npm ci --no-audit --no-fund --loglevel=error; }) >"$log" 2>&1 \
  || { cat "$log"; echo "0 passed, 1 failed"; exit 1; }
# The sentence model, static table and entry vectors, built once per machine and shared by every test app
# (tests/Bot.Tests/Infrastructure/BotApplication.cs), so no test waits on a cold distillation.
phase "building the sentence model's cache"
Retrieval__Semantic__CachePath=/tmp/bot-tests-semantic dotnet src/Bot/bin/Release/net10.0/Bot.dll kb build >"$log" 2>&1 \
  || { cat "$log"; echo "0 passed, 1 failed"; exit 1; }
phase "running the .NET suites"
results=$(mktemp -d)
dotnet test Bot.sln -c Release --no-build -nologo --logger trx --results-directory "$results" 2>&1 | tee "$log"
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1
# The slowest tests, on stderr: where to look first when the run creeps towards CI's limit.
phase "the ten slowest tests:"
grep -oh '<UnitTestResult [^>]*>' "$results"/*.trx 2>/dev/null \
  | sed -nE 's/.*testName="([^"]*)".*duration="([0-9]+):([0-9]+):([0-9.]+)".*/\2 \3 \4 \1/p' \
  | awk '{ s = $1 * 3600 + $2 * 60 + $3; $1 = $2 = $3 = ""; printf "%8.1f s %s\n", s, $0 }' | sort -rn | head -10 >&2
rm -rf "$results"
# A crashed test host reports "Passed!" for what ran before the crash: the tests after it count as one failure.
grep -q "Test Run Aborted" "$log" && { echo "A test host crashed; the tests after the crash did not run."; failed=$((failed + 1)); }
while read -r f p; do passed=$((passed + p)); failed=$((failed + f)); done < <(
  sed -nE 's/.*Failed:[[:space:]]*([0-9]+), Passed:[[:space:]]*([0-9]+),.*/\1 \2/p' "$log")

# Protocol tests with the real botframework-directlinejs client (Node), when present.
if [ -f tests/directline-js/package.json ]; then
  phase "running the directlinejs suite"
  (cd tests/directline-js && { [ -d node_modules ] || npm ci --no-audit --no-fund --loglevel=error; } && node --test 2>&1) | tee "$log"
  [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
  p=$(sed -nE 's/^# pass ([0-9]+)/\1/p' "$log" | tail -1); f=$(sed -nE 's/^# fail ([0-9]+)/\1/p' "$log" | tail -1)
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
fi

phase "done"
[ "$failed" -gt 0 ] && status=1
[ "$passed" -eq 0 ] && status=1
echo "$passed passed, $failed failed"
exit $status
