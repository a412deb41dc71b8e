#!/usr/bin/env bash
# The gate on interleaved runs, as `bench ci` makes them: RUNS times `bench ci --base REV
# --head REV` on the same revision (A/A: every exit 1 is a false alarm), then the same head
# result with a known slowdown injected into one benchmark's samples (×1.10, ×1.05) and
# compared with `bench compare --gate` against its interleaved base.
#   scripts/stats/ci_aa_check.sh [SUITE] [RUNS] [REV]     (defaults: kernels-ci 10 HEAD)
set -euo pipefail
cd "$(dirname "$0")/../.."
SUITE=${1:-kernels-ci}
RUNS=${2:-10}
REV=${3:-HEAD}
OUT=${OUT:-$(mktemp -d /tmp/bench-ci-aa.XXXXXX)}
swift build -c release --product bench >/dev/null
BENCH=.build/release/bench
alarms=0; ab10=0; ab5=0
for i in $(seq 1 "$RUNS"); do
  set +e
  "$BENCH" ci --base "$REV" --head "$REV" --suite "$SUITE" --gate --format text --output-dir "$OUT/ci-$i" >/dev/null 2>&1
  code=$?
  set -e
  [[ $code -eq 1 ]] && alarms=$((alarms + 1))
  [[ $code -eq 2 ]] && { echo "bench ci failed (exit 2); see .bench-ci/*.log" >&2; exit 2; }
  echo "A/A $i: exit $code"
  for factor in 1.10 1.05; do
    name=$(python3 - "$OUT/ci-$i/head.json" "$factor" "$OUT/ci-$i/slow-$factor.json" <<'PY'
import json, sys
path, factor, out = sys.argv[1], float(sys.argv[2]), sys.argv[3]
doc = json.load(open(path))
bench = doc["benchmarks"][0]
for metric in bench["metrics"].values():
    if "samples" in metric:
        scale = factor if metric["better"] == "lower" else 1 / factor
        metric["samples"] = [[v * scale for v in process] for process in metric["samples"]]
json.dump(doc, open(out, "w"))
print(bench["name"])
PY
)
    set +e
    "$BENCH" compare "$OUT/ci-$i/base.json" "$OUT/ci-$i/slow-$factor.json" --gate --format json --output "$OUT/ci-$i/ab-$factor.json" >/dev/null 2>&1
    set -e
    caught=$(python3 -c "
import json
doc = json.load(open('$OUT/ci-$i/ab-$factor.json'))['comparison']
print(int(any(m['benchmark'] == '$name' and m['metric'] == 'time' and m['verdict'] == 'regression' for m in doc['metrics'])))")
    echo "A/B $i ($name ×$factor): caught $caught"
    if [[ $factor == 1.10 ]]; then ab10=$((ab10 + caught)); else ab5=$((ab5 + caught)); fi
  done
done
echo "summary: bench ci on $REV vs itself, suite $SUITE, $RUNS runs: A/A false alarms $alarms/$RUNS; 10% caught $ab10/$RUNS; 5% caught $ab5/$RUNS (results in $OUT)"
