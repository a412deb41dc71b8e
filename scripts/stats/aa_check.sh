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
#    same factor), which shows whether a 10% / 5% slowdown is caught on this machine's noise
#    (FACTORS="1.2 1.5" injects other slowdowns).
# Each pair is gated twice: as two files alone ("two-file"), and with the runs before the
# baseline as history (`--history`, as `bench --suite` does with its archived baselines), so
# whole-run shifts are measured against how much whole runs moved before ("history"; the
# first pairs have too little history, see RunHistory.minimumRuns, and gate as two files),
# and "second-run": history, and a regression counts only if run i+2 against the same
# baseline shows it too (what `bench --suite --gate` does by measuring again; pairs with
# a run i+2 only).
# Prints one line per comparison and a summary. Results stay in $OUT (default: a temp dir);
# RUNS=0 with an existing $OUT/runs re-gates runs measured before.
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

mkdir -p "$OUT/runs"
for i in $(seq 1 "$RUNS"); do
  "$BENCH" --suite "$SUITE" "${extra[@]}" --no-compare --quiet --output "$OUT/runs/run-$i.json" >/dev/null 2>&1
  echo "run $i/$RUNS written: $OUT/runs/run-$i.json"
done
RUNS=$(find "$OUT/runs" -name 'run-*.json' | wc -l)

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

gate() {  # gate MODE BASE NEW REPORT: exit code of the gate (history: earlier runs in $OUT/runs)
  local history=()
  [[ $1 == history ]] && history=(--history "$OUT/runs")
  set +e
  "$BENCH" compare "$2" "$3" "${history[@]}" --gate --format json --output "$4" >/dev/null 2>&1
  local code=$?
  set -e
  return $code
}

caught() {  # caught REPORT BENCHMARK: 1 if the benchmark's time regressed in the report
  python3 -c "
import json, sys
doc = json.load(open(sys.argv[1]))['comparison']
print(int(any(m['benchmark'] == sys.argv[2] and m['metric'] == 'time' and m['verdict'] == 'regression' for m in doc['metrics'])))" "$1" "$2"
}

seen_twice() {  # seen_twice REPORT1 REPORT2: 1 if a sampled metric regressed in both reports
  python3 -c "
import json, sys
def regressed(path):
    doc = json.load(open(path))['comparison']
    return {(m['benchmark'], m['metric']) for m in doc['metrics'] if m['kind'] == 'samples' and m['verdict'] == 'regression'}
print(int(bool(regressed(sys.argv[1]) & regressed(sys.argv[2]))))" "$1" "$2"
}

read -r -a factors <<< "${FACTORS:-1.10 1.05}"
modes=(two-file history second-run)
declare -A alarms=() hits=() counted=()
for mode in "${modes[@]}"; do
  alarms[$mode]=0; counted[$mode]=0
  for factor in "${factors[@]}"; do hits[$mode $factor]=0; done
done
for i in $(seq 1 $((RUNS - 1))); do
  base="$OUT/runs/run-$i.json"; new="$OUT/runs/run-$((i + 1)).json"; third="$OUT/runs/run-$((i + 2)).json"
  counted[two-file]=$((counted[two-file] + 1)); counted[history]=$((counted[history] + 1))
  for mode in two-file history; do
    code=0; gate "$mode" "$base" "$new" "$OUT/aa-$mode-$i.json" || code=$?
    [[ $code -eq 1 ]] && alarms[$mode]=$((alarms[$mode] + 1))
    echo "A/A $i→$((i + 1)) [$mode]: exit $code$([[ $code -eq 1 ]] && echo ' FALSE ALARM')"
  done
  if [[ -f $third ]]; then
    counted[second-run]=$((counted[second-run] + 1))
    gate history "$base" "$third" "$OUT/aa-second-run-$i.json" || true
    alarm=$(seen_twice "$OUT/aa-history-$i.json" "$OUT/aa-second-run-$i.json")
    alarms[second-run]=$((alarms[second-run] + alarm))
    echo "A/A $i→$((i + 1)), again $((i + 2)) [second-run]: $([[ $alarm -eq 1 ]] && echo 'FALSE ALARM' || echo pass)"
  fi
  for factor in "${factors[@]}"; do
    name=$(slow "$new" "$factor" "$OUT/slow-$factor-$i.json")
    for mode in two-file history; do
      code=0; gate "$mode" "$base" "$OUT/slow-$factor-$i.json" "$OUT/ab-$mode-$factor-$i.json" || code=$?
      hit=$(caught "$OUT/ab-$mode-$factor-$i.json" "$name")
      echo "A/B $i→$((i + 1)) ($name ×$factor) [$mode]: exit $code, slowed benchmark caught: $hit"
      hits[$mode $factor]=$((hits[$mode $factor] + hit))
    done
    if [[ -f $third ]]; then
      slow "$third" "$factor" "$OUT/slow-again-$factor-$i.json" >/dev/null
      gate history "$base" "$OUT/slow-again-$factor-$i.json" "$OUT/ab-second-run-$factor-$i.json" || true
      hit=$(( $(caught "$OUT/ab-history-$factor-$i.json" "$name") * $(caught "$OUT/ab-second-run-$factor-$i.json" "$name") ))
      echo "A/B $i→$((i + 1)), again $((i + 2)) ($name ×$factor) [second-run]: slowed benchmark caught twice: $hit"
      hits[second-run $factor]=$((hits[second-run $factor] + hit))
    fi
  done
done
for mode in "${modes[@]}"; do
  pairs=${counted[$mode]}
  caughtText=""
  for factor in "${factors[@]}"; do caughtText+="; ×$factor slowdown caught ${hits[$mode $factor]}/$pairs"; done
  echo "summary [$mode]: suite $SUITE, $RUNS runs, $pairs consecutive pairs: A/A false alarms ${alarms[$mode]}/$pairs$caughtText (results in $OUT)"
done
