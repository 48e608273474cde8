#!/usr/bin/env bash
# Renders a real rollout report in headless Chromium and saves a screenshot: the readability check of the
# HTML report (not part of the test command: it needs Debian's chromium). Usage: bash eng/report-screenshot.sh [out.png]
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-artifacts/report.png}
mkdir -p "$(dirname "$out")"
if ! command -v chromium >/dev/null; then
  apt-get update -qq && apt-get install -y -qq chromium >/dev/null
fi
html=$(mktemp --suffix=.html)
trap 'rm -f "$html"' EXIT
dotnet build tests/Feedback.Integrations.Tests -c Release -nologo -v q >/dev/null
FEEDBACK_KEEP_REPORT="$html" dotnet test tests/Feedback.Integrations.Tests -c Release --no-build --nologo \
  --filter "FullyQualifiedName~IsPromotedAndTheRegistry" >/dev/null
timeout 60 chromium --headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update \
  --disable-sync --no-first-run --window-size=1000,1800 --screenshot="$out" "file://$html" >/dev/null 2>&1
echo "report screenshot: $out"
