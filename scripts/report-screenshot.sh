#!/bin/sh
# Renders `bench report` over a synthetic history (scripts/make-demo-results.py) in a real
# headless browser and writes screenshots to look at: the top of the report (summary,
# forest plot, table, distributions) and its history section.
# Installs Chromium from Debian's packages if it is missing.
# Usage: scripts/report-screenshot.sh [OUT_DIR]   (default /tmp/bench-report-check)
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-/tmp/bench-report-check}
command -v chromium >/dev/null || apt-get install -y chromium >/dev/null
bench="$root/.build/release/bench"
[ -x "$bench" ] || (cd "$root" && swift build -c release --product bench)
rm -rf "$out" && mkdir -p "$out"
python3 "$root/scripts/make-demo-results.py" "$out/results"
cd "$out"
"$bench" report results/demo-20261110T080000Z.json results/demo-20261111T080000Z.json --history-suite demo -o report.html
# The history section, by offsetting the report inside a frame (headless screenshots
# capture only the top of the page).
cat > history.html <<'HTML'
<html><body style="margin:0;overflow:hidden"><div style="width:1150px;height:1000px;overflow:hidden">
<iframe src="report.html" style="border:0;width:1150px;height:3200px;margin-top:-1280px"></iframe></div></body></html>
HTML
shot() { chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --screenshot="$1" --window-size="$2" "file://$out/$3" 2>/dev/null; }
shot "$out/report-top.png" 1150,1000 report.html
shot "$out/report-full.png" 1400,2600 report.html
shot "$out/report-history.png" 1150,1000 history.html
ls -l "$out"/*.png
