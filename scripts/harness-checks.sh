#!/usr/bin/env bash
# Measures the harness's own accuracy targets and prints the figures:
#   - an empty body costs < 5 ns per operation;
#   - doubling the work doubles the time (within 10%);
#   - medians of matmul n=256 from separate processes agree within 3%.
# Medians are recomputed here from the raw samples (an independent check of the tool).
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product bench >/dev/null
out=$(mktemp /tmp/harness-checks-XXXX.json)
.build/release/bench --suite harness-checks --output "$out" --no-compare --quiet >/dev/null
python3 - "$out" <<'PY'
import json, statistics, sys
result = json.load(open(sys.argv[1]))
bench = {b["name"]: b["metrics"]["time"]["samples"] for b in result["benchmarks"]}
med = lambda name: statistics.median([x for p in bench[name] for x in p])
empty = med("harness/empty")
ratio = med("harness/sum/count=20000") / med("harness/sum/count=10000")
per_process = [statistics.median(p) for p in bench["matmul/fp32/blocked/n=256"]]
spread = (max(per_process) - min(per_process)) / statistics.median(per_process)
print(f"empty body: {empty:.2f} ns/op (target < 5)")
print(f"time(count=20000) / time(count=10000): {ratio:.3f} (target 2 ± 10%: 1.8..2.2)")
print("matmul n=256 per-process medians (ms): " + ", ".join(f"{x/1e6:.3f}" for x in per_process))
print(f"matmul n=256 max-min spread of process medians: {100*spread:.1f}% (target within 3%)")
PY
rm -f "$out"
