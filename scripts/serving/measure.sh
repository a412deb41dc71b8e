#!/usr/bin/env bash
# Measures the serving targets of issue 5 on this machine, release build, load generator
# on the same machine. Runs wrk and the BenchKit load generator side by side, alternating,
# REPEATS times, and prints medians and ratios:
#   1. infer throughput of the reference server (mlp-fp32, keep-alive, 32 connections):
#      wrk vs the BenchKit load generator (offline scenario), target >= 20,000 req/s
#   2. the same on a simple endpoint (GET /v2/health/live): load generator / wrk, target >= 0.8
#   3. open-loop Poisson latency at HALF_RATE (default 10,000 req/s): p99 target < 5 ms
#   4. latency agreement with independent clients at 1 connection (wrk --latency and
#      scripts/serving/single_stream.py) and 32 connections (wrk --latency)
#   5. batching on vs off, and model quality
# Needs wrk (apt-get install -y wrk), curl and python3. Environment: DURATION (s, default 10),
# REPEATS (default 3), HALF_RATE (default 10000), PORT (default 18123).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DURATION=${DURATION:-10}
REPEATS=${REPEATS:-3}
HALF_RATE=${HALF_RATE:-10000}
PORT=${PORT:-18123}

command -v wrk >/dev/null || { echo "measure.sh: wrk is missing; install it with: apt-get install -y wrk" >&2; exit 2; }
command -v curl >/dev/null || { echo "measure.sh: curl is missing; install it with: apt-get install -y curl" >&2; exit 2; }

