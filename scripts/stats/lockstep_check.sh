#!/usr/bin/env bash
# The lockstep gate on real builds of this repository, as `bench ci` runs it.
#
#   scripts/stats/lockstep_check.sh [RUNS] [MODES] [SUITE]   (defaults: 20, "aa layout ab5 ab10 mem10", kernels-ci)
#
# Each mode is a pair of revisions, built in release in one work dir under $OUT (the base
# worktree stays at HEAD, so only the head side is rebuilt between modes), then compared RUNS times with
# `bench ci --base B --head H --suite SUITE --gate` (lockstep, the default design):
#   aa      HEAD vs HEAD, two separate builds: every exit 1 is a false alarm
#   layout  HEAD vs HEAD plus an unused function in another module (moves code layout):
#           every exit 1 is a false alarm; the printed changes are layout effects
#   ab5     HEAD vs a commit in which matmul/fp32/blocked n=256 runs, before its product, an
#           extra 256x256 product of depth AB5_DEPTH (default 12: 4.7% more flops, packing
#           and memory traffic, about 5% more time): caught = that benchmark's time verdict
#           is regression. (An extra product of a few more rows costs 6.5-8% instead: its
#           packing of all of B is a fixed cost.)
#   ab10    the same with depth AB10_DEPTH (default 25: 9.8% more work)
#   mem10   HEAD vs a commit in which matmul/int8/weight-only m=1 k=4096 n=4096 (16 MiB of
#           weights, L3-bound) runs an extra 4096xMEM_COLS product per call (default 205:
#           5% more weights read, about 10% more time; 410 columns measured +19-22%)
#   stored  the stored-baseline gate: in a clone of HEAD, `bench --suite SUITE` and
#           `bench baseline update` (which keeps the binary), then RUNS times
#           `bench --suite SUITE --gate` of the same build (A/A: exit 1 is a false alarm),
#           then the clone moved to the ab5 variant, rebuilt, and RUNS gates (caught =
#           the ab5 target flagged); the baseline binary is re-measured in lockstep each time
# The variant commits live on branches lockstep-check/<mode>; the working tree is untouched.
# Prints one line per run (exit code, flagged benchmarks, the target's change and interval),
# then per mode: failures or catches, the median over compute-bound time metrics of the 95%
# interval half-width, and the median measurement seconds (from the lockstep log line).
# BENCH_ARGS adds options to every `bench ci` (e.g. "--max-time 60").
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${1:-20}
MODES=${2:-aa layout ab5 ab10 mem10}
SUITE=${3:-kernels-ci}
OUT=${OUT:-$(mktemp -d /tmp/bench-lockstep.XXXXXX)}
read -r -a extra <<< "${BENCH_ARGS:-}"
swift build -c release --product bench >/dev/null
mkdir -p "$OUT"
cp .build/release/bench "$OUT/bench"   # later rebuilds of this tree do not touch the running parent
BENCH=$OUT/bench
REPO=$PWD
BASE=$(git rev-parse HEAD)

