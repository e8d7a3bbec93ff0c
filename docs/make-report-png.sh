#!/usr/bin/env bash
# Remakes docs/report.png, the README's picture of the top of the report: runs the main job, then has headless
# Chromium (Debian's `chromium`) photograph the first 1280 x 1500 pixels of reports/index.html.
#   bash docs/make-report-png.sh
set -euo pipefail
cd "$(dirname "$0")/.."
swift run -c release ganfilter pipeline > /dev/null
browser="$(command -v chromium || command -v chromium-browser)"
sandbox=()
[ "$(id -u)" -eq 0 ] && sandbox=(--no-sandbox)   # Chromium refuses to run its sandbox as root
timeout 120 "$browser" --headless "${sandbox[@]}" --disable-gpu --hide-scrollbars --window-size=1280,1500 \
    --screenshot="$PWD/docs/report.png" "file://$PWD/reports/index.html" > /dev/null 2>&1
echo "wrote docs/report.png"
