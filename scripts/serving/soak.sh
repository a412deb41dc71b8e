#!/usr/bin/env bash
# Soak test of the reference server: `bench serve` (dynamic batching on, the default) takes
# REQUESTS requests (default 100000; the issue's figure is 1000000) from
# scripts/serving/soak_clients.py's mix of keep-alive, Connection: close, HTTP/1.0,
# pipelined, slow, large-body and never-reading clients. Samples the server's open descriptors
# (/proc/PID/fd) and resident memory every second and prints the figures. Fails (exit 1)
# when the server dies, an answer is wrong, or descriptors or memory keep growing: once
# the clients are done, descriptors must be back to the idle count, and RSS at the end
# must be within 25% (or 64 MB) of its value a tenth of the way in.
#   scripts/serving/soak.sh [REQUESTS] [WORKERS]
# Environment: BENCH (a built bench binary; default: build release into SCRATCH, default
# .build), PORT (default 18124).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
REQUESTS=${1:-100000}
WORKERS=${2:-4}
PORT=${PORT:-18124}
[[ "$REQUESTS" =~ ^[0-9]+$ && "$WORKERS" =~ ^[1-9][0-9]*$ ]] || {
    echo "soak.sh: REQUESTS and WORKERS must be whole numbers, got '$REQUESTS' '$WORKERS'; usage: soak.sh [REQUESTS] [WORKERS]" >&2; exit 2; }
if [ -z "${BENCH:-}" ]; then
    scratch=${SCRATCH:-$ROOT/.build}
    swift build -c release --package-path "$ROOT" --scratch-path "$scratch" --product bench 2>&1 | tail -1
    BENCH=$scratch/release/bench
fi
export BENCHKIT_MODELS="$ROOT/models"
work=$(mktemp -d)
SERVER_PID=""
cleanup() {
    if [ -n "$SERVER_PID" ]; then kill -TERM "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

"$BENCH" serve --port "$PORT" >"$work/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 100); do
    curl -sf "http://127.0.0.1:$PORT/v2/health/ready" >/dev/null && break
    sleep 0.1
done
fds() { { ls "/proc/$SERVER_PID/fd" 2>/dev/null || true; } | wc -l; }
rss_mb() { awk '/^VmRSS/ {printf "%.1f", $2 / 1024}' "/proc/$SERVER_PID/status" 2>/dev/null || true; }
idle_fds=$(fds)
echo "== soak: $REQUESTS requests, $WORKERS client processes, server pid $SERVER_PID (idle: $idle_fds fds, $(rss_mb) MB)"

python3 "$ROOT/scripts/serving/soak_clients.py" "$PORT" "$REQUESTS" "$WORKERS" >"$work/clients.out" 2>"$work/clients.err" &
CLIENTS=$!
while kill -0 "$CLIENTS" 2>/dev/null; do
    echo "$(date +%s) $(fds) $(rss_mb)" >>"$work/samples"
    sleep 1
done
clients_status=0
wait "$CLIENTS" || clients_status=$?
sleep 1.5   # lingering closes (at most 2 s) finish
alive=yes
kill -0 "$SERVER_PID" 2>/dev/null && curl -sf "http://127.0.0.1:$PORT/v2/health/ready" >/dev/null || alive=no
end_fds=$(fds)
end_rss=$(rss_mb)
samples=$(wc -l <"$work/samples")
early_rss=$(awk -v n="$samples" 'NR == int(n / 10) + 1 {print $3}' "$work/samples")
max_fds=$(awk 'BEGIN {m = 0} $2 > m {m = $2} END {print m}' "$work/samples")
max_rss=$(awk 'BEGIN {m = 0} $3 > m {m = $3} END {print m}' "$work/samples")

cat "$work/clients.err"
echo "clients:      $(cat "$work/clients.out")"
echo "server alive: $alive"
echo "descriptors:  idle $idle_fds, max $max_fds during, $end_fds after"
echo "RSS (MB):     ${early_rss:-?} at 10%, max $max_rss during, ${end_rss:-?} after"
grep -E "Fatal|overflow|failure" "$work/server.log" | head -3 || true

status=0
[ "$alive" = yes ] || { echo "FAIL: the server died or stopped answering"; status=1; }
[ "$clients_status" -eq 0 ] || { echo "FAIL: clients saw errors (exit $clients_status)"; status=1; }
[ "$alive" = no ] || [ "$end_fds" -le "$idle_fds" ] || { echo "FAIL: $end_fds descriptors open after the soak, $idle_fds when idle"; status=1; }
if [ "$alive" = yes ] && [ -n "$early_rss" ]; then
    awk -v e="$early_rss" -v f="$end_rss" 'BEGIN {exit !(f <= e * 1.25 || f <= e + 64)}' ||
        { echo "FAIL: RSS grew from $early_rss MB to $end_rss MB"; status=1; }
fi
[ $status -eq 0 ] && echo "PASS"
exit $status
