#!/usr/bin/env bash
# The test command of the README: builds the solution and runs every test project.
# Installs the local stand-ins the tests start (Azurite and s3rver, from package-lock.json; Debian's
# Chromium for the dashboard's browser test) and
# prints a closing "N passed, N failed" line summed over all test projects.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

log=$(mktemp)
trap 'rm -f "$log"' EXIT

lock_sha=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ "$(cat node_modules/.installed-lock 2>/dev/null)" != "$lock_sha" ]; then
  npm ci --no-audit --no-fund --loglevel=error
  echo "$lock_sha" > node_modules/.installed-lock
fi

# The dashboard's browser test drives Debian's Chromium (headless, DevTools protocol).
if ! command -v chromium >/dev/null 2>&1; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi

dotnet build Feedback.sln -c Release -warnaserror -warnnotaserror:NU1603 -nologo -clp:ErrorsOnly
bash eng/bicep.sh

set +e
dotnet test Feedback.sln -c Release --no-build --nologo "$@" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
set -e

passed=$(grep -oE 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -oE 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
skipped=$(grep -oE 'Skipped: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
echo "tests: ${passed} passed, ${failed} failed, ${skipped} skipped"
if [ "$rc" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ]; then exit 1; fi
