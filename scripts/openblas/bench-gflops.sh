#!/usr/bin/env bash
# Our packed SGEMM's GFLOP/s at one shape, measured by `bench` (release) in one process:
#   scripts/openblas/bench-gflops.sh M N K THREADS      -> prints "... <median GFLOP/s>"
# The measurement command for compare.py:
#   scripts/openblas/compare.py --ours-cmd 'scripts/openblas/bench-gflops.sh {m} {n} {k} {threads}' --rounds 5
set -euo pipefail
m=$1 n=$2 k=$3 threads=$4
root=$(cd "$(dirname "$0")/../.." && pwd)
bench="$root/.build/release/bench"
[ -x "$bench" ] || (cd "$root" && swift build -c release --product bench >/dev/null)
suite=$(mktemp --suffix=.json /tmp/sgemm-shape-XXXXXX)
result=$(mktemp --suffix=.json /tmp/sgemm-result-XXXXXX)
trap 'rm -f "$suite" "$result"' EXIT
cat > "$suite" <<JSON
{ "processes": 1, "timeBudget": 0.5, "warmup": 0.1,
  "benchmarks": [ { "benchmark": "matmul/fp32/blocked", "parameters": { "m": $m, "n": $n, "k": $k, "threads": $threads } } ] }
JSON
(cd "$root" && "$bench" --suite "$suite" --output "$result" --no-compare --quiet >/dev/null 2>&1)
python3 -c 'import json, statistics, sys
metric = json.load(open(sys.argv[1]))["benchmarks"][0]["metrics"]["gflops"]
print("sgemm", sys.argv[2], "GFLOP/s", statistics.median(x for p in metric["samples"] for x in p))' "$result" "$m,$n,$k,$threads"
