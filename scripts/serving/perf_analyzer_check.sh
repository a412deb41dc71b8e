#!/usr/bin/env bash
# Cross-check: Triton's perf_analyzer (2.41, the last release shipped in the tritonclient
# wheel) against `bench serve`, unchanged: model config, binary infer requests, server-side
# statistics; concurrency mode, then request-rate mode with batch 4.
#
#   apt-get install -y libb64-0d gcc
#   scripts/serving/perf_analyzer_check.sh            # BENCH=.build/release/bench PORT=18131
#
# perf_analyzer links the CUDA runtime, which this machine lacks; a stand-in with the seven
# functions it imports (used only by its CUDA shared-memory mode, which is not used here)
# lets it load. Everything is built and installed under a temporary directory.
set -euo pipefail
cd "$(dirname "$0")/../.."
BENCH=${BENCH:-.build/release/bench} PORT=${PORT:-18131}
[ -x "$BENCH" ] || swift build -c release
WORK=$(mktemp -d)
SERVER=""
trap '[ -n "$SERVER" ] && kill $SERVER 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"' EXIT
python3 -m venv "$WORK/venv"
"$WORK/venv/bin/pip" install -q 'tritonclient[http]==2.41.0'
cat > "$WORK/stub.c" <<'C'
#include <stddef.h>
int cudaFree(void *p) { (void)p; return 100; }
const char *cudaGetErrorName(int e) { (void)e; return "cudaErrorNoDevice"; }
const char *cudaGetErrorString(int e) { (void)e; return "no CUDA device (stand-in runtime)"; }
int cudaIpcGetMemHandle(void *h, void *p) { (void)h; (void)p; return 100; }
int cudaMalloc(void **p, size_t n) { (void)p; (void)n; return 100; }
int cudaMemcpy(void *d, const void *s, size_t n, int k) { (void)d; (void)s; (void)n; (void)k; return 100; }
int cudaSetDevice(int d) { (void)d; return 100; }
C
echo 'libcudart.so.12 { global: *; };' > "$WORK/version.map"
cc -shared -fPIC -o "$WORK/libcudart.so.12" "$WORK/stub.c" -Wl,--version-script="$WORK/version.map" -Wl,-soname,libcudart.so.12
"$BENCH" serve --port "$PORT" > "$WORK/serve.log" 2>&1 &
SERVER=$!
sleep 1
PA=("$WORK/venv/bin/perf_analyzer" -u "127.0.0.1:$PORT" -i http --measurement-interval 2000)
export LD_LIBRARY_PATH="$WORK"
echo "CPU: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"
"${PA[@]}" -m mlp-fp32 --concurrency-range 1:4:3
"${PA[@]}" -m mlp-int8 -b 4 --request-rate-range 500
