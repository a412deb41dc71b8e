#!/usr/bin/env bash
# The load generator's own send delay (p99 of how late requests that found an idle
# connection went out) at 1,000 and 10,000 req/s Poisson against `bench serve`, with the
# client threads at real-time priority (the default) and at normal priority (--no-realtime).
# Prints each run and the medians. REPEATS=5 DURATION=5 CONNECTIONS=64 PORT=18124 BENCH=path.
set -euo pipefail
cd "$(dirname "$0")/../.."
REPEATS=${REPEATS:-5} DURATION=${DURATION:-5} CONNECTIONS=${CONNECTIONS:-64} PORT=${PORT:-18124}
BENCH=${BENCH:-.build/release/bench}
[ -x "$BENCH" ] || swift build -c release
"$BENCH" serve --port "$PORT" > /tmp/send_delay_serve.log 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true' EXIT
sleep 1
echo "CPU: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"
for rate in 1000 10000; do
  for mode in realtime normal; do
    flags=(); [ "$mode" = normal ] && flags=(--no-realtime)
    values=()
    for i in $(seq "$REPEATS"); do
      json=$("$BENCH" load --target "http://127.0.0.1:$PORT" --rate "$rate" --duration "$DURATION" --warmup 0.5 \
        --connections "$CONNECTIONS" --seed "$i" --format json "${flags[@]}")
      v=$(python3 -c 'import json,sys; r=json.load(sys.stdin); print(r["sendDelay"]["p99"], r["latency"]["p99"], r["connectionWaits"], r["engineScheduling"])' <<< "$json")
      echo "rate $rate $mode run $i: send delay p99 / latency p99 ms, connection waits, scheduling: $v"
      values+=("$(cut -d' ' -f1 <<< "$v")")
    done
    median=$(printf '%s\n' "${values[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    echo "== rate $rate, $mode priority: send delay p99 median $median ms over $REPEATS runs"
  done
done