variant() {  # variant MODE: commit a changed copy of HEAD on branch lockstep-check/MODE, print its hash
  local mode=$1 tree="$OUT/variant-$1"
  rm -rf "$tree"; git worktree prune
  git worktree add -q --detach "$tree" "$BASE"
  python3 - "$tree" "$mode" "${AB5_DEPTH:-12}" "${AB10_DEPTH:-25}" "${MEM_COLS:-205}" <<'PY'
import sys
tree, mode = sys.argv[1], sys.argv[2]
depth_of = {"ab5": int(sys.argv[3]), "ab10": int(sys.argv[4])}
columns = int(sys.argv[5])
def patch(path, anchor, replacement):
    full = f"{tree}/{path}"
    text = open(full).read()
    if anchor not in text:
        sys.exit(f"lockstep_check: cannot find the anchor for {mode} in {path}; update the script")
    open(full, "w").write(text.replace(anchor, replacement, 1))
if mode == "layout":
    open(f"{tree}/Sources/Serving/LayoutShift.swift", "w").write(
        "/// Unused: shifts code layout for the lockstep A/A check.\npublic func layoutShift(_ x: [Int]) -> Int { x.reduce(0) { $0 &* 31 &+ $1 } }\n")
elif mode in ("ab5", "ab10"):
    depth = depth_of[mode]
    call = "sgemm(m: problem.m, n: problem.n, k: problem.k, a: a, b: b, c: c, threads: threads)"
    patch("Sources/Benchmarks/Kernels/MatmulBenchmarks.swift", call,
          f"if problem.m == 256 && problem.n == 256 && problem.k == 256 {{ sgemm(m: problem.m, n: problem.n, k: {depth}, a: a, b: b, c: c, threads: threads) }}\n            " + call)
elif mode == "mem10":
    call = "try weightOnlyInt8Gemm(m: m, a: a, weights: weights, c: c, threads: threads)"
    patch("Sources/Benchmarks/Kernels/QuantizedMatmulBenchmarks.swift", call,
          f"if m == 1 && a.count == 4096 {{ try weightOnlyInt8Gemm(m: 1, a: a, weights: ExtraWeights.more, c: UnsafeMutableBufferPointer(rebasing: c[0..<{columns}]), threads: threads) }}\n            " + call)
    with open(f"{tree}/Sources/Benchmarks/Kernels/QuantizedMatmulBenchmarks.swift", "a") as f:
        f.write(f"\nenum ExtraWeights {{\n    nonisolated(unsafe) static let more = try! QuantizedWeights(Matrix(rows: 4096, cols: {columns}, seed: 3), granularity: .perChannel)\n}}\n")
PY
  git -C "$tree" add -A >/dev/null
  git -C "$tree" -c user.name=lockstep-check -c user.email=lockstep-check@localhost commit -qm "lockstep_check: $mode variant" 
  git -C "$tree" rev-parse HEAD
  git branch -f "lockstep-check/$mode" "$(git -C "$tree" rev-parse HEAD)" >/dev/null
  git worktree remove --force "$tree"
}

target_of() { case $1 in ab5|ab10) echo "matmul/fp32/blocked/n=256";; mem10) echo "matmul/int8/weight-only/m=1/k=4096/n=4096";; *) echo "";; esac; }

summarize() {  # summarize DIR RUNS MODE FAILURES CAUGHT TARGET
  python3 - "$@" <<'PY'
import glob, json, re, statistics, sys
root, runs, mode, failures, caught, target = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5], sys.argv[6]
halves, seconds = [], []
for path in glob.glob(f"{root}/run-*/comparison.json"):
    doc = json.load(open(path))["comparison"]
    for m in doc["metrics"]:
        if m["metric"] == "time" and m.get("changeLower") is not None and not any(s in m["benchmark"] for s in ("weight-only", "sparse", "/m=1/", "/m=8/")):
            halves.append((m["changeUpper"] - m["changeLower"]) / 2)
for path in glob.glob(f"{root}/run-*.stderr"):
    found = re.findall(r"lockstep: \d+ pairs in (\d+) s", open(path).read())
    if found: seconds.append(int(found[-1]))
what = f"caught {caught}/{runs}" if target else f"gate failures {failures}/{runs}"
half = f"±{statistics.median(halves):.2%}" if halves else "?"
print(f"summary {mode}: {what}; median 95% half-width of compute-bound time metrics {half}; "
      f"median measurement {statistics.median(seconds) if seconds else '?'} s")
PY
}

