#!/usr/bin/env bash
# `bench load` against MLServer (sklearn runtime, a server nobody here wrote), with only
# flags, compared with wrk at the same settings (closed loop, same connections, same body).
#
#   python3 -m venv /tmp/mlserver-venv
#   /tmp/mlserver-venv/bin/pip install mlserver mlserver-sklearn 'uvloop<0.22'   # newer uvloop crash-loops the worker
#   apt-get install -y wrk
#   MLSERVER=/tmp/mlserver-venv/bin/mlserver scripts/serving/mlserver_compare.sh
#
# Both are closed loop with the same connections on one client thread, no warm-up inside
# the measured window (one uncounted wrk round first). Settings: ROUNDS=3 DURATION=10 CONNECTIONS=8 PORT=18130 BENCH=.build/release/bench;
# NICE=-10 runs MLServer and both clients at that nice level (root), ahead of other jobs.
# Prints each round, the medians and bench/wrk ratios, then runs every scenario once.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROUNDS=${ROUNDS:-3} DURATION=${DURATION:-10} CONNECTIONS=${CONNECTIONS:-8} PORT=${PORT:-18130}
BENCH=${BENCH:-.build/release/bench}
MLSERVER=${MLSERVER:-mlserver}
NICE=${NICE:-0}
RUN=(nice -n "$NICE")
PYTHON=${PYTHON:-$(dirname "$(command -v "$MLSERVER")")/python}
[ -x "$BENCH" ] || swift build -c release
command -v wrk > /dev/null || { echo "wrk is needed: apt-get install -y wrk" >&2; exit 2; }

WORK=$(mktemp -d)
trap 'kill $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true; rm -rf "$WORK"' EXIT
SERVER=""
mkdir -p "$WORK/models/iris"
# A small scikit-learn classifier (logistic regression on iris, 4 features), as MLServer's examples use.
"$PYTHON" - "$WORK/models/iris/model.joblib" <<'PY'
import sys, joblib
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression
X, y = load_iris(return_X_y=True)
joblib.dump(LogisticRegression(max_iter=500).fit(X, y), sys.argv[1])
PY
cat > "$WORK/models/iris/model-settings.json" <<EOF
{"name": "iris", "implementation": "mlserver_sklearn.SKLearnModel", "parameters": {"uri": "./model.joblib", "version": "v1"}}
EOF
cat > "$WORK/models/settings.json" <<EOF
{"http_port": $PORT, "grpc_port": $((PORT + 1)), "metrics_port": $((PORT + 2)), "debug": false}
EOF
"${RUN[@]}" "$MLSERVER" start "$WORK/models" > "$WORK/mlserver.log" 2>&1 &
SERVER=$!
URL="http://127.0.0.1:$PORT"
for _ in $(seq 120); do
  curl -sf "$URL/v2/models/iris/ready" > /dev/null 2>&1 && break
  sleep 0.5
done
curl -sf "$URL/v2/models/iris/ready" > /dev/null || { tail -20 "$WORK/mlserver.log" >&2; echo "MLServer did not become ready" >&2; exit 2; }
echo "CPU: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "MLServer metadata inputs: $(curl -s "$URL/v2/models/iris" | "$PYTHON" -c 'import json,sys; print(json.load(sys.stdin).get("inputs"))')"

# The same request body for both tools.
BODY='{"inputs":[{"name":"input-0","shape":[1,4],"datatype":"FP32","data":[5.1,3.5,1.4,0.2]}]}'
echo "{\"data\": [{\"input-0\": [5.1, 3.5, 1.4, 0.2]}]}" > "$WORK/input.json"
cat > "$WORK/post.lua" <<EOF
wrk.method = "POST"
wrk.body = '$BODY'
wrk.headers["Content-Type"] = "application/json"
EOF
LOAD=("${RUN[@]}" "$BENCH" load --target "$URL" --model iris --input input-0:1x4:FP32 --input-data "$WORK/input.json")

# wrk's "Requests/sec", p50 and p99 (ms) from its --latency output.
wrk_figures() {
  "$PYTHON" -c '
import re, sys
text = sys.stdin.read()
def ms(v, unit): return float(v) * {"us": 1e-3, "ms": 1.0, "s": 1e3}[unit]
p = {q: ms(*re.search(r"\b" + q + r"%\s+([\d.]+)(us|ms|s)\b", text).groups()) for q in ("50", "99")}
print(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1), p["50"], p["99"])'
}
bench_figures() {
  "$PYTHON" -c 'import json,sys; r=json.load(sys.stdin); print(r["achievedRate"], r["serviceLatency"]["p50"], r["serviceLatency"]["p99"], r["errors"])'
}

: > "$WORK/wrk.txt"; : > "$WORK/bench.txt"
run_wrk() { "${RUN[@]}" wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$WORK/post.lua" "$URL/v2/models/iris/infer" | wrk_figures; }
run_bench() { "${LOAD[@]}" --scenario offline --connections "$CONNECTIONS" --duration "$DURATION" --warmup 0 --format json | bench_figures; }
run_wrk > /dev/null  # warm-up round, not counted
# The order alternates between rounds, so a drift in the machine's load favours neither tool.
for round in $(seq "$ROUNDS"); do
  if (( round % 2 )); then w=$(run_wrk); b=$(run_bench); else b=$(run_bench); w=$(run_wrk); fi
  echo "round $round: wrk req/s p50 p99 = $w | bench load req/s p50 p99 errors = $b"
  echo "$w" >> "$WORK/wrk.txt"; echo "$b" >> "$WORK/bench.txt"
done
"$PYTHON" - "$WORK/wrk.txt" "$WORK/bench.txt" <<'PY'
import statistics, sys
w = [list(map(float, l.split())) for l in open(sys.argv[1]) if l.strip()]
b = [list(map(float, l.split())) for l in open(sys.argv[2]) if l.strip()]
for i, name in enumerate(["throughput req/s", "p50 ms", "p99 ms"]):
    mw, mb = statistics.median(r[i] for r in w), statistics.median(r[i] for r in b)
    # Each round runs the two tools back to back, so the round's ratio cancels most of the
    # machine's drift between rounds; its median is the figure to judge agreement by.
    paired = statistics.median(rb[i] / rw[i] for rw, rb in zip(w, b))
    print(f"median {name}: wrk {mw:.3f}, bench load {mb:.3f}, ratio of medians {mb / mw:.3f}, median of round ratios {paired:.3f}")
PY

echo "-- every scenario against MLServer, flags only --"
for args in "--scenario single-stream" "--scenario server --rate 200" "--scenario server --rate 100:300:100 --arrival constant" \
            "--scenario offline --connections $CONNECTIONS" "--scenario sweep --levels 1:8:4" \
            "--scenario max-rate --latency-ms 50 --search-steps 3" "--scenario max-concurrency --levels 1:16:1 --latency-ms 30 --search-steps 3" \
            "--scenario server --rate 200 --binary"; do
  set +e
  out=$("${LOAD[@]}" $args --duration 2 --warmup 0.5 --min-queries 100 2>&1)
  status=$?
  set -e
  echo "bench load $args -> exit $status: $(grep -E '^[a-z-]+:' <<< "$out" | tail -1 | cut -c1-220)"
done
