#!/usr/bin/env bash
# Renders the report in headless Chromium (Debian's `chromium` package) and checks that it rendered:
# a PNG of the expected size that is not blank.
#
#   Tests/Browser/render_report.sh [reports/index.html] [screenshot.png]
set -euo pipefail

report="${1:-reports/index.html}"
screenshot="${2:-${TMPDIR:-/tmp}/ganfilter-report.png}"
width=1280
height=3000

[ -f "$report" ] || { echo "render_report: $report does not exist (run: swift run -c release ganfilter pipeline)" >&2; exit 1; }
browser="$(command -v chromium || command -v chromium-browser || true)"
[ -n "$browser" ] || { echo "render_report: chromium is not installed (apt-get install chromium)" >&2; exit 1; }
sandbox=()
[ "$(id -u)" -eq 0 ] && sandbox=(--no-sandbox)   # Chromium refuses to run its sandbox as root

rm -f "$screenshot"
timeout 120 "$browser" --headless "${sandbox[@]}" --disable-gpu --hide-scrollbars --window-size="$width,$height" \
    --screenshot="$screenshot" "file://$(realpath "$report")" > /dev/null 2>&1 || true
[ -s "$screenshot" ] || { echo "render_report: Chromium wrote no screenshot" >&2; exit 1; }

bytes() { dd if="$screenshot" bs=1 skip="$1" count="$2" 2> /dev/null | od -An -tx1 | tr -d ' \n'; }
[ "$(bytes 0 8)" = "89504e470d0a1a0a" ] || { echo "render_report: the screenshot is not a PNG" >&2; exit 1; }
got_width=$((16#$(bytes 16 4)))
got_height=$((16#$(bytes 20 4)))
[ "$got_width" -eq "$width" ] && [ "$got_height" -eq "$height" ] || {
    echo "render_report: screenshot is ${got_width}x${got_height}, expected ${width}x${height}" >&2; exit 1; }
# A blank page compresses to a few kilobytes; charts, tables and mask images take far more.
size=$(stat -c %s "$screenshot")
[ "$size" -gt 150000 ] || { echo "render_report: the screenshot looks blank ($size bytes)" >&2; exit 1; }
echo "render_report: $report rendered to $screenshot (${got_width}x${got_height}, $size bytes)"
