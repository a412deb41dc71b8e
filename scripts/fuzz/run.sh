#!/usr/bin/env bash
# Builds the libFuzzer targets (each: the sources it tests plus its Fuzz*.swift entry,
# compiled by swiftc with -sanitize=fuzzer,address) and runs each for SECONDS
# (default 60), printing executions and whether it crashed. Findings (crash-*, leak-*)
# and the growing corpora stay in $FUZZ_DIR (default .build-fuzz/); seeds/<target>/
# starts each corpus. Exit status 1 when any target crashed.
#   scripts/fuzz/run.sh [SECONDS] [TARGET...]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
seconds=${1:-60}
shift || true
work=${FUZZ_DIR:-$root/.build-fuzz}
swiftc=${SWIFTC:-swiftc}

# The Serving targets link the HTTP and JSON sources of Serving (they depend on nothing else);
# ResultFile links the BenchKit files that decode and validate result files.
serving=("$root"/Sources/Serving/HTTP/*.swift "$root"/Sources/Serving/JSON/*.swift)
kit=("$root"/Sources/BenchKit/ResultFile.swift "$root"/Sources/BenchKit/Files/*.swift "$root"/Sources/BenchKit/Rendering/TerminalText.swift)
known=(HTTPRequestParser HTTPResponseParser JSONReader ResultFile)
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=("${known[@]}")

mkdir -p "$work"
status=0
for target in "${targets[@]}"; do
  [ -f "$here/Fuzz$target.swift" ] || { echo "error: unknown fuzz target '$target'; known: ${known[*]}" >&2; exit 2; }
  binary=$work/fuzz-$target
  if [ "$target" = ResultFile ]; then sources=("${kit[@]}"); else sources=("${serving[@]}"); fi
  # The linker's "Cannot export local symbol '__asan_...'" warnings are harmless: kept in the build log.
  if ! "$swiftc" -O -g -parse-as-library -sanitize=fuzzer,address -module-name "Fuzz$target" \
      "${sources[@]}" "$here/Fuzz$target.swift" -o "$binary" >"$work/build-$target.log" 2>&1; then
    grep -v 'Cannot export local symbol' "$work/build-$target.log" >&2
    exit 2
  fi
  corpus=$work/corpus-$target
  mkdir -p "$corpus" "$work/findings-$target"
  log=$work/fuzz-$target.log
  set +e
  "$binary" "$corpus" "$here/seeds/$target" -max_total_time="$seconds" -max_len=8192 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$work/findings-$target/" >"$log" 2>&1
  code=$?
  set -e
  runs=$(awk '/stat::number_of_executed_units/ {n = $2} END {print n}' "$log")
  if [ $code -eq 0 ]; then
    echo "$target: ${runs:-?} executions in ${seconds} s, no crash"
  else
    echo "$target: CRASH after ${runs:-?} executions (exit $code); see $log and $work/findings-$target/"
    status=1
  fi
done
exit $status
