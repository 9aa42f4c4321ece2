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
# The native build (what bench/ measures and a clinic can deploy) needs a C toolchain and zlib to link.
command -v cc >/dev/null && [ -f /usr/include/zlib.h ] || { apt-get update -qq && apt-get install -y -qq --no-install-recommends clang zlib1g-dev >/dev/null; }
# One warm compiler server for both builds below, stopped at the end.
export UseSharedCompilation=true
trap 'dotnet build-server shutdown >/dev/null 2>&1; scripts/services.sh down' EXIT
fail_setup() { cat "$1"; echo "0 passed, 1 failed"; exit 1; }

# The Web Chat bundle from the pinned lock file (what the build's RestoreWebChat target does), before the copy below.
(cd src/Bot/ClientApp && { [ -f node_modules/botframework-webchat/dist/webchat.js ] || npm ci --no-audit --no-fund --ignore-scripts --loglevel=error; }) >"$log" 2>&1 || fail_setup "$log"
# The native compiler runs on about one core for four minutes, so it publishes in the background from a copy of
# the sources (its restore differs from the build's) while the other tests use the second core. Until it is done
# BOT_TEST_NATIVE names nothing, so a test that needs it without saying so fails instead of using a stale binary.
native_dir="$ROOT/src/Bot/bin/native"
native_src=$(mktemp -d); native_log=$(mktemp)
rm -rf "$native_dir"
webchat_dist=src/Bot/ClientApp/node_modules/botframework-webchat/dist
tar -C "$ROOT" --exclude=src/Bot/bin --exclude=src/Bot/obj --exclude=src/Bot/ClientApp/node_modules \
  -cf - .editorconfig Directory.Build.props Directory.Packages.props src/Bot | tar -C "$native_src" -xf -
mkdir -p "$native_src/$webchat_dist" && cp "$webchat_dist"/webchat.js* "$native_src/$webchat_dist/"
phase "services up; publishing the native build in the background"
# No native debug symbols: nothing here reads them, and writing and linking them is ~10 s.
setsid dotnet publish "$native_src/src/Bot/Bot.csproj" -c Release -p:PublishAot=true -p:NativeDebugSymbols=false \
  -o "$native_src/out" -nologo -v q >"$native_log" 2>&1 &
native_pid=$!
trap 'kill -- -"$native_pid" 2>/dev/null; dotnet build-server shutdown >/dev/null 2>&1; scripts/services.sh down' EXIT
export BOT_TEST_NATIVE="$native_dir/Bot"

phase "building"
dotnet build Bot.sln -c Release -nologo -v q >"$log" 2>&1 || fail_setup "$log"
# axe-core for the browser tests' accessibility checks, from the pinned lock file.
(cd tests/Bot.BrowserTests && { [ -d node_modules/axe-core ] || npm ci --no-audit --no-fund --loglevel=error; }) >"$log" 2>&1 || fail_setup "$log"
# The sentence model, static table and entry vectors, built once per machine and shared by every test app
# (tests/Bot.Tests/Infrastructure/BotApplication.cs), so no test waits on a cold distillation.
phase "building the sentence model's cache"
Retrieval__Semantic__CachePath=/tmp/bot-tests-semantic dotnet src/Bot/bin/Release/net10.0/Bot.dll kb build >"$log" 2>&1 || fail_setup "$log"

results=$(mktemp -d); tests_log=$(mktemp)
suites() { dotnet test Bot.sln -c Release --no-build -nologo --logger trx --results-directory "$results" "$@" 2>&1 | tee -a "$tests_log"; [ "${PIPESTATUS[0]}" -eq 0 ] || status=1; }
phase "running the .NET suites, except what needs the native build"
suites --filter "Needs!=NativeBuild"
phase "waiting for the native build"
if wait "$native_pid"; then
  mv "$native_src/out" "$native_dir"
  phase "running the tests that need the native build"
  suites --filter "Needs=NativeBuild"
else
  cat "$native_log"; echo "The native build failed to publish; the tests that need it did not run."; failed=$((failed + 1))
fi
rm -rf "$native_src" "$native_log"
# The slowest tests, on stderr: where to look first when the run creeps towards CI's limit.
phase "the ten slowest tests:"
grep -oh '<UnitTestResult [^>]*>' "$results"/*.trx 2>/dev/null \
  | sed -nE 's/.*testName="([^"]*)".*duration="([0-9]+):([0-9]+):([0-9.]+)".*/\2 \3 \4 \1/p' \
  | awk '{ s = $1 * 3600 + $2 * 60 + $3; $1 = $2 = $3 = ""; printf "%8.1f s %s\n", s, $0 }' | sort -rn | head -10 >&2
rm -rf "$results"
# A crashed test host reports "Passed!" for what ran before the crash: the tests after it count as one failure.
grep -q "Test Run Aborted" "$tests_log" && { echo "A test host crashed; the tests after the crash did not run."; failed=$((failed + 1)); }
while read -r f p; do passed=$((passed + p)); failed=$((failed + f)); done < <(
  sed -nE 's/.*Failed:[[:space:]]*([0-9]+), Passed:[[:space:]]*([0-9]+),.*/\1 \2/p' "$tests_log")

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
