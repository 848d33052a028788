#!/usr/bin/env bash
# Runs every test on a fresh machine: installs what two test groups need when it is missing (the report
# tests load report.html in Debian's headless chromium; the HTTP stack's compatibility tests stream from
# uvicorn + starlette, vLLM's server stack, under Debian's python3), restores, builds, runs
# `dotnet test` in two stages, and ends with the plain line "N passed, N failed, N skipped" (non-zero exit on any failure).
set -uo pipefail
cd "$(dirname "$0")"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

missing=""
[ -x /usr/bin/chromium ] || missing="$missing chromium"
/usr/bin/python3 -c "import uvicorn, starlette" 2>/dev/null || missing="$missing python3-uvicorn python3-starlette"
if [ -n "$missing" ]; then
  echo "installing$missing for the tests"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  if ! { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $missing >/dev/null; }; then
    echo "error: could not install$missing (Debian packages); install them and run ./test.sh again." >&2
    echo "0 passed, 1 failed"
    exit 1
  fi
fi

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
# the three test projects side by side, then the tests that compare times at the millisecond alone on the machine
# (trait Category=Quiet: tests/LlmLoad.Tests.Common/QuietStage.cs)
dotnet test LlmLoad.slnx --filter "Category!=Quiet" "$@" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
dotnet test LlmLoad.slnx --no-build --filter "Category=Quiet" "$@" 2>&1 | tee -a "$log"
[ "${PIPESTATUS[0]}" -eq 0 ] || rc=1

# dotnet test prints one line per test project:
# "Passed!  - Failed:     0, Passed:    42, Skipped:     0, Total:    42, ..."
awk '/^[[:space:]]*(Passed|Failed)! +- +Failed:/ {
       line = $0; gsub(/[ ,]+/, " ", line); n = split(line, word, " ")
       for (i = 1; i <= n; i++) {
         if (word[i] == "Failed:") failed += word[i + 1]
         if (word[i] == "Passed:") passed += word[i + 1]
         if (word[i] == "Skipped:") skipped += word[i + 1]
       }
       found = 1
     }
     END {
       if (!found) { print "0 passed, 1 failed"; exit 1 }
       printf "%d passed, %d failed, %d skipped\n", passed, failed, skipped
     }' "$log" || rc=1
exit "$rc"
