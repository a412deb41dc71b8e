#!/bin/sh
# End-to-end check of `bench ci` on real commits of this package: copies the committed
# package into a throwaway git repository (commit 1), adds a known slowdown to the
# harness/sum benchmark (commit 2: a second pass over the data, about 2x the work), and runs
#   1. bench ci --base HEAD~1 --head HEAD --gate   -> must exit 1 and name harness/sum
#   2. bench ci --base HEAD   --head HEAD --gate   -> A/A, must exit 0
# then validates the exports with scripts/check-exports.py and renders the HTML report.
# Slow (two release builds of the package from scratch): run by hand, not by `swift test`.
# Usage: [DESIGN=lockstep|processes] scripts/ci-selftest.sh [PROCESSES (for DESIGN=processes), default 10]   (keeps its work in $TMPDIR/bench-ci-selftest)
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
processes=${1:-10}
bench="$root/.build/release/bench"
[ -x "$bench" ] || (cd "$root" && swift build -c release --product bench)
work=${TMPDIR:-/tmp}/bench-ci-selftest
rm -rf "$work" && mkdir -p "$work/repo"
git -C "$root" archive HEAD | tar -x -C "$work/repo"
cd "$work/repo"
git init -q -b main && git config user.email selftest@example.com && git config user.name selftest
git add . && git commit -qm "selftest: base"
python3 - <<'PY'
import re
path = "Sources/Benchmarks/Harness/HarnessBenchmarks.swift"
text = open(path).read()
loop = "for value in identity(values) { total = total &+ (value ^ (total >> 7)) }"
assert loop in text, "harness/sum loop not found"
open(path, "w").write(text.replace(loop, loop + "\n                " + loop.replace("total >> 7", "total >> 5"), 1))
PY
git commit -qam "selftest: harness/sum does its loop twice (known slowdown)"

echo "== 1. known slowdown, $processes processes per side"
set +e
"$bench" ci --base HEAD~1 --head HEAD --suite harness --design "${DESIGN:-lockstep}" --processes "$processes" --gate --format text --output-dir "$work/slow"
slow=$?
echo "== 2. A/A (same commit on both sides)"
"$bench" ci --base HEAD --head HEAD --suite harness --design "${DESIGN:-lockstep}" --processes "$processes" --gate --format text --output-dir "$work/same"
same=$?
set -e
"$bench" report "$work/slow/base.json" "$work/slow/head.json" -o "$work/slow/report.html"
python3 "$root/scripts/check-exports.py" "$bench" "$work/slow/base.json" "$work/slow/head.json"
echo "slowdown run: exit $slow (expected 1); A/A run: exit $same (expected 0); report: $work/slow/report.html"
grep -q "harness/sum" "$work/slow/summary.md"
[ "$slow" -eq 1 ] && [ "$same" -eq 0 ]
