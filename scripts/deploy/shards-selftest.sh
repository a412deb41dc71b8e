#!/usr/bin/env bash
# Runs a suite whole, then as N shards in parallel processes, merges the shards and
# compares the merge with the whole run of the same build. Passes when the merge has
# every instance of the whole run once, with the same metrics and process count, and the
# comparison finds no regression and no improvement (gate exit 0, "0 regressions,
# 0 improvements"); it prints how many metrics were unchanged and how many inconclusive
# (an interval wider than the threshold: more processes narrow it).
# Usage: scripts/deploy/shards-selftest.sh [SUITE [N [PROCESSES]]]
#   (default: harness 3 10; BENCH=path/to/bench, default .build/release/bench)
set -euo pipefail
cd "$(dirname "$0")/../.."
bench="${BENCH:-.build/release/bench}"
suite="${1:-harness}"
shards="${2:-3}"
processes="${3:-10}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "== whole run of $suite"
"$bench" --suite "$suite" --processes "$processes" --no-compare --quiet --output "$work/whole.json" >/dev/null
echo "== $shards shards in parallel"
pids=()
for i in $(seq 1 "$shards"); do
    "$bench" --suite "$suite" --processes "$processes" --shard "$i/$shards" --no-compare --quiet --output "$work/shard-$i.json" >/dev/null &
    pids+=($!)
done
for pid in "${pids[@]}"; do wait "$pid"; done
"$bench" merge "$work"/shard-*.json -o "$work/merged.json"

python3 - "$work" "$shards" <<'PY'
import json, sys
work, count = sys.argv[1], int(sys.argv[2])
load = lambda name: json.load(open(f"{work}/{name}.json"))
whole, merged = load("whole"), load("merged")
shards = [load(f"shard-{i}") for i in range(1, count + 1)]
for i, shard in enumerate(shards, 1):
    print(f"shard {shard['shard']['index']}/{shard['shard']['count']} (balanced by {shard['shard']['balancedBy']}):",
          ", ".join(b["name"] for b in shard["benchmarks"]))
shape = lambda f: {b["name"]: {m: len(v.get("samples") or []) for m, v in b["metrics"].items()} for b in f["benchmarks"]}
assert "shard" not in merged, "the merged file is a whole run"
assert shape(merged) == shape(whole), f"merged {shape(merged)} != whole {shape(whole)}"
names = [b["name"] for s in shards for b in s["benchmarks"]]
assert sorted(names) == sorted(shape(whole)) and len(set(names)) == len(names), "every instance in exactly one shard"
print(f"merged: {len(merged['benchmarks'])} benchmarks, the whole run's names, metrics and process counts")
PY

echo "== bench compare whole.json merged.json --gate"
"$bench" compare "$work/whole.json" "$work/merged.json" --gate --format text | tee "$work/compare.txt"
grep -q "^0 regressions, 0 improvements" "$work/compare.txt" || { echo "FAIL: the merge differs from the whole run"; exit 1; }
echo "PASS: $shards shards merged compare with the unsharded run as: $(grep "^0 regressions" "$work/compare.txt")"