echo "== building bench (release)"
swift build -c release --package-path "$ROOT" --product bench 2>&1 | tail -1
BENCH="$ROOT/.build/release/bench"
export BENCHKIT_MODELS="$ROOT/models"
# A field of `bench load --format json`'s report, e.g. `jf latency.p99` (milliseconds).
jf() { python3 -c 'import json, sys
value = json.load(sys.stdin)
for key in sys.argv[1].split("."): value = value[key]
print(value)' "$1"; }

SERVER_PID=""
stop_server() { if [ -n "$SERVER_PID" ]; then kill -INT "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""; fi; }
trap stop_server EXIT
start_server() {
    stop_server
    "$BENCH" serve --port "$PORT" "$@" >/dev/null &
    SERVER_PID=$!
    for _ in $(seq 100); do
        curl -sf "http://127.0.0.1:$PORT/v2/health/ready" >/dev/null && return 0
        sleep 0.1
    done
    echo "measure.sh: the server did not become ready on port $PORT" >&2
    exit 1
}

URL="http://127.0.0.1:$PORT"
INFER="$URL/v2/models/mlp-fp32/infer"
LUA="$ROOT/scripts/serving/infer.lua"
median() { sort -g | awk '{a[NR]=$1} END {if (NR==0) print "nan"; else if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
field() { grep -o "$1=[0-9.]*" | head -1 | cut -d= -f2; }
wrk_rate() { awk '/Requests\/sec/ {print $2}'; }
# wrk --latency prints e.g. "     99%    1.23ms"; converts the given percentile line to ms.
wrk_ms() {
    awk -v p="$1%" '$1 == p {v=$2; u=v; gsub(/[0-9.]/, "", u); gsub(/[a-z]/, "", v);
        f = (u == "us") ? 0.001 : (u == "ms") ? 1 : (u == "s") ? 1000 : (u == "m") ? 60000 : 1; print v * f}'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "nan" }'; }

declare -a WRK_INFER OURS_INFER WRK_LIVE OURS_LIVE HALF_P50 HALF_P99 HALF_RATE_ACH WRK_C32_P50 WRK_C32_P99 OURS_C32_P50 OURS_C32_P99
declare -a WRK_C1_P50 WRK_C1_P99 OURS_C1_P50 OURS_C1_P99 PY_C1_P50 PY_C1_P99 NOBATCH_INFER HALF_SVC_P99 HALF_LAG_P99

start_server
echo "== server with dynamic batching (max 32, 100 us) on port $PORT; $REPEATS rounds of ${DURATION}s runs"
for round in $(seq "$REPEATS"); do
    out=$(wrk -t2 -c32 -d"${DURATION}s" --latency -s "$LUA" "$INFER")
    WRK_INFER+=("$(echo "$out" | wrk_rate)"); WRK_C32_P50+=("$(echo "$out" | wrk_ms 50)"); WRK_C32_P99+=("$(echo "$out" | wrk_ms 99)")
    out=$("$BENCH" load --target "$URL" --scenario offline --connections 32 --threads 2 --duration "$DURATION" --format json)
    OURS_INFER+=("$(echo "$out" | jf achievedRate)"); OURS_C32_P50+=("$(echo "$out" | jf serviceLatency.p50)"); OURS_C32_P99+=("$(echo "$out" | jf serviceLatency.p99)")
    WRK_LIVE+=("$(wrk -t2 -c32 -d"${DURATION}s" "$URL/v2/health/live" | wrk_rate)")
    OURS_LIVE+=("$("$BENCH" load --target "$URL" --path /v2/health/live --scenario offline --connections 32 --threads 2 --duration "$DURATION" --format json | jf achievedRate)")
    out=$(wrk -t1 -c1 -d"${DURATION}s" --latency -s "$LUA" "$INFER")
    WRK_C1_P50+=("$(echo "$out" | wrk_ms 50)"); WRK_C1_P99+=("$(echo "$out" | wrk_ms 99)")
    out=$("$BENCH" load --target "$URL" --scenario single-stream --duration "$DURATION" --format json)
    OURS_C1_P50+=("$(echo "$out" | jf latency.p50)"); OURS_C1_P99+=("$(echo "$out" | jf latency.p99)")
    out=$(python3 "$ROOT/scripts/serving/single_stream.py" "$PORT" "$DURATION")
    PY_C1_P50+=("$(echo "$out" | field p50)"); PY_C1_P99+=("$(echo "$out" | field p99)")
    echo "   round $round: wrk infer ${WRK_INFER[-1]}/s, loadgen infer ${OURS_INFER[-1]}/s, wrk live ${WRK_LIVE[-1]}/s, loadgen live ${OURS_LIVE[-1]}/s"
done

# Open loop on a fresh server, so its /metrics histogram holds only these requests.
start_server
for round in $(seq "$REPEATS"); do
    out=$("$BENCH" load --target "$URL" --scenario server --rate "$HALF_RATE" --connections 32 --threads 1 --duration "$DURATION" --seed "$round" --format json)
    HALF_P50+=("$(echo "$out" | jf latency.p50)"); HALF_P99+=("$(echo "$out" | jf latency.p99)"); HALF_RATE_ACH+=("$(echo "$out" | jf achievedRate)")
    HALF_SVC_P99+=("$(echo "$out" | jf serviceLatency.p99)"); HALF_LAG_P99+=("$(echo "$out" | jf sendDelay.p99)")
    echo "   open loop round $round: rate ${HALF_RATE_ACH[-1]}/s, p50 ${HALF_P50[-1]} ms, p99 ${HALF_P99[-1]} ms"
done
SERVER_WITHIN_5MS=$(curl -s "$URL/metrics" | awk -F'[ ]' '
    /^benchkit_request_duration_seconds_bucket\{endpoint="infer",le="0.005"\}/ {w=$2}
    /^benchkit_request_duration_seconds_count\{endpoint="infer"\}/ {n=$2}
    END { if (n > 0) printf "%.2f", 100 * w / n; else print "nan" }')

start_server --no-batching
for round in $(seq "$REPEATS"); do
    NOBATCH_INFER+=("$(wrk -t2 -c32 -d"${DURATION}s" -s "$LUA" "$INFER" | wrk_rate)")
done
stop_server

m() { printf '%s\n' "$@" | median; }
wi=$(m "${WRK_INFER[@]}"); oi=$(m "${OURS_INFER[@]}"); wl=$(m "${WRK_LIVE[@]}"); ol=$(m "${OURS_LIVE[@]}")
echo
echo "== results (medians of $REPEATS rounds, ${DURATION}s each; $(nproc) cores, load generator on the same machine)"
printf "infer throughput, wrk -t2 -c32 (batching on):      %8.0f req/s   (target >= 20000)\n" "$wi"
printf "infer throughput, wrk -t2 -c32 (batching off):     %8.0f req/s\n" "$(m "${NOBATCH_INFER[@]}")"
printf "infer throughput, loadgen offline c=32 t=2:        %8.0f req/s   loadgen/wrk = %s\n" "$oi" "$(ratio "$oi" "$wi")"
printf "GET /v2/health/live, wrk -t2 -c32:                 %8.0f req/s\n" "$wl"
printf "GET /v2/health/live, loadgen offline c=32 t=2:     %8.0f req/s   loadgen/wrk = %s (target >= 0.80)\n" "$ol" "$(ratio "$ol" "$wl")"
printf "open loop Poisson %s req/s (achieved %s): p50 %s ms, p99 %s ms (target p99 < 5)\n" "$HALF_RATE" "$(m "${HALF_RATE_ACH[@]}")" "$(m "${HALF_P50[@]}")" "$(m "${HALF_P99[@]}")"
printf "   of which: p99 from actual send %s ms, generator send lag p99 %s ms; server-side answers within 5 ms: %s%%\n" \
    "$(m "${HALF_SVC_P99[@]}")" "$(m "${HALF_LAG_P99[@]}")" "$SERVER_WITHIN_5MS"
printf "latency agreement, 1 connection:  wrk p50 %s / p99 %s ms; python client p50 %s / p99 %s ms; loadgen p50 %s / p99 %s ms\n" \
    "$(m "${WRK_C1_P50[@]}")" "$(m "${WRK_C1_P99[@]}")" "$(m "${PY_C1_P50[@]}")" "$(m "${PY_C1_P99[@]}")" \
    "$(m "${OURS_C1_P50[@]}")" "$(m "${OURS_C1_P99[@]}")"
printf "latency agreement, 32 connections: wrk p50 %s / p99 %s ms; loadgen p50 %s / p99 %s ms\n" \
    "$(m "${WRK_C32_P50[@]}")" "$(m "${WRK_C32_P99[@]}")" "$(m "${OURS_C32_P50[@]}")" "$(m "${OURS_C32_P99[@]}")"
printf "load average at the end: %s\n" "$(cut -d' ' -f1-3 /proc/loadavg)"
echo "model quality (held-out split):"
(cd "$ROOT" && "$BENCH" --suite serving --filter '^serving/model(/model=mlp-(int8|pruned))?$' --processes 1 --time-budget 0.01 \
    --no-compare --quiet --output "${TMPDIR:-/tmp}/benchkit-quality.json" 2>/dev/null | grep -E "accuracy|macro_f1")