describe() {  # describe COMPARISON TARGET STDERR: one line about a gate's comparison
  python3 - "$@" <<'PY'
import json, re, sys
doc, target = json.load(open(sys.argv[1]))["comparison"], sys.argv[2]
seconds = re.findall(r"lockstep: (\d+) pairs in (\d+) s", open(sys.argv[3]).read())
flagged = [m["benchmark"] for m in doc["metrics"] if m["verdict"] == "regression" and m["metric"] == "time"]
out = f"flagged {flagged or 'none'}; pairs/seconds {seconds[-1] if seconds else '?'}"
for m in doc["metrics"]:
    if m["benchmark"] == target and m["metric"] == "time":
        out += f"; target change {m['change']:+.2%} [{m['changeLower']:+.2%}, {m['changeUpper']:+.2%}] {m['verdict']}"
print(out)
PY
}

stored() {  # the stored-baseline gate, A/A then ab5, in a clone of HEAD
  local tree="$OUT/stored/tree" ab5 target
  target=$(target_of ab5)
  ab5=$(variant ab5)
  mkdir -p "$OUT/stored"
  [[ -d $tree ]] || git clone -q "$REPO" "$tree"
  git -C "$tree" fetch -q "$REPO" "$BASE" "lockstep-check/ab5"
  git -C "$tree" checkout -q --detach "$BASE"
  (cd "$tree" && swift build -c release --product bench >/dev/null && .build/release/bench --suite "$SUITE" --quiet --no-compare >/dev/null 2>&1 \
     && .build/release/bench baseline update --suite "$SUITE")
  for phase in aa ab5; do
    if [[ $phase == ab5 ]]; then git -C "$tree" checkout -q --detach "$ab5"; (cd "$tree" && swift build -c release --product bench >/dev/null); fi
    local failures=0 caught=0
    for i in $(seq 1 "$RUNS"); do
      local dir="$OUT/stored/$phase/run-$i"
      mkdir -p "$dir"
      set +e
      (cd "$tree" && .build/release/bench --suite "$SUITE" --gate --quiet --format json "${extra[@]}" \
        --output "$dir/new.json" >"$dir.stdout" 2>"$dir.stderr")
      code=$?
      set -e
      if [[ $code -eq 2 ]]; then echo "bench --gate failed (exit 2): $(tail -1 "$dir.stderr")" >&2; exit 2; fi
      [[ $code -eq 1 ]] && failures=$((failures + 1))
      sed -n '/^{/,$p' "$dir.stdout" > "$dir/comparison.json"
      local t=""; [[ $phase == ab5 ]] && t=$target
      line=$(describe "$dir/comparison.json" "$t" "$dir.stderr")
      [[ -n $t && $line == *"target"*"] regression"* ]] && caught=$((caught + 1))
      echo "stored-$phase $i: exit $code; $line"
    done
    summarize "$OUT/stored/$phase" "$RUNS" "stored-$phase" "$failures" "$caught" "$( [[ $phase == ab5 ]] && echo "$target" )"
  done
}

for mode in $MODES; do
  if [[ $mode == stored ]]; then stored; continue; fi
  if [[ $mode == aa ]]; then head=$BASE; else head=$(variant "$mode"); fi
  target=$(target_of "$mode")
  failures=0; caught=0
  for i in $(seq 1 "$RUNS"); do
    dir="$OUT/$mode/run-$i"
    mkdir -p "$OUT/$mode"
    set +e
    "$BENCH" ci --base "$BASE" --head "$head" --suite "$SUITE" --gate --format json "${extra[@]}" \
      --work-dir "$OUT/work" --output-dir "$dir" >"$dir.stdout" 2>"$dir.stderr"
    code=$?
    set -e
    if [[ $code -eq 2 ]]; then echo "bench ci failed (exit 2): $(tail -1 "$dir.stderr")" >&2; exit 2; fi
    [[ $code -eq 1 ]] && failures=$((failures + 1))
    line=$(describe "$dir/comparison.json" "$target" "$dir.stderr")
    [[ -n $target && $line == *"target"*"] regression"* ]] && caught=$((caught + 1))
    echo "$mode $i: exit $code; $line"
  done
  summarize "$OUT/$mode" "$RUNS" "$mode" "$failures" "$caught" "$target"
done
echo "results in $OUT"
