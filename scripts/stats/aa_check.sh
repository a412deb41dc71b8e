#!/usr/bin/env bash
# A/A and A/B check of the regression gate on real runs of this machine.
#
#   scripts/stats/aa_check.sh [SUITE] [RUNS] [PROCESSES]      (defaults: kernels-ci 6, suite's own)
#   BENCH_ARGS="--time-budget 0.04" scripts/stats/aa_check.sh kernels-ci 6 20   (extra run options)
#
# Builds `bench` once (release), runs SUITE RUNS times, each run in fresh processes, then:
#  - A/A: gates every consecutive pair of runs (run i as baseline, run i+1 as new) with
#    `bench compare --gate`; every exit 1 is a false alarm (same build, same machine);
#  - A/B: the same pairs with a known slowdown injected into the new file (all time samples
#    of one benchmark × 1.10, then × 1.05; derived rates such as GFLOP/s divided by the
#    same factor), which shows whether a 10% / 5% slowdown is caught on this machine's noise.
# Prints one line per comparison and a summary. Results stay in $OUT (default: a temp dir).
set -euo pipefail
cd "$(dirname "$0")/../.."
SUITE=${1:-kernels-ci}
RUNS=${2:-6}
PROCESSES=${3:-}
OUT=${OUT:-$(mktemp -d /tmp/bench-aa.XXXXXX)}
swift build -c release --product bench >/dev/null
BENCH=.build/release/bench
extra=()
[[ -n "$PROCESSES" ]] && extra=(--processes "$PROCESSES")
read -r -a more <<< "${BENCH_ARGS:-}"
extra+=("${more[@]}")

for i in $(seq 1 "$RUNS"); do
  "$BENCH" --suite "$SUITE" "${extra[@]}" --no-compare --quiet --output "$OUT/run-$i.json" >/dev/null 2>&1
  echo "run $i/$RUNS written: $OUT/run-$i.json"
done

slow() {  # slow FILE FACTOR OUTFILE: slow down the first benchmark by FACTOR
  python3 - "$1" "$2" "$3" <<'PY'
import json, sys
path, factor, out = sys.argv[1], float(sys.argv[2]), sys.argv[3]
doc = json.load(open(path))
bench = doc["benchmarks"][0]
for metric in bench["metrics"].values():
    if "samples" not in metric:
        continue
    scale = factor if metric["better"] == "lower" else 1 / factor
    metric["samples"] = [[v * scale for v in process] for process in metric["samples"]]
json.dump(doc, open(out, "w"))
print(bench["name"])
PY
}

aa_alarms=0; ab10=0; ab5=0; pairs=0
for i in $(seq 1 $((RUNS - 1))); do
  base="$OUT/run-$i.json"; new="$OUT/run-$((i + 1)).json"
  pairs=$((pairs + 1))
  if "$BENCH" compare "$base" "$new" --gate --format json --output "$OUT/aa-$i.json" >/dev/null 2>&1; then
    echo "A/A $i→$((i + 1)): pass"
  else
    code=$?; [[ $code -eq 1 ]] && aa_alarms=$((aa_alarms + 1)); echo "A/A $i→$((i + 1)): exit $code (FALSE ALARM if 1)"
  fi
  for factor in 1.10 1.05; do
    name=$(slow "$new" "$factor" "$OUT/slow-$factor-$i.json")
    set +e
    "$BENCH" compare "$base" "$OUT/slow-$factor-$i.json" --gate --format json --output "$OUT/ab-$factor-$i.json" >/dev/null 2>&1
    code=$?
    set -e
    caught=$(python3 -c "
import json, sys
doc = json.load(open('$OUT/ab-$factor-$i.json'))['comparison']
print(int(any(m['benchmark'] == '$name' and m['metric'] == 'time' and m['verdict'] == 'regression' for m in doc['metrics'])))")
    echo "A/B $i→$((i + 1)) ($name ×$factor): exit $code, slowed benchmark caught: $caught"
    if [[ $factor == 1.10 ]]; then ab10=$((ab10 + caught)); else ab5=$((ab5 + caught)); fi
  done
done
echo "summary: suite $SUITE, $RUNS runs, $pairs consecutive pairs: A/A false alarms $aa_alarms/$pairs; 10% slowdown caught $ab10/$pairs; 5% caught $ab5/$pairs (results in $OUT)"
